use yew::prelude::*;

use crate::examples::{CtxFile, EXAMPLES};
use crate::exercises::EXERCISES;
use crate::i18n::use_lang;

#[derive(Properties, PartialEq)]
pub struct ExamplesProps {
    /// Called with an example's Dockerfile and build context.
    pub on_load: Callback<(String, Vec<CtxFile>)>,
    /// Compare the current Dockerfile with another: `None` a copy of itself,
    /// `Some(i)` the example `EXAMPLES[i]`.
    #[prop_or_default]
    pub on_compare: Option<Callback<Option<usize>>>,
}

/// The examples gallery: each with a line on what it teaches; choosing one
/// replaces the text and the build context (undo brings the text back).
#[function_component]
pub fn Examples(props: &ExamplesProps) -> Html {
    let l = use_lang();
    let open = use_state(|| false);
    // The "Examples" button: the focus goes back to it when the list closes
    // from inside (a choice, Escape), so keyboard users keep their place.
    let button = use_node_ref();
    let close_to_button = {
        let (open, button) = (open.clone(), button.clone());
        move || {
            open.set(false);
            if let Some(b) = button.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        }
    };
    let on_keydown = {
        let (open, close) = (open.clone(), close_to_button.clone());
        Callback::from(move |e: KeyboardEvent| {
            if *open && e.key() == "Escape" {
                e.prevent_default();
                close();
            }
        })
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let items = EXAMPLES.iter().enumerate().map(|(i, e)| {
        let on_load = props.on_load.clone();
        let close = open.clone();
        let done = close_to_button.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            on_load.emit((e.dockerfile.to_string(), e.context_files()));
            done();
        });
        let (title, teaches) = crate::examples_i18n::localized(e, l);
        let compare = props.on_compare.clone().map(|c| {
            let open = close.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                c.emit(Some(i));
                open.set(false);
            });
            html! {
                <button type="button" class="act compare-with" data-compare-example={e.id} {onclick}>
                    { tr!(l, "Compare with mine", "Сравнить с моим", "与我的对比") }
                </button>
            }
        });
        html! {
            <li class="example-row">
                <button type="button" class="example" data-example={e.id} {onclick}>
                    <span class="example-title">{ title }</span>
                    <span class="example-teaches">{ teaches }</span>
                </button>
                { for compare }
            </li>
        }
    });
    // Exercises: a seed with goals; the goals panel shows the task and the checklist.
    let exercises = EXERCISES.iter().map(|e| {
        let on_load = props.on_load.clone();
        let done = close_to_button.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            on_load.emit((e.dockerfile.to_string(), e.context_files()));
            done();
        });
        html! {
            <li>
                <button type="button" class="example exercise" data-exercise={e.id} {onclick}>
                    <span class="example-title">{ e.title(l) }</span>
                    <span class="example-teaches">{ e.task(l) }</span>
                </button>
            </li>
        }
    });
    html! {
        <div class="gallery" onkeydown={on_keydown}>
            <button type="button" class="tool" data-testid="examples" aria-expanded={open.to_string()} onclick={toggle}
                ref={button}>
                { tr!(l, "Examples ▾", "Примеры ▾", "示例 ▾") }
            </button>
            if let Some(c) = props.on_compare.clone() {
                <button type="button" class="tool compare-open" data-testid="compare"
                        title={tr!(l, "Compare this Dockerfile with a second one, side by side", "Сравнить этот Dockerfile со вторым, бок о бок", "将此 Dockerfile 与另一个并排对比")}
                        onclick={c.reform(|_: MouseEvent| None)}>
                    { tr!(l, "Compare", "Сравнить", "对比") }
                </button>
            }
            if *open {
                <div class="example-groups">
                    <ul class="examples" data-testid="example-list">{ for items }</ul>
                    <h3 class="examples-group">{ tr!(l, "Exercises", "Упражнения", "练习") }</h3>
                    <ul class="examples exercises" data-testid="exercise-list">{ for exercises }</ul>
                </div>
            }
        </div>
    }
}
