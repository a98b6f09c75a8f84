//! Hand-built corpora with known answers.

use super::*;
use crate::domain::links::canonicalize;
use chrono::TimeZone;

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, hour, 0, 0).unwrap()
}

fn author(id: i64) -> DigestAuthor {
    DigestAuthor {
        author_id: id,
        remote_id: format!("https://med.example/users/user{id}"),
        handle: format!("@user{id}@med.example"),
        display_name: None,
        url: None,
    }
}

fn post(id: i64, author_id: i64, source: SourceKind, likes: u64, hour: u32) -> DigestPost {
    DigestPost {
        post_id: id,
        source,
        url: Some(format!("https://med.example/{id}")),
        author: author(author_id),
        title: None,
        text: format!("post {id}"),
        created_at: at(hour),
        engagement: Engagement {
            likes,
            ..Engagement::default()
        },
        hashtags: vec!["meded".into()],
        links: vec![],
        papers: vec![],
        entities: vec![],
        repost_of: None,
    }
}

fn with_link(mut post: DigestPost, url: &str) -> DigestPost {
    post.links.push(canonicalize(url).unwrap());
    post
}

fn digest_of(posts: &[DigestPost], previous: &PreviousWindow) -> Digest {
    digest_counted(posts, previous, None)
}

/// `digest_of`, with the window's own counts in full when its read was capped.
fn digest_counted(
    posts: &[DigestPost],
    previous: &PreviousWindow,
    counts: Option<&PreviousWindow>,
) -> Digest {
    let tracked = vec!["meded".to_owned()];
    build_digest(&DigestInput {
        start: at(0),
        end: at(23) + chrono::Duration::hours(1),
        tracked: &tracked,
        posts,
        previous,
        feed_items: &[],
        tiers: SourceTiers::bundled(),
        catch_up_periods: None,
        counts,
    })
}

fn top_ids(digest: &Digest) -> Vec<i64> {
    digest.top_posts.iter().map(|p| p.post.post_id).collect()
}

#[test]
fn engagement_is_judged_against_each_sources_own_level() {
    // On X everything gets ~100 likes; on Mastodon ~2. Ten Mastodon likes stand out more.
    let posts = vec![
        post(1, 1, SourceKind::X, 110, 12),
        post(2, 2, SourceKind::X, 100, 12),
        post(3, 3, SourceKind::X, 90, 12),
        post(4, 4, SourceKind::Mastodon, 10, 12),
        post(5, 5, SourceKind::Mastodon, 1, 12),
        post(6, 6, SourceKind::Mastodon, 1, 12),
    ];
    let digest = digest_of(&posts, &PreviousWindow::default());
    assert_eq!(top_ids(&digest)[0], 4);
}

#[test]
fn newer_posts_win_ties_and_authors_get_at_most_two_places() {
    let posts = vec![
        post(1, 1, SourceKind::Mastodon, 5, 20),
        post(2, 1, SourceKind::Mastodon, 5, 19),
        post(3, 1, SourceKind::Mastodon, 5, 18),
        post(4, 2, SourceKind::Mastodon, 5, 2),
    ];
    let digest = digest_of(&posts, &PreviousWindow::default());
    assert_eq!(top_ids(&digest), [1, 2, 4]);
}

#[test]
fn reposts_and_posts_sharing_a_link_are_collapsed() {
    let mut repost = post(9, 9, SourceKind::Mastodon, 50, 12);
    repost.repost_of = Some("https://med.example/1".into());
    let posts = vec![
        with_link(
            post(1, 1, SourceKind::Mastodon, 8, 12),
            "https://www.nejm.org/doi/full/10.1056/x?utm_source=a",
        ),
        with_link(
            post(2, 2, SourceKind::Mastodon, 3, 12),
            "https://nejm.org/doi/full/10.1056/x",
        ),
        with_link(
            post(3, 3, SourceKind::Mastodon, 1, 12),
            "https://www.nejm.org/doi/full/10.1056/x#abstract",
        ),
        post(4, 4, SourceKind::Mastodon, 2, 12),
        repost,
    ];
    let digest = digest_of(&posts, &PreviousWindow::default());
    assert_eq!(top_ids(&digest), [1, 4]);
    assert_eq!(digest.top_posts[0].also_shared_by, 2);
    // The repost still counts as activity.
    assert_eq!(digest.posts, 5);
}

