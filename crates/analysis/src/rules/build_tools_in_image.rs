//! ## What it does
//! Finds compilers and headers (`build-essential`, `gcc`, `g++`, `clang`,
//! `cmake`, `*-dev` packages; on Alpine `build-base`, `musl-dev`,
//! `linux-headers`) installed with `apt-get install` or `apk add` in a
//! stage the image ships and not removed in the same `RUN`, with the
//! bytes they add where the catalogue has them (Debian's `Installed-Size`
//! with dependencies, `debian-packages.csv`). It also finds a removal that
//! cannot shrink the image: one in a later `RUN` (the bytes stay in the
//! installing layer), and `apt-get purge <pkg>` without `--auto-remove`,
//! which removes the named package and leaves the dependencies it pulled
//! in (for `build-essential`: gcc, g++, make, the C library headers).
//!
//! Only images whose package set the catalogue knows are read (Debian,
//! Ubuntu 24.04, Alpine and the slim and Alpine variants of python, node
//! and golang): a full image such as `python:3.12` is built on
//! buildpack-deps, which already has the compilers. And only images that
//! run an application of their own (a `CMD` or `ENTRYPOINT` set in the
//! Dockerfile that is not a shell): an image without one, or one that
//! opens a shell, is a build or development environment (a CI image, a dev
//! container, a toolchain image), where the compilers are the point. The
//! official images' pattern (`apt-mark auto '.*'`, then `apt-get purge -y
//! --auto-remove`) and apk's `--virtual` groups removed with `apk del`
//! count as removals.
//!
//! ## Why it matters
//! A C toolchain is needed to build native extensions (`psycopg2`,
//! `mysqlclient`, `node-gyp` modules), not to run them: `build-essential`
//! alone is about 300 MB on Debian 12. In the final image it is dead
//! weight that every pull downloads, and a compiler an attacker can use.
//! Build in a stage that is not shipped and copy the result (a virtual
//! environment, wheels, a binary), or remove the tools in the `RUN` that
//! used them.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev \
//!  && rm -rf /var/lib/apt/lists/*
//! COPY requirements.txt .
//! RUN pip install --no-cache-dir -r requirements.txt
//! CMD ["gunicorn", "app:app"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim AS build
//! RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev
//! COPY requirements.txt .
//! RUN python -m venv /venv && /venv/bin/pip install --no-cache-dir -r requirements.txt
//!
//! FROM python:3.12-slim
//! RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \
//!  && rm -rf /var/lib/apt/lists/*
//! COPY --from=build /venv /venv
//! ENV PATH=/venv/bin:$PATH
//! CMD ["gunicorn", "app:app"]
//! ```
//!
//! ## References
//! - Docker docs, multi-stage builds: <https://docs.docker.com/build/building/multi-stage/>
//! - apt-get(8), `autoremove` and `--auto-remove`: <https://manpages.debian.org/bookworm/apt/apt-get.8.en.html>
//! - Alpine, `apk add --virtual`: <https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Virtual_Packages>

use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::installs::{installs, removals, Install, Manager, Removal};
use crate::shell::ShellScript;
use crate::sim::size::human;
use crate::sim::Bytes;
use crate::Category;
use layerlab_catalog as catalog;
use layerlab_syntax::{Severity, Span};

pub(crate) const RULE: &dyn Rule = &BuildToolsInImage;

struct BuildToolsInImage;

/// Whether a package is a build tool: a compiler, a build system or
/// headers.
pub(crate) fn is_build_tool(manager: Manager, name: &str) -> bool {
    let versioned = |base: &str| {
        name == base
            || name
                .strip_prefix(base)
                .and_then(|r| r.strip_prefix('-'))
                .is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
    };
    if ["gcc", "g++", "clang", "cpp"].iter().any(|b| versioned(b)) {
        return true;
    }
    if matches!(name, "cmake" | "autoconf" | "automake" | "libtool") {
        return true;
    }
    match manager {
        Manager::Apt => name == "build-essential" || (name.ends_with("-dev") && name.len() > 4),
        Manager::Apk => {
            matches!(name, "build-base" | "musl-dev" | "linux-headers")
                || (name.ends_with("-dev") && name.len() > 4)
        }
    }
}

/// What happens to a build tool after its install.
enum Fate {
    /// Not removed.
    Stays,
    /// Removed in the same RUN (with its dependencies, or by name only).
    Removed,
    /// Removed by name in the same RUN without `--auto-remove` (apt):
    /// the dependencies stay. The removal's span.
    PurgedAlone(Span),
    /// Removed in a later RUN, on that line.
    Later(u32),
}

