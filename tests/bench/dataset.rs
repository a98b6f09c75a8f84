//! A large store for the digest and memory benchmarks: `ROUNDS_BENCH_DB_POSTS` (default 1,000,000)
//! posts over 30 days, ~50 hashtags (a few popular, a long tail), with authors, links, papers,
//! entities (from the bundled tagger) and the full-text index, and guild 1 tracking four hashtags of
//! different popularity. Generated with set-based SQL (recursive CTEs, a few large transactions),
//! not through ingestion, and cached under `target/bench-data/` (`ROUNDS_BENCH_REBUILD=1` forces a
//! new one). No ANALYZE is run, as the bot runs none: the planner sees what it sees in production.

#![allow(dead_code)]

use super::common;
use super::corpus;
use chrono::{DateTime, TimeZone, Utc};
use rounds::domain::entities::Tagger;
use rounds::store::Store;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, Executor, SqliteConnection};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Instant;

pub const GUILD: i64 = 1;
pub const DAYS: i64 = 30;
/// The tags guild 1 tracks: ranks 0, 3, 10 and 25 by popularity.
pub const TRACKED: [usize; 4] = [0, 3, 10, 25];

pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap()
}

pub fn posts_wanted() -> usize {
    common::env_usize("ROUNDS_BENCH_DB_POSTS", 1_000_000)
}

