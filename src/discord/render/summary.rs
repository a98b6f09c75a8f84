//! `/summary`, `/voices` and `/trend` as Discord shows them: one embed each, inside every limit
//! (field budgets below keep the whole message under 6000 characters), with the volume chart attached
//! as `trend.png` and its numbers written out. Relayed text is escaped; links are http(s) only and
//! cannot break out of their brackets. The same embeds print as markdown for `rounds summary`.

use super::embed::{
    join_limited, limit, link, one_line, plural, post_link, EmbedSpec, MAX_DESCRIPTION, MAX_TITLE,
};
use super::escape_within;
use crate::domain::digest::CAUTION;
use crate::domain::summary::citations::CitedSentence;
use crate::domain::summary::{percent_change, RankedVoice, SummaryWindow, TopicSummary, VolumeBin};
use poise::serenity_prelude as serenity;

/// The file name the chart is attached as, and referenced by from the embed.
pub const CHART_FILE: &str = "trend.png";
const EXCERPT_CHARS: usize = 240;
/// Budgets that keep one embed (title, description, fields, footer) under 6000 characters.
const DESCRIPTION_BUDGET: usize = 2600;
const FIELD_BUDGET: usize = 560;

/// An answer: embeds, whether the chart goes with them, or plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryAnswer {
    pub embeds: Vec<EmbedSpec>,
    /// Set when the first embed shows the attached chart.
    pub chart: Option<Vec<u8>>,
}

/// `/summary`: the whole picture of a topic.
pub fn summary_answer(
    summary: &TopicSummary,
    abstractive: Option<&[CitedSentence]>,
    chart: Vec<u8>,
) -> SummaryAnswer {
    let title = format!("Summary: {} · {}", summary.topic, summary.window.label());
    let mut embed = new_embed(&title);
    let mut description = headline(summary);
    let mut add = |heading: &str, items: &[String], separator: &str| {
        let left = DESCRIPTION_BUDGET
            .saturating_sub(description.chars().count() + heading.chars().count() + 2);
        let body = join_limited(items, separator, left);
        if !body.is_empty() {
            description.push_str(&format!("\n\n{heading}{body}"));
        }
    };
    if let Some(sentences) = abstractive.filter(|s| !s.is_empty()) {
        let lines: Vec<String> = sentences
            .iter()
            .map(|sentence| cited_line(sentence, summary))
            .collect();
        add(
            "**In brief** (machine-written from the numbered posts; check them):\n",
            &lines,
            " ",
        );
    }
    let terms: Vec<String> = summary
        .key_terms
        .iter()
        .map(|t| format!("{} ({})", escape_within(&t.term, 40), t.topic_count))
        .collect();
    add("**Key terms:** ", &terms, ", ");
    let posts: Vec<String> = summary
        .representative
        .iter()
        .enumerate()
        .map(|(i, post)| {
            let who = post_link(
                post.source,
                &escape_within(&post.author.handle, 80),
                post.url.as_deref(),
            );
            let body = post.title.as_deref().unwrap_or(&post.text);
            format!(
                "**{}.** {who}: {}",
                i + 1,
                escape_within(&one_line(body), EXCERPT_CHARS)
            )
        })
        .collect();
    add("**Representative posts**\n", &posts, "\n");
    embed.description = limit(&description, MAX_DESCRIPTION);
    embed.push_list(
        "Leading voices",
        &voice_lines(&summary.voices, false),
        FIELD_BUDGET,
    );
    let sources: Vec<String> = summary
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
    embed.push_list("Cited sources", &sources, FIELD_BUDGET);
    let entities: Vec<String> = summary
        .entities
        .iter()
        .map(|(kind, name, n)| {
            let shown = crate::domain::entities::display::display_name(name);
            format!("{} ({}): {n}", escape_within(&shown, 80), kind.as_str())
        })
        .collect();
    embed.push_list("Co-mentioned drugs and diseases", &entities, FIELD_BUDGET);
    embed.push_list(
        volume_name(summary.window),
        &volume_lines(&summary.volume, summary.window),
        FIELD_BUDGET,
    );
    embed.footer = Some(CAUTION.to_owned());
    SummaryAnswer {
        embeds: vec![embed],
        chart: Some(chart),
    }
}

/// `/voices`: authors by engagement and by their place in the conversation graph.
pub fn voices_answer(summary: &TopicSummary) -> SummaryAnswer {
    let title = format!(
        "Leading voices: {} · {}",
        summary.topic,
        summary.window.label()
    );
    let mut embed = new_embed(&title);
    embed.description = limit(
        &format!(
            "{}\nRoles are shown only as each author states them in their own profile. \
             \"Central\" is PageRank over replies, quotes and mentions among these posts.",
            headline(summary)
        ),
        DESCRIPTION_BUDGET,
    );
    embed.push_list(
        "By engagement",
        &voice_lines(&summary.voices, false),
        FIELD_BUDGET,
    );
    embed.push_list(
        "Central in the conversation",
        &voice_lines(&summary.central_voices, true),
        FIELD_BUDGET,
    );
    SummaryAnswer {
        embeds: vec![embed],
        chart: None,
    }
}

