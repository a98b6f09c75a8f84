-- The refresh stage (issue #15): stored posts younger than `sources.refresh.max_age` are read again
-- to bring their counts up to date and to notice deletions; Bluesky authors' profiles are read daily
-- so they are shown by handle and name, not by DID.

-- A Mastodon status is known to each instance by its own local id, and `GET /api/v1/statuses/:id`
-- takes that id, not the `uri` kept as `remote_id`: this is the id on the instance in `origin` (the
-- one that delivered the post). NULL for other sources, and for posts stored before this migration
-- (which are then not refreshed; they age out of `max_age` within days).
ALTER TABLE posts ADD COLUMN lookup_id TEXT;

-- When the post's counts were last read again (NULL: never since it was first stored). A pass takes
-- the stalest posts first, so a pass cut short by a rate limit loses nothing: the posts it did not
-- reach are first in line next time.
ALTER TABLE posts ADD COLUMN refreshed_at TEXT;

-- A pass looks at the recent posts of one source (one range of this index: at most `max_age` of
-- them, whatever the retention keeps) and sorts those by staleness.
CREATE INDEX posts_for_refresh ON posts (source, created_at);

-- When the author's profile was last read from the source's profile API (NULL: never).
ALTER TABLE authors ADD COLUMN profile_read_at TEXT;

-- The last refresh pass of each service (`mastodon:host`, `bluesky`, `x`), for `/sources status` and
-- `rounds doctor`.
CREATE TABLE refresh_status (
    service          TEXT    PRIMARY KEY NOT NULL,
    -- When the last pass ended, whether or not it succeeded.
    last_run_at      TEXT    NOT NULL,
    last_success_at  TEXT,
    -- What the last pass did: posts whose counts were read, posts found deleted upstream, profiles
    -- read, requests sent.
    refreshed        INTEGER NOT NULL DEFAULT 0,
    deleted          INTEGER NOT NULL DEFAULT 0,
    profiles         INTEGER NOT NULL DEFAULT 0,
    requests         INTEGER NOT NULL DEFAULT 0,
    -- Why the last pass stopped early; NULL when it did not. A short reason, never a URL or a body.
    last_error       TEXT
) STRICT;

-- Authors a guild's moderators left out of that guild's digests, summaries and voices
-- (`/voices exclude:`), on top of the operator's `summary.excluded_authors`. `entry` is a handle, a
-- profile URL or a DID, normalised as `ExcludedAuthors` matches it, so one author is one row.
CREATE TABLE guild_excluded_authors (
    guild_id  INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    entry     TEXT    NOT NULL CHECK (length(entry) BETWEEN 1 AND 300),
    -- The Discord user who excluded them.
    added_by  INTEGER,
    added_at  TEXT    NOT NULL,
    PRIMARY KEY (guild_id, entry)
) STRICT;
