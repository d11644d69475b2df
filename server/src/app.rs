//! [`App`], the running server's shared state: the registry of rooms (a `DashMap` from code
//! to handle), what rooms share ([`RoomEnv`]), the configuration, the connection capacity and
//! the limits. The HTTP, WebSocket and accept layers read it; it knows none of them.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context;
use dashmap::DashMap;
use kring_protocol::{ROOM_CODE_ALPHABET, ROOM_CODE_LEN, RoomCode};
use rand::Rng;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::config::Config;
use crate::limits::{Capacity, Limits};
use crate::room::{self, RoomEnv, RoomHandle, RoomMeta, RoomState};
use crate::store::{Acquired, Durability};

/// In a cluster, how much longer than a lease a request waits for its room to become free
/// (a dead owner's lease expiring, or a live owner handing the room over).
pub const ACQUIRE_GRACE: std::time::Duration = std::time::Duration::from_secs(2);
/// How often a request waiting for a room held elsewhere asks again.
const ACQUIRE_RETRY: std::time::Duration = std::time::Duration::from_millis(100);
/// Tries to find a free room code before creating a room fails.
const CODE_TRIES: usize = 20;

/// Where a room named by a request is.
pub enum Lookup {
    /// On this node: its actor.
    Here(RoomHandle),
    /// No room has this code.
    NotFound,
    /// In a cluster: another node holds it and did not let go in time, or the database could
    /// not be reached. Try again shortly (sockets close with `ROOM_MOVED`, requests get 503).
    Busy,
}

/// The running server's shared state.
pub struct App {
    /// Every room by code.
    pub rooms: DashMap<RoomCode, RoomHandle>,
    /// What rooms share: store, clock, limits, base URL.
    pub env: RoomEnv,
    /// The configuration.
    pub config: Config,
    /// Cancelled when the server stops: sockets close with 1001.
    pub shutdown: CancellationToken,
    /// One permit per open WebSocket.
    pub connections: Arc<Semaphore>,
    /// How many connections (and WebSockets among them) the server holds.
    pub capacity: Capacity,
    /// Limits per address and per room, and the count of every limit's hits.
    pub limits: Limits,
    /// Every WebSocket task, so a graceful stop can wait for their close frames.
    pub sessions: TaskTracker,
    /// In a cluster: one gate per room being taken, so concurrent requests take it once.
    acquiring: DashMap<RoomCode, Arc<tokio::sync::Mutex<()>>>,
    next_conn: AtomicU64,
}

impl App {
    /// The shared state of a server with no rooms yet: `capacity.websockets` permits for
    /// WebSockets, fresh limiters from `config`.
    pub fn new(
        env: RoomEnv,
        config: Config,
        capacity: Capacity,
        shutdown: CancellationToken,
    ) -> Self {
        App {
            rooms: DashMap::new(),
            env,
            connections: Arc::new(Semaphore::new(capacity.websockets)),
            capacity,
            limits: Limits::new(&config),
            sessions: TaskTracker::new(),
            config,
            shutdown,
            acquiring: DashMap::new(),
            next_conn: AtomicU64::new(1),
        }
    }

    /// A room's handle by code.
    pub fn room(&self, code: &RoomCode) -> Option<RoomHandle> {
        self.rooms.get(code).map(|r| r.value().clone())
    }

    /// Finds a room for a request that names it. The embedded store holds every room from the
    /// start; in a cluster a room this node does not hold is taken from the database (its
    /// lease; waiting up to a lease time and [`ACQUIRE_GRACE`] for another node to let go)
    /// and its actor started from its snapshot and the records after it.
    pub async fn lookup(&self, code: &RoomCode) -> Lookup {
        let shared = self.env.store.is_shared();
        if let Some(handle) = self.room(code)
            && (!shared || !handle.is_closed())
        {
            return Lookup::Here(handle);
        }
        if !shared {
            return Lookup::NotFound;
        }
        let gate = self.acquiring.entry(code.clone()).or_default().clone();
        let found = {
            let _turn = gate.lock().await;
            self.take_room(code).await
        };
        // Forgotten once nobody else waits at it (a waiter holds a clone).
        self.acquiring.remove_if(code, |_, g| {
            Arc::ptr_eq(g, &gate) && Arc::strong_count(g) <= 2
        });
        found
    }

