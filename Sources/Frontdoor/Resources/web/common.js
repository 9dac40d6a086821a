// Shared by every page: building DOM, talking to the front door, formatting numbers.
//
// Rule of this folder: text that comes from a user or from the pipeline (names, questions,
// transcripts, analyses, messages) only ever reaches the page as a text node. The original
// dashboard put the candidate name through innerHTML and ran whatever script it contained.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";

/// Appends children to a node: strings and numbers become text nodes, arrays are flattened,
/// null / undefined / false are skipped (so callers can write `cond && el(...)`).
function appendChildren(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendChildren(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
  return node;
}

/// Sets attributes: `on<event>` functions become listeners, `class` may be an array,
/// `text` sets textContent, null / false leave the attribute out, true sets it empty.
/// Styles are never set through an attribute: the server's Content-Security-Policy forbids it.
function applyAttributes(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "class") {
      node.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    } else if (key === "text") {
      node.textContent = String(value);
    } else {
      node.setAttribute(key, value === true ? "" : String(value));
    }
  }
  return node;
}

/// `el("p", {class: "muted"}, "Hello ", name)`: an HTML element.
function el(tag, attrs, ...children) {
  return appendChildren(applyAttributes(document.createElement(tag), attrs), children);
}

/// The same for SVG elements (charts), which need their namespace.
function svgEl(tag, attrs, ...children) {
  return appendChildren(applyAttributes(document.createElementNS(SVG_NS, tag), attrs), children);
}

/// Replaces everything inside `node` with `children`.
function replaceChildren(node, ...children) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return appendChildren(node, children);
}

/// An error the server explained: `detail` is its `{"detail": "..."}` text, `status` the HTTP code.
class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
    this.detail = detail;
  }
}

/// Turns a response that is not 2xx into an ApiError carrying the server's own detail.
async function errorFromResponse(response) {
  let detail = response.status + " " + response.statusText;
  try {
    const body = await response.json();
    if (body && typeof body.detail === "string") detail = body.detail;
  } catch (_) { /* not JSON (a proxy's page): the status line says enough */ }
  return new ApiError(response.status, detail);
}

// ---- API key: only when the server is started with API_KEYS. Kept in localStorage. ----

const API_KEY_STORAGE = "apiKey";
let apiKeyAsked = false;

/// The stored key, or "".
function storedApiKey() {
  try { return window.localStorage.getItem(API_KEY_STORAGE) || ""; } catch (_) { return ""; }
}

/// After a 401: asks for the key once per page and stores it. True when there is a key to retry with.
function askForApiKey() {
  if (!apiKeyAsked) {
    apiKeyAsked = true;
    const key = (window.prompt("This server needs an API key:") || "").trim();
    if (key) {
      try { window.localStorage.setItem(API_KEY_STORAGE, key); } catch (_) { /* storage disabled */ }
    }
  }
  return storedApiKey() !== "";
}

/// GET or POST JSON. Resolves with the parsed body; rejects with ApiError (server's detail)
/// or with ApiError status 0 when the server cannot be reached.
async function fetchJSON(url, options, retried) {
  const init = Object.assign({ headers: { Accept: "application/json" }, cache: "no-store" }, options || {});
  if (init.json !== undefined) {
    init.method = init.method || "POST";
    init.headers = Object.assign({ "Content-Type": "application/json" }, init.headers);
    init.body = JSON.stringify(init.json);
    delete init.json;
  }
  if (storedApiKey()) init.headers = Object.assign({ "X-API-Key": storedApiKey() }, init.headers);
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new ApiError(0, "The server cannot be reached (" + error.message + ")");
  }
  if (response.status === 401 && !retried && askForApiKey()) return fetchJSON(url, options, true);
  if (!response.ok) throw await errorFromResponse(response);
  return response.json();
}

/// The message to show for any error: the server's detail when there is one.
function errorText(error) {
  if (error instanceof ApiError) return error.detail;
  return error && error.message ? error.message : String(error);
}

// ---- Formatting. Missing values always read "—", never 0 or "null". ----

const MISSING = "—";

function isNumber(value) {
  return typeof value === "number" && Number.isFinite(value);
}

function formatNumber(value, digits) {
  return isNumber(value) ? value.toFixed(digits === undefined ? 1 : digits) : MISSING;
}

function formatPercent(value, digits) {
  return isNumber(value) ? value.toFixed(digits === undefined ? 1 : digits) + " %" : MISSING;
}

/// Seconds as m:ss (or h:mm:ss), for elapsed times and positions in a video.
function formatClock(totalSeconds) {
  if (!isNumber(totalSeconds) || totalSeconds < 0) return MISSING;
  const whole = Math.floor(totalSeconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const seconds = String(whole % 60).padStart(2, "0");
  return hours > 0 ? hours + ":" + String(minutes).padStart(2, "0") + ":" + seconds
                   : String(minutes).padStart(2, "0") + ":" + seconds;
}

/// Seconds into a video, with the tenths a finding is measured in: "4.0 s".
function formatSeconds(value) {
  return isNumber(value) ? value.toFixed(1) + " s" : MISSING;
}

/// A file size: KB below a megabyte (a short clip), MB above, GB from a gigabyte.
function formatSize(bytes) {
  if (!isNumber(bytes)) return MISSING;
  if (bytes < 1024 * 1024) return Math.ceil(bytes / 1024) + " KB";
  if (bytes < 1024 * 1024 * 1024) return (bytes / (1024 * 1024)).toFixed(1) + " MB";
  return (bytes / (1024 * 1024 * 1024)).toFixed(2) + " GB";
}

/// A date in the reader's locale, with the time: the pipeline writes ISO 8601 in UTC.
function formatDate(iso) {
  if (!iso) return MISSING;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

/// Human names of the spool's stages (the `stage` field); an unknown one is shown as it is.
const STAGE_NAMES = {
  download: "Downloading", audio: "Extracting audio", transcribe: "Transcribing",
  translate: "Translating", llm: "Scoring answers", cheat: "Checking integrity",
  nonverbal: "Measuring delivery", aggregate: "Assembling results",
};

const LANGUAGE_NAMES = { en: "English", id: "Indonesian" };

function languageName(code) {
  return LANGUAGE_NAMES[code] || (code ? String(code) : MISSING);
}

/// The CSS class of a cheating verdict (colours live in app.css, one place).
function verdictClass(verdict) {
  switch (verdict) {
    case "Safe": return "verdict-safe";
    case "Medium Risk": return "verdict-medium";
    case "High Risk": return "verdict-high";
    default: return "verdict-unknown";
  }
}

/// The value of `?name=` in the page's URL, or "".
function queryParameter(name) {
  return new URLSearchParams(window.location.search).get(name) || "";
}

/// A session id as the server accepts it: 32 lowercase hex digits. Anything else is not sent.
function isSessionId(text) {
  return /^[0-9a-f]{32}$/.test(text);
}

/// Tests (headless Chromium) wait for one of these two marks on <body>.
function markReady() {
  delete document.body.dataset.error;
  document.body.dataset.ready = "true";
}

function markError(message) {
  document.body.dataset.error = message;
}

/// A labelled value, as used by cards and metric lists: <div><dt>label</dt><dd>value</dd></div>.
function labelledValue(label, value, attrs) {
  return el("div", Object.assign({ class: "pair" }, attrs || {}), el("dt", null, label), el("dd", null, value));
}
