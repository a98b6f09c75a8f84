//! Configuration layering, defaults, secrets and errors.

use super::*;
use secrecy::ExposeSecret;

fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn defaults_match_the_spec() {
    let settings = Settings::load_from(&[], env(&[])).unwrap();
    assert_eq!(settings.database.url, "sqlite://data/rounds.db");
    assert_eq!(settings.sources.mastodon.instances.len(), 2);
    assert_eq!(settings.sources.mastodon.poll_interval.as_secs(), 120);
    assert!(!settings.sources.x.enabled);
    assert_eq!(settings.digest.time.to_string(), "08:00");
    assert_eq!(settings.digest.timezone.name(), "UTC");
    assert_eq!(settings.questions.retention_days, 365);
    assert_eq!(settings.retention.posts_days, 90);
    assert!(settings.sources.refresh.enabled);
    assert_eq!(settings.sources.refresh.max_age.as_secs(), 48 * 3600);
    assert_eq!(settings.sources.refresh.interval.as_secs(), 15 * 60);
    assert!(
        !settings.sources.x.refresh,
        "X reads are billed: off unless asked for"
    );
    assert_eq!(
        settings.sources.bluesky.public_appview_url,
        "https://public.api.bsky.app"
    );
    assert!(settings.discord.token.is_none());
    assert!(settings.discord.guild_id.is_none());
    assert_eq!(settings.discord.requests_per_second, 45);
}

#[test]
fn a_request_pace_over_discords_global_limit_is_refused() {
    for bad in ["0", "51"] {
        let error = Settings::load_from(&[], env(&[("ROUNDS__DISCORD__REQUESTS_PER_SECOND", bad)]))
            .unwrap_err()
            .to_string();
        assert!(error.contains("requests_per_second"), "{error}");
    }
    let settings =
        Settings::load_from(&[], env(&[("ROUNDS__DISCORD__REQUESTS_PER_SECOND", "20")])).unwrap();
    assert_eq!(settings.discord.requests_per_second, 20);
}

#[test]
fn files_layer_in_order_then_the_environment_wins() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.toml");
    let second = dir.path().join("second.toml");
    std::fs::write(
        &first,
        "[digest]\ntime = \"07:00\"\ntimezone = \"Europe/Paris\"\n",
    )
    .unwrap();
    std::fs::write(&second, "[digest]\ntime = \"09:30\"\n").unwrap();
    let settings = Settings::load_from(
        &[first, second],
        env(&[
            ("ROUNDS__DATABASE__URL", "sqlite://elsewhere.db"),
            ("ROUNDS__SOURCES__X__POLL_INTERVAL", "20m"),
            (
                "ROUNDS__SOURCES__MASTODON__INSTANCES",
                r#"["http://127.0.0.1:9"]"#,
            ),
            ("ROUNDS__DISCORD__GUILD_ID", "1234"),
            ("ROUNDS__QUESTIONS__RETENTION_DAYS", "30"),
            ("DISCORD_TOKEN", "secret-token"),
        ]),
    )
    .unwrap();
    assert_eq!(settings.digest.time.to_string(), "09:30");
    assert_eq!(settings.digest.timezone.name(), "Europe/Paris");
    assert_eq!(settings.database.url, "sqlite://elsewhere.db");
    assert_eq!(settings.sources.x.poll_interval.as_secs(), 1200);
    assert_eq!(
        settings.sources.mastodon.instances,
        vec!["http://127.0.0.1:9"]
    );
    assert_eq!(settings.discord.guild_id, Some(1234));
    assert_eq!(settings.questions.retention_days, 30);
    assert_eq!(
        settings.discord_token().unwrap().expose_secret(),
        "secret-token"
    );
}

#[test]
fn secrets_do_not_show_in_debug_output() {
    let settings = Settings::load_from(
        &[],
        env(&[
            ("DISCORD_TOKEN", "very-secret-token"),
            ("ROUNDS__SOURCES__X__BEARER_TOKEN", "bearer-secret"),
        ]),
    )
    .unwrap();
    let printed = format!("{settings:?}");
    assert!(!printed.contains("very-secret-token"), "{printed}");
    assert!(!printed.contains("bearer-secret"), "{printed}");
}

