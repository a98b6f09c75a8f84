//! Behaviour of the whole de-identifier: names, counting, spans and robustness. Each detector's own
//! formats are tested next to it.

use super::*;

fn redact(text: &str) -> String {
    deidentify(text).text
}

/// Each identifier is gone from the output and each term to keep is still in it: for the detectors'
/// own tests, on text written for them.
pub(super) fn check(text: &str, gone: &[&str], kept: &[&str]) {
    let out = redact(text);
    for word in gone {
        assert!(!out.contains(word), "{word:?} survives in {out:?}");
    }
    for term in kept {
        assert!(out.contains(term), "{term:?} lost in {out:?}");
    }
}

#[test]
fn names_after_titles_and_cues_are_replaced() {
    for (text, expected) in [
        ("Dr. Patel wants amiodarone", "Dr. [NAME] wants amiodarone"),
        (
            "Mrs Okafor's daughter called",
            "Mrs [NAME]'s daughter called",
        ),
        ("Sister Bernadette on Ward 7", "Sister [NAME] on Ward 7"),
        (
            "patient named Luis Ortega came in",
            "patient named [NAME] came in",
        ),
        (
            "my patient, Jane Doe, has CKD",
            "my patient, [NAME], has CKD",
        ),
        ("pt Xiuying Zhao on warfarin", "pt [NAME] on warfarin"),
        ("her son Michael rang", "her son [NAME] rang"),
        ("dr smith said so", "dr [NAME] said so"),
        (
            "Prof. Martínez and Nurse Bridget O'Sullivan",
            "Prof. [NAME] and Nurse [NAME]",
        ),
    ] {
        assert_eq!(redact(text), expected, "{text}");
    }
}

#[test]
fn names_known_to_the_dictionary_or_set_in_clinical_context_are_replaced() {
    for (text, expected) in [
        (
            "Maria Gonzalez has hyponatraemia",
            "[NAME] has hyponatraemia",
        ),
        ("my pt john smith, 54M", "my pt [NAME], 54M"),
        (
            "lab rejected J. Smith's sample",
            "lab rejected [NAME]'s sample",
        ),
        ("Amira Haddad, 34, on the pill", "[NAME], 34, on the pill"),
        (
            "Connor Byrne (#883210) mislabelled",
            "[NAME] ([ID]) mislabelled",
        ),
        (
            "Okafor again: Okafor said yes",
            "[NAME] again: [NAME] said yes",
        ),
    ] {
        assert_eq!(redact(text), expected, "{text}");
    }
}

#[test]
fn eponyms_drugs_and_capitalised_words_are_not_names() {
    for text in [
        "Parkinson's disease, Crohn's flare, Hodgkin lymphoma, Graves' disease",
        "Down syndrome, Bell's palsy, Cushing's syndrome, Addison's disease, Wilson's disease",
        "Treated for Graves and Crohn's last year; Wilson disease screen negative",
        "Stevens-Johnson syndrome, Guillain-Barré syndrome, Kaplan-Meier curves",
        "Sister Mary Joseph nodule, Austin Flint murmur, Ann Arbor staging",
        "Murphy's sign, Wells score, Fisher's exact test, Smith fracture",
        "Ozempic, Mounjaro, Jardiance and Eliquis in the EMPA-REG and SGLT2 era",
        "Anyone know? Quick question. Thoughts on NICE NG28 vs ADA 2024?",
        "Last Tuesday the Nurse Practitioner saw a 45F in ED",
    ] {
        assert_eq!(redact(text), text);
    }
}

#[test]
fn placeholders_are_counted_by_kind_and_spans_point_into_the_original() {
    let text =
        "Dr Patel saw Jane Doe on 03/05/2024, call (555) 123-4567 or 555-987-6543, MRN 12345678.";
    let out = deidentify(text);
    assert_eq!(
        out.text,
        "Dr [NAME] saw [NAME] on [DATE], call [PHONE] or [PHONE], MRN [ID]."
    );
    let counts: Vec<(&str, u32)> = out.counts.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    assert_eq!(
        counts,
        vec![("NAME", 2), ("DATE", 1), ("PHONE", 2), ("ID", 1)]
    );
    assert_eq!(out.total(), 6);
    let originals: Vec<&str> = out.spans.iter().map(|s| &text[s.start..s.end]).collect();
    assert_eq!(
        originals,
        vec![
            "Patel",
            "Jane Doe",
            "03/05/2024",
            "(555) 123-4567",
            "555-987-6543",
            "12345678"
        ]
    );
}

