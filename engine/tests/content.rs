//! Content validation: the bundled questionnaire against the spec, its own
//! structure, and the text catalogues (spec §5 invariant 6).

mod common;

use std::collections::{BTreeMap, BTreeSet};

use backcheck_engine::model::{Condition, QuestionKind};
use backcheck_engine::spec::{Advice, Combination, Evidence, Finding, Item, Kind, Level, Note};
use backcheck_engine::text::{keys, Catalogue};
use backcheck_engine::{questionnaire, Step};
use common::{random_walk, Rng};

fn is_snake(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !id.starts_with('_')
        && !id.ends_with('_')
}

#[test]
fn ids_are_unique_snake_case() {
    let q = questionnaire();
    assert!(!q.content_version.is_empty());
    let mut screens = BTreeSet::new();
    let mut questions = BTreeSet::new();
    for s in &q.screens {
        assert!(is_snake(&s.id), "screen id {:?}", s.id);
        assert!(screens.insert(&s.id), "duplicate screen id {}", s.id);
        for qn in &s.questions {
            assert!(is_snake(&qn.id), "question id {:?}", qn.id);
            assert!(questions.insert(&qn.id), "duplicate question id {}", qn.id);
            let mut choices = BTreeSet::new();
            for c in &qn.choices {
                assert!(is_snake(&c.id), "choice id {:?}", c.id);
                assert!(choices.insert(&c.id), "duplicate choice {}.{}", qn.id, c.id);
            }
        }
    }
}

#[test]
fn every_question_is_answerable_and_well_formed() {
    let q = questionnaire();
    let ages = q.questions().filter(|x| x.is_age).count();
    assert_eq!(ages, 1, "exactly one age question");
    for s in &q.screens {
        assert!(!s.questions.is_empty(), "screen {} has no question", s.id);
        // A way forward: the screen's first question is always shown when the screen is.
        assert!(
            s.questions[0].show_if.is_none(),
            "screen {} may show no question",
            s.id
        );
        for x in &s.questions {
            match x.kind {
                QuestionKind::Single => assert!(x.choices.len() >= 2, "{} needs 2+ choices", x.id),
                QuestionKind::Multi => {
                    let none: Vec<_> = x.choices.iter().filter(|c| c.exclusive).collect();
                    assert_eq!(
                        none.len(),
                        1,
                        "{} needs exactly one explicit 'none of these'",
                        x.id
                    );
                    assert!(x.choices.len() >= 3, "{}", x.id);
                }
                QuestionKind::Number => {
                    assert!(
                        x.min.is_some() && x.max.is_some() && x.min <= x.max,
                        "{}",
                        x.id
                    );
                    assert_eq!(
                        x.choices.len(),
                        1,
                        "{}: a number question has one decline choice",
                        x.id
                    );
                }
            }
            if x.kind != QuestionKind::Multi {
                assert!(
                    x.choices.iter().all(|c| !c.exclusive),
                    "{}: exclusive only on multi",
                    x.id
                );
            }
        }
    }
}

#[test]
fn content_references_only_spec_ids() {
    let q = questionnaire();
    for x in q.questions() {
        for c in &x.choices {
            for f in &c.findings {
                let found = Finding::from_id(f)
                    .unwrap_or_else(|| panic!("{}.{}: unknown finding {f}", x.id, c.id));
                assert!(
                    !matches!(found.kind(), Kind::Derived(_)),
                    "{}.{}: derived flag {f} must come from its rule, not an answer",
                    x.id,
                    c.id
                );
            }
            if let Some(n) = &c.note {
                assert!(
                    Note::from_id(n).is_some(),
                    "{}.{}: unknown note {n}",
                    x.id,
                    c.id
                );
            }
        }
    }
    for r in &q.rules {
        let f = Finding::from_id(&r.finding)
            .unwrap_or_else(|| panic!("rule for unknown finding {}", r.finding));
        assert!(
            !matches!(f.kind(), Kind::Derived(_)),
            "derived flags are the engine's rules"
        );
    }
}

fn conditions(q: &backcheck_engine::Questionnaire) -> Vec<(String, usize, &Condition)> {
    // (owner, position of owner in question order, condition)
    let order: Vec<&str> = q.questions().map(|x| x.id.as_str()).collect();
    let pos = |id: &str| order.iter().position(|x| *x == id).unwrap();
    let mut out = Vec::new();
    for s in &q.screens {
        if let Some(c) = &s.show_if {
            out.push((format!("screen {}", s.id), pos(&s.questions[0].id), c));
        }
        for x in &s.questions {
            if let Some(c) = &x.show_if {
                out.push((format!("question {}", x.id), pos(&x.id), c));
            }
        }
    }
    for r in &q.rules {
        out.push((format!("rule {}", r.finding), order.len(), &r.when));
    }
    out
}

