//! Leading voices, done openly: authors ranked by the engagement their posts drew and by PageRank on
//! the reply/quote/mention graph, each shown with the role their own bio states. Authors the operator
//! excluded never take part.

use super::pagerank::pagerank;
use super::roles::stated_roles;
use crate::domain::digest::ranking;
use crate::domain::digest::{DigestAuthor, DigestPost};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

/// Authors whose posts never appear in digests, summaries or voices (`summary.excluded_authors`):
/// handles (`@name@instance`, `name.bsky.social`), profile URLs, Bluesky DIDs (`did:plc:…`) or
/// `https://bsky.app/profile/<handle or DID>` links, compared case-insensitively. A DID or account
/// URL also matches the author's stable id, so a handle change cannot undo an exclusion.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExcludedAuthors {
    handles: HashSet<String>,
    urls: HashSet<String>,
    /// Stable ids: DIDs.
    ids: HashSet<String>,
}

impl ExcludedAuthors {
    pub fn parse(entries: &[String]) -> Self {
        let mut excluded = Self::default();
        for entry in entries.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
            let profile = entry
                .strip_prefix("https://bsky.app/profile/")
                .map(|rest| rest.trim_end_matches('/'))
                .filter(|rest| !rest.is_empty() && !rest.contains('/'));
            if let Some(did) = profile.filter(|p| p.starts_with("did:")) {
                excluded.ids.insert(did.to_lowercase());
            } else if let Some(handle) = profile {
                excluded.handles.insert(normalise_handle(handle));
            } else if entry.starts_with("https://") || entry.starts_with("http://") {
                excluded.urls.insert(normalise_url(entry));
            } else if entry.starts_with("did:") {
                excluded.ids.insert(entry.to_lowercase());
            } else {
                excluded.handles.insert(normalise_handle(entry));
            }
        }
        excluded
    }

    pub fn is_empty(&self) -> bool {
        self.handles.is_empty() && self.urls.is_empty() && self.ids.is_empty()
    }

    pub fn excludes(&self, author: &DigestAuthor) -> bool {
        self.handles.contains(&normalise_handle(&author.handle))
            || self.ids.contains(&author.remote_id.to_lowercase())
            // A Mastodon author's stable id is their account URL.
            || self.urls.contains(&normalise_url(&author.remote_id))
            || author
                .url
                .as_deref()
                .is_some_and(|url| self.urls.contains(&normalise_url(url)))
    }
}

impl ExcludedAuthors {
    /// A moderator's entry (`/voices exclude:`), checked and normalised as `parse` will match it,
    /// so one author is stored once: a handle, a profile URL or a DID.
    pub fn entry(text: &str) -> Result<String, &'static str> {
        let text = text.trim();
        if text.is_empty() {
            return Err("give a handle (@name@instance, name.bsky.social), a profile URL or a DID");
        }
        if text.chars().count() > 300 {
            return Err("that is longer than any handle or profile URL (at most 300 characters)");
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("a handle, profile URL or DID has no spaces");
        }
        if text.starts_with("https://") || text.starts_with("http://") {
            return Ok(normalise_url(text));
        }
        let entry = if text.starts_with("did:") {
            text.to_lowercase()
        } else {
            normalise_handle(text)
        };
        let plausible = entry
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@' | ':'));
        if entry.is_empty() || !plausible {
            return Err("that is not a handle, a profile URL or a DID");
        }
        Ok(entry)
    }

    /// This list and `entries` (a guild's own, `parse`d) together.
    pub fn with(&self, entries: &[String]) -> Self {
        let more = Self::parse(entries);
        let mut merged = self.clone();
        merged.handles.extend(more.handles);
        merged.urls.extend(more.urls);
        merged.ids.extend(more.ids);
        merged
    }
}

/// `@Doc@Med.Example` and `doc@med.example` are one handle.
pub fn normalise_handle(handle: &str) -> String {
    handle.trim().trim_start_matches('@').to_lowercase()
}

fn normalise_url(url: &str) -> String {
    url.trim().trim_end_matches('/').to_lowercase()
}

/// How a stored post points at others, for the author graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostLinks {
    pub post_id: i64,
    pub author_id: i64,
    pub uri: String,
    pub reply_to: Option<String>,
    pub quote_of: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RankedVoice {
    pub author: DigestAuthor,
    pub posts: usize,
    /// Sum of the per-source normalised engagement of their posts (the digest's ranking).
    pub engagement: f64,
    /// Their PageRank in the window's conversation graph.
    pub pagerank: f64,
    /// Roles their own bio states, as written.
    pub roles: Vec<String>,
}