#[test]
fn counts_serialise_with_their_placeholder_words() {
    let out = deidentify("email a@b.org or c@d.org, aged 95");
    let json = serde_json::to_string(&out.counts).expect("counts serialise");
    assert_eq!(json, r#"{"AGE":1,"EMAIL":2}"#);
    assert_eq!(Identifier::Id.to_string(), "ID");
    assert_eq!(Identifier::Ip.placeholder(), "[IP]");
}

#[test]
fn clean_clinical_text_is_returned_unchanged() {
    let text = "67-year-old with T2DM, HbA1c 7.2% on metformin 500 mg BID; eGFR 45, K 5.9, BP 150/95, \
                HR 110, troponin 0.04 ng/mL, Na 128, CHA2DS2-VASc 3, GCS 14, BRCA1, HER2, 2.5 mg/kg, \
                10 units q8h, since 2019 and in 2023.";
    let out = deidentify(text);
    assert_eq!(out.text, text);
    assert!(out.counts.is_empty() && out.spans.is_empty());
}

#[test]
fn arbitrary_unicode_and_odd_punctuation_never_panic() {
    let samples = [
        "",
        " ",
        "'",
        "’s",
        "Dr.",
        "Dr. ",
        "Mr",
        "#",
        "@@@",
        "::",
        "1.2.3.4.5.6.7.8.9",
        "👩‍⚕️ Dr Ünal’s pt Zoë (９２) ＭＲＮ １２３４５６７８ on ３/５/２０２４",
        "Ω≈ç√∫˜µ≤≥÷ 𝕯𝖗 𝕻𝖆𝖙𝖊𝖑 \u{0301}\u{200d}\u{feff} e\u{301}\u{301}",
        "مريض اسمه أحمد 92 سنة",
        "患者 王伟 92岁 电话 13800138000",
        "-'-'-'- O'' ''s '' Mc' Al- -Al",
        "(((((((((( 555 ))))))))) 555-",
        "J. K. L. M. N. O. P.",
    ];
    for sample in samples {
        let out = deidentify(sample);
        for span in &out.spans {
            assert!(sample.get(span.start..span.end).is_some(), "{sample:?}");
        }
    }
}

#[test]
fn a_long_text_is_handled_in_roughly_linear_time() {
    let unit = "Dr Patel saw Maria Gonzalez (MRN 12345678) on 03/05/2024 with HbA1c 7.2%, call 555-123-4567. ";
    let text = unit.repeat(4_000);
    let out = deidentify(&text);
    assert_eq!(out.counts.get(&Identifier::Name), Some(&8_000));
    assert_eq!(out.counts.get(&Identifier::Phone), Some(&4_000));
    assert!(!out.text.contains("Gonzalez"));
}

#[test]
fn gazetteer_names_without_cues_are_replaced_and_brands_stay() {
    for (text, expected) in [
        ("Gordon Blackwood has AF", "[NAME] has AF"),
        (
            "new admit Lorraine Pettigrew, sepsis",
            "new admit [NAME], sepsis",
        ),
        ("HOLLINGWORTH, Dennis — INR 4", "[NAME], [NAME] — INR 4"),
        ("PETTIFER, Alan James on ward", "[NAME], [NAME] on ward"),
        ("saw doris fairweather today", "saw [NAME] today"),
        ("Kenneth lowther rang", "[NAME] rang"),
        ("A.K. on bay 2", "[NAME] on bay 2"),
        (
            "her brother Nigel is worried",
            "her brother [NAME] is worried",
        ),
        ("Errin or Yaz for her?", "Errin or Yaz for her?"),
        (
            "Procter & Gamble and Johnson & Johnson",
            "Procter & Gamble and Johnson & Johnson",
        ),
        ("a man of 97 with CAP", "a man of [AGE] with CAP"),
        ("sort code 12-34-56 please", "sort code [ID] please"),
        ("bitten in Heaton Park", "bitten in [PLACE]"),
    ] {
        assert_eq!(redact(text), expected, "{text}");
    }
}

#[test]
fn a_placeholder_is_never_read_as_an_ehr_surname() {
    assert_eq!(redact("Dr [NAME], Mary said"), "Dr [NAME], [NAME] said");
    let again = deidentify("[NAME], Hannah and [PLACE], Tomasz");
    for span in &again.spans {
        assert!(!matches!(span.start, 1 | 16), "{:?}", again.text);
    }
}

/// Issue #13, second round: the forms held-out sets 1 and 2 showed slipping through, each written
/// here in words of our own, and the medicine next to them that must stay.
#[test]
fn context_finds_names_places_and_dates_without_a_cue_word() {
    for (text, expected) in [
        ("Pippa and Zara Okafor both", "[NAME] and [NAME] both"),
        ("April Stevens, 34 weeks", "[NAME], 34 weeks"),
        (
            "Iris on the ICU has delirium",
            "[NAME] on the ICU has delirium",
        ),
        ("RT in bay B keeps pulling", "[NAME] in bay B keeps pulling"),
        (
            "tamara from the night team rang",
            "[NAME] from the night team rang",
        ),
        ("gave leon a dose", "gave [NAME] a dose"),
        ("mrs p. kowalski says", "mrs [NAME] says"),
        (
            "Bed 7 is Ottoline Marchbanks, sats 90%",
            "Bed 7 is [NAME], sats 90%",
        ),
        (
            "Took over Benedict Okoye-Hart today",
            "Took over [NAME] today",
        ),
        ("M.O'D. on the stroke ward", "[NAME] on the stroke ward"),
        (
            "Mark from radiology says no",
            "[NAME] from radiology says no",
        ),
        ("van der Merwe, Pieter", "[NAME], [NAME]"),
        (
            "Okeoghene keeps missing his depot",
            "[NAME] keeps missing his depot",
        ),
        ("Oakes? No, Oakes's the GP", "[PLACE]? No, [PLACE]'s the GP"),
        ("Lives near Saltburn now", "Lives near [PLACE] now"),
        ("a lad from the Gorbals", "a lad from the [PLACE]"),
        ("Fell 2/4, again 9/4", "Fell [DATE], again [DATE]"),
        ("email ana(at)sapo(dot)pt", "email [EMAIL]"),
        ("A 100+ year old man", "A [AGE]+ year old man"),
        (
            "DOB 1/2/1930 so technically 95",
            "DOB [DATE] so technically [AGE]",
        ),
        ("14 Rosebery Gardens, Leith", "[ADDRESS], [PLACE]"),
    ] {
        assert_eq!(redact(text), expected, "{text}");
    }
}

#[test]
fn context_rules_leave_medicine_and_plain_words_alone() {
    for text in [
        "an Epworth of 16 with OSA",
        "the San Francisco syncope rule",
        "Edinburgh Postnatal Depression Scale of 15",
        "Guthrie card results",
        "Lithium keeps her stable",
        "Tazocin has upset her stomach",
        "Is Xeomin better over Botox?",
        "Someone from micro rang",
        "von Willebrand disease",
        "Creatinine is 95 and rising",
        "Our registrar said no",
        "her INR swings 2/4 of the time",
    ] {
        assert_eq!(redact(text), text);
    }
}

#[test]
fn sixth_revision_ages_days_ids_links_and_set_off_towns() {
    for (text, gone) in [
        ("Mr Osei - 96 - from Kumasi, AKI", "96"),
        ("Joan, 88... sorry, 98 - AF on apixaban", "98"),
        ("Bed 3, M94, pneumonia on amoxicillin", "94"),
        ("URN 123 91y F, delirium", "91"),
        ("DOB 2/2/1931 so that makes him 93. Frail.", "93"),
        ("Lwazi stabbed on Heroes Day, Hb 70", "Heroes Day"),
        ("NI number AB 12 34 56 C on the letter", "AB 12 34 56 C"),
        ("plate MH 12 AB 3456 at the scene", "MH 12 AB 3456"),
        ("messaging from t.me/ama_k about her rash", "t.me/ama_k"),
        ("Mr Nkosi (Mdantsane) with cellulitis", "Mdantsane"),
        ("Ms Banda, Chilenje, now febrile", "Chilenje"),
        ("Aroha in Ōtāhuhu (1062) with gout", "1062"),
        ("lives in Diepsloot township, HIV", "Diepsloot"),
        ("for her 100th birthday party", "100th"),
        ("fell at the Mid-Autumn Festival", "Mid-Autumn"),
        ("flare at Matariki, on colchicine", "Matariki"),
        ("Grace Houston rang about her INR", "Houston"),
    ] {
        let out = deidentify(text).text;
        assert!(!out.contains(gone), "{gone:?} survives in {out:?}");
    }
    for text in [
        "Day 3 of 5 of ceftriaxone",
        "Sick Day Rules for metformin",
        "Post Op Day 2, drain out",
        "Ca-125 640, adnexal mass",
        "sats 94 exactly on 2 L",
        "F90 ADHD, on methylphenidate",
        "weight on the 95th centile",
        "Village practice, Township clinic",
    ] {
        assert_eq!(deidentify(text).text, text);
    }
}
