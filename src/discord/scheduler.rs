//! Posts each channel's digest at its local time, exactly once: a run is claimed in the ledger with
//! its messages before anything is sent, each part is recorded as soon as Discord accepts it, and
//! a run a crash left unfinished is resumed on the next start, skipping a part that reached Discord
//! but not the ledger (recognised by the run marker in its footer).

use super::pacer::Pacer;
use super::render::digest::{digest_messages, part_to_message, run_marker, EmbedSpec};
use crate::app::digest_service::channel_digest_for;
use crate::domain::digest::channel::ChannelFilter;
use crate::domain::schedule::slots::Due;
use crate::domain::GuildId;
use crate::monitor::names;
use crate::store::digest_channels::DigestChannel;
use crate::store::digest_runs::{DigestRun, NewDigestRun};
use crate::store::Store;
use chrono::{DateTime, Utc};
use futures_util::StreamExt as _;
use poise::serenity_prelude as serenity;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::OnceCell;

/// How often the scheduler looks for due digests.
const TICK: Duration = Duration::from_secs(20);
/// Channels worked on at once in a round. A few, so one channel's database work or a wait on its
/// own route bucket does not leave the pace unused; not many, since each may hold a request back
/// past its turn and so bunch up with the next ones.
const CONCURRENT_CHANNELS: usize = 4;
/// How many recent messages are searched for a part that may already be posted.
const RECENT_MESSAGES: u8 = 50;

