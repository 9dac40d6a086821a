// The upload page: a candidate's answers as video files (POST /upload, multipart, sent with
// XMLHttpRequest because fetch cannot report upload progress) or as Google Drive links
// (POST /upload_json); then the session's progress until the dashboard can open.
"use strict";

/// Used until GET /config answers, and if it cannot: the server's documented defaults.
const DEFAULT_LIMITS = { max_videos: 5, max_video_bytes: 500 * 1024 * 1024, languages: ["en", "id"] };

const uploadPage = {
  limits: DEFAULT_LIMITS,
  mode: "files",        // "files" or "links"
  rows: { files: [], links: [] },
  request: null,        // the XMLHttpRequest while a file upload runs
};

// ---- Answer rows ----

/// One answer given as a file: its question, and a drop zone that also opens a file picker.
function createFileRow() {
  const row = { file: null };
  row.question = el("textarea", { class: "answer-question", rows: "2", maxlength: "2000", placeholder: "The question the candidate answered" });
  row.info = el("span", { class: "file-info muted" }, "No file chosen");
  row.picker = el("input", { type: "file", accept: "video/*", class: "visually-hidden", onchange: () => setRowFile(row, row.picker.files[0]) });
  row.error = el("p", { class: "row-error", hidden: true });
  row.zone = el("div", { class: "drop-zone" },
    el("span", null, "Drop the video here, or "),
    el("label", { class: "file-pick" }, "choose a file", row.picker),
    el("div", null, row.info));
  acceptDroppedFiles(row);
  row.root = answerRowShell(row, el("label", { class: "field" }, "Question", row.question), row.zone);
  return row;
}

/// One answer given as a Drive link.
function createLinkRow() {
  const row = {};
  row.question = el("textarea", { class: "answer-question", rows: "2", maxlength: "2000", placeholder: "The question the candidate answered" });
  row.url = el("input", { class: "answer-url", type: "url", placeholder: "https://drive.google.com/file/d/…/view", autocomplete: "off" });
  row.error = el("p", { class: "row-error", hidden: true });
  row.root = answerRowShell(row, el("label", { class: "field" }, "Question", row.question),
    el("label", { class: "field" }, "Video link (shared publicly)", row.url));
  return row;
}

/// The frame both kinds of row share: a heading with the answer's number and a remove button.
function answerRowShell(row, ...fields) {
  row.title = el("h3", { class: "answer-title" });
  const remove = el("button", { type: "button", class: "link-button", onclick: () => removeRow(row) }, "Remove");
  row.remove = remove;
  return el("div", { class: "answer-row" }, el("div", { class: "answer-head" }, row.title, remove), ...fields, row.error);
}

/// Drag and drop onto a row. Several files dropped at once fill this row and new rows after it.
function acceptDroppedFiles(row) {
  row.zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    row.zone.classList.add("dragging");
  });
  row.zone.addEventListener("dragleave", () => row.zone.classList.remove("dragging"));
  row.zone.addEventListener("drop", (event) => {
    event.preventDefault();
    row.zone.classList.remove("dragging");
    const files = Array.from(event.dataTransfer.files || []);
    if (files.length === 0) return;
    setRowFile(row, files[0]);
    for (const extra of files.slice(1)) {
      if (uploadPage.rows.files.length >= uploadPage.limits.max_videos) break;
      setRowFile(addRow(), extra);
    }
  });
}

function setRowFile(row, file) {
  row.file = file || null;
  row.info.textContent = file ? file.name + " · " + formatSize(file.size) : "No file chosen";
  row.zone.classList.toggle("has-file", Boolean(file));
  showRowError(row, file ? fileProblem(file) : "");
}

function fileProblem(file) {
  if (file.size > uploadPage.limits.max_video_bytes) {
    return file.name + " is " + formatSize(file.size) + ": the limit is " + formatSize(uploadPage.limits.max_video_bytes) + ".";
  }
  if (file.size === 0) return file.name + " is empty.";
  return "";
}

function showRowError(row, text) {
  row.error.textContent = text;
  row.error.hidden = !text;
  row.root.classList.toggle("invalid", Boolean(text));
}

function addRow() {
  const rows = uploadPage.rows[uploadPage.mode];
  const row = uploadPage.mode === "files" ? createFileRow() : createLinkRow();
  rows.push(row);
  document.getElementById("answers-" + uploadPage.mode).appendChild(row.root);
  renumberRows();
  return row;
}

