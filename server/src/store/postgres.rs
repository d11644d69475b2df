//! Cluster mode: every node's rooms in one shared PostgreSQL database (`--database-url`).
//!
//! Tables (created at start under an advisory lock, so nodes starting together do not race):
//! `kring_rooms(code, meta, created_at, last_used_at)`, `kring_events(room, seq, record)`,
//! `kring_snapshots(room, seq, state)` and `kring_leases(room, owner, epoch, head_seq,
//! expires_at, wanted_by)`, one lease row per room, made with it.
//!
//! **Exactly one writer per room, decided by the database.** A node takes a room
//! ([`PgStore::acquire`]) when its lease is free, expired or its own: the epoch goes up by
//! one and the node is the owner. Every append is one statement that moves the lease's
//! `head_seq` on *only if* the owner, the epoch and the expected head are still this node's
//! (`UPDATE … WHERE owner = $me AND epoch = $mine AND head_seq = $h`), and inserts the records
//! only through that update; so a node that lost its lease (paused or cut off past its expiry,
//! and another node took the room) commits nothing, and its room is told it is fenced
//! ([`Lost::Fenced`]). Snapshots are written under the same check. Lease times are the
//! database's clock (`now()`), never a node's.
//!
//! The owner is the node id plus a random incarnation, so a node restarted after `kill -9`
//! never renews its predecessor's leases: they expire and any node may take those rooms.
//! A renewal task extends this incarnation's leases every quarter of the lease time and hands
//! a room over ([`Lost::HandOff`]) when another node asked for it (`wanted_by`: the proxy now
//! routes the room there, after a node came back). A room whose lease two renewals in a row
//! did not find this node's is fenced too (an idle room on a node back from a pause).
//!
//! Writes go through a small fixed set of writer tasks, each with its own connection (a room
//! always to the same one, so its records stay in order); each writer commits everything
//! queued as one transaction (group commit) with `synchronous_commit = on`, and a room's
//! [`Durability`] advances only after the COMMIT. Reads, leases and room creation use one
//! shared control connection (tokio-postgres pipelines concurrent queries on it). A batch that
//! cannot be committed is retried three times; then the node stops, as the embedded store
//! does, rather than acknowledge later records past lost ones. Connections are plain TCP or a
//! Unix socket (no TLS): the database belongs on the cluster's private network.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Weak};
use std::time::Duration;

use anyhow::Context;
use dashmap::DashMap;
use futures_util::future::try_join_all;
use kring_protocol::RoomCode;
use tokio::sync::{Mutex, mpsc, oneshot};
use tokio_postgres::{Client, NoTls, Statement};
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use super::{Acquired, Durability, LogStore, Lost, StoredRoom};
use crate::meta::RoomMeta;

/// Writer tasks (and so connections that write); rooms are spread over them by code.
pub const WRITERS: usize = 4;
/// Most jobs one writer commits in one transaction.
const MAX_BATCH: usize = 4096;
/// Pauses before retrying a batch that failed to commit; after the last, the node stops.
const RETRY_AFTER: [Duration; 3] = [
    Duration::from_millis(100),
    Duration::from_secs(1),
    Duration::from_secs(5),
];

