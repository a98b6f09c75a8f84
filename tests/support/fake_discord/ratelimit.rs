//! Discord-like rate limits, off unless a test turns them on with `enforce_rate_limits`.
//!
//! As on Discord: each route has a bucket per major parameter (a channel's message creates share
//! one), announced on every answer with `X-RateLimit-Limit/-Remaining/-Reset/-Reset-After/-Bucket`;
//! a request over it gets a 429 with `Retry-After`, `X-RateLimit-Scope: user` and the JSON body
//! `{message, retry_after, global}`. The global limit (requests per second per bot) is never
//! announced; a request over it gets a 429 with `X-RateLimit-Global: true`. Interaction callbacks
//! and webhooks are outside both, as on Discord. The fake counts its 429s and records when each
//! admitted request arrived, so a test can check the pace it saw.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue};
use serde_json::json;
use tokio::time::Instant;

use super::rest::Reply;
use super::FakeDiscord;

const BUCKET_HEADERS: [&str; 5] = [
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-ratelimit-reset-after",
    "x-ratelimit-bucket",
];

/// One route's allowance: `limit` requests per `window`, per major parameter.
#[derive(Clone, Copy, Debug)]
pub struct RouteLimit {
    pub limit: u32,
    pub window: Duration,
}

/// The limits the fake enforces.
#[derive(Clone, Copy, Debug)]
pub struct RateLimits {
    /// Requests per second across all routes (Discord: 50 per bot).
    pub global_per_second: u32,
    /// `POST /channels/{id}/messages`, per channel (Discord: 5 per 5 s).
    pub message_create: RouteLimit,
    /// Every other route, per method, route shape and major parameter.
    pub other_routes: RouteLimit,
}

impl RateLimits {
    /// Discord's documented figures for bots.
    pub fn discord() -> RateLimits {
        RateLimits {
            global_per_second: 50,
            message_create: RouteLimit {
                limit: 5,
                window: Duration::from_secs(5),
            },
            other_routes: RouteLimit {
                limit: 50,
                window: Duration::from_secs(1),
            },
        }
    }

    /// The fastest a bot may create messages spread over `channels` channels, in requests per
    /// second: the sum of the channels' bucket allowances, capped by the global limit.
    pub fn allowed_message_rate(&self, channels: usize) -> f64 {
        let per_channel =
            f64::from(self.message_create.limit) / self.message_create.window.as_secs_f64();
        (per_channel * channels as f64).min(f64::from(self.global_per_second))
    }
}

/// What the fake saw while enforcing limits.
#[derive(Clone, Debug, Default)]
pub struct RateLimitStats {
    /// 429s answered because a route's bucket was empty.
    pub route_limited: usize,
    /// 429s answered because of the global limit.
    pub global_limited: usize,
    /// When each admitted request arrived, from when the limits were turned on.
    pub admitted: Vec<Duration>,
}

impl RateLimitStats {
    pub fn limited(&self) -> usize {
        self.route_limited + self.global_limited
    }

