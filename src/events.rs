//! Events for the host page: `backcheck:ready`, `backcheck:step`,
//! `backcheck:cta`, `backcheck:complete` (only with `emit="summary"`) and
//! `backcheck:error`, dispatched on the widget's root so they bubble (and,
//! being `composed`, leave a shadow root). No event ever carries answers:
//! the only details are step numbers, the CTA kind and the level.

use wasm_bindgen::JsValue;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Events {
    target: Option<web_sys::Element>,
    emit_summary: bool,
}

impl Events {
    pub fn new(target: web_sys::Element, emit_summary: bool) -> Self {
        Events {
            target: Some(target),
            emit_summary,
        }
    }

    fn dispatch(&self, name: &str, detail: &[(&str, JsValue)]) {
        let Some(target) = &self.target else { return };
        let obj = js_sys::Object::new();
        for (k, v) in detail {
            let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(k), v);
        }
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&obj);
        if let Ok(event) =
            web_sys::CustomEvent::new_with_event_init_dict(&format!("backcheck:{name}"), &init)
        {
            let _ = target.dispatch_event(&event);
        }
    }

    pub fn ready(&self) {
        self.dispatch("ready", &[]);
    }

    pub fn step(&self, index: usize, total: usize) {
        self.dispatch(
            "step",
            &[
                ("index", (index as u32).into()),
                ("total", (total as u32).into()),
            ],
        );
    }

    /// `kind` is `call` or `book`.
    pub fn cta(&self, kind: &str) {
        self.dispatch("cta", &[("kind", kind.into())]);
    }

    pub fn complete(&self, level: &str) {
        if self.emit_summary {
            self.dispatch("complete", &[("level", level.into())]);
        }
    }

    pub fn error(&self, message: &str) {
        self.dispatch("error", &[("message", message.into())]);
    }
}
