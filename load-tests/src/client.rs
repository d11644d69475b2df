//! The simulated clients: phones ([`run_phone`]), the host console ([`Host`]) and the projector
//! ([`run_screen`]), each over its own WebSocket.
//!
//! A client records raw [`Instant`]s only (when it joined, when a question arrived, when an
//! answer went out and when its `ack` came back); [`crate::metrics`] turns them into histograms
//! after the run. Phones report progress through [`Shared`] counters so the scenario knows when
//! everyone has joined and every answer has been settled.
//!
//! Sockets are spread over source addresses 127.0.0.1 … 127.0.0.N ([`source_addr`]) when the
//! server is on loopback, so one process can hold more connections than one source address has
//! ephemeral ports. Each socket uses small tungstenite buffers ([`phone_ws_config`]).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures_util::{SinkExt, StreamExt};
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivityView, ClientMsg, ClientMsgId, Lang, QuizInput,
    QuizPhase, RoomView, ServerMsg, TeamsView,
};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::{Notify, watch};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// A client's WebSocket.
pub type Ws = WebSocketStream<TcpStream>;

/// How long connecting plus the WebSocket handshake may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// How long a `welcome` may take after the opening message.
const WELCOME_TIMEOUT: Duration = Duration::from_secs(15);
/// Longest a host action may wait for its acknowledgement.
pub const ACT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a close handshake may take when a client stops.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);

/// Small buffers for phones and the projector: tungstenite would otherwise reserve 128 KiB per
/// socket for reading and buffer up to 128 KiB before writing.
pub fn phone_ws_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0)
        .max_write_buffer_size(64 * 1024)
        .max_message_size(Some(1 << 20))
}

/// The host receives whole participant lists, so it may read larger messages.
fn host_ws_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(64 * 1024)
        .write_buffer_size(0)
        .max_write_buffer_size(256 * 1024)
        .max_message_size(Some(16 << 20))
}

/// Source address for the `index`-th socket: 127.0.0.1 … 127.0.0.`sources` in turn when the
/// server is on IPv4 loopback; `None` (let the kernel choose) otherwise or when `sources` is 0.
pub fn source_addr(index: usize, sources: u8, server: IpAddr) -> Option<IpAddr> {
    match server {
        IpAddr::V4(v4) if v4.is_loopback() && sources > 0 => {
            let last = 1 + (index % usize::from(sources)) as u8;
            Some(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last)))
        }
        _ => None,
    }
}

/// Where and how to connect.
#[derive(Debug, Clone)]
pub struct Net {
    /// The server's address.
    pub addr: SocketAddr,
    /// `ws://host:port/ws?v=1`.
    pub ws_url: String,
    /// How many loopback source addresses to spread sockets over (0: do not bind).
    pub sources: u8,
}

impl Net {
    /// Opens the `index`-th client's WebSocket.
    pub async fn connect(&self, index: usize, config: WebSocketConfig) -> anyhow::Result<Ws> {
        let connect = async {
            let socket = match self.addr {
                SocketAddr::V4(_) => TcpSocket::new_v4()?,
                SocketAddr::V6(_) => TcpSocket::new_v6()?,
            };
            if let Some(source) = source_addr(index, self.sources, self.addr.ip()) {
                socket
                    .bind(SocketAddr::new(source, 0))
                    .with_context(|| format!("cannot bind to {source}"))?;
            }
            let stream = socket
                .connect(self.addr)
                .await
                .with_context(|| format!("cannot connect to {}", self.addr))?;
            stream.set_nodelay(true)?;
            let (ws, _) = tokio_tungstenite::client_async_with_config(
                self.ws_url.as_str(),
                stream,
                Some(config),
            )
            .await
            .context("WebSocket handshake failed")?;
            anyhow::Ok(ws)
        };
        tokio::time::timeout(CONNECT_TIMEOUT, connect)
            .await
            .context("connecting timed out")?
    }
}

/// A small deterministic random number generator (SplitMix64): enough to pick answers and
/// delays reproducibly without another dependency.
#[derive(Debug, Clone)]
pub struct SplitMix(u64);

