//! A tiny Markdown renderer for the rules' documentation: headings,
//! paragraphs, fenced code blocks, bullet and numbered lists, and inline
//! `code`, **bold** and [links](url). Everything else is shown as text, so
//! nothing in a document can inject markup.

use yew::prelude::*;

/// Renders `md` as Yew nodes (headings are shifted down to h3–h5).
pub fn render(md: &str) -> Html {
    let mut out: Vec<Html> = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let mut ordered = false;
    let mut code: Option<Vec<&str>> = None;

    fn flush_para(out: &mut Vec<Html>, para: &mut Vec<&str>) {
        if !para.is_empty() {
            let text = para.join(" ");
            out.push(html! { <p>{ inline(&text) }</p> });
            para.clear();
        }
    }
    fn flush_list(out: &mut Vec<Html>, list: &mut Vec<String>, ordered: bool) {
        if !list.is_empty() {
            let items = list.iter().map(|i| html! { <li>{ inline(i) }</li> });
            out.push(if ordered {
                html! { <ol>{ for items }</ol> }
            } else {
                html! { <ul>{ for items }</ul> }
            });
            list.clear();
        }
    }

    for line in md.lines() {
        if let Some(block) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                let text = block.join("\n");
                out.push(html! { <pre><code>{ text }</code></pre> });
                code = None;
            } else {
                block.push(line);
            }
            continue;
        }
        let t = line.trim();
        if t.starts_with("```") {
            flush_para(&mut out, &mut para);
            flush_list(&mut out, &mut list, ordered);
            code = Some(Vec::new());
        } else if t.is_empty() {
            flush_para(&mut out, &mut para);
            flush_list(&mut out, &mut list, ordered);
        } else if let Some(h) = t.strip_prefix('#') {
            flush_para(&mut out, &mut para);
            flush_list(&mut out, &mut list, ordered);
            let level = 1 + h.chars().take_while(|c| *c == '#').count();
            let text = h.trim_start_matches('#').trim();
            out.push(match level {
                1 | 2 => html! { <h3>{ inline(text) }</h3> },
                3 => html! { <h4>{ inline(text) }</h4> },
                _ => html! { <h5>{ inline(text) }</h5> },
            });
        } else if let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
            flush_para(&mut out, &mut para);
            if ordered {
                flush_list(&mut out, &mut list, ordered);
            }
            ordered = false;
            list.push(item.to_string());
        } else if let Some(item) = numbered(t) {
            flush_para(&mut out, &mut para);
            if !ordered {
                flush_list(&mut out, &mut list, ordered);
            }
            ordered = true;
            list.push(item.to_string());
        } else if !list.is_empty() && line.starts_with("  ") {
            let last = list.last_mut().expect("non-empty");
            last.push(' ');
            last.push_str(t);
        } else {
            flush_list(&mut out, &mut list, ordered);
            para.push(t);
        }
    }
    if let Some(block) = code {
        let text = block.join("\n");
        out.push(html! { <pre><code>{ text }</code></pre> });
    }
    flush_para(&mut out, &mut para);
    flush_list(&mut out, &mut list, ordered);
    out.into_iter().collect()
}

fn numbered(t: &str) -> Option<&str> {
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    t[digits..].strip_prefix(". ")
}

/// A piece of a line of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline<'a> {
    Text(String),
    Code(&'a str),
    Bold(&'a str),
    /// A link: the label is text, the URL passed [`safe_url`].
    Link {
        label: &'a str,
        url: &'a str,
    },
}

/// Whether `url` may be a link's `href`: `https://` or `http://` (written
/// so, in lower case; `JAVASCRIPT:` and every other scheme stay text), and no
/// character that could end an attribute or a tag, or hide in one (quotes,
/// angle brackets, backticks, whitespace, control characters).
pub fn safe_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() > "https://".len()
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"'<>`\\".contains(c))
}

