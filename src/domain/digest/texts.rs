//! A digest built from posts read without their titles and texts (most of what a post weighs), and
//! those texts filled in afterwards for the few posts it shows. Nothing a digest chooses depends on
//! a text: only what it shows does (its top posts, and each DOI as a citing post wrote it).

use super::{doi_shown, Digest, DigestPost};
use crate::domain::papers::PaperId;
use std::collections::{HashMap, HashSet};

/// A post's title and text, by post id, as the store reads them for the posts a digest shows.
pub type PostTexts = HashMap<i64, (Option<String>, String)>;

impl Digest {
    /// The posts of `posts` (those it was built from) whose titles and texts it shows or reads:
    /// its top posts, and the posts citing a DOI it lists (the DOI is shown as they wrote it).
    /// Built from posts read without their texts, a digest is the same once these are filled in.
    pub fn posts_with_text_shown(&self, posts: &[DigestPost]) -> Vec<i64> {
        let dois: HashSet<&PaperId> = self
            .papers
            .iter()
            .map(|p| &p.paper)
            .filter(|p| matches!(p, PaperId::Doi(_)))
            .collect();
        let mut ids: Vec<i64> = self.top_posts.iter().map(|r| r.post.post_id).collect();
        ids.extend(
            posts
                .iter()
                .filter(|p| p.papers.iter().any(|paper| dois.contains(paper)))
                .map(|p| p.post_id),
        );
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Fills in what a digest built from `posts` read without texts shows, from `texts` (the
    /// titles and texts of [`Digest::posts_with_text_shown`]): its top posts' titles and texts,
    /// and each DOI in the case a citing post wrote it. The digest is then the one `build_digest`
    /// gives from the same posts read with their texts, without building it again.
    pub fn fill_texts(&mut self, posts: &[DigestPost], texts: &PostTexts) {
        for ranked in &mut self.top_posts {
            if let Some((title, text)) = texts.get(&ranked.post.post_id) {
                ranked.post.title.clone_from(title);
                ranked.post.text.clone_from(text);
            }
        }
        let (start, end) = (self.start, self.end);
        for paper in &mut self.papers {
            let PaperId::Doi(doi) = &paper.paper else {
                continue;
            };
            // The posts `build_digest` read it from: the window's originals citing it, in order.
            let citing = posts
                .iter()
                .filter(|p| p.created_at >= start && p.created_at < end)
                .filter(|p| p.repost_of.is_none() && p.papers.contains(&paper.paper))
                .map(|p| {
                    let text = texts.get(&p.post_id).map_or(p.text.as_str(), |t| &t.1);
                    (p, text)
                });
            paper.shown = doi_shown(doi.as_str(), citing);
        }
    }
}
