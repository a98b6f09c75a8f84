//! Paper identifiers as members paste them: a DOI (bare, `doi:`, a doi.org link or a publisher link
//! that carries one), a PMID (bare digits, `PMID: …`, a PubMed link) or a PMCID (`PMC…`, a PMC
//! link). Parsed once, here; the rest of the bot only sees `PaperId`. The DOIs and PMIDs cited in
//! posts are found here too (`papers_in`), and stored by `PaperId::kind` and `PaperId::value`.

use regex::Regex;
use std::cmp::Ordering;
use std::fmt;
use std::sync::LazyLock;

/// The longest input looked at: identifiers and the links that carry them are far shorter.
pub const MAX_INPUT_CHARS: usize = 500;

/// Crossref's own pattern, which matches nearly every registered DOI, spelled with ASCII classes:
/// `(?i)` with Unicode would let the Kelvin sign pass for a `k`.
static DOI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b10\.[0-9]{4,9}/[-._;()/:A-Za-z0-9]+").expect("doi pattern compiles")
});
/// A PubMed link: the host must start the text, follow `//` or `www.`, or follow a space or bracket,
/// so that a DOI whose path happens to contain `pubmed.ncbi.nlm.nih.gov/1` stays a DOI.
static PUBMED_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[\s<(\[]|//|www\.)(?:pubmed\.ncbi\.nlm\.nih\.gov/(?:pubmed/)?([0-9]{1,9})\b|ncbi\.nlm\.nih\.gov/pubmed/([0-9]{1,9})\b)",
    )
    .expect("pubmed link pattern compiles")
});
static PMID_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bPMID:?\s*([0-9]{1,9})\b").expect("pmid pattern compiles"));
static PMCID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bPMC([0-9]{1,9})\b").expect("pmcid pattern compiles"));

/// Path endings publishers add after the DOI in their article links (`…/doi/10.1002/x/full`).
const PUBLISHER_SUFFIXES: [&str; 8] = [
    "/full",
    "/abstract",
    "/pdf",
    "/epdf",
    "/pdfdirect",
    "/fulltext",
    "/meta",
    "/html",
];

/// The doi.org link of a DOI, with the characters that would break a URL or a markdown link
/// percent-encoded. The one place DOI links are built.
pub fn doi_url(doi: &str) -> String {
    let mut url = String::from("https://doi.org/");
    for c in doi.chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '.' | '_' | '/' | ':' | ';' => url.push(c),
            other => {
                let mut utf8 = [0; 4];
                for byte in other.encode_utf8(&mut utf8).bytes() {
                    url.push_str(&format!("%{byte:02X}"));
                }
            }
        }
    }
    url
}

/// The PubMed page of a PMID. The one place PubMed links are built.
pub fn pubmed_url(pmid: impl fmt::Display) -> String {
    format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/")
}

/// A DOI as written (DOIs are case-insensitive; `key` is the form to compare and cache by).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Doi(String);

/// A PubMed id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pmid(u32);

/// A PubMed Central id, kept as its number (`PMC1234567` → 1234567).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pmcid(u32);

/// A paper: what a member asked to discuss, or what a post cites (a post's DOIs are lower-cased when
/// found, so two spellings in posts are one paper).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PaperId {
    Doi(Doi),
    Pmid(Pmid),
    Pmcid(Pmcid),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParsePaperIdError {
    #[error("no paper identifier was given")]
    Empty,
    #[error("that is too long for a paper identifier (at most {MAX_INPUT_CHARS} characters)")]
    TooLong,
    #[error("no DOI, PMID or PMCID was found in it: paste e.g. 10.1056/NEJMoa2034577, PMID: 33301246, PMC7745181 or a doi.org or PubMed link")]
    NotFound,
}

impl Doi {
    /// Finds the first DOI in a text, trimming the punctuation that usually follows one in prose.
    pub fn find(text: &str) -> Option<Doi> {
        DOI.find_iter(text)
            .filter_map(|m| trim_doi(m.as_str()))
            .map(|doi| Doi(doi.to_owned()))
            .next()
    }

