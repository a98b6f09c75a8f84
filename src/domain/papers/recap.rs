//! The recap `/journalclub close` posts: who took part, how much was said, the questions raised and
//! the links shared, computed from the thread's messages alone.

use chrono::{DateTime, Duration, Utc};
use regex::Regex;
use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

/// How many questions and links a recap lists; the counts cover them all.
pub const MAX_LISTED: usize = 10;

static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bhttps?://[^\s<>]+").expect("link pattern compiles"));

/// One message of the thread, as the recap needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadMessage {
    pub author_id: u64,
    /// Bots (Rounds itself included) are not participants.
    pub author_is_bot: bool,
    pub text: String,
    pub sent_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recap {
    /// Members who wrote, most messages first (ties: who wrote first).
    pub participants: Vec<u64>,
    /// Messages written by members.
    pub messages: usize,
    /// How many member messages asked something, and the first few of them.
    pub question_count: usize,
    pub questions: Vec<String>,
    /// Distinct links shared by members, in order of first appearance, and the first few of them.
    pub link_count: usize,
    pub links: Vec<String>,
    /// From the session's start (or the thread's opening) to the close.
    pub duration: Duration,
    /// Messages arrived but none had readable text: the bot lacks the Message Content intent.
    pub text_hidden: bool,
}

/// Builds the recap. `since` is when the session began (its scheduled start, or the thread's
/// opening when it had none or starts later); messages may come in any order.
pub fn recap(messages: &[ThreadMessage], since: DateTime<Utc>, closed_at: DateTime<Utc>) -> Recap {
    let mut members: Vec<&ThreadMessage> = messages.iter().filter(|m| !m.author_is_bot).collect();
    members.sort_by_key(|m| m.sent_at);
    let mut counts: BTreeMap<u64, (usize, usize)> = BTreeMap::new();
    for (order, message) in members.iter().enumerate() {
        let entry = counts.entry(message.author_id).or_insert((0, order));
        entry.0 += 1;
    }
    let mut participants: Vec<(u64, usize, usize)> = counts
        .into_iter()
        .map(|(id, (count, first))| (id, count, first))
        .collect();
    participants.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));

    let asked: Vec<String> = members
        .iter()
        .filter(|m| asks_something(&m.text))
        .map(|m| m.text.trim().to_owned())
        .collect();
    let mut seen = HashSet::new();
    let links: Vec<String> = members
        .iter()
        .flat_map(|m| links_in(&m.text))
        .filter(|link| seen.insert(link.clone()))
        .collect();
    Recap {
        participants: participants.into_iter().map(|(id, _, _)| id).collect(),
        messages: members.len(),
        question_count: asked.len(),
        questions: asked.into_iter().take(MAX_LISTED).collect(),
        link_count: links.len(),
        links: links.into_iter().take(MAX_LISTED).collect(),
        duration: (closed_at - since).max(Duration::zero()),
        text_hidden: !members.is_empty() && members.iter().all(|m| m.text.trim().is_empty()),
    }
}

/// A question mark outside links (whose query strings have plenty).
fn asks_something(text: &str) -> bool {
    LINK.replace_all(text, " ").contains(['?', '？'])
}

/// Links in a text, without the punctuation that closes a sentence or a bracket around them.
fn links_in(text: &str) -> Vec<String> {
    LINK.find_iter(text)
        .map(|m| {
            let link = m.as_str();
            let mut end = link.len();
            loop {
                let trimmed =
                    link[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_']);
                let unbalanced = trimmed.ends_with(')')
                    && trimmed.matches(')').count() > trimmed.matches('(').count();
                let next = if unbalanced {
                    trimmed.len() - 1
                } else {
                    trimmed.len()
                };
                if next == end {
                    break;
                }
                end = next;
            }
            link[..end].to_owned()
        })
        .filter(|link| link.len() > "https://".len())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-03T18:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
            + Duration::minutes(minute)
    }

    fn message(author: u64, minute: i64, text: &str) -> ThreadMessage {
        ThreadMessage {
            author_id: author,
            author_is_bot: author == 1,
            text: text.to_owned(),
            sent_at: at(minute),
        }
    }

    #[test]
    fn a_discussion_is_summed_up() {
        let messages = vec![
            message(1, 0, "Welcome? Here is the paper https://doi.org/10.5555/x"),
            message(20, 3, "Was allocation concealed?"),
            message(
                10,
                1,
                "Great paper, protocol at https://clinicaltrials.gov/study/NCT0001.",
            ),
            message(
                20,
                5,
                "See (https://example.org/a_(b)) and https://clinicaltrials.gov/study/NCT0001",
            ),
            message(10, 9, "https://example.org/search?q=x&y=z is the search"),
        ];
        let recap = recap(&messages, at(0), at(45));
        assert_eq!(recap.participants, [10, 20]);
        assert_eq!(recap.messages, 4);
        assert_eq!(recap.question_count, 1);
        assert_eq!(recap.questions, ["Was allocation concealed?"]);
        assert_eq!(
            recap.links,
            [
                "https://clinicaltrials.gov/study/NCT0001",
                "https://example.org/a_(b)",
                "https://example.org/search?q=x&y=z"
            ]
        );
        assert_eq!(recap.duration, Duration::minutes(45));
        assert!(!recap.text_hidden);
    }

    #[test]
    fn a_silent_thread_and_hidden_text_are_told_apart() {
        let empty = recap(&[message(1, 0, "opening")], at(0), at(10));
        assert_eq!(empty.messages, 0);
        assert!(empty.participants.is_empty());
        assert!(!empty.text_hidden);
        let hidden = recap(&[message(7, 1, ""), message(8, 2, "")], at(0), at(10));
        assert_eq!(hidden.participants, [7, 8]);
        assert!(hidden.text_hidden);
        let backwards = recap(&[], at(10), at(0));
        assert_eq!(backwards.duration, Duration::zero());
    }
}
