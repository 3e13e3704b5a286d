//! `findings (+ age) → assessment`: the spec's §1–§4 rules in one pure function.
//!
//! Every rule is monotone (only "present" tests, and an unknown age meets every
//! age condition), so the level is the maximum over fired rules and adding a
//! finding can never lower it. Tests prove this exhaustively and by proptest.

use serde::Serialize;

use crate::spec::{Advice, Combination, Finding, Item, Kind, Level, Note};

/// A set of findings as a bit set: cheap to copy and to enumerate subsets of.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FindingSet(u64);

const _: () = assert!(Finding::ALL.len() <= 64);

impl FindingSet {
    pub const fn new() -> Self {
        FindingSet(0)
    }
    pub fn insert(&mut self, f: Finding) {
        self.0 |= 1 << f as u64;
    }
    pub fn remove(&mut self, f: Finding) {
        self.0 &= !(1 << f as u64);
    }
    pub fn contains(self, f: Finding) -> bool {
        self.0 & (1 << f as u64) != 0
    }
    pub fn is_subset(self, other: FindingSet) -> bool {
        self.0 & !other.0 == 0
    }
    pub fn iter(self) -> impl Iterator<Item = Finding> {
        Finding::ALL
            .iter()
            .copied()
            .filter(move |f| self.contains(*f))
    }
    pub fn union(self, other: FindingSet) -> FindingSet {
        FindingSet(self.0 | other.0)
    }
}

impl FromIterator<Finding> for FindingSet {
    fn from_iter<I: IntoIterator<Item = Finding>>(iter: I) -> Self {
        let mut s = FindingSet::new();
        iter.into_iter().for_each(|f| s.insert(f));
        s
    }
}

impl std::fmt::Debug for FindingSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter().map(Finding::id)).finish()
    }
}

/// What the engine knows about a person: findings, age (if given) and what
/// they said they did not know.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub findings: FindingSet,
    pub age: Option<u32>,
    pub notes: Vec<Note>,
}

/// The result of a check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Assessment {
    pub level: Level,
    /// Fired red flags, derived ones included, in the spec's order.
    pub red_flags: Vec<Finding>,
    /// Fired combination rules (these explain levels no single flag gives).
    pub combinations: Vec<Combination>,
    /// Running-related factors found (empty for `emergency`, spec §3).
    pub causes: Vec<Finding>,
    /// Checklist item ids: personal first, then always-on (empty for `emergency`).
    pub checklist: Vec<Item>,
    /// Self-care advice ids (only for `self_care` and `soon`).
    pub advice: Vec<Advice>,
    /// What was not known (e.g. `age_not_given`).
    pub notes: Vec<Note>,
    /// The emergency warning signs; every result carries them.
    pub safety_net: Vec<Finding>,
}

/// Does an age condition hold? An unknown age counts as met (spec §2).
fn age_meets(age: Option<u32>, test: impl Fn(u32) -> bool) -> bool {
    age.is_none_or(test)
}

/// The derived red flags that fire for these facts (spec §2 table).
fn derived(f: FindingSet, age: Option<u32>) -> FindingSet {
    let mut out = FindingSet::new();
    if f.contains(Finding::MinorFall)
        && (f.contains(Finding::OsteoporosisOrSteroids) || age_meets(age, |a| a >= 65))
    {
        out.insert(Finding::FractureRiskMinorTrauma);
    }
    if f.contains(Finding::FirstEpisode) && age_meets(age, |a| a >= 50) {
        out.insert(Finding::AgeOver50New);
    }
    if f.contains(Finding::ExtensionPain) && age_meets(age, |a| a < 20) {
        out.insert(Finding::YoungExtensionPain);
    }
    out
}

pub fn assess(facts: &Facts) -> Assessment {
    let all = facts.findings.union(derived(facts.findings, facts.age));

    let red_flags: Vec<Finding> = all.iter().filter(|f| f.is_red_flag()).collect();
    let combinations: Vec<Combination> = Combination::ALL
        .iter()
        .copied()
        .filter(|c| c.needs().iter().all(|f| all.contains(*f)))
        .collect();

    let level = red_flags
        .iter()
        .filter_map(|f| f.own_level())
        .chain(combinations.iter().map(|c| c.level()))
        .max()
        .unwrap_or(Level::SelfCare);

    let (causes, checklist) = if level == Level::Emergency {
        (Vec::new(), Vec::new())
    } else {
        let causes: Vec<Finding> = all.iter().filter(|f| f.is_cause()).collect();
        let mut checklist: Vec<Item> = causes
            .iter()
            .filter_map(|f| match f.kind() {
                Kind::Cause(item) => Some(item),
                _ => None,
            })
            .collect();
        for item in Item::ALWAYS_ON {
            if !checklist.contains(&item) {
                checklist.push(item);
            }
        }
        (causes, checklist)
    };

    let advice = if level <= Level::Soon {
        let stop = all
            .contains(Finding::BoneStressRisk)
            .then_some(Advice::BoneStressStopRunning);
        stop.into_iter().chain(Advice::STANDARD).collect()
    } else {
        Vec::new()
    };

    let mut notes = Vec::new();
    if facts.age.is_none() {
        notes.push(Note::AgeNotGiven);
    }
    for n in &facts.notes {
        if !notes.contains(n) {
            notes.push(*n);
        }
    }

    Assessment {
        level,
        red_flags,
        combinations,
        causes,
        checklist,
        advice,
        notes,
        safety_net: crate::spec::safety_net().collect(),
    }
}
