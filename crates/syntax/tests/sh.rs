//! The shell-script parser (`layerlab_syntax::sh`): structure of realistic
//! RUN scripts, spans that slice the source to the expected text, errors as
//! data, and the invariants (never panics, spans in range and on character
//! boundaries, linear work, depth cap).

use layerlab_syntax::sh::*;
use layerlab_syntax::Span;
use proptest::prelude::*;

fn text(src: &str, s: Span) -> &str {
    &src[s.start..s.end]
}

/// Parse and check the invariants every parse must hold.
fn parse(src: &str) -> Script {
    let s = parse_script(src);
    check_invariants(src, &s);
    s
}

fn check_span(src: &str, s: Span, what: &str) {
    assert!(
        s.start <= s.end && s.end <= src.len(),
        "{what} span {s:?} out of range for {src:?}"
    );
    assert!(
        src.is_char_boundary(s.start) && src.is_char_boundary(s.end),
        "{what} span {s:?} not on char boundaries in {src:?}"
    );
}

fn check_invariants(src: &str, s: &Script) {
    let mut n = 0usize;
    s.walk(&mut |node| {
        n += 1;
        check_span(src, node.span(), "node");
        match node {
            Node::Part(Part::Param(p)) => {
                check_span(src, p.name, "param name");
                if let Some(op) = &p.op {
                    check_span(src, op.op, "param op");
                }
            }
            Node::Part(Part::Brace { items, .. }) => {
                for i in items {
                    check_span(src, *i, "brace item");
                }
            }
            Node::Redir(r) => check_span(src, r.op_span, "redir op"),
            Node::Command(Command::Func { name, .. }) => check_span(src, *name, "func name"),
            Node::Command(Command::For { var, .. }) => check_span(src, *var, "for var"),
            _ => {}
        }
    });
    // Linear size: the tree never has more nodes than a small multiple of
    // the input bytes (plus the root list).
    assert!(n <= 8 * src.len() + 8, "{n} nodes for {} bytes", src.len());
    for e in &s.errors {
        check_span(src, e.span, "error");
    }
    for h in &s.heredocs {
        check_span(src, h.body, "heredoc body");
        if let Some(e) = h.end {
            check_span(src, e, "heredoc end");
        }
    }
    assert_eq!(
        s.depth_capped,
        s.errors.iter().any(|e| e.kind == ShErrorKind::TooDeep)
    );
}

fn ok(src: &str) -> Script {
    let s = parse(src);
    assert!(s.errors.is_empty(), "errors for {src:?}: {:?}", s.errors);
    s
}

fn kinds(s: &Script) -> Vec<ShErrorKind> {
    s.errors.iter().map(|e| e.kind).collect()
}

/// The texts of a simple command's words.
fn words<'a>(src: &'a str, c: &SimpleCmd) -> Vec<&'a str> {
    c.words.iter().map(|w| text(src, w.span)).collect()
}

/// All simple commands' word texts, in source order.
fn all_cmds<'a>(src: &'a str, s: &Script) -> Vec<Vec<&'a str>> {
    s.simple_commands().iter().map(|c| words(src, c)).collect()
}

fn first_cmd(s: &Script) -> &Command {
    &s.body.items[0].head.cmds[0]
}

