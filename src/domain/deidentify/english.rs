//! Whether a word is ordinary English or clinical vocabulary: philter-ucsf's whitelist (about
//! 190,000 words, names taken out) compiled into the binary as a Bloom filter of 262 KB, built by
//! `config/deidentify/build.py`. A capitalised word this filter and every other list do not know
//! ("Kiprotich", "Eilidh") is most likely a name.
//!
//! A Bloom filter answers "listed" for about one unlisted word in 200 (it never answers "not
//! listed" for a listed one), so such a word is kept, never redacted, by mistake.

use std::sync::LazyLock;

static BLOOM: &[u8] = include_bytes!("../../../config/deidentify/english.bloom");

struct Bloom {
    bits: &'static [u8],
    m: u64,
    k: u64,
}

static FILTER: LazyLock<Bloom> = LazyLock::new(|| {
    assert!(
        BLOOM.len() > 9 && &BLOOM[..4] == b"RBF1",
        "english.bloom header"
    );
    let m = u64::from(u32::from_le_bytes([BLOOM[4], BLOOM[5], BLOOM[6], BLOOM[7]]));
    let bits = &BLOOM[9..];
    assert!(bits.len() as u64 * 8 >= m, "english.bloom is cut short");
    Bloom {
        bits,
        m,
        k: u64::from(BLOOM[8]),
    }
});

fn fnv1a64(data: &[u8]) -> u64 {
    data.iter().fold(0xCBF2_9CE4_8422_2325, |h, &byte| {
        (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01B3)
    })
}

/// Whether `key` (as `lexicon::key` writes it) is a whitelisted English or clinical word.
pub(super) fn is_word(key: &str) -> bool {
    let filter = &*FILTER;
    let h = fnv1a64(key.as_bytes());
    let (a, b) = (h & 0xFFFF_FFFF, (h >> 32) | 1);
    (0..filter.k).all(|i| {
        let pos = (a + i * b) % filter.m;
        usize::try_from(pos / 8)
            .ok()
            .and_then(|byte| filter.bits.get(byte))
            .is_some_and(|byte| byte & (1 << (pos % 8)) != 0)
    })
}

#[cfg(test)]
mod tests {
    use super::is_word;

    #[test]
    fn english_and_clinical_words_are_known_and_rare_names_are_not() {
        for word in [
            "regarding",
            "examination",
            "trying",
            "anyone",
            "discussed",
            "haematology",
            "cholangitis",
        ] {
            assert!(is_word(word), "{word}");
        }
        let names = ["kiprotich", "eilidh", "chidinma", "oluchi", "iolo", "zxqvw"];
        let unknown = names.iter().filter(|n| !is_word(n)).count();
        assert_eq!(unknown, names.len(), "{names:?}");
    }
}
