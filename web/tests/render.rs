//! Renders the real components to HTML on the host (Yew's server renderer)
//! and checks the hooks the end-to-end tests and users rely on.

use std::rc::Rc;

use layerlab_analysis::{Assumption, Category, Finding};
use layerlab_syntax::Severity;
use layerlab_web::components::{Instructions, Problems, Sizes, StageGraph};
use layerlab_web::state::State;
use layerlab_web::App;
use yew::prelude::*;
use yew::LocalServerRenderer;

async fn render_state(text: &'static str) -> String {
    #[function_component]
    fn Panels(props: &PanelsProps) -> Html {
        let state = State::new(props.text);
        html! {
            <>
                <Problems findings={state.findings.clone()} on_goto={Callback::noop()} on_fix={Callback::noop()} />
                <Sizes image={state.image.clone()} stages={state.stages.clone()} layers={state.layers.clone()} on_goto={Callback::noop()} />
                <StageGraph stages={state.stages.clone()} edges={state.edges.clone()} on_goto={Callback::noop()} on_select={Callback::noop()} />
                <Instructions rows={state.instructions.clone()} on_goto={Callback::noop()} />
            </>
        }
    }
    #[derive(Properties, PartialEq)]
    struct PanelsProps {
        text: &'static str,
    }
    LocalServerRenderer::<Panels>::with_props(PanelsProps { text })
        .hydratable(false)
        .render()
        .await
}

