//! What journal clubs say: the opening post of the thread, the reminders, the recap, the list, and
//! every refusal. Paper metadata is relayed text, so all of it is escaped; the messages carry no
//! pings because every send sets `allowed_mentions` to nothing.

mod recap;

pub use recap::{journal_club_closed, recap_embed};

use super::{escape_markdown, escape_within, join_within, MAX_CONTENT_CHARS};
use crate::domain::papers::session::ReminderKind;
use crate::domain::papers::{prompts_for, EditorialNotice, Paper, PaperId, StudyType};
use crate::metadata::LookUpPaperError;
use crate::store::journal_clubs::JournalClub;
use chrono::{DateTime, Utc};
use poise::serenity_prelude as serenity;

/// How much of the abstract the opening post quotes.
const ABSTRACT_EXCERPT_CHARS: usize = 900;

/// `<t:…:F>`: Discord shows it in each reader's own time zone.
pub(super) fn when(time: DateTime<Utc>) -> String {
    format!("<t:{}:F>", time.timestamp())
}

fn relative(time: DateTime<Utc>) -> String {
    format!("<t:{}:R>", time.timestamp())
}

/// The text above the opening embeds: who started it and when it meets.
pub fn journal_club_intro(started_by: u64, starts_at: Option<DateTime<Utc>>) -> String {
    match starts_at {
        Some(start) => format!(
            "Journal club started by <@{started_by}>. We meet {} ({}); reminders will be posted here an hour before and at the start.",
            when(start),
            relative(start)
        ),
        None => format!(
            "Journal club started by <@{started_by}>. Read the paper, then share your appraisal here; `/journalclub close` posts a recap."
        ),
    }
}

