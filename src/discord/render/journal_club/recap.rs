//! The recap `/journalclub close` posts in the thread, and the closer's confirmation.

use super::super::{escape_within, join_within};
use crate::domain::papers::recap::Recap;
use chrono::Duration;
use poise::serenity_prelude as serenity;

/// Discord's limit on an embed field's value.
const FIELD_CHARS: usize = 1024;

pub fn recap_embed(title: &str, recap: &Recap) -> serenity::CreateEmbed {
    let participants: Vec<String> = recap
        .participants
        .iter()
        .map(|id| format!("<@{id}>"))
        .collect();
    let mut embed = serenity::CreateEmbed::new()
        .title("Journal club recap")
        .description(format!("**{}**", escape_within(title, 1000)))
        .field(
            format!("Participants ({})", recap.participants.len()),
            if participants.is_empty() {
                "nobody wrote in the thread".to_owned()
            } else {
                join_within(&participants, ", ", FIELD_CHARS)
            },
            false,
        )
        .field("Messages", recap.messages.to_string(), true)
        .field("Duration", duration(recap.duration), true)
        .field(
            format!("Questions raised ({})", recap.question_count),
            listed(&recap.questions, recap.question_count, 180),
            false,
        )
        .field(
            format!("Links shared ({})", recap.link_count),
            listed(&recap.links, recap.link_count, 300),
            false,
        );
    if recap.text_hidden {
        embed = embed.footer(serenity::CreateEmbedFooter::new(
            "The bot could not read message text, so questions and links are missing: its operator needs to enable the Message Content intent.",
        ));
    }
    embed
}

/// One bullet per item, each escaped and cut, the whole within a field; "none" for an empty list.
fn listed(items: &[String], total: usize, each: usize) -> String {
    if items.is_empty() {
        return "none".to_owned();
    }
    let mut bullets: Vec<String> = items
        .iter()
        .map(|item| format!("• {}", escape_within(&item.replace('\n', " "), each)))
        .collect();
    if total > items.len() {
        bullets.push(format!("… and {} more", total - items.len()));
    }
    join_within(&bullets, "\n", FIELD_CHARS)
}

/// "1 h 25 min", "40 min", "2 d 3 h".
fn duration(span: Duration) -> String {
    let minutes = span.num_minutes().max(0);
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, _) => format!("{hours} h {mins} min"),
        _ => format!("{days} d {hours} h"),
    }
}

/// The closer's ephemeral confirmation.
pub fn journal_club_closed(thread_id: u64, recap: &Recap) -> String {
    format!(
        "Closed the journal club in <#{thread_id}> and posted its recap: {} taking part, {} messages, {} questions, {} links.",
        recap.participants.len(),
        recap.messages,
        recap.question_count,
        recap.link_count
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(Duration::minutes(40)), "40 min");
        assert_eq!(duration(Duration::minutes(85)), "1 h 25 min");
        assert_eq!(duration(Duration::minutes(3 * 1440 + 125)), "3 d 2 h");
        assert_eq!(duration(Duration::minutes(-5)), "0 min");
    }

    #[test]
    fn relayed_questions_are_escaped_and_fit_a_field() {
        let questions: Vec<String> = (0..10)
            .map(|i| format!("@everyone is **{i}** ok? {}", "x".repeat(300)))
            .collect();
        let text = listed(&questions, 14, 180);
        assert!(text.chars().count() <= FIELD_CHARS, "{}", text.len());
        assert!(text.contains("\\@everyone is \\*\\*0\\*\\*"), "{text}");
        assert!(!text.contains(" @everyone"));
        assert!(text.ends_with("more"), "{text}");
    }
}
