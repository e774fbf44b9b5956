//! The share popover's embed snippets (header.rs): an `<iframe>` and the
//! loader (`embed.js` + `<pre data-layerlab>`), each with a copy button.
//! The snippets themselves are made by crate::embed (tested natively).

use yew::prelude::*;

use crate::embed;
use crate::i18n::use_lang;

#[derive(Properties, PartialEq)]
pub struct EmbedSnippetsProps {
    /// The page's address without query or fragment (origin and path).
    pub page: String,
    /// The share fragment, `#v1.…`.
    pub fragment: String,
    /// The Dockerfile, for the loader's `<pre>`.
    pub text: AttrValue,
}

#[function_component]
pub fn EmbedSnippets(props: &EmbedSnippetsProps) -> Html {
    let l = use_lang();
    let copied = use_state(|| None::<&'static str>);
    let site_dir = {
        let p = &props.page;
        // origin + directory of the path
        match p
            .find("://")
            .and_then(|i| p[i + 3..].find('/').map(|j| i + 3 + j))
        {
            Some(path_at) => format!("{}{}", &p[..path_at], embed::dir_of(&p[path_at..])),
            None => format!("{p}/"),
        }
    };
    let iframe = embed::iframe_snippet(&props.page, &props.fragment);
    let loader = embed::loader_snippet(&site_dir, &props.text);
    let row = |id: &'static str, label: &'static str, code: String| {
        let done = *copied == Some(id);
        let copied = copied.clone();
        let value = code.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            crate::bridge::copy_text(&value);
            copied.set(Some(id));
        });
        html! {
            <div class="snippet">
                <label for={format!("snippet-{id}")}>{ label }</label>
                <textarea id={format!("snippet-{id}")} readonly=true rows="3" spellcheck="false"
                    data-testid={format!("snippet-{id}")} value={code} />
                <button type="button" class="tool" data-testid={format!("copy-{id}")} {onclick}>
                    { if done { tr!(l, "Copied", "Скопировано", "已复制") } else { tr!(l, "Copy", "Копировать", "复制") } }
                </button>
            </div>
        }
    };
    html! {
        <div class="embed-snippets">
            { row("iframe", tr!(l, "Embed (iframe)", "Встроить (iframe)", "嵌入（iframe）"), iframe) }
            { row("loader", tr!(l, "Embed in a blog (loader script, sized to its content)",
                "Встроить в блог (скрипт-загрузчик, высота по содержимому)",
                "嵌入博客（加载脚本，高度随内容变化）"), loader) }
        </div>
    }
}
