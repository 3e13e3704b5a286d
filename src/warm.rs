//! Runs the widget's own screens once, out of sight, while the person reads
//! the first one, so that each screen's code is ready before they reach it.
//!
//! V8 compiles a wasm function, and the glue's JS, on its first call, and
//! runs both slowly at first: the first pass through the journey's screens
//! took about twice the script time of a second pass (BENCHMARKS.md, eighth
//! run). So once the widget is up, a second copy of it, in an element that
//! is never put in the document, is taken from the first screen to the
//! result with `content::rehearsal`'s answers, one step per task, then
//! dropped. It is the same `App`, so it is the same code; it has a memory
//! store and no event target, and a node outside the document can take no
//! focus and is never laid out, so nothing of it reaches storage, the host
//! page or the screen.

use std::cell::Cell;

use backcheck_engine::content;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::{App, AppProps};
use crate::config::Config;
use crate::storage::Store;

thread_local! {
    /// Once per page: the code is shared by every widget on it.
    static DONE: Cell<bool> = const { Cell::new(false) };
}

#[wasm_bindgen]
extern "C" {
    /// The global, as Yew's scheduler binds it: no `Window` lookup.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &JsValue, timeout: i32) -> i32;
}

/// The rehearsal's copy of the widget, once it is up.
type Running = (web_sys::Element, yew::AppHandle<App>);

/// Start the rehearsal for a widget shown with `config` (its language and
/// options, so the screens are the ones this person will see).
pub fn rehearse(config: &Config) {
    if DONE.with(|d| d.replace(true)) {
        return;
    }
    later(Err(config.clone()));
}

/// One step of the rehearsal, each in a task of its own, after the tasks
/// already queued: the real widget's first render, then any click waiting,
/// come first. A single function, so a single closure type in the wasm.
fn later(state: Result<Running, Config>) {
    set_timeout(&Closure::once_into_js(move || step(state)), 0);
}

fn step(state: Result<Running, Config>) {
    match state {
        // Up: press the shown step's Next (or "See result"), until the
        // result, which has neither; then it goes with its handle.
        Ok((root, app)) => {
            if let Ok(Some(button)) = root.query_selector("#bc-next, #bc-see-result") {
                button.unchecked_into::<web_sys::HtmlElement>().click();
                later(Ok((root, app)));
            }
        }
        Err(config) => {
            let (Some(session), Some(root)) = (
                content::rehearsal(),
                web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.create_element("div").ok()),
            ) else {
                return;
            };
            let props = AppProps {
                config,
                store: Store::memory(),
                initial: Some(session),
                events: Default::default(),
                step_counter: Default::default(),
                start: false,
                focus: None,
            };
            let app = yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
            later(Ok((root, app)));
        }
    }
}
