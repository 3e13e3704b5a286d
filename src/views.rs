//! Views: pure functions from the current state to HTML. No logic beyond
//! choosing what to show; every word comes from the catalogue.
//!
//! Among siblings, a part that may be absent is one node all the same (an
//! empty one: `opt.unwrap_or_default()`, never `{ for opt }`), and a run of
//! a varying number of parts is one keyed fragment: Yew pairs unkeyed
//! siblings from the end, so a part that comes or goes would make every
//! sibling before it into another (a focused control into another
//! question's).

use backcheck_engine::answers::Answer;
use backcheck_engine::model::{Question, QuestionKind, Questionnaire};
use backcheck_engine::session::SessionError;
use backcheck_engine::spec::{Finding, Level};
use backcheck_engine::summary::{self, SummaryInput};
use backcheck_engine::text::keys;
use backcheck_engine::{Action, Step};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::{Msg, State};
use crate::config::Config;
use crate::i18n::{self, ui, Text, AUTONYMS};

pub struct Ctx<'a> {
    pub t: Text,
    pub q: &'static Questionnaire,
    pub state: &'a State,
    pub config: &'a Config,
    pub dispatch: Callback<Msg>,
    pub heading: NodeRef,
    pub storage_ok: bool,
    pub events: &'a crate::events::Events,
}

impl Ctx<'_> {
    fn send(&self, action: Action) -> Callback<MouseEvent> {
        let d = self.dispatch.clone();
        Callback::from(move |_| d.emit(Msg::Engine(action.clone())))
    }

    /// The step's heading: labels the step and takes focus when it changes.
    fn heading(&self, content: Html) -> Html {
        html! { <h2 id="bc-h" class="bc-heading" tabindex="-1" ref={self.heading.clone()}>{ content }</h2> }
    }
}

/// The live region: announces "Step N of M" (or the page) after each change.
pub fn announcer(c: &Ctx) -> Html {
    let s = &c.state.session;
    let text = match s.progress(c.q) {
        Some(p) => c.t.fill(
            ui::STEP_OF,
            &[
                ("n", &p.number.to_string()),
                ("total", &p.total.to_string()),
            ],
        ),
        None => match s.step {
            Step::Intro => String::new(),
            Step::Review => c.t.get(ui::REVIEW_TITLE).to_owned(),
            Step::Result => c.t.get(ui::RESULT_TITLE).to_owned(),
            _ => c.t.get(ui::EMERGENCY_TITLE).to_owned(),
        },
    };
    html! { <div class="bc-sr-only" aria-live="polite" aria-atomic="true">{ text }</div> }
}

/// Notices that appear while the person is busy elsewhere (storage filled
/// up, a language could not be fetched) are spoken through these regions,
/// which are always present, so screen readers announce them when they
/// appear; one each, so one never repeats the other. The visible copies
/// carry no live role of their own.
pub fn live_notices(c: &Ctx) -> Html {
    let region = |on: bool, key: &str| {
        html! { <div class="bc-sr-only" role="status">{ if on { c.t.get(key) } else { "" } }</div> }
    };
    html! {
        <>
            { region(c.state.storage_failed, ui::STORAGE_FULL) }
            { region(c.state.language_failed, ui::LANGUAGE_UNAVAILABLE) }
        </>
    }
}

pub fn body(c: &Ctx) -> Html {
    match c.state.session.step {
        Step::Intro => intro(c),
        Step::Screen { index } => screen(c, index),
        Step::Review => review(c),
        Step::Result => result(c),
        Step::Emergency { .. } => emergency(c),
    }
}

fn storage_notice(c: &Ctx) -> Html {
    // The clinic's choice (`storage="none"`) is not the browser's fault.
    let text = if c.state.storage_failed {
        ui::STORAGE_FULL
    } else if !c.config.storage {
        ui::STORAGE_OFF
    } else if !c.storage_ok {
        ui::STORAGE_UNAVAILABLE
    } else {
        return html! {};
    };
    html! { <p class="bc-notice" id="bc-storage-notice">{ c.t.get(text) }</p> }
}

