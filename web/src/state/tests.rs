use super::*;
use yew::Reducible;

impl State {
    /// `apply`, then the analysis the page would get from the worker.
    pub(crate) fn run(&self, action: Action) -> State {
        self.apply(action).analysed()
    }
}

/// Payload 14: a link's context files near u64::MAX, copied twice and
/// compared: nothing overflows (debug builds would panic) and the sizes
/// read as the clamped bound.
#[test]
fn huge_context_sizes_do_not_overflow() {
    let files: Vec<CtxFile> = (0..4)
        .map(|i| CtxFile::sized(&format!("big{i}.bin"), u64::MAX - i))
        .collect();
    let link = crate::share::encode(&crate::share::Shared {
        text: "FROM alpine\nCOPY . /a\nCOPY . /b\nFROM alpine\nCOPY --from=0 / /c\n".into(),
        target: String::new(),
        context: files,
        extra: vec![],
    });
    let shared = crate::share::decode(&link).unwrap();
    let s = State::new("").run(Action::LoadShared {
        text: shared.text.clone(),
        context: shared.context.clone(),
        options: BuildOptions::default(),
    });
    let image = (*s.image).clone().unwrap();
    assert!(image.size_bytes >= 4 * crate::share::MAX_FILE_SIZE);
    assert!(image.size_bytes < u64::MAX / 2);
    // Direct u64::MAX sizes (not through a link) are clamped too.
    let direct = State::with_context(
        "FROM alpine\nCOPY . /a\n",
        vec![CtxFile::sized("x", u64::MAX), CtxFile::sized("y", u64::MAX)].into(),
    );
    assert!((*direct.image).clone().unwrap().size_bytes < u64::MAX / 2);
    // The compare view with the same files on both sides.
    let a = crate::compare::side_input(&shared.text, &shared.context, &BuildOptions::default());
    let c = crate::view::compare(&a, &a).comparison;
    assert_eq!(c.image.delta_bytes, 0);
}

#[test]
fn a_paused_state_keeps_the_text_and_analyses_on_resume() {
    let s = State::new("").run(Action::SetPaused(true));
    let s = s.run(Action::Load {
        text: "FROM python:3.12-slim\nRUN pip install flask\n".into(),
        context: vec![],
    });
    assert!(s.paused);
    assert!(s.findings.is_empty() && s.instructions.is_empty());
    let s = s.run(Action::Edit(
        "FROM python:3.12-slim\nRUN pip install flask gunicorn\n".into(),
    ));
    assert!(s.paused && s.findings.is_empty());
    assert!(s.text.contains("gunicorn"));
    let s = s.run(Action::SetPaused(false));
    assert!(!s.paused);
    assert_eq!(s.instructions.len(), 2);
    assert!(s.findings.iter().any(|f| f.rule == "pip-no-cache-dir"));
}

#[test]
fn the_example_has_two_stages_and_no_errors() {
    let s = State::default();
    assert_eq!(&*s.text, EXAMPLE);
    let froms: Vec<_> = s
        .instructions
        .iter()
        .filter(|r| r.keyword == "FROM")
        .collect();
    assert_eq!(froms.len(), 2, "{:?}", s.instructions);
    assert_eq!(froms[0].args, "python:3.12-slim AS build");
    assert_eq!(s.count(Severity::Error), 0, "{:?}", s.findings);
}

#[test]
fn the_example_lists_a_continued_run_with_its_line_range() {
    let s = State::default();
    let run = s
        .instructions
        .iter()
        .find(|r| r.args.starts_with("apt-get update"))
        .unwrap();
    assert_eq!((run.start_line, run.end_line), (5, 7));
    assert_eq!(run.line_range(), "5\u{2013}7");
    assert!(
        run.args.contains("&& rm -rf /var/lib/apt/lists/*"),
        "{}",
        run.args
    );
}

