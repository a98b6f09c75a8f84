//! Dates in other calendars and scripts, and festivals the English and European lists miss: a
//! day with a month of the Persian, Hijri, Hebrew, Nepali or Ethiopian calendar ("3 Tir", "۱۲
//! آبان", "14 Nisan", "Kartik 5"), a day and month in Polish, Czech, Slavic Cyrillic, Turkish,
//! Indonesian or the Nordic short forms ("5 września", "3 березня", "7. feb"), a Roman-numeral
//! month ("15.VIII"), Chinese, Japanese and Korean dates ("8月15日", "5월 5일"), festivals named
//! in Han, Hangul and Kana (中秋, 端午, お正月, 추석) and more festivals in Latin letters across
//! South and South-East Asia, the Balkans, the Himalaya and Eastern Europe (Losar, Vidovdan,
//! Uttarayan, Avurudu, Bajram, Kupala, Stefanitag…), in any case and with Slavic endings.

use std::sync::LazyLock;

use regex::Regex;

use crate::domain::deidentify::{Candidate, Identifier};

/// A day with a month name from another calendar or language, either order.
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)(?:^|[^\p{L}\p{Nd}])(?P<d>\p{Nd}{1,2}\.?\s*(?:
            (?i:farvardin|ordibehesht|khordad|tir|mordad|amordad|shahrivar|mehr|aban|azar|dey|bahman|esfand
              |muharram|safar|rabi['ʿ]?\s*al-?(?:awwal|thani|akhir)|jumada\s*al-?(?:ula|akhira|awwal|thani)|rajab|sha['ʿ]?ban|shawwal|dhu\s*al-?(?:qi['ʿ]?dah|hijjah)|zul\s*hijjah
              |tishrei|cheshvan|heshvan|kislev|tevet|shevat|adar|nisan|iyar|sivan|tammuz|elul
              |baisakh|jestha|asar|ashadh|shrawan|bhadra|asoj|kartik|mangsir|poush|magh|falgun|chaitra
              |meskerem|tikimt|hidar|tahsas|yekatit|megabit|miyazya|ginbot|sene|hamle|nehase|pagume
              |stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia
              |ledna|února|března|dubna|května|června|července|srpna|září|října|listopadu|prosince
              |января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря
              |січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня
              |ocak|şubat|mart|nisan|mayıs|haziran|temmuz|ağustos|eylül|ekim|kasım|aralık
              |maret|agustus|desember|januari|februari
              |jan|feb|mar|apr|jun|jul|aug|sep|okt|nov|des|dec)\b
          | فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند
          | محرم|صفر|رجب|شعبان|رمضان|شوال
        )|(?i:baisakh|jestha|asar|shrawan|bhadra|asoj|kartik|mangsir|poush|falgun|chaitra|farvardin|ordibehesht|khordad|shahrivar|esfand)\s+\p{Nd}{1,2}\b)",
    )
    .expect("day month compiles")
});

/// "15.VIII", "3 XI": a day and a month in Roman numerals.
static ROMAN_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<d>(?:[12]\d|3[01]|0?[1-9])(?:\.|\s)(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I))\b(?:\.|\s|$|[,;)])")
        .expect("roman month compiles")
});

/// "8月15日", "5월 5일", "3月14日に": dates in Chinese, Japanese and Korean.
static EAST_ASIAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<d>\p{Nd}{1,2}\s*[月월]\s*\p{Nd}{1,2}\s*[日일号號]?|(?:正|[一二三四五六七八九十]{1,2})月(?:初)?[一二三四五六七八九十廿]{1,3}[日号])")
        .expect("east asian date compiles")
});

