//! Disease matches that are not mentions of a disease, recognised from the words around them
//! (issue #16, "trends count only real mentions"): idioms ("a stroke of luck", "moral injury",
//! football's "injury time"), metaphors ("a cancer on the profession"), organisation names
//! ("American Cancer Society", "Cancer Research UK"), community hashtags naming a specialty
//! (#StrokeTwitter) and lexicon entries that are no disease at all ("Cadaver"). Tuned on
//! `tests/tagging/diseases_tuning.jsonl`; measured on a held-out set (`tests/tagging/main.rs`).

/// Canonical names in the disease lexicon that name no disease: anatomy, measures, processes.
const NOT_DISEASES: &[&str] = &[
    "Cadaver",
    "Body Weight",
    "Recurrence",
    "Disease Progression",
    "Signs and Symptoms",
    "Carcinogenesis",
    "Autolysis",
];

/// Words that, right after a disease word, make it part of a fixed phrase that is no disease.
const IDIOM_AFTER: &[(&str, &[&str])] = &[
    (
        "stroke",
        &[
            " of luck",
            " of genius",
            " of brilliance",
            " of fortune",
            " of good",
            " of bad",
            " of the pen",
            " of a pen",
            " of midnight",
            " of inspiration",
            " of serendipity",
            " of fate",
            " of insight",
            " of mastery",
            " of class",
        ],
    ),
    ("injury", &[" time", " tim"]),
    ("fever", &[" pitch", " dream"]),
    (
        "shock",
        &[
            " result",
            " and awe",
            " win",
            " defeat",
            " exit",
            " announcement",
            " resignation",
        ],
    ),
    ("paralysis", &[" by analysis"]),
    (
        "bleeding",
        &[
            " money", " cash", " staff", " talent", " funds", " jobs", " members", " votes",
            " nurses", " doctors",
        ],
    ),
    (
        "haemorrhaging",
        &[
            " money", " cash", " staff", " talent", " funds", " jobs", " members", " votes",
            " nurses", " doctors",
        ],
    ),
    (
        "hemorrhaging",
        &[
            " money", " cash", " staff", " talent", " funds", " jobs", " members", " votes",
            " nurses", " doctors",
        ],
    ),
    ("plague", &[" on both", " on all"]),
];

/// Words that, right before a disease word, make a fixed phrase that is no disease.
const IDIOM_BEFORE: &[(&str, &[&str])] = &[
    ("injury", &["moral ", "insult to ", "insult added to "]),
    (
        "fever",
        &[
            "cabin ",
            "spring ",
            "gold ",
            "night ",
            "saturday night ",
            "football ",
            "election ",
            "world cup ",
            "bieber ",
        ],
    ),
    ("shock", &["culture ", "sticker ", "future ", "shell "]),
    ("paralysis", &["analysis ", "decision "]),
    (
        "heart attack",
        &[
            "gave me a ",
            "give me a ",
            "giving me a ",
            "given me a ",
            "nearly had a ",
            "almost had a ",
        ],
    ),
    (
        "headache",
        &[
            "admin ",
            "administrative ",
            "logistical ",
            "bureaucratic ",
            "a real ",
            "a massive ",
            "a major ",
        ],
    ),
    ("virus", &["computer "]),
    ("epidemic", &["an ", "the "]),
];

/// Words that follow a metaphorical "a cancer" / "a disease" / "a plague" ("a cancer on the
/// profession", "like a cancer eating the NHS").
const METAPHOR_AFTER: &[&str] = &[
    " on ",
    " upon ",
    " eating",
    " that eats",
    " that is eating",
    " spreading through",
    " within ",
    " at the heart",
    " in our ",
    " in the profession",
    " in the system",
    " in medicine",
    " in healthcare",
    " in academia",
    " in the nhs",
    " of the profession",
    " of our profession",
    " of medicine",
    " of modern medicine",
    " of academia",
    " of the nhs",
    " of bureaucracy",
    " of corruption",
];

/// Disease words that serve as metaphors after an article.
const METAPHOR_WORDS: &[&str] = &[
    "cancer", "disease", "plague", "tumour", "tumor", "virus", "epidemic", "pandemic", "cancers",
];

