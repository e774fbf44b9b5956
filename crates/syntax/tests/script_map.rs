//! `run_scripts` and `ScriptMap`: the scripts a RUN runs, parsed with
//! `sh::parse_script`, and their spans mapped back to the Dockerfile.
//!
//! For realistic RUNs (continuations with comment lines, heredocs, `<<-`,
//! several bodies, exec form, ONBUILD RUN, non-ASCII, CRLF, the backtick
//! escape) the Dockerfile text at a word's mapped spans equals the word as
//! written. A property test checks, for generated RUN instructions, that
//! every mapped span lies inside the Dockerfile on char boundaries and that
//! exact pieces copy the script byte for byte.

use layerlab_syntax::sh::{parse_script, Node};
use layerlab_syntax::{parse, run_scripts, Dockerfile, Origin, RunScript, Span};
use proptest::prelude::*;

/// All RUN scripts of the file.
fn scripts(df: &Dockerfile) -> Vec<RunScript> {
    df.instructions().flat_map(|i| run_scripts(df, i)).collect()
}

/// The Dockerfile text at the mapped pieces of script span `s`, concatenated.
fn mapped_text(df: &Dockerfile, rs: &RunScript, s: Span) -> String {
    rs.map.spans(s).iter().map(|p| df.text(*p)).collect()
}

/// The spans of the words of the script whose text is `word`.
fn word_spans(rs: &RunScript, word: &str) -> Vec<Span> {
    let script = parse_script(&rs.text);
    assert!(
        script.errors.is_empty(),
        "{:?} in {:?}",
        script.errors,
        rs.text
    );
    let mut out = Vec::new();
    script.walk(&mut |n| {
        if let Node::Word(w) = n {
            if &rs.text[w.span.start..w.span.end] == word {
                out.push(w.span);
            }
        }
    });
    out
}

/// The word appears in the script, and maps to itself in the Dockerfile.
fn assert_word(df: &Dockerfile, rs: &RunScript, word: &str) -> Vec<Span> {
    let spans = word_spans(rs, word);
    assert!(!spans.is_empty(), "no word {word:?} in {:?}", rs.text);
    for s in &spans {
        assert_eq!(mapped_text(df, rs, *s), word, "{word:?} in {:?}", rs.text);
        let cover = rs.map.span(*s);
        let pieces = rs.map.spans(*s);
        assert_eq!(cover.start, pieces[0].start);
        assert_eq!(cover.end, pieces.last().unwrap().end);
    }
    spans
}

/// Every word of every script maps to the same text, when the map is exact.
fn assert_all_words(df: &Dockerfile) {
    for rs in scripts(df) {
        if !rs.map.pieces().iter().all(|p| p.exact) {
            continue;
        }
        let script = parse_script(&rs.text);
        script.walk(&mut |n| {
            if let Node::Word(w) = n {
                let text = &rs.text[w.span.start..w.span.end];
                assert_eq!(mapped_text(df, &rs, w.span), text, "in {:?}", rs.text);
            }
        });
    }
}

