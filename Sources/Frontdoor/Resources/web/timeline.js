// The evidence timeline of one answer: every flagged interval of the integrity check drawn on a
// bar as long as the video, one lane per indicator. A band seeks the video to where the finding
// starts and shows its snapshot and the numbers behind it, so a reviewer can check each finding
// instead of trusting a verdict.
"use strict";

/// The indicators the cheat stage reports, in the order of their lanes. Labels say what was
/// measured, not what the candidate intended.
const INDICATORS = [
  { id: "face_missing", label: "Face not visible" },
  { id: "multiple_faces", label: "More than one face" },
  { id: "head_turned", label: "Head turned away" },
  { id: "eyes_off_screen", label: "Eyes off screen" },
  { id: "second_voice", label: "Second voice" },
];

/// What each `measure` of a finding is (OpenAPI, TimelineEntry).
const MEASURES = {
  face_count: "faces found in the frame",
  yaw_deg: "head turn, degrees from the usual pose",
  pitch_deg: "head tilt, degrees from the usual pose",
  gaze_h: "horizontal gaze offset, half eye widths from the usual place",
  gaze_v: "vertical gaze offset, half eye heights from the usual place",
  centroid_cosine: "similarity of the two voices (1 = same voice)",
};

function indicatorLabel(id) {
  const known = INDICATORS.find((indicator) => indicator.id === id);
  return known ? known.label : String(id);
}

/// The key a review uses to name a finding: its indicator and start (the server's DismissedFinding).
function findingKey(indicator, startSeconds) {
  return indicator + "@" + Number(startSeconds).toFixed(3);
}

/// Every finding of an answer, visual and audio, in time order.
function collectFindings(result) {
  const cheating = (result && result.cheating_detection) || {};
  const entries = [];
  for (const source of ["visual", "audio"]) {
    const timeline = (cheating[source] && cheating[source].timeline) || [];
    for (const entry of timeline) entries.push(Object.assign({ source, key: findingKey(entry.indicator, entry.start_s) }, entry));
  }
  return entries.sort((a, b) => a.start_s - b.start_s);
}

/// The URL of a finding's snapshot: `evidence/1/2.jpg` in the session is served at
/// /evidence/{session}/1/2.jpg. Anything not of that form is not fetched.
function snapshotURL(sessionId, snapshot) {
  const match = /^evidence\/(\d+)\/(\d+)\.jpg$/.exec(snapshot || "");
  if (!match) return null;
  return "/evidence/" + encodeURIComponent(sessionId) + "/" + match[1] + "/" + match[2] + ".jpg";
}

function timeRange(finding) {
  return formatSeconds(finding.start_s) + " – " + formatSeconds(finding.end_s);
}

/// The numbers behind a finding, and what its measure is (the detail box).
function findingNumbers(finding) {
  const pairs = [
    labelledValue("Measure", finding.measure || MISSING),
    labelledValue("Peak", isNumber(finding.peak) ? String(finding.peak) : MISSING),
    labelledValue("Threshold", isNumber(finding.threshold) ? String(finding.threshold) : MISSING),
    isNumber(finding.frames) ? labelledValue("Frames", String(finding.frames)) : null,
  ];
  return [el("dl", { class: "pairs numbers" }, pairs), measureNote(finding)];
}

/// The same numbers on one line, for the list under the timeline.
function findingNumbersLine(finding) {
  const parts = [(finding.measure || "measure") + " peak " + (isNumber(finding.peak) ? finding.peak : MISSING),
    "threshold " + (isNumber(finding.threshold) ? finding.threshold : MISSING)];
  if (isNumber(finding.frames)) parts.push(finding.frames + " frames");
  return [el("p", { class: "finding-numbers" }, parts.join(" · ")), measureNote(finding)];
}

function measureNote(finding) {
  return MEASURES[finding.measure] ? el("p", { class: "muted small measure-note" }, finding.measure + ": " + MEASURES[finding.measure]) : null;
}

