//! Differential test against the crates.io parser `parse-dockerfile` 0.1.9.
//!
//! Over every file of `shared/corpus/real-world` and `shared/corpus/edge-cases`
//! we parse with both parsers and compare what `parse-dockerfile` exposes:
//!
//! * the sequence of instruction keywords (as written) and their byte spans,
//! * each instruction's start line,
//! * builder flags (name and unescaped value) of every instruction that has them,
//! * the FROM image (value and span),
//! * the RUN command: exec-form items, or the shell-form text and its span
//!   (parse-dockerfile gives the raw source slice, escapes and continuation
//!   lines kept; so does `&source[rest.span]` for us),
//! * heredoc bodies of RUN and COPY/ADD.
//!
//! `parse-dockerfile` is not BuildKit, so it is only a reference where it
//! agrees with BuildKit: a file is compared only when `parser-results.csv`
//! says parse-dockerfile matched BuildKit *and* parse-dockerfile's output
//! agrees with `buildkit-reference.jsonl` on every field above that BuildKit
//! records (keywords, start lines, flags, FROM image, RUN exec items, heredoc
//! bodies). Files where both BuildKit and parse-dockerfile reject the input are
//! compared too: we must reject them as well. Everything else is skipped and
//! listed. On the compared files we must agree with parse-dockerfile exactly.

mod common;

use layerlab_syntax::{Args, Dockerfile, Keyword};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

/// The facts about one instruction that both parsers can give.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Facts {
    /// The keyword as written in the source.
    keyword: String,
    keyword_span: Range<usize>,
    start_line: u32,
    /// `(name, value)` of each builder flag, unescaped.
    flags: Vec<(String, Option<String>)>,
    /// FROM: the image and its span.
    from_image: Option<(String, Range<usize>)>,
    /// RUN: the command.
    run: Option<Run>,
    /// Heredoc bodies (RUN, COPY, ADD).
    heredocs: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Run {
    Exec(Vec<String>),
    /// The raw source text of the shell-form command, and its span.
    Shell(String, Range<usize>),
}

fn line_of(src: &str, offset: usize) -> u32 {
    src.as_bytes()[..offset]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u32
        + 1
}

// ---------------------------------------------------------------------------
// parse-dockerfile's view

