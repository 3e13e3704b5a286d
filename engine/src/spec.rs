//! The clinical vocabulary of `docs/clinical-spec.md` as types: levels, findings,
//! combinations, checklist items, advice, notes and the safety net.
//!
//! Every id here is spelled exactly as in the spec; `tests/spec_ids.rs` parses
//! the spec's tables and fails if the two drift apart.

use serde::Serialize;

/// Triage level, ordered from least to most urgent (spec §1), so `max` picks
/// the most urgent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    SelfCare,
    Soon,
    Urgent,
    Emergency,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::SelfCare,
        Level::Soon,
        Level::Urgent,
        Level::Emergency,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Level::SelfCare => "self_care",
            Level::Soon => "soon",
            Level::Urgent => "urgent",
            Level::Emergency => "emergency",
        }
    }
}

/// Evidence grades exactly as the spec's §3 table shows them to the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Evidence {
    Moderate,
    Low,
    LowLabOnly,
    LowObservational,
    ExpertOpinion,
}

impl Evidence {
    pub const ALL: [Evidence; 5] = [
        Evidence::Moderate,
        Evidence::Low,
        Evidence::LowLabOnly,
        Evidence::LowObservational,
        Evidence::ExpertOpinion,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Evidence::Moderate => "moderate",
            Evidence::Low => "low",
            Evidence::LowLabOnly => "low_lab_only",
            Evidence::LowObservational => "low_observational",
            Evidence::ExpertOpinion => "expert_opinion",
        }
    }

    /// The grade as the spec writes it.
    pub fn spec_text(self) -> &'static str {
        match self {
            Evidence::Moderate => "moderate",
            Evidence::Low => "low",
            Evidence::LowLabOnly => "low (lab studies only)",
            Evidence::LowObservational => "low (observational)",
            Evidence::ExpertOpinion => "expert opinion",
        }
    }
}

/// What kind of finding an id is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A red flag from the spec's §2 table, with its own level.
    RedFlag(Level),
    /// A derived red flag: fires from a rule, or may be given directly.
    Derived(Level),
    /// No level of its own; counts only in rules and combinations.
    Modifier,
    /// A running-related factor (§3) and the checklist item it adds.
    Cause(Item),
}

