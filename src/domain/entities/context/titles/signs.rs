//! The star sign: "Cancer" near another sign or a word about astrology, named as a sign ("Cancer
//! season"), or its people in the plural ("my fellow Cancers"). Hand-made for Rounds.

/// Signs of the zodiac and words about astrology: "Cancer" near one of them is a star sign.
const ZODIAC: &[&str] = &[
    "Aries",
    "Taurus",
    "Gemini",
    "Leo",
    "Virgo",
    "Libra",
    "Scorpio",
    "Sagittarius",
    "Capricorn",
    "Aquarius",
    "Pisces",
    "♋",
    "star sign",
    "horoscope",
    "zodiac",
    "astrolog",
    "Mercury retrograde",
    "(born ",
];

pub(super) fn star_sign(text: &str, start: usize, end: usize) -> bool {
    // Capitalised in mid-sentence, as a name is: "Cancer" opening a sentence is the disease.
    let opens_sentence = text[..start]
        .trim_end()
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '\n'));
    // "all my fellow Cancers": the sign's people, in the plural.
    if !matches!(&text[start..end], "Cancer" | "Cancers") {
        return false;
    }
    // "Cancer zodiac sign here": the sign named as one, wherever it stands.
    let after = text[end..].to_lowercase();
    if SIGN_NAMED.iter().any(|s| after.starts_with(s)) {
        return true;
    }
    let near = &text[super::super::floor_boundary(text, start.saturating_sub(120))
        ..super::super::ceil_boundary(text, end + 120)];
    let lower = near.to_lowercase();
    // Opening a sentence, only a word about astrology itself will do: "Cancers are loyal, says my
    // horoscope".
    if opens_sentence {
        return ASTROLOGY.iter().any(|w| lower.contains(w));
    }
    ZODIAC.iter().any(|sign| {
        if !sign.starts_with(char::is_uppercase) {
            return lower.contains(sign);
        }
        // A sign's name is a capitalised word of its own ("Leo", not "Leonard").
        near.match_indices(sign).any(|(at, _)| {
            !near[..at].ends_with(char::is_alphanumeric)
                && !near[at + sign.len()..].starts_with(char::is_alphanumeric)
        })
    })
}

/// Words right after "Cancer" that say it is a sign of the zodiac.
const SIGN_NAMED: &[&str] = &[
    " zodiac",
    " star sign",
    " sun sign",
    " moon",
    " rising",
    " horoscope",
    " season",
    " energy",
    " traits",
];

/// Words about astrology itself, strong enough beside a sentence-opening "Cancer".
const ASTROLOGY: &[&str] = &["horoscope", "zodiac", "astrolog", "star sign", "♋"];
