use std::collections::BTreeMap;

use layerlab_analysis::sim::vfs::{Kind, Origin};
use layerlab_analysis::{Simulation, StageReport};
use yew::prelude::*;

use crate::i18n::use_lang;
use crate::size_text::bound_text;
use crate::state::Ptr;

#[derive(Properties, PartialEq)]
pub struct FileTreeProps {
    pub sim: Ptr<Simulation>,
    pub stages: Ptr<Vec<StageReport>>,
    /// The stage chosen in the graph (else the target).
    pub selected: Option<usize>,
    pub on_goto: Callback<u32>,
}

const MAX_ROWS: usize = 400;

/// A stage's simulated filesystem, like dive shows a built image: what each
/// instruction added (with sizes), and for each COPY --from what it took and
/// what it left behind in the other stage.
#[function_component]
pub fn FileTree(props: &FileTreeProps) -> Html {
    let chosen = use_state(|| None::<usize>);
    let l = use_lang();
    let sim = &*props.sim;
    if sim.stages.is_empty() {
        return html! {};
    }
    let last = sim.stages.len() - 1;
    let index = (*chosen)
        .or(props.selected)
        .or(sim.target)
        .unwrap_or(last)
        .min(last);
    let stage = &sim.stages[index];
    let label = |i: usize| {
        props
            .stages
            .get(i)
            .and_then(|s| s.name.clone())
            .unwrap_or_else(|| i.to_string())
    };
    let onchange = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            chosen.set(s.value().parse().ok());
        })
    };
    // Entries added by instructions, grouped by line.
    let mut by_line: BTreeMap<u32, Vec<(&String, &layerlab_analysis::sim::vfs::Entry)>> =
        BTreeMap::new();
    for (path, e) in stage.fs.all() {
        if let Some(line) = e.line {
            by_line.entry(line).or_default().push((path, e));
        }
    }
    let mut rows = 0usize;
    let groups = by_line.iter().map(|(line, entries)| {
        let live = || entries.iter().filter(|(_, e)| !e.deleted);
        let total = live().fold(0u64, |sum, (_, e)| sum.saturating_add(e.size.value));
        let total_complete = live().all(|(_, e)| e.size.complete);
        let instr = props
            .sim
            .stages
            .get(index)
            .and_then(|s| s.layers.iter().find(|l| l.line == *line))
            .map(|l| l.instruction.clone())
            .unwrap_or_default();
        let line_no = *line;
        let goto = props.on_goto.reform(move |_: MouseEvent| line_no);
        // COPY --from: what it took, and what stayed in the other stage.
        let mut taken: Vec<(String, String)> = Vec::new();
        for (_, e) in entries {
            if let Origin::Stage { stage, path } = &e.origin {
                if !taken.iter().any(|(s, p)| s == stage && p == path) {
                    taken.push((stage.clone(), path.clone()));
                }
            }
        }
        let left_behind = left_behind(sim, &taken);
        let items: Vec<Html> = entries
            .iter()
            .filter(|_| {
                rows += 1;
                rows <= MAX_ROWS
            })
            .map(|(path, e)| {
                let dir = matches!(e.kind, Kind::Directory);
                let size = if dir && e.size.value == 0 && e.size.complete {
                    String::new()
                } else {
                    bound_text(l, e.size.value, e.size.complete)
                };
                html! {
                    <li class={classes!(dir.then_some("dir"), e.deleted.then_some("deleted"), e.opaque.then_some("opaque"))}>
                        <span class="path">{ path.as_str() }{ if dir { "/" } else { "" } }</span>
                        <span class="size">{ if e.deleted { tr!(l, "deleted", "удалён", "已删除").to_string() } else { size } }</span>
                    </li>
                }
            })
            .collect();
        html! {
            <li class="tree-group" data-line={line.to_string()}>
                <button type="button" class="link tree-head" onclick={goto}>
                    <span class="lines">{ trf!(l, "line {line}", "строка {line}", "第 {line} 行") }</span>
                    <span class="args">{ instr }</span>
                    <span class="size">{ bound_text(l, total, total_complete) }</span>
                </button>
                if !taken.is_empty() {
                    <p class="took">
                        { tr!(l, "Took ", "Взято: ", "取自：") }
                        { for taken.iter().take(3).map(|(s, p)| html! { <code>{ format!("{s}:{p} ") }</code> }) }
                        if taken.len() > 3 {
                            { { let n = taken.len() - 3; trf!(l, "and {n} more ", "и ещё {n} ", "以及另外 {n} 项 ") } }
                        }
                        if let Some((n, bytes, complete)) = left_behind {
                            { { let b = bound_text(l, bytes, complete); trf!(l, "· left behind {n} other paths ({b}) in that stage", "· в той стадии осталось других путей: {n} ({b})", "· 在该阶段留下了另外 {n} 个路径（{b}）") } }
                        }
                    </p>
                }
                <ul class="files">{ for items }</ul>
            </li>
        }
    });
    let groups: Vec<Html> = groups.collect();
    html! {
        <section class="panel tree" aria-labelledby="tree-title">
            <h2 id="tree-title">
                { tr!(l, "Files", "Файлы", "文件") }
                <select class="stage-pick" aria-label={tr!(l, "Stage", "Стадия", "阶段")} data-testid="tree-stage" {onchange}>
                    { for sim.stages.iter().map(|s| html! {
                        <option value={s.index.to_string()} selected={s.index == index}>{ { let n = label(s.index); trf!(l, "stage {n}", "стадия {n}", "阶段 {n}") } }</option>
                    }) }
                </select>
            </h2>
            if groups.is_empty() {
                <p class="empty">{ tr!(l, "This stage adds no files.", "Эта стадия не добавляет файлов.", "该阶段没有添加文件。") }</p>
            } else {
                <ol class="file-tree" data-testid="file-tree">{ for groups }</ol>
            }
            if rows > MAX_ROWS {
                <p class="empty">{ { let n = rows - MAX_ROWS; trf!(l, "… {n} more paths not shown.", "… ещё путей не показано: {n}.", "… 另有 {n} 个路径未显示。") } }</p>
            }
        </section>
    }
}

/// For COPY --from sources `(stage, path)`: how many files the source stage's
/// instructions added outside the copied paths, their bytes, and whether
/// every one of their sizes is known.
fn left_behind(sim: &Simulation, taken: &[(String, String)]) -> Option<(usize, u64, bool)> {
    let (stage_name, _) = taken.first()?;
    let src = sim.stages.iter().find(|s| {
        s.name.as_deref() == Some(stage_name.as_str()) || s.index.to_string() == *stage_name
    })?;
    let paths: Vec<&str> = taken
        .iter()
        .filter(|(s, _)| s == stage_name)
        .map(|(_, p)| p.as_str())
        .collect();
    let mut n = 0;
    let mut bytes = 0;
    let mut complete = true;
    for (path, e) in src.fs.all() {
        if e.line.is_none() || e.deleted || matches!(e.kind, Kind::Directory) {
            continue;
        }
        let inside = paths.iter().any(|p| {
            let p = p.trim_end_matches('/');
            path == p || path.starts_with(&format!("{p}/")) || p.is_empty()
        });
        if !inside {
            n += 1;
            bytes = e.size.value.saturating_add(bytes);
            complete &= e.size.complete;
        }
    }
    (n > 0).then_some((n, bytes, complete))
}
