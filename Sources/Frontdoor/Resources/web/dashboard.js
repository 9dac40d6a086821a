// The results of one session (GET /results/{id}): the summary, charts, and per answer the video
// with its evidence timeline, transcripts, scores and measurements, and the reviewer's notes.
// Everything shown is a measurement of the recorded answers; a person decides.
"use strict";

/// The page's one state: which session, its results, and per answer what review.js updates.
const dashboard = { sessionId: "", results: null, review: null, questions: [] };

// ---- Loading ----

async function startDashboard() {
  const id = queryParameter("session");
  document.getElementById("print-button").addEventListener("click", () => window.print());
  if (!isSessionId(id)) {
    showFatal("This address names no session. Open a session from the history.");
    return;
  }
  dashboard.sessionId = id;
  document.title = "Session " + id.slice(0, 8) + " · Interview assessment";
  await loadResults();
}

async function loadResults() {
  try {
    const results = await fetchJSON("/results/" + encodeURIComponent(dashboard.sessionId));
    renderDashboard(results);
    markReady();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && /^Results not found/.test(error.detail)) {
      await waitForResults(error.detail);
    } else {
      showFatal(errorText(error));
    }
  }
}

/// No results yet: if the session is still being processed, show its progress and load the
/// results once it completes; otherwise say why there are none.
async function waitForResults(detail) {
  markError(detail);
  const slot = document.getElementById("dashboard");
  const view = createStatusView();
  replaceChildren(slot, el("section", { class: "panel" },
    el("h1", null, "Results are not ready yet"),
    el("p", { class: "muted" }, detail),
    el("p", null, "The session is still being processed. This page shows the results by itself when they are ready.")),
    view.root);
  document.body.dataset.processing = "true";
  const status = await watchSession(dashboard.sessionId, view, Date.now());
  delete document.body.dataset.processing;
  if (status.status === "completed") await loadResults();
  else showFatal("Processing failed: " + (status.error || "unknown error"));
}

function showFatal(message) {
  replaceChildren(document.getElementById("dashboard"),
    el("section", { class: "panel" }, el("h1", null, "No results to show"),
      el("div", { class: "error-box", role: "alert", id: "dashboard-error" }, message),
      el("p", null, el("a", { href: "/history.html" }, "Back to the history"))));
  markError(message);
}

// ---- The whole page ----

function renderDashboard(results) {
  dashboard.results = results;
  dashboard.questions = (results.content || []).map((item, index) => ({
    item, position: index + 1, findings: collectFindings(item.result),
  }));
  const questionSections = dashboard.questions.map(renderQuestion);
  replaceChildren(document.getElementById("dashboard"),
    renderHeader(results),
    renderSummaryCards(results),
    renderConclusion(results),
    el("section", { class: "charts" },
      el("div", { id: "score-chart", class: "panel chart-panel" }),
      el("div", { id: "nonverbal-chart", class: "panel chart-panel" }, renderNonVerbalChart())),
    createReviewPanel(),
    questionSections.length ? questionSections : el("p", { class: "panel muted" }, "This session has no answers."),
    el("div", { class: "actions no-print end-actions" }, saveButton("save-review-bottom")));
  applyReview(results.review || null);
}

function renderHeader(results) {
  const meta = results.metadata || {};
  return el("header", { class: "session-header" },
    el("p", { class: "eyebrow" }, "Candidate"),
    el("h1", { id: "candidate-name" }, results.name || "(no name)"),
    el("dl", { class: "pairs inline" },
      labelledValue("Session", el("code", { id: "session-id" }, results.session || dashboard.sessionId)),
      labelledValue("Processed", formatDate(meta.processed_at), { id: "processed-at" }),
      labelledValue("Language", languageName(meta.language)),
      labelledValue("Videos", (isNumber(meta.successful_videos) ? meta.successful_videos : MISSING) + " of " +
        (isNumber(meta.total_videos) ? meta.total_videos : MISSING) + " processed")),
    isNumber(meta.failed_videos) && meta.failed_videos > 0
      ? el("p", { class: "notice" }, meta.failed_videos + " video(s) could not be processed; their reason is shown with the question.")
      : null);
}

