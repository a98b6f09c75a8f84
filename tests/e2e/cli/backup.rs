//! `rounds backup` while the database is being written: batches of posts commit continuously
//! through the store (as the bot's pollers do) while the real binary takes copies; each copy must
//! pass SQLite's checks and hold whole batches only: every post with its hashtags and its
//! full-text entry.

use super::{stderr, stdout, Cli};
use rounds::domain::normalize::{normalize, Post};
use rounds::domain::post::{RawAuthor, RawPost, SourceKind};
use rounds::store::Store;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Posts per committed batch: a copy holds a multiple of this, or it caught half a transaction.
const BATCH: usize = 40;

fn batch(number: usize, tagger: &rounds::domain::entities::Tagger) -> Vec<Post> {
    (0..BATCH)
        .map(|i| {
            let n = number * BATCH + i;
            let uri = format!("https://med.example/statuses/{n}");
            let raw = RawPost {
                source: SourceKind::Mastodon,
                origin: "med.example".into(),
                remote_id: uri.clone(),
                uri,
                url: None,
                author: RawAuthor {
                    remote_id: format!("https://med.example/users/nurse{}", n % 17),
                    handle: format!("@nurse{}@med.example", n % 17),
                    ..RawAuthor::default()
                },
                title: None,
                text: format!("Handover pearl {n}: metformin and contrast #MedEd #FOAMed"),
                language: Some("en".into()),
                created_at: chrono::Utc::now() - chrono::Duration::minutes(n as i64 % 600),
                engagement: Default::default(),
                hashtags: vec!["MedEd".into(), "FOAMed".into()],
                links: vec![],
                reply_to: None,
                quote_of: None,
                repost_of: None,
                mentions: vec![],
            };
            normalize(raw, tagger).unwrap()
        })
        .collect()
}

/// Commits batch after batch until told to stop; counts the batches committed.
fn start_writer(
    url: String,
    stop: Arc<AtomicBool>,
    committed: Arc<AtomicUsize>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let store = Store::connect_existing(&url).await.unwrap();
        let tagger = rounds::domain::entities::Tagger::bundled();
        let mut number = 0;
        while !stop.load(Ordering::SeqCst) {
            let posts = batch(number, tagger);
            let cursor = number.to_string();
            store
                .commit_posts("test:writer", Some(&cursor), &posts, chrono::Utc::now())
                .await
                .expect("writes go on while a backup is taken");
            number += 1;
            committed.store(number, Ordering::SeqCst);
            tokio::task::yield_now().await;
        }
        store.close().await;
    })
}

/// Checks a copy as SQLite sees it; gives its post count.
async fn assert_copy_consistent(path: &std::path::Path) -> i64 {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_as::<_, (i64,)>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
                .0
        }
    };
    let check: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(check, vec![("ok".to_owned(),)], "{}", path.display());
    let dangling: Vec<(String, i64, String, i64)> = sqlx::query_as("PRAGMA foreign_key_check")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(dangling.is_empty(), "dangling foreign keys: {dangling:?}");
    sqlx::query("INSERT INTO posts_fts (posts_fts, rank) VALUES ('integrity-check', 1)")
        .execute(&pool)
        .await
        .unwrap_or_else(|e| panic!("the copy's full-text index disagrees with its posts: {e}"));

    let posts = count("SELECT count(*) FROM posts").await;
    assert!(posts > 0, "the copy holds no posts");
    assert_eq!(
        posts % BATCH as i64,
        0,
        "the copy holds part of a batch: {posts} posts"
    );
    assert_eq!(count("SELECT count(*) FROM posts_fts_docsize").await, posts);
    assert_eq!(count("SELECT count(*) FROM post_hashtags").await, 2 * posts);
    assert_eq!(
        count(
            "SELECT count(*) FROM posts WHERE post_id NOT IN (SELECT post_id FROM post_hashtags)"
        )
        .await,
        0
    );
    // The cursor moved with its batch: it names the last batch the copy holds.
    let (cursor,): (String,) =
        sqlx::query_as("SELECT cursor FROM source_cursors WHERE stream = 'test:writer'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(cursor.parse::<i64>().unwrap() + 1, posts / BATCH as i64);
    pool.close().await;
    posts
}

