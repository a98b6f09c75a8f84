-- Lookups a metadata service answered "not found" (HTTP 400/404/410): remembered for a day so a
-- member (or many members) naming a DOI that does not exist cannot make the bot ask Crossref again
-- and again. Like paper_metadata_cache, public data shared by every guild: nothing here says who
-- asked. Rows older than a week are deleted whenever a miss is recorded.
CREATE TABLE paper_metadata_misses (
    -- Which service had no record: 'crossref', 'pubmed' or 'pmc' (as in paper_metadata_cache).
    service     TEXT    NOT NULL CHECK (service IN ('crossref', 'pubmed', 'pmc')),
    -- What was asked for: a case-folded DOI for crossref, the numeric id for pubmed and pmc.
    lookup_key  TEXT    NOT NULL CHECK (length(lookup_key) BETWEEN 1 AND 500),
    -- When the service last said it had no record (RFC 3339, UTC).
    missed_at   TEXT    NOT NULL,
    PRIMARY KEY (service, lookup_key)
) STRICT;

-- Lets old misses be pruned by age.
CREATE INDEX paper_metadata_misses_by_age ON paper_metadata_misses (missed_at);
