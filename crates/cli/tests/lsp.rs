//! `layerlab lsp` driven as an editor drives it: a child process, JSON-RPC
//! with Content-Length framing on its standard input and output.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};

mod common;
use common::seed04_project as project;
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// Messages read while waiting for something else.
    seen: Vec<Value>,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_layerlab"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("layerlab lsp starts");
        let stdin = child.stdin.take().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = channel();
        std::thread::spawn(move || loop {
            let mut len = None;
            loop {
                let mut line = String::new();
                if out.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length: ") {
                    len = v.parse::<usize>().ok();
                }
            }
            let mut body = vec![0; len.expect("a Content-Length header")];
            out.read_exact(&mut body).unwrap();
            let v: Value = serde_json::from_slice(&body).expect("JSON body");
            if tx.send(v).is_err() {
                return;
            }
        });
        Client {
            child,
            stdin,
            rx,
            next_id: 0,
            seen: Vec::new(),
        }
    }

    fn send(&mut self, v: Value) {
        let body = v.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its result (failing on an error response).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let resp = self.wait(|m| m["id"] == json!(id) && m.get("method").is_none());
        assert!(resp.get("error").is_none(), "{method}: {resp}");
        resp["result"].clone()
    }

    /// The first message (already seen or new) that matches.
    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&pred) {
            return self.seen.remove(i);
        }
        loop {
            let m = self
                .rx
                .recv_timeout(WAIT)
                .expect("the server answers in time");
            if pred(&m) {
                return m;
            }
            self.seen.push(m);
        }
    }

    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }
}

fn uri_of(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// Applies LSP text edits (ASCII lines here) to a text.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let ch = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let l = text[start..].split('\n').next().unwrap();
        start
            + l.char_indices()
                .map(|(i, _)| i)
                .chain([l.len()])
                .nth(ch)
                .unwrap()
    };
    let mut es: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    es.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in es {
        out.replace_range(s..e, t);
    }
    out
}

fn start(name: &str, init_options: Value) -> (Client, PathBuf, String, String) {
    let (dir, text) = project(name);
    let uri = uri_of(&dir.join("Dockerfile"));
    let mut c = Client::start();
    let init = c.request(
        "initialize",
        json!({"processId": null, "rootUri": uri_of(&dir), "capabilities": {}, "initializationOptions": init_options}),
    );
    assert_eq!(
        init["capabilities"]["textDocumentSync"]["change"], 2,
        "incremental sync: {init}"
    );
    assert_eq!(init["serverInfo"]["name"], "layerlab");
    c.notify("initialized", json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}),
    );
    (c, dir, uri, text)
}

