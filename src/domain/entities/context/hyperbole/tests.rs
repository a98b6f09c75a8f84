//! The classes added for the sixth held-out set, each written in words that set does not use,
//! beside real mentions that look like them and must stay.

use crate::domain::entities::{EntityKind, Tagger};

fn diseases(text: &str) -> Vec<String> {
    Tagger::bundled()
        .tag(text)
        .into_iter()
        .filter(|e| e.kind == EntityKind::Disease)
        .map(|e| text[e.start..e.end].to_owned())
        .collect()
}

fn assert_not_found(cases: &[(&str, &str)]) {
    for (text, word) in cases {
        assert!(
            !diseases(text).iter().any(|d| d == word),
            "{word} counted in {text:?}"
        );
    }
}

fn assert_found(cases: &[(&str, &str)]) {
    for (text, word) in cases {
        assert!(
            diseases(text).iter().any(|d| d == word),
            "{word} not found in {text:?}: {:?}",
            diseases(text)
        );
    }
}

#[test]
fn hyperbole_moments_dislikes_and_figures_are_not_diseases() {
    assert_not_found(&[
        (
            "Doing the audit gives me a headache every quarter",
            "headache",
        ),
        ("That spreadsheet of merged cells gave me hives", "hives"),
        ("Reading twitter gives me an ulcer", "ulcer"),
        (
            "Laughing at the panto I nearly gave myself a hernia",
            "hernia",
        ),
        (
            "One more bleep tonight and I'm going to have a stroke",
            "stroke",
        ),
        (
            "If the printer jams again I'll literally have a seizure",
            "seizure",
        ),
        ("Forgot my own password, such an ADHD moment", "ADHD"),
        ("Colour-coded my pens again, total OCD vibes", "OCD"),
        ("He has a real allergy to hard work", "allergy"),
        ("Allergy to mornings, me", "Allergy"),
        (
            "The rota has a chronic disease called overthinking",
            "chronic disease",
        ),
        ("Amnesia, thy name is management", "Amnesia"),
        (
            "Going to have a panic attack if the lift breaks again",
            "panic attack",
        ),
        (
            "Got a headache just thinking about the inspection",
            "headache",
        ),
    ]);
}

#[test]
fn illnesses_given_by_drugs_and_planned_operations_stay() {
    assert_found(&[
        (
            "Co-amoxiclav gives me hives, so that is an allergy",
            "hives",
        ),
        (
            "The nitrate gave me a headache on the ward round",
            "headache",
        ),
        ("I'm going to have a hernia repair next month", "hernia"),
        (
            "Had a panic attack on the bus, the first in years",
            "panic attack",
        ),
        (
            "Laughing gas gave me a headache after the dentist",
            "headache",
        ),
        ("He will have a stroke if his BP stays at 220", "stroke"),
        ("My ADHD meds ran out again", "ADHD"),
        ("Anaphylaxis history: allergy to penicillin", "allergy"),
        ("She has a rare disease called Fabry", "rare disease"),
    ]);
}

#[test]
fn materials_machines_food_slang_and_anatomy_are_not_diseases() {
    assert_not_found(&[
        ("Aluminium fatigue cracked the trolley's axle", "fatigue"),
        ("A malware infection took the lab system down", "infection"),
        (
            "The radio crackles every time the lift goes past",
            "crackles",
        ),
        ("The old kettle came wheezing to a halt", "wheezing"),
        ("Sweet corns in the canteen salad again", "corns"),
        ("My stylistic tics annoy my editor", "tics"),
        ("Bleeding-heart liberals, says my uncle", "Bleeding"),
        ("Bleeding ridiculous, this parking", "Bleeding"),
        ("Stroke distance on the echo was 14 cm", "Stroke"),
        ("The zona pellucida surrounds the egg", "zona"),
        ("Trigeminal ganglion anatomy again for the exam", "ganglion"),
        ("Half a pica of margin, said the typesetter", "pica"),
        (
            "Sterility of the drapes was questioned in theatre",
            "Sterility",
        ),
        (
            "Customs announced a seizure at the port of 40 kg",
            "seizure",
        ),
        (
            "Forecasters expect the depression over the Irish Sea to deepen",
            "depression",
        ),
    ]);
}

