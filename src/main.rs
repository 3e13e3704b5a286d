//! Entry point of the widget's own page (standalone, and the frame of
//! isolated mode): settings from the URL query and fragment, mount into
//! `#backcheck`, and a panic hook so a panic is still reported.

use backcheck::config::SETTINGS;

fn main() {
    // Through Yew, not std: Yew's renderer installs its own console hook
    // unless a custom one was set this way.
    yew::set_custom_panic_hook(Box::new(|info| backcheck::report_panic(&info.to_string())));
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(root) = window
        .document()
        .and_then(|d| d.get_element_by_id("backcheck-standalone"))
    else {
        return;
    };
    // The fragment (used by the loader's frame) never reaches a server; it
    // wins over the query.
    let location = window.location();
    let read = |s: Result<String, _>| {
        web_sys::UrlSearchParams::new_with_str(s.unwrap_or_default().trim_start_matches('#')).ok()
    };
    let sources = [read(location.hash()), read(location.search())];
    let pairs: Vec<(&str, String)> = SETTINGS
        .iter()
        .filter_map(|n| {
            sources
                .iter()
                .flatten()
                .find_map(|p| p.get(n))
                .map(|v| (*n, v))
        })
        .collect();
    // Catalogue files sit beside this page.
    backcheck::mount_with_settings(root, &pairs, "");
}
