// The code editor as the Yew app sees it (web/src/bridge.rs imports this
// file through wasm-bindgen; it is small, so the module starts without
// CodeMirror). Each editor starts as a plain editable <textarea> holding the
// text, drawn transparent over a layer that shows the text highlighted as
// CodeMirror will (see "The pending editor's highlighting" below); once the
// first analysis is painted the app calls loadEditor(),
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
  // <div class="editor-pending"> (the gutter, the focus ring) holding the
  // highlighted lines (aria-hidden, under) and the textarea (its text
  // transparent, its caret and selection seen), both right of the gutter.
  const box = document.createElement("div");
  box.className = "editor-pending";
  const hl = box.appendChild(document.createElement("div"));
  hl.className = "editor-pending-hl";
  hl.setAttribute("aria-hidden", "true");
  const ta = box.appendChild(document.createElement("textarea"));
  ta.value = text;
  ta.spellcheck = false;
  ta.wrap = "off";
  for (const [k, v] of [["aria-label", "Dockerfile"], ["autocomplete", "off"], ["autocapitalize", "off"], ["data-testid", "editor-pending"]]) {
    ta.setAttribute(k, v);
  }
  Object.assign(ed, { box, lines: hl.appendChild(document.createElement("div")), textarea: ta, text: [], states: ["S"] });
  paint(ed);
  // Until the user is in the textarea its caret means nothing (setting a
  // value puts it at the end): CodeMirror then starts as it always does.
  const touch = () => { ed.touched = true; };
  for (const type of ["focus", "pointerdown", "keydown", "select"]) ta.addEventListener(type, touch);
  ta.addEventListener("input", () => {
    paint(ed);
    ed.onChange(ta.value);
  });
  ta.addEventListener("scroll", () => follow(ed));
  parent.appendChild(box);
  waiting.add(ed);
  if (fallback === null) fallback = setTimeout(loadEditor, FALLBACK_MS);
  return ed;
}

// The highlighted lines follow the textarea's scroll position.
function follow(ed) {
  const t = `translate(${-ed.textarea.scrollLeft}px,${-ed.textarea.scrollTop}px)`;
  if (ed.lines.style.transform !== t) ed.lines.style.transform = t;
}

// Highlights the textarea's text again: only the lines from the first
// changed one until a line starts in the same state as before (typing in a
// line of a 5,000-line file redraws that line). ed.text: the lines drawn;
// ed.states[i]: the state line i starts in (one more: the end's).
function paint(ed) {
  const lines = ed.textarea.value.split("\n"), old = ed.text, states = ed.states;
  const n = Math.min(lines.length, old.length), shift = old.length - lines.length;
  let a = 0, b = 0;
  while (a < n && lines[a] === old[a]) a++;
  while (b < n - a && lines[lines.length - 1 - b] === old[old.length - 1 - b]) b++;
  let i = a, st = states[a], html = "";
  const next = [];
  while (i < lines.length && !(i >= lines.length - b && st === states[i + shift])) {
    next.push(st);
    const [h, after] = lines[i] ? highlightLine(lines[i], st) : ["", st];
    html += `<div>${h || "<br>"}</div>`;
    st = after;
    i++;
  }
  const done = i === lines.length, end = done ? old.length : i + shift;
  const range = document.createRange();
  range.setStart(ed.lines, a);
  range.setEnd(ed.lines, end);
  range.deleteContents();
  range.insertNode(range.createContextualFragment(html));
  // In pieces: a spread of 100,000 lines would pass too many arguments.
  ed.states = states.slice(0, a).concat(next, done ? [st] : states.slice(end));
  ed.text = lines;
  // For the CSS, set only when they change (a property set on the box
  // restyles every line): the number of lines, on the textarea (an embed's
  // is as tall as its text), and its digits (CodeMirror's line numbers are
  // as wide).
  if (old.length !== lines.length) ed.textarea.style.setProperty("--lines", String(lines.length));
  const digits = String(String(lines.length).length);
  if (ed.box.style.getPropertyValue("--digits") !== digits) ed.box.style.setProperty("--digits", digits);
  follow(ed);
}

