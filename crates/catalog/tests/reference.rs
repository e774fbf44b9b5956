//! Image reference parsing, checked against Docker's normalisation rules
//! (distribution/reference `ParseNormalizedNamed` and its test vectors).

use layerlab_catalog::{ImageRef, RefErrorKind};

const SHA: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn ok(text: &str) -> ImageRef {
    ImageRef::parse(text).unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
}

fn bad(text: &str) -> (RefErrorKind, usize) {
    match ImageRef::parse(text) {
        Ok(r) => panic!("{text:?} should fail, parsed as {r}"),
        Err(e) => {
            assert!(!e.message.is_empty());
            assert!(
                e.pos <= text.len(),
                "{text:?}: position {} past the end",
                e.pos
            );
            (e.kind, e.pos)
        }
    }
}

#[test]
fn normalises_docker_hub_names() {
    for (input, full, familiar) in [
        ("python", "docker.io/library/python", "python"),
        (
            "python:3.12-slim",
            "docker.io/library/python:3.12-slim",
            "python:3.12-slim",
        ),
        (
            "library/python:3.12",
            "docker.io/library/python:3.12",
            "python:3.12",
        ),
        ("docker.io/python", "docker.io/library/python", "python"),
        (
            "docker.io/library/python:3",
            "docker.io/library/python:3",
            "python:3",
        ),
        (
            "index.docker.io/library/python",
            "docker.io/library/python",
            "python",
        ),
        (
            "index.docker.io/python",
            "docker.io/library/python",
            "python",
        ),
        ("mycorp/app:1", "docker.io/mycorp/app:1", "mycorp/app:1"),
        ("docker.io/mycorp/app", "docker.io/mycorp/app", "mycorp/app"),
        ("a/b/c", "docker.io/a/b/c", "a/b/c"),
        ("library/a/b", "docker.io/library/a/b", "library/a/b"),
    ] {
        let r = ok(input);
        assert_eq!(r.to_string(), full, "{input}");
        assert_eq!(r.familiar(), familiar, "{input}");
    }
}

#[test]
fn registry_detection() {
    // a first component is a registry if it has `.` or `:`, is localhost, or has upper case
    let r = ok("ghcr.io/owner/app:v1");
    assert_eq!(
        (r.registry(), r.path(), r.tag()),
        ("ghcr.io", "owner/app", Some("v1"))
    );
    assert!(!r.is_docker_hub() && !r.is_official());
    assert_eq!(r.familiar(), "ghcr.io/owner/app:v1");

    let r = ok("localhost:5000/foo/bar:tag");
    assert_eq!(
        (r.registry(), r.path(), r.tag()),
        ("localhost:5000", "foo/bar", Some("tag"))
    );

    let r = ok("localhost/foo");
    assert_eq!(
        (r.registry(), r.path(), r.tag()),
        ("localhost", "foo", None)
    );

    let r = ok("myregistry:5000/app");
    assert_eq!((r.registry(), r.path()), ("myregistry:5000", "app"));
    assert_eq!(r.tag(), None);

    let r = ok("127.0.0.1:5000/app:latest");
    assert_eq!(
        (r.registry(), r.path(), r.tag()),
        ("127.0.0.1:5000", "app", Some("latest"))
    );

    let r = ok("[::1]:5000/app");
    assert_eq!((r.registry(), r.path()), ("[::1]:5000", "app"));

    let r = ok("Example.com/app");
    assert_eq!(r.registry(), "Example.com");

    // upper case in the first component makes it a registry, as in Docker
    let r = ok("Foo/bar");
    assert_eq!((r.registry(), r.path()), ("Foo", "bar"));

    // `localhost:5000` alone is a repository `localhost` with tag `5000`
    let r = ok("localhost:5000");
    assert_eq!(
        (r.registry(), r.path(), r.tag()),
        ("docker.io", "library/localhost", Some("5000"))
    );

    // a non-registry first component stays on Docker Hub
    let r = ok("foo/bar:1.0");
    assert_eq!((r.registry(), r.path()), ("docker.io", "foo/bar"));

    let r = ok("mcr.microsoft.com/windows/servercore:ltsc2025");
    assert_eq!(
        (r.registry(), r.path(), r.name(), r.namespace()),
        (
            "mcr.microsoft.com",
            "windows/servercore",
            "servercore",
            Some("windows")
        )
    );
}

