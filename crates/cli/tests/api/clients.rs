//! Existing CT.gov API v2 client libraries from PyPI, unmodified, against the server.

use std::path::{Path, PathBuf};

use crate::fixture::server;

/// Three existing CT.gov API v2 clients from PyPI (ctgov, pytrials, pyctrials),
/// unmodified, run a scripted set of calls against this server: tests/clients/.
#[test]
fn ct_gov_client_libraries_from_pypi_work_unchanged() {
    let python = match clients_python() {
        Ok(python) => python,
        // CI sets TRIALDEX_REQUIRE_CLIENT_TESTS: there, no Python or no PyPI is a failure.
        Err(why) if std::env::var_os("TRIALDEX_REQUIRE_CLIENT_TESTS").is_some() => panic!("{why}"),
        Err(why) => {
            eprintln!("skipped (set TRIALDEX_REQUIRE_CLIENT_TESTS=1 to make this a failure): {why}");
            return;
        }
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/ctgov_clients.py");
    let output = std::process::Command::new(&python)
        .arg(&script)
        .arg(format!("http://{}", server()))
        .output()
        .expect("run the client script");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("all client checks passed"), "{stdout}");
}

/// A virtualenv with tests/clients/requirements.txt installed, made once under the
/// target directory (PyPI must be reachable the first time) and remade when the
/// requirements change; why not, when python3, its venv or PyPI is missing.
fn clients_python() -> Result<PathBuf, String> {
    let requirements = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/requirements.txt");
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ctgov-clients-venv");
    let python = venv.join("bin/python");
    let installed = venv.join("requirements.txt");
    let wanted = std::fs::read(&requirements).unwrap();
    if std::fs::read(&installed).ok().as_deref() == Some(wanted.as_slice()) && python.exists() {
        return Ok(python);
    }
    let _ = std::fs::remove_dir_all(&venv);
    let run = |program: &Path, args: &[&str]| -> Result<(), String> {
        let output = std::process::Command::new(program).args(args).output().map_err(|e| {
            format!("cannot run {}: {e} (the client test needs python3 with venv and pip)", program.display())
        })?;
        if output.status.success() {
            return Ok(());
        }
        Err(format!(
            "{} {args:?} failed (python3-venv must be installed and PyPI reachable):\n{}",
            program.display(),
            String::from_utf8_lossy(&output.stderr)
        ))
    };
    run(Path::new("python3"), &["-m", "venv", venv.to_str().unwrap()])?;
    run(&python, &["-m", "pip", "install", "--quiet", "-r", requirements.to_str().unwrap()])?;
    std::fs::write(&installed, wanted).unwrap();
    Ok(python)
}
