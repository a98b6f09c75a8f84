//! What the Discord side reports to `/metrics` and `/healthz`: whether the gateway is connected, the
//! rate-limit waits serenity announces, and how long each command took.

use super::{Context, Data, Error};
use crate::monitor::{names, GatewayProbe};
use crate::sources::BoxFuture;
use poise::serenity_prelude as serenity;
use std::sync::Arc;
use std::time::Instant;

/// Asks the shard manager whether a shard is connected.
pub struct GatewayHealth(pub(super) Arc<serenity::ShardManager>);

impl GatewayProbe for GatewayHealth {
    fn connected(&self) -> BoxFuture<'_, bool> {
        Box::pin(async move {
            let runners = self.0.runners.lock().await;
            runners
                .values()
                .any(|runner| runner.stage == serenity::ConnectionStage::Connected)
        })
    }
}

/// Counts the waits serenity's rate limiter announces (it calls event handlers, not the framework).
pub(super) struct RateLimitCounter;

#[serenity::async_trait]
impl serenity::EventHandler for RateLimitCounter {
    async fn ratelimit(&self, info: serenity::RatelimitInfo) {
        let scope = if info.global { "global" } else { "route" };
        metrics::counter!(names::DISCORD_RATE_LIMITED, "scope" => scope).increment(1);
        tracing::debug!(path = %info.path, secs = info.timeout.as_secs_f64(), scope, "Discord rate limit wait");
    }
}

/// When a command started, kept in the invocation for `command_finished`.
struct Started(Instant);

pub(super) async fn command_started(ctx: Context<'_>) {
    ctx.set_invocation_data(Started(Instant::now())).await;
}

/// Records a command's handling time, from `pre_command` to its end (a reply sent, or an error).
pub(super) async fn command_finished(ctx: poise::Context<'_, Data, Error>, outcome: &'static str) {
    // The sign that a command is done with: after it, a successful command sends nothing more.
    tracing::debug!(command = %ctx.command().qualified_name, outcome, "command finished");
    let Some(started) = ctx.invocation_data::<Started>().await.map(|s| s.0) else {
        return;
    };
    metrics::histogram!(
        names::COMMAND_DURATION,
        "command" => ctx.command().qualified_name.clone(),
        "outcome" => outcome
    )
    .record(started.elapsed().as_secs_f64());
}
