//! De-identification of members' questions before anything is stored (SPEC §2.5, R6).
//!
//! [`deidentify`] finds the HIPAA Safe Harbor identifiers a clinician is likely to type into a
//! question (names, dates more precise than a year, ages over 89, phone and fax numbers, emails,
//! record and other ID numbers, street addresses, ZIP and postcodes, URLs and IP addresses) and
//! replaces each with a typed placeholder such as `[NAME]`, so the question still reads as the same
//! question. Everything here is pure: rules are regular expressions compiled once and small
//! hand-written word lists, so the work is roughly linear in the length of the text.
//!
//! The detectors live in submodules, one per family of identifiers; each proposes candidate spans
//! and this module settles overlaps between them and renders the result.

mod ages;
mod asides;
mod called;
mod codes;
mod contact;
mod cued;
mod dates;
mod english;
mod gazetteer;
mod geography;
mod glossed;
mod holidays;
mod joined;
mod kin;
pub mod learned;
mod lexicon;
mod mentions;
mod names;
mod numbered;
mod numbers;
mod places;
mod scripts;
mod shapes;
mod terms;
#[cfg(test)]
mod tests;
mod windows;

use std::collections::BTreeMap;
use std::fmt;

use crate::domain::entities::EntityKind;
use windows::{window_after, window_before};

/// A kind of identifier, named by the word that appears in its placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Identifier {
    Name,
    Date,
    Age,
    Phone,
    Fax,
    Email,
    /// Medical record, account, licence, device, serial, social security, insurance and other ID
    /// numbers.
    Id,
    /// A street address (house number, street, unit).
    Address,
    /// A US ZIP code, UK postcode or Canadian postal code.
    Zip,
    /// A geographic subdivision smaller than a state: a city, town, county, neighbourhood, street
    /// without a house number, or a named facility that locates a person.
    Place,
    Url,
    Ip,
    /// A social media handle (`@name`) or other contact that is not a phone, fax or e-mail.
    Contact,
}

impl Identifier {
    pub const ALL: [Identifier; 13] = [
        Identifier::Name,
        Identifier::Date,
        Identifier::Age,
        Identifier::Phone,
        Identifier::Fax,
        Identifier::Email,
        Identifier::Id,
        Identifier::Address,
        Identifier::Zip,
        Identifier::Place,
        Identifier::Url,
        Identifier::Ip,
        Identifier::Contact,
    ];

    /// The word used in placeholders and in counts: `NAME`, `DATE`, `ID`…
    pub fn as_str(self) -> &'static str {
        match self {
            Identifier::Name => "NAME",
            Identifier::Date => "DATE",
            Identifier::Age => "AGE",
            Identifier::Phone => "PHONE",
            Identifier::Fax => "FAX",
            Identifier::Email => "EMAIL",
            Identifier::Id => "ID",
            Identifier::Address => "ADDRESS",
            Identifier::Zip => "ZIP",
            Identifier::Place => "PLACE",
            Identifier::Url => "URL",
            Identifier::Ip => "IP",
            Identifier::Contact => "CONTACT",
        }
    }

    /// What replaces an identifier of this kind in the text: `[NAME]`, `[DATE]`…
    pub fn placeholder(self) -> &'static str {
        match self {
            Identifier::Name => "[NAME]",
            Identifier::Date => "[DATE]",
            Identifier::Age => "[AGE]",
            Identifier::Phone => "[PHONE]",
            Identifier::Fax => "[FAX]",
            Identifier::Email => "[EMAIL]",
            Identifier::Id => "[ID]",
            Identifier::Address => "[ADDRESS]",
            Identifier::Zip => "[ZIP]",
            Identifier::Place => "[PLACE]",
            Identifier::Url => "[URL]",
            Identifier::Ip => "[IP]",
            Identifier::Contact => "[CONTACT]",
        }
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where one identifier was, as byte offsets into the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedactedSpan {
    pub kind: Identifier,
    pub start: usize,
    pub end: usize,
    /// The rule or gazetteer that found it, for `rounds redact --explain`.
    pub rule: &'static str,
}

