//! The message loop: documents, their analyses, and the answers.

use crate::convert::Text;
use crate::{actions, diagnostics};
use layerlab_analysis::{Analysis, Analyzer, BuildContext, Config, Options, SimOptions};
use layerlab_assist::{complete, hover, navigate};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::*;
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// `initializationOptions` (all optional).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Settings {
    /// Inlay hints with each layer's size (default on).
    inlay_hints: Option<bool>,
    /// Today's date for end-of-life checks (`YYYY-MM-DD`; default: the clock).
    today: Option<String>,
}

struct Doc {
    uri: Uri,
    version: i32,
    text: String,
    /// The document's analyses: the last one, and what the next edit reuses.
    analyzer: Analyzer,
}

struct Server<'a> {
    conn: &'a Connection,
    settings: Settings,
    docs: HashMap<String, Doc>,
    /// Documents whose text changed since they were last analysed.
    dirty: BTreeSet<String>,
    /// Build contexts by directory, read once until a file in them changes.
    contexts: HashMap<PathBuf, Option<BuildContext>>,
}

/// The files whose change means a context (or the configuration) must be read again.
const WATCHED: &str = "**/{.dockerignore,.gitignore,.layerlab.toml,requirements*.txt,*.in,package.json,package-lock.json,yarn.lock,pnpm-lock.yaml,go.mod,go.sum,Pipfile,pyproject.toml,poetry.lock,Cargo.toml}";

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![
                "-".into(),
                "=".into(),
                "$".into(),
                "{".into(),
                ":".into(),
                " ".into(),
            ]),
            ..CompletionOptions::default()
        }),
        inlay_hint_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// Runs the handshake, then answers until `shutdown` and `exit`.
pub fn serve(conn: &Connection) -> Result<(), String> {
    let protocol = |e: lsp_server::ProtocolError| format!("language server: {e}");
    let (id, init) = conn.initialize_start().map_err(protocol)?;
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "layerlab".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    conn.initialize_finish(id, result).map_err(protocol)?;
    let params: InitializeParams = serde_json::from_value(init).unwrap_or_default();
    let settings = params
        .initialization_options
        .clone()
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    let mut s = Server {
        conn,
        settings,
        docs: HashMap::new(),
        dirty: BTreeSet::new(),
        contexts: HashMap::new(),
    };
    let watch = params
        .capabilities
        .workspace
        .and_then(|w| w.did_change_watched_files)
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    if watch {
        s.register_watcher();
    }
    s.run()
}

