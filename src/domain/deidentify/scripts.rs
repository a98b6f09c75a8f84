//! Names, places and ages written in other scripts and languages, which the English-shaped rules
//! never see: Chinese names in Han characters ("陈伟") by a common surname and what follows a
//! person, Chinese places by what precedes or ends them ("从 深圳 来", "…市"), Korean names in
//! Hangul before "씨"/"님"/"환자", Vietnamese places after "từ"/"ở"/"tại" or a district word
//! ("từ Thủ Đức", "Quận 7"), and ages over 89 counted in the language's own word ("95 tuổi", "92
//! anos", "93岁").

mod alphabets;

use std::sync::LazyLock;

use regex::Regex;

use super::{Candidate, Identifier};

/// The commonest Chinese surnames, simplified and traditional (hand-made for Rounds from the
/// surnames every reader of Chinese knows; about 85% of people in China bear one of them).
const HAN_SURNAMES: &str = "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝\
    宋唐许許韩韓冯馮邓鄧曹彭曾肖萧蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚\
    陆陸汪范金石廖贾賈夏韦韋付傅方白邹鄒孟熊秦邱江尹薛闫閻段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬\
    钱錢严嚴覃武戴莫孔向汤湯欧歐";

/// A run of Han characters that opens with a common surname and is followed by what follows a
/// person: "from", "said", a title, an age, a comma and a number. It must not continue a
/// longer run ("高血压患者" is a disease and its patient, not Gao Xueya).
static HAN_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^\p{Han}])(?P<n>\p{Han}{2,3})\s*(?:从|從|来自|來自|说|說|先生|女士|小姐|阿姨|叔叔|[，,、]\s*\d|\d{1,3}\s*(?:岁|歲))",
    )
    .expect("han person compiles")
});

/// A run of Han characters after what introduces a patient: "患者 王芳", "pt 李明".
static HAN_AFTER_PATIENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:患者|病人|病患|姓名|名叫|叫做|(?i:\bpt|\bpatient|\bmr|\bmrs|\bms)\.?)[\s:：]*(?P<n>\p{Han}{2,3})")
        .expect("han after patient compiles")
});

/// Places in Han characters: after "from … came", "comes from", "lives in", or ending in a word
/// for a city, county, district, town or village.
static HAN_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:从|從)\s*(?P<a>\p{Han}{2,4}?)\s*(?:来|來)|(?:来自|來自|住在|家在|老家|住)\s*(?P<b>\p{Han}{2,4})|(?P<c>\p{Han}{2,4}(?:市|县|縣|区|區|镇|鎮|村|乡|鄉))",
    )
    .expect("han place compiles")
});

/// Korean names in Hangul: a three-syllable name before "씨", "님" or "환자", or after "환자".
static HANGUL_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<a>[가-힣]{2,4})\s*(?:씨|님|환자)|환자\s*(?P<b>[가-힣]{2,4})")
        .expect("hangul name compiles")
});

/// Vietnamese: capitalised words after "from", "in", "at", home town or a subdivision word, and
/// numbered urban districts ("Quận 7", "Q.3").
static VIETNAMESE_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:từ|ở|tại|quê|Quận|quận|Huyện|huyện|Phường|phường|Xã|xã|Tỉnh|tỉnh|[Tt]hành\s+phố|TP\.?)\s+(?P<p>[\p{Lu}][\p{Ll}]*(?:\s+[\p{Lu}][\p{Ll}]*){0,3})|\b(?P<d>(?:Quận|quận|Q\.)\s?\d{1,2})\b",
    )
    .expect("vietnamese place compiles")
});

/// Ages over 89 counted with the word for years in other languages: Vietnamese, Portuguese,
/// Spanish, French, German, Dutch, Polish, Scandinavian, Indonesian and Malay, Tagalog, Turkish;
/// Chinese, Japanese and Korean after the number.
static AGE_IN_LANGUAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<a>\b(?:9\d|1[0-2]\d))\s*(?:(?:tuổi|anos|años|ans|Jahre|jaar|lat|år|tahun|taon|yaşında|yaş)\b|岁|歲|歳|才|세)|\b(?:edad|idade|âge|Alter|umur|edad\s+de|tuổi)\s*:?\s*(?P<b>9\d|1[0-2]\d)\b",
    )
    .expect("age in language compiles")
});

fn starts_with_surname(run: &str) -> bool {
    run.chars().next().is_some_and(|c| HAN_SURNAMES.contains(c))
        || ["欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛"]
            .iter()
            .any(|double| run.starts_with(double))
}

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    alphabets::find(text, found);
    let name = |start: usize, end: usize, rule: &'static str| {
        Candidate::new(Identifier::Name, start, end).by(rule)
    };
    let place = |start: usize, end: usize, rule: &'static str| {
        Candidate::new(Identifier::Place, start, end).by(rule)
    };
    for caps in HAN_PERSON.captures_iter(text) {
        let n = caps.name("n").expect("name");
        if starts_with_surname(n.as_str()) {
            found.push(name(
                n.start(),
                n.end(),
                "Han surname before a person's words",
            ));
        }
    }
    for caps in HAN_AFTER_PATIENT.captures_iter(text) {
        let n = caps.name("n").expect("name");
        if starts_with_surname(n.as_str()) {
            found.push(name(n.start(), n.end(), "Han name after the patient"));
        }
    }
    for caps in HAN_PLACE.captures_iter(text) {
        if let Some(p) = caps.name("a").or(caps.name("b")).or(caps.name("c")) {
            found.push(place(p.start(), p.end(), "Han place"));
        }
    }
    for caps in HANGUL_NAME.captures_iter(text) {
        if let Some(n) = caps.name("a").or(caps.name("b")) {
            found.push(name(n.start(), n.end(), "Hangul name"));
        }
    }
    for caps in VIETNAMESE_PLACE.captures_iter(text) {
        if let Some(p) = caps.name("p").or(caps.name("d")) {
            found.push(place(p.start(), p.end(), "Vietnamese place"));
        }
    }
    for caps in AGE_IN_LANGUAGE.captures_iter(text) {
        if let Some(a) = caps.name("a").or(caps.name("b")) {
            let age = Candidate::new(Identifier::Age, a.start(), a.end());
            found.push(age.by("age counted in another language"));
        }
    }
}
