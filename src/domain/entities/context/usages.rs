//! More everyday senses of disease words, as data, by class: materials and machines ("metal
//! fatigue", "the minibus wheezing up the hill", "the fire crackles"), computers ("a malware
//! infection"), food ("candy corns"), breeds ("fainting goats"), slang ("stunting on them", "bleeding
//! obvious", "commitment phobia"), a writer's mannerisms ("verbal tics"), and anatomy and physiology
//! whose names hold a disease word ("zona glomerulosa", "stroke volume"). Hand-made for Rounds;
//! each list names a class of cue, not one post.

/// Words that, right before a disease word, give it another sense.
const OTHER_BEFORE: &[(&str, &[&str])] = &[
    // materials wear out under load
    (
        "fatigue",
        &[
            "metal ",
            "material ",
            "materials ",
            "structural ",
            "steel ",
            "aluminium ",
            "aluminum ",
            "bolt ",
            "weld ",
            "rubber ",
            "alloy ",
            "concrete ",
            "bridge ",
            "wing ",
        ],
    ),
    // computers and networks are infected by software
    (
        "infection",
        &[
            "ransomware ",
            "malware ",
            "spyware ",
            "adware ",
            "trojan ",
            "botnet ",
            "worm ",
            "computer ",
            "network ",
            "server ",
            "laptop ",
            "pc ",
        ],
    ),
    // what crackles besides a chest: fire, radio, a line
    (
        "crackle",
        &[
            "fire ",
            "fires ",
            "radio ",
            "static ",
            "line ",
            "speaker ",
            "speakers ",
            "vinyl ",
            "record ",
            "embers ",
            "flames ",
            "logs ",
        ],
    ),
    // corn to eat
    ("corn", &["candy ", "sweet ", "baby ", "pop ", "pepper "]),
    // a writer's or speaker's mannerisms
    (
        "tic",
        &[
            "verbal ",
            "stylistic ",
            "writing ",
            "linguistic ",
            "rhetorical ",
            "narrative ",
        ],
    ),
    // fear of commitment is a trait, not a phobic disorder
    ("phobia", &["commitment ", "commitment-"]),
];

/// Words that, right after a disease word, give it another sense.
const OTHER_AFTER: &[(&str, &[&str])] = &[
    // physiology's measures: stroke volume is what each beat pumps
    ("stroke", &[" volume", " volumes", " distance"]),
    // Latin anatomy: the zones of the adrenal cortex, the egg, the brain
    (
        "zona",
        &[
            " glomerulosa",
            " fasciculata",
            " reticularis",
            " pellucida",
            " incerta",
            " orbicularis",
        ],
    ),
    // breeds named after what they do
    ("fainting", &[" goat", " goats"]),
    // machines struggling along: "the old minibus was wheezing up the hill"
    (
        "wheezing",
        &[
            " up the",
            " up a",
            " along",
            " into life",
            " to life",
            " to a halt",
            " to a stop",
        ],
    ),
    // a pirate's insult before a sailor: "a scurvy sea dog"
    (
        "scurvy",
        &[" sea dog", " sea dogs", " seadog", " sea rat", " sea rats"],
    ),
    // slang: showing off
    ("stunting", &[" on "]),
    // British slang: an intensifier before an adjective or a noun of complaint
    (
        "bleeding",
        &[
            " obvious",
            " ridiculous",
            " useless",
            " typical",
            " awful",
            " freezing",
            " hell",
            " nightmare",
            " joke",
            " marvellous",
            " brilliant",
            " cheek",
            " idiot",
            " idiots",
        ],
    ),
];

/// Whether the lower-cased `surface` (with the lower-cased text `before` and `after` it) is used in
/// one of the senses above. A tail written with a space also matches with a hyphen ("bleeding
/// edge", "bleeding-edge").
pub(super) fn other_sense(surface: &str, before: &str, after: &str) -> bool {
    let singular = surface.trim_end_matches('s');
    let matches_word = |word: &str| surface == word || singular == word;
    OTHER_BEFORE
        .iter()
        .any(|(word, heads)| matches_word(word) && heads.iter().any(|h| before.ends_with(h)))
        || OTHER_AFTER
            .iter()
            .any(|(word, tails)| matches_word(word) && tails.iter().any(|t| tail_follows(after, t)))
}

/// Whether `after` starts with `tail`, or with `tail` hyphenated instead of spaced.
pub(super) fn tail_follows(after: &str, tail: &str) -> bool {
    after.starts_with(tail)
        || tail.strip_prefix(' ').is_some_and(|bare| {
            after
                .strip_prefix('-')
                .is_some_and(|rest| rest.starts_with(bare.trim_end()))
        })
}
