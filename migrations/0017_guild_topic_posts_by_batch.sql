-- A guild's posts kept by topic (0015) are now written by the ingest writer once per batch, in the
-- same transaction as the posts (src/store/posts/by_topic.rs), instead of by a trigger on every
-- hashtag and entity row: the two triggers ran up to five joined statements per child row, about
-- 110-130 µs of CPU a post for each guild tracking it, more than the rest of the write together
-- (tests/measurements.md, P1). The batch's one statement writes the same rows. Deletions, retention
-- and tracking changes keep their triggers: they are rare, and their rows are found by key.
DROP TRIGGER guild_topic_posts_tag_added;
DROP TRIGGER guild_topic_posts_entity_added;
