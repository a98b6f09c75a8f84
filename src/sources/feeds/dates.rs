//! Dates as feeds write them: RFC 822/2822 in RSS 2.0 (`Tue, 07 May 2024 09:00:00 GMT`),
//! RFC 3339 in Atom and JSON Feed, and W3C-DTF in Dublin Core (`2024-05-07`, `2024-05-07T09:00Z`).
//! Publishers get these wrong often enough that a date we cannot read is not an error: the item
//! simply has no date.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Some(date.with_timezone(&Utc));
    }
    if let Ok(date) = DateTime::parse_from_rfc2822(text) {
        return Some(date.with_timezone(&Utc));
    }
    // Full day names ("Tuesday, 07 May 2024 …") are common and not RFC 2822.
    if let Some((day, rest)) = text.split_once(',') {
        if day.len() > 3 && day.chars().all(|c| c.is_ascii_alphabetic()) {
            if let Ok(date) =
                DateTime::parse_from_rfc2822(&format!("{}, {}", &day[..3], rest.trim()))
            {
                return Some(date.with_timezone(&Utc));
            }
        }
    }
    // W3C-DTF variants without a zone, and a space instead of `T`: read as UTC.
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S %z",
    ] {
        if let Ok(date) = NaiveDateTime::parse_from_str(text, format) {
            return Some(date.and_utc());
        }
        if let Ok(date) = DateTime::parse_from_str(text, format) {
            return Some(date.with_timezone(&Utc));
        }
    }
    if let Ok(date) = DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M%:z") {
        return Some(date.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn reads_the_formats_feeds_use() {
        let nine = utc("2024-05-07T09:00:00Z");
        for text in [
            "2024-05-07T09:00:00Z",
            "2024-05-07T11:00:00+02:00",
            "Tue, 07 May 2024 09:00:00 GMT",
            "Tue, 07 May 2024 05:00:00 -0400",
            "Tue, 7 May 2024 09:00:00 +0000",
            "Tuesday, 07 May 2024 09:00:00 GMT",
            "2024-05-07T09:00:00",
            "2024-05-07T09:00",
            "2024-05-07 09:00:00",
            "2024-05-07T10:00+01:00",
            "  2024-05-07T09:00:00.000Z ",
        ] {
            assert_eq!(parse_date(text), Some(nine), "{text}");
        }
        assert_eq!(parse_date("2024-05-07"), Some(utc("2024-05-07T00:00:00Z")));
    }

    #[test]
    fn unreadable_dates_are_none() {
        for text in [
            "",
            "yesterday",
            "07/05/2024",
            "2024-13-45",
            "Tue, 99 Foo 2024",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }
}
