//! Askers as per-guild keyed hashes: the log can tell one asker's questions apart (to forget them on
//! request) without storing, or letting anyone recover, who asked.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;

type HmacSha256 = Hmac<Sha256>;

/// What the start-up log and `rounds doctor` say when no `questions.author_key` is configured and
/// each guild's key is kept in the database next to the hashes it made.
pub const KEY_IN_DATABASE_WARNING: &str = "questions.author_key is not set, so each server's asker-hashing key is kept in the database: anyone with a copy of the database and the server's member list can hash every member's id and re-identify who asked each question. Set questions.author_key (64 hex characters, e.g. `openssl rand -hex 32`) through ROUNDS__QUESTIONS__AUTHOR_KEY or a git-ignored config file, and keep it apart from database backups (changing it later starts new hashes: forget-me then finds only questions asked after the change).";

/// A 32-byte secret key for hashing askers within one guild.
#[derive(Clone)]
pub struct AuthorKey([u8; 32]);

/// The hex HMAC-SHA256 of an asker's Discord id under their guild's key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AuthorHash(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("questions.author_key must be 64 hexadecimal characters (32 bytes), e.g. from `openssl rand -hex 32`")]
pub struct InvalidAuthorKey;

impl AuthorKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        bytes.try_into().ok().map(Self)
    }

    /// Parses an operator-configured key written as 64 hex characters.
    pub fn from_hex(text: &str) -> Result<Self, InvalidAuthorKey> {
        let bytes = hex::decode(text.trim()).map_err(|_| InvalidAuthorKey)?;
        Self::from_slice(&bytes).ok_or(InvalidAuthorKey)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The key for one guild, derived from an installation-wide key, so the same member hashes
    /// differently in every guild.
    pub fn for_guild(&self, guild_id: u64) -> AuthorKey {
        let mut mac = self.mac();
        mac.update(b"rounds guild key\0");
        mac.update(&guild_id.to_be_bytes());
        AuthorKey(mac.finalize().into_bytes().into())
    }

    /// The asker's hash under this (guild) key.
    pub fn hash_author(&self, user_id: u64) -> AuthorHash {
        let mut mac = self.mac();
        mac.update(b"rounds asker\0");
        mac.update(&user_id.to_be_bytes());
        AuthorHash(hex::encode(mac.finalize().into_bytes()))
    }

    fn mac(&self) -> HmacSha256 {
        HmacSha256::new_from_slice(&self.0).expect("HMAC accepts a key of any length")
    }
}

impl fmt::Debug for AuthorKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthorKey([REDACTED])")
    }
}

impl AuthorHash {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Rebuilds a hash read back from the store.
    pub fn from_stored(text: String) -> Self {
        Self(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_member_hashes_alike_within_a_guild_and_differently_across_guilds() {
        let installation = AuthorKey::from_bytes([7; 32]);
        let guild_a = installation.for_guild(1);
        let guild_b = installation.for_guild(2);
        assert_eq!(guild_a.hash_author(42), guild_a.hash_author(42));
        assert_ne!(guild_a.hash_author(42), guild_a.hash_author(43));
        assert_ne!(guild_a.hash_author(42), guild_b.hash_author(42));
        let hash = guild_a.hash_author(42);
        assert_eq!(hash.as_str().len(), 64);
        assert!(!hash.as_str().contains("42"));
    }

    #[test]
    fn configured_keys_must_be_32_bytes_of_hex() {
        assert!(AuthorKey::from_hex(&"ab".repeat(32)).is_ok());
        assert_eq!(AuthorKey::from_hex("abcd").unwrap_err(), InvalidAuthorKey);
        assert_eq!(
            AuthorKey::from_hex(&"zz".repeat(32)).unwrap_err(),
            InvalidAuthorKey
        );
        assert_eq!(
            format!("{:?}", AuthorKey::from_bytes([1; 32])),
            "AuthorKey([REDACTED])"
        );
    }
}