fn simple(c: &Command) -> &SimpleCmd {
    match c {
        Command::Simple(s) => s,
        other => panic!("not a simple command: {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Realistic RUN scripts

#[test]
fn apt_get_chain() {
    let src = "apt-get update     && apt-get install -y --no-install-recommends         curl ca-certificates     && rm -rf /var/lib/apt/lists/*";
    let s = ok(src);
    assert_eq!(s.body.items.len(), 1);
    let ao = &s.body.items[0];
    assert_eq!(ao.tail.len(), 2);
    assert!(ao.tail.iter().all(|t| t.0 == AndOrOp::And));
    assert_eq!(text(src, ao.tail[0].1), "&&");
    assert_eq!(
        all_cmds(src, &s),
        vec![
            vec!["apt-get", "update"],
            vec![
                "apt-get",
                "install",
                "-y",
                "--no-install-recommends",
                "curl",
                "ca-certificates"
            ],
            vec!["rm", "-rf", "/var/lib/apt/lists/*"],
        ]
    );
    let rm = simple(&ao.tail[1].2.cmds[0]);
    assert!(matches!(rm.words[2].parts.last(), Some(Part::Glob(g)) if text(src, *g) == "*"));
}

#[test]
fn continuation_lines_in_heredoc_scripts() {
    let src = "apt-get install -y \\\n    curl \\\n    git\n";
    let s = ok(src);
    assert_eq!(
        all_cmds(src, &s),
        vec![vec!["apt-get", "install", "-y", "curl", "git"]]
    );
}

#[test]
fn set_eux_and_semicolons() {
    let src = "set -eux; \tcd /tmp; make & wait\n";
    let s = ok(src);
    let terms: Vec<_> = s.body.items.iter().map(|a| a.term.map(|t| t.0)).collect();
    assert_eq!(
        terms,
        vec![
            Some(Term::Semi),
            Some(Term::Semi),
            Some(Term::Amp),
            Some(Term::Newline)
        ]
    );
    assert_eq!(all_cmds(src, &s)[0], vec!["set", "-eux"]);
}

#[test]
fn if_test_then_fi() {
    let src = "if [ -f x ]; then echo yes; elif true; then :; else echo no; fi > /dev/null";
    let s = ok(src);
    let Command::If {
        arms,
        else_,
        redirs,
        span,
    } = first_cmd(&s)
    else {
        panic!()
    };
    assert_eq!(arms.len(), 2);
    let cond = simple(&arms[0].0.items[0].head.cmds[0]);
    assert_eq!(words(src, cond), vec!["[", "-f", "x", "]"]);
    assert!(else_.is_some());
    assert_eq!(redirs.len(), 1);
    assert_eq!(redirs[0].op, RedirOp::Out);
    assert_eq!(*span, Span::new(0, src.len()));
}

#[test]
fn for_loop_with_glob() {
    let src = "for f in *.txt; do\n  gzip \"$f\"\ndone";
    let s = ok(src);
    let Command::For {
        var, items, body, ..
    } = first_cmd(&s)
    else {
        panic!()
    };
    assert_eq!(text(src, *var), "f");
    let items = items.as_ref().unwrap();
    assert_eq!(text(src, items[0].span), "*.txt");
    assert!(matches!(items[0].parts[0], Part::Glob(_)));
    let gz = simple(&body.items[0].head.cmds[0]);
    let Part::DoubleQ { parts, .. } = &gz.words[1].parts[0] else {
        panic!()
    };
    let Part::Param(p) = &parts[0] else { panic!() };
    assert_eq!(text(src, p.name), "f");
    assert_eq!(text(src, p.span), "$f");
}

#[test]
fn case_statement() {
    let src = "case \"$x\" in\n  a|b) echo ab;;\n  (c*) echo c ;&\n  *) ;;\nesac";
    let s = ok(src);
    let Command::Case { word, arms, .. } = first_cmd(&s) else {
        panic!()
    };
    assert_eq!(text(src, word.span), "\"$x\"");
    assert_eq!(arms.len(), 3);
    let pats: Vec<Vec<&str>> = arms
        .iter()
        .map(|a| a.patterns.iter().map(|w| text(src, w.span)).collect())
        .collect();
    assert_eq!(pats, vec![vec!["a", "b"], vec!["c*"], vec!["*"]]);
    assert_eq!(text(src, arms[1].term.unwrap()), ";&");
    assert!(arms[2].body.items.is_empty());
}

#[test]
fn case_last_arm_without_terminator() {
    let src = "case $1 in start) run ;; *) usage\nesac";
    let s = ok(src);
    let Command::Case { arms, .. } = first_cmd(&s) else {
        panic!()
    };
    assert_eq!(arms.len(), 2);
    assert!(arms[1].term.is_none());
}

#[test]
fn find_xargs_pipeline() {
    let src = "find . -name '*.pyc' -print0 | xargs -0 rm -f";
    let s = ok(src);
    let p = &s.body.items[0].head;
    assert_eq!(p.cmds.len(), 2);
    assert_eq!(p.pipes.len(), 1);
    assert!(!p.pipes[0].1);
    let find = simple(&p.cmds[0]);
    assert!(matches!(find.words[3].parts[0], Part::SingleQ(s) if text(src, s) == "'*.pyc'"));
    assert_eq!(
        words(src, simple(&p.cmds[1])),
        vec!["xargs", "-0", "rm", "-f"]
    );
}

#[test]
fn pipe_amp() {
    let src = "make 2>&1 |& tee log";
    let s = ok(src);
    let p = &s.body.items[0].head;
    assert!(p.pipes[0].1);
    let make = simple(&p.cmds[0]);
    assert_eq!(make.redirs[0].fd, Some(2));
    assert_eq!(make.redirs[0].op, RedirOp::DupOut);
    assert_eq!(text(src, make.redirs[0].target.span), "1");
    assert_eq!(text(src, make.redirs[0].span), "2>&1");
}

#[test]
fn export_command_substitution() {
    let src = "export A=$(cmd --x \"$(inner)\") B=`uname -m` C; local arr=(a b) n+=1";
    let s = ok(src);
    let c = simple(first_cmd(&s));
    // Declaration builtins take assignments, not words.
    assert_eq!(words(src, c), vec!["export", "C"]);
    let names: Vec<&str> = c.decl_assigns.iter().map(|a| text(src, a.name)).collect();
    assert_eq!(names, vec!["A", "B"]);
    let AssignValue::Word(a) = &c.decl_assigns[0].value else {
        panic!()
    };
    assert_eq!(text(src, a.span), "$(cmd --x \"$(inner)\")");
    let Part::CmdSubst {
        body, backquote, ..
    } = &a.parts[0]
    else {
        panic!("{:?}", a.parts)
    };
    assert!(!backquote);
    assert_eq!(words(src, simple(&body.items[0].head.cmds[0]))[0], "cmd");
    let AssignValue::Word(b) = &c.decl_assigns[1].value else {
        panic!()
    };
    assert!(matches!(
        b.parts[0],
        Part::CmdSubst {
            backquote: true,
            ..
        }
    ));
    assert_eq!(
        all_cmds(src, &s),
        vec![
            vec!["export", "C"],
            vec!["cmd", "--x", "\"$(inner)\""],
            vec!["inner"],
            vec!["uname", "-m"],
            vec!["local"],
        ]
    );
    let local = simple(&s.body.items[1].head.cmds[0]);
    assert!(matches!(
        local.decl_assigns[0].value,
        AssignValue::Array { .. }
    ));
    assert!(local.decl_assigns[1].append);
    // Only for those builtins, and only as a plain command name.
    let s = ok("echo a=b; \\export a=b");
    assert!(s
        .simple_commands()
        .iter()
        .all(|c| c.decl_assigns.is_empty()));
}

#[test]
fn assignments_and_env_prefix() {
    let src = "A=1 B+=x C= DEBIAN_FRONTEND=noninteractive apt-get install -y x";
    let s = ok(src);
    let c = simple(first_cmd(&s));
    let names: Vec<&str> = c.assigns.iter().map(|a| text(src, a.name)).collect();
    assert_eq!(names, vec!["A", "B", "C", "DEBIAN_FRONTEND"]);
    assert!(c.assigns[1].append);
    let AssignValue::Word(w) = &c.assigns[2].value else {
        panic!()
    };
    assert!(w.parts.is_empty());
    assert_eq!(words(src, c)[0], "apt-get");
    // After the command name, `x=y` is an ordinary word.
    let s = ok("echo a=b");
    assert!(simple(first_cmd(&s)).assigns.is_empty());
}

#[test]
fn negation() {
    let src = "! grep -q x f";
    let s = ok(src);
    let p = &s.body.items[0].head;
    assert_eq!(text(src, p.bang.unwrap()), "!");
    assert_eq!(words(src, simple(&p.cmds[0])), vec!["grep", "-q", "x", "f"]);
    assert_eq!(p.span, Span::new(0, src.len()));
}

#[test]
fn heredoc_quoted() {
    let src = "cat > /etc/x <<'EOF'\nline $notexpanded\n\tmore\nEOF\necho done";
    let s = ok(src);
    let c = simple(first_cmd(&s));
    assert_eq!(c.redirs.len(), 2);
    let r = &c.redirs[1];
    assert_eq!(r.op, RedirOp::HereDoc);
    let h = &s.heredocs[r.heredoc.unwrap()];
    assert_eq!(h.delim, "EOF");
    assert!(h.quoted);
    assert_eq!(text(src, h.body), "line $notexpanded\n\tmore\n");
    assert_eq!(text(src, h.end.unwrap()), "EOF");
    assert_eq!(all_cmds(src, &s), vec![vec!["cat"], vec!["echo", "done"]]);
}

#[test]
fn heredoc_strip_tabs_and_two_on_a_line() {
    let src = "cat <<-A; cat <<B\n\tbody a\n\tA\nbody b\nB\n";
    let s = ok(src);
    assert_eq!(s.heredocs.len(), 2);
    assert!(s.heredocs[0].strip_tabs);
    assert!(!s.heredocs[0].quoted);
    assert_eq!(text(src, s.heredocs[0].body), "\tbody a\n");
    assert_eq!(text(src, s.heredocs[1].body), "body b\n");
    assert_eq!(s.body.items.len(), 2);
}

#[test]
fn heredoc_unterminated_is_an_error() {
    let s = parse("cat <<EOF\nabc\n");
    assert_eq!(kinds(&s), vec![ShErrorKind::UnterminatedHeredoc]);
    let s = parse("cat <<EOF");
    assert_eq!(kinds(&s), vec![ShErrorKind::UnterminatedHeredoc]);
}

#[test]
fn here_string_and_amp_redirects() {
    let src = "grep x <<< \"$v\" &> /dev/null; cmd &>>log 2>/dev/null <in";
    let s = ok(src);
    let c = simple(first_cmd(&s));
    let ops: Vec<RedirOp> = c.redirs.iter().map(|r| r.op).collect();
    assert_eq!(ops, vec![RedirOp::HereString, RedirOp::OutErr]);
    let c2 = simple(&s.body.items[1].head.cmds[0]);
    let ops: Vec<RedirOp> = c2.redirs.iter().map(|r| r.op).collect();
    assert_eq!(ops, vec![RedirOp::AppendOutErr, RedirOp::Out, RedirOp::In]);
    assert_eq!(text(src, c2.redirs[2].target.span), "in");
}

#[test]
fn double_brackets() {
    let src = "[[ $a == b && -n \"$c\" ]] && echo ok";
    let s = ok(src);
    let Command::DoubleBracket {
        words: ws, span, ..
    } = first_cmd(&s)
    else {
        panic!()
    };
    let t: Vec<&str> = ws.iter().map(|w| text(src, w.span)).collect();
    assert_eq!(t, vec!["$a", "==", "b", "&&", "-n", "\"$c\""]);
    assert_eq!(text(src, *span), "[[ $a == b && -n \"$c\" ]]");
    assert_eq!(s.body.items[0].tail.len(), 1);
}

#[test]
fn double_bracket_regex() {
    let src = "[[ $v =~ ^(a|b)[0-9]+$ ]]";
    let s = ok(src);
    let Command::DoubleBracket { words: ws, .. } = first_cmd(&s) else {
        panic!()
    };
    assert_eq!(text(src, ws[2].span), "^(a|b)[0-9]+$");
}

#[test]
fn arrays() {
    let src = "arr=(a \"b c\"\n  d); echo ${arr[0]} ${#arr[@]}";
    let s = ok(src);
    let c = simple(first_cmd(&s));
    let AssignValue::Array { items, span } = &c.assigns[0].value else {
        panic!()
    };
    assert_eq!(items.len(), 3);
    assert_eq!(text(src, *span), "(a \"b c\"\n  d)");
    let echo = simple(&s.body.items[1].head.cmds[0]);
    let Part::Param(p) = &echo.words[1].parts[0] else {
        panic!()
    };
    assert_eq!(text(src, p.name), "arr");
    assert_eq!(text(src, p.index.unwrap()), "[0]");
    assert!(p.braced);
    let Part::Param(p) = &echo.words[2].parts[0] else {
        panic!()
    };
    assert!(p.length);
    assert_eq!(text(src, p.index.unwrap()), "[@]");
}

#[test]
fn brace_expansion() {
    let src = "mkdir -p /app/{logs,tmp} && echo {1..5} {} {a} x{,.bak}";
    let s = ok(src);
    let c = simple(first_cmd(&s));
    let Part::Brace { items, seq, span } = &c.words[2].parts[1] else {
        panic!("{:?}", c.words[2].parts)
    };
    assert!(!seq);
    assert_eq!(text(src, *span), "{logs,tmp}");
    let it: Vec<&str> = items.iter().map(|i| text(src, *i)).collect();
    assert_eq!(it, vec!["logs", "tmp"]);
    let echo = simple(&s.body.items[0].tail[0].2.cmds[0]);
    assert!(matches!(
        echo.words[1].parts[0],
        Part::Brace { seq: true, .. }
    ));
    assert!(matches!(echo.words[2].parts[..], [Part::Lit(_)]));
    assert!(matches!(echo.words[3].parts[..], [Part::Lit(_)]));
    assert!(matches!(
        echo.words[4].parts[..],
        [Part::Lit(_), Part::Brace { .. }]
    ));
}

#[test]
fn ansi_c_quotes() {
    let src = r"echo $'a\n\'b' $'' x";
    let s = ok(src);
    let c = simple(first_cmd(&s));
    assert!(matches!(c.words[1].parts[..], [Part::AnsiC(sp)] if text(src, sp) == r"$'a\n\'b'"));
    assert!(matches!(c.words[2].parts[..], [Part::AnsiC(_)]));
}

#[test]
fn process_substitution() {
    let src = "diff <(sort a) <(sort b) > >(tee out)";
    let s = ok(src);
    let c = simple(first_cmd(&s));
    assert_eq!(words(src, c), vec!["diff", "<(sort a)", "<(sort b)"]);
    assert!(matches!(
        c.words[1].parts[0],
        Part::ProcSubst { out: false, .. }
    ));
    assert_eq!(c.redirs.len(), 1);
    assert!(matches!(
        c.redirs[0].target.parts[0],
        Part::ProcSubst { out: true, .. }
    ));
    assert_eq!(
        all_cmds(src, &s)[1..],
        [vec!["sort", "a"], vec!["sort", "b"], vec!["tee", "out"]]
    );
}

#[test]
fn parameter_operators() {
    let src =
        "echo ${a:-x y} ${b#*/} ${c//a/b} ${d:0:1} ${e%%.*} ${f:?\"msg $g\"} ${!h} $# $1 ${10} $@";
    let s = ok(src);
    let c = simple(first_cmd(&s));
    let ps: Vec<&Param> = c
        .words
        .iter()
        .skip(1)
        .map(|w| match &w.parts[0] {
            Part::Param(p) => p,
            other => panic!("{other:?}"),
        })
        .collect();
    let kinds: Vec<Option<ParamOpKind>> =
        ps.iter().map(|p| p.op.as_ref().map(|o| o.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            Some(ParamOpKind::Default { colon: true }),
            Some(ParamOpKind::RemovePrefix { longest: false }),
            Some(ParamOpKind::Replace),
            Some(ParamOpKind::Substring),
            Some(ParamOpKind::RemoveSuffix { longest: true }),
            Some(ParamOpKind::Error { colon: true }),
            None,
            None,
            None,
            None,
            None,
        ]
    );
    assert_eq!(text(src, ps[0].op.as_ref().unwrap().arg.span), "x y");
    assert!(ps[6].indirect);
    let names: Vec<&str> = ps.iter().map(|p| text(src, p.name)).collect();
    assert_eq!(
        names,
        vec!["a", "b", "c", "d", "e", "f", "h", "#", "1", "10", "@"]
    );
    // The word nested in `${f:?"msg $g"}` is reached by the walker.
    assert!(s.words().iter().any(|w| text(src, w.span) == "\"msg $g\""));
}

#[test]
fn arithmetic() {
    let src = "(( i += 1 )); echo $(( (1 + 2) * 3 )); for ((i=0; i<3; i++)); do :; done";
    let s = ok(src);
    assert!(
        matches!(first_cmd(&s), Command::Arith { span, .. } if text(src, *span) == "(( i += 1 ))")
    );
    let echo = simple(&s.body.items[1].head.cmds[0]);
    assert!(
        matches!(echo.words[1].parts[0], Part::ArithSubst(sp) if text(src, sp) == "$(( (1 + 2) * 3 ))")
    );
    assert!(
        matches!(&s.body.items[2].head.cmds[0], Command::ForArith { head, .. } if text(src, *head) == "((i=0; i<3; i++))")
    );
}

#[test]
fn double_paren_that_is_not_arithmetic() {
    // bash reads `((`/`$((` as two parentheses when no `))` closes them.
    let src = "((a) | b); x=$((c) && d)";
    let s = ok(src);
    assert!(matches!(first_cmd(&s), Command::Subshell { .. }));
    assert_eq!(
        all_cmds(src, &s)[..],
        [vec!["a"], vec!["b"], vec![], vec!["c"], vec!["d"]]
    );
}

#[test]
fn process_substitution_in_lists() {
    let src = "for f in <(ls) x; do :; done; case <(a) in <(b)) ;; esac; a=(<(c) d)";
    let s = ok(src);
    assert_eq!(
        s.words()
            .iter()
            .filter(|w| matches!(w.parts[..], [Part::ProcSubst { .. }]))
            .count(),
        4
    );
}

#[test]
fn functions_groups_subshells_loops() {
    let src = "f() { echo \"$1\"; }\nfunction g { (cd /x && make); }\nwhile read -r l; do echo \"$l\"; done < file\nuntil false; do break; done";
    let s = ok(src);
    let Command::Func {
        name,
        keyword,
        body,
        ..
    } = first_cmd(&s)
    else {
        panic!()
    };
    assert_eq!(text(src, *name), "f");
    assert!(keyword.is_none());
    assert!(matches!(**body, Command::Group { .. }));
    let Command::Func { name, keyword, .. } = &s.body.items[1].head.cmds[0] else {
        panic!()
    };
    assert_eq!(text(src, *name), "g");
    assert!(keyword.is_some());
    let Command::Loop { until, redirs, .. } = &s.body.items[2].head.cmds[0] else {
        panic!()
    };
    assert!(!until);
    assert_eq!(text(src, redirs[0].target.span), "file");
    assert!(matches!(
        &s.body.items[3].head.cmds[0],
        Command::Loop { until: true, .. }
    ));
}

#[test]
fn reserved_words_only_in_command_position() {
    let src = "echo if then fi done { } esac; echo }";
    let s = ok(src);
    assert_eq!(
        all_cmds(src, &s),
        vec![
            vec!["echo", "if", "then", "fi", "done", "{", "}", "esac"],
            vec!["echo", "}"]
        ]
    );
}

#[test]
fn comments_are_skipped() {
    let src = "# leading\necho a # trailing ) fi\necho b#not-a-comment";
    let s = ok(src);
    assert_eq!(
        all_cmds(src, &s),
        vec![vec!["echo", "a"], vec!["echo", "b#not-a-comment"]]
    );
}

#[test]
fn tilde_and_escapes() {
    let src = r#"cp ~/x ~root/y a\ b "\$x \q""#;
    let s = ok(src);
    let c = simple(first_cmd(&s));
    assert!(matches!(c.words[1].parts[0], Part::Tilde(t) if text(src, t) == "~"));
    assert!(matches!(c.words[2].parts[0], Part::Tilde(t) if text(src, t) == "~root"));
    assert!(
        matches!(c.words[3].parts[..], [Part::Lit(_), Part::Escaped(e), Part::Lit(_)] if text(src, e) == "\\ ")
    );
    let Part::DoubleQ { parts, .. } = &c.words[4].parts[0] else {
        panic!()
    };
    // `\$` is an escape inside double quotes, `\q` is literal.
    assert!(matches!(parts[..], [Part::Escaped(_), Part::Lit(l)] if text(src, l) == "x \\q"));
}

#[test]
fn backquote_nested_in_double_quotes() {
    let src = "echo \"v=`cat /v` $(( 1 ))\"";
    let s = ok(src);
    assert_eq!(
        all_cmds(src, &s),
        vec![vec!["echo", "\"v=`cat /v` $(( 1 ))\""], vec!["cat", "/v"]]
    );
}

#[test]
fn non_ascii_spans() {
    let src = "echo héllo 'wörld' \"ünï $x\" ∀";
    let s = ok(src);
    assert_eq!(
        words(src, simple(first_cmd(&s))),
        vec!["echo", "héllo", "'wörld'", "\"ünï $x\"", "∀"]
    );
}

// ---------------------------------------------------------------------------
// Errors as data

#[test]
fn errors() {
    use Expected::*;
    use ShErrorKind::*;
    let cases: &[(&str, &[ShErrorKind])] = &[
        ("echo 'abc", &[UnterminatedSingleQuote]),
        ("echo \"abc", &[UnterminatedDoubleQuote]),
        ("echo $'abc", &[UnterminatedAnsiC]),
        ("echo `abc", &[UnterminatedBackquote]),
        ("echo $(abc", &[UnterminatedCmdSubst]),
        ("echo ${abc", &[UnterminatedParam]),
        ("echo $((1+2", &[Missing(CloseParen), UnterminatedCmdSubst]),
        ("for ((i=0;", &[UnterminatedArith, Missing(Do)]),
        ("a | ! b", &[Unexpected]),
        ("echo a )", &[Unexpected]),
        ("echo a; fi", &[Unexpected]),
        ("done", &[Unexpected]),
        ("esac", &[Unexpected]),
        ("if true; echo; fi", &[Missing(Then)]),
        ("if true; then echo", &[Missing(Fi)]),
        ("while true; echo; done", &[Missing(Do)]),
        ("for x in a; do echo", &[Missing(Done)]),
        ("case x in a) echo;;", &[Missing(Esac)]),
        (
            "case x a) echo;; esac",
            &[Missing(In), Unexpected, Unexpected, Unexpected, Unexpected],
        ),
        ("(echo", &[Missing(CloseParen)]),
        ("{ echo; ", &[Missing(CloseBrace)]),
        ("{ echo }", &[Missing(CloseBrace)]),
        ("[[ -f x ", &[Missing(CloseBrackets)]),
        ("echo &&", &[Missing(Command)]),
        ("echo |", &[Missing(Command)]),
        ("&& echo", &[Unexpected]),
        ("; echo", &[Unexpected]),
        ("echo >", &[Missing(Word)]),
    ];
    for (src, want) in cases {
        let s = parse(src);
        assert_eq!(kinds(&s), *want, "{src:?}");
    }
    // Spans point at the offending token or the construct that lacks a part.
    let src = "echo a; fi";
    assert_eq!(text(src, parse(src).errors[0].span), "fi");
    let src = "x; if true; then echo";
    assert_eq!(text(src, parse(src).errors[0].span), "if");
    let src = "echo 'abc";
    assert_eq!(text(src, parse(src).errors[0].span), "'abc");
}

#[test]
fn double_brackets_inside_backquotes_end() {
    let s = parse("echo `[[ -f x `; echo `[[ =~ `");
    assert!(s
        .errors
        .iter()
        .all(|e| e.kind == ShErrorKind::Missing(Expected::CloseBrackets)));
    assert_eq!(s.errors.len(), 2);
}

#[test]
fn recovery_keeps_parsing_after_an_error() {
    let src = "echo a ) ; echo b";
    let s = parse(src);
    assert_eq!(
        all_cmds(src, &s),
        vec![vec!["echo", "a"], vec!["echo", "b"]]
    );
}

// ---------------------------------------------------------------------------
// Depth cap and linear work

#[test]
fn depth_cap() {
    for (open, close) in [
        ("$(", ")"),
        ("( ", ")"),
        ("\"$(", ")\""),
        ("{ ", "; }"),
        ("if ", "; then :; fi"),
    ] {
        // Within the cap: no error.
        let n = 40;
        let src = format!("{}x{}", open.repeat(n), close.repeat(n));
        let s = parse(&src);
        assert!(!s.depth_capped, "{open}: {:?}", s.errors);
        assert!(s.errors.is_empty(), "{open}: {:?}", s.errors);
        // Beyond it: TooDeep, once.
        let n = 1000;
        let src = format!("{}x{}", open.repeat(n), close.repeat(n));
        let s = parse(&src);
        assert!(s.depth_capped, "{open}");
        assert_eq!(kinds(&s), vec![ShErrorKind::TooDeep], "{open}");
    }
    let s = parse(&"${a:-".repeat(1000));
    assert!(s.depth_capped);
}

#[test]
fn huge_nested_inputs_finish() {
    // 1 MB of each: must return (no stack overflow, no quadratic scan).
    let mb = 1 << 20;
    for unit in [
        "(",
        "$(",
        "((",
        "$((",
        "`",
        "\"$(",
        "${a:-",
        "{",
        "[",
        "<(",
        "if ",
        "'",
        "\\",
        "a=(",
        "[[ ",
        "case x in ",
        "f() ",
        "! ",
    ] {
        let src = unit.repeat(mb / unit.len());
        let s = parse(&src);
        eprintln!(
            "{unit:?}: {} errors, capped: {}",
            s.errors.len(),
            s.depth_capped
        );
        assert!(
            s.errors.len() <= 4 * MAX_DEPTH,
            "{unit:?}: {} errors",
            s.errors.len()
        );
    }
    // 200,000 characters of alternating nestings.
    let src = "$( ( { `".repeat(200_000 / 8);
    let s = parse(&src);
    assert!(s.depth_capped);
}

#[test]
fn deep_nesting_fits_a_small_stack() {
    // The web worker runs on wasm32, whose default stack is 1 MiB; the
    // depth cap keeps the parser inside it even with unoptimised (debug)
    // frames, about 13 KiB per nesting level. Optimised builds need less
    // than half (checked by hand with `--release` and a 512 KiB stack).
    let t = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            for unit in [
                "$(", "( ", "\"$(", "{ ", "if ", "${a:-", "<(", "f() ", "while ",
            ] {
                let s = parse_script(&unit.repeat(10_000));
                assert!(s.depth_capped, "{unit}");
            }
        })
        .unwrap();
    t.join().unwrap();
}

#[test]
fn brace_look_ahead_is_bounded() {
    // Overlapping look-aheads share one budget: this must stay linear.
    let src = "{".repeat(1 << 20);
    let s = parse(&src);
    assert!(s.errors.is_empty());
    let src = format!("{}{}", "{a,".repeat(100_000), "}".repeat(100_000));
    parse(&src);
}

#[test]
fn node_count_is_linear() {
    // The number of nodes grows in proportion to the input.
    let unit = "a=$(b \"$c\" | d) && e ${f:-g} > h; ";
    let count = |n: usize| {
        let src = unit.repeat(n);
        let s = parse(&src);
        assert!(s.errors.is_empty());
        let mut k = 0usize;
        s.walk(&mut |_| k += 1);
        k
    };
    let (a, b) = (count(100), count(1000));
    assert_eq!(b - 1, (a - 1) * 10);
}

// ---------------------------------------------------------------------------
// Properties

fn shellish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "echo", "a", "x=1", "arr=(", " ", " ", "\n", "\t", ";", ";;", "&", "&&", "|", "||", "|&",
        "!", "(", ")", "((", "))", "{", "}", "[[", "]]", "[", "]", "if", "then", "elif", "else",
        "fi", "for", "in", "do", "done", "while", "until", "case", "esac", "function", "f()", "'",
        "\"", "`", "\\", "\\\n", "$", "$x", "${", "${#", "${!", ":-", "//", "$(", "$((", "$'",
        "<(", ">(", "<", ">", ">>", "<<", "<<-", "<<<", "&>", "2>&1", "EOF", "\nEOF\n", "#", "*",
        "?", "~", "{a,b}", "{1..3}", ",", "..", "=~", "é", "∀", "\r", "\0",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_shellish_input(src in shellish()) {
        parse(&src);
    }

    #[test]
    fn never_panics_on_arbitrary_strings(src in any::<String>()) {
        parse(&src);
    }

    #[test]
    fn never_panics_on_ascii_soup(src in "[ -~\n\t]{0,200}") {
        parse(&src);
    }
}

