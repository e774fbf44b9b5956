//! The examples gallery: the eight seed Dockerfiles (from the articles in
//! shared/seeds, verbatim) with their build contexts, and a few of our own.
//! See web/examples/README.md for where each comes from.

/// One file of the build context.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, borsh::BorshSerialize, borsh::BorshDeserialize,
)]
pub struct CtxFile {
    /// The path in the context (`requirements.txt`, `src/main.py`).
    pub path: String,
    pub content: CtxContent,
}

/// A context file's text (what the analysis reads) or only its size.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, borsh::BorshSerialize, borsh::BorshDeserialize,
)]
pub enum CtxContent {
    Text(String),
    Sized(u64),
}

impl CtxFile {
    pub fn text(path: &str, text: &str) -> CtxFile {
        CtxFile {
            path: path.into(),
            content: CtxContent::Text(text.into()),
        }
    }
    pub fn sized(path: &str, size: u64) -> CtxFile {
        CtxFile {
            path: path.into(),
            content: CtxContent::Sized(size),
        }
    }
    /// Its size in bytes.
    pub fn size(&self) -> u64 {
        match &self.content {
            CtxContent::Text(t) => t.len() as u64,
            CtxContent::Sized(n) => *n,
        }
    }
}

/// A context file of an example: text, or a size only.
pub enum Seed {
    Text(&'static str, &'static str),
    Sized(&'static str, u64),
}

pub struct Example {
    /// Stable id (`seed-01`), used in tests.
    pub id: &'static str,
    pub title: &'static str,
    /// What it teaches, in a line.
    pub teaches: &'static str,
    pub dockerfile: &'static str,
    pub context: &'static [Seed],
    /// The rule it shows best (the e2e test checks it appears).
    pub key_rule: &'static str,
}

impl Example {
    pub fn context_files(&self) -> Vec<CtxFile> {
        files_of(self.context)
    }
}

/// An example's (or exercise's) context as the page holds it.
pub fn files_of(seeds: &[Seed]) -> Vec<CtxFile> {
    seeds
        .iter()
        .map(|s| match s {
            Seed::Text(p, t) => CtxFile::text(p, t),
            Seed::Sized(p, n) => CtxFile::sized(p, *n),
        })
        .collect()
}

macro_rules! seed {
    ($f:literal) => {
        include_str!(concat!("../examples/seeds/", $f))
    };
}
macro_rules! own {
    ($f:literal) => {
        include_str!(concat!("../examples/own/", $f))
    };
}

pub(crate) const CTX_000: &[Seed] = &[
    Seed::Text("app.py", seed!("context/000/app.py")),
    Seed::Text("requirements.txt", seed!("context/000/requirements.txt")),
];
const CTX_001: &[Seed] = &[
    Seed::Text("app.py", seed!("context/001/app.py")),
    Seed::Text("requirements.txt", seed!("context/001/requirements.txt")),
];
pub(crate) const CTX_002: &[Seed] = &[
    Seed::Text("requirements.txt", seed!("context/002/requirements.txt")),
    Seed::Text("src/server.py", seed!("context/002/src/server.py")),
];
pub(crate) const CTX_003: &[Seed] = &[
    Seed::Text("main.py", seed!("context/003/main.py")),
    Seed::Text("requirements.txt", seed!("context/003/requirements.txt")),
    Seed::Text("src/main.py", seed!("context/003/src/main.py")),
];

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "seed-01",
        title: "01 · Single stage (ru)",
        teaches: "python:3.12-slim-buster was never published: the build fails at FROM.",
        dockerfile: seed!("01_ru_single_stage.Dockerfile"),
        context: CTX_000,
        key_rule: "base-tag-not-published",
    },
    Example {
        id: "seed-02",
        title: "02 · Multi-stage (ru)",
        teaches: "A multi-stage rewrite that saves almost nothing, on an unpublished tag.",
        dockerfile: seed!("02_ru_multistage.Dockerfile"),
        context: CTX_000,
        key_rule: "base-tag-not-published",
    },
    Example {
        id: "seed-03",
        title: "03 · Flask multi-stage (en)",
        teaches: "COPY --from=builder /app leaves Flask behind: `flask run` fails at start.",
        dockerfile: seed!("03_en_flask_multistage.Dockerfile"),
        context: CTX_001,
        key_rule: "python-packages-left-behind",
    },
    Example {
        id: "seed-04",
        title: "04 · pip --user, multi-stage (ru)",
        teaches: "Copying /root/.local/bin takes the scripts and leaves the packages behind.",
        dockerfile: seed!("04_ru_user_local_multistage.Dockerfile"),
        context: CTX_002,
        key_rule: "python-packages-left-behind",
    },
    Example {
        id: "seed-05",
        title: "05 · Naive python:3.7 (zh)",
        teaches: "A full python:3.7 image near 1 GB, an end-of-life Python, pip's cache kept.",
        dockerfile: seed!("05_zh_naive_python37.Dockerfile"),
        context: CTX_003,
        key_rule: "pip-no-cache-dir",
    },
    Example {
        id: "seed-06",
        title: "06 · Alpine (zh)",
        teaches: "Alpine is smaller, but pip's cache still stays in the image.",
        dockerfile: seed!("06_zh_alpine.Dockerfile"),
        context: CTX_003,
        key_rule: "pip-no-cache-dir",
    },
    Example {
        id: "seed-07",
        title: "07 · Layer caching (zh)",
        teaches: "Copy requirements.txt first so that code changes do not reinstall packages.",
        dockerfile: seed!("07_zh_layer_caching.Dockerfile"),
        context: CTX_003,
        key_rule: "pip-no-cache-dir",
    },
    Example {
        id: "seed-08",
        title: "08 · pip --prefix multi-stage (zh)",
        teaches: "pip install --prefix=/install, then COPY --from the prefix into /usr/local.",
        dockerfile: seed!("08_zh_multistage_install_option.Dockerfile"),
        context: CTX_003,
        key_rule: "pip-install-option",
    },
    Example {
        id: "node",
        title: "Node · npm install on node:20",
        teaches: "COPY . before npm install: every code change reinstalls everything.",
        dockerfile: own!("node.Dockerfile"),
        context: &[
            Seed::Text("package.json", "{\n  \"name\": \"app\",\n  \"version\": \"1.0.0\",\n  \"scripts\": { \"start\": \"node server.js\" },\n  \"dependencies\": { \"express\": \"4.19.2\" }\n}\n"),
            Seed::Sized("server.js", 1200),
            Seed::Text(".dockerignore", "node_modules\n.git\n"),
        ],
        key_rule: "copy-before-dependencies",
    },
    Example {
        id: "go",
        title: "Go · single stage",
        teaches: "The whole Go toolchain ships in the image to run one binary.",
        dockerfile: own!("go.Dockerfile"),
        context: &[
            Seed::Text("go.mod", "module example.com/app\n\ngo 1.26\n"),
            Seed::Sized("main.go", 900),
        ],
        key_rule: "",
    },
    Example {
        id: "java",
        title: "Java · Maven build, JRE runtime",
        teaches: "Build with Maven, run on a JRE: only the jar crosses stages.",
        dockerfile: own!("java.Dockerfile"),
        context: &[Seed::Sized("pom.xml", 2400), Seed::Sized("src/main/java/App.java", 1500)],
        key_rule: "",
    },
    Example {
        id: "python-clean",
        title: "Python · clean multi-stage",
        teaches: "A virtualenv copied whole, no pip cache, a published tag, a non-root user.",
        dockerfile: own!("python-clean.Dockerfile"),
        context: &[
            Seed::Text("requirements.txt", "flask==3.0.3\n"),
            Seed::Text("app.py", "from flask import Flask\napp = Flask(__name__)\n"),
            Seed::Text(".dockerignore", ".git\n__pycache__\n"),
        ],
        key_rule: "",
    },
    Example {
        id: "go-clean",
        title: "Go · clean, distroless",
        teaches: "Cache mounts for modules, a static binary, a distroless non-root runtime.",
        dockerfile: own!("go-clean.Dockerfile"),
        context: &[
            Seed::Text("go.mod", "module example.com/app\n\ngo 1.26\n"),
            Seed::Sized("go.sum", 0),
            Seed::Sized("main.go", 900),
        ],
        key_rule: "",
    },
];

pub fn by_id(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::State;

    #[test]
    fn every_example_analyses_and_shows_its_key_rule() {
        for e in EXAMPLES {
            let s = State::with_context(e.dockerfile, e.context_files().into());
            let rules: Vec<_> = s
                .findings
                .iter()
                .map(|f| (f.rule.as_str(), f.line))
                .collect();
            eprintln!("{}: {:?}", e.id, rules);
            if !e.key_rule.is_empty() {
                assert!(
                    rules.iter().any(|(r, _)| *r == e.key_rule),
                    "{}: {:?}",
                    e.id,
                    rules
                );
            }
        }
    }
}
