//! A small week of #MedEd posts against the same guild's other posts (#Cardio, #FOAMed), written by
//! hand with the key terms a reader would pick, before the key-term algorithm was changed (issue
//! #18): the old one answered with conversational words ("actually", "anyone", "first", "day",
//! "clinical") and no phrases.

use super::*;

/// The topic's posts: a week of #MedEd.
pub const MEDED: [&str; 14] = [
    "Bedside teaching on the wards today: residents presented at the bedside and actually asked questions. #MedEd",
    "Anyone else find bedside teaching works better than the conference room? #MedEd",
    "Feedback timing matters: feedback given the same day changes behaviour, feedback a week later is forgotten. #MedEd",
    "First day of the new rotation and I'm thinking a lot about feedback timing for our interns #MedEd",
    "Simulation session on sepsis recognition with the interns, great debrief afterwards #MedEd",
    "Our simulation debrief used the PEARLS framework; residents loved it #MedEd",
    "Honestly, bedside teaching is disappearing because of documentation burden #MedEd",
    "Clinical reasoning workshop: think-aloud cases with students, really good day #MedEd",
    "Question for educators: how do you handle feedback timing on night shifts? #MedEd",
    "Competency-based assessment is coming to our residency program this year #MedEd",
    "Teaching heart failure pathophysiology with a simulation case, students actually engaged #MedEd",
    "The best debrief I ever had was right after the simulation, not days later #MedEd",
    "Entrustable professional activities and competency-based assessment, anyone using them in residency? #MedEd",
    "Clinical reasoning is a skill we can teach: think-aloud at the bedside #MedEd",
];

/// The rest of the guild's posts of the week.
pub const REST: [&str; 14] = [
    "Heart failure clinic today, first patient on semaglutide lost 12 kg #Cardio",
    "Actually the new heart failure guideline changes diuretic dosing #Cardio",
    "Clinical trial of semaglutide in HFpEF: fewer symptoms, better walking distance #Cardio",
    "Anyone seen atrial fibrillation after starting the new drug? #Cardio",
    "Great day in the cath lab, first radial case for our fellow #Cardio",
    "Clinical question: statin intolerance, what do you actually do? #FOAMed",
    "Day three of the conference, really good talks on heart failure #Cardio",
    "Anyone know a good podcast about ECG interpretation? #FOAMed",
    "Atrial fibrillation and anticoagulation in the elderly, a thread #FOAMed",
    "Clinical pearls: potassium in heart failure patients on spironolactone #Cardio",
    "First time presenting at grand rounds, wish me luck #Cardio",
    "Semaglutide shortage again, patients asking daily #Cardio",
    "The ECG quiz of the week: what do you see? #FOAMed",
    "Really enjoyed the echo course, clinical skills day #FOAMed",
];

/// What a reader picks as the week's key terms, written before the algorithm: the two phrases the
/// week is about lead; then, in any order, the other four.
pub const LEADING: [&str; 2] = ["bedside teaching", "feedback timing"];
pub const ALSO_LEADING: [&str; 4] = [
    "simulation",
    "debrief",
    "clinical reasoning",
    "competency-based assessment",
];

/// Conversational words, and words the leading phrases hold: none of them may be a key term alone.
pub const FILLER: [&str; 9] = [
    "actually", "anyone", "first", "day", "clinical", "really", "good", "teaching", "feedback",
];

fn terms() -> Vec<String> {
    let skip: HashSet<String> = ["meded".to_owned()].into();
    key_terms(&count_terms(MEDED, &[]), &count_terms(REST, &[]), &skip, 8)
        .into_iter()
        .map(|t| t.term)
        .collect()
}

#[test]
fn a_meded_week_leads_with_its_phrases_and_no_filler() {
    let terms = terms();
    assert_eq!(terms[..2], LEADING, "{terms:?}");
    let mut next: Vec<&str> = terms[2..6].iter().map(String::as_str).collect();
    next.sort_unstable();
    let mut expected = ALSO_LEADING.to_vec();
    expected.sort_unstable();
    assert_eq!(next, expected, "{terms:?}");
    for filler in FILLER {
        assert!(!terms.iter().any(|t| t == filler), "{filler} in {terms:?}");
    }
}
