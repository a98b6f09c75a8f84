//! Tests of the fake Discord itself, so that a failing end-to-end test points at the bot, not at
//! the double: its payloads deserialise into serenity's own types, its OpenAPI check accepts good
//! bodies and names bad ones, and a real serenity/poise client works against it over REST and the
//! gateway.

mod gateway;
mod openapi;
mod payloads;
mod ratelimit;
mod rest;

use std::time::Duration;

/// Per-step limit: generous for a loaded 2-core machine, short enough that a hang fails fast.
const STEP: Duration = Duration::from_secs(10);

const GUILD: u64 = 900_000_000_000_000_001;
const TEXT: u64 = 900_000_000_000_000_010;
const NEWS: u64 = 900_000_000_000_000_011;
const FORUM: u64 = 900_000_000_000_000_012;

/// A fake with one guild holding a text, an announcement and a forum channel.
async fn fake_with_guild() -> crate::fake_discord::FakeDiscord {
    let fake = crate::fake_discord::FakeDiscord::start().await;
    fake.add_guild(GUILD);
    fake.add_channel(GUILD, TEXT, "general", 0);
    fake.add_channel(GUILD, NEWS, "announcements", 5);
    fake.add_channel(GUILD, FORUM, "digests", 15);
    fake
}

/// serenity's HTTP client aimed at the fake. The ratelimiter must be off: it ignores the proxy.
fn http_for(fake: &crate::fake_discord::FakeDiscord) -> serenity::all::Http {
    serenity::all::HttpBuilder::new("fake-token")
        .proxy(fake.api_base())
        .ratelimiter_disabled(true)
        .build()
}
