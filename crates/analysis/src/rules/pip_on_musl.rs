//! ## What it does
//! Finds `pip install` in an Alpine (musl) stage where no C compiler has
//! been installed (`gcc`, `build-base`, `musl-dev` by `apk add` earlier in
//! the stage or the stages it builds on).
//!
//! ## Why it matters
//! Most prebuilt Python wheels on PyPI are built for glibc (`manylinux`).
//! On musl, pip can only use `musllinux` wheels; a package that publishes
//! none is compiled from source, which needs a compiler and headers that the
//! Alpine images do not ship. The build then fails, or succeeds only after
//! installing build tools that make the image bigger — often more than a
//! Debian slim image would have weighed. Layerlab's pip tables record, for
//! the newest measured release, whether each compiled wheel has a musllinux
//! twin; the finding names those without one, but it stays advice: the
//! requested versions may differ.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.13-alpine
//! COPY requirements.txt .
//! RUN pip install --no-cache-dir -r requirements.txt
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.13-slim
//! COPY requirements.txt .
//! RUN pip install --no-cache-dir -r requirements.txt
//! ```
//! or, if Alpine is required, install the build tools in a builder stage
//! (`apk add --no-cache build-base`) and copy only the installed packages.
//!
//! ## References
//! - PEP 656, platform tags for musl (`musllinux`): <https://peps.python.org/pep-0656/>
//! - Python packaging guide, "Platform compatibility tags": <https://packaging.python.org/en/latest/specifications/platform-compatibility-tags/>

use super::{Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::Severity;

pub(crate) const RULE: &dyn Rule = &PipOnMusl;

struct PipOnMusl;

impl Rule for PipOnMusl {
    fn meta(&self) -> Meta {
        Meta {
            id: "pip-on-musl",
            category: Category::Correctness,
            severity: Severity::Info,
            summary: "pip install on Alpine (musl) without a compiler: packages without musl wheels cannot build",
            hadolint: &[],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for st in cx.checked_stages() {
            let Some(f) = super::_shared_sim::facts(cx.sim, st.index) else {
                continue;
            };
            if f.libc.as_deref() != Some("musl") {
                continue;
            }
            let compiler = ["gcc", "build-base", "musl-dev", "clang"]
                .iter()
                .any(|p| st.fs.exists(&format!("/lib/apk/db/packages/{p}")));
            if compiler {
                continue;
            }
            for l in &st.layers {
                if !st
                    .pip_installs
                    .iter()
                    .any(|i| i.line == l.line && i.installs_something())
                {
                    continue;
                }
                let Some(ins) = super::_shared_sim::instruction_at(cx, l.line) else {
                    continue;
                };
                let without: Vec<String> = st
                    .pip_installs
                    .iter()
                    .filter(|i| i.line == l.line)
                    .flat_map(|i| without_musl_wheels(&i.dists, i.python.as_deref()))
                    .collect();
                let measured = if without.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; in the measured tables (newest release for this Python), {} publish no musllinux wheel",
                        without.join(", ")
                    )
                };
                let f = out.emit(super::_shared_instr::instruction_span(ins), format!(
                    "pip installs on musl ({}) in a stage without a C compiler: any package without a musllinux wheel fails to build{measured}",
                    f.reference
                ));
                f.help = "Check that every package has musllinux wheels, install build tools in a builder stage (apk add --no-cache build-base), or use a Debian slim image.".into();
            }
        }
    }
}

/// The distributions (or those of their measured closures) that have only
/// glibc wheels, per `pip-packages.csv`'s `musllinux` column.
fn without_musl_wheels(dists: &[String], python: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in dists {
        let Some(m) = layerlab_catalog::pip_package_for(d, "", &|_| true, python) else {
            continue;
        };
        if let Some(names) = m.row.musllinux.strip_prefix("no: ") {
            for n in names.split(' ') {
                if !out.iter().any(|o| o == n) {
                    out.push(n.to_string());
                }
            }
        }
    }
    out
}
