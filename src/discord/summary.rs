//! `/summary`, `/voices` and `/trend`: what the conversation says about a topic, who leads it, and
//! how much of it there is. Open to every member, within `[throttle]`: a member asking again too
//! soon is told when to retry, and the same report asked again within minutes is answered from
//! memory; a computed answer defers, since a busy month of posts may take longer than Discord's
//! three seconds.

use super::render::summary::{
    nothing_found, summary_answer, to_reply, trend_answer, voices_answer,
};
use super::throttle::{Admission, ReportKey};
use super::{guild_of, render, reply_ephemeral, Context, Error, Refusal};
use crate::app::summary_service::{near_topics, report_for, summary_for, topic_names, trend_for};
use crate::domain::chart::{bar_chart_png, volume_bars};
use crate::domain::summary::{ExcludedAuthors, SummaryWindow, Topic, TopicSummary};
use crate::domain::GuildId;
use chrono::Utc;
use poise::serenity_prelude as serenity;

/// The windows members can pick.
#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum WindowChoice {
    #[name = "1d"]
    Day,
    #[name = "7d"]
    Week,
    #[name = "30d"]
    Month,
}

impl From<WindowChoice> for SummaryWindow {
    fn from(choice: WindowChoice) -> Self {
        match choice {
            WindowChoice::Day => Self::Day,
            WindowChoice::Week => Self::Week,
            WindowChoice::Month => Self::Month,
        }
    }
}

/// Summarise a topic: key terms, representative posts, leading voices, sources and a chart.
#[poise::command(slash_command, guild_only)]
pub async fn summary(
    ctx: Context<'_>,
    #[description = "A tracked #hashtag, a drug, a disease or any words"]
    #[autocomplete = "suggest_topics"]
    #[max_length = 100]
    topic: String,
    #[description = "How far back to look (default 7d)"] window: Option<WindowChoice>,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let topic = parse_topic(&topic)?;
    let window = window.map_or_else(SummaryWindow::default, Into::into);
    let key = report_key("summary", guild, Some(&topic), window);
    throttled_report(ctx, key, || async {
        let data = ctx.data();
        let report = report_for(
            &data.store,
            &data.summaries,
            guild,
            &topic,
            window,
            Utc::now(),
        )
        .await?;
        if report.summary.is_empty() {
            return Ok(nothing_found_reply(&topic, window, &report.suggestions));
        }
        let chart = chart_of(&report.summary);
        let answer = summary_answer(&report.summary, report.abstractive.as_deref(), chart);
        Ok(to_reply(&answer))
    })
    .await
}

/// Who leads the conversation: by engagement and by place in the reply/quote/mention graph.
#[poise::command(slash_command, guild_only)]
pub async fn voices(
    ctx: Context<'_>,
    #[description = "A tracked #hashtag, a drug, a disease or any words (default: everything)"]
    #[autocomplete = "suggest_topics"]
    #[max_length = 100]
    topic: Option<String>,
    #[description = "How far back to look (default 7d)"] window: Option<WindowChoice>,
    #[description = "Moderators: leave this author (handle, profile URL or DID) out here"]
    #[max_length = 300]
    exclude: Option<String>,
    #[description = "Moderators: show this excluded author again"]
    #[max_length = 300]
    include: Option<String>,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    if exclude.is_some() || include.is_some() {
        return change_exclusions(ctx, guild, exclude, include).await;
    }
    let topic = topic.as_deref().map(parse_topic).transpose()?;
    let window = window.map_or_else(SummaryWindow::default, Into::into);
    let key = report_key("voices", guild, topic.as_ref(), window);
    throttled_report(ctx, key, || async {
        let data = ctx.data();
        let summary = summary_for(
            &data.store,
            &data.summaries,
            guild,
            topic.as_ref(),
            window,
            Utc::now(),
        )
        .await?;
        if summary.is_empty() {
            let everything = Topic::Words {
                text: "anything tracked".to_owned(),
                words: Vec::new(),
            };
            let topic = topic.unwrap_or(everything);
            let near = near_topics(&data.store, guild, &topic, Utc::now()).await?;
            return Ok(nothing_found_reply(&topic, window, &near));
        }
        Ok(to_reply(&voices_answer(&summary)))
    })
    .await
}

/// `/voices exclude:` or `include:`: a moderator changes who this guild leaves out.
async fn change_exclusions(
    ctx: Context<'_>,
    guild: crate::domain::GuildId,
    exclude: Option<String>,
    include: Option<String>,
) -> Result<(), Error> {
    if !may_manage_guild(ctx) {
        return Err(Refusal::new(render::moderators_only("voices exclude")).into());
    }
    let (text, excluding) = match (exclude, include) {
        (Some(text), None) => (text, true),
        (None, Some(text)) => (text, false),
        _ => return Err(Refusal::new(render::exclude_or_include()).into()),
    };
    let entry = ExcludedAuthors::entry(&text)
        .map_err(|reason| Refusal::invalid_input("author", &reason))?;
    let store = &ctx.data().store;
    let answer = if excluding {
        let added = store
            .exclude_author(guild, &entry, Some(ctx.author().id.get()), Utc::now())
            .await?;
        render::author_excluded(&entry, added, &store.guild_excluded_authors(guild).await?)
    } else {
        let removed = store.include_author(guild, &entry).await?;
        render::author_included(&entry, removed, &store.guild_excluded_authors(guild).await?)
    };
    reply_ephemeral(ctx, answer).await;
    Ok(())
}

