//! Topic summaries as pure logic: from the posts matching a topic in a window (and the rest of the
//! guild's posts of that window, for contrast), its key terms, representative posts, leading voices,
//! cited sources, co-mentioned drugs and diseases, and its volume over time. No I/O and no clock.

pub mod citations;
pub mod keyness;
pub mod mmr;
pub mod pagerank;
pub mod roles;
pub mod topic;
pub mod voices;

use super::digest::ranking;
use super::digest::tiers::SourceTiers;
use super::digest::{CitedDomain, DigestAuthor, DigestPost};
use super::entities::EntityKind;
use chrono::{DateTime, Duration, Utc};
use keyness::KeyTerm;
use mmr::TermVector;
use std::collections::{HashMap, HashSet};
pub use topic::{SummaryWindow, Topic};
pub use voices::{ExcludedAuthors, PostLinks, RankedVoice};

pub const KEY_TERMS: usize = 8;
pub const REPRESENTATIVE_POSTS: usize = 5;
pub const TOP_VOICES: usize = 5;
pub const TOP_SOURCES: usize = 5;
pub const TOP_ENTITIES: usize = 6;

/// A post matching the topic, as counted: who wrote it and when. Every match is counted; only the
/// most engaged are read in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedPost {
    pub post_id: i64,
    pub author: DigestAuthor,
    pub created_at: DateTime<Utc>,
}

/// Everything a summary is built from.
#[derive(Debug, Clone)]
pub struct SummaryInput<'a> {
    pub topic: &'a Topic,
    pub window: SummaryWindow,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Every post of the guild's window that matches the topic: the counts and the chart.
    pub counted: &'a [MatchedPost],
    /// Those of them read in full (the most engaged, when there are too many to read them all):
    /// key terms, representative posts, voices, sources and co-mentions.
    pub matched: &'a [DigestPost],
    /// The guild's other posts of the window: the corpus key terms stand out against.
    pub rest: &'a [DigestPost],
    /// How the guild's posts of the window point at each other.
    pub links: &'a [PostLinks],
    /// Authors' own profile texts, by author id.
    pub bios: &'a HashMap<i64, String>,
    /// Matching posts in the window before, for the change.
    pub previous_posts: usize,
    pub excluded: &'a ExcludedAuthors,
    pub tiers: &'a SourceTiers,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicSummary {
    pub topic: String,
    pub window: SummaryWindow,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub posts: usize,
    pub authors: usize,
    /// How many of the posts were read in full: all of them, unless the window held more than a
    /// summary reads (then the most engaged).
    pub detailed: usize,
    pub previous_posts: usize,
    pub key_terms: Vec<KeyTerm>,
    pub representative: Vec<DigestPost>,
    /// Ranked by engagement.
    pub voices: Vec<RankedVoice>,
    /// Ranked by PageRank.
    pub central_voices: Vec<RankedVoice>,
    pub domains: Vec<CitedDomain>,
    pub entities: Vec<(EntityKind, String, usize)>,
    pub volume: Vec<VolumeBin>,
}

/// Posts in one bar of the chart: `[start, start + window.bin())`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VolumeBin {
    pub start: DateTime<Utc>,
    pub posts: usize,
}

impl TopicSummary {
    pub fn is_empty(&self) -> bool {
        self.posts == 0
    }
}

/// Builds the summary of one topic and window.
pub fn build_summary(input: &SummaryInput<'_>) -> TopicSummary {
    let matched = kept(input.matched, input);
    let rest = kept(input.rest, input);
    let kept_authors: HashSet<i64> = matched
        .iter()
        .chain(&rest)
        .map(|p| p.author.author_id)
        .collect();
    let links: Vec<PostLinks> = input
        .links
        .iter()
        .filter(|l| kept_authors.contains(&l.author_id))
        .cloned()
        .collect();
    let counted: Vec<&MatchedPost> = input
        .counted
        .iter()
        .filter(|p| p.created_at >= input.start && p.created_at < input.end)
        .filter(|p| !input.excluded.excludes(&p.author))
        .collect();
    let authors: HashSet<i64> = counted.iter().map(|p| p.author.author_id).collect();

    let own: HashSet<String> = input.topic.own_words().into_iter().collect();
    // Drug and disease names the topic's posts mention are candidates whole ("heart failure").
    let names: Vec<String> = matched
        .iter()
        .flat_map(|p| p.entities.iter().map(|(_, name)| name.clone()))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let topic_terms = keyness::count_terms(matched.iter().map(|p| post_text(p)), &names);
    let rest_terms = keyness::count_terms(rest.iter().map(|p| post_text(p)), &names);
    let key_terms = keyness::key_terms(&topic_terms, &rest_terms, &own, KEY_TERMS);

    let voices = voices::rank_voices(&matched, &links, input.bios, input.end);
    let central_voices = voices::by_pagerank(&voices);

    TopicSummary {
        topic: input.topic.to_string(),
        window: input.window,
        start: input.start,
        end: input.end,
        posts: counted.len(),
        authors: authors.len(),
        detailed: matched.len(),
        previous_posts: input.previous_posts,
        key_terms,
        representative: representative(&matched, input.end),
        voices: voices.iter().take(TOP_VOICES).cloned().collect(),
        central_voices: central_voices.into_iter().take(TOP_VOICES).collect(),
        domains: cited_domains(&matched, input.tiers),
        entities: co_mentioned(&matched, input.topic),
        volume: volume(
            counted.iter().map(|p| p.created_at),
            input.start,
            input.end,
            input.window.bin(),
        ),
    }
}

