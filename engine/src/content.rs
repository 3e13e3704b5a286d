//! The bundled questionnaire, compiled in from `content/questionnaire.toml`.
//!
//! `build.rs` parses the TOML into `model::Questionnaire` (so a typo fails the
//! build) and emits Rust code that builds the same value, so the wasm carries
//! no TOML or JSON parser for it. Built once, on first use.

use std::sync::OnceLock;

use crate::model::{Choice, Condition, Question, QuestionKind, Questionnaire, Rule, Screen};

include!(concat!(env!("OUT_DIR"), "/questionnaire.rs"));

/// The questionnaire this build ships.
pub fn questionnaire() -> &'static Questionnaire {
    static Q: OnceLock<Questionnaire> = OnceLock::new();
    Q.get_or_init(bundled)
}
