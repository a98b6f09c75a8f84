//! Surge detection (issue #16): which of a guild's topics (tracked hashtags, drugs, diseases) are
//! suddenly talked about far more than usual for this hour of the day and day of the week.
//!
//! Pure: the caller hands in hourly counts, oldest first, whose last element is the hour being
//! judged (the last complete hour), and the time that hour starts; nothing here reads a clock.
//!
//! What is counted is decided by the store and documented there: the **distinct authors** of the
//! hour's original posts on the topic (reposts are not counted, and an author posting ten times
//! counts once). So a burst of reposts of one post, or one account flooding a hashtag, is not a
//! surge; many people starting to talk about something is.
//!
//! The rule, in `baseline`: the usual count of an hour is estimated from the same hour of the day on
//! each of the last seven days (a trimmed mean: a past surge does not raise it; each day's point is
//! that hour and its two neighbours, scaled back by how much busier that hour is than them over two
//! weeks, so one heavy-tailed hour does not set a day's point) and from the same
//! hour of the week in up to four earlier weeks (so a weekly chat or a quiet weekend is usual too),
//! taking the higher of the two; the seven days are scaled by how busy this day of the week is,
//! from earlier weeks, leaving out an exceptional day (a holiday, a collection gap: well below both
//! neighbouring days and the same day in other weeks). The last two hours together are then
//! compared with their usual sum: a surge needs a minimum volume, a ratio, both hours well above
//! their usual counts, and a score (a variance-stabilised distance over the noise to expect: a fixed allowance for busy topics,
//! or how far the same hours stood from their own usual counts on up to fourteen earlier days if
//! larger) above thresholds set by the channel's sensitivity, raised while there is less than a week
//! of history and much more with less than four days. Requiring two hours keeps one noisy hour
//! quiet; an hour far above its usual is reported at once unless the hour before was below usual.
//! A topic that ran above its usual for the whole day before (a conference week, a new normal) must
//! also stand well above that level: a plateau is not a surge.
//! Measured in tests/surge (README, "Surge alerts").

mod baseline;
#[cfg(test)]
mod tests;
pub mod topics;

pub use baseline::{usual_count, HISTORY_HOURS};

use chrono::{DateTime, Duration, Utc};
use std::fmt;
use std::str::FromStr;

/// What a topic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TopicKind {
    Hashtag,
    Drug,
    Disease,
}

impl TopicKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hashtag => "hashtag",
            Self::Drug => "drug",
            Self::Disease => "disease",
        }
    }
}

impl FromStr for TopicKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "hashtag" => Ok(Self::Hashtag),
            "drug" => Ok(Self::Drug),
            "disease" => Ok(Self::Disease),
            _ => Err(()),
        }
    }
}

/// A topic whose volume is followed: a tracked hashtag (its key), or a drug or disease (its
/// lexicon's canonical name).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Topic {
    pub kind: TopicKind,
    pub name: String,
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            TopicKind::Hashtag => write!(f, "#{}", self.name),
            _ => f.write_str(&self.name),
        }
    }
}

/// How readily a channel is alerted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Sensitivity {
    Low,
    #[default]
    Normal,
    High,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("`{0}` is not a sensitivity: use low, normal or high")]
pub struct ParseSensitivityError(String);

impl Sensitivity {
    pub fn parse(text: &str) -> Result<Self, ParseSensitivityError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "low" => Ok(Self::Low),
            "normal" | "" => Ok(Self::Normal),
            "high" => Ok(Self::High),
            _ => Err(ParseSensitivityError(text.to_owned())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Normal => "normal",
            Self::High => "high",
        }
    }

    /// The thresholds of this sensitivity. `Normal` is the one measured in tests/surge (README,
    /// "Quality targets"); the others move every threshold the same way.
    pub fn thresholds(self) -> Thresholds {
        match self {
            Self::Low => Thresholds {
                min_authors: 16,
                ratio: 3.0,
                score: 5.0,
            },
            Self::Normal => Thresholds {
                min_authors: 10,
                ratio: 2.2,
                score: 3.8,
            },
            Self::High => Thresholds {
                min_authors: 6,
                ratio: 1.8,
                score: 3.0,
            },
        }
    }
}

/// What a surge must reach over the last two hours together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Distinct authors in the two hours: below this nothing is a surge, whatever the ratio.
    pub min_authors: u32,
    /// Count over usual count.
    pub ratio: f64,
    /// Score (see `Surge::score`).
    pub score: f64,
}

/// A topic's hourly counts, oldest first; the last one is the hour being judged.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicSeries {
    pub topic: Topic,
    pub counts: Vec<u32>,
}

/// What the detector says about the last hour of one series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    /// Count of the last hour.
    pub now: u32,
    /// Usual count of the last hour.
    pub usual: f64,
    /// How far the last two hours are above usual, in standard deviations of their noise.
    pub score: f64,
    /// How many hours before the last one the surge began (0: it began in the last hour).
    pub began_hours_ago: usize,
}

/// A surge in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Surge {
    pub topic: Topic,
    /// Distinct authors in the last complete hour.
    pub now: u32,
    /// Usual count for that hour of that day of the week.
    pub usual: f64,
    /// How far above usual, in standard deviations of the noise expected (higher is more unusual).
    pub score: f64,
    /// The start of the first hour of the surge: with the topic, what makes it one announcement.
    pub started: DateTime<Utc>,
}

/// Judges the last hour of `counts`: `Some` when a surge is in progress in it.
pub fn assess(counts: &[u32], sensitivity: Sensitivity) -> Option<Assessment> {
    baseline::assess(counts, sensitivity.thresholds())
}

/// The surges in progress in the hour starting at `hour`, the last hour of every series, most
/// unusual first.
pub fn detect(series: &[TopicSeries], hour: DateTime<Utc>, sensitivity: Sensitivity) -> Vec<Surge> {
    let mut surges: Vec<Surge> = series
        .iter()
        .filter_map(|s| {
            let a = assess(&s.counts, sensitivity)?;
            Some(Surge {
                topic: s.topic.clone(),
                now: a.now,
                usual: a.usual,
                score: a.score,
                started: hour - Duration::hours(a.began_hours_ago as i64),
            })
        })
        .collect();
    surges.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.topic.cmp(&b.topic))
    });
    surges
}

/// The naive rule the detector is measured against: the last 24 hours hold more than three times
/// the 24 hours before, and at least `min_authors`. Kept here so the test and the README describe
/// the same rule.
pub fn naive_day_over_day(counts: &[u32], min_authors: u32) -> bool {
    let n = counts.len();
    if n < 48 {
        return false;
    }
    let today: u32 = counts[n - 24..].iter().sum();
    let yesterday: u32 = counts[n - 48..n - 24].iter().sum();
    today >= min_authors && f64::from(today) > 3.0 * f64::from(yesterday)
}
