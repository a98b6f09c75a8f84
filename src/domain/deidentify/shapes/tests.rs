//! Tests of the identifiers found by shape, and of the medicine the shapes leave alone.

use crate::domain::deidentify::deidentify;

#[test]
fn shapes_find_names_places_and_zips_no_list_knows() {
    for (text, expected) in [
        ("Aoife Ní Bhriain, 30/40", "[NAME], 30/40"),
        ("Rhys ap Gruffydd has gout", "[NAME] has gout"),
        ("Deirdre Mac an tSaoir, mobile", "[NAME], mobile"),
        ("Cian Ó hÉanna has gout", "[NAME] has gout"),
        ("Tama Te Rangitāmiro, BP 180", "[NAME], BP 180"),
        ("Marama Tipene has asthma", "[NAME] has asthma"),
        (
            "seen in Kissimmee 34741, fever",
            "seen in [PLACE] [ZIP], fever",
        ),
        ("Review at Tygerberg?", "Review at [PLACE]?"),
        ("admitted to Aldwyn ward", "admitted to [PLACE]"),
        ("Ref IP/2023/55412 pending", "Ref [ID] pending"),
        (
            "her baby (Chidinma) has jaundice",
            "her baby ([NAME]) has jaundice",
        ),
        ("Kiprotich (runner, 24) wants", "[NAME] (runner, 24) wants"),
        ("Eilidh Fraser CHI 0101234567", "[NAME] CHI [ID]"),
        ("Mrs Monday Bassey, sickle cell", "Mrs [NAME], sickle cell"),
        (
            "Thandeka is refusing the NG tube",
            "[NAME] is refusing the NG tube",
        ),
        ("Tendai has had fevers", "[NAME] has had fevers"),
        (
            "and Kirra (twins) have scabies",
            "and [NAME] (twins) have scabies",
        ),
        (
            "resident of Koramangala, Bengaluru 560034",
            "resident of [PLACE], [PLACE] [ZIP]",
        ),
        (
            "Lives in Dubbo NSW 2830 near",
            "Lives in [PLACE] NSW [ZIP] near",
        ),
        ("lives Bóthar na Trá, Galway", "lives [PLACE], [PLACE]"),
        (
            "HbSC, Bolaji Adebayo, from clinic",
            "HbSC, [NAME], from clinic",
        ),
    ] {
        assert_eq!(deidentify(text).text, expected, "{text}");
    }
}

#[test]
fn shapes_leave_medicine_alone() {
    for text in [
        "WBC 15000 cells, Glasgow Coma Scale 14",
        "at TSH 4.1 she felt fine; Behçet's disease",
        "Guillain-Barré syndrome after flu",
        "Mirena coil in situ",
        "apixaban at CrCl 40?",
        "Pabrinex before glucose; Ferinject 1 g",
        "Christmas disease, Stanford type A, Tokyo guidelines",
        "D-dimer and Child-Pugh B",
        "Ozempic (dose 2) or Mounjaro (step 3)?",
        "seen at CrCl of 30, from NaCl drip",
    ] {
        assert_eq!(deidentify(text).text, text);
    }
}