/// Words that end an organisation's name, capitalised ("Society", "Foundation", "UK").
const ORGANISATION_WORDS: &[&str] = &[
    "Society",
    "Foundation",
    "Association",
    "Institute",
    "Trust",
    "Alliance",
    "Council",
    "Federation",
    "Fund",
    "Coalition",
    "Network",
    "Charity",
    "Campaign",
    "Action",
    "Research",
    "Centre",
    "Center",
    "Consortium",
    "Collaborative",
    "Group",
    "Now",
    "UK",
    "Canada",
    "Australia",
    "Ireland",
    "Scotland",
    "Cymru",
    "Europe",
    "International",
];

/// Words ending a community hashtag named after a specialty (#StrokeTwitter, #OncSky, #NephJC).
const COMMUNITY_SUFFIXES: &[&str] = &[
    "twitter",
    "sky",
    "tweeps",
    "peeps",
    "jc",
    "chat",
    "docs",
    "doctors",
    "nurses",
    "nursing",
    "community",
    "medicine",
    "med",
    "ed",
    "team",
    "fellows",
    "surgeons",
    "physicians",
    "research",
    "researchers",
    "unit",
    "conf",
    "summit",
    "club",
];

/// Whether the disease match `text[start..end]` (canonical name `canonical`) is not a mention of a
/// disease.
pub(super) fn is_not_a_disease(text: &str, start: usize, end: usize, canonical: &str) -> bool {
    if NOT_DISEASES.contains(&canonical) {
        return true;
    }
    let surface = text[start..end].to_lowercase();
    // Only the few words around the match matter: a long post is not lower-cased whole.
    let before =
        text[floor_boundary(text, start.saturating_sub(CONTEXT_BYTES))..start].to_lowercase();
    let after = text[end..ceil_boundary(text, end + CONTEXT_BYTES)].to_lowercase();
    idiom(&surface, &before, &after)
        || casual(canonical, &before)
        || metaphor(&surface, &before, &after)
        || organisation(text, start, end)
        || community_hashtag(text, start, end)
}

/// How much text either side of a match the rules read.
const CONTEXT_BYTES: usize = 64;

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

fn idiom(surface: &str, before: &str, after: &str) -> bool {
    let singular = surface.trim_end_matches('s');
    let matches_word = |word: &str| surface == word || singular == word;
    IDIOM_AFTER
        .iter()
        .any(|(word, tails)| matches_word(word) && tails.iter().any(|t| after.starts_with(t)))
        || IDIOM_BEFORE
            .iter()
            .any(|(word, heads)| matches_word(word) && heads.iter().any(|h| before.ends_with(h)))
        || (matches_word("stroke") && before.ends_with("at the "))
}

/// Conditions people use as adjectives for themselves ("so OCD about my notes", "a bit ADHD").
const CASUAL_DIAGNOSES: &[&str] = &[
    "Obsessive-Compulsive Disorder",
    "Attention Deficit Disorder with Hyperactivity",
    "Bipolar Disorder",
    "Schizophrenia",
    "Autistic Disorder",
    "Autism Spectrum Disorder",
];

/// Intensifiers that turn a diagnosis into an adjective.
const INTENSIFIERS: &[&str] = &[
    "so ",
    "sooo ",
    "soo ",
    "a bit ",
    "bit ",
    "a little ",
    "totally ",
    "super ",
    "very ",
    "kinda ",
    "kind of ",
    "such an ",
    "such a ",
    "slightly ",
    "really ",
    "too ",
    "little bit ",
];

fn casual(canonical: &str, before: &str) -> bool {
    CASUAL_DIAGNOSES.contains(&canonical) && INTENSIFIERS.iter().any(|i| before.ends_with(i))
}

/// Sites a cancer "of" can be of; "the cancer of misinformation" is a metaphor.
const SITES: &[&str] = &[
    "the",
    "a",
    "an",
    "his",
    "her",
    "their",
    "my",
    "cervix",
    "breast",
    "colon",
    "lung",
    "lungs",
    "prostate",
    "skin",
    "bowel",
    "bladder",
    "stomach",
    "pancreas",
    "liver",
    "ovary",
    "ovaries",
    "uterus",
    "womb",
    "kidney",
    "oesophagus",
    "esophagus",
    "mouth",
    "throat",
    "larynx",
    "testis",
    "testicle",
    "thyroid",
    "bone",
    "blood",
    "brain",
    "unknown",
    "rectum",
    "anus",
    "tongue",
    "head",
    "vulva",
    "penis",
    "eye",
    "gallbladder",
    "appendix",
    "endometrium",
];

