//! What RUN does: the shell command is split into simple commands (`&&`, `;`,
//! `||`, `|`, newlines, heredoc scripts), `cd`, `set -e` and env prefixes are
//! followed, and the commands Layerlab knows are modelled on the stage's
//! virtual filesystem with sizes from the catalogue. Build tools (make, go,
//! cargo, npm run, mvn, gradle, dotnet, tsc, …) leave outputs that *may*
//! exist where their configuration says (a region of unseen paths); anything
//! else is a command of unknown effect: it may write anywhere, its size is
//! unknown — never zero, never an error.

mod apk;
mod apt;
pub(crate) mod braces;
mod build;
mod cargo;
pub(crate) mod ctx;
mod go;
mod node;
pub(crate) mod pip;
pub mod script;

use super::size::{human, Bytes};
use super::vfs::{self, Entry, Kind, Origin, Unseen};
use super::{Layer, LayerFact, Leftover, LeftoverKind, Simulation};
use crate::shell::dialect::{dialect_of_program, image_shell, shebang, Dialect};
use ctx::run_ctx;
use layerlab_syntax::shell::{Env, Lex};
use layerlab_syntax::{Args, Instruction};
pub use script::{split_commands, SimpleCommand};
use script::{split_commands_in, Braces};

/// The state while running one RUN instruction.
struct Run<'a> {
    sim: &'a mut Simulation,
    idx: usize,
    line: u32,
    layer: usize,
    cwd: String,
    /// The build ARGs with a value, as the command sees them (under the
    /// stage's ENV, which is read in place: a RUN never changes it).
    arg_env: &'a [(String, String)],
    /// Variables `export`ed by earlier commands of this RUN (over the ENV).
    exported: Vec<(String, String)>,
    added: Bytes,
    notes: Vec<String>,
    facts: Vec<LayerFact>,
    leftovers: Vec<Leftover>,
    /// How deep `sh -c` scripts nest here (bounded).
    depth: u8,
    /// What `/bin/sh` is in the stage's image (for `sh -c` and the
    /// default SHELL).
    image_sh: Dialect,
}

/// What one simple command's words expand with: its own prefix
/// assignments, then `$HOME`, then the RUN's variables.
struct CommandEnv<'r, 'a> {
    run: &'r Run<'a>,
    home: String,
    assignments: &'r [(String, String)],
}
impl Env for CommandEnv<'_, '_> {
    fn get(&self, name: &str) -> Option<String> {
        if let Some((_, v)) = self.assignments.iter().rev().find(|(k, _)| k == name) {
            return Some(v.clone());
        }
        if name == "HOME" {
            return Some(self.home.clone());
        }
        self.run.env_get(name)
    }
}

