//! Text lookup for the widget: the chosen locale's catalogue, English for any
//! gap. Widget-only keys are declared in `ui` so a test proves they exist.
//! Catalogues are fetched as files (`locales/<locale>.txt` beside the
//! widget's script) the first time a language is shown, and kept.

use std::cell::RefCell;

use backcheck_engine::text::Catalogue;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

thread_local! {
    /// Catalogues fetched so far, one per locale.
    static LOADED: RefCell<Vec<Catalogue>> = const { RefCell::new(Vec::new()) };
}

/// A complete catalogue for `locale`, fetched or compiled in.
fn find(locale: &str) -> Option<Catalogue> {
    LOADED
        .with(|l| l.borrow().iter().find(|c| c.locale == locale).copied())
        .or_else(|| Catalogue::get(locale).filter(Catalogue::is_complete))
}

/// English, complete if it has been fetched, else its compiled-in core.
fn english() -> Catalogue {
    find("en").unwrap_or_else(Catalogue::english)
}

/// Whether `locale` can be shown without fetching.
pub fn available(locale: &str) -> bool {
    find(locale).is_some()
}

/// Fetch and keep `locale`'s catalogue from `base` (the folder of the
/// widget's files, ending in `/`, or empty for the page's own folder).
/// `prefetched`, the loader's fetch of the same file, is used when it
/// succeeded; otherwise the file is fetched here.
pub async fn load(
    base: &str,
    locale: &str,
    prefetched: Option<js_sys::Promise>,
) -> Result<(), String> {
    if available(locale) {
        return Ok(());
    }
    let url = format!("{base}locales/{locale}.txt");
    // The loader's own fetch of the file, when it made one, is not repeated
    // if it failed: the caller goes on to English.
    let request = match prefetched {
        Some(p) => p,
        None => {
            let url = url.clone();
            wasm_bindgen_futures::future_to_promise(async move { fetch_bytes(&url).await })
        }
    };
    let body = JsFuture::from(within_timeout(request))
        .await
        .map_err(|e| format!("{url}: {e:?}"))?;
    // Bytes, decoded here: one copy into the wasm's memory. Handing over
    // the text instead costs wasm-bindgen a character-by-character loop in
    // JS plus a re-encoding (1.6–5.1 ms in profiles of the load). The
    // loader beside this build hands over bytes too (one folder per
    // version: EMBEDDING.md); anything else is refused below, and English
    // is shown.
    let text = String::from_utf8(js_sys::Uint8Array::new(&body).to_vec())
        .map_err(|_| format!("{url}: not UTF-8"))?;
    if available(locale) {
        return Ok(());
    }
    let cat = Catalogue::parse(&text).map_err(|e| format!("{url}: {e}"))?;
    if cat.locale != locale {
        return Err(format!("{url}: holds `{}`", cat.locale));
    }
    LOADED.with(|l| l.borrow_mut().push(cat));
    Ok(())
}

/// How long a text file may take before the widget gives up on it (and
/// shows English, or the static fallback): a stalled request must not leave
/// the box blank for minutes.
const TEXT_TIMEOUT_MS: i32 = 6000;

fn within_timeout(request: js_sys::Promise) -> js_sys::Promise {
    let timeout = js_sys::Promise::new(&mut |_, reject| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_1(
                &reject,
                TEXT_TIMEOUT_MS,
                &"timed out".into(),
            );
        }
    });
    js_sys::Promise::race(&js_sys::Array::of2(&request, &timeout))
}

async fn fetch_bytes(url: &str) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await?
        .dyn_into()?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()).into());
    }
    JsFuture::from(response.array_buffer()?).await
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    cat: Catalogue,
    miles: bool,
}

impl Text {
    pub fn new(locale: &str) -> Self {
        Text {
            cat: find(locale).unwrap_or_else(english),
            miles: false,
        }
    }

    /// Show miles beside kilometres (US English).
    pub fn with_miles(self, miles: bool) -> Self {
        Text { miles, ..self }
    }

    pub fn locale(&self) -> &'static str {
        self.cat.locale
    }

    pub fn catalogue(&self) -> Catalogue {
        self.cat
    }

    /// The text for a key. Content tests prove every key exists in English.
    pub fn get(&self, key: &str) -> &'static str {
        self.cat
            .lookup(key)
            .or_else(|| english().lookup(key))
            .unwrap_or("")
    }

    /// The text for a key, with distances in miles too where the reader
    /// expects them.
    pub fn show(&self, key: &str) -> String {
        let text = self.get(key);
        if self.miles {
            add_miles(text)
        } else {
            text.to_owned()
        }
    }

    /// The text with `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        args.iter().fold(self.get(key).to_owned(), |s, (k, v)| {
            s.replace(&format!("{{{k}}}"), v)
        })
    }
}

