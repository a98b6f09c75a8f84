//! The app-password session behind searchPosts. `createSession` is limited to a few dozen calls per
//! handle a day, so a session is created once and kept: an expired access token is renewed with
//! `refreshSession`, and a new session is created only when the refresh token is refused too.

use super::super::xrpc::{self, XrpcError};
use crate::sources::SourceError;
use reqwest::{RequestBuilder, Url};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::sync::Mutex;

pub(super) struct Session {
    base: Url,
    handle: String,
    password: SecretString,
    http: reqwest::Client,
    tokens: Mutex<Option<Tokens>>,
}

struct Tokens {
    access: SecretString,
    refresh: SecretString,
}

/// What `createSession` and `refreshSession` both answer (other fields ignored).
#[derive(Deserialize)]
struct Granted {
    #[serde(rename = "accessJwt")]
    access_jwt: String,
    #[serde(rename = "refreshJwt")]
    refresh_jwt: String,
}

impl Session {
    pub fn new(base: Url, handle: String, password: SecretString, http: reqwest::Client) -> Self {
        Self {
            base,
            handle,
            password,
            http,
            tokens: Mutex::new(None),
        }
    }

    /// Sends the request `build` makes with an access token, logging in first if need be. If the
    /// token is refused, the session is renewed and the request sent once more.
    pub async fn send(
        &self,
        build: impl Fn(&str) -> RequestBuilder,
    ) -> Result<Vec<u8>, SourceError> {
        let token = self.access_token().await?;
        match xrpc::call(build(token.expose_secret())).await {
            Ok(body) => Ok(body),
            Err(XrpcError::Source(error)) => Err(error),
            Err(XrpcError::Auth { name, .. }) => {
                tracing::info!(reason = %name, "Bluesky access token refused; renewing the session");
                self.renew(&token).await?;
                let token = self.access_token().await?;
                xrpc::call(build(token.expose_secret()))
                    .await
                    .map_err(XrpcError::into_source)
            }
        }
    }

    async fn access_token(&self) -> Result<SecretString, SourceError> {
        let mut tokens = self.tokens.lock().await;
        if tokens.is_none() {
            *tokens = Some(self.create().await?);
        }
        let current = tokens.as_ref().expect("set just above");
        Ok(current.access.expose_secret().into())
    }

    /// Replaces the tokens after `stale` was refused, unless another request already did.
    async fn renew(&self, stale: &SecretString) -> Result<(), SourceError> {
        let mut tokens = self.tokens.lock().await;
        let refresh = match tokens.as_ref() {
            Some(current) if current.access.expose_secret() != stale.expose_secret() => {
                return Ok(())
            }
            Some(current) => Some(current.refresh.expose_secret().to_owned()),
            None => None,
        };
        let renewed = match refresh {
            Some(refresh) => match self.refresh(&refresh).await {
                Ok(renewed) => renewed,
                Err(XrpcError::Auth { name, .. }) => {
                    tracing::info!(reason = %name, "Bluesky refresh token refused; logging in again");
                    self.create().await?
                }
                Err(XrpcError::Source(error)) => return Err(error),
            },
            None => self.create().await?,
        };
        *tokens = Some(renewed);
        Ok(())
    }

    #[tracing::instrument(name = "bluesky_create_session", skip_all, fields(handle = %self.handle))]
    async fn create(&self) -> Result<Tokens, SourceError> {
        let request = self
            .http
            .post(xrpc::method_url(
                &self.base,
                "com.atproto.server.createSession",
            ))
            .json(&serde_json::json!({
                "identifier": self.handle,
                "password": self.password.expose_secret(),
            }));
        match xrpc::call(request).await {
            Ok(body) => parse(&body),
            Err(XrpcError::Auth { name }) => Err(SourceError::Refused(format!(
                "Bluesky refused the handle or app password ({name})"
            ))),
            Err(XrpcError::Source(error)) => Err(error),
        }
    }

    #[tracing::instrument(name = "bluesky_refresh_session", skip_all, fields(handle = %self.handle))]
    async fn refresh(&self, refresh_token: &str) -> Result<Tokens, XrpcError> {
        let request = self
            .http
            .post(xrpc::method_url(
                &self.base,
                "com.atproto.server.refreshSession",
            ))
            .bearer_auth(refresh_token);
        let body = xrpc::call(request).await?;
        Ok(parse(&body)?)
    }
}

fn parse(body: &[u8]) -> Result<Tokens, SourceError> {
    let granted: Granted = serde_json::from_slice(body)
        .map_err(|e| SourceError::Malformed(format!("a Bluesky session without tokens: {e}")))?;
    Ok(Tokens {
        access: granted.access_jwt.into(),
        refresh: granted.refresh_jwt.into(),
    })
}
