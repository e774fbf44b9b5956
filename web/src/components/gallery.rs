use yew::prelude::*;

use crate::examples::{CtxFile, EXAMPLES};
use crate::i18n::use_lang;

#[derive(Properties, PartialEq)]
pub struct ExamplesProps {
    /// Called with an example's Dockerfile and build context.
    pub on_load: Callback<(String, Vec<CtxFile>)>,
}

/// The examples gallery: each with a line on what it teaches; choosing one
/// replaces the text and the build context (undo brings the text back).
#[function_component]
pub fn Examples(props: &ExamplesProps) -> Html {
    let open = use_state(|| false);
    let l = use_lang();
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let items = EXAMPLES.iter().map(|e| {
        let on_load = props.on_load.clone();
        let open = open.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            on_load.emit((e.dockerfile.to_string(), e.context_files()));
            open.set(false);
        });
        let (title, teaches) = crate::examples_i18n::localized(e, l);
        html! {
            <li>
                <button type="button" class="example" data-example={e.id} {onclick}>
                    <span class="example-title">{ title }</span>
                    <span class="example-teaches">{ teaches }</span>
                </button>
            </li>
        }
    });
    html! {
        <div class="gallery">
            <button type="button" class="tool" data-testid="examples" aria-expanded={open.to_string()} onclick={toggle}>
                { tr!(l, "Examples ▾", "Примеры ▾", "示例 ▾") }
            </button>
            if *open {
                <ul class="examples" data-testid="example-list">{ for items }</ul>
            }
        </div>
    }
}