/// The cached database, generated first if missing (or if `ROUNDS_BENCH_REBUILD=1`).
pub async fn database() -> PathBuf {
    let posts = posts_wanted();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("target/bench-data");
    let path = dir.join(format!("digest-{posts}.db"));
    let rebuild = std::env::var("ROUNDS_BENCH_REBUILD").is_ok_and(|v| v == "1");
    if path.exists() && !rebuild {
        println!(
            "using the cached database {} ({:.0} MB)",
            path.display(),
            size_mb(&path)
        );
        return path;
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let partial = dir.join(format!("digest-{posts}.db.partial"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
    }
    let started = Instant::now();
    generate(&partial, posts).await;
    std::fs::rename(&partial, &path).expect("rename the generated database");
    println!(
        "generated {} with {posts} posts in {:.0} s ({:.0} MB)",
        path.display(),
        started.elapsed().as_secs_f64(),
        size_mb(&path)
    );
    path
}

fn size_mb(path: &std::path::Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1e6)
}

fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

async fn generate(path: &std::path::Path, posts: usize) {
    let url = format!("sqlite://{}", path.display());
    // The real migrations, through the store.
    let store = Store::open(&url).await.expect("store opens");
    store.close().await;
    let options = SqliteConnectOptions::from_str(&url)
        .expect("url")
        .foreign_keys(false)
        .pragma("synchronous", "OFF")
        .pragma("cache_size", "-400000")
        .pragma("temp_store", "MEMORY");
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .expect("connect");
    let tagger = Tagger::bundled();
    let mut lookup = String::from(
        "CREATE TEMP TABLE sentences (id INTEGER PRIMARY KEY, s TEXT NOT NULL);
         CREATE TEMP TABLE sentence_entities (id INTEGER, kind TEXT, canonical TEXT);
         CREATE TEMP TABLE tags (id INTEGER PRIMARY KEY, tag TEXT NOT NULL);
         CREATE TEMP TABLE links (id INTEGER PRIMARY KEY, url TEXT NOT NULL, domain TEXT NOT NULL);\n",
    );
    for (i, s) in corpus::SENTENCES.iter().enumerate() {
        lookup.push_str(&format!(
            "INSERT INTO sentences VALUES ({i}, {});\n",
            sql_text(s)
        ));
        for e in tagger.tag(s) {
            lookup.push_str(&format!(
                "INSERT INTO sentence_entities VALUES ({i}, '{}', {});\n",
                e.kind.as_str(),
                sql_text(&e.canonical)
            ));
        }
    }
    for (i, t) in corpus::TAGS.iter().enumerate() {
        lookup.push_str(&format!(
            "INSERT INTO tags VALUES ({i}, {});\n",
            sql_text(&t.to_lowercase())
        ));
    }
    for (i, l) in corpus::LINKS.iter().enumerate() {
        let link = rounds::domain::links::canonicalize(l).expect("link canonicalises");
        lookup.push_str(&format!(
            "INSERT INTO links VALUES ({i}, {}, {});\n",
            sql_text(&link.url),
            sql_text(&link.domain)
        ));
    }
    let base = start().timestamp();
    let spacing = (DAYS * 86_400) as f64 / posts as f64;
    let (ns, nt, nl) = (
        corpus::SENTENCES.len(),
        corpus::TAGS.len(),
        corpus::LINKS.len(),
    );
    let authors = 20_000;
    let tracked: Vec<String> = TRACKED
        .iter()
        .map(|&i| sql_text(&corpus::TAGS[i].to_lowercase()))
        .collect();
    let script = format!(
        "{lookup}
        BEGIN;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {authors})
        INSERT INTO authors (author_id, source, remote_id, handle, display_name, followers, bio, url, updated_at)
        SELECT i, 'mastodon', 'https://med-mastodon.com/@u' || i, '@u' || i || '@med-mastodon.com',
               'Dr U' || i, 100 + i, 'Physician. Views my own.', 'https://med-mastodon.com/@u' || i,
               '2026-10-31T00:00:00.000Z' FROM n;
        CREATE TEMP TABLE gen AS
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {posts})
        SELECT i AS id, abs(random()) % {ns} AS s1, abs(random()) % {ns} AS s2,
               min(abs(random()) % {nt}, abs(random()) % {nt}) AS t1,
               CASE WHEN abs(random()) % 3 > 0 THEN min(abs(random()) % {nt}, abs(random()) % {nt}) END AS t2,
               CASE WHEN abs(random()) % 3 = 0 THEN min(abs(random()) % {nt}, abs(random()) % {nt}) END AS t3,
               CASE WHEN abs(random()) % 3 > 0 THEN abs(random()) % {nl} END AS link,
               CASE WHEN abs(random()) % 6 = 0 THEN '10.1056/nejmoa23' || printf('%05d', abs(random()) % 100000) END AS doi,
               1 + min(abs(random()) % {authors}, abs(random()) % {authors}) AS author
        FROM n;
        INSERT INTO posts (post_id, source, remote_id, origin, uri, url, author_id, title, text, language,
                           created_at, ingested_at, likes, reposts, replies, quotes)
        SELECT g.id, 'mastodon', 'https://med-mastodon.com/users/u' || g.author || '/statuses/' || g.id,
               'med-mastodon.com', 'https://med-mastodon.com/users/u' || g.author || '/statuses/' || g.id,
               'https://med-mastodon.com/@u' || g.author || '/' || g.id, g.author, NULL,
               a.s || ' ' || b.s || ' #' || t.tag || coalesce(' ' || l.url, '') || coalesce(' doi:' || g.doi, ''),
               'en', strftime('%Y-%m-%dT%H:%M:%fZ', {base} + (g.id - 1) * {spacing}, 'unixepoch'),
               strftime('%Y-%m-%dT%H:%M:%fZ', {base} + (g.id - 1) * {spacing} + 60, 'unixepoch'),
               abs(random()) % 200, abs(random()) % 50, abs(random()) % 20, abs(random()) % 5
        FROM gen g JOIN sentences a ON a.id = g.s1 JOIN sentences b ON b.id = g.s2
             JOIN tags t ON t.id = g.t1 LEFT JOIN links l ON l.id = g.link
        ORDER BY g.id;
        COMMIT;
        BEGIN;
        INSERT OR IGNORE INTO post_hashtags (post_id, tag, created_at)
        SELECT g.id, t.tag, p.created_at FROM gen g JOIN tags t ON t.id IN (g.t1, g.t2, g.t3)
             JOIN posts p ON p.post_id = g.id;
        INSERT OR IGNORE INTO post_links (post_id, url, domain)
        SELECT g.id, l.url, l.domain FROM gen g JOIN links l ON l.id = g.link;
        INSERT OR IGNORE INTO post_papers (post_id, kind, value)
        SELECT id, 'doi', doi FROM gen WHERE doi IS NOT NULL;
        INSERT OR IGNORE INTO post_entities (post_id, kind, canonical)
        SELECT g.id, e.kind, e.canonical FROM gen g JOIN sentence_entities e ON e.id IN (g.s1, g.s2);
        COMMIT;
        BEGIN;
        INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');
        COMMIT;
        BEGIN;
        INSERT INTO guilds (guild_id, created_at) VALUES ({GUILD}, '2026-10-01T00:00:00.000Z');
        INSERT INTO tracked_hashtags (guild_id, tag, display, added_at)
        SELECT {GUILD}, tag, tag, '2026-10-01T00:00:00.000Z' FROM tags WHERE tag IN ({});
        COMMIT;
        DROP TABLE gen;
        PRAGMA wal_checkpoint(TRUNCATE);",
        tracked.join(", ")
    );
    conn.execute(sqlx::raw_sql(&script))
        .await
        .expect("generation script");
    conn.close().await.expect("close");
}
