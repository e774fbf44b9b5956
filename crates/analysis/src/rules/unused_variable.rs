//! ## What it does
//! Finds a shell variable that a RUN script assigns (`nproc="$(nproc)"`)
//! and never reads in the same script.
//!
//! ## Why it matters
//! Every RUN starts a new shell: a variable set in one RUN is gone in the
//! next, and programs the RUN starts only see exported variables. So an
//! assignment nothing reads is dead code, and often a slip: a typo in the
//! name, `make -j "$(nproc)"` where `"$nproc"` was meant, or
//! `CFLAGS=-O2; ./configure` where `CFLAGS=-O2 ./configure` (or `export`)
//! was meant, so the setting never reaches the program. The rule stays
//! silent when the name may be read another way: exported names, names the
//! image or an `ARG`/`ENV` already puts in the environment (assigning them
//! changes what programs see), names in a here-document body or in quoted
//! text such as `sh -c '… $name …'`, and scripts that use `eval`, `source`,
//! `set -a` or `${!name}`. ShellCheck calls it SC2034.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN set -eux; \
//!     nproc="$(nproc)"; \
//!     make -j "$(nproc)"
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-slim
//! RUN set -eux; \
//!     nproc="$(nproc)"; \
//!     make -j "$nproc"
//! ```
//!
//! ## References
//! - ShellCheck SC2034: <https://www.shellcheck.net/wiki/SC2034>
//! - Dockerfile reference, RUN (each RUN is a new shell): <https://docs.docker.com/reference/dockerfile/#run>

use super::{FileFact, Locality, Meta, Rule, RuleCtx, Sink};
use crate::shell::walk::command_name;
use crate::shell::ShellScript;
use crate::sim::Base;
use crate::Category;
use layerlab_syntax::sh::{Assign, Command, Node, ParamOpKind, Part, SimpleCmd};
use layerlab_syntax::{Args, Keyword, Severity, Span};
use std::collections::HashSet;

pub(crate) const RULE: &dyn Rule = &UnusedVariable;

struct UnusedVariable;

impl Rule for UnusedVariable {
    fn meta(&self) -> Meta {
        Meta {
            id: "unused-variable",
            category: Category::Correctness,
            severity: Severity::Info,
            summary: "A variable the RUN script assigns and never reads (dead, or a slip)",
            hadolint: &["SC2034"],
            buildkit: None,
            // One RUN script, its stage's environment and the stages it is
            // built on, given every ARG and ENV name of the file (the fact
            // below).
            locality: Locality::Stage,
        }
    }

    /// Every ARG and ENV name of the file, sorted: assigning one in a RUN
    /// is not reported, wherever it is declared.
    fn file_fact(&self, cx: &RuleCtx) -> FileFact {
        let mut names: Vec<String> = dockerfile_names(cx).into_iter().map(String::from).collect();
        layerlab_sort::sort(&mut names);
        names
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        let scripts = cx.scripts();
        if scripts.is_empty() {
            return;
        }
        let declared = dockerfile_names(cx);
        for ss in scripts.iter().filter(|s| s.shell.is_posix()) {
            if !may_assign(&ss.run.text) {
                continue;
            }
            let Some(uses) = Uses::of(ss) else { continue };
            if uses.assigned.is_empty() {
                continue;
            }
            let mentioned = dollar_names(&ss.run.text);
            let stage = ss.stage.and_then(|i| cx.sim.stages.get(i));
            // Looked up per candidate (there are few): a copy of the
            // stage's ENV per RUN is what made large files slow before.
            let in_env = |name: &str| stage.is_some_and(|s| s.env.iter().any(|(k, _)| k == name));
            let mut reported: HashSet<&str> = HashSet::new();
            for a in uses.assigned {
                let name = ss.text(a.name);
                if uses.read.contains(name)
                    || reported.contains(name)
                    || name.starts_with('_')
                    || well_known(name)
                    || declared.contains(name)
                    || mentioned.contains(name)
                    || in_env(name)
                    || (is_upper(name) && !ss.stage.is_some_and(|i| env_known(cx, i)))
                {
                    continue;
                }
                reported.insert(name);
                let f = out.emit(
                    ss.span(a.name),
                    format!(
                        "`{name}` is assigned but never read in this RUN: the next RUN is a new shell, and programs only see exported variables"
                    ),
                );
                f.help = format!(
                    "Remove the assignment, read it (`\"${name}\"`), or `export {name}` if a program this RUN starts should see it."
                );
            }
        }
    }
}

