//! Go to definition (`--from=name`, a FROM on an earlier stage, `$VAR`) and
//! the document's symbols (its stages).

use crate::locate;
use layerlab_syntax::{Dockerfile, Keyword, Span};

/// Where the name under `offset` is defined: a stage's name (or its FROM
/// when it has none), or the nearest ARG/ENV that declares a variable.
pub fn definition(df: &Dockerfile, text: &str, offset: usize) -> Option<Span> {
    let ins = locate::instruction_at(df, offset)?;
    let froms = locate::froms(df);
    let here = locate::stages_before(df, offset);
    let target = |value: &str, before: usize| {
        locate::stage_named(&froms, value, before)
            .map(|f| f.name.map(|n| n.span).unwrap_or(f.ins.span))
    };
    // COPY --from=name (and any flag whose value names a stage: RUN --mount=from=).
    for flag in &ins.flags {
        let Some(v) = &flag.value else { continue };
        if !(v.span.start <= offset && offset <= v.span.end) {
            continue;
        }
        let before = if ins.kind == Keyword::From {
            here.saturating_sub(1)
        } else {
            here
        };
        if flag.name.text == "from" {
            return target(&v.text, before);
        }
        if flag.name.text == "mount" {
            for part in v.text.split(',') {
                if let Some(name) = part.strip_prefix("from=") {
                    return target(name, before);
                }
            }
        }
    }
    // FROM builder AS next: the base is an earlier stage.
    if ins.kind == Keyword::From {
        if let Some(f) = froms.iter().find(|f| std::ptr::eq(f.ins, ins)) {
            if let Some(img) = f
                .image
                .filter(|t| t.span.start <= offset && offset <= t.span.end)
            {
                if let Some(s) = target(&img.text, f.index) {
                    return Some(s);
                }
            }
        }
    }
    let (name, _) = locate::var_at(text, offset)?;
    locate::vars_in_scope(df, offset)
        .into_iter()
        .rev()
        .find(|v| v.name == name)
        .map(|v| v.span)
}

/// One symbol per stage: its name (or `stage N`), the base it starts from,
/// the stage's lines, the name (or FROM) to select.
pub struct StageSymbol {
    pub name: String,
    pub detail: String,
    pub range: Span,
    pub selection: Span,
}

pub fn stages(df: &Dockerfile) -> Vec<StageSymbol> {
    let froms = locate::froms(df);
    let ends: Vec<usize> = froms
        .iter()
        .skip(1)
        .map(|f| f.ins.span.start)
        .chain(std::iter::once(usize::MAX))
        .collect();
    froms
        .iter()
        .zip(ends)
        .map(|(f, next)| {
            let last = df
                .instructions()
                .filter(|i| i.span.start >= f.ins.span.start && i.span.start < next)
                .last()
                .map(|i| i.span.end)
                .unwrap_or(f.ins.span.end);
            StageSymbol {
                name: match f.name {
                    Some(n) => n.text.clone(),
                    None => format!("stage {}", f.index),
                },
                detail: format!("FROM {}", f.image.map(|t| t.text.as_str()).unwrap_or("")),
                range: Span {
                    start: f.ins.span.start,
                    end: last,
                },
                selection: f.name.map(|n| n.span).unwrap_or(f.ins.keyword.span),
            }
        })
        .collect()
}