#[test]
fn edit_analyses_the_new_text() {
    let s = State::default().run(Action::Edit(
        "FROM python:3.12-slim AS build\nRUN pip install --no-cache-dir flask==3.0.3\nCOPY . /app\nCMD [\"python\", \"/app/app.py\"]\n".into(),
    ));
    let rows: Vec<_> = s
        .instructions
        .iter()
        .map(|r| (r.keyword.as_str(), r.start_line, r.line_range()))
        .collect();
    assert_eq!(
        rows,
        [
            ("FROM", 1, "1".to_string()),
            ("RUN", 2, "2".to_string()),
            ("COPY", 3, "3".to_string()),
            ("CMD", 4, "4".to_string())
        ]
    );
    assert!(s.findings.is_empty(), "{:?}", s.findings);
    assert_eq!(s.line_count(), 5);
}

#[test]
fn an_unterminated_heredoc_is_an_error_on_its_line() {
    let s = State::new("FROM alpine:3.20\nRUN <<EOF\necho hi\n");
    let f = s
        .findings
        .iter()
        .find(|f| f.rule == "unterminated-heredoc")
        .expect("a finding");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.line, 2);
    assert_eq!(s.line_marks()[1], Some(Severity::Error));
    assert_eq!(s.line_marks()[0], None);
}

#[test]
fn a_stopped_analysis_is_no_longer_on_its_way_and_a_newer_result_clears_it() {
    let s = State::new("FROM alpine\n").apply(Action::Edit("FROM alpine:3.20\n".into()));
    assert!(s.is_analysing());
    // A stop for an older text says nothing about this one.
    let older = s.apply(Action::Stopped(Stopped {
        seq: s.seq - 1,
        why: Stop::Crashed,
    }));
    assert!(older.stopped.is_none() && older.is_analysing());
    let stopped = s.apply(Action::Stopped(Stopped {
        seq: s.seq,
        why: Stop::Timeout(2000),
    }));
    assert!(stopped.is_stale() && !stopped.is_analysing() && !stopped.wants_analysis());
    // The next edit is analysed again; its result clears the stop.
    let edited = stopped.apply(Action::Edit("FROM alpine:3.21\n".into()));
    assert!(edited.wants_analysis());
    let done = edited.analysed();
    assert!(done.stopped.is_none() && !done.is_stale());
    assert_eq!(done.instructions[0].args, "alpine:3.21");
}

#[test]
fn unchanged_text_keeps_the_same_state() {
    let s = Rc::new(State::new("FROM alpine\n"));
    let same = s.clone().reduce(Action::Edit("FROM alpine\n".into()));
    assert!(Rc::ptr_eq(&s, &same));
    let changed = s.clone().reduce(Action::Edit("FROM alpine:3.20\n".into()));
    assert!(!Rc::ptr_eq(&s, &changed));
    // Until its analysis arrives the panels keep the last one, marked stale.
    assert!(changed.is_stale() && changed.wants_analysis());
    assert_eq!(changed.instructions[0].args, "alpine");
    let analysed = changed.analysed();
    assert!(!analysed.is_stale() && !analysed.wants_analysis());
    assert_eq!(analysed.instructions[0].args, "alpine:3.20");
}

#[test]
fn empty_and_odd_input_never_panics() {
    for text in [
        "",
        "\n",
        "\\",
        "RUN <<",
        "FROM",
        "\u{feff}FROM a",
        "# escape=`\nRUN a `\n b",
        "😀\n\r\n",
    ] {
        let s = State::new(text);
        assert_eq!(s.line_marks().len(), s.line_count());
    }
}

#[test]
fn only_loads_count_as_text_from_outside_the_editor() {
    let s = State::new("FROM alpine:3.20\n");
    let edited = s.run(Action::Edit("FROM alpine:3.21\n".into()));
    assert_eq!(edited.loads, s.loads);
    let loaded = edited.run(Action::Load {
        text: "FROM python:3.12-slim\nCOPY requirements.txt .\n".into(),
        context: vec![CtxFile::text("requirements.txt", "flask==3.0.3\n")],
    });
    assert_eq!(loaded.loads, s.loads + 1);
    assert_eq!(loaded.context.len(), 1);
    let ctx = loaded.run(Action::RemoveContextFile("requirements.txt".into()));
    assert_eq!((ctx.loads, ctx.context.len()), (loaded.loads, 0));
}

