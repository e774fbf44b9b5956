use yew::prelude::*;

use crate::state::plural;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// The name, and a one-line summary of what the analysis found.
#[function_component]
pub fn Header(props: &HeaderProps) -> Html {
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
            <div class="summary" data-testid="summary">{ summary }</div>
        </header>
    }
}
