//! The storage conformance suite: one set of checks, generic over [`LogStore`], run against
//! the embedded SQLite store always and against PostgreSQL when `KRING_TEST_DATABASE_URL`
//! names a server (`scripts/test-postgres.sh` starts a throw-away one and runs this file).
//! Each PostgreSQL test works in a schema of its own, so tests never see each other's rooms.
//!
//! The PostgreSQL-only tests are the cluster's: two stores (two nodes) on one database, the
//! lease (one holder; the other waits for expiry or a hand-over) and fencing (a node that lost
//! its lease commits nothing: appends and snapshots refused, its room told it is fenced).

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{TempDir, pg_schema};
use kring_protocol::RoomCode;
use kring_server::meta::RoomMeta;
use kring_server::store::postgres::{PgConfig, PgStore};
use kring_server::store::{Acquired, Durability, LogStore, Lost, SqliteStore, StoredRoom};

fn random_code() -> RoomCode {
    use rand::Rng;
    let mut rng = rand::rng();
    let alphabet = kring_protocol::ROOM_CODE_ALPHABET;
    RoomCode(
        (0..kring_protocol::ROOM_CODE_LEN)
            .map(|_| alphabet[rng.random_range(0..alphabet.len())] as char)
            .collect(),
    )
}

fn meta(code: &RoomCode) -> RoomMeta {
    RoomMeta {
        code: code.clone(),
        title: "Conformance".into(),
        host_key: "k".repeat(32),
        seed: 7,
        created_at: 1,
        keeps_times: true,
    }
}

