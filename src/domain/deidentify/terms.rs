//! Medical terms that the name and place rules mistake for people and towns, settled after every
//! detector has spoken: letter-scores ("T-score", "Z-score"), stages after an eponym ("Hurley III",
//! "Mobitz II"), eponym pairs before what they name ("Lund and Browder chart"), hyphenated eponymous
//! syndromes ("Stevens-Johnson", "Zollinger-Ellison"), makers ("Boston Scientific"), a score after
//! the condition it scores ("appendicitis Alvarado 8").

use std::sync::LazyLock;

use regex::Regex;

use super::{window_after, window_before, Candidate, Identifier};

/// Hyphenated eponymous conditions, rules and tests; one is medicine wherever it stands.
const COMPOUNDS: &str = "stevens-johnson guillain-barre guillain-barré creutzfeldt-jakob \
    zollinger-ellison wolff-parkinson-white osgood-schlatter charcot-marie-tooth legg-calve-perthes \
    mallory-weiss brown-sequard brown-séquard jarisch-herxheimer ehlers-danlos prader-willi \
    peutz-jeghers henoch-schonlein henoch-schönlein waterhouse-friderichsen budd-chiari \
    dandy-walker arnold-chiari sturge-weber kasabach-merritt kearns-sayre lambert-eaton \
    stein-leventhal bernard-soulier chediak-higashi wiskott-aldrich klippel-feil klippel-trenaunay \
    tay-sachs lesch-nyhan cockcroft-gault hardy-weinberg kaplan-meier mann-whitney bland-altman \
    michaelis-menten frank-starling wolf-hirschhorn russell-silver beckwith-wiedemann \
    smith-lemli-opitz churg-strauss kimmelstiel-wilson austin-flint argyll-robertson holt-oram \
    treacher-collins pierre-robin dubin-johnson crigler-najjar lown-ganong-levine \
    sengstaken-blakemore ziehl-neelsen mayer-rokitansky-kuster-hauser fitz-hugh-curtis \
    hand-schuller-christian von-hippel-lindau marchiafava-bignami tolosa-hunt ramsay-hunt \
    miller-fisher lennox-gastaut landau-kleffner kussmaul-kien bence-jones lutz-splendore";

/// What an eponym pair names: "Lund and Browder chart", "Masters and Johnson criteria".
static PAIR_BEFORE_TERM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<a>[A-Z][a-z]+)\s+(?:and|&)\s+(?P<b>[A-Z][a-z]+)['’]?s?\s+(?P<noun>[a-z]+)")
        .expect("eponym pair compiles")
});

/// Makers of drugs and devices: a word before the kind of company it is.
static MAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[A-Z][a-z]+\s+(?:Scientific|Pharma(?:ceuticals?)?|Medical|Healthcare|Laboratories|Labs|Biosciences?|Therapeutics|Diagnostics|Biotech|Biologics|Vascular|Orthopaedics|Orthopedics)\b")
        .expect("maker compiles")
});

/// "Riverside Medical Centre" is a place, not a maker.
static FACILITY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:Cent(?:re|er)|Practice|Clinic|Group|School|College|Hospital|Unit|Campus)\b")
        .expect("facility after compiles")
});

/// A stage or class in Roman numerals after the word it grades.
static STAGE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+(?:I{1,3}|IV|V)\b").expect("stage compiles"));

static TITLE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:mr|mrs|ms|miss|mx|dr|prof|sr|nurse|pt|patient)\.?\s*$")
        .expect("title compiles")
});

/// A score's value right after its name: "Alvarado 8", "Ranson 4/11".
static SCORE_VALUE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+\d{1,2}(?:/\d{1,2})?(?:\s*(?:[-–—,;.)?!]|$)|\s+(?:points?|pts|and|so|but|in|on|at)\b)")
        .expect("score value after compiles")
});

/// Whether a name or place candidate is in fact one of the terms this module describes; `medical`
/// holds the drug and disease terms the lexicons found.
pub(super) fn is_term(text: &str, candidate: &Candidate, medical: &[(usize, usize)]) -> bool {
    if !matches!(candidate.kind, Identifier::Name | Identifier::Place) {
        return false;
    }
    let Some(span) = text.get(candidate.start..candidate.end) else {
        return false;
    };
    let titled = TITLE_BEFORE.is_match(window_before(text, candidate.start, 12));
    let single = !span.contains(char::is_whitespace);
    let letter_score = {
        let mut chars = span.chars();
        matches!((chars.next(), chars.next()), (Some(c), Some('-')) if c.is_ascii_uppercase())
    };
    let key = span
        .trim_end_matches(['\'', '’', 's'].as_slice())
        .to_lowercase();
    let compound = key.contains('-')
        && COMPOUNDS
            .split_whitespace()
            .any(|c| c == key || c == span.to_lowercase());
    let staged = single && !titled && STAGE_AFTER.is_match(window_after(text, candidate.end, 6));
    let lexicon = &*super::lexicon::LEXICON;
    let in_pair = PAIR_BEFORE_TERM.captures_iter(text).any(|caps| {
        let (Some(a), Some(b), Some(noun)) = (caps.name("a"), caps.name("b"), caps.name("noun"))
        else {
            return false;
        };
        let names_a_term = lexicon.is_eponym_noun(noun.as_str()) || noun.as_str() == "chart";
        names_a_term && a.start() <= candidate.start && candidate.end <= b.end()
    });
    let maker = MAKER.find_iter(text).any(|m| {
        m.start() <= candidate.start
            && candidate.end <= m.end()
            && !FACILITY_AFTER.is_match(window_after(text, m.end(), 12))
    });
    // "appendicitis Alvarado 8": a word between a condition and a number is the condition's score.
    let scores_condition = single
        && medical.iter().any(|&(_, end)| end + 1 == candidate.start)
        && text[..candidate.start].ends_with(' ')
        && SCORE_VALUE_AFTER.is_match(window_after(text, candidate.end, 16));
    letter_score || compound || (staged || in_pair || maker || scores_condition) && !titled
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::deidentify;

    #[test]
    fn eponym_tails_scores_and_makers_stay() {
        for text in [
            "Anyone got the Lund and Browder chart handy?",
            "hidradenitis Hurley III on adalimumab",
            "seen Stevens-Johnson from allopurinol",
            "My patient's T-score is -2.9.",
            "The ICD (Boston Scientific, SN 220914) fired",
            "RIF pain, appendicitis Alvarado 8 - theatre?",
            "gallstone pancreatitis Glasgow-Imrie 3, HDU?",
        ] {
            let out = deidentify(text);
            assert!(
                !out.text.contains("[NAME]") && !out.text.contains("[PLACE]"),
                "{text} -> {}",
                out.text
            );
        }
        assert_eq!(
            deidentify("Mr Hurley III is a name").text,
            "Mr [NAME] III is a name"
        );
    }
}
