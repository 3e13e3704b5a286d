//! `assess`: the clinical reviewers' command line (spec §6). Reads JSON lines
//! from stdin or from files, prints one assessment object per input line.

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use backcheck_engine::{cli, questionnaire};

const HELP: &str = "\
assess — BackCheck's triage rules, for clinical review

USAGE:
    assess [FILE ...]        read JSON lines from the files, or from stdin if none

INPUT (one JSON object per line; blank lines are skipped):
    {\"age\": 54, \"findings\": [\"first_episode\", \"new_speed_hills\"]}
        findings: red flags (derived ones may be given directly), modifiers and
        causes, by their ids in docs/clinical-spec.md; age is optional (whole
        years). An unknown age meets every age condition.
    {\"answers\": {\"<question id>\": \"<choice id>\" | [\"<choice id>\", ...] | 54}}
        answers to the bundled questionnaire (engine/content/questionnaire.toml);
        the age question takes a number or \"prefer_not_to_say\".

OUTPUT (one JSON object per input line):
    {\"level\": \"self_care\"|\"soon\"|\"urgent\"|\"emergency\",
     \"red_flags\": [...],      fired red flags, derived ones included
     \"combinations\": [...],   fired combination rules
     \"causes\": [...],         running-related factors (none for emergency)
     \"checklist\": [...],      checklist item ids, personal first, then always-on
     \"advice\": [...],         self-care advice ids (self_care and soon only)
     \"notes\": [...],          what was not known, e.g. age_not_given
     \"safety_net\": [...]}     the emergency warning signs every result shows

EXIT STATUS:
    0  every line assessed
    1  a file could not be read
    2  malformed JSON or an unknown id (the message names the line and the id)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = if args.is_empty() {
        run("<stdin>", io::stdin().lock(), &mut out)
    } else {
        args.iter()
            .try_for_each(|path| match std::fs::File::open(path) {
                Ok(f) => run(path, io::BufReader::new(f), &mut out),
                Err(e) => Err((1, format!("assess: cannot read {path}: {e}"))),
            })
    };
    let _ = out.flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, msg)) => {
            eprintln!("{msg}");
            ExitCode::from(code)
        }
    }
}

fn run(name: &str, input: impl BufRead, out: &mut impl Write) -> Result<(), (u8, String)> {
    let q = questionnaire();
    for (n, line) in input.lines().enumerate() {
        let line = line.map_err(|e| {
            (
                1,
                format!("assess: {name}: cannot read line {}: {e}", n + 1),
            )
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let assessment = cli::assess_line(&line, q)
            .map_err(|e| (2, format!("assess: {name}: line {}: {e}", n + 1)))?;
        let json = serde_json::to_string(&assessment).unwrap_or_default();
        writeln!(out, "{json}").map_err(|e| (1, format!("assess: cannot write output: {e}")))?;
    }
    Ok(())
}
