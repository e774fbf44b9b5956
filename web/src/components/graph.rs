use layerlab_analysis::sim::{Edge, EdgeKind, EdgeSource};
use layerlab_analysis::StageReport;
use yew::prelude::*;

use crate::i18n::{use_lang, Lang};
use crate::present::{edge_class, external_images};
use crate::state::Ptr;

#[derive(Properties, PartialEq)]
pub struct StageGraphProps {
    pub stages: Ptr<Vec<StageReport>>,
    pub edges: Ptr<Vec<Edge>>,
    pub on_goto: Callback<u32>,
    /// Called with a stage's index when it is clicked (shows its file tree).
    pub on_select: Callback<usize>,
}

/// Stages drawn before "Show all" (the first ones and the last).
const FIRST_STAGES: usize = 30;

const W: f64 = 190.0;
const H: f64 = 34.0;
const GAP: f64 = 16.0;
const IMG_X: f64 = 8.0;
const STAGE_X: f64 = 250.0;

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let t: String = s.chars().take(n - 1).collect();
        format!("{t}…")
    }
}

/// The stages as a graph: FROM solid, COPY --from dashed, RUN --mount
/// dotted; stages the target does not need greyed; external images in their
/// own column. A list says the same for screen readers.
#[function_component]
pub fn StageGraph(props: &StageGraphProps) -> Html {
    let l = use_lang();
    let all = use_state(|| false);
    let stages = &*props.stages;
    if stages.is_empty() {
        return html! {};
    }
    // A very long file: the first stages and the last (the usual target),
    // until "Show all" (the text list below always has every edge).
    let drawn: Vec<&StageReport> = if *all || stages.len() <= FIRST_STAGES {
        stages.iter().collect()
    } else {
        stages[..FIRST_STAGES - 1]
            .iter()
            .chain(stages.last())
            .collect()
    };
    let hidden = stages.len() - drawn.len();
    let row: Vec<Option<usize>> = {
        let mut row = vec![None; stages.len()];
        for (k, s) in drawn.iter().enumerate() {
            row[s.index] = Some(k);
        }
        row
    };
    let show_all = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(true))
    };
    let y_of = |i: usize| 8.0 + row.get(i).copied().flatten().unwrap_or(0) as f64 * (H + GAP);
    let shown = |i: usize| row.get(i).is_some_and(|r| r.is_some());
    let all_edges = &*props.edges;
    let edges: Vec<&Edge> = all_edges
        .iter()
        .filter(|e| shown(e.to) && !matches!(e.from, EdgeSource::Stage { index } if !shown(index)))
        .collect();
    let images: Vec<String> = external_images(all_edges)
        .into_iter()
        .filter(|r| {
            edges
                .iter()
                .any(|e| matches!(&e.from, EdgeSource::Image { reference } if reference == r))
        })
        .collect();
    let mut img_y: Vec<f64> = Vec::new();
    for r in &images {
        let first = edges
            .iter()
            .find(|e| matches!(&e.from, EdgeSource::Image { reference } if reference == r))
            .map(|e| y_of(e.to))
            .unwrap_or(8.0);
        let y = img_y.last().map_or(first, |p| first.max(p + H + GAP / 2.0));
        img_y.push(y);
    }
    let height = drawn
        .len()
        .checked_sub(1)
        .map_or(0.0, |k| 8.0 + k as f64 * (H + GAP))
        .max(img_y.last().copied().unwrap_or(0.0))
        + H
        + 10.0;
    let label = |i: usize| stage_label(stages, i);

    let edge_paths = edges.iter().map(|e| {
        let (x2, y2) = (STAGE_X, y_of(e.to) + H / 2.0);
        let d = match &e.from {
            EdgeSource::Stage { index } => {
                let (x1, y1) = (STAGE_X + W, y_of(*index) + H / 2.0);
                let bulge = 30.0 + (y2 - y1).abs() * 0.25;
                let x2 = STAGE_X + W;
                format!(
                    "M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}",
                    x1 + bulge,
                    x2 + bulge
                )
            }
            EdgeSource::Image { reference } => {
                let k = images.iter().position(|r| r == reference).unwrap_or(0);
                let (x1, y1) = (IMG_X + W, img_y.get(k).copied().unwrap_or(8.0) + H / 2.0);
                let mid = (x1 + x2) / 2.0;
                format!("M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}")
            }
        };
        html! {
            <path class={classes!("edge", edge_class(&e.kind))} d={d} marker-end="url(#arrow)">
                <title>{ { let n = e.line; trf!(l, "line {n}", "строка {n}", "第 {n} 行") } }</title>
            </path>
        }
    });
    let image_nodes = images.iter().zip(&img_y).map(|(r, y)| {
        html! {
            <g class="node image" transform={format!("translate({IMG_X},{y})")} data-image={r.clone()}>
                <rect width={W.to_string()} height={H.to_string()} rx="6" />
                <text x="10" y="21">{ short(r, 26) }</text>
                <title>{ r.clone() }</title>
            </g>
        }
    });
    let stage_nodes = drawn.iter().map(|s| {
        html! {
            <StageNode key={s.index} index={s.index} name={label(s.index)} line={s.line} reachable={s.reachable}
                y={y_of(s.index)} on_goto={props.on_goto.clone()} on_select={props.on_select.clone()} />
        }
    });
    html! {
        <section class="panel graph" aria-labelledby="graph-title">
            <h2 id="graph-title">{ tr!(l, "Stages", "Стадии", "构建阶段") }</h2>
            <div class="legend" aria-hidden="true">
                <span class="l-from">{ "FROM" }</span>
                <span class="l-copy">{ "COPY --from" }</span>
                <span class="l-mount">{ "RUN --mount" }</span>
                <span class="l-unneeded">{ tr!(l, "not needed by the target", "не нужна цели сборки", "目标不需要") }</span>
            </div>
            <svg class="stage-graph" data-testid="stage-graph" viewBox={format!("0 0 {} {height}", STAGE_X + W + 90.0)}
                 width="100%" role="group" aria-label={tr!(l, "Stage graph", "Граф стадий", "阶段图")}>
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
                    </marker>
                </defs>
                { for edge_paths }
                { for image_nodes }
                { for stage_nodes }
            </svg>
            if hidden > 0 {
                <button type="button" class="link more" data-testid="graph-all" onclick={show_all}>
                    { { let n = stages.len(); trf!(l, "Show all {n} stages ({hidden} more)", "Показать все стадии: {n} (ещё {hidden})", "显示全部 {n} 个阶段（另有 {hidden} 个）") } }
                </button>
            }
            { graph_text(l, stages, all_edges) }
        </section>
    }
}

