//! The days of the week a digest is posted on, as moderators write them (`daily`, `mon-fri`,
//! `mon,wed,fri`, `sat-sun`) and as the store keeps them (a 7-bit mask, bit 0 = Monday).

use std::fmt;

/// A non-empty set of weekdays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Weekdays(u8);

const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const LABELS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("`{0}` is not a set of weekdays: write `daily`, a range like `mon-fri`, or days like `mon,wed,fri`")]
pub struct ParseWeekdaysError(String);

impl Weekdays {
    /// Every day of the week: the default.
    pub const DAILY: Weekdays = Weekdays(0b111_1111);

    /// Accepts `daily` (or `every day`), `weekdays`, `weekends`, day names (three letters or in full,
    /// any case) separated by commas or spaces, and ranges such as `mon-fri` or `fri-mon` (wrapping
    /// over the weekend).
    pub fn parse(input: &str) -> Result<Self, ParseWeekdaysError> {
        let trimmed = input.trim();
        let error = || ParseWeekdaysError(super::truncate_for_message(trimmed));
        let lower = trimmed.to_lowercase();
        match lower.as_str() {
            "daily" | "every day" | "everyday" | "all" => return Ok(Self::DAILY),
            "weekdays" => return Ok(Self(0b001_1111)),
            "weekends" | "weekend" => return Ok(Self(0b110_0000)),
            _ => {}
        }
        let mut mask = 0u8;
        for item in lower
            .split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match item.split_once(['-', '–']) {
                Some((from, to)) => {
                    let (from, to) = (day(from).ok_or_else(error)?, day(to).ok_or_else(error)?);
                    let mut d = from;
                    loop {
                        mask |= 1 << d;
                        if d == to {
                            break;
                        }
                        d = (d + 1) % 7;
                    }
                }
                None => mask |= 1 << day(item).ok_or_else(error)?,
            }
        }
        Self::from_mask(mask).ok_or_else(error)
    }

    /// The stored mask, if it names at least one day.
    pub fn from_mask(mask: u8) -> Option<Self> {
        (mask != 0 && mask <= 0b111_1111).then_some(Self(mask))
    }

    pub fn mask(self) -> u8 {
        self.0
    }

    /// Whether the day `days_from_monday` (0 = Monday) is chosen.
    pub fn contains(self, days_from_monday: u32) -> bool {
        days_from_monday < 7 && self.0 & (1 << days_from_monday) != 0
    }
}

/// A day name, three letters or in full.
fn day(name: &str) -> Option<u32> {
    const FULL: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let name = name.trim();
    if name.len() < 3 {
        return None;
    }
    let exact_abbreviation = NAMES.iter().position(|n| *n == name);
    let full_prefix = FULL.iter().position(|full| full.starts_with(name));
    exact_abbreviation.or(full_prefix).map(|i| i as u32)
}

impl fmt::Display for Weekdays {
    /// `daily`, `Mon–Fri` for a run of three days or more, else the days: `Mon, Wed, Fri`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Self::DAILY {
            return f.write_str("daily");
        }
        let mut parts = Vec::new();
        let mut d = 0;
        while d < 7 {
            if !self.contains(d) {
                d += 1;
                continue;
            }
            let mut end = d;
            while end + 1 < 7 && self.contains(end + 1) {
                end += 1;
            }
            if end - d >= 2 {
                parts.push(format!("{}–{}", LABELS[d as usize], LABELS[end as usize]));
            } else {
                parts.extend((d..=end).map(|i| LABELS[i as usize].to_owned()));
            }
            d = end + 1;
        }
        f.write_str(&parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_lists_and_daily_parse() {
        assert_eq!(Weekdays::parse("daily").unwrap(), Weekdays::DAILY);
        assert_eq!(Weekdays::parse("mon-fri").unwrap().mask(), 0b001_1111);
        assert_eq!(Weekdays::parse("Mon,Wed,Fri").unwrap().mask(), 0b001_0101);
        assert_eq!(Weekdays::parse("monday").unwrap().mask(), 0b000_0001);
        assert_eq!(Weekdays::parse("fri-mon").unwrap().mask(), 0b111_0001);
        assert_eq!(Weekdays::parse("sat, sun").unwrap().mask(), 0b110_0000);
    }

    #[test]
    fn nonsense_is_refused_with_the_accepted_forms() {
        for bad in ["", "mon-", "funday", "mo", "1-5", "mon;fri", ",", "mon-xyz"] {
            let error = Weekdays::parse(bad).unwrap_err().to_string();
            assert!(error.contains("mon-fri"), "{bad}: {error}");
        }
    }

    #[test]
    fn weekdays_read_back_the_way_people_write_them() {
        let shown = |s: &str| Weekdays::parse(s).unwrap().to_string();
        assert_eq!(shown("daily"), "daily");
        assert_eq!(shown("mon-fri"), "Mon–Fri");
        assert_eq!(shown("mon,wed,fri"), "Mon, Wed, Fri");
        assert_eq!(shown("mon"), "Mon");
        assert_eq!(shown("sat-sun"), "Sat, Sun");
        for text in ["mon-fri", "mon,wed,fri", "sat,sun", "tue-thu,sun"] {
            let parsed = Weekdays::parse(text).unwrap();
            assert_eq!(Weekdays::parse(&parsed.to_string()).unwrap(), parsed);
        }
    }
}
