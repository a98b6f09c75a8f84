-- The de-identified question log (SPEC §2.5). Nothing here can name a member or a patient: question text
-- is de-identified before it is stored (the raw text is never written anywhere), and askers are stored
-- only as a keyed hash that changes from guild to guild.

-- One key per guild for hashing askers' ids (HMAC-SHA256). Generated on first use unless the operator
-- configured one (questions.author_key), in which case that key is used and nothing is stored here.
CREATE TABLE guild_secrets (
    guild_id    INTEGER PRIMARY KEY NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    author_key  BLOB    NOT NULL CHECK (length(author_key) = 32),
    created_at  TEXT    NOT NULL
) STRICT;

-- A question a member asked with /ask, or that was captured from a chosen channel.
CREATE TABLE questions (
    question_id  INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    -- Hex HMAC-SHA256 of the asker's Discord id under the guild's key; lets /questions forget-me find a
    -- member's questions without storing who they are.
    author_hash  TEXT    NOT NULL CHECK (length(author_hash) = 64),
    -- The de-identified question, with typed placeholders such as [NAME] and [DATE].
    text         TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 8000),
    -- The optional topic the member gave, de-identified like the text.
    topic        TEXT,
    -- How it arrived: 'ask' (the /ask command) or 'capture' (a message in a capture channel).
    origin       TEXT    NOT NULL CHECK (origin IN ('ask', 'capture')),
    asked_at     TEXT    NOT NULL,
    -- How many identifiers of each kind were replaced, as a JSON object: {"NAME":1,"DATE":2}.
    redactions   TEXT    NOT NULL DEFAULT '{}'
) STRICT;

CREATE INDEX questions_by_guild_and_time ON questions (guild_id, asked_at);
CREATE INDEX questions_by_guild_and_author ON questions (guild_id, author_hash);

-- What a question is about: hashtags it contains, and drugs, diseases and manufacturers the lexicons
-- found in it (by canonical name).
CREATE TABLE question_tags (
    question_id  INTEGER NOT NULL REFERENCES questions (question_id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN ('hashtag', 'drug', 'disease', 'manufacturer')),
    value        TEXT    NOT NULL,
    PRIMARY KEY (question_id, kind, value)
) STRICT;
