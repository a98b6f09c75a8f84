//! Everyday senses of disease words, as data: the word as a verb ("cough up for parking", "squint
//! at the font", "cramp my style"), in sport ("sudden death penalties"), law and money ("asset
//! seizure", "personal injury lawyers"), food ("food coma", "tartar sauce"), hyperbole ("this audit
//! will give me an ulcer") and institutions' failings ("wilful blindness"); homonyms told apart by
//! a cue word are in `homonyms`. Hand-made for Rounds; each list names a class of cue, not one post.

/// Words that, right after a disease word, give it an everyday sense.
pub(super) const EVERYDAY_AFTER: &[(&str, &[&str])] = &[
    // verbs
    ("squint", &[" at ", " to read", " to see", " through "]),
    (
        "cramp",
        &[
            " my style",
            " your style",
            " his style",
            " her style",
            " our style",
            " their style",
            " the style",
        ],
    ),
    ("fainting", MONEY_SHOCKS),
    ("fainted", MONEY_SHOCKS),
    ("faint", MONEY_SHOCKS),
    ("heart attack", MONEY_SHOCKS),
    ("stroke", MONEY_SHOCKS),
    // sport
    (
        "sudden death",
        &[
            " penalties",
            " penalty",
            " shootout",
            " shoot-out",
            " playoff",
            " play-off",
            " round",
            " overtime",
            " tiebreak",
            " tie-break",
            " format",
            " rules",
            " goal",
        ],
    ),
    // law and money
    (
        "injury",
        &[
            " lawyer",
            " lawyers",
            " solicitor",
            " solicitors",
            " attorney",
            " attorneys",
            " claim",
            " claims",
            " firm",
            " firms",
        ],
    ),
    // services named after what they treat: the unit, not the injuries
    ("injuries", &[" unit", " units"]),
    // food and sounds
    ("tartar", &[" sauce"]),
    // a pun on "cancel culture"; a culture of cells is a lab method, not a case
    ("cancer", &[" culture"]),
    ("crackle", &[" of "]),
    ("wheeze", &[" of "]),
    // the economic slump of the 1930s
    ("depression", &[" era", "-era"]),
    // golf scores, brushes and oars, and the verb: "two strokes over par", "stroke your ego"
    (
        "stroke",
        &[
            " over par",
            " under par",
            " behind the",
            " clear of",
            " off the lead",
            " of the brush",
            " of a brush",
            " of the paintbrush",
            " of the oar",
            " of the oars",
            " your ego",
            " his ego",
            " her ego",
            " my ego",
            " their ego",
            " the ego",
            " egos",
        ],
    ),
    // a pirate's insult: the adjective before a rogue
    (
        "scurvy",
        &[
            " knave",
            " knaves",
            " dog",
            " dogs",
            " rogue",
            " rogues",
            " rascal",
            " rascals",
            " cur",
            " wretch",
            " scoundrel",
            " swab",
            " crew",
            " pirate",
            " pirates",
            " lot",
            " fellow",
        ],
    ),
];

/// "Nearly fainting at the price of the coffee": a reaction to a cost.
const MONEY_SHOCKS: &[&str] = &[
    " at the price",
    " at the prices",
    " at the cost",
    " at the bill",
    " at the invoice",
    " at the fee",
    " at the fees",
    " at the rent",
    " at the quote",
];