fn record(seq: u64) -> String {
    format!(r#"{{"n":{seq},"text":"record ‘{seq}’ with \"quotes\" and ünïcode"}}"#)
}

/// Waits until `log` is durable up to `seq`; fails when the room is lost or it takes 20 s.
async fn durable(log: &Durability, seq: u64) {
    let wait = async {
        while log.durable_seq() < seq {
            assert_eq!(
                log.lost(),
                None,
                "the room was lost while waiting for {seq}"
            );
            log.changed().await;
        }
    };
    tokio::time::timeout(Duration::from_secs(20), wait)
        .await
        .unwrap_or_else(|_| panic!("not durable up to {seq} (at {})", log.durable_seq()));
}

/// Waits until `log` is lost for `why`.
async fn lost(log: &Durability, why: Lost) {
    let wait = async {
        while log.lost() != Some(why) {
            log.changed().await;
        }
    };
    tokio::time::timeout(Duration::from_secs(20), wait)
        .await
        .unwrap_or_else(|_| panic!("never {why:?} (now {:?})", log.lost()));
}

fn room(acquired: Acquired) -> (StoredRoom, Arc<Durability>) {
    match acquired {
        Acquired::Room(room, log) => (room, log),
        other => panic!("expected the room, got {other:?}"),
    }
}

fn seqs(room: &StoredRoom) -> Vec<u64> {
    room.events.iter().map(|(seq, _)| *seq).collect()
}

/// Everything a store must do, whichever it is.
async fn conformance<S: LogStore>(store: S) {
    let code = random_code();
    // Creating: once per code.
    assert!(
        store.create(meta(&code)).await.unwrap(),
        "a new code is stored"
    );
    assert!(
        !store.create(meta(&code)).await.unwrap(),
        "a taken code is refused"
    );
    assert!(matches!(
        store.acquire(&random_code()).await.unwrap(),
        Acquired::NotFound
    ));
    // A new room: empty log.
    let (stored, log) = room(store.acquire(&code).await.unwrap());
    assert_eq!(stored.meta, meta(&code));
    assert!(stored.snapshot.is_none() && stored.events.is_empty());
    assert_eq!(log.durable_seq(), 0);
    // Appends without waiting, committed in batches, durable in order, read back exactly.
    for seq in 1..=500 {
        store.append(&code, seq, record(seq), &log);
    }
    durable(&log, 500).await;
    let loaded = store.load(&code).await.unwrap().expect("stored");
    assert_eq!(seqs(&loaded), (1..=500).collect::<Vec<_>>());
    assert!(
        loaded
            .events
            .iter()
            .all(|(seq, json)| *json == record(*seq)),
        "records come back byte for byte"
    );
    // A snapshot replaces the records it covers; later records stay.
    store.snapshot(&code, 300, r#"{"state":300}"#.into());
    for seq in 501..=510 {
        store.append(&code, seq, record(seq), &log);
    }
    store.flush().await;
    assert_eq!(log.durable_seq(), 510, "flush waits for what was queued");
    let loaded = store.load(&code).await.unwrap().expect("stored");
    assert_eq!(loaded.snapshot, Some((300, r#"{"state":300}"#.to_owned())));
    assert_eq!(seqs(&loaded), (301..=510).collect::<Vec<_>>());
    // Released and taken again: the same log, durable where it ended.
    store.release(&code, &log).await.unwrap();
    let (again, log) = room(store.acquire(&code).await.unwrap());
    assert_eq!(again.snapshot, Some((300, r#"{"state":300}"#.to_owned())));
    assert_eq!(seqs(&again), (301..=510).collect::<Vec<_>>());
    assert_eq!(log.durable_seq(), 510);
    store.append(&code, 511, record(511), &log);
    durable(&log, 511).await;
    // Many rooms at once keep their own order.
    let others: Vec<RoomCode> = (0..8).map(|_| random_code()).collect();
    let mut logs = Vec::new();
    for other in &others {
        assert!(store.create(meta(other)).await.unwrap());
        logs.push(room(store.acquire(other).await.unwrap()).1);
    }
    for seq in 1..=50 {
        for (other, log) in others.iter().zip(&logs) {
            store.append(other, seq, record(seq), log);
        }
    }
    for (other, log) in others.iter().zip(&logs) {
        durable(log, 50).await;
        let loaded = store.load(other).await.unwrap().expect("stored");
        assert_eq!(seqs(&loaded), (1..=50).collect::<Vec<_>>());
    }
    // Deleted: gone, and its code free again.
    store.delete(&code).await.unwrap();
    assert!(store.load(&code).await.unwrap().is_none());
    assert!(matches!(
        store.acquire(&code).await.unwrap(),
        Acquired::NotFound
    ));
    assert!(store.create(meta(&code)).await.unwrap());
    let (fresh, _) = room(store.acquire(&code).await.unwrap());
    assert!(fresh.events.is_empty() && fresh.snapshot.is_none());
    // Expired: rooms unused since a time go (the cutoff is in the future: all of this
    // store's rooms).
    let far = 4_000_000_000_000;
    let mut expired = store.expire(far).await.unwrap();
    expired.sort();
    let mut all: Vec<RoomCode> = others.iter().cloned().chain([code.clone()]).collect();
    all.sort();
    assert_eq!(expired, all);
    assert!(store.load(&others[0]).await.unwrap().is_none());
}

#[tokio::test]
async fn sqlite_conforms() {
    let dir = TempDir::new("store-conformance");
    let (store, writer, _) = SqliteStore::open(&dir.0).unwrap();
    conformance(store).await;
    tokio::task::spawn_blocking(move || writer.close())
        .await
        .unwrap();
}

async fn pg_store(url: &str, node: &str, lease: Duration) -> PgStore {
    PgStore::open(PgConfig {
        url: url.to_owned(),
        node_id: node.to_owned(),
        lease_ttl: lease,
    })
    .await
    .expect("the PostgreSQL store opens")
}

#[tokio::test]
async fn postgres_conforms() {
    let Some(url) = pg_schema("conformance").await else {
        eprintln!("KRING_TEST_DATABASE_URL not set: the PostgreSQL store is not tested");
        return;
    };
    conformance(pg_store(&url, "a", Duration::from_secs(5)).await).await;
}

/// Two nodes on one database: one holds a room; the other gets it only after the lease
/// expired (the holder stopped renewing, as a paused node does); the old holder's append and
/// snapshot are refused and its room learns it is fenced.
#[tokio::test]
async fn postgres_lease_fences_a_node_that_lost_it() {
    let Some(url) = pg_schema("fencing").await else {
        return;
    };
    let lease = Duration::from_millis(800);
    let a = pg_store(&url, "a", lease).await;
    let b = pg_store(&url, "b", lease).await;
    let code = random_code();
    assert!(a.create(meta(&code)).await.unwrap());
    let (_, log_a) = room(a.acquire(&code).await.unwrap());
    a.append(&code, 1, record(1), &log_a);
    durable(&log_a, 1).await;
    // B cannot take it while A renews.
    for _ in 0..4 {
        match b.acquire(&code).await.unwrap() {
            Acquired::Held { owner } => assert_eq!(owner, a.owner()),
            other => panic!("B took a live lease: {other:?}"),
        }
        tokio::time::sleep(lease / 2).await;
    }
    // A stops renewing (paused): B gets the room once the lease expired, not before.
    a.stop_renewing();
    let paused = tokio::time::Instant::now();
    let (stored_b, log_b) = loop {
        match b.acquire(&code).await.unwrap() {
            Acquired::Room(room, log) => break (room, log),
            Acquired::Held { .. } => {
                assert!(paused.elapsed() < lease * 3, "the lease never expired");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Acquired::NotFound => panic!("the room vanished"),
        }
    };
    assert!(
        paused.elapsed() >= lease / 2,
        "B took the room {:?} after A stopped renewing, before its lease could expire",
        paused.elapsed()
    );
    assert!(log_b.epoch() > log_a.epoch(), "a new epoch");
    assert_eq!(seqs(&stored_b), vec![1], "B has everything A committed");
    // A, back from its pause, appends: refused, and A's room is told.
    a.append(&code, 2, record(2), &log_a);
    lost(&log_a, Lost::Fenced).await;
    assert_eq!(
        log_a.durable_seq(),
        1,
        "A's refused append never became durable"
    );
    a.snapshot(&code, 1, r#"{"from":"a"}"#.into());
    a.flush().await;
    // B writes on; what A tried is nowhere.
    b.append(&code, 2, "from b".into(), &log_b);
    durable(&log_b, 2).await;
    let loaded = b.load(&code).await.unwrap().expect("stored");
    assert!(loaded.snapshot.is_none(), "A's snapshot was refused");
    assert_eq!(
        loaded.events,
        vec![(1, record(1)), (2, "from b".to_owned())],
        "no record of A's after it lost the lease"
    );
    // B's own gap is refused too: records must follow the head.
    b.append(&code, 4, record(4), &log_b);
    lost(&log_b, Lost::Fenced).await;
    let loaded = b.load(&code).await.unwrap().expect("stored");
    assert_eq!(seqs(&loaded), vec![1, 2], "a gap is never committed");
}

/// A live holder hands a room over when another node asks for it (the proxy routes the room
/// there now): it is told, releases after its records are committed, and the other node takes
/// it at once, with everything committed.
#[tokio::test]
async fn postgres_hands_a_room_over_on_request() {
    let Some(url) = pg_schema("handoff").await else {
        return;
    };
    let lease = Duration::from_secs(4);
    let a = pg_store(&url, "a", lease).await;
    let b = pg_store(&url, "b", lease).await;
    let code = random_code();
    assert!(a.create(meta(&code)).await.unwrap());
    let (_, log_a) = room(a.acquire(&code).await.unwrap());
    for seq in 1..=20 {
        a.append(&code, seq, record(seq), &log_a);
    }
    assert!(matches!(
        b.acquire(&code).await.unwrap(),
        Acquired::Held { .. }
    ));
    // A's renewal (every quarter lease) sees the request.
    lost(&log_a, Lost::HandOff).await;
    a.release(&code, &log_a).await.unwrap();
    let started = tokio::time::Instant::now();
    let (stored, log_b) = room(b.acquire(&code).await.unwrap());
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "no wait for expiry"
    );
    assert_eq!(seqs(&stored), (1..=20).collect::<Vec<_>>());
    assert_eq!(log_b.durable_seq(), 20);
}

/// Room codes are unique across nodes: the database decides.
#[tokio::test]
async fn postgres_codes_are_unique_across_nodes() {
    let Some(url) = pg_schema("codes").await else {
        return;
    };
    let a = pg_store(&url, "a", Duration::from_secs(5)).await;
    let b = pg_store(&url, "b", Duration::from_secs(5)).await;
    let code = random_code();
    let (first, second) = tokio::join!(a.create(meta(&code)), b.create(meta(&code)));
    assert!(
        first.unwrap() ^ second.unwrap(),
        "exactly one node stores the code"
    );
}