/// Festivals in Han, Hangul and Kana, and festivals in Latin letters the older lists miss.
static FESTIVAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)(?P<d>
            除夕|春节|春節|元宵|清明|端午|中秋|重阳|重陽|七夕|冬至|元旦|お盆|盆休み|正月|お正月|大晦日|七五三|설날|추석|한가위|대보름|단오
          | (?i:\b(?:losar|vidovdan|uttarayan|avurudu|aluth\s+avurudu|poson|wesak|bajram(?:i\s+madh)?|bayram|kupal+e|ivana\s+kupala|stefanitag|stephanstag
              |wigili[aęi]|divali|deepavali|dipawali|sinulog|mid-?autumn(?:\s+festival)?|dragon\s+boat|lantern\s+festival|cny(?:\s+eve)?|ch?inese\s+new\s+year
              |dasara|dussehra|navaratri|vishu|bohag\s+bihu|chhath|teej|tij|tihar|bhai\s+tika|lhosar|saga\s+dawa|thadingyut|boun\s+pi\s+mai|pi\s+mai|choul\s+chnam\s+thmey
              |hari\s+raya|deepawali|thaipusam|ponggal|onam|mawlid|mouloud|milad(?:-?un-?nabi)?|ashura|arbaeen|shab-?e-?barat|shab-?e-?qadr|laylat\s+al-?qadr
              |ghanafest|odwira|homowo|fetu\s+afahye|tabaski|gamou|magal|meskel|genna|irreecha|enkutatash
              |slava|krsna\s+slava|đurđevdan|djurdjevdan|mitrovdan|petrovdan|ilindan|lazarevdan|badnji\s+dan|badnjak|trifon\s+zarezan|baba\s+marta|martenitsa
              |dan\s+(?:državnosti|drzavnosti|nezavisnosti|republike|pobjede|pobede|mladosti)|d[íi]a\s+de\s+la\s+independencia|dia\s+da\s+independ[êe]ncia|dzień\s+niepodległości
              |lag\s+b[a']?omer|tu\s+bishvat|simchat\s+torah|yom\s+ha['’]?atzmaut|inti\s+raymi|qoyllur\s+rit['’]?i|guelaguetza|carnaval|mardi\s+gras
              |sango\s+festival|eyo\s+festival|durbar|new\s+yam\s+festival|iri\s+ji|umkhosi|reed\s+dance|incwala)\b)
        )",
    )
    .expect("festival compiles")
});

fn date(start: usize, end: usize, rule: &'static str) -> Candidate {
    Candidate::new(Identifier::Date, start, end).by(rule)
}

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    for (pattern, rule) in [
        (&*DAY_MONTH, "day and month in another calendar or language"),
        (&*ROMAN_MONTH, "day and Roman-numeral month"),
        (&*EAST_ASIAN, "East Asian date"),
        (&*FESTIVAL, "festival in another calendar or script"),
    ] {
        for caps in pattern.captures_iter(text) {
            let d = caps.name("d").expect("date");
            found.push(date(d.start(), d.end(), rule));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::tests::check;

    #[test]
    fn days_in_other_calendars_and_scripts_go() {
        check("fell on 3 Tir, Colles'", &["3 Tir"], &["Colles'"]);
        check(
            "بستری ۱۲ آبان، pancreatitis",
            &["۱۲ آبان"],
            &["pancreatitis"],
        );
        check("admitted 14 Nisan, DKA", &["14 Nisan"], &["DKA"]);
        check("seen Kartik 5 at the camp, TB", &["Kartik 5"], &["TB"]);
        check(
            "upadek 5 września, złamanie",
            &["5 września"],
            &["złamanie"],
        );
        check("інсульт 3 березня, AF", &["3 березня"], &["AF"]);
        check("fall on 7. feb, INR 3.1", &["7. feb"], &["INR 3.1"]);
        check("инфаркт 15.VIII, ЭКГ", &["15.VIII"], &["ЭКГ"]);
        check("8月15日に入院, 肺炎", &["8月15日"], &["肺炎"]);
        check("5월 5일 응급실, 천식", &["5월 5일"], &["천식"]);
    }

    #[test]
    fn festivals_in_other_cultures_go() {
        check("端午 dumplings → choking, 7yo", &["端午"], &["choking"]);
        check("추석 travel, DVT", &["추석"], &["DVT"]);
        check("fell on Đurđevdan, hip #", &["Đurđevdan"], &["hip #"]);
        check("Deepawali burns, 12% TBSA", &["Deepawali"], &["12% TBSA"]);
        check("after the Onam feast, vomiting", &["Onam"], &["vomiting"]);
        check(
            "dehydrated after Tabaski, Na 150",
            &["Tabaski"],
            &["Na 150"],
        );
    }

    #[test]
    fn lab_values_doses_and_stages_stay() {
        check(
            "factor VIII 15%, stage III, K 5.1",
            &[],
            &["factor VIII 15%", "stage III"],
        );
        check("GCS 14, Mar 2 mg, 12 mar meds", &[], &["GCS 14"]);
        check("Tir 20 mg? no, tiotropium", &[], &["tiotropium"]);
    }
}
