//! Names of bands, teams, works, pets and drinks, and the mentions that look like them.

use super::super::is_not_a_disease;

fn filtered(text: &str, word: &str, canonical: &str) -> bool {
    let start = text.find(word).unwrap();
    is_not_a_disease(text, start, start + word.len(), canonical)
}

#[test]
fn bands_teams_works_and_named_things_are_not_diseases() {
    for (text, word, canonical) in [
        ("Saw The Fevers play a tiny pub gig", "Fevers", "Fever"),
        (
            "The Migraines' second record is out",
            "Migraines",
            "Migraine Disorders",
        ),
        ("The Gout engine renders water badly", "Gout", "Gout"),
        (
            "we ported it to the Rickets engine last year",
            "Rickets",
            "Rickets",
        ),
        (
            "we caught The Cramps at a tiny club in 1990",
            "Cramps",
            "Muscle Cramp",
        ),
        (
            "Scabies! were a Welsh garage band, look them up",
            "Scabies",
            "Scabies",
        ),
        (
            "Our son plays for Measles United on Sundays",
            "Measles",
            "Measles",
        ),
        ("Rickets AFC lost again", "Rickets", "Rickets"),
        (
            "Watched Rabies by Aaron Keshales last night",
            "Rabies",
            "Rabies",
        ),
        (
            "Insomnia by Jane Van Dorn is on my shelf",
            "Insomnia",
            "Sleep Initiation and Maintenance Disorders",
        ),
        (
            "Insomnia, the Christopher Nolan film, holds up",
            "Insomnia",
            "Sleep Initiation and Maintenance Disorders",
        ),
        ("Mumps is my favourite Scottish ale", "Mumps", "Mumps"),
        (
            "Ordered a Gout at lunch, the house cocktail",
            "Gout",
            "Gout",
        ),
        (
            "Gangrene was the name of our old office router",
            "Gangrene",
            "Gangrene",
        ),
        ("Anthrax are headlining the festival", "Anthrax", "Anthrax"),
        ("Tetanus and Megadeth on one lineup", "Tetanus", "Tetanus"),
        ("Plague Vendor's new album is loud", "Plague", "Plague"),
        (
            "Dallas Fever won again, while bed 4 has a fever of 39",
            "Fever",
            "Fever",
        ),
    ] {
        assert!(filtered(text, word, canonical), "{text:?}");
    }
}

#[test]
fn mentions_beside_such_shapes_stay() {
    for (text, word, canonical) in [
        (
            "Numbers for the Measles outbreak rose again",
            "Measles",
            "Measles",
        ),
        (
            "Measles is a disease we nearly eliminated",
            "Measles",
            "Measles",
        ),
        (
            "Pneumonia by Streptococcus pneumoniae again",
            "Pneumonia",
            "Pneumonia",
        ),
        (
            "Sepsis, the leading killer on our wards, again",
            "Sepsis",
            "Sepsis",
        ),
        (
            "Diabetes is a numbers game",
            "Diabetes",
            "Diabetes Mellitus",
        ),
        ("Stroke is a team effort here", "Stroke", "Stroke"),
        ("The Measles outbreak is spreading", "Measles", "Measles"),
        (
            "The Shingles vaccine is free at 70",
            "Shingles",
            "Herpes Zoster",
        ),
        ("Gout is the commonest arthritis in men", "Gout", "Gout"),
        ("Measles cases by region, NHS data", "Measles", "Measles"),
        ("the stroke was missed", "stroke", "Stroke"),
        (
            "Anthrax is a zoonosis; the metal band is another matter",
            "Anthrax",
            "Anthrax",
        ),
        (
            "Severe Asthma clinic today; asthma reviews after",
            "Asthma",
            "Asthma",
        ),
        (
            "Fever of 39 with rigors; fever again at night",
            "Fever",
            "Fever",
        ),
    ] {
        assert!(!filtered(text, word, canonical), "{text:?}");
    }
}
