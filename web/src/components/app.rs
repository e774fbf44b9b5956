//! The full page: the header, the banners, the editor pane and the panels
//! (or the compare view). What it opens with, links and the autosave are
//! `page.rs`; the remembered preferences `prefs.rs`.

use yew::prelude::*;

use super::banners::banners;
use super::context::OpenContext;
use super::{
    BuildOptionsPanel, CodeEditor, CompareView, ContextPanel, EditorHandle, Examples, FileTree,
    FormatButton, Goals, Header, Instructions, OpenFolder, Problems, Sizes, StageGraph, TextEditor,
};
use crate::compare::{CompareAction, CompareModel};
use crate::examples::{CtxFile, EXAMPLES};
use crate::hooks::{use_fix, use_goto};
use crate::i18n::Lang;
use crate::page::{use_session, Session};
use crate::prefs::{use_editor_mode, use_language, use_theme};
use crate::state::{Action, State};
use layerlab_analysis::rules::Fix;
use layerlab_syntax::Severity;

/// What the panels send back to the page.
#[derive(Clone)]
struct Handlers {
    on_action: Callback<Action>,
    on_goto: Callback<u32>,
    on_fix: Callback<Fix>,
    /// "Add requirements.txt" / "Add files": opens the build context panel.
    on_context: Callback<Option<String>>,
    share_link: Callback<(), String>,
}

/// The whole page: header, editor, and the panels that describe the text.
#[function_component]
pub fn App() -> Html {
    let (plain, on_toggle_plain) = use_editor_mode();
    let (theme, on_theme) = use_theme();
    let (l, on_lang) = use_language();
    let session = use_session();
    let Session { state, compare, .. } = &session;
    let editor = (*use_memo((), |_| EditorHandle::default())).clone();
    let textarea = use_node_ref();
    let editor_pane = use_node_ref();
    let open_context = use_state(OpenContext::default);
    let on_action = {
        let dispatcher = state.dispatcher();
        use_callback((), move |a: Action, _| dispatcher.dispatch(a))
    };
    // Every change goes to the analysis worker at once (see analyst.rs).
    let on_edit = {
        let dispatcher = state.dispatcher();
        use_callback((), move |text: String, _| {
            dispatcher.dispatch(Action::Edit(text))
        })
    };
    let handlers = Handlers {
        on_action: on_action.clone(),
        on_goto: use_goto(&editor, &textarea, plain),
        on_fix: use_fix(&editor, state, plain, false),
        on_context: {
            let open_context = open_context.clone();
            Callback::from(move |path: Option<String>| {
                open_context.set(OpenContext {
                    seq: open_context.seq.wrapping_add(1),
                    path,
                })
            })
        },
        share_link: session.share_link.clone(),
    };
    let on_load_example = {
        let notices = session.notices.clone();
        on_action.reform(move |(text, context): (String, Vec<CtxFile>)| {
            notices.set(Vec::new());
            Action::Load { text, context }
        })
    };
    // The compare view: enter with a copy of the current text or an example
    // (the left side stays the person's own text), edit, load, close.
    let to_compare = {
        let compare = compare.dispatcher();
        Callback::from(move |a: CompareAction| compare.dispatch(a))
    };
    let on_compare = {
        let st = state.clone();
        to_compare.reform(move |which: Option<usize>| {
            let (text, context) = match which.and_then(|i| EXAMPLES.get(i)) {
                Some(e) => (e.dockerfile.to_string(), e.context_files()),
                None => (st.text.to_string(), st.context.to_vec()),
            };
            CompareAction::Load { text, context }
        })
    };

    html! {
        <ContextProvider<Lang> context={l}>
            <Header
                errors={state.count(Severity::Error)}
                warnings={state.count(Severity::Warning)}
                infos={state.count(Severity::Info)}
                paused={state.paused}
                analysing={state.is_analysing()}
                nothing_yet={state.shown == 0}
                plain={plain}
                on_toggle_plain={on_toggle_plain}
                theme={theme}
                on_theme={on_theme}
                lang={l}
                on_lang={on_lang}
                share_link={handlers.share_link.clone()}
                text={AttrValue::from(state.text.clone())}
            />
            { banners(l, &session) }
            <main class={classes!("workspace", compare.0.is_some().then_some("comparing"))}>
                <section class="pane editor-pane" ref={editor_pane.clone()} aria-label={tr!(l, "Dockerfile editor", "Редактор Dockerfile", "Dockerfile 编辑器")}>
                    <Examples on_load={on_load_example} on_compare={on_compare} />
                    <OpenFolder drop_target={editor_pane} text={state.text.clone()}
                        on_open={session.open_project.clone()} />
                    <FormatButton text={state.text.clone()} on_fix={handlers.on_fix.clone()} />
                    <div class="editor-host">
                        if plain {
                            <TextEditor text={state.text.clone()} marks={state.line_marks()}
                                on_edit={on_edit} textarea_ref={textarea} />
                        } else {
                            <CodeEditor text={state.text.clone()} diagnostics={state.findings.clone()}
                                current={!state.is_stale()} loads={state.loads} on_edit={on_edit}
                                handle={editor} stages={Some(state.stages.0.clone())}
                                layers={Some(state.layers.0.clone())} />
                        }
                    </div>
                    <BuildOptionsPanel stages={state.stages.clone()} args={state.args.clone()}
                        options={state.options.clone()} on_action={on_action.clone()} />
                    <ContextPanel files={state.context.clone()} on_action={on_action}
                        open={(*open_context).clone()} />
                </section>
                { right_pane(state, compare, &to_compare, &handlers) }
            </main>
        </ContextProvider<Lang>>
    }
}