// The pending editor's highlighting: the token kinds editor.js colours in
// CodeMirror's Dockerfile mode (@codemirror/legacy-modes), with the same
// classes of text: instruction keywords and FROM's AS (k), comment lines
// (c), quoted strings and a JSON array's strings (s), EXPOSE's numbers (n);
// style.css gives them CodeMirror's colours. A line starts in the state the
// line before left: S an instruction may start, F after a FROM that ends
// its line, A arguments continued (the line ended in \ or `, or in a
// string), R inside a JSON array, D and Q inside a "…" or '…' string.
const INSTR = "(expose|run|cmd|entrypoint|shell|arg|maintainer|label|env|add|copy|volume|user|workdir|onbuild|stopsignal|healthcheck)";
const FROM = /^(\s*)(from)\b/i;
const ALONE = new RegExp(`^(\\s*)${INSTR}(\\s*(?:#.*)?)$`, "i");
const ARRAY = /^(\s*)(run|cmd|entrypoint|shell)(\s+\[)/i;
const EXPOSE = /^(\s*)(expose)(\s+)/i;
const ARGS = new RegExp(`^(\\s*)${INSTR}(\\s+)`, "i");
const STRING = { '"': /^(?:[^\\"]|\\.)*/, "'": /^(?:[^\\']|\\.)*/ };
const esc = (t) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** One non-empty line as HTML, from the state `st`; returns [html, the state after it]. */
function highlightLine(s, st) {
  let h = "", p = 0, m;
  const put = (cls, t) => {
    if (t) h += cls ? `<span class="${cls}">${esc(t)}</span>` : esc(t);
    p += t.length;
  };
  const at = (re) => (m = re.exec(s.slice(p)));
  const kw = () => { put("", m[1]); put("k", m[2]); put("", m[3] || ""); };
  for (;;) {
    if (p >= s.length) return [h, st];
    const c = s[p];
    if (st === "F") {
      if (!at(/^\s*(#.*)?$/) && at(/^(\s*\S+\s+)(as)/i)) kw();
      st = "S";
      if (!m && !p) continue; // nothing of FROM's: the line starts anew
    } else if (st === "S") {
      if (p) break;
      if (at(/^\s*#/)) put("c", s);
      else if (at(FROM)) { kw(); st = "F"; continue; }
      else if (at(ALONE)) kw();
      else if (at(ARRAY)) { kw(); st = "R"; continue; }
      else if (at(EXPOSE)) {
        kw();
        s.slice(p).split(/(\d+)/).forEach((t, i) => put(i % 2 ? "n" : "", t));
      }
      else if (at(ARGS)) { kw(); st = "A"; continue; }
    } else if (st === "R") {
      if (c === "]") { st = "S"; break; }
      if (at(/^"(?:[^\\"]|\\.)*"?/)) put("s", m[0]);
      else put("", c);
      continue;
    } else if (st === "A") {
      if (!p && at(/^\s*#/)) { put("c", s); return [h, "A"]; }
      if (c === '"' || c === "'") {
        // A string that ends the line (closed or not) ends the instruction.
        const rest = STRING[c].exec(s.slice(p + 1))[0];
        const len = 1 + rest.length + (s[p + 1 + rest.length] === c ? 1 : 0);
        if (p + len === s.length) {
          put("s", s.slice(p));
          st = "S";
        } else {
          put("s", c);
          st = c === '"' ? "D" : "Q";
        }
        continue;
      }
      if (at(/^[^#"']+[\\`]$/)) { put("", m[0]); return [h, "A"]; }
      if (at(/^[^#"']+/)) {
        put("", m[0]);
        if (p === s.length) st = "S";
        continue;
      }
      st = "S"; // a # within the arguments: the rest is plain
      break;
    } else {
      // D, Q: inside a string; a lone \ at the end of the line is not part of it.
      const q = st === "D" ? '"' : "'";
      put("s", STRING[q].exec(s.slice(p))[0]);
      if (s[p] === q) { put("s", q); st = "A"; }
      else if (p < s.length) put("", s.slice(p));
      continue;
    }
    break;
  }
  put("", s.slice(p));
  return [h, st];
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
  ed.parent.insertBefore(view.dom, ed.box);
  ed.box.remove();
  ed.textarea = ed.box = ed.lines = null;
  ed.view = view;
  if (ed.assist) cm.setAssist(view, ed.assist.complete, ed.assist.hover);
  if (ed.lang) cm.setLanguage(view, ed.lang);
  if (ed.readOnly) cm.setReadOnly(view, true);
  // Diagnostics of an older text would land on the wrong characters: the
  // analysis of the current text brings its own.
  if (ed.diagnostics && ed.diagnostics.text === view.state.doc.toString()) {
    cm.setDiagnosticsJson(view, ed.diagnostics.json);
  }
  // The scroll position always (a wheel does not count as being in it).
  const place = { scrollTop, scrollLeft };
  if (ed.touched) {
    const [anchor, head] = selectionDirection === "backward" ? [selectionEnd, selectionStart] : [selectionStart, selectionEnd];
    Object.assign(place, { anchor, head, focus: focused });
  }
  cm.adoptPlace(view, place);
}

/** Replaces the whole text (an example, a restored session). */
export function setText(ed, text) {
  if (ed.view) return cm.setText(ed.view, text);
  const ta = ed.textarea;
  if (!ta || ta.value === text) return;
  ta.value = text;
  paint(ed);
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
  paint(ed);
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
  if (ed.box) {
    ed.box.remove();
    ed.textarea = ed.box = ed.lines = null;
  }
  waiting.delete(ed);
}
