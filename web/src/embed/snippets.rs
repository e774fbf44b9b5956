//! The snippets the share popover offers (an `<iframe>`, the loader
//! script with a `<pre data-layerlab>`), HTML-escaped.

/// `"` `&` `<` `>` escaped, for HTML text and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// The directory of a page's path (`/layerlab/index.html` → `/layerlab/`).
pub fn dir_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "/",
    }
}

/// The `<iframe>` snippet for a page at `page` (origin and path) showing
/// the state in `fragment` (`#v1.…`).
pub fn iframe_snippet(page: &str, fragment: &str) -> String {
    let src = format!("{page}?embed{fragment}");
    format!(
        "<iframe src=\"{}\" title=\"Layerlab: Dockerfile playground\" loading=\"lazy\" \
         style=\"width:100%;height:480px;border:0\"></iframe>",
        html_escape(&src)
    )
}

/// The loader snippet: the script (once per page) and a `<pre data-layerlab>`
/// holding the Dockerfile, which stays readable without scripts.
pub fn loader_snippet(site_dir: &str, text: &str) -> String {
    format!(
        "<script src=\"{}embed.js\" defer></script>\n<pre data-layerlab>{}</pre>",
        html_escape(site_dir),
        html_escape(text.trim_end_matches('\n'))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_escape_the_text() {
        let s = loader_snippet(
            "https://x.example/ll/",
            "FROM a\nRUN cat <<EOF > f && echo \"hi\"\nEOF\n",
        );
        assert_eq!(
            s,
            "<script src=\"https://x.example/ll/embed.js\" defer></script>\n\
             <pre data-layerlab>FROM a\nRUN cat &lt;&lt;EOF &gt; f &amp;&amp; echo &quot;hi&quot;\nEOF</pre>"
        );
        let i = iframe_snippet("https://x.example/ll/index.html", "#v1.abc");
        assert!(i.contains("src=\"https://x.example/ll/index.html?embed#v1.abc\""));
        assert_eq!(dir_of("/ll/index.html"), "/ll/");
        assert_eq!(dir_of("/"), "/");
        assert_eq!(dir_of(""), "/");
    }
}
