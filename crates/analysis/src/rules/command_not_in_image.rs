//! ## What it does
//! Finds commands a `RUN` script runs that the image does not have: `curl`
//! or `wget` on `debian:*-slim`, `python:*-slim`, `node:*-slim` or
//! `ubuntu:24.04`; `bash`, `curl` or `useradd` on Alpine; `adduser` on
//! Debian 13 (trixie) and Ubuntu 24.04, whose images no longer ship it.
//! Also BusyBox-style `adduser -S`/`-D`/`-G` and `addgroup -S` on a Debian
//! or Ubuntu image, whose `adduser` rejects them, and GNU wget's long
//! options (`--progress=dot:giga`, `--show-progress`, `--max-redirect`, …)
//! on Alpine, whose `wget` is BusyBox's: no BusyBox wget of any release or
//! build has them (its option table in networking/wget.c), and it exits
//! with "unrecognized option".
//!
//! It knows what an image has from the catalogue (the package lists of the
//! Debian and Ubuntu base images and of Alpine, and what the official
//! python, node and golang images add or remove) and what the stage
//! installed before: an `apt-get install curl` or `apk add bash` earlier in
//! the stage, in a parent stage, or earlier in the same script makes the
//! command present, and so does a package whose dependencies (from the
//! catalogue's Debian tables) include it. It is an error only when the
//! command certainly runs and its failure stops the `RUN`; a warning when
//! something before may have installed it (a package whose dependencies
//! are not known, a `./install.sh`, files copied into a `PATH` directory)
//! or when its failure might not stop the build. Scripts that check first
//! (`command -v curl`, `which bash`) are left alone, and so are images the
//! catalogue cannot list.
//!
//! ## Why it matters
//! The shell prints `curl: not found` and the `RUN` fails with status 127,
//! usually after a long build: the image was assumed to be a full
//! distribution. Where the failure does not stop the build (`curl … | sh`
//! without `pipefail`), the step silently does nothing.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! RUN curl -fsSL https://example.com/install.sh -o /tmp/install.sh
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! RUN apt-get update \
//!  && apt-get install -y --no-install-recommends curl ca-certificates \
//!  && rm -rf /var/lib/apt/lists/* \
//!  && curl -fsSL https://example.com/install.sh -o /tmp/install.sh
//! ```
//!
//! ## References
//! - Debian 13 images without adduser: <https://github.com/greenbone/gvm-tools/pull/1243>
//! - docker-library/repo-info package lists: <https://github.com/docker-library/repo-info>
//! - Debian package contents: <https://packages.debian.org/>; Alpine: <https://pkgs.alpinelinux.org/contents>

use super::_shared_sim::{facts, path_dirs};
use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::exits::{commands, CmdExit};
use crate::shell::installs::{installs, Manager};
use crate::shell::walk::command_name;
use crate::shell::ShellScript;
use crate::sim::base::ImageFacts;
use crate::sim::vfs::{MaybeWhy, Unseen};
use crate::sim::{Base, Stage};
use crate::Category;
use layerlab_catalog::{self as catalog, ImagePackages, PackageFamily};
use layerlab_syntax::{Keyword, Severity};

pub(crate) const RULE: &dyn Rule = &CommandNotInImage;

struct CommandNotInImage;

