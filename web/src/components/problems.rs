use std::rc::Rc;

use layerlab_analysis::rules::{rule, Fix};
use layerlab_analysis::Finding;
use layerlab_syntax::Severity;
use yew::prelude::*;

use crate::docs::{self, Doc};
use crate::markdown;
use crate::state::severity_name;

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub findings: Rc<[Finding]>,
    /// Called with a finding's line when it is clicked.
    pub on_goto: Callback<u32>,
    /// Called with a finding's fix when "Fix" is clicked.
    pub on_fix: Callback<Fix>,
}

/// The findings grouped by severity (errors first), each with its position,
/// cost, documentation ("Why?") and fix.
#[function_component]
pub fn Problems(props: &ProblemsProps) -> Html {
    // The rule whose documentation is open, with the finding's index.
    let open = use_state(|| None::<(String, usize)>);
    // Redraws when the rules' docs (fetched on the first "Why?") arrive.
    let redraw = use_force_update();
    let groups = [
        (Severity::Error, "Errors"),
        (Severity::Warning, "Warnings"),
        (Severity::Info, "Notes"),
    ]
    .into_iter()
    .filter_map(|(sev, title)| {
        let items: Vec<Html> = props
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| f.severity == sev)
            .map(|(i, f)| {
                let severity = severity_name(f.severity);
                let line = f.line;
                let onclick = props.on_goto.reform(move |_: MouseEvent| line);
                let has_doc = rule(&f.rule).is_some();
                let is_open = open.as_ref().is_some_and(|(r, k)| *r == f.rule && *k == i);
                let on_why = {
                    let open = open.clone();
                    let rule = f.rule.clone();
                    let redraw = redraw.clone();
                    Callback::from(move |_: MouseEvent| {
                        if !is_open {
                            let redraw = redraw.clone();
                            docs::load(move || redraw.force_update());
                        }
                        open.set(if is_open { None } else { Some((rule.clone(), i)) })
                    })
                };
                let fix = f.fix.clone().map(|fix| {
                    let title = fix.title.clone();
                    let onclick = props.on_fix.reform(move |_: MouseEvent| fix.clone());
                    html! {
                        <button type="button" class="act fix" data-testid="fix" {onclick} title={title.clone()}>
                            { "Fix: " }{ title }
                        </button>
                    }
                });
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
                        </button>
                        <div class="finding-foot">
                            <code class="rule">{ &f.rule }</code>
                            if let Some(cost) = &f.cost {
                                <span class="cost" data-testid="cost" title="What it costs">{ cost.describe() }</span>
                            }
                            <span class="spacer"></span>
                            if has_doc {
                                <button type="button" class="act why" data-testid="why" onclick={on_why}
                                    aria-expanded={is_open.to_string()}>{ "Why?" }</button>
                            }
                            { for fix }
                        </div>
                        if is_open {
                            <div class="docs" data-testid="docs">{
                                match docs::get(&f.rule) {
                                    Doc::Text(t) => markdown::render(&t),
                                    Doc::Loading => html! { <p class="loading">{ "Loading…" }</p> },
                                    Doc::Unavailable => html! { <p>{ "The documentation could not be loaded." }</p> },
                                }
                            }</div>
                        }
                    </li>
                }
            })
            .collect();
        (!items.is_empty()).then(|| {
            html! {
                <>
                    <h3 class={classes!("group", severity_name(sev))}>{ title }<span class="badge">{ items.len() }</span></h3>
                    <ul class="findings" data-testid="findings">{ for items }</ul>
                </>
            }
        })
    })
    .collect::<Vec<_>>();
    html! {
        <section class="panel" aria-labelledby="problems-title">
            <h2 id="problems-title">
                { "Problems" }
                <span class="badge">{ props.findings.len() }</span>
            </h2>
            if props.findings.is_empty() {
                <p class="empty" data-testid="no-problems">{ "No problems found." }</p>
            } else {
                { for groups }
            }
        </section>
    }
}
