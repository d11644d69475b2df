//! The embedded event log (the default): SQLite (WAL, `synchronous=FULL`) under the data dir.
//!
//! One writer thread owns the connection. Rooms send it their records without waiting; it
//! takes everything queued, writes it in one transaction (group commit) and then tells each
//! room how far its log is durable ([`Durability`]), which releases the acknowledgements the
//! room held back. Snapshots of a room's state keep replay short; the events they cover are
//! dropped. The writer copies the WAL into the database file (a checkpoint) when the queue
//! pauses with a WAL worth copying, then starts the WAL over while nothing waits; in a long
//! burst it checkpoints only after the commit that filled the WAL is acknowledged.
//!
//! Tables: `rooms(code, meta, created_at, last_used_at)`, `events(room, seq, record)` and
//! `snapshots(room, seq, state)`; records and states are JSON.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::{Context, bail};
use kring_protocol::RoomCode;
use rusqlite::{Connection, OptionalExtension, params};
use tokio::sync::oneshot;

use super::{Acquired, Durability, LogStore, StoredRoom};
use crate::meta::RoomMeta;

/// Version of the database layout (`PRAGMA user_version`).
const SCHEMA_VERSION: i64 = 1;
/// Most jobs written in one transaction.
const MAX_BATCH: usize = 8192;
/// The writer checkpoints the WAL into the database file once no job came for this long (and
/// the WAL holds [`CHECKPOINT_IN_PAUSE_FROM_WAL_PAGES`]), so that a quiz burst starts with a
/// small WAL. SQLite's automatic checkpoint would instead run inside whichever commit crosses
/// 1,000 pages: 5–13 ms, measured, in the middle of a burst, holding back every
/// acknowledgement of that commit.
pub const CHECKPOINT_WHEN_IDLE_FOR: Duration = Duration::from_millis(100);
/// A pause checkpoints only a WAL of at least this many pages. Every checkpoint costs two
/// fsyncs and a write into the database file, and a classroom pauses after nearly every
/// answer; a few hundred KiB of WAL cost nothing.
pub const CHECKPOINT_IN_PAUSE_FROM_WAL_PAGES: u64 = 100;
/// A WAL of this many pages (SQLite's own threshold, 4 MiB) is checkpointed right after the
/// commit that reached it, once that commit's acknowledgements are released. Measured: letting
/// the WAL grow to 32 MiB instead made single commits in a join storm take up to 146 ms, as the
/// growing file's fsync gets slower; a WAL that stays small reuses its blocks.
pub const CHECKPOINT_AT_WAL_PAGES: u64 = 1000;

enum Job {
    Create {
        meta: RoomMeta,
        reply: oneshot::Sender<anyhow::Result<bool>>,
    },
    Append {
        code: RoomCode,
        seq: u64,
        record: String,
        durability: Arc<Durability>,
    },
    Snapshot {
        code: RoomCode,
        seq: u64,
        state: String,
    },
    Delete {
        code: RoomCode,
        reply: oneshot::Sender<anyhow::Result<()>>,
    },
    Expire {
        unused_since: u64,
        reply: oneshot::Sender<anyhow::Result<Vec<RoomCode>>>,
    },
    Flush {
        reply: oneshot::Sender<()>,
    },
    /// Read one room as it is stored, after committing what came before.
    Load {
        code: RoomCode,
        reply: oneshot::Sender<anyhow::Result<Option<StoredRoom>>>,
    },
    /// Commit what came before, then stop the writer.
    Close,
}

/// A handle to the writer thread; cheap to clone.
#[derive(Clone)]
pub struct SqliteStore {
    tx: mpsc::Sender<Job>,
    wal_pages: Arc<AtomicU64>,
}

/// The writer thread; [`Writer::close`] flushes and joins it.
pub struct Writer {
    thread: JoinHandle<()>,
    tx: mpsc::Sender<Job>,
}

impl Writer {
    /// Commits everything sent before, stops the writer and waits for it (blocking).
    pub fn close(self) {
        let _ = self.tx.send(Job::Close);
        if self.thread.join().is_err() {
            tracing::error!("the database writer panicked");
        }
    }
}

