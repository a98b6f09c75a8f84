-- Journal clubs (SPEC §2.4): the cache of paper metadata, the sessions held as Discord threads, and
-- the ledger of their reminders.

-- Responses from Crossref (/works/{doi}) and NCBI E-utilities (esummary), kept so a paper discussed
-- again is not fetched again and the services' rate limits are spared. Paper metadata is public, so
-- this table is shared by every guild and holds nothing about who asked.
CREATE TABLE paper_metadata_cache (
    -- Which service answered: 'crossref', 'pubmed' (esummary db=pubmed) or 'pmc' (esummary db=pmc).
    service     TEXT    NOT NULL CHECK (service IN ('crossref', 'pubmed', 'pmc')),
    -- What was asked for: a case-folded DOI for crossref, the numeric id for pubmed and pmc.
    lookup_key  TEXT    NOT NULL CHECK (length(lookup_key) BETWEEN 1 AND 500),
    -- The JSON body exactly as received (bodies over the client's size cap are never stored).
    body        TEXT    NOT NULL,
    fetched_at  TEXT    NOT NULL,
    PRIMARY KEY (service, lookup_key)
) STRICT;

-- Lets old entries be pruned by age.
CREATE INDEX paper_metadata_cache_by_age ON paper_metadata_cache (fetched_at);

-- A journal club: one paper, discussed in one public thread (or forum post) of a guild.
CREATE TABLE journal_clubs (
    session_id         INTEGER PRIMARY KEY,
    guild_id           INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    -- The thread or forum post holding the discussion. Discord ids are unique across guilds.
    thread_id          INTEGER NOT NULL UNIQUE,
    -- The text or forum channel the thread was opened in.
    channel_id         INTEGER NOT NULL,
    -- What the member asked for, normalised: 'doi:10.1056/nejmoa2034577', 'pmid:33301246' or
    -- 'pmcid:PMC7745181'.
    paper_key          TEXT    NOT NULL CHECK (length(paper_key) BETWEEN 5 AND 520),
    -- The paper's title as plain text (unescaped), for /journalclub list and the reminders.
    title              TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 1000),
    -- The design that chose the appraisal prompts.
    study_type         TEXT    NOT NULL
                       CHECK (study_type IN ('trial', 'observational', 'systematic_review', 'other')),
    -- When the group meets; NULL for a discussion with no set time (no reminders then).
    starts_at          TEXT,
    -- The member who started it; they (or a moderator) may close it.
    started_by         INTEGER NOT NULL,
    created_at         TEXT    NOT NULL,
    -- Set when /journalclub close posts the recap; a closed session gets no more reminders.
    closed_at          TEXT,
    closed_by          INTEGER,
    -- The recap's headline numbers, shown by /journalclub list.
    participant_count  INTEGER CHECK (participant_count >= 0),
    message_count      INTEGER CHECK (message_count >= 0),
    CHECK ((closed_at IS NULL) = (closed_by IS NULL))
) STRICT;

CREATE INDEX journal_clubs_by_guild ON journal_clubs (guild_id, created_at);

-- The reminders of scheduled sessions, and the ledger that makes each go out at most once.
--
-- A reminder moves pending → sending → sent. 'sending' is committed *before* the message is POSTed
-- and carries `claimed_at`; the POST carries a nonce derived from reminder_id with Discord's
-- enforce_nonce, so Discord itself drops a repeat within a few minutes. After a crash, a reminder
-- found in 'sending' is retried only while that nonce still protects it, and otherwise marked
-- 'abandoned': a crash can cost a reminder, never post one twice.
CREATE TABLE journal_club_reminders (
    reminder_id  INTEGER PRIMARY KEY,
    session_id   INTEGER NOT NULL REFERENCES journal_clubs (session_id) ON DELETE CASCADE,
    -- 'hour_before' (an hour before the start) or 'at_start'.
    kind         TEXT    NOT NULL CHECK (kind IN ('hour_before', 'at_start')),
    due_at       TEXT    NOT NULL,
    -- pending: not yet due; sending: claimed, message under way; sent: posted;
    -- too_late: due while the bot was down and no longer useful; cancelled: the session closed first;
    -- failed: Discord refused it (e.g. the thread was deleted); abandoned: a crash mid-send, outcome
    -- unknown, so not retried.
    state        TEXT    NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'sending', 'sent', 'too_late', 'cancelled', 'failed', 'abandoned')),
    claimed_at   TEXT,
    -- When it reached its final state.
    settled_at   TEXT,
    -- The posted message, once sent.
    message_id   INTEGER,
    -- Why it failed, for operators.
    detail       TEXT,
    UNIQUE (session_id, kind),
    -- Only a reminder that was claimed for sending has a claim time.
    CHECK ((state IN ('pending', 'too_late', 'cancelled')) = (claimed_at IS NULL))
) STRICT;

-- The scheduler's one question: what is due next.
CREATE INDEX journal_club_reminders_due ON journal_club_reminders (state, due_at);