/// Words that, right before a disease word, give it an everyday sense.
pub(super) const EVERYDAY_BEFORE: &[(&str, &[&str])] = &[
    // law and money: a seizure by the police or customs
    (
        "seizure",
        &[
            "search and ",
            "search-and-",
            "searches and ",
            "asset ",
            "assets ",
            "property ",
            "land ",
            "police ",
            "customs ",
            "border ",
            "drugs ",
            "cash ",
            "weapons ",
            "arms ",
            "power ",
        ],
    ),
    ("injury", &["personal "]),
    // weather, economics, an ECG segment, a depressed organ: not the mood disorder
    (
        "depression",
        &[
            "tropical ",
            "great ",
            "economic ",
            "st ",
            "st-segment ",
            "st segment ",
            "pr ",
            "pr-segment ",
            "segment ",
            "marrow ",
            "myocardial ",
            "cns ",
            "ventilatory ",
            "skull ",
        ],
    ),
    // food
    (
        "coma",
        &[
            "food ",
            "sugar ",
            "carb ",
            "carbs ",
            "turkey ",
            "cheese ",
            "pizza ",
            "post-lunch ",
            "lunch ",
        ],
    ),
    // geology, bees and reefs
    ("tremor", &["earth ", "seismic "]),
    ("hive", &["bee ", "roof ", "honey ", "rooftop "]),
    ("polyp", &["coral "]),
    // weariness of a public matter, not a symptom
    (
        "fatigue",
        &[
            "brexit ",
            "lockdown ",
            "news ",
            "election ",
            "vaccine ",
            "screen ",
            "voter ",
            "outrage ",
            "crisis ",
            "reform ",
            "initiative ",
            "password ",
            "notification ",
            "consultation ",
            "donor ",
            "protest ",
            "strike ",
        ],
    ),
    // engines: a two-stroke is a motor
    ("stroke", &["two-", "four-", "2-", "4-", "single-", "one-"]),
    // abilities and institutions wither; muscles and nerves atrophy
    (
        "atrophy",
        &[
            "skills ",
            "skill ",
            "knowledge ",
            "competence ",
            "competencies ",
            "abilities ",
            "talent ",
            "talents ",
            "democracy ",
            "institutions ",
            "relationships ",
            "friendships ",
            "habits ",
            "instincts ",
        ],
    ),
    // fear of a treatment is an attitude to discuss, not a phobic disorder
    (
        "phobia",
        &[
            "steroid ",
            "statin ",
            "insulin ",
            "vaccine ",
            "drug ",
            "medication ",
            "medicine ",
            "treatment ",
            "opioid ",
        ],
    ),
    // costumes
    (
        "wound",
        &[
            "reopen old ",
            "reopened old ",
            "reopening old ",
            "reopens old ",
            "open old ",
            "opened old ",
            "opening old ",
            "opens old ",
        ],
    ),
    (
        "scar",
        &["dressed as ", "dressed up as ", "went as ", "costume as "],
    ),
];

/// Words either side that together give a disease word an everyday sense: grievances are "old
/// wounds" that "reopened" (a wound that reopened after surgery stays a wound); "the Depression
/// years" are the 1930s (depression years after a stroke stays the disorder).
pub(super) const EVERYDAY_AROUND: &[(&str, &[&str], &[&str])] = &[
    (
        "wound",
        &["old ", "ancient ", "historic "],
        &[
            " reopen",
            " were reopen",
            " have been reopen",
            " resurfac",
            " were opened",
            " opened up",
        ],
    ),
    // "the Depression years": the slump of the 1930s
    ("depression", &["the "], &[" years", " generation"]),
];

/// Adjectives of money and the economy: a disease word after one is a figure for an economy's
/// trouble ("economic anaemia", "fiscal paralysis", "financial haemorrhage").
pub(super) const ECONOMIC_ADJECTIVES: &[&str] = &[
    "economic ",
    "fiscal ",
    "financial ",
    "monetary ",
    "budgetary ",
];

/// Hyperbole: what a chore "will give me", in the future or as a near miss. A past "gave me a
/// migraine" can be a side effect and stays a mention.
pub(super) const HYPERBOLE_HEADS: &[&str] = &[
    "will give me a ",
    "will give me an ",
    "'ll give me a ",
    "'ll give me an ",
    "’ll give me a ",
    "’ll give me an ",
    "going to give me a ",
    "going to give me an ",
    "gonna give me a ",
    "gonna give me an ",
    "nearly gave me a ",
    "nearly gave me an ",
    "almost gave me a ",
    "almost gave me an ",
    "nearly had an ",
    "almost had an ",
];

/// Hyperbole in progress: "bed meetings are giving me an ulcer". A headache or migraine "giving
/// me" one now can be real, so those two stay mentions after these.
pub(super) const PROGRESSIVE_HEADS: &[&str] = &[
    "are giving me a ",
    "are giving me an ",
    "is giving me a ",
    "is giving me an ",
    "'s giving me a ",
    "'s giving me an ",
    "’s giving me a ",
    "’s giving me an ",
];

/// Diseases named in hyperbole.
pub(super) const HYPERBOLE_WORDS: &[&str] = &[
    "ulcer",
    "heart attack",
    "stroke",
    "aneurysm",
    "hernia",
    "coronary",
    "migraine",
    "headache",
    "nervous breakdown",
    "breakdown",
    "seizure",
    "cardiac arrest",
];

/// Adjectives that make a faculty's failing a quality of an institution ("wilful blindness",
/// "institutional amnesia", "policy myopia").
pub(super) const INSTITUTIONAL_ADJECTIVES: &[&str] = &[
    "wilful ",
    "willful ",
    "deliberate ",
    "moral ",
    "collective ",
    "institutional ",
    "organisational ",
    "organizational ",
    "political ",
    "selective ",
    "corporate ",
    "policy ",
    "strategic ",
    "managerial ",
    "fiscal ",
    "government ",
];

/// Faculties whose failing is said of institutions.
pub(super) const FACULTIES: &[&str] = &[
    "blindness",
    "deafness",
    "amnesia",
    "myopia",
    "paralysis",
    "schizophrenia",
    "paranoia",
    "sclerosis",
];

#[cfg(test)]
mod tests;
