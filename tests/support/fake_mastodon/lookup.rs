//! Status lookups, as the refresh stage sends them: the batch form and one status by id.

use super::{FakeMastodon, Fault, Inner, RecordedRequest, Rejection};
use axum::http::StatusCode;
use serde_json::Value;

impl FakeMastodon {
    /// Removes a status: timelines no longer list it and lookups answer 404 (or leave it out).
    pub fn remove(&self, id: &str) {
        self.state().statuses.retain(|s| s["id"] != id);
    }

    /// Removes a status and answers its lookup 410 Gone.
    pub fn mark_gone(&self, id: &str) {
        self.remove(id);
        self.state().gone.push(id.to_owned());
    }

    /// Answers the batch lookup 404, as servers before Mastodon 4.3 do.
    pub fn without_batch_lookup(&self) {
        self.state().no_batch = true;
    }

    /// Every lookup read of a status adds `likes` to its `favourites_count`.
    pub fn grow_on_read(&self, likes: u64) {
        self.state().growth = likes;
    }

    /// Queues a fault for the next status lookup (timelines are not affected).
    pub fn fail_next_lookup(&self, fault: Fault) {
        self.shared.faults.push(super::is_lookup, fault, 1);
    }

    /// The status lookups received (batch and single).
    pub fn lookups(&self) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.path.starts_with("/api/v1/statuses"))
            .collect()
    }
}

/// A status lookup: the batch form (`id[]`, what is found, in no promised order) or one status.
pub(super) fn lookup(
    state: &mut Inner,
    request: &RecordedRequest,
) -> Result<(StatusCode, Option<String>, String), Rejection> {
    if let Some(token) = &state.required_token {
        if request.headers.get("authorization") != Some(&format!("Bearer {token}")) {
            return Err(Rejection::Unauthorized);
        }
    }
    let growth = state.growth;
    let mut read = |id: &str| -> Option<Value> {
        let status = state.statuses.iter_mut().find(|s| s["id"] == id)?;
        let likes = status["favourites_count"].as_u64().unwrap_or(0) + growth;
        status["favourites_count"] = likes.into();
        Some(status.clone())
    };
    if request.path == "/api/v1/statuses" {
        if state.no_batch {
            return Err(Rejection::NotFound);
        }
        let found: Vec<Value> = request
            .query
            .iter()
            .filter(|(name, _)| name == "id[]")
            .filter_map(|(_, id)| read(id))
            .rev()
            .collect();
        return Ok((StatusCode::OK, None, Value::Array(found).to_string()));
    }
    let id = request
        .path
        .strip_prefix("/api/v1/statuses/")
        .ok_or(Rejection::NotFound)?
        .to_owned();
    match read(&id) {
        Some(status) => Ok((StatusCode::OK, None, status.to_string())),
        None if state.gone.contains(&id) => Err(Rejection::Gone),
        None => Err(Rejection::NotFound),
    }
}
