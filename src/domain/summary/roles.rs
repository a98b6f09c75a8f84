//! The role an author states in their own bio: credentials (MD, RN, PharmD…) and stages (resident,
//! medical student…). Only what the bio says, in the bio's own terms: nothing is inferred from what
//! people post about, and an author whose bio says nothing has no role.

/// Credentials recognised as written, upper/lower case as they are conventionally written, with
/// optional dots (`M.D.`, `Ph.D.`). Matched as whole tokens only, so "do" or "pa" in a sentence
/// never count; only the capitalised forms do.
const CREDENTIALS: &[&str] = &[
    "MD", "DO", "RN", "NP", "PA-C", "PA", "PharmD", "PhD", "MPH", "MBBS", "MBChB", "MRCP", "FRCP",
    "FACC", "FACP", "FAHA", "DNP", "CRNA", "BSN", "MSN", "APRN", "DPT", "DDS", "MSc",
];

/// Stages and professions written in words, matched case-insensitively as whole words; longer
/// phrases first so "medical student" is not also read as "student".
const WORDS: &[&str] = &[
    "medical student",
    "nursing student",
    "pharmacy student",
    "student",
    "resident",
    "registrar",
    "fellow",
    "attending",
    "consultant",
    "physician",
    "surgeon",
    "nurse practitioner",
    "nurse",
    "pharmacist",
    "midwife",
    "paramedic",
];

/// `MS1`…`MS4`, `PGY1`… are stages too.
fn is_stage_code(token: &str) -> bool {
    let digits_after = |prefix: &str| {
        token.strip_prefix(prefix).is_some_and(|rest| {
            !rest.is_empty() && rest.len() <= 2 && rest.bytes().all(|b| b.is_ascii_digit())
        })
    };
    digits_after("MS") || digits_after("PGY")
}

/// The roles a bio states, in the order it states them, each once.
pub fn stated_roles(bio: &str) -> Vec<String> {
    let mut found: Vec<(usize, String)> = Vec::new();
    // Tokens split on what separates credentials ("Jane Doe, MD, PhD | cardiology"), keeping
    // hyphens and dots that belong to one (PA-C, M.D.).
    let mut offset = 0;
    for raw in bio.split(|c: char| c.is_whitespace() || ",;|/()[]·•&".contains(c)) {
        let position = offset;
        offset += raw.len() + 1;
        let token = raw.trim_matches(|c: char| matches!(c, '.' | ':' | '!' | '?' | '"' | '\''));
        if token.is_empty() {
            continue;
        }
        let undotted: String = token.chars().filter(|&c| c != '.').collect();
        if let Some(credential) = CREDENTIALS
            .iter()
            .find(|&&c| c == token || (token.contains('.') && c == undotted))
        {
            found.push((position, (*credential).to_owned()));
        } else if is_stage_code(token) {
            found.push((position, token.to_owned()));
        }
    }
    let lower = bio.to_lowercase();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for phrase in WORDS {
        let mut from = 0;
        while let Some(at) = lower[from..].find(phrase).map(|i| i + from) {
            let end = at + phrase.len();
            from = end;
            let before_ok = lower[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            // A plural ("residents", "fellows") is about other people, not the author.
            let after_ok = lower[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            let overlaps = taken.iter().any(|&(s, e)| at < e && s < end);
            if before_ok && after_ok && !overlaps {
                taken.push((at, end));
                found.push((at, (*phrase).to_owned()));
            }
        }
    }
    found.sort_by_key(|(position, _)| *position);
    let mut roles: Vec<String> = Vec::new();
    for (_, role) in found {
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    roles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_read_as_written() {
        assert_eq!(
            stated_roles("Jane Doe, MD, PhD | Cardiology | views my own"),
            ["MD", "PhD"]
        );
        assert_eq!(
            stated_roles("Critical care RN. PA-C in training"),
            ["RN", "PA-C"]
        );
        assert_eq!(
            stated_roles("Pharm.D., BCPS. Clinical pharmacist"),
            ["PharmD", "pharmacist"]
        );
        assert_eq!(stated_roles("M.D. (Harvard) MPH"), ["MD", "MPH"]);
        assert_eq!(
            stated_roles("MBBS MRCP FRCP, consultant"),
            ["MBBS", "MRCP", "FRCP", "consultant"]
        );
        assert_eq!(stated_roles("DNP, CRNA; FACC"), ["DNP", "CRNA", "FACC"]);
    }

    #[test]
    fn stages_are_read_in_words_and_codes() {
        assert_eq!(
            stated_roles("MS3 at State. Future surgeon?"),
            ["MS3", "surgeon"]
        );
        assert_eq!(
            stated_roles("Medical student, aspiring EM resident"),
            ["medical student", "resident"]
        );
        assert_eq!(stated_roles("Cardiology fellow; PGY5"), ["fellow", "PGY5"]);
        assert_eq!(stated_roles("ICU nurse and DO"), ["nurse", "DO"]);
    }

    #[test]
    fn nothing_is_inferred() {
        assert!(stated_roles("I do love teaching; pa said so").is_empty());
        assert!(stated_roles("Writing about residents and students").is_empty());
        assert!(stated_roles("Posts about heart failure, SGLT2i and statins").is_empty());
        assert!(stated_roles("").is_empty());
        assert!(stated_roles("MDMA research; PhDs welcome").is_empty());
    }
}
