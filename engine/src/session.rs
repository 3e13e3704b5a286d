//! The session reducer: the only way a questionnaire session changes.
//!
//! The widget keeps a `Session`, sends it `Action`s and renders what it says.
//! Invariants after every action (property-tested):
//! - `answers` holds only valid answers to questions that are currently shown;
//! - `step` is `Screen(i)` only for a shown screen;
//! - if any emergency flag follows from the answers, the step is `Emergency`
//!   or the screen the person went back to from it.

use crate::answers::{validate, Answer, AnswerError, Answers};
use crate::model::{QuestionKind, Questionnaire};
use crate::triage::{assess, Assessment};

/// Where the person is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Welcome screen, before the first question.
    Intro,
    /// A questionnaire screen, by index into `Questionnaire::screens`.
    Screen {
        index: usize,
    },
    /// All answers in one list before the result.
    Review,
    Result,
    /// An emergency flag was answered yes on screen `from`.
    Emergency {
        from: usize,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Start,
    /// Single: pick it. Multi: toggle it (an exclusive choice clears the
    /// others and is cleared by them). Number: the decline choice.
    Choose {
        question: String,
        choice: String,
    },
    /// A number question's value; `None` clears it (an emptied input box).
    SetNumber {
        question: String,
        value: Option<u32>,
    },
    Next,
    Back,
    /// "Change" from the review list: go to that screen.
    Edit {
        screen: usize,
    },
    Restart,
}

impl Action {
    /// A sample of every kind of action the widget could send for `q`, valid
    /// or not where it is shown (every choice of every question, every Edit
    /// target and one past the end, numbers in and out of range), plus
    /// nonsense ids. For the property tests and fuzz targets that drive the
    /// reducer; unused code never reaches the wasm.
    pub fn samples(q: &Questionnaire) -> Vec<Action> {
        let mut out = vec![Action::Start, Action::Next, Action::Back, Action::Restart];
        out.extend((0..=q.screens.len()).map(|screen| Action::Edit { screen }));
        for x in q.questions() {
            for c in &x.choices {
                out.push(Action::Choose {
                    question: x.id.clone(),
                    choice: c.id.clone(),
                });
            }
            if x.kind == crate::model::QuestionKind::Number {
                for value in [
                    None,
                    Some(0),
                    Some(15),
                    Some(45),
                    Some(70),
                    Some(500),
                    Some(u32::MAX),
                ] {
                    out.push(Action::SetNumber {
                        question: x.id.clone(),
                        value,
                    });
                }
            }
        }
        let choose = |question: &str, choice: &str| Action::Choose {
            question: question.into(),
            choice: choice.into(),
        };
        out.extend([choose("nope", "x"), choose("onset", "nope")]);
        out
    }
}

/// Why an action was refused. The session is unchanged when one is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionError {
    /// Answers may only change on the screen being shown.
    NotOnScreen {
        question: String,
    },
    Answer(AnswerError),
    /// `Next` before every shown question on the screen has an answer.
    Incomplete {
        question: String,
    },
    /// `Edit` of a screen that is not shown, or from outside the review.
    CannotEdit {
        screen: usize,
    },
    /// The action makes no sense at this step (e.g. `Next` on the result).
    NotHere,
}

impl From<AnswerError> for SessionError {
    fn from(e: AnswerError) -> Self {
        SessionError::Answer(e)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub step: Step,
    pub answers: Answers,
    /// Once the person has seen the review, `Next` after a change skips
    /// screens that are already complete and returns to the review.
    pub reviewed: bool,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            step: Step::Intro,
            answers: Answers::new(),
            reviewed: false,
        }
    }
}

/// "Step N of M" for the current screen, counting only shown screens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub number: usize,
    pub total: usize,
}

impl Session {
    pub fn new() -> Self {
        Self::default()
    }

    /// Apply an action; on error nothing changes.
    pub fn apply(&mut self, q: &Questionnaire, action: Action) -> Result<(), SessionError> {
        let mut next = self.clone();
        next.apply_inner(q, action)?;
        *self = next;
        Ok(())
    }

    fn apply_inner(&mut self, q: &Questionnaire, action: Action) -> Result<(), SessionError> {
        self.dispatch(q, action)?;
        // Whatever the path (Back to the welcome, then Start), the review and
        // the result are never reached past an emergency answer.
        if matches!(self.step, Step::Review | Step::Result) && self.has_emergency(q) {
            self.step = Step::Emergency {
                from: self.first_emergency_screen(q),
            };
        }
        Ok(())
    }

