//! The daily digest as pure logic: from the posts of a window (and the counts of the window before),
//! what a guild should read. No I/O and no clock: the window and "now" are given.

pub mod channel;
pub mod ranking;
mod texts;
pub mod tiers;

pub use texts::PostTexts;

use super::entities::EntityKind;
use super::links::CanonicalLink;
use super::papers::PaperId;
use super::post::{Engagement, SourceKind};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap, HashSet};
use tiers::{SourceTiers, Tier};

/// How many entries each section shows.
pub const TOP_POSTS: usize = 5;
pub const TOP_VOICES: usize = 5;
pub const TOP_SOURCES: usize = 5;
pub const TOP_ENTITIES: usize = 6;
pub const TOP_COOCCURRING: usize = 8;
pub const NEW_PAPERS: usize = 5;

/// The one-line caution every digest carries.
pub const CAUTION: &str = "Collected automatically from public posts: unreviewed, sometimes wrong, and no substitute for clinical judgment.";

/// A stored post, as the digest needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestPost {
    pub post_id: i64,
    pub source: SourceKind,
    pub url: Option<String>,
    pub author: DigestAuthor,
    pub title: Option<String>,
    pub text: String,
    pub created_at: DateTime<Utc>,
    pub engagement: Engagement,
    pub hashtags: Vec<String>,
    pub links: Vec<CanonicalLink>,
    pub papers: Vec<PaperId>,
    pub entities: Vec<(EntityKind, String)>,
    pub repost_of: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DigestAuthor {
    pub author_id: i64,
    /// The source's stable id for them (Bluesky DID, Mastodon account URL, X user id): unlike the
    /// handle, it survives a rename.
    pub remote_id: String,
    pub handle: String,
    pub display_name: Option<String>,
    pub url: Option<String>,
}

/// What the previous window looked like, for "change against the previous window".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreviousWindow {
    pub posts: usize,
    pub authors: usize,
    pub entities: HashMap<(EntityKind, String), usize>,
}

/// Everything a digest is built from.
#[derive(Debug, Clone)]
pub struct DigestInput<'a> {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The guild's tracked hashtags as moderators wrote them ("MedEd"); they are what the digest
    /// covers, and not "co-occurring" with themselves.
    pub tracked: &'a [String],
    pub posts: &'a [DigestPost],
    pub previous: &'a PreviousWindow,
    /// Items of the guild's feeds published in the window.
    pub feed_items: &'a [DigestPost],
    pub tiers: &'a SourceTiers,
    /// Set when this digest covers downtime (a catch-up), with the number of periods it covers.
    pub catch_up_periods: Option<u32>,
    /// The window's own counts in full (posts, authors, posts naming each entity), when `posts`
    /// holds only its most engaged posts (the read was capped): the headline and the entity trends
    /// use them, so they compare like with like against `previous`. `None`: counted from `posts`.
    pub counts: Option<&'a PreviousWindow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Digest {
    /// The hashtags the digest covers, as moderators wrote them.
    pub tags: Vec<String>,
    /// Topics a post had to mention to be included (a channel's `topics`); empty for none.
    pub topics: Vec<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub catch_up_periods: Option<u32>,
    pub posts: usize,
    pub authors: usize,
    pub previous_posts: usize,
    pub previous_authors: usize,
    pub top_posts: Vec<ranking::RankedPost>,
    pub voices: Vec<Voice>,
    pub papers: Vec<CitedPaper>,
    pub domains: Vec<CitedDomain>,
    pub entities: Vec<EntityTrend>,
    pub cooccurring: Vec<(String, usize)>,
    pub new_papers: Vec<DigestPost>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Voice {
    pub author: DigestAuthor,
    pub posts: usize,
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedPaper {
    pub paper: PaperId,
    /// The identifier as people write it: a DOI in the case a citing post used.
    pub shown: String,
    /// What kind of work it is; for a DOI from its prefix (`papers::tier`), refined by Crossref's
    /// `type` when the service knows it. `None` for a PubMed id, which says nothing of review.
    pub tier: Option<Tier>,
    /// Filled in afterwards from what the store knows (feed items citing it), for the few shown.
    pub title: Option<String>,
    /// Distinct posts citing it.
    pub posts: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedDomain {
    pub domain: String,
    pub tier: Tier,
    pub posts: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityTrend {
    pub kind: EntityKind,
    pub name: String,
    pub posts: usize,
    pub previous: usize,
}

impl Digest {
    /// A window with nothing in it: the digest says so rather than failing.
    pub fn is_quiet(&self) -> bool {
        self.posts == 0 && self.new_papers.is_empty()
    }
}

/// Builds the digest of one window.
pub fn build_digest(input: &DigestInput<'_>) -> Digest {
    let in_window: Vec<&DigestPost> = input
        .posts
        .iter()
        .filter(|p| p.created_at >= input.start && p.created_at < input.end)
        .collect();
    let originals: Vec<&DigestPost> = in_window
        .iter()
        .copied()
        .filter(|p| p.repost_of.is_none())
        .collect();
    let authors: HashSet<i64> = in_window.iter().map(|p| p.author.author_id).collect();
    let scores = ranking::scores(&originals, input.end);

    let mut papers: HashMap<&PaperId, HashSet<i64>> = HashMap::new();
    // Keyed by tier too: doi.org links to a preprint and to a journal are different sources.
    let mut domains: HashMap<(&str, Tier), HashSet<i64>> = HashMap::new();
    let mut entities: HashMap<(EntityKind, &str), usize> = HashMap::new();
    let mut cooccurring: HashMap<&str, usize> = HashMap::new();
    let tracked: HashSet<String> = input.tracked.iter().map(|t| t.to_lowercase()).collect();
    for post in &originals {
        for paper in &post.papers {
            papers.entry(paper).or_default().insert(post.post_id);
        }
        for link in &post.links {
            let tier = input.tiers.tier_of(&link.domain, &link.url);
            domains
                .entry((link.domain.as_str(), tier))
                .or_default()
                .insert(post.post_id);
        }
        let unique: HashSet<&(EntityKind, String)> = post.entities.iter().collect();
        for (kind, name) in unique {
            *entities.entry((*kind, name.as_str())).or_default() += 1;
        }
        if post.hashtags.iter().any(|t| tracked.contains(t.as_str())) {
            for tag in post
                .hashtags
                .iter()
                .filter(|t| !tracked.contains(t.as_str()))
            {
                *cooccurring.entry(tag.as_str()).or_default() += 1;
            }
        }
    }

    let mut papers: Vec<(&PaperId, HashSet<i64>)> = papers.into_iter().collect();
    papers.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(b.0)));
    papers.truncate(TOP_SOURCES);
    let papers: Vec<CitedPaper> = papers
        .into_iter()
        .map(|(paper, posts)| cited_paper(paper, &posts, &originals))
        .collect();

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

    let entities: Vec<((EntityKind, &str), usize)> = match input.counts {
        Some(counts) => counts
            .entities
            .iter()
            .map(|((kind, name), n)| ((*kind, name.as_str()), *n))
            .collect(),
        None => entities.into_iter().collect(),
    };
    let mut entities: Vec<EntityTrend> = entities
        .into_iter()
        .map(|((kind, name), posts)| EntityTrend {
            kind,
            name: name.to_owned(),
            posts,
            previous: input
                .previous
                .entities
                .get(&(kind, name.to_owned()))
                .copied()
                .unwrap_or(0),
        })
        .collect();
    entities.sort_by(|a, b| b.posts.cmp(&a.posts).then_with(|| a.name.cmp(&b.name)));
    entities.truncate(TOP_ENTITIES);

    let mut cooccurring: Vec<(String, usize)> = cooccurring
        .into_iter()
        .map(|(t, n)| (t.to_owned(), n))
        .collect();
    cooccurring.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    cooccurring.truncate(TOP_COOCCURRING);

    let mut new_papers: Vec<DigestPost> = input
        .feed_items
        .iter()
        .filter(|p| p.created_at >= input.start && p.created_at < input.end)
        .cloned()
        .collect();
    new_papers.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then_with(|| a.post_id.cmp(&b.post_id))
    });
    new_papers.truncate(NEW_PAPERS);

    Digest {
        tags: input.tracked.to_vec(),
        topics: Vec::new(),
        start: input.start,
        end: input.end,
        catch_up_periods: input.catch_up_periods,
        posts: input.counts.map_or(in_window.len(), |c| c.posts),
        authors: input.counts.map_or(authors.len(), |c| c.authors),
        previous_posts: input.previous.posts,
        previous_authors: input.previous.authors,
        top_posts: ranking::top_posts(&originals, &scores, TOP_POSTS),
        voices: voices(&originals, &scores),
        papers,
        domains,
        entities,
        cooccurring,
        new_papers,
    }
}

