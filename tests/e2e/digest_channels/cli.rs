//! `rounds digest` without Discord: a channel's own week and hashtags, and the labels a digest shows.

use super::*;

#[tokio::test]
async fn rounds_digest_for_a_monday_weekly_channel_prints_its_week_and_its_hashtags() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}", dir.path().join("rounds.db").display());
    let store = Store::open(&database_url).await.unwrap();
    track_both(&store).await;
    let at = |text: &str| {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    };
    // Monday 30 November 2026, 08:00 in London (UTC in winter).
    let monday = at("2026-11-30T08:00:00Z");
    commit(
        &store,
        &[
            (
                "Last week's news: outside the window",
                CARDIO,
                at("2026-11-22T12:00:00Z"),
            ),
            (
                "Tuesday: statins in the elderly",
                CARDIO,
                at("2026-11-24T12:00:00Z"),
            ),
            (
                "Saturday: ticagrelor or clopidogrel",
                CARDIO,
                at("2026-11-28T12:00:00Z"),
            ),
            (
                "Friday: dialysis access debate",
                NEPH,
                at("2026-11-27T12:00:00Z"),
            ),
        ],
    )
    .await;
    let mut weekly = settings(TEXT_CHANNEL_A, monday, "mon", "#CardioTwitter");
    weekly.timezone = TimeZone::parse("Europe/London").unwrap();
    store
        .save_digest_settings(guild(), &weekly, at("2026-11-01T00:00:00Z"))
        .await
        .unwrap();
    store.close().await;

    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_rounds"));
    configure(&mut command, "", &database_url, &dir.path().to_path_buf());
    command.env_remove("DISCORD_TOKEN").args([
        "digest",
        "--guild",
        &GUILD_A.to_string(),
        "--channel",
        &TEXT_CHANNEL_A.to_string(),
        "--at",
        "2026-11-30T08:00:00Z",
        "--format",
        "markdown",
    ]);
    let output = command.output().await.unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(out.contains("## Weekly digest · 30 Nov 2026"), "{out}");
    assert!(out.contains("**2** posts"), "{out}");
    assert!(
        out.contains("statins") && out.contains("ticagrelor"),
        "{out}"
    );
    assert!(
        !out.contains("dialysis") && !out.contains("NephJC"),
        "{out}"
    );
}

/// Runs `rounds ARGS` on the database at `database_url`, returning its standard output.
async fn rounds(dir: &tempfile::TempDir, database_url: &str, args: &[&str]) -> String {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_rounds"));
    configure(&mut command, "", database_url, &dir.path().to_path_buf());
    command.env_remove("DISCORD_TOKEN").args(args);
    let output = command.output().await.unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn papers_show_their_tier_and_usual_case_and_diseases_their_clinical_name() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}", dir.path().join("rounds.db").display());
    let store = Store::open(&database_url).await.unwrap();
    track_both(&store).await;
    let hour_ago = Utc::now() - Duration::hours(1);
    let tagger = Tagger::bundled();
    let posts: Vec<_> = [
        (
            "CKD progression slowed in DAPA-CKD",
            "https://doi.org/10.1056/NEJMoa2024816",
        ),
        (
            "Chronic kidney disease and SGLT2: the trial",
            "https://doi.org/10.1056/NEJMoa2024816",
        ),
        (
            "Preprint on CKD screening",
            "https://doi.org/10.21203/rs.3.rs-1234/v1",
        ),
        (
            "Stroke of luck: found this on a server",
            "https://doi.org/10.1101/2024.01.02.24300001",
        ),
    ]
    .iter()
    .enumerate()
    .map(|(i, (text, link))| {
        let id = format!("https://med.example/statuses/labels-{i}");
        let raw = RawPost {
            source: SourceKind::Mastodon,
            origin: "med.example".into(),
            remote_id: id.clone(),
            uri: id.clone(),
            url: Some(id),
            author: RawAuthor {
                remote_id: format!("https://med.example/users/neph{i}"),
                handle: format!("@neph{i}@med.example"),
                ..RawAuthor::default()
            },
            title: None,
            text: format!("{text} {link} #NephJC"),
            language: Some("en".into()),
            created_at: hour_ago,
            engagement: Engagement::default(),
            hashtags: vec![NEPH.into()],
            links: vec![(*link).into()],
            reply_to: None,
            quote_of: None,
            repost_of: None,
            mentions: vec![],
        };
        normalize(raw, tagger).unwrap()
    })
    .collect();
    store
        .commit_posts("test:labels", None, &posts, Utc::now())
        .await
        .unwrap();
    store.close().await;

    let out = rounds(
        &dir,
        &database_url,
        &[
            "digest",
            "--guild",
            &GUILD_A.to_string(),
            "--format",
            "text",
        ],
    )
    .await;
    // Each doi.org row has its own tier; the NEJM DOI shows as written, with its tier.
    assert!(out.contains("doi.org: peer-reviewed journal"), "{out}");
    assert!(
        out.contains("doi.org: preprint (not peer reviewed)"),
        "{out}"
    );
    assert!(out.contains("10.1056/NEJMoa2024816"), "{out}");
    assert!(!out.contains("10.1056/nejmoa2024816"), "{out}");
    assert!(out.contains("· peer-reviewed journal (2 posts)"), "{out}");
    assert!(
        out.contains("· preprint (not peer reviewed) (1 post)"),
        "{out}"
    );
    // The disease under its clinical name; the idiom is not a stroke.
    assert!(out.contains("Chronic kidney disease (disease): 3"), "{out}");
    assert!(!out.contains("Renal Insufficiency"), "{out}");
    assert!(!out.contains("Stroke (disease)"), "{out}");
    // `rounds tag` keeps the lexicon's canonical name, for matching and export.
    let tagged = {
        let path = dir.path().join("line.txt");
        std::fs::write(&path, "CKD again\n").unwrap();
        rounds(
            &dir,
            &database_url,
            &["tag", "--file", path.to_str().unwrap()],
        )
        .await
    };
    assert!(tagged.contains("Renal Insufficiency, Chronic"), "{tagged}");
}
