//! Helpers shared by the instruction-level rules (hadolint/BuildKit parity).

use super::{Edit, Fix, RuleCtx, Sink};
use crate::sim::run::{split_commands, SimpleCommand};
use layerlab_syntax::{Args, Instruction, Keyword, Span};
use std::collections::HashMap;
use std::sync::Arc;

/// The span of an instruction without its trailing newline (keyword to the
/// end of its arguments).
pub fn instruction_span(ins: &Instruction) -> Span {
    Span::new(
        ins.keyword.span.start,
        ins.rest.span.end.max(ins.keyword.span.end),
    )
}

fn basename(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

/// The shell scripts a RUN executes (the shell-form line, heredoc scripts,
/// or `["sh", "-c", "…"]`), as text.
pub fn run_scripts(ins: &Instruction) -> Vec<String> {
    let mut scripts = Vec::new();
    match &ins.args {
        Args::Exec { items, .. } => {
            let w: Vec<&str> = items.iter().map(|t| t.text.as_str()).collect();
            if w.len() >= 3
                && matches!(basename(w[0]), "sh" | "bash" | "ash" | "dash")
                && w[1] == "-c"
            {
                scripts.push(w[2].to_string());
            }
        }
        Args::Shell { text } => {
            let first = text.text.split_whitespace().next().unwrap_or("");
            let heredoc_script = !ins.heredocs.is_empty()
                && (first.starts_with("<<")
                    || matches!(basename(first), "sh" | "bash" | "ash" | "dash"));
            if heredoc_script {
                scripts.extend(ins.heredocs.iter().map(|h| h.content.clone()));
            } else {
                scripts.push(text.text.clone());
            }
        }
        _ => {}
    }
    scripts
}

/// The simple commands a RUN executes (exec form: the one command).
pub fn run_commands(ins: &Instruction) -> Arc<[SimpleCommand]> {
    // Many rules ask for the same RUN's commands: split each script once per
    // analysis, and, for an [`crate::Analyzer`], take the unchanged RUNs'
    // commands from the analysis before ([`begin_splits`], [`end_splits`]).
    let key = (ins.span.start, ins.span.end, ins.original.len());
    SPLITS.with(|c| {
        let mut c = c.borrow_mut();
        if let Some(hit) = c.by_span.get(&key) {
            return hit.clone();
        }
        let text = c.carried.keeping().then(|| SplitKey::of(ins));
        let cmds = c.carried.get_or(text, || split_run(ins).into());
        c.by_span.insert(key, cmds.clone());
        cmds
    })
}

/// What decides a RUN's split commands (within one file, whose escape
/// character the caller compares): its logical line, its heredocs' bodies,
/// whether it parsed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SplitKey {
    original: String,
    heredocs: Vec<String>,
    error: bool,
}

impl SplitKey {
    fn of(ins: &Instruction) -> SplitKey {
        SplitKey {
            original: ins.original.clone(),
            heredocs: ins.heredocs.iter().map(|h| h.content.clone()).collect(),
            error: ins.error.is_some(),
        }
    }
}

/// Split commands by what decides them, kept from one analysis for the next.
pub type SplitMemo = HashMap<SplitKey, Arc<[SimpleCommand]>>;

#[derive(Default)]
struct Splits {
    /// This analysis' RUNs, by span.
    by_span: HashMap<(usize, usize, usize), Arc<[SimpleCommand]>>,
    /// The previous analysis' splits, and this one's when kept.
    carried: crate::carry::Carried<SplitKey, Arc<[SimpleCommand]>>,
}

thread_local! {
    static SPLITS: std::cell::RefCell<Splits> = Default::default();
}

/// Starts an analysis' splits: from `kept` (the previous analysis' of the
/// same file, same escape character) where a RUN is unchanged; with `keep`,
/// this analysis' are collected for [`end_splits`].
pub fn begin_splits(kept: SplitMemo, keep: bool) {
    SPLITS.with(|c| {
        *c.borrow_mut() = Splits {
            by_span: HashMap::new(),
            carried: crate::carry::Carried::new(kept, keep),
        }
    });
}

/// Ends an analysis' splits: what it collected (empty unless kept).
pub fn end_splits() -> SplitMemo {
    SPLITS.with(|c| std::mem::take(&mut *c.borrow_mut()).carried.finish())
}