/// The tables, made once per database (idempotent; under an advisory lock).
const SCHEMA: &str = "
BEGIN;
SELECT pg_advisory_xact_lock(7411002800);
CREATE TABLE IF NOT EXISTS kring_rooms (
    code TEXT PRIMARY KEY, meta TEXT NOT NULL,
    created_at BIGINT NOT NULL, last_used_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS kring_leases (
    room TEXT PRIMARY KEY, owner TEXT, epoch BIGINT NOT NULL DEFAULT 0,
    head_seq BIGINT NOT NULL DEFAULT 0,
    expires_at TIMESTAMPTZ NOT NULL DEFAULT '-infinity', wanted_by TEXT);
CREATE INDEX IF NOT EXISTS kring_leases_owner ON kring_leases (owner);
CREATE TABLE IF NOT EXISTS kring_events (
    room TEXT NOT NULL, seq BIGINT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (room, seq));
CREATE TABLE IF NOT EXISTS kring_snapshots (
    room TEXT PRIMARY KEY, seq BIGINT NOT NULL, state TEXT NOT NULL);
COMMIT;";

/// Appends a room's records: through the lease check only (0 rows when fenced).
/// $1 room, $2 owner, $3 epoch, $4 expected head, $5 new head, $6 lease ms, $7 seqs, $8 records.
const APPEND: &str = "
WITH lease AS (
    UPDATE kring_leases
       SET head_seq = $5, expires_at = now() + $6::float8 * interval '1 millisecond'
     WHERE room = $1 AND owner = $2 AND epoch = $3 AND head_seq = $4
    RETURNING room)
INSERT INTO kring_events (room, seq, record)
SELECT lease.room, t.seq, t.record FROM lease, unnest($7::bigint[], $8::text[]) AS t(seq, record)";

/// Stores a snapshot (and drops the records it covers) only under the lease, and only of
/// records that are committed. $1 room, $2 owner, $3 epoch, $4 seq, $5 state.
const SNAPSHOT: &str = "
WITH ok AS (
    SELECT room FROM kring_leases
     WHERE room = $1 AND owner = $2 AND epoch = $3 AND head_seq >= $4),
saved AS (
    INSERT INTO kring_snapshots (room, seq, state) SELECT room, $4, $5 FROM ok
    ON CONFLICT (room) DO UPDATE SET seq = excluded.seq, state = excluded.state
    RETURNING room)
DELETE FROM kring_events WHERE room IN (SELECT room FROM saved) AND seq <= $4";

/// Marks rooms used. $1 ms since the epoch, $2 codes.
const TOUCH: &str = "UPDATE kring_rooms SET last_used_at = $1 WHERE code = ANY($2::text[])";

/// Takes a lease that is free, expired or this incarnation's. $1 room, $2 owner, $3 lease ms.
const ACQUIRE: &str = "
UPDATE kring_leases
   SET owner = $2, epoch = epoch + 1, wanted_by = NULL,
       expires_at = now() + $3::float8 * interval '1 millisecond'
 WHERE room = $1 AND (owner IS NULL OR owner = $2 OR expires_at < now())
RETURNING epoch, head_seq";

/// Extends every lease of this incarnation. $1 owner, $2 lease ms.
const RENEW: &str = "
UPDATE kring_leases SET expires_at = now() + $2::float8 * interval '1 millisecond'
 WHERE owner = $1
RETURNING room, epoch, wanted_by";

/// How a node reaches the database and holds its rooms.
#[derive(Debug, Clone)]
pub struct PgConfig {
    /// `postgres://user@host:port/db` or `host=/tmp port=5432 user=kring dbname=kring`.
    pub url: String,
    /// This node's name (`--node-id`); shown as a lease's owner.
    pub node_id: String,
    /// How long a lease lasts without renewal: a dead node's rooms move after this.
    pub lease_ttl: Duration,
}

/// A node's handle on the shared database; cheap to clone.
#[derive(Clone)]
pub struct PgStore {
    inner: Arc<Inner>,
}

struct Inner {
    /// This process as a lease owner: node id and a random incarnation.
    owner: String,
    ttl: Duration,
    control: Link,
    writers: Vec<mpsc::UnboundedSender<Job>>,
    /// The rooms this incarnation holds, with the handle their records are written under.
    held: DashMap<RoomCode, Arc<Durability>>,
    /// Cancelled to stop renewing leases (a graceful stop, or a test playing a paused node).
    renewing: CancellationToken,
}

enum Job {
    Append {
        code: RoomCode,
        seq: u64,
        record: String,
        log: Arc<Durability>,
    },
    Snapshot {
        code: RoomCode,
        seq: u64,
        state: String,
        log: Arc<Durability>,
    },
    Flush {
        reply: oneshot::Sender<()>,
    },
}

/// A connection that is opened again when it broke.
struct Link {
    url: String,
    client: Mutex<Option<Arc<Client>>>,
}

impl Link {
    async fn get(&self) -> anyhow::Result<Arc<Client>> {
        let mut slot = self.client.lock().await;
        if let Some(client) = slot.as_ref().filter(|c| !c.is_closed()) {
            return Ok(client.clone());
        }
        let client = Arc::new(connect(&self.url).await?);
        *slot = Some(client.clone());
        Ok(client)
    }
}

/// Opens a connection with `synchronous_commit = on` (a COMMIT returns once it is on disk).
async fn connect(url: &str) -> anyhow::Result<Client> {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .context("cannot connect to the PostgreSQL database")?;
    tokio::spawn(async move {
        if let Err(error) = connection.await {
            tracing::warn!(%error, "a PostgreSQL connection ended");
        }
    });
    client
        .batch_execute("SET synchronous_commit = on")
        .await
        .context("cannot set synchronous_commit")?;
    Ok(client)
}

fn lease_ms(ttl: Duration) -> f64 {
    ttl.as_secs_f64() * 1000.0
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Which writer a room's records go to (always the same one).
fn writer_of(code: &RoomCode, writers: usize) -> usize {
    // FNV-1a: stable across runs and nodes.
    let hash = code
        .as_str()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    (hash % writers as u64) as usize
}

impl PgStore {
    /// Connects, makes the tables when missing and starts the writers and the lease renewal.
    /// Rooms are not read here: a node takes each room when it is first used.
    pub async fn open(config: PgConfig) -> anyhow::Result<PgStore> {
        let control = connect(&config.url).await?;
        control
            .batch_execute(SCHEMA)
            .await
            .context("cannot create Kring's tables in the PostgreSQL database")?;
        let incarnation: u32 = rand::random();
        let owner = format!("{}/{incarnation:08x}", config.node_id);
        let mut writers = Vec::with_capacity(WRITERS);
        let mut queues = Vec::with_capacity(WRITERS);
        for _ in 0..WRITERS {
            let (tx, rx) = mpsc::unbounded_channel();
            writers.push(tx);
            queues.push(rx);
        }
        let inner = Arc::new(Inner {
            owner,
            ttl: config.lease_ttl,
            control: Link {
                url: config.url.clone(),
                client: Mutex::new(Some(Arc::new(control))),
            },
            writers,
            held: DashMap::new(),
            renewing: CancellationToken::new(),
        });
        for (i, rx) in queues.into_iter().enumerate() {
            let writer = Writer {
                url: config.url.clone(),
                owner: inner.owner.clone(),
                ttl: config.lease_ttl,
                link: None,
                store: Arc::downgrade(&inner),
            };
            let span = tracing::info_span!("pg-writer", writer = i);
            tokio::spawn(writer.run(rx).instrument(span));
        }
        tokio::spawn(renew_loop(Arc::downgrade(&inner), inner.renewing.clone()));
        Ok(PgStore { inner })
    }

    /// This incarnation as a lease owner (`node-id/random`).
    pub fn owner(&self) -> &str {
        &self.inner.owner
    }

    /// How long a lease lasts without renewal.
    pub fn lease_ttl(&self) -> Duration {
        self.inner.ttl
    }

    /// Stops renewing this node's leases, as a node that is paused or cut off would: its
    /// rooms can be taken once their leases expire. For the fencing tests.
    pub fn stop_renewing(&self) {
        self.inner.renewing.cancel();
    }

    /// See [`LogStore::create`]: the database decides whether the code is free, so codes are
    /// unique across the cluster.
    pub async fn create(&self, meta: RoomMeta) -> anyhow::Result<bool> {
        let json = serde_json::to_string(&meta)?;
        let client = self.inner.control.get().await?;
        let now = now_ms();
        let rows = client
            .execute(
                "WITH r AS (
                    INSERT INTO kring_rooms (code, meta, created_at, last_used_at)
                    VALUES ($1, $2, $3, $3) ON CONFLICT (code) DO NOTHING RETURNING code)
                 INSERT INTO kring_leases (room) SELECT code FROM r",
                &[&meta.code.as_str(), &json, &now],
            )
            .await
            .context("cannot store the new room")?;
        Ok(rows == 1)
    }

    /// See [`LogStore::acquire`]: takes the lease when it is free, expired or this node's
    /// (the epoch goes up), then reads the log up to its committed head. When another node
    /// holds it, asks that node to hand it over and answers [`Acquired::Held`].
    pub async fn acquire(&self, code: &RoomCode) -> anyhow::Result<Acquired> {
        let client = self.inner.control.get().await?;
        let ttl = lease_ms(self.inner.ttl);
        let taken = client
            .query_opt(ACQUIRE, &[&code.as_str(), &self.inner.owner, &ttl])
            .await
            .context("cannot take the room's lease")?;
        let Some(row) = taken else {
            let owner: Option<Option<String>> = client
                .query_opt(
                    "UPDATE kring_leases SET wanted_by = $2
                      WHERE room = $1 AND owner IS DISTINCT FROM $2 RETURNING owner",
                    &[&code.as_str(), &self.inner.owner],
                )
                .await
                .context("cannot ask for the room's lease")?
                .map(|row| row.get(0));
            return Ok(match owner {
                Some(owner) => Acquired::Held {
                    owner: owner.unwrap_or_default(),
                },
                None => Acquired::NotFound,
            });
        };
        let epoch: i64 = row.get(0);
        let head: i64 = row.get(1);
        let room = read_room(&client, code, Some(head as u64))
            .await?
            .with_context(|| format!("room {code} has a lease but no room row"))?;
        let log = Durability::leased(head as u64, epoch as u64);
        self.inner.held.insert(code.clone(), log.clone());
        Ok(Acquired::Room(room, log))
    }

    /// See [`LogStore::append`].
    pub fn append(&self, code: &RoomCode, seq: u64, record: String, log: &Arc<Durability>) {
        let job = Job::Append {
            code: code.clone(),
            seq,
            record,
            log: log.clone(),
        };
        if self.inner.writers[writer_of(code, WRITERS)]
            .send(job)
            .is_err()
        {
            tracing::error!(room = %code, seq, "the database writer stopped; record not stored");
        }
    }

    /// See [`LogStore::snapshot`]: written under the room's lease, and only of committed
    /// records; dropped when this node does not hold the room.
    pub fn snapshot(&self, code: &RoomCode, seq: u64, state: String) {
        let Some(log) = self.inner.held.get(code).map(|l| l.value().clone()) else {
            tracing::warn!(room = %code, seq, "snapshot of a room this node does not hold; dropped");
            return;
        };
        let job = Job::Snapshot {
            code: code.clone(),
            seq,
            state,
            log,
        };
        let _ = self.inner.writers[writer_of(code, WRITERS)].send(job);
    }

    /// See [`LogStore::load`].
    pub async fn load(&self, code: &RoomCode) -> anyhow::Result<Option<StoredRoom>> {
        self.flush_writer(writer_of(code, WRITERS)).await;
        let client = self.inner.control.get().await?;
        read_room(&client, code, None).await
    }

    /// See [`LogStore::release`]: after the room's queued records are committed, the lease is
    /// free for any node at once.
    pub async fn release(&self, code: &RoomCode, log: &Arc<Durability>) -> anyhow::Result<()> {
        self.flush_writer(writer_of(code, WRITERS)).await;
        self.inner
            .held
            .remove_if(code, |_, held| Arc::ptr_eq(held, log));
        let client = self.inner.control.get().await?;
        client
            .execute(
                "UPDATE kring_leases SET owner = NULL, wanted_by = NULL, expires_at = now()
                  WHERE room = $1 AND owner = $2 AND epoch = $3",
                &[&code.as_str(), &self.inner.owner, &(log.epoch() as i64)],
            )
            .await
            .context("cannot release the room's lease")?;
        Ok(())
    }

    /// Releases every room of this node (a graceful stop, after the last records are
    /// committed) and stops renewing.
    pub async fn release_all(&self) {
        self.flush().await;
        self.inner.renewing.cancel();
        self.inner.held.clear();
        let released = match self.inner.control.get().await {
            Ok(client) => client
                .execute(
                    "UPDATE kring_leases SET owner = NULL, wanted_by = NULL, expires_at = now()
                      WHERE owner = $1",
                    &[&self.inner.owner],
                )
                .await
                .map_err(anyhow::Error::from),
            Err(error) => Err(error),
        };
        match released {
            Ok(rooms) => tracing::info!(rooms, "released this node's rooms"),
            Err(error) => {
                tracing::warn!("cannot release this node's rooms (they expire instead): {error:#}")
            }
        }
    }

    /// See [`LogStore::delete`].
    pub async fn delete(&self, code: &RoomCode) -> anyhow::Result<()> {
        self.flush_writer(writer_of(code, WRITERS)).await;
        self.inner.held.remove(code);
        let client = self.inner.control.get().await?;
        client
            .execute(
                "WITH r AS (DELETE FROM kring_rooms WHERE code = $1),
                      l AS (DELETE FROM kring_leases WHERE room = $1),
                      s AS (DELETE FROM kring_snapshots WHERE room = $1)
                 DELETE FROM kring_events WHERE room = $1",
                &[&code.as_str()],
            )
            .await
            .context("cannot delete the room")?;
        Ok(())
    }

    /// See [`LogStore::expire`].
    pub async fn expire(&self, unused_since: u64) -> anyhow::Result<Vec<RoomCode>> {
        let client = self.inner.control.get().await?;
        let rows = client
            .query(
                "WITH r AS (DELETE FROM kring_rooms WHERE last_used_at < $1 RETURNING code),
                      l AS (DELETE FROM kring_leases WHERE room IN (SELECT code FROM r)),
                      s AS (DELETE FROM kring_snapshots WHERE room IN (SELECT code FROM r)),
                      e AS (DELETE FROM kring_events WHERE room IN (SELECT code FROM r))
                 SELECT code FROM r",
                &[&(unused_since as i64)],
            )
            .await
            .context("cannot delete expired rooms")?;
        let codes: Vec<RoomCode> = rows.iter().map(|r| RoomCode(r.get(0))).collect();
        for code in &codes {
            self.inner.held.remove(code);
        }
        Ok(codes)
    }

    /// See [`LogStore::flush`].
    pub async fn flush(&self) {
        for i in 0..WRITERS {
            self.flush_writer(i).await;
        }
    }

    async fn flush_writer(&self, i: usize) {
        let (reply, done) = oneshot::channel();
        if self.inner.writers[i].send(Job::Flush { reply }).is_ok() {
            let _ = done.await;
        }
    }
}

/// Reads a room: its metadata, latest snapshot and the records after it (up to `head` when
/// given). `None` when it is not stored.
async fn read_room(
    client: &Client,
    code: &RoomCode,
    head: Option<u64>,
) -> anyhow::Result<Option<StoredRoom>> {
    let Some(meta) = client
        .query_opt(
            "SELECT meta FROM kring_rooms WHERE code = $1",
            &[&code.as_str()],
        )
        .await?
    else {
        return Ok(None);
    };
    let meta: String = meta.get(0);
    let meta: RoomMeta =
        serde_json::from_str(&meta).with_context(|| format!("room {code}: unreadable metadata"))?;
    let snapshot = client
        .query_opt(
            "SELECT seq, state FROM kring_snapshots WHERE room = $1",
            &[&code.as_str()],
        )
        .await?
        .map(|row| (row.get::<_, i64>(0) as u64, row.get::<_, String>(1)));
    let after = snapshot.as_ref().map_or(0, |(seq, _)| *seq as i64);
    let upto = head.map_or(i64::MAX, |h| h as i64);
    let events = client
        .query(
            "SELECT seq, record FROM kring_events
              WHERE room = $1 AND seq > $2 AND seq <= $3 ORDER BY seq",
            &[&code.as_str(), &after, &upto],
        )
        .await?
        .iter()
        .map(|row| (row.get::<_, i64>(0) as u64, row.get::<_, String>(1)))
        .collect();
    Ok(Some(StoredRoom {
        meta,
        snapshot,
        events,
    }))
}

/// Renews this incarnation's leases every quarter of the lease time; fences the rooms whose
/// lease another node took, and asks those another node wants to hand over.
async fn renew_loop(store: Weak<Inner>, stop: CancellationToken) {
    let every = match store.upgrade() {
        Some(inner) => (inner.ttl / 4).max(Duration::from_millis(50)),
        None => return,
    };
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // Rooms (by epoch) the last renewal did not find this node's: fenced if the next one
    // does not either. The append check is what fences a room; this only ends rooms that sit
    // idle after their lease was taken, and leaves what a node back from a pause was about to
    // append a moment to meet that check.
    let mut missed: HashSet<(RoomCode, u64)> = HashSet::new();
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = tick.tick() => {}
        }
        let Some(inner) = store.upgrade() else { return };
        // Only rooms held before the renewal are judged by its answer: a room taken while it
        // runs is not in it yet.
        let before: Vec<(RoomCode, Arc<Durability>)> = inner
            .held
            .iter()
            .map(|e| (e.key().clone(), e.value().clone()))
            .collect();
        let renewed = match inner.control.get().await {
            Ok(client) => client
                .query(RENEW, &[&inner.owner, &lease_ms(inner.ttl)])
                .await
                .map_err(anyhow::Error::from),
            Err(error) => Err(error),
        };
        let rows = match renewed {
            Ok(rows) => rows,
            Err(error) => {
                tracing::warn!("cannot renew this node's leases: {error:#}");
                continue;
            }
        };
        let now: HashMap<String, (i64, bool)> = rows
            .iter()
            .map(|row| {
                let wanted: Option<String> = row.get(2);
                (
                    row.get::<_, String>(0),
                    (row.get::<_, i64>(1), wanted.is_some()),
                )
            })
            .collect();
        let mut still = HashSet::new();
        for (code, log) in before {
            match now.get(code.as_str()) {
                Some((epoch, wanted)) if *epoch as u64 == log.epoch() => {
                    if *wanted {
                        log.ask_hand_off();
                    }
                }
                _ if log.lost() == Some(Lost::Fenced) => {}
                _ => {
                    let key = (code, log.epoch());
                    if missed.contains(&key) {
                        tracing::warn!(room = %key.0, "another node took this room's lease; closing it here");
                        inner
                            .held
                            .remove_if(&key.0, |_, held| Arc::ptr_eq(held, &log));
                        log.fence();
                    } else {
                        tracing::debug!(room = %key.0, epoch = key.1, "a renewal did not find this room's lease this node's");
                        still.insert(key);
                    }
                }
            }
        }
        missed = still;
    }
}

