//! The session reducer under random action sequences: never panics, refused
//! actions change nothing, and the invariants in `session.rs` always hold.

use backcheck_engine::model::QuestionKind;
use backcheck_engine::{content, questionnaire, saved, Action, Session, Step};
use proptest::prelude::*;

fn reviewed() -> Session {
    let q = questionnaire();
    let mut s = Session::new();
    s.apply(q, Action::Start).unwrap();
    let pick = |x: &backcheck_engine::model::Question| match x.kind {
        QuestionKind::Number => Action::SetNumber {
            question: x.id.clone(),
            value: Some(35),
        },
        _ => {
            let c = x
                .choices
                .iter()
                .find(|c| c.exclusive || c.findings.is_empty())
                .unwrap_or(&x.choices[0]);
            Action::Choose {
                question: x.id.clone(),
                choice: c.id.clone(),
            }
        }
    };
    while let Step::Screen { index } = s.step {
        for x in &q.screens[index].questions {
            if q.question_visible(&x.id, &s.answers) {
                s.apply(q, pick(x)).unwrap();
            }
        }
        s.apply(q, Action::Next).unwrap();
    }
    assert_eq!(s.step, Step::Review);
    s
}

fn check(s: &Session) {
    if let Some(broken) = s.invariant_violation(questionnaire()) {
        panic!("{broken}: {s:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn random_action_sequences_keep_the_invariants(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..120),
        from_review in any::<bool>(),
    ) {
        let q = questionnaire();
        let pool = Action::samples(q);
        // Half the runs start at the review of a complete journey, so the
        // review/result invariants are exercised, not just the first screens.
        let mut s = if from_review { reviewed() } else { Session::new() };
        for pick in picks {
            let action = pool[pick.index(pool.len())].clone();
            let before = s.clone();
            match s.apply(q, action) {
                Ok(()) => check(&s),
                Err(_) => prop_assert_eq!(&s, &before, "a refused action changed the session"),
            }
        }
    }
}

#[test]
fn broken_sessions_are_named() {
    let q = questionnaire();
    let at = |step| Session {
        step,
        ..Session::default()
    };
    assert_eq!(at(Step::Intro).invariant_violation(q), None);
    assert_eq!(
        at(Step::Review).invariant_violation(q),
        Some("review or result with unanswered questions")
    );
    assert_eq!(
        at(Step::Emergency { from: 0 }).invariant_violation(q),
        Some("emergency screen without an emergency answer")
    );
    assert_eq!(
        at(Step::Screen { index: 999 }).invariant_violation(q),
        Some("a hidden or unknown screen is shown")
    );
    let mut s = reviewed();
    s.answers
        .insert("nope".into(), s.answers.values().next().unwrap().clone());
    assert_eq!(
        s.invariant_violation(q),
        Some("an answer to a hidden or invalid question")
    );
}

/// The widget's out-of-sight run (`content::rehearsal`) is the plain
/// journey `reviewed` takes, placed at the screen Start leads to, and Next
/// by Next it goes through every screen it shows to the review and a result
/// that is not an emergency, keeping the invariants at each step.
#[test]
fn the_rehearsal_is_a_plain_journey_to_the_result() {
    let q = questionnaire();
    let mut start = Session::new();
    start.apply(q, Action::Start).unwrap();
    let expected = Session {
        step: start.step,
        reviewed: false,
        ..reviewed()
    };
    assert_eq!(
        content::rehearsal().as_ref(),
        Some(&expected),
        "engine/content/rehearsal.json should be:\n{}",
        saved::save(&expected, q, 0)
    );
    let mut s = expected;
    let mut screens = 0;
    while let Step::Screen { .. } = s.step {
        check(&s);
        s.apply(q, Action::Next).unwrap();
        screens += 1;
    }
    assert_eq!(s.step, Step::Review);
    assert_eq!(
        screens,
        s.shown_screens(q).len(),
        "one Next per shown screen"
    );
    s.apply(q, Action::Next).unwrap();
    assert_eq!(s.step, Step::Result);
    check(&s);
    assert_ne!(s.assessment(q).level, backcheck_engine::Level::Emergency);
}
