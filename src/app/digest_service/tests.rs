//! A window busier than the digest reads, through the real store: posts committed as ingest
//! commits them, the digest built and rendered as Discord shows it. The cap is lowered (100 posts
//! read rather than 20,000) so a few hundred posts reach it.

use super::*;
use crate::discord::render::digest::{digest_messages, messages_to_markdown};
use crate::domain::entities::Tagger;
use crate::domain::normalize::normalize;
use crate::domain::post::{Engagement, RawAuthor, RawPost, SourceKind};
use crate::domain::Hashtag;
use chrono::Duration;

const CAP: usize = 100;

/// `count` posts of the hour `hours_ago`, by `authors` people (`@doc{n}`), the `i`th with `i` likes
/// (so the most engaged are the last), carrying `tags` and naming `drug(i)`.
fn posts(
    window: &str,
    count: usize,
    authors: usize,
    at: DateTime<Utc>,
    tags: impl Fn(usize) -> Vec<String>,
    drug: impl Fn(usize) -> &'static str,
) -> Vec<crate::domain::normalize::Post> {
    (0..count)
        .map(|i| {
            let raw = RawPost {
                source: SourceKind::Mastodon,
                origin: "med.example".into(),
                remote_id: format!("https://med.example/statuses/{window}-{i}"),
                uri: format!("https://med.example/statuses/{window}-{i}"),
                url: Some(format!("https://med.example/@doc/{window}-{i}")),
                author: RawAuthor {
                    remote_id: format!("https://med.example/users/doc{}", i % authors),
                    handle: format!("@doc{}@med.example", i % authors),
                    ..RawAuthor::default()
                },
                title: None,
                text: format!("Case {i}: {} dosing, a teaching point", drug(i)),
                language: Some("en".into()),
                created_at: at - Duration::minutes(i as i64 % 600),
                engagement: Engagement {
                    likes: i as u64,
                    ..Engagement::default()
                },
                hashtags: tags(i),
                links: vec![],
                reply_to: None,
                quote_of: None,
                repost_of: None,
                mentions: vec![],
            };
            normalize(raw, Tagger::bundled()).unwrap()
        })
        .collect()
}

fn meded(_: usize) -> Vec<String> {
    vec!["MedEd".into()]
}

async fn guild_tracking(store: &Store, tags: &[&str]) -> GuildId {
    let guild = GuildId::new(7).unwrap();
    for tag in tags {
        store
            .track_hashtag(
                guild,
                &Hashtag::parse(tag).unwrap(),
                None,
                Utc::now() - Duration::days(30),
            )
            .await
            .unwrap();
    }
    guild
}

fn rendered(digest: &Digest) -> String {
    messages_to_markdown(&digest_messages(digest))
}

#[tokio::test]
async fn a_capped_guild_window_is_counted_in_full_like_the_window_before() {
    let store = crate::store::test_store().await;
    let guild = guild_tracking(&store, &["MedEd"]).await;
    // @doc0 opted out: left out of both windows' counts, as of the posts shown.
    store.set_excluded_authors(ExcludedAuthors::parse(&["doc0@med.example".to_owned()]));
    let end = Utc::now();
    let start = end - Duration::days(1);
    // This window: 300 posts by 60 people (5 by @doc0); the 200 least engaged name apixaban,
    // the 100 most engaged (the ones read) semaglutide. The window before: 200 posts by 40
    // people (5 by @doc0), all naming apixaban.
    let now = posts("now", 300, 60, end - Duration::hours(1), meded, |i| {
        if i < 200 {
            "apixaban"
        } else {
            "semaglutide"
        }
    });
    let before = posts("before", 200, 40, start - Duration::hours(1), meded, |_| {
        "apixaban"
    });
    store.commit_posts("t", None, &now, end).await.unwrap();
    store.commit_posts("t", None, &before, end).await.unwrap();

    let everything = ChannelFilter::default();
    let capped = channel_digest_capped(&store, guild, &everything, start, end, None, CAP)
        .await
        .unwrap();
    let read_all = channel_digest_capped(&store, guild, &everything, start, end, None, 1_000)
        .await
        .unwrap();
    let shown = rendered(&capped);
    // 295 posts by 59 people against 195: up 51%, not "99 posts, down 49% from 195".
    assert!(
        shown.contains(
            "**295** posts from **59** people under \\#MedEd in the last 24 hours (up 51% from 195)."
        ),
        "{shown}"
    );
    // Apixaban: 200 posts less @doc0's 4 (0, 60, 120, 180), against 195; semaglutide: 100 less
    // @doc0's 1 (240), none before. Ranked by the full counts, as a digest reading all ranks them.
    assert!(
        shown.contains("Apixaban (drug): 196 (up 1% from 195)"),
        "{shown}"
    );
    assert!(
        shown.contains("Semaglutide (drug): 99 (none the window before)"),
        "{shown}"
    );
    assert_eq!(
        (capped.posts, capped.authors, &capped.entities),
        (read_all.posts, read_all.authors, &read_all.entities)
    );
    // What the posts read decide is theirs: the top posts are the most engaged either way (scored
    // against the posts read, so only which they are is compared).
    let ids = |d: &Digest| -> Vec<i64> { d.top_posts.iter().map(|p| p.post.post_id).collect() };
    assert_eq!(ids(&capped), ids(&read_all));

    // Under the cap, nothing changes: the digest is the one counted from its posts.
    let default = channel_digest_for(&store, guild, &everything, start, end, None)
        .await
        .unwrap();
    assert_eq!(default, read_all);
}