fn intro(c: &Ctx) -> Html {
    let t = c.t;
    let resume = c.state.resumable.is_some();
    let offered = c.config.clinic_name.as_deref().map(|name| {
        html! { <p class="bc-clinic">{ t.fill(ui::INTRO_OFFERED_BY, &[("clinic", name)]) }</p> }
    });
    let d = c.dispatch.clone();
    let on_resume = Callback::from(move |_| d.emit(Msg::Resume));
    html! {
        <section class="bc-step bc-intro" aria-labelledby="bc-h">
            <div class="bc-topline">
                <p class="bc-brand">{ t.get(ui::APP_TITLE) }</p>
                { language_switcher(c) }
            </div>
            { c.heading(html! { { t.get(ui::INTRO_TITLE) } }) }
            { offered.unwrap_or_default() }
            <p>{ t.get(ui::INTRO_LEAD) }</p>
            <ul class="bc-points">
                <li>{ t.get(ui::INTRO_NOT_DIAGNOSIS) }</li>
                <li>{ t.get(ui::INTRO_PRIVATE) }</li>
                <li>{ t.get(ui::INTRO_TIME) }</li>
            </ul>
            if c.state.deleted {
                <p class="bc-notice" role="status">{ t.get(ui::DELETED) }</p>
            }
            if c.state.discarded {
                <p class="bc-notice" id="bc-discarded">{ t.get(ui::SAVED_UNREADABLE) }</p>
            }
            { storage_notice(c) }
            if resume {
                <p>{ t.get(ui::INTRO_RESUME) }</p>
                <div class="bc-nav">
                    <button type="button" id="bc-continue" class="bc-btn bc-primary" onclick={on_resume}>{ t.get(ui::INTRO_CONTINUE) }</button>
                    <button type="button" id="bc-restart" class="bc-btn" onclick={c.send(Action::Start)}>{ t.get(ui::START_AGAIN) }</button>
                </div>
            } else {
                <div class="bc-nav">
                    <button type="button" id="bc-start" class="bc-btn bc-primary" onclick={c.send(Action::Start)}>{ t.get(ui::INTRO_START) }</button>
                </div>
            }
        </section>
    }
}

fn language_switcher(c: &Ctx) -> Html {
    let d = c.dispatch.clone();
    let assets = c.config.assets.clone();
    let current = c.t.locale();
    let onchange = Callback::from(move |e: Event| {
        let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
        let Some((l, _)) = AUTONYMS.iter().find(|(l, _)| *l == select.value()) else {
            return;
        };
        if i18n::available(l) {
            d.emit(Msg::SetLocale(l));
            return;
        }
        // Fetched the first time it is chosen; the page stays as it is
        // until the language is there, and says so if it cannot come.
        let (d, assets) = (d.clone(), assets.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let result = i18n::load(&assets, l, None).await;
            // A later choice (made while this file was on its way) wins.
            if select.value() != *l {
                return;
            }
            match result {
                Ok(()) => d.emit(Msg::SetLocale(l)),
                Err(e) => {
                    crate::warn(&e);
                    select.set_value(current);
                    d.emit(Msg::LanguageFailed);
                }
            }
        });
    });
    let options = backcheck_engine::text::locales()
        .iter()
        .filter_map(|locale| {
            let (l, name) = AUTONYMS.iter().find(|(l, _)| l == locale)?;
            Some(html! { <option value={*l} lang={*l} selected={*l == current}>{ *name }</option> })
        });
    html! {
        <div class="bc-lang">
            <label for="bc-lang">{ c.t.get(ui::LANGUAGE) }</label>
            <select id="bc-lang" {onchange}>{ for options }</select>
            if c.state.language_failed {
                <p class="bc-notice">{ c.t.get(ui::LANGUAGE_UNAVAILABLE) }</p>
            }
        </div>
    }
}

