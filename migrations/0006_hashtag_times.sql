-- Each hashtag row carries its post's creation time, so that a guild's posts of a window are found
-- by one range scan of (tag, created_at) per tracked tag, instead of testing every post of the
-- window for a tracked tag (SPEC P3: on a million posts a week holds ~230,000 posts, of which a guild
-- may follow a quarter).
--
-- SQLite cannot add a NOT NULL column without a default, and a default would let an insert that
-- forgot the time go unnoticed, so the table is rebuilt.
CREATE TABLE post_hashtags_with_time (
    post_id     INTEGER NOT NULL REFERENCES posts (post_id) ON DELETE CASCADE,
    tag         TEXT    NOT NULL,
    -- A copy of posts.created_at, which never changes once a post is stored.
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (tag, post_id)
) STRICT, WITHOUT ROWID;

INSERT INTO post_hashtags_with_time (post_id, tag, created_at)
SELECT h.post_id, h.tag, p.created_at FROM post_hashtags h JOIN posts p ON p.post_id = h.post_id;

DROP TABLE post_hashtags;
ALTER TABLE post_hashtags_with_time RENAME TO post_hashtags;

CREATE INDEX post_hashtags_by_post ON post_hashtags (post_id);
CREATE INDEX post_hashtags_by_tag_and_time ON post_hashtags (tag, created_at);
