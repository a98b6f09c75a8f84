//! Throttles for the commands that cost the installation something (`[throttle]`): per-member and
//! per-guild limits and a global concurrency cap for `/summary`, `/voices` and `/trend` with a cache
//! of recent answers, and per-member caps on `/ask` and open journal clubs. The rules are
//! `domain::throttle`'s; this module owns the clock (injected, so tests use a fake one), the lock
//! and the semaphore.

use crate::config::ThrottleSettings;
use crate::domain::throttle::{Quota, RateLimits, TtlCache};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Where throttles read the time.
pub trait Clock: Send + Sync {
    fn now(&self) -> Instant;
}

/// The monotonic clock of the running bot.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// The answers kept at most, whatever their age: a bound on memory, far above what a few minutes
/// of real use produce.
const CACHED_ANSWERS: usize = 512;

/// The cache of answers identifies a report by all it depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReportKey {
    pub command: &'static str,
    pub guild: u64,
    /// The topic as parsed (so `#MedEd` and `meded` are one key), empty for none.
    pub topic: String,
    pub window: String,
}

/// Why a member is told to wait, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// This member ran a report moments ago.
    MemberCooldown(Duration),
    /// This guild has had its reports for the minute.
    GuildQuota(Duration),
    /// Every report slot of the installation is busy.
    Busy,
    /// This member started their hour's questions.
    AskQuota(Duration),
}

/// What a report request may do.
pub enum Admission<A> {
    /// The same report was computed moments ago: this is it.
    Cached(A),
    /// Compute it, holding the slot (none when throttles are off) until done.
    Compute(Option<OwnedSemaphorePermit>),
}

struct State<A> {
    member_reports: RateLimits<(u64, u64)>,
    guild_reports: RateLimits<u64>,
    asks: RateLimits<(u64, u64)>,
    answers: TtlCache<ReportKey, A>,
}

/// The throttles of one running bot; `A` is the answer kept (a Discord reply in the bot).
pub struct Throttles<A> {
    enabled: bool,
    clock: Arc<dyn Clock>,
    state: Mutex<State<A>>,
    reports: Arc<Semaphore>,
    open_clubs_per_member: u32,
}

impl<A: Clone> Throttles<A> {
    pub fn new(settings: &ThrottleSettings, clock: Arc<dyn Clock>) -> Self {
        Self {
            enabled: settings.enabled,
            clock,
            state: Mutex::new(State {
                member_reports: RateLimits::new(Quota::cooldown(
                    settings.report_member_cooldown.as_duration(),
                )),
                guild_reports: RateLimits::new(Quota {
                    count: settings.report_guild_per_minute,
                    per: Duration::from_secs(60),
                }),
                asks: RateLimits::new(Quota {
                    count: settings.ask_per_member_per_hour,
                    per: Duration::from_secs(3_600),
                }),
                answers: TtlCache::new(settings.answer_cache.as_duration(), CACHED_ANSWERS),
            }),
            reports: Arc::new(Semaphore::new(settings.report_concurrency.max(1) as usize)),
            open_clubs_per_member: settings.open_journal_clubs_per_member,
        }
    }

    /// Whether `member` of `guild` may have the report `key` now: from the cache, computed (with
    /// a slot), or refused with the time to wait. Only an admitted request counts as a use.
    pub fn admit_report(
        &self,
        guild: u64,
        member: u64,
        key: &ReportKey,
    ) -> Result<Admission<A>, Refusal> {
        if !self.enabled {
            return Ok(Admission::Compute(None));
        }
        let now = self.clock.now();
        let mut state = self.state.lock().expect("throttle state is never poisoned");
        if let Some(wait) = state.member_reports.wait_for(&(guild, member), now) {
            return Err(Refusal::MemberCooldown(wait));
        }
        if let Some(answer) = state.answers.get(key, now) {
            state.member_reports.record((guild, member), now);
            return Ok(Admission::Cached(answer));
        }
        if let Some(wait) = state.guild_reports.wait_for(&guild, now) {
            return Err(Refusal::GuildQuota(wait));
        }
        let permit = Arc::clone(&self.reports)
            .try_acquire_owned()
            .map_err(|_| Refusal::Busy)?;
        state.member_reports.record((guild, member), now);
        state.guild_reports.record(guild, now);
        Ok(Admission::Compute(Some(permit)))
    }

    /// Keeps a computed answer for the next request of the same report.
    pub fn remember(&self, key: ReportKey, answer: A) {
        if !self.enabled {
            return;
        }
        let now = self.clock.now();
        let mut state = self.state.lock().expect("throttle state is never poisoned");
        state.answers.insert(key, answer, now);
    }

    /// Whether `member` may start another `/ask` now (and counts it if so).
    pub fn admit_ask(&self, guild: u64, member: u64) -> Result<(), Refusal> {
        if !self.enabled {
            return Ok(());
        }
        let now = self.clock.now();
        let mut state = self.state.lock().expect("throttle state is never poisoned");
        state
            .asks
            .try_take((guild, member), now)
            .map_err(Refusal::AskQuota)
    }

