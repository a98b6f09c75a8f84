//! What the refresh stage costs each service at a steady rate of new posts: requests an hour against
//! the service's published budget, and how long a full round over every tracked post takes. Computed
//! from the same caps and batch sizes the refreshers use (`cargo bench --bench refresh` prints it),
//! so a change to a cap changes the figures.

use super::{requests_per_pass, Schedule, PROFILES_PER_PASS, PROFILE_EVERY};
use crate::sources::refresh::{bluesky, mastodon, x};
use std::time::Duration;

/// A service's published request budget, from its own rate-limit docs (Mastodon `api/rate-limits`,
/// docs.bsky.app rate limits, the X API v2 limits): `requests` per `per`, for `whom`.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub requests: u32,
    pub per: Duration,
    pub whom: &'static str,
}

impl Budget {
    pub fn per_hour(&self) -> f64 {
        f64::from(self.requests) * 3600.0 / self.per.as_secs_f64()
    }
}

/// Mastodon: 300 requests per 5 minutes per account (and per address), shared with polling.
pub const MASTODON_BUDGET: Budget = Budget {
    requests: 300,
    per: Duration::from_secs(300),
    whom: "account, per instance",
};
/// Bluesky's AppView: 3,000 requests per 5 minutes per address.
pub const BLUESKY_BUDGET: Budget = Budget {
    requests: 3_000,
    per: Duration::from_secs(300),
    whom: "address",
};
/// X: 450 requests per 15 minutes per app, the limit the docs give for recent search (what polling
/// uses); `/2/tweets` lookups are assumed to get no less (not confirmed).
pub const X_BUDGET: Budget = Budget {
    requests: 450,
    per: Duration::from_secs(900),
    whom: "app",
};
/// X bills each post a lookup returns (pay-per-use, 2026 docs).
pub const X_DOLLARS_PER_POST_READ: f64 = 0.005;

/// The lookup a cost is computed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// `GET /api/v1/statuses?id[]=…` (Mastodon 4.3+).
    MastodonBatch,
    /// `GET /api/v1/statuses/:id`, on servers without the batch form.
    MastodonSingle,
    /// getPosts and getProfiles on the AppView.
    Bluesky,
    /// `GET /2/tweets?ids=…`.
    X,
}

impl Lookup {
    pub const ALL: [Lookup; 4] = [
        Lookup::MastodonBatch,
        Lookup::MastodonSingle,
        Lookup::Bluesky,
        Lookup::X,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Lookup::MastodonBatch => "Mastodon 4.3+",
            Lookup::MastodonSingle => "Mastodon < 4.3",
            Lookup::Bluesky => "Bluesky",
            Lookup::X => "X",
        }
    }

    pub fn budget(self) -> Budget {
        match self {
            Lookup::MastodonBatch | Lookup::MastodonSingle => MASTODON_BUDGET,
            Lookup::Bluesky => BLUESKY_BUDGET,
            Lookup::X => X_BUDGET,
        }
    }
}

/// The steady-state cost of one service's refresh task.
#[derive(Debug, Clone, Copy)]
pub struct Cost {
    /// Posts younger than `max_age`, all waiting to be read again.
    pub tracked: usize,
    /// Requests one pass sends (profiles included).
    pub requests_per_pass: usize,
    /// Posts one pass reads.
    pub posts_per_pass: usize,
    pub requests_per_hour: f64,
    /// `requests_per_hour` over the budget's hourly rate.
    pub share_of_budget: f64,
    /// How long until every tracked post was read once (a pass's interval at least).
    pub full_round: Duration,
    /// Posts read a day (what X bills).
    pub posts_read_per_day: f64,
}

