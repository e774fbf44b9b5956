use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::examples::{CtxContent, CtxFile};
use crate::state::Action;
use layerlab_analysis::sim::size::human;

#[derive(Properties, PartialEq)]
pub struct ContextPanelProps {
    pub files: Rc<[CtxFile]>,
    pub on_action: Callback<Action>,
}

const EDITABLE: [&str; 3] = ["requirements.txt", "package.json", ".dockerignore"];

/// The build context: tabs to edit requirements.txt, package.json and
/// .dockerignore, and the other files by name and size (added or removed).
#[function_component]
pub fn ContextPanel(props: &ContextPanelProps) -> Html {
    let tab = use_state(|| 0usize);
    let new_name = use_node_ref();
    let new_size = use_node_ref();
    let current = EDITABLE[*tab];
    let text = props
        .files
        .iter()
        .find(|f| f.path == current)
        .map(|f| match &f.content {
            CtxContent::Text(t) => t.clone(),
            CtxContent::Sized(_) => String::new(),
        });
    let tabs = EDITABLE.iter().enumerate().map(|(i, name)| {
        let tab2 = tab.clone();
        let present = props.files.iter().any(|f| f.path == *name);
        html! {
            <button type="button" role="tab" class={classes!("ctx-tab", (i == *tab).then_some("active"))}
                aria-selected={(i == *tab).to_string()} data-tab={*name}
                onclick={Callback::from(move |_: MouseEvent| tab2.set(i))}>
                { *name }{ if present { "" } else { " +" } }
            </button>
        }
    });
    let oninput = {
        let cb = props.on_action.clone();
        Callback::from(move |e: InputEvent| {
            let ta: HtmlTextAreaElement = e.target_unchecked_into();
            cb.emit(Action::SetContextFile(CtxFile::text(current, &ta.value())));
        })
    };
    let remove_current = {
        let cb = props.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Action::RemoveContextFile(current.to_string())))
    };
    let others = props.files.iter().filter(|f| !EDITABLE.contains(&f.path.as_str())).map(|f| {
        let cb = props.on_action.clone();
        let path = f.path.clone();
        html! {
            <li>
                <code>{ &f.path }</code>
                <span class="size">{ human(f.size()) }</span>
                <button type="button" class="act" aria-label={format!("Remove {}", f.path)}
                    onclick={Callback::from(move |_: MouseEvent| cb.emit(Action::RemoveContextFile(path.clone())))}>{ "Remove" }</button>
            </li>
        }
    });
    let on_add = {
        let cb = props.on_action.clone();
        let (new_name, new_size) = (new_name.clone(), new_size.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(n), Some(s)) = (
                new_name.cast::<HtmlInputElement>(),
                new_size.cast::<HtmlInputElement>(),
            ) else {
                return;
            };
            let name = n.value().trim().trim_start_matches("./").to_string();
            if name.is_empty() {
                return;
            }
            let size = s.value().trim().parse::<u64>().unwrap_or(0);
            cb.emit(Action::SetContextFile(CtxFile::sized(&name, size)));
            n.set_value("");
            s.set_value("");
        })
    };
    html! {
        <details class="context" data-testid="context">
            <summary>{ format!("Build context · {} files", props.files.len()) }</summary>
            if props.files.is_empty() {
                <p class="empty">{ "No context: COPY sources are unknown files. Add files below." }</p>
            }
            <div class="ctx-tabs" role="tablist">{ for tabs }</div>
            <textarea class="ctx-text" data-testid="ctx-text" aria-label={current}
                spellcheck="false" value={text.clone().unwrap_or_default()} {oninput}
                placeholder={format!("{current} (absent: type to add it)")} />
            if text.is_some() {
                <button type="button" class="act" onclick={remove_current}>{ format!("Remove {current}") }</button>
            }
            <h3>{ "Other files" }</h3>
            <ul class="ctx-files">{ for others }</ul>
            <form class="ctx-add" onsubmit={on_add}>
                <input ref={new_name} type="text" placeholder="path, e.g. src/main.py" aria-label="New file path" />
                <input ref={new_size} type="number" min="0" placeholder="bytes" aria-label="New file size in bytes" />
                <button type="submit" class="act">{ "Add" }</button>
            </form>
        </details>
    }
}