#[test]
fn real_symptoms_beside_those_senses_stay() {
    assert_found(&[
        (
            "Post-viral fatigue for months after the infection",
            "fatigue",
        ),
        (
            "Bilateral crackles at both bases, start furosemide",
            "crackles",
        ),
        (
            "Wheezing and short of breath, salbutamol nebs given",
            "Wheezing",
        ),
        ("Painful corns on both feet, podiatry referral", "corns"),
        ("Worsening tics since age 7, Tourette's suspected", "tics"),
        (
            "Ganglion on the dorsal wrist, aspirated in clinic",
            "Ganglion",
        ),
        (
            "He had a seizure at the port while waiting for the ferry",
            "seizure",
        ),
    ]);
}

#[test]
fn a_pandemic_named_as_a_time_is_no_case() {
    assert_not_found(&[
        ("Clinic numbers are back to pre-COVID norms", "COVID"),
        ("Before covid, we did ward rounds on paper", "covid"),
        (
            "Since covid the trust has banned visitors at night",
            "covid",
        ),
        ("Medicine in the age of covid is mostly email", "covid"),
    ]);
    assert_found(&[
        ("Since covid I've had no sense of taste", "covid"),
        ("Before covid vaccination, check for a fever", "covid"),
        (
            "Covid pneumonia on the ward again after the rota change",
            "Covid",
        ),
    ]);
}

#[test]
fn works_venues_remedies_places_and_signs_are_not_diseases() {
    assert_not_found(&[
        ("We saw the film Concussion on the flight", "Concussion"),
        ("Listening to The Cramps on the night shift", "Cramps"),
        ("Blindness by Saramago was the book club pick", "Blindness"),
        (
            "Hypertension, the journal, changed its word limits",
            "Hypertension",
        ),
        ("Dinner at Gout in Paris was superb", "Gout"),
        ("The Cough & Flu syrup did nothing for my toddler", "Flu"),
        ("We camped by the Zika river last summer", "Zika"),
        ("the band's Cancer is on every playlist", "Cancer"),
        ("Shout out to my fellow Cancers born in July ♋", "Cancers"),
        ("it is a real catch22 with the rota", "catch22"),
        (
            "Blur, Pulp and Anthrax all played the Roundhouse",
            "Anthrax",
        ),
        ("Ordered a Gout burger, obviously", "Gout"),
        ("Two nights at Malaria in Mykonos, never again", "Malaria"),
        ("Tickets for the play Hay Fever at the Globe", "Hay Fever"),
        ("Sepsis Stout is brewed two streets away", "Sepsis"),
        ("Cancers hate change, according to my horoscope", "Cancers"),
    ]);
    assert_found(&[
        ("Pneumonia by Klebsiella is rising on our ward", "Pneumonia"),
        ("My dad's Cancer came back this spring", "Cancer"),
        ("Cancers of the head and neck clinic today", "Cancers"),
        (
            "Hypertension, Diabetes and Obesity are the big three",
            "Obesity",
        ),
        ("Read Heart Failure guidance from NICE", "Heart Failure"),
        ("Seen at Stroke in Young Adults clinic", "Stroke"),
        ("Patient's Migraine diary shows a pattern", "Migraine"),
        (
            "Measles, Mumps and Rubella all played a part in it",
            "Rubella",
        ),
    ]);
}

#[test]
fn abbreviations_spelt_out_otherwise_or_used_as_a_role_are_not_diseases() {
    assert_not_found(&[
        (
            "ALS? I mean the Association of Lab Scientists, who run the patient sample audit",
            "ALS",
        ),
        (
            "I'm an RA on the lupus trial for patients with arthritis",
            "RA",
        ),
        ("Paid in CHF at the private cardiology clinic", "CHF"),
        ("Take the MI exit for the cardiology clinic", "MI"),
        ("The STD deviation of the troponin values was tiny", "STD"),
        (
            "Our URI is wrong and the API fails for every patient",
            "URI",
        ),
    ]);
    assert_found(&[
        (
            "TIA (transient ischaemic attack) clinic referral sent",
            "TIA",
        ),
        (
            "Bought a 4 TB drive, then a long call about TB in the shelter",
            "TB",
        ),
        ("Presented as an MI, troponin through the roof", "MI"),
    ]);
}
