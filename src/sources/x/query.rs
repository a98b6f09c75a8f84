//! The search queries for a set of tags: `(#a OR #b …) -is:retweet`, as few as fit X's limit.

use crate::domain::Hashtag;

/// X's documented limit on a recent-search query for most access levels.
pub const MAX_QUERY_CHARS: usize = 512;
/// Reposts repeat a post without adding to it, and each one read is billed.
const QUERY_SUFFIX: &str = " -is:retweet";

/// The search queries covering `tags`: as few as fit in `MAX_QUERY_CHARS` each.
pub fn build_queries(tags: &[Hashtag]) -> Vec<String> {
    let mut keys: Vec<&str> = tags.iter().map(Hashtag::key).collect();
    keys.sort_unstable();
    keys.dedup();
    let render = |group: &[&str]| match group {
        [one] => format!("#{one}{QUERY_SUFFIX}"),
        many => format!(
            "({}){QUERY_SUFFIX}",
            many.iter()
                .map(|k| format!("#{k}"))
                .collect::<Vec<_>>()
                .join(" OR ")
        ),
    };
    let mut queries = Vec::new();
    let mut group: Vec<&str> = Vec::new();
    for key in keys {
        group.push(key);
        if group.len() > 1 && render(&group).chars().count() > MAX_QUERY_CHARS {
            group.pop();
            queries.push(render(&group));
            group = vec![key];
        }
    }
    if !group.is_empty() {
        queries.push(render(&group));
    }
    queries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_share_one_query_until_it_would_be_too_long() {
        let tags: Vec<Hashtag> = ["MedEd", "CardioTwitter", "meded"]
            .iter()
            .map(|t| Hashtag::parse(t).unwrap())
            .collect();
        assert_eq!(
            build_queries(&tags),
            ["(#cardiotwitter OR #meded) -is:retweet"]
        );
        assert_eq!(build_queries(&tags[..1]), ["#meded -is:retweet"]);
        let many: Vec<Hashtag> = (0..80)
            .map(|i| Hashtag::parse(&format!("specialtytag{i:02}")).unwrap())
            .collect();
        let queries = build_queries(&many);
        assert!(queries.len() > 1);
        assert!(queries.iter().all(|q| q.chars().count() <= MAX_QUERY_CHARS));
        let terms: Vec<&str> = queries
            .iter()
            .flat_map(|q| q.split([' ', '(', ')']))
            .filter(|t| t.starts_with('#'))
            .collect();
        assert_eq!(terms.len(), many.len());
        assert!(many
            .iter()
            .all(|t| terms.contains(&format!("#{}", t.key()).as_str())));
    }
}
