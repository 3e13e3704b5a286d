//! Text catalogues: one per locale, compiled in from `content/locales/*.toml`
//! by `build.rs` as compact tables (one string of texts per locale plus end
//! offsets, keys shared).
//!
//! Keys are derived from content ids by convention (see `keys`), so content
//! and catalogue cannot disagree silently: `tests/content.rs` checks every key
//! the content implies exists, and that no locale has a key English lacks.

include!(concat!(env!("OUT_DIR"), "/catalogues.rs"));

/// Entry `i` of a concatenated table.
fn entry(table: &'static (&'static str, &'static [u16]), i: usize) -> &'static str {
    let (text, ends) = table;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    text.get(start..ends[i] as usize).unwrap_or_default()
}

fn key(i: usize) -> &'static str {
    entry(&KEYS, i)
}

/// A compiled-in catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Catalogue {
    /// BCP 47 primary language subtag, e.g. `en`.
    pub locale: &'static str,
    texts: &'static (&'static str, &'static [u16]),
}

impl Catalogue {
    /// Every compiled-in catalogue; English first.
    pub fn all() -> impl Iterator<Item = Catalogue> {
        CATALOGUES
            .iter()
            .map(|&(locale, texts)| Catalogue { locale, texts })
    }

    pub fn get(locale: &str) -> Option<Catalogue> {
        Self::all().find(|c| c.locale == locale)
    }

    /// The source catalogue every other is checked against.
    pub fn english() -> Catalogue {
        Self::get("en").expect("build.rs always compiles en.toml")
    }

    fn text(&self, i: usize) -> Option<&'static str> {
        Some(entry(self.texts, i)).filter(|t| !t.is_empty())
    }

    pub fn lookup(&self, k: &str) -> Option<&'static str> {
        let (mut lo, mut hi) = (0, KEYS.1.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match key(mid).cmp(k) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return self.text(mid),
            }
        }
        None
    }

    /// `(key, text)` for every key this catalogue has, in key order.
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        (0..KEYS.1.len()).filter_map(|i| self.text(i).map(|t| (key(i), t)))
    }

    pub fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries().map(|(k, _)| k)
    }

    /// Keys this catalogue has that English lacks (always empty when valid).
    pub fn extra_keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        EXTRA
            .iter()
            .filter(|(l, _)| *l == self.locale)
            .map(|(_, k)| *k)
    }
}

/// Catalogue keys for content ids. The one place the convention is written.
pub mod keys {
    use crate::spec::{Advice, Combination, Evidence, Finding, Item, Level, Note};

    pub fn screen_title(screen: &str) -> String {
        format!("s.{screen}.title")
    }
    pub fn question(question: &str) -> String {
        format!("q.{question}.text")
    }
    pub fn question_help(question: &str) -> String {
        format!("q.{question}.help")
    }
    pub fn choice(question: &str, choice: &str) -> String {
        format!("q.{question}.{choice}")
    }
    pub fn choice_help(question: &str, choice: &str) -> String {
        format!("q.{question}.help_{choice}")
    }
    pub fn unit(question: &str) -> String {
        format!("q.{question}.unit")
    }
    pub fn level_title(l: Level) -> String {
        format!("level.{}.title", l.id())
    }
    pub fn level_action(l: Level) -> String {
        format!("level.{}.action", l.id())
    }
    pub fn flag(f: Finding) -> String {
        format!("flag.{}", f.id())
    }
    pub fn combination(c: Combination) -> String {
        format!("combo.{}", c.key())
    }
    pub fn cause(f: Finding) -> String {
        format!("cause.{}", f.id())
    }
    pub fn item(i: Item) -> String {
        format!("item.{}.text", i.id())
    }
    pub fn item_why(i: Item) -> String {
        format!("item.{}.why", i.id())
    }
    pub fn evidence(e: Evidence) -> String {
        format!("evidence.{}", e.id())
    }
    pub fn advice(a: Advice) -> String {
        format!("advice.{}", a.id())
    }
    pub fn note(n: Note) -> String {
        format!("note.{}", n.id())
    }
    pub const SAFETY_INTRO: &str = "safety.intro";

    // Texts of the summary and the reminder, which the engine writes. They
    // sit under `ui.` in the catalogues; the widget declares these same
    // constants among its keys.
    pub const SUMMARY_TITLE: &str = "ui.summary.title";
    pub const SUMMARY_DATE: &str = "ui.summary.date";
    pub const SUMMARY_CLINIC: &str = "ui.summary.clinic";
    pub const SUMMARY_ANSWERS: &str = "ui.summary.answers";
    pub const SUMMARY_RESULT: &str = "ui.summary.result";
    pub const SUMMARY_REASONS: &str = "ui.summary.reasons";
    pub const SUMMARY_PLAN: &str = "ui.summary.plan";
    pub const SUMMARY_ADVICE: &str = "ui.summary.advice";
    pub const SUMMARY_NOTES: &str = "ui.summary.notes";
    pub const SUMMARY_DISCLAIMER: &str = "ui.summary.disclaimer";
    pub const ICS_TITLE: &str = "ui.ics.title";
    pub const ICS_DESCRIPTION: &str = "ui.ics.description";
    pub const SAFETY_TITLE: &str = "ui.result.safety_title";
    pub fn safety(f: Finding) -> String {
        format!("safety.{}", f.id())
    }
}