impl Rule for BuildToolsInImage {
    fn meta(&self) -> Meta {
        Meta {
            id: "build-tools-in-image",
            category: Category::Size,
            severity: Severity::Warning,
            summary: "compilers and headers installed in a stage the image ships",
            hadolint: &[],
            buildkit: None,
            locality: Locality::File,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        if !runs_an_application(cx) {
            return;
        }
        let shipped = super::shipped_stages(cx.sim);
        let scripts: Vec<(usize, &ShellScript)> = cx
            .scripts()
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.run.onbuild && s.stage.is_some_and(|i| shipped.contains(&i)))
            .collect();
        for (k, ss) in &scripts {
            let Some(si) = ss.stage else { continue };
            let Some(image) = Image::of(cx, si) else {
                continue;
            };
            for inst in installs(&ss.ast, &ss.run.text) {
                let tools: Vec<&str> = inst
                    .names
                    .iter()
                    .map(String::as_str)
                    .filter(|n| is_build_tool(inst.manager, n) && !image.packages.has(n))
                    .collect();
                if tools.is_empty() {
                    continue;
                }
                let mut stays = Vec::new();
                let mut later: Vec<(u32, &str)> = Vec::new();
                for t in &tools {
                    match fate(&scripts, *k, &inst, t) {
                        Fate::Stays => stays.push(*t),
                        Fate::Removed => {}
                        Fate::PurgedAlone(at) => purged_alone(&image, &inst, t, at, out),
                        Fate::Later(line) => later.push((line, t)),
                    }
                }
                if !stays.is_empty() {
                    let size = image.bytes(&stays, inst.no_recommends);
                    let one = stays.len() == 1;
                    let size_text = match size {
                        Some(b) => format!(
                            "about {} with {} dependencies",
                            human(b.value),
                            if one { "its" } else { "their" }
                        ),
                        None => "size not in the tables".into(),
                    };
                    let span = word_span(ss, &inst, stays[0]);
                    let f = out.emit(
                        span,
                        format!(
                            "{} stay{} in the image ({size_text}): build tools, which the container needs only if the application compiles code as it runs",
                            stays.join(", "),
                            if one { "s" } else { "" },
                        ),
                    );
                    f.cost = size.map(Cost::bytes);
                    f.help = match inst.manager {
                        Manager::Apt => "Build in a stage the image does not ship and copy only its result (a virtual environment, wheels, a binary), installing just the runtime libraries in the final stage (libpq5 for libpq-dev); or remove the tools in the RUN that used them: apt-get purge -y --auto-remove <tools>.".into(),
                        Manager::Apk => "Build in a stage the image does not ship and copy only its result; or install the tools as a group and remove it in the RUN that used them: apk add --virtual .build-deps <tools> … && apk del .build-deps.".into(),
                    };
                }
                layerlab_sort::sort(&mut later);
                let mut i = 0;
                while i < later.len() {
                    let line = later[i].0;
                    let names: Vec<&str> = later
                        .iter()
                        .filter(|(l, _)| *l == line)
                        .map(|(_, n)| *n)
                        .collect();
                    i += names.len();
                    let size = image.bytes(&names, inst.no_recommends);
                    let span = word_span(ss, &inst, names[0]);
                    let f = out.emit(
                        span,
                        format!(
                            "{} {} removed by line {line}, a later layer: {} stay in this layer and the image is no smaller",
                            names.join(", "),
                            if names.len() == 1 { "is" } else { "are" },
                            match (size, names.len() == 1) {
                                (Some(b), true) => format!("the {} it adds", human(b.value)),
                                (Some(b), false) => format!("the {} they add", human(b.value)),
                                (None, true) => "its bytes".into(),
                                (None, false) => "their bytes".into(),
                            }
                        ),
                    );
                    f.cost = size.map(Cost::bytes);
                    f.help = "Remove them in the same RUN that installs and uses them, or build in a stage the image does not ship.".into();
                }
            }
        }
    }
}

/// Whether the image runs a program set in this Dockerfile that is not a
/// shell: an application image. An image without its own command, or one
/// that opens a shell, is a build or development environment (a CI image,
/// a dev container, a toolchain image such as rust's), where the
/// compilers are the point.
pub(crate) fn runs_an_application(cx: &RuleCtx) -> bool {
    let Some((_, cmd)) = super::_shared_sim::own_command(cx) else {
        return false;
    };
    let Some(program) = super::_shared_sim::program_of(cmd) else {
        return true;
    };
    let base = program.rsplit('/').next().unwrap_or(&program);
    !matches!(
        base,
        "sh" | "bash" | "ash" | "dash" | "zsh" | "fish" | "make" | "gcc" | "cc"
    )
}

