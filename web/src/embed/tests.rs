use super::*;

/// Percent-encodes `s` for `code=` like `encodeURIComponent` does (the
/// tests' round trip; hosts and embed.js encode on their side).
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[test]
fn not_an_embed_without_the_key() {
    assert_eq!(EmbedParams::parse(""), None);
    assert_eq!(EmbedParams::parse("?lang=ru&embedded=1"), None);
    assert!(EmbedParams::parse("?embed").is_some());
    assert!(EmbedParams::parse("lang=ru&embed=1").is_some());
}

#[test]
fn reads_every_option() {
    let p = EmbedParams::parse(
        "?embed&readonly&panes=findings,editor,graph&pane=graph&theme=dark\
         &code=FROM%20python%3A3.12%0ARUN%20apt-get%20install%20g++&origin=https://blog.example/&lang=zh",
    )
    .unwrap();
    assert!(p.readonly);
    assert_eq!(p.panes, vec![Pane::Findings, Pane::Editor, Pane::Graph]);
    assert_eq!(p.tabs(), vec![Pane::Findings, Pane::Graph]);
    assert_eq!(p.first_tab(), Some(Pane::Graph));
    assert_eq!(p.theme, Theme::Dark);
    assert_eq!(
        p.code.as_deref(),
        Some("FROM python:3.12\nRUN apt-get install g++")
    );
    assert_eq!(p.origin.as_deref(), Some("https://blog.example"));
    assert_eq!(p.lang, Some(Lang::Zh));
    assert!(p.problems.is_empty());
}

#[test]
fn files_give_code_a_build_context() {
    let p = EmbedParams::parse(
        "?embed&code=FROM%20python&file=requirements.txt:flask%3D%3D3.0%0Agunicorn%0A\
         &file=./src/app.py:print(1)&file=requirements.txt:flask%0A&file=nopath",
    )
    .unwrap();
    assert_eq!(
        p.files,
        vec![
            ("src/app.py".to_string(), "print(1)".to_string()),
            ("requirements.txt".to_string(), "flask\n".to_string()),
        ]
    );
    assert_eq!(p.problems, vec![ParamProblem::BadFile("nopath".into())]);
}

#[test]
fn defaults_and_bad_values_are_reported_not_fatal() {
    let p = EmbedParams::parse("?embed&readonly=false").unwrap();
    assert!(!p.readonly);
    assert_eq!(p.panes, Pane::ALL.to_vec());
    assert_eq!(p.first_tab(), Some(Pane::Findings));

    let p =
        EmbedParams::parse("?embed&panes=graph,bogus&pane=sizes&theme=purple&origin=evil").unwrap();
    assert_eq!(p.panes, vec![Pane::Graph]);
    assert_eq!(p.first_tab(), Some(Pane::Graph));
    assert_eq!(p.theme, Theme::Auto);
    assert_eq!(p.origin.as_deref(), Some(""));
    assert_eq!(
        p.problems,
        vec![
            ParamProblem::UnknownPane("bogus".into()),
            ParamProblem::UnknownTheme("purple".into()),
            ParamProblem::BadOrigin("evil".into()),
            ParamProblem::PaneHidden("sizes".into()),
        ]
    );
    for problem in &p.problems {
        for l in Lang::ALL {
            assert!(!problem.message(l).is_empty());
        }
    }
    // Nothing valid in panes=: all are shown.
    let p = EmbedParams::parse("?embed&panes=,nope").unwrap();
    assert_eq!(p.panes, Pane::ALL.to_vec());
    // Only the editor: no tabs.
    let p = EmbedParams::parse("?embed&panes=editor").unwrap();
    assert_eq!(p.first_tab(), None);
}

#[test]
fn percent_decoding_is_lenient() {
    assert_eq!(percent_decode("a%20b+c"), ("a b+c".into(), true));
    assert_eq!(percent_decode("100%"), ("100%".into(), true));
    assert_eq!(percent_decode("%zz%4"), ("%zz%4".into(), true));
    assert_eq!(percent_decode("%E4%B8%AD"), ("中".into(), true));
    let (s, ok) = percent_decode("x%FFy");
    assert!(!ok);
    assert_eq!(s, "x\u{FFFD}y");
    let p = EmbedParams::parse("?embed&code=%C3").unwrap();
    assert_eq!(p.problems, vec![ParamProblem::CodeNotUtf8]);
    let text = "FROM alpine\nRUN echo \"a&b=c\" 100% é 中 g++\n";
    assert_eq!(percent_decode(&percent_encode(text)), (text.into(), true));
}