    /// How many journal clubs one member may have open in a guild, if throttles are on.
    pub fn open_clubs_per_member(&self) -> Option<u32> {
        self.enabled.then_some(self.open_clubs_per_member)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ConfigDuration;

    /// A clock the test moves by hand.
    struct FakeClock(Mutex<Instant>);

    impl FakeClock {
        fn advance(&self, by: Duration) {
            *self.0.lock().unwrap() += by;
        }
    }

    impl Clock for FakeClock {
        fn now(&self) -> Instant {
            *self.0.lock().unwrap()
        }
    }

    fn settings() -> ThrottleSettings {
        ThrottleSettings {
            enabled: true,
            report_member_cooldown: ConfigDuration::parse("30s").unwrap(),
            report_guild_per_minute: 3,
            report_concurrency: 1,
            answer_cache: ConfigDuration::parse("5m").unwrap(),
            llm_cache: ConfigDuration::parse("1h").unwrap(),
            ask_per_member_per_hour: 2,
            open_journal_clubs_per_member: 3,
        }
    }

    fn throttles(settings: &ThrottleSettings) -> (Arc<FakeClock>, Throttles<String>) {
        let clock = Arc::new(FakeClock(Mutex::new(Instant::now())));
        let throttles = Throttles::new(settings, clock.clone());
        (clock, throttles)
    }

    fn key(topic: &str) -> ReportKey {
        ReportKey {
            command: "summary",
            guild: 1,
            topic: topic.into(),
            window: "7d".into(),
        }
    }

    fn computes(admission: Result<Admission<String>, Refusal>) -> Option<OwnedSemaphorePermit> {
        match admission {
            Ok(Admission::Compute(permit)) => permit,
            Ok(Admission::Cached(answer)) => panic!("expected a computation, got {answer:?}"),
            Err(refusal) => panic!("expected a computation, got {refusal:?}"),
        }
    }

    #[test]
    fn a_second_report_from_the_same_member_waits_out_the_cooldown() {
        let (clock, throttles) = throttles(&settings());
        drop(computes(throttles.admit_report(1, 10, &key("a"))));
        clock.advance(Duration::from_secs(12));
        assert_eq!(
            throttles.admit_report(1, 10, &key("b")).err(),
            Some(Refusal::MemberCooldown(Duration::from_secs(18)))
        );
        clock.advance(Duration::from_secs(18));
        assert!(computes(throttles.admit_report(1, 10, &key("b"))).is_some());
    }

    #[test]
    fn the_same_report_from_another_member_comes_from_the_cache_until_it_expires() {
        let (clock, throttles) = throttles(&settings());
        drop(computes(throttles.admit_report(1, 10, &key("a"))));
        throttles.remember(key("a"), "the answer".into());
        clock.advance(Duration::from_secs(60));
        match throttles.admit_report(1, 11, &key("a")) {
            Ok(Admission::Cached(answer)) => assert_eq!(answer, "the answer"),
            _ => panic!("expected the cached answer"),
        }
        // The cached answer still starts the member's cooldown.
        assert!(matches!(
            throttles.admit_report(1, 11, &key("a")),
            Err(Refusal::MemberCooldown(_))
        ));
        clock.advance(Duration::from_secs(240));
        assert!(computes(throttles.admit_report(1, 12, &key("a"))).is_some());
    }

    #[test]
    fn a_guild_has_its_quota_per_minute_and_cached_answers_do_not_count() {
        let (clock, throttles) = throttles(&settings());
        for member in 10..13 {
            drop(computes(throttles.admit_report(
                1,
                member,
                &key(&member.to_string()),
            )));
            throttles.remember(key(&member.to_string()), "x".into());
            clock.advance(Duration::from_secs(5));
        }
        assert!(matches!(
            throttles.admit_report(1, 20, &key("10")),
            Ok(Admission::Cached(_))
        ));
        assert_eq!(
            throttles.admit_report(1, 21, &key("new")).err(),
            Some(Refusal::GuildQuota(Duration::from_secs(45)))
        );
        // Another guild is not affected.
        let other = ReportKey {
            guild: 2,
            ..key("new")
        };
        assert!(computes(throttles.admit_report(2, 21, &other)).is_some());
    }

    #[test]
    fn reports_beyond_the_concurrency_cap_are_refused_until_a_slot_frees() {
        let (_clock, throttles) = throttles(&settings());
        let running = computes(throttles.admit_report(1, 10, &key("a")));
        assert_eq!(
            throttles.admit_report(1, 11, &key("b")).err(),
            Some(Refusal::Busy)
        );
        drop(running);
        assert!(computes(throttles.admit_report(1, 11, &key("b"))).is_some());
    }

    #[test]
    fn asks_are_capped_per_member_per_hour() {
        let (clock, throttles) = throttles(&settings());
        assert_eq!(throttles.admit_ask(1, 10), Ok(()));
        clock.advance(Duration::from_secs(600));
        assert_eq!(throttles.admit_ask(1, 10), Ok(()));
        assert_eq!(
            throttles.admit_ask(1, 10),
            Err(Refusal::AskQuota(Duration::from_secs(3_000)))
        );
        assert_eq!(throttles.admit_ask(1, 11), Ok(()));
        clock.advance(Duration::from_secs(3_000));
        assert_eq!(throttles.admit_ask(1, 10), Ok(()));
    }

    #[test]
    fn switched_off_nothing_is_refused_or_cached() {
        let mut off = settings();
        off.enabled = false;
        let (_clock, throttles) = throttles(&off);
        for _ in 0..5 {
            assert!(computes(throttles.admit_report(1, 10, &key("a"))).is_none());
            throttles.remember(key("a"), "x".into());
            assert_eq!(throttles.admit_ask(1, 10), Ok(()));
        }
        assert_eq!(throttles.open_clubs_per_member(), None);
    }
}
