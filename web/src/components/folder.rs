//! "Open folder" and the drop zone: a project's Dockerfile and its build
//! context read from the user's disk, in the browser (`bridge::files`,
//! planned by `project.rs`). Several Dockerfiles: a choice. The page's
//! session keeps the text it replaces (`Session::open_project`).

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::bridge;
use crate::i18n::{use_lang, Lang};
use crate::page::OpenedProject;
use crate::project::Project;

#[derive(Properties, PartialEq)]
pub struct OpenFolderProps {
    /// The element files and folders may be dropped on (the editor pane).
    pub drop_target: NodeRef,
    /// The editor's text: a folder without a Dockerfile can still be its
    /// build context.
    pub text: Rc<str>,
    pub on_open: Callback<OpenedProject>,
}

/// Where reading a folder is.
#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Reading,
    /// Opened this Dockerfile of the project.
    Opened(Rc<Project>, String),
    /// Several Dockerfiles: which one?
    Choose(Rc<Project>),
    /// No Dockerfile: offer the files as the current text's context.
    NoDockerfile(Rc<Project>),
    /// Opened as the current text's context.
    ContextOnly(Rc<Project>),
}

/// The "Open folder" button (a directory input), the drop overlay, the
/// note that nothing leaves the browser, and what was read.
#[function_component]
pub fn OpenFolder(props: &OpenFolderProps) -> Html {
    let l = use_lang();
    let input = use_node_ref();
    let status = use_state(|| Status::Idle);
    let dragging = use_state(|| false);
    let opened = {
        let (status, on_open) = (status.clone(), props.on_open.clone());
        Callback::from(move |p: Project| {
            let p = Rc::new(p);
            match p.dockerfiles.len() {
                0 => status.set(Status::NoDockerfile(p)),
                1 => {
                    let (path, t) = p.dockerfiles[0].clone();
                    on_open.emit(opened_of(&p, t));
                    status.set(Status::Opened(p, path));
                }
                _ => status.set(Status::Choose(p)),
            }
        })
    };
    {
        let (target, status, dragging, opened) = (
            props.drop_target.clone(),
            status.clone(),
            dragging.clone(),
            opened.clone(),
        );
        use_effect_with((), move |_| {
            let listeners = target.cast::<web_sys::Element>().map(|el| {
                let d = dragging.clone();
                bridge::files::listen_drops(
                    &el,
                    move |on| {
                        if *d != on {
                            d.set(on)
                        }
                    },
                    move |dropped| {
                        status.set(Status::Reading);
                        let opened = opened.clone();
                        bridge::files::open_drop(dropped, move |p| opened.emit(p));
                    },
                )
            });
            move || drop(listeners)
        });
    }
    let on_pick = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = input.cast::<web_sys::HtmlElement>() {
                bridge::click(&i);
            }
        })
    };
    let on_change = {
        let (status, opened) = (status.clone(), opened.clone());
        Callback::from(move |e: Event| {
            let i: HtmlInputElement = e.target_unchecked_into();
            status.set(Status::Reading);
            let opened = opened.clone();
            let again = i.clone();
            bridge::files::open_input(&i, move |p| {
                // The same folder chosen again must fire `change` again.
                again.set_value("");
                opened.emit(p)
            });
        })
    };
    let choose = |p: &Rc<Project>| {
        let buttons = p.dockerfiles.iter().map(|(path, text)| {
            let (on_open, status, p2, path2, text) = (
                props.on_open.clone(),
                status.clone(),
                p.clone(),
                path.clone(),
                text.clone(),
            );
            let onclick = Callback::from(move |_: MouseEvent| {
                on_open.emit(opened_of(&p2, text.clone()));
                status.set(Status::Opened(p2.clone(), path2.clone()));
            });
            html! { <li><button type="button" class="act" data-dockerfile={path.clone()} {onclick}><code>{ path }</code></button></li> }
        });
        let n = p.dockerfiles.len();
        html! {
            <fieldset class="folder-choice" data-testid="dockerfile-choice">
                <legend>{ trf!(l, "This folder has {n} Dockerfiles. Open which one? (The folder is its build context.)",
                    "В этой папке {n} Dockerfile. Какой открыть? (Папка будет контекстом сборки.)",
                    "此文件夹有 {n} 个 Dockerfile。打开哪一个？（文件夹即其构建上下文。）") }</legend>
                <ul>{ for buttons }</ul>
            </fieldset>
        }
    };
    let use_as_context = |p: &Rc<Project>| {
        let (on_open, status, p2, text) = (
            props.on_open.clone(),
            status.clone(),
            p.clone(),
            props.text.to_string(),
        );
        let onclick = Callback::from(move |_: MouseEvent| {
            on_open.emit(opened_of(&p2, text.clone()));
            status.set(Status::ContextOnly(p2.clone()));
        });
        html! { <>
            <p>{ tr!(l, "No Dockerfile in this folder (Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*).",
                "В этой папке нет Dockerfile (Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*).",
                "此文件夹中没有 Dockerfile（Dockerfile、Containerfile、*.Dockerfile、Dockerfile.*）。") }</p>
            <button type="button" class="act" data-testid="use-as-context" {onclick}>
                { tr!(l, "Use its files as the build context of this Dockerfile", "Сделать её файлы контекстом сборки этого Dockerfile", "将其文件用作此 Dockerfile 的构建上下文") }
            </button>
        </> }
    };
    let body = match &*status {
        Status::Idle => html! {},
        Status::Reading => {
            html! { <p>{ tr!(l, "Reading the files…", "Чтение файлов…", "正在读取文件…") }</p> }
        }
        Status::Opened(p, path) => summary(l, p, Some(path)),
        Status::ContextOnly(p) => summary(l, p, None),
        Status::Choose(p) => html! { <>{ summary(l, p, None) }{ choose(p) }</> },
        Status::NoDockerfile(p) => html! { <>{ summary(l, p, None) }{ use_as_context(p) }</> },
    };
    html! {
        <div class="folder" data-testid="folder">
            <button type="button" class="tool" data-testid="open-folder" onclick={on_pick}
                title={tr!(l, "Open a project folder: its Dockerfile and build context", "Открыть папку проекта: её Dockerfile и контекст сборки", "打开项目文件夹：其 Dockerfile 与构建上下文")}>
                { tr!(l, "Open folder…", "Открыть папку…", "打开文件夹…") }
            </button>
            <input ref={input} type="file" webkitdirectory=true multiple=true hidden=true tabindex="-1"
                data-testid="folder-input" onchange={on_change}
                aria-label={tr!(l, "Project folder", "Папка проекта", "项目文件夹")} />
            <span class="folder-local" data-testid="folder-local">
                { tr!(l, "or drop a folder or files here · read in your browser, nothing is uploaded",
                    "или перетащите сюда папку или файлы · читаются в браузере, ничего не отправляется",
                    "或将文件夹或文件拖到此处 · 在浏览器中读取，不会上传任何内容") }
            </span>
            <div class="folder-status" role="status" aria-live="polite" data-testid="folder-status">{ body }</div>
            if *dragging {
                <div class="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
                    <p>{ tr!(l, "Drop a folder or files to open them", "Отпустите папку или файлы, чтобы открыть их", "松开以打开文件夹或文件") }</p>
                    <p class="small">{ tr!(l, "They are read here, in your browser: nothing leaves it.", "Они читаются здесь, в браузере: ничего никуда не уходит.", "文件在您的浏览器中读取：不会离开浏览器。") }</p>
                </div>
            }
        </div>
    }
}

