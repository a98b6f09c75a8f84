//! Ways to reach a person: email addresses, URLs, IP addresses, phone and fax numbers.

use std::net::Ipv6Addr;
use std::sync::LazyLock;

use regex::Regex;

use super::{window_after, window_before, Candidate, Identifier};

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[a-z0-9][a-z0-9._%+-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")
        .expect("email pattern compiles")
});

/// Explicit URLs, and bare domains under the top-level domains people actually paste.
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?ix)
        \b(?:(?:https?|ftp)://|www\.)[^\s<>"'`{}|\\^\[\]]+
        | \b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|org|net|edu|gov|io|info|health|uk|ca|au|nz|ie|de|fr|nl)\b(?:/[^\s<>"'`{}|\\^\[\]]*)?
        "#,
    )
    .expect("url pattern compiles")
});

/// Messenger short links, which name a person's account: "t.me/kwesi_gh", "wa.me/447911123456".
static MESSENGER_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:t|wa|m|ig|telegram)\.me/[\w.+-]*\w").expect("messenger link compiles")
});

static IPV4: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b").expect("ipv4 pattern compiles")
});

/// Anything made of hex digits and colons; [`Ipv6Addr`]'s own parser decides what is an address.
static IPV6: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*").expect("ipv6 compiles")
});

/// Groups of digits as phone numbers are written: an optional country code, an optional UK
/// `(0)`, an area code (bracketed or not), then groups split by spaces, dots or hyphens, and an
/// optional extension.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?:\+\d{1,3}[\s.-]?)?
        (?:\(0\)\s?)?
        (?:\(\d{2,5}\)|\d{1,5})
        (?:[\s.-]?\d{2,5}){1,4}
        (?:\s*(?:ext\.?|x|extension)\s*\d{1,6})?
        \b",
    )
    .expect("phone pattern compiles")
});

/// An internal extension or bleep written on its own: `ext 4457`, `bleep 2231`.
static EXTENSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:ext\.?|extension|bleep|pager)\s*(?:no\.?|number|#)?\s*:?\s*(\d{3,6})\b")
        .expect("extension pattern compiles")
});

/// Words that say the number next to them is a phone number.
static PHONE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:phone|tel|telephone|call|ring|rang|text|texted|mobile|cell|number|line|contact|reach|whatsapp|fax|faxed|on)\b")
        .expect("phone cue compiles")
});

static FAX_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bfax(?:ed|ing)?\b|\bfacsimile\b").expect("fax cue compiles")
});

static VOICE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:phone|tel|call|ring|text|mobile|cell)\b").expect("voice cue compiles")
});

/// Units that make a run of digits a quantity rather than a number to dial.
static UNIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:%|mg|mcg|µg|ug|g\b|kg|ml|l\b|mmol|umol|µmol|iu|units?|copies|cells|x10|mm|cm|km|ms\b|bpm|kcal|patients|people|cases|doses|years)")
        .expect("unit pattern compiles")
});

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    for m in EMAIL.find_iter(text) {
        found.push(Candidate::new(Identifier::Email, m.start(), m.end()));
    }
    for m in URL.find_iter(text) {
        let end = m.start() + trim_url_tail(m.as_str()).len();
        found.push(Candidate::new(Identifier::Url, m.start(), end));
    }
    for m in MESSENGER_LINK.find_iter(text) {
        found.push(Candidate::new(Identifier::Contact, m.start(), m.end()).by("messenger link"));
    }
    for m in IPV4.find_iter(text) {
        let octets_valid = m
            .as_str()
            .split('.')
            .all(|octet| octet.parse::<u8>().is_ok());
        let inside_longer = window_after(text, m.end(), 2).starts_with('.')
            && window_after(text, m.end() + 1, 1).starts_with(|c: char| c.is_ascii_digit());
        if octets_valid && !inside_longer {
            found.push(Candidate::new(Identifier::Ip, m.start(), m.end()));
        }
    }
    for m in IPV6.find_iter(text) {
        let candidate = m.as_str().trim_end_matches('.');
        let hex_digits = candidate.chars().filter(char::is_ascii_hexdigit).count();
        if hex_digits >= 2
            && candidate.parse::<Ipv6Addr>().is_ok()
            && !touches_word(text, m.start(), m.start() + candidate.len())
        {
            found.push(Candidate::new(
                Identifier::Ip,
                m.start(),
                m.start() + candidate.len(),
            ));
        }
    }
    find_phones(text, found);
}

