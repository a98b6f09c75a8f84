//! Raw posts made storable: clean text, case-folded hashtags (from the source's list and the text),
//! canonical links, cited papers (DOIs and PMIDs) and tagged entities.

use super::entities::{EntityKind, Tagger};
use super::format_chars::is_format_char;
use super::links::{canonicalize, links_in_text, CanonicalLink};
use super::papers::identifier::papers_in;
use super::papers::PaperId;
use super::post::RawPost;
use super::Hashtag;
use std::collections::BTreeSet;

/// The most text kept of one post, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// A post ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    pub raw: RawPost,
    pub hashtags: BTreeSet<String>,
    pub links: BTreeSet<CanonicalLink>,
    pub papers: BTreeSet<PaperId>,
    pub entities: BTreeSet<(EntityKind, String)>,
}

/// Why a raw post is not stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    #[error("post has no id")]
    NoId,
    #[error("post has neither text nor title")]
    Empty,
}

/// Cleans and enriches one raw post.
pub fn normalize(mut raw: RawPost, tagger: &Tagger) -> Result<Post, SkipReason> {
    if raw.remote_id.trim().is_empty() {
        return Err(SkipReason::NoId);
    }
    raw.text = clean_text(&raw.text);
    raw.title = raw.title.map(|t| clean_text(&t)).filter(|t| !t.is_empty());
    if raw.text.is_empty() && raw.title.is_none() {
        return Err(SkipReason::Empty);
    }
    raw.author.handle = clean_text(&raw.author.handle);
    raw.author.display_name = raw.author.display_name.map(|d| clean_text(&d));
    raw.author.bio = raw.author.bio.map(|b| clean_text(&b));

    let title = raw.title.as_deref().unwrap_or("");
    let hashtags: BTreeSet<String> = raw
        .hashtags
        .iter()
        .map(String::as_str)
        .chain(hashtags_in(&raw.text))
        .chain(hashtags_in(title))
        .filter_map(|tag| Hashtag::parse(tag).ok())
        .map(|tag| tag.key().to_owned())
        .collect();
    let links: BTreeSet<CanonicalLink> = raw
        .links
        .iter()
        .map(String::as_str)
        .chain(links_in_text(&raw.text))
        .filter_map(canonicalize)
        .collect();
    let mut papers = BTreeSet::new();
    for text in [raw.text.as_str(), title]
        .into_iter()
        .chain(links.iter().map(|l| l.url.as_str()))
    {
        papers.extend(papers_in(text));
    }
    let mut entities = BTreeSet::new();
    for text in [title, raw.text.as_str()] {
        entities.extend(
            tagger
                .tag(text)
                .into_iter()
                .map(|e| (e.kind, e.canonical.to_string())),
        );
    }
    Ok(Post {
        raw,
        hashtags,
        links,
        papers,
        entities,
    })
}

/// `#tags` written in a text.
fn hashtags_in(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices('#').filter_map(move |(at, _)| {
        // A '#' inside a word or URL (`page#section`) is not a hashtag.
        if at > 0 && text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '/' || c == '&') {
            return None;
        }
        let rest = &text[at + 1..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        (end > 0).then(|| &rest[..end])
    })
}

