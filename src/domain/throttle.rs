//! Throttles as pure logic: how often a key (a member, a guild) may do something costly, and answers
//! kept for a while so the same question is not computed twice. Time is always passed in (`now`), so
//! the logic is tested with a fake clock; the Discord side owns the real clock and the locks.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::time::{Duration, Instant};

/// At most `count` uses per `per`, over a sliding window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub count: u32,
    pub per: Duration,
}

impl Quota {
    /// One use per `period`: a cooldown.
    pub fn cooldown(period: Duration) -> Self {
        Self {
            count: 1,
            per: period,
        }
    }
}

/// How many keys a limiter or cache holds before it sweeps out what has expired: bounds memory
/// against a flood of distinct members or topics without a sweep on every call.
const SWEEP_AT: usize = 4_096;

/// Per-key sliding windows of recent uses.
#[derive(Debug)]
pub struct RateLimits<K> {
    quota: Quota,
    uses: HashMap<K, VecDeque<Instant>>,
}

impl<K: Eq + Hash + Clone> RateLimits<K> {
    pub fn new(quota: Quota) -> Self {
        Self {
            quota,
            uses: HashMap::new(),
        }
    }

    /// How long until `key` may act again (rounded up to whole seconds, so "try again in N s" is
    /// never early), or `None` if it may act now. Records nothing.
    pub fn wait_for(&mut self, key: &K, now: Instant) -> Option<Duration> {
        if self.quota.count == 0 {
            return Some(round_up_to_seconds(self.quota.per));
        }
        let per = self.quota.per;
        let uses = self.uses.get_mut(key)?;
        while uses
            .front()
            .is_some_and(|used| now.saturating_duration_since(*used) >= per)
        {
            uses.pop_front();
        }
        if uses.len() < self.quota.count as usize {
            return None;
        }
        let oldest = *uses.front()?;
        let free_at = oldest + per;
        Some(round_up_to_seconds(free_at.saturating_duration_since(now)))
    }

    /// Records one use of `key` at `now`.
    pub fn record(&mut self, key: K, now: Instant) {
        if self.uses.len() >= SWEEP_AT {
            let per = self.quota.per;
            self.uses.retain(|_, uses| {
                uses.back()
                    .is_some_and(|last| now.saturating_duration_since(*last) < per)
            });
        }
        let uses = self.uses.entry(key).or_default();
        uses.push_back(now);
        // Only the last `count` uses decide when the next one is allowed.
        while uses.len() > self.quota.count.max(1) as usize {
            uses.pop_front();
        }
    }

    /// Checks and, when allowed, records one use: `Err(wait)` says how long until it would be.
    pub fn try_take(&mut self, key: K, now: Instant) -> Result<(), Duration> {
        match self.wait_for(&key, now) {
            Some(wait) => Err(wait),
            None => {
                self.record(key, now);
                Ok(())
            }
        }
    }
}

/// Answers kept for `ttl`, at most `capacity` of them (the oldest goes first when full).
#[derive(Debug)]
pub struct TtlCache<K, V> {
    ttl: Duration,
    capacity: usize,
    entries: HashMap<K, (Instant, V)>,
}

