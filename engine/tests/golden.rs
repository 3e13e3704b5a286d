//! Golden journeys: answers (not findings) through the real session reducer
//! to the assessment, one per clinically distinct path.

mod common;

use backcheck_engine::session::SessionError;
use backcheck_engine::spec::{Advice, Combination, Item, Level, Note};
use backcheck_engine::{questionnaire, Action, Assessment, Session, Step};
use common::{give, journey, A};

/// A 35-year-old with short, simple low back pain and no risk factor.
fn base() -> Vec<(&'static str, A)> {
    vec![
        ("emergency_signs", A::Many(&["none"])),
        ("onset", A::One("while_running")),
        ("health_signs", A::Many(&["none"])),
        ("weight_loss", A::One("no")),
        ("pain_signs", A::Many(&["none"])),
        ("pain_area", A::One("lower_back")),
        ("leg_pain", A::One("no")),
        ("duration", A::One("under_2_weeks")),
        ("episodes", A::One("first_time")),
        ("function", A::One("runs_with_pain")),
        ("age", A::Num(35)),
        ("sex", A::One("male")),
        ("one_spot", A::One("no")),
        ("training_changes", A::Many(&["none"])),
        ("routine", A::Many(&["none"])),
        ("kit_and_form", A::Many(&["none"])),
        ("recovery", A::Many(&["none"])),
    ]
}

/// The base journey with some answers replaced or added.
fn with(changes: Vec<(&'static str, A)>) -> Vec<(&'static str, A)> {
    let mut b = base();
    for (k, v) in changes {
        match b.iter_mut().find(|(x, _)| *x == k) {
            Some(slot) => slot.1 = v,
            None => b.push((k, v)),
        }
    }
    b
}

fn finish(answers: Vec<(&'static str, A)>) -> (Session, Assessment) {
    let s = journey(&answers);
    let a = s.assessment(questionnaire());
    (s, a)
}

fn flags(a: &Assessment) -> Vec<&'static str> {
    a.red_flags.iter().map(|f| f.id()).collect()
}

fn causes(a: &Assessment) -> Vec<&'static str> {
    a.causes.iter().map(|f| f.id()).collect()
}

#[test]
fn j01_all_clear_is_self_care_with_always_on_plan() {
    let (s, a) = finish(base());
    assert_eq!(s.step, Step::Review);
    assert_eq!(a.level, Level::SelfCare);
    assert!(a.red_flags.is_empty() && a.causes.is_empty());
    assert_eq!(a.checklist, Item::ALWAYS_ON.to_vec());
    assert_eq!(a.advice, Advice::STANDARD.to_vec());
    assert!(a.notes.is_empty());
    assert_eq!(a.safety_net.len(), 6);
}

#[test]
fn j02_training_factors_make_a_personal_plan_first() {
    let (_, a) = finish(with(vec![
        ("training_changes", A::Many(&["load_spike"])),
        ("routine", A::Many(&["no_warmup"])),
        ("kit_and_form", A::Many(&["worn_or_single_shoes"])),
    ]));
    assert_eq!(a.level, Level::SelfCare);
    assert_eq!(
        causes(&a),
        ["load_spike", "worn_or_single_shoes", "no_warmup"]
    );
    assert_eq!(
        a.checklist.iter().map(|i| i.id()).collect::<Vec<_>>(),
        [
            "step_back_then_build",
            "replace_rotate_shoes",
            "warm_up",
            "strength_twice_weekly",
            "increase_gradually",
            "listen_to_pain"
        ]
    );
}

#[test]
fn j03_saddle_numbness_jumps_to_emergency_at_once() {
    let q = questionnaire();
    let mut s = Session::new();
    s.apply(q, Action::Start).unwrap();
    give(&mut s, "emergency_signs", &A::Many(&["saddle_numbness"]));
    // No Next pressed: the jump happens as soon as the sign is chosen.
    assert_eq!(s.step, Step::Emergency { from: 0 });
    let a = s.assessment(q);
    assert_eq!(a.level, Level::Emergency);
    assert_eq!(flags(&a), ["ces_saddle_numbness"]);
    assert!(a.causes.is_empty() && a.checklist.is_empty() && a.advice.is_empty());
}

