//! Renders the real components to HTML on the host (Yew's server renderer)
//! and checks the hooks the end-to-end tests and users rely on.

use layerlab_web::components::{Instructions, Problems};
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
                <Problems findings={state.findings.clone()} on_goto={Callback::noop()} />
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
    assert!(html.contains(r#"data-testid="editor""#), "{html}");
    assert!(html.contains("FROM python:3.12-slim AS build"), "{html}");
    assert!(html.contains("No problems"), "{html}");
    // One list item per instruction, each with its first line.
    assert!(html.contains(r#"data-line="3""#), "{html}");
    assert!(html.contains(r#"data-keyword="FROM""#), "{html}");
}

#[tokio::test]
async fn instructions_show_keywords_and_line_ranges() {
    let html = render_state("FROM alpine\nRUN a \\\n  && b\nCMD [\"x\"]\n").await;
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
