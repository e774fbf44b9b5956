use std::rc::Rc;

use layerlab_analysis::compare::{Basis, Comparison, SizeDelta, SizeSide};
use layerlab_analysis::sim::size::human;
use layerlab_analysis::Finding;
use yew::prelude::*;

use super::CodeEditor;
use super::EditorHandle;
use crate::compare::{side_input, CompareSide};
use crate::examples::{CtxFile, EXAMPLES};
use crate::hooks::use_comparison;
use crate::i18n::{use_lang, Lang};
use crate::present::severity_name;
use crate::size_text::{bound_text, unknown};
use crate::state::{BuildOptions, Ptr};

#[derive(Properties, PartialEq)]
pub struct CompareViewProps {
    /// The left side: the person's own Dockerfile and context.
    pub text_a: Rc<str>,
    pub context_a: Rc<[CtxFile]>,
    /// The left side's build options (the page's); the right side builds with none.
    pub options_a: Rc<BuildOptions>,
    pub side: CompareSide,
    /// Typing in the right editor.
    pub on_edit_b: Callback<String>,
    /// An example (or a copy of the left) loaded into the right editor.
    pub on_load_b: Callback<(String, Vec<CtxFile>)>,
    pub on_close: Callback<()>,
    /// Go to a line of the left editor.
    pub on_goto_a: Callback<u32>,
}

/// `+1.2 MB`, `−13 B`, `0 B`.
fn signed(n: i64) -> String {
    let sign = match n.signum() {
        1 => "+",
        -1 => "\u{2212}",
        _ => "",
    };
    format!("{sign}{}", human(n.unsigned_abs()))
}

fn side_text(l: Lang, s: &Option<SizeSide>) -> String {
    match s {
        None => "\u{2014}".into(),
        Some(s) => bound_text(l, s.size_bytes, s.size_complete),
    }
}

/// Whether a delta says nothing: the unknown parts differ and either a side
/// is wholly unknown or the known parts are equal (a `0 B` that is no
/// measurement).
fn delta_unknown(d: &SizeDelta) -> bool {
    let blank = |s: &Option<SizeSide>| {
        s.as_ref()
            .is_some_and(|s| !s.size_complete && s.size_bytes == 0)
    };
    d.basis == Basis::Incomplete && (d.delta_bytes == 0 || blank(&d.a) || blank(&d.b))
}

fn delta_text(l: Lang, d: &SizeDelta) -> String {
    match d.basis {
        Basis::Missing => String::new(),
        _ if delta_unknown(d) => unknown(l).into(),
        _ => signed(d.delta_bytes),
    }
}

/// The right-hand editor and the comparison: the final sizes and their
/// delta, the stages side by side, base-image changes, and the findings only
/// on the left, only on the right and on both.
#[function_component]
pub fn CompareView(props: &CompareViewProps) -> Html {
    let l = use_lang();
    let handle_b = use_memo((), |_| EditorHandle::default());
    let handle_b = (*handle_b).clone();
    let a = side_input(&props.text_a, &props.context_a, &props.options_a);
    let b = side_input(
        &props.side.text,
        &props.side.context,
        &BuildOptions::default(),
    );
    let (compared, stopped) = use_comparison(a, b);
    let findings_b: Rc<[Finding]> = (*use_memo(compared.clone().map(Ptr), |c| {
        let f: Rc<[Finding]> = match c {
            Some(c) => c.0.findings_b.clone().into(),
            None => Rc::from(Vec::new()),
        };
        f
    }))
    .clone();
    let on_goto_b = {
        let handle = handle_b.clone();
        Callback::from(move |line: u32| {
            if let Some(view) = handle.0.borrow().as_ref() {
                crate::bridge::goto_line(view, line);
            }
        })
    };
    let on_pick = {
        let on_load = props.on_load_b.clone();
        let text_a = props.text_a.clone();
        let ctx_a = props.context_a.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let v = sel.value();
            if v == "=left" {
                on_load.emit((text_a.to_string(), ctx_a.to_vec()));
            } else if let Some(ex) = EXAMPLES.iter().find(|x| x.id == v) {
                on_load.emit((ex.dockerfile.to_string(), ex.context_files()));
            }
            sel.set_value("");
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());

    html! {
        <>
            <section class="pane editor-pane compare-b" aria-label={tr!(l, "Right Dockerfile", "Правый Dockerfile", "右侧 Dockerfile")}>
                <div class="gallery compare-bar">
                    <strong class="compare-title">{ tr!(l, "Right", "Справа", "右侧") }</strong>
                    <select class="tool" data-testid="compare-load" onchange={on_pick}
                            aria-label={tr!(l, "Load into the right editor", "Загрузить в правый редактор", "载入右侧编辑器")}>
                        <option value="" selected=true>{ tr!(l, "Load…", "Загрузить…", "载入…") }</option>
                        <option value="=left">{ tr!(l, "A copy of the left", "Копию левого", "左侧的副本") }</option>
                        { for EXAMPLES.iter().map(|e| html! { <option value={e.id}>{ crate::examples_i18n::localized(e, l).0 }</option> }) }
                    </select>
                    <span class="spacer"></span>
                    <button type="button" class="tool" data-testid="compare-close" onclick={close}>
                        { tr!(l, "Close compare", "Закрыть сравнение", "关闭对比") }
                    </button>
                </div>
                <div class="editor-host" data-testid="compare-editor-b">
                    <CodeEditor
                        text={props.side.text.clone()}
                        diagnostics={findings_b}
                        loads={props.side.loads}
                        on_edit={props.on_edit_b.clone()}
                        handle={handle_b}
                    />
                </div>
            </section>
            <section class="pane panel compare-results" data-testid="compare-view" aria-labelledby="compare-title">
                <h2 id="compare-title">{ tr!(l, "Compare", "Сравнение", "对比") }</h2>
                if let Some(x) = &compared {
                    { results(l, &x.comparison, &props.on_goto_a, &on_goto_b) }
                } else {
                    <p class="empty" data-testid="compare-waiting">{ tr!(l, "Comparing…", "Сравниваю…", "正在对比…") }</p>
                }
                if let Some(s) = stopped {
                    { super::banners::stopped_banner(l, s.why) }
                }
            </section>
        </>
    }
}

