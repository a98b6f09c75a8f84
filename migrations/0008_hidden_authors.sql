-- Accounts that are deactivated or suspended upstream (a Jetstream `account` event with
-- `active: false`): their posts stay stored but are shown nowhere (digests, summaries, voices)
-- until the account is active again. A deleted or taken-down account is not hidden: its posts and
-- its row are deleted (src/store/deletions.rs).
ALTER TABLE authors ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1));

-- Hidden authors are few; every query that shows posts reads this small set once.
CREATE INDEX authors_hidden ON authors (author_id) WHERE hidden = 1;
