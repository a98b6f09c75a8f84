-- Each guild's posts, kept at ingest by the topics a summary asks about (issue #18, SPEC P3): one row
-- per guild and post (kind 'g'), per hashtag the post carries ('h', the tag's key) and per drug or
-- disease it names ('e', the canonical name). A guild's posts are those carrying a hashtag it tracks,
-- as everywhere else (src/store/digests.rs); a post carrying two tracked tags is held once.
--
-- A summary of a week read the guild's ~55,000 posts of the week one by one, checking each for the
-- topic, and did so again for the week before and for the links between posts. With this table a
-- topic's posts of a window are one range scan of (guild, kind, key, created_at), and the guild's
-- posts of a window one range scan of its 'g' rows, with no post read to find them.
--
-- The triggers below keep it in the same transaction as the rows it is derived from (posts,
-- post_hashtags, post_entities, tracked_hashtags), so a crash never splits them and ingest code is
-- unchanged. Posts of hidden authors stay here and are left out by the queries, as before.
CREATE TABLE guild_topic_posts (
    guild_id    INTEGER NOT NULL,
    -- 'g': the guild's post; 'h': a hashtag it carries; 'e': a drug or disease it names.
    kind        TEXT    NOT NULL CHECK (kind IN ('g', 'h', 'e')),
    -- '' for 'g'; the tag's key for 'h'; the canonical name for 'e', matched without regard to ASCII
    -- case as summaries always matched entity names (hashtag keys are case-folded already).
    key         TEXT    NOT NULL COLLATE NOCASE,
    -- Copies of the post's, which never change once a post is stored.
    created_at  TEXT    NOT NULL,
    post_id     INTEGER NOT NULL,
    author_id   INTEGER NOT NULL,
    -- For 'g' rows: the post replies to or quotes another (reply_to or quote_of set); 0 otherwise.
    points      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, kind, key, created_at, post_id)
) STRICT, WITHOUT ROWID;

-- A post gaining a hashtag: the guilds tracking it now hold the post, with all its tags and
-- entities; the guilds holding it through another tag gain this tag's row.
CREATE TRIGGER guild_topic_posts_tag_added AFTER INSERT ON post_hashtags BEGIN
    INSERT OR IGNORE INTO guild_topic_posts
        (guild_id, kind, key, created_at, post_id, author_id, points)
    SELECT t.guild_id, 'g', '', p.created_at, p.post_id, p.author_id,
           p.reply_to IS NOT NULL OR p.quote_of IS NOT NULL
    FROM tracked_hashtags t JOIN posts p ON p.post_id = NEW.post_id
    WHERE t.tag = NEW.tag;
    INSERT OR IGNORE INTO guild_topic_posts
        (guild_id, kind, key, created_at, post_id, author_id)
    SELECT t.guild_id, 'h', o.tag, p.created_at, p.post_id, p.author_id
    FROM tracked_hashtags t JOIN posts p ON p.post_id = NEW.post_id
         JOIN post_hashtags o ON o.post_id = NEW.post_id
    WHERE t.tag = NEW.tag;
    INSERT OR IGNORE INTO guild_topic_posts
        (guild_id, kind, key, created_at, post_id, author_id)
    SELECT t.guild_id, 'e', e.canonical, p.created_at, p.post_id, p.author_id
    FROM tracked_hashtags t JOIN posts p ON p.post_id = NEW.post_id
         JOIN post_entities e ON e.post_id = NEW.post_id AND e.kind IN ('drug', 'disease')
    WHERE t.tag = NEW.tag;
    INSERT OR IGNORE INTO guild_topic_posts
        (guild_id, kind, key, created_at, post_id, author_id)
    SELECT DISTINCT t.guild_id, 'h', NEW.tag, p.created_at, p.post_id, p.author_id
    FROM post_hashtags h JOIN tracked_hashtags t ON t.tag = h.tag
         JOIN posts p ON p.post_id = NEW.post_id
    WHERE h.post_id = NEW.post_id;
END;

-- A post gaining a drug or disease: the guilds holding it gain that name's row.
CREATE TRIGGER guild_topic_posts_entity_added AFTER INSERT ON post_entities
WHEN NEW.kind IN ('drug', 'disease') BEGIN
    INSERT OR IGNORE INTO guild_topic_posts
        (guild_id, kind, key, created_at, post_id, author_id)
    SELECT DISTINCT t.guild_id, 'e', NEW.canonical, p.created_at, p.post_id, p.author_id
    FROM post_hashtags h JOIN tracked_hashtags t ON t.tag = h.tag
         JOIN posts p ON p.post_id = NEW.post_id
    WHERE h.post_id = NEW.post_id;
