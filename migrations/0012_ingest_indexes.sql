-- Two secondary indexes that no read needs, dropped because every post pays for them at ingest
-- (issue #18, SPEC P1): entity rows are the most numerous children (~6 a post), and each index is
-- one more B-tree insert per row.
--
-- post_entities_by_name (kind, canonical): every query on entities is driven by the guild's window
-- and reaches a post's entities through the primary key (post_id, kind, canonical). The only plan
-- that used this index was the surge counts' (src/store/alerts/counts.rs), which scanned every drug
-- and disease row ever stored and kept those in the window; without it that query, too, starts
-- from the window (checked with EXPLAIN QUERY PLAN).
DROP INDEX post_entities_by_name;

-- post_links_by_domain (domain): no query looks links up by domain; links are read and deleted by
-- post (the primary key's first column).
DROP INDEX post_links_by_domain;
