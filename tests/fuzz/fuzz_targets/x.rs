//! An X recent-search response body, read as the poller reads it, each post then normalised.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rounds::sources::x::read_response;

fuzz_target!(
    // Load the lexicons once up front, so the seconds that takes are not charged to an input.
    init: {
        rounds::domain::entities::Tagger::bundled();
    },
    |body: &[u8]| {
        let Ok(posts) = read_response(body) else {
            return;
        };
        for post in posts {
            // X ids are decimal strings: only those reach cursors and URLs.
            assert!(
                !post.remote_id.is_empty() && post.remote_id.bytes().all(|b| b.is_ascii_digit()),
                "id {:?}",
                post.remote_id
            );
            rounds_fuzz::check_normalized(post);
        }
    }
);
