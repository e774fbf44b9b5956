//! ## What it does
//! Finds a `COPY` of the whole build context (`COPY . .`, `COPY . /app`)
//! that comes before the `RUN` installing the project's dependencies
//! (`pip install -r`, `npm ci`, `go mod download`, `bundle install`, …) in
//! the same stage.
//!
//! ## Why it matters
//! BuildKit reuses a layer only when everything before it is unchanged. With
//! the whole source copied first, every code change invalidates the copy,
//! and the dependency install runs again from scratch: minutes of rebuild
//! and downloads for a one-line change.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! COPY . /app
//! WORKDIR /app
//! RUN pip install --no-cache-dir -r requirements.txt
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! WORKDIR /app
//! COPY requirements.txt .
//! RUN pip install --no-cache-dir -r requirements.txt
//! COPY . .
//! ```
//!
//! ## References
//! - Docker docs, "Optimize cache usage in builds": <https://docs.docker.com/build/cache/optimize/>

use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &CopyBeforeDependencies;

struct CopyBeforeDependencies;

/// Does this command install dependencies from a manifest in the context?
fn installs_dependencies(words: &[String]) -> bool {
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let prog = w
        .first()
        .map(|p| crate::sim::vfs::basename(p))
        .unwrap_or("");
    let rest = &w[1.min(w.len())..];
    let rest: Vec<&str> = if prog.starts_with("python") && rest.first() == Some(&"-m") {
        rest[2.min(rest.len())..].to_vec()
    } else {
        rest.to_vec()
    };
    let pip = prog.starts_with("pip") || (prog.starts_with("python") && w.get(2) == Some(&"pip"));
    if pip {
        return rest.first() == Some(&"install")
            && rest.iter().any(|a| {
                *a == "-r"
                    || a.starts_with("--requirement")
                    || a.starts_with("-r")
                    || *a == "."
                    || *a == "-e"
            });
    }
    match prog {
        "npm" => {
            matches!(rest.first(), Some(&"ci") | Some(&"install") | Some(&"i")) && rest.len() <= 3
        }
        "yarn" | "pnpm" => rest.is_empty() || matches!(rest.first(), Some(&"install")),
        "go" => rest.first() == Some(&"mod") && rest.get(1) == Some(&"download"),
        "bundle" => rest.first() == Some(&"install"),
        "composer" => rest.first() == Some(&"install"),
        "poetry" | "pipenv" | "uv" => {
            rest.first() == Some(&"install") || (prog == "uv" && rest.first() == Some(&"sync"))
        }
        _ => false,
    }
}

impl Rule for CopyBeforeDependencies {
    fn meta(&self) -> Meta {
        Meta {
            id: "copy-before-dependencies",
            category: Category::Reproducibility,
            severity: Severity::Warning,
            summary: "the whole build context is copied before dependencies are installed",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let all = cx.instructions();
        for (k, (stage, ins)) in all.iter().enumerate() {
            if !super::_shared_instr::copies_context_source(ins, &[".", "./", "*", "./*"]) {
                continue;
            }
            let later = all[k + 1..]
                .iter()
                .take_while(|(s, i)| s == stage && i.kind != Keyword::From)
                .find(|(_, i)| {
                    if i.kind != Keyword::Run {
                        return false;
                    }
                    let Args::Shell { text } = &i.args else {
                        return false;
                    };
                    crate::sim::split_commands(&text.text)
                        .iter()
                        .any(|c| installs_dependencies(&c.words))
                });
            let Some((_, run)) = later else { continue };
            let span = super::_shared_instr::instruction_span(ins);
            let f = out.emit(span, format!("the whole build context is copied before the dependencies are installed (line {}): every code change reinstalls them", run.start_line));
            f.cost = Some(Cost::Rebuilds);
            f.help = "Copy only the dependency manifest (requirements.txt, package.json and its lock file, go.mod and go.sum) before the install, and the rest of the code after it.".into();
        }
    }
}