impl SplitMix {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SplitMix(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A think time: log-normally distributed around `median` (σ = 0.6: a few quick, most
    /// near the median, a long tail of slow ones), clamped to `min..=max`.
    pub fn think(&mut self, median: Duration, min: Duration, max: Duration) -> Duration {
        // Box–Muller: a standard normal from two uniform numbers in (0, 1].
        let u1 = (self.below(1 << 53) as f64 + 1.0) / (1u64 << 53) as f64;
        let u2 = self.below(1 << 53) as f64 / (1u64 << 53) as f64;
        let normal = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        median.mul_f64((0.6 * normal).exp()).clamp(min, max)
    }

    /// A duration uniformly between `min` and `max`.
    pub fn between(&mut self, min: Duration, max: Duration) -> Duration {
        let span = max.saturating_sub(min).as_micros() as u64;
        min + Duration::from_micros(self.below(span + 1))
    }
}

/// Counters the phones update while the scenario waits on them.
#[derive(Debug, Default)]
pub struct Shared {
    /// Phones that got their `welcome`.
    pub joined: AtomicU64,
    /// Phones that failed to join.
    pub join_failed: AtomicU64,
    /// Answers sent.
    pub answers_sent: AtomicU64,
    /// Answers acknowledged or refused.
    pub answers_settled: AtomicU64,
    /// Rooms whose quiz is over.
    pub rooms_done: AtomicU64,
    /// Per room, phones that finished their part of an activity (their last action settled).
    pub finished: std::sync::Mutex<std::collections::HashMap<usize, u64>>,
    /// Woken on every change above.
    pub changed: Notify,
}

impl Shared {
    /// Adds one to `counter` and wakes whoever waits on a change.
    pub fn bump(&self, counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
        self.changed.notify_waiters();
    }

    /// Counts one more phone of `room` as finished.
    pub fn finish(&self, room: usize) {
        if let Ok(mut finished) = self.finished.lock() {
            *finished.entry(room).or_default() += 1;
        }
        self.changed.notify_waiters();
    }

    /// How many phones of `room` finished.
    pub fn finished(&self, room: usize) -> u64 {
        self.finished
            .lock()
            .map_or(0, |f| f.get(&room).copied().unwrap_or(0))
    }

    /// Waits until `done` holds or `deadline` passes; returns whether it holds.
    pub async fn wait_for(&self, deadline: Instant, done: impl Fn(&Shared) -> bool) -> bool {
        loop {
            let notified = self.changed.notified();
            if done(self) {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            // A periodic re-check guards against a wake-up lost between check and wait.
            let _ = tokio::time::timeout(left.min(Duration::from_millis(100)), notified).await;
        }
    }
}

/// When a phone answers an open question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pace {
    /// At once, on receiving the question.
    Burst,
    /// After a random delay in this range, like a class reading and thinking.
    Spread {
        /// Shortest delay.
        min: Duration,
        /// Longest delay.
        max: Duration,
    },
    /// Never (idle and join scenarios).
    Never,
}

/// What one phone does.
#[derive(Debug, Clone)]
pub struct PhoneSpec {
    /// Number of this phone in the run (also picks the source address).
    pub index: usize,
    /// Index of its room in the run.
    pub room: usize,
    /// The room's code.
    pub code: String,
    /// Nickname to join with (unique per room).
    pub nickname: String,
    /// Wait this long before connecting (to spread a join storm).
    pub start_delay: Duration,
    /// When to answer.
    pub pace: Pace,
    /// Seed for answer choices and delays.
    pub seed: u64,
}

/// One answer as the phone saw it.
#[derive(Debug, Clone)]
pub struct AnswerRecord {
    /// Question index.
    pub question: u32,
    /// When it was sent.
    pub sent: Instant,
    /// When its `ack` arrived.
    pub acked: Option<Instant>,
    /// Whether the server refused it with an `error`.
    pub refused: bool,
    /// Whether the projector shows a count that includes it (then answer→projector is
    /// measured for it; moving dots, say, changes no count).
    pub shown: bool,
}

impl AnswerRecord {
    /// Settles the action once, as acknowledged (now) or refused; `false` when it was settled
    /// before.
    pub fn settle(&mut self, acked: bool, shared: &Shared) -> bool {
        if self.acked.is_some() || self.refused {
            return false;
        }
        if acked {
            self.acked = Some(Instant::now());
        } else {
            self.refused = true;
        }
        shared.bump(&shared.answers_settled);
        true
    }
}

/// What one phone measured.
#[derive(Debug, Clone, Default)]
pub struct PhoneReport {
    /// Index of its room in the run.
    pub room: usize,
    /// Time from starting to connect until `welcome`, if it joined.
    pub joined: Option<Duration>,
    /// When each question first arrived: `(question, received)`.
    pub questions: Vec<(u32, Instant)>,
    /// Answers sent.
    pub answers: Vec<AnswerRecord>,
    /// Times it closed its socket and resumed.
    pub reconnects: u32,
    /// What went wrong.
    pub errors: Vec<String>,
}

/// Runs one phone until `stop` turns true: connect, join, answer every question as it opens
/// (after `spec.pace`), and record timings.
pub async fn run_phone(
    net: Arc<Net>,
    spec: PhoneSpec,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) -> PhoneReport {
    let (mut ws, view, report) = match start_phone(&net, &spec, &shared, &mut stop).await {
        Ok(started) => started,
        Err(report) => return report,
    };
    let current = view.current;

    let mut phone = Phone {
        rng: SplitMix::new(spec.seed),
        spec,
        report,
        pending: None,
    };
    // A phone joining mid-question sees it in the welcome; it is not timed (no host send
    // precedes it in this run) but it is answered.
    phone.on_current(current.as_ref(), None);

    loop {
        let due = phone.pending.as_ref().map(|p| p.due);
        tokio::select! {
            _ = stopped(&mut stop) => break,
            _ = sleep_until_some(due) => {
                if let Err(error) = phone.send_pending(&mut ws, &shared).await {
                    phone.report.errors.push(format!("phone {}: {error:#}", phone.spec.index));
                    return phone.report;
                }
            }
            incoming = ws.next() => match read(incoming) {
                Incoming::Msg(msg) => phone.on_msg(msg, &shared),
                Incoming::Skip => {}
                Incoming::Bad(error) => phone.report.errors.push(format!("phone {}: {error}", phone.spec.index)),
                Incoming::Gone(why) => {
                    phone.report.errors.push(format!("phone {}: {why}", phone.spec.index));
                    return phone.report;
                }
            }
        }
    }
    close(&mut ws).await;
    phone.report
}

/// Waits for the phone's start delay, connects and joins; on success the socket, the room as
/// the `welcome` showed it and the report so far (joined, counted in `shared`); otherwise the
/// report to return (stopped, or the join failed and was counted).
pub async fn start_phone(
    net: &Net,
    spec: &PhoneSpec,
    shared: &Shared,
    stop: &mut watch::Receiver<bool>,
) -> Result<(Ws, RoomView, PhoneReport), PhoneReport> {
    let mut report = PhoneReport {
        room: spec.room,
        ..PhoneReport::default()
    };
    tokio::select! {
        _ = tokio::time::sleep(spec.start_delay) => {}
        _ = stopped(stop) => return Err(report),
    }
    let started = Instant::now();
    let join = ClientMsg::Join {
        room: spec.code.clone(),
        nickname: Some(spec.nickname.clone()),
        lang: Lang::En,
    };
    let joined = open_phone(net, spec.index, &join);
    let joined = tokio::select! {
        joined = joined => joined,
        // Stopped while still joining (the run timed out): the scenario reports that.
        _ = stopped(stop) => return Err(report),
    };
    match joined {
        Ok((ws, room)) => {
            report.joined = Some(started.elapsed());
            shared.bump(&shared.joined);
            Ok((ws, room, report))
        }
        Err(error) => {
            report
                .errors
                .push(format!("phone {}: {error:#}", spec.index));
            shared.bump(&shared.join_failed);
            Err(report)
        }
    }
}

/// Connects phone `index` and sends `hello` (`join` or `resume`); the socket and the room as
/// the `welcome` showed it.
async fn open_phone(net: &Net, index: usize, hello: &ClientMsg) -> anyhow::Result<(Ws, RoomView)> {
    let mut ws = net.connect(index, phone_ws_config()).await?;
    send(&mut ws, hello).await?;
    let welcome = tokio::time::timeout(WELCOME_TIMEOUT, next_msg(&mut ws))
        .await
        .context("no welcome in time")??;
    match welcome {
        ServerMsg::Welcome { room, .. } => Ok((ws, room)),
        ServerMsg::Error { code, message, .. } => bail!("join refused: {code:?}: {message}"),
        other => bail!("expected welcome, got {other:?}"),
    }
}

/// Reconnects a phone that joined before, with its `token`.
pub async fn resume_phone(
    net: &Net,
    spec: &PhoneSpec,
    token: String,
) -> anyhow::Result<(Ws, RoomView)> {
    let resume = ClientMsg::Resume {
        room: spec.code.clone(),
        token,
    };
    open_phone(net, spec.index, &resume).await
}

/// What a client's socket gave next.
// Made, matched and dropped one at a time, never stored: the size of a message does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Incoming {
    /// A server message.
    Msg(ServerMsg),
    /// A control frame, nothing to do.
    Skip,
    /// Text that is not a server message (the connection goes on).
    Bad(String),
    /// The connection ended, and why.
    Gone(String),
}

/// Reads one item of a socket's stream as an [`Incoming`].
pub fn read(item: Option<Result<Message, tokio_tungstenite::tungstenite::Error>>) -> Incoming {
    match item {
        Some(Ok(Message::Text(text))) => match serde_json::from_str::<ServerMsg>(text.as_str()) {
            Ok(msg) => Incoming::Msg(msg),
            Err(error) => Incoming::Bad(format!("unparsable message ({error}): {text}")),
        },
        Some(Ok(Message::Close(frame))) => {
            let code = frame.map(|f| u16::from(f.code));
            Incoming::Gone(format!("closed by the server (code {code:?})"))
        }
        Some(Ok(_)) => Incoming::Skip,
        Some(Err(error)) => Incoming::Gone(error.to_string()),
        None => Incoming::Gone("connection ended".to_owned()),
    }
}

/// An answer waiting for its moment.
struct PendingAnswer {
    due: tokio::time::Instant,
    activity: ActivityId,
    question: u32,
    choice: u32,
}

struct Phone {
    spec: PhoneSpec,
    rng: SplitMix,
    report: PhoneReport,
    pending: Option<PendingAnswer>,
}

impl Phone {
    fn on_msg(&mut self, msg: ServerMsg, shared: &Shared) {
        match msg {
            ServerMsg::Activity { current, .. } => {
                self.on_current(current.as_ref(), Some(Instant::now()));
            }
            ServerMsg::Ack { id, .. }
                if !self
                    .answer_for(&id)
                    .is_some_and(|answer| answer.settle(true, shared)) =>
            {
                self.report.errors.push(format!(
                    "phone {}: unexpected ack for {:?}",
                    self.spec.index, id.0
                ));
            }
            ServerMsg::Error {
                code,
                message,
                reference,
            } => {
                if let Some(answer) = reference.as_ref().and_then(|id| self.answer_for(id)) {
                    answer.settle(false, shared);
                }
                self.report.errors.push(format!(
                    "phone {}: error {code:?} (ref {:?}): {message}",
                    self.spec.index,
                    reference.map(|r| r.0)
                ));
            }
            _ => {}
        }
    }

