//! Paper metadata from Crossref and NCBI E-utilities, behind one `look_up`: a DOI is read from
//! Crossref; a PMID from PubMed's summary (then Crossref for the abstract, which esummary lacks); a
//! PMCID from PMC's summary, which leads to the PMID or DOI. Responses are cached in SQLite, the
//! operator's `mailto` goes with every request, and E-utilities is paced to NCBI's limits.

pub mod crossref;
pub mod eutils;
pub mod http;

use crate::config::MetadataSettings;
use crate::domain::papers::{Doi, Paper, PaperId, Pmcid, Pmid};
use crate::http::Limiter;
use crate::store::papers::MetadataService;
use crate::store::Store;
use chrono::Utc;
use eutils::{Database, SummaryError};
use http::FetchError;
use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// `reqwest::Url`'s parse error, named without a direct dependency on the `url` crate.
pub type UrlError = <reqwest::Url as std::str::FromStr>::Err;

/// How long a cached response is served before the service is asked again: metadata rarely
/// changes, but a retraction should show within days.
const CACHE_FOR: chrono::Duration = chrono::Duration::days(7);
/// NCBI allows 3 requests a second without an API key and 10 with one; a little slack keeps a burst
/// strictly under.
const EUTILS_INTERVAL: Duration = Duration::from_millis(340);
const EUTILS_INTERVAL_WITH_KEY: Duration = Duration::from_millis(101);
/// Crossref asks public and polite clients alike to stay within a few requests a second; five a
/// second is well inside what it allows and far more than journal clubs need.
const CROSSREF_INTERVAL: Duration = Duration::from_millis(200);
/// Crossref lookups waiting for their turn, at most: one more is refused at once ("too many
/// lookups waiting") rather than queued behind minutes of others, and nothing else waits on it.
pub const CROSSREF_QUEUE: usize = 8;
/// How long a DOI Crossref had no record of is answered "not found" without asking again.
const REMEMBER_MISSES_FOR: chrono::Duration = chrono::Duration::days(1);

/// The services asked, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Crossref,
    EUtilities,
}

