//! The scaffold every fake service under `tests/support/` stands on: a server bound to 127.0.0.1
//! only, on a free port, that records each request (method, path, query, headers, body, and the
//! status answered and when) before the fake's own handler sees it, and stops when dropped; state
//! that tests can wait on (`Watched`) instead of sleeping; scripted faults matched per request
//! (`Faults`), and the pieces of refusals several fakes send (`retry_after`, `truncated`).
//!
//! A fake builds its `axum::Router` (its routes, its state) and hands it to `FakeServer::start`;
//! handlers read the parsed request with `Extension<Recorded>` rather than parsing it again.
//! Included with `#[path]` from test binaries as `crate::fake_server`, beside the fakes.
// Each test binary uses a different part of this API.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// State shared by a fake's handlers and the test, with a signal on every change so tests wait
/// for what they expect rather than for a fixed time.
#[derive(Debug, Default)]
pub struct Watched<T> {
    inner: Mutex<T>,
    changed: Notify,
}

impl<T> Watched<T> {
    pub fn new(value: T) -> Watched<T> {
        Watched {
            inner: Mutex::new(value),
            changed: Notify::new(),
        }
    }

    /// Locks the state. A panic while locked (only possible in test code) must not hide later
    /// failures behind a poisoned lock, so poisoning is ignored.
    pub fn lock(&self) -> MutexGuard<'_, T> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs `change` under the lock and wakes every waiter.
    pub fn update<R>(&self, change: impl FnOnce(&mut T) -> R) -> R {
        let out = change(&mut self.lock());
        self.changed.notify_waiters();
        out
    }

    /// Waits until `check` returns `Some`, re-checking after every `update`.
    pub async fn wait_for<R>(
        &self,
        timeout: Duration,
        what: &str,
        mut check: impl FnMut(&T) -> Option<R>,
    ) -> anyhow::Result<R> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            // Register interest before checking, so a change between the check and the wait
            // is not missed.
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(found) = check(&self.lock()) {
                return Ok(found);
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                anyhow::bail!("timed out after {timeout:?} waiting for {what}");
            }
        }
    }
}

/// One request as the client sent it.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// Arrival order on this server, from 0.
    pub seq: u64,
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query as sent, undecoded (empty when there was none).
    pub raw_query: String,
    /// Decoded query pairs, in order.
    pub query: Vec<(String, String)>,
    /// Header names lower-cased.
    pub headers: HashMap<String, String>,
    pub body: Bytes,
    /// The status answered, once the answer went out (`None` while the handler runs, or for ever
    /// when the client gave up first).
    pub status: Option<u16>,
    /// When it was answered, as a place among all answers so far (from 0).
    pub answered: Option<u64>,
    pub at: Instant,
}

impl Recorded {
    /// The first value of a query parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every value of a repeated query parameter (`ids[]=1&ids[]=2`), in order.
    pub fn params(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    /// The token of an `Authorization: Bearer …` header.
    pub fn bearer(&self) -> Option<&str> {
        self.header("authorization")?.strip_prefix("Bearer ")
    }
}

/// Decoded `key=value` pairs of a query string (`+` is a space), as servers read them.
fn parse_query(query: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.as_bytes())
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}

/// Percent-decodes one path segment (`+` stays a plus there).
pub fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

/// Scripted faults: each applies to the requests its predicate accepts, for a number of uses;
/// a request takes the first one, in the order they were scripted, that applies and has uses left.
pub struct Faults<F> {
    scripted: Mutex<Vec<Scripted<F>>>,
}

type Applies = Box<dyn Fn(&Recorded) -> bool + Send + Sync>;

struct Scripted<F> {
    applies: Applies,
    fault: F,
    left: usize,
}

impl<F> Default for Faults<F> {
    fn default() -> Self {
        Faults {
            scripted: Mutex::new(Vec::new()),
        }
    }
}

impl<F> std::fmt::Debug for Faults<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Faults({} scripted)", self.lock().len())
    }
}

