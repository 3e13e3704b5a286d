//! The root component: holds the engine session in one reducer, saves it
//! through `storage`, moves focus on step changes, and picks the view.

use std::rc::Rc;

use backcheck_engine::session::SessionError;
use backcheck_engine::spec::Item;
use backcheck_engine::{questionnaire, Action, Session, Step};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::config::{Config, Theme};
use crate::events::Events;
use crate::i18n::Text;
use crate::storage::{Saved, Store};
use crate::views;

#[derive(Clone, Debug, PartialEq, Properties)]
pub struct AppProps {
    pub config: Config,
    pub store: Store,
    /// Start from this session instead of the welcome screen (tests, previews).
    #[prop_or_default]
    pub initial: Option<Session>,
    /// Where host-page events go.
    #[prop_or_default]
    pub events: Events,
    /// This widget's step changes, shared with its double-click guard.
    #[prop_or_default]
    pub step_counter: StepCounter,
    /// Start was pressed on the page's preview before the widget took over:
    /// begin at the first question (unless the welcome screen has something
    /// the preview could not show: answers to resume, a notice).
    #[prop_or_default]
    pub start: bool,
    /// Where the focus goes on the first render (taking over from the
    /// preview: the control that had it, or the heading after Start).
    #[prop_or_default]
    pub focus: Option<String>,
}

/// Counts one widget's step changes. Bumped by the reducer, at the click
/// itself, so a second click already queued sees the new step.
#[derive(Clone, Debug, Default)]
pub struct StepCounter(Rc<std::cell::Cell<u32>>);

impl StepCounter {
    pub fn get(&self) -> u32 {
        self.0.get()
    }
    fn bump(&self) {
        self.0.set(self.0.get().wrapping_add(1));
    }
}

impl PartialEq for StepCounter {
    /// The same widget's counter throughout: never a reason to re-render.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// Everything the widget shows, as one value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    pub session: Session,
    /// The last refused action's reason (e.g. Next before answering).
    pub error: Option<SessionError>,
    /// A saved session offered on the welcome screen.
    pub resumable: Option<Session>,
    /// Raw text of number boxes, so typing is never overwritten.
    pub number_text: Option<(String, String)>,
    /// Whether "Delete my answers" was just used.
    pub deleted: bool,
    /// Ticked prevention checklist items.
    pub ticks: Vec<Item>,
    /// Outcome of the last "Copy summary".
    pub copied: Option<bool>,
    /// The language shown; switching it keeps every answer.
    pub locale: &'static str,
    /// Saved answers were found but could not be read (and were removed).
    pub discarded: bool,
    /// Storage refused a write (e.g. full): progress is kept in memory only.
    pub storage_failed: bool,
    /// The language last chosen could not be fetched.
    pub language_failed: bool,
    pub step_counter: StepCounter,
}

