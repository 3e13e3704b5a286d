//! Build step (Trunk's post-build hook): renders the welcome screen in every
//! language with the widget's own views through Yew's server renderer, and
//! writes it into the widget's page as inert `<template>`s followed by the
//! preview script (`loader/preview.js`) that shows one while the wasm loads.
//! The first screen then costs what a hand-written page costs; the widget
//! replaces the preview when it starts (`backcheck::mount_at`).

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: prerender <index.html>");
        return std::process::ExitCode::from(2);
    };
    match native::run(&path) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("prerender: {path}: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use backcheck::config::Config;
    use backcheck::storage::Store;
    use backcheck::{App, AppProps};

    /// Stands for the clinic's name; the preview script puts the configured
    /// name in its place (a private-use character, never in a catalogue).
    const CLINIC: &str = "\u{E000}";
    const MOUNT: &str = "backcheck-standalone";

    /// The welcome screen as a first visit in `locale` sees it. The preview
    /// assumes storage works (the common case): a notice that it does not is
    /// the widget's to add when it takes over.
    fn welcome(locale: &'static str) -> Result<String, String> {
        let html = futures::executor::block_on(
            yew::ServerRenderer::<App>::with_props(move || AppProps {
                config: Config {
                    locale,
                    tag: locale.to_owned(),
                    clinic_name: Some(CLINIC.to_owned()),
                    ..Config::default()
                },
                store: Store::memory(),
                initial: None,
                events: Default::default(),
                step_counter: Default::default(),
                start: false,
                focus: None,
            })
            .hydratable(false)
            .render(),
        );
        let notice = html
            .find("id=\"bc-storage-notice\"")
            .and_then(|i| html[..i].rfind("<p "))
            .and_then(|a| html[a..].find("</p>").map(|b| a..a + b + "</p>".len()))
            .ok_or_else(|| {
                format!("no storage notice in the welcome screen (did the view change?): {html}")
            })?;
        let html = format!("{}{}", &html[..notice.start], &html[notice.end..]);
        let root = "class=\"bc bc-theme-";
        let root_first = html.find(root).is_some_and(|i| Some(i) < html.find('>'));
        if !html.starts_with("<div ") || !root_first || !html.contains("id=\"bc-start\"") {
            return Err(format!("unexpected welcome screen for {locale}: {html}"));
        }
        if !html.contains(CLINIC) {
            return Err(format!("no clinic line in the welcome screen for {locale}"));
        }
        Ok(html.replacen(root, "class=\"bc bc-preview bc-theme-", 1))
    }

    /// The preview script without its comment lines (it is inlined).
    fn script() -> String {
        include_str!("../../loader/preview.js")
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The stylesheet goes into the page: a linked one would hold back the
    /// preview script (a script waits for the stylesheets before it) and
    /// the first paint by a request. The file stays for inline mode.
    fn inline_stylesheet(path: &str, page: String) -> Result<String, String> {
        let Some(at) = page.find("backcheck.css") else {
            return Ok(page);
        };
        let start = page[..at]
            .rfind("<link")
            .ok_or("no <link> around backcheck.css")?;
        let end = at + page[at..].find('>').ok_or("unclosed <link>")? + 1;
        let css_path = std::path::Path::new(path).with_file_name("backcheck.css");
        let css = std::fs::read_to_string(&css_path)
            .map_err(|e| format!("{}: {e}", css_path.display()))?;
        if css.contains("</") {
            return Err("backcheck.css contains \"</\"; it cannot be inlined".into());
        }
        Ok(format!(
            "{}<style>{}</style>{}",
            &page[..start],
            css.trim(),
            &page[end..]
        ))
    }

    pub fn run(path: &str) -> Result<(), String> {
        let page = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        if page.contains("id=\"bc-pre-") {
            return Ok(());
        }
        // After the (empty) mount point: the templates must exist when the
        // script runs, and the script must run before the first paint.
        let page = inline_stylesheet(path, page)?;
        // The element, not a mention in the stylesheet (quoted or minified).
        let at = [format!("id=\"{MOUNT}\""), format!("id={MOUNT}>")]
            .iter()
            .find_map(|id| page.find(id.as_str()))
            .and_then(|i| page[i..].find("</div>").map(|j| i + j + "</div>".len()))
            .ok_or(format!("no #{MOUNT} element"))?;
        let mut insert = String::new();
        for &locale in backcheck_engine::text::locales() {
            insert += &format!(
                "<template id=\"bc-pre-{locale}\">{}</template>",
                welcome(locale)?
            );
        }
        insert += &format!("<script>{}</script>", script());
        let page = format!("{}{insert}{}", &page[..at], &page[at..]);
        std::fs::write(path, page).map_err(|e| e.to_string())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    #[test]
    fn every_language_gets_a_preview_once() {
        let dir = std::env::temp_dir().join(format!("bc-prerender-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("index.html");
        let page =
            "<!doctype html><body><div id=backcheck-standalone></div><noscript>x</noscript></body>";
        std::fs::write(&path, page).unwrap();
        let path = path.to_str().unwrap();
        super::native::run(path).unwrap();
        let once = std::fs::read_to_string(path).unwrap();
        super::native::run(path).unwrap();
        assert_eq!(
            std::fs::read_to_string(path).unwrap(),
            once,
            "a second run changes nothing"
        );
        for locale in backcheck_engine::text::locales() {
            let id = format!("<template id=\"bc-pre-{locale}\"><div lang=\"{locale}\" class=\"bc bc-preview bc-theme-auto\">");
            assert_eq!(once.matches(&id).count(), 1, "{locale}");
        }
        // In order: mount point, templates, then the script that uses them.
        let (mount, template, script) = (
            once.find("</div>").unwrap(),
            once.find("<template").unwrap(),
            once.find("<script>").unwrap(),
        );
        assert!(mount < template && template < script && script < once.find("<noscript>").unwrap());
        assert!(
            !once.contains("bc-storage-notice"),
            "the preview assumes storage works"
        );
        assert!(!once.contains("\n//"), "comments are not inlined");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
