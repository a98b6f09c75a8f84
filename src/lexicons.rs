//! The operator's data at run time (`[lexicons] dir`): the entity lexicons, the source tiers and
//! the known hashtags, read once at start from a folder instead of the copies compiled into the
//! binary, so an operator with a prebuilt binary can edit them. A bad file is refused, with its
//! path, line and reason, before anything runs.
//!
//! What was loaded is installed process-wide, once, beside the compiled-in data it replaces;
//! `tagger()`, `tiers()` and `known_hashtags()` give whichever is in force.

use crate::config::LexiconsSettings;
use crate::domain::digest::tiers::SourceTiers;
use crate::domain::entities::{LoadLexiconError, Tagger};
use crate::domain::Hashtag;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, OnceLock};

/// `/track add`'s suggestions, compiled in.
const BUNDLED_KNOWN_HASHTAGS: &str = include_str!("../config/known-hashtags.txt");
const TIERS_FILE: &str = "source-tiers.toml";
const HASHTAGS_FILE: &str = "known-hashtags.txt";

/// Data read from the operator's folder; each `None` stays compiled in.
pub struct OperatorData {
    pub tagger: Tagger,
    pub tiers: Option<SourceTiers>,
    pub known_hashtags: Option<Vec<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadDataError {
    #[error("lexicons.dir {dir}: {source}")]
    Lexicon {
        dir: PathBuf,
        source: LoadLexiconError,
    },
    #[error("lexicons.dir: failed to read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("lexicons.dir: {path}, line {line}: {reason}")]
    Invalid {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    #[error("lexicons.dir: the operator's data was already installed")]
    AlreadyInstalled,
}

static INSTALLED: OnceLock<OperatorData> = OnceLock::new();

static BUNDLED_HASHTAGS: LazyLock<Vec<String>> = LazyLock::new(|| {
    parse_known_hashtags(BUNDLED_KNOWN_HASHTAGS, Path::new(HASHTAGS_FILE))
        .expect("config/known-hashtags.txt is valid")
});

/// Loads `[lexicons] dir`, if set, and installs it for the whole process; logs what it used.
pub fn install(settings: &LexiconsSettings) -> Result<(), LoadDataError> {
    let Some(dir) = settings.dir() else {
        return Ok(());
    };
    let started = std::time::Instant::now();
    let data = load(&dir)?;
    tracing::info!(
        dir = %dir.display(),
        variants = data.tagger.variant_count(),
        source_tiers = if data.tiers.is_some() { "from the folder" } else { "compiled in" },
        known_hashtags = if data.known_hashtags.is_some() { "from the folder" } else { "compiled in" },
        millis = started.elapsed().as_millis() as u64,
        "operator data loaded from lexicons.dir"
    );
    INSTALLED
        .set(data)
        .map_err(|_| LoadDataError::AlreadyInstalled)
}

/// Reads and checks every file of `dir`: the five lexicon files are required, `source-tiers.toml`
/// and `known-hashtags.txt` are optional.
pub fn load(dir: &Path) -> Result<OperatorData, LoadDataError> {
    let tagger = Tagger::from_dir(dir).map_err(|source| LoadDataError::Lexicon {
        dir: dir.to_owned(),
        source,
    })?;
    let tiers = read_optional(&dir.join(TIERS_FILE))?
        .map(|(path, text)| parse_tiers(&text, &path))
        .transpose()?;
    let known_hashtags = read_optional(&dir.join(HASHTAGS_FILE))?
        .map(|(path, text)| parse_known_hashtags(&text, &path))
        .transpose()?;
    Ok(OperatorData {
        tagger,
        tiers,
        known_hashtags,
    })
}

/// The tagger in force: the operator's, or the compiled-in one.
pub fn tagger() -> &'static Tagger {
    match INSTALLED.get() {
        Some(data) => &data.tagger,
        None => Tagger::bundled(),
    }
}

/// The source tiers in force.
pub fn tiers() -> &'static SourceTiers {
    INSTALLED
        .get()
        .and_then(|data| data.tiers.as_ref())
        .unwrap_or_else(SourceTiers::bundled)
}