fn find_phones(text: &str, found: &mut Vec<Candidate>) {
    for m in PHONE.find_iter(text) {
        // The pattern cannot look behind, so a match that starts in the middle of a longer token
        // (a decimal, a code like `HbA1c`) is dropped here.
        if touches_word(text, m.start(), m.end()) || preceded_by_number_punctuation(text, m.start())
        {
            continue;
        }
        // An extension is dialled after the number: "020 3456 7712 ext 48812" has eleven digits.
        let number = m
            .as_str()
            .split(char::is_alphabetic)
            .next()
            .unwrap_or_default();
        let digits = number.chars().filter(char::is_ascii_digit).count();
        let international = m.as_str().starts_with('+');
        let looks_local = is_local_number(m.as_str());
        let cued = PHONE_CUE.is_match(window_before(text, m.start(), 24));
        let plausible = match digits {
            10..=15 => true,
            // An extension says the number is dialled: "01 410 3000 ext 4421".
            7..=9 => international || looks_local || cued || number.len() < m.as_str().len(),
            _ => false,
        };
        if plausible && !UNIT_AFTER.is_match(window_after(text, m.end(), 12)) {
            found.push(Candidate::new(
                phone_or_fax(text, m.start()),
                m.start(),
                m.end(),
            ));
        }
    }
    for caps in EXTENSION.captures_iter(text) {
        if let Some(number) = caps.get(1) {
            found.push(Candidate::new(
                Identifier::Phone,
                number.start(),
                number.end(),
            ));
        }
    }
}

/// A number is a fax number when "fax" is said just before it, and nearer than any word that says
/// it is a number to call.
fn phone_or_fax(text: &str, start: usize) -> Identifier {
    let before = window_before(text, start, 40);
    let fax_at = FAX_CUE.find_iter(before).last().map(|m| m.end());
    let voice_at = VOICE_CUE.find_iter(before).last().map(|m| m.end());
    match (fax_at, voice_at) {
        (Some(fax), Some(voice)) if voice > fax => Identifier::Phone,
        (Some(_), _) => Identifier::Fax,
        _ => Identifier::Phone,
    }
}

/// `555-0199`, `555 0199`, `555.0199`: the seven-digit local shape.
fn is_local_number(candidate: &str) -> bool {
    let groups: Vec<&str> = candidate.split(['-', '.', ' ']).collect();
    groups.len() == 2 && groups[0].len() == 3 && groups[1].len() == 4
}

fn touches_word(text: &str, start: usize, end: usize) -> bool {
    let before = window_before(text, start, 4).chars().next_back();
    let after = window_after(text, end, 4).chars().next();
    before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
}

/// True after `1.`, `3/` or `2-`, where the match would be the tail of a decimal, ratio or range.
fn preceded_by_number_punctuation(text: &str, start: usize) -> bool {
    let mut before = window_before(text, start, 2).chars().rev();
    matches!(
        (before.next(), before.next()),
        (Some('.' | '/' | '-' | ':' | ','), Some(d)) if d.is_ascii_digit()
    )
}

/// URLs in prose often end with the sentence's punctuation, which is not part of the address.
fn trim_url_tail(url: &str) -> &str {
    let mut trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"', '’']);
    // A closing bracket belongs to the URL only if the URL opened one.
    while trimmed.ends_with(')') && trimmed.matches('(').count() < trimmed.matches(')').count() {
        trimmed = trimmed[..trimmed.len() - 1].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    }
    trimmed
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::deidentify;

    #[test]
    fn emails_urls_and_ips_are_replaced() {
        let out = deidentify(
            "mail j.doe+x@st-marys.example.org, see https://example.org/a?b=1). or www.trust.nhs.uk/x, \
             from 192.168.1.20 and 2001:db8::8a2e:370:7334",
        );
        assert_eq!(
            out.text,
            "mail [EMAIL], see [URL]). or [URL], from [IP] and [IP]"
        );
    }

    #[test]
    fn phone_numbers_in_common_formats_are_replaced() {
        for phone in [
            "(555) 123-4567",
            "555-123-4567",
            "555.123.4567",
            "+44 20 7946 0958",
            "+44 (0)20 7946 0958",
            "07700 900123",
            "1-800-555-0142",
            "+1 (415) 555-0110 x2231",
            "555-0199",
        ] {
            let out = deidentify(&format!("call {phone} please"));
            assert_eq!(out.text, "call [PHONE] please", "{phone}");
        }
    }

    #[test]
    fn a_number_labelled_fax_is_a_fax() {
        assert_eq!(deidentify("Fax: (312) 555-0198").text, "Fax: [FAX]");
        assert_eq!(
            deidentify("faxed to +1 555 987 6543 today").text,
            "faxed to [FAX] today"
        );
    }

    #[test]
    fn clinical_numbers_are_not_phone_numbers() {
        for text in [
            "BP 150/95, HR 110, Na 128, K 5.9",
            "titrate 25 50 100 mg",
            "2019-2023 cohort of 1200 patients",
            "troponin 0.04 ng/mL and QTc 480 ms",
            "times 10:30:45 and ratio 1:1",
            "version 1.2.3 of the score",
            "heparin 5000 units q8h",
        ] {
            assert_eq!(deidentify(text).text, text);
        }
    }
}
