//! The page in embed mode (`?embed`, see crate::embed and docs/embedding.md):
//! the editor and the chosen panels, compact, without the header, plus a
//! link that opens the full page. It keeps no autosave and writes nothing
//! to local storage.

use yew::prelude::*;

use super::embed_host::use_host_api;
use super::{CodeEditor, EditorHandle, FileTree, Problems, Sizes, StageGraph};
use crate::bridge;
use crate::embed::{EmbedParams, Pane, Theme};
use crate::hooks::{use_analysis, use_fix, use_goto, ANSWERS_AT_ONCE};
use crate::i18n::{initial_lang, Lang};
use crate::page::{empty_state, shared_of, state_of};
use crate::prefs::use_lang_attr;
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
        empty_state().apply(Action::Load {
            text: params.code.clone().unwrap_or_else(|| EXAMPLE.to_string()),
            context: params
                .files
                .iter()
                .map(|(path, text)| crate::examples::CtxFile::text(path, text))
                .collect(),
        })
    };
    let hash = bridge::location_hash();
    let (state, error) = match share::decode(&hash) {
        Ok(s) if hash.len() > 1 => (state_of(s), None),
        Err(e) if hash.len() > 1 => (fallback(), Some(e)),
        _ => (fallback(), None),
    };
    if ANSWERS_AT_ONCE {
        return (state.analysed(), error);
    }
    (state, error)
}

fn set_theme(theme: Theme) {
    bridge::add_root_class("embed-mode");
    bridge::set_root_attr("data-theme", theme.attr());
}

/// The full page (this page without `?embed`) with the state as a share link.
fn open_url(state: &State, lang: Option<Lang>) -> String {
    let fragment = share::encode(&shared_of(state, None));
    let page = bridge::address()
        .map(|a| format!("{}{}", a.origin, a.path))
        .unwrap_or_default();
    let query = lang
        .map(|l| format!("?lang={}", l.code()))
        .unwrap_or_default();
    format!("{page}{query}{fragment}")
}

#[function_component]
pub fn EmbedApp(props: &EmbedAppProps) -> Html {
    let params = &props.params;
    let boot = use_memo((), |_| std::cell::RefCell::new(Some(initial(params))));
    let link_error = use_state(|| boot.borrow().as_ref().and_then(|(_, m)| m.clone()));
    // Not `State::default()`, which analyses on this thread (page.rs says why).
    let state = use_reducer(|| {
        boot.borrow_mut()
            .take()
            .map(|(s, _)| s)
            .unwrap_or_else(empty_state)
    });
    let l = *use_memo((), |_| params.lang.unwrap_or_else(initial_lang));
    let theme = use_state(|| params.theme);
    let tab = use_state(|| params.first_tab());
    let editor = (*use_memo((), |_| EditorHandle::default())).clone();
    let root = use_node_ref();
    // The latest state, for the message handler (set up once).
    let latest = use_mut_ref(|| (*state).clone());
    *latest.borrow_mut() = (*state).clone();
    use_analysis(&state);
    use_effect_with(*theme, |t| set_theme(*t));
    use_lang_attr(l);
    use_read_only(&editor, params.readonly);
    use_editor_after_first_paint(&state);
    use_host_api(&state, &latest, &theme, params, &root);

    let on_edit = {
        let dispatcher = state.dispatcher();
        let readonly = params.readonly;
        use_callback((), move |text: String, _| {
            if !readonly {
                dispatcher.dispatch(Action::Edit(text));
            }
        })
    };
    let no_textarea = use_node_ref();
    let on_goto = use_goto(&editor, &no_textarea, false);
    let on_fix = use_fix(&editor, &state, false, params.readonly);
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
        let (lang, latest) = (params.lang, latest.clone());
        use_memo((state.text.clone(), state.context.clone()), move |_| {
            open_url(&latest.borrow(), lang)
        })
    };
    let tabs = params.tabs();
    let current = (*tab).filter(|t| tabs.contains(t));
    let (summary, summary_title) = summary(l, &state);
    let panel = html! { <div class="embed-panel" role="tabpanel"
        data-testid={format!("panel-{}", current.map(|p| p.name()).unwrap_or(""))}>
        { panel(current, &state, on_goto, on_fix, on_select_stage) }
    </div> };

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
                            stages={Some(state.stages.0.clone())}
                            layers={Some(state.layers.0.clone())}
                        />
                    </div>
                }
                <div class="embed-bar">
                    { tab_bar(l, &tabs, current, &tab, &state) }
                    <span class="embed-summary" data-testid="summary" title={summary_title.clone()}>
                        // The symbols are for the eye; screen readers get the words.
                        <span aria-hidden="true">{ summary }</span>
                        <span class="visually-hidden">{ summary_title }</span>
                    </span>
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
                    { panel }
                }
            </div>
        </ContextProvider<Lang>>
    }
}

