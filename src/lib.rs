//! The BackCheck widget: a thin Yew layer that renders the engine's session
//! and sends it actions. See ARCHITECTURE.md for the map.

pub mod app;
pub mod config;
pub mod events;
pub mod i18n;
pub mod storage;
mod views;
mod warm;

use std::cell::RefCell;

pub use app::{App, AppProps};
pub use config::Config;
use events::Events;
use wasm_bindgen::prelude::*;

/// What a panic needs to replace a widget with its static fallback.
struct Mounted {
    root: web_sys::Element,
    events: Events,
    config: Config,
}

thread_local! {
    /// Every mounted widget, so a panic can still be reported and shown.
    static MOUNTED: RefCell<Vec<Mounted>> = const { RefCell::new(Vec::new()) };
}

/// After a panic the widget cannot run again (release builds abort), so
/// each mounted widget's box gets a static fallback with the emergency
/// advice, the clinic's phone if configured and a reload link, and the host
/// gets `backcheck:error`. The host page itself is never touched.
pub fn report_panic(message: &str) {
    web_sys::console::error_1(&format!("BackCheck: {message}").into());
    MOUNTED.with(|m| {
        if let Ok(list) = m.try_borrow() {
            for w in list.iter() {
                let _ = fallback(w);
                w.events.error("internal error");
            }
        }
    });
}

/// Test-only fault injection: the release build's browser tests set
/// `globalThis.__backcheckFault = "panic"` to prove that a panic ends in the
/// static fallback. One global read per Next costs nothing measurable, and a
/// page that sets it only breaks its own widget.
pub(crate) fn fault_injected() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("__backcheckFault"))
        .ok()
        .and_then(|v| v.as_string())
        .is_some_and(|v| v == "panic")
}

/// One element of the static fallback: tag, class, text, link target.
struct Part {
    tag: &'static str,
    class: &'static str,
    text: String,
    href: Option<String>,
    /// List items (`ul` only).
    items: Vec<String>,
}

/// What the static fallback says, in order: emergency advice, the clinic's
/// phone if configured, reload. Shared by the widget (built as DOM after a
/// panic) and the page's preview (prerendered, shown when the widget never
/// starts), so both say the same.
fn fallback_parts(config: &Config, reload: &str) -> Vec<Part> {
    use backcheck_engine::text::keys;
    use i18n::ui;
    let t = i18n::Text::new(config.locale);
    let part = |tag, class, text: &str| Part {
        tag,
        class,
        text: text.to_owned(),
        href: None,
        items: Vec::new(),
    };
    let link = |class, href: String, text: &str| Part {
        href: Some(href),
        ..part("a", class, text)
    };
    let mut parts = vec![
        part("h2", "bc-heading", t.get(ui::FALLBACK_TITLE)),
        part("p", "", t.get(ui::FALLBACK_BODY)),
        part("p", "", t.get(keys::SAFETY_INTRO)),
        Part {
            items: backcheck_engine::spec::safety_net()
                .map(|f| t.get(&keys::safety(f)).to_owned())
                .collect(),
            ..part("ul", "", "")
        },
        match &config.emergency_number {
            Some(p) => link(
                "bc-btn bc-call",
                p.href(),
                &t.fill(ui::EMERGENCY_CALL, &[("number", &p.display)]),
            ),
            None => part("p", "bc-call-generic", t.get(ui::EMERGENCY_CALL_GENERIC)),
        },
    ];
    if let Some(p) = &config.clinic_phone {
        let text = t.fill(ui::RESULT_CALL_CLINIC, &[("phone", &p.display)]);
        parts.push(link("bc-btn", p.href(), &text));
    }
    parts.push(link(
        "bc-btn bc-primary",
        reload.to_owned(),
        t.get(ui::FALLBACK_RELOAD),
    ));
    parts
}

fn fallback(w: &Mounted) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    let el = |tag: &str, class: &str, text: &str| -> Option<web_sys::Element> {
        let e = doc.create_element(tag).ok()?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        e.set_text_content(Some(text));
        Some(e)
    };
    let here = web_sys::window()?.location().href().ok()?;
    let box_ = el("div", "bc bc-fallback", "")?;
    box_.set_attribute("role", "alert").ok()?;
    box_.set_attribute("lang", i18n::Text::new(w.config.locale).locale())
        .ok()?;
    for p in fallback_parts(&w.config, &here) {
        let e = el(p.tag, p.class, &p.text)?;
        if let Some(href) = &p.href {
            e.set_attribute("href", href).ok()?;
        }
        for item in &p.items {
            let li = el("li", "", item)?;
            e.append_child(&li).ok()?;
        }
        box_.append_child(&e).ok()?;
    }
    w.root.set_text_content(None);
    w.root.append_child(&box_).ok()?;
    Some(())
}

