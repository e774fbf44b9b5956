//! `layerlab check`: many files and directories, configuration, threshold,
//! human (rustc-like), JSON and SARIF output.

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::text;

fn run(args: &[&str], cwd: &Path, stdin: Option<&str>) -> Output {
    common::run_in(args, Some(cwd), stdin)
}

/// A fresh directory with a `.git` (so that no `.layerlab.toml` above it is found).
fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("check-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join(".git")).unwrap();
    for (path, content) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    root
}

/// An info (from-as-casing, BuildKit's FromAsCasing) on line 1, col 23..25.
const CASING: &str = "FROM python:3.12-slim as base\nRUN echo hi\n";
/// An error: BuildKit's parser rejects an unterminated heredoc.
const BROKEN: &str = "FROM alpine:3.20\nRUN <<EOF\necho\n";
/// from-as-casing made an error by the check directive.
const CASING_ERROR: &str = "# check=error=true\nFROM python:3.12-slim as base\nRUN echo hi\n";

fn rules_of(findings: &serde_json::Value) -> Vec<String> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn directories_are_searched_in_order_skipping_vendored_dirs() {
    let root = project(
        "dirs",
        &[
            ("Dockerfile", CASING),
            ("svc/api.Dockerfile", CASING),
            ("svc/Dockerfile.dev", CASING),
            ("svc/Containerfile", CASING),
            ("svc/notes.txt", "FROM x"),
            ("node_modules/pkg/Dockerfile", BROKEN),
            ("target/Dockerfile", BROKEN),
            (".git/Dockerfile", BROKEN),
        ],
    );
    let out = run(&["check", "--format", "json", "."], &root, None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "./Dockerfile",
            "./svc/Containerfile",
            "./svc/Dockerfile.dev",
            "./svc/api.Dockerfile"
        ]
    );
}

