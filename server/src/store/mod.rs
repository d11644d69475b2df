//! The durable event log of every room, behind one trait ([`LogStore`]) at the level of a
//! room's log: create a room, acquire it (its snapshot and the records after it), append
//! records (committed in batches: group commit), snapshot, release, delete.
//!
//! Two implementations:
//! - [`sqlite`]: the embedded default. One writer thread, one SQLite file (WAL,
//!   `synchronous=FULL`); a single server owns every room, so acquiring always succeeds.
//! - [`postgres`]: cluster mode (`--database-url`). Every node shares one PostgreSQL database;
//!   a lease row per room (owner, epoch, head sequence, expiry) makes exactly one node the
//!   room's writer, and every append checks the epoch and the expected head in the same
//!   statement, so a node that lost its lease can never commit.
//!
//! Rooms hold a [`Durability`]: how far their log is durable (acknowledgements wait for it)
//! and, in a cluster, whether the room must leave this node ([`Lost`]). [`Store`] is the one
//! the server runs with: either implementation, chosen at start.

pub mod postgres;
pub mod sqlite;

use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

use kring_protocol::RoomCode;
use tokio::sync::Notify;

use crate::meta::RoomMeta;

pub use postgres::PgStore;
pub use sqlite::{
    CHECKPOINT_AT_WAL_PAGES, CHECKPOINT_IN_PAUSE_FROM_WAL_PAGES, CHECKPOINT_WHEN_IDLE_FOR,
    SqliteStore,
};

/// Why a room must leave this node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lost {
    /// Another node took the room's lease (this one was paused or cut off past its expiry):
    /// nothing more of it can be committed here. The room stops at once.
    Fenced,
    /// Another node asks for the room (the proxy routes it there now): the room lets what it
    /// appended become durable, stops and releases its lease.
    HandOff,
}

/// How far one room's log is durable (the writer advances it after each commit), the lease
/// epoch it writes under, and whether it must leave this node.
#[derive(Debug, Default)]
pub struct Durability {
    durable: AtomicU64,
    notify: Notify,
    epoch: u64,
    /// 0: held; 1: fenced; 2: hand-off asked.
    lost: AtomicU8,
}

impl Durability {
    /// A room whose log is durable up to `seq` (an embedded store: no lease).
    pub fn new(seq: u64) -> Arc<Self> {
        Self::leased(seq, 0)
    }

    /// A room durable up to `seq`, held under the lease `epoch`.
    pub fn leased(seq: u64, epoch: u64) -> Arc<Self> {
        Arc::new(Durability {
            durable: AtomicU64::new(seq),
            notify: Notify::new(),
            epoch,
            lost: AtomicU8::new(0),
        })
    }

    /// The highest sequence number that is on disk.
    pub fn durable_seq(&self) -> u64 {
        self.durable.load(Ordering::Acquire)
    }

    /// The lease epoch the room's records are written under (0 without leases).
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Whether the room must leave this node, and why.
    pub fn lost(&self) -> Option<Lost> {
        match self.lost.load(Ordering::Acquire) {
            1 => Some(Lost::Fenced),
            2 => Some(Lost::HandOff),
            _ => None,
        }
    }

    /// Waits until the durable sequence number may have advanced (or the room was lost).
    pub async fn changed(&self) {
        self.notify.notified().await;
    }

    pub(crate) fn advance(&self, seq: u64) {
        self.durable.fetch_max(seq, Ordering::AcqRel);
        self.notify.notify_one();
    }

    /// The lease is gone: nothing more is committed for this room.
    pub(crate) fn fence(&self) {
        self.lost.store(1, Ordering::Release);
        self.notify.notify_one();
    }

    /// Another node asks for the room; a fence wins over it.
    pub(crate) fn ask_hand_off(&self) {
        let _ = self
            .lost
            .compare_exchange(0, 2, Ordering::AcqRel, Ordering::Acquire);
        self.notify.notify_one();
    }
}

/// A room as stored: what it was created with, its latest snapshot and the records after it.
#[derive(Debug)]
pub struct StoredRoom {
    /// What it was created with.
    pub meta: RoomMeta,
    /// The latest snapshot: sequence number and state JSON.
    pub snapshot: Option<(u64, String)>,
    /// Records after the snapshot, in order: sequence number and record JSON.
    pub events: Vec<(u64, String)>,
}

