//! Journal club sessions and the ledger of their reminders (see migrations/0004 for the states).

mod reminders;

pub use reminders::{DueReminder, RecoveredReminders, ReminderState, NONCE_WINDOW};

use super::{from_db_time, guilds::ensure_guild, is_unique_violation, to_db_time, Store};
use crate::domain::papers::session::planned_reminders;
use crate::domain::papers::StudyType;
use crate::domain::GuildId;
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Utc};

/// How many sessions one guild may have open at once: plenty for any community, and a bound on
/// what members who may all start one can pile up.
pub const MAX_OPEN_PER_GUILD: i64 = 50;

/// A session to record, after its thread was created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJournalClub {
    pub thread_id: u64,
    pub channel_id: u64,
    pub paper_key: String,
    pub title: String,
    pub study_type: StudyType,
    pub starts_at: Option<DateTime<Utc>>,
    pub started_by: u64,
}

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalClub {
    pub session_id: i64,
    pub thread_id: u64,
    pub channel_id: u64,
    pub paper_key: String,
    pub title: String,
    pub study_type: StudyType,
    pub starts_at: Option<DateTime<Utc>>,
    pub started_by: u64,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub participant_count: Option<u32>,
    pub message_count: Option<u32>,
}

#[derive(Debug, thiserror::Error)]
pub enum RecordJournalClubError {
    #[error("that thread already holds a journal club")]
    ThreadTaken,
    #[error("failed to store the journal club: {0}")]
    Database(#[from] sqlx::Error),
}

/// What closing found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseOutcome {
    Closed,
    AlreadyClosed,
}

type SessionRow = (
    i64,
    i64,
    i64,
    String,
    String,
    String,
    Option<String>,
    i64,
    String,
    Option<String>,
    Option<i64>,
    Option<i64>,
);

const SESSION_COLUMNS: &str = "session_id, thread_id, channel_id, paper_key, title, study_type, \
     starts_at, started_by, created_at, closed_at, participant_count, message_count";

impl Store {
    /// How many sessions of this guild are not closed yet.
    pub async fn open_journal_club_count(&self, guild: GuildId) -> Result<i64, StoreError> {
        failed_to("count a guild's open journal clubs", async {
            let (count,): (i64,) = sqlx::query_as(
                "SELECT count(*) FROM journal_clubs WHERE guild_id = ? AND closed_at IS NULL",
            )
            .bind(guild.as_i64())
            .fetch_one(self.pool())
            .await?;
            Ok(count)
        })
        .await
    }

    /// How many sessions of this guild started by `member` are not closed yet.
    pub async fn open_journal_clubs_started_by(
        &self,
        guild: GuildId,
        member: u64,
    ) -> Result<i64, StoreError> {
        failed_to("count a member's open journal clubs", async {
            let (count,): (i64,) = sqlx::query_as(
                "SELECT count(*) FROM journal_clubs \
             WHERE guild_id = ? AND started_by = ? AND closed_at IS NULL",
            )
            .bind(guild.as_i64())
            .bind(member as i64)
            .fetch_one(self.pool())
            .await?;
            Ok(count)
        })
        .await
    }

    /// Records a session and plans its reminders, in one transaction; returns the session id.
    #[tracing::instrument(skip(self, club), fields(guild = %guild, thread = club.thread_id))]
    pub async fn record_journal_club(
        &self,
        guild: GuildId,
        club: &NewJournalClub,
        now: DateTime<Utc>,
    ) -> Result<i64, RecordJournalClubError> {
        let mut tx = self.pool().begin().await?;
        ensure_guild(&mut tx, guild, now).await?;
        let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
            "INSERT INTO journal_clubs (guild_id, thread_id, channel_id, paper_key, title, study_type,
                                        starts_at, started_by, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING session_id",
        )
        .bind(guild.as_i64())
        .bind(club.thread_id as i64)
        .bind(club.channel_id as i64)
        .bind(&club.paper_key)
        .bind(&club.title)
        .bind(club.study_type.as_str())
        .bind(club.starts_at.map(to_db_time))
        .bind(club.started_by as i64)
        .bind(to_db_time(now))
        .fetch_one(&mut *tx)
        .await;
        let (session_id,) = match inserted {
            Err(e) if is_unique_violation(&e) => return Err(RecordJournalClubError::ThreadTaken),
            other => other?,
        };
        for (kind, due) in club
            .starts_at
            .map(|start| planned_reminders(start, now))
            .unwrap_or_default()
        {
            sqlx::query(
                "INSERT INTO journal_club_reminders (session_id, kind, due_at) VALUES (?, ?, ?)",
            )
            .bind(session_id)
            .bind(kind.as_str())
            .bind(to_db_time(due))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(session_id)
    }

