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
        None => today(),
    };
    let context = match &build.context {
        Some(dir) => Some(crate::context::load(dir)?),
        None => None,
    };
    Ok(Options { sim, context })
}

/// Today's date (UTC) from the system clock, `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    format!("{:04}-{:02}-{:02}", if m <= 2 { y + 1 } else { y }, m, d)
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

#[cfg(test)]
mod tests {
    #[test]
    fn date_from_clock_is_well_formed() {
        let d = super::today();
        assert_eq!(d.len(), 10);
        assert!(d.starts_with("20"));
    }
}
