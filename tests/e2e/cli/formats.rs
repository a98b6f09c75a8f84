//! The command line as a shell user meets it: `--format text|markdown|json` (a terminal never sees
//! Discord's escaping), list formats, `ingest` without `--once`, a reader that closes the pipe
//! early, input lines that are not UTF-8, and `tag`'s byte offsets.

use super::{stderr, stdout, Cli};
use rounds::domain::normalize::normalize;
use rounds::domain::post::{RawAuthor, RawPost, SourceKind};
use rounds::domain::{GuildId, Hashtag};
use rounds::store::Store;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// Guild 1 tracks #MedEd and has two posts whose text Discord would need escaped.
async fn seed(cli: &Cli) {
    cli.run(&["migrate"], &[]).await;
    let store = Store::connect_existing(&cli.database_url).await.unwrap();
    let guild = GuildId::new(1).unwrap();
    let since = chrono::Utc::now() - chrono::Duration::days(2);
    let tag = Hashtag::parse("MedEd").unwrap();
    store.track_hashtag(guild, &tag, None, since).await.unwrap();
    let posts: Vec<_> = (0..2)
        .map(|i| {
            let uri = format!("https://med.example/@wardnurse/{i}");
            normalize(
                RawPost {
                    source: SourceKind::Mastodon,
                    origin: "med.example".into(),
                    remote_id: uri.clone(),
                    uri: uri.clone(),
                    url: Some(uri),
                    author: RawAuthor {
                        remote_id: "https://med.example/users/wardnurse".into(),
                        handle: "@wardnurse@med.example".into(),
                        ..RawAuthor::default()
                    },
                    title: None,
                    text: format!(
                        "Case {i}: ask @pharm_lead@med.example about https://doi.org/10.5555/x_y #MedEd"
                    ),
                    language: Some("en".into()),
                    created_at: chrono::Utc::now() - chrono::Duration::hours(i + 1),
                    engagement: Default::default(),
                    hashtags: vec!["MedEd".into()],
                    links: vec![],
                    reply_to: None,
                    quote_of: None,
                    repost_of: None,
                    mentions: vec![],
                },
                rounds::domain::entities::Tagger::bundled(),
            )
            .unwrap()
        })
        .collect();
    store
        .commit_posts("test:seed", None, &posts, chrono::Utc::now())
        .await
        .unwrap();
    store.close().await;
}

