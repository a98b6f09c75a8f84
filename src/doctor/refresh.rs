//! The refresh stage in `rounds doctor`: what it is set to read, and how each service's last pass
//! went, from the store. The lookup APIs are not probed here: a probe of the AppView or X would be
//! one more request to a service the bot already reads every pass (and, for X, a billed one), and
//! the last pass says more about them than one request would.

use super::{Line, Verdict};
use crate::config::Settings;
use crate::store::Store;
use chrono::Utc;

pub(super) async fn refresh(settings: &Settings, store: Option<&Store>) -> Vec<Line> {
    let config = &settings.sources;
    if !config.refresh.enabled {
        return vec![Line::skip(
            "refresh",
            "skipped: sources.refresh.enabled is false (counts stay as first fetched)",
        )];
    }
    let services = match crate::ingest::refresh::build_refreshers(settings) {
        Ok(built) => built.iter().map(|r| r.name()).collect::<Vec<_>>(),
        Err(e) => return vec![Line::fail("refresh", format!("{e:#}"))],
    };
    if services.is_empty() {
        return vec![Line::skip(
            "refresh",
            "skipped: no source it reads again (Mastodon, Bluesky, X) is enabled",
        )];
    }
    let x = if !config.x.enabled {
        "X off"
    } else if config.x.refresh {
        "X on (billed per post read)"
    } else {
        "X not refreshed (sources.x.refresh is false)"
    };
    let mut lines = vec![Line::ok(
        "refresh",
        format!(
            "posts younger than {} read again every {} from {} service(s) [{}]; {x}; lookups not probed (see the last passes)",
            config.refresh.max_age,
            config.refresh.interval,
            services.len(),
            services.join(", ")
        ),
    )];
    let Some(store) = store else {
        lines.push(Line::skip(
            "refresh passes",
            "skipped: the database could not be read",
        ));
        return lines;
    };
    let runs = match store.refresh_runs().await {
        Ok(runs) => runs,
        Err(e) => {
            lines.push(Line::fail("refresh passes", format!("could not read: {e}")));
            return lines;
        }
    };
    if runs.is_empty() {
        lines.push(Line::skip(
            "refresh passes",
            "skipped: no pass recorded yet (the bot runs one each interval; `rounds ingest --once` runs one)",
        ));
    }
    let now = Utc::now();
    for run in runs {
        let ago = run
            .last_run_at
            .map(|at| format!("{}m ago", (now - at).num_minutes().max(0)))
            .unwrap_or_default();
        let did = format!(
            "{}: last pass {ago}: {} refreshed, {} deleted upstream, {} profiles, {} requests",
            run.service, run.refreshed, run.deleted, run.profiles, run.requests
        );
        lines.push(match run.last_error {
            Some(error) => Line::new(
                Verdict::Warn,
                "refresh passes",
                format!("{did}; stopped early: {error}"),
            ),
            None => Line::ok("refresh passes", did),
        });
    }
    lines
}