    /// Parses a text that should be exactly one DOI (after trimming), e.g. from an API response.
    pub fn parse(text: &str) -> Option<Doi> {
        let text = text.trim();
        let text = text
            .strip_prefix("doi:")
            .or_else(|| text.strip_prefix("DOI:"))
            .unwrap_or(text)
            .trim();
        let found = DOI.find(text)?;
        (found.start() == 0)
            .then(|| trim_doi(found.as_str()))
            .flatten()
            .filter(|doi| doi.len() == text.len())
            .map(|doi| Doi(doi.to_owned()))
    }

    /// A DOI read back from the store, where only DOIs this module found were written: it is not
    /// checked again, so a stored row reads as it always did.
    pub(crate) fn from_stored(value: String) -> Doi {
        Doi(value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The case-folded form: two spellings of one DOI share it.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }

    /// The resolver link, with the characters that would break a URL or a markdown link encoded.
    pub fn url(&self) -> String {
        doi_url(&self.0)
    }
}

impl Pmid {
    pub fn new(id: u32) -> Option<Pmid> {
        (id > 0).then_some(Pmid(id))
    }

    pub fn parse(text: &str) -> Option<Pmid> {
        let text = text.trim();
        if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse().ok().and_then(Pmid::new)
    }

    pub fn get(self) -> u32 {
        self.0
    }

    pub fn url(self) -> String {
        pubmed_url(self.0)
    }
}

impl Pmcid {
    pub fn new(id: u32) -> Option<Pmcid> {
        (id > 0).then_some(Pmcid(id))
    }

    /// Parses `PMC1234567` (any letter case) or the bare number.
    pub fn parse(text: &str) -> Option<Pmcid> {
        let text = text.trim();
        let digits = match text.get(..3) {
            Some(prefix) if prefix.eq_ignore_ascii_case("pmc") => &text[3..],
            _ => text,
        };
        Pmid::parse(digits).map(|n| Pmcid(n.get()))
    }

    pub fn get(self) -> u32 {
        self.0
    }

    pub fn url(self) -> String {
        format!("https://pmc.ncbi.nlm.nih.gov/articles/PMC{}/", self.0)
    }
}

impl PaperId {
    /// Reads an identifier from what a member typed or pasted. Links are read for the identifier
    /// they carry; the most specific reading wins (a PubMed link is a PMID even if a DOI follows).
    pub fn parse(input: &str) -> Result<PaperId, ParsePaperIdError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(ParsePaperIdError::Empty);
        }
        if trimmed.chars().count() > MAX_INPUT_CHARS {
            return Err(ParsePaperIdError::TooLong);
        }
        let decoded = percent_decode(trimmed);
        let text = decoded.trim_matches(|c: char| c == '<' || c == '>' || c.is_whitespace());
        if let Some(id) = capture_number(&PUBMED_LINK, text).and_then(Pmid::new) {
            return Ok(PaperId::Pmid(id));
        }
        if let Some(doi) = Doi::find(text) {
            let doi = if is_link(text) && !text.to_lowercase().contains("doi.org/") {
                strip_publisher_suffix(doi)
            } else {
                doi
            };
            return Ok(PaperId::Doi(doi));
        }
        if let Some(id) = capture_number(&PMCID, text).and_then(Pmcid::new) {
            return Ok(PaperId::Pmcid(id));
        }
        if let Some(id) = capture_number(&PMID_LABEL, text).and_then(Pmid::new) {
            return Ok(PaperId::Pmid(id));
        }
        Pmid::parse(text)
            .map(PaperId::Pmid)
            .ok_or(ParsePaperIdError::NotFound)
    }

    /// The key the metadata cache and the sessions table use: `doi:…`, `pmid:…` or `pmcid:…`;
    /// `kind` and `value` joined by a colon.
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind(), self.value())
    }

    /// What kind of identifier it is, as stored: `doi`, `pmid` or `pmcid`.
    pub fn kind(&self) -> &'static str {
        match self {
            PaperId::Doi(_) => "doi",
            PaperId::Pmid(_) => "pmid",
            PaperId::Pmcid(_) => "pmcid",
        }
    }

    /// The identifier as stored and compared: a DOI case-folded (`10.1056/nejmoa2206038`), a PMID
    /// as its number (`37952131`), a PMCID with its prefix (`PMC7745181`).
    pub fn value(&self) -> String {
        match self {
            PaperId::Doi(doi) => doi.key(),
            PaperId::Pmid(id) => id.to_string(),
            PaperId::Pmcid(id) => id.to_string(),
        }
    }

    /// A paper read back from a post's stored `kind` and `value`. Rows were written from
    /// `papers_in`, so a DOI is taken as stored; a value that is not a PubMed id reads as nothing.
    pub fn from_stored(kind: &str, value: String) -> Option<PaperId> {
        match kind {
            "doi" => Some(PaperId::Doi(Doi::from_stored(value))),
            "pmcid" => Pmcid::parse(&value).map(PaperId::Pmcid),
            _ => Pmid::parse(&value).map(PaperId::Pmid),
        }
    }

    /// The order of `kind`, then of the identifier as written (a PMID's digits as text), so that
    /// ties in a digest list in the order they always did.
    fn order_key(&self) -> (u8, String) {
        match self {
            PaperId::Doi(doi) => (0, doi.as_str().to_owned()),
            PaperId::Pmid(id) => (1, id.to_string()),
            PaperId::Pmcid(id) => (2, id.to_string()),
        }
    }
}

