//! When a journal club meets and when its reminders go out. The clock is always passed in.

use crate::domain::TimeZone;
use chrono::{DateTime, Duration, NaiveDateTime, TimeZone as _, Utc};
use std::fmt;

/// How far ahead a session may be scheduled.
pub const MAX_DAYS_AHEAD: i64 = 366;
/// How late an at-start reminder may still go out (after a restart, say): past this, the session is
/// well under way and a "starting now" message would mislead.
pub const START_REMINDER_GRACE: Duration = Duration::minutes(30);

/// The two reminders of a scheduled session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReminderKind {
    HourBefore,
    AtStart,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseStartTimeError {
    #[error("`{0}` is not a date and time: write it like 2026-12-03 18:30 (or 2026-12-03T18:30:00+01:00)")]
    Unreadable(String),
    #[error("{0} does not exist in {1} (the clocks change then); pick another time")]
    Skipped(String, TimeZone),
    #[error("{0} ({1}) is in the past; pick a time that is still to come")]
    InThePast(String, TimeZone),
    #[error("that is more than {MAX_DAYS_AHEAD} days ahead")]
    TooFarAhead,
}

/// What to do with a reminder whose time has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderDecision {
    Send,
    /// Too late to be useful (the bot was down); recorded, never sent.
    TooLate,
}

/// Reads a start time in the guild's time zone: `2026-12-03 18:30`, `2026-12-03T18:30`, with or
/// without seconds, or RFC 3339 with an offset (which then wins over the zone). Refuses the past.
pub fn parse_start_time(
    input: &str,
    zone: TimeZone,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, ParseStartTimeError> {
    let text = input.trim();
    let shown = || text.chars().take(40).collect::<String>();
    let start = match DateTime::parse_from_rfc3339(text) {
        Ok(with_offset) => with_offset.with_timezone(&Utc),
        Err(_) => {
            let local =
                parse_local(text).ok_or_else(|| ParseStartTimeError::Unreadable(shown()))?;
            zone.as_tz()
                .from_local_datetime(&local)
                // In the hour the clocks go back a time happens twice; the first is the natural reading.
                .earliest()
                .ok_or_else(|| ParseStartTimeError::Skipped(shown(), zone))?
                .with_timezone(&Utc)
        }
    };
    if start <= now {
        return Err(ParseStartTimeError::InThePast(shown(), zone));
    }
    if start - now > Duration::days(MAX_DAYS_AHEAD) {
        return Err(ParseStartTimeError::TooFarAhead);
    }
    Ok(start)
}

fn parse_local(text: &str) -> Option<NaiveDateTime> {
    const FORMATS: [&str; 4] = [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ];
    FORMATS
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
}

impl ReminderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReminderKind::HourBefore => "hour_before",
            ReminderKind::AtStart => "at_start",
        }
    }

    pub fn parse(text: &str) -> Option<ReminderKind> {
        match text {
            "hour_before" => Some(ReminderKind::HourBefore),
            "at_start" => Some(ReminderKind::AtStart),
            _ => None,
        }
    }

    pub fn due_at(self, starts_at: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            ReminderKind::HourBefore => starts_at - Duration::hours(1),
            ReminderKind::AtStart => starts_at,
        }
    }

    /// Whether a reminder that is due now is still worth sending.
    pub fn decide(self, starts_at: DateTime<Utc>, now: DateTime<Utc>) -> ReminderDecision {
        let useful_until = match self {
            ReminderKind::HourBefore => starts_at,
            ReminderKind::AtStart => starts_at + START_REMINDER_GRACE,
        };
        if now < useful_until {
            ReminderDecision::Send
        } else {
            ReminderDecision::TooLate
        }
    }
}

impl fmt::Display for ReminderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The reminders to plan for a session starting at `starts_at`: an hour-before reminder only if that
/// hour is still ahead (a session set up 20 minutes ahead gets just the at-start one).
pub fn planned_reminders(
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<(ReminderKind, DateTime<Utc>)> {
    [ReminderKind::HourBefore, ReminderKind::AtStart]
        .into_iter()
        .map(|kind| (kind, kind.due_at(starts_at)))
        .filter(|(_, due)| *due > now)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn local_times_are_read_in_the_guild_zone() {
        let now = utc("2026-11-01T00:00:00Z");
        let paris = TimeZone::parse("Europe/Paris").unwrap();
        assert_eq!(
            parse_start_time("2026-12-03 18:30", paris, now),
            Ok(utc("2026-12-03T17:30:00Z"))
        );
        assert_eq!(
            parse_start_time("2026-12-03T18:30:15", paris, now),
            Ok(utc("2026-12-03T17:30:15Z"))
        );
        let utc_zone = TimeZone::parse("UTC").unwrap();
        assert_eq!(
            parse_start_time(" 2026-12-03T18:30 ", utc_zone, now),
            Ok(utc("2026-12-03T18:30:00Z"))
        );
        assert_eq!(
            parse_start_time("2026-12-03T18:30:00-05:00", paris, now),
            Ok(utc("2026-12-03T23:30:00Z"))
        );
    }

    #[test]
    fn the_past_gibberish_and_missing_times_are_refused() {
        let now = utc("2026-11-01T00:00:00Z");
        let paris = TimeZone::parse("Europe/Paris").unwrap();
        assert!(matches!(
            parse_start_time("2026-10-31 23:00", paris, now),
            Err(ParseStartTimeError::InThePast(..))
        ));
        assert!(matches!(
            parse_start_time("tomorrow at 6", paris, now),
            Err(ParseStartTimeError::Unreadable(_))
        ));
        assert!(matches!(
            parse_start_time("2027-03-28 02:30", paris, now),
            Err(ParseStartTimeError::Skipped(..))
        ));
        assert_eq!(
            parse_start_time("2028-11-01 10:00", paris, now),
            Err(ParseStartTimeError::TooFarAhead)
        );
    }

    #[test]
    fn reminders_are_planned_only_while_still_ahead() {
        let now = utc("2026-11-01T10:00:00Z");
        let kinds = |start: &str| -> Vec<ReminderKind> {
            planned_reminders(utc(start), now)
                .into_iter()
                .map(|(k, _)| k)
                .collect()
        };
        assert_eq!(
            kinds("2026-11-01T12:00:00Z"),
            [ReminderKind::HourBefore, ReminderKind::AtStart]
        );
        assert_eq!(kinds("2026-11-01T10:20:00Z"), [ReminderKind::AtStart]);
    }

    #[test]
    fn late_reminders_are_dropped_not_sent() {
        let start = utc("2026-11-01T12:00:00Z");
        let at = |t: &str| utc(t);
        assert_eq!(
            ReminderKind::HourBefore.decide(start, at("2026-11-01T11:30:00Z")),
            ReminderDecision::Send
        );
        assert_eq!(
            ReminderKind::HourBefore.decide(start, at("2026-11-01T12:00:00Z")),
            ReminderDecision::TooLate
        );
        assert_eq!(
            ReminderKind::AtStart.decide(start, at("2026-11-01T12:29:00Z")),
            ReminderDecision::Send
        );
        assert_eq!(
            ReminderKind::AtStart.decide(start, at("2026-11-01T12:31:00Z")),
            ReminderDecision::TooLate
        );
        assert_eq!(ReminderKind::parse("at_start"), Some(ReminderKind::AtStart));
    }
}