impl Run<'_> {
    fn stage(&mut self) -> &mut crate::sim::Stage {
        &mut self.sim.stages[self.idx]
    }

    fn user(&self) -> String {
        self.sim.stages[self.idx].user.clone()
    }

    /// `$HOME`: as ENV or an `export` set it, else the USER's account's.
    fn home(&self) -> String {
        self.exported
            .iter()
            .rev()
            .chain(self.sim.stages[self.idx].env.iter().rev())
            .find(|(k, _)| k == "HOME")
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| self.sim.stages[self.idx].home())
    }

    /// A variable's value: the last `export`, else the stage's ENV, else a
    /// build ARG (what `ARGs ++ ENV ++ exports`, searched from the end, gives,
    /// without copying them for every RUN).
    fn env_get(&self, name: &str) -> Option<String> {
        self.exported
            .iter()
            .rev()
            .chain(self.sim.stages[self.idx].env.iter().rev())
            .chain(self.arg_env.iter().rev())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }

    fn path(&self, p: &str) -> String {
        let p = if p == "~" {
            self.home()
        } else if let Some(rest) = p.strip_prefix("~/") {
            vfs::normalize(rest, &self.home())
        } else {
            p.to_string()
        };
        vfs::normalize(&p, &self.cwd)
    }

    fn put(&mut self, path: &str, kind: Kind, size: Bytes, origin: Origin) {
        let mut e = Entry::new(kind, size, Some(self.line), Some(self.layer), origin);
        let user = self.user();
        if user != "root" {
            e.owner = Some(user);
        }
        self.added += size;
        self.stage().fs.put(path, e);
    }

    fn put_opaque_dir(&mut self, path: &str, size: Bytes, origin: Origin, info: &str) {
        let mut e = Entry::new(
            Kind::Directory,
            size,
            Some(self.line),
            Some(self.layer),
            origin,
        )
        .opaque();
        let user = self.user();
        if user != "root" {
            e.owner = Some(user);
        }
        if !info.is_empty() {
            e.mode = None;
        }
        self.added += size;
        self.stage().fs.put(path, e);
    }

    /// Deletes a path: bytes added by this RUN vanish; bytes from earlier
    /// layers stay in the image (a whiteout hides them).
    fn remove(&mut self, path: &str, why: &str) {
        let layer = self.layer;
        // Unseen contents an earlier layer put there (a context directory, a
        // build's outputs): their bytes, unknown, stay in that layer.
        let earlier: Vec<u32> = self.sim.stages[self.idx]
            .fs
            .regions()
            .iter()
            .filter(|r| !r.counted && vfs::is_within(&r.dir, path) && path != "/")
            .filter_map(|r| r.line.filter(|l| *l != self.line))
            .collect();
        if let Some(&line) = earlier.iter().min() {
            self.leftovers.push(Leftover {
                kind: LeftoverKind::DeletedLater,
                path: path.to_string(),
                bytes: Bytes::UNKNOWN,
                line,
                note: format!(
                    "{why} deletes {path}, but its contents (size unknown) stay in the layer"
                ),
                removed_at: Some(self.line),
            });
        }
        let freed = self.stage().fs.remove_in_layer(path, Some(layer));
        for (l, bytes) in freed {
            if l == Some(layer) {
                self.added = self.added.saturating_sub(bytes);
            } else if !bytes.is_zero() || !bytes.complete {
                let line = l
                    .and_then(|l| self.sim.stages[self.idx].layers.get(l).map(|x| x.line))
                    .unwrap_or(self.sim.stages[self.idx].line);
                self.leftovers.push(Leftover {
                    kind: LeftoverKind::DeletedLater,
                    path: path.to_string(),
                    bytes,
                    line,
                    note: format!(
                        "{why} deletes {path}, but its {} stay in the layer",
                        bytes_text(bytes)
                    ),
                    removed_at: Some(self.line),
                });
            }
        }
    }
}

impl Run<'_> {
    /// A command whose effect is not modelled: it may have written anywhere,
    /// and its layer's size is not known.
    fn unknown_effect(&mut self, program: &str) {
        self.notes.push(format!("{program}: effect not modelled"));
        let line = self.line;
        self.stage().fs.add_region(
            "/",
            Some(line),
            Unseen::Command {
                program: program.to_string(),
            },
        );
        self.added = self.added.incomplete();
    }
}

/// What a shell does with `{a,b}`.
fn braces_of(sh: Dialect) -> Braces {
    if sh.expands_braces() {
        Braces::Expand
    } else {
        Braces::Literal
    }
}

fn bytes_text(b: Bytes) -> String {
    if b.complete || b.high > 0 {
        human(b.value)
    } else {
        "bytes".into()
    }
}

