//! Feed floods against the real binary, with its peak memory measured (SPEC P4: 150 MB): `rounds
//! ingest --once` polling an 8 MB feed, served with its length and streamed without one, refuses
//! it by the 2 MiB body cap, says so, and stores nothing; a well-formed feed just under 2 MiB (about
//! 14,000 items, oldest first) stores only the newest `max_items_per_poll` (200). The issue's
//! measurement before the caps: 134,541 posts and 460 MB from one 8 MB file.
//!
//! The peak is the child's own `ru_maxrss`, read with `wait4` on its pid, so other tests' children
//! (this binary runs tests in parallel) cannot blur it.

use crate::fake_feeds::{FakeFeeds, Route};
use chrono::{DateTime, Utc};
use rounds::domain::GuildId;
use rounds::sources::feeds::MAX_FEED_BODY_BYTES;
use rounds::store::Store;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// SPEC P4's memory bound, in KiB as `ru_maxrss` reports it on Linux.
const P4_KIB: i64 = 150 * 1000 * 1000 / 1024;

/// An RSS document of items `0..count`, oldest first; item `n` is dated `count - n` minutes
/// before `now`, so the newest is the last listed.
fn rss(count: usize, now: DateTime<Utc>) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Flood</title><link>https://flood.example/</link>",
    );
    for n in 0..count {
        let date = now - chrono::TimeDelta::minutes((count - n) as i64);
        xml.push_str(&format!(
            "<item><guid>item-{n}</guid><title>Item {n}</title><link>https://flood.example/{n}</link><pubDate>{}</pubDate></item>",
            date.to_rfc2822()
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

/// Serves `body` to every request as a stream with no `Content-Length`, ended by closing the
/// connection: a server that does not say how much it will send. Returns the feed's URL.
async fn serve_without_length(body: Arc<Vec<u8>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let body = Arc::clone(&body);
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let head = "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n";
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                for chunk in body.chunks(64 * 1024) {
                    // The client hangs up once it has read past its cap.
                    if socket.write_all(chunk).await.is_err() {
                        return;
                    }
                }
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{address}/flood.xml")
}

/// A database in which guild 1 follows `feed_url`.
async fn database(dir: &tempfile::TempDir, feed_url: &str) -> String {
    let database_url = format!("sqlite://{}", dir.path().join("rounds.db").display());
    let store = Store::open(&database_url).await.unwrap();
    store
        .follow_feed(GuildId::new(1).unwrap(), feed_url, None, Utc::now())
        .await
        .unwrap();
    store.close().await;
    database_url
}

struct Run {
    success: bool,
    stdout: String,
    stderr: String,
    peak_kib: i64,
}

/// Runs `rounds ingest --once` with only the feeds source on, waits for it with `wait4` and
/// returns what it printed and its peak resident memory.
// The child is reaped by `wait4` below, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn ingest_once(dir: &std::path::Path, database_url: &str) -> Run {
    let stdout_path = dir.join("stdout.txt");
    let stderr_path = dir.join("stderr.txt");
    let mut command = Command::new(env!("CARGO_BIN_EXE_rounds"));
    for (name, _) in std::env::vars() {
        if name.starts_with("ROUNDS__") || name == "DISCORD_TOKEN" {
            command.env_remove(name);
        }
    }
    command
        .args(["ingest", "--once"])
        .current_dir(dir)
        .env("ROUNDS__DATABASE__URL", database_url)
        .env("ROUNDS__SOURCES__MASTODON__ENABLED", "false")
        .env("ROUNDS__SOURCES__BLUESKY__ENABLED", "false")
        .env("ROUNDS__SOURCES__REFRESH__ENABLED", "false")
        // The fake feed hosts are on 127.0.0.1.
        .env("ROUNDS__SOURCES__RSS__ALLOW_PRIVATE_ADDRESSES", "true")
        .env("RUST_LOG", "warn")
        // Files, not pipes: nobody reads a pipe while this thread waits in wait4.
        .stdout(Stdio::from(std::fs::File::create(&stdout_path).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&stderr_path).unwrap()));
    let mut child = command.spawn().expect("the binary runs");
    let pid = child.id() as libc::pid_t;
    let deadline = Instant::now() + Duration::from_secs(90);
    let (status, usage) = loop {
        let mut status = 0;
        // SAFETY: an all-zero rusage is a valid value of the plain C struct wait4 fills in.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is our own child, not yet reaped (std only reaps it in wait/try_wait,
        // which this test never calls), and both pointers are to live locals.
        let reaped = unsafe { libc::wait4(pid, &raw mut status, libc::WNOHANG, &raw mut usage) };
        assert!(reaped >= 0, "wait4: {}", std::io::Error::last_os_error());
        if reaped == pid {
            break (status, usage);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("ingest --once did not finish in 90 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        success: libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        stdout: std::fs::read_to_string(stdout_path).unwrap(),
        stderr: std::fs::read_to_string(stderr_path).unwrap(),
        peak_kib: usage.ru_maxrss,
    }
}

async fn stored_titles(database_url: &str) -> Vec<String> {
    let pool = sqlx::SqlitePool::connect(database_url).await.unwrap();
    let rows: Vec<(Option<String>,)> = sqlx::query_as("SELECT title FROM posts")
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    rows.into_iter().map(|(t,)| t.unwrap_or_default()).collect()
}

async fn run(dir: &tempfile::TempDir, database_url: &str) -> Run {
    let path = dir.path().to_path_buf();
    let url = database_url.to_owned();
    tokio::task::spawn_blocking(move || ingest_once(&path, &url))
        .await
        .unwrap()
}

#[tokio::test]
async fn an_8_mb_feed_is_refused_by_the_body_cap_storing_nothing_under_p4() {
    let mut count = 40_000;
    let now = Utc::now();
    while rss(count, now).len() < 8_000_000 {
        count += 5_000;
    }
    let body = rss(count, now);
    let fake = FakeFeeds::start().await;
    fake.set(
        "/flood/feed.xml",
        Route::body(body.clone(), "application/rss+xml"),
    );
    let streamed = serve_without_length(Arc::new(body.into_bytes())).await;

    for (how, feed_url) in [
        ("with its length", fake.url("/flood/feed.xml")),
        ("streamed without a length", streamed),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let database_url = database(&dir, &feed_url).await;
        let run = run(&dir, &database_url).await;
        println!(
            "8 MB feed ({count} items) {how}: peak RSS {:.1} MB",
            run.peak_kib as f64 * 1024.0 / 1e6
        );
        assert!(!run.success, "{how}: the failed poll is reported");
        let failure = run
            .stdout
            .lines()
            .find(|l| l.starts_with("FAIL feeds"))
            .unwrap_or_else(|| panic!("{how}: {}\n{}", run.stdout, run.stderr));
        assert!(
            failure.contains("over the limit of 2097152 bytes"),
            "{how}: {failure}"
        );
        assert!(!failure.contains("<item>"), "{how}: the body was quoted");
        assert!(stored_titles(&database_url).await.is_empty(), "{how}");
        assert!(
            run.peak_kib < P4_KIB,
            "{how}: peak RSS {} KiB, over P4",
            run.peak_kib
        );
    }
}

#[tokio::test]
async fn a_well_formed_feed_just_under_2_mib_stores_the_newest_200_under_p4() {
    let now = Utc::now();
    let mut count = 1_000;
    while rss(count + 500, now).len() <= MAX_FEED_BODY_BYTES {
        count += 500;
    }
    let body = rss(count, now);
    assert!(count >= 10_000, "{count} items");
    let fake = FakeFeeds::start().await;
    fake.set("/many/feed.xml", Route::body(body, "application/rss+xml"));
    let dir = tempfile::tempdir().unwrap();
    let database_url = database(&dir, &fake.url("/many/feed.xml")).await;

    let run = run(&dir, &database_url).await;

    println!(
        "feed of {count} items under 2 MiB: peak RSS {:.1} MB",
        run.peak_kib as f64 * 1024.0 / 1e6
    );
    assert!(run.success, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("200 fetched, 200 new"),
        "{}",
        run.stdout
    );
    let mut stored = stored_titles(&database_url).await;
    stored.sort();
    let mut newest: Vec<String> = (count - 200..count).map(|n| format!("Item {n}")).collect();
    newest.sort();
    assert_eq!(stored, newest);
    assert!(
        run.peak_kib < P4_KIB,
        "peak RSS {} KiB, over P4",
        run.peak_kib
    );
}
