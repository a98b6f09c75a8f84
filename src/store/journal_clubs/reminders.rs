//! The reminder ledger. A reminder is claimed (committed as 'sending') before its message is
//! POSTed and settled after; the message carries a nonce derived from the reminder's id, which
//! Discord de-duplicates for a few minutes. So after a crash between claim and settle, the reminder
//! is retried only while that nonce still protects it, and abandoned otherwise: at most once, always.

use super::super::{from_db_time, to_db_time, Store};
use crate::domain::papers::session::{ReminderDecision, ReminderKind};
use crate::domain::GuildId;
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Duration, Utc};

/// How long after a claim a retry is still covered by Discord's nonce de-duplication ("the past few
/// minutes" in Discord's words; kept well inside that).
pub const NONCE_WINDOW: Duration = Duration::minutes(2);

/// Where a reminder is in its life (see migrations/0004).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderState {
    Pending,
    Sending,
    Sent,
    TooLate,
    Cancelled,
    Failed,
    Abandoned,
}

/// A reminder claimed for sending, with what its message needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueReminder {
    pub reminder_id: i64,
    pub kind: ReminderKind,
    pub guild: GuildId,
    pub thread_id: u64,
    pub title: String,
    pub starts_at: DateTime<Utc>,
}

/// What start-up recovery did with reminders a previous run left mid-send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecoveredReminders {
    pub retried: u64,
    pub abandoned: u64,
}

impl DueReminder {
    /// The message nonce: the same for every attempt at this reminder, at most 25 characters.
    pub fn nonce(&self) -> String {
        format!("rounds-jc-{}", self.reminder_id)
    }
}