impl Rule for CommandNotInImage {
    fn meta(&self) -> Meta {
        Meta {
            id: "command-not-in-image",
            category: Category::Correctness,
            severity: Severity::Error,
            summary: "a RUN command the image does not have (curl on -slim, bash on Alpine), or has with other options",
            hadolint: &[],
            buildkit: None,
            locality: Locality::Stage,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let scripts = cx.scripts();
        // Per stage, once: what the image is (a reference parse and a
        // table lookup) and the stages it is built on.
        let mut images: Vec<Option<Option<(Image, Vec<usize>)>>> =
            (0..cx.sim.stages.len()).map(|_| None).collect();
        for ss in scripts {
            let Some(si) = ss.stage else { continue };
            if ss.run.onbuild || ss.ins.kind == Keyword::Onbuild || !ss.shell.is_posix() {
                continue;
            }
            let Some(st) = cx.sim.stages.get(si) else {
                continue;
            };
            let known = images[si].get_or_insert_with(|| {
                let image = Image::of(facts(cx.sim, si)?);
                (image.packages.is_some() || image.deb)
                    .then(|| (image, stage_chain(&cx.sim.stages, si)))
            });
            let Some((image, chain)) = known.as_ref() else {
                continue;
            };
            let src = ss.run.text.as_str();
            // One finding per command and script: the first use.
            let mut seen: Vec<&str> = Vec::new();
            for c in commands(&ss.ast, src, ss.shell.errexit, ss.shell.pipefail) {
                let Some(w) = c.cmd.words.first() else {
                    continue;
                };
                let Some(name) = command_name(c.cmd, src) else {
                    continue;
                };
                let missing = image.packages.as_ref().and_then(|pk| {
                    catalog::command_package(pk.family, name)
                        .filter(|pkg| !pk.has(pkg))
                        .map(|pkg| (pk, pkg))
                });
                let adduser = image.deb && matches!(name, "adduser" | "addgroup");
                let busybox_wget = name == "wget"
                    && image
                        .packages
                        .as_ref()
                        .is_some_and(|pk| pk.family == PackageFamily::Apk);
                if busybox_wget && !ss.text(w.span).contains('/') {
                    if let Some(pk) = &image.packages {
                        let ev = || {
                            evidence(cx, cx.all_scripts(), chain, st, ss, &c, "wget", "wget", pk)
                        };
                        busybox_wget_options(out, ss, &c, image, ev);
                    }
                }
                if (missing.is_none() && !adduser)
                    || ss.text(w.span).contains('/')
                    || seen.contains(&name)
                    || checked_first(ss, name)
                {
                    continue;
                }
                seen.push(name);
                if let Some((pk, pkg)) = missing {
                    let ev = evidence(cx, cx.all_scripts(), chain, st, ss, &c, name, pkg, pk);
                    if !matches!(ev, Evidence::Present) {
                        report_missing(out, ss, &c, name, pkg, image, ev);
                        continue;
                    }
                }
                if adduser {
                    busybox_options(out, ss, &c, name, image);
                }
            }
        }
    }
}

/// Whether `apt-get install --no-install-recommends <name>` on minimal
/// Debian `release` installs `pkg`: None when the tables cannot tell (a
/// name they lack, a closure with unknown members, a failing install).
fn apt_installs(name: &str, release: catalog::DebianRelease, pkg: &str) -> Option<bool> {
    let plan = catalog::apt_plan(&[name], release, release.baseline().iter().copied(), false);
    if plan.installs(pkg) {
        return Some(true);
    }
    (plan.unknown.is_empty() && plan.failed.is_empty() && !plan.install.is_empty()).then_some(false)
}

/// What the rule needs about the stage's image.
struct Image {
    reference: String,
    /// Debian or Ubuntu: `adduser` is Debian's.
    deb: bool,
    packages: Option<ImagePackages>,
}

impl Image {
    fn of(f: &ImageFacts) -> Image {
        let (name, tag) = match catalog::ImageRef::parse(&f.reference) {
            Ok(r) => (r.familiar_name(), r.tag_or_latest().to_string()),
            Err(_) => (String::new(), String::new()),
        };
        let packages =
            catalog::image_packages(&name, &tag, f.distro.as_deref(), f.codename.as_deref());
        Image {
            reference: f.reference.clone(),
            deb: matches!(f.distro.as_deref(), Some("debian" | "ubuntu")),
            packages,
        }
    }
}

/// The stage and the stages it is built on, root first.
fn stage_chain(stages: &[Stage], si: usize) -> Vec<usize> {
    let mut out = vec![si];
    let mut i = si;
    while let Some(Base::Stage { index }) = stages.get(i).map(|s| &s.base) {
        if out.contains(index) {
            break;
        }
        out.push(*index);
        i = *index;
    }
    out.reverse();
    out
}

/// The script looks for the command before using it (`command -v curl ||
/// apt-get install curl`, `if which bash`).
fn checked_first(ss: &ShellScript, name: &str) -> bool {
    let src = ss.run.text.as_str();
    ss.ast.simple_commands().into_iter().any(|c| {
        matches!(
            command_name(c, src),
            Some("command" | "which" | "type" | "hash")
        ) && c.words[1..]
            .iter()
            .any(|w| w.static_text(src).as_deref() == Some(name))
    })
}

/// What the build did before that may have put the command there.
enum Evidence {
    /// Installed by name, or as a known dependency, or copied in.
    Present,
    /// Something before may have installed it: the reason.
    Maybe(String),
    /// Nothing before installs it.
    Absent,
}

/// Programs that may install anything: installers and scripts.
fn may_install(name: &str) -> bool {
    matches!(
        name,
        "sh" | "bash"
            | "dash"
            | "ash"
            | "make"
            | "dpkg"
            | "conda"
            | "mamba"
            | "micromamba"
            | "nix-env"
            | "brew"
            | "busybox"
            | "eval"
            | "."
            | "source"
            | "install"
            | "gdebi"
            | "asdf"
            | "mise"
    )
}

#[allow(clippy::too_many_arguments)]
fn evidence(
    cx: &RuleCtx,
    scripts: &[ShellScript],
    chain: &[usize],
    st: &Stage,
    ss: &ShellScript,
    c: &CmdExit,
    name: &str,
    pkg: &str,
    pk: &ImagePackages,
) -> Evidence {
    let line = ss.ins.start_line;
    let mut maybe: Option<String> = None;
    let want = match pk.family {
        PackageFamily::Deb => Manager::Apt,
        PackageFamily::Apk => Manager::Apk,
    };
    for other in scripts.iter().filter(|o| {
        o.stage.is_some_and(|s| chain.contains(&s))
            && !o.run.onbuild
            && o.ins.kind != Keyword::Onbuild
            && o.ins.start_line <= line
    }) {
        let same = other.is(ss);
        if !same && other.ins.start_line == line {
            continue;
        }
        let before = |at: usize| !same || at < c.cmd.span.start;
        let osrc = other.run.text.as_str();
        for inst in installs(&other.ast, osrc) {
            if inst.manager != want || !before(inst.cmd.span.start) {
                continue;
            }
            if inst.names.iter().any(|n| n == pkg) {
                return Evidence::Present;
            }
            let at = other.ins.start_line;
            for n in &inst.names {
                // Ubuntu has no table of its own: a Debian 13 package that
                // pulls the command in shows the Ubuntu one does too (the
                // same package names and dependencies); one that does not
                // shows nothing.
                let known = match pk.debian {
                    Some(r) => apt_installs(n, r, pkg),
                    None if pk.family == PackageFamily::Deb => {
                        apt_installs(n, catalog::DebianRelease::Trixie, pkg).filter(|&b| b)
                    }
                    None => None,
                };
                match known {
                    Some(true) => return Evidence::Present,
                    Some(false) if inst.no_recommends => {}
                    Some(false) => {
                        maybe.get_or_insert(format!(
                            "the packages {n} recommends (line {at}) are not known"
                        ));
                    }
                    None => {
                        maybe.get_or_insert(format!("{n} (line {at}) may depend on {pkg}"));
                    }
                }
            }
            if inst.unknown {
                maybe.get_or_insert(format!(
                    "the package list on line {at} is not known before the build"
                ));
            }
        }
        for oc in other.ast.simple_commands() {
            if !before(oc.span.start) {
                continue;
            }
            let Some(w) = oc.words.first() else { continue };
            let text = other.text(w.span);
            let runs_script = text.contains('/')
                || command_name(oc, osrc).is_some_and(may_install)
                    && !inline_without_install(oc, osrc)
                || !w.is_plain_literal();
            let same_program = command_name(oc, osrc) == Some(name);
            if runs_script && !same_program && !std::ptr::eq(oc, c.cmd) {
                maybe.get_or_insert(format!(
                    "`{}` on line {} may install it",
                    text, other.ins.start_line
                ));
            }
        }
    }
    // Files the build put on PATH: a copied binary, an archive, the
    // build context.
    for d in path_dirs(st) {
        let p = format!("{}/{name}", d.trim_end_matches('/'));
        if st
            .fs
            .get(&p)
            .is_some_and(|e| !e.deleted && e.line.is_some_and(|l| l <= line))
        {
            return Evidence::Present;
        }
        for why in st.fs.reasons(&p) {
            let (at, what) = match &why {
                MaybeWhy::Opaque { entry, .. } => (entry.line, why_short(&why)),
                MaybeWhy::Region(r) => match r.cause {
                    Unseen::BaseImage | Unseen::Command { .. } | Unseen::Packages { .. } => {
                        continue
                    }
                    _ => (r.line, why_short(&why)),
                },
            };
            if at.is_some_and(|l| l <= line) {
                maybe.get_or_insert(what);
            }
        }
    }
    let _ = cx;
    match maybe {
        Some(m) => Evidence::Maybe(m),
        None => Evidence::Absent,
    }
}

/// `sh -c "echo hi"`: an inline script that names no installer.
fn inline_without_install(c: &layerlab_syntax::sh::SimpleCmd, src: &str) -> bool {
    let args: Vec<Option<String>> = c.words[1..].iter().map(|w| w.static_text(src)).collect();
    match args.iter().position(|a| a.as_deref() == Some("-c")) {
        Some(i) => args.get(i + 1).is_some_and(|s| {
            s.as_deref().is_some_and(|s| {
                ![
                    "install", "apk", "apt", "curl", "wget", "sh", "cp ", "mv ", "ln ",
                ]
                .iter()
                .any(|k| s.contains(k))
            })
        }),
        None => false,
    }
}

fn why_short(w: &MaybeWhy) -> String {
    format!("{} may put it on PATH", super::_shared_sim::why_text(w))
}

fn report_missing(
    out: &mut Sink,
    ss: &ShellScript,
    c: &CmdExit,
    name: &str,
    pkg: &str,
    image: &Image,
    ev: Evidence,
) {
    let Some(pk) = &image.packages else { return };
    let w = &c.cmd.words[0];
    let base = format!("{name} is not in {} ({})", image.reference, pk.what);
    let certain = c.fatal && matches!(ev, Evidence::Absent);
    let msg = match &ev {
        Evidence::Maybe(why) => format!(
            "{base}, and nothing before installs {pkg} by name ({why}); if nothing did, this fails with \"{name}: not found\""
        ),
        _ if certain => format!(
            "{base}, and nothing before installs {pkg}: the RUN fails here with \"{name}: not found\" (status 127)"
        ),
        _ => format!(
            "{base}, and nothing before installs {pkg}: \"{name}: not found\" (status 127); the script may go on, but without what {name} was meant to do"
        ),
    };
    let f = out.emit(ss.span(w.span), msg);
    f.severity = build_failure_severity(certain);
    f.cost = Some(Cost::BuildFails);
    f.help = match pk.family {
        PackageFamily::Deb => format!(
            "Install it first: apt-get update && apt-get install -y --no-install-recommends {pkg} (in the same RUN, then rm -rf /var/lib/apt/lists/*)."
        ),
        PackageFamily::Apk if name == "bash" => {
            "Install it first (apk add --no-cache bash), or write the script for sh (BusyBox ash)."
                .into()
        }
        PackageFamily::Apk if pkg == "shadow" => {
            "Use BusyBox's adduser/addgroup (adduser -D -u 1000 -G app app), or apk add --no-cache shadow first.".into()
        }
        PackageFamily::Apk => format!("Install it first: apk add --no-cache {pkg}."),
    };
}

/// Debian's `adduser` (measured: adduser 3.134, Debian 12, with `perl
/// /usr/sbin/adduser -S x` on 2026-11-23) reads single-dash options as long
/// option names through Getopt::Long: `-S` is "ambiguous (shell, system)",
/// `-D` "ambiguous (debug, disabled-login, disabled-password)", `-G`/`-g`
/// "ambiguous (gecos, gid, group)", `-s` like `-S`; it prints its usage and
/// exits 1. These option names are in every adduser 3.x.
const AMBIGUOUS: &[(char, &str)] = &[
    ('s', "shell, system"),
    ('d', "debug, disabled-login, disabled-password"),
    ('g', "gecos, gid, group"),
];

fn busybox_options(out: &mut Sink, ss: &ShellScript, c: &CmdExit, name: &str, image: &Image) {
    let src = ss.run.text.as_str();
    for w in &c.cmd.words[1..] {
        let Some(t) = w.static_text(src) else {
            continue;
        };
        if !t.starts_with('-') || t.starts_with("--") || t.len() < 2 {
            continue;
        }
        let opt = t[1..].to_ascii_lowercase();
        let msg = if opt.len() == 1 {
            let ch = opt.chars().next().unwrap_or(' ');
            let Some((_, names)) = AMBIGUOUS.iter().find(|(c, _)| *c == ch) else {
                continue;
            };
            format!(
                "{name} {t}: a BusyBox (Alpine) option; {}'s {name} is Debian's, which rejects it (\"Option {opt} is ambiguous ({names})\") and exits 1",
                image.reference
            )
        } else if opt.chars().all(|c| c.is_ascii_alphabetic())
            && !LONG.iter().any(|l| l.starts_with(opt.as_str()))
        {
            format!(
                "{name} {t}: BusyBox-style grouped options; {}'s {name} is Debian's, which reads -{} as one unknown option and exits 1",
                image.reference, &t[1..]
            )
        } else {
            continue;
        };
        let f = out.emit(ss.span(w.span), msg);
        f.severity = build_failure_severity(c.fatal);
        f.cost = Some(Cost::BuildFails);
        f.help = if name == "addgroup" {
            "Use Debian's long options: addgroup --system --gid 1000 app (or groupadd -r -g 1000 app).".into()
        } else {
            "Use Debian's long options: adduser --system --disabled-password --ingroup app --uid 1000 app (or useradd -r -u 1000 -g app app).".into()
        };
        return;
    }
}

/// adduser 3.134's long options (GetOptions in /usr/sbin/adduser).
const LONG: &[&str] = &[
    "add-extra-groups",
    "add_extra_groups",
    "allow-all-names",
    "allow-badname",
    "allow-bad-names",
    "comment",
    "conf",
    "debug",
    "disabled-login",
    "disabled-password",
    "firstgid",
    "firstuid",
    "force-badname",
    "gecos",
    "gid",
    "group",
    "help",
    "home",
    "ingroup",
    "lastgid",
    "lastuid",
    "no-create-home",
    "quiet",
    "shell",
    "system",
    "uid",
    "verbose",
    "version",
];

/// Every long option of BusyBox's wget, in any configuration and release
/// (`wget_longopts` in networking/wget.c, BusyBox 1.18 to 1.37: the table
/// grew, and `timeout`, `tries`, `no-verbose`, `no-clobber`, … depend on
/// the build). getopt_long takes any unambiguous prefix, so an option that
/// is the prefix of none of these is rejected by every BusyBox wget —
/// measured with Debian's BusyBox 1.35: `wget: unrecognized option
/// '--progress=dot:giga'`, exit 1.
const BUSYBOX_WGET_LONG: &[&str] = &[
    "continue",
    "spider",
    "quiet",
    "server-response",
    "output-document",
    "output-file",
    "directory-prefix",
    "proxy",
    "user-agent",
    "timeout",
    "tries",
    "header",
    "post-data",
    "post-file",
    "no-check-certificate",
    "passive-ftp",
    "no-cache",
    "no-verbose",
    "no-clobber",
    "no-host-directories",
    "no-parent",
];

/// GNU wget's long options on an Alpine image whose wget is BusyBox's
/// (nothing before installs the `wget` package): BusyBox rejects them.
fn busybox_wget_options(
    out: &mut Sink,
    ss: &ShellScript,
    c: &CmdExit,
    image: &Image,
    evidence: impl FnOnce() -> Evidence,
) {
    let src = ss.run.text.as_str();
    let unknown = c.cmd.words[1..].iter().find_map(|w| {
        let t = w.static_text(src)?;
        let name = t.strip_prefix("--")?.split('=').next()?.to_string();
        (!name.is_empty()
            && !BUSYBOX_WGET_LONG
                .iter()
                .any(|l| l.starts_with(name.as_str())))
        .then_some((w, t, name))
    });
    let Some((w, t, name)) = unknown else { return };
    let ev = evidence();
    if matches!(ev, Evidence::Present) {
        return;
    }
    let certain = c.fatal && matches!(ev, Evidence::Absent);
    let base = format!(
        "wget in {} is BusyBox's, which has no --{name} option: \"wget: unrecognized option '{t}'\"",
        image.reference
    );
    let msg = match &ev {
        Evidence::Maybe(why) => format!("{base}, unless GNU wget was installed before ({why})"),
        _ if certain => format!("{base}, and the RUN fails"),
        _ => format!("{base}: the download does not happen, and the script may go on without it"),
    };
    let f = out.emit(ss.span(w.span), msg);
    f.severity = build_failure_severity(certain);
    f.cost = Some(Cost::BuildFails);
    f.help = "Use the options BusyBox wget has (-q, -O FILE, -P DIR, -c, -U, -T, --header, --spider, --no-check-certificate), or install GNU wget first: apk add --no-cache wget.".into();
    if name == "progress" || name == "show-progress" {
        // Only the progress display: dropping it changes nothing else.
        let at = ss.span(w.span);
        if at.end - at.start == t.len() {
            // With the space before it, when that space is the byte just
            // before it in the Dockerfile too.
            let before = layerlab_syntax::Span::new(w.span.start.saturating_sub(1), w.span.start);
            let space = ss.run.text[..w.span.start].ends_with(' ')
                && ss.span(before) == layerlab_syntax::Span::new(at.start - 1, at.start);
            let start = if space { at.start - 1 } else { at.start };
            f.fix = Some(super::Fix::edit(format!("Remove {t}"), start, at.end, ""));
        }
    }
}

/// An error when the RUN certainly fails (nothing could have provided the
/// command or option, and the failure stops the script), else a warning.
fn build_failure_severity(certain: bool) -> Severity {
    if certain {
        Severity::Error
    } else {
        Severity::Warning
    }
}