fn screen(c: &Ctx, index: usize) -> Html {
    let t = c.t;
    let s = &c.state.session;
    let sc = &c.q.screens[index];
    let progress = s.progress(c.q);
    let (n, total) = progress.map_or((1, 1), |p| (p.number, p.total));
    let d = c.dispatch.clone();
    let on_submit = Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        d.emit(Msg::Engine(Action::Next));
    });
    // Keyed by each question's place on its screen (see the header): a
    // follow-up appearing (duration → trend) leaves the question being
    // answered as it was, a step with fewer questions keeps the heading and
    // the progress bar, and the next screen still patches them in place.
    let questions = sc
        .questions
        .iter()
        .enumerate()
        .filter(|(_, x)| c.q.question_visible(&x.id, &s.answers))
        .map(|(slot, x)| question(c, x, slot));
    html! {
        <form class="bc-step" onsubmit={on_submit} novalidate=true aria-labelledby="bc-h">
            <p class="bc-progress-text">{ t.fill(ui::STEP_OF, &[("n", &n.to_string()), ("total", &total.to_string())]) }</p>
            // A native <progress>, not a styled width: no inline style, so a strict CSP holds.
            <progress class="bc-progress" aria-hidden="true" max={total.to_string()} value={n.to_string()}></progress>
            { c.heading(html! { { t.get(&keys::screen_title(&sc.id)) } }) }
            <>{ for questions }</>
            // Storage that fails mid-way (full) is news worth a step's space;
            // storage missing from the start was said on the welcome screen.
            if c.state.storage_failed {
                { storage_notice(c) }
            }
            <div class="bc-nav">
                <button type="button" id="bc-back" class="bc-btn" onclick={c.send(Action::Back)}>{ t.get(ui::BACK) }</button>
                <button type="button" id="bc-next" class="bc-btn bc-primary" onclick={c.send(Action::Next)}>{ t.get(ui::NEXT) }</button>
            </div>
        </form>
    }
}

fn error_for(c: &Ctx, q: &Question) -> Option<String> {
    // Derived, not remembered: the box holds text that did not become an
    // answer (out of range, not a number) for as long as it stays that way.
    let typed_but_refused = q.kind == QuestionKind::Number
        && c.state
            .number_text
            .as_ref()
            .is_some_and(|(id, raw)| *id == q.id && !raw.trim().is_empty())
        && !c.state.session.answers.contains_key(&q.id);
    if typed_but_refused {
        let bound = |b: Option<u32>| b.unwrap_or_default().to_string();
        return Some(c.t.fill(
            ui::AGE_INVALID,
            &[("min", &bound(q.min)), ("max", &bound(q.max))],
        ));
    }
    match &c.state.error {
        Some(SessionError::Incomplete { question }) if *question == q.id => {
            Some(c.t.get(ui::ANSWER_TO_CONTINUE).to_owned())
        }
        _ => None,
    }
}

fn question(c: &Ctx, x: &Question, slot: usize) -> Html {
    let t = c.t;
    let answer = c.state.session.answers.get(&x.id);
    let help_id = format!("bc-help-{}", x.id);
    let err_id = format!("bc-err-{}", x.id);
    let help = x.help.then(|| html! { <p class="bc-help" id={help_id.clone()}>{ t.get(&keys::question_help(&x.id)) }</p> });
    let error = error_for(c, x).map(|e| {
        html! { <p class="bc-error" id={err_id.clone()} role="alert">{ e }</p> }
    });
    let described = [
        x.help.then_some(help_id.as_str()),
        error.is_some().then_some(err_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let described = (!described.is_empty()).then_some(described);
    let body = match x.kind {
        QuestionKind::Number => number(c, x, answer),
        QuestionKind::Single | QuestionKind::Multi => {
            let choices = x.choices.iter().map(|ch| {
                let checked = answer.is_some_and(|a| a.has(&ch.id));
                let id = format!("bc-{}-{}", x.id, ch.id);
                let d = c.dispatch.clone();
                let (question, choice) = (x.id.clone(), ch.id.clone());
                let onchange = Callback::from(move |_: Event| {
                    d.emit(Msg::Engine(Action::Choose { question: question.clone(), choice: choice.clone() }))
                });
                let kind = if x.kind == QuestionKind::Multi { "checkbox" } else { "radio" };
                let choice_help = ch.help.then(|| html! {
                    <span class="bc-choice-help">{ t.get(&keys::choice_help(&x.id, &ch.id)) }</span>
                });
                html! {
                    <label class={classes!("bc-choice", ch.exclusive.then_some("bc-none"))} for={id.clone()}>
                        // No `value`: the form is never submitted, and Yew reads
                        // back the value of every input that has one on every
                        // render (the glue's costliest call in a profile of ten
                        // steps: 4.3 ms in 23 renders).
                        <input type={kind} id={id} name={x.id.clone()} checked={checked} {onchange} />
                        <span class="bc-choice-text">{ t.show(&keys::choice(&x.id, &ch.id)) }{ choice_help.unwrap_or_default() }</span>
                    </label>
                }
            });
            html! { <div class="bc-choices">{ for choices }</div> }
        }
    };
    html! {
        <fieldset key={slot} class="bc-question" aria-describedby={described}>
            <legend class="bc-legend">{ t.get(&keys::question(&x.id)) }</legend>
            { help.unwrap_or_default() }
            { error.unwrap_or_default() }
            { body }
        </fieldset>
    }
}

fn number(c: &Ctx, x: &Question, answer: Option<&Answer>) -> Html {
    let t = c.t;
    let decline = &x.choices[0].id;
    let declined = answer.is_some_and(|a| a.has(decline));
    let text = match (&c.state.number_text, answer) {
        (_, Some(Answer::Number(n))) => n.to_string(),
        (Some((id, raw)), _) if *id == x.id && !declined => raw.clone(),
        _ => String::new(),
    };
    let d = c.dispatch.clone();
    let question = x.id.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let raw = e.target_unchecked_into::<HtmlInputElement>().value();
        d.emit(Msg::NumberInput {
            question: question.clone(),
            raw,
        });
    });
    let d = c.dispatch.clone();
    let (question, choice) = (x.id.clone(), decline.clone());
    let ondecline = Callback::from(move |_: Event| {
        d.emit(Msg::Engine(if declined {
            Action::SetNumber {
                question: question.clone(),
                value: None,
            }
        } else {
            Action::Choose {
                question: question.clone(),
                choice: choice.clone(),
            }
        }))
    });
    let input_id = format!("bc-{}", x.id);
    let decline_id = format!("bc-{}-{}", x.id, decline);
    html! {
        <div class="bc-number">
            <div class="bc-number-row">
                <input type="number" id={input_id.clone()} inputmode="numeric" min={x.min.map(|v| v.to_string())} max={x.max.map(|v| v.to_string())}
                    value={text} disabled={declined} {oninput} />
                <label for={input_id}>{ t.get(&keys::unit(&x.id)) }</label>
            </div>
            <label class="bc-choice bc-none" for={decline_id.clone()}>
                <input type="checkbox" id={decline_id} checked={declined} onchange={ondecline} />
                <span class="bc-choice-text">{ t.get(&keys::choice(&x.id, decline)) }</span>
            </label>
        </div>
    }
}