/// The static fallback as markup, for the page's preview (prerendered at
/// build time): the same parts as `fallback`, with default settings; the
/// reload link's target is the page's script's to set.
#[cfg(not(target_arch = "wasm32"))]
pub fn fallback_html(locale: &'static str) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let config = Config {
        locale,
        ..Config::default()
    };
    let lang = i18n::Text::new(locale).locale();
    let mut html = format!("<div class=\"bc bc-fallback\" role=\"alert\" lang=\"{lang}\">");
    for p in fallback_parts(&config, "") {
        let class = if p.class.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", p.class)
        };
        let href = p
            .href
            .map(|h| format!(" href=\"{}\"", escape(&h)))
            .unwrap_or_default();
        let items: String = p
            .items
            .iter()
            .map(|i| format!("<li>{}</li>", escape(i)))
            .collect();
        html += &format!(
            "<{tag}{class}{href}>{}{items}</{tag}>",
            escape(&p.text),
            tag = p.tag
        );
    }
    html + "</div>"
}

/// The second click of a double-click is dropped when the first one moved
/// to another step: it would otherwise land on whatever the new step put
/// under the pointer (Back on one step becomes a checkbox on the next).
/// Keyboard activations have `detail` 0 and are never held back. Capture
/// phase on the mount root, so it runs before Yew's delegated listeners.
fn one_click_per_double_click(root: &web_sys::Element, steps: app::StepCounter) {
    // Only when the step changed between the two: a quick second tap on a
    // neighbouring answer of the same step (which phones also number as a
    // double click) is a real answer.
    let first = std::rc::Rc::new(RefCell::new((0u32, None)));
    let guard = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |e: web_sys::MouseEvent| {
        let now = (steps.get(), e.target());
        if e.detail() <= 1 {
            *first.borrow_mut() = now;
            return;
        }
        let first = first.borrow();
        // Also the same spot twice: a double click on an answer would
        // otherwise tick and untick it.
        if first.0 != now.0 || first.1 == now.1 {
            e.prevent_default();
            e.stop_immediate_propagation();
        }
    });
    let _ = root.add_event_listener_with_callback_and_bool(
        "click",
        guard.as_ref().unchecked_ref(),
        true,
    );
    // Lives as long as the page: one per mount, and the root keeps it.
    guard.forget();
}

/// The widget's own page shows a prerendered welcome screen while the wasm
/// loads (`loader/preview.js`). It is replaced now, in the same task as the
/// first render (no blank frame between); what the person did on it carries
/// over: whether Start was pressed, and where the focus goes: the heading
/// after a press on Start, else the control that had it.
fn take_over_preview(root: &web_sys::Element) -> (bool, Option<String>) {
    let start = root.has_attribute("data-start");
    let focus = if start {
        Some("bc-h".to_owned())
    } else {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .filter(|e| root.contains(Some(e)))
            .map(|e| e.id())
            .filter(|id| !id.is_empty())
    };
    let _ = root.remove_attribute("data-start");
    let _ = root.remove_attribute("data-locale");
    root.set_text_content(None);
    (start, focus)
}

/// The language chosen on the page's preview before the widget started.
fn preview_locale(root: &web_sys::Element) -> Option<&'static str> {
    let chosen = root.get_attribute("data-locale")?;
    backcheck_engine::text::locales()
        .iter()
        .find(|l| **l == chosen)
        .copied()
}

/// Mount the widget into `root`.
pub fn mount(root: web_sys::Element, config: Config, store: storage::Store) -> yew::AppHandle<App> {
    mount_at(root, config, store, None)
}

/// Free heap made at mount. A journey used to grow the memory by one page
/// (64 KB) on the review; an end-to-end test checks that this is enough.
const HEAP_AHEAD: usize = 64 * 1024;

