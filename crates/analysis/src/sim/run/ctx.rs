//! The narrow view of a RUN that the package-manager and build-tool models get.

use super::Run;
use crate::sim::base::{stage_facts, ImageFacts};
use crate::sim::size::Bytes;
use crate::sim::vfs::{Entry, Kind, Origin};
use crate::sim::{Leftover, LeftoverKind, Stage};

/// A narrow view for the package-manager models in `images`.
pub(crate) struct RunCtx<'r, 'a> {
    run: &'r mut Run<'a>,
}

pub(super) fn run_ctx<'r, 'a>(run: &'r mut Run<'a>) -> RunCtx<'r, 'a> {
    RunCtx { run }
}

impl RunCtx<'_, '_> {
    pub fn stage(&self) -> &crate::sim::Stage {
        &self.run.sim.stages[self.run.idx]
    }
    pub fn stage_mut(&mut self) -> &mut crate::sim::Stage {
        self.run.stage()
    }
    pub fn stages(&self) -> &[crate::sim::Stage] {
        &self.run.sim.stages
    }
    pub fn line(&self) -> u32 {
        self.run.line
    }
    pub fn layer(&self) -> usize {
        self.run.layer
    }
    pub fn user(&self) -> String {
        self.run.user()
    }
    /// The user running the command is root.
    pub fn is_root(&self) -> bool {
        crate::sim::is_root_user(&self.run.user())
    }
    pub fn home(&self) -> String {
        self.run.home()
    }
    /// A path in the user's home (`.cache/pip` → `/root/.cache/pip`).
    pub fn in_home(&self, rel: &str) -> String {
        crate::sim::vfs::normalize(rel, &self.run.home())
    }
    pub fn env(&self, name: &str) -> Option<String> {
        self.run.env_get(name)
    }
    pub fn path(&self, p: &str) -> String {
        self.run.path(p)
    }
    pub fn cwd(&self) -> &str {
        &self.run.cwd
    }
    pub fn put(&mut self, path: &str, kind: Kind, size: Bytes, origin: Origin) {
        self.run.put(path, kind, size, origin)
    }
    pub fn put_opaque_dir(&mut self, path: &str, size: Bytes, origin: Origin) {
        self.run.put_opaque_dir(path, size, origin, "")
    }
    pub fn remove(&mut self, path: &str, why: &str) {
        self.run.remove(path, why)
    }
    /// Records a budget the simulation hit here.
    pub fn truncated(&mut self, t: crate::sim::budget::Truncation) {
        self.run.sim.truncations.push(t)
    }
    /// Records what the command did, for the rules.
    pub fn fact(&mut self, f: crate::sim::LayerFact) {
        self.run.facts.push(f)
    }
    /// Records a `pip install`.
    pub fn pip_install(&mut self, i: crate::sim::PipInstall) {
        self.run.stage().pip_installs.push(i)
    }
    /// Records a node_modules install or prune.
    pub fn node_install(&mut self, i: crate::sim::NodeInstall) {
        self.run.stage().node_installs.push(i)
    }
    /// Paths not listed may now exist under `dir`; this layer's size is then
    /// not fully known.
    pub fn region(&mut self, dir: &str, cause: crate::sim::vfs::Unseen) {
        let line = self.run.line;
        self.run.stage().fs.add_region(dir, Some(line), cause);
        self.run.added = self.run.added.incomplete();
    }
    /// Paths whose names are not known may exist under `dir`; their bytes
    /// are counted already (a measured package's launchers).
    pub fn names_unknown(&mut self, dir: &str, cause: crate::sim::vfs::Unseen) {
        let line = self.run.line;
        self.run
            .stage()
            .fs
            .add_counted_region(dir, Some(line), cause);
    }
    /// System packages put files in the system directories (their file
    /// lists are not in the tables).
    pub fn system_packages(&mut self, manager: &str) {
        let line = self.run.line;
        for d in [
            "/usr", "/etc", "/var", "/lib", "/lib64", "/opt", "/bin", "/sbin",
        ] {
            self.run.stage().fs.add_region(
                d,
                Some(line),
                crate::sim::vfs::Unseen::Packages {
                    manager: manager.to_string(),
                    list: None,
                },
            );
        }
    }
    /// A command whose effect is not modelled: it may write anywhere.
    pub fn anything(&mut self, program: &str) {
        self.run.unknown_effect(program)
    }
    pub fn note(&mut self, s: String) {
        self.run.notes.push(s)
    }
    pub fn leftover(&mut self, kind: LeftoverKind, path: &str, bytes: Bytes, note: String) {
        let line = self.run.line;
        self.run.leftovers.push(Leftover {
            kind,
            path: path.to_string(),
            bytes,
            line,
            note,
            removed_at: None,
        });
    }
    /// Contents of a file in the image that came from the build context.
    pub fn context_text(&self, path: &str) -> Option<String> {
        let ctx_path = context_origin(self.stage(), path)?;
        self.run.sim.context_texts.get(&ctx_path).cloned()
    }
    pub fn put_opaque_file(&mut self, path: &str, size: Bytes, origin: Origin) {
        let e = Entry::new(
            Kind::File,
            size,
            Some(self.run.line),
            Some(self.run.layer),
            origin,
        )
        .opaque();
        self.put_entry(path, e);
    }
    pub fn put_entry(&mut self, path: &str, entry: Entry) {
        self.run.added += entry.size;
        self.run.stage().fs.put(path, entry);
    }
}

impl RunCtx<'_, '_> {
    /// The catalogue's facts on the image at the root of this stage's base chain.
    pub fn base_facts(&self) -> Option<&ImageFacts> {
        stage_facts(self.stages(), self.run.idx)
    }
}

/// The context path a file in `stage` was copied from, if any.
pub fn context_origin(stage: &Stage, path: &str) -> Option<String> {
    match &stage.fs.get(path)?.origin {
        Origin::Context { path } => Some(path.clone()),
        _ => None,
    }
}
