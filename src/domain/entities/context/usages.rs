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
    // attention: what people stop seeing is no loss of sight
    (
        "blindness",
        &[
            "banner ",
            "change ",
            "inattentional ",
            "nose ",
            "choice ",
            "wilful ",
            "willful ",
        ],
    ),
    // freediving's disciplines hold the breath on purpose
    ("apnea", &["static ", "dynamic "]),
    ("apnoea", &["static ", "dynamic "]),
    // software that makes things up
    (
        "hallucination",
        &[
            "llm ",
            "ai ",
            "model ",
            "chatbot ",
            "chatgpt ",
            "gpt ",
            "language model ",
        ],
    ),
    // a talker's flow of words
    ("diarrhea", &["verbal "]),
    ("diarrhoea", &["verbal "]),
    // computers starve their jobs of time
    (
        "starvation",
        &["resource ", "thread ", "scheduler ", "cpu ", "process "],
    ),
    // soldiers' clothes
    (
        "fatigues",
        &[
            "army ",
            "combat ",
            "military ",
            "camo ",
            "olive ",
            "vintage ",
            "desert ",
            "jungle ",
            "wear ",
            "wearing ",
        ],
    ),
    // an abstraction withering
    (
        "atrophy",
        &[
            "strategic ",
            "political ",
            "moral ",
            "civic ",
            "intellectual ",
            "institutional ",
            "democratic ",
        ],
    ),
    // vector graphics draw with strokes
    ("stroke", &["svg ", "css "]),
];

/// Words that, right after a disease word, give it another sense.
const OTHER_AFTER: &[(&str, &[&str])] = &[
    // physiology's measures: stroke volume is what each beat pumps
    ("stroke", &[" volume", " volumes", " distance"]),
    // graphics: a line's width and colour
    (
        "stroke",
        &[
            " width",
            " colour",
            " color",
            " opacity",
            " thickness",
            " dasharray",
        ],
    ),
    // materials science: chemical vapour deposition
    (
        "cvd",
        &[
            " coating",
            " coatings",
            " diamond",
            " graphene",
            " growth",
            " reactor",
            " furnace",
        ],
    ),
    // telephony: the plain old telephone service
    (
        "pots",
        &[
            " lines",
            " line",
            " landline",
            " landlines",
            " phone",
            " phones",
            " telephone",
            " copper",
        ],
    ),
    // luggage over the limit
    (
        "overweight",
        &[
            " baggage",
            " luggage",
            " bag",
            " bags",
            " suitcase",
            " suitcases",
            " fee",
        ],
    ),
    // animals named after a part of them
    ("bluetongue", &[" lizard", " lizards", " skink", " skinks"]),
    // food: the pea eaten whole
    ("mange", &[" tout"]),
    // stadium seats high up
    ("nosebleed", &[" seats", " seat", " section", " bleachers"]),
    // drinks: lager and cider
    ("snakebite", &[" and black", " black"]),
    // law: a failure of justice
    ("miscarriage", &[" of justice"]),
    // a bug that starves jobs
    ("starvation", &[" bug", " bugs"]),
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

/// Roles named after a disease: the job, not a case ("our stroke coordinator", "a dementia
/// adviser role"). Services named after one (a stroke unit, a TIA clinic) stay mentions.
const ROLES: &[&str] = &[
    " coordinator",
    " coordinators",
    " co-ordinator",
    " co-ordinators",
    " adviser",
    " advisers",
    " advisor",
    " advisors",
    " navigator",
    " navigators",
    " administrator",
    " officer",
    " receptionist",
    " secretary",
];

/// Words that, opening a sentence as a verb before its object, make a disease word an
/// instruction ("Blister the peppers", "Bruise the garlic", "Bleed the radiators"). Not "stroke":
/// a post may open "Stroke the second cause of death…" without its verb.
const VERBS: &[&str] = &[
    "blister", "bruise", "boil", "burn", "scald", "strain", "sting", "poison", "bleed", "choke",
];

/// Words that may follow such a verb: its object.
const OBJECTS: &[&str] = &[
    " the ", " a ", " an ", " your ", " them", " it ", " some ", " each ",
];

/// Whether the lower-cased `surface`, opening a sentence, is a verb given as an instruction.
fn instruction(surface: &str, before: &str, after: &str) -> bool {
    VERBS.contains(&surface)
        && before
            .trim_end()
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | ':'))
        && OBJECTS.iter().any(|o| after.starts_with(o))
}

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
        || ROLES.iter().any(|r| {
            after
                .strip_prefix(r)
                .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
        })
        || instruction(surface, before, after)
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

#[cfg(test)]
mod tests;