/// Each language's own name for itself, for the switcher (never translated).
pub const AUTONYMS: &[(&str, &str)] = &[
    ("en", "English"),
    ("es", "Español"),
    ("pt", "Português"),
    ("fr", "Français"),
    ("de", "Deutsch"),
];

/// "500–800 km" → "500–800 km (310–500 miles)"; other text unchanged.
pub fn add_miles(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(pos) = rest.find(" km") {
        let (before, after) = rest.split_at(pos);
        let start = before
            .rfind(|c: char| !(c.is_ascii_digit() || c == '–' || c == '-'))
            .map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
        let numbers: Vec<u32> = before[start..]
            .split(['–', '-'])
            .filter_map(|n| n.parse().ok())
            .collect();
        out.push_str(before);
        out.push_str(" km");
        if !numbers.is_empty() {
            // Rounded to 10 miles: these are rough guides, not measurements.
            let miles: Vec<String> = numbers
                .iter()
                .map(|km| ((*km as f64 * 0.621_371 / 10.0).round() as u32 * 10).to_string())
                .collect();
            out.push_str(&format!(" ({} miles)", miles.join("–")));
        }
        rest = &after[3..];
    }
    out.push_str(rest);
    out
}

macro_rules! ui_keys {
    ($($name:ident = $key:expr),* $(,)?) => {
        $(pub const $name: &str = $key;)*
        /// Every widget key, for the catalogue test.
        pub const ALL: &[&str] = &[$($key),*];
    };
}

/// Widget text keys (content keys come from `backcheck_engine::text::keys`).
pub mod ui {
    use backcheck_engine::text::keys;

