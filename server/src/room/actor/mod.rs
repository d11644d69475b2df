//! The room actor: one tokio task per room owns its [`RoomState`] and its connections.
//!
//! Everything that changes a room arrives as a [`Command`] on the room's queue and is applied
//! in order, so there are no locks around room state. Every applied input becomes a [`Record`]
//! appended to the event log, and everything it causes (the acknowledgement, the welcome of a
//! new participant with its resume token, the broadcasts) is held back until the store reports
//! the record durable: no client ever sees a change that a crash could take back.
//! Broadcasts are serialised and framed once; the room hands the same bytes to every socket
//! and, at the end of each turn, writes each socket once itself ([`crate::socket`]). "n of N
//! answered" and participant counts are coalesced to at most one message per
//! [`AGGREGATE_INTERVAL`].
//!
//! A panic inside the actor does not end the room, nor any other: the actor catches it,
//! waits until everything it appended is durable, rebuilds the room's state from its event
//! log and sends every connection a fresh `welcome` (the action that panicked, if any, gets
//! `error internal`). A room that fails [`MAX_RESTARTS`] times within [`RESTART_WINDOW`]
//! closes its sockets with 1011 and stops until the server restarts.
//!
//! This module holds the handle, the commands and the run loop; [`attach`] the connections'
//! coming and going, [`records`] the records, the store and snapshots, [`fanout`] what is sent
//! to whom.

mod attach;
mod fanout;
mod records;

pub use records::restore;

use fanout::encode_error;

use std::collections::{HashMap, HashSet, VecDeque};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures_util::FutureExt;

use kring_protocol::{
    Act, ActivityId, ClientMsgId, ErrorCode, Lang, Lead, ParticipantId, ParticipantInfo,
    ParticipantQuery, Role, RoomCode, ServerMsg, close,
};
use rand::Rng;
use tokio::sync::{mpsc, oneshot};
use tokio::time::{Instant, sleep_until};
use tracing::Instrument;

use super::changes::PendingChanges;
use super::error::ActError;
use super::kind::Audience;
use super::people;
use super::state::{Effect, Input, Record, RoomState, Who};
use crate::clock::Clock;
use crate::config::{AGGREGATE_INTERVAL, ROOM_QUEUE, SnapshotPolicy};
use crate::socket::{Delivery, Frame, SendError, Socket};
use crate::store::{Durability, Lost, Store};

/// Identifies one WebSocket connection server-wide.
pub type ConnId = u64;

/// Rooms up to this size send the host the full participant list; larger rooms (an event
/// hall) send counts only, which keeps every message far below the socket's write limit.
pub const MAX_LISTED: usize = 1000;
/// The projector's lobby of names is sent at most this often: a join storm redraws the names
/// twice a second, not at every tick.
const LOBBY_INTERVAL: std::time::Duration = std::time::Duration::from_millis(500);
/// Commands handled in one go before aggregates and durable acknowledgements are flushed.
const COMMAND_BATCH: usize = 256;
/// A room that panics this often within [`RESTART_WINDOW`] is stopped instead of restored.
pub const MAX_RESTARTS: usize = 3;
/// See [`MAX_RESTARTS`].
pub const RESTART_WINDOW: Duration = Duration::from_secs(60);

/// A connection's opening message, as the room sees it.
#[derive(Debug, Clone)]
pub enum Hello {
    /// A new participant.
    Join {
        /// Chosen nickname, or `None` for a generated one.
        nickname: Option<String>,
        /// Language for a generated nickname.
        lang: Lang,
    },
    /// An existing participant comes back.
    Resume {
        /// Resume token.
        token: String,
    },
    /// The host console.
    Host {
        /// The host key.
        host_key: String,
        /// The console's own id: its action ids are its own.
        console: Option<String>,
    },
    /// The projector.
    Screen,
}

/// What became of an [`Command::Attach`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachOutcome {
    /// The connection belongs to the room now.
    Attached,
    /// Refused with an error the user can fix (e.g. nickname taken); send another opening.
    Retry,
    /// Refused for good; the socket is being closed.
    Closed,
}

