//! Papers a journal club discusses: identifiers parsed from what members paste, the metadata the bot
//! shows (whichever service it came from), retraction and withdrawal notices, the study type that
//! picks the appraisal prompts, the thread's name, session times and the closing recap.

pub mod appraisal;
pub mod identifier;
pub mod jats;
pub mod recap;
pub mod session;
pub mod tier;

use super::format_chars::is_format_char;
pub use appraisal::{prompts_for, study_type, PromptSection, StudyType};
pub use identifier::{doi_url, pubmed_url, Doi, PaperId, ParsePaperIdError, Pmcid, Pmid};

/// Discord's limit on a thread's name, in characters.
pub const MAX_THREAD_NAME_CHARS: usize = 100;
/// What the thread name starts with, so journal clubs stand out in the channel list.
const THREAD_NAME_PREFIX: &str = "Journal club: ";

/// A paper's metadata, merged from Crossref and PubMed. Text fields are plain text (markup
/// stripped) but not escaped: escaping for Discord happens when it is rendered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Paper {
    pub title: String,
    /// Display names in author order ("Jane Smith" from Crossref, "Smith J" from PubMed).
    pub authors: Vec<String>,
    pub journal: Option<String>,
    pub year: Option<i32>,
    pub doi: Option<Doi>,
    pub pmid: Option<Pmid>,
    pub pmcid: Option<Pmcid>,
    pub abstract_text: Option<String>,
    /// PubMed's publication types, e.g. "Randomized Controlled Trial".
    pub publication_types: Vec<String>,
    /// Crossref's work type, e.g. "journal-article" or "posted-content" (a preprint).
    pub work_type: Option<String>,
    /// Crossref `update-to` types: this record is itself a notice (e.g. "retraction").
    pub updates_to: Vec<String>,
    /// Crossref `updated-by` types: notices issued about this record.
    pub updated_by: Vec<String>,
}

/// Why a paper is not one to open a journal club on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorialNotice {
    /// The record is a retraction notice, not a paper.
    RetractionNotice,
    /// The record is a withdrawal notice, not a paper.
    WithdrawalNotice,
    /// The paper has been retracted.
    Retracted,
    /// The paper has been withdrawn.
    Withdrawn,
}

impl Paper {
    pub fn study_type(&self) -> StudyType {
        study_type(
            &self.publication_types,
            &self.title,
            self.work_type.as_deref(),
        )
    }

    /// A retraction or withdrawal, from Crossref's update records, PubMed's publication types or the
    /// title prefixes publishers use ("RETRACTED: …", "WITHDRAWN: …").
    pub fn editorial_notice(&self) -> Option<EditorialNotice> {
        let lower = |list: &[String]| -> Vec<String> {
            list.iter().map(|s| s.trim().to_lowercase()).collect()
        };
        let updates_to = lower(&self.updates_to);
        let updated_by = lower(&self.updated_by);
        let pubtypes = lower(&self.publication_types);
        let title = self.title.trim_start().to_lowercase();
        let is = |list: &[String], names: &[&str]| list.iter().any(|t| names.contains(&t.as_str()));
        if is(&updates_to, &["retraction", "removal"])
            || is(&pubtypes, &["retraction of publication"])
            || [
                "retraction:",
                "retraction notice",
                "notice of retraction",
                "retraction of",
            ]
            .iter()
            .any(|p| title.starts_with(p))
        {
            return Some(EditorialNotice::RetractionNotice);
        }
        if is(&updates_to, &["withdrawal"]) || title.starts_with("withdrawal:") {
            return Some(EditorialNotice::WithdrawalNotice);
        }
        if is(&updated_by, &["retraction", "removal"])
            || is(&pubtypes, &["retracted publication"])
            || title.starts_with("retracted")
        {
            return Some(EditorialNotice::Retracted);
        }
        if is(&updated_by, &["withdrawal"]) || title.starts_with("withdrawn") {
            return Some(EditorialNotice::Withdrawn);
        }
        None
    }

    /// "Smith J, Jones K, Lee M et al." (first three, then et al.); empty when none are known.
    pub fn authors_line(&self) -> String {
        let shown: Vec<&str> = self.authors.iter().take(3).map(String::as_str).collect();
        let mut line = shown.join(", ");
        if self.authors.len() > 3 {
            line.push_str(" et al.");
        }
        line
    }

    /// The identifier the paper is best known by, for messages when its title is missing.
    pub fn best_id(&self) -> Option<String> {
        self.doi
            .as_ref()
            .map(|d| format!("DOI {d}"))
            .or_else(|| self.pmid.map(|p| format!("PMID {p}")))
            .or_else(|| self.pmcid.map(|p| p.to_string()))
    }

    /// Whether Crossref registered it as posted content (a preprint), i.e. not peer reviewed.
    pub fn is_preprint(&self) -> bool {
        self.work_type.as_deref() == Some("posted-content")
    }
}

/// The thread's name: "Journal club: <title>", within Discord's 100 characters, cut at a word, on
/// one line, without the characters that would read as markdown or a mention where Discord shows it.
pub fn thread_name(paper: &Paper) -> String {
    let title = clean_for_name(&paper.title);
    let title = if title.is_empty() {
        clean_for_name(&paper.best_id().unwrap_or_else(|| "a paper".to_owned()))
    } else {
        title
    };
    let room = MAX_THREAD_NAME_CHARS - THREAD_NAME_PREFIX.chars().count();
    format!("{THREAD_NAME_PREFIX}{}", cut_at_word(&title, room))
}

