-- Per-channel digest settings (SPEC §2.2, issue #16): besides its time, zone and weekdays, each digest
-- channel chooses its window, the tracked hashtags it covers and the topics its posts must mention.

-- 1 when the channel's window is "since its last digest" (at most a week; for its first digest, since
-- its previous scheduled time); `window_secs` then holds that cap. 0 for a fixed window of
-- `window_secs`. Channels set up before this migration never chose a window, so they take the
-- default, since-last, which for a daily digest covers the same day as before.
ALTER TABLE digest_channels ADD COLUMN since_last INTEGER NOT NULL DEFAULT 1
    CHECK (since_last IN (0, 1));

-- The hashtags the channel covers, as a JSON array of hashtags as the moderator wrote them (each one
-- tracked by the guild when chosen). An empty array covers every hashtag the guild tracks, including
-- ones tracked later. A chosen hashtag the guild stops tracking is no longer covered.
ALTER TABLE digest_channels ADD COLUMN hashtags TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(hashtags) AND json_type(hashtags) = 'array');

-- Topics (drugs, diseases, keywords) a post must mention, one of them at least, as a JSON array of
-- the texts the moderator typed. An empty array sets no such condition.
ALTER TABLE digest_channels ADD COLUMN topics TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(topics) AND json_type(topics) = 'array');
