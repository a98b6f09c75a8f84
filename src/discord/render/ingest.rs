//! Replies about feeds and sources.

use super::{escape_markdown, join_within, MAX_CONTENT_CHARS};
use crate::store::feeds::FollowOutcome;
use crate::store::refresh::RefreshRun;
use crate::store::sources::SourceStatus;
use chrono::{DateTime, Utc};

/// A URL shown as text: in angle brackets so Discord shows no preview, escaped so it cannot format.
fn url(text: &str) -> String {
    format!("<{}>", text.replace(['<', '>', '`'], ""))
}

pub fn feed_followed(feed: &str, outcome: FollowOutcome) -> String {
    match outcome {
        FollowOutcome::Added => format!(
            "Now following {}. New items will appear in this server's digests.",
            url(feed)
        ),
        FollowOutcome::AlreadyFollowed => format!("{} is already followed here.", url(feed)),
    }
}

pub fn feed_unfollowed(feed: &str, was_followed: bool) -> String {
    if was_followed {
        format!("Stopped following {}.", url(feed))
    } else {
        format!("{} is not followed here, so nothing changed.", url(feed))
    }
}

pub fn feed_list(feeds: &[String]) -> String {
    if feeds.is_empty() {
        return "This server follows no feeds yet. Add one with `/feeds add`.".to_owned();
    }
    let heading = format!(
        "This server follows {} feed{}:\n",
        feeds.len(),
        if feeds.len() == 1 { "" } else { "s" }
    );
    let items: Vec<String> = feeds.iter().map(|f| url(f)).collect();
    heading.clone() + &join_within(&items, "\n", MAX_CONTENT_CHARS - heading.chars().count())
}

/// `/sources status`: this guild's feeds in detail (`own`, and those not polled yet), then the
/// sources shared by the installation as ok or failing with a time only.
pub fn source_statuses(
    own: &[(String, SourceStatus)],
    unpolled: &[String],
    shared: &[SourceStatus],
    now: DateTime<Utc>,
) -> String {
    if own.is_empty() && unpolled.is_empty() && shared.is_empty() {
        return "No source has been polled yet. Sources start polling once a hashtag is tracked (`/track add`) or a feed followed (`/feeds add`).".to_owned();
    }
    let mut lines = Vec::new();
    if !own.is_empty() || !unpolled.is_empty() {
        lines.push("**This server's feeds**".to_owned());
        lines.extend(
            own.iter()
                .map(|(feed, status)| format!("{}: {}", url(feed), detail(status, now))),
        );
        lines.extend(
            unpolled
                .iter()
                .map(|feed| format!("{}: not polled yet", url(feed))),
        );
    }
    if !shared.is_empty() {
        lines.push("**Sources shared by every server**".to_owned());
        lines.extend(
            shared
                .iter()
                .map(|s| format!("**{}**: {}", escape_markdown(&s.source), health(s, now))),
        );
    }
    join_within(&lines, "\n", MAX_CONTENT_CHARS)
}

/// Ok or failing, and since when: no error text, which could name what another guild follows.
fn health(s: &SourceStatus, now: DateTime<Utc>) -> String {
    match (s.last_success_at, s.last_error_at) {
        (Some(ok), Some(failed)) if failed > ok => format!(
            "failing, last error {} ago (last success {} ago)",
            ago(failed, now),
            ago(ok, now)
        ),
        (None, Some(failed)) => format!(
            "failing, last error {} ago; no success yet",
            ago(failed, now)
        ),
        (Some(ok), _) => format!("ok, last success {} ago", ago(ok, now)),
        (None, None) => "not polled yet".to_owned(),
    }
}

/// Everything known about one of the guild's own feeds.
fn detail(s: &SourceStatus, now: DateTime<Utc>) -> String {
    let mut line = String::new();
    match s.last_success_at {
        Some(at) => line.push_str(&format!(
            "last success {} ago ({} new)",
            ago(at, now),
            s.last_inserted
        )),
        None => line.push_str("no success yet"),
    }
    if let (Some(at), Some(error)) = (s.last_error_at, &s.last_error) {
        if s.last_success_at.is_none_or(|ok| at > ok) {
            line.push_str(&format!(
                "; last error {} ago: {}",
                ago(at, now),
                escape_markdown(&error.chars().take(150).collect::<String>())
            ));
        }
    }
    if let Some(interval) = s.effective_interval {
        line.push_str(&format!("; polling every {}", duration(interval.as_secs())));
    }
    line
}

fn ago(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    duration((now - then).num_seconds().max(0) as u64)
}

fn duration(seconds: u64) -> String {
    match seconds {
        s if s < 120 => format!("{s}s"),
        s if s < 7200 => format!("{}m", s / 60),
        s if s < 172_800 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    }
}

/// The refresh stage's last pass per service, for `/sources status`; `None` when none ran yet.
pub fn refresh_runs(runs: &[RefreshRun], now: DateTime<Utc>) -> Option<String> {
    if runs.is_empty() {
        return None;
    }
    let mut lines = vec!["**Refresh** (counts and deletions of recent posts):".to_owned()];
    lines.extend(runs.iter().map(|run| {
        let mut line = format!("**{}**: ", escape_markdown(&run.service));
        if let Some(at) = run.last_run_at {
            line.push_str(&format!(
                "last pass {} ago: {} posts refreshed, {} deleted upstream",
                ago(at, now),
                run.refreshed,
                run.deleted
            ));
        }
        if run.profiles > 0 {
            line.push_str(&format!(", {} profiles", run.profiles));
        }
        match &run.last_error {
            Some(error) => line.push_str(&format!(
                "; failing: {}",
                escape_markdown(&error.chars().take(150).collect::<String>())
            )),
            None => line.push_str("; ok"),
        }
        line
    }));
    Some(join_within(&lines, "\n", MAX_CONTENT_CHARS / 2))
}
