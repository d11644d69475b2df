//! Kring's server: a self-hosted real-time classroom service.
//!
//! - [`room`]: one actor task per room owns that room's state; activities are pure state
//!   machines ([`room::quiz`]); every input is a replayable [`room::Record`].
//! - [`store`]: the durable event log with group commit (embedded SQLite, or PostgreSQL shared
//!   by the nodes of a cluster, with a lease per room); acknowledgements wait for it.
//! - [`template`]: template files (read with every complaint naming its field) and the
//!   built-in templates.
//! - [`ws`]: the WebSocket endpoint (one task per socket); [`http`]: pages and the JSON API.
//! - [`serve`]: accepting connections (one limit on all of them, header and request
//!   deadlines); [`guard`]: the origin check, content types and security headers;
//!   [`limits`]: limits per address and per room; [`sys`]: the open-file limit.
//! - [`app`]: [`App`] ties them together: the registry of rooms (a `DashMap` from code to
//!   handle), the shared environment and the limits; [`failure`]: a failed request's answer.
//!   [`start`] (here) binds, restores every room and serves. Modules depend on each other one
//!   way only (`docs/ARCHITECTURE.md`, "Crates and modules"); this root depends on them all
//!   and none of them on it.

pub mod act_error;
pub mod app;
pub mod clock;
pub mod config;
pub mod export;
pub mod failure;
pub mod guard;
pub mod http;
pub mod import;
pub mod limits;
pub mod meta;
pub mod names;
pub mod room;
pub mod serve;
pub mod socket;
pub mod store;
pub mod sys;
pub mod template;
pub mod ws;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use anyhow::Context;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::clock::Clock;
use crate::config::Config;
use crate::room::{RoomEnv, RoomHandle};
use crate::store::postgres::{PgConfig, PgStore};
use crate::store::{Durability, Store, Writer};

pub use crate::app::App;
pub use crate::limits::Capacity;
pub use crate::room::restore;

/// How long a graceful stop waits for sockets to close.
const SESSIONS_DEADLINE: std::time::Duration = std::time::Duration::from_secs(5);
/// Pending connections the kernel may queue for `accept`.
const LISTEN_BACKLOG: u32 = 4096;
/// How often rooms past the retention period are looked for.
const RETENTION_SWEEP: std::time::Duration = std::time::Duration::from_secs(3600);
/// How often the limiters forget addresses and rooms whose budget is full again.
const LIMITS_SWEEP: std::time::Duration = std::time::Duration::from_secs(60);

/// A running server.
pub struct Server {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// Its shared state.
    pub app: Arc<App>,
    task: JoinHandle<()>,
    writer: Writer,
}

impl Server {
    /// Waits until the server has stopped (after the shutdown token is cancelled) and the event
    /// log is flushed.
    pub async fn wait(self) -> anyhow::Result<()> {
        // axum does not wait for upgraded sockets: wait (bounded) until each sent its 1001, and
        // for connections still in a request, with one deadline for both.
        let Server {
            app, writer, task, ..
        } = self;
        app.shutdown.cancelled().await;
        app.sessions.close();
        let stopped = async { tokio::join!(task, app.sessions.wait()).0 };
        match tokio::time::timeout(SESSIONS_DEADLINE, stopped).await {
            Ok(served) => served.context("the server task panicked")?,
            Err(_) => tracing::warn!(
                open = app.sessions.len(),
                "some connections did not close in time"
            ),
        }
        // Every room records the stop, so what is open keeps its remaining time.
        let rooms: Vec<RoomHandle> = app.rooms.iter().map(|r| r.value().clone()).collect();
        for room in rooms {
            let (reply, done) = tokio::sync::oneshot::channel();
            if room.send(room::Command::Pause { reply }).await {
                let _ = done.await;
            }
        }
        app.env.store.flush().await;
        // In a cluster: another node may take this node's rooms at once.
        app.env.store.release_all().await;
        drop(app);
        tokio::task::spawn_blocking(move || writer.close())
            .await
            .ok();
        Ok(())
    }
}

