//! A project folder read in the browser ("Open folder", a drop): which
//! files are Dockerfiles, which the build context holds after
//! `.dockerignore`, whose text is read, and what was left out, as data.
//!
//! Pure: the bridge (`bridge/files.rs`) lists the files and reads the texts
//! this module asks for; nothing here touches the browser. The
//! `.dockerignore` matcher and the list of files whose text the analysis
//! reads are the analysis crate's, the ones the CLI uses.

use layerlab_analysis::sim::build_context::{clean, reads_text, DockerIgnore};

use crate::examples::CtxFile;

/// At most this many files are listed; the walk stops there (the context
/// is then partial, and the page says so). As many as a link (and the
/// autosave) carries, so a folder's session always reads back.
pub const MAX_FILES: usize = crate::share::MAX_FILES;
/// Directories deeper than this are not entered.
pub const MAX_DEPTH: usize = 40;
/// A manifest or Dockerfile larger than this counts by its size only.
pub const MAX_TEXT: u64 = 1024 * 1024;
/// At most this many Dockerfiles are offered.
pub const MAX_DOCKERFILES: usize = 50;

/// One file found: its path relative to the folder (`/`-separated) and size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub path: String,
    pub size: u64,
}

/// Whether a file is named like a Dockerfile: `Dockerfile`, `Containerfile`,
/// `Dockerfile.*`, `Containerfile.*`, `*.Dockerfile`, `*.Containerfile`
/// (any case), but not an ignore file (`Dockerfile.dockerignore`).
pub fn is_dockerfile(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if name.ends_with(".dockerignore") {
        return false;
    }
    ["dockerfile", "containerfile"].iter().any(|base| {
        name == *base
            || name.starts_with(&format!("{base}."))
            || name.ends_with(&format!(".{base}"))
    })
}

/// Whether a walk may skip the directory `dir` (relative): `.dockerignore`
/// excludes it and re-includes nothing, so nothing under it is sent.
pub fn skip_dir(ignore: &DockerIgnore, dir: &str) -> bool {
    !ignore.has_exceptions() && ignore.excludes(&clean(dir))
}

/// The root `.dockerignore` among the files, if any (its index).
pub fn dockerignore_index(files: &[Found]) -> Option<usize> {
    files.iter().position(|f| clean(&f.path) == ".dockerignore")
}

/// What to read once the files are listed (indices into the listing).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// In the build context (after `.dockerignore`), by size.
    pub context: Vec<usize>,
    /// Whose text is read: manifests in the context, and Dockerfiles.
    pub texts: Vec<usize>,
    /// Offered as the Dockerfile (root first, then by path).
    pub dockerfiles: Vec<usize>,
    /// Left out by `.dockerignore`.
    pub ignored: usize,
    /// Manifests over [`MAX_TEXT`]: counted by size only.
    pub too_large: usize,
    /// Dockerfiles beyond [`MAX_DOCKERFILES`], not offered.
    pub more_dockerfiles: usize,
}

/// Decides what to read, given the root `.dockerignore`'s text. The
/// `.dockerignore` itself is always read (the analysis reads it); a
/// Dockerfile is offered even when `.dockerignore` lists it (Docker reads
/// the Dockerfile it is given either way), unless it lies in an ignored
/// directory below the root (`node_modules/x/Dockerfile`).
pub fn plan(files: &[Found], dockerignore: Option<&str>) -> Plan {
    let ignore = DockerIgnore::parse(dockerignore.unwrap_or(""));
    let mut p = Plan::default();
    let mut dockerfiles = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let path = clean(&f.path);
        let at_root = !path.contains('/');
        let ignored = path != ".dockerignore" && ignore.excludes(&path);
        if is_dockerfile(&path) && (at_root || !ignored) && f.size <= MAX_TEXT {
            dockerfiles.push(i);
        }
        if ignored {
            p.ignored += 1;
            continue;
        }
        p.context.push(i);
        if reads_text(&path) {
            if f.size <= MAX_TEXT {
                p.texts.push(i);
            } else {
                p.too_large += 1;
            }
        }
    }
    layerlab_sort::sort_by_key(&mut dockerfiles, |&i| {
        let path = clean(&files[i].path);
        (path.matches('/').count(), path)
    });
    if dockerfiles.len() > MAX_DOCKERFILES {
        p.more_dockerfiles = dockerfiles.len() - MAX_DOCKERFILES;
        dockerfiles.truncate(MAX_DOCKERFILES);
    }
    for &i in &dockerfiles {
        if !p.texts.contains(&i) {
            p.texts.push(i);
        }
    }
    p.dockerfiles = dockerfiles;
    p
}

