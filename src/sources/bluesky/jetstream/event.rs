//! Jetstream's JSON events, read just far enough to know whether one is a new post, a deleted post,
//! an account's change of status or a new handle, and where the stream stands after it.

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
    /// A post was deleted by its author.
    Deleted { time_us: Option<u64>, uri: PostUri },
    /// An account changed status.
    Account {
        time_us: Option<u64>,
        did: String,
        status: AccountStatus,
    },
    /// An account's handle is now `handle` (`None`: it has no valid handle, so its DID stands in).
    Identity {
        time_us: Option<u64>,
        did: String,
        handle: Option<String>,
    },
    /// Anything else: edits, other collections, account states that change nothing for us.
    Other { time_us: Option<u64> },
}

/// What an `account` event means for the account's stored posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AccountStatus {
    /// `deleted` or `takendown`: its posts go.
    Gone,
    /// `deactivated` or `suspended`: its posts are hidden until it is active again.
    Hidden,
    /// `active: true`.
    Active,
}

impl Event {
    /// The event's place in the stream, if it is a usable cursor.
    pub fn time_us(&self) -> Option<u64> {
        match self {
            Self::Created { time_us, .. }
            | Self::Deleted { time_us, .. }
            | Self::Account { time_us, .. }
            | Self::Identity { time_us, .. }
            | Self::Other { time_us } => *time_us,
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
    // Read leniently: a malformed account or identity body changes nothing but must not make the
    // whole frame unreadable, which would hide its time from the cursor.
    #[serde(default)]
    account: Option<Value>,
    #[serde(default)]
    identity: Option<Value>,
}

#[derive(Deserialize)]
struct Account {
    active: bool,
    #[serde(default)]
    status: Option<String>,
}

#[derive(Deserialize)]
struct Identity {
    #[serde(default)]
    handle: Option<String>,
}

#[derive(Deserialize)]
struct Commit {
    operation: String,
    collection: String,
    rkey: String,
    #[serde(default)]
    record: Option<Value>,
}

/// Reads one text frame.
pub(super) fn parse(frame: &str) -> Result<Event, UnreadableEvent> {
    let envelope: Envelope = serde_json::from_str(frame).map_err(|e| UnreadableEvent {
        time_us: None,
        reason: format!("not a Jetstream event: {e}"),
    })?;
    let time_us = envelope.time_us.filter(|&t| t >= MIN_TIME_US);
    let commit = match (envelope.kind.as_str(), envelope.commit) {
        ("commit", Some(commit)) if commit.collection == POST_COLLECTION => commit,
        ("account", _) => {
            let account = envelope
                .account
                .and_then(|v| serde_json::from_value(v).ok());
            return Ok(account_event(time_us, envelope.did, account));
        }
        ("identity", _) => {
            let identity = envelope
                .identity
                .and_then(|v| serde_json::from_value(v).ok());
            return Ok(identity_event(time_us, envelope.did, identity));
        }
        _ => return Ok(Event::Other { time_us }),
    };
    if commit.operation == "delete" {
        // A delete of a URI we could not have stored (a malformed DID or rkey) changes nothing.
        return Ok(match PostUri::new(&envelope.did, &commit.rkey) {
            Some(uri) => Event::Deleted { time_us, uri },
            None => Event::Other { time_us },
        });
    }
    if commit.operation != "create" {
        return Ok(Event::Other { time_us });
    }
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

/// An account event whose status changes what we show; any other (`desynchronized`, `throttled`,
/// unreadable) changes nothing.
fn account_event(time_us: Option<u64>, did: String, account: Option<Account>) -> Event {
    let status = match account {
        Some(Account { active: true, .. }) => Some(AccountStatus::Active),
        Some(Account {
            active: false,
            status,
        }) => match status.as_deref() {
            Some("deleted" | "takendown") => Some(AccountStatus::Gone),
            Some("deactivated" | "suspended") => Some(AccountStatus::Hidden),
            _ => None,
        },
        None => None,
    };
    match status {
        Some(status) if is_did(&did) => Event::Account {
            time_us,
            did,
            status,
        },
        _ => Event::Other { time_us },
    }
}

/// An identity event: the handle if it is a valid one. `handle.invalid` (the network's word for a
/// handle that no longer verifies) and anything that is not a domain name count as no handle.
fn identity_event(time_us: Option<u64>, did: String, identity: Option<Identity>) -> Event {
    if !is_did(&did) {
        return Event::Other { time_us };
    }
    match identity {
        Some(Identity { handle }) => Event::Identity {
            time_us,
            did,
            handle: handle
                .map(|h| h.to_ascii_lowercase())
                .filter(|h| is_handle(h)),
        },
        // An identity event without its body says nothing about the handle.
        None => Event::Other { time_us },
    }
}

fn is_did(did: &str) -> bool {
    did.starts_with("did:")
        && did.len() <= 2048
        && did
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b":._%-".contains(&b))
}

/// A handle is a domain name: ASCII letters, digits, dots and hyphens, at least two labels, at
/// most 253 characters; so it can never carry markup or a mention into Discord.
pub(crate) fn is_handle(handle: &str) -> bool {
    handle.len() <= 253
        && handle != "handle.invalid"
        && handle.split('.').count() >= 2
        && handle.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
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
    fn edits_and_other_collections_only_move_the_cursor() {
        for frame in [
            r#"{"did":"did:plc:a1","time_us":1767261600000001,"kind":"commit","commit":{"rev":"3l","operation":"update","collection":"app.bsky.feed.post","rkey":"3k1","record":{"text":"x"}}}"#,
            r#"{"did":"did:plc:a1","time_us":1767261600000001,"kind":"commit","commit":{"rev":"3l","operation":"create","collection":"app.bsky.feed.like","rkey":"3k2","record":{}}}"#,
            r#"{"did":"did:plc:a1","time_us":1767261600000001,"kind":"commit","commit":{"rev":"3l","operation":"delete","collection":"app.bsky.feed.like","rkey":"3k2"}}"#,
            r#"{"did":"did:plc:a1","time_us":1767261600000001,"kind":"account","account":{"active":false,"did":"did:plc:a1","seq":2,"status":"desynchronized","time":"2026-01-01T10:00:00Z"}}"#,
            r#"{"did":"did:plc:a1","time_us":1767261600000001,"kind":"identity"}"#,
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
    fn deletes_accounts_and_identities_are_read() {
        let deleted = parse(r#"{"did":"did:plc:a1","time_us":1767261600000001,"kind":"commit","commit":{"rev":"3l","operation":"delete","collection":"app.bsky.feed.post","rkey":"3k1"}}"#).unwrap();
        assert!(
            matches!(&deleted, Event::Deleted { uri, .. } if uri.at_uri() == "at://did:plc:a1/app.bsky.feed.post/3k1"),
            "{deleted:?}"
        );
        let account = |active: bool, status: &str| {
            let frame = serde_json::json!({"did": "did:plc:a1", "time_us": 1_767_261_600_000_001u64,
                "kind": "account", "account": {"active": active, "did": "did:plc:a1", "seq": 2,
                "status": status, "time": "2026-01-01T10:00:00Z"}});
            match parse(&frame.to_string()).unwrap() {
                Event::Account { status, did, .. } => {
                    assert_eq!(did, "did:plc:a1");
                    Some(status)
                }
                _ => None,
            }
        };
        assert_eq!(account(false, "deleted"), Some(AccountStatus::Gone));
        assert_eq!(account(false, "takendown"), Some(AccountStatus::Gone));
        assert_eq!(account(false, "deactivated"), Some(AccountStatus::Hidden));
        assert_eq!(account(false, "suspended"), Some(AccountStatus::Hidden));
        assert_eq!(account(true, "active"), Some(AccountStatus::Active));
        assert_eq!(account(false, "throttled"), None);
        let identity = |handle: &str| {
            let frame = serde_json::json!({"did": "did:plc:a1", "time_us": 1_767_261_600_000_001u64,
                "kind": "identity", "identity": {"did": "did:plc:a1", "handle": handle, "seq": 1,
                "time": "2026-01-01T10:00:00Z"}});
            match parse(&frame.to_string()).unwrap() {
                Event::Identity { handle, .. } => handle,
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(
            identity("Doc.Example.org").as_deref(),
            Some("doc.example.org")
        );
        assert_eq!(identity("handle.invalid"), None);
        assert_eq!(identity("@everyone"), None);
        assert_eq!(identity("<@123>.x"), None);
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
