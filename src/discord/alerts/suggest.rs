//! Autocompletion of `/alerts setup … topics`: the guild's tracked hashtags and the drugs and
//! diseases its posts named lately, by the names people read ("Chronic kidney disease"), completing
//! the last item of the comma-separated list being typed.

use super::super::{guild_of, is_moderator, Context};
use crate::domain::entities::display::display_name;
use crate::domain::GuildId;
use crate::store::Store;
use chrono::{DateTime, Duration, Utc};
use poise::serenity_prelude as serenity;

/// Discord shows at most 25 choices, each at most 100 characters long.
const MAX_CHOICES: usize = 25;
const MAX_CHOICE_CHARS: usize = 100;
/// How far back the drugs and diseases offered were named, and how many are looked at.
const KNOWN_DAYS: i64 = 30;
const KNOWN_LIMIT: i64 = 200;

/// Completions for what has been typed; nothing for members who are not moderators, since
/// autocomplete runs before (and apart from) the command's permission check.
pub(super) async fn suggest_topics(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let names = match guild_of(ctx) {
        Ok(guild) if is_moderator(ctx) => topic_names(&ctx.data().store, guild, Utc::now())
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "failed to list alert topics for autocomplete");
                Vec::new()
            }),
        _ => Vec::new(),
    };
    let choices = topic_choices(partial, &names)
        .into_iter()
        .map(|text| serenity::AutocompleteChoice::new(text.clone(), text))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// `#Hashtag` for each tracked hashtag, then the display names of the drugs and diseases named in
/// the guild's posts of the last [`KNOWN_DAYS`], most named first.
async fn topic_names(
    store: &Store,
    guild: GuildId,
    now: DateTime<Utc>,
) -> Result<Vec<String>, crate::store::StoreError> {
    let mut names: Vec<String> = store
        .tracked_hashtags(guild)
        .await?
        .into_iter()
        .map(|t| format!("#{}", t.tag.display()))
        .collect();
    let known = store
        .known_entities(guild, now - Duration::days(KNOWN_DAYS), now, KNOWN_LIMIT)
        .await?;
    for canonical in known {
        let shown = display_name(&canonical).into_owned();
        if !names.iter().any(|n| n.eq_ignore_ascii_case(&shown)) {
            names.push(shown);
        }
    }
    Ok(names)
}

/// Completions of a topic list: what is typed up to its last comma, then each name containing the
/// last item (names starting with it first) that is not in the list yet.
pub(super) fn topic_choices(partial: &str, names: &[String]) -> Vec<String> {
    let (done, last) = match partial.rfind(',') {
        Some(i) => (format!("{}, ", partial[..i].trim_end()), &partial[i + 1..]),
        None => (String::new(), partial),
    };
    let needle = last.trim().trim_start_matches('#').to_lowercase();
    let chosen: Vec<String> = done
        .split(',')
        .map(|item| item.trim().to_lowercase())
        .filter(|item| !item.is_empty())
        .collect();
    let mut matching: Vec<(bool, &String)> = names
        .iter()
        .filter(|name| !chosen.contains(&name.to_lowercase()))
        .filter_map(|name| {
            let plain = name.trim_start_matches('#').to_lowercase();
            plain
                .contains(&needle)
                .then(|| (!plain.starts_with(&needle), name))
        })
        .collect();
    // Stable: within prefix and other matches, the order given (hashtags, then most named).
    matching.sort_by_key(|(later, _)| *later);
    matching
        .into_iter()
        .map(|(_, name)| format!("{done}{name}"))
        .filter(|text| text.chars().count() <= MAX_CHOICE_CHARS)
        .take(MAX_CHOICES)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        [
            "#Cardiology",
            "#MedEd",
            "Chronic kidney disease",
            "Semaglutide",
            "Heart failure",
        ]
        .map(String::from)
        .to_vec()
    }

    #[test]
    fn the_last_topic_of_a_list_is_completed_and_chosen_ones_are_not_offered_again() {
        assert_eq!(topic_choices("", &names()), names());
        assert_eq!(
            topic_choices("card", &names()),
            ["#Cardiology"],
            "a hashtag is found without its #"
        );
        assert_eq!(
            topic_choices("#Cardiology, kid", &names()),
            ["#Cardiology, Chronic kidney disease"]
        );
        assert_eq!(
            topic_choices("#cardiology,", &names()),
            [
                "#cardiology, #MedEd",
                "#cardiology, Chronic kidney disease",
                "#cardiology, Semaglutide",
                "#cardiology, Heart failure"
            ]
        );
        // Names starting with the typed text come before names containing it.
        assert_eq!(
            topic_choices("se", &names()),
            ["Semaglutide", "Chronic kidney disease"]
        );
    }

    #[test]
    fn a_display_name_chosen_follows_the_lexicons_canonical_name() {
        use crate::domain::surge::topics::TopicFilter;
        use crate::domain::surge::{Topic, TopicKind};
        let filter = TopicFilter::parse("Chronic kidney disease").unwrap();
        let ckd = |name: &str| Topic {
            kind: TopicKind::Disease,
            name: name.to_owned(),
        };
        assert!(filter.follows(&ckd("Renal Insufficiency, Chronic")));
        assert!(!filter.follows(&ckd("Kidney Failure, Chronic")));
    }

    #[test]
    fn at_most_25_choices_of_at_most_100_characters() {
        let many: Vec<String> = (0..40).map(|i| format!("Topic {i}")).collect();
        assert_eq!(topic_choices("topic", &many).len(), 25);
        let long = format!("{}, ", "x".repeat(95));
        assert!(topic_choices(&long, &names()).is_empty());
    }
}
