//! Embeds as the bot builds them, inside Discord's limits: the shared pieces of every embed reply
//! (digests, summaries), and the one place that turns them into serenity's builders.

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
pub const COLOUR: u32 = 0x2f7f6f;

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
        Some(url) => format!("[{text}]({url})"),
        None => text.to_owned(),
    }
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
