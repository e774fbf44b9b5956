//! ## What it does
//! Finds a server started by the final image's `CMD` or `ENTRYPOINT` that
//! listens only on the container's loopback interface: told so
//! (`uvicorn --host 127.0.0.1`, `gunicorn --bind localhost:8000`,
//! `next start -H localhost`, `python -m http.server --bind 127.0.0.1`,
//! `hypercorn --bind 127.0.0.1:8000`), or by its default (`uvicorn` without
//! `--host` or `UVICORN_HOST`, `flask run` without `--host` or
//! `FLASK_RUN_HOST`, Django's `manage.py runserver` without an address or
//! with a bare port). gunicorn without `--bind` is `gunicorn-default-bind`.
//!
//! Defaults, from each tool's documentation: uvicorn's `--host` defaults to
//! 127.0.0.1 (<https://www.uvicorn.org/settings/>, environment variable
//! `UVICORN_HOST`); `flask run` binds 127.0.0.1 unless `--host` or
//! `FLASK_RUN_HOST` (<https://flask.palletsprojects.com/en/stable/cli/>);
//! `runserver` binds 127.0.0.1:8000, and `runserver 8000` keeps
//! 127.0.0.1 (<https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver>);
//! `next start` binds 0.0.0.0 unless `-H`
//! (<https://nextjs.org/docs/app/api-reference/cli/next>); `http.server`
//! binds every interface unless `--bind`
//! (<https://docs.python.org/3/library/http.server.html>).
//!
//! ## Why it matters
//! 127.0.0.1 inside a container is the container's own loopback: a
//! published port (`docker run -p 8000:8000`) reaches nothing, and the
//! service is unreachable from outside although it runs and its logs look
//! healthy.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! CMD ["uvicorn", "main:app", "--port", "8000"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
//! ```
//!
//! ## References
//! - uvicorn settings: <https://www.uvicorn.org/settings/>
//! - Flask CLI, `flask run`: <https://flask.palletsprojects.com/en/stable/cli/>
//! - Django `runserver`: <https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver>

use super::_shared_instr::instruction_span;
use super::_shared_sim::instruction_at;
use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::{split_commands, vfs, Stage};
use crate::Category;
use layerlab_syntax::{Args, Severity, Span};

pub(crate) const RULE: &dyn Rule = &ServiceBindsLocalhost;

struct ServiceBindsLocalhost;

impl Rule for ServiceBindsLocalhost {
    fn meta(&self) -> Meta {
        Meta {
            id: "service-binds-localhost",
            category: Category::Correctness,
            severity: Severity::Warning,
            summary: "the final command's server listens on 127.0.0.1 only (unreachable through a published port)",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        // The final stage, when this Dockerfile sets its CMD or ENTRYPOINT
        // (a CMD added to the image's own ENTRYPOINT counts).
        let Some(t) = cx.sim.target_stage() else {
            return;
        };
        if ![t.entrypoint.as_ref(), t.cmd.as_ref()]
            .into_iter()
            .flatten()
            .any(|c| c.line >= t.line)
        {
            return;
        }
        for (line, words) in command_lines(t) {
            let Some(hit) = loopback_server(t, &words) else {
                continue;
            };
            let Some(ins) = instruction_at(cx, line) else {
                continue;
            };
            let span = token_span(ins, hit.token.as_deref()).unwrap_or(instruction_span(ins));
            let f = out.emit(span, hit.message);
            f.cost = Some(Cost::Unreachable);
            f.help = hit.help.into();
            return;
        }
    }
}

/// The command lines the container runs (ENTRYPOINT and CMD, split into
/// simple commands), each with its instruction's line.
fn command_lines(t: &Stage) -> Vec<(u32, Vec<String>)> {
    let mut out = Vec::new();
    let mut exec: Vec<String> = Vec::new();
    let mut exec_line = 0;
    for c in [t.entrypoint.as_ref(), t.cmd.as_ref()]
        .into_iter()
        .flatten()
    {
        if c.shell_form {
            let script = c.args.last().cloned().unwrap_or_default();
            out.extend(
                split_commands(&script)
                    .into_iter()
                    .map(|s| (c.line, s.words)),
            );
        } else if c.args.len() >= 3
            && matches!(vfs::basename(&c.args[0]), "sh" | "bash")
            && c.args[1] == "-c"
        {
            out.extend(
                split_commands(&c.args[2])
                    .into_iter()
                    .map(|s| (c.line, s.words)),
            );
        } else {
            // The line of the instruction the server's words come from:
            // CMD's when it adds to an inherited ENTRYPOINT.
            if exec.is_empty() || c.line >= t.line {
                exec_line = c.line;
            }
            exec.extend(c.args.iter().cloned());
        }
    }
    if !exec.is_empty() {
        out.push((exec_line, exec));
    }
    out
}

struct Hit {
    message: String,
    help: &'static str,
    /// The word to underline (the host value), when there is one.
    token: Option<String>,
}

fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches("http://").trim_start_matches('[');
    h.starts_with("127.") || h.starts_with("localhost") || h.starts_with("::1")
}

