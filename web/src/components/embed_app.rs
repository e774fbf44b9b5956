//! The page in embed mode (`?embed`, see crate::embed and docs/embedding.md):
//! the editor and the chosen panels, compact, without the header, plus a
//! link that opens the full page. It keeps no autosave and writes nothing
//! to local storage.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::{CodeEditor, EditorHandle, FileTree, Problems, Sizes, StageGraph};
use crate::embed::{EmbedParams, Pane, Theme};
use crate::hooks::{use_analysis, ANSWERS_AT_ONCE};
use crate::i18n::{initial_lang, Lang};
use crate::share;
use crate::state::{Action, State, EXAMPLE};
use layerlab_analysis::rules::Fix;
use layerlab_syntax::Severity;

#[derive(Properties, PartialEq)]
pub struct EmbedAppProps {
    pub params: EmbedParams,
}

/// The text an embed opens with: a share fragment (`#v1.…`), else `code=`,
/// else the example; and the message a broken fragment leaves.
fn initial(params: &EmbedParams) -> (State, Option<crate::share::LinkError>) {
    // `file=`s are the context of `code=`, or of the text a host sends later
    // (the loader sends long texts by message instead of `code=`).
    let fallback = || {
        super::app::empty_state().apply(Action::Load {
            text: params.code.clone().unwrap_or_else(|| EXAMPLE.to_string()),
            context: params
                .files
                .iter()
                .map(|(path, text)| crate::examples::CtxFile::text(path, text))
                .collect(),
        })
    };
    let hash = if cfg!(target_arch = "wasm32") {
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default()
    } else {
        String::new()
    };
    let (state, error) = match share::decode(&hash) {
        Ok(s) if hash.len() > 1 => (super::app::state_of(s), None),
        Err(e) if hash.len() > 1 => (fallback(), Some(e)),
        _ => (fallback(), None),
    };
    if ANSWERS_AT_ONCE {
        return (state.analysed(), error);
    }
    (state, error)
}

fn set_theme(theme: Theme) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.class_list().add_1("embed-mode");
        match theme.attr() {
            Some(t) => {
                let _ = root.set_attribute("data-theme", t);
            }
            None => {
                let _ = root.remove_attribute("data-theme");
            }
        }
    }
}

/// The full page (this page without `?embed`) with the state as a share link.
fn open_url(state: &State, lang: Option<Lang>) -> String {
    let fragment = share::encode(&super::app::shared_of(state, None));
    let page = web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default();
    let query = lang
        .map(|l| format!("?lang={}", l.code()))
        .unwrap_or_default();
    format!("{page}{query}{fragment}")
}

