//! Synthetic clinicians' posts for the benchmarks: deterministic (a fixed-seed generator), with the
//! things real ones carry: hashtags, links with tracking parameters, DOIs and PMIDs, drug brand and
//! generic names, diseases and abbreviations.

#![allow(dead_code)]

/// SplitMix64: small, fast, deterministic; no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Skewed towards small indexes (a few popular items, a long tail).
    pub fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b)
    }
}

pub const SENTENCES: &[&str] = &[
    "Started my pt on Ozempic last month, already down 6 kg. GLP-1s are changing practice.",
    "Mounjaro shortage again. Pharmacy says maybe next week.",
    "Reminder: metformin is still first line for T2DM in most guidelines. Cheap, safe, decades of data.",
    "New HFrEF admission today: on Entresto, dapagliflozin, spironolactone and a beta-blocker. Four pillars, finally.",
    "Half my clinic patients with heart failure are now on an SGLT2i.",
    "Apixaban vs warfarin in AF with CKD: the bleeding data keep looking better for the DOAC.",
    "Teaching round on sepsis: early antibiotics, cultures first if it does not delay piperacillin-tazobactam.",
    "Interesting case of drug-induced lupus after hydralazine. Resolved on stopping it.",
    "Our stewardship team cut ceftriaxone use by a third without more C. diff.",
    "Is anyone else seeing more pertussis in kids this winter? Azithromycin stocks are low.",
    "Statins after 75: atorvastatin still reduces events, but shared decision making matters.",
    "Pembrolizumab plus chemo for NSCLC keeps moving earlier in the pathway.",
    "Ketamine for treatment-resistant depression: good short-term data, the long term is unclear.",
    "COPD exacerbation protocol updated: prednisolone 5 days, not 14.",
    "Lisinopril cough again. Switched to losartan, problem solved.",
    "Asthma review: too many patients on salbutamol alone. ICS for everyone with symptoms.",
    "Tirzepatide vs semaglutide head to head: bigger weight loss, similar GI side effects.",
    "Hypertension in pregnancy: labetalol or nifedipine first, never an ACE inhibitor.",
    "Insulin glargine biosimilars are finally cheaper here.",
    "Great journal club on the rivaroxaban cancer VTE trial this morning.",
    "Amoxicillin remains first line for community-acquired pneumonia in most adults.",
    "Delirium on the ward tonight: stopped the oxybutynin and the zopiclone first.",
    "Sertraline is my usual start for depression in primary care.",
    "Gabapentin misuse is rising; check the PDMP before prescribing.",
    "Our registrar presented a great case of Addison disease unmasked by hydrocortisone withdrawal.",
    "Long covid clinic waiting list is now nine months.",
    "Rheumatoid arthritis patients on methotrexate need folic acid, every time.",
    "Nothing beats a careful history. Still true in 2026.",
];

pub const TAGS: &[&str] = &[
    "MedEd",
    "MedTwitter",
    "CardioTwitter",
    "FOAMed",
    "ObesityMedicine",
    "Diabetes",
    "HeartFailure",
    "Sepsis",
    "IDTwitter",
    "Oncology",
    "Pharmacy",
    "PrimaryCare",
    "Nephrology",
    "Pulmonology",
    "Psychiatry",
    "Pediatrics",
    "Rheumatology",
    "Hematology",
    "Stewardship",
    "MedMastodon",
    "EmergencyMedicine",
    "CriticalCare",
    "Geriatrics",
    "Neurology",
    "Endocrinology",
    "Hepatology",
    "Gastroenterology",
    "Dermatology",
    "Urology",
    "Obstetrics",
    "Anesthesiology",
    "Radiology",
    "Pathology",
    "PublicHealth",
    "Epidemiology",
    "GlobalHealth",
    "Nursing",
    "MedStudent",
    "Residency",
    "JournalClub",
    "EBM",
    "ClinicalTrials",
    "Pharmacology",
    "Toxicology",
    "SportsMedicine",
    "PalliativeCare",
    "Hospitalist",
    "InternalMedicine",
    "FamilyMedicine",
    "Surgery",
];

pub const LINKS: &[&str] = &[
    "https://www.nejm.org/doi/full/10.1056/NEJMoa2206038",
    "https://jamanetwork.com/journals/jama/fullarticle/2812936",
    "https://www.thelancet.com/journals/lancet/article/PIIS0140-6736(23)01234-5/fulltext",
    "https://pubmed.ncbi.nlm.nih.gov/37952131/",
    "https://doi.org/10.1136/bmj-2023-076484",
    "https://www.bmj.com/content/383/bmj-2023-076484",
    "https://www.medscape.com/viewarticle/998877",
    "https://www.ahajournals.org/doi/10.1161/CIRCULATIONAHA.123.065123",
    "https://academic.oup.com/cid/article/77/1/1/7100000",
    "https://www.statnews.com/2026/01/05/glp1-supply/",
];

pub const INSTANCES: &[&str] = &[
    "med-mastodon.com",
    "mastodon.social",
    "mstdn.science",
    "fediscience.org",
];

/// A link as people share it: with tracking parameters that canonicalisation removes.
pub fn shared_link(rng: &mut Rng) -> String {
    let base = rng.pick(LINKS);
    match rng.below(3) {
        0 => format!("{base}?utm_source=mastodon&utm_medium=social&utm_campaign=share"),
        1 => format!(
            "{base}?utm_source=twitter&fbclid=IwAR{}",
            rng.next_u64() % 100_000
        ),
        _ => (*base).to_owned(),
    }
}

/// The plain text of one post and the hashtags it carries: 2–3 sentences, maybe a DOI or PMID, a
/// link, 1–3 hashtags.
pub fn post_text(rng: &mut Rng) -> (String, Vec<&'static str>, Option<String>) {
    let mut text = String::new();
    for i in 0..2 + rng.below(2) {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(SENTENCES[rng.below(SENTENCES.len())]);
    }
    match rng.below(6) {
        0 => text.push_str(&format!(" doi:10.1056/NEJMoa23{:05}", rng.below(100_000))),
        1 => text.push_str(&format!(" (PMID: {})", 30_000_000 + rng.below(8_000_000))),
        _ => {}
    }
    let tags: Vec<&'static str> = (0..=rng.below(3))
        .map(|_| TAGS[rng.skewed(TAGS.len())])
        .collect();
    let link = (rng.below(3) > 0).then(|| shared_link(rng));
    (text, tags, link)
}