#[tokio::test]
async fn backup_while_posts_are_written_gives_a_consistent_copy() {
    let cli = Cli::new();
    let migrated = cli.run(&["migrate"], &[]).await;
    assert!(migrated.status.success(), "{}", stderr(&migrated));
    // Loading the lexicons takes a while on a busy machine: done before the clock starts.
    rounds::domain::entities::Tagger::bundled();
    let stop = Arc::new(AtomicBool::new(false));
    let committed = Arc::new(AtomicUsize::new(0));
    let writer = start_writer(cli.database_url.clone(), stop.clone(), committed.clone());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while committed.load(Ordering::SeqCst) < 5 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the writer is stuck"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let copy = cli.dir.path().join("copy.db");
    let copy_arg = copy.to_str().unwrap();
    let before = committed.load(Ordering::SeqCst);
    let first = cli.run(&["backup", "--out", copy_arg], &[]).await;
    let during = committed.load(Ordering::SeqCst) - before;
    assert!(first.status.success(), "{}", stderr(&first));
    let report = stdout(&first);
    assert!(
        report.contains("Backed up") && report.contains("intact"),
        "{report}"
    );
    let first_posts = assert_copy_consistent(&copy).await;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the copy is readable by others");
    }
    let shown = report
        .lines()
        .find(|l| l.trim_start().starts_with("posts "))
        .unwrap_or_else(|| panic!("no post count in:\n{report}"));
    assert_eq!(
        shown.split_whitespace().last(),
        Some(first_posts.to_string().as_str()),
        "{report}"
    );
    assert!(
        !cli.dir.path().read_dir().unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("partial")),
        "a partial file was left behind"
    );

    // An existing file is kept unless --force is given.
    let untouched = std::fs::read(&copy).unwrap();
    let refused = cli.run(&["backup", "--out", copy_arg], &[]).await;
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("already exists; pass --force"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(std::fs::read(&copy).unwrap(), untouched);

    // Let more batches land, then replace the copy.
    let target = committed.load(Ordering::SeqCst) + 3;
    while committed.load(Ordering::SeqCst) < target {
        assert!(
            tokio::time::Instant::now() < deadline + Duration::from_secs(60),
            "the writer is stuck"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let forced = cli
        .run(&["backup", "--out", copy_arg, "--force"], &[])
        .await;
    assert!(forced.status.success(), "{}", stderr(&forced));
    let second_posts = assert_copy_consistent(&copy).await;
    assert!(
        second_posts > first_posts,
        "{second_posts} <= {first_posts}"
    );

    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    let store = Store::connect_existing(&cli.database_url).await.unwrap();
    let total = store.post_count().await.unwrap() as i64;
    store.close().await;
    assert!(second_posts <= total);
    eprintln!("{during} batches committed while the first backup ran; copies of {first_posts} and {second_posts} of {total} posts");
}

#[tokio::test]
async fn backup_refuses_what_it_cannot_do_cleanly() {
    let cli = Cli::new();
    let nowhere = cli.dir.path().join("no/such/folder/copy.db");
    let no_database = cli
        .run(&["backup", "--out", nowhere.to_str().unwrap()], &[])
        .await;
    assert!(!no_database.status.success());
    assert!(
        stderr(&no_database).contains("does not exist"),
        "{}",
        stderr(&no_database)
    );

    let missing_db = cli.dir.path().join("copy.db");
    let no_db = cli
        .run(&["backup", "--out", missing_db.to_str().unwrap()], &[])
        .await;
    assert!(!no_db.status.success());
    assert!(
        stderr(&no_db).contains("no database could be opened there"),
        "{}",
        stderr(&no_db)
    );
    assert!(!missing_db.exists());

    cli.run(&["migrate"], &[]).await;
    let live = cli.dir.path().join("nested/folder/rounds.db");
    let onto_itself = cli
        .run(&["backup", "--out", live.to_str().unwrap(), "--force"], &[])
        .await;
    assert!(!onto_itself.status.success());
    assert!(
        stderr(&onto_itself).contains("live database itself"),
        "{}",
        stderr(&onto_itself)
    );
    let store = Store::connect_existing(&cli.database_url).await.unwrap();
    assert!(store.integrity_check().await.is_ok());
    store.close().await;
}

/// A Jetstream post for `#MedEd`, event `n`, an hour old (so the stream is not "live" and a poll
/// reads it all), `n` milliseconds after the first.
fn jetstream_event(n: u64, base_us: u64) -> String {
    let text = format!("Night shift pearl {n}: recheck potassium after insulin #MedEd");
    let start = text.find("#MedEd").unwrap();
    serde_json::json!({
        "did": "did:plc:backupnurse", "time_us": base_us + n * 1000, "kind": "commit",
        "commit": {"rev": format!("3kb{n:06}"), "operation": "create",
            "collection": "app.bsky.feed.post", "rkey": format!("3kb{n:06}"),
            "cid": format!("bafybackup{n}"),
            "record": {"$type": "app.bsky.feed.post", "text": text,
                "createdAt": "2026-11-26T10:00:00.000Z", "langs": ["en"],
                "facets": [{"index": {"byteStart": start, "byteEnd": start + 6},
                    "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "MedEd"}]}]}}
    })
    .to_string()
}

#[tokio::test]
async fn backup_during_a_real_ingest_holds_every_post_its_cursor_covers() {
    const EVENTS: u64 = 400;
    let base_us = (chrono::Utc::now() - chrono::Duration::hours(1)).timestamp() as u64 * 1_000_000;
    let jetstream = crate::fake_jetstream::FakeJetstream::serving(
        (0..EVENTS).map(|n| jetstream_event(n, base_us)).collect(),
    )
    .await;
    // About eight seconds of stream, committed about once a second.
    jetstream.pace(Duration::from_millis(20));
    let cli = Cli::new();
    cli.run(&["migrate"], &[]).await;
    let store = Store::connect_existing(&cli.database_url).await.unwrap();
    let tag = rounds::domain::Hashtag::parse("MedEd").unwrap();
    let guild = rounds::domain::GuildId::new(1).unwrap();
    store
        .track_hashtag(guild, &tag, None, chrono::Utc::now())
        .await
        .unwrap();
    store.close().await;

    let env = [
        ("ROUNDS__SOURCES__BLUESKY__ENABLED", "true"),
        (
            "ROUNDS__SOURCES__BLUESKY__JETSTREAM_URL",
            jetstream.url.as_str(),
        ),
        // The refresh stage reads no real AppView in tests: a closed local port.
        (
            "ROUNDS__SOURCES__BLUESKY__PUBLIC_APPVIEW_URL",
            "http://127.0.0.1:9",
        ),
    ];
    let copies: Vec<_> = (0..3)
        .map(|i| cli.dir.path().join(format!("during-{i}.db")))
        .collect();
    let ingest = cli.run_within(Duration::from_secs(90), &["ingest", "--once"], &env);
    let backups = async {
        // Loading the lexicons comes first; the copies are taken once the stream is being read.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        while jetstream.queries().is_empty() {
            assert!(
                tokio::time::Instant::now() < deadline,
                "ingest never connected"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        for copy in &copies {
            tokio::time::sleep(Duration::from_millis(1500)).await;
            let output = cli
                .run(&["backup", "--out", copy.to_str().unwrap()], &[])
                .await;
            assert!(output.status.success(), "{}", stderr(&output));
        }
    };
    let (ingested, ()) = tokio::join!(ingest, backups);
    assert!(ingested.status.success(), "{}", stderr(&ingested));

    let mut counts = Vec::new();
    for copy in &copies {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", copy.display()))
            .await
            .unwrap();
        let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(check, "ok");
        let (posts, indexed, untagged): (i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM posts), (SELECT count(*) FROM posts_fts_docsize),
                    (SELECT count(*) FROM posts WHERE post_id NOT IN (SELECT post_id FROM post_hashtags))",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!((indexed, untagged), (posts, 0), "{}", copy.display());
        // The cursor never covers an event whose post the copy lacks.
        let cursor: Option<(String,)> = sqlx::query_as(
            "SELECT cursor FROM source_cursors WHERE stream LIKE 'bluesky:jetstream%'",
        )
        .fetch_optional(&pool)
        .await
        .unwrap();
        if let Some((cursor,)) = cursor {
            let covered = (cursor.parse::<u64>().unwrap().saturating_sub(base_us) / 1000 + 1)
                .min(EVENTS) as i64;
            assert!(
                posts >= covered,
                "cursor covers {covered} events, copy holds {posts} posts"
            );
        }
        pool.close().await;
        counts.push(posts);
    }
    let store = Store::connect_existing(&cli.database_url).await.unwrap();
    let total = store.post_count().await.unwrap() as i64;
    store.close().await;
    assert_eq!(total, EVENTS as i64, "{}", stdout(&ingested));
    assert!(
        counts.iter().any(|&c| c > 0 && c < total),
        "no copy was taken mid-ingest: {counts:?} of {total}"
    );
    eprintln!("copies taken during ingest hold {counts:?} of {total} posts");
}