#[tokio::test]
async fn a_capped_channel_window_claims_no_fall_it_did_not_see() {
    let store = crate::store::test_store().await;
    let guild = guild_tracking(&store, &["MedEd", "Cardiology"]).await;
    let end = Utc::now();
    let start = end - Duration::days(1);
    // This window: 300 posts; #Cardiology on every third (100 in all), 33 of them among the 100
    // most engaged read. The window before: 60 quiet posts, all #Cardiology.
    let cardiology = |i: usize| {
        if i % 3 == 0 {
            vec!["MedEd".into(), "Cardiology".into()]
        } else {
            meded(i)
        }
    };
    let now = posts("now", 300, 60, end - Duration::hours(1), cardiology, |_| {
        "apixaban"
    });
    let before = posts(
        "before",
        60,
        20,
        start - Duration::hours(1),
        |_| vec!["Cardiology".into()],
        |_| "apixaban",
    );
    store.commit_posts("t", None, &now, end).await.unwrap();
    store.commit_posts("t", None, &before, end).await.unwrap();
    let channel = ChannelFilter {
        hashtags: vec![Hashtag::parse("Cardiology").unwrap()],
        topics: Vec::new(),
    };

    let capped = channel_digest_capped(&store, guild, &channel, start, end, None, CAP)
        .await
        .unwrap();
    let shown = rendered(&capped);
    // Read in full, the window before had 60 posts to this one's 33 seen: "down 45%" would be
    // false (it had 100). Counted the same way, from posts as engaged as those read, it had none.
    assert_eq!((capped.posts, capped.previous_posts), (33, 0), "{shown}");
    assert!(!shown.contains("down"), "{shown}");

    // Not capped, today's comparison stands.
    let read_all = channel_digest_capped(&store, guild, &channel, start, end, None, 1_000)
        .await
        .unwrap();
    assert_eq!((read_all.posts, read_all.previous_posts), (100, 60));
}

#[tokio::test]
async fn a_window_read_without_texts_gives_the_digest_read_with_them() {
    let store = crate::store::test_store().await;
    let guild = guild_tracking(&store, &["MedEd"]).await;
    let end = Utc::now();
    let start = end - Duration::days(1);
    // 40 posts by 8 people; every fifth cites one DOI, written in its usual case in the text only
    // (no link: the DOI stored is lower-cased, so only the text shows how it is written); the
    // most engaged has a title.
    let mut window = posts("now", 40, 8, end - Duration::hours(2), meded, |i| {
        if i % 2 == 0 {
            "apixaban"
        } else {
            "semaglutide"
        }
    });
    for (i, post) in window.iter_mut().enumerate().filter(|(i, _)| i % 5 == 0) {
        let mut raw = post.raw.clone();
        raw.text = format!("Trial {i} out, doi:10.1056/NEJMoa2032183 worth a read");
        raw.links = Vec::new();
        *post = normalize(raw, Tagger::bundled()).unwrap();
    }
    let mut raw = window[39].raw.clone();
    raw.title = Some("A title for case 39".into());
    window[39] = normalize(raw, Tagger::bundled()).unwrap();
    store.commit_posts("t", None, &window, end).await.unwrap();

    let digest = channel_digest_for(&store, guild, &ChannelFilter::default(), start, end, None)
        .await
        .unwrap();

    // The same window, read whole and built as it was before texts were skipped.
    let (tracked, all, previous) = (
        store.tracked_hashtags(guild).await.unwrap(),
        store.digest_posts(guild, start, end).await.unwrap(),
        window_counts(
            &store,
            guild,
            start - (end - start),
            start,
            &ExcludedAuthors::default(),
        )
        .await
        .unwrap(),
    );
    let tracked: Vec<String> = tracked
        .into_iter()
        .map(|t| t.tag.display().to_owned())
        .collect();
    let whole = build_digest(&DigestInput {
        start,
        end,
        tracked: &tracked,
        posts: &all,
        previous: &previous,
        feed_items: &[],
        tiers: crate::lexicons::tiers(),
        catch_up_periods: None,
        counts: None,
    });
    // Titles are filled in afterwards, and only the service reads them.
    let mut digest_without_titles = digest.clone();
    digest_without_titles
        .papers
        .iter_mut()
        .for_each(|p| p.title = None);
    assert_eq!(digest_without_titles, whole);
    // What a member sees: the top posts' own titles and words, and the DOI as its citers wrote it.
    let shown = rendered(&digest);
    for words in [
        "A title for case 39",
        "Case 38\\: apixaban dosing",
        "Trial 35 out",
        "[10.1056/NEJMoa2032183](https://doi.org/10.1056/NEJMoa2032183)",
    ] {
        assert!(shown.contains(words), "{words} in {shown}");
    }
}
