use std::rc::Rc;

use layerlab_analysis::rules::{is_rule, Fix};
use layerlab_analysis::Finding;
use layerlab_syntax::Severity;
use yew::prelude::*;

use crate::diagnostics::{assumption_label, deciding_files};
use crate::docs::{self, Doc};
use crate::i18n::{cost_text, severity_label, use_lang, Lang};
use crate::markdown;
use crate::present::{severity_name, shellcheck_code};

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub findings: Rc<[Finding]>,
    /// Called with a finding's line when it is clicked.
    pub on_goto: Callback<u32>,
    /// Called with a finding's fix when "Fix" is clicked.
    pub on_fix: Callback<Fix>,
    /// How many build-context files the analysis had, when the panel should
    /// say whether the context is known: `Some(0)` shows the line "Build
    /// context not given — …"; `None` (the default) shows nothing.
    #[prop_or_default]
    pub context_files: Option<usize>,
    /// Opens the build context, with this file ready to edit (`None`: just
    /// open it). Without it (the embed), no "Add requirements.txt" buttons.
    #[prop_or_default]
    pub on_context: Option<Callback<Option<String>>>,
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
                let has_doc = is_rule(&f.rule);
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
                // "Add requirements.txt": the context files that would decide the assumption.
                let adds = props.on_context.iter().flat_map(|cb| {
                    deciding_files(f).into_iter().map(move |path| {
                        let onclick = {
                            let path = path.clone();
                            cb.reform(move |_: MouseEvent| Some(path.clone()))
                        };
                        html! {
                            <button type="button" class="act add-file" data-testid="add-context-file"
                                data-path={path.clone()} {onclick}
                                title={trf!(l, "Add {path} to the build context", "Добавить {path} в контекст сборки", "将 {path} 添加到构建上下文")}>
                                { trf!(l, "Add {path}", "Добавить {path}", "添加 {path}") }
                            </button>
                        }
                    })
                });
                let fix = f.fix.clone().map(|fix| fix_button(l, fix, &props.on_fix));
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
                            if let Some(a) = &f.assumption {
                                <span class="assumption" data-testid="assumption">
                                    <span class="assumption-label">{ assumption_label(l) }</span>
                                    <span class="assumption-text">{ &a.text }</span>
                                </span>
                            }
                            if !f.help.is_empty() {
                                <span class="help">{ &f.help }</span>
                            }
                        </button>
                        <div class="finding-foot">
                            <code class="rule">{ &f.rule }</code>
                            if let Some(sc) = shellcheck_code(f) {
                                <code class="rule sc" title={tr!(l, "ShellCheck's code: # hadolint ignore= accepts it", "Код ShellCheck: его понимает # hadolint ignore=", "ShellCheck 代码：# hadolint ignore= 可用")}>{ sc }</code>
                            }
                            if let Some(cost) = &f.cost {
                                <span class="cost" data-testid="cost" title={tr!(l, "What it costs", "Чего это стоит", "代价")}>{ cost_text(l, cost) }</span>
                            }
                            <span class="spacer"></span>
                            { for adds }
                            if has_doc {
                                <button type="button" class="act why" data-testid="why" onclick={on_why}
                                    aria-expanded={is_open.to_string()}>{ tr!(l, "Why?", "Почему?", "为什么？") }</button>
                            }
                            { for fix }
                        </div>
                        if is_open {
                            { rule_docs(l, &f.rule) }
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
            if props.context_files == Some(0) {
                <p class="context-note" data-testid="context-unknown">
                    <span class="context-note-icon" aria-hidden="true">{ "i" }</span>
                    <span>
                        { tr!(l,
                            "Build context not given — Layerlab assumes the files the Dockerfile names exist",
                            "Контекст сборки не задан — Layerlab исходит из того, что файлы, указанные в Dockerfile, существуют",
                            "未提供构建上下文——Layerlab 假定 Dockerfile 中提到的文件都存在") }
                        if let Some(cb) = &props.on_context {
                            { " · " }
                            <button type="button" class="inline-link" data-testid="context-open"
                                onclick={cb.reform(|_: MouseEvent| None)}>
                                { tr!(l, "Add files", "Добавить файлы", "添加文件") }
                            </button>
                        }
                    </span>
                </p>
            }
            if props.findings.is_empty() {
                <p class="empty" data-testid="no-problems">{ tr!(l, "No problems found.", "Замечаний нет.", "没有发现问题。") }</p>
            } else {
                { for groups }
            }
        </section>
    }
}

/// "Fix: …", which applies the fix.
fn fix_button(l: Lang, fix: Fix, on_fix: &Callback<Fix>) -> Html {
    let title = fix.title.clone();
    let onclick = on_fix.reform(move |_: MouseEvent| fix.clone());
    html! {
        <button type="button" class="act fix" data-testid="fix" {onclick} title={title.clone()}>
            { tr!(l, "Fix: ", "Исправить: ", "修复：") }{ title }
        </button>
    }
}

/// A rule's documentation, behind "Why?" (English; fetched on first use).
fn rule_docs(l: Lang, rule: &str) -> Html {
    html! {
        <div class="docs" data-testid="docs">
            if l != Lang::En {
                <p class="docs-lang">{ tr!(l, "", "Описание правила — на английском.", "规则说明为英文。") }</p>
            }
            { match docs::get(rule) {
                Doc::Text(t) => markdown::render(&t),
                Doc::Loading => html! { <p class="loading">{ tr!(l, "Loading…", "Загрузка…", "加载中…") }</p> },
                Doc::Unavailable => html! { <p>{ tr!(l, "The documentation could not be loaded.", "Не удалось загрузить описание.", "无法加载说明文档。") }</p> },
            } }
        </div>
    }
}
