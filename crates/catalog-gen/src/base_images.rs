//! `base-images.csv` and `base-image-layers.csv`: the measured official images.

use crate::lit::*;
use crate::table::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The January 2023 repo-info snapshot the historical rows come from.
const HISTORICAL_COMMIT: &str = "72e4be79b9c831d8da7d63a6ce871b20fc9e06c1";

/// The columns of `base-images.csv` the generator reads.
const COLUMNS: &[&str] = &[
    "image",
    "tag",
    "platform",
    "compressed_bytes",
    "uncompressed_bytes",
    "uncompressed_printed",
    "uncompressed_match",
    "os_distro",
    "os_version",
    "os_codename",
    "libc",
    "package_manager",
    "distro_basis",
    "runtime_note",
    "image_date",
    "repoinfo_commit_remote",
    "source_path_remote",
    "repoinfo_commit_local",
    "source_path_local",
    "local_image_created",
    "n_layers",
    "layers_compressed_bytes",
    "notes",
];

pub(crate) fn gen_base_images(dir: &Path, out: &mut String) {
    let t = Table::read(dir, "base-images.csv", COLUMNS);
    let layer_table = layer_table(dir);
    let mut items: BTreeMap<(String, String), String> = BTreeMap::new();
    for r in rows(&t) {
        let image = r.req("image");
        let tag = r.req("tag");
        if r.req("platform") != "linux/amd64" {
            r.bad("platform", "must be linux/amd64");
        }
        let item = base_image_item(&r, &layer_table);
        if items
            .insert((image.to_string(), tag.to_string()), item)
            .is_some()
        {
            fail(t.file, r.line, &format!("duplicate row {image}:{tag}"));
        }
    }
    out.push_str("/// `base-images.csv`, sorted by (image, tag).\npub static BASE_IMAGES: &[BaseImage] = &[\n");
    for v in items.values() {
        out.push_str(v);
    }
    out.push_str("];\n\n");
}

/// Each image's layers (index, compressed bytes) from `base-image-layers.csv`,
/// for the cross-check.
type LayerTable = HashMap<(String, String), Vec<(u64, u64)>>;

fn layer_table(dir: &Path) -> LayerTable {
    let lt = Table::read(
        dir,
        "base-image-layers.csv",
        &["image", "tag", "layer_index", "compressed_bytes"],
    );
    let mut layer_table: LayerTable = HashMap::new();
    for r in rows(&lt) {
        layer_table
            .entry((r.req("image").into(), r.req("tag").into()))
            .or_default()
            .push((r.u64("layer_index"), r.u64("compressed_bytes")));
    }
    layer_table
}

/// One `BaseImage` literal.
fn base_image_item(r: &Row<'_>, layer_table: &LayerTable) -> String {
    let (image, tag) = (r.req("image"), r.req("tag"));
    let (compressed, layers) = layers(r, image, tag, layer_table);
    let local = local_size(r);
    let (distro, libc, pm) = row_os(r);
    let basis = r.req("distro_basis");
    let image_date = r.date("image_date");
    let commit = r.req("repoinfo_commit_remote");
    if commit.len() != 40 || !commit.bytes().all(|b| b.is_ascii_hexdigit()) {
        r.bad("repoinfo_commit_remote", "is not a 40-digit commit id");
    }
    let notes = r.s("notes");
    let historical = commit == HISTORICAL_COMMIT || notes.contains("HISTORICAL");
    let detail = format!(
        "docker-library/repo-info@{commit} {} (registry Total Size, linux/amd64)",
        r.req("source_path_remote")
    );
    let runtime = r.opt("runtime_note");
    if let Some(rt) = runtime {
        if !rt.contains('=') {
            r.bad("runtime_note", "is not NAME=VERSION");
        }
    }
    format!(
        "    BaseImage {{ image: {}, tag: {}, compressed_bytes: {compressed}, layers: &{:?}, local: {local}, \
         os: RowOs {{ distro: Distro::{distro}, version: {}, codename: {}, libc: Libc::{libc}, package_manager: PackageManager::{pm}, basis: {}, inferred: {} }}, \
         runtime_note: {}, image_date: {}, source: {}, historical: {historical} }},\n",
        lit(image),
        lit(tag),
        layers,
        opt_lit(r.opt("os_version")),
        opt_lit(r.opt("os_codename")),
        lit(basis),
        basis.starts_with("INFERRED"),
        opt_lit(runtime),
        date_lit(image_date),
        source_lit("base-images.csv", &detail, image_date),
    )
}

