//! Other senses by class, named right before or after the disease word, and the mentions that
//! look like them; each wording written for these tests.

use super::super::is_not_a_disease;

fn filtered(text: &str, word: &str, canonical: &str) -> bool {
    let start = text.find(word).unwrap();
    is_not_a_disease(text, start, start + word.len(), canonical)
}

#[test]
fn attention_freediving_software_luggage_graphics_seats_and_roles_are_not_diseases() {
    for (text, word, canonical) in [
        (
            "Change blindness experiments are a psych undergrad classic",
            "blindness",
            "Blindness",
        ),
        (
            "Dynamic apnea in the pool today, 75 metres",
            "apnea",
            "Apnea",
        ),
        (
            "The chatbot hallucinations in the discharge letter were caught",
            "hallucinations",
            "Hallucinations",
        ),
        (
            "Our CEO's verbal diarrhea at the all-hands was legendary",
            "diarrhea",
            "Diarrhea",
        ),
        (
            "Fixed a resource starvation issue in the job runner",
            "starvation",
            "Starvation",
        ),
        (
            "Kids turned up in combat fatigues for the fancy dress",
            "fatigues",
            "Fatigue",
        ),
        (
            "Years of political atrophy in the council chamber",
            "atrophy",
            "Atrophy",
        ),
        (
            "Made the stroke colour darker on the poster icons",
            "stroke",
            "Stroke",
        ),
        (
            "The airline charged for overweight luggage again",
            "overweight",
            "Overweight",
        ),
        (
            "Found a bluetongue skink under the shed",
            "bluetongue",
            "Bluetongue",
        ),
        (
            "Nosebleed section at the derby, still loved it",
            "Nosebleed",
            "Epistaxis",
        ),
        (
            "The appeal court called it a miscarriage of justice",
            "miscarriage",
            "Abortion, Spontaneous",
        ),
        (
            "We are hiring a diabetes navigator for the community team",
            "diabetes",
            "Diabetes Mellitus",
        ),
        (
            "Congratulations to our epilepsy administrator on retiring",
            "epilepsy",
            "Epilepsy",
        ),
        (
            "Switching the POTS line to fibre cost the surgery £90",
            "POTS",
            "Postural Orthostatic Tachycardia Syndrome",
        ),
        (
            "CVD diamond films keep the drill bits sharp",
            "CVD",
            "Cardiovascular Diseases",
        ),
        (
            "Bleed the radiators before winter. Boring but needed.",
            "Bleed",
            "Hemorrhage",
        ),
        ("Scald the milk, then whisk in the eggs.", "Scald", "Burns"),
    ] {
        assert!(filtered(text, word, canonical), "kept {word:?} in {text:?}");
    }
}

#[test]
fn look_alikes_of_those_senses_stay_mentions() {
    for (text, word, canonical) in [
        (
            "Snow blindness after the glacier trek, eyes patched",
            "blindness",
            "Blindness",
        ),
        (
            "Obstructive sleep apnea clinic referral sent",
            "apnea",
            "Apnea",
        ),
        (
            "Visual hallucinations in Parkinson's need a med review",
            "hallucinations",
            "Hallucinations",
        ),
        ("Acute stroke team bleeped at 3am", "stroke", "Stroke"),
        ("Stroke unit beds full again tonight", "Stroke", "Stroke"),
        (
            "Muscle atrophy after six weeks in a cast",
            "atrophy",
            "Atrophy",
        ),
        (
            "Overweight children need support, not shame",
            "Overweight",
            "Overweight",
        ),
        (
            "Diabetes clinic moved to Tuesdays",
            "Diabetes",
            "Diabetes Mellitus",
        ),
        (
            "Bleed on the CT, neurosurgery called",
            "Bleed",
            "Hemorrhage",
        ),
    ] {
        assert!(
            !filtered(text, word, canonical),
            "dropped {word:?} in {text:?}"
        );
    }
}
