//! The packaging under `config/deploy/` and the operator's example configuration: the example loads
//! with the real configuration loader (every key valid) and names every secret, every variable of
//! the secrets file names a real setting, the binary starts with the example, and the systemd unit
//! passes `systemd-analyze verify` where systemd is installed.

use super::{stderr, stdout, Cli};
use std::path::{Path, PathBuf};

/// Every secret setting, as a key path in TOML and as its environment variable.
const SECRETS: &[(&[&str], &str)] = &[
    (&["discord", "token"], "DISCORD_TOKEN"),
    (
        &["sources", "x", "bearer_token"],
        "ROUNDS__SOURCES__X__BEARER_TOKEN",
    ),
    (
        &["sources", "bluesky", "app_password"],
        "ROUNDS__SOURCES__BLUESKY__APP_PASSWORD",
    ),
    (
        &["sources", "mastodon", "access_tokens"],
        "ROUNDS__SOURCES__MASTODON__ACCESS_TOKENS",
    ),
    (
        &["metadata", "ncbi_api_key"],
        "ROUNDS__METADATA__NCBI_API_KEY",
    ),
    (
        &["questions", "author_key"],
        "ROUNDS__QUESTIONS__AUTHOR_KEY",
    ),
    (
        &["summary", "llm", "api_key"],
        "ROUNDS__SUMMARY__LLM__API_KEY",
    ),
];

fn repo_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn the_example_configuration_loads_and_names_every_secret() {
    let example = repo_file("config/local.example.toml");
    let settings = rounds::config::Settings::load_from(std::slice::from_ref(&example), Vec::new())
        .unwrap_or_else(|e| panic!("config/local.example.toml: {e}"));
    assert_eq!(settings.metadata.mailto, "ops@example.org");
    assert_eq!(settings.digest.timezone.name(), "Europe/London");
    // Its secrets are empty, which means "not set".
    assert!(settings.discord.token.is_none());
    assert!(settings.sources.x.bearer_token.is_none());

    let table: toml::Table = std::fs::read_to_string(&example).unwrap().parse().unwrap();
    for (path, _) in SECRETS {
        let mut value = table.get(path[0]);
        for key in &path[1..] {
            value = value.and_then(|v| v.get(*key));
        }
        assert!(
            value.is_some(),
            "config/local.example.toml does not name the secret {}",
            path.join(".")
        );
    }
}

#[test]
fn every_variable_of_the_secrets_file_is_a_real_setting() {
    let text = std::fs::read_to_string(repo_file("config/deploy/rounds.env.example")).unwrap();
    let names: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && l.contains('='))
        .map(|l| l.split('=').next().unwrap().trim())
        .collect();
    for (_, variable) in SECRETS {
        assert!(
            names.contains(variable),
            "rounds.env.example lacks {variable}"
        );
    }
    // A value each setting accepts; an unknown name would be refused by the loader.
    let env: Vec<(String, String)> = names
        .iter()
        .map(|name| {
            let value = if name.contains("AUTHOR_KEY") {
                "ab".repeat(32)
            } else if name.ends_with("ACCESS_TOKENS") {
                r#"{ "med-mastodon.com" = "placeholder" }"#.to_owned()
            } else {
                "placeholder".to_owned()
            };
            ((*name).to_owned(), value)
        })
        .collect();
    let settings = rounds::config::Settings::load_from(&[], env)
        .unwrap_or_else(|e| panic!("rounds.env.example: {e}"));
    assert!(settings.discord.token.is_some());
    assert!(settings.metadata.ncbi_api_key.is_some());
    assert!(settings
        .sources
        .mastodon
        .token_for("https://med-mastodon.com")
        .is_some());
}

#[tokio::test]
async fn the_binary_starts_with_the_example_configuration() {
    let cli = Cli::new();
    let example = repo_file("config/local.example.toml");
    let output = cli
        .run(&["--config", example.to_str().unwrap(), "migrate"], &[])
        .await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("schema version"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn the_systemd_unit_passes_systemd_analyze_verify() {
    let Ok(version) = std::process::Command::new("systemd-analyze")
        .arg("--version")
        .output()
    else {
        eprintln!("skipped: systemd-analyze is not installed");
        return;
    };
    assert!(version.status.success());
    let unit = std::fs::read_to_string(repo_file("config/deploy/rounds.service")).unwrap();
    for wanted in [
        "DynamicUser=yes",
        "StateDirectory=rounds",
        "EnvironmentFile=",
        "Restart=on-failure",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "SystemCallFilter=@system-service",
    ] {
        assert!(unit.contains(wanted), "the unit lacks {wanted}");
    }
    // The unit names the installed binary; verify checks that it exists, so point it at this one.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("rounds.service");
    std::fs::write(
        &copy,
        unit.replace("/usr/local/bin/rounds", env!("CARGO_BIN_EXE_rounds")),
    )
    .unwrap();
    let verified = std::process::Command::new("systemd-analyze")
        .arg("verify")
        .arg(&copy)
        .output()
        .unwrap();
    // Unknown or misspelt keys are only warnings to systemd: any output at all fails the check.
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&verified.stdout),
        String::from_utf8_lossy(&verified.stderr)
    );
    assert!(
        verified.status.success() && said.trim().is_empty(),
        "{said}"
    );
}
