//! What the bot says about surges: the announcement posted in an alert channel, the list
//! `rounds alerts check` prints, and the replies of `/alerts`. Everything relayed (topic names,
//! handles, post texts) is escaped, so nothing can ping anyone or break the formatting.

use super::embed::{limit, one_line, plural, post_link};
use super::{escape_within, MAX_CONTENT_CHARS};
use crate::domain::digest::DigestPost;
use crate::domain::surge::{Surge, TopicKind};
use crate::store::alerts::AlertChannel;
use chrono::{DateTime, Duration, Utc};

/// Characters of a post's text an announcement quotes.
const EXCERPT_CHARS: usize = 220;

/// A topic as people read it, escaped: `#cardiology`, `Metformin (drug)`.
fn topic_label(surge: &Surge) -> String {
    match surge.topic.kind {
        TopicKind::Hashtag => escape_within(&format!("#{}", surge.topic.name), 120),
        kind => format!(
            "{} ({})",
            escape_within(&surge.topic.name, 120),
            kind.as_str()
        ),
    }
}

fn hour_range(hour: DateTime<Utc>) -> String {
    format!(
        "{}–{} UTC",
        hour.format("%H:%M"),
        (hour + Duration::hours(1)).format("%H:%M")
    )
}

/// The usual count as people read it: whole numbers, "under 1" for a quiet hour.
fn usual_text(usual: f64) -> String {
    if usual < 1.0 {
        "under 1".to_owned()
    } else {
        format!("{usual:.0}")
    }
}

/// The `/summary` hint: the command with the topic as it would be typed. A hashtag key or a
/// lexicon name has no markdown in it that could break the code span; anything else is dropped.
fn summary_hint(surge: &Surge) -> String {
    let typed = match surge.topic.kind {
        TopicKind::Hashtag => format!("#{}", surge.topic.name),
        _ => surge.topic.name.clone(),
    };
    let typed: String = typed
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '#' | '_' | ' ' | '-' | '\''))
        .collect();
    format!(
        "Run `/summary topic:{}` to see what is being said.",
        limit(&typed, 100)
    )
}

/// The announcement of a surge, as one message's content (within Discord's 2,000 characters).
pub fn surge_announcement(surge: &Surge, hour: DateTime<Utc>, posts: &[DigestPost]) -> String {
    let mut text = format!(
        "📈 **Surge: {}**\n**{}** people posted about it in the last hour ({}), against **{}** usually at this hour of the week (score {:.1}). Rising since {}.",
        topic_label(surge),
        surge.now,
        hour_range(hour),
        usual_text(surge.usual),
        surge.score,
        surge.started.format("%H:%M UTC"),
    );
    let hint = summary_hint(surge);
    if !posts.is_empty() {
        text.push_str("\n\n**Posts driving it**");
    }
    for post in posts {
        let who = post_link(
            post.source,
            &escape_within(&post.author.handle, 80),
            post.url.as_deref(),
        );
        let body = post.title.as_deref().unwrap_or(&post.text);
        let line = format!(
            "\n• {who}: {}",
            escape_within(&one_line(body), EXCERPT_CHARS)
        );
        // Room is kept for the hint; a post that does not fit is left out whole.
        if text.chars().count() + line.chars().count() + hint.chars().count() + 2
            > MAX_CONTENT_CHARS
        {
            break;
        }
        text.push_str(&line);
    }
    text.push_str("\n\n");
    text.push_str(&hint);
    text
}

/// The surges in progress, as `rounds alerts check` prints them in markdown.
pub fn surge_list(surges: &[Surge], hour: DateTime<Utc>) -> String {
    let mut text = format!(
        "**Surges in progress** (hour {} on {})\n",
        hour_range(hour),
        hour.format("%Y-%m-%d")
    );
    if surges.is_empty() {
        text.push_str("None.\n");
    }
    for surge in surges {
        text.push_str(&format!(
            "- {}: {} now, {} usually, score {:.1}, since {}\n",
            topic_label(surge),
            surge.now,
            usual_text(surge.usual),
            surge.score,
            surge.started.format("%Y-%m-%d %H:%M UTC"),
        ));
    }
    text
}

