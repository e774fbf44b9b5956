use yew::prelude::*;

use crate::examples::{CtxFile, EXAMPLES};
use crate::exercises::EXERCISES;
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
    let l = use_lang();
    let open = use_state(|| false);
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
        html! {
            <li>
                <button type="button" class="example" data-example={e.id} {onclick}>
                    <span class="example-title">{ e.title }</span>
                    <span class="example-teaches">{ e.teaches }</span>
                </button>
            </li>
        }
    });
    // Exercises: a seed with goals; the goals panel shows the task and the checklist.
    let exercises = EXERCISES.iter().map(|e| {
        let on_load = props.on_load.clone();
        let open = open.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            on_load.emit((e.dockerfile.to_string(), e.context_files()));
            open.set(false);
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
        <div class="gallery">
            <button type="button" class="tool" data-testid="examples" aria-expanded={open.to_string()} onclick={toggle}>
                { "Examples ▾" }
            </button>
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