    /// Reacts to the current activity: an open question not yet seen is recorded and answered.
    fn on_current(&mut self, current: Option<&ActivityView>, received: Option<Instant>) {
        let Some(ActivityView::Quiz(quiz)) = current else {
            return;
        };
        let QuizPhase::Question {
            index, question, ..
        } = &quiz.phase
        else {
            // The question closed: an answer still waiting would only be refused.
            self.pending = None;
            return;
        };
        let seen = self.report.questions.iter().any(|(q, _)| q == index)
            || self.report.answers.iter().any(|a| a.question == *index)
            || self.pending.as_ref().is_some_and(|p| p.question == *index);
        if seen {
            return;
        }
        if let Some(at) = received {
            self.report.questions.push((*index, at));
        }
        let delay = match self.spec.pace {
            Pace::Burst => Duration::ZERO,
            Pace::Spread { min, max } => self.rng.between(min, max),
            Pace::Never => return,
        };
        let options = question.options.len().max(1) as u64;
        self.pending = Some(PendingAnswer {
            due: tokio::time::Instant::now() + delay,
            activity: quiz.id,
            question: *index,
            choice: self.rng.below(options) as u32,
        });
    }

    async fn send_pending(&mut self, ws: &mut Ws, shared: &Shared) -> anyhow::Result<()> {
        let Some(answer) = self.pending.take() else {
            return Ok(());
        };
        let msg = ClientMsg::Act {
            id: answer_id(answer.question),
            act: Act::Activity {
                activity: answer.activity,
                input: ActivityInput::Quiz(QuizInput::Answer {
                    question: answer.question,
                    choice: answer.choice,
                }),
            },
        };
        let text = serde_json::to_string(&msg)?;
        let sent = Instant::now();
        ws.send(Message::text(text)).await?;
        self.report.answers.push(AnswerRecord {
            question: answer.question,
            sent,
            acked: None,
            refused: false,
            shown: true,
        });
        shared.bump(&shared.answers_sent);
        Ok(())
    }

