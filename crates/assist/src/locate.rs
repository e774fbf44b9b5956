//! Where things are in a parsed Dockerfile: the instruction under a byte
//! offset, each stage's FROM, the ARG/ENV names in scope, the `$VAR` under
//! the cursor. Typed lookups over the syntax tree, shared by hover,
//! definition, symbols and completion.

use layerlab_syntax::{Args, Dockerfile, Instruction, Keyword, Span, Token};

/// One stage's FROM: its index, the instruction, the image word and the
/// name after `AS`.
pub struct From<'a> {
    pub index: usize,
    pub ins: &'a Instruction,
    pub image: Option<&'a Token>,
    pub name: Option<&'a Token>,
}

/// The stages' FROM instructions, in order (every FROM starts a stage).
pub fn froms(df: &Dockerfile) -> Vec<From<'_>> {
    df.instructions()
        .filter(|i| i.kind == Keyword::From)
        .enumerate()
        .map(|(index, ins)| {
            let items: &[Token] = match &ins.args {
                Args::Words { items } => items,
                _ => &[],
            };
            let name = match items {
                [_, a, n, ..] if a.text.eq_ignore_ascii_case("as") => Some(n),
                _ => None,
            };
            From {
                index,
                ins,
                image: items.first(),
                name,
            }
        })
        .collect()
}

/// The stage a `--from` value or a FROM base names (a name, case-insensitive
/// as BuildKit reads it, or an index) among the stages before `before`.
pub fn stage_named<'a>(froms: &'a [From<'a>], value: &str, before: usize) -> Option<&'a From<'a>> {
    let earlier = &froms[..before.min(froms.len())];
    if let Ok(i) = value.parse::<usize>() {
        return earlier.get(i);
    }
    earlier
        .iter()
        .rev()
        .find(|f| f.name.is_some_and(|n| n.text.eq_ignore_ascii_case(value)))
}

/// The top-level instruction whose span holds `offset` (the end included,
/// so a cursor just after the last character still counts).
pub fn instruction_at(df: &Dockerfile, offset: usize) -> Option<&Instruction> {
    df.instructions()
        .find(|i| i.span.start <= offset && offset <= i.span.end)
}

/// How many FROMs start at or before `offset`: the index of the stage the
/// offset is in, plus one (0 = before the first FROM).
pub fn stages_before(df: &Dockerfile, offset: usize) -> usize {
    df.instructions()
        .filter(|i| i.kind == Keyword::From && i.span.start <= offset)
        .count()
}

/// A variable definition: ARG or ENV, the name's span.
#[derive(Clone, Debug)]
pub struct VarDef {
    pub name: String,
    pub span: Span,
    pub keyword: Keyword,
}

/// The ARG and ENV names an instruction declares.
fn declared(ins: &Instruction) -> Vec<VarDef> {
    let mut out = Vec::new();
    match (&ins.kind, &ins.args) {
        (Keyword::Arg, Args::Words { items }) => {
            for t in items {
                let name = t.text.split('=').next().unwrap_or("");
                if !name.is_empty() {
                    let start = t.span.start;
                    out.push(VarDef {
                        name: name.to_string(),
                        span: Span {
                            start,
                            end: (start + name.len()).min(t.span.end),
                        },
                        keyword: Keyword::Arg,
                    });
                }
            }
        }
        (Keyword::Env, Args::KeyValues { pairs }) => {
            for p in pairs {
                out.push(VarDef {
                    name: p.key.text.clone(),
                    span: p.key.span,
                    keyword: Keyword::Env,
                });
            }
        }
        _ => {}
    }
    out
}

/// The variables in scope at `offset`, nearest definition last: the global
/// ARGs (before the first FROM) and, inside a stage, that stage's ARGs and
/// ENVs before the instruction at `offset`. In a FROM line only global ARGs
/// count, as in BuildKit.
pub fn vars_in_scope(df: &Dockerfile, offset: usize) -> Vec<VarDef> {
    let mut global = Vec::new();
    let mut stage = Vec::new();
    let mut seen_from = false;
    for ins in df.instructions() {
        if ins.span.start > offset || (ins.span.start <= offset && offset <= ins.span.end) {
            break;
        }
        if ins.kind == Keyword::From {
            seen_from = true;
            stage.clear();
            continue;
        }
        if seen_from {
            stage.extend(declared(ins));
        } else {
            global.extend(declared(ins));
        }
    }
    let in_from = instruction_at(df, offset).is_some_and(|i| i.kind == Keyword::From);
    if !in_from {
        global.extend(stage);
    }
    global
}

/// The name of the `$NAME` or `${NAME…}` reference under `offset`, and its span.
pub fn var_at(text: &str, offset: usize) -> Option<(String, Span)> {
    let b = text.as_bytes();
    let is_name = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut start = offset.min(b.len());
    while start > 0 && is_name(b[start - 1]) {
        start -= 1;
    }
    let mut end = offset.min(b.len());
    while end < b.len() && is_name(b[end]) {
        end += 1;
    }
    if start == end {
        return None;
    }
    let dollar = match (
        start.checked_sub(1).map(|i| b[i]),
        start.checked_sub(2).map(|i| b[i]),
    ) {
        (Some(b'$'), _) => true,
        (Some(b'{'), Some(b'$')) => true,
        _ => false,
    };
    dollar.then(|| (text[start..end].to_string(), Span { start, end }))
}