#[test]
fn many_files_keep_the_input_order_and_any_error_fails() {
    let mut files = vec![("b/Dockerfile".to_string(), BROKEN.to_string())];
    for i in 0..12 {
        files.push((format!("f{i:02}/Dockerfile"), CASING.to_string()));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let root = project("many", &refs);
    let mut args = vec!["check", "--format", "json"];
    let names: Vec<String> = (0..12)
        .rev()
        .map(|i| format!("f{i:02}/Dockerfile"))
        .collect();
    args.extend(names.iter().map(String::as_str));
    let ok = run(&args, &root, None);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let v: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    let got: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(got, names);

    args.push("b/Dockerfile");
    let bad = run(&args, &root, None);
    assert_eq!(bad.status.code(), Some(1));

    // Human output: files in input order, a total at the end.
    let human = run(&["check", "b/Dockerfile", "f00/Dockerfile"], &root, None);
    assert_eq!(human.status.code(), Some(1));
    let s = text(&human.stdout);
    let b = s.find("b/Dockerfile: 1 error(s)").expect(&s);
    let f = s.find("f00/Dockerfile: 0 error(s)").expect(&s);
    assert!(b < f, "{s}");
    assert!(
        s.trim_end()
            .ends_with("2 files: 1 error(s), 0 warning(s), 1 note(s)")
            || s.contains("2 files: 1 error(s)"),
        "{s}"
    );

    // An unreadable file: exit 2, the others are still checked.
    let io = run(
        &["check", "f00/Dockerfile", "missing/Dockerfile"],
        &root,
        None,
    );
    assert_eq!(io.status.code(), Some(2));
    assert!(text(&io.stderr).contains("missing/Dockerfile"));
    assert!(text(&io.stdout).contains("f00/Dockerfile: 0 error(s)"));
}

#[test]
fn ignore_and_threshold() {
    let root = project(
        "threshold",
        &[("Dockerfile", CASING_ERROR), ("info/Dockerfile", CASING)],
    );
    assert_eq!(
        run(&["check", "Dockerfile"], &root, None).status.code(),
        Some(1)
    );
    // By id, and by BuildKit name.
    for id in ["from-as-casing", "FromAsCasing"] {
        let out = run(
            &["check", "--format", "json", "--ignore", id, "Dockerfile"],
            &root,
            None,
        );
        assert_eq!(out.status.code(), Some(0), "{id}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(!rules_of(&v["findings"]).contains(&"from-as-casing".to_string()));
        assert_eq!(v["suppressed"], 1);
    }
    let out = run(
        &[
            "check",
            "--format",
            "json",
            "--severity-threshold",
            "warning",
            "info/Dockerfile",
        ],
        &root,
        None,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!rules_of(&v["findings"]).contains(&"from-as-casing".to_string()));
    assert!(v["below_threshold"].as_u64().unwrap() >= 1);
    let out = run(
        &[
            "check",
            "--format",
            "json",
            "--severity-threshold",
            "info",
            "info/Dockerfile",
        ],
        &root,
        None,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rules_of(&v["findings"]).contains(&"from-as-casing".to_string()));
    assert_eq!(
        run(
            &["check", "--severity-threshold", "loud", "Dockerfile"],
            &root,
            None
        )
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn configuration_is_found_above_the_dockerfile_and_stops_at_git() {
    let root = project(
        "config",
        &[
            (".layerlab.toml", "[rules]\nignore = [\"FromAsCasing\"]\n"),
            ("a/b/Dockerfile", CASING_ERROR),
            ("nested/.git/HEAD", ""),
            ("nested/Dockerfile", CASING_ERROR),
            (
                "sev/.layerlab.toml",
                "threshold = \"warning\"\n[rules.severity]\n\"from-as-casing\" = \"info\"\n",
            ),
            ("sev/Dockerfile", CASING_ERROR),
            ("other.toml", "[rules]\nignore = [\"from-as-casing\"]\n"),
        ],
    );
    // Found two levels up.
    assert_eq!(
        run(&["check", "a/b/Dockerfile"], &root, None).status.code(),
        Some(0)
    );
    // nested/ is its own repository: the file above it does not apply.
    assert_eq!(
        run(&["check", "nested/Dockerfile"], &root, None)
            .status
            .code(),
        Some(1)
    );
    // Severity override (wins over check=error=true) and threshold from the file.
    let out = run(
        &["check", "--format", "json", "sev/Dockerfile"],
        &root,
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!rules_of(&v["findings"]).contains(&"from-as-casing".to_string()));
    // --severity-threshold beats the file's threshold.
    let out = run(
        &[
            "check",
            "--format",
            "json",
            "--severity-threshold",
            "info",
            "sev/Dockerfile",
        ],
        &root,
        None,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "from-as-casing")
        .expect("shown");
    assert_eq!(f["severity"], "info");
    // --config replaces the search.
    assert_eq!(
        run(
            &["check", "--config", "other.toml", "nested/Dockerfile"],
            &root,
            None
        )
        .status
        .code(),
        Some(0)
    );
}

#[test]
fn a_bad_configuration_exits_2_with_its_position() {
    let root = project(
        "badconfig",
        &[
            ("Dockerfile", CASING),
            (
                ".layerlab.toml",
                "[rules]\nignore = [\"a\"]\n[rules.severity]\nfoo = \"loud\"\n",
            ),
            ("typo.toml", "[rule]\nignore = []\n"),
            ("syntax.toml", "[rules\n"),
        ],
    );
    let out = run(&["check", "Dockerfile"], &root, None);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains(".layerlab.toml:4:7: invalid configuration: unknown variant `loud`"),
        "{err}"
    );
    let out = run(
        &["check", "--config", "typo.toml", "Dockerfile"],
        &root,
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("typo.toml:1:2: invalid configuration"),
        "{}",
        text(&out.stderr)
    );
    let out = run(
        &["check", "--config", "syntax.toml", "Dockerfile"],
        &root,
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("syntax.toml:1:"),
        "{}",
        text(&out.stderr)
    );
    let out = run(
        &["check", "--config", "missing.toml", "Dockerfile"],
        &root,
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

/// The block of one finding in human output, from its title to the blank line.
fn block<'a>(out: &'a str, title: &str) -> &'a str {
    let start = out
        .find(title)
        .unwrap_or_else(|| panic!("{title} in:\n{out}"));
    let end = out[start..]
        .find("\n\n")
        .map_or(out.len(), |e| start + e + 1);
    &out[start..end]
}

#[test]
fn human_output_reads_like_rustc() {
    let root = project("human", &[("Dockerfile", CASING_ERROR)]);
    let out = run(&["check", "--color", "never", "Dockerfile"], &root, None);
    assert_eq!(out.status.code(), Some(1));
    let s = text(&out.stdout);
    assert_eq!(
        block(&s, "error[from-as-casing]"),
        "error[from-as-casing]: `as` does not match the casing of `FROM`
 --> Dockerfile:2:23
  |
2 | FROM python:3.12-slim as base
  |                       ^^
  |
  = help: Write AS to match FROM.
  = fix: Write AS
"
    );
    // Findings come first, then the stages and sizes, then the summary.
    let finding = s.find("error[from-as-casing]").unwrap();
    let stage = s.find("stage 0 \"base\"").expect(&s);
    let summary = s.find("Dockerfile: 1 error(s)").expect(&s);
    assert!(finding < stage && stage < summary, "{s}");
    assert!(!s.contains('\x1b'));
    // Not a terminal: no colour unless asked for.
    let auto = run(&["check", "Dockerfile"], &root, None);
    assert!(!text(&auto.stdout).contains('\x1b'));
    let always = run(&["check", "--color", "always", "Dockerfile"], &root, None);
    assert!(
        text(&always.stdout).contains("\x1b[1;31merror[from-as-casing]\x1b[0m"),
        "{}",
        text(&always.stdout)
    );
}

#[test]
fn human_output_shows_cost_and_marks_multiline_ranges_on_the_first_line() {
    let root = project(
        "cost",
        &[(
            "Dockerfile",
            "FROM python:3.12-slim\nRUN apt-get update && \\\n    pip install flask\n",
        )],
    );
    let out = run(&["check", "--color", "never", "Dockerfile"], &root, None);
    let s = text(&out.stdout);
    let b = block(&s, "warning[pip-no-cache-dir]");
    assert!(b.contains(" --> Dockerfile:2:"), "{b}");
    assert!(b.contains("\n2 | RUN apt-get update && \\\n"), "{b}");
    assert!(b.contains("\n  = cost: "), "{b}");
    assert!(b.contains("\n  = fix: Add --no-cache-dir\n"), "{b}");
}

#[test]
fn stdin_still_works() {
    let root = project("stdin", &[]);
    let out = run(&["check", "--format", "json", "-"], &root, Some(CASING));
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["file"], "<stdin>");
    assert_eq!(v["suppressed"], 0);
}

#[test]
fn json_findings_carry_cost_and_fix() {
    let root = project(
        "json",
        &[(
            "Dockerfile",
            "FROM python:3.12-slim\nRUN pip install flask\n",
        )],
    );
    let out = run(&["check", "--format", "json", "Dockerfile"], &root, None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "pip-no-cache-dir")
        .expect("pip finding");
    assert_eq!(f["cost"]["kind"], "bytes");
    assert!(f["cost"]["bytes"].as_u64().unwrap() > 0);
    assert_eq!(f["fix"]["title"], "Add --no-cache-dir");
    let e = &f["fix"]["edits"][0];
    assert_eq!(e["start"], e["end"]);
    assert_eq!(e["replacement"], " --no-cache-dir");
}

#[test]
fn sarif_has_the_shape_code_scanning_wants() {
    let root = project(
        "sarif",
        &[("app/Dockerfile", CASING), ("Dockerfile", BROKEN)],
    );
    let out = run(
        &["check", "--format", "sarif", "app/Dockerfile", "Dockerfile"],
        &root,
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif"));
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "layerlab");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let rules = driver["rules"].as_array().unwrap();
    let casing = rules
        .iter()
        .find(|r| r["id"] == "from-as-casing")
        .expect("rule descriptor");
    assert_eq!(casing["name"], "FromAsCasing");
    assert!(!casing["shortDescription"]["text"]
        .as_str()
        .unwrap()
        .is_empty());
    assert!(casing["fullDescription"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## What it does"));
    assert!(casing["help"]["text"].is_string() && casing["help"]["markdown"].is_string());
    assert_eq!(casing["defaultConfiguration"]["level"], "note");
    assert_eq!(casing["properties"]["buildkit"], "FromAsCasing");
    assert_eq!(casing["properties"]["category"], "style");
    assert!(casing["properties"]["hadolint"].is_array());
    for r in rules {
        assert!(
            r["id"].is_string() && r["shortDescription"]["text"].is_string(),
            "{r}"
        );
    }

    let results = runs[0]["results"].as_array().unwrap();
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let region = &r["locations"][0]["physicalLocation"]["region"];
        for k in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[k].as_u64().unwrap() >= 1, "{k} of {r}");
        }
    }
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "from-as-casing")
        .expect("casing result");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "app/Dockerfile");
    assert_eq!(
        loc["region"],
        serde_json::json!({"startLine": 1, "startColumn": 23, "endLine": 1, "endColumn": 25})
    );
    let change = &r["fixes"][0]["artifactChanges"][0];
    assert_eq!(r["fixes"][0]["description"]["text"], "Write AS");
    assert_eq!(change["artifactLocation"]["uri"], "app/Dockerfile");
    assert_eq!(change["replacements"][0]["deletedRegion"], loc["region"]);
    assert_eq!(change["replacements"][0]["insertedContent"]["text"], "AS");

    let heredoc = results
        .iter()
        .find(|r| r["ruleId"] == "unterminated-heredoc")
        .expect("parser error");
    assert_eq!(heredoc["level"], "error");
    assert_eq!(
        heredoc["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "Dockerfile"
    );
    assert!(rules.iter().any(|d| d["id"] == "unterminated-heredoc"));
}

