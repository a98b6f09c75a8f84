//! Many rows read as one. sqlx hands each row of a result from SQLite's worker thread to the caller
//! through a channel, with an allocation per value and a wake-up per row: for the thousands of rows a
//! digest or a summary reads, that hand-over cost several times what SQLite spent finding them
//! (`perf` on `cargo bench --bench digest`: futex waits, channel receives and `malloc`/`free` ahead of
//! SQLite's own B-tree code). A query written with [`packed`] returns its rows as one JSON array of
//! arrays, built by SQLite, and [`unpack`] reads it back into rows in one pass.

use serde::de::DeserializeOwned;

/// `inner`'s rows as one row of one column: a JSON array holding, for each row, the array of
/// `columns` (in this order: the fields of the row type [`unpack`] reads, in the same order).
/// An empty result is `[]`.
pub(super) fn packed(columns: &[&str], inner: &str) -> String {
    format!(
        "SELECT coalesce(json_group_array(json_array({})), '[]') FROM ({inner})",
        columns.join(", ")
    )
}

/// The rows of a [`packed`] result: each array becomes one `T` (a tuple, or a struct whose fields
/// are in the columns' order).
pub(super) fn unpack<T: DeserializeOwned>(json: &str) -> Result<Vec<T>, sqlx::Error> {
    serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::sqlite::SqlitePoolOptions;

    #[tokio::test]
    async fn rows_come_back_with_their_nulls_quotes_and_control_characters() {
        let pool = SqlitePoolOptions::new()
            .connect("sqlite::memory:")
            .await
            .unwrap();
        let inner = "SELECT 7 AS id, 'say \"hi\"\n\u{1f}' AS text, NULL AS missing
                     UNION ALL SELECT -3, 'é', 'there'";
        let (json,): (String,) = sqlx::query_as(&packed(&["id", "text", "missing"], inner))
            .fetch_one(&pool)
            .await
            .unwrap();
        let rows: Vec<(i64, String, Option<String>)> = unpack(&json).unwrap();
        assert_eq!(
            rows,
            vec![
                (7, "say \"hi\"\n\u{1f}".to_owned(), None),
                (-3, "é".to_owned(), Some("there".to_owned())),
            ]
        );
    }

    #[tokio::test]
    async fn an_empty_result_is_no_rows() {
        let pool = SqlitePoolOptions::new()
            .connect("sqlite::memory:")
            .await
            .unwrap();
        let (json,): (String,) = sqlx::query_as(&packed(&["1"], "SELECT 1 WHERE 0"))
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(unpack::<(i64,)>(&json).unwrap().is_empty());
    }

    #[test]
    fn a_row_of_the_wrong_shape_is_an_error() {
        assert!(unpack::<(i64, String)>("[[1]]").is_err());
    }
}
