// Reviewer notes: a person's own score and comment per answer, and findings they judge false,
// dismissed with a reason. Saved with POST /results/{session}/review and returned by the
// server under `review` in the results. The machine's numbers are never replaced: the reviewer's
// score is shown beside them, a dismissed finding stays visible, struck through.
"use strict";

/// The server's limits (ReviewRoutes.swift), so the form refuses what the server would.
const REVIEW_LIMITS = { reviewer: 100, comment: 5000, reason: 1000 };

const reviewState = { dirty: false, saving: false, panel: null };
const REVIEWER_STORAGE_KEY = "interview-assessment.reviewer";

/// The review panel at the top of the review: who reviews, the overall comment, Save.
function createReviewPanel() {
  const name = el("input", { id: "reviewer-name", type: "text", maxlength: String(REVIEW_LIMITS.reviewer), autocomplete: "name" });
  const overall = el("textarea", { id: "overall-comment", rows: "3", maxlength: String(REVIEW_LIMITS.comment) });
  const status = el("p", { id: "review-status", class: "muted", "aria-live": "polite" }, "Not reviewed yet.");
  const errors = el("div", { class: "error-box", role: "alert", hidden: true });
  const printed = el("div", { class: "print-only review-printed" });
  const root = el("section", { id: "review-panel", class: "panel review-panel" },
    el("h2", null, "Reviewer notes"),
    el("p", { class: "muted no-print" }, "Your own score and comment per answer, and findings you judge false. They are stored next to the machine's results, never in place of them."),
    el("div", { class: "field-row no-print" },
      el("label", { class: "field" }, "Reviewer name", name),
      el("label", { class: "field grow" }, "Overall comment", overall)),
    errors,
    el("div", { class: "actions no-print" }, saveButton("save-review"), status),
    printed);
  name.addEventListener("input", markReviewDirty);
  overall.addEventListener("input", markReviewDirty);
  reviewState.panel = { root, name, overall, status, errors, printed };
  return root;
}

function saveButton(id) {
  return el("button", { type: "button", id, class: "primary save-review", onclick: saveReview }, "Save review");
}

/// The per-answer part: score, comment, and a dismiss checkbox with a reason per finding.
function createQuestionReview(question) {
  const form = { dismissals: new Map() };
  form.score = el("input", { class: "review-score", type: "number", min: "0", max: "100", step: "any", inputmode: "decimal", placeholder: "0–100" });
  form.comment = el("textarea", { class: "review-comment", rows: "2", maxlength: String(REVIEW_LIMITS.comment) });
  const findings = question.findings.map((finding) => {
    const checkbox = el("input", { type: "checkbox", class: "dismiss-check" });
    const reason = el("input", { type: "text", class: "dismiss-reason", maxlength: String(REVIEW_LIMITS.reason), placeholder: "Why it is false", disabled: true });
    checkbox.addEventListener("change", () => { reason.disabled = !checkbox.checked; if (checkbox.checked) reason.focus(); });
    form.dismissals.set(finding.key, { finding, checkbox, reason });
    return el("li", { class: "dismiss-row" },
      el("label", null, checkbox, " Dismiss as false: ",
        el("span", { class: ["swatch", "ind-" + safeClassName(finding.indicator)] }), indicatorLabel(finding.indicator), ", ", timeRange(finding)),
      reason);
  });
  form.root = el("fieldset", { class: "question-review no-print" },
    el("legend", null, "Reviewer notes on this answer"),
    el("div", { class: "field-row" },
      el("label", { class: "field" }, "Reviewer's score (0–100)", form.score),
      el("label", { class: "field grow" }, "Comment", form.comment)),
    findings.length ? el("ul", { class: "dismiss-list" }, findings) : null);
  form.root.addEventListener("input", markReviewDirty);
  form.root.addEventListener("change", markReviewDirty);
  return form;
}

function markReviewDirty() {
  reviewState.dirty = true;
  reviewState.panel.status.textContent = "Unsaved changes.";
}

// ---- Reading the form ----

/// The body of POST /results/{session}/review, and the problems that stop it being sent.
function collectReview(questions) {
  const problems = [];
  const panel = reviewState.panel;
  const reviewer = panel.name.value.trim();
  if (!reviewer) problems.push("Reviewer name is required.");
  const body = { reviewer, overall_comment: panel.overall.value.trim(), questions: [] };
  questions.forEach((question) => {
    const form = question.reviewForm;
    const text = form.score.value.trim();
    const score = text === "" ? null : Number(text);
    if (form.score.validity.badInput || (score !== null && !(isNumber(score) && score >= 0 && score <= 100))) {
      problems.push("Question " + question.position + ": the score must be a number from 0 to 100.");
    }
    const dismissed = [];
    for (const { finding, checkbox, reason } of form.dismissals.values()) {
      if (!checkbox.checked) continue;
      if (!reason.value.trim()) problems.push("Question " + question.position + ": give a reason for dismissing " + indicatorLabel(finding.indicator) + " at " + formatSeconds(finding.start_s) + ".");
      dismissed.push({ indicator: finding.indicator, start_s: finding.start_s, reason: reason.value.trim() });
    }
    body.questions.push({ id: question.item.id, score, comment: form.comment.value.trim(), dismissed_findings: dismissed });
  });
  return { body, problems };
}