fn channel_line(channel: &AlertChannel) -> String {
    let topics = if channel.topics.is_empty() {
        "every topic".to_owned()
    } else {
        escape_within(&channel.topics.to_text(), 600)
    };
    format!(
        "<#{}>: {} sensitivity, {}{}",
        channel.channel_id,
        channel.sensitivity.as_str(),
        topics,
        if channel.paused { " (paused)" } else { "" }
    )
}

/// The reply to `/alerts setup`.
pub fn alerts_set_up(channel: &AlertChannel, created: bool) -> String {
    format!(
        "{} surge alerts: {}.\nA topic is announced when it is far above its usual volume for the hour and day of the week, at most once per cooldown.",
        if created { "Set up" } else { "Updated" },
        channel_line(channel)
    )
}

/// The reply to `/alerts list`.
pub fn alerts_list(channels: &[AlertChannel], announced: &[(String, DateTime<Utc>)]) -> String {
    if channels.is_empty() {
        return "No alert channel yet: a moderator can add one with `/alerts setup`.".to_owned();
    }
    let mut text = String::from("**Alert channels**\n");
    for channel in channels {
        text.push_str(&format!("- {}\n", channel_line(channel)));
    }
    if !announced.is_empty() {
        text.push_str("**Recent announcements**\n");
        for (topic, started) in announced {
            text.push_str(&format!(
                "- {} (since {})\n",
                escape_within(topic, 120),
                started.format("%Y-%m-%d %H:%M UTC")
            ));
        }
    }
    limit(&text, MAX_CONTENT_CHARS)
}

/// The reply to `/alerts pause` and `/alerts resume`.
pub fn alerts_paused(paused: bool, changed: u64) -> String {
    match (changed, paused) {
        (0, _) => "No alert channel matched: see `/alerts list`.".to_owned(),
        (n, true) => format!("Paused surge alerts in {n} channel{}.", plural(n as usize)),
        (n, false) => format!("Resumed surge alerts in {n} channel{}.", plural(n as usize)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::surge::Topic;
    use chrono::TimeZone as _;

    fn surge(kind: TopicKind, name: &str) -> Surge {
        Surge {
            topic: Topic {
                kind,
                name: name.to_owned(),
            },
            now: 42,
            usual: 5.4,
            score: 7.26,
            started: Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap(),
        }
    }

    #[test]
    fn an_announcement_gives_the_numbers_and_the_summary_hint() {
        let hour = Utc.with_ymd_and_hms(2026, 3, 2, 13, 0, 0).unwrap();
        let text = surge_announcement(&surge(TopicKind::Hashtag, "cardiology"), hour, &[]);
        assert!(text.contains("**Surge: \\#cardiology**"), "{text}");
        assert!(text.contains("**42** people"), "{text}");
        assert!(text.contains("13:00–14:00 UTC"), "{text}");
        assert!(text.contains("**5** usually"), "{text}");
        assert!(text.contains("score 7.3"), "{text}");
        assert!(text.contains("`/summary topic:#cardiology`"), "{text}");
    }

    #[test]
    fn relayed_names_cannot_ping_or_break_the_code_span() {
        let hour = Utc.with_ymd_and_hms(2026, 3, 2, 13, 0, 0).unwrap();
        let text = surge_announcement(&surge(TopicKind::Drug, "@everyone `x` <@123>"), hour, &[]);
        assert!(text.contains("\\@everyone \\`x\\` \\<\\@123\\>"), "{text}");
        assert!(!text.contains("<@123>"), "{text}");
        assert!(text.contains("`/summary topic:everyone x 123`"), "{text}");
    }
}
