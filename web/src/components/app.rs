use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::{FocusOptions, HtmlTextAreaElement};
use yew::prelude::*;

use super::context::OpenContext;
use super::{
    BuildOptionsPanel, CodeEditor, CompareView, ContextPanel, Examples, FileTree, Goals, Header,
    Instructions, Problems, Sizes, StageGraph, TextEditor,
};
use crate::bridge;
use crate::compare::{self as cmp, CompareAction, CompareModel, CompareSide};
use crate::examples::CtxFile;
use crate::examples::EXAMPLES;
use crate::i18n::{initial_lang, Lang, LANG_KEY};
use crate::share::{self, LinkError, Shared};
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

/// An analysis slower than this defers the next ones (coalesced) by DEFER_MS.
const SLOW_ANALYSIS_MS: f64 = 50.0;
const DEFER_MS: i32 = 120;

const SESSION_KEY: &str = "layerlab.session";
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

/// The state a link (or the autosave) describes.
pub(crate) fn state_of(s: Shared) -> State {
    let goals = link_goals(&s);
    State::new("").apply(load_shared(s)).apply(goals)
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

/// What the page opens with: a share link, else the autosaved session, else
/// the example; the compare view's right side if the link or session holds
/// one; and the message a broken link leaves.
type Initial = (State, Option<LinkError>, Option<CompareSide>);

fn initial() -> Initial {
    // Read before initial_state(), which consumes a good link's fragment.
    let hash = location_hash();
    let (state, message) = initial_state();
    // The compare view comes from where the text came from: a good link, else
    // the session (a broken link leaves the session in place).
    let link = (hash.len() > 1)
        .then(|| share::decode(&hash).ok())
        .flatten();
    let source =
        link.or_else(|| bridge::storage_get(SESSION_KEY).and_then(|s| share::decode(&s).ok()));
    let side = source.as_ref().and_then(cmp::take);
    (state, message, side)
}

fn initial_state() -> (State, Option<LinkError>) {
    let saved = || {
        bridge::storage_get(SESSION_KEY)
            .and_then(|s| share::decode(&s).ok())
            .map(state_of)
    };
    let hash = location_hash();
    if hash.len() > 1 {
        match share::decode(&hash) {
            Ok(s) => {
                clear_hash();
                return (state_of(s), None);
            }
            Err(e) => return (saved().unwrap_or_default(), Some(e)),
        }
    }
    (saved().unwrap_or_else(|| State::new(EXAMPLE)), None)
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
    let first_message = use_state(|| boot.borrow().as_ref().and_then(|(_, m, _)| m.clone()));
    let compare =
        use_reducer(|| CompareModel(boot.borrow().as_ref().and_then(|(_, _, c)| c.clone())));
    let state = use_reducer(|| {
        boot.borrow_mut()
            .take()
            .map(|(s, _, _)| s)
            .unwrap_or_default()
    });
    let message = first_message;
    let editor = use_memo((), |_| EditorHandle::default());
    let editor = (*editor).clone();
    let textarea = use_node_ref();
    let plain = use_state(|| bridge::storage_get(MODE_KEY).as_deref() == Some("text"));
    let theme = use_state(|| bridge::storage_get(THEME_KEY).unwrap_or_else(|| "system".into()));
    let selected_stage = use_state(|| None::<usize>);
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

    // Autosave on every change.
    {
        let st = state.clone();
        use_effect_with(
            (
                state.text.clone(),
                state.context.clone(),
                state.options.clone(),
                state.goals_text.clone(),
                compare.0.clone(),
            ),
            move |(_, _, _, _, side)| {
                bridge::storage_set(
                    SESSION_KEY,
                    &share::encode_level(&shared_of(&st, side.as_ref()), 1),
                );
            },
        );
    }

    // Marks the first analysis painted (for the benchmark).
    use_effect_with((), |_| {
        if let Some(w) = web_sys::window() {
            let _ = js_sys::Reflect::set(&w, &"__layerlabFirstPaint".into(), &bridge::now().into());
        }
    });

    // A link pasted while the page is open.
    {
        let dispatcher = state.dispatcher();
        let message = message.clone();
        let compare = compare.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo_listener(&w, move || {
                    let hash = location_hash();
                    if hash.len() <= 1 {
                        return;
                    }
                    match share::decode(&hash) {
                        Ok(s) => {
                            clear_hash();
                            message.set(None);
                            compare.dispatch(CompareAction::Restore(cmp::take(&s)));
                            let goals = link_goals(&s);
                            dispatcher.dispatch(load_shared(s));
                            dispatcher.dispatch(goals);
                        }
                        Err(e) => message.set(Some(e)),
                    }
                })
            });
            move || drop(listener)
        });
    }

    // Every change is analysed at once, unless the last analysis was slow
    // (a very large file, see BENCHMARKS.md): then changes are coalesced and
    // analysed shortly after, so that typing stays responsive.
    let pending = use_mut_ref(|| None::<String>);
    let on_edit = {
        let dispatcher = state.dispatcher();
        use_callback((), move |text: String, _| {
            if bridge::last_analysis_ms() < SLOW_ANALYSIS_MS {
                pending.borrow_mut().take();
                dispatcher.dispatch(Action::Edit(text));
                return;
            }
            let scheduled = pending.borrow().is_some();
            *pending.borrow_mut() = Some(text);
            if !scheduled {
                let pending = pending.clone();
                let dispatcher = dispatcher.clone();
                bridge::after(DEFER_MS, move || {
                    if let Some(t) = pending.borrow_mut().take() {
                        dispatcher.dispatch(Action::Edit(t));
                    }
                });
            }
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
        let message = message.clone();
        Callback::from(move |(text, context): (String, Vec<CtxFile>)| {
            message.set(None);
            dispatcher.dispatch(Action::Load { text, context });
        })
    };
    let on_select_stage = {
        let selected_stage = selected_stage.clone();
        Callback::from(move |i: usize| selected_stage.set(Some(i)))
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
        let message = message.clone();
        Callback::from(move |_| message.set(None))
    };

    let l = *lang;
    html! {
        <ContextProvider<Lang> context={l}>
            <Header
                errors={state.count(Severity::Error)}
                warnings={state.count(Severity::Warning)}
                infos={state.count(Severity::Info)}
                plain={*plain}
                on_toggle_plain={on_toggle_plain}
                theme={(*theme).clone()}
                on_theme={on_theme}
                lang={l}
                on_lang={on_lang}
                share_link={share_link}
                text={AttrValue::from(state.text.clone())}
            />
            if let Some(m) = (*message).clone() {
                <div class="banner" role="alert" data-testid="link-error">
                    <span>{ m.message(l) }</span>
                    <span class="banner-note">{ " " }{ tr!(l, "Your editor was left as it was.", "Текст в редакторе не изменён.", "编辑器中的内容保持不变。") }</span>
                    <button type="button" onclick={dismiss}>{ tr!(l, "Dismiss", "Закрыть", "关闭") }</button>
                </div>
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
                    <FileTree sim={state.sim.clone()} stages={state.stages.clone()} selected={*selected_stage} on_goto={on_goto.clone()} />
                    <Instructions rows={state.instructions.clone()} on_goto={on_goto} />
                </aside>
                }
            </main>
        </ContextProvider<Lang>>
    }
}

/// Listens to `hashchange`; dropping the returned value stops listening.
fn gloo_listener(w: &web_sys::Window, f: impl Fn() + 'static) -> impl Drop {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    struct Listener(web_sys::Window, Closure<dyn Fn()>);
    impl Drop for Listener {
        fn drop(&mut self) {
            let _ = self
                .0
                .remove_event_listener_with_callback("hashchange", self.1.as_ref().unchecked_ref());
        }
    }
    let c = Closure::<dyn Fn()>::new(f);
    let _ = w.add_event_listener_with_callback("hashchange", c.as_ref().unchecked_ref());
    Listener(w.clone(), c)
}
