//! The session reducer under arbitrary action sequences: each input byte
//! picks an action from every action the widget could send (plus nonsense);
//! refused actions change nothing and the invariants hold after each one.
#![no_main]

use backcheck_engine::{questionnaire, Action, Session};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let q = questionnaire();
    let pool = Action::samples(q);
    let mut s = Session::new();
    // Two bytes per action: the pool has more than 256 entries.
    for pair in data.chunks_exact(2) {
        let action = pool[usize::from(u16::from_le_bytes([pair[0], pair[1]])) % pool.len()].clone();
        let before = s.clone();
        match s.apply(q, action) {
            Ok(()) => {
                if let Some(broken) = s.invariant_violation(q) {
                    panic!("{broken}: {s:?}");
                }
            }
            Err(_) => assert_eq!(s, before, "a refused action changed the session"),
        }
    }
});