/// The comparison: the final sizes and their delta, the stages side by
/// side, base-image changes, and the findings on each side.
fn results(l: Lang, c: &Comparison, on_goto_a: &Callback<u32>, on_goto_b: &Callback<u32>) -> Html {
    let summary = image_summary(l, &c.image);

    // Stages side by side.
    let stage_rows = c.stages.iter().map(|p| {
        let how = match (p.a, p.b) {
            (Some(_), None) => tr!(l, "only on the left", "только слева", "仅左侧"),
            (None, Some(_)) => tr!(l, "only on the right", "только справа", "仅右侧"),
            _ => match p.matched_by.as_ref() {
                "name" => tr!(l, "same name", "то же имя", "同名"),
                "final" => tr!(l, "final stages", "финальные этапы", "最终阶段"),
                _ => tr!(l, "same position", "та же позиция", "相同位置"),
            },
        };
        let a_line = p.a_line;
        let b_line = p.b_line;
        let go_a = a_line.map(|n| on_goto_a.reform(move |_: MouseEvent| n));
        let go_b = b_line.map(|n| on_goto_b.reform(move |_: MouseEvent| n));
        html! {
            <tr data-testid="compare-stage" data-delta={p.size.delta_bytes.to_string()}>
                <td>
                    <strong>{ &p.label }</strong>
                    <span class="muted">{ " · " }{ how }</span>
                </td>
                <td>
                    if let Some(g) = go_a {
                        <button type="button" class="link" onclick={g}>{ side_text(l, &p.size.a) }</button>
                    } else { { "\u{2014}" } }
                </td>
                <td>
                    if let Some(g) = go_b {
                        <button type="button" class="link" onclick={g}>{ side_text(l, &p.size.b) }</button>
                    } else { { "\u{2014}" } }
                </td>
                <td class="num">{ delta_text(l, &p.size) }</td>
            </tr>
        }
    });
    let bases = c.base_changes.iter().map(|bc| {
        html! {
            <li data-testid="compare-base-change">
                <strong>{ &bc.label }</strong>{ ": " }<code>{ &bc.a }</code>{ " \u{2192} " }<code>{ &bc.b }</code>
            </li>
        }
    });

    let findings = finding_groups(l, c, on_goto_a, on_goto_b);

    html! {
        <>
                { summary }
                <table class="compare-stages">
                    <thead><tr>
                        <th>{ tr!(l, "Stage", "Этап", "阶段") }</th>
                        <th>{ tr!(l, "Left", "Слева", "左侧") }</th>
                        <th>{ tr!(l, "Right", "Справа", "右侧") }</th>
                        <th class="num">{ tr!(l, "Change", "Разница", "变化") }</th>
                    </tr></thead>
                    <tbody>{ for stage_rows }</tbody>
                </table>
                if !c.base_changes.is_empty() {
                    <h3 class="group">{ tr!(l, "Base image changes", "Смена базового образа", "基础镜像变化") }</h3>
                    <ul class="compare-bases">{ for bases }</ul>
                }
                { findings }
        </>
    }
}

