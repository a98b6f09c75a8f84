//! A small element tree built from `quick-xml` events, with namespaces resolved to the handful the
//! feed formats use. Feeds are at most a few megabytes (the fetch caps bodies), so holding one in
//! memory is cheap, and walking a tree keeps the RSS and Atom readers short and obvious.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};

/// Deeper nesting than this is refused: real feeds nest a few levels (HTML bodies are escaped
/// text), and the limit keeps a hostile document from exhausting the stack when the tree is
/// walked or dropped.
pub const MAX_DEPTH: usize = 64;

/// More elements than this are refused while parsing, before the tree grows: a feed of a thousand
/// items with a few dozen elements each is far below it, and the bound keeps a hostile body of
/// tiny elements (half a million `<a/>` fit in the 2 MiB a fetch allows) from costing memory and
/// time out of proportion to its size (about 42 MB peak for the whole `rounds ingest --once`
/// refusing a 2 MiB body of them, in a debug build).
pub const MAX_ELEMENTS: usize = 100_000;

/// The namespaces feed readers care about; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    /// No namespace: RSS 0.9x/2.0 elements and plain attributes.
    None,
    /// RSS 1.0 (`http://purl.org/rss/1.0/`) and RSS 0.90 (Netscape's RDF Site Summary).
    Rss1,
    Rdf,
    /// Atom 1.0, and the pre-standard Atom 0.3 some old feeds still use.
    Atom,
    DublinCore,
    /// PRISM, any version (journals' `prism:doi`, `prism:url`).
    Prism,
    /// `content:encoded`.
    Content,
    Xhtml,
    /// `xml:lang`, `xml:base`.
    Xml,
    Other,
}

impl Ns {
    fn from_uri(uri: &[u8]) -> Self {
        match uri {
            b"http://purl.org/rss/1.0/" | b"http://my.netscape.com/rdf/simple/0.9/" => Self::Rss1,
            b"http://www.w3.org/1999/02/22-rdf-syntax-ns#" => Self::Rdf,
            b"http://www.w3.org/2005/Atom" | b"http://purl.org/atom/ns#" => Self::Atom,
            b"http://purl.org/dc/elements/1.1/" | b"http://purl.org/dc/terms/" => Self::DublinCore,
            b"http://purl.org/rss/1.0/modules/content/" => Self::Content,
            b"http://www.w3.org/1999/xhtml" => Self::Xhtml,
            b"http://www.w3.org/XML/1998/namespace" => Self::Xml,
            uri if uri.starts_with(b"http://prismstandard.org/namespaces/") => Self::Prism,
            _ => Self::Other,
        }
    }

    fn resolve(result: &ResolveResult<'_>, prefix_is_xml: bool) -> Self {
        match result {
            ResolveResult::Bound(ns) => Self::from_uri(ns.0),
            ResolveResult::Unbound => Self::None,
            ResolveResult::Unknown(_) if prefix_is_xml => Self::Xml,
            ResolveResult::Unknown(_) => Self::Other,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone)]
pub struct Attribute {
    pub ns: Ns,
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone)]
pub struct Element {
    pub ns: Ns,
    pub name: String,
    pub attributes: Vec<Attribute>,
    pub children: Vec<Node>,
}

impl Element {
    pub fn is(&self, ns: Ns, name: &str) -> bool {
        self.ns == ns && self.name == name
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
    }

    /// The first child element with this name in one of these namespaces.
    pub fn child(&self, namespaces: &[Ns], name: &str) -> Option<&Element> {
        self.elements()
            .find(|e| e.name == name && namespaces.contains(&e.ns))
    }

    /// The trimmed text of the first such child, if it has any.
    pub fn child_text(&self, namespaces: &[Ns], name: &str) -> Option<String> {
        self.child(namespaces, name).and_then(Element::trimmed_text)
    }

