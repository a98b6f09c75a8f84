//! Authors a guild's moderators excluded (`/voices exclude:`), stored per guild and added to the
//! operator's `summary.excluded_authors` for that guild's digests, summaries and voices.

use super::digests::GUILD_WINDOW;
use super::{guilds::ensure_guild, to_db_time, Store};
use crate::domain::digest::{DigestAuthor, PreviousWindow};
use crate::domain::entities::EntityKind;
use crate::domain::summary::ExcludedAuthors;
use crate::domain::GuildId;
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Utc};
use std::str::FromStr as _;

impl Store {
    /// Excludes `entry` (normalised by `ExcludedAuthors::entry`) in `guild`; false when it already was.
    pub async fn exclude_author(
        &self,
        guild: GuildId,
        entry: &str,
        added_by: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        failed_to("exclude an author from a guild's reports", async {
            let mut tx = self.pool().begin().await?;
            ensure_guild(&mut tx, guild, now).await?;
            let added = sqlx::query(
                "INSERT INTO guild_excluded_authors (guild_id, entry, added_by, added_at)
             VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            )
            .bind(guild.as_i64())
            .bind(entry)
            .bind(added_by.map(|u| u as i64))
            .bind(to_db_time(now))
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(added.rows_affected() == 1)
        })
        .await
    }

    /// Takes `entry` off `guild`'s list; false when it was not on it.
    pub async fn include_author(&self, guild: GuildId, entry: &str) -> Result<bool, StoreError> {
        failed_to("include an excluded author again", async {
            let removed =
                sqlx::query("DELETE FROM guild_excluded_authors WHERE guild_id = ? AND entry = ?")
                    .bind(guild.as_i64())
                    .bind(entry)
                    .execute(self.pool())
                    .await?;
            Ok(removed.rows_affected() == 1)
        })
        .await
    }

    /// `guild`'s own list, in the order it was added.
    pub async fn guild_excluded_authors(&self, guild: GuildId) -> Result<Vec<String>, StoreError> {
        failed_to("read a guild's excluded authors", async {
            let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT entry FROM guild_excluded_authors WHERE guild_id = ? ORDER BY added_at, entry",
        )
        .bind(guild.as_i64())
        .fetch_all(self.pool())
        .await?;
            Ok(rows.into_iter().map(|(entry,)| entry).collect())
        })
        .await
    }

    /// The operator's list with `guild`'s own: who `guild`'s digests, summaries and voices leave out.
    pub async fn excluded_authors_for(
        &self,
        guild: GuildId,
    ) -> Result<ExcludedAuthors, StoreError> {
        let own = self.guild_excluded_authors(guild).await?;
        Ok(self.excluded_authors().with(&own))
    }
}

impl Store {
    /// The share of the guild's window `[start, end)` written by `excluded` authors (posts, authors,
    /// entity mentions), so a digest's comparison with the window before leaves them out as its
    /// own window does. Reads the window's distinct authors once; nothing when none is excluded.
    pub async fn excluded_share_of_window(
        &self,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        excluded: &ExcludedAuthors,
    ) -> Result<PreviousWindow, StoreError> {
        type Row = (i64, String, String, Option<String>, Option<String>);
        failed_to("read the excluded authors' part of a window", async {
        let mut share = PreviousWindow {
            posts: 0,
            authors: 0,
            entities: Default::default(),
        };
        if excluded.is_empty() {
            return Ok(share);
        }
        let authors: Vec<Row> = sqlx::query_as(&format!(
            "SELECT DISTINCT a.author_id, a.remote_id, a.handle, a.display_name, a.url
             FROM posts p JOIN authors a ON a.author_id = p.author_id WHERE {GUILD_WINDOW}"
        ))
        .bind(guild.as_i64())
        .bind(to_db_time(start))
        .bind(to_db_time(end))
        .fetch_all(self.pool())
        .await?;
        let ids: Vec<i64> = authors
            .into_iter()
            .map(
                |(author_id, remote_id, handle, display_name, url)| DigestAuthor {
                    author_id,
                    remote_id,
                    handle,
                    display_name,
                    url,
                },
            )
            .filter(|author| excluded.excludes(author))
            .map(|author| author.author_id)
            .collect();
        if ids.is_empty() {
            return Ok(share);
        }
        let ids = serde_json::Value::from(ids).to_string();
        let of_them = "p.author_id IN (SELECT value FROM json_each(?4))";
        let (posts, authors): (i64, i64) = sqlx::query_as(&format!(
            "SELECT count(*), count(DISTINCT p.author_id) FROM posts p
             WHERE {GUILD_WINDOW} AND {of_them}"
        ))
        .bind(guild.as_i64())
        .bind(to_db_time(start))
        .bind(to_db_time(end))
        .bind(&ids)
        .fetch_one(self.pool())
        .await?;
        let rows: Vec<(String, String, i64)> = sqlx::query_as(&format!(
            "SELECT e.kind, e.canonical, count(*) FROM post_entities e JOIN posts p ON p.post_id = e.post_id
             WHERE {GUILD_WINDOW} AND {of_them} GROUP BY e.kind, e.canonical"
        ))
        .bind(guild.as_i64())
        .bind(to_db_time(start))
        .bind(to_db_time(end))
        .bind(&ids)
        .fetch_all(self.pool())
        .await?;
        share.posts = posts.max(0) as usize;
        share.authors = authors.max(0) as usize;
        share.entities = rows
            .into_iter()
            .filter_map(|(kind, name, n)| {
                Some(((EntityKind::from_str(&kind).ok()?, name), n.max(0) as usize))
            })
            .collect();
        Ok(share)
    })
.await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_guild_has_its_own_list_on_top_of_the_operators() {
        let store = crate::store::test_store().await;
        store.set_excluded_authors(ExcludedAuthors::parse(&["doc1@med.example".to_owned()]));
        let (a, b) = (GuildId::new(1).unwrap(), GuildId::new(2).unwrap());
        let now = Utc::now();
        assert!(store
            .exclude_author(a, "doc2@med.example", Some(7), now)
            .await
            .unwrap());
        assert!(!store
            .exclude_author(a, "doc2@med.example", Some(7), now)
            .await
            .unwrap());
        assert_eq!(
            store.guild_excluded_authors(a).await.unwrap(),
            ["doc2@med.example"]
        );
        assert!(store.guild_excluded_authors(b).await.unwrap().is_empty());
        let author = |n: u32| crate::domain::digest::DigestAuthor {
            author_id: 1,
            remote_id: format!("https://med.example/users/doc{n}"),
            handle: format!("@doc{n}@med.example"),
            display_name: None,
            url: None,
        };
        let for_a = store.excluded_authors_for(a).await.unwrap();
        assert!(for_a.excludes(&author(1)) && for_a.excludes(&author(2)));
        let for_b = store.excluded_authors_for(b).await.unwrap();
        assert!(for_b.excludes(&author(1)) && !for_b.excludes(&author(2)));
        assert!(store.include_author(a, "doc2@med.example").await.unwrap());
        assert!(!store.include_author(a, "doc2@med.example").await.unwrap());
        assert!(!store
            .excluded_authors_for(a)
            .await
            .unwrap()
            .excludes(&author(2)));
    }
}
