//! The reminder task: posts journal club reminders in their threads when they come due. It sleeps
//! until the next reminder (at most a minute, and less when woken by a new session), claims what is
//! due in the ledger, sends, and settles. The ledger (`store::journal_clubs`) makes each reminder
//! go out at most once across crashes and restarts; what is due is decided against the clock
//! passed in at each step, not read deep inside.

use super::pacer::Pacer;
use super::render;
use crate::store::journal_clubs::DueReminder;
use crate::store::Store;
use chrono::Utc;
use poise::serenity_prelude as serenity;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// The longest the task sleeps without looking: a reminder stored by another process (the CLI, a
/// second bot run) is then at most this late.
const MAX_SLEEP: Duration = Duration::from_secs(60);
/// The shortest sleep, so a clock that disagrees with the stored times cannot make it spin.
const MIN_SLEEP: Duration = Duration::from_millis(250);
/// Reminders claimed per round; more are picked up right after.
const BATCH: i64 = 20;
/// How long a reminder Discord failed to take (429, 5xx, no answer) is retried: well inside the
/// nonce window (`NONCE_WINDOW`), so a retry of a post that did get through is dropped by Discord.
const RETRY_FOR: Duration = Duration::from_secs(60);
const FIRST_RETRY: Duration = Duration::from_millis(500);
const MAX_RETRY: Duration = Duration::from_secs(10);

/// Runs until aborted.
pub async fn send_reminders(
    http: Arc<serenity::Http>,
    store: Store,
    wake: Arc<Notify>,
    pacer: Arc<Pacer>,
) {
    match store.recover_interrupted_reminders(Utc::now()).await {
        Ok(found) if found.retried + found.abandoned > 0 => tracing::warn!(
            retried = found.retried,
            abandoned = found.abandoned,
            "found journal club reminders a previous run left mid-send"
        ),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "failed to recover interrupted reminders"),
    }
    loop {
        let claimed = match store.claim_due_reminders(Utc::now(), BATCH).await {
            Ok(due) => due,
            Err(e) => {
                tracing::error!(error = %e, "failed to claim due reminders; retrying in a minute");
                Vec::new()
            }
        };
        let full_batch = claimed.len() as i64 == BATCH;
        for reminder in claimed {
            pacer.wait().await;
            send_one(&http, &store, reminder).await;
        }
        if full_batch {
            continue;
        }
        // Tests wait for these lines to know a round is over before asserting nothing more came.
        let sleep = match store.next_reminder_due().await {
            Ok(Some(due)) => {
                tracing::debug!(%due, "journal club reminders checked; the next is due later");
                (due - Utc::now()).to_std().unwrap_or(Duration::ZERO)
            }
            Ok(None) => {
                tracing::debug!("journal club reminders checked; none pending");
                MAX_SLEEP
            }
            Err(e) => {
                tracing::warn!(error = %e, "failed to read the next reminder time");
                MAX_SLEEP
            }
        };
        tokio::select! {
            () = tokio::time::sleep(sleep.clamp(MIN_SLEEP, MAX_SLEEP)) => {}
            () = wake.notified() => {}
        }
    }
}

/// Sends one claimed reminder and settles it. A rate limit, a Discord server error or a lost
/// connection is retried for a while: every attempt carries the same nonce, so Discord drops a
/// repeat of one that did get through. Any other refusal is recorded and not retried.
#[tracing::instrument(skip_all, fields(guild = %reminder.guild, thread = reminder.thread_id, kind = %reminder.kind))]
async fn send_one(http: &serenity::Http, store: &Store, reminder: DueReminder) {
    let message = serenity::CreateMessage::new()
        .content(render::reminder_message(
            reminder.kind,
            &reminder.title,
            reminder.starts_at,
        ))
        .allowed_mentions(serenity::CreateAllowedMentions::new())
        .nonce(serenity::Nonce::String(reminder.nonce()))
        .enforce_nonce(true);
    let thread = serenity::ChannelId::new(reminder.thread_id);
    let give_up_at = tokio::time::Instant::now() + RETRY_FOR;
    let mut backoff = FIRST_RETRY;
    let outcome = loop {
        match thread.send_message(http, message.clone()).await {
            Err(e) if is_transient(&e) && tokio::time::Instant::now() + backoff < give_up_at => {
                tracing::warn!(error = %e, retry_in_ms = backoff.as_millis() as u64, "Discord did not take a journal club reminder; retrying");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_RETRY);
            }
            other => break other,
        }
    };
    let settled = match outcome {
        Ok(sent) => {
            tracing::info!("journal club reminder posted");
            store
                .mark_reminder_sent(reminder.reminder_id, sent.id.get(), Utc::now())
                .await
        }
        Err(e) => {
            tracing::warn!(error = %e, "failed to post a journal club reminder; not retried");
            store
                .mark_reminder_failed(reminder.reminder_id, &e.to_string(), Utc::now())
                .await
        }
    };
    if let Err(e) = settled {
        // The claim stays; start-up recovery decides what happens to it.
        tracing::error!(error = %e, "failed to record a reminder's outcome");
    }
}

/// Failures another attempt may get past: a rate limit, a Discord server error, or no answer.
pub(super) fn is_transient(error: &serenity::Error) -> bool {
    match error {
        serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(response)) => {
            response.status_code.as_u16() == 429 || response.status_code.is_server_error()
        }
        serenity::Error::Http(serenity::HttpError::Request(_)) => true,
        _ => false,
    }
}
