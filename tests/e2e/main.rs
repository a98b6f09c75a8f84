//! End-to-end tests: the real `rounds` binary against a fake Discord on 127.0.0.1.

#[path = "../support/fake_appview.rs"]
mod fake_appview;
#[allow(dead_code)]
#[path = "../support/fake_bluesky.rs"]
mod fake_bluesky;
#[path = "../support/fake_discord.rs"]
mod fake_discord;
#[path = "../support/fake_feeds.rs"]
mod fake_feeds;
#[allow(dead_code)]
#[path = "../support/fake_jetstream.rs"]
mod fake_jetstream;
#[path = "../support/fake_llm.rs"]
mod fake_llm;
#[path = "../support/fake_mastodon.rs"]
mod fake_mastodon;
#[path = "../support/fake_papers.rs"]
mod fake_papers;
#[path = "../support/fake_server.rs"]
mod fake_server;
#[path = "../support/fake_x.rs"]
mod fake_x;

mod alerts;
mod app;
mod cli;
mod digest_channels;
mod digest_commands;
mod digest_round;
mod digest_setup;
mod digests;
mod fake_discord_selftest;
mod faults;
mod feeds;
mod journal_club;
mod metrics;
mod moderation;
mod questions;
mod refresh_status;
mod registration;
mod resilience;
mod security;
mod summary;
mod throttle;
mod throttle_ingest;
