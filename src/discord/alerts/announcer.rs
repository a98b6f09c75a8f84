//! The alert task: every `alerts.check_every` it judges the last complete hour of each guild that
//! has an active alert channel, and announces each surge of a topic the channel follows, once.
//!
//! Exactly-once: an announcement is claimed in the ledger (`store::alerts`, unique per channel,
//! topic and surge start, with a cooldown per topic) before it is sent, and recorded as posted once
//! Discord accepts it. Every attempt carries the same enforced nonce, so a retry of a send that did
//! get through is dropped by Discord; a claim a crash left unsent is sent again at start-up only
//! while Discord still remembers that nonce, and otherwise given up rather than risk a duplicate.

use super::super::pacer::Pacer;
use super::super::reminders::is_transient;
use crate::app::alert_service::{judged_hour, posts_driving, surges_at};
use crate::discord::render::alerts::surge_announcement;
use crate::domain::surge::{Sensitivity, Surge};
use crate::domain::GuildId;
use crate::store::alerts::Announcement;
use crate::store::journal_clubs::NONCE_WINDOW;
use crate::store::Store;
use chrono::{DateTime, Utc};
use poise::serenity_prelude as serenity;
use std::collections::hash_map::{Entry, HashMap};
use std::sync::Arc;
use std::time::Duration;

/// How long a send Discord failed to take (429, 5xx, no answer) is retried: inside the nonce window.
const RETRY_FOR: Duration = Duration::from_secs(60);
const FIRST_RETRY: Duration = Duration::from_millis(500);
const MAX_RETRY: Duration = Duration::from_secs(10);

/// Runs until aborted.
pub async fn run_alerts(
    http: Arc<serenity::Http>,
    store: Store,
    pacer: Arc<Pacer>,
    every: Duration,
    cooldown: chrono::Duration,
) {
    if let Err(e) = recover(&http, &store, &pacer, Utc::now()).await {
        tracing::error!(
            error = format!("{e:#}"),
            "failed to recover interrupted alerts"
        );
    }
    loop {
        match announce_round(&http, &store, &pacer, cooldown, Utc::now()).await {
            Ok(0) => {}
            Ok(posted) => tracing::info!(posted, "surge alerts posted"),
            Err(e) => tracing::warn!(
                error = format!("{e:#}"),
                "surge alert round failed; retrying next round"
            ),
        }
        // Tests count these lines to know checks happened before asserting nothing more came.
        tracing::debug!("surge alert round finished");
        tokio::time::sleep(every).await;
    }
}

/// Claims a previous run left unsent: sent again (same nonce) while Discord still remembers it,
/// given up otherwise.
async fn recover(
    http: &serenity::Http,
    store: &Store,
    pacer: &Pacer,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    for announcement in store.unfinished_announcements().await? {
        if now - announcement.claimed_at < NONCE_WINDOW {
            pacer.wait().await;
            send(http, store, &announcement).await;
        } else {
            tracing::warn!(
                topic = %announcement.topic,
                "an alert was claimed but not confirmed before a restart; not sent again, to avoid a duplicate"
            );
            store
                .mark_announcement_failed(
                    announcement.id,
                    "interrupted before Discord confirmed it",
                    now,
                )
                .await?;
        }
    }
    Ok(())
}

/// One round at `now`: judge each guild with an active alert channel, announce what is new. How
/// many announcements were posted.
pub async fn announce_round(
    http: &serenity::Http,
    store: &Store,
    pacer: &Pacer,
    cooldown: chrono::Duration,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let mut judged: HashMap<(GuildId, Sensitivity), Vec<Surge>> = HashMap::new();
    let mut posted = 0;
    for channel in store.active_alert_channels().await? {
        let surges = match judged.entry((channel.guild, channel.sensitivity)) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(slot) => {
                slot.insert(surges_at(store, channel.guild, now, channel.sensitivity).await?)
            }
        };
        for surge in surges.iter() {
            if !channel.topics.follows(&surge.topic)
                || store
                    .announced_recently(channel.channel_id, &surge.topic, now - cooldown)
                    .await?
            {
                continue;
            }
            let posts = posts_driving(store, channel.guild, surge, now).await?;
            let message = surge_announcement(surge, judged_hour(now), &posts);
            let Some(id) = store
                .claim_announcement(&channel, surge, &message, cooldown, now)
                .await?
            else {
                continue;
            };
            tracing::info!(guild = %channel.guild, channel = channel.channel_id, topic = %surge.topic, "announcing a surge");
            pacer.wait().await;
            let announcement = Announcement {
                id,
                guild: channel.guild,
                channel_id: channel.channel_id,
                topic: surge.topic.clone(),
                surge_start: surge.started,
                message,
                claimed_at: now,
                posted: false,
            };
            if send(http, store, &announcement).await {
                posted += 1;
            }
        }
    }
    Ok(posted)
}

/// Sends one claimed announcement and settles it; `true` when Discord took it.
#[tracing::instrument(skip_all, fields(guild = %announcement.guild, channel = announcement.channel_id, topic = %announcement.topic))]
async fn send(http: &serenity::Http, store: &Store, announcement: &Announcement) -> bool {
    let message = serenity::CreateMessage::new()
        .content(&announcement.message)
        .allowed_mentions(serenity::CreateAllowedMentions::new())
        .nonce(serenity::Nonce::String(format!(
            "rounds-alert-{}",
            announcement.id
        )))
        .enforce_nonce(true);
    let channel = serenity::ChannelId::new(announcement.channel_id);
    let give_up_at = tokio::time::Instant::now() + RETRY_FOR;
    let mut backoff = FIRST_RETRY;
    let outcome = loop {
        match channel.send_message(http, message.clone()).await {
            Err(e) if is_transient(&e) && tokio::time::Instant::now() + backoff < give_up_at => {
                tracing::warn!(error = %e, retry_in_ms = backoff.as_millis() as u64, "Discord did not take a surge alert; retrying");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_RETRY);
            }
            other => break other,
        }
    };
    let (settled, sent) = match outcome {
        Ok(sent) => (
            store
                .mark_announcement_posted(announcement.id, sent.id.get(), Utc::now())
                .await,
            true,
        ),
        Err(e) => {
            tracing::warn!(error = %e, "failed to post a surge alert; not retried");
            (
                store
                    .mark_announcement_failed(announcement.id, &e.to_string(), Utc::now())
                    .await,
                false,
            )
        }
    };
    if let Err(e) = settled {
        // The claim stays; start-up recovery decides what happens to it.
        tracing::error!(error = %e, "failed to record a surge alert's outcome");
    }
    sent
}