    ui_keys! {
        APP_TITLE = "ui.app_title",
        STEP_OF = "ui.step_of",
        NEXT = "ui.next",
        BACK = "ui.back",
        SEE_RESULT = "ui.see_result",
        ANSWER_TO_CONTINUE = "ui.answer_to_continue",
        AGE_INVALID = "ui.age_invalid",
        STORAGE_UNAVAILABLE = "ui.storage_unavailable",
        STORAGE_FULL = "ui.storage_full",
        STORAGE_OFF = "ui.storage_off",
        START_AGAIN = "ui.start_again",
        DELETE_ANSWERS = "ui.delete_answers",
        DELETED = "ui.deleted",
        SAVED_UNREADABLE = "ui.saved_unreadable",
        INTRO_TITLE = "ui.intro.title",
        INTRO_LEAD = "ui.intro.lead",
        INTRO_NOT_DIAGNOSIS = "ui.intro.not_diagnosis",
        INTRO_PRIVATE = "ui.intro.private",
        INTRO_TIME = "ui.intro.time",
        INTRO_OFFERED_BY = "ui.intro.offered_by",
        INTRO_START = "ui.intro.start",
        INTRO_RESUME = "ui.intro.resume",
        INTRO_CONTINUE = "ui.intro.continue",
        FALLBACK_TITLE = "ui.fallback.title",
        FALLBACK_BODY = "ui.fallback.body",
        FALLBACK_RELOAD = "ui.fallback.reload",
        REVIEW_TITLE = "ui.review.title",
        REVIEW_INTRO = "ui.review.intro",
        REVIEW_CHANGE = "ui.review.change",
        REVIEW_CHANGE_LABEL = "ui.review.change_label",
        EMERGENCY_TITLE = "ui.emergency.title",
        EMERGENCY_LEAD = "ui.emergency.lead",
        EMERGENCY_CALL = "ui.emergency.call",
        EMERGENCY_CALL_GENERIC = "ui.emergency.call_generic",
        EMERGENCY_OR_GO = "ui.emergency.or_go",
        EMERGENCY_BECAUSE = "ui.emergency.because",
        EMERGENCY_MISTAKE = "ui.emergency.mistake",
        RESULT_TITLE = "ui.result.title",
        RESULT_FLAGS_TITLE = "ui.result.flags_title",
        RESULT_SAFETY_TITLE = keys::SAFETY_TITLE,
        RESULT_CAUSES_TITLE = "ui.result.causes_title",
        RESULT_PLAN_TITLE = "ui.result.plan_title",
        RESULT_PLAN_INTRO = "ui.result.plan_intro",
        RESULT_WHY = "ui.result.why",
        RESULT_ADVICE_TITLE = "ui.result.advice_title",
        RESULT_NOTES_TITLE = "ui.result.notes_title",
        RESULT_CLINIC_TITLE = "ui.result.clinic_title",
        RESULT_CLINIC_GENERIC = "ui.result.clinic_generic",
        RESULT_CALL_CLINIC = "ui.result.call_clinic",
        RESULT_BOOK_ONLINE = "ui.result.book_online",
        RESULT_PRINT = "ui.result.print",
        RESULT_COPY = "ui.result.copy",
        RESULT_COPIED = "ui.result.copied",
        RESULT_COPY_FAILED = "ui.result.copy_failed",
        RESULT_REMIND = "ui.result.remind",
        RESULT_REMIND_HELP = "ui.result.remind_help",
        RESULT_PLAN_TICKED = "ui.result.plan_ticked",
        LANGUAGE = "ui.language",
        LANGUAGE_UNAVAILABLE = "ui.language_unavailable",
        SUMMARY_TITLE = keys::SUMMARY_TITLE,
        SUMMARY_DATE = keys::SUMMARY_DATE,
        SUMMARY_CLINIC = keys::SUMMARY_CLINIC,
        SUMMARY_ANSWERS = keys::SUMMARY_ANSWERS,
        SUMMARY_RESULT = keys::SUMMARY_RESULT,
        SUMMARY_REASONS = keys::SUMMARY_REASONS,
        SUMMARY_PLAN = keys::SUMMARY_PLAN,
        SUMMARY_ADVICE = keys::SUMMARY_ADVICE,
        SUMMARY_NOTES = keys::SUMMARY_NOTES,
        SUMMARY_DISCLAIMER = keys::SUMMARY_DISCLAIMER,
        ICS_TITLE = keys::ICS_TITLE,
        ICS_DESCRIPTION = keys::ICS_DESCRIPTION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ui_key_exists_in_every_catalogue_and_none_is_unused() {
        for cat in Catalogue::all() {
            for key in ui::ALL {
                assert!(cat.lookup(key).is_some(), "{}: missing {key}", cat.locale);
            }
        }
        let declared: Vec<&str> = ui::ALL.to_vec();
        let stale: Vec<&str> = Catalogue::english()
            .keys()
            .filter(|k| k.starts_with("ui.") && !declared.contains(k))
            .collect();
        assert!(
            stale.is_empty(),
            "ui keys in en.toml the widget does not declare: {stale:?}"
        );
    }

    /// The service worker caches every language and the page's preview
    /// preloads the one shown: each spells out the locale list, which must
    /// stay the engine's.
    #[test]
    fn the_scripts_list_every_locale() {
        let list = format!("['{}']", backcheck_engine::text::locales().join("', '"));
        for (name, js) in [
            ("loader/sw.js", include_str!("../loader/sw.js")),
            ("loader/preview.js", include_str!("../loader/preview.js")),
            (
                "loader/backcheck.js",
                include_str!("../loader/backcheck.js"),
            ),
        ] {
            assert!(js.contains(&list), "{name} does not list {list}");
        }
    }

    #[test]
    fn every_catalogue_has_an_autonym() {
        for locale in backcheck_engine::text::locales() {
            assert!(AUTONYMS.iter().any(|(l, _)| l == locale), "{locale}");
        }
    }

    #[test]
    fn miles_beside_kilometres() {
        assert_eq!(
            add_miles("about 500–800 km, or"),
            "about 500–800 km (310–500 miles), or"
        );
        assert_eq!(add_miles("no distance"), "no distance");
        let shoes = Catalogue::english()
            .lookup("q.kit_and_form.worn_or_single_shoes")
            .unwrap();
        assert!(Text::new("en")
            .with_miles(true)
            .show("q.kit_and_form.worn_or_single_shoes")
            .contains("miles"));
        assert!(
            !Text::new("en")
                .show("q.kit_and_form.worn_or_single_shoes")
                .contains("miles"),
            "{shoes}"
        );
    }

    #[test]
    fn fill_replaces_placeholders() {
        let t = Text::new("en");
        assert_eq!(
            t.fill(ui::STEP_OF, &[("n", "3"), ("total", "12")]),
            "Step 3 of 12"
        );
    }
}
