//! Questions members ask: checked, de-identified and tagged before anything is stored; askers kept
//! only as a per-guild keyed hash; summarised for `/questions stats` and written out for export.

pub mod export;
pub mod pseudonym;
pub mod stats;

use super::deidentify::deidentify;
use super::Hashtag;
use std::collections::BTreeMap;

pub use pseudonym::{AuthorHash, AuthorKey};

/// The longest question accepted, in characters (Discord's own limit for a message is 2000).
pub const MAX_QUESTION_CHARS: usize = 2000;
/// The longest topic accepted, in characters.
pub const MAX_TOPIC_CHARS: usize = 100;

/// How a question reached the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Ask,
    Capture,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Ask => "ask",
            Origin::Capture => "capture",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "ask" => Some(Origin::Ask),
            "capture" => Some(Origin::Capture),
            _ => None,
        }
    }
}

/// What a question is about: a hashtag key, or an entity's canonical name by kind
/// (`drug`, `disease`, `manufacturer`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QuestionTag {
    pub kind: String,
    pub value: String,
}

/// A question ready to store: de-identified, with its placeholders counted and its tags found.
/// Holds no raw text: once built, the original is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeidentifiedQuestion {
    pub text: String,
    pub topic: Option<String>,
    pub redactions: BTreeMap<String, u32>,
    pub tags: Vec<QuestionTag>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InvalidQuestion {
    #[error("the question is empty")]
    Empty,
    #[error("the question is longer than {MAX_QUESTION_CHARS} characters")]
    TooLong,
    #[error("the topic is longer than {MAX_TOPIC_CHARS} characters")]
    TopicTooLong,
}

/// Checks, de-identifies and tags a question. `find_entities` returns `(kind, canonical)` pairs for a
/// text (the lexicon tagger); it only ever sees de-identified text.
pub fn prepare_question(
    raw: &str,
    topic: Option<&str>,
    find_entities: impl Fn(&str) -> Vec<(String, String)>,
) -> Result<DeidentifiedQuestion, InvalidQuestion> {
    let cleaned = strip_control_characters(raw);
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        return Err(InvalidQuestion::Empty);
    }
    if cleaned.chars().count() > MAX_QUESTION_CHARS {
        return Err(InvalidQuestion::TooLong);
    }
    let topic = topic
        .map(|t| strip_control_characters(t).trim().to_owned())
        .filter(|t| !t.is_empty());
    if topic
        .as_ref()
        .is_some_and(|t| t.chars().count() > MAX_TOPIC_CHARS)
    {
        return Err(InvalidQuestion::TopicTooLong);
    }

    let mut redactions: BTreeMap<String, u32> = BTreeMap::new();
    let text = deidentify_into(cleaned, &mut redactions);
    let topic = topic.map(|t| deidentify_into(&t, &mut redactions));

    let mut tags: Vec<QuestionTag> = hashtags_in(&text)
        .chain(topic.as_deref().into_iter().filter_map(topic_hashtag))
        .map(|tag| QuestionTag {
            kind: "hashtag".to_owned(),
            value: tag.key().to_owned(),
        })
        .collect();
    let tagged_text = match &topic {
        Some(topic) => format!("{text}\n{topic}"),
        None => text.clone(),
    };
    tags.extend(
        find_entities(&tagged_text)
            .into_iter()
            .map(|(kind, value)| QuestionTag { kind, value }),
    );
    tags.sort();
    tags.dedup();
    Ok(DeidentifiedQuestion {
        text,
        topic,
        redactions,
        tags,
    })
}

/// De-identifies one line of text exactly as the question log stores it (control characters removed,
/// identifiers replaced), with the count of each placeholder; what `rounds redact` prints.
pub fn deidentify_for_log(text: &str) -> (String, BTreeMap<String, u32>) {
    let mut counts = BTreeMap::new();
    let text = deidentify_into(strip_control_characters(text).trim(), &mut counts);
    (text, counts)
}

