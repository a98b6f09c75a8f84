//! The names people read for lexicon entries (`config/entity-display-names.tsv`): "Chronic kidney
//! disease" for the lexicon's "Renal Insufficiency, Chronic". The canonical name stays what matching,
//! counting and export use; only rendering asks for the display name.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

static DISPLAY_NAMES: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    include_str!("../../../config/entity-display-names.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .skip(1) // the header
        .filter_map(|line| line.split_once('\t'))
        .collect()
});

/// The name to show for a canonical name: the table's, else an inverted MeSH heading turned round
/// ("Hypertension, Renal" → "Renal hypertension"), else the canonical name itself.
pub fn display_name(canonical: &str) -> Cow<'_, str> {
    if let Some(shown) = DISPLAY_NAMES.get(canonical) {
        return Cow::Borrowed(shown);
    }
    match canonical.split_once(", ") {
        Some((head, qualifier)) if !qualifier.contains(',') && !head.contains(',') => {
            let head = lower_first_if_plain(head);
            Cow::Owned(format!("{qualifier} {head}"))
        }
        _ => Cow::Borrowed(canonical),
    }
}

/// "Hypertension" → "hypertension", but "HIV Infections" and "Crohn Disease" keep their capitals
/// where a word is an acronym or a name (a capital after the first letter, or a known eponym is
/// beyond this rule; the table handles those).
fn lower_first_if_plain(words: &str) -> String {
    words
        .split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) if first.is_uppercase() && chars.clone().all(|c| !c.is_uppercase()) => {
                    first.to_lowercase().chain(chars).collect()
                }
                _ => word.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clinicians_names_are_shown_and_canonical_names_kept_otherwise() {
        assert_eq!(
            display_name("Renal Insufficiency, Chronic"),
            "Chronic kidney disease"
        );
        assert_eq!(display_name("Heart Failure, Systolic"), "HFrEF");
        assert_eq!(display_name("Hypertension, Renal"), "Renal hypertension");
        assert_eq!(display_name("Semaglutide"), "Semaglutide");
        assert_eq!(
            display_name("Leukemia, B-Cell, Chronic, Other"),
            "Leukemia, B-Cell, Chronic, Other"
        );
    }

    #[test]
    fn every_row_of_the_table_has_a_canonical_and_a_display_name() {
        let rows = include_str!("../../../config/entity-display-names.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .skip(1);
        for row in rows {
            let (canonical, shown) = row.split_once('\t').unwrap_or_else(|| panic!("{row}"));
            assert!(
                !canonical.is_empty() && !shown.is_empty() && !shown.contains('\t'),
                "{row}"
            );
        }
    }
}
