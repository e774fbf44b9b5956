use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::examples::{CtxContent, CtxFile};
use crate::i18n::{use_lang, Lang};
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
    let l = use_lang();
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
                <button type="button" class="act" aria-label={{ let p = &f.path; trf!(l, "Remove {p}", "Удалить {p}", "删除 {p}") }}
                    onclick={Callback::from(move |_: MouseEvent| cb.emit(Action::RemoveContextFile(path.clone())))}>{ tr!(l, "Remove", "Удалить", "删除") }</button>
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
            <summary>{ { let n = props.files.len(); match l {
                Lang::En => format!("Build context · {}", crate::state::plural(n, "file")),
                Lang::Ru => format!("Контекст сборки · {n} {}", Lang::ru_plural(n, "файл", "файла", "файлов")),
                Lang::Zh => format!("构建上下文 · {n} 个文件"),
            } } }</summary>
            if props.files.is_empty() {
                <p class="empty">{ tr!(l, "No context: COPY sources are unknown files. Add files below.",
                    "Контекста нет: источники COPY — неизвестные файлы. Добавьте файлы ниже.",
                    "没有上下文：COPY 的源文件未知。请在下方添加文件。") }</p>
            }
            <div class="ctx-tabs" role="tablist">{ for tabs }</div>
            <textarea class="ctx-text" data-testid="ctx-text" aria-label={current}
                spellcheck="false" value={text.clone().unwrap_or_default()} {oninput}
                placeholder={trf!(l, "{current} (absent: type to add it)", "{current} (нет: начните печатать, чтобы добавить)", "{current}（不存在：输入内容即可添加）")} />
            if text.is_some() {
                <button type="button" class="act" onclick={remove_current}>{ trf!(l, "Remove {current}", "Удалить {current}", "删除 {current}") }</button>
            }
            <h3>{ tr!(l, "Other files", "Другие файлы", "其他文件") }</h3>
            <ul class="ctx-files">{ for others }</ul>
            <form class="ctx-add" onsubmit={on_add}>
                <input ref={new_name} type="text" placeholder={tr!(l, "path, e.g. src/main.py", "путь, например src/main.py", "路径，例如 src/main.py")} aria-label={tr!(l, "New file path", "Путь нового файла", "新文件路径")} />
                <input ref={new_size} type="number" min="0" placeholder={tr!(l, "bytes", "байт", "字节")} aria-label={tr!(l, "New file size in bytes", "Размер нового файла в байтах", "新文件大小（字节）")} />
                <button type="submit" class="act">{ tr!(l, "Add", "Добавить", "添加") }</button>
            </form>
        </details>
    }
}