#[test]
fn papers_group_by_identifier_and_domains_carry_their_tier() {
    let mut a = with_link(
        post(1, 1, SourceKind::Mastodon, 1, 10),
        "https://www.medrxiv.org/content/10.1101/2026.01.01.1",
    );
    a.papers
        .push(PaperId::Doi(crate::domain::papers::Doi::from_stored(
            "10.1056/nejmoa2307563".into(),
        )));
    let mut b = with_link(
        post(2, 2, SourceKind::Bluesky, 1, 11),
        "https://www.nejm.org/doi/10.1056/NEJMoa2307563",
    );
    b.papers
        .push(PaperId::Doi(crate::domain::papers::Doi::from_stored(
            "10.1056/nejmoa2307563".into(),
        )));
    let c = with_link(
        post(3, 3, SourceKind::X, 1, 11),
        "https://www.statnews.com/story",
    );
    let digest = digest_of(&[a, b, c], &PreviousWindow::default());
    assert_eq!(digest.papers.len(), 1);
    assert_eq!(digest.papers[0].posts, 2);
    let tiers: Vec<(&str, Tier)> = digest
        .domains
        .iter()
        .map(|d| (d.domain.as_str(), d.tier))
        .collect();
    assert!(
        tiers.contains(&("nejm.org", Tier::PeerReviewed)),
        "{tiers:?}"
    );
    assert!(
        tiers.contains(&("medrxiv.org", Tier::Preprint)),
        "{tiers:?}"
    );
    assert!(tiers.contains(&("statnews.com", Tier::News)), "{tiers:?}");
}

#[test]
fn entities_show_their_change_and_cooccurring_tags_exclude_tracked_ones() {
    let mut a = post(1, 1, SourceKind::Mastodon, 1, 10);
    a.entities = vec![
        (EntityKind::Drug, "Semaglutide".into()),
        (EntityKind::Drug, "Semaglutide".into()),
    ];
    a.hashtags = vec!["meded".into(), "obesity".into()];
    let mut b = post(2, 2, SourceKind::Mastodon, 1, 11);
    b.entities = vec![
        (EntityKind::Drug, "Semaglutide".into()),
        (EntityKind::Disease, "Obesity".into()),
    ];
    b.hashtags = vec!["meded".into(), "obesity".into(), "endotwitter".into()];
    let previous = PreviousWindow {
        posts: 7,
        authors: 3,
        entities: HashMap::from([((EntityKind::Drug, "Semaglutide".into()), 5)]),
    };
    let digest = digest_of(&[a, b], &previous);
    assert_eq!(
        digest.entities[0],
        EntityTrend {
            kind: EntityKind::Drug,
            name: "Semaglutide".into(),
            posts: 2,
            previous: 5
        }
    );
    assert_eq!(
        digest.cooccurring,
        [("obesity".to_owned(), 2), ("endotwitter".to_owned(), 1)]
    );
    assert_eq!(
        (
            digest.posts,
            digest.authors,
            digest.previous_posts,
            digest.previous_authors
        ),
        (2, 2, 7, 3)
    );
}

