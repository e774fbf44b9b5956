//! Fuzz target: parse arbitrary bytes (read as lossy UTF-8) as a shell
//! script (`layerlab_syntax::sh`) and check the parser's guarantees, the
//! same ones as `crates/syntax/tests/sh.rs` (keep the two in step):
//!
//! * no panic in `parse_script`, `walk`, `Word::static_text`;
//! * every node's span and every error's span has `start <= end <= len` and
//!   both ends on char boundaries;
//! * the number of nodes is linear in the input (at most 8 per byte, plus 8).
//!
//! See docs/fuzzing.md for how to run it.

#![no_main]

use layerlab_syntax::sh::{parse_script, Node};
use layerlab_syntax::Span;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    check(&src);
});

fn in_range(src: &str, s: Span, what: &str) {
    assert!(
        s.start <= s.end && s.end <= src.len(),
        "{what} {s:?} outside {}",
        src.len()
    );
    assert!(
        src.is_char_boundary(s.start) && src.is_char_boundary(s.end),
        "{what} {s:?} inside a character"
    );
}

fn check(src: &str) {
    let script = parse_script(src);
    let mut nodes = 0usize;
    script.walk(&mut |n| {
        nodes += 1;
        in_range(src, n.span(), "node");
        if let Node::Word(w) = n {
            std::hint::black_box(w.static_text(src));
        }
    });
    for e in &script.errors {
        in_range(src, e.span, "error");
    }
    assert!(
        nodes <= 8 * src.len() + 8,
        "{nodes} nodes for {} bytes",
        src.len()
    );
}
