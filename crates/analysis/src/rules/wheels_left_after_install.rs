//! ## What it does
//! Finds wheels or archives that `pip install` reads from a directory
//! (`pip install /wheels/*`, `--find-links /wheels`) and that are still in
//! the image after the install, in a stage the image ships, with their
//! bytes where they are known. When one `COPY` brought the directory just
//! for the next `RUN`, the fix reads it through a bind mount instead
//! (`RUN --mount=type=bind,from=build,source=/wheels,target=/wheels`).
//!
//! ## Why it matters
//! After the install the packages are in site-packages; the wheels they
//! came from are a second copy of the same code, compressed. Deleting them
//! in a later `RUN` does not help (their layer keeps them). A bind mount
//! makes them visible to the `RUN` without adding them to any layer; a
//! virtual environment built in the builder and copied whole avoids the
//! wheels altogether.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim AS build
//! COPY requirements.txt .
//! RUN pip wheel --no-cache-dir -w /wheels -r requirements.txt
//!
//! FROM python:3.12-slim
//! COPY --from=build /wheels /wheels
//! RUN pip install --no-cache-dir /wheels/*
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim AS build
//! COPY requirements.txt .
//! RUN pip wheel --no-cache-dir -w /wheels -r requirements.txt
//!
//! FROM python:3.12-slim
//! RUN --mount=type=bind,from=build,source=/wheels,target=/wheels pip install --no-cache-dir /wheels/*
//! ```
//!
//! ## References
//! - Dockerfile reference, `RUN --mount=type=bind`: <https://docs.docker.com/reference/dockerfile/#run---mounttypebind>
//! - pip, installing from local archives (`--find-links`): <https://pip.pypa.io/en/stable/user_guide/#installing-from-local-packages>

