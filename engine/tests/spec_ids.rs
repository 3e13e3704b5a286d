//! The engine's ids and levels against the spec's own tables: parses
//! `docs/clinical-spec.md` so the two cannot drift apart.

use backcheck_engine::spec::{Combination, Evidence, Finding, Item, Kind, Level};

fn spec_text() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/clinical-spec.md");
    std::fs::read_to_string(path).expect("docs/clinical-spec.md is part of the repo")
}

/// Table rows (cells trimmed) per section heading ("## 2." / "### Derived").
fn rows(section_prefix: &str) -> Vec<Vec<String>> {
    let text = spec_text();
    let mut inside = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            inside = line
                .trim_start_matches('#')
                .trim()
                .starts_with(section_prefix);
            continue;
        }
        if inside && line.starts_with("| `") {
            out.push(
                line.trim_matches('|')
                    .split('|')
                    .map(|c| c.trim().to_owned())
                    .collect(),
            );
        }
    }
    out
}

fn ticked(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn level(cell: &str) -> Level {
    match cell.chars().next() {
        Some('E') => Level::Emergency,
        Some('U') => Level::Urgent,
        Some('S') => Level::Soon,
        _ => panic!("unexpected level cell {cell:?}"),
    }
}

fn level_by_id(id: &str) -> Level {
    *Level::ALL
        .iter()
        .find(|l| l.id() == id)
        .unwrap_or_else(|| panic!("unknown level {id}"))
}

#[test]
fn levels_match_section_1_in_order() {
    let ids: Vec<Level> = rows("1.")
        .iter()
        .map(|r| level_by_id(&ticked(&r[0])[0]))
        .collect();
    assert_eq!(ids, Level::ALL.to_vec());
}

#[test]
fn red_flags_match_section_2() {
    let spec: Vec<(String, Level)> = rows("2.")
        .iter()
        .map(|r| (ticked(&r[0])[0].clone(), level(r.last().unwrap())))
        .collect();
    assert_eq!(spec.len(), 22, "the spec's red-flag table has 22 rows");
    let ours: Vec<(String, Level)> = Finding::ALL
        .iter()
        .filter_map(|f| match f.kind() {
            Kind::RedFlag(l) => Some((f.id().to_owned(), l)),
            _ => None,
        })
        .collect();
    assert_eq!(ours, spec);
}

#[test]
fn derived_flags_and_combinations_match() {
    let rows = rows("Derived");
    let derived: Vec<(String, Level)> = rows
        .iter()
        .filter(|r| r.len() == 3)
        .map(|r| (ticked(&r[0])[0].clone(), level(&r[2])))
        .collect();
    let ours: Vec<(String, Level)> = Finding::ALL
        .iter()
        .filter_map(|f| match f.kind() {
            Kind::Derived(l) => Some((f.id().to_owned(), l)),
            _ => None,
        })
        .collect();
    assert_eq!(ours, derived);

    let combos: Vec<(Vec<String>, Level)> = rows
        .iter()
        .filter(|r| r.len() == 2)
        .map(|r| (ticked(&r[0]), level(&r[1])))
        .collect();
    let ours: Vec<(Vec<String>, Level)> = Combination::ALL
        .iter()
        .map(|c| {
            (
                c.needs().iter().map(|f| f.id().to_owned()).collect(),
                c.level(),
            )
        })
        .collect();
    assert_eq!(ours, combos);
}

#[test]
fn modifiers_match() {
    let text = spec_text();
    let start = text
        .find("Modifiers (findings with no level of their own):")
        .unwrap();
    let para = &text[start..start + text[start..].find("\n\n").unwrap()];
    let spec = ticked(para);
    let ours: Vec<String> = Finding::ALL
        .iter()
        .filter(|f| f.kind() == Kind::Modifier)
        .map(|f| f.id().to_owned())
        .collect();
    assert_eq!(ours, spec);
}

#[test]
fn causes_and_evidence_match_section_3() {
    let spec: Vec<(String, String)> = rows("3.")
        .iter()
        .map(|r| (ticked(&r[0])[0].clone(), r[3].clone()))
        .collect();
    assert_eq!(spec.len(), 14);
    let ours: Vec<(String, String)> = Finding::ALL
        .iter()
        .filter_map(|f| match f.kind() {
            Kind::Cause(item) => Some((f.id().to_owned(), item.evidence().spec_text().to_owned())),
            _ => None,
        })
        .collect();
    assert_eq!(ours, spec);
    // Every grade the spec uses is one we can show, and we define no others.
    for e in Evidence::ALL {
        assert!(
            spec.iter().any(|(_, g)| g == e.spec_text()),
            "{e:?} unused by the spec"
        );
    }
}

#[test]
fn every_cause_has_its_own_item_and_always_on_items_follow_the_spec() {
    let items: Vec<Item> = Finding::ALL
        .iter()
        .filter_map(|f| match f.kind() {
            Kind::Cause(i) => Some(i),
            _ => None,
        })
        .collect();
    let mut unique = items.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 14, "two causes share a checklist item");
    let text = spec_text();
    assert!(text.contains(
        "Always-on checklist items (after the personal ones): warm up; strength work\ntwice a week; increase load gradually; listen to pain and ease off."
    ));
    assert_eq!(
        Item::ALWAYS_ON.map(Item::id),
        [
            "warm_up",
            "strength_twice_weekly",
            "increase_gradually",
            "listen_to_pain"
        ]
    );
}

#[test]
fn vendored_spec_matches_shared_spec_when_present() {
    // CI and developer machines have ../shared beside the clone; the vendored
    // copy keeps a standalone clone testable, and this keeps it current.
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/clinical-spec.md");
    match std::fs::read_to_string(shared) {
        Ok(shared) => assert_eq!(
            spec_text(),
            shared,
            "docs/clinical-spec.md differs from ../shared/clinical-spec.md: copy it over and review the rule changes"
        ),
        Err(_) => eprintln!("note: {shared} not found; checked the vendored copy only"),
    }
}
