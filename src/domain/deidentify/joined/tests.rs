//! The joins beside names and places, on text written for them.

use crate::domain::deidentify::tests::check;

#[test]
fn the_parts_of_a_name_go_with_it() {
    check(
        "paciente María Luisa Fernández de la Cruz, FA",
        &["Fernández", "Cruz"],
        &["FA"],
    );
    check(
        "mevrouw De Groot-Van der Linden, delier",
        &["Groot", "Linden", "De "],
        &["delier"],
    );
    check(
        "patient Ramesh Kumar R, 44, dengue",
        &["Ramesh", "Kumar R"],
        &["dengue"],
    );
    check(
        "Grace Nakamura-Oyelaran and Oluwaseun Adebanjo both have measles",
        &["Nakamura", "Oluwaseun", "Adebanjo"],
        &["measles"],
    );
    check(
        "Bed 3 - Cornelius ('Neil') Ashdown-Pryce, 70",
        &["Neil"],
        &[],
    );
}

#[test]
fn quarters_beside_a_town_go_with_it() {
    check(
        "pt from Leeds (Harehills), sickle cell",
        &["Harehills"],
        &["sickle cell"],
    );
    check("lives in Bandra West, Mumbai with TB", &["Bandra"], &["TB"]);
    check(
        "pt from Manchester, Moss Side - asthma",
        &["Moss Side"],
        &["asthma"],
    );
}

#[test]
fn terms_beside_a_name_stay() {
    check(
        "Mrs Okafor, Hb 84, on clopidogrel",
        &["Okafor"],
        &["Hb 84", "clopidogrel"],
    );
    check(
        "Dr Lee and Wells score 4 - CTPA?",
        &["Lee"],
        &["Wells score 4"],
    );
    check(
        "Mr Patel (Oncology) asks re GCSF",
        &["Patel"],
        &["Oncology", "GCSF"],
    );
}
