//! Tests of towns, streets, counties and care homes, and of the places that stay.

use crate::domain::deidentify::deidentify;

#[test]
fn towns_streets_counties_and_care_homes_are_replaced() {
    for (text, expected) in [
        (
            "She lives alone in Middlesbrough now",
            "She lives alone in [PLACE] now",
        ),
        (
            "a farmer from Fermanagh with brucellosis",
            "a farmer from [PLACE] with brucellosis",
        ),
        ("moved to Newcastle upon Tyne", "moved to [PLACE]"),
        ("found on Pelham Road at night", "found on [PLACE] at night"),
        ("jail in Harris County", "jail in [PLACE]"),
        ("from Rosewood Lodge care home", "from [PLACE] care home"),
        ("a man from reading", "a man from reading"),
        ("came up from Reading", "came up from [PLACE]"),
        (
            "Does Nice in France take EHIC?",
            "Does [PLACE] in France take EHIC?",
        ),
        ("lives in Street (Somerset)", "lives in [PLACE] ([PLACE])"),
        ("Refer to Cebu?", "Refer to [PLACE]?"),
    ] {
        assert_eq!(deidentify(text).text, expected, "{text}");
    }
}

#[test]
fn places_that_are_medicine_or_words_stay() {
    for text in [
        "Hartford nomogram for gentamicin",
        "Ann Arbor staging vs Lugano classification",
        "Reading the ECG was hard",
        "Hope you are well",
        "the Padua score is 5",
        "her next of kin in Australia",
    ] {
        assert_eq!(deidentify(text).text, text);
    }
}