#[test]
fn tags_and_digests() {
    let r = ok(&format!("python@{SHA}"));
    assert_eq!((r.tag(), r.digest()), (None, Some(SHA)));
    assert_eq!(r.familiar(), format!("python@{SHA}"));

    let r = ok(&format!("python:3.12-slim@{SHA}"));
    assert_eq!((r.tag(), r.digest()), (Some("3.12-slim"), Some(SHA)));
    assert_eq!(
        r.to_string(),
        format!("docker.io/library/python:3.12-slim@{SHA}")
    );

    let r = ok(&format!("localhost:5000/app:v2@{SHA}"));
    assert_eq!(
        (r.registry(), r.tag(), r.digest()),
        ("localhost:5000", Some("v2"), Some(SHA))
    );

    let sha512 = format!("sha512:{}", "ab".repeat(64));
    assert_eq!(ok(&format!("app@{sha512}")).digest(), Some(sha512.as_str()));

    // tags: word characters, `.` and `-`, not leading `.`/`-`, up to 128
    assert_eq!(ok("app:_x.Y-1").tag(), Some("_x.Y-1"));
    assert_eq!(
        ok(&format!("app:{}", "a".repeat(128))).tag().map(str::len),
        Some(128)
    );
    assert_eq!(ok("python").tag_or_latest(), "latest");
    assert_eq!(ok("python:3").tag_or_latest(), "3");
}

#[test]
fn path_components() {
    for good in [
        "a",
        "a0",
        "a.b",
        "a_b",
        "a__b",
        "a-b",
        "a---b",
        "a.b_c-d",
        "0a",
        "a/b-c/d_e",
    ] {
        ok(good);
    }
    assert_eq!(bad("a..b"), (RefErrorKind::BadSeparator, 1));
    assert_eq!(bad("a___b"), (RefErrorKind::BadSeparator, 1));
    assert_eq!(bad("a_.b"), (RefErrorKind::BadSeparator, 1));
    assert_eq!(bad("-a"), (RefErrorKind::BadSeparator, 0));
    assert_eq!(bad("a-"), (RefErrorKind::BadSeparator, 1));
    assert_eq!(bad("foo/.bar"), (RefErrorKind::BadSeparator, 4));
    assert_eq!(bad("a//b"), (RefErrorKind::EmptyComponent, 2));
    assert_eq!(bad("a/"), (RefErrorKind::EmptyComponent, 2));
    assert_eq!(bad("/a"), (RefErrorKind::EmptyComponent, 0));
    assert_eq!(bad("ghcr.io/"), (RefErrorKind::EmptyComponent, 8));
    assert_eq!(bad("foo/b!ar"), (RefErrorKind::InvalidCharacter, 5));
}

