//! Replies of the question log: the asker's acknowledgement, the anonymous post, stats and export.

use super::{escape_markdown, escape_within, quote, truncate, MAX_CONTENT_CHARS};
use crate::discord::questions::Posting;
use crate::domain::questions::stats::QuestionStats;
use crate::domain::questions::DeidentifiedQuestion;
use crate::domain::ConfigDuration;
use poise::serenity_prelude as serenity;

/// The acknowledgement `/ask` sends the asker: what was stored, exactly.
pub fn question_logged(question: &DeidentifiedQuestion, posting: Posting) -> String {
    let removed: u32 = question.redactions.values().sum();
    let mut text = String::from("Thanks: your question was logged without your name.");
    if removed > 0 {
        text.push_str(&format!(
            " {removed} identifying detail{} replaced before storing.",
            if removed == 1 { " was" } else { "s were" }
        ));
    }
    match posting {
        Posting::NoChannel => {}
        Posting::Posted(channel) => text.push_str(&format!(" It was posted in <#{channel}>.")),
        Posting::Failed(channel) => text.push_str(&format!(
            " It could not be posted in <#{channel}>; a moderator may need to check the bot's permissions there."
        )),
    }
    text.push_str("\nStored as:\n");
    let budget = MAX_CONTENT_CHARS - text.chars().count() - 4;
    text.push_str(&quote(&escape_within(&question.text, budget)));
    text
}

/// A question as posted to the questions channel: anonymous, de-identified, escaped.
pub fn question_embed(question: &DeidentifiedQuestion) -> serenity::CreateEmbed {
    let mut embed = serenity::CreateEmbed::new()
        .title("New question")
        .description(escape_within(&question.text, 4000))
        .footer(serenity::CreateEmbedFooter::new(
            "Asked anonymously with /ask; identifying details removed.",
        ));
    if let Some(topic) = &question.topic {
        embed = embed.field("Topic", escape_within(topic, 1000), true);
    }
    embed
}

pub fn question_stats_embed(
    stats: &QuestionStats,
    window: ConfigDuration,
) -> serenity::CreateEmbed {
    let mut embed = serenity::CreateEmbed::new()
        .title(format!("Questions in the last {window}"))
        .description(format!(
            "{} question{} from {} member{}.",
            stats.total,
            if stats.total == 1 { "" } else { "s" },
            stats.askers,
            if stats.askers == 1 { "" } else { "s" }
        ));
    if stats.total == 0 {
        return embed;
    }
    let peak = stats
        .by_day
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
        .max(1);
    let days: Vec<String> = stats
        .by_day
        .iter()
        .rev()
        .take(14)
        .rev()
        .map(|(day, n)| {
            format!(
                "`{}` {} {n}",
                day.format("%b %d"),
                "█".repeat((n * 10).div_ceil(peak))
            )
        })
        .collect();
    embed = embed.field("By day (last 14)", truncate(&days.join("\n"), 1024), false);
    let list = |items: Vec<String>| {
        if items.is_empty() {
            "none".to_owned()
        } else {
            truncate(&items.join("\n"), 1024)
        }
    };
    embed = embed.field(
        "Top topics",
        list(
            stats
                .top_topics
                .iter()
                .map(|(t, n)| format!("{} ({n})", escape_markdown(t)))
                .collect(),
        ),
        true,
    );
    embed.field(
        "Top drugs and diseases",
        list(
            stats
                .top_entities
                .iter()
                .map(|(kind, name, n)| format!("{} ({kind}, {n})", escape_markdown(name)))
                .collect(),
        ),
        true,
    )
}

/// `rows` of the `total` questions found fit in the upload.
pub fn export_ready(rows: usize, total: usize, window: ConfigDuration) -> String {
    let ready = format!(
        "{rows} question{} from the last {window}, de-identified and without askers.",
        if rows == 1 { "" } else { "s" }
    );
    if rows == total {
        return ready;
    }
    format!(
        "{ready} Only the oldest {rows} of {total} fit in Discord's upload limit for this server: \
         choose a shorter window, or ask the operator for `rounds export questions`."
    )
}

pub fn forgotten(deleted: u64, copies_deleted: usize, copies_failed: usize) -> String {
    let mut text = match deleted {
        0 => "You have no questions logged in this server, so there was nothing to delete."
            .to_owned(),
        1 => "Deleted the 1 question you asked in this server.".to_owned(),
        n => format!("Deleted the {n} questions you asked in this server."),
    };
    match copies_deleted {
        0 => {}
        1 => text.push_str(" Its copy in the questions channel was deleted too."),
        n => text.push_str(&format!(
            " {n} copies in the questions channel were deleted too."
        )),
    }
    if copies_failed > 0 {
        text.push_str(&format!(
            " {copies_failed} posted cop{} could not be deleted; a moderator can remove {} by hand.",
            if copies_failed == 1 { "y" } else { "ies" },
            if copies_failed == 1 { "it" } else { "them" },
        ));
    }
    text
}

/// The de-identified question shown to its asker before anything is stored.
pub fn question_preview(question: &DeidentifiedQuestion, timeout: std::time::Duration) -> String {
    let removed: u32 = question.redactions.values().sum();
    let mut text =
        String::from("This is your question as it would be stored and posted, without your name");
    if removed > 0 {
        text.push_str(&format!(
            " and with {removed} identifying detail{} replaced",
            if removed == 1 { "" } else { "s" }
        ));
    }
    text.push_str(&format!(
        ". Nothing is kept until you press **Post**; **Edit / cancel** (or waiting {}) discards it, and you can run /ask again with new wording.\n",
        wait_text(timeout)
    ));
    if let Some(topic) = &question.topic {
        text.push_str(&format!("Topic: {}\n", escape_within(topic, 100)));
    }
    let budget = MAX_CONTENT_CHARS.saturating_sub(text.chars().count() + 4);
    text.push_str(&quote(&escape_within(&question.text, budget)));
    text
}

pub fn ask_cancelled() -> String {
    "Cancelled: nothing was stored or posted. Run /ask again to reword your question.".to_owned()
}

pub fn ask_timed_out(timeout: std::time::Duration) -> String {
    format!(
        "No answer within {}: nothing was stored or posted. Run /ask again when you are ready.",
        wait_text(timeout)
    )
}

/// "5 minutes", "1 minute", "2 seconds".
fn wait_text(timeout: std::time::Duration) -> String {
    let secs = timeout.as_secs().max(1);
    let (n, unit) = if secs % 60 == 0 {
        (secs / 60, "minute")
    } else {
        (secs, "second")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}
