use layerlab_analysis::sim::size::human;
use layerlab_analysis::{ImageReport, LayerReport, StageReport};
use yew::prelude::*;

use crate::i18n::{use_lang, Lang};
use crate::size_text::{bound_text, size_text};
use crate::state::Ptr;

#[derive(Properties, PartialEq)]
pub struct SizesProps {
    pub image: Ptr<Option<ImageReport>>,
    pub stages: Ptr<Vec<StageReport>>,
    pub layers: Ptr<Vec<LayerReport>>,
    pub on_goto: Callback<u32>,
}

/// The final image's size, large, with its download size; then a stacked
/// bar per stage (base, then each instruction) and a badge with what the
/// catalogue knows of each FROM.
#[function_component]
pub fn Sizes(props: &SizesProps) -> Html {
    let l = use_lang();
    let stages = &*props.stages;
    let layers = &*props.layers;
    let max = stages
        .iter()
        .map(|s| s.size_high_bytes.max(s.size_bytes))
        .max()
        .unwrap_or(0)
        .max(1);
    let image = (*props.image).as_ref().map(|img| {
        let lang = l;
        html! {
            <div class="image-size">
                <div class="big" data-testid="image-size" data-bytes={img.size_bytes.to_string()}
                     data-complete={img.size_complete.to_string()}>
                    { bound_text(l, img.size_bytes, img.size_complete) }
                    if img.size_complete && img.size_low_bytes != img.size_high_bytes {
                        <span class="range">{ format!("{}–{}", human(img.size_low_bytes), human(img.size_high_bytes)) }</span>
                    }
                </div>
                <div class="sub">
                    { tr!(l, "final image, uncompressed · ", "итоговый образ, без сжатия · ", "最终镜像，未压缩 · ") }
                    <strong>{ download_text(l, img.compressed_size_bytes, img.size_complete) }</strong>
                    if img.size_complete || img.compressed_size_bytes > 0 {
                        { tr!(l, " (compressed, estimate)", " (сжатый, оценка)", "（压缩后，估算）") }
                    }
                </div>
                if !img.leftovers.is_empty() {
                    <ul class="leftovers">
                        { for img.leftovers.iter().map(|l| html! {
                            <li title={l.note.clone()}>
                                <code>{ &l.path }</code>{ " " }
                                { size_text(lang, l.size_bytes, l.size_low_bytes, l.size_high_bytes, l.size_complete) }
                                { { let n = l.line; trf!(lang, " left behind (line {n})", " остаётся в образе (строка {n})", " 遗留在镜像中（第 {n} 行）") } }
                            </li>
                        }) }
                    </ul>
                }
            </div>
        }
    });
    let all = use_state(|| false);
    let target = (*props.image).as_ref().map(|i| i.stage);
    let hidden = if *all {
        0
    } else {
        stages.len().saturating_sub(FIRST_STAGES)
    };
    let show_all = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(true))
    };
    // The first stages, and the target's bar even when it comes later.
    let listed = stages
        .iter()
        .filter(|s| *all || s.index + 1 < FIRST_STAGES || Some(s.index) == target);
    let bars = listed.map(|s| {
        let own: Vec<LayerReport> = layers.iter().filter(|x| x.stage == s.index).cloned().collect();
        html! { <StageBar key={s.index} stage={s.clone()} layers={own} max={max} on_goto={props.on_goto.clone()} /> }
    });
    html! {
        <section class="panel sizes" aria-labelledby="sizes-title">
            <h2 id="sizes-title">{ tr!(l, "Size", "Размер", "大小") }</h2>
            if let Some(img) = image {
                { img }
            } else {
                <p class="empty">{ tr!(l, "No stage yet: add a FROM.", "Стадий пока нет: добавьте FROM.", "还没有构建阶段：请添加 FROM。") }</p>
            }
            { for bars }
            if hidden > 0 {
                <button type="button" class="link more" data-testid="sizes-all" onclick={show_all}>
                    { { let n = stages.len(); trf!(l, "Show all {n} stages", "Показать все стадии: {n}", "显示全部 {n} 个阶段") } }
                </button>
            }
        </section>
    }
}

/// Stage bars drawn before "Show all" (the target's is always drawn).
const FIRST_STAGES: usize = 12;

/// A stage draws at most this many layers one by one; the smaller ones
/// beyond are one segment (a file with thousands of instructions stays
/// quick to redraw, and slivers narrower than a pixel say nothing).
const DRAWN_LAYERS: usize = 30;