#[test]
fn shell_form_with_continuations_and_comment_lines() {
    let src = concat!(
        "FROM debian:12\n",
        "RUN set -eux; \\\n",
        "# update first\n",
        "    apt-get update \\\n",
        "  # then install\n",
        "    && apt-get install -y --no-install-recommends \\\n",
        "       curl \\\n",
        "       ca-certificates \\\n",
        "\n",
        "    && rm -rf /var/lib/apt/lists/*\n",
    );
    let df = parse(src);
    let ins = df.instructions().nth(1).unwrap();
    assert_eq!(ins.rest_map.logical_len(), ins.rest.text.len());
    let ss = run_scripts(&df, ins);
    assert_eq!(ss.len(), 1);
    let rs = &ss[0];
    assert_eq!(rs.origin, Origin::ShellForm);
    assert!(!rs.onbuild);
    assert_eq!(rs.text, ins.rest.text);
    for w in [
        "set",
        "apt-get",
        "--no-install-recommends",
        "curl",
        "ca-certificates",
    ] {
        assert_word(&df, rs, w);
    }
    let s = assert_word(&df, rs, "/var/lib/apt/lists/*")[0];
    assert_eq!(rs.map.spans(s).len(), 1);
    // A range across the removed continuation and comment line: two pieces.
    let a = rs.text.find("update").unwrap();
    let b = rs.text.find("&&").unwrap() + 2;
    let pieces = rs.map.spans(Span::new(a, b));
    assert_eq!(pieces.len(), 2);
    assert_eq!(df.text(pieces[0]), "update ");
    assert_eq!(df.text(pieces[1]).trim_start(), "&&");
    assert_eq!(
        df.text(rs.map.span(Span::new(a, b))),
        "update \\\n  # then install\n    &&"
    );
    assert_all_words(&df);
}

#[test]
fn word_split_by_a_continuation() {
    let src = "FROM alpine\nRUN echo hel\\\nlo wor\\\n# c\n\\\nld\n";
    let df = parse(src);
    let rs = &scripts(&df)[0];
    assert_eq!(rs.text, "echo hello world");
    let s = assert_word(&df, rs, "hello")[0];
    let pieces = rs.map.spans(s);
    assert_eq!(pieces.len(), 2);
    assert_eq!(df.text(pieces[0]), "hel");
    assert_eq!(df.text(pieces[1]), "lo");
    assert_eq!(df.text(rs.map.span(s)), "hel\\\nlo");
    let s = assert_word(&df, rs, "world")[0];
    assert_eq!(
        rs.map
            .spans(s)
            .iter()
            .map(|p| df.text(*p))
            .collect::<Vec<_>>(),
        ["wor", "ld"]
    );
}

#[test]
fn non_ascii_and_crlf() {
    let src = "FROM alpine\r\nRUN echo \"héllo wörld\" 日本 \\\r\n  ünï && printf '%s' ☃\r\n";
    let df = parse(src);
    let rs = &scripts(&df)[0];
    for w in ["\"héllo wörld\"", "日本", "ünï", "'%s'", "☃"] {
        assert_word(&df, rs, w);
    }
    assert_all_words(&df);
}

#[test]
fn backtick_escape() {
    let src = "# escape=`\nFROM windows\nRUN echo a `\n    b c:\\x\n";
    let df = parse(src);
    let rs = &scripts(&df)[0];
    assert_eq!(rs.text, "echo a     b c:\\x");
    assert_word(&df, rs, "b");
}

#[test]
fn heredoc_alone_is_the_script() {
    let src = "FROM alpine\nRUN <<EOF\nset -e\napk add --no-cache curl\necho \"done é\"\nEOF\n";
    let df = parse(src);
    let ss = scripts(&df);
    assert_eq!(ss.len(), 1);
    let rs = &ss[0];
    assert_eq!(rs.origin, Origin::Heredoc(0));
    assert_eq!(
        rs.text,
        "set -e\napk add --no-cache curl\necho \"done é\"\n"
    );
    for w in ["set", "-e", "apk", "curl", "\"done é\""] {
        let s = assert_word(&df, rs, w)[0];
        assert_eq!(rs.map.spans(s).len(), 1);
    }
}

#[test]
fn chomped_heredoc_strips_tabs_per_line() {
    let src = "FROM alpine\nRUN <<-EOT\n\tif true; then\n\t\techo one\n\tfi\n  echo two\n\tEOT\n";
    let df = parse(src);
    let rs = &scripts(&df)[0];
    assert_eq!(rs.origin, Origin::Heredoc(0));
    assert_eq!(rs.text, "if true; then\necho one\nfi\n  echo two\n");
    for w in ["true", "echo", "one", "two"] {
        assert_word(&df, rs, w);
    }
    // A range over two lines skips the tabs of the second.
    let a = rs.text.find("then").unwrap();
    let b = rs.text.find("one").unwrap() + 3;
    let pieces = rs.map.spans(Span::new(a, b));
    assert_eq!(
        pieces.iter().map(|p| df.text(*p)).collect::<String>(),
        "then\necho one"
    );
    assert_eq!(df.text(rs.map.span(Span::new(a, b))), "then\n\t\techo one");
    assert_all_words(&df);
}

