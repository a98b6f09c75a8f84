//! The word lists the rules read: hand-made for Rounds, tuned on `tests/tagging/diseases_tuning.jsonl`.

/// Canonical names in the disease lexicon that name no disease: anatomy, measures, processes.
pub(super) const NOT_DISEASES: &[&str] = &[
    "Cadaver",
    "Body Weight",
    "Recurrence",
    "Disease Progression",
    "Signs and Symptoms",
    "Carcinogenesis",
    "Autolysis",
    // "in complete remission" is an outcome, not a disease
    "Pathologic Complete Response",
];

/// Words that, right after a disease word, make it part of a fixed phrase that is no disease.
pub(super) const IDIOM_AFTER: &[(&str, &[&str])] = &[
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
            // golf
            " play",
            " index",
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
            " money",
            " cash",
            " staff",
            " talent",
            " funds",
            " jobs",
            " members",
            " votes",
            " nurses",
            " doctors",
            " edge",
            " heart",
            " the budget",
            " us dry",
            " them dry",
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
    ("poisoning", &[" the well"]),
    // Bailiffs' and customs' seizures, not fits.
    (
        "seizure",
        &[
            " of assets",
            " of drugs",
            " of goods",
            " of property",
            " of power",
            " of funds",
            " of cash",
            " of documents",
            " of records",
            " of land",
            " of weapons",
        ],
    ),
    ("headache", &[" of a "]),
    (
        "bruise",
        &[
            " to the ego",
            " to my ego",
            " to his ego",
            " to her ego",
            " to our ego",
        ],
    ),
    ("wart", &[" and all"]),
    // The cook who spread typhoid: a name for anyone who brings colds to work.
    ("typhoid", &[" mary"]),
    // A tumour board is a meeting; tumour treating fields a device.
    ("tumour", &[" board", " treating field"]),
    ("tumor", &[" board", " treating field"]),
    (
        "rash",
        &[
            " decision",
            " move",
            " choice",
            " promise",
            " call",
            " words",
            " comment",
            " statement",
            " of ",
        ],
    ),
    ("headache", &[" for "]),
    // The specialty, not the diseases: "my infectious diseases consultant".
    (
        "infectious disease",
        &[
            " consultant",
            " registrar",
            " fellow",
            " team",
            " physician",
            " doctor",
            " department",
            " colleague",
            " specialist",
            " service",
            " trainee",
        ],
    ),
];

/// Words that, right before a disease word, make a fixed phrase that is no disease.
pub(super) const IDIOM_BEFORE: &[(&str, &[&str])] = &[
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
    ("stroke", &["nearly had a ", "almost had a "]),
    ("cancer", &["tropic of "]),
    // "rash" the adjective: "it would be rash to".
    (
        "rash",
        &[
            "be ", "too ", "a bit ", "was ", "were ", "seems ", "seem ", "sounds ",
        ],
    ),
    (
        "headache",
        &["is a ", "was a ", "be a ", "been a ", "bit of a "],
    ),
    (
        "fatigue",
        &[
            "alarm ",
            "alert ",
            "decision ",
            "zoom ",
            "change ",
            "pandemic ",
            "meeting ",
            "email ",
            "survey ",
        ],
    ),
    (
        "amnesia",
        &[
            "collective ",
            "institutional ",
            "political ",
            "selective ",
            "corporate ",
        ],
    ),
    (
        "myopia",
        &[
            "policy ",
            "political ",
            "strategic ",
            "corporate ",
            "institutional ",
            "managerial ",
            "fiscal ",
            "short-term ",
            "government ",
        ],
    ),
    ("epidemic", &["an ", "the "]),
];

/// Words that follow a metaphorical "a cancer" / "a disease" / "a plague" ("a cancer on the
/// profession", "like a cancer eating the NHS").
pub(super) const METAPHOR_AFTER: &[&str] = &[
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
pub(super) const METAPHOR_WORDS: &[&str] = &[
    "cancer", "disease", "plague", "tumour", "tumor", "virus", "epidemic", "pandemic", "cancers",
];

/// Conditions people use as adjectives for themselves ("so OCD about my notes", "a bit ADHD").
pub(super) const CASUAL_DIAGNOSES: &[&str] = &[
    "Obsessive-Compulsive Disorder",
    "Attention Deficit Disorder with Hyperactivity",
    "Bipolar Disorder",
    "Schizophrenia",
    "Autistic Disorder",
    "Autism Spectrum Disorder",
];

/// Intensifiers that turn a diagnosis into an adjective.
pub(super) const INTENSIFIERS: &[&str] = &[
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

/// Sites a cancer "of" can be of; "the cancer of misinformation" is a metaphor.
pub(super) const SITES: &[&str] = &[
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
