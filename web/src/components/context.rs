use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::examples::{CtxContent, CtxFile};
use crate::i18n::{use_lang, Lang};
use crate::state::Action;
use layerlab_analysis::sim::build_context::{reads_text, MANIFESTS};
use layerlab_analysis::sim::size::human;

/// A request to open the panel (the page's "Add requirements.txt" and "Add
/// files"): each new `seq` opens it once more, on `path`'s tab when given,
/// with the caret in its text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenContext {
    pub seq: u32,
    pub path: Option<String>,
}

#[derive(Properties, PartialEq)]
pub struct ContextPanelProps {
    pub files: Rc<[CtxFile]>,
    pub on_action: Callback<Action>,
    #[prop_or_default]
    pub open: OpenContext,
}

/// At most this many other files are listed (a folder may have thousands;
/// all of them are in the analysis).
const MAX_LISTED: usize = 300;

/// The text files with a tab: every manifest kind the analysis reads
/// (`MANIFESTS`, present or not), the context's other files whose text it
/// reads (`requirements-dev.txt`, `web/package.json`), and the one asked
/// for (`src/app.py`, …) when it is another.
pub fn tab_paths(current: &str, files: &[CtxFile]) -> Vec<String> {
    let mut out: Vec<String> = MANIFESTS.iter().map(|p| p.to_string()).collect();
    for f in files {
        let text = matches!(f.content, CtxContent::Text(_));
        if text && reads_text(&f.path) && !out.contains(&f.path) {
            out.push(f.path.clone());
        }
    }
    if !current.is_empty() && !out.iter().any(|p| p == current) {
        out.push(current.to_string());
    }
    out
}