#[test]
fn words_after_a_compound_command_are_errors() {
    for src in [
        "(echo)x",
        "if a; then b; fi x",
        "(( i++ ))x=1",
        "for a in b; do :; done c",
        "[[ -f x ]] x",
    ] {
        let s = parse(src);
        assert_eq!(kinds(&s), vec![ShErrorKind::Unexpected], "{src:?}");
    }
    // A comment or an operator may follow.
    for src in ["(echo)#c", "(echo)|cat", "{ a; }&& b", "[[ -f x ]] #c"] {
        ok(src);
    }
    // `]]` must end its word, as in bash ("syntax error in conditional
    // expression"); `}` likewise.
    for (src, want) in [
        ("[[ -f x ]]#c", Expected::CloseBrackets),
        ("[[ -f x ]]echo", Expected::CloseBrackets),
        ("{ a; }x", Expected::CloseBrace),
    ] {
        assert_eq!(
            kinds(&parse(src)),
            vec![ShErrorKind::Missing(want)],
            "{src:?}"
        );
    }
}

#[test]
fn heredocs_in_substitutions_and_pipelines() {
    let src = "x=$(cat <<EOF\nhi $y\nEOF\n)\ncat <<A |\nbody\nA\ngrep b && echo \"$(case $x in a) echo;; esac)\"";
    let s = ok(src);
    assert_eq!(s.heredocs.len(), 2);
    assert_eq!(text(src, s.heredocs[0].body), "hi $y\n");
    assert_eq!(text(src, s.heredocs[1].body), "body\n");
    assert_eq!(
        all_cmds(src, &s),
        vec![
            vec![],
            vec!["cat"],
            vec!["cat"],
            vec!["grep", "b"],
            vec!["echo", "\"$(case $x in a) echo;; esac)\""],
            vec!["echo"]
        ]
    );
}

