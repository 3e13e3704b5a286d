//! Spec §5 safety invariants on `findings (+ age) → assessment`.

use backcheck_engine::spec::{Advice, Combination, Finding, Item, Kind, Level, Note};
use backcheck_engine::{assess, Assessment, Facts, FindingSet};
use proptest::prelude::*;

fn run(findings: &[Finding], age: Option<u32>) -> Assessment {
    assess(&Facts {
        findings: findings.iter().copied().collect(),
        age,
        notes: vec![],
    })
}

fn ids(fs: &[Finding]) -> Vec<&'static str> {
    fs.iter().map(|f| f.id()).collect()
}

/// Invariant 1: each red flag alone gives exactly its own level.
#[test]
fn each_flag_alone_gives_its_own_level() {
    for &f in Finding::ALL {
        if let Some(level) = f.own_level() {
            for age in [None, Some(30)] {
                let a = run(&[f], age);
                assert_eq!(a.level, level, "{} alone (age {age:?})", f.id());
                assert_eq!(
                    ids(&a.red_flags),
                    [f.id()],
                    "{} alone names only itself",
                    f.id()
                );
            }
        }
    }
}

/// Modifiers and causes alone: no level of their own, except the derived and
/// combination rules they trigger.
#[test]
fn modifiers_and_causes_alone() {
    let age_30 = |f: Finding| run(&[f], Some(30)).level;
    for &f in Finding::ALL {
        match f.kind() {
            Kind::Cause(_) => assert_eq!(age_30(f), Level::SelfCare, "{}", f.id()),
            Kind::Modifier if f == Finding::CannotBearWeight => {
                assert_eq!(age_30(f), Level::Soon, "cannot_bear_weight alone is S")
            }
            Kind::Modifier => assert_eq!(age_30(f), Level::SelfCare, "{}", f.id()),
            _ => {}
        }
    }
}

#[test]
fn combination_rules() {
    use Finding::*;
    let a = run(&[OsteoporosisOrSteroids, SuddenSeverePain], Some(40));
    assert_eq!(a.level, Level::Urgent);
    assert_eq!(a.combinations, [Combination::OsteoporosisSuddenSeverePain]);
    assert_eq!(ids(&a.red_flags), ["osteoporosis_or_steroids"]);

    let a = run(&[BoneStressRisk, CannotBearWeight], Some(25));
    assert_eq!(a.level, Level::Urgent);
    assert!(a
        .combinations
        .contains(&Combination::BoneStressCannotBearWeight));

    assert_eq!(run(&[SuddenSeverePain], Some(40)).level, Level::SelfCare);
    assert_eq!(run(&[OsteoporosisOrSteroids], Some(40)).level, Level::Soon);
    assert_eq!(run(&[BoneStressRisk], Some(25)).level, Level::Soon);
}

#[test]
fn derived_flags_and_age_rules() {
    use Finding::*;
    let flags = |f: &[Finding], age| ids(&run(f, age).red_flags);
    // fracture_risk_minor_trauma: minor_fall and (osteoporosis/steroids or age ≥ 65)
    assert_eq!(flags(&[MinorFall], Some(64)), Vec::<&str>::new());
    assert_eq!(
        flags(&[MinorFall], Some(65)),
        ["fracture_risk_minor_trauma"]
    );
    assert_eq!(flags(&[MinorFall], None), ["fracture_risk_minor_trauma"]);
    assert_eq!(
        flags(&[MinorFall, OsteoporosisOrSteroids], Some(30)),
        ["osteoporosis_or_steroids", "fracture_risk_minor_trauma"]
    );
    assert_eq!(run(&[MinorFall], Some(65)).level, Level::Urgent);
    // age_over_50_new: age ≥ 50 and first_episode
    assert_eq!(flags(&[FirstEpisode], Some(49)), Vec::<&str>::new());
    assert_eq!(flags(&[FirstEpisode], Some(50)), ["age_over_50_new"]);
    assert_eq!(flags(&[FirstEpisode], None), ["age_over_50_new"]);
    // young_extension_pain: age < 20 and extension_pain
    assert_eq!(flags(&[ExtensionPain], Some(19)), ["young_extension_pain"]);
    assert_eq!(flags(&[ExtensionPain], Some(20)), Vec::<&str>::new());
    assert_eq!(flags(&[ExtensionPain], None), ["young_extension_pain"]);
    // The result says the age was not given, and only then.
    assert!(run(&[MinorFall], None).notes.contains(&Note::AgeNotGiven));
    assert!(!run(&[MinorFall], Some(70))
        .notes
        .contains(&Note::AgeNotGiven));
}

#[test]
fn spec_example() {
    let a = run(&[Finding::FirstEpisode, Finding::NewSpeedHills], Some(54));
    assert_eq!(a.level, Level::Soon);
    assert_eq!(ids(&a.red_flags), ["age_over_50_new"]);
    assert_eq!(ids(&a.causes), ["new_speed_hills"]);
    assert_eq!(
        a.checklist.iter().map(|i| i.id()).collect::<Vec<_>>(),
        [
            "one_new_session_type",
            "warm_up",
            "strength_twice_weekly",
            "increase_gradually",
            "listen_to_pain"
        ]
    );
    assert_eq!(a.advice, Advice::STANDARD.to_vec());
}

