-- The `guild_topic_posts` rows (migration 0015) of the posts in the JSON array ?1, for every
-- guild tracking one of their hashtags; run by the ingest writer once per batch
-- (src/store/posts/by_topic.rs), and by the ingest bench's Python peer (tests/bench/bulk_insert.py).
-- `held` is each guild's hold on each post, read once and used for the three kinds.
WITH held (guild_id, post_id, created_at, author_id, points) AS (
    SELECT DISTINCT t.guild_id, p.post_id, p.created_at, p.author_id,
           p.reply_to IS NOT NULL OR p.quote_of IS NOT NULL
    FROM json_each(?1) b
         JOIN posts p ON p.post_id = b.value
         JOIN post_hashtags h ON h.post_id = p.post_id
         JOIN tracked_hashtags t ON t.tag = h.tag
)
INSERT OR IGNORE INTO guild_topic_posts
    (guild_id, kind, key, created_at, post_id, author_id, points)
SELECT guild_id, 'g', '', created_at, post_id, author_id, points FROM held
UNION ALL
SELECT k.guild_id, 'h', o.tag, k.created_at, k.post_id, k.author_id, 0
FROM held k JOIN post_hashtags o ON o.post_id = k.post_id
UNION ALL
SELECT k.guild_id, 'e', e.canonical, k.created_at, k.post_id, k.author_id, 0
FROM held k JOIN post_entities e ON e.post_id = k.post_id AND e.kind IN ('drug', 'disease');
