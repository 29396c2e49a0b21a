//! The times during which an object matters to a trace: a case only while the traced unit is
//! packed in it, a transformation's inputs only up to the transformation. Ends are inclusive,
//! so the packing and unpacking events themselves belong to the case's window.

use chrono::{DateTime, Utc};

/// A closed interval of time; `None` is unbounded on that side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

impl Span {
    /// All time.
    pub const ALL: Self = Self {
        from: None,
        until: None,
    };

    pub fn new(from: Option<DateTime<Utc>>, until: Option<DateTime<Utc>>) -> Self {
        Self { from, until }
    }

    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.from.is_none_or(|f| f <= t) && self.until.is_none_or(|u| t <= u)
    }

    /// The common part, if any.
    pub fn intersect(&self, other: &Self) -> Option<Self> {
        let from = match (self.from, other.from) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let until = match (self.until, other.until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match (from, until) {
            (Some(f), Some(u)) if f > u => None,
            _ => Some(Self { from, until }),
        }
    }

    /// Whether `other` lies wholly within this span.
    pub fn covers(&self, other: &Self) -> bool {
        let from_ok = match (self.from, other.from) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => a <= b,
        };
        let until_ok = match (self.until, other.until) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => b <= a,
        };
        from_ok && until_ok
    }

    /// Whether the two overlap or touch, so that their union is one span.
    fn joins(&self, other: &Self) -> bool {
        let before = |a: &Self, b: &Self| matches!((a.until, b.from), (Some(u), Some(f)) if u < f);
        !before(self, other) && !before(other, self)
    }

    fn union(&self, other: &Self) -> Self {
        Self {
            from: self.from.zip(other.from).map(|(a, b)| a.min(b)),
            until: self.until.zip(other.until).map(|(a, b)| a.max(b)),
        }
    }
}

/// A union of spans, kept disjoint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Window {
    spans: Vec<Span>,
}

impl Window {
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.spans.iter().any(|s| s.contains(t))
    }

    /// Whether `span` adds nothing to the window.
    pub fn covers(&self, span: &Span) -> bool {
        self.spans.iter().any(|s| s.covers(span))
    }

    /// Adds `span`; `false` if the window covered it already.
    pub fn add(&mut self, span: Span) -> bool {
        if self.covers(&span) {
            return false;
        }
        let mut merged = span;
        self.spans.retain(|s| {
            if s.joins(&merged) {
                merged = merged.union(s);
                false
            } else {
                true
            }
        });
        self.spans.push(merged);
        true
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn t(h: u32) -> DateTime<Utc> {
        DateTime::from_timestamp(i64::from(h) * 3600, 0).unwrap()
    }

    fn span(from: Option<u32>, until: Option<u32>) -> Span {
        Span::new(from.map(t), until.map(t))
    }

    #[test]
    fn spans_intersect_and_cover() {
        let packed = span(Some(2), Some(5));
        assert!(
            packed.contains(t(2)) && packed.contains(t(5)),
            "ends included"
        );
        assert!(!packed.contains(t(6)));
        assert_eq!(
            packed.intersect(&span(None, Some(3))),
            Some(span(Some(2), Some(3)))
        );
        assert_eq!(packed.intersect(&span(Some(6), None)), None);
        assert!(Span::ALL.covers(&packed));
        assert!(!packed.covers(&span(Some(2), None)));
    }

    #[test]
    fn windows_merge_what_joins_and_report_what_is_new() {
        let mut w = Window::default();
        assert!(w.add(span(Some(1), Some(2))));
        assert!(w.add(span(Some(4), Some(5))));
        assert!(!w.add(span(Some(4), Some(5))), "covered already");
        assert_eq!(w.spans().len(), 2);
        assert!(w.add(span(Some(2), Some(4))));
        assert_eq!(w.spans(), &[span(Some(1), Some(5))]);
        assert!(w.add(span(None, Some(3))));
        assert_eq!(w.spans(), &[span(None, Some(5))]);
        assert!(w.contains(t(0)) && !w.contains(t(6)));
    }
}
