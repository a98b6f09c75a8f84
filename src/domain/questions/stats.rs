//! `/questions stats`: volume by day, top topics and top entities over a window.

use super::QuestionTag;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One stored question, as much of it as statistics need.
#[derive(Debug, Clone)]
pub struct QuestionFacts {
    pub asked_at: DateTime<Utc>,
    pub asker: String,
    pub topic: Option<String>,
    pub tags: Vec<QuestionTag>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionStats {
    pub total: usize,
    pub askers: usize,
    /// Every day of the window, oldest first, with its count (zero days included).
    pub by_day: Vec<(NaiveDate, usize)>,
    /// Topics and hashtags, most asked first: (label, count).
    pub top_topics: Vec<(String, usize)>,
    /// Drugs, diseases and manufacturers, most asked first: (kind, canonical, count).
    pub top_entities: Vec<(String, String, usize)>,
}

/// How many entries the top lists keep.
pub const TOP: usize = 10;

/// Summarises the questions asked in `[since, until)`.
pub fn question_stats(
    questions: &[QuestionFacts],
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> QuestionStats {
    let in_window: Vec<&QuestionFacts> = questions
        .iter()
        .filter(|q| q.asked_at >= since && q.asked_at < until)
        .collect();
    let askers: HashSet<&str> = in_window.iter().map(|q| q.asker.as_str()).collect();

    let mut by_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    let mut day = since.date_naive();
    while day <= until.date_naive() && by_day.len() < 400 {
        by_day.insert(day, 0);
        day = day.succ_opt().unwrap_or(day);
    }
    let mut topics: HashMap<String, usize> = HashMap::new();
    let mut entities: HashMap<(String, String), usize> = HashMap::new();
    for question in &in_window {
        *by_day.entry(question.asked_at.date_naive()).or_default() += 1;
        let mut labels: HashSet<String> = HashSet::new();
        if let Some(topic) = &question.topic {
            labels.insert(topic.trim_start_matches('#').to_lowercase());
        }
        for tag in &question.tags {
            if tag.kind == "hashtag" {
                labels.insert(tag.value.clone());
            } else {
                *entities
                    .entry((tag.kind.clone(), tag.value.clone()))
                    .or_default() += 1;
            }
        }
        for label in labels {
            *topics.entry(label).or_default() += 1;
        }
    }

    let mut top_topics: Vec<(String, usize)> = topics.into_iter().collect();
    top_topics.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top_topics.truncate(TOP);
    let mut top_entities: Vec<(String, String, usize)> = entities
        .into_iter()
        .map(|((kind, value), count)| (kind, value, count))
        .collect();
    top_entities.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
    top_entities.truncate(TOP);

    QuestionStats {
        total: in_window.len(),
        askers: askers.len(),
        by_day: by_day.into_iter().collect(),
        top_topics,
        top_entities,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
    }

    fn tag(kind: &str, value: &str) -> QuestionTag {
        QuestionTag {
            kind: kind.to_owned(),
            value: value.to_owned(),
        }
    }

    #[test]
    fn counts_days_topics_and_entities_within_the_window() {
        let questions = vec![
            QuestionFacts {
                asked_at: at(20, 9),
                asker: "a".into(),
                topic: Some("#HFrEF".into()),
                tags: vec![tag("hashtag", "hfref"), tag("drug", "Dapagliflozin")],
            },
            QuestionFacts {
                asked_at: at(20, 18),
                asker: "b".into(),
                topic: None,
                tags: vec![
                    tag("drug", "Dapagliflozin"),
                    tag("disease", "Heart Failure"),
                ],
            },
            QuestionFacts {
                asked_at: at(22, 7),
                asker: "a".into(),
                topic: Some("dosing".into()),
                tags: vec![tag("drug", "Metformin")],
            },
            // Outside the window.
            QuestionFacts {
                asked_at: at(10, 7),
                asker: "c".into(),
                topic: Some("old".into()),
                tags: vec![tag("drug", "Metformin")],
            },
        ];
        let stats = question_stats(&questions, at(19, 12), at(23, 12));
        assert_eq!(stats.total, 3);
        assert_eq!(stats.askers, 2);
        let days: Vec<usize> = stats.by_day.iter().map(|(_, n)| *n).collect();
        assert_eq!(days, [0, 2, 0, 1, 0]);
        assert_eq!(
            stats.top_topics,
            [("dosing".to_owned(), 1), ("hfref".to_owned(), 1)]
        );
        assert_eq!(
            stats.top_entities[0],
            ("drug".to_owned(), "Dapagliflozin".to_owned(), 2)
        );
        assert_eq!(stats.top_entities.len(), 3);
    }

    #[test]
    fn an_empty_window_has_zero_days_and_no_tops() {
        let stats = question_stats(&[], at(1, 0), at(3, 0));
        assert_eq!(stats.total, 0);
        assert_eq!(stats.by_day.len(), 3);
        assert!(stats.top_topics.is_empty());
    }
}
