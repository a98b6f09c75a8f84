//! The authors of a batch of posts: each upserted once, as their first post in the batch describes
//! them, and their ids handed back for the posts to point at.

use super::{chunks, count, CommitPostsError};
use crate::domain::normalize::Post;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::collections::{HashMap, HashSet};

/// An author's key: (source, the author's remote id).
pub(super) fn author_key(post: &Post) -> (&str, &str) {
    (post.raw.source.as_str(), post.raw.author.remote_id.as_str())
}

/// Inserts or refreshes the authors of `posts` (each once, as their first post describes them) in
/// multi-row upserts; returns their ids by (source, remote id).
pub(super) async fn upsert_authors<'p>(
    conn: &mut SqliteConnection,
    posts: &'p [Post],
    now: &str,
) -> Result<HashMap<(&'p str, &'p str), i64>, CommitPostsError> {
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    let firsts: Vec<&Post> = posts
        .iter()
        .filter(|p| seen.insert(author_key(p)))
        .collect();
    let mut ids: HashMap<(String, String), i64> = HashMap::with_capacity(firsts.len());
    for chunk in chunks(&firsts) {
        let mut builder: QueryBuilder<'_, Sqlite> = QueryBuilder::new(
            "INSERT INTO authors (source, remote_id, handle, display_name, followers, bio, url, updated_at) ",
        );
        builder.push_values(chunk, |mut b, post| {
            let author = &post.raw.author;
            b.push_bind(post.raw.source.as_str())
                .push_bind(author.remote_id.as_str())
                .push_bind(author.handle.as_str())
                .push_bind(author.display_name.as_deref())
                .push_bind(author.followers.map(count))
                .push_bind(author.bio.as_deref())
                .push_bind(author.url.as_deref())
                .push_bind(now);
        });
        builder.push(
            " ON CONFLICT (source, remote_id) DO UPDATE SET
                 handle = CASE WHEN excluded.handle = excluded.remote_id THEN handle
                               ELSE excluded.handle END,
                 display_name = coalesce(excluded.display_name, display_name),
                 followers = coalesce(excluded.followers, followers),
                 bio = coalesce(excluded.bio, bio),
                 url = coalesce(excluded.url, url),
                 updated_at = excluded.updated_at
             RETURNING author_id, source, remote_id",
        );
        let rows: Vec<(i64, String, String)> =
            builder.build_query_as().fetch_all(&mut *conn).await?;
        ids.extend(rows.into_iter().map(|(id, s, r)| ((s, r), id)));
    }
    ids_by_author(&firsts, &ids)
}

/// The id the upsert returned for each author of `firsts`; an author it returned none for is the
/// broken invariant `AuthorNotStored`.
fn ids_by_author<'p>(
    firsts: &[&'p Post],
    returned: &HashMap<(String, String), i64>,
) -> Result<HashMap<(&'p str, &'p str), i64>, CommitPostsError> {
    firsts
        .iter()
        .map(|post| {
            let key = author_key(post);
            returned
                .get(&(key.0.to_owned(), key.1.to_owned()))
                .map(|id| (key, *id))
                .ok_or_else(|| CommitPostsError::author_not_stored(key))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entities::Tagger;
    use crate::domain::normalize::normalize;
    use crate::domain::post::{RawAuthor, RawPost, SourceKind};
    use chrono::Utc;

    fn post_by(author: &str, id: &str) -> Post {
        let raw = RawPost {
            source: SourceKind::Mastodon,
            origin: "a.example".into(),
            remote_id: id.into(),
            uri: id.into(),
            url: None,
            author: RawAuthor {
                remote_id: author.into(),
                handle: "@doc@home.example".into(),
                ..RawAuthor::default()
            },
            title: None,
            text: "SGLT2i in HFpEF #MedEd".into(),
            language: None,
            created_at: Utc::now(),
            engagement: Default::default(),
            hashtags: vec![],
            links: vec![],
            reply_to: None,
            quote_of: None,
            repost_of: None,
            mentions: vec![],
        };
        normalize(raw, Tagger::bundled()).unwrap()
    }

    #[test]
    fn each_author_gets_the_id_the_upsert_returned() {
        let doc = post_by("https://home.example/@doc", "1");
        let returned = HashMap::from([(
            (
                "mastodon".to_owned(),
                "https://home.example/@doc".to_owned(),
            ),
            7,
        )]);
        let ids = ids_by_author(&[&doc], &returned).unwrap();
        assert_eq!(
            ids,
            HashMap::from([(("mastodon", "https://home.example/@doc"), 7)])
        );
    }

    #[test]
    fn an_author_the_upsert_returned_no_id_for_is_a_named_broken_invariant() {
        let doc = post_by("https://home.example/@doc", "1");
        let nurse = post_by("https://home.example/@nurse", "2");
        let returned = HashMap::from([(
            (
                "mastodon".to_owned(),
                "https://home.example/@doc".to_owned(),
            ),
            7,
        )]);
        let error = ids_by_author(&[&doc, &nurse], &returned).unwrap_err();
        assert!(
            matches!(
                &error,
                CommitPostsError::AuthorNotStored { service, remote_id }
                    if service == "mastodon" && remote_id == "https://home.example/@nurse"
            ),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            "broken invariant: author https://home.example/@nurse of mastodon has no id after the \
             author upsert"
        );
    }
}
