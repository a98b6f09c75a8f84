//! Places, addresses, postcodes, IDs and handles written the ways other countries write them:
//! a town after "from" in another language ("aus Gelsenkirchen", "uit Zwolle", "z Radomia",
//! "din Iași", "vive en Lavapiés", "г. Омск") or with a Turkish case ending ("Üsküdar'dan"),
//! Arabic place words ("Wadi …", "Deir …"), subdivision words before or after a name ("gmina
//! …", "… Nagar", "… Enclave"), "the X area", numbered quarters ("Mirpur-12", "Wien 10"),
//! Korean districts ("Mapo-gu"), a word no list knows after "from", street addresses in
//! Latin American and South Asian forms ("Carrera 15 #93-07", "House 12, Road 5", "RR 1, Site
//! 3"), postcodes shaped as Portugal's, Brazil's and Mexico's, a town glued to its postcode
//! ("Sylhet-3100"), national ID numbers by their label or shape (CURP, DNI, RAMQ, a passport's
//! machine-readable line) and messenger IDs (WeChat "wxid_…", Discord "name#1234", Skype "live:…").

use std::sync::LazyLock;

use regex::Regex;

use crate::domain::deidentify::asides::{never_a_name, unknown};
use crate::domain::deidentify::english;
use crate::domain::deidentify::gazetteer::GAZETTEER;
use crate::domain::deidentify::lexicon::{key, LEXICON};
use crate::domain::deidentify::{Candidate, Identifier};

const WORD: &str = r"[\p{Lu}][\p{Ll}'’]+(?:-[\p{Lu}]?[\p{Ll}'’]+)*";

/// "from" and "in" in other languages, then a capitalised place.
static FOREIGN_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:\b(?:aus|uit|z|ze|din|från|fra|iz|desde|vive\s+en|vive\s+em|mora\s+em|wohnt\s+in|woont\s+in|mieszka\s+w|r/o|R/O|resident\s+of|native\s+of)\s+|(?:^|\s)(?:г|с|пос)\.\s*)(?P<p>{WORD}(?:\s+{WORD})?)"
    ))
    .expect("foreign from compiles")
});

/// A Turkish case ending on a capitalised place: "Üsküdar'dan", "İzmir'de".
static TURKISH_CASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?P<p>[\p{Lu}][\p{L}]+)['’](?:den|dan|ten|tan|de|da|te|ta|deki|daki|li|lı|lu|lü)\b",
    )
    .expect("turkish case compiles")
});

/// Arabic and Levantine place words before a name: "Wadi Musa", "Kafr Qasim", "Deir el-Balah".
static ARABIC_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:Kafr|Kfar|Wadi|Deir|Dayr|Beit|Bayt|Bir|Ain|Ein|Ras|Sidi|Khirbet|Jabal|Jebel|Qasr|Minyat|Nahr|Souq|Suq|Tell)[\s-]+(?:(?:el|al|ad|ash|as|an|ar|at|az|es|ed)[\s-])?[\p{Lu}][\p{L}'’-]+")
        .expect("arabic place compiles")
});

/// Subdivision words before a place in other languages: "gmina Kłodzko", "Colonia Roma".
static SUBDIVISION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:powiat|gmina|województwo|okres|obec|Bezirk|Landkreis|Gemeinde|Ortsteil|comuna|comune|frazione|concelho|freguesia|[Bb]airro|[Bb]arrio|[Cc]olonia|Col\.|municipio|vereda|corregimiento|quartier|arrondissement|wijk|gemeente|kommune|mahalle|ilçe|tehsil|tahsil|taluka|mandal|upazila|thana|mohalla|kampung|kampong|desa|kelurahan|kecamatan|kabupaten|barangay|[Bb]rgy\.?|sitio|purok|tambon|amphoe|camp)\s+(?P<p>{WORD}(?:\s+{WORD})?)"
    ))
    .expect("subdivision before compiles")
});

/// South Asian and other quarter words after a name: "Lajpat Nagar", "Vasant Enclave".
static SUBDIVISION_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?P<p>{WORD}\s+(?:Nagar|nagar|Colony|colony|Enclave|Layout|Extension|Cantonment|Bazaar|Bazar|Chowk|Gardens|Vihar|Puram|Palya|Halli|Mahallesi|mahallesi|kerület|Sahil|Estate))\b"
    ))
    .expect("subdivision after compiles")
});

/// "the Karaköy area", "(Delmas 12 area)": a name and a district number before "area".
static AREA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<p>(?:\b[\p{{Lu}}][\p{{L}}'’]*\s+)?{WORD}(?:\s+\d{{1,3}})?)\s+area\b"
    ))
    .expect("area compiles")
});