/// Reply to an action from the HTTP API: the new activity's id for `addActivity`.
pub type ApiReply = oneshot::Sender<Result<Option<ActivityId>, ActError>>;

/// Counters a room keeps about its own work (for tests and benchmarks).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoomStats {
    /// How many times an `activity` broadcast was serialised.
    pub activity_encodings: u64,
    /// How many `activity` messages were handed to sockets.
    pub activity_deliveries: u64,
    /// How many of the room's writes (one per socket per turn) the kernel did not take at
    /// once, so that they waited for the socket's own task.
    pub queued_writes: u64,
    /// How many connections the room closed for falling behind (close code 4008).
    pub slow_consumers_closed: u64,
    /// How many snapshots of its state the room stored since it started.
    pub snapshots: u64,
    /// The record the newest snapshot (attempt) covers; the room's sequence number at start
    /// before the first.
    pub snapshot_seq: u64,
    /// How many times the room recovered from a panic (rebuilt from its log).
    pub restarts: u64,
}

/// A request to a room actor.
pub enum Command {
    /// A socket sent its opening message.
    Attach {
        /// The connection.
        conn: ConnId,
        /// What it asked for.
        hello: Hello,
        /// Its socket, to write to and to close.
        socket: Arc<Socket>,
        /// The outcome.
        reply: oneshot::Sender<AttachOutcome>,
    },
    /// An attached socket sent an action.
    Act {
        /// The connection.
        conn: ConnId,
        /// Client-chosen id.
        id: ClientMsgId,
        /// The action.
        act: Act,
    },
    /// An attached socket asks for a fresh welcome.
    Sync {
        /// The connection.
        conn: ConnId,
    },
    /// A host console shows this page of the participant list.
    ListParticipants {
        /// The connection.
        conn: ConnId,
        /// Which page.
        query: ParticipantQuery,
    },
    /// A socket closed.
    Detach {
        /// The connection.
        conn: ConnId,
        /// It was closed for showing no sign of life: an open question stops waiting for
        /// this participant (unless it is back on another connection).
        dead: bool,
    },
    /// The host's view of the room (the HTTP API).
    HostView {
        /// Receives a host `welcome`.
        reply: oneshot::Sender<ServerMsg>,
    },
    /// An action by the host through the HTTP API; answered once durable.
    HostAct {
        /// The action.
        act: Act,
        /// The outcome.
        reply: ApiReply,
    },
    /// Read the state (exports, tests).
    Read(Box<dyn FnOnce(&RoomState) + Send>),
    /// The room's work counters.
    Stats {
        /// Receives them.
        reply: oneshot::Sender<RoomStats>,
    },
    /// The server is stopping gracefully: record when, so that what is open keeps its
    /// remaining time; `reply` once the record is queued for the event log.
    Pause {
        /// Told when done.
        reply: oneshot::Sender<()>,
    },
    /// Close every connection with `code` and end the actor (the room was deleted).
    Stop {
        /// Close code for the sockets.
        code: u16,
    },
}

/// What every room shares: the store, the clock and the limits.
#[derive(Clone)]
pub struct RoomEnv {
    /// The event log.
    pub store: Store,
    /// The server clock.
    pub clock: Clock,
    /// Participant limit per room.
    pub max_participants: usize,
    /// When rooms snapshot their state.
    pub snapshots: SnapshotPolicy,
    /// Public base URL, for join links.
    pub base_url: String,
}

impl RoomEnv {
    /// The URL a phone opens to join a room.
    pub fn join_url(&self, code: &RoomCode) -> String {
        format!("{}/?room={}", self.base_url, code)
    }
}

/// A handle to a room actor: cheap to clone.
#[derive(Clone, Debug)]
pub struct RoomHandle {
    tx: mpsc::Sender<Command>,
    host_key: Arc<str>,
    busy: Arc<AtomicBool>,
}

impl RoomHandle {
    /// Sends a command; `false` when the room has stopped.
    pub async fn send(&self, command: Command) -> bool {
        self.tx.send(command).await.is_ok()
    }

