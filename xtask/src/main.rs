//! BackCheck's task runner: `cargo xtask <setup|serve|build|test|size>`.
//!
//! Owns everything a fresh Linux machine needs, installing only what is
//! missing or at the wrong version, from the package registries alone
//! (crates.io, npm, Debian). Std only, so it compiles in seconds.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

const TRUNK_VERSION: &str = "0.22.1";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// First-load budget: loader + js + wasm + css + the language shown, brotli,
/// in bytes (issue 7).
const BUDGET_BROTLI: u64 = 120 * 1024;
/// The loader a host page includes: at most 4 KB gzip (issue 5).
const LOADER_GZIP: u64 = 4 * 1024;
const CHROMIUM_FLAGS: &str = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run";

const HELP: &str = "\
cargo xtask <command>

  setup   install whatever is missing (first time on a fresh machine: ~15 minutes)
  serve   setup, then build and serve the standalone page with rebuild on change
  build   setup, then the release build into dist/ and the size table
  test    setup, then every check and test layer; one summary line per layer
  size    the size table of dist/ and the first-load budget check
  bench   setup, release build, then the benchmark against bench/baseline.html
          (BackCheck's screens, hand-written) and bench/tiny.html (BENCHMARKS.md)
  fuzz    [SECONDS] each cargo-fuzz target for SECONDS (default 60) with the
          installed nightly; installs cargo-fuzz if missing (fuzz/README.md)
";

type Res<T = ()> = Result<T, String>;

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let root = root();
    std::env::set_current_dir(&root).expect("cd to the repo root");
    let result = match task.as_str() {
        "setup" => setup(),
        "serve" => setup().and_then(|_| serve()),
        "build" => setup().and_then(|_| release_build()).map(drop),
        "size" => size().map(drop),
        "test" => setup().and_then(|_| test_all()),
        "bench" => setup().and_then(|_| release_build()).and_then(|_| {
            run(cmd("node")
                .args(["bench/run.mjs"])
                .env("CHROMIUM_FLAGS", CHROMIUM_FLAGS))
        }),
        "fuzz" => fuzz(std::env::args().nth(2)),
        _ => {
            print!("{HELP}");
            return if task.is_empty() || task == "help" || task == "--help" {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn step(msg: &str) {
    println!("\n==> {msg}");
}

/// PATH with the npm tools (binaryen's wasm-opt 132) and cargo's bin first.
fn path_env() -> String {
    let home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo")
        });
    let mut parts = vec![
        root().join("node_modules/.bin").display().to_string(),
        home.join("bin").display().to_string(),
    ];
    parts.push(std::env::var("PATH").unwrap_or_default());
    parts.join(":")
}

fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.env("PATH", path_env())
        .env("TRUNK_SKIP_VERSION_CHECK", "true");
    c
}

fn run(c: &mut Command) -> Res {
    let shown = format!("{c:?}");
    let status = c
        .status()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// Run and capture stdout+stderr, echoing it; Ok((success, output)).
fn run_captured(c: &mut Command) -> Res<(bool, String)> {
    let shown = format!("{c:?}");
    let out = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    print!("{text}");
    Ok((out.status.success(), text))
}

fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = cmd(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

// ------------------------------------------------------------------- fuzz

const CARGO_FUZZ: &str = "0.13.1";
const FUZZ_TARGETS: [&str; 3] = ["saved_state", "assess_input", "reducer"];

/// Each fuzz target for `seconds`, from a corpus kept under target/ (not
/// committed); a crash leaves its input in fuzz/artifacts/ and fails.
fn fuzz(seconds: Option<String>) -> Res {
    let seconds: u32 = match seconds {
        None => 60,
        Some(s) => s
            .parse()
            .map_err(|_| format!("not a number of seconds: {s}"))?,
    };
    let installed = output_of("cargo", &["fuzz", "--version"]).unwrap_or_default();
    if !installed.contains(CARGO_FUZZ) {
        step(&format!("installing cargo-fuzz {CARGO_FUZZ}"));
        run(cmd("cargo").args(["install", "--locked", "cargo-fuzz", "--version", CARGO_FUZZ]))?;
    }
    for target in FUZZ_TARGETS {
        step(&format!("fuzzing {target} for {seconds} s"));
        let corpus = root().join("target/fuzz-corpus").join(target);
        std::fs::create_dir_all(&corpus).map_err(|e| e.to_string())?;
        run(cmd("cargo")
            .current_dir(root().join("fuzz"))
            .args(["+nightly", "fuzz", "run", target])
            .arg(&corpus)
            .arg("--")
            .arg(format!("-max_total_time={seconds}")))?;
    }
    Ok(())
}

// ------------------------------------------------------------------ setup

fn setup() -> Res {
    let t = Instant::now();
    step("checking tools (installs what is missing; a fresh machine takes ~15 minutes once)");
    ensure_wasm_target()?;
    ensure_cargo_tool(
        "trunk",
        TRUNK_VERSION,
        &[
            "install",
            "--locked",
            "trunk",
            "--version",
            TRUNK_VERSION,
            "--ignore-rust-version",
        ],
        "~11 minutes",
    )?;
    let wb = wasm_bindgen_version()?;
    ensure_cargo_tool(
        "wasm-bindgen",
        &wb,
        &["install", "wasm-bindgen-cli", "--version", &wb],
        "~3 minutes",
    )?;
    ensure_npm()?;
    ensure_chromium()?;
    step("fetching crates");
    run(cmd("cargo").args(["fetch", "--quiet"]))?;
    println!("tools ready ({:.0} s)", t.elapsed().as_secs_f64());
    Ok(())
}

fn ensure_wasm_target() -> Res {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        println!("ok   rust target {WASM_TARGET}");
        return Ok(());
    }
    println!("add  rust target {WASM_TARGET}");
    run(cmd("rustup").args(["target", "add", WASM_TARGET]))
}

/// The `wasm-bindgen` version Cargo.lock pins; the CLI must match it exactly.
fn wasm_bindgen_version() -> Res<String> {
    let lock = std::fs::read_to_string("Cargo.lock").map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|v| v.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

fn ensure_cargo_tool(bin: &str, version: &str, install: &[&str], takes: &str) -> Res {
    let have = output_of(bin, &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(version) {
        println!("ok   {bin} {version}");
        return Ok(());
    }
    println!(
        "get  {bin} {version} from crates.io (building from source, {takes}; found: {})",
        if have.is_empty() { "none" } else { &have }
    );
    run(cmd("cargo").args(install))
}

fn ensure_npm() -> Res {
    // npm ci writes this marker; reinstall when package-lock.json is newer.
    let marker = Path::new("node_modules/.package-lock.json");
    let fresh = marker
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .zip(
            Path::new("package-lock.json")
                .metadata()
                .and_then(|m| m.modified())
                .ok(),
        )
        .is_some_and(|(installed, lock)| installed >= lock);
    if fresh {
        println!("ok   node_modules (binaryen, terser, playwright-core, @axe-core/playwright)");
        return Ok(());
    }
    println!("get  node_modules from the npm registry (npm ci, ~1 minute)");
    run(cmd("npm").args(["ci", "--no-audit", "--no-fund"]))
}

fn ensure_chromium() -> Res {
    let have = |p: &str| Path::new(p).exists();
    if have("/usr/bin/chromium") && have("/usr/bin/chromedriver") {
        println!("ok   chromium and chromedriver");
        return Ok(());
    }
    let root = output_of("id", &["-u"]).as_deref() == Some("0");
    if !root {
        return Err("Chromium and ChromeDriver are missing. Install the Debian packages `chromium` and `chromium-driver` (as root: apt-get install chromium chromium-driver), then run this again.".into());
    }
    println!("get  chromium and chromium-driver from Debian (apt-get, ~2 minutes)");
    run(cmd("apt-get").args(["update", "-qq"]))?;
    run(cmd("apt-get")
        .args(["install", "-y", "-qq", "chromium", "chromium-driver"])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

// ------------------------------------------------------------------ build, serve, size

fn trunk(args: &[&str]) -> Command {
    let mut c = cmd("trunk");
    c.args(args);
    c
}

fn serve() -> Res {
    step("serving on http://127.0.0.1:8080/ (rebuilds on change; Ctrl-C stops)");
    println!("open http://127.0.0.1:8080/  (settings via the query, e.g. ?clinic-name=Clinic&emergency-number=112)");
    run(&mut trunk(&[
        "serve",
        "--offline",
        "--address",
        "127.0.0.1",
        "--port",
        "8080",
    ]))
}

/// The release wasm's stack. Rust's default is 1 MiB of linear memory; a
/// full journey measured 12 KB at its deepest, and an end-to-end test keeps
/// the peak under half of this. (Debug builds, with bigger frames, keep the
/// default.)
const WASM_STACK: u32 = 128 * 1024;

fn release_build() -> Res<u64> {
    step("release build into dist/ (trunk, wasm-opt -Oz)");
    run(trunk(&["build", "--release", "--offline"]).env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        format!("-C link-arg=-zstack-size={WASM_STACK}"),
    ))?;
    minify_scripts()?;
    add_csp("dist/index.html")?;
    size()
}

/// The scripts Trunk only copies (the loader, the page glue, the service
/// worker) are minified with terser, keeping their `/*!` header. Every host
/// page pays for the loader and the page glue before the widget shows:
/// minified, they are 1,177 B brotli smaller (BENCHMARKS.md, eighth run).
/// Their readable source is `loader/`.
fn minify_scripts() -> Res {
    for name in ["backcheck.js", "page.js", "sw.js"] {
        let path = format!("dist/{name}");
        run(cmd("terser").args([
            path.as_str(),
            "--compress",
            "--mangle",
            "--comments",
            "/^!/",
            "--output",
            path.as_str(),
        ]))?;
    }
    Ok(())
}

/// The widget page's own Content-Security-Policy, as a `<meta>` at the top of
/// `<head>`. Trunk's bootstrap, the preview script and the inlined
/// stylesheet are allowed by their hashes (computed here, so they always
/// match the build); nothing else inline runs, and the page can only load
/// its own files.
fn add_csp(path: &str) -> Res {
    let html = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    if html.contains("Content-Security-Policy") {
        return Ok(());
    }
    // One line per inline element: `script <hash>` or `style <hash>`.
    let script = "const fs=require('fs'),c=require('crypto');const h=fs.readFileSync(process.argv[1],'utf8');for(const m of h.matchAll(/<(script|style)(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)<\\/\\1>/g))console.log(m[1]+\" 'sha256-\"+c.createHash('sha256').update(m[2]).digest('base64')+\"'\")";
    let out = cmd("node")
        .args(["-e", script, path])
        .output()
        .map_err(|e| format!("node: {e}"))?;
    let listed = String::from_utf8_lossy(&out.stdout).into_owned();
    let hashes = |kind: &str| {
        listed
            .lines()
            .filter_map(|l| l.strip_prefix(kind)?.strip_prefix(' '))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (scripts, styles) = (hashes("script"), hashes("style"));
    let csp = format!(
        "default-src 'none'; script-src 'self' {scripts} 'wasm-unsafe-eval'; style-src 'self' {styles}; \
         img-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
         base-uri 'none'; form-action 'none'"
    );
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">");
    // Right after the charset declaration, before any script or style; the
    // minified page has no `<head>` tag to anchor on.
    let at = html
        .find("<meta charset")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
        .ok_or(format!("{path}: no <meta charset> to put the CSP after"))?;
    let html = format!("{}{meta}{}", &html[..at], &html[at..]);
    std::fs::write(path, html).map_err(|e| format!("{path}: {e}"))
}

struct Sized {
    name: String,
    raw: u64,
    gzip: u64,
    brotli: u64,
}

/// Sizes come from node's zlib (gzip -9, brotli q11): deterministic bytes.
fn size() -> Res<u64> {
    let script = "const fs=require('fs'),z=require('zlib');const ls=(d)=>fs.existsSync('dist/'+d)?fs.readdirSync('dist/'+d).sort().map((f)=>d+f):[];for(const f of [...ls(''),...ls('locales/')]){const p='dist/'+f;if(f.startsWith('.')||!fs.statSync(p).isFile())continue;const b=fs.readFileSync(p);console.log([f,b.length,z.gzipSync(b,{level:9}).length,z.brotliCompressSync(b).length].join('\\t'))}";
    let out = cmd("node")
        .args(["-e", script])
        .output()
        .map_err(|e| format!("node: {e}"))?;
    if !out.status.success() {
        return Err(format!("size: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let files: Vec<Sized> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            Some(Sized {
                name: c.first()?.to_string(),
                raw: c.get(1)?.parse().ok()?,
                gzip: c.get(2)?.parse().ok()?,
                brotli: c.get(3)?.parse().ok()?,
            })
        })
        .collect();
    // The budget's measure (issue 7: loader + js + wasm + css): every .js,
    // .wasm and .css except the service worker, which the browser only
    // fetches after the page has loaded, and the largest language file (a
    // visitor fetches the one language shown). The widget's page itself
    // (isolated mode's frame, with the CSS and the preview templates in it)
    // is listed in the table but not counted; its CSS is counted once, as
    // the file inline mode fetches.
    let largest_language = files
        .iter()
        .filter(|f| f.name.starts_with("locales/"))
        .max_by_key(|f| f.brotli)
        .map(|f| f.name.clone())
        .ok_or("dist/locales/ has no catalogue files")?;
    let first_load = |f: &&Sized| {
        f.name == largest_language
            || (f.name != "sw.js" && [".js", ".wasm", ".css"].iter().any(|x| f.name.ends_with(x)))
    };
    println!(
        "\n{:<28} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip", "brotli"
    );
    for f in &files {
        println!(
            "{:<28} {:>10} {:>10} {:>10}{}",
            f.name,
            f.raw,
            f.gzip,
            f.brotli,
            if first_load(&f) { "  *" } else { "" }
        );
    }
    let sum = |k: fn(&Sized) -> u64| files.iter().filter(first_load).map(k).sum::<u64>();
    let total = sum(|f| f.brotli);
    println!(
        "{:<28} {:>10} {:>10} {:>10}",
        "first load (*)",
        sum(|f| f.raw),
        sum(|f| f.gzip),
        total
    );
    println!(
        "budget: {total} / {BUDGET_BROTLI} bytes brotli ({:.1} KB of {:.0} KB)",
        total as f64 / 1024.0,
        BUDGET_BROTLI as f64 / 1024.0
    );
    sri()?;
    if !files.iter().any(|f| f.name.ends_with(".wasm")) {
        return Err("dist/ has no .wasm: run `cargo xtask build` first".into());
    }
    // The loader is what every host page pays for, even before the widget shows.
    if let Some(loader) = files.iter().find(|f| f.name == "backcheck.js") {
        println!("loader: {} / {LOADER_GZIP} bytes gzip", loader.gzip);
        if loader.gzip > LOADER_GZIP {
            return Err(format!(
                "loader backcheck.js is {} B gzip, over {LOADER_GZIP} B",
                loader.gzip
            ));
        }
    }
    if total > BUDGET_BROTLI {
        return Err(format!(
            "first-load size {total} B brotli exceeds the {BUDGET_BROTLI} B budget"
        ));
    }
    Ok(total)
}

/// Subresource Integrity hashes, for pinning the loader in a host page.
fn sri() -> Res {
    let script = "const fs=require('fs'),c=require('crypto');for(const f of ['backcheck.js','widget.js','widget_bg.wasm','backcheck.css','page.js']){if(fs.existsSync('dist/'+f))console.log(f.padEnd(20)+' sha384-'+c.createHash('sha384').update(fs.readFileSync('dist/'+f)).digest('base64'))}";
    println!("\nSubresource Integrity (integrity=\"…\"):");
    run(cmd("node").args(["-e", script]))
}

// ------------------------------------------------------------------ test

struct Layer {
    name: &'static str,
    result: Res<String>,
}

fn test_all() -> Res {
    let started = Instant::now();
    let layers = [
        Layer {
            name: "1 checks+native",
            result: layer_native(),
        },
        Layer {
            name: "2 wasm-in-browser",
            result: layer_wasm(),
        },
        Layer {
            name: "3 release+e2e",
            result: layer_e2e(),
        },
    ];
    println!("\n==> summary ({:.0} s)", started.elapsed().as_secs_f64());
    let mut failed = 0;
    for l in &layers {
        match &l.result {
            Ok(s) => println!("layer {}: ok — {s}", l.name),
            Err(e) => {
                failed += 1;
                println!("layer {}: FAILED — {e}", l.name)
            }
        }
    }
    if failed > 0 {
        return Err(format!("{failed} of {} layers failed", layers.len()));
    }
    Ok(())
}

/// Sums the "test result: ok. N passed; M failed; ..." lines of cargo test
/// and wasm-bindgen-test-runner.
fn cargo_counts(text: &str) -> (u64, u64) {
    let count = |part: &str, word: &str| -> Option<u64> {
        let mut w = part.split_whitespace().rev();
        (w.next()? == word).then_some(())?;
        w.next()?.parse().ok()
    };
    let (mut passed, mut failed) = (0, 0);
    for line in text.lines().filter_map(|l| l.split_once("test result:")) {
        for part in line.1.split(';') {
            passed += count(part, "passed").unwrap_or(0);
            failed += count(part, "failed").unwrap_or(0);
        }
    }
    (passed, failed)
}

fn layer_native() -> Res<String> {
    step("layer 1: cargo fmt --check");
    run(cmd("cargo").args(["fmt", "--all", "--", "--check"]))?;
    step("layer 1: clippy (native, every crate and target)");
    run(cmd("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--quiet",
        "--",
        "-D",
        "warnings",
    ]))?;
    step("layer 1: clippy (wasm32, the widget)");
    run(cmd("cargo").args([
        "clippy",
        "-p",
        "backcheck",
        "--all-targets",
        "--target",
        WASM_TARGET,
        "--quiet",
        "--",
        "-D",
        "warnings",
    ]))?;
    step("layer 1: cargo test (native, workspace)");
    let (ok, text) = run_captured(cmd("cargo").args(["test", "--workspace"]))?;
    let (passed, failed) = cargo_counts(&text);
    if !ok || failed > 0 {
        return Err(format!("cargo test: {passed} passed, {failed} failed"));
    }
    if passed == 0 {
        return Err("cargo test ran no test".into());
    }
    Ok(format!(
        "fmt, clippy native+wasm32 clean; {passed} tests passed"
    ))
}

fn layer_wasm() -> Res<String> {
    step("layer 2: wasm-bindgen-test in headless Chromium");
    let (ok, text) = run_captured(
        cmd("cargo")
            .args([
                "test",
                "-p",
                "backcheck",
                "--target",
                WASM_TARGET,
                "--test",
                "web",
            ])
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                "wasm-bindgen-test-runner",
            )
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120"),
    )?;
    let (passed, failed) = cargo_counts(&text);
    if !ok || failed > 0 {
        return Err(format!(
            "wasm-bindgen-test: {passed} passed, {failed} failed"
        ));
    }
    if passed == 0 {
        return Err("wasm-bindgen-test ran no test".into());
    }
    Ok(format!("{passed} browser tests passed"))
}

fn layer_e2e() -> Res<String> {
    let total = release_build()?;
    step("layer 3: Playwright + axe-core against dist/ on localhost");
    let (ok, text) = run_captured(
        cmd("node")
            // One file at a time: four browsers at once on two cores only adds noise.
            .args([
                "--test",
                "--test-concurrency=1",
                // A test that waits forever fails instead of hanging CI.
                "--test-timeout=180000",
                "--test-reporter=spec",
                "tests/e2e/",
            ])
            .env("CHROMIUM_FLAGS", CHROMIUM_FLAGS),
    )?;
    let count = |key: &str| {
        text.lines()
            .rev()
            .find_map(|l| {
                l.trim_start_matches(['ℹ', '#', ' '])
                    .strip_prefix(key)
                    .and_then(|n| n.trim().parse::<u64>().ok())
            })
            .unwrap_or(0)
    };
    let (passed, failed) = (count("pass"), count("fail"));
    if !ok || failed > 0 {
        return Err(format!("playwright: {passed} passed, {failed} failed"));
    }
    if passed == 0 {
        return Err("playwright ran no test".into());
    }
    Ok(format!(
        "first load {total} B brotli (budget {BUDGET_BROTLI}); {passed} end-to-end tests passed"
    ))
}
