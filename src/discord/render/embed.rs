//! Embeds as the bot builds them, inside Discord's limits: the shared pieces of every embed reply
//! (digests, summaries), and the one place that turns them into serenity's builders.

use super::escape_markdown;
use crate::domain::post::SourceKind;
use poise::serenity_prelude as serenity;
use serde::{Deserialize, Serialize};

pub const MAX_TITLE: usize = 256;
pub const MAX_DESCRIPTION: usize = 4096;
pub const MAX_FIELD_NAME: usize = 256;
pub const MAX_FIELD_VALUE: usize = 1024;
pub const MAX_FIELDS: usize = 25;
pub const MAX_EMBED_CHARS_PER_MESSAGE: usize = 6000;
pub const MAX_EMBEDS_PER_MESSAGE: usize = 10;

/// Rounds' embed colour.
pub const COLOUR: u32 = 0x2f_7f_6f;

/// One embed, already within Discord's limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbedSpec {
    pub title: String,
    pub description: String,
    pub fields: Vec<FieldSpec>,
    pub footer: Option<String>,
    pub color: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSpec {
    pub name: String,
    pub value: String,
    pub inline: bool,
}

impl EmbedSpec {
    /// An embed with a title (cut to the limit) and a description (cut to the limit).
    pub fn new(title: &str, description: &str) -> Self {
        Self {
            title: limit(title, MAX_TITLE),
            description: limit(description, MAX_DESCRIPTION),
            fields: Vec::new(),
            footer: None,
            color: COLOUR,
        }
    }

    /// Characters Discord counts toward the 6000 per message.
    pub fn size(&self) -> usize {
        let count = |s: &str| s.chars().count();
        count(&self.title)
            + count(&self.description)
            + self.footer.as_deref().map_or(0, count)
            + self
                .fields
                .iter()
                .map(|f| count(&f.name) + count(&f.value))
                .sum::<usize>()
    }

    /// Adds a field listing whole `items`, one per line, within `budget` characters (and Discord's
    /// field limits); nothing when there are no items or no room.
    pub fn push_list(&mut self, name: &str, items: &[String], budget: usize) {
        if items.is_empty() || self.fields.len() >= MAX_FIELDS {
            return;
        }
        let budget = budget.min(MAX_FIELD_VALUE);
        let mut value = join_limited(items, "\n", budget);
        if value.is_empty() {
            value = limit(&items[0], budget);
        }
        self.fields.push(FieldSpec {
            name: limit(name, MAX_FIELD_NAME),
            value,
            inline: false,
        });
    }
}

/// A markdown link whose URL cannot break out of its parentheses; plain text when there is no safe
/// http(s) URL.
pub fn link(text: &str, url: Option<&str>) -> String {
    let safe = url
        .filter(|u| (u.starts_with("https://") || u.starts_with("http://")) && u.len() <= 512)
        .map(|u| {
            u.chars()
                .filter(|c| !c.is_control() && !c.is_whitespace())
                .map(|c| match c {
                    '(' => "%28".to_owned(),
                    ')' => "%29".to_owned(),
                    '<' => "%3C".to_owned(),
                    '>' => "%3E".to_owned(),
                    other => other.to_string(),
                })
                .collect::<String>()
        });
    match safe {
        Some(url) => match misleading_host(text, &url) {
            // The text stays, as plain text; what is clickable is the link's real host.
            Some(host) => format!("{text} ([{}]({url}))", escape_markdown(&host)),
            None => format!("[{text}]({url})"),
        },
        None => text.to_owned(),
    }
}

/// The author of a relayed post, linked to the post only where its own service keeps posts: a
/// Bluesky post on bsky.app, an X post on x.com or twitter.com. The URL is whatever the remote
/// server said; elsewhere the handle stays plain text and the link's real host is what is
/// clickable. A Mastodon handle names its server (`name@host`), which `link` already holds the URL
/// to; feed items link wherever their publisher does, checked the same way.
pub fn post_link(source: SourceKind, text: &str, url: Option<&str>) -> String {
    let hosts: &[&str] = match source {
        SourceKind::Bluesky => &["bsky.app"],
        SourceKind::X => &["x.com", "twitter.com"],
        SourceKind::Mastodon | SourceKind::Feed => return link(text, url),
    };
    let host = url
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
    match host {
        Some(host) => {
            let bare = host.strip_prefix("www.").unwrap_or(&host);
            if hosts
                .iter()
                .any(|h| bare == *h || bare.ends_with(&format!(".{h}")))
            {
                link(text, url)
            } else {
                format!("{text} ({})", link(&escape_markdown(bare), url))
            }
        }
        None => link(text, url),
    }
}