    fn answer_for(&mut self, id: &ClientMsgId) -> Option<&mut AnswerRecord> {
        let question: u32 = id.0.strip_prefix('a')?.parse().ok()?;
        self.report
            .answers
            .iter_mut()
            .find(|a| a.question == question)
    }
}

/// A phone's action id for its answer to `question` (unique per sender).
fn answer_id(question: u32) -> ClientMsgId {
    ClientMsgId(format!("a{question}"))
}

/// What the projector saw.
#[derive(Debug, Clone, Default)]
pub struct ScreenReport {
    /// Index of its room in the run.
    pub room: usize,
    /// Counts shown for a question: every `progress` received while it was open or revealed,
    /// and the reveal's `answered`: `(question, received, responded)`.
    pub progress: Vec<(u32, Instant, u32)>,
    /// What went wrong.
    pub errors: Vec<String>,
}

/// Connects a projector to room `code` and returns once it has its `welcome`.
pub async fn connect_screen(net: &Net, index: usize, code: &str) -> anyhow::Result<Ws> {
    let mut ws = net.connect(index, phone_ws_config()).await?;
    send(
        &mut ws,
        &ClientMsg::Screen {
            room: code.to_owned(),
        },
    )
    .await?;
    match tokio::time::timeout(WELCOME_TIMEOUT, next_msg(&mut ws))
        .await
        .context("no welcome in time")??
    {
        ServerMsg::Welcome { .. } => Ok(ws),
        other => bail!("projector: expected welcome, got {other:?}"),
    }
}

/// Runs a connected projector until `stop`: records every `progress` with the question it
/// belongs to (the last question the projector was shown; `progress` itself does not say), and
/// the count in each reveal (a question that locks within one 50 ms aggregate interval may
/// never get a `progress` with its answers).
pub async fn run_screen(ws: Ws, room: usize, stop: watch::Receiver<bool>) -> ScreenReport {
    let mut question: Option<u32> = None;
    watch_screen(ws, room, stop, move |msg, received, report| match msg {
        ServerMsg::Progress { responded, .. } => {
            if let Some(q) = question {
                report.progress.push((q, received, responded));
            }
        }
        ServerMsg::Activity { current, .. } => {
            question = question_of(current.as_ref());
            // The reveal shows how many answered: the final count.
            if let Some(ActivityView::Quiz(quiz)) = &current
                && let QuizPhase::Reveal {
                    index, answered, ..
                } = quiz.phase
            {
                report.progress.push((index, received, answered));
            }
        }
        _ => {}
    })
    .await
}

/// Reads a connected projector until `stop`, handing `observe` every message with the time it
/// arrived; `error` messages and a lost connection are recorded as errors.
pub async fn watch_screen(
    mut ws: Ws,
    room: usize,
    mut stop: watch::Receiver<bool>,
    mut observe: impl FnMut(ServerMsg, Instant, &mut ScreenReport),
) -> ScreenReport {
    let mut report = ScreenReport {
        room,
        ..ScreenReport::default()
    };
    loop {
        tokio::select! {
            _ = stopped(&mut stop) => break,
            incoming = ws.next() => {
                let received = Instant::now();
                match read(incoming) {
                    Incoming::Msg(ServerMsg::Error { code, message, .. }) => {
                        report.errors.push(format!("projector {room}: error {code:?}: {message}"));
                    }
                    Incoming::Msg(msg) => observe(msg, received, &mut report),
                    Incoming::Skip => {}
                    Incoming::Bad(error) => report.errors.push(format!("projector {room}: {error}")),
                    Incoming::Gone(why) => {
                        report.errors.push(format!("projector {room}: {why}"));
                        return report;
                    }
                }
            }
        }
    }
    close(&mut ws).await;
    report
}

/// The question a view is about: open or revealed.
fn question_of(current: Option<&ActivityView>) -> Option<u32> {
    match current {
        Some(ActivityView::Quiz(quiz)) => match quiz.phase {
            QuizPhase::Question { index, .. } | QuizPhase::Reveal { index, .. } => Some(index),
            _ => None,
        },
        _ => None,
    }
}

/// Where a quiz is, as the host last saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// No activity, or not a quiz.
    None,
    /// Quiz not started.
    Lobby,
    /// Question open.
    Question(u32),
    /// Question locked and shown.
    Reveal(u32),
    /// Leaderboard after a question.
    Leaderboard(u32),
    /// The end.
    Podium,
}

