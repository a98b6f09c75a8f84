//! How a labelled set is read and scored: which identifiers survive de-identification (a name
//! survives if any of its words does, a number if its digits do in any layout) and which medical
//! terms come through intact.

use std::collections::BTreeMap;

use rounds::domain::deidentify::{deidentify, Redacted};
use serde::Deserialize;

/// Words kept next to a name on purpose: "Dr [NAME]" still reads as a doctor.
const TITLES: [&str; 18] = [
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "prof",
    "professor",
    "nurse",
    "sister",
    "doctor",
    "sir",
    "dame",
    "mister",
    "reverend",
    "rev",
    "father",
    "matron",
];

#[derive(Debug, Deserialize)]
pub struct Question {
    pub text: String,
    pub identifiers: Vec<Marked>,
    pub keep: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Marked {
    pub kind: String,
    pub text: String,
}

pub fn parse(name: &str, source: &str) -> Vec<Question> {
    source
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{name} line {}: {e}", n + 1))
        })
        .collect()
}

/// What de-identification did to one labelled set.
#[derive(Debug, Default)]
pub struct Figures {
    pub questions: usize,
    /// Per kind: identifiers labelled, identifiers that survived.
    pub per_kind: BTreeMap<String, (u32, u32)>,
    pub survivors: Vec<String>,
    pub keep_terms: u32,
    pub lost_terms: Vec<String>,
    /// Redacted spans that overlap no labelled identifier: words taken for identifiers that were
    /// not, which cost readability even when no labelled medical term is hit.
    pub over_redacted: Vec<String>,
}

impl Figures {
    pub fn identifiers(&self) -> u32 {
        self.per_kind.values().map(|(total, _)| total).sum()
    }

    /// The share of labelled identifiers still readable after de-identification.
    pub fn survival(&self) -> f64 {
        self.survivors.len() as f64 / f64::from(self.identifiers().max(1))
    }

    /// The share of labelled medical terms still intact.
    pub fn keep_rate(&self) -> f64 {
        1.0 - self.lost_terms.len() as f64 / f64::from(self.keep_terms.max(1))
    }

    pub fn report(&self, name: &str) -> String {
        let identifiers = self.identifiers();
        let mut report = format!(
            "{name}: {} questions; identifiers removed {:.2}% ({} of {identifiers}, {:.2}% survive); medical terms kept {:.2}% ({} of {})\nper kind (removed):",
            self.questions,
            100.0 * (1.0 - self.survival()),
            identifiers - self.survivors.len() as u32,
            100.0 * self.survival(),
            100.0 * self.keep_rate(),
            self.keep_terms - self.lost_terms.len() as u32,
            self.keep_terms,
        );
        for (kind, (total, survived)) in &self.per_kind {
            let removed = 100.0 * f64::from(total - survived) / f64::from(*total);
            report.push_str(&format!(
                "\n  {kind:<8} {removed:6.2}% of {total:>3} ({survived} survive)"
            ));
        }
        report.push_str(&format!(
            "\n{name} surviving identifiers:\n  {}",
            self.survivors.join("\n  ")
        ));
        report.push_str(&format!(
            "\n{name} lost medical terms:\n  {}",
            self.lost_terms.join("\n  ")
        ));
        report.push_str(&format!(
            "\n{name} spans redacted that no label covers ({}):\n  {}",
            self.over_redacted.len(),
            self.over_redacted.join("\n  ")
        ));
        report
    }
}

pub fn measure(questions: &[Question]) -> Figures {
    let results: Vec<Redacted> = questions.iter().map(|q| deidentify(&q.text)).collect();
    score(questions, &results)
}

/// Scores what some de-identifier made of each question (`results[i]` of `questions[i]`).
pub fn score(questions: &[Question], results: &[Redacted]) -> Figures {
    let mut figures = Figures {
        questions: questions.len(),
        ..Figures::default()
    };
    for (q, result) in questions.iter().zip(results) {
        let redacted = &result.text;
        let labelled: Vec<(usize, usize)> = q
            .identifiers
            .iter()
            .flat_map(|m| {
                q.text
                    .match_indices(m.text.as_str())
                    .map(|(at, found)| (at, at + found.len()))
            })
            .collect();
        for span in &result.spans {
            if !labelled
                .iter()
                .any(|&(a, b)| a < span.end && span.start < b)
            {
                figures.over_redacted.push(format!(
                    "{} {:?} ({}) in {:?}",
                    span.kind,
                    &q.text[span.start..span.end],
                    span.rule,
                    q.text
                ));
            }
        }
        for marked in &q.identifiers {
            let entry = figures.per_kind.entry(marked.kind.clone()).or_default();
            entry.0 += 1;
            if survives(marked, redacted) {
                entry.1 += 1;
                figures
                    .survivors
                    .push(format!("{} {:?} in {redacted:?}", marked.kind, marked.text));
            }
        }
        for term in &q.keep {
            figures.keep_terms += 1;
            if !redacted.contains(term.as_str()) {
                figures.lost_terms.push(format!("{term:?} in {redacted:?}"));
            }
        }
    }
    figures
}

/// An identifier survives if its text is still there, if any word of a name or place is still
/// there (a surname alone still identifies), or if the digits of a number are still there in any
/// layout.
pub fn survives(marked: &Marked, redacted: &str) -> bool {
    if redacted.contains(marked.text.as_str()) {
        return true;
    }
    if marked.kind == "NAME" {
        let name_words = marked
            .text
            .split(|c: char| c.is_whitespace() || c == '.' || c == ',')
            .filter(|w| w.chars().count() >= 2 && !TITLES.contains(&w.to_lowercase().as_str()));
        if name_words
            .into_iter()
            .any(|word| contains_word(redacted, word))
        {
            return true;
        }
    }
    let digits: String = marked.text.chars().filter(char::is_ascii_digit).collect();
    digits.len() >= 4 && digit_runs(redacted).iter().any(|run| run.contains(&digits))
}

fn contains_word(haystack: &str, word: &str) -> bool {
    haystack.match_indices(word).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Digits with the separators people put inside numbers removed: "(555) 123-4567" → "5551234567".
fn digit_runs(text: &str) -> Vec<String> {
    let mut runs = vec![String::new()];
    for c in text.chars() {
        if c.is_ascii_digit() {
            runs.last_mut().expect("never empty").push(c);
        } else if !matches!(c, ' ' | '-' | '.' | '/' | '(' | ')' | '+') {
            runs.push(String::new());
        }
    }
    runs.retain(|run| !run.is_empty());
    runs
}