/// The paper and its appraisal prompts, as the thread's first message shows them.
pub fn journal_club_opening(paper: &Paper, study: StudyType) -> Vec<serenity::CreateEmbed> {
    let title = if paper.title.is_empty() {
        paper
            .best_id()
            .unwrap_or_else(|| "Untitled paper".to_owned())
    } else {
        paper.title.clone()
    };
    let mut lines = Vec::new();
    let authors = paper.authors_line();
    if !authors.is_empty() {
        lines.push(escape_within(&authors, 300));
    }
    let source: Vec<String> = [
        paper
            .journal
            .as_deref()
            .map(|j| format!("*{}*", escape_within(j, 200))),
        paper.year.map(|y| y.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !source.is_empty() {
        lines.push(source.join(" · "));
    }
    let links = paper_links(paper);
    if !links.is_empty() {
        lines.push(links.join(" · "));
    }
    if paper.is_preprint() {
        lines.push("**Preprint**: not yet peer reviewed.".to_owned());
    }
    if let Some(text) = &paper.abstract_text {
        let excerpt = crate::domain::papers::jats::excerpt(text, ABSTRACT_EXCERPT_CHARS);
        lines.push(format!(
            "\n**Abstract** (excerpt)\n{}",
            escape_markdown(&excerpt)
        ));
    }
    let mut about = serenity::CreateEmbed::new()
        .title(escape_within(&title, 256))
        .description(lines.join("\n"))
        .field("Study type", study.label(), true);
    if let Some(url) = primary_link(paper) {
        about = about.url(url);
    }
    let mut appraisal = serenity::CreateEmbed::new()
        .title("Appraisal prompts")
        .footer(serenity::CreateEmbedFooter::new(
            "Metadata from Crossref and PubMed, shown unreviewed. Discussion here is no substitute for clinical judgment.",
        ));
    for section in prompts_for(study) {
        let items: Vec<String> = section.prompts.iter().map(|p| format!("• {p}")).collect();
        appraisal = appraisal.field(section.title, items.join("\n"), false);
    }
    vec![about, appraisal]
}

/// `[DOI](…) · [PubMed](…) · [PMC](…)`, for whichever identifiers are known.
fn paper_links(paper: &Paper) -> Vec<String> {
    let mut links = Vec::new();
    if let Some(doi) = &paper.doi {
        links.push(format!(
            "[DOI {}]({})",
            escape_within(doi.as_str(), 200),
            doi.url()
        ));
    }
    if let Some(pmid) = paper.pmid {
        links.push(format!("[PMID {pmid}]({})", pmid.url()));
    }
    if let Some(pmcid) = paper.pmcid {
        links.push(format!("[{pmcid}]({})", pmcid.url()));
    }
    links
}

fn primary_link(paper: &Paper) -> Option<String> {
    paper
        .doi
        .as_ref()
        .map(crate::domain::papers::identifier::Doi::url)
        .or_else(|| paper.pmid.map(crate::domain::papers::identifier::Pmid::url))
        .or_else(|| {
            paper
                .pmcid
                .map(crate::domain::papers::identifier::Pmcid::url)
        })
}

/// The starter's ephemeral confirmation.
pub fn journal_club_opened(
    thread_id: u64,
    starts_at: Option<DateTime<Utc>>,
    reminders: usize,
) -> String {
    let mut text = format!("Journal club opened in <#{thread_id}>.");
    match (starts_at, reminders) {
        (Some(start), 0) => text.push_str(&format!(" It meets {}.", when(start))),
        (Some(start), 1) => text.push_str(&format!(
            " It meets {}; that is under an hour away, so only the at-start reminder will be posted.",
            when(start)
        )),
        (Some(start), _) => text.push_str(&format!(
            " It meets {}; reminders will be posted an hour before and at the start.",
            when(start)
        )),
        (None, _) => text.push_str(" It has no set time, so no reminders will be posted."),
    }
    text.push_str(" You or a moderator can end it with `/journalclub close` in the thread.");
    text
}

/// A reminder posted in the thread.
pub fn reminder_message(kind: ReminderKind, title: &str, starts_at: DateTime<Utc>) -> String {
    let title = escape_within(title, 300);
    match kind {
        ReminderKind::HourBefore => format!(
            "⏰ Reminder: the journal club on **{title}** starts {} ({}).",
            when(starts_at),
            relative(starts_at)
        ),
        ReminderKind::AtStart => format!(
            "📣 The journal club on **{title}** starts now. Work through the appraisal prompts above and share your take."
        ),
    }
}

/// Why the paper could not be looked up, for the member who asked.
pub fn paper_lookup_failed(id: &PaperId, error: &LookUpPaperError) -> String {
    let id = escape_markdown(&id.to_string());
    match error {
        LookUpPaperError::NotFound { service, .. } => format!(
            "{service} has no record of {id}. Check the identifier (a DOI looks like 10.1056/NEJMoa2034577) and try again. No thread was created."
        ),
        LookUpPaperError::Busy { service } => format!(
            "Many papers are being looked up in {service} right now. Please try again in a minute. No thread was created."
        ),
        LookUpPaperError::RateLimited { service, .. } => format!(
            "{service} is limiting how fast the bot may ask right now. Please try again in a minute. No thread was created."
        ),
        LookUpPaperError::Unavailable { service, .. } | LookUpPaperError::Malformed { service, .. } => format!(
            "{service} could not be reached or gave an unusable answer for {id}. Please try again later. No thread was created."
        ),
        LookUpPaperError::Cache(_) => {
            "The bot could not read its paper cache. The operator can find the details in its logs. No thread was created."
                .to_owned()
        }
    }
}

/// Why a paper with an editorial notice gets no journal club.
pub fn paper_has_notice(paper: &Paper, notice: EditorialNotice) -> String {
    let title = escape_within(&paper.title, 300);
    let what = match notice {
        EditorialNotice::RetractionNotice => "is a retraction notice, not a paper".to_owned(),
        EditorialNotice::WithdrawalNotice => "is a withdrawal notice, not a paper".to_owned(),
        EditorialNotice::Retracted => "has been retracted".to_owned(),
        EditorialNotice::Withdrawn => "has been withdrawn".to_owned(),
    };
    format!(
        "**{title}** {what}, so no journal club was opened. If you mean to discuss the retraction itself, start the thread yourself."
    )
}

pub fn journal_club_needs_a_channel() -> String {
    "A journal club thread opens in a text, announcement or forum channel. Run the command there, or pick one with the `channel` option. Nothing was created.".to_owned()
}

pub fn journal_club_limit_reached(limit: i64) -> String {
    format!("This server already has {limit} open journal clubs, the most it can. Close one with `/journalclub close` first. Nothing was created.")
}

/// Discord refused to create the thread or its first message.
pub fn thread_not_created(channel_id: u64, permission_problem: bool) -> String {
    if permission_problem {
        format!("I can't open a thread in <#{channel_id}>: I need the View Channel, Send Messages, Create Public Threads and Send Messages in Threads permissions there. Nothing was created.")
    } else {
        format!("Discord did not let me open a thread in <#{channel_id}> just now. Please try again in a moment. Nothing was created.")
    }
}

/// The member may not post or open threads where they asked for the journal club.
pub fn member_cannot_post_there(channel_id: u64, missing: &[&str]) -> String {
    format!(
        "You can't start a journal club in <#{channel_id}>: you need {} there yourself. Pick a channel where you can post, or ask a moderator. Nothing was created.",
        missing.join(", ")
    )
}

/// The bot lacks what opening the thread needs, as Discord reported for this channel.
pub fn bot_cannot_post_there(channel_id: u64, missing: &[&str]) -> String {
    format!(
        "I can't open a thread in <#{channel_id}>: I need {} there. A moderator can grant it in the channel's settings. Nothing was created.",
        missing.join(", ")
    )
}

pub fn not_a_journal_club_thread() -> String {
    "This is not a journal club thread. Use `/journalclub close` inside the thread of the journal club you want to close.".to_owned()
}

pub fn journal_club_already_closed(closed_at: DateTime<Utc>) -> String {
    format!("This journal club was already closed {}.", when(closed_at))
}

pub fn only_starter_or_moderator_closes(started_by: u64) -> String {
    format!("Only <@{started_by}>, who started this journal club, or a moderator (Manage Threads or Manage Server) can close it.")
}

pub fn thread_unreadable() -> String {
    "I couldn't read this thread's messages, so it stays open. Check that I have Read Message History here and try again.".to_owned()
}

pub fn recap_not_posted() -> String {
    "I couldn't post the recap in this thread, so the journal club stays open. Please try again in a moment.".to_owned()
}

/// `/journalclub list`: open sessions (upcoming first), then recently closed ones.
pub fn journal_club_list(sessions: &[JournalClub], now: DateTime<Utc>) -> String {
    if sessions.is_empty() {
        return "No journal clubs in this server yet, or none closed in the last 30 days. Start one with `/journalclub start`.".to_owned();
    }
    let line = |club: &JournalClub| {
        let title = escape_within(&club.title, 90);
        let status = match (club.closed_at, club.starts_at) {
            (Some(closed), _) => format!(
                "closed {}{}",
                relative(closed),
                match (club.participant_count, club.message_count) {
                    (Some(p), Some(m)) => format!(", {p} taking part, {m} messages"),
                    _ => String::new(),
                }
            ),
            (None, Some(start)) if start > now => format!("meets {}", when(start)),
            (None, Some(start)) => format!("open, met {}", relative(start)),
            (None, None) => "open, no set time".to_owned(),
        };
        format!("• <#{}> **{title}**: {status}", club.thread_id)
    };
    let (open, closed): (Vec<&JournalClub>, Vec<&JournalClub>) =
        sessions.iter().partition(|c| c.closed_at.is_none());
    let mut sections = Vec::new();
    if !open.is_empty() {
        sections.push(("**Upcoming and open**", open));
    }
    if !closed.is_empty() {
        sections.push(("**Closed in the last 30 days**", closed));
    }
    let mut text = String::new();
    for (heading, clubs) in sections {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(heading);
        text.push('\n');
        let items: Vec<String> = clubs.into_iter().map(line).collect();
        let budget = (MAX_CONTENT_CHARS - 60).saturating_sub(text.chars().count()) / 2;
        text.push_str(&join_within(&items, "\n", budget.max(40)));
    }
    text
}

#[cfg(test)]
mod tests;