    /// All the text inside this element, markup removed.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    pub fn trimmed_text(&self) -> Option<String> {
        let text = self.text();
        let trimmed = text.trim();
        (!trimmed.is_empty()).then(|| trimmed.to_owned())
    }

    fn collect_text(&self, out: &mut String) {
        for node in &self.children {
            match node {
                Node::Text(text) => out.push_str(text),
                Node::Element(element) => element.collect_text(out),
            }
        }
    }

    /// A plain (un-namespaced) attribute, or one in the given namespace.
    pub fn attribute(&self, ns: Ns, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.ns == ns && a.name == name)
            .map(|a| a.value.as_str())
    }

    /// The children written back out as markup, for Atom's inline XHTML content, which the HTML
    /// converter then reads like any other HTML body.
    pub fn inner_markup(&self) -> String {
        let mut out = String::new();
        for node in &self.children {
            write_node(node, &mut out);
        }
        out
    }
}

fn write_node(node: &Node, out: &mut String) {
    match node {
        Node::Text(text) => out.push_str(&escape(text)),
        Node::Element(element) => {
            out.push('<');
            out.push_str(&element.name);
            for attribute in &element.attributes {
                out.push(' ');
                out.push_str(&attribute.name);
                out.push_str("=\"");
                out.push_str(&escape(&attribute.value));
                out.push('"');
            }
            out.push('>');
            for child in &element.children {
                write_node(child, out);
            }
            out.push_str("</");
            out.push_str(&element.name);
            out.push('>');
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Why a document could not be read as XML.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct XmlError(pub String);

/// Reads a whole document into its root element. Fails on anything not well-formed, including a
/// document that stops before its elements are closed (a truncated download).
pub fn parse_document(text: &str) -> Result<Element, XmlError> {
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut elements = 0usize;
    loop {
        let position = reader.buffer_position();
        let (resolved, event) = reader
            .read_resolved_event()
            .map_err(|e| XmlError(format!("not well-formed XML after byte {position}: {e}")))?;
        let ns = Ns::resolve(&resolved, false);
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(XmlError("content after the root element".into()));
            }
            Event::Start(_) | Event::Empty(_) if elements >= MAX_ELEMENTS => {
                return Err(XmlError(format!(
                    "more than {MAX_ELEMENTS} elements: too many for a feed"
                )));
            }
            Event::Start(start) => {
                elements += 1;
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError(format!(
                        "elements nested deeper than {MAX_DEPTH} levels"
                    )));
                }
                stack.push(element(&reader, ns, &start)?);
            }
            Event::Empty(start) => {
                elements += 1;
                let element = element(&reader, ns, &start)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(element)),
                    None => root = Some(element),
                }
            }
            Event::End(_) => {
                let element = stack
                    .pop()
                    .ok_or_else(|| XmlError("a closing tag without an opening one".into()))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(element)),
                    None => root = Some(element),
                }
            }
            Event::Text(text) => {
                let text = text
                    .xml10_content()
                    .map_err(|e| XmlError(format!("unreadable text: {e}")))?;
                push_text(&mut stack, &text);
            }
            Event::CData(data) => {
                let text = data
                    .xml10_content()
                    .map_err(|e| XmlError(format!("unreadable CDATA: {e}")))?;
                push_text(&mut stack, &text);
            }
            Event::GeneralRef(reference) => {
                let text = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match &*reference.decode().unwrap_or_default() {
                        "lt" => "<".to_owned(),
                        "gt" => ">".to_owned(),
                        "amp" => "&".to_owned(),
                        "apos" => "'".to_owned(),
                        "quot" => "\"".to_owned(),
                        // HTML entities (`&nbsp;`) are not XML, but feeds written by hand use
                        // them; the HTML decoder knows them, and unknown ones stay as written.
                        name => crate::domain::html::decode_entities(&format!("&{name};")),
                    },
                    Err(e) => return Err(XmlError(format!("bad character reference: {e}"))),
                };
                push_text(&mut stack, &text);
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(XmlError(format!(
            "the document ends inside <{}>: it was cut off",
            open.name
        )));
    }
    root.ok_or_else(|| XmlError("the document has no root element".into()))
}