fn split_run(ins: &Instruction) -> Vec<SimpleCommand> {
    if let Args::Exec { items, .. } = &ins.args {
        let w: Vec<&str> = items.iter().map(|t| t.text.as_str()).collect();
        if !(w.len() >= 3
            && matches!(basename(w[0]), "sh" | "bash" | "ash" | "dash")
            && w[1] == "-c")
        {
            return vec![SimpleCommand {
                assignments: Vec::new(),
                words: items.iter().map(|t| t.text.clone()).collect(),
                conditional: false,
            }];
        }
    }
    run_scripts(ins)
        .iter()
        .flat_map(|s| split_commands(s))
        .collect()
}

/// The program of a simple command, skipping `sudo`, `env`, `nice`, … wrappers
/// (with their options), and the index of the program word.
pub fn program(cmd: &SimpleCommand) -> Option<(usize, &str)> {
    let mut i = 0;
    while i < cmd.words.len() {
        let w = basename(&cmd.words[i]);
        // `command -v curl` asks whether curl exists; it does not run it.
        if w == "command" && cmd.words.get(i + 1).is_some_and(|a| a == "-v" || a == "-V") {
            return None;
        }
        match w {
            "sudo" | "env" | "nice" | "nohup" | "time" | "command" | "exec" | "gosu"
            | "su-exec" | "eatmydata" => {
                i += 1;
                while i < cmd.words.len()
                    && (cmd.words[i].starts_with('-') || cmd.words[i].contains('='))
                {
                    i += 1;
                }
                // gosu/su-exec take a user first.
                if matches!(w, "gosu" | "su-exec") {
                    i += 1;
                }
            }
            _ => return Some((i, w)),
        }
    }
    None
}

/// For `tool sub args…`: the arguments after the subcommand when the command is
/// `tool` (one of `tools`) with subcommand `sub` (one of `subs`), skipping
/// options before the subcommand.
pub fn subcommand_args<'a>(
    cmd: &'a SimpleCommand,
    tools: &[&str],
    subs: &[&str],
) -> Option<(&'a str, &'a [String])> {
    let (i, p) = program(cmd)?;
    if !tools.contains(&p) {
        return None;
    }
    let mut j = i + 1;
    while j < cmd.words.len() {
        let w = cmd.words[j].as_str();
        if subs.contains(&w) {
            return Some((p, &cmd.words[j + 1..]));
        }
        if !w.starts_with('-') {
            return None;
        }
        // Options that take a separate value.
        if matches!(
            w,
            "-o" | "-c"
                | "-t"
                | "--option"
                | "--target-release"
                | "--config-file"
                | "-R"
                | "--root"
                | "-X"
                | "--repository"
        ) {
            j += 1;
        }
        j += 1;
    }
    None
}

/// Non-option words of `args`, skipping options and the values of
/// `value_opts` (options that take a separate value).
pub fn positional<'a>(args: &'a [String], value_opts: &[&str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
            continue;
        }
        if a.starts_with('-') {
            if value_opts.contains(&a.as_str()) {
                skip = true;
            }
            continue;
        }
        out.push(a.as_str());
    }
    out
}

/// Whether a short-or-long option is present: `long` exactly (or `long=…`),
/// or `short` inside a bundle of single-letter options (`-qy`).
pub fn has_opt(args: &[String], short: Option<char>, longs: &[&str]) -> bool {
    args.iter().any(|a| {
        longs
            .iter()
            .any(|l| a == l || a.starts_with(&format!("{l}=")))
            || short.is_some_and(|c| {
                a.starts_with('-')
                    && !a.starts_with("--")
                    && a[1..]
                        .chars()
                        .take_while(|x| x.is_ascii_alphabetic())
                        .any(|x| x == c)
            })
    })
}

/// The RUN instructions of the checked stages ([`RuleCtx::checked_instructions`])
/// with their stage index.
pub fn runs<'a>(cx: &RuleCtx<'a>) -> Vec<(Option<usize>, &'a Instruction)> {
    cx.checked_instructions()
        .iter()
        .filter(|(_, i)| i.kind == Keyword::Run)
        .copied()
        .collect()
}

