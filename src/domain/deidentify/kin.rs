//! Words of kinship and respect that are part of how a person is called, in many languages:
//! before the name ("abuela Rosario", "doña Pilar", "bác Tư", "баба Вера", "Koro Wiremu",
//! "Tonton Yao", "nena Fatima") and after it ("Suresh garu", "Ilona néni", "Kemal amca",
//! "Gulnora opa", "Latha paati"). A found name takes the word beside it with it; a word no list
//! knows (or a listed given name) after a word of kinship is a name; and a name another rule took
//! for a town becomes a person again once such a word is beside it ("nana Flor" is someone's
//! grandmother, not a place).

use std::sync::LazyLock;

use regex::Regex;

use super::asides::{listed_given, never_a_name, unknown};
use super::gazetteer::GAZETTEER;
use super::lexicon::key;
use super::{Candidate, Identifier};

/// Kinship and respect words written before a name; hand-made for Rounds from common usage.
const BEFORE: &str = r"(?i:abuel[ao]|abuelit[ao]|t[íi][ao]|doña|don|dona|ña|ño|seu|sinh[áa]|mamita|papito|tayka|tata|awicha|vov[óô]|av[óô]|nonn[ao]|zi[ao]|iaia|avi|mémé|pépé|mamie|papi|tonton|tantine|tantie|oma|opa|tante|onkel|oom|tannie|babcia|dziadek|ciocia|wujek|bunica|bunicul|tanti|nena|baba|dajë|teta|teto|yiayia|pappou|kyria|kyrios|hajja|hajji|hajjah|haja|sitti|teta|jiddo|bibi|bi|si|mama|mami|papa|gogo|ugogo|mkhulu|makhulu|nne|nna|yeye|iya|ato|w/ro|emama|koro|kui|kuia|whaea|matua|tutu|kupuna|nana|nanny|nan|gran|granny|grandma|grandpa|grandad|aunt|aunty|auntie|uncle|cousin|lola|lolo|tita|tito|manong|manang|nanay|tatay|inday|bác|cụ|bà|ông|chú|dì|mợ|thím|bobo|buvi|momo|aje|ata|apa|dadi|nani|dada|ammi|abba|bebe|biji|chacha|chachi|mamu|khala|phupho|thakuma|thakurda|dida|hajurba|hajurama|aama|achchi|seeya|kokum|mushum|bapa|ba|ma|баба|бабушка|бабуся|бабця|бака|деда|дед|дедушка|дядя|тётя|тетя|тётка|γιαγιά|παππούς|الحاجة|الحاج|حاجة|حاج|ბებო|ბაბუა|ბიძა|დეიდა)";

/// Kinship and respect words written after a name.
const AFTER: &str = r"(?i:garu|gaaru|paati|thatha|patti|ajji|ajja|ammachi|appachan|néni|bácsi|teyze|amca|dayı|dede|abla|hanım|hanim|bey|efendi|müəllim|xanım|khanum|opa|aka|apa|ji|jee|sahab|sahib|saheb|amma|appa|akka|anna|chechi|chetta|didi|dada|bhai|baba|ma|mai|san|sama|chan|kun|ssi|nim|halmoni|harabeoji)";

static BEFORE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[^\p{{L}}\p{{M}}])(?P<k>{BEFORE})\s+(?P<n>\p{{Lu}}[\p{{L}}\p{{M}}'’-]*[\p{{L}}\p{{M}}]|[\p{{Arabic}}\p{{Georgian}}]+)"
    ))
    .expect("kin before compiles")
});

static AFTER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<n>\p{{Lu}}[\p{{L}}\p{{M}}'’-]*[\p{{L}}\p{{M}}])[\s-](?P<k>{AFTER})(?:$|[^\p{{L}}\p{{M}}])"
    ))
    .expect("kin after word compiles")
});

static BEFORE_SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?:^|[^\p{{L}}\p{{M}}])(?P<k>{BEFORE})\s+$"))
        .expect("kin before span compiles")
});

static AFTER_SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^[\s-](?P<k>{AFTER})(?:$|[^\p{{L}}\p{{M}}])"))
        .expect("kin after span compiles")
});

