//! Property tests and stress tests of the parser's structural guarantees.
//!
//! For any input, `parse`:
//! * never panics (neither do `to_source`, `buildkit_dump`, `line_col`),
//! * yields items that tile the source in order with no gap or overlap, so
//!   `to_source()` equals the input,
//! * gives every span (items, directives, comments, keywords, flags, argument
//!   tokens, nested ONBUILD instructions, heredoc words/bodies/terminators,
//!   comment lines inside instructions, diagnostics) with `start <= end <= len`,
//!   both ends on char boundaries, and every token of an instruction inside
//!   that instruction's span,
//! * numbers instructions with increasing lines that lie in the file and match
//!   their spans,
//! * lets `line_col` place every span end.
//!
//! Inputs are arbitrary strings, arbitrary bytes read as lossy UTF-8, and
//! generated Dockerfile-like text (keywords in any case, flags, valid and
//! broken JSON, quotes, `\` and `` ` `` continuations, `# escape=` directives,
//! comments and blank lines inside continuations, heredocs with and without
//! terminators, CRLF / CR / LF, a BOM, tabs, non-ASCII and NUL).
//!
//! The stress tests at the end only have to finish; they print how long they
//! took (`cargo test --test properties -- --nocapture`).

mod common;

use layerlab_syntax::{parse, parse_reusing, Args, Dockerfile, Instruction, Item, Span, Token};
use proptest::prelude::*;
use std::time::Instant;

// ---------------------------------------------------------------------------
// The invariants

struct Checker<'a> {
    df: &'a Dockerfile,
    src: &'a str,
}

impl Checker<'_> {
    fn span(&self, what: &str, s: Span) {
        let n = self.src.len();
        assert!(
            s.start <= s.end,
            "{what}: span {s:?} has start > end (len {n})"
        );
        assert!(
            s.end <= n,
            "{what}: span {s:?} ends outside the text (len {n})"
        );
        assert!(
            self.src.is_char_boundary(s.start),
            "{what}: span {s:?} starts inside a character"
        );
        assert!(
            self.src.is_char_boundary(s.end),
            "{what}: span {s:?} ends inside a character"
        );
        for off in [s.start, s.end] {
            let lc = self.df.line_col(off);
            assert!(
                lc.line >= 1 && lc.column >= 1,
                "{what}: line_col({off}) = {lc:?}"
            );
            assert!(
                (lc.line as usize) <= self.df.line_index.line_count(),
                "{what}: line_col({off}) = {lc:?} beyond the last line"
            );
        }
    }

    fn inside(&self, what: &str, s: Span, outer: Span) {
        self.span(what, s);
        assert!(
            outer.start <= s.start && s.end <= outer.end,
            "{what}: span {s:?} is not inside its instruction's span {outer:?}"
        );
    }

    fn token(&self, what: &str, t: &Token, outer: Span) {
        self.inside(&format!("{what} {:?}", t.text), t.span, outer);
    }

    fn args(&self, a: &Args, outer: Span) {
        match a {
            Args::None => {}
            Args::Exec { items, span } => {
                self.inside("exec-form array", *span, outer);
                for t in items {
                    self.token("exec-form item", t, outer);
                }
            }
            Args::Shell { text } => self.token("shell-form text", text, outer),
            Args::Words { items } => {
                for t in items {
                    self.token("word", t, outer);
                }
            }
            Args::KeyValues { pairs } => {
                for p in pairs {
                    self.token("key", &p.key, outer);
                    self.token("value", &p.value, outer);
                }
            }
            Args::Healthcheck { kind, cmd } => {
                self.token("healthcheck type", kind, outer);
                self.args(cmd, outer);
            }
            Args::Onbuild { inner } => self.instruction(inner, outer, false),
            Args::Ignored { text } => self.token("ignored arguments", text, outer),
        }
    }

    fn instruction(&self, ins: &Instruction, outer: Span, top: bool) {
        self.inside("instruction", ins.span, outer);
        let own = if top { ins.span } else { outer };
        self.token("keyword", &ins.keyword, own);
        for f in &ins.flags {
            self.token("flag", &f.raw, own);
            self.token("flag name", &f.name, own);
            if let Some(v) = &f.value {
                self.token("flag value", v, own);
            }
        }
        self.token("rest", &ins.rest, own);
        self.args(&ins.args, own);
        for h in &ins.heredocs {
            self.inside("heredoc word", h.word_span, own);
            self.inside("heredoc body", h.content_span, own);
            self.inside("heredoc terminator", h.terminator_span, own);
            assert_eq!(
                self.df.text(h.content_span),
                h.content,
                "heredoc content differs from its span's text"
            );
        }
        for c in &ins.comments {
            self.inside("comment inside an instruction", *c, own);
        }
    }
}

