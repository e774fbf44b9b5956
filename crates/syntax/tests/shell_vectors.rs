//! `layerlab_syntax::shell` against BuildKit's own shell-lexer test vectors
//! (`shared/corpus/buildkit-shell/`, see its README.md), plus behaviour that
//! those vectors do not cover and robustness checks.

use layerlab_syntax::shell::{EmptyEnv, Env, Expansion, Lex, ShellError, MAX_NESTING};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// Locating the corpus

/// The shared folder: `$LAYERLAB_SHARED`, else the first `<ancestor>/shared`
/// that has a `corpus/` folder (walking up from this crate), else
/// `/work/shared`. Panics (fails the test) when none exists.
fn shared_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("LAYERLAB_SHARED") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.join("corpus").is_dir(),
            "LAYERLAB_SHARED={} has no corpus/ folder; point it at the shared folder that holds corpus/buildkit-shell",
            dir.display()
        );
        return dir;
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    for ancestor in manifest.ancestors() {
        let candidate = ancestor.join("shared");
        if candidate.join("corpus").is_dir() {
            return candidate;
        }
    }
    let fallback = PathBuf::from("/work/shared");
    assert!(
        fallback.join("corpus").is_dir(),
        "cannot find the shared corpus: set LAYERLAB_SHARED, or put shared/corpus beside the repository \
         (looked upwards from {} and at /work/shared)",
        manifest.display()
    );
    fallback
}

fn corpus_file(name: &str) -> String {
    let path = shared_dir().join("corpus/buildkit-shell").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read BuildKit shell vectors at {}: {e}",
            path.display()
        )
    })
}

