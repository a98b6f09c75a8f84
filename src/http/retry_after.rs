//! How long a server asks us to wait: `Retry-After` in either of its forms (delta-seconds or an
//! HTTP-date, RFC 9110 §10.2.3), else the reset time of the common rate-limit headers. Every wait is
//! finite and at most `MAX_WAIT`, whatever the header says (`NaN`, `inf`, a date in 3000).

use chrono::{DateTime, NaiveDateTime, Utc};
use reqwest::header::HeaderMap;
use std::time::Duration;

/// The longest wait a header can ask for; a longer one is read as this.
pub const MAX_WAIT: Duration = Duration::from_secs(3600);

/// Reads a `Retry-After` value at `now`: seconds (a fraction is tolerated, a negative number is
/// no wait) or an HTTP-date in any of the three forms HTTP allows (IMF-fixdate, RFC 850, asctime).
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    // `NaN` and `inf` parse as floats; only a finite number of seconds is a wait.
    if let Some(seconds) = value.parse::<f64>().ok().filter(|s| s.is_finite()) {
        return Some(Duration::from_secs_f64(
            seconds.clamp(0.0, MAX_WAIT.as_secs_f64()),
        ));
    }
    http_date(value).map(|at| until(at, now))
}

/// How long a 429 asks us to wait: `Retry-After`, else a reset time from the rate-limit headers
/// (`X-RateLimit-Reset` as an ISO time or epoch seconds, `x-rate-limit-reset` as epoch seconds).
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    retry_after_at(headers, Utc::now())
}

/// `retry_after` at a given time, for tests.
pub fn retry_after_at(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(wait) = text("retry-after").and_then(|v| parse_retry_after(v, now)) {
        return Some(wait);
    }
    let reset = text("x-ratelimit-reset").or_else(|| text("x-rate-limit-reset"))?;
    let reset_at = match reset.parse::<i64>() {
        Ok(epoch) => DateTime::from_timestamp(epoch, 0)?,
        Err(_) => DateTime::parse_from_rfc3339(reset)
            .ok()?
            .with_timezone(&Utc),
    };
    Some(until(reset_at, now))
}

/// The wait from `now` until `at`: none if it has passed, at most `MAX_WAIT`.
fn until(at: DateTime<Utc>, now: DateTime<Utc>) -> Duration {
    let millis = (at - now)
        .num_milliseconds()
        .clamp(0, MAX_WAIT.as_millis() as i64);
    Duration::from_millis(millis as u64)
}

/// An HTTP-date: `Sun, 06 Nov 1994 08:49:37 GMT` (preferred), `Sunday, 06-Nov-94 08:49:37 GMT`
/// (RFC 850) or `Sun Nov  6 08:49:37 1994` (asctime); all in UTC.
fn http_date(value: &str) -> Option<DateTime<Utc>> {
    // Only the date forms: a bare word or number must not reach the lenient RFC 2822 reader.
    if !value.contains(':') || value.len() > 64 {
        return None;
    }
    if let Ok(date) = DateTime::parse_from_rfc2822(value) {
        return Some(date.with_timezone(&Utc));
    }
    ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(value, format).ok())
        .map(|naive| naive.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn seconds_are_read_and_capped_and_hostile_numbers_are_no_wait() {
        let now = Utc::now();
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after(" 1.5 ", now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(parse_retry_after("-5", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("86400", now), Some(MAX_WAIT));
        for hostile in ["NaN", "-inf", "inf", "1e999", "", "soon", "12abc"] {
            assert_eq!(parse_retry_after(hostile, now), None, "{hostile}");
        }
    }

    #[test]
    fn http_dates_in_all_three_forms_give_the_wait_until_them() {
        let now = at("1994-11-06T08:48:37Z");
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(
                parse_retry_after(form, now),
                Some(Duration::from_secs(60)),
                "{form}"
            );
        }
        // A date that has passed is no wait; one far ahead is capped.
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("Wed, 01 Jan 3000 00:00:00 GMT", now),
            Some(MAX_WAIT)
        );
        assert_eq!(
            parse_retry_after("Sun, 32 Nov 1994 08:49:37 GMT", now),
            None
        );
    }

    #[test]
    fn headers_give_retry_after_first_then_reset_times() {
        let now = Utc::now();
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("7"));
        headers.insert("x-rate-limit-reset", HeaderValue::from_static("0"));
        assert_eq!(retry_after_at(&headers, now), Some(Duration::from_secs(7)));

        let mut headers = HeaderMap::new();
        let reset = (now + chrono::Duration::seconds(30))
            .timestamp()
            .to_string();
        headers.insert("x-rate-limit-reset", HeaderValue::from_str(&reset).unwrap());
        let wait = retry_after_at(&headers, now).unwrap();
        assert!(
            wait <= Duration::from_secs(30) && wait >= Duration::from_secs(29),
            "{wait:?}"
        );

        let mut headers = HeaderMap::new();
        let reset = (now + chrono::Duration::seconds(90)).to_rfc3339();
        headers.insert("x-ratelimit-reset", HeaderValue::from_str(&reset).unwrap());
        let wait = retry_after_at(&headers, now).unwrap();
        assert!(wait > Duration::from_secs(88), "{wait:?}");

        let mut headers = HeaderMap::new();
        let date = (now + chrono::Duration::seconds(120))
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string();
        headers.insert("retry-after", HeaderValue::from_str(&date).unwrap());
        let wait = retry_after_at(&headers, now).unwrap();
        assert!(
            wait <= Duration::from_secs(120) && wait >= Duration::from_secs(119),
            "{wait:?}"
        );

        assert_eq!(retry_after_at(&HeaderMap::new(), now), None);
        // A header that cannot be read falls through to the reset headers, and to nothing.
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("NaN"));
        assert_eq!(retry_after_at(&headers, now), None);
    }
}
