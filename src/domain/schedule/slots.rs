//! When digests fall due: the scheduled instants ("slots") of a local time of day in an IANA zone on
//! chosen weekdays, across daylight-saving changes, and what is due at a given moment. Pure: the
//! moment is always passed in.

use super::{DigestTime, DigestWindow, TimeZone, Weekdays};
use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, TimeZone as _, Utc};

/// The longest a digest looks back, also for a catch-up after long downtime.
pub const MAX_WINDOW: Duration = Duration::days(7);

/// A channel's schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub time: DigestTime,
    pub zone: TimeZone,
    pub weekdays: Weekdays,
    /// How far back one regular digest looks.
    pub window: DigestWindow,
}

/// A digest to post now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Scheduled times this digest covers: 1 normally, more after downtime.
    pub periods: u32,
}

impl Schedule {
    /// The slot on a local date, if the date is a chosen weekday. A time skipped by a spring-forward
    /// change moves to the first valid minute after it; a repeated time (fall back) uses the first.
    pub fn slot_on(&self, date: NaiveDate) -> Option<DateTime<Utc>> {
        if !self
            .weekdays
            .contains(date.weekday().num_days_from_monday())
        {
            return None;
        }
        let tz = self.zone.as_tz();
        let mut local = date.and_time(self.time.as_naive());
        for _ in 0..=180 {
            match tz.from_local_datetime(&local) {
                LocalResult::Single(t) => return Some(t.with_timezone(&Utc)),
                LocalResult::Ambiguous(first, _) => return Some(first.with_timezone(&Utc)),
                LocalResult::None => local += Duration::minutes(1),
            }
        }
        None
    }

    /// Slots in `(after, until]`, oldest first, at most `limit`.
    pub fn slots_between(
        &self,
        after: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: usize,
    ) -> Vec<DateTime<Utc>> {
        let tz = self.zone.as_tz();
        let mut date = after.with_timezone(&tz).date_naive() - Duration::days(1);
        let last = until.with_timezone(&tz).date_naive() + Duration::days(1);
        let mut slots = Vec::new();
        while date <= last && slots.len() < limit {
            if let Some(slot) = self.slot_on(date) {
                if slot > after && slot <= until {
                    slots.push(slot);
                }
            }
            date = date.succ_opt().unwrap_or(last + Duration::days(1));
        }
        slots
    }

    /// The first slot after `now`.
    pub fn next_slot_after(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.slots_between(now, now + Duration::days(8), 1)
            .first()
            .copied()
    }

    /// What is due at `now`: the latest slot not yet covered. `last_end` is the end of the last digest
    /// posted (or claimed) for the channel; `set_up_at` is when the channel was set up, so a channel
    /// set up after today's slot waits for tomorrow's. One digest covers every missed slot, looking
    /// back at most `MAX_WINDOW`. A `since-last` digest starts where the last one ended, or, for the
    /// channel's first, at its previous scheduled time (a weekly digest covers the week before).
    pub fn due(
        &self,
        now: DateTime<Utc>,
        last_end: Option<DateTime<Utc>>,
        set_up_at: DateTime<Utc>,
    ) -> Option<Due> {
        let after = last_end
            .unwrap_or(set_up_at)
            .max(now - MAX_WINDOW - Duration::days(1));
        let missed = self.slots_between(after, now, 64);
        let end = *missed.last()?;
        let earliest = end - MAX_WINDOW;
        let start = match (last_end, self.window) {
            (Some(last), _) if missed.len() > 1 => last.max(earliest),
            (Some(last), window) => last.max(end - window.longest()).max(earliest),
            (None, DigestWindow::SinceLast) => {
                self.previous_slot(end).unwrap_or(earliest).max(earliest)
            }
            (None, window) => end - window.longest(),
        };
        Some(Due {
            start,
            end,
            periods: missed.len() as u32,
        })
    }

