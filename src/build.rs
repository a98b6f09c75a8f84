//! Compiles the bundled lexicons (`config/lexicons/`) into the tagger's lookup tables, with the
//! library's own cleaning and table code, so that the binary reads them in place: building a
//! matcher over ~120,000 variants at every start took about 1.3 s.

// The shared modules also carry what only the library uses (lookups, regeneration of the files).
#![allow(dead_code)]

#[path = "domain/entities/compile.rs"]
mod compile;
#[path = "domain/entities/curated.rs"]
mod curated;
#[path = "domain/entities/fold.rs"]
mod fold;
#[path = "domain/entities/kind.rs"]
mod kind;
#[path = "domain/entities/lexicon.rs"]
mod lexicon;
#[path = "domain/entities/spelling.rs"]
mod spelling;
#[path = "domain/entities/table.rs"]
mod table;

use kind::{EntityKind, LexiconSources, LoadLexiconError};

fn main() {
    // `sqlx::migrate!` embeds `migrations/` at compile time but cannot tell cargo to watch it; a
    // build script that names its inputs must name that folder, or an added migration is missed.
    println!("cargo:rerun-if-changed=migrations");
    for file in [
        "config/lexicons",
        "src/domain/entities/compile.rs",
        "src/domain/entities/curated.rs",
        "src/domain/entities/fold.rs",
        "src/domain/entities/kind.rs",
        "src/domain/entities/lexicon.rs",
        "src/domain/entities/spelling.rs",
        "src/domain/entities/table.rs",
    ] {
        println!("cargo:rerun-if-changed={file}");
    }
    let tables = compile::compile(LexiconSources::BUNDLED)
        .unwrap_or_else(|error| panic!("the bundled lexicons are invalid: {error}"));
    let out = std::path::Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("lexicon-tables.bin");
    std::fs::write(&out, tables)
        .unwrap_or_else(|error| panic!("failed to write {}: {error}", out.display()));
}