/// Applies a RUN instruction to stage `idx`.
pub(super) fn apply_run(
    ins: &Instruction,
    idx: usize,
    arg_env: &[(String, String)],
    sim: &mut Simulation,
) {
    let layer = sim.stages[idx].layers.len();
    let cwd = sim.stages[idx].workdir.clone();
    let mut run = Run {
        sim,
        idx,
        line: ins.start_line,
        layer,
        cwd,
        arg_env,
        exported: Vec::new(),
        added: Bytes::ZERO,
        notes: Vec::new(),
        facts: Vec::new(),
        leftovers: Vec::new(),
        depth: 0,
        image_sh: Dialect::Posix,
    };
    run.image_sh = image_shell(run.sim, idx).dialect;
    // The shell of a shell-form RUN: the SHELL in force (the image's
    // `/bin/sh` by default).
    let stage_sh = run.sim.stages[idx]
        .shell
        .first()
        .map_or(run.image_sh, |p| dialect_of_program(p, run.image_sh));
    // Each script with the shell that runs it.
    let mut scripts: Vec<(String, Dialect)> = Vec::new();
    match &ins.args {
        Args::Exec { items, .. } => {
            let words: Vec<String> = items.iter().map(|t| t.text.clone()).collect();
            // ["sh", "-c", "script"] runs a script; anything else is one command.
            if words.len() >= 3
                && matches!(vfs::basename(&words[0]), "sh" | "bash" | "ash" | "dash")
                && words[1] == "-c"
            {
                let sh = dialect_of_program(&words[0], run.image_sh);
                scripts.push((words[2].clone(), sh));
            } else {
                run_command(
                    &mut run,
                    SimpleCommand {
                        assignments: Vec::new(),
                        words,
                        conditional: false,
                    },
                );
            }
        }
        Args::Shell { text } => {
            let first = text.text.split_whitespace().next().unwrap_or("");
            let script_heredoc = !ins.heredocs.is_empty()
                && (first.starts_with("<<")
                    || matches!(vfs::basename(first), "sh" | "bash" | "ash" | "dash"));
            if script_heredoc {
                // `RUN <<EOF` runs the body with the SHELL, or with its `#!`
                // program; `RUN bash <<EOF` with that program.
                let runner = if first.starts_with("<<") {
                    stage_sh
                } else {
                    dialect_of_program(first, run.image_sh)
                };
                for h in &ins.heredocs {
                    let sh = match shebang(&h.content) {
                        Some((program, _)) if first.starts_with("<<") => {
                            dialect_of_program(program, run.image_sh)
                        }
                        _ => runner,
                    };
                    scripts.push((h.content.clone(), sh));
                }
            } else {
                scripts.push((text.text.clone(), stage_sh));
            }
        }
        _ => {}
    }
    for (script, sh) in scripts {
        for cmd in split_commands_in(&script, braces_of(sh)) {
            run_command(&mut run, cmd);
        }
    }
    // What the RUN wrote under a cache or tmpfs mount is not in the layer.
    for target in scratch_mounts(ins, &run.cwd) {
        let layer = run.layer;
        let line = run.line;
        let fs = &mut run.sim.stages[idx].fs;
        let dropped = fs.drop_layer_under(&target, layer, line);
        run.added = run.added.saturating_sub(dropped);
        run.leftovers
            .retain(|l| l.kind == LeftoverKind::DeletedLater || !vfs::is_within(&l.path, &target));
        run.notes.push(format!(
            "{target} is a cache or tmpfs mount: what the RUN writes there is not in the layer"
        ));
    }
    let Run {
        added,
        notes,
        facts,
        mut leftovers,
        ..
    } = run;
    // A cache counts only if it is still there when the RUN ends (an
    // `rm -rf` of it in the same RUN keeps it out of the layer).
    let fs = &sim.stages[idx].fs;
    leftovers.retain(|l| {
        l.kind == LeftoverKind::DeletedLater
            || match fs.get(&l.path) {
                Some(e) if e.is_dir() && !e.opaque => fs
                    .descendants(&l.path)
                    .any(|(_, d)| !d.size.is_zero() || !d.size.complete),
                Some(_) => true,
                None => false,
            }
    });
    let stage = &mut sim.stages[idx];
    stage.leftovers.extend(leftovers);
    stage.layers.push(Layer {
        facts,
        ..Layer::of(idx, ins, added, notes)
    });
}