/// Posts inside the window by authors not excluded.
fn kept<'a>(posts: &'a [DigestPost], input: &SummaryInput<'_>) -> Vec<&'a DigestPost> {
    posts
        .iter()
        .filter(|p| p.created_at >= input.start && p.created_at < input.end)
        .filter(|p| !input.excluded.excludes(&p.author))
        .collect()
}

fn post_text(post: &DigestPost) -> &str {
    // Feed items' titles say what they are about better than their summaries; social posts have
    // only text.
    post.title.as_deref().unwrap_or(&post.text)
}

/// Posts that are both typical of the topic and engaging, and unlike each other: relevance is the
/// similarity to the topic's centroid blended with normalised engagement, then MMR picks.
fn representative(posts: &[&DigestPost], end: DateTime<Utc>) -> Vec<DigestPost> {
    let originals: Vec<&DigestPost> = posts
        .iter()
        .copied()
        .filter(|p| p.repost_of.is_none())
        .collect();
    let vectors: Vec<TermVector> = originals
        .iter()
        .map(|p| TermVector::from_words(keyness::words(post_text(p))))
        .collect();
    let centroid = TermVector::centroid(&vectors);
    let scores = ranking::scores(&originals, end);
    let best = scores.values().copied().fold(0.0, f64::max);
    let relevance: Vec<f64> = originals
        .iter()
        .zip(&vectors)
        .map(|(post, vector)| {
            let engagement = if best > 0.0 {
                scores.get(&post.post_id).copied().unwrap_or(0.0) / best
            } else {
                0.0
            };
            0.6 * vector.cosine(&centroid) + 0.4 * engagement
        })
        .collect();
    mmr::select(&relevance, &vectors, mmr::LAMBDA, REPRESENTATIVE_POSTS)
        .into_iter()
        .map(|i| originals[i].clone())
        .collect()
}

fn cited_domains(posts: &[&DigestPost], tiers: &SourceTiers) -> Vec<CitedDomain> {
    // Keyed by tier too: doi.org links to a preprint and to a journal are different sources.
    let mut domains: HashMap<(&str, super::digest::tiers::Tier), HashSet<i64>> = HashMap::new();
    for post in posts.iter().filter(|p| p.repost_of.is_none()) {
        for link in &post.links {
            domains
                .entry((link.domain.as_str(), tiers.tier_of(&link.domain, &link.url)))
                .or_default()
                .insert(post.post_id);
        }
    }
    let mut domains: Vec<CitedDomain> = domains
        .into_iter()
        .map(|((domain, tier), posts)| CitedDomain {
            domain: domain.to_owned(),
            tier,
            posts: posts.len(),
        })
        .collect();
    domains.sort_by(|a, b| {
        b.posts
            .cmp(&a.posts)
            .then_with(|| a.tier.cmp(&b.tier))
            .then_with(|| a.domain.cmp(&b.domain))
    });
    domains.truncate(TOP_SOURCES);
    domains
}

/// Drugs and diseases named alongside the topic (not the topic itself), by posts naming them.
fn co_mentioned(posts: &[&DigestPost], topic: &Topic) -> Vec<(EntityKind, String, usize)> {
    let itself = match topic {
        Topic::Words { text, .. } => Some(text.to_lowercase()),
        Topic::Hashtag(_) => None,
    };
    let mut counts: HashMap<(EntityKind, &str), usize> = HashMap::new();
    for post in posts {
        let unique: HashSet<&(EntityKind, String)> = post.entities.iter().collect();
        for (kind, name) in unique {
            let relevant = matches!(kind, EntityKind::Drug | EntityKind::Disease)
                && itself.as_deref() != Some(name.to_lowercase().as_str());
            if relevant {
                *counts.entry((*kind, name.as_str())).or_default() += 1;
            }
        }
    }
    let mut entities: Vec<(EntityKind, String, usize)> = counts
        .into_iter()
        .map(|((kind, name), n)| (kind, name.to_owned(), n))
        .collect();
    entities.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
    entities.truncate(TOP_ENTITIES);
    entities
}

/// Posts per bin from `start` to `end`, every bin present (zeros included).
pub fn volume(
    times: impl IntoIterator<Item = DateTime<Utc>>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    bin: Duration,
) -> Vec<VolumeBin> {
    let width = bin.num_seconds().max(1);
    let count = ((end - start).num_seconds() + width - 1) / width;
    let mut bins: Vec<VolumeBin> = (0..count.max(0))
        .map(|i| VolumeBin {
            start: start + Duration::seconds(i * width),
            posts: 0,
        })
        .collect();
    for time in times {
        let offset = (time - start).num_seconds();
        if offset >= 0 && time < end {
            if let Some(bin) = bins.get_mut((offset / width) as usize) {
                bin.posts += 1;
            }
        }
    }
    bins
}

/// Percent change from `before` to `now`; `None` when there was nothing before.
pub fn percent_change(now: usize, before: usize) -> Option<f64> {
    (before > 0).then(|| (now as f64 - before as f64) / before as f64 * 100.0)
}

#[cfg(test)]
mod tests;
