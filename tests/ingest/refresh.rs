//! The refresh stage through `rounds ingest --once`, the real binary, against unkind fakes: counts
//! that grow between reads, a Mastodon instance without the batch lookup, statuses that 404 or 410,
//! AppView posts that vanish, a 429 with `Retry-After`, X lookups only when asked for. Asserted on
//! what is stored and on what `rounds digest` and `rounds summary` print (the same builds as the
//! digests and `/summary`).

mod world;

use world::{world, BBBB};

#[tokio::test]
async fn refreshed_counts_reorder_the_digest_and_deleted_posts_leave_it() {
    let world = world().await;
    world.batch.grow_on_read(1);
    world.old_server.grow_on_read(1);
    let first = world.ingest(true, true).await;
    assert!(first.contains("refresh mastodon:127.0.0.1"), "{first}");
    assert_eq!(world.likes().await.len(), 7, "{:?}", world.likes().await);
    // Read once after polling: the lookups' growth shows; Jetstream's zero counts are filled in.
    assert_eq!(world.likes_of("/statuses/9101").await, Some(18));
    assert_eq!(world.likes_of("/statuses/9202").await, Some(101));
    assert_eq!(world.likes_of("3kbbb").await, Some(40));
    let lookups = world.old_server.lookups();
    assert_eq!(
        lookups[0].path, "/api/v1/statuses",
        "the batch form is tried first"
    );
    assert!(
        lookups[1..]
            .iter()
            .all(|r| r.path.starts_with("/api/v1/statuses/")),
        "then one status at a time: {lookups:?}"
    );
    assert_eq!(world.x.lookups().len(), 1);
    let before = world.digest().await;
    assert!(
        !before.contains("Dapagliflozin pearl"),
        "18 likes is not a top post yet:\n{before}"
    );
    // The Bluesky author is named as their profile says, not by DID.
    assert!(before.contains("Dr Trop ("), "{before}");
    assert!(
        !before.contains("did:plc:aaaa ("),
        "an author shown by DID:\n{before}"
    );
    // `/summary` (the same build as `rounds summary`) names the Bluesky author as their profile
    // says, with the role their bio states, and still shows the posts about to be deleted.
    let summary_before = world.summary().await;
    let trop = summary_before
        .lines()
        .find(|l| l.trim_start().starts_with("Dr Trop ("))
        .unwrap_or_default();
    assert!(
        trop.contains("(physician)"),
        "a leading voice with the role from the AppView bio:\n{summary_before}"
    );
    assert!(
        summary_before.contains("Regretted post"),
        "{summary_before}"
    );
    let pool = sqlx::SqlitePool::connect(&world.database_url)
        .await
        .unwrap();
    let (handle,): (String,) =
        sqlx::query_as("SELECT handle FROM authors WHERE remote_id = 'did:plc:aaaa'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(handle, "troponin.bsky.social");
    pool.close().await;

    // Upstream, meanwhile: likes pour in, two statuses and a Bluesky post are deleted, an X post too,
    // and the AppView rate-limits the next call.
    world
        .batch
        .update("210", |s| s["favourites_count"] = 500.into());
    world.batch.remove("211");
    world.old_server.mark_gone("310");
    world.appview.delete_post(BBBB);
    world.appview.rate_limit_next(1);
    world.x.delete_post("1860000000000000001");
    let second = world.ingest(false, true).await;
    assert!(second.contains("stopped early: rate limited"), "{second}");
    assert_eq!(world.likes_of("/statuses/9101").await, Some(501));
    assert_eq!(
        world.likes_of("/statuses/9102").await,
        None,
        "left out of the batch, then 404"
    );
    assert_eq!(world.likes_of("/statuses/9201").await, None, "410 Gone");
    assert_eq!(
        world.likes_of("1860000000000000001").await,
        None,
        "X resource-not-found"
    );
    assert_eq!(
        world.likes_of("3kbbb").await,
        Some(40),
        "a 429 deletes nothing"
    );

    let third = world.ingest(false, true).await;
    assert!(!third.contains("stopped early"), "{third}");
    assert_eq!(
        world.likes_of("3kbbb").await,
        None,
        "gone from getPosts once it answered"
    );
    let after = world.digest().await;
    let top = after
        .lines()
        .find(|l| l.starts_with("1. "))
        .unwrap_or_default();
    assert!(
        top.contains("Dapagliflozin pearl") && top.contains("502 likes"),
        "the post that gained likes leads now:\n{after}"
    );
    for deleted in [
        "Withdrawn case vignette",
        "Regretted post",
        "Hot take I will delete",
        "Finerenone",
    ] {
        assert!(
            !after.contains(deleted),
            "`{deleted}` is still in the digest:\n{after}"
        );
    }
    let summary_after = world.summary().await;
    for deleted in [
        "Withdrawn case vignette",
        "Regretted post",
        "Hot take I will delete",
        "Finerenone",
    ] {
        assert!(
            !summary_after.contains(deleted),
            "`{deleted}` is still in the summary:\n{summary_after}"
        );
    }
    assert!(
        summary_after.contains("Dapagliflozin pearl"),
        "{summary_after}"
    );
    let pool = sqlx::SqlitePool::connect(&world.database_url)
        .await
        .unwrap();
    let (fts,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'regretted OR vignette'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(fts, 0, "deleted posts stayed in the full-text index");
    pool.close().await;
}

#[tokio::test]
async fn with_x_refresh_off_no_lookup_is_sent() {
    let world = world().await;
    let out = world.ingest(true, false).await;
    assert!(!out.contains("refresh x"), "{out}");
    assert!(world.x.lookups().is_empty(), "{:?}", world.x.lookups());
    assert_eq!(
        world.likes_of("1860000000000000001").await,
        Some(25),
        "as first fetched"
    );
}

#[tokio::test]
async fn an_instance_that_is_down_deletes_nothing() {
    let world = world().await;
    world.ingest(true, false).await;
    assert_eq!(world.likes_of("/statuses/9102").await, Some(90));
    assert_eq!(world.likes_of("/statuses/9201").await, Some(80));
    // Both statuses are deleted upstream, but neither server can say so: one answers its lookups
    // 500, the other refuses connections.
    world.batch.remove("211");
    world
        .batch
        .fail_next_lookup(crate::fake_mastodon::Fault::ServerError);
    world.old_server.mark_gone("310");
    world.old_server.stop().await;
    let output = world.rounds_exit(&["ingest", "--once"], false, false).await;
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains("FAIL") && out.contains("stopped early"),
        "the poll of the stopped server fails, the 500 stops a pass:\n{out}"
    );
    assert_eq!(
        world.likes_of("/statuses/9102").await,
        Some(90),
        "a 500 is not a deletion"
    );
    assert_eq!(
        world.likes_of("/statuses/9201").await,
        Some(80),
        "a refused connection is not a deletion"
    );
    // Once the instance answers again, its 404 is (the other is still down).
    world.rounds_exit(&["ingest", "--once"], false, false).await;
    assert_eq!(world.likes_of("/statuses/9102").await, None);
}
