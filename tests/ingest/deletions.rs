//! Deletions and accounts, through the real binary: `rounds ingest --once` against a fake Jetstream
//! that sends posts, then a post's deletion, an account's deletion, an account's deactivation and a
//! new handle, then a reactivation; what is stored, indexed and printed by `rounds digest` and
//! `rounds summary` follows each of them. Retention: `rounds ingest --once` prunes old posts. Opt-out:
//! an excluded author (by DID, even after a handle change, or by handle) is in no digest or summary.

use crate::fake_jetstream::{
    account_frame, delete_frame, identity_frame, post_frame, FakeJetstream,
};
use rounds::domain::{GuildId, Hashtag};
use rounds::store::Store;
use std::process::Output;

const ALPHA: &str = "did:plc:alphaalphaalpha";
const BRAVO: &str = "did:plc:bravobravobravo";
const CHARLIE: &str = "did:plc:charliecharlie";

struct World {
    jetstream: FakeJetstream,
    dir: tempfile::TempDir,
    database_url: String,
    /// `time_us` of the next frame pushed.
    next_us: std::cell::Cell<u64>,
}

impl World {
    async fn start() -> Self {
        // An hour ago: well behind "now", so each run reads until the stream goes quiet.
        let start_us = (chrono::Utc::now() - chrono::Duration::hours(1)).timestamp_micros() as u64;
        let created = (chrono::Utc::now() - chrono::Duration::hours(2))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let posts = [
            (ALPHA, "a1", "Semaglutide pearl for rounds #MedEd"),
            (ALPHA, "a2", "Dapagliflozin pearl for rounds #MedEd"),
            (BRAVO, "b1", "Colchicine pearl for rounds #MedEd"),
            (BRAVO, "b2", "Ivabradine pearl for rounds #MedEd"),
            (CHARLIE, "c1", "Apixaban pearl for rounds #MedEd"),
        ];
        let frames = posts
            .iter()
            .enumerate()
            .map(|(i, (did, rkey, text))| {
                post_frame(
                    did,
                    rkey,
                    start_us + i as u64 * 1_000_000,
                    &created,
                    text,
                    "MedEd",
                )
            })
            .collect();
        let jetstream = FakeJetstream::serving(frames).await;
        let dir = tempfile::tempdir().unwrap();
        let database_url = format!("sqlite://{}", dir.path().join("rounds.db").display());
        let store = Store::open(&database_url).await.unwrap();
        store
            .track_hashtag(
                GuildId::new(1).unwrap(),
                &Hashtag::parse("MedEd").unwrap(),
                None,
                chrono::Utc::now(),
            )
            .await
            .unwrap();
        store.close().await;
        Self {
            jetstream,
            dir,
            database_url,
            next_us: std::cell::Cell::new(start_us + 60_000_000),
        }
    }

    /// Pushes frames built for the next free `time_us` values, a second apart.
    fn push(&self, frames: impl IntoIterator<Item = Box<dyn Fn(u64) -> String>>) {
        for frame in frames {
            let time_us = self.next_us.get();
            self.jetstream.push(frame(time_us));
            self.next_us.set(time_us + 1_000_000);
        }
    }

    async fn rounds(&self, args: &[&str]) -> String {
        self.rounds_with(args, &[]).await
    }