/// Axis labels: seconds with a decimal for short answers (most are under a minute), m:ss beyond.
function formatAxisTime(seconds, duration) {
  if (duration >= 60) return formatClock(seconds);
  return seconds.toFixed(duration <= 20 ? 1 : 0) + " s";
}

/// Builds the timeline for one answer.
///   sessionId, findings (collectFindings), durationSeconds (may be null: then the video's own
///   duration, or the last finding's end, is used), video (the <video> element, or null).
/// Returns {root, select(key), setDismissal(key, dismissal or null)}.
function createEvidenceTimeline({ sessionId, findings, durationSeconds, video }) {
  const bands = new Map();
  const rows = new Map();
  const detail = el("div", { class: "finding-detail", hidden: true, "aria-live": "polite" });
  const playheads = [];
  const lanes = el("div", { class: "timeline-lanes" });
  const axis = el("div", { class: "timeline-axis" });
  const state = { duration: durationSeconds };

  function select(key) {
    const finding = findings.find((one) => one.key === key);
    if (!finding) return;
    for (const [other, band] of bands) band.classList.toggle("selected", other === key);
    for (const [other, row] of rows) row.classList.toggle("selected", other === key);
    if (video && isNumber(finding.start_s)) {
      video.currentTime = finding.start_s;
    }
    showFindingDetail(detail, sessionId, finding);
  }

  const present = lanesFor(findings);
  for (const indicator of present) {
    const track = el("div", { class: "lane-track" });
    for (const finding of findings.filter((one) => one.indicator === indicator.id)) {
      const band = el("button", {
        type: "button", class: ["timeline-band", "ind-" + safeClassName(finding.indicator)],
        "data-indicator": finding.indicator, "data-start": finding.start_s, "data-end": finding.end_s,
        title: indicatorLabel(finding.indicator) + ", " + timeRange(finding),
        "aria-label": indicatorLabel(finding.indicator) + " from " + timeRange(finding) + ": show evidence",
        onclick: () => select(finding.key),
      });
      bands.set(finding.key, band);
      track.appendChild(band);
    }
    const playhead = el("span", { class: "playhead", "aria-hidden": "true" });
    playheads.push(playhead);
    track.appendChild(playhead);
    lanes.appendChild(el("div", { class: "timeline-lane" }, el("span", { class: "lane-label" }, indicator.label), track));
  }
  if (present.length === 0) {
    lanes.appendChild(el("div", { class: "timeline-lane" }, el("span", { class: "lane-label muted" }, "No findings"),
      el("div", { class: "lane-track empty" })));
  }

  /// Places bands and axis once the length of the video is known (results, or the file itself).
  function layout() {
    const lastEnd = findings.reduce((longest, finding) => Math.max(longest, finding.end_s || 0), 0);
    const duration = state.duration || (video && isNumber(video.duration) ? video.duration : 0) || lastEnd || 1;
    for (const finding of findings) {
      const band = bands.get(finding.key);
      const start = Math.max(0, Math.min(duration, finding.start_s || 0));
      const end = Math.max(start, Math.min(duration, isNumber(finding.end_s) ? finding.end_s : start));
      // CSSOM, not a style attribute: the pages' Content-Security-Policy allows no inline styles.
      band.style.left = (100 * start / duration) + "%";
      band.style.width = (100 * (end - start) / duration) + "%";
    }
    replaceChildren(axis, [0, 0.25, 0.5, 0.75, 1].map((fraction) => {
      const tick = el("span", { class: "axis-tick" }, formatAxisTime(fraction * duration, duration));
      tick.style.left = (fraction * 100) + "%";
      return tick;
    }));
    state.layoutDuration = duration;
  }

  function movePlayhead() {
    const duration = state.layoutDuration || 1;
    const left = (100 * Math.min(duration, video.currentTime) / duration) + "%";
    for (const playhead of playheads) playhead.style.left = left;
  }

  layout();
  if (video) {
    video.addEventListener("loadedmetadata", () => { if (!state.duration) layout(); });
    video.addEventListener("timeupdate", movePlayhead);
  }

  /// A reviewer's dismissal (or null) shown on the finding's band, list row and open detail.
  function setDismissal(key, dismissal) {
    const finding = findings.find((one) => one.key === key);
    if (!finding) return;
    finding.dismissal = dismissal;
    showDismissal(bands.get(key), dismissal);
    showDismissal(rows.get(key), dismissal);
    if (detail.dataset.key === key) showDismissal(detail, dismissal);
  }

  const list = findingsList(sessionId, findings, rows, select);
  const root = el("div", { class: "evidence" },
    el("div", { class: "timeline" }, lanes, el("div", { class: "timeline-axis-row" }, el("span", { class: "lane-label" }), axis)),
    timelineLegend(), detail, list);
  return { root, select, setDismissal };
}