impl Server<'_> {
    fn run(&mut self) -> Result<(), String> {
        while let Ok(msg) = self.conn.receiver.recv() {
            if self.handle(msg)? {
                return Ok(());
            }
            // What else has arrived is handled before analysing: a burst of
            // changes is analysed once.
            while let Ok(msg) = self.conn.receiver.try_recv() {
                if self.handle(msg)? {
                    return Ok(());
                }
            }
            self.flush();
        }
        Ok(())
    }

    /// Handles one message; true on `exit` after `shutdown`.
    fn handle(&mut self, msg: Message) -> Result<bool, String> {
        match msg {
            Message::Request(r) => {
                if self.conn.handle_shutdown(&r).map_err(|e| e.to_string())? {
                    return Ok(true);
                }
                self.flush();
                let id = r.id.clone();
                let resp = match self.request(r) {
                    Ok(v) => Response::new_ok(id, v),
                    Err((code, msg)) => Response::new_err(id, code, msg),
                };
                self.send(Message::Response(resp));
            }
            Message::Notification(n) => {
                if n.method == notif::Exit::METHOD {
                    return Ok(true);
                }
                self.notification(n);
            }
            Message::Response(_) => {}
        }
        Ok(false)
    }

    fn send(&self, m: Message) {
        let _ = self.conn.sender.send(m);
    }

    fn log(&self, typ: MessageType, message: String) {
        self.notify::<notif::LogMessage>(LogMessageParams { typ, message });
    }

    fn notify<N: notif::Notification>(&self, params: N::Params) {
        self.send(Message::Notification(Notification::new(
            N::METHOD.into(),
            params,
        )));
    }

    fn register_watcher(&self) {
        let opts = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String(WATCHED.into()),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "layerlab-context".into(),
                method: notif::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(opts).ok(),
            }],
        };
        self.send(Message::Request(Request::new(
            RequestId::from("layerlab-register-watcher".to_string()),
            req::RegisterCapability::METHOD.into(),
            params,
        )));
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            notif::DidOpenTextDocument::METHOD => {
                let Ok(p) =
                    n.extract::<DidOpenTextDocumentParams>(notif::DidOpenTextDocument::METHOD)
                else {
                    return;
                };
                let key = p.text_document.uri.as_str().to_string();
                self.docs.insert(
                    key.clone(),
                    Doc {
                        uri: p.text_document.uri,
                        version: p.text_document.version,
                        text: p.text_document.text,
                        analyzer: Analyzer::default(),
                    },
                );
                self.dirty.insert(key);
            }
            notif::DidChangeTextDocument::METHOD => {
                let Ok(p) =
                    n.extract::<DidChangeTextDocumentParams>(notif::DidChangeTextDocument::METHOD)
                else {
                    return;
                };
                let key = p.text_document.uri.as_str().to_string();
                let Some(doc) = self.docs.get_mut(&key) else {
                    return;
                };
                for c in p.content_changes {
                    apply_change(&mut doc.text, c);
                }
                doc.version = p.text_document.version;
                self.dirty.insert(key);
            }
            notif::DidCloseTextDocument::METHOD => {
                let Ok(p) =
                    n.extract::<DidCloseTextDocumentParams>(notif::DidCloseTextDocument::METHOD)
                else {
                    return;
                };
                let key = p.text_document.uri.as_str().to_string();
                self.docs.remove(&key);
                self.dirty.remove(&key);
                self.notify::<notif::PublishDiagnostics>(PublishDiagnosticsParams {
                    uri: p.text_document.uri,
                    diagnostics: Vec::new(),
                    version: None,
                });
            }
            notif::DidSaveTextDocument::METHOD => {
                let Ok(p) =
                    n.extract::<DidSaveTextDocumentParams>(notif::DidSaveTextDocument::METHOD)
                else {
                    return;
                };
                // A saved file of the context (opened in the editor) is read again.
                if let Some(path) = crate::uri::to_path(p.text_document.uri.as_str()) {
                    if !self
                        .docs
                        .get(p.text_document.uri.as_str())
                        .is_some_and(|d| is_dockerfile(&d.uri))
                    {
                        self.files_changed(&[path]);
                    }
                }
            }
            notif::DidChangeWatchedFiles::METHOD => {
                let Ok(p) =
                    n.extract::<DidChangeWatchedFilesParams>(notif::DidChangeWatchedFiles::METHOD)
                else {
                    return;
                };
                let paths: Vec<PathBuf> = p
                    .changes
                    .iter()
                    .filter_map(|c| crate::uri::to_path(c.uri.as_str()))
                    .collect();
                self.files_changed(&paths);
            }
            _ => {}
        }
    }

    /// Files of a build context changed: forget the contexts that hold them
    /// and analyse the documents there again.
    fn files_changed(&mut self, paths: &[PathBuf]) {
        self.contexts
            .retain(|dir, _| !paths.iter().any(|p| p.starts_with(dir)));
        for (key, doc) in &self.docs {
            let dir = crate::uri::to_path(doc.uri.as_str())
                .and_then(|p| p.parent().map(Path::to_path_buf));
            if dir.is_some_and(|d| paths.iter().any(|p| p.starts_with(&d))) {
                self.dirty.insert(key.clone());
            }
        }
    }

    /// Analyses the changed documents and publishes their diagnostics.
    fn flush(&mut self) {
        let keys: Vec<String> = std::mem::take(&mut self.dirty).into_iter().collect();
        for key in keys {
            let Some(doc) = self.docs.get(&key) else {
                continue;
            };
            let uri = doc.uri.clone();
            let (options, config) = self.inputs(&uri);
            let Some(doc) = self.docs.get_mut(&key) else {
                continue;
            };
            let analysis = doc.analyzer.analyze(&doc.text, &options, &config);
            let t = Text {
                text: &doc.text,
                index: &analysis.dockerfile.line_index,
            };
            let diags = diagnostics::all(&uri, &t, &analysis.report.findings);
            let version = doc.version;
            self.notify::<notif::PublishDiagnostics>(PublishDiagnosticsParams {
                uri,
                diagnostics: diags,
                version: Some(version),
            });
        }
    }

    /// The analysis' options and configuration for a document: the file's
    /// directory as build context, the `.layerlab.toml` that applies to it.
    fn inputs(&mut self, uri: &Uri) -> (Options, Config) {
        let today = self
            .settings
            .today
            .clone()
            .unwrap_or_else(layerlab_project::today);
        let mut options = Options {
            sim: SimOptions {
                today,
                ..SimOptions::default()
            },
            context: None,
        };
        let Some(dir) =
            crate::uri::to_path(uri.as_str()).and_then(|p| p.parent().map(Path::to_path_buf))
        else {
            return (options, Config::default());
        };
        if !self.contexts.contains_key(&dir) {
            let ctx = match layerlab_project::context::load(&dir) {
                Ok((ctx, notes)) => {
                    for n in notes {
                        self.log(MessageType::INFO, n);
                    }
                    Some(ctx)
                }
                Err(e) => {
                    self.log(
                        MessageType::WARNING,
                        format!("{e}; analysed without a build context"),
                    );
                    None
                }
            };
            self.contexts.insert(dir.clone(), ctx);
        }
        options.context = self.contexts[&dir].clone();
        let found = layerlab_project::config::find(&dir);
        let config = match layerlab_project::config::read_found(&found) {
            Ok((c, note)) => {
                if let Some(n) = note {
                    self.log(MessageType::WARNING, n);
                }
                c
            }
            Err(e) => {
                self.notify::<notif::ShowMessage>(ShowMessageParams {
                    typ: MessageType::ERROR,
                    message: format!("layerlab: {e}; the defaults apply"),
                });
                Config::default()
            }
        };
        (options, config)
    }

    fn request(&mut self, r: Request) -> Result<serde_json::Value, (i32, String)> {
        let bad = |e: lsp_server::ExtractError<Request>| {
            (
                lsp_server::ErrorCode::InvalidParams as i32,
                format!("{e:?}"),
            )
        };
        let to = |v: Result<serde_json::Value, serde_json::Error>| {
            v.map_err(|e| (lsp_server::ErrorCode::InternalError as i32, e.to_string()))
        };
        match r.method.as_str() {
            req::CodeActionRequest::METHOD => {
                let p: CodeActionParams = r.extract(req::CodeActionRequest::METHOD).map_err(bad)?.1;
                let out = self.with_doc(&p.text_document.uri, |doc, a, t| {
                    actions::actions(&doc.uri, t, &a.report.findings, p.range)
                });
                to(serde_json::to_value(out.unwrap_or_default()))
            }
            req::HoverRequest::METHOD => {
                let p: HoverParams = r.extract(req::HoverRequest::METHOD).map_err(bad)?.1;
                let pos = p.text_document_position_params;
                let out = self.with_doc(&pos.text_document.uri, |_, a, t| {
                    let h =
                        hover::hover(&a.dockerfile, hover::Facts::of(a), t.offset(pos.position))?;
                    Some(Hover {
                        contents: HoverContents::Markup(MarkupContent {
                            kind: MarkupKind::Markdown,
                            value: h.markdown(),
                        }),
                        range: Some(t.range(h.span.start, h.span.end)),
                    })
                });
                to(serde_json::to_value(out.flatten()))
            }
            req::GotoDefinition::METHOD => {
                let p: GotoDefinitionParams =
                    r.extract(req::GotoDefinition::METHOD).map_err(bad)?.1;
                let pos = p.text_document_position_params;
                let out = self.with_doc(&pos.text_document.uri, |doc, a, t| {
                    let span = navigate::definition(&a.dockerfile, t.text, t.offset(pos.position))?;
                    Some(GotoDefinitionResponse::Scalar(Location::new(
                        doc.uri.clone(),
                        t.range(span.start, span.end),
                    )))
                });
                to(serde_json::to_value(out.flatten()))
            }
            req::Formatting::METHOD => {
                let p: DocumentFormattingParams =
                    r.extract(req::Formatting::METHOD).map_err(bad)?.1;
                let out = self.with_doc(&p.text_document.uri, |_, _, t| format_edits(t));
                to(serde_json::to_value(out.flatten()))
            }
            req::DocumentSymbolRequest::METHOD => {
                let p: DocumentSymbolParams = r
                    .extract(req::DocumentSymbolRequest::METHOD)
                    .map_err(bad)?
                    .1;
                let out = self.with_doc(&p.text_document.uri, |_, a, t| {
                    #[allow(deprecated)]
                    let syms: Vec<DocumentSymbol> = navigate::stages(&a.dockerfile)
                        .into_iter()
                        .map(|s| DocumentSymbol {
                            name: s.name,
                            detail: Some(s.detail),
                            kind: SymbolKind::MODULE,
                            tags: None,
                            deprecated: None,
                            range: t.range(s.range.start, s.range.end),
                            selection_range: t.range(s.selection.start, s.selection.end),
                            children: None,
                        })
                        .collect();
                    DocumentSymbolResponse::Nested(syms)
                });
                to(serde_json::to_value(out))
            }
            req::Completion::METHOD => {
                let p: CompletionParams = r.extract(req::Completion::METHOD).map_err(bad)?.1;
                let pos = p.text_document_position;
                let out = self.with_doc(&pos.text_document.uri, |_, a, t| {
                    let offset = t.offset(pos.position);
                    complete::complete(&a.dockerfile, t.text, offset)
                        .into_iter()
                        .enumerate()
                        .map(|(n, i)| completion_item(t, n, i))
                        .collect::<Vec<_>>()
                });
                to(serde_json::to_value(CompletionResponse::Array(
                    out.unwrap_or_default(),
                )))
            }
            req::InlayHintRequest::METHOD => {
                let p: InlayHintParams = r.extract(req::InlayHintRequest::METHOD).map_err(bad)?.1;
                if self.settings.inlay_hints == Some(false) {
                    return to(serde_json::to_value(Vec::<InlayHint>::new()));
                }
                let out = self.with_doc(&p.text_document.uri, |_, a, t| inlay_hints(a, t, p.range));
                to(serde_json::to_value(out.unwrap_or_default()))
            }
            _ => Err((
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("unknown request {}", r.method),
            )),
        }
    }

    fn with_doc<T>(&self, uri: &Uri, f: impl FnOnce(&Doc, &Analysis, &Text) -> T) -> Option<T> {
        let doc = self.docs.get(uri.as_str())?;
        let a = doc.analyzer.last()?;
        let t = Text {
            text: &doc.text,
            index: &a.dockerfile.line_index,
        };
        Some(f(doc, a, &t))
    }
}

