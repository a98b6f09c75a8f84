//! The summary service (topic summaries, voices, trends): reads from the store, runs the pure summary
//! logic (`domain::summary`) and asks the optional LLM. Used by `/summary`, `/voices`, `/trend` and
//! `rounds summary`.

use crate::config::SummarySettings;
use crate::domain::digest::DigestAuthor;
use crate::domain::summary::citations::CitedSentence;
use crate::domain::summary::{
    build_summary, ExcludedAuthors, SummaryInput, SummaryWindow, Topic, TopicSummary,
};
use crate::domain::throttle::TtlCache;
use crate::domain::GuildId;
use crate::llm::LlmClient;
use crate::store::Store;
use chrono::{DateTime, Duration, Utc};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// How many of a topic's posts a summary reads in full (the most engaged): every match is counted
/// and charted, but a busy week's key terms, voices and sources come from its most engaged posts.
pub const DETAILED_POSTS: usize = 2_000;

/// How many of the window's other posts a topic's key terms are measured against: a sample spread
/// over the window, enough for stable word frequencies without reading a busy week's every post.
pub const REFERENCE_POSTS: usize = 3_000;

/// What summaries need from the configuration.
#[derive(Debug, Clone, Default)]
pub struct Summaries {
    pub excluded: ExcludedAuthors,
    pub llm: Option<LlmClient>,
    /// LLM answers kept by what was asked (`throttle.llm_cache`); none keeps nothing.
    pub llm_answers: Option<Arc<Mutex<LlmAnswers>>>,
}

/// The LLM's answers by topic and the texts it was given: the same posts are not paid for twice.
pub type LlmAnswers = TtlCache<(String, Vec<String>), Vec<CitedSentence>>;

/// LLM answers kept at most: a bound on memory, far above an hour of real use.
const CACHED_LLM_ANSWERS: usize = 256;

impl Summaries {
    pub fn from_settings(settings: &SummarySettings) -> anyhow::Result<Self> {
        Ok(Self {
            excluded: ExcludedAuthors::parse(&settings.excluded_authors),
            llm: LlmClient::from_settings(&settings.llm)?,
            llm_answers: None,
        })
    }

    /// Keeps each LLM answer for `ttl`, so the same posts summarised again cost nothing.
    pub fn caching_llm_answers(mut self, ttl: std::time::Duration) -> Self {
        self.llm_answers = Some(Arc::new(Mutex::new(TtlCache::new(ttl, CACHED_LLM_ANSWERS))));
        self
    }

    /// The LLM's cited sentences for `texts`, from the cache when the same were asked recently.
    async fn abstractive(
        &self,
        llm: &LlmClient,
        topic: &str,
        texts: Vec<String>,
    ) -> Option<Vec<CitedSentence>> {
        let key = (topic.to_owned(), texts);
        if let Some(cache) = &self.llm_answers {
            let cached = cache
                .lock()
                .expect("LLM cache is never poisoned")
                .get(&key, Instant::now());
            if let Some(sentences) = cached {
                tracing::debug!("abstractive summary reused from the cache");
                return Some(sentences);
            }
        }
        match llm.summarise(topic, &key.1).await {
            Ok(sentences) => {
                if let Some(cache) = &self.llm_answers {
                    cache.lock().expect("LLM cache is never poisoned").insert(
                        key,
                        sentences.clone(),
                        Instant::now(),
                    );
                }
                Some(sentences)
            }
            Err(e) => {
                tracing::warn!(error = %e, "abstractive summary failed; showing the extractive one");
                None
            }
        }
    }
}

/// A summary and, when the LLM is on and answered well, its cited sentences.
#[derive(Debug, Clone)]
pub struct SummaryReport {
    pub summary: TopicSummary,
    pub abstractive: Option<Vec<CitedSentence>>,
    /// Topics to try instead, when nothing matched.
    pub suggestions: Vec<String>,
}

/// Builds the summary of `topic` over `window` ending at `now`; `topic = None` covers all the
/// guild's posts (for `/voices` without a topic).
#[tracing::instrument(skip(store, summaries))]
pub async fn summary_for(
    store: &Store,
    summaries: &Summaries,
    guild: GuildId,
    topic: Option<&Topic>,
    window: SummaryWindow,
    now: DateTime<Utc>,
) -> Result<TopicSummary, crate::store::StoreError> {
    let (start, end) = window.bounds(now);
    // Independent reads run side by side: the store's pool has a connection for each.
    let (counted, before, links, own) = tokio::try_join!(
        store.topic_hits(guild, topic, start, end),
        store.topic_posts_by_author(guild, topic, start - (end - start), start),
        store.post_links(guild, start, end),
        store.guild_excluded_authors(guild),
    )?;
    // The operator's list and the guild's own (`/voices exclude:`).
    let excluded = summaries.excluded.with(&own);
    let previous_posts = kept(&before, &excluded);
    let ids: Vec<i64> = counted.iter().map(|hit| hit.post_id).collect();
    let reference = async {
        match topic {
            Some(_) => {
                store
                    .reference_posts(guild, start, end, &ids, REFERENCE_POSTS)
                    .await
            }
            None => Ok(Vec::new()),
        }
    };
    let (matched, rest) = tokio::try_join!(
        store.posts_by_id(guild, start, end, &ids, DETAILED_POSTS),
        reference,
    )?;
    let authors: HashSet<i64> = matched.iter().map(|p| p.author.author_id).collect();
    let bios = store.author_bios(&authors).await?;
    let everything = Topic::Words {
        text: "all tracked posts".to_owned(),
        words: Vec::new(),
    };
    Ok(build_summary(&SummaryInput {
        topic: topic.unwrap_or(&everything),
        window,
        start,
        end,
        counted: &counted,
        matched: &matched,
        rest: &rest,
        links: &links,
        bios: &bios,
        previous_posts,
        excluded: &excluded,
        tiers: crate::lexicons::tiers(),
    }))
}