fn review(c: &Ctx) -> Html {
    let t = c.t;
    let s = &c.state.session;
    let rows = s.shown_screens(c.q).into_iter().flat_map(|i| {
        c.q.screens[i]
            .questions
            .iter()
            .filter(|x| c.q.question_visible(&x.id, &s.answers))
            .map(move |x| (i, x))
    });
    let rows = rows.map(|(i, x)| {
        let qtext = t.get(&keys::question(&x.id));
        let a = s.answers.get(&x.id).map(|a| summary::answer_text(t.catalogue(), x, a)).unwrap_or_default();
        html! {
            <li class="bc-review-row">
                <span class="bc-review-q">{ qtext }</span>
                <span class="bc-review-a">{ a }</span>
                <button type="button" id={format!("bc-change-{}", x.id)} class="bc-btn bc-link" onclick={c.send(Action::Edit { screen: i })}
                    aria-label={t.fill(ui::REVIEW_CHANGE_LABEL, &[("question", qtext)])}>{ t.get(ui::REVIEW_CHANGE) }</button>
            </li>
        }
    });
    html! {
        <section class="bc-step" aria-labelledby="bc-h">
            { c.heading(html! { { t.get(ui::REVIEW_TITLE) } }) }
            <p>{ t.get(ui::REVIEW_INTRO) }</p>
            <ul class="bc-review">{ for rows }</ul>
            <div class="bc-nav">
                <button type="button" id="bc-back" class="bc-btn" onclick={c.send(Action::Back)}>{ t.get(ui::BACK) }</button>
                <button type="button" id="bc-see-result" class="bc-btn bc-primary" onclick={c.send(Action::Next)}>{ t.get(ui::SEE_RESULT) }</button>
            </div>
        </section>
    }
}

fn emergency_call(c: &Ctx) -> Html {
    match &c.config.emergency_number {
        Some(p) => html! {
            <a class="bc-btn bc-call" href={p.href()}>{ c.t.fill(ui::EMERGENCY_CALL, &[("number", &p.display)]) }</a>
        },
        None => html! { <p class="bc-call-generic">{ c.t.get(ui::EMERGENCY_CALL_GENERIC) }</p> },
    }
}

