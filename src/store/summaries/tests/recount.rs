//! The guild's rows kept at ingest (`guild_topic_posts`, migration 0015) against a recount from raw
//! posts, through everything that changes them: posts under several tracked tags (some under two,
//! some under none), upstream deletions, posts seen again with other counts, a retention purge, and
//! guilds tracking a new tag and untracking others. After each step the table must equal what the
//! raw tables say, each topic's hits must be the posts the raw tables match (the queries summaries
//! ran before the table existed), and a summary must count and show the same numbers.

use super::super::*;
use crate::app::summary_service::{summary_for, Summaries};
use crate::discord::render::summary::summary_answer;
use crate::domain::entities::Tagger;
use crate::domain::normalize::{normalize, Post};
use crate::domain::post::{Engagement, RawAuthor, RawPost, SourceKind};
use crate::domain::summary::SummaryWindow;
use crate::domain::Hashtag;
use crate::sources::Upstream;
use chrono::Duration;
use std::collections::BTreeSet;

/// Every row the table should hold, recomputed from posts, their tags and entities, and the
/// tracked tags: entity names lower-cased, as the table matches them without regard to case.
const RECOUNT: &str = "
    WITH members AS (
        SELECT DISTINCT t.guild_id, p.post_id, p.created_at, p.author_id,
               p.reply_to IS NOT NULL OR p.quote_of IS NOT NULL AS points
        FROM tracked_hashtags t JOIN post_hashtags h ON h.tag = t.tag
             JOIN posts p ON p.post_id = h.post_id)
    SELECT guild_id, 'g', '', created_at, post_id, author_id, points FROM members
    UNION SELECT m.guild_id, 'h', h.tag, m.created_at, m.post_id, m.author_id, 0
          FROM members m JOIN post_hashtags h ON h.post_id = m.post_id
    UNION SELECT m.guild_id, 'e', lower(e.canonical), m.created_at, m.post_id, m.author_id, 0
          FROM members m JOIN post_entities e ON e.post_id = m.post_id
          WHERE e.kind IN ('drug', 'disease')";

type Row = (i64, String, String, String, i64, i64, i64);

async fn rows(store: &Store, sql: &str) -> BTreeSet<Row> {
    sqlx::query_as::<_, Row>(sql)
        .fetch_all(store.pool())
        .await
        .unwrap()
        .into_iter()
        .collect()
}

/// The posts of `guild` in `[start, end)` matching `topic`, found from the raw tables alone.
async fn raw_hits(
    store: &Store,
    guild: GuildId,
    topic: Option<&Topic>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> BTreeSet<(i64, i64)> {
    let (filter, first, second) = match topic {
        None => ("1".to_owned(), None, None),
        Some(Topic::Hashtag(tag)) => (
            "EXISTS (SELECT 1 FROM post_hashtags x WHERE x.post_id = p.post_id AND x.tag = ?4)"
                .to_owned(),
            Some(tag.key().to_owned()),
            None,
        ),
        Some(topic @ Topic::Words { text, .. }) => (
            "(EXISTS (SELECT 1 FROM post_entities e WHERE e.post_id = p.post_id
                 AND e.kind IN ('drug', 'disease') AND e.canonical = ?4 COLLATE NOCASE)
              OR p.post_id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?5))"
                .to_owned(),
            Some(text.clone()),
            Some(topic.fts_query().unwrap_or_else(|| "\"\"".to_owned())),
        ),
    };
    let sql = format!(
        "SELECT p.post_id, p.author_id FROM posts p
         WHERE p.created_at >= ?2 AND p.created_at < ?3
           AND EXISTS (SELECT 1 FROM post_hashtags g JOIN tracked_hashtags t
                       ON t.tag = g.tag AND t.guild_id = ?1 WHERE g.post_id = p.post_id)
           AND p.author_id NOT IN (SELECT author_id FROM authors WHERE hidden = 1)
           AND ?4 IS ?4 AND ?5 IS ?5 AND {filter}"
    );
    sqlx::query_as::<_, (i64, i64)>(&sql)
        .bind(guild.as_i64())
        .bind(to_db_time(start))
        .bind(to_db_time(end))
        .bind(first)
        .bind(second)
        .fetch_all(store.pool())
        .await
        .unwrap()
        .into_iter()
        .collect()
}