fn run_command(run: &mut Run, mut cmd: SimpleCommand) {
    expand_known_variables(run, &mut cmd);
    let Some(first) = cmd.words.first().cloned() else {
        // Bare assignments: `FOO=bar` in the shell, not exported.
        return;
    };
    let prog = vfs::basename(&first).to_string();
    let (args, targets) = redirections(&cmd.words[1..]);
    // echo and printf write their own words: a known size.
    let written = matches!(prog.as_str(), "echo" | "printf")
        .then(|| Bytes::exact(args.iter().map(|w| w.len() as u64 + 1).sum()));
    for t in targets {
        redirect_to(run, &t, written);
    }
    let assigned = |k: &str| {
        cmd.assignments
            .iter()
            .rev()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.clone())
    };
    match prog.as_str() {
        "cd" => {
            let target = args.first().cloned().unwrap_or_else(|| run.home());
            run.cwd = run.path(&target);
        }
        "export" => {
            for a in &args {
                if let Some((k, v)) = a.split_once('=') {
                    run.exported.push((k.to_string(), v.to_string()));
                }
            }
        }
        p if writes_nothing(p, &args) => {}
        // Wrappers: the command they run is what counts.
        "env" | "command" | "exec" | "nohup" | "time" | "nice" | "stdbuf" | "timeout"
            if run.depth < 4 =>
        {
            run_wrapped(run, &cmd, &prog, &args)
        }
        "sed"
            if args
                .iter()
                .any(|a| a.starts_with("-i") || a == "--in-place") =>
        {
            // Rewrites files in place: they are copied into this layer.
            run.added = run.added.incomplete();
        }
        "ldconfig" => redirect_to(run, "/etc/ld.so.cache", None),
        "sh" | "bash" | "ash" | "dash"
            if args.first().is_some_and(|a| a == "-c") && run.depth < 4 =>
        {
            if let Some(script) = args.get(1) {
                run.depth += 1;
                let sh = dialect_of_program(&prog, run.image_sh);
                for c in split_commands_in(script, braces_of(sh)) {
                    run_command(run, c);
                }
                run.depth -= 1;
            }
        }
        "mkdir" => mkdir(run, &args),
        "touch" => touch(run, &args),
        "rm" => rm(run, &args),
        "mv" | "cp" => copy_or_move(run, &prog, &args),
        "ln" => ln(run, &args),
        "chmod" | "chown" => change_metadata(run, &prog, &args),
        "tee" => {
            for a in args.iter().filter(|a| !a.starts_with('-')) {
                redirect_to(run, a, None);
            }
        }
        "useradd" | "adduser" | "groupadd" | "addgroup" => users(run, &prog, &args),
        "apt-get" | "apt" | "aptitude" => {
            let conditional = cmd.conditional;
            apt::apt(run_ctx(run), &prog, &args, conditional)
        }
        "apk" => apk::apk(run_ctx(run), &args),
        "pip" | "pip3" => pip::pip(run_ctx(run), &first, &args, &assigned("PIP_NO_CACHE_DIR")),
        p if p.starts_with("pip3.") => {
            pip::pip(run_ctx(run), &first, &args, &assigned("PIP_NO_CACHE_DIR"))
        }
        p if p == "python" || p.starts_with("python3") || p == "python2" => {
            python(run, &first, &prog, &args, &assigned("PIP_NO_CACHE_DIR"))
        }
        "virtualenv" => pip::venv(run_ctx(run), &first, &args),
        "npm" | "yarn" | "pnpm" => {
            node::node_install(run_ctx(run), &prog, &args, &assigned("NODE_ENV"))
        }
        "go" => go::go(run_ctx(run), &args, assigned("CGO_ENABLED")),
        "cargo" => cargo::cargo(run_ctx(run), &args),
        p if build::is_build_tool(p, &args) => build::build(run_ctx(run), p, &args),
        "curl" | "wget" => download(run, &prog, &args),
        "tar" | "unzip" => extract(run, &prog, &args),
        "sudo" => {
            run.notes.push(
                "sudo: the build already runs as the USER set; sudo is usually missing from images"
                    .into(),
            );
            run.unknown_effect("sudo");
        }
        other => run.unknown_effect(other),
    }
}

/// Expands the variables the simulation knows ($HOME, ARG and ENV values)
/// in a command's words.
fn expand_known_variables(run: &Run, cmd: &mut SimpleCommand) {
    let lex = {
        let mut l = Lex::new('\\');
        l.skip_unset_env = true;
        l.skip_process_quotes = true;
        l
    };
    let menv = CommandEnv {
        run,
        home: run.home(),
        assignments: &cmd.assignments,
    };
    let mut words = std::mem::take(&mut cmd.words);
    for w in words.iter_mut() {
        if w.contains('$') {
            if let Ok(x) = lex.process_word(w, &menv) {
                *w = x;
            }
        }
    }
    cmd.words = words;
}

/// `env`, `exec`, `nohup`, …: the command they run, with their assignments.
fn run_wrapped(run: &mut Run, cmd: &SimpleCommand, prog: &str, args: &[String]) {
    let (assignments, words) = wrapped_command(prog, args);
    if words.is_empty() {
        return;
    }
    run.depth += 1;
    let mut all = cmd.assignments.clone();
    all.extend(assignments);
    run_command(
        run,
        SimpleCommand {
            assignments: all,
            words,
            conditional: cmd.conditional,
        },
    );
    run.depth -= 1;
}

/// `python -m pip`, `python -m venv`, …
fn python(run: &mut Run, first: &str, prog: &str, args: &[String], no_cache: &Option<String>) {
    if args.first().map(String::as_str) != Some("-m") {
        run.unknown_effect(prog);
        return;
    }
    match args.get(1).map(String::as_str) {
        Some("pip") => pip::pip(run_ctx(run), first, &args[2..], no_cache),
        Some("venv") | Some("virtualenv") => pip::venv(run_ctx(run), first, &args[2..]),
        Some(m) => run.unknown_effect(&format!("python -m {m}")),
        None => {}
    }
}