/// What `/trend` shows: the counts and the chart of `topic` over `window` ending at `now`, against
/// the window before. Only who posted when is read; no post is read in full.
pub async fn trend_for(
    store: &Store,
    summaries: &Summaries,
    guild: GuildId,
    topic: &Topic,
    window: SummaryWindow,
    now: DateTime<Utc>,
) -> Result<TopicSummary, crate::store::StoreError> {
    let (start, end) = window.bounds(now);
    let (counted, before, own) = tokio::try_join!(
        store.topic_hits(guild, Some(topic), start, end),
        store.topic_posts_by_author(guild, Some(topic), start - (end - start), start),
        store.guild_excluded_authors(guild),
    )?;
    let excluded = summaries.excluded.with(&own);
    Ok(build_summary(&SummaryInput {
        topic,
        window,
        start,
        end,
        counted: &counted,
        matched: &[],
        rest: &[],
        links: &[],
        bios: &HashMap::new(),
        previous_posts: kept(&before, &excluded),
        excluded: &excluded,
        tiers: crate::lexicons::tiers(),
    }))
}

/// How many posts, of those counted by author, are by authors not excluded.
fn kept(by_author: &[(DigestAuthor, usize)], excluded: &ExcludedAuthors) -> usize {
    by_author
        .iter()
        .filter(|(author, _)| !excluded.excludes(author))
        .map(|(_, posts)| posts)
        .sum()
}

/// The full `/summary`: the summary, the LLM's cited sentences if enabled, and suggestions when
/// nothing matched.
pub async fn report_for(
    store: &Store,
    summaries: &Summaries,
    guild: GuildId,
    topic: &Topic,
    window: SummaryWindow,
    now: DateTime<Utc>,
) -> Result<SummaryReport, crate::store::StoreError> {
    let summary = summary_for(store, summaries, guild, Some(topic), window, now).await?;
    let suggestions = if summary.is_empty() {
        near_topics(store, guild, topic, now).await?
    } else {
        Vec::new()
    };
    let abstractive = match (&summaries.llm, summary.representative.is_empty()) {
        (Some(llm), false) => {
            let texts: Vec<String> = summary
                .representative
                .iter()
                .map(|p| p.title.clone().unwrap_or_else(|| p.text.clone()))
                .collect();
            summaries.abstractive(llm, &summary.topic, texts).await
        }
        _ => None,
    };
    Ok(SummaryReport {
        summary,
        abstractive,
        suggestions,
    })
}

/// What a member can summarise: tracked hashtags (as `#Tag`) and the drugs and diseases of the last
/// 30 days, most frequent first.
pub async fn topic_names(
    store: &Store,
    guild: GuildId,
    now: DateTime<Utc>,
) -> Result<Vec<String>, crate::store::StoreError> {
    let mut names: Vec<String> = store
        .tracked_hashtags(guild)
        .await?
        .into_iter()
        .map(|t| format!("#{}", t.tag.display()))
        .collect();
    names.extend(
        store
            .known_entities(guild, now - Duration::days(30), now, 200)
            .await?,
    );
    Ok(names)
}

/// Topics near one that found nothing: names sharing a prefix or substring with it, else the most
/// frequent ones.
pub async fn near_topics(
    store: &Store,
    guild: GuildId,
    topic: &Topic,
    now: DateTime<Utc>,
) -> Result<Vec<String>, crate::store::StoreError> {
    let names = topic_names(store, guild, now).await?;
    let wanted = topic.to_string().trim_start_matches('#').to_lowercase();
    let stem: String = wanted.chars().take(4).collect();
    let near: Vec<String> = names
        .iter()
        .filter(|name| {
            let name = name.trim_start_matches('#').to_lowercase();
            !stem.is_empty()
                && (name.contains(&wanted) || wanted.contains(&name) || name.starts_with(&stem))
        })
        .take(5)
        .cloned()
        .collect();
    Ok(if near.is_empty() {
        names.into_iter().take(5).collect()
    } else {
        near
    })
}
