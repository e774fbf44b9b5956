use yew::prelude::*;

use crate::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// The analysis is paused (nothing was analysed: no counts to show).
    #[prop_or_default]
    pub paused: bool,
    /// An analysis of the current text is on its way (the counts, if any,
    /// are of an older text).
    #[prop_or_default]
    pub analysing: bool,
    /// No analysis has arrived yet: there are no counts to show.
    #[prop_or_default]
    pub nothing_yet: bool,
    /// The plain textarea is shown instead of the code editor.
    pub plain: bool,
    pub on_toggle_plain: Callback<()>,
    /// `system`, `light` or `dark`.
    pub theme: String,
    pub on_theme: Callback<String>,
    pub lang: Lang,
    pub on_lang: Callback<Lang>,
    /// Makes the share fragment (`#v1.…`) of the current state.
    pub share_link: Callback<(), String>,
    /// The Dockerfile (for the embed snippets in the share popover).
    #[prop_or_default]
    pub text: AttrValue,
}

/// The name, a one-line summary of what the analysis found, and the tools:
/// share, editor mode, theme.
#[function_component]
pub fn Header(props: &HeaderProps) -> Html {
    // The share link, and the page and fragment it is made of (for the embed snippets).
    let link = use_state(|| None::<(String, String, String)>);
    let l = props.lang;
    let mut parts = Vec::new();
    if props.errors > 0 {
        parts.push(
            html! { <span class="count-error">{ count(l, props.errors, Kind::Error) }</span> },
        );
    }
    if props.warnings > 0 {
        parts.push(
            html! { <span class="count-warning">{ count(l, props.warnings, Kind::Warning) }</span> },
        );
    }
    if props.infos > 0 {
        parts.push(html! { <span class="count-info">{ count(l, props.infos, Kind::Note) }</span> });
    }
    let analysing = html! {
        <span class="count-analysing" data-testid="analysing">{ tr!(l, "Analysing…", "Анализирую…", "正在分析…") }</span>
    };
    let summary = if props.paused {
        html! { <span class="count-paused">{ tr!(l, "Analysis paused", "Анализ приостановлен", "分析已暂停") }</span> }
    } else if props.nothing_yet {
        analysing.clone()
    } else if parts.is_empty() {
        html! { <span class="count-ok">{ tr!(l, "No problems", "Замечаний нет", "没有问题") }</span> }
    } else {
        parts.into_iter().collect::<Html>()
    };
    // Shown (after a delay, in CSS) while a newer text is being analysed.
    let pending = (props.analysing && !props.nothing_yet && !props.paused).then_some(analysing);
    let on_share = {
        let link = link.clone();
        let make = props.share_link.clone();
        Callback::from(move |_: MouseEvent| {
            let fragment = make.emit(());
            let (page, search) = crate::bridge::address()
                .map(|a| (format!("{}{}", a.origin, a.path), a.search))
                .unwrap_or_default();
            let url = format!("{page}{search}{fragment}");
            crate::bridge::copy_text(&url);
            link.set(Some((url, page, fragment)));
        })
    };
    let close_link = {
        let link = link.clone();
        Callback::from(move |_: MouseEvent| link.set(None))
    };
    let on_lang = {
        let cb = props.on_lang.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(l) = Lang::from_tag(&s.value()) {
                cb.emit(l);
            }
        })
    };
    let toggle = props.on_toggle_plain.reform(|_: MouseEvent| ());
    let on_theme = {
        let cb = props.on_theme.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            cb.emit(s.value());
        })
    };
    html! {
        <header class="top">
            <div class="brand">
                <svg class="logo" viewBox="0 0 24 24" aria-hidden="true">
                    <path d="M12 3 21 7.5 12 12 3 7.5Z" />
                    <path d="M3 12 12 16.5 21 12" />
                    <path d="M3 16.5 12 21 21 16.5" />
                </svg>
                <h1>{ "Layerlab" }</h1>
                <span class="tagline">{ tr!(l, "Dockerfile playground", "песочница для Dockerfile", "Dockerfile 在线实验室") }</span>
            </div>
            <div class="summary" data-testid="summary" aria-live="polite">{ summary }{ pending }</div>
            <div class="tools">
                <button type="button" class="tool" data-testid="share" onclick={on_share}
                    title={tr!(l, "Copy a link that holds the Dockerfile and its build context",
                        "Скопировать ссылку, в которой есть Dockerfile и его контекст сборки",
                        "复制包含 Dockerfile 及其构建上下文的链接")}>
                    { tr!(l, "Copy link", "Ссылка", "复制链接") }</button>
                <button type="button" class="tool" data-testid="toggle-editor" onclick={toggle}
                    aria-pressed={props.plain.to_string()}
                    title={tr!(l, "Switch between the code editor and a plain text box (screen readers, phones)",
                        "Переключить редактор кода и простое текстовое поле (экранные дикторы, телефоны)",
                        "在代码编辑器和纯文本框之间切换（读屏软件、手机）")}>
                    { if props.plain { tr!(l, "Code editor", "Редактор кода", "代码编辑器") } else { tr!(l, "Plain text", "Простой текст", "纯文本") } }
                </button>
                <label class="theme">
                    <span class="visually-hidden">{ tr!(l, "Theme", "Тема", "主题") }</span>
                    <select data-testid="theme" onchange={on_theme} aria-label={tr!(l, "Theme", "Тема", "主题")}>
                        <option value="system" selected={props.theme == "system"}>{ tr!(l, "System", "Как в системе", "跟随系统") }</option>
                        <option value="light" selected={props.theme == "light"}>{ tr!(l, "Light", "Светлая", "浅色") }</option>
                        <option value="dark" selected={props.theme == "dark"}>{ tr!(l, "Dark", "Тёмная", "深色") }</option>
                    </select>
                </label>
                <label class="theme">
                    <span class="visually-hidden">{ tr!(l, "Language", "Язык", "语言") }</span>
                    <select data-testid="lang" onchange={on_lang} aria-label={tr!(l, "Language", "Язык", "语言")}>
                        { for Lang::ALL.iter().map(|x| html! {
                            <option value={x.code()} lang={x.code()} selected={*x == l}>{ x.native_name() }</option>
                        }) }
                    </select>
                </label>
            </div>
            if let Some((url, page, fragment)) = (*link).clone() {
                <div class="share-pop" role="status">
                    <span>{ { let n = url.chars().count(); trf!(l, "Link copied · {n} characters", "Ссылка скопирована · символов: {n}", "链接已复制 · {n} 个字符") } }</span>
                    <input type="text" readonly=true data-testid="share-link" value={url} aria-label={tr!(l, "Share link", "Ссылка", "分享链接")} />
                    <button type="button" onclick={close_link} aria-label={tr!(l, "Close", "Закрыть", "关闭")}>{ "×" }</button>
                    <super::EmbedSnippets page={page} fragment={fragment} text={props.text.clone()} />
                </div>
            }
        </header>
    }
}

enum Kind {
    Error,
    Warning,
    Note,
}

/// "3 errors", "3 ошибки", "3 个错误".
fn count(l: Lang, n: usize, kind: Kind) -> String {
    match (l, kind) {
        (Lang::En, Kind::Error) => crate::present::plural(n, "error"),
        (Lang::En, Kind::Warning) => crate::present::plural(n, "warning"),
        (Lang::En, Kind::Note) => crate::present::plural(n, "note"),
        (Lang::Ru, Kind::Error) => {
            format!("{n} {}", Lang::ru_plural(n, "ошибка", "ошибки", "ошибок"))
        }
        (Lang::Ru, Kind::Warning) => format!(
            "{n} {}",
            Lang::ru_plural(n, "предупреждение", "предупреждения", "предупреждений")
        ),
        (Lang::Ru, Kind::Note) => {
            format!("{n} {}", Lang::ru_plural(n, "совет", "совета", "советов"))
        }
        (Lang::Zh, Kind::Error) => format!("{n} 个错误"),
        (Lang::Zh, Kind::Warning) => format!("{n} 个警告"),
        (Lang::Zh, Kind::Note) => format!("{n} 条建议"),
    }
}
