//! The per-guild daily cap on new feed posts, through the store sink the poller uses and a real
//! database: a feed that floods stores only the cap (the newest), the excess is counted as skipped,
//! later batches that day store nothing more, and a feed another guild also follows keeps storing
//! while that guild is under its cap.

use chrono::{Duration, Utc};
use rounds::domain::entities::Tagger;
use rounds::domain::post::{RawAuthor, RawPost, SourceKind};
use rounds::domain::GuildId;
use rounds::ingest::StoreSink;
use rounds::sources::{Batch, PostSink};
use rounds::store::Store;

const FLOOD: &str = "https://flood.example/feed.xml";
const SHARED: &str = "https://journal.example/rss";

fn label(feed: &str) -> &'static str {
    if feed == FLOOD {
        "Flood"
    } else {
        "Journal"
    }
}

fn feed_post(feed: &str, n: usize) -> RawPost {
    RawPost {
        source: SourceKind::Feed,
        origin: feed.to_owned(),
        remote_id: format!("{feed}#item-{n}"),
        uri: format!("{feed}#item-{n}"),
        url: Some(format!("https://flood.example/{n}")),
        author: RawAuthor {
            remote_id: feed.to_owned(),
            handle: feed.to_owned(),
            ..RawAuthor::default()
        },
        title: Some(format!("{} {n}", label(feed))),
        text: format!("{} item {n}", label(feed)),
        language: None,
        created_at: Utc::now() - Duration::minutes(n as i64),
        engagement: Default::default(),
        hashtags: vec![],
        links: vec![],
        reply_to: None,
        quote_of: None,
        repost_of: None,
        mentions: vec![],
    }
}

fn batch(feed: &str, numbers: std::ops::Range<usize>) -> Batch {
    Batch {
        stream: format!("feed:{feed}"),
        cursor: None,
        posts: numbers.map(|n| feed_post(feed, n)).collect(),
        changes: vec![],
    }
}

async fn stored_titles(store: &Store, feed: &str) -> Vec<String> {
    let guild = GuildId::new(1).unwrap();
    let far = Utc::now() - Duration::days(2);
    let items = store
        .digest_feed_items(guild, far, Utc::now() + Duration::hours(1))
        .await
        .unwrap();
    items
        .into_iter()
        .filter_map(|p| p.title)
        .filter(|title| title.starts_with(label(feed)))
        .collect()
}

#[tokio::test]
async fn a_flooding_feed_stores_at_most_the_guild_cap_a_day_and_shared_feeds_keep_going() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("rounds.db").display());
    let store = Store::open(&url).await.unwrap();
    let (a, b) = (GuildId::new(1).unwrap(), GuildId::new(2).unwrap());
    let now = Utc::now();
    store.follow_feed(a, FLOOD, None, now).await.unwrap();
    store.follow_feed(a, SHARED, None, now).await.unwrap();
    store.follow_feed(b, SHARED, None, now).await.unwrap();
    let sink = StoreSink::new(store.clone(), Tagger::bundled()).with_feed_cap(5);

    let report = sink.commit(batch(FLOOD, 0..20)).await.unwrap();
    assert_eq!((report.inserted, report.skipped), (5, 15));
    let mut titles = stored_titles(&store, FLOOD).await;
    titles.sort();
    assert_eq!(
        titles,
        ["Flood 0", "Flood 1", "Flood 2", "Flood 3", "Flood 4"],
        "the newest"
    );

    let report = sink.commit(batch(FLOOD, 20..30)).await.unwrap();
    assert_eq!(
        (report.inserted, report.skipped),
        (0, 10),
        "the day's cap is spent"
    );

    // Guild A is at its cap, but guild B also follows the shared feed and has room.
    let report = sink.commit(batch(SHARED, 0..3)).await.unwrap();
    assert_eq!((report.inserted, report.skipped), (3, 0));
    let report = sink.commit(batch(SHARED, 3..10)).await.unwrap();
    assert_eq!(
        (report.inserted, report.skipped),
        (2, 5),
        "now B is at its cap too"
    );
    store.close().await;
}
