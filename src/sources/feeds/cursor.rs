//! Where one feed stands, kept as the stream's cursor string (JSON): the validators for a
//! conditional GET, a digest of the last body (for servers that send no validators), and the
//! newest item date seen.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedCursor {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// The newest item date seen (dated items only; an undated item says nothing about time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest: Option<DateTime<Utc>>,
    /// SHA-256 (hex, first 16 bytes) of the last body committed: an identical body is unchanged
    /// even when the server ignores conditional requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
}

impl FeedCursor {
    /// Reads a stored cursor. One that cannot be read (written by an older version, or damaged)
    /// only costs a full fetch, so it is treated as no cursor rather than an error.
    pub fn decode(stored: Option<&str>) -> Self {
        let Some(stored) = stored else {
            return Self::default();
        };
        serde_json::from_str(stored).unwrap_or_else(|error| {
            tracing::warn!(%error, "unreadable feed cursor; fetching the feed in full");
            Self::default()
        })
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).expect("a cursor of strings and dates always serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_tolerates_damage() {
        let cursor = FeedCursor {
            etag: Some("\"v1\"".into()),
            last_modified: Some("Tue, 07 May 2024 09:00:00 GMT".into()),
            newest: Some("2024-05-07T09:00:00Z".parse().unwrap()),
            digest: Some("abc".into()),
        };
        assert_eq!(FeedCursor::decode(Some(&cursor.encode())), cursor);
        assert_eq!(FeedCursor::decode(Some("12345")), FeedCursor::default());
        assert_eq!(FeedCursor::decode(None), FeedCursor::default());
        assert_eq!(FeedCursor::default().encode(), "{}");
    }
}
