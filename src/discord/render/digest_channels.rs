//! What `/digest setup|edit|list` say about a channel's digest: where, when, on which days, over
//! which window, under which hashtags and about which topics, and when it next goes out.

use super::escape_markdown;
use crate::store::digest_channels::{DigestChannel, SetupOutcome};
use chrono::{DateTime, Utc};

/// One channel's settings as a sentence: "in #x at 08:00 (Europe/London), Mon–Fri, covering
/// since the last digest (at most 7 days), under #A #B, about X or Y".
fn describe(channel: &DigestChannel) -> String {
    let window = match channel.window {
        crate::domain::DigestWindow::SinceLast => {
            "covering everything since the last digest (at most 7 days)".to_owned()
        }
        crate::domain::DigestWindow::Fixed(span) => format!("covering the last {span}"),
    };
    let hashtags = if channel.filter.hashtags.is_empty() {
        "under every hashtag this server tracks".to_owned()
    } else {
        let tags: Vec<String> = channel
            .filter
            .hashtags
            .iter()
            .map(|t| escape_markdown(&t.to_string()))
            .collect();
        format!("under {}", tags.join(" "))
    };
    let mut text = format!(
        "<#{}> at {} ({}), {}, {window}, {hashtags}",
        channel.channel_id,
        channel.time,
        escape_markdown(channel.timezone.name()),
        days(channel),
    );
    if !channel.filter.topics.is_empty() {
        let topics: Vec<String> = channel
            .filter
            .topics
            .iter()
            .map(|t| format!("“{}”", escape_markdown(t.text())))
            .collect();
        text.push_str(&format!(", only posts mentioning {}", topics.join(" or ")));
    }
    text
}

fn days(channel: &DigestChannel) -> String {
    let days = channel.weekdays.to_string();
    if days == "daily" {
        "every day".to_owned()
    } else {
        format!("on {days}")
    }
}

/// When the channel's next digest goes out, in its own zone and as a Discord timestamp (which each
/// reader sees in their own time).
fn next_run(channel: &DigestChannel, now: DateTime<Utc>) -> String {
    if channel.paused {
        return "paused: `/digest resume` starts it again".to_owned();
    }
    match channel.schedule().next_slot_after(now) {
        Some(next) => format!(
            "next {} {} (<t:{}:R>)",
            next.with_timezone(&channel.timezone.as_tz())
                .format("%a %-d %b %H:%M"),
            escape_markdown(channel.timezone.name()),
            next.timestamp()
        ),
        None => "no next run found".to_owned(),
    }
}

/// The reply to `/digest setup`.
pub fn digest_set_up(channel: &DigestChannel, outcome: SetupOutcome, now: DateTime<Utc>) -> String {
    let verb = match outcome {
        SetupOutcome::Created => "will be posted",
        SetupOutcome::Updated => "will now be posted",
    };
    format!(
        "The digest {verb} in {}. {}.",
        describe(channel),
        capitalised(&next_run(channel, now))
    )
}

/// The reply to `/digest edit`.
pub fn digest_edited(channel: &DigestChannel, now: DateTime<Utc>) -> String {
    format!(
        "Changed. The digest is posted in {}. {}.",
        describe(channel),
        capitalised(&next_run(channel, now))
    )
}

/// The reply to `/digest edit` for a channel without a digest.
pub fn digest_not_set_up(channel_id: u64) -> String {
    format!("<#{channel_id}> has no digest to edit: set one up with `/digest setup`. Nothing was changed.")
}

/// The reply to `/digest list`.
pub fn digest_list(channels: &[DigestChannel], now: DateTime<Utc>) -> String {
    if channels.is_empty() {
        return "This server has no digest channel yet: `/digest setup` chooses one.".to_owned();
    }
    let mut lines = vec![format!("**Digest channels ({})**", channels.len())];
    for channel in channels {
        lines.push(format!(
            "• {}; {}.",
            describe(channel),
            next_run(channel, now)
        ));
    }
    super::embed::limit(&lines.join("\n"), super::MAX_CONTENT_CHARS)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::digest::channel::{select_hashtags, ChannelFilter, DigestTopic};
    use crate::domain::entities::Tagger;
    use crate::domain::{DigestTime, DigestWindow, Hashtag, TimeZone, Weekdays};

    fn channel() -> DigestChannel {
        let tracked = vec![Hashtag::parse("CardioTwitter").unwrap()];
        DigestChannel {
            channel_id: 42,
            time: DigestTime::parse("08:00").unwrap(),
            timezone: TimeZone::parse("Europe/London").unwrap(),
            weekdays: Weekdays::parse("mon").unwrap(),
            window: DigestWindow::SinceLast,
            filter: ChannelFilter {
                hashtags: select_hashtags("cardiotwitter", &tracked).unwrap(),
                topics: DigestTopic::parse_list("heart failure", Tagger::bundled()).unwrap(),
            },
            paused: false,
            set_up_at: Utc::now(),
        }
    }

    #[test]
    fn the_list_shows_every_setting_and_the_next_run() {
        let now = DateTime::parse_from_rfc3339("2026-12-02T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let text = digest_list(&[channel()], now);
        for expected in [
            "<#42> at 08:00 (Europe/London), on Mon",
            "since the last digest (at most 7 days)",
            "under \\#CardioTwitter",
            "only posts mentioning “heart failure”",
            "next Mon 7 Dec 08:00",
        ] {
            assert!(text.contains(expected), "{expected}: {text}");
        }
        let mut paused = channel();
        paused.paused = true;
        assert!(digest_list(&[paused], now).contains("paused"));
        assert!(digest_list(&[], now).contains("no digest channel yet"));
    }
}
