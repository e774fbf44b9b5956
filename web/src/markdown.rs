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

/// Inline markup: `code`, **bold**, [text](url); links only to http(s).
fn inline(text: &str) -> Html {
    let mut out: Vec<Html> = Vec::new();
    let mut rest = text;
    let mut plain = String::new();
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            if let Some(end) = rest[1..].find('`') {
                out.push(html! { { std::mem::take(&mut plain) } });
                out.push(html! { <code>{ &rest[1..1 + end] }</code> });
                rest = &rest[end + 2..];
                continue;
            }
        } else if rest.starts_with("**") {
            if let Some(end) = rest[2..].find("**") {
                out.push(html! { { std::mem::take(&mut plain) } });
                out.push(html! { <strong>{ &rest[2..2 + end] }</strong> });
                rest = &rest[end + 4..];
                continue;
            }
        } else if c == '<' && (rest.starts_with("<https://") || rest.starts_with("<http://")) {
            if let Some(end) = rest.find('>') {
                let url = &rest[1..end];
                out.push(html! { { std::mem::take(&mut plain) } });
                out.push(html! { <a href={url.to_string()} target="_blank" rel="noopener noreferrer">{ url }</a> });
                rest = &rest[end + 1..];
                continue;
            }
        } else if c == '[' {
            if let Some(close) = rest.find("](") {
                if let Some(end) = rest[close + 2..].find(')') {
                    let label = &rest[1..close];
                    let url = &rest[close + 2..close + 2 + end];
                    if url.starts_with("https://") || url.starts_with("http://") {
                        out.push(html! { { std::mem::take(&mut plain) } });
                        out.push(html! {
                            <a href={url.to_string()} target="_blank" rel="noopener noreferrer">{ label }</a>
                        });
                        rest = &rest[close + 3 + end..];
                        continue;
                    }
                }
            }
        }
        plain.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.push(html! { { plain } });
    out.into_iter().collect()
}
