//! The shell scripts a RUN instruction runs, and the map from offsets in
//! those scripts back to the Dockerfile.
//!
//! [`run_scripts`] rebuilds each script as BuildKit hands it to the shell
//! (shell form, heredoc bodies, `["sh", "-c", "…"]`, also under ONBUILD), and
//! gives it a [`ScriptMap`], so that spans found by [`crate::sh::parse_script`]
//! in the script can be shown in the Dockerfile.

use crate::{Args, Dockerfile, Heredoc, Instruction, Keyword, SourceMap, Span};

/// Where a RUN script comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The shell-form command line (`rest.text`), followed, when the RUN has
    /// heredocs and is not just `<<EOF`, by each body (chomped under `<<-`)
    /// and its delimiter, as BuildKit joins them.
    ShellForm,
    /// `RUN <<EOF` alone: the body of heredoc `i`, chomped under `<<-`,
    /// which BuildKit runs as the script itself.
    Heredoc(usize),
    /// The command string of exec form `["sh", "-c", "…"]` (any shell
    /// basename BuildKit users run: `sh`, `bash`, `dash`, `ash`, …).
    ExecDashC,
}

/// A shell script that a RUN runs, with its map back to the Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunScript {
    /// The script, as the shell receives it: give it to
    /// [`crate::sh::parse_script`].
    pub text: String,
    /// Offsets in `text` → Dockerfile spans.
    pub map: ScriptMap,
    pub origin: Origin,
    /// True for the RUN inside `ONBUILD RUN …`.
    pub onbuild: bool,
}

/// One run of script bytes and where they are in the Dockerfile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Start of the run in the script.
    pub script: usize,
    /// Length of the run in the script.
    pub len: usize,
    /// The Dockerfile bytes. When `exact`, they equal the script bytes
    /// (`source.len() == len`); otherwise every part of the run maps to the
    /// whole span (a JSON string with escapes, for example).
    pub source: Span,
    pub exact: bool,
}

/// Script offsets → Dockerfile offsets.
///
/// Pieces are sorted and do not overlap; script bytes that are in no piece
/// were added (the newline BuildKit puts between a command line and its
/// heredoc bodies). Every span the map returns lies inside the Dockerfile on
/// char boundaries, given script offsets on char boundaries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScriptMap {
    pieces: Vec<Piece>,
    /// Where offsets that no piece covers go when no piece comes before them.
    anchor: usize,
}