#[test]
fn conditions_refer_only_to_earlier_questions_and_real_choices() {
    let q = questionnaire();
    let order: Vec<&str> = q.questions().map(|x| x.id.as_str()).collect();
    for (owner, at, cond) in conditions(q) {
        for question in cond.questions() {
            let p = order
                .iter()
                .position(|x| *x == question)
                .unwrap_or_else(|| panic!("{owner}: unknown question {question}"));
            assert!(p < at, "{owner} reads {question}, which is not earlier");
        }
        for (question, choice) in cond.choices() {
            assert!(
                q.question(question).unwrap().choice(choice).is_some(),
                "{owner}: {question} has no choice {choice}"
            );
        }
    }
}

#[test]
fn emergency_questions_come_first() {
    // Spec flow rule: nothing but emergency questions before the last screen
    // whose choices can only be emergency signs.
    let q = questionnaire();
    let first = &q.screens[0].questions[0];
    for c in &first.choices {
        assert!(
            c.exclusive
                || c.findings
                    .iter()
                    .all(|f| Finding::from_id(f).unwrap().is_emergency()),
            "the first screen asks only emergency signs"
        );
    }
    let e_covered: BTreeSet<&str> = q.screens[..2]
        .iter()
        .flat_map(|s| &s.questions)
        .flat_map(|x| &x.choices)
        .flat_map(|c| &c.findings)
        .map(String::as_str)
        .filter(|f| Finding::from_id(f).unwrap().is_emergency())
        .collect();
    let all_e: BTreeSet<&str> = Finding::ALL
        .iter()
        .filter(|f| f.is_emergency())
        .map(|f| f.id())
        .collect();
    assert_eq!(
        e_covered, all_e,
        "all emergency flags are asked on the first two screens"
    );
}

/// Invariant 6: every finding in the spec (derived ones through their rules)
/// is reachable through the questionnaire, shown by a generated answer path
/// through the real reducer; every screen and choice is used by some path.
#[test]
fn every_finding_screen_and_choice_is_reachable() {
    let q = questionnaire();
    let mut rng = Rng(0x5EED_BAC4);
    let mut paths: BTreeMap<&'static str, Vec<(String, backcheck_engine::Answer)>> =
        BTreeMap::new();
    let mut screens = BTreeSet::new();
    let mut choices = BTreeSet::new();
    let mut levels = BTreeSet::new();
    for _ in 0..40_000 {
        let (s, path) = random_walk(&mut rng);
        for (qid, a) in &path {
            screens.insert(q.screen_of(qid).unwrap());
            for c in a.chosen() {
                choices.insert((qid.clone(), c.clone()));
            }
        }
        let facts = q.facts(&s.answers);
        let a = s.assessment(q);
        levels.insert(a.level);
        for f in facts.findings.iter().chain(a.red_flags.iter().copied()) {
            paths.entry(f.id()).or_insert_with(|| path.clone());
        }
        if matches!(s.step, Step::Emergency { .. }) {
            assert_eq!(a.level, Level::Emergency);
        }
    }
    let missing: Vec<&str> = Finding::ALL
        .iter()
        .map(|f| f.id())
        .filter(|f| !paths.contains_key(f))
        .collect();
    assert!(missing.is_empty(), "unreachable findings: {missing:?}");
    assert_eq!(screens.len(), q.screens.len(), "some screen is never shown");
    for x in q.questions() {
        for c in &x.choices {
            assert!(
                choices.contains(&(x.id.clone(), c.id.clone())),
                "choice {}.{} never offered",
                x.id,
                c.id
            );
        }
    }
    assert_eq!(levels.len(), 4, "every level is reachable from answers");
    // Show one generated path for a finding that needs several answers.
    eprintln!(
        "a path to bone_stress_risk: {:?}",
        paths["bone_stress_risk"]
    );
}

#[test]
fn common_path_has_at_most_14_screens() {
    let q = questionnaire();
    let unconditional = q.screens.iter().filter(|s| s.show_if.is_none()).count();
    assert!(
        unconditional <= 14,
        "{unconditional} screens on the common path"
    );
}

