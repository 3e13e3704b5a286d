//! The `assess` input format (spec §6): one JSON object per line, either
//! `{"age": 54, "findings": [...]}` or `{"answers": {...}}`, to an assessment.
//! Kept in the library so tests and fuzzing reach it without a process.

use serde_json::{Map, Value};

use crate::answers::{validate, Answer, AnswerError, Answers};
use crate::model::Questionnaire;
use crate::spec::Finding;
use crate::triage::{assess, Assessment, Facts};

/// Ages outside this range are refused as input errors, not guessed at.
pub const MAX_AGE: u64 = 130;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// Not a JSON object (or not JSON at all).
    Malformed(String),
    /// A finding id the spec does not define.
    UnknownFinding(String),
    /// A question or choice id the questionnaire does not define, or an
    /// answer of the wrong shape.
    Answer(AnswerError),
    /// Anything else that does not fit the format (named field, reason).
    Invalid(String),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Malformed(e) => write!(f, "malformed JSON: {e}"),
            InputError::UnknownFinding(id) => write!(f, "unknown finding id `{id}`"),
            InputError::Answer(e) => e.fmt(f),
            InputError::Invalid(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for InputError {}

/// Parse one input line and assess it.
pub fn assess_line(line: &str, q: &Questionnaire) -> Result<Assessment, InputError> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| InputError::Malformed(e.to_string()))?;
    let Value::Object(obj) = value else {
        return Err(InputError::Malformed("expected a JSON object".into()));
    };
    if let Some(key) = obj
        .keys()
        .find(|k| !["age", "findings", "answers"].contains(&k.as_str()))
    {
        return Err(InputError::Invalid(format!(
            "unknown field `{key}` (expected `findings` with optional `age`, or `answers`)"
        )));
    }
    let facts = match (obj.get("findings"), obj.get("answers")) {
        (Some(f), None) => findings_facts(f, obj.get("age"))?,
        (None, Some(a)) => {
            if obj.contains_key("age") {
                return Err(InputError::Invalid(
                    "`age` goes inside `answers` (as the `age` question) in the answers form"
                        .into(),
                ));
            }
            let answers = parse_answers(a, q)?;
            // An answer the questionnaire would never have asked for (its
            // condition fails on the other answers) would let a reviewer
            // assess a path no runner can take: named, not dropped.
            let mut asked = answers.clone();
            if let Some(id) = q.prune(&mut asked).into_iter().next() {
                return Err(InputError::Invalid(format!(
                    "`{id}` would not be asked after these answers (its show_if \
                     in engine/content/questionnaire.toml is not met)"
                )));
            }
            q.facts(&answers)
        }
        _ => {
            return Err(InputError::Invalid(
                "give exactly one of `findings` or `answers`".into(),
            ))
        }
    };
    Ok(assess(&facts))
}

fn findings_facts(findings: &Value, age: Option<&Value>) -> Result<Facts, InputError> {
    let Value::Array(list) = findings else {
        return Err(InputError::Invalid(
            "`findings` must be a list of ids".into(),
        ));
    };
    let mut facts = Facts::default();
    for v in list {
        let id = v
            .as_str()
            .ok_or_else(|| InputError::Invalid(format!("finding {v} is not a string id")))?;
        let f = Finding::from_id(id).ok_or_else(|| InputError::UnknownFinding(id.to_owned()))?;
        facts.findings.insert(f);
    }
    facts.age = match age {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_u64().filter(|a| *a <= MAX_AGE).ok_or_else(|| {
            InputError::Invalid(format!("`age` must be whole years 0–{MAX_AGE}, found {v}"))
        })? as u32),
    };
    Ok(facts)
}

fn parse_answers(answers: &Value, q: &Questionnaire) -> Result<Answers, InputError> {
    let Value::Object(map) = answers else {
        return Err(InputError::Invalid(
            "`answers` must be an object of question id → answer".into(),
        ));
    };
    parse_answer_map(map, q)
}

fn parse_answer_map(map: &Map<String, Value>, q: &Questionnaire) -> Result<Answers, InputError> {
    let mut out = Answers::new();
    for (id, v) in map {
        let question = q
            .question(id)
            .ok_or_else(|| InputError::Answer(AnswerError::UnknownQuestion(id.clone())))?;
        let answer: Answer = serde_json::from_value(v.clone()).map_err(|_| {
            InputError::Answer(AnswerError::WrongShape {
                question: id.clone(),
            })
        })?;
        validate(question, &answer).map_err(InputError::Answer)?;
        out.insert(id.clone(), answer);
    }
    Ok(out)
}
