// The code editor: CodeMirror 6, bundled by esbuild (scripts/bundle-editor,
// run by Trunk's pre_build hook) into web/js/editor.bundle.js, which Trunk
// copies to the site's root. The Yew app never imports it directly: it talks
// to web/editor/lazy.js (through wasm-bindgen, web/src/bridge.rs), which
// shows a plain textarea first and imports this bundle after the first
// analysis is painted. Positions crossing this boundary are UTF-16 code
// units, as CodeMirror counts them.
import { EditorState, Compartment } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars, hoverTooltip,
} from "@codemirror/view";
import { autocompletion } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab, isolateHistory } from "@codemirror/commands";
import { StreamLanguage, syntaxHighlighting, HighlightStyle, bracketMatching } from "@codemirror/language";
import { dockerFile } from "@codemirror/legacy-modes/mode/dockerfile";
import { setDiagnostics, lintGutter, lintKeymap } from "@codemirror/lint";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { tags as t } from "@lezer/highlight";

const highlight = HighlightStyle.define([
  { tag: t.keyword, color: "var(--cm-keyword)", fontWeight: "600" },
  { tag: t.comment, color: "var(--cm-comment)", fontStyle: "italic" },
  { tag: [t.string, t.special(t.string)], color: "var(--cm-string)" },
  { tag: [t.variableName, t.variableName], color: "var(--cm-variable)" },
  { tag: [t.number, t.bool, t.atom], color: "var(--cm-number)" },
]);

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "14px", backgroundColor: "var(--editor-bg)", color: "var(--text)" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.55" },
  ".cm-content": { caretColor: "var(--text)" },
  ".cm-gutters": { backgroundColor: "var(--gutter-bg)", color: "var(--muted)", borderRight: "1px solid var(--border)" },
  ".cm-activeLine": { backgroundColor: "var(--active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--active-line)", color: "var(--text)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "var(--selection) !important" },
  ".cm-cursor": { borderLeftColor: "var(--text)" },
  ".cm-tooltip": { backgroundColor: "var(--panel)", color: "var(--text)", border: "1px solid var(--border)", borderRadius: "6px" },
  ".cm-tooltip.cm-tooltip-autocomplete > ul > li[aria-selected]": { backgroundColor: "var(--accent)", color: "var(--accent-text)" },
  ".cm-completionDetail": { color: "inherit", marginLeft: "0.6em" },
  ".cm-assist-hover": { padding: "6px 10px", maxWidth: "36em", fontFamily: "var(--sans, inherit)", fontSize: "13px", lineHeight: "1.45" },
  ".cm-assist-hover ul": { margin: "2px 0 0", paddingLeft: "1.2em" },
  ".cm-assist-hover section + section": { borderTop: "1px solid var(--border)", marginTop: "6px", paddingTop: "6px" },
  ".cm-diagnosticAction": { backgroundColor: "var(--accent)", color: "var(--accent-text)", borderRadius: "4px", padding: "2px 8px" },
});

// How a keyboard user leaves the editor, which keeps Tab for indentation:
// CodeMirror lets Tab move the focus for two seconds after Escape.
const LEAVE_HINT = "Tab indents. To leave the editor: Escape, then Tab (or Shift+Tab).";

// CodeMirror's own words (search panel, lint panel, gutter), per language of
// the page; English is CodeMirror's default.
const PHRASES = {
  ru: {
    "Find": "Найти", "Replace": "Заменить", "next": "далее", "previous": "назад", "all": "все",
    "match case": "с учётом регистра", "regexp": "рег. выражение", "by word": "слово целиком",
    "replace": "заменить", "replace all": "заменить все", "close": "закрыть",
    "current match": "текущее совпадение", "on line": "в строке", "Go to line": "Перейти к строке", "go": "перейти",
    "Diagnostics": "Замечания", "No diagnostics": "Замечаний нет", "Folded lines": "Свёрнутые строки",
    "Unfolded lines": "Развёрнутые строки", "Control character": "Управляющий символ",
    [LEAVE_HINT]: "Tab делает отступ. Чтобы выйти из редактора: Escape, затем Tab (или Shift+Tab).",
  },
  zh: {
    "Find": "查找", "Replace": "替换", "next": "下一个", "previous": "上一个", "all": "全部",
    "match case": "区分大小写", "regexp": "正则表达式", "by word": "全字匹配",
    "replace": "替换", "replace all": "全部替换", "close": "关闭",
    "current match": "当前匹配", "on line": "行", "Go to line": "跳转到行", "go": "跳转",
    "Diagnostics": "问题", "No diagnostics": "没有问题", "Folded lines": "已折叠的行",
    "Unfolded lines": "已展开的行", "Control character": "控制字符",
    [LEAVE_HINT]: "Tab 键用于缩进。要离开编辑器：先按 Escape，再按 Tab（或 Shift+Tab）。",
  },
};
const phrases = new Compartment();
const phrasesFor = (lang) => EditorState.phrases.of(PHRASES[lang] || {});

