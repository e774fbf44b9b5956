//! Every list item of a script (`a && b` between `;`, `&` or newlines), with
//! what decides how its exit status is used: inside an `if`/`while`
//! condition, inside a command substitution, and whether its status leaves
//! the script or its subshell (so `set -e` or the RUN's own exit status
//! still sees it). Rules that ask "does a failure here stop the build?"
//! read this instead of re-walking the tree.

use layerlab_syntax::sh::{AndOr, AssignValue, Command, List, Part, Pipeline, Script, Word};

/// A list item and where it stands.
#[derive(Clone, Copy, Debug)]
pub struct ItemAt<'s> {
    pub item: &'s AndOr,
    /// Inside an `if`, `elif`, `while` or `until` condition (at any depth):
    /// `set -e` is off there.
    pub in_condition: bool,
    /// Inside `$(…)`, backquotes or `<(…)`: another shell process whose
    /// status the outer command may ignore.
    pub in_subst: bool,
    /// The item's exit status becomes the script's exit status, or the
    /// status of a subshell or function call that `set -e` then checks:
    /// it is the last item of the script, of a subshell, of a function
    /// body, or of a group/`if`/loop/`case` body that is itself in such a
    /// place (or whose status is used by `&&`, `||` or a pipe, which this
    /// walk does not follow).
    pub status_escapes: bool,
}

impl ItemAt<'_> {
    /// The pipelines of the item, in order.
    pub fn pipelines(&self) -> impl Iterator<Item = &Pipeline> {
        pipelines(self.item)
    }
}

/// The pipelines of an and-or list, in order.
pub fn pipelines(ao: &AndOr) -> impl Iterator<Item = &Pipeline> {
    std::iter::once(&ao.head).chain(ao.tail.iter().map(|(_, _, p)| p))
}

#[derive(Clone, Copy)]
struct Ctx {
    in_condition: bool,
    in_subst: bool,
    /// The last item of the list being walked has an escaping status.
    tail: bool,
}

/// Every list item of the script, in source order (an item before the
/// items nested in it), including those in command substitutions and in
/// here-document bodies' substitutions.
pub fn items(script: &Script) -> Vec<ItemAt<'_>> {
    let mut out = Vec::new();
    let top = Ctx {
        in_condition: false,
        in_subst: false,
        tail: true,
    };
    list(&script.body, top, &mut out);
    let subst = Ctx {
        in_subst: true,
        ..top
    };
    for h in &script.heredocs {
        parts(&h.parts, subst, &mut out);
    }
    out
}

fn list<'s>(l: &'s List, cx: Ctx, out: &mut Vec<ItemAt<'s>>) {
    let n = l.items.len();
    for (i, ao) in l.items.iter().enumerate() {
        let escapes = cx.tail && i + 1 == n;
        out.push(ItemAt {
            item: ao,
            in_condition: cx.in_condition,
            in_subst: cx.in_subst,
            status_escapes: escapes,
        });
        // A compound command's body ends where the item ends only when the
        // compound is the whole item.
        let whole = ao.tail.is_empty() && ao.head.cmds.len() == 1 && ao.head.bang.is_none();
        for p in pipelines(ao) {
            for c in &p.cmds {
                command(c, cx, escapes || !whole, out);
            }
        }
    }
}

