//! The map from an instruction's logical line back to the source.
//!
//! The parser builds each instruction's logical line from slices of the
//! source: continuation characters (with what follows them on the line) and
//! comment and blank lines inside the continuation are removed. A
//! [`SourceMap`] records those slices, so that an offset or a range in the
//! logical text can be turned back into source offsets.

use crate::Span;

/// One slice of the logical text: `logical..logical + len` in the logical
/// text is `source..source + len` in the source, byte for byte.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Seg {
    pub logical: usize,
    pub source: usize,
    pub len: usize,
}

/// Logical-text offsets → source offsets, as a sorted list of [`Seg`]s that
/// tile the logical text (`segs[i].logical + segs[i].len ==
/// segs[i + 1].logical`). Slices are separated in the source by what the
/// parser removed (continuations, comment lines).
///
/// Every source offset it returns is a char boundary of the source when the
/// logical offset given is a char boundary of the logical text (slices start
/// and end on char boundaries).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    segs: Vec<Seg>,
}

impl SourceMap {
    /// A map from its slices, which must be sorted and tile the logical text
    /// from 0.
    pub fn new(segs: Vec<Seg>) -> Self {
        SourceMap { segs }
    }

    /// Moves every slice's source offset (the logical text is unchanged).
    pub(crate) fn relocate_sources(&mut self, by: crate::relocate::Shift) {
        for s in &mut self.segs {
            s.source = by.offset(s.source);
        }
    }

    /// The slices.
    pub fn segs(&self) -> &[Seg] {
        &self.segs
    }

    /// The length of the logical text.
    pub fn logical_len(&self) -> usize {
        self.segs.last().map_or(0, |s| s.logical + s.len)
    }

    /// The source offset of logical offset `l`. At the boundary between two
    /// slices this is the start of the second one; at or past the end it is
    /// the end of the last slice.
    pub fn to_source(&self, l: usize) -> usize {
        let i = self.segs.partition_point(|s| s.logical + s.len <= l);
        match self.segs.get(i) {
            Some(s) if l >= s.logical => s.source + (l - s.logical),
            Some(s) => s.source,
            None => self.segs.last().map_or(0, |s| s.source + s.len),
        }
    }

    /// The logical offset of source offset `s`, when `s` is a byte of a
    /// slice (not one the parser removed).
    pub fn to_logical(&self, s: usize) -> Option<usize> {
        let i = self.segs.partition_point(|g| g.source + g.len <= s);
        self.segs
            .get(i)
            .filter(|g| g.source <= s)
            .map(|g| g.logical + (s - g.source))
    }

    /// The source span from the first to the last byte of `a..b` (it covers
    /// whatever was removed in between). Empty when `b <= a`.
    pub fn span(&self, a: usize, b: usize) -> Span {
        if b <= a {
            let p = self.to_source(a);
            return Span::new(p, p);
        }
        Span::new(self.to_source(a), self.to_source(b - 1) + 1)
    }

    /// The source pieces of `a..b`: one span per slice it touches, in order,
    /// each contiguous in the source; pieces that touch in the source are
    /// merged. Their texts concatenated equal the logical text `a..b`. One
    /// empty span (as [`SourceMap::span`]) when `a..b` is empty.
    pub fn spans(&self, a: usize, b: usize) -> Vec<Span> {
        if b <= a {
            return vec![self.span(a, a)];
        }
        let mut out: Vec<Span> = Vec::new();
        for (s, from, to) in self.overlapping(a, b) {
            let piece = Span::new(s.source + (from - s.logical), s.source + (to - s.logical));
            match out.last_mut() {
                Some(last) if last.end == piece.start => last.end = piece.end,
                _ => out.push(piece),
            }
        }
        if out.is_empty() {
            out.push(self.span(a, a));
        }
        out
    }

    /// The slices the logical range `a..b` touches, each with the part of
    /// the range inside it (`from..to`, logical, never empty).
    fn overlapping(&self, a: usize, b: usize) -> impl Iterator<Item = (&Seg, usize, usize)> {
        let first = self.segs.partition_point(|s| s.logical + s.len <= a);
        self.segs[first..]
            .iter()
            .take_while(move |s| s.logical < b)
            .filter_map(move |s| {
                let (from, to) = (a.max(s.logical), b.min(s.logical + s.len));
                (to > from).then_some((s, from, to))
            })
    }

    /// The map of the logical range `a..b`, rebased so that `a` becomes 0.
    /// An empty range keeps one empty slice where [`SourceMap::to_source`]
    /// puts `a`.
    pub fn sub(&self, a: usize, b: usize) -> SourceMap {
        let mut segs = Vec::new();
        for (s, from, to) in self.overlapping(a, b) {
            segs.push(Seg {
                logical: from - a,
                source: s.source + (from - s.logical),
                len: to - from,
            });
        }
        if segs.is_empty() {
            segs.push(Seg {
                logical: 0,
                source: self.to_source(a),
                len: 0,
            });
        }
        SourceMap { segs }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> SourceMap {
        // "RUN a \\\n  b\n" → logical "RUN a   b" (`\` and newline removed).
        SourceMap::new(vec![
            Seg {
                logical: 0,
                source: 0,
                len: 6,
            },
            Seg {
                logical: 6,
                source: 8,
                len: 3,
            },
        ])
    }

    #[test]
    fn to_source_and_spans() {
        let m = map();
        assert_eq!(m.to_source(0), 0);
        assert_eq!(m.to_source(5), 5);
        assert_eq!(m.to_source(6), 8);
        assert_eq!(m.to_source(9), 11);
        assert_eq!(m.to_source(100), 11);
        assert_eq!(m.span(4, 9), Span::new(4, 11));
        assert_eq!(m.span(3, 3), Span::new(3, 3));
        assert_eq!(m.spans(4, 9), vec![Span::new(4, 6), Span::new(8, 11)]);
        assert_eq!(m.spans(6, 9), vec![Span::new(8, 11)]);
        assert_eq!(m.spans(7, 7), vec![Span::new(9, 9)]);
        let s = m.sub(4, 9);
        assert_eq!(s.logical_len(), 5);
        assert_eq!(s.to_source(0), 4);
        assert_eq!(s.spans(0, 5), vec![Span::new(4, 6), Span::new(8, 11)]);
        assert_eq!(m.sub(9, 9).to_source(0), 11);
    }
}
