-- Foundation: the guilds Rounds serves and what their moderators have configured.
-- Discord snowflakes are stored as INTEGER (they fit in a signed 64-bit integer until the year 2084).
-- Times are stored as TEXT in RFC 3339 UTC with milliseconds ("2026-11-27T13:14:00.000Z"): one fixed
-- width, so text order is time order.
-- Every table that holds a guild's settings carries guild_id, and every query filters on it: no guild
-- can read or change another's settings.

-- A guild (Discord server) that has used Rounds. Rows are created on first use, never by Discord events,
-- so a guild that never configured anything leaves no trace.
CREATE TABLE guilds (
    guild_id   INTEGER PRIMARY KEY NOT NULL,
    created_at TEXT    NOT NULL
) STRICT;

-- Hashtags a guild tracks. `tag` is the case-folded NFKC key used for matching ("meded"); `display` is
-- how the moderator wrote it ("MedEd"), for showing back. One row per guild and tag.
CREATE TABLE tracked_hashtags (
    guild_id   INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    tag        TEXT    NOT NULL CHECK (length(tag) BETWEEN 1 AND 400),
    display    TEXT    NOT NULL CHECK (length(display) BETWEEN 1 AND 400),
    -- The Discord user who added it, or NULL when added from the command line.
    added_by   INTEGER,
    added_at   TEXT    NOT NULL,
    PRIMARY KEY (guild_id, tag)
) STRICT;

-- Lets ingestion find every guild that tracks a tag, so a tag tracked by several guilds is fetched once.
CREATE INDEX tracked_hashtags_by_tag ON tracked_hashtags (tag);

-- Where and when a guild's daily digest is posted. A guild may have several digest channels.
CREATE TABLE digest_channels (
    guild_id     INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    channel_id   INTEGER NOT NULL,
    -- Local time of day, "HH:MM", 24-hour clock.
    local_time   TEXT    NOT NULL CHECK (local_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    -- IANA time zone name, e.g. "Europe/Paris"; daylight-saving rules come from it.
    timezone     TEXT    NOT NULL,
    -- Days the digest is posted, as a 7-bit mask: bit 0 = Monday … bit 6 = Sunday. 127 = every day.
    weekdays     INTEGER NOT NULL DEFAULT 127 CHECK (weekdays BETWEEN 1 AND 127),
    -- The longest span one digest covers, in seconds (the window since the previous digest is capped at it).
    window_secs  INTEGER NOT NULL CHECK (window_secs > 0),
    -- 1 while a moderator has paused this channel's digest.
    paused       INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
) STRICT;

-- Journal, PubMed-search and society feeds (RSS, Atom, JSON Feed) a guild follows.
CREATE TABLE feeds (
    guild_id   INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    url        TEXT    NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
    added_by   INTEGER,
    added_at   TEXT    NOT NULL,
    PRIMARY KEY (guild_id, url)
) STRICT;

-- Per-guild settings that are one value each. Absent row = all defaults.
CREATE TABLE guild_settings (
    guild_id              INTEGER PRIMARY KEY NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    -- Where /ask posts questions; NULL = questions are only logged.
    questions_channel_id  INTEGER,
    updated_at            TEXT    NOT NULL
) STRICT;