/// A stage's name, else its index.
fn stage_label(stages: &[StageReport], i: usize) -> String {
    stages
        .get(i)
        .and_then(|s| s.name.clone())
        .unwrap_or_else(|| i.to_string())
}

/// The graph in words, for screen readers: every edge, and the stages the
/// target does not need.
fn graph_text(l: Lang, stages: &[StageReport], all_edges: &[Edge]) -> Html {
    let described = all_edges.iter().map(|e| {
        let from = match &e.from {
            EdgeSource::Stage { index } => { let s = stage_label(stages, *index); trf!(l, "stage {s}", "стадии {s}", "阶段 {s}") }
            EdgeSource::Image { reference } => trf!(l, "image {reference}", "образа {reference}", "镜像 {reference}"),
        };
        let how = match e.kind {
            EdgeKind::From => tr!(l, "is built FROM", "собирается FROM", "基于（FROM）"),
            EdgeKind::CopyFrom => tr!(l, "copies files (COPY --from) from", "копирует файлы (COPY --from) из", "复制文件（COPY --from）自"),
            EdgeKind::MountFrom => tr!(l, "mounts (RUN --mount from)", "монтирует (RUN --mount from)", "挂载（RUN --mount from）"),
        };
        let (to, line) = (stage_label(stages, e.to), e.line);
        html! { <li>{ trf!(l, "Stage {to} {how} {from} (line {line}).", "Стадия {to} {how} {from} (строка {line}).", "阶段 {to} {how} {from}（第 {line} 行）。") }</li> }
    });
    let unneeded: Vec<String> = stages
        .iter()
        .filter(|s| !s.reachable)
        .map(|s| stage_label(stages, s.index))
        .collect();
    html! {
        <ul class="visually-hidden" data-testid="graph-text">
            { for described }
            if !unneeded.is_empty() {
                <li>{ { let u = unneeded.join(", "); trf!(l, "Not needed by the target: {u}.", "Не нужны цели сборки: {u}.", "目标不需要：{u}。") } }</li>
            }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
struct StageNodeProps {
    index: usize,
    name: String,
    line: u32,
    reachable: bool,
    y: f64,
    on_goto: Callback<u32>,
    on_select: Callback<usize>,
}

/// One stage's box (its own component: an unchanged stage is not redrawn).
#[function_component]
fn StageNode(props: &StageNodeProps) -> Html {
    let l = use_lang();
    let (line, index, y) = (props.line, props.index, props.y);
    let go = {
        let goto = props.on_goto.clone();
        let select = props.on_select.clone();
        move || {
            goto.emit(line);
            select.emit(index);
        }
    };
    let onclick = {
        let go = go.clone();
        Callback::from(move |_: MouseEvent| go())
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            go();
        }
    });
    let name = &props.name;
    html! {
        <g class={classes!("node", "stage", (!props.reachable).then_some("unneeded"))}
           transform={format!("translate({STAGE_X},{y})")} data-stage={name.clone()}
           tabindex="0" role="button" aria-label={trf!(l, "Stage {name}, line {line}", "Стадия {name}, строка {line}", "阶段 {name}，第 {line} 行")}
           {onclick} {onkeydown}>
            <rect width={W.to_string()} height={H.to_string()} rx="6" />
            <text x="10" y="21">{ short(&trf!(l, "{name}  ·  line {line}", "{name}  ·  строка {line}", "{name}  ·  第 {line} 行"), 28) }</text>
        </g>
    }
}