/// Mount the widget into `root`, starting from `initial` when given.
pub fn mount_at(
    root: web_sys::Element,
    config: Config,
    store: storage::Store,
    initial: Option<backcheck_engine::Session>,
) -> yew::AppHandle<App> {
    // The heap grows here rather than in the middle of a step. A growth
    // detaches the memory's buffer, the glue rebuilds its cached views of
    // it, and in every traced run a V8 deoptimisation came in the same step
    // (on the review, where the heap used to grow: BENCHMARKS.md). Wasm
    // memory never shrinks and std's allocator keeps freed memory for
    // later use; `black_box` stops LLVM dropping the unused allocation.
    drop(std::hint::black_box(Vec::<u8>::with_capacity(HEAP_AHEAD)));
    let events = Events::new(root.clone(), config.emit_summary);
    MOUNTED.with(|m| {
        let mut m = m.borrow_mut();
        // Widgets a host page removed (single-page apps) are forgotten.
        m.retain(|w| w.root.is_connected());
        m.push(Mounted {
            root: root.clone(),
            events: events.clone(),
            config: config.clone(),
        })
    });
    let step_counter = app::StepCounter::default();
    one_click_per_double_click(&root, step_counter.clone());
    let (start, focus) = take_over_preview(&root);
    warm::rehearse(&config);
    let props = AppProps {
        config,
        store,
        initial,
        events,
        step_counter,
        start,
        focus,
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
/// `assets` is the folder of the widget's files (catalogues are fetched from
/// it); empty means beside the page.
pub fn mount_with_settings(root: web_sys::Element, pairs: &[(&str, String)], assets: &str) {
    mount_prefetched(root, pairs, assets, None);
}

/// `mount_with_settings`, with the text file of `locale` already being
/// fetched by the loader (a promise of its bytes), used when it is the
/// language the settings choose.
fn mount_prefetched(
    root: web_sys::Element,
    pairs: &[(&str, String)],
    assets: &str,
    prefetched: Option<(String, js_sys::Promise)>,
) {
    let (mut config, invalid) = Config::resolve(pairs, &browser_languages());
    config.assets = assets.to_owned();
    for name in invalid {
        warn(&format!("ignored invalid `{name}`; using its default"));
    }
    let store = if config.storage {
        storage::Store::open(&config.instance)
    } else {
        storage::Store::memory()
    };
    if i18n::available(config.locale) {
        mount(root, config, store);
        return;
    }
    // The language shown is fetched first (one small file); English if that
    // fails; the static fallback if neither can be had.
    wasm_bindgen_futures::spawn_local(async move {
        let prefetched = prefetched
            .filter(|(l, _)| l == config.locale)
            .map(|(_, p)| p);
        let mut shown = i18n::load(&config.assets, config.locale, prefetched).await;
        if let (Err(e), false) = (&shown, config.locale == "en") {
            warn(e);
            shown = i18n::load(&config.assets, "en", None).await;
        }
        // A language chosen on the preview wins over the page's setting, as
        // the switcher's choice does (the preview has already asked for its
        // file; if it cannot be had, the widget starts in the one it has).
        if let (Ok(()), Some(l)) = (&shown, preview_locale(&root)) {
            if l != config.locale && i18n::load(&config.assets, l, None).await.is_ok() {
                config.locale = l;
                config.tag = l.to_owned();
            }
        }
        // A host page (single-page app) may have removed the element meanwhile.
        if !root.is_connected() {
            return;
        }
        match shown {
            Ok(()) => {
                mount(root, config, store);
            }
            Err(e) => {
                warn(&e);
                let w = Mounted {
                    events: Events::new(root.clone(), config.emit_summary),
                    root,
                    config,
                };
                let _ = fallback(&w);
                w.events.error("text unavailable");
            }
        }
    });
}

/// A console warning, prefixed so admins can tell it is ours.
pub(crate) fn warn(message: &str) {
    web_sys::console::warn_1(&format!("BackCheck: {message}").into());
}

/// Inline mode: the loader calls this with the element inside its shadow
/// root, the host element's settings (a plain object of strings), the URL
/// of the folder the widget's files are in, and the language file it has
/// started fetching (`locale`, a promise of its bytes, an `ArrayBuffer`).
#[wasm_bindgen]
pub fn mount_inline(
    root: web_sys::Element,
    settings: JsValue,
    assets: String,
    locale: String,
    text: js_sys::Promise,
) {
    let pairs: Vec<(&str, String)> = config::SETTINGS
        .iter()
        .filter_map(|n| {
            let v = js_sys::Reflect::get(&settings, &JsValue::from_str(n)).ok()?;
            Some((*n, v.as_string()?))
        })
        .collect();
    mount_prefetched(root, &pairs, &assets, Some((locale, text)));
}
