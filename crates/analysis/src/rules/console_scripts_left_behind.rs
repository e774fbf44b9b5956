//! ## What it does
//! Finds console scripts (launchers such as `flask` or `gunicorn`) that pip
//! installed in a builder stage, whose packages the final image copies but
//! whose launchers it does not, when nothing in the final image runs them.
//! Advice only: the application works, started as `python app.py` or
//! `python -m flask`.
//!
//! When CMD or ENTRYPOINT does run a launcher that was left behind, the
//! container cannot start, and `cmd-not-found` reports that as an error; this
//! rule then stays silent, as it does when any RUN or HEALTHCHECK of the
//! final image names one. When the packages themselves are left behind,
//! `python-packages-left-behind` reports them.
//!
//! ## Why it matters
//! Copying only `site-packages` is a common way to carry dependencies into
//! the final stage. The launchers pip wrote into the builder's `bin`
//! directory (`/usr/local/bin`, `/root/.local/bin`, a venv's `bin`) stay
//! behind, so a later `CMD ["gunicorn", …]`, or someone running
//! `docker exec … flask shell`, finds nothing. It is worth knowing before
//! relying on them.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim AS builder
//! COPY requirements.txt .
//! RUN pip install --no-cache-dir -r requirements.txt
//!
//! FROM python:3.12-slim
//! COPY --from=builder /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages
//! COPY app.py .
//! CMD ["python", "app.py"]
//! ```
//!
//! ## Use instead
//! Copy the launchers too, if they are wanted:
//! ```dockerfile
//! COPY --from=builder /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages
//! COPY --from=builder /usr/local/bin /usr/local/bin
//! ```
//! or install into a venv in the builder and copy the whole venv, with its
//! `bin` on PATH. If they are not wanted, nothing needs to change.
//!
//! ## References
//! - Python Packaging User Guide, entry points (console scripts): <https://packaging.python.org/en/latest/specifications/entry-points/>

use super::_shared_sim::{path_dirs, unseen_beyond_base, which};
use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::vfs::{self, Kind, Origin};
use crate::sim::{EdgeKind, EdgeSource};
use crate::Category;
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &ConsoleScriptsLeftBehind;

struct ConsoleScriptsLeftBehind;

impl Rule for ConsoleScriptsLeftBehind {
    fn meta(&self) -> Meta {
        Meta {
            id: "console-scripts-left-behind",
            category: Category::Correctness,
            severity: Severity::Info,
            summary: "the final image copies Python packages from a builder but not their console scripts (unused)",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let Some(t) = cx.sim.target_stage() else {
            return;
        };
        // Launchers the simulation cannot see may be on PATH: nothing to claim.
        if path_dirs(t).iter().any(|d| unseen_beyond_base(&t.fs, d)) {
            return;
        }
        let chain = super::shipped_stages(cx.sim);
        // Read only when some stage leaves console scripts behind.
        let used = std::cell::OnceCell::new();
        let mut seen: Vec<usize> = Vec::new();
        for e in cx
            .sim
            .edges
            .iter()
            .filter(|e| e.kind == EdgeKind::CopyFrom && chain.contains(&e.to))
        {
            let EdgeSource::Stage { index: s } = e.from else {
                continue;
            };
            if seen.contains(&s) || chain.contains(&s) {
                continue;
            }
            seen.push(s);
            let src = &cx.sim.stages[s];
            // (launcher path in the builder, its name) for the packages the final image has.
            let mut left: Vec<(String, String)> = Vec::new();
            for (p, en) in src.fs.all() {
                if en.deleted || en.line.is_none() || en.kind != Kind::Executable {
                    continue;
                }
                let Origin::Pip { dist } = &en.origin else {
                    continue;
                };
                if !vfs::parent(p).is_some_and(|d| d.ends_with("/bin")) {
                    continue;
                }
                let dir = dist.replace('-', "_");
                let copied =
                    t.fs.all()
                        .any(|(k, x)| !x.deleted && k.ends_with(&format!("/site-packages/{dir}")));
                let name = vfs::basename(p).to_string();
                if !copied || t.fs.get(p).is_some_and(|x| !x.deleted) || which(t, &name).is_some() {
                    continue;
                }
                left.push((p.clone(), name));
            }
            if left.is_empty() {
                continue;
            }
            let used = used.get_or_init(|| used_words(cx, &chain));
            if left.iter().any(|(_, n)| used.contains(n)) {
                continue;
            }
            // The COPY that brings the packages (else the first from that stage).
            let lines: Vec<u32> = cx
                .sim
                .edges
                .iter()
                .filter(|x| {
                    x.kind == EdgeKind::CopyFrom
                        && x.from == EdgeSource::Stage { index: s }
                        && chain.contains(&x.to)
                })
                .map(|x| x.line)
                .collect();
            let ins = lines
                .iter()
                .filter_map(|l| super::_shared_sim::instruction_at(cx, *l))
                .find(|i| cx.text(i.span).contains("site-packages"))
                .or_else(|| {
                    lines
                        .first()
                        .and_then(|l| super::_shared_sim::instruction_at(cx, *l))
                });
            let Some(ins) = ins else { continue };
            let mut dirs: Vec<&str> = left.iter().filter_map(|(p, _)| vfs::parent(p)).collect();
            dirs.dedup();
            let paths: Vec<&str> = left.iter().map(|(p, _)| p.as_str()).collect();
            let name = src.display_name();
            let f = out.emit(
                super::_shared_instr::instruction_span(ins),
                format!(
                    "the console scripts pip installed in stage {name} ({}) are not copied into the final image; harmless here, since no CMD, ENTRYPOINT, RUN or HEALTHCHECK of the final image runs them",
                    paths.join(", ")
                ),
            );
            f.help = format!(
                "Nothing to do unless you need them; if you do, also copy {} from stage {name} and keep it on PATH.",
                dirs.join(" and ")
            );
        }
    }
}

/// Every word that CMD, ENTRYPOINT, RUN or HEALTHCHECK of the shipped stages
/// (`chain`) mention, by its last path component.
fn used_words(cx: &RuleCtx, chain: &[usize]) -> Vec<String> {
    let mut used: Vec<String> = Vec::new();
    for (stage, ins) in cx.instructions() {
        if !stage.is_some_and(|s| chain.contains(&s))
            || !matches!(
                ins.kind,
                Keyword::Cmd | Keyword::Entrypoint | Keyword::Run | Keyword::Healthcheck
            )
        {
            continue;
        }
        let text = cx.text(ins.span);
        for w in
            text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/')))
        {
            if !w.is_empty() {
                used.push(vfs::basename(w).to_string());
            }
        }
    }
    used
}