/// The final images' sizes side by side, the difference and what it rests on.
fn image_summary(l: Lang, img: &SizeDelta) -> Html {
    let delta_class = match img.delta_bytes.signum() {
        -1 => "smaller",
        1 => "larger",
        _ => "same",
    };
    let basis_note = match img.basis {
        Basis::Complete => {
            if img.delta_low_bytes != img.delta_high_bytes {
                let (lo, hi) = (signed(img.delta_low_bytes), signed(img.delta_high_bytes));
                trf!(
                    l,
                    "estimate, between {lo} and {hi}",
                    "оценка: от {lo} до {hi}",
                    "估计值，介于 {lo} 与 {hi} 之间"
                )
            } else {
                String::new()
            }
        }
        Basis::SameUnknownBase => {
            let base = img.unknown_base.clone().unwrap_or_default();
            trf!(
                l,
                "Both sides leave out the size of the same unknown base image {base}: it cancels out, and the difference holds.",
                "Обе стороны не учитывают размер одного и того же неизвестного базового образа {base}: он сокращается, и разница верна.",
                "两侧都缺少同一个未知基础镜像 {base} 的大小：它相互抵消，差值依然成立。"
            )
        }
        Basis::Incomplete => tr!(
            l,
            "Part of a size is unknown, and not the same part on both sides: the difference is uncertain.",
            "Часть размера неизвестна, и на двух сторонах это разные части: разница неточна.",
            "部分大小未知，且两侧未知的部分不同：差值不确定。"
        )
        .to_string(),
        Basis::Missing => tr!(
            l,
            "One side has no stage yet: add a FROM.",
            "На одной из сторон ещё нет этапа: добавьте FROM.",
            "有一侧还没有构建阶段：请添加 FROM。"
        )
        .to_string(),
    };
    let download = if delta_unknown(img) {
        unknown(l).to_string()
    } else {
        signed(img.delta_compressed_bytes)
    };
    html! {
        <div class="compare-sizes">
            <div class="compare-side">
                <span class="compare-label">{ tr!(l, "Left", "Слева", "左侧") }</span>
                <span class="compare-figure" data-testid="compare-size-a">{ side_text(l, &img.a) }</span>
            </div>
            <div class="compare-side">
                <span class="compare-label">{ tr!(l, "Right", "Справа", "右侧") }</span>
                <span class="compare-figure" data-testid="compare-size-b">{ side_text(l, &img.b) }</span>
            </div>
            <div class={classes!("compare-delta", delta_class)} data-testid="compare-delta"
                 data-bytes={img.delta_bytes.to_string()}
                 data-basis={format!("{:?}", img.basis)}>
                if img.basis == Basis::Missing {
                    { "\u{2014}" }
                } else {
                    { delta_text(l, img) }
                }
            </div>
            <div class="sub compare-note">
                if img.basis != Basis::Missing {
                    { trf!(l, "right − left, uncompressed · download {download}", "справа − слева, без сжатия · загрузка {download}", "右侧 − 左侧，未压缩 · 下载 {download}") }
                    <br/>
                }
                { basis_note }
            </div>
        </div>
    }
}

/// The findings only on the left, only on the right, and on both sides.
fn finding_groups(
    l: Lang,
    c: &Comparison,
    on_goto_a: &Callback<u32>,
    on_goto_b: &Callback<u32>,
) -> Html {
    let item = |f: &Finding, go: Callback<MouseEvent>, pos: String| {
        html! {
            <li class={classes!("finding", severity_name(f.severity))} data-rule={f.rule.clone()} data-line={f.line.to_string()}>
                <button type="button" class="finding-main" onclick={go}>
                    <span class="severity">{ crate::i18n::severity_label(l, f.severity) }</span>
                    <span class="position">{ pos }</span>
                    <span class="message">{ &f.message }</span>
                </button>
            </li>
        }
    };
    let only_a = c.findings.only_a.iter().map(|f| {
        let n = f.line;
        item(
            f,
            on_goto_a.reform(move |_: MouseEvent| n),
            trf!(l, "L:{n}", "Л:{n}", "左:{n}"),
        )
    });
    let only_b = c.findings.only_b.iter().map(|f| {
        let n = f.line;
        item(
            f,
            on_goto_b.reform(move |_: MouseEvent| n),
            trf!(l, "R:{n}", "П:{n}", "右:{n}"),
        )
    });
    let both = c.findings.both.iter().map(|p| {
        let (na, nb) = (p.a.line, p.b.line);
        item(
            &p.b,
            on_goto_b.reform(move |_: MouseEvent| nb),
            trf!(l, "L:{na} R:{nb}", "Л:{na} П:{nb}", "左:{na} 右:{nb}"),
        )
    });
    let group = |id: &'static str, title: &'static str, n: usize, items: Html| {
        html! {
            <div class="compare-group" data-testid={id}>
                <h3 class="group">{ title }<span class="badge">{ n }</span></h3>
                if n == 0 {
                    <p class="empty">{ tr!(l, "None.", "Нет.", "无。") }</p>
                } else {
                    <ul class="findings">{ items }</ul>
                }
            </div>
        }
    };
    html! {
        <div class="compare-findings">
            { group("compare-only-a", tr!(l, "Only on the left", "Только слева", "仅左侧"), c.findings.only_a.len(), only_a.collect()) }
            { group("compare-only-b", tr!(l, "Only on the right", "Только справа", "仅右侧"), c.findings.only_b.len(), only_b.collect()) }
            { group("compare-both", tr!(l, "On both sides", "На обеих сторонах", "两侧都有"), c.findings.both.len(), both.collect()) }
        </div>
    }
}
