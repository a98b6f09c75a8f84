//! The kinds of things `works` reads: team words, kinds of named things, pets, drinks, the words
//! a disease is called by, and what figures are broken down by. Hand-made for Rounds; each list
//! names a class, not a title.

/// Words after a capitalised name that make it a sports team.
pub(super) const TEAM_WORDS: &[&str] = &[
    "FC",
    "AFC",
    "CF",
    "RFC",
    "SC",
    "United",
    "Utd",
    "Rovers",
    "Athletic",
    "Wanderers",
];

/// Kinds of named things a disease word can be the name of: works, drinks, dishes, venues,
/// software. Said of a name ("is my favourite Belgian beer", ", the Swiss pie"), they make it no
/// disease. Words a disease is often said to be ("a team effort", "a numbers game", "the single
/// biggest cause", "a bar to care") are left out.
pub(super) const NAMED_KINDS: &[&str] = &[
    "film",
    "movie",
    "documentary",
    "book",
    "novel",
    "memoir",
    "play",
    "musical",
    "opera",
    "album",
    "song",
    "band",
    "videogame",
    "server",
    "engine",
    "app",
    "podcast",
    "sitcom",
    "painting",
    "poem",
    "character",
    "villain",
    "beer",
    "ale",
    "lager",
    "stout",
    "wine",
    "whisky",
    "whiskey",
    "gin",
    "cocktail",
    "pie",
    "dish",
    "recipe",
    "cake",
    "club",
    "nightclub",
    "restaurant",
    "racehorse",
    "brand",
    "name",
    "journal",
    "magazine",
];

/// Forms a remedy is sold in: "the Cold & Flu tablets from the supermarket".
pub(super) const REMEDY_FORMS: &[&str] = &[
    "tablets", "tablet", "capsules", "caplets", "sachets", "syrup", "lozenges", "spray", "powder",
    "drink", "remedy", "remedies", "pills", "gummies", "range",
];

/// Endings of a microbe's Latin genus ("pneumonia by Klebsiella"): after "by", a cause, not an
/// author.
pub(super) const GENUS_ENDINGS: &[&str] = &[
    "ella",
    "coccus",
    "cocci",
    "bacter",
    "monas",
    "bacillus",
    "bacterium",
    "ium",
    "us",
    "ia",
    "ae",
    "myces",
    "plasma",
    "virus",
    "ides",
    "ema",
];

/// Animals kept as pets, whose names can be anything ("Measles the cat", "our dog Rabies").
pub(super) const PETS: &[&str] = &[
    "cat",
    "cats",
    "kitten",
    "dog",
    "dogs",
    "puppy",
    "pup",
    "hamster",
    "rabbit",
    "bunny",
    "horse",
    "pony",
    "parrot",
    "budgie",
    "tortoise",
    "goldfish",
    "ferret",
    "guinea",
    "goat",
    "racehorse",
    "greyhound",
    "yacht",
    "boat",
    "ship",
];

/// What a writer calls a disease when naming it ("a condition called Lupus"): after these, a
/// name is the disease's own.
pub(super) const CLINICAL_KINDS: &[&str] = &[
    "condition",
    "disease",
    "disorder",
    "syndrome",
    "illness",
    "infection",
    "virus",
    "bacterium",
    "cancer",
    "tumour",
    "tumor",
    "diagnosis",
    "something",
];

/// Drinks named after a disease ("a bottle of Malaria gin"): the capitalised name, in mid-sentence,
/// right before the kind of drink.
pub(super) const DRINKS: &[&str] = &[
    "gin", "vodka", "rum", "whisky", "whiskey", "beer", "ale", "lager", "stout", "cider", "wine",
    "cocktail", "tequila", "liqueur",
];

/// What figures are broken down by ("Obesity by Region", "Stroke by Age Group").
pub(super) const BREAKDOWNS: &[&str] = &[
    "age",
    "group",
    "region",
    "country",
    "sex",
    "gender",
    "stage",
    "year",
    "month",
    "ethnicity",
    "income",
    "deprivation",
    "postcode",
    "state",
    "county",
    "numbers",
    "type",
    "site",
    "cause",
    "decade",
    "area",
    "district",
    "borough",
    "race",
    "setting",
    "severity",
    "local",
    "city",
    "nation",
    "hospital",
    "trust",
    "practice",
    "ward",
    "team",
];