#[test]
fn command_with_several_heredoc_bodies() {
    let src = concat!(
        "FROM alpine\n",
        "RUN cat <<A > /etc/a.conf && \\\n",
        "    cat <<-'B' > /etc/b.conf\n",
        "key = välue\n",
        "A\n",
        "\tother = $HOME\n",
        "\tB\n",
        "RUN echo next\n",
    );
    let df = parse(src);
    let ss = scripts(&df);
    assert_eq!(ss.len(), 2);
    let rs = &ss[0];
    assert_eq!(rs.origin, Origin::ShellForm);
    assert_eq!(
        rs.text,
        "cat <<A > /etc/a.conf &&     cat <<-'B' > /etc/b.conf\nkey = välue\nA\nother = $HOME\nB"
    );
    for w in ["/etc/a.conf", "/etc/b.conf", "'B'", "A"] {
        assert_word(&df, rs, w);
    }
    // The bodies and the delimiters the script re-adds map to their lines.
    let script = parse_script(&rs.text);
    assert!(script.errors.is_empty());
    assert_eq!(script.heredocs.len(), 2);
    let h = &script.heredocs[0];
    assert_eq!(mapped_text(&df, rs, h.body), "key = välue\n");
    assert_eq!(mapped_text(&df, rs, h.end.unwrap()), "A");
    let h = &script.heredocs[1];
    assert_eq!(mapped_text(&df, rs, h.body), "other = $HOME\n");
    assert_eq!(df.text(rs.map.span(h.body)), "other = $HOME\n");
    let end = rs.map.span(h.end.unwrap());
    assert_eq!(df.text(end), "B");
    assert_eq!(df.text(Span::new(end.start - 1, end.end)), "\tB");
    // The newline BuildKit inserts after the command line maps to nothing:
    // an empty span where the command line ends.
    let nl = rs.text.find('\n').unwrap();
    let p = rs.map.spans(Span::new(nl, nl + 1));
    assert_eq!(p.len(), 1);
    assert!(p[0].is_empty());
    assert_eq!(p[0].start, src.find("b.conf").unwrap() + 6);
    assert_all_words(&df);
}

#[test]
fn exec_form_dash_c() {
    let src = concat!(
        "FROM alpine\n",
        "RUN [\"sh\", \"-c\", \"apk add curl && \\\n    echo ünï\"]\n",
        "RUN [\"/bin/bash\", \"-euo\", \"pipefail\", \"-c\", \"echo \\\"x\\\" | wc -c\"]\n",
        "RUN [\"echo\", \"-c\", \"not a shell\"]\n",
        "RUN [\"sh\", \"-ec\", \"\"]\n",
    );
    let df = parse(src);
    let ss = scripts(&df);
    assert_eq!(ss.len(), 3, "{ss:?}");
    // Exact: no escapes, even across a continuation.
    let rs = &ss[0];
    assert_eq!(rs.origin, Origin::ExecDashC);
    assert_eq!(rs.text, "apk add curl &&     echo ünï");
    assert!(rs.map.pieces().iter().all(|p| p.exact));
    for w in ["apk", "curl", "echo", "ünï"] {
        assert_word(&df, rs, w);
    }
    // Escapes: every word maps to the whole element.
    let rs = &ss[1];
    assert_eq!(rs.text, "echo \"x\" | wc -c");
    let s = word_spans(rs, "wc")[0];
    assert_eq!(
        rs.map.spans(s),
        vec![Span::new(
            src.find("\"echo \\\"").unwrap(),
            src.find(" | wc -c\"").unwrap() + 9
        )]
    );
    assert_eq!(df.text(rs.map.span(s)), "\"echo \\\"x\\\" | wc -c\"");
    // The empty script.
    let rs = &ss[2];
    assert_eq!(rs.text, "");
    let p = rs.map.span(Span::new(0, 0));
    assert_eq!(df.text(Span::new(p.start, p.start + 2)), "\"\"");
    assert_all_words(&df);
}