END;

-- A post losing a hashtag: every guild loses that tag's row; a guild that tracked it and tracks no
-- other tag of the post loses the post.
CREATE TRIGGER guild_topic_posts_tag_removed AFTER DELETE ON post_hashtags BEGIN
    DELETE FROM guild_topic_posts
    WHERE guild_id IN (SELECT guild_id FROM guilds) AND kind = 'h' AND key = OLD.tag
      AND created_at = OLD.created_at AND post_id = OLD.post_id;
    DELETE FROM guild_topic_posts
    WHERE guild_id IN (
            SELECT t.guild_id FROM tracked_hashtags t WHERE t.tag = OLD.tag
              AND NOT EXISTS (SELECT 1 FROM post_hashtags h
                  JOIN tracked_hashtags u ON u.tag = h.tag AND u.guild_id = t.guild_id
                  WHERE h.post_id = OLD.post_id))
      AND kind = 'g' AND key = '' AND created_at = OLD.created_at AND post_id = OLD.post_id;
    DELETE FROM guild_topic_posts
    WHERE guild_id IN (
            SELECT t.guild_id FROM tracked_hashtags t WHERE t.tag = OLD.tag
              AND NOT EXISTS (SELECT 1 FROM post_hashtags h
                  JOIN tracked_hashtags u ON u.tag = h.tag AND u.guild_id = t.guild_id
                  WHERE h.post_id = OLD.post_id))
      AND kind = 'h' AND key IN (SELECT tag FROM post_hashtags WHERE post_id = OLD.post_id)
      AND created_at = OLD.created_at AND post_id = OLD.post_id;
    DELETE FROM guild_topic_posts
    WHERE guild_id IN (
            SELECT t.guild_id FROM tracked_hashtags t WHERE t.tag = OLD.tag
              AND NOT EXISTS (SELECT 1 FROM post_hashtags h
                  JOIN tracked_hashtags u ON u.tag = h.tag AND u.guild_id = t.guild_id
                  WHERE h.post_id = OLD.post_id))
      AND kind = 'e'
      AND key IN (SELECT canonical FROM post_entities
                  WHERE post_id = OLD.post_id AND kind IN ('drug', 'disease'))
      AND created_at = OLD.created_at AND post_id = OLD.post_id;
END;

-- A post losing a drug or disease: every guild loses that name's row, unless the post still names
-- it (as the other kind, or in another ASCII case).
CREATE TRIGGER guild_topic_posts_entity_removed AFTER DELETE ON post_entities
WHEN OLD.kind IN ('drug', 'disease') BEGIN
    DELETE FROM guild_topic_posts
    WHERE guild_id IN (SELECT guild_id FROM guilds) AND kind = 'e' AND key = OLD.canonical
      AND created_at = (SELECT created_at FROM posts WHERE post_id = OLD.post_id)
      AND post_id = OLD.post_id
      AND NOT EXISTS (SELECT 1 FROM post_entities e
          WHERE e.post_id = OLD.post_id AND e.kind IN ('drug', 'disease')
            AND e.canonical = OLD.canonical COLLATE NOCASE);
END;

-- A post removed: all its rows go while its tags and entities still say which they are (a
-- cascade may remove those after the post; src/store/deletions.rs removes them before).
CREATE TRIGGER guild_topic_posts_post_removed BEFORE DELETE ON posts BEGIN
    DELETE FROM guild_topic_posts
    WHERE guild_id IN (SELECT guild_id FROM guilds) AND kind = 'g' AND key = ''
      AND created_at = OLD.created_at AND post_id = OLD.post_id;
    DELETE FROM guild_topic_posts
    WHERE guild_id IN (SELECT guild_id FROM guilds) AND kind = 'h'
      AND key IN (SELECT tag FROM post_hashtags WHERE post_id = OLD.post_id)
      AND created_at = OLD.created_at AND post_id = OLD.post_id;
    DELETE FROM guild_topic_posts
    WHERE guild_id IN (SELECT guild_id FROM guilds) AND kind = 'e'
      AND key IN (SELECT canonical FROM post_entities
                  WHERE post_id = OLD.post_id AND kind IN ('drug', 'disease'))
      AND created_at = OLD.created_at AND post_id = OLD.post_id;