impl ReminderState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReminderState::Pending => "pending",
            ReminderState::Sending => "sending",
            ReminderState::Sent => "sent",
            ReminderState::TooLate => "too_late",
            ReminderState::Cancelled => "cancelled",
            ReminderState::Failed => "failed",
            ReminderState::Abandoned => "abandoned",
        }
    }

    fn parse(text: &str) -> Option<ReminderState> {
        [
            ReminderState::Pending,
            ReminderState::Sending,
            ReminderState::Sent,
            ReminderState::TooLate,
            ReminderState::Cancelled,
            ReminderState::Failed,
            ReminderState::Abandoned,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

type DueRow = (i64, String, String, i64, i64, String);

impl Store {
    /// At start-up: reminders a previous run claimed but never settled go back to pending while
    /// their nonce still guards against a double post, and are abandoned otherwise.
    #[tracing::instrument(skip(self))]
    pub async fn recover_interrupted_reminders(
        &self,
        now: DateTime<Utc>,
    ) -> Result<RecoveredReminders, StoreError> {
        failed_to("recover interrupted journal club reminders", async {
        let cutoff = to_db_time(now - NONCE_WINDOW);
        let mut tx = self.pool().begin().await?;
        let retried = sqlx::query(
            "UPDATE journal_club_reminders SET state = 'pending', claimed_at = NULL
             WHERE state = 'sending' AND claimed_at >= ?",
        )
        .bind(&cutoff)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let abandoned = sqlx::query(
            "UPDATE journal_club_reminders SET state = 'abandoned', settled_at = ?,
                 detail = 'the bot stopped while sending it; not retried so it cannot be posted twice'
             WHERE state = 'sending' AND claimed_at < ?",
        )
        .bind(to_db_time(now))
        .bind(&cutoff)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(RecoveredReminders { retried, abandoned })
    })
.await
    }

    /// Claims the reminders due at `now`, at most `limit`: those still useful become 'sending' and are
    /// returned; those of closed sessions are cancelled and those too late to help are recorded so.
    #[tracing::instrument(skip(self))]
    pub async fn claim_due_reminders(
        &self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<DueReminder>, StoreError> {
        failed_to("claim the due journal club reminders", async {
        let now_text = to_db_time(now);
        let mut tx = self.pool().begin().await?;
        // Writing first takes SQLite's write lock at once, so the rows read next cannot change
        // under this transaction.
        sqlx::query(
            "UPDATE journal_club_reminders SET state = 'cancelled', settled_at = ?1
             WHERE state = 'pending' AND due_at <= ?1
               AND session_id IN (SELECT session_id FROM journal_clubs WHERE closed_at IS NOT NULL)",
        )
        .bind(&now_text)
        .execute(&mut *tx)
        .await?;
        let rows: Vec<DueRow> = sqlx::query_as(
            "SELECT r.reminder_id, r.kind, s.starts_at, s.guild_id, s.thread_id, s.title
             FROM journal_club_reminders r JOIN journal_clubs s USING (session_id)
             WHERE r.state = 'pending' AND r.due_at <= ? AND s.starts_at IS NOT NULL
             ORDER BY r.due_at, r.reminder_id
             LIMIT ?",
        )
        .bind(&now_text)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        let mut claimed = Vec::with_capacity(rows.len());
        for (reminder_id, kind, starts_at, guild, thread_id, title) in rows {
            let corrupt =
                |what: &str| sqlx::Error::Decode(format!("stored {what} is invalid").into());
            let kind = ReminderKind::parse(&kind).ok_or_else(|| corrupt("reminder kind"))?;
            let starts_at = from_db_time(&starts_at)?;
            let guild = GuildId::new(guild as u64).map_err(|_| corrupt("guild id"))?;
            let (state, claimed_at, settled_at) = match kind.decide(starts_at, now) {
                ReminderDecision::Send => (ReminderState::Sending, Some(&now_text), None),
                ReminderDecision::TooLate => (ReminderState::TooLate, None, Some(&now_text)),
            };
            sqlx::query(
                "UPDATE journal_club_reminders SET state = ?, claimed_at = ?, settled_at = ?
                 WHERE reminder_id = ?",
            )
            .bind(state.as_str())
            .bind(claimed_at)
            .bind(settled_at)
            .bind(reminder_id)
            .execute(&mut *tx)
            .await?;
            if state == ReminderState::Sending {
                claimed.push(DueReminder {
                    reminder_id,
                    kind,
                    guild,
                    thread_id: thread_id as u64,
                    title,
                    starts_at,
                });
            }
        }
        tx.commit().await?;
        Ok(claimed)
    })
.await
    }

    /// Records that a claimed reminder was posted as `message_id`.
    #[tracing::instrument(skip(self))]
    pub async fn mark_reminder_sent(
        &self,
        reminder_id: i64,
        message_id: u64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        failed_to("mark a journal club reminder sent", async {
            sqlx::query(
                "UPDATE journal_club_reminders SET state = 'sent', settled_at = ?, message_id = ?
             WHERE reminder_id = ? AND state = 'sending'",
            )
            .bind(to_db_time(now))
            .bind(message_id as i64)
            .bind(reminder_id)
            .execute(self.pool())
            .await?;
            Ok(())
        })
        .await
    }

    /// Records that Discord refused a claimed reminder; it is not retried.
    #[tracing::instrument(skip(self))]
    pub async fn mark_reminder_failed(
        &self,
        reminder_id: i64,
        detail: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        failed_to("mark a journal club reminder failed", async {
            let detail: String = detail.chars().take(500).collect();
            sqlx::query(
                "UPDATE journal_club_reminders SET state = 'failed', settled_at = ?, detail = ?
             WHERE reminder_id = ? AND state = 'sending'",
            )
            .bind(to_db_time(now))
            .bind(detail)
            .bind(reminder_id)
            .execute(self.pool())
            .await?;
            Ok(())
        })
        .await
    }

    /// When the next pending reminder is due, if any.
    pub async fn next_reminder_due(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        failed_to("read when the next journal club reminder is due", async {
            let (due,): (Option<String>,) = sqlx::query_as(
                "SELECT min(due_at) FROM journal_club_reminders WHERE state = 'pending'",
            )
            .fetch_one(self.pool())
            .await?;
            due.as_deref().map(from_db_time).transpose()
        })
        .await
    }

    /// A session's reminders and where each stands, in due order.
    pub async fn reminder_states(
        &self,
        session_id: i64,
    ) -> Result<Vec<(ReminderKind, DateTime<Utc>, ReminderState)>, StoreError> {
        failed_to("read a journal club's reminders", async {
            let rows: Vec<(String, String, String)> = sqlx::query_as(
                "SELECT kind, due_at, state FROM journal_club_reminders
             WHERE session_id = ? ORDER BY due_at",
            )
            .bind(session_id)
            .fetch_all(self.pool())
            .await?;
            rows.into_iter()
                .map(|(kind, due, state)| {
                    let corrupt = || sqlx::Error::Decode("stored reminder is invalid".into());
                    Ok((
                        ReminderKind::parse(&kind).ok_or_else(corrupt)?,
                        from_db_time(&due)?,
                        ReminderState::parse(&state).ok_or_else(corrupt)?,
                    ))
                })
                .collect()
        })
        .await
    }
}