/// Checks every invariant; panics (with the input in proptest's report) if one fails.
fn check(src: &str) -> Dockerfile {
    let df = parse(src);
    assert_eq!(df.source, src);
    let c = Checker { df: &df, src };

    // Items tile the source, in order.
    let mut pos = 0;
    for item in &df.items {
        let s = item.span();
        c.span("item", s);
        assert_eq!(s.start, pos, "gap or overlap before item {item:?}");
        assert!(s.end > s.start, "empty item {item:?}");
        pos = s.end;
    }
    assert_eq!(
        pos,
        src.len(),
        "items stop at {pos}, the text is {} bytes",
        src.len()
    );
    assert_eq!(df.to_source(), src, "not lossless");

    let lines = df.line_index.line_count() as u32;
    let mut last_end_line = 0;
    for item in &df.items {
        match item {
            Item::Bom { span } | Item::Blank { span } => c.span("bom/blank", *span),
            Item::Directive(d) => {
                c.inside("directive name", d.name.span, d.span);
                c.inside("directive value", d.value.span, d.span);
            }
            Item::Comment(cm) => c.inside("comment text", cm.text.span, cm.span),
            Item::Instruction(ins) => {
                c.instruction(ins, ins.span, true);
                assert!(
                    ins.start_line > last_end_line,
                    "instruction at line {} starts before the previous one ended ({last_end_line})",
                    ins.start_line
                );
                assert!(
                    ins.start_line <= ins.end_line,
                    "start line {} > end line {}",
                    ins.start_line,
                    ins.end_line
                );
                assert!(
                    ins.end_line <= lines,
                    "end line {} beyond the {lines} lines of the file",
                    ins.end_line
                );
                assert_eq!(
                    df.line_col(ins.span.start).line,
                    ins.start_line,
                    "start line does not match the span"
                );
                let last_byte = ins.span.end.saturating_sub(1).max(ins.span.start);
                assert_eq!(
                    df.line_col(last_byte).line,
                    ins.end_line,
                    "end line does not match the span"
                );
                last_end_line = ins.end_line;
            }
        }
    }
    for d in &df.diagnostics {
        c.span(&format!("diagnostic {:?}", d.code), d.span);
    }
    // Must not panic; BuildKit-rejected files have no dump.
    let dump = df.buildkit_dump();
    assert_eq!(dump.is_none(), df.rejected_by_buildkit());
    df
}

// ---------------------------------------------------------------------------
// Generators

/// Characters that matter to the parser, plus some that might upset it.
fn interesting_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec![
            '\\', '`', '\n', '\r', '\t', ' ', '"', '\'', '[', ']', '{', '}', ',', '<', '-', '#', '=', '$', ':',
            '\0', '\u{b}', '\u{c}', '\u{85}', '\u{a0}', '\u{feff}', '\u{2028}', 'é', 'ß', '✓', '😀', '3', 'E', 'O', 'F',
        ]),
        2 => prop::char::range('a', 'z'),
        1 => any::<char>(),
    ]
}

fn scrambled_case(word: &'static str) -> impl Strategy<Value = String> {
    any::<u32>().prop_map(move |mask| {
        word.chars()
            .enumerate()
            .map(|(i, c)| {
                if mask >> (i % 32) & 1 == 1 {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect()
    })
}

fn keyword() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "FROM",
        "RUN",
        "CMD",
        "COPY",
        "ADD",
        "ENV",
        "ARG",
        "LABEL",
        "EXPOSE",
        "ENTRYPOINT",
        "VOLUME",
        "USER",
        "WORKDIR",
        "ONBUILD",
        "HEALTHCHECK",
        "SHELL",
        "STOPSIGNAL",
        "MAINTAINER",
        "FOO",
        "RUN",
        "COPY",
        "RUN",
    ])
    .prop_flat_map(scrambled_case)
}

