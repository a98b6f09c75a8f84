//! Storing and reading back digest channels.

use super::*;
use crate::domain::digest::channel::select_hashtags;
use crate::store::test_store;

fn setup(channel_id: u64, time: &str, zone: &str) -> DigestSetup {
    DigestSetup {
        channel_id,
        time: DigestTime::parse(time).unwrap(),
        timezone: TimeZone::parse(zone).unwrap(),
        window: ConfigDuration::parse("24h").unwrap(),
    }
}

#[tokio::test]
async fn setting_up_twice_updates_the_channel() {
    let store = test_store().await;
    let guild = GuildId::new(5).unwrap();
    let now = Utc::now();
    let first = store
        .set_up_digest(guild, &setup(10, "08:00", "UTC"), now)
        .await
        .unwrap();
    let second = store
        .set_up_digest(guild, &setup(10, "07:30", "Europe/Paris"), now)
        .await
        .unwrap();
    assert_eq!(
        (first, second),
        (SetupOutcome::Created, SetupOutcome::Updated)
    );
    let channels = store.digest_channels(guild).await.unwrap();
    assert_eq!(channels.len(), 1);
    assert_eq!(channels[0].time.to_string(), "07:30");
    assert_eq!(channels[0].timezone.name(), "Europe/Paris");
    assert_eq!(channels[0].weekdays, Weekdays::DAILY);
    assert!(!channels[0].paused);
    assert!(store
        .digest_channels(GuildId::new(6).unwrap())
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn every_setting_reads_back_as_saved_and_edit_needs_a_digest() {
    let store = test_store().await;
    let guild = GuildId::new(5).unwrap();
    let now = Utc::now();
    let tracked: Vec<Hashtag> = ["CardioTwitter", "NephJC"]
        .iter()
        .map(|t| Hashtag::parse(t).unwrap())
        .collect();
    let settings = DigestSettings {
        channel_id: 10,
        time: DigestTime::parse("08:00").unwrap(),
        timezone: TimeZone::parse("Europe/London").unwrap(),
        weekdays: Weekdays::parse("mon").unwrap(),
        window: DigestWindow::SinceLast,
        filter: ChannelFilter {
            hashtags: select_hashtags("#cardiotwitter", &tracked).unwrap(),
            topics: DigestTopic::parse_list("Ozempic, heart failure", Tagger::bundled()).unwrap(),
        },
    };
    let mut other = settings.clone();
    other.channel_id = 11;
    assert!(!store.edit_digest(guild, &other, now).await.unwrap());
    store
        .save_digest_settings(guild, &settings, now)
        .await
        .unwrap();
    let saved = store.digest_channels(guild).await.unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].settings(), settings);
    assert_eq!(saved[0].filter.hashtags[0].display(), "CardioTwitter");

    let mut edited = settings.clone();
    edited.window = DigestWindow::parse("3d").unwrap();
    edited.filter = ChannelFilter::default();
    assert!(store.edit_digest(guild, &edited, now).await.unwrap());
    assert_eq!(
        store.digest_channels(guild).await.unwrap()[0].settings(),
        edited
    );
}
