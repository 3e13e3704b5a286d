//! Catalogue files (what the widget's release build fetches): every
//! catalogue survives file_text → parse unchanged, and files from another
//! build, another app or a damaged download are refused by name.

use backcheck_engine::text::{locales, Catalogue, CatalogueError};

#[test]
fn every_catalogue_round_trips_through_its_file() {
    let compiled: Vec<&str> = Catalogue::all().map(|c| c.locale).collect();
    assert_eq!(
        compiled,
        locales(),
        "all-locales compiles every catalogue in"
    );
    for cat in Catalogue::all() {
        let parsed = Catalogue::parse(&cat.file_text()).unwrap();
        assert_eq!(parsed.locale, cat.locale);
        assert!(parsed.is_complete(), "{}", cat.locale);
        assert!(parsed.entries().eq(cat.entries()), "{}", cat.locale);
    }
}

#[test]
fn damaged_or_foreign_files_are_refused() {
    let good = Catalogue::get("de").unwrap().file_text();
    let (header, body) = good.split_once('\n').unwrap();
    // A download cut off half-way (on a character boundary).
    let half = (0..=good.len() / 2)
        .rev()
        .find(|i| good.is_char_boundary(*i))
        .unwrap();
    let half = &good[..half];
    let hash = header.rsplit(' ').next().unwrap();
    let other_hash = format!("{:08x}", u32::from_str_radix(hash, 16).unwrap() ^ 1);
    let cases = [
        (String::new(), CatalogueError::NotACatalogue),
        (
            "<!doctype html><p>404".to_owned(),
            CatalogueError::NotACatalogue,
        ),
        (
            good.replacen("backcheck-catalogue 1", "backcheck-catalogue 2", 1),
            CatalogueError::NotACatalogue,
        ),
        (
            good.replacen(" de ", " xx ", 1),
            CatalogueError::UnknownLocale("xx".into()),
        ),
        (
            good.replacen(hash, &other_hash, 1),
            CatalogueError::OtherBuild,
        ),
        (
            format!("{header}\n{}", body.replacen('\u{1e}', "", 1)),
            CatalogueError::WrongCount {
                expected: body.split('\u{1e}').count(),
                found: body.split('\u{1e}').count() - 1,
            },
        ),
        (half.to_owned(), {
            let found = half.split_once('\n').unwrap().1.split('\u{1e}').count();
            CatalogueError::WrongCount {
                expected: body.split('\u{1e}').count(),
                found,
            }
        }),
    ];
    for (file, expected) in cases {
        assert_eq!(Catalogue::parse(&file), Err(expected));
    }
}

#[test]
fn the_compiled_in_core_holds_what_the_fallback_says() {
    let en = Catalogue::english();
    let core: Vec<&str> = en.keys().filter(|k| Catalogue::is_core_key(k)).collect();
    for key in [
        "ui.fallback.title",
        "ui.fallback.body",
        "ui.fallback.reload",
        "safety.intro",
        "ui.emergency.call",
        "ui.emergency.call_generic",
        "ui.result.call_clinic",
    ] {
        assert!(core.contains(&key), "{key} is not in the core");
    }
    assert!(core.len() < 20, "the core stays small: {core:?}");
}
