//! The shell layer: every script a RUN runs, parsed once per analysis, with
//! the shell that runs it and the map back to the Dockerfile.
//!
//! Rules reach it through [`crate::rules::RuleCtx::scripts`]; nothing else
//! parses RUN scripts with [`layerlab_syntax::sh`].

pub mod bashisms;
pub mod dialect;
pub mod exits;
pub mod installs;
pub mod items;
pub mod vars;
pub mod walk;

use crate::sim::Simulation;
use dialect::{dialect_of_program, image_shell, Dialect, Shell, Source};
use layerlab_syntax::sh::{self, parse_script};
use layerlab_syntax::{run_scripts, Origin, RunScript};
use layerlab_syntax::{Args, Dockerfile, Instruction, Keyword, Span};
use std::collections::HashMap;
use std::sync::Arc;

/// One script a RUN runs.
#[derive(Debug)]
pub struct ShellScript<'a> {
    /// The stage the RUN is in (None before the first FROM).
    pub stage: Option<usize>,
    /// The RUN (or the ONBUILD that holds it).
    pub ins: &'a Instruction,
    pub run: RunScript,
    /// The parse, shared with the next analysis of an [`crate::Analyzer`]
    /// when the script's text is unchanged ([`begin_parses`]).
    pub ast: Arc<sh::Script>,
    pub shell: Shell,
    /// For a here-document fed to a shell (`bash <<'EOF'`, `RUN <<EOF sh`):
    /// the script span of that command in the script that runs it.
    pub stdin_of: Option<Span>,
}

impl ShellScript<'_> {
    /// The script text of a script span.
    pub fn text(&self, s: Span) -> &str {
        self.run.text.get(s.start..s.end).unwrap_or("")
    }

    /// The Dockerfile span of a script span.
    pub fn span(&self, s: Span) -> Span {
        self.run.map.span(s)
    }

    /// Whether `other` is this script (of the same analysis; the lists of
    /// [`crate::rules::RuleCtx::scripts`] and `all_scripts` may be two copies).
    pub fn is(&self, other: &ShellScript) -> bool {
        std::ptr::eq(self.ins, other.ins)
            && self.run.origin == other.run.origin
            && self.stdin_of == other.stdin_of
    }

    /// Whether the script is a heredoc body that the RUN runs as a script
    /// (not data handed to a command).
    pub fn is_heredoc(&self) -> bool {
        matches!(self.run.origin, Origin::Heredoc(_))
    }
}

/// Script parses by text, kept from one analysis for the next.
pub type ParseMemo = HashMap<String, Arc<sh::Script>>;

thread_local! {
    static PARSES: std::cell::RefCell<crate::carry::Carried<String, Arc<sh::Script>>> =
        Default::default();
}

/// Starts an analysis' script parses: from `kept` (the previous analysis')
/// where a script's text is unchanged; with `keep`, this analysis' parses
/// are collected for [`end_parses`].
pub fn begin_parses(kept: ParseMemo, keep: bool) {
    PARSES.with(|c| *c.borrow_mut() = crate::carry::Carried::new(kept, keep));
}

/// Ends an analysis' script parses: what it collected (empty unless kept).
pub fn end_parses() -> ParseMemo {
    PARSES.with(|c| std::mem::take(&mut *c.borrow_mut()).finish())
}

/// The parse of a script's text (`parse_script` is a function of the text).
fn parsed(text: &str) -> Arc<sh::Script> {
    PARSES.with(|c| {
        let mut c = c.borrow_mut();
        if let Some(hit) = c.collected(text) {
            return hit;
        }
        let key = c.keeping().then(|| text.to_string());
        c.get_or(key, || Arc::new(parse_script(text)))
    })
}

