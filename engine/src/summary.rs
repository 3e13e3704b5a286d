//! Shareable outputs of a result, made on the device: the plain-text summary
//! (copy and print), a 14-day re-check reminder as an iCalendar file, and the
//! answer wording the review list shares with them. Pure: the caller passes
//! the clock and the date.

use crate::answers::{Answer, Answers};
use crate::model::{Question, Questionnaire};
use crate::spec::Item;
use crate::text::{keys, Catalogue};
use crate::triage::Assessment;

/// Days until the re-check reminder (spec §1: check again in 2 weeks).
pub const RECHECK_DAYS: i64 = 14;

/// An answer in words: choice labels joined, or the number with its unit.
pub fn answer_text(cat: Catalogue, q: &Question, a: &Answer) -> String {
    let t = |k: &str| cat.lookup(k).unwrap_or_default();
    match a {
        Answer::Number(n) => format!("{n} {}", t(&keys::unit(&q.id))),
        _ => a
            .chosen()
            .iter()
            .map(|c| t(&keys::choice(&q.id, c)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// The shown questions and their answers, in questionnaire order.
pub fn answered<'a>(
    q: &'a Questionnaire,
    answers: &'a Answers,
) -> impl Iterator<Item = (usize, &'a Question, &'a Answer)> + 'a {
    q.screens.iter().enumerate().flat_map(move |(i, s)| {
        s.questions
            .iter()
            .filter(move |x| q.question_visible(&x.id, answers))
            .filter_map(move |x| answers.get(&x.id).map(|a| (i, x, a)))
    })
}

/// What the summary says besides the assessment.
pub struct SummaryInput<'a> {
    pub date: &'a str,
    pub clinic: Option<&'a str>,
    pub ticked: &'a [Item],
}

/// The plain-text summary for copying (and the content of the print page).
pub fn plain_text(
    cat: Catalogue,
    q: &Questionnaire,
    answers: &Answers,
    a: &Assessment,
    input: &SummaryInput,
) -> String {
    let t = |k: &str| cat.lookup(k).unwrap_or_default();
    let fill = |k: &str, name: &str, v: &str| t(k).replace(&format!("{{{name}}}"), v);
    let mut out = vec![
        t(keys::SUMMARY_TITLE).to_owned(),
        fill(keys::SUMMARY_DATE, "date", input.date),
    ];
    if let Some(c) = input.clinic {
        out.push(fill(keys::SUMMARY_CLINIC, "clinic", c));
    }
    let mut section = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            out.push(String::new());
            out.push(title.to_owned());
            out.extend(lines);
        }
    };
    section(
        t(keys::SUMMARY_RESULT),
        vec![
            t(&keys::level_title(a.level)).to_owned(),
            t(&keys::level_action(a.level)).to_owned(),
        ],
    );
    let reasons = a
        .red_flags
        .iter()
        .map(|f| keys::flag(*f))
        .chain(a.combinations.iter().map(|c| keys::combination(*c)));
    section(
        t(keys::SUMMARY_REASONS),
        reasons.map(|k| format!("- {}", t(&k))).collect(),
    );
    section(
        t(keys::SUMMARY_NOTES),
        a.notes
            .iter()
            .map(|n| format!("- {}", t(&keys::note(*n))))
            .collect(),
    );
    section(
        t(keys::SUMMARY_ANSWERS),
        answered(q, answers)
            .map(|(_, x, ans)| {
                format!(
                    "- {} {}",
                    t(&keys::question(&x.id)),
                    answer_text(cat, x, ans)
                )
            })
            .collect(),
    );
    section(
        t(keys::SUMMARY_PLAN),
        a.checklist
            .iter()
            .map(|i| {
                let mark = if input.ticked.contains(i) {
                    "[x]"
                } else {
                    "[ ]"
                };
                format!(
                    "{mark} {} ({})",
                    t(&keys::item(*i)),
                    t(&keys::evidence(i.evidence()))
                )
            })
            .collect(),
    );
    section(
        t(keys::SUMMARY_ADVICE),
        a.advice
            .iter()
            .map(|x| format!("- {}", t(&keys::advice(*x))))
            .collect(),
    );
    let mut safety = vec![t(keys::SAFETY_INTRO).to_owned()];
    safety.extend(
        a.safety_net
            .iter()
            .map(|f| format!("- {}", t(&keys::safety(*f)))),
    );
    section(t(keys::SAFETY_TITLE), safety);
    out.push(String::new());
    out.push(t(keys::SUMMARY_DISCLAIMER).to_owned());
    out.join("\n") + "\n"
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian
/// (Howard Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The summary's date (the device's local calendar date), ISO 8601
/// (`2026-12-03`): one form a clinician reads the same way in every
/// language, where "3/12/2026" means March in one country and December in
/// the next. Made here, not by the browser's `Intl`, whose start alone cost
/// ~28 ms on the result screen (measured).
pub fn iso_date(year: i64, month: u32, day: u32) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

