//! Behaviour of the tagger on the shipped lexicons, one test per habit of clinicians' writing, plus
//! the cleaning rules and the regeneration of the shipped files.

use std::path::Path;

use super::lexicon::{clean_variant, DropReason, Stoplist};
use super::*;

fn tagger() -> &'static Tagger {
    Tagger::bundled()
}

/// (kind, canonical, surface) of each entity, in order.
fn tags(text: &str) -> Vec<(EntityKind, String, String)> {
    tagger()
        .tag(text)
        .into_iter()
        .map(|e| {
            (
                e.kind,
                e.canonical.to_string(),
                text[e.start..e.end].to_owned(),
            )
        })
        .collect()
}

fn one(kind: EntityKind, canonical: &str, surface: &str) -> Vec<(EntityKind, String, String)> {
    vec![(kind, canonical.to_owned(), surface.to_owned())]
}

use EntityKind::{Disease, Drug, Manufacturer};

#[test]
fn a_brand_name_is_tagged_with_its_generic_canonical_name() {
    assert_eq!(
        tags("Started her on Ozempic today."),
        one(Drug, "Semaglutide", "Ozempic")
    );
    assert_eq!(
        tags("mounjaro shortage again"),
        one(Drug, "Tirzepatide", "mounjaro")
    );
}

#[test]
fn matching_ignores_case_for_lexicon_names() {
    assert_eq!(
        tags("METFORMIN first line"),
        one(Drug, "Metformin", "METFORMIN")
    );
}

#[test]
fn a_possessive_keeps_the_name_and_leaves_the_apostrophe_s_out() {
    assert_eq!(tags("Ozempic's label"), one(Drug, "Semaglutide", "Ozempic"));
    assert_eq!(
        tags("Ozempic\u{2019}s label"),
        one(Drug, "Semaglutide", "Ozempic")
    );
}

#[test]
fn plurals_are_tagged_including_the_s() {
    assert_eq!(
        tags("statins and PPIs, then DOACs"),
        vec![
            (
                Drug,
                "Hydroxymethylglutaryl-CoA Reductase Inhibitors".into(),
                "statins".into()
            ),
            (Drug, "Proton Pump Inhibitors".into(), "PPIs".into()),
            (Drug, "Anticoagulants".into(), "DOACs".into()),
        ]
    );
}

#[test]
fn names_inside_longer_words_are_not_tagged() {
    assert_eq!(tags("xmetformin metforminx premetformin2"), vec![]);
}

#[test]
fn case_sensitive_abbreviations_match_only_in_capitals() {
    assert_eq!(tags("r/o MI"), one(Disease, "Myocardial Infarction", "MI"));
    assert_eq!(
        tags("CTPA to rule out PE"),
        one(Disease, "Pulmonary Embolism", "PE")
    );
    assert_eq!(tags("mi casa, pe teacher, Mi"), vec![]);
}

#[test]
fn ambiguous_abbreviations_are_left_alone() {
    assert_eq!(tags("our MS was accepted and I am tired AF"), vec![]);
}

#[test]
fn lower_case_abbreviations_match_in_any_case() {
    for text in ["AFib", "Afib", "afib", "AFIB"] {
        assert_eq!(tags(text), one(Disease, "Atrial Fibrillation", text));
    }
    assert_eq!(
        tags("HFrEF"),
        one(Disease, "Heart Failure, Systolic", "HFrEF")
    );
}

#[test]
fn the_longest_overlapping_match_wins() {
    assert_eq!(
        tags("type 2 diabetes"),
        one(Disease, "Diabetes Mellitus, Type 2", "type 2 diabetes")
    );
}

#[test]
fn a_disease_named_inside_a_vaccines_name_is_kept_nested_beside_the_vaccine() {
    let both = |drug: &str, surface: &str, disease: &str, word: &str| {
        vec![
            (Drug, drug.to_owned(), surface.to_owned()),
            (Disease, disease.to_owned(), word.to_owned()),
        ]
    };
    assert_eq!(
        tags("Shingles vaccine clinic"),
        both(
            "Herpes Zoster Vaccine",
            "Shingles vaccine",
            "Herpes Zoster",
            "Shingles"
        )
    );
    assert_eq!(
        tags("RSV vaccines for over-75s"),
        both(
            "Respiratory Syncytial Virus Vaccines",
            "RSV vaccines",
            "Respiratory Syncytial Virus Infections",
            "RSV"
        )
    );
    // Only a vaccine's name: other drugs keep the longest match alone.
    assert_eq!(
        tags("type 2 diabetes"),
        one(Disease, "Diabetes Mellitus, Type 2", "type 2 diabetes")
    );
    assert_eq!(tags("Vaccine hesitancy again"), vec![]);
}