/// Every RUN script of the Dockerfile from byte offset `from` on (0: all),
/// in order, with its shell.
pub fn scripts_of<'a>(df: &'a Dockerfile, sim: &Simulation, from: usize) -> Vec<ShellScript<'a>> {
    let mut out = Vec::new();
    let mut stage: Option<usize> = None;
    // The SHELL in force: empty for the image's default `/bin/sh -c`.
    let mut shell_cmd: (Vec<String>, u32) = (Vec::new(), 0);
    for ins in df.instructions() {
        match ins.kind {
            Keyword::From => {
                let i = stage.map_or(0, |s| s + 1);
                stage = Some(i);
                shell_cmd = inherited_shell(sim, i);
            }
            Keyword::Shell => {
                if let Args::Exec { items, .. } = &ins.args {
                    shell_cmd = (
                        items.iter().map(|t| t.text.clone()).collect(),
                        ins.start_line,
                    );
                }
            }
            _ if ins.span.start < from => {}
            Keyword::Run => push_scripts(df, sim, stage, ins, ins, &shell_cmd, &mut out),
            Keyword::Onbuild => {
                if let Args::Onbuild { inner } = &ins.args {
                    if inner.kind == Keyword::Run {
                        push_scripts(df, sim, stage, ins, inner, &shell_cmd, &mut out);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The SHELL a stage starts with: its parent stage's last one.
fn inherited_shell(sim: &Simulation, stage: usize) -> (Vec<String>, u32) {
    match sim.stages.get(stage).map(|s| &s.base) {
        Some(crate::sim::Base::Stage { index }) => {
            let parent = &sim.stages[*index];
            // Line 0: inherited, not written in this stage.
            (parent.shell.clone(), 0)
        }
        _ => (Vec::new(), 0),
    }
}

fn push_scripts<'a>(
    df: &'a Dockerfile,
    sim: &Simulation,
    stage: Option<usize>,
    at: &'a Instruction,
    run: &Instruction,
    shell_cmd: &(Vec<String>, u32),
    out: &mut Vec<ShellScript<'a>>,
) {
    for rs in run_scripts(df, run) {
        let shell = shell_of(sim, stage, run, &rs, shell_cmd);
        let ast = parsed(&rs.text);
        let fed = stdin_scripts(&rs, &ast, &shell);
        out.push(ShellScript {
            stage,
            ins: at,
            run: rs,
            ast,
            shell,
            stdin_of: None,
        });
        out.extend(fed.into_iter().map(|(run, shell, cmd)| ShellScript {
            stage,
            ins: at,
            ast: parsed(&run.text),
            run,
            shell,
            stdin_of: Some(cmd),
        }));
    }
}

/// Here-documents fed to a shell on standard input (`bash <<'EOF'`,
/// `sh -e <<EOF`), as scripts of their own, with the shell that reads them.
fn stdin_scripts(rs: &RunScript, ast: &sh::Script, outer: &Shell) -> Vec<(RunScript, Shell, Span)> {
    let mut out = Vec::new();
    if !outer.is_posix() || ast.heredocs.is_empty() {
        return out;
    }
    for cmd in ast.simple_commands() {
        let Some(name) = walk::command_name(cmd, &rs.text) else {
            continue;
        };
        let mut sub_shell = outer.clone();
        sub_shell.dialect = dialect_of_program(name, image_dialect(outer));
        if sub_shell.dialect == Dialect::NotPosix {
            continue;
        }
        let args: Vec<&str> = cmd.words[1..]
            .iter()
            .filter_map(|w| rs.text.get(w.span.start..w.span.end))
            .collect();
        if args.iter().any(|a| !a.starts_with('-') || a.contains('c')) {
            continue;
        }
        if name != "sh" {
            sub_shell.source = Source::Exec {
                program: name.to_string(),
            };
        }
        sub_shell.errexit = args.iter().any(|a| is_errexit_flag(a));
        for r in &cmd.redirs {
            let Some(h) = r.heredoc.and_then(|i| ast.heredocs.get(i)) else {
                continue;
            };
            if r.fd.unwrap_or(0) != 0 {
                continue;
            }
            let Some(text) = rs.text.get(h.body.start..h.body.end) else {
                continue;
            };
            let run = RunScript {
                text: text.to_string(),
                map: rs.map.sub(h.body),
                origin: rs.origin,
                onbuild: rs.onbuild,
            };
            out.push((run, sub_shell.clone(), cmd.span));
        }
    }
    out
}

/// What `sh` is where `outer` runs (the image's `/bin/sh` when known).
fn image_dialect(outer: &Shell) -> Dialect {
    match outer.source {
        Source::Image { .. } => outer.dialect,
        _ => Dialect::Posix,
    }
}

/// The shell that runs `rs`.
fn shell_of(
    sim: &Simulation,
    stage: Option<usize>,
    run: &Instruction,
    rs: &RunScript,
    (shell_cmd, shell_line): &(Vec<String>, u32),
) -> Shell {
    let image = match stage {
        Some(i) => image_shell(sim, i),
        None => image_shell(sim, usize::MAX),
    };
    let program_shell = |program: &str, source: Source, flags: &[String]| {
        let dialect = dialect_of_program(program, image.dialect);
        let is_sh = program.rsplit(['/', '\\']).next() == Some("sh");
        Shell {
            dialect,
            // `sh` is the image's shell: say which image it comes from.
            source: if is_sh { image.source.clone() } else { source },
            errexit: flags.iter().any(|f| is_errexit_flag(f)),
            pipefail: flags.windows(2).any(|w| w[0] == "-o" && w[1] == "pipefail")
                || flags.iter().any(|f| f == "-opipefail"),
            dash_pipefail: if dialect == Dialect::Dash {
                image.dash_pipefail
            } else {
                None
            },
        }
    };
    match rs.origin {
        Origin::ExecDashC => {
            let Args::Exec { items, .. } = &run.args else {
                return image;
            };
            let words: Vec<String> = items.iter().map(|t| t.text.clone()).collect();
            let program = words.first().cloned().unwrap_or_default();
            program_shell(
                &program,
                Source::Exec {
                    program: program.clone(),
                },
                &words[1..],
            )
        }
        Origin::Heredoc(_) if rs.text.starts_with("#!") => {
            let (program, flags) = dialect::shebang(&rs.text).unwrap_or_default();
            let flags: Vec<String> = flags.into_iter().map(str::to_string).collect();
            program_shell(
                program,
                Source::Shebang {
                    program: program.to_string(),
                },
                &flags,
            )
        }
        _ if !shell_cmd.is_empty() => {
            let program = shell_cmd[0].clone();
            program_shell(
                &program,
                Source::ShellInstruction {
                    program: program.clone(),
                    line: *shell_line,
                },
                &shell_cmd[1..],
            )
        }
        _ => image,
    }
}

/// `-e`, `-eux`, `-o errexit` style flags that turn on errexit.
fn is_errexit_flag(f: &str) -> bool {
    f == "errexit"
        || (f.starts_with('-') && !f.starts_with("--") && f[1..].contains('e') && f != "-c")
}