    /// Whether the room's actor has ended (deleted, or in a cluster moved to another node).
    pub fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }

    /// Whether something is open in the room (a current activity): phones are then watched
    /// more closely for a dead link.
    pub fn is_busy(&self) -> bool {
        self.busy.load(Ordering::Relaxed)
    }

    /// Whether `key` is this room's host key (compared in constant time).
    pub fn is_host_key(&self, key: &str) -> bool {
        constant_time_eq(self.host_key.as_bytes(), key.as_bytes())
    }

    /// The host's view of the room; `None` when the room has stopped.
    pub async fn host_view(&self) -> Option<ServerMsg> {
        let (reply, rx) = oneshot::channel();
        self.send(Command::HostView { reply }).await;
        rx.await.ok()
    }

    /// Applies an action as the host; answers once the record is durable.
    pub async fn host_act(&self, act: Act) -> Result<Option<ActivityId>, ActError> {
        let (reply, rx) = oneshot::channel();
        self.send(Command::HostAct { act, reply }).await;
        rx.await.unwrap_or_else(|_| {
            Err(ActError::new(
                ErrorCode::RoomNotFound,
                "the room has closed",
            ))
        })
    }

    /// Runs `f` on the room's state inside the actor; `None` when the room has stopped.
    pub async fn read<R: Send + 'static>(
        &self,
        f: impl FnOnce(&RoomState) -> R + Send + 'static,
    ) -> Option<R> {
        let (reply, rx) = oneshot::channel();
        let read = move |state: &RoomState| {
            let _ = reply.send(f(state));
        };
        self.send(Command::Read(Box::new(read))).await;
        rx.await.ok()
    }

    /// The room's work counters.
    pub async fn stats(&self) -> Option<RoomStats> {
        let (reply, rx) = oneshot::channel();
        self.send(Command::Stats { reply }).await;
        rx.await.ok()
    }
}

/// Whether two secrets are equal, in time that does not depend on where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Starts the actor for a room (new or restored) and returns its handle.
pub fn spawn(state: RoomState, env: RoomEnv, durability: Arc<Durability>) -> RoomHandle {
    let (tx, rx) = mpsc::channel(ROOM_QUEUE);
    let handle = RoomHandle {
        tx,
        host_key: state.meta().host_key.as_str().into(),
        busy: Arc::new(AtomicBool::new(false)),
    };
    let seq = state.seq();
    let room = Room {
        join_url: env.join_url(&state.meta().code),
        state,
        env,
        durability,
        conns: HashMap::new(),
        by_participant: HashMap::new(),
        pending: VecDeque::new(),
        dirty_progress: false,
        dirty_participants: false,
        dirty_teams: false,
        changes: PendingChanges::default(),
        lists: HashMap::new(),
        refused: 0,
        dirty_admission: false,
        dirty_lobby: false,
        last_lobby: Instant::now(),
        last_flush: Instant::now(),
        last_record_at: Instant::now(),
        expected: None,
        stats: RoomStats {
            snapshot_seq: seq,
            ..RoomStats::default()
        },
        corked: Vec::new(),
        busy: handle.busy.clone(),
        cause: None,
        restarts: VecDeque::new(),
    };
    let span = tracing::info_span!("room", room = %room.state.meta().code);
    // Unconstrained by tokio's cooperative budget: a broadcast writes to thousands of sockets in
    // one poll, and a budgeted task would see every write after the 128th refused as "not
    // ready", pushing the fan-out back onto the socket tasks. The room still gives way whenever
    // its queue is empty, and its queue only fills when the socket tasks run; yielding after
    // every turn instead was measured: answer→ack p99 at 10,000 phones went from 0.23 to 1.4 s.
    tokio::spawn(tokio::task::unconstrained(room.run(rx)).instrument(span));
    handle
}

struct Conn {
    socket: Arc<Socket>,
    role: Role,
    /// A host console's own id, scoping its action ids.
    console: Option<Arc<str>>,
    /// A co-facilitator's console (opened with the moderator key): moderation only.
    co_facilitator: bool,
    participant: Option<ParticipantId>,
    /// Has had its welcome; gets updates from now on.
    ready: bool,
}