#[test]
fn origin_checks() {
    assert!(accepts(true, "https://a.example", None));
    assert!(!accepts(false, "https://a.example", None));
    assert!(accepts(
        true,
        "https://a.example",
        Some("https://a.example")
    ));
    assert!(!accepts(
        true,
        "https://b.example",
        Some("https://a.example")
    ));
    assert!(!accepts(
        false,
        "https://a.example",
        Some("https://a.example")
    ));
    // A malformed origin= accepts nothing.
    assert!(!accepts(true, "", Some("")));
    assert!(!accepts(true, "null", Some("")));
}

/// Payload 20: origin= compared as a parsed origin.
#[test]
fn origins_are_compared_parsed() {
    for (given, host) in [
        ("https://A.example", "https://a.example"),
        ("https://a.example:443", "https://a.example"),
        ("HTTPS://a.EXAMPLE:443/", "https://a.example"),
        ("http://a.example:80", "http://a.example"),
        ("http://127.0.0.1:8775", "http://127.0.0.1:8775"),
        ("https://[::1]:443", "https://[::1]"),
    ] {
        let p = EmbedParams::parse(&format!("?embed&origin={}", percent_encode(given))).unwrap();
        assert_eq!(p.origin.as_deref(), Some(host), "{given}");
        assert!(p.problems.is_empty());
        assert!(accepts(true, host, p.origin.as_deref()), "{given}");
        assert!(
            accepts(true, &host.to_uppercase(), p.origin.as_deref()),
            "{given}"
        );
    }
    assert!(!accepts(
        true,
        "https://a.example:8443",
        Some("https://a.example")
    ));
    assert!(!accepts(
        true,
        "http://a.example",
        Some("https://a.example")
    ));
    assert!(!accepts(
        true,
        "https://a.example.evil",
        Some("https://a.example")
    ));
    for bad in [
        "javascript:alert(3)",
        "https://a.example/path",
        "https://user@a.example",
        "https://a.example:99999",
        "https://a.example:",
        "https://",
        "data:text/html,x",
        "https://a.example?x",
        "https://a\"b",
    ] {
        assert_eq!(normalize_origin(bad), None, "{bad}");
    }
}

/// Payloads 16 and 17: hostile values are kept as text in notes (the
/// components render them as text), and 140,000 file= parameters are
/// read in linear time, capped.
#[test]
fn hostile_parameters_become_notes() {
    let q = "?embed&panes=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E\
             &theme=%22%3E%3Csvg%20onload%3Dalert(2)%3E&origin=javascript:alert(3)\
             &file=%3Cimg%20src%3Dx%20onerror%3Dalert(4)%3E\
             &code=FROM%20alpine%20AS%20%3Cimg%20src%3Dx%20onerror%3Dalert(5)%3E";
    let p = EmbedParams::parse(q).unwrap();
    assert_eq!(p.origin.as_deref(), Some(""));
    assert_eq!(p.panes, Pane::ALL.to_vec());
    assert_eq!(p.theme, Theme::Auto);
    assert_eq!(
        p.problems,
        vec![
            ParamProblem::UnknownPane("<img src=x onerror=alert(1)>".into()),
            ParamProblem::UnknownTheme("\">\u{3c}svg onload=alert(2)>".into()),
            ParamProblem::BadOrigin("javascript:alert(3)".into()),
            ParamProblem::BadFile("<img src=x onerror=alert(4)>".into()),
        ]
    );
    assert_eq!(
        p.code.as_deref(),
        Some("FROM alpine AS <img src=x onerror=alert(5)>")
    );

    let mut q = String::from("?embed&code=FROM%20alpine");
    for i in 0..140_000 {
        q.push_str(&format!("&file=f{}.txt:x", i % 5000));
    }
    q.push_str("&file=bad");
    let started = std::time::Instant::now();
    let p = EmbedParams::parse(&q).unwrap();
    assert!(started.elapsed().as_secs_f64() < 5.0);
    assert_eq!(p.files.len(), MAX_FILES);
    assert_eq!(p.problems, vec![ParamProblem::TooManyFiles(140_001)]);
    // Many bad values: at most MAX_PROBLEMS notes, the last one kept.
    let mut q = String::from("?embed");
    for i in 0..100 {
        q.push_str(&format!("&pane=x{i}"));
    }
    q.push_str("&theme=last");
    let p = EmbedParams::parse(&q).unwrap();
    assert_eq!(p.problems.len(), MAX_PROBLEMS);
    assert_eq!(
        p.problems.last(),
        Some(&ParamProblem::UnknownTheme("last".into()))
    );
}