function removeRow(row) {
  const rows = uploadPage.rows[uploadPage.mode];
  rows.splice(rows.indexOf(row), 1);
  row.root.remove();
  renumberRows();
}

/// Titles, the remove buttons (never below one answer) and the add button (never above the limit).
function renumberRows() {
  const rows = uploadPage.rows[uploadPage.mode];
  rows.forEach((row, index) => {
    row.title.textContent = "Answer " + (index + 1);
    row.remove.hidden = rows.length === 1;
  });
  document.getElementById("add-answer").disabled = rows.length >= uploadPage.limits.max_videos;
  document.getElementById("answer-count").textContent = rows.length + " of at most " + uploadPage.limits.max_videos;
}

function switchMode(mode) {
  uploadPage.mode = mode;
  for (const name of ["files", "links"]) {
    const tab = document.getElementById("tab-" + name);
    tab.setAttribute("aria-selected", String(name === mode));
    document.getElementById("answers-" + name).hidden = name !== mode;
  }
  if (uploadPage.rows[mode].length === 0) addRow();
  renumberRows();
  showFormErrors([]);
}

// ---- Checks before sending (the server checks again; these only save a wasted upload) ----

/// The problems of the form as it is, one sentence each; rows get their own message too.
function formProblems() {
  const problems = [];
  if (!document.getElementById("candidate-name-input").value.trim()) problems.push("Candidate name is required.");
  const rows = uploadPage.rows[uploadPage.mode];
  if (rows.length < 1) problems.push("Add at least one answer.");
  if (rows.length > uploadPage.limits.max_videos) problems.push("At most " + uploadPage.limits.max_videos + " answers per session.");
  rows.forEach((row, index) => {
    const rowProblems = [];
    if (!row.question.value.trim()) rowProblems.push("a question");
    if (uploadPage.mode === "files" && !row.file) rowProblems.push("a video file");
    if (uploadPage.mode === "links" && !row.url.value.trim()) rowProblems.push("a video link");
    const sentences = rowProblems.length ? ["Needs " + rowProblems.join(" and ") + "."] : [];
    if (uploadPage.mode === "files" && row.file && fileProblem(row.file)) sentences.push(fileProblem(row.file));
    const text = sentences.join(" ");
    showRowError(row, text);
    if (text) problems.push("Answer " + (index + 1) + ": " + text);
  });
  return problems;
}

function showFormErrors(problems) {
  const box = document.getElementById("form-errors");
  replaceChildren(box, problems.length ? el("ul", null, problems.map((text) => el("li", null, text))) : null);
  box.hidden = problems.length === 0;
}

// ---- Sending ----

function submitForm(event) {
  event.preventDefault();
  const problems = formProblems();
  showFormErrors(problems);
  if (problems.length) return;
  setFormBusy(true);
  const send = uploadPage.mode === "files" ? sendFiles : sendLinks;
  send().then(startWatching, (error) => {
    setFormBusy(false);
    showFormErrors([errorText(error)]);
  });
}

function setFormBusy(busy) {
  for (const control of document.querySelectorAll("#upload-form input, #upload-form textarea, #upload-form select, #upload-form button")) {
    control.disabled = busy;
  }
  if (!busy) renumberRows();
}

function candidateFields() {
  return {
    name: document.getElementById("candidate-name-input").value.trim(),
    language: document.getElementById("language").value,
  };
}

/// POST /upload with every file; resolves with the server's answer ({session_id, …}).
function sendFiles() {
  const fields = candidateFields();
  const form = new FormData();
  form.append("candidate_name", fields.name);
  form.append("language", fields.language);
  for (const row of uploadPage.rows.files) form.append("question", row.question.value.trim());
  for (const row of uploadPage.rows.files) form.append("videos", row.file, row.file.name);

  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    uploadPage.request = request;
    request.open("POST", "/upload");
    if (storedApiKey()) request.setRequestHeader("X-API-Key", storedApiKey());
    request.responseType = "text";
    request.upload.addEventListener("progress", (event) => showUploadProgress(event.loaded, event.lengthComputable ? event.total : 0));
    request.addEventListener("load", () => {
      uploadPage.request = null;
      document.getElementById("upload-progress").hidden = true;
      const body = parseJSONOrNull(request.responseText);
      if (request.status >= 200 && request.status < 300 && body && body.session_id) resolve(body);
      else reject(new ApiError(request.status, (body && body.detail) || "Upload failed (HTTP " + request.status + ")"));
    });
    request.addEventListener("error", () => finishWithError(reject, "The upload was interrupted: the server cannot be reached."));
    request.addEventListener("abort", () => finishWithError(reject, "Upload cancelled."));
    document.getElementById("upload-progress").hidden = false;
    showUploadProgress(0, 0);
    request.send(form);
  });
}

