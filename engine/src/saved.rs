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

use crate::answers::{Answer, Answers};
use crate::json::{self, Json};
use crate::model::Questionnaire;
use crate::session::{Session, Step};

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

fn field(out: &mut String, name: &str) {
    if !out.ends_with('{') {
        out.push(',');
    }
    json::write_str(out, name);
    out.push(':');
}

fn header(out: &mut String, saved_at: u64) {
    out.push('{');
    field(out, "app");
    json::write_str(out, APP);
    field(out, "schema");
    out.push_str(&SCHEMA.to_string());
    field(out, "saved_at");
    out.push_str(&saved_at.to_string());
}

fn write_answer(out: &mut String, a: &Answer) {
    match a {
        Answer::Number(n) => out.push_str(&n.to_string()),
        Answer::One(c) => json::write_str(out, c),
        Answer::Many(cs) => {
            out.push('[');
            for (i, c) in cs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json::write_str(out, c);
            }
            out.push(']');
        }
    }
}

fn write_step(out: &mut String, step: &Step) {
    match step {
        Step::Intro => json::write_str(out, "intro"),
        Step::Review => json::write_str(out, "review"),
        Step::Result => json::write_str(out, "result"),
        Step::Screen { index } => out.push_str(&format!("{{\"screen\":{{\"index\":{index}}}}}")),
        Step::Emergency { from } => out.push_str(&format!("{{\"emergency\":{{\"from\":{from}}}}}")),
    }
}

/// Serialise a session for storage.
pub fn save(session: &Session, q: &Questionnaire, saved_at: u64) -> String {
    let mut out = String::new();
    header(&mut out, saved_at);
    field(&mut out, "content_version");
    json::write_str(&mut out, &q.content_version);
    field(&mut out, "session");
    out.push('{');
    field(&mut out, "step");
    write_step(&mut out, &session.step);
    field(&mut out, "answers");
    out.push('{');
    for (k, a) in &session.answers {
        field(&mut out, k);
        write_answer(&mut out, a);
    }
    out.push('}');
    field(&mut out, "reviewed");
    out.push_str(if session.reviewed { "true" } else { "false" });
    out.push_str("}}");
    out
}

/// Size, JSON syntax, ours-or-foreign and schema checks every record kind
/// shares; returns the parsed record.
fn open(text: &str, kind: Option<&str>) -> Result<Json, LoadError> {
    if text.len() > MAX_BYTES {
        return Err(LoadError::TooLarge(text.len()));
    }
    let v = json::parse(text).map_err(LoadError::Malformed)?;
    let is = |k: &str, want: &str| v.get(k).and_then(Json::as_str) == Some(want);
    if !is("app", APP) || kind.is_some_and(|k| !is("kind", k)) {
        return Err(LoadError::Foreign);
    }
    let schema = v
        .get("schema")
        .and_then(Json::as_u64)
        .ok_or_else(|| LoadError::Invalid("missing or non-numeric `schema`".into()))?;
    migrate(schema)?;
    Ok(v)
}

fn invalid(what: &str) -> LoadError {
    LoadError::Invalid(format!("`{what}` is missing or has the wrong type"))
}

fn read_step(v: &Json) -> Option<Step> {
    let index = |outer: &str, inner: &str| {
        v.get(outer)?
            .get(inner)?
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
    };
    match v {
        Json::Str(s) => match s.as_str() {
            "intro" => Some(Step::Intro),
            "review" => Some(Step::Review),
            "result" => Some(Step::Result),
            _ => None,
        },
        Json::Obj(f) if f.len() == 1 => index("screen", "index")
            .map(|index| Step::Screen { index })
            .or_else(|| index("emergency", "from").map(|from| Step::Emergency { from })),
        _ => None,
    }
}

fn read_answer(v: &Json) -> Option<Answer> {
    match v {
        Json::Num(_) => v
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Answer::Number),
        Json::Str(s) => Some(Answer::One(s.clone())),
        Json::Arr(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .map(Answer::Many),
        _ => None,
    }
}

/// Read a stored session, migrating older schemas and repairing it against `q`.
pub fn load(text: &str, q: &Questionnaire) -> Result<Loaded, LoadError> {
    let v = open(text, None)?;
    let saved_at = v
        .get("saved_at")
        .and_then(Json::as_u64)
        .ok_or_else(|| invalid("saved_at"))?;
    let content_version = v
        .get("content_version")
        .and_then(Json::as_str)
        .ok_or_else(|| invalid("content_version"))?
        .to_owned();
    let s = v.get("session").ok_or_else(|| invalid("session"))?;
    let step = s
        .get("step")
        .and_then(read_step)
        .ok_or_else(|| invalid("session.step"))?;
    let reviewed = s
        .get("reviewed")
        .and_then(Json::as_bool)
        .ok_or_else(|| invalid("session.reviewed"))?;
    let Some(Json::Obj(fields)) = s.get("answers") else {
        return Err(invalid("session.answers"));
    };
    let mut answers = Answers::new();
    for (k, a) in fields {
        answers.insert(
            k.clone(),
            read_answer(a).ok_or_else(|| invalid(&format!("answers.{k}")))?,
        );
    }
    let mut session = Session {
        step,
        answers,
        reviewed,
    };
    if content_version != q.content_version {
        // Screen indexes may mean other screens now: resume from the first
        // unanswered one instead.
        session.step = Step::Intro;
    }
    let dropped = session.repair(q);
    Ok(Loaded {
        session,
        saved_at,
        content_version,
        dropped,
    })
}

/// Check a record's schema can be read. Schema 1 is the first, so today
/// this only recognises it and refuses the rest; a schema 2 would add, here,
/// the step that turns a schema 1 record into it.
fn migrate(schema: u64) -> Result<(), LoadError> {
    match schema {
        SCHEMA => Ok(()),
        n if n > SCHEMA => Err(LoadError::FutureSchema(n)),
        n => Err(LoadError::Invalid(format!("unknown schema {n}"))),
    }
}

/// Whether a record saved at `saved_at` is older than `max_age` at `now`
/// (all in milliseconds). A clock that went backwards does not expire it.
pub fn expired(saved_at: u64, now: u64, max_age: u64) -> bool {
    now.saturating_sub(saved_at) > max_age
}

/// Ticked checklist items are stored apart from the answers because they
/// live longer (90 days against 7).
const TICKS: &str = "ticks";

pub fn save_ticks(items: &[crate::spec::Item], saved_at: u64) -> String {
    let mut out = String::new();
    header(&mut out, saved_at);
    field(&mut out, "kind");
    json::write_str(&mut out, TICKS);
    field(&mut out, "items");
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json::write_str(&mut out, item.id());
    }
    out.push_str("]}");
    out
}

/// Ticked items and when they were saved; unknown item ids are dropped.
pub fn load_ticks(text: &str) -> Result<(Vec<crate::spec::Item>, u64), LoadError> {
    let v = open(text, Some(TICKS))?;
    let saved_at = v
        .get("saved_at")
        .and_then(Json::as_u64)
        .ok_or_else(|| invalid("saved_at"))?;
    let Some(Json::Arr(items)) = v.get("items") else {
        return Err(invalid("items"));
    };
    let items = items
        .iter()
        .filter_map(|i| i.as_str().and_then(crate::spec::Item::from_id))
        .collect();
    Ok((items, saved_at))
}