/// A page of the participant list as a console last got it: total, rows, newest.
type SentPage = (u32, Vec<ParticipantInfo>, Option<ParticipantId>);

/// Output held back until the record at `seq` is durable.
enum Pending {
    Ack {
        conn: ConnId,
        id: ClientMsgId,
        duplicate: bool,
    },
    Welcome {
        conn: ConnId,
    },
    Reply {
        reply: ApiReply,
        value: Option<ActivityId>,
    },
    Effects(Vec<Effect>),
}

/// What became of one broadcast.
#[derive(Default)]
struct Offered {
    /// Connections that took the frame.
    delivered: u64,
    /// Connections too far behind to take it.
    full: Vec<ConnId>,
}

/// Where an action came from, and so where its answer goes.
enum Origin {
    /// `id` is answered; `key` is what the room records (the id, scoped to a host console).
    Client {
        conn: ConnId,
        id: ClientMsgId,
        key: ClientMsgId,
    },
    Api {
        reply: ApiReply,
    },
    Server,
}

struct Room {
    state: RoomState,
    env: RoomEnv,
    join_url: String,
    durability: Arc<Durability>,
    conns: HashMap<ConnId, Conn>,
    by_participant: HashMap<ParticipantId, ConnId>,
    pending: VecDeque<(u64, Pending)>,
    dirty_progress: bool,
    dirty_participants: bool,
    /// The teams changed since they were last sent.
    dirty_teams: bool,
    /// Small activity changes waiting for the next tick.
    changes: PendingChanges,
    /// Each host console's page of the participant list, and what it was last sent.
    lists: HashMap<ConnId, (ParticipantQuery, Option<SentPage>)>,
    /// Joins refused by the lock or the expected size since this actor started.
    refused: u32,
    /// The refused count changed since it was last sent.
    dirty_admission: bool,
    /// The projectors' names changed since they were last sent.
    dirty_lobby: bool,
    /// When the names were last sent.
    last_lobby: Instant,
    last_flush: Instant,
    /// When the room last appended a record (a due snapshot waits for a pause).
    last_record_at: Instant,
    /// Who was connected when the open question (or round) opened: it may close early once all
    /// of them (and anyone online now) responded. `None` (after a restart) means the whole
    /// roster, so phones resuming one by one do not close it early.
    expected: Option<HashSet<ParticipantId>>,
    stats: RoomStats,
    /// Sockets handed frames during this turn, to be written at its end.
    corked: Vec<Arc<Socket>>,
    /// Shared with the handles: a current activity is open.
    busy: Arc<AtomicBool>,
    /// The client action being handled, answered `internal` should it panic.
    cause: Option<(ConnId, ClientMsgId)>,
    /// When the room recovered from panics lately.
    restarts: VecDeque<Instant>,
}

async fn sleep_until_some(at: Option<Instant>) {
    match at {
        Some(at) => sleep_until(at).await,
        None => std::future::pending().await,
    }
}