/// The fate of build tool `name` installed by `inst` (in script `k`).
fn fate(scripts: &[(usize, &ShellScript)], k: usize, inst: &Install, name: &str) -> Fate {
    let mut purged_alone: Option<Span> = None;
    for (k2, ss2) in scripts.iter().filter(|(k2, _)| *k2 >= k) {
        let rs = removals(&ss2.ast, &ss2.run.text);
        for (ri, r) in rs.iter().enumerate() {
            if *k2 == k && r.cmd.span.start < inst.cmd.span.start {
                continue;
            }
            if r.manager != inst.manager {
                continue;
            }
            // Everything marked as automatically installed, then autoremoved
            // (the official images' pattern): removed in this RUN.
            if r.marks_auto {
                if *k2 == k && rs[ri + 1..].iter().any(|o| o.auto_remove) {
                    return Fate::Removed;
                }
                continue;
            }
            let named = r.names.iter().any(|n| n == name)
                || inst
                    .virtual_name
                    .as_ref()
                    .is_some_and(|v| r.names.contains(v));
            if !named {
                continue;
            }
            if *k2 != k {
                return Fate::Later(ss2.ins.start_line);
            }
            let autoremoved = r.auto_remove || rs[ri + 1..].iter().any(|o: &Removal| o.auto_remove);
            if autoremoved {
                return Fate::Removed;
            }
            purged_alone.get_or_insert(ss2.span(r.cmd.span));
        }
    }
    match purged_alone {
        Some(s) => Fate::PurgedAlone(s),
        None => Fate::Stays,
    }
}

/// `apt-get purge <tool>` without `--auto-remove`: the dependencies stay.
fn purged_alone(image: &Image, inst: &Install, name: &str, at: Span, out: &mut Sink) {
    let Some(release) = image.packages.debian else {
        return;
    };
    let Some(own) = catalog::apt_package(name, release).and_then(|p| p.installed_bytes()) else {
        return;
    };
    let Some(all) = image.bytes(&[name], inst.no_recommends).map(|b| b.value) else {
        return;
    };
    let deps = all.saturating_sub(own);
    if deps < 1_000_000 {
        return;
    }
    // dpkg's Installed-Size is itself an estimate: ±10%.
    let b = Bytes::range(deps, deps * 9 / 10, deps * 11 / 10);
    let f = out.emit(
        at,
        format!(
            "removes {name} but not the packages it pulled in (about {} on {}): without --auto-remove they stay in the image",
            human(deps),
            release.codename()
        ),
    );
    f.cost = Some(Cost::bytes(b));
    f.help = "Add --auto-remove (apt-get purge -y --auto-remove …) or run apt-get autoremove -y in the same RUN; install the runtime libraries the application needs (libpq5 for libpq-dev) by name so that they stay.".into();
}

/// The span of the install's word naming `name` (else the command).
fn word_span(ss: &ShellScript, inst: &Install, name: &str) -> Span {
    let src = &ss.run.text;
    inst.cmd
        .words
        .iter()
        .find(|w| {
            let raw = src.get(w.span.start..w.span.end).unwrap_or("");
            raw.split(['=', '<', '>', '~']).next() == Some(name)
        })
        .map_or_else(|| ss.span(inst.cmd.span), |w| ss.span(w.span))
}

/// The image at the root of a stage, with its known package set.
struct Image {
    packages: catalog::ImagePackages,
}

impl Image {
    fn of(cx: &RuleCtx, stage: usize) -> Option<Image> {
        let f = super::_shared_sim::facts(cx.sim, stage)?;
        let r = catalog::ImageRef::parse(&f.reference).ok()?;
        let packages = catalog::image_packages(
            &r.familiar_name(),
            r.tag_or_latest(),
            f.distro.as_deref(),
            f.codename.as_deref(),
        )?;
        Some(Image { packages })
    }

    /// The bytes `names` add with their dependencies (and recommended
    /// packages unless `no_rec`) to the release's minimal package set, from
    /// the catalogue's apt tables; None when the release, a package or a
    /// dependency is not known.
    fn bytes(&self, names: &[&str], no_rec: bool) -> Option<Bytes> {
        let release = self.packages.debian?;
        let plan = catalog::apt_plan(names, release, release.baseline().iter().copied(), !no_rec);
        if !plan.unknown.is_empty() || !plan.failed.is_empty() || plan.install.is_empty() {
            return None;
        }
        let value = plan.installed_bytes();
        // dpkg's Installed-Size is itself an estimate: ±10%.
        Some(Bytes::range(value, value * 9 / 10, value * 11 / 10))
    }
}
