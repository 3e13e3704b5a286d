//! Build step (Trunk's post-build hook): renders the welcome screen in every
//! language with the widget's own views through Yew's server renderer, and
//! writes it into the widget's page as inert `<template>`s (with the static
//! fallback, for a widget that never starts) followed by the preview script
//! (`loader/preview.js`) that shows one while the wasm loads.
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

    /// Each `<link …>` tag of the page, as a byte range.
    fn links(page: &str) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(start) = page[from..].find("<link").map(|i| from + i) {
            let Some(end) = page[start..].find('>').map(|e| start + e + 1) else {
                break;
            };
            out.push(start..end);
            from = end;
        }
        out
    }

    /// An attribute's value in one tag, quoted or not (Trunk's minifier
    /// drops the quotes).
    fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
        tag.trim_start_matches("<link")
            .trim_end_matches('>')
            .split_whitespace()
            .find_map(|a| a.strip_prefix(name)?.strip_prefix('='))
            .map(|v| v.trim_end_matches('/').trim_matches(['"', '\'']))
    }

    /// The stylesheet goes into the page: a linked one would hold back the
    /// preview script (a script waits for the stylesheets before it) and
    /// the first paint by a request. The file stays for inline mode.
    fn inline_stylesheet(path: &str, page: String) -> Result<String, String> {
        let Some(link) = links(&page).into_iter().find(|r| {
            let tag = &page[r.clone()];
            attr(tag, "rel") == Some("stylesheet")
                && attr(tag, "href").is_some_and(|h| h.ends_with("backcheck.css"))
        }) else {
            return Ok(page);
        };
        let css_path = std::path::Path::new(path).with_file_name("backcheck.css");
        let css = std::fs::read_to_string(&css_path)
            .map_err(|e| format!("{}: {e}", css_path.display()))?;
        if css.contains("</") {
            return Err("backcheck.css contains \"</\"; it cannot be inlined".into());
        }
        let (start, end) = (link.start, link.end);
        Ok(format!(
            "{}<style>{}</style>{}",
            &page[..start],
            css.trim(),
            &page[end..]
        ))
    }

    /// Trunk preloads the glue and the wasm from `<head>`; their responses
    /// (the wasm is compiled as it streams in) then compete with parsing the
    /// page, and the preview came ~20 ms later (measured: 84 → 64 ms median
    /// first screen, same run). Without them the module script asks for both
    /// as soon as the page is parsed, i.e. right after the preview is shown.
    pub(crate) fn drop_preloads(mut page: String) -> String {
        for r in links(&page).into_iter().rev() {
            if matches!(
                attr(&page[r.clone()], "rel"),
                Some("preload" | "modulepreload")
            ) {
                page.replace_range(r, "");
            }
        }
        page
    }

    pub fn run(path: &str) -> Result<(), String> {
        let page = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        if page.contains("id=\"bc-pre-") {
            return Ok(());
        }
        // After the (empty) mount point: the templates must exist when the
        // script runs, and the script must run before the first paint.
        let page = drop_preloads(inline_stylesheet(path, page)?);
        // The element, not a mention in the stylesheet (quoted or minified).
        let at = [format!("id=\"{MOUNT}\""), format!("id={MOUNT}>")]
            .iter()
            .find_map(|id| page.find(id.as_str()))
            .and_then(|i| page[i..].find("</div>").map(|j| i + j + "</div>".len()))
            .ok_or(format!("no #{MOUNT} element"))?;
        let mut insert = String::new();
        let mut fallbacks = String::new();
        for &locale in backcheck_engine::text::locales() {
            insert += &format!(
                "<template id=\"bc-pre-{locale}\">{}</template>",
                welcome(locale)?
            );
            fallbacks += &format!(
                "<template id=\"bc-fail-{locale}\">{}</template>",
                backcheck::fallback_html(locale)
            );
        }
        // The fallbacks after the script: needed only if the widget never
        // starts, they need not be parsed before the first paint.
        insert += &format!("<script>{}</script>{fallbacks}", script());
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
        let page = "<!doctype html><head><!-- backcheck.css --><link data-integrity=none href=./backcheck.css rel=stylesheet></head><body><div id=backcheck-standalone></div><noscript>x</noscript></body>";
        std::fs::write(&path, page).unwrap();
        std::fs::write(dir.join("backcheck.css"), ".bc{color:red}\n").unwrap();
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
            let fail = format!("<template id=\"bc-fail-{locale}\"><div class=\"bc bc-fallback\" role=\"alert\" lang=\"{locale}\"><h2 class=\"bc-heading\">");
            assert_eq!(once.matches(&fail).count(), 1, "{locale}");
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
        let links = "<head><link rel=modulepreload href=./widget.js><link as=fetch href=./widget_bg.wasm rel=preload><link href=data:, rel=icon></head>";
        assert_eq!(
            super::native::drop_preloads(links.into()),
            "<head><link href=data:, rel=icon></head>"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
