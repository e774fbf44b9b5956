//! ## What it does
//! Finds `ARG` and `ENV` names that look like secrets (`PASSWORD`,
//! `API_KEY`, `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`, …), using BuildKit's
//! word list.
//!
//! ## Why it matters
//! `ENV` values are stored in the image configuration, and `ARG` values in
//! the build history and provenance: anyone who can pull the image can read
//! them with `docker history` or `docker inspect`. Pass secrets with
//! `RUN --mount=type=secret` instead. Names that also say the value is
//! public (`PUBLIC_KEY`, `GPG_KEY`, `KEY_FINGERPRINT`, `KEY_ID`) are not
//! reported, unlike BuildKit's check.
//!
//! ## Example
//! ```dockerfile
//! FROM node:22-slim
//! ARG NPM_TOKEN
//! RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > ~/.npmrc && npm ci
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:22-slim
//! RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
//! ```
//!
//! ## References
//! - hadolint DL3064: <https://github.com/hadolint/hadolint/wiki/DL3064>
//! - BuildKit build checks, SecretsUsedInArgOrEnv: <https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/>
//! - Build secrets: <https://docs.docker.com/build/building/secrets/>

use super::{Cost, Locality, Meta, Rule, RuleCtx, Sink};
use crate::Category;
use layerlab_syntax::{Args, Keyword, Severity, Token};

pub(crate) const RULE: &dyn Rule = &SecretInArgOrEnv;

struct SecretInArgOrEnv;

const WORDS: &[&str] = &[
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];

/// BuildKit's test: a word of the name (split at `_`, `-`, `.`, camel case
/// not considered) is a secret word, and no word is `public`.
pub(crate) fn looks_secret(name: &str) -> bool {
    let lower = name.to_lowercase();
    let parts: Vec<&str> = lower.split(['_', '-', '.']).collect();
    // Public material that merely has "key" in its name (GPG key IDs,
    // fingerprints, checksums) is not a secret; BuildKit reports these.
    const PUBLIC: &[&str] = &[
        "public",
        "pub",
        "gpg",
        "pgp",
        "gnupg",
        "fingerprint",
        "sha",
        "sha256",
        "sha512",
        "checksum",
        "id",
    ];
    parts.iter().any(|p| WORDS.contains(p)) && !parts.iter().any(|p| PUBLIC.contains(p))
}

impl Rule for SecretInArgOrEnv {
    fn meta(&self) -> Meta {
        Meta {
            id: "secret-in-arg-or-env",
            category: Category::Security,
            severity: Severity::Warning,
            summary: "ARG/ENV name looks like a secret (stored in the image)",
            hadolint: &["DL3064"],
            buildkit: Some("SecretsUsedInArgOrEnv"),
            locality: Locality::Instruction,
        }
    }

    fn check(&self, cx: &RuleCtx, out: &mut Sink) {
        for ins in cx.checked() {
            let names: Vec<(&Token, String)> = match (&ins.args, ins.kind) {
                (Args::Words { items }, Keyword::Arg) => items
                    .iter()
                    .map(|t| (t, t.text.split('=').next().unwrap_or("").to_string()))
                    .collect(),
                (Args::KeyValues { pairs }, Keyword::Env) => {
                    pairs.iter().map(|p| (&p.key, p.key.text.clone())).collect()
                }
                _ => continue,
            };
            for (tok, name) in names {
                if looks_secret(&name) {
                    let what = if ins.kind == Keyword::Env {
                        "ENV values are stored in the image configuration"
                    } else {
                        "ARG values are kept in the build history"
                    };
                    let f = out.emit(tok.span, format!("`{name}` looks like a secret: {what}"));
                    f.help = "Use a build secret: RUN --mount=type=secret,id=… (and read it from /run/secrets/…).".into();
                    f.cost = Some(Cost::Security);
                }
            }
        }
    }
}
