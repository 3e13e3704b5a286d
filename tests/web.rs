//! Browser tests (wasm-bindgen-test in headless Chromium): mount the real
//! widget, drive it through the DOM as a person would, assert on the DOM.
#![cfg(target_arch = "wasm32")]

use backcheck::config::Config;
use backcheck::storage::Store;
use backcheck_engine::text::{keys, Catalogue};
use backcheck_engine::Level;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn en(key: &str) -> &'static str {
    Catalogue::english().lookup(key).expect("key exists")
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Let Yew's scheduler render (it runs on a later task).
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

struct Widget {
    root: Element,
}

impl Widget {
    async fn mount(config: Config, store: Store) -> Widget {
        let root = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&root).unwrap();
        backcheck::mount(root.clone(), config, store);
        settle().await;
        Widget { root }
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    fn heading(&self) -> String {
        self.find("h2")
            .map(|h| h.text_content().unwrap_or_default())
            .unwrap_or_default()
    }

    async fn click(&self, selector: &str) {
        let el = self
            .find(selector)
            .unwrap_or_else(|| panic!("no element {selector}"));
        el.dyn_into::<HtmlElement>().unwrap().click();
        settle().await;
    }

    async fn click_text(&self, text: &str) {
        let buttons = self.root.query_selector_all("button").unwrap();
        for i in 0..buttons.length() {
            let b: HtmlElement = buttons.get(i).unwrap().dyn_into().unwrap();
            if b.text_content().as_deref() == Some(text) {
                b.click();
                settle().await;
                return;
            }
        }
        panic!("no button {text:?}");
    }

    fn checked(&self, selector: &str) -> bool {
        self.find(selector)
            .unwrap()
            .dyn_into::<HtmlInputElement>()
            .unwrap()
            .checked()
    }
}

impl Drop for Widget {
    fn drop(&mut self) {
        self.root.remove();
    }
}

#[wasm_bindgen_test]
async fn welcome_then_answer_a_question_and_move_on() {
    let w = Widget::mount(Config::default(), Store::memory()).await;
    assert_eq!(w.heading(), en("ui.intro.title"));
    w.click_text(en("ui.intro.start")).await;
    assert_eq!(w.heading(), en(&keys::screen_title("emergency_signs")));
    assert!(w.root.text_content().unwrap().contains("Step 1 of"));
    // "None of these" is never pre-selected.
    assert!(!w.checked("#bc-emergency_signs-none"));
    w.click("#bc-emergency_signs-none").await;
    assert!(w.checked("#bc-emergency_signs-none"));
    w.click_text(en("ui.next")).await;
    assert_eq!(w.heading(), en(&keys::screen_title("onset")));
    // Focus moved to the new step's heading, and the live region says where we are.
    let active = document().active_element().unwrap();
    assert_eq!(active.tag_name(), "H2");
    let live = w.find("[aria-live]").unwrap().text_content().unwrap();
    assert!(live.starts_with("Step 2 of"), "{live}");
    w.click_text(en("ui.back")).await;
    assert_eq!(w.heading(), en(&keys::screen_title("emergency_signs")));
    assert!(
        w.checked("#bc-emergency_signs-none"),
        "Back keeps the answer"
    );
}

#[wasm_bindgen_test]
async fn next_without_an_answer_explains_why() {
    let w = Widget::mount(Config::default(), Store::memory()).await;
    w.click_text(en("ui.intro.start")).await;
    w.click_text(en("ui.next")).await;
    let alert = w.find("[role=alert]").expect("an explanation is shown");
    assert_eq!(alert.text_content().unwrap(), en("ui.answer_to_continue"));
    assert_eq!(w.heading(), en(&keys::screen_title("emergency_signs")));
}

#[wasm_bindgen_test]
async fn an_emergency_sign_jumps_at_once_and_back_corrects_it() {
    let (config, _) = Config::from_pairs([("emergency-number", "112")]);
    let w = Widget::mount(config, Store::memory()).await;
    w.click_text(en("ui.intro.start")).await;
    w.click("#bc-emergency_signs-chest_pain").await;
    assert!(
        w.find(".bc-emergency").is_some(),
        "emergency screen shown without pressing Next"
    );
    let call = w
        .find("a[href='tel:112']")
        .expect("tel: link to the configured number");
    assert!(call.text_content().unwrap().contains("112"));
    // With the number given, no list of other countries' numbers beside it.
    let text = w.root.text_content().unwrap();
    assert!(!text.contains(en(&keys::level_action(Level::Emergency))));
    assert!(text.contains(en("ui.emergency.or_go")));
    w.click_text(en("ui.emergency.mistake")).await;
    assert_eq!(w.heading(), en(&keys::screen_title("emergency_signs")));
}