#[test]
fn onbuild_run() {
    let src = concat!(
        "FROM alpine\n",
        "ONBUILD RUN echo $HOME \\\n",
        "    && ls -l /tmp\n",
        "ONBUILD RUN <<-EOF\n",
        "\tapk add git\n",
        "\tEOF\n",
        "onbuild run [\"sh\", \"-c\", \"make all\"]\n",
    );
    let df = parse(src);
    let ss = scripts(&df);
    assert_eq!(ss.len(), 3);
    assert!(ss.iter().all(|s| s.onbuild));
    assert_eq!(ss[0].origin, Origin::ShellForm);
    assert_eq!(ss[1].origin, Origin::Heredoc(0));
    assert_eq!(ss[2].origin, Origin::ExecDashC);
    assert_word(&df, &ss[0], "$HOME");
    assert_word(&df, &ss[0], "/tmp");
    assert_eq!(ss[1].text, "apk add git\n");
    assert_word(&df, &ss[1], "git");
    assert_word(&df, &ss[2], "all");
    assert_all_words(&df);
}

#[test]
fn other_instructions_have_no_scripts() {
    let df = parse("FROM alpine\nCMD echo hi\nRUN [\"echo\", \"hi\"]\nCOPY <<EOF /x\nhi\nEOF\n");
    assert!(scripts(&df).is_empty());
}

// ---------------------------------------------------------------------------
// Property: for generated RUN instructions, every mapped span is inside the
// Dockerfile, on char boundaries, and exact pieces copy the script.

fn fragment() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "echo",
        "a",
        "é",
        "日本",
        "$X",
        "${Y:-z}",
        "\"q w\"",
        "'s'",
        "&&",
        "|",
        ";",
        " ",
        "  ",
        "\t",
        "\\\n",
        "\\\n# c\n",
        "\\\n\n",
        "  \\\n  ",
        "\\\r\n",
        "<<EOF",
        "<<-EOF",
        "<<'E2'",
        "cat",
        "$(ls)",
        "`x`",
        "\"",
        "\\\"",
        "\\u00e9",
        "\\",
        "#",
        "[\"sh\", \"-c\", \"",
        "\"]",
        "[",
        "]",
        ",",
        "-c",
    ])
    .prop_map(str::to_string)
}

fn run_instruction() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![
            "RUN ",
            "run ",
            "ONBUILD RUN ",
            "RUN --mount=type=cache ",
            "RUN\t",
        ]),
        prop::collection::vec(fragment(), 0..24),
        prop::collection::vec(
            prop::sample::select(vec![
                "line\n",
                "\tö tab\n",
                "\t\tEOF\n",
                "EOF\n",
                "E2\n",
                "\n",
                "x\r\n",
                "\tE2\n",
            ]),
            0..6,
        ),
        any::<bool>(),
        prop::sample::select(vec![
            "",
            "",
            "[\"sh\", \"-c\", \"",
            "[\"/bin/bash\",\"-o\",\"pipefail\",\"-xc\",\"",
        ]),
    )
        .prop_map(|(kw, frags, body, backtick, exec)| {
            let mut s = String::new();
            if backtick {
                s.push_str("# escape=`\n");
            }
            s.push_str("FROM alpine\n");
            s.push_str(kw);
            s.push_str(exec);
            for f in frags {
                let f = if exec.is_empty() {
                    f
                } else {
                    f.replace(['"', '\t'], "")
                };
                s.push_str(&if backtick { f.replace('\\', "`") } else { f });
            }
            if !exec.is_empty() {
                s.push_str("\"]");
            }
            s.push('\n');
            for l in body {
                s.push_str(l);
            }
            s.push_str("RUN echo end\n");
            s
        })
}

