//! What several fuzz targets share: turning fuzz bytes into HTTP headers, and the properties every
//! post the sources produce must keep once normalised.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use rounds::domain::entities::Tagger;
use rounds::domain::normalize::{normalize, MAX_TEXT_CHARS};
use rounds::domain::papers::PaperId;
use rounds::domain::post::RawPost;

/// Splits fuzz input into response headers and a body: `name: value` lines up to the first blank
/// line, then the body. Lines that are not valid headers are skipped, as an HTTP client would
/// refuse them before our code saw them.
pub fn headers_and_body(data: &[u8]) -> (HeaderMap, &[u8]) {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (&data[..0], data),
    };
    (headers(head), body)
}

/// `name: value` lines as a header map.
pub fn headers(head: &[u8]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for line in head.split(|&b| b == b'\n') {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name),
            HeaderValue::from_bytes(value.trim_ascii()),
        ) {
            map.append(name, value);
        }
    }
    map
}

/// Normalises a post as the poller does and checks what `normalize` promises of a stored post.
pub fn check_normalized(raw: RawPost) {
    let Ok(post) = normalize(raw, Tagger::bundled()) else {
        return;
    };
    let text = &post.raw.text;
    assert!(text.chars().count() <= MAX_TEXT_CHARS, "text over the cap");
    assert_eq!(text.trim(), text, "text not trimmed");
    assert!(
        !text.contains("\n\n\n"),
        "more than one blank line in a row"
    );
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "control character kept: {text:?}"
    );
    for tag in &post.hashtags {
        assert!(!tag.is_empty(), "empty hashtag");
    }
    for link in &post.links {
        assert!(
            link.url.starts_with("http://") || link.url.starts_with("https://"),
            "not a web link: {}",
            link.url
        );
        assert!(!link.domain.is_empty());
    }
    for paper in &post.papers {
        match paper {
            PaperId::Doi(doi) => {
                let doi = doi.as_str();
                assert!(doi.starts_with("10."), "DOI {doi:?}");
                assert_eq!(doi, &doi.to_ascii_lowercase(), "DOI not lower-cased");
            }
            PaperId::Pmid(pmid) => {
                let pmid = pmid.to_string();
                assert!(!pmid.is_empty() && !pmid.starts_with('0'), "PMID {pmid:?}");
                assert!(pmid.bytes().all(|b| b.is_ascii_digit()), "PMID {pmid:?}");
            }
            PaperId::Pmcid(pmcid) => panic!("a post's PMCID is not read: {pmcid}"),
        }
    }
}