/// What [`LogStore::acquire`] found.
#[derive(Debug)]
pub enum Acquired {
    /// This node holds the room now: its log, and the handle its records are written under.
    Room(StoredRoom, Arc<Durability>),
    /// Another node holds the room's lease and it has not expired; that node was asked to
    /// hand the room over. Try again shortly.
    Held {
        /// The node holding it.
        owner: String,
    },
    /// No room with this code is stored.
    NotFound,
}

/// A room's event log as one server (node) uses it. Appends and snapshots are queued without
/// waiting and committed in batches (group commit); a room learns through its [`Durability`]
/// how far its log is durable, and only then acknowledges. Every implementation passes the
/// conformance suite in `server/tests/store.rs`.
pub trait LogStore: Clone + Send + Sync + 'static {
    /// Stores a new room durably; `false` when its code is taken (nothing changed).
    fn create(&self, meta: RoomMeta) -> impl Future<Output = anyhow::Result<bool>> + Send;

    /// Takes the room for this node and reads its log: the latest snapshot and every record
    /// after it, up to the last committed one.
    fn acquire(&self, code: &RoomCode) -> impl Future<Output = anyhow::Result<Acquired>> + Send;

    /// Queues record `seq` of a room held through `log`; records of a room must come in order
    /// with no gap. `log` advances once it is durable, or is fenced when it cannot be.
    fn append(&self, code: &RoomCode, seq: u64, record: String, log: &Arc<Durability>);

    /// Queues a snapshot of a room's state after record `seq`; the records it covers go.
    fn snapshot(&self, code: &RoomCode, seq: u64, state: String);

    /// Reads a room as stored after everything queued before is committed (a room restores
    /// itself with it after a panic); `None` when it is not stored.
    fn load(
        &self,
        code: &RoomCode,
    ) -> impl Future<Output = anyhow::Result<Option<StoredRoom>>> + Send;

    /// Gives up this node's hold on a room after everything queued for it is committed, so
    /// another node may take it at once.
    fn release(
        &self,
        code: &RoomCode,
        log: &Arc<Durability>,
    ) -> impl Future<Output = anyhow::Result<()>> + Send;

    /// Deletes a room and everything in it.
    fn delete(&self, code: &RoomCode) -> impl Future<Output = anyhow::Result<()>> + Send;

    /// Deletes every room not used since `unused_since` (ms since the epoch); returns them.
    fn expire(
        &self,
        unused_since: u64,
    ) -> impl Future<Output = anyhow::Result<Vec<RoomCode>>> + Send;

    /// Waits until everything queued before is committed (or refused).
    fn flush(&self) -> impl Future<Output = ()> + Send;
}

/// The store the server runs with: embedded SQLite (the default) or a shared PostgreSQL
/// database (a cluster). Cheap to clone.
#[derive(Clone)]
pub enum Store {
    /// One server, one SQLite file.
    Sqlite(SqliteStore),
    /// A node of a cluster.
    Postgres(PgStore),
}

/// What must happen when the server stops: the SQLite writer thread is joined.
pub enum Writer {
    /// The SQLite writer thread.
    Sqlite(sqlite::Writer),
    /// Nothing to join (the PostgreSQL writers end with the store).
    Postgres,
}

impl Writer {
    /// Commits everything sent before, stops the writer and waits for it (blocking).
    pub fn close(self) {
        if let Writer::Sqlite(writer) = self {
            writer.close();
        }
    }
}

impl Store {
    /// Opens (or creates) the SQLite database in `dir` and reads every room in it.
    pub fn open(dir: &Path) -> anyhow::Result<(Store, Writer, Vec<StoredRoom>)> {
        let (store, writer, rooms) = SqliteStore::open(dir)?;
        Ok((Store::Sqlite(store), Writer::Sqlite(writer), rooms))
    }

    /// Whether rooms are shared with other nodes (taken on first use, under a lease).
    pub fn is_shared(&self) -> bool {
        matches!(self, Store::Postgres(_))
    }

    /// How long a lease lasts without renewal (zero for the embedded store).
    pub fn lease_ttl(&self) -> std::time::Duration {
        match self {
            Store::Sqlite(_) => std::time::Duration::ZERO,
            Store::Postgres(pg) => pg.lease_ttl(),
        }
    }

