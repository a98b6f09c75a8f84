//! The cue words and shapes the learned disease filter weighs around a match: words of a clinical
//! reading and of other domains (games, music, sport…), and the shapes of a clinical note in the
//! match's sentence (a dose, a lab value, a note's verb or shorthand), which tell a terse clinical
//! line ("Massive PE, thrombolysed.") from a figure of speech without knowing its vocabulary.
//! Hand-made for Rounds.

/// Words that make a clinical reading likelier.
pub(super) const CLINICAL: &[&str] = &[
    "patient",
    "patients",
    "pt",
    "pts",
    "admitted",
    "admission",
    "mg",
    "diagnosis",
    "diagnosed",
    "dx",
    "ward",
    "clinic",
    "icu",
    "ed",
    "er",
    "treated",
    "treatment",
    "started",
    "history",
    "hx",
    "presented",
    "presenting",
    "symptoms",
    "bloods",
    "scan",
    "ct",
    "mri",
    "biopsy",
    "referral",
    "referred",
    "discharged",
    "consult",
    "rounds",
    "trial",
    "study",
    "guideline",
    "guidelines",
    "risk",
    "screening",
    "therapy",
    "dose",
    "doses",
    "iv",
    "prescribed",
    "management",
    "acute",
    "chronic",
    "severe",
    "year-old",
    "yo",
    "outcomes",
    "mortality",
    "incidence",
    "prevalence",
    "cases",
    "infection",
    "vaccine",
    "vaccination",
    "ecg",
    "labs",
    "workup",
    "differential",
];

/// Words of other domains where disease words are often names or figures of speech.
pub(super) const ELSEWHERE: &[&str] = &[
    "game",
    "games",
    "gaming",
    "band",
    "album",
    "song",
    "songs",
    "track",
    "tour",
    "gig",
    "season",
    "match",
    "team",
    "league",
    "goal",
    "coach",
    "horoscope",
    "zodiac",
    "sign",
    "film",
    "movie",
    "episode",
    "series",
    "book",
    "novel",
    "novels",
    "netflix",
    "beer",
    "brewery",
    "recipe",
    "menu",
    "cocktail",
    "dog",
    "cat",
    "pub",
    "festival",
    "lol",
    "literally",
    "basically",
    "totally",
    "society",
    "foundation",
    "association",
    "charity",
    "institute",
    "fund",
    "trust",
    "council",
    "restaurant",
    "bar",
    "playlist",
    "stream",
    "boss",
    "level",
    "player",
    "players",
    "fans",
];

/// Verbs and shorthand of clinical notes: what was done, planned or written as a heading.
const NOTES: &[&str] = &[
    "started",
    "stopped",
    "commenced",
    "given",
    "restarted",
    "titrated",
    "uptitrate",
    "reviewed",
    "referred",
    "thrombolysed",
    "anticoagulated",
    "intubated",
    "ventilated",
    "switched",
    "listed",
    "booked",
    "confirmed",
    "excluded",
    "suspected",
    "query",
    "likely",
    "known",
    "resolved",
    "reverted",
    "aspirated",
    "drained",
    "transfused",
    "bd",
    "tds",
    "qds",
    "od",
    "prn",
    "stat",
    "nocte",
    "mane",
    "po",
    "im",
    "sc",
    "nbm",
    "obs",
    "abx",
    "imp",
    "pmh",
    "fhx",
    "shx",
    "tto",
    "f/u",
    "r/v",
    "o/e",
    "mdt",
    "handover",
    "bay",
    "bed",
    "resus",
    "theatre",
    "post-op",
    "bloods",
    "cultures",
    "swab",
    "echo",
    "cxr",
    "ctpa",
    "angio",
    "doppler",
    "ultrasound",
    "us",
    "ogd",
    "lp",
    "cannula",
    "catheter",
    "drain",
    "fluids",
    "oxygen",
    "o2",
    "nebs",
    "abg",
    "vbg",
    "discharge",
    "discharged",
    "follow-up",
    "review",
    "plan",
    "regime",
    "infusion",
    "antibiotics",
];

/// Lab values and observations, usually written just before their number ("K 5.8", "Hb 84").
const LABS: &[&str] = &[
    "hb", "k", "na", "crp", "wcc", "egfr", "creat", "cr", "trop", "troponin", "inr", "bnp",
    "lactate", "ph", "ferritin", "tsh", "hba1c", "psa", "ck", "bm", "gcs", "news", "bp", "hr",
    "rr", "temp", "sats", "spo2", "fev1", "pefr", "ef", "esr", "alt", "bili", "lipase", "amylase",
    "albumin", "calcium", "glucose", "ketones", "plt", "neut", "urea", "mg", "po4",
];

