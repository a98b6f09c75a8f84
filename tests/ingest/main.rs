//! Ingestion tests: each source adapter against a fake of its service on 127.0.0.1, replaying
//! hand-written fixtures in the real shapes, including the faults.

mod bluesky_search;
mod deletions;
#[path = "../support/fake_appview.rs"]
mod fake_appview;
#[path = "../support/fake_bluesky.rs"]
mod fake_bluesky;
#[path = "../support/fake_feeds.rs"]
mod fake_feeds;
#[path = "../support/fake_jetstream.rs"]
mod fake_jetstream;
#[path = "../support/fake_mastodon.rs"]
mod fake_mastodon;
#[path = "../support/fake_papers.rs"]
mod fake_papers;
#[path = "../support/fake_server.rs"]
mod fake_server;
#[path = "../support/fake_x.rs"]
mod fake_x;
mod feed_daily_cap;
mod feeds;
mod feeds_caps;
mod feeds_guard;
mod feeds_memory;
mod jetstream;
mod mastodon;
mod metadata_limits;
mod once;
mod refresh;
mod sink;
mod x;