/// The RUNs of the stages the final image ships, without those that keep a
/// cache mount (`--mount=type=cache`: what they cache is not in a layer).
pub fn shipped_runs_without_cache_mount<'a>(cx: &RuleCtx<'a>) -> Vec<&'a Instruction> {
    runs(cx)
        .into_iter()
        .filter(|(st, ins)| {
            shipped(cx, *st)
                && !ins.flags.iter().any(|f| {
                    f.value
                        .as_ref()
                        .is_some_and(|v| v.text.contains("type=cache"))
                })
        })
        .map(|(_, ins)| ins)
        .collect()
}

/// The byte offset (in the source) just after the first occurrence of
/// `needle` inside the instruction's text, if it is there verbatim.
pub fn offset_after(cx: &RuleCtx, ins: &Instruction, needle: &str) -> Option<usize> {
    let text = cx.text(ins.span);
    text.find(needle).map(|i| ins.span.start + i + needle.len())
}

/// The span of the first occurrence of `needle` in the instruction's source,
/// or the whole instruction.
pub fn span_of(cx: &RuleCtx, ins: &Instruction, needle: &str) -> Span {
    let text = cx.text(ins.span);
    let word =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    // Prefer a match that is a whole word (`ps`, not the `ps` of `apps`).
    let found = text
        .match_indices(needle)
        .find(|(i, _)| {
            !word(text[..*i].chars().next_back()) && !word(text[i + needle.len()..].chars().next())
        })
        .or_else(|| text.match_indices(needle).next());
    match found {
        Some((i, _)) if !needle.is_empty() => {
            Span::new(ins.span.start + i, ins.span.start + i + needle.len())
        }
        _ => instruction_span(ins),
    }
}

/// The stage's name from the FROM instruction (`AS name` token).
pub fn from_name(ins: &Instruction) -> Option<&layerlab_syntax::Token> {
    let Args::Words { items } = &ins.args else {
        return None;
    };
    (items.len() == 3 && items[1].text.eq_ignore_ascii_case("as")).then(|| &items[2])
}

/// Whether a stage reaches the final image.
pub fn shipped(cx: &RuleCtx, stage: Option<usize>) -> bool {
    stage.is_some_and(|s| cx.is_shipped(s))
}

/// Whether a word names a package with a version for apt (`pkg=1.2`),
/// or is something other than a package name (a path, a variable).
pub fn apt_pinned_or_not_a_name(p: &str) -> bool {
    p.contains('=') || p.contains('$') || p.contains('/') || p.ends_with(".deb")
}

/// Instructions of `kind` in the checked stages that a later one of the same
/// kind in the same stage overrides (each with the one that overrides it).
pub fn overridden<'a>(cx: &RuleCtx<'a>, kind: Keyword) -> Vec<(&'a Instruction, &'a Instruction)> {
    let all = cx.checked_instructions();
    let mut out = Vec::new();
    for (i, (st, ins)) in all.iter().enumerate() {
        if ins.kind != kind || st.is_none() {
            continue;
        }
        if let Some((_, later)) = all[i + 1..]
            .iter()
            .take_while(|(s, _)| s == st)
            .find(|(_, l)| l.kind == kind)
        {
            out.push((*ins, *later));
        }
    }
    out
}

/// Reports every instruction of `kind` that a later one in the same stage
/// replaces (`multiple-cmd`, `multiple-entrypoint`, `healthcheck-multiple`).
pub fn emit_overridden(cx: &RuleCtx, out: &mut Sink, kind: Keyword) {
    let name = kind.as_str();
    for (ins, later) in overridden(cx, kind) {
        let f = out.emit(
            instruction_span(ins),
            format!(
                "this {name} has no effect: the {name} on line {} replaces it",
                later.start_line
            ),
        );
        f.help = format!("Remove it, or merge it into the last {name} of the stage.");
    }
}

