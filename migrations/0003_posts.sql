-- Posts collected from the sources (SPEC §2.1), stored once whichever guilds track their hashtags: a
-- guild sees the posts whose hashtags it tracks (post_hashtags ⋈ tracked_hashtags) and the items of
-- the feeds it follows (posts.origin = feeds.url).

-- People who wrote posts, one row per source and the source's own id for them.
CREATE TABLE authors (
    author_id     INTEGER PRIMARY KEY,
    -- 'mastodon', 'bluesky', 'x' or 'feed'.
    source        TEXT    NOT NULL,
    -- Mastodon account URL, Bluesky DID, X user id, or feed URL + author name.
    remote_id     TEXT    NOT NULL,
    handle        TEXT    NOT NULL,
    display_name  TEXT,
    followers     INTEGER,
    -- The author's own profile text, as the source gives it; roles are read from it, never guessed.
    bio           TEXT,
    url           TEXT,
    updated_at    TEXT    NOT NULL,
    UNIQUE (source, remote_id)
) STRICT;

CREATE TABLE posts (
    post_id      INTEGER PRIMARY KEY,
    source       TEXT    NOT NULL,
    -- Unique within the source: Mastodon `uri` (the same on every instance), Bluesky at:// URI, X id,
    -- feed item id. A post fetched twice, or from two instances, is one row.
    remote_id    TEXT    NOT NULL,
    -- Which server or feed delivered it first: Mastodon host, 'jetstream', 'x', or the feed URL.
    origin       TEXT    NOT NULL,
    uri          TEXT    NOT NULL,
    -- Where a person reads the original.
    url          TEXT,
    author_id    INTEGER NOT NULL REFERENCES authors (author_id),
    title        TEXT,
    -- Plain text: no HTML, no control characters.
    text         TEXT    NOT NULL,
    language     TEXT,
    created_at   TEXT    NOT NULL,
    ingested_at  TEXT    NOT NULL,
    -- Counts as last fetched; refreshed when the post is seen again.
    likes        INTEGER NOT NULL DEFAULT 0,
    reposts      INTEGER NOT NULL DEFAULT 0,
    replies      INTEGER NOT NULL DEFAULT 0,
    quotes       INTEGER NOT NULL DEFAULT 0,
    -- URIs of the post this one replies to, quotes or reposts (for the conversation graph).
    reply_to     TEXT,
    quote_of     TEXT,
    repost_of    TEXT,
    UNIQUE (source, remote_id)
) STRICT;

CREATE INDEX posts_by_created_at ON posts (created_at);
CREATE INDEX posts_by_origin_and_time ON posts (origin, created_at);
CREATE INDEX posts_by_author ON posts (author_id);

-- Hashtags of a post, case-folded NFKC keys ("meded"), from the source's own list and the text.
CREATE TABLE post_hashtags (
    post_id  INTEGER NOT NULL REFERENCES posts (post_id) ON DELETE CASCADE,
    tag      TEXT    NOT NULL,
    PRIMARY KEY (tag, post_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX post_hashtags_by_post ON post_hashtags (post_id);

-- Links in a post, canonicalised (tracking parameters removed), with their domain for source tiers.
CREATE TABLE post_links (
    post_id  INTEGER NOT NULL REFERENCES posts (post_id) ON DELETE CASCADE,
    url      TEXT    NOT NULL,
    domain   TEXT    NOT NULL,
    PRIMARY KEY (post_id, url)
) STRICT, WITHOUT ROWID;

CREATE INDEX post_links_by_domain ON post_links (domain);

-- Papers a post cites: DOIs (lower-cased) and PubMed ids found in its text and links.
CREATE TABLE post_papers (
    post_id  INTEGER NOT NULL REFERENCES posts (post_id) ON DELETE CASCADE,
    kind     TEXT    NOT NULL CHECK (kind IN ('doi', 'pmid')),
    value    TEXT    NOT NULL,
    PRIMARY KEY (post_id, kind, value)
) STRICT, WITHOUT ROWID;

CREATE INDEX post_papers_by_value ON post_papers (kind, value);

-- Drugs, diseases and manufacturers the lexicons found in a post, by canonical name.
CREATE TABLE post_entities (
    post_id    INTEGER NOT NULL REFERENCES posts (post_id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('drug', 'disease', 'manufacturer')),
    canonical  TEXT    NOT NULL,
    PRIMARY KEY (post_id, kind, canonical)
) STRICT, WITHOUT ROWID;

CREATE INDEX post_entities_by_name ON post_entities (kind, canonical);

-- Full-text index of titles and texts (external content: the text lives once, in posts).
CREATE VIRTUAL TABLE posts_fts USING fts5 (
    title,
    text,
    content = 'posts',
    content_rowid = 'post_id',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Where each source stream stands: Mastodon min_id per instance and tag, Jetstream time_us, X
-- since_id, feed validators. Written in the same transaction as the posts it covers.
CREATE TABLE source_cursors (
    stream      TEXT PRIMARY KEY NOT NULL,
    cursor      TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- Health of each source, for /sources status and `rounds doctor`.
CREATE TABLE source_status (
    source                   TEXT PRIMARY KEY NOT NULL,
    last_success_at          TEXT,
    last_error_at            TEXT,
    -- A short reason, never a URL with a token.
    last_error               TEXT,
    -- Posts new to the store in the last successful poll.
    last_inserted            INTEGER NOT NULL DEFAULT 0,
    backlog                  INTEGER,
    -- The interval the poller is using now (after clamping and back-off), in seconds.
    effective_interval_secs  INTEGER,
    updated_at               TEXT NOT NULL
) STRICT;
