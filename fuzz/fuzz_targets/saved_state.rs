//! Saved-state parsing: any text a browser's storage could hand back either
//! loads into a session that keeps every invariant and survives a round
//! trip, or is a typed error. Never a panic.
#![no_main]

use backcheck_engine::{questionnaire, saved};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let q = questionnaire();
    if let Ok(loaded) = saved::load(text, q) {
        if let Some(broken) = loaded.session.invariant_violation(q) {
            panic!("loaded session breaks an invariant: {broken}");
        }
        let again = saved::load(&saved::save(&loaded.session, q, loaded.saved_at), q)
            .expect("a saved session loads again");
        assert_eq!(again.session, loaded.session);
    }
    if let Ok((items, at)) = saved::load_ticks(text) {
        let (again, _) =
            saved::load_ticks(&saved::save_ticks(&items, at)).expect("ticks round-trip");
        assert_eq!(again, items);
    }
});