fn command<'s>(c: &'s Command, cx: Ctx, tail: bool, out: &mut Vec<ItemAt<'s>>) {
    let body = Ctx { tail, ..cx };
    let cond = Ctx {
        in_condition: true,
        tail: true,
        ..cx
    };
    // A subshell's or function's last status is the status of the
    // subshell command or of the call, which `set -e` checks.
    let own = Ctx { tail: true, ..cx };
    match c {
        Command::Simple(s) => {
            for a in s.assigns.iter().chain(&s.decl_assigns) {
                match &a.value {
                    AssignValue::Word(w) => word(w, cx, out),
                    AssignValue::Array { items, .. } => {
                        for w in items {
                            word(w, cx, out)
                        }
                    }
                }
            }
            for w in &s.words {
                word(w, cx, out);
            }
        }
        Command::Subshell { body: b, .. } => list(b, own, out),
        Command::Group { body: b, .. } => list(b, body, out),
        Command::If { arms, else_, .. } => {
            for (c, b) in arms {
                list(c, cond, out);
                list(b, body, out);
            }
            if let Some(e) = else_ {
                list(e, body, out);
            }
        }
        Command::For { items, body: b, .. } => {
            for w in items.iter().flatten() {
                word(w, cx, out);
            }
            list(b, body, out);
        }
        Command::ForArith { body: b, .. } => list(b, body, out),
        Command::Loop {
            cond: c, body: b, ..
        } => {
            list(c, cond, out);
            list(b, body, out);
        }
        Command::Case { word: w, arms, .. } => {
            word(w, cx, out);
            for a in arms {
                list(&a.body, body, out);
            }
        }
        Command::Func { body: b, .. } => command(b, own, true, out),
        Command::DoubleBracket { words, .. } => {
            for w in words {
                word(w, cx, out);
            }
        }
        Command::Arith { .. } => {}
    }
    for r in c.redirs() {
        word(&r.target, cx, out);
    }
}

fn word<'s>(w: &'s Word, cx: Ctx, out: &mut Vec<ItemAt<'s>>) {
    parts(&w.parts, cx, out);
}

fn parts<'s>(ps: &'s [Part], cx: Ctx, out: &mut Vec<ItemAt<'s>>) {
    let subst = Ctx {
        in_subst: true,
        tail: true,
        ..cx
    };
    for p in ps {
        match p {
            Part::DoubleQ { parts: inner, .. } => parts(inner, cx, out),
            Part::Param(pa) => {
                if let Some(op) = &pa.op {
                    word(&op.arg, cx, out);
                }
            }
            Part::CmdSubst { body, .. } | Part::ProcSubst { body, .. } => list(body, subst, out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use layerlab_syntax::sh::parse_script;

    /// (item text, in_condition, in_subst, status_escapes) of every item.
    fn rows(src: &str) -> Vec<(String, bool, bool, bool)> {
        let s = parse_script(src);
        items(&s)
            .iter()
            .map(|i| {
                (
                    src[i.item.span.start..i.item.span.end].to_string(),
                    i.in_condition,
                    i.in_subst,
                    i.status_escapes,
                )
            })
            .collect()
    }

    #[test]
    fn last_items_escape_and_conditions_are_marked() {
        let r = rows("a; if b; then c; d; fi; e");
        let find = |t: &str| r.iter().find(|x| x.0 == t).cloned().unwrap();
        assert_eq!(find("a"), ("a".into(), false, false, false));
        assert_eq!(find("b"), ("b".into(), true, false, true));
        assert_eq!(find("c"), ("c".into(), false, false, false));
        // The if body's last item: the if is not the script's last item.
        assert_eq!(find("d"), ("d".into(), false, false, false));
        assert_eq!(find("e"), ("e".into(), false, false, true));
    }

    #[test]
    fn subshells_functions_and_last_compounds_pass_their_status_on() {
        let r = rows("(a; b); f() { c; d; }; { e; g; }; h");
        let esc = |t: &str| r.iter().find(|x| x.0 == t).unwrap().3;
        assert!(!esc("a"));
        assert!(esc("b"));
        assert!(!esc("c"));
        assert!(esc("d"));
        assert!(!esc("g"));
        let r = rows("x; { e; g; }");
        assert!(r.iter().find(|x| x.0 == "g").unwrap().3);
        // Used by `&&`: not followed here, so it counts as escaping.
        let r = rows("{ e; g; } && x; y");
        assert!(r.iter().find(|x| x.0 == "g").unwrap().3);
    }

    #[test]
    fn substitutions_are_marked() {
        let r = rows("a=$(b; c) && d");
        assert!(r.iter().find(|x| x.0 == "b").unwrap().2);
        assert!(!r.iter().find(|x| x.0 == "a=$(b; c) && d").unwrap().2);
    }
}
