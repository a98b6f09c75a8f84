//! How commands print what is meant for people: `--format text|markdown|json`.
//!
//! `markdown` is exactly what the bot posts to Discord, Discord's escaping included (`\#MedEd`,
//! `\@name\@host`, `https\://…`), so it can be pasted into Discord or a markdown file. `text` is the
//! same content read back as plain text for a terminal: escapes undone, bold markers dropped, links
//! written `label (url)`. It is the default when standard output is a terminal; `markdown` is the
//! default otherwise, so scripts keep getting what the bot would post. Lists (`track list`,
//! `feeds list`) have no markup: they are `text` (one item per line) or `json`.

use crate::discord::render::embed::EmbedSpec;
use clap::ValueEnum;
use std::io::IsTerminal as _;

/// The format of a digest, a summary or the demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Plain text for a terminal: no Discord escaping or markup.
    Text,
    /// What the bot posts: Discord markdown, escaped as Discord needs it.
    #[value(alias = "md")]
    Markdown,
    /// The JSON bodies of the messages the bot would send.
    Json,
}

impl Format {
    /// The format asked for, else `text` on a terminal and `markdown` in a pipe or file.
    pub fn or_default(asked: Option<Format>) -> Format {
        asked.unwrap_or_else(|| {
            if std::io::stdout().is_terminal() {
                Format::Text
            } else {
                Format::Markdown
            }
        })
    }
}

/// The format of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ListFormat {
    /// One item per line (a sentence saying so when there are none).
    #[default]
    Text,
    /// One JSON array.
    Json,
}

/// Messages of embeds as plain text: each embed's title underlined, its description, each field
/// as a heading with its lines indented, and the footer.
pub fn messages_to_text(messages: &[Vec<EmbedSpec>]) -> String {
    let mut out = String::new();
    for embed in messages.iter().flatten() {
        let title = markdown_to_text(&embed.title);
        out.push_str(&format!(
            "{title}\n{}\n\n",
            "=".repeat(title.chars().count())
        ));
        if !embed.description.is_empty() {
            out.push_str(&markdown_to_text(&embed.description));
            out.push_str("\n\n");
        }
        for field in &embed.fields {
            out.push_str(&format!("{}:\n", markdown_to_text(&field.name)));
            for line in markdown_to_text(&field.value).lines() {
                out.push_str(&format!("  {line}\n"));
            }
            out.push('\n');
        }
        if let Some(footer) = &embed.footer {
            out.push_str(&markdown_to_text(footer));
            out.push_str("\n\n");
        }
    }
    out
}

/// The bot's Discord markdown as plain text: `\x` becomes `x`, `**`, `~~` and backticks go,
/// `[label](url)` becomes `label (url)` (or just the URL when the label is the URL).
pub fn markdown_to_text(markdown: &str) -> String {
    let chars: Vec<char> = markdown.chars().collect();
    let mut out = String::with_capacity(markdown.len());
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if chars.get(i + 1).is_some_and(char::is_ascii_punctuation) => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '*' | '`' => i += 1,
            '~' if chars.get(i + 1) == Some(&'~') => i += 2,
            '[' => match link_at(&chars, i) {
                Some((label, url, next)) => {
                    let label = markdown_to_text(&label);
                    if label == url {
                        out.push_str(&url);
                    } else {
                        out.push_str(&format!("{label} ({url})"));
                    }
                    i = next;
                }
                None => {
                    out.push('[');
                    i += 1;
                }
            },
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The link starting at `chars[start] == '['`: its label (still markdown), its URL and the index
/// after its closing parenthesis. Escaped brackets belong to the label.
fn link_at(chars: &[char], start: usize) -> Option<(String, String, usize)> {
    let mut i = start + 1;
    let mut label = String::new();
    loop {
        match chars.get(i)? {
            '\\' => {
                label.push('\\');
                label.push(*chars.get(i + 1)?);
                i += 2;
            }
            ']' => break,
            '\n' => return None,
            c => {
                label.push(*c);
                i += 1;
            }
        }
    }
    if chars.get(i + 1) != Some(&'(') {
        return None;
    }
    let url_start = i + 2;
    let url_end = url_start + chars[url_start..].iter().position(|c| *c == ')')?;
    let url: String = chars[url_start..url_end].iter().collect();
    if !(url.starts_with("http://") || url.starts_with("https://"))
        || url.contains(char::is_whitespace)
    {
        return None;
    }
    Some((label, url, url_end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discord::render::escape_markdown;

    #[test]
    fn escaped_relayed_text_reads_as_it_was_written() {
        let relayed =
            "@name@host.example says see https://doi.org/10.1/x_(2) #MedEd *not bold* [x]";
        assert_eq!(markdown_to_text(&escape_markdown(relayed)), relayed);
    }

    #[test]
    fn markup_is_dropped_and_links_keep_their_url() {
        let line = format!(
            "**1.** [{}](https://med.example/@doc/1): {} · 3 likes",
            escape_markdown("@doc@med.example"),
            escape_markdown("Apixaban in CKD? #MedEd")
        );
        assert_eq!(
            markdown_to_text(&line),
            "1. @doc@med.example (https://med.example/@doc/1): Apixaban in CKD? #MedEd · 3 likes"
        );
        assert_eq!(
            markdown_to_text("[https://a.example/x](https://a.example/x)"),
            "https://a.example/x"
        );
        assert_eq!(markdown_to_text("a [b] (c)"), "a [b] (c)");
    }

    #[test]
    fn embeds_print_as_titled_paragraphs() {
        let mut embed = EmbedSpec::new("Daily digest · 1 Dec 2026", "**3** posts under \\#MedEd");
        embed.push_list("Leading voices", &["Dr \\_A\\_".to_owned()], 100);
        embed.footer = Some("Unreviewed.".to_owned());
        let text = messages_to_text(&[vec![embed]]);
        assert_eq!(
            text,
            "Daily digest · 1 Dec 2026\n=========================\n\n3 posts under #MedEd\n\n\
             Leading voices:\n  Dr _A_\n\nUnreviewed.\n\n"
        );
    }
}