#[test]
fn a_capped_windows_full_counts_make_its_headline_and_entity_trends() {
    // The posts read: the two most engaged of a busy window.
    let mut a = post(1, 1, SourceKind::Mastodon, 50, 10);
    a.entities = vec![(EntityKind::Drug, "Semaglutide".into())];
    let mut b = post(2, 2, SourceKind::Mastodon, 40, 11);
    b.entities = vec![
        (EntityKind::Drug, "Semaglutide".into()),
        (EntityKind::Disease, "Obesity".into()),
    ];
    let previous = PreviousWindow {
        posts: 900,
        authors: 300,
        entities: HashMap::from([
            ((EntityKind::Drug, "Semaglutide".into()), 80),
            ((EntityKind::Drug, "Apixaban".into()), 10),
        ]),
    };
    let trend = |kind, name: &str, posts, previous| EntityTrend {
        kind,
        name: name.into(),
        posts,
        previous,
    };

    // Not given: counted from the posts read, as before.
    let read_only = digest_counted(&[a.clone(), b.clone()], &previous, None);
    assert_eq!((read_only.posts, read_only.authors), (2, 2));
    assert_eq!(
        read_only.entities,
        [
            trend(EntityKind::Drug, "Semaglutide", 2, 80),
            trend(EntityKind::Disease, "Obesity", 1, 0),
        ]
    );
    assert_eq!(read_only, digest_of(&[a.clone(), b.clone()], &previous));

    // Given: the window counted in full makes the headline and each entity's count, ranked by it;
    // what the posts read say (top posts, voices) is unchanged.
    let full = PreviousWindow {
        posts: 1200,
        authors: 410,
        entities: HashMap::from([
            ((EntityKind::Drug, "Semaglutide".into()), 95),
            ((EntityKind::Drug, "Apixaban".into()), 120),
            ((EntityKind::Disease, "Obesity".into()), 30),
        ]),
    };
    let counted = digest_counted(&[a, b], &previous, Some(&full));
    assert_eq!(
        (counted.posts, counted.authors, counted.previous_posts),
        (1200, 410, 900)
    );
    assert_eq!(
        counted.entities,
        [
            trend(EntityKind::Drug, "Apixaban", 120, 10),
            trend(EntityKind::Drug, "Semaglutide", 95, 80),
            trend(EntityKind::Disease, "Obesity", 30, 0),
        ]
    );
    assert_eq!(top_ids(&counted), top_ids(&read_only));
    assert_eq!(counted.voices, read_only.voices);
}

#[test]
fn posts_outside_the_window_do_not_count_and_an_empty_window_is_quiet() {
    let mut late = post(1, 1, SourceKind::Mastodon, 100, 12);
    late.created_at = at(23) + chrono::Duration::hours(2);
    let digest = digest_of(&[late], &PreviousWindow::default());
    assert_eq!(digest.posts, 0);
    assert!(digest.is_quiet());
    assert!(digest.top_posts.is_empty() && digest.voices.is_empty());
}

#[test]
fn voices_rank_authors_by_their_posts_scores() {
    let posts = vec![
        post(1, 1, SourceKind::Mastodon, 1, 12),
        post(2, 1, SourceKind::Mastodon, 1, 12),
        post(3, 2, SourceKind::Mastodon, 9, 12),
    ];
    let digest = digest_of(&posts, &PreviousWindow::default());
    assert_eq!(digest.voices[0].author.author_id, 2);
    assert_eq!(digest.voices[1].posts, 2);
}

#[test]
fn doi_links_are_ranked_by_what_each_doi_is_and_papers_keep_their_case_and_tier() {
    let mut journal = with_link(
        post(1, 1, SourceKind::Mastodon, 1, 10),
        "https://doi.org/10.1056/NEJMoa2206038",
    );
    journal
        .papers
        .push(PaperId::Doi(crate::domain::papers::Doi::from_stored(
            "10.1056/nejmoa2206038".into(),
        )));
    let mut preprint = with_link(
        post(2, 2, SourceKind::Mastodon, 1, 11),
        "https://doi.org/10.21203/rs.3.rs-123/v1",
    );
    preprint
        .papers
        .push(PaperId::Doi(crate::domain::papers::Doi::from_stored(
            "10.21203/rs.3.rs-123/v1".into(),
        )));
    let unknown = with_link(
        post(3, 3, SourceKind::Mastodon, 1, 12),
        "https://doi.org/10.9999/whatever",
    );
    let digest = digest_of(&[journal, preprint, unknown], &PreviousWindow::default());
    let rows: Vec<(String, Tier)> = digest
        .domains
        .iter()
        .map(|d| (d.domain.clone(), d.tier))
        .collect();
    for expected in [Tier::PeerReviewed, Tier::Preprint, Tier::Other] {
        assert!(rows.contains(&("doi.org".to_owned(), expected)), "{rows:?}");
    }
    let nejm = digest
        .papers
        .iter()
        .find(|p| p.paper.value() == "10.1056/nejmoa2206038")
        .unwrap();
    assert_eq!(nejm.shown, "10.1056/NEJMoa2206038");
    assert_eq!(nejm.tier, Some(Tier::PeerReviewed));
    let square = digest
        .papers
        .iter()
        .find(|p| p.paper.value().starts_with("10.21203"))
        .unwrap();
    assert_eq!(square.tier, Some(Tier::Preprint));
}