use super::_shared_sim::instruction_at;
use super::{Cost, Edit, Fix, Locality, Meta, Rule, RuleCtx, Sink};
use crate::sim::vfs::{self, Origin};
use crate::sim::{Bytes, PipInstall, Stage};
use crate::Category;
use layerlab_syntax::{Instruction, Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &WheelsLeftAfterInstall;

struct WheelsLeftAfterInstall;

impl Rule for WheelsLeftAfterInstall {
    fn meta(&self) -> Meta {
        Meta {
            id: "wheels-left-after-install",
            category: Category::Size,
            severity: Severity::Warning,
            summary: "the wheels pip installed from stay in the image",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let Some(t) = cx.sim.target_stage() else {
            return;
        };
        let shipped = super::shipped_stages(cx.sim);
        let installs: Vec<&PipInstall> = shipped
            .iter()
            .rev()
            .flat_map(|i| cx.sim.stages[*i].pip_installs.iter())
            .collect();
        let mut seen: Vec<&str> = Vec::new();
        for install in &installs {
            for dir in &install.wheel_dirs {
                if seen.contains(&dir.as_str()) {
                    continue;
                }
                seen.push(dir);
                let Some(left) = Left::of(t, dir) else {
                    continue;
                };
                let Some(ins) = instruction_at(cx, install.line) else {
                    continue;
                };
                let size_text = if left.bytes.complete {
                    format!("about {}", crate::sim::size::human(left.bytes.value))
                } else if left.bytes.value > 0 {
                    format!("at least {}", crate::sim::size::human(left.bytes.value))
                } else {
                    "size not known".into()
                };
                let what = if left.only_archives {
                    format!("{dir}/*.whl")
                } else {
                    dir.to_string()
                };
                let f = out.emit(
                    super::_shared_instr::instruction_span(ins),
                    format!(
                        "the wheels in {what} stay in the image after this install ({size_text}): the packages are in site-packages now, the wheels a second copy"
                    ),
                );
                if left.bytes.complete && left.bytes.value > 0 {
                    f.cost = Some(Cost::bytes(left.bytes));
                }
                f.help = match left.copy_line {
                    Some(l) => format!("Read them through a bind mount in the RUN instead of the COPY on line {l} (RUN --mount=type=bind,from=<stage>,source=<dir>,target={dir} pip install …), or copy a virtual environment built in the builder."),
                    None => format!("Mount them in the RUN that installs them (RUN --mount=type=bind,…), or remove them in that RUN (… && rm -rf {what}) when the RUN itself made them; a deletion in a later RUN saves nothing."),
                };
                if let (Some(l), false) = (left.copy_line, left.only_archives) {
                    f.fix = mount_fix(cx, t, l, ins, dir);
                }
            }
        }
    }
}

/// What is left of a wheel directory in the final stage.
struct Left {
    bytes: Bytes,
    /// The line of the one COPY that brought everything there, if one did.
    copy_line: Option<u32>,
    /// The directory holds other files: only its archives are counted.
    only_archives: bool,
}

/// Whether a file name is a wheel or an archive pip installs.
fn archive_name(name: &str) -> bool {
    [".whl", ".tar.gz", ".zip", ".tgz"]
        .iter()
        .any(|e| name.ends_with(e))
}

/// Directories that hold other files too: only the archives in them count.
fn shared_dir(t: &Stage, dir: &str) -> bool {
    matches!(
        dir,
        "/" | "/tmp" | "/app" | "/src" | "/code" | "/usr/src/app" | "/root" | "/home"
    ) || dir == t.workdir.trim_end_matches('/')
}

impl Left {
    fn of(t: &Stage, dir: &str) -> Option<Left> {
        let only_archives = shared_dir(t, dir);
        let mut bytes = Bytes::ZERO;
        let mut files = 0;
        let mut lines: Vec<Option<u32>> = Vec::new();
        let mut copied = true;
        for (k, e) in t.fs.all() {
            if e.deleted || !vfs::is_within(k, dir) || (e.is_dir() && !e.opaque) {
                continue;
            }
            if only_archives && !archive_name(k) {
                continue;
            }
            files += 1;
            bytes += e.size;
            copied &= matches!(e.origin, Origin::Stage { .. } | Origin::Context { .. });
            if !lines.contains(&e.line) {
                lines.push(e.line);
            }
        }
        for r in
            t.fs.regions_over(dir)
                .filter(|r| vfs::is_within(&r.dir, dir))
        {
            if only_archives && !r.pattern.as_deref().is_some_and(archive_name) {
                continue;
            }
            files += 1;
            if !r.counted {
                bytes = bytes.incomplete();
            }
            if !lines.contains(&r.line) {
                lines.push(r.line);
            }
            copied &= matches!(
                r.cause,
                crate::sim::vfs::Unseen::Copied { .. } | crate::sim::vfs::Unseen::Context { .. }
            );
        }
        if files == 0 {
            return None;
        }
        let copy_line = match lines.as_slice() {
            [Some(l)] if copied => Some(*l),
            _ => None,
        };
        Some(Left {
            bytes,
            copy_line,
            only_archives,
        })
    }
}

/// Deletes the COPY on `copy_line` and mounts its source in the RUN `run`
/// instead, when the RUN comes right after it and nothing else reads `dir`.
fn mount_fix(cx: &RuleCtx, t: &Stage, copy_line: u32, run: &Instruction, dir: &str) -> Option<Fix> {
    let copy = instruction_at(cx, copy_line)?;
    if copy.kind != Keyword::Copy || copy.flags.iter().any(|f| f.name.text != "from") {
        return None;
    }
    let (srcs, dest) = super::_shared_instr::copy_paths(copy)?;
    let [src] = srcs else { return None };
    if src.text.contains(['*', '?', '[', '$']) || dest.text.contains('$') {
        return None;
    }
    if vfs::normalize(&dest.text, &t.workdir).trim_end_matches('/') != dir {
        return None;
    }
    // The RUN is the next instruction, and no later one mentions the directory.
    let all: Vec<&Instruction> = cx.df.instructions().collect();
    let k = all.iter().position(|i| i.start_line == copy.start_line)?;
    if all.get(k + 1).map(|i| i.start_line) != Some(run.start_line) || run.kind != Keyword::Run {
        return None;
    }
    if all[k + 2..].iter().any(|i| cx.text(i.span).contains(dir)) {
        return None;
    }
    let from = copy
        .flag("from")
        .and_then(|f| f.value.as_ref())
        .map(|v| format!("from={},", v.text))
        .unwrap_or_default();
    let mount = format!(
        "--mount=type=bind,{from}source={},target={dir} ",
        src.text.trim_end_matches('/')
    );
    let src_text = cx.df.source.as_str();
    let span = super::_shared_instr::instruction_span(copy);
    let start = src_text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = src_text[span.end..]
        .find('\n')
        .map_or(src_text.len(), |i| span.end + i + 1);
    let at = run.keyword.span.end + 1;
    if src_text.get(run.keyword.span.end..at) != Some(" ") {
        return None;
    }
    Some(Fix {
        title: format!("Mount {dir} in the RUN instead of copying it"),
        edits: vec![
            Edit {
                start,
                end,
                replacement: String::new(),
            },
            Edit {
                start: at,
                end: at,
                replacement: mount,
            },
        ],
    })
}