/// The cost of refreshing `posts_per_day` new posts of one service, each by a different author (the
/// worst case for profiles), on `schedule`.
pub fn cost(lookup: Lookup, posts_per_day: usize, schedule: Schedule) -> Cost {
    let day = 86_400.0;
    let interval = schedule.interval.as_secs_f64();
    let tracked = (posts_per_day as f64 * schedule.max_age.as_secs_f64() / day).ceil() as usize;
    let (requests, posts) = match lookup {
        Lookup::MastodonBatch => {
            let requests = requests_per_pass(tracked, mastodon::BATCH, mastodon::REQUESTS_PER_PASS);
            (requests, tracked.min(requests * mastodon::BATCH))
        }
        Lookup::MastodonSingle => {
            let requests = requests_per_pass(tracked, 1, mastodon::REQUESTS_PER_PASS);
            (requests, requests)
        }
        Lookup::Bluesky => {
            let post_cap = bluesky::REQUESTS_PER_PASS - bluesky::PROFILE_REQUESTS_PER_PASS;
            let post_requests = requests_per_pass(tracked, bluesky::BATCH, post_cap);
            // Each tracked author's profile is due once per PROFILE_EVERY, spread over the passes.
            let due = (tracked as f64 * interval / PROFILE_EVERY.as_secs_f64()).ceil() as usize;
            let profile_requests = requests_per_pass(
                due.min(PROFILES_PER_PASS),
                bluesky::BATCH,
                bluesky::PROFILE_REQUESTS_PER_PASS,
            );
            (
                post_requests + profile_requests,
                tracked.min(post_requests * bluesky::BATCH),
            )
        }
        Lookup::X => {
            let requests = requests_per_pass(tracked, x::POSTS_PER_PASS, 1);
            (requests, tracked.min(x::POSTS_PER_PASS))
        }
    };
    let passes_per_hour = 3600.0 / interval;
    let requests_per_hour = requests as f64 * passes_per_hour;
    let rounds = if posts == 0 {
        1.0
    } else {
        (tracked as f64 / posts as f64).ceil().max(1.0)
    };
    Cost {
        tracked,
        requests_per_pass: requests,
        posts_per_pass: posts,
        requests_per_hour,
        share_of_budget: requests_per_hour / lookup.budget().per_hour(),
        full_round: Duration::from_secs_f64(interval * rounds),
        posts_read_per_day: posts as f64 * passes_per_hour * 24.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Schedule {
        Schedule {
            max_age: Duration::from_secs(48 * 3600),
            interval: Duration::from_secs(15 * 60),
        }
    }

    #[test]
    fn ten_thousand_posts_a_day_stay_a_small_share_of_every_budget() {
        let mastodon = cost(Lookup::MastodonBatch, 10_000, defaults());
        assert_eq!(mastodon.tracked, 20_000);
        assert_eq!(
            (mastodon.requests_per_pass, mastodon.posts_per_pass),
            (30, 1_200)
        );
        assert!((mastodon.share_of_budget - 120.0 / 3_600.0).abs() < 1e-9);
        let old = cost(Lookup::MastodonSingle, 10_000, defaults());
        assert_eq!((old.requests_per_pass, old.posts_per_pass), (30, 30));
        let bluesky = cost(Lookup::Bluesky, 10_000, defaults());
        // 40 getPosts (1,000 posts) and 9 getProfiles (209 profiles due a pass).
        assert_eq!(
            (bluesky.requests_per_pass, bluesky.posts_per_pass),
            (49, 1_000)
        );
        assert!(bluesky.share_of_budget < 0.006);
        let x = cost(Lookup::X, 10_000, defaults());
        assert_eq!((x.requests_per_pass, x.posts_per_pass), (1, 100));
        assert!((x.posts_read_per_day - 9_600.0).abs() < 1e-9);
    }

    #[test]
    // The values compared exactly are exact by construction (zero for no overlap or no cost).
    #[allow(clippy::float_cmp)]
    fn a_quiet_service_costs_what_it_tracks() {
        let x = cost(Lookup::X, 10, defaults());
        assert_eq!(
            (x.tracked, x.requests_per_pass, x.posts_per_pass),
            (20, 1, 20)
        );
        assert_eq!(x.full_round, Duration::from_secs(15 * 60));
        let none = cost(Lookup::Bluesky, 0, defaults());
        assert_eq!(none.requests_per_hour, 0.0);
    }
}
