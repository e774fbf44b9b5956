// The code editor as the Yew app sees it (web/src/bridge.rs imports this
// file through wasm-bindgen; it is small, so the module starts without
// CodeMirror). Each editor starts as a plain editable <textarea> holding the
// text; once the first analysis is painted the app calls loadEditor(),
// which imports CodeMirror (web/editor/editor.js, bundled into
// editor.bundle.js, copied to the site's root and named after its content
// by scripts/editor-name) and puts a CodeMirror
// view in each textarea's place, with the textarea's current text,
// selection, scroll position and focus. Calls made before then go to the
// textarea (text, edits, go to line, read-only) or are kept and given to
// CodeMirror when it arrives (diagnostics, language, completion and hover).
// Positions are UTF-16 code units, as in CodeMirror and in a textarea.

let cm = null; // the loaded CodeMirror module
let loading = null; // its import() while under way
const waiting = new Set(); // editors still showing a textarea

// If nothing asks for CodeMirror (no first analysis painted), it comes anyway
// this long after the first editor was made.
const FALLBACK_MS = 8000;
let fallback = null;

/** Creates an editor in `parent`; `onChange(text)` runs after every change of its text. */
export function createEditor(parent, text, onChange) {
  const ed = {
    parent, onChange, view: null, textarea: null, touched: false,
    assist: null, lang: null, readOnly: false, diagnostics: null,
  };
  if (cm) {
    ed.view = cm.createEditor(parent, text, onChange);
    return ed;
  }
  const ta = document.createElement("textarea");
  ta.className = "editor-pending";
  ta.value = text;
  ta.spellcheck = false;
  ta.wrap = "off";
  for (const [k, v] of [["aria-label", "Dockerfile"], ["autocomplete", "off"], ["autocapitalize", "off"], ["data-testid", "editor-pending"]]) {
    ta.setAttribute(k, v);
  }
  sizeToLines(ta);
  // Until the user is in the textarea its caret means nothing (setting a
  // value puts it at the end): CodeMirror then starts as it always does.
  const touch = () => { ed.touched = true; };
  for (const type of ["focus", "pointerdown", "keydown", "select"]) ta.addEventListener(type, touch);
  ta.addEventListener("input", () => {
    sizeToLines(ta);
    ed.onChange(ta.value);
  });
  parent.appendChild(ta);
  ed.textarea = ta;
  waiting.add(ed);
  if (fallback === null) fallback = setTimeout(loadEditor, FALLBACK_MS);
  return ed;
}

// The number of lines, for the CSS (an embed's editor is as tall as its text).
function sizeToLines(ta) {
  let n = 1;
  for (let i = ta.value.indexOf("\n"); i !== -1; i = ta.value.indexOf("\n", i + 1)) n++;
  ta.style.setProperty("--lines", String(n));
}

/**
 * Loads CodeMirror after the next frame is painted, once; every textarea
 * still shown becomes a CodeMirror view. A failed load leaves the textareas,
 * which keep working, and a later call tries again.
 */
export function loadEditor() {
  if (cm || loading) return;
  clearTimeout(fallback);
  loading = new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
    .then(() => import(bundleUrl()))
    .then((m) => {
      cm = m;
      for (const ed of waiting) upgrade(ed);
      waiting.clear();
    })
    .catch((e) => console.error("Layerlab: the code editor did not load; the plain one stays.", e))
    .finally(() => { loading = null; });
}

// The bundle's name from the page (<meta name="layerlab-editor">, written by
// scripts/editor-name), at the site's root: seen from this file, which
// wasm-bindgen places at snippets/<crate>-<hash>/editor/lazy.js, three
// levels up (under a --public-url sub-path too).
function bundleUrl() {
  const name = document.querySelector('meta[name="layerlab-editor"]')?.content || "editor.bundle.js";
  return new URL(name, new URL("../../../", import.meta.url)).href;
}

