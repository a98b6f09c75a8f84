//! Bluesky Jetstream frames (one JSON event per line): events, post records, their facets and
//! embeds, read for the tags the demo tracks, each post then normalised.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rounds::domain::Hashtag;
use rounds::sources::bluesky::jetstream::read_events;
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
    }
);
