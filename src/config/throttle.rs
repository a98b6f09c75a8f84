//! `[throttle]`: how often members may run the costly commands, and how long answers are kept.

use super::LoadSettingsError;
use crate::domain::ConfigDuration;
use serde::Deserialize;

/// Cooldowns, caps and caches for the commands that cost the installation something: `/summary`,
/// `/voices` and `/trend` (database reads, the paid LLM), `/ask` (de-identification) and
/// `/journalclub start` (Crossref, E-utilities, threads).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThrottleSettings {
    /// Off only for tests and installations whose every member is trusted.
    pub enabled: bool,
    /// One report per member per this long (`/summary`, `/voices` and `/trend` together).
    pub report_member_cooldown: ConfigDuration,
    /// Reports one guild may have computed per minute, all members together (cached answers are
    /// free).
    pub report_guild_per_minute: u32,
    /// Reports computed at once in the whole installation; at least 1.
    pub report_concurrency: u32,
    /// How long the same report (same guild, command, topic and window) is answered from memory.
    pub answer_cache: ConfigDuration,
    /// How long an LLM summary of the same posts is reused.
    pub llm_cache: ConfigDuration,
    /// `/ask` questions one member may start per hour.
    pub ask_per_member_per_hour: u32,
    /// Journal clubs one member may have open at once in a guild.
    pub open_journal_clubs_per_member: u32,
}

impl ThrottleSettings {
    pub(super) fn check(&self) -> Result<(), LoadSettingsError> {
        if self.report_concurrency == 0 {
            return Err(LoadSettingsError::Invalid(
                "throttle.report_concurrency must be at least 1".into(),
            ));
        }
        Ok(())
    }
}