    fn dispatch(&mut self, q: &Questionnaire, action: Action) -> Result<(), SessionError> {
        match action {
            Action::Start => match self.step {
                Step::Intro => self.step = self.first_open_from(q, 0),
                _ => return Err(SessionError::NotHere),
            },
            Action::Choose { question, choice } => {
                let answer = self.chosen(q, &question, choice)?;
                self.set_answer(q, question, answer)?;
            }
            Action::SetNumber { question, value } => match value {
                Some(n) => self.set_answer(q, question, Some(Answer::Number(n)))?,
                None => self.set_answer(q, question, None)?,
            },
            Action::Next => {
                let Step::Screen { index } = self.step else {
                    return match self.step {
                        Step::Review => {
                            self.step = Step::Result;
                            Ok(())
                        }
                        _ => Err(SessionError::NotHere),
                    };
                };
                if let Some(question) = self.missing_on(q, index) {
                    return Err(SessionError::Incomplete { question });
                }
                self.step = if self.has_emergency(q) {
                    Step::Emergency { from: index }
                } else if self.reviewed {
                    self.first_open_from(q, index + 1)
                } else {
                    // Past the last screen, the review only once all is answered.
                    self.next_shown(q, index + 1).map_or_else(
                        || self.first_open_from(q, 0),
                        |index| Step::Screen { index },
                    )
                };
                if self.step == Step::Review {
                    self.reviewed = true;
                }
            }
            Action::Back => {
                self.step = match self.step {
                    Step::Intro => return Err(SessionError::NotHere),
                    Step::Screen { index } => self
                        .prev_shown(q, index)
                        .map_or(Step::Intro, |index| Step::Screen { index }),
                    Step::Review => self
                        .prev_shown(q, q.screens.len())
                        .map_or(Step::Intro, |index| Step::Screen { index }),
                    Step::Result => Step::Review,
                    Step::Emergency { from } => Step::Screen { index: from },
                };
            }
            Action::Edit { screen } => {
                if self.step != Step::Review || !q.screen_visible(screen, &self.answers) {
                    return Err(SessionError::CannotEdit { screen });
                }
                self.step = Step::Screen { index: screen };
            }
            Action::Restart => *self = Session::default(),
        }
        Ok(())
    }

    /// The answer that results from choosing `choice` on `question`.
    fn chosen(
        &self,
        q: &Questionnaire,
        question: &str,
        choice: String,
    ) -> Result<Option<Answer>, SessionError> {
        let qn = q
            .question(question)
            .ok_or_else(|| AnswerError::UnknownQuestion(question.to_owned()))?;
        let c = qn
            .choice(&choice)
            .ok_or_else(|| AnswerError::UnknownChoice {
                question: question.to_owned(),
                choice: choice.clone(),
            })?;
        Ok(Some(match qn.kind {
            QuestionKind::Single | QuestionKind::Number => Answer::One(choice),
            QuestionKind::Multi => {
                let mut list: Vec<String> = match self.answers.get(question) {
                    Some(Answer::Many(list)) => list.clone(),
                    _ => Vec::new(),
                };
                if let Some(pos) = list.iter().position(|x| *x == choice) {
                    list.remove(pos);
                } else if c.exclusive {
                    list = vec![choice];
                } else {
                    list.retain(|x| qn.choice(x).is_some_and(|c| !c.exclusive));
                    list.push(choice);
                }
                if list.is_empty() {
                    return Ok(None);
                }
                Answer::Many(list)
            }
        }))
    }

    fn set_answer(
        &mut self,
        q: &Questionnaire,
        question: String,
        answer: Option<Answer>,
    ) -> Result<(), SessionError> {
        let Step::Screen { index } = self.step else {
            return Err(SessionError::NotOnScreen { question });
        };
        let on_screen = q.screens[index].questions.iter().find(|x| x.id == question);
        let Some(qn) = on_screen.filter(|_| q.question_visible(&question, &self.answers)) else {
            return Err(SessionError::NotOnScreen { question });
        };
        match answer {
            Some(a) => {
                validate(qn, &a)?;
                self.answers.insert(question, a);
            }
            None => {
                self.answers.remove(&question);
            }
        }
        q.prune(&mut self.answers);
        if self.has_emergency(q) {
            self.step = Step::Emergency { from: index };
        }
        Ok(())
    }

    fn has_emergency(&self, q: &Questionnaire) -> bool {
        has_emergency(q, &self.answers)
    }

    /// The first shown question on a screen without an answer.
    pub fn missing_on(&self, q: &Questionnaire, index: usize) -> Option<String> {
        q.screens[index]
            .questions
            .iter()
            .find(|x| q.question_visible(&x.id, &self.answers) && !self.answers.contains_key(&x.id))
            .map(|x| x.id.clone())
    }

    fn next_shown(&self, q: &Questionnaire, from: usize) -> Option<usize> {
        (from..q.screens.len()).find(|&i| q.screen_visible(i, &self.answers))
    }

