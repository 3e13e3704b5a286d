//! Host configuration: the one place raw settings (URL query today, element
//! attributes when embedded) become a validated `Config`. Invalid values fall
//! back to defaults and are reported by name, never rendered as markup.

use backcheck_engine::text::locales;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    #[default]
    Auto,
}

/// A phone number as shown, and as dialled (`tel:` gets digits and `+` only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    pub display: String,
    pub dial: String,
}

impl Phone {
    pub fn href(&self) -> String {
        format!("tel:{}", self.dial)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub locale: &'static str,
    pub clinic_name: Option<String>,
    pub clinic_phone: Option<Phone>,
    pub booking_url: Option<String>,
    pub emergency_number: Option<Phone>,
    pub theme: Theme,
    /// Namespaces saved state, so two widgets on one site keep apart.
    pub instance: String,
    /// `storage="none"`: keep everything in memory only.
    pub storage: bool,
    /// `emit="summary"`: also send `backcheck:complete` with the level.
    pub emit_summary: bool,
    /// The full language tag that chose the locale (e.g. `en-US`, `pt-BR`),
    /// for date formats and units.
    pub tag: String,
    /// Where the widget's own files are (ending in `/`; empty: beside the
    /// page). Set by the code that mounts, never by a host setting.
    pub assets: String,
}

/// Every setting a host can give, as attribute / query names.
pub const SETTINGS: &[&str] = &[
    "locale",
    "clinic-name",
    "clinic-phone",
    "booking-url",
    "emergency-number",
    "theme",
    "instance",
    "storage",
    "emit",
    "mode",
];

impl Default for Config {
    fn default() -> Self {
        Config {
            locale: "en",
            clinic_name: None,
            clinic_phone: None,
            booking_url: None,
            emergency_number: None,
            theme: Theme::Auto,
            instance: "default".into(),
            storage: true,
            emit_summary: false,
            tag: "en".into(),
            assets: String::new(),
        }
    }
}

const MAX_NAME: usize = 120;

/// Plain text: control characters removed, whitespace collapsed, length capped.
fn clean_text(raw: &str, max: usize) -> Option<String> {
    let text: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let text: String = text.chars().take(max).collect();
    (!text.is_empty()).then_some(text)
}

fn phone(raw: &str, min_digits: usize, max_digits: usize) -> Option<Phone> {
    let display = clean_text(raw, 40)?;
    if !display
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        return None;
    }
    let plus = display.starts_with('+');
    let digits: String = display.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= min_digits && digits.len() <= max_digits).then(|| Phone {
        dial: if plus { format!("+{digits}") } else { digits },
        display,
    })
}

fn https_url(raw: &str) -> Option<String> {
    let url = raw.trim();
    // `get`, not slicing: a scheme-length prefix can end inside a character.
    let ok = url.len() <= 2000
        && url.len() > "https://".len()
        && url
            .get(.."https://".len())
            .is_some_and(|p| p.eq_ignore_ascii_case("https://"))
        && url.chars().all(|c| c.is_ascii_graphic());
    ok.then(|| url.to_owned())
}

/// A well-formed BCP 47-style tag (`en-GB`; `en_GB` is mended), or None.
/// The browser's date formatting throws on anything else.
fn language_tag(raw: &str) -> Option<String> {
    let tag = raw.trim().replace('_', "-");
    let ok = !tag.is_empty()
        && tag.len() <= 35
        && tag
            .split('-')
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    ok.then_some(tag)
}

/// The first supported primary language among `wanted` (e.g. `pt-BR` → `pt`).
pub fn negotiate_locale<'a>(wanted: impl IntoIterator<Item = &'a str>) -> Option<&'static str> {
    wanted.into_iter().find_map(|tag| {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        locales().iter().copied().find(|l| *l == primary)
    })
}

impl Config {
    /// US readers get miles beside kilometres.
    pub fn miles(&self) -> bool {
        self.tag.eq_ignore_ascii_case("en-US")
    }