/// The layers not drawn one by one: how many, their bytes, whether every
/// size is known.
struct Rest {
    count: usize,
    bytes: u64,
    complete: bool,
}

/// A stage's layers to draw (the largest [`DRAWN_LAYERS`], in order), and
/// the rest.
fn drawn_layers<'a>(own: &[&'a LayerReport]) -> (Vec<&'a LayerReport>, Option<Rest>) {
    if own.len() <= DRAWN_LAYERS {
        return (own.to_vec(), None);
    }
    let mut by_size: Vec<usize> = (0..own.len()).collect();
    layerlab_sort::sort_by_key(&mut by_size, |&i| {
        std::cmp::Reverse(own[i].size_high_bytes.max(own[i].size_bytes))
    });
    let mut keep = vec![false; own.len()];
    for &i in &by_size[..DRAWN_LAYERS] {
        keep[i] = true;
    }
    let mut rest = Rest {
        count: 0,
        bytes: 0,
        complete: true,
    };
    let mut drawn = Vec::with_capacity(DRAWN_LAYERS);
    for (i, layer) in own.iter().enumerate() {
        if keep[i] {
            drawn.push(*layer);
        } else {
            rest.count += 1;
            rest.bytes = rest.bytes.saturating_add(layer.size_bytes);
            rest.complete &= layer.size_complete;
        }
    }
    (drawn, Some(rest))
}

/// `12 MB download`; a lower bound or unknown when the image's size is.
fn download_text(l: Lang, bytes: u64, complete: bool) -> String {
    if !complete && bytes == 0 {
        return tr!(
            l,
            "download size unknown",
            "объём загрузки неизвестен",
            "下载大小未知"
        )
        .into();
    }
    let d = bound_text(l, bytes, complete);
    trf!(l, "{d} download", "скачивать {d}", "下载 {d}")
}

/// A base tag's catalogue status (the report's id: `published`, `never_published`, …).
fn status_label(l: Lang, status: &str) -> String {
    match status {
        "published" => tr!(l, "published", "опубликован", "已发布").into(),
        "no_longer_published" => tr!(
            l,
            "no longer published",
            "больше не публикуется",
            "已停止发布"
        )
        .into(),
        "never_published" => {
            tr!(l, "never published", "никогда не публиковался", "从未发布").into()
        }
        "not_listed" => tr!(l, "not listed", "нет в списке", "未列出").into(),
        "unknown" => tr!(l, "unknown", "неизвестно", "未知").into(),
        other => other.replace('_', " "),
    }
}

#[derive(Properties, PartialEq)]
struct StageBarProps {
    stage: StageReport,
    /// The stage's layers.
    layers: Vec<LayerReport>,
    /// The largest stage's size (the full width).
    max: u64,
    on_goto: Callback<u32>,
}

