use yew::prelude::*;

use crate::state::plural;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// The plain textarea is shown instead of the code editor.
    pub plain: bool,
    pub on_toggle_plain: Callback<()>,
    /// `system`, `light` or `dark`.
    pub theme: String,
    pub on_theme: Callback<String>,
    /// Makes the share fragment (`#v1.…`) of the current state.
    pub share_link: Callback<(), String>,
}

/// The name, a one-line summary of what the analysis found, and the tools:
/// share, editor mode, theme.
#[function_component]
pub fn Header(props: &HeaderProps) -> Html {
    let link = use_state(|| None::<String>);
    let mut parts = Vec::new();
    if props.errors > 0 {
        parts.push(html! { <span class="count-error">{ plural(props.errors, "error") }</span> });
    }
    if props.warnings > 0 {
        parts.push(
            html! { <span class="count-warning">{ plural(props.warnings, "warning") }</span> },
        );
    }
    if props.infos > 0 {
        parts.push(html! { <span class="count-info">{ plural(props.infos, "note") }</span> });
    }
    let summary = if parts.is_empty() {
        html! { <span class="count-ok">{ "No problems" }</span> }
    } else {
        parts.into_iter().collect::<Html>()
    };
    let on_share = {
        let link = link.clone();
        let make = props.share_link.clone();
        Callback::from(move |_: MouseEvent| {
            let fragment = make.emit(());
            let base = web_sys::window()
                .and_then(|w| {
                    let l = w.location();
                    Some(format!(
                        "{}{}{}",
                        l.origin().ok()?,
                        l.pathname().ok()?,
                        l.search().ok()?
                    ))
                })
                .unwrap_or_default();
            let url = format!("{base}{fragment}");
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&url);
            }
            link.set(Some(url));
        })
    };
    let close_link = {
        let link = link.clone();
        Callback::from(move |_: MouseEvent| link.set(None))
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
                <span class="tagline">{ "Dockerfile playground" }</span>
            </div>
            <div class="summary" data-testid="summary" aria-live="polite">{ summary }</div>
            <div class="tools">
                <button type="button" class="tool" data-testid="share" onclick={on_share}
                    title="Copy a link that holds the Dockerfile and its build context">{ "Copy link" }</button>
                <button type="button" class="tool" data-testid="toggle-editor" onclick={toggle}
                    aria-pressed={props.plain.to_string()}
                    title="Switch between the code editor and a plain text box (screen readers, phones)">
                    { if props.plain { "Code editor" } else { "Plain text" } }
                </button>
                <label class="theme">
                    <span class="visually-hidden">{ "Theme" }</span>
                    <select data-testid="theme" onchange={on_theme} aria-label="Theme">
                        <option value="system" selected={props.theme == "system"}>{ "System" }</option>
                        <option value="light" selected={props.theme == "light"}>{ "Light" }</option>
                        <option value="dark" selected={props.theme == "dark"}>{ "Dark" }</option>
                    </select>
                </label>
            </div>
            if let Some(url) = (*link).clone() {
                <div class="share-pop" role="status">
                    <span>{ format!("Link copied · {} characters", url.chars().count()) }</span>
                    <input type="text" readonly=true data-testid="share-link" value={url} aria-label="Share link" />
                    <button type="button" onclick={close_link} aria-label="Close">{ "×" }</button>
                </div>
            }
        </header>
    }
}
