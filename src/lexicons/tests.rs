use super::*;

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// A folder laid out as `lexicons.dir` expects, from the repository's own data files.
fn repo_data_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let lexicons = Path::new(REPO).join("config/lexicons");
    for name in [
        "drugs.tsv",
        "diseases.tsv",
        "abbreviations.tsv",
        "manufacturers.tsv",
        "stoplist.txt",
    ] {
        std::fs::copy(lexicons.join(name), dir.path().join(name)).unwrap();
    }
    for name in [TIERS_FILE, HASHTAGS_FILE] {
        std::fs::copy(
            Path::new(REPO).join("config").join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    dir
}

#[test]
fn the_repositorys_files_loaded_at_run_time_tag_rank_and_suggest_like_the_compiled_in_ones() {
    let dir = repo_data_folder();
    let data = load(dir.path()).unwrap();
    let bundled = Tagger::bundled();
    assert_eq!(data.tagger.variant_count(), bundled.variant_count());
    // Every labelled post of the tagging corpus, tagged both ways.
    let corpus =
        std::fs::read_to_string(Path::new(REPO).join("tests/tagging/posts.jsonl")).unwrap();
    let mut texts = 0;
    for line in corpus.lines().filter(|l| !l.trim().is_empty()) {
        let post: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = post["text"].as_str().unwrap();
        assert_eq!(data.tagger.tag(text), bundled.tag(text), "{text}");
        texts += 1;
    }
    assert!(texts >= 200, "{texts} texts compared");

    let tiers = data.tiers.expect("source-tiers.toml was in the folder");
    for (domain, url) in [
        ("www.nejm.org", "https://www.nejm.org/doi/x"),
        ("medrxiv.org", "https://medrxiv.org/content/1"),
        ("doi.org", "https://doi.org/10.1101/2026.01.01"),
        ("cdc.gov", "https://cdc.gov/x"),
        ("statnews.com", "https://statnews.com/x"),
        ("example.com", "https://example.com/"),
    ] {
        assert_eq!(
            tiers.tier_of(domain, url),
            SourceTiers::bundled().tier_of(domain, url),
            "{domain}"
        );
    }
    assert_eq!(
        data.known_hashtags.as_deref(),
        Some(BUNDLED_HASHTAGS.as_slice())
    );
    assert!(BUNDLED_HASHTAGS.iter().any(|t| t == "MedEd"));
}

#[test]
fn without_the_optional_files_the_compiled_in_tiers_and_hashtags_stay() {
    let dir = repo_data_folder();
    std::fs::remove_file(dir.path().join(TIERS_FILE)).unwrap();
    std::fs::remove_file(dir.path().join(HASHTAGS_FILE)).unwrap();
    let data = load(dir.path()).unwrap();
    assert!(data.tiers.is_none() && data.known_hashtags.is_none());
}

#[test]
fn bad_tiers_and_hashtags_are_refused_with_their_path_line_and_reason() {
    let tiers = Path::new("/etc/rounds/data").join(TIERS_FILE);
    let error = parse_tiers(
        "peer_reviewed = [\"nejm.org\"]\npreprint = []\nguideline_or_agency = [\n  \"https://cdc.gov/x\"]\nnews = []\n",
        &tiers,
    )
    .err()
    .unwrap()
    .to_string();
    assert_eq!(
        error,
        "lexicons.dir: /etc/rounds/data/source-tiers.toml, line 4: guideline_or_agency: \
         `https://cdc.gov/x` must be a domain name, without scheme or path (e.g. nejm.org)"
    );
    let error = parse_tiers("peer_reviewed = [\"nejm.org\"]\npreprint = [\n", &tiers)
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("source-tiers.toml, line "), "{error}");
    let error = parse_tiers(
        "peer_reviewed = []\npreprint = []\nguideline_or_agency = []\nnews = []\nblogs = []\n",
        &tiers,
    )
    .err()
    .unwrap()
    .to_string();
    assert!(error.contains("blogs"), "an unknown list is named: {error}");

    let hashtags = Path::new("/etc/rounds/data").join(HASHTAGS_FILE);
    let error = parse_known_hashtags("# comment\nMedEd\nMed Ed\nFOAMed\n", &hashtags)
        .err()
        .unwrap()
        .to_string();
    assert!(
        error.starts_with("lexicons.dir: /etc/rounds/data/known-hashtags.txt, line 3: `Med Ed`: "),
        "{error}"
    );
}

#[test]
fn a_bad_or_missing_lexicon_file_is_refused_with_its_name() {
    let dir = repo_data_folder();
    std::fs::write(
        dir.path().join("abbreviations.tsv"),
        "variant\tkind\tcanonical\nT2DM\tillness\tDiabetes\n",
    )
    .unwrap();
    let error = load(dir.path()).err().unwrap().to_string();
    assert!(
        error.ends_with("abbreviations.tsv, line 2: kind must be drug, disease or manufacturer"),
        "{error}"
    );
    std::fs::remove_file(dir.path().join("stoplist.txt")).unwrap();
    let error = load(dir.path()).err().unwrap().to_string();
    assert!(error.contains("stoplist.txt"), "{error}");
}
