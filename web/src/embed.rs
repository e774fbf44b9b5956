//! Embed mode: the page inside an iframe on someone else's page (docs, blog
//! posts), opened as `?embed` plus options (docs/embedding.md).
//!
//! The pure part is plain Rust, tested natively: here, reading the query
//! (`EmbedParams::parse`, percent-decoding `code=`); `origin.rs`, whether a
//! message is accepted; `report.rs`, the report handed to hosts;
//! `snippets.rs`, the snippets the share popover offers. The browser part
//! (`postMessage`, `message` events, `ResizeObserver`) is `bridge::host`,
//! compiled for wasm32 only; it never panics on what a host sends: anything
//! malformed is ignored.
//!
//! An embed never writes local storage: it must not overwrite the session a
//! person has in the full page (components/embed_app.rs keeps no autosave).

use crate::i18n::Lang;

/// What an embed can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pane {
    Editor,
    Findings,
    Graph,
    Sizes,
    Files,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::Editor,
        Pane::Findings,
        Pane::Graph,
        Pane::Sizes,
        Pane::Files,
    ];

    pub fn from_name(s: &str) -> Option<Pane> {
        match s.trim().to_ascii_lowercase().as_str() {
            "editor" | "code" => Some(Pane::Editor),
            "findings" | "problems" => Some(Pane::Findings),
            "graph" | "stages" => Some(Pane::Graph),
            "sizes" | "size" => Some(Pane::Sizes),
            "files" | "tree" => Some(Pane::Files),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Pane::Editor => "editor",
            Pane::Findings => "findings",
            Pane::Graph => "graph",
            Pane::Sizes => "sizes",
            Pane::Files => "files",
        }
    }

    /// The tab's label.
    pub fn label(self, l: Lang) -> &'static str {
        match self {
            Pane::Editor => tr!(l, "Dockerfile", "Dockerfile", "Dockerfile"),
            Pane::Findings => tr!(l, "Findings", "Замечания", "问题"),
            Pane::Graph => tr!(l, "Stages", "Стадии", "构建阶段"),
            Pane::Sizes => tr!(l, "Sizes", "Размеры", "大小"),
            Pane::Files => tr!(l, "Files", "Файлы", "文件"),
        }
    }
}

/// `theme=`: the host page's colours, or the reader's system setting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn from_name(s: &str) -> Option<Theme> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" | "system" | "" => Some(Theme::Auto),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    /// The value of `<html data-theme>` (none: follow the system).
    pub fn attr(self) -> Option<&'static str> {
        match self {
            Theme::Auto => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }
}

/// Something wrong in the embed's address, shown in a small note (the embed
/// still opens with what it could read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamProblem {
    UnknownPane(String),
    UnknownTheme(String),
    /// `code=` had bytes that are not UTF-8 (replaced by U+FFFD).
    CodeNotUtf8,
    /// `pane=` names a pane that `panes=` does not show.
    PaneHidden(String),
    /// `origin=` is not an origin (`https://host[:port]`).
    BadOrigin(String),
    /// `file=` without a `path:` before its text.
    BadFile(String),
    /// More `file=` parameters than an embed takes ([`MAX_FILES`]); the
    /// number given.
    TooManyFiles(usize),
}

/// The most `file=` parameters an embed reads (the rest are left out, with a note).
pub const MAX_FILES: usize = 1000;
/// The most notes about the address an embed shows.
pub const MAX_PROBLEMS: usize = 20;

