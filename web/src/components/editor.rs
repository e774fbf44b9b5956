use std::cell::RefCell;
use std::rc::Rc;

use layerlab_analysis::{Finding, LayerReport, StageReport};
use layerlab_syntax::Severity;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::present::{line_count, severity_name};

/// The code editor's handle (web/editor/lazy.js: a plain textarea until
/// CodeMirror arrives, then the CodeMirror view), while it is shown.
#[derive(Clone, Default)]
pub struct EditorHandle(pub Rc<RefCell<Option<wasm_bindgen::JsValue>>>);

impl PartialEq for EditorHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct CodeEditorProps {
    pub text: Rc<str>,
    pub diagnostics: Rc<[Finding]>,
    /// Whether `diagnostics` are of `text` (false while a newer text is
    /// analysed: the editor then keeps the ones it has, moved along with
    /// the edits, instead of placing old offsets in a new text).
    #[prop_or(true)]
    pub current: bool,
    /// Changes when the text comes from outside the editor (an example, a
    /// share link): only then is it pushed into the editor.
    pub loads: u32,
    /// Called with the whole text after every change.
    pub on_edit: Callback<String>,
    /// Filled with the CodeMirror view while it is shown.
    pub handle: EditorHandle,
    /// The shown analysis' stages and layers, for the hover (base images,
    /// layer sizes); none (the compare view's right side): no hover.
    #[prop_or_default]
    pub stages: Option<Rc<Vec<StageReport>>>,
    #[prop_or_default]
    pub layers: Option<Rc<Vec<LayerReport>>>,
}

/// CodeMirror 6 (web/editor/editor.js): highlighting, line numbers, undo,
/// search, and the findings as underlines and gutter marks with quick fixes.
/// It starts as a plain textarea with the same text, font and change path;
/// CodeMirror takes its place after the first analysis is painted
/// (`bridge::load_editor`), and calls made before then are not lost.
#[function_component]
pub fn CodeEditor(props: &CodeEditorProps) -> Html {
    let host = use_node_ref();
    let lang = crate::i18n::use_lang();
    // What the hover reads, kept current by an effect below.
    let facts = use_mut_ref(crate::assist::HoverFacts::default);
    {
        use crate::bridge;
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::{JsCast, JsValue};

        {
            let host = host.clone();
            let handle = props.handle.clone();
            let on_edit = props.on_edit.clone();
            let text = props.text.clone();
            let facts = facts.clone();
            use_effect_with((), move |_| {
                let closure = Closure::<dyn Fn(String)>::new(move |t: String| on_edit.emit(t));
                // Completion and hover, asked by CodeMirror with the text and
                // a UTF-16 position; answered here (crate::assist says why).
                let complete =
                    Closure::<dyn Fn(String, u32) -> JsValue>::new(move |t: String, pos: u32| {
                        crate::assist::completions_json(&t, pos as usize)
                            .map(JsValue::from)
                            .unwrap_or(JsValue::NULL)
                    });
                let hover =
                    Closure::<dyn Fn(String, u32) -> JsValue>::new(move |t: String, pos: u32| {
                        crate::assist::hover_json(&t, pos as usize, &facts.borrow())
                            .map(JsValue::from)
                            .unwrap_or(JsValue::NULL)
                    });
                if let Some(el) = host.cast::<web_sys::Element>() {
                    let view = bridge::create_editor(&el, &text, closure.as_ref().unchecked_ref());
                    bridge::set_assist(
                        &view,
                        complete.as_ref().unchecked_ref(),
                        hover.as_ref().unchecked_ref(),
                    );
                    *handle.0.borrow_mut() = Some(view);
                }
                move || {
                    if let Some(view) = handle.0.borrow_mut().take() {
                        bridge::destroy_editor(&view);
                    }
                    drop((closure, complete, hover));
                }
            });
        }
        {
            let facts = facts.clone();
            use_effect_with(
                (props.stages.clone(), props.layers.clone(), props.current),
                move |(stages, layers, current)| {
                    *facts.borrow_mut() = match (stages, layers) {
                        (Some(s), Some(l)) => crate::assist::HoverFacts {
                            stages: s.clone(),
                            layers: l.clone(),
                            current: *current,
                        },
                        _ => crate::assist::HoverFacts::default(),
                    };
                },
            );
        }
        {
            let handle = props.handle.clone();
            use_effect_with(lang, move |l| {
                if let Some(view) = handle.0.borrow().as_ref() {
                    bridge::set_language(view, l.code());
                }
            });
        }
        {
            let handle = props.handle.clone();
            let text = props.text.clone();
            use_effect_with(props.loads, move |_| {
                if let Some(view) = handle.0.borrow().as_ref() {
                    bridge::set_text(view, &text);
                }
            });
        }
        {
            let handle = props.handle.clone();
            let text = props.text.clone();
            use_effect_with(
                (props.diagnostics.clone(), lang, props.current),
                move |(findings, lang, current)| {
                    if !*current {
                        return;
                    }
                    if let Some(view) = handle.0.borrow().as_ref() {
                        bridge::set_diagnostics_json(
                            view,
                            &crate::diagnostics::diagnostics_json(&text, findings, *lang),
                        );
                    }
                },
            );
        }
    }

    html! {
        <div class="code-editor" ref={host} data-testid="code-editor"></div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextEditorProps {
    pub text: Rc<str>,
    /// The worst severity found on each line (index 0 is line 1).
    pub marks: Vec<Option<Severity>>,
    /// Called with the whole text on every input event.
    pub on_edit: Callback<String>,
    pub textarea_ref: NodeRef,
}

/// A plain textarea with a line-number gutter (for screen readers and
/// phones). The textarea is as tall as its text, and the pane scrolls both.
#[function_component]
pub fn TextEditor(props: &TextEditorProps) -> Html {
    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let ta: HtmlTextAreaElement = e.target_unchecked_into();
            on_edit.emit(ta.value());
        })
    };
    let lines = line_count(&props.text);
    let gutter = (1..=lines).map(|n| {
        let mark = props.marks.get(n - 1).copied().flatten();
        html! {
            <div
                class={classes!("gutter-line", mark.map(severity_name))}
                data-gutter-line={n.to_string()}
            >{ n }</div>
        }
    });
    html! {
        <div class="editor">
            <div class="gutter" aria-hidden="true">{ for gutter }</div>
            <textarea
                ref={props.textarea_ref.clone()}
                class="editor-text"
                data-testid="editor"
                aria-label="Dockerfile"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                wrap="off"
                style={format!("--lines: {lines}")}
                value={AttrValue::Rc(props.text.clone())}
                {oninput}
            />
        </div>
    }
}
