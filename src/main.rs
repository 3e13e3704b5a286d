//! Entry point of the standalone page: settings from the URL query, mount
//! into `#backcheck`, and a panic hook so a panic is still reported.

use backcheck::config::{negotiate_locale, Config};
use backcheck::storage::Store;

fn main() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("BackCheck: {info}").into());
    }));
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let query = window.location().search().unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&query).ok();
    let names = [
        "locale",
        "clinic-name",
        "clinic-phone",
        "booking-url",
        "emergency-number",
        "theme",
        "instance",
    ];
    let pairs: Vec<(&str, String)> = names
        .iter()
        .filter_map(|n| Some((*n, params.as_ref()?.get(n)?)))
        .collect();
    let (mut config, invalid) = Config::from_pairs(pairs.iter().map(|(n, v)| (*n, v.as_str())));
    if !pairs.iter().any(|(n, _)| *n == "locale") {
        // No explicit choice: the browser's preferred languages, best match first.
        let wanted: Vec<String> = window
            .navigator()
            .languages()
            .iter()
            .filter_map(|v| v.as_string())
            .collect();
        if let Some(l) = negotiate_locale(wanted.iter().map(String::as_str)) {
            config.locale = l;
        }
    }
    for name in invalid {
        web_sys::console::warn_1(
            &format!("BackCheck: ignored invalid setting `{name}`; using its default").into(),
        );
    }
    let Some(root) = document.get_element_by_id("backcheck") else {
        return;
    };
    let store = Store::open(&config.instance);
    backcheck::mount(root, config, store);
}