/// The project opened with this Dockerfile's text.
fn opened_of(p: &Project, text: String) -> OpenedProject {
    OpenedProject {
        text,
        context: p.context.clone(),
        whole: p.whole,
    }
}

/// What was read: the folder, the Dockerfile, the context's files, what
/// `.dockerignore` left out, and what the walk skipped.
fn summary(l: Lang, p: &Project, dockerfile: Option<&str>) -> Html {
    let name = if p.name.is_empty() {
        tr!(l, "the dropped files", "перетащенные файлы", "拖入的文件").to_string()
    } else {
        p.name.clone()
    };
    let n = p.context.len();
    let files = match l {
        Lang::En => crate::present::plural(n, "file"),
        Lang::Ru => format!("{n} {}", Lang::ru_plural(n, "файл", "файла", "файлов")),
        Lang::Zh => format!("{n} 个文件"),
    };
    let mut notes: Vec<String> = Vec::new();
    let ignored = p.plan.ignored;
    if ignored > 0 || p.skipped.ignored_dirs > 0 {
        let dirs = p.skipped.ignored_dirs;
        notes.push(if dirs > 0 {
            trf!(
                l,
                "{ignored} files and {dirs} folders left out by .dockerignore",
                "{ignored} файлов и {dirs} папок исключены .dockerignore",
                "{ignored} 个文件和 {dirs} 个文件夹被 .dockerignore 排除"
            )
        } else {
            trf!(
                l,
                "{ignored} files left out by .dockerignore",
                "{ignored} файлов исключены .dockerignore",
                "{ignored} 个文件被 .dockerignore 排除"
            )
        });
    }
    if p.plan.too_large > 0 {
        let k = p.plan.too_large;
        notes.push(trf!(
            l,
            "{k} manifests over 1 MiB counted by size only",
            "{k} манифестов больше 1 МиБ учтены только по размеру",
            "{k} 个超过 1 MiB 的清单文件只计大小"
        ));
    }
    if p.skipped.stopped_at_limit {
        let max = crate::project::MAX_FILES;
        notes.push(trf!(l, "stopped after {max} files: the rest was not read, so the context is treated as partial",
            "остановлено после {max} файлов: остальное не прочитано, контекст считается неполным",
            "读取 {max} 个文件后停止：其余未读取，上下文视为不完整"));
    }
    if p.skipped.too_deep > 0 {
        let k = p.skipped.too_deep;
        notes.push(trf!(
            l,
            "{k} folders nested too deep were not read (the context is treated as partial)",
            "{k} слишком глубоко вложенных папок не прочитаны (контекст считается неполным)",
            "{k} 个嵌套过深的文件夹未读取（上下文视为不完整）"
        ));
    }
    if p.skipped.unreadable > 0 {
        let k = p.skipped.unreadable;
        notes.push(trf!(
            l,
            "{k} files or folders could not be read",
            "{k} файлов или папок не удалось прочитать",
            "{k} 个文件或文件夹无法读取"
        ));
    }
    if !p.whole && p.name.is_empty() {
        notes.push(
            tr!(
                l,
                "loose files are a part of a context: other files may exist",
                "отдельные файлы — часть контекста: могут быть и другие файлы",
                "零散文件只是上下文的一部分：可能还有其他文件"
            )
            .to_string(),
        );
    }
    let head = match dockerfile {
        Some(d) => trf!(
            l,
            "Opened {d} (folder {name}); build context: {files}.",
            "Открыт {d} (папка {name}); контекст сборки: {files}.",
            "已打开 {d}（文件夹 {name}）；构建上下文：{files}。"
        ),
        None => trf!(
            l,
            "Read {name}: {files} in the build context.",
            "Прочитано {name}: в контексте сборки {files}.",
            "已读取 {name}：构建上下文含 {files}。"
        ),
    };
    html! {
        <p data-testid="folder-summary" data-whole={p.whole.to_string()}>
            { head }
            if !notes.is_empty() { { " " }{ notes.join("; ") }{ "." } }
        </p>
    }
}