pub enum Msg {
    Engine(Action),
    /// What was typed in a number box.
    NumberInput {
        question: String,
        raw: String,
    },
    Resume,
    Delete,
    Tick(Item),
    Copied(bool),
    SetLocale(&'static str),
    StorageFailed,
    LanguageFailed,
}

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let q = questionnaire();
        let step_before = step_key(&self.session.step);
        let mut s = (*self).clone();
        s.deleted = false;
        s.copied = None;
        s.language_failed = false;
        match msg {
            Msg::Engine(action) => {
                if action == Action::Next && crate::fault_injected() {
                    panic!("fault injected by a test (__backcheckFault)");
                }
                if matches!(action, Action::Start | Action::Restart) {
                    s.resumable = None;
                    s.number_text = None;
                    s.discarded = false;
                }
                s.error = s.session.apply(q, action).err();
            }
            Msg::NumberInput { question, raw } => {
                let value = raw.trim();
                let action = Action::SetNumber {
                    question: question.clone(),
                    value: if value.is_empty() {
                        None
                    } else {
                        value.parse().ok().or(Some(u32::MAX))
                    },
                };
                s.error = s.session.apply(q, action).err();
                if s.error.is_some() {
                    // Out of range or not a number: no answer until it is fixed.
                    let _ = s.session.apply(
                        q,
                        Action::SetNumber {
                            question: question.clone(),
                            value: None,
                        },
                    );
                }
                s.number_text = Some((question, raw));
            }
            Msg::Resume => {
                if let Some(saved) = s.resumable.take() {
                    s.session = saved;
                    if s.session.step == Step::Intro {
                        let _ = s.session.apply(q, Action::Start);
                    }
                }
                s.error = None;
            }
            Msg::Delete => {
                s = State {
                    deleted: true,
                    locale: s.locale,
                    storage_failed: s.storage_failed,
                    step_counter: s.step_counter.clone(),
                    ..State::default()
                };
            }
            Msg::Tick(item) => match s.ticks.iter().position(|i| *i == item) {
                Some(pos) => {
                    s.ticks.remove(pos);
                }
                None => s.ticks.push(item),
            },
            Msg::Copied(ok) => s.copied = Some(ok),
            Msg::SetLocale(l) => s.locale = l,
            Msg::StorageFailed => s.storage_failed = true,
            Msg::LanguageFailed => s.language_failed = true,
        }
        // Here, at the click, not in an effect after rendering: a pending
        // second click of a double click must already see the new step.
        if step_key(&s.session.step) != step_before {
            s.step_counter.bump();
        }
        Rc::new(s)
    }
}

/// A key that changes whenever a different step is shown.
fn step_key(step: &Step) -> (u8, usize) {
    match step {
        Step::Intro => (0, 0),
        Step::Screen { index } => (1, *index),
        Step::Review => (2, 0),
        Step::Result => (3, 0),
        Step::Emergency { from } => (4, *from),
    }
}

