//! Fuzz target: parse arbitrary bytes (read as lossy UTF-8) and check the
//! parser's structural guarantees, the same ones as
//! `crates/syntax/tests/properties.rs` (keep the two in step):
//!
//! * no panic in `parse`, `to_source`, `buildkit_dump`, `line_col`;
//! * items tile the source in order, `to_source() == input`;
//! * every span (items, directive and comment tokens, keywords, flags,
//!   argument tokens, nested ONBUILD instructions, heredoc word/body/terminator,
//!   comment lines inside instructions, diagnostics) has `start <= end <= len`
//!   and both ends on char boundaries, and instruction tokens lie inside their
//!   instruction;
//! * instruction lines increase, lie within the file and match the spans;
//! * a heredoc's `content` is the text of its `content_span`;
//! * `buildkit_dump()` is `None` exactly when BuildKit would reject the file.
//!
//! See docs/fuzzing.md for how to run it.

#![no_main]

use layerlab_syntax::{parse, Args, Dockerfile, Instruction, Item, Span, Token};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    check(&src);
});

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
                "{what}: line_col({off}) = {lc:?}"
            );
        }
    }

    fn inside(&self, what: &str, s: Span, outer: Span) {
        self.span(what, s);
        assert!(
            outer.start <= s.start && s.end <= outer.end,
            "{what}: span {s:?} is not inside {outer:?}"
        );
    }

    fn token(&self, what: &str, t: &Token, outer: Span) {
        self.inside(what, t.span, outer);
    }

    fn args(&self, a: &Args, outer: Span) {
        match a {
            Args::None => {}
            Args::Exec { items, span } => {
                self.inside("exec-form array", *span, outer);
                items
                    .iter()
                    .for_each(|t| self.token("exec-form item", t, outer));
            }
            Args::Shell { text } => self.token("shell-form text", text, outer),
            Args::Words { items } => items.iter().for_each(|t| self.token("word", t, outer)),
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

fn check(src: &str) {
    let df = parse(src);
    assert_eq!(df.source, src);
    let c = Checker { df: &df, src };

    let mut pos = 0;
    for item in &df.items {
        let s = item.span();
        c.span("item", s);
        assert_eq!(s.start, pos, "gap or overlap before an item");
        assert!(s.end > s.start, "empty item");
        pos = s.end;
    }
    assert_eq!(pos, src.len(), "items do not reach the end of the text");
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
                    "instruction lines do not increase"
                );
                assert!(ins.start_line <= ins.end_line, "start line > end line");
                assert!(ins.end_line <= lines, "end line beyond the file");
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
        c.span(d.code, d.span);
    }
    let dump = df.buildkit_dump();
    assert_eq!(dump.is_none(), df.rejected_by_buildkit());
}