    /// In a cluster: takes the room's lease and starts its actor (see [`App::lookup`]).
    async fn take_room(&self, code: &RoomCode) -> Lookup {
        if let Some(handle) = self.room(code) {
            if !handle.is_closed() {
                return Lookup::Here(handle);
            }
            self.rooms.remove_if(code, |_, h| h.is_closed());
        }
        let store = &self.env.store;
        let until = tokio::time::Instant::now() + store.lease_ttl() + ACQUIRE_GRACE;
        loop {
            match store.acquire(code).await {
                Ok(Acquired::Room(stored, log)) => {
                    let state = room::restore(stored).and_then(|state| {
                        anyhow::ensure!(
                            state.seq() == log.durable_seq(),
                            "the log ends at {} but the lease's head is {}",
                            state.seq(),
                            log.durable_seq()
                        );
                        Ok(state)
                    });
                    let state = match state {
                        Ok(state) => state,
                        Err(error) => {
                            tracing::error!(room = %code, "cannot restore the room: {error:#}");
                            let _ = store.release(code, &log).await;
                            return Lookup::Busy;
                        }
                    };
                    tracing::info!(room = %code, epoch = log.epoch(), seq = state.seq(), "took the room");
                    let handle = room::spawn(state, self.env.clone(), log);
                    self.rooms.insert(code.clone(), handle.clone());
                    return Lookup::Here(handle);
                }
                Ok(Acquired::NotFound) => return Lookup::NotFound,
                Ok(Acquired::Held { owner }) => {
                    if tokio::time::Instant::now() >= until {
                        tracing::warn!(room = %code, owner, "another node keeps the room");
                        return Lookup::Busy;
                    }
                    tokio::time::sleep(ACQUIRE_RETRY).await;
                }
                Err(error) => {
                    tracing::error!(room = %code, "cannot take the room: {error:#}");
                    return Lookup::Busy;
                }
            }
        }
    }

    /// A fresh connection id.
    pub fn next_conn_id(&self) -> u64 {
        self.next_conn.fetch_add(1, Ordering::Relaxed)
    }

    /// Creates a room: stored durably (the store refuses a code that is taken, so codes are
    /// unique across a cluster), then its actor started; in a cluster the node the proxy
    /// routes the room to takes it on first use instead. Returns its code and host key.
    pub async fn create_room(&self, title: String) -> anyhow::Result<(RoomCode, String)> {
        for _ in 0..CODE_TRIES {
            let meta = {
                let mut rng = rand::rng();
                let code = loop {
                    let code: String = (0..ROOM_CODE_LEN)
                        .map(|_| {
                            ROOM_CODE_ALPHABET[rng.random_range(0..ROOM_CODE_ALPHABET.len())]
                                as char
                        })
                        .collect();
                    let code = RoomCode(code);
                    if !self.rooms.contains_key(&code) {
                        break code;
                    }
                };
                RoomMeta {
                    code,
                    title: title.clone(),
                    host_key: format!("{:032x}", rng.random::<u128>()),
                    seed: rng.random(),
                    created_at: self.env.clock.now_ms(),
                    keeps_times: true,
                }
            };
            let code = meta.code.clone();
            let host_key = meta.host_key.clone();
            let stored = self
                .env
                .store
                .create(meta.clone())
                .await
                .context("cannot store the new room")?;
            if !stored {
                continue;
            }
            if !self.env.store.is_shared() {
                let handle =
                    room::spawn(RoomState::new(meta), self.env.clone(), Durability::new(0));
                self.rooms.insert(code.clone(), handle);
            }
            return Ok((code, host_key));
        }
        anyhow::bail!("no free room code found in {CODE_TRIES} tries")
    }

    /// Deletes a room and everything in it; its sockets close with 4004.
    pub async fn delete_room(&self, code: &RoomCode) -> anyhow::Result<()> {
        if let Some((_, handle)) = self.rooms.remove(code) {
            handle
                .send(room::Command::Stop {
                    code: kring_protocol::close::ROOM_NOT_FOUND,
                })
                .await;
        }
        self.env.store.delete(code).await
    }

    /// Deletes rooms unused for longer than the retention period.
    pub async fn expire_rooms(&self) -> anyhow::Result<usize> {
        let cutoff = self
            .env
            .clock
            .now_ms()
            .saturating_sub(self.config.retention().as_millis() as u64);
        let expired = self.env.store.expire(cutoff).await?;
        for code in &expired {
            if let Some((_, handle)) = self.rooms.remove(code) {
                handle
                    .send(room::Command::Stop {
                        code: kring_protocol::close::ROOM_NOT_FOUND,
                    })
                    .await;
            }
        }
        if !expired.is_empty() {
            tracing::info!(
                rooms = expired.len(),
                "deleted rooms past the retention period"
            );
        }
        Ok(expired.len())
    }
}