#[test]
fn errors_with_positions() {
    assert_eq!(bad(""), (RefErrorKind::Empty, 0));
    // upper case in the repository path
    assert_eq!(bad("Python:3.12"), (RefErrorKind::Uppercase, 0));
    assert_eq!(bad("library/Python"), (RefErrorKind::Uppercase, 8));
    assert_eq!(bad("ghcr.io/Owner/app"), (RefErrorKind::Uppercase, 8));
    assert_eq!(bad("foo/Bar"), (RefErrorKind::Uppercase, 4));
    // unresolved build arguments
    let e = ImageRef::parse("python:${PYTHON_VERSION}-slim").unwrap_err();
    assert_eq!(
        (e.kind, e.pos, e.len),
        (RefErrorKind::UnresolvedVariable, 7, 17)
    );
    assert!(e.message.contains("${PYTHON_VERSION}"), "{}", e.message);
    let e = ImageRef::parse("$BASE_IMAGE").unwrap_err();
    assert_eq!(
        (e.kind, e.pos, e.len),
        (RefErrorKind::UnresolvedVariable, 0, 11)
    );
    // whitespace and other characters
    assert_eq!(bad("python 3"), (RefErrorKind::InvalidCharacter, 6));
    assert_eq!(bad("pythön"), (RefErrorKind::InvalidCharacter, 4));
    // tags
    assert_eq!(bad("python:"), (RefErrorKind::InvalidTag, 6));
    assert_eq!(bad("python:.x"), (RefErrorKind::InvalidTag, 7));
    assert_eq!(bad("python:-x"), (RefErrorKind::InvalidTag, 7));
    assert_eq!(bad("python:3.12+slim"), (RefErrorKind::InvalidTag, 11));
    assert_eq!(
        bad(&format!("app:{}", "a".repeat(129))),
        (RefErrorKind::TagTooLong, 4 + 128)
    );
    assert_eq!(bad("app:a:b"), (RefErrorKind::InvalidCharacter, 3));
    // digests
    assert_eq!(bad("python@sha256:abc"), (RefErrorKind::InvalidDigest, 14));
    assert_eq!(
        bad(&format!(
            "python@{}",
            SHA.to_uppercase().replace("SHA256", "sha256")
        )),
        (RefErrorKind::InvalidDigest, 24)
    );
    assert_eq!(
        bad("python@md5:0123456789abcdef0123456789abcdef"),
        (RefErrorKind::UnsupportedDigest, 7)
    );
    assert_eq!(bad("python@sha256"), (RefErrorKind::InvalidDigest, 7));
    assert_eq!(bad("python@"), (RefErrorKind::InvalidDigest, 7));
    assert_eq!(
        bad(&format!("python@{SHA}0")),
        (RefErrorKind::InvalidDigest, 14)
    );
    assert_eq!(bad("python@Sha256:00"), (RefErrorKind::InvalidDigest, 7));
    assert_eq!(bad(&format!("@{SHA}")), (RefErrorKind::EmptyComponent, 0));
    // registries
    assert_eq!(bad("-bad.io/app"), (RefErrorKind::InvalidRegistry, 0));
    assert_eq!(bad("bad..io/app"), (RefErrorKind::InvalidRegistry, 4));
    assert_eq!(bad("host.io:port/app"), (RefErrorKind::InvalidRegistry, 8));
    assert_eq!(bad("host.io:/app"), (RefErrorKind::InvalidRegistry, 8));
    assert_eq!(bad("[zz]:5000/app"), (RefErrorKind::InvalidRegistry, 1));
    // too long, and image IDs
    let long = format!("{}/{}", "a".repeat(200), "b".repeat(60));
    assert_eq!(bad(&long), (RefErrorKind::NameTooLong, 0));
    assert_eq!(
        bad(&"a".repeat(64).replace('a', "f")),
        (RefErrorKind::HexIdentifier, 0)
    );
}

#[test]
fn error_display_mentions_position() {
    let e = ImageRef::parse("Python").unwrap_err();
    let text = e.to_string();
    assert!(text.starts_with("invalid reference format:"), "{text}");
    assert!(text.contains("must be lowercase"), "{text}");
    assert!(text.contains("byte 0"), "{text}");
}

#[test]
fn official_and_scratch() {
    assert!(ok("python").is_official());
    assert!(ok("docker.io/library/python:3").is_official());
    assert!(!ok("mycorp/app").is_official());
    assert!(!ok("library/a/b").is_official());
    assert!(ok("scratch").is_scratch());
    assert!(!ok("scratch:1").is_scratch());
    assert_eq!(ok("python").name(), "python");
    assert_eq!(ok("python").namespace(), Some("library"));
    assert_eq!(ok("app").familiar_name(), "app");
}
