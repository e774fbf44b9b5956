use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::{FocusOptions, HtmlTextAreaElement};
use yew::prelude::*;

use super::banners::{notice_banner, paused_banner, previous_banner, stopped_banner};
use super::context::OpenContext;
use super::{
    BuildOptionsPanel, CodeEditor, CompareView, ContextPanel, Examples, FileTree, Goals, Header,
    Instructions, Problems, Sizes, StageGraph, TextEditor,
};
use crate::autosave::Autosave;
use crate::bridge;
use crate::compare::{self as cmp, CompareAction, CompareModel, CompareSide};
use crate::examples::CtxFile;
use crate::examples::EXAMPLES;
use crate::hooks::{use_analysis, ANSWERS_AT_ONCE};
use crate::i18n::{initial_lang, Lang, LANG_KEY};
use crate::share::{self, Shared};
use crate::state::{fix_edits_utf16, utf16_line_start, Action, BuildOptions, State, EXAMPLE};
use layerlab_analysis::rules::Fix;
use layerlab_syntax::Severity;

/// The live CodeMirror view, when the code editor is shown.
#[derive(Clone, Default)]
pub struct EditorHandle(pub Rc<RefCell<Option<JsValue>>>);

impl PartialEq for EditorHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

use crate::session::{self, Notice};
const MODE_KEY: &str = "layerlab.editor";
const THEME_KEY: &str = "layerlab.theme";

pub(crate) fn shared_of(state: &State, compare: Option<&CompareSide>) -> Shared {
    let mut shared = Shared {
        text: state.text.to_string(),
        target: state.options.target.clone(),
        context: state.context.to_vec(),
        extra: Vec::new(),
    };
    shared.set("args", &state.options.args_text());
    shared.set(crate::goals::EXTRA_KEY, &state.goals_text);
    cmp::put(&mut shared, compare);
    shared
}

/// What loading a link (or the autosaved session) does: text, context and
/// build options; then [`link_goals`].
pub(crate) fn load_shared(s: Shared) -> Action {
    let options = BuildOptions {
        build_args: BuildOptions::parse_args(s.get("args").unwrap_or("")),
        target: s.target,
    };
    Action::LoadShared {
        text: s.text,
        context: s.context,
        options,
    }
}

/// The goals a link carries (applied after [`load_shared`], which clears them).
pub(crate) fn link_goals(s: &Shared) -> Action {
    Action::SetGoals(s.get(crate::goals::EXTRA_KEY).unwrap_or("").to_string())
}

/// The state a link (or the autosave) describes, not analysed yet.
pub(crate) fn state_of(s: Shared) -> State {
    let goals = link_goals(&s);
    empty_state().apply(load_shared(s)).apply(goals)
}

/// No text, nothing shown: what the page's state starts from.
pub(crate) fn empty_state() -> State {
    State::pending("", Rc::from(Vec::new()), Rc::default(), Rc::from(""))
}

