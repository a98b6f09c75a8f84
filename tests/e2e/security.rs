//! The security pass (issue #8): every command's permission checked by the bot itself, no command
//! reading another guild's data, secrets kept out of logs and errors, outside bodies and uploads
//! capped, and nothing the bot sends able to ping (SPEC R4, R5).

mod guests;
mod isolation;
mod permissions;
mod secrets;
mod sizes;
mod ssrf;

use crate::app::*;
use std::collections::BTreeMap;
use std::str::FromStr;

/// Every row of every table of the bot's database, each row as SQLite's `quote()` of its columns,
/// sorted: equal snapshots mean nothing stored changed.
pub async fn database_snapshot(app: &TestApp) -> BTreeMap<String, Vec<String>> {
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(&app.database_url)
        .expect("a SQLite URL")
        .read_only(true);
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .expect("the bot's database opens read-only");
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&pool)
    .await
    .expect("tables list");
    let mut snapshot = BTreeMap::new();
    for (table,) in tables {
        let columns: Vec<(String,)> = sqlx::query_as("SELECT name FROM pragma_table_info(?)")
            .bind(&table)
            .fetch_all(&pool)
            .await
            .expect("columns list");
        let row = columns
            .iter()
            .map(|(c,)| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        // Names come from the database's own catalogue, not from input.
        let mut rows: Vec<String> =
            sqlx::query_as::<_, (String,)>(&format!("SELECT {row} FROM \"{table}\""))
                .fetch_all(&pool)
                .await
                .unwrap_or_else(|e| panic!("reading {table}: {e}"))
                .into_iter()
                .map(|(r,)| r)
                .collect();
        rows.sort();
        snapshot.insert(table, rows);
    }
    pool.close().await;
    snapshot
}

/// Fails, naming only the tables that differ, unless both snapshots hold the same rows.
pub fn assert_same_rows(
    before: &BTreeMap<String, Vec<String>>,
    after: &BTreeMap<String, Vec<String>>,
    what: &str,
) {
    let changed: Vec<String> = after
        .iter()
        .filter(|(table, rows)| before.get(*table) != Some(*rows))
        .map(|(table, rows)| format!("{table}: {:?} -> {rows:?}", before.get(table)))
        .collect();
    assert!(
        changed.is_empty(),
        "{what} changed stored data:\n{}",
        changed.join("\n")
    );
}

/// The bot's writes to channels (messages, threads, edits, deletions) among requests
/// `from..` of the fake's log, as `"METHOD path"`.
pub fn channel_writes_since(app: &TestApp, from: usize) -> Vec<String> {
    app.fake
        .requests()
        .into_iter()
        .skip(from)
        .filter(|r| r.method != "GET" && r.path.starts_with("/api/v10/channels/"))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

/// Every `(command, subcommand)` the bot registered, e.g. `track add` or `ask`.
pub fn registered_command_paths(app: &TestApp) -> Vec<String> {
    let mut paths = Vec::new();
    for command in app.fake.registered_commands(None) {
        let name = command["name"].as_str().unwrap_or_default().to_owned();
        let subcommands: Vec<String> = command["options"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|o| o["type"] == 1 || o["type"] == 2)
            .filter_map(|o| o["name"].as_str().map(|sub| format!("{name} {sub}")))
            .collect();
        if subcommands.is_empty() {
            paths.push(name);
        } else {
            paths.extend(subcommands);
        }
    }
    paths
}

/// Runs a prepared interaction and returns its reply, or fails with the bot's logs.
pub async fn reply_to(
    app: &TestApp,
    what: &str,
    builder: crate::fake_discord::SlashBuilder,
) -> crate::fake_discord::InteractionReply {
    builder
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no reply to {what}: {e}\n--- bot logs ---\n{}", app.logs()))
}

/// `/ask` carried through as a member would: the ephemeral preview, then a press on Post by
/// `user` (the asker), since nothing is stored before Post. Returns the preview.
pub async fn ask_and_post(
    app: &TestApp,
    builder: crate::fake_discord::SlashBuilder,
    user: u64,
) -> crate::fake_discord::InteractionReply {
    let invocation = builder.send().await;
    let preview = invocation
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no reply to ask: {e}\n--- bot logs ---\n{}", app.logs()));
    let post = preview.raw["data"]["components"][0]["components"]
        .as_array()
        .and_then(|buttons| buttons.iter().find(|b| b["label"] == "Post"))
        .and_then(|b| b["custom_id"].as_str().map(str::to_owned));
    let Some(post) = post else {
        return preview;
    };
    let click = app.fake.click(&invocation, &post, user).await;
    click.wait_response(STEP).await.unwrap_or_else(|e| {
        panic!(
            "Post was not acknowledged: {e}\n--- bot logs ---\n{}",
            app.logs()
        )
    });
    invocation.wait_messages(2, STEP).await.unwrap_or_else(|e| {
        panic!(
            "no outcome after Post: {e}\n--- bot logs ---\n{}",
            app.logs()
        )
    });
    preview
}

/// `count` Mastodon posts of the last hours under `#tag`, each about apixaban in CKD.
pub async fn seed_posts(app: &TestApp, tag: &str, count: i64) {
    use rounds::domain::post::{RawAuthor, RawPost, SourceKind};
    let store = rounds::store::Store::open(&app.database_url).await.unwrap();
    let tagger = rounds::domain::entities::Tagger::bundled();
    let posts: Vec<_> = (0..count)
        .map(|i| {
            let uri = format!("https://med.example/{tag}/{i}");
            let raw = RawPost {
                source: SourceKind::Mastodon,
                origin: "med.example".into(),
                remote_id: uri.clone(),
                uri,
                url: None,
                author: RawAuthor {
                    remote_id: format!("https://med.example/users/doc{i}"),
                    handle: format!("@doc{i}@med.example"),
                    ..RawAuthor::default()
                },
                title: None,
                text: format!("Apixaban dosing in CKD, case {i} #{tag}"),
                language: Some("en".into()),
                created_at: chrono::Utc::now() - chrono::Duration::hours(i + 1),
                engagement: Default::default(),
                hashtags: vec![tag.to_owned()],
                links: vec![],
                reply_to: None,
                quote_of: None,
                repost_of: None,
                mentions: vec![],
            };
            rounds::domain::normalize::normalize(raw, tagger).unwrap()
        })
        .collect();
    store
        .commit_posts("test:seed", None, &posts, chrono::Utc::now())
        .await
        .unwrap();
    store.close().await;
}