fn stop(mut c: Client, dir: &Path) {
    assert_eq!(c.request("shutdown", Value::Null), Value::Null);
    c.notify("exit", Value::Null);
    let status = c.child.wait().unwrap();
    assert!(status.success(), "exit status {status}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_session_as_an_editor_has_it() {
    let (mut c, dir, uri, text) = start("session", json!({"today": "2025-06-01"}));

    // Diagnostics: the error on line 18 (0-based 17), with the real package name
    // from the context's requirements.txt, its rule and documentation link.
    let diags = c.diagnostics(&uri, 1);
    let err = diags
        .iter()
        .find(|d| d["severity"] == 1)
        .unwrap_or_else(|| panic!("an error in {diags:?}"));
    assert_eq!(err["range"]["start"]["line"], 17, "{err}");
    assert_eq!(err["code"], "python-packages-left-behind");
    assert_eq!(err["source"], "layerlab");
    let href = err["codeDescription"]["href"].as_str().unwrap();
    assert!(
        href.ends_with("/docs/rules.md#python-packages-left-behind"),
        "{href}"
    );
    let msg = err["message"].as_str().unwrap();
    assert!(
        msg.contains("flask"),
        "the context's package is named: {msg}"
    );
    assert!(msg.contains("Cost: the container fails at start"), "{msg}");
    // Related information: the RUN on line 8 that installed the packages,
    // in stage builder (typed data of the finding, not its message).
    let related = err["relatedInformation"]
        .as_array()
        .unwrap_or_else(|| panic!("related information in {err}"));
    assert_eq!(related[0]["location"]["uri"], uri.as_str(), "{err}");
    assert_eq!(
        related[0]["location"]["range"]["start"],
        json!({"line": 7, "character": 0}),
        "{err}"
    );
    let rel = related[0]["message"].as_str().unwrap();
    assert!(
        rel.contains("stage builder") && rel.contains("flask"),
        "{rel}"
    );
    assert!(diags.iter().any(|d| d["code"] == "pip-cache-in-builder"));

    // A code action on line 8 adds --no-cache-dir; applied, the finding goes.
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 7, "character": 0}, "end": {"line": 7, "character": 3}}, "context": {"diagnostics": []}}),
    );
    let action = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Add --no-cache-dir")
        .unwrap_or_else(|| panic!("the fix in {actions}"));
    assert_eq!(action["kind"], "quickfix");
    let edits = action["edit"]["changes"][uri.as_str()]
        .as_array()
        .unwrap()
        .clone();
    let fixed = apply(&text, &edits);
    assert!(
        fixed.contains("RUN pip install --no-cache-dir --user -r requirements.txt")
            || fixed.contains("--no-cache-dir"),
        "{fixed}"
    );
    let changes: Vec<Value> = edits
        .iter()
        .map(|e| json!({"range": e["range"], "text": e["newText"]}))
        .collect();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": changes}),
    );
    let diags = c.diagnostics(&uri, 2);
    assert!(
        !diags.iter().any(|d| d["code"] == "pip-cache-in-builder"),
        "{diags:?}"
    );
    assert!(diags
        .iter()
        .any(|d| d["code"] == "python-packages-left-behind"));

    // Hover on python:3.8-slim (line 12): Debian, glibc, its size.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 11, "character": 10}}),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    for word in ["python:3.8-slim", "Debian", "glibc", "MB", "end of life"] {
        assert!(md.contains(word), "{word} in {md}");
    }
    assert_eq!(hover["range"]["start"], json!({"line": 11, "character": 5}));

    // Hover on an instruction: its layer's size.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 19, "character": 1}}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("**Layer** (line 20)"),
        "{hover}"
    );

    // Go to definition: --from=builder leads to the name in line 1.
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": 17, "character": 15}}),
    );
    assert_eq!(
        def["range"],
        json!({"start": {"line": 0, "character": 19}, "end": {"line": 0, "character": 26}}),
        "{def}"
    );
    // $PATH has no ARG or ENV before it in this file: no definition.
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": 23, "character": 24}}),
    );
    assert_eq!(def, Value::Null);

    // Symbols: the two stages.
    let syms = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let names: Vec<&str> = syms
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["builder", "stage 1"]);

    // Completion after a new line's `COPY --from=` lists the stage names.
    let end_line = fixed.lines().count();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [
            {"range": {"start": {"line": end_line, "character": 0}, "end": {"line": end_line, "character": 0}}, "text": "COPY --from="}
        ]}),
    );
    c.diagnostics(&uri, 3);
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": end_line, "character": 12}}),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["builder"], "{items}");
    assert_eq!(
        items[0]["textEdit"]["range"],
        json!({"start": {"line": end_line, "character": 12}, "end": {"line": end_line, "character": 12}})
    );

    // Image names after `FROM `, then the published tags after `python:3.1`,
    // newest first, replacing what was typed after the colon.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [
            {"range": {"start": {"line": end_line, "character": 0}, "end": {"line": end_line, "character": 12}}, "text": "FROM pyth"}
        ]}),
    );
    c.diagnostics(&uri, 4);
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": end_line, "character": 9}}),
    );
    assert_eq!(items[0]["label"], "python", "{items}");
    assert_eq!(items[0]["textEdit"]["newText"], "python");
    assert_eq!(items[0]["textEdit"]["range"]["start"]["character"], 5);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 5}, "contentChanges": [
            {"range": {"start": {"line": end_line, "character": 9}, "end": {"line": end_line, "character": 9}}, "text": "on:3.1"}
        ]}),
    );
    c.diagnostics(&uri, 5);
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": end_line, "character": 15}}),
    );
    let items = items.as_array().unwrap();
    let tags: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(
        !tags.is_empty() && tags.len() <= 50 && tags.iter().all(|t| t.starts_with("3.1")),
        "{tags:?}"
    );
    assert!(tags.contains(&"3.13-slim"), "{tags:?}");
    // The editor keeps the server's order (sortText), newest first.
    let sort: Vec<&str> = items
        .iter()
        .map(|i| i["sortText"].as_str().unwrap())
        .collect();
    assert!(sort.windows(2).all(|w| w[0] < w[1]), "{sort:?}");
    let minor = |t: &str| {
        t.split(['.', '-'])
            .nth(1)
            .unwrap()
            .parse::<u32>()
            .unwrap_or(0)
    };
    assert!(minor(tags[0]) >= minor(tags[tags.len() - 1]), "{tags:?}");
    assert_eq!(items[0]["textEdit"]["range"]["start"]["character"], 12);

    // Inlay hints: one per layer, with its size.
    let hints = c.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}}),
    );
    let hints = hints.as_array().unwrap();
    assert!(
        hints
            .iter()
            .any(|h| h["position"]["line"] == 7
                && h["label"].as_str().unwrap().starts_with("layer ")),
        "{hints:?}"
    );

    // Closing clears the diagnostics.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let m = c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["diagnostics"] == json!([])
    });
    assert_eq!(m["params"]["uri"], uri.as_str());
    stop(c, &dir);
}