/// The hashtags `/track add` suggests, in force.
pub fn known_hashtags() -> &'static [String] {
    INSTALLED
        .get()
        .and_then(|data| data.known_hashtags.as_deref())
        .unwrap_or(&BUNDLED_HASHTAGS)
}

/// One line on the data in force, for `rounds doctor`.
pub fn in_force(settings: &LexiconsSettings) -> String {
    let Some(data) = INSTALLED.get() else {
        return format!(
            "compiled in ({} lexicon variants, source tiers, known hashtags)",
            Tagger::bundled().variant_count()
        );
    };
    let origin = |from_folder: bool| {
        if from_folder {
            "from the folder"
        } else {
            "compiled in"
        }
    };
    format!(
        "read from {} at start: {} lexicon variants; source tiers {}; known hashtags {}",
        settings.dir().unwrap_or_default().display(),
        data.tagger.variant_count(),
        origin(data.tiers.is_some()),
        origin(data.known_hashtags.is_some()),
    )
}

fn read_optional(path: &Path) -> Result<Option<(PathBuf, String)>, LoadDataError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some((path.to_owned(), text))),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(LoadDataError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

/// `source-tiers.toml`: four lists of domains (`nejm.org`, matching its subdomains too).
fn parse_tiers(text: &str, path: &Path) -> Result<SourceTiers, LoadDataError> {
    let invalid = |line, reason: String| LoadDataError::Invalid {
        path: path.to_owned(),
        line,
        reason,
    };
    let table: toml::Table = text.parse().map_err(|error: toml::de::Error| {
        invalid(
            line_of(text, error.span()),
            error.message().trim().to_owned(),
        )
    })?;
    for (key, value) in &table {
        let Some(domains) = value.as_array() else {
            continue; // an unknown key or a wrong type is reported below, by the typed reader
        };
        for domain in domains.iter().filter_map(|d| d.as_str()) {
            if let Some(reason) = bad_domain(domain) {
                let line = text
                    .find(&format!("\"{domain}\""))
                    .map_or(0, |at| line_of(text, Some(at..at)));
                return Err(invalid(line, format!("{key}: `{domain}` {reason}")));
            }
        }
    }
    toml::from_str(text).map_err(|error: toml::de::Error| {
        invalid(
            line_of(text, error.span()),
            error.message().trim().to_owned(),
        )
    })
}

/// Why a tier entry is not a bare domain name, if it is not.
fn bad_domain(domain: &str) -> Option<&'static str> {
    if domain.is_empty() {
        Some("is empty")
    } else if domain.contains("://") || domain.contains('/') {
        Some("must be a domain name, without scheme or path (e.g. nejm.org)")
    } else if domain != domain.to_lowercase() {
        Some("must be lower case (links are compared lower-cased)")
    } else if !domain.contains('.') || domain.chars().any(char::is_whitespace) {
        Some("is not a domain name")
    } else {
        None
    }
}

/// `known-hashtags.txt`: one hashtag a line, without `#`; blank lines and `#` comments skipped.
fn parse_known_hashtags(text: &str, path: &Path) -> Result<Vec<String>, LoadDataError> {
    let mut tags = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        Hashtag::parse(line).map_err(|reason| LoadDataError::Invalid {
            path: path.to_owned(),
            line: index + 1,
            reason: format!("`{line}`: {reason}"),
        })?;
        tags.push(line.to_owned());
    }
    Ok(tags)
}

/// The 1-based line of a byte span's start; 0 when there is none.
fn line_of(text: &str, span: Option<std::ops::Range<usize>>) -> usize {
    span.map_or(0, |span| {
        text[..span.start.min(text.len())].matches('\n').count() + 1
    })
}

#[cfg(test)]
mod tests;
