// The history: every session the server holds (GET /sessions?q=…), newest first. Searching asks
// the server, 300 ms after the last key press; while a session is processing the list refreshes.
"use strict";

const SEARCH_DEBOUNCE_MS = 300;
const REFRESH_WHILE_PROCESSING_MS = 5000;

const historyPage = { request: 0, debounce: null, refresh: null };

function dashboardLink(sessionId) {
  return "/halaman_dasboard.html?session=" + encodeURIComponent(sessionId);
}

/// One table cell; `label` is what a phone shows before the value, where the table becomes cards.
function cell(label, ...content) {
  return el("td", { "data-label": label }, el("div", { class: "cell-value" }, ...content));
}

function statusBadge(status) {
  const names = { completed: "Completed", processing: "Processing", error: "Failed" };
  return el("span", { class: ["badge", "status-" + (names[status] ? status : "unknown")] }, names[status] || String(status || MISSING));
}

function sessionRow(session) {
  const link = session.status === "completed" || session.status === "processing" ? dashboardLink(session.session_id) : null;
  const name = session.candidate_name || "(no name)";
  const openText = session.status === "completed" ? "Open results" : session.status === "processing" ? "View progress" : null;
  return el("tr", { class: "session-row", "data-session": session.session_id, "data-status": session.status },
    cell("Candidate", link ? el("a", { href: link, class: "candidate-link" }, name) : el("span", { class: "candidate-link" }, name),
      el("div", { class: "muted small" }, (session.total_videos || 0) + " video(s)" + (session.language ? " · " + languageName(session.language) : ""))),
    cell("Date", formatDate(session.created_at)),
    cell("Status", statusBadge(session.status)),
    cell("Stage", session.status === "completed" ? MISSING : (STAGE_NAMES[session.stage] || session.stage || MISSING),
      session.message && session.status !== "completed" ? el("div", { class: "muted small" }, session.message) : null),
    cell("Final score", formatNumber(session.final_score_llm)),
    cell("Integrity", session.verdict ? el("span", { class: ["verdict", "badge", verdictClass(session.verdict)] }, session.verdict) : MISSING),
    cell("Non-verbal", session.performance_status || MISSING),
    cell("", openText ? el("a", { href: link, class: "button-link" }, openText) : null));
}

async function loadSessions() {
  const query = document.getElementById("history-search").value.trim();
  const request = ++historyPage.request;   // a slower, older answer must not overwrite a newer one
  clearTimeout(historyPage.refresh);
  try {
    const answer = await fetchJSON("/sessions" + (query ? "?q=" + encodeURIComponent(query) : ""));
    if (request !== historyPage.request) return;
    const sessions = answer.sessions || [];
    replaceChildren(document.getElementById("history-rows"), sessions.map(sessionRow));
    document.getElementById("history-status").textContent = sessions.length === 0
      ? (query ? "No session of a candidate named like “" + query + "”." : "No sessions yet. Upload one to start.")
      : sessions.length + " session(s)" + (query ? " matching “" + query + "”" : "") + ".";
    if (sessions.some((session) => session.status === "processing")) {
      historyPage.refresh = setTimeout(loadSessions, REFRESH_WHILE_PROCESSING_MS);
    }
    markReady();
  } catch (error) {
    if (request !== historyPage.request) return;
    document.getElementById("history-status").textContent = "The history cannot be loaded: " + errorText(error);
    markError(errorText(error));
  }
}

/// Keeps the search in the address, so a reload or a shared link shows the same list.
function rememberQuery(query) {
  const url = new URL(window.location.href);
  if (query) url.searchParams.set("q", query);
  else url.searchParams.delete("q");
  window.history.replaceState(null, "", url.pathname + url.search);
}

function startHistoryPage() {
  const search = document.getElementById("history-search");
  search.value = queryParameter("q");
  search.addEventListener("input", () => {
    clearTimeout(historyPage.debounce);
    historyPage.debounce = setTimeout(() => {
      rememberQuery(search.value.trim());
      loadSessions();
    }, SEARCH_DEBOUNCE_MS);
  });
  loadSessions();
}

document.addEventListener("DOMContentLoaded", startHistoryPage);
