//! The BackCheck widget: a thin Yew layer that renders the engine's session
//! and sends it actions. See ARCHITECTURE.md for the map.

pub mod app;
pub mod config;
pub mod i18n;
pub mod storage;
mod views;

pub use app::{App, AppProps};
pub use config::Config;

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
    let props = AppProps {
        config,
        store,
        initial,
    };
    yew::Renderer::<App>::with_root_and_props(root, props).render()
}