impl Room {
    /// Runs the room until it stops; a panic is caught and the room restored from its log.
    async fn run(mut self, mut rx: mpsc::Receiver<Command>) {
        loop {
            match AssertUnwindSafe(self.turns(&mut rx)).catch_unwind().await {
                Ok(()) => return,
                Err(panic) => {
                    let what = panic
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_owned())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    drop(panic);
                    if !self.recover(what).await {
                        return;
                    }
                }
            }
        }
    }

    /// The room's turns: commands, durability, deadlines, aggregates, snapshots.
    async fn turns(&mut self, rx: &mut mpsc::Receiver<Command>) {
        let durability = self.durability.clone();
        // Back from a graceful stop: the open question keeps the time it had left.
        if self.state.paused() {
            self.record_system(Input::Resume);
        }
        loop {
            // A deadline that passed (also while the server was down) locks before anything else.
            self.tick();
            let deadline = self
                .state
                .next_deadline()
                .map(|d| self.env.clock.instant_at(d));
            let flush_at = self.dirty().then_some(self.last_flush + AGGREGATE_INTERVAL);
            let snapshot_at = (self.records_since_snapshot() >= self.snapshot_interval())
                .then(|| self.last_record_at + self.env.snapshots.quiet);
            tokio::select! {
                command = rx.recv() => {
                    let Some(command) = command else { break };
                    if !self.handle(command) {
                        break;
                    }
                    for _ in 0..COMMAND_BATCH {
                        match rx.try_recv() {
                            Ok(command) => {
                                if !self.handle(command) {
                                    return;
                                }
                            }
                            Err(_) => break,
                        }
                    }
                }
                _ = durability.changed() => {}
                _ = sleep_until_some(deadline) => self.tick(),
                _ = sleep_until_some(flush_at) => {}
                _ = sleep_until_some(snapshot_at) => self.snapshot(),
            }
            self.deliver_durable();
            if let Some(lost) = self.durability.lost() {
                self.leave(lost).await;
                return;
            }
            if Instant::now() >= self.last_flush + AGGREGATE_INTERVAL {
                self.flush_aggregates();
            }
            self.uncork();
            self.busy
                .store(self.state.current_id().is_some(), Ordering::Relaxed);
        }
    }

    /// In a cluster, the room leaves this node. Fenced (another node took its lease): nothing
    /// more can be committed here, so what waits for durability is dropped, never
    /// acknowledged, and phones re-send it to the new owner. Handed over (another node asked
    /// for it): what was appended becomes durable and goes out first, then the lease is
    /// released. Either way every socket closes with `ROOM_MOVED`, and pages reconnect to
    /// the owner.
    async fn leave(&mut self, lost: Lost) {
        let code = self.state.meta().code.clone();
        match lost {
            Lost::Fenced => {
                tracing::warn!(room = %code, seq = self.state.seq(), durable = self.durability.durable_seq(), "fenced: another node holds this room now");
                self.pending.clear();
            }
            Lost::HandOff => {
                self.env.store.flush().await;
                self.deliver_durable();
                self.pending.clear();
            }
        }
        self.close_all(close::ROOM_MOVED);
        if lost == Lost::HandOff {
            match self.env.store.release(&code, &self.durability).await {
                Ok(()) => tracing::info!(room = %code, "handed the room over to another node"),
                Err(error) => {
                    tracing::warn!(room = %code, "cannot release the room (its lease expires instead): {error:#}")
                }
            }
        }
    }

    /// After a panic: rebuilds the state from the event log (once everything appended is
    /// durable) and sends every connection a fresh welcome. `false` stops the room (it failed
    /// too often, or its log cannot be read).
    async fn recover(&mut self, what: String) -> bool {
        let code = self.state.meta().code.clone();
        self.stats.restarts += 1;
        let now = Instant::now();
        self.restarts
            .retain(|at| now.duration_since(*at) < RESTART_WINDOW);
        self.restarts.push_back(now);
        if self.restarts.len() > MAX_RESTARTS {
            tracing::error!(room = %code, panic = what, "the room keeps failing; stopping it until the server restarts");
            self.close_all(close::INTERNAL);
            return false;
        }
        tracing::error!(room = %code, panic = what, "the room failed; restoring it from its event log");
        self.env.store.flush().await;
        let restored = match self.env.store.load(&code).await {
            Ok(Some(stored)) => restore(stored),
            Ok(None) => Err(anyhow::anyhow!("the room is no longer stored")),
            Err(error) => Err(error),
        };
        let state = match restored {
            Ok(state) => state,
            Err(error) => {
                tracing::error!(room = %code, "cannot restore the room after a panic: {error:#}");
                self.close_all(close::INTERNAL);
                return false;
            }
        };
        self.state = state;
        self.stats.snapshot_seq = self.stats.snapshot_seq.min(self.state.seq());
        // Everything appended is durable now: acknowledgements and API answers go out; the
        // broadcasts and welcomes are superseded by the fresh welcomes below.
        let pending = std::mem::take(&mut self.pending);
        for (_, pending) in pending {
            match pending {
                Pending::Ack {
                    conn,
                    id,
                    duplicate,
                } => self.send_to(conn, Frame::encode(&ServerMsg::Ack { id, duplicate })),
                Pending::Reply { reply, value } => {
                    let _ = reply.send(Ok(value));
                }
                Pending::Welcome { .. } | Pending::Effects(_) => {}
            }
        }
        self.changes = PendingChanges::default();
        if let Some((conn, id)) = self.cause.take() {
            let error = ActError::new(ErrorCode::Internal, "the server failed on this action");
            self.send_error(conn, &error, Some(id));
        }
        let conns: Vec<ConnId> = self.conns.keys().copied().collect();
        for conn in conns {
            self.send_welcome(conn);
        }
        self.dirty_participants = true;
        self.dirty_progress = true;
        self.dirty_teams = true;
        self.uncork();
        true
    }

    /// Closes every connection with `code` (the room is stopping).
    fn close_all(&mut self, code: u16) {
        let conns: Vec<ConnId> = self.conns.keys().copied().collect();
        for conn in conns {
            self.drop_conn(conn, code);
        }
        self.uncork();
    }

    /// Handles one command; `false` ends the actor.
    fn handle(&mut self, command: Command) -> bool {
        match command {
            Command::Attach {
                conn,
                hello,
                socket,
                reply,
            } => {
                let outcome = self.attach(conn, hello, socket);
                let _ = reply.send(outcome);
            }
            Command::Act { conn, id, act } => {
                let Some(c) = self.conns.get(&conn) else {
                    return true;
                };
                // A console's ids are its own: two consoles may both send "1".
                let key = match &c.console {
                    Some(console) => ClientMsgId(format!("{}:{console}{}", console.len(), id.0)),
                    None => id.clone(),
                };
                let who = match (c.role, c.participant) {
                    (Role::Host, _) => {
                        // Only the console that drives runs the session (a repeat of an action
                        // applied before the lead moved is acknowledged as one).
                        let seat = if c.co_facilitator {
                            Lead::CoFacilitator
                        } else {
                            Lead::Organiser
                        };
                        if !self.state.is_duplicate(Who::Host, &key)
                            && let Err(error) = self.state.check_lead(seat, &act)
                        {
                            self.send_error(conn, &error, Some(id));
                            return true;
                        }
                        Who::Host
                    }
                    (Role::Participant, Some(p)) => Who::Participant(p),
                    _ => {
                        let error = ActError::forbidden();
                        self.send_error(conn, &error, Some(id));
                        return true;
                    }
                };
                self.cause = Some((conn, id.clone()));
                self.act(who, act, Origin::Client { conn, id, key });
                self.cause = None;
            }
            Command::Sync { conn } => self.send_welcome(conn),
            Command::ListParticipants { conn, query } => self.list_participants(conn, query),
            Command::Detach { conn, dead } => self.detach(conn, dead),
            Command::HostView { reply } => {
                let _ = reply.send(self.welcome(Role::Host, None, false));
            }
            Command::HostAct { act, reply } => self.act(Who::Host, act, Origin::Api { reply }),
            Command::Read(read) => read(&self.state),
            Command::Stats { reply } => {
                let _ = reply.send(self.stats);
            }
            Command::Pause { reply } => {
                // Only a running clock needs the stop on record: an idle room is left as it
                // is (no record, so a restart does not count as using it).
                let timed = self.state.next_deadline();
                if !self.state.paused() && timed.is_some() {
                    self.record_system(Input::Pause);
                }
                let _ = reply.send(());
            }
            Command::Stop { code } => {
                let gone = ActError::new(ErrorCode::RoomNotFound, "this room has been deleted");
                let conns: Vec<ConnId> = self.conns.keys().copied().collect();
                for conn in conns {
                    self.send_error(conn, &gone, None);
                    self.drop_conn(conn, code);
                }
                return false;
            }
        }
        true
    }
}