fn flag() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "--mount=type=cache,target=/x",
        "--mount=type=bind,source=\"a b\",target=/y",
        "--mount=type=secret,id=s\\",
        "--platform=$BUILDPLATFORM",
        "--link",
        "--chmod=755",
        "--from=build",
        "--network=none",
        "--interval=30s",
        "--",
        "--=",
        "--'q'=v",
        "--\"unterminated",
        "--é=✓",
        "--a\\\n=b",
    ])
    .prop_map(String::from)
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(vec![
            "alpine:3.19", "AS", "as", "build", "echo hi", "$VAR", "${X:-y}", "${X:+y}", "\"quoted str\"", "'single'",
            "a\\ b", "é✓😀", "\0", "\t", "&&", "|", ">", "k=v", "k=\"v w\"", "k=", "=v", "\\", "`", "#notcomment",
            // heredoc words
            "<<EOF", "<<-EOF", "<<\"EOF\"", "<<'EOF'", "3<<EOF", "<<END", "<<-'END'", "<<\"E\"O'F'", "<<", "<<<EOF",
            "cat <<EOF", "<<EOF >/f",
            // JSON, valid and broken
            "[\"a\", \"b\"]", "[\"a\",", "[]", "[1, 2]", "[[[", "]]]", "[\"\\u00e9\"]", "[\"\\ud800\"]", "[\"a\\\"b\"]",
            "[\"x\"] tail", "{\"a\": 1}", "[\"a\" \"b\"]", "[ \"unterminated", "[\"\\",
            "NONE", "CMD",
        ])
        .prop_map(String::from),
        1 => prop::collection::vec(interesting_char(), 0..8).prop_map(|v| v.into_iter().collect()),
    ]
}

/// Exec-form arguments: JSON arrays, mostly valid.
fn json() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(
            prop::sample::select(vec!["a", "/bin/sh", "-c", "é ✓", "a b", "\\\"q\\\"", "\\u00e9", "\\t", "", "\\\\"]),
            0..4
        )
        .prop_map(|v| format!("[{}]", v.iter().map(|x| format!("\"{x}\"")).collect::<Vec<_>>().join(", "))),
        1 => prop::sample::select(vec!["[\"a\", 1]", "[\"a\",]", "[\"a\"", "[\"a\"] b", "[ ]", "[\"\\x\"]", "[null]"])
            .prop_map(String::from),
    ]
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![" ", " ", " ", "  ", "\t", " \u{b}", ""])
}

/// One physical line's content (no line ending).
fn line() -> impl Strategy<Value = String> {
    let instruction = (
        prop::sample::select(vec!["", "", "", "  ", "\t"]),
        keyword(),
        prop::collection::vec((separator(), flag()), 0..3),
        prop_oneof![
            4 => prop::collection::vec((separator(), fragment()), 0..6),
            1 => (separator(), json()).prop_map(|x| vec![x]),
        ],
        prop::sample::select(vec![
            "", "", "", " \\", " \\", "\\", " `", "\\  ", "\\\\", "`\t",
        ]),
    )
        .prop_map(|(lead, kw, flags, frags, cont)| {
            let mut s = format!("{lead}{kw}");
            for (sep, f) in flags {
                s.push_str(sep);
                s.push_str(&f);
            }
            for (sep, f) in frags {
                s.push_str(sep);
                s.push_str(&f);
            }
            s.push_str(cont);
            s
        });
    let continuation = (
        prop::collection::vec((separator(), fragment()), 1..5),
        prop::sample::select(vec!["", " \\", "\\", " `", "\\ \t"]),
    )
        .prop_map(|(frags, cont)| {
            let mut s = String::from("  ");
            for (sep, f) in frags {
                s.push_str(sep);
                s.push_str(&f);
            }
            s.push_str(cont);
            s
        });
    prop_oneof![
        8 => instruction,
        4 => continuation,
        2 => prop::sample::select(vec![
            "# escape=`", "# escape=\\", "#ESCAPE = `", "# escape=x", "# syntax=docker/dockerfile:1",
            "#check=skip=all", "# comment", "  # indented comment", "#", "# escape=`\\",
        ])
        .prop_map(String::from),
        2 => prop::sample::select(vec!["", "", "   ", "\t", " \u{b} "]).prop_map(String::from),
        // Heredoc terminators and bodies.
        3 => prop::sample::select(vec!["EOF", "\tEOF", "\t\tEOF", "END", "EOF ", "E", "  EOF", "echo body", "\tindented"])
            .prop_map(String::from),
        1 => prop::collection::vec(interesting_char(), 0..24).prop_map(|v| v.into_iter().collect()),
    ]
}