fn ics_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// RFC 5545 §3.1: lines longer than 75 octets are folded with CRLF + space,
/// never inside a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for ch in line.chars() {
        if len + ch.len_utf8() > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(ch);
        len += ch.len_utf8();
    }
    out
}

/// A calendar file with an all-day reminder `RECHECK_DAYS` after `now_ms`.
pub fn recheck_ics(cat: Catalogue, now_ms: u64) -> String {
    let t = |k: &str| cat.lookup(k).unwrap_or_default();
    let secs = (now_ms / 1000) as i64;
    let today = secs.div_euclid(86_400);
    let (y, mo, d) = civil_from_days(today);
    let tod = secs.rem_euclid(86_400);
    let stamp = format!(
        "{y:04}{mo:02}{d:02}T{:02}{:02}{:02}Z",
        tod / 3600,
        tod / 60 % 60,
        tod % 60
    );
    let day = |n: i64| {
        let (y, m, d) = civil_from_days(today + n);
        format!("{y:04}{m:02}{d:02}")
    };
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//BackCheck//Re-check reminder//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{now_ms}-recheck@backcheck.invalid"),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;VALUE=DATE:{}", day(RECHECK_DAYS)),
        format!("DTEND;VALUE=DATE:{}", day(RECHECK_DAYS + 1)),
        format!("SUMMARY:{}", ics_escape(t(keys::ICS_TITLE))),
        format!("DESCRIPTION:{}", ics_escape(t(keys::ICS_DESCRIPTION))),
        "TRANSP:TRANSPARENT".to_owned(),
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        "TRIGGER:PT9H".to_owned(),
        format!("DESCRIPTION:{}", ics_escape(t(keys::ICS_TITLE))),
        "END:VALARM".to_owned(),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    lines.iter().map(|l| fold(l) + "\r\n").collect()
}

/// `data:` URL for a text file, percent-encoded, so a link can offer the
/// download without any request.
pub fn data_url(mime: &str, body: &str) -> String {
    let mut out = format!("data:{mime};charset=utf-8,");
    for b in body.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date(2026, 12, 3), "2026-12-03");
        assert_eq!(iso_date(999, 1, 9), "0999-01-09");
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_416), (2025, 11, 24));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn ics_is_folded_escaped_and_two_weeks_out() {
        // 2026-11-24T09:15:00Z
        let now = 1_795_511_700_000;
        let ics = recheck_ics(Catalogue::english(), now);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTAMP:20261124T091500Z\r\n"), "{ics}");
        assert!(ics.contains("DTSTART;VALUE=DATE:20261208\r\n"));
        assert!(ics.contains("DTEND;VALUE=DATE:20261209\r\n"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "unfolded line: {line:?}");
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!(
            "SUMMARY:{}",
            ics_escape(Catalogue::english().lookup(keys::ICS_TITLE).unwrap())
        )));
    }

    #[test]
    fn fold_never_splits_a_character() {
        let folded = fold(&"é".repeat(100));
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75);
        }
        assert_eq!(folded.replace("\r\n ", ""), "é".repeat(100));
    }

    #[test]
    fn data_url_round_trips_through_percent_decoding() {
        let url = data_url("text/calendar", "A,b;\r\nç");
        assert_eq!(url, "data:text/calendar;charset=utf-8,A%2Cb%3B%0D%0A%C3%A7");
    }
}