/// Every key the content and the engine imply.
fn required_keys() -> BTreeSet<String> {
    let q = questionnaire();
    let mut k = BTreeSet::new();
    for s in &q.screens {
        k.insert(keys::screen_title(&s.id));
        for x in &s.questions {
            k.insert(keys::question(&x.id));
            if x.help {
                k.insert(keys::question_help(&x.id));
            }
            if x.kind == QuestionKind::Number {
                k.insert(keys::unit(&x.id));
            }
            for c in &x.choices {
                k.insert(keys::choice(&x.id, &c.id));
                if c.help {
                    k.insert(keys::choice_help(&x.id, &c.id));
                }
            }
        }
    }
    for l in Level::ALL {
        k.insert(keys::level_title(l));
        k.insert(keys::level_action(l));
    }
    for &f in Finding::ALL {
        match f.kind() {
            Kind::RedFlag(_) | Kind::Derived(_) => {
                k.insert(keys::flag(f));
            }
            Kind::Cause(_) => {
                k.insert(keys::cause(f));
            }
            Kind::Modifier => {}
        }
        if f.is_emergency() {
            k.insert(keys::safety(f));
        }
    }
    k.insert(keys::SAFETY_INTRO.to_owned());
    for key in [
        keys::SUMMARY_TITLE,
        keys::SUMMARY_DATE,
        keys::SUMMARY_CLINIC,
        keys::SUMMARY_ANSWERS,
        keys::SUMMARY_RESULT,
        keys::SUMMARY_REASONS,
        keys::SUMMARY_PLAN,
        keys::SUMMARY_ADVICE,
        keys::SUMMARY_NOTES,
        keys::SUMMARY_DISCLAIMER,
        keys::ICS_TITLE,
        keys::ICS_DESCRIPTION,
        keys::SAFETY_TITLE,
    ] {
        k.insert(key.to_owned());
    }
    k.extend(Combination::ALL.iter().map(|c| keys::combination(*c)));
    for &i in Item::ALL {
        k.insert(keys::item(i));
        k.insert(keys::item_why(i));
    }
    k.extend(Evidence::ALL.iter().map(|e| keys::evidence(*e)));
    k.extend(Advice::ALL.iter().map(|a| keys::advice(*a)));
    k.extend(Note::ALL.iter().map(|n| keys::note(*n)));
    k
}

#[test]
fn every_content_text_key_exists_in_english_and_none_is_orphaned() {
    let en = Catalogue::english();
    let required = required_keys();
    let missing: Vec<&String> = required.iter().filter(|k| en.lookup(k).is_none()).collect();
    assert!(missing.is_empty(), "missing in en.toml: {missing:?}");
    // Content keys that nothing uses are stale text; UI keys are the widget's
    // to check.
    let orphans: Vec<&str> = en
        .keys()
        .filter(|k| !k.starts_with("ui."))
        .filter(|k| !required.contains(*k))
        .collect();
    assert!(
        orphans.is_empty(),
        "unused content keys in en.toml: {orphans:?}"
    );
}

#[test]
fn every_catalogue_has_exactly_the_english_keys_and_no_empty_text() {
    let en: BTreeSet<&str> = Catalogue::english().keys().collect();
    for cat in Catalogue::all() {
        let keys: BTreeSet<&str> = cat.keys().collect();
        let missing: Vec<&&str> = en.difference(&keys).collect();
        let extra: Vec<&str> = cat.extra_keys().collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: missing {missing:?}, not in English {extra:?}",
            cat.locale
        );
        for (k, v) in cat.entries() {
            assert!(!v.trim().is_empty(), "{}: {k} is empty", cat.locale);
        }
    }
}

/// Keys whose text is the same in every language (brand names).
const SAME_IN_EVERY_LANGUAGE: &[&str] = &["ui.app_title"];

/// Words that really are spelt the same as in English, per language.
const SAME_WORDS: &[(&str, &str)] = &[("es", "No")];

fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .collect()
}

#[test]
fn translations_are_translated_and_keep_placeholders() {
    let en = Catalogue::english();
    for cat in Catalogue::all().filter(|c| c.locale != "en") {
        for (k, v) in cat.entries() {
            let source = en.lookup(k).unwrap_or_default();
            assert_eq!(
                placeholders(v),
                placeholders(source),
                "{}: {k} placeholders differ from English",
                cat.locale
            );
            if !SAME_IN_EVERY_LANGUAGE.contains(&k) && !SAME_WORDS.contains(&(cat.locale, v)) {
                assert_ne!(
                    v, source,
                    "{}: {k} is identical to English (untranslated?)",
                    cat.locale
                );
            }
        }
    }
    for k in SAME_IN_EVERY_LANGUAGE {
        assert!(
            en.lookup(k).is_some(),
            "allow-listed key {k} does not exist"
        );
    }
}

#[test]
fn the_bundled_questionnaire_is_exactly_the_toml() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/content/questionnaire.toml");
    let from_toml: backcheck_engine::Questionnaire =
        toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(*questionnaire(), from_toml);
}