/// Inline markup: `code`, **bold**, [text](url) and <url>; links only to
/// http(s) URLs that pass [`safe_url`]. Everything else is text.
pub fn inline_parts(text: &str) -> Vec<Inline<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut plain = String::new();
    let flush = |out: &mut Vec<Inline>, plain: &mut String| {
        if !plain.is_empty() {
            out.push(Inline::Text(std::mem::take(plain)));
        }
    };
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            if let Some(end) = rest[1..].find('`') {
                flush(&mut out, &mut plain);
                out.push(Inline::Code(&rest[1..1 + end]));
                rest = &rest[end + 2..];
                continue;
            }
        } else if rest.starts_with("**") {
            if let Some(end) = rest[2..].find("**") {
                flush(&mut out, &mut plain);
                out.push(Inline::Bold(&rest[2..2 + end]));
                rest = &rest[end + 4..];
                continue;
            }
        } else if c == '<' && (rest.starts_with("<https://") || rest.starts_with("<http://")) {
            if let Some(end) = rest.find('>') {
                let url = &rest[1..end];
                if safe_url(url) {
                    flush(&mut out, &mut plain);
                    out.push(Inline::Link { label: url, url });
                    rest = &rest[end + 1..];
                    continue;
                }
            }
        } else if c == '[' {
            if let Some(close) = rest.find("](") {
                if let Some(end) = rest[close + 2..].find(')') {
                    let label = &rest[1..close];
                    let url = &rest[close + 2..close + 2 + end];
                    if safe_url(url) {
                        flush(&mut out, &mut plain);
                        out.push(Inline::Link { label, url });
                        rest = &rest[close + 3 + end..];
                        continue;
                    }
                }
            }
        }
        plain.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut out, &mut plain);
    out
}

/// [`inline_parts`] as Yew nodes: text nodes, `<code>`, `<strong>`, `<a>`
/// (Yew sets text and attributes through the DOM, never as HTML source).
fn inline(text: &str) -> Html {
    inline_parts(text)
        .into_iter()
        .map(|p| match p {
            Inline::Text(t) => html! { { t } },
            Inline::Code(t) => html! { <code>{ t }</code> },
            Inline::Bold(t) => html! { <strong>{ t }</strong> },
            Inline::Link { label, url } => html! {
                <a href={url.to_string()} target="_blank" rel="noopener noreferrer">{ label }</a>
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Payload 22: no script URL, no attribute injection, raw HTML is text.
    #[test]
    fn hostile_markdown_stays_text() {
        for md in [
            "[x](javascript:alert(1))",
            "[x](JAVASCRIPT:alert(1))",
            "[x](HTTPS://a.example)",
            "[x](https://a\" onmouseover=\"alert(1))",
            "[x](data:text/html,<script>alert(1)</script>)",
            "<https://a\" onmouseover=\"alert(1)>",
            "<img src=x onerror=alert(1)>",
            "<script>alert(1)</script>",
        ] {
            let parts = inline_parts(md);
            assert!(
                parts.iter().all(|p| matches!(p, Inline::Text(_))),
                "{md}: {parts:?}"
            );
            assert_eq!(parts, vec![Inline::Text(md.to_string())], "{md}");
        }
        assert_eq!(
            inline_parts("see [the docs](https://docs.docker.com/x) and <https://a.example/b>"),
            vec![
                Inline::Text("see ".into()),
                Inline::Link {
                    label: "the docs",
                    url: "https://docs.docker.com/x"
                },
                Inline::Text(" and ".into()),
                Inline::Link {
                    label: "https://a.example/b",
                    url: "https://a.example/b"
                },
            ]
        );
    }

    /// The rendered HTML of hostile documents: escaped text, only safe hrefs.
    #[tokio::test]
    async fn rendered_html_has_no_injection() {
        #[derive(Properties, PartialEq)]
        struct P {
            md: String,
        }
        #[function_component]
        fn Doc(p: &P) -> Html {
            render(&p.md)
        }
        let md =
            "# <img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1))\n\
                  <https://a\" onmouseover=\"alert(1)>\n\n- <img src=x onerror=alert(1)>\n\n\
                  ```\n<script>alert(1)</script>\n```\n\n[ok](https://a.example/?q=\"x\")";
        let html = yew::LocalServerRenderer::<Doc>::with_props(P { md: md.into() })
            .render()
            .await;
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        // Quotes in text nodes are text; no element carries an attribute from the text.
        assert!(!html.contains("<a"), "{html}");
        assert!(!html.to_lowercase().contains("href=\"javascript"), "{html}");
        assert!(!html.contains("href"), "{html}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
    }
}
