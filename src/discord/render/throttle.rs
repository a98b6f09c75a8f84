//! What a throttled member is told: why, and when to try again.

use crate::discord::throttle::Refusal;
use std::time::Duration;

/// The ephemeral answer to a throttled command.
pub fn throttled(refusal: Refusal) -> String {
    match refusal {
        Refusal::MemberCooldown(wait) => format!(
            "You asked for a report a moment ago; reports take a while to compute, so each member \
             gets one at a time. Try again in {}.",
            wait_text(wait)
        ),
        Refusal::GuildQuota(wait) => format!(
            "This server has asked for many reports in the last minute. Try again in {}.",
            wait_text(wait)
        ),
        Refusal::Busy => "The bot is computing as many reports as it can at once. Try again in \
                          10 s."
            .to_owned(),
        Refusal::AskQuota(wait) => format!(
            "You have asked several questions in the last hour. Try again in {}.",
            wait_text(wait)
        ),
    }
}

/// The answer when a member already has as many journal clubs open as they may.
pub fn journal_clubs_per_member_reached(cap: u32) -> String {
    format!(
        "You already have {cap} open journal club{}: close one with `/journalclub close` in its \
         thread before starting another.",
        if cap == 1 { "" } else { "s" }
    )
}

/// A wait in words: `40 s`, `2 min 5 s`, `1 h 3 min`.
fn wait_text(wait: Duration) -> String {
    let seconds = wait.as_secs().max(1);
    match seconds {
        0..=59 => format!("{seconds} s"),
        60..=3_599 if seconds % 60 == 0 => format!("{} min", seconds / 60),
        60..=3_599 => format!("{} min {} s", seconds / 60, seconds % 60),
        _ => format!("{} h {} min", seconds / 3_600, seconds % 3_600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_in_seconds_minutes_or_hours() {
        assert_eq!(wait_text(Duration::from_secs(40)), "40 s");
        assert_eq!(wait_text(Duration::from_secs(120)), "2 min");
        assert_eq!(wait_text(Duration::from_secs(125)), "2 min 5 s");
        assert_eq!(wait_text(Duration::from_secs(3_000)), "50 min");
        assert_eq!(wait_text(Duration::from_secs(3_780)), "1 h 3 min");
    }

    #[test]
    fn a_cooldown_says_when_to_try_again() {
        let text = throttled(Refusal::MemberCooldown(Duration::from_secs(28)));
        assert!(text.ends_with("Try again in 28 s."), "{text}");
    }
}