/// The link's real host when its (escaped) text names a different one: `[nejm.org](https://evil.example)`
/// or `[https://nejm.org/x](https://evil.example)` could send a member somewhere other than where it
/// says. A Bluesky profile or post link may show the handle its path names (`nejm.org` →
/// `bsky.app/profile/nejm.org/…`): a handle is a domain its owner proved to Bluesky.
fn misleading_host(escaped_text: &str, url: &str) -> Option<String> {
    let target = url::Url::parse(url).ok()?.host_str()?.to_ascii_lowercase();
    let text = unescape(escaped_text).to_ascii_lowercase();
    let profile = url::Url::parse(url)
        .ok()
        .filter(|_| target == "bsky.app")
        .and_then(|u| {
            let mut segments = u.path_segments()?;
            (segments.next() == Some("profile"))
                .then(|| segments.next().map(str::to_ascii_lowercase))
                .flatten()
        });
    let bare = |host: &str| host.strip_prefix("www.").unwrap_or(host).to_owned();
    let fits = |named: &str| {
        let (named, target) = (bare(named), bare(&target));
        named == target
            || target.ends_with(&format!(".{named}"))
            || profile.as_deref() == Some(named.as_str())
    };
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .map(|token| token.trim_matches(['.', '-']))
        .filter(|token| looks_like_host(token))
        .any(|named| !fits(named))
        .then_some(target)
}

/// `nejm.org`, `evil.example`, `a.b.co`: dot-separated labels ending in letters only.
fn looks_like_host(token: &str) -> bool {
    let labels: Vec<&str> = token.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| !label.is_empty())
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// Text with `escape_markdown`'s backslashes taken out again.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Whole items joined until the next would pass `max` characters.
pub fn join_limited(items: &[String], separator: &str, max: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for item in items {
        let extra = if out.is_empty() {
            0
        } else {
            separator.chars().count()
        } + item.chars().count();
        if used + extra > max {
            break;
        }
        if !out.is_empty() {
            out.push_str(separator);
        }
        out.push_str(item);
        used += extra;
    }
    out
}

/// Text cut to at most `max` characters, the cut marked with an ellipsis.
pub fn limit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Text on one line, runs of whitespace collapsed.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// An embed spec as serenity builds it, with the footer given.
pub fn to_create_embed(spec: &EmbedSpec, footer: Option<String>) -> serenity::CreateEmbed {
    let mut embed = serenity::CreateEmbed::new()
        .title(&spec.title)
        .colour(spec.color);
    if !spec.description.is_empty() {
        embed = embed.description(&spec.description);
    }
    for field in &spec.fields {
        embed = embed.field(&field.name, &field.value, field.inline);
    }
    if let Some(footer) = footer {
        embed = embed.footer(serenity::CreateEmbedFooter::new(footer));
    }
    embed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_naming_another_host_shows_its_real_host_instead() {
        let escaped = escape_markdown("nejm.org");
        assert_eq!(
            link(&escaped, Some("https://evil.example/x")),
            "nejm.org ([evil.example](https://evil.example/x))"
        );
        let whole = escape_markdown("Read it at https://www.nejm.org/doi/10.1056/x");
        let shown = link(&whole, Some("https://evil.example/"));
        assert!(
            shown.ends_with(" ([evil.example](https://evil.example/))"),
            "{shown}"
        );
        assert!(!shown.starts_with('['), "{shown}");
        let hyphen = link(
            &escape_markdown("med-mastodon.example"),
            Some("https://phish-site.example/"),
        );
        assert_eq!(
            hyphen,
            "med\\-mastodon.example ([phish\\-site.example](https://phish-site.example/))"
        );
    }

    #[test]
    fn a_link_naming_its_own_host_or_no_host_stays_a_link() {
        for (text, url) in [
            ("nejm.org", "https://www.nejm.org/doi/x"),
            ("www.nejm.org", "https://nejm.org/"),
            ("nejm.org", "https://cdn.nejm.org/x"),
            (
                "@doc0@med-mastodon.example",
                "https://med-mastodon.example/@doc0/1",
            ),
            (
                "doc.bsky.social",
                "https://bsky.app/profile/doc.bsky.social/post/3k",
            ),
            (
                "Semaglutide 2.4 mg, e.g. in SELECT",
                "https://evil.example/",
            ),
            ("@name", "https://x.com/name/status/1"),
        ] {
            let escaped = escape_markdown(text);
            assert_eq!(
                link(&escaped, Some(url)),
                format!("[{escaped}]({url})"),
                "{text} → {url}"
            );
        }
        // A handle is only vouched for by its own profile, not by any Bluesky link.
        let other = link(
            &escape_markdown("nejm.org"),
            Some("https://bsky.app/profile/evil.example/post/1"),
        );
        assert!(other.starts_with("nejm.org ([bsky.app]"), "{other}");
        // A suffix is not a match the other way round.
        let lookalike = link("nejm.org", Some("https://nejm.org.evil.example/"));
        assert!(lookalike.starts_with("nejm.org ("), "{lookalike}");
    }
}
