//! Test helpers: drive the real session reducer through a journey given as
//! answers, and a small deterministic PRNG for generated walks.
#![allow(dead_code)]

use std::collections::BTreeMap;

use backcheck_engine::answers::Answer;
use backcheck_engine::model::QuestionKind;
use backcheck_engine::{questionnaire, Action, Session, Step};

/// A journey's answers: question id → choice id(s) or a number.
pub enum A {
    One(&'static str),
    Many(&'static [&'static str]),
    Num(u32),
}

/// Answer every shown question on each screen from `answers` (through
/// `Choose`/`SetNumber`, as the widget does) and press Next, until the review
/// or the emergency screen. Panics if a shown question has no answer, or if
/// an answer was given for a question the journey never showed (branching).
pub fn journey(answers: &[(&str, A)]) -> Session {
    let q = questionnaire();
    let map: BTreeMap<&str, &A> = answers.iter().map(|(k, v)| (*k, v)).collect();
    let mut used = Vec::new();
    let mut s = Session::new();
    s.apply(q, Action::Start).unwrap();
    for _ in 0..100 {
        let Step::Screen { index } = s.step else {
            break;
        };
        for question in &q.screens[index].questions {
            if !q.question_visible(&question.id, &s.answers) {
                continue;
            }
            let a = map.get(question.id.as_str()).unwrap_or_else(|| {
                panic!("journey has no answer for shown question `{}`", question.id)
            });
            used.push(question.id.as_str());
            give(&mut s, &question.id, a);
            if matches!(s.step, Step::Emergency { .. }) {
                break;
            }
        }
        if matches!(s.step, Step::Emergency { .. }) {
            break;
        }
        s.apply(q, Action::Next).unwrap();
    }
    if !matches!(s.step, Step::Emergency { .. }) {
        let unused: Vec<&&str> = map.keys().filter(|k| !used.contains(*k)).collect();
        assert!(
            unused.is_empty(),
            "answers given for questions never shown: {unused:?}"
        );
    }
    s
}

pub fn give(s: &mut Session, question: &str, a: &A) {
    let q = questionnaire();
    let action = |choice: &str| Action::Choose {
        question: question.to_owned(),
        choice: choice.to_owned(),
    };
    match a {
        A::One(c) => s.apply(q, action(c)).unwrap(),
        A::Many(cs) => {
            for c in *cs {
                s.apply(q, action(c)).unwrap();
                if matches!(s.step, Step::Emergency { .. }) {
                    return;
                }
            }
        }
        A::Num(n) => s
            .apply(
                q,
                Action::SetNumber {
                    question: question.to_owned(),
                    value: Some(*n),
                },
            )
            .unwrap(),
    }
}

/// xorshift64*: deterministic, dependency-free randomness for generated walks.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }
}

/// Ages a generated walk tries: each side of every age threshold in the spec
/// and the content, plus "prefer not to say".
pub const AGES: [Option<u32>; 9] = [
    Some(9),
    Some(15),
    Some(19),
    Some(20),
    Some(44),
    Some(49),
    Some(50),
    Some(64),
    Some(70),
];

/// One random walk through the reducer to the review or the emergency
/// screen, answering each shown question with a random valid answer.
pub fn random_walk(rng: &mut Rng) -> (Session, Vec<(String, Answer)>) {
    let q = questionnaire();
    let mut s = Session::new();
    let mut path = Vec::new();
    s.apply(q, Action::Start).unwrap();
    while let Step::Screen { index } = s.step {
        for question in &q.screens[index].questions {
            if !q.question_visible(&question.id, &s.answers)
                || matches!(s.step, Step::Emergency { .. })
            {
                continue;
            }
            let id = question.id.clone();
            match question.kind {
                QuestionKind::Number => {
                    let pick = rng.below(AGES.len() + 1);
                    let action = match AGES.get(pick) {
                        Some(Some(n)) => Action::SetNumber {
                            question: id.clone(),
                            value: Some(*n),
                        },
                        _ => Action::Choose {
                            question: id.clone(),
                            choice: question.choices[0].id.clone(),
                        },
                    };
                    s.apply(q, action).unwrap();
                }
                QuestionKind::Single | QuestionKind::Multi => {
                    let c = &question.choices[rng.below(question.choices.len())];
                    s.apply(
                        q,
                        Action::Choose {
                            question: id.clone(),
                            choice: c.id.clone(),
                        },
                    )
                    .unwrap();
                    // Sometimes tick a second box on multi questions.
                    if question.kind == QuestionKind::Multi
                        && rng.below(3) == 0
                        && !matches!(s.step, Step::Emergency { .. })
                    {
                        let c2 = &question.choices[rng.below(question.choices.len())];
                        s.apply(
                            q,
                            Action::Choose {
                                question: id.clone(),
                                choice: c2.id.clone(),
                            },
                        )
                        .unwrap();
                        if !s.answers.contains_key(&id) && !matches!(s.step, Step::Emergency { .. })
                        {
                            // Toggled the only box off again: tick it back.
                            s.apply(
                                q,
                                Action::Choose {
                                    question: id.clone(),
                                    choice: c.id.clone(),
                                },
                            )
                            .unwrap();
                        }
                    }
                }
            }
            if let Some(a) = s.answers.get(&id) {
                path.push((id, a.clone()));
            }
        }
        if matches!(s.step, Step::Emergency { .. }) {
            break;
        }
        s.apply(q, Action::Next).unwrap();
    }
    (s, path)
}