/// What `rounds redact --explain` prints for a line: each span removed from the text as the log
/// would store it, with its kind and the rule or gazetteer that found it.
pub fn explain_redaction(text: &str) -> serde_json::Value {
    let cleaned = strip_control_characters(text);
    let cleaned = cleaned.trim();
    let redacted = deidentify(cleaned);
    let spans: Vec<serde_json::Value> = redacted
        .spans
        .iter()
        .map(|span| {
            serde_json::json!({
                "kind": span.kind,
                "rule": span.rule,
                "text": cleaned.get(span.start..span.end).unwrap_or_default(),
                "start": span.start,
                "end": span.end,
            })
        })
        .collect();
    serde_json::json!({
        "text": text,
        "redacted": redacted.text,
        "spans": spans,
    })
}

fn deidentify_into(text: &str, counts: &mut BTreeMap<String, u32>) -> String {
    let redacted = deidentify(text);
    for (kind, count) in &redacted.counts {
        *counts.entry(kind.to_string()).or_default() += count;
    }
    redacted.text
}

/// `#Tags` written in a text, parsed like tracked hashtags; anything that is not a valid tag is skipped.
fn hashtags_in(text: &str) -> impl Iterator<Item = Hashtag> + '_ {
    text.split('#').skip(1).filter_map(|after| {
        let word: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        Hashtag::parse(&word).ok()
    })
}

/// A topic given as a single hashtag (with or without `#`) counts as that hashtag.
fn topic_hashtag(topic: &str) -> Option<Hashtag> {
    topic
        .starts_with('#')
        .then(|| Hashtag::parse(topic).ok())
        .flatten()
}

/// Removes control characters (keeping line breaks and tabs), so stored text cannot carry terminal
/// escapes or invisible formatting into exports.
fn strip_control_characters(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_entities(_: &str) -> Vec<(String, String)> {
        Vec::new()
    }

    #[test]
    fn a_question_is_deidentified_and_its_hashtags_found() {
        let prepared = prepare_question(
            "Dr. Smith asked about #SGLT2 inhibitors for Mrs Jones, seen 03/04/2024 — call 555-123-4567 #HFrEF",
            Some("#Cardiology"),
            no_entities,
        )
        .unwrap();
        assert!(!prepared.text.contains("Smith"), "{}", prepared.text);
        assert!(!prepared.text.contains("Jones"), "{}", prepared.text);
        assert!(!prepared.text.contains("03/04/2024"), "{}", prepared.text);
        assert!(!prepared.text.contains("555-123-4567"), "{}", prepared.text);
        assert!(prepared.text.contains("inhibitors"), "{}", prepared.text);
        assert!(
            prepared.redactions.get("NAME").copied().unwrap_or(0) >= 2,
            "{:?}",
            prepared.redactions
        );
        let hashtags: Vec<&str> = prepared
            .tags
            .iter()
            .filter(|t| t.kind == "hashtag")
            .map(|t| t.value.as_str())
            .collect();
        assert_eq!(hashtags, ["cardiology", "hfref", "sglt2"]);
    }

    #[test]
    fn entities_are_found_in_the_deidentified_text_only() {
        let prepared = prepare_question("Is metformin safe for Mr Patel with CKD?", None, |text| {
            assert!(!text.contains("Patel"), "the tagger saw raw text: {text}");
            vec![("drug".to_owned(), "Metformin".to_owned())]
        })
        .unwrap();
        assert!(prepared.tags.contains(&QuestionTag {
            kind: "drug".to_owned(),
            value: "Metformin".to_owned()
        }));
    }

    #[test]
    fn empty_and_oversized_questions_are_refused() {
        assert_eq!(
            prepare_question("  \u{7} ", None, no_entities),
            Err(InvalidQuestion::Empty)
        );
        assert_eq!(
            prepare_question(&"a".repeat(MAX_QUESTION_CHARS + 1), None, no_entities),
            Err(InvalidQuestion::TooLong)
        );
        assert_eq!(
            prepare_question("ok?", Some(&"t".repeat(MAX_TOPIC_CHARS + 1)), no_entities),
            Err(InvalidQuestion::TopicTooLong)
        );
    }

    #[test]
    fn control_characters_are_removed() {
        let prepared = prepare_question(
            "dose\u{1b}[31m of \u{0}apixaban?\nthanks",
            None,
            no_entities,
        )
        .unwrap();
        assert_eq!(prepared.text, "dose[31m of apixaban?\nthanks");
    }
}