impl SqliteStore {
    /// Opens (or creates) the database in `dir` and reads every room in it.
    ///
    /// Fails with a clear message when the directory cannot be created or read, the file is
    /// not a Kring database, or another server is using it; never starts empty by mistake.
    pub fn open(dir: &Path) -> anyhow::Result<(SqliteStore, Writer, Vec<StoredRoom>)> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
        let path = dir.join("kring.db");
        let mut conn = open_connection(&path)?;
        let rooms = load_rooms(&conn)
            .with_context(|| format!("cannot read the rooms in {}", path.display()))?;
        // Replaces SQLite's automatic checkpoint (itself a WAL hook): the writer checkpoints in
        // pauses instead (see `write_loop`), and needs to know how far the WAL is ahead.
        let wal_pages = Arc::new(AtomicU64::new(0));
        let pages = wal_pages.clone();
        conn.wal_hook(Some(
            move |_: &mut rusqlite::hooks::Wal, n: std::ffi::c_int| {
                pages.store(u64::try_from(n).unwrap_or(0), Ordering::Relaxed);
                Ok(())
            },
        ))
        .context("cannot watch the database's write-ahead log")?;
        let (tx, rx) = mpsc::channel();
        let pages = wal_pages.clone();
        let thread = std::thread::Builder::new()
            .name("kring-store".into())
            .spawn(move || write_loop(conn, rx, &pages))
            .context("cannot start the database writer thread")?;
        let store = SqliteStore {
            tx: tx.clone(),
            wal_pages,
        };
        Ok((store, Writer { thread, tx }, rooms))
    }

    /// Pages in the write-ahead log not yet copied into the database file (0 after a
    /// checkpoint); for tests and monitoring.
    pub fn wal_pages(&self) -> u64 {
        self.wal_pages.load(Ordering::Relaxed)
    }

    /// Stores a new room; returns once it is durable, `false` when the code is taken.
    pub async fn create(&self, meta: RoomMeta) -> anyhow::Result<bool> {
        let (reply, rx) = oneshot::channel();
        self.send(Job::Create { meta, reply })?;
        rx.await.context("the database writer stopped")?
    }

    /// Appends a room's record `seq`; `durability` advances once it is on disk.
    pub fn append(&self, code: &RoomCode, seq: u64, record: String, durability: &Arc<Durability>) {
        let job = Job::Append {
            code: code.clone(),
            seq,
            record,
            durability: durability.clone(),
        };
        if self.send(job).is_err() {
            tracing::error!(room = %code, seq, "the database writer stopped; record not stored");
        }
    }

    /// Stores a snapshot of a room's state after record `seq`.
    pub fn snapshot(&self, code: &RoomCode, seq: u64, state: String) {
        if self
            .send(Job::Snapshot {
                code: code.clone(),
                seq,
                state,
            })
            .is_err()
        {
            tracing::error!(room = %code, seq, "the database writer stopped; snapshot not stored");
        }
    }

    /// Deletes a room and everything in it; returns once that is durable.
    pub async fn delete(&self, code: &RoomCode) -> anyhow::Result<()> {
        let (reply, rx) = oneshot::channel();
        self.send(Job::Delete {
            code: code.clone(),
            reply,
        })?;
        rx.await.context("the database writer stopped")?
    }

    /// Deletes every room not used since `unused_since` (ms since the epoch); returns their codes.
    pub async fn expire(&self, unused_since: u64) -> anyhow::Result<Vec<RoomCode>> {
        let (reply, rx) = oneshot::channel();
        self.send(Job::Expire {
            unused_since,
            reply,
        })?;
        rx.await.context("the database writer stopped")?
    }

    /// Waits until everything sent before is durable.
    pub async fn flush(&self) {
        let (reply, rx) = oneshot::channel();
        if self.send(Job::Flush { reply }).is_ok() {
            let _ = rx.await;
        }
    }

    /// Reads one room as stored (snapshot and later records), after everything sent before is
    /// committed; `None` when it is not stored. A room restores itself with it after a panic.
    pub async fn load(&self, code: &RoomCode) -> anyhow::Result<Option<StoredRoom>> {
        let (reply, rx) = oneshot::channel();
        self.send(Job::Load {
            code: code.clone(),
            reply,
        })?;
        rx.await.context("the database writer stopped")?
    }

    /// Reads a room for this server, which is its only writer: always granted (no lease).
    pub async fn acquire(&self, code: &RoomCode) -> anyhow::Result<Acquired> {
        Ok(match self.load(code).await? {
            Some(room) => {
                let seq = room
                    .events
                    .last()
                    .map(|(seq, _)| *seq)
                    .or(room.snapshot.as_ref().map(|(seq, _)| *seq))
                    .unwrap_or(0);
                Acquired::Room(room, Durability::new(seq))
            }
            None => Acquired::NotFound,
        })
    }

    /// Lets everything queued for the room be committed; there is no lease to give up.
    pub async fn release(&self, _code: &RoomCode, _log: &Arc<Durability>) -> anyhow::Result<()> {
        self.flush().await;
        Ok(())
    }

    fn send(&self, job: Job) -> anyhow::Result<()> {
        self.tx
            .send(job)
            .map_err(|_| anyhow::anyhow!("the database writer stopped"))
    }
}