impl<F> Faults<F> {
    fn lock(&self) -> MutexGuard<'_, Vec<Scripted<F>>> {
        self.scripted
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl<F: Clone> Faults<F> {
    /// The next `times` requests that `applies` accepts get `fault`.
    pub fn push(
        &self,
        applies: impl Fn(&Recorded) -> bool + Send + Sync + 'static,
        fault: F,
        times: usize,
    ) {
        self.lock().push(Scripted {
            applies: Box::new(applies),
            fault,
            left: times,
        });
    }

    /// Takes one use of the first fault that applies to `request`, if any.
    pub fn take(&self, request: &Recorded) -> Option<F> {
        let mut scripted = self.lock();
        let found = scripted
            .iter_mut()
            .find(|s| s.left > 0 && (s.applies)(request))?;
        found.left -= 1;
        Some(found.fault.clone())
    }
}

/// Sets `Retry-After` (seconds, as written) on a refusal.
pub fn retry_after(mut response: Response, value: &str) -> Response {
    let value = HeaderValue::from_str(value).expect("a valid Retry-After value");
    response.headers_mut().insert("retry-after", value);
    response
}

/// The first half of a body, as a connection cut mid-answer delivers it.
pub fn truncated(body: &str) -> String {
    String::from_utf8_lossy(&body.as_bytes()[..body.len() / 2]).into_owned()
}

/// The request log, and the number the next request gets (kept apart from the log so that
/// `clear_requests` cannot hand out a number again).
#[derive(Default)]
struct Log {
    requests: Watched<Vec<Recorded>>,
    next_seq: AtomicU64,
    next_answer: AtomicU64,
}

/// A running fake server; dropping it stops accepting connections.
pub struct FakeServer {
    addr: SocketAddr,
    log: Arc<Log>,
    task: Mutex<Option<JoinHandle<()>>>,
}

/// A listener on 127.0.0.1 (never another interface) on a free port.
pub async fn bind() -> TcpListener {
    TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binding a fake server to 127.0.0.1")
}

impl FakeServer {
    /// Serves `router` on 127.0.0.1, on a free port.
    pub async fn start(router: Router) -> FakeServer {
        FakeServer::start_with(|_| router).await
    }

    /// Like `start`, for a router that needs to know its own address.
    pub async fn start_with(router: impl FnOnce(SocketAddr) -> Router) -> FakeServer {
        let listener = bind().await;
        let addr = listener.local_addr().expect("a fake server's address");
        FakeServer::serve(listener, addr, router(addr))
    }

    /// Serves `router` on any listener (e.g. one that does TLS first) that sits at `addr`.
    pub fn serve<L>(listener: L, addr: SocketAddr, router: Router) -> FakeServer
    where
        L: axum::serve::Listener<Addr = SocketAddr>,
    {
        let log = Arc::new(Log::default());
        let router = router.layer(axum::middleware::from_fn_with_state(
            Arc::clone(&log),
            record,
        ));
        let task = tokio::spawn(async move {
            // Only fails if the listener breaks; the test then sees connection errors.
            let _ = axum::serve(listener, router).await;
        });
        FakeServer {
            addr,
            log,
            task: Mutex::new(Some(task)),
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// `ws://127.0.0.1:PORT` followed by `path`.
    pub fn ws_url(&self, path: &str) -> String {
        format!("ws://{}{path}", self.addr)
    }

    /// Every request so far, in arrival order, answered or not.
    pub fn requests(&self) -> Vec<Recorded> {
        self.log.requests.lock().clone()
    }

    pub fn clear_requests(&self) {
        self.log.requests.update(Vec::clear);
    }

    /// Stops accepting connections, as a service that went down, and returns once the listener
    /// is closed. Connections already open are left to end on their own.
    pub async fn stop(&self) {
        let task = self.task.lock().expect("the server task").take();
        if let Some(task) = task {
            task.abort();
            // An aborted task's future (and so the listener) is dropped before this resolves.
            let _ = task.await;
        }
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        if let Some(task) = self.task.lock().ok().and_then(|mut t| t.take()) {
            task.abort();
        }
    }
}

/// The middleware that logs each request before the fake's handler runs and its status after.
async fn record(State(log): State<Arc<Log>>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    // A body that breaks off is recorded as far as it came.
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let raw_query = parts.uri.query().unwrap_or("").to_owned();
    let seq = log.next_seq.fetch_add(1, Ordering::Relaxed);
    let recorded = Recorded {
        seq,
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query: parse_query(&raw_query),
        raw_query,
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect(),
        body: body.clone(),
        status: None,
        answered: None,
        at: Instant::now(),
    };
    log.requests.update(|log| log.push(recorded.clone()));
    let mut request = Request::from_parts(parts, Body::from(body));
    request.extensions_mut().insert(recorded);
    let response = next.run(request).await;
    let status = response.status().as_u16();
    log.requests.update(|requests| {
        if let Some(done) = requests.iter_mut().find(|r| r.seq == seq) {
            done.status = Some(status);
            // Taken under the lock, so the places follow the order the log changed in.
            done.answered = Some(log.next_answer.fetch_add(1, Ordering::Relaxed));
        }
    });
    response
}
