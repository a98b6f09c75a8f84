//! Response headers the sources act on: how long a 429 asks us to wait (`Retry-After`, rate-limit
//! reset times) and the Mastodon `Link` header that pages a timeline.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rounds::sources::http::retry_after;
use rounds::sources::mastodon::page::link_id;
use std::time::Duration;

fuzz_target!(|data: &[u8]| {
    let headers = rounds_fuzz::headers(data);
    if let Some(wait) = retry_after(&headers) {
        assert!(wait <= Duration::from_secs(3600), "waits {wait:?}");
    }
    for (rel, param) in [("next", "max_id"), ("prev", "min_id")] {
        if let Some(id) = link_id(&headers, rel, param) {
            assert!(
                !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric())
            );
        }
    }
});
