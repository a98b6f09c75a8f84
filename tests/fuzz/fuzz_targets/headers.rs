//! Response headers the sources act on: how long a 429 asks us to wait (`Retry-After` in seconds or
//! as an HTTP-date, rate-limit reset times) and the Mastodon `Link` header that pages a timeline.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rounds::http::{parse_retry_after, retry_after, MAX_WAIT};
use rounds::sources::mastodon::page::link_id;

fuzz_target!(|data: &[u8]| {
    let headers = rounds_fuzz::headers(data);
    if let Some(wait) = retry_after(&headers) {
        assert!(wait <= MAX_WAIT, "waits {wait:?}");
    }
    // The raw text as a `Retry-After` value, read at a fixed time: seconds, any of the three
    // HTTP-date forms, or nothing; never a panic, never more than the cap.
    if let Ok(text) = std::str::from_utf8(data) {
        let now = chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("a valid time");
        if let Some(wait) = parse_retry_after(text, now) {
            assert!(wait <= MAX_WAIT, "{text:?} waits {wait:?}");
        }
    }
    for (rel, param) in [("next", "max_id"), ("prev", "min_id")] {
        if let Some(id) = link_id(&headers, rel, param) {
            assert!(
                !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric())
            );
        }
    }
});