/// A completion as the protocol has it: the edit replaces the typed word,
/// and `sortText` keeps the order given (tags newest first).
fn completion_item(t: &Text, n: usize, i: complete::Completion) -> CompletionItem {
    use complete::Kind;
    CompletionItem {
        kind: Some(match i.kind {
            Kind::Instruction => CompletionItemKind::KEYWORD,
            Kind::Flag => CompletionItemKind::PROPERTY,
            Kind::Stage => CompletionItemKind::MODULE,
            Kind::Variable => CompletionItemKind::VARIABLE,
            Kind::Image => CompletionItemKind::CLASS,
            Kind::Tag => CompletionItemKind::CONSTANT,
        }),
        detail: Some(i.detail),
        sort_text: Some(format!("{n:05}")),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
            t.range(i.replace.start, i.replace.end),
            i.insert,
        ))),
        label: i.label,
        ..CompletionItem::default()
    }
}

/// Each layer's size at the end of its instruction's last line.
fn inlay_hints(a: &Analysis, t: &Text, range: Range) -> Vec<InlayHint> {
    let mut out = Vec::new();
    for l in &a.report.layers {
        let line0 = l.end_line.saturating_sub(1);
        if line0 < range.start.line || line0 > range.end.line {
            continue;
        }
        let end = t
            .index
            .line_start(l.end_line + 1)
            .map(|n| n - 1)
            .unwrap_or(t.text.len());
        let end = if t.text[..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        let size = layerlab_analysis::sim::size::range_text(
            l.size_bytes,
            l.size_low_bytes,
            l.size_high_bytes,
            l.size_complete,
        );
        out.push(InlayHint {
            position: t.position(end),
            label: InlayHintLabel::String(format!("layer {size}")),
            kind: None,
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        });
    }
    out
}

fn is_dockerfile(uri: &Uri) -> bool {
    let name = uri
        .as_str()
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    name.contains("dockerfile") || name.contains("containerfile")
}

/// One change of `textDocument/didChange`: a range replaced (UTF-16
/// positions) or the whole text.
fn apply_change(text: &mut String, c: TextDocumentContentChangeEvent) {
    match c.range {
        Some(range) => {
            let index = layerlab_syntax::LineIndex::new(text);
            let t = Text {
                text,
                index: &index,
            };
            let (start, end) = (t.offset(range.start), t.offset(range.end));
            let (start, end) = (start.min(end), end.max(start));
            text.replace_range(start..end, &c.text);
        }
        None => *text = c.text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incremental_changes_count_utf16() {
        let mut s = "RUN é😀 x\nCMD y".to_string();
        apply_change(
            &mut s,
            TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(0, 8), Position::new(0, 9))),
                range_length: None,
                text: "zz".into(),
            },
        );
        assert_eq!(s, "RUN é😀 zz\nCMD y");
        apply_change(
            &mut s,
            TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(1, 0), Position::new(9, 0))),
                range_length: None,
                text: "".into(),
            },
        );
        assert_eq!(s, "RUN é😀 zz\n");
    }
}

/// `layerlab fmt`'s edits for the document, as text edits (None when the
/// file is already formatted or BuildKit cannot parse it: then nothing is
/// changed, as `layerlab fmt` leaves it).
fn format_edits(t: &Text) -> Option<Vec<TextEdit>> {
    let formatted = layerlab_syntax::fmt::format(t.text).ok()?;
    let edits: Vec<TextEdit> = formatted
        .edits
        .iter()
        .map(|e| TextEdit::new(t.range(e.span.start, e.span.end), e.text.clone()))
        .collect();
    (!edits.is_empty()).then_some(edits)
}