/// The five headline cards. Each value element has a stable id for tests.
function renderSummaryCards(results) {
  const llm = results.llm_results || {};
  const cheating = results.aggregate_cheating_detection || {};
  const nonVerbal = results.aggregate_non_verbal_analysis || {};
  const scored = !(isNumber(llm.answers_assessed) && llm.answers_assessed === 0);
  const verdict = cheating.final_aggregate_verdict;
  return el("section", { class: "cards" },
    card("Final score", el("span", { id: "final-score", class: "big" }, scored ? formatNumber(llm.final_score_llm) : MISSING),
      scored ? el("span", { class: "unit" }, " / 100") : null,
      el("p", { class: "muted" }, scored ? "Mean total score of the answers (final_score_llm)" : "No answer could be scored"),
      el("p", { id: "reviewer-score", class: "reviewer-score" })),
    card("Logprobs confidence", el("span", { id: "llm-confidence", class: "big" }, formatPercent(llm.avg_logprobs_confidence)),
      el("p", { class: "muted" }, isNumber(llm.avg_logprobs_confidence) ? "How sure the model was of the scores it wrote" : "no logprobs")),
    card("Scored by", el("p", { id: "llm-model", class: "model-name" }, llm.llm_model || MISSING),
      llm.scorer === "rubric" ? el("p", { id: "scorer-note", class: "notice" }, "Scored by the rule-based rubric, not an LLM.") : null),
    card("Integrity check", el("span", { id: "cheating-verdict", class: ["big", "word", "verdict", verdictClass(verdict)] }, verdict || MISSING),
      el("p", { class: "muted" }, isNumber(cheating.avg_cheating_score)
        ? "Average cheating score " + formatPercent(cheating.avg_cheating_score) + " (share of analysed frames flagged)"
        : "No answer was checked")),
    card("Non-verbal", el("span", { id: "nonverbal-status", class: "big word" }, nonVerbal.overall_performance_status || MISSING),
      el("p", { class: "muted" }, isNumber(nonVerbal.overall_confidence_score)
        ? "Measurement confidence " + formatPercent(nonVerbal.overall_confidence_score)
        : "No answer was measured")));
}

function card(title, ...content) {
  return el("div", { class: "card" }, el("h2", { class: "card-title" }, title), ...content);
}

function renderConclusion(results) {
  const llm = results.llm_results || {};
  const cheating = results.aggregate_cheating_detection || {};
  const nonVerbal = results.aggregate_non_verbal_analysis || {};
  return el("section", { class: "panel conclusion" },
    el("h2", null, "Kesimpulan"),
    el("p", { id: "conclusion", class: "prewrap" }, llm.kesimpulan_llm || MISSING),
    llm.summary_logprobs_confidence ? el("p", { class: "muted" }, llm.summary_logprobs_confidence) : null,
    cheating.summary ? el("p", { class: "muted" }, el("strong", null, "Integrity: "), cheating.summary) : null,
    nonVerbal.summary ? el("p", { class: "muted" }, el("strong", null, "Non-verbal: "), nonVerbal.summary) : null,
    el("p", { id: "human-decides", class: "human-note" },
      "A human reviewer makes the decision. The scores and findings above are measurements of the recorded answers, to be checked against the videos; they describe the answers, not the person."));
}

// ---- Charts ----

/// Machine total score per answer, with the reviewer's score beside it once there is one.
/// Called again by review.js after a review is saved.
function renderScoreChart() {
  const slot = document.getElementById("score-chart");
  if (!slot) return;
  const categories = dashboard.questions.map((question) => "Q" + question.position);
  const series = [{ name: "Total score (machine)", className: "series-machine", values: dashboard.questions.map(machineTotal) }];
  const reviewed = dashboard.questions.map(reviewerScoreOf);
  if (reviewed.some(isNumber)) series.push({ name: "Reviewer's score", className: "series-reviewer", values: reviewed });
  replaceChildren(slot, groupedBarChart({ title: "Total score per answer (0–100)", categories, series }));
}

function machineTotal(question) {
  const penilaian = question.item.result && question.item.result.penilaian;
  return penilaian && isNumber(penilaian.total_score) ? penilaian.total_score : null;
}

function reviewerScoreOf(question) {
  const review = dashboard.review;
  const stored = review && (review.questions || []).find((one) => one.id === question.item.id);
  return stored && isNumber(stored.score) ? stored.score : null;
}

/// Delivery measurements that share a 0–100 scale, per answer.
function renderNonVerbalChart() {
  const pick = (read) => dashboard.questions.map((question) => {
    const analysis = question.item.result && question.item.result.non_verbal_analysis;
    const value = analysis ? read(analysis) : null;
    return isNumber(value) ? value : null;
  });
  return groupedBarChart({
    title: "Delivery measurements per answer (%)",
    format: (value) => value.toFixed(0),   // three bars per answer: whole percents fit above them
    categories: dashboard.questions.map((question) => "Q" + question.position),
    series: [
      { name: "Time speaking", className: "series-speaking", values: pick((a) => a.speech_analysis && a.speech_analysis.speaking_ratio * 100) },
      { name: "Eye contact", className: "series-eyes", values: pick((a) => a.eye_movement_analysis && a.eye_movement_analysis.eye_contact_percentage) },
      { name: "Measurement confidence", className: "series-confidence", values: pick((a) => a.non_verbal_confidence_score) },
    ],
  });
}

