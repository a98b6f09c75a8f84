//! Posts each channel's digest at its local time, exactly once: a run is claimed in the ledger with
//! its messages before anything is sent, each part is recorded as soon as Discord accepts it, and
//! a run a crash left unfinished is resumed on the next start, skipping a part that reached Discord
//! but not the ledger (recognised by the run marker in its footer).

use super::render::digest::{digest_messages, part_to_message, run_marker, EmbedSpec};
use crate::digests::digest_for;
use crate::domain::schedule::slots::Schedule;
use crate::domain::GuildId;
use crate::store::digest_channels::DigestChannel;
use crate::store::digest_runs::{DigestRun, NewDigestRun};
use crate::store::Store;
use chrono::Utc;
use poise::serenity_prelude as serenity;
use std::sync::Arc;
use std::time::Duration;

/// How often the scheduler looks for due digests.
const TICK: Duration = Duration::from_secs(20);
/// How many recent messages are searched for a part that may already be posted.
const RECENT_MESSAGES: u8 = 50;

/// Runs until the task is aborted.
pub async fn run_scheduler(http: Arc<serenity::Http>, store: Store) {
    let mut me: Option<serenity::UserId> = None;
    loop {
        if me.is_none() {
            me = http.get_current_user().await.ok().map(|u| u.id);
        }
        if let Err(e) = tick(&http, &store, me).await {
            tracing::warn!(
                error = format!("{e:#}"),
                "digest scheduler round failed; retrying shortly"
            );
        }
        tokio::time::sleep(TICK).await;
    }
}

/// One round: finish what a crash or a failed send left, then claim and post what is due. A channel
/// that fails (Discord down, a slow query) is logged and retried next round; it never holds up the
/// other channels.
async fn tick(
    http: &serenity::Http,
    store: &Store,
    me: Option<serenity::UserId>,
) -> anyhow::Result<()> {
    for run in store.unfinished_digest_runs().await? {
        if let Err(e) = post_run(http, store, &run, true, me).await {
            log_channel_failure(run.guild, run.channel_id, &e);
        }
    }
    for (guild, channel) in store.all_digest_channels().await? {
        if channel.paused {
            continue;
        }
        let outcome = async {
            if let Some(run) = claim_if_due(store, guild, &channel).await? {
                post_run(http, store, &run, false, me).await?;
            }
            anyhow::Ok(())
        };
        if let Err(e) = outcome.await {
            log_channel_failure(guild, channel.channel_id, &e);
        }
    }
    Ok(())
}

fn log_channel_failure(guild: GuildId, channel: u64, error: &anyhow::Error) {
    tracing::warn!(
        guild = %guild,
        channel,
        error = format!("{error:#}"),
        "digest for this channel failed; retrying next round"
    );
}

/// Builds and claims the channel's due digest, if one is due and not yet claimed.
async fn claim_if_due(
    store: &Store,
    guild: GuildId,
    channel: &DigestChannel,
) -> anyhow::Result<Option<DigestRun>> {
    let now = Utc::now();
    let schedule = Schedule {
        time: channel.time,
        zone: channel.timezone,
        weekdays: channel.weekdays,
        window: chrono::Duration::seconds(channel.window.as_secs() as i64),
    };
    let last_end = store.last_digest_end(channel.channel_id).await?;
    let Some(due) = schedule.due(now, last_end, channel.set_up_at) else {
        return Ok(None);
    };
    let digest = digest_for(store, guild, due.start, due.end, Some(due.periods)).await?;
    let messages = digest_messages(&digest);
    let json = serde_json::to_string(&messages)?;
    let claimed = store
        .claim_digest_run(
            &NewDigestRun {
                guild,
                channel_id: channel.channel_id,
                period_start: due.start,
                period_end: due.end,
                periods: due.periods,
                messages: &json,
                parts_total: messages.len(),
            },
            now,
        )
        .await?;
    if let Some(run) = &claimed {
        tracing::info!(
            guild = %guild,
            channel = channel.channel_id,
            run = run.run_id,
            periods = due.periods,
            posts = digest.posts,
            parts = messages.len(),
            "digest claimed"
        );
    }
    Ok(claimed)
}

/// Posts the parts of a run not yet recorded as posted.
async fn post_run(
    http: &serenity::Http,
    store: &Store,
    run: &DigestRun,
    resumed: bool,
    me: Option<serenity::UserId>,
) -> anyhow::Result<()> {
    let parts: Vec<Vec<EmbedSpec>> = serde_json::from_str(&run.messages)?;
    let channel = serenity::ChannelId::new(run.channel_id);
    for (index, part) in parts.iter().enumerate().skip(run.parts_posted) {
        let marker = run_marker(run.run_id, index, parts.len());
        if resumed
            && index == run.parts_posted
            && already_posted(http, channel, &marker, me).await?
        {
            tracing::info!(
                run = run.run_id,
                part = index,
                "part was posted before the restart; not posting it again"
            );
            store
                .mark_digest_part_posted(run.run_id, index, Utc::now())
                .await?;
            continue;
        }
        match channel
            .send_message(http, part_to_message(part, Some(&marker)))
            .await
        {
            Ok(_) => {
                store
                    .mark_digest_part_posted(run.run_id, index, Utc::now())
                    .await?
            }
            Err(e) if is_permanent(&e) => {
                tracing::error!(
                    guild = %run.guild,
                    channel = run.channel_id,
                    run = run.run_id,
                    error = %e,
                    "Discord refused the digest; giving up on this period (check the bot's access to the channel)"
                );
                store
                    .mark_digest_run_failed(run.run_id, &e.to_string(), Utc::now())
                    .await?;
                return Ok(());
            }
            Err(e) => {
                return Err(
                    anyhow::Error::new(e).context("failed to post a digest part; will retry")
                )
            }
        }
    }
    tracing::info!(guild = %run.guild, channel = run.channel_id, run = run.run_id, "digest posted");
    Ok(())
}

/// Whether one of the channel's recent messages by the bot carries `marker`.
async fn already_posted(
    http: &serenity::Http,
    channel: serenity::ChannelId,
    marker: &str,
    me: Option<serenity::UserId>,
) -> anyhow::Result<bool> {
    let recent = channel
        .messages(http, serenity::GetMessages::new().limit(RECENT_MESSAGES))
        .await?;
    Ok(recent.iter().any(|message| {
        me.is_none_or(|me| message.author.id == me)
            && message
                .embeds
                .iter()
                .any(|e| e.footer.as_ref().is_some_and(|f| f.text.contains(marker)))
    }))
}

/// Refusals that retrying will not fix: the channel is gone or the bot may not post there.
fn is_permanent(error: &serenity::Error) -> bool {
    match error {
        serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(response)) => {
            matches!(response.status_code.as_u16(), 400 | 403 | 404)
        }
        _ => false,
    }
}
