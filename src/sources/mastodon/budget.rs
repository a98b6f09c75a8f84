//! The request budget of one Mastodon instance (300 requests per 5 minutes per IP): how many
//! requests one poll may make, which tags get polled when there are more tags than that, and when
//! the instance's own rate-limit headers say to stop early.

use crate::domain::Hashtag;
use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;
use std::sync::Mutex;
use std::time::Duration;

/// Mastodon's default: 300 requests per 5 minutes, per account and per IP.
const REQUESTS_PER_WINDOW: u64 = 300;
const WINDOW: Duration = Duration::from_secs(300);
/// The part of the allowance a poll plans to use; the rest is left for other clients on the same
/// IP (`rounds doctor`, a second deployment) and for retries.
const SHARE_PERCENT: u64 = 80;
/// Below this many remaining requests (as the server reports), stop and wait for the reset.
pub const LOW_WATER: u64 = 10;

/// Requests one poll may send, given the poll interval: the planned share of the allowance that
/// falls into one interval, at least 1, at most one window's worth.
pub fn requests_per_poll(interval: Duration) -> usize {
    let allowance = REQUESTS_PER_WINDOW * SHARE_PERCENT / 100;
    let share = (u128::from(allowance) * interval.as_millis() / WINDOW.as_millis()) as u64;
    share.clamp(1, allowance) as usize
}

/// How often each tag is fetched when `tag_count` tags share the budget: every poll while they fit
/// (one request each), else every `ceil(tags / per_poll)` polls.
pub fn effective_interval(interval: Duration, tag_count: usize) -> Duration {
    let per_poll = requests_per_poll(interval);
    let rounds = tag_count.div_ceil(per_poll).max(1);
    interval.saturating_mul(rounds as u32)
}

/// Where the round-robin over tags stands, and whether the server asked us to hold off.
#[derive(Debug, Default)]
pub struct Budget {
    next_tag: Mutex<usize>,
    hold_until: Mutex<Option<DateTime<Utc>>>,
}

impl Budget {
    /// The tags to poll this time: all of them if they fit into `per_poll` requests, else the next
    /// `per_poll` of them in key order, continuing where the last poll stopped.
    pub fn select<'t>(&self, tags: &'t [Hashtag], per_poll: usize) -> Vec<&'t Hashtag> {
        let mut sorted: Vec<&Hashtag> = tags.iter().collect();
        sorted.sort_by(|a, b| a.key().cmp(b.key()));
        sorted.dedup_by(|a, b| a.key() == b.key());
        if sorted.len() <= per_poll {
            return sorted;
        }
        let start = *self.next_tag.lock().expect("budget lock") % sorted.len();
        sorted
            .iter()
            .cycle()
            .skip(start)
            .take(per_poll)
            .copied()
            .collect()
    }

    /// Moves the round-robin past the tags a poll actually fetched.
    pub fn advance(&self, polled: usize, tag_count: usize) {
        if tag_count == 0 {
            return;
        }
        let mut next = self.next_tag.lock().expect("budget lock");
        *next = (*next + polled) % tag_count;
    }

    /// How long to wait before sending anything, if the server said we are nearly out of requests.
    pub fn wait(&self, now: DateTime<Utc>) -> Option<Duration> {
        let hold = self.hold_until.lock().expect("budget lock");
        let until = (*hold)?;
        (until > now).then(|| (until - now).to_std().unwrap_or_default())
    }

    /// Reads `X-RateLimit-Remaining`/`-Reset`; true when the poll should stop here.
    pub fn observe(&self, headers: &HeaderMap, now: DateTime<Utc>) -> bool {
        let remaining = headers
            .get("x-ratelimit-remaining")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let Some(remaining) = remaining.filter(|r| *r <= LOW_WATER) else {
            return false;
        };
        // Without a readable reset time, wait out a whole window.
        let wait = super::super::http::retry_after(headers).unwrap_or(WINDOW);
        let until = now + chrono::Duration::from_std(wait).unwrap_or_default();
        *self.hold_until.lock().expect("budget lock") = Some(until);
        tracing::info!(
            remaining,
            wait_s = wait.as_secs(),
            "Mastodon rate limit nearly used up"
        );
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(names: &[&str]) -> Vec<Hashtag> {
        names.iter().map(|n| Hashtag::parse(n).unwrap()).collect()
    }

    #[test]
    fn the_budget_scales_with_the_interval() {
        assert_eq!(requests_per_poll(Duration::from_secs(120)), 96);
        assert_eq!(requests_per_poll(Duration::from_secs(1)), 1);
        assert_eq!(requests_per_poll(Duration::from_secs(3600)), 240);
    }

    #[test]
    fn more_tags_than_the_budget_lengthen_each_tags_interval() {
        let two_minutes = Duration::from_secs(120);
        assert_eq!(effective_interval(two_minutes, 0), two_minutes);
        assert_eq!(effective_interval(two_minutes, 96), two_minutes);
        assert_eq!(effective_interval(two_minutes, 97), two_minutes * 2);
        assert_eq!(
            effective_interval(Duration::from_secs(5), 10),
            Duration::from_secs(15)
        );
    }

    #[test]
    fn tags_are_polled_round_robin_when_they_do_not_fit() {
        let budget = Budget::default();
        let all = tags(&["d", "a", "c", "b", "e"]);
        let keys = |v: Vec<&Hashtag>| v.iter().map(|t| t.key().to_owned()).collect::<Vec<_>>();
        assert_eq!(keys(budget.select(&all, 10)), ["a", "b", "c", "d", "e"]);
        assert_eq!(keys(budget.select(&all, 2)), ["a", "b"]);
        budget.advance(2, 5);
        assert_eq!(keys(budget.select(&all, 2)), ["c", "d"]);
        budget.advance(2, 5);
        assert_eq!(keys(budget.select(&all, 2)), ["e", "a"]);
    }
}
