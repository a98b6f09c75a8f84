//! Senses by field, on wordings written for these tests, beside real mentions that must stay.

use super::super::is_not_a_disease;

fn filtered(text: &str, word: &str, canonical: &str) -> bool {
    let start = text.find(word).unwrap();
    is_not_a_disease(text, start, start + word.len(), canonical)
}

/// The second occurrence of `word`.
fn filtered_second(text: &str, word: &str, canonical: &str) -> bool {
    let first = text.find(word).unwrap() + word.len();
    let start = first + text[first..].find(word).unwrap();
    is_not_a_disease(text, start, start + word.len(), canonical)
}

#[test]
fn words_of_a_game_are_not_diseases() {
    assert!(filtered(
        "My necromancer keeps dying to poison and paralysis in the DLC boss area",
        "paralysis",
        "Paralysis"
    ));
    assert!(filtered(
        "Ranked lobby tonight was pure cancer, I'm done",
        "cancer",
        "Neoplasms"
    ));
    assert!(filtered(
        "Running a frostbite build on my mage for the new patch of the game",
        "frostbite",
        "Frostbite"
    ));
    assert!(filtered(
        "The Skyrim mod that gives you rabies is hilarious",
        "rabies",
        "Rabies"
    ));
    // A game in one sentence, the disease in the next.
    assert!(!filtered(
        "Lost every game of chess today. Later a man came in with frostbite to three toes.",
        "frostbite",
        "Frostbite"
    ));
    assert!(!filtered_second(
        "The game's frostbite meter is silly. Real frostbite blackens the toes over days.",
        "frostbite",
        "Frostbite"
    ));
    // A clinical word in the same sentence keeps it.
    assert!(!filtered(
        "Played board games with a patient recovering from paralysis after GBS",
        "paralysis",
        "Paralysis"
    ));
}

#[test]
fn names_and_lyrics_in_music_are_not_diseases() {
    assert!(filtered(
        "Their guitarist used to be in Measles Ward, a punk band from Leeds",
        "Measles",
        "Measles"
    ));
    assert!(filtered(
        "\"Another case of the fever\" came on the radio and I sang every word",
        "fever",
        "Fever"
    ));
    assert!(filtered(
        "My drum teacher wants even strokes on the snare",
        "strokes",
        "Stroke"
    ));
    // A sentence-opening capital is no name; a fever at a concert is a fever.
    assert!(!filtered(
        "Fever and a rash after the concert last weekend, now hard to breathe",
        "Fever",
        "Fever"
    ));
    assert!(!filtered(
        "had a fever at the gig and went home early",
        "fever",
        "Fever"
    ));
}

#[test]
fn the_sign_the_sky_and_the_team_are_not_diseases() {
    assert!(filtered(
        "my cancer rising makes me cry at every wedding lol",
        "cancer",
        "Neoplasms"
    ));
    assert!(filtered(
        "Typical cancer behaviour, my horoscope says to rest",
        "cancer",
        "Neoplasms"
    ));
    assert!(filtered(
        "Through the telescope the coma around the comet looked green",
        "coma",
        "Coma"
    ));
    assert!(filtered(
        "Seattle Plague won the league again, their basketball is relentless",
        "Plague",
        "Plague"
    ));
    assert!(!filtered(
        "Her cancer screening is due, she's a Virgo who never misses an appointment",
        "cancer",
        "Neoplasms"
    ));
    assert!(!filtered(
        "He was in a coma for a week after the crash",
        "coma",
        "Coma"
    ));
}

#[test]
fn bees_horses_words_the_gym_bars_and_schedulers_are_not_diseases() {
    assert!(filtered(
        "Two of my hives swarmed, the bees found a new queen in a week",
        "hives",
        "Urticaria"
    ));
    assert!(filtered(
        "The saddle slipped back onto the croup of the mare",
        "croup",
        "Croup"
    ));
    assert!(filtered(
        "In poetry, syncope squeezes a syllable out of a word",
        "syncope",
        "Syncope"
    ));
    assert!(filtered(
        "Twelve-week hypertrophy phase starts Monday, squats and deadlifts",
        "hypertrophy",
        "Hypertrophy"
    ));
    assert!(filtered(
        "Three pints and a snakebite at the pub after the exam",
        "snakebite",
        "Snake Bites"
    ));
    assert!(filtered(
        "Fixed the thread starvation in our queue worker",
        "starvation",
        "Starvation"
    ));
    // Someone has the disease: the field's words do not take it away.
    assert!(!filtered(
        "Bee stings gave me hives all over my arms",
        "hives",
        "Urticaria"
    ));
    assert!(!filtered(
        "Toddler with croup, barking cough, dexamethasone given",
        "croup",
        "Croup"
    ));
}

#[test]
fn everyday_words_near_a_field_do_not_take_the_disease_away() {
    for (text, word, canonical) in [
        (
            "Half the squad went down with food poisoning at the Games",
            "poisoning",
            "Poisoning",
        ),
        (
            "Nausea all through the game last night, probably the pie",
            "Nausea",
            "Nausea",
        ),
        (
            "Vasovagal syncope, in other words fainting, at the bus stop",
            "syncope",
            "Syncope",
        ),
        (
            "Brain hemorrhage after a fall at the bar, off to theatre",
            "Brain hemorrhage",
            "Intracranial Hemorrhages",
        ),
        (
            "Went to a gig with my Crohn's flaring the whole time",
            "Crohn",
            "Crohn Disease",
        ),
        (
            "The concert went ahead despite Covid and every band wore masks",
            "Covid",
            "COVID-19",
        ),
        (
            "The waiting game after a cancer scan is the worst part",
            "cancer",
            "Neoplasms",
        ),
    ] {
        assert!(
            !filtered(text, word, canonical),
            "dropped {word:?} in {text:?}"
        );
    }
}
