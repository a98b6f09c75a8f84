use crate::domain::deidentify::tests::check;

#[test]
fn names_the_lists_barely_know_are_found_by_how_the_note_is_built() {
    check(
        "Sipho from Mthatha, TB meningitis on dexamethasone. Taper?",
        &["Sipho"],
        &["TB meningitis", "dexamethasone"],
    );
    check(
        "Nomvula Zungu from Soweto, cryptococcal meningitis",
        &["Nomvula", "Zungu", "Soweto"],
        &["cryptococcal meningitis"],
    );
    check(
        "Kim Min-jun, 52, gastric cancer on FLOT",
        &["Kim", "Min-jun"],
        &["gastric cancer", "FLOT"],
    );
    check(
        "Nguyen Thi Lan - TB pericarditis",
        &["Nguyen", "Thi", "Lan"],
        &["TB pericarditis"],
    );
    check(
        "Akosua's drain output is 400 ml since surgery",
        &["Akosua"],
        &["drain output is 400 ml"],
    );
    check(
        "asked re Efua at Ridge: sickle crisis, PCA?",
        &["Efua"],
        &["sickle crisis"],
    );
    check(
        "NDLOVU Thabo folder 12-345-67 - PCP on co-trimoxazole",
        &["NDLOVU", "Thabo", "12-345-67"],
        &["co-trimoxazole"],
    );
    check(
        "DLAMINI, Zodwa - DKA, pH 7.01",
        &["DLAMINI", "Zodwa"],
        &["DKA", "pH 7.01"],
    );
    check(
        "Tan Mei Ling, 44, lupus nephritis on MMF",
        &["Tan", "Mei", "Ling"],
        &["lupus nephritis", "MMF"],
    );
    check(
        "Handed over JK in bay 4, on heparin",
        &["JK"],
        &["bay 4", "heparin"],
    );
    check(
        "Ward list: Ogunbiyi AKI; Hargreaves CAP; Thompson falls",
        &["Ogunbiyi", "Hargreaves", "Thompson"],
        &["AKI", "CAP"],
    );
    check(
        "Kwabena - full name withheld - malaria, parasitaemia 6%",
        &["Kwabena"],
        &["malaria", "parasitaemia 6%"],
    );
    check(
        "Joaquin delos Santos - leptospirosis, doxycycline?",
        &["Joaquin", "Santos"],
        &["leptospirosis", "doxycycline"],
    );
}

#[test]
fn nouns_eponyms_and_acronyms_in_the_same_places_stay() {
    check(
        "Traveller from Lahore with typhoid, azithromycin?",
        &["Lahore"],
        &["Traveller", "typhoid"],
    );
    check(
        "Kienbocks or Preisers? MRI wrist next",
        &[],
        &["Kienbocks", "Preisers", "MRI wrist"],
    );
    check(
        "COPD Exacerbation - prednisolone 40 mg",
        &[],
        &["COPD Exacerbation", "prednisolone 40 mg"],
    );
    check(
        "Bloods: CT head; MRI spine; LP",
        &[],
        &["CT head", "MRI spine", "LP"],
    );
    check(
        "Heparin's half-life is short",
        &[],
        &["Heparin's half-life"],
    );
}
