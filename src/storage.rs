//! The one place that touches browser storage. Saved state uses the engine's
//! schema under a per-instance key; if storage is missing, throws (sandboxed
//! frames, privacy modes) or is full, the widget keeps working in memory.

use backcheck_engine::saved::{self, Loaded};
use backcheck_engine::spec::Item;
use backcheck_engine::{Questionnaire, Session};

const DAY_MS: u64 = 24 * 60 * 60 * 1000;
/// Answers are kept for 7 days.
pub const ANSWERS_MAX_AGE_MS: u64 = 7 * DAY_MS;
/// Ticked checklist items are kept for 90 days.
pub const TICKS_MAX_AGE_MS: u64 = 90 * DAY_MS;

/// What `Store::load` found.
#[derive(Debug)]
pub enum Saved {
    Found(Loaded),
    /// None, or expired (a normal end, not worth a notice).
    Nothing,
    /// A record that could not be read; it has been removed.
    Unreadable,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Store {
    storage: Option<web_sys::Storage>,
    key: String,
    ticks_key: String,
}

pub fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

impl Store {
    /// Open storage for a widget instance; probes that writing works.
    pub fn open(instance: &str) -> Store {
        let key = format!("backcheck:{instance}:session");
        let ticks_key = format!("backcheck:{instance}:ticks");
        let storage = web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .filter(|s| {
                let probe = "backcheck:probe";
                let ok = s.set_item(probe, "1").is_ok();
                let _ = s.remove_item(probe);
                ok
            });
        Store {
            storage,
            key,
            ticks_key,
        }
    }

    /// A store that never persists (for tests and `storage="none"`).
    pub fn memory() -> Store {
        Store {
            storage: None,
            key: String::new(),
            ticks_key: String::new(),
        }
    }

    pub fn available(&self) -> bool {
        self.storage.is_some()
    }

    /// The saved session. Expired and unreadable records are removed, so a
    /// bad record is a fresh start, not a loop; an unreadable one (corrupt,
    /// truncated, huge, another app's, a newer schema's) is reported so the
    /// person can be told why their answers are not offered.
    pub fn load(&self, q: &Questionnaire) -> Saved {
        let Some(storage) = self.storage.as_ref() else {
            return Saved::Nothing;
        };
        let Some(text) = storage.get_item(&self.key).ok().flatten() else {
            return Saved::Nothing;
        };
        let outcome = match saved::load(&text, q) {
            Ok(l) if !saved::expired(l.saved_at, now_ms(), ANSWERS_MAX_AGE_MS) => {
                return Saved::Found(l)
            }
            Ok(_) => Saved::Nothing,
            Err(e) => {
                crate::warn(&format!("saved answers discarded: {e}"));
                Saved::Unreadable
            }
        };
        self.clear();
        outcome
    }

    /// Save; returns false when storage refused (e.g. full).
    pub fn save(&self, session: &Session, q: &Questionnaire) -> bool {
        self.storage.as_ref().is_some_and(|s| {
            s.set_item(&self.key, &saved::save(session, q, now_ms()))
                .is_ok()
        })
    }

    /// Ticked checklist items, unless absent, expired or unreadable.
    pub fn load_ticks(&self) -> Vec<Item> {
        let Some(storage) = &self.storage else {
            return Vec::new();
        };
        let text = storage.get_item(&self.ticks_key).ok().flatten();
        match text.map(|t| saved::load_ticks(&t)) {
            Some(Ok((items, at))) if !saved::expired(at, now_ms(), TICKS_MAX_AGE_MS) => items,
            Some(_) => {
                let _ = storage.remove_item(&self.ticks_key);
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    pub fn save_ticks(&self, items: &[Item]) -> bool {
        self.storage.as_ref().is_some_and(|s| {
            if items.is_empty() {
                s.remove_item(&self.ticks_key).is_ok()
            } else {
                s.set_item(&self.ticks_key, &saved::save_ticks(items, now_ms()))
                    .is_ok()
            }
        })
    }

    /// Remove the answers only ("Start again" keeps the checklist ticks).
    pub fn clear(&self) {
        if let Some(s) = &self.storage {
            let _ = s.remove_item(&self.key);
        }
    }

    /// "Delete my answers": everything this instance stored, at once.
    pub fn clear_all(&self) {
        if let Some(s) = &self.storage {
            let _ = s.remove_item(&self.key);
            let _ = s.remove_item(&self.ticks_key);
        }
    }
}