END;

-- A guild tracking a tag: it holds every post carrying the tag, with all their tags and entities.
CREATE TRIGGER guild_topic_posts_tracked AFTER INSERT ON tracked_hashtags BEGIN
    INSERT OR IGNORE INTO guild_topic_posts
        (guild_id, kind, key, created_at, post_id, author_id, points)
    SELECT NEW.guild_id, 'g', '', p.created_at, p.post_id, p.author_id,
           p.reply_to IS NOT NULL OR p.quote_of IS NOT NULL
    FROM post_hashtags h JOIN posts p ON p.post_id = h.post_id
    WHERE h.tag = NEW.tag;
    INSERT OR IGNORE INTO guild_topic_posts
        (guild_id, kind, key, created_at, post_id, author_id)
    SELECT NEW.guild_id, 'h', o.tag, p.created_at, p.post_id, p.author_id
    FROM post_hashtags h JOIN posts p ON p.post_id = h.post_id
         JOIN post_hashtags o ON o.post_id = h.post_id
    WHERE h.tag = NEW.tag;
    INSERT OR IGNORE INTO guild_topic_posts
        (guild_id, kind, key, created_at, post_id, author_id)
    SELECT NEW.guild_id, 'e', e.canonical, p.created_at, p.post_id, p.author_id
    FROM post_hashtags h JOIN posts p ON p.post_id = h.post_id
         JOIN post_entities e ON e.post_id = h.post_id AND e.kind IN ('drug', 'disease')
    WHERE h.tag = NEW.tag;
END;

-- A guild no longer tracking a tag: it loses the posts carrying it that carry no other tag it
-- tracks, with all their rows.
CREATE TRIGGER guild_topic_posts_untracked AFTER DELETE ON tracked_hashtags BEGIN
    DELETE FROM guild_topic_posts
    WHERE guild_id = OLD.guild_id AND (kind, key, created_at, post_id) IN (
        SELECT 'g', '', h.created_at, h.post_id FROM post_hashtags h
        WHERE h.tag = OLD.tag AND NOT EXISTS (SELECT 1 FROM post_hashtags o
            JOIN tracked_hashtags u ON u.tag = o.tag AND u.guild_id = OLD.guild_id
            WHERE o.post_id = h.post_id)
        UNION ALL
        SELECT 'h', o.tag, h.created_at, h.post_id FROM post_hashtags h
             JOIN post_hashtags o ON o.post_id = h.post_id
        WHERE h.tag = OLD.tag AND NOT EXISTS (SELECT 1 FROM post_hashtags x
            JOIN tracked_hashtags u ON u.tag = x.tag AND u.guild_id = OLD.guild_id
            WHERE x.post_id = h.post_id)
        UNION ALL
        SELECT 'e', e.canonical, h.created_at, h.post_id FROM post_hashtags h
             JOIN post_entities e ON e.post_id = h.post_id AND e.kind IN ('drug', 'disease')
        WHERE h.tag = OLD.tag AND NOT EXISTS (SELECT 1 FROM post_hashtags x
            JOIN tracked_hashtags u ON u.tag = x.tag AND u.guild_id = OLD.guild_id
            WHERE x.post_id = h.post_id));
END;

-- The posts already stored, for the tags already tracked.
INSERT OR IGNORE INTO guild_topic_posts (guild_id, kind, key, created_at, post_id, author_id, points)
SELECT DISTINCT t.guild_id, 'g', '', p.created_at, p.post_id, p.author_id,
       p.reply_to IS NOT NULL OR p.quote_of IS NOT NULL
FROM tracked_hashtags t JOIN post_hashtags h ON h.tag = t.tag JOIN posts p ON p.post_id = h.post_id;

INSERT OR IGNORE INTO guild_topic_posts (guild_id, kind, key, created_at, post_id, author_id)
SELECT g.guild_id, 'h', h.tag, g.created_at, g.post_id, g.author_id
FROM guild_topic_posts g JOIN post_hashtags h ON h.post_id = g.post_id
WHERE g.kind = 'g';

INSERT OR IGNORE INTO guild_topic_posts (guild_id, kind, key, created_at, post_id, author_id)
SELECT g.guild_id, 'e', e.canonical, g.created_at, g.post_id, g.author_id
FROM guild_topic_posts g JOIN post_entities e ON e.post_id = g.post_id
WHERE g.kind = 'g' AND e.kind IN ('drug', 'disease');
