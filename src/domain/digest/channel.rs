//! What one digest channel reads (SPEC §2.2): a subset of the guild's tracked hashtags, and
//! optionally topics (drugs, diseases, keywords) a post must mention. Parsed once from what a
//! moderator typed; the filtering itself is pure.

use super::{DigestPost, PreviousWindow};
use crate::domain::entities::{EntityKind, Tagger};
use crate::domain::Hashtag;
use std::collections::HashSet;
use std::fmt;

/// The most topics one channel may require.
pub const MAX_TOPICS: usize = 10;
/// The longest topic, in characters.
pub const MAX_TOPIC_CHARS: usize = 60;

/// A drug, disease or keyword a post must mention. A topic that names a lexicon entry ("Ozempic",
/// "heart failure") matches every name of it (a post tagged Semaglutide); any topic also matches
/// its own words, as a phrase, in a post's text or title.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DigestTopic {
    text: String,
    words: Vec<String>,
    entity: Option<(EntityKind, String)>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseTopicsError {
    #[error("a topic can be at most {MAX_TOPIC_CHARS} characters long: `{0}`")]
    TooLong(String),
    #[error("`{0}` has no letters or digits to look for")]
    NoWords(String),
    #[error("a channel can require at most {MAX_TOPICS} topics")]
    TooMany,
}

impl DigestTopic {
    pub fn parse(input: &str, tagger: &Tagger) -> Result<Self, ParseTopicsError> {
        let text = input.trim();
        if text.chars().count() > MAX_TOPIC_CHARS {
            let short: String = text.chars().take(MAX_TOPIC_CHARS).collect();
            return Err(ParseTopicsError::TooLong(format!("{short}…")));
        }
        let words = words_of(text);
        if words.is_empty() {
            return Err(ParseTopicsError::NoWords(text.to_owned()));
        }
        // One entity, or a vaccine with the disease it is named after ("mpox vaccine"): the
        // outermost names the topic.
        let found = tagger.tag_topic(text);
        let outermost: Vec<_> = found
            .iter()
            .filter(|e| {
                !found
                    .iter()
                    .any(|o| o != *e && o.start <= e.start && e.end <= o.end)
            })
            .collect();
        let entity = match outermost.as_slice() {
            [only] => Some((only.kind, only.canonical.to_string())),
            _ => None,
        };
        Ok(Self {
            text: text.to_owned(),
            words,
            entity,
        })
    }

    /// A comma-separated list, as the `topics` option takes it; `none` (or nothing) is no topic.
    pub fn parse_list(input: &str, tagger: &Tagger) -> Result<Vec<Self>, ParseTopicsError> {
        if matches!(input.trim().to_lowercase().as_str(), "" | "none" | "-") {
            return Ok(Vec::new());
        }
        let mut topics: Vec<Self> = Vec::new();
        for item in input.split([',', ';']).filter(|s| !s.trim().is_empty()) {
            let topic = Self::parse(item, tagger)?;
            if !topics.iter().any(|t| t.words == topic.words) {
                topics.push(topic);
            }
            if topics.len() > MAX_TOPICS {
                return Err(ParseTopicsError::TooMany);
            }
        }
        Ok(topics)
    }

    /// As typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    fn matches(&self, post: &DigestPost) -> bool {
        if let Some((kind, name)) = &self.entity {
            if post.entities.iter().any(|(k, n)| k == kind && n == name) {
                return true;
            }
        }
        let has_phrase = |text: &str| contains_phrase(&words_of(text), &self.words);
        has_phrase(&post.text) || post.title.as_deref().is_some_and(has_phrase)
    }
}

impl fmt::Display for DigestTopic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn contains_phrase(haystack: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && haystack.windows(phrase.len()).any(|w| w == phrase)
}