/// The compare view when it is open, else the panels.
fn right_pane(
    state: &State,
    compare: &CompareModel,
    to_compare: &Callback<CompareAction>,
    h: &Handlers,
) -> Html {
    if let Some(side) = compare.0.clone() {
        return html! {
            <CompareView
                text_a={state.text.clone()}
                context_a={state.context.clone()}
                options_a={state.options.clone()}
                side={side}
                on_edit_b={to_compare.reform(CompareAction::Edit)}
                on_load_b={to_compare.reform(|(text, context): (String, Vec<CtxFile>)| {
                    CompareAction::Load { text, context }
                })}
                on_close={to_compare.reform(|_: ()| CompareAction::Close)}
                on_goto_a={h.on_goto.clone()}
            />
        };
    }
    let on_replace_text = {
        let (context, options) = (state.context.clone(), state.options.clone());
        h.on_action.reform(move |text: String| Action::LoadShared {
            text,
            context: context.to_vec(),
            options: (*options).clone(),
        })
    };
    let on_goto = &h.on_goto;
    html! {
        <aside class="pane side-pane">
            <Goals view={state.goals.clone()} text={state.text.clone()}
                goals_text={state.goals_text.clone()}
                on_set_goals={h.on_action.reform(Action::SetGoals)}
                on_replace_text={on_replace_text} share_link={h.share_link.clone()} />
            <Sizes image={state.image.clone()} stages={state.stages.clone()}
                layers={state.layers.clone()} on_goto={on_goto.clone()} />
            <Problems findings={state.findings.clone()} on_goto={on_goto.clone()}
                on_fix={h.on_fix.clone()} context_files={Some(state.context.len())}
                on_context={Some(h.on_context.clone())} />
            <StageGraph stages={state.stages.clone()} edges={state.edges.clone()}
                on_goto={on_goto.clone()}
                on_select={h.on_action.reform(|i: usize| Action::ShowTree(Some(i)))} />
            <FileTree tree={state.tree.clone()} stages={state.stages.clone()}
                on_select={h.on_action.reform(Action::ShowTree)} on_goto={on_goto.clone()} />
            <Instructions rows={state.instructions.clone()} on_goto={on_goto.clone()} />
        </aside>
    }
}
