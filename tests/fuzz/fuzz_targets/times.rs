//! What moderators type for times and durations: digest times (`HH:MM`), IANA time zones,
//! durations (`90s`, `7d`, also in config), summary windows, and journal-club start times.
#![no_main]

use chrono::{DateTime, Duration, Utc};
use libfuzzer_sys::fuzz_target;
use rounds::domain::duration::ConfigDuration;
use rounds::domain::papers::session::{parse_start_time, MAX_DAYS_AHEAD};
use rounds::domain::schedule::{DigestTime, TimeZone};
use rounds::domain::summary::topic::SummaryWindow;

/// The longest duration accepted: 3650 days.
const MAX_SECONDS: u64 = 3650 * 86_400;

fuzz_target!(|input: &str| {
    if let Ok(duration) = ConfigDuration::parse(input) {
        assert!((1..=MAX_SECONDS).contains(&duration.as_secs()));
        assert_eq!(ConfigDuration::parse(&duration.to_string()), Ok(duration));
        assert_eq!(ConfigDuration::from_secs(duration.as_secs()), Ok(duration));
    }
    if let Ok(time) = DigestTime::parse(input) {
        let shown = time.to_string();
        assert_eq!(shown.len(), 5, "{shown:?}");
        assert_eq!(DigestTime::parse(&shown), Ok(time));
    }
    if let Ok(window) = SummaryWindow::parse(input) {
        assert_eq!(SummaryWindow::parse(window.label()), Ok(window));
    }
    let zone = match TimeZone::parse(input) {
        Ok(zone) => {
            assert_eq!(TimeZone::parse(zone.name()), Ok(zone));
            zone
        }
        Err(_) => TimeZone::parse("Europe/London").expect("a known zone"),
    };
    // A fixed clock, so a crash reproduces whatever the day.
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-03-29T00:30:00Z")
        .expect("a valid time")
        .with_timezone(&Utc);
    for zone in [
        zone,
        TimeZone::parse("Pacific/Chatham").expect("a known zone"),
    ] {
        if let Ok(start) = parse_start_time(input, zone, now) {
            assert!(start > now);
            assert!(start - now <= Duration::days(MAX_DAYS_AHEAD));
        }
    }
    // The second half of the input as a start time in the zone the first half named.
    if let Some((zone_text, when)) = input.split_once('|') {
        if let Ok(zone) = TimeZone::parse(zone_text) {
            if let Ok(start) = parse_start_time(when, zone, now) {
                assert!(start > now && start - now <= Duration::days(MAX_DAYS_AHEAD));
            }
        }
    }
});
