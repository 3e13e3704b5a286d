//! The bundled questionnaire, compiled in from `content/questionnaire.toml`.
//!
//! `build.rs` parses the TOML into `model::Questionnaire` (so a typo fails the
//! build) and embeds it as compact JSON, parsed once on first use.

use std::sync::OnceLock;

use crate::model::Questionnaire;

const JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/questionnaire.json"));

/// The questionnaire this build ships.
pub fn questionnaire() -> &'static Questionnaire {
    static Q: OnceLock<Questionnaire> = OnceLock::new();
    // The JSON was produced by serialising this very type in build.rs, so it
    // always parses; tests/content.rs exercises this path.
    Q.get_or_init(|| serde_json::from_str(JSON).expect("build.rs emits valid questionnaire JSON"))
}