async function saveReview() {
  if (reviewState.saving) return;
  const panel = reviewState.panel;
  const { body, problems } = collectReview(dashboard.questions);
  showReviewErrors(problems);
  if (problems.length) return;
  reviewState.saving = true;
  setSaveButtonsDisabled(true);
  panel.status.textContent = "Saving…";
  try {
    const saved = await fetchJSON("/results/" + encodeURIComponent(dashboard.sessionId) + "/review", { json: body });
    reviewState.dirty = false;
    rememberReviewer(saved.reviewer);
    applyReview(saved);
  } catch (error) {
    showReviewErrors([errorText(error)]);
    panel.status.textContent = "Not saved.";
  } finally {
    reviewState.saving = false;
    setSaveButtonsDisabled(false);
  }
}

function setSaveButtonsDisabled(disabled) {
  for (const button of document.querySelectorAll(".save-review")) button.disabled = disabled;
}

function showReviewErrors(problems) {
  const box = reviewState.panel.errors;
  replaceChildren(box, problems.length ? el("ul", null, problems.map((text) => el("li", null, text))) : null);
  box.hidden = problems.length === 0;
  if (problems.length) box.scrollIntoView({ block: "center" });
}

// ---- Showing a stored review ----

/// Fills the forms from a stored review (or clears them for none) and shows it beside the
/// machine's results: scores, comments, dismissed findings, the score chart.
function applyReview(review) {
  dashboard.review = review || null;
  const panel = reviewState.panel;
  panel.name.value = review ? review.reviewer || "" : (panel.name.value || rememberedReviewer());
  panel.overall.value = review ? review.overall_comment || "" : "";
  panel.status.textContent = review
    ? "Saved by " + (review.reviewer || "a reviewer") + (review.updated_at ? " on " + formatDate(review.updated_at) : "") + "."
    : "Not reviewed yet.";
  replaceChildren(panel.printed, review
    ? [el("p", null, el("strong", null, "Reviewer: "), review.reviewer || MISSING,
        review.updated_at ? " (" + formatDate(review.updated_at) + ")" : ""),
       el("p", { class: "prewrap" }, el("strong", null, "Overall comment: "), review.overall_comment || MISSING)]
    : el("p", null, "Not reviewed yet."));

  for (const question of dashboard.questions) {
    const stored = review && (review.questions || []).find((one) => one.id === question.item.id);
    fillQuestionReview(question, stored || null);
  }
  showReviewerSummary(review);
  renderScoreChart();
}

function fillQuestionReview(question, stored) {
  const form = question.reviewForm;
  form.score.value = stored && isNumber(stored.score) ? String(stored.score) : "";
  form.comment.value = stored && stored.comment ? stored.comment : "";
  const dismissed = new Map(((stored && stored.dismissed_findings) || [])
    .map((one) => [findingKey(one.indicator, one.start_s), one]));
  for (const [key, { checkbox, reason }] of form.dismissals) {
    const dismissal = dismissed.get(key) || null;
    checkbox.checked = Boolean(dismissal);
    reason.disabled = !dismissal;
    reason.value = dismissal ? dismissal.reason || "" : "";
    if (question.timeline) question.timeline.setDismissal(key, dismissal);
  }

  const shown = question.reviewDisplay;
  shown.score.textContent = stored && isNumber(stored.score) ? formatNumber(stored.score) : "not scored";
  shown.score.classList.toggle("muted", !(stored && isNumber(stored.score)));
  shown.comment.textContent = stored && stored.comment ? stored.comment : "";
  shown.commentBlock.hidden = !(stored && stored.comment);
}

/// The reviewer's mean score next to the machine's final score in the header.
function showReviewerSummary(review) {
  const node = document.getElementById("reviewer-score");
  if (!node) return;
  const scores = ((review && review.questions) || []).map((one) => one.score).filter(isNumber);
  if (scores.length === 0) {
    node.textContent = review ? "Reviewer: no score given" : "Reviewer: not reviewed yet";
    return;
  }
  const mean = scores.reduce((sum, value) => sum + value, 0) / scores.length;
  node.textContent = "Reviewer: " + formatNumber(mean) + " (mean of " + scores.length + " of " + dashboard.questions.length + " answers)";
}

/// The last reviewer name saved in this browser, so a reviewer does not type it for every session.
/// Storage may be unavailable (private windows, policies): then the field simply starts empty.
function rememberedReviewer() {
  try { return window.localStorage.getItem(REVIEWER_STORAGE_KEY) || ""; } catch (_) { return ""; }
}

function rememberReviewer(name) {
  try { window.localStorage.setItem(REVIEWER_STORAGE_KEY, name || ""); } catch (_) { /* see above */ }
}

/// Unsaved notes are lost when the tab closes: ask first.
window.addEventListener("beforeunload", (event) => {
  if (reviewState.dirty) {
    event.preventDefault();
    event.returnValue = "";
  }
});
