//! HTML fragments from outside (Mastodon `content` and `note`, feed item bodies) turned into plain
//! text for Discord and for tagging: paragraphs and `<br>` become line breaks, links keep their text
//! and their targets are collected, entities are decoded, and everything else is dropped.
//!
//! This is a small forgiving scanner, not a full HTML parser: the input is already sanitised by the
//! server, so we only need to read it, never to render it. It makes one forward pass (script and
//! style bodies are skipped with a forward search), so its cost is linear in the input, and it
//! treats anything it cannot read (an unclosed tag, a broken entity) as text or drops it, never
//! panicking.

mod entities;
#[cfg(test)]
mod tests;

pub use entities::decode_entities;

use super::format_chars::is_format_char;

/// An HTML fragment as plain text, with the targets of its links.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlainText {
    pub text: String,
    /// `http(s)` targets of `<a href>`, in order, each once. Mentions and hashtag links (Mastodon's
    /// `mention`/`hashtag` classes, `rel="tag"`) are left out: they point at profiles and tag pages,
    /// not at what a post cites.
    pub links: Vec<String>,
}

/// Converts an HTML fragment to plain text. Never fails: unreadable markup is dropped.
pub fn html_to_text(html: &str) -> PlainText {
    let mut out = Output::default();
    let mut links: Vec<String> = Vec::new();
    let mut anchor: Option<Anchor> = None;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push_text(&decode_entities(rest));
            break;
        };
        out.push_text(&decode_entities(&rest[..lt]));
        rest = &rest[lt..];
        let after = &rest[1..];
        if let Some(comment) = after.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        if after.starts_with(['!', '?']) {
            rest = after.find('>').map_or("", |end| &after[end + 1..]);
            continue;
        }
        let Some(tag) = Tag::read(after) else {
            // Not a tag ("BP < 120"): keep the `<` as text.
            out.push_text("<");
            rest = after;
            continue;
        };
        let Some(consumed) = tag.consumed else {
            // A tag cut off by the end of the input: drop it.
            break;
        };
        rest = &after[consumed..];
        let name = tag.name.to_ascii_lowercase();
        match (name.as_str(), tag.closing) {
            ("script" | "style" | "template", false) => {
                rest = skip_raw_text(rest, &name);
            }
            ("br", _) => out.line_break(),
            (
                "p" | "div" | "blockquote" | "pre" | "ul" | "ol" | "table" | "section" | "h1"
                | "h2" | "h3" | "h4" | "h5" | "h6" | "article" | "header" | "footer",
                _,
            ) => {
                out.paragraph_break();
            }
            ("li" | "tr" | "dt" | "dd" | "hr", _) => out.line_break(),
            ("a", false) => {
                if let Some(open) = anchor.take() {
                    open.close(&mut out);
                }
                let href = tag.attribute("href").map(|h| decode_entities(h.trim()));
                let class = tag.attribute("class").unwrap_or_default();
                let is_social = class
                    .split_ascii_whitespace()
                    .any(|c| matches!(c, "mention" | "hashtag" | "u-url"))
                    || tag
                        .attribute("rel")
                        .is_some_and(|r| r.split_ascii_whitespace().any(|part| part == "tag"));
                if let Some(href) = &href {
                    let web = href.starts_with("https://") || href.starts_with("http://");
                    if web && !is_social && !links.contains(href) {
                        links.push(href.clone());
                    }
                }
                out.flush_space();
                anchor = Some(Anchor {
                    start: out.text.len(),
                    href: href.filter(|h| !h.is_empty()),
                    shortened: false,
                });
            }
            ("a", true) => {
                if let Some(open) = anchor.take() {
                    open.close(&mut out);
                }
            }
            ("span", false) => {
                // Mastodon shortens long links for display with `invisible`/`ellipsis` spans; when
                // we see them, the anchor's text is replaced by its full target on close.
                let class = tag.attribute("class").unwrap_or_default();
                if class
                    .split_ascii_whitespace()
                    .any(|c| c == "invisible" || c == "ellipsis")
                {
                    if let Some(open) = anchor.as_mut() {
                        open.shortened = true;
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(open) = anchor.take() {
        open.close(&mut out);
    }
    PlainText {
        text: out.finish(),
        links,
    }
}

/// An `<a>` being read: where its text starts in the output, so a shortened display can be swapped
/// for the full URL.
struct Anchor {
    start: usize,
    href: Option<String>,
    shortened: bool,
}

impl Anchor {
    fn close(self, out: &mut Output) {
        if let (true, Some(href)) = (self.shortened, self.href) {
            if self.start <= out.text.len() && out.text.is_char_boundary(self.start) {
                out.text.truncate(self.start);
                out.pending_space = false;
                out.push_text(&href);
            }
        }
    }
}

/// Plain text under construction: whitespace collapsed, at most one blank line in a row.
#[derive(Default)]
struct Output {
    text: String,
    pending_space: bool,
}

impl Output {
    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
            } else if c.is_control() || is_format_char(c) {
                // Control and format characters (bidi overrides, zero-width) never belong in relayed
                // text: they hide or reorder what a reader sees.
            } else {
                self.flush_space();
                self.text.push(c);
            }
        }
    }

    /// Writes a space that whitespace asked for, unless at the start of a line or after a space.
    fn flush_space(&mut self) {
        if self.pending_space && !self.text.is_empty() && !self.text.ends_with(['\n', ' ']) {
            self.text.push(' ');
        }
        self.pending_space = false;
    }

    fn trim_trailing_spaces(&mut self) {
        let trimmed = self.text.trim_end_matches(' ').len();
        self.text.truncate(trimmed);
        self.pending_space = false;
    }

    fn line_break(&mut self) {
        self.trim_trailing_spaces();
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
    }

    fn paragraph_break(&mut self) {
        self.trim_trailing_spaces();
        if self.text.is_empty() {
            return;
        }
        while !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
    }

    fn finish(mut self) -> String {
        self.trim_trailing_spaces();
        let end = self.text.trim_end().len();
        self.text.truncate(end);
        self.text
    }
}

