//! Embed mode: the page inside an iframe on someone else's page (docs, blog
//! posts), opened as `?embed` plus options (docs/embedding.md).
//!
//! The pure part (reading the query, percent-decoding `code=`, deciding
//! whether a message is accepted, the snippets the share popover offers, the
//! report handed to hosts) is plain Rust, tested natively. The browser part
//! (`postMessage`, `message` events, `ResizeObserver`) is in [`web`], compiled
//! for wasm32 only; it never panics on what a host sends: anything malformed
//! is ignored.
//!
//! An embed never writes local storage: it must not overwrite the session a
//! person has in the full page (components/embed_app.rs keeps no autosave).

use layerlab_analysis::{Finding, ImageReport, LayerReport, StageReport};
use layerlab_syntax::Severity;
use serde::Serialize;

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
        files.sort_by_key(|(_, (at, _))| *at);
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

/// An origin as the browser writes `MessageEvent.origin`: `https://host`
/// or `http://host`, scheme and host in lower case, the port only when it is
/// not the scheme's default (`https://A.example:443/` → `https://a.example`).
/// `None` for anything else: another scheme (`javascript:`), a path, a
/// query, user info, a bad port.
pub fn normalize_origin(s: &str) -> Option<String> {
    let s = s.trim();
    let s = s.strip_suffix('/').unwrap_or(s);
    let (scheme, rest) = s.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => "443",
        "http" => "80",
        _ => return None,
    };
    let (host, port) = if let Some(v6) = rest.strip_prefix('[') {
        let (inside, after) = v6.split_once(']')?;
        if inside.is_empty()
            || !inside
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return None;
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (format!("[{}]", inside.to_ascii_lowercase()), port)
    } else {
        let (host, port) = match rest.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (rest, None),
        };
        let ok = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-';
        if host.is_empty() || !host.bytes().all(ok) || host.starts_with('.') {
            return None;
        }
        (host.to_ascii_lowercase(), port)
    };
    let port = match port {
        None => None,
        Some(p) => {
            if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let n: u32 = p.parse().ok()?;
            if n > 65535 {
                return None;
            }
            let n = n.to_string();
            (n != default_port).then_some(n)
        }
    };
    Some(match port {
        Some(p) => format!("{scheme}://{host}:{p}"),
        None => format!("{scheme}://{host}"),
    })
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

/// Percent-encodes `s` for `code=` like `encodeURIComponent` does (the
/// tests' round trip; hosts and embed.js encode on their side).
#[cfg(test)]
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether a message event is a command to obey: it must come from the
/// parent window and, when `origin=` was given, from that origin, compared
/// as origins ([`normalize_origin`] on both sides: case, default ports).
pub fn accepts(from_parent: bool, origin: &str, allowed: Option<&str>) -> bool {
    from_parent
        && match allowed {
            None => true,
            Some(a) => {
                !a.is_empty()
                    && normalize_origin(origin).is_some_and(|o| Some(o) == normalize_origin(a))
            }
        }
}

/// The longest text `layerlab:set-text` takes (characters).
pub const MAX_TEXT: usize = 1 << 20;

/// The report hosts get (`layerlab:get-report`): the fields of
/// `layerlab check --format json` for one file except `file`, `suppressed`
/// and `below_threshold`, plus the counts per severity.
#[derive(Serialize)]
pub struct HostReport<'a> {
    pub findings: &'a [Finding],
    pub stages: &'a [StageReport],
    pub layers: &'a [LayerReport],
    pub image: &'a Option<ImageReport>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

pub fn report_json(state: &crate::state::State) -> String {
    let r = HostReport {
        findings: &state.findings,
        stages: &state.stages,
        layers: &state.layers,
        image: &state.image,
        errors: state.count(Severity::Error),
        warnings: state.count(Severity::Warning),
        infos: state.count(Severity::Info),
    };
    serde_json::to_string(&r).unwrap_or_else(|_| "null".into())
}

/// `"` `&` `<` `>` escaped, for HTML text and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// The directory of a page's path (`/layerlab/index.html` → `/layerlab/`).
pub fn dir_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "/",
    }
}

/// The `<iframe>` snippet for a page at `page` (origin and path) showing
/// the state in `fragment` (`#v1.…`).
pub fn iframe_snippet(page: &str, fragment: &str) -> String {
    let src = format!("{page}?embed{fragment}");
    format!(
        "<iframe src=\"{}\" title=\"Layerlab: Dockerfile playground\" loading=\"lazy\" \
         style=\"width:100%;height:480px;border:0\"></iframe>",
        html_escape(&src)
    )
}

