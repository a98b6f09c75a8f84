//! How a run of words becomes a name: where a chain of name-like words starts and stops, which
//! words may belong to it after a title, a cue or on their own, and when the run is an eponym
//! ("Parkinson's disease", "San Francisco syncope rule") rather than a person.

use super::tokens::{Gap, Shape, Token};
use super::{Evidence, Finder, CLINICAL_CONTEXT_AFTER};

impl Finder<'_> {
    /// Marks the longest chain of name-like words starting at `from`, unless it is an eponym.
    pub(super) fn mark_chain(&mut self, from: usize, evidence: Evidence, first_gaps: &[Gap]) {
        let Some(first) = self.tokens.get(from) else {
            return;
        };
        if !first_gaps.contains(&first.gap) {
            return;
        }
        let mut end = from;
        while end < self.tokens.len() && end - from < 4 {
            let token = &self.tokens[end];
            let joined = end == from
                || token.gap == Gap::Space
                || (token.gap == Gap::Dot && is_initial(&self.tokens[end - 1]));
            if !joined || !self.is_name_word(end, evidence, end == from) {
                break;
            }
            end += 1;
            if token.possessive {
                break;
            }
        }
        self.mark_range(from, end, evidence);
    }

    fn is_name_word(&self, i: usize, evidence: Evidence, first: bool) -> bool {
        let token = &self.tokens[i];
        let lexicon = self.lexicon;
        let next_capitalised = self
            .tokens
            .get(i + 1)
            .is_some_and(|n| n.shape == Shape::Capitalised && n.gap == Gap::Space);
        // A middle name that is also a word ("Ethel May Crumb") is a name between two names.
        if !first
            && token.shape == Shape::Capitalised
            && lexicon.given_ambiguous.contains(&token.key)
            && next_capitalised
        {
            return !lexicon.eponym_nouns.contains(&token.key);
        }
        // "Mrs June Armitage", "pt Will Jennings", "Mrs Monday Bassey": after a title or a cue, a
        // given name that is also a word opens the name when a surname-like word follows.
        if first
            && evidence != Evidence::Words
            && token.shape == Shape::Capitalised
            && next_capitalised
            && !lexicon.eponym_nouns.contains(&token.key)
            && !lexicon.titles.contains(token.key.as_str())
            && self.tokens.get(i + 1).is_some_and(|n| {
                let surname = self.gazetteer.surname(&n.key).is_some_and(|f| f > 0)
                    || lexicon.is_surname(&n.key);
                let given_word =
                    self.gazetteer.given(&token.key).is_some() || lexicon.is_any_name(&token.key);
                !lexicon.is_stopword(&n.key)
                    && !lexicon.titles.contains(n.key.as_str())
                    && (surname
                        || (!self.protected(n)
                            && (given_word || !super::super::english::is_word(&n.key))))
            })
        {
            return true;
        }
        if lexicon.is_stopword(&token.key) || self.lexicon.titles.contains(token.key.as_str()) {
            return false;
        }
        // "… Kikuchi-Fujimoto": a hyphenated eponym ends a run of names, never continues it.
        if !first
            && token.key.contains('-')
            && token
                .key
                .split('-')
                .all(|part| lexicon.eponyms.contains(part))
        {
            return false;
        }
        match token.shape {
            Shape::Capitalised => true,
            Shape::Initial => self.tokens.get(i + 1).is_some_and(|n| {
                n.shape == Shape::Capitalised && matches!(n.gap, Gap::Space | Gap::Dot)
            }),
            Shape::Lower if lexicon.particles.contains(token.key.as_str()) => next_capitalised,
            // Lower case is how many people type on Discord; only the dictionary can vouch for it,
            // and a name that is also a word ("said", "will") only right after a title or cue.
            // "mrs p. kowalski": a lower-case initial after a title or cue.
            Shape::Lower if first && evidence != Evidence::Words && token.key.len() == 1 => self
                .tokens
                .get(i + 1)
                .is_some_and(|n| n.gap == Gap::Dot && n.shape != Shape::Other),
            Shape::Lower if first && evidence != Evidence::Words => {
                lexicon.is_any_name(&token.key)
                    || (!self.protected(token)
                        && (self.gazetteer.given(&token.key).is_some_and(|n| n >= 5)
                            || (evidence == Evidence::Title
                                && self.gazetteer.surname(&token.key).is_some_and(|n| n > 0))))
            }
            // After a given name or an initial, any surname will do: "tom baker", "p. kowalski",
            // "marcus delaney".
            Shape::Lower => {
                let previous = i.checked_sub(1).map(|p| &self.tokens[p]);
                let after_given = !first
                    && previous.is_some_and(|p| {
                        lexicon.is_given(&p.key)
                            || self.gazetteer.given(&p.key).is_some()
                            || is_initial(p)
                    });
                lexicon.is_given(&token.key)
                    || lexicon.surnames.contains(&token.key)
                    || (lexicon.surnames_ambiguous.contains(&token.key)
                        && previous.is_some_and(|p| lexicon.is_given(&p.key)))
                    || (after_given
                        && !is_verb(&token.key)
                        && !self.gazetteer.keeps_from_places(&token.key)
                        && !lexicon.is_stopword(&token.key)
                        && self.gazetteer.surname(&token.key).is_some_and(|n| n > 0))
            }
            Shape::Other => false,
        }
    }

    pub(super) fn mark_range(&mut self, from: usize, end: usize, evidence: Evidence) {
        if end <= from || self.is_eponym(from, end, evidence) {
            return;
        }
        // A brand that looks like a given name ("Yasmin", "Camila") is a drug unless a title says
        // otherwise.
        let brand = self.tokens[from..end]
            .iter()
            .all(|t| self.gazetteer.keep_extra.contains(&t.key));
        if brand && evidence != Evidence::Title {
            return;
        }
        for marked in &mut self.marked[from..end] {
            marked.get_or_insert(self.rule);
        }
    }

    /// "Parkinson's disease", "Sister Mary Joseph nodule", "Kaplan-Meier curves", or a known
    /// eponym on its own without a title.
    fn is_eponym(&self, from: usize, end: usize, evidence: Evidence) -> bool {
        let lexicon = self.lexicon;
        // "Patience Owusu's sickle cell crisis": a given name and a surname are a person, whatever
        // noun comes a word later.
        let full_name = end - from >= 2
            && self.gazetteer.given(&self.tokens[from].key).is_some()
            && !lexicon.eponyms.contains(&self.tokens[from].key);
        let ahead = match evidence {
            Evidence::Words if !full_name => 3,
            _ => 1,
        };
        // The noun follows across spaces only ("Demir (hernia)" is a person and an operation),
        // through words that belong to the term ("San Francisco syncope rule", "Edinburgh
        // Postnatal Depression Scale"), never through a function word ("Wakefield with
        // hepatitis").
        let mut noun_follows = false;
        for t in self.tokens[end..].iter().take(ahead) {
            if t.sentence_start || t.gap != Gap::Space {
                break;
            }
            if lexicon.is_eponym_noun(&t.key) {
                noun_follows = true;
                break;
            }
            if lexicon.stopwords.contains(&t.key) {
                break;
            }
            if self.gazetteer.given(&t.key).is_some() && t.shape == Shape::Capitalised {
                break;
            }
        }
        let all_eponyms = self.tokens[from..end].iter().all(|t| {
            lexicon.eponyms.contains(&t.key)
                || t.key.split('-').all(|part| lexicon.eponyms.contains(part))
        });
        noun_follows || (all_eponyms && evidence != Evidence::Title)
    }
}

/// "rang", "phoned", "says": what people do after their name, never their surname.
pub(super) fn is_verb(key: &str) -> bool {
    key.ends_with("ed") || CLINICAL_CONTEXT_AFTER.is_match(&format!(" {key}"))
}

/// "J" or "j" (of "J. Smith", "mrs p. kowalski"): a single letter standing for a name.
pub(super) fn is_initial(token: &Token) -> bool {
    token.shape == Shape::Initial || (token.shape == Shape::Lower && token.key.len() == 1)
}