/// Every author of `posts`, with engagement and PageRank. Replies and quotes become edges when the
/// post they point at is among `links` (the guild's posts of the window); `@handle` mentions become
/// edges to a known author of that handle. Sorted by engagement, highest first.
pub fn rank_voices(
    posts: &[&DigestPost],
    links: &[PostLinks],
    bios: &HashMap<i64, String>,
    end: DateTime<Utc>,
) -> Vec<RankedVoice> {
    let originals: Vec<&DigestPost> = posts
        .iter()
        .copied()
        .filter(|p| p.repost_of.is_none())
        .collect();
    let scores = ranking::scores(&originals, end);
    let author_of_uri: HashMap<&str, i64> = links
        .iter()
        .map(|l| (l.uri.as_str(), l.author_id))
        .collect();
    let links_of: HashMap<i64, &PostLinks> = links.iter().map(|l| (l.post_id, l)).collect();
    let author_of_handle: HashMap<String, i64> = posts
        .iter()
        .map(|p| (normalise_handle(&p.author.handle), p.author.author_id))
        .collect();

    let mut voices: HashMap<i64, RankedVoice> = HashMap::new();
    let mut edges: Vec<(i64, i64)> = Vec::new();
    for post in posts {
        let author = post.author.author_id;
        let voice = voices.entry(author).or_insert_with(|| RankedVoice {
            author: post.author.clone(),
            posts: 0,
            engagement: 0.0,
            pagerank: 0.0,
            roles: bios
                .get(&author)
                .map(|b| stated_roles(b))
                .unwrap_or_default(),
        });
        voice.posts += 1;
        voice.engagement += scores.get(&post.post_id).copied().unwrap_or(0.0);
        if let Some(link) = links_of.get(&post.post_id) {
            for target in [&link.reply_to, &link.quote_of].into_iter().flatten() {
                if let Some(&to) = author_of_uri.get(target.as_str()) {
                    edges.push((author, to));
                }
            }
        }
        for mention in mentions(&post.text) {
            if let Some(&to) = author_of_handle.get(&mention) {
                edges.push((author, to));
            }
        }
    }
    // Only authors of the posts in question rank; an edge to someone outside still counts as a vote
    // cast, but they do not appear.
    let nodes: Vec<i64> = voices.keys().copied().collect();
    let inside: HashSet<i64> = nodes.iter().copied().collect();
    let edges: Vec<(i64, i64)> = edges
        .into_iter()
        .filter(|(a, b)| inside.contains(a) && inside.contains(b))
        .collect();
    let ranks = pagerank(&nodes, &edges);
    let mut voices: Vec<RankedVoice> = voices
        .into_values()
        .map(|mut v| {
            v.pagerank = ranks.get(&v.author.author_id).copied().unwrap_or(0.0);
            v
        })
        .collect();
    voices.sort_by(|a, b| {
        b.engagement
            .total_cmp(&a.engagement)
            .then_with(|| a.author.author_id.cmp(&b.author.author_id))
    });
    voices
}

/// The same voices ordered by PageRank, highest first.
pub fn by_pagerank(voices: &[RankedVoice]) -> Vec<RankedVoice> {
    let mut sorted = voices.to_vec();
    sorted.sort_by(|a, b| {
        b.pagerank
            .total_cmp(&a.pagerank)
            .then_with(|| a.author.author_id.cmp(&b.author.author_id))
    });
    sorted
}