#[tokio::test]
async fn the_page_starts_with_the_example_in_the_editor() {
    let html = LocalServerRenderer::<App>::new()
        .hydratable(false)
        .render()
        .await;
    assert!(html.contains("<h1>Layerlab</h1>"), "{html}");
    // The code editor is mounted by JavaScript in the browser; on the host
    // its host element is there, and the instructions show the text.
    assert!(html.contains(r#"data-testid="code-editor""#), "{html}");
    assert!(html.contains("python:3.12-slim AS build"), "{html}");
    assert!(html.contains(r#"data-testid="image-size""#), "{html}");
    assert!(html.contains(r#"data-stage="build""#), "{html}");
    assert!(!html.contains(r#"data-severity="error""#), "{html}");
    // One list item per instruction, each with its first line.
    assert!(html.contains(r#"data-line="3""#), "{html}");
    assert!(html.contains(r#"data-keyword="FROM""#), "{html}");
}

#[tokio::test]
async fn instructions_show_keywords_and_line_ranges() {
    let html = render_state("FROM alpine:3.20\nRUN a \\\n  && b\nCMD [\"x\"]\n").await;
    for hook in [
        r#"data-line="1""#,
        r#"data-line="2" data-end-line="3""#,
        r#"data-line="4""#,
    ] {
        assert!(html.contains(hook), "{hook} in {html}");
    }
    assert!(html.contains("2\u{2013}3"), "{html}");
    assert!(html.contains(r#"data-testid="no-problems""#), "{html}");
}

#[tokio::test]
async fn findings_carry_rule_severity_and_line() {
    let html = render_state("FROM alpine\nRUN <<EOF\necho hi\n").await;
    assert!(
        html.contains(r#"data-rule="unterminated-heredoc""#),
        "{html}"
    );
    assert!(html.contains(r#"data-severity="error""#), "{html}");
    assert!(html.contains(r#"class="finding error""#), "{html}");
}

#[tokio::test]
async fn stages_graph_and_sizes_carry_their_hooks() {
    let html = render_state("FROM python:3.12-slim AS build\nRUN pip install flask\nFROM python:3.12-slim\nCOPY --from=build /usr/local /usr/local\n").await;
    assert!(
        html.contains(r#"data-testid="image-size" data-bytes=""#),
        "{html}"
    );
    assert!(html.contains(r#"data-stage="build""#), "{html}");
    assert!(html.contains(r#"data-stage="1""#), "{html}");
    assert!(html.contains("edge-copy"), "{html}");
}

#[tokio::test]
async fn a_fixable_finding_has_a_fix_button_and_its_cost() {
    let html = render_state("FROM python:3.12-slim\nRUN pip install flask==3.0.3\n").await;
    assert!(html.contains(r#"data-rule="pip-no-cache-dir""#), "{html}");
    assert!(html.contains(r#"data-testid="fix""#), "{html}");
    assert!(html.contains(r#"data-testid="cost""#), "{html}");
}

/// A finding as the core sets it on seed 04 without a context (issue 10).
fn assumed_finding() -> Finding {
    Finding {
        rule: "python-packages-left-behind".into(),
        category: Category::Correctness,
        severity: Severity::Error,
        line: 18,
        column: 1,
        end_line: 18,
        end_column: 45,
        start: 0,
        end: 0,
        message:
            "COPY --from=builder copies only /root/.local/bin: the packages stay in the builder"
                .into(),
        help: String::new(),
        cost: None,
        fix: None,
        assumption: Some(Assumption {
            text: "requirements.txt lists at least one package".into(),
            decided_by: vec!["requirements.txt".into()],
        }),
        code: None,
        related: Vec::new(),
    }
}

#[derive(Properties, PartialEq)]
struct ProblemsCase {
    findings: Rc<[Finding]>,
    context_files: Option<usize>,
    can_add: bool,
}

#[function_component]
fn ProblemsOnly(p: &ProblemsCase) -> Html {
    let on_context = p.can_add.then(Callback::noop);
    html! {
        <Problems findings={p.findings.clone()} on_goto={Callback::noop()} on_fix={Callback::noop()}
            context_files={p.context_files} {on_context} />
    }
}

async fn render_problems(
    findings: Vec<Finding>,
    context_files: Option<usize>,
    can_add: bool,
) -> String {
    LocalServerRenderer::<ProblemsOnly>::with_props(ProblemsCase {
        findings: findings.into(),
        context_files,
        can_add,
    })
    .hydratable(false)
    .render()
    .await
}

#[tokio::test]
async fn a_finding_shows_its_assumption_and_offers_the_file_that_decides_it() {
    let html = render_problems(vec![assumed_finding()], Some(0), true).await;
    assert!(html.contains(r#"data-testid="assumption""#), "{html}");
    assert!(
        html.contains(r#"<span class="assumption-label">Assumes: </span><span class="assumption-text">requirements.txt lists at least one package</span>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"data-testid="add-context-file" data-path="requirements.txt""#),
        "{html}"
    );
    assert!(html.contains(">Add requirements.txt<"), "{html}");
    // The embed has no context panel: the assumption, but no button.
    let html = render_problems(vec![assumed_finding()], Some(0), false).await;
    assert!(
        html.contains(">requirements.txt lists at least one package<"),
        "{html}"
    );
    assert!(!html.contains("add-context-file"), "{html}");
    assert!(!html.contains("context-open"), "{html}");
    // A finding without an assumption has neither.
    let mut plain = assumed_finding();
    plain.assumption = None;
    let html = render_problems(vec![plain], Some(0), true).await;
    assert!(!html.contains("Assumes:"), "{html}");
    assert!(!html.contains("add-context-file"), "{html}");
}

#[tokio::test]
async fn an_unknown_context_is_said_in_one_line_and_a_known_one_is_not() {
    let html = render_problems(vec![], Some(0), true).await;
    assert_eq!(
        html.matches(r#"data-testid="context-unknown""#).count(),
        1,
        "{html}"
    );
    assert!(
        html.contains(
            "Build context not given — Layerlab assumes the files the Dockerfile names exist"
        ),
        "{html}"
    );
    assert!(html.contains(r#"data-testid="context-open""#), "{html}");
    // With findings too; and never with a context, or when not asked.
    let html = render_problems(vec![assumed_finding()], Some(0), true).await;
    assert!(html.contains("context-unknown"), "{html}");
    for files in [Some(3), None] {
        let html = render_problems(vec![assumed_finding()], files, true).await;
        assert!(!html.contains("context-unknown"), "{html}");
    }
    // The full page starts without a context: it says so.
    let html = LocalServerRenderer::<App>::new()
        .hydratable(false)
        .render()
        .await;
    assert!(html.contains(r#"data-testid="context-unknown""#), "{html}");
}

#[tokio::test]
async fn an_unknown_size_never_reads_zero_bytes() {
    // A base image the catalogue does not know: nothing of its size is known.
    let html = render_state("FROM registry.example.com/team/base:7\nENV A=1\n").await;
    let start = html
        .find(r#"data-testid="image-size""#)
        .expect("image size");
    let big = &html[start..start + html[start..].find("</div>").unwrap()];
    assert!(big.contains(r#"data-complete="false""#), "{big}");
    assert!(big.contains("unknown"), "{big}");
    assert!(!big.contains("0 B"), "{big}");
    assert!(html.contains("download size unknown"), "{html}");
    assert!(!html.contains(">0 B<"), "{html}");
}