/// A whole Dockerfile-like text.
fn dockerfile_like() -> impl Strategy<Value = String> {
    (
        prop::bool::weighted(0.1),
        prop::collection::vec(
            (
                line(),
                prop::sample::select(vec!["\n", "\n", "\n", "\n", "\r\n", "\r\n", "\r"]),
            ),
            0..40,
        ),
        prop::bool::weighted(0.8),
    )
        .prop_map(|(bom, lines, final_newline)| {
            let mut s = String::new();
            if bom {
                s.push('\u{feff}');
            }
            let n = lines.len();
            for (i, (l, end)) in lines.into_iter().enumerate() {
                s.push_str(&l);
                if i + 1 < n || final_newline {
                    s.push_str(end);
                }
            }
            s
        })
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        max_shrink_iters: 20_000,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn arbitrary_strings(s in any::<String>()) {
        check(&s);
    }

    #[test]
    fn strings_of_interesting_chars(v in prop::collection::vec(interesting_char(), 0..300)) {
        let s: String = v.into_iter().collect();
        check(&s);
    }

    #[test]
    fn arbitrary_bytes_as_lossy_utf8(b in prop::collection::vec(any::<u8>(), 0..400)) {
        check(&String::from_utf8_lossy(&b));
    }

    #[test]
    fn dockerfile_like_text(s in dockerfile_like()) {
        check(&s);
    }
}

proptest! {
    #![proptest_config(config(500))]

    /// Each generated file, with `# escape=`` ` in front, so that backticks continue lines.
    #[test]
    fn dockerfile_like_text_with_backtick_escape(s in dockerfile_like(), crlf in any::<bool>()) {
        let nl = if crlf { "\r\n" } else { "\n" };
        check(&format!("# escape=`{nl}{s}"));
    }
}

// ---------------------------------------------------------------------------
// Parsing again after an edit

/// `parse_reusing(parse(before), after)` is `parse(after)`: the same items
/// (spans, lines and source maps included), diagnostics, escape and lines.
fn check_reparse(before: &str, after: &str) {
    let prev = parse(before);
    let again = parse_reusing(prev.clone(), after);
    let fresh = parse(after);
    let kept = again.kept;
    assert_eq!(
        again.dockerfile.items[..kept],
        prev.items[..kept],
        "kept items"
    );
    if let Some(m) = again.moved {
        assert!(
            m.new >= kept && m.old >= kept,
            "moved items overlap kept ones"
        );
        assert_eq!(
            again.dockerfile.items.len() - m.new,
            prev.items.len() - m.old
        );
        if m.old < prev.items.len() {
            let (was, is) = (
                prev.items[m.old].span().start,
                again.dockerfile.items[m.new].span().start,
            );
            assert_eq!(m.shift.from, was, "shift from");
            assert_eq!(m.shift.offset(was), is, "first moved item");
        }
    }
    let again = again.dockerfile;
    assert_eq!(again.source, fresh.source);
    assert_eq!(again.escape, fresh.escape, "escape");
    assert_eq!(
        again.items, fresh.items,
        "items of {after:?} after {before:?}"
    );
    assert_eq!(again.diagnostics, fresh.diagnostics, "diagnostics");
    assert_eq!(again.diag_ends, fresh.diag_ends, "diagnostic ends");
    assert_eq!(again.line_index.line_count(), fresh.line_index.line_count());
}

/// `text` with `a..b` (clamped to char boundaries) replaced by `with`.
fn splice(text: &str, a: usize, b: usize, with: &str) -> String {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (a, b) = (floor(a), floor(b));
    let (a, b) = (a.min(b), a.max(b));
    format!("{}{with}{}", &text[..a], &text[b..])
}