fn mkdir(run: &mut Run, args: &[String]) {
    for a in args.iter().filter(|a| !a.starts_with('-')) {
        let p = run.path(a);
        let (line, layer) = (run.line, run.layer);
        run.stage().fs.mkdir_p(
            &p,
            Some(line),
            Some(layer),
            &Origin::Run {
                command: "mkdir".into(),
            },
        );
    }
}

fn touch(run: &mut Run, args: &[String]) {
    for a in args.iter().filter(|a| !a.starts_with('-')) {
        let p = run.path(a);
        if !run.sim.stages[run.idx].fs.exists(&p) {
            run.put(
                &p,
                Kind::File,
                Bytes::ZERO,
                Origin::Run {
                    command: "touch".into(),
                },
            );
        }
    }
}

fn rm(run: &mut Run, args: &[String]) {
    for a in args.iter().filter(|a| !a.starts_with('-')) {
        let p = run.path(a);
        let matches = if vfs::has_glob(&p) {
            // `dir/*` removes the directory's contents.
            if let Some(dir) = p.strip_suffix("/*") {
                run.sim.stages[run.idx]
                    .fs
                    .children(dir)
                    .map(|(k, _)| k.clone())
                    .collect::<Vec<_>>()
            } else {
                run.sim.stages[run.idx].fs.glob(&p)
            }
        } else {
            vec![p.clone()]
        };
        for m in matches {
            run.remove(&m, "rm");
        }
    }
}

/// `mv` and `cp`: each source to the destination (into it when it is a directory).
fn copy_or_move(run: &mut Run, prog: &str, args: &[String]) {
    let plain: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if plain.len() < 2 {
        return;
    }
    let dest = run.path(plain[plain.len() - 1]);
    for s in &plain[..plain.len() - 1] {
        let src = run.path(s);
        let fs = run.sim.stages[run.idx].fs.clone();
        if let Some(e) = fs.get(&src).cloned() {
            copy_listed(run, prog, &fs, &src, &e, &dest);
        } else if vfs::has_glob(&src) || !fs.presence(&src).is_absent() {
            // A source the simulation cannot list (a build's output, a
            // wildcard): what lands is unseen too.
            let line = run.line;
            run.stage().fs.add_region(
                &dest,
                Some(line),
                Unseen::Copied {
                    from: prog.to_string(),
                    path: src.clone(),
                },
            );
            run.added = run.added.incomplete();
        }
    }
}

/// `mv` or `cp` of a listed entry `e` at `src` (of `fs`, the filesystem
/// before the command) to `dest`.
fn copy_listed(run: &mut Run, prog: &str, fs: &vfs::Vfs, src: &str, e: &Entry, dest: &str) {
    let target = if run.sim.stages[run.idx].fs.is_dir(dest) {
        vfs::normalize(vfs::basename(src), dest)
    } else {
        dest.to_string()
    };
    let (line, layer) = (run.line, run.layer);
    let mk = |x: &Entry, _: &str| {
        let mut n = x.clone();
        n.line = Some(line);
        n.layer = Some(layer);
        n
    };
    let size = if e.is_dir() {
        let (_, s) = run.stage().fs.copy_from(fs, src, &target, true, &mk);
        s
    } else {
        run.stage().fs.put(&target, mk(e, src));
        e.size
    };
    run.added += size;
    if prog == "mv" {
        run.remove(src, "mv");
    }
}

fn ln(run: &mut Run, args: &[String]) {
    let plain: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if plain.len() != 2 {
        return;
    }
    let link = run.path(plain[1]);
    let link = if run.sim.stages[run.idx].fs.is_dir(&link) {
        vfs::normalize(vfs::basename(plain[0]), &link)
    } else {
        link
    };
    run.put(
        &link,
        Kind::Symlink {
            target: plain[0].to_string(),
        },
        Bytes::ZERO,
        Origin::Run {
            command: "ln".into(),
        },
    );
}

