//! BackCheck's clinical engine: pure Rust, no web or IO dependency.
//!
//! `answers → facts → assessment`, the questionnaire model and bundled
//! content, the session reducer the widget drives, and the saved-state schema.
//! `docs/clinical-spec.md` is the contract; `spec` mirrors its ids.
//! See `ARCHITECTURE.md` for the map and the invariants.

pub mod answers;
pub mod cli;
pub mod content;
pub mod json;
pub mod model;
pub mod saved;
pub mod session;
pub mod spec;
pub mod summary;
pub mod text;
pub mod triage;

pub use answers::{Answer, Answers};
pub use content::questionnaire;
pub use model::Questionnaire;
pub use session::{Action, Session, Step};
pub use spec::{Finding, Level};
pub use triage::{assess, Assessment, Facts, FindingSet};
