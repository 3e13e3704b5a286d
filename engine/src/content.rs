//! The bundled questionnaire, compiled in from `content/questionnaire.toml`.
//!
//! `build.rs` parses the TOML into `model::Questionnaire` (so a typo fails the
//! build) and emits Rust code that builds the same value, so the wasm carries
//! no TOML or JSON parser for it. Built once, on first use.

use std::sync::OnceLock;

use crate::model::{Choice, Condition, Question, QuestionKind, Questionnaire, Rule, Screen};
use crate::session::Session;

include!(concat!(env!("OUT_DIR"), "/questionnaire.rs"));

/// The questionnaire this build ships.
pub fn questionnaire() -> &'static Questionnaire {
    static Q: OnceLock<Questionnaire> = OnceLock::new();
    Q.get_or_init(bundled)
}

/// A plain journey through the bundled questionnaire, at its first screen:
/// for each question it shows, its first exclusive or finding-free choice
/// (an age of 35), so Next leads screen by screen to the review and a
/// result that is not an emergency (the test's helper `reviewed` picks it). The widget goes through its screens once with
/// it, out of sight (`src/warm.rs`). Kept as data, a saved record
/// (`saved.rs`), so the wasm carries no code to work it out;
/// `tests/session_props.rs` works it out from the content and prints the
/// record to put here when the content changes.
pub fn rehearsal() -> Option<Session> {
    let record = include_str!("../content/rehearsal.json");
    crate::saved::load(record, questionnaire())
        .ok()
        .map(|l| l.session)
}