    /// The most admitted requests inside any window of `width`.
    pub fn most_in_any(&self, width: Duration) -> usize {
        let times = &self.admitted;
        (0..times.len())
            .map(|i| {
                times[i..]
                    .iter()
                    .take_while(|t| **t < times[i] + width)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }
}

#[derive(Debug)]
struct Bucket {
    remaining: u32,
    resets_at: Instant,
}

/// The enforcing state, kept in the fake's `Inner` under its lock.
#[derive(Debug)]
pub struct Limiter {
    limits: RateLimits,
    started: Instant,
    buckets: HashMap<String, Bucket>,
    /// Arrival times of the requests admitted in the last second, for the global limit.
    last_second: VecDeque<Instant>,
    pub stats: RateLimitStats,
}

/// The limiter's decision on one request.
pub enum Verdict {
    /// Answer normally, then set these headers.
    Admitted(Vec<(&'static str, String)>),
    /// Answer this 429 (headers included) instead.
    Limited(Reply, Vec<(&'static str, String)>),
}

impl Verdict {
    /// Sets the verdict's headers on the response, replacing the fake's placeholder ones.
    pub fn apply(&self, headers: &mut HeaderMap) {
        let (Verdict::Admitted(pairs) | Verdict::Limited(_, pairs)) = self;
        if pairs.iter().any(|(name, _)| *name == "x-ratelimit-global") {
            // Discord's global 429 names no bucket.
            for name in BUCKET_HEADERS {
                headers.remove(name);
            }
        }
        for (name, value) in pairs {
            if let Ok(value) = HeaderValue::from_str(value) {
                headers.insert(*name, value);
            }
        }
    }
}

impl Limiter {
    pub fn new(limits: RateLimits) -> Limiter {
        Limiter {
            limits,
            started: Instant::now(),
            buckets: HashMap::new(),
            last_second: VecDeque::new(),
            stats: RateLimitStats::default(),
        }
    }

    /// Admits or refuses a request; `None` for routes outside the limits.
    pub fn check(&mut self, method: &str, path: &str) -> Option<Verdict> {
        let rest = path.strip_prefix("/api/v10/")?;
        let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
        if matches!(segments.first(), Some(&"interactions" | &"webhooks")) {
            return None;
        }
        let now = Instant::now();
        let (route, major) = shape(&segments);
        let limit = match (method, segments.as_slice()) {
            ("POST", ["channels", _, "messages"]) => self.limits.message_create,
            _ => self.limits.other_routes,
        };
        let bucket_id = bucket_hash(method, &route);
        let bucket = self
            .buckets
            .entry(format!("{bucket_id}:{major}"))
            .or_insert(Bucket {
                remaining: limit.limit,
                resets_at: now + limit.window,
            });
        if now >= bucket.resets_at {
            bucket.remaining = limit.limit;
            bucket.resets_at = now + limit.window;
        }
        let reset_after = bucket.resets_at - now;
        let reset_at = chrono::Utc::now() + reset_after;
        let bucket_headers = |remaining: u32| {
            vec![
                ("x-ratelimit-limit", limit.limit.to_string()),
                ("x-ratelimit-remaining", remaining.to_string()),
                (
                    "x-ratelimit-reset",
                    format!("{:.3}", reset_at.timestamp_millis() as f64 / 1000.0),
                ),
                ("x-ratelimit-reset-after", seconds(reset_after)),
                ("x-ratelimit-bucket", bucket_id.clone()),
            ]
        };
        if bucket.remaining == 0 {
            self.stats.route_limited += 1;
            let mut headers = bucket_headers(0);
            headers.push(("retry-after", seconds(reset_after)));
            headers.push(("x-ratelimit-scope", "user".to_owned()));
            return Some(Verdict::Limited(too_many(reset_after, false), headers));
        }
        while self
            .last_second
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
        {
            self.last_second.pop_front();
        }
        if self.last_second.len() >= self.limits.global_per_second as usize {
            self.stats.global_limited += 1;
            let oldest = self.last_second.front().copied().unwrap_or(now);
            let retry_after = (oldest + Duration::from_secs(1)).saturating_duration_since(now);
            let headers = vec![
                ("retry-after", seconds(retry_after)),
                ("x-ratelimit-global", "true".to_owned()),
                ("x-ratelimit-scope", "global".to_owned()),
            ];
            return Some(Verdict::Limited(too_many(retry_after, true), headers));
        }
        bucket.remaining -= 1;
        let headers = bucket_headers(bucket.remaining);
        self.last_second.push_back(now);
        self.stats.admitted.push(now - self.started);
        Some(Verdict::Admitted(headers))
    }
}

/// Seconds with millisecond precision, rounded up so a client that waits this long is in time.
fn seconds(duration: Duration) -> String {
    format!("{:.3}", duration.as_micros().div_ceil(1000) as f64 / 1000.0)
}

/// Discord's 429 body.
fn too_many(retry_after: Duration, global: bool) -> Reply {
    Reply {
        status: 429,
        body: Some(json!({
            "message": "You are being rate limited.",
            "retry_after": retry_after.as_secs_f64(),
            "global": global,
        })),
    }
}

/// The route with every id blanked (the same for all channels, as Discord's bucket hash is) and
/// its major parameter (the first id: which channel, guild or webhook).
fn shape(segments: &[&str]) -> (String, String) {
    let mut major = String::new();
    let route: Vec<&str> = segments
        .iter()
        .map(|segment| {
            if !segment.is_empty() && segment.chars().all(|c| c.is_ascii_digit()) {
                if major.is_empty() {
                    (*segment).clone_into(&mut major);
                }
                ":id"
            } else {
                segment
            }
        })
        .collect();
    (route.join("/"), major)
}

fn bucket_hash(method: &str, route: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (method, route).hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

impl FakeDiscord {
    /// From now on, enforce `limits` on REST requests (interactions and webhooks excepted).
    pub fn enforce_rate_limits(&self, limits: RateLimits) {
        self.shared
            .update(|inner| inner.rate_limiter = Some(Limiter::new(limits)));
    }

    /// What the rate limiter saw (all zero when limits are off).
    pub fn rate_limit_stats(&self) -> RateLimitStats {
        self.shared
            .lock()
            .rate_limiter
            .as_ref()
            .map(|limiter| limiter.stats.clone())
            .unwrap_or_default()
    }
}