/// What an edit inserts: typed characters, whole lines, continuations,
/// heredoc starts and ends, directives.
fn inserted() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "x", " ", "\n", "\\", "\\\n", "`", "\r\n", "#", "# escape=`\n", "<<EOF", "EOF\n",
            "\n\n", "RUN a \\\n", "FROM x AS y\n", "é", "\u{feff}", "[\"a\"", "=",
        ])
        .prop_map(String::from),
        1 => line().prop_map(|l| format!("{l}\n")),
        1 => Just(String::new()),
    ]
}

proptest! {
    #![proptest_config(config(2000))]

    /// One edit anywhere in a generated file.
    #[test]
    fn reparse_after_an_edit(
        s in dockerfile_like(),
        a in 0usize..2000,
        len in prop_oneof![3 => Just(0usize), 2 => 0usize..4, 1 => 0usize..200],
        with in inserted(),
    ) {
        let a = a % (s.len() + 1);
        check_reparse(&s, &splice(&s, a, a + len, &with));
    }

    /// The same with `# escape=`` ` in front.
    #[test]
    fn reparse_after_an_edit_with_backtick_escape(
        s in dockerfile_like(),
        a in 0usize..2000,
        len in 0usize..8,
        with in inserted(),
    ) {
        let s = format!("# escape=`\n{s}");
        let a = a % (s.len() + 1);
        check_reparse(&s, &splice(&s, a, a + len, &with));
    }
}

/// Every corpus and seed Dockerfile, edited at a few hundred places each
/// (a byte typed, a line deleted, a continuation or heredoc opened).
#[test]
fn reparse_corpus_files_after_edits() {
    let shared = common::shared_dir();
    let mut files = Vec::new();
    for dir in [
        "corpus/real-world",
        "corpus/edge-cases",
        "corpus/buildkit-parser",
        "seeds",
    ] {
        collect(&shared.join(dir), &mut files);
    }
    assert!(files.len() > 300, "only {} files found", files.len());
    let edits = ["x", "\n", "\\\n", "", "<<EOF\n", "`", "FROM a AS b\n", "#"];
    let mut checked = 0;
    for path in &files {
        let text = common::read_text(path);
        let step = (text.len() / 40).max(1);
        for (i, a) in (0..=text.len()).step_by(step).enumerate() {
            let with = edits[i % edits.len()];
            let del = if i % 3 == 0 { 1 + i % 7 } else { 0 };
            check_reparse(&text, &splice(&text, a, a + del, with));
            checked += 1;
        }
    }
    assert!(checked > 10_000, "only {checked} edits checked");
}

fn collect(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.contains("Dockerfile") || n.ends_with(".dockerfile"))
        {
            out.push(p);
        }
    }
}

/// A few inputs that earlier runs or reviews singled out, checked on every run.
#[test]
fn known_tricky_inputs() {
    for s in [
        "",
        "\u{feff}",
        "\u{feff}FROM a",
        "\r",
        "\r\n",
        "\\",
        "RUN \\",
        "RUN \\\n",
        "RUN \\\n# c\n\n  \\\n",
        "RUN <<EOF",
        "RUN <<EOF\n",
        "RUN <<EOF\nbody",
        "RUN <<-EOF\n\t\tEOF\n",
        "RUN 3<<EOF cat <<'END'\nx\nEOF\ny\nEND\n",
        "ONBUILD RUN <<EOF\nx\nEOF\n",
        "COPY <<A <<B /d\na\nA\nb\nB\n",
        "# escape=`\nRUN a `\n  b\n",
        "CMD [\"\\ud800\"]",
        "FROM\u{85}x",
        "FROM\u{a0}x",
        "RUN --mount=\u{a0}é x",
        "HEALTHCHECK\u{b}CMD\u{b}x",
        "ENV é",
        "LABEL \"a b\"=c d",
        "RUN a\r\r\n",
        "\0\0\0",
        "ONBUILD",
        "ONBUILD ONBUILD ONBUILD RUN x",
        "RU\\\nN x",
        "R\\\n\\\nUN x\\\n",
    ] {
        check(s);
    }
}

