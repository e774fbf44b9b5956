use web_sys::{FocusOptions, HtmlTextAreaElement, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use super::{Editor, Header, Instructions, Problems};
use crate::state::{utf16_line_start, Action, State};
use layerlab_syntax::Severity;

/// The whole page: header, editor, and the panels that describe the text.
#[function_component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    let textarea = use_node_ref();

    let on_edit = {
        let dispatcher = state.dispatcher();
        use_callback((), move |text: String, _| {
            dispatcher.dispatch(Action::Edit(text))
        })
    };
    // Put the caret at the start of a line and scroll it into view.
    let on_goto = use_callback(textarea.clone(), |line: u32, textarea: &NodeRef| {
        let Some(ta) = textarea.cast::<HtmlTextAreaElement>() else {
            return;
        };
        let at = utf16_line_start(&ta.value(), line);
        let options = FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = ta.focus_with_options(&options);
        let _ = ta.set_selection_range(at, at);
        let gutter_line = ta.parent_element().and_then(|p| {
            p.query_selector(&format!("[data-gutter-line=\"{line}\"]"))
                .ok()
                .flatten()
        });
        if let Some(el) = gutter_line {
            let options = ScrollIntoViewOptions::new();
            options.set_block(ScrollLogicalPosition::Center);
            el.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });

    html! {
        <>
            <Header
                errors={state.count(Severity::Error)}
                warnings={state.count(Severity::Warning)}
                infos={state.count(Severity::Info)}
            />
            <main class="workspace">
                <section class="pane editor-pane" aria-label="Dockerfile editor">
                    <Editor
                        text={state.text.clone()}
                        marks={state.line_marks()}
                        on_edit={on_edit}
                        textarea_ref={textarea}
                    />
                </section>
                <aside class="pane side-pane">
                    <Problems findings={state.findings.clone()} on_goto={on_goto.clone()} />
                    <Instructions rows={state.instructions.clone()} on_goto={on_goto} />
                </aside>
            </main>
        </>
    }
}