/// What the walk could not do, for the note beside the result.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Skipped {
    /// The walk stopped at [`MAX_FILES`] (the rest was not listed).
    pub stopped_at_limit: bool,
    /// Directories deeper than [`MAX_DEPTH`], not entered.
    pub too_deep: usize,
    /// Directories `.dockerignore` excludes whole, not entered (a drop;
    /// a directory input lists their files, which are then ignored).
    pub ignored_dirs: usize,
    /// Files or directories the browser would not read.
    pub unreadable: usize,
}

/// A project read from a folder (or dropped files).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Project {
    /// The folder's name (empty for loose files).
    pub name: String,
    /// Dockerfiles offered: path and text.
    pub dockerfiles: Vec<(String, String)>,
    /// The build context, sorted by path: manifests with their text, every
    /// other file by size.
    pub context: Vec<CtxFile>,
    /// Whether the context is the whole folder: a folder read completely.
    /// Loose files, or a walk that stopped early, are part of a context.
    pub whole: bool,
    pub plan: Plan,
    pub skipped: Skipped,
}

/// Builds the project from the listing, the plan and the texts read
/// (`texts[k]` for `plan.texts[k]`; `None`: unreadable, then by size).
pub fn assemble(
    name: &str,
    files: &[Found],
    plan: Plan,
    texts: &[Option<String>],
    folder: bool,
    mut skipped: Skipped,
) -> Project {
    let read: std::collections::HashMap<usize, &String> = plan
        .texts
        .iter()
        .zip(texts)
        .filter_map(|(&i, t)| t.as_ref().map(|t| (i, t)))
        .collect();
    let text_of = |i: usize| read.get(&i).map(|t| t.to_string());
    let mut context: Vec<CtxFile> = Vec::with_capacity(plan.context.len());
    for &i in &plan.context {
        let f = &files[i];
        let path = clean(&f.path);
        match text_of(i).filter(|_| reads_text(&path)) {
            Some(t) => context.push(CtxFile::text(&path, &t)),
            None => context.push(CtxFile::sized(&path, f.size)),
        }
    }
    layerlab_sort::sort_by(&mut context, |a, b| a.path.cmp(&b.path));
    let mut dockerfiles = Vec::new();
    for &i in &plan.dockerfiles {
        match text_of(i) {
            Some(t) => dockerfiles.push((clean(&files[i].path), t)),
            None => skipped.unreadable += 1,
        }
    }
    let whole = folder && !skipped.stopped_at_limit && skipped.too_deep == 0;
    Project {
        name: name.to_string(),
        dockerfiles,
        context,
        whole,
        plan,
        skipped,
    }
}