// ---------------------------------------------------------------------------
// Stress tests: they only have to finish. Times are printed, not asserted.

fn timed(name: &str, src: &str) -> Dockerfile {
    let t = Instant::now();
    let df = parse(src);
    let parse_time = t.elapsed();
    drop(df);
    let t = Instant::now();
    let df = check(src);
    println!(
        "stress {name}: {} bytes, {} items, parsed in {parse_time:?} (parse + all invariant checks {:?})",
        src.len(),
        df.items.len(),
        t.elapsed()
    );
    df
}

#[test]
fn stress_64k_single_line() {
    // Just under, at and over BuildKit's 64 KiB line limit.
    for n in [64 * 1024 - 6, 64 * 1024, 64 * 1024 + 1] {
        let src = format!("RUN {}", "a".repeat(n - 4));
        timed(&format!("single line of {n} bytes"), &src);
    }
    let words = "x ".repeat(32 * 1024);
    let df = timed("64 KiB line of 32k words", &format!("FROM {words}\n"));
    assert_eq!(df.instructions().count(), 1);
}

#[test]
fn stress_1mb_mixed_file() {
    let chunk = "# syntax comment\nFROM --platform=$BUILDPLATFORM golang:1.22 AS build\n\
        ARG A=1 B=\"two words\"\nENV K=v L=\"w x\" \\\n    M=z\nRUN --mount=type=cache,target=/root/.cache \\\n    \
        apt-get update && \\\n    # a comment inside\n    apt-get install -y curl\n\nCOPY --chmod=755 [\"a b\", \"/dst/\"]\n\
        RUN <<EOF\nset -e\necho é✓\nEOF\nCOPY <<-END /etc/x\n\tbody\n\tEND\nCMD [\"/bin/app\", \"--flag\"]\n\
        HEALTHCHECK --interval=5s CMD curl -f http://x/ || exit 1\nONBUILD RUN echo hi\nLABEL a=b c=d\r\n\
        EXPOSE 80/tcp 443\nUSER 1000:1000\nWORKDIR /app\nSTOPSIGNAL SIGTERM\nSHELL [\"/bin/sh\", \"-c\"]\n";
    let mut src = String::with_capacity(1 << 20);
    while src.len() < 1 << 20 {
        src.push_str(chunk);
    }
    let df = timed("1 MB of mixed instructions", &src);
    assert!(df.instructions().count() > 20_000);
}

#[test]
fn stress_100k_continuation_lines() {
    let mut src = String::from("FROM a\nRUN echo start \\\n");
    for i in 0..100_000 {
        src.push_str(if i % 10 == 9 {
            "  # comment line\n"
        } else {
            "  && echo line \\\n"
        });
    }
    src.push_str("  && echo end\n");
    let df = timed("RUN with 100k continuation lines", &src);
    assert_eq!(df.instructions().count(), 2);
}

#[test]
fn stress_100k_heredoc_lines() {
    let body = "echo line of a heredoc\n".repeat(100_000);
    let df = timed(
        "100k heredoc lines",
        &format!("FROM a\nRUN <<EOF\n{body}EOF\n"),
    );
    assert_eq!(df.instructions().count(), 2);
    let df = timed(
        "100k heredoc lines, unterminated",
        &format!("FROM a\nRUN <<EOF\n{body}"),
    );
    assert_eq!(df.instructions().count(), 2);
}

#[test]
fn stress_deeply_nested_json() {
    let n = 100_000;
    timed(
        "CMD with [[[… 100k deep, closed",
        &format!("FROM a\nCMD {}{}\n", "[".repeat(n), "]".repeat(n)),
    );
    timed(
        "CMD with [[[… 100k deep, unclosed",
        &format!("FROM a\nCMD {}\n", "[".repeat(n)),
    );
    timed(
        "COPY with [{[{… 100k deep",
        &format!("FROM a\nCOPY {}\n", "[{\"a\":".repeat(n / 2)),
    );
}

#[test]
fn stress_onbuild_chain() {
    let df = timed(
        "ONBUILD ×10k on one line",
        &format!("FROM a\n{}RUN x\n", "ONBUILD ".repeat(10_000)),
    );
    assert_eq!(df.instructions().count(), 2);
}