/// A capitalised place and a district number: "Mirpur-12", "Wien 10,", "Lyon 3e".
static NUMBERED_QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?:^|[,(:]\s*|\b(?:from|in|at)\s+)(?P<p>{WORD}(?:-|\s)\d{{1,2}}(?:e|er|ème)?)(?:\s*[,)]|\s*$)"))
        .expect("numbered quarter compiles")
});

/// Korean districts written in Latin letters: "Mapo-gu", "Yeonsu-dong".
static KOREAN_DISTRICT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[\p{Lu}][a-z]+-(?:gu|dong|si|gun|eup|myeon|ri)\b")
        .expect("korean district compiles")
});

/// A capitalised word after "from", "in" or "near" that no list knows as a word.
static FROM_UNKNOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:from|From|in|near)\s+(?:the\s+)?(?P<p>(?:(?:St|Ste|Sankt)\.?\s+|(?:Saint|San|Santa|São)\s+)?{WORD})\b"
    ))
    .expect("from unknown compiles")
});

/// A note that opens with its town, or with its country and then the town: "Leeds: …",
/// "Norway: Bodø, …", "Serbia: Niš (Pantelej) …".
static OPENING_TOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*(?:(?P<c>[\p{{Lu}}][\p{{L}}]+(?:\s+[\p{{Lu}}][\p{{L}}]+)?):\s+)?(?P<p>{WORD}(?:\s+{WORD})?)\s*(?P<after>:|,|\()"
    ))
    .expect("opening town compiles")
});

/// Addresses in Colombian, South Asian and Canadian rural forms.
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:(?:Calle|Carrera|Cra\.?|Cl\.?|Avenida|Diagonal|Transversal|Dg\.?|Tv\.?)\s+\d{1,3}[A-Z]?\s*(?:#|No\.?|N[°º])\s*\d{1,3}[A-Z]?\s*-\s*\d{1,3}|(?:House|Flat|Plot|Holding|Door)\s+(?:[Nn]o\.?|#)?\s*\d+[A-Z]?(?:/\d+)?(?:,\s*(?:Road|Lane|Street|Block|Sector)\s+(?:[Nn]o\.?\s*)?\d+[A-Z]?)?|RR\s*#?\s*\d+,\s*Site\s+\d+(?:,\s*(?:Comp|Box)\s+\d+)?)",
    )
    .expect("address compiles")
});

/// Postcodes by shape: Portugal's "1200-109", Brazil's "01412-100"; Mexico's after "C.P.".
static POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s,(])(?P<z>\d{4}-\d{3}|\d{5}-\d{3})\b|\bC\.\s?P\.?\s*(?P<m>\d{5})\b")
        .expect("postcode compiles")
});

/// A town glued to its postcode: "Sylhet-3100".
static TOWN_POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(?P<p>{WORD})-(?P<z>\d{{4}})\b")).expect("town postcode compiles")
});

/// National and health IDs by their label: the label, a number word, then the value.
static FOREIGN_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)\b(?:CURP|RFC|DNI|NIE|NIF|RAMQ|OHIP|TAJ|AMKA|PESEL|CNP|CPR(?:-nr)?|CPF|NIR|NSS|SNS|utente|OMS|polis|SNILS|INN|NRIC|FIN|HKID|CNIC|NIK|KTP|RRN|SSS|UMID|TIN|BVN|NHIF|Huduma|KRA|UHID|IHI|AHV|AVS|SVNR|EHIC|iqama|Emirates\s+ID|transmitter\s+ID|(?i:serial|device|sensor)\s+(?:no|number|ID))
        (?:\s+(?:n[ºo°]\.?|no\.?|number|\#|nr\.?))?\s*[:\#]?\s*
        (?P<v>(?:[A-Z]{2,5}\s)?[A-Z0-9]*\d[A-Z0-9]*(?:[\s-][A-Z0-9]*\d[A-Z0-9]*){0,4})",
    )
    .expect("foreign id compiles")
});

/// IDs by shape: Mexico's CURP, a Spanish DNI or NIE, a passport's machine-readable line.
static SHAPED_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d\b|\b(?:[XYZ]\d{7}|\d{8})-?[A-Z]\b|\bP<[A-Z]{3}[A-Z<]{4,}")
        .expect("shaped id compiles")
});

