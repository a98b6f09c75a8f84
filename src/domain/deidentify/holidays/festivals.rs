//! Dates and ages the English rules miss: festivals and public days named in other languages
//! and cultures ("Tihar", "Idul Fitri", "Bevrijdingsdag", "Heiligabend", "Nowruz", "Crop
//! Over"), a day and month written in other languages ("3 de marzo", "14 juillet", "9.
//! November", "5 mei"), a US month and day that only a date can be ("10/19"), a last period's
//! date ("LMP 21.09"), and ages over 89 said plainly: an age with "y.", after kin ("grandpa
//! 96"), after "is" and before "and" or "today", glued to a word for years in other languages
//! ("94-jarige", "97-letni"), "born in the year 1928", and the same age again elsewhere in the
//! note.

use std::sync::LazyLock;

use regex::Regex;

use crate::domain::deidentify::{Candidate, Identifier};

/// Festivals and public days across languages and cultures; hand-made for Rounds from common
/// knowledge of the calendars.
static FESTIVAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)\b(?:
            dashain|tihar|teej|gurpura?b|guru\s+nanak\s+jayanti|janmashtami|ganesh\s+chaturthi|ganeshotsav|bihu|rath\s+yatra|baisakhi|gudi\s+padwa|kumbh\s+mela
          | lebaran|idul\s+(?:fitri|adha)|imlek|nowruz|norouz|nevruz|newroz|yalda|sizdah\s+bedar|chaharshanbe\s+suri
          | (?:kurban|şeker|ramazan)\s+bayram[ıi] | seollal|dongji|hinamatsuri|shichi-?go-?san|oshogatsu|loy\s+krathong|thingyan|pchum\s+ben|tsagaan\s+sar|naadam
          | koningsdag|koninginnedag|sinterklaas|pakjesavond|bevrijdingsdag|oudejaarsavond|oudjaar|silvester|sylvester|heiligabend|weihnachten|ostern|pfingsten|rosenmontag|karfreitag|nikolaustag
          | midsommar(?:afton)?|midsommer|midsummer|sankthans(?:aften)?|sankt\s+hans|valborg|j[āa]ņi|kupala|maslenitsa|масленица|nochevieja|a[ñn]o\s+nuevo|d[íi]a\s+de\s+reyes|reyes\s+magos|san\s+ferm[íi]n|sanfermines|las\s+fallas
          | toussaint|saint-sylvestre|jour\s+de\s+l['’]an|f[êe]te\s+nationale|ferragosto|capodanno|pasquetta|befana|j['’]?ouvert|phagwah|crop\s+over|kadooment|junkanoo
          | bonfire\s+night|guy\s+fawkes|hogmanay|eid\s+al[- ]adha|timket|fasika|irreechaa
        )\b",
    )
    .expect("festival compiles")
});

/// A day and month in Spanish, Portuguese, French, Italian, German or Dutch.
static FOREIGN_DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)\b\d{1,2}(?:\.|er|º)?\s+(?:de\s+)?(?:
            enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre
          | janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro
          | janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre
          | gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre
          | januar|februar|märz|juni|juli|oktober|dezember
          | januari|februari|maart|mei|augustus
        )\b(?:\s+(?:de\s+)?(?:19|20)\d{2})?",
    )
    .expect("foreign day month compiles")
});

/// "given 10/19", "seen 11/28": a US month and a day past 12, which only a date can be.
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[\s(,])(?P<d>(?P<m>0?[1-9]|1[0-2])/(?P<day>1[3-9]|2\d|3[01]))(?:$|[\s.,;:?!)])",
    )
    .expect("month day compiles")
});

/// What makes "a/b" a score, an acuity or a fraction of hours, weeks or months instead.
static NOT_A_DATE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:gcs|score|mmse|moca|amt|va|acuity|vision|power|grade|mrc|out\s+of|x|for|over|past|within|ratio|scored?|fev1?|fvc|sats?|spo2|bp|hr|rr|obs)\s*[:=]?\s*$")
        .expect("not a date compiles")
});

static LMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?i:lmp|lnmp|edd|edc)\s*[:=]?\s*(?P<d>(?:[0-2]?\d|3[01])[./](?:0?[1-9]|1[0-2]))\b",
    )
    .expect("lmp compiles")
});

const OVER_89: &str = r"(?:9\d|1[0-2]\d)";

/// Ages over 89 said plainly.
static PLAIN_AGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?ix)
        \b(?P<a>{OVER_89})\s*y\.(?:\s|$)
      | \b(?:grand(?:ma|pa|mother|father|ad|dad|mum|mom)|gran|granny|nan|nana|nanna|elder|kuia|kaumatua|kupuna|babcia|dziadek|abuela|abuelo|avó|avô|oma|opa|nonna|nonno)\s+(?P<b>{OVER_89})\b
      | \bis\s+(?P<c>{OVER_89})\s+(?:and|today|tomorrow|now|this\s+(?:week|month|year)|next\s+(?:week|month))\b
      | \b(?P<d>{OVER_89})\s*-?\s*(?:jarige?|letni[aąe]?|letnią|årig|åring|jährige[rn]?|vuotias|éves|roční|ročná|лет|года|год|yaşındaki)\b
      | \bborn\s+in\s+the\s+year\s+(?P<e>(?:18|19)\d{{2}})\b"
    ))
    .expect("plain age compiles")
});

/// A unit or a decimal after a number: a measurement, not an age.
static UNIT_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\.\d|\s*(?:%|mg|mcg|ml|kg|g\b|mmhg|bpm|units?|iu\b|mmol|x\b|beats|breaths|percent|on\s+(?:air|\d)))")
        .expect("unit next compiles")
});

/// A vital sign, lab value or score before a number: the number is its reading.
static VITAL_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:sats?|spo2|o2|hr|pulse|heart\s+rate|bp|rr|temp|hb|creat(?:inine)?|egfr|glucose|sugars?|bm|score|weight|level|count|rate|ferritin|platelets?|plt|wcc|crp|it)\s*(?:is\s+|was\s+|of\s+)?[:=]?\s*$")
        .expect("vital before compiles")
});

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    for m in FESTIVAL.find_iter(text) {
        found.push(Candidate::new(Identifier::Date, m.start(), m.end()).by("festival"));
    }
    for m in FOREIGN_DAY_MONTH.find_iter(text) {
        found.push(
            Candidate::new(Identifier::Date, m.start(), m.end())
                .by("day and month in another language"),
        );
    }
    for caps in MONTH_DAY.captures_iter(text) {
        let d = caps.name("d").expect("date");
        let glued = text[..d.start()].ends_with(|c: char| c.is_ascii_digit() || c == '/')
            || text[d.end()..].starts_with(['/', '-']);
        if !glued
            && !NOT_A_DATE_BEFORE.is_match(crate::domain::deidentify::window_before(
                text,
                d.start(),
                16,
            ))
        {
            found.push(Candidate::new(Identifier::Date, d.start(), d.end()).by("US month and day"));
        }
    }
    for caps in LMP.captures_iter(text) {
        let d = caps.name("d").expect("date");
        found.push(Candidate::new(Identifier::Date, d.start(), d.end()).by("last period's date"));
    }
    for caps in PLAIN_AGE.captures_iter(text) {
        let n = ["a", "b", "c", "d", "e"].iter().find_map(|g| caps.name(g));
        let whole = caps.get(0).expect("whole");
        // "BP is 95 and", "sats is 92 today": a reading, not an age.
        // Only a person is "93 and": after a bracket, a name or a pronoun.
        let before = crate::domain::deidentify::window_before(text, whole.start(), 24).trim_end();
        let last = before
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or_default();
        let person = before.ends_with(')')
            || matches!(
                last.to_lowercase().as_str(),
                "she" | "he" | "patient" | "pt"
            )
            || last.starts_with(char::is_uppercase)
                && last.chars().nth(1).is_none_or(char::is_lowercase);
        let reading = caps.name("c").is_some()
            && (!person
                || VITAL_BEFORE.is_match(crate::domain::deidentify::window_before(
                    text,
                    whole.start(),
                    24,
                )));
        if let (Some(n), false) = (n, reading) {
            found.push(Candidate::new(Identifier::Age, n.start(), n.end()).by("age said plainly"));
        }
    }
}

