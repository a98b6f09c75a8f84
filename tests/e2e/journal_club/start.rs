//! `/journalclub start`: threads and forum posts that present the paper, and refusals that leave
//! nothing behind.

use super::*;
use crate::fake_papers::PaperFault;
use serde_json::json;

#[tokio::test]
async fn a_doi_opens_a_public_thread_presenting_the_paper_with_trial_prompts() {
    let (app, papers) = spawn_club_app().await;
    let reply = start(
        &app,
        Start {
            guild: GUILD_A,
            user: MEMBER,
            used_in: Some(TEXT_CHANNEL_A),
            paper: "https://doi.org/10.5555/rounds.trial",
            ..Start::default()
        },
    )
    .await;
    assert!(reply.ephemeral);
    let thread = only_thread(&app, TEXT_CHANNEL_A);
    assert!(
        reply
            .content
            .contains(&format!("Journal club opened in <#{thread}>")),
        "{}",
        reply.content
    );
    assert!(reply.content.contains("no reminders"), "{}", reply.content);

    let info = &app.fake.threads_of(TEXT_CHANNEL_A)[0].1;
    assert_eq!(info.kind, 11, "a public thread");
    assert!(info.name.chars().count() <= 100, "{}", info.name);
    assert!(
        info.name.starts_with(
            "Journal club: Early rhythm control 123 everyone in atrial fibrillation with heart"
        ),
        "{}",
        info.name
    );
    assert!(info.name.ends_with('…'), "{}", info.name);
    assert!(!info.name.contains(['*', '<', '@']), "{}", info.name);
    let create = app
        .fake
        .requests()
        .into_iter()
        .find(|r| {
            r.method == "POST"
                && r.path
                    .ends_with(&format!("/channels/{TEXT_CHANNEL_A}/threads"))
        })
        .expect("a thread was created");
    assert_eq!(create.body["type"], 11);

    let posted = app.fake.channel_messages(thread);
    assert_eq!(posted.len(), 1, "{posted:?}");
    let opening = &posted[0];
    assert_pings_nobody(opening);
    assert!(
        opening["content"]
            .as_str()
            .unwrap()
            .contains(&format!("started by <@{MEMBER}>")),
        "{opening}"
    );
    let about = &opening["embeds"][0];
    let title = about["title"].as_str().unwrap();
    assert!(
        title.starts_with("\\*\\*Early\\*\\* rhythm control \\<\\@123\\> \\@everyone"),
        "{title}"
    );
    assert_eq!(about["url"], "https://doi.org/10.5555/rounds.trial");
    let description = about["description"].as_str().unwrap();
    for expected in [
        "Ada Okonkwo, Bruno Lindqvist, Chen Wei et al.",
        "*Invented Medical Journal* · 2026",
        "[DOI 10.5555/rounds.trial](https://doi.org/10.5555/rounds.trial)",
        "Background\\: Whether early rhythm control improves outcomes in atrial fibrillation & heart failure is uncertain.",
        "Results\\: The primary outcome",
    ] {
        assert!(description.contains(expected), "{expected} missing from {description}");
    }
    assert!(!description.contains("jats"), "{description}");
    assert!(!description.contains("Abstract\\:"), "{description}");
    assert!(fields(about).contains(&("Study type".to_owned(), "Clinical trial".to_owned())));
    let prompts = fields(&opening["embeds"][1]);
    let headings: Vec<&str> = prompts.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(headings, ["PICO", "Trial appraisal (CONSORT)"]);
    assert!(
        prompts[1].1.contains("allocation concealed"),
        "{}",
        prompts[1].1
    );

    let asked = papers.requests_to("crossref");
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].path, "/crossref/works/10.5555/rounds.trial");
    assert_eq!(asked[0].param("mailto"), Some("journal-club@example.org"));
    assert!(
        asked[0]
            .user_agent
            .contains("mailto:journal-club@example.org"),
        "{}",
        asked[0].user_agent
    );

    let club = stored_club(&app, thread).await;
    assert_eq!(club.paper_key, "doi:10.5555/rounds.trial");
    assert_eq!(club.channel_id, TEXT_CHANNEL_A);
    assert_eq!(club.started_by, MEMBER);
    assert_eq!(club.starts_at, None);
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn in_a_forum_the_journal_club_is_a_forum_post_and_lookups_are_cached() {
    let (app, papers) = spawn_club_app().await;
    let reply = start(
        &app,
        Start {
            guild: GUILD_A,
            user: MEMBER,
            used_in: Some(TEXT_CHANNEL_A),
            paper: "PMID: 4242",
            channel: Some(FORUM_CHANNEL_A),
            ..Start::default()
        },
    )
    .await;
    let post = only_thread(&app, FORUM_CHANNEL_A);
    assert!(
        reply.content.contains(&format!("<#{post}>")),
        "{}",
        reply.content
    );
    assert!(app.fake.threads_of(TEXT_CHANNEL_A).is_empty());
    let info = &app.fake.threads_of(FORUM_CHANNEL_A)[0].1;
    assert_eq!(
        info.name,
        "Journal club: Statin use and falls in older adults: a nationwide cohort study"
    );
    let first = app.fake.channel_messages(post);
    assert_eq!(first.len(), 1, "the forum post carries the opening message");
    assert_pings_nobody(&first[0]);
    let about = &first[0]["embeds"][0];
    let description = about["description"].as_str().unwrap();
    for expected in [
        "Mensah K, Varga L",
        "[PMID 4242](https://pubmed.ncbi.nlm.nih.gov/4242/)",
        "[PMC99](https://pmc.ncbi.nlm.nih.gov/articles/PMC99/)",
        "[DOI 10.5555/rounds.cohort](https://doi.org/10.5555/rounds.cohort)",
        "nationwide cohort of 48 211 adults",
        "0.85–0.97",
    ] {
        assert!(
            description.contains(expected),
            "{expected} missing from {description}"
        );
    }
    let headings: Vec<String> = fields(&first[0]["embeds"][1])
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(headings, ["PICO", "Observational appraisal (STROBE)"]);
    let esummary = papers.requests_to("eutils");
    assert_eq!(esummary.len(), 1);
    assert_eq!(esummary[0].path, "/eutils/esummary.fcgi");
    for (name, value) in [
        ("db", "pubmed"),
        ("id", "4242"),
        ("retmode", "json"),
        ("tool", "rounds"),
        ("email", "journal-club@example.org"),
    ] {
        assert_eq!(
            esummary[0].param(name),
            Some(value),
            "{:?}",
            esummary[0].query
        );
    }
    assert_eq!(esummary[0].param("api_key"), None, "no key is configured");

    // The same paper by its PMCID: PMC's summary leads to the PMID, whose summary and Crossref record
    // come from the cache.
    start(
        &app,
        Start {
            guild: GUILD_A,
            user: MEMBER,
            paper: "https://pmc.ncbi.nlm.nih.gov/articles/PMC99/",
            channel: Some(FORUM_CHANNEL_A),
            ..Start::default()
        },
    )
    .await;
    assert_eq!(app.fake.threads_of(FORUM_CHANNEL_A).len(), 2);
    let asked: Vec<(String, String)> = papers
        .requests()
        .iter()
        .map(|r| (r.service.clone(), r.param("db").unwrap_or("").to_owned()))
        .collect();
    assert_eq!(
        asked,
        [
            ("eutils".to_owned(), "pubmed".to_owned()),
            ("crossref".to_owned(), String::new()),
            ("eutils".to_owned(), "pmc".to_owned()),
        ]
    );
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn papers_that_cannot_be_used_get_a_clear_answer_and_nothing_is_created() {
    let (app, papers) = spawn_club_app().await;
    let attempt = |paper: &'static str, when: Option<&'static str>| {
        let app = &app;
        async move {
            start(
                app,
                Start {
                    guild: GUILD_A,
                    user: MEMBER,
                    paper,
                    when,
                    ..Start::default()
                },
            )
            .await
        }
    };
    let mut replies = Vec::new();
    replies.push((
        attempt("a great paper about statins", None).await,
        "no DOI, PMID or PMCID",
    ));
    replies.push((
        attempt("10.5555/rounds.unknown", None).await,
        "Crossref has no record of DOI 10.5555/rounds.unknown",
    ));
    replies.push((
        attempt("PMID 999999", None).await,
        "NCBI E-utilities has no record of PMID 999999",
    ));
    replies.push((
        attempt("doi:10.5555/rounds.retracted", None).await,
        "has been retracted",
    ));
    replies.push((
        attempt("10.5555/rounds.trial", Some("2020-01-01 10:00")).await,
        "is in the past",
    ));
    replies.push((
        attempt("10.5555/rounds.trial", Some("next tuesday")).await,
        "is not a date and time",
    ));
    papers.fail_next("eutils", PaperFault::Status(429), 1);
    replies.push((attempt("PMID: 5151", None).await, "limiting how fast"));
    let in_a_200 = json!({"error": "API rate limit exceeded", "api-key": "127.0.0.1", "count": "5", "limit": "3"});
    papers.fail_next("eutils", PaperFault::Ok200(in_a_200), 1);
    replies.push((attempt("PMID: 5151", None).await, "limiting how fast"));
    papers.fail_next("crossref", PaperFault::Status(503), 1);
    replies.push((
        attempt("10.5555/rounds.cohort", None).await,
        "Crossref could not be reached",
    ));
    for (reply, expected) in &replies {
        assert!(reply.ephemeral, "{}", reply.content);
        assert!(
            reply.content.contains(expected),
            "expected `{expected}` in: {}",
            reply.content
        );
    }
    assert!(
        replies[3].0.content.contains("Vitamin Q megadoses"),
        "{}",
        replies[3].0.content
    );
    assert!(app.fake.threads_of(TEXT_CHANNEL_A).is_empty());
    assert!(
        !app.fake
            .requests()
            .iter()
            .any(|r| r.path.contains("/threads")),
        "no thread was even attempted"
    );
    let store = app.store().await;
    assert_eq!(
        store
            .open_journal_club_count(GuildId::new(GUILD_A).unwrap())
            .await
            .unwrap(),
        0
    );
    store.close().await;

    // Once the services recover, the same paper works.
    let recovered = attempt("PMID: 5151", None).await;
    assert!(
        recovered.content.contains("Journal club opened"),
        "{}",
        recovered.content
    );
    let review = only_thread(&app, TEXT_CHANNEL_A);
    let headings: Vec<String> = fields(&app.fake.channel_messages(review)[0]["embeds"][1])
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(headings, ["PICO", "Review appraisal (PRISMA)"]);
    app.fake.assert_no_schema_violations();
}
