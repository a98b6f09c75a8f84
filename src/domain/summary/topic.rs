//! What `/summary`, `/voices` and `/trend` are about, parsed once from what a member typed: a
//! hashtag (`#NephJC`) or free words (a keyword, a drug or a disease), with the full-text query built
//! here so no user text ever reaches FTS5 as syntax.

use crate::domain::Hashtag;
use chrono::{DateTime, Duration, Utc};
use std::fmt;

/// The longest topic accepted, in characters (Discord's option limit is 100).
pub const MAX_TOPIC_CHARS: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Topic {
    /// Posts carrying this hashtag.
    Hashtag(Hashtag),
    /// Posts whose text has all these words, or that mention a drug or disease of this name.
    Words {
        /// As typed (trimmed), matched case-insensitively against entity names.
        text: String,
        /// The lower-cased words, each matched as an FTS5 string.
        words: Vec<String>,
    },
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseTopicError {
    #[error("a topic cannot be empty")]
    Empty,
    #[error("a topic can be at most {MAX_TOPIC_CHARS} characters long")]
    TooLong,
    #[error("{0}")]
    Hashtag(#[from] crate::domain::hashtag::ParseHashtagError),
}

impl Topic {
    pub fn parse(input: &str) -> Result<Self, ParseTopicError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(ParseTopicError::Empty);
        }
        // A hashtag's length is the hashtag's own rule (its normalised form, without the `#`), so
        // that a topic the bot shows, `#` and all, always reads back as itself.
        if let Some(tag) = text.strip_prefix('#') {
            return Ok(Self::Hashtag(Hashtag::parse(tag)?));
        }
        if text.chars().count() > MAX_TOPIC_CHARS {
            return Err(ParseTopicError::TooLong);
        }
        let words = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        Ok(Self::Words {
            text: text.to_owned(),
            words,
        })
    }

    /// The FTS5 query for the topic's words: each word a double-quoted string (quotes cannot occur
    /// inside, words being letters and digits only), all required. `None` when nothing searchable
    /// was typed (`"`, `*`), which then matches by entity name alone.
    pub fn fts_query(&self) -> Option<String> {
        match self {
            Self::Hashtag(_) => None,
            Self::Words { words, .. } if words.is_empty() => None,
            Self::Words { words, .. } => Some(
                words
                    .iter()
                    .map(|w| format!("\"{w}\""))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        }
    }

    /// The words that define the topic, left out of its key terms.
    pub fn own_words(&self) -> Vec<String> {
        match self {
            Self::Hashtag(tag) => vec![tag.key().to_owned()],
            Self::Words { words, .. } => words.clone(),
        }
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Hashtag(tag) => write!(f, "#{}", tag.display()),
            Self::Words { text, .. } => f.write_str(text),
        }
    }
}

/// The windows a summary covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SummaryWindow {
    Day,
    #[default]
    Week,
    Month,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("a summary window is 1d, 7d or 30d; got `{0}`")]
pub struct ParseWindowError(String);

impl SummaryWindow {
    pub fn parse(text: &str) -> Result<Self, ParseWindowError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "1d" | "24h" => Ok(Self::Day),
            "7d" | "1w" => Ok(Self::Week),
            "30d" => Ok(Self::Month),
            other => Err(ParseWindowError(other.to_owned())),
        }
    }

    pub fn days(self) -> i64 {
        match self {
            Self::Day => 1,
            Self::Week => 7,
            Self::Month => 30,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Day => "1d",
            Self::Week => "7d",
            Self::Month => "30d",
        }
    }

    /// `[start, end)` ending at `now`.
    pub fn bounds(self, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        (now - Duration::days(self.days()), now)
    }

    /// The chart's bars: hours for a one-day window (one bar would say nothing), days otherwise.
    pub fn bin(self) -> Duration {
        match self {
            Self::Day => Duration::hours(1),
            _ => Duration::days(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_and_words_are_told_apart() {
        assert!(matches!(Topic::parse(" #NephJC "), Ok(Topic::Hashtag(t)) if t.key() == "nephjc"));
        let topic = Topic::parse("Heart failure").unwrap();
        assert_eq!(topic.fts_query().as_deref(), Some("\"heart\" \"failure\""));
        assert_eq!(topic.to_string(), "Heart failure");
        assert!(Topic::parse("  ").is_err());
        assert!(Topic::parse("#").is_err());
    }

    #[test]
    fn hostile_text_never_becomes_fts_syntax() {
        for hostile in [
            "\"",
            "NEAR(",
            "*",
            "a\" OR \"b",
            "col:x",
            "^start",
            "x AND",
            "-",
        ] {
            let topic = Topic::parse(hostile).unwrap();
            if let Some(query) = topic.fts_query() {
                // Every piece is a quoted string of letters and digits.
                for piece in query.split(' ') {
                    let inner = piece.strip_prefix('"').and_then(|p| p.strip_suffix('"'));
                    assert!(
                        inner.is_some_and(|w| w.chars().all(char::is_alphanumeric)),
                        "{hostile} → {query}"
                    );
                }
            }
        }
        assert_eq!(Topic::parse("*").unwrap().fts_query(), None);
    }

    #[test]
    fn a_hashtag_topic_as_shown_reads_back_as_itself() {
        // Found by the `hashtag` fuzz target: `ǲ` normalises to two letters, so a 100-character
        // topic became a 100-character tag shown as 101 characters with its `#`, which was refused.
        let typed = format!("#{}\u{1f2}", "a".repeat(98));
        let topic = Topic::parse(&typed).unwrap();
        assert_eq!(topic.to_string().chars().count(), 101);
        assert_eq!(Topic::parse(&topic.to_string()), Ok(topic));
        assert!(Topic::parse(&format!("#{}", "a".repeat(101))).is_err());
        assert_eq!(
            Topic::parse(&"a".repeat(101)),
            Err(ParseTopicError::TooLong)
        );
    }

    #[test]
    fn windows_parse() {
        assert_eq!(SummaryWindow::parse("30d"), Ok(SummaryWindow::Month));
        assert_eq!(SummaryWindow::parse("24h"), Ok(SummaryWindow::Day));
        assert!(SummaryWindow::parse("2d").is_err());
    }
}
