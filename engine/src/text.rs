//! Text catalogues: one per locale, from `content/locales/*.toml` via
//! `build.rs`, as compact tables (one string of texts per locale plus end
//! offsets, keys shared).
//!
//! Native builds (tests, the CLIs) and wasm builds with the `all-locales`
//! feature (the widget's browser tests) compile every catalogue in. The
//! widget's release build compiles in only English's core (what the static
//! fallback says) and fetches the one catalogue it shows as a file
//! (`Catalogue::file_text` writes it, `Catalogue::parse` reads it), so a
//! visitor downloads one language.
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

/// Why a catalogue file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogueError {
    /// Not a catalogue file, or of another format version.
    NotACatalogue,
    /// A locale this build has no catalogue for.
    UnknownLocale(String),
    /// Written for another build's keys (e.g. a stale cached file).
    OtherBuild,
    /// The number of texts does not match the keys.
    WrongCount { expected: usize, found: usize },
}

impl std::fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CatalogueError::NotACatalogue => f.write_str("not a BackCheck catalogue file"),
            CatalogueError::UnknownLocale(l) => write!(f, "no catalogue for locale `{l}`"),
            CatalogueError::OtherBuild => f.write_str("catalogue file from another build"),
            CatalogueError::WrongCount { expected, found } => {
                write!(f, "catalogue file has {found} texts, expected {expected}")
            }
        }
    }
}

impl std::error::Error for CatalogueError {}

/// First line of a catalogue file: `backcheck-catalogue 1 <locale> <hash>`.
const FILE_MAGIC: &str = "backcheck-catalogue 1";

/// Every locale there is a catalogue for (compiled in or as a file),
/// English first.
pub fn locales() -> &'static [&'static str] {
    LOCALES
}

/// A catalogue, compiled in or parsed from a file.
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

    /// Whether every key has a text (a compiled-in core does not).
    pub fn is_complete(&self) -> bool {
        (0..KEYS.1.len()).all(|i| self.text(i).is_some())
    }

    /// Whether `key` is one the compiled-in core keeps.
    pub fn is_core_key(key: &str) -> bool {
        CORE.iter().any(|p| key.starts_with(p))
    }

    /// This catalogue as a file for `parse`: a header line, then every text
    /// in key order, separated by U+001E.
    pub fn file_text(&self) -> String {
        let mut out = format!("{FILE_MAGIC} {} {KEYS_HASH:08x}\n", self.locale);
        for i in 0..KEYS.1.len() {
            if i > 0 {
                out.push(SEPARATOR);
            }
            out.push_str(entry(self.texts, i));
        }
        out
    }

    /// Read a catalogue file written by `file_text` of this same build.
    /// The catalogue is kept for the life of the program (leaked: a widget
    /// parses each language at most once), so it is `Copy` like the
    /// compiled-in ones.
    pub fn parse(file: &str) -> Result<Catalogue, CatalogueError> {
        let (header, body) = file.split_once('\n').ok_or(CatalogueError::NotACatalogue)?;
        let rest = header
            .strip_prefix(FILE_MAGIC)
            .and_then(|r| r.strip_prefix(' '))
            .ok_or(CatalogueError::NotACatalogue)?;
        let (locale, hash) = rest.split_once(' ').ok_or(CatalogueError::NotACatalogue)?;
        let locale = *LOCALES
            .iter()
            .find(|l| **l == locale)
            .ok_or_else(|| CatalogueError::UnknownLocale(locale.chars().take(20).collect()))?;
        if u32::from_str_radix(hash, 16) != Ok(KEYS_HASH) {
            return Err(CatalogueError::OtherBuild);
        }
        let expected = KEYS.1.len();
        let mut text = String::with_capacity(body.len());
        let mut ends = Vec::with_capacity(expected);
        for part in body.split(SEPARATOR) {
            text.push_str(part);
            // Saturates rather than wraps; an over-long body is refused below.
            ends.push(u16::try_from(text.len()).unwrap_or(u16::MAX));
        }
        if ends.len() != expected || text.len() > usize::from(u16::MAX) {
            return Err(CatalogueError::WrongCount {
                expected,
                found: ends.len(),
            });
        }
        Ok(Catalogue {
            locale,
            texts: Box::leak(Box::new((
                &*Box::leak(text.into_boxed_str()),
                &*ends.leak(),
            ))),
        })
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
