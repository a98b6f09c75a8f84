//! The digest stays inside Discord's limits and relayed text cannot format or ping, whatever it says.

use super::*;
use crate::discord::render::embed::{MAX_FIELDS, MAX_FIELD_NAME, MAX_TITLE};
use crate::domain::digest::ranking::RankedPost;
use crate::domain::digest::tiers::Tier;
use crate::domain::digest::{CitedDomain, DigestAuthor, DigestPost, EntityTrend, Voice};
use crate::domain::entities::EntityKind;
use crate::domain::post::{Engagement, SourceKind};
use chrono::{TimeZone, Utc};

fn hostile_post(id: i64) -> DigestPost {
    DigestPost {
        post_id: id,
        source: SourceKind::Mastodon,
        url: Some(format!(
            "https://evil.example/a)](https://phish.example/{id}"
        )),
        author: DigestAuthor {
            author_id: id,
            remote_id: format!("did:plc:{id}"),
            handle: format!("@everyone**{id}**"),
            display_name: Some("<@123456789> [click](https://phish.example)".into()),
            url: Some("javascript:alert(1)".into()),
        },
        title: None,
        text: format!(
            "@everyone @here <@&42> **bold** `code` ||spoiler|| > quote\n# heading {}",
            "x".repeat(5000)
        ),
        created_at: Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap(),
        engagement: Engagement {
            likes: 3,
            reposts: 1,
            replies: 0,
            quotes: 0,
        },
        hashtags: vec![],
        links: vec![],
        papers: vec![],
        entities: vec![],
        repost_of: None,
    }
}

fn busy_digest() -> Digest {
    let posts: Vec<DigestPost> = (0..5).map(hostile_post).collect();
    Digest {
        tags: vec!["MedEd".into()],
        topics: vec![],
        start: Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap(),
        end: Utc.with_ymd_and_hms(2026, 11, 27, 8, 0, 0).unwrap(),
        catch_up_periods: None,
        posts: 1234,
        authors: 321,
        previous_posts: 1000,
        previous_authors: 300,
        top_posts: posts
            .iter()
            .map(|p| RankedPost {
                post: p.clone(),
                score: 1.0,
                also_shared_by: 2,
            })
            .collect(),
        voices: posts
            .iter()
            .map(|p| Voice {
                author: p.author.clone(),
                posts: 3,
                score: 2.0,
            })
            .collect(),
        papers: vec![],
        domains: (0..5)
            .map(|i| CitedDomain {
                domain: format!("d{i}-{}.example", "y".repeat(300)),
                tier: Tier::Other,
                posts: 2,
            })
            .collect(),
        entities: vec![EntityTrend {
            kind: EntityKind::Drug,
            name: "Semaglutide".into(),
            posts: 40,
            previous: 20,
        }],
        cooccurring: (0..8).map(|i| (format!("tag_{i}"), 3)).collect(),
        new_papers: (10..60).map(hostile_post).collect(),
    }
}

#[test]
fn every_limit_holds_on_a_busy_hostile_digest() {
    let mut digest = busy_digest();
    digest.tags = (0..100)
        .map(|i| format!("tag{i}_{}", "z".repeat(90)))
        .collect();
    let messages = digest_messages(&digest);
    assert!(!messages.is_empty());
    for message in &messages {
        assert!(message.len() <= MAX_EMBEDS_PER_MESSAGE);
        assert!(message.iter().map(EmbedSpec::size).sum::<usize>() <= MAX_EMBED_CHARS_PER_MESSAGE);
        for embed in message {
            assert!(embed.title.chars().count() <= MAX_TITLE);
            assert!(embed.description.chars().count() <= MAX_DESCRIPTION);
            assert!(embed.fields.len() <= MAX_FIELDS);
            for field in &embed.fields {
                assert!(field.name.chars().count() <= MAX_FIELD_NAME);
                assert!(
                    field.value.chars().count() <= MAX_FIELD_VALUE,
                    "{}",
                    field.value.chars().count()
                );
            }
        }
    }
}

#[test]
fn relayed_text_cannot_ping_or_format() {
    let markdown = messages_to_markdown(&digest_messages(&busy_digest()));
    for raw in [
        "@everyone",
        "@here",
        "<@123456789>",
        "<@&42>",
        "**bold**",
        "`code`",
        "||spoiler||",
    ] {
        assert!(
            !contains_unescaped(&markdown, raw),
            "{raw} survived:\n{markdown}"
        );
    }
    assert!(markdown.contains("\\@everyone"));
    assert!(
        !markdown.contains("](https://phish.example/"),
        "a URL broke out of its link:\n{markdown}"
    );
    assert!(!markdown.contains("javascript:"), "{markdown}");
    assert!(
        markdown.contains("%29"),
        "closing parentheses in URLs are encoded"
    );
}

/// Whether `needle` occurs without a backslash escaping its first character.
fn contains_unescaped(haystack: &str, needle: &str) -> bool {
    haystack
        .match_indices(needle)
        .any(|(at, _)| !haystack[..at].ends_with('\\'))
}