/// The code editor's bundle, once the first analysis is painted (or
/// stopped, or paused): until then the editor is a plain textarea
/// (web/editor/lazy.js).
#[hook]
fn use_editor_after_first_paint(state: &State) {
    let settled = state.shown != 0 || state.stopped.is_some() || state.paused;
    use_effect_with(settled, |settled| {
        if *settled {
            bridge::load_editor();
        }
    });
}

/// Read-only: the editor exists once the children's effects have run.
#[hook]
fn use_read_only(editor: &EditorHandle, readonly: bool) {
    let editor = editor.clone();
    use_effect_with((), move |_| {
        if readonly {
            let apply = move || {
                if let Some(view) = editor.0.borrow().as_ref() {
                    bridge::set_read_only(view, true);
                }
            };
            apply();
            bridge::after(0, apply);
        }
    });
}

/// The counts of findings (or "Analysing…" before the first analysis), and
/// their title.
fn summary(l: Lang, state: &State) -> (Html, String) {
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
    // Before the first analysis there are no counts to tell.
    let title = if state.shown == 0 && !state.paused {
        tr!(l, "Analysing…", "Анализирую…", "正在分析…").to_string()
    } else if l == Lang::En {
        use crate::present::plural;
        let (e, w, n) = (
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(infos, "note"),
        );
        format!("{e}, {w}, {n}")
    } else {
        trf!(
            l,
            "{errors} errors, {warnings} warnings, {infos} notes",
            "ошибок: {errors}, предупреждений: {warnings}, советов: {infos}",
            "{errors} 个错误，{warnings} 个警告，{infos} 条建议"
        )
    };
    (summary, title)
}

/// The panels' tabs (the Findings tab with its count), or the one panel's title.
fn tab_bar(
    l: Lang,
    tabs: &[Pane],
    current: Option<Pane>,
    tab: &UseStateHandle<Option<Pane>>,
    state: &State,
) -> Html {
    if tabs.len() <= 1 {
        return html! { <span class="embed-title">{ current.map(|p| p.label(l)).unwrap_or("Dockerfile") }</span> };
    }
    let found = state.findings.len();
    html! {
        <div class="embed-tabs" role="tablist" aria-label={tr!(l, "Panels", "Панели", "面板")}>
            { for tabs.iter().map(|&p| {
                let tab = tab.clone();
                let selected = current == Some(p);
                let label = if p == Pane::Findings && found > 0 {
                    format!("{} {}", p.label(l), found)
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
}

/// The open panel.
fn panel(
    current: Option<Pane>,
    state: &UseReducerHandle<State>,
    on_goto: Callback<u32>,
    on_fix: Callback<Fix>,
    on_select_stage: Callback<usize>,
) -> Html {
    let on_tree_stage = {
        let dispatcher = state.dispatcher();
        Callback::from(move |i: Option<usize>| dispatcher.dispatch(Action::ShowTree(i)))
    };
    match current {
        Some(Pane::Findings) => html! {
            <Problems findings={state.findings.clone()} on_goto={on_goto} on_fix={on_fix}
                context_files={Some(state.context.len())} />
        },
        Some(Pane::Graph) => html! {
            <StageGraph stages={state.stages.clone()} edges={state.edges.clone()}
                on_goto={on_goto} on_select={on_select_stage} />
        },
        Some(Pane::Sizes) => html! {
            <Sizes image={state.image.clone()} stages={state.stages.clone()}
                layers={state.layers.clone()} on_goto={on_goto} />
        },
        Some(Pane::Files) => html! {
            <FileTree tree={state.tree.clone()} stages={state.stages.clone()}
                on_select={on_tree_stage} on_goto={on_goto} />
        },
        Some(Pane::Editor) | None => html! {},
    }
}