#[test]
fn checklist_is_personal_first_then_always_on_without_repeats() {
    use Finding::*;
    let a = run(&[NoWarmup, PoorSleep, LoadSpike], Some(30));
    assert_eq!(
        a.checklist.iter().map(|i| i.id()).collect::<Vec<_>>(),
        [
            "step_back_then_build",
            "warm_up",
            "sleep_routine",
            "strength_twice_weekly",
            "increase_gradually",
            "listen_to_pain"
        ]
    );
    let b = run(&[], Some(30));
    assert_eq!(b.checklist, Item::ALWAYS_ON.to_vec());
}

#[test]
fn emergency_shows_no_causes_plan_or_self_care() {
    let a = run(&[Finding::ChestPain, Finding::LoadSpike], Some(30));
    assert_eq!(a.level, Level::Emergency);
    assert!(a.causes.is_empty() && a.checklist.is_empty() && a.advice.is_empty());
}

#[test]
fn self_care_advice_only_for_self_care_and_soon_and_bone_stress_says_stop() {
    use Finding::*;
    assert_eq!(run(&[FeverUnwell], Some(30)).advice, vec![]);
    let a = run(&[BoneStressRisk], Some(22));
    assert_eq!(a.advice[0], Advice::BoneStressStopRunning);
    assert!(!run(&[UnilateralSciatica], Some(30))
        .advice
        .contains(&Advice::BoneStressStopRunning));
}

const E_AND_U: [Finding; 15] = {
    use Finding::*;
    [
        CesSaddleNumbness,
        CesBladderBowel,
        CesSexualChange,
        BilateralLegSymptoms,
        MajorTrauma,
        ChestPain,
        FeverUnwell,
        InfectionRisk,
        CancerHistory,
        UnexplainedWeightLoss,
        NightRestPain,
        ProgressiveLegWeakness,
        ThoracicPain,
        BackDeformityLump,
        CoughSneezeWorse,
    ]
};

fn check_invariants(a: &Assessment) {
    // 3: self_care only when no red flag (nor combination) fired.
    assert_eq!(
        a.level == Level::SelfCare,
        a.red_flags.is_empty() && a.combinations.is_empty(),
        "{a:?}"
    );
    // 4: every result carries the safety net; E/U results name their flags.
    assert_eq!(
        ids(&a.safety_net),
        ids(&Finding::ALL
            .iter()
            .copied()
            .filter(|f| f.is_emergency())
            .collect::<Vec<_>>())
    );
    if a.level >= Level::Urgent {
        let explained = a.red_flags.iter().any(|f| f.own_level() == Some(a.level))
            || a.combinations
                .iter()
                .any(|c| c.level() == a.level && c.needs().iter().any(|f| a.red_flags.contains(f)));
        assert!(
            explained,
            "{:?} result does not name its flags: {a:?}",
            a.level
        );
    }
}

/// Invariant 2, exhaustively: every subset of the E and U flags, plus any one
/// more finding, never lowers the level; and the level is the highest flag's.
#[test]
fn monotonic_over_every_subset_of_e_and_u_flags() {
    let mut checked = 0u64;
    for mask in 0u32..(1 << E_AND_U.len()) {
        let base: Vec<Finding> = (0..E_AND_U.len())
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| E_AND_U[i])
            .collect();
        let a = run(&base, Some(40));
        let expect = base
            .iter()
            .filter_map(|f| f.own_level())
            .max()
            .unwrap_or(Level::SelfCare);
        assert_eq!(a.level, expect);
        check_invariants(&a);
        for &extra in Finding::ALL {
            let mut more = base.clone();
            more.push(extra);
            let b = run(&more, Some(40));
            assert!(
                b.level >= a.level,
                "adding {} to {:?} lowered the level",
                extra.id(),
                ids(&base)
            );
            checked += 1;
        }
    }
    assert_eq!(checked, (1 << 15) * Finding::ALL.len() as u64);
}

fn any_findings() -> impl Strategy<Value = FindingSet> {
    prop::collection::vec(prop::sample::select(Finding::ALL), 0..12)
        .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Invariant 2 over all findings: adding any finding never lowers the level.
    #[test]
    fn adding_a_finding_never_lowers(set in any_findings(), extra in prop::sample::select(Finding::ALL), age in prop::option::of(0u32..110)) {
        let before = assess(&Facts { findings: set, age, notes: vec![] });
        let mut more = set;
        more.insert(extra);
        let after = assess(&Facts { findings: more, age, notes: vec![] });
        prop_assert!(after.level >= before.level);
        check_invariants(&before);
        check_invariants(&after);
    }

    /// Invariant 5: an unknown age never gives a lower level than any known age.
    #[test]
    fn unknown_age_never_lowers(set in any_findings(), age in 0u32..110) {
        let known = assess(&Facts { findings: set, age: Some(age), notes: vec![] });
        let unknown = assess(&Facts { findings: set, age: None, notes: vec![] });
        prop_assert!(unknown.level >= known.level);
        prop_assert!(unknown.notes.contains(&Note::AgeNotGiven));
    }

    /// Any subset's level is at most its superset's.
    #[test]
    fn subsets_never_rank_higher(a in any_findings(), b in any_findings(), age in prop::option::of(0u32..110)) {
        let small = assess(&Facts { findings: a, age, notes: vec![] });
        let big = assess(&Facts { findings: a.union(b), age, notes: vec![] });
        prop_assert!(small.level <= big.level);
    }
}