#[test]
fn j04_serious_accident_is_an_emergency() {
    let (s, a) = finish(with(vec![("onset", A::One("serious_accident"))]));
    assert_eq!(s.step, Step::Emergency { from: 1 });
    assert_eq!(a.level, Level::Emergency);
    assert_eq!(flags(&a), ["major_trauma"]);
}

#[test]
fn j05_both_legs_later_in_the_flow_still_jumps() {
    let (s, a) = finish(with(vec![("leg_pain", A::One("both_legs"))]));
    let q = questionnaire();
    assert_eq!(
        s.step,
        Step::Emergency {
            from: q.screen_index("where").unwrap()
        }
    );
    assert_eq!(flags(&a), ["bilateral_leg_symptoms"]);
}

#[test]
fn j06_chest_pain_with_other_signs() {
    let (_, a) = finish(with(vec![(
        "emergency_signs",
        A::Many(&["chest_pain", "bladder_bowel"]),
    )]));
    assert_eq!(a.level, Level::Emergency);
    // The jump happens on the first sign ticked; the second is never reached.
    assert_eq!(flags(&a), ["chest_pain"]);
}

#[test]
fn j07_fever_is_urgent() {
    let (_, a) = finish(with(vec![("health_signs", A::Many(&["fever_unwell"]))]));
    assert_eq!(a.level, Level::Urgent);
    assert_eq!(flags(&a), ["fever_unwell"]);
    assert!(a.advice.is_empty(), "no home self-care advice when urgent");
}

#[test]
fn j08_weight_loss_not_sure_never_lowers_and_is_said() {
    let (_, no) = finish(base());
    let (_, unsure) = finish(with(vec![("weight_loss", A::One("not_sure"))]));
    let (_, yes) = finish(with(vec![("weight_loss", A::One("yes"))]));
    assert!(unsure.level >= no.level);
    assert_eq!((no.level, unsure.level), (Level::SelfCare, Level::SelfCare));
    assert_eq!(unsure.notes, [Note::WeightLossNotKnown]);
    assert_eq!(yes.level, Level::Urgent);
    assert_eq!(flags(&yes), ["unexplained_weight_loss"]);
}

#[test]
fn j09_upper_back_pain_is_urgent() {
    let (_, a) = finish(with(vec![("pain_area", A::One("upper_back"))]));
    assert_eq!((a.level, flags(&a)), (Level::Urgent, vec!["thoracic_pain"]));
}

#[test]
fn j10_sciatica_not_improving_is_soon() {
    let (_, a) = finish(with(vec![
        ("leg_pain", A::One("below_knee_one_leg")),
        ("duration", A::One("2_weeks_to_3_months")),
        ("trend", A::One("same")),
    ]));
    assert_eq!(a.level, Level::Soon);
    assert_eq!(flags(&a), ["unilateral_sciatica", "not_improving_2wk"]);
    assert_eq!(a.advice, Advice::STANDARD.to_vec());
}

#[test]
fn j11_inflammatory_pattern_under_45() {
    let (_, a) = finish(with(vec![
        ("duration", A::One("over_3_months")),
        ("trend", A::One("better")),
        ("stiffness", A::One("yes")),
        ("age", A::Num(30)),
    ]));
    assert_eq!(
        (a.level, flags(&a)),
        (Level::Soon, vec!["inflammatory_pattern"])
    );
}

#[test]
fn j12_over_45_started_later_is_not_inflammatory() {
    let (_, a) = finish(with(vec![
        ("duration", A::One("over_3_months")),
        ("trend", A::One("better")),
        ("stiffness", A::One("yes")),
        ("episodes", A::One("before")),
        ("age", A::Num(52)),
        ("started_before_45", A::One("no")),
    ]));
    assert_eq!(
        (a.level, flags(&a)),
        (Level::Soon, vec!["recurrent_episodes"])
    );
}