/// The build context: tabs to edit requirements.txt, package.json and
/// .dockerignore (and a file the page asked to add), and the other files by
/// name and size (added or removed).
#[function_component]
pub fn ContextPanel(props: &ContextPanelProps) -> Html {
    let tab = use_state(|| MANIFESTS[0].to_string());
    let l = use_lang();
    let new_name = use_node_ref();
    let new_size = use_node_ref();
    let details = use_node_ref();
    let textarea = use_node_ref();
    // Open on request: the panel, the file's tab, the caret in its text.
    {
        let (tab, details, textarea) = (tab.clone(), details.clone(), textarea.clone());
        use_effect_with(props.open.clone(), move |req| {
            if req.seq > 0 {
                if let Some(p) = &req.path {
                    tab.set(p.clone());
                }
                if let Some(d) = details.cast::<web_sys::Element>() {
                    crate::bridge::set_attr(&d, "open", "");
                }
                if let Some(t) = textarea.cast::<web_sys::HtmlElement>() {
                    crate::bridge::focus(&t);
                }
            }
        });
    }
    let current: Rc<str> = Rc::from(tab.as_str());
    let text = props
        .files
        .iter()
        .find(|f| *f.path == *current)
        .map(|f| match &f.content {
            CtxContent::Text(t) => t.clone(),
            CtxContent::Sized(_) => String::new(),
        });
    let tab_names = tab_paths(&current, &props.files);
    let tabs = tab_names.iter().cloned().map(|name| {
        let tab2 = tab.clone();
        let active = *name == *current;
        let present = props.files.iter().any(|f| f.path == name);
        let label = format!("{name}{}", if present { "" } else { " +" });
        html! {
            <button type="button" role="tab" class={classes!("ctx-tab", active.then_some("active"))}
                aria-selected={active.to_string()} data-tab={name.clone()}
                onclick={Callback::from(move |_: MouseEvent| tab2.set(name.clone()))}>
                { label }
            </button>
        }
    });
    let oninput = {
        let cb = props.on_action.clone();
        let current = current.clone();
        Callback::from(move |e: InputEvent| {
            let ta: HtmlTextAreaElement = e.target_unchecked_into();
            cb.emit(Action::SetContextFile(CtxFile::text(&current, &ta.value())));
        })
    };
    let remove_current = {
        let cb = props.on_action.clone();
        let current = current.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Action::RemoveContextFile(current.to_string())))
    };
    let other_count = props
        .files
        .iter()
        .filter(|f| !tab_names.contains(&f.path))
        .count();
    let others = props.files.iter().filter(|f| !tab_names.contains(&f.path)).take(MAX_LISTED).map(|f| {
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
            let size = crate::share::parse_size(&s.value()).unwrap_or(0);
            cb.emit(Action::SetContextFile(CtxFile::sized(&name, size)));
            n.set_value("");
            s.set_value("");
        })
    };
    html! {
        <details class="context" data-testid="context" ref={details}>
            <summary>{ { let n = props.files.len(); match l {
                Lang::En => format!("Build context · {}", crate::present::plural(n, "file")),
                Lang::Ru => format!("Контекст сборки · {n} {}", Lang::ru_plural(n, "файл", "файла", "файлов")),
                Lang::Zh => format!("构建上下文 · {n} 个文件"),
            } } }</summary>
            if props.files.is_empty() {
                <p class="empty">{ tr!(l, "Not given: Layerlab assumes the files the Dockerfile names exist. Add files below to check against them.",
                    "Не задан: Layerlab исходит из того, что файлы, указанные в Dockerfile, существуют. Добавьте файлы ниже, чтобы проверить по ним.",
                    "未提供：Layerlab 假定 Dockerfile 中提到的文件都存在。在下方添加文件，即可按实际文件检查。") }</p>
            }
            <div class="ctx-tabs" role="tablist">{ for tabs }</div>
            <textarea class="ctx-text" data-testid="ctx-text" aria-label={current.to_string()} ref={textarea}
                spellcheck="false" value={text.clone().unwrap_or_default()} {oninput}
                placeholder={trf!(l, "{current} (absent: type to add it)", "{current} (нет: начните печатать, чтобы добавить)", "{current}（不存在：输入内容即可添加）")} />
            if text.is_some() {
                <button type="button" class="act" onclick={remove_current}>{ trf!(l, "Remove {current}", "Удалить {current}", "删除 {current}") }</button>
            }
            <h3>{ tr!(l, "Other files", "Другие файлы", "其他文件") }</h3>
            <ul class="ctx-files">{ for others }</ul>
            if other_count > MAX_LISTED {
                <p class="empty" data-testid="ctx-more">{ { let k = other_count - MAX_LISTED; trf!(l, "and {k} more files (counted in the analysis)", "и ещё {k} файлов (учтены в анализе)", "以及另外 {k} 个文件（已计入分析）") } }</p>
            }
            <form class="ctx-add" onsubmit={on_add}>
                <input ref={new_name} type="text" placeholder={tr!(l, "path, e.g. src/main.py", "путь, например src/main.py", "路径，例如 src/main.py")} aria-label={tr!(l, "New file path", "Путь нового файла", "新文件路径")} />
                <input ref={new_size} type="number" min="0" placeholder={tr!(l, "bytes", "байт", "字节")} aria-label={tr!(l, "New file size in bytes", "Размер нового файла в байтах", "新文件大小（字节）")} />
                <button type="submit" class="act">{ tr!(l, "Add", "Добавить", "添加") }</button>
            </form>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::tab_paths;
    use crate::examples::CtxFile;
    use layerlab_analysis::sim::build_context::MANIFESTS;

    #[test]
    fn every_manifest_kind_has_a_tab_and_so_do_the_contexts_own() {
        assert_eq!(tab_paths("requirements.txt", &[]), MANIFESTS);
        assert_eq!(tab_paths("", &[]), MANIFESTS);
        for kind in [
            "pyproject.toml",
            "go.mod",
            "Cargo.toml",
            "pnpm-lock.yaml",
            "package-lock.json",
        ] {
            assert!(MANIFESTS.contains(&kind), "{kind}");
        }
        let files = [
            CtxFile::text("requirements-dev.txt", "pytest\n"),
            CtxFile::text("web/package.json", "{}"),
            CtxFile::sized("web/yarn.lock", 10),
            CtxFile::text("src/app.py", "print()"),
        ];
        let tabs = tab_paths("src/main.py", &files);
        assert_eq!(
            &tabs[MANIFESTS.len()..],
            ["requirements-dev.txt", "web/package.json", "src/main.py"]
        );
    }
}