fn location_hash() -> String {
    if cfg!(not(target_arch = "wasm32")) {
        return String::new();
    }
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Removes the fragment from the address bar (a loaded link is now the session).
fn clear_hash() {
    if let Some(w) = web_sys::window() {
        if let (Ok(h), Ok(path)) = (w.history(), w.location().pathname()) {
            let search = w.location().search().unwrap_or_default();
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{search}")));
        }
    }
}

fn location_search() -> String {
    if cfg!(not(target_arch = "wasm32")) {
        return String::new();
    }
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Takes `?reset` out of the address bar (a reload should not reset again).
fn clear_reset() {
    if let Some(w) = web_sys::window() {
        if let (Ok(h), Ok(path)) = (w.history(), w.location().pathname()) {
            let search = session::without_query_key(&location_search(), "reset");
            let hash = w.location().hash().unwrap_or_default();
            let _ = h.replace_state_with_url(
                &JsValue::NULL,
                "",
                Some(&format!("{path}{search}{hash}")),
            );
        }
    }
}

/// The state a link or the autosave describes, to analyse or (the start-up
/// guard tripped) paused.
fn state_from(s: Option<Shared>, paused: bool) -> State {
    let start = empty_state().apply(Action::SetPaused(paused));
    match s {
        Some(s) => {
            let goals = link_goals(&s);
            start.apply(load_shared(s)).apply(goals)
        }
        None => start.apply(Action::Load {
            text: EXAMPLE.to_string(),
            context: Vec::new(),
        }),
    }
}

/// What the page opens with (see `session.rs`): the state, what to tell the
/// person, the compare view's right side, the session a link replaced, and
/// whether the autosave may write.
struct Initial {
    state: State,
    /// The start-up guard's mark of this start.
    guard: String,
    notices: Vec<Notice>,
    side: Option<CompareSide>,
    previous: Option<Shared>,
    autosave: bool,
}

fn initial() -> Initial {
    let search = location_search();
    let boot = session::boot(&location_hash(), &search, &mut session::Browser);
    if boot.clear_hash {
        clear_hash();
    }
    if session::has_query_key(&search, "reset") {
        clear_reset();
    }
    // The compare view comes from where the text came from.
    let side = boot.shared.as_ref().and_then(cmp::take);
    let mut state = state_from(boot.shared, boot.paused);
    if ANSWERS_AT_ONCE {
        state = state.analysed();
    }
    // Not a `Load` for the editor: it starts with this text.
    state.loads = 0;
    Initial {
        state,
        notices: boot.notices,
        guard: boot.guard,
        side,
        previous: boot.previous,
        autosave: boot.autosave,
    }
}

fn set_theme_attr(theme: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        if theme == "light" || theme == "dark" {
            let _ = root.set_attribute("data-theme", theme);
        } else {
            let _ = root.remove_attribute("data-theme");
        }
    }
}

/// The whole page: header, editor, and the panels that describe the text.
#[function_component]
pub fn App() -> Html {
    let boot = use_memo((), |_| RefCell::new(Some(initial())));
    let guard = (*use_memo((), |_| {
        boot.borrow()
            .as_ref()
            .map(|b| b.guard.clone())
            .unwrap_or_default()
    }))
    .clone();
    let notices = use_state(|| {
        boot.borrow()
            .as_ref()
            .map(|b| b.notices.clone())
            .unwrap_or_default()
    });
    let previous = use_state(|| boot.borrow().as_ref().and_then(|b| b.previous.clone()));
    let autosave = *use_memo((), |_| boot.borrow().as_ref().is_none_or(|b| b.autosave));
    let compare = use_reducer(|| CompareModel(boot.borrow().as_ref().and_then(|b| b.side.clone())));
    let state = use_reducer(|| {
        boot.borrow_mut()
            .take()
            .map(|b| b.state)
            .unwrap_or_default()
    });
    // The session as last rendered (what a link replaces, what "Restore" swaps).
    let latest = use_mut_ref(|| None::<Shared>);
    let editor = use_memo((), |_| EditorHandle::default());
    let editor = (*editor).clone();
    let textarea = use_node_ref();
    let plain = use_state(|| bridge::storage_get(MODE_KEY).as_deref() == Some("text"));
    let theme = use_state(|| bridge::storage_get(THEME_KEY).unwrap_or_else(|| "system".into()));
    let lang = use_state(initial_lang);
    // "Add requirements.txt" / "Add files": opens the build context panel.
    let open_context = use_state(OpenContext::default);

    use_effect_with((*theme).clone(), |t| set_theme_attr(t));
    use_effect_with(*lang, |l| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", l.code());
        }
    });

    // Autosave, shortly after each change and at once when the page is
    // hidden (unless an unreadable session could not be moved aside: then it
    // is left where it is).
    {
        let st = state.clone();
        let latest = latest.clone();
        let saver = use_memo((), move |_| Autosave::new(autosave));
        use_effect_with(
            (
                state.text.clone(),
                state.context.clone(),
                state.options.clone(),
                state.goals_text.clone(),
                compare.0.clone(),
            ),
            move |(_, _, _, _, side)| {
                let shared = shared_of(&st, side.as_ref());
                saver.save(shared.clone());
                *latest.borrow_mut() = Some(shared);
            },
        );
    }

    use_analysis(&state);
    // The first analysis painted (or stopped): marks it for the benchmark and
    // disarms the start-up guard (session.rs); again after resuming.
    let settled = state.shown != 0 || state.stopped.is_some();
    use_effect_with((settled, state.paused), |(settled, _)| {
        if *settled {
            bridge::record_first_paint();
            session::painted(&mut session::Browser);
        }
    });
    // Leaving the page (a reload, a link, closing the tab) is no crash: a
    // reload before the first analysis arrives must not open paused.
    use_effect_with((), move |_| {
        let listener = bridge::listen("pagehide", move || {
            session::left(&mut session::Browser, &guard)
        });
        move || drop(listener)
    });
    // For the benchmark: when the panels show an analysis, of a text how long.
    use_effect_with(state.shown, {
        let len = state.shown_bytes;
        let any = state.shown != 0;
        move |_| {
            if any {
                bridge::record_shown(len)
            }
        }
    });

    // A link pasted while the page is open: it replaces the session, which
    // is kept and offered back when it differs.
    {
        let dispatcher = state.dispatcher();
        let notices = notices.clone();
        let previous = previous.clone();
        let compare = compare.dispatcher();
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let listener = {
                bridge::listen("hashchange", move || {
                    let hash = location_hash();
                    if hash.len() <= 1 {
                        return;
                    }
                    let current = latest.borrow().clone();
                    match session::open_link(&hash, current.as_ref(), &mut session::Browser) {
                        Ok(o) => {
                            clear_hash();
                            notices.set(o.notices);
                            if o.previous.is_some() {
                                previous.set(o.previous);
                            }
                            open_shared(&dispatcher, &compare, o.link);
                        }
                        Err(e) => notices.set(vec![Notice::Link(e)]),
                    }
                })
            };
            move || drop(listener)
        });
    }

    // Every change goes to the analysis worker at once (see analyst.rs).
    let on_edit = {
        let dispatcher = state.dispatcher();
        use_callback((), move |text: String, _| {
            dispatcher.dispatch(Action::Edit(text))
        })
    };
    let on_action = {
        let dispatcher = state.dispatcher();
        use_callback((), move |a: Action, _| dispatcher.dispatch(a))
    };

    let on_goto = {
        let editor = editor.clone();
        let plain = *plain;
        use_callback(
            (textarea.clone(), plain),
            move |line: u32, (textarea, plain): &(NodeRef, bool)| {
                if !*plain {
                    #[cfg(target_arch = "wasm32")]
                    if let Some(view) = editor.0.borrow().as_ref() {
                        bridge::goto_line(view, line);
                    }
                    let _ = &editor;
                    return;
                }
                let Some(ta) = textarea.cast::<HtmlTextAreaElement>() else {
                    return;
                };
                let at = utf16_line_start(&ta.value(), line);
                let options = FocusOptions::new();
                options.set_prevent_scroll(true);
                let _ = ta.focus_with_options(&options);
                let _ = ta.set_selection_range(at, at);
                let line_height = 21.0;
                if let Some(pane) = ta.parent_element().and_then(|p| p.parent_element()) {
                    let top = (line as f64 - 1.0) * line_height - pane.client_height() as f64 / 2.0;
                    pane.set_scroll_top(top.max(0.0) as i32);
                }
            },
        )
    };

    let on_fix = {
        let editor = editor.clone();
        let dispatcher = state.dispatcher();
        let text = state.text.clone();
        use_callback(
            (text, *plain),
            move |fix: Fix, (text, plain): &(Rc<str>, bool)| {
                if !*plain {
                    #[cfg(target_arch = "wasm32")]
                    if let Some(view) = editor.0.borrow().as_ref() {
                        let edits = fix_edits_utf16(text, &fix);
                        bridge::apply_edits(view, bridge::edits_value(&edits));
                        return;
                    }
                }
                let _ = (&editor, fix_edits_utf16);
                dispatcher.dispatch(Action::Edit(fix.apply(text)));
            },
        )
    };

    let on_toggle_plain = {
        let plain = plain.clone();
        Callback::from(move |_| {
            let next = !*plain;
            bridge::storage_set(MODE_KEY, if next { "text" } else { "code" });
            plain.set(next);
        })
    };
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |t: String| {
            bridge::storage_set(THEME_KEY, &t);
            theme.set(t);
        })
    };
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |l: Lang| {
            bridge::storage_set(LANG_KEY, l.code());
            lang.set(l);
        })
    };
    let share_link = {
        let st = state.clone();
        let side = compare.0.clone();
        Callback::from(move |_: ()| -> String { share::encode(&shared_of(&st, side.as_ref())) })
    };
    let on_load_example = {
        let dispatcher = state.dispatcher();
        let notices = notices.clone();
        Callback::from(move |(text, context): (String, Vec<CtxFile>)| {
            notices.set(Vec::new());
            dispatcher.dispatch(Action::Load { text, context });
        })
    };
    let on_select_stage = {
        let dispatcher = state.dispatcher();
        Callback::from(move |i: usize| dispatcher.dispatch(Action::ShowTree(Some(i))))
    };
    let on_tree_stage = {
        let dispatcher = state.dispatcher();
        Callback::from(move |i: Option<usize>| dispatcher.dispatch(Action::ShowTree(i)))
    };
    // The compare view: enter with a copy of the current text or an example
    // (the left side stays the person's own text), edit, load, close.
    let on_compare = {
        let compare = compare.dispatcher();
        let st = state.clone();
        Callback::from(move |which: Option<usize>| {
            let (text, context) = match which.and_then(|i| EXAMPLES.get(i)) {
                Some(e) => (e.dockerfile.to_string(), e.context_files()),
                None => (st.text.to_string(), st.context.to_vec()),
            };
            compare.dispatch(CompareAction::Load { text, context });
        })
    };
    let on_edit_b = {
        let compare = compare.dispatcher();
        Callback::from(move |text: String| compare.dispatch(CompareAction::Edit(text)))
    };
    let on_load_b = {
        let compare = compare.dispatcher();
        Callback::from(move |(text, context): (String, Vec<CtxFile>)| {
            compare.dispatch(CompareAction::Load { text, context })
        })
    };
    let on_close_compare = {
        let compare = compare.dispatcher();
        Callback::from(move |_: ()| compare.dispatch(CompareAction::Close))
    };
    let goals_link = share_link.clone();
    let on_set_goals = {
        let dispatcher = state.dispatcher();
        Callback::from(move |g: String| dispatcher.dispatch(Action::SetGoals(g)))
    };
    let on_replace_text = {
        let dispatcher = state.dispatcher();
        let context = state.context.clone();
        let options = state.options.clone();
        Callback::from(move |text: String| {
            dispatcher.dispatch(Action::LoadShared {
                text,
                context: context.to_vec(),
                options: (*options).clone(),
            })
        })
    };
    let on_context = {
        let open_context = open_context.clone();
        Callback::from(move |path: Option<String>| {
            open_context.set(OpenContext {
                seq: open_context.seq.wrapping_add(1),
                path,
            })
        })
    };
    let dismiss = {
        let notices = notices.clone();
        Callback::from(move |_| notices.set(Vec::new()))
    };
    // "Restore your previous text": loads the kept session, and keeps the
    // one it replaces in its place (so restoring can be undone the same way).
    let on_restore = {
        let dispatcher = state.dispatcher();
        let compare = compare.dispatcher();
        let previous = previous.clone();
        let notices = notices.clone();
        let latest = latest.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(p) = (*previous).clone() else {
                return;
            };
            if let Some(now) = latest.borrow().as_ref() {
                if session::replaces(now, &p) {
                    bridge::storage_set(session::PREVIOUS_KEY, &share::encode_level(now, 1)[1..]);
                }
            }
            notices.set(Vec::new());
            previous.set(None);
            open_shared(&dispatcher, &compare, p);
        })
    };
    let dismiss_previous = {
        let previous = previous.clone();
        Callback::from(move |_: MouseEvent| previous.set(None))
    };
    // Resuming a paused analysis: the guard is armed until it paints.
    let on_resume = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            session::arm(&mut session::Browser);
            dispatcher.dispatch(Action::SetPaused(false));
        })
    };

    let l = *lang;
    html! {
        <ContextProvider<Lang> context={l}>
            <Header
                errors={state.count(Severity::Error)}
                warnings={state.count(Severity::Warning)}
                infos={state.count(Severity::Info)}
                paused={state.paused}
                analysing={state.is_stale()}
                nothing_yet={state.shown == 0}
                plain={*plain}
                on_toggle_plain={on_toggle_plain}
                theme={(*theme).clone()}
                on_theme={on_theme}
                lang={l}
                on_lang={on_lang}
                share_link={share_link}
                text={AttrValue::from(state.text.clone())}
            />
            // The paused banner follows the state (a link opened meanwhile keeps it).
            if state.paused {
                { paused_banner(l, &on_resume) }
            }
            { for notices.iter().filter(|n| **n != Notice::Paused).map(|n| notice_banner(l, n, &dismiss)) }
            if let Some(p) = (*previous).clone() {
                { previous_banner(l, &p, on_restore, dismiss_previous) }
            }
            if let Some(s) = state.stopped.filter(|s| s.seq == state.seq) {
                { stopped_banner(l, s.why) }
            }
            <main class={classes!("workspace", compare.0.is_some().then_some("comparing"))}>
                <section class="pane editor-pane" aria-label={tr!(l, "Dockerfile editor", "Редактор Dockerfile", "Dockerfile 编辑器")}>
                    <Examples on_load={on_load_example} on_compare={on_compare} />
                    <div class="editor-host">
                        if *plain {
                            <TextEditor
                                text={state.text.clone()}
                                marks={state.line_marks()}
                                on_edit={on_edit.clone()}
                                textarea_ref={textarea}
                            />
                        } else {
                            <CodeEditor
                                text={state.text.clone()}
                                diagnostics={state.findings.clone()}
                                current={!state.is_stale()}
                                loads={state.loads}
                                on_edit={on_edit.clone()}
                                handle={editor.clone()}
                            />
                        }
                    </div>
                    <BuildOptionsPanel stages={state.stages.clone()} args={state.args.clone()}
                        options={state.options.clone()} on_action={on_action.clone()} />
                    <ContextPanel files={state.context.clone()} on_action={on_action.clone()}
                        open={(*open_context).clone()} />
                </section>
                if let Some(side) = compare.0.clone() {
                    <CompareView
                        text_a={state.text.clone()}
                        context_a={state.context.clone()}
                        options_a={state.options.clone()}
                        side={side}
                        on_edit_b={on_edit_b}
                        on_load_b={on_load_b}
                        on_close={on_close_compare}
                        on_goto_a={on_goto.clone()}
                    />
                } else {
                <aside class="pane side-pane">
                    <Goals
                        view={state.goals.clone()}
                        text={state.text.clone()}
                        goals_text={state.goals_text.clone()}
                        on_set_goals={on_set_goals}
                        on_replace_text={on_replace_text}
                        share_link={goals_link}
                    />
                    <Sizes
                        image={state.image.clone()}
                        stages={state.stages.clone()}
                        layers={state.layers.clone()}
                        on_goto={on_goto.clone()}
                    />
                    <Problems findings={state.findings.clone()} on_goto={on_goto.clone()} on_fix={on_fix}
                        context_files={Some(state.context.len())} on_context={Some(on_context)} />
                    <StageGraph
                        stages={state.stages.clone()}
                        edges={state.edges.clone()}
                        on_goto={on_goto.clone()}
                        on_select={on_select_stage}
                    />
                    <FileTree tree={state.tree.clone()} stages={state.stages.clone()} on_select={on_tree_stage} on_goto={on_goto.clone()} />
                    <Instructions rows={state.instructions.clone()} on_goto={on_goto} />
                </aside>
                }
            </main>
        </ContextProvider<Lang>>
    }
}

/// Loads a link (or a kept session) into the page: text, context, build
/// options, goals and the compare view.
fn open_shared(
    dispatcher: &UseReducerDispatcher<State>,
    compare: &UseReducerDispatcher<CompareModel>,
    s: Shared,
) {
    compare.dispatch(CompareAction::Restore(cmp::take(&s)));
    let goals = link_goals(&s);
    dispatcher.dispatch(load_shared(s));
    dispatcher.dispatch(goals);
}
