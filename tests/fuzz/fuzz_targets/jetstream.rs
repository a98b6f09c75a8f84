//! Bluesky Jetstream frames (one JSON event per line): events, post records, their facets and
//! embeds, read for the tags the demo tracks, each post then normalised; and the deletions,
//! account changes and handles the same frames carry, each naming a well-formed post or DID.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rounds::domain::Hashtag;
use rounds::sources::bluesky::jetstream::{read_changes, read_events};
use rounds::sources::Upstream;
use std::sync::LazyLock;

static TAGS: LazyLock<Vec<Hashtag>> = LazyLock::new(|| {
    ["MedEd", "MedSky", "NephJC"]
        .iter()
        .map(|t| Hashtag::parse(t).expect("a valid tag"))
        .collect()
});

fuzz_target!(
    // Load the lexicons once up front, so the seconds that takes are not charged to an input.
    init: {
        rounds::domain::entities::Tagger::bundled();
    },
    |frames: &str| {
        for post in read_events(frames, &TAGS) {
            assert!(post.uri.starts_with("at://"), "uri {:?}", post.uri);
            rounds_fuzz::check_normalized(post);
        }
        for change in read_changes(frames) {
            match change {
                Upstream::PostDeleted { remote_id, .. } => {
                    assert!(remote_id.starts_with("at://did:"), "deleted {remote_id:?}");
                    assert_eq!(remote_id.matches('/').count(), 4, "deleted {remote_id:?}");
                }
                Upstream::AccountGone { author, .. }
                | Upstream::AccountHidden { author, .. }
                | Upstream::AccountActive { author, .. } => {
                    assert!(author.starts_with("did:"), "account {author:?}");
                }
                Upstream::HandleChanged { author, handle, .. } => {
                    assert!(author.starts_with("did:"), "identity {author:?}");
                    // A DID stands in for a missing handle; a handle is a bare domain name, so
                    // it can never carry a mention or markup into Discord.
                    assert!(
                        handle == author
                            || handle.bytes().all(|b| b.is_ascii_lowercase()
                                || b.is_ascii_digit()
                                || b == b'.'
                                || b == b'-'),
                        "handle {handle:?}"
                    );
                }
                Upstream::PostLocated { .. } => panic!("Jetstream locates no post"),
            }
        }
    }
);
