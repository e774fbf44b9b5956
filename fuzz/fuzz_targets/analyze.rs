//! Fuzz target: the whole analysis — parse, simulate, rules, report — on
//! arbitrary bytes (read as lossy UTF-8), without a build context and with a
//! small one. It fails on a panic; run it with `-timeout=1 -rss_limit_mb=256`
//! so that an input taking more than a second or 256 MB is a finding too
//! (the budgets of crates/analysis/src/sim/budget.rs promise both).
//!
//! Checks beyond "no panic": every finding's span lies inside the text on
//! character boundaries; a size with an unknown part is never `complete`
//! for the image; every finding's rule id is a catalogued rule or a parser
//! diagnostic.
//!
//! See docs/fuzzing.md for how to run it.

#![no_main]

use layerlab_analysis::{analyze, BuildContext, Category, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    check(&src, None);
    let mut ctx = BuildContext::new();
    ctx.add_text("requirements.txt", "flask==3.0.3\ngunicorn<20\n");
    ctx.add_text(".dockerignore", ".git\n**/__pycache__\n!keep\n");
    ctx.add_text("package.json", "{\"dependencies\":{\"express\":\"4\"}}");
    ctx.add_sized("app.py", 1200);
    check(&src, Some(ctx));
});

fn check(src: &str, context: Option<BuildContext>) {
    let a = analyze(
        src,
        &Options {
            context,
            ..Options::default()
        },
    );
    for f in &a.report.findings {
        assert!(f.start <= f.end && f.end <= src.len(), "{f:?}");
        assert!(
            src.is_char_boundary(f.start) && src.is_char_boundary(f.end),
            "{f:?}"
        );
        assert!(
            f.category == Category::Syntax || layerlab_analysis::rules::rule(&f.rule).is_some(),
            "{} is not a catalogued rule",
            f.rule
        );
    }
    if let Some(image) = &a.report.image {
        let chain_unknown = a
            .report
            .layers
            .iter()
            .filter(|l| l.stage == image.stage)
            .any(|l| !l.size_complete);
        assert!(
            !(chain_unknown && image.size_complete),
            "an image with an unknown layer is complete"
        );
    }
}
