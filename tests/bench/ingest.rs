//! P1 (SPEC.md §5): ingest throughput. Synthetic Mastodon timeline pages (JSON bodies, 40 statuses
//! each) go through the real page parser, `normalize` with the bundled tagger, and
//! `Store::commit_posts` (500 posts per commit) into a fresh file database with the real
//! migrations (WAL). The same normalised rows are then written to a JSON-lines file and bulk-inserted
//! by `tests/bench/bulk_insert.py` (Python's sqlite3 `executemany`, one transaction) into another
//! fresh database with the same schema, and the two rates are compared.
//!
//! The bot only ingests posts under hashtags some guild tracks, and a tracked tag makes the store
//! keep the guild's posts by topic (migration 0015's triggers, in the same transaction). So before
//! anything is timed, `ROUNDS_BENCH_GUILDS` guilds (default 1) track every hashtag the corpus uses,
//! in both databases, and both pay that cost; `ROUNDS_BENCH_GUILDS=0` measures the bare inserts as
//! the rounds before 2026-12-08 did.
//!
//! `cargo bench --bench ingest`; `ROUNDS_BENCH_POSTS` (default 100000) scales it.

#[path = "common.rs"]
mod common;
#[path = "corpus.rs"]
mod corpus;

use rounds::domain;
use rounds::domain::{GuildId, Hashtag};
use rounds::sources::mastodon;

use chrono::{Duration, TimeZone, Utc};
use corpus::Rng;
use domain::entities::Tagger;
use domain::normalize::{normalize, Post};
use rounds::store::Store;
use serde_json::json;
use std::io::Write;
use std::time::Instant;

const PAGE_SIZE: usize = 40;
const POSTS_PER_COMMIT: usize = 500;
const AUTHORS: usize = 3_000;

/// One page body: `PAGE_SIZE` statuses, newest first, as Mastodon sends them.
fn page_body(rng: &mut Rng, first_id: u64, host: &str) -> Vec<u8> {
    let start = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    let statuses: Vec<_> = (0..PAGE_SIZE as u64)
        .rev()
        .map(|k| {
            let id = first_id + k;
            let (text, tags, link) = corpus::post_text(rng);
            let author = rng.skewed(AUTHORS);
            let home = corpus::INSTANCES[author % corpus::INSTANCES.len()];
            let mut html = format!("<p>{}</p><p>", text.replace('&', "&amp;").replace('<', "&lt;"));
            for tag in &tags {
                html.push_str(&format!(
                    "<a href=\"https://{host}/tags/{}\" class=\"mention hashtag\" rel=\"tag\">#<span>{tag}</span></a> ",
                    tag.to_lowercase()
                ));
            }
            if let Some(link) = &link {
                let shown = link.trim_start_matches("https://");
                html.push_str(&format!(
                    "<a href=\"{}\" target=\"_blank\" rel=\"nofollow noopener noreferrer\"><span class=\"invisible\">https://</span><span class=\"ellipsis\">{}</span><span class=\"invisible\">{}</span></a>",
                    link.replace('&', "&amp;"),
                    &shown[..shown.len().min(30)],
                    &shown[shown.len().min(30)..].replace('&', "&amp;"),
                ));
            }
            html.push_str("</p>");
            let created = start + Duration::seconds(id as i64 % (30 * 86_400));
            json!({
                "id": id.to_string(),
                "uri": format!("https://{home}/users/u{author}/statuses/{id}"),
                "url": format!("https://{home}/@u{author}/{id}"),
                "created_at": created.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                "content": html,
                "spoiler_text": "",
                "language": "en",
                "visibility": "public",
                "sensitive": false,
                "in_reply_to_id": if rng.below(5) == 0 { Some((id - 1 - rng.below(1000) as u64).to_string()) } else { None },
                "reblogs_count": rng.below(50),
                "favourites_count": rng.below(200),
                "replies_count": rng.below(20),
                "tags": tags.iter().map(|t| json!({"name": t.to_lowercase(), "url": format!("https://{host}/tags/{}", t.to_lowercase())})).collect::<Vec<_>>(),
                "mentions": [],
                "emojis": [],
                "media_attachments": [],
                "card": link.as_ref().map(|l| json!({"url": l, "title": "A paper", "type": "link"})),
                "account": {
                    "id": author.to_string(),
                    "username": format!("u{author}"),
                    "acct": if home == host { format!("u{author}") } else { format!("u{author}@{home}") },
                    "display_name": format!("Dr U{author}"),
                    "url": format!("https://{home}/@u{author}"),
                    "note": "<p>Physician. Views my own. #MedMastodon</p>",
                    "followers_count": 100 + author,
                    "following_count": 50,
                    "statuses_count": 1000,
                }
            })
        })
        .collect();
    serde_json::to_vec(&statuses).expect("pages serialise")
}

