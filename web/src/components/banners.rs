//! The page's banners: a link that did not open, an unreadable session, a
//! paused analysis, a reset, the session a link replaced, an analysis that
//! was stopped.

use yew::prelude::*;

use crate::i18n::Lang;
use crate::page::Session;
use crate::session::Notice;
use crate::share::{LinkError, Shared};
use crate::state::Stop;

/// The full page's banners, in order: a paused analysis (it follows the
/// state: a link opened meanwhile keeps it), the notices, the session a link
/// replaced, a stopped analysis of the current text.
pub fn banners(l: Lang, session: &Session) -> Html {
    let state = &session.state;
    let notices = session.notices.iter().filter(|n| **n != Notice::Paused);
    html! { <>
        if state.paused {
            { paused_banner(l, &session.on_resume) }
        }
        { for notices.map(|n| notice_banner(l, n, &session.dismiss)) }
        if let Some(p) = (*session.previous).clone() {
            { previous_banner(l, &p, session.on_restore.clone(), session.dismiss_previous.clone()) }
        }
        if let Some(s) = state.stopped.filter(|s| s.seq == state.seq) {
            { stopped_banner(l, s.why) }
        }
    </> }
}

/// Why the analysis of the current text stopped, and that the text is safe.
pub fn stopped_text(l: Lang, why: Stop) -> String {
    match why {
        Stop::Timeout(ms) => {
            let s = limit_text(l, ms);
            trf!(
                l,
                "The analysis of this text ran longer than {s} and was stopped. The panels show the last analysis that finished; your text is kept. Edit it to try again.",
                "Анализ этого текста шёл дольше {s} и был остановлен. Панели показывают последний завершённый анализ; ваш текст на месте. Измените его, чтобы попробовать снова.",
                "此文本的分析超过 {s}，已被停止。面板显示的是上一次完成的分析；您的文本仍在。修改文本即可重试。"
            )
        }
        Stop::Crashed => tr!(
            l,
            "The analysis of this text crashed and was restarted. The panels show the last analysis that finished; your text is kept. Edit it to try again.",
            "Анализ этого текста завершился сбоем и был перезапущен. Панели показывают последний завершённый анализ; ваш текст на месте. Измените его, чтобы попробовать снова.",
            "此文本的分析崩溃，已重新启动。面板显示的是上一次完成的分析；您的文本仍在。修改文本即可重试。"
        )
        .to_string(),
    }
}

/// `2 s`, `150 ms` (the watchdog's limit).
fn limit_text(l: Lang, ms: u32) -> String {
    if ms % 1000 == 0 {
        let n = ms / 1000;
        trf!(l, "{n} s", "{n} с", "{n} 秒")
    } else {
        trf!(l, "{ms} ms", "{ms} мс", "{ms} 毫秒")
    }
}

/// The banner of a stopped analysis.
pub fn stopped_banner(l: Lang, why: Stop) -> Html {
    html! {
        <div class="banner" role="alert" data-testid="analysis-stopped">
            <span>{ stopped_text(l, why) }</span>
        </div>
    }
}

/// "The link replaced your previous text", with Restore and Dismiss.
pub fn previous_banner(
    l: Lang,
    p: &Shared,
    restore: Callback<MouseEvent>,
    dismiss: Callback<MouseEvent>,
) -> Html {
    html! {
        <div class="banner info" role="status" data-testid="previous-kept">
            <span>{ previous_text(l, p) }</span>
            <button type="button" data-testid="restore-previous" onclick={restore}>{ tr!(l, "Restore your previous text", "Вернуть прежний текст", "恢复之前的文本") }</button>
            <button type="button" onclick={dismiss}>{ tr!(l, "Dismiss", "Закрыть", "关闭") }</button>
        </div>
    }
}

/// "Your previous text (FROM …, 12 lines) was kept."
fn previous_text(l: Lang, p: &Shared) -> String {
    let first: String = p
        .text
        .lines()
        .find(|x| !x.trim().is_empty())
        .unwrap_or("")
        .chars()
        .take(60)
        .collect();
    let n = p.text.lines().count();
    match l {
        Lang::En => format!(
            "The link replaced your previous text ({}, “{first}”); it was kept.",
            crate::present::plural(n, "line")
        ),
        Lang::Ru => format!(
            "Ссылка заменила ваш прежний текст ({n} {}, «{first}»); он сохранён.",
            Lang::ru_plural(n, "строка", "строки", "строк")
        ),
        Lang::Zh => format!("链接替换了您之前的文本（{n} 行，“{first}”），原文本已保留。"),
    }
}

