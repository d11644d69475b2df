//! `kring`: starts the server with its embedded database and prints the URLs to open.

use std::process::ExitCode;

use clap::Parser;
use kring_server::config::Config;
use tokio_util::sync::CancellationToken;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let config = Config::parse();
    // Every connection is a file: lift the soft limit (often 1,024) to the hard one.
    if let Err(error) = kring_server::sys::raise_nofile_limit() {
        tracing::warn!(%error, "cannot raise the open-file limit");
    }
    let shutdown = CancellationToken::new();
    let server = match kring_server::start(config, shutdown.clone()).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("kring: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    println!("kring listening on http://{}", server.addr);
    println!(
        "host console (create a room): {}/host",
        server.app.env.base_url
    );
    println!("phones join at:               {}/", server.app.env.base_url);
    println!(
        "holds {} connections ({} WebSockets) within the open-file limit",
        server.app.capacity.connections, server.app.capacity.websockets
    );
    tokio::spawn(stop_on_signal(shutdown));
    match server.wait().await {
        Ok(()) => {
            eprintln!("kring: stopped; every acknowledged action is stored");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("kring: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Cancels `shutdown` on SIGINT (Ctrl-C) or SIGTERM.
async fn stop_on_signal(shutdown: CancellationToken) {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!("cannot listen for SIGTERM: {error}");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate => {}
    }
    tracing::info!("stopping: closing sockets and flushing the event log");
    shutdown.cancel();
}