/// The normalised rows as the store holds them, one post a line, for the Python bulk insert. Ids
/// are the ones SQLite assigns on a fresh database: posts in order, authors at first appearance.
fn write_rows(path: &std::path::Path, posts: &[Post], now: &str) -> std::io::Result<usize> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut authors = std::collections::HashMap::new();
    let mut rows = 0;
    for (i, post) in posts.iter().enumerate() {
        let raw = &post.raw;
        let post_id = i as i64 + 1;
        let key = (raw.source.as_str(), raw.author.remote_id.clone());
        let next = authors.len() as i64 + 1;
        let mut author_row = None;
        let author_id = *authors.entry(key).or_insert_with(|| {
            let a = &raw.author;
            author_row = Some(json!([
                next,
                raw.source.as_str(),
                a.remote_id,
                a.handle,
                a.display_name,
                a.followers,
                a.bio,
                a.url,
                now
            ]));
            next
        });
        let ms = chrono::SecondsFormat::Millis;
        let created_at = raw.created_at.to_rfc3339_opts(ms, true);
        let e = raw.engagement;
        let line = json!({
            "a": author_row,
            "p": [post_id, raw.source.as_str(), raw.remote_id, raw.origin, raw.uri, raw.url, author_id, raw.title, raw.text,
                  raw.language, created_at, now, e.likes, e.reposts, e.replies, e.quotes,
                  raw.reply_to, raw.quote_of, raw.repost_of],
            "h": post.hashtags.iter().map(|t| json!([post_id, t, created_at])).collect::<Vec<_>>(),
            "l": post.links.iter().map(|l| json!([post_id, l.url, l.domain])).collect::<Vec<_>>(),
            "pp": post.papers.iter().map(|r| json!([post_id, r.kind(), r.value()])).collect::<Vec<_>>(),
            "e": post.entities.iter().map(|(k, c)| json!([post_id, k.as_str(), c])).collect::<Vec<_>>(),
            "f": [post_id, raw.title, raw.text],
        });
        rows += 2
            + usize::from(author_row.is_some())
            + post.hashtags.len()
            + post.links.len()
            + post.papers.len()
            + post.entities.len();
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(rows)
}

/// sqlx runs each SQLite connection on a thread of this name.
const SQLITE_THREADS: &str = "sqlx-sqlite";

/// CPU time a post took, steadier than wall-clock time on a shared machine: every thread of the
/// process, and of that SQLite's worker threads (the rest is parsing, normalising, tagging and
/// building the statements).
fn print_cpu((all, sqlite): (f64, f64), posts: usize) {
    let per_post = |seconds: f64| seconds * 1e6 / posts.max(1) as f64;
    println!(
        "  CPU: {all:.2} s = {:.0} µs a post, of which SQLite's worker thread {sqlite:.2} s = {:.0} µs a post",
        per_post(all),
        per_post(sqlite)
    );
}

/// `guilds` guilds, each tracking every hashtag of the corpus, as moderators would with `/track add`.
async fn track_every_tag(store: &Store, guilds: usize, now: chrono::DateTime<Utc>) {
    for g in 0..guilds {
        let guild = GuildId::new(900_000 + g as u64).expect("a guild id");
        for tag in corpus::TAGS {
            let tag = Hashtag::parse(tag).expect("a corpus tag parses");
            store
                .track_hashtag(guild, &tag, None, now)
                .await
                .expect("tracked");
        }
    }
}