    fn prev_shown(&self, q: &Questionnaire, before: usize) -> Option<usize> {
        (0..before)
            .rev()
            .find(|&i| q.screen_visible(i, &self.answers))
    }

    /// The first shown, incomplete screen at or after `from`, else the review.
    fn first_open_from(&self, q: &Questionnaire, from: usize) -> Step {
        (from..q.screens.len())
            .find(|&i| q.screen_visible(i, &self.answers) && self.missing_on(q, i).is_some())
            .map_or(Step::Review, |index| Step::Screen { index })
    }

    /// The shown screens, in order, given the current answers.
    pub fn shown_screens(&self, q: &Questionnaire) -> Vec<usize> {
        (0..q.screens.len())
            .filter(|&i| q.screen_visible(i, &self.answers))
            .collect()
    }

    /// "Step N of M" while on a screen. M counts the screens shown for the
    /// answers so far, so it can change as branching reveals or skips screens.
    pub fn progress(&self, q: &Questionnaire) -> Option<Progress> {
        let Step::Screen { index } = self.step else {
            return None;
        };
        let shown = self.shown_screens(q);
        let number = shown.iter().position(|&i| i == index)? + 1;
        Some(Progress {
            number,
            total: shown.len(),
        })
    }

    /// The assessment for the answers so far.
    pub fn assessment(&self, q: &Questionnaire) -> Assessment {
        assess(&q.facts(&self.answers))
    }

    /// Put a session read from storage back into a valid state for `q`:
    /// drop answers that no longer fit, and move off a screen that is gone.
    pub(crate) fn repair(&mut self, q: &Questionnaire) -> Vec<String> {
        let dropped = q.prune(&mut self.answers);
        self.step = if self.has_emergency(q) {
            Step::Emergency {
                from: self.first_emergency_screen(q),
            }
        } else {
            match self.step {
                Step::Intro => Step::Intro,
                // Resume on the saved screen unless an earlier one lost an answer.
                Step::Screen { index } if q.screen_visible(index, &self.answers) => {
                    match self.first_open_from(q, 0) {
                        Step::Screen { index: open } if open < index => {
                            Step::Screen { index: open }
                        }
                        _ => Step::Screen { index },
                    }
                }
                Step::Review | Step::Result if self.complete(q) => self.step.clone(),
                _ => self.first_open_from(q, 0),
            }
        };
        dropped
    }

    /// The first shown screen by which the answers already hold an emergency flag.
    fn first_emergency_screen(&self, q: &Questionnaire) -> usize {
        let mut so_far = Answers::new();
        for i in self.shown_screens(q) {
            for x in &q.screens[i].questions {
                if let Some(a) = self.answers.get(&x.id) {
                    so_far.insert(x.id.clone(), a.clone());
                }
            }
            if has_emergency(q, &so_far) {
                return i;
            }
        }
        0
    }

    /// Every shown question has an answer.
    pub fn complete(&self, q: &Questionnaire) -> bool {
        self.shown_screens(q)
            .into_iter()
            .all(|i| self.missing_on(q, i).is_none())
    }

    /// The first broken invariant, if any. Every session the reducer or the
    /// saved-state loader produces keeps these (property tests and fuzz
    /// targets check it after every action): no answer to a hidden or
    /// invalid question; the emergency screen only with an emergency answer;
    /// review and result only when complete and free of emergency answers;
    /// a shown screen is visible; progress stays within 1..=total.
    pub fn invariant_violation(&self, q: &Questionnaire) -> Option<&'static str> {
        let mut pruned = self.answers.clone();
        if !q.prune(&mut pruned).is_empty() {
            return Some("an answer to a hidden or invalid question");
        }
        let emergency = has_emergency(q, &self.answers);
        let broken = match self.step {
            Step::Screen { index } => (!q.screen_visible(index, &self.answers))
                .then_some("a hidden or unknown screen is shown"),
            Step::Emergency { from } => (!emergency)
                .then_some("emergency screen without an emergency answer")
                .or((from >= q.screens.len()).then_some("emergency from an unknown screen")),
            Step::Review | Step::Result if emergency => {
                Some("review or result past an emergency answer")
            }
            Step::Review | Step::Result => {
                (!self.complete(q)).then_some("review or result with unanswered questions")
            }
            Step::Intro => None,
        };
        broken.or_else(|| {
            self.progress(q)
                .filter(|p| !(1 <= p.number && p.number <= p.total))
                .map(|_| "progress out of range")
        })
    }
}

fn has_emergency(q: &Questionnaire, answers: &Answers) -> bool {
    q.facts(answers).findings.iter().any(|f| f.is_emergency())
}
