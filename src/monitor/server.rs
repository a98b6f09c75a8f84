//! The `[metrics] listen` endpoint: `GET /metrics` (Prometheus text format) and `GET /healthz` (200
//! while the gateway is connected and the database answers, 503 otherwise). A plain HTTP/1 server on
//! hyper, which the HTTP clients already build; each connection has a few seconds to send its
//! request, so an idle or slow client cannot hold the listener.

use super::names;
use crate::sources::BoxFuture;
use crate::store::Store;
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use metrics_exporter_prometheus::PrometheusHandle;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;

/// How long a client may take to send its request headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest a connection is kept, whatever it does.
const CONNECTION_LIMIT: Duration = Duration::from_secs(30);
/// How long the health check waits for the database before calling it down.
const DATABASE_TIMEOUT: Duration = Duration::from_secs(2);
/// How often histogram samples are folded into their buckets between scrapes.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// Whether the Discord gateway is connected; implemented by the Discord side, which alone knows
/// what connected means there.
pub trait GatewayProbe: Send + Sync {
    fn connected(&self) -> BoxFuture<'_, bool>;
}

/// A bound listener with what it reports on, ready to serve.
pub struct Listener {
    socket: TcpListener,
    state: Arc<State>,
}

struct State {
    handle: PrometheusHandle,
    store: Store,
    gateway: Box<dyn GatewayProbe>,
}

impl Listener {
    /// Binds `address` (checked by the configuration); an error names the address.
    pub async fn bind(
        address: SocketAddr,
        handle: PrometheusHandle,
        store: Store,
        gateway: Box<dyn GatewayProbe>,
    ) -> anyhow::Result<Self> {
        let socket = TcpListener::bind(address)
            .await
            .map_err(|e| anyhow::anyhow!("metrics.listen: cannot listen on {address}: {e}"))?;
        Ok(Self {
            socket,
            state: Arc::new(State {
                handle,
                store,
                gateway,
            }),
        })
    }

    /// The address actually bound (port 0 picks a free one).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.socket.local_addr()
    }

    /// Answers scrapes until this future is dropped (the supervisor aborts it at shutdown), which
    /// also drops every open connection.
    pub async fn serve(self) {
        let mut connections = tokio::task::JoinSet::new();
        let mut upkeep = tokio::time::interval(UPKEEP_EVERY);
        loop {
            let accepted = tokio::select! {
                accepted = self.socket.accept() => accepted,
                _ = upkeep.tick() => {
                    self.state.handle.run_upkeep();
                    continue;
                }
            };
            while connections.try_join_next().is_some() {}
            let stream = match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of file descriptors, typically: wait rather than spin.
                    tracing::warn!(%error, "metrics listener failed to accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let state = Arc::clone(&self.state);
            connections.spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    let state = Arc::clone(&state);
                    async move { Ok::<_, Infallible>(state.answer(&request).await) }
                });
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEADER_TIMEOUT)
                    .keep_alive(false)
                    .serve_connection(TokioIo::new(stream), service);
                let _ = tokio::time::timeout(CONNECTION_LIMIT, connection).await;
            });
        }
    }
}

impl State {
    async fn answer(&self, request: &Request<Incoming>) -> Response<Full<Bytes>> {
        if request.method() != Method::GET && request.method() != Method::HEAD {
            return text(StatusCode::METHOD_NOT_ALLOWED, "only GET\n".into());
        }
        match request.uri().path() {
            "/metrics" => {
                self.sample().await;
                let mut response = text(StatusCode::OK, self.handle.render());
                response.headers_mut().insert(
                    hyper::header::CONTENT_TYPE,
                    hyper::header::HeaderValue::from_static("text/plain; version=0.0.4"),
                );
                response
            }
            "/healthz" => {
                let (discord, database) = self.health().await;
                let status = if discord && database {
                    StatusCode::OK
                } else {
                    StatusCode::SERVICE_UNAVAILABLE
                };
                let word = |up| if up { "ok" } else { "down" };
                text(
                    status,
                    format!("discord: {}\ndatabase: {}\n", word(discord), word(database)),
                )
            }
            _ => text(StatusCode::NOT_FOUND, "try /metrics or /healthz\n".into()),
        }
    }

    /// Whether the gateway is connected and the database answers in time.
    async fn health(&self) -> (bool, bool) {
        let discord = self.gateway.connected().await;
        let database = matches!(
            tokio::time::timeout(DATABASE_TIMEOUT, self.store.ping()).await,
            Ok(Ok(()))
        );
        (discord, database)
    }

    /// The gauges read at scrape time rather than kept up to date.
    async fn sample(&self) {
        let discord = self.gateway.connected().await;
        metrics::gauge!(names::GATEWAY_CONNECTED).set(if discord { 1.0 } else { 0.0 });
        let started = Instant::now();
        if let Ok(Ok(())) = tokio::time::timeout(DATABASE_TIMEOUT, self.store.ping()).await {
            metrics::gauge!(names::DATABASE_PING).set(started.elapsed().as_secs_f64());
        }
        match self.store.size_bytes().await {
            Ok(bytes) => metrics::gauge!(names::DATABASE_SIZE).set(bytes as f64),
            Err(error) => tracing::warn!(%error, "failed to read the database size for /metrics"),
        }
        for pool in self.store.pool_usage() {
            for (state, count) in [("idle", pool.idle), ("busy", pool.busy)] {
                metrics::gauge!(names::POOL_CONNECTIONS, "pool" => pool.name, "state" => state)
                    .set(count as f64);
            }
        }
    }
}

fn text(status: StatusCode, body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Gateway(bool);

    impl GatewayProbe for Gateway {
        fn connected(&self) -> BoxFuture<'_, bool> {
            Box::pin(async move { self.0 })
        }
    }

    async fn listening(connected: bool, store: Store) -> SocketAddr {
        let handle = metrics_exporter_prometheus::PrometheusBuilder::new()
            .build_recorder()
            .handle();
        let listener = Listener::bind(
            "127.0.0.1:0".parse().unwrap(),
            handle,
            store,
            Box::new(Gateway(connected)),
        )
        .await
        .unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(listener.serve());
        address
    }

    async fn get(address: SocketAddr, path: &str) -> (u16, String) {
        let response = reqwest::get(format!("http://{address}{path}"))
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    #[tokio::test]
    async fn health_is_503_while_the_gateway_or_the_database_is_down() {
        let store = Store::open("sqlite::memory:").await.unwrap();
        let up = listening(true, store.clone()).await;
        assert_eq!(
            get(up, "/healthz").await,
            (200, "discord: ok\ndatabase: ok\n".into())
        );
        let no_gateway = listening(false, store.clone()).await;
        assert_eq!(
            get(no_gateway, "/healthz").await,
            (503, "discord: down\ndatabase: ok\n".into())
        );
        store.close().await;
        assert_eq!(
            get(up, "/healthz").await,
            (503, "discord: ok\ndatabase: down\n".into())
        );
        let (status, _) = get(up, "/metrics").await;
        assert_eq!(status, 200, "metrics are served while the database is down");
        let refused = reqwest::Client::new()
            .post(format!("http://{up}/metrics"))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status().as_u16(), 405);
    }
}
