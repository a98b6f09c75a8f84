//! Which posts lead the digest: engagement normalised per source (a like on a small Mastodon instance
//! is worth more than one on X), decayed by age, with posts sharing a link collapsed into one and at
//! most two posts per author.

use super::DigestPost;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// At most this many of the top posts come from one author.
pub const MAX_PER_AUTHOR: usize = 2;
/// A post's weight halves every this many hours.
const HALF_LIFE_HOURS: f64 = 24.0;

#[derive(Debug, Clone, PartialEq)]
pub struct RankedPost {
    pub post: DigestPost,
    pub score: f64,
    /// Other posts in the window that shared one of its links (collapsed into it).
    pub also_shared_by: usize,
}

/// Raw engagement: reposts and quotes spread a post further than a like.
fn engagement(post: &DigestPost) -> f64 {
    let e = post.engagement;
    e.likes as f64 + 2.0 * e.reposts as f64 + 1.5 * e.replies as f64 + 2.0 * e.quotes as f64
}

/// Each post's score: engagement divided by its source's mean in the window, plus one so unengaged
/// posts still rank by recency, times the recency decay.
pub fn scores(posts: &[&DigestPost], end: DateTime<Utc>) -> HashMap<i64, f64> {
    let mut totals: HashMap<_, (f64, usize)> = HashMap::new();
    for post in posts {
        let entry = totals.entry(post.source).or_default();
        entry.0 += engagement(post);
        entry.1 += 1;
    }
    posts
        .iter()
        .map(|post| {
            let (total, count) = totals[&post.source];
            let mean = total / count as f64;
            let normalised = engagement(post) / (mean + 1.0);
            let age_hours = (end - post.created_at).num_seconds().max(0) as f64 / 3600.0;
            let recency = 0.5f64.powf(age_hours / HALF_LIFE_HOURS);
            (post.post_id, (1.0 + normalised) * recency)
        })
        .collect()
}

/// The best `n` posts: one per group of posts sharing a link, at most `MAX_PER_AUTHOR` per author.
pub fn top_posts(posts: &[&DigestPost], scores: &HashMap<i64, f64>, n: usize) -> Vec<RankedPost> {
    let groups = link_groups(posts);
    let mut order: Vec<usize> = (0..posts.len()).collect();
    let score = |i: usize| scores.get(&posts[i].post_id).copied().unwrap_or(0.0);
    order.sort_by(|&a, &b| {
        score(b)
            .total_cmp(&score(a))
            .then_with(|| posts[a].post_id.cmp(&posts[b].post_id))
    });

    let mut group_size: HashMap<usize, usize> = HashMap::new();
    for &group in &groups {
        *group_size.entry(group).or_default() += 1;
    }
    let mut used_groups = std::collections::HashSet::new();
    let mut per_author: HashMap<i64, usize> = HashMap::new();
    let mut ranked = Vec::new();
    for i in order {
        if ranked.len() == n {
            break;
        }
        let author = posts[i].author.author_id;
        if per_author.get(&author).copied().unwrap_or(0) >= MAX_PER_AUTHOR
            || !used_groups.insert(groups[i])
        {
            continue;
        }
        *per_author.entry(author).or_default() += 1;
        ranked.push(RankedPost {
            post: posts[i].clone(),
            score: score(i),
            also_shared_by: group_size[&groups[i]] - 1,
        });
    }
    ranked
}

/// For each post, the id of its group: posts connected by any shared link are one group.
fn link_groups(posts: &[&DigestPost]) -> Vec<usize> {
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut parent: Vec<usize> = (0..posts.len()).collect();
    let mut first_with_link: HashMap<&str, usize> = HashMap::new();
    for (i, post) in posts.iter().enumerate() {
        for link in &post.links {
            match first_with_link.get(link.url.as_str()) {
                Some(&j) => {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    parent[a] = b;
                }
                None => {
                    first_with_link.insert(link.url.as_str(), i);
                }
            }
        }
    }
    (0..posts.len()).map(|i| root(&mut parent, i)).collect()
}