/// The row's compressed size and layers, checked against each other and
/// against `base-image-layers.csv`.
fn layers(r: &Row<'_>, image: &str, tag: &str, layer_table: &LayerTable) -> (u64, Vec<u64>) {
    let compressed = r.u64("compressed_bytes");
    let layers: Vec<u64> = r
        .req("layers_compressed_bytes")
        .split(';')
        .map(|x| {
            x.trim().parse().unwrap_or_else(|_| {
                r.bad("layers_compressed_bytes", "has a non-integer layer size")
            })
        })
        .collect();
    if layers.len() as u64 != r.u64("n_layers") {
        r.bad(
            "n_layers",
            &format!("does not match the {} layers listed", layers.len()),
        );
    }
    if layers.iter().sum::<u64>() != compressed {
        r.bad(
            "compressed_bytes",
            &format!(
                "is not the sum of the layers ({})",
                layers.iter().sum::<u64>()
            ),
        );
    }
    if layers.iter().any(|&l| l > u32::MAX as u64) {
        r.bad("layers_compressed_bytes", "has a layer over 4 GiB");
    }
    match layer_table.get(&(image.to_string(), tag.to_string())) {
        None => fail(
            "base-image-layers.csv",
            0,
            &format!(
                "no layers for {image}:{tag} (base-images.csv line {})",
                r.line
            ),
        ),
        Some(l) => {
            let mut l = l.clone();
            l.sort();
            let ls: Vec<u64> = l.iter().map(|x| x.1).collect();
            let idx: Vec<u64> = l.iter().map(|x| x.0).collect();
            if ls != layers || idx != (0..layers.len() as u64).collect::<Vec<_>>() {
                fail(
                    "base-image-layers.csv",
                    0,
                    &format!(
                        "layers of {image}:{tag} differ from base-images.csv line {}",
                        r.line
                    ),
                );
            }
        }
    }
    (compressed, layers)
}

/// The `Option<LocalSize>` literal: the uncompressed size measured locally.
fn local_size(r: &Row<'_>) -> String {
    match r.opt_u64("uncompressed_bytes") {
        None => {
            if r.opt("uncompressed_match").is_some() {
                r.bad(
                    "uncompressed_match",
                    "is set but uncompressed_bytes is empty",
                );
            }
            "None".to_string()
        }
        Some(bytes) => {
            let printed = r.req("uncompressed_printed");
            let tolerance = if printed.contains("Gb") {
                5_000_000
            } else if printed.contains("Mb") {
                5_000
            } else {
                r.bad("uncompressed_printed", "has no Mb/Gb unit")
            };
            let m = r.req("uncompressed_match");
            let build = if m.starts_with("same Image ID") {
                "SameImage"
            } else if m.starts_with("different build") {
                "DifferentBuild"
            } else if m.starts_with("Image ID not compared") {
                "NotCompared"
            } else {
                r.bad(
                    "uncompressed_match",
                    "is not one of: same Image ID…, different build…, Image ID not compared…",
                )
            };
            let created = r.opt("local_image_created");
            let created_date = created
                .and_then(|c| c.get(..10))
                .and_then(parse_date)
                .unwrap_or_else(|| {
                    r.bad("local_image_created", "must start with a YYYY-MM-DD date")
                });
            let detail = format!(
                "docker-library/repo-info@{} {}",
                r.req("repoinfo_commit_local"),
                r.req("source_path_local")
            );
            format!(
                "Some(LocalSize {{ bytes: {bytes}, tolerance: {tolerance}, printed: {}, build: BuildMatch::{build}, created: {}, source: {} }})",
                lit(printed),
                opt_lit(created),
                source_lit("base-images.csv", &detail, created_date)
            )
        }
    }
}

/// The row's distro, libc and package manager, as variant names.
fn row_os(r: &Row<'_>) -> (&'static str, &'static str, &'static str) {
    let distro = match r.req("os_distro") {
        "debian" => "Debian",
        "ubuntu" => "Ubuntu",
        "alpine" => "Alpine",
        "busybox" => "BusyBox",
        "oraclelinux" => "OracleLinux",
        _ => r.bad(
            "os_distro",
            "is not a known distro (debian, ubuntu, alpine, busybox, oraclelinux)",
        ),
    };
    let libc = match r.req("libc") {
        "glibc" => "Glibc",
        "musl" => "Musl",
        _ => r.bad("libc", "is not glibc or musl"),
    };
    let pm = match r.req("package_manager") {
        "apt" => "Apt",
        "apk" => "Apk",
        "microdnf" => "Microdnf",
        "none" => "None",
        _ => r.bad("package_manager", "is not apt, apk, microdnf or none"),
    };
    (distro, libc, pm)
}
