//! The Dockerfile payloads of shared/reference/robustness-payloads.md (1–9),
//! generated here: each analysis returns, stays inside the simulation's
//! budgets (values, paths and regions per stage) and says where it stopped
//! following the build. How fast and how small is measured by
//! `scripts/bench-robustness` (BENCHMARKS.md), not asserted here.

mod common;

use common::run;
use layerlab_analysis::sim::budget::{MAX_REGIONS, MAX_STAGE_ENTRIES, MAX_VALUE_BYTES};
use layerlab_analysis::{Analysis, BuildContext};

fn within_budgets(a: &Analysis) {
    for st in &a.simulation.stages {
        assert!(
            st.fs.all().count() <= MAX_STAGE_ENTRIES,
            "stage {} lists too many paths",
            st.index
        );
        assert!(
            st.fs.regions().len() <= MAX_REGIONS + 1,
            "stage {} keeps too many regions",
            st.index
        );
        for (k, v) in &st.env {
            assert!(v.len() <= MAX_VALUE_BYTES, "ENV {k} is {} bytes", v.len());
        }
    }
}

fn truncated(a: &Analysis) -> bool {
    a.report
        .findings
        .iter()
        .any(|f| f.rule == "simulation-truncated")
}

fn doubling(keyword: &str, n: usize) -> String {
    let mut s = format!("FROM alpine\n{keyword} A=xxxxxxxx\n");
    for _ in 0..n {
        s.push_str(&format!("{keyword} A=$A$A\n"));
    }
    s.push_str("RUN echo $A\n");
    s
}

#[test]
fn p1_p2_doubling_arg_and_env_are_cut_and_said() {
    for keyword in ["ARG", "ENV"] {
        let a = run(&doubling(keyword, 28), None);
        within_budgets(&a);
        assert!(truncated(&a), "{keyword}: no simulation-truncated finding");
    }
    // One word that names a long value many times stops in linear time.
    let mut s = doubling("ENV", 13);
    s.push_str(&format!("ENV B={}\n", "$A".repeat(5_000)));
    let a = run(&s, None);
    within_budgets(&a);
}

#[test]
fn p3_copying_the_root_stops_at_the_budget() {
    let mut s = String::from("FROM alpine\n");
    for i in 0..20 {
        s.push_str(&format!("RUN cp -r / /c{i}\n"));
    }
    let a = run(&s, None);
    within_budgets(&a);
    assert!(truncated(&a));
    let image = a.report.image.as_ref().unwrap();
    assert!(
        !image.size_complete,
        "a truncated image's size is a lower bound"
    );
}

#[test]
fn p4_chained_stages_copying_their_root() {
    let mut s = String::from("FROM alpine AS s0\nRUN mkdir -p /x && touch /x/a\n");
    for i in 1..=20 {
        s.push_str(&format!(
            "FROM s{} AS s{i}\nCOPY --from=s{} / /a\nCOPY --from=s{} / /b\n",
            i - 1,
            i - 1,
            i - 1
        ));
    }
    let a = run(&s, None);
    within_budgets(&a);
    assert_eq!(a.simulation.stages.len(), 21);
    assert!(truncated(&a));
}

#[test]
fn p5_one_env_with_seventy_thousand_pairs() {
    let pairs: Vec<String> = (0..70_000).map(|i| format!("k{i}=v{i}")).collect();
    let a = run(&format!("FROM alpine\nENV {}\n", pairs.join(" ")), None);
    let st = &a.simulation.stages[0];
    assert_eq!(st.env_get("k69999"), Some("v69999"));
    assert_eq!(
        st.env.iter().filter(|(k, _)| k.starts_with('k')).count(),
        70_000
    );
}

#[test]
fn p6_a_requirements_file_named_200_times_with_20000_lines() {
    let mut ctx = BuildContext::new();
    let lines: String = (0..20_000).map(|i| format!("pkg{i}==1.0\n")).collect();
    ctx.add_text("requirements.txt", &lines);
    let text = format!(
        "FROM python:3.12\nCOPY requirements.txt .\nRUN pip install{}\n",
        " -r requirements.txt".repeat(200)
    );
    let a = run(&text, Some(ctx));
    within_budgets(&a);
    assert!(truncated(&a));
}

#[test]
fn p7_a_dockerignore_of_32_kb_and_deep_files() {
    let mut ctx = BuildContext::new();
    let mut rules = String::new();
    let mut i = 0;
    while rules.len() < 32_000 {
        rules.push_str(&format!("**/**/**/**/x{i}*\n!**/d3/**/y{i}\n"));
        i += 1;
    }
    ctx.add_text(".dockerignore", &rules);
    let deep: Vec<String> = (0..40).map(|d| format!("d{d}")).collect();
    for f in 0..10 {
        ctx.add_text(&format!("{}/f{f}", deep.join("/")), "x");
    }
    let a = run("FROM alpine\nCOPY . /app\n", Some(ctx));
    within_budgets(&a);
    assert!(a.simulation.stages[0]
        .fs
        .exists(&format!("/app/{}/f0", deep.join("/"))));
}

#[test]
fn p8_four_thousand_stages() {
    let text: String = (0..4_000)
        .map(|i| format!("FROM alpine AS s{i}\n"))
        .collect();
    let a = run(&text, None);
    assert_eq!(a.simulation.stages.len(), 4_000);
}

#[test]
fn p9_bidirectional_text_is_kept_as_written() {
    let a = run(
        "FROM alpine AS b\u{202E}dliub\nRUN echo \"\u{202E}txt.exe\"\n",
        None,
    );
    assert_eq!(
        a.simulation.stages[0].name.as_deref(),
        Some("b\u{202E}dliub")
    );
}

/// Found by the `analyze` fuzz target: a comment's claim was underlined two
/// bytes early (inside a multi-byte character after invalid UTF-8).
#[test]
fn a_claim_in_a_comment_is_underlined_where_it_is() {
    let text = "# can't \u{FFFD}\u{FFFD} alpine base\nFROM golang:1.26.7-bookworm AS base\n";
    let a = run(text, None);
    let f = a
        .report
        .findings
        .iter()
        .find(|f| f.rule == "distro-claim-mismatch")
        .expect("the claim is reported");
    assert_eq!(&text[f.start..f.end], "alpine");
}