/// Prepared statements of one writer connection.
struct Prepared {
    append: Statement,
    snapshot: Statement,
    touch: Statement,
    lease: Statement,
}

/// One writer task: its own connection, group commit of everything queued.
struct Writer {
    url: String,
    owner: String,
    ttl: Duration,
    link: Option<(Client, Prepared)>,
    store: Weak<Inner>,
}

/// A room's part of one batch.
struct RoomBatch {
    code: RoomCode,
    log: Arc<Durability>,
    seqs: Vec<i64>,
    records: Vec<String>,
    snapshots: Vec<(i64, String)>,
}

impl Writer {
    async fn run(mut self, mut rx: mpsc::UnboundedReceiver<Job>) {
        while let Some(first) = rx.recv().await {
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
            let rooms = group(&batch);
            let mut attempt = 0;
            let outcome = loop {
                match self.write(&rooms).await {
                    Ok(outcome) => break outcome,
                    Err(error) if attempt < RETRY_AFTER.len() => {
                        tracing::error!("writing to PostgreSQL failed, retrying: {error:#}");
                        self.link = None;
                        tokio::time::sleep(RETRY_AFTER[attempt]).await;
                        attempt += 1;
                    }
                    Err(error) => {
                        eprintln!(
                            "kring: cannot write to the PostgreSQL database ({error:#}); stopping so nothing acknowledged is lost"
                        );
                        std::process::exit(1);
                    }
                }
            };
            for (room, committed) in rooms.iter().zip(outcome) {
                if committed {
                    if let Some(last) = room.seqs.last() {
                        room.log.advance(*last as u64);
                    }
                } else {
                    tracing::warn!(room = %room.code, epoch = room.log.epoch(), records = room.seqs.len(), "append refused: this node no longer holds the room's lease");
                    if let Some(store) = self.store.upgrade() {
                        store
                            .held
                            .remove_if(&room.code, |_, held| Arc::ptr_eq(held, &room.log));
                    }
                    room.log.fence();
                }
            }
            for job in batch {
                if let Job::Flush { reply } = job {
                    let _ = reply.send(());
                }
            }
        }
    }