#[test]
fn camel_case_hashtags_map_to_their_entity() {
    assert_eq!(
        tags("#LongCovid is real"),
        one(Disease, "Post-Acute COVID-19 Syndrome", "LongCovid")
    );
    assert_eq!(
        tags("#HeartFailure"),
        one(Disease, "Heart Failure", "HeartFailure")
    );
    assert_eq!(
        tags("#T2DM"),
        one(Disease, "Diabetes Mellitus, Type 2", "T2DM")
    );
    assert_eq!(
        tags("#HeartFailureAwareness week"),
        one(Disease, "Heart Failure", "HeartFailure")
    );
}

#[test]
fn exact_case_abbreviations_keep_their_case_in_hashtags() {
    assert_eq!(tags("#pe #PhysEd"), vec![]);
}

#[test]
fn ordinary_words_that_are_lexicon_variants_are_not_tagged() {
    let text = "Plan B for today: set goals, combined clinic, lead the team, iron out the rota, \
                special K for breakfast, sea salt, a bite, in shock, it boils down to trust";
    assert_eq!(tags(text), vec![]);
}

#[test]
fn manufacturers_are_tagged_and_capitalised_names_need_their_capital() {
    assert_eq!(
        tags("Pfizer vs Novo Nordisk vs Lilly; lilly pads"),
        vec![
            (Manufacturer, "Pfizer".into(), "Pfizer".into()),
            (Manufacturer, "Novo Nordisk".into(), "Novo Nordisk".into()),
            (Manufacturer, "Eli Lilly".into(), "Lilly".into()),
        ]
    );
}

#[test]
fn offsets_are_byte_offsets_of_the_original_text_even_after_unicode() {
    let text = "Ärztin: İİ Ozempic and ＭＩ? then insulin";
    let found = tagger().tag(text);
    let surfaces: Vec<&str> = found.iter().map(|e| &text[e.start..e.end]).collect();
    assert_eq!(surfaces, ["Ozempic", "insulin"]);
}

#[test]
fn entities_serialise_with_lowercase_kinds() {
    let entity = &tagger().tag("on metformin")[0];
    let json = serde_json::to_value(entity).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"kind": "drug", "canonical": "Metformin", "start": 3, "end": 12})
    );
}

#[test]
fn the_folder_on_disk_and_the_bundled_copy_tag_alike() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/lexicons");
    let from_disk = Tagger::from_dir(&dir).unwrap();
    assert_eq!(from_disk.variant_count(), tagger().variant_count());
    let text = "Ozempic and #LongCovid in T2DM";
    assert_eq!(from_disk.tag(text), tagger().tag(text));
}

#[test]
fn a_missing_folder_is_a_read_error_naming_the_file() {
    let error = Tagger::from_dir(Path::new("/nonexistent/lexicons"))
        .err()
        .unwrap();
    assert!(error.to_string().contains("drugs.tsv"), "{error}");
}

#[test]
fn a_malformed_abbreviation_line_is_reported_with_its_line_number() {
    let sources = LexiconSources {
        abbreviations: "variant\tkind\tcanonical\nT2DM\tillness\tDiabetes\n",
        ..LexiconSources::BUNDLED
    };
    let error = Tagger::from_sources(sources).err().unwrap();
    assert_eq!(
        error.to_string(),
        "abbreviations.tsv, line 2: kind must be drug, disease or manufacturer"
    );
}

#[test]
fn cleaning_drops_markup_inverted_forms_and_short_variants() {
    assert_eq!(
        clean_variant("&lt;ref name=&quot;x&quot;"),
        Err(DropReason::Markup)
    );
    assert_eq!(clean_variant("[[cobicistat"), Err(DropReason::Markup));
    assert_eq!(clean_variant("drops, eye"), Err(DropReason::InvertedOrList));
    assert_eq!(clean_variant("alcohol,"), Err(DropReason::InvertedOrList));
    assert_eq!(clean_variant("(ppnet) tumour"), Err(DropReason::Punctuated));
    assert_eq!(clean_variant("5-fu"), Err(DropReason::TooShort));
    assert_eq!(clean_variant("abc"), Err(DropReason::TooShort));
    assert_eq!(clean_variant(&"word ".repeat(8)), Err(DropReason::TooLong));
    assert_eq!(
        clean_variant("1,2-dioleoyl lipid").as_deref(),
        Ok("1,2-dioleoyl lipid")
    );
    assert_eq!(
        clean_variant("Addison\u{2019}s  Disease").as_deref(),
        Ok("addison's disease")
    );
}

