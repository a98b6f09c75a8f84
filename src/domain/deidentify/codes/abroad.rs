//! National IDs, plates and handles written the way other countries write them: a number after
//! the name of an ID in many languages and scripts ("Cédula 1-0823-0456", "RUT 5.123.456-7",
//! "ИИН 850101300123", "کد ملی 0012345678", "身份证 3101…"), a masked one ("xxxx xxxx 1234"),
//! number plates by their national shapes ("MH 04 AB 1234", "KBC 123D", "СВ 4567 АК", "GP 123-456"),
//! and a user name with an underscore, which no word has ("night_owl_rn").

use std::sync::LazyLock;

use regex::Regex;

use crate::domain::deidentify::{Candidate, Identifier};

/// The name of a national, health or tax ID, then its number.
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)(?:^|[^\p{L}])(?:
            (?i:c[ée]dula|rut|run|dni|ci|c\.i\.|nic|cnic|nik|ktp|nric|cin|cnp|egn|jmbg|oib|pesel|r\.?č\.?|rodné\s+číslo|personnummer|kennitala|hetu|henkilötunnus|cpr(?:-nr)?|bsn|nif|nie|nss|curp|rfc|cpf|cns|aadhaar|aadhar|uhid|abha|nhi|ihi|iqama|qid|amka|codice\s+fiscale|utente|svnr|ahv|kvnr|asmens\s+kodas|isikukood|personas\s+kods|kimlik(?:\s+no)?|national\s+id|id\s+card|passport|philhealth|sss|umid|cccd|cmnd|nin|ghana\s+card|huduma|omang|bvn)
          | 身份证|身份證|身分證|マイナンバー|주민(?:등록)?번호|Регистр|ИИН|СНИЛС|ОМС|ЕГН|ЈМБГ|РНОКПП|ІПН|паспорт|کد\s*ملی|کارت\s*ملی|الرقم\s*الوطني|الرقم\s*القومي|رقم\s*الهوية|ΑΜΚΑ|ΑΦΜ|ת\.?ז\.?|เลขบัตร
        )\s*(?:(?i:no\.?|nr\.?|number|num|\#|n[ºo°]\.?)\s*)?[:\#.]?\s*
        (?P<id>(?:[xX*]{3,}[\x20.-]?){0,3}\p{Lu}{0,3}\p{Nd}+(?:[\x20.\-/]\p{Nd}+){0,4}(?:[-]?[\p{Lu}xX])?)",
    )
    .expect("labelled id compiles")
});

/// Number plates by the shapes several countries use.
static PLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)\b(?P<p>
            [A-Z]{2}\s?\d{1,2}\s?[A-Z]{1,3}\s?\d{3,4}
          | [A-Z]{3}\s\d{3}[A-Z]
          | [A-ZАВЕКМНОРСТУХ]{2}\s\d{4}\s[A-ZАВЕКМНОРСТУХ]{2}
          | [A-Z]{2}\s\d{3}-\d{3}
        )\b",
    )
    .expect("plate compiles")
});

/// A user name with an underscore between letters or digits.
static UNDERSCORED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(:,;])(?P<h>[a-z][a-z0-9.]*_[a-z0-9._]*[a-z0-9])\b")
        .expect("underscored compiles")
});

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    for caps in LABELLED.captures_iter(text) {
        let id = caps.name("id").expect("id");
        let digits = id.as_str().chars().filter(|c| c.is_numeric()).count();
        let masked = id.as_str().contains(['x', 'X', '*']);
        if digits >= 5 || (masked && digits >= 3) {
            let s = id.as_str().trim_end_matches([' ', '.', '-', '/']);
            found.push(
                Candidate::new(Identifier::Id, id.start(), id.start() + s.len())
                    .by("number after the name of an ID"),
            );
        }
    }
    for caps in PLATE.captures_iter(text) {
        let p = caps.name("p").expect("plate");
        // "anti-D 1500 IU": a dose and its unit, not a plate.
        let unit = p.as_str().ends_with(" IU") || p.as_str().ends_with(" MG");
        if unit || text[..p.start()].ends_with('-') {
            continue;
        }
        found.push(Candidate::new(Identifier::Id, p.start(), p.end()).by("number plate shape"));
    }
    for caps in UNDERSCORED.captures_iter(text) {
        let h = caps.name("h").expect("handle");
        found.push(
            Candidate::new(Identifier::Contact, h.start(), h.end())
                .by("user name with an underscore"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::tests::check;

    #[test]
    fn ids_after_their_name_in_many_languages_go() {
        check("Cédula 2-0456-0789, don Rafa", &["0456"], &[]);
        check("RUN 12.345.678-9, neumonía", &["345"], &["neumonía"]);
        check(
            "ИИН 850101300123 — подагра",
            &["850101300123"],
            &["подагра"],
        );
        check("کد ملی 0012345678، stroke", &["0012345678"], &["stroke"]);
        check("Aadhaar xxxx xxxx 9921 only", &["9921"], &[]);
        check("PESEL 44051401359, CRP 120", &["44051401359"], &["CRP 120"]);
    }

    #[test]
    fn plates_and_underscored_handles_go() {
        check("car MH 04 AB 1234 hit him", &["1234"], &[]);
        check("the matatu KBC 123D rolled", &["KBC 123D"], &[]);
        check("plate СВ 4567 АК, driver 50M", &["4567"], &[]);
        check(
            "her TikTok is night_owl_rn, 19F",
            &["night_owl_rn"],
            &["19F"],
        );
    }

    #[test]
    fn scores_doses_and_stages_stay() {
        check(
            "CI 0.8-1.2, NIHSS 14, HbA1c 54",
            &[],
            &["CI 0.8-1.2", "NIHSS 14"],
        );
        check(
            "insulin 40 u/day and CD4 350",
            &[],
            &["40 u/day", "CD4 350"],
        );
        check(
            "T2 N1 M0, GCS 15, BP 120/80",
            &[],
            &["T2 N1 M0", "BP 120/80"],
        );
        check("anti-D 1500 IU at 28 weeks", &[], &["anti-D 1500 IU"]);
    }
}