/// The script's assignments and the names it reads.
struct Uses<'s> {
    /// Plain assignments (`a=1`, a command of assignments only) and
    /// `local`/`declare`/`typeset`/`readonly` ones, in source order.
    assigned: Vec<&'s Assign>,
    /// Names read: `$name`, `${name…}`, arithmetic and `[[ ]]` operands,
    /// `${a[i]}` indexes, and plain-word arguments (`export name`,
    /// `unset name`, `test -v name`, `let name++`).
    read: HashSet<&'s str>,
}

impl<'s> Uses<'s> {
    /// None when the script can read variables in ways this does not see
    /// (`eval`, `source`, `set -a`, `${!p}`, namerefs).
    fn of(ss: &'s ShellScript) -> Option<Uses<'s>> {
        let src = ss.run.text.as_str();
        let mut u = Uses {
            assigned: Vec::new(),
            read: HashSet::new(),
        };
        let mut opaque = false;
        ss.ast.walk(&mut |n| match n {
            Node::Command(Command::Simple(s)) => u.command(s, src, &mut opaque),
            Node::Command(Command::Arith { span, .. }) => u.idents(src, *span),
            Node::Command(Command::ForArith { head, .. }) => u.idents(src, *head),
            Node::Command(Command::DoubleBracket { words, .. }) => {
                for w in words {
                    u.idents(src, w.span);
                }
            }
            Node::Assign(a) => {
                if let Some(i) = a.index {
                    u.idents(src, i);
                }
            }
            Node::Part(Part::ArithSubst(span)) => u.idents(src, *span),
            Node::Part(Part::Param(p)) => {
                if p.indirect {
                    opaque = true;
                }
                u.read
                    .insert(src.get(p.name.start..p.name.end).unwrap_or(""));
                if let Some(i) = p.index {
                    u.idents(src, i);
                }
                if let Some(op) = &p.op {
                    if op.kind == ParamOpKind::Substring {
                        u.idents(src, op.arg.span);
                    }
                }
            }
            _ => {}
        });
        // Quoted here-documents are not parsed: a name in their text may be
        // read by the program they feed, or meant for this shell.
        for h in &ss.ast.heredocs {
            u.idents(src, h.body);
        }
        (!opaque).then_some(u)
    }

    fn command(&mut self, s: &'s SimpleCmd, src: &'s str, opaque: &mut bool) {
        let name = command_name(s, src);
        if s.words.is_empty() {
            self.assigned.extend(s.assigns.iter());
        }
        let args: Vec<&'s str> = s
            .words
            .iter()
            .skip(1)
            .filter_map(|w| src.get(w.span.start..w.span.end))
            .collect();
        match name {
            Some("eval" | "source" | ".") => *opaque = true,
            Some("set") if args.iter().any(|a| is_allexport(a)) => *opaque = true,
            Some("local" | "declare" | "typeset" | "readonly") => {
                let opts: String = args
                    .iter()
                    .filter(|a| a.starts_with('-'))
                    .flat_map(|a| a.chars().skip(1))
                    .collect();
                if opts.contains('n') {
                    *opaque = true;
                } else if !opts.contains('x') {
                    self.assigned.extend(s.decl_assigns.iter());
                }
                for a in &s.decl_assigns {
                    // `declare -x a=1` exports it: a use.
                    if opts.contains('x') {
                        self.read
                            .insert(src.get(a.name.start..a.name.end).unwrap_or(""));
                    }
                }
            }
            _ => {}
        }
        // `export a=1` is not an assignment this rule checks; `export a`,
        // `unset a`, `test -v a`, `let a++`, `read a` and the like name it.
        for a in &s.decl_assigns {
            if name == Some("export") {
                self.read
                    .insert(src.get(a.name.start..a.name.end).unwrap_or(""));
            }
        }
        for w in s.words.iter().skip(1) {
            if w.is_plain_literal() {
                self.idents(src, w.span);
            }
        }
    }

    /// Every identifier-like run of characters in `span` counts as read.
    fn idents(&mut self, src: &'s str, span: Span) {
        let t = src.get(span.start..span.end).unwrap_or("");
        let b = t.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'_' || b[i].is_ascii_alphabetic() {
                let s = i;
                while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
                self.read.insert(&t[s..i]);
            } else {
                i += 1;
            }
        }
    }
}