/** Sets the language of CodeMirror's own words (`en`, `ru`, `zh`). */
export function setLanguage(view, lang) {
  view.dispatch({ effects: phrases.reconfigure(phrasesFor(lang)) });
  const hint = hints.get(view);
  if (hint) hint.textContent = view.state.phrase(LEAVE_HINT);
}

// Each editor's hint element (the content's aria-describedby; shown while the editor has the focus).
const hints = new WeakMap();
let hintCount = 0;

// Completion and hover come from the Rust side (web/src/assist.rs, the
// language server's functions): each editor's pair of functions, given by
// setAssist. Both take the text and a UTF-16 position and return JSON or null.
const assists = new WeakMap();

/** Gives an editor its completion and hover functions. */
export function setAssist(view, complete, hover) {
  assists.set(view, { complete, hover });
}

function rustCompletions(context) {
  const a = context.view && assists.get(context.view);
  if (!a) return null;
  const json = a.complete(context.state.doc.toString(), context.pos);
  if (!json) return null;
  const r = JSON.parse(json);
  if (!r.options.length) return null;
  // The options come filtered and in order (tags newest first): no re-sorting.
  return { from: r.from, to: r.to, options: r.options, filter: false };
}

// One hover section as DOM (text only: nothing from the file becomes markup).
function hoverSection(s) {
  const el = document.createElement("section");
  const head = el.appendChild(document.createElement("div"));
  const strong = (text) => { const b = document.createElement("strong"); b.textContent = text; return b; };
  const list = (items) => {
    const ul = el.appendChild(document.createElement("ul"));
    for (const text of items) ul.appendChild(document.createElement("li")).textContent = text;
  };
  if (s.kind === "image") {
    head.appendChild(strong(s.reference));
    list(s.facts.map((f) => `${f.label}: ${f.value}`));
  } else if (s.kind === "base") {
    const what = { earlier_stage: "an earlier stage", scratch: "the empty image", not_catalogued: "no facts in the catalogue" };
    head.append(strong(s.name), ` — ${what[s.what] || ""}`);
  } else if (s.kind === "layer") {
    head.append(strong("Layer"), ` (line ${s.line}): ${s.size}`);
    if (s.notes.length) list(s.notes);
  } else if (s.kind === "rule") {
    head.append(strong(s.id), `: ${s.summary}`);
  }
  return el;
}

const rustHover = hoverTooltip((view, pos) => {
  const a = assists.get(view);
  if (!a) return null;
  const json = a.hover(view.state.doc.toString(), pos);
  if (!json) return null;
  const h = JSON.parse(json);
  return {
    pos: h.from, end: h.to, above: true,
    create() {
      const dom = document.createElement("div");
      dom.className = "cm-assist-hover";
      dom.setAttribute("data-testid", "editor-hover");
      for (const s of h.sections) dom.appendChild(hoverSection(s));
      return { dom };
    },
  };
}, { hoverTime: 300 });

// Read-only embeds (?embed&readonly) switch this on after the editor exists.
const readOnlyConf = new Compartment();

