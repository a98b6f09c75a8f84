use super::*;
use crate::domain::papers::{Doi, Pmid};
use crate::store::journal_clubs::JournalClub;
use chrono::Duration;
use serde_json::Value;

fn nasty_paper() -> Paper {
    Paper {
        title: format!(
            "**Bold** [link](http://evil) <@123> @everyone {}",
            "long ".repeat(80)
        ),
        authors: (0..40).map(|i| format!("Author_{i}")).collect(),
        journal: Some("J *Tests*".to_owned()),
        year: Some(2026),
        doi: Doi::parse("10.5555/a(b)c"),
        pmid: Pmid::new(42),
        abstract_text: Some("Background: ".to_owned() + &"words and more words. ".repeat(200)),
        publication_types: vec!["Randomized Controlled Trial".to_owned()],
        ..Paper::default()
    }
}

/// Every string in an embed, as Discord counts toward its 6000-character total.
fn embed_chars(embed: &Value) -> usize {
    let text = |v: &Value| v.as_str().map_or(0, |s| s.chars().count());
    let fields = embed["fields"].as_array().map_or(0, |fields| {
        fields
            .iter()
            .map(|f| text(&f["name"]) + text(&f["value"]))
            .sum()
    });
    text(&embed["title"]) + text(&embed["description"]) + text(&embed["footer"]["text"]) + fields
}

#[test]
fn the_opening_post_is_escaped_and_within_discord_limits() {
    let paper = nasty_paper();
    let embeds: Vec<Value> = journal_club_opening(&paper, paper.study_type())
        .into_iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect();
    let total: usize = embeds.iter().map(embed_chars).sum();
    assert!(total <= 6000, "{total}");
    let about = &embeds[0];
    let title = about["title"].as_str().unwrap();
    assert!(title.chars().count() <= 256);
    assert!(title.starts_with("\\*\\*Bold\\*\\* \\[link\\]"), "{title}");
    assert!(!title.contains(" @everyone"), "{title}");
    let description = about["description"].as_str().unwrap();
    assert!(description.chars().count() <= 4096);
    assert!(
        description.starts_with("Author\\_0, Author\\_1, Author\\_2 et al."),
        "{description}"
    );
    assert!(
        description.contains("*J \\*Tests\\** · 2026"),
        "{description}"
    );
    assert!(
        description.contains("[DOI 10.5555/a\\(b\\)c](https://doi.org/10.5555/a%28b%29c)"),
        "{description}"
    );
    assert!(description.contains("[PMID 42](https://pubmed.ncbi.nlm.nih.gov/42/)"));
    assert_eq!(about["url"], "https://doi.org/10.5555/a%28b%29c");
    let fields = embeds[1]["fields"].as_array().unwrap();
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["PICO", "Trial appraisal (CONSORT)"]);
    for field in fields {
        assert!(field["value"].as_str().unwrap().chars().count() <= 1024);
    }
}

#[test]
fn reminders_and_refusals_escape_the_title() {
    let start = Utc::now();
    let text = reminder_message(ReminderKind::HourBefore, "@here *x*", start);
    assert!(text.contains("**\\@here \\*x\\***"), "{text}");
    assert!(text.contains(&format!("<t:{}:F>", start.timestamp())));
    let notice = paper_has_notice(&nasty_paper(), EditorialNotice::Retracted);
    assert!(notice.contains("has been retracted"));
    assert!(!notice.contains(" @everyone"));
}

#[test]
fn the_list_fits_one_message() {
    let now = Utc::now();
    let club = |i: i64, closed: bool| JournalClub {
        session_id: i,
        thread_id: 900 + i as u64,
        channel_id: 1,
        paper_key: "doi:10.5555/x".to_owned(),
        title: format!("{} {i}", "@everyone ".repeat(20)),
        study_type: StudyType::Trial,
        starts_at: Some(now + Duration::days(i)),
        started_by: 1,
        created_at: now,
        closed_at: closed.then_some(now),
        participant_count: closed.then_some(3),
        message_count: closed.then_some(30),
    };
    let sessions: Vec<JournalClub> = (0..60).map(|i| club(i, i % 2 == 0)).collect();
    let text = journal_club_list(&sessions, now);
    assert!(
        text.chars().count() <= MAX_CONTENT_CHARS,
        "{}",
        text.chars().count()
    );
    assert!(
        text.contains("**Upcoming and open**") && text.contains("**Closed in the last 30 days**")
    );
    assert!(text.contains("more"));
    assert!(!text.contains(" @everyone"));
    let one = journal_club_list(&sessions[1..2], now);
    assert!(
        one.contains(&format!(
            "meets <t:{}:F>",
            (now + Duration::days(1)).timestamp()
        )),
        "{one}"
    );
}
