//! Links made comparable: the same article shared with different tracking parameters, fragments or
//! `www.` prefixes becomes one canonical URL, with its domain for source-credibility tiers.

use url::Url;

/// A canonical http(s) link and its domain (host without `www.`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CanonicalLink {
    pub url: String,
    pub domain: String,
}

/// Query parameters that only track who clicked, never what is shown.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref_src", "ref_url",
    "_hsenc", "_hsmi", "cmpid", "ncid", "ocid", "spm", "si", "s_cid", "trk", "mkt_tok", "yclid",
    "twclid", "rss", "feature", "sr_share", "utm",
];

/// The longest link kept, in bytes.
const MAX_LINK_BYTES: usize = 2048;

/// Canonicalises one link; `None` for anything that is not an http(s) URL with a host.
pub fn canonicalize(raw: &str) -> Option<CanonicalLink> {
    let raw = raw
        .trim()
        .trim_end_matches(['.', ',', ';', ')', ']', '!', '?', '"', '\'']);
    if raw.len() > MAX_LINK_BYTES {
        return None;
    }
    let mut url = Url::parse(raw).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.username() != "" || url.password().is_some()
    {
        return None;
    }
    let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    let domain = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    if domain.is_empty() {
        return None;
    }
    // doi.org is the canonical resolver; dx.doi.org and http are older spellings of the same link.
    if domain == "dx.doi.org" || domain == "doi.org" {
        url.set_host(Some("doi.org")).ok()?;
        url.set_scheme("https").ok()?;
    } else {
        // `www.` is almost never a different site; dropping it lets shares of one article match.
        url.set_host(Some(&domain)).ok()?;
    }
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, _)| !is_tracking(key))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    let domain = if domain == "dx.doi.org" {
        "doi.org".to_owned()
    } else {
        domain
    };
    Some(CanonicalLink {
        url: url.to_string(),
        domain,
    })
}

fn is_tracking(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.starts_with("utm_") || TRACKING_PARAMS.contains(&key.as_str())
}

/// Links written in plain text (`http://` or `https://` up to whitespace).
pub fn links_in_text(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("http")
        .filter(|(at, _)| text[*at..].starts_with("http://") || text[*at..].starts_with("https://"))
        .filter(|(at, _)| *at == 0 || !text[..*at].ends_with(|c: char| c.is_alphanumeric()))
        .map(|(at, _)| {
            let rest = &text[at..];
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_parameters_fragments_and_case_are_removed() {
        let link = canonicalize(
            "https://WWW.NEJM.org/doi/full/10.1056/NEJMoa2206038?utm_source=twitter&utm_medium=social&query=featured#sec-1",
        )
        .unwrap();
        assert_eq!(
            link.url,
            "https://nejm.org/doi/full/10.1056/NEJMoa2206038?query=featured"
        );
        assert_eq!(link.domain, "nejm.org");
        let bare = canonicalize("https://jamanetwork.com/x?fbclid=abc&gclid=1").unwrap();
        assert_eq!(bare.url, "https://jamanetwork.com/x");
    }

    #[test]
    fn doi_resolver_spellings_become_one() {
        for raw in [
            "http://dx.doi.org/10.1001/jama.2023.1",
            "https://doi.org/10.1001/jama.2023.1.",
        ] {
            let link = canonicalize(raw).unwrap();
            assert_eq!(link.url, "https://doi.org/10.1001/jama.2023.1");
            assert_eq!(link.domain, "doi.org");
        }
    }

    #[test]
    fn non_web_links_are_refused() {
        for raw in [
            "javascript:alert(1)",
            "ftp://x.org/a",
            "mailto:a@b.c",
            "not a url",
            "https://user:pw@x.org/",
        ] {
            assert_eq!(canonicalize(raw), None, "{raw}");
        }
        assert_eq!(
            canonicalize(&format!("https://x.org/{}", "a".repeat(5000))),
            None
        );
    }

    #[test]
    fn links_are_found_in_text() {
        let text = "Read https://a.org/x?utm_source=t, and (http://b.org). notahttp://c";
        let found: Vec<&str> = links_in_text(text).collect();
        assert_eq!(found, ["https://a.org/x?utm_source=t,", "http://b.org)."]);
        let canonical: Vec<String> = found
            .iter()
            .filter_map(|l| canonicalize(l))
            .map(|l| l.url)
            .collect();
        assert_eq!(canonical, ["https://a.org/x", "http://b.org/"]);
    }
}
