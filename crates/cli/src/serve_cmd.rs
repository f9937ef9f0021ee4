//! `trialdex serve`: the web UI, ClinicalTrials.gov's API v2 and trialdex's own API over the database.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use trialdex_server::AppState;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: crate::db::DbArgs,
    /// Address and port to listen on; port 0 picks a free one (printed at start).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    listen: String,
    /// A file holding the bearer token that allows PUT /api/trialdex/v1/records/…;
    /// without one, the server is read-only.
    #[arg(long, value_name = "FILE")]
    write_token_file: Option<std::path::PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    // One line per request (method, path, status, time) unless RUST_LOG says otherwise.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let write_token = args.write_token_file.as_deref().map(read_token).transpose()?;
    let store = args.db.open_existing()?;
    // The port first: a wrong --listen is said at once, not after the index is brought up to date.
    let listener =
        std::net::TcpListener::bind(&args.listen).with_context(|| format!("cannot listen on {}", args.listen))?;
    listener.set_nonblocking(true)?;
    let index = args.db.open_index(&store)?;
    let records = index.len();
    let writable = write_token.is_some();
    let state = Arc::new(AppState::new(Arc::new(store), Arc::new(index), write_token).with_db_dir(args.db.db.clone()));
    let runtime = tokio::runtime::Runtime::new().context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let address = listener.local_addr()?;
        eprintln!(
            "trialdex: serving {records} records from {} on http://{address}/\n  \
             web: http://{address}/\n  \
             ClinicalTrials.gov API v2: http://{address}/api/v2 (its records), http://{address}/all/api/v2 (every registry)\n  \
             trialdex API: http://{address}/api/trialdex/v1 (OpenAPI at /api/trialdex/v1/openapi.json; writes {})\n  \
             Ctrl-C stops (requests under way finish first)",
            args.db.db.display(),
            if writable { "allowed with the token" } else { "disabled" },
        );
        trialdex_server::serve(listener, state, shutdown_signal()).await.context("server stopped")
    })?;
    eprintln!("trialdex: stopped");
    Ok(ExitCode::SUCCESS)
}

/// The token in `path`, without surrounding whitespace; an empty file is refused.
fn read_token(path: &std::path::Path) -> Result<String> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read the write token {}", path.display()))?;
    let token = text.trim();
    if token.is_empty() {
        anyhow::bail!("the write token file {} is empty", path.display());
    }
    Ok(token.to_owned())
}

/// Ctrl-C, or SIGTERM from a service manager.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
}