#[wasm_bindgen_test]
async fn without_a_configured_number_the_emergency_screen_names_examples() {
    let w = Widget::mount(Config::default(), Store::memory()).await;
    w.click_text(en("ui.intro.start")).await;
    w.click("#bc-emergency_signs-bladder_bowel").await;
    assert!(w.find("a[href^='tel:']").is_none());
    assert!(w
        .root
        .text_content()
        .unwrap()
        .contains(en("ui.emergency.call_generic")));
}

#[wasm_bindgen_test]
async fn storage_unavailable_says_progress_will_not_be_kept() {
    let w = Widget::mount(Config::default(), Store::memory()).await;
    assert!(w
        .root
        .text_content()
        .unwrap()
        .contains(en("ui.storage_unavailable")));
}

#[wasm_bindgen_test]
async fn storage_turned_off_by_the_clinic_is_not_blamed_on_the_browser() {
    let (config, _) = Config::from_pairs([("storage", "none")]);
    let w = Widget::mount(config, Store::memory()).await;
    let text = w.root.text_content().unwrap();
    assert!(text.contains(en("ui.storage_off")));
    assert!(!text.contains(en("ui.storage_unavailable")));
}

#[wasm_bindgen_test]
async fn saved_answers_are_offered_after_a_remount() {
    let store = Store::open("wasm-test-resume");
    store.clear();
    {
        let w = Widget::mount(Config::default(), store.clone()).await;
        w.click_text(en("ui.intro.start")).await;
        w.click("#bc-emergency_signs-none").await;
        w.click_text(en("ui.next")).await;
    }
    let w = Widget::mount(Config::default(), store.clone()).await;
    w.click_text(en("ui.intro.continue")).await;
    assert_eq!(w.heading(), en(&keys::screen_title("onset")));
    store.clear();
}

/// A session answered like a calm 35-year-old runner, stopped after `steps`
/// presses of Next (or at the review when `steps` is large).
fn session_after(steps: usize) -> backcheck_engine::Session {
    use backcheck_engine::{questionnaire, Action, Session, Step};
    let q = questionnaire();
    let answers: &[(&str, &str)] = &[
        ("emergency_signs", "none"),
        ("onset", "while_running"),
        ("health_signs", "none"),
        ("weight_loss", "no"),
        ("pain_signs", "none"),
        ("pain_area", "lower_back"),
        ("leg_pain", "no"),
        ("duration", "over_3_months"),
        ("trend", "same"),
        ("stiffness", "no"),
        ("episodes", "before"),
        ("function", "runs_with_pain"),
        ("sex", "female"),
        ("one_spot", "yes"),
        ("bone_stress_factors", "none"),
        ("periods", "regular"),
        ("training_changes", "none"),
        ("routine", "none"),
        ("kit_and_form", "none"),
        ("recovery", "none"),
    ];
    let mut s = Session::new();
    s.apply(q, Action::Start).unwrap();
    for _ in 0..steps {
        let Step::Screen { index } = s.step else {
            break;
        };
        for x in &q.screens[index].questions {
            if x.id == "age" {
                s.apply(
                    q,
                    Action::SetNumber {
                        question: "age".into(),
                        value: Some(35),
                    },
                )
                .unwrap();
            } else if let Some((_, c)) = answers.iter().find(|(id, _)| *id == x.id) {
                if q.question_visible(&x.id, &s.answers) {
                    s.apply(
                        q,
                        Action::Choose {
                            question: x.id.clone(),
                            choice: (*c).into(),
                        },
                    )
                    .unwrap();
                }
            }
        }
        s.apply(q, Action::Next).unwrap();
    }
    s
}