#[test]
fn typos_and_bad_values_are_clear_errors() {
    let unknown = Settings::load_from(&[], env(&[("ROUNDS__DIGEST__TIEM", "07:00")]))
        .unwrap_err()
        .to_string();
    assert!(unknown.contains("tiem"), "{unknown}");

    let bad_zone = Settings::load_from(&[], env(&[("ROUNDS__DIGEST__TIMEZONE", "Mars/Base")]))
        .unwrap_err()
        .to_string();
    assert!(bad_zone.contains("Mars/Base"), "{bad_zone}");

    let bad_duration =
        Settings::load_from(&[], env(&[("ROUNDS__SOURCES__RSS__POLL_INTERVAL", "soon")]))
            .unwrap_err()
            .to_string();
    assert!(bad_duration.contains("soon"), "{bad_duration}");

    let missing = Settings::load_from(&[PathBuf::from("/nonexistent/rounds.toml")], env(&[]))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("/nonexistent/rounds.toml"), "{missing}");

    let no_key = Settings::load_from(&[], env(&[("ROUNDS__DATABASE", "x")])).unwrap_err();
    assert!(no_key.to_string().contains("ROUNDS__DATABASE"));
}

#[test]
fn missing_token_names_the_variable() {
    let settings = Settings::load_from(&[], env(&[("DISCORD_TOKEN", "  ")])).unwrap();
    assert!(settings
        .discord_token()
        .unwrap_err()
        .contains("DISCORD_TOKEN"));
}

#[test]
fn errors_in_secret_settings_never_quote_the_secret() {
    let dir = tempfile::tempdir().unwrap();
    let unquoted = dir.path().join("unquoted.toml");
    std::fs::write(
        &unquoted,
        "[sources.x]\nbearer_token = zq-unquoted-secret\n",
    )
    .unwrap();
    let error = Settings::load_from(&[unquoted], env(&[]))
        .unwrap_err()
        .to_string();
    assert!(!error.contains("zq-unquoted-secret"), "{error}");
    assert!(error.contains("line 2, column 16"), "{error}");

    let numeric = dir.path().join("numeric.toml");
    std::fs::write(&numeric, "[summary.llm]\napi_key = 987654321\n").unwrap();
    let error = Settings::load_from(&[numeric], env(&[]))
        .unwrap_err()
        .to_string();
    assert!(!error.contains("987654321"), "{error}");
    assert!(error.contains("summary.llm.api_key"), "{error}");
}

#[test]
fn trusted_bases_must_be_https_unless_they_are_this_machine() {
    for (name, value, key) in [
        (
            "ROUNDS__SOURCES__MASTODON__INSTANCES",
            r#"["https://a.example","http://b.example"]"#,
            "sources.mastodon.instances[1]",
        ),
        (
            "ROUNDS__DISCORD__API_BASE",
            "http://discord.example",
            "discord.api_base",
        ),
        (
            "ROUNDS__SUMMARY__LLM__ENDPOINT",
            "http://llm.example/v1?key=zq-llm-key",
            "summary.llm.endpoint",
        ),
        (
            "ROUNDS__SOURCES__BLUESKY__JETSTREAM_URL",
            "ws://jetstream.example/subscribe",
            "sources.bluesky.jetstream_url",
        ),
        (
            "ROUNDS__SOURCES__BLUESKY__PUBLIC_APPVIEW_URL",
            "http://appview.example",
            "sources.bluesky.public_appview_url",
        ),
        (
            "ROUNDS__METADATA__EUTILS_BASE",
            "http://10.0.0.5/eutils",
            "metadata.eutils_base",
        ),
    ] {
        let error = Settings::load_from(&[], env(&[(name, value)]))
            .expect_err(name)
            .to_string();
        assert!(error.contains(key) && error.contains("https://"), "{error}");
        assert!(
            !error.contains("example") && !error.contains("zq-llm-key"),
            "{error}"
        );
    }
    for (name, value) in [
        ("ROUNDS__DISCORD__API_BASE", "http://127.0.0.1:9"),
        ("ROUNDS__SOURCES__X__API_BASE", "http://localhost:9"),
        ("ROUNDS__SUMMARY__LLM__ENDPOINT", "http://[::1]:9/v1"),
        (
            "ROUNDS__SOURCES__BLUESKY__JETSTREAM_URL",
            "ws://127.0.0.1:9/subscribe",
        ),
    ] {
        assert!(
            Settings::load_from(&[], env(&[(name, value)])).is_ok(),
            "{name}"
        );
    }
    let settings = Settings::load_from(&[], env(&[])).unwrap();
    assert!(!settings.sources.rss.allow_private_addresses);
}