/// Removes control and format characters (keeping line breaks), trims, collapses runs of blank lines and caps
/// the length.
fn clean_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_TEXT_CHARS * 4));
    let mut newlines = 0;
    for c in text.chars() {
        if c == '\n' {
            newlines += 1;
            if newlines <= 2 {
                out.push('\n');
            }
            continue;
        }
        if (c.is_control() && c != '\t') || is_format_char(c) {
            continue;
        }
        newlines = 0;
        out.push(if c == '\t' { ' ' } else { c });
    }
    let trimmed = out.trim();
    if trimmed.chars().count() > MAX_TEXT_CHARS {
        let mut cut: String = trimmed.chars().take(MAX_TEXT_CHARS - 1).collect();
        cut.push('…');
        cut
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::post::{Engagement, RawAuthor, SourceKind};
    use chrono::Utc;

    fn doi(stored: &str) -> PaperId {
        PaperId::from_stored("doi", stored.into()).unwrap()
    }

    fn pmid(stored: &str) -> PaperId {
        PaperId::from_stored("pmid", stored.into()).unwrap()
    }

    fn raw(text: &str) -> RawPost {
        RawPost {
            source: SourceKind::Mastodon,
            origin: "med-mastodon.com".into(),
            remote_id: "https://med-mastodon.com/users/a/statuses/1".into(),
            uri: "https://med-mastodon.com/users/a/statuses/1".into(),
            url: None,
            author: RawAuthor {
                remote_id: "https://med-mastodon.com/users/a".into(),
                handle: "@a@med-mastodon.com".into(),
                ..RawAuthor::default()
            },
            title: None,
            text: text.into(),
            language: Some("en".into()),
            created_at: Utc::now(),
            engagement: Engagement::default(),
            hashtags: vec!["MedEd".into()],
            links: vec!["https://www.nejm.org/doi/full/10.1056/NEJMoa2206038?utm_source=x".into()],
            reply_to: None,
            quote_of: None,
            repost_of: None,
            mentions: vec![],
        }
    }

    #[test]
    fn only_ascii_digits_make_pmids_and_dois() {
        // Found by the seeded `paper_id` fuzz run: `\d` also matches other scripts' digits, so
        // `PMID 43߁` (an N'Ko one) was read as a PMID no one can look up.
        let found = |text: &str| papers_in(text).collect::<Vec<_>>();
        assert!(found("PMID: 43\u{7c1} and 10.\u{7c1}\u{7c1}\u{7c1}\u{7c1}/x").is_empty());
        assert_eq!(found("PMID: 4355"), vec![pmid("4355")]);
    }

    #[test]
    fn hashtags_links_papers_and_entities_are_found() {
        let post = normalize(
            raw("New #CardioTwitter data: semaglutide cut MACE (PMID: 37952131). doi:10.1056/NEJMoa2307563. page#anchor"),
            Tagger::bundled(),
        )
        .unwrap();
        assert_eq!(
            post.hashtags.iter().map(String::as_str).collect::<Vec<_>>(),
            ["cardiotwitter", "meded"]
        );
        assert!(post
            .links
            .iter()
            .any(|l| l.url == "https://nejm.org/doi/full/10.1056/NEJMoa2206038"));
        assert!(post.papers.contains(&pmid("37952131")));
        assert!(post.papers.contains(&doi("10.1056/nejmoa2307563")));
        assert!(post.papers.contains(&doi("10.1056/nejmoa2206038")));
        assert!(
            post.entities
                .contains(&(EntityKind::Drug, "Semaglutide".into())),
            "{:?}",
            post.entities
        );
    }

    #[test]
    fn control_characters_are_removed_and_empty_posts_skipped() {
        let post = normalize(raw("a\u{0}b\u{1b}[2J\n\n\n\nc"), Tagger::bundled()).unwrap();
        assert_eq!(post.raw.text, "ab[2J\n\nc");
        assert_eq!(
            normalize(raw(" \u{7} "), Tagger::bundled()),
            Err(SkipReason::Empty)
        );
        let mut no_id = raw("text");
        no_id.remote_id = " ".into();
        assert_eq!(normalize(no_id, Tagger::bundled()), Err(SkipReason::NoId));
    }

    #[test]
    fn format_characters_are_removed_from_text_titles_and_authors() {
        let mut hostile = raw("Read\u{202e}gpj.exe\u{202c} now\u{200b}!\u{feff}");
        hostile.title = Some("\u{2066}Title\u{2069}\u{200f}".into());
        hostile.author.handle = "ad\u{200b}min\u{202e}".into();
        hostile.author.display_name = Some("\u{200d}Dr\u{00ad} Who\u{2067}".into());
        hostile.author.bio = Some("bio\u{e0041}".into());
        let post = normalize(hostile, Tagger::bundled()).unwrap();
        assert_eq!(post.raw.text, "Readgpj.exe now!");
        assert_eq!(post.raw.title.as_deref(), Some("Title"));
        assert_eq!(post.raw.author.handle, "admin");
        assert_eq!(post.raw.author.display_name.as_deref(), Some("Dr Who"));
        assert_eq!(post.raw.author.bio.as_deref(), Some("bio"));
        // Only invisible characters: nothing to show.
        assert_eq!(
            normalize(raw("\u{200b}\u{202e}\u{feff}"), Tagger::bundled()),
            Err(SkipReason::Empty)
        );
    }

    #[test]
    fn long_text_is_capped() {
        let post = normalize(raw(&"x".repeat(MAX_TEXT_CHARS * 2)), Tagger::bundled()).unwrap();
        assert_eq!(post.raw.text.chars().count(), MAX_TEXT_CHARS);
    }
}