fn emergency(c: &Ctx) -> Html {
    let t = c.t;
    let emergency_action = keys::level_action(Level::Emergency);
    let a = c.state.session.assessment(c.q);
    let flags = a
        .red_flags
        .iter()
        .filter(|f| f.is_emergency())
        .map(|f| html! { <li>{ t.get(&keys::flag(*f)) }</li> });
    html! {
        <section class="bc-step bc-emergency" aria-labelledby="bc-h">
            { c.heading(html! { <><span class="bc-icon" aria-hidden="true">{ "!" }</span>{ t.get(ui::EMERGENCY_TITLE) }</> }) }
            <p class="bc-lead">{ t.get(ui::EMERGENCY_LEAD) }</p>
            { emergency_call(c) }
            // The generic action names example numbers; beside the one the
            // clinic configured they would only confuse.
            <p>{ t.get(if c.config.emergency_number.is_some() { ui::EMERGENCY_OR_GO } else { emergency_action.as_str() }) }</p>
            <h3>{ t.get(ui::EMERGENCY_BECAUSE) }</h3>
            <ul>{ for flags }</ul>
            <div class="bc-nav">
                <button type="button" id="bc-mistake" class="bc-btn" onclick={c.send(Action::Back)}>{ t.get(ui::EMERGENCY_MISTAKE) }</button>
            </div>
        </section>
    }
}

fn level_icon(level: Level) -> &'static str {
    // Shape as well as colour: the level is never told by colour alone.
    match level {
        Level::SelfCare => "✓",
        Level::Soon => "◷",
        Level::Urgent => "!",
        Level::Emergency => "!!",
    }
}

fn clinic_cta(c: &Ctx) -> Html {
    let t = c.t;
    if c.config.clinic_phone.is_none() && c.config.booking_url.is_none() {
        return html! {};
    }
    let title = match &c.config.clinic_name {
        Some(name) => t.fill(ui::RESULT_CLINIC_TITLE, &[("clinic", name)]),
        None => t.get(ui::RESULT_CLINIC_GENERIC).to_owned(),
    };
    let cta = |kind: &'static str| {
        let events = c.events.clone();
        Callback::from(move |_: MouseEvent| events.cta(kind))
    };
    let call = c.config.clinic_phone.as_ref().map(|p| html! {
        <a id="bc-cta-call" class="bc-btn bc-primary" href={p.href()} onclick={cta("call")}>{ t.fill(ui::RESULT_CALL_CLINIC, &[("phone", &p.display)]) }</a>
    });
    let book = c.config.booking_url.as_ref().map(|u| html! {
        <a id="bc-cta-book" class="bc-btn" href={u.clone()} target="_blank" rel="noopener noreferrer" onclick={cta("book")}>{ t.get(ui::RESULT_BOOK_ONLINE) }</a>
    });

    html! {
        <section class="bc-card bc-cta" aria-labelledby="bc-cta-h">
            <h3 id="bc-cta-h">{ title }</h3>
            <div class="bc-nav">{ call.unwrap_or_default() }{ book.unwrap_or_default() }</div>
        </section>
    }
}

