//! Every word the bot says in Discord, built from domain values. The only place that formats replies,
//! so escaping and Discord's length limits are handled once.

pub mod alerts;
pub mod digest;
mod digest_channels;
pub mod embed;
mod exclusions;
mod ingest;
mod journal_club;
mod limits;
mod questions;
pub mod summary;
mod throttle;

pub use digest_channels::{digest_edited, digest_list, digest_not_set_up, digest_set_up};
pub use exclusions::{author_excluded, author_included, exclude_or_include};
pub use ingest::{feed_followed, feed_list, feed_unfollowed, refresh_runs, source_statuses};
pub use journal_club::{
    bot_cannot_post_there, journal_club_already_closed, journal_club_closed, journal_club_intro,
    journal_club_limit_reached, journal_club_list, journal_club_needs_a_channel,
    journal_club_opened, journal_club_opening, member_cannot_post_there, not_a_journal_club_thread,
    only_starter_or_moderator_closes, paper_has_notice, paper_lookup_failed, recap_embed,
    recap_not_posted, reminder_message, thread_not_created, thread_unreadable,
};
pub use limits::{
    alert_channel_limit_reached, digest_channel_limit_reached, feed_limit_reached,
    hashtag_limit_reached,
};
pub use questions::{
    ask_cancelled, ask_timed_out, export_ready, forgotten, question_embed, question_logged,
    question_preview, question_stats_embed,
};
pub use throttle::{journal_clubs_per_member_reached, throttled};

use crate::domain::Hashtag;
use crate::store::digest_channels::DigestChannel;
use crate::store::hashtags::{TrackOutcome, TrackedHashtag};

/// Discord's limit on a message's `content`, in characters.
pub const MAX_CONTENT_CHARS: usize = 2000;

/// Escapes Discord markdown so text shows as written and cannot open a link, a mention or a heading.
pub fn escape_markdown(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*'
                | '_'
                | '~'
                | '`'
                | '|'
                | '>'
                | '<'
                | '['
                | ']'
                | '('
                | ')'
                | '#'
                | '@'
                | '-'
                | ':'
        ) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

fn tag(tag: &Hashtag) -> String {
    format!("**{}**", escape_markdown(&tag.to_string()))
}

pub fn tracked(hashtag: &Hashtag, outcome: TrackOutcome) -> String {
    match outcome {
        TrackOutcome::Added => format!(
            "Now tracking {}. Posts with it will be collected for this server's digests and summaries.",
            tag(hashtag)
        ),
        TrackOutcome::AlreadyTracked => format!("{} is already tracked here.", tag(hashtag)),
    }
}

pub fn untracked(hashtag: &Hashtag, was_tracked: bool) -> String {
    if was_tracked {
        format!("Stopped tracking {}.", tag(hashtag))
    } else {
        format!("{} is not tracked here, so nothing changed.", tag(hashtag))
    }
}

pub fn tracked_list(tags: &[TrackedHashtag]) -> String {
    if tags.is_empty() {
        return "This server tracks no hashtags yet. Add one with `/track add`.".to_owned();
    }
    let noun = if tags.len() == 1 {
        "hashtag"
    } else {
        "hashtags"
    };
    let heading = format!("This server tracks {} {noun}:\n", tags.len());
    let items: Vec<String> = tags
        .iter()
        .map(|t| escape_markdown(&t.tag.to_string()))
        .collect();
    heading.clone() + &join_within(&items, ", ", MAX_CONTENT_CHARS - heading.chars().count())
}

pub fn invalid_input(what: &str, reason: &impl std::fmt::Display) -> String {
    format!(
        "That {what} can't be used: {}. Nothing was changed.",
        escape_markdown(&reason.to_string())
    )
}

