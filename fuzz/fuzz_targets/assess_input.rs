//! `assess` input parsing: any line is an assessment or a typed error that
//! names the problem. Never a panic.
#![no_main]

use backcheck_engine::{cli, questionnaire, Level};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    match cli::assess_line(line, questionnaire()) {
        Ok(a) => {
            // Spec §3: an emergency carries no causes, checklist or advice;
            // self-care advice only for self_care and soon; every result
            // carries the safety net.
            if a.level == Level::Emergency {
                assert!(a.causes.is_empty() && a.checklist.is_empty() && a.advice.is_empty());
            }
            if a.level > Level::Soon {
                assert!(a.advice.is_empty());
            }
            assert!(!a.safety_net.is_empty());
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
