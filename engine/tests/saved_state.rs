//! Saved-state schema: round trip, every corrupt/foreign/future input class
//! gives its typed error, content changes drop only what no longer fits, and
//! no input panics.

mod common;

use backcheck_engine::saved::{self, expired, LoadError, MAX_BYTES, SCHEMA};
use backcheck_engine::{questionnaire, Action, Session, Step};
use common::{give, journey, A};
use proptest::prelude::*;

fn sample() -> Session {
    let q = questionnaire();
    let mut s = Session::new();
    s.apply(q, Action::Start).unwrap();
    give(&mut s, "emergency_signs", &A::Many(&["none"]));
    s.apply(q, Action::Next).unwrap();
    give(&mut s, "onset", &A::One("gradually"));
    s.apply(q, Action::Next).unwrap();
    give(&mut s, "health_signs", &A::Many(&["cancer_history"]));
    s
}

#[test]
fn round_trip_keeps_session_time_and_version() {
    let q = questionnaire();
    let s = sample();
    let text = saved::save(&s, q, 1_764_000_000_000);
    let loaded = saved::load(&text, q).unwrap();
    assert_eq!(loaded.session, s);
    assert_eq!(loaded.saved_at, 1_764_000_000_000);
    assert_eq!(loaded.content_version, q.content_version);
    assert!(loaded.dropped.is_empty());
    assert!(text.contains("\"schema\":1"));
}

#[test]
fn round_trip_of_a_finished_and_an_emergency_session() {
    let q = questionnaire();
    let mut done = journey(&[
        ("emergency_signs", A::Many(&["none"])),
        ("onset", A::One("serious_accident")),
    ]);
    assert_eq!(done.step, Step::Emergency { from: 1 });
    assert_eq!(
        saved::load(&saved::save(&done, q, 5), q).unwrap().session,
        done
    );
    done.apply(q, Action::Back).unwrap();
    assert_eq!(saved::load(&saved::save(&done, q, 5), q).unwrap().session.step, Step::Emergency { from: 1 },
        "an emergency answer is never resumed past: loading puts the person back on the emergency screen");
}

#[test]
fn truncated_and_corrupt_input_is_malformed() {
    let q = questionnaire();
    let text = saved::save(&sample(), q, 1);
    for cut in [0, 1, text.len() / 2, text.len() - 1] {
        assert!(
            matches!(saved::load(&text[..cut], q), Err(LoadError::Malformed(_))),
            "cut at {cut}"
        );
    }
    assert!(matches!(
        saved::load("{\"app\":\"backcheck\",,}", q),
        Err(LoadError::Malformed(_))
    ));
    assert!(matches!(
        saved::load("\u{0}\u{1}garbage", q),
        Err(LoadError::Malformed(_))
    ));
}

#[test]
fn another_apps_json_is_foreign() {
    let q = questionnaire();
    for text in [
        "{\"todos\":[1,2,3]}",
        "[1,2]",
        "42",
        "null",
        "\"backcheck\"",
        "{\"app\":\"other\",\"schema\":1}",
    ] {
        assert_eq!(saved::load(text, q), Err(LoadError::Foreign), "{text}");
    }
}

#[test]
fn future_schema_is_refused_by_number() {
    let q = questionnaire();
    let text = saved::save(&sample(), q, 1).replace("\"schema\":1", "\"schema\":7");
    assert_eq!(saved::load(&text, q), Err(LoadError::FutureSchema(7)));
    const { assert!(SCHEMA < 7) };
}

#[test]
fn ours_but_wrong_fields_is_invalid() {
    let q = questionnaire();
    for text in [
        "{\"app\":\"backcheck\"}",
        "{\"app\":\"backcheck\",\"schema\":\"1\"}",
        "{\"app\":\"backcheck\",\"schema\":0}",
        "{\"app\":\"backcheck\",\"schema\":1,\"content_version\":\"1\",\"saved_at\":-5,\"session\":{}}",
        "{\"app\":\"backcheck\",\"schema\":1,\"content_version\":\"1\",\"saved_at\":1,\"session\":{\"step\":{\"moon\":{}},\"answers\":{},\"reviewed\":false}}",
    ] {
        assert!(matches!(saved::load(text, q), Err(LoadError::Invalid(_))), "{text}");
    }
}

#[test]
fn huge_input_is_refused_before_parsing() {
    let q = questionnaire();
    let huge = format!(
        "{{\"app\":\"backcheck\",\"pad\":\"{}\"}}",
        "x".repeat(MAX_BYTES)
    );
    assert_eq!(saved::load(&huge, q), Err(LoadError::TooLarge(huge.len())));
}

#[test]
fn answers_to_questions_that_no_longer_exist_are_dropped_and_the_rest_kept() {
    let q = questionnaire();
    let text = saved::save(&sample(), q, 1)
        .replace(
            "\"answers\":{",
            "\"answers\":{\"retired_question\":\"yes\",",
        )
        .replace("\"onset\":\"gradually\"", "\"onset\":\"teleported\"");
    let loaded = saved::load(&text, q).unwrap();
    assert_eq!(loaded.dropped, ["onset", "retired_question"]);
    assert!(loaded.session.answers.contains_key("emergency_signs"));
    // "onset" is unanswered again, so the person resumes there.
    assert_eq!(loaded.session.step, Step::Screen { index: 1 });
}

