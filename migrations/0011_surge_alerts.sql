-- Surge alerts (issue #16): the channels where a guild wants surges of its topics announced, and the
-- ledger of announcements, which makes each one exactly-once across restarts and gives the cooldown
-- per topic its memory.

-- A channel that receives surge alerts (`/alerts setup`). A guild may have several, each with its
-- own sensitivity and topics.
CREATE TABLE alert_channels (
    guild_id     INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    channel_id   INTEGER NOT NULL,
    -- How readily the channel is alerted; the detector's thresholds for each are in
    -- src/domain/surge.rs.
    sensitivity  TEXT    NOT NULL CHECK (sensitivity IN ('low', 'normal', 'high')),
    -- The topics this channel follows, as the moderator listed them ("#meded, semaglutide"), parsed
    -- again on read; empty = every tracked hashtag, drug and disease.
    topics       TEXT    NOT NULL DEFAULT '' CHECK (length(topics) <= 1000),
    -- 1 while a moderator has paused this channel's alerts (`/alerts pause`).
    paused       INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
) STRICT;

-- One row per surge announced in a channel, claimed before the message is sent: the unique key
-- (channel, topic, surge start) is what makes an announcement exactly-once, also when two checks
-- race or the bot restarts mid-post. The newest row of a topic starts its cooldown.
CREATE TABLE alert_announcements (
    announcement_id  INTEGER PRIMARY KEY,
    guild_id         INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    channel_id       INTEGER NOT NULL,
    topic_kind       TEXT    NOT NULL CHECK (topic_kind IN ('hashtag', 'drug', 'disease')),
    -- A hashtag's key ("meded") or the lexicon's canonical name of a drug or disease.
    topic            TEXT    NOT NULL,
    -- The start of the first hour of the surge, as the detector traced it back.
    surge_start      TEXT    NOT NULL,
    -- The figures announced: distinct authors in the hour, the usual count, the detector's score.
    count_now        INTEGER NOT NULL,
    usual            REAL    NOT NULL,
    score            REAL    NOT NULL,
    -- The message content, fixed at claim, so a retry sends what was claimed.
    message          TEXT    NOT NULL,
    claimed_at       TEXT    NOT NULL,
    -- Set once Discord accepted the message.
    posted_at        TEXT,
    message_id       INTEGER,
    -- Set when Discord refused it for good (channel deleted, access removed); not retried.
    failed_at        TEXT,
    failed_reason    TEXT,
    UNIQUE (channel_id, topic_kind, topic, surge_start)
) STRICT;

-- The cooldown looks up a channel's newest announcement of a topic.
CREATE INDEX alert_announcements_by_topic
    ON alert_announcements (channel_id, topic_kind, topic, claimed_at);

CREATE INDEX alert_announcements_unfinished ON alert_announcements (announcement_id)
    WHERE posted_at IS NULL AND failed_at IS NULL;