/** Creates an editor in `parent`; `onChange(text)` runs after every document change. */
export function createEditor(parent, text, onChange) {
  const hintId = `editor-hint-${++hintCount}`;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        phrases.of(phrasesFor(document.documentElement.lang)),
        lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(),
        drawSelection(), bracketMatching(), highlightActiveLine(), highlightSelectionMatches(),
        StreamLanguage.define(dockerFile), syntaxHighlighting(highlight), lintGutter(), theme,
        readOnlyConf.of([]),
        // Nothing is selected until Arrow Down: Enter keeps making new lines
        // while the list is open (typing a file line by line stays as it was).
        autocompletion({ override: [rustCompletions], icons: true, selectOnOpen: false }), rustHover,
        // tabindex: focusable (and so scrollable from the keyboard) when read-only too.
        EditorView.contentAttributes.of({
          "aria-label": "Dockerfile", "aria-describedby": hintId, tabindex: "0", "data-testid": "cm-editor",
        }),
        keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap, indentWithTab]),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange(u.state.doc.toString());
          // The completion list scrolls, so it is focusable (WCAG 2.1.1; axe's
          // scrollable-region-focusable). It is driven from the editor (Arrow
          // keys, aria-activedescendant); CodeMirror keeps the focus in the
          // editor when the list or its scrollbar is clicked.
          for (const ul of u.view.dom.querySelectorAll(".cm-tooltip-autocomplete > ul:not([tabindex])")) ul.tabIndex = 0;
        }),
      ],
    }),
  });
  const hint = document.createElement("p");
  hint.id = hintId;
  hint.className = "editor-hint";
  hint.textContent = view.state.phrase(LEAVE_HINT);
  parent.appendChild(hint);
  hints.set(view, hint);
  return view;
}

/**
 * Takes over a textarea's place (web/editor/lazy.js): its scroll position,
 * and its selection (UTF-16 `anchor`, `head`) and the focus if the user was
 * in it (no `anchor`: the selection stays at the start).
 */
export function adoptPlace(view, { anchor, head, scrollTop, scrollLeft, focus }) {
  const len = view.state.doc.length;
  if (anchor !== undefined) {
    view.dispatch({ selection: { anchor: Math.min(anchor, len), head: Math.min(head, len) } });
  }
  // Scrolled once CodeMirror has measured its lines: before, it takes their
  // height from the font size alone, and a long text would scroll too far.
  if (scrollTop || scrollLeft) view.requestMeasure({
    read() {},
    write() {
      view.scrollDOM.scrollTop = scrollTop;
      view.scrollDOM.scrollLeft = scrollLeft;
    },
  });
  if (focus) view.focus();
}

/** Replaces the whole text (an example, a restored session); undoable. */
export function setText(view, text) {
  if (view.state.doc.toString() === text) return;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

/** Applies edits `[[from, to, insert], …]` (UTF-16, against the current text) as one undoable step. */
export function applyEdits(view, edits) {
  if (view.state.readOnly) return; // a quick fix in a read-only embed
  const len = view.state.doc.length;
  const changes = edits
    .filter(([from, to]) => from <= to && to <= len)
    .map(([from, to, insert]) => ({ from, to, insert }));
  // Its own history event: never merged with the typing or pasting just
  // before it, so one Ctrl+Z undoes exactly the fix (or the formatting).
  view.dispatch({ changes, annotations: isolateHistory.of("full") });
  view.focus();
}

/**
 * Sets the diagnostics from a JSON array of
 * `{from, to, severity, message, source, fix: {title, edits: [[from, to, insert]]} | null}`.
 */
export function setDiagnosticsJson(view, json) {
  const len = view.state.doc.length;
  const diags = JSON.parse(json).map((d) => {
    const from = Math.min(d.from, len);
    const to = Math.max(from, Math.min(d.to, len));
    const out = { from, to, severity: d.severity, message: d.message, source: d.source };
    if (d.fix) {
      out.actions = [{ name: d.fix.title, apply: (v) => applyEdits(v, d.fix.edits) }];
    }
    return out;
  });
  view.dispatch(setDiagnostics(view.state, diags));
}

/** Puts the caret at the start of a 1-based line and scrolls it into the middle. */
export function gotoLine(view, line) {
  const doc = view.state.doc;
  const l = doc.line(Math.max(1, Math.min(line, doc.lines)));
  view.dispatch({ selection: { anchor: l.from }, effects: EditorView.scrollIntoView(l.from, { y: "center" }) });
  view.focus();
}

/** Makes the editor read-only (no typing, no quick fixes) or editable again; setText still works. */
export function setReadOnly(view, readOnly) {
  // Read-only, Tab is not kept: no hint is needed.
  const hint = hints.get(view);
  if (hint) hint.hidden = readOnly;
  view.dispatch({
    effects: readOnlyConf.reconfigure(readOnly ? [EditorState.readOnly.of(true), EditorView.editable.of(false)] : []),
  });
}

export function destroyEditor(view) {
  hints.get(view)?.remove();
  view.destroy();
}