/// A start or end tag as far as we need it: its name and raw attribute text.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    attributes: &'a str,
    /// Bytes after the `<` up to and including the `>`; `None` when the input ends first.
    consumed: Option<usize>,
}

impl<'a> Tag<'a> {
    /// Reads the text right after a `<`; `None` if it does not start a tag.
    fn read(after: &'a str) -> Option<Self> {
        let (closing, body) = match after.strip_prefix('/') {
            Some(body) => (true, body),
            None => (false, after),
        };
        let name_len = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
        if name_len == 0 || !body.as_bytes()[0].is_ascii_alphabetic() {
            return None;
        }
        let name = &body[..name_len];
        let offset = after.len() - body.len() + name_len;
        let attributes_start = &after[offset..];
        // Find the closing `>`, skipping over quoted attribute values.
        let mut quote: Option<u8> = None;
        let mut end = None;
        for (i, b) in attributes_start.bytes().enumerate() {
            match (quote, b) {
                (Some(q), b) if b == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(b),
                (None, b'>') => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        Some(Tag {
            name,
            closing,
            attributes: &attributes_start[..end.unwrap_or(0)],
            consumed: end.map(|i| offset + i + 1),
        })
    }

    /// The raw (still entity-encoded) value of an attribute, matched case-insensitively.
    fn attribute(&self, wanted: &str) -> Option<&'a str> {
        let mut rest = self.attributes;
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if rest.is_empty() {
                return None;
            }
            let name_len = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
                .unwrap_or(rest.len());
            let name = &rest[..name_len];
            rest = rest[name_len..].trim_start();
            let value = if let Some(after_eq) = rest.strip_prefix('=') {
                let after_eq = after_eq.trim_start();
                let (value, remaining) = match after_eq.as_bytes().first() {
                    Some(&q @ (b'"' | b'\'')) => {
                        let inner = &after_eq[1..];
                        let close = inner.find(q as char).unwrap_or(inner.len());
                        (&inner[..close], inner.get(close + 1..).unwrap_or(""))
                    }
                    _ => {
                        let close = after_eq
                            .find(|c: char| c.is_ascii_whitespace())
                            .unwrap_or(after_eq.len());
                        (&after_eq[..close], &after_eq[close..])
                    }
                };
                rest = remaining;
                value
            } else {
                ""
            };
            if name.eq_ignore_ascii_case(wanted) {
                return Some(value);
            }
        }
    }
}

/// Skips the body of a `<script>`/`<style>` up to and past its end tag (or to the end of input).
fn skip_raw_text<'a>(rest: &'a str, name: &str) -> &'a str {
    let bytes = rest.as_bytes();
    let needle_len = name.len() + 2;
    let mut i = 0;
    while let Some(offset) = rest[i..].find("</") {
        let at = i + offset;
        let candidate = &bytes[at + 2..(at + needle_len).min(bytes.len())];
        if candidate.eq_ignore_ascii_case(name.as_bytes()) {
            let tail = &rest[at..];
            return tail.find('>').map_or("", |end| &tail[end + 1..]);
        }
        i = at + 2;
    }
    ""
}
