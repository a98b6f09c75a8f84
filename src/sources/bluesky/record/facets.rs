//! Rich-text facets: spans of the text, in UTF-8 byte offsets, annotated as a hashtag, a link or a
//! mention. Offsets come from arbitrary clients, so they are only ever used through `str::get`,
//! which refuses a range outside the text or inside a character instead of panicking.

use super::lenient;
use super::lenient_list;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub(in crate::sources::bluesky) struct Facet {
    /// Missing or malformed offsets leave the features usable: a tag is a tag wherever it sits.
    #[serde(default, deserialize_with = "lenient")]
    index: Option<ByteSlice>,
    #[serde(default, deserialize_with = "lenient_list")]
    pub features: Vec<Feature>,
}

#[derive(Debug, Deserialize)]
struct ByteSlice {
    #[serde(rename = "byteStart")]
    start: usize,
    #[serde(rename = "byteEnd")]
    end: usize,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "$type")]
pub(in crate::sources::bluesky) enum Feature {
    /// Without `#`, as the author wrote it.
    #[serde(rename = "app.bsky.richtext.facet#tag")]
    Tag { tag: String },
    #[serde(rename = "app.bsky.richtext.facet#link")]
    Link { uri: String },
    #[serde(rename = "app.bsky.richtext.facet#mention")]
    Mention { did: String },
    #[serde(other)]
    Other,
}

impl Facet {
    /// The part of `text` this facet covers, if its offsets are sound.
    fn span<'t>(&self, text: &'t str) -> Option<(usize, usize, &'t str)> {
        let index = self.index.as_ref()?;
        let covered = text.get(index.start..index.end)?;
        Some((index.start, index.end, covered))
    }

    fn link(&self) -> Option<&str> {
        self.features.iter().find_map(|f| match f {
            Feature::Link { uri } => Some(uri.as_str()),
            _ => None,
        })
    }
}

/// Bluesky apps show a long link shortened (`nejm.org/doi/full/10.1056/NEJ...`) and keep the full
/// address in a link facet. The text we keep is read in Discord, far from those facets, so each
/// shortened span is put back as its full link. A span whose words differ from its link (a
/// "read more" that points elsewhere) is left as written: replacing it would change what the
/// author said.
pub(super) fn expand_shortened_links(text: &str, facets: &[Facet]) -> String {
    let mut spans: Vec<(usize, usize, &str)> = facets
        .iter()
        .filter_map(|facet| {
            let uri = facet.link()?;
            let (start, end, covered) = facet.span(text)?;
            is_shortened(covered, uri).then_some((start, end, uri))
        })
        .collect();
    spans.sort_by_key(|&(start, _, _)| start);
    let mut expanded = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, uri) in spans {
        // Overlapping facets are malformed; the first one wins.
        if start < at {
            continue;
        }
        expanded.push_str(&text[at..start]);
        expanded.push_str(uri);
        at = end;
    }
    expanded.push_str(&text[at..]);
    expanded
}

/// Whether `shown` is `uri` without its scheme, cut short with an ellipsis.
fn is_shortened(shown: &str, uri: &str) -> bool {
    let Some(stem) = shown
        .strip_suffix("...")
        .or_else(|| shown.strip_suffix('…'))
    else {
        return false;
    };
    let bare = uri
        .strip_prefix("https://")
        .or_else(|| uri.strip_prefix("http://"))
        .unwrap_or(uri);
    let bare_www = bare.strip_prefix("www.").unwrap_or(bare);
    !stem.is_empty() && (bare.starts_with(stem) || bare_www.starts_with(stem))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn facets(value: serde_json::Value) -> Vec<Facet> {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn shortened_links_are_expanded_in_place() {
        let text = "Worth reading 🫀 nejm.org/doi/full/10.10... today";
        let start = text.find("nejm").unwrap();
        let end = text.find(" today").unwrap();
        let list = facets(json!([{
            "index": { "byteStart": start, "byteEnd": end },
            "features": [{ "$type": "app.bsky.richtext.facet#link",
                           "uri": "https://www.nejm.org/doi/full/10.1056/NEJMoa2400001" }]
        }]));
        assert_eq!(
            expand_shortened_links(text, &list),
            "Worth reading 🫀 https://www.nejm.org/doi/full/10.1056/NEJMoa2400001 today"
        );
    }

    #[test]
    fn links_behind_other_words_are_left_as_written() {
        let text = "Slides here";
        let list = facets(json!([{
            "index": { "byteStart": 0, "byteEnd": 6 },
            "features": [{ "$type": "app.bsky.richtext.facet#link", "uri": "https://example.org/s" }]
        }]));
        assert_eq!(expand_shortened_links(text, &list), "Slides here");
    }

    #[test]
    fn bad_offsets_never_panic() {
        let text = "Échographie… ";
        let list = facets(json!([
            { "index": { "byteStart": 1, "byteEnd": 3 },
              "features": [{ "$type": "app.bsky.richtext.facet#link", "uri": "https://x.org/a" }] },
            { "index": { "byteStart": 5, "byteEnd": 500 },
              "features": [{ "$type": "app.bsky.richtext.facet#link", "uri": "https://x.org/b" }] },
            { "index": { "byteStart": 9, "byteEnd": 2 },
              "features": [{ "$type": "app.bsky.richtext.facet#link", "uri": "https://x.org/c" }] },
            { "index": { "byteStart": -1, "byteEnd": 2 },
              "features": [{ "$type": "app.bsky.richtext.facet#tag", "tag": "MedEd" }] }
        ]));
        assert_eq!(expand_shortened_links(text, &list), text);
        assert!(matches!(&list[3].features[0], Feature::Tag { tag } if tag == "MedEd"));
    }

    #[test]
    fn unknown_features_are_kept_apart_and_broken_ones_dropped() {
        let list = facets(json!([{
            "index": { "byteStart": 0, "byteEnd": 1 },
            "features": [
                { "$type": "app.bsky.richtext.facet#bold" },
                { "$type": "app.bsky.richtext.facet#tag" },
                { "tag": "NoType" },
                { "$type": "app.bsky.richtext.facet#mention", "did": "did:plc:abc" }
            ]
        }]));
        assert_eq!(list[0].features.len(), 2);
        assert!(matches!(list[0].features[0], Feature::Other));
    }
}
