//! The build's flags, shared by `check`, `tree` and `compare`: the context,
//! the target stage, build arguments and today's date, read into the
//! analysis' [`Options`].

use layerlab_analysis::{Analysis, Options, SimOptions};

#[derive(clap::Args)]
pub(crate) struct BuildArgs {
    /// The build context directory (files, sizes, .dockerignore, requirements.txt, …).
    #[arg(long)]
    pub context: Option<std::path::PathBuf>,
    /// The stage to build (name or index); the last stage by default.
    #[arg(long)]
    pub target: Option<String>,
    /// A build argument, `KEY=VALUE` (repeatable).
    #[arg(long = "build-arg", value_name = "KEY=VALUE")]
    pub build_args: Vec<String>,
    /// Today's date for end-of-life checks (`YYYY-MM-DD`; default: the system date).
    #[arg(long)]
    pub today: Option<String>,
}

pub(crate) fn options(build: &BuildArgs) -> Result<Options, String> {
    let mut sim = SimOptions {
        target: build.target.clone(),
        ..SimOptions::default()
    };
    for kv in &build.build_args {
        let (k, v) = kv
            .split_once('=')
            .ok_or_else(|| format!("--build-arg {kv}: expected KEY=VALUE"))?;
        sim.build_args.push((k.to_string(), v.to_string()));
    }
    sim.today = match &build.today {
        Some(d) => d.clone(),
        None => layerlab_project::today(),
    };
    let context = match &build.context {
        Some(dir) => Some(crate::context::load(dir)?),
        None => None,
    };
    Ok(Options { sim, context })
}

pub(crate) fn check_target(a: &Analysis, build: &BuildArgs) -> Result<(), String> {
    if let Some(t) = &build.target {
        if a.simulation.target.is_none() && !a.simulation.stages.is_empty() {
            let names: Vec<String> = a
                .simulation
                .stages
                .iter()
                .map(|s| s.display_name())
                .collect();
            return Err(format!(
                "target stage {t:?} not found; stages are: {}",
                names.join(", ")
            ));
        }
    }
    Ok(())
}
