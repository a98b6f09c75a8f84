//! The one place entities may overlap: a vaccine named after a disease ("Mpox vaccine", "Shingles
//! vaccine", "RSV vaccine") is also a mention of that disease, as the labelled sets count it (a
//! clinic for the mpox vaccine is news about mpox). The vaccine keeps its whole span as a drug;
//! the disease word inside it is added, nested.

use super::matcher::{Candidate, Matcher};
use super::EntityKind;

/// For each kept drug whose words name a vaccine, the longest disease candidate lying inside it.
pub(super) fn diseases_in_vaccines<'a>(
    text: &'a str,
    kept: &'a [Candidate],
    all: &'a [Candidate],
    matcher: &'a Matcher,
) -> impl Iterator<Item = Candidate> + 'a {
    kept.iter()
        .filter(move |drug| {
            matcher.describe(drug.entry).0 == EntityKind::Drug
                && text[drug.start..drug.end].to_lowercase().contains("vaccin")
        })
        .filter_map(move |drug| {
            all.iter()
                .filter(|inner| {
                    drug.start <= inner.start
                        && inner.end <= drug.end
                        && inner.end - inner.start < drug.end - drug.start
                        && matcher.describe(inner.entry).0 == EntityKind::Disease
                })
                .max_by_key(|inner| (inner.end - inner.start, std::cmp::Reverse(inner.start)))
                .copied()
        })
}