#[test]
fn j13_over_45_not_sure_when_it_started_counts_as_met() {
    let (_, a) = finish(with(vec![
        ("duration", A::One("over_3_months")),
        ("trend", A::One("better")),
        ("stiffness", A::One("yes")),
        ("episodes", A::One("before")),
        ("age", A::Num(52)),
        ("started_before_45", A::One("not_sure")),
    ]));
    assert_eq!(flags(&a), ["inflammatory_pattern", "recurrent_episodes"]);
}

#[test]
fn j14_minor_fall_at_70_is_urgent() {
    let (_, a) = finish(with(vec![
        ("onset", A::One("minor_fall")),
        ("episodes", A::One("before")),
        ("age", A::Num(70)),
    ]));
    assert_eq!(a.level, Level::Urgent);
    assert_eq!(
        flags(&a),
        ["recurrent_episodes", "fracture_risk_minor_trauma"]
    );
}

#[test]
fn j15_prefer_not_to_say_age_takes_the_careful_option_and_says_so() {
    let (_, a) = finish(with(vec![
        ("onset", A::One("minor_fall")),
        ("age", A::One("prefer_not_to_say")),
        // Unknown age meets "under 20": the extension question is asked.
        ("extension_pain", A::One("no")),
    ]));
    assert_eq!(a.level, Level::Urgent);
    assert_eq!(flags(&a), ["fracture_risk_minor_trauma", "age_over_50_new"]);
    assert_eq!(a.notes, [Note::AgeNotGiven]);
}

#[test]
fn j16_steroids_with_sudden_severe_pain_is_urgent() {
    let (_, a) = finish(with(vec![
        ("onset", A::One("sudden_severe")),
        ("health_signs", A::Many(&["osteoporosis_or_steroids"])),
    ]));
    assert_eq!(a.level, Level::Urgent);
    assert_eq!(flags(&a), ["osteoporosis_or_steroids"]);
    assert_eq!(a.combinations, [Combination::OsteoporosisSuddenSeverePain]);
}

#[test]
fn j17_bone_stress_from_missed_periods_says_stop_running() {
    let (_, a) = finish(with(vec![
        ("age", A::Num(22)),
        ("sex", A::One("female")),
        ("one_spot", A::One("yes")),
        ("bone_stress_factors", A::Many(&["none"])),
        ("periods", A::One("missed")),
    ]));
    assert_eq!(
        (a.level, flags(&a)),
        (Level::Soon, vec!["bone_stress_risk"])
    );
    assert_eq!(a.advice[0], Advice::BoneStressStopRunning);
}

#[test]
fn j18_bone_stress_and_cannot_bear_weight_is_urgent() {
    let (_, a) = finish(with(vec![
        ("function", A::One("cannot_bear_weight")),
        ("one_spot", A::One("yes")),
        ("bone_stress_factors", A::Many(&["past_stress_fracture"])),
    ]));
    assert_eq!(a.level, Level::Urgent);
    assert!(a
        .combinations
        .contains(&Combination::BoneStressCannotBearWeight));
}

#[test]
fn j19_cannot_bear_weight_alone_is_soon() {
    let (_, a) = finish(with(vec![("function", A::One("cannot_bear_weight"))]));
    assert_eq!(a.level, Level::Soon);
    assert_eq!(a.combinations, [Combination::CannotBearWeight]);
}

#[test]
fn j20_teenager_with_extension_pain() {
    let (_, a) = finish(with(vec![
        ("age", A::Num(16)),
        ("extension_pain", A::One("yes")),
    ]));
    assert_eq!(
        (a.level, flags(&a)),
        (Level::Soon, vec!["young_extension_pain"])
    );
}

#[test]
fn j21_first_episode_at_55() {
    let (_, a) = finish(with(vec![("age", A::Num(55))]));
    assert_eq!((a.level, flags(&a)), (Level::Soon, vec!["age_over_50_new"]));
}

#[test]
fn j22_periods_question_only_where_it_applies() {
    // Male: bone-stress screen shows the factors but not the periods question.
    let (_, a) = finish(with(vec![
        ("one_spot", A::One("yes")),
        ("bone_stress_factors", A::Many(&["under_fuelling"])),
    ]));
    assert_eq!(flags(&a), ["bone_stress_risk"]);
}

