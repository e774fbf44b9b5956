use std::rc::Rc;

use layerlab_analysis::Finding;
use yew::prelude::*;

use crate::state::severity_name;

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub findings: Rc<[Finding]>,
    /// Called with a finding's line when it is clicked.
    pub on_goto: Callback<u32>,
}

/// The findings, in source order, each with its position and explanation.
#[function_component]
pub fn Problems(props: &ProblemsProps) -> Html {
    let items = props.findings.iter().map(|f| {
        let severity = severity_name(f.severity);
        let line = f.line;
        let onclick = props.on_goto.reform(move |_: MouseEvent| line);
        html! {
            <li
                class={classes!("finding", severity)}
                data-rule={f.rule.clone()}
                data-severity={severity}
                data-line={f.line.to_string()}
                data-column={f.column.to_string()}
            >
                <button type="button" class="finding-main" {onclick} title={format!("Go to line {}", f.line)}>
                    <span class="severity">{ severity }</span>
                    <span class="position">{ format!("{}:{}", f.line, f.column) }</span>
                    <span class="message">{ &f.message }</span>
                    if !f.help.is_empty() {
                        <span class="help">{ &f.help }</span>
                    }
                    <code class="rule">{ &f.rule }</code>
                </button>
            </li>
        }
    });
    html! {
        <section class="panel" aria-labelledby="problems-title">
            <h2 id="problems-title">
                { "Problems" }
                <span class="badge">{ props.findings.len() }</span>
            </h2>
            if props.findings.is_empty() {
                <p class="empty" data-testid="no-problems">{ "No problems found." }</p>
            } else {
                <ul class="findings" data-testid="findings">{ for items }</ul>
            }
        </section>
    }
}
