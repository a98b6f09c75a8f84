//! The de-identified question log. Only already de-identified text reaches these functions.

use super::{from_db_time, guilds::ensure_guild, to_db_time, Store};
use crate::domain::questions::export::ExportedQuestion;
use crate::domain::questions::stats::QuestionFacts;
use crate::domain::questions::{AuthorHash, AuthorKey, DeidentifiedQuestion, Origin, QuestionTag};
use crate::domain::GuildId;
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};

/// The most rows an export to Discord carries, so the attachment stays far below Discord's size limit.
pub const MAX_DISCORD_EXPORT_ROWS: i64 = 20_000;

/// A stored question, as the store reads it back.
#[derive(sqlx::FromRow)]
struct QuestionRow {
    id: i64,
    author_hash: String,
    text: String,
    topic: Option<String>,
    origin: String,
    asked_at: String,
    redactions: String,
}

/// What `/questions forget-me` deleted from the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forgotten {
    pub questions: u64,
    /// `(channel, message)` of each copy the bot had posted to a questions channel.
    pub posted_copies: Vec<(u64, u64)>,
}

impl Store {
    /// The key for hashing this guild's askers: derived from the operator's key when one is configured,
    /// else generated on first use and kept in the database.
    pub async fn author_key(
        &self,
        guild: GuildId,
        configured: Option<&AuthorKey>,
        now: DateTime<Utc>,
    ) -> Result<AuthorKey, StoreError> {
        failed_to("read or create a guild's asker-hash key", async {
            if let Some(key) = configured {
                return Ok(key.for_guild(guild.get()));
            }
            let mut tx = self.pool().begin().await?;
            ensure_guild(&mut tx, guild, now).await?;
            let mut fresh = [0u8; 32];
            getrandom::fill(&mut fresh)
                .map_err(|e| sqlx::Error::Protocol(format!("no randomness for a new key: {e}")))?;
            // Insert-if-absent then read: two first questions at once still agree on one key.
            sqlx::query(
                "INSERT INTO guild_secrets (guild_id, author_key, created_at) VALUES (?, ?, ?)
             ON CONFLICT (guild_id) DO NOTHING",
            )
            .bind(guild.as_i64())
            .bind(fresh.as_slice())
            .bind(to_db_time(now))
            .execute(&mut *tx)
            .await?;
            let (stored,): (Vec<u8>,) =
                sqlx::query_as("SELECT author_key FROM guild_secrets WHERE guild_id = ?")
                    .bind(guild.as_i64())
                    .fetch_one(&mut *tx)
                    .await?;
            tx.commit().await?;
            AuthorKey::from_slice(&stored)
                .ok_or_else(|| sqlx::Error::Decode("stored author key is not 32 bytes".into()))
        })
        .await
    }

    /// Stores a de-identified question and its tags in one transaction; returns its id.
    #[tracing::instrument(skip_all, fields(guild = %guild, origin = origin.as_str()))]
    pub async fn log_question(
        &self,
        guild: GuildId,
        author: &AuthorHash,
        question: &DeidentifiedQuestion,
        origin: Origin,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        failed_to("log a question", async {
        let redactions = serde_json::to_string(&question.redactions)
            .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        let mut tx = self.pool().begin().await?;
        ensure_guild(&mut tx, guild, now).await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO questions (guild_id, author_hash, text, topic, origin, asked_at, redactions)
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING question_id",
        )
        .bind(guild.as_i64())
        .bind(author.as_str())
        .bind(&question.text)
        .bind(&question.topic)
        .bind(origin.as_str())
        .bind(to_db_time(now))
        .bind(redactions)
        .fetch_one(&mut *tx)
        .await?;
        for tag in &question.tags {
            sqlx::query(
                "INSERT OR IGNORE INTO question_tags (question_id, kind, value) VALUES (?, ?, ?)",
            )
            .bind(id)
            .bind(&tag.kind)
            .bind(&tag.value)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    })
.await
    }

    /// Remembers that the bot posted a copy of question `id` as `message` in `channel`.
    pub async fn record_question_post(
        &self,
        id: i64,
        channel: u64,
        message: u64,
    ) -> Result<(), StoreError> {
        failed_to("record a question's posted copy", async {
        sqlx::query(
            "INSERT OR IGNORE INTO question_posts (question_id, channel_id, message_id) VALUES (?, ?, ?)",
        )
        .bind(id)
        .bind(channel as i64)
        .bind(message as i64)
        .execute(self.pool())
        .await?;
        Ok(())
    })
.await
    }

