//! `[lexicons] dir`: an operator's edited copy of the data files is used without rebuilding, and a
//! bad file stops the command with its path, line and reason.

use super::*;
use std::path::Path;
use std::time::Duration;

/// Compiling ~120,000 variants at start takes a few seconds in a debug build.
const LOADING: Duration = Duration::from_secs(90);

/// The repository's data files, laid out as `lexicons.dir` expects.
fn data_folder(root: &Path) -> std::path::PathBuf {
    let folder = root.join("operator-data");
    std::fs::create_dir_all(&folder).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(repo.join("config/lexicons")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), folder.join(entry.file_name())).unwrap();
    }
    for name in ["source-tiers.toml", "known-hashtags.txt"] {
        std::fs::copy(repo.join("config").join(name), folder.join(name)).unwrap();
    }
    folder
}

#[tokio::test]
async fn an_edited_lexicon_in_lexicons_dir_is_used_and_a_bad_file_is_refused() {
    let cli = Cli::new();
    let folder = data_folder(cli.dir.path());
    let drugs = folder.join("drugs.tsv");
    let mut text = std::fs::read_to_string(&drugs).unwrap();
    text.push_str("zqxolimab\tZqxolimab\n");
    std::fs::write(&drugs, text).unwrap();
    let input = cli.dir.path().join("posts.txt");
    std::fs::write(&input, "Started zqxolimab after Ozempic\n").unwrap();
    let tag = ["tag", "--file", input.to_str().unwrap()];

    let compiled_in = cli.run_within(LOADING, &tag, &[]).await;
    assert!(compiled_in.status.success(), "{}", stderr(&compiled_in));
    assert!(!stdout(&compiled_in).contains("Zqxolimab"));
    let env = [("ROUNDS__LEXICONS__DIR", folder.to_str().unwrap())];
    let edited = cli.run_within(LOADING, &tag, &env).await;
    assert!(edited.status.success(), "{}", stderr(&edited));
    let found = stdout(&edited);
    assert!(
        found.contains("\"canonical\":\"Zqxolimab\"") && found.contains("Semaglutide"),
        "{found}"
    );

    let hashtags = folder.join("known-hashtags.txt");
    std::fs::write(&hashtags, "MedEd\nMed Ed\n").unwrap();
    let refused = cli.run_within(LOADING, &tag, &env).await;
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains(&format!("{}, line 2: `Med Ed`", hashtags.display())),
        "{}",
        stderr(&refused)
    );
    assert!(stdout(&refused).is_empty(), "nothing is tagged");
}