/// The analysis is paused (the start-up guard tripped): why, "Analyse it
/// anyway", and `?reset`.
pub fn paused_banner(l: Lang, resume: &Callback<MouseEvent>) -> Html {
    html! {
        <div class="banner" role="alert" data-testid="analysis-paused">
            <span>{ tr!(
                l,
                "The last time this page opened, it did not finish starting: analysing this text may hang it. The analysis is paused; your text is here.",
                "В прошлый раз страница не успела открыться: анализ этого текста может её подвесить. Анализ приостановлен, ваш текст на месте.",
                "上次打开本页面时未能完成启动：分析此文本可能导致页面卡死。分析已暂停，您的文本仍在。"
            ) }</span>
            <button type="button" data-testid="resume-analysis" onclick={resume.clone()}>{ tr!(l, "Analyse it anyway", "Всё равно проанализировать", "仍然分析") }</button>
            <a href="?reset">{ tr!(l, "Start clean (?reset)", "Начать с чистого листа (?reset)", "重新开始（?reset）") }</a>
        </div>
    }
}

/// One message banner (a link that did not open, an unreadable session, a
/// paused analysis, a reset).
pub fn notice_banner(l: Lang, n: &Notice, dismiss: &Callback<MouseEvent>) -> Html {
    let kept = tr!(
        l,
        "Your editor was left as it was.",
        "Текст в редакторе не изменён.",
        "编辑器中的内容保持不变。"
    );
    let close = html! {
        <button type="button" onclick={dismiss.clone()}>{ tr!(l, "Dismiss", "Закрыть", "关闭") }</button>
    };
    match n {
        Notice::Link(e) => html! {
            <div class="banner" role="alert" data-testid="link-error">
                <span>{ e.message(l) }</span>
                <span class="banner-note">{ " " }{ kept }</span>
                { close }
            </div>
        },
        Notice::EmptyLink => html! {
            <div class="banner" role="alert" data-testid="link-empty">
                <span>{ tr!(l, "This link holds an empty Dockerfile.", "В этой ссылке пустой Dockerfile.", "此链接中的 Dockerfile 为空。") }</span>
                { close }
            </div>
        },
        Notice::Unreadable { key, error } => {
            let why = match error {
                LinkError::Newer(v) => trf!(
                    l,
                    "Your saved session was written by a newer version of Layerlab ({v}) and cannot be read here.",
                    "Сохранённая сессия записана более новой версией Layerlab ({v}) и здесь не читается.",
                    "已保存的会话由更新版本的 Layerlab（{v}）写入，无法在此读取。"
                ),
                _ => tr!(
                    l,
                    "Your saved session is damaged and cannot be read.",
                    "Сохранённая сессия повреждена и не читается.",
                    "已保存的会话已损坏，无法读取。"
                )
                .to_string(),
            };
            let where_ = if key.is_empty() {
                tr!(
                    l,
                    "It was left in place, and this page will not save over it.",
                    "Она оставлена на месте, и страница не будет её перезаписывать.",
                    "它保留在原处，本页面不会覆盖它。"
                )
                .to_string()
            } else {
                trf!(
                    l,
                    "It was kept, not overwritten, in this browser's local storage as “{key}”.",
                    "Она не перезаписана: сохранена в локальном хранилище браузера как «{key}».",
                    "它未被覆盖，已保存在本浏览器的本地存储中，键名为“{key}”。"
                )
            };
            html! {
                <div class="banner" role="alert" data-testid="session-unreadable">
                    <span>{ why }{ " " }{ where_ }</span>
                    { close }
                </div>
            }
        }
        // Shown from the state instead (see `paused_banner`).
        Notice::Paused => Html::default(),
        Notice::Reset => html! {
            <div class="banner info" role="status" data-testid="reset">
                <span>{ tr!(l, "Started clean (?reset).", "Начато с чистого листа (?reset).", "已重新开始（?reset）。") }</span>
                { close }
            </div>
        },
    }
}
