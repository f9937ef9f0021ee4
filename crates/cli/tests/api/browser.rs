//! The web UI in Debian's Chromium, driven by Playwright (tests/browser/browser.mjs):
//! search, a facet, paging, a CSV download, a study and its history, Chinese, charts,
//! a record full of markup, phone width, keyboard focus. Screenshots of every page are
//! kept in `target/browser-screenshots/` (CI's artifacts).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::fixture::{empty_server, server};
use crate::web::store_markup_record;

#[test]
fn the_web_ui_works_in_a_real_browser() {
    let node_dir = match browser_tools() {
        Ok(dir) => dir,
        // CI sets TRIALDEX_REQUIRE_BROWSER_TESTS: there, a missing browser is a failure.
        Err(why) if std::env::var_os("TRIALDEX_REQUIRE_BROWSER_TESTS").is_some() => panic!("{why}"),
        Err(why) => {
            eprintln!("skipped (set TRIALDEX_REQUIRE_BROWSER_TESTS=1 to make this a failure): {why}");
            return;
        }
    };
    store_markup_record();
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("target/").join("browser-screenshots");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/browser.mjs");
    // Beside its node_modules, so `import 'playwright-core'` resolves.
    std::fs::copy(&script, node_dir.join("browser.mjs")).unwrap();
    let output = Command::new("node")
        .arg(node_dir.join("browser.mjs"))
        .arg(format!("http://{}", server()))
        .arg(format!("http://{}", empty_server()))
        .arg(&shots)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("all browser checks passed"), "{stdout}");
    assert!(shots.join("phone-search.png").exists(), "screenshots in {}", shots.display());
}

/// Playwright installed from tests/browser/package-lock.json under the target
/// directory (npm's registry must be reachable the first time), and Chromium at
/// /usr/bin/chromium (or $CHROMIUM); why not, when one is missing.
fn browser_tools() -> Result<PathBuf, String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    if !Path::new(&chromium).exists() {
        return Err(format!("no Chromium at {chromium} (Debian's package chromium; .ci/run installs it)"));
    }
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-node");
    let lock = std::fs::read(source.join("package-lock.json")).unwrap();
    if std::fs::read(dir.join("package-lock.json")).ok().as_deref() == Some(lock.as_slice())
        && dir.join("node_modules/playwright-core").exists()
    {
        return Ok(dir);
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(source.join(file), dir.join(file)).unwrap();
    }
    let output = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
        .current_dir(&dir)
        .output()
        .map_err(|e| format!("cannot run npm: {e} (the browser test needs Node.js and npm)"))?;
    if !output.status.success() {
        return Err(format!(
            "npm ci failed (npm's registry must be reachable):\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(dir)
}
