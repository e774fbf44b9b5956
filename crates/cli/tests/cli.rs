//! The `layerlab` binary, run as a user would run it.

mod common;
use common::{layerlab, shared_dir, text};

#[test]
fn parse_buildkit_format_matches_every_buildkit_vector() {
    let root = shared_dir().join("corpus/buildkit-parser/testfiles");
    let mut n = 0;
    for entry in std::fs::read_dir(&root).expect("buildkit testfiles") {
        let case = entry.unwrap().path();
        let out = layerlab(
            &[
                "parse",
                "--format",
                "buildkit",
                case.join("Dockerfile").to_str().unwrap(),
            ],
            None,
        );
        let expected = std::fs::read(case.join("result")).unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            case.display(),
            text(&out.stderr)
        );
        assert_eq!(text(&out.stdout), text(&expected), "{}", case.display());
        n += 1;
    }
    assert_eq!(n, 33);
}

#[test]
fn parse_rejects_negative_vectors_with_position() {
    let root = shared_dir().join("corpus/buildkit-parser/testfiles-negative");
    let mut n = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let case = entry.unwrap().path();
        let file = case.join("Dockerfile");
        let out = layerlab(
            &["parse", "--format", "buildkit", file.to_str().unwrap()],
            None,
        );
        assert_eq!(out.status.code(), Some(1), "{}", case.display());
        let err = text(&out.stderr);
        // file:line:col: error[...]: message
        let prefix = format!("{}:", file.display());
        assert!(
            err.starts_with(&prefix) && err.contains(": error["),
            "{err}"
        );
        n += 1;
    }
    assert_eq!(n, 4);
}

#[test]
fn parse_reads_stdin_and_prints_json_with_spans() {
    let out = layerlab(
        &["parse", "--format", "json", "-"],
        Some("FROM alpine\nRUN echo hi\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["keyword"]["text"], "RUN");
    assert_eq!(items[1]["keyword"]["span"]["start"], 12);
    assert_eq!(items[1]["args"]["form"], "shell");
    assert_eq!(items[1]["args"]["text"]["text"], "echo hi");
}

#[test]
fn check_exit_codes() {
    let ok = layerlab(&["check", "-"], Some("FROM alpine\nRUN echo hi\n"));
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stdout));

    let bad = layerlab(&["check", "-"], Some("FROM alpine\nRUN <<EOF\necho\n"));
    assert_eq!(bad.status.code(), Some(1));
    let out = text(&bad.stdout);
    assert!(
        out.contains("error[unterminated-heredoc]: ") && out.contains(" --> <stdin>:2:5\n"),
        "{out}"
    );

    let json = layerlab(
        &["check", "--format", "json", "-"],
        Some("FROM alpine\nFRM x\n"),
    );
    assert_eq!(json.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "unknown-instruction")
        .expect("unknown-instruction");
    assert_eq!(f["rule"], "unknown-instruction");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(f["message"]
        .as_str()
        .unwrap()
        .contains("did you mean FROM?"));
}

#[test]
fn usage_and_io_errors_exit_2() {
    assert_eq!(
        layerlab(&["check", "/nonexistent/Dockerfile"], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(layerlab(&["frobnicate"], None).status.code(), Some(2));
    assert_eq!(
        layerlab(&["parse", "--format", "xml", "-"], Some(""))
            .status
            .code(),
        Some(2)
    );
    let help = layerlab(&["--help"], None);
    assert_eq!(help.status.code(), Some(0));
}
