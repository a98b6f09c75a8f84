//! Words right beside an abbreviation that give it another sense: slang after how someone feels
//! ("tired AF") and US state codes ("MI and OH"). Hand-made for Rounds; each list names a class.

/// Words right before an abbreviation that make it slang for emphasis ("tired AF"): how someone
/// feels or how something is, not a rhythm.
pub(super) const SLANG_HEADS: &[&str] = &[
    "tired",
    "tiring",
    "exhausted",
    "busy",
    "hungry",
    "hangry",
    "cold",
    "hot",
    "broke",
    "done",
    "stressed",
    "knackered",
    "sleepy",
    "bored",
    "boring",
    "cute",
    "funny",
    "weird",
    "annoyed",
    "salty",
    "grumpy",
    "shattered",
    "wired",
    "chaotic",
    "cursed",
    "relatable",
    "petty",
    "proud",
    "nervous",
    "fried",
];

/// US state codes that are no clinical abbreviation, to tell "MI and OH" from a myocardial
/// infarction: a state code beside an abbreviation makes both places. Codes that are also
/// clinical shorthand (CT, LA, SC, GA, AR, TX, DC, ID, IL, VA…) are left out.
pub(super) const STATE_CODES: &[&str] = &[
    "AZ", "FL", "KY", "MN", "NJ", "NV", "NY", "OH", "TN", "VT", "WA", "WI", "WV", "WY",
];