fn pd_flags(flags: &[parse_dockerfile::Flag<'_>]) -> Vec<(String, Option<String>)> {
    flags
        .iter()
        .map(|f| {
            (
                f.name.value.to_string(),
                f.value.as_ref().map(|v| v.value.to_string()),
            )
        })
        .collect()
}

fn pd_command(c: &parse_dockerfile::Command<'_>, escape: char) -> Run {
    match c {
        parse_dockerfile::Command::Exec(items) => {
            Run::Exec(items.value.iter().map(|s| s.value.to_string()).collect())
        }
        parse_dockerfile::Command::Shell(s) => {
            let (text, span) = strip_dangling_escape(s.value, s.span.clone(), escape);
            Run::Shell(text.to_string(), span)
        }
        _ => unreachable!("parse-dockerfile 0.1.9 has two command forms"),
    }
}

/// A continuation character on the last line of the file continues nothing:
/// BuildKit drops it (`RUN echo hi \` at the end of the file runs `echo hi`),
/// and so does our span, but parse-dockerfile keeps it in the raw text.
fn strip_dangling_escape(text: &str, span: Range<usize>, escape: char) -> (&str, Range<usize>) {
    match text.strip_suffix(escape) {
        Some(t) => {
            let t = t.trim_end_matches([' ', '\t']);
            (t, span.start..span.start + t.len())
        }
        None => (text, span),
    }
}

fn pd_facts(src: &str, escape: char, ins: &parse_dockerfile::Instruction<'_>) -> Facts {
    use parse_dockerfile::{Instruction as I, Source};
    let (kw, flags, from_image, run, heredocs): (Range<usize>, _, _, _, Vec<String>) = match ins {
        I::Add(i) => (
            i.add.span.clone(),
            pd_flags(&i.options),
            None,
            None,
            i.src
                .iter()
                .filter_map(|s| match s {
                    Source::HereDoc(h) => Some(h.value.to_string()),
                    _ => None,
                })
                .collect(),
        ),
        I::Copy(i) => (
            i.copy.span.clone(),
            pd_flags(&i.options),
            None,
            None,
            i.src
                .iter()
                .filter_map(|s| match s {
                    Source::HereDoc(h) => Some(h.value.to_string()),
                    _ => None,
                })
                .collect(),
        ),
        I::From(i) => (
            i.from.span.clone(),
            pd_flags(&i.options),
            Some((i.image.value.to_string(), i.image.span.clone())),
            None,
            vec![],
        ),
        I::Run(i) => (
            i.run.span.clone(),
            pd_flags(&i.options),
            None,
            Some(pd_command(&i.arguments, escape)),
            i.here_docs.iter().map(|h| h.value.to_string()).collect(),
        ),
        I::Healthcheck(i) => (
            i.healthcheck.span.clone(),
            pd_flags(&i.options),
            None,
            None,
            vec![],
        ),
        I::Arg(i) => (i.arg.span.clone(), vec![], None, None, vec![]),
        I::Cmd(i) => (i.cmd.span.clone(), vec![], None, None, vec![]),
        I::Entrypoint(i) => (i.entrypoint.span.clone(), vec![], None, None, vec![]),
        I::Env(i) => (i.env.span.clone(), vec![], None, None, vec![]),
        I::Expose(i) => (i.expose.span.clone(), vec![], None, None, vec![]),
        I::Label(i) => (i.label.span.clone(), vec![], None, None, vec![]),
        I::Maintainer(i) => (i.maintainer.span.clone(), vec![], None, None, vec![]),
        I::Onbuild(i) => (i.onbuild.span.clone(), vec![], None, None, vec![]),
        I::Shell(i) => (i.shell.span.clone(), vec![], None, None, vec![]),
        I::Stopsignal(i) => (i.stopsignal.span.clone(), vec![], None, None, vec![]),
        I::User(i) => (i.user.span.clone(), vec![], None, None, vec![]),
        I::Volume(i) => (i.volume.span.clone(), vec![], None, None, vec![]),
        I::Workdir(i) => (i.workdir.span.clone(), vec![], None, None, vec![]),
        _ => unreachable!("parse-dockerfile 0.1.9 has 18 instructions"),
    };
    Facts {
        keyword: src[kw.clone()].to_string(),
        start_line: line_of(src, kw.start),
        keyword_span: kw,
        flags,
        from_image,
        run,
        heredocs,
    }
}

// ---------------------------------------------------------------------------
// Our view, restricted to what parse-dockerfile reports for the same instruction

fn our_facts(df: &Dockerfile, ins: &layerlab_syntax::Instruction) -> Facts {
    // parse-dockerfile only takes flags on ADD, COPY, FROM, RUN and HEALTHCHECK.
    let flags = match ins.kind {
        Keyword::Add | Keyword::Copy | Keyword::From | Keyword::Run | Keyword::Healthcheck => ins
            .flags
            .iter()
            .map(|f| {
                (
                    f.name.text.clone(),
                    f.value.as_ref().map(|v| v.text.clone()),
                )
            })
            .collect(),
        _ => vec![],
    };
    let from_image = match (&ins.kind, &ins.args) {
        (Keyword::From, Args::Words { items }) if !items.is_empty() => Some((
            items[0].text.clone(),
            items[0].span.start..items[0].span.end,
        )),
        _ => None,
    };
    let run = match (&ins.kind, &ins.args) {
        (Keyword::Run, Args::Exec { items, .. }) => {
            Some(Run::Exec(items.iter().map(|t| t.text.clone()).collect()))
        }
        (Keyword::Run, _) => {
            let mut s = ins.rest.span;
            // parse-dockerfile reads a heredoc only when it starts the command
            // (`RUN <<EOF cmd`), and then reports the command without the
            // `<<EOF` word: do the same.
            if let Some(h) = ins
                .heredocs
                .first()
                .filter(|h| h.word_span.start == s.start)
            {
                s.start = h.word_span.end;
            }
            Some(Run::Shell(df.text(s).to_string(), s.start..s.end))
        }
        _ => None,
    };
    let heredocs = match ins.kind {
        Keyword::Run | Keyword::Copy | Keyword::Add => {
            ins.heredocs.iter().map(|h| h.content.clone()).collect()
        }
        _ => vec![],
    };
    Facts {
        keyword: ins.keyword.text.clone(),
        keyword_span: ins.keyword.span.start..ins.keyword.span.end,
        start_line: ins.start_line,
        flags,
        from_image,
        run,
        heredocs,
    }
}

// ---------------------------------------------------------------------------
// BuildKit's reference

/// Where parse-dockerfile's facts contradict BuildKit's reference, if anywhere.
fn pd_vs_buildkit(pd: &[Facts], reference: &Value) -> Option<String> {
    let refs = reference["instructions"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let pk: Vec<String> = pd.iter().map(|f| f.keyword.to_uppercase()).collect();
    let bk: Vec<String> = refs
        .iter()
        .map(|r| r["keyword"].as_str().unwrap().to_uppercase())
        .collect();
    if pk != bk {
        return Some(format!(
            "keywords differ: parse-dockerfile {pk:?}, BuildKit {bk:?}"
        ));
    }
    for (i, (f, r)) in pd.iter().zip(refs).enumerate() {
        let n = i + 1;
        let line = r["start_line"].as_u64().unwrap() as u32;
        if f.start_line != line {
            return Some(format!(
                "instruction {n} ({}): start line {} vs BuildKit {line}",
                f.keyword, f.start_line
            ));
        }
        let args: Vec<&str> = r["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        let bk_flags: Vec<&str> = r["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        if !f.flags.is_empty() || (!bk_flags.is_empty() && flags_exposed(&f.keyword)) {
            let pf: Vec<String> = f
                .flags
                .iter()
                .map(|(k, v)| match v {
                    Some(v) => format!("--{k}={v}"),
                    None => format!("--{k}"),
                })
                .collect();
            if pf != bk_flags {
                return Some(format!(
                    "instruction {n} ({}): flags {pf:?} vs BuildKit {bk_flags:?}",
                    f.keyword
                ));
            }
        }
        if let Some((image, _)) = &f.from_image {
            if args.first() != Some(&image.as_str()) {
                return Some(format!(
                    "instruction {n}: FROM image {image:?} vs BuildKit {:?}",
                    args.first()
                ));
            }
        }
        if let Some(Run::Exec(items)) = &f.run {
            if items.iter().map(String::as_str).collect::<Vec<_>>() != args {
                return Some(format!(
                    "instruction {n}: RUN exec items {items:?} vs BuildKit {args:?}"
                ));
            }
        }
        let bk_heredocs: Vec<&str> = r["heredocs"]
            .as_array()
            .map(|h| h.iter().map(|h| h["content"].as_str().unwrap()).collect())
            .unwrap_or_default();
        let compares_heredocs = matches!(f.keyword.to_uppercase().as_str(), "RUN" | "COPY" | "ADD");
        if compares_heredocs && f.heredocs != bk_heredocs {
            return Some(format!(
                "instruction {n} ({}): heredocs {:?} vs BuildKit {bk_heredocs:?}",
                f.keyword, f.heredocs
            ));
        }
    }
    None
}

fn flags_exposed(keyword: &str) -> bool {
    matches!(
        keyword.to_uppercase().as_str(),
        "ADD" | "COPY" | "FROM" | "RUN" | "HEALTHCHECK"
    )
}

fn read_reference(dir: &Path) -> HashMap<String, Value> {
    common::read_text(&dir.join("buildkit-reference.jsonl"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["file"].as_str().unwrap().to_string(), v)
        })
        .collect()
}

/// Reads a CSV file with a header into maps (RFC 4180 quoting).
fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let text = common::read_text(path);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    let header = rows.remove(0);
    rows.into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

struct Outcome {
    compared: usize,
    /// Instructions, flags, FROM images, RUN commands and heredocs compared.
    counts: [usize; 5],
    both_reject: usize,
    skipped: Vec<(String, String)>,
    mismatches: Vec<String>,
}

fn run_folder(folder: &str, results_csv: &str, expected_files: usize) -> Outcome {
    let dir = common::shared_dir().join("corpus").join(folder);
    let reference = read_reference(&dir);
    let csv = read_csv(&dir.join(results_csv));
    let column = "parse-dockerfile 0.1.9";
    assert!(
        csv.first().is_some_and(|r| r.contains_key(column)),
        "{results_csv} has no {column:?} column"
    );
    let status: HashMap<&str, &str> = csv
        .iter()
        .map(|r| (r["file"].as_str(), r[column].as_str()))
        .collect();

    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        expected_files,
        "{folder}: expected {expected_files} Dockerfiles"
    );

    let mut out = Outcome {
        compared: 0,
        counts: [0; 5],
        both_reject: 0,
        skipped: Vec::new(),
        mismatches: Vec::new(),
    };
    for path in &files {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let src = common::read_text(path);
        let r = reference
            .get(&name)
            .unwrap_or_else(|| panic!("{folder}/{name}: not in buildkit-reference.jsonl"));
        let st = *status
            .get(name.as_str())
            .unwrap_or_else(|| panic!("{folder}/{name}: not in {results_csv}"));
        let ours = layerlab_syntax::parse(&src);
        let pd = parse_dockerfile::parse(&src);
        let bk_ok = r["ok"].as_bool().unwrap();

        if !bk_ok {
            if pd.is_err() {
                // Both reject: so must we.
                out.both_reject += 1;
                out.compared += 1;
                if !ours.rejected_by_buildkit() {
                    out.mismatches.push(format!(
                        "{folder}/{name}: BuildKit and parse-dockerfile reject it, we accept it"
                    ));
                }
            } else {
                out.skipped
                    .push((name, "BuildKit rejects, parse-dockerfile accepts".into()));
            }
            continue;
        }
        if st != "ok" {
            out.skipped.push((name, format!("{results_csv}: {st}")));
            continue;
        }
        let pd = match pd {
            Ok(pd) => pd,
            Err(e) => {
                out.skipped
                    .push((name, format!("parse-dockerfile rejects it here: {e}")));
                continue;
            }
        };
        let theirs: Vec<Facts> = pd
            .instructions
            .iter()
            .map(|i| pd_facts(&src, ours.escape, i))
            .collect();
        if let Some(why) = pd_vs_buildkit(&theirs, r) {
            out.skipped.push((name, why));
            continue;
        }
        out.compared += 1;
        let mine: Vec<Facts> = ours.instructions().map(|i| our_facts(&ours, i)).collect();
        if mine.len() != theirs.len() {
            out.mismatches.push(format!(
                "{folder}/{name}: {} instructions, parse-dockerfile has {}: ours {:?}, theirs {:?}",
                mine.len(),
                theirs.len(),
                mine.iter().map(|f| &f.keyword).collect::<Vec<_>>(),
                theirs.iter().map(|f| &f.keyword).collect::<Vec<_>>()
            ));
            continue;
        }
        for t in &theirs {
            out.counts[0] += 1;
            out.counts[1] += t.flags.len();
            out.counts[2] += usize::from(t.from_image.is_some());
            out.counts[3] += usize::from(t.run.is_some());
            out.counts[4] += t.heredocs.len();
        }
        for (k, (m, t)) in mine.iter().zip(&theirs).enumerate() {
            if m != t {
                out.mismatches.push(format!(
                    "{folder}/{name}: instruction {} differs\n    ours:             {m:?}\n    parse-dockerfile: {t:?}",
                    k + 1
                ));
            }
        }
    }
    out
}

fn report(folder: &str, o: &Outcome) -> String {
    let mut s = String::new();
    writeln!(
        s,
        "{folder}: compared {} files ({} rejected by BuildKit and parse-dockerfile alike), skipped {} where parse-dockerfile disagrees with BuildKit",
        o.compared,
        o.both_reject,
        o.skipped.len()
    )
    .unwrap();
    let [i, f, fr, r, h] = o.counts;
    writeln!(s, "  compared {i} instructions: {f} flags, {fr} FROM images, {r} RUN commands, {h} heredoc bodies")
        .unwrap();
    for (name, why) in &o.skipped {
        writeln!(s, "  skipped {name}: {why}").unwrap();
    }
    s
}

fn check(folder: &str, results_csv: &str, expected_files: usize, min_compared: usize) {
    let o = run_folder(folder, results_csv, expected_files);
    println!("{}", report(folder, &o));
    assert!(
        o.compared >= min_compared,
        "{folder}: only {} files compared; expected at least {min_compared}",
        o.compared
    );
    assert!(
        o.mismatches.is_empty(),
        "{} mismatch(es) with parse-dockerfile in {folder}:\n{}",
        o.mismatches.len(),
        o.mismatches.join("\n")
    );
}

#[test]
fn agrees_with_parse_dockerfile_on_real_world_corpus() {
    check("real-world", "parser-results.csv", 324, 250);
}

#[test]
fn agrees_with_parse_dockerfile_on_edge_cases() {
    check("edge-cases", "results.csv", 106, 60);
}
