//! The optional abstractive summary (`summary.llm`): the representative posts, numbered, go to an
//! OpenAI-compatible `/v1/chat/completions` endpoint with the instruction to cite them as [1], [2]…;
//! only sentences citing posts it was given come back. Any failure leaves the extractive summary
//! alone, so this never stands between a member and an answer.

use crate::config::LlmSettings;
use crate::domain::summary::citations::{cited_sentences, CitedSentence};
use crate::http::{read_capped, BodyError, ClientSpec};
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

/// The endpoint gets this long for the whole answer.
pub const TIMEOUT: Duration = Duration::from_secs(20);
/// The largest answer read: five cited sentences are a few kilobytes; far more is not an answer.
pub const MAX_ANSWER_BYTES: usize = 1024 * 1024;
/// How much of each post the model reads.
const POST_CHARS: usize = 1_000;

const INSTRUCTIONS: &str = "You summarise public social media posts by healthcare professionals \
for other professionals. Use only the numbered posts given. Write at most five short sentences. \
End every sentence with the numbers of the posts it comes from, like [1] or [2, 3]. Do not add \
facts, advice or posts that are not given.";

#[derive(Clone)]
pub struct LlmClient {
    http: reqwest::Client,
    url: String,
    model: String,
    api_key: Option<SecretString>,
}

impl std::fmt::Debug for LlmClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LlmClient")
            .field("url", &self.url)
            .field("model", &self.model)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SummariseError {
    #[error("failed to reach the summary endpoint: {0}")]
    Request(#[from] reqwest::Error),
    #[error("the summary endpoint answered {0}")]
    Status(u16),
    #[error("the summary endpoint's answer has no message text")]
    Malformed,
    #[error("the summary endpoint's answer is larger than {MAX_ANSWER_BYTES} bytes")]
    TooLarge,
    #[error("the summary cited none of the posts it was given")]
    NoCitations,
}

impl LlmClient {
    /// A client when `summary.llm` is enabled and names an endpoint; `None` otherwise.
    pub fn from_settings(settings: &LlmSettings) -> anyhow::Result<Option<Self>> {
        let base = settings.endpoint.trim().trim_end_matches('/');
        if !settings.enabled || base.is_empty() {
            return Ok(None);
        }
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            anyhow::bail!("summary.llm.endpoint `{base}` must start with http:// or https://");
        }
        let url = if base.ends_with("/chat/completions") {
            base.to_owned()
        } else if base.ends_with("/v1") {
            format!("{base}/chat/completions")
        } else {
            format!("{base}/v1/chat/completions")
        };
        let http = crate::http::client(&ClientSpec::new(TIMEOUT, Duration::from_secs(5)))?;
        Ok(Some(Self {
            http,
            url,
            model: settings.model.clone(),
            api_key: settings.api_key.clone(),
        }))
    }

    /// Sentences summarising `posts` (numbered from 1 in order), each citing only those posts.
    #[tracing::instrument(skip_all, fields(posts = posts.len()))]
    pub async fn summarise(
        &self,
        topic: &str,
        posts: &[String],
    ) -> Result<Vec<CitedSentence>, SummariseError> {
        let numbered: String = posts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let text: String = text.chars().take(POST_CHARS).collect();
                format!("[{}] {}\n", i + 1, text.replace('\n', " "))
            })
            .collect();
        let body = serde_json::json!({
            "model": self.model,
            "temperature": 0.2,
            "messages": [
                {"role": "system", "content": INSTRUCTIONS},
                {"role": "user", "content": format!("Topic: {topic}\n\nPosts:\n{numbered}")},
            ],
        });
        let mut request = self.http.post(&self.url).json(&body);
        if let Some(key) = &self.api_key {
            request = request.bearer_auth(key.expose_secret());
        }
        // The endpoint's address stays out of errors: some services take their key in it.
        let mut response = request.send().await.map_err(reqwest::Error::without_url)?;
        if !response.status().is_success() {
            return Err(SummariseError::Status(response.status().as_u16()));
        }
        let body =
            read_capped(&mut response, MAX_ANSWER_BYTES)
                .await
                .map_err(|error| match error {
                    BodyError::TooLarge { .. } => SummariseError::TooLarge,
                    BodyError::Read(error) => SummariseError::Request(error),
                })?;
        let answer: serde_json::Value =
            serde_json::from_slice(&body).map_err(|_| SummariseError::Malformed)?;
        let text = answer["choices"][0]["message"]["content"]
            .as_str()
            .ok_or(SummariseError::Malformed)?;
        let sentences = cited_sentences(text, posts.len());
        if sentences.is_empty() {
            return Err(SummariseError::NoCitations);
        }
        Ok(sentences)
    }
}
