//! Status lookups, as the refresh stage sends them: the batch form and one status by id.

use super::{Inner, RecordedRequest, Rejection};
use axum::http::StatusCode;
use serde_json::Value;

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
