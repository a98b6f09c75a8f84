//! Words for `/voices exclude:` and `/voices include:`.

use super::escape_markdown;

fn listed(entries: &[String]) -> String {
    if entries.is_empty() {
        return "No author is excluded by this server's moderators.".to_owned();
    }
    let shown: Vec<String> = entries
        .iter()
        .take(50)
        .map(|e| format!("`{}`", e.replace('`', "")))
        .collect();
    let more = entries.len().saturating_sub(shown.len());
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("Excluded here: {}{tail}.", shown.join(", "))
}

pub fn author_excluded(entry: &str, added: bool, entries: &[String]) -> String {
    let what = if added {
        "is now left out of this server's voices, digests and summaries"
    } else {
        "was already left out here"
    };
    format!(
        "**{}** {what}.\n{}",
        escape_markdown(entry),
        listed(entries)
    )
}

pub fn author_included(entry: &str, removed: bool, entries: &[String]) -> String {
    let what = if removed {
        "is shown again in this server's voices, digests and summaries (unless the operator's list excludes them)"
    } else {
        "was not on this server's list"
    };
    format!(
        "**{}** {what}.\n{}",
        escape_markdown(entry),
        listed(entries)
    )
}

pub fn exclude_or_include() -> String {
    "Give `exclude` or `include`, not both.".to_owned()
}