/// The lanes to draw: the known indicators that occur, in their order, then any unknown ones.
function lanesFor(findings) {
  const known = INDICATORS.filter((indicator) => findings.some((finding) => finding.indicator === indicator.id));
  const unknown = [...new Set(findings.map((finding) => finding.indicator))]
    .filter((id) => !INDICATORS.some((indicator) => indicator.id === id))
    .map((id) => ({ id, label: String(id) }));
  return known.concat(unknown);
}

/// Class names are built from indicator ids; keep them to safe characters whatever arrives.
function safeClassName(text) {
  return String(text).replace(/[^a-z0-9_-]/gi, "_");
}

function timelineLegend() {
  return el("ul", { class: "legend timeline-legend" },
    INDICATORS.map((indicator) => el("li", null, el("span", { class: ["swatch", "ind-" + indicator.id] }), indicator.label)),
    el("li", null, el("span", { class: "swatch dismissed-swatch" }), "Dismissed by the reviewer"));
}

function showFindingDetail(box, sessionId, finding) {
  const url = snapshotURL(sessionId, finding.snapshot);
  replaceChildren(box,
    url ? el("img", { class: "snapshot-large", src: url, alt: "Frame at " + formatSeconds(finding.start_s) + ": " + indicatorLabel(finding.indicator) })
        : el("p", { class: "muted snapshot-missing" }, finding.source === "audio" ? "An audio finding has no picture." : "No snapshot."),
    el("div", null,
      el("h4", null, indicatorLabel(finding.indicator), " · ", timeRange(finding)),
      findingNumbers(finding),
      el("p", { class: "finding-dismissal" })));
  box.dataset.key = finding.key;
  box.hidden = false;
  showDismissal(box, finding.dismissal);
}

/// The table of findings under the timeline: every finding with its snapshot and numbers. It is
/// what a printed report keeps of the evidence.
function findingsList(sessionId, findings, rows, select) {
  if (findings.length === 0) return el("p", { class: "muted" }, "The integrity check flagged nothing in this answer.");
  const list = el("ol", { class: "findings-list" });
  for (const finding of findings) {
    const url = snapshotURL(sessionId, finding.snapshot);
    const row = el("li", { class: "finding-row", "data-indicator": finding.indicator, "data-start": finding.start_s },
      el("button", { type: "button", class: "finding-open", onclick: () => select(finding.key) },
        el("span", { class: ["swatch", "ind-" + safeClassName(finding.indicator)] }),
        el("span", { class: "finding-title" }, indicatorLabel(finding.indicator)),
        el("span", { class: "muted" }, timeRange(finding))),
      url ? el("img", { class: "snapshot-thumb", src: url, alt: "Snapshot at " + formatSeconds(finding.start_s) }) : null,
      findingNumbersLine(finding),
      el("p", { class: "finding-dismissal", hidden: true }));
    rows.set(finding.key, row);
    list.appendChild(row);
  }
  return list;
}

/// Shows or clears a reviewer's dismissal on a band, a list row or the detail box. A dismissed
/// finding stays visible (struck through, with the reason): the machine's evidence is never hidden.
function showDismissal(node, dismissal) {
  node.classList.toggle("dismissed", Boolean(dismissal));
  const note = node.querySelector(".finding-dismissal");
  if (note) {
    note.textContent = dismissal ? "Dismissed by the reviewer as false: " + dismissal.reason : "";
    note.hidden = !dismissal;
  }
}