    /// Where a digest ending at `end` (off schedule: a preview, `/digest now`, `rounds digest`)
    /// starts: a fixed window's span before it; for `since-last`, the end of the channel's last
    /// digest, else its previous scheduled time, at most `MAX_WINDOW` before.
    pub fn start_of_window_ending(
        &self,
        end: DateTime<Utc>,
        last_end: Option<DateTime<Utc>>,
    ) -> DateTime<Utc> {
        let earliest = end - MAX_WINDOW;
        match self.window {
            DigestWindow::Fixed(_) => end - self.window.longest(),
            DigestWindow::SinceLast => last_end
                .filter(|last| *last < end)
                .or_else(|| self.previous_slot(end))
                .unwrap_or(earliest)
                .max(earliest),
        }
    }

    /// The slot before `slot`, within a week and a day.
    fn previous_slot(&self, slot: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let earlier = slot - Duration::minutes(1);
        self.slots_between(slot - MAX_WINDOW - Duration::days(1), earlier, 16)
            .last()
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(time: &str, zone: &str) -> Schedule {
        Schedule {
            time: DigestTime::parse(time).unwrap(),
            zone: TimeZone::parse(zone).unwrap(),
            weekdays: Weekdays::DAILY,
            window: DigestWindow::parse("24h").unwrap(),
        }
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn local_times_follow_daylight_saving() {
        let paris = schedule("08:00", "Europe/Paris");
        // Winter: UTC+1; summer: UTC+2. Change on 2026-03-29.
        assert_eq!(
            paris.slot_on(date(2026, 3, 28)),
            Some(utc("2026-03-28T07:00:00Z"))
        );
        assert_eq!(
            paris.slot_on(date(2026, 3, 29)),
            Some(utc("2026-03-29T06:00:00Z"))
        );
    }

    #[test]
    fn a_time_skipped_or_repeated_by_the_change_still_gets_one_slot() {
        let new_york = schedule("02:30", "America/New_York");
        // 2026-03-08 02:30 does not exist: the slot moves to 03:00 EDT (07:00 UTC).
        assert_eq!(
            new_york.slot_on(date(2026, 3, 8)),
            Some(utc("2026-03-08T07:00:00Z"))
        );
        let fall = schedule("01:30", "America/New_York");
        // 2026-11-01 01:30 happens twice: the first (EDT, 05:30 UTC) is used.
        assert_eq!(
            fall.slot_on(date(2026, 11, 1)),
            Some(utc("2026-11-01T05:30:00Z"))
        );
    }

    #[test]
    fn only_chosen_weekdays_have_slots() {
        let mut weekdays = schedule("08:00", "UTC");
        weekdays.weekdays = Weekdays::parse("mon-fri").unwrap();
        assert_eq!(weekdays.slot_on(date(2026, 11, 28)), None);
        assert_eq!(
            weekdays.next_slot_after(utc("2026-11-27T09:00:00Z")),
            Some(utc("2026-11-30T08:00:00Z"))
        );
    }

    #[test]
    fn nothing_is_due_before_the_first_slot_after_setup() {
        let daily = schedule("08:00", "UTC");
        let set_up = utc("2026-11-27T10:00:00Z");
        assert_eq!(daily.due(utc("2026-11-27T23:00:00Z"), None, set_up), None);
        let due = daily
            .due(utc("2026-11-28T08:00:05Z"), None, set_up)
            .unwrap();
        let expected = Due {
            start: utc("2026-11-27T08:00:00Z"),
            end: utc("2026-11-28T08:00:00Z"),
            periods: 1,
        };
        assert_eq!(due, expected);
    }

    #[test]
    fn a_posted_period_is_not_due_again_and_the_next_starts_where_it_ended() {
        let daily = schedule("08:00", "UTC");
        let set_up = utc("2026-11-01T00:00:00Z");
        let last = Some(utc("2026-11-28T08:00:00Z"));
        assert_eq!(daily.due(utc("2026-11-28T20:00:00Z"), last, set_up), None);
        let due = daily
            .due(utc("2026-11-29T08:01:00Z"), last, set_up)
            .unwrap();
        assert_eq!(due.start, utc("2026-11-28T08:00:00Z"));
        assert_eq!(due.end, utc("2026-11-29T08:00:00Z"));
        assert_eq!(due.periods, 1);
    }

    #[test]
    fn downtime_across_two_slots_gives_one_catch_up_covering_the_gap() {
        let daily = schedule("08:00", "UTC");
        let set_up = utc("2026-11-01T00:00:00Z");
        let last = Some(utc("2026-11-25T08:00:00Z"));
        let due = daily
            .due(utc("2026-11-27T09:30:00Z"), last, set_up)
            .unwrap();
        let expected = Due {
            start: utc("2026-11-25T08:00:00Z"),
            end: utc("2026-11-27T08:00:00Z"),
            periods: 2,
        };
        assert_eq!(due, expected);
    }

    #[test]
    fn a_long_outage_looks_back_at_most_a_week() {
        let daily = schedule("08:00", "UTC");
        let last = Some(utc("2026-09-01T08:00:00Z"));
        let due = daily
            .due(
                utc("2026-11-27T09:00:00Z"),
                last,
                utc("2026-08-01T00:00:00Z"),
            )
            .unwrap();
        assert_eq!(due.end, utc("2026-11-27T08:00:00Z"));
        assert!(due.end - due.start <= MAX_WINDOW);
    }
}

#[cfg(test)]
mod since_last_tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn mondays() -> Schedule {
        Schedule {
            time: DigestTime::parse("08:00").unwrap(),
            zone: TimeZone::parse("Europe/London").unwrap(),
            weekdays: Weekdays::parse("mon").unwrap(),
            window: DigestWindow::SinceLast,
        }
    }

    #[test]
    fn a_first_weekly_digest_covers_the_week_before_it() {
        // Set up on a Wednesday; the first digest is the next Monday's and covers the whole week.
        let due = mondays()
            .due(
                utc("2026-12-07T08:00:30Z"),
                None,
                utc("2026-12-02T10:00:00Z"),
            )
            .unwrap();
        assert_eq!(due.start, utc("2026-11-30T08:00:00Z"));
        assert_eq!(due.end, utc("2026-12-07T08:00:00Z"));
        assert_eq!(due.periods, 1);
    }

    #[test]
    fn a_weekly_digest_starts_where_the_last_ended() {
        let last = utc("2026-11-30T08:00:00Z");
        let due = mondays()
            .due(
                utc("2026-12-07T09:00:00Z"),
                Some(last),
                utc("2026-10-01T00:00:00Z"),
            )
            .unwrap();
        assert_eq!((due.start, due.end), (last, utc("2026-12-07T08:00:00Z")));
        // Nothing more is due until the next Monday.
        let posted = Some(due.end);
        assert_eq!(
            mondays().due(
                utc("2026-12-11T09:00:00Z"),
                posted,
                utc("2026-10-01T00:00:00Z")
            ),
            None
        );
    }

    #[test]
    fn since_last_never_looks_back_more_than_a_week() {
        let mut daily = mondays();
        daily.weekdays = Weekdays::DAILY;
        let last = Some(utc("2026-11-01T08:00:00Z"));
        let due = daily
            .due(
                utc("2026-12-07T08:00:30Z"),
                last,
                utc("2026-10-01T00:00:00Z"),
            )
            .unwrap();
        assert_eq!(due.end - due.start, MAX_WINDOW);
        // A daily since-last digest's first run covers the day before it.
        let first = daily
            .due(
                utc("2026-12-07T08:00:30Z"),
                None,
                utc("2026-12-06T09:00:00Z"),
            )
            .unwrap();
        assert_eq!(first.start, utc("2026-12-06T08:00:00Z"));
    }
}
