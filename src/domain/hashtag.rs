//! Hashtags as communities type them, parsed once into a case-folded, NFKC-normalised key.

use std::fmt;
use unicode_normalization::UnicodeNormalization;

/// The longest hashtag accepted, in characters (Mastodon's own limit is lower; X's is 100).
pub const MAX_HASHTAG_CHARS: usize = 100;

/// A tracked hashtag: letters, digits and underscores, at least one letter, at most 100 characters.
///
/// `key` is the case-folded, NFKC form used for identity and matching (`#MedEd` and `#meded` are one
/// tag); `display` keeps the way it was written, NFKC-normalised, for people to read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Hashtag {
    key: String,
    display: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseHashtagError {
    #[error("a hashtag cannot be empty")]
    Empty,
    #[error(
        "a hashtag may contain only letters, digits and underscores (no spaces or punctuation)"
    )]
    InvalidCharacter,
    #[error("a hashtag needs at least one letter")]
    NoLetter,
    #[error("a hashtag can be at most {MAX_HASHTAG_CHARS} characters long")]
    TooLong,
}

impl Hashtag {
    /// Parses what a person typed: an optional leading `#`, then the tag itself.
    pub fn parse(input: &str) -> Result<Self, ParseHashtagError> {
        let trimmed = input.trim();
        let body = trimmed.strip_prefix('#').unwrap_or(trimmed);
        if body.is_empty() {
            return Err(ParseHashtagError::Empty);
        }
        // Check length before normalising so a hostile input cannot make us normalise megabytes.
        if body.chars().count() > MAX_HASHTAG_CHARS * 4 {
            return Err(ParseHashtagError::TooLong);
        }
        let display: String = body.nfkc().collect();
        if !display.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Err(ParseHashtagError::InvalidCharacter);
        }
        if !display.chars().any(char::is_alphabetic) {
            return Err(ParseHashtagError::NoLetter);
        }
        if display.chars().count() > MAX_HASHTAG_CHARS {
            return Err(ParseHashtagError::TooLong);
        }
        let key: String = display.to_lowercase().nfkc().collect();
        Ok(Self { key, display })
    }

    /// Rebuilds a hashtag from what the store holds; the store only ever holds parsed tags.
    pub fn from_stored(key: String, display: String) -> Self {
        Self { key, display }
    }

    /// The case-folded form: what identity and matching use.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The form a moderator wrote, without the `#`.
    pub fn display(&self) -> &str {
        &self.display
    }
}

impl fmt::Display for Hashtag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.display)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_hash_is_optional_and_case_is_folded() {
        let with = Hashtag::parse("#MedEd").unwrap();
        let without = Hashtag::parse("meded").unwrap();
        assert_eq!(with.key(), "meded");
        assert_eq!(with.key(), without.key());
        assert_eq!(with.display(), "MedEd");
        assert_eq!(with.to_string(), "#MedEd");
    }

    #[test]
    fn unicode_letters_digits_and_underscores_are_accepted() {
        assert_eq!(Hashtag::parse("#Médecine").unwrap().key(), "médecine");
        assert_eq!(Hashtag::parse("COVID_19").unwrap().key(), "covid_19");
        assert_eq!(Hashtag::parse("医学").unwrap().key(), "医学");
    }

    #[test]
    fn compatibility_forms_are_normalised() {
        // Full-width letters, as some keyboards produce them, are the same tag.
        assert_eq!(Hashtag::parse("#ＭｅｄＥｄ").unwrap().key(), "meded");
    }

    #[test]
    fn hostile_or_malformed_tags_are_refused() {
        assert_eq!(Hashtag::parse(""), Err(ParseHashtagError::Empty));
        assert_eq!(Hashtag::parse("#"), Err(ParseHashtagError::Empty));
        assert_eq!(
            Hashtag::parse("med ed"),
            Err(ParseHashtagError::InvalidCharacter)
        );
        assert_eq!(
            Hashtag::parse("@everyone"),
            Err(ParseHashtagError::InvalidCharacter)
        );
        assert_eq!(
            Hashtag::parse("med-ed"),
            Err(ParseHashtagError::InvalidCharacter)
        );
        assert_eq!(
            Hashtag::parse("##meded"),
            Err(ParseHashtagError::InvalidCharacter)
        );
        assert_eq!(
            Hashtag::parse("a`b"),
            Err(ParseHashtagError::InvalidCharacter)
        );
        assert_eq!(
            Hashtag::parse("med\u{200b}ed"),
            Err(ParseHashtagError::InvalidCharacter)
        );
        assert_eq!(Hashtag::parse("2024"), Err(ParseHashtagError::NoLetter));
        assert_eq!(
            Hashtag::parse(&"a".repeat(101)),
            Err(ParseHashtagError::TooLong)
        );
        assert_eq!(Hashtag::parse(&"a".repeat(100)).unwrap().key().len(), 100);
        assert_eq!(
            Hashtag::parse(&"a".repeat(100_000)),
            Err(ParseHashtagError::TooLong)
        );
    }
}
