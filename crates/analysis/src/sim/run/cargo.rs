//! cargo build and cargo install.

use super::ctx::RunCtx;
use crate::sim::size::Bytes;
use crate::sim::vfs::Origin;
pub(super) fn cargo(mut cx: RunCtx, args: &[String]) {
    let sub = args.first().map(String::as_str).unwrap_or("");
    if sub != "build" && sub != "install" {
        return;
    }
    let release = args.iter().any(|a| a == "--release" || a == "-r");
    let dir = cx.path(if release {
        "target/release"
    } else {
        "target/debug"
    });
    cx.put_opaque_dir(
        &dir,
        Bytes::UNKNOWN,
        Origin::Run {
            command: format!("cargo {sub}"),
        },
    );
    cx.note(format!("cargo {sub}: build output in {dir} (size unknown)"));
}
