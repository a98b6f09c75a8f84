//! The command line on a fresh database, as an operator first meets it.

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
        tokio::time::timeout(crate::app::STEP, command.output())
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
        "run", "migrate", "ingest", "track", "feeds", "digest", "summary", "export", "tag",
        "redact", "demo", "doctor",
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
    assert!(
        stdout(&migrated).contains("schema version 1"),
        "{}",
        stdout(&migrated)
    );
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
    assert_eq!(stdout(&listed), "");
}

#[tokio::test]
async fn commands_of_later_features_say_they_are_not_yet_available() {
    let cli = Cli::new();
    let output = cli.run(&["demo"], &[]).await;
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("not yet available"),
        "{}",
        stderr(&output)
    );
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
    let output = cli
        .run(
            &["doctor"],
            &[
                ("DISCORD_TOKEN", "super-secret-token"),
                ("ROUNDS__DISCORD__API_BASE", &base),
                ("ROUNDS__SOURCES__MASTODON__ENABLED", "true"),
                ("ROUNDS__SOURCES__MASTODON__INSTANCES", &dead_instance),
            ],
        )
        .await;
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
