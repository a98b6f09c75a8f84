use super::*;
use crate::discord::render::embed::MAX_FIELD_VALUE;
use crate::domain::digest::{DigestAuthor, DigestPost};
use crate::domain::post::{Engagement, SourceKind};
use crate::domain::summary::keyness::KeyTerm;
use chrono::{Duration, Utc};

fn hostile_post(i: i64) -> DigestPost {
    DigestPost {
        post_id: i,
        source: SourceKind::Mastodon,
        url: Some(format!(
            "https://m.example/@x/{i}) [evil](https://phish.example"
        )),
        author: DigestAuthor {
            author_id: i,
            remote_id: format!("did:plc:{i}"),
            handle: "@everyone".to_owned(),
            display_name: Some("<@123> **boss**".to_owned()),
            url: None,
        },
        title: None,
        text: format!(
            "@everyone {} [x](https://phish.example)",
            "long ".repeat(400)
        ),
        created_at: Utc::now(),
        engagement: Engagement::default(),
        hashtags: vec![],
        links: vec![],
        papers: vec![],
        entities: vec![],
        repost_of: None,
    }
}

fn summary() -> TopicSummary {
    let now = Utc::now();
    let voice = RankedVoice {
        author: hostile_post(1).author,
        posts: 2,
        engagement: 3.0,
        pagerank: 0.5,
        roles: vec!["MD".to_owned()],
    };
    TopicSummary {
        topic: "#Med_Ed".to_owned(),
        window: SummaryWindow::Month,
        start: now - Duration::days(30),
        end: now,
        posts: 12,
        authors: 3,
        detailed: 12,
        previous_posts: 6,
        key_terms: (0..8)
            .map(|i| KeyTerm {
                term: format!("term_{i}"),
                topic_count: 3,
                rest_count: 0,
                g2: 10.0,
            })
            .collect(),
        representative: (1..=5).map(hostile_post).collect(),
        voices: vec![voice.clone(); 5],
        central_voices: vec![voice; 5],
        domains: vec![],
        entities: vec![],
        volume: (0..30)
            .map(|i| VolumeBin {
                start: now - Duration::days(30 - i),
                posts: i as usize,
            })
            .collect(),
    }
}

#[test]
fn a_busy_summary_fits_one_message_and_escapes_relayed_text() {
    let sentences = vec![CitedSentence {
        text: "@everyone it works [1][2].".to_owned(),
        cites: vec![1, 2],
    }];
    let answer = summary_answer(&summary(), Some(&sentences), vec![1, 2, 3]);
    let embed = &answer.embeds[0];
    assert!(embed.size() <= 6000, "{}", embed.size());
    assert!(embed.description.chars().count() <= MAX_DESCRIPTION);
    assert!(embed
        .fields
        .iter()
        .all(|f| f.value.chars().count() <= MAX_FIELD_VALUE));
    let whole = format!("{embed:?}");
    assert!(!whole.contains(" @everyone"), "{whole}");
    assert!(
        embed.description.contains("\\@everyone it works"),
        "{}",
        embed.description
    );
    assert!(
        !embed.description.contains("](https://phish.example)"),
        "{}",
        embed.description
    );
    assert!(
        embed.description.contains("**up 100% from 6**")
            || embed.description.contains("up 100% from 6")
    );
    assert!(embed.title.contains("\\#Med\\_Ed"), "{}", embed.title);
    assert!(embed
        .fields
        .iter()
        .any(|f| f.name.starts_with("Posts per day")));
}

#[test]
fn a_summary_read_from_its_most_engaged_posts_says_so() {
    let mut busy = summary();
    assert!(!summary_answer(&busy, None, Vec::new()).embeds[0]
        .description
        .contains("most engaged"));
    busy.detailed = 5;
    let answer = summary_answer(&busy, None, Vec::new());
    assert!(
        answer.embeds[0]
            .description
            .contains("**12** posts from **3** people")
            && answer.embeds[0]
                .description
                .contains("Terms, posts, voices and sources below are from the 5 most engaged."),
        "{}",
        answer.embeds[0].description
    );
    // A trend reads no post in full: its counts carry no such note.
    busy.detailed = 0;
    let trend = &trend_answer(&busy, Vec::new()).embeds[0].description;
    assert!(
        trend.contains("**12** posts from **3** people") && !trend.contains("most engaged"),
        "{trend}"
    );
}

#[test]
fn nothing_found_suggests_near_topics() {
    let text = nothing_found("@everyone", SummaryWindow::Week, &["#NephJC".to_owned()]);
    assert!(text.contains("\\@everyone"), "{text}");
    assert!(text.contains("\\#NephJC"), "{text}");
    assert!(text.contains("7 days"));
}