impl Phase {
    fn of(current: Option<&ActivityView>) -> Phase {
        match current {
            Some(ActivityView::Quiz(quiz)) => match quiz.phase {
                QuizPhase::Lobby => Phase::Lobby,
                QuizPhase::Question { index, .. } => Phase::Question(index),
                QuizPhase::Reveal { index, .. } => Phase::Reveal(index),
                QuizPhase::Leaderboard { index, .. } => Phase::Leaderboard(index),
                QuizPhase::Podium { .. } => Phase::Podium,
            },
            _ => Phase::None,
        }
    }
}

/// What a host measured and counted.
#[derive(Debug, Clone, Default)]
pub struct HostReport {
    /// Index of its room in the run.
    pub room: usize,
    /// When `startQuestion` was sent for each question: `(question, sent)`.
    pub started: Vec<(u32, Instant)>,
    /// Actions sent.
    pub sent: u64,
    /// Actions acknowledged.
    pub acked: u64,
    /// Actions refused.
    pub refused: u64,
    /// What went wrong.
    pub errors: Vec<String>,
}

/// How an action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Acknowledged.
    Acked,
    /// Refused with an `error`.
    Refused,
    /// Neither before the timeout.
    TimedOut,
}

/// A host console driving one room.
pub struct Host {
    ws: Ws,
    next_id: u64,
    /// The quiz's phase as last broadcast.
    pub phase: Phase,
    /// The current activity as last broadcast.
    pub current: Option<ActivityView>,
    /// The last "n of N responded" for the current activity.
    pub responded: u32,
    /// The room's teams as last broadcast.
    pub teams: Option<TeamsView>,
    /// Which actions open a phase phones are timed for, as `(stage, sent)` in
    /// [`HostReport::started`]: given the action and the current activity, its stage
    /// (default: a quiz's `startQuestion`, stage = the question).
    pub stamp: fn(&Act, Option<&ActivityView>) -> Option<u32>,
    /// Measurements.
    pub report: HostReport,
}

