//! What a failed store operation tells an operator: which operation failed and SQLite's (or
//! sqlx's) reason, e.g. "failed to read a guild's tracked hashtags: database is locked". Store
//! methods whose failures a member can cause and read have their own error enums beside them
//! (`TrackHashtagError::LimitReached`…); every other method fails with a `StoreError`.

use std::future::Future;

/// A store operation that failed, and why.
#[derive(Debug, thiserror::Error)]
// The reason is part of the message and not also the `source()`, so a logged cause chain
// (`{:#}`) says it once.
#[error("failed to {operation}: {reason}")]
pub struct StoreError {
    operation: &'static str,
    reason: sqlx::Error,
}

impl StoreError {
    /// `operation` (a phrase after "failed to ") failed for `reason`.
    pub fn new(operation: &'static str, reason: sqlx::Error) -> Self {
        Self { operation, reason }
    }

    /// What was being done, e.g. "read a guild's tracked hashtags".
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The database's own error.
    pub fn reason(&self) -> &sqlx::Error {
        &self.reason
    }
}

/// Runs one store operation's queries, naming the operation if they fail.
pub(crate) async fn failed_to<T>(
    operation: &'static str,
    queries: impl Future<Output = Result<T, sqlx::Error>>,
) -> Result<T, StoreError> {
    queries
        .await
        .map_err(|reason| StoreError::new(operation, reason))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::GuildId;
    use crate::store::test_store;

    #[tokio::test]
    async fn a_failed_operation_names_itself_and_the_database_reason() {
        let error = failed_to("count the stored posts", async {
            Err::<(), _>(sqlx::Error::Protocol("the socket went away".into()))
        })
        .await
        .unwrap_err();
        assert_eq!(error.operation(), "count the stored posts");
        assert!(matches!(error.reason(), sqlx::Error::Protocol(_)));
        assert_eq!(
            error.to_string(),
            "failed to count the stored posts: encountered unexpected or invalid data: the \
             socket went away"
        );
    }

    #[tokio::test]
    async fn a_store_method_on_a_closed_database_says_which_operation_failed() {
        let store = test_store().await;
        store.close().await;
        let guild = GuildId::new(1).unwrap();
        let error = store.tracked_hashtags(guild).await.unwrap_err();
        assert_eq!(error.operation(), "read a guild's tracked hashtags");
        assert!(
            error
                .to_string()
                .starts_with("failed to read a guild's tracked hashtags: "),
            "{error}"
        );
    }
}