/// Units a number takes in a dose, a volume, a time or a size.
const UNITS: &[&str] = &[
    "mg", "mcg", "g", "kg", "ml", "l", "units", "iu", "mmol", "mm", "cm", "h", "hrs", "hours",
    "min", "mins", "days", "weeks", "wk", "mg/kg", "ml/kg",
];

/// One clinical shape of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// A number with a unit ("10 mg", "2L", "x3").
    Dose,
    /// A lab or observation followed by a number ("K 5.8").
    Lab,
    /// A note's verb or shorthand ("started", "BD", "PMH").
    Note,
    /// A clinical word ([`CLINICAL`]).
    Clinical,
    /// A drug the tagger found.
    Drug,
    /// Another disease the rules keep.
    Disease,
}

const CUES: [(Cue, &str); 6] = [
    (Cue::Dose, "dose"),
    (Cue::Lab, "lab"),
    (Cue::Note, "note"),
    (Cue::Clinical, "clinical"),
    (Cue::Drug, "drug"),
    (Cue::Disease, "disease"),
];

/// The clinical shapes of the sentence around a match: a set of [`Cue`]s.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cues(u8);

impl Cues {
    /// Whether `cue` is present.
    pub fn has(self, cue: Cue) -> bool {
        self.0 & (1 << cue as u8) != 0
    }

    fn set(&mut self, cue: Cue, on: bool) {
        if on {
            self.0 |= 1 << cue as u8;
        }
    }

    /// Whether any cue reads clinical.
    pub fn any(self) -> bool {
        self.0 != 0
    }

    /// The names of the cues present, for features.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        CUES.into_iter()
            .filter_map(move |(cue, name)| self.has(cue).then_some(name))
    }
}

/// The byte range of the sentence of `text` holding `start..end`: a full stop (not a decimal
/// point), "!", "?" or a line break ends one.
pub fn sentence(text: &str, start: usize, end: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let ends = |at: usize| match bytes[at] {
        b'!' | b'?' | b'\n' => true,
        b'.' => !bytes.get(at + 1).is_some_and(u8::is_ascii_digit),
        _ => false,
    };
    let from = (0..start).rev().find(|&at| ends(at)).map_or(0, |at| at + 1);
    let to = (end..bytes.len())
        .find(|&at| ends(at))
        .unwrap_or(bytes.len());
    (from, to)
}

/// The cues of `words` (lower-cased, in order: the sentence's words other than the match's),
/// `(drug, disease)` whether a drug, or another disease the rules keep, lies in the sentence.
pub fn cues<'w>(words: impl Iterator<Item = &'w str>, (drug, disease): (bool, bool)) -> Cues {
    let mut cues = Cues::default();
    cues.set(Cue::Drug, drug);
    cues.set(Cue::Disease, disease);
    let mut previous: Option<&str> = None;
    let number = |w: &str| w.chars().next().is_some_and(|c| c.is_ascii_digit());
    for word in words {
        let digits_end = word
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(word.len());
        let attached = digits_end > 0 && UNITS.contains(&&word[digits_end..]);
        let times = word.len() > 1 && word.starts_with('x') && number(&word[1..]);
        let unit_after_number = UNITS.contains(&word) && previous.is_some_and(number);
        cues.set(Cue::Dose, attached || times || unit_after_number);
        cues.set(
            Cue::Lab,
            number(word) && previous.is_some_and(|p| LABS.contains(&p)),
        );
        cues.set(Cue::Note, NOTES.contains(&word));
        cues.set(Cue::Clinical, CLINICAL.contains(&word));
        previous = Some(word);
    }
    cues
}

#[cfg(test)]
mod tests {
    use super::{cues, sentence};

    fn of(text: &str) -> Vec<&'static str> {
        let lower = text.to_lowercase();
        let words: Vec<String> = lower
            .split(|c: char| !(c.is_alphanumeric() || c == '/' || c == '-'))
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        cues(words.iter().map(String::as_str), (false, false))
            .names()
            .collect()
    }

    #[test]
    fn a_note_reads_clinical_by_its_shapes_and_a_figure_of_speech_does_not() {
        assert_eq!(
            of("thrombolysed at 10:42, alteplase 0.9 mg/kg"),
            ["dose", "note"]
        );
        assert_eq!(of("K 6.1 on the gas"), ["lab"]);
        assert_eq!(of("IV methylpred 1g x3"), ["dose", "clinical"]);
        assert!(of("what a stroke of luck at the gig tonight").is_empty());
    }

    #[test]
    fn a_sentence_ends_at_a_full_stop_but_not_at_a_decimal_point() {
        let text = "Bed 3. Hb 8.4, anaemia, transfuse. Band tonight.";
        let at = text.find("anaemia").expect("found");
        let (from, to) = sentence(text, at, at + 7);
        assert_eq!(&text[from..to], " Hb 8.4, anaemia, transfuse");
    }
}