/// Why a `hashtags` option was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SelectHashtagsError {
    #[error(
        "{0} is not tracked in this server: add it with `/track add` first, or choose among {1}"
    )]
    NotTracked(String, String),
    #[error("this server tracks no hashtags yet: add some with `/track add` first")]
    NothingTracked,
    #[error("`{0}`: {1}")]
    Invalid(String, crate::domain::hashtag::ParseHashtagError),
}

/// The hashtags a channel covers, from a list separated by commas or spaces: each must be one the
/// guild tracks (`tracked`). `all` (or nothing) is every tracked hashtag, stored as an empty list so
/// that a hashtag tracked later is covered too.
pub fn select_hashtags(
    input: &str,
    tracked: &[Hashtag],
) -> Result<Vec<Hashtag>, SelectHashtagsError> {
    if matches!(input.trim().to_lowercase().as_str(), "" | "all") {
        return Ok(Vec::new());
    }
    let mut chosen: Vec<Hashtag> = Vec::new();
    for item in input.split([',', ' ']).filter(|s| !s.trim().is_empty()) {
        let tag =
            Hashtag::parse(item).map_err(|e| SelectHashtagsError::Invalid(truncated(item), e))?;
        let Some(known) = tracked.iter().find(|t| t.key() == tag.key()) else {
            if tracked.is_empty() {
                return Err(SelectHashtagsError::NothingTracked);
            }
            let choices = tracked
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ");
            return Err(SelectHashtagsError::NotTracked(tag.to_string(), choices));
        };
        if !chosen.contains(known) {
            chosen.push(known.clone());
        }
    }
    Ok(chosen)
}

fn truncated(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= 40 {
        text.to_owned()
    } else {
        text.chars().take(40).chain(['…']).collect()
    }
}

/// What one channel's digest covers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ChannelFilter {
    /// The channel's hashtags; empty for all the guild tracks.
    pub hashtags: Vec<Hashtag>,
    /// Topics a post must mention (any one of them); empty for no such condition.
    pub topics: Vec<DigestTopic>,
}

impl ChannelFilter {
    pub fn is_everything(&self) -> bool {
        self.hashtags.is_empty() && self.topics.is_empty()
    }

    /// The hashtags the digest covers: the channel's that the guild still tracks, or all it tracks.
    pub fn covered<'a>(&'a self, tracked: &'a [Hashtag]) -> Vec<&'a Hashtag> {
        if self.hashtags.is_empty() {
            tracked.iter().collect()
        } else {
            self.hashtags
                .iter()
                .filter(|t| tracked.iter().any(|k| k.key() == t.key()))
                .collect()
        }
    }

    /// Whether a post of the guild belongs in this channel's digest: it carries one of the covered
    /// hashtags (`covered`, keys) and mentions one of the topics, if there are topics.
    pub fn admits(&self, post: &DigestPost, covered: &HashSet<String>) -> bool {
        let tagged = self.hashtags.is_empty()
            || post
                .hashtags
                .iter()
                .any(|t| covered.contains(&t.to_lowercase()));
        tagged && (self.topics.is_empty() || self.topics.iter().any(|t| t.matches(post)))
    }
}