/// `-a`, `-o allexport` (or `-ea`-style groups).
fn is_allexport(a: &str) -> bool {
    a == "allexport" || (a.starts_with('-') && !a.starts_with("--") && a[1..].contains('a'))
}

/// Every name written `$name` or `${name` anywhere in the script text: in
/// single quotes (`sh -c '… $name …'`), after `\$`, in here-document
/// bodies. One pass over the text.
/// A quick look at the text before walking the script: whether some `=`
/// follows a name that starts a word (`a=1`, `local a=1`), the only way a
/// shell variable is assigned here. False means the script assigns nothing.
fn may_assign(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().any(|(i, c)| {
        if *c != b'=' {
            return false;
        }
        // `a[1]=x`, `a+=x`
        if i > 0 && matches!(b[i - 1], b']' | b'+') {
            return true;
        }
        let start = b[..i]
            .iter()
            .rposition(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
            .map_or(0, |p| p + 1);
        start < i
            && !b[start].is_ascii_digit()
            && (start == 0
                || matches!(
                    b[start - 1],
                    b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'(' | b'{' | b'`'
                ))
    })
}

fn dollar_names(text: &str) -> HashSet<&str> {
    let b = text.as_bytes();
    let mut out = HashSet::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'$' {
            i += 1;
            continue;
        }
        i += 1;
        if b.get(i) == Some(&b'{') {
            i += 1;
        }
        let s = i;
        while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
            i += 1;
        }
        if i > s {
            out.insert(&text[s..i]);
        }
    }
    out
}

/// Variables every process environment or the shell itself uses: assigning
/// them changes what programs or the shell do.
fn well_known(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "PATH",
        "HOME",
        "HOSTNAME",
        "TERM",
        "PWD",
        "OLDPWD",
        "SHELL",
        "USER",
        "LOGNAME",
        "LANG",
        "LANGUAGE",
        "TZ",
        "TMPDIR",
        "IFS",
        "PS1",
        "PS2",
        "PS3",
        "PS4",
        "CDPATH",
        "ENV",
        "OPTIND",
        "OPTARG",
        "OPTERR",
        "HISTFILE",
        "MAIL",
        "MAILPATH",
        "LINENO",
        "PPID",
        "SHLVL",
        "REPLY",
        "GLOBIGNORE",
        "TIMEFORMAT",
        "TMOUT",
        "COLUMNS",
        "LINES",
        "FUNCNEST",
        "SHELLOPTS",
        "BASHOPTS",
        "POSIXLY_CORRECT",
        "http_proxy",
        "https_proxy",
        "ftp_proxy",
        "no_proxy",
        "all_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "FTP_PROXY",
        "NO_PROXY",
        "ALL_PROXY",
    ];
    NAMES.contains(&name) || name.starts_with("LC_") || name.starts_with("BASH")
}

fn is_upper(name: &str) -> bool {
    name.bytes()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_')
}

/// Every `ARG` and `ENV` name of the Dockerfile: in a RUN they are in the
/// environment, so assigning them changes what programs see.
fn dockerfile_names<'a>(cx: &RuleCtx<'a>) -> HashSet<&'a str> {
    let mut out = HashSet::new();
    for ins in cx.df.instructions() {
        if !matches!(ins.kind, Keyword::Arg | Keyword::Env) {
            continue;
        }
        if let Args::Words { items } = &ins.args {
            for t in items {
                let name = t.text.split('=').next().unwrap_or("");
                out.insert(name);
            }
        }
        if let Args::KeyValues { pairs } = &ins.args {
            for p in pairs {
                out.insert(p.key.text.as_str());
            }
        }
    }
    out
}

/// Whether the stage's environment is known (the base image's is in the
/// catalogue, or the base is `scratch`): otherwise any upper-case name may
/// be one the image exports.
fn env_known(cx: &RuleCtx, stage: usize) -> bool {
    let mut i = stage;
    for _ in 0..=cx.sim.stages.len() {
        match cx.sim.stages.get(i).map(|s| &s.base) {
            Some(Base::Stage { index }) => i = *index,
            Some(Base::Scratch) => return true,
            Some(Base::Image { facts: Some(f), .. }) => {
                return f.defaults_known || !f.env.is_empty()
            }
            _ => return false,
        }
    }
    false
}