impl Ord for PaperId {
    fn cmp(&self, other: &Self) -> Ordering {
        self.order_key().cmp(&other.order_key())
    }
}

impl PartialOrd for PaperId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Doi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Pmid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for Pmcid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PMC{}", self.0)
    }
}

impl fmt::Display for PaperId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaperId::Doi(doi) => write!(f, "DOI {doi}"),
            PaperId::Pmid(id) => write!(f, "PMID {id}"),
            PaperId::Pmcid(id) => write!(f, "{id}"),
        }
    }
}

/// Drops what prose puts after a DOI: a full stop, a comma, or the `)` closing a parenthesis the DOI
/// did not open (DOIs such as `10.1016/S0140-6736(20)30183-5` keep their own brackets).
fn trim_doi(raw: &str) -> Option<&str> {
    let mut doi = raw;
    loop {
        let before = doi;
        doi = doi.trim_end_matches(['.', ',', ';', ':', '/']);
        if doi.ends_with(')') && doi.matches(')').count() > doi.matches('(').count() {
            doi = &doi[..doi.len() - 1];
        }
        if doi == before {
            break;
        }
    }
    let (_, suffix) = doi.split_once('/')?;
    // A `.` or `..` segment would be resolved by URL parsing when the DOI goes into a request path
    // (`/works/10.1000/../../members` asks for `/members`); no registered DOI has one.
    let dot_segment = suffix
        .split('/')
        .any(|segment| matches!(segment, "." | ".."));
    (!suffix.is_empty() && !dot_segment).then_some(doi)
}

fn strip_publisher_suffix(doi: Doi) -> Doi {
    // ASCII lower-casing keeps byte offsets, so `kept.len()` indexes the original.
    let lower = doi.0.to_ascii_lowercase();
    for suffix in PUBLISHER_SUFFIXES {
        if let Some(kept) = lower.strip_suffix(suffix) {
            // Only a suffix after the DOI's own: `10.1234//full` keeps its `/full`.
            if kept.split_once('/').is_some_and(|(_, own)| !own.is_empty()) {
                // What the suffix followed is trimmed as prose is: `…/;/full` leaves `…`.
                if let Some(trimmed) = trim_doi(&doi.0[..kept.len()]) {
                    return Doi(trimmed.to_owned());
                }
            }
        }
    }
    doi
}

fn is_link(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

fn capture_number(pattern: &Regex, text: &str) -> Option<u32> {
    let captures = pattern.captures(text)?;
    captures
        .iter()
        .skip(1)
        .flatten()
        .next()
        .and_then(|m| m.as_str().parse().ok())
}

/// Decodes `%XX` escapes (links often carry `10.1056%2FNEJMoa…`); invalid escapes stay as written.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(value);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

mod cited;
pub use cited::papers_in;

#[cfg(test)]
mod tests;