#[test]
fn rules_lists_and_documents_the_rules() {
    let root = project("rules", &[]);
    let out = run(&["rules"], &root, None);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout)
        .lines()
        .any(|l| l.starts_with("pip-no-cache-dir ") && l.contains("DL3042")));
    let out = run(&["rules", "FromAsCasing"], &root, None);
    assert!(
        text(&out.stdout).starts_with("# from-as-casing\n\n## What it does"),
        "{}",
        text(&out.stdout)
    );
    let out = run(&["rules", "--format", "markdown"], &root, None);
    assert!(text(&out.stdout).starts_with("# Rules\n"));
    let out = run(&["rules", "--format", "json"], &root, None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "from-as-casing" && r["buildkit"] == "FromAsCasing"));
    assert_eq!(
        run(&["rules", "no-such-rule"], &root, None).status.code(),
        Some(2)
    );
}

/// A missing COPY source that a `.gitignore` above the context lists (a
/// host build's output) is a note; the same source not listed is an error.
#[test]
fn gitignore_above_the_context_marks_generated_sources() {
    let root =
        std::env::temp_dir().join(format!("layerlab-outer-gitignore-{}", std::process::id()));
    let ctx = root.join("complete");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(&ctx).unwrap();
    std::fs::write(root.join(".gitignore"), "target\n").unwrap();
    std::fs::write(
        ctx.join("Dockerfile"),
        "FROM eclipse-temurin:21-jre\nCOPY target/app.jar /app.jar\nCOPY missing.txt /\n",
    )
    .unwrap();
    let out = common::layerlab(
        &[
            "check",
            "--format",
            "json",
            "--context",
            ctx.to_str().unwrap(),
            ctx.join("Dockerfile").to_str().unwrap(),
        ],
        None,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let missing: Vec<(u64, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "copy-source-missing")
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    std::fs::remove_dir_all(&root).unwrap();
    assert_eq!(
        missing,
        vec![(2, "info".to_string()), (3, "error".to_string())]
    );
}

#[test]
fn sarif_carries_related_locations() {
    // Seed 04 in its context: the packages left in the builder come from the
    // RUN on line 8, SARIF's relatedLocations of the line-18 result.
    let (dir, _) = common::seed04_project("sarif-related");
    let out = run(&["check", "--format", "sarif", "Dockerfile"], &dir, None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    let left = results
        .iter()
        .find(|r| r["ruleId"] == "python-packages-left-behind")
        .expect("the line-18 finding");
    let related = left["relatedLocations"]
        .as_array()
        .expect("relatedLocations");
    assert!(!related.is_empty());
    let first = &related[0];
    assert_eq!(first["id"], 0);
    assert_eq!(
        first["physicalLocation"]["artifactLocation"]["uri"],
        left["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    );
    assert_eq!(first["physicalLocation"]["region"]["startLine"], 8);
    assert!(first["message"]["text"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    let _ = std::fs::remove_dir_all(&dir);
}
