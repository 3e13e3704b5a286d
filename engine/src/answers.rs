//! Answers and what follows from them: validation, show-if evaluation,
//! visibility, and `answers → facts` (findings, age, notes).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Condition, Question, QuestionKind, Questionnaire};
use crate::spec::{Finding, Note};
use crate::triage::{Facts, FindingSet};

/// One answer, in the `assess` JSON shape: `"choice"`, `["a", "b"]` or `54`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    Number(u32),
    One(String),
    Many(Vec<String>),
}

/// By hand rather than `#[serde(untagged)]`: a visitor needs no buffering of
/// the input, which keeps the wasm smaller and the error message plain.
impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error, SeqAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Answer;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a choice id, a list of choice ids, or a whole number")
            }
            fn visit_u64<E: Error>(self, n: u64) -> Result<Answer, E> {
                u32::try_from(n)
                    .map(Answer::Number)
                    .map_err(|_| E::custom("number too large"))
            }
            fn visit_i64<E: Error>(self, n: i64) -> Result<Answer, E> {
                u64::try_from(n)
                    .map_err(|_| E::custom("negative number"))
                    .and_then(|n| self.visit_u64(n))
            }
            fn visit_str<E: Error>(self, s: &str) -> Result<Answer, E> {
                Ok(Answer::One(s.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Answer, A::Error> {
                let mut list = Vec::new();
                while let Some(c) = seq.next_element::<String>()? {
                    list.push(c);
                }
                Ok(Answer::Many(list))
            }
        }
        d.deserialize_any(V)
    }
}

/// Answers by question id. A `BTreeMap` keeps saved state and output stable.
pub type Answers = BTreeMap<String, Answer>;

/// Why an answer does not fit its question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerError {
    UnknownQuestion(String),
    UnknownChoice {
        question: String,
        choice: String,
    },
    /// E.g. a list for a single-choice question.
    WrongShape {
        question: String,
    },
    OutOfRange {
        question: String,
        value: u32,
    },
    /// A multi answer that is empty, repeats a choice, or mixes "none of these" with others.
    Inconsistent {
        question: String,
    },
}

impl std::fmt::Display for AnswerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnswerError::UnknownQuestion(q) => write!(f, "unknown question id `{q}`"),
            AnswerError::UnknownChoice { question, choice } => {
                write!(f, "unknown choice id `{choice}` for question `{question}`")
            }
            AnswerError::WrongShape { question } => write!(
                f,
                "answer to `{question}` has the wrong shape (single: \"id\", multi: [\"id\", ...], number: 54)"
            ),
            AnswerError::OutOfRange { question, value } => {
                write!(f, "answer {value} to `{question}` is out of range")
            }
            AnswerError::Inconsistent { question } => write!(
                f,
                "answer to `{question}` is empty, repeats a choice, or mixes \"none\" with other choices"
            ),
        }
    }
}

impl std::error::Error for AnswerError {}

/// Check an answer against its question.
pub fn validate(q: &Question, answer: &Answer) -> Result<(), AnswerError> {
    let question = || q.id.clone();
    let known = |c: &str| {
        q.choice(c).ok_or_else(|| AnswerError::UnknownChoice {
            question: question(),
            choice: c.to_owned(),
        })
    };
    match (q.kind, answer) {
        (QuestionKind::Single, Answer::One(c)) => known(c).map(drop),
        (QuestionKind::Multi, Answer::Many(cs)) => {
            let mut exclusive = 0;
            for (i, c) in cs.iter().enumerate() {
                if known(c)?.exclusive {
                    exclusive += 1;
                }
                if cs[..i].contains(c) {
                    return Err(AnswerError::Inconsistent {
                        question: question(),
                    });
                }
            }
            if cs.is_empty() || (exclusive > 0 && cs.len() > 1) {
                return Err(AnswerError::Inconsistent {
                    question: question(),
                });
            }
            Ok(())
        }
        (QuestionKind::Number, Answer::Number(n)) => {
            let (lo, hi) = (q.min.unwrap_or(0), q.max.unwrap_or(u32::MAX));
            if (lo..=hi).contains(n) {
                Ok(())
            } else {
                Err(AnswerError::OutOfRange {
                    question: question(),
                    value: *n,
                })
            }
        }
        (QuestionKind::Number, Answer::One(c)) => known(c).map(drop),
        _ => Err(AnswerError::WrongShape {
            question: question(),
        }),
    }
}

