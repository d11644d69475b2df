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
use crate::store::Durability;

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
            next_conn: AtomicU64::new(1),
        }
    }

    /// A room's handle by code.
    pub fn room(&self, code: &RoomCode) -> Option<RoomHandle> {
        self.rooms.get(code).map(|r| r.value().clone())
    }

    /// A fresh connection id.
    pub fn next_conn_id(&self) -> u64 {
        self.next_conn.fetch_add(1, Ordering::Relaxed)
    }

    /// Creates a room: stored durably, then its actor started. Returns its code and host key.
    pub async fn create_room(&self, title: String) -> anyhow::Result<(RoomCode, String)> {
        let meta = {
            let mut rng = rand::rng();
            let code = loop {
                let code: String = (0..ROOM_CODE_LEN)
                    .map(|_| {
                        ROOM_CODE_ALPHABET[rng.random_range(0..ROOM_CODE_ALPHABET.len())] as char
                    })
                    .collect();
                let code = RoomCode(code);
                if !self.rooms.contains_key(&code) {
                    break code;
                }
            };
            RoomMeta {
                code,
                title,
                host_key: format!("{:032x}", rng.random::<u128>()),
                seed: rng.random(),
                created_at: self.env.clock.now_ms(),
                keeps_times: true,
            }
        };
        let code = meta.code.clone();
        let host_key = meta.host_key.clone();
        self.env
            .store
            .create(meta.clone())
            .await
            .context("cannot store the new room")?;
        let handle = room::spawn(RoomState::new(meta), self.env.clone(), Durability::new(0));
        self.rooms.insert(code.clone(), handle);
        Ok((code, host_key))
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
