//! Names of people.
//!
//! A word is taken for a name when something says so: a title ("Dr Patel", "Mrs. Okafor"), a cue
//! ("patient named…", "my pt, Jane Doe", "her son Michael", "saw Siobhan"), the name dictionary
//! ("Maria Gonzalez", "john smith"), an initial ("J. Smith"), or what follows it ("Amira Haddad, 34,",
//! "Ivan Petrov (91)", "(DOB …"). Once a name is found, its other mentions in the text go too.
//!
//! Eponyms are medicine, not people: a name followed by "disease", "syndrome", "sign", "score" and
//! the like, or a known eponym standing alone ("Crohn's", "Graves", "Wilson's"), stays.

mod chain;
mod context;
mod evidence;
pub(super) mod openings;
pub(super) mod tokens;

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::{Gazetteer, GAZETTEER};
use super::lexicon::{Lexicon, LEXICON};
use super::{window_after, Candidate, Identifier};
use chain::is_initial;
pub(super) use context::drug_shaped;
use tokens::{tokenize, Gap, Shape, Token};

/// What comes after a name in a clinical note: an age, a record number, a date of birth, an
/// admission; or a verb only people do ("Yvonne rang", "Kieran, admitted on…").
static CLINICAL_CONTEXT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        ^\s*,?\s+(?:rang|rings|phoned|called|asked|asks|says|said|told|tells|wants|wanted|refused
            |refuses|refusing|declined|declines|declining|consented|agreed|agrees|complained|complains
            |reckons|thinks|thought|feels|felt|lives|lived|died|passed\s+away|fell|collapsed|presented
            |attended|arrived|walked|drives|smokes|drinks|works|worked|insists|insisted|prefers
            |preferred|texted|emailed|messaged|admitted|discharged|transferred|referred|self-discharged
            |who)\b
        |
        ^(?:'s|’s)?
        (?: \s*[,(]\s*(?:aged?\s*)?(?:1[01]\d|120|\d{1,2})\s*(?-i:[MF])?\s*(?:yo|y/o|y\.o\.|yrs?|years?(?:\s+old)?)?\s*(?:,|\)|$|\.\.|;)
          | \s*[,(]\s*\#?\d{4,}
          | \s*[,(]?\s*(?:aged?|dob|d\.o\.b|mrn|nhs\s+(?:no|number)|ssn|born|chi|uhid|urn|ihi|hosp(?:ital)?\s+(?:no|number))\b
        )",
    )
    .expect("clinical context compiles")
});

/// A verb right after a run of capitalised words: the run is doing something, as people do.
static ACTS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:has|had|is|was|will|would|can|could|needs|keeps|kept|gets|got|takes|took|came|went|\p{Ll}+ed)\b")
        .expect("acts-after compiles")
});

pub(super) fn find(text: &str) -> Vec<Candidate> {
    let lexicon = &*LEXICON;
    let tokens = tokenize(text);
    let mut marked = vec![None; tokens.len()];
    let mut finder = Finder {
        tokens: &tokens,
        lexicon,
        gazetteer: &GAZETTEER,
        marked: &mut marked,
        rule: "title",
    };
    finder.titles();
    finder.rule = "cue word";
    finder.cues();
    finder.rule = "name list (names.txt)";
    finder.dictionary();
    finder.rule = "clinical context";
    finder.clinical_context(text);
    finder.gazetteer_evidence(text);
    finder.context_evidence(text);
    finder.openings(text);
    finder.rule = "repeated mention";
    finder.repeated_mentions();
    let mut found = spans(&tokens, &marked);
    // "Johnson & Johnson", "Marks & Spencer": names joined by an ampersand are a company.
    found.retain(|span| !evidence::in_company_name(text, span.start, span.end));
    let initials = evidence::initials(text);
    found.retain(|s| !initials.iter().any(|&(a, b)| a <= s.start && s.end <= b));
    found.extend(
        initials
            .into_iter()
            .map(|(a, b)| Candidate::new(Identifier::Name, a, b).by("initials")),
    );
    found
}