/// Manage Server, as Discord computed it for this interaction (`/voices` is open to everyone; its
/// exclusion options are not).
fn may_manage_guild(ctx: Context<'_>) -> bool {
    let poise::Context::Application(app) = ctx else {
        return false;
    };
    app.interaction
        .member
        .as_ref()
        .and_then(|m| m.permissions)
        .is_some_and(poise::serenity_prelude::Permissions::manage_guild)
}

/// How much a topic is discussed, day by day, against the window before.
#[poise::command(slash_command, guild_only)]
pub async fn trend(
    ctx: Context<'_>,
    #[description = "A tracked #hashtag, a drug, a disease or any words"]
    #[autocomplete = "suggest_topics"]
    #[max_length = 100]
    topic: String,
    #[description = "How far back to look (default 7d)"] window: Option<WindowChoice>,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let topic = parse_topic(&topic)?;
    let window = window.map_or_else(SummaryWindow::default, Into::into);
    let key = report_key("trend", guild, Some(&topic), window);
    throttled_report(ctx, key, || async {
        let data = ctx.data();
        let summary = trend_for(
            &data.store,
            &data.summaries,
            guild,
            &topic,
            window,
            Utc::now(),
        )
        .await?;
        let chart = chart_of(&summary);
        Ok(to_reply(&trend_answer(&summary, chart)))
    })
    .await
}

/// The cache's name for a report: everything its answer depends on.
fn report_key(
    command: &'static str,
    guild: GuildId,
    topic: Option<&Topic>,
    window: SummaryWindow,
) -> ReportKey {
    ReportKey {
        command,
        guild: guild.get(),
        topic: topic.map(Topic::to_string).unwrap_or_default(),
        window: format!("{window:?}"),
    }
}

/// Answers a report from the cache, refuses it with the time to wait, or computes it (deferred,
/// since a busy month may take longer than Discord's three seconds) and keeps the answer.
async fn throttled_report<F, Fut>(ctx: Context<'_>, key: ReportKey, compute: F) -> Result<(), Error>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<poise::CreateReply, Error>>,
{
    let throttles = &ctx.data().throttles;
    let member = ctx.author().id.get();
    // Held until the answer is sent: the slot bounds the reports computed at once.
    let _slot = match throttles.admit_report(key.guild, member, &key) {
        Ok(Admission::Cached(reply)) => {
            tracing::info!(
                command = key.command,
                guild = key.guild,
                "report answered from the cache"
            );
            ctx.send(reply).await?;
            return Ok(());
        }
        Ok(Admission::Compute(slot)) => slot,
        Err(refusal) => {
            tracing::info!(
                command = key.command,
                guild = key.guild,
                ?refusal,
                "report throttled"
            );
            return Err(Refusal::new(render::throttled(refusal)).into());
        }
    };
    ctx.defer().await?;
    let reply = compute().await?;
    tracing::info!(command = key.command, guild = key.guild, "report computed");
    throttles.remember(key, reply.clone());
    ctx.send(reply).await?;
    Ok(())
}

/// The topic typed, or the refusal saying why it can't be used.
fn parse_topic(text: &str) -> Result<Topic, Refusal> {
    Topic::parse(text).map_err(|reason| Refusal::invalid_input("topic", &reason))
}

/// The volume chart, titled with the topic, the bars' unit and the window (times are UTC).
fn chart_of(summary: &TopicSummary) -> Vec<u8> {
    let bin = summary.window.bin();
    let unit = if bin < chrono::Duration::days(1) {
        "hour"
    } else {
        "day"
    };
    let title = format!(
        "{}: posts per {unit}, last {} (UTC)",
        summary.topic,
        summary.window.label()
    );
    bar_chart_png(&title, &volume_bars(&summary.volume, bin))
}

fn nothing_found_reply(
    topic: &Topic,
    window: SummaryWindow,
    suggestions: &[String],
) -> poise::CreateReply {
    poise::CreateReply::default()
        .content(nothing_found(&topic.to_string(), window, suggestions))
        .allowed_mentions(serenity::CreateAllowedMentions::new())
}

/// Tracked hashtags and known drugs and diseases containing what has been typed.
async fn suggest_topics(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    let names = match guild_of(ctx) {
        Ok(guild) => topic_names(&ctx.data().store, guild, Utc::now())
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "failed to list topics for autocomplete");
                Vec::new()
            }),
        Err(_) => Vec::new(),
    };
    let needle = partial.trim().trim_start_matches('#').to_lowercase();
    let choices = names
        .into_iter()
        .filter(|name| name.to_lowercase().contains(&needle))
        .filter(|name| name.chars().count() <= 100)
        .take(25)
        .map(|name| serenity::AutocompleteChoice::new(name.clone(), name))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}