/// The value of an option given as `--opt v`, `--opt=v` or `-o v`.
fn option<'a>(args: &'a [String], names: &[&str]) -> Option<&'a str> {
    for (i, a) in args.iter().enumerate() {
        for n in names {
            if a == n {
                return args.get(i + 1).map(String::as_str);
            }
            if let Some(v) = a.strip_prefix(&format!("{n}=")) {
                return Some(v);
            }
        }
    }
    None
}

fn loopback_server(t: &Stage, words: &[String]) -> Option<Hit> {
    if words.iter().any(|w| w.contains('$')) {
        return None;
    }
    // `python -m uvicorn`, `python3 -m flask`, `uvicorn`, `/venv/bin/flask`.
    let (tool, at) = words.iter().enumerate().find_map(|(i, w)| {
        let b = vfs::basename(w);
        let after_m = i > 0 && words[i - 1] == "-m";
        match b {
            "uvicorn" | "gunicorn" | "flask" | "hypercorn" | "next" => Some((b, i)),
            "http.server" if after_m => Some((b, i)),
            "manage.py" => Some((b, i)),
            _ => None,
        }
    })?;
    let args = &words[at + 1..];
    let explicit = |names: &[&str], tool: &str, what: &str| -> Option<Hit> {
        let v = option(args, names)?;
        is_loopback(v).then(|| Hit {
            message: format!("{tool} {what} {v}: the server listens on the container's loopback only, so a published port reaches nothing"),
            help: "Bind to 0.0.0.0 (all interfaces) inside the container; publish the port to choose who can reach it.",
            token: Some(v.to_string()),
        })
    };
    match tool {
        "uvicorn" => {
            if let Some(h) = explicit(&["--host"], "uvicorn", "--host") {
                return Some(h);
            }
            if option(args, &["--host", "--uds", "--fd"]).is_some()
                || t.env_get("UVICORN_HOST").is_some()
            {
                return None;
            }
            Some(Hit {
                message: "uvicorn without --host binds 127.0.0.1 (its default): the service is unreachable through a published port".into(),
                help: "Add --host 0.0.0.0 (or set ENV UVICORN_HOST=0.0.0.0).",
                token: None,
            })
        }
        "gunicorn" => explicit(&["--bind", "-b"], "gunicorn", "--bind"),
        "hypercorn" => explicit(&["--bind", "-b"], "hypercorn", "--bind"),
        "next" if args.first().map(String::as_str) == Some("start") => {
            explicit(&["-H", "--hostname"], "next start", "-H")
        }
        "http.server" => explicit(&["--bind", "-b"], "python -m http.server", "--bind"),
        "flask" if args.first().map(String::as_str) == Some("run") => {
            if let Some(h) = explicit(&["--host", "-h"], "flask run", "--host") {
                return Some(h);
            }
            if option(args, &["--host", "-h"]).is_some() || t.env_get("FLASK_RUN_HOST").is_some() {
                return None;
            }
            Some(Hit {
                message: "flask run without --host binds 127.0.0.1 (its default): the service is unreachable through a published port".into(),
                help: "Add --host=0.0.0.0 (or set ENV FLASK_RUN_HOST=0.0.0.0); for production, serve the app with gunicorn --bind 0.0.0.0:8000.",
                token: None,
            })
        }
        "manage.py" => {
            let r = args.iter().position(|a| a == "runserver")?;
            let addr = args[r + 1..].iter().find(|a| !a.starts_with('-'));
            let local = match addr {
                None => true,
                Some(a) => is_loopback(a) || a.chars().all(|c| c.is_ascii_digit()),
            };
            local.then(|| Hit {
                message: match addr {
                    None => "manage.py runserver without an address binds 127.0.0.1:8000 (its default): the service is unreachable through a published port".into(),
                    Some(a) => format!("manage.py runserver {a} binds the container's loopback (a bare port keeps 127.0.0.1): the service is unreachable through a published port"),
                },
                help: "Give the address: runserver 0.0.0.0:8000 (and for production, serve the app with gunicorn).",
                token: addr.cloned(),
            })
        }
        _ => None,
    }
}

/// The span of an exec-form item equal to `value`.
fn token_span(ins: &layerlab_syntax::Instruction, value: Option<&str>) -> Option<Span> {
    let v = value?;
    match &ins.args {
        Args::Exec { items, .. } => items
            .iter()
            .find(|t| t.text == v || t.text.ends_with(&format!("={v}")))
            .map(|t| t.span),
        _ => None,
    }
}
