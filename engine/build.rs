//! Compiles the content data in: the questionnaire TOML is checked against
//! `src/model.rs` and becomes Rust code that builds it (no parser in the
//! wasm), and each locale catalogue becomes a sorted `(key, text)` table.

use std::collections::BTreeMap;
use std::path::Path;
use std::{env, fs};

#[path = "src/model.rs"]
#[allow(dead_code)]
mod model;

/// Key prefixes of English's compiled-in core (see below).
const CORE: &[&str] = &[
    "safety.",
    "ui.fallback.",
    "ui.emergency.call",
    "ui.result.call_clinic",
];
/// Between texts in a catalogue file.
const SEPARATOR: char = '\u{1e}';

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);
    println!("cargo::rerun-if-changed=content");
    println!("cargo::rerun-if-changed=src/model.rs");

    let src = fs::read_to_string("content/questionnaire.toml").expect("read questionnaire.toml");
    let q: model::Questionnaire = toml::from_str(&src)
        .unwrap_or_else(|e| panic!("content/questionnaire.toml does not fit the model: {e}"));
    let code = format!(
        "/// The bundled questionnaire, generated from content/questionnaire.toml.\n\
         pub(crate) fn bundled() -> Questionnaire {{\n    {}\n}}\n",
        rust::questionnaire(&q)
    );
    fs::write(out.join("questionnaire.rs"), code).expect("write questionnaire.rs");

    let mut locales: Vec<(String, BTreeMap<String, String>)> = fs::read_dir("content/locales")
        .expect("read content/locales")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let locale = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text = fs::read_to_string(&p).expect("read catalogue");
            let table: toml::Table = toml::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", p.display()));
            let mut flat = BTreeMap::new();
            flatten("", &toml::Value::Table(table), &mut flat, &p);
            (locale, flat)
        })
        .collect();
    // English is the source catalogue: first, then the rest by code.
    locales.sort_by_key(|(l, _)| (l != "en", l.clone()));
    assert!(
        locales.first().is_some_and(|(l, _)| l == "en"),
        "content/locales/en.toml is required"
    );

    // Compact tables: the keys (English's, sorted) and each locale's texts
    // are each one concatenated string plus u16 end offsets. Offsets compress
    // far better in the wasm than a (pointer, length) pair per string. A key
    // missing from a locale is an empty range (empty texts are refused by the
    // tests), and keys English lacks are listed in `EXTRA`, so tests can name
    // both instead of the build failing.
    let english = &locales[0].1;
    let blob = |parts: Vec<&str>| -> (String, Vec<u16>) {
        let mut text = String::new();
        let mut ends = Vec::new();
        for p in parts {
            text.push_str(p);
            ends.push(u16::try_from(text.len()).expect("a catalogue over 64 KB needs u32 offsets"));
        }
        (text, ends)
    };
    let table = |name: &str, (text, ends): (String, Vec<u16>)| {
        format!("static {name}: (&str, &[u16]) = ({text:?}, &{ends:?});\n")
    };
    let mut rs = String::from("/// English's keys, sorted: (all keys, end offsets).\n");
    rs.push_str(&format!(
        "pub(crate) {}",
        table("KEYS", blob(english.keys().map(String::as_str).collect()))
    ));
    // In a wasm build without `all-locales` (the widget's release build)
    // only English's core is compiled in: the texts the static fallback
    // needs when no catalogue file can be fetched. Everything else arrives
    // as one catalogue file for the language shown (`Catalogue::parse`).
    // Native builds (tests, the CLIs) always have every catalogue. A target
    // test, not a default feature: a workspace build unifies the features
    // of every member it builds, so a default would always be on.
    let all = env::var_os("CARGO_FEATURE_ALL_LOCALES").is_some()
        || env::var("CARGO_CFG_TARGET_ARCH").as_deref() != Ok("wasm32");
    let compiled = if all { locales.len() } else { 1 };
    for (i, (_, entries)) in locales.iter().take(compiled).enumerate() {
        let texts = english
            .keys()
            .map(|k| match entries.get(k) {
                Some(t) if all || CORE.iter().any(|p| k.starts_with(p)) => t.as_str(),
                _ => "",
            })
            .collect();
        rs.push_str(&table(&format!("TEXTS_{i}"), blob(texts)));
    }
    rs.push_str("/// `(locale, (texts in KEYS order, end offsets))`, English first.\n");
    rs.push_str("pub(crate) static CATALOGUES: &[(&str, &(&str, &[u16]))] = &[\n");
    for (i, (locale, _)) in locales.iter().take(compiled).enumerate() {
        rs.push_str(&format!("    ({locale:?}, &TEXTS_{i}),\n"));
    }
    rs.push_str("];\n/// Every locale there is a catalogue for, English first.\npub static LOCALES: &[&str] = &[\n");
    for (locale, entries) in &locales {
        assert!(
            entries.values().all(|t| !t.contains(SEPARATOR)),
            "{locale}: a text contains the catalogue file separator U+001E"
        );
        rs.push_str(&format!("    {locale:?},\n"));
    }
    // Catalogue files carry this, so a file from another build (a stale
    // cache) is refused instead of mislabelling every text.
    let keys_text: String = english.keys().map(|k| format!("{k}\n")).collect();
    let hash = keys_text.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    rs.push_str(&format!(
        "];\npub(crate) const KEYS_HASH: u32 = {hash:#010x};\n"
    ));
    rs.push_str(&format!(
        "/// Between texts in a catalogue file.\npub(crate) const SEPARATOR: char = {SEPARATOR:?};\n"
    ));
    rs.push_str("pub(crate) const CORE: &[&str] = &[");
    for p in CORE {
        rs.push_str(&format!("{p:?}, "));
    }
    rs.push_str("];\n/// `(locale, key)` pairs English does not have.\npub(crate) static EXTRA: &[(&str, &str)] = &[\n");
    for (locale, entries) in &locales {
        for k in entries.keys().filter(|k| !english.contains_key(*k)) {
            rs.push_str(&format!("    ({locale:?}, {k:?}),\n"));
        }
    }
    rs.push_str("];\n");
    fs::write(out.join("catalogues.rs"), rs).expect("write catalogues.rs");
}

