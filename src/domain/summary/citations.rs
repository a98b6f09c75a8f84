//! Keeping an abstractive summary honest: it may only say what the numbered posts it was given say,
//! and every sentence must point at them. Sentences without a citation, or citing a post it was not
//! given, are dropped.

/// One kept sentence and the post numbers (1-based) it cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedSentence {
    pub text: String,
    pub cites: Vec<usize>,
}

/// The sentences of `text` that cite only posts `1..=given`, with their citations. Empty when none
/// qualifies, which the caller treats as a failed summary.
pub fn cited_sentences(text: &str, given: usize) -> Vec<CitedSentence> {
    split_sentences(text)
        .into_iter()
        .filter_map(|sentence| {
            let cites = citations_in(&sentence)?;
            let valid = !cites.is_empty() && cites.iter().all(|&n| (1..=given).contains(&n));
            valid.then_some(CitedSentence {
                text: sentence,
                cites,
            })
        })
        .collect()
}

/// Sentences end at `.`, `!` or `?` followed by whitespace (or the end), or at a line break, once
/// any citation right after the punctuation ("… 20% [1].") is included.
fn split_sentences(text: &str) -> Vec<String> {
    let mut sentences = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            push_sentence(&mut sentences, &mut current);
            continue;
        }
        current.push(c);
        let at_end = chars.get(i + 1).is_none_or(|n| n.is_whitespace());
        let next_starts_citation = chars[i + 1..]
            .iter()
            .find(|c| !c.is_whitespace())
            .is_some_and(|&c| c == '[');
        if matches!(c, '.' | '!' | '?') && at_end && !next_starts_citation {
            push_sentence(&mut sentences, &mut current);
        }
    }
    push_sentence(&mut sentences, &mut current);
    sentences
}

fn push_sentence(sentences: &mut Vec<String>, current: &mut String) {
    let trimmed = current.trim().trim_start_matches(['-', '*', '•']).trim();
    if !trimmed.is_empty() {
        sentences.push(trimmed.to_owned());
    }
    current.clear();
}

/// Numbers in `[1]`, `[2, 3]` or `[1][4]`; `None` when a bracket holds something that is not a
/// list of numbers, since a sentence citing "[a]" is not citing the posts.
fn citations_in(sentence: &str) -> Option<Vec<usize>> {
    let mut cites = Vec::new();
    let mut rest = sentence;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let close = after.find(']')?;
        for piece in after[..close].split(',') {
            let n: usize = piece.trim().parse().ok()?;
            if !cites.contains(&n) {
                cites.push(n);
            }
        }
        rest = &after[close + 1..];
    }
    Some(cites)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_keep_only_valid_citations() {
        let text =
            "Semaglutide cut MACE by 20% [1]. Supply is short [2, 3].\nIt cures everything. \
                    Some say it causes X [7]. Others agree [1][2]!";
        let kept = cited_sentences(text, 3);
        let texts: Vec<&str> = kept.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Semaglutide cut MACE by 20% [1].",
                "Supply is short [2, 3].",
                "Others agree [1][2]!"
            ]
        );
        assert_eq!(kept[1].cites, [2, 3]);
    }

    #[test]
    fn uncited_text_gives_nothing() {
        assert!(cited_sentences("No citations here. None at all.", 3).is_empty());
        assert!(cited_sentences("Bad [a] cite.", 3).is_empty());
        assert!(cited_sentences("Zero [0].", 3).is_empty());
        assert!(cited_sentences("", 3).is_empty());
    }
}