impl<K: Eq + Hash + Clone, V: Clone> TtlCache<K, V> {
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        Self {
            ttl,
            capacity: capacity.max(1),
            entries: HashMap::new(),
        }
    }

    /// The answer stored for `key` if it is younger than the time to live.
    pub fn get(&mut self, key: &K, now: Instant) -> Option<V> {
        match self.entries.get(key) {
            Some((stored, value)) if now.saturating_duration_since(*stored) < self.ttl => {
                Some(value.clone())
            }
            Some(_) => {
                self.entries.remove(key);
                None
            }
            None => None,
        }
    }

    /// Stores `value` for `key` as of `now`.
    pub fn insert(&mut self, key: K, value: V, now: Instant) {
        if self.entries.len() >= self.capacity && !self.entries.contains_key(&key) {
            let ttl = self.ttl;
            self.entries
                .retain(|_, (stored, _)| now.saturating_duration_since(*stored) < ttl);
            if self.entries.len() >= self.capacity {
                let oldest = self
                    .entries
                    .iter()
                    .min_by_key(|(_, (stored, _))| *stored)
                    .map(|(key, _)| key.clone());
                if let Some(oldest) = oldest {
                    self.entries.remove(&oldest);
                }
            }
        }
        self.entries.insert(key, (now, value));
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn round_up_to_seconds(wait: Duration) -> Duration {
    let whole = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    Duration::from_secs(whole.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn a_cooldown_refuses_until_the_period_has_passed_and_says_how_long() {
        let start = Instant::now();
        let mut limits = RateLimits::new(Quota::cooldown(secs(30)));
        assert_eq!(limits.try_take("ann", start), Ok(()));
        assert_eq!(limits.try_take("ann", start + secs(10)), Err(secs(20)));
        // A refused try is not a use: it does not push the wait further.
        assert_eq!(
            limits.try_take("ann", start + Duration::from_millis(29_500)),
            Err(secs(1))
        );
        assert_eq!(limits.try_take("ann", start + secs(30)), Ok(()));
        assert_eq!(limits.try_take("ann", start + secs(31)), Err(secs(29)));
    }

    #[test]
    fn each_key_has_its_own_window() {
        let start = Instant::now();
        let mut limits = RateLimits::new(Quota::cooldown(secs(30)));
        assert_eq!(limits.try_take("ann", start), Ok(()));
        assert_eq!(limits.try_take("bob", start), Ok(()));
        assert!(limits.try_take("ann", start + secs(1)).is_err());
    }

    #[test]
    fn a_quota_allows_its_count_in_any_window_then_waits_for_the_oldest_use() {
        let start = Instant::now();
        let mut limits = RateLimits::new(Quota {
            count: 3,
            per: secs(60),
        });
        for offset in [0, 10, 20] {
            assert_eq!(limits.try_take(7u64, start + secs(offset)), Ok(()));
        }
        // The fourth within the minute waits until the first use is a minute old.
        assert_eq!(limits.try_take(7, start + secs(25)), Err(secs(35)));
        assert_eq!(limits.try_take(7, start + secs(60)), Ok(()));
        assert_eq!(limits.try_take(7, start + secs(61)), Err(secs(9)));
    }

    #[test]
    fn a_zero_quota_refuses_everything() {
        let start = Instant::now();
        let mut limits = RateLimits::new(Quota {
            count: 0,
            per: secs(3_600),
        });
        assert_eq!(limits.try_take(1u8, start), Err(secs(3_600)));
    }

    #[test]
    fn waits_round_up_to_whole_seconds() {
        let start = Instant::now();
        let mut limits = RateLimits::new(Quota::cooldown(secs(30)));
        limits.record((), start);
        assert_eq!(
            limits.wait_for(&(), start + Duration::from_millis(29_999)),
            Some(secs(1))
        );
        assert_eq!(
            limits.wait_for(&(), start + Duration::from_millis(100)),
            Some(secs(30))
        );
    }

    #[test]
    fn many_keys_are_swept_once_their_window_has_passed() {
        let start = Instant::now();
        let mut limits = RateLimits::new(Quota::cooldown(secs(30)));
        for key in 0..SWEEP_AT {
            limits.record(key, start);
        }
        limits.record(usize::MAX, start + secs(31));
        assert_eq!(limits.uses.len(), 1);
    }

    #[test]
    fn a_cached_answer_lives_for_its_time_to_live() {
        let start = Instant::now();
        let mut cache = TtlCache::new(secs(300), 10);
        cache.insert(("g", "semaglutide"), "answer".to_owned(), start);
        assert_eq!(
            cache
                .get(&("g", "semaglutide"), start + secs(299))
                .as_deref(),
            Some("answer")
        );
        assert_eq!(cache.get(&("g", "apixaban"), start), None);
        assert_eq!(cache.get(&("g", "semaglutide"), start + secs(300)), None);
        assert!(cache.is_empty());
    }

    #[test]
    fn a_full_cache_drops_expired_answers_then_the_oldest() {
        let start = Instant::now();
        let mut cache = TtlCache::new(secs(300), 2);
        cache.insert(1, 'a', start);
        cache.insert(2, 'b', start + secs(10));
        cache.insert(3, 'c', start + secs(20));
        assert_eq!(cache.len(), 2);
        assert_eq!(cache.get(&1, start + secs(21)), None);
        assert_eq!(cache.get(&2, start + secs(21)), Some('b'));
        cache.insert(4, 'd', start + secs(400));
        assert_eq!(cache.get(&4, start + secs(400)), Some('d'));
        assert_eq!(cache.len(), 1);
    }
}