/// The last `USER` instruction of the final image (the target stage or the
/// stages it is built on) and the user name it sets (without the group),
/// when it is in shell form.
pub fn last_user<'a>(cx: &RuleCtx<'a>) -> Option<(&'a Instruction, &'a str)> {
    let chain = super::shipped_stages(cx.sim);
    // Each stage's last USER, in one pass (not one pass per stage).
    let mut last: std::collections::HashMap<usize, &'a Instruction> = Default::default();
    for (st, ins) in cx.checked_instructions() {
        if let (Some(st), Keyword::User) = (st, ins.kind) {
            last.insert(*st, ins);
        }
    }
    let ins = chain.iter().find_map(|st| last.get(st).copied())?;
    let Args::Shell { text } = &ins.args else {
        return None;
    };
    Some((ins, text.text.trim().split(':').next().unwrap_or("")))
}

/// COPY/ADD sources and destination tokens (shell or exec form).
pub fn copy_paths(
    ins: &Instruction,
) -> Option<(&[layerlab_syntax::Token], &layerlab_syntax::Token)> {
    let items = match &ins.args {
        Args::Words { items } | Args::Exec { items, .. } => items,
        _ => return None,
    };
    let (dest, srcs) = items.split_last()?;
    (!srcs.is_empty()).then_some((srcs, dest))
}

/// A COPY or ADD from the build context (no `--from`) with one of `sources`
/// among its sources (`.` is the whole context).
pub fn copies_context_source(ins: &Instruction, sources: &[&str]) -> bool {
    matches!(ins.kind, Keyword::Copy | Keyword::Add)
        && ins.flag("from").is_none()
        && copy_paths(ins)
            .is_some_and(|(srcs, _)| srcs.iter().any(|t| sources.contains(&t.text.as_str())))
}

/// BuildKit's automatic platform ARGs, always defined for FROM.
pub const AUTO_ARGS: &[&str] = &[
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
];

/// Variables visible to FROM: the global ARGs with their defaults (an ARG
/// without a default is set but empty) and the automatic platform ARGs.
pub fn from_env(cx: &RuleCtx) -> std::collections::HashMap<String, String> {
    let mut m: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for a in AUTO_ARGS {
        let v = match *a {
            "TARGETPLATFORM" | "BUILDPLATFORM" => "linux/amd64",
            "TARGETOS" | "BUILDOS" => "linux",
            "TARGETARCH" | "BUILDARCH" => "amd64",
            _ => "",
        };
        m.insert(a.to_string(), v.to_string());
    }
    for (k, v) in &cx.sim.global_args {
        m.insert(k.clone(), v.clone().unwrap_or_default());
    }
    m
}

/// Whether the file configures apt globally (`APT::Get::Assume-Yes`,
/// `APT::Install-Recommends`) somewhere: then per-command options are not needed.
pub fn file_mentions(cx: &RuleCtx, needle: &str) -> bool {
    // An instruction's text is a slice of the source: one search of the
    // source first, which usually settles it.
    cx.df.source.contains(needle)
        && cx
            .df
            .instructions()
            .any(|i| cx.text(i.span).contains(needle))
}

/// The `words` some instruction of the file mentions ([`file_mentions`]),
/// as a rule's [`super::FileFact`]: the rules that stay silent when the file
/// configures the tool globally name these words.
pub fn mentioned(cx: &RuleCtx, words: &[&str]) -> super::FileFact {
    words
        .iter()
        .filter(|w| file_mentions(cx, w))
        .map(|w| w.to_string())
        .collect()
}

/// Options of `apt-get` that take a separate value.
pub const APT_VALUE_OPTS: &[&str] = &[
    "-o",
    "--option",
    "-t",
    "--target-release",
    "-c",
    "--config-file",
    "-a",
    "--host-architecture",
];

/// Each `apt-get install` in the RUN: all of the command's words after
/// `apt-get` (options before the subcommand included) and the arguments after
/// `install`.
pub fn apt_get_installs(ins: &Instruction) -> Vec<(Vec<String>, Vec<String>)> {
    let mut out = Vec::new();
    for cmd in run_commands(ins).iter() {
        if let Some((_, args)) = subcommand_args(cmd, &["apt-get"], &["install"]) {
            let (i, _) = program(cmd).expect("program");
            // A simulation installs nothing (`apt-get install -s pkg`).
            if has_opt(
                &cmd.words[i + 1..],
                Some('s'),
                &[
                    "--simulate",
                    "--just-print",
                    "--dry-run",
                    "--recon",
                    "--no-act",
                ],
            ) {
                continue;
            }
            out.push((cmd.words[i + 1..].to_vec(), args.to_vec()));
        }
    }
    out
}