#[test]
fn a_quiet_day_is_one_short_honest_embed() {
    let mut digest = busy_digest();
    digest.posts = 0;
    digest.authors = 0;
    digest.top_posts.clear();
    digest.new_papers.clear();
    let messages = digest_messages(&digest);
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].len(), 1);
    assert!(
        messages[0][0].description.starts_with("A quiet 24 hours"),
        "{}",
        messages[0][0].description
    );
    assert_eq!(messages[0][0].footer.as_deref(), Some(CAUTION));
}

#[test]
fn changes_read_naturally() {
    assert_eq!(change(12, 10), "up 20% from 10");
    assert_eq!(change(5, 10), "down 50% from 10");
    assert_eq!(change(10, 10), "same as the 10 before");
    assert_eq!(change(3, 0), "none the window before");
}

#[test]
fn a_feed_item_titled_as_one_site_but_linking_to_another_is_not_a_masked_link() {
    let mut digest = busy_digest();
    let mut item = hostile_post(99);
    item.source = SourceKind::Feed;
    item.title = Some("nejm.org".into());
    item.url = Some("https://evil.example/landing".into());
    let mut honest = hostile_post(100);
    honest.source = SourceKind::Feed;
    honest.title = Some("NEJM at nejm.org: this week".into());
    honest.url = Some("https://www.nejm.org/toc/nejm/current".into());
    digest.new_papers = vec![item, honest];
    let markdown = messages_to_markdown(&digest_messages(&digest));
    assert!(
        !markdown.contains("[nejm.org](https://evil.example"),
        "{markdown}"
    );
    assert!(
        markdown.contains("nejm.org ([evil.example](https://evil.example/landing))"),
        "the real host is what is clickable:\n{markdown}"
    );
    assert!(
        markdown.contains("[NEJM at nejm.org\\: this week](https://www.nejm.org/toc/nejm/current)"),
        "{markdown}"
    );
}

#[test]
fn a_guild_tracking_nothing_is_told_how_to_start() {
    let mut digest = busy_digest();
    digest.tags.clear();
    digest.posts = 0;
    digest.top_posts.clear();
    digest.new_papers.clear();
    let text = &digest_messages(&digest)[0][0].description;
    assert!(text.contains("tracks no hashtags yet"), "{text}");
    assert!(!text.contains("under ,"), "{text}");
    assert!(!text.contains("under  "), "{text}");
}

#[test]
fn a_week_long_digest_with_topics_says_so() {
    let mut digest = busy_digest();
    digest.start = digest.end - Duration::days(7);
    digest.topics = vec!["heart failure".into(), "Ozempic".into()];
    let header = &digest_messages(&digest)[0][0];
    assert!(
        header.title.starts_with("Weekly digest"),
        "{}",
        header.title
    );
    assert!(
        header
            .description
            .contains("mentioning “heart failure” or “Ozempic”"),
        "{}",
        header.description
    );
    assert!(
        header.description.contains("last 7 days"),
        "{}",
        header.description
    );
}

#[test]
fn most_cited_papers_show_their_tier_and_entities_their_clinical_name() {
    let mut digest = busy_digest();
    digest.papers = vec![crate::domain::digest::CitedPaper {
        paper: crate::domain::papers::PaperId::Doi(crate::domain::papers::Doi::from_stored(
            "10.1101/2024.01.01.1".into(),
        )),
        shown: "10.1101/2024.01.01.1".into(),
        tier: Some(Tier::Preprint),
        title: None,
        posts: 3,
    }];
    digest.entities = vec![EntityTrend {
        kind: EntityKind::Disease,
        name: "Renal Insufficiency, Chronic".into(),
        posts: 4,
        previous: 1,
    }];
    let text = serde_json::to_string(&digest_messages(&digest)).unwrap();
    assert!(text.contains("preprint (not peer reviewed)"), "{text}");
    assert!(text.contains("Chronic kidney disease"), "{text}");
    assert!(!text.contains("Renal Insufficiency"), "{text}");
}

#[test]
fn a_bluesky_or_x_author_links_to_their_post_only_on_their_own_service() {
    let post = |source, handle: &str, url: &str| {
        let mut post = hostile_post(7);
        post.source = source;
        post.author.handle = handle.into();
        post.url = Some(url.into());
        post
    };
    let mut digest = busy_digest();
    digest.top_posts = [
        post(
            SourceKind::Bluesky,
            "cardiodoc",
            "https://evil.example/login",
        ),
        post(SourceKind::X, "nephro", "https://x.com/nephro/status/1"),
        post(
            SourceKind::Bluesky,
            "meded",
            "https://bsky.app/profile/meded/post/1",
        ),
    ]
    .into_iter()
    .map(|post| RankedPost {
        post,
        score: 1.0,
        also_shared_by: 0,
    })
    .collect();
    let markdown = messages_to_markdown(&digest_messages(&digest));
    assert!(
        markdown.contains("cardiodoc ([evil.example](https://evil.example/login))"),
        "a Bluesky post's URL off bsky.app is shown by its real host:\n{markdown}"
    );
    assert!(!markdown.contains("[cardiodoc]("), "{markdown}");
    assert!(
        markdown.contains("[nephro](https://x.com/nephro/status/1)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("[meded](https://bsky.app/profile/meded/post/1)"),
        "{markdown}"
    );
}
