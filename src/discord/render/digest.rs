//! The digest as Discord shows it: embeds within every limit (title 256, description 4096, field
//! value 1024, 25 fields, 6000 characters and 10 embeds per message), split across messages when
//! needed. Relayed text is markdown-escaped; links are only ever http(s) and cannot break out of
//! their brackets. The same structure prints as markdown for `rounds digest`.

pub use super::embed::{to_create_embed, EmbedSpec};

use super::embed::{
    join_limited, limit, link, one_line, plural, post_link, MAX_DESCRIPTION,
    MAX_EMBEDS_PER_MESSAGE, MAX_EMBED_CHARS_PER_MESSAGE, MAX_FIELD_VALUE,
};
use super::escape_within;
use crate::domain::digest::{Digest, CAUTION};
use crate::domain::papers::PaperId;
use chrono::Duration;
use poise::serenity_prelude as serenity;

/// How much of a relayed post's text a digest shows.
const EXCERPT_CHARS: usize = 280;

/// The digest as messages of embeds, in posting order.
pub fn digest_messages(digest: &Digest) -> Vec<Vec<EmbedSpec>> {
    pack(digest_embeds(digest))
}

fn digest_embeds(digest: &Digest) -> Vec<EmbedSpec> {
    let tags = &digest.tags;
    let date = digest.end.format("%-d %b %Y");
    let span_length = digest.end - digest.start;
    let title = match digest.catch_up_periods {
        Some(periods) if periods > 1 => {
            format!("Catch-up digest to {date}: covers the last {periods} digests")
        }
        _ if span_length <= Duration::hours(26) => format!("Daily digest · {date}"),
        _ if span_length >= Duration::days(6) => format!("Weekly digest · {date}"),
        _ => format!("Digest · {date}"),
    };
    let mut tag_list = escape_within(
        &tags
            .iter()
            .map(|t| format!("#{t}"))
            .collect::<Vec<_>>()
            .join(" "),
        600,
    );
    if !digest.topics.is_empty() {
        let topics: Vec<String> = digest
            .topics
            .iter()
            .map(|t| format!("“{}”", escape_within(t, 80)))
            .collect();
        tag_list.push_str(&format!(" mentioning {}", topics.join(" or ")));
    }
    let mut header = EmbedSpec::new(&title, "");
    let span = describe_span(span_length);
    if digest.is_quiet() {
        let where_ = if tags.is_empty() {
            "this server tracks no hashtags yet (`/track add` adds one)".to_owned()
        } else {
            format!("no new posts under {tag_list}")
        };
        header.description = limit(
            &format!("A quiet {span}: {where_}, and nothing new in the followed feeds."),
            MAX_DESCRIPTION,
        );
        header.footer = Some(CAUTION.to_owned());
        return vec![header];
    }
    let mut headline = format!(
        "**{}** posts from **{}** people under {tag_list} in the last {span}",
        digest.posts, digest.authors
    );
    headline.push_str(&format!(
        " ({}).",
        change(digest.posts, digest.previous_posts)
    ));
    if digest.catch_up_periods.is_some_and(|p| p > 1) {
        headline.push_str(
            "\nThe bot was offline at the scheduled times, so this digest covers the whole gap.",
        );
    }
    header.description = limit(&headline, MAX_DESCRIPTION);
    let mut embeds = vec![header];

    if !digest.top_posts.is_empty() {
        let mut top = EmbedSpec::new("Top posts", "");
        let items: Vec<String> = digest
            .top_posts
            .iter()
            .enumerate()
            .map(|(i, ranked)| {
                let post = &ranked.post;
                let who = post_link(
                    post.source,
                    &escape_within(&post.author.handle, 80),
                    post.url.as_deref(),
                );
                let body = post.title.as_deref().unwrap_or(&post.text);
                let mut line = format!(
                    "**{}.** {who}: {}",
                    i + 1,
                    escape_within(&one_line(body), EXCERPT_CHARS)
                );
                let e = post.engagement;
                line.push_str(&format!(" · {} likes, {} reposts", e.likes, e.reposts));
                if ranked.also_shared_by > 0 {
                    line.push_str(&format!(" · shared by {} more", ranked.also_shared_by));
                }
                line
            })
            .collect();
        top.description = join_limited(&items, "\n\n", MAX_DESCRIPTION);
        embeds.push(top);
    }

    let mut details = EmbedSpec::new("What people discussed", "");
    let voices: Vec<String> = digest
        .voices
        .iter()
        .map(|v| {
            let name = v.author.display_name.as_deref().unwrap_or(&v.author.handle);
            format!(
                "{} ({} post{})",
                link(&escape_within(name, 80), v.author.url.as_deref()),
                v.posts,
                plural(v.posts)
            )
        })
        .collect();
    details.push_list("Leading voices", &voices, MAX_FIELD_VALUE);
    let papers: Vec<String> = digest
        .papers
        .iter()
        .map(|p| {
            let label = p.title.as_deref().unwrap_or(&p.shown).to_owned();
            let url = match &p.paper {
                PaperId::Doi(_) => crate::domain::papers::doi_url(&p.shown),
                PaperId::Pmid(pmid) => pmid.url(),
                PaperId::Pmcid(pmcid) => pmcid.url(),
            };
            let tier = p.tier.map(|t| format!(" · {t}")).unwrap_or_default();
            format!(
                "{}{tier} ({} post{})",
                link(&escape_within(&label, 150), Some(&url)),
                p.posts,
                plural(p.posts)
            )
        })
        .collect();
    details.push_list("Most-cited papers", &papers, MAX_FIELD_VALUE);
    let domains: Vec<String> = digest
        .domains
        .iter()
        .map(|d| {
            format!(
                "{}: {} · {} post{}",
                escape_within(&d.domain, 80),
                d.tier,
                d.posts,
                plural(d.posts)
            )
        })
        .collect();
    details.push_list("Most-cited sources", &domains, MAX_FIELD_VALUE);
    let entities: Vec<String> = digest
        .entities
        .iter()
        .map(|e| {
            format!(
                "{} ({}): {} ({})",
                escape_within(&crate::domain::entities::display::display_name(&e.name), 80),
                e.kind.as_str(),
                e.posts,
                change(e.posts, e.previous)
            )
        })
        .collect();
    details.push_list(
        "Most-discussed drugs and diseases",
        &entities,
        MAX_FIELD_VALUE,
    );
    let tags: Vec<String> = digest
        .cooccurring
        .iter()
        .map(|(tag, n)| format!("{} ({n})", escape_within(&format!("#{tag}"), 80)))
        .collect();
    details.push_list("Also tagged", &tags, MAX_FIELD_VALUE);
    if !details.fields.is_empty() {
        embeds.push(details);
    }

    if !digest.new_papers.is_empty() {
        let mut papers = EmbedSpec::new("New in your feeds", "");
        let items: Vec<String> = digest
            .new_papers
            .iter()
            .map(|item| {
                let title = item.title.as_deref().unwrap_or(&item.text);
                format!(
                    "{} · {}",
                    link(&escape_within(&one_line(title), 200), item.url.as_deref()),
                    escape_within(&item.author.handle, 80)
                )
            })
            .collect();
        papers.description = join_limited(&items, "\n", MAX_DESCRIPTION);
        embeds.push(papers);
    }
    if let Some(last) = embeds.last_mut() {
        last.footer = Some(CAUTION.to_owned());
    }
    embeds
}