/// "abuela Rosario", "Koro Wiremu", "баба Вера": a kinship word, then a word that can be a name.
pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    for caps in BEFORE_WORD.captures_iter(text) {
        let (k, n) = (caps.name("k").expect("kin"), caps.name("n").expect("name"));
        let word = n.as_str();
        let caseless = !word.chars().any(char::is_uppercase);
        let kin = k.as_str();
        // "Don Mueang", "Si Racha", "Ba Ria": a town written like a kin word and a name.
        let whole = key(&text[k.start()..n.end()]);
        let somewhere = GAZETTEER.is_place(&whole) || GAZETTEER.regions.contains(&whole);
        // Short or common kin words ("ba", "ma", "si", "don") need a word no list knows.
        let strong = kin.chars().count() > 3 || kin.starts_with(char::is_uppercase);
        let person = caseless
            || unknown(word)
            || (strong && listed_given(word) && !GAZETTEER.keeps(&key(word)));
        if person && !never_a_name(word) && !somewhere && !GAZETTEER.is_place(&key(word)) {
            found.push(
                Candidate::new(Identifier::Name, k.start(), n.end())
                    .by("kinship word, then a name"),
            );
        }
    }
    for caps in AFTER_WORD.captures_iter(text) {
        let (k, n) = (caps.name("k").expect("kin"), caps.name("n").expect("name"));
        let word = n.as_str();
        let starts_word = !text[..n.start()].ends_with(|c: char| c.is_alphanumeric());
        let person = unknown(word) || (listed_given(word) && !GAZETTEER.keeps(&key(word)));
        if starts_word && k.as_str().chars().count() > 3 && person && !never_a_name(word) {
            found.push(
                Candidate::new(Identifier::Name, n.start(), k.end())
                    .by("name, then a kinship word"),
            );
        }
    }
}

/// Widens each name over a kinship word beside it; a town with a kinship word beside it was a
/// person all along.
pub(super) fn join(text: &str, accepted: &mut [Candidate]) {
    for i in 0..accepted.len() {
        let span = accepted[i];
        if !matches!(span.kind, Identifier::Name | Identifier::Place) {
            continue;
        }
        let floor = if i == 0 { 0 } else { accepted[i - 1].end };
        let ceiling = accepted.get(i + 1).map_or(text.len(), |c| c.start);
        let mut grown = span;
        if let Some(k) = BEFORE_SPAN
            .captures(&text[floor..span.start])
            .and_then(|caps| caps.name("k"))
        {
            grown.start = floor + k.start();
        }
        if let Some(k) = AFTER_SPAN
            .captures(&text[span.end..ceiling])
            .and_then(|caps| caps.name("k"))
        {
            grown.end = span.end + k.end();
        }
        if grown != span {
            grown.kind = Identifier::Name;
            grown.rule = "name with a kinship word";
            accepted[i] = grown;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::tests::check;

    #[test]
    fn kinship_words_before_a_name_go_with_it() {
        check(
            "abuela Rosario, 80, EPOC",
            &["abuela", "Rosario"],
            &["EPOC"],
        );
        check("doña Pilar tiene fiebre", &["doña", "Pilar"], &["fiebre"]);
        check(
            "Koro Wiremu from up north, gout",
            &["Koro", "Wiremu"],
            &["gout"],
        );
        check(
            "Tonton Kouassi a fait un AVC",
            &["Tonton", "Kouassi"],
            &["AVC"],
        );
        check("баба Вера, инсульт", &["баба", "Вера"], &["инсульт"]);
        check(
            "nena Fatima, dehydration",
            &["nena", "Fatima"],
            &["dehydration"],
        );
    }

    #[test]
    fn kinship_words_after_a_name_go_with_it() {
        check("Suresh garu, 64, AKI", &["Suresh", "garu"], &["AKI"]);
        check("Ilona néni elesett", &["Ilona", "néni"], &["elesett"]);
        check("Kemal amca, KOAH", &["Kemal", "amca"], &["KOAH"]);
    }

    #[test]
    fn kin_words_alone_and_towns_stay() {
        check(
            "my grandma has COPD, on tiotropium",
            &[],
            &["grandma", "tiotropium"],
        );
        check(
            "aunt with breast cancer at 40",
            &[],
            &["aunt with breast cancer"],
        );
        check("Don Mueang airport transfer, DVT", &[], &["DVT"]);
        check("Mama said the fever broke", &[], &["fever"]);
    }
}