impl PreviousWindow {
    /// The counts of a window, from its posts (for a filtered channel, whose counts the store's
    /// guild-wide ones would overstate).
    pub fn from_posts<'a>(posts: impl IntoIterator<Item = &'a DigestPost>) -> Self {
        let mut window = Self::default();
        let mut authors = HashSet::new();
        for post in posts {
            window.posts += 1;
            authors.insert(post.author.author_id);
            let unique: HashSet<&(EntityKind, String)> = post.entities.iter().collect();
            for entity in unique {
                *window.entities.entry(entity.clone()).or_default() += 1;
            }
        }
        window.authors = authors.len();
        window
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::digest::DigestAuthor;
    use crate::domain::post::{Engagement, SourceKind};

    fn post(text: &str, tags: &[&str]) -> DigestPost {
        let entities = Tagger::bundled()
            .tag(text)
            .into_iter()
            .map(|e| (e.kind, e.canonical.to_string()))
            .collect();
        DigestPost {
            post_id: 1,
            source: SourceKind::Mastodon,
            url: None,
            author: DigestAuthor {
                author_id: 1,
                remote_id: "a".into(),
                handle: "@a".into(),
                display_name: None,
                url: None,
            },
            title: None,
            text: text.into(),
            created_at: chrono::Utc::now(),
            engagement: Engagement::default(),
            hashtags: tags.iter().map(std::string::ToString::to_string).collect(),
            links: vec![],
            papers: vec![],
            entities,
            repost_of: None,
        }
    }

    fn tags(names: &[&str]) -> Vec<Hashtag> {
        names.iter().map(|n| Hashtag::parse(n).unwrap()).collect()
    }

    #[test]
    fn a_channel_chooses_among_the_tracked_hashtags_only() {
        let tracked = tags(&["CardioTwitter", "NephJC", "MedEd"]);
        let chosen = select_hashtags("#cardiotwitter, nephjc", &tracked).unwrap();
        assert_eq!(chosen, tags(&["CardioTwitter", "NephJC"]));
        assert!(select_hashtags("all", &tracked).unwrap().is_empty());
        let refused = select_hashtags("#CardioTwitter #Oncology", &tracked)
            .unwrap_err()
            .to_string();
        assert!(refused.contains("#Oncology is not tracked"), "{refused}");
        assert!(refused.contains("#NephJC"), "{refused}");
        let nothing = select_hashtags("#Oncology", &[]).unwrap_err().to_string();
        assert!(nothing.contains("tracks no hashtags"), "{nothing}");
        assert!(select_hashtags("#a-b", &tracked).is_err());
    }

    #[test]
    fn posts_are_admitted_by_hashtag_and_topic() {
        let tagger = Tagger::bundled();
        let filter = ChannelFilter {
            hashtags: tags(&["CardioTwitter"]),
            topics: DigestTopic::parse_list("Ozempic, heart failure", tagger).unwrap(),
        };
        let covered: HashSet<String> = ["cardiotwitter".to_owned()].into();
        let admits = |text: &str, tags: &[&str]| filter.admits(&post(text, tags), &covered);
        assert!(admits("Semaglutide and weight loss", &["cardiotwitter"]));
        assert!(admits("New Heart Failure guideline", &["CardioTwitter"]));
        assert!(!admits("New heart failure guideline", &["nephjc"]));
        assert!(!admits("Statins for everyone?", &["cardiotwitter"]));
        let everything = ChannelFilter::default();
        assert!(everything.is_everything());
        assert!(everything.admits(&post("anything", &["x"]), &HashSet::new()));
    }

    #[test]
    fn topics_are_bounded_and_none_clears_them() {
        let tagger = Tagger::bundled();
        assert!(DigestTopic::parse_list("none", tagger).unwrap().is_empty());
        assert!(DigestTopic::parse_list("???", tagger).is_err());
        assert!(DigestTopic::parse_list(&"x".repeat(61), tagger).is_err());
        let many: Vec<String> = (0..11).map(|i| format!("topic{i}")).collect();
        assert_eq!(
            DigestTopic::parse_list(&many.join(","), tagger),
            Err(ParseTopicsError::TooMany)
        );
    }

    #[test]
    fn a_topic_names_its_entity_even_when_ambiguous_in_prose_or_a_vaccine() {
        let tagger = Tagger::bundled();
        let entity = |text: &str| DigestTopic::parse(text, tagger).unwrap().entity;
        // Chosen as a topic, "MI" means the disease: no text around it to say otherwise.
        assert_eq!(
            entity("MI"),
            Some((EntityKind::Disease, "Myocardial Infarction".to_owned()))
        );
        // The vaccine, not the disease nested in its name.
        assert_eq!(
            entity("shingles vaccine"),
            Some((EntityKind::Drug, "Herpes Zoster Vaccine".to_owned()))
        );
        assert_eq!(entity("rota"), None);
    }
}