fn post(i: usize, text: &str, hours_ago: i64, likes: u64, now: DateTime<Utc>) -> Post {
    let raw = RawPost {
        source: SourceKind::Mastodon,
        origin: "m.example".into(),
        remote_id: format!("r{i}"),
        uri: format!("r{i}"),
        url: None,
        author: RawAuthor {
            remote_id: format!("a{}", i % 5),
            handle: format!("@a{}@m.example", i % 5),
            ..RawAuthor::default()
        },
        title: None,
        text: text.to_owned(),
        language: None,
        created_at: now - Duration::hours(hours_ago),
        engagement: Engagement {
            likes,
            ..Engagement::default()
        },
        hashtags: vec![],
        links: vec![],
        reply_to: (i % 4 == 1).then(|| format!("r{}", i - 1)),
        quote_of: None,
        repost_of: None,
        mentions: vec![],
    };
    normalize(raw, Tagger::bundled()).unwrap()
}

/// Posts over 20 days: under one tracked tag, two, or none; naming semaglutide or not.
fn posts(now: DateTime<Utc>, likes: u64) -> Vec<Post> {
    let texts = [
        "Semaglutide in heart failure #Cardio",
        "Semaglutide and CKD outcomes #Cardio #Neph",
        "Dialysis access tips #Neph",
        "Untracked semaglutide post #Other",
        "Weight loss on semaglutide #Other #Cardio",
        "Statins again #Cardio",
        "Heart failure clinic notes #Neph #Cardio",
        "No tag at all, semaglutide",
    ];
    (0..40)
        .map(|i| post(i, texts[i % texts.len()], (i as i64 * 11) % 480, likes, now))
        .collect()
}

async fn check(store: &Store, guilds: &[GuildId], now: DateTime<Utc>, step: &str) {
    let kept = rows(
        store,
        "SELECT guild_id, kind, CASE kind WHEN 'e' THEN lower(key) ELSE key END, created_at,
                post_id, author_id, points FROM guild_topic_posts",
    )
    .await;
    assert_eq!(kept, rows(store, RECOUNT).await, "{step}: the table");
    let topics = [
        None,
        Some("#cardio"),
        Some("#neph"),
        Some("#other"),
        Some("SEMAGLUTIDE"),
        Some("heart failure"),
        Some("weight loss"),
    ];
    for guild in guilds {
        for (start, end) in [
            (now - Duration::days(7), now),
            (now - Duration::days(14), now - Duration::days(7)),
            (now - Duration::days(30), now),
        ] {
            for text in topics {
                let topic = text.map(|t| Topic::parse(t).unwrap());
                let hits: BTreeSet<(i64, i64)> = store
                    .topic_hits(*guild, topic.as_ref(), start, end)
                    .await
                    .unwrap()
                    .iter()
                    .map(|h| (h.post_id, h.author.author_id))
                    .collect();
                let raw = raw_hits(store, *guild, topic.as_ref(), start, end).await;
                assert_eq!(hits, raw, "{step}: {guild} {text:?}");
                let by_author: usize = store
                    .topic_posts_by_author(*guild, topic.as_ref(), start, end)
                    .await
                    .unwrap()
                    .iter()
                    .map(|(_, n)| n)
                    .sum();
                assert_eq!(by_author, raw.len(), "{step}: {guild} {text:?} by author");
            }
        }
    }
}