fn main() {
    let wanted = common::env_usize("ROUNDS_BENCH_POSTS", 100_000);
    let guilds = common::env_usize("ROUNDS_BENCH_GUILDS", 1);
    let pages = wanted.div_ceil(PAGE_SIZE);
    let host = corpus::INSTANCES[0];
    let headers = reqwest::header::HeaderMap::new();
    println!(
        "P1 ingest: {pages} pages of {PAGE_SIZE} statuses, {POSTS_PER_COMMIT} posts per commit, \
         {guilds} guild(s) tracking all {} of the corpus's hashtags",
        corpus::TAGS.len()
    );

    let mut rng = Rng::new(1);
    let bodies: Vec<Vec<u8>> = (0..pages)
        .map(|p| {
            page_body(
                &mut rng,
                113_000_000_000_000_000 + (p * PAGE_SIZE) as u64,
                host,
            )
        })
        .collect();
    let body_bytes: usize = bodies.iter().map(Vec::len).sum();
    let started = Instant::now();
    let tagger = Tagger::bundled();
    println!(
        "generated {:.1} MB of page bodies; tagger loaded in {:.2} s",
        body_bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ingest.db");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let store = runtime
        .block_on(Store::open(&format!("sqlite://{}", db.display())))
        .expect("store opens");
    let now = Utc::now();
    runtime.block_on(track_every_tag(&store, guilds, now));

    let (mut t_parse, mut t_normalize, mut t_commit) = (0.0, 0.0, 0.0);
    let mut batch: Vec<Post> = Vec::with_capacity(POSTS_PER_COMMIT + PAGE_SIZE);
    let mut all: Vec<Post> = Vec::with_capacity(pages * PAGE_SIZE);
    let mut inserted = 0;
    let stream = format!("mastodon:{host}:meded");
    let cpu_before = common::thread_cpu_seconds();
    let total = Instant::now();
    for (i, body) in bodies.iter().enumerate() {
        let t = Instant::now();
        let page = mastodon::page::parse(body, &headers, host).expect("page parses");
        t_parse += t.elapsed().as_secs_f64();
        assert_eq!(page.skipped, 0, "every synthetic status parses");
        let t = Instant::now();
        batch.extend(
            page.posts
                .into_iter()
                .filter_map(|raw| normalize(raw, tagger).ok()),
        );
        t_normalize += t.elapsed().as_secs_f64();
        if batch.len() >= POSTS_PER_COMMIT || i + 1 == bodies.len() {
            let t = Instant::now();
            let report = runtime
                .block_on(store.commit_posts(&stream, page.newest_id.as_deref(), &batch, now))
                .expect("commit");
            t_commit += t.elapsed().as_secs_f64();
            inserted += report.inserted;
            all.append(&mut batch);
        }
    }
    let seconds = total.elapsed().as_secs_f64();
    let cpu = common::cpu_between(&cpu_before, &common::thread_cpu_seconds(), SQLITE_THREADS);
    runtime.block_on(store.close());
    let ours = inserted as f64 / seconds;
    println!(
        "ours: {inserted} posts in {seconds:.2} s = {ours:.0} posts/s (parse {t_parse:.2} s, normalize+tag {t_normalize:.2} s, commit_posts {t_commit:.2} s)"
    );
    print_cpu(cpu, inserted);
    assert_eq!(inserted, all.len(), "every post is new");

    // The same work with the two cores both busy: the next batch is parsed and normalised while
    // the previous one commits (on SQLite's worker thread), at most one commit in flight.
    let db2 = dir.path().join("ingest-pipelined.db");
    let store2 = runtime
        .block_on(Store::open(&format!("sqlite://{}", db2.display())))
        .expect("store opens");
    runtime.block_on(track_every_tag(&store2, guilds, now));
    let cpu_before = common::thread_cpu_seconds();
    let total = Instant::now();
    let mut in_flight: Option<tokio::task::JoinHandle<usize>> = None;
    let mut inserted2 = 0;
    let mut batch: Vec<Post> = Vec::with_capacity(POSTS_PER_COMMIT + PAGE_SIZE);
    for (i, body) in bodies.iter().enumerate() {
        let page = mastodon::page::parse(body, &headers, host).expect("page parses");
        batch.extend(
            page.posts
                .into_iter()
                .filter_map(|raw| normalize(raw, tagger).ok()),
        );
        if batch.len() >= POSTS_PER_COMMIT || i + 1 == bodies.len() {
            if let Some(previous) = in_flight.take() {
                inserted2 += runtime.block_on(previous).expect("commit task");
            }
            let (store, stream, cursor) = (store2.clone(), stream.clone(), page.newest_id.clone());
            let ready = std::mem::take(&mut batch);
            in_flight = Some(runtime.spawn(async move {
                store
                    .commit_posts(&stream, cursor.as_deref(), &ready, now)
                    .await
                    .expect("commit")
                    .inserted
            }));
        }
    }
    if let Some(previous) = in_flight.take() {
        inserted2 += runtime.block_on(previous).expect("commit task");
    }
    let seconds2 = total.elapsed().as_secs_f64();
    let cpu = common::cpu_between(&cpu_before, &common::thread_cpu_seconds(), SQLITE_THREADS);
    runtime.block_on(store2.close());
    let pipelined = inserted2 as f64 / seconds2;
    println!(
        "ours, pipelined on 2 cores: {inserted2} posts in {seconds2:.2} s = {pipelined:.0} posts/s"
    );
    print_cpu(cpu, inserted2);

    let rows_file = dir.path().join("rows.jsonl");
    let now_text = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let rows = write_rows(&rows_file, &all, &now_text).expect("rows written");
    println!(
        "rows per post: {:.2} ({rows} rows over 7 tables incl. posts_fts)",
        rows as f64 / all.len() as f64
    );
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bench/bulk_insert.py");
    let python = std::process::Command::new("python3")
        .arg(script)
        .arg(&rows_file)
        .arg(dir.path().join("python.db"))
        .arg(guilds.to_string())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    let target_floor = 20_000.0;
    match python {
        Ok(out) if out.status.success() => {
            let report: serde_json::Value =
                serde_json::from_slice(&out.stdout).expect("bulk_insert.py prints JSON");
            let theirs = report["posts_per_s"].as_f64().unwrap_or(f64::NAN);
            let ratio = ours / theirs;
            let ratio2 = pipelined / theirs;
            println!(
                "python sqlite3 executemany: {} posts ({} rows) in {:.2} s = {theirs:.0} posts/s, {:.0} rows/s (SQLite {})",
                report["posts"], report["rows"], report["seconds"].as_f64().unwrap_or(f64::NAN),
                report["rows_per_s"].as_f64().unwrap_or(f64::NAN), report["sqlite_version"].as_str().unwrap_or("?")
            );
            println!(
                "P1 figure: {ours:.0} posts/s sequential ({ratio:.2}x python's bulk insert), {pipelined:.0} posts/s pipelined ({ratio2:.2}x); \
                 target >= 0.5x and >= {target_floor:.0} posts/s: sequential {}, pipelined {}",
                common::verdict(ratio >= 0.5 && ours >= target_floor),
                common::verdict(ratio2 >= 0.5 && pipelined >= target_floor)
            );
        }
        // Without its yardstick P1 has no ratio: a baseline that cannot run fails the bench.
        Ok(out) => {
            eprintln!(
                "P1 baseline failed: tests/bench/bulk_insert.py exited with {}: {}\n(ours was {ours:.0} posts/s; no ratio without the baseline; rows kept in {})",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim(),
                dir.keep().display()
            );
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!(
                "P1 baseline failed: python3 could not run ({e}); no ratio without the baseline"
            );
            std::process::exit(1);
        }
    }
    if std::env::var("ROUNDS_BENCH_KEEP").as_deref() == Ok("1") {
        println!(
            "kept {} (rows.jsonl, ingest.db, python.db)",
            dir.keep().display()
        );
    }
    println!("{}", common::machine());
}