fn result(c: &Ctx) -> Html {
    let t = c.t;
    let a = c.state.session.assessment(c.q);
    let level = a.level;
    let reasons = a
        .red_flags
        .iter()
        .map(|f| t.get(&keys::flag(*f)))
        .chain(a.combinations.iter().map(|x| t.get(&keys::combination(*x))))
        .map(|s| html! { <li>{ s }</li> })
        .collect::<Vec<_>>();
    let safety = a
        .safety_net
        .iter()
        .map(|f: &Finding| html! { <li>{ t.get(&keys::safety(*f)) }</li> });
    let causes = a
        .causes
        .iter()
        .map(|f| html! { <li>{ t.get(&keys::cause(*f)) }</li> })
        .collect::<Vec<_>>();
    let plan = a.checklist.iter().map(|item| {
        let id = format!("bc-item-{}", item.id());
        let d = c.dispatch.clone();
        let it = *item;
        let onchange = Callback::from(move |_: Event| d.emit(Msg::Tick(it)));
        html! {
            <li class="bc-plan-item">
                <label class="bc-choice" for={id.clone()}>
                    <input type="checkbox" id={id} checked={c.state.ticks.contains(item)} {onchange} />
                    <span class="bc-choice-text">{ t.get(&keys::item(*item)) }
                        <span class="bc-evidence">{ t.get(&keys::evidence(item.evidence())) }</span>
                    </span>
                </label>
                <details class="bc-why"><summary>{ t.get(ui::RESULT_WHY) }</summary><p>{ t.get(&keys::item_why(*item)) }</p></details>
            </li>
        }
    });
    let done = a
        .checklist
        .iter()
        .filter(|i| c.state.ticks.contains(i))
        .count();
    let done = t.fill(
        ui::RESULT_PLAN_TICKED,
        &[
            ("done", &done.to_string()),
            ("total", &a.checklist.len().to_string()),
        ],
    );
    let advice = a
        .advice
        .iter()
        .map(|x| html! { <li>{ t.get(&keys::advice(*x)) }</li> })
        .collect::<Vec<_>>();
    let notes = a
        .notes
        .iter()
        .map(|n| html! { <li>{ t.get(&keys::note(*n)) }</li> })
        .collect::<Vec<_>>();
    let d = c.dispatch.clone();
    let on_delete = Callback::from(move |_| d.emit(Msg::Delete));
    html! {
        <section class="bc-step bc-result" aria-labelledby="bc-h">
            { c.heading(html! { { t.get(ui::RESULT_TITLE) } }) }
            <div class={classes!("bc-card", "bc-level", format!("bc-level-{}", level.id()))} data-level={level.id()}>
                <span class="bc-icon" aria-hidden="true">{ level_icon(level) }</span>
                <div>
                    <h3 class="bc-level-title">{ t.get(&keys::level_title(level)) }</h3>
                    <p>{ t.get(&keys::level_action(level)) }</p>
                </div>
            </div>
            if !reasons.is_empty() {
                <h3>{ t.get(ui::RESULT_FLAGS_TITLE) }</h3>
                <ul class="bc-flags">{ for reasons }</ul>
            }
            if !notes.is_empty() {
                <h3>{ t.get(ui::RESULT_NOTES_TITLE) }</h3>
                <ul>{ for notes }</ul>
            }
            { clinic_cta(c) }
            <section class="bc-card bc-safety" aria-labelledby="bc-safety-h">
                <h3 id="bc-safety-h">{ t.get(ui::RESULT_SAFETY_TITLE) }</h3>
                <p>{ t.get(keys::SAFETY_INTRO) }</p>
                <ul>{ for safety }</ul>
                { emergency_call(c) }
            </section>
            if !causes.is_empty() {
                <h3>{ t.get(ui::RESULT_CAUSES_TITLE) }</h3>
                <ul>{ for causes }</ul>
            }
            <h3>{ t.get(ui::RESULT_PLAN_TITLE) }</h3>
            <p>{ t.get(ui::RESULT_PLAN_INTRO) }</p>
            <p class="bc-plan-count" aria-live="polite">{ done }</p>
            <ul class="bc-plan">{ for plan }</ul>
            if !advice.is_empty() {
                <h3>{ t.get(ui::RESULT_ADVICE_TITLE) }</h3>
                <ul>{ for advice }</ul>
            }
            { share(c, &a) }
            { storage_notice(c) }
            <div class="bc-nav">
                <button type="button" id="bc-back" class="bc-btn" onclick={c.send(Action::Back)}>{ t.get(ui::BACK) }</button>
                <button type="button" id="bc-restart" class="bc-btn" onclick={c.send(Action::Restart)}>{ t.get(ui::START_AGAIN) }</button>
                <button type="button" id="bc-delete" class="bc-btn bc-danger" onclick={on_delete}>{ t.get(ui::DELETE_ANSWERS) }</button>
            </div>
        </section>
    }
}