    async fn connection(&mut self) -> anyhow::Result<&mut (Client, Prepared)> {
        if self.link.as_ref().is_none_or(|(c, _)| c.is_closed()) {
            let client = connect(&self.url).await?;
            let prepared = Prepared {
                append: client.prepare(APPEND).await?,
                snapshot: client.prepare(SNAPSHOT).await?,
                touch: client.prepare(TOUCH).await?,
                lease: client
                    .prepare("SELECT owner, epoch, head_seq FROM kring_leases WHERE room = $1")
                    .await?,
            };
            self.link = Some((client, prepared));
        }
        Ok(self.link.as_mut().expect("just connected"))
    }

    /// Writes a batch in one transaction; per room whether its records are committed (`false`:
    /// fenced, nothing of it was written).
    async fn write(&mut self, rooms: &[RoomBatch]) -> anyhow::Result<Vec<bool>> {
        if rooms.is_empty() {
            return Ok(Vec::new());
        }
        let owner = self.owner.clone();
        let ttl = lease_ms(self.ttl);
        let (client, st) = self.connection().await?;
        let tx = client.transaction().await?;
        let epochs: Vec<i64> = rooms.iter().map(|r| r.log.epoch() as i64).collect();
        let heads: Vec<(i64, i64)> = rooms
            .iter()
            .map(|r| match (r.seqs.first(), r.seqs.last()) {
                (Some(first), Some(last)) => (first - 1, *last),
                _ => (0, 0),
            })
            .collect();
        // One statement per room, pipelined on the connection.
        let appends = rooms
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.seqs.is_empty())
            .map(|(i, r)| {
                let params: [&(dyn tokio_postgres::types::ToSql + Sync); 8] = [
                    &r.code.0,
                    &owner,
                    &epochs[i],
                    &heads[i].0,
                    &heads[i].1,
                    &ttl,
                    &r.seqs,
                    &r.records,
                ];
                let tx = &tx;
                let st = &st.append;
                async move { tx.execute(st, &params).await.map(|n| (i, n)) }
            });
        let mut written = vec![true; rooms.len()];
        for (i, n) in try_join_all(appends).await? {
            written[i] = n == rooms[i].seqs.len() as u64;
        }
        // A refused append may be one this writer committed before its connection broke
        // (a retry): then the lease is still ours with the head at the batch's end.
        for (i, room) in rooms.iter().enumerate() {
            if !written[i] {
                let row = tx.query_opt(&st.lease, &[&room.code.0]).await?;
                written[i] = row.is_some_and(|row| {
                    row.get::<_, Option<String>>(0).as_deref() == Some(owner.as_str())
                        && row.get::<_, i64>(1) == epochs[i]
                        && row.get::<_, i64>(2) >= heads[i].1
                });
            }
        }
        let snapshots = rooms
            .iter()
            .enumerate()
            .filter(|(i, _)| written[*i])
            .flat_map(|(i, r)| r.snapshots.iter().map(move |s| (i, r, s)))
            .map(|(i, r, (seq, state))| {
                let params: [&(dyn tokio_postgres::types::ToSql + Sync); 5] =
                    [&r.code.0, &owner, &epochs[i], seq, state];
                let tx = &tx;
                let st = &st.snapshot;
                async move { tx.execute(st, &params).await }
            });
        try_join_all(snapshots).await?;
        let touched: Vec<&str> = rooms
            .iter()
            .enumerate()
            .filter(|(i, r)| written[*i] && !r.seqs.is_empty())
            .map(|(_, r)| r.code.as_str())
            .collect();
        if !touched.is_empty() {
            tx.execute(&st.touch, &[&now_ms(), &touched]).await?;
        }
        tx.commit().await.context("commit failed")?;
        Ok(written)
    }
}