/// The byte offset just after the n-th (0-based) occurrence of `pat` in the
/// instruction's source.
pub fn nth_offset_after(cx: &RuleCtx, ins: &Instruction, pat: &str, n: usize) -> Option<usize> {
    let text = cx.text(ins.span);
    text.match_indices(pat)
        .nth(n)
        .map(|(i, _)| ins.span.start + i + pat.len())
}

/// A fix that inserts `flag` after the `missing` ones (by index) of a RUN's
/// `apt-get install`s: only when the source spells each of the `installs`
/// `apt-get install`, so every insertion point is found.
pub fn apt_install_flag_fix(
    cx: &RuleCtx,
    ins: &Instruction,
    installs: usize,
    missing: &[usize],
    flag: &str,
) -> Option<Fix> {
    if cx.text(ins.span).matches("apt-get install").count() != installs {
        return None;
    }
    let edits: Vec<Edit> = missing
        .iter()
        .filter_map(|&i| nth_offset_after(cx, ins, "apt-get install", i))
        .map(|at| Edit {
            start: at,
            end: at,
            replacement: format!(" {flag}"),
        })
        .collect();
    (edits.len() == missing.len()).then(|| Fix {
        title: format!("Add {flag}"),
        edits,
    })
}

/// `a, b, c` (at most 5, then `and N more`).
pub fn list(names: &[String]) -> String {
    let mut s = names.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > 5 {
        s.push_str(&format!(" and {} more", names.len() - 5));
    }
    s
}

/// Each `tool sub …` command in the RUN (`pip install`, `npm i`, …), with its
/// arguments after the subcommand.
pub fn sub_invocations(ins: &Instruction, tools: &[&str], subs: &[&str]) -> Vec<Vec<String>> {
    run_commands(ins)
        .iter()
        .filter_map(|c| subcommand_args(c, tools, subs).map(|(_, a)| a.to_vec()))
        .collect()
}

/// The left-hand sides of the pipes (`a | b`, not `a || b`) of a shell
/// script, outside quotes and comments: for each pipe, the text from the
/// previous command separator to the pipe.
pub fn pipe_lefts(script: &str) -> Vec<String> {
    let b: Vec<char> = script.chars().collect();
    let (mut sq, mut dq, mut comment) = (false, false, false);
    let mut seg_start = 0;
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if comment {
            if c == '\n' {
                comment = false;
                seg_start = i + 1;
            }
        } else if sq {
            if c == '\'' {
                sq = false;
            }
        } else if c == '\\' {
            i += 1;
        } else if dq {
            if c == '"' {
                dq = false;
            }
        } else {
            match c {
                '\'' => sq = true,
                '"' => dq = true,
                '#' if i == 0 || b[i - 1].is_whitespace() => comment = true,
                '|' if b.get(i + 1) == Some(&'|') => {
                    i += 1;
                    seg_start = i + 1;
                }
                '|' => {
                    out.push(b[seg_start..i].iter().collect());
                    seg_start = i + 1;
                }
                ';' | '&' | '\n' | '(' | ')' | '{' | '}' => seg_start = i + 1,
                _ => {}
            }
        }
        i += 1;
    }
    out
}

/// Whether a shell script has a pipe.
pub fn has_pipe(script: &str) -> bool {
    !pipe_lefts(script).is_empty()
}

/// The shared check of the version-pinning rules: in every RUN of a shipped
/// stage, the names `unpinned` returns are reported on the `tool` word with
/// "`what` without versions: …" and `help`.
pub fn report_unpinned(
    cx: &super::RuleCtx,
    out: &mut super::Sink,
    tool: &str,
    what: &str,
    help: &str,
    unpinned: fn(&Instruction) -> Vec<String>,
) {
    for (st, ins) in runs(cx) {
        if !shipped(cx, st) {
            continue;
        }
        let names = unpinned(ins);
        if names.is_empty() {
            continue;
        }
        let f = out.emit(
            span_of(cx, ins, tool),
            format!("{what} without versions: {}", list(&names)),
        );
        f.help = help.into();
    }
}
