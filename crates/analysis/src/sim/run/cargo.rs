//! cargo build and cargo install.

use super::ctx::RunCtx;
use crate::sim::size::Bytes;
use crate::sim::vfs::{Origin, Unseen};

pub(super) fn cargo(mut cx: RunCtx, args: &[String]) {
    let sub = args.first().map(String::as_str).unwrap_or("");
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
            .or_else(|| {
                args.iter()
                    .find_map(|a| a.strip_prefix(&format!("{name}=")).map(str::to_string))
            })
    };
    match sub {
        "build" | "b" | "test" | "t" | "run" | "r" | "doc" | "check" | "c" => {
            // Binaries go to target/<profile> (target/<triple>/<profile> with
            // --target), named by Cargo.toml: the whole target dir is opaque.
            let dir = cx.path(&value("--target-dir").unwrap_or_else(|| "target".into()));
            cx.put_opaque_dir(
                &dir,
                Bytes::UNKNOWN,
                Origin::Run {
                    command: format!("cargo {sub}"),
                },
            );
            cx.note(format!(
                "cargo {sub}: build output in {dir} (names from Cargo.toml; size unknown)"
            ));
        }
        "install" => {
            let root = value("--root")
                .or_else(|| cx.env("CARGO_INSTALL_ROOT"))
                .or_else(|| cx.env("CARGO_HOME"))
                .unwrap_or_else(|| cx.in_home(".cargo"));
            let bin = cx.path(&format!("{root}/bin"));
            cx.note(format!("cargo install: binaries in {bin} (size unknown)"));
            cx.region(
                &bin,
                Unseen::BuildOutput {
                    tool: "cargo install".into(),
                },
            );
        }
        "fetch" | "vendor" => {
            let home = cx.env("CARGO_HOME").unwrap_or_else(|| cx.in_home(".cargo"));
            let dir = if sub == "vendor" {
                cx.cwd().to_string()
            } else {
                cx.path(&format!("{home}/registry"))
            };
            cx.note(format!("cargo {sub}: crates in {dir} (size unknown)"));
            cx.region(
                &dir,
                Unseen::BuildOutput {
                    tool: format!("cargo {sub}"),
                },
            );
        }
        _ => {}
    }
}