/// The loader snippet: the script (once per page) and a `<pre data-layerlab>`
/// holding the Dockerfile, which stays readable without scripts.
pub fn loader_snippet(site_dir: &str, text: &str) -> String {
    format!(
        "<script src=\"{}embed.js\" defer></script>\n<pre data-layerlab>{}</pre>",
        html_escape(site_dir),
        html_escape(text.trim_end_matches('\n'))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_an_embed_without_the_key() {
        assert_eq!(EmbedParams::parse(""), None);
        assert_eq!(EmbedParams::parse("?lang=ru&embedded=1"), None);
        assert!(EmbedParams::parse("?embed").is_some());
        assert!(EmbedParams::parse("lang=ru&embed=1").is_some());
    }

    #[test]
    fn reads_every_option() {
        let p = EmbedParams::parse(
            "?embed&readonly&panes=findings,editor,graph&pane=graph&theme=dark\
             &code=FROM%20python%3A3.12%0ARUN%20apt-get%20install%20g++&origin=https://blog.example/&lang=zh",
        )
        .unwrap();
        assert!(p.readonly);
        assert_eq!(p.panes, vec![Pane::Findings, Pane::Editor, Pane::Graph]);
        assert_eq!(p.tabs(), vec![Pane::Findings, Pane::Graph]);
        assert_eq!(p.first_tab(), Some(Pane::Graph));
        assert_eq!(p.theme, Theme::Dark);
        assert_eq!(
            p.code.as_deref(),
            Some("FROM python:3.12\nRUN apt-get install g++")
        );
        assert_eq!(p.origin.as_deref(), Some("https://blog.example"));
        assert_eq!(p.lang, Some(Lang::Zh));
        assert!(p.problems.is_empty());
    }

    #[test]
    fn files_give_code_a_build_context() {
        let p = EmbedParams::parse(
            "?embed&code=FROM%20python&file=requirements.txt:flask%3D%3D3.0%0Agunicorn%0A\
             &file=./src/app.py:print(1)&file=requirements.txt:flask%0A&file=nopath",
        )
        .unwrap();
        assert_eq!(
            p.files,
            vec![
                ("src/app.py".to_string(), "print(1)".to_string()),
                ("requirements.txt".to_string(), "flask\n".to_string()),
            ]
        );
        assert_eq!(p.problems, vec![ParamProblem::BadFile("nopath".into())]);
    }

    #[test]
    fn defaults_and_bad_values_are_reported_not_fatal() {
        let p = EmbedParams::parse("?embed&readonly=false").unwrap();
        assert!(!p.readonly);
        assert_eq!(p.panes, Pane::ALL.to_vec());
        assert_eq!(p.first_tab(), Some(Pane::Findings));

        let p = EmbedParams::parse("?embed&panes=graph,bogus&pane=sizes&theme=purple&origin=evil")
            .unwrap();
        assert_eq!(p.panes, vec![Pane::Graph]);
        assert_eq!(p.first_tab(), Some(Pane::Graph));
        assert_eq!(p.theme, Theme::Auto);
        assert_eq!(p.origin.as_deref(), Some(""));
        assert_eq!(
            p.problems,
            vec![
                ParamProblem::UnknownPane("bogus".into()),
                ParamProblem::UnknownTheme("purple".into()),
                ParamProblem::BadOrigin("evil".into()),
                ParamProblem::PaneHidden("sizes".into()),
            ]
        );
        for problem in &p.problems {
            for l in Lang::ALL {
                assert!(!problem.message(l).is_empty());
            }
        }
        // Nothing valid in panes=: all are shown.
        let p = EmbedParams::parse("?embed&panes=,nope").unwrap();
        assert_eq!(p.panes, Pane::ALL.to_vec());
        // Only the editor: no tabs.
        let p = EmbedParams::parse("?embed&panes=editor").unwrap();
        assert_eq!(p.first_tab(), None);
    }

    #[test]
    fn percent_decoding_is_lenient() {
        assert_eq!(percent_decode("a%20b+c"), ("a b+c".into(), true));
        assert_eq!(percent_decode("100%"), ("100%".into(), true));
        assert_eq!(percent_decode("%zz%4"), ("%zz%4".into(), true));
        assert_eq!(percent_decode("%E4%B8%AD"), ("中".into(), true));
        let (s, ok) = percent_decode("x%FFy");
        assert!(!ok);
        assert_eq!(s, "x\u{FFFD}y");
        let p = EmbedParams::parse("?embed&code=%C3").unwrap();
        assert_eq!(p.problems, vec![ParamProblem::CodeNotUtf8]);
        let text = "FROM alpine\nRUN echo \"a&b=c\" 100% é 中 g++\n";
        assert_eq!(percent_decode(&percent_encode(text)), (text.into(), true));
    }

    #[test]
    fn origin_checks() {
        assert!(accepts(true, "https://a.example", None));
        assert!(!accepts(false, "https://a.example", None));
        assert!(accepts(
            true,
            "https://a.example",
            Some("https://a.example")
        ));
        assert!(!accepts(
            true,
            "https://b.example",
            Some("https://a.example")
        ));
        assert!(!accepts(
            false,
            "https://a.example",
            Some("https://a.example")
        ));
        // A malformed origin= accepts nothing.
        assert!(!accepts(true, "", Some("")));
        assert!(!accepts(true, "null", Some("")));
    }

    #[test]
    fn snippets_escape_the_text() {
        let s = loader_snippet(
            "https://x.example/ll/",
            "FROM a\nRUN cat <<EOF > f && echo \"hi\"\nEOF\n",
        );
        assert_eq!(
            s,
            "<script src=\"https://x.example/ll/embed.js\" defer></script>\n\
             <pre data-layerlab>FROM a\nRUN cat &lt;&lt;EOF &gt; f &amp;&amp; echo &quot;hi&quot;\nEOF</pre>"
        );
        let i = iframe_snippet("https://x.example/ll/index.html", "#v1.abc");
        assert!(i.contains("src=\"https://x.example/ll/index.html?embed#v1.abc\""));
        assert_eq!(dir_of("/ll/index.html"), "/ll/");
        assert_eq!(dir_of("/"), "/");
        assert_eq!(dir_of(""), "/");
    }

    #[test]
    fn report_has_the_cli_fields() {
        let s = crate::state::State::new("FROM python:3.12-slim-buster\nRUN apk add curl\n");
        let v: serde_json::Value = serde_json::from_str(&report_json(&s)).unwrap();
        for k in [
            "findings", "stages", "layers", "image", "errors", "warnings", "infos",
        ] {
            assert!(v.get(k).is_some(), "{k} missing");
        }
        assert!(!v["findings"].as_array().unwrap().is_empty());
        assert!(v["errors"].as_u64().unwrap() >= 1);
    }

    /// Payload 20: origin= compared as a parsed origin.
    #[test]
    fn origins_are_compared_parsed() {
        for (given, host) in [
            ("https://A.example", "https://a.example"),
            ("https://a.example:443", "https://a.example"),
            ("HTTPS://a.EXAMPLE:443/", "https://a.example"),
            ("http://a.example:80", "http://a.example"),
            ("http://127.0.0.1:8775", "http://127.0.0.1:8775"),
            ("https://[::1]:443", "https://[::1]"),
        ] {
            let p =
                EmbedParams::parse(&format!("?embed&origin={}", percent_encode(given))).unwrap();
            assert_eq!(p.origin.as_deref(), Some(host), "{given}");
            assert!(p.problems.is_empty());
            assert!(accepts(true, host, p.origin.as_deref()), "{given}");
            assert!(
                accepts(true, &host.to_uppercase(), p.origin.as_deref()),
                "{given}"
            );
        }
        assert!(!accepts(
            true,
            "https://a.example:8443",
            Some("https://a.example")
        ));
        assert!(!accepts(
            true,
            "http://a.example",
            Some("https://a.example")
        ));
        assert!(!accepts(
            true,
            "https://a.example.evil",
            Some("https://a.example")
        ));
        for bad in [
            "javascript:alert(3)",
            "https://a.example/path",
            "https://user@a.example",
            "https://a.example:99999",
            "https://a.example:",
            "https://",
            "data:text/html,x",
            "https://a.example?x",
            "https://a\"b",
        ] {
            assert_eq!(normalize_origin(bad), None, "{bad}");
        }
    }

    /// Payloads 16 and 17: hostile values are kept as text in notes (the
    /// components render them as text), and 140,000 file= parameters are
    /// read in linear time, capped.
    #[test]
    fn hostile_parameters_become_notes() {
        let q = "?embed&panes=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E\
                 &theme=%22%3E%3Csvg%20onload%3Dalert(2)%3E&origin=javascript:alert(3)\
                 &file=%3Cimg%20src%3Dx%20onerror%3Dalert(4)%3E\
                 &code=FROM%20alpine%20AS%20%3Cimg%20src%3Dx%20onerror%3Dalert(5)%3E";
        let p = EmbedParams::parse(q).unwrap();
        assert_eq!(p.origin.as_deref(), Some(""));
        assert_eq!(p.panes, Pane::ALL.to_vec());
        assert_eq!(p.theme, Theme::Auto);
        assert_eq!(
            p.problems,
            vec![
                ParamProblem::UnknownPane("<img src=x onerror=alert(1)>".into()),
                ParamProblem::UnknownTheme("\">\u{3c}svg onload=alert(2)>".into()),
                ParamProblem::BadOrigin("javascript:alert(3)".into()),
                ParamProblem::BadFile("<img src=x onerror=alert(4)>".into()),
            ]
        );
        assert_eq!(
            p.code.as_deref(),
            Some("FROM alpine AS <img src=x onerror=alert(5)>")
        );

        let mut q = String::from("?embed&code=FROM%20alpine");
        for i in 0..140_000 {
            q.push_str(&format!("&file=f{}.txt:x", i % 5000));
        }
        q.push_str("&file=bad");
        let started = std::time::Instant::now();
        let p = EmbedParams::parse(&q).unwrap();
        assert!(started.elapsed().as_secs_f64() < 5.0);
        assert_eq!(p.files.len(), MAX_FILES);
        assert_eq!(p.problems, vec![ParamProblem::TooManyFiles(140_001)]);
        // Many bad values: at most MAX_PROBLEMS notes, the last one kept.
        let mut q = String::from("?embed");
        for i in 0..100 {
            q.push_str(&format!("&pane=x{i}"));
        }
        q.push_str("&theme=last");
        let p = EmbedParams::parse(&q).unwrap();
        assert_eq!(p.problems.len(), MAX_PROBLEMS);
        assert_eq!(
            p.problems.last(),
            Some(&ParamProblem::UnknownTheme("last".into()))
        );
    }
}
