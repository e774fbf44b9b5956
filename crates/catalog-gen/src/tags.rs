//! `image-tags.csv`: the official images' published tags, grouped.

use crate::lit::*;
use crate::table::*;
use crate::tagparse::{line_components, split_tag, TagParts};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

fn explicitness(p: &TagParts<'_>) -> usize {
    p.variant.len() + usize::from(p.distro.is_some())
}

#[derive(Default)]
struct GroupAcc {
    directory: Option<String>,
    linux: bool,
    amd64: bool,
    windows: bool,
    comment: Option<String>,
    tags: Vec<String>,
}

pub(crate) fn gen_tags(dir: &Path, out: &mut String) {
    let t = Table::read(
        dir,
        "image-tags.csv",
        &[
            "image",
            "tag",
            "shared_tags_group_id",
            "architectures",
            "directory",
            "official_images_commit",
            "tag_kind",
            "blocks",
            "block_comment",
            "official_images_commit_date",
        ],
    );
    let mut acc = Snapshot::default();
    // Tags rows first, so every block has its own directory and arches.
    for pass in ["Tags", "SharedTags"] {
        for r in rows(&t) {
            acc.row(&r, pass);
        }
    }
    let commit = acc.commit.unwrap();
    let commit_date = acc.commit_date.unwrap();

    out.push_str("/// `image-tags.csv`: the tags of 16 official images, by image name.\n");
    out.push_str("pub(crate) static TAG_IMAGES: &[TagImage] = &[\n");
    for (image_index, (image, groups)) in acc.images.iter().enumerate() {
        write_image(out, t.file, image_index, image, groups);
    }
    out.push_str("];\n\n");
    let _ = writeln!(
        out,
        "/// Provenance of `image-tags.csv`: the official-images snapshot.\npub(crate) const TAGS_SOURCE: Source = {};\n",
        source_lit("image-tags.csv", &format!("docker-library/official-images@{commit} library/<image>"), commit_date)
    );
}

/// The tags read so far: each image's blocks by number, and the snapshot's
/// commit and date (one for all rows).
#[derive(Default)]
struct Snapshot {
    images: BTreeMap<String, BTreeMap<u16, GroupAcc>>,
    seen: BTreeSet<(String, String)>,
    commit: Option<String>,
    commit_date: Option<Date>,
}

impl Snapshot {
    /// Reads a row of kind `pass` (`Tags` or `SharedTags`; others are skipped).
    fn row(&mut self, r: &Row<'_>, pass: &str) {
        let kind = r.req("tag_kind");
        if kind != "Tags" && kind != "SharedTags" {
            r.bad("tag_kind", "is not Tags or SharedTags");
        }
        if kind != pass {
            return;
        }
        let image = r.req("image");
        let tag = r.req("tag");
        if !self.seen.insert((image.to_string(), tag.to_string())) {
            fail(r.file(), r.line, &format!("duplicate tag {image}:{tag}"));
        }
        self.commit(r);
        let gid: u16 = r
            .req("shared_tags_group_id")
            .parse()
            .unwrap_or_else(|_| r.bad("shared_tags_group_id", "is not a block number"));
        let groups = self.images.entry(image.to_string()).or_default();
        if pass == "Tags" {
            block_row(groups.entry(gid).or_default(), r);
        } else {
            let g = groups.get_mut(&gid).unwrap_or_else(|| {
                r.bad("shared_tags_group_id", "names a block that has no Tags row")
            });
            g.tags.push(tag.to_string());
        }
    }

    /// The snapshot's commit (the same on every row) and date (the first row's).
    fn commit(&mut self, r: &Row<'_>) {
        let c = r.req("official_images_commit");
        match &self.commit {
            None => self.commit = Some(c.to_string()),
            Some(prev) if prev != c => r.bad(
                "official_images_commit",
                "differs from earlier rows (one snapshot expected)",
            ),
            _ => {}
        }
        if self.commit_date.is_none() {
            self.commit_date = Some(
                r.req("official_images_commit_date")
                    .get(..10)
                    .and_then(parse_date)
                    .unwrap_or_else(|| {
                        r.bad("official_images_commit_date", "must start with YYYY-MM-DD")
                    }),
            );
        }
    }
}