#[test]
fn target_and_build_args_reach_the_analysis() {
    let text = "ARG PY=3.12\nFROM python:${PY}-slim AS build\nRUN echo hi\nFROM alpine:3.20 AS other\nARG MODE\nRUN echo $MODE\n";
    let s = State::new(text);
    assert_eq!(
        s.args
            .iter()
            .map(|a| (a.name.as_str(), a.default.as_deref(), a.global))
            .collect::<Vec<_>>(),
        [("PY", Some("3.12"), true), ("MODE", None, false)]
    );
    // Default: the last stage is the target, the first is not needed.
    assert!(!s.stages[0].reachable && s.stages[1].reachable);
    let t = s.run(Action::SetTarget("build".into()));
    assert!(t.stages[0].reachable && !t.stages[1].reachable);
    assert_eq!(t.options.target, "build");
    // A build arg changes what FROM resolves to.
    let a = t.run(Action::SetBuildArg("PY".into(), "3.11".into()));
    assert_eq!(a.stages[0].base, "python:3.11-slim");
    // Editing keeps the options; an empty value removes the override.
    let e = a.run(Action::Edit(format!("{text}# more\n")));
    assert_eq!(e.options.target, "build");
    assert_eq!(e.stages[0].base, "python:3.11-slim");
    let r = e.run(Action::SetBuildArg("PY".into(), String::new()));
    assert_eq!(r.stages[0].base, "python:3.12-slim");
    // Loading an example resets them.
    let l = e.run(Action::Load {
        text: text.into(),
        context: vec![],
    });
    assert_eq!(*l.options, BuildOptions::default());
}

#[test]
fn build_args_text_round_trip() {
    let o = BuildOptions {
        target: String::new(),
        build_args: vec![("A".into(), "1".into()), ("B".into(), "x=y z".into())],
        whole_context: false,
    };
    assert_eq!(BuildOptions::parse_args(&o.args_text()), o.build_args);
    assert_eq!(
        BuildOptions::parse_args("=bad\nA=1\nbad name=2\nA=2\nC"),
        [
            ("A".to_string(), "2".to_string()),
            ("C".to_string(), String::new())
        ]
    );
}

#[test]
fn link_goals_survive_edits_and_a_load_clears_them() {
    let s = State::new("# goal: no errors\nFROM python:3.12-slim\n");
    assert_eq!(s.goals.rows.len(), 1);
    assert!(s.goals.all_met());
    let s = s.run(Action::SetGoals("user != root".into()));
    assert_eq!(s.goals.rows.len(), 2);
    assert!(!s.goals.all_met());
    let s = s.run(Action::Edit(
        "# goal: no errors\nFROM python:3.12-slim\nUSER app\n".into(),
    ));
    assert_eq!(&*s.goals_text, "user != root");
    assert!(s.goals.all_met(), "{:?}", s.goals);
    let s = s.run(Action::SetContextFile(CtxFile::text("a.txt", "x")));
    assert_eq!(&*s.goals_text, "user != root");
    let s = s.run(Action::Load {
        text: "FROM alpine\n".into(),
        context: vec![],
    });
    assert!(s.goals_text.is_empty() && s.goals.is_empty());
}

#[test]
fn a_whole_folder_context_makes_a_missing_copy_source_an_error() {
    let text = "FROM python:3.12-slim\nCOPY requirements.txt .\nCOPY src/ /app/\n";
    let context = vec![CtxFile::text("requirements.txt", "flask\n")];
    let missing = |s: &State| {
        s.findings
            .iter()
            .any(|f| f.rule == "copy-source-missing" && f.line == 3)
    };
    let folder = State::default().apply(Action::LoadShared {
        text: text.into(),
        context: context.clone(),
        options: BuildOptions {
            whole_context: true,
            ..BuildOptions::default()
        },
    });
    assert!(
        missing(&folder.analysed()),
        "{:?}",
        folder.analysed().findings
    );
    // Editing a file keeps the folder whole; an example's Load does not.
    let edited = folder.apply(Action::SetContextFile(CtxFile::text(
        "requirements.txt",
        "flask==3.0.3\n",
    )));
    assert!(edited.options.whole_context);
    // The same files added by hand are part of a context: src/ may exist.
    let added = State::default().apply(Action::Load {
        text: text.into(),
        context,
    });
    assert!(!added.options.whole_context);
    assert!(!missing(&added.analysed()));
}