// ---- One answer ----

function renderQuestion(question) {
  const { item, position } = question;
  const result = item.result || {};
  const media = renderMedia(question, result);
  question.reviewDisplay = createReviewDisplay();
  question.reviewForm = createQuestionReview(question);
  return el("section", { class: "question panel", "data-id": item.id, id: "question-" + position },
    el("p", { class: "eyebrow" }, "Question " + position),
    el("h2", { class: "question-text" }, item.question || "(no question)"),
    item.error ? el("div", { class: "error-box item-error" },
      el("strong", null, "This video could not be processed"), item.error.stage ? " (stage: " + item.error.stage + ")" : "", ": ",
      item.error.message || "no reason given") : null,
    el("div", { class: ["question-grid", media.some(Boolean) ? null : "no-media"] },
      el("div", { class: "question-media" }, media),
      el("div", { class: "question-side" }, renderScores(question, result), renderIntegrity(result))),
    renderTranscripts(result),
    renderNonVerbal(result),
    renderVideoFacts(result),
    question.reviewForm.root);
}

/// The video (the server supports Range requests, so seeking works) and its evidence timeline.
function renderMedia(question, result) {
  const meta = result.metadata || {};
  let video = null;
  if (meta.video_file) {
    video = el("video", {
      class: "answer-video no-print", controls: true, preload: "metadata",
      src: "/videos/" + encodeURIComponent(dashboard.sessionId) + "/" + question.position,
    });
    video.addEventListener("error", () => {
      video.replaceWith(el("p", { class: "muted video-missing no-print" }, "This video cannot be played in the browser."));
    });
  }
  if (!result.cheating_detection) {
    question.timeline = null;
    return [video, question.item.error ? null : el("p", { class: "muted" }, "No integrity check for this answer.")];
  }
  question.timeline = createEvidenceTimeline({
    sessionId: dashboard.sessionId, findings: question.findings, durationSeconds: meta.duration || null, video,
  });
  return [video, el("h3", null, "Evidence timeline"), question.timeline.root];
}

function renderScores(question, result) {
  const penilaian = result.penilaian;
  const shown = question.reviewDisplay;
  const reviewerRow = el("tr", { class: "reviewer-row" }, el("th", { scope: "row" }, "Reviewer's score"), el("td", null, shown.score));
  if (!penilaian) {
    return el("div", { class: "scores" }, el("h3", null, "Penilaian"), el("p", { class: "muted" }, "Not scored by the machine."),
      el("table", { class: "score-table" }, el("tbody", null, reviewerRow)), shown.commentBlock);
  }
  const rows = [
    ["Kualitas jawaban", formatNumber(penilaian.kualitas_jawaban)],
    ["Koherensi", formatNumber(penilaian.koherensi)],
    ["Relevansi", formatNumber(penilaian.relevansi)],
  ].map(([label, value]) => el("tr", null, el("th", { scope: "row" }, label), el("td", null, value)));
  rows.push(el("tr", { class: "total" }, el("th", { scope: "row" }, "Total score"),
    el("td", null, el("span", { class: "total-score" }, formatNumber(penilaian.total_score)))));
  rows.push(reviewerRow);
  rows.push(el("tr", null, el("th", { scope: "row" }, "Logprobs confidence"),
    el("td", null, formatPercent(penilaian.logprobs_confidence), isNumber(penilaian.logprobs_confidence) ? null : el("span", { class: "muted" }, " no logprobs"))));
  return el("div", { class: "scores" },
    el("h3", null, "Penilaian"),
    el("table", { class: "score-table" }, el("tbody", null, rows)),
    el("p", { class: "muted small" }, "Scored by ", penilaian.llm_model || MISSING,
      penilaian.scorer === "rubric" ? " (the rule-based rubric, not an LLM)" : ""),
    el("h4", null, "Analisis"),
    el("p", { class: "analysis prewrap" }, penilaian.analisis_llm || MISSING),
    penilaian.note ? el("p", { class: "notice small" }, el("strong", null, "Note: "), penilaian.note) : null,
    shown.commentBlock);
}