/// A `Tags` row: its block's directory, architectures and comment, and the tag.
fn block_row(g: &mut GroupAcc, r: &Row<'_>) {
    let d = r.req("directory");
    if d.contains(';') {
        r.bad("directory", "lists several directories on a Tags row");
    }
    g.directory.get_or_insert_with(|| d.to_string());
    for a in r.req("architectures").split(',').map(str::trim) {
        match a {
            "amd64" => {
                g.amd64 = true;
                g.linux = true
            }
            a if a.starts_with("windows-") => g.windows = true,
            "" => r.bad("architectures", "has an empty entry"),
            _ => g.linux = true,
        }
    }
    if let Some(c) = r.opt("block_comment") {
        g.comment.get_or_insert_with(|| c.to_string());
    }
    g.tags.push(r.req("tag").to_string());
}

/// One `TagImage` literal: its blocks, and its tags sorted and joined with
/// their offsets and blocks.
fn write_image(
    out: &mut String,
    file: &'static str,
    image_index: usize,
    image: &str,
    groups: &BTreeMap<u16, GroupAcc>,
) {
    let idx: HashMap<u16, usize> = groups.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    if groups.len() > u8::MAX as usize {
        fail(file, 0, &format!("{image} has more than 255 blocks"));
    }
    let mut all: Vec<(&str, usize)> = groups
        .iter()
        .flat_map(|(gid, g)| {
            let gi = idx[gid];
            g.tags.iter().map(move |t| (t.as_str(), gi))
        })
        .collect();
    all.sort();
    let position: HashMap<&str, usize> =
        all.iter().enumerate().map(|(i, (t, _))| (*t, i)).collect();
    let mut joined = String::new();
    let mut offsets = Vec::new();
    for (tag, _) in &all {
        offsets.push(joined.len());
        joined.push_str(tag);
        joined.push('\n');
    }
    offsets.push(joined.len());
    if joined.len() > u16::MAX as usize {
        fail(file, 0, &format!("the tags of {image} exceed 64 KiB"));
    }
    let _ = writeln!(out, "    TagImage {{ name: {}, groups: &[", lit(image));
    for g in groups.values() {
        let (canonical, full) = canonical_and_full(image, g);
        let cp = split_tag(&canonical);
        let version = full
            .as_deref()
            .map(|f| split_tag(f).version.to_string())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "        TagGroup {{ image: {image_index}, directory: {}, comment: {}, canonical: {}, full: {}, linux: {}, amd64: {}, prerelease: {} }},",
            lit(g.directory.as_deref().unwrap_or("")),
            opt_lit(g.comment.as_deref()),
            position[canonical.as_str()],
            full.as_deref().map_or(u16::MAX as usize, |f| position[f]),
            g.linux,
            g.amd64,
            cp.prerelease || version.contains(['a', 'b', 'r'])
        );
    }
    let groups_of: Vec<usize> = all.iter().map(|(_, gi)| *gi).collect();
    let _ = writeln!(
        out,
        "    ], tags: {}, offsets: &{:?}, tag_groups: &{:?} }},",
        lit(&joined),
        offsets,
        groups_of
    );
}

/// A block's canonical tag (the one that names its line) and its
/// full-version tag, if any.
fn canonical_and_full(image: &str, g: &GroupAcc) -> (String, Option<String>) {
    let parts: Vec<(String, TagParts)> = g.tags.iter().map(|t| (t.clone(), split_tag(t))).collect();
    let cands: Vec<&(String, TagParts)> = parts
        .iter()
        .filter(|(_, p)| crate::tagparse::is_version_candidate(p))
        .collect();
    if image == "debian" || cands.is_empty() {
        // Codename tags (debian), or no numeric tag (edge, sid).
        let named = g
            .tags
            .iter()
            .find(|t| !t.bytes().any(|b| b.is_ascii_digit()) && t.as_str() != "latest")
            .unwrap_or(&g.tags[0]);
        let full = cands
            .iter()
            .filter(|(_, p)| p.version_components() >= 2)
            .max_by_key(|(t, p)| (explicitness(p), p.version_components(), t.len()))
            .map(|(t, _)| t.clone());
        return (named.clone(), full);
    }
    let max_e = cands.iter().map(|(_, p)| explicitness(p)).max().unwrap();
    let top: Vec<&&(String, TagParts)> = cands
        .iter()
        .filter(|(_, p)| explicitness(p) == max_e)
        .collect();
    let lc = line_components(image);
    let canonical = top
        .iter()
        .find(|(_, p)| p.version_components() == lc)
        .or_else(|| top.iter().min_by_key(|(_, p)| p.version_components()))
        .map(|(t, _)| t.clone())
        .unwrap();
    let full = top
        .iter()
        .filter(|(_, p)| p.version_components() > lc)
        .max_by_key(|(t, p)| (p.version_components(), t.len()))
        .map(|(t, _)| t.clone());
    (canonical, full)
}
