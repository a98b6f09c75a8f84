//! Post lookups (`GET /2/tweets?ids=`), as the refresh stage sends them.

use super::{FakeX, Inner, RecordedRequest};
use serde_json::{json, Value};

impl FakeX {
    /// Removes a post: searches no longer find it and lookups report it `resource-not-found`.
    pub fn delete_post(&self, id: &str) {
        self.inner().posts.retain(|p| p["id"] != id);
    }

    /// Sets a post's like count, as people like it after it was first fetched.
    pub fn set_likes(&self, id: &str, likes: u64) {
        if let Some(post) = self.inner().posts.iter_mut().find(|p| p["id"] == id) {
            post["public_metrics"]["like_count"] = likes.into();
        }
    }

    /// Post lookups received (`GET /2/tweets?ids=`).
    pub fn lookups(&self) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == "/2/tweets")
            .collect()
    }
}

/// A post lookup (`ids`, comma-separated): the posts found in `data`, the others as
/// `resource-not-found` in `errors`, the shape X gives a deleted post.
pub(super) fn lookup(inner: &Inner, request: &RecordedRequest) -> Value {
    let ids: Vec<&str> = request
        .param("ids")
        .unwrap_or_default()
        .split(',')
        .collect();
    let found: Vec<Value> = ids
        .iter()
        .filter_map(|id| inner.posts.iter().find(|p| p["id"] == *id).cloned())
        .collect();
    let errors: Vec<Value> = ids
        .iter()
        .filter(|id| !inner.posts.iter().any(|p| p["id"] == **id))
        .map(|id| {
            json!({
                "value": id, "detail": format!("Could not find tweet with ids: [{id}]."),
                "title": "Not Found Error", "resource_type": "tweet", "parameter": "ids",
                "resource_id": id, "type": "https://api.twitter.com/2/problems/resource-not-found"
            })
        })
        .collect();
    let mut body = json!({ "data": found });
    if !errors.is_empty() {
        body["errors"] = Value::Array(errors);
    }
    body
}