fn push_text(stack: &mut [Element], text: &str) {
    // Text outside the root element is whitespace in well-formed documents; ignore it.
    if let Some(parent) = stack.last_mut() {
        if let Some(Node::Text(previous)) = parent.children.last_mut() {
            previous.push_str(text);
        } else {
            parent.children.push(Node::Text(text.to_owned()));
        }
    }
}

fn element(
    reader: &NsReader<&[u8]>,
    ns: Ns,
    start: &quick_xml::events::BytesStart<'_>,
) -> Result<Element, XmlError> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute =
            attribute.map_err(|e| XmlError(format!("bad attribute in <{name}>: {e}")))?;
        let key = attribute.key;
        if key.as_namespace_binding().is_some() {
            continue;
        }
        let prefix_is_xml = key.prefix().is_some_and(|p| p.as_ref() == b"xml");
        let (resolved, local) = reader.resolver().resolve_attribute(key);
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| XmlError(format!("bad attribute value in <{name}>: {e}")))?;
        attributes.push(Attribute {
            ns: Ns::resolve(&resolved, prefix_is_xml),
            name: String::from_utf8_lossy(local.as_ref()).into_owned(),
            value: value.into_owned(),
        });
    }
    Ok(Element {
        ns,
        name,
        attributes,
        children: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_namespaces_entities_and_cdata() {
        let root = parse_document(
            r#"<?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
                     xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <item rdf:about="https://x.org/1"><title>A &amp; B &#8212; C&nbsp;D</title>
              <dc:identifier>doi:10.1101/1</dc:identifier>
              <description><![CDATA[<p>Hi</p>]]></description></item>
            </rdf:RDF>"#,
        )
        .unwrap();
        assert!(root.is(Ns::Rdf, "RDF"));
        let item = root.child(&[Ns::Rss1], "item").unwrap();
        assert_eq!(item.attribute(Ns::Rdf, "about"), Some("https://x.org/1"));
        // `&nbsp;` is not XML; it is read as HTML would read it, not refused.
        let title = item.child_text(&[Ns::Rss1], "title").unwrap();
        assert!(
            title.starts_with("A & B \u{2014} C") && title.ends_with('D'),
            "{title}"
        );
        assert_eq!(
            item.child_text(&[Ns::DublinCore], "identifier").unwrap(),
            "doi:10.1101/1"
        );
        assert_eq!(
            item.child_text(&[Ns::Rss1], "description").unwrap(),
            "<p>Hi</p>"
        );
    }

    #[test]
    fn refuses_truncated_mismatched_and_deep_documents() {
        assert!(parse_document("<rss><channel><item><title>x</ti")
            .unwrap_err()
            .0
            .contains("not well-formed"));
        assert!(parse_document("<rss><channel><item>")
            .unwrap_err()
            .0
            .contains("cut off"));
        assert!(parse_document("<rss><channel></rss>").is_err());
        assert!(parse_document("plain text").is_err());
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(parse_document(&deep).unwrap_err().0.contains("nested"));
        let very_deep = "<a>".repeat(1_000_000);
        assert!(parse_document(&very_deep).unwrap_err().0.contains("nested"));
    }

    #[test]
    fn refuses_a_million_elements_and_reads_up_to_the_cap() {
        let flood = format!("<rss>{}</rss>", "<i/>".repeat(1_000_000));
        let error = parse_document(&flood).unwrap_err();
        assert_eq!(error.0, "more than 100000 elements: too many for a feed");
        let nested_flood = format!("<rss>{}</rss>", "<i><b>x</b></i>".repeat(500_000));
        assert!(parse_document(&nested_flood)
            .unwrap_err()
            .0
            .contains("100000"));
        let most = format!("<rss>{}</rss>", "<i/>".repeat(MAX_ELEMENTS - 1));
        assert_eq!(
            parse_document(&most).unwrap().children.len(),
            MAX_ELEMENTS - 1
        );
    }
}