/// The stage a quiz's `startQuestion` opens: its question.
fn question_started(act: &Act, _current: Option<&ActivityView>) -> Option<u32> {
    match act {
        Act::Activity {
            input: ActivityInput::Quiz(QuizInput::StartQuestion { question }),
            ..
        } => Some(*question),
        _ => None,
    }
}

impl Host {
    /// Connects as host of `code` and waits for the `welcome`.
    pub async fn connect(
        net: &Net,
        index: usize,
        room: usize,
        code: &str,
        key: &str,
    ) -> anyhow::Result<Host> {
        let mut ws = net.connect(index, host_ws_config()).await?;
        let hello = ClientMsg::Host {
            room: code.to_owned(),
            host_key: key.to_owned(),
            console: None,
        };
        send(&mut ws, &hello).await?;
        let view = match tokio::time::timeout(WELCOME_TIMEOUT, next_msg(&mut ws))
            .await
            .context("no welcome in time")??
        {
            ServerMsg::Welcome { room, .. } => room,
            ServerMsg::Error { code, message, .. } => bail!("host refused: {code:?}: {message}"),
            other => bail!("host: expected welcome, got {other:?}"),
        };
        Ok(Host {
            ws,
            next_id: 0,
            phase: Phase::of(view.current.as_ref()),
            current: view.current,
            responded: 0,
            teams: Some(view.teams),
            stamp: question_started,
            report: HostReport {
                room,
                ..HostReport::default()
            },
        })
    }

