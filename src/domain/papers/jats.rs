//! Plain text from the JATS XML (and stray HTML) that Crossref abstracts and some titles carry:
//! tags dropped, section titles kept as "Background: …", entities decoded (by the one decoder,
//! `domain::html::decode_entities`), whitespace collapsed.

use crate::domain::html::decode_entities;

/// Section headings that only announce the abstract itself and add nothing to an excerpt.
const NOISE_HEADINGS: [&str; 3] = ["abstract", "summary", "graphical abstract"];

/// Converts a JATS/HTML fragment to plain text. Never fails: a `<` that opens no tag and unknown
/// entities are kept as written.
pub fn to_plain_text(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut rest = markup;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        // "p < 0.05" is text: a tag starts with a letter or a slash, and closes.
        let starts_tag = rest[open + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/');
        let close = rest[open..].find('>').filter(|_| starts_tag);
        let Some(close) = close else {
            out.push('<');
            rest = &rest[open + 1..];
            continue;
        };
        let tag = &rest[open + 1..open + close];
        let after = &rest[open + close + 1..];
        let name = tag_name(tag);
        if name == "title" && !tag.starts_with('/') {
            // A section title becomes "Title: " unless it only says "Abstract".
            let end = after.find("</").unwrap_or(after.len());
            let heading = decode_entities(&strip_tags(&after[..end]));
            let heading = heading.trim();
            if !heading.is_empty() && !NOISE_HEADINGS.contains(&heading.to_lowercase().as_str()) {
                out.push(' ');
                out.push_str(heading);
                out.push_str(": ");
            }
            rest = &after[end..];
            continue;
        }
        if matches!(name, "p" | "sec" | "br" | "list-item" | "div" | "li") {
            out.push(' ');
        }
        rest = after;
    }
    out.push_str(rest);
    collapse_whitespace(&decode_entities(&out))
}

/// `jats:title`, `/jats:p`, `br/` → `title`, `p`, `br`.
fn tag_name(tag: &str) -> &str {
    let tag = tag.trim_start_matches('/');
    let name = tag
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or("");
    name.rsplit(':').next().unwrap_or(name)
}

fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        match c {
            '<' => inside = true,
            '>' if inside => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Collapses runs of whitespace to one space and tidies the space a removed tag left before
/// punctuation.
fn collapse_whitespace(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .replace(" .", ".")
        .replace(" ,", ",")
        .replace(" :", ":")
}

/// Cuts plain text to at most `max` characters, at a sentence end if one is near, else at a word,
/// marking a cut with an ellipsis.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    if let Some(end) = cut.rfind(". ").filter(|end| *end > cut.len() / 2) {
        return format!("{} …", &cut[..=end]);
    }
    match cut.rfind(' ').filter(|space| *space > cut.len() / 2) {
        Some(space) => format!("{}…", cut[..space].trim_end()),
        None => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_structured_abstract_reads_as_prose() {
        let jats = "<jats:title>Abstract</jats:title><jats:sec><jats:title>Background</jats:title>\
                    <jats:p>Early rhythm control &amp; outcomes are <jats:italic>unclear</jats:italic>.</jats:p>\
                    </jats:sec><jats:sec><jats:title>Methods</jats:title><jats:p>We randomly\n assigned \
                    patients.</jats:p></jats:sec>";
        assert_eq!(
            to_plain_text(jats),
            "Background: Early rhythm control & outcomes are unclear. Methods: We randomly assigned patients."
        );
    }

    #[test]
    fn entities_and_broken_markup_do_not_break_it() {
        assert_eq!(
            to_plain_text("a &lt;b&gt; &#955; &#x3bb; &bogus; &"),
            "a <b> λ λ &bogus; &"
        );
        assert_eq!(to_plain_text("text <unclosed"), "text <unclosed");
        assert_eq!(to_plain_text("p < 0.05 and x > 1"), "p < 0.05 and x > 1");
        assert_eq!(to_plain_text("<i>only</i>"), "only");
        assert_eq!(to_plain_text(""), "");
        assert_eq!(to_plain_text("<jats:title>Summary</jats:title>Hi"), "Hi");
    }

    #[test]
    fn excerpts_end_cleanly() {
        let text = "One sentence here. Another sentence that is rather long and goes on.";
        assert_eq!(excerpt(text, 200), text);
        assert_eq!(excerpt(text, 40), "One sentence here. Another sentence…");
        assert_eq!(excerpt(text, 25), "One sentence here. …");
        assert!(excerpt(&"x".repeat(50), 10).chars().count() <= 10);
    }
}
