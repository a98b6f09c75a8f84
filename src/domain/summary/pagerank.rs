//! Who the conversation turns to: PageRank over the author graph, where a reply, quote or mention is
//! a vote for the author replied to, quoted or mentioned.

use std::collections::{BTreeSet, HashMap};

/// The usual damping: a reader follows a link 85% of the time and jumps anywhere otherwise.
pub const DAMPING: f64 = 0.85;
/// Iteration stops once no score moves by more than this in total.
const TOLERANCE: f64 = 1e-10;
const MAX_ITERATIONS: usize = 500;

/// PageRank of each node of a directed graph given as `(from, to)` edges (repeated edges weigh more;
/// self-edges are ignored). Nodes without out-edges spread their rank evenly, so scores sum to 1.
pub fn pagerank(nodes: &[i64], edges: &[(i64, i64)]) -> HashMap<i64, f64> {
    let nodes: Vec<i64> = nodes
        .iter()
        .copied()
        .chain(edges.iter().flat_map(|&(a, b)| [a, b]))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let n = nodes.len();
    if n == 0 {
        return HashMap::new();
    }
    let index: HashMap<i64, usize> = nodes.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let mut out_weight = vec![0.0; n];
    let mut incoming: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut weights: HashMap<(usize, usize), f64> = HashMap::new();
    for &(from, to) in edges {
        if from != to {
            *weights.entry((index[&from], index[&to])).or_default() += 1.0;
        }
    }
    for (&(from, to), &w) in &weights {
        out_weight[from] += w;
        incoming[to].push((from, w));
    }
    let mut rank = vec![1.0 / n as f64; n];
    for _ in 0..MAX_ITERATIONS {
        let dangling: f64 = (0..n)
            .filter(|&i| out_weight[i] == 0.0)
            .map(|i| rank[i])
            .sum();
        let base = (1.0 - DAMPING) / n as f64 + DAMPING * dangling / n as f64;
        let next: Vec<f64> = (0..n)
            .map(|i| {
                base + DAMPING
                    * incoming[i]
                        .iter()
                        .map(|&(from, w)| rank[from] * w / out_weight[from])
                        .sum::<f64>()
            })
            .collect();
        let moved: f64 = next.iter().zip(&rank).map(|(a, b)| (a - b).abs()).sum();
        rank = next;
        if moved < TOLERANCE {
            break;
        }
    }
    nodes.into_iter().zip(rank).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_author_everyone_replies_to_leads() {
        // 2, 3 and 4 reply to 1; 1 replies to 2.
        let ranks = pagerank(&[1, 2, 3, 4], &[(2, 1), (3, 1), (4, 1), (1, 2)]);
        let order = {
            let mut ids: Vec<i64> = ranks.keys().copied().collect();
            ids.sort_by(|a, b| ranks[b].total_cmp(&ranks[a]));
            ids
        };
        assert_eq!(order[..2], [1, 2]);
        assert!((ranks.values().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!((ranks[&3] - ranks[&4]).abs() < 1e-12);
    }

    #[test]
    fn a_two_node_cycle_and_a_dangling_node_match_the_closed_form() {
        // 1 ⇄ 2 with 3 isolated: by symmetry 1 and 2 are equal; 3 gets only the teleport and
        // dangling share: r3 = (1-d)/3 + d·r3/3, so r3 = (1-d)/(3-d).
        let ranks = pagerank(&[1, 2, 3], &[(1, 2), (2, 1), (1, 1)]);
        let r3 = (1.0 - DAMPING) / (3.0 - DAMPING);
        assert!((ranks[&3] - r3).abs() < 1e-9, "{ranks:?}");
        assert!((ranks[&1] - ranks[&2]).abs() < 1e-9);
        assert!((ranks[&1] - (1.0 - r3) / 2.0).abs() < 1e-9);
    }

    #[test]
    fn no_nodes_no_ranks() {
        assert!(pagerank(&[], &[]).is_empty());
    }
}
