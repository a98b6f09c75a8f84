//! What kind of study a paper reports, read from its metadata, and the critical-appraisal prompts
//! that fit it: PICO for every paper, then the reporting checklist of its design (CONSORT for
//! trials, STROBE for observational studies, PRISMA for systematic reviews and meta-analyses). The
//! prompts are our own short questions in the spirit of each checklist, not the checklists' text.

/// The study designs the bot has prompts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StudyType {
    Trial,
    Observational,
    SystematicReview,
    Other,
}

/// A heading and its questions, in the order a journal club would work through them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptSection {
    pub title: &'static str,
    pub prompts: &'static [&'static str],
}

/// PubMed publication types (`pubtype[]`) that name each design.
const REVIEW_PUBTYPES: [&str; 3] = [
    "systematic review",
    "meta-analysis",
    "network meta-analysis",
];
const TRIAL_PUBTYPES: [&str; 10] = [
    "randomized controlled trial",
    "controlled clinical trial",
    "clinical trial",
    "clinical trial, phase i",
    "clinical trial, phase ii",
    "clinical trial, phase iii",
    "clinical trial, phase iv",
    "pragmatic clinical trial",
    "equivalence trial",
    "adaptive clinical trial",
];
const OBSERVATIONAL_PUBTYPES: [&str; 2] = ["observational study", "twin study"];

/// Title phrases, lower-cased, with hyphens read as spaces.
const REVIEW_WORDS: [&str; 5] = [
    "systematic review",
    "meta analysis",
    "metaanalysis",
    "meta analyses",
    "umbrella review",
];
const TRIAL_WORDS: [&str; 4] = ["randomized", "randomised", "trial", "trials"];
const OBSERVATIONAL_WORDS: [&str; 9] = [
    "cohort",
    "case control",
    "cross sectional",
    "observational",
    "registry",
    "population based",
    "retrospective",
    "nationwide",
    "target trial emulation",
];

/// Crossref `type`s that are not reports of a study, so no checklist applies whatever the title says.
const NOT_A_STUDY: [&str; 8] = [
    "peer-review",
    "dataset",
    "component",
    "grant",
    "book",
    "standard",
    "database",
    "journal-issue",
];

/// Reads the design from PubMed's publication types first (indexers assign them), then from the
/// title's words; Crossref's `type` only rules a checklist out.
pub fn study_type(publication_types: &[String], title: &str, work_type: Option<&str>) -> StudyType {
    if work_type.is_some_and(|t| NOT_A_STUDY.contains(&t)) {
        return StudyType::Other;
    }
    let has = |list: &[&str]| {
        publication_types
            .iter()
            .any(|t| list.contains(&t.trim().to_lowercase().as_str()))
    };
    if has(&REVIEW_PUBTYPES) {
        return StudyType::SystematicReview;
    }
    if has(&TRIAL_PUBTYPES) {
        return StudyType::Trial;
    }
    if has(&OBSERVATIONAL_PUBTYPES) {
        return StudyType::Observational;
    }
    let words = title_words(title);
    let says = |phrases: &[&str]| phrases.iter().any(|p| words.contains(&format!(" {p} ")));
    if says(&REVIEW_WORDS) {
        StudyType::SystematicReview
    } else if says(&OBSERVATIONAL_WORDS) {
        // Checked before trials: "target trial emulation" and "trial-eligible cohort" are cohorts.
        StudyType::Observational
    } else if says(&TRIAL_WORDS) {
        StudyType::Trial
    } else {
        StudyType::Other
    }
}

