//! Which commands of a script fail the RUN when they fail: a rule that
//! knows a command will fail (not found, a rejected option) asks whether
//! the build stops there.
//!
//! A command's failure stops the build when its status becomes the
//! script's: it is the last command of a pipeline (or `pipefail` is on),
//! the pipeline is not negated, its `&&`/`||` list has no `||`, and the
//! list is the script's last one or `set -e` is on (for `set -e`, only the
//! last pipeline of an `&&` list counts: POSIX exempts the others). A
//! command in an `if`/`while` condition or body, a `case` arm, a loop, a
//! function or a command substitution may not run, or its failure may be
//! absorbed: it is not certain.

use super::walk::errexit_before;
use layerlab_syntax::sh::{AndOrOp, Command, List, Part, Script, SimpleCmd, Word};

/// A simple command and whether its failure certainly fails the RUN.
#[derive(Clone, Copy, Debug)]
pub struct CmdExit<'s> {
    pub cmd: &'s SimpleCmd,
    /// Its failure makes the script exit with a failure (whenever the
    /// script gets to it).
    pub fatal: bool,
}

/// Every simple command of the script, in source order, with whether its
/// failure fails the script. `errexit` and `pipefail`: the shell starts
/// with `-e` / `-o pipefail`.
pub fn commands<'s>(
    script: &'s Script,
    src: &str,
    errexit: bool,
    pipefail: bool,
) -> Vec<CmdExit<'s>> {
    let mut w = Walker {
        script,
        src,
        pipefail,
        out: Vec::new(),
    };
    w.list(&script.body, true, errexit, true);
    w.out
}

struct Walker<'s, 'a> {
    script: &'s Script,
    src: &'a str,
    pipefail: bool,
    out: Vec<CmdExit<'s>>,
}

impl<'s> Walker<'s, '_> {
    /// `fatal`: the list's status fails the script; `top`: the script's own
    /// list (where `set -e` is looked up).
    fn list(&mut self, l: &'s List, fatal: bool, errexit: bool, top: bool) {
        let n = l.items.len();
        for (i, ao) in l.items.iter().enumerate() {
            let e = errexit || (top && errexit_before(self.script, self.src, ao.span.start));
            let last_item = i + 1 == n;
            let has_or = ao.tail.iter().any(|(op, _, _)| *op == AndOrOp::Or);
            let pipes = 1 + ao.tail.len();
            for k in 0..pipes {
                let p = if k == 0 { &ao.head } else { &ao.tail[k - 1].2 };
                let p_fatal =
                    fatal && !has_or && p.bang.is_none() && ((last_item) || (e && k + 1 == pipes));
                let m = p.cmds.len();
                for (j, c) in p.cmds.iter().enumerate() {
                    let c_fatal = p_fatal && (j + 1 == m || self.pipefail);
                    self.command(c, c_fatal, e);
                }
            }
        }
    }

    fn command(&mut self, c: &'s Command, fatal: bool, errexit: bool) {
        match c {
            Command::Simple(s) => {
                self.words_of(s);
                self.out.push(CmdExit { cmd: s, fatal });
            }
            Command::Subshell { body, .. } | Command::Group { body, .. } => {
                self.list(body, fatal, errexit, false)
            }
            Command::If { arms, else_, .. } => {
                for (cond, body) in arms {
                    self.list(cond, false, false, false);
                    self.list(body, false, false, false);
                }
                if let Some(e) = else_ {
                    self.list(e, false, false, false);
                }
            }
            Command::For { body, .. } | Command::ForArith { body, .. } => {
                self.list(body, false, false, false)
            }
            Command::Loop { cond, body, .. } => {
                self.list(cond, false, false, false);
                self.list(body, false, false, false);
            }
            Command::Case { arms, .. } => {
                for a in arms {
                    self.list(&a.body, false, false, false);
                }
            }
            Command::Func { body, .. } => self.command(body, false, false),
            Command::DoubleBracket { .. } | Command::Arith { .. } => {}
        }
    }

    /// Commands inside the command's substitutions: never certain.
    fn words_of(&mut self, s: &'s SimpleCmd) {
        for w in s
            .words
            .iter()
            .chain(
                s.assigns
                    .iter()
                    .chain(&s.decl_assigns)
                    .filter_map(|a| match &a.value {
                        layerlab_syntax::sh::AssignValue::Word(w) => Some(w),
                        _ => None,
                    }),
            )
        {
            self.word(w);
        }
    }

    fn word(&mut self, w: &'s Word) {
        self.parts(&w.parts);
    }

    fn parts(&mut self, parts: &'s [Part]) {
        for p in parts {
            match p {
                Part::DoubleQ { parts, .. } => self.parts(parts),
                Part::CmdSubst { body, .. } | Part::ProcSubst { body, .. } => {
                    self.list(body, false, false, false)
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use layerlab_syntax::sh::parse_script;

    fn fatal_of(src: &str, errexit: bool) -> Vec<(String, bool)> {
        let s = parse_script(src);
        commands(&s, src, errexit, false)
            .into_iter()
            .filter(|c| !c.cmd.words.is_empty())
            .map(|c| {
                let w = &c.cmd.words[0];
                (src[w.span.start..w.span.end].to_string(), c.fatal)
            })
            .collect()
    }

    #[test]
    fn last_item_and_and_chains_are_fatal() {
        assert_eq!(
            fatal_of("a; b && c", false),
            vec![("a".into(), false), ("b".into(), true), ("c".into(), true)]
        );
        assert_eq!(
            fatal_of("a && b || c", false),
            vec![
                ("a".into(), false),
                ("b".into(), false),
                ("c".into(), false)
            ]
        );
        assert_eq!(
            fatal_of("a | b", false),
            vec![("a".into(), false), ("b".into(), true)]
        );
        assert_eq!(fatal_of("! a", false), vec![("a".into(), false)]);
    }

    #[test]
    fn set_e_makes_each_list_fatal_but_not_the_left_of_and() {
        assert_eq!(
            fatal_of("set -e; a && b; c", false),
            vec![
                ("set".into(), false),
                ("a".into(), false),
                ("b".into(), true),
                ("c".into(), true)
            ]
        );
        assert_eq!(
            fatal_of("a; b", true),
            vec![("a".into(), true), ("b".into(), true)]
        );
    }

    #[test]
    fn conditions_bodies_and_substitutions_are_not_certain() {
        let got = fatal_of("if a; then b; fi; x=$(c); (d); { e; }", false);
        assert_eq!(
            got,
            vec![
                ("a".into(), false),
                ("b".into(), false),
                ("c".into(), false),
                ("d".into(), false),
                ("e".into(), true)
            ]
        );
    }
}