impl Answer {
    /// Whether this answer includes a choice (single equals, multi contains).
    pub fn has(&self, choice: &str) -> bool {
        match self {
            Answer::One(c) => c == choice,
            Answer::Many(cs) => cs.iter().any(|c| c == choice),
            Answer::Number(_) => false,
        }
    }

    /// The chosen choice ids (none for a number).
    pub fn chosen(&self) -> &[String] {
        match self {
            Answer::One(c) => std::slice::from_ref(c),
            Answer::Many(cs) => cs,
            Answer::Number(_) => &[],
        }
    }
}

/// Evaluate a condition over answers.
pub fn holds(cond: &Condition, answers: &Answers) -> bool {
    let number = |q: &str, test: &dyn Fn(u32) -> bool, or_unknown: bool| match answers.get(q) {
        Some(Answer::Number(n)) => test(*n),
        // Declined or not yet answered: unknown.
        _ => or_unknown,
    };
    match cond {
        Condition::Chosen { question, choice } => {
            answers.get(question).is_some_and(|a| a.has(choice))
        }
        Condition::ChosenAny { question, choices } => answers
            .get(question)
            .is_some_and(|a| choices.iter().any(|c| a.has(c))),
        Condition::NumberBelow {
            question,
            value,
            or_unknown,
        } => number(question, &|n| n < *value, *or_unknown),
        Condition::NumberAtLeast {
            question,
            value,
            or_unknown,
        } => number(question, &|n| n >= *value, *or_unknown),
        Condition::AllOf(cs) => cs.iter().all(|c| holds(c, answers)),
        Condition::AnyOf(cs) => cs.iter().any(|c| holds(c, answers)),
        Condition::Not(c) => !holds(c, answers),
    }
}

fn shown(cond: &Option<Condition>, answers: &Answers) -> bool {
    cond.as_ref().is_none_or(|c| holds(c, answers))
}

impl Questionnaire {
    pub fn screen_visible(&self, index: usize, answers: &Answers) -> bool {
        self.screens
            .get(index)
            .is_some_and(|s| shown(&s.show_if, answers))
    }

    /// Whether a question is shown: its screen and the question itself apply.
    pub fn question_visible(&self, id: &str, answers: &Answers) -> bool {
        self.screen_of(id).is_some_and(|i| {
            self.screen_visible(i, answers)
                && self.screens[i]
                    .questions
                    .iter()
                    .find(|q| q.id == id)
                    .is_some_and(|q| shown(&q.show_if, answers))
        })
    }

    /// Drop answers to questions that no longer apply, and to questions or
    /// choices that do not exist. Conditions only read earlier questions, so
    /// one pass in questionnaire order reaches the fixed point. Returns the
    /// ids of the dropped answers.
    pub fn prune(&self, answers: &mut Answers) -> Vec<String> {
        let mut kept = Answers::new();
        for (si, screen) in self.screens.iter().enumerate() {
            let screen_shown = self.screen_visible(si, &kept);
            for q in &screen.questions {
                if let Some(a) = answers.get(&q.id) {
                    if screen_shown && shown(&q.show_if, &kept) && validate(q, a).is_ok() {
                        kept.insert(q.id.clone(), a.clone());
                    }
                }
            }
        }
        let dropped = answers
            .keys()
            .filter(|k| !kept.contains_key(*k))
            .cloned()
            .collect();
        *answers = kept;
        dropped
    }

    /// `answers → facts`: findings from chosen choices and from the combined
    /// rules, the age (if given) and the "not known" notes. Every answer given
    /// counts; callers that want branching applied prune first.
    pub fn facts(&self, answers: &Answers) -> Facts {
        let mut findings = FindingSet::new();
        let mut notes: Vec<Note> = Vec::new();
        let mut age = None;
        for q in self.questions() {
            let Some(a) = answers.get(&q.id) else {
                continue;
            };
            if let (true, Answer::Number(n)) = (q.is_age, a) {
                age = Some(*n);
            }
            for c in a.chosen().iter().filter_map(|c| q.choice(c)) {
                findings = findings.union(
                    c.findings
                        .iter()
                        .filter_map(|f| Finding::from_id(f))
                        .collect(),
                );
                if let Some(n) = c.note.as_deref().and_then(Note::from_id) {
                    if !notes.contains(&n) {
                        notes.push(n);
                    }
                }
            }
        }
        for rule in &self.rules {
            if let Some(f) = Finding::from_id(&rule.finding) {
                if holds(&rule.when, answers) {
                    findings.insert(f);
                }
            }
        }
        Facts {
            findings,
            age,
            notes,
        }
    }
}