macro_rules! id_enum {
    ($(#[$meta:meta])* $name:ident { $($var:ident = $id:literal => $val:expr),* $(,)? } : $valty:ty, $valfn:ident) => {
        id_enum!($(#[$meta])* $name { $($var = $id),* });
        impl $name {
            pub fn $valfn(self) -> $valty { match self { $($name::$var => $val),* } }
        }
    };
    ($(#[$meta:meta])* $name:ident { $($var:ident = $id:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($var),* }
        impl $name {
            /// Every value, in the spec's order.
            pub const ALL: &'static [$name] = &[$($name::$var),*];
            pub fn id(self) -> &'static str { match self { $($name::$var => $id),* } }
            pub fn from_id(id: &str) -> Option<Self> {
                match id { $($id => Some($name::$var),)* _ => None }
            }
        }
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.id())
            }
        }
    };
}

use Kind::{Cause, Derived, Modifier, RedFlag};
use Level::{Emergency as E, Soon as S, Urgent as U};

id_enum! {
    /// Every finding the spec names: red flags, derived flags, modifiers, causes.
    Finding {
        CesSaddleNumbness = "ces_saddle_numbness" => RedFlag(E),
        CesBladderBowel = "ces_bladder_bowel" => RedFlag(E),
        CesSexualChange = "ces_sexual_change" => RedFlag(E),
        BilateralLegSymptoms = "bilateral_leg_symptoms" => RedFlag(E),
        MajorTrauma = "major_trauma" => RedFlag(E),
        ChestPain = "chest_pain" => RedFlag(E),
        FeverUnwell = "fever_unwell" => RedFlag(U),
        InfectionRisk = "infection_risk" => RedFlag(U),
        CancerHistory = "cancer_history" => RedFlag(U),
        UnexplainedWeightLoss = "unexplained_weight_loss" => RedFlag(U),
        NightRestPain = "night_rest_pain" => RedFlag(U),
        ProgressiveLegWeakness = "progressive_leg_weakness" => RedFlag(U),
        ThoracicPain = "thoracic_pain" => RedFlag(U),
        BackDeformityLump = "back_deformity_lump" => RedFlag(U),
        CoughSneezeWorse = "cough_sneeze_worse" => RedFlag(U),
        OsteoporosisOrSteroids = "osteoporosis_or_steroids" => RedFlag(S),
        UnilateralSciatica = "unilateral_sciatica" => RedFlag(S),
        NotImproving2wk = "not_improving_2wk" => RedFlag(S),
        StopsRunningOrDaily = "stops_running_or_daily" => RedFlag(S),
        InflammatoryPattern = "inflammatory_pattern" => RedFlag(S),
        RecurrentEpisodes = "recurrent_episodes" => RedFlag(S),
        BoneStressRisk = "bone_stress_risk" => RedFlag(S),
        FractureRiskMinorTrauma = "fracture_risk_minor_trauma" => Derived(U),
        AgeOver50New = "age_over_50_new" => Derived(S),
        YoungExtensionPain = "young_extension_pain" => Derived(S),
        MinorFall = "minor_fall" => Modifier,
        CannotBearWeight = "cannot_bear_weight" => Modifier,
        SuddenSeverePain = "sudden_severe_pain" => Modifier,
        FirstEpisode = "first_episode" => Modifier,
        ExtensionPain = "extension_pain" => Modifier,
        LoadSpike = "load_spike" => Cause(Item::StepBackThenBuild),
        ReturnAfterBreak = "return_after_break" => Cause(Item::RebuildWithRunWalk),
        NewSpeedHills = "new_speed_hills" => Cause(Item::OneNewSessionType),
        NoRestDays = "no_rest_days" => Cause(Item::RestDays),
        WornOrSingleShoes = "worn_or_single_shoes" => Cause(Item::ReplaceRotateShoes),
        HardCamberedSurface = "hard_cambered_surface" => Cause(Item::MixSurfaces),
        OverstrideLowCadence = "overstride_low_cadence" => Cause(Item::RaiseStepRate),
        LowStrengthConditioning = "low_strength_conditioning" => Cause(Item::StrengthTwiceWeekly),
        LimitedHipHamstringMobility = "limited_hip_hamstring_mobility" => Cause(Item::HipHamstringMobility),
        NoCrossTraining = "no_cross_training" => Cause(Item::LowImpactCrossTraining),
        NoWarmup = "no_warmup" => Cause(Item::WarmUp),
        PoorSleep = "poor_sleep" => Cause(Item::SleepRoutine),
        Dehydration = "dehydration" => Cause(Item::DrinkToThirst),
        PriorInjury = "prior_injury" => Cause(Item::ProgressSlowly),
    } : Kind, kind
}

impl Finding {
    /// The level this finding gives on its own, if any.
    pub fn own_level(self) -> Option<Level> {
        match self.kind() {
            RedFlag(l) | Derived(l) => Some(l),
            Modifier | Cause(_) => None,
        }
    }

    pub fn is_red_flag(self) -> bool {
        matches!(self.kind(), RedFlag(_) | Derived(_))
    }

    pub fn is_cause(self) -> bool {
        matches!(self.kind(), Cause(_))
    }

    /// Emergency flags: answering one of these yes ends the questionnaire at once.
    pub fn is_emergency(self) -> bool {
        self.own_level() == Some(E)
    }
}

id_enum! {
    /// Combination rules of spec §2 (levels for sets that mean more together).
    Combination {
        OsteoporosisSuddenSeverePain = "osteoporosis_or_steroids+sudden_severe_pain" => U,
        BoneStressCannotBearWeight = "bone_stress_risk+cannot_bear_weight" => U,
        CannotBearWeight = "cannot_bear_weight" => S,
    } : Level, level
}

impl Combination {
    /// The findings that must all be present.
    pub fn needs(self) -> &'static [Finding] {
        match self {
            Combination::OsteoporosisSuddenSeverePain => {
                &[Finding::OsteoporosisOrSteroids, Finding::SuddenSeverePain]
            }
            Combination::BoneStressCannotBearWeight => {
                &[Finding::BoneStressRisk, Finding::CannotBearWeight]
            }
            Combination::CannotBearWeight => &[Finding::CannotBearWeight],
        }
    }

    /// A key-safe form of the id, for text catalogues.
    pub fn key(self) -> &'static str {
        match self {
            Combination::OsteoporosisSuddenSeverePain => "osteoporosis_sudden_severe_pain",
            Combination::BoneStressCannotBearWeight => "bone_stress_cannot_bear_weight",
            Combination::CannotBearWeight => "cannot_bear_weight",
        }
    }
}