/// Blurs the widget's focused control (the Next just pressed, the old
/// heading) before a new step replaces the DOM; the new heading takes the
/// focus once it is there. Rendering is the last moment before Yew changes
/// the DOM: removing the focused element makes Chromium lay out the
/// half-changed page there and then, and the heading's focus lays it out
/// again (two layouts on the result instead of one: BENCHMARKS.md). And a
/// heading kept from the last step, still focused where the button was
/// pressed without moving the focus (assistive technology, voice control,
/// a script), would not take the focus again: no focus event to announce
/// it, no scrolling it into view.
fn release_focus(heading: &NodeRef) {
    let Some(h) = heading.cast::<web_sys::Element>() else {
        return;
    };
    // The document's or shadow root's active element, not `:focus`, which
    // matches only while the window itself has the focus.
    let active = js_sys::Reflect::get(&h.get_root_node(), &JsValue::from_str("activeElement"))
        .ok()
        .and_then(|el| el.dyn_into::<web_sys::Element>().ok());
    let widget = h.closest(".bc").ok().flatten();
    if let (Some(el), Some(widget)) = (active, widget) {
        if widget.contains(Some(&el)) {
            // `blur` is the same on every focusable element (HTML or SVG).
            let _ = el.unchecked_into::<web_sys::HtmlElement>().blur();
        }
    }
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let q = questionnaire();
    let store = props.store.clone();
    let initial = props.initial.clone();
    let config_locale = props.config.locale;
    let step_counter = props.step_counter.clone();
    let start = props.start;
    let storage_on = props.config.storage;
    let state = use_reducer(|| {
        let saved = match initial {
            Some(_) => Saved::Nothing,
            None => store.load(q),
        };
        let discarded = matches!(saved, Saved::Unreadable);
        let resumable = match saved {
            Saved::Found(l) => Some(l.session).filter(|s| *s != Session::default()),
            _ => None,
        };
        let mut session = initial.unwrap_or_default();
        // Not when the welcome screen has something to say that the preview
        // could not: answers to resume, answers that could not be read, or
        // that progress will not be kept.
        let quiet = resumable.is_none() && !discarded && store.available() && storage_on;
        if start && quiet && session == Session::default() {
            let _ = session.apply(q, Action::Start);
        }
        State {
            ticks: store.load_ticks(),
            discarded,
            resumable,
            session,
            locale: config_locale,
            step_counter: step_counter.clone(),
            ..State::default()
        }
    });
    let heading = use_node_ref();
    // The step last rendered (none before the first render). Blurring and
    // then focusing the heading both follow a change of this key.
    let shown = use_mut_ref(|| None::<(u8, usize)>);
    let key = step_key(&state.session.step);
    let previous = shown.borrow_mut().replace(key);
    let first = previous.is_none();
    if previous.is_some_and(|p| p != key) {
        release_focus(&heading);
    }
    // The ticks as last written (None: not yet, this mount).
    let saved_ticks = use_mut_ref(|| None::<Vec<Item>>);

    // Persist every change. A welcome screen that offers to resume keeps what
    // was saved until the person chooses; "Start again" drops it.
    {
        let store = props.store.clone();
        let offered = state.resumable.is_some();
        let failed = state.storage_failed;
        let state = state.clone();
        let saved_ticks = saved_ticks.clone();
        use_effect_with(
            (
                state.session.clone(),
                state.ticks.clone(),
                state.deleted,
                offered,
            ),
            move |(session, ticks, deleted, offered)| {
                if *deleted {
                    store.clear_all();
                    return;
                }
                // Once a write was refused, progress lives in memory only:
                // no more half-kept state.
                if failed {
                    return;
                }
                let mut ok = true;
                if *session != Session::default() {
                    ok = store.save(session, q);
                } else if !offered {
                    store.clear();
                }
                // Ticks are written when they change (removed when none are
                // left), not with every answer: one storage call less per click.
                if saved_ticks.borrow().as_ref() != Some(ticks) {
                    ok &= store.save_ticks(ticks);
                    *saved_ticks.borrow_mut() = Some(ticks.clone());
                }
                if !ok && store.available() {
                    // The last record that did fit is older than what the
                    // person sees; offering it next time would be wrong.
                    store.clear_all();
                    state.dispatch(Msg::StorageFailed);
                }
            },
        );
    }

    // Focus the new step's heading, but never on first load (no focus theft).
    // Tell the host page where we are (never what was answered).
    {
        let heading = heading.clone();
        let events = props.events.clone();
        // Taking over from the preview: focus goes where it says, else
        // nowhere on the first render.
        let preview_focus = props.focus.clone();
        let progress = state.session.progress(q);
        let level = (state.session.step == Step::Result).then(|| state.session.assessment(q).level);
        use_effect_with(key, move |_| {
            // `ready` first, also when Start was already pressed on the
            // page's preview and the first render is a question.
            if first {
                events.ready();
            }
            if let Some(p) = progress {
                events.step(p.number, p.total);
            }
            if let Some(level) = level {
                events.complete(level.id());
            }
            let target = if first {
                let widget = heading
                    .cast::<web_sys::Element>()
                    .and_then(|h| h.closest(".bc").ok().flatten());
                preview_focus
                    .and_then(|id| widget?.query_selector(&format!("#{id}")).ok().flatten())
                    .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            } else {
                heading.cast::<web_sys::HtmlElement>()
            };
            if let Some(el) = target {
                let _ = el.focus();
            }
        });
    }

    let dispatch = {
        let state = state.clone();
        Callback::from(move |m: Msg| state.dispatch(m))
    };
    let ctx = views::Ctx {
        t: Text::new(state.locale).with_miles(state.locale == "en" && props.config.miles()),
        q,
        state: &state,
        config: &props.config,
        dispatch,
        heading,
        storage_ok: props.store.available() && !state.storage_failed,
        events: &props.events,
    };
    let theme = match props.config.theme {
        Theme::Light => "bc-theme-light",
        Theme::Dark => "bc-theme-dark",
        Theme::Auto => "bc-theme-auto",
    };
    html! {
        <div class={classes!("bc", theme)} lang={ctx.t.locale()}>
            { views::announcer(&ctx) }
            { views::live_notices(&ctx) }
            { views::body(&ctx) }
        </div>
    }
}