/// `chmod` and `chown`: changing metadata copies each file into this layer
/// (`-R`: everything under a directory).
fn change_metadata(run: &mut Run, prog: &str, args: &[String]) {
    let plain: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if plain.len() < 2 {
        return;
    }
    let recursive = args.iter().any(|a| {
        a == "--recursive" || (a.starts_with('-') && !a.starts_with("--") && a.contains('R'))
    });
    for p in &plain[1..] {
        let p = run.path(p);
        change_entry(run, prog, &p, plain[0]);
        let layer = run.layer;
        if recursive && run.sim.stages[run.idx].fs.is_dir(&p) {
            let size = tree_rewritten(&run.sim.stages[run.idx].fs, &p, layer);
            if !size.is_zero() || !size.complete {
                run.added += size;
                run.notes.push(format!(
                    "{prog} -R copies everything under {p} into this layer ({})",
                    bytes_text(size)
                ));
            }
        }
    }
}

/// Sets the mode (`chmod`) or owner (`chown`) of the entry at `p` to `who`.
fn change_entry(run: &mut Run, prog: &str, p: &str, who: &str) {
    let (line, layer) = (run.line, run.layer);
    let Some(e) = run.stage().fs.get_mut(p) else {
        return;
    };
    let size = e.size;
    if prog == "chmod" {
        e.mode = Some(who.to_string());
        if e.mode
            .as_deref()
            .is_some_and(|m| m.contains('x') || m.ends_with('5') || m.ends_with('7'))
            && e.kind == Kind::File
        {
            e.kind = Kind::Executable;
        }
    } else {
        e.owner = Some(who.to_string());
    }
    if e.layer == Some(layer) || e.is_dir() {
        return;
    }
    e.layer = Some(layer);
    e.line = Some(line);
    run.added += size;
    run.notes.push(format!(
        "{prog} copies {p} into this layer ({})",
        bytes_text(size)
    ));
}

/// What a recursive chmod or chown rewrites under `dir`: the bytes earlier
/// layers put there (unknown when unseen paths may be there).
fn tree_rewritten(fs: &vfs::Vfs, dir: &str, layer: usize) -> Bytes {
    let mut b: Bytes = fs
        .descendants(dir)
        .filter(|(_, e)| e.layer != Some(layer))
        .map(|(_, e)| e.size)
        .sum();
    if fs.regions_over(dir).any(|r| !r.counted) {
        b = b.incomplete();
    }
    b
}

/// The targets of `--mount=type=cache` and `--mount=type=tmpfs` (BuildKit
/// keeps what is written there out of the layer).
fn scratch_mounts(ins: &Instruction, cwd: &str) -> Vec<String> {
    ins.flags
        .iter()
        .filter(|f| f.name.text == "mount")
        .filter_map(|f| f.value.as_ref())
        .filter_map(|v| {
            let kv: Vec<(&str, &str)> = v
                .text
                .split(',')
                .map(|p| p.split_once('=').unwrap_or((p, "")))
                .collect();
            let ty = kv.iter().find(|(k, _)| *k == "type").map(|(_, v)| *v);
            let target = kv
                .iter()
                .find(|(k, _)| matches!(*k, "target" | "dst" | "destination"))
                .map(|(_, v)| *v)?;
            matches!(ty, Some("cache" | "tmpfs")).then(|| vfs::normalize(target, cwd))
        })
        .collect()
}

/// The command a wrapper runs (`env A=1 cmd`, `timeout 5 cmd`, `command cmd`),
/// with the assignments `env` makes.
fn wrapped_command(prog: &str, args: &[String]) -> (Vec<(String, String)>, Vec<String>) {
    let mut assignments = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a.starts_with('-') {
            // `command -v x` only looks a name up.
            if prog == "command" && (a == "-v" || a == "-V") {
                return (assignments, Vec::new());
            }
            // Options that take a value.
            if matches!(
                (prog, a.as_str()),
                ("env", "-u") | ("nice", "-n") | ("timeout", "-s") | ("timeout", "-k")
            ) {
                i += 1;
            }
            i += 1;
            continue;
        }
        if prog == "env" {
            if let Some((k, v)) = a.split_once('=') {
                assignments.push((k.to_string(), v.to_string()));
                i += 1;
                continue;
            }
        }
        if prog == "timeout" && a.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
            continue;
        }
        break;
    }
    (assignments, args[i.min(args.len())..].to_vec())
}

