//! The uncompressed-size estimate, checked by leaving each measured row out.

use layerlab_catalog::*;

/// Leave-one-out over every row that has both sizes: the estimate built
/// without the row (and its aliases) must contain the measured value; the
/// worst relative error of the point value is printed and bounded.
#[test]
fn leave_one_out_ranges_contain_the_measured_value() {
    let mut worst = (0.0f64, "");
    let mut worst_outside = 0.0f64;
    let mut n = 0;
    let mut seen = Vec::new();
    for row in BASE_IMAGES.iter() {
        let Some(local) = row.local else { continue };
        if seen.contains(&(row.compressed_bytes, local.bytes)) {
            continue; // an alias (node:lts = node:24) is the same sample
        }
        seen.push((row.compressed_bytes, local.bytes));
        let family = SizeFamily::of(row);
        let s = ratio_stats(family, Some(row))
            .unwrap_or_else(|| panic!("{}:{} has no other sample", row.image, row.tag));
        let c = row.compressed_bytes as f64;
        let (value, low, high) = (c * s.mean, c * s.low, c * s.high);
        let truth = local.bytes as f64;
        let err = (value - truth) / truth;
        println!(
            "{:>22} {:<12} ratio {:.3}  estimate {:>8.2} MB [{:>8.2} .. {:>8.2}]  measured {:>8.2} MB  error {:+.1}%",
            format!("{}:{}", row.image, row.tag),
            family.name(),
            truth / c,
            value / 1e6,
            low / 1e6,
            high / 1e6,
            truth / 1e6,
            err * 100.0
        );
        if err.abs() > worst.0 {
            worst = (err.abs(), row.tag);
        }
        if truth < low {
            worst_outside = worst_outside.max((low - truth) / truth);
        }
        if truth > high {
            worst_outside = worst_outside.max((truth - high) / truth);
        }
        n += 1;
    }
    println!(
        "{n} samples; worst point error {:.1}% ({}); worst distance outside the range {:.1}%",
        worst.0 * 100.0,
        worst.1,
        worst_outside * 100.0
    );
    assert!(n >= 20, "{n} samples");
    assert_eq!(worst_outside, 0.0, "a held-out row fell outside its range");
    assert!(worst.0 < 0.40, "worst point error {:.1}%", worst.0 * 100.0);
}

#[test]
fn family_statistics() {
    for f in [
        SizeFamily::DebianFull,
        SizeFamily::DebianSlim,
        SizeFamily::Alpine,
        SizeFamily::Other,
    ] {
        let s = ratio_stats(f, None).unwrap();
        println!(
            "{:<12} n={} mean {:.3} observed [{:.3}, {:.3}] range [{:.3}, {:.3}]",
            f.name(),
            s.samples,
            s.mean,
            s.min,
            s.max,
            s.low,
            s.high
        );
        assert!(
            s.low >= 1.0
                && s.low <= s.min
                && s.min <= s.mean
                && s.mean <= s.max.max(s.mean)
                && s.max <= s.high
        );
    }
}

#[test]
fn estimate_for_unmeasured_rows_is_flagged() {
    // python:3.12 (full Debian) has no local size: estimated from the ratio
    let r = BASE_IMAGES
        .iter()
        .find(|r| r.image == "python" && r.tag == "3.12")
        .unwrap();
    let size = ImageSize::of(r);
    match size.uncompressed {
        Uncompressed::Estimated(Estimate {
            bytes,
            low,
            high,
            method: EstimateMethod::Ratio(s),
        }) => {
            assert_eq!(s.family, SizeFamily::DebianFull);
            assert!(low < bytes && bytes < high);
            assert!(low > r.compressed_bytes);
        }
        other => panic!("{other:?}"),
    }
    let e = estimate_from_ratio(100_000_000, SizeFamily::Alpine).unwrap();
    assert!(e.low <= e.bytes && e.bytes <= e.high);
}
