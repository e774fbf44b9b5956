//! A unified diff of a file and its formatted text, for `fmt --diff`.
//!
//! The formatter edits inside lines and never adds or removes one (the final
//! newline completes the last line), so lines are compared one to one; should
//! the counts ever differ, the whole file is one hunk.

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// `--- a/name`, `+++ b/name` and the hunks; empty when the texts are equal.
pub fn unified(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    if a.len() != b.len() {
        hunk(&mut out, &a, &b, 0..a.len(), 0..b.len());
        return out;
    }
    let changed: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    let mut i = 0;
    while i < changed.len() {
        let start = changed[i].saturating_sub(CONTEXT);
        let mut last = changed[i];
        // Changes closer than twice the context share a hunk.
        while i + 1 < changed.len() && changed[i + 1] <= last + 2 * CONTEXT + 1 {
            i += 1;
            last = changed[i];
        }
        let end = (last + CONTEXT + 1).min(a.len());
        hunk(&mut out, &a, &b, start..end, start..end);
        i += 1;
    }
    out
}

fn hunk(
    out: &mut String,
    a: &[&str],
    b: &[&str],
    ra: std::ops::Range<usize>,
    rb: std::ops::Range<usize>,
) {
    let range = |r: &std::ops::Range<usize>| {
        let len = r.end - r.start;
        let start = if len == 0 { r.start } else { r.start + 1 };
        format!("{start},{len}")
    };
    out.push_str(&format!("@@ -{} +{} @@\n", range(&ra), range(&rb)));
    let line = |out: &mut String, mark: char, l: &str| {
        out.push(mark);
        out.push_str(l);
        if !l.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    };
    if ra == rb && a.len() == b.len() {
        // One to one: context lines once; a run of changed lines as its old
        // lines, then its new ones.
        let mut i = ra.start;
        while i < ra.end {
            if a[i] == b[i] {
                line(out, ' ', a[i]);
                i += 1;
                continue;
            }
            let run = i..(i..ra.end).find(|&j| a[j] == b[j]).unwrap_or(ra.end);
            for l in &a[run.clone()] {
                line(out, '-', l);
            }
            for l in &b[run.clone()] {
                line(out, '+', l);
            }
            i = run.end;
        }
    } else {
        for l in &a[ra] {
            line(out, '-', l);
        }
        for l in &b[rb] {
            line(out, '+', l);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn hunks_with_context_and_the_final_newline() {
        let old = "from a\n1\n2\n3\n4\n5\n6\n7\n8\n9\nrun x  ";
        let new = "FROM a\n1\n2\n3\n4\n5\n6\n7\n8\n9\nRUN x\n";
        assert_eq!(
            unified("Dockerfile", old, new),
            "--- a/Dockerfile\n+++ b/Dockerfile\n\
             @@ -1,4 +1,4 @@\n-from a\n+FROM a\n 1\n 2\n 3\n\
             @@ -8,4 +8,4 @@\n 7\n 8\n 9\n-run x  \n\\ No newline at end of file\n+RUN x\n"
        );
        assert_eq!(unified("x", "same\n", "same\n"), "");
    }

    #[test]
    fn near_changes_share_a_hunk() {
        let d = unified("f", "a\nb\nc\nd\n", "A\nb\nc\nD\n");
        assert_eq!(d.matches("@@ -").count(), 1, "{d}");
        assert!(
            d.contains("@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n-d\n+D\n"),
            "{d}"
        );
        let d = unified("f", "a\nb\nc\n", "A\nB\nc\n");
        assert!(d.ends_with("@@ -1,3 +1,3 @@\n-a\n-b\n+A\n+B\n c\n"), "{d}");
    }
}