    /// Pages in SQLite's write-ahead log not yet copied into the database file (0 for
    /// PostgreSQL); for tests and monitoring.
    pub fn wal_pages(&self) -> u64 {
        match self {
            Store::Sqlite(s) => s.wal_pages(),
            Store::Postgres(_) => 0,
        }
    }

    /// Releases every room this node holds (a graceful stop, after the last flush).
    pub async fn release_all(&self) {
        if let Store::Postgres(pg) = self {
            pg.release_all().await;
        }
    }
}

impl Store {
    /// See [`LogStore::create`].
    pub async fn create(&self, meta: RoomMeta) -> anyhow::Result<bool> {
        match self {
            Store::Sqlite(s) => s.create(meta).await,
            Store::Postgres(p) => p.create(meta).await,
        }
    }

    /// See [`LogStore::acquire`].
    pub async fn acquire(&self, code: &RoomCode) -> anyhow::Result<Acquired> {
        match self {
            Store::Sqlite(s) => s.acquire(code).await,
            Store::Postgres(p) => p.acquire(code).await,
        }
    }

    /// See [`LogStore::append`].
    pub fn append(&self, code: &RoomCode, seq: u64, record: String, log: &Arc<Durability>) {
        match self {
            Store::Sqlite(s) => s.append(code, seq, record, log),
            Store::Postgres(p) => p.append(code, seq, record, log),
        }
    }

    /// See [`LogStore::snapshot`].
    pub fn snapshot(&self, code: &RoomCode, seq: u64, state: String) {
        match self {
            Store::Sqlite(s) => s.snapshot(code, seq, state),
            Store::Postgres(p) => p.snapshot(code, seq, state),
        }
    }

    /// See [`LogStore::load`].
    pub async fn load(&self, code: &RoomCode) -> anyhow::Result<Option<StoredRoom>> {
        match self {
            Store::Sqlite(s) => s.load(code).await,
            Store::Postgres(p) => p.load(code).await,
        }
    }

    /// See [`LogStore::release`].
    pub async fn release(&self, code: &RoomCode, log: &Arc<Durability>) -> anyhow::Result<()> {
        match self {
            Store::Sqlite(s) => s.release(code, log).await,
            Store::Postgres(p) => p.release(code, log).await,
        }
    }

    /// See [`LogStore::delete`].
    pub async fn delete(&self, code: &RoomCode) -> anyhow::Result<()> {
        match self {
            Store::Sqlite(s) => s.delete(code).await,
            Store::Postgres(p) => p.delete(code).await,
        }
    }

    /// See [`LogStore::expire`].
    pub async fn expire(&self, unused_since: u64) -> anyhow::Result<Vec<RoomCode>> {
        match self {
            Store::Sqlite(s) => s.expire(unused_since).await,
            Store::Postgres(p) => p.expire(unused_since).await,
        }
    }

    /// See [`LogStore::flush`].
    pub async fn flush(&self) {
        match self {
            Store::Sqlite(s) => s.flush().await,
            Store::Postgres(p) => p.flush().await,
        }
    }
}

impl LogStore for Store {
    async fn create(&self, meta: RoomMeta) -> anyhow::Result<bool> {
        Store::create(self, meta).await
    }

    async fn acquire(&self, code: &RoomCode) -> anyhow::Result<Acquired> {
        Store::acquire(self, code).await
    }

    fn append(&self, code: &RoomCode, seq: u64, record: String, log: &Arc<Durability>) {
        Store::append(self, code, seq, record, log)
    }

    fn snapshot(&self, code: &RoomCode, seq: u64, state: String) {
        Store::snapshot(self, code, seq, state)
    }

    async fn load(&self, code: &RoomCode) -> anyhow::Result<Option<StoredRoom>> {
        Store::load(self, code).await
    }

    async fn release(&self, code: &RoomCode, log: &Arc<Durability>) -> anyhow::Result<()> {
        Store::release(self, code, log).await
    }

    async fn delete(&self, code: &RoomCode) -> anyhow::Result<()> {
        Store::delete(self, code).await
    }

    async fn expire(&self, unused_since: u64) -> anyhow::Result<Vec<RoomCode>> {
        Store::expire(self, unused_since).await
    }

    async fn flush(&self) {
        Store::flush(self).await
    }
}
