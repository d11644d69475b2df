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

use std::collections::{HashMap, HashSet, VecDeque};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures_util::FutureExt;

use kring_protocol::{
    Act, ActivityId, ClientMsgId, ErrorCode, Lang, ParticipantId, ParticipantInfo,
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
use crate::store::{Durability, Store};

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
                .current_kind()
                .and_then(|a| a.deadline())
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
            if Instant::now() >= self.last_flush + AGGREGATE_INTERVAL {
                self.flush_aggregates();
            }
            self.uncork();
            self.busy
                .store(self.state.current_id().is_some(), Ordering::Relaxed);
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
            Ok(Some(stored)) => crate::restore(stored),
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
                let who = match (c.role, c.participant) {
                    (Role::Host, _) if c.co_facilitator && !act.is_moderation() => {
                        let error = ActError::new(
                            ErrorCode::Forbidden,
                            "a co-facilitator may moderate; the facilitator runs the session",
                        );
                        self.send_error(conn, &error, Some(id));
                        return true;
                    }
                    (Role::Host, _) => Who::Host,
                    (Role::Participant, Some(p)) => Who::Participant(p),
                    _ => {
                        let error = ActError::forbidden();
                        self.send_error(conn, &error, Some(id));
                        return true;
                    }
                };
                // A console's ids are its own: two consoles may both send "1".
                let key = match &c.console {
                    Some(console) => ClientMsgId(format!("{}:{console}{}", console.len(), id.0)),
                    None => id.clone(),
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
                let timed = self.state.current_kind().and_then(|k| k.deadline());
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

    fn attach(&mut self, conn: ConnId, hello: Hello, socket: Arc<Socket>) -> AttachOutcome {
        match hello {
            Hello::Join { nickname, lang } => {
                if self.state.roster().len() >= self.env.max_participants {
                    let full = ActError::new(ErrorCode::RoomFull, "this room is full");
                    self.send_unattached(&socket, &encode_error(&full, None));
                    return AttachOutcome::Retry;
                }
                let token = format!("{:032x}", rand::rng().random::<u128>());
                let record = Record::new(
                    self.env.clock.now_ms(),
                    Who::System,
                    Input::Join {
                        nickname,
                        lang,
                        token,
                    },
                );
                match self.state.apply(&record) {
                    Err(error) => {
                        if matches!(
                            error.code,
                            ErrorCode::RoomLocked | ErrorCode::ExpectedSizeReached
                        ) {
                            self.refused = self.refused.saturating_add(1);
                            self.dirty_admission = true;
                        }
                        self.send_unattached(&socket, &encode_error(&error, None));
                        AttachOutcome::Retry
                    }
                    Ok(applied) => {
                        let participant = applied.joined;
                        self.conns.insert(
                            conn,
                            Conn {
                                socket,
                                role: Role::Participant,
                                console: None,
                                co_facilitator: false,
                                participant,
                                ready: false,
                            },
                        );
                        if let Some(p) = participant {
                            self.by_participant.insert(p, conn);
                        }
                        let seq = self.append(&record);
                        self.pending.push_back((seq, Pending::Welcome { conn }));
                        self.pending
                            .push_back((seq, Pending::Effects(applied.effects)));
                        AttachOutcome::Attached
                    }
                }
            }
            Hello::Resume { token } => {
                let Some(participant) = self.state.participant_by_token(&token).map(|p| p.id)
                else {
                    let error = ActError::new(
                        ErrorCode::BadToken,
                        "this device's place in the room is unknown; join again",
                    );
                    self.send_unattached(&socket, &encode_error(&error, None));
                    socket.close(close::UNAUTHORIZED);
                    return AttachOutcome::Closed;
                };
                if let Some(old) = self.by_participant.insert(participant, conn)
                    && let Some(old) = self.conns.remove(&old)
                {
                    old.socket.close(close::REPLACED);
                }
                self.conns.insert(
                    conn,
                    Conn {
                        socket,
                        role: Role::Participant,
                        console: None,
                        co_facilitator: false,
                        participant: Some(participant),
                        ready: false,
                    },
                );
                self.send_welcome(conn);
                self.dirty_participants = true;
                self.dirty_progress = true;
                // Back without a team while the room has teams: placed like a late joiner.
                if self.state.team_for_returning(participant).is_some() {
                    self.record_system(Input::Place { participant });
                }
                AttachOutcome::Attached
            }
            Hello::Host { host_key, console } => {
                let meta = self.state.meta();
                let facilitator = constant_time_eq(meta.host_key.as_bytes(), host_key.as_bytes());
                let co_facilitator = !facilitator
                    && constant_time_eq(meta.moderator_key().as_bytes(), host_key.as_bytes());
                if !facilitator && !co_facilitator {
                    let error =
                        ActError::new(ErrorCode::BadHostKey, "wrong host key for this room");
                    self.send_unattached(&socket, &encode_error(&error, None));
                    socket.close(close::UNAUTHORIZED);
                    return AttachOutcome::Closed;
                }
                self.conns.insert(
                    conn,
                    Conn {
                        socket,
                        role: Role::Host,
                        console: console.map(Arc::from),
                        co_facilitator,
                        participant: None,
                        ready: false,
                    },
                );
                self.send_welcome(conn);
                // The welcome carries no answer count: the next aggregate brings it.
                self.dirty_progress = true;
                AttachOutcome::Attached
            }
            Hello::Screen => {
                self.conns.insert(
                    conn,
                    Conn {
                        socket,
                        role: Role::Screen,
                        console: None,
                        co_facilitator: false,
                        participant: None,
                        ready: false,
                    },
                );
                self.send_welcome(conn);
                // The welcome carries no answer count: the next aggregate brings it.
                self.dirty_progress = true;
                AttachOutcome::Attached
            }
        }
    }

    fn detach(&mut self, conn: ConnId, dead: bool) {
        let Some(c) = self.conns.remove(&conn) else {
            return;
        };
        if let Some(p) = c.participant
            && self.by_participant.get(&p) == Some(&conn)
        {
            self.by_participant.remove(&p);
            self.dirty_participants = true;
            self.dirty_progress = true;
            // Its link died (not a reload or a network switch it came back from): what is
            // open stops waiting for it, and may close now if everyone else responded.
            if dead && let Some(expected) = &mut self.expected {
                expected.remove(&p);
                self.close_when_everyone_responded();
            }
        }
    }

    /// Closes a connection from the room's side.
    fn drop_conn(&mut self, conn: ConnId, code: u16) {
        if let Some(c) = self.conns.remove(&conn) {
            c.socket.close(code);
            if code == close::SLOW_CONSUMER {
                self.stats.slow_consumers_closed += 1;
            }
            if let Some(p) = c.participant
                && self.by_participant.get(&p) == Some(&conn)
            {
                self.by_participant.remove(&p);
                self.dirty_participants = true;
                self.dirty_progress = true;
            }
        }
    }

    /// Applies an action (after the duplicate check) and answers its origin.
    fn act(&mut self, who: Who, act: Act, origin: Origin) {
        // The id as the room records it (scoped to a host console).
        let id = match &origin {
            Origin::Client { key, .. } => Some(key.clone()),
            _ => None,
        };
        if let (Origin::Client { conn, id, .. }, true) = (
            &origin,
            id.as_ref()
                .is_some_and(|id| self.state.is_duplicate(who, id)),
        ) {
            let seq = self.state.seq();
            self.pending.push_back((
                seq,
                Pending::Ack {
                    conn: *conn,
                    id: id.clone(),
                    duplicate: true,
                },
            ));
            return;
        }
        let online = self
            .state
            .wants_presence(&act)
            .then(|| self.by_participant.keys().copied().collect());
        let record = Record {
            online,
            ..Record::new(self.env.clock.now_ms(), who, Input::Act { id, act })
        };
        let deadline_before = self.state.current_kind().and_then(|a| a.deadline());
        match self.state.apply(&record) {
            Err(error) => match origin {
                Origin::Client { conn, id, .. } => self.send_error(conn, &error, Some(id)),
                Origin::Api { reply } => {
                    let _ = reply.send(Err(error));
                }
                Origin::Server => {
                    tracing::warn!(room = %self.state.meta().code, %error, "server action refused")
                }
            },
            Ok(applied) => {
                let seq = self.append(&record);
                let added = match &record.input {
                    Input::Act {
                        act: Act::AddActivity { .. },
                        ..
                    } => self.state.activities().last().map(|(id, _)| id),
                    _ => None,
                };
                match origin {
                    Origin::Client { conn, id, .. } => self.pending.push_back((
                        seq,
                        Pending::Ack {
                            conn,
                            id,
                            duplicate: false,
                        },
                    )),
                    Origin::Api { reply } => self.pending.push_back((
                        seq,
                        Pending::Reply {
                            reply,
                            value: added,
                        },
                    )),
                    Origin::Server => {}
                }
                self.pending
                    .push_back((seq, Pending::Effects(applied.effects)));
                self.note_opening(deadline_before);
                if matches!(who, Who::Participant(_)) {
                    self.close_when_everyone_responded();
                }
            }
        }
    }

    /// Who what is open waits for: who was connected when it opened (the whole room after a
    /// restart) and who connected since.
    fn must_respond(&self) -> Vec<ParticipantId> {
        match &self.expected {
            Some(expected) => expected
                .iter()
                .copied()
                .filter(|p| self.state.participant(*p).is_some_and(|p| !p.removed))
                .chain(
                    self.by_participant
                        .keys()
                        .copied()
                        .filter(|p| !expected.contains(p)),
                )
                .collect(),
            None => self.state.roster().to_vec(),
        }
    }

    /// The "of N" of the progress count: while a timed phase is open, everyone it waits for (so
    /// phones still reconnecting after a restart count), else who is connected.
    fn expected_count(&self) -> u32 {
        let timed = self
            .state
            .current_kind()
            .and_then(|k| k.deadline())
            .is_some();
        if timed {
            self.must_respond().len() as u32
        } else {
            self.online_count()
        }
    }

    /// Locks what is open early when every connected participant has responded.
    fn close_when_everyone_responded(&mut self) {
        let (Some(id), Some(activity)) = (self.state.current_id(), self.state.current_kind())
        else {
            return;
        };
        // Cheap bound first: fewer responses than people who must respond cannot be everyone
        // (keeps a burst of N answers O(N) instead of O(N²)).
        let must = match &self.expected {
            Some(expected) => expected.len().max(self.by_participant.len()),
            None => self.state.roster().len(),
        };
        if (activity.responded() as usize) < must {
            return;
        }
        let expected = self.must_respond();
        if let Some(input) = activity.close_when_all_responded(&mut expected.into_iter()) {
            let act = Act::Activity {
                activity: id,
                input,
            };
            self.act(Who::System, act, Origin::Server);
        }
    }

    /// Remembers who is connected when something new opens (a new deadline).
    fn note_opening(&mut self, deadline_before: Option<u64>) {
        let deadline = self.state.current_kind().and_then(|a| a.deadline());
        if deadline.is_some() && deadline != deadline_before {
            self.expected = Some(self.by_participant.keys().copied().collect());
        }
    }

    /// Lets the current activity lock what is due.
    fn tick(&mut self) {
        let due = !self.state.paused()
            && self
                .state
                .current_kind()
                .and_then(|a| a.deadline())
                .is_some_and(|d| d <= self.env.clock.now_ms());
        if due {
            self.record_system(Input::Tick);
        }
    }

    /// Applies and records an input of the server's own (a deadline, placing a returning
    /// participant in a team); refused ones change nothing and are not recorded.
    fn record_system(&mut self, input: Input) {
        let record = Record::new(self.env.clock.now_ms(), Who::System, input);
        if let Ok(applied) = self.state.apply(&record) {
            let seq = self.append(&record);
            self.pending
                .push_back((seq, Pending::Effects(applied.effects)));
        }
    }

    /// Appends an applied record to the event log; returns its sequence number.
    fn append(&mut self, record: &Record) -> u64 {
        let seq = self.state.seq();
        let code = &self.state.meta().code;
        match serde_json::to_string(record) {
            Ok(json) => self.env.store.append(code, seq, json, &self.durability),
            Err(error) => tracing::error!(room = %code, seq, %error, "cannot serialise a record"),
        }
        self.last_record_at = Instant::now();
        if self.records_since_snapshot() >= 2 * self.snapshot_interval() {
            // No pause for twice the interval: replay at start must stay bounded.
            self.snapshot();
        }
        seq
    }

    /// Records appended since the newest snapshot.
    fn records_since_snapshot(&self) -> u64 {
        self.state.seq() - self.stats.snapshot_seq
    }

    /// Records between two snapshots of this room, at its current size.
    fn snapshot_interval(&self) -> u64 {
        self.env.snapshots.interval(self.state.roster().len())
    }

    /// Stores a snapshot of the room's state after its latest record.
    fn snapshot(&mut self) {
        let code = &self.state.meta().code;
        let seq = self.state.seq();
        match serde_json::to_string(&self.state) {
            Ok(json) => {
                self.env.store.snapshot(code, seq, json);
                self.stats.snapshots += 1;
            }
            Err(error) => {
                tracing::error!(room = %code, seq, %error, "cannot serialise a snapshot")
            }
        }
        // Also after a failure: the same state would fail again, so the next try waits for
        // another interval instead of repeating at every turn (replay stays correct, only longer).
        self.stats.snapshot_seq = seq;
    }

    fn apply_effects(&mut self, seq: u64, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Activity => {
                    self.flush_before_snapshot();
                    let msg = ServerMsg::Activity {
                        seq: self.state.seq(),
                        server_now: self.env.clock.now_ms(),
                        current: self.state.current_view(),
                    };
                    let bytes = Frame::encode(&msg);
                    self.stats.activity_encodings += 1;
                    let offered = self.broadcast(&bytes, |_| true);
                    self.stats.activity_deliveries += offered.delivered;
                }
                Effect::HostView => {
                    self.flush_before_snapshot();
                    let msg = ServerMsg::HostActivity {
                        seq: self.state.seq(),
                        view: self.state.host_view(),
                    };
                    self.broadcast(&Frame::encode(&msg), |c| c.role == Role::Host);
                }
                Effect::Changes(activity, changes) => {
                    self.changes.push(activity, seq, changes);
                }
                Effect::Teams => self.dirty_teams = true,
                Effect::TeamRules => {
                    let msg = ServerMsg::TeamRules {
                        rules: self.state.team_rules(),
                    };
                    self.broadcast(&Frame::encode(&msg), |c| c.role == Role::Host);
                }
                Effect::Agenda => {
                    let msg = ServerMsg::Agenda {
                        seq: self.state.seq(),
                        items: self.state.agenda(),
                    };
                    self.broadcast(&Frame::encode(&msg), |c| c.role == Role::Host);
                }
                Effect::Participants => {
                    // A newcomer changes the "of N" of the progress count too.
                    self.dirty_participants = true;
                    self.dirty_progress = true;
                }
                Effect::Admission => self.dirty_admission = true,
                Effect::Progress => self.dirty_progress = true,
                // Not flushed first: one phone's own state is frequent (every proposal, vote,
                // pick), and flushing for it would undo the coalescing. Older changes that
                // follow it carry nothing newer than it; the next flush brings the latest.
                Effect::Personal(p) => self.send_you(p),
                Effect::PersonalAll => {
                    self.flush_before_snapshot();
                    let everyone: Vec<ParticipantId> =
                        self.by_participant.keys().copied().collect();
                    for p in everyone {
                        self.send_you(p);
                    }
                }
                Effect::Removed(p) => {
                    if let Some(expected) = &mut self.expected {
                        expected.remove(&p);
                    }
                    if let Some(conn) = self.by_participant.get(&p).copied() {
                        let removed = ActError::new(
                            ErrorCode::Removed,
                            "the host removed you from this room",
                        );
                        self.send_error(conn, &removed, None);
                        self.drop_conn(conn, close::REMOVED);
                    }
                }
            }
        }
    }

    /// Writes `frame` to every ready connection `to` selects. A connection too far behind is
    /// closed (it resumes for a fresh state).
    fn broadcast(&mut self, frame: &Frame, to: impl Fn(&Conn) -> bool) -> Offered {
        let offered = self.offer(frame, to);
        for &id in &offered.full {
            self.drop_conn(id, close::SLOW_CONSUMER);
        }
        offered
    }

    /// Writes an aggregate to every ready connection `to` selects. One too far behind skips it
    /// (a newer aggregate supersedes it); returns whether any was skipped, to send again later.
    fn broadcast_aggregate(&mut self, frame: &Frame, to: impl Fn(&Conn) -> bool) -> bool {
        !self.offer(frame, to).full.is_empty()
    }

    /// Hands `frame` to the socket of every ready connection `to` selects, in one pass; the
    /// room writes them at the end of its turn ([`Room::uncork`]).
    fn offer(&mut self, frame: &Frame, to: impl Fn(&Conn) -> bool) -> Offered {
        self.offer_each(|conn| to(conn).then_some(frame))
    }

    /// Hands every ready connection the frame `pick` chooses for it, if any, in one pass.
    fn offer_each<'f>(&mut self, pick: impl Fn(&Conn) -> Option<&'f Frame>) -> Offered {
        let mut offered = Offered::default();
        let Room { conns, corked, .. } = self;
        for (id, conn) in conns.iter() {
            if !conn.ready {
                continue;
            }
            if let Some(frame) = pick(conn) {
                match hand_over(corked, &conn.socket, frame) {
                    Ok(()) => offered.delivered += 1,
                    Err(SendError::Full) => offered.full.push(*id),
                    // Closing: its socket task detaches it.
                    Err(SendError::Closed) => {}
                }
            }
        }
        offered
    }

    /// Hands `frame` to one connection; one too far behind is closed (it resumes).
    fn send_to(&mut self, conn: ConnId, frame: Frame) {
        let Some(c) = self.conns.get(&conn) else {
            return;
        };
        // Borrows the socket where it is: this is every acknowledgement's path.
        if hand_over(&mut self.corked, &c.socket, &frame) == Err(SendError::Full) {
            self.drop_conn(conn, close::SLOW_CONSUMER);
        }
    }

    /// Hands `frame` to a socket the room has not taken in (a refused opening).
    fn send_unattached(&mut self, socket: &Arc<Socket>, frame: &Frame) {
        // Refused: the socket is closing or its opening is answered again anyway.
        let _ = hand_over(&mut self.corked, socket, frame);
    }

    /// Writes what this turn handed to each socket straight into it, one write per socket and
    /// one pass over them.
    fn uncork(&mut self) {
        for socket in self.corked.drain(..) {
            if socket.uncork() == Some(Delivery::Queued) {
                self.stats.queued_writes += 1;
            }
        }
    }

    fn send_error(&mut self, conn: ConnId, error: &ActError, reference: Option<ClientMsgId>) {
        self.send_to(conn, encode_error(error, reference));
    }

    fn send_you(&mut self, participant: ParticipantId) {
        let Some(&conn) = self.by_participant.get(&participant) else {
            return;
        };
        if !self.conns.get(&conn).is_some_and(|c| c.ready) {
            return;
        }
        if let Some(me) = self.state.me(participant) {
            self.send_to(conn, Frame::encode(&ServerMsg::You { me }));
        }
    }

    /// The welcome for a `role` (and the phone's `participant`); `co_facilitator` for a
    /// co-facilitator's console, which does not get the moderator key.
    fn welcome(
        &self,
        role: Role,
        participant: Option<ParticipantId>,
        co_facilitator: bool,
    ) -> ServerMsg {
        let is_host = role == Role::Host;
        let mut room = self.state.view(self.join_url.clone(), self.online_count());
        if role != Role::Participant {
            room.admission.refused = self.refused;
        }
        ServerMsg::Welcome {
            role,
            me: participant.and_then(|p| self.state.me(p)),
            room,
            agenda: is_host.then(|| self.state.agenda()),
            participants: if is_host { self.host_list() } else { None },
            host_view: if is_host {
                self.state.host_view()
            } else {
                None
            },
            team_rules: is_host.then(|| self.state.team_rules()),
            moderator_key: (is_host && !co_facilitator).then(|| self.state.meta().moderator_key()),
            co_facilitator: is_host && co_facilitator,
            lobby: (role == Role::Screen).then(|| people::lobby(&self.state).0),
            server_now: self.env.clock.now_ms(),
            seq: self.state.seq(),
        }
    }

    fn send_welcome(&mut self, conn: ConnId) {
        let Some(c) = self.conns.get_mut(&conn) else {
            return;
        };
        c.ready = true;
        let (role, participant, co) = (c.role, c.participant, c.co_facilitator);
        let msg = Frame::encode(&self.welcome(role, participant, co));
        self.send_to(conn, msg);
    }

    /// The participant list for the host, when the room is small enough to list.
    fn host_list(&self) -> Option<Vec<kring_protocol::ParticipantInfo>> {
        (self.state.roster().len() <= MAX_LISTED).then(|| {
            self.state
                .participant_list(|p| self.by_participant.contains_key(&p))
        })
    }

    fn online_count(&self) -> u32 {
        self.by_participant.len() as u32
    }

    /// Sends what was waiting for records that are durable now.
    fn deliver_durable(&mut self) {
        let durable = self.durability.durable_seq();
        while self.pending.front().is_some_and(|(seq, _)| *seq <= durable) {
            let Some((seq, pending)) = self.pending.pop_front() else {
                break;
            };
            match pending {
                Pending::Ack {
                    conn,
                    id,
                    duplicate,
                } => self.send_to(conn, Frame::encode(&ServerMsg::Ack { id, duplicate })),
                Pending::Welcome { conn } => self.send_welcome(conn),
                Pending::Reply { reply, value } => {
                    let _ = reply.send(Ok(value));
                }
                Pending::Effects(effects) => self.apply_effects(seq, effects),
            }
        }
    }

    /// Whether anything waits for the next tick.
    fn dirty(&self) -> bool {
        self.dirty_progress
            || self.dirty_admission
            || self.dirty_lobby
            || self.dirty_participants
            || self.dirty_teams
            || !self.changes.is_empty()
    }

    /// Sends what a snapshot about to go out may build on (the teams, and changes older than
    /// it), so that nothing older arrives after it.
    fn flush_before_snapshot(&mut self) {
        self.flush_teams();
        self.flush_changes();
    }

    /// Sends the teams, once per change of them, to everyone.
    fn flush_teams(&mut self) {
        if !std::mem::take(&mut self.dirty_teams) {
            return;
        }
        let msg = ServerMsg::Teams {
            seq: self.state.seq(),
            teams: self.state.teams_view(),
        };
        self.broadcast(&Frame::encode(&msg), |_| true);
    }

    /// Sends the waiting activity changes: one encoding per activity and audience; a team's
    /// changes go only to its members' phones.
    fn flush_changes(&mut self) {
        if self.changes.is_empty() {
            return;
        }
        let (seq, batches) = self.changes.take();
        let mut per_team: HashMap<kring_protocol::TeamId, Frame> = HashMap::new();
        for batch in batches {
            let frame = Frame::encode(&ServerMsg::Changes {
                activity: batch.activity,
                seq,
                changes: batch.changes,
            });
            match batch.audience {
                Audience::Everyone => {
                    self.broadcast(&frame, |_| true);
                }
                Audience::Watchers => {
                    self.broadcast(&frame, |c| matches!(c.role, Role::Host | Role::Screen));
                }
                Audience::Host => {
                    self.broadcast(&frame, |c| c.role == Role::Host);
                }
                Audience::Team(team) => {
                    per_team.insert(team, frame);
                }
            }
        }
        if per_team.is_empty() {
            return;
        }
        let teams = self.state.teams();
        let offered = {
            let Room { conns, corked, .. } = self;
            let mut offered = Offered::default();
            for (id, conn) in conns.iter() {
                let frame = conn
                    .participant
                    .filter(|_| conn.ready)
                    .and_then(|p| teams.team_of(p))
                    .and_then(|t| per_team.get(&t));
                if let Some(frame) = frame {
                    match hand_over(corked, &conn.socket, frame) {
                        Ok(()) => offered.delivered += 1,
                        Err(SendError::Full) => offered.full.push(*id),
                        Err(SendError::Closed) => {}
                    }
                }
            }
            offered
        };
        for id in offered.full {
            self.drop_conn(id, close::SLOW_CONSUMER);
        }
    }

    /// Sends the coalesced "n of N responded", participant counts, teams and activity changes.
    fn flush_aggregates(&mut self) {
        if !self.dirty() {
            return;
        }
        self.last_flush = Instant::now();
        self.flush_before_snapshot();
        let watchers = |c: &Conn| matches!(c.role, Role::Host | Role::Screen);
        if std::mem::take(&mut self.dirty_progress)
            && let (Some(activity), Some(current)) = (self.state.current_id(), self.state.current())
        {
            let responded = current.kind().responded();
            let msg = ServerMsg::Progress {
                activity,
                responded,
                of: self.expected_count().max(responded),
            };
            self.dirty_progress = self.broadcast_aggregate(&Frame::encode(&msg), watchers);
        }
        if std::mem::take(&mut self.dirty_participants) {
            let count = self.state.roster().len() as u32;
            let online = self.online_count();
            let counts = ServerMsg::Participants {
                count,
                online,
                list: None,
            };
            let mut skipped =
                self.broadcast_aggregate(&Frame::encode(&counts), |c| c.role == Role::Screen);
            let list = self.host_list();
            let full = ServerMsg::Participants {
                count,
                online,
                list,
            };
            skipped |= self.broadcast_aggregate(&Frame::encode(&full), |c| c.role == Role::Host);
            self.dirty_participants = skipped;
            self.dirty_lobby = true;
            self.flush_lists();
        }
        if self.dirty_lobby && self.last_lobby.elapsed() >= LOBBY_INTERVAL {
            self.last_lobby = Instant::now();
            self.dirty_lobby = self.flush_lobby();
        }
        if std::mem::take(&mut self.dirty_admission) {
            let msg = ServerMsg::Admission {
                admission: self.state.door().admission(self.refused),
            };
            self.dirty_admission = self.broadcast_aggregate(&Frame::encode(&msg), watchers);
        }
    }

    /// A host console asks for a page of the participant list: answered now, and kept up
    /// to date by [`Room::flush_lists`].
    fn list_participants(&mut self, conn: ConnId, query: ParticipantQuery) {
        if !self.conns.get(&conn).is_some_and(|c| c.role == Role::Host) {
            self.send_error(conn, &ActError::forbidden(), None);
            return;
        }
        self.lists.insert(conn, (query, None));
        self.flush_lists();
    }

    /// Sends each host console its page of the participant list when it changed.
    fn flush_lists(&mut self) {
        self.lists.retain(|conn, _| self.conns.contains_key(conn));
        let now = self.env.clock.now_ms();
        let mut out = Vec::new();
        for (conn, (query, sent)) in &mut self.lists {
            let page = people::page(&self.state, query, now, |p| {
                self.by_participant.contains_key(&p)
            });
            if sent.as_ref() == Some(&page) {
                continue;
            }
            let (total, items, newest) = page.clone();
            *sent = Some(page);
            let msg = ServerMsg::ParticipantPage {
                query: query.clone(),
                total,
                items,
                newest,
                server_now: now,
            };
            out.push((*conn, Frame::encode(&msg)));
        }
        for (conn, frame) in out {
            self.send_to(conn, frame);
        }
    }

    /// Sends the projectors the names their lobby shows (one encoding for all); returns
    /// whether one too far behind skipped it (a later one brings the names).
    fn flush_lobby(&mut self) -> bool {
        if !self.conns.values().any(|c| c.role == Role::Screen) {
            return false;
        }
        let (names, more) = people::lobby(&self.state);
        let msg = ServerMsg::Lobby {
            names,
            more,
            server_now: self.env.clock.now_ms(),
        };
        self.broadcast_aggregate(&Frame::encode(&msg), |c| c.role == Role::Screen)
    }
}

/// Hands `frame` to `socket` for the end of the room's turn, remembering a socket not yet in
/// `corked` so that [`Room::uncork`] writes it.
fn hand_over(
    corked: &mut Vec<Arc<Socket>>,
    socket: &Arc<Socket>,
    frame: &Frame,
) -> Result<(), SendError> {
    if socket.cork(frame)? {
        corked.push(socket.clone());
    }
    Ok(())
}

fn encode_error(error: &ActError, reference: Option<ClientMsgId>) -> Frame {
    Frame::encode(&ServerMsg::Error {
        code: error.code,
        message: error.message.clone(),
        reference,
    })
}