#[test]
fn the_feed_item_cap_defaults_to_200_and_cannot_be_zero() {
    let settings = Settings::load_from(&[], env(&[])).unwrap();
    assert_eq!(settings.sources.rss.max_items_per_poll, 200);
    let error = Settings::load_from(
        &[],
        env(&[("ROUNDS__SOURCES__RSS__MAX_ITEMS_PER_POLL", "0")]),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("max_items_per_poll"), "{error}");
    let settings = Settings::load_from(
        &[],
        env(&[("ROUNDS__SOURCES__RSS__MAX_ITEMS_PER_POLL", "5")]),
    )
    .unwrap();
    assert_eq!(settings.sources.rss.max_items_per_poll, 5);
}

#[test]
fn mastodon_tokens_go_only_to_their_own_instance() {
    let two = r#"["https://a.example", "https://b.example:8443"]"#;
    let settings = Settings::load_from(
        &[],
        env(&[
            ("ROUNDS__SOURCES__MASTODON__INSTANCES", two),
            (
                "ROUNDS__SOURCES__MASTODON__ACCESS_TOKENS",
                r#"{ "A.example" = "token-for-a", "b.example:8443" = "token-for-b" }"#,
            ),
        ]),
    )
    .unwrap();
    let mastodon = &settings.sources.mastodon;
    let token = |instance: &str| {
        mastodon
            .token_for(instance)
            .map(|t| t.expose_secret().to_owned())
    };
    assert_eq!(token("https://a.example").as_deref(), Some("token-for-a"));
    assert_eq!(
        token("https://b.example:8443").as_deref(),
        Some("token-for-b")
    );
    assert_eq!(token("https://b.example"), None);
    assert!(!format!("{settings:?}").contains("token-for"));

    // One shared token with several instances would go to all of them: refused, unquoted.
    let error = Settings::load_from(
        &[],
        env(&[
            ("ROUNDS__SOURCES__MASTODON__INSTANCES", two),
            ("ROUNDS__SOURCES__MASTODON__ACCESS_TOKEN", "shared-secret"),
        ]),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("access_tokens"), "{error}");
    assert!(!error.contains("shared-secret"), "{error}");

    // A token for a host that is not configured is a typo: refused.
    let error = Settings::load_from(
        &[],
        env(&[
            ("ROUNDS__SOURCES__MASTODON__INSTANCES", two),
            (
                "ROUNDS__SOURCES__MASTODON__ACCESS_TOKENS",
                r#"{ "c.example" = "stray-secret" }"#,
            ),
        ]),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("c.example"), "{error}");
    assert!(!error.contains("stray-secret"), "{error}");

    // With a single instance, the single token is still accepted, for that instance.
    let settings = Settings::load_from(
        &[],
        env(&[
            (
                "ROUNDS__SOURCES__MASTODON__INSTANCES",
                r#"["https://a.example"]"#,
            ),
            ("ROUNDS__SOURCES__MASTODON__ACCESS_TOKEN", "only-one"),
        ]),
    )
    .unwrap();
    let only = settings.sources.mastodon.token_for("https://a.example");
    assert_eq!(
        only.map(|t| t.expose_secret().to_owned()).as_deref(),
        Some("only-one")
    );
}

#[test]
fn an_unfilled_token_table_is_empty_and_a_bad_one_is_refused_unquoted() {
    let settings = Settings::load_from(
        &[],
        env(&[("ROUNDS__SOURCES__MASTODON__ACCESS_TOKENS", "")]),
    )
    .unwrap();
    assert!(settings.sources.mastodon.access_tokens.is_empty());
    let error = Settings::load_from(
        &[],
        env(&[(
            "ROUNDS__SOURCES__MASTODON__ACCESS_TOKENS",
            "bare-secret-value",
        )]),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("access_tokens"), "{error}");
    assert!(!error.contains("bare-secret-value"), "{error}");
}