#[test]
fn the_configuration_and_pragmas_apply() {
    let (dir, text) = project("config");
    std::fs::write(
        dir.join(".layerlab.toml"),
        "[rules]\nignore = [\"pip-cache-in-builder\"]\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    let uri = uri_of(&dir.join("Dockerfile"));
    let mut c = Client::start();
    c.request("initialize", json!({"processId": null, "capabilities": {}, "initializationOptions": {"today": "2025-06-01", "inlayHints": false}}));
    c.notify("initialized", json!({}));
    // A pragma above the second FROM drops that FROM's end-of-life warning only.
    let text = text.replace(
        "FROM python:3.8-slim",
        "# layerlab ignore=base-image-eol\nFROM python:3.8-slim",
    );
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 7, "text": text}}),
    );
    let diags = c.diagnostics(&uri, 7);
    let eol: Vec<u64> = diags
        .iter()
        .filter(|d| d["code"] == "base-image-eol")
        .map(|d| d["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(eol, [0], "{diags:?}");
    assert!(
        !diags.iter().any(|d| d["code"] == "pip-cache-in-builder"),
        "{diags:?}"
    );
    assert!(diags
        .iter()
        .any(|d| d["code"] == "python-packages-left-behind"));
    // Inlay hints are off when asked.
    let hints = c.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}}),
    );
    assert_eq!(hints, json!([]));
    // A malformed request gets an error, and the server goes on.
    c.next_id += 1;
    let id = c.next_id;
    c.send(json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {"nonsense": 1}}));
    let resp = c.wait(|m| m["id"] == json!(id));
    assert_eq!(resp["error"]["code"], -32602, "{resp}");
    stop(c, &dir);
}

/// Formatting answers with `layerlab fmt`'s edits; applied, they give what
/// `layerlab fmt` writes, and a formatted document gets none.
#[test]
fn formatting_gives_the_formatters_edits() {
    let (mut c, dir, uri, _) = start("format", json!({"today": "2025-06-01"}));
    let messy = "from alpine:3.20\nrun   echo hi  \ncmd [\"sh\",\"-c\",\"echo ok\"]";
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": messy}]}),
    );
    let edits = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let edits = edits.as_array().expect("edits").clone();
    let formatted = apply(messy, &edits);
    assert_eq!(
        formatted,
        "FROM alpine:3.20\nRUN echo hi\nCMD [\"sh\", \"-c\", \"echo ok\"]\n"
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": formatted}]}),
    );
    let again = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(again, Value::Null);
    stop(c, &dir);
}
