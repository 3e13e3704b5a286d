//! The BackCheck widget: a thin Yew layer that renders the engine's session
//! and sends it actions. See ARCHITECTURE.md for the map.

pub mod app;
pub mod config;
pub mod events;
pub mod i18n;
pub mod storage;
mod views;

use std::cell::RefCell;

pub use app::{App, AppProps};
pub use config::Config;
use events::Events;
use wasm_bindgen::prelude::*;

thread_local! {
    /// Mounted widgets' event targets, so a panic can still be reported.
    static MOUNTED: RefCell<Vec<Events>> = const { RefCell::new(Vec::new()) };
}

/// Report a panic to every mounted widget's host (`backcheck:error`).
pub fn report_panic(message: &str) {
    web_sys::console::error_1(&format!("BackCheck: {message}").into());
    MOUNTED.with(|m| {
        if let Ok(list) = m.try_borrow() {
            list.iter().for_each(|e| e.error("internal error"));
        }
    });
}

/// Mount the widget into `root`.
pub fn mount(root: web_sys::Element, config: Config, store: storage::Store) -> yew::AppHandle<App> {
    mount_at(root, config, store, None)
}

/// Mount the widget into `root`, starting from `initial` when given.
pub fn mount_at(
    root: web_sys::Element,
    config: Config,
    store: storage::Store,
    initial: Option<backcheck_engine::Session>,
) -> yew::AppHandle<App> {
    let events = Events::new(root.clone(), config.emit_summary);
    MOUNTED.with(|m| m.borrow_mut().push(events.clone()));
    let props = AppProps {
        config,
        store,
        initial,
        events,
    };
    yew::Renderer::<App>::with_root_and_props(root, props).render()
}

/// The browser's preferred languages, best first.
pub fn browser_languages() -> Vec<String> {
    web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Mount from raw `(name, value)` settings: the one path from host strings to
/// a running widget. Invalid settings fall back, with one console warning each.
pub fn mount_with_settings(root: web_sys::Element, pairs: &[(&str, String)]) {
    let (config, invalid) = Config::resolve(pairs, &browser_languages());
    for name in invalid {
        web_sys::console::warn_1(
            &format!("BackCheck: ignored invalid `{name}`; using its default").into(),
        );
    }
    let store = if config.storage {
        storage::Store::open(&config.instance)
    } else {
        storage::Store::memory()
    };
    mount(root, config, store);
}

/// Inline mode: the loader calls this with the element inside its shadow
/// root and the host element's settings (a plain object of strings).
#[wasm_bindgen]
pub fn mount_inline(root: web_sys::Element, settings: JsValue) {
    let pairs: Vec<(&str, String)> = config::SETTINGS
        .iter()
        .filter_map(|n| {
            let v = js_sys::Reflect::get(&settings, &JsValue::from_str(n)).ok()?;
            Some((*n, v.as_string()?))
        })
        .collect();
    mount_with_settings(root, &pairs);
}