/// `/trend`: the chart, its numbers, and the change on the window before.
pub fn trend_answer(summary: &TopicSummary, chart: Vec<u8>) -> SummaryAnswer {
    let title = format!("Trend: {} · {}", summary.topic, summary.window.label());
    let mut embed = new_embed(&title);
    // A trend reads no post in full, so there is nothing to say about the most engaged.
    embed.description = limit(&counts(summary), DESCRIPTION_BUDGET);
    embed.push_list(
        volume_name(summary.window),
        &volume_lines(&summary.volume, summary.window),
        FIELD_BUDGET,
    );
    SummaryAnswer {
        embeds: vec![embed],
        chart: Some(chart),
    }
}

/// A topic with no posts: says so, and offers near topics.
pub fn nothing_found(topic: &str, window: SummaryWindow, suggestions: &[String]) -> String {
    let mut text = format!(
        "No posts about **{}** in the last {} among this server's tracked hashtags.",
        escape_within(topic, 100),
        span(window)
    );
    if suggestions.is_empty() {
        text.push_str(" Track a hashtag with `/track add` to start collecting posts.");
    } else {
        let names: Vec<String> = suggestions.iter().map(|s| escape_within(s, 80)).collect();
        text.push_str(&format!(" Try: {}.", names.join(", ")));
    }
    text
}

/// The answer as serenity's reply: embeds, the chart attached and shown, nothing that can ping.
pub fn to_reply(answer: &SummaryAnswer) -> poise::CreateReply {
    let mut reply =
        poise::CreateReply::default().allowed_mentions(serenity::CreateAllowedMentions::new());
    for (i, spec) in answer.embeds.iter().enumerate() {
        let mut embed = super::digest::to_create_embed(spec, spec.footer.clone());
        if i == 0 && answer.chart.is_some() {
            embed = embed.image(format!("attachment://{CHART_FILE}"));
        }
        reply = reply.embed(embed);
    }
    if let Some(png) = &answer.chart {
        reply = reply.attachment(serenity::CreateAttachment::bytes(png.clone(), CHART_FILE));
    }
    reply
}

/// The counts, and when only the most engaged posts were read in full, a note saying so.
fn headline(summary: &TopicSummary) -> String {
    let mut line = counts(summary);
    if summary.detailed < summary.posts {
        line.push_str(&format!(
            " Terms, posts, voices and sources below are from the {} most engaged.",
            summary.detailed
        ));
    }
    line
}

/// How many posts and people, against the window before.
fn counts(summary: &TopicSummary) -> String {
    let change = match percent_change(summary.posts, summary.previous_posts) {
        Some(p) if p.round() == 0.0 => format!("same as the {} before", summary.previous_posts),
        Some(p) if p > 0.0 => format!("up {:.0}% from {}", p, summary.previous_posts),
        Some(p) => format!("down {:.0}% from {}", -p, summary.previous_posts),
        None if summary.posts > 0 => "none the window before".to_owned(),
        None => "none before either".to_owned(),
    };
    format!(
        "**{}** post{} from **{}** {} in the last {} ({change}).",
        summary.posts,
        plural(summary.posts),
        summary.authors,
        if summary.authors == 1 {
            "person"
        } else {
            "people"
        },
        span(summary.window),
    )
}

/// A machine-written sentence with its citations turned into links to the posts cited.
fn cited_line(sentence: &CitedSentence, summary: &TopicSummary) -> String {
    let mut text = String::new();
    let mut depth = 0;
    for c in sentence.text.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = (depth - 1).max(0),
            _ if depth == 0 => text.push(c),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = text.trim_end_matches(['.', '!', '?', ' ']).to_owned();
    let cites: Vec<String> = sentence
        .cites
        .iter()
        .map(|&n| {
            let url = summary
                .representative
                .get(n - 1)
                .and_then(|p| p.url.as_deref());
            link(&n.to_string(), url)
        })
        .collect();
    format!("{} ({}).", escape_within(&text, 300), cites.join(", "))
}

fn voice_lines(voices: &[RankedVoice], by_pagerank: bool) -> Vec<String> {
    voices
        .iter()
        .map(|v| {
            let name = v.author.display_name.as_deref().unwrap_or(&v.author.handle);
            let roles = if v.roles.is_empty() {
                String::new()
            } else {
                format!(" ({})", escape_within(&v.roles.join(", "), 80))
            };
            let measure = if by_pagerank {
                format!("PageRank {:.3}", v.pagerank)
            } else {
                format!("engagement {:.1}", v.engagement)
            };
            format!(
                "{}{roles} · {} post{} · {measure}",
                link(&escape_within(name, 60), v.author.url.as_deref()),
                v.posts,
                plural(v.posts)
            )
        })
        .collect()
}

fn volume_name(window: SummaryWindow) -> &'static str {
    match window {
        SummaryWindow::Day => "Posts per hour (UTC)",
        _ => "Posts per day (UTC)",
    }
}

fn volume_lines(volume: &[VolumeBin], window: SummaryWindow) -> Vec<String> {
    let format = if window == SummaryWindow::Day {
        "%H:%M"
    } else {
        "%-d %b"
    };
    let line: Vec<String> = volume
        .iter()
        .map(|bin| format!("{} {}", bin.start.format(format), bin.posts))
        .collect();
    vec![line.join(" · ")]
}

fn span(window: SummaryWindow) -> String {
    match window.days() {
        1 => "24 hours".to_owned(),
        days => format!("{days} days"),
    }
}

fn new_embed(title: &str) -> EmbedSpec {
    // Titles are shown as plain text by Discord, but escape anyway: the topic is user text.
    EmbedSpec::new(&escape_within(title, MAX_TITLE), "")
}

#[cfg(test)]
mod tests;
