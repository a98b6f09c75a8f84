//! Atom 1.0 (and the 0.3 draft, close enough for what we read): entries with text constructs,
//! `link rel`s, authors and categories, plus the Dublin Core and PRISM identifiers some journals
//! add to entries.

use super::dates::parse_date;
use super::parse::{Body, FeedItem, ParsedFeed, Person};
use super::xml::{Element, Ns};

const ATOM: [Ns; 1] = [Ns::Atom];

pub fn read(root: &Element) -> ParsedFeed {
    ParsedFeed {
        title: root
            .child(&ATOM, "title")
            .and_then(text_construct)
            .map(|b| match b {
                Body::Html(t) => crate::domain::html::html_to_text(&t).text,
                Body::Text(t) => t,
            }),
        home: alternate_link(root),
        language: root.attribute(Ns::Xml, "lang").map(str::to_owned),
        items: root
            .elements()
            .filter(|e| e.is(Ns::Atom, "entry"))
            .map(read_entry)
            .collect(),
    }
}

fn read_entry(entry: &Element) -> FeedItem {
    let mut out = FeedItem {
        link: alternate_link(entry),
        ..FeedItem::default()
    };
    let mut summary = None;
    let mut content = None;
    for child in entry.elements() {
        let text = || child.trimmed_text();
        match (child.ns, child.name.as_str()) {
            (Ns::Atom, "id") => out.id = text(),
            (Ns::Atom, "title") => out.title = text_construct(child),
            (Ns::Atom, "summary") => summary = text_construct(child),
            (Ns::Atom, "content") => {
                content = text_construct(child);
                if let Some(src) = child.attribute(Ns::None, "src") {
                    out.links.push(src.to_owned());
                }
            }
            (Ns::Atom, "published" | "issued") => {
                out.published = text().and_then(|t| parse_date(&t));
            }
            (Ns::Atom, "updated" | "modified") => {
                out.updated = text().and_then(|t| parse_date(&t));
            }
            (Ns::Atom, "author") => {
                if let Some(name) = child.child_text(&ATOM, "name") {
                    let url = child.child_text(&ATOM, "uri");
                    out.authors.push(Person { name, url });
                }
            }
            (Ns::Atom, "category") => {
                let label = child.attribute(Ns::None, "term");
                out.categories.extend(label.map(|t| t.trim().to_owned()));
            }
            (Ns::Atom, "link") => {
                let rel = child.attribute(Ns::None, "rel").unwrap_or("alternate");
                if matches!(rel, "enclosure" | "related" | "via") {
                    out.links
                        .extend(child.attribute(Ns::None, "href").map(str::to_owned));
                }
            }
            (Ns::DublinCore, "identifier") => out.identifiers.extend(text()),
            (Ns::DublinCore, "creator") => {
                out.authors
                    .extend(text().map(|name| Person { name, url: None }));
            }
            (Ns::Prism, "doi") => out.identifiers.extend(text().map(|d| format!("doi:{d}"))),
            (Ns::Prism, "url") => out.links.extend(text()),
            _ => {}
        }
    }
    // A summary is what the publisher chose to show; fall back to the content.
    out.body = summary.or(content);
    out
}

/// The `rel="alternate"` link (the default rel), preferring an HTML one.
fn alternate_link(element: &Element) -> Option<String> {
    let alternates: Vec<&Element> = element
        .elements()
        .filter(|e| e.is(Ns::Atom, "link"))
        .filter(|e| e.attribute(Ns::None, "rel").unwrap_or("alternate") == "alternate")
        .collect();
    let html = alternates.iter().find(|e| {
        e.attribute(Ns::None, "type")
            .is_some_and(|t| t.contains("html"))
    });
    html.or(alternates.first())
        .and_then(|e| e.attribute(Ns::None, "href"))
        .map(|href| href.trim().to_owned())
        .filter(|href| !href.is_empty())
}

/// An Atom text construct: `type="text"` (the default), `"html"` (escaped markup) or `"xhtml"`
/// (inline markup in a `div`).
fn text_construct(element: &Element) -> Option<Body> {
    let kind = element.attribute(Ns::None, "type").unwrap_or("text");
    let body = match kind {
        "xhtml" | "application/xhtml+xml" => Body::Html(element.inner_markup()),
        "html" | "text/html" => Body::Html(element.text()),
        _ => Body::Text(element.text()),
    };
    match &body {
        Body::Html(t) | Body::Text(t) if t.trim().is_empty() => None,
        _ => Some(body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::feeds::xml::parse_document;

    #[test]
    fn reads_entries_links_authors_and_text_constructs() {
        let root = parse_document(
            r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
              <title type="html">J &lt;b&gt;Med&lt;/b&gt;</title>
              <link rel="self" href="https://j.org/atom"/><link href="https://j.org/"/>
              <entry><id>tag:j.org,2024:1</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A <i>b</i></div></title>
                <link rel="alternate" type="text/html" href="https://j.org/1"/>
                <link rel="enclosure" href="https://j.org/1.pdf"/>
                <author><name>Ann Lee</name><uri>https://j.org/ann</uri></author>
                <category term="oncology"/>
                <summary type="html">&lt;p&gt;S&lt;/p&gt;</summary>
                <published>2024-05-07T09:00:00Z</published><updated>2024-05-08T09:00:00Z</updated>
              </entry></feed>"#,
        )
        .unwrap();
        let feed = read(&root);
        assert_eq!(feed.title.as_deref(), Some("J Med"));
        assert_eq!(feed.home.as_deref(), Some("https://j.org/"));
        assert_eq!(feed.language.as_deref(), Some("en"));
        let entry = &feed.items[0];
        assert_eq!(entry.id.as_deref(), Some("tag:j.org,2024:1"));
        assert_eq!(entry.link.as_deref(), Some("https://j.org/1"));
        assert_eq!(entry.links, ["https://j.org/1.pdf"]);
        assert!(matches!(&entry.title, Some(Body::Html(t)) if t.contains("<i>b</i>")));
        assert_eq!(entry.body, Some(Body::Html("<p>S</p>".into())));
        assert_eq!(entry.authors[0].url.as_deref(), Some("https://j.org/ann"));
        assert_eq!(entry.categories, ["oncology"]);
        assert!(entry.published < entry.updated);
    }
}
