-- The ledger of digest runs (SPEC §2.2): each channel and period is posted exactly once, also across a
-- crash mid-post and a restart.
--
-- A run is claimed (inserted) with its rendered messages before anything is sent, so a restart posts
-- exactly what was claimed, even if posts arrived since. Each message part is recorded as posted right
-- after Discord accepts it; a part sent but not yet recorded when the process died is recognised on
-- restart by the run marker in its footer, found among the channel's recent messages.
CREATE TABLE digest_runs (
    run_id            INTEGER PRIMARY KEY,
    guild_id          INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    channel_id        INTEGER NOT NULL,
    -- The window the digest covers: [period_start, period_end). period_end is the scheduled time.
    period_start      TEXT    NOT NULL,
    period_end        TEXT    NOT NULL,
    -- How many scheduled times this digest covers (more than 1 after downtime: a catch-up).
    periods           INTEGER NOT NULL DEFAULT 1 CHECK (periods >= 1),
    -- The messages to send, as JSON (a list of lists of embeds), fixed when the run is claimed.
    messages          TEXT    NOT NULL,
    parts_total       INTEGER NOT NULL CHECK (parts_total >= 1),
    parts_posted      INTEGER NOT NULL DEFAULT 0 CHECK (parts_posted <= parts_total),
    claimed_at        TEXT    NOT NULL,
    -- Set once every part is posted.
    posted_at         TEXT,
    -- Set when Discord refused the run for good (channel deleted, access removed); not retried.
    failed_at         TEXT,
    failed_reason     TEXT,
    UNIQUE (channel_id, period_end)
) STRICT;

CREATE INDEX digest_runs_unfinished ON digest_runs (run_id)
    WHERE posted_at IS NULL AND failed_at IS NULL;