function finishWithError(reject, message) {
  uploadPage.request = null;
  document.getElementById("upload-progress").hidden = true;
  reject(new ApiError(0, message));
}

function parseJSONOrNull(text) {
  try { return JSON.parse(text); } catch (_) { return null; }
}

function showUploadProgress(loaded, total) {
  const percent = total > 0 ? Math.min(100, (loaded / total) * 100) : 0;
  const bar = document.getElementById("upload-bar");
  bar.value = percent;
  document.getElementById("upload-percent").textContent = percent.toFixed(0) + " %";
  document.getElementById("upload-bytes").textContent =
    formatSize(loaded) + (total > 0 ? " of " + formatSize(total) : "");
}

/// POST /upload_json in the flat form the API reference documents.
function sendLinks() {
  const fields = candidateFields();
  const interviews = uploadPage.rows.links.map((row, index) => ({
    positionId: index + 1,
    question: row.question.value.trim(),
    isVideoExist: true,
    recordedVideoUrl: row.url.value.trim(),
  }));
  return fetchJSON("/upload_json", { json: { candidate_name: fields.name, language: fields.language, interviews } });
}

// ---- After sending: the session's progress ----

function startWatching(accepted) {
  window.removeEventListener("beforeunload", warnBeforeLeaving);
  document.getElementById("upload-form").hidden = true;
  const section = document.getElementById("processing");
  section.hidden = false;
  const view = createStatusView();
  replaceChildren(document.getElementById("status-slot"),
    el("p", null, "Candidate ", el("strong", null, candidateFields().name), ", session ", el("code", null, accepted.session_id)),
    view.root);
  watchSession(accepted.session_id, view, Date.now()).then((status) => {
    if (status.status === "completed") {
      window.location.href = dashboardURL(status, accepted.session_id);
      return;
    }
    const box = document.getElementById("processing-error");
    replaceChildren(box, el("strong", null, "Processing failed: "), status.error || "unknown error",
      " ", el("a", { href: "/upload.html" }, "Start a new session"));
    box.hidden = false;
    view.root.hidden = true;
  });
}

/// The server's `redirect` (relative, "halaman_dasboard.html?session=…"), kept on this origin.
function dashboardURL(status, sessionId) {
  const fallback = "/halaman_dasboard.html?session=" + encodeURIComponent(sessionId);
  if (!status.redirect) return fallback;
  const target = new URL(status.redirect, window.location.href);
  return target.origin === window.location.origin ? target.href : fallback;
}

/// A half-filled form or a running upload is lost when the tab closes: ask first.
function warnBeforeLeaving(event) {
  const rows = uploadPage.rows.files.concat(uploadPage.rows.links);
  if (uploadPage.request || rows.some((row) => row.file || row.question.value)) {
    event.preventDefault();
    event.returnValue = "";
  }
}

// ---- Start ----

async function loadLimits() {
  try {
    const config = await fetchJSON("/config");
    uploadPage.limits = Object.assign({}, DEFAULT_LIMITS, config);
  } catch (_) {
    uploadPage.limits = DEFAULT_LIMITS;   // the server checks anyway
  }
  document.getElementById("limit-videos").textContent = String(uploadPage.limits.max_videos);
  document.getElementById("limit-size").textContent = formatSize(uploadPage.limits.max_video_bytes);
  const select = document.getElementById("language");
  replaceChildren(select, uploadPage.limits.languages.map((code) => el("option", { value: code }, languageName(code) + " (" + code + ")")));
}

async function startUploadPage() {
  await loadLimits();
  document.getElementById("tab-files").addEventListener("click", () => switchMode("files"));
  document.getElementById("tab-links").addEventListener("click", () => switchMode("links"));
  document.getElementById("add-answer").addEventListener("click", () => addRow());
  document.getElementById("upload-form").addEventListener("submit", submitForm);
  document.getElementById("cancel-upload").addEventListener("click", () => uploadPage.request && uploadPage.request.abort());
  // A file dropped beside a drop zone would make the browser leave the page to show it.
  window.addEventListener("dragover", (event) => event.preventDefault());
  window.addEventListener("drop", (event) => event.preventDefault());
  window.addEventListener("beforeunload", warnBeforeLeaving);
  switchMode("files");
  markReady();
}

document.addEventListener("DOMContentLoaded", startUploadPage);