fn open_connection(path: &PathBuf) -> anyhow::Result<Connection> {
    let shown = path.display();
    let conn =
        Connection::open(path).with_context(|| format!("cannot open the database {shown}"))?;
    let check = || -> rusqlite::Result<i64> {
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // Deleted rooms leave no readable student data behind in the file.
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.query_row("PRAGMA user_version", [], |row| row.get(0))
    };
    let version = check().with_context(|| {
        format!("{shown} is not a readable Kring database (corrupt, not a database, or in use by another Kring server)")
    })?;
    if version > SCHEMA_VERSION {
        bail!("{shown} was written by a newer Kring (schema {version}); upgrade this server");
    }
    conn.execute_batch(&format!(
        "BEGIN;
         CREATE TABLE IF NOT EXISTS rooms (
             code TEXT PRIMARY KEY, meta TEXT NOT NULL,
             created_at INTEGER NOT NULL, last_used_at INTEGER NOT NULL);
         CREATE TABLE IF NOT EXISTS events (
             room TEXT NOT NULL, seq INTEGER NOT NULL, record TEXT NOT NULL,
             PRIMARY KEY (room, seq)) WITHOUT ROWID;
         CREATE TABLE IF NOT EXISTS snapshots (
             room TEXT PRIMARY KEY, seq INTEGER NOT NULL, state TEXT NOT NULL);
         PRAGMA user_version = {SCHEMA_VERSION};
         COMMIT;"
    ))
    .with_context(|| {
        format!("cannot set up the tables in {shown} (is the disk full or read-only?)")
    })?;
    Ok(conn)
}

fn load_rooms(conn: &Connection) -> anyhow::Result<Vec<StoredRoom>> {
    let mut list = conn.prepare("SELECT code, meta FROM rooms ORDER BY created_at")?;
    let codes: Vec<(String, String)> = list
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    codes
        .into_iter()
        .map(|(code, meta)| load_room(conn, &code, &meta))
        .collect()
}

/// One room: `meta` is its stored metadata (JSON).
fn load_room(conn: &Connection, code: &str, meta: &str) -> anyhow::Result<StoredRoom> {
    let meta: RoomMeta =
        serde_json::from_str(meta).with_context(|| format!("room {code}: unreadable metadata"))?;
    let snap: Option<(u64, String)> = conn
        .prepare("SELECT seq, state FROM snapshots WHERE room = ?1")?
        .query_row([code], |row| {
            Ok((row.get::<_, i64>(0)? as u64, row.get(1)?))
        })
        .optional()?;
    let after = snap.as_ref().map_or(0, |(seq, _)| *seq as i64);
    let events = conn
        .prepare("SELECT seq, record FROM events WHERE room = ?1 AND seq > ?2 ORDER BY seq")?
        .query_map(params![code, after], |row| {
            Ok((row.get::<_, i64>(0)? as u64, row.get(1)?))
        })?
        .collect::<Result<_, _>>()
        .with_context(|| format!("room {code}: unreadable events"))?;
    Ok(StoredRoom {
        meta,
        snapshot: snap,
        events,
    })
}