pub fn digest_posted_now(targets: &[u64], failed: &[u64]) -> String {
    let channels = |ids: &[u64]| {
        ids.iter()
            .map(|id| format!("<#{id}>"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let posted: Vec<u64> = targets
        .iter()
        .copied()
        .filter(|t| !failed.contains(t))
        .collect();
    let mut text = String::new();
    if !posted.is_empty() {
        text.push_str(&format!(
            "Posted a digest of the last window in {}. The schedule is unchanged.",
            channels(&posted)
        ));
    }
    if !failed.is_empty() {
        text.push_str(&format!(
            "{}Could not post in {}: check that the bot can send messages and embeds there.",
            if text.is_empty() { "" } else { " " },
            channels(failed)
        ));
    }
    text
}

pub fn digest_paused(paused: bool, changed: u64) -> String {
    match (paused, changed) {
        (true, 0) => "Nothing to pause: the digest is already paused, or not set up.".to_owned(),
        (true, n) => format!(
            "Paused the digest in {n} channel{}. `/digest resume` starts it again.",
            if n == 1 { "" } else { "s" }
        ),
        (false, 0) => "Nothing to resume: the digest is not paused.".to_owned(),
        (false, n) => format!(
            "Resumed the digest in {n} channel{}.",
            if n == 1 { "" } else { "s" }
        ),
    }
}

/// What `/settings` shows: the guild's whole configuration at a glance.
pub fn settings_overview(
    tags: &[TrackedHashtag],
    digests: &[DigestChannel],
    feed_count: u64,
    questions_channel: Option<u64>,
) -> String {
    let mut lines = vec!["**Rounds settings for this server**".to_owned()];
    let tag_names: Vec<String> = tags
        .iter()
        .map(|t| escape_markdown(&t.tag.to_string()))
        .collect();
    lines.push(if tags.is_empty() {
        "Hashtags: none yet (`/track add`)".to_owned()
    } else {
        format!(
            "Hashtags ({}): {}",
            tags.len(),
            join_within(&tag_names, ", ", 900)
        )
    });
    if digests.is_empty() {
        lines.push("Digest: not set up (`/digest setup`)".to_owned());
    }
    for d in digests {
        lines.push(format!(
            "Digest: <#{}> at {} ({}), {}, window {}{}",
            d.channel_id,
            d.time,
            escape_markdown(d.timezone.name()),
            d.weekdays,
            d.window,
            if d.paused { ", paused" } else { "" }
        ));
    }
    lines.push(format!("Feeds: {feed_count}"));
    lines.push(match questions_channel {
        Some(id) => format!("Questions channel: <#{id}>"),
        None => "Questions channel: none".to_owned(),
    });
    lines.join("\n")
}

/// Shows text as a block quote, line by line.
pub(super) fn quote(text: &str) -> String {
    text.lines()
        .map(|line| format!("> {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Escapes text (see `escape_markdown`) and cuts it to at most `max` characters, never inside an
/// escape, marking the cut with an ellipsis.
pub(super) fn escape_within(text: &str, max: usize) -> String {
    let escaped = escape_markdown(text);
    if escaped.chars().count() <= max {
        return escaped;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let piece = escape_markdown(c.encode_utf8(&mut [0; 4]));
        let len = piece.chars().count();
        if used + len + 1 > max {
            break;
        }
        out.push_str(&piece);
        used += len;
    }
    out.push('…');
    out
}

/// Cuts text to at most `max` characters, marking the cut.
pub(super) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

pub fn moderators_only(command: &str) -> String {
    format!(
        "Only members with the Manage Server permission can use `/{}`.",
        command.replace('`', "")
    )
}

pub fn guild_only() -> String {
    "Rounds' commands work inside a server, not in direct messages.".to_owned()
}

pub fn internal_error() -> String {
    "Sorry, something went wrong on our side and nothing was changed. The bot's operator can find the details in its logs.".to_owned()
}

/// Joins items with `separator`, ending with "… and N more" rather than exceed `budget` characters.
pub(super) fn join_within(items: &[String], separator: &str, budget: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for (index, item) in items.iter().enumerate() {
        let piece = if index == 0 {
            item.clone()
        } else {
            format!("{separator}{item}")
        };
        let left_after = items.len() - index - 1;
        let reserve = if left_after == 0 {
            0
        } else {
            separator.chars().count() + more(left_after).chars().count()
        };
        let piece_len = piece.chars().count();
        if used + piece_len + reserve > budget {
            if index > 0 {
                out.push_str(separator);
            }
            out.push_str(&more(items.len() - index));
            return out;
        }
        out.push_str(&piece);
        used += piece_len;
    }
    out
}

fn more(count: usize) -> String {
    format!("… and {count} more")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn markdown_and_mentions_are_neutralised() {
        assert_eq!(escape_markdown("#med_ed"), "\\#med\\_ed");
        assert_eq!(escape_markdown("@everyone"), "\\@everyone");
        assert_eq!(escape_markdown("[x](http://a)"), "\\[x\\]\\(http\\://a\\)");
        assert_eq!(escape_markdown("<@123>"), "\\<\\@123\\>");
    }

    #[test]
    fn a_long_tag_list_fits_one_message() {
        let tags: Vec<TrackedHashtag> = (0..100)
            .map(|i| TrackedHashtag {
                tag: Hashtag::parse(&format!("{}{i}", "x".repeat(90))).unwrap(),
                added_by: None,
                added_at: Utc::now(),
            })
            .collect();
        let text = tracked_list(&tags);
        assert!(text.chars().count() <= MAX_CONTENT_CHARS, "{}", text.len());
        assert!(text.starts_with("This server tracks 100 hashtags:"));
        assert!(text.contains("more"), "{text}");
    }

    #[test]
    fn escaped_text_is_cut_without_breaking_an_escape() {
        assert_eq!(escape_within("a_b", 10), "a\\_b");
        let cut = escape_within(&"_".repeat(100), 10);
        assert_eq!(cut, format!("{}…", "\\_".repeat(4)));
        assert!(cut.chars().count() <= 10);
    }

    #[test]
    fn short_lists_are_shown_whole() {
        let items: Vec<String> = ["a", "b", "c"].iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(join_within(&items, ", ", 100), "a, b, c");
        assert_eq!(join_within(&items, ", ", 16), "a, … and 2 more");
        assert_eq!(join_within(&items, ", ", 12), "… and 3 more");
    }
}
