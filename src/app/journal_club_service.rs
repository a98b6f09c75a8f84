//! The journal-club service: what starting a journal club asks of the store and the metadata
//! services, apart from Discord. `/journalclub start` checks the guild has room, resolves the paper
//! (refusing one under an editorial notice), opens the thread itself, then records the session here,
//! which also wakes the reminder task when the session is due sooner than it planned to look.

use crate::domain::papers::{EditorialNotice, Paper, PaperId};
use crate::domain::GuildId;
use crate::metadata::{LookUpPaperError, MetadataClient};
use crate::store::journal_clubs::{NewJournalClub, RecordJournalClubError, MAX_OPEN_PER_GUILD};
use crate::store::Store;
use chrono::{DateTime, Utc};
use std::sync::Arc;
use tokio::sync::Notify;

/// Journal clubs' store, paper metadata and the reminder task's wake-up; cheap to clone.
#[derive(Debug, Clone)]
pub struct JournalClubService {
    store: Store,
    metadata: MetadataClient,
    wake_reminders: Arc<Notify>,
}

/// Why a paper cannot be the subject of a journal club.
#[derive(Debug)]
pub enum PaperRefusal {
    /// The services could not name it (not found, rate limited, unavailable).
    LookUpFailed(LookUpPaperError),
    /// It was retracted, withdrawn or carries an expression of concern.
    Notice(Box<Paper>, EditorialNotice),
}

impl JournalClubService {
    pub fn new(store: Store, metadata: MetadataClient, wake_reminders: Arc<Notify>) -> Self {
        Self {
            store,
            metadata,
            wake_reminders,
        }
    }

    /// `Some(cap)` when the guild already has the most open sessions allowed.
    pub async fn guild_is_full(
        &self,
        guild: GuildId,
    ) -> Result<Option<i64>, crate::store::StoreError> {
        let open = self.store.open_journal_club_count(guild).await?;
        Ok((open >= MAX_OPEN_PER_GUILD).then_some(MAX_OPEN_PER_GUILD))
    }

    /// Whether `member` already has `cap` or more sessions open in this guild.
    pub async fn member_is_at(
        &self,
        guild: GuildId,
        member: u64,
        cap: u32,
    ) -> Result<bool, crate::store::StoreError> {
        let open = self
            .store
            .open_journal_clubs_started_by(guild, member)
            .await?;
        Ok(open >= i64::from(cap))
    }

    /// The paper an identifier names, if a journal club may be held on it.
    pub async fn paper_for(&self, guild: GuildId, id: &PaperId) -> Result<Paper, PaperRefusal> {
        let paper = match self.metadata.look_up(id).await {
            Ok(paper) => paper,
            Err(error) => {
                tracing::info!(guild = %guild, paper = %id, error = %error, "paper lookup failed");
                return Err(PaperRefusal::LookUpFailed(error));
            }
        };
        if let Some(notice) = paper.editorial_notice() {
            tracing::info!(guild = %guild, paper = %id, ?notice, "refused a paper with a notice");
            return Err(PaperRefusal::Notice(Box::new(paper), notice));
        }
        Ok(paper)
    }

    /// Records an opened session (its reminders planned from `recorded_at`) and wakes the reminder
    /// task, whose next look may be later than the first reminder.
    pub async fn record(
        &self,
        guild: GuildId,
        club: &NewJournalClub,
        recorded_at: DateTime<Utc>,
    ) -> Result<(), RecordJournalClubError> {
        self.store
            .record_journal_club(guild, club, recorded_at)
            .await?;
        self.wake_reminders.notify_one();
        Ok(())
    }
}
