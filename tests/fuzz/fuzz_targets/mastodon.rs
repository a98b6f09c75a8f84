//! A Mastodon hashtag-timeline response: its `Link` header and its JSON body of statuses, read as
//! the poller reads them, each post then normalised.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rounds::sources::mastodon::page::{compare_ids, parse};
use rounds_fuzz::{check_normalized, headers_and_body};

fuzz_target!(
    // Load the lexicons once up front, so the seconds that takes are not charged to an input.
    init: {
        rounds::domain::entities::Tagger::bundled();
    },
    |data: &[u8]| {
        let (headers, body) = headers_and_body(data);
        let Ok(page) = parse(body, &headers, "med-mastodon.example") else {
            return;
        };
        assert_eq!(page.posts.len() + page.skipped, page.items);
        if let (Some(newest), Some(oldest)) = (&page.newest_id, &page.oldest_id) {
            assert!(
                compare_ids(newest, oldest).is_ge(),
                "newest {newest} < oldest {oldest}"
            );
        }
        for id in page
            .newest_id
            .iter()
            .chain(&page.oldest_id)
            .chain(&page.next_max_id)
        {
            assert!(
                !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric()),
                "id {id:?}"
            );
        }
        for post in page.posts {
            assert!(!post.remote_id.is_empty());
            check_normalized(post);
        }
    }
);
