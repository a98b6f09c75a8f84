//! The command line on a fresh database, as an operator first meets it.

mod alerts;
mod backup;
mod deploy;
mod doctor;
mod formats;
mod lexicons;

use crate::app::configure;
use std::process::Output;
use tokio::process::Command;

struct Cli {
    dir: tempfile::TempDir,
    database_url: String,
}

impl Cli {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let database_url = format!(
            "sqlite://{}",
            dir.path().join("nested/folder/rounds.db").display()
        );
        Self { dir, database_url }
    }

    async fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.run_within(crate::app::STEP, args, env).await
    }

    /// `run` for a command that takes longer than one step (e.g. a whole ingest).
    async fn run_within(
        &self,
        limit: std::time::Duration,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rounds"));
        configure(
            &mut command,
            "",
            &self.database_url,
            &self.dir.path().to_path_buf(),
        );
        command
            .env_remove("DISCORD_TOKEN")
            .env_remove("ROUNDS__DISCORD__API_BASE");
        command.args(args).envs(env.iter().copied());
        tokio::time::timeout(limit, command.output())
            .await
            .expect("the command finishes")
            .expect("the binary runs")
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn help_lists_every_command_of_the_spec() {
    let cli = Cli::new();
    let help = cli.run(&["--help"], &[]).await;
    assert!(help.status.success());
    for command in [
        "run", "migrate", "ingest", "track", "feeds", "digest", "summary", "alerts", "export",
        "tag", "redact", "backup", "demo", "doctor",
    ] {
        assert!(
            stdout(&help).contains(&format!("  {command} ")),
            "{command} missing:\n{}",
            stdout(&help)
        );
    }
}

#[tokio::test]
async fn run_without_a_token_says_so_in_one_line() {
    let cli = Cli::new();
    let output = cli.run(&["run"], &[]).await;
    assert!(!output.status.success());
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("DISCORD_TOKEN"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[tokio::test]
async fn migrate_then_track_on_a_new_database() {
    let cli = Cli::new();
    let migrated = cli.run(&["migrate"], &[]).await;
    assert!(migrated.status.success(), "{}", stderr(&migrated));
    let latest = format!(
        "schema version {}",
        rounds::store::Store::latest_known_migration()
    );
    assert!(stdout(&migrated).contains(&latest), "{}", stdout(&migrated));
    assert!(cli.dir.path().join("nested/folder/rounds.db").exists());

    let added = cli
        .run(&["track", "add", "--guild", "1", "MedEd"], &[])
        .await;
    assert!(added.status.success(), "{}", stderr(&added));
    assert_eq!(stdout(&added).trim(), "Now tracking #MedEd in guild 1.");
    cli.run(&["track", "add", "--guild", "1", "#FOAMed"], &[])
        .await;
    cli.run(&["track", "add", "--guild", "2", "HCSM"], &[])
        .await;

    let listed = cli.run(&["track", "list", "--guild", "1"], &[]).await;
    assert!(listed.status.success());
    assert_eq!(stdout(&listed), "#FOAMed\n#MedEd\n");

    let removed = cli
        .run(&["track", "remove", "--guild", "1", "meded"], &[])
        .await;
    assert!(removed.status.success());
    let listed = cli.run(&["track", "list", "--guild", "1"], &[]).await;
    assert_eq!(stdout(&listed), "#FOAMed\n");
}

#[tokio::test]
async fn bad_cli_input_is_refused_and_changes_nothing() {
    let cli = Cli::new();
    let bad_tag = cli
        .run(&["track", "add", "--guild", "1", "med ed"], &[])
        .await;
    assert!(!bad_tag.status.success());
    assert!(
        stderr(&bad_tag).contains("letters, digits and underscores"),
        "{}",
        stderr(&bad_tag)
    );

    let bad_guild = cli
        .run(&["track", "list", "--guild", "server-one"], &[])
        .await;
    assert!(!bad_guild.status.success());
    assert!(
        stderr(&bad_guild).contains("not a guild id"),
        "{}",
        stderr(&bad_guild)
    );

    let bad_config = cli
        .run(&["migrate"], &[("ROUNDS__DIGEST__TIMEZONE", "Mars/Base")])
        .await;
    assert!(!bad_config.status.success());
    assert!(
        stderr(&bad_config).contains("Mars/Base"),
        "{}",
        stderr(&bad_config)
    );

    let listed = cli.run(&["track", "list", "--guild", "1"], &[]).await;
    assert!(listed.status.success());
    assert_eq!(
        stdout(&listed),
        "Guild 1 tracks no hashtags yet. Add one with `rounds track add --guild 1 TAG`.\n"
    );
    let as_json = cli
        .run(&["track", "list", "--guild", "1", "--format", "json"], &[])
        .await;
    assert_eq!(stdout(&as_json), "[]\n");
}

#[tokio::test]
async fn demo_shows_a_digest_from_the_bundled_sample_offline() {
    let cli = Cli::new();
    let output = cli.run(&["demo"], &[]).await;
    let out = stdout(&output);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(out.contains("Loaded 11 sample posts"), "{out}");
    assert!(out.contains("## Daily digest"), "{out}");
    assert!(out.contains("## Top posts"), "{out}");
    assert!(out.contains("Semaglutide"), "{out}");
    assert!(out.contains("## New in your feeds"), "{out}");
    assert!(out.contains("guideline body or agency"), "{out}");
    assert!(
        !out.contains("CatsOfBluesky"),
        "an untracked post reached the digest: {out}"
    );
    // And a topic summary, as its help and SPEC §3 promise.
    assert!(out.contains("## Summary"), "{out}");
    assert!(out.contains("Representative posts"), "{out}");
}

#[tokio::test]
async fn doctor_reports_each_check_and_never_prints_the_token() {
    let fake = crate::fake_discord::FakeDiscord::start().await;
    let cli = Cli::new();
    cli.run(&["migrate"], &[]).await;
    let base = fake.api_base();
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let dead_instance = format!(r#"["http://127.0.0.1:{closed_port}"]"#);
    let papers = crate::fake_papers::FakePapers::start().await;
    let mut env = vec![
        ("DISCORD_TOKEN".to_owned(), "super-secret-token".to_owned()),
        ("ROUNDS__DISCORD__API_BASE".to_owned(), base.clone()),
        (
            "ROUNDS__SOURCES__MASTODON__ENABLED".to_owned(),
            "true".to_owned(),
        ),
        (
            "ROUNDS__SOURCES__MASTODON__INSTANCES".to_owned(),
            dead_instance,
        ),
    ];
    env.extend(papers.env());
    let env: Vec<(&str, &str)> = env.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let output = cli.run(&["doctor"], &env).await;
    let out = stdout(&output);
    assert!(
        !output.status.success(),
        "a dead instance is a failed check:\n{out}"
    );
    assert!(out.contains("ok   database"), "{out}");
    assert!(out.contains("ok   discord token      present"), "{out}");
    assert!(out.contains("ok   discord api"), "{out}");
    assert!(
        out.contains(&format!(
            "FAIL mastodon           http://127.0.0.1:{closed_port}"
        )),
        "{out}"
    );
    assert!(out.contains("skip x"), "{out}");
    assert!(out.contains("1 check(s) failed"), "{out}");
    assert!(!out.contains("super-secret-token") && !stderr(&output).contains("super-secret-token"));
}

#[tokio::test]
async fn redact_prints_each_line_de_identified_as_json() {
    let cli = Cli::new();
    let input = cli.dir.path().join("questions.txt");
    std::fs::write(
        &input,
        "Mrs Jane Okafor, seen 2024-03-05, MRN 4471209: metformin 500 mg?\nIs HbA1c 7.2% fine in 2023?\n",
    )
    .unwrap();
    let output = cli
        .run(&["redact", "--file", input.to_str().unwrap()], &[])
        .await;
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let first = lines[0]["redacted"].as_str().unwrap();
    assert!(
        !first.contains("Okafor") && !first.contains("2024-03-05") && !first.contains("4471209"),
        "{first}"
    );
    assert!(first.contains("metformin 500 mg"), "{first}");
    assert!(
        lines[0]["counts"]["NAME"].as_u64().unwrap() >= 1,
        "{}",
        lines[0]
    );
    assert!(
        lines[0]["counts"]["DATE"].as_u64().unwrap() >= 1,
        "{}",
        lines[0]
    );
    assert_eq!(lines[1]["redacted"], "Is HbA1c 7.2% fine in 2023?");
    assert_eq!(lines[1]["counts"], serde_json::json!({}));
}

#[tokio::test]
async fn export_questions_writes_the_log_to_a_file() {
    let cli = Cli::new();
    cli.run(&["migrate"], &[]).await;
    let store = rounds::store::Store::connect_existing(&cli.database_url)
        .await
        .unwrap();
    let guild = rounds::domain::GuildId::new(7).unwrap();
    let prepared = rounds::domain::questions::prepare_question(
        "Dr. Alvarez wants to know: apixaban or rivaroxaban in AF with CKD?",
        Some("anticoagulation"),
        |_| Vec::new(),
    )
    .unwrap();
    let key = store
        .author_key(guild, None, chrono::Utc::now())
        .await
        .unwrap();
    store
        .log_question(
            guild,
            &key.hash_author(99),
            &prepared,
            rounds::domain::questions::Origin::Ask,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    store.close().await;

    let out = cli.dir.path().join("export.jsonl");
    let output = cli
        .run(
            &[
                "export",
                "questions",
                "--guild",
                "7",
                "--format",
                "jsonl",
                "--out",
                out.to_str().unwrap(),
            ],
            &[],
        )
        .await;
    assert!(output.status.success(), "{}", stderr(&output));
    let written = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<serde_json::Value> = written
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["topic"], "anticoagulation");
    assert!(rows[0]["question"]
        .as_str()
        .unwrap()
        .contains("apixaban or rivaroxaban"));
    assert!(!written.contains("Alvarez"));

    let other_guild = cli
        .run(
            &["export", "questions", "--guild", "8", "--format", "csv"],
            &[],
        )
        .await;
    assert!(other_guild.status.success());
    assert_eq!(
        stdout(&other_guild).lines().count(),
        1,
        "only the header: {}",
        stdout(&other_guild)
    );

    let bad_format = cli
        .run(
            &["export", "questions", "--guild", "7", "--format", "xlsx"],
            &[],
        )
        .await;
    assert!(!bad_format.status.success());
    assert!(
        stderr(&bad_format).contains("[possible values: csv, jsonl]"),
        "{}",
        stderr(&bad_format)
    );
}

/// `rounds redact --explain` (issue #13): per line, every span removed with its kind and the rule
/// or gazetteer that fired; and `rounds doctor` warns when the asker key lives in the database.
#[tokio::test]
async fn redact_explain_names_each_span_and_its_rule_and_doctor_warns_about_the_key() {
    let cli = Cli::new();
    let input = cli.dir.path().join("explain.txt");
    std::fs::write(
        &input,
        "Margaret Holloway from Harrogate, seen Christmas Eve, on apixaban 5 mg\nWells score 4 and HbA1c 7.2%\nour pt from Erongo region, Tjikuua, cutaneous anthrax? ciprofloxacin 500 mg\n",
    )
    .unwrap();
    let output = cli
        .run(
            &["redact", "--explain", "--file", input.to_str().unwrap()],
            &[],
        )
        .await;
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{}", stdout(&output));
    let spans = lines[0]["spans"].as_array().unwrap();
    let found: Vec<(&str, &str, &str)> = spans
        .iter()
        .map(|s| {
            (
                s["kind"].as_str().unwrap(),
                s["text"].as_str().unwrap(),
                s["rule"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        found.iter().any(|(kind, text, rule)| {
            *kind == "NAME" && *text == "Margaret Holloway" && !rule.is_empty()
        }),
        "{found:?}"
    );
    assert!(
        found.contains(&("PLACE", "Harrogate", "gazetteer: GeoNames place")),
        "{found:?}"
    );
    assert!(
        found.contains(&("DATE", "Christmas Eve", "holiday")),
        "{found:?}"
    );
    assert_eq!(
        lines[0]["redacted"],
        "[NAME] from [PLACE], seen [DATE], on apixaban 5 mg"
    );
    assert_eq!(
        lines[1]["spans"],
        serde_json::json!([]),
        "nothing to remove"
    );
    assert_eq!(lines[1]["redacted"], "Wells score 4 and HbA1c 7.2%");
    // A word no rule knows, which the learned detector (on by default) takes: it is named as what
    // fired, and the medicine beside it stays.
    let learned: Vec<&serde_json::Value> = lines[2]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["rule"] == "learned detector")
        .collect();
    assert!(
        learned.iter().any(|s| s["text"] == "Tjikuua"),
        "{}",
        lines[2]
    );
    let redacted = lines[2]["redacted"].as_str().unwrap();
    assert!(!redacted.contains("Tjikuua"), "{redacted}");
    assert!(
        redacted.ends_with("cutaneous anthrax? ciprofloxacin 500 mg"),
        "{redacted}"
    );

    cli.run(&["migrate"], &[]).await;
    let doctor = cli.run(&["doctor"], &[]).await;
    let out = stdout(&doctor);
    assert!(out.contains("warn asker key"), "{out}");
    assert!(out.contains("re-identify"), "{out}");
    assert!(out.contains("questions.author_key"), "{out}");
    let key = "ab".repeat(32);
    let with_key = cli
        .run(
            &["doctor"],
            &[("ROUNDS__QUESTIONS__AUTHOR_KEY", key.as_str())],
        )
        .await;
    assert!(
        !stdout(&with_key).contains("warn asker key"),
        "{}",
        stdout(&with_key)
    );
}