struct Finder<'a> {
    tokens: &'a [Token],
    lexicon: &'a Lexicon,
    gazetteer: &'a Gazetteer,
    /// Per word, the rule that took it for part of a name.
    marked: &'a mut [Option<&'static str>],
    /// The rule now marking words, reported by `rounds redact --explain`.
    rule: &'static str,
}

/// How a name was introduced, which decides how much evidence the chain of words needs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Evidence {
    /// After a title: even an eponym surname is a person ("Mr Wilson").
    Title,
    /// After a cue word: lower-case dictionary names count too.
    Cue,
    /// Nothing but the words themselves.
    Words,
}

impl Finder<'_> {
    fn titles(&mut self) {
        for i in 0..self.tokens.len() {
            let title = &self.tokens[i];
            let counts = match title.shape {
                Shape::Capitalised => self.lexicon.titles.contains(title.key.as_str()),
                Shape::Lower => {
                    self.lexicon.titles.contains(title.key.as_str())
                        && !self.lexicon.noun_titles.contains(title.key.as_str())
                }
                _ => false,
            };
            if counts && !title.possessive {
                self.mark_chain(i + 1, Evidence::Title, &[Gap::Space, Gap::Dot]);
            }
        }
    }

    fn cues(&mut self) {
        for i in 0..self.tokens.len() {
            let cue = self.tokens[i].key.as_str();
            if !(self.lexicon.person_cues.contains(cue)
                || self.lexicon.verb_cues.contains(cue)
                || self.lexicon.speech_verbs.contains(cue))
            {
                continue;
            }
            let mut next = i + 1;
            while self
                .tokens
                .get(next)
                .is_some_and(|t| self.lexicon.fillers.contains(t.key.as_str()))
                && next < i + 3
            {
                next += 1;
            }
            let evidence = if self.lexicon.verb_cues.contains(cue) {
                Evidence::Words
            } else {
                Evidence::Cue
            };
            self.mark_chain(next, evidence, &[Gap::Space, Gap::Soft]);
        }
    }

    fn dictionary(&mut self) {
        let lexicon = self.lexicon;
        for i in 0..self.tokens.len() {
            let token = &self.tokens[i];
            let next = self
                .tokens
                .get(i + 1)
                .filter(|n| n.gap == Gap::Space || n.gap == Gap::Dot);
            let next_is_name = |shape: Shape| {
                next.is_some_and(|n| {
                    n.shape == shape && lexicon.is_any_name(&n.key) && !lexicon.is_stopword(&n.key)
                })
            };
            let starts_name = match token.shape {
                Shape::Capitalised => {
                    lexicon.is_given(&token.key)
                        || lexicon.surnames.contains(&token.key)
                        || (lexicon.is_any_name(&token.key) && next_is_name(Shape::Capitalised))
                }
                Shape::Initial => next_is_name(Shape::Capitalised) && !token.possessive,
                Shape::Lower => {
                    lexicon.is_given(&token.key)
                        && next
                            .is_some_and(|n| n.shape == Shape::Lower && lexicon.is_surname(&n.key))
                }
                Shape::Other => false,
            };
            // "St John's wort", "St Mary's": a saint's name is a plant, a hospital or a place.
            if starts_name
                && self.marked[i].is_none()
                && !lexicon.is_stopword(&token.key)
                && !after_saint(self.tokens, i)
            {
                let first = self.with_given_name_before(i);
                self.mark_chain(
                    first,
                    Evidence::Words,
                    &[Gap::Space, Gap::Dot, Gap::Soft, Gap::Hard],
                );
            }
        }
    }

    /// "Oluwaseun Adeyemi": a capitalised word just before a known surname is its given name.
    fn with_given_name_before(&self, i: usize) -> usize {
        let (Some(previous), token) = (
            i.checked_sub(1).and_then(|p| self.tokens.get(p)),
            &self.tokens[i],
        ) else {
            return i;
        };
        let joined =
            token.gap == Gap::Space && previous.shape == Shape::Capitalised && !previous.possessive;
        if after_saint(self.tokens, i) {
            return i;
        }
        if joined
            && self.lexicon.surnames.contains(&token.key)
            && !self.lexicon.is_stopword(&previous.key)
            && !self.lexicon.titles.contains(previous.key.as_str())
        {
            i - 1
        } else {
            i
        }
    }

    /// Runs of capitalised words followed by an age, a record number or a date of birth, and
    /// possessive ones followed by a relative ("Tanaka's daughter").
    fn clinical_context(&mut self, text: &str) {
        let mut i = 0;
        while i < self.tokens.len() {
            let mut end = i;
            while end < self.tokens.len()
                && end - i < 3
                && self.is_plain_capitalised(end)
                && (end == i || self.tokens[end].gap == Gap::Space)
            {
                end += 1;
                if self.tokens[end - 1].possessive {
                    break;
                }
            }
            if end > i {
                let last = &self.tokens[end - 1];
                let relation = last.possessive
                    && self
                        .tokens
                        .get(end)
                        .is_some_and(|n| self.lexicon.relations.contains(n.key.as_str()));
                // Two or three capitalised words that are not words we know, doing something
                // ("Nkechi Obi-Williams had…") or owning something ("Marek Dvořák's MRSA
                // screen"), are shaped like a full name.
                let full_name_shape = end - i >= 2
                    && (last.possessive || ACTS_AFTER.is_match(window_after(text, last.end, 24)));
                if relation
                    || full_name_shape
                    || CLINICAL_CONTEXT_AFTER.is_match(window_after(text, last.end, 40))
                {
                    self.mark_range(i, end, Evidence::Words);
                }
                i = end;
            } else {
                i += 1;
            }
        }
    }

    fn is_plain_capitalised(&self, i: usize) -> bool {
        let token = &self.tokens[i];
        token.shape == Shape::Capitalised
            && !self.lexicon.is_stopword(&token.key)
            && !self.lexicon.titles.contains(token.key.as_str())
            && !self.lexicon.eponyms.contains(&token.key)
    }

    /// Once "Okafor" is known to be a name, "Okafor" elsewhere in the text is too.
    fn repeated_mentions(&mut self) {
        let known: HashSet<&str> = self
            .tokens
            .iter()
            .zip(self.marked.iter())
            .filter(|(t, marked)| {
                marked.is_some() && t.shape == Shape::Capitalised && t.key.chars().count() > 1
            })
            .map(|(t, _)| t.key.as_str())
            .collect();
        for (token, marked) in self.tokens.iter().zip(self.marked.iter_mut()) {
            if token.shape == Shape::Capitalised
                && known.contains(token.key.as_str())
                && !self.lexicon.eponyms.contains(&token.key)
                && marked.is_none()
            {
                *marked = Some(self.rule);
            }
        }
    }
}

fn after_saint(tokens: &[Token], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|p| tokens.get(p))
        .is_some_and(|p| {
            matches!(p.key.as_str(), "st" | "saint" | "ste") && p.shape == Shape::Capitalised
        })
        && matches!(tokens[i].gap, Gap::Space | Gap::Dot)
}

/// Consecutive marked words joined only by spaces (or an initial's full stop) are one name.
fn spans(tokens: &[Token], marked: &[Option<&'static str>]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let Some(rule) = marked[i] else {
            continue;
        };
        let continues = i > 0
            && marked[i - 1].is_some()
            && !tokens[i - 1].possessive
            && (token.gap == Gap::Space || (token.gap == Gap::Dot && is_initial(&tokens[i - 1])));
        match out.last_mut() {
            Some(last) if continues => last.end = token.end,
            _ => out.push(Candidate::new(Identifier::Name, token.start, token.end).by(rule)),
        }
    }
    out
}