/// The generator must keep reaching the parser's interesting paths; this
/// counts them over a fixed-seed sample, so that a change to the generator that
/// stops producing (say) heredocs does not go unnoticed.
#[test]
fn generator_reaches_interesting_paths() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(Config::default().rng_algorithm),
    );
    let strategy = dockerfile_like();
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for _ in 0..2000 {
        let src = strategy.new_tree(&mut runner).unwrap().current();
        let df = parse(&src);
        let mut bump = |k| *counts.entry(k).or_default() += 1;
        if df.escape == '`' {
            bump("backtick escape");
        }
        if df.rejected_by_buildkit() {
            bump("rejected by BuildKit");
        } else {
            bump("accepted by BuildKit");
        }
        for ins in df.instructions() {
            if ins.end_line > ins.start_line {
                bump("multi-line instruction");
            }
            if !ins.comments.is_empty() {
                bump("comment inside continuation");
            }
            if !ins.flags.is_empty() {
                bump("flags");
            }
            if ins.is_exec_form() {
                bump("exec form");
            }
            if matches!(ins.args, Args::Onbuild { .. }) {
                bump("onbuild");
            }
            for h in &ins.heredocs {
                bump(if h.terminator_span.is_empty() {
                    "unterminated heredoc"
                } else {
                    "terminated heredoc"
                });
            }
        }
        if df
            .diagnostics
            .iter()
            .any(|d| d.code == "empty-continuation-line")
        {
            bump("empty continuation line");
        }
    }
    println!("generator coverage over 2000 files: {counts:#?}");
    for key in [
        "backtick escape",
        "rejected by BuildKit",
        "accepted by BuildKit",
        "multi-line instruction",
        "comment inside continuation",
        "flags",
        "exec form",
        "onbuild",
        "terminated heredoc",
        "unterminated heredoc",
        "empty continuation line",
    ] {
        assert!(
            counts.get(key).copied().unwrap_or(0) >= 10,
            "the generator rarely produces {key:?}: {counts:?}"
        );
    }
}

/// Many instructions that BuildKit's parser rejects. Finding: parse time grows
/// with the square of their number (each rejected instruction scans every
/// earlier diagnostic for a duplicate, in `Parser::instruction`): these 50,000
/// lines (350 KB) took ~12 s to parse in a debug build, and 1 MB of `ENV x`
/// lines takes ~17 s in release, against ~0.25 s for 1.3 MB of valid
/// `ENV x=1` lines.
/// Not a timed assertion: the printed time shows it.
#[test]
fn stress_many_rejected_instructions() {
    let src = "ENV x\nCMD [1]\n".repeat(25_000);
    let df = timed("50k instructions that BuildKit rejects", &src);
    assert_eq!(df.instructions().count(), 50_000);
    assert_eq!(
        df.diagnostics
            .iter()
            .filter(|d| d.buildkit_parser_error)
            .count(),
        50_000
    );
}

/// The formatter on generated text: a file BuildKit rejects is refused; any
/// other formats to the same BuildKit dump, and formatting again changes
/// nothing. It never reports that it would change the parse.
fn check_fmt(src: &str) {
    use layerlab_syntax::fmt::{format, FormatError};
    let df = layerlab_syntax::parse(src);
    match format(src) {
        Err(FormatError::Rejected(_)) => assert!(df.rejected_by_buildkit()),
        Err(e) => panic!("{e:?} on {src:?}"),
        Ok(f) => {
            assert_eq!(
                layerlab_syntax::parse(&f.text).buildkit_dump(),
                df.buildkit_dump(),
                "dump changed: {src:?} -> {:?}",
                f.text
            );
            let g = format(&f.text).unwrap_or_else(|e| panic!("{e:?} on {:?}", f.text));
            assert!(
                g.is_unchanged(),
                "not idempotent: {:?} -> {:?}",
                f.text,
                g.edits
            );
        }
    }
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn fmt_keeps_the_dump_and_is_idempotent(s in dockerfile_like()) {
        check_fmt(&s);
    }

    #[test]
    fn fmt_with_backtick_escape(s in dockerfile_like(), crlf in any::<bool>()) {
        let nl = if crlf { "\r\n" } else { "\n" };
        check_fmt(&format!("# escape=`{nl}{s}"));
    }
}
