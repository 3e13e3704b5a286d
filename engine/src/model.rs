//! The questionnaire model: screens, questions, choices and typed show-if conditions.
//!
//! This file is also compiled into `build.rs` (via `#[path]`), so the bundled
//! TOML is checked against exactly these types at build time. Keep it free of
//! crate-internal imports: only `serde` and `std`.

use serde::Deserialize;

/// The whole questionnaire: ordered screens plus the rules that turn
/// combinations of answers into findings.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// Bumped whenever a question, choice or rule changes meaning; stored with
    /// saved answers so a resumed session knows what it was answered against.
    pub content_version: String,
    pub screens: Vec<Screen>,
    /// Findings that need more than one answer (e.g. `bone_stress_risk`).
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// One step of the flow: one clear decision, usually one question.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Screen {
    pub id: String,
    /// The screen is skipped (never shown greyed out) unless this holds.
    #[serde(default)]
    pub show_if: Option<Condition>,
    pub questions: Vec<Question>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Exactly one choice.
    Single,
    /// One or more choices; exactly one choice is `exclusive` ("none of these").
    Multi,
    /// A whole number in `min..=max`, or the `decline` choice ("prefer not to say").
    Number,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    #[serde(default)]
    pub show_if: Option<Condition>,
    /// For `single` and `multi`: the choices. For `number`: exactly one, the decline choice.
    #[serde(default)]
    pub choices: Vec<Choice>,
    #[serde(default)]
    pub min: Option<u32>,
    #[serde(default)]
    pub max: Option<u32>,
    /// The question carries the person's age (spec "facts: age").
    #[serde(default)]
    pub is_age: bool,
    /// A help text exists under `q.<id>.help`.
    #[serde(default)]
    pub help: bool,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    /// Findings (spec ids) this choice produces on its own.
    #[serde(default)]
    pub findings: Vec<String>,
    /// In a multi question: choosing this clears the others ("none of these").
    #[serde(default)]
    pub exclusive: bool,
    /// A note id the result carries when this is chosen ("not sure" answers).
    #[serde(default)]
    pub note: Option<String>,
    /// A help text exists under `q.<question>.<choice>.help`.
    #[serde(default)]
    pub help: bool,
}

/// A finding produced by a combination of answers.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub finding: String,
    pub when: Condition,
}

/// A typed condition over earlier answers. Unanswered questions satisfy no
/// positive test, except where `or_unknown` says that "not given" counts as met
/// (spec §2: an unknown age meets every age condition).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// A single question has this choice, or a multi question includes it.
    Chosen {
        question: String,
        choice: String,
    },
    /// Like `chosen`, for any of several choices.
    ChosenAny {
        question: String,
        choices: Vec<String>,
    },
    /// A number question holds a number below `value`.
    NumberBelow {
        question: String,
        value: u32,
        #[serde(default)]
        or_unknown: bool,
    },
    /// A number question holds a number of at least `value`.
    NumberAtLeast {
        question: String,
        value: u32,
        #[serde(default)]
        or_unknown: bool,
    },
    AllOf(Vec<Condition>),
    AnyOf(Vec<Condition>),
    Not(Box<Condition>),
}

impl Condition {
    /// Every question id this condition reads, in order of appearance.
    pub fn questions(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_questions(&mut out);
        out
    }

    fn collect_questions<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Condition::Chosen { question, .. }
            | Condition::ChosenAny { question, .. }
            | Condition::NumberBelow { question, .. }
            | Condition::NumberAtLeast { question, .. } => out.push(question),
            Condition::AllOf(cs) | Condition::AnyOf(cs) => {
                cs.iter().for_each(|c| c.collect_questions(out))
            }
            Condition::Not(c) => c.collect_questions(out),
        }
    }

    /// Every (question, choice) pair this condition names.
    pub fn choices(&self) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        self.collect_choices(&mut out);
        out
    }

    fn collect_choices<'a>(&'a self, out: &mut Vec<(&'a str, &'a str)>) {
        match self {
            Condition::Chosen { question, choice } => out.push((question, choice)),
            Condition::ChosenAny { question, choices } => {
                out.extend(choices.iter().map(|c| (question.as_str(), c.as_str())))
            }
            Condition::NumberBelow { .. } | Condition::NumberAtLeast { .. } => {}
            Condition::AllOf(cs) | Condition::AnyOf(cs) => {
                cs.iter().for_each(|c| c.collect_choices(out))
            }
            Condition::Not(c) => c.collect_choices(out),
        }
    }
}

impl Question {
    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.id == id)
    }
}

impl Questionnaire {
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.screens.iter().flat_map(|s| s.questions.iter())
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().find(|q| q.id == id)
    }

    pub fn screen_index(&self, id: &str) -> Option<usize> {
        self.screens.iter().position(|s| s.id == id)
    }

    /// The index of the screen holding a question.
    pub fn screen_of(&self, question: &str) -> Option<usize> {
        self.screens
            .iter()
            .position(|s| s.questions.iter().any(|q| q.id == question))
    }
}