fn clean_for_name(text: &str) -> String {
    let kept: String = text
        .chars()
        .map(|c| match c {
            '*' | '_' | '~' | '`' | '|' | '<' | '>' | '@' | '#' | '[' | ']' | '\\' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .filter(|&c| !is_format_char(c))
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cut_at_word(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let at_word = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => {
            cut[..space].trim_end_matches([' ', ':', ',', ';', '-'])
        }
        _ => cut.as_str(),
    };
    format!("{at_word}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paper(title: &str) -> Paper {
        Paper {
            title: title.to_owned(),
            ..Paper::default()
        }
    }

    #[test]
    fn thread_names_fit_and_carry_no_markup() {
        let long = paper(&format!(
            "**Early** rhythm control <@123> @everyone {}",
            "word ".repeat(40)
        ));
        let name = thread_name(&long);
        assert!(name.chars().count() <= MAX_THREAD_NAME_CHARS, "{name}");
        assert!(
            name.starts_with("Journal club: Early rhythm control 123 everyone word"),
            "{name}"
        );
        assert!(name.ends_with("word…"), "{name}");
        assert!(!name.contains(['*', '<', '@', '\n']), "{name}");
        let untitled = Paper {
            pmid: Pmid::new(42),
            ..Paper::default()
        };
        assert_eq!(thread_name(&untitled), "Journal club: PMID 42");
        let unspaced = paper(&"x".repeat(300));
        assert_eq!(
            thread_name(&unspaced).chars().count(),
            MAX_THREAD_NAME_CHARS
        );
    }

    #[test]
    fn thread_names_lose_bidi_overrides_and_zero_width_characters() {
        let hostile = paper(
            "\u{202e}lacinilc\u{202c} trial\u{200b} of \u{2066}aspirin\u{2069}\u{feff} \u{200d}",
        );
        let name = thread_name(&hostile);
        assert_eq!(name, "Journal club: lacinilc trial of aspirin");
        let invisible_only = Paper {
            title: "\u{200b}\u{202e}\u{2060}".into(),
            pmid: Pmid::new(7),
            ..Paper::default()
        };
        assert_eq!(thread_name(&invisible_only), "Journal club: PMID 7");
    }

    #[test]
    fn retractions_and_withdrawals_are_recognised() {
        assert_eq!(paper("A fine trial").editorial_notice(), None);
        assert_eq!(
            paper("RETRACTED: Hydroxychloroquine and mortality").editorial_notice(),
            Some(EditorialNotice::Retracted)
        );
        assert_eq!(
            paper("Retraction: Hydroxychloroquine and mortality").editorial_notice(),
            Some(EditorialNotice::RetractionNotice)
        );
        let notice = Paper {
            updates_to: vec!["retraction".into()],
            ..paper("Notice")
        };
        assert_eq!(
            notice.editorial_notice(),
            Some(EditorialNotice::RetractionNotice)
        );
        let flagged = Paper {
            updated_by: vec!["Retraction".into()],
            ..paper("Quiet title")
        };
        assert_eq!(flagged.editorial_notice(), Some(EditorialNotice::Retracted));
        let pubmed = Paper {
            publication_types: vec!["Journal Article".into(), "Retracted Publication".into()],
            ..paper("Quiet title")
        };
        assert_eq!(pubmed.editorial_notice(), Some(EditorialNotice::Retracted));
        let withdrawn = Paper {
            updated_by: vec!["withdrawal".into()],
            ..paper("Cochrane review")
        };
        assert_eq!(
            withdrawn.editorial_notice(),
            Some(EditorialNotice::Withdrawn)
        );
        let corrected = Paper {
            updated_by: vec!["correction".into()],
            ..paper("Fine")
        };
        assert_eq!(corrected.editorial_notice(), None);
    }

    /// Deterministic noise over the characters that matter to these parsers (R3: no panic).
    fn noise(seed: u64, len: usize) -> String {
        const ALPHABET: &[char] = &[
            '1',
            '0',
            '.',
            '/',
            '(',
            ')',
            '<',
            '>',
            '&',
            ';',
            '#',
            '%',
            'P',
            'M',
            'C',
            'I',
            'D',
            'p',
            'm',
            'c',
            'x',
            'é',
            '\u{212A}',
            'ſ',
            '٣',
            ' ',
            ':',
            '-',
            '_',
            '\n',
            '@',
            '*',
            '`',
            '?',
            'h',
            't',
            's',
            '=',
            'T',
            'j',
            'a',
            '2',
            '9',
            '5',
            '\u{1F600}',
            '\\',
            '\u{0}',
        ];
        let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (0..len)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                ALPHABET[(state >> 33) as usize % ALPHABET.len()]
            })
            .collect()
    }

    #[test]
    fn no_parser_panics_on_noise() {
        let zone = crate::domain::TimeZone::parse("Europe/Paris").unwrap();
        let now = chrono::Utc::now();
        for seed in 0..3000 {
            let text = noise(seed, (seed % 90) as usize);
            let _ = PaperId::parse(&text);
            let _ = Doi::parse(&text);
            let _ = Pmcid::parse(&text);
            let plain = jats::to_plain_text(&text);
            let _ = jats::excerpt(&plain, (seed % 40) as usize + 2);
            let _ = session::parse_start_time(&text, zone, now);
            let p = paper(&text);
            assert!(thread_name(&p).chars().count() <= MAX_THREAD_NAME_CHARS);
            let _ = (p.study_type(), p.editorial_notice());
            let message = recap::ThreadMessage {
                author_id: seed,
                author_is_bot: false,
                text: text.clone(),
                sent_at: now,
            };
            let _ = recap::recap(&[message], now, now);
        }
    }

    #[test]
    fn authors_are_shown_three_then_et_al() {
        let mut p = paper("x");
        p.authors = vec!["A".into(), "B".into()];
        assert_eq!(p.authors_line(), "A, B");
        p.authors = ["A", "B", "C", "D"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(p.authors_line(), "A, B, C et al.");
    }
}