#[test]
fn the_stop_list_drops_everyday_drug_phrases_but_not_disease_names() {
    let stop = Stoplist::parse("# words\nplan\nsea\nsalt\nheart\nfailure\n");
    assert!(stop.stops("plan b", EntityKind::Drug));
    assert!(stop.stops("sea salt", EntityKind::Drug));
    assert!(!stop.stops("vitamin d", EntityKind::Drug));
    assert!(!stop.stops("heart failure", EntityKind::Disease));
}

#[test]
fn a_variant_with_two_meanings_is_dropped_from_both() {
    let rows = lexicon::clean_rows(
        [
            ("twofold".to_owned(), "First".to_owned()),
            ("twofold".to_owned(), "Second".to_owned()),
            ("single".to_owned(), "Only".to_owned()),
            ("single".to_owned(), "Only".to_owned()),
        ],
        EntityKind::Drug,
    );
    let kept = lexicon::drop_ambiguous(rows);
    let variants: Vec<&str> = kept.iter().map(|r| r.variant.as_str()).collect();
    assert_eq!(variants, ["single"]);
}

#[test]
fn every_curated_canonical_name_is_one_the_lexicons_use() {
    let sources = LexiconSources::BUNDLED;
    let known: std::collections::HashSet<&str> = [sources.drugs, sources.diseases]
        .iter()
        .flat_map(|file| file.lines().filter_map(|l| l.split('\t').nth(1)))
        .collect();
    let curated = curated::parse_abbreviations(sources.abbreviations, "abbreviations.tsv").unwrap();
    let unknown: Vec<&str> = curated
        .iter()
        .filter(|e| e.kind != EntityKind::Manufacturer && !known.contains(e.canonical.as_str()))
        .map(|e| e.variant.as_str())
        .collect();
    assert_eq!(unknown, Vec::<&str>::new());
}

/// Rewrites `config/lexicons/{drugs,diseases}.tsv` from the raw exports. Run it with
/// `ROUNDS_RAW_LEXICONS=/path/to/shared/data/lexicons cargo test --lib regenerate_cleaned_lexicons -- --ignored`.
#[test]
#[ignore = "writes config/lexicons/; run by hand with ROUNDS_RAW_LEXICONS set"]
fn regenerate_cleaned_lexicons() {
    let raw =
        std::env::var("ROUNDS_RAW_LEXICONS").expect("set ROUNDS_RAW_LEXICONS to the raw folder");
    let read = |name: &str| std::fs::read_to_string(Path::new(&raw).join(name)).unwrap();
    let (drugs, diseases) = lexicon::regenerate_cleaned(&read("drugs.tsv"), &read("diseases.tsv"));
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/lexicons");
    std::fs::write(out.join("drugs.tsv"), drugs).unwrap();
    std::fs::write(out.join("diseases.tsv"), diseases).unwrap();
}

#[test]
fn british_spellings_are_found_with_the_american_canonical_name() {
    for (text, canonical, surface) in [
        (
            "Haemolytic anaemia on the film",
            "Anemia, Hemolytic",
            "Haemolytic anaemia",
        ),
        (
            "Chronic myeloid leukaemia, on imatinib",
            "Leukemia, Myelogenous, Chronic, BCR-ABL Positive",
            "Chronic myeloid leukaemia",
        ),
        (
            "Pulmonary oedema on the chest film",
            "Pulmonary Edema",
            "Pulmonary oedema",
        ),
        ("Amenorrhoea for six months", "Amenorrhea", "Amenorrhoea"),
    ] {
        let found = tags(text);
        assert!(
            found
                .iter()
                .any(|(kind, c, s)| *kind == EntityKind::Disease && c == canonical && s == surface),
            "{text:?}: {found:?}"
        );
    }
}

#[test]
fn a_unicode_space_before_a_disease_word_is_read_as_a_space() {
    // A no-break, thin or ideographic space (several bytes in UTF-8) right before a disease word
    // once cut the text inside the space's bytes and panicked on ingest.
    for space in ['\u{a0}', '\u{2009}', '\u{202f}', '\u{3000}'] {
        let text = format!("Admitted with{space}pneumonia, on amoxicillin");
        let found = tags(&text);
        assert!(
            found.iter().any(|(kind, c, s)| *kind == EntityKind::Disease
                && c == "Pneumonia"
                && s == "pneumonia"),
            "{text:?}: {found:?}"
        );
    }
}