id_enum! {
    /// Prevention checklist items. Causes add theirs first; the always-on items
    /// (spec §3) follow unless a cause already added the same item.
    Item {
        StepBackThenBuild = "step_back_then_build" => Evidence::Low,
        RebuildWithRunWalk = "rebuild_with_run_walk" => Evidence::ExpertOpinion,
        OneNewSessionType = "one_new_session_type" => Evidence::ExpertOpinion,
        RestDays = "rest_days" => Evidence::ExpertOpinion,
        ReplaceRotateShoes = "replace_rotate_shoes" => Evidence::Low,
        MixSurfaces = "mix_surfaces" => Evidence::ExpertOpinion,
        RaiseStepRate = "raise_step_rate" => Evidence::LowLabOnly,
        StrengthTwiceWeekly = "strength_twice_weekly" => Evidence::Moderate,
        HipHamstringMobility = "hip_hamstring_mobility" => Evidence::Low,
        LowImpactCrossTraining = "low_impact_cross_training" => Evidence::Low,
        WarmUp = "warm_up" => Evidence::ExpertOpinion,
        SleepRoutine = "sleep_routine" => Evidence::LowObservational,
        DrinkToThirst = "drink_to_thirst" => Evidence::ExpertOpinion,
        ProgressSlowly = "progress_slowly" => Evidence::Low,
        IncreaseGradually = "increase_gradually" => Evidence::Low,
        ListenToPain = "listen_to_pain" => Evidence::ExpertOpinion,
    } : Evidence, evidence
}

impl Item {
    /// Always-on items, in the spec's order: warm up; strength work twice a
    /// week; increase load gradually; listen to pain and ease off.
    pub const ALWAYS_ON: [Item; 4] = [
        Item::WarmUp,
        Item::StrengthTwiceWeekly,
        Item::IncreaseGradually,
        Item::ListenToPain,
    ];
}

id_enum! {
    /// Self-care advice (spec §4), shown for `self_care` and `soon`.
    Advice {
        BoneStressStopRunning = "bone_stress_stop_running" => true,
        StayActive = "stay_active" => false,
        HeatOrIce = "heat_or_ice" => false,
        AskAboutPainRelief = "ask_about_pain_relief" => false,
        GradualReturn = "gradual_return" => false,
        PhysioExercise = "physio_exercise" => false,
    } : bool, is_conditional
}

impl Advice {
    /// Guideline-supported advice every `self_care`/`soon` result gives.
    pub const STANDARD: [Advice; 5] = [
        Advice::StayActive,
        Advice::HeatOrIce,
        Advice::AskAboutPainRelief,
        Advice::GradualReturn,
        Advice::PhysioExercise,
    ];
}

id_enum! {
    /// Things a result says it did not know (spec §2 flow rules).
    Note {
        AgeNotGiven = "age_not_given",
        WeightLossNotKnown = "weight_loss_not_known",
    }
}

/// The safety-net list ("get help now if…") every result carries: the
/// emergency red flags, in the spec's order.
pub fn safety_net() -> impl Iterator<Item = Finding> {
    Finding::ALL.iter().copied().filter(|f| f.is_emergency())
}