    /// Deletes every question this asker logged in this guild, in one transaction; returns how
    /// many, and the `(channel, message)` of every copy the bot posted, for the caller to delete.
    #[tracing::instrument(skip_all, fields(guild = %guild))]
    pub async fn forget_author(
        &self,
        guild: GuildId,
        author: &AuthorHash,
    ) -> Result<Forgotten, StoreError> {
        failed_to("forget an asker's questions", async {
            let mut tx = self.pool().begin().await?;
            let posted: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT p.channel_id, p.message_id FROM question_posts p
             JOIN questions q ON q.question_id = p.question_id
             WHERE q.guild_id = ? AND q.author_hash = ? ORDER BY p.message_id",
            )
            .bind(guild.as_i64())
            .bind(author.as_str())
            .fetch_all(&mut *tx)
            .await?;
            let result =
                sqlx::query("DELETE FROM questions WHERE guild_id = ? AND author_hash = ?")
                    .bind(guild.as_i64())
                    .bind(author.as_str())
                    .execute(&mut *tx)
                    .await?;
            tx.commit().await?;
            // With secure_delete the deleted rows are zeroed in their pages, but the write-ahead log
            // still holds the pages as they were until a checkpoint copies them back: do it now, so
            // the text leaves the files at once. A busy reader only delays it to the next checkpoint.
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(self.pool())
                .await
            {
                tracing::warn!(error = %e, "checkpoint after forgetting questions failed");
            }
            Ok(Forgotten {
                questions: result.rows_affected(),
                posted_copies: posted
                    .into_iter()
                    .map(|(channel, message)| (channel as u64, message as u64))
                    .collect(),
            })
        })
        .await
    }

    /// Deletes questions asked before `cutoff`, in every guild; returns how many.
    #[tracing::instrument(skip(self))]
    pub async fn prune_questions(&self, cutoff: DateTime<Utc>) -> Result<u64, StoreError> {
        failed_to("prune old questions", async {
            let result = sqlx::query("DELETE FROM questions WHERE asked_at < ?")
                .bind(to_db_time(cutoff))
                .execute(self.pool())
                .await?;
            Ok(result.rows_affected())
        })
        .await
    }

    /// What statistics need about the questions asked in `[since, until)`.
    pub async fn question_facts(
        &self,
        guild: GuildId,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<QuestionFacts>, StoreError> {
        failed_to("read a guild's question statistics", async {
            let (rows, mut tags) = self
                .questions_between(guild, since, until, i64::MAX)
                .await?;
            rows.into_iter()
                .map(|row| {
                    Ok(QuestionFacts {
                        asked_at: from_db_time(&row.asked_at)?,
                        asker: row.author_hash,
                        topic: row.topic,
                        tags: tags.remove(&row.id).unwrap_or_default(),
                    })
                })
                .collect()
        })
        .await
    }

    /// The questions asked in `[since, until)`, oldest first, at most `limit`, ready to export (no
    /// asker).
    pub async fn exported_questions(
        &self,
        guild: GuildId,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<ExportedQuestion>, StoreError> {
        failed_to("export a guild's questions", async {
            let (rows, mut tags) = self.questions_between(guild, since, until, limit).await?;
            rows.into_iter()
                .map(|row| {
                    let tags = tags.remove(&row.id).unwrap_or_default();
                    let of_kind = |kind: &str| -> Vec<String> {
                        tags.iter()
                            .filter(|t| t.kind == kind)
                            .map(|t| t.value.clone())
                            .collect()
                    };
                    Ok(ExportedQuestion {
                        id: row.id,
                        asked_at: from_db_time(&row.asked_at)?,
                        origin: Origin::parse(&row.origin)
                            .map_or("unknown", Origin::as_str)
                            .to_owned(),
                        topic: row.topic.clone(),
                        question: row.text.clone(),
                        hashtags: of_kind("hashtag"),
                        drugs: of_kind("drug"),
                        diseases: of_kind("disease"),
                        manufacturers: of_kind("manufacturer"),
                        redactions: serde_json::from_str::<BTreeMap<String, u32>>(&row.redactions)
                            .unwrap_or_default(),
                    })
                })
                .collect()
        })
        .await
    }

    async fn questions_between(
        &self,
        guild: GuildId,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: i64,
    ) -> Result<(Vec<QuestionRow>, HashMap<i64, Vec<QuestionTag>>), sqlx::Error> {
        let rows: Vec<QuestionRow> = sqlx::query_as(
            "SELECT question_id AS id, author_hash, text, topic, origin, asked_at, redactions
             FROM questions WHERE guild_id = ? AND asked_at >= ? AND asked_at < ?
             ORDER BY asked_at, question_id LIMIT ?",
        )
        .bind(guild.as_i64())
        .bind(to_db_time(since))
        .bind(to_db_time(until))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let tag_rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT t.question_id, t.kind, t.value FROM question_tags t
             JOIN questions q ON q.question_id = t.question_id
             WHERE q.guild_id = ? AND q.asked_at >= ? AND q.asked_at < ?
             ORDER BY t.question_id, t.kind, t.value",
        )
        .bind(guild.as_i64())
        .bind(to_db_time(since))
        .bind(to_db_time(until))
        .fetch_all(self.pool())
        .await?;
        let mut tags: HashMap<i64, Vec<QuestionTag>> = HashMap::new();
        for (id, kind, value) in tag_rows {
            tags.entry(id)
                .or_default()
                .push(QuestionTag { kind, value });
        }
        Ok((rows, tags))
    }
}