/// A text with its identifiers replaced, and what was replaced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Redacted {
    /// The text as it may be stored: identifiers replaced by `[KIND]` placeholders.
    pub text: String,
    /// How many identifiers of each kind were replaced; kinds not found are absent.
    pub counts: BTreeMap<Identifier, u32>,
    /// The replaced spans, in order, as byte offsets into the original text.
    pub spans: Vec<RedactedSpan>,
}

impl Redacted {
    /// How many identifiers were replaced in all.
    pub fn total(&self) -> u32 {
        self.counts.values().sum()
    }
}

/// A span one detector believes is an identifier; overlaps are settled in [`resolve`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Candidate {
    kind: Identifier,
    start: usize,
    end: usize,
    rule: &'static str,
}

impl Candidate {
    fn new(kind: Identifier, start: usize, end: usize) -> Self {
        Self {
            kind,
            start,
            end,
            rule: "",
        }
    }

    /// Names the rule that proposed this span.
    fn by(mut self, rule: &'static str) -> Self {
        self.rule = rule;
        self
    }
}

/// Names the detector of every span it proposed that has no more precise rule.
fn attribute(found: &mut [Candidate], from: usize, detector: &'static str) {
    for candidate in &mut found[from..] {
        if candidate.rule.is_empty() {
            candidate.rule = detector;
        }
    }
}

/// Replaces every identifier found in `text` with its typed placeholder.
pub fn deidentify(text: &str) -> Redacted {
    learned::with_shipped(text, deidentify_by_rules(text))
}

/// What the hand-written rules alone redact, without the learned detector ([`learned`]).
pub fn deidentify_by_rules(text: &str) -> Redacted {
    let mut found = Vec::new();
    contact::find(text, &mut found);
    attribute(&mut found, 0, "contact pattern");
    let from = found.len();
    numbers::find(text, &mut found);
    attribute(&mut found, from, "id pattern");
    codes::find(text, &mut found);
    let from = found.len();
    dates::find(text, &mut found);
    attribute(&mut found, from, "date pattern");
    holidays::find(text, &mut found);
    dates::listed_after_a_date(text, &mut found);
    let from = found.len();
    places::find(text, &mut found);
    attribute(&mut found, from, "address pattern");
    geography::find(text, &mut found);
    cued::find(text, &mut found);
    asides::find(text, &mut found);
    scripts::find(text, &mut found);
    numbered::find(text, &mut found);
    called::find(text, &mut found);
    kin::find(text, &mut found);
    let mut names = names::find(text);
    let mut seen = found.clone();
    seen.extend(names.iter().copied());
    names.extend(shapes::find(text, &seen));
    let from = found.len();
    ages::find(text, &names, &mut found);
    attribute(&mut found, from, "age pattern");
    found.extend(names);
    let medical = medical_terms(text);
    found.retain(|c| {
        !is_medical_word(c, &medical)
            && !is_lab_shaped(text, c)
            && !terms::is_term(text, c, &medical)
    });
    let mut accepted = cued::towns_after_spans(text, resolve(found));
    accepted.retain(|c| !is_medical_word(c, &medical));
    shapes::with_honorifics(text, &mut accepted);
    numbered::postcodes_after_addresses(text, &mut accepted);
    asides::settle(text, &mut accepted);
    joined::join(text, &mut accepted, &medical);
    kin::join(text, &mut accepted);
    glossed::find(text, &mut accepted, &medical);
    kin::join(text, &mut accepted);
    render(
        text,
        mentions::with_other_mentions(text, accepted, &medical),
    )
}

