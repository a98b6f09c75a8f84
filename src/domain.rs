//! Pure types and logic: no I/O, no clock reads, no Discord. Everything that comes from outside is
//! parsed here, once, into a type that cannot be invalid.

pub mod chart;
pub mod deidentify;
pub mod digest;
pub mod duration;
pub mod entities;
pub mod feed_url;
pub mod format_chars;
pub mod guild;
pub mod hashtag;
pub mod html;
pub mod links;
pub mod normalize;
pub mod papers;
pub mod post;
pub mod questions;
pub mod schedule;
pub mod summary;
pub mod surge;
pub mod throttle;

pub use duration::ConfigDuration;
pub use guild::GuildId;
pub use hashtag::Hashtag;
pub use schedule::{DigestTime, DigestWindow, TimeZone, Weekdays};