/// One room by code, if stored.
fn load_one(conn: &Connection, code: &RoomCode) -> anyhow::Result<Option<StoredRoom>> {
    let meta: Option<String> = conn
        .query_row(
            "SELECT meta FROM rooms WHERE code = ?1",
            [code.as_str()],
            |row| row.get(0),
        )
        .optional()?;
    meta.map(|meta| load_room(conn, code.as_str(), &meta))
        .transpose()
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Pauses before retrying a batch that failed to commit; after the last, the server stops.
const RETRY_AFTER: [Duration; 3] = [
    Duration::from_millis(100),
    Duration::from_secs(1),
    Duration::from_secs(5),
];

/// The writer: commits whatever is queued as one transaction, and checkpoints the WAL into the
/// database file (then starts it over) when the queue has been empty for
/// [`CHECKPOINT_WHEN_IDLE_FOR`] and the WAL holds [`CHECKPOINT_IN_PAUSE_FROM_WAL_PAGES`].
fn write_loop(mut conn: Connection, rx: mpsc::Receiver<Job>, wal_pages: &AtomicU64) {
    let mut closing = false;
    // The WAL grew enough since the last checkpoint attempt: the next pause checkpoints it
    // (once, also when that fails, so that a failing disk is not retried ten times a second).
    let mut checkpoint_due = false;
    while !closing {
        let next = if checkpoint_due {
            rx.recv_timeout(CHECKPOINT_WHEN_IDLE_FOR)
        } else {
            rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected)
        };
        let first = match next {
            Ok(job) => job,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if checkpoint(&conn, wal_pages) {
                    start_wal(&conn);
                }
                checkpoint_due = false;
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let mut attempt = 0;
        let done = loop {
            match write_batch(&mut conn, &batch) {
                Ok(done) => break done,
                Err(error) if attempt < RETRY_AFTER.len() => {
                    tracing::error!("writing to the database failed, retrying: {error:#}");
                    std::thread::sleep(RETRY_AFTER[attempt]);
                    attempt += 1;
                }
                Err(error) => {
                    // Nothing of this batch was acknowledged. Going on would let later commits
                    // release acknowledgements for these lost records, so stop: phones re-send
                    // what was not acknowledged once the server is back.
                    eprintln!(
                        "kring: cannot write to the database ({error:#}); stopping so nothing acknowledged is lost"
                    );
                    std::process::exit(1);
                }
            }
        };
        closing = release(&conn, batch, done);
        // Activity without a pause long enough to checkpoint: bound the WAL anyway (after the
        // release, so that no acknowledgement waits for it).
        if wal_pages.load(Ordering::Relaxed) >= CHECKPOINT_AT_WAL_PAGES {
            // Not started over here: the next job may already be waiting.
            checkpoint(&conn, wal_pages);
        }
        checkpoint_due = wal_pages.load(Ordering::Relaxed) >= CHECKPOINT_IN_PAUSE_FROM_WAL_PAGES;
    }
}

/// Copies the WAL into the database file; the next commit then starts the WAL over. PASSIVE,
/// not TRUNCATE: rewriting the file's existing blocks keeps each commit's fsync cheaper than
/// growing a truncated file again (measured: 6 against 9–10 µs per record in commits of 40).
/// Failing is not fatal (the WAL stays valid and keeps growing), so it is logged and tried
/// again at the next pause after a commit. Returns whether the whole WAL was copied.
fn checkpoint(conn: &Connection, wal_pages: &AtomicU64) -> bool {
    let result = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, i64>(2)?,
        ))
    });
    match result {
        Ok((0, log, copied)) if log == copied => {
            wal_pages.store(0, Ordering::Relaxed);
            true
        }
        Ok((_, log, copied)) => {
            tracing::warn!(
                log,
                copied,
                "the WAL checkpoint did not complete; retrying at the next pause"
            );
            false
        }
        Err(error) => {
            tracing::warn!(%error, "the WAL checkpoint failed; retrying at the next pause");
            false
        }
    }
}

/// Starts the WAL over now, in the pause after a complete checkpoint. Otherwise the next commit
/// does it: it writes a new WAL header and, with `synchronous=FULL`, fsyncs it before its own
/// frames, so the first action after every pause (typically a question starting) waits for two
/// fsyncs instead of one. Rewriting `user_version` with its own value is the smallest write
/// there is (one page). Failing costs only that second fsync later, so it is logged.
fn start_wal(conn: &Connection) {
    if let Err(error) = conn.pragma_update(None, "user_version", SCHEMA_VERSION) {
        tracing::warn!(%error, "could not start the WAL over after a checkpoint");
    }
}

/// What a committed batch answers: per `Create` job whether it stored the room, per `Expire`
/// job the codes it deleted, in order.
#[derive(Default)]
struct Done {
    created: Vec<bool>,
    expired: Vec<Vec<RoomCode>>,
}