fn metaphor(surface: &str, before: &str, after: &str) -> bool {
    if !METAPHOR_WORDS.contains(&surface) {
        return false;
    }
    if let Some(rest) = after.strip_prefix(" of ") {
        let next: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        if !next.is_empty() && !SITES.contains(&next.as_str()) {
            return true;
        }
    }
    let after_article = [" a ", " an "]
        .iter()
        .any(|a| before.ends_with(a) || before == a.trim_start());
    // "a cancer of the breast" is anatomy, not a metaphor: only named targets count after "of".
    after_article && METAPHOR_AFTER.iter().any(|m| after.starts_with(m))
}

/// "American Cancer Society", "Cancer Research UK", "Leukemia & Lymphoma Society": a disease
/// written capitalised, followed (after at most three more capitalised words, `&` or `and`/`of`)
/// by a capitalised organisation word.
fn organisation(text: &str, start: usize, end: usize) -> bool {
    let surface = &text[start..end];
    let capitalised = |word: &str| word.chars().next().is_some_and(char::is_uppercase);
    if !surface
        .split([' ', '-'])
        .filter(|w| !w.is_empty())
        .all(|w| capitalised(w) || w.chars().all(|c| !c.is_alphabetic()))
    {
        return false;
    }
    let mut words = text[end..]
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w
                .strip_prefix("'s")
                .or_else(|| w.strip_prefix("’s"))
                .unwrap_or(w);
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&')
        });
    // A possessive ("Alzheimer's Association") leaves an empty first word: skip it.
    for _ in 0..4 {
        let Some(word) = words.next() else {
            return false;
        };
        if word.is_empty() {
            continue;
        }
        if ORGANISATION_WORDS.contains(&word) {
            return true;
        }
        if !(capitalised(word) || matches!(word, "&" | "and" | "of")) {
            return false;
        }
    }
    false
}

/// A disease word inside a hashtag that names a community (#StrokeTwitter): the hashtag's body,
/// after the match, is a community suffix.
fn community_hashtag(text: &str, start: usize, end: usize) -> bool {
    let body_start = text[..start]
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let in_hashtag = text[..body_start].ends_with('#');
    if !in_hashtag {
        return false;
    }
    let rest: String = text[end..]
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect::<String>()
        .to_lowercase();
    let rest = rest.trim_start_matches('_');
    !rest.is_empty() && COMMUNITY_SUFFIXES.contains(&rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filtered(text: &str, word: &str, canonical: &str) -> bool {
        let start = text.find(word).unwrap();
        is_not_a_disease(text, start, start + word.len(), canonical)
    }

    #[test]
    fn idioms_metaphors_organisations_and_community_hashtags_are_not_diseases() {
        assert!(filtered("What a stroke of luck today", "stroke", "Stroke"));
        assert!(filtered(
            "Moral injury is real",
            "injury",
            "Wounds and Injuries"
        ));
        assert!(filtered(
            "Scored in injury time",
            "injury",
            "Wounds and Injuries"
        ));
        assert!(filtered(
            "Bureaucracy is a cancer on the profession",
            "cancer",
            "Neoplasms"
        ));
        assert!(filtered(
            "Give to the American Cancer Society",
            "Cancer",
            "Neoplasms"
        ));
        assert!(filtered(
            "Cancer Research UK says so",
            "Cancer",
            "Neoplasms"
        ));
        assert!(filtered(
            "The Alzheimer's Association report",
            "Alzheimer's",
            "Alzheimer Disease"
        ));
        assert!(filtered(
            "The Leukemia & Lymphoma Society",
            "Leukemia",
            "Leukemia"
        ));
        assert!(filtered("Great talk #StrokeTwitter", "Stroke", "Stroke"));
        assert!(filtered("Anatomy lab on a cadaver", "cadaver", "Cadaver"));
    }

    #[test]
    fn real_mentions_stay() {
        assert!(!filtered(
            "Acute stroke pathway: thrombolysis within 4.5 h",
            "stroke",
            "Stroke"
        ));
        assert!(!filtered(
            "Head injury with LOC",
            "injury",
            "Wounds and Injuries"
        ));
        assert!(!filtered(
            "She has a cancer of the breast",
            "cancer",
            "Neoplasms"
        ));
        assert!(!filtered(
            "Cancer screening saves lives",
            "Cancer",
            "Neoplasms"
        ));
        assert!(!filtered(
            "Stroke Awareness Month: know the signs",
            "Stroke",
            "Stroke"
        ));
        assert!(!filtered("New #stroke guideline out", "stroke", "Stroke"));
        assert!(!filtered(
            "Lung cancer in never smokers",
            "Lung cancer",
            "Lung Neoplasms"
        ));
    }
}