/// Commands that create no path (beyond their redirections) and weigh nothing.
fn writes_nothing(prog: &str, args: &[String]) -> bool {
    const NONE: &[&str] = &[
        "set",
        "true",
        "false",
        "echo",
        "printf",
        "test",
        "[",
        "[[",
        "exit",
        ":",
        "sleep",
        "which",
        "type",
        "hash",
        "unset",
        "ls",
        "cat",
        "grep",
        "egrep",
        "fgrep",
        "head",
        "tail",
        "wc",
        "sort",
        "uniq",
        "tr",
        "cut",
        "id",
        "whoami",
        "printenv",
        "pwd",
        "uname",
        "date",
        "stat",
        "file",
        "du",
        "df",
        "readlink",
        "realpath",
        "dirname",
        "basename",
        "sha256sum",
        "sha512sum",
        "md5sum",
        "sha1sum",
        "cmp",
        "diff",
        "getent",
        "nproc",
        "free",
        "ldd",
        "return",
        "shift",
        "wait",
        "trap",
        "ulimit",
        "umask",
        "read",
        "local",
        "declare",
        "typeset",
        "readonly",
        "let",
        "awk",
        "dpkg-query",
        "getconf",
    ];
    // `sed -i`, `find -delete` and `xargs rm` change existing files in place or
    // delete them: nothing new appears, and what they drop is not modelled.
    NONE.contains(&prog)
        || (prog == "find" && !args.iter().any(|a| a.starts_with("-exec") || a == "-ok"))
        || (!args.is_empty()
            && args.iter().all(|a| {
                matches!(
                    a.as_str(),
                    "--version" | "-v" | "-V" | "version" | "--help" | "-h"
                )
            }))
}

/// Splits a command's words into its arguments and its output redirection
/// targets (`> f`, `>> f`, `2> f`, `&> f`, `>f`).
fn redirections(words: &[String]) -> (Vec<String>, Vec<String>) {
    let mut args = Vec::new();
    let mut targets = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        let op = w.trim_start_matches(|c: char| c.is_ascii_digit() || c == '&');
        if let Some(rest) = op.strip_prefix(">>").or_else(|| op.strip_prefix('>')) {
            let rest = rest.trim_start_matches('|');
            if rest.is_empty() {
                if let Some(t) = words.get(i + 1) {
                    targets.push(t.clone());
                }
                i += 2;
            } else {
                targets.push(rest.to_string());
                i += 1;
            }
            continue;
        }
        if op.starts_with('<') {
            i += if op.len() == 1 { 2 } else { 1 };
            continue;
        }
        args.push(words[i].clone());
        i += 1;
    }
    targets.retain(|t| !t.starts_with('&') && !t.starts_with("/dev/") && !t.starts_with("/proc/"));
    (args, targets)
}

/// A redirection writes a file (of unknown size unless the command's output
/// is known); writing to an existing file copies it into this layer.
fn redirect_to(run: &mut Run, target: &str, size: Option<Bytes>) {
    let p = run.path(target);
    let size = size.unwrap_or(Bytes::UNKNOWN);
    if let Some(e) = run.sim.stages[run.idx].fs.get(&p) {
        let grown = e.size + size;
        run.added += grown;
        return;
    }
    run.put(
        &p,
        Kind::File,
        size,
        Origin::Run {
            command: "redirection".into(),
        },
    );
}

fn users(run: &mut Run, prog: &str, args: &[String]) {
    if prog == "groupadd"
        || prog == "addgroup" && !args.iter().any(|a| a == "-G") && args.len() <= 2
    {
        return;
    }
    let name = args.iter().rev().find(|a| !a.starts_with('-')).cloned();
    let Some(name) = name else { return };
    // useradd creates a home only with -m (Debian default: no); adduser (Debian
    // and BusyBox) creates one unless told not to (--no-create-home, -H).
    let creates_home = match prog {
        "useradd" => args.iter().any(|a| a == "-m" || a == "--create-home"),
        _ => !args.iter().any(|a| a == "--no-create-home" || a == "-H"),
    };
    let home = args
        .iter()
        .position(|a| a == "-d" || a == "--home" || a == "--home-dir" || a == "-h")
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| format!("/home/{name}"));
    let uid = args
        .iter()
        .position(|a| a == "-u" || a == "--uid")
        .and_then(|i| args.get(i + 1))
        .and_then(|u| u.parse().ok());
    run.stage().accounts.push(super::Account {
        name: name.clone(),
        uid,
        home: home.clone(),
    });
    if creates_home {
        let mut e = Entry::dir(
            Some(run.line),
            Some(run.layer),
            Origin::Run {
                command: prog.to_string(),
            },
        );
        e.owner = Some(name.clone());
        run.stage().fs.put(&home, e);
    }
    run.notes.push(format!(
        "creates user {name}{}",
        if creates_home {
            format!(" with home {home}")
        } else {
            String::new()
        }
    ));
}

