//! Credibility tiers of linked domains (`config/source-tiers.toml`): peer-reviewed journal, preprint
//! server, guideline body or agency, news, other.

use serde::Deserialize;
use std::fmt;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tier {
    PeerReviewed,
    Preprint,
    GuidelineOrAgency,
    News,
    Other,
}

impl Tier {
    pub fn label(self) -> &'static str {
        match self {
            Self::PeerReviewed => "peer-reviewed journal",
            Self::Preprint => "preprint (not peer reviewed)",
            Self::GuidelineOrAgency => "guideline body or agency",
            Self::News => "news",
            Self::Other => "other",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceTiers {
    peer_reviewed: Vec<String>,
    preprint: Vec<String>,
    guideline_or_agency: Vec<String>,
    news: Vec<String>,
}

const BUNDLED: &str = include_str!("../../../config/source-tiers.toml");

static TIERS: LazyLock<SourceTiers> =
    LazyLock::new(|| toml::from_str(BUNDLED).expect("config/source-tiers.toml is valid"));

impl SourceTiers {
    /// The table compiled in from `config/source-tiers.toml`.
    pub fn bundled() -> &'static SourceTiers {
        &TIERS
    }

    /// The tier of a link, from its domain (and, for doi.org links, from what the DOI names:
    /// `papers::tier`).
    pub fn tier_of(&self, domain: &str, url: &str) -> Tier {
        if domain == "doi.org" || domain == "dx.doi.org" {
            return crate::domain::papers::tier::doi_of_link(url).map_or(Tier::Other, |doi| {
                crate::domain::papers::tier::doi_tier(doi, None)
            });
        }
        let lists = [
            (&self.peer_reviewed, Tier::PeerReviewed),
            (&self.preprint, Tier::Preprint),
            (&self.guideline_or_agency, Tier::GuidelineOrAgency),
            (&self.news, Tier::News),
        ];
        for (list, tier) in lists {
            if list.iter().any(|d| covers(d, domain)) {
                return tier;
            }
        }
        Tier::Other
    }
}

/// Whether `listed` is `domain` or one of its parent domains.
fn covers(listed: &str, domain: &str) -> bool {
    domain == listed
        || domain
            .strip_suffix(listed)
            .is_some_and(|rest| rest.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_and_their_subdomains_get_their_tier() {
        let tiers = SourceTiers::bundled();
        assert_eq!(
            tiers.tier_of("nejm.org", "https://www.nejm.org/x"),
            Tier::PeerReviewed
        );
        assert_eq!(
            tiers.tier_of("evidence.nejm.org", "https://evidence.nejm.org/x"),
            Tier::PeerReviewed
        );
        assert_eq!(
            tiers.tier_of("medrxiv.org", "https://www.medrxiv.org/x"),
            Tier::Preprint
        );
        assert_eq!(
            tiers.tier_of("cdc.gov", "https://www.cdc.gov/x"),
            Tier::GuidelineOrAgency
        );
        assert_eq!(
            tiers.tier_of("statnews.com", "https://statnews.com/x"),
            Tier::News
        );
        assert_eq!(
            tiers.tier_of("notnejm.org", "https://notnejm.org/x"),
            Tier::Other
        );
        assert_eq!(
            tiers.tier_of("doi.org", "https://doi.org/10.1101/2024.01.01.1"),
            Tier::Preprint
        );
        assert_eq!(
            tiers.tier_of("doi.org", "https://doi.org/10.1056/nejmoa1"),
            Tier::PeerReviewed
        );
        assert_eq!(
            tiers.tier_of("doi.org", "https://doi.org/10.21203/rs.3.rs-1/v1"),
            Tier::Preprint
        );
        assert_eq!(
            tiers.tier_of("doi.org", "https://doi.org/10.9999/unknown"),
            Tier::Other
        );
    }
}
