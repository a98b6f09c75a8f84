//! Names and places in Arabic, Persian, Devanagari, Bengali, Japanese and Korean script, by
//! the words that introduce them: the word for patient or name before a name ("المريض:",
//! "بیمار", "नाम", "নাম:"), "from" before a place ("من", "از"), a village or district word
//! ("गाँव …"), the place set off after an age ("বয়স ৬০, …"), a Japanese name before its
//! honorific ("…さん"), Korean cities and their districts ("부산 해운대구"), and a Korean name in
//! Hangul beside its romanisation ("/ 박민준").

use std::sync::LazyLock;

use regex::Regex;

use crate::domain::deidentify::{Candidate, Identifier};

/// Letters of the scripts here, with their combining marks.
const LETTERS: &str = r"[\p{Arabic}\p{Devanagari}\p{Bengali}]";

/// Words that end a name or a place in these scripts: from, in, with, and, age, years.
const STOPS: [&str; 24] = [
    "من",
    "از",
    "في",
    "در",
    "با",
    "و",
    "به",
    "إلى",
    "الى",
    "العمر",
    "عمر",
    "سن",
    "ساله",
    "से",
    "में",
    "उम्र",
    "आयु",
    "साल",
    "वर्ष",
    "বয়স",
    "বয\u{09BC}স",
    "থেকে",
    "বছর",
    "का",
];

/// The word for patient or name, then the name.
static PERSON_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{L}\p{M}])(?:المريضة|المريض|مريضة|مريض|اسم|السيد|السيدة|بیمار|بيمار|نام|آقای|خانم|नाम|मरीज़|मरीज|श्री|श्रीमती|রোগীর\s+নাম|নাম|রোগী)(?:\s*[:：]\s*|\s+(?:है\s+)?)")
        .expect("person cue compiles")
});

/// "from" or a subdivision word, then a place.
static PLACE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:^|\s)(?:من|از|مدينة|شهر|استان|محافظة|قرية|روستای)\s+)|(?:गा[ँं]व|गांव|ग्राम|शहर|ज़िला|जिला|मोहल्ला|कस्बा|গ্রাম|জেলা|উপজেলা)\s+")
        .expect("place cue compiles")
});

/// The place set off after an age: "العمر 45، …", "বয়স ৬০, …".
static AFTER_AGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:বয\x{09BC}?স|বয়স|उम्र|आयु|العمر|عمر|سن)\s*[:：]?\s*[\d০-৯०-९٠-٩۰-۹]{1,3}\s*(?:বছর|साल|سال|سنة|عام)?\s*[,،]\s*")
        .expect("after age compiles")
});

/// A Japanese name before its honorific.
static JAPANESE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<n>[\p{Han}\p{Katakana}ー]{2,6})(?:さん|様|さま|くん|君|ちゃん|氏)")
        .expect("japanese name compiles")
});

/// Words that take an honorific without being a name: the patient, the doctor, family.
const NOT_JAPANESE_NAMES: [&str; 10] = [
    "患者",
    "医師",
    "看護師",
    "家族",
    "利用者",
    "皆",
    "先生",
    "娘",
    "息子",
    "奥",
];

/// Korea's largest cities, then a district ending in -gu, -gun, -si or -dong.
static KOREAN_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:서울|부산|대구|인천|광주|대전|울산|세종|수원|창원|고양|용인|성남|청주|전주|천안|제주|포항|김해)(?:특별시|광역시|시)?(?:\s*[가-힣]{1,4}(?:구|군|시|동))?")
        .expect("korean place compiles")
});

/// A Hangul name beside its romanisation: "/ 박민준", "(김하늘)".
static HANGUL_BESIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[/(]\s*(?P<n>[가-힣]{2,4})\s*(?:[)\-–,]|$|\s[-–]\s)")
        .expect("hangul beside compiles")
});

/// The commonest Korean surnames (about nine in ten Koreans bear one).
const KOREAN_SURNAMES: &str = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부";

/// The words after `from` up to three, stopping at a stop word or punctuation.
static SCRIPT_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^{LETTERS}+")).expect("script word compiles"));

fn words_from(text: &str, from: usize, most: usize) -> Option<(usize, usize)> {
    let word = &*SCRIPT_WORD;
    let (mut at, mut end, mut count) = (from, None, 0);
    while count < most {
        let rest = &text[at..];
        let Some(m) = word.find(rest) else { break };
        if STOPS.contains(&m.as_str()) {
            break;
        }
        end = Some(at + m.end());
        count += 1;
        at += m.end();
        let spaces = text[at..].len() - text[at..].trim_start_matches(' ').len();
        if spaces == 0 {
            break;
        }
        at += spaces;
    }
    end.map(|e| (from, e))
}

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    for m in PERSON_CUE.find_iter(text) {
        if let Some((s, e)) = words_from(text, m.end(), 3) {
            found.push(
                Candidate::new(Identifier::Name, s, e)
                    .by("name after the word for patient or name"),
            );
        }
    }
    for m in PLACE_CUE.find_iter(text) {
        if let Some((s, e)) = words_from(text, m.end(), 2) {
            found.push(
                Candidate::new(Identifier::Place, s, e).by("place after from or a place word"),
            );
        }
    }
    for m in AFTER_AGE.find_iter(text) {
        if let Some((s, e)) = words_from(text, m.end(), 2) {
            found.push(Candidate::new(Identifier::Place, s, e).by("place set off after an age"));
        }
    }
    for caps in JAPANESE_NAME.captures_iter(text) {
        let n = caps.name("n").expect("name");
        if !NOT_JAPANESE_NAMES.iter().any(|w| n.as_str().ends_with(w)) {
            found.push(
                Candidate::new(Identifier::Name, n.start(), n.end())
                    .by("Japanese name before its honorific"),
            );
        }
    }
    for m in KOREAN_PLACE.find_iter(text) {
        found.push(
            Candidate::new(Identifier::Place, m.start(), m.end()).by("Korean city or district"),
        );
    }
    for caps in HANGUL_BESIDE.captures_iter(text) {
        let n = caps.name("n").expect("name");
        if n.as_str()
            .chars()
            .next()
            .is_some_and(|c| KOREAN_SURNAMES.contains(c))
        {
            found.push(
                Candidate::new(Identifier::Name, n.start(), n.end())
                    .by("Hangul name beside its romanisation"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::tests::check;

    #[test]
    fn names_and_places_in_other_scripts_go() {
        check(
            "المريضة: فاطمة حسن - من طنطا. HbA1c 9",
            &["فاطمة", "حسن", "طنطا"],
            &["HbA1c 9"],
        );
        check(
            "بیمار علی رضایی از تبریز، CKD",
            &["علی", "رضایی", "تبریز"],
            &["CKD"],
        );
        check(
            "मरीज़ का नाम रामू यादव, गाँव सिरसा. Snake bite",
            &["रामू", "सिरसा"],
            &["Snake bite"],
        );
        check(
            "রোগীর নাম: রহিম উদ্দিন, বয়স ৭০, খুলনা. MI",
            &["রহিম", "খুলনা"],
            &["MI"],
        );
        check("佐藤一郎さん (80歳), 肺炎", &["佐藤一郎"], &["肺炎"]);
        check(
            "환자 58세, 부산 해운대구. Stroke",
            &["해운대구"],
            &["Stroke"],
        );
        check("PARK Min-jun / 박민준 - 60M", &["박민준"], &["60M"]);
    }

    #[test]
    fn the_patient_and_the_doctor_stay() {
        check("患者さん 80歳, 肺炎", &[], &["患者さん", "肺炎"]);
    }
}