#[function_component]
pub fn EmbedApp(props: &EmbedAppProps) -> Html {
    let params = &props.params;
    let boot = use_memo((), |_| RefCell::new(Some(initial(params))));
    let link_error = use_state(|| boot.borrow().as_ref().and_then(|(_, m)| m.clone()));
    let state = use_reducer(|| boot.borrow_mut().take().map(|(s, _)| s).unwrap_or_default());
    let lang = use_memo((), |_| params.lang.unwrap_or_else(initial_lang));
    let l = *lang;
    let theme = use_state(|| params.theme);
    let tab = use_state(|| params.first_tab());
    let editor = use_memo((), |_| EditorHandle::default());
    let editor = (*editor).clone();
    let root = use_node_ref();
    // The latest state, for the message handler (set up once).
    let latest = use_mut_ref(|| (*state).clone());
    *latest.borrow_mut() = (*state).clone();
    let latest_for_link = latest.clone();
    use_analysis(&state);

    use_effect_with(*theme, |t| set_theme(*t));
    use_effect_with(l, |l| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", l.code());
        }
    });

    // Read-only: the editor exists once the children's effects have run.
    #[cfg(target_arch = "wasm32")]
    {
        let editor = editor.clone();
        let readonly = params.readonly;
        use_effect_with((), move |_| {
            if readonly {
                let apply = move || {
                    if let Some(view) = editor.0.borrow().as_ref() {
                        crate::bridge::set_read_only(view, true);
                    }
                };
                apply();
                crate::bridge::after(0, apply);
            }
        });
    }

    // The host API: commands from the parent window, `ready`, `resize`, `change`.
    #[cfg(target_arch = "wasm32")]
    {
        use crate::embed::web::{self as host, Command};
        use wasm_bindgen::JsValue;
        // `getReport` requests waiting for the analysis of the current text.
        let reports = use_mut_ref(Vec::<(JsValue, String)>::new);
        let post_origin = params
            .origin
            .clone()
            .filter(|o| !o.is_empty())
            .unwrap_or_else(|| "*".to_string());
        {
            let dispatcher = state.dispatcher();
            let latest = latest.clone();
            let theme = theme.clone();
            let allowed = params.origin.clone();
            let post_origin = post_origin.clone();
            let reports = reports.clone();
            use_effect_with((), move |_| {
                let listener = host::listen(allowed, move |cmd, reply_to| match cmd {
                    Command::SetText(text) => {
                        // A new text; the context, build options and goals stay.
                        let (context, options, goals) = {
                            let s = latest.borrow();
                            (
                                s.context.to_vec(),
                                (*s.options).clone(),
                                s.goals_text.to_string(),
                            )
                        };
                        dispatcher.dispatch(Action::LoadShared {
                            text,
                            context,
                            options,
                        });
                        dispatcher.dispatch(Action::SetGoals(goals));
                    }
                    Command::GetReport(id) => {
                        // The report of the current text: wait for its analysis.
                        if latest.borrow().is_stale() {
                            reports.borrow_mut().push((id, reply_to));
                        } else {
                            post_report(&latest.borrow(), id, &reply_to);
                        }
                    }
                    Command::GetText(id) => {
                        let text = JsValue::from_str(&latest.borrow().text);
                        let msg = host::message("layerlab:text", &[("id", id), ("text", text)]);
                        host::post_to_parent(&msg, &reply_to);
                    }
                    Command::SetTheme(t) => theme.set(t),
                });
                host::post_to_parent(
                    &host::message("layerlab:ready", &[("version", JsValue::from_f64(1.0))]),
                    &post_origin,
                );
                move || drop(listener)
            });
        }
        {
            let root = root.clone();
            let post_origin = post_origin.clone();
            use_effect_with((), move |_| {
                let observer = root.cast::<web_sys::HtmlElement>().map(|el| {
                    host::observe_height(el, move |h| {
                        let msg = host::message(
                            "layerlab:resize",
                            &[("height", JsValue::from_f64(h as f64))],
                        );
                        host::post_to_parent(&msg, &post_origin);
                    })
                });
                move || drop(observer)
            });
        }
        // Once the current text is analysed (or its analysis stopped): the
        // reports asked for meanwhile, and `change`.
        {
            let st = (*state).clone();
            let settled = !state.is_stale() || state.stopped.is_some_and(|s| s.seq == state.seq);
            let reports = reports.clone();
            use_effect_with((state.shown, state.stopped), move |_| {
                if settled {
                    for (id, reply_to) in reports.borrow_mut().drain(..) {
                        post_report(&st, id, &reply_to);
                    }
                }
            });
        }
        {
            let counts = (
                state.count(Severity::Error),
                state.count(Severity::Warning),
                state.count(Severity::Info),
            );
            let current = !state.is_stale();
            use_effect_with(state.shown, move |_| {
                if !current {
                    return;
                }
                let msg = host::message(
                    "layerlab:change",
                    &[
                        ("errors", JsValue::from_f64(counts.0 as f64)),
                        ("warnings", JsValue::from_f64(counts.1 as f64)),
                        ("infos", JsValue::from_f64(counts.2 as f64)),
                    ],
                );
                host::post_to_parent(&msg, &post_origin);
            });
        }
    }

    let on_edit = {
        let dispatcher = state.dispatcher();
        let readonly = params.readonly;
        use_callback((), move |text: String, _| {
            if !readonly {
                dispatcher.dispatch(Action::Edit(text));
            }
        })
    };
    let on_goto = {
        let editor = editor.clone();
        use_callback((), move |line: u32, _| {
            #[cfg(target_arch = "wasm32")]
            if let Some(view) = editor.0.borrow().as_ref() {
                crate::bridge::goto_line(view, line);
            }
            let _ = (&editor, line);
        })
    };
    let on_fix = {
        let editor = editor.clone();
        let dispatcher = state.dispatcher();
        let text = state.text.clone();
        let readonly = params.readonly;
        use_callback(text, move |fix: Fix, text: &Rc<str>| {
            if readonly {
                return;
            }
            #[cfg(target_arch = "wasm32")]
            if let Some(view) = editor.0.borrow().as_ref() {
                let edits = crate::state::fix_edits_utf16(text, &fix);
                crate::bridge::apply_edits(view, crate::bridge::edits_value(&edits));
                return;
            }
            let _ = &editor;
            dispatcher.dispatch(Action::Edit(fix.apply(text)));
        })
    };
    let on_tree_stage = {
        let dispatcher = state.dispatcher();
        Callback::from(move |i: Option<usize>| dispatcher.dispatch(Action::ShowTree(i)))
    };
    let on_select_stage = {
        let dispatcher = state.dispatcher();
        let tab = tab.clone();
        let has_files = params.shows(Pane::Files);
        Callback::from(move |i: usize| {
            dispatcher.dispatch(Action::ShowTree(Some(i)));
            if has_files {
                tab.set(Some(Pane::Files));
            }
        })
    };
    let open_href = {
        let lang = params.lang;
        use_memo((state.text.clone(), state.context.clone()), move |_| {
            open_url(&latest_for_link.borrow(), lang)
        })
    };
    let errors = state.count(Severity::Error);
    let warnings = state.count(Severity::Warning);
    let infos = state.count(Severity::Info);
    let summary = if state.shown == 0 && !state.paused {
        html! { <span class="count-analysing" data-testid="analysing">{ tr!(l, "Analysing…", "Анализирую…", "正在分析…") }</span> }
    } else if errors + warnings + infos == 0 {
        html! { <span class="count-ok">{ tr!(l, "No problems", "Замечаний нет", "没有问题") }</span> }
    } else {
        html! { <>
            if errors > 0 { <span class="count-error">{ trf!(l, "{errors} ✕", "{errors} ✕", "{errors} ✕") }</span> }
            if warnings > 0 { <span class="count-warning">{ trf!(l, "{warnings} ⚠", "{warnings} ⚠", "{warnings} ⚠") }</span> }
            if infos > 0 { <span class="count-info">{ trf!(l, "{infos} ℹ", "{infos} ℹ", "{infos} ℹ") }</span> }
        </> }
    };
    let summary_title = trf!(
        l,
        "{errors} errors, {warnings} warnings, {infos} notes",
        "ошибок: {errors}, предупреждений: {warnings}, советов: {infos}",
        "{errors} 个错误，{warnings} 个警告，{infos} 条建议"
    );

    let tabs = params.tabs();
    let current = (*tab).filter(|t| tabs.contains(t));
    let tab_bar = if tabs.len() > 1 {
        html! {
            <div class="embed-tabs" role="tablist" aria-label={tr!(l, "Panels", "Панели", "面板")}>
                { for tabs.iter().map(|&p| {
                    let tab = tab.clone();
                    let selected = current == Some(p);
                    let label = if p == Pane::Findings && errors + warnings + infos > 0 {
                        format!("{} {}", p.label(l), errors + warnings + infos)
                    } else {
                        p.label(l).to_string()
                    };
                    html! {
                        <button type="button" role="tab" class="embed-tab"
                            aria-selected={selected.to_string()}
                            data-testid={format!("tab-{}", p.name())}
                            onclick={Callback::from(move |_: MouseEvent| tab.set(Some(p)))}>
                            { label }
                        </button>
                    }
                }) }
            </div>
        }
    } else {
        html! { <span class="embed-title">{ current.map(|p| p.label(l)).unwrap_or("Dockerfile") }</span> }
    };

    let panel = match current {
        Some(Pane::Findings) => html! {
            <Problems findings={state.findings.clone()} on_goto={on_goto.clone()} on_fix={on_fix}
                context_files={Some(state.context.len())} />
        },
        Some(Pane::Graph) => html! {
            <StageGraph stages={state.stages.clone()} edges={state.edges.clone()}
                on_goto={on_goto.clone()} on_select={on_select_stage} />
        },
        Some(Pane::Sizes) => html! {
            <Sizes image={state.image.clone()} stages={state.stages.clone()}
                layers={state.layers.clone()} on_goto={on_goto.clone()} />
        },
        Some(Pane::Files) => html! {
            <FileTree tree={state.tree.clone()} stages={state.stages.clone()}
                on_select={on_tree_stage} on_goto={on_goto.clone()} />
        },
        Some(Pane::Editor) | None => html! {},
    };

    let mut notes: Vec<String> = params.problems.iter().map(|p| p.message(l)).collect();
    if let Some(e) = (*link_error).clone() {
        notes.push(e.message(l));
    }

    let class = classes!("embed", params.readonly.then_some("readonly"));
    html! {
        <ContextProvider<Lang> context={l}>
            <div class={class} ref={root} data-testid="embed">
                if !notes.is_empty() {
                    <div class="embed-note" role="alert" data-testid="embed-note">
                        { for notes.iter().map(|n| html! { <p>{ n }</p> }) }
                    </div>
                }
                if params.shows(Pane::Editor) {
                    <div class="embed-editor" aria-label={tr!(l, "Dockerfile editor", "Редактор Dockerfile", "Dockerfile 编辑器")}>
                        <CodeEditor
                            text={state.text.clone()}
                            diagnostics={state.findings.clone()}
                            current={!state.is_stale()}
                            loads={state.loads}
                            on_edit={on_edit}
                            handle={editor}
                        />
                    </div>
                }
                <div class="embed-bar">
                    { tab_bar }
                    <span class="embed-summary" data-testid="summary" title={summary_title}>{ summary }</span>
                    <a class="embed-open" data-testid="open-in-layerlab" href={(*open_href).clone()} target="_blank"
                        rel="noopener"
                        title={tr!(l, "Open this Dockerfile in the full playground (new tab)",
                            "Открыть этот Dockerfile в полной песочнице (в новой вкладке)",
                            "在完整的实验室中打开此 Dockerfile（新标签页）")}>
                        <svg class="logo" viewBox="0 0 24 24" aria-hidden="true">
                            <path d="M12 3 21 7.5 12 12 3 7.5Z" />
                            <path d="M3 12 12 16.5 21 12" />
                            <path d="M3 16.5 12 21 21 16.5" />
                        </svg>
                        { tr!(l, "Open in Layerlab", "Открыть в Layerlab", "在 Layerlab 中打开") }
                    </a>
                </div>
                if current.is_some() {
                    <div class="embed-panel" role="tabpanel" data-testid={format!("panel-{}", current.map(|p| p.name()).unwrap_or(""))}>
                        { panel }
                    </div>
                }
            </div>
        </ContextProvider<Lang>>
    }
}

/// Answers a host's `getReport` with the report of `state`.
#[cfg(target_arch = "wasm32")]
fn post_report(state: &State, id: wasm_bindgen::JsValue, reply_to: &str) {
    use crate::embed::web as host;
    let json = crate::embed::report_json(state);
    let report = js_sys::JSON::parse(&json).unwrap_or(wasm_bindgen::JsValue::NULL);
    let msg = host::message("layerlab:report", &[("id", id), ("report", report)]);
    host::post_to_parent(&msg, reply_to);
}
