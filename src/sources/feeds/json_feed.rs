//! JSON Feed 1.0 and 1.1 (`https://jsonfeed.org/version/1`, `…/1.1`): 1.1 replaced `author` with
//! `authors` and added `language`; both are read. Ids are strings by the spec but numbers in the
//! wild, so either is accepted.

use super::dates::parse_date;
use super::parse::{Body, FeedError, FeedItem, ParsedFeed, Person};
use serde::Deserialize;

#[derive(Deserialize)]
struct JsonFeed {
    version: Option<String>,
    title: Option<String>,
    home_page_url: Option<String>,
    language: Option<String>,
    #[serde(default)]
    items: Vec<JsonItem>,
}

#[derive(Deserialize)]
struct JsonItem {
    id: Option<serde_json::Value>,
    url: Option<String>,
    external_url: Option<String>,
    title: Option<String>,
    content_html: Option<String>,
    content_text: Option<String>,
    summary: Option<String>,
    date_published: Option<String>,
    date_modified: Option<String>,
    author: Option<JsonAuthor>,
    #[serde(default)]
    authors: Vec<JsonAuthor>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    attachments: Vec<JsonAttachment>,
}

#[derive(Deserialize)]
struct JsonAuthor {
    name: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
struct JsonAttachment {
    url: Option<String>,
}

/// JSON values (objects, arrays and the items between commas) a feed may hold, and how deeply they
/// may nest, checked in one pass over the text before anything is built: the same bounds as XML
/// feeds (`xml::MAX_ELEMENTS`, `xml::MAX_DEPTH`), so a body of a million tiny items or of nested
/// brackets is refused at a cost proportional to its size.
const MAX_VALUES: usize = super::xml::MAX_ELEMENTS;
const MAX_DEPTH: usize = super::xml::MAX_DEPTH;

pub fn parse(text: &str) -> Result<ParsedFeed, FeedError> {
    check_shape(text)?;
    let feed: JsonFeed = serde_json::from_str(text)
        .map_err(|e| FeedError::Malformed(format!("JSON that is not a JSON Feed: {e}")))?;
    let version = feed.version.as_deref().unwrap_or_default();
    if !version.starts_with("https://jsonfeed.org/version/") {
        return Err(FeedError::NotAFeed(format!(
            "JSON without a JSON Feed version (found {version:?})"
        )));
    }
    Ok(ParsedFeed {
        title: feed.title,
        home: feed.home_page_url,
        language: feed.language,
        items: feed.items.into_iter().map(read_item).collect(),
    })
}

/// Counts containers and separators outside strings; refuses a document past either bound.
fn check_shape(text: &str) -> Result<(), FeedError> {
    let (mut values, mut depth) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for byte in text.bytes() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                values += 1;
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(FeedError::Malformed(format!(
                        "JSON nested deeper than {MAX_DEPTH} levels"
                    )));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b',' => values += 1,
            _ => {}
        }
        if values > MAX_VALUES {
            return Err(FeedError::Malformed(format!(
                "more than {MAX_VALUES} JSON values: too many for a feed"
            )));
        }
    }
    Ok(())
}

fn read_item(item: JsonItem) -> FeedItem {
    let id = item.id.and_then(|id| match id {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    let body = match (item.content_html, item.content_text, item.summary) {
        // `summary` is plain text by the spec, and is the short form a digest wants.
        (_, _, Some(summary)) if !summary.trim().is_empty() => Some(Body::Text(summary)),
        (Some(html), _, _) if !html.trim().is_empty() => Some(Body::Html(html)),
        (_, Some(text), _) if !text.trim().is_empty() => Some(Body::Text(text)),
        _ => None,
    };
    let authors = item
        .authors
        .into_iter()
        .chain(item.author)
        .filter_map(|a| {
            let name = a.name?.trim().to_owned();
            (!name.is_empty()).then_some(Person { name, url: a.url })
        })
        .collect();
    FeedItem {
        id,
        link: item.url.or_else(|| item.external_url.clone()),
        title: item.title.filter(|t| !t.trim().is_empty()).map(Body::Text),
        body,
        published: item.date_published.as_deref().and_then(parse_date),
        updated: item.date_modified.as_deref().and_then(parse_date),
        authors,
        categories: item.tags,
        links: item
            .external_url
            .into_iter()
            .chain(item.attachments.into_iter().filter_map(|a| a.url))
            .collect(),
        identifiers: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_million_items_or_deep_nesting_are_refused_before_anything_is_built() {
        let items = vec!["{}"; 1_000_000].join(",");
        let flood =
            format!(r#"{{"version":"https://jsonfeed.org/version/1.1","items":[{items}]}}"#);
        assert_eq!(
            parse(&flood).unwrap_err(),
            FeedError::Malformed("more than 100000 JSON values: too many for a feed".into())
        );
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(
            parse(&deep).unwrap_err(),
            FeedError::Malformed("JSON nested deeper than 64 levels".into())
        );
        // Brackets and commas inside strings are text, not structure.
        let text = "[],".repeat(100_000);
        let feed = format!(
            r#"{{"version":"https://jsonfeed.org/version/1.1","items":[{{"id":"1","content_text":"{text} \" [[["}}]}}"#
        );
        assert_eq!(parse(&feed).unwrap().items.len(), 1);
    }

    #[test]
    fn reads_versions_1_and_1_1() {
        let feed = parse(
            r#"{"version":"https://jsonfeed.org/version/1.1","title":"Society news","language":"en",
                "items":[{"id":7,"url":"https://s.org/7","title":"Guideline","content_html":"<p>New</p>",
                "date_published":"2024-05-07T09:00:00Z","authors":[{"name":"Board"}],"tags":["guidelines"],
                "attachments":[{"url":"https://s.org/7.pdf","mime_type":"application/pdf"}]},
                {"id":"x","content_text":"Plain","author":{"name":"Old style"}}]}"#,
        )
        .unwrap();
        let [first, second] = &feed.items[..] else {
            panic!()
        };
        assert_eq!(first.id.as_deref(), Some("7"));
        assert_eq!(first.body, Some(Body::Html("<p>New</p>".into())));
        assert_eq!(first.authors[0].name, "Board");
        assert_eq!(first.links, ["https://s.org/7.pdf"]);
        assert_eq!(second.body, Some(Body::Text("Plain".into())));
        assert_eq!(second.authors[0].name, "Old style");
    }

    #[test]
    fn other_json_is_not_a_feed() {
        assert!(matches!(
            parse(r#"{"items":[]}"#),
            Err(FeedError::NotAFeed(_))
        ));
        assert!(matches!(
            parse(r#"{"version":"#),
            Err(FeedError::Malformed(_))
        ));
    }
}