    /// Settings from the host, with the locale negotiated from the
    /// browser's languages when none is given. Returns the names of invalid
    /// settings (they fell back to their defaults).
    pub fn resolve<'a>(
        pairs: &'a [(&'a str, String)],
        browser_languages: &'a [String],
    ) -> (Config, Vec<String>) {
        let (mut config, invalid) = Config::from_pairs(pairs.iter().map(|(n, v)| (*n, v.as_str())));
        if !pairs.iter().any(|(n, _)| *n == "locale") {
            if let Some(l) = negotiate_locale(browser_languages.iter().map(String::as_str)) {
                config.locale = l;
                config.tag = browser_languages
                    .iter()
                    .find(|t| negotiate_locale([t.as_str()]) == Some(l))
                    .and_then(|t| language_tag(t))
                    .unwrap_or_else(|| l.to_owned());
            }
        }
        (config, invalid)
    }

    /// Build from `(name, value)` pairs. Returns the config and the names of
    /// settings that were invalid and fell back to their default.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Config, Vec<String>) {
        let mut c = Config::default();
        let mut invalid = Vec::new();
        for (name, value) in pairs {
            let ok = match name {
                "locale" => negotiate_locale([value])
                    .map(|l| {
                        c.locale = l;
                        c.tag = language_tag(value).unwrap_or_else(|| l.to_owned());
                    })
                    .is_some(),
                "clinic-name" => clean_text(value, MAX_NAME)
                    .map(|v| c.clinic_name = Some(v))
                    .is_some(),
                "clinic-phone" => phone(value, 3, 20)
                    .map(|v| c.clinic_phone = Some(v))
                    .is_some(),
                // A short national code (112, 999, 000, 15, 1122, 10177):
                // the red-flag screens tell people to call it at once, and
                // settings can come from a link anyone can write, so a full
                // phone number (a premium line, a stranger) is refused.
                "emergency-number" => phone(value, 2, 5)
                    .map(|v| c.emergency_number = Some(v))
                    .is_some(),
                "booking-url" => https_url(value).map(|v| c.booking_url = Some(v)).is_some(),
                "theme" => match value {
                    "light" => Some(Theme::Light),
                    "dark" => Some(Theme::Dark),
                    "auto" => Some(Theme::Auto),
                    _ => None,
                }
                .map(|t| c.theme = t)
                .is_some(),
                "storage" => match value {
                    "local" => Some(true),
                    "none" => Some(false),
                    _ => None,
                }
                .map(|v| c.storage = v)
                .is_some(),
                "emit" => match value {
                    "none" => Some(false),
                    "summary" => Some(true),
                    _ => None,
                }
                .map(|v| c.emit_summary = v)
                .is_some(),
                // Read by the loader; the widget only checks it.
                "mode" => matches!(value, "isolated" | "inline"),
                "instance" => {
                    let ok = !value.is_empty()
                        && value.len() <= 40
                        && value
                            .chars()
                            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_');
                    if ok {
                        c.instance = value.to_owned();
                    }
                    ok
                }
                // Settings we do not know are ignored, not an error.
                _ => true,
            };
            if !ok {
                invalid.push(name.to_owned());
            }
        }
        (c, invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_settings() {
        let (c, bad) = Config::from_pairs([
            ("locale", "en-GB"),
            ("clinic-name", "  Clínica\u{7} Norte  "),
            ("clinic-phone", "+34 600 000 000"),
            ("booking-url", "https://example.org/book"),
            ("emergency-number", "112"),
            ("theme", "dark"),
        ]);
        assert!(bad.is_empty());
        assert_eq!(c.locale, "en");
        assert_eq!(c.clinic_name.as_deref(), Some("Clínica Norte"));
        assert_eq!(c.clinic_phone.unwrap().href(), "tel:+34600000000");
        assert_eq!(c.emergency_number.unwrap().href(), "tel:112");
        assert_eq!(c.booking_url.as_deref(), Some("https://example.org/book"));
        assert_eq!(c.theme, Theme::Dark);
    }

    #[test]
    fn invalid_settings_fall_back_and_are_named() {
        let long = "x".repeat(500);
        let (c, bad) = Config::from_pairs([
            ("locale", "tlh"),
            ("clinic-phone", "call me"),
            ("booking-url", "javascript:alert(1)"),
            ("emergency-number", "<script>"),
            ("theme", "neon"),
            ("clinic-name", long.as_str()),
            ("instance", "a b"),
        ]);
        assert_eq!(
            bad,
            [
                "locale",
                "clinic-phone",
                "booking-url",
                "emergency-number",
                "theme",
                "instance"
            ]
        );
        assert_eq!(c.clinic_name.unwrap().chars().count(), MAX_NAME);
        assert_eq!(c.booking_url, None);
        assert_eq!(c.locale, "en");
        assert!(Config::from_pairs([("booking-url", "http://example.org")]).1 == ["booking-url"]);
    }

    #[test]
    fn the_emergency_number_is_a_short_code_only() {
        for ok in ["112", "15", "000", "1122", "10177", "9 1 1"] {
            let (c, bad) = Config::from_pairs([("emergency-number", ok)]);
            assert!(bad.is_empty() && c.emergency_number.is_some(), "{ok}");
        }
        for refused in ["1", "101777", "0905 123 4567", "+44 20 7946 0000"] {
            let (c, bad) = Config::from_pairs([("emergency-number", refused)]);
            assert_eq!(bad, ["emergency-number"], "{refused}");
            assert_eq!(c.emergency_number, None, "{refused}");
        }
        // The clinic's own line is a full number.
        let (c, _) = Config::from_pairs([("clinic-phone", "+44 20 7946 0000")]);
        assert_eq!(c.clinic_phone.unwrap().href(), "tel:+442079460000");
    }

    #[test]
    fn language_tags_are_well_formed() {
        let (c, _) = Config::from_pairs([("locale", "en_GB")]);
        assert_eq!((c.locale, c.tag.as_str()), ("en", "en-GB"));
        for bad in ["en-", "en--GB", "en GB", "en-<b>", "en-abcdefghi"] {
            assert_eq!(language_tag(bad), None, "{bad}");
        }
        let (c, _) = Config::resolve(&[], &["de_CH".to_owned()]);
        assert_eq!(c.tag, "de-CH");
    }

    #[test]
    fn storage_emit_and_mode() {
        let (c, bad) =
            Config::from_pairs([("storage", "none"), ("emit", "summary"), ("mode", "inline")]);
        assert!(bad.is_empty() && !c.storage && c.emit_summary);
        let (_, bad) =
            Config::from_pairs([("storage", "cookie"), ("emit", "all"), ("mode", "popup")]);
        assert_eq!(bad, ["storage", "emit", "mode"]);
    }

    #[test]
    fn locale_from_the_browser_only_without_a_setting() {
        let langs = vec!["pt-BR".to_owned(), "en".to_owned()];
        let (c, _) = Config::resolve(&[], &langs);
        let expected = negotiate_locale(["pt-BR", "en"]).unwrap();
        assert_eq!(c.locale, expected);
        assert_eq!(c.tag, if expected == "pt" { "pt-BR" } else { "en" });
        let (c, _) = Config::resolve(&[("locale", "en".to_owned())], &langs);
        assert_eq!(c.locale, "en");
        let (us, _) = Config::resolve(&[], &["en-US".to_owned()]);
        assert!(us.miles() && !c.miles());
    }

    /// Every setting, given every kind of hostile value: nothing panics,
    /// and whatever is accepted keeps the invariants the views rely on.
    #[test]
    fn hostile_values_for_every_setting() {
        let mut values: Vec<String> = [
            "",
            " ",
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<b>x</b>",
            "http://example.org",
            "https://",
            "https://exa mple.org",
            "aéééé",
            "ééééééééé",
            "\u{0}\u{7}\u{1b}[31m\r\n\t",
            "\u{202e}evil\u{202c}",
            "+",
            "+++---",
            "112\n113",
            "１１２",
            "en-US-x-\u{0}",
            "\u{fffd}\u{fffd}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        values.push("x".repeat(100_000));
        values.push("é".repeat(501));
        values.push(format!("https://example.org/{}", "a".repeat(5000)));
        // A few thousand pseudo-random strings over a nasty alphabet.
        let alphabet: Vec<char> = "aZ9 +-().:/_#<>\"'&é\u{0}\u{1f}\u{7f}\u{85}\u{200b}\u{202e}😀"
            .chars()
            .collect();
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..3000 {
            let mut s = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for i in 0..(seed % 24) {
                s.push(alphabet[((seed >> (i % 50)) as usize + i as usize) % alphabet.len()]);
            }
            values.push(s);
        }
        for name in SETTINGS {
            for v in &values {
                let (c, _) = Config::from_pairs([(*name, v.as_str())]);
                assert!(locales().contains(&c.locale), "{name}={v:?}");
                assert!(language_tag(&c.tag).is_some(), "{name}={v:?}");
                if let Some(n) = &c.clinic_name {
                    assert!(!n.is_empty() && n.chars().count() <= MAX_NAME);
                    assert!(!n.chars().any(char::is_control), "{name}={v:?}");
                }
                for p in [&c.clinic_phone, &c.emergency_number].into_iter().flatten() {
                    assert!(p
                        .dial
                        .trim_start_matches('+')
                        .chars()
                        .all(|c| c.is_ascii_digit()));
                    assert!(!p.display.chars().any(char::is_control));
                }
                if let Some(u) = &c.booking_url {
                    assert!(u
                        .get(..8)
                        .is_some_and(|p| p.eq_ignore_ascii_case("https://")));
                    assert!(u.chars().all(|c| c.is_ascii_graphic()));
                }
                assert!(
                    !c.instance.is_empty() && c.instance.len() <= 64,
                    "{name}={v:?}"
                );
                assert!(c
                    .instance
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c)));
            }
        }
    }
}
