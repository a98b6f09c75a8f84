//! Even spacing for requests to one service, shared by every task that calls it: the n-th caller
//! goes at the earliest one interval after the one before. There is no burst allowance, so any
//! window of one second holds at most `rate + 1` requests. Used for NCBI E-utilities (3 or 10 a
//! second) and, as `discord::pacer::Pacer`, for Discord's global limit.

use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

#[derive(Debug)]
pub struct Limiter {
    interval: Duration,
    /// The earliest moment the next caller may go; `None` before the first.
    next: Mutex<Option<Instant>>,
}

impl Limiter {
    /// Callers spaced at least `interval` apart.
    pub fn every(interval: Duration) -> Self {
        Self {
            interval,
            next: Mutex::new(None),
        }
    }

    /// `per_second` callers a second (at least 1).
    pub fn per_second(per_second: u32) -> Self {
        Self::every(Duration::from_secs(1) / per_second.max(1))
    }

    /// The spacing between two callers.
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// Waits for this caller's turn. Turns are handed out in call order, so concurrent callers share
    /// the rate rather than each getting all of it; the lock is held only to book a turn, never
    /// while sleeping.
    pub async fn wait(&self) {
        let turn = {
            let mut next = self
                .next
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let now = Instant::now();
            let turn = next.map_or(now, |next| next.max(now));
            *next = Some(turn + self.interval);
            turn
        };
        tokio::time::sleep_until(turn).await;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::Arc;

    /// The most of `times` (sorted) inside any window of `width` starting at one of them; shared
    /// with the pacer's tests.
    pub(crate) fn most_in_any_window(times: &[Duration], width: Duration) -> usize {
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

    // tokio's paused clock: time moves only when every task waits, so the spacing is exact and the
    // tests take no real time.

    #[tokio::test(start_paused = true)]
    async fn callers_are_spaced_exactly_one_interval_apart() {
        let limiter = Limiter::per_second(50);
        let start = Instant::now();
        let mut times = Vec::new();
        for _ in 0..120 {
            limiter.wait().await;
            times.push(start.elapsed());
        }
        for (i, time) in times.iter().enumerate() {
            assert_eq!(*time, limiter.interval() * i as u32);
        }
        assert_eq!(most_in_any_window(&times, Duration::from_secs(1)), 50);
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_one_rate() {
        let limiter = Arc::new(Limiter::every(Duration::from_millis(340)));
        let start = Instant::now();
        let times = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (limiter, times) = (Arc::clone(&limiter), Arc::clone(&times));
            tasks.push(tokio::spawn(async move {
                for _ in 0..8 {
                    limiter.wait().await;
                    times.lock().unwrap().push(start.elapsed());
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        let mut times = times.lock().unwrap().clone();
        times.sort();
        assert_eq!(times.len(), 64);
        // Eight callers together get one rate, not eight: 64 turns, each one interval after the last.
        for pair in times.windows(2) {
            assert_eq!(
                pair[1].checked_sub(pair[0]),
                Some(Duration::from_millis(340)),
                "{times:?}"
            );
        }
        assert_eq!(most_in_any_window(&times, Duration::from_secs(1)), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn an_idle_limiter_lets_the_next_caller_go_at_once() {
        let limiter = Limiter::per_second(2);
        limiter.wait().await;
        tokio::time::sleep(limiter.interval() * 3).await;
        let before = Instant::now();
        limiter.wait().await;
        assert_eq!(before.elapsed(), Duration::ZERO);
        // An idle spell is not saved up: the one after still waits its interval.
        limiter.wait().await;
        assert_eq!(before.elapsed(), limiter.interval());
    }
}