fn check(src: &str) {
    let df = parse(src);
    let n = src.len();
    let ok = |s: Span| {
        s.start <= s.end
            && s.end <= n
            && src.is_char_boundary(s.start)
            && src.is_char_boundary(s.end)
    };
    for rs in scripts(&df) {
        for p in rs.map.pieces() {
            assert!(ok(p.source), "{p:?}");
            assert!(p.script + p.len <= rs.text.len());
            if p.exact {
                assert_eq!(df.text(p.source), &rs.text[p.script..p.script + p.len]);
            }
        }
        let script = parse_script(&rs.text);
        let mut spans = vec![Span::new(0, rs.text.len())];
        script.walk(&mut |node| spans.push(node.span()));
        for s in spans {
            let pieces = rs.map.spans(s);
            assert!(!pieces.is_empty());
            for p in &pieces {
                assert!(ok(*p), "{s:?} → {p:?} in {:?}", rs.text);
            }
            assert!(pieces
                .windows(2)
                .all(|w| w[0].end <= w[1].start || w[0] == w[1]));
            assert!(ok(rs.map.span(s)));
            let at = rs.map.to_dockerfile(s.start);
            assert!(at <= n && src.is_char_boundary(at));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn mapped_spans_lie_inside_the_dockerfile(src in run_instruction()) {
        check(&src);
    }
}

/// The generator reaches every kind of script and map.
#[test]
fn generator_reaches_every_origin() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(Config::default().rng_algorithm),
    );
    let strategy = run_instruction();
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for _ in 0..2000 {
        let src = strategy.new_tree(&mut runner).unwrap().current();
        let df = parse(&src);
        for rs in scripts(&df) {
            let mut bump = |k| *counts.entry(k).or_default() += 1;
            bump(match rs.origin {
                Origin::ShellForm if rs.text.contains('\n') => "shell form with heredocs",
                Origin::ShellForm => "shell form",
                Origin::Heredoc(_) => "heredoc",
                Origin::ExecDashC => "exec -c",
            });
            if rs.onbuild {
                bump("onbuild");
            }
            if rs.map.pieces().iter().any(|p| !p.exact) {
                bump("inexact piece");
            }
            if rs.map.pieces().len() > 2 {
                bump("3+ pieces");
            }
        }
    }
    eprintln!("{counts:?}");
    for k in [
        "shell form",
        "shell form with heredocs",
        "heredoc",
        "exec -c",
        "onbuild",
        "inexact piece",
        "3+ pieces",
    ] {
        assert!(counts.get(k).copied().unwrap_or(0) >= 5, "{k}: {counts:?}");
    }
}

/// A here-document body run as a script of its own (`bash <<'EOF'`): the
/// sub-map of its span maps offsets in the body to the Dockerfile, across
/// a `\`-continuation on the command line before it.
#[test]
fn a_heredoc_body_has_its_own_map() {
    let text = "FROM alpine\nRUN apk add bash && \\\n  bash <<'EOF'\necho $HOME\nEOF\n";
    let df = parse(text);
    let rs = &scripts(&df)[0];
    let script = parse_script(&rs.text);
    let body = script.heredocs[0].body;
    let sub = rs.map.sub(body);
    let inner = &rs.text[body.start..body.end];
    let at = inner.find("$HOME").unwrap();
    let span = sub.span(Span::new(at, at + 5));
    assert_eq!(df.text(span), "$HOME");
    assert_eq!(sub.to_dockerfile(0), text.find("echo").unwrap());
}