/// Writes a batch in one transaction.
fn write_batch(conn: &mut Connection, batch: &[Job]) -> anyhow::Result<Done> {
    let tx = conn.transaction()?;
    let now = now_ms() as i64;
    let mut touched: Vec<&RoomCode> = Vec::new();
    let mut created = Vec::new();
    let mut expired = Vec::new();
    {
        let mut insert_event =
            tx.prepare("INSERT OR REPLACE INTO events (room, seq, record) VALUES (?1, ?2, ?3)")?;
        for job in batch {
            match job {
                Job::Append {
                    code, seq, record, ..
                } => {
                    insert_event.execute(params![code.as_str(), *seq as i64, record])?;
                    if touched.last() != Some(&code) && !touched.contains(&code) {
                        touched.push(code);
                    }
                }
                Job::Snapshot { code, seq, state } => {
                    tx.execute(
                        "INSERT OR REPLACE INTO snapshots (room, seq, state) VALUES (?1, ?2, ?3)",
                        params![code.as_str(), *seq as i64, state],
                    )?;
                    tx.execute(
                        "DELETE FROM events WHERE room = ?1 AND seq <= ?2",
                        params![code.as_str(), *seq as i64],
                    )?;
                }
                Job::Create { meta, .. } => {
                    let json = serde_json::to_string(meta)?;
                    let inserted = tx.execute(
                        "INSERT OR IGNORE INTO rooms (code, meta, created_at, last_used_at) VALUES (?1, ?2, ?3, ?3)",
                        params![meta.code.as_str(), json, now],
                    )?;
                    created.push(inserted == 1);
                }
                Job::Delete { code, .. } => delete_room(&tx, code)?,
                Job::Expire { unused_since, .. } => {
                    let codes: Vec<String> = tx
                        .prepare("SELECT code FROM rooms WHERE last_used_at < ?1")?
                        .query_map([*unused_since as i64], |row| row.get(0))?
                        .collect::<Result<_, _>>()?;
                    for code in &codes {
                        delete_room(&tx, &RoomCode(code.clone()))?;
                    }
                    expired.push(codes.into_iter().map(RoomCode).collect());
                }
                Job::Flush { .. } | Job::Load { .. } | Job::Close => {}
            }
        }
        let mut used = tx.prepare("UPDATE rooms SET last_used_at = ?1 WHERE code = ?2")?;
        for code in touched {
            used.execute(params![now, code.as_str()])?;
        }
    }
    tx.commit().context("commit failed")?;
    Ok(Done { created, expired })
}

/// After a commit: advances durability and answers whoever waits. Returns whether to stop.
fn release(conn: &Connection, batch: Vec<Job>, done: Done) -> bool {
    let mut created = done.created.into_iter();
    let mut expired = done.expired.into_iter();
    let mut closing = false;
    for job in batch {
        match job {
            Job::Append {
                seq, durability, ..
            } => durability.advance(seq),
            Job::Create { reply, .. } => {
                let _ = reply.send(Ok(created.next().unwrap_or(false)));
            }
            Job::Delete { reply, .. } => {
                let _ = reply.send(Ok(()));
            }
            Job::Expire { reply, .. } => {
                let _ = reply.send(Ok(expired.next().unwrap_or_default()));
            }
            Job::Flush { reply } => {
                let _ = reply.send(());
            }
            Job::Load { code, reply } => {
                let _ = reply.send(load_one(conn, &code));
            }
            Job::Snapshot { .. } => {}
            Job::Close => closing = true,
        }
    }
    closing
}

fn delete_room(tx: &rusqlite::Transaction<'_>, code: &RoomCode) -> rusqlite::Result<()> {
    for table in [
        "DELETE FROM events WHERE room = ?1",
        "DELETE FROM snapshots WHERE room = ?1",
        "DELETE FROM rooms WHERE code = ?1",
    ] {
        tx.execute(table, [code.as_str()])?;
    }
    Ok(())
}

impl LogStore for SqliteStore {
    async fn create(&self, meta: RoomMeta) -> anyhow::Result<bool> {
        SqliteStore::create(self, meta).await
    }

    async fn acquire(&self, code: &RoomCode) -> anyhow::Result<Acquired> {
        SqliteStore::acquire(self, code).await
    }

    fn append(&self, code: &RoomCode, seq: u64, record: String, log: &Arc<Durability>) {
        SqliteStore::append(self, code, seq, record, log)
    }

    fn snapshot(&self, code: &RoomCode, seq: u64, state: String) {
        SqliteStore::snapshot(self, code, seq, state)
    }

    async fn load(&self, code: &RoomCode) -> anyhow::Result<Option<StoredRoom>> {
        SqliteStore::load(self, code).await
    }

    async fn release(&self, code: &RoomCode, log: &Arc<Durability>) -> anyhow::Result<()> {
        SqliteStore::release(self, code, log).await
    }

    async fn delete(&self, code: &RoomCode) -> anyhow::Result<()> {
        SqliteStore::delete(self, code).await
    }

    async fn expire(&self, unused_since: u64) -> anyhow::Result<Vec<RoomCode>> {
        SqliteStore::expire(self, unused_since).await
    }

    async fn flush(&self) {
        SqliteStore::flush(self).await
    }
}