    async fn rounds_with(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_rounds"));
        for (name, _) in std::env::vars() {
            if name.starts_with("ROUNDS__") || name == "DISCORD_TOKEN" {
                command.env_remove(name);
            }
        }
        command
            .args(args)
            .current_dir(self.dir.path())
            .env("ROUNDS__DATABASE__URL", &self.database_url)
            .env("ROUNDS__SOURCES__MASTODON__ENABLED", "false")
            .env("ROUNDS__SOURCES__RSS__ENABLED", "false")
            .env(
                "ROUNDS__SOURCES__BLUESKY__JETSTREAM_URL",
                &self.jetstream.url,
            )
            // The refresh stage reads no real AppView in tests: a closed local port.
            .env(
                "ROUNDS__SOURCES__BLUESKY__PUBLIC_APPVIEW_URL",
                "http://127.0.0.1:9",
            )
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied());
        let output: Output =
            tokio::time::timeout(std::time::Duration::from_secs(90), command.output())
                .await
                .expect("the command finishes")
                .expect("the binary runs");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "rounds {args:?}: {stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout
    }

    async fn ingest(&self) -> String {
        self.rounds(&["ingest", "--once"]).await
    }

    /// What a member would read: the digest and the summary of #MedEd.
    async fn shown(&self) -> String {
        self.shown_with(&[]).await
    }

    async fn shown_with(&self, env: &[(&str, &str)]) -> String {
        let digest = self.rounds_with(&["digest", "--guild", "1"], env).await;
        let summary_args = [
            "summary", "--guild", "1", "--topic", "#MedEd", "--window", "7d",
        ];
        let summary = self.rounds_with(&summary_args, env).await;
        format!("{digest}\n{summary}")
    }

    async fn query<T>(&self, sql: &str) -> T
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
    {
        let pool = sqlx::SqlitePool::connect(&self.database_url).await.unwrap();
        let row = sqlx::query_as(sql).fetch_one(&pool).await.unwrap();
        pool.close().await;
        row
    }

    async fn stored_rkeys(&self) -> String {
        let (keys,): (Option<String>,) = self
            .query("SELECT group_concat(substr(remote_id, -2), ',') FROM (SELECT remote_id FROM posts ORDER BY remote_id)")
            .await;
        keys.unwrap_or_default()
    }
}

fn boxed(frame: impl Fn(u64) -> String + 'static) -> Box<dyn Fn(u64) -> String> {
    Box::new(frame)
}

#[tokio::test]
async fn deletions_accounts_and_handles_upstream_reach_the_store_and_what_members_read() {
    let world = World::start().await;
    world.ingest().await;
    assert_eq!(world.stored_rkeys().await, "a1,a2,b1,b2,c1");
    let before = world.shown().await;
    for word in ["Semaglutide", "Colchicine", "Apixaban"] {
        assert!(before.contains(word), "{word} missing before:\n{before}");
    }
    let (alpha_id,): (i64,) = world
        .query(&format!(
            "SELECT author_id FROM authors WHERE remote_id = '{ALPHA}'"
        ))
        .await;

    world.push([
        boxed(|t| delete_frame(ALPHA, "a1", t)),
        // A flood of deletions of posts never stored changes nothing.
        boxed(|t| delete_frame("did:plc:strangerstranger", "zz1", t)),
        boxed(|t| delete_frame("did:plc:strangerstranger", "zz2", t)),
        boxed(|t| account_frame(BRAVO, t, false, Some("deleted"))),
        boxed(|t| account_frame(CHARLIE, t, false, Some("deactivated"))),
        boxed(|t| identity_frame(ALPHA, t, "Alpha.Example.org")),
    ]);
    let out = world.ingest().await;
    assert!(out.contains("ok   bluesky:jetstream"), "{out}");
    assert!(out.contains("3 deleted upstream"), "{out}");
    assert_eq!(
        world.stored_rkeys().await,
        "a2,c1",
        "the deleted post and the deleted account's posts are still stored"
    );
    let (fts, children, bravo): (i64, i64, i64) = world
        .query(
            "SELECT (SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'semaglutide OR colchicine OR ivabradine'),
                    (SELECT count(*) FROM post_hashtags WHERE post_id NOT IN (SELECT post_id FROM posts))
                      + (SELECT count(*) FROM post_entities WHERE post_id NOT IN (SELECT post_id FROM posts)),
                    (SELECT count(*) FROM authors WHERE remote_id = 'did:plc:bravobravobravo')",
        )
        .await;
    assert_eq!((fts, children, bravo), (0, 0, 0));
    let (handle, same_id): (String, i64) = world
        .query(&format!(
            "SELECT handle, author_id FROM authors WHERE remote_id = '{ALPHA}'"
        ))
        .await;
    assert_eq!((handle.as_str(), same_id), ("alpha.example.org", alpha_id));
    let cursor: (String,) = world
        .query("SELECT cursor FROM source_cursors WHERE stream = 'bluesky:jetstream'")
        .await;
    assert_eq!(
        cursor.0.parse::<u64>().unwrap(),
        world.next_us.get() - 1_000_000,
        "the cursor stands on the last event applied"
    );
    let during = world.shown().await;
    for word in [
        "Semaglutide",
        "Colchicine",
        "Ivabradine",
        "Apixaban",
        CHARLIE,
    ] {
        assert!(!during.contains(word), "{word} still shown:\n{during}");
    }
    assert!(during.contains("Dapagliflozin"), "{during}");

    world.push([boxed(|t| account_frame(CHARLIE, t, true, None))]);
    world.ingest().await;
    let after = world.shown().await;
    assert!(
        after.contains("Apixaban"),
        "reactivated but still hidden:\n{after}"
    );
    assert!(!after.contains("Semaglutide"), "{after}");
}