/// Nested tables become dotted keys; every leaf must be a string.
fn flatten(prefix: &str, v: &toml::Value, out: &mut BTreeMap<String, String>, file: &Path) {
    match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out, file);
            }
        }
        toml::Value::String(s) => {
            out.insert(prefix.to_owned(), s.clone());
        }
        other => panic!(
            "{}: `{prefix}` must be text, found {}",
            file.display(),
            other.type_str()
        ),
    }
}

/// Rust expressions that rebuild the model values.
mod rust {
    use super::model::*;

    fn s(x: &str) -> String {
        format!("String::from({x:?})")
    }

    fn list<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
        format!(
            "vec![{}]",
            items.iter().map(f).collect::<Vec<_>>().join(", ")
        )
    }

    fn opt<T>(o: &Option<T>, f: impl Fn(&T) -> String) -> String {
        o.as_ref()
            .map_or("None".into(), |x| format!("Some({})", f(x)))
    }

    pub fn questionnaire(q: &Questionnaire) -> String {
        format!(
            "Questionnaire {{ content_version: {}, screens: {}, rules: {} }}",
            s(&q.content_version),
            list(&q.screens, screen),
            list(&q.rules, |r| format!(
                "Rule {{ finding: {}, when: {} }}",
                s(&r.finding),
                condition(&r.when)
            ))
        )
    }

    fn screen(x: &Screen) -> String {
        format!(
            "Screen {{ id: {}, show_if: {}, questions: {} }}",
            s(&x.id),
            opt(&x.show_if, condition),
            list(&x.questions, question)
        )
    }

    fn question(x: &Question) -> String {
        format!(
            "Question {{ id: {}, kind: QuestionKind::{:?}, show_if: {}, choices: {}, min: {:?}, max: {:?}, is_age: {}, help: {} }}",
            s(&x.id),
            x.kind,
            opt(&x.show_if, condition),
            list(&x.choices, choice),
            x.min,
            x.max,
            x.is_age,
            x.help
        )
    }

    fn choice(c: &Choice) -> String {
        format!(
            "Choice {{ id: {}, findings: {}, exclusive: {}, note: {}, help: {} }}",
            s(&c.id),
            list(&c.findings, |f| s(f)),
            c.exclusive,
            opt(&c.note, |n| s(n)),
            c.help
        )
    }

    fn condition(c: &Condition) -> String {
        match c {
            Condition::Chosen { question, choice } => {
                format!("Condition::Chosen {{ question: {}, choice: {} }}", s(question), s(choice))
            }
            Condition::ChosenAny { question, choices } => format!(
                "Condition::ChosenAny {{ question: {}, choices: {} }}",
                s(question),
                list(choices, |c| s(c))
            ),
            Condition::NumberBelow { question, value, or_unknown } => format!(
                "Condition::NumberBelow {{ question: {}, value: {value}, or_unknown: {or_unknown} }}",
                s(question)
            ),
            Condition::NumberAtLeast { question, value, or_unknown } => format!(
                "Condition::NumberAtLeast {{ question: {}, value: {value}, or_unknown: {or_unknown} }}",
                s(question)
            ),
            Condition::AllOf(cs) => format!("Condition::AllOf({})", list(cs, condition)),
            Condition::AnyOf(cs) => format!("Condition::AnyOf({})", list(cs, condition)),
            Condition::Not(c) => format!("Condition::Not(Box::new({}))", condition(c)),
        }
    }
}