/// Opens the store, restores every room, binds `config.addr` and starts serving.
pub async fn start(config: Config, shutdown: CancellationToken) -> anyhow::Result<Server> {
    let listener =
        listen(config.addr).with_context(|| format!("cannot listen on {}", config.addr))?;
    let addr = listener.local_addr().context("no local address")?;
    // Built alongside opening the store; done before the first connection is served.
    let filter = tokio::task::spawn_blocking(names::warm_up);
    let (store, writer, stored) = match &config.database_url {
        Some(url) => {
            let pg = PgStore::open(PgConfig {
                url: url.clone(),
                node_id: config.node_id.clone(),
                lease_ttl: std::time::Duration::from_millis(config.lease_ms),
            })
            .await
            .context("cannot use the PostgreSQL database (--database-url)")?;
            tracing::info!(
                node = pg.owner(),
                lease_ms = config.lease_ms,
                "cluster mode: rooms live in PostgreSQL; this node takes each on first use"
            );
            (Store::Postgres(pg), Writer::Postgres, Vec::new())
        }
        None => {
            let data_dir = config.data_dir.clone();
            tokio::task::spawn_blocking(move || Store::open(&data_dir))
                .await
                .context("the store task panicked")?
                .with_context(|| {
                    format!(
                        "cannot use the data directory {}",
                        config.data_dir.display()
                    )
                })?
        }
    };
    let base_url = match &config.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => format!("http://{}", reachable(addr)),
    };
    let files = sys::nofile_limit().unwrap_or(1024);
    let capacity = Capacity::fit(config.max_connections, config.http_headroom, files);
    tracing::info!(
        open_files = files,
        connections = capacity.connections,
        websockets = capacity.websockets,
        "connection limits (all connections, WebSockets among them)"
    );
    if capacity.websockets < config.max_connections {
        tracing::warn!(
            open_files = files,
            websockets = capacity.websockets,
            wanted = config.max_connections,
            "the open-file limit holds fewer WebSockets than --max-connections; raise the hard limit (ulimit -Hn) to hold more"
        );
    }
    let env = RoomEnv {
        store,
        clock: Clock::new(),
        max_participants: config.max_participants,
        snapshots: config.snapshots,
        base_url,
    };
    let app = Arc::new(App::new(env, config, capacity, shutdown.clone()));
    let restored = stored.len();
    for room in stored {
        let code = room.meta.code.clone();
        let state = restore(room).with_context(|| format!("cannot restore room {code}"))?;
        let durability = Durability::new(state.seq());
        let handle = room::spawn(state, app.env.clone(), durability);
        app.rooms.insert(code, handle);
    }
    tracing::info!(rooms = restored, "restored rooms");
    filter.await.context("building the text filter panicked")?;
    let sweeper = app.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(RETENTION_SWEEP);
        loop {
            tokio::select! {
                _ = every.tick() => {
                    if let Err(error) = sweeper.expire_rooms().await {
                        tracing::error!("retention sweep failed: {error:#}");
                    }
                }
                _ = sweeper.shutdown.cancelled() => break,
            }
        }
    });
    let limits = app.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(LIMITS_SWEEP);
        loop {
            tokio::select! {
                _ = every.tick() => limits.limits.sweep(),
                _ = limits.shutdown.cancelled() => break,
            }
        }
    });
    let router = http::router(app.clone());
    let open = Arc::new(Semaphore::new(capacity.connections));
    let task = tokio::spawn(serve::serve(listener, router, app.clone(), open, shutdown));
    Ok(Server {
        addr,
        app,
        task,
        writer,
    })
}

/// Binds with a long accept backlog, so a class-wide (or hall-wide) join burst is not dropped.
fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

/// The address phones should use: a wildcard listen address is replaced by this machine's
/// address on its default network (falling back to loopback).
fn reachable(addr: SocketAddr) -> SocketAddr {
    if !addr.ip().is_unspecified() {
        return addr;
    }
    let lan = std::net::UdpSocket::bind(("0.0.0.0", 0))
        .and_then(|s| s.connect(("192.0.2.1", 9)).map(|()| s))
        .and_then(|s| s.local_addr())
        .map(|a| a.ip())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
    SocketAddr::new(lan, addr.port())
}