impl ScriptMap {
    /// The pieces, in script order.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    fn push(&mut self, p: Piece) {
        if p.len == 0 {
            return;
        }
        if let Some(last) = self.pieces.last_mut() {
            if last.exact
                && p.exact
                && last.script + last.len == p.script
                && last.source.end == p.source.start
            {
                last.len += p.len;
                last.source.end = p.source.end;
                return;
            }
        }
        self.pieces.push(p);
    }

    fn push_source_map(&mut self, at: usize, m: &SourceMap) {
        for s in m.segs() {
            self.push(Piece {
                script: at + s.logical,
                len: s.len,
                source: Span::new(s.source, s.source + s.len),
                exact: true,
            });
        }
    }

    /// The Dockerfile offset of script offset `o`: inside a piece, its
    /// byte (the start of an inexact piece); between pieces, the end of the
    /// one before.
    pub fn to_dockerfile(&self, o: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.script + p.len <= o);
        match self.pieces.get(i) {
            Some(p) if o >= p.script => {
                if p.exact {
                    p.source.start + (o - p.script)
                } else {
                    p.source.start
                }
            }
            _ => match i.checked_sub(1).map(|j| self.pieces[j]) {
                Some(p) => p.source.end,
                None => self.pieces.first().map_or(self.anchor, |p| p.source.start),
            },
        }
    }

    /// The pieces cut to script span `s`, in order: each as a piece of the
    /// same map (`script` and `len` the cut part, `source` its Dockerfile
    /// bytes, the whole source of an inexact piece).
    fn cut(&self, s: Span) -> impl Iterator<Item = Piece> + '_ {
        let first = self.pieces.partition_point(|p| p.script + p.len <= s.start);
        self.pieces[first..]
            .iter()
            .take_while(move |p| p.script < s.end)
            .filter_map(move |p| {
                let from = s.start.max(p.script);
                let to = s.end.min(p.script + p.len);
                (to > from).then(|| Piece {
                    script: from,
                    len: to - from,
                    source: if p.exact {
                        Span::new(
                            p.source.start + (from - p.script),
                            p.source.start + (to - p.script),
                        )
                    } else {
                        p.source
                    },
                    exact: p.exact,
                })
            })
    }

    /// The Dockerfile pieces of script span `s`, in order, each contiguous
    /// in the Dockerfile (a word split by a `\` continuation gives two).
    /// Exact pieces concatenated equal the script text of `s` minus the
    /// bytes no piece covers. One empty span when `s` maps to nothing.
    pub fn spans(&self, s: Span) -> Vec<Span> {
        let mut out: Vec<Span> = Vec::new();
        for piece in self.cut(s).map(|p| p.source) {
            match out.last_mut() {
                Some(last) if last.end == piece.start => last.end = piece.end,
                Some(last) if *last == piece => {}
                _ => out.push(piece),
            }
        }
        if out.is_empty() {
            let at = self.to_dockerfile(s.start);
            out.push(Span::new(at, at));
        }
        out
    }

    /// The map of the script slice `s` (a here-document body run as a
    /// script of its own): offsets in the slice → Dockerfile offsets.
    pub fn sub(&self, s: Span) -> ScriptMap {
        let mut out = ScriptMap {
            pieces: Vec::new(),
            anchor: self.to_dockerfile(s.start),
        };
        for p in self.cut(s) {
            out.push(Piece {
                script: p.script - s.start,
                ..p
            });
        }
        out
    }

    /// The smallest Dockerfile span covering all of [`ScriptMap::spans`].
    pub fn span(&self, s: Span) -> Span {
        let v = self.spans(s);
        v.iter().skip(1).fold(v[0], |a, b| a.cover(*b))
    }
}

/// The shell scripts that a RUN instruction (or `ONBUILD RUN`) runs, with
/// their maps; empty for other instructions and exec forms that are not
/// `["<shell>", "-c", "…"]`.
///
/// As BuildKit runs them: `RUN <<EOF` with one heredoc and nothing else on
/// the line runs the body as the script (under `<<-`, leading tabs are
/// removed from every line); otherwise the command line runs with the
/// bodies (chomped) appended as here-documents, each followed by its
/// delimiter: `line + "\n" + body1 + name1 + "\n" + body2 + name2`.
pub fn run_scripts(df: &Dockerfile, ins: &Instruction) -> Vec<RunScript> {
    let mut out = Vec::new();
    scripts(df, ins, &ins.heredocs, false, &mut out);
    out
}