/// A batch's appends and snapshots by room, in the order rooms first appear. A room already
/// fenced is written like any other: the database refuses it, and says so.
fn group(batch: &[Job]) -> Vec<RoomBatch> {
    let mut rooms: Vec<RoomBatch> = Vec::new();
    let mut index: HashMap<&RoomCode, usize> = HashMap::new();
    for job in batch {
        let (code, log) = match job {
            Job::Append { code, log, .. } | Job::Snapshot { code, log, .. } => (code, log),
            Job::Flush { .. } => continue,
        };
        let i = *index.entry(code).or_insert_with(|| {
            rooms.push(RoomBatch {
                code: code.clone(),
                log: log.clone(),
                seqs: Vec::new(),
                records: Vec::new(),
                snapshots: Vec::new(),
            });
            rooms.len() - 1
        });
        let room = &mut rooms[i];
        if !Arc::ptr_eq(&room.log, log) {
            // The room was taken again by this node meanwhile: the older hold's jobs fail
            // their lease check on their own (an older epoch), so keep only the newest.
            continue;
        }
        match job {
            Job::Append { seq, record, .. } => {
                room.seqs.push(*seq as i64);
                room.records.push(record.clone());
            }
            Job::Snapshot { seq, state, .. } => room.snapshots.push((*seq as i64, state.clone())),
            Job::Flush { .. } => {}
        }
    }
    rooms
}

impl LogStore for PgStore {
    async fn create(&self, meta: RoomMeta) -> anyhow::Result<bool> {
        PgStore::create(self, meta).await
    }

    async fn acquire(&self, code: &RoomCode) -> anyhow::Result<Acquired> {
        PgStore::acquire(self, code).await
    }

    fn append(&self, code: &RoomCode, seq: u64, record: String, log: &Arc<Durability>) {
        PgStore::append(self, code, seq, record, log)
    }

    fn snapshot(&self, code: &RoomCode, seq: u64, state: String) {
        PgStore::snapshot(self, code, seq, state)
    }

    async fn load(&self, code: &RoomCode) -> anyhow::Result<Option<StoredRoom>> {
        PgStore::load(self, code).await
    }

    async fn release(&self, code: &RoomCode, log: &Arc<Durability>) -> anyhow::Result<()> {
        PgStore::release(self, code, log).await
    }

    async fn delete(&self, code: &RoomCode) -> anyhow::Result<()> {
        PgStore::delete(self, code).await
    }

    async fn expire(&self, unused_since: u64) -> anyhow::Result<Vec<RoomCode>> {
        PgStore::expire(self, unused_since).await
    }

    async fn flush(&self) {
        PgStore::flush(self).await
    }
}
