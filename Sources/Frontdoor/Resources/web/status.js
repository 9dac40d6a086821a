// The progress view of a session being processed, shared by the upload page (after sending)
// and the dashboard (opened before the results exist). It polls GET /status/{id}.
"use strict";

const STATUS_POLL_MS = 1500;

/// "2/3" → {done: 2, total: 3}, or null.
function parseProgress(text) {
  const match = /^(\d+)\/(\d+)$/.exec(text || "");
  return match ? { done: Number(match[1]), total: Number(match[2]) } : null;
}

/// Builds the view; returns {root, show(status), setElapsed(seconds), setNote(text)}.
function createStatusView() {
  const stage = el("span", { class: "status-stage" }, "Waiting");
  const message = el("p", { class: "status-message" }, "Waiting for the server…");
  const bar = el("progress", { class: "status-bar", max: "1", value: "0" });
  const count = el("span", { class: "status-count" });
  const elapsed = el("span", { class: "status-elapsed" }, "00:00");
  const deferral = el("p", { class: "status-deferral notice", hidden: true });
  const note = el("p", { class: "status-note muted", hidden: true });
  const root = el("section", { class: "status-view panel", "aria-live": "polite" },
    el("div", { class: "status-head" }, stage, el("span", { class: "muted" }, "Elapsed ", elapsed)),
    message, el("div", { class: "status-progress" }, bar, count), deferral, note);

  function show(status) {
    stage.textContent = STAGE_NAMES[status.stage] || status.stage || "Queued";
    message.textContent = status.message || "";
    const progress = parseProgress(status.progress);
    if (progress && progress.total > 0) {
      bar.max = progress.total;
      bar.value = progress.done;
      count.textContent = "Video " + progress.done + " of " + progress.total;
    } else {
      bar.removeAttribute("value");   // an indeterminate bar: the stage has not said
      count.textContent = "";
    }
    showDeferral(deferral, status);
  }

  return {
    root,
    show,
    setElapsed(seconds) { elapsed.textContent = formatClock(seconds); },
    setNote(text) { note.textContent = text || ""; note.hidden = !text; },
  };
}

/// A session put off by an unusable service (wrong key, endpoint down) waits, it is not lost:
/// say why and when it is tried again.
function showDeferral(node, status) {
  if (!status.deferred_reason && !status.retry_at) {
    node.hidden = true;
    return;
  }
  const parts = ["Waiting for a service: " + (status.deferred_reason || "unavailable") + "."];
  if (status.retry_at) {
    const at = new Date(status.retry_at);
    parts.push("Next attempt at " + (Number.isNaN(at.getTime()) ? status.retry_at : at.toLocaleTimeString()) + ".");
  }
  parts.push("The session is kept and continues by itself.");
  node.textContent = parts.join(" ");
  node.hidden = false;
}

/// Polls the session's status into `view` until it is completed or failed, and resolves with
/// that last status. Elapsed time counts from `startedAt` (ms since epoch). A lost connection
/// is retried: the session goes on on the server whether we watch or not.
function watchSession(sessionId, view, startedAt) {
  const clock = setInterval(() => view.setElapsed((Date.now() - startedAt) / 1000), 1000);
  view.setElapsed((Date.now() - startedAt) / 1000);
  return new Promise((resolve) => {
    async function poll() {
      try {
        const status = await fetchJSON("/status/" + encodeURIComponent(sessionId));
        view.setNote("");
        if (status.status === "completed" || status.status === "error") {
          clearInterval(clock);
          resolve(status);
          return;
        }
        view.show(status);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          clearInterval(clock);
          resolve({ status: "error", error: error.detail });
          return;
        }
        view.setNote("Connection problem (" + errorText(error) + "); trying again…");
      }
      setTimeout(poll, STATUS_POLL_MS);
    }
    poll();
  });
}
