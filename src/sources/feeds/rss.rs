//! RSS in its three shapes: 0.9x and 2.0 (`<rss><channel><item>`, PubMed's searches) and 1.0
//! (`<rdf:RDF>` with items beside the channel, as bioRxiv and Nature publish), with the Dublin Core
//! and PRISM elements journals put in items.

use super::dates::parse_date;
use super::parse::{Body, FeedItem, ParsedFeed, Person};
use super::xml::{Element, Ns};

/// RSS 0.9x/2.0 elements have no namespace; RSS 1.0 and 0.90 have their own.
const CORE: [Ns; 2] = [Ns::None, Ns::Rss1];

pub fn read(root: &Element) -> ParsedFeed {
    let channel = root.child(&CORE, "channel");
    let mut feed = ParsedFeed::default();
    if let Some(channel) = channel {
        feed.title = channel.child_text(&CORE, "title");
        feed.home = channel.child_text(&CORE, "link");
        feed.language = channel
            .child_text(&CORE, "language")
            .or_else(|| channel.child_text(&[Ns::DublinCore], "language"));
    }
    // RSS 2.0 nests items in the channel; RSS 1.0 puts them beside it.
    let in_channel = channel.into_iter().flat_map(Element::elements);
    feed.items = in_channel
        .chain(root.elements())
        .filter(|e| e.name == "item" && CORE.contains(&e.ns))
        .map(read_item)
        .collect();
    feed
}

fn read_item(item: &Element) -> FeedItem {
    let mut out = FeedItem::default();
    let mut permalink = None;
    let mut description = None;
    let mut encoded = None;
    for child in item.elements() {
        let text = || child.trimmed_text();
        match (child.ns, child.name.as_str()) {
            (Ns::None | Ns::Rss1, "title") => out.title = text().map(Body::Html),
            (Ns::None | Ns::Rss1, "link") => out.link = out.link.take().or_else(text),
            (Ns::None | Ns::Rss1 | Ns::DublinCore, "description") => {
                description = description.or_else(text);
            }
            (Ns::Content, "encoded") => encoded = encoded.or_else(text),
            (Ns::None, "guid") => {
                let guid = text();
                // `isPermaLink` defaults to true: the guid is then the item's address.
                if child.attribute(Ns::None, "isPermaLink") != Some("false") {
                    permalink = guid.clone().filter(|g| is_web_url(g));
                }
                out.id = out.id.take().or(guid);
            }
            (Ns::None, "pubDate") | (Ns::DublinCore, "date") => {
                out.published = out
                    .published
                    .or_else(|| text().and_then(|t| parse_date(&t)));
            }
            (Ns::Prism, "publicationDate") => {
                out.published = out
                    .published
                    .or_else(|| text().and_then(|t| parse_date(&t)));
            }
            (Ns::DublinCore, "modified") => {
                out.updated = text().and_then(|t| parse_date(&t));
            }
            (Ns::None, "author") => {
                if let Some(name) = text().and_then(|t| author_name(&t)) {
                    out.authors.push(Person { name, url: None });
                }
            }
            (Ns::DublinCore, "creator") => {
                if let Some(name) = text() {
                    out.authors.push(Person { name, url: None });
                }
            }
            (Ns::None, "category") | (Ns::DublinCore, "subject") => {
                out.categories.extend(text());
            }
            (Ns::None, "enclosure") => {
                out.links
                    .extend(child.attribute(Ns::None, "url").map(str::to_owned));
            }
            (Ns::Prism, "url") => out.links.extend(text()),
            (Ns::DublinCore, "identifier") => out.identifiers.extend(text()),
            (Ns::Prism, "doi") => out.identifiers.extend(text().map(|d| format!("doi:{d}"))),
            _ => {}
        }
    }
    // RSS 1.0 items are named by their `rdf:about`, which is usually also their address.
    if let Some(about) = item.attribute(Ns::Rdf, "about") {
        let about = about.trim();
        if !about.is_empty() {
            out.id = out.id.take().or_else(|| Some(about.to_owned()));
            if is_web_url(about) {
                permalink = permalink.or_else(|| Some(about.to_owned()));
            }
        }
    }
    out.link = out.link.take().or(permalink);
    // The description is the abstract in journal feeds; `content:encoded` is often the whole
    // article, which is more than a digest shows.
    out.body = description.or(encoded).map(Body::Html);
    out
}

/// RSS 2.0's `author` is an e-mail address, often followed by the name in parentheses.
fn author_name(text: &str) -> Option<String> {
    let name = match (text.find('('), text.rfind(')')) {
        (Some(open), Some(close)) if open < close => text[open + 1..close].trim(),
        _ => text.trim(),
    };
    (!name.is_empty()).then(|| name.to_owned())
}

pub(super) fn is_web_url(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::feeds::xml::parse_document;

    #[test]
    fn reads_rss_1_items_beside_the_channel_with_their_identifiers() {
        let root = parse_document(
            r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
                xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
                xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/">
              <channel rdf:about="https://x.org/feed"><title>bioRxiv</title><link>https://x.org</link></channel>
              <item rdf:about="https://x.org/content/10.1101/2024.05.01.1v1">
                <title>Trial</title>
                <description>&lt;p&gt;Abstract&lt;/p&gt;</description>
                <dc:creator>Doe, J.</dc:creator><dc:creator>Roe, R.</dc:creator>
                <dc:date>2024-05-02</dc:date>
                <dc:identifier>doi:10.1101/2024.05.01.1</dc:identifier>
                <prism:doi>10.1101/2024.05.01.1</prism:doi>
              </item>
            </rdf:RDF>"#,
        )
        .unwrap();
        let feed = read(&root);
        assert_eq!(feed.title.as_deref(), Some("bioRxiv"));
        let item = &feed.items[0];
        assert_eq!(
            item.id.as_deref(),
            Some("https://x.org/content/10.1101/2024.05.01.1v1")
        );
        assert_eq!(item.link, item.id);
        assert_eq!(item.body, Some(Body::Html("<p>Abstract</p>".into())));
        assert_eq!(item.authors.len(), 2);
        assert_eq!(
            item.identifiers,
            ["doi:10.1101/2024.05.01.1", "doi:10.1101/2024.05.01.1"]
        );
        assert!(item.published.is_some());
    }

    #[test]
    fn reads_rss_2_guids_authors_and_enclosures() {
        let root = parse_document(
            r#"<rss version="2.0"><channel><title>T</title><language>en</language>
              <item><title>A</title><guid isPermaLink="false">pubmed:1</guid>
              <author>ed@x.org (Ed Itor)</author><category>Cardiology</category>
              <enclosure url="https://x.org/a.pdf" type="application/pdf" length="1"/>
              <pubDate>Tue, 07 May 2024 09:00:00 GMT</pubDate></item>
              <item><guid>https://x.org/2</guid></item>
            </channel></rss>"#,
        )
        .unwrap();
        let feed = read(&root);
        assert_eq!(feed.language.as_deref(), Some("en"));
        let [first, second] = &feed.items[..] else {
            panic!("{feed:?}")
        };
        assert_eq!(first.id.as_deref(), Some("pubmed:1"));
        assert_eq!(first.link, None);
        assert_eq!(first.authors[0].name, "Ed Itor");
        assert_eq!(first.categories, ["Cardiology"]);
        assert_eq!(first.links, ["https://x.org/a.pdf"]);
        assert_eq!(second.link.as_deref(), Some("https://x.org/2"));
    }
}