/// " early rhythm control in atrial fibrillation ": lower case, punctuation and hyphens as
/// spaces, padded so phrases match on word boundaries.
fn title_words(title: &str) -> String {
    let spaced: String = title
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    format!(
        " {} ",
        spaced.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

impl StudyType {
    pub fn label(self) -> &'static str {
        match self {
            StudyType::Trial => "Clinical trial",
            StudyType::Observational => "Observational study",
            StudyType::SystematicReview => "Systematic review / meta-analysis",
            StudyType::Other => "Other or not recognised",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StudyType::Trial => "trial",
            StudyType::Observational => "observational",
            StudyType::SystematicReview => "systematic_review",
            StudyType::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<StudyType> {
        [
            StudyType::Trial,
            StudyType::Observational,
            StudyType::SystematicReview,
            StudyType::Other,
        ]
        .into_iter()
        .find(|t| t.as_str() == text)
    }
}

const PICO: PromptSection = PromptSection {
    title: "PICO",
    prompts: &[
        "Population: who was studied, and do they look like the patients you see?",
        "Intervention or exposure: what exactly was given or observed, and how much?",
        "Comparison: against what, and is that comparator fair and current?",
        "Outcomes: which ones matter to patients, and was the primary outcome set in advance?",
    ],
};

const CONSORT: PromptSection = PromptSection {
    title: "Trial appraisal (CONSORT)",
    prompts: &[
        "Randomisation: how was the sequence generated, and was allocation concealed?",
        "Blinding: who knew the allocation (participants, clinicians, assessors)?",
        "Flow: how many were lost or crossed over, and was the analysis intention-to-treat?",
        "Registration: do the reported outcomes match the registered protocol?",
        "Effect size: absolute risk difference, NNT and confidence intervals, not only p-values?",
        "Harms: were adverse events collected systematically and reported in full?",
    ],
};

const STROBE: PromptSection = PromptSection {
    title: "Observational appraisal (STROBE)",
    prompts: &[
        "Design and setting: cohort, case-control or cross-sectional; where, when, from what source?",
        "Selection: how were participants chosen, and could that choice create bias?",
        "Confounding: which confounders were measured and adjusted for, and what was left out?",
        "Measurement: how were exposure and outcome defined and ascertained?",
        "Missing data and follow-up: how much, and how was it handled?",
        "Causality: does the paper claim more than an association can support?",
    ],
};

const PRISMA: PromptSection = PromptSection {
    title: "Review appraisal (PRISMA)",
    prompts: &[
        "Protocol: was the review registered in advance (e.g. PROSPERO)?",
        "Search: were enough databases, grey literature and languages searched, and when?",
        "Eligibility and screening: clear criteria, applied in duplicate?",
        "Risk of bias: how was each included study assessed, and did it shape the synthesis?",
        "Synthesis: was pooling sensible given the heterogeneity; any sign of publication bias?",
        "Certainty: how confident can we be in the pooled estimate (e.g. GRADE)?",
    ],
};

/// PICO always, then the checklist of the design when there is one.
pub fn prompts_for(study: StudyType) -> Vec<PromptSection> {
    let mut sections = vec![PICO];
    match study {
        StudyType::Trial => sections.push(CONSORT),
        StudyType::Observational => sections.push(STROBE),
        StudyType::SystematicReview => sections.push(PRISMA),
        StudyType::Other => {}
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn pubmed_publication_types_decide_first() {
        let trial = types(&["Journal Article", "Randomized Controlled Trial"]);
        assert_eq!(study_type(&trial, "Anything", None), StudyType::Trial);
        let review = types(&["Meta-Analysis", "Systematic Review", "Journal Article"]);
        assert_eq!(
            study_type(&review, "Statins in trials", None),
            StudyType::SystematicReview
        );
        let cohort = types(&["Observational Study"]);
        assert_eq!(
            study_type(&cohort, "x", Some("journal-article")),
            StudyType::Observational
        );
    }

    #[test]
    fn title_words_decide_when_pubmed_is_silent() {
        let none = Vec::new();
        let check = |title: &str| study_type(&none, title, Some("journal-article"));
        assert_eq!(
            check("Early Rhythm Control: a Randomized Trial"),
            StudyType::Trial
        );
        assert_eq!(
            check("SGLT2 inhibitors and kidney outcomes: a systematic review and meta-analysis"),
            StudyType::SystematicReview
        );
        assert_eq!(
            check("Statin use and dementia: a nationwide cohort study"),
            StudyType::Observational
        );
        assert_eq!(
            check("Statins after stroke: a pragmatic randomised trial"),
            StudyType::Trial
        );
        assert_eq!(
            check("Target trial emulation of statins"),
            StudyType::Observational
        );
        assert_eq!(check("Metatrial-free thoughts on care"), StudyType::Other);
        assert_eq!(
            study_type(&none, "Randomized trial peer review", Some("peer-review")),
            StudyType::Other
        );
    }

    #[test]
    fn every_design_gets_pico_and_its_own_checklist() {
        let titles =
            |t: StudyType| -> Vec<&str> { prompts_for(t).iter().map(|s| s.title).collect() };
        assert_eq!(
            titles(StudyType::Trial),
            ["PICO", "Trial appraisal (CONSORT)"]
        );
        assert_eq!(
            titles(StudyType::Observational),
            ["PICO", "Observational appraisal (STROBE)"]
        );
        assert_eq!(
            titles(StudyType::SystematicReview),
            ["PICO", "Review appraisal (PRISMA)"]
        );
        assert_eq!(titles(StudyType::Other), ["PICO"]);
        for t in [StudyType::Trial, StudyType::Other] {
            assert_eq!(StudyType::parse(t.as_str()), Some(t));
        }
    }
}