#[test]
fn another_content_version_resumes_from_the_welcome() {
    let q = questionnaire();
    let text = saved::save(&sample(), q, 1).replace(
        &format!("\"content_version\":\"{}\"", q.content_version),
        "\"content_version\":\"0-old\"",
    );
    let loaded = saved::load(&text, q).unwrap();
    assert_eq!(loaded.content_version, "0-old");
    assert_eq!(loaded.session.step, Step::Intro);
    assert_eq!(loaded.session.answers.len(), 3);
}

#[test]
fn expiry() {
    let day = 86_400_000;
    assert!(!expired(0, 7 * day, 7 * day));
    assert!(expired(0, 7 * day + 1, 7 * day));
    assert!(
        !expired(10 * day, 0, 7 * day),
        "a clock that went back does not expire"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,300}") {
        let _ = saved::load(&text, questionnaire());
    }

    #[test]
    fn mutated_records_never_panic_and_load_valid(cut in 0usize..2000, byte in 0u8..128, at in 0usize..2000) {
        let q = questionnaire();
        let mut bytes = saved::save(&journey_like(), q, 3).into_bytes();
        let at = at % bytes.len();
        bytes[at] = byte;
        bytes.truncate(cut.max(1));
        if let Ok(text) = String::from_utf8(bytes) {
            if let Ok(loaded) = saved::load(&text, q) {
                // Whatever loads is a valid session for this questionnaire.
                let mut again = loaded.session.answers.clone();
                prop_assert!(q.prune(&mut again).is_empty());
            }
        }
    }
}

fn journey_like() -> Session {
    journey(&[
        ("emergency_signs", A::Many(&["none"])),
        ("onset", A::One("minor_fall")),
        ("health_signs", A::Many(&["none"])),
        ("weight_loss", A::One("not_sure")),
        ("pain_signs", A::Many(&["none"])),
        ("pain_area", A::One("lower_back")),
        ("leg_pain", A::One("above_knee")),
        ("duration", A::One("over_3_months")),
        ("trend", A::One("same")),
        ("stiffness", A::One("no")),
        ("episodes", A::One("before")),
        ("function", A::One("runs_normally")),
        ("age", A::Num(41)),
        ("sex", A::One("female")),
        ("one_spot", A::One("yes")),
        (
            "bone_stress_factors",
            A::Many(&["under_fuelling", "past_stress_fracture"]),
        ),
        ("periods", A::One("regular")),
        ("training_changes", A::Many(&["new_speed_hills"])),
        ("routine", A::Many(&["none"])),
        ("kit_and_form", A::Many(&["overstride"])),
        ("recovery", A::Many(&["none"])),
    ])
}

#[test]
fn ticks_round_trip_and_reject_other_records() {
    use backcheck_engine::spec::Item;
    let text = saved::save_ticks(&[Item::WarmUp, Item::RestDays], 9);
    assert_eq!(
        saved::load_ticks(&text),
        Ok((vec![Item::WarmUp, Item::RestDays], 9))
    );
    let stale = text.replace("\"rest_days\"", "\"retired_item\"");
    assert_eq!(saved::load_ticks(&stale), Ok((vec![Item::WarmUp], 9)));
    let q = questionnaire();
    // A session record is not a ticks record, and the reverse.
    assert_eq!(
        saved::load_ticks(&saved::save(&sample(), q, 1)),
        Err(LoadError::Foreign)
    );
    assert!(saved::load(&text, q).is_err());
    assert_eq!(
        saved::load_ticks(&text.replace("\"schema\":1", "\"schema\":3")),
        Err(LoadError::FutureSchema(3))
    );
    assert!(matches!(
        saved::load_ticks("{\"app\":\"backcheck\",\"kind\":\"ticks\""),
        Err(LoadError::Malformed(_))
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Any session the reducer can reach survives a save and load unchanged.
    #[test]
    fn reachable_sessions_round_trip(seed in any::<u64>()) {
        let q = questionnaire();
        let (s, _) = common::random_walk(&mut common::Rng(seed | 1));
        let loaded = saved::load(&saved::save(&s, q, seed), q).unwrap();
        prop_assert_eq!(loaded.session, s);
        prop_assert_eq!(loaded.saved_at, seed);
    }
}

#[test]
fn text_with_quotes_and_unicode_round_trips() {
    use backcheck_engine::Answer;
    let q = questionnaire();
    let mut s = Session::new();
    // Not valid for this questionnaire (so repair drops it), but the writer
    // and reader must agree on any text.
    s.answers
        .insert("x\"y\\z\n\u{1}é😀".into(), Answer::One("\"".into()));
    let text = saved::save(&s, q, 1);
    let loaded = saved::load(&text, q).unwrap();
    assert_eq!(loaded.dropped, ["x\"y\\z\n\u{1}é😀"]);
}
