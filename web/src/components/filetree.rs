use layerlab_analysis::StageReport;
use yew::prelude::*;

use crate::i18n::use_lang;
use crate::size_text::bound_text;
use crate::state::Ptr;
use crate::tree::{TreeGroup, TreeRow, TreeView};

#[derive(Properties, PartialEq)]
pub struct FileTreeProps {
    /// The chosen stage's files (computed with the analysis, see `tree.rs`).
    pub tree: Ptr<Option<TreeView>>,
    pub stages: Ptr<Vec<StageReport>>,
    /// Another stage chosen in the list.
    pub on_select: Callback<Option<usize>>,
    pub on_goto: Callback<u32>,
}

/// A stage's simulated filesystem, like dive shows a built image: what each
/// instruction added (with sizes), and for each COPY --from what it took and
/// what it left behind in the other stage.
#[function_component]
pub fn FileTree(props: &FileTreeProps) -> Html {
    let l = use_lang();
    let Some(tree) = props.tree.as_ref() else {
        return html! {};
    };
    let index = tree.stage;
    let label = |i: usize| {
        props
            .stages
            .get(i)
            .and_then(|s| s.name.clone())
            .unwrap_or_else(|| i.to_string())
    };
    let onchange = props.on_select.reform(|e: Event| {
        let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
        s.value().parse().ok()
    });
    let groups = tree
        .groups
        .iter()
        .map(|g| html! { <Group group={g.clone()} on_goto={props.on_goto.clone()} /> });
    let groups: Vec<Html> = groups.collect();
    html! {
        <section class="panel tree" aria-labelledby="tree-title">
            <h2 id="tree-title">
                { tr!(l, "Files", "Файлы", "文件") }
                <select class="stage-pick" aria-label={tr!(l, "Stage", "Стадия", "阶段")} data-testid="tree-stage" {onchange}>
                    { for props.stages.iter().map(|s| html! {
                        <option value={s.index.to_string()} selected={s.index == index}>{ { let n = label(s.index); trf!(l, "stage {n}", "стадия {n}", "阶段 {n}") } }</option>
                    }) }
                </select>
            </h2>
            if groups.is_empty() {
                <p class="empty">{ tr!(l, "This stage adds no files.", "Эта стадия не добавляет файлов.", "该阶段没有添加文件。") }</p>
            } else {
                // Keyed by stage: another stage's files replace the list whole
                // (one DOM removal instead of one per row).
                <ol key={index.to_string()} class="file-tree" data-testid="file-tree">{ for groups }</ol>
            }
            if tree.more > 0 {
                <p class="empty">{ { let n = tree.more; trf!(l, "… {n} more paths not shown.", "… ещё путей не показано: {n}.", "… 另有 {n} 个路径未显示。") } }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct GroupProps {
    group: TreeGroup,
    on_goto: Callback<u32>,
}

/// One instruction's paths: its line, what it took from another stage, the
/// rows (its own component: an unchanged group is not redrawn).
#[function_component]
fn Group(props: &GroupProps) -> Html {
    let l = use_lang();
    let g = &props.group;
    let line_no = g.line;
    let goto = props.on_goto.reform(move |_: MouseEvent| line_no);
    let line = g.line;
    html! {
        <li class="tree-group" data-line={line.to_string()}>
            <button type="button" class="link tree-head" onclick={goto}>
                <span class="lines">{ trf!(l, "line {line}", "строка {line}", "第 {line} 行") }</span>
                <span class="args">{ g.instruction.clone() }</span>
                <span class="size">{ bound_text(l, g.total, g.total_complete) }</span>
            </button>
            if !g.taken.is_empty() {
                <p class="took">
                    { tr!(l, "Took ", "Взято: ", "取自：") }
                    { for g.taken.iter().take(3).map(|(s, p)| html! { <code>{ format!("{s}:{p} ") }</code> }) }
                    if g.taken.len() > 3 {
                        { { let n = g.taken.len() - 3; trf!(l, "and {n} more ", "и ещё {n} ", "以及另外 {n} 项 ") } }
                    }
                    if let Some((n, bytes, complete)) = g.left_behind {
                        { { let b = bound_text(l, bytes, complete); trf!(l, "· left behind {n} other paths ({b}) in that stage", "· в той стадии осталось других путей: {n} ({b})", "· 在该阶段留下了另外 {n} 个路径（{b}）") } }
                    }
                </p>
            }
            <ul class="files">{ for g.rows.iter().map(|r| row(l, r)) }</ul>
        </li>
    }
}

/// One path and its size (or "deleted").
fn row(l: crate::i18n::Lang, r: &TreeRow) -> Html {
    let size = if r.deleted {
        tr!(l, "deleted", "удалён", "已删除").to_string()
    } else if r.dir && r.size == 0 && r.complete {
        String::new()
    } else {
        bound_text(l, r.size, r.complete)
    };
    html! {
        <li class={classes!(r.dir.then_some("dir"), r.deleted.then_some("deleted"), r.opaque.then_some("opaque"))}>
            <span class="path">{ r.path.as_str() }{ if r.dir { "/" } else { "" } }</span>
            <span class="size">{ size }</span>
        </li>
    }
}