/// Where the drug and disease lexicons (`config/lexicons/`) see a medical term: "Metformin has
/// upset her", "Camila", "Crohn's".
fn medical_terms(text: &str) -> Vec<(usize, usize)> {
    crate::domain::entities::Tagger::bundled()
        .tag(text)
        .into_iter()
        .filter(|e| matches!(e.kind, EntityKind::Drug | EntityKind::Disease))
        .map(|e| (e.start, e.end))
        .collect()
}

/// A name or place the context rules proposed that the lexicons know as a drug or disease is
/// medicine, unless a title says it is a person ("Mr Wilson").
fn is_medical_word(candidate: &Candidate, medical: &[(usize, usize)]) -> bool {
    matches!(candidate.kind, Identifier::Name | Identifier::Place)
        && candidate.rule != "title"
        && medical
            .iter()
            .any(|&(start, end)| start <= candidate.start && candidate.end <= end)
}

/// "HbSS", "HbA1c", "pCO2": a lower-case letter followed by capitals is how genotypes and lab
/// values are written, never a name or a town.
fn is_lab_shaped(text: &str, candidate: &Candidate) -> bool {
    matches!(candidate.kind, Identifier::Name | Identifier::Place)
        && text
            .get(candidate.start..candidate.end)
            .is_some_and(|span| {
                !span.contains(char::is_whitespace)
                    && span.as_bytes().windows(3).any(|w| {
                        w[0].is_ascii_lowercase()
                            && w[1].is_ascii_uppercase()
                            && w[2].is_ascii_uppercase()
                    })
            })
}

/// When two detectors claim overlapping text, the longer claim wins (it saw more context); on a tie
/// the more specific kind wins, e.g. a number after "fax" is a fax, not a phone.
fn resolve(mut found: Vec<Candidate>) -> Vec<Candidate> {
    found.retain(|c| c.start < c.end);
    found.sort_by_key(|c| {
        (
            std::cmp::Reverse(c.end - c.start),
            specificity(c.kind),
            c.start,
        )
    });
    // Accepted spans never overlap, so the one starting last before a candidate's end is the only
    // one that can reach into it.
    let mut accepted: BTreeMap<usize, Candidate> = BTreeMap::new();
    for candidate in found {
        let clashes = accepted
            .range(..candidate.end)
            .next_back()
            .is_some_and(|(_, previous)| previous.end > candidate.start);
        if !clashes {
            accepted.insert(candidate.start, candidate);
        }
    }
    accepted.into_values().collect()
}

fn specificity(kind: Identifier) -> u8 {
    match kind {
        Identifier::Email => 0,
        Identifier::Url => 1,
        Identifier::Ip => 2,
        Identifier::Fax => 3,
        Identifier::Id => 4,
        Identifier::Phone => 5,
        Identifier::Date => 6,
        Identifier::Address => 7,
        Identifier::Zip => 8,
        Identifier::Contact => 9,
        Identifier::Age => 10,
        // A title's name that is also a town ("Prof. Martínez") is a person.
        Identifier::Name => 11,
        Identifier::Place => 12,
    }
}

fn render(text: &str, spans: Vec<Candidate>) -> Redacted {
    let mut out = String::with_capacity(text.len());
    let mut counts = BTreeMap::new();
    let mut cursor = 0;
    let mut kept = Vec::with_capacity(spans.len());
    for span in spans {
        // Detectors only produce spans on character boundaries; `get` keeps a mistake from panicking.
        let (Some(before), true) = (
            text.get(cursor..span.start),
            text.is_char_boundary(span.end),
        ) else {
            continue;
        };
        out.push_str(before);
        out.push_str(span.kind.placeholder());
        *counts.entry(span.kind).or_insert(0) += 1;
        kept.push(RedactedSpan {
            kind: span.kind,
            start: span.start,
            end: span.end,
            rule: span.rule,
        });
        cursor = span.end;
    }
    out.push_str(text.get(cursor..).unwrap_or_default());
    Redacted {
        text: out,
        counts,
        spans: kept,
    }
}