fn download(run: &mut Run, prog: &str, args: &[String]) {
    let out_flag = if prog == "curl" {
        ["-o", "--output"]
    } else {
        ["-O", "--output-document"]
    };
    // Short options bundle (`-fsSLo file`, `-LO`): the last letter takes the value.
    let cluster = |a: &str| a.starts_with('-') && !a.starts_with("--") && a.len() > 2;
    let out = args
        .iter()
        .position(|a| {
            out_flag.contains(&a.as_str()) || (cluster(a) && a.ends_with(&out_flag[0][1..]))
        })
        .and_then(|i| args.get(i + 1))
        .cloned();
    let url = args
        .iter()
        .find(|a| a.starts_with("http://") || a.starts_with("https://"))
        .cloned()
        .unwrap_or_default();
    match out {
        Some(o) if o != "-" && o != "/dev/null" => downloaded(run, prog, &url, &o),
        _ if (prog == "curl"
            && args.iter().any(|a| {
                a == "--remote-name"
                    || (a.starts_with('-') && !a.starts_with("--") && a.contains('O'))
            }))
            || (prog == "wget"
                && !url.is_empty()
                && !args.iter().any(|a| a == "-qO-" || a == "-O-")) =>
        {
            // Saved under the URL's last path segment, in the working directory.
            let name = vfs::basename(url.split(['?', '#']).next().unwrap_or(&url)).to_string();
            downloaded(run, prog, &url, &name);
        }
        _ => {}
    }
}

/// `tar -czf out.tgz dir`: a new archive of unknown size.
fn create_archive(run: &mut Run, args: &[String]) {
    let cluster = |a: &str| {
        let flags = a.strip_prefix('-').unwrap_or(a);
        !a.starts_with("--") && flags.chars().all(|c| c.is_ascii_alphabetic())
    };
    let creating = args
        .iter()
        .take_while(|a| a.starts_with('-') || cluster(a))
        .any(|a| a == "--create" || (cluster(a) && a.contains('c')));
    let file = args
        .iter()
        .position(|a| a == "--file" || (cluster(a) && a.ends_with('f')))
        .and_then(|i| args.get(i + 1))
        .or_else(|| {
            args.iter()
                .find_map(|a| a.strip_prefix("--file=").map(|_| a))
        });
    if let (true, Some(f)) = (creating, file) {
        let f = f.strip_prefix("--file=").unwrap_or(f).to_string();
        if f != "-" {
            let p = run.path(&f);
            run.put(
                &p,
                Kind::File,
                Bytes::UNKNOWN,
                Origin::Run {
                    command: "tar".into(),
                },
            );
            run.notes.push(format!("tar creates {p}: size unknown"));
        }
    }
}

/// A file a download writes: its size is not known.
fn downloaded(run: &mut Run, prog: &str, url: &str, to: &str) {
    let p = run.path(to);
    run.put(
        &p,
        Kind::File,
        Bytes::UNKNOWN,
        Origin::Url {
            url: url.to_string(),
        },
    );
    run.notes
        .push(format!("{prog} downloads {url} to {p}: size unknown"));
}

fn extract(run: &mut Run, prog: &str, args: &[String]) {
    let extracting = prog == "unzip"
        || args.first().is_some_and(|a| {
            !a.starts_with('-') && a.contains('x') && a.chars().all(|c| c.is_ascii_alphabetic())
        })
        || args.iter().any(|a| {
            a.starts_with("-x")
                || (a.starts_with('x') && !a.starts_with('-'))
                || a == "--extract"
                || (a.starts_with('-') && !a.starts_with("--") && a.contains('x'))
        });
    if !extracting {
        if prog == "tar" {
            create_archive(run, args);
        }
        return;
    }
    let dest = args
        .iter()
        .position(|a| a == "-C" || a == "-d" || a == "--directory")
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| run.cwd.clone());
    let p = run.path(&dest);
    run.put_opaque_dir(
        &p,
        Bytes::UNKNOWN,
        Origin::Run {
            command: prog.to_string(),
        },
        "archive contents",
    );
    run.notes
        .push(format!("{prog} extracts into {p}: size unknown"));
}