// Puts a CodeMirror view where the textarea is, with what the textarea has now.
function upgrade(ed) {
  const ta = ed.textarea;
  const focused = document.activeElement === ta;
  const { selectionStart, selectionEnd, selectionDirection, scrollTop, scrollLeft } = ta;
  const view = cm.createEditor(ed.parent, ta.value, ed.onChange);
  // CodeMirror appends its editor: put it where the textarea was.
  ed.parent.insertBefore(view.dom, ta);
  ta.remove();
  ed.textarea = null;
  ed.view = view;
  if (ed.assist) cm.setAssist(view, ed.assist.complete, ed.assist.hover);
  if (ed.lang) cm.setLanguage(view, ed.lang);
  if (ed.readOnly) cm.setReadOnly(view, true);
  // Diagnostics of an older text would land on the wrong characters: the
  // analysis of the current text brings its own.
  if (ed.diagnostics && ed.diagnostics.text === view.state.doc.toString()) {
    cm.setDiagnosticsJson(view, ed.diagnostics.json);
  }
  if (!ed.touched) return;
  const [anchor, head] = selectionDirection === "backward" ? [selectionEnd, selectionStart] : [selectionStart, selectionEnd];
  cm.adoptPlace(view, { anchor, head, scrollTop, scrollLeft, focus: focused });
}

/** Replaces the whole text (an example, a restored session). */
export function setText(ed, text) {
  if (ed.view) return cm.setText(ed.view, text);
  const ta = ed.textarea;
  if (!ta || ta.value === text) return;
  ta.value = text;
  sizeToLines(ta);
  ed.onChange(text);
}

/** Applies edits `[[from, to, insert], …]` (UTF-16, against the current text). */
export function applyEdits(ed, edits) {
  if (ed.view) return cm.applyEdits(ed.view, edits);
  const ta = ed.textarea;
  if (!ta || ed.readOnly) return;
  const len = ta.value.length;
  // All against the current text: applied from the last one back.
  const valid = edits.filter(([from, to]) => from <= to && to <= len).sort((a, b) => b[0] - a[0]);
  let text = ta.value;
  for (const [from, to, insert] of valid) text = text.slice(0, from) + insert + text.slice(to);
  ta.value = text;
  sizeToLines(ta);
  ed.onChange(text);
  ta.focus();
}

/** Diagnostics as JSON (see editor.js); a textarea keeps the latest for CodeMirror. */
export function setDiagnosticsJson(ed, json) {
  if (ed.view) return cm.setDiagnosticsJson(ed.view, json);
  if (ed.textarea) ed.diagnostics = { json, text: ed.textarea.value };
}

/** Puts the caret at the start of a 1-based line and scrolls it into view. */
export function gotoLine(ed, line) {
  if (ed.view) return cm.gotoLine(ed.view, line);
  const ta = ed.textarea;
  if (!ta) return;
  const lines = ta.value.split("\n");
  const n = Math.max(1, Math.min(line, lines.length));
  let at = 0;
  for (let i = 0; i < n - 1; i++) at += lines[i].length + 1;
  ta.focus();
  ta.setSelectionRange(at, at);
  const lineHeight = parseFloat(getComputedStyle(ta).lineHeight) || 20;
  ta.scrollTop = Math.max(0, (n - 1) * lineHeight - ta.clientHeight / 2);
}

/** The language of the editor's own words (`en`, `ru`, `zh`). */
export function setLanguage(ed, lang) {
  if (ed.view) return cm.setLanguage(ed.view, lang);
  ed.lang = lang;
}

/** Read-only (no typing, no quick fixes) or editable again. */
export function setReadOnly(ed, readOnly) {
  if (ed.view) return cm.setReadOnly(ed.view, readOnly);
  ed.readOnly = readOnly;
  if (ed.textarea) ed.textarea.readOnly = readOnly;
}

/** Completion and hover (CodeMirror's; a textarea has neither, and keeps them). */
export function setAssist(ed, complete, hover) {
  if (ed.view) return cm.setAssist(ed.view, complete, hover);
  ed.assist = { complete, hover };
}

export function destroyEditor(ed) {
  if (ed.view) {
    cm.destroyEditor(ed.view);
    ed.view = null;
  }
  if (ed.textarea) {
    ed.textarea.remove();
    ed.textarea = null;
  }
  waiting.delete(ed);
}