/// Print, copy and remind: everything made on the device.
fn share(c: &Ctx, a: &backcheck_engine::Assessment) -> Html {
    let t = c.t;
    let now = js_sys::Date::new_0();
    let date = summary::iso_date(
        now.get_full_year().into(),
        now.get_month() + 1,
        now.get_date(),
    );
    let text = summary::plain_text(
        t.catalogue(),
        c.q,
        &c.state.session.answers,
        a,
        &SummaryInput {
            date: &date,
            clinic: c.config.clinic_name.as_deref(),
            ticked: &c.state.ticks,
        },
    );
    let on_print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let d = c.dispatch.clone();
    let copy_text = text.clone();
    let on_copy = Callback::from(move |_| {
        let d = d.clone();
        let text = copy_text.clone();
        yew::platform::spawn_local(async move {
            let ok = match web_sys::window() {
                Some(w) => wasm_bindgen_futures::JsFuture::from(
                    w.navigator().clipboard().write_text(&text),
                )
                .await
                .is_ok(),
                None => false,
            };
            d.emit(Msg::Copied(ok));
        });
    });
    let ics = summary::data_url(
        "text/calendar",
        &summary::recheck_ics(t.catalogue(), crate::storage::now_ms()),
    );
    let status = c.state.copied.map(|ok| {
        if ok {
            t.get(ui::RESULT_COPIED)
        } else {
            t.get(ui::RESULT_COPY_FAILED)
        }
    });
    html! {
        <>
            <div class="bc-nav bc-share">
                <button type="button" id="bc-print" class="bc-btn" onclick={on_print}>{ t.get(ui::RESULT_PRINT) }</button>
                <button type="button" id="bc-copy" class="bc-btn" onclick={on_copy}>{ t.get(ui::RESULT_COPY) }</button>
                <a id="bc-remind" class="bc-btn" href={ics} download="backcheck-recheck.ics" aria-describedby="bc-remind-help">{ t.get(ui::RESULT_REMIND) }</a>
            </div>
            <p id="bc-remind-help" class="bc-help">{ t.get(ui::RESULT_REMIND_HELP) }</p>
            <p class="bc-status" role="status">{ status.unwrap_or_default() }</p>
            <div class="bc-print-only" id="bc-summary">{ text }</div>
        </>
    }
}

#[cfg(test)]
mod tests {
    /// Elements persist from step to step, so anything animated runs again
    /// after every Next (a transition on the progress bar re-laid out the
    /// step in every frame for 0.2 s: BENCHMARKS.md). Only `none` is allowed.
    #[test]
    fn nothing_on_the_screens_animates() {
        let css = include_str!("../styles/backcheck.css");
        for property in ["transition", "animation"] {
            for (at, _) in css.match_indices(&format!("{property}:")) {
                // A longhand such as `transition-duration:` is not matched
                // above; one written as a shorthand value must be `none`.
                let value = css[at + property.len() + 1..].trim_start();
                assert!(
                    value.starts_with("none"),
                    "{property} at byte {at}: {}",
                    &value[..value.len().min(40)]
                );
            }
        }
        for longhand in ["transition-", "animation-", "@keyframes"] {
            assert!(!css.contains(longhand), "{longhand} in the stylesheet");
        }
    }

    /// A host page that enforces Trusted Types with no policy makes every
    /// string-to-markup API and script-URL setter throw, so the code that
    /// runs in the browser uses none (ARCHITECTURE.md; the strict-CSP
    /// browser tests check the paths a journey takes, this every path).
    #[test]
    fn no_string_becomes_markup_or_a_script_url() {
        let sources = [
            ("app.rs", include_str!("app.rs")),
            ("config.rs", include_str!("config.rs")),
            ("events.rs", include_str!("events.rs")),
            ("i18n.rs", include_str!("i18n.rs")),
            ("lib.rs", include_str!("lib.rs")),
            ("main.rs", include_str!("main.rs")),
            ("storage.rs", include_str!("storage.rs")),
            ("views.rs", include_str!("views.rs")),
            ("backcheck.js", include_str!("../loader/backcheck.js")),
            ("page.js", include_str!("../loader/page.js")),
            ("preview.js", include_str!("../loader/preview.js")),
            ("sw.js", include_str!("../loader/sw.js")),
        ];
        // Each split at `|`, so that this list does not find itself.
        let sinks = [
            "inner|_html",
            "outer|_html",
            "adjacent|_html",
            "from_html|_unchecked",
            "inner|HTML",
            "outer|HTML",
            "Adjacent|HTML",
            "DOM|Parser",
            "src|doc",
            "document.|write",
            "Contextual|Fragment",
            "set|HTMLUnsafe",
            "eval|(",
            "new |Function(",
            "new |Worker(",
            "import|Scripts(",
            "script|.src =",
        ];
        for (file, text) in sources {
            for sink in sinks {
                let sink = sink.replace('|', "");
                assert!(!text.contains(&sink), "{sink} in {file}");
            }
        }
    }
}