/// Where the reviewer's score and comment on an answer appear, beside the machine's; review.js
/// fills them. The comment block is also what a printed report keeps of the comment.
function createReviewDisplay() {
  const comment = el("p", { class: "prewrap" });
  return {
    score: el("span", { class: "reviewer-value" }),
    comment,
    commentBlock: el("div", { class: "reviewer-comment", hidden: true }, el("h4", null, "Reviewer's comment"), comment),
  };
}

function renderIntegrity(result) {
  const cheating = result.cheating_detection;
  if (!cheating) return null;
  const visual = cheating.visual || {};
  const audio = cheating.audio || {};
  const issues = visual.issues_detected || [];
  return el("div", { class: "integrity" },
    el("h3", null, "Integrity check"),
    el("p", null, el("span", { class: ["verdict", "badge", verdictClass(cheating.final_verdict)] }, cheating.final_verdict || MISSING),
      " cheating score ", formatPercent(cheating.cheating_score)),
    issues.length ? el("ul", { class: "issues" }, issues.map((issue) => el("li", null, issue))) : el("p", { class: "muted" }, "No visual issue detected."),
    el("p", null, el("strong", null, "Audio: "), audio.details || MISSING,
      isNumber(audio.num_speakers_detected) ? " (" + audio.num_speakers_detected + " voice(s))" : ""));
}

/// Both transcripts; the one in the interview's language is the source, the other a translation
/// or a "[Translation not available: …]" notice, shown muted.
function renderTranscripts(result) {
  if (result.transkripsi_en === undefined && result.transkripsi_id === undefined) return null;
  const source = (result.metadata || {}).language;
  const block = (code, text) => {
    const unavailable = typeof text === "string" && text.startsWith("[Translation not available");
    const role = code === source ? "transcript" : "translation";
    return el("div", { class: "transcript" },
      el("h4", null, (code === "en" ? "Transkripsi EN" : "Transkripsi ID") + " · " + languageName(code) + " " + role),
      el("p", { class: ["prewrap", unavailable || !text ? "muted" : null], lang: code }, text || "(empty: no speech)"));
  };
  return el("div", { class: "transcripts" }, block("en", result.transkripsi_en), block("id", result.transkripsi_id));
}

/// Delivery measurements with the pipeline's labels for each (labels of measurements, not of the person).
function renderNonVerbal(result) {
  const analysis = result.non_verbal_analysis;
  if (!analysis) return null;
  const speech = analysis.speech_analysis || {};
  const face = analysis.facial_expression_analysis || {};
  const eyes = analysis.eye_movement_analysis || {};
  const withLabel = (value, label) => label ? value + " (" + label + ")" : value;
  return el("div", { class: "nonverbal" },
    el("h3", null, "Non-verbal measurements"),
    el("dl", { class: "pairs grid" },
      labelledValue("Speaking ratio", withLabel(formatNumber(speech.speaking_ratio, 2), speech.speaking_interpretation)),
      labelledValue("Speech rate", withLabel(formatNumber(speech.speech_rate_wpm, 0) + " wpm", speech.speech_interpretation)),
      labelledValue("Pauses", withLabel(isNumber(speech.num_pauses) ? String(speech.num_pauses) : MISSING, speech.pause_interpretation)),
      labelledValue("Smile intensity", withLabel(formatNumber(face.smile_intensity, 3), face.smile_interpretation)),
      labelledValue("Eyebrow movement", withLabel(formatNumber(face.eyebrow_movement, 3), face.eyebrow_interpretation)),
      labelledValue("Blink rate", withLabel(formatNumber(eyes.blink_rate_per_min, 1) + " /min", eyes.blink_interpretation)),
      labelledValue("Eye contact", withLabel(formatPercent(eyes.eye_contact_percentage), eyes.eye_contact_interpretation)),
      labelledValue("Measurement confidence", withLabel(formatPercent(analysis.non_verbal_confidence_score), analysis.performance_status))));
}

function renderVideoFacts(result) {
  const meta = result.metadata || {};
  const facts = [
    meta.source_file,
    isNumber(meta.duration) ? formatSeconds(meta.duration) : null,
    meta.width && meta.height ? meta.width + "×" + meta.height : null,
    meta.video_codec, meta.audio_codec,
    meta.model ? "speech recognition: " + meta.model : null,
    isNumber(meta.avg_confidence) ? "mean word probability " + formatPercent(meta.avg_confidence) : null,
  ].filter(Boolean);
  return facts.length ? el("p", { class: "muted small video-facts" }, facts.join(" · ")) : null;
}

document.addEventListener("DOMContentLoaded", startDashboard);