/// Groups embeds into messages of at most 10 embeds and 6000 characters.
fn pack(embeds: Vec<EmbedSpec>) -> Vec<Vec<EmbedSpec>> {
    let mut messages: Vec<Vec<EmbedSpec>> = Vec::new();
    let mut size = 0;
    for embed in embeds {
        let fits = messages.last().is_some_and(|m| {
            m.len() < MAX_EMBEDS_PER_MESSAGE && size + embed.size() <= MAX_EMBED_CHARS_PER_MESSAGE
        });
        if !fits {
            messages.push(Vec::new());
            size = 0;
        }
        size += embed.size();
        messages.last_mut().expect("just pushed").push(embed);
    }
    messages
}

/// "up 12% on the previous window", "new", "same as…".
fn change(now: usize, before: usize) -> String {
    match (now, before) {
        (_, 0) if now > 0 => "none the window before".to_owned(),
        (0, 0) => "none before either".to_owned(),
        _ => {
            let percent = (now as f64 - before as f64) / before as f64 * 100.0;
            match percent.round() as i64 {
                0 => format!("same as the {before} before"),
                p if p > 0 => format!("up {p}% from {before}"),
                p => format!("down {}% from {before}", -p),
            }
        }
    }
}

fn describe_span(span: Duration) -> String {
    let hours = span.num_hours();
    match hours {
        h if h <= 24 => "24 hours".to_owned(),
        h if h % 24 == 0 => format!("{} days", h / 24),
        h => format!("{h} hours"),
    }
}

/// The messages as markdown, for `rounds digest --format markdown`.
pub fn messages_to_markdown(messages: &[Vec<EmbedSpec>]) -> String {
    let mut out = String::new();
    for embed in messages.iter().flatten() {
        out.push_str(&format!("## {}\n\n", embed.title));
        if !embed.description.is_empty() {
            out.push_str(&embed.description);
            out.push_str("\n\n");
        }
        for field in &embed.fields {
            out.push_str(&format!("### {}\n{}\n\n", field.name, field.value));
        }
        if let Some(footer) = &embed.footer {
            out.push_str(&format!("_{footer}_\n\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests;

/// The footer marker that identifies one part of one digest run, so a restart can tell whether a
/// part was already posted.
pub fn run_marker(run_id: i64, part: usize, parts: usize) -> String {
    format!("Rounds digest {run_id} · part {} of {parts}", part + 1)
}

/// One message part as serenity builds it, with the run marker (if any) in its last footer.
pub fn part_to_message(part: &[EmbedSpec], marker: Option<&str>) -> serenity::CreateMessage {
    let last = part.len().saturating_sub(1);
    let embeds: Vec<serenity::CreateEmbed> = part
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let footer = match (&spec.footer, marker.filter(|_| i == last)) {
                (Some(text), Some(marker)) => Some(format!("{text}\n{marker}")),
                (None, Some(marker)) => Some(marker.to_owned()),
                (text, None) => text.clone(),
            };
            to_create_embed(spec, footer)
        })
        .collect();
    serenity::CreateMessage::new()
        .embeds(embeds)
        .allowed_mentions(serenity::CreateAllowedMentions::new())
}