#[test]
fn dockerfile_idioms_parse_cleanly() {
    // Forms seen in Dockerfiles that must parse without errors.
    for src in [
        "set -o pipefail && curl -fsSL https://x | bash -",
        "groupadd -r app && useradd --no-log-init -r -g app app",
        "echo \"deb [arch=$(dpkg --print-architecture)] http://x $(. /etc/os-release && echo \"$VERSION_CODENAME\") main\" > /etc/apt/sources.list.d/x.list",
        "savedAptMark=\"$(apt-mark showmanual)\"; apt-mark auto '.*' > /dev/null; [ -z \"$savedAptMark\" ] || apt-mark manual $savedAptMark",
        "find /usr/local -type f -executable -not \\( -name '*tkinter*' \\) -exec ldd '{}' ';' | awk '/=>/ { so = $(NF-1); if (index(so, \"/usr/local/\") == 1) { next }; gsub(\"^/(usr/)?\", \"\", so); printf \"*%s\\n\", so }' | sort -u",
        "dpkgArch=\"$(dpkg --print-architecture)\"; case \"${dpkgArch##*-}\" in amd64) arch='x64';; arm64) arch='arm64';; *) echo \"unsupported\"; exit 1 ;; esac",
        "for key in A B; do gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys \"$key\" || gpg --batch --keyserver keyserver.ubuntu.com --recv-keys \"$key\" ; done",
        "if [ \"${TARGETARCH}\" = \"arm64\" ]; then export ARCH=aarch64; else export ARCH=x86_64; fi",
        "pip install --no-cache-dir -r requirements.txt 2>&1 | tee /tmp/log; test ${PIPESTATUS[0]} -eq 0",
        "{ echo a; echo b; } > f; ( cd /x; make ) &> /dev/null; wait $!",
        "while IFS= read -r line; do echo \"$line\"; done < <(ls -1)",
        "[ -n \"$x\" ] && { echo yes; } || { echo no; }",
        "time make -j\"$(nproc)\"",
        "echo ${v/#\\//}; echo ${v@Q}; echo ${!pre*}",
    ] {
        ok(src);
    }
}