    /// Sends an action and reads until its `ack` or `error` (or `timeout`).
    pub async fn act(&mut self, act: Act, timeout: Duration) -> anyhow::Result<Outcome> {
        self.next_id += 1;
        let id = ClientMsgId(format!("h{}", self.next_id));
        let is_start = (self.stamp)(&act, self.current.as_ref());
        let text = serde_json::to_string(&ClientMsg::Act {
            id: id.clone(),
            act,
        })?;
        if let Some(question) = is_start {
            self.report.started.push((question, Instant::now()));
        }
        self.ws.send(Message::text(text)).await?;
        self.report.sent += 1;
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let msg = match tokio::time::timeout_at(deadline, next_msg(&mut self.ws)).await {
                Err(_) => return Ok(Outcome::TimedOut),
                Ok(msg) => msg?,
            };
            match msg {
                ServerMsg::Ack { id: acked, .. } if acked == id => {
                    self.report.acked += 1;
                    return Ok(Outcome::Acked);
                }
                ServerMsg::Error {
                    code,
                    message,
                    reference: Some(r),
                } if r == id => {
                    self.report.refused += 1;
                    self.report.errors.push(format!(
                        "host: action {} refused: {code:?}: {message}",
                        id.0
                    ));
                    return Ok(Outcome::Refused);
                }
                other => self.observe(other),
            }
        }
    }

    /// Reads messages until `done(phase)` holds or `timeout` passes; returns whether it holds.
    pub async fn wait_phase(
        &mut self,
        timeout: Duration,
        done: impl Fn(Phase) -> bool,
    ) -> anyhow::Result<bool> {
        self.wait_until(timeout, |host| done(host.phase)).await
    }

    /// Reads messages until `done(self)` holds or `timeout` passes; returns whether it holds.
    pub async fn wait_until(
        &mut self,
        timeout: Duration,
        done: impl Fn(&Host) -> bool,
    ) -> anyhow::Result<bool> {
        let deadline = tokio::time::Instant::now() + timeout;
        while !done(self) {
            match tokio::time::timeout_at(deadline, next_msg(&mut self.ws)).await {
                Err(_) => return Ok(false),
                Ok(msg) => self.observe(msg?),
            }
        }
        Ok(true)
    }

    /// Keeps reading (so the server never sees a slow host) for `duration`.
    pub async fn idle(&mut self, duration: Duration) -> anyhow::Result<()> {
        self.wait_phase(duration, |_| false).await.map(|_| ())
    }

    fn observe(&mut self, msg: ServerMsg) {
        match msg {
            ServerMsg::Activity { current, .. } => {
                self.phase = Phase::of(current.as_ref());
                self.current = current;
                self.responded = 0;
            }
            ServerMsg::Progress { responded, .. } => self.responded = responded,
            ServerMsg::Teams { teams, .. } => self.teams = Some(teams),
            ServerMsg::Error {
                code,
                message,
                reference,
            } => self.report.errors.push(format!(
                "host: error {code:?} (ref {:?}): {message}",
                reference.map(|r| r.0)
            )),
            ServerMsg::Ack { id, .. } => self.report.errors.push(format!(
                "host: ack for an action it was not waiting for: {}",
                id.0
            )),
            _ => {}
        }
    }

    /// Closes the console and hands back what it measured.
    pub async fn finish(mut self) -> HostReport {
        close(&mut self.ws).await;
        self.report
    }
}

/// Sends a host action; fails unless it is acknowledged within [`ACT_TIMEOUT`].
pub async fn expect_ack(host: &mut Host, act: Act, what: &str) -> anyhow::Result<()> {
    match host.act(act, ACT_TIMEOUT).await? {
        Outcome::Acked => Ok(()),
        Outcome::Refused => bail!("{what} was refused"),
        Outcome::TimedOut => bail!("{what} was not acknowledged within {ACT_TIMEOUT:?}"),
    }
}

/// Sends one client message as JSON text.
async fn send(ws: &mut Ws, msg: &ClientMsg) -> anyhow::Result<()> {
    ws.send(Message::text(serde_json::to_string(msg)?)).await?;
    Ok(())
}

