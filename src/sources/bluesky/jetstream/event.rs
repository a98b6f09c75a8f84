//! Jetstream's JSON events, read just far enough to know whether one is a new post and where the
//! stream stands after it.

use super::super::record::{PostRecord, PostUri, POST_COLLECTION};
use serde::Deserialize;
use serde_json::Value;

/// Jetstream v2 numbers its events with sequence numbers below this; its v1-compatible `time_us`
/// values (unix microseconds) are all above it. Only the latter are cursors we can rewind.
pub(super) const MIN_TIME_US: u64 = 1_000_000_000_000_000;

/// One frame, understood.
#[derive(Debug)]
pub(super) enum Event {
    /// A post was created.
    Created {
        time_us: Option<u64>,
        uri: PostUri,
        record: Box<PostRecord>,
    },
    /// Anything else: identity and account changes, edits, deletions, other collections.
    Other { time_us: Option<u64> },
}

impl Event {
    /// The event's place in the stream, if it is a usable cursor.
    pub fn time_us(&self) -> Option<u64> {
        match self {
            Self::Created { time_us, .. } | Self::Other { time_us } => *time_us,
        }
    }
}

/// Why a frame could not be read. `time_us` is given when the envelope was readable, so the
/// cursor can still move past a post whose record is broken.
#[derive(Debug, thiserror::Error)]
#[error("{reason}")]
pub(super) struct UnreadableEvent {
    pub time_us: Option<u64>,
    pub reason: String,
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    did: String,
    #[serde(default)]
    time_us: Option<u64>,
    kind: String,
    commit: Option<Commit>,
}

#[derive(Deserialize)]
struct Commit {
    operation: String,
    collection: String,
    rkey: String,
    record: Option<Value>,
}

/// Reads one text frame.
pub(super) fn parse(frame: &str) -> Result<Event, UnreadableEvent> {
    let envelope: Envelope = serde_json::from_str(frame).map_err(|e| UnreadableEvent {
        time_us: None,
        reason: format!("not a Jetstream event: {e}"),
    })?;
    let time_us = envelope.time_us.filter(|&t| t >= MIN_TIME_US);
    let commit = match envelope.commit {
        Some(commit)
            if envelope.kind == "commit"
                && commit.operation == "create"
                && commit.collection == POST_COLLECTION =>
        {
            commit
        }
        _ => return Ok(Event::Other { time_us }),
    };
    let unreadable = |reason: String| UnreadableEvent { time_us, reason };
    let uri = PostUri::new(&envelope.did, &commit.rkey).ok_or_else(|| {
        unreadable(format!(
            "no post URI from did {:?} and rkey {:?}",
            envelope.did, commit.rkey
        ))
    })?;
    let record = commit
        .record
        .ok_or_else(|| unreadable("a created post without its record".into()))?;
    let record: PostRecord = serde_json::from_value(record)
        .map_err(|e| unreadable(format!("post record of {}: {e}", uri.at_uri())))?;
    Ok(Event::Created {
        time_us,
        uri,
        record: Box::new(record),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_posts_are_read_with_their_record() {
        let event = parse(
            r#"{"did":"did:plc:a1","time_us":1767261600000000,"kind":"commit",
                "commit":{"rev":"3l","operation":"create","collection":"app.bsky.feed.post","rkey":"3k1",
                          "record":{"$type":"app.bsky.feed.post","text":"hi","createdAt":"2026-01-01T10:00:00Z"},
                          "cid":"bafy"}}"#,
        )
        .unwrap();
        match event {
            Event::Created { time_us, uri, .. } => {
                assert_eq!(time_us, Some(1_767_261_600_000_000));
                assert_eq!(uri.at_uri(), "at://did:plc:a1/app.bsky.feed.post/3k1");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn deletes_edits_identity_and_other_collections_only_move_the_cursor() {
        for frame in [
            r#"{"did":"did:plc:a1","time_us":1767261600000001,"kind":"commit","commit":{"rev":"3l","operation":"delete","collection":"app.bsky.feed.post","rkey":"3k1"}}"#,
            r#"{"did":"did:plc:a1","time_us":1767261600000001,"kind":"commit","commit":{"rev":"3l","operation":"update","collection":"app.bsky.feed.post","rkey":"3k1","record":{"text":"x"}}}"#,
            r#"{"did":"did:plc:a1","time_us":1767261600000001,"kind":"commit","commit":{"rev":"3l","operation":"create","collection":"app.bsky.feed.like","rkey":"3k2","record":{}}}"#,
            r#"{"did":"did:plc:a1","time_us":1767261600000001,"kind":"identity","identity":{"did":"did:plc:a1","handle":"a.bsky.social","seq":1,"time":"2026-01-01T10:00:00Z"}}"#,
            r#"{"did":"did:plc:a1","time_us":1767261600000001,"kind":"account","account":{"active":false,"did":"did:plc:a1","seq":2,"status":"deactivated","time":"2026-01-01T10:00:00Z"}}"#,
        ] {
            let event = parse(frame).unwrap();
            assert!(
                matches!(
                    event,
                    Event::Other {
                        time_us: Some(1_767_261_600_000_001)
                    }
                ),
                "{frame}"
            );
        }
    }

    #[test]
    fn broken_frames_say_how_far_they_could_be_read() {
        let truncated = parse(r#"{"did":"did:plc:a1","time_us":17672"#).unwrap_err();
        assert_eq!(truncated.time_us, None);
        let no_text = parse(
            r#"{"did":"did:plc:a1","time_us":1767261600000002,"kind":"commit","commit":{"rev":"3l","operation":"create","collection":"app.bsky.feed.post","rkey":"3k3","record":{"createdAt":"2026-01-01T10:00:00Z"}}}"#,
        )
        .unwrap_err();
        assert_eq!(no_text.time_us, Some(1_767_261_600_000_002));
    }

    #[test]
    fn sequence_numbers_are_not_taken_for_times() {
        let event = parse(r#"{"did":"did:plc:a1","time_us":123456,"kind":"identity"}"#).unwrap();
        assert_eq!(event.time_us(), None);
    }
}
