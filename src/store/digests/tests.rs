//! The stored form of a post's papers: the `kind` and `value` columns of `post_papers` are what they
//! were before `PaperId` replaced `PaperRef`, so databases written earlier read the same; and a
//! window's posts read back whole (text, children), the most engaged first, from the packed read.

use super::*;
use crate::domain::entities::Tagger;
use crate::domain::normalize::normalize;
use crate::domain::post::{Engagement, SourceKind};
use crate::domain::post::{RawAuthor, RawPost};
use crate::domain::Hashtag;
use chrono::Duration;

fn citing_post(text: &str, links: Vec<String>) -> crate::domain::normalize::Post {
    let raw = RawPost {
        source: SourceKind::Mastodon,
        origin: "med.example".into(),
        remote_id: "https://med.example/users/doc/statuses/1".into(),
        uri: "https://med.example/users/doc/statuses/1".into(),
        url: None,
        author: RawAuthor {
            remote_id: "https://med.example/@doc".into(),
            handle: "@doc@med.example".into(),
            ..RawAuthor::default()
        },
        title: Some("Semaglutide and MACE".into()),
        text: text.into(),
        language: None,
        created_at: Utc::now() - Duration::hours(1),
        engagement: Engagement::default(),
        hashtags: vec![],
        links,
        reply_to: None,
        quote_of: None,
        repost_of: None,
        mentions: vec![],
    };
    normalize(raw, Tagger::bundled()).unwrap()
}

#[tokio::test]
async fn a_posts_dois_and_pmids_are_stored_and_read_back_as_before() {
    let store = crate::store::test_store().await;
    let guild = GuildId::new(5).unwrap();
    store
        .track_hashtag(guild, &Hashtag::parse("MedEd").unwrap(), None, Utc::now())
        .await
        .unwrap();
    let post = citing_post(
        "#MedEd semaglutide, doi:10.1056/NEJMoa2307563. (PMID: 037952131)",
        vec!["https://www.nejm.org/doi/full/10.1056/NEJMoa2206038?utm_source=x".into()],
    );
    store
        .commit_posts("t", None, &[post], Utc::now())
        .await
        .unwrap();

    let stored: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, value FROM post_papers ORDER BY kind, value")
            .fetch_all(store.pool())
            .await
            .unwrap();
    let expected = [
        ("doi", "10.1056/nejmoa2206038"),
        ("doi", "10.1056/nejmoa2307563"),
        ("pmid", "37952131"),
    ];
    assert_eq!(
        stored,
        expected.map(|(kind, value)| (kind.to_owned(), value.to_owned()))
    );

    // A pasted identifier names the same stored paper, and its cache key is the stored pair.
    let pasted = PaperId::parse("https://doi.org/10.1056/NEJMoa2307563").unwrap();
    assert_eq!((pasted.kind(), pasted.value().as_str()), expected[1]);
    assert_eq!(pasted.key(), "doi:10.1056/nejmoa2307563");
    let pmid = PaperId::parse("PMID: 37952131").unwrap();
    assert_eq!((pmid.kind(), pmid.value().as_str()), expected[2]);
    assert_eq!(pmid.key(), "pmid:37952131");

    let read = store
        .digest_posts(guild, Utc::now() - Duration::days(1), Utc::now())
        .await
        .unwrap();
    let mut papers: Vec<String> = read[0].papers.iter().map(PaperId::key).collect();
    papers.sort();
    assert_eq!(
        papers,
        [
            "doi:10.1056/nejmoa2206038",
            "doi:10.1056/nejmoa2307563",
            "pmid:37952131"
        ]
    );
    assert!(read[0].papers.contains(&pmid));
    // The papers read back find their stored rows again: the post's title names each of them.
    let titles = store.paper_titles(guild, &read[0].papers).await.unwrap();
    assert_eq!(titles.len(), 3);
    // DOIs compare as written; the stored (case-folded) form is the one to look papers up by.
    let stored_doi = PaperId::from_stored(pasted.kind(), pasted.value()).unwrap();
    assert_eq!(
        titles.get(&stored_doi).map(String::as_str),
        Some("Semaglutide and MACE")
    );
    assert_eq!(
        titles.get(&pmid).map(String::as_str),
        Some("Semaglutide and MACE")
    );
}

/// A post of the guild's #MedEd with these likes, its own id and author.
fn engaged_post(n: usize, likes: u64) -> crate::domain::normalize::Post {
    let raw = RawPost {
        source: SourceKind::Mastodon,
        origin: "med.example".into(),
        remote_id: format!("https://med.example/users/doc{n}/statuses/{n}"),
        uri: format!("https://med.example/users/doc{n}/statuses/{n}"),
        url: None,
        author: RawAuthor {
            remote_id: format!("https://med.example/@doc{n}"),
            handle: format!("@doc{n}@med.example"),
            ..RawAuthor::default()
        },
        title: None,
        text: format!("#MedEd post {n}, with a back\\slash, \"quotes\" and é"),
        language: None,
        created_at: Utc::now() - Duration::hours(1),
        engagement: Engagement {
            likes,
            ..Engagement::default()
        },
        hashtags: vec![],
        links: vec![format!("https://example.org/{n}")],
        reply_to: None,
        quote_of: None,
        repost_of: None,
        mentions: vec![],
    };
    normalize(raw, Tagger::bundled()).unwrap()
}

#[tokio::test]
async fn a_capped_window_reads_the_most_engaged_posts_most_engaged_first_with_their_children() {
    let store = crate::store::test_store().await;
    let guild = GuildId::new(5).unwrap();
    store
        .track_hashtag(guild, &Hashtag::parse("MedEd").unwrap(), None, Utc::now())
        .await
        .unwrap();
    // Stored least engaged first, two with the same count.
    let posts: Vec<_> = [(1, 3), (2, 40), (3, 7), (4, 40), (5, 0)]
        .into_iter()
        .map(|(n, likes)| engaged_post(n, likes))
        .collect();
    store
        .commit_posts("t", None, &posts, Utc::now())
        .await
        .unwrap();
    let read = store
        .digest_posts_up_to(
            guild,
            Utc::now() - Duration::days(1),
            Utc::now(),
            3,
            Texts::Read,
        )
        .await
        .unwrap();
    let shown: Vec<(u64, &str)> = read
        .iter()
        .map(|p| (p.engagement.likes, p.author.handle.as_str()))
        .collect();
    // Ties by id: the first stored first.
    assert_eq!(
        shown,
        [
            (40, "@doc2@med.example"),
            (40, "@doc4@med.example"),
            (7, "@doc3@med.example")
        ]
    );
    for post in &read {
        let n = &post.author.handle[4..5];
        assert_eq!(
            post.text,
            format!("#MedEd post {n}, with a back\\slash, \"quotes\" and é")
        );
        assert_eq!(post.hashtags, ["meded"]);
        assert_eq!(post.links.len(), 1, "{:?}", post.links);
        assert!(
            post.links[0].url.ends_with(&format!("/{n}")),
            "{:?}",
            post.links
        );
    }
}