/// `@handle` and `@user@instance` mentions in a text, normalised.
fn mentions(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace()
        .filter(|token| token.starts_with('@') && token.len() > 1)
        .map(|token| normalise_handle(token.trim_end_matches(|c: char| !c.is_alphanumeric())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::post::{Engagement, SourceKind};

    fn post(id: i64, author: i64, text: &str, likes: u64) -> DigestPost {
        DigestPost {
            post_id: id,
            source: SourceKind::Mastodon,
            url: None,
            author: DigestAuthor {
                author_id: author,
                remote_id: format!("https://med.example/users/doc{author}"),
                handle: format!("@doc{author}@med.example"),
                display_name: None,
                url: Some(format!("https://med.example/@doc{author}")),
            },
            title: None,
            text: text.to_owned(),
            created_at: DateTime::UNIX_EPOCH,
            engagement: Engagement {
                likes,
                ..Engagement::default()
            },
            hashtags: vec![],
            links: vec![],
            papers: vec![],
            entities: vec![],
            repost_of: None,
        }
    }

    fn link(id: i64, author: i64, reply_to: Option<i64>) -> PostLinks {
        PostLinks {
            post_id: id,
            author_id: author,
            uri: format!("uri:{id}"),
            reply_to: reply_to.map(|r| format!("uri:{r}")),
            quote_of: None,
        }
    }

    #[test]
    fn engagement_and_the_graph_rank_differently() {
        let posts = [
            post(1, 1, "the original thread", 1),
            post(2, 2, "a viral take", 500),
            post(3, 3, "reply", 0),
            post(4, 4, "reply too, cc @doc1@med.example", 0),
        ];
        let links = [
            link(1, 1, None),
            link(2, 2, None),
            link(3, 3, Some(1)),
            link(4, 4, Some(1)),
        ];
        let bios = HashMap::from([(1, "Cardiologist, MD, PhD".to_owned())]);
        let refs: Vec<&DigestPost> = posts.iter().collect();
        let voices = rank_voices(&refs, &links, &bios, DateTime::UNIX_EPOCH);
        assert_eq!(voices[0].author.author_id, 2, "most engaged first");
        let graph = by_pagerank(&voices);
        assert_eq!(graph[0].author.author_id, 1, "most replied to first");
        assert_eq!(graph[0].roles, ["MD", "PhD"]);
        assert!(voices
            .iter()
            .filter(|v| v.author.author_id != 1)
            .all(|v| v.roles.is_empty()));
    }

    #[test]
    fn exclusions_match_handles_and_profile_urls() {
        let excluded = ExcludedAuthors::parse(&[
            "@Doc1@Med.Example".to_owned(),
            "https://med.example/@doc2/".to_owned(),
        ]);
        let posts = [post(1, 1, "", 0), post(2, 2, "", 0), post(3, 3, "", 0)];
        let kept: Vec<i64> = posts
            .iter()
            .filter(|p| !excluded.excludes(&p.author))
            .map(|p| p.author.author_id)
            .collect();
        assert_eq!(kept, [3]);
        assert!(ExcludedAuthors::parse(&[" ".to_owned()]).is_empty());
    }

    #[test]
    fn exclusions_by_stable_id_survive_a_handle_change() {
        let renamed = |remote_id: &str| DigestAuthor {
            author_id: 9,
            remote_id: remote_id.to_owned(),
            handle: "brand-new.example.org".to_owned(),
            display_name: None,
            url: None,
        };
        for entry in [
            "did:plc:Gone1",
            "https://bsky.app/profile/did:plc:gone1",
            "https://med.example/users/doc9",
        ] {
            let excluded = ExcludedAuthors::parse(&[entry.to_owned()]);
            assert!(
                excluded.excludes(&renamed("did:plc:gone1"))
                    || excluded.excludes(&renamed("https://med.example/users/doc9")),
                "{entry}"
            );
            assert!(!excluded.excludes(&renamed("did:plc:other")), "{entry}");
        }
        let by_profile =
            ExcludedAuthors::parse(&["https://bsky.app/profile/Doc.Example.org".into()]);
        let mut author = renamed("did:plc:x");
        author.handle = "doc.example.org".into();
        assert!(by_profile.excludes(&author));
    }

    #[test]
    fn moderator_entries_are_normalised_as_matched_and_merge_with_the_config_list() {
        assert_eq!(
            ExcludedAuthors::entry(" @Doc3@Med.Example ").as_deref(),
            Ok("doc3@med.example")
        );
        assert_eq!(
            ExcludedAuthors::entry("https://Med.Example/@doc4/").as_deref(),
            Ok("https://med.example/@doc4")
        );
        assert_eq!(
            ExcludedAuthors::entry("did:plc:AbC").as_deref(),
            Ok("did:plc:abc")
        );
        for bad in [
            "",
            "   ",
            "two words",
            "<@123>",
            "@everyone!",
            &"a".repeat(301),
        ] {
            assert!(ExcludedAuthors::entry(bad).is_err(), "{bad:?}");
        }
        let config = ExcludedAuthors::parse(&["doc1@med.example".to_owned()]);
        let merged = config.with(&[ExcludedAuthors::entry("https://med.example/@doc4").unwrap()]);
        assert!(merged.excludes(&post(1, 1, "", 0).author));
        assert!(merged.excludes(&post(2, 4, "", 0).author));
        assert!(!merged.excludes(&post(3, 5, "", 0).author));
        assert!(
            !config.excludes(&post(2, 4, "", 0).author),
            "the config list is unchanged"
        );
    }
}
