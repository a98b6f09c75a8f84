//! Homonyms of disease words, told apart by a cue word near them: shingles on a roof, a song
//! thrush, the cataracts of the Nile, bee hives, Noma the restaurant, coral polyps, an earth
//! tremor, MUMPS the programming language, a rowing stroke rate. Hand-made for Rounds.

/// Homonyms: a disease word and cue words (whole words, anywhere in the few words around) that
/// mark its other sense.
pub(super) const HOMONYM_CUES: &[(&str, &[&str])] = &[
    (
        "shingles",
        &[
            "roof", "roofs", "roofer", "roofers", "roofing", "gutter", "gutters", "slate",
            "slates", "tiles", "shed",
        ],
    ),
    (
        "thrush",
        &[
            "song",
            "mistle",
            "bird",
            "birds",
            "birdwatching",
            "birding",
            "robin",
            "blackbird",
            "feeder",
            "nest",
            "singing",
        ],
    ),
    (
        "cataract",
        &[
            "nile",
            "waterfall",
            "waterfalls",
            "river",
            "rapids",
            "rafting",
            "kayaking",
            "cruise",
            "gorge",
        ],
    ),
    (
        "hives",
        &[
            "bee",
            "bees",
            "honey",
            "beekeeper",
            "beekeepers",
            "beekeeping",
            "apiary",
            "swarm",
            "wax",
        ],
    ),
    (
        "noma",
        &[
            "restaurant",
            "table",
            "booked",
            "booking",
            "copenhagen",
            "michelin",
            "chef",
            "tasting",
            "menu",
            "dinner",
            "anniversary",
        ],
    ),
    (
        "polyp",
        &[
            "coral",
            "corals",
            "reef",
            "aquarium",
            "jellyfish",
            "anemone",
            "anemones",
            "hydra",
            "snorkelling",
            "diving",
        ],
    ),
    (
        "tremor",
        &[
            "earthquake",
            "quake",
            "seismic",
            "richter",
            "magnitude",
            "aftershock",
        ],
    ),
    (
        "mumps",
        &[
            "epic",
            "database",
            "programming",
            "code",
            "codebase",
            "language",
            "cache",
            "intersystems",
            "legacy",
            "software",
        ],
    ),
    (
        "scar",
        &["lion", "disney", "costume", "villain", "mufasa", "simba"],
    ),
    (
        "sterility",
        &[
            "instrument",
            "instruments",
            "tray",
            "trays",
            "decontamination",
            "autoclave",
            "equipment",
            "sterilisation",
            "sterilization",
            "packs",
            "devices",
        ],
    ),
    (
        "stroke",
        &[
            "rowing",
            "rower",
            "rowers",
            "erg",
            "regatta",
            "cox",
            "oar",
            "oars",
            "swimming",
            "swimmer",
            "breaststroke",
            "backstroke",
            "freestyle",
            "putt",
            "golfer",
            "forehand",
            "backhand",
            "paddle",
            "paddling",
            "kayak",
            "brush",
            "brushstroke",
            "calligraphy",
            "piston",
        ],
    ),
];

/// A homonym whose cue word lies near ("shingles" with "roof"), unless the words right before it
/// say someone has it ("had a stroke while swimming").
pub(super) fn homonym(surface: &str, before: &str, after: &str) -> bool {
    let singular = surface.trim_end_matches('s');
    let Some((_, cues)) = HOMONYM_CUES
        .iter()
        .find(|(word, _)| surface == *word || singular == *word)
    else {
        return false;
    };
    let suffered = [
        "had a ",
        "has a ",
        "having a ",
        "suffered a ",
        "with a ",
        "post-",
        "acute ",
    ]
    .iter()
    .any(|h| before.ends_with(h));
    !suffered
        && before
            .split(|c: char| !c.is_alphanumeric())
            .chain(after.split(|c: char| !c.is_alphanumeric()))
            .any(|w| cues.contains(&w))
}