#[wasm_bindgen_test]
async fn every_screen_renders_from_a_given_session_state() {
    use backcheck_engine::{questionnaire, Step};
    let q = questionnaire();
    let mut seen = 0;
    for steps in 0..40 {
        let s = session_after(steps);
        let expected = match s.step {
            Step::Screen { index } => en(&keys::screen_title(&q.screens[index].id)).to_owned(),
            Step::Review => en("ui.review.title").to_owned(),
            other => panic!("unexpected step {other:?}"),
        };
        let shown_questions = match s.step {
            Step::Screen { index } => q.screens[index]
                .questions
                .iter()
                .filter(|x| q.question_visible(&x.id, &s.answers))
                .count(),
            _ => 0,
        };
        let review = s.step == Step::Review;
        let root = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&root).unwrap();
        backcheck::mount_at(root.clone(), Config::default(), Store::memory(), Some(s));
        settle().await;
        let w = Widget { root };
        assert_eq!(w.heading(), expected);
        assert_eq!(
            w.root.query_selector_all("fieldset").unwrap().length() as usize,
            shown_questions
        );
        seen += 1;
        if review {
            break;
        }
    }
    // Every common-path screen, the bone-stress and stiffness branches, and the review.
    assert!(seen >= 16, "{seen} screens rendered");
}

#[wasm_bindgen_test]
async fn review_change_goes_to_that_screen_and_result_renders() {
    let s = session_after(40);
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    backcheck::mount_at(root.clone(), Config::default(), Store::memory(), Some(s));
    settle().await;
    let w = Widget { root };
    assert_eq!(w.heading(), en("ui.review.title"));
    w.click("#bc-change-duration").await;
    assert_eq!(w.heading(), en(&keys::screen_title("duration")));
    assert!(
        w.checked("#bc-duration-over_3_months"),
        "the earlier answer is shown"
    );
    w.click_text(en("ui.next")).await;
    assert_eq!(
        w.heading(),
        en("ui.review.title"),
        "complete screens are skipped back to the review"
    );
    w.click("#bc-see-result").await;
    assert_eq!(w.heading(), en("ui.result.title"));
    let level = w
        .find(".bc-level")
        .unwrap()
        .get_attribute("data-level")
        .unwrap();
    assert_eq!(level, "soon", "recurrent, not improving");
    assert!(w
        .find("#bc-summary")
        .unwrap()
        .text_content()
        .unwrap()
        .contains(en("ui.summary.title")));
}

#[wasm_bindgen_test]
async fn answers_older_than_7_days_are_not_offered_and_are_removed() {
    use backcheck_engine::{questionnaire, saved};
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let key = "backcheck:wasm-test-expiry:session";
    let eight_days_ago = js_sys::Date::now() as u64 - 8 * 24 * 60 * 60 * 1000;
    let old = saved::save(&session_after(3), questionnaire(), eight_days_ago);
    storage.set_item(key, &old).unwrap();
    let w = Widget::mount(Config::default(), Store::open("wasm-test-expiry")).await;
    assert!(w.find("#bc-continue").is_none());
    assert!(w.find("#bc-start").is_some());
    assert_eq!(storage.get_item(key).unwrap(), None);

    // A recent record is offered; a corrupt one is a fresh start.
    storage
        .set_item(
            key,
            &saved::save(
                &session_after(3),
                questionnaire(),
                js_sys::Date::now() as u64,
            ),
        )
        .unwrap();
    let w2 = Widget::mount(Config::default(), Store::open("wasm-test-expiry")).await;
    assert!(w2.find("#bc-continue").is_some());
    storage
        .set_item(key, "{\"app\":\"backcheck\",\"schema\":1,")
        .unwrap();
    let w3 = Widget::mount(Config::default(), Store::open("wasm-test-expiry")).await;
    assert!(w3.find("#bc-continue").is_none());
    assert_eq!(storage.get_item(key).unwrap(), None);
    drop((w, w2, w3));
}

#[wasm_bindgen_test]
async fn a_panic_leaves_a_static_fallback_and_tells_the_host() {
    let (config, _) = Config::from_pairs([
        ("emergency-number", "112"),
        ("clinic-phone", "+34 600 000 000"),
    ]);
    let w = Widget::mount(config, Store::memory()).await;
    let seen = std::rc::Rc::new(std::cell::Cell::new(0));
    let counter = seen.clone();
    let listener =
        wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || counter.set(counter.get() + 1));
    w.root
        .add_event_listener_with_callback("backcheck:error", listener.as_ref().unchecked_ref())
        .unwrap();
    // What the panic hook runs (a real panic aborts the test process).
    backcheck::report_panic("forced by test");
    let fallback = w
        .find(".bc-fallback[role=alert]")
        .expect("static fallback shown");
    let text = fallback.text_content().unwrap();
    assert!(text.contains(en("ui.fallback.title")));
    assert!(
        w.find("a[href='tel:112']").is_some() && w.find("a[href='tel:+34600000000']").is_some()
    );
    assert!(seen.get() >= 1, "backcheck:error dispatched");
    drop(listener);
}