fn env_of(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The fixed environment of `envVarTest`.
fn vector_env() -> HashMap<String, String> {
    env_of(&[
        ("PWD", "/home"),
        ("SHELL", "bash"),
        ("KOREAN", "한국어"),
        ("NULL", ""),
    ])
}

// ---------------------------------------------------------------------------
// BuildKit's vectors

#[test]
fn buildkit_env_var_vectors() {
    let text = corpus_file("envVarTest");
    let env = vector_env();
    let lex = Lex::new('\\');
    let (mut run, mut skipped_windows, mut expected_errors) = (0, 0, 0);
    let mut failures = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let number = number + 1;
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = trimmed.split('|').collect();
        assert_eq!(
            parts.len(),
            3,
            "envVarTest line {number} is not `P|input|expected`: {line:?}"
        );
        let (platform, input, expected) = (parts[0].trim(), parts[1].trim(), parts[2].trim());
        match platform {
            "A" | "U" => {}
            "W" => {
                skipped_windows += 1;
                continue;
            }
            other => panic!("envVarTest line {number}: unknown platform tag {other:?}"),
        }
        run += 1;
        let got = lex.process_word(input, &env);
        let ok = match (&got, expected) {
            (Err(_), "error") => {
                expected_errors += 1;
                true
            }
            (Ok(out), want) => want != "error" && out == want,
            (Err(_), _) => false,
        };
        if !ok {
            failures.push(format!(
                "line {number}: {input:?} gave {got:?}, expected {expected:?}"
            ));
        }
    }
    println!(
        "envVarTest: {run} vectors run ({expected_errors} of them expected errors), {} passed, {} failed, \
         {skipped_windows} Windows-only (W) lines skipped",
        run - failures.len(),
        failures.len()
    );
    assert!(run > 200, "envVarTest looks truncated: only {run} vectors");
    assert!(
        failures.is_empty(),
        "{} envVarTest vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn buildkit_words_vectors() {
    let text = corpus_file("wordsTest");
    let lex = Lex::new('\\');
    let mut env: HashMap<String, String> = HashMap::new();
    let mut run = 0;
    let mut failures = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let number = number + 1;
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if let Some(assignment) = line.strip_prefix("ENV ") {
            // The value runs to the end of the line, trailing spaces included.
            let assignment = assignment.trim_start_matches(' ');
            let (name, value) = assignment.split_once('=').unwrap_or((assignment, ""));
            env.insert(name.to_owned(), value.to_owned());
            continue;
        }
        let parts: Vec<&str> = line.split('|').collect();
        assert_eq!(
            parts.len(),
            2,
            "wordsTest line {number} should have exactly one `|`: {line:?}"
        );
        let input = parts[0].trim();
        let expected: Vec<String> = parts[1]
            .trim_start_matches(' ')
            .split(',')
            .map(str::to_owned)
            .collect();
        run += 1;
        let got = match lex.process_words(input, &env) {
            Ok(words) => words,
            Err(_) => vec!["error".to_owned()],
        };
        if got != expected {
            failures.push(format!(
                "line {number}: {input:?} gave {got:?}, expected {expected:?}"
            ));
        }
    }
    println!(
        "wordsTest: {run} vectors run, {} passed, {} failed",
        run - failures.len(),
        failures.len()
    );
    assert!(run > 20, "wordsTest looks truncated: only {run} vectors");
    assert!(
        failures.is_empty(),
        "{} wordsTest vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Behaviour the vectors do not cover. Expected values were checked against
// BuildKit's lexer.

fn word(lex: &Lex, input: &str, env: &dyn Env) -> String {
    lex.process_word(input, env)
        .unwrap_or_else(|e| panic!("{input:?} failed: {e}"))
}

fn error(lex: &Lex, input: &str, env: &dyn Env) -> ShellError {
    match lex.process_word(input, env) {
        Ok(out) => panic!("{input:?} should fail, gave {out:?}"),
        Err(e) => e,
    }
}

fn words(lex: &Lex, input: &str, env: &dyn Env) -> Vec<String> {
    lex.process_words(input, env)
        .unwrap_or_else(|e| panic!("{input:?} failed: {e}"))
}

fn demo_env() -> HashMap<String, String> {
    env_of(&[
        ("V", "/path/to/file.tar.gz"),
        ("E", ""),
        ("R", "<$0>"),
        ("N", "a\nb*c\nd"),
        ("K", "한국어 값"),
        ("S", "a b  c"),
    ])
}

#[test]
fn colon_less_operators_tell_empty_from_unset() {
    let (lex, env) = (Lex::new('\\'), demo_env());
    let cases = [
        ("${V-x}", "/path/to/file.tar.gz"),
        ("${E-x}", ""),
        ("${U-x}", "x"),
        ("${E:-x}", "x"),
        ("${V+x}", "x"),
        ("${E+x}", "x"),
        ("${U+x}", ""),
        ("${E:+x}", ""),
        ("${E?}", ""),
        ("${V:?}", "/path/to/file.tar.gz"),
    ];
    for (input, want) in cases {
        assert_eq!(word(&lex, input, &env), want, "{input}");
    }
}

#[test]
fn error_operators_and_messages() {
    let (lex, env) = (Lex::new('\\'), demo_env());
    let e = error(&lex, "${U:?oops}", &env);
    assert!(e.message.contains("U: oops"), "{e}");
    assert!(
        e.message.starts_with("failed to process \"${U:?oops}\""),
        "{e}"
    );
    assert!(error(&lex, "${E:?}", &env)
        .message
        .contains("E: is not allowed to be empty"));
    assert!(error(&lex, "${U?}", &env)
        .message
        .contains("U: is not allowed to be unset"));
    assert!(error(&lex, "${V:=x}", &env)
        .message
        .contains("unsupported modifier (:=)"));
    assert!(error(&lex, "${V=x}", &env)
        .message
        .contains("unsupported modifier (=)"));
    assert!(error(&lex, "${V", &env).message.contains("missing '}'"));
    assert!(error(&lex, "${}", &env)
        .message
        .contains("bad substitution"));
    assert!(error(&lex, "${V//}", &env).message.contains("missing '/'"));
    assert!(error(&lex, "'abc", &env).message.contains("single-quote"));
    assert!(error(&lex, "\"abc", &env).message.contains("double-quote"));
    let e = error(&lex, "${V#\\a}", &env);
    assert!(
        e.message.contains("invalid pattern") && e.message.contains("invalid escape '\\a'"),
        "{e}"
    );
}

#[test]
fn pattern_operators() {
    let (lex, env) = (Lex::new('\\'), demo_env());
    let cases = [
        ("${V#*/}", "path/to/file.tar.gz"),
        ("${V##*/}", "file.tar.gz"),
        ("${V%.*}", "/path/to/file.tar"),
        ("${V%%.*}", "/path/to/file"),
        ("${V/t/T}", "/paTh/to/file.tar.gz"),
        ("${V//t/T}", "/paTh/To/file.Tar.gz"),
        ("${V#/?a}", "th/to/file.tar.gz"),
        ("${V//\\//:}", ":path:to:file.tar.gz"),
        ("${V%\\}}", "/path/to/file.tar.gz"),
        ("${V#nomatch}", "/path/to/file.tar.gz"),
        ("${V#}", "/path/to/file.tar.gz"),
        ("${V##}", "/path/to/file.tar.gz"),
        ("${V%%}", "/path/to/file.tar.gz"),
        ("${U#x}", ""),
        // `:#` and `:%` act like `#` and `%` in BuildKit.
        ("${V:#*/}", "path/to/file.tar.gz"),
        // Regex characters are literal.
        ("${V//[/x}", "/path/to/file.tar.gz"),
        // `//` expands `$0` in the replacement (here from a variable)...
        ("${V//./$R}", "/path/to/file<.>tar<.>gz"),
        // ...an escaped `$` stays (with its escape) and expands the same way...
        ("${V//a/\\$0}", "/p\\ath/to/file.t\\ar.gz"),
        // ...and an empty pattern matches between all characters.
        ("${V///-}", "-/-p-a-t-h-/-t-o-/-f-i-l-e-.-t-a-r-.-g-z-"),
        // Wildcards do not match a newline.
        ("${N##*}", "\nb*c\nd"),
        ("${N%%*}", "a\nb*c\n"),
        ("${N#*\\*}", "a\nb*c\nd"),
        ("${N//*/X}", "X\nX\nX"),
        // Characters, not bytes.
        ("${K#한}", "국어 값"),
        ("${K%?}", "한국어 "),
        ("${K//국/-}", "한-어 값"),
    ];
    for (input, want) in cases {
        assert_eq!(word(&lex, input, &env), want, "{input}");
    }
}

#[test]
fn unquoted_expansions_split_into_words() {
    let (lex, env) = (Lex::new('\\'), demo_env());
    assert_eq!(words(&lex, "$S", &env), ["a", "b", "c"]);
    assert_eq!(words(&lex, "\"$S\"", &env), ["a b  c"]);
    assert_eq!(words(&lex, "x${K#한}y", &env), ["x국어", "값y"]);
    assert_eq!(words(&lex, "'' \"\" a", &env), ["a"]);
    assert!(words(&lex, "   ", &env).is_empty());
    // process_word keeps the spaces.
    assert_eq!(word(&lex, "$S", &env), "a b  c");
}

#[test]
fn heredoc_detection_options() {
    let lex = Lex {
        escape: '\\',
        raw_quotes: true,
        raw_escapes: true,
        skip_unset_env: true,
        skip_process_quotes: false,
    };
    assert_eq!(
        words(&lex, "RUN cat <<\"EOF\" > $out", &EmptyEnv),
        ["RUN", "cat", "<<\"EOF\"", ">", "$out"]
    );
    assert_eq!(
        words(&lex, "RUN cat <<'EOF' ${out:-x}", &EmptyEnv),
        ["RUN", "cat", "<<'EOF'", "${out:-x}"]
    );
    assert_eq!(
        words(&lex, "a\\ b \"c\\\"d\"", &EmptyEnv),
        ["a\\ b", "\"c\\\"d\""]
    );
}

#[test]
fn raw_quotes_raw_escapes_and_skip_unset_env() {
    let env = env_of(&[("SET", "v a l")]);
    let mut lex = Lex::new('\\');

    lex.raw_quotes = true;
    assert_eq!(word(&lex, "'a b'\"c\"", &env), "'a b'\"c\"");
    assert_eq!(
        words(&lex, "'a b' \"c $SET\"", &env),
        ["'a b'", "\"c v a l\""]
    );

    lex.raw_quotes = false;
    lex.raw_escapes = true;
    assert_eq!(word(&lex, "a\\ b\\$SET", &env), "a\\ b\\$SET");
    // In double quotes an escape that escapes nothing is written twice, as in BuildKit.
    assert_eq!(word(&lex, "\"a\\tb\\\"\"", &env), "a\\\\tb\\\"");
    // The word of `${x:-...}` drops escapes even with raw_escapes.
    assert_eq!(word(&lex, "${U:-a\\b}", &env), "ab");

    lex.raw_escapes = false;
    lex.skip_unset_env = true;
    assert_eq!(word(&lex, "$FOO ${FOO} $SET", &env), "$FOO ${FOO} v a l");
    assert_eq!(
        word(&lex, "${FOO:-x} ${FOO+y} ${FOO#p}", &env),
        "${FOO:-x} ${FOO+y} ${FOO#p}"
    );
    // BuildKit writes `//` back as `/`.
    assert_eq!(word(&lex, "${FOO//a/b}", &env), "${FOO/a/b}");
    // Errors that depend on the value are not raised for unset variables.
    assert_eq!(
        word(&lex, "${FOO:?boom} ${FOO:=x}", &env),
        "${FOO:?boom} ${FOO:=x}"
    );
    assert_eq!(words(&lex, "$SET$FOO", &env), ["v", "a", "l$FOO"]);

    lex.skip_unset_env = false;
    lex.skip_process_quotes = true;
    assert_eq!(
        words(&lex, "'a b' \"$SET\"", &env),
        ["'a", "b'", "\"v", "a", "l\""]
    );
}

#[test]
fn backtick_escape() {
    let lex = Lex::new('`');
    let env = env_of(&[("A", "x")]);
    assert_eq!(word(&lex, "a`$A", &env), "a$A");
    assert_eq!(word(&lex, "C:\\path\\$A", &env), "C:\\path\\x");
    assert_eq!(word(&lex, "\"q`\"q\"", &env), "q\"q");
    assert_eq!(word(&lex, "\"a`b\"", &env), "a`b");
    assert_eq!(word(&lex, "a``b`", &env), "a`b");
    assert_eq!(words(&lex, "a` b c", &env), ["a b", "c"]);
    // The pattern escape stays a backslash.
    assert_eq!(word(&lex, "${A#\\*}", &env_of(&[("A", "*x")])), "x");
}

#[test]
fn special_and_positional_parameters() {
    let lex = Lex::new('\\');
    let env = env_of(&[("1", "one"), ("@", "at")]);
    assert_eq!(
        word(&lex, "$1x $@@ ${1:+set} $$ $# $", &env),
        "onex at@ set   $"
    );
    assert_eq!(word(&lex, "$12a ${001}", &env), "a ");
    let seen = lex.process_word_with_matches("$12a $#", &env).unwrap();
    assert_eq!(seen.unmatched, ["12", "#"]);
}

#[test]
fn matched_and_unmatched_names() {
    let lex = Lex::new('\\');
    let env = env_of(&[("A", "1"), ("E", "")]);
    let got = lex
        .process_word_with_matches("$A ${B:-$C} ${A} \"$E\" ${D/x/$A}", &env)
        .unwrap();
    assert_eq!(
        got,
        Expansion {
            result: "1  1  ".to_owned(),
            matched: vec!["A".to_owned(), "E".to_owned()],
            unmatched: vec!["C".to_owned(), "B".to_owned(), "D".to_owned()],
        }
    );
    // Nothing is looked up for `$` alone or inside single quotes.
    let got = lex.process_word_with_matches("$ '$A' $.", &env).unwrap();
    assert_eq!(
        (got.result.as_str(), got.matched.len(), got.unmatched.len()),
        ("$ $A $.", 0, 0)
    );
}

#[test]
fn unicode_names_and_values() {
    let lex = Lex::new('\\');
    let env = env_of(&[("이름", "값"), ("A", "ä")]);
    assert_eq!(word(&lex, "$이름!", &env), "값!");
    // Arabic-Indic digits are digits for Go, so this is positional parameter ٣.
    assert_eq!(word(&lex, "$٣x", &env), "x");
    // A combining vowel sign is not a letter for Go: the name stops before it.
    assert_eq!(word(&lex, "$Aा", &env), "äा");
    // Superscript two is neither letter nor decimal digit.
    assert_eq!(word(&lex, "$A²", &env), "ä²");
}

// ---------------------------------------------------------------------------
// Robustness: no panic, no stack overflow, no quadratic blow-up.

fn timed<T>(what: &str, limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    println!("{what}: {took:?}");
    assert!(took < limit, "{what} took {took:?} (limit {limit:?})");
    out
}

/// Debug builds are several times slower than release ones.
const LIMIT: Duration = Duration::from_secs(if cfg!(debug_assertions) { 5 } else { 1 });

#[test]
fn malformed_inputs_do_not_panic() {
    let lexes = [
        Lex::new('\\'),
        Lex::new('`'),
        Lex {
            escape: '\\',
            raw_quotes: true,
            raw_escapes: true,
            skip_unset_env: true,
            skip_process_quotes: false,
        },
        Lex {
            escape: '\\',
            raw_quotes: false,
            raw_escapes: false,
            skip_unset_env: false,
            skip_process_quotes: true,
        },
    ];
    let env = env_of(&[("A", "a*b?c\n한"), ("E", "")]);
    let inputs = [
        "",
        "$",
        "${",
        "${A",
        "${A:",
        "${A:-",
        "${A#",
        "${A/",
        "${A//",
        "${A/x",
        "${A/x/",
        "${:}",
        "${{",
        "$}",
        "\\",
        "`",
        "\"",
        "'",
        "\"\\",
        "${A:-\"",
        "${A#\\",
        "${A%\\",
        "${A/\\/",
        "\u{FEFF}$A",
        "${A#\u{FEFF}a}",
        "${A%%*\\}",
        "${A//?/\\}",
        "${A:}",
        "${A:}x}",
        "é\u{301}${A##*b}",
        "${A/#/x}",
        "${A//$//}",
        "\0${A}\0",
        "${A:-${A:-${A",
        "\"${A:-\"}\"}\"",
    ];
    for lex in &lexes {
        for input in inputs {
            let _ = lex.process_word_with_matches(input, &env);
            let _ = lex.process_words(input, &env);
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let lex = Lex::new('\\');
    let nested = |depth: usize, closed: bool| {
        let mut s = "${a:-".repeat(depth);
        s.push('x');
        if closed {
            s.push_str(&"}".repeat(depth));
        }
        s
    };
    assert_eq!(
        lex.process_word(&nested(MAX_NESTING, true), &EmptyEnv)
            .as_deref(),
        Ok("x")
    );
    let e = lex
        .process_word(&nested(MAX_NESTING + 1, true), &EmptyEnv)
        .unwrap_err();
    assert!(e.message.contains("nested"), "{e}");
    timed("100k nested, closed", LIMIT, || {
        assert!(lex.process_word(&nested(100_000, true), &EmptyEnv).is_err())
    });
    timed("100k nested, unclosed", LIMIT, || {
        assert!(lex
            .process_words(&nested(100_000, false), &EmptyEnv)
            .is_err())
    });
    timed("100k `${`", LIMIT, || {
        assert!(lex.process_word(&"${".repeat(100_000), &EmptyEnv).is_err())
    });
    timed("100k `{`", LIMIT, || {
        assert_eq!(
            lex.process_word(&"{".repeat(100_000), &EmptyEnv)
                .unwrap()
                .len(),
            100_000
        )
    });
    timed("100k `}`", LIMIT, || {
        assert!(lex.process_word(&"}".repeat(100_000), &EmptyEnv).is_ok())
    });
    // Nesting through double quotes.
    let quoted = "\"${a:-".repeat(100_000);
    timed("100k quoted nesting", LIMIT, || {
        assert!(lex.process_word(&quoted, &EmptyEnv).is_err())
    });
    // The deepest accepted nesting, mixing quotes and all operators, fits in
    // a small stack (WebAssembly's default is 1 MiB).
    let mut deepest = String::new();
    for level in 0..MAX_NESTING {
        deepest.push_str(["\"${a:-", "${a#", "${a//x/", "${a:+"][level % 4]);
    }
    let closing: String = (0..MAX_NESTING)
        .rev()
        .map(|level| ["}\"", "}", "}", "}"][level % 4])
        .collect();
    deepest.push_str(&closing);
    let on_small_stack = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || {
            Lex::new('\\')
                .process_words(&deepest, &EmptyEnv)
                .map(|w| w.len())
        })
        .unwrap()
        .join()
        .expect("the expansion thread panicked"); // (an overflow would abort the whole test binary)
    assert_eq!(on_small_stack, Ok(0));
    // The error quotes only the start of a huge input.
    let e = lex
        .process_word(&nested(100_000, false), &EmptyEnv)
        .unwrap_err();
    assert!(
        e.message.len() < 1_000,
        "message of {} bytes",
        e.message.len()
    );
}

#[test]
fn one_megabyte_words_are_fast() {
    let lex = Lex::new('\\');
    let env = env_of(&[("A", "some value"), ("B", "x")]);
    let mut big = String::new();
    while big.len() < 1 << 20 {
        big.push_str(
            "plain text 한국어 \\$A \"quoted $A\" 'single' ${A:-w} $B ${A#some} ${A//e/E} ",
        );
    }
    let out = timed("1 MB word", LIMIT, || lex.process_word(&big, &env).unwrap());
    assert!(out.len() > 1 << 20);
    let split = timed("1 MB of words", LIMIT, || {
        lex.process_words(&big, &env).unwrap()
    });
    assert!(split.len() > 100_000);
    let plain = "a".repeat(1 << 20);
    timed("1 MB single word", LIMIT, || {
        assert_eq!(lex.process_word(&plain, &EmptyEnv).unwrap().len(), 1 << 20)
    });
    let dollars = "$".repeat(1 << 20);
    timed("1 MB of `$`", LIMIT, || {
        assert!(lex.process_word(&dollars, &EmptyEnv).is_ok())
    });
    let names = "$a".repeat(1 << 19);
    timed("512k references", LIMIT, || {
        let got = lex.process_word_with_matches(&names, &EmptyEnv).unwrap();
        assert_eq!(got.unmatched, ["a"]);
    });
}

#[test]
fn pattern_matching_is_not_quadratic() {
    let lex = Lex::new('\\');
    let long = "a".repeat(1 << 20);
    let lines = "ab\n".repeat(1 << 18);
    let env = env_of(&[("L", long.as_str()), ("N", lines.as_str())]);
    // A long literal pattern that almost matches everywhere.
    let almost = format!("${{L#{}b}}", "a".repeat(1 << 19));
    timed("long literal prefix", LIMIT, || {
        assert_eq!(lex.process_word(&almost, &env).unwrap().len(), 1 << 20)
    });
    let almost_suffix = format!("${{L//{}b/x}}", "a".repeat(1 << 19));
    timed("long literal replace", LIMIT, || {
        assert_eq!(
            lex.process_word(&almost_suffix, &env).unwrap().len(),
            1 << 20
        )
    });
    // Many stars.
    let stars = format!("${{L##{}b}}", "*a".repeat(1 << 17));
    timed("many stars", LIMIT, || {
        assert_eq!(lex.process_word(&stars, &env).unwrap().len(), 1 << 20)
    });
    let star_run = format!("${{L//{}/x}}", "*".repeat(1 << 19));
    timed("run of stars", LIMIT, || {
        assert_eq!(lex.process_word(&star_run, &env).unwrap(), "x")
    });
    // `?` wildcards, handled bit-parallel.
    let wild = format!("${{L//{}b/x}}", "a?".repeat(500));
    timed("long ? pattern", LIMIT, || {
        assert_eq!(lex.process_word(&wild, &env).unwrap().len(), 1 << 20)
    });
    let wild_stars = format!("${{L##*{}*b}}", "a?".repeat(500));
    timed("long ? pattern with stars", LIMIT, || {
        assert_eq!(lex.process_word(&wild_stars, &env).unwrap().len(), 1 << 20)
    });
    // Replacing everywhere, and per line.
    timed("1M replacements", LIMIT, || {
        assert_eq!(lex.process_word("${L//a/bc}", &env).unwrap().len(), 2 << 20)
    });
    timed("empty-pattern replace", LIMIT, || {
        assert_eq!(
            lex.process_word("${L///-}", &env).unwrap().len(),
            (2 << 20) + 1
        )
    });
    timed("per-line replace", LIMIT, || {
        assert_eq!(
            lex.process_word("${N//*b/X}", &env).unwrap(),
            "X\n".repeat(1 << 18)
        )
    });
    timed("trims", LIMIT, || {
        assert_eq!(
            lex.process_word("${L%a*}${L##*b}${L%%a}${N%%\\**}", &env)
                .unwrap()
                .len(),
            (3 << 20) - 2 + (3 << 18)
        );
    });
}