/// What a member sees of `topic` over the last 7 days: the summary's headline counts it from the
/// raw posts' count and authors.
async fn shows_the_recount(store: &Store, guild: GuildId, topic: &str, now: DateTime<Utc>) {
    let topic = Topic::parse(topic).unwrap();
    let window = SummaryWindow::parse("7d").unwrap();
    let summary = summary_for(
        store,
        &Summaries::default(),
        guild,
        Some(&topic),
        window,
        now,
    )
    .await
    .unwrap();
    let week = raw_hits(store, guild, Some(&topic), now - Duration::days(7), now).await;
    let before = raw_hits(
        store,
        guild,
        Some(&topic),
        now - Duration::days(14),
        now - Duration::days(7),
    )
    .await;
    let authors: BTreeSet<i64> = week.iter().map(|(_, author)| *author).collect();
    assert_eq!(summary.posts, week.len());
    assert_eq!(summary.authors, authors.len());
    assert_eq!(summary.previous_posts, before.len());
    assert_eq!(
        summary.volume.iter().map(|bin| bin.posts).sum::<usize>(),
        week.len()
    );
    let shown = summary_answer(&summary, None, Vec::new()).embeds[0]
        .description
        .clone();
    let posts = format!("**{}** post", week.len());
    let people = format!("from **{}** ", authors.len());
    assert!(shown.contains(&posts) && shown.contains(&people), "{shown}");
}

#[tokio::test]
async fn the_guilds_rows_equal_a_recount_from_raw_posts_through_every_change() {
    let store = crate::store::test_store().await;
    let now = Utc::now();
    let (a, b) = (GuildId::new(7).unwrap(), GuildId::new(8).unwrap());
    let tag = |t: &str| Hashtag::parse(t).unwrap();
    store
        .track_hashtag(a, &tag("Cardio"), None, now)
        .await
        .unwrap();
    store
        .track_hashtag(a, &tag("Neph"), None, now)
        .await
        .unwrap();
    store
        .track_hashtag(b, &tag("Neph"), None, now)
        .await
        .unwrap();
    store
        .commit_posts("t", None, &posts(now, 1), now)
        .await
        .unwrap();
    check(&store, &[a, b], now, "stored").await;
    let rows_of_a: (i64,) =
        sqlx::query_as("SELECT count(*) FROM guild_topic_posts WHERE guild_id = 7 AND kind = 'g'")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert!(rows_of_a.0 > 10, "the test holds posts of the guild");
    shows_the_recount(&store, a, "semaglutide", now).await;
    shows_the_recount(&store, a, "#neph", now).await;

    // Deleted upstream: a post under two tracked tags, and one under one.
    let deleted: Vec<Upstream> = ["r1", "r2"]
        .iter()
        .map(|id| Upstream::PostDeleted {
            source: SourceKind::Mastodon,
            remote_id: (*id).to_owned(),
        })
        .collect();
    store
        .commit_batch("t", None, &[], &deleted, now)
        .await
        .unwrap();
    check(&store, &[a, b], now, "deleted").await;

    // Seen again with other counts: nothing the table holds changes.
    store
        .commit_posts("t", None, &posts(now, 50), now)
        .await
        .unwrap();
    check(&store, &[a, b], now, "seen again").await;

    // Retention: posts older than 12 days go.
    let pruned = store.prune_posts(now - Duration::days(12)).await.unwrap();
    assert!(pruned.posts > 0);
    check(&store, &[a, b], now, "pruned").await;

    // A tracks a new tag and untracks one; B untracks its only tag.
    store
        .track_hashtag(a, &tag("Other"), None, now)
        .await
        .unwrap();
    check(&store, &[a, b], now, "tracked #Other").await;
    assert!(store.untrack_hashtag(a, &tag("Cardio")).await.unwrap());
    check(&store, &[a, b], now, "untracked #Cardio").await;
    assert!(store.untrack_hashtag(b, &tag("Neph")).await.unwrap());
    check(&store, &[a, b], now, "B untracked #Neph").await;
    let rows_of_b: (i64,) =
        sqlx::query_as("SELECT count(*) FROM guild_topic_posts WHERE guild_id = 8")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(rows_of_b.0, 0, "a guild tracking nothing holds nothing");
    shows_the_recount(&store, a, "semaglutide", now).await;
    shows_the_recount(&store, a, "#cardio", now).await;

    // A post deleted directly (foreign keys cascading to its tags and entities) leaves too.
    sqlx::query("DELETE FROM posts WHERE remote_id = 'r4'")
        .execute(store.pool())
        .await
        .unwrap();
    check(&store, &[a, b], now, "deleted with cascade").await;
}
