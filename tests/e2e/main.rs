//! End-to-end tests: the real `rounds` binary against a fake Discord on 127.0.0.1.

#[path = "../support/fake_discord.rs"]
mod fake_discord;

mod app;
mod cli;
mod digest_setup;
mod fake_discord_selftest;
mod moderation;
mod questions;
mod resilience;