#[tokio::test]
async fn ingest_once_prunes_posts_past_retention_with_their_children_and_authors() {
    let world = World::start().await;
    let old = (chrono::Utc::now() - chrono::Duration::days(120))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    world.push([boxed(move |t| {
        post_frame(
            "did:plc:oldtimeroldtimer",
            "o1",
            t,
            &old,
            "Digoxin pearl from long ago #MedEd",
            "MedEd",
        )
    })]);
    let kept = world
        .rounds_with(
            &["ingest", "--once"],
            &[("ROUNDS__RETENTION__POSTS_DAYS", "0")],
        )
        .await;
    assert!(!kept.contains("pruned"), "{kept}");
    assert_eq!(world.stored_rkeys().await, "a1,a2,b1,b2,c1,o1");

    let pruned = world.ingest().await;
    assert!(
        pruned.contains("pruned 1 posts older than 90 days and 1 authors left without a post"),
        "{pruned}"
    );
    assert_eq!(world.stored_rkeys().await, "a1,a2,b1,b2,c1");
    let (fts, children, authors): (i64, i64, i64) = world
        .query(
            "SELECT (SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'digoxin'),
                    (SELECT count(*) FROM post_hashtags WHERE post_id NOT IN (SELECT post_id FROM posts))
                      + (SELECT count(*) FROM post_entities WHERE post_id NOT IN (SELECT post_id FROM posts)),
                    (SELECT count(*) FROM authors WHERE remote_id = 'did:plc:oldtimeroldtimer')",
        )
        .await;
    assert_eq!((fts, children, authors), (0, 0, 0));
}

#[tokio::test]
async fn an_excluded_author_is_in_no_digest_and_no_summary_even_after_a_handle_change() {
    let world = World::start().await;
    world.ingest().await;
    world.push([boxed(|t| {
        identity_frame(CHARLIE, t, "charlie-renamed.example.org")
    })]);
    world.ingest().await;
    let everyone = world.shown().await;
    assert!(everyone.contains("Apixaban"), "{everyone}");
    assert!(everyone.contains("Colchicine"), "{everyone}");

    // Charlie opted out under their DID, before they changed their handle; Bravo by handle.
    let excluded = format!(r#"["{CHARLIE}", "@{BRAVO}"]"#);
    let shown = world
        .shown_with(&[("ROUNDS__SUMMARY__EXCLUDED_AUTHORS", excluded.as_str())])
        .await;
    for word in ["Apixaban", "charlie-renamed", "Colchicine", "Ivabradine"] {
        assert!(
            !shown.contains(word),
            "{word} shown despite the opt-out:\n{shown}"
        );
    }
    assert!(shown.contains("Dapagliflozin"), "{shown}");
}