/// "Age: 104 … yes, 104": an age over 89 found once is that age wherever else it stands alone.
pub(in crate::domain::deidentify) fn same_age_again(text: &str, accepted: &mut Vec<Candidate>) {
    let ages: Vec<&str> = accepted
        .iter()
        .filter(|c| c.kind == Identifier::Age)
        .map(|c| &text[c.start..c.end])
        .filter(|a| a.len() <= 3 && a.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let mut more = Vec::new();
    for age in ages {
        for (at, _) in text.match_indices(age) {
            let end = at + age.len();
            let before = text[..at].chars().next_back();
            let after = text[end..].chars().next();
            let alone = !before.is_some_and(|c| c.is_alphanumeric() || "./:-+".contains(c))
                && !after.is_some_and(|c| c.is_alphanumeric() || "%/".contains(c))
                && !UNIT_NEXT.is_match(crate::domain::deidentify::window_after(text, end, 12))
                && !VITAL_BEFORE.is_match(crate::domain::deidentify::window_before(text, at, 24));
            let covered = accepted
                .iter()
                .chain(&more)
                .any(|c: &Candidate| c.start < end && at < c.end);
            if alone && !covered {
                more.push(Candidate::new(Identifier::Age, at, end).by("the same age again"));
            }
        }
    }
    if !more.is_empty() {
        accepted.extend(more);
        accepted.sort_by_key(|c| c.start);
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::tests::check;

    #[test]
    fn festivals_and_dates_in_other_languages_go() {
        check("fell at Tihar, hip #", &["Tihar"], &["hip #"]);
        check("after Idul Fitri, DKA", &["Idul Fitri"], &["DKA"]);
        check(
            "Heiligabend gestürzt, Fraktur",
            &["Heiligabend"],
            &["Fraktur"],
        );
        check("Nowruz trip, then fever", &["Nowruz"], &["fever"]);
        check(
            "ingresó el 3 de marzo con ictus",
            &["3 de marzo"],
            &["ictus"],
        );
        check("opéré le 14 juillet", &["14 juillet"], &[]);
        check(
            "RhoGAM given 10/19? or 10/26",
            &["10/19", "10/26"],
            &["RhoGAM"],
        );
        check("LMP 21.09, bHCG 2400", &["21.09"], &["bHCG 2400"]);
    }

    #[test]
    fn plain_ages_over_89_go() {
        check("lives alone, 96 y. Falls.", &["96"], &["Falls"]);
        check("grandpa 97 from the village, AKI", &["97"], &["AKI"]);
        check(
            "Mrs K is 93 and her BP is 190/100",
            &["93"],
            &["BP is 190/100"],
        );
        check("94-jarige vrouw met delier", &["94"], &["delier"]);
        check("born in the year 1927, frail", &["1927"], &[]);
        check("Age: 101. Yes, 101. Cellulitis", &["101"], &["Cellulitis"]);
    }

    #[test]
    fn scores_fractions_and_other_numbers_stay() {
        check(
            "GCS 3/15 on arrival, MMSE 9/30",
            &[],
            &["GCS 3/15", "MMSE 9/30"],
        );
        check("Sats 94% on air; aged 95, sats 95", &[], &["Sats 94%"]);
        check("VA 6/18 right eye", &[], &["6/18"]);
    }
}
