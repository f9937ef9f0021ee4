//! Expanding command-line paths into the files to read.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Files named on the command line, and every file under folders named there
/// (recursively, hidden entries skipped, sorted so runs are repeatable).
pub fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).with_context(|| format!("cannot read {}", input.display()))?;
        if meta.is_file() {
            files.push(input.clone());
            continue;
        }
        if !meta.is_dir() {
            bail!("{} is neither a file nor a folder", input.display());
        }
        let walker = walkdir::WalkDir::new(input)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.path()));
        for entry in walker {
            let entry = entry.with_context(|| format!("cannot walk {}", input.display()))?;
            if entry.file_type().is_file() {
                files.push(entry.into_path());
            }
        }
    }
    Ok(files)
}

fn is_hidden(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'))
}
