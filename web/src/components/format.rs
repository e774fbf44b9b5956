//! "Format": `layerlab fmt` on the editor's text (`layerlab_syntax::fmt`,
//! the formatter the CLI and the language server use), applied as one fix
//! through the editor, so Ctrl+Z undoes it. A file BuildKit rejects, or
//! one the formatter would parse differently, is left as it is, and the
//! button says why and where.

use std::rc::Rc;

use layerlab_analysis::rules::{Edit, Fix};
use layerlab_syntax::fmt::{format, FormatError};
use yew::prelude::*;

use crate::i18n::{use_lang, Lang};

#[derive(Properties, PartialEq)]
pub struct FormatButtonProps {
    /// The editor's text.
    pub text: Rc<str>,
    /// Applies the formatting (the page's `use_fix`).
    pub on_fix: Callback<Fix>,
}

/// What the last press did.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Outcome {
    None,
    Formatted(usize),
    Unchanged,
    Rejected(u32),
    WouldChangeParse(u32),
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> u32 {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u32
        + 1
}

/// The formatting of `text` as a fix, or why there is none.
fn formatting(text: &str) -> Result<Option<Fix>, Outcome> {
    match format(text) {
        Ok(f) if f.is_unchanged() => Ok(None),
        Ok(f) => Ok(Some(Fix {
            title: "Format".into(),
            edits: f
                .edits
                .into_iter()
                .map(|e| Edit {
                    start: e.span.start,
                    end: e.span.end,
                    replacement: e.text,
                })
                .collect(),
        })),
        Err(FormatError::Rejected(d)) => Err(Outcome::Rejected(line_of(text, d.span.start))),
        Err(FormatError::WouldChangeParse { offset }) => {
            Err(Outcome::WouldChangeParse(line_of(text, offset)))
        }
    }
}

fn said(l: Lang, o: Outcome) -> String {
    match o {
        Outcome::None => String::new(),
        Outcome::Formatted(n) => tr!(
            l,
            format!("Formatted: {n} edits (Ctrl+Z undoes them)."),
            format!("Отформатировано: правок — {n} (Ctrl+Z отменяет)."),
            format!("已格式化：{n} 处修改（Ctrl+Z 可撤销）。")
        ),
        Outcome::Unchanged => tr!(
            l,
            "Already formatted.".to_string(),
            "Уже отформатировано.".to_string(),
            "已是格式化的。".to_string()
        ),
        Outcome::Rejected(line) => tr!(
            l,
            format!("Not formatted: BuildKit rejects line {line}."),
            format!("Не отформатировано: BuildKit не принимает строку {line}."),
            format!("未格式化：BuildKit 拒绝第 {line} 行。")
        ),
        Outcome::WouldChangeParse(line) => tr!(
            l,
            format!("Not formatted: the result would parse differently at line {line}."),
            format!("Не отформатировано: результат разбирался бы иначе в строке {line}."),
            format!("未格式化：结果在第 {line} 行的解析会不同。")
        ),
    }
}

/// The button and what it did (a polite live region).
#[function_component]
pub fn FormatButton(props: &FormatButtonProps) -> Html {
    let l = use_lang();
    // What the last press did, and the text it is about (the formatted
    // text, or the text left alone): another text makes it stale.
    let last = use_state(|| (Outcome::None, String::new()));
    let onclick = {
        let (text, on_fix, last) = (props.text.clone(), props.on_fix.clone(), last.clone());
        Callback::from(move |_: MouseEvent| match formatting(&text) {
            Ok(Some(fix)) => {
                let n = fix.edits.len();
                let after = fix.apply(&text);
                on_fix.emit(fix);
                last.set((Outcome::Formatted(n), after));
            }
            Ok(None) => last.set((Outcome::Unchanged, text.to_string())),
            Err(o) => last.set((o, text.to_string())),
        })
    };
    let outcome = if *props.text == *last.1 {
        last.0
    } else {
        Outcome::None
    };
    html! {
        <span class="format">
            <button type="button" class="tool" data-testid="format" {onclick}
                title={tr!(l, "Keyword case, spacing and continuation indentation, as layerlab fmt does", "Регистр инструкций, пробелы и отступы продолжений, как команда fmt", "指令大小写、空格和续行缩进，与 fmt 命令相同")}>
                { tr!(l, "Format", "Форматировать", "格式化") }
            </button>
            <span class="format-status small" role="status" aria-live="polite" data-testid="format-status">{ said(l, outcome) }</span>
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fix_produces_what_layerlab_fmt_writes() {
        let text = "from alpine\nrun  echo hi";
        let fix = formatting(text).unwrap().expect("edits");
        let want = format(text).unwrap().text;
        assert_eq!(fix.apply(text), want);
        assert_eq!(want, "FROM alpine\nRUN echo hi\n");
        assert_eq!(formatting(&want).unwrap(), None);
    }

    #[test]
    fn a_rejected_file_says_where() {
        // An unterminated heredoc: BuildKit cannot parse the file.
        let text = "FROM alpine\nRUN <<EOF\necho hi\n";
        assert!(matches!(formatting(text), Err(Outcome::Rejected(2))));
    }
}
