//! The refresh tests' world: fake Mastodon instances (one without the batch lookup), Jetstream, the
//! AppView and X, seeded with recent posts, and the real binary run against them.

use crate::fake_appview::FakeAppView;
use crate::fake_jetstream::{post_frame, FakeJetstream};
use crate::fake_mastodon::{status, Author, FakeMastodon};
use crate::fake_x::{post, user, FakeX};
use rounds::domain::{GuildId, Hashtag};
use rounds::store::Store;
use std::process::Output;

const CARDIOLOGIST: Author = Author {
    username: "heartdoc",
    home: "med-mastodon.example",
    account_id: "1001",
    display_name: "Dr Heart, MD",
    note: "<p>Cardiologist.</p>",
    followers: 1200,
};
const NURSE: Author = Author {
    username: "wardnurse",
    home: "nurses.example",
    account_id: "2002",
    display_name: "Ward Nurse",
    note: "<p>ICU nurse.</p>",
    followers: 300,
};
pub(super) const AAAA: &str = "at://did:plc:aaaa/app.bsky.feed.post/3kaaa";
pub(super) const BBBB: &str = "at://did:plc:bbbb/app.bsky.feed.post/3kbbb";

fn an_hour_ago() -> String {
    (chrono::Utc::now() - chrono::Duration::hours(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub(super) struct World {
    pub(super) batch: FakeMastodon,
    pub(super) old_server: FakeMastodon,
    pub(super) jetstream: FakeJetstream,
    /// Serves nothing: later runs must not see the first run's frames again.
    pub(super) quiet_jetstream: FakeJetstream,
    pub(super) appview: FakeAppView,
    pub(super) x: FakeX,
    pub(super) dir: tempfile::TempDir,
    pub(super) database_url: String,
}

pub(super) async fn world() -> World {
    let recent = |mut s: serde_json::Value, likes: u64| {
        s["created_at"] = an_hour_ago().into();
        s["favourites_count"] = likes.into();
        s
    };
    let batch = FakeMastodon::start().await;
    batch.add([
        recent(
            status(
                "210",
                "9101",
                &CARDIOLOGIST,
                "<p>Dapagliflozin pearl for the ward #MedEd</p>",
                &["meded"],
            ),
            17,
        ),
        recent(
            status(
                "211",
                "9102",
                &CARDIOLOGIST,
                "<p>Withdrawn case vignette #MedEd</p>",
                &["meded"],
            ),
            90,
        ),
    ]);
    let old_server = FakeMastodon::start().await;
    old_server.without_batch_lookup();
    old_server.add([
        recent(
            status(
                "310",
                "9201",
                &NURSE,
                "<p>Regretted post about a patient #MedEd</p>",
                &["meded"],
            ),
            80,
        ),
        recent(
            status(
                "311",
                "9202",
                &NURSE,
                "<p>Night shift checklist that works #MedEd</p>",
                &["meded"],
            ),
            100,
        ),
    ]);
    let now_us = chrono::Utc::now().timestamp_micros() as u64;
    let created = an_hour_ago();
    let jetstream = FakeJetstream::serving(vec![
        post_frame(
            "did:plc:aaaa",
            "3kaaa",
            now_us - 120_000_000,
            &created,
            "Troponin timing explained #MedEd",
            "MedEd",
        ),
        post_frame(
            "did:plc:bbbb",
            "3kbbb",
            now_us - 119_000_000,
            &created,
            "Hot take I will delete #MedEd",
            "MedEd",
        ),
    ])
    .await;
    let quiet_jetstream = FakeJetstream::serving(Vec::new()).await;
    let appview = FakeAppView::start().await;
    appview.add_post(AAAA, 3, 1);
    appview.add_post(BBBB, 40, 2);
    appview.add_profile(
        "did:plc:aaaa",
        "troponin.bsky.social",
        "Dr Trop",
        "Emergency physician",
    );
    let x = FakeX::start().await;
    x.add_users([user("42", "nephdoc", "Neph Doc", "Nephrologist", 900)]);
    let mut tweet = post(
        "1860000000000000001",
        "42",
        "Finerenone in CKD #MedEd",
        &["MedEd"],
        &[],
    );
    tweet["created_at"] = an_hour_ago().into();
    x.add_posts([tweet]);

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
    World {
        batch,
        old_server,
        jetstream,
        quiet_jetstream,
        appview,
        x,
        dir,
        database_url,
    }
}

impl World {
    pub(super) async fn rounds(&self, args: &[&str], first_run: bool, x_refresh: bool) -> Output {
        let output = self.rounds_exit(args, first_run, x_refresh).await;
        assert!(
            output.status.success(),
            "{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// Runs the binary without requiring success (a source that is down fails `ingest --once`).
    pub(super) async fn rounds_exit(
        &self,
        args: &[&str],
        first_run: bool,
        x_refresh: bool,
    ) -> Output {
        let instances = format!(
            r#"["{}","{}"]"#,
            self.batch.base_url(),
            self.old_server.base_url()
        );
        let jetstream = if first_run {
            &self.jetstream.url
        } else {
            &self.quiet_jetstream.url
        };
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
            .env("ROUNDS__SOURCES__MASTODON__INSTANCES", instances)
            .env("ROUNDS__SOURCES__BLUESKY__JETSTREAM_URL", jetstream)
            .env(
                "ROUNDS__SOURCES__BLUESKY__PUBLIC_APPVIEW_URL",
                &self.appview.url,
            )
            .env("ROUNDS__SOURCES__X__ENABLED", "true")
            .env("ROUNDS__SOURCES__X__API_BASE", self.x.api_base())
            .env("ROUNDS__SOURCES__X__BEARER_TOKEN", "x-test-bearer")
            .env("ROUNDS__SOURCES__X__REFRESH", x_refresh.to_string())
            .env("ROUNDS__SOURCES__RSS__ENABLED", "false")
            .env("RUST_LOG", "warn");
        tokio::time::timeout(std::time::Duration::from_secs(90), command.output())
            .await
            .expect("rounds finishes")
            .expect("the binary runs")
    }

    pub(super) async fn ingest(&self, first_run: bool, x_refresh: bool) -> String {
        let output = self
            .rounds(&["ingest", "--once"], first_run, x_refresh)
            .await;
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    pub(super) async fn digest(&self) -> String {
        let args = [
            "digest", "--guild", "1", "--window", "24h", "--format", "text",
        ];
        let output = self.rounds(&args, false, false).await;
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    pub(super) async fn summary(&self) -> String {
        let args = [
            "summary", "--guild", "1", "--topic", "#MedEd", "--window", "1d", "--format", "text",
        ];
        let output = self.rounds(&args, false, false).await;
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    pub(super) async fn likes(&self) -> Vec<(String, i64)> {
        let pool = sqlx::SqlitePool::connect(&self.database_url).await.unwrap();
        let rows = sqlx::query_as("SELECT remote_id, likes FROM posts ORDER BY remote_id")
            .fetch_all(&pool)
            .await
            .unwrap();
        pool.close().await;
        rows
    }

    pub(super) async fn likes_of(&self, needle: &str) -> Option<i64> {
        self.likes()
            .await
            .into_iter()
            .find(|(id, _)| id.contains(needle))
            .map(|(_, likes)| likes)
    }
}
