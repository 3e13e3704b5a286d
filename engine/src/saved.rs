//! The saved-state schema: what the widget writes to storage, versioned.
//!
//! ```json
//! {"app":"backcheck","schema":1,"content_version":"1","saved_at":1764000000000,
//!  "session":{"step":{"screen":{"index":3}},"answers":{...},"reviewed":false}}
//! ```
//! Loading never panics: corrupt, truncated, foreign, future or oversized input
//! is a typed `LoadError`, and the caller starts afresh. Answers that no longer
//! fit the questionnaire (content changed) are dropped and the rest kept.
//! The clock is the caller's: `saved_at` is passed in, so the engine stays pure.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::Questionnaire;
use crate::session::Session;

/// Tag that tells our records from anything else under the same storage key.
pub const APP: &str = "backcheck";
/// The schema this build writes. Bump it, and add a step to `migrate`, when
/// the shape changes.
pub const SCHEMA: u64 = 1;
/// Larger input is refused before parsing: a real record is a few KB.
pub const MAX_BYTES: usize = 64 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// Over `MAX_BYTES`.
    TooLarge(usize),
    /// Not JSON, or truncated.
    Malformed(String),
    /// JSON, but not one of our records (no `"app": "backcheck"`).
    Foreign,
    /// Written by a newer BackCheck than this one.
    FutureSchema(u64),
    /// Ours and of a known schema, but the fields do not fit it.
    Invalid(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::TooLarge(n) => write!(f, "saved state is {n} bytes, over {MAX_BYTES}"),
            LoadError::Malformed(e) => write!(f, "saved state is not valid JSON: {e}"),
            LoadError::Foreign => write!(f, "saved state is not a BackCheck record"),
            LoadError::FutureSchema(n) => {
                write!(
                    f,
                    "saved state has schema {n}; this version reads up to {SCHEMA}"
                )
            }
            LoadError::Invalid(e) => write!(f, "saved state does not fit its schema: {e}"),
        }
    }
}

impl std::error::Error for LoadError {}

#[derive(Serialize, Deserialize)]
struct Record {
    app: String,
    schema: u64,
    content_version: String,
    saved_at: u64,
    session: Session,
}

/// A session read back from storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    pub session: Session,
    /// Milliseconds since the Unix epoch, as given to `save`.
    pub saved_at: u64,
    /// The content version the answers were given against.
    pub content_version: String,
    /// Answers dropped because their question or choice no longer fits.
    pub dropped: Vec<String>,
}

/// Serialise a session for storage.
pub fn save(session: &Session, q: &Questionnaire, saved_at: u64) -> String {
    let record = Record {
        app: APP.to_owned(),
        schema: SCHEMA,
        content_version: q.content_version.clone(),
        saved_at,
        session: session.clone(),
    };
    // Serialising plain data with string keys cannot fail.
    serde_json::to_string(&record).unwrap_or_default()
}

/// Read a stored session, migrating older schemas and repairing it against `q`.
pub fn load(text: &str, q: &Questionnaire) -> Result<Loaded, LoadError> {
    if text.len() > MAX_BYTES {
        return Err(LoadError::TooLarge(text.len()));
    }
    let value: Value =
        serde_json::from_str(text).map_err(|e| LoadError::Malformed(e.to_string()))?;
    if value.get("app").and_then(Value::as_str) != Some(APP) {
        return Err(LoadError::Foreign);
    }
    let schema = value
        .get("schema")
        .and_then(Value::as_u64)
        .ok_or_else(|| LoadError::Invalid("missing or non-numeric `schema`".into()))?;
    let value = migrate(schema, value)?;
    let record: Record =
        serde_json::from_value(value).map_err(|e| LoadError::Invalid(e.to_string()))?;
    let mut session = record.session;
    if record.content_version != q.content_version {
        // Screen indexes may mean other screens now: resume from the first
        // unanswered one instead.
        session.step = crate::session::Step::Intro;
    }
    let dropped = session.repair(q);
    Ok(Loaded {
        session,
        saved_at: record.saved_at,
        content_version: record.content_version,
        dropped,
    })
}

/// Bring a record of any known schema up to `SCHEMA`. Schema 1 is the first,
/// so today this only recognises it and refuses the rest.
fn migrate(schema: u64, value: Value) -> Result<Value, LoadError> {
    match schema {
        SCHEMA => Ok(value),
        n if n > SCHEMA => Err(LoadError::FutureSchema(n)),
        n => Err(LoadError::Invalid(format!("unknown schema {n}"))),
    }
}

/// Whether a record saved at `saved_at` is older than `max_age` at `now`
/// (all in milliseconds). A clock that went backwards does not expire it.
pub fn expired(saved_at: u64, now: u64, max_age: u64) -> bool {
    now.saturating_sub(saved_at) > max_age
}

/// Ticked checklist items, stored apart from the answers because they live
/// longer (90 days against 7).
#[derive(Serialize, Deserialize)]
struct TicksRecord {
    app: String,
    schema: u64,
    kind: String,
    saved_at: u64,
    items: Vec<String>,
}

const TICKS: &str = "ticks";

pub fn save_ticks(items: &[crate::spec::Item], saved_at: u64) -> String {
    let record = TicksRecord {
        app: APP.to_owned(),
        schema: SCHEMA,
        kind: TICKS.to_owned(),
        saved_at,
        items: items.iter().map(|i| i.id().to_owned()).collect(),
    };
    serde_json::to_string(&record).unwrap_or_default()
}

/// Ticked items and when they were saved; unknown item ids are dropped.
pub fn load_ticks(text: &str) -> Result<(Vec<crate::spec::Item>, u64), LoadError> {
    if text.len() > MAX_BYTES {
        return Err(LoadError::TooLarge(text.len()));
    }
    let value: Value =
        serde_json::from_str(text).map_err(|e| LoadError::Malformed(e.to_string()))?;
    if value.get("app").and_then(Value::as_str) != Some(APP)
        || value.get("kind").and_then(Value::as_str) != Some(TICKS)
    {
        return Err(LoadError::Foreign);
    }
    match value.get("schema").and_then(Value::as_u64) {
        Some(SCHEMA) => {}
        Some(n) if n > SCHEMA => return Err(LoadError::FutureSchema(n)),
        _ => return Err(LoadError::Invalid("missing or unknown `schema`".into())),
    }
    let record: TicksRecord =
        serde_json::from_value(value).map_err(|e| LoadError::Invalid(e.to_string()))?;
    let items = record
        .items
        .iter()
        .filter_map(|i| crate::spec::Item::from_id(i))
        .collect();
    Ok((items, record.saved_at))
}
