//! What a moderator is told when the guild already has as many of something as it may: the words
//! for the store's `LimitReached` refusals (hashtags, feeds, digest and alert channels), written
//! here from the limit each refusal carries.

/// `/track add` past the guild's hashtag limit.
pub fn hashtag_limit_reached(limit: usize) -> String {
    format!("this server already tracks {limit} hashtags, the most it can; remove one first")
}

/// `/feeds add` past the guild's feed limit.
pub fn feed_limit_reached(limit: usize) -> String {
    format!("this server already follows {limit} feeds, the most it can; remove one first")
}

/// `/digest setup` of a new channel past the guild's digest-channel limit.
pub fn digest_channel_limit_reached(limit: usize) -> String {
    format!("this server already has {limit} digest channels, the most it can")
}

/// `/alerts setup` of a new channel past the guild's alert-channel limit.
pub fn alert_channel_limit_reached(limit: usize) -> String {
    format!("this server already has {limit} alert channels, the most it can")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::alerts::MAX_ALERT_CHANNELS_PER_GUILD;
    use crate::store::digest_channels::MAX_DIGEST_CHANNELS_PER_GUILD;
    use crate::store::feeds::MAX_FEEDS_PER_GUILD;
    use crate::store::hashtags::MAX_TRACKED_PER_GUILD;

    #[test]
    fn a_moderator_at_the_hashtag_limit_reads_the_limit_and_what_to_do() {
        assert_eq!(
            hashtag_limit_reached(MAX_TRACKED_PER_GUILD),
            "this server already tracks 100 hashtags, the most it can; remove one first"
        );
    }

    #[test]
    fn a_moderator_at_the_feed_limit_reads_the_limit_and_what_to_do() {
        assert_eq!(
            feed_limit_reached(MAX_FEEDS_PER_GUILD),
            "this server already follows 50 feeds, the most it can; remove one first"
        );
    }

    #[test]
    fn a_moderator_at_the_digest_channel_limit_reads_the_limit() {
        assert_eq!(
            digest_channel_limit_reached(MAX_DIGEST_CHANNELS_PER_GUILD),
            "this server already has 10 digest channels, the most it can"
        );
    }

    #[test]
    fn a_moderator_at_the_alert_channel_limit_reads_the_limit() {
        assert_eq!(
            alert_channel_limit_reached(MAX_ALERT_CHANNELS_PER_GUILD),
            "this server already has 10 alert channels, the most it can"
        );
    }

    #[test]
    fn the_words_follow_the_limit_the_refusal_carries() {
        assert_eq!(
            hashtag_limit_reached(3),
            "this server already tracks 3 hashtags, the most it can; remove one first"
        );
        assert_eq!(
            digest_channel_limit_reached(4),
            "this server already has 4 digest channels, the most it can"
        );
    }
}
