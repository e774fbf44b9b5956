//! Prints what the catalogue says about image references:
//! `cargo run -p layerlab-catalog --example probe -- python:3.12-slim node:lts`
use layerlab_catalog::*;

fn mb(b: u64) -> String {
    format!("{:.2} MB", b as f64 / 1e6)
}

fn main() {
    let today = Date::ymd(2026, 11, 23);
    for a in std::env::args().skip(1) {
        println!("=== {a}");
        let r = match ImageRef::parse(&a) {
            Ok(r) => r,
            Err(e) => {
                println!("  error: {e}");
                continue;
            }
        };
        let i = lookup(&r, today);
        println!("  status: {:?}", i.status);
        println!(
            "  canonical: {:?}  full: {:?}",
            i.canonical_tag, i.full_version_tag
        );
        if let Some(os) = i.os {
            println!(
                "  os: {} {:?} {:?} {:?} {:?}",
                os.distro.name(),
                os.version,
                os.codename,
                os.libc,
                os.package_manager
            );
        }
        if let Some(rt) = &i.runtime {
            println!("  runtime: {} {:?} line {:?}", rt.name, rt.version, rt.line);
        }
        if let Some(e) = i.distro_eol {
            println!(
                "  distro eol: {} {} {:?}",
                e.row.product, e.row.cycle, e.support
            );
        }
        if let Some(e) = i.runtime_eol {
            println!(
                "  runtime eol: {} {} {:?}",
                e.row.product, e.row.cycle, e.support
            );
        }
        if let Some(s) = &i.suggestion {
            println!(
                "  suggest: {} {:?} — {}",
                s.reference, s.alternatives, s.reason
            );
        }
        if let Some(sz) = &i.size {
            let (lo, hi) = sz.uncompressed.range();
            println!(
                "  size: {} compressed ({} layers, {}), uncompressed {} [{} .. {}] {}",
                mb(sz.compressed_bytes),
                sz.layers.len(),
                sz.row.image_date,
                mb(sz.uncompressed.bytes()),
                mb(lo),
                mb(hi),
                if sz.uncompressed.is_estimated() {
                    "ESTIMATED"
                } else {
                    "exact"
                }
            );
        } else {
            println!("  size: unknown");
        }
        if let Some(d) = i.defaults {
            println!(
                "  defaults: {} {:?} paths={}",
                d.family,
                d.flavour,
                d.paths.len()
            );
        }
    }
}
