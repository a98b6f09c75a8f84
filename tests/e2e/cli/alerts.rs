//! `rounds alerts check`: the surges in progress at a time, offline, on the same planted history as
//! the bot's end-to-end test (`crate::alerts`).

use super::{stderr, stdout, Cli};
use crate::alerts::plant_surge_history;
use chrono::{Duration, DurationRound as _, Utc};
use rounds::store::Store;

const GUILD: u64 = 4242;

#[tokio::test]
async fn alerts_check_prints_the_surge_in_progress_and_not_the_decoys() {
    let cli = Cli::new();
    let migrated = cli.run(&["migrate"], &[]).await;
    assert!(migrated.status.success(), "{}", stderr(&migrated));
    let now = Utc::now();
    let store = Store::open(&cli.database_url).await.unwrap();
    plant_surge_history(&store, GUILD, now).await;
    store.close().await;
    let at = now.to_rfc3339();
    let judged = now.duration_trunc(Duration::hours(1)).unwrap() - Duration::hours(1);

    let json = cli
        .run(
            &[
                "alerts", "check", "--guild", "4242", "--at", &at, "--format", "json",
            ],
            &[],
        )
        .await;
    assert!(json.status.success(), "{}", stderr(&json));
    let surges: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let surges = surges.as_array().unwrap();
    assert_eq!(surges.len(), 1, "{surges:#?}");
    let surge = &surges[0];
    assert_eq!(surge["topic"], "#cardiology");
    assert_eq!(surge["kind"], "hashtag");
    assert_eq!(surge["count_now"], 30);
    assert!(surge["usual"].as_f64().unwrap() < 2.0, "{surge}");
    assert!(surge["score"].as_f64().unwrap() > 4.0, "{surge}");
    assert_eq!(surge["hour"], judged.to_rfc3339());
    assert_eq!(surge["started"], (judged - Duration::hours(1)).to_rfc3339());

    let markdown = cli
        .run(
            &[
                "alerts", "check", "--guild", "4242", "--at", &at, "--format", "markdown",
            ],
            &[],
        )
        .await;
    assert!(markdown.status.success(), "{}", stderr(&markdown));
    let text = stdout(&markdown);
    assert!(text.contains("- \\#cardiology: 30 now"), "{text}");
    assert!(
        !text.contains("meded") && !text.contains("nephrology"),
        "{text}"
    );
    let plain = cli
        .run(
            &[
                "alerts", "check", "--guild", "4242", "--at", &at, "--format", "text",
            ],
            &[],
        )
        .await;
    assert!(
        stdout(&plain).contains("#cardiology: 30 now"),
        "{}",
        stdout(&plain)
    );

    // Three days earlier nothing was surging: an empty list.
    let before = (now - Duration::days(3)).to_rfc3339();
    let quiet = cli
        .run(
            &[
                "alerts", "check", "--guild", "4242", "--at", &before, "--format", "json",
            ],
            &[],
        )
        .await;
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    assert_eq!(stdout(&quiet).trim(), "[]");
}

#[tokio::test]
async fn alerts_check_refuses_bad_input() {
    let cli = Cli::new();
    let bad_time = cli
        .run(
            &[
                "alerts",
                "check",
                "--guild",
                "1",
                "--at",
                "yesterday",
                "--format",
                "json",
            ],
            &[],
        )
        .await;
    assert!(!bad_time.status.success());
    assert!(
        stderr(&bad_time).contains("not an RFC 3339 time"),
        "{}",
        stderr(&bad_time)
    );
    let bad_sensitivity = cli
        .run(
            &["alerts", "check", "--guild", "1", "--sensitivity", "max"],
            &[],
        )
        .await;
    assert!(!bad_sensitivity.status.success());
    assert!(
        stderr(&bad_sensitivity).contains("low, normal or high"),
        "{}",
        stderr(&bad_sensitivity)
    );
}
