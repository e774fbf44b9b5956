use std::rc::Rc;

use layerlab_analysis::rules::{rule, Fix};
use layerlab_analysis::Finding;
use layerlab_syntax::Severity;
use yew::prelude::*;

use crate::docs::{self, Doc};
use crate::i18n::{cost_text, severity_label, use_lang, Lang};
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
    let l = use_lang();
    // Redraws when the rules' docs (fetched on the first "Why?") arrive.
    let redraw = use_force_update();
    let groups = [
        (Severity::Error, tr!(l, "Errors", "Ошибки", "错误")),
        (Severity::Warning, tr!(l, "Warnings", "Предупреждения", "警告")),
        (Severity::Info, tr!(l, "Notes", "Советы", "建议")),
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
                            { tr!(l, "Fix: ", "Исправить: ", "修复：") }{ title }
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
                        <button type="button" class="finding-main" {onclick} title={{ let n = f.line; trf!(l, "Go to line {n}", "Перейти к строке {n}", "跳转到第 {n} 行") }}>
                            <span class="severity">{ severity_label(l, f.severity) }</span>
                            <span class="position">{ format!("{}:{}", f.line, f.column) }</span>
                            <span class="message">{ &f.message }</span>
                            if !f.help.is_empty() {
                                <span class="help">{ &f.help }</span>
                            }
                        </button>
                        <div class="finding-foot">
                            <code class="rule">{ &f.rule }</code>
                            if let Some(cost) = &f.cost {
                                <span class="cost" data-testid="cost" title={tr!(l, "What it costs", "Чего это стоит", "代价")}>{ cost_text(l, cost) }</span>
                            }
                            <span class="spacer"></span>
                            if has_doc {
                                <button type="button" class="act why" data-testid="why" onclick={on_why}
                                    aria-expanded={is_open.to_string()}>{ tr!(l, "Why?", "Почему?", "为什么？") }</button>
                            }
                            { for fix }
                        </div>
                        if is_open {
                            <div class="docs" data-testid="docs">
                                if l != Lang::En {
                                    <p class="docs-lang">{ tr!(l, "", "Описание правила — на английском.", "规则说明为英文。") }</p>
                                }
                                { match docs::get(&f.rule) {
                                    Doc::Text(t) => markdown::render(&t),
                                    Doc::Loading => html! { <p class="loading">{ tr!(l, "Loading…", "Загрузка…", "加载中…") }</p> },
                                    Doc::Unavailable => html! { <p>{ tr!(l, "The documentation could not be loaded.", "Не удалось загрузить описание.", "无法加载说明文档。") }</p> },
                                } }
                            </div>
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
                { tr!(l, "Problems", "Замечания", "问题") }
                <span class="badge">{ props.findings.len() }</span>
            </h2>
            if props.findings.is_empty() {
                <p class="empty" data-testid="no-problems">{ tr!(l, "No problems found.", "Замечаний нет.", "没有发现问题。") }</p>
            } else {
                { for groups }
            }
        </section>
    }
}
