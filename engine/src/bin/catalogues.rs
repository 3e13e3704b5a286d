//! Writes one catalogue file per locale (`<dir>/<locale>.txt`) for the
//! widget's release build, which fetches the language it shows. Run by
//! Trunk's pre-build hook: `catalogues <dir>`.

use std::path::PathBuf;
use std::process::ExitCode;

use backcheck_engine::text::Catalogue;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: catalogues <output-dir>");
        return ExitCode::from(2);
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("catalogues: cannot create {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    for cat in Catalogue::all() {
        let path = dir.join(format!("{}.txt", cat.locale));
        if let Err(e) = std::fs::write(&path, cat.file_text()) {
            eprintln!("catalogues: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
