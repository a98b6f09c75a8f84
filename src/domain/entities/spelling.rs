//! British spellings of disease names, generated from the lexicon's American ones when the tables
//! are compiled: the lexicon spells "anemia", "leukemia", "diarrhea", "celiac disease", and a
//! British or Indian clinician writes "anaemia", "leukaemia", "diarrhoea", "coeliac disease". The
//! differences follow a few regular patterns of Greek and Latin roots (ae/oe kept where American
//! English dropped them, "tumour"), so one rule per pattern catches the whole class, including names
//! nobody listed ("hypercholesterolaemia", "polycythaemia", "oesophageal varices").

/// Roots whose British spelling differs, wherever they occur in a word.
const ANYWHERE: &[(&str, &str)] = &[
    ("rrhea", "rrhoea"),
    ("pnea", "pnoea"),
    ("esophag", "oesophag"),
    ("celiac", "coeliac"),
    ("pediatric", "paediatric"),
    ("orthopedic", "orthopaedic"),
    ("gynecolog", "gynaecolog"),
    ("cesarean", "caesarean"),
    ("estrogen", "oestrogen"),
];

/// Roots whose British spelling differs at the start of a word ("hemorrhage" but not "chemo").
const WORD_START: &[(&str, &str)] = &[
    ("hem", "haem"),
    ("edem", "oedem"),
    ("etiolog", "aetiolog"),
    ("ameb", "amoeb"),
    ("fetal", "foetal"),
    ("fetus", "foetus"),
];

/// Whole words spelt -our in British English ("colorectal" is spelt alike).
const WHOLE_WORDS: &[(&str, &str)] = &[
    ("tumor", "tumour"),
    ("tumors", "tumours"),
    ("tumoral", "tumoural"),
    ("color", "colour"),
    ("behavior", "behaviour"),
    ("behaviors", "behaviours"),
    ("behavioral", "behavioural"),
];

/// Blood-chemistry endings ("anemia", "hypercalcemic") written with "ae" after a consonant, and
/// "-esthesia" ("anesthesia", "paresthesia") written "-aesthesia".
const AFTER_CONSONANT: &[(&str, &str)] =
    &[("emia", "aemia"), ("emic", "aemic"), ("esthe", "aesthe")];

/// The British spelling of a folded disease variant, if it differs from the variant.
pub(super) fn british(variant: &str) -> Option<String> {
    let mut out = String::with_capacity(variant.len() + 4);
    let mut word = String::new();
    for c in variant.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            out.push_str(&british_word(&word));
            word.clear();
            out.push(c);
        }
    }
    out.push_str(&british_word(&word));
    (out != variant).then_some(out)
}

fn british_word(word: &str) -> String {
    if let Some((_, british)) = WHOLE_WORDS.iter().find(|(american, _)| *american == word) {
        return (*british).to_owned();
    }
    let mut word = word.to_owned();
    for (american, british) in WORD_START {
        // "hemiplegia" is spelt alike on both sides of the Atlantic.
        if word.starts_with(american) && !word.starts_with("hemi") {
            word.replace_range(..american.len(), british);
        }
    }
    for (american, british) in ANYWHERE {
        if !word.contains(british) {
            word = word.replace(american, british);
        }
    }
    for (american, british) in AFTER_CONSONANT {
        let mut from = 0;
        while let Some(found) = word[from..].find(american) {
            let at = from + found;
            let after_consonant = word[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphabetic() && !"aeiou".contains(c));
            if after_consonant {
                word.replace_range(at..at + american.len(), british);
                from = at + british.len();
            } else {
                from = at + american.len();
            }
        }
    }
    word
}

#[cfg(test)]
mod tests {
    use super::british;

    #[test]
    fn american_roots_get_their_british_spelling() {
        for (american, expected) in [
            ("anemia", "anaemia"),
            ("iron deficiency anemia", "iron deficiency anaemia"),
            ("leukemia", "leukaemia"),
            ("acute myeloid leukemia", "acute myeloid leukaemia"),
            ("diarrhea", "diarrhoea"),
            ("gonorrhea", "gonorrhoea"),
            ("celiac disease", "coeliac disease"),
            ("hypercalcemia", "hypercalcaemia"),
            (
                "familial hypercholesterolemia",
                "familial hypercholesterolaemia",
            ),
            ("hyperglycemic crisis", "hyperglycaemic crisis"),
            ("subarachnoid hemorrhage", "subarachnoid haemorrhage"),
            ("hemolytic-uremic syndrome", "haemolytic-uraemic syndrome"),
            ("pulmonary edema", "pulmonary oedema"),
            ("esophageal varices", "oesophageal varices"),
            ("obstructive sleep apnea", "obstructive sleep apnoea"),
            ("brain tumor", "brain tumour"),
            ("paresthesia", "paraesthesia"),
            ("ischemic stroke", "ischaemic stroke"),
            ("color blindness", "colour blindness"),
            ("conduct disorder behavior", "conduct disorder behaviour"),
        ] {
            assert_eq!(british(american).as_deref(), Some(expected), "{american}");
        }
    }

    #[test]
    fn words_spelt_alike_are_left_alone() {
        for same in [
            "hemiplegia",
            "chemotherapy-induced nausea",
            "stroke",
            "emphysema",
            "colorectal cancer",
            "leukopenia",
            "anaemia",
        ] {
            assert_eq!(british(same), None, "{same}");
        }
    }
}