#[tokio::test]
async fn digest_text_shows_posts_as_written_and_markdown_as_discord_needs() {
    let cli = Cli::new();
    seed(&cli).await;
    let digest = |format: Option<&'static str>| {
        let cli = &cli;
        async move {
            let mut args = vec!["digest", "--guild", "1", "--window", "24h"];
            if let Some(format) = format {
                args.extend(["--format", format]);
            }
            let output = cli.run(&args, &[]).await;
            assert!(output.status.success(), "{}", stderr(&output));
            stdout(&output)
        }
    };
    let text = digest(Some("text")).await;
    assert!(text.contains("Daily digest"), "{text}");
    assert!(
        text.contains("@wardnurse@med.example (https://med.example/@wardnurse/"),
        "{text}"
    );
    assert!(
        text.contains("ask @pharm_lead@med.example about https://doi.org/10.5555/x_y #MedEd"),
        "{text}"
    );
    for escaped in ["\\@", "\\#", "https\\:", "\\_", "**"] {
        assert!(!text.contains(escaped), "text shows `{escaped}`:\n{text}");
    }

    let markdown = digest(Some("markdown")).await;
    assert!(markdown.contains("\\#MedEd"), "{markdown}");
    assert!(
        markdown.contains("\\@pharm\\_lead\\@med.example"),
        "{markdown}"
    );
    // Not a terminal: markdown, what the bot would post.
    assert_eq!(digest(None).await, markdown);

    let json: serde_json::Value = serde_json::from_str(&digest(Some("json")).await).unwrap();
    let first = &json[0]["embeds"][0];
    assert!(
        first["title"].as_str().unwrap().contains("Daily digest"),
        "{json}"
    );
    assert!(json[0]["allowed_mentions"]["parse"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn on_a_terminal_the_digest_is_plain_text() {
    // `script` gives the command a terminal; without it there is nothing to test here.
    let script = std::process::Command::new("script")
        .arg("--version")
        .output();
    if !script.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let cli = Cli::new();
    seed(&cli).await;
    let line = format!(
        "'{}' digest --guild 1 --window 24h",
        env!("CARGO_BIN_EXE_rounds")
    );
    let output = tokio::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("ROUNDS__DATABASE__URL", &cli.database_url)
        .env_remove("DISCORD_TOKEN")
        .current_dir(cli.dir.path())
        .stdin(Stdio::null())
        .output()
        .await
        .unwrap();
    let shown = stdout(&output);
    if !output.status.success() && shown.contains("pseudo-terminal") {
        eprintln!("skipped: `script` cannot open a terminal here: {shown}");
        return;
    }
    assert!(output.status.success(), "{shown}");
    assert!(shown.contains("ask @pharm_lead@med.example"), "{shown}");
    assert!(!shown.contains("\\#MedEd"), "{shown}");
}

#[tokio::test]
async fn summary_text_is_unescaped_and_lists_print_as_text_or_json() {
    let cli = Cli::new();
    seed(&cli).await;
    let summary = cli
        .run(
            &[
                "summary", "--guild", "1", "--topic", "#MedEd", "--format", "text",
            ],
            &[],
        )
        .await;
    let text = stdout(&summary);
    assert!(summary.status.success(), "{}", stderr(&summary));
    assert!(text.contains("#MedEd"), "{text}");
    assert!(!text.contains("\\#") && !text.contains("\\@"), "{text}");

    cli.run(&["track", "add", "--guild", "1", "FOAMed"], &[])
        .await;
    let listed = cli
        .run(&["track", "list", "--guild", "1", "--format", "json"], &[])
        .await;
    assert_eq!(stdout(&listed).trim(), r##"["#FOAMed","#MedEd"]"##);
    let listed = cli.run(&["track", "list", "--guild", "1"], &[]).await;
    assert_eq!(stdout(&listed), "#FOAMed\n#MedEd\n");
    cli.run(
        &[
            "feeds",
            "add",
            "--guild",
            "1",
            "https://journal.example/rss",
        ],
        &[],
    )
    .await;
    let feeds = cli
        .run(&["feeds", "list", "--guild", "1", "--format", "json"], &[])
        .await;
    assert_eq!(stdout(&feeds).trim(), r#"["https://journal.example/rss"]"#);

    let bad = cli
        .run(&["digest", "--guild", "1", "--format", "html"], &[])
        .await;
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("[possible values: text, markdown, json]"),
        "{}",
        stderr(&bad)
    );
}

#[tokio::test]
async fn ingest_without_once_explains_itself() {
    let cli = Cli::new();
    let output = cli.run(&["ingest"], &[]).await;
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("--once") && err.contains("rounds run"),
        "{err}"
    );
    assert!(stdout(&output).is_empty());
}

#[tokio::test]
async fn a_reader_that_closes_the_pipe_ends_tag_quietly() {
    let cli = Cli::new();
    let input = cli.dir.path().join("big.txt");
    let line = "Semaglutide and metformin in T2DM with CKD, per the new guideline\n";
    std::fs::write(&input, line.repeat(100_000)).unwrap();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_rounds"))
        .args(["tag", "--file", input.to_str().unwrap()])
        .env("ROUNDS__DATABASE__URL", &cli.database_url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next_line().await.unwrap().unwrap();
    assert!(first.contains("Semaglutide"), "{first}");
    drop(lines); // as `| head -1` does
    let output = tokio::time::timeout(crate::app::STEP, child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    assert_eq!(stderr(&output), "", "no error or panic on a closed pipe");
}

#[tokio::test]
async fn lines_that_are_not_utf8_are_reported_and_skipped() {
    let cli = Cli::new();
    for command in ["tag", "redact"] {
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_rounds"))
            .arg(command)
            .env("ROUNDS__DATABASE__URL", &cli.database_url)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(b"metformin at night?\r\nbad \xff\xfe bytes\nsemaglutide weekly\n")
            .await
            .unwrap();
        drop(stdin);
        let output = child.wait_with_output().await.unwrap();
        assert!(output.status.success(), "{command}: {}", stderr(&output));
        let rows: Vec<serde_json::Value> = stdout(&output)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(rows.len(), 2, "{command}: {}", stdout(&output));
        assert_eq!(rows[0]["text"], "metformin at night?");
        assert_eq!(rows[1]["text"], "semaglutide weekly");
        assert!(
            stderr(&output).contains("line 2 is not valid UTF-8"),
            "{command}: {}",
            stderr(&output)
        );
    }
}

#[tokio::test]
async fn tag_offsets_are_bytes_of_the_line() {
    let cli = Cli::new();
    let input = cli.dir.path().join("lines.txt");
    // "Café · " is 7 characters but 9 bytes.
    std::fs::write(&input, "Café · metformin\n").unwrap();
    let output = cli
        .run(&["tag", "--file", input.to_str().unwrap()], &[])
        .await;
    let row: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    let entity = &row["entities"][0];
    assert_eq!(entity["canonical"], "Metformin", "{row}");
    let (start, end) = (
        entity["start"].as_u64().unwrap() as usize,
        entity["end"].as_u64().unwrap() as usize,
    );
    assert_eq!((start, end), (9, 18), "{row}");
    assert_eq!(&"Café · metformin".as_bytes()[start..end], b"metformin");
}
