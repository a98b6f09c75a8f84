#!/usr/bin/env python3
"""P1's yardstick: a bare bulk insert of the rows `cargo bench --bench ingest` produced.

Usage: bulk_insert.py ROWS.jsonl FRESH.db [GUILDS]

Creates the schema by applying migrations/*.sql in order (run from the repository root), with the
store's settings (WAL, synchronous=NORMAL, foreign keys on), then inserts the same rows into the same
tables -- authors, posts, post_hashtags, post_links, post_papers, post_entities and posts_fts -- with
`executemany`, in one transaction. Only the inserts and the commit are timed. Prints one JSON object.

Before timing, GUILDS guilds (default 0) track every hashtag the rows use, as the Rust side's guilds
do, and their posts are kept by topic with the statement the Rust writer runs once per batch
(src/store/posts/by_topic.rs, migrations 0015 and 0017), here once over all the rows.
"""

import glob
import json
import os
import sqlite3
import sys
import time


# The statement the Rust writer runs once per batch, read from its file.
with open("src/store/posts/by_topic.sql", encoding="utf-8") as statement:
    KEEP_BY_TOPIC = statement.read()


def main() -> None:
    rows_path, db_path = sys.argv[1], sys.argv[2]
    guilds = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db_path + suffix):
            os.remove(db_path + suffix)
    tables = {k: [] for k in ("a", "p", "h", "l", "pp", "e", "f")}
    with open(rows_path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["a"] is not None:
                tables["a"].append(row["a"])
            tables["p"].append(row["p"])
            for key in ("h", "l", "pp", "e"):
                tables[key].extend(row[key])
            tables["f"].append(row["f"])

    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    for migration in sorted(glob.glob("migrations/*.sql")):
        with open(migration, encoding="utf-8") as f:
            conn.executescript(f.read())

    tags = sorted({h[1] for h in tables["h"]})
    for g in range(guilds):
        guild_id = 900_000 + g
        conn.execute("INSERT INTO guilds (guild_id, created_at) VALUES (?, ?)", (guild_id, "2026-11-01T00:00:00.000Z"))
        conn.executemany(
            "INSERT INTO tracked_hashtags (guild_id, tag, display, added_by, added_at) VALUES (?, ?, ?, NULL, ?)",
            [(guild_id, tag, tag, "2026-11-01T00:00:00.000Z") for tag in tags],
        )

    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO authors (author_id, source, remote_id, handle, display_name, followers, bio, url,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        tables["a"],
    )
    conn.executemany(
        "INSERT INTO posts (post_id, source, remote_id, origin, uri, url, author_id, title, text,"
        " language, created_at, ingested_at, likes, reposts, replies, quotes, reply_to, quote_of,"
        " repost_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        tables["p"],
    )
    conn.executemany(
        "INSERT INTO post_hashtags (post_id, tag, created_at) VALUES (?, ?, ?)", tables["h"]
    )
    conn.executemany("INSERT INTO post_links (post_id, url, domain) VALUES (?, ?, ?)", tables["l"])
    conn.executemany("INSERT INTO post_papers (post_id, kind, value) VALUES (?, ?, ?)", tables["pp"])
    conn.executemany(
        "INSERT INTO post_entities (post_id, kind, canonical) VALUES (?, ?, ?)", tables["e"]
    )
    conn.executemany("INSERT INTO posts_fts (rowid, title, text) VALUES (?, ?, ?)", tables["f"])
    conn.execute(KEEP_BY_TOPIC, (json.dumps([p[0] for p in tables["p"]]),))
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()

    posts = len(tables["p"])
    rows = sum(len(v) for v in tables.values())
    print(
        json.dumps(
            {
                "posts": posts,
                "rows": rows,
                "seconds": seconds,
                "posts_per_s": posts / seconds,
                "rows_per_s": rows / seconds,
                "sqlite_version": sqlite3.sqlite_version,
                "python": sys.version.split()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