fn scripts(
    df: &Dockerfile,
    ins: &Instruction,
    heredocs: &[Heredoc],
    onbuild: bool,
    out: &mut Vec<RunScript>,
) {
    // Heredocs of `ONBUILD RUN <<EOF` are kept on the ONBUILD instruction.
    let heredocs = if ins.heredocs.is_empty() {
        heredocs
    } else {
        &ins.heredocs
    };
    match &ins.args {
        Args::Onbuild { inner } => scripts(df, inner, heredocs, true, out),
        Args::Shell { text } if ins.kind == Keyword::Run => {
            let anchor = ins.rest.span.start;
            if heredocs.len() == 1 && is_heredoc_word_alone(&text.text) {
                let mut map = ScriptMap {
                    pieces: Vec::new(),
                    anchor: heredocs[0].content_span.start,
                };
                let mut s = String::new();
                push_body(&mut s, &mut map, &heredocs[0]);
                out.push(RunScript {
                    text: s,
                    map,
                    origin: Origin::Heredoc(0),
                    onbuild,
                });
                return;
            }
            // `rest.text` is the shell-form text (`text.text`), and
            // `rest_map` is in its coordinates.
            let mut map = ScriptMap {
                pieces: Vec::new(),
                anchor,
            };
            let mut s = text.text.clone();
            map.push_source_map(0, &ins.rest_map);
            for h in heredocs {
                s.push('\n');
                push_body(&mut s, &mut map, h);
                let at = s.len();
                s.push_str(&h.name);
                let t = h.terminator_span;
                if df.text(t).ends_with(h.name.as_str()) && !h.name.is_empty() {
                    map.push(Piece {
                        script: at,
                        len: h.name.len(),
                        source: Span::new(t.end - h.name.len(), t.end),
                        exact: true,
                    });
                }
            }
            out.push(RunScript {
                text: s,
                map,
                origin: Origin::ShellForm,
                onbuild,
            });
        }
        Args::Exec { items, .. } if ins.kind == Keyword::Run => {
            if let Some(i) = dash_c_index(items.iter().map(|t| t.text.as_str())) {
                let tok = &items[i];
                let mut map = ScriptMap {
                    pieces: Vec::new(),
                    anchor: tok.span.start,
                };
                // The element's text between its quotes in `rest.text`:
                // exact when decoding changed nothing (no escapes).
                let m = &ins.rest_map;
                let inner = match (
                    m.to_logical(tok.span.start),
                    m.to_logical(tok.span.end.saturating_sub(1)),
                ) {
                    (Some(a), Some(b)) if a < b => Some((a + 1, b)),
                    _ => None,
                };
                let exact = inner.filter(|&(a, b)| ins.rest.text.get(a..b) == Some(&tok.text));
                if let Some((a, b)) = exact {
                    map.push_source_map(0, &ins.rest_map.sub(a, b));
                } else {
                    map.push(Piece {
                        script: 0,
                        len: tok.text.len(),
                        source: tok.span,
                        exact: false,
                    });
                }
                out.push(RunScript {
                    text: tok.text.clone(),
                    map,
                    origin: Origin::ExecDashC,
                    onbuild,
                });
            }
        }
        _ => {}
    }
}

/// BuildKit's `MustParseHeredoc` on the whole command line: one heredoc word
/// (`<<EOF`, `<<-'EOF'`, `3<<EOF`) and nothing else.
fn is_heredoc_word_alone(line: &str) -> bool {
    let t = line.trim().trim_start_matches(|c: char| c.is_ascii_digit());
    match t.strip_prefix("<<") {
        Some(rest) => !rest.contains('<') && !rest.contains(char::is_whitespace),
        None => false,
    }
}

/// Appends a heredoc body (chomped under `<<-`: BuildKit removes the leading
/// tabs of every line) and maps it line by line.
fn push_body(s: &mut String, map: &mut ScriptMap, h: &Heredoc) {
    let mut src = h.content_span.start;
    for line in h.content.split_inclusive('\n') {
        let tabs = if h.chomp {
            line.len() - line.trim_start_matches('\t').len()
        } else {
            0
        };
        let kept = &line[tabs..];
        map.push(Piece {
            script: s.len(),
            len: kept.len(),
            source: Span::new(src + tabs, src + line.len()),
            exact: true,
        });
        s.push_str(kept);
        src += line.len();
    }
}

/// For exec form: the index of the command string when the array runs a
/// shell with `-c` (`["sh", "-c", "…"]`, `["/bin/bash", "-euo", "pipefail",
/// "-c", "…"]`, `["sh", "-ec", "…"]`).
fn dash_c_index<'a>(mut args: impl Iterator<Item = &'a str>) -> Option<usize> {
    let prog = args.next()?;
    let base = prog.rsplit('/').next().unwrap_or(prog);
    if !matches!(
        base,
        "sh" | "bash" | "dash" | "ash" | "ksh" | "mksh" | "zsh" | "busybox-sh"
    ) {
        return None;
    }
    let mut dash_c = false;
    let mut i = 0;
    let mut skip_next = false;
    for a in args {
        i += 1;
        if skip_next {
            skip_next = false;
            continue;
        }
        if a == "--" || a == "-" {
            continue;
        }
        if a.starts_with("--") {
            // Long options (`--login`, `--norc`) take no argument here.
            continue;
        }
        if (a.starts_with('-') || a.starts_with('+')) && a.len() > 1 {
            if a.starts_with('-') && a.contains('c') {
                dash_c = true;
            }
            // `-o pipefail`, `-euo pipefail`: the option name follows.
            if a.ends_with('o') || a.ends_with('O') {
                skip_next = true;
            }
            continue;
        }
        return dash_c.then_some(i);
    }
    None
}