/// Messenger IDs: WeChat's "wxid_…", Discord's "name#1234", Skype's "live:…".
static MESSENGER_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\bwxid_[A-Za-z0-9_-]+|\b[A-Za-z][A-Za-z0-9_.]{1,31}#\d{4}\b|\blive:\.?[A-Za-z0-9._-]+",
    )
    .expect("messenger id compiles")
});

fn place(start: usize, end: usize, rule: &'static str) -> Candidate {
    Candidate::new(Identifier::Place, start, end).by(rule)
}

/// A capitalised run that may be a place: none of its words a stop word or an eponym.
fn placeable(words: &str) -> bool {
    words
        .split([' ', '-'])
        .filter(|w| !w.is_empty())
        .all(|w| w.starts_with(|c: char| c.is_ascii_digit()) || !never_a_name(w))
}

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    for (re, rule) in [
        (&*FOREIGN_FROM, "place after from in another language"),
        (&*SUBDIVISION_BEFORE, "subdivision word, then a place"),
        (&*SUBDIVISION_AFTER, "place, then a quarter word"),
        (&*TURKISH_CASE, "place with a Turkish case ending"),
    ] {
        for caps in re.captures_iter(text) {
            let p = caps.name("p").expect("place");
            if placeable(p.as_str()) && !GAZETTEER.regions.contains(&key(p.as_str())) {
                found.push(place(p.start(), p.end(), rule));
            }
        }
    }
    for m in ARABIC_PLACE.find_iter(text) {
        found.push(place(m.start(), m.end(), "Arabic place word"));
    }
    for m in KOREAN_DISTRICT.find_iter(text) {
        found.push(place(m.start(), m.end(), "Korean district"));
    }
    for caps in AREA.captures_iter(text) {
        let p = caps.name("p").expect("place");
        let last = p
            .as_str()
            .split_whitespace()
            .rfind(|w| !w.starts_with(|c: char| c.is_ascii_digit()));
        let last = last.unwrap_or_default();
        if placeable(p.as_str()) && unknown(last) && !LEXICON.eponyms.contains(&key(last)) {
            found.push(place(p.start(), p.end(), "the X area"));
        }
    }
    for caps in NUMBERED_QUARTER.captures_iter(text) {
        let p = caps.name("p").expect("place");
        let word = p.as_str().split([' ', '-']).next().unwrap_or_default();
        if placeable(word) && unknown(word) {
            found.push(place(p.start(), p.end(), "numbered quarter"));
        }
    }
    for caps in FROM_UNKNOWN.captures_iter(text) {
        let p = caps.name("p").expect("place");
        let k = key(p.as_str());
        let saint = p.as_str().contains(char::is_whitespace);
        let word = !english::is_word(&k) && !GAZETTEER.keeps(&k) && !never_a_name(p.as_str());
        let listed = GAZETTEER.is_place(&k.replace('.', ""));
        if (word || saint && listed) && !GAZETTEER.regions.contains(&k) {
            // A listed town is named for the gazetteer that knows it.
            let rule = if listed {
                "gazetteer: GeoNames place"
            } else {
                "word no list knows after from or in"
            };
            found.push(place(p.start(), p.end(), rule));
        }
    }
    if let Some(caps) = OPENING_TOWN.captures(text) {
        let p = caps.name("p").expect("town");
        let k = key(p.as_str());
        let country = caps
            .name("c")
            .is_some_and(|c| GAZETTEER.regions.contains(&key(c.as_str())));
        let town = GAZETTEER.is_place(&k) || GAZETTEER.keep.contains(&k) && !english::is_word(&k);
        let opens = &caps["after"] != "," || country;
        let unknown_town = country && unknown(p.as_str());
        if opens && !GAZETTEER.regions.contains(&k) && (town || unknown_town) {
            found.push(place(p.start(), p.end(), "town opening the note"));
        }
    }
    for m in ADDRESS.find_iter(text) {
        found.push(Candidate::new(Identifier::Address, m.start(), m.end()).by("address abroad"));
    }
    for caps in POSTCODE.captures_iter(text) {
        if let Some(z) = caps.name("z").or(caps.name("m")) {
            found.push(Candidate::new(Identifier::Zip, z.start(), z.end()).by("postcode abroad"));
        }
    }
    for caps in TOWN_POSTCODE.captures_iter(text) {
        let (p, z) = (caps.name("p").expect("town"), caps.name("z").expect("code"));
        let year = z.as_str().starts_with("19") || z.as_str().starts_with("20");
        if !year && (GAZETTEER.is_place(&key(p.as_str())) || unknown(p.as_str())) {
            found.push(place(p.start(), p.end(), "town glued to its postcode"));
            found.push(
                Candidate::new(Identifier::Zip, z.start(), z.end())
                    .by("town glued to its postcode"),
            );
        }
    }
    for caps in FOREIGN_ID.captures_iter(text) {
        let v = caps.name("v").expect("value");
        let digits = v.as_str().chars().filter(char::is_ascii_digit).count();
        let letters = v.as_str().chars().filter(char::is_ascii_uppercase).count();
        if digits >= 4 || digits >= 2 && letters >= 2 && v.len() >= 6 {
            found.push(
                Candidate::new(Identifier::Id, v.start(), v.end()).by("ID by its label abroad"),
            );
        }
    }
    for m in SHAPED_ID.find_iter(text) {
        found.push(Candidate::new(Identifier::Id, m.start(), m.end()).by("ID by its shape abroad"));
    }
    for m in MESSENGER_ID.find_iter(text) {
        found.push(Candidate::new(Identifier::Contact, m.start(), m.end()).by("messenger ID"));
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::tests::check;

    #[test]
    fn places_written_abroad_go() {
        check(
            "Junge aus Recklinghausen-Süd, Fraktur",
            &["Recklinghausen"],
            &["Fraktur"],
        );
        check("meneer uit Zwolle-Zuid, COPD", &["Zwolle"], &["COPD"]);
        check("pacjent z Radomia, 61, HBV", &["Radomia"], &["HBV"]);
        check("hasta Üsküdar'dan geldi, FMF", &["Üsküdar"], &["FMF"]);
        check("teen from Wadi Musa with leish", &["Musa"], &["leish"]);
        check("gmina Kłodzko, Lyme?", &["Kłodzko"], &["Lyme"]);
        check("pt in Lajpat Nagar, dengue", &["Lajpat"], &["dengue"]);
        check(
            "lives in the Karaköy area; HbA1c 80",
            &["Karaköy"],
            &["HbA1c 80"],
        );
        check("from Mirpur-12, 19, dengue", &["Mirpur-12"], &["dengue"]);
        check("RRN on file, Mapo-gu, moyamoya", &["Mapo"], &["moyamoya"]);
        check("pt from Qalandia on warfarin", &["Qalandia"], &["warfarin"]);
        check("Leeds: pt with HbSS crisis", &["Leeds"], &["HbSS crisis"]);
        check(
            "Serbia: Niš (Pantelej), 40, TB",
            &["Niš", "Pantelej"],
            &["TB"],
        );
        check(
            "seen again in Portstewart 2 days later",
            &["Portstewart"],
            &["2 days later"],
        );
        check(
            "sensor ID 7QK3ZP - readings low",
            &["7QK3ZP"],
            &["readings low"],
        );
    }

    #[test]
    fn addresses_postcodes_ids_and_handles_abroad_go() {
        check(
            "Carrera 15 #93-07, Chagas",
            &["Carrera 15", "93-07"],
            &["Chagas"],
        );
        check(
            "House 12, Road 5, thalassaemia",
            &["House 12", "Road 5"],
            &["thalassaemia"],
        );
        check(
            "RR 1, Site 3, Comp 9, on O2",
            &["Site 3", "Comp 9"],
            &["O2"],
        );
        check("Lisboa 1100-148, sepsis", &["1100-148"], &["sepsis"]);
        check("CEP-less: 04538-133 SP", &["04538-133"], &[]);
        check("Sylhet-3100, cholera", &["Sylhet", "3100"], &["cholera"]);
        check(
            "CURP GOMA610825HDFRRL04 on file",
            &["GOMA610825HDFRRL04"],
            &[],
        );
        check("DNI 51234987Z", &["51234987Z"], &[]);
        check("RAMQ ABCD 1234 5678, Crohn's", &["1234"], &["Crohn's"]);
        check("P<FRADUPONT<<MARIE<<<<, CHB", &["DUPONT"], &["CHB"]);
        check(
            "WeChat wxid_li88x, Discord ace_99#1234, Skype live:.cid.9f2",
            &["wxid", "1234", "9f2"],
            &[],
        );
    }

    #[test]
    fn medicine_beside_the_shapes_stays() {
        check(
            "Wernicke area lesion, Broca's area too",
            &[],
            &["Wernicke area", "Broca's area"],
        );
        check("from Pfizer rep, NOF # in bay 3", &[], &["NOF #"]);
        check(
            "Wells 4, Type 2, grade 3, Child-Pugh B",
            &[],
            &["Wells 4", "Type 2"],
        );
    }
}
