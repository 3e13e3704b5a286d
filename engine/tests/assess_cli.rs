//! The `assess` binary end to end (spec §6): both input forms, several lines,
//! files, and exit code 2 for unknown ids and malformed JSON.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn assess(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_assess"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run assess");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

#[test]
fn spec_example_findings_form() {
    let out = assess(
        &[],
        "{\"age\": 54, \"findings\": [\"first_episode\", \"new_speed_hills\"]}\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = &lines(&out)[0];
    assert_eq!(v["level"], "soon");
    assert_eq!(v["red_flags"], serde_json::json!(["age_over_50_new"]));
    assert_eq!(v["causes"], serde_json::json!(["new_speed_hills"]));
    assert_eq!(v["checklist"][0], "one_new_session_type");
    assert_eq!(v["advice"].as_array().unwrap().len(), 5);
}

#[test]
fn answers_form_and_several_lines() {
    let input = "\
{\"answers\": {\"emergency_signs\": [\"none\"], \"onset\": \"minor_fall\", \"age\": 70}}

{\"answers\": {\"emergency_signs\": [\"chest_pain\"]}}
{\"findings\": [\"minor_fall\"]}
{\"answers\": {\"age\": \"prefer_not_to_say\", \"episodes\": \"first_time\"}}
";
    let out = assess(&[], input);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = lines(&out);
    assert_eq!(v.len(), 4, "blank lines are skipped");
    assert_eq!(v[0]["level"], "urgent");
    assert_eq!(
        v[0]["red_flags"],
        serde_json::json!(["fracture_risk_minor_trauma"])
    );
    assert_eq!(v[1]["level"], "emergency");
    assert_eq!(v[1]["causes"], serde_json::json!([]));
    assert_eq!(v[2]["level"], "urgent");
    assert_eq!(v[2]["notes"], serde_json::json!(["age_not_given"]));
    assert_eq!(v[3]["red_flags"], serde_json::json!(["age_over_50_new"]));
    for x in &v {
        assert_eq!(x["safety_net"].as_array().unwrap().len(), 6);
    }
}

#[test]
fn reads_files_given_as_arguments() {
    let dir = std::env::temp_dir().join(format!("assess-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("in.jsonl");
    std::fs::write(
        &f,
        "{\"findings\": [\"fever_unwell\"]}\n{\"findings\": []}\n",
    )
    .unwrap();
    let out = assess(&[f.to_str().unwrap()], "");
    let v = lines(&out);
    assert_eq!(
        (v[0]["level"].as_str(), v[1]["level"].as_str()),
        (Some("urgent"), Some("self_care"))
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn an_answer_the_questionnaire_would_not_ask_exits_2_naming_it() {
    // `trend` is asked only when the pain has lasted 2 weeks or more.
    let out = assess(
        &[],
        "{\"answers\": {\"duration\": \"under_2_weeks\", \"trend\": \"worse\"}}",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`trend` would not be asked"), "{err}");
    let out = assess(
        &[],
        "{\"answers\": {\"duration\": \"over_3_months\", \"trend\": \"worse\"}}",
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(lines(&out)[0]["red_flags"]
        .to_string()
        .contains("not_improving_2wk"));
}

#[test]
fn unknown_finding_exits_2_naming_it() {
    let out = assess(
        &[],
        "{\"findings\": [\"fever_unwell\"]}\n{\"findings\": [\"back_ache_lol\"]}\n",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("back_ache_lol") && err.contains("line 2"),
        "{err}"
    );
}

#[test]
fn unknown_question_or_choice_exits_2_naming_it() {
    for (input, name) in [
        (
            "{\"answers\": {\"favourite_colour\": \"blue\"}}",
            "favourite_colour",
        ),
        ("{\"answers\": {\"onset\": \"aliens\"}}", "aliens"),
        ("{\"answers\": {\"age\": 400}}", "age"),
        ("{\"findings\": [\"fever_unwell\"], \"mood\": 3}", "mood"),
    ] {
        let out = assess(&[], input);
        assert_eq!(out.status.code(), Some(2), "{input}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(name),
            "{input}"
        );
    }
}

#[test]
fn malformed_json_exits_2_naming_the_line() {
    let out = assess(&[], "{\"findings\": []}\n{\"findings\": [\n");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 2") && err.contains("malformed JSON"),
        "{err}"
    );
}

#[test]
fn help_explains_the_format() {
    let out = assess(&["--help"], "");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "findings",
        "answers",
        "prefer_not_to_say",
        "exit",
        "red_flags",
    ] {
        assert!(text.to_lowercase().contains(needle), "help lacks {needle}");
    }
}

mod parsing {
    //! `assess` input parsing never panics, and every error is one of the
    //! typed kinds (property tests over arbitrary and near-valid lines).
    use backcheck_engine::{cli, questionnaire};
    use proptest::prelude::*;

    fn near_valid() -> impl Strategy<Value = String> {
        let ids = prop::sample::select(vec![
            "fever_unwell",
            "minor_fall",
            "load_spike",
            "nope",
            "",
            "age_over_50_new",
            "emergency_signs",
            "onset",
            "none",
        ]);
        (
            prop::collection::vec(ids, 0..5),
            prop::option::of(-5i64..200),
            any::<bool>(),
        )
            .prop_map(|(ids, age, answers)| {
                let list = ids
                    .iter()
                    .map(|i| format!("{i:?}"))
                    .collect::<Vec<_>>()
                    .join(",");
                let age = age.map_or(String::new(), |a| format!(",\"age\":{a}"));
                if answers {
                    format!(
                        "{{\"answers\":{{\"emergency_signs\":[{list}],\"onset\":{}}}}}",
                        ids.first().map_or("null".into(), |i| format!("{i:?}"))
                    )
                } else {
                    format!("{{\"findings\":[{list}]{age}}}")
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn arbitrary_lines_never_panic(line in ".{0,200}") {
            let _ = cli::assess_line(&line, questionnaire());
        }

        #[test]
        fn near_valid_lines_parse_or_fail_cleanly(line in near_valid()) {
            match cli::assess_line(&line, questionnaire()) {
                Ok(a) => prop_assert!(!a.safety_net.is_empty()),
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }
    }
}