impl ParamProblem {
    pub fn message(&self, l: Lang) -> String {
        match self {
            ParamProblem::UnknownPane(p) => trf!(
                l,
                "Unknown pane “{p}” (known: editor, findings, graph, sizes, files).",
                "Неизвестная панель «{p}» (есть: editor, findings, graph, sizes, files).",
                "未知面板“{p}”（可用：editor、findings、graph、sizes、files）。"
            ),
            ParamProblem::UnknownTheme(t) => trf!(
                l,
                "Unknown theme “{t}” (use light, dark or auto).",
                "Неизвестная тема «{t}» (возможны light, dark или auto).",
                "未知主题“{t}”（可用 light、dark 或 auto）。"
            ),
            ParamProblem::CodeNotUtf8 => tr!(
                l,
                "The code= parameter is not valid UTF-8; the broken characters were replaced with �.",
                "Параметр code= не в кодировке UTF-8; испорченные символы заменены на �.",
                "code= 参数不是有效的 UTF-8；损坏的字符已替换为 �。"
            )
            .to_string(),
            ParamProblem::PaneHidden(p) => trf!(
                l,
                "pane={p} is not among the panes shown; the first one is open instead.",
                "Панели pane={p} нет среди показанных; открыта первая.",
                "pane={p} 不在显示的面板中，已改为打开第一个面板。"
            ),
            ParamProblem::BadFile(f) => {
                let f: String = f.chars().take(40).collect();
                trf!(
                    l,
                    "file=“{f}” has no path: write file=requirements.txt:flask%0A.",
                    "В file=«{f}» нет пути: пишите file=requirements.txt:flask%0A.",
                    "file=“{f}”缺少路径：应写作 file=requirements.txt:flask%0A。"
                )
            }
            ParamProblem::TooManyFiles(n) => trf!(
                l,
                "{n} file= parameters: only the first {MAX_FILES} were read.",
                "Параметров file=: {n}; прочитаны только первые {MAX_FILES}.",
                "共有 {n} 个 file= 参数，只读取了前 {MAX_FILES} 个。"
            ),
            ParamProblem::BadOrigin(o) => trf!(
                l,
                "origin={o} is not an origin like https://example.com; messages from the host are ignored.",
                "origin={o} — не источник вида https://example.com; сообщения от страницы игнорируются.",
                "origin={o} 不是类似 https://example.com 的源；宿主页面的消息将被忽略。"
            ),
        }
    }
}

/// The options of an embed, read from the query string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedParams {
    pub readonly: bool,
    /// The panes shown, in the order given (never empty).
    pub panes: Vec<Pane>,
    /// The panel open first below the editor.
    pub pane: Option<Pane>,
    pub theme: Theme,
    /// `code=`: the Dockerfile as plain percent-encoded text.
    pub code: Option<String>,
    /// `file=<path>:<text>` (repeatable, percent-encoded): build-context
    /// files for `code=`, e.g. `file=requirements.txt:flask%0A`.
    pub files: Vec<(String, String)>,
    /// `origin=`: the only origin whose messages are accepted (besides being
    /// the parent window). `Some("")` when the parameter was malformed: then
    /// nothing is accepted.
    pub origin: Option<String>,
    /// `lang=`, passed on to the "open in Layerlab" link.
    pub lang: Option<Lang>,
    pub problems: Vec<ParamProblem>,
}

impl Default for EmbedParams {
    fn default() -> Self {
        EmbedParams {
            readonly: false,
            panes: Pane::ALL.to_vec(),
            pane: None,
            theme: Theme::Auto,
            code: None,
            files: Vec::new(),
            origin: None,
            lang: None,
            problems: Vec::new(),
        }
    }
}

fn truthy(v: &str) -> bool {
    !matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "0" | "false" | "no" | "off"
    )
}

