//! Renders the real components to HTML on the host (Yew's server renderer)
//! and checks the hooks the end-to-end tests and users rely on.

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