/// Runs until the task is aborted.
pub async fn run_scheduler(http: Arc<serenity::Http>, store: Store, pacer: Arc<Pacer>) {
    let mut me: Option<serenity::UserId> = None;
    loop {
        if me.is_none() {
            me = http.get_current_user().await.ok().map(|u| u.id);
        }
        match post_due_digests(&http, &store, &pacer, me, Utc::now()).await {
            // Tests wait for this line to know a round is over before asserting nothing more came.
            Ok(outcome) => tracing::debug!(
                claimed = outcome.claimed,
                failed = outcome.failed,
                "digest scheduler round finished"
            ),
            Err(e) => tracing::warn!(
                error = format!("{e:#}"),
                "digest scheduler round failed; retrying shortly"
            ),
        }
        tokio::time::sleep(TICK).await;
    }
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoundOutcome {
    /// Digest runs claimed this round (one per channel that was due).
    pub claimed: usize,
    /// Digests built; channels of one guild with the same schedule share one build.
    pub built: usize,
    /// Channels whose digest failed this round and will be retried next round.
    pub failed: usize,
}

/// One round: finish what a crash or a failed send left, then claim and post what is due at `now`.
/// Up to `CONCURRENT_CHANNELS` channels are worked on at once, their requests spaced by `pacer`. A
/// channel that fails (Discord down, a slow query) is logged and retried next round; it never holds
/// up the other channels.
pub async fn post_due_digests(
    http: &serenity::Http,
    store: &Store,
    pacer: &Pacer,
    me: Option<serenity::UserId>,
    now: DateTime<Utc>,
) -> anyhow::Result<RoundOutcome> {
    let mut outcome = RoundOutcome::default();
    for run in store.unfinished_digest_runs().await? {
        if let Err(e) = post_run(http, store, pacer, &run, true, me).await {
            log_channel_failure(run.guild, run.channel_id, &e);
            outcome.failed += 1;
        }
    }
    let builds = Builds::default();
    let claimed = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let channels = store.all_digest_channels().await?;
    futures_util::stream::iter(channels.iter().filter(|(_, channel)| !channel.paused))
        .for_each_concurrent(CONCURRENT_CHANNELS, |(guild, channel)| {
            let (builds, claimed, failed) = (&builds, &claimed, &failed);
            async move {
                let result = async {
                    if let Some(run) = claim_if_due(store, builds, *guild, channel, now).await? {
                        claimed.fetch_add(1, Ordering::Relaxed);
                        post_run(http, store, pacer, &run, false, me).await?;
                    }
                    anyhow::Ok(())
                };
                if let Err(e) = result.await {
                    log_channel_failure(*guild, channel.channel_id, &e);
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
        })
        .await;
    outcome.claimed = claimed.into_inner();
    outcome.failed += failed.into_inner();
    outcome.built = builds.count();
    Ok(outcome)
}

fn log_channel_failure(guild: GuildId, channel: u64, error: &anyhow::Error) {
    tracing::warn!(
        guild = %guild,
        channel,
        error = format!("{error:#}"),
        "digest for this channel failed; retrying next round"
    );
}

/// A digest rendered for posting: its messages as the ledger stores them.
#[derive(Debug)]
struct BuiltDigest {
    messages: String,
    parts: usize,
    posts: usize,
}

/// The digests built in one round, by guild, period and what the channel covers: a guild's channels
/// that share a schedule and a selection (the common case: several channels, one digest time) are
/// built once, not once per channel.
#[derive(Default)]
struct Builds {
    by_key: Mutex<HashMap<BuildKey, Arc<OnceCell<Arc<BuiltDigest>>>>>,
}

type BuildKey = (GuildId, DateTime<Utc>, DateTime<Utc>, u32, ChannelFilter);

impl Builds {
    async fn get(
        &self,
        store: &Store,
        guild: GuildId,
        filter: &ChannelFilter,
        due: &Due,
    ) -> anyhow::Result<Arc<BuiltDigest>> {
        let cell = {
            let mut by_key = self
                .by_key
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(
                by_key
                    .entry((guild, due.start, due.end, due.periods, filter.clone()))
                    .or_default(),
            )
        };
        let built = cell
            .get_or_try_init(|| async {
                let digest =
                    channel_digest_for(store, guild, filter, due.start, due.end, Some(due.periods))
                        .await?;
                let messages = digest_messages(&digest);
                anyhow::Ok(Arc::new(BuiltDigest {
                    messages: serde_json::to_string(&messages)?,
                    parts: messages.len(),
                    posts: digest.posts,
                }))
            })
            .await?;
        Ok(Arc::clone(built))
    }

    fn count(&self) -> usize {
        let by_key = self
            .by_key
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        by_key.values().filter(|cell| cell.initialized()).count()
    }
}

/// Builds (or takes this round's build of) and claims the channel's due digest, if one is due and
/// not yet claimed.
async fn claim_if_due(
    store: &Store,
    builds: &Builds,
    guild: GuildId,
    channel: &DigestChannel,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<DigestRun>> {
    let schedule = channel.schedule();
    let last_end = store.last_digest_end(channel.channel_id).await?;
    let Some(due) = schedule.due(now, last_end, channel.set_up_at) else {
        return Ok(None);
    };
    let digest = builds.get(store, guild, &channel.filter, &due).await?;
    let claimed = store
        .claim_digest_run(
            &NewDigestRun {
                guild,
                channel_id: channel.channel_id,
                period_start: due.start,
                period_end: due.end,
                periods: due.periods,
                messages: &digest.messages,
                parts_total: digest.parts,
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
            parts = digest.parts,
            "digest claimed"
        );
    }
    Ok(claimed)
}

/// Posts the parts of a run not yet recorded as posted.
async fn post_run(
    http: &serenity::Http,
    store: &Store,
    pacer: &Pacer,
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
            && already_posted(http, pacer, channel, &marker, me).await?
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
        pacer.wait().await;
        match channel
            .send_message(http, part_to_message(part, Some(&marker)))
            .await
        {
            Ok(_) => {
                store
                    .mark_digest_part_posted(run.run_id, index, Utc::now())
                    .await?;
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
                metrics::counter!(names::DIGESTS_FAILED).increment(1);
                return Ok(());
            }
            Err(e) => {
                metrics::counter!(names::DIGESTS_FAILED).increment(1);
                return Err(
                    anyhow::Error::new(e).context("failed to post a digest part; will retry")
                );
            }
        }
    }
    metrics::counter!(names::DIGESTS_POSTED).increment(1);
    tracing::info!(guild = %run.guild, channel = run.channel_id, run = run.run_id, "digest posted");
    Ok(())
}

/// Whether one of the channel's recent messages by the bot carries `marker`.
async fn already_posted(
    http: &serenity::Http,
    pacer: &Pacer,
    channel: serenity::ChannelId,
    marker: &str,
    me: Option<serenity::UserId>,
) -> anyhow::Result<bool> {
    pacer.wait().await;
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