#[test]
fn j23_two_urgent_signs_are_both_named() {
    let (_, a) = finish(with(vec![
        ("health_signs", A::Many(&["cancer_history"])),
        ("pain_signs", A::Many(&["leg_weakness", "night_rest_pain"])),
    ]));
    assert_eq!(a.level, Level::Urgent);
    assert_eq!(
        flags(&a),
        [
            "cancer_history",
            "night_rest_pain",
            "progressive_leg_weakness"
        ]
    );
}

#[test]
fn j24_every_running_factor() {
    let (_, a) = finish(with(vec![
        (
            "training_changes",
            A::Many(&["load_spike", "return_after_break", "new_speed_hills"]),
        ),
        (
            "routine",
            A::Many(&["no_rest_days", "no_warmup", "low_strength", "running_only"]),
        ),
        (
            "kit_and_form",
            A::Many(&[
                "worn_or_single_shoes",
                "hard_cambered_surface",
                "overstride",
            ]),
        ),
        (
            "recovery",
            A::Many(&[
                "tight_hips_hamstrings",
                "poor_sleep",
                "dehydration",
                "prior_injury",
            ]),
        ),
    ]));
    assert_eq!(a.level, Level::SelfCare);
    assert_eq!(a.causes.len(), 14);
    // 14 personal items, then the two always-on items not already there.
    assert_eq!(a.checklist.len(), 16);
    assert_eq!(
        &a.checklist[14..],
        [Item::IncreaseGradually, Item::ListenToPain]
    );
}

#[test]
fn j25_edit_after_review_drops_answers_that_no_longer_apply() {
    let q = questionnaire();
    let mut s = journey(&with(vec![
        ("duration", A::One("over_3_months")),
        ("trend", A::One("worse")),
        ("stiffness", A::One("yes")),
        ("age", A::Num(30)),
    ]));
    assert_eq!(s.step, Step::Review);
    assert_eq!(s.assessment(q).level, Level::Soon);
    s.apply(
        q,
        Action::Edit {
            screen: q.screen_index("duration").unwrap(),
        },
    )
    .unwrap();
    give(&mut s, "duration", &A::One("under_2_weeks"));
    assert!(!s.answers.contains_key("trend") && !s.answers.contains_key("stiffness"));
    assert!(
        s.answers.contains_key("age"),
        "unrelated later answers are kept"
    );
    // Already reviewed: Next skips the complete screens and returns to the review.
    s.apply(q, Action::Next).unwrap();
    assert_eq!(s.step, Step::Review);
    assert_eq!(s.assessment(q).level, Level::SelfCare);
    s.apply(q, Action::Next).unwrap();
    assert_eq!(s.step, Step::Result);
}

#[test]
fn j26_back_then_change_an_answer_reveals_a_new_screen() {
    let q = questionnaire();
    let mut s = journey(&base());
    // Back from the review to the last screen, then back to "about you".
    let about = q.screen_index("about_you").unwrap();
    while s.step != (Step::Screen { index: about }) {
        s.apply(q, Action::Back).unwrap();
    }
    give(&mut s, "age", &A::Num(17));
    s.apply(q, Action::Next).unwrap();
    assert_eq!(
        s.step,
        Step::Screen {
            index: q.screen_index("extension").unwrap()
        }
    );
    give(&mut s, "extension_pain", &A::One("yes"));
    s.apply(q, Action::Next).unwrap();
    assert_eq!(s.step, Step::Review, "later screens were complete");
    assert_eq!(s.assessment(q).level, Level::Soon);
}

