//! The options `/digest setup` and `/digest edit` share, parsed once into domain values, and their
//! autocompletion. A value that does not parse is named with the reason, and nothing is changed.

use super::super::Context;
use crate::domain::digest::channel::{select_hashtags, DigestTopic};
use crate::domain::entities::Tagger;
use crate::domain::{DigestTime, DigestWindow, Hashtag, TimeZone, Weekdays};
use crate::store::digest_channels::DigestSettings;
use poise::serenity_prelude as serenity;

/// The options as typed; `None` where left out.
#[derive(Debug, Default)]
pub(super) struct TypedOptions {
    pub time: Option<String>,
    pub timezone: Option<String>,
    pub weekdays: Option<String>,
    pub window: Option<String>,
    pub hashtags: Option<String>,
    pub topics: Option<String>,
}

/// An option that could not be used: which one, and why.
pub(super) struct Refusal {
    pub option: &'static str,
    pub reason: String,
}

fn refuse(option: &'static str, reason: &impl ToString) -> Refusal {
    Refusal {
        option,
        reason: reason.to_string(),
    }
}

impl TypedOptions {
    /// Applies the options given to `settings`; `tracked` are the guild's hashtags, among which
    /// `hashtags` must choose.
    pub fn apply(&self, settings: &mut DigestSettings, tracked: &[Hashtag]) -> Result<(), Refusal> {
        if let Some(time) = &self.time {
            settings.time = DigestTime::parse(time).map_err(|e| refuse("time", &e))?;
        }
        if let Some(zone) = &self.timezone {
            settings.timezone = TimeZone::parse(zone).map_err(|e| refuse("time zone", &e))?;
        }
        if let Some(days) = &self.weekdays {
            settings.weekdays =
                Weekdays::parse(days).map_err(|e| refuse("choice of weekdays", &e))?;
        }
        if let Some(window) = &self.window {
            settings.window = DigestWindow::parse(window).map_err(|e| refuse("window", &e))?;
        }
        if let Some(tags) = &self.hashtags {
            settings.filter.hashtags =
                select_hashtags(tags, tracked).map_err(|e| refuse("hashtag list", &e))?;
        }
        if let Some(topics) = &self.topics {
            settings.filter.topics = DigestTopic::parse_list(topics, Tagger::bundled())
                .map_err(|e| refuse("topic list", &e))?;
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        [
            &self.time,
            &self.timezone,
            &self.weekdays,
            &self.window,
            &self.hashtags,
            &self.topics,
        ]
        .iter()
        .all(|o| o.is_none())
    }
}

/// IANA zone names containing what has been typed.
pub(super) async fn suggest_time_zones(
    _ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let needle = partial.trim().to_lowercase();
    let choices = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name())
        .filter(|name| name.to_lowercase().contains(&needle))
        .take(25)
        .map(|name| serenity::AutocompleteChoice::new(name, name))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// The guild's tracked hashtags, completing the last one of a list being typed
/// (`#CardioTwitter #Ne` → `#CardioTwitter #NephJC`), and `all`.
pub(super) async fn suggest_hashtags(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let tracked = match ctx.guild_id() {
        Some(guild) => match crate::domain::GuildId::new(guild.get()) {
            Ok(guild) => ctx
                .data()
                .store
                .tracked_hashtags(guild)
                .await
                .unwrap_or_default(),
            Err(_) => Vec::new(),
        },
        None => Vec::new(),
    };
    let tags: Vec<Hashtag> = tracked.into_iter().map(|t| t.tag).collect();
    let choices = hashtag_choices(partial, &tags)
        .into_iter()
        .map(|text| serenity::AutocompleteChoice::new(text.clone(), text))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// Completions of a hashtag list: what is typed before the last item, then each tracked hashtag
/// that starts with the last item and is not chosen yet. At most 25, each within 100 characters.
pub(super) fn hashtag_choices(partial: &str, tracked: &[Hashtag]) -> Vec<String> {
    let (done, last) = match partial.rfind([',', ' ']) {
        Some(i) => (&partial[..=i], &partial[i + 1..]),
        None => ("", partial),
    };
    let last = last.trim_start_matches('#').to_lowercase();
    let chosen: Vec<String> = done
        .split([',', ' '])
        .filter_map(|t| Hashtag::parse(t).ok())
        .map(|t| t.key().to_owned())
        .collect();
    let mut choices: Vec<String> = Vec::new();
    if done.trim().is_empty() && "all".starts_with(&last) {
        choices.push("all".to_owned());
    }
    choices.extend(
        tracked
            .iter()
            .filter(|t| t.key().starts_with(&last) && !chosen.iter().any(|c| c == t.key()))
            .map(|t| format!("{done}{t}"))
            .filter(|text| text.chars().count() <= 100),
    );
    choices.truncate(25);
    choices
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_hashtag_of_a_list_is_completed_and_chosen_ones_are_not_offered_again() {
        let tracked: Vec<Hashtag> = ["CardioTwitter", "NephJC", "MedEd"]
            .iter()
            .map(|t| Hashtag::parse(t).unwrap())
            .collect();
        assert_eq!(
            hashtag_choices("", &tracked),
            ["all", "#CardioTwitter", "#NephJC", "#MedEd"]
        );
        assert_eq!(
            hashtag_choices("#CardioTwitter #ne", &tracked),
            ["#CardioTwitter #NephJC"]
        );
        assert_eq!(
            hashtag_choices("#CardioTwitter, ", &tracked),
            ["#CardioTwitter, #NephJC", "#CardioTwitter, #MedEd"]
        );
    }
}
