//! Hand-written statuses in the shape of Mastodon's Status entity (every field a 4.x server sends,
//! most of which the adapter ignores), so parsing is tested against what servers really send.

use serde_json::{json, Value};

/// A clinician posting from their home server.
#[derive(Debug, Clone)]
pub struct Author {
    pub username: &'static str,
    /// Their home server, e.g. `med-mastodon.example`.
    pub home: &'static str,
    pub account_id: &'static str,
    pub display_name: &'static str,
    /// Profile text as HTML, as Mastodon sends `note`.
    pub note: &'static str,
    pub followers: u64,
}

impl Author {
    pub fn acct(&self) -> String {
        format!("{}@{}", self.username, self.home)
    }

    pub fn profile_url(&self) -> String {
        format!("https://{}/@{}", self.home, self.username)
    }

    pub fn account(&self) -> Value {
        json!({
            "id": self.account_id,
            "username": self.username,
            "acct": self.acct(),
            "display_name": self.display_name,
            "locked": false,
            "bot": false,
            "discoverable": true,
            "group": false,
            "created_at": "2022-11-07T00:00:00.000Z",
            "note": self.note,
            "url": self.profile_url(),
            "uri": format!("https://{}/users/{}", self.home, self.username),
            "avatar": format!("https://files.{}/accounts/avatars/{}.png", self.home, self.account_id),
            "avatar_static": format!("https://files.{}/accounts/avatars/{}.png", self.home, self.account_id),
            "header": "https://files.example/headers/original/missing.png",
            "header_static": "https://files.example/headers/original/missing.png",
            "followers_count": self.followers,
            "following_count": 311,
            "statuses_count": 2048,
            "last_status_at": "2026-03-02",
            "emojis": [],
            "fields": [
                {"name": "Pronouns", "value": "she/her", "verified_at": null}
            ]
        })
    }
}

/// A public status by `author`, known to the serving instance as `id` and to the world by the `uri`
/// its home server gave it (`home_id` there), tagged with `tags` (as Mastodon lists them:
/// lower-cased names).
pub fn status(
    id: &str,
    home_id: &str,
    author: &Author,
    content_html: &str,
    tags: &[&str],
) -> Value {
    let uri = format!(
        "https://{}/users/{}/statuses/{home_id}",
        author.home, author.username
    );
    let url = format!("https://{}/@{}/{home_id}", author.home, author.username);
    json!({
        "id": id,
        "created_at": created_at(home_id),
        "in_reply_to_id": null,
        "in_reply_to_account_id": null,
        "sensitive": false,
        "spoiler_text": "",
        "visibility": "public",
        "language": "en",
        "uri": uri,
        "url": url,
        "replies_count": 2,
        "reblogs_count": 5,
        "favourites_count": 17,
        "quotes_count": 0,
        "edited_at": null,
        "favourited": false,
        "reblogged": false,
        "muted": false,
        "bookmarked": false,
        "content": content_html,
        "filtered": [],
        "reblog": null,
        "application": null,
        "account": author.account(),
        "media_attachments": [],
        "mentions": [],
        "tags": tags.iter().map(|t| json!({
            "name": t.to_lowercase(),
            "url": format!("https://{}/tags/{}", author.home, t.to_lowercase())
        })).collect::<Vec<_>>(),
        "emojis": [],
        "card": null,
        "poll": null
    })
}

/// A plausible creation time that grows with the id, so ordering by either agrees.
fn created_at(home_id: &str) -> String {
    let n: i64 = home_id
        .bytes()
        .filter(u8::is_ascii_digit)
        .fold(0i64, |acc, b| (acc * 10 + i64::from(b - b'0')) % 1_000_000);
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-01T08:00:00.000Z").unwrap()
        + chrono::Duration::seconds(n * 7);
    at.to_utc().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}