#[test]
fn static_text_removes_quotes() {
    let src = r#"a'b c'"d\"e" x\ y "$v" ~ * {a,b} $'n' ''"#;
    let s = ok(src);
    let c = simple(first_cmd(&s));
    let got: Vec<Option<String>> = c.words.iter().map(|w| w.static_text(src)).collect();
    assert_eq!(
        got,
        vec![
            Some("ab cd\"e".to_string()),
            Some("x y".to_string()),
            None,
            None,
            None,
            None,
            None,
            Some(String::new()),
        ]
    );
}

#[test]
fn unquoted_heredoc_bodies_have_parts() {
    let src = "cat <<EOF >f\nuser=$USER \\$HOME 'x' \"y\" $(id -u) `date`\nEOF\ncat <<'Q'\n$notparsed\nQ\n";
    let s = ok(src);
    let h = &s.heredocs[0];
    let kinds: Vec<&str> = h
        .parts
        .iter()
        .map(|p| match p {
            Part::Lit(_) => "lit",
            Part::Param(_) => "param",
            Part::Escaped(_) => "esc",
            Part::CmdSubst { .. } => "cmd",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        vec!["lit", "param", "lit", "esc", "lit", "cmd", "lit", "cmd", "lit"]
    );
    assert!(s.heredocs[1].parts.is_empty());
    // Commands inside the body are reached by the walker.
    assert_eq!(
        all_cmds(src, &s),
        vec![vec!["cat"], vec!["cat"], vec!["id", "-u"], vec!["date"]]
    );
    // A heredoc opened inside a body's substitution is read inside the body.
    let src = "cat <<A\n$(cat <<B\nin b\nB\n)\nA\necho after";
    let s = ok(src);
    assert_eq!(text(src, s.heredocs[1].body), "in b\n");
    assert_eq!(all_cmds(src, &s).last().unwrap(), &vec!["cat"]);
    assert_eq!(s.body.items.len(), 2);
}