/// A paper as the digest shows it: its DOI in the case a citing post wrote it, and its tier.
fn cited_paper(paper: &PaperId, posts: &HashSet<i64>, originals: &[&DigestPost]) -> CitedPaper {
    let (shown, tier) = match paper {
        PaperId::Doi(doi) => {
            let doi = doi.as_str();
            let citing = originals
                .iter()
                .filter(|p| posts.contains(&p.post_id))
                .map(|p| (*p, p.text.as_str()));
            (
                doi_shown(doi, citing),
                Some(crate::domain::papers::tier::doi_tier(doi, None)),
            )
        }
        PaperId::Pmid(_) | PaperId::Pmcid(_) => (paper.value(), None),
    };
    CitedPaper {
        paper: paper.clone(),
        shown,
        tier,
        title: None,
        posts: posts.len(),
    }
}

/// A DOI as the posts citing it wrote it (each with the text to read it in, in order): the first
/// spelling that differs from the stored lower case, in a link or the text, else the DOI itself.
fn doi_shown<'a>(doi: &str, citing: impl Iterator<Item = (&'a DigestPost, &'a str)>) -> String {
    let texts = citing.flat_map(|(p, text)| p.links.iter().map(|l| l.url.as_str()).chain([text]));
    crate::domain::papers::tier::doi_as_written(doi, texts).unwrap_or_else(|| doi.to_owned())
}

/// Authors by the summed score of their posts in the window.
fn voices(posts: &[&DigestPost], scores: &HashMap<i64, f64>) -> Vec<Voice> {
    let mut by_author: BTreeMap<i64, Voice> = BTreeMap::new();
    for post in posts {
        let voice = by_author
            .entry(post.author.author_id)
            .or_insert_with(|| Voice {
                author: post.author.clone(),
                posts: 0,
                score: 0.0,
            });
        voice.posts += 1;
        voice.score += scores.get(&post.post_id).copied().unwrap_or(0.0);
    }
    let mut voices: Vec<Voice> = by_author.into_values().collect();
    voices.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| b.posts.cmp(&a.posts))
            .then_with(|| a.author.handle.cmp(&b.author.handle))
    });
    voices.truncate(TOP_VOICES);
    voices
}

#[cfg(test)]
mod tests;