#[test]
fn j27_back_from_emergency_to_correct_a_mistake() {
    let q = questionnaire();
    let mut s = Session::new();
    s.apply(q, Action::Start).unwrap();
    give(&mut s, "emergency_signs", &A::Many(&["chest_pain"]));
    assert_eq!(s.step, Step::Emergency { from: 0 });
    s.apply(q, Action::Back).unwrap();
    assert_eq!(s.step, Step::Screen { index: 0 });
    // Next while the sign is still ticked goes straight back to the emergency.
    s.apply(q, Action::Next).unwrap();
    assert_eq!(s.step, Step::Emergency { from: 0 });
    s.apply(q, Action::Back).unwrap();
    give(&mut s, "emergency_signs", &A::Many(&["none"]));
    assert_eq!(
        s.answers["emergency_signs"],
        backcheck_engine::Answer::Many(vec!["none".into()])
    );
    s.apply(q, Action::Next).unwrap();
    assert_eq!(s.step, Step::Screen { index: 1 });
}

#[test]
fn next_needs_every_shown_question_and_none_is_exclusive() {
    let q = questionnaire();
    let mut s = Session::new();
    s.apply(q, Action::Start).unwrap();
    assert_eq!(
        s.apply(q, Action::Next),
        Err(SessionError::Incomplete {
            question: "emergency_signs".into()
        })
    );
    assert!(
        s.answers.is_empty(),
        "'none of these' is never pre-selected"
    );
    give(&mut s, "emergency_signs", &A::Many(&["none"]));
    s.apply(q, Action::Next).unwrap();
    give(&mut s, "onset", &A::One("gradually"));
    s.apply(q, Action::Next).unwrap();
    // Two questions on this screen: one answer is not enough.
    give(
        &mut s,
        "health_signs",
        &A::Many(&["cancer_history", "fever_unwell"]),
    );
    assert_eq!(
        s.apply(q, Action::Next),
        Err(SessionError::Incomplete {
            question: "weight_loss".into()
        })
    );
    give(&mut s, "health_signs", &A::Many(&["none"]));
    assert_eq!(
        s.answers["health_signs"],
        backcheck_engine::Answer::Many(vec!["none".into()])
    );
    give(&mut s, "health_signs", &A::Many(&["fever_unwell"]));
    assert_eq!(
        s.answers["health_signs"],
        backcheck_engine::Answer::Many(vec!["fever_unwell".into()])
    );
    // Untick the only box: the question is unanswered again.
    give(&mut s, "health_signs", &A::Many(&["fever_unwell"]));
    assert!(!s.answers.contains_key("health_signs"));
    // Answers to other screens are refused.
    assert!(matches!(
        s.apply(
            q,
            Action::Choose {
                question: "onset".into(),
                choice: "gradually".into()
            }
        ),
        Err(SessionError::NotOnScreen { .. })
    ));
}

#[test]
fn progress_counts_only_shown_screens() {
    let q = questionnaire();
    let mut s = Session::new();
    assert_eq!(s.progress(q), None);
    s.apply(q, Action::Start).unwrap();
    let p = s.progress(q).unwrap();
    assert_eq!(p.number, 1);
    let common = q.screens.iter().filter(|x| x.show_if.is_none()).count();
    // Before "age" is given, the under-20 screen counts (unknown age meets it).
    assert_eq!(p.total, common + 1);
    let s = journey(&base());
    assert_eq!(s.shown_screens(q).len(), common);
}

#[test]
fn restart_clears_everything() {
    let q = questionnaire();
    let mut s = journey(&base());
    s.apply(q, Action::Restart).unwrap();
    assert_eq!(s, Session::new());
}

#[test]
fn j28_an_emergency_answer_left_ticked_never_reaches_the_review() {
    // Review → Back to the first screen → tick chest pain → "Back, I chose
    // this by mistake" → Back to the welcome → Start: the emergency screen,
    // not the review.
    let q = questionnaire();
    let mut s = journey(&base());
    while s.step != (Step::Screen { index: 0 }) {
        s.apply(q, Action::Back).unwrap();
    }
    give(&mut s, "emergency_signs", &A::Many(&["none"]));
    give(&mut s, "emergency_signs", &A::Many(&["chest_pain"]));
    assert_eq!(s.step, Step::Emergency { from: 0 });
    s.apply(q, Action::Back).unwrap();
    s.apply(q, Action::Back).unwrap();
    assert_eq!(s.step, Step::Intro);
    s.apply(q, Action::Start).unwrap();
    assert_eq!(s.step, Step::Emergency { from: 0 });
}
