//! The fake served over HTTPS as `discord.com`, for a client that keeps serenity's ratelimiter on
//! (which ignores the proxy setting and always calls `https://discord.com`). The certificate is
//! self-signed for `discord.com` and generated at start-up; nothing is stored. The client trusts
//! only that certificate and resolves every host to the fake: see `FakeDiscord::https_client`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

use super::state::Shared;
use super::FakeDiscord;
use crate::fake_server::{self, FakeServer};

/// How long one TLS handshake may take before the connection is dropped, so a stuck client cannot
/// stop the fake from accepting others.
const HANDSHAKE: Duration = Duration::from_secs(5);

/// A TCP listener that completes the TLS handshake before handing a connection to axum.
struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((stream, addr)) = self.tcp.accept().await else {
                // Out of file descriptors and the like: wait rather than spin.
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            };
            if let Ok(Ok(tls)) = tokio::time::timeout(HANDSHAKE, self.acceptor.accept(stream)).await
            {
                return (tls, addr);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// A fresh self-signed certificate for `discord.com` and the server config presenting it; returns
/// the certificate as PEM for the client to trust.
fn server_config() -> anyhow::Result<(rustls::ServerConfig, String)> {
    let key = rcgen::KeyPair::generate()?;
    let params = rcgen::CertificateParams::new(vec!["discord.com".to_owned()])?;
    let cert = params.self_signed(&key)?;
    let key_der = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], key_der.into())?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok((config, cert.pem()))
}

impl FakeDiscord {
    /// Like `start`, but over HTTPS with a certificate for `discord.com`. Only REST is meant to be
    /// used this way: `GET /gateway` still reports a plain `ws://` URL.
    pub async fn start_https() -> FakeDiscord {
        let (config, cert_pem) = server_config().expect("generating a certificate for discord.com");
        let tcp = fake_server::bind().await;
        let addr = tcp
            .local_addr()
            .expect("reading the fake Discord's address");
        let listener = TlsListener {
            tcp,
            acceptor: TlsAcceptor::from(Arc::new(config)),
        };
        let shared = Shared::new(addr.port());
        shared.update(|inner| inner.tls_cert_pem = Some(cert_pem));
        let server = FakeServer::serve(listener, addr, super::router(&shared));
        FakeDiscord { shared, server }
    }

    /// `127.0.0.1:PORT`, where the fake listens.
    pub fn local_addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// A reqwest client for serenity's `HttpBuilder::client` that reaches this HTTPS fake when it
    /// calls `https://discord.com`: every host name resolves to the fake, no proxy is used, and
    /// only the fake's certificate is trusted, so no request can leave 127.0.0.1.
    pub fn https_client(&self) -> anyhow::Result<reqwest::Client> {
        let pem = self
            .shared
            .lock()
            .tls_cert_pem
            .clone()
            .ok_or_else(|| anyhow::anyhow!("the fake was not started with start_https"))?;
        Ok(reqwest::Client::builder()
            .use_rustls_tls()
            .no_proxy()
            .dns_resolver(Arc::new(OnlyTheFake(self.local_addr())))
            .tls_built_in_root_certs(false)
            .add_root_certificate(reqwest::Certificate::from_pem(pem.as_bytes())?)
            .build()?)
    }
}

/// Resolves every host name to the fake.
struct OnlyTheFake(SocketAddr);

impl reqwest::dns::Resolve for OnlyTheFake {
    fn resolve(&self, _name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let addr = self.0;
        Box::pin(async move {
            let addrs: reqwest::dns::Addrs = Box::new(std::iter::once(addr));
            Ok(addrs)
        })
    }
}
