//! The refresh stage's lookup answers (a Mastodon batch and single status, Bluesky getPosts and
//! getProfiles, an X post lookup), read as the refresh stage reads them: garbage is an error or
//! nothing, never a panic, a profile for a DID not asked for, or a handle that could carry markup.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rounds::sources::refresh::{bluesky, mastodon, x};

fuzz_target!(|body: &[u8]| {
    let _ = mastodon::read_statuses(body);
    let _ = mastodon::read_status(body, "110");
    let _ = bluesky::read_posts(body);
    let asked = vec!["did:plc:aaaa".to_owned(), "did:plc:bbbb".to_owned()];
    if let Ok(profiles) = bluesky::read_profiles(body, &asked) {
        for profile in profiles {
            assert!(asked.contains(&profile.remote_id), "{profile:?}");
            assert!(
                !profile.handle.is_empty()
                    && profile
                        .handle
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-'),
                "handle {:?}",
                profile.handle
            );
        }
    }
    let ids = ["1860000000000000001", "1860000000000000002"];
    if let Ok((found, gone)) = x::read_lookup(body, &ids) {
        for id in found.keys().chain(gone.iter()) {
            assert!(ids.contains(id), "{id}");
        }
        assert!(gone.iter().all(|id| !found.contains_key(id)));
    }
});