impl Service {
    pub fn name(self) -> &'static str {
        match self {
            Service::Crossref => "Crossref",
            Service::EUtilities => "NCBI E-utilities",
        }
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LookUpPaperError {
    #[error("{service} has no record of {id}")]
    NotFound { service: Service, id: String },
    #[error("{service} is rate limiting requests")]
    RateLimited {
        service: Service,
        retry_after: Option<Duration>,
    },
    #[error("{service} has too many lookups waiting")]
    Busy { service: Service },
    #[error("{service} is unavailable: {detail}")]
    Unavailable { service: Service, detail: String },
    #[error("{service} sent a response that could not be read: {detail}")]
    Malformed { service: Service, detail: String },
    #[error("the metadata cache failed: {0}")]
    Cache(#[from] crate::store::StoreError),
}

#[derive(Debug, thiserror::Error)]
pub enum BuildMetadataClientError {
    #[error("metadata.{key} `{value}` must be an http:// or https:// URL")]
    BadBase { key: &'static str, value: String },
    #[error("failed to build the HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}

/// Looks papers up; cheap to clone, and every clone shares the E-utilities pacing.
#[derive(Clone)]
pub struct MetadataClient {
    http: reqwest::Client,
    crossref_base: String,
    eutils_base: String,
    mailto: String,
    ncbi_api_key: Option<SecretString>,
    eutils_limiter: Arc<Limiter>,
    crossref_limiter: Arc<Limiter>,
    /// One permit per Crossref lookup waiting or under way (`CROSSREF_QUEUE`).
    crossref_queue: Arc<Semaphore>,
    store: Store,
}

impl MetadataClient {
    pub fn new(
        settings: &MetadataSettings,
        store: Store,
    ) -> Result<Self, BuildMetadataClientError> {
        let base = |key: &'static str, value: &str| {
            let value = value.trim().trim_end_matches('/');
            if value.starts_with("http://") || value.starts_with("https://") {
                Ok(value.to_owned())
            } else {
                Err(BuildMetadataClientError::BadBase {
                    key,
                    value: value.to_owned(),
                })
            }
        };
        let mailto = settings.mailto.trim().to_owned();
        let ncbi_api_key = settings
            .ncbi_api_key
            .clone()
            .filter(|k| !k.expose_secret().trim().is_empty());
        let interval = if ncbi_api_key.is_some() {
            EUTILS_INTERVAL_WITH_KEY
        } else {
            EUTILS_INTERVAL
        };
        Ok(MetadataClient {
            http: http::client(&mailto)?,
            crossref_base: base("crossref_base", &settings.crossref_base)?,
            eutils_base: base("eutils_base", &settings.eutils_base)?,
            mailto,
            ncbi_api_key,
            eutils_limiter: Arc::new(Limiter::every(interval)),
            crossref_limiter: Arc::new(Limiter::every(CROSSREF_INTERVAL)),
            crossref_queue: Arc::new(Semaphore::new(CROSSREF_QUEUE)),
            store,
        })
    }

    /// The paper an identifier names, with whatever the services know about it.
    #[tracing::instrument(skip(self), fields(paper = %id))]
    pub async fn look_up(&self, id: &PaperId) -> Result<Paper, LookUpPaperError> {
        match id {
            PaperId::Doi(doi) => self.crossref_work(doi).await,
            PaperId::Pmid(pmid) => self.pubmed_paper(*pmid).await,
            PaperId::Pmcid(pmcid) => {
                let pmc = self.summary(Database::Pmc, pmcid.get()).await?;
                let mut paper = match (pmc.pmid, &pmc.doi) {
                    (Some(pmid), _) => self.pubmed_paper(pmid).await?,
                    (None, Some(doi)) => self.crossref_work(doi).await?,
                    (None, None) => pmc,
                };
                paper.pmcid = Some(*pmcid);
                Ok(paper)
            }
        }
    }

    /// PubMed's summary, completed from Crossref when it has a DOI: the abstract, the work type and
    /// any retraction notice. Crossref failing then only costs those extras.
    async fn pubmed_paper(&self, pmid: Pmid) -> Result<Paper, LookUpPaperError> {
        let mut paper = self.summary(Database::Pubmed, pmid.get()).await?;
        let Some(doi) = paper.doi.clone() else {
            return Ok(paper);
        };
        match self.crossref_work(&doi).await {
            Ok(work) => {
                paper.abstract_text = work.abstract_text;
                paper.work_type = work.work_type;
                paper.updates_to = work.updates_to;
                paper.updated_by = work.updated_by;
                if work.journal.is_some() {
                    paper.journal = work.journal;
                }
                if paper.authors.is_empty() {
                    paper.authors = work.authors;
                }
            }
            Err(e) => tracing::info!(error = %e, "Crossref could not complete a PubMed record"),
        }
        Ok(paper)
    }

    #[tracing::instrument(skip(self), fields(doi = %doi))]
    async fn crossref_work(&self, doi: &Doi) -> Result<Paper, LookUpPaperError> {
        let service = Service::Crossref;
        let key = doi.key();
        let malformed = |detail: String| LookUpPaperError::Malformed { service, detail };
        if let Some(body) = self.cached(MetadataService::Crossref, &key).await? {
            if let Ok(paper) = crossref::parse_work(&body) {
                return Ok(paper);
            }
        }
        let missed_since = Utc::now() - REMEMBER_MISSES_FOR;
        if self
            .store
            .metadata_missed_since(MetadataService::Crossref, &key, missed_since)
            .await?
        {
            tracing::debug!("Crossref had no record of this DOI within a day; not asked again");
            return Err(LookUpPaperError::NotFound {
                service,
                id: format!("DOI {doi}"),
            });
        }
        let url = crossref::work_url(&self.crossref_base, doi, &self.mailto)
            .map_err(|e| malformed(format!("bad request URL: {e}")))?;
        let Ok(_place) = Arc::clone(&self.crossref_queue).try_acquire_owned() else {
            tracing::warn!(
                waiting = CROSSREF_QUEUE,
                "Crossref queue full; lookup refused without asking"
            );
            return Err(LookUpPaperError::Busy { service });
        };
        self.crossref_limiter.wait().await;
        let body = match http::get_text(&self.http, url, service).await {
            Ok(body) => body,
            Err(FetchError::NotFound(status)) => {
                self.store
                    .record_metadata_miss(MetadataService::Crossref, &key, Utc::now())
                    .await?;
                return Err(fetch_error(
                    service,
                    format!("DOI {doi}"),
                    FetchError::NotFound(status),
                ));
            }
            Err(e) => return Err(fetch_error(service, format!("DOI {doi}"), e)),
        };
        let paper = crossref::parse_work(&body).map_err(|e| malformed(e.to_string()))?;
        self.store
            .cache_metadata(MetadataService::Crossref, &key, &body, Utc::now())
            .await?;
        Ok(paper)
    }

    #[tracing::instrument(skip(self), fields(db = database.as_str()))]
    async fn summary(&self, database: Database, id: u32) -> Result<Paper, LookUpPaperError> {
        let service = Service::EUtilities;
        let cache_as = match database {
            Database::Pubmed => MetadataService::Pubmed,
            Database::Pmc => MetadataService::Pmc,
        };
        let key = id.to_string();
        let shown = match database {
            Database::Pubmed => format!("PMID {id}"),
            Database::Pmc => Pmcid::new(id).map_or(key.clone(), |p| p.to_string()),
        };
        if let Some(body) = self.cached(cache_as, &key).await? {
            if let Ok(paper) = eutils::parse_summary(&body, database, id) {
                return Ok(paper);
            }
        }
        let api_key = self.ncbi_api_key.as_ref().map(|k| k.expose_secret().trim());
        let url = eutils::summary_url(&self.eutils_base, database, id, &self.mailto, api_key)
            .map_err(|e| LookUpPaperError::Malformed {
                service,
                detail: format!("bad request URL: {e}"),
            })?;
        self.eutils_limiter.wait().await;
        let body = http::get_text(&self.http, url, service)
            .await
            .map_err(|e| fetch_error(service, shown.clone(), e))?;
        let paper = eutils::parse_summary(&body, database, id).map_err(|e| match e {
            SummaryError::NotFound(_) => LookUpPaperError::NotFound { service, id: shown },
            SummaryError::RateLimited(_) => LookUpPaperError::RateLimited {
                service,
                retry_after: None,
            },
            SummaryError::Failed(detail) => LookUpPaperError::Malformed { service, detail },
        })?;
        self.store
            .cache_metadata(cache_as, &key, &body, Utc::now())
            .await?;
        Ok(paper)
    }

    async fn cached(
        &self,
        service: MetadataService,
        key: &str,
    ) -> Result<Option<String>, crate::store::StoreError> {
        self.store
            .cached_metadata(service, key, Utc::now() - CACHE_FOR)
            .await
    }
}

fn fetch_error(service: Service, id: String, error: FetchError) -> LookUpPaperError {
    match error {
        FetchError::NotFound(_) => LookUpPaperError::NotFound { service, id },
        FetchError::RateLimited { retry_after } => LookUpPaperError::RateLimited {
            service,
            retry_after,
        },
        FetchError::TooLarge => LookUpPaperError::Malformed {
            service,
            detail: error.to_string(),
        },
        other => LookUpPaperError::Unavailable {
            service,
            detail: other.to_string(),
        },
    }
}

impl fmt::Debug for MetadataClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MetadataClient")
            .field("crossref_base", &self.crossref_base)
            .field("eutils_base", &self.eutils_base)
            .field("mailto", &self.mailto)
            .field("ncbi_api_key", &self.ncbi_api_key.as_ref().map(|_| "[set]"))
            .finish_non_exhaustive()
    }
}