/// The text of a file read as bytes: UTF-8, with invalid sequences
/// replaced (as the CLI reads the context).
pub fn text_of_bytes(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Paths of a directory input (`webkitRelativePath`, `folder/src/app.py`)
/// without the folder's own name; the folder's name. Loose files keep
/// their names.
pub fn strip_folder(paths: &[String]) -> (String, Vec<String>) {
    let first = paths
        .first()
        .and_then(|p| p.split_once('/'))
        .map(|(d, _)| d.to_string());
    let Some(dir) = first else {
        return (String::new(), paths.to_vec());
    };
    let prefix = format!("{dir}/");
    if paths.iter().all(|p| p.starts_with(&prefix)) {
        let rest = paths
            .iter()
            .map(|p| p[prefix.len()..].to_string())
            .collect();
        (dir, rest)
    } else {
        (String::new(), paths.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::CtxContent;

    fn found(list: &[(&str, u64)]) -> Vec<Found> {
        list.iter()
            .map(|(p, s)| Found {
                path: p.to_string(),
                size: *s,
            })
            .collect()
    }

    #[test]
    fn dockerfile_names() {
        for p in [
            "Dockerfile",
            "Containerfile",
            "web/Dockerfile.prod",
            "api.Dockerfile",
            "dockerfile",
            "x.containerfile",
        ] {
            assert!(is_dockerfile(p), "{p}");
        }
        for p in [
            "Dockerfile.dockerignore",
            "docker-compose.yml",
            "Dockerfiles/README.md",
            "notes.txt",
        ] {
            assert!(!is_dockerfile(p), "{p}");
        }
    }

    #[test]
    fn dockerignore_leaves_files_out_and_manifests_are_read() {
        let files = found(&[
            ("Dockerfile", 300),
            (".dockerignore", 20),
            ("requirements.txt", 6),
            ("src/server.py", 160),
            (".git/HEAD", 23),
            ("node_modules/x/Dockerfile", 10),
            ("big/package-lock.json", MAX_TEXT + 1),
        ]);
        let p = plan(&files, Some(".git\nnode_modules\n"));
        let paths: Vec<&str> = p.context.iter().map(|&i| files[i].path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "Dockerfile",
                ".dockerignore",
                "requirements.txt",
                "src/server.py",
                "big/package-lock.json"
            ]
        );
        assert_eq!(p.ignored, 2);
        assert_eq!(p.too_large, 1);
        assert_eq!(p.dockerfiles, [0]);
        let texts: Vec<&str> = p.texts.iter().map(|&i| files[i].path.as_str()).collect();
        assert_eq!(texts, [".dockerignore", "requirements.txt", "Dockerfile"]);
    }

    #[test]
    fn several_dockerfiles_root_first_and_an_ignored_root_one_still_offered() {
        let files = found(&[
            ("web/Dockerfile", 1),
            ("Dockerfile.dev", 1),
            ("Dockerfile", 1),
            (".dockerignore", 1),
        ]);
        let p = plan(&files, Some("Dockerfile*\n"));
        let offered: Vec<&str> = p
            .dockerfiles
            .iter()
            .map(|&i| files[i].path.as_str())
            .collect();
        assert_eq!(offered, ["Dockerfile", "Dockerfile.dev", "web/Dockerfile"]);
        // Listed by .dockerignore: offered, but not in the context.
        assert_eq!(p.ignored, 2);
    }

    #[test]
    fn an_exception_keeps_ignored_directories_walked() {
        let plain = DockerIgnore::parse("node_modules\n");
        assert!(skip_dir(&plain, "node_modules"));
        assert!(!skip_dir(&plain, "src"));
        let with_exception = DockerIgnore::parse("docs\n!docs/keep.md\n");
        assert!(!skip_dir(&with_exception, "docs"));
    }

    #[test]
    fn assembled_project_of_seed_04() {
        let files = found(&[
            ("Dockerfile", 4),
            ("requirements.txt", 6),
            ("src/server.py", 160),
        ]);
        let p = plan(&files, None);
        let texts: Vec<Option<String>> = p
            .texts
            .iter()
            .map(|&i| {
                Some(match files[i].path.as_str() {
                    "requirements.txt" => "flask\n".to_string(),
                    _ => "FROM x".to_string(),
                })
            })
            .collect();
        let project = assemble("002", &files, p, &texts, true, Skipped::default());
        assert!(project.whole);
        assert_eq!(
            project.dockerfiles,
            [("Dockerfile".into(), "FROM x".into())]
        );
        assert_eq!(project.context.len(), 3);
        assert_eq!(
            project.context[1],
            CtxFile::text("requirements.txt", "flask\n")
        );
        assert_eq!(project.context[2].content, CtxContent::Sized(160));
        // Loose files, or a walk that stopped, are part of a context.
        let stopped = Skipped {
            stopped_at_limit: true,
            ..Skipped::default()
        };
        let part = assemble("", &files, plan(&files, None), &texts, true, stopped);
        assert!(!part.whole);
    }

    #[test]
    fn a_directory_inputs_paths_lose_the_folder_name() {
        let (name, rest) = strip_folder(&["002/Dockerfile".into(), "002/src/a.py".into()]);
        assert_eq!(name, "002");
        assert_eq!(rest, ["Dockerfile", "src/a.py"]);
        let (name, rest) = strip_folder(&["Dockerfile".into()]);
        assert_eq!(name, "");
        assert_eq!(rest, ["Dockerfile"]);
    }
}