    /// The session held in this thread of this guild, if any.
    pub async fn journal_club_in_thread(
        &self,
        guild: GuildId,
        thread_id: u64,
    ) -> Result<Option<JournalClub>, StoreError> {
        failed_to("read the journal club of a thread", async {
            let row: Option<SessionRow> = sqlx::query_as(&format!(
                "SELECT {SESSION_COLUMNS} FROM journal_clubs WHERE guild_id = ? AND thread_id = ?"
            ))
            .bind(guild.as_i64())
            .bind(thread_id as i64)
            .fetch_optional(self.pool())
            .await?;
            row.map(session_from_row).transpose()
        })
        .await
    }

    /// Marks a session closed with its recap's numbers, unless it already was (two closes at once
    /// agree on one winner). Pending reminders of a closed session are cancelled when they come due.
    #[tracing::instrument(skip(self), fields(guild = %guild))]
    pub async fn close_journal_club(
        &self,
        guild: GuildId,
        session_id: i64,
        closed_by: u64,
        participants: u32,
        messages: u32,
        now: DateTime<Utc>,
    ) -> Result<CloseOutcome, StoreError> {
        failed_to("close a journal club", async {
            let result = sqlx::query(
                "UPDATE journal_clubs
             SET closed_at = ?, closed_by = ?, participant_count = ?, message_count = ?
             WHERE guild_id = ? AND session_id = ? AND closed_at IS NULL",
            )
            .bind(to_db_time(now))
            .bind(closed_by as i64)
            .bind(i64::from(participants))
            .bind(i64::from(messages))
            .bind(guild.as_i64())
            .bind(session_id)
            .execute(self.pool())
            .await?;
            Ok(if result.rows_affected() == 1 {
                CloseOutcome::Closed
            } else {
                CloseOutcome::AlreadyClosed
            })
        })
        .await
    }

    /// Undoes `close_journal_club` when the recap could not be posted, so the close can be retried.
    #[tracing::instrument(skip(self), fields(guild = %guild))]
    pub async fn reopen_journal_club(
        &self,
        guild: GuildId,
        session_id: i64,
    ) -> Result<(), StoreError> {
        failed_to("reopen a journal club", async {
            sqlx::query(
                "UPDATE journal_clubs
             SET closed_at = NULL, closed_by = NULL, participant_count = NULL, message_count = NULL
             WHERE guild_id = ? AND session_id = ?",
            )
            .bind(guild.as_i64())
            .bind(session_id)
            .execute(self.pool())
            .await?;
            Ok(())
        })
        .await
    }

    /// The guild's sessions that are not closed, and those closed since `closed_since`: open ones
    /// first, by start time (sessions with no time last), then the closed ones, latest first.
    pub async fn journal_clubs_to_list(
        &self,
        guild: GuildId,
        closed_since: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<JournalClub>, StoreError> {
        failed_to("list a guild's journal clubs", async {
        let rows: Vec<SessionRow> = sqlx::query_as(&format!(
            "SELECT {SESSION_COLUMNS} FROM journal_clubs
             WHERE guild_id = ? AND (closed_at IS NULL OR closed_at >= ?)
             ORDER BY closed_at IS NOT NULL, closed_at DESC, starts_at IS NULL, starts_at, created_at DESC
             LIMIT ?"
        ))
        .bind(guild.as_i64())
        .bind(to_db_time(closed_since))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(session_from_row).collect()
    })
.await
    }
}

fn session_from_row(row: SessionRow) -> Result<JournalClub, sqlx::Error> {
    let (
        session_id,
        thread_id,
        channel_id,
        paper_key,
        title,
        study_type,
        starts_at,
        started_by,
        created_at,
        closed_at,
        participant_count,
        message_count,
    ) = row;
    let count = |n: Option<i64>| n.map(|n| u32::try_from(n).unwrap_or(u32::MAX));
    Ok(JournalClub {
        session_id,
        thread_id: thread_id as u64,
        channel_id: channel_id as u64,
        paper_key,
        title,
        study_type: StudyType::parse(&study_type)
            .ok_or_else(|| sqlx::Error::Decode("stored study type is invalid".into()))?,
        starts_at: starts_at.as_deref().map(from_db_time).transpose()?,
        started_by: started_by as u64,
        created_at: from_db_time(&created_at)?,
        closed_at: closed_at.as_deref().map(from_db_time).transpose()?,
        participant_count: count(participant_count),
        message_count: count(message_count),
    })
}

#[cfg(test)]
mod tests;
