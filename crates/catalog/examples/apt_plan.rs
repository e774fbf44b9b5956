//! `cargo run -p layerlab-catalog --example apt_plan -- <bookworm|trixie> <0|1> <name>...`:
//! what the catalogue's [`apt_plan`] installs for `apt-get install <names>`
//! on minimal Debian (the baseline), with recommended packages when the
//! second argument is 1. Prints `kib <n>`, then one `inst <name> <version>
//! <kib>` line a package, then `unknown`/`failed`/`already` lines. Used by
//! `scripts/data/debian --check` to compare with `apt-get -s install`.

use layerlab_catalog::{apt_plan, DebianRelease};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let release = DebianRelease::from_codename(&args[0]).expect("bookworm or trixie");
    let rec = args[1] == "1";
    let names: Vec<&str> = args[2..].iter().map(String::as_str).collect();
    let plan = apt_plan(&names, release, release.baseline().iter().copied(), rec);
    println!("kib {}", plan.installed_kib);
    for p in &plan.install {
        println!(
            "inst {} {} {}",
            p.name(),
            p.version.unwrap_or("-"),
            p.installed_kib.unwrap_or(0)
        );
    }
    for u in &plan.unknown {
        println!("unknown {u}");
    }
    for (n, f) in &plan.failed {
        println!("failed {n} {f:?}");
    }
    for a in &plan.already {
        println!("already {a}");
    }
}
