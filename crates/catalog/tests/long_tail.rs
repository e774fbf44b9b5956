//! The long-tail file: what a build with every row writes, a build reads
//! back field for field; a damaged or stale file is refused with its line.

use layerlab_catalog::{
    encode_long_tail, load_long_tail, long_tail_available, long_tail_wanted, pip_packages,
    LongTailError,
};

fn malformed(text: String) -> (usize, String) {
    match load_long_tail(text) {
        Err(LongTailError::Malformed { line, message }) => (line, message),
        other => panic!("expected a malformed-file error, got {other:?}"),
    }
}

#[test]
fn what_is_written_reads_back_identically() {
    let first = encode_long_tail().expect("every table value is representable");
    let counts = load_long_tail(first.clone()).expect("this build's own file loads");
    assert!(long_tail_available());
    assert!(!long_tail_wanted());
    // The lookups now read the loaded tables: written again, the same text,
    // so every field of every row came back as it was.
    assert_eq!(encode_long_tail().unwrap(), first);
    assert!(counts.pip_packages > 0 && counts.pip_dists > 0 && counts.apt_packages > 0);
    if cfg!(feature = "long-tail") {
        // The whole tables: the page that loads this file knows what the CLI knows.
        assert!(counts.pip_packages >= 3_700, "{counts:?}");
        assert!(counts.apt_packages >= 10_000, "{counts:?}");
        assert!(counts.npm_packages >= 500, "{counts:?}");
        assert!(counts.npm_versions >= 2_000, "{counts:?}");
        assert!(pip_packages("absl-py").next().is_some());
    }
}

#[test]
fn a_file_from_other_data_is_refused() {
    let text = encode_long_tail().unwrap();
    let (_, rest) = text.split_once('\n').unwrap();
    let stale = format!("layerlab-long-tail 1 0000000000000000\n{rest}");
    assert!(matches!(
        load_long_tail(stale),
        Err(LongTailError::Version { .. })
    ));
    assert!(matches!(
        load_long_tail("<!doctype html>".into()),
        Err(LongTailError::Version { .. })
    ));
}

#[test]
fn damage_is_reported_with_its_line() {
    let text = encode_long_tail().unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // Cut short.
    let cut = lines[..lines.len() / 2].join("\n");
    let (line, msg) = malformed(cut);
    assert_eq!(line, lines.len() / 2 + 1, "{msg}");
    assert!(msg.contains("ends early"), "{msg}");
    // A number that is not one, on line 3 (the first pip row).
    let mut bad = lines.clone();
    let fields: Vec<&str> = bad[2].split('\t').collect();
    let with_bad_number = {
        let mut f = fields.clone();
        f[6] = "12ab";
        f.join("\t")
    };
    bad[2] = &with_bad_number;
    let (line, msg) = malformed(bad.join("\n"));
    assert_eq!(line, 3);
    assert!(msg.contains("12ab"), "{msg}");
    // A field too many.
    let mut extra = lines.clone();
    let longer = format!("{}\tmore", lines[2]);
    extra[2] = &longer;
    let (line, msg) = malformed(extra.join("\n"));
    assert_eq!(line, 3);
    assert!(msg.contains("more than"), "{msg}");
    // Rows out of order (lookups binary-search them).
    let mut swapped = lines.clone();
    swapped.swap(2, 3);
    let first_pip_names: Vec<&str> = [lines[2], lines[3]]
        .iter()
        .map(|l| l.split('\t').nth(1).unwrap())
        .collect();
    if first_pip_names[0] != first_pip_names[1] {
        let (_, msg) = malformed(swapped.join("\n"));
        assert!(msg.contains("sorted"), "{msg}");
    }
    // An apt dependency that names no package.
    let at = lines
        .iter()
        .position(|l| l.starts_with("apt-packages "))
        .unwrap();
    let row = lines[at + 1..]
        .iter()
        .position(|l| l.split('\t').nth(4).is_some_and(|d| !d.is_empty()))
        .map(|i| at + 1 + i)
        .expect("a row with dependencies");
    let mut f: Vec<&str> = lines[row].split('\t').collect();
    f[4] = "32767";
    let out_of_range = f.join("\t");
    let mut dangling = lines.clone();
    dangling[row] = &out_of_range;
    let (line, msg) = malformed(dangling.join("\n"));
    assert_eq!(line, row + 1);
    assert!(msg.contains("out of range"), "{msg}");
    // Text after the end.
    let (_, msg) = malformed(format!("{text}junk\n"));
    assert!(msg.contains("after the last section"), "{msg}");
}