impl EmbedParams {
    /// Reads `?embed&…` (with or without the `?`); `None` when `embed` is absent.
    pub fn parse(search: &str) -> Option<EmbedParams> {
        let q = search.strip_prefix('?').unwrap_or(search);
        let pairs: Vec<(String, String)> = q
            .split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (percent_decode(k).0, v.to_string())
            })
            .collect();
        if !pairs.iter().any(|(k, _)| k == "embed") {
            return None;
        }
        let mut p = EmbedParams::default();
        let mut wanted_pane = None;
        // file= paths already read, and where (a later one replaces it).
        let mut file_at = std::collections::HashMap::<String, (usize, String)>::new();
        let mut files_given = 0usize;
        for (k, raw) in &pairs {
            if k == "file" {
                files_given += 1;
                if files_given > MAX_FILES {
                    continue;
                }
            }
            let (v, utf8) = percent_decode(raw);
            match k.as_str() {
                "readonly" => p.readonly = truthy(&v),
                "panes" => {
                    let mut panes = Vec::new();
                    for name in v.split(',').filter(|s| !s.trim().is_empty()) {
                        match Pane::from_name(name) {
                            Some(x) if !panes.contains(&x) => panes.push(x),
                            Some(_) => {}
                            None => p
                                .problems
                                .push(ParamProblem::UnknownPane(name.trim().to_string())),
                        }
                    }
                    if !panes.is_empty() {
                        p.panes = panes;
                    }
                }
                "pane" => match Pane::from_name(&v) {
                    Some(x) => wanted_pane = Some((x, v.clone())),
                    None => p
                        .problems
                        .push(ParamProblem::UnknownPane(v.trim().to_string())),
                },
                "theme" => match Theme::from_name(&v) {
                    Some(t) => p.theme = t,
                    None => p
                        .problems
                        .push(ParamProblem::UnknownTheme(v.trim().to_string())),
                },
                "code" => {
                    if !utf8 {
                        p.problems.push(ParamProblem::CodeNotUtf8);
                    }
                    p.code = Some(v);
                }
                "file" => match v.split_once(':') {
                    Some((path, text)) if !path.trim().is_empty() => {
                        let path = path.trim().trim_start_matches("./").to_string();
                        // The last one of a path wins, at its position.
                        file_at.insert(path, (files_given, text.to_string()));
                    }
                    _ => p.problems.push(ParamProblem::BadFile(v.clone())),
                },
                "origin" => {
                    if let Some(o) = normalize_origin(&v) {
                        p.origin = Some(o);
                    } else {
                        p.problems.push(ParamProblem::BadOrigin(v.clone()));
                        p.origin = Some(String::new());
                    }
                }
                "lang" => p.lang = Lang::from_tag(&v),
                _ => {}
            }
        }
        let mut files: Vec<_> = file_at.into_iter().collect();
        layerlab_sort::sort_by_key(&mut files, |(_, (at, _))| *at);
        p.files = files
            .into_iter()
            .map(|(path, (_, text))| (path, text))
            .collect();
        if files_given > MAX_FILES {
            p.problems.push(ParamProblem::TooManyFiles(files_given));
        }
        if p.problems.len() > MAX_PROBLEMS {
            p.problems.drain(MAX_PROBLEMS - 1..p.problems.len() - 1);
        }
        if let Some((x, name)) = wanted_pane {
            if p.panes.contains(&x) {
                p.pane = Some(x);
            } else {
                p.problems
                    .push(ParamProblem::PaneHidden(name.trim().to_string()));
            }
        }
        Some(p)
    }

    pub fn shows(&self, pane: Pane) -> bool {
        self.panes.contains(&pane)
    }

    /// The panes shown as tabs below the editor.
    pub fn tabs(&self) -> Vec<Pane> {
        self.panes
            .iter()
            .copied()
            .filter(|p| *p != Pane::Editor)
            .collect()
    }

    /// The tab open first: `pane=` if it is a tab, else the first tab.
    pub fn first_tab(&self) -> Option<Pane> {
        let tabs = self.tabs();
        match self.pane {
            Some(p) if tabs.contains(&p) => Some(p),
            _ => tabs.first().copied(),
        }
    }
}

/// Decodes `%XX` escapes (a `%` not followed by two hex digits stays as it
/// is; `+` stays a plus, since Dockerfiles contain `g++`). Returns the text
/// and whether the bytes were valid UTF-8.
pub fn percent_decode(s: &str) -> (String, bool) {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => (s, true),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), false),
    }
}

mod origin;
mod report;
mod snippets;
pub use origin::*;
pub use report::*;
pub use snippets::*;

#[cfg(test)]
mod tests;