/// Reads the next server message, skipping control frames; a close or the end is an error.
async fn next_msg(ws: &mut Ws) -> anyhow::Result<ServerMsg> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) => {
                return serde_json::from_str(text.as_str())
                    .with_context(|| format!("unparsable server message: {text}"));
            }
            Some(Ok(Message::Close(frame))) => {
                let code = frame.map(|f| u16::from(f.code));
                bail!("closed by the server (code {code:?})");
            }
            Some(Ok(_)) => {}
            Some(Err(error)) => return Err(error.into()),
            None => bail!("connection ended"),
        }
    }
}

/// Closes a socket politely, without waiting long.
pub(crate) async fn close(ws: &mut Ws) {
    let _ = tokio::time::timeout(CLOSE_TIMEOUT, async {
        let _ = ws.close(None).await;
        while let Some(Ok(_)) = ws.next().await {}
    })
    .await;
}

/// Resolves once `stop` is true (or its sender is gone).
pub async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

/// `n` spelled with one consonant per digit ("dvl" for 148): unique per number, and free of
/// the digit codes (such as 1488) that the text check refuses as hate symbols, and of vowels
/// (syllables such as "po" were refused as words), so that the texts phones send differ
/// without ever being refused.
pub fn spelled(n: u64) -> String {
    const LETTERS: [char; 10] = ['b', 'd', 'g', 'j', 'v', 'q', 'w', 'r', 'l', 'y'];
    n.to_string()
        .bytes()
        .map(|digit| LETTERS[usize::from(digit - b'0')])
        .collect()
}

/// `n` in Dutch number words, one per digit ("een vier acht" for 148): unique per number and
/// plain words, for the longer texts (ideas) in which the text check reads runs of consonants
/// as near-spellings of insults.
pub fn in_words(n: u64) -> String {
    const WORDS: [&str; 10] = [
        "nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen",
    ];
    n.to_string()
        .bytes()
        .map(|digit| WORDS[usize::from(digit - b'0')])
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) async fn sleep_until_some(at: Option<tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_spelled_without_digits() {
        assert_eq!(spelled(148), "dvl");
        assert_eq!(spelled(0), "b");
        assert_ne!(spelled(12), spelled(21));
        assert!(!spelled(1488).chars().any(|c| c.is_ascii_digit()));
        assert_eq!(in_words(148), "een vier acht");
    }

    #[test]
    fn source_addresses_rotate_on_loopback() {
        let server = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let picked: Vec<String> = (0..5)
            .map(|i| source_addr(i, 3, server).unwrap().to_string())
            .collect();
        assert_eq!(
            picked,
            [
                "127.0.0.1",
                "127.0.0.2",
                "127.0.0.3",
                "127.0.0.1",
                "127.0.0.2"
            ]
        );
        assert_eq!(
            source_addr(253, 254, server),
            Some(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 254)))
        );
        assert_eq!(source_addr(7, 0, server), None, "0 means: do not bind");
        let remote = IpAddr::V4(Ipv4Addr::new(192, 168, 1, 10));
        assert_eq!(source_addr(7, 16, remote), None, "only on loopback");
        assert_eq!(
            source_addr(7, 16, IpAddr::V6(std::net::Ipv6Addr::LOCALHOST)),
            None
        );
    }

    #[test]
    fn the_rng_is_deterministic_and_in_range() {
        let mut a = SplitMix::new(42);
        let mut b = SplitMix::new(42);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
            assert!(a.below(4) < 4);
            let d = a.between(Duration::from_millis(500), Duration::from_secs(4));
            assert!(d >= Duration::from_millis(500) && d <= Duration::from_secs(4));
            b.below(4);
            b.between(Duration::from_millis(500), Duration::from_secs(4));
        }
    }

    #[test]
    fn answer_ids_round_trip() {
        let mut phone = Phone {
            spec: PhoneSpec {
                index: 0,
                room: 0,
                code: "ABC234".into(),
                nickname: "x".into(),
                start_delay: Duration::ZERO,
                pace: Pace::Burst,
                seed: 1,
            },
            rng: SplitMix::new(1),
            report: PhoneReport::default(),
            pending: None,
        };
        phone.report.answers.push(AnswerRecord {
            question: 12,
            sent: Instant::now(),
            acked: None,
            refused: false,
            shown: true,
        });
        assert!(phone.answer_for(&answer_id(12)).is_some());
        assert!(phone.answer_for(&answer_id(3)).is_none());
        assert!(phone.answer_for(&ClientMsgId("h12".into())).is_none());
    }
}
