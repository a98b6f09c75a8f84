//! `rounds demo`: what Rounds does, without a token or a network. A small bundled sample of posts,
//! written for the demo in the shape each source really sends (a Mastodon timeline page, Jetstream
//! events, an X search response, a journal RSS feed), is read by the real adapters, normalised,
//! tagged and stored in a temporary database; then the digest the bot would post, and the summary
//! `/summary` would give of its most discussed drug or disease, are handed to the command line.

use crate::discord::render::embed::EmbedSpec;
use crate::domain::normalize::normalize;
use crate::domain::post::RawPost;
use crate::domain::{GuildId, Hashtag};
use crate::sources::{bluesky, feeds, mastodon, x};
use crate::store::Store;
use anyhow::Context as _;
use chrono::{Duration, Utc};

const MASTODON_PAGE: &str = include_str!("demo/mastodon.json");
const JETSTREAM_EVENTS: &str = include_str!("demo/jetstream.jsonl");
const X_RESPONSE: &str = include_str!("demo/x.json");
const JOURNAL_FEED: &str = include_str!("demo/journal.xml");
const FEED_URL: &str = "https://journal.example/rss";
const TAGS: [&str; 3] = ["MedEd", "MedSky", "NephJC"];

/// What the demo shows: how many sample posts were stored, the digest's messages, and a summary.
pub struct DemoDigest {
    pub loaded: u64,
    pub messages: Vec<Vec<EmbedSpec>>,
    /// The summary of the digest's most discussed entity (else of the first tracked hashtag).
    pub summary: Vec<EmbedSpec>,
}

/// Loads the sample into a temporary database and builds its digest; the database is removed after.
pub async fn run() -> anyhow::Result<DemoDigest> {
    let folder = std::env::temp_dir().join(format!("rounds-demo-{}", std::process::id()));
    std::fs::create_dir_all(&folder).context("failed to create a temporary folder")?;
    let url = format!("sqlite://{}", folder.join("demo.db").display());
    let outcome = demo(&url).await;
    let _ = std::fs::remove_dir_all(&folder);
    outcome
}

async fn demo(url: &str) -> anyhow::Result<DemoDigest> {
    let store = Store::open(url).await?;
    let guild = GuildId::new(1).expect("1 is a valid guild id");
    let now = Utc::now();
    let tags: Vec<Hashtag> = TAGS
        .iter()
        .map(|t| Hashtag::parse(t).expect("valid tag"))
        .collect();
    for tag in &tags {
        store
            .track_hashtag(guild, tag, None, now - Duration::days(2))
            .await?;
    }
    store
        .follow_feed(guild, FEED_URL, None, now - Duration::days(2))
        .await?;

    let mut raw: Vec<RawPost> = Vec::new();
    raw.extend(mastodon::read_page(
        MASTODON_PAGE.as_bytes(),
        "med-mastodon.example",
    )?);
    raw.extend(bluesky::jetstream::read_events(JETSTREAM_EVENTS, &tags));
    raw.extend(x::read_response(X_RESPONSE.as_bytes())?);
    raw.extend(feeds::read_feed(JOURNAL_FEED, FEED_URL, now)?);
    // The sample is dated once and for all; spread it over the last day so it falls in the window.
    let count = raw.len() as i64;
    for (i, post) in raw.iter_mut().enumerate() {
        post.created_at = now - Duration::minutes(30 + (i as i64) * (20 * 60 / count.max(1)));
    }
    let tagger = crate::lexicons::tagger();
    let posts: Vec<_> = raw
        .into_iter()
        .filter_map(|p| normalize(p, tagger).ok())
        .collect();
    let report = store.commit_posts("demo", None, &posts, now).await?;

    let digest =
        crate::app::digest_service::digest_for(&store, guild, now - Duration::hours(24), now, None)
            .await?;
    let messages = crate::discord::render::digest::digest_messages(&digest);
    let topic = digest
        .entities
        .first()
        .map_or_else(|| format!("#{}", TAGS[0]), |e| e.name.clone());
    let topic = crate::domain::summary::Topic::parse(&topic)?;
    let summaries = crate::app::summary_service::Summaries::default();
    let summary = crate::app::summary_service::report_for(
        &store,
        &summaries,
        guild,
        &topic,
        crate::domain::summary::SummaryWindow::Week,
        now,
    )
    .await?;
    let summary =
        crate::discord::render::summary::summary_answer(&summary.summary, None, Vec::new()).embeds;
    store.close().await;
    Ok(DemoDigest {
        loaded: report.inserted as u64,
        messages,
        summary,
    })
}
