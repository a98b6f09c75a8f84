//! Ambiguous abbreviations in their clinical sense and in their other senses, with traps both ways.

use crate::domain::entities::{EntityKind, Tagger};

fn diseases(text: &str) -> Vec<String> {
    Tagger::bundled()
        .tag(text)
        .into_iter()
        .filter(|e| e.kind == EntityKind::Disease)
        .map(|e| text[e.start..e.end].to_owned())
        .collect()
}

#[test]
fn ambiguous_abbreviations_count_in_a_clinical_reading() {
    for (text, expected) in [
        ("Troponin rising, MI on the differential.", "MI"),
        ("Type 2 MI after a GI bleed, not a plaque rupture.", "MI"),
        ("Post-MI clinic review for a 58yo today.", "MI"),
        ("CTPA negative for PE, discharged home.", "PE"),
        ("Massive PE, thrombolysed in resus. #EMTwitter", "PE"),
        ("Furosemide doubled for his CHF.", "CHF"),
        ("Latent TB screening before starting a biologic.", "TB"),
        ("CAD on the angiogram, three vessels.", "CAD"),
        ("AML induction starts Monday for my patient.", "AML"),
        ("Viral URI in a 4yo, no antibiotics needed.", "URI"),
        ("Two prior MIs and still smoking, says the patient.", "MIs"),
        (
            "Michigan fellowship interview asked about MI management.",
            "MI",
        ),
    ] {
        assert!(
            diseases(text).iter().any(|d| d == expected),
            "{expected} not found in {text:?}: {:?}",
            diseases(text)
        );
    }
}

#[test]
fn ambiguous_abbreviations_in_other_senses_are_not_diseases() {
    for text in [
        // No clinical evidence at all.
        "Flying to MI next week.",
        "PE was my favourite subject at school.",
        // Clinical words nearby, but the abbreviation's neighbours read otherwise.
        "Kalamazoo, MI doc here, our ED is full again.",
        "Grand Rapids, MI 49503: the patient transport address.",
        "Locum rate quoted at CHF 1200 per shift on the ward.",
        "1500 CHF for a night in the ICU? #SwissMed",
        "My 4 TB drive is full of CT teaching cases.",
        "The hospital's PE-backed owners cut ward staff again.",
        "PE teacher asked me for a talk on patient safety.",
        "CAD drawings for the new ICU arrived.",
        "AML compliance training ate my whole clinic afternoon.",
        "Fix the redirect URI so patients can log in. #HealthIT",
        "Price in CAD? $40 CAD for the ECG course.",
        "HF model weights for the triage patient chatbot. #HealthIT",
    ] {
        assert_eq!(diseases(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn unambiguous_abbreviations_need_no_evidence() {
    assert_eq!(diseases("Flying home, DKA again next door."), ["DKA"]);
}

#[test]
fn courses_greetings_reagents_codes_and_scripture_are_other_senses() {
    for text in [
        "Booked onto the ALS course in May, megacode practice every night.",
        "Anyone got last year's slides? TIA",
        "Anti-GAD antibodies sent from the lab.",
        "Hospital coders say each HCC must be captured yearly for billing.",
        "Our devices moved from MDD to MDR.",
        "She read from the RSV bible at the service.",
    ] {
        assert!(diseases(text).is_empty(), "{text:?}: {:?}", diseases(text));
    }
    for (text, expected) in [
        (
            "TIA clinic: 72M with transient aphasia, started clopidogrel.",
            "TIA",
        ),
        ("ALS patient on the ward needs NIV review.", "ALS"),
        (
            "HCC surveillance ultrasound for my cirrhosis patients.",
            "HCC",
        ),
        (
            "RSV bronchiolitis admissions are up on the paeds ward.",
            "RSV",
        ),
        ("Prolonged TIA in a pilot, grounded until cleared.", "TIA"),
    ] {
        assert!(
            diseases(text).iter().any(|d| d == expected),
            "{expected} not found in {text:?}: {:?}",
            diseases(text)
        );
    }
}

#[test]
fn a_disease_word_ending_a_brands_product_name_is_no_disease() {
    for text in [
        "Tylenol Cold & Flu is sold out again.",
        "Advil Migraine on the pharmacy shelf.",
        "Zyrtec Allergy ad before every video.",
        "Fever-Tree tonic for the leaving do.",
    ] {
        assert!(diseases(text).is_empty(), "{text:?}: {:?}", diseases(text));
    }
    for (text, expected) in [
        ("Tylenol for the migraine, then review.", "migraine"),
        ("Started nurofen. Migraine settled by noon.", "Migraine"),
        (
            "Diabetes-Obesity link explained by the dietitian.",
            "Diabetes",
        ),
    ] {
        assert!(
            diseases(text).iter().any(|d| d == expected),
            "{expected} not found in {text:?}: {:?}",
            diseases(text)
        );
    }
}

#[test]
fn af_ms_and_ra_count_in_a_clinical_reading_only() {
    for (text, expected) in [
        ("Fast AF in a 70yo, started bisoprolol.", "AF"),
        ("Relapsing MS, switched to natalizumab.", "MS"),
        ("Seropositive RA on methotrexate, flaring.", "RA"),
    ] {
        assert!(
            diseases(text).iter().any(|d| d == expected),
            "{expected} not found in {text:?}: {:?}",
            diseases(text)
        );
    }
    for text in [
        "Knackered AF after that night shift, patients everywhere.",
        "Results of the BOOST-AF trial on anticoagulation are out.",
        "Our RA presented the poster, patients loved it.",
        "MS Teams crashed during the ward handover.",
        "Visa appointment at the SLE, then clinic.",
        "Patients in MN and MI wait longest for beds.",
        "My MS was finally submitted, patients' voices included.",
        "New camera: the AF is fast enough for the clinic's sports day.",
        "Our RA in the dorm ran a wellbeing night with patients as speakers.",
        "MS Excel crashed mid-audit of the patients' list.",
    ] {
        assert!(diseases(text).is_empty(), "{text:?}: {:?}", diseases(text));
    }
}

#[test]
fn radio_bands_car_models_and_exclamations_are_other_senses() {
    for text in [
        "Checked the HF antenna before the retrieval flight, patients aboard.",
        "Traded my old STI hatchback for a bike.",
        "A loud MI! from the back row, then laughter at the ward quiz.",
        "Welcome AKI, one of our summer hires in the office.",
    ] {
        assert!(diseases(text).is_empty(), "{text:?}: {:?}", diseases(text));
    }
    for (text, expected) in [
        ("Chlamydia is the commonest STI in the clinic.", "STI"),
        ("Decompensated HF, diuresed 3 litres on the ward.", "HF"),
        ("Another MI! Cath lab activated at 3am.", "MI"),
        ("AKI after contrast, creatinine doubled.", "AKI"),
    ] {
        assert!(
            diseases(text).iter().any(|d| d == expected),
            "{expected} not found in {text:?}: {:?}",
            diseases(text)
        );
    }
}
