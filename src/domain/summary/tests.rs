use super::*;
use crate::domain::digest::DigestAuthor;
use crate::domain::links::CanonicalLink;
use crate::domain::post::{Engagement, SourceKind};
use chrono::TimeZone as _;

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

fn post(id: i64, author: i64, text: &str, created_at: DateTime<Utc>) -> DigestPost {
    DigestPost {
        post_id: id,
        source: SourceKind::Mastodon,
        url: Some(format!("https://med.example/@doc{author}/{id}")),
        author: DigestAuthor {
            author_id: author,
            remote_id: format!("https://med.example/users/doc{author}"),
            handle: format!("@doc{author}@med.example"),
            display_name: None,
            url: None,
        },
        title: None,
        text: text.to_owned(),
        created_at,
        engagement: Engagement {
            likes: id as u64,
            ..Engagement::default()
        },
        hashtags: vec![],
        links: vec![CanonicalLink {
            url: "https://www.nejm.org/doi/x".into(),
            domain: "nejm.org".into(),
        }],
        papers: vec![],
        entities: vec![(EntityKind::Drug, "Semaglutide".into())],
        repost_of: None,
    }
}

fn counted(posts: &[DigestPost]) -> Vec<MatchedPost> {
    posts
        .iter()
        .map(|p| MatchedPost {
            post_id: p.post_id,
            author: p.author.clone(),
            created_at: p.created_at,
        })
        .collect()
}

#[test]
fn a_summary_counts_bins_and_excludes_authors_everywhere() {
    let topic = Topic::parse("semaglutide").unwrap();
    let matched = vec![
        post(1, 1, "semaglutide select trial mace reduction", at(1, 10)),
        post(
            2,
            2,
            "semaglutide select trial mace reduction again",
            at(2, 10),
        ),
        post(3, 3, "semaglutide shortage pharmacies shortage", at(2, 11)),
        post(4, 9, "semaglutide spam from the excluded account", at(3, 9)),
        // Outside the window.
        post(5, 1, "semaglutide old news", at(9, 0)),
    ];
    let rest = vec![post(6, 4, "clinic today teaching rounds", at(1, 1))];
    let excluded = ExcludedAuthors::parse(&["doc9@med.example".to_owned()]);
    let counted = counted(&matched);
    let summary = build_summary(&SummaryInput {
        topic: &topic,
        window: SummaryWindow::Week,
        start: at(1, 0),
        end: at(8, 0),
        counted: &counted,
        matched: &matched,
        rest: &rest,
        links: &[],
        bios: &HashMap::new(),
        previous_posts: 2,
        excluded: &excluded,
        tiers: SourceTiers::bundled(),
    });
    assert_eq!(summary.posts, 3);
    assert_eq!(summary.authors, 3);
    assert_eq!(summary.detailed, 3);
    let bins: Vec<usize> = summary.volume.iter().map(|b| b.posts).collect();
    assert_eq!(bins, [1, 2, 0, 0, 0, 0, 0]);
    assert!(summary
        .representative
        .iter()
        .all(|p| p.author.author_id != 9));
    assert!(summary.voices.iter().all(|v| v.author.author_id != 9));
    assert!(summary.key_terms.iter().all(|t| t.term != "excluded"));
    assert!(summary.key_terms.iter().all(|t| t.term != "semaglutide"));
    assert_eq!(summary.domains[0].posts, 3);
    // The topic itself is not "co-mentioned".
    assert!(summary.entities.is_empty());
    // The two near-identical trial posts are not both shown first.
    let first_two: Vec<i64> = summary.representative[..2]
        .iter()
        .map(|p| p.post_id)
        .collect();
    assert!(first_two.contains(&3), "{first_two:?}");
    assert_eq!(percent_change(3, 2), Some(50.0));
    assert_eq!(percent_change(3, 0), None);
}

#[test]
fn every_match_is_counted_and_charted_when_only_the_most_engaged_are_read() {
    let topic = Topic::parse("#cardio").unwrap();
    let all: Vec<DigestPost> = (1..=6)
        .map(|i| post(i, i, "heart failure clinic", at(1 + (i as u32 % 3), 9)))
        .collect();
    let counted = counted(&all);
    // Only the two most engaged were read in full.
    let read = vec![all[5].clone(), all[4].clone()];
    let summary = build_summary(&SummaryInput {
        topic: &topic,
        window: SummaryWindow::Week,
        start: at(1, 0),
        end: at(8, 0),
        counted: &counted,
        matched: &read,
        rest: &[],
        links: &[],
        bios: &HashMap::new(),
        previous_posts: 0,
        excluded: &ExcludedAuthors::default(),
        tiers: SourceTiers::bundled(),
    });
    assert_eq!(
        (summary.posts, summary.authors, summary.detailed),
        (6, 6, 2)
    );
    let bins: Vec<usize> = summary.volume.iter().map(|b| b.posts).collect();
    assert_eq!(bins, [2, 2, 2, 0, 0, 0, 0]);
    assert_eq!(summary.voices.len(), 2);
    assert_eq!(summary.domains[0].posts, 2);
}
