//! A fake feed host on 127.0.0.1: serves the hand-written fixtures under `tests/fixtures/feeds/`
//! (RSS 1.0 in bioRxiv's shape, RSS 2.0 in PubMed's, Atom, JSON Feed) with `ETag` or
//! `Last-Modified` and real 304s, and the ways feeds go wrong: an HTML page, malformed and truncated
//! XML, a 500, a 429, a slow server, a body over the size limit, invalid UTF-8, stray control
//! characters; and redirects (`Route::redirect`). Tests can swap what a path serves (`set`) and read
//! what was asked (`hits`).
//!
//! Included with `#[path]` from test binaries.
#![allow(dead_code)]

use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;

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

#[derive(Default)]
struct Shared {
    routes: Mutex<HashMap<String, Route>>,
    hits: Mutex<Vec<Hit>>,
}

/// A running fake; dropping it stops the server.
pub struct FakeFeeds {
    base: String,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl Drop for FakeFeeds {
    fn drop(&mut self) {
        self.server.abort();
    }
}

pub const PUBMED_LAST_MODIFIED: &str = "Tue, 07 May 2024 14:00:00 GMT";

impl FakeFeeds {
    /// Binds 127.0.0.1 on a free port with every fixture route in place.
    pub async fn start() -> FakeFeeds {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding the fake feed host to 127.0.0.1");
        let base = format!(
            "http://127.0.0.1:{}",
            listener.local_addr().expect("reading its address").port()
        );
        let shared = Arc::new(Shared::default());
        let state = shared.clone();
        let router = axum::Router::new().fallback(move |uri: Uri, headers: HeaderMap| {
            let state = state.clone();
            async move { answer(&state, uri, headers).await }
        });
        let server = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("serving feeds");
        });
        let fake = FakeFeeds {
            base,
            shared,
            server,
        };
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
        format!("{}{path}", self.base)
    }

    pub fn set(&self, path: &str, route: Route) {
        self.shared
            .routes
            .lock()
            .unwrap()
            .insert(path.to_owned(), route);
    }

    /// The requests made for a path, in order.
    pub fn hits(&self, path: &str) -> Vec<Hit> {
        let hits = self.shared.hits.lock().unwrap();
        hits.iter().filter(|h| h.path == path).cloned().collect()
    }
}

async fn answer(shared: &Shared, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().to_owned();
    let route = shared.routes.lock().unwrap().get(&path).cloned();
    let if_none_match = text(&headers, header::IF_NONE_MATCH);
    let if_modified_since = text(&headers, header::IF_MODIFIED_SINCE);
    let conditional = if_none_match.is_some() || if_modified_since.is_some();
    let Some(route) = route else {
        record(shared, path, conditional, 404);
        return StatusCode::NOT_FOUND.into_response();
    };
    tokio::time::sleep(route.delay).await;
    let unchanged = route.status == 200
        && ((route.etag.is_some() && if_none_match == route.etag)
            || (route.last_modified.is_some() && if_modified_since == route.last_modified));
    let status = if unchanged { 304 } else { route.status };
    record(shared, path, conditional, status);
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

fn record(shared: &Shared, path: String, conditional: bool, status: u16) {
    shared.hits.lock().unwrap().push(Hit {
        path,
        conditional,
        status,
    });
}

fn text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}
