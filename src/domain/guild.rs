//! The guild (Discord server) a setting belongs to: every read and write is scoped by one.

use std::fmt;

/// A Discord guild id: a non-zero snowflake that fits SQLite's signed 64-bit integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GuildId(u64);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("`{0}` is not a guild id: use the server's numeric id (Developer Mode → right-click the server → Copy Server ID)")]
pub struct ParseGuildIdError(String);

impl GuildId {
    pub fn new(id: u64) -> Result<Self, ParseGuildIdError> {
        if id == 0 || i64::try_from(id).is_err() {
            return Err(ParseGuildIdError(id.to_string()));
        }
        Ok(Self(id))
    }

    pub fn parse(text: &str) -> Result<Self, ParseGuildIdError> {
        let id: u64 = text
            .trim()
            .parse()
            .map_err(|_| ParseGuildIdError(text.to_owned()))?;
        Self::new(id).map_err(|_| ParseGuildIdError(text.to_owned()))
    }

    pub fn get(self) -> u64 {
        self.0
    }

    /// The id as SQLite stores it; `new` guarantees it fits.
    pub fn as_i64(self) -> i64 {
        self.0 as i64
    }
}

impl fmt::Display for GuildId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::str::FromStr for GuildId {
    type Err = ParseGuildIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snowflakes_parse_and_junk_does_not() {
        assert_eq!(
            GuildId::parse("1234567890123").unwrap().get(),
            1_234_567_890_123
        );
        assert!(GuildId::parse("0").is_err());
        assert!(GuildId::parse("-4").is_err());
        assert!(GuildId::parse("abc").is_err());
        assert!(GuildId::parse("18446744073709551615").is_err());
    }
}