/// One stage's bar: its base, then each instruction (its own component: an
/// unchanged stage is not redrawn).
#[function_component]
fn StageBar(props: &StageBarProps) -> Html {
    let l = use_lang();
    let s = &props.stage;
    let max = props.max;
    let label = s.name.clone().unwrap_or_else(|| s.index.to_string());
    let mut segs = Vec::new();
    let pct = |b: u64| (b as f64 / max as f64 * 100.0).max(0.0);
    if s.base_size_bytes > 0 || !s.base_size_known {
        let w = pct(s.base_size_bytes);
        let base = &s.base;
        let title = if s.base_size_known {
            let size = human(s.base_size_bytes);
            trf!(
                l,
                "{base} (base image): {size}",
                "{base} (базовый образ): {size}",
                "{base}（基础镜像）：{size}"
            )
        } else {
            trf!(
                l,
                "{base} (base image): size unknown",
                "{base} (базовый образ): размер неизвестен",
                "{base}（基础镜像）：大小未知"
            )
        };
        segs.push(html! {
                <span class={classes!("seg", "base", (!s.base_size_known).then_some("unknown"))}
                      style={format!("width: {w:.2}%")} title={title} data-line={s.line.to_string()}></span>
            });
    }
    let own: Vec<&LayerReport> = props.layers.iter().collect();
    let (drawn, rest) = drawn_layers(&own);
    for (k, layer) in drawn.into_iter().enumerate() {
        let lang = l;
        let l = layer;
        let w = pct(l.size_bytes);
        let range = if l.size_high_bytes > l.size_bytes {
            pct(l.size_high_bytes - l.size_bytes)
        } else {
            0.0
        };
        let (n, ins) = (l.line, &l.instruction);
        let mut title = trf!(
            lang,
            "line {n}: {ins}",
            "строка {n}: {ins}",
            "第 {n} 行：{ins}"
        );
        title.push('\n');
        title.push_str(&size_text(
            lang,
            l.size_bytes,
            l.size_low_bytes,
            l.size_high_bytes,
            l.size_complete,
        ));
        for n in &l.notes {
            title.push_str("\n• ");
            title.push_str(n);
        }
        let line = l.line;
        let onclick = props.on_goto.reform(move |_: MouseEvent| line);
        segs.push(html! {
                <span class={classes!("seg", format!("c{}", k % 6), (!l.size_complete).then_some("unknown"))}
                      style={format!("width: {w:.2}%")} title={title.clone()} {onclick}
                      data-line={l.line.to_string()} data-bytes={l.size_bytes.to_string()}></span>
            });
        if range > 0.05 {
            segs.push(html! {
                    <span class="seg range" style={format!("width: {range:.2}%")}
                          title={{ let more = human(l.size_high_bytes - l.size_bytes); trf!(lang, "line {n}: up to {more} more", "строка {n}: ещё до {more}", "第 {n} 行：最多再多 {more}") }}></span>
                });
        }
    }
    if let Some(r) = rest {
        let w = pct(r.bytes);
        let (n, size) = (r.count, bound_text(l, r.bytes, r.complete));
        segs.push(html! {
                <span class={classes!("seg", "rest", (!r.complete).then_some("unknown"))}
                      style={format!("width: {w:.2}%")} data-testid="smaller-layers"
                      title={trf!(l, "{n} smaller layers: {size}", "ещё слоёв поменьше: {n}, {size}", "另外 {n} 个较小的层：{size}")}></span>
            });
    }
    let badge = s.image.as_ref().map(|f| {
            let mut bits: Vec<String> = Vec::new();
            if let Some(d) = &f.distro {
                bits.push(format!("{d} {}", f.distro_version.clone().unwrap_or_default()).trim().to_string());
            }
            if let Some(l) = &f.libc { bits.push(l.clone()); }
            if let Some(p) = &f.package_manager { bits.push(p.clone()); }
            if let (Some(r), Some(v)) = (&f.runtime, &f.runtime_version) { bits.push(format!("{r} {v}")); }
            if let Some(sz) = &f.size {
                bits.push(if f.size_estimated { format!("≈{}", human(sz.value)) } else { human(sz.value) });
            }
            let status_class = match f.status.as_str() {
                "published" => "ok",
                "unknown" => "unknown",
                _ => "bad",
            };
            let status = status_label(l, &f.status);
            let eol_text = |what: &Option<String>, d: &String| {
                let what = what.clone().unwrap_or_default();
                trf!(l, "{what} EOL {d}", "{what}: поддержка до {d}", "{what} 停止支持 {d}")
            };
            let eol = f.runtime_eol.as_ref().map(|d| (eol_text(&f.runtime, d), f.runtime_eol_past))
                .into_iter()
                .chain(f.distro_eol.as_ref().map(|d| (eol_text(&f.distro, d), f.distro_eol_past)));
            html! {
                <div class="from-badge" data-testid="from-badge">
                    <span class={classes!("status", status_class)} title={f.status_detail.clone()}>{ status }</span>
                    { for bits.into_iter().map(|b| html! { <span class="fact">{ b }</span> }) }
                    { for eol.map(|(t, past)| html! { <span class={classes!("fact", past.then_some("past"))}>{ t }</span> }) }
                    if let Some(src) = &f.size_source {
                        <details class="source">
                            <summary>{ tr!(l, "source", "источник", "来源") }</summary>
                            <span>{ src }</span>
                        </details>
                    }
                </div>
            }
        });
    let line = s.line;
    let goto = props.on_goto.reform(move |_: MouseEvent| line);
    html! {
        <div class={classes!("stage-size", (!s.reachable).then_some("unneeded"))} data-stage={label.clone()}>
            <div class="stage-head">
                <button type="button" class="link" onclick={goto}>
                    <span class="stage-name">{ label }</span>
                    <span class="stage-base">{ format!("FROM {}", s.base) }</span>
                </button>
                <span class="stage-total">{ size_text(l, s.size_bytes, s.size_low_bytes, s.size_high_bytes, s.size_complete) }</span>
            </div>
            <div class="bar" role="img" aria-label={{ let sz = bound_text(l, s.size_bytes, s.size_complete); trf!(l, "Stage size {sz}", "Размер стадии {sz}", "阶段大小 {sz}") }}>{ for segs }</div>
            { for badge }
        </div>
    }
}
