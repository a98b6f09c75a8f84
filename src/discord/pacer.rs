//! The bot's own pace for bulk requests to Discord. Discord allows a bot 50 requests per second in
//! all (the global limit), but announces only the per-route limits in its headers, and serenity's
//! ratelimiter learns of the global limit only from a 429. The senders that can burst (the digest
//! scheduler, journal club reminders) therefore share one `Pacer`, which spaces their requests at
//! least `1 / rate` apart; command replies stay outside it (interaction responses are not under the
//! global limit) and use the headroom left below 50.

use crate::http::Limiter;
use std::ops::Deref;

/// Discord's global limit: requests per second per bot.
pub const DISCORD_GLOBAL_LIMIT: u32 = 50;

/// The toolkit's even-spacing `Limiter`, at a rate given in requests per second; there is no burst
/// allowance, so any one-second window holds at most `rate + 1` requests.
#[derive(Debug)]
pub struct Pacer(Limiter);

impl Pacer {
    /// A pacer for `per_second` requests per second (at least 1).
    pub fn new(per_second: u32) -> Pacer {
        Pacer(Limiter::per_second(per_second))
    }

    /// Waits for this sender's turn, and records how long that took (the queue behind the pacer).
    pub async fn wait(&self) {
        let started = std::time::Instant::now();
        self.0.wait().await;
        metrics::histogram!(crate::monitor::names::PACER_WAIT)
            .record(started.elapsed().as_secs_f64());
    }
}

impl Deref for Pacer {
    type Target = Limiter;

    fn deref(&self) -> &Limiter {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::limiter::tests::most_in_any_window;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;
    use tokio::time::Instant;

    // tokio's paused clock: time moves only when every task waits, so these take no real time.

    #[tokio::test(start_paused = true)]
    async fn requests_are_spaced_at_the_configured_rate() {
        let pacer = Pacer::new(DISCORD_GLOBAL_LIMIT);
        let start = Instant::now();
        let mut times = Vec::new();
        for _ in 0..60 {
            pacer.wait().await;
            times.push(start.elapsed());
        }
        // The first goes at once, each next one interval later.
        assert!(times[59] >= pacer.interval() * 59, "{:?}", times[59]);
        let most = most_in_any_window(&times, Duration::from_secs(1));
        assert!(most <= 51, "{most} requests in one second at 50/s");
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_senders_share_one_rate() {
        let pacer = Arc::new(Pacer::new(DISCORD_GLOBAL_LIMIT - 5));
        let start = Instant::now();
        let times = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (pacer, times) = (Arc::clone(&pacer), Arc::clone(&times));
            tasks.push(tokio::spawn(async move {
                for _ in 0..8 {
                    pacer.wait().await;
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
        // Eight senders together get one rate, not eight: 64 requests take 63 intervals.
        assert!(times[63] >= pacer.interval() * 63, "{:?}", times[63]);
        let most = most_in_any_window(&times, Duration::from_secs(1));
        assert!(most <= 46, "{most} requests in one second at 45/s");
    }

    #[tokio::test(start_paused = true)]
    async fn an_idle_pacer_lets_the_next_request_go_at_once() {
        let pacer = Pacer::new(2);
        pacer.wait().await;
        tokio::time::sleep(pacer.interval()).await;
        let before = Instant::now();
        pacer.wait().await;
        assert!(before.elapsed() < pacer.interval() / 2);
    }
}
