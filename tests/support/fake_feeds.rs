//! A fake feed host on 127.0.0.1: serves the hand-written fixtures under `tests/fixtures/feeds/`
//! (RSS 1.0 in bioRxiv's shape, RSS 2.0 in PubMed's, Atom, JSON Feed) with `ETag` or
//! `Last-Modified` and real 304s, and the ways feeds go wrong: an HTML page, malformed and truncated
//! XML, a 500, a 429, a slow server, a body over the size limit, invalid UTF-8, stray control
//! characters; and redirects (`Route::redirect`). Tests can swap what a path serves (`set`) and read
//! what was asked (`hits`).
//!
//! Included with `#[path]` from test binaries.
#![allow(dead_code)]

use crate::fake_server::{FakeServer, Recorded, Watched};
use axum::extract::{Extension, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// What one path answers.
#[derive(Clone, Debug)]
pub struct Route {
    pub status: u16,
    pub body: Vec<u8>,
    pub content_type: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub retry_after: Option<String>,
    /// Where a redirect points (`Location`).
    pub location: Option<String>,
    /// How long the server waits before answering.
    pub delay: Duration,
}

impl Route {
    /// A fixture file from `tests/fixtures/feeds/`, served with 200.
    pub fn fixture(name: &str, content_type: &str) -> Route {
        Route::body(fixture(name), content_type)
    }

    pub fn body(body: impl Into<Vec<u8>>, content_type: &str) -> Route {
        Route {
            status: 200,
            body: body.into(),
            content_type: content_type.to_owned(),
            etag: None,
            last_modified: None,
            retry_after: None,
            location: None,
            delay: Duration::ZERO,
        }
    }

    pub fn status(status: u16) -> Route {
        Route {
            status,
            ..Route::body(format!("error {status}"), "text/plain")
        }
    }

    /// A 302 to `to`.
    pub fn redirect(to: &str) -> Route {
        Route {
            location: Some(to.to_owned()),
            ..Route::status(302)
        }
    }

    pub fn etag(mut self, etag: &str) -> Route {
        self.etag = Some(format!("\"{etag}\""));
        self
    }

    pub fn last_modified(mut self, date: &str) -> Route {
        self.last_modified = Some(date.to_owned());
        self
    }
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/feeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

/// One request the fake answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub path: String,
    /// Whether it carried `If-None-Match` or `If-Modified-Since`.
    pub conditional: bool,
    pub status: u16,
}

type Routes = Watched<HashMap<String, Route>>;

/// A running fake; dropping it stops the server.
pub struct FakeFeeds {
    routes: Arc<Routes>,
    server: FakeServer,
}

pub const PUBMED_LAST_MODIFIED: &str = "Tue, 07 May 2024 14:00:00 GMT";

impl FakeFeeds {
    /// Binds 127.0.0.1 on a free port with every fixture route in place.
    pub async fn start() -> FakeFeeds {
        let routes = Arc::new(Routes::default());
        let router = axum::Router::new()
            .fallback(answer)
            .with_state(Arc::clone(&routes));
        let server = FakeServer::start(router).await;
        let fake = FakeFeeds { routes, server };
        fake.set(
            "/medrxiv/cardiology.rdf",
            Route::fixture("biorxiv.rdf", "application/rdf+xml").etag("medrxiv-1"),
        );
        fake.set(
            "/pubmed/rss/search/1AbCdEfGh/",
            Route::fixture("pubmed.xml", "application/rss+xml; charset=utf-8")
                .last_modified(PUBMED_LAST_MODIFIED),
        );
        fake.set(
            "/jce/atom/online-first.xml",
            Route::fixture("journal.atom", "application/atom+xml").etag("jce-1"),
        );
        fake.set(
            "/sen/news/feed.json",
            Route::fixture("society.json", "application/feed+json").etag("sen-1"),
        );
        // Served without validators: only the body digest tells it is unchanged.
        fake.set(
            "/trust/control.xml",
            Route::fixture("control.xml", "text/xml"),
        );
        fake.set(
            "/jce/rss/current.xml",
            Route::fixture("page.html", "text/html; charset=utf-8"),
        );
        fake.set(
            "/broken/malformed.xml",
            Route::fixture("malformed.xml", "application/rss+xml"),
        );
        fake.set(
            "/broken/truncated.xml",
            Route::fixture("truncated.xml", "application/rss+xml"),
        );
        fake.set("/down/feed.xml", Route::status(500));
        fake.set(
            "/busy/feed.xml",
            Route {
                retry_after: Some("120".into()),
                ..Route::status(429)
            },
        );
        fake.set(
            "/slow/feed.xml",
            Route {
                delay: Duration::from_secs(30),
                ..Route::fixture("news.xml", "application/rss+xml")
            },
        );
        // Over the 2 MiB limit of feed bodies; the XML itself would be fine.
        let mut huge = b"<rss version=\"2.0\"><channel><title>Huge</title>".to_vec();
        huge.resize(3 * 1024 * 1024, b' ');
        huge.extend_from_slice(b"</channel></rss>");
        fake.set("/huge/feed.xml", Route::body(huge, "application/rss+xml"));
        // UTF-8 is declared (by default) but a Latin-1 byte follows.
        let mut latin = fixture("news.xml");
        latin.extend_from_slice(b"<!-- caf\xe9 -->");
        fake.set(
            "/invalid-utf8/feed.xml",
            Route::body(latin, "application/rss+xml"),
        );
        // Fails until a test serves the news fixture there.
        fake.set("/trust/news.xml", Route::status(503));
        fake
    }

    pub fn url(&self, path: &str) -> String {
        self.server.url(path)
    }

    pub fn set(&self, path: &str, route: Route) {
        self.routes.lock().insert(path.to_owned(), route);
    }

    /// The requests answered for a path, in the order answered (one the client gave up on is not a
    /// hit).
    pub fn hits(&self, path: &str) -> Vec<Hit> {
        let requests = self.server.requests().into_iter();
        let mut answered: Vec<_> = requests
            .filter(|r| r.path == path && r.answered.is_some())
            .collect();
        answered.sort_by_key(|r| r.answered);
        answered
            .into_iter()
            .map(|r| Hit {
                conditional: r.header("if-none-match").is_some()
                    || r.header("if-modified-since").is_some(),
                status: r.status.unwrap_or_default(),
                path: r.path,
            })
            .collect()
    }
}

async fn answer(
    State(routes): State<Arc<Routes>>,
    Extension(request): Extension<Recorded>,
) -> Response {
    let route = routes.lock().get(&request.path).cloned();
    let Some(route) = route else {
        return StatusCode::NOT_FOUND.into_response();
    };
    tokio::time::sleep(route.delay).await;
    let if_none_match = request.header("if-none-match").map(str::to_owned);
    let if_modified_since = request.header("if-modified-since").map(str::to_owned);
    let unchanged = route.status == 200
        && ((route.etag.is_some() && if_none_match == route.etag)
            || (route.last_modified.is_some() && if_modified_since == route.last_modified));
    let mut response = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            StatusCode::from_u16(route.status).expect("a valid status"),
            [(header::CONTENT_TYPE, route.content_type.clone())],
            route.body.clone(),
        )
            .into_response()
    };
    let out = response.headers_mut();
    for (name, value) in [
        (header::ETAG, &route.etag),
        (header::LAST_MODIFIED, &route.last_modified),
        (header::RETRY_AFTER, &route.retry_after),
        (header::LOCATION, &route.location),
    ] {
        if let Some(value) = value {
            out.insert(name, value.parse().expect("a valid header value"));
        }
    }
    response
}
