use std::rc::Rc;

use layerlab_syntax::Severity;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::state::{line_count, severity_name};

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: Rc<str>,
    /// The worst severity found on each line (index 0 is line 1).
    pub marks: Vec<Option<Severity>>,
    /// Called with the whole text on every input event.
    pub on_edit: Callback<String>,
    pub textarea_ref: NodeRef,
}

/// A plain textarea with a line-number gutter. The textarea is as tall as its
/// text, and the pane around it scrolls both together.
#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
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
