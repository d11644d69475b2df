//! `--scenario cluster-quiz`: classes playing a quiz through the proxy in front of a Kring
//! cluster while the nodes that own rooms are killed (`kill -9`) and paused past their lease
//! (`kill -STOP` … `kill -CONT`); then the shared database is checked: every acknowledged
//! action is in the log (lost 0), none twice (duplicates 0), no room's log has a gap (gaps 0).
//!
//! Every client follows reconnects as a page does: its socket carries `&room=CODE` (so the
//! proxy routes it to the room's node), and when it closes (the node died, was fenced, or
//! handed the room over) the client connects again, resumes with its token (or host key) and
//! re-sends every action not yet acknowledged, with the same id. The host drives its quiz
//! from what the room shows (start the next question once the last is revealed), so it needs
//! no memory of its own across reconnects.
//!
//! The chaos needs the nodes' pids and logs: `--pid-dir DIR` holds `<node-id>.pid` and
//! `<node-id>.log` per node (`load-tests/cluster.sh` writes them, and restarts a killed node).
//! A room's owner is read from the database (`--database-url`): its lease row. Per kill the
//! recovery is the time from the signal to the room's first acknowledgement afterwards.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures_util::{SinkExt, StreamExt};
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivityView, ClientMsg, ClientMsgId, Lang, QuizInput,
    QuizPhase, ServerMsg,
};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Message;

use crate::client::{SplitMix, Ws, phone_ws_config, stopped};
use crate::http::{Api, BaseUrl};

/// The registry entry of `--scenario cluster-quiz`.
pub const CLUSTER: crate::scenario::Scenario = crate::scenario::Scenario::cluster(
    "cluster-quiz",
    "Classes playing a quiz through a cluster's proxy while room owners are killed and paused; checks the shared database (see cluster.rs)",
);

/// The host console's id: its action ids are scoped by it, the same after every reconnect.
const CONSOLE: &str = "cluster-load";
/// Each question's time limit: the room locks it at the deadline if not everyone answered.
const LIMIT_SECS: u32 = 8;
/// The host's pause between a reveal and the next question.
const HOST_PAUSE: Duration = Duration::from_millis(700);
/// A socket that shows nothing for this long is taken for dead and opened again.
const SILENCE: Duration = Duration::from_secs(30);
/// How long connecting and the welcome may take.
const OPEN_TIMEOUT: Duration = Duration::from_secs(15);

/// What the run found; `--json` writes it.
#[derive(Debug, serde::Serialize)]
pub struct ClusterReport {
    /// Owners killed with `kill -9`.
    pub kills: usize,
    /// Owners paused past their lease (`kill -STOP`, then `kill -CONT`).
    pub stops: usize,
    /// Acknowledged actions not in the database.
    pub lost: usize,
    /// Actions (sender and id) in a room's log more than once.
    pub duplicates: usize,
    /// Rooms whose log has a gap (or does not end at its lease's head).
    pub gaps: usize,
    /// Records a paused owner tried to append after it was back and that the database refused
    /// (from its log: `append refused … records=n`).
    pub fenced_appends_refused: u64,
    /// Per kill and pause: ms from the signal to the room's first acknowledgement afterwards.
    pub recovery_ms: Vec<f64>,
    /// Median of `recovery_ms`.
    pub recovery_p50_ms: f64,
    /// 99th percentile of `recovery_ms`.
    pub recovery_p99_ms: f64,
    /// Rooms played.
    pub rooms: usize,
    /// Phones.
    pub clients: usize,
    /// Rooms whose quiz reached its podium.
    pub rooms_finished: usize,
    /// Actions acknowledged (phones and hosts).
    pub acked: usize,
    /// Actions refused (an answer to a question that had closed meanwhile).
    pub refused: u64,
    /// Sockets opened again after a close.
    pub reconnects: u64,
}

/// What the chaos needs.
pub struct Chaos {
    /// The cluster's database, for owners and the checks.
    pub database_url: String,
    /// Where each node's `<id>.pid` and `<id>.log` are.
    pub pid_dir: PathBuf,
    /// Owners to kill.
    pub kills: usize,
    /// Whether to pause an owner past its lease once.
    pub stop: bool,
    /// The nodes' lease time.
    pub lease: Duration,
}

/// One acknowledged action: room, sender as stored (`"Host"` or `{"Participant":n}`), the id
/// as stored, and when it was acknowledged.
struct Acked {
    room: String,
    who: serde_json::Value,
    id: String,
    at: Instant,
}

/// What every client reports into.
#[derive(Default)]
struct Log {
    acked: Mutex<Vec<Acked>>,
    refused: AtomicU64,
    reconnects: AtomicU64,
    joined: AtomicU64,
    finished: AtomicU64,
    /// Rooms whose quiz reached its podium (no more signals for them).
    done: Mutex<HashSet<String>>,
}

impl Log {
    fn ack(&self, room: &str, who: serde_json::Value, id: String) {
        let at = Instant::now();
        let acked = Acked {
            room: room.to_owned(),
            who,
            id,
            at,
        };
        self.acked.lock().expect("unpoisoned").push(acked);
    }
}

/// Where the clients connect.
struct Net {
    addr: SocketAddr,
    ws_url: String,
}

impl Net {
    /// A socket to room `code`, its code in the URL for the proxy.
    async fn open(&self, code: &str) -> anyhow::Result<Ws> {
        let stream = TcpStream::connect(self.addr).await?;
        stream.set_nodelay(true)?;
        let url = format!("{}&room={code}", self.ws_url);
        let (ws, _) =
            tokio_tungstenite::client_async_with_config(url, stream, Some(phone_ws_config()))
                .await?;
        Ok(ws)
    }
}

async fn send(ws: &mut Ws, msg: &ClientMsg) -> anyhow::Result<()> {
    ws.send(Message::text(serde_json::to_string(msg)?)).await?;
    Ok(())
}

/// The next server message; `None` when the socket closed or stayed silent too long.
async fn next(ws: &mut Ws) -> Option<ServerMsg> {
    loop {
        match tokio::time::timeout(SILENCE, ws.next()).await {
            Ok(Some(Ok(Message::Text(text)))) => {
                if let Ok(msg) = serde_json::from_str(text.as_str()) {
                    return Some(msg);
                }
            }
            Ok(Some(Ok(Message::Close(_)) | Err(_)) | None) | Err(_) => return None,
            Ok(Some(Ok(_))) => {}
        }
    }
}

/// Opens a socket and sends `hello`; the welcome, or why not.
async fn open(net: &Net, code: &str, hello: &ClientMsg) -> anyhow::Result<(Ws, ServerMsg)> {
    tokio::time::timeout(OPEN_TIMEOUT, async {
        let mut ws = net.open(code).await?;
        send(&mut ws, hello).await?;
        match next(&mut ws).await {
            Some(welcome @ ServerMsg::Welcome { .. }) => Ok((ws, welcome)),
            Some(ServerMsg::Error { code, message, .. }) => bail!("{code:?}: {message}"),
            Some(other) => bail!("expected a welcome, got {other:?}"),
            None => bail!("closed before the welcome"),
        }
    })
    .await
    .context("no welcome in time")?
}

/// The quiz's phase in a view, if the quiz is current.
fn quiz_phase(current: Option<&ActivityView>) -> Option<&QuizPhase> {
    match current {
        Some(ActivityView::Quiz(quiz)) => Some(&quiz.phase),
        _ => None,
    }
}

fn current_of(msg: &ServerMsg) -> Option<Option<&ActivityView>> {
    match msg {
        ServerMsg::Welcome { room, .. } => Some(room.current.as_ref()),
        ServerMsg::Activity { current, .. } => Some(current.as_ref()),
        _ => None,
    }
}

/// One phone: joins once, then follows every reconnect until `stop`; answers each question
/// once, after a pause, and re-sends an answer not yet acknowledged after reconnecting.
async fn phone(
    net: Arc<Net>,
    code: String,
    nickname: String,
    seed: u64,
    log: Arc<Log>,
    mut stop: watch::Receiver<bool>,
) {
    let mut rng = SplitMix::new(seed);
    let mut token: Option<String> = None;
    let mut me: Option<serde_json::Value> = None;
    let mut nickname = nickname;
    let mut unacked: BTreeMap<String, ClientMsg> = BTreeMap::new();
    let mut answered: HashSet<u32> = HashSet::new();
    let mut due: Option<(tokio::time::Instant, u32, ActivityId, u32)> = None;
    let mut first = true;
    while !*stop.borrow() {
        if !first {
            log.reconnects.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(100 + rng.below(400))).await;
        }
        first = false;
        let hello = match &token {
            Some(token) => ClientMsg::Resume {
                room: code.clone(),
                token: token.clone(),
            },
            None => ClientMsg::Join {
                room: code.clone(),
                nickname: Some(nickname.clone()),
                lang: Lang::En,
            },
        };
        let (mut ws, welcome) = match open(&net, &code, &hello).await {
            Ok(opened) => opened,
            Err(error) => {
                // A join whose welcome was lost with its node: the name is taken by that
                // first join, so this phone joins as a new participant (a page would ask).
                if token.is_none() && format!("{error:#}").contains("NicknameTaken") {
                    nickname.push('2');
                }
                continue;
            }
        };
        if let ServerMsg::Welcome { me: Some(you), .. } = &welcome {
            if token.is_none() {
                log.joined.fetch_add(1, Ordering::Relaxed);
            }
            token = Some(you.token.clone());
            me = Some(serde_json::json!({ "Participant": you.id }));
        }
        let mut alive = true;
        for msg in unacked.values() {
            alive &= send(&mut ws, msg).await.is_ok();
        }
        let mut pending = Some(welcome);
        while alive {
            if let Some(msg) = pending.take() {
                if let Some(current) = current_of(&msg) {
                    match quiz_phase(current) {
                        Some(QuizPhase::Question {
                            index, question, ..
                        }) => {
                            let activity = match current {
                                Some(ActivityView::Quiz(q)) => q.id,
                                _ => unreachable!("a quiz phase"),
                            };
                            if !answered.contains(index) && due.is_none_or(|d| d.1 != *index) {
                                let wait = Duration::from_millis(200 + rng.below(2300));
                                let choice = rng.below(question.options.len().max(1) as u64);
                                due = Some((
                                    tokio::time::Instant::now() + wait,
                                    *index,
                                    activity,
                                    choice as u32,
                                ));
                            }
                        }
                        _ => due = None,
                    }
                }
                match msg {
                    ServerMsg::Ack { id, .. } => {
                        if unacked.remove(&id.0).is_some()
                            && let Some(me) = &me
                        {
                            log.ack(&code, me.clone(), id.0);
                        }
                    }
                    ServerMsg::Error {
                        reference: Some(id),
                        ..
                    } if unacked.remove(&id.0).is_some() => {
                        log.refused.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {}
                }
                continue;
            }
            let at = due.map(|d| d.0);
            tokio::select! {
                _ = stopped(&mut stop) => {
                    let _ = ws.close(None).await;
                    return;
                }
                _ = async {
                    match at {
                        Some(at) => tokio::time::sleep_until(at).await,
                        None => std::future::pending().await,
                    }
                } => {
                    let Some((_, question, activity, choice)) = due.take() else { continue };
                    answered.insert(question);
                    let id = format!("a{question}");
                    let msg = ClientMsg::Act {
                        id: ClientMsgId(id.clone()),
                        act: Act::Activity {
                            activity,
                            input: ActivityInput::Quiz(QuizInput::Answer { question, choice }),
                        },
                    };
                    alive = send(&mut ws, &msg).await.is_ok();
                    unacked.insert(id, msg);
                }
                msg = next(&mut ws) => match msg {
                    Some(msg) => pending = Some(msg),
                    None => alive = false,
                },
            }
        }
    }
}

/// One host console: makes the quiz current, starts each question once the previous one is
/// revealed, ends with the podium; follows reconnects (its action ids are fixed per step, so
/// a re-sent step is acknowledged as a duplicate, never applied twice).
async fn host(
    net: Arc<Net>,
    code: String,
    host_key: String,
    quiz: ActivityId,
    questions: u32,
    log: Arc<Log>,
    mut stop: watch::Receiver<bool>,
) {
    let input = |input: QuizInput| Act::Activity {
        activity: quiz,
        input: ActivityInput::Quiz(input),
    };
    let stored = |id: &str| format!("{}:{CONSOLE}{id}", CONSOLE.len());
    let mut unacked: BTreeMap<String, ClientMsg> = BTreeMap::new();
    let mut sent: HashSet<String> = HashSet::new();
    let mut next_step: Option<(tokio::time::Instant, String, Act)> = None;
    let mut first = true;
    while !*stop.borrow() {
        if !first {
            log.reconnects.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        first = false;
        let hello = ClientMsg::Host {
            room: code.clone(),
            host_key: host_key.clone(),
            console: Some(CONSOLE.to_owned()),
        };
        let Ok((mut ws, welcome)) = open(&net, &code, &hello).await else {
            continue;
        };
        let mut alive = true;
        for msg in unacked.values() {
            alive &= send(&mut ws, msg).await.is_ok();
        }
        let mut pending = Some(welcome);
        while alive {
            if let Some(msg) = pending.take() {
                if let Some(current) = current_of(&msg) {
                    let step = match (current.is_some(), quiz_phase(current)) {
                        (false, _) => Some((
                            "current".to_owned(),
                            Act::SetCurrent {
                                activity: Some(quiz),
                            },
                        )),
                        (true, Some(QuizPhase::Lobby)) => Some((
                            "q0".to_owned(),
                            input(QuizInput::StartQuestion { question: 0 }),
                        )),
                        (true, Some(QuizPhase::Reveal { index, .. })) if index + 1 < questions => {
                            let q = index + 1;
                            Some((
                                format!("q{q}"),
                                input(QuizInput::StartQuestion { question: q }),
                            ))
                        }
                        (true, Some(QuizPhase::Reveal { .. })) => {
                            Some(("podium".to_owned(), input(QuizInput::ShowPodium)))
                        }
                        (true, Some(QuizPhase::Podium { .. })) => {
                            log.finished.fetch_add(1, Ordering::Relaxed);
                            log.done.lock().expect("unpoisoned").insert(code.clone());
                            // Done: stay connected (quietly) until the run stops.
                            stopped(&mut stop).await;
                            let _ = ws.close(None).await;
                            return;
                        }
                        _ => None,
                    };
                    if let Some((id, act)) = step
                        && !sent.contains(&id)
                    {
                        next_step = Some((tokio::time::Instant::now() + HOST_PAUSE, id, act));
                    }
                }
                match msg {
                    ServerMsg::Ack { id, .. } if unacked.remove(&id.0).is_some() => {
                        log.ack(&code, serde_json::json!("Host"), stored(&id.0));
                    }
                    ServerMsg::Error {
                        reference: Some(id),
                        ..
                    } => {
                        unacked.remove(&id.0);
                    }
                    _ => {}
                }
                continue;
            }
            let at = next_step.as_ref().map(|s| s.0);
            tokio::select! {
                _ = stopped(&mut stop) => {
                    let _ = ws.close(None).await;
                    return;
                }
                _ = async {
                    match at {
                        Some(at) => tokio::time::sleep_until(at).await,
                        None => std::future::pending().await,
                    }
                } => {
                    let Some((_, id, act)) = next_step.take() else { continue };
                    let msg = ClientMsg::Act { id: ClientMsgId(id.clone()), act };
                    sent.insert(id.clone());
                    alive = send(&mut ws, &msg).await.is_ok();
                    unacked.insert(id, msg);
                }
                msg = next(&mut ws) => match msg {
                    Some(msg) => pending = Some(msg),
                    None => alive = false,
                },
            }
        }
    }
}

/// Now as seconds since the epoch (to read beside the nodes' logs).
fn wall_clock() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    format!("{}.{:03} s", now.as_secs(), now.subsec_millis())
}

/// A signal sent to a room's owner.
struct Signal {
    room: String,
    at: Instant,
}

/// The node that holds `room`'s lease (the part of the owner before `/`).
async fn owner_of(db: &tokio_postgres::Client, room: &str) -> anyhow::Result<Option<String>> {
    let row = db
        .query_opt("SELECT owner FROM kring_leases WHERE room = $1", &[&room])
        .await?;
    Ok(row
        .and_then(|r| r.get::<_, Option<String>>(0))
        .and_then(|o| o.split('/').next().map(str::to_owned)))
}

fn pid_of(dir: &Path, node: &str) -> anyhow::Result<u32> {
    let path = dir.join(format!("{node}.pid"));
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    text.trim()
        .parse()
        .with_context(|| format!("{} holds no pid", path.display()))
}

fn signal(pid: u32, sig: &str) -> anyhow::Result<()> {
    let status = std::process::Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .context("cannot run kill")?;
    anyhow::ensure!(status.success(), "kill {sig} {pid} failed");
    Ok(())
}

/// The owner of one of `rooms` (tried in turn from `start`) and its pid, once one has one.
async fn pick_owner(
    db: &tokio_postgres::Client,
    dir: &Path,
    rooms: &[String],
    start: usize,
    log: &Log,
) -> anyhow::Result<(String, String, u32)> {
    for _ in 0..100 {
        for k in 0..rooms.len() {
            let room = &rooms[(start + k) % rooms.len()];
            if log.done.lock().expect("unpoisoned").contains(room) {
                continue;
            }
            if let Some(node) = owner_of(db, room).await?
                && let Ok(pid) = pid_of(dir, &node)
            {
                return Ok((room.clone(), node, pid));
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("no room has an owner with a pid file in {}", dir.display())
}

/// Kills owners, then pauses one past its lease; returns every signal and the paused node.
async fn chaos(
    chaos: &Chaos,
    db: &tokio_postgres::Client,
    rooms: &[String],
    keys: &[(String, String)],
    log: &Log,
) -> anyhow::Result<(Vec<Signal>, Option<Paused>)> {
    let mut signals = Vec::new();
    // Mid-quiz: the first questions are open by now.
    tokio::time::sleep(Duration::from_secs(3)).await;
    for k in 0..chaos.kills {
        let (room, node, pid) = pick_owner(db, &chaos.pid_dir, rooms, k * 3, log).await?;
        signal(pid, "-KILL")?;
        println!("kill -9 {node} (pid {pid}), owner of room {room}");
        signals.push(Signal {
            room,
            at: Instant::now(),
        });
        // The lease expires, the room moves, the node is restarted and asks for it back.
        tokio::time::sleep(chaos.lease + Duration::from_secs(4)).await;
    }
    let mut paused = None;
    if chaos.stop {
        let (room, node, pid) = pick_owner(db, &chaos.pid_dir, rooms, 1, log).await?;
        let log = chaos.pid_dir.join(format!("{node}.log"));
        let before = std::fs::metadata(&log).map_or(0, |m| m.len());
        // A console connected to the owner itself, past the proxy (which cuts a paused node's
        // sockets): what it sends while the node is paused waits in the node's socket, and
        // the node reads it when it is back.
        let key = keys
            .iter()
            .find(|(code, _)| *code == room)
            .map(|(_, key)| key.clone())
            .context("the room's host key")?;
        let mut probe = probe_console(&log, &room, &key).await?;
        signal(pid, "-STOP")?;
        // A signal is delivered when the process next runs: send only once every thread of it
        // has stopped, so that the console's action is read after the pause, not before.
        wait_stopped(pid).await?;
        println!(
            "kill -STOP {node} (pid {pid}), owner of room {room}, at {}",
            wall_clock()
        );
        signals.push(Signal {
            room: room.clone(),
            at: Instant::now(),
        });
        let act = ClientMsg::Act {
            id: ClientMsgId(PROBE_ID.into()),
            act: Act::AddActivity {
                spec: crate::quiz::quiz_spec(1, LIMIT_SECS),
                session: None,
            },
        };
        send(&mut probe, &act).await?;
        tokio::time::sleep(chaos.lease + Duration::from_millis(2500)).await;
        signal(pid, "-CONT")?;
        println!(
            "kill -CONT {node} at {}: its next appends must be refused",
            wall_clock()
        );
        // Back, the node applies the console's action, and the database refuses its append:
        // never acknowledged, the socket closed with 4011.
        let mut acked = false;
        let closed = loop {
            match tokio::time::timeout(Duration::from_secs(10), probe.next()).await {
                Ok(Some(Ok(Message::Text(text)))) => {
                    if let Ok(ServerMsg::Ack { id, .. }) = serde_json::from_str(text.as_str()) {
                        acked |= id.0 == PROBE_ID;
                    }
                }
                Ok(Some(Ok(Message::Close(frame)))) => break frame.map(|f| u16::from(f.code)),
                Ok(Some(Ok(_))) => {}
                Ok(Some(Err(_)) | None) | Err(_) => break None,
            }
        };
        println!(
            "the paused node's console: {} and closed with {closed:?}",
            if acked {
                "ACKNOWLEDGED (wrong)"
            } else {
                "not acknowledged"
            }
        );
        paused = Some(Paused {
            node,
            log_from: before,
            room,
            acked,
            closed,
        });
        tokio::time::sleep(chaos.lease).await;
    }
    Ok((signals, paused))
}

/// Waits until every thread of `pid` is stopped (state `T` in `/proc/<pid>/task/*/stat`).
async fn wait_stopped(pid: u32) -> anyhow::Result<()> {
    let stopped = || -> std::io::Result<bool> {
        for task in std::fs::read_dir(format!("/proc/{pid}/task"))? {
            let stat = std::fs::read_to_string(task?.path().join("stat"))?;
            // The state follows the command name, which is in parentheses.
            let state = stat.rsplit_once(") ").map(|(_, rest)| rest.chars().next());
            if state != Some(Some('T')) {
                return Ok(false);
            }
        }
        Ok(true)
    };
    for _ in 0..200 {
        if stopped()? {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    bail!("process {pid} did not stop")
}

/// The action id of the paused node's console.
const PROBE_ID: &str = "probe";

/// What became of the paused owner.
struct Paused {
    node: String,
    /// Where its log stood before the pause.
    log_from: u64,
    room: String,
    /// Whether its console's action was acknowledged (it must not be).
    acked: bool,
    /// The close code its console's socket got (4011 expected).
    closed: Option<u16>,
}

/// A host console on the node whose log is `log` (its address is in it), past the proxy.
async fn probe_console(log: &Path, room: &str, key: &str) -> anyhow::Result<Ws> {
    let text = std::fs::read_to_string(log)?;
    let addr: SocketAddr = text
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("kring listening on http://"))
        .context("the node's address is not in its log")?
        .trim()
        .parse()?;
    let net = Net {
        addr,
        ws_url: format!("ws://{addr}/ws?v={}", kring_protocol::PROTOCOL_VERSION),
    };
    let hello = ClientMsg::Host {
        room: room.to_owned(),
        host_key: key.to_owned(),
        console: Some("probe".into()),
    };
    let (ws, _) = open(&net, room, &hello).await?;
    Ok(ws)
}

/// Records the paused node tried to append after it was back, as its log reports the refusals.
fn refused_in_log(dir: &Path, node: &str, from: u64) -> u64 {
    let Ok(text) = std::fs::read(dir.join(format!("{node}.log"))) else {
        return 0;
    };
    let text = String::from_utf8_lossy(&text[(from as usize).min(text.len())..]).into_owned();
    text.lines()
        .filter(|line| line.contains("append refused"))
        .filter_map(|line| {
            let at = line.find("records=")? + "records=".len();
            line[at..]
                .split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse::<u64>()
                .ok()
        })
        .sum()
}

/// Lost, duplicates and gaps, from the database.
async fn check(
    db: &tokio_postgres::Client,
    acked: &[Acked],
) -> anyhow::Result<(usize, usize, usize)> {
    let rows = db
        .query(
            "SELECT room, (record::jsonb -> 'who')::text, record::jsonb #>> '{input,Act,id}'
               FROM kring_events WHERE record::jsonb #>> '{input,Act,id}' IS NOT NULL",
            &[],
        )
        .await?;
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    for row in &rows {
        let who: String = row.get(1);
        let who: serde_json::Value = serde_json::from_str(&who)?;
        *seen
            .entry((row.get(0), who.to_string(), row.get(2)))
            .or_default() += 1;
    }
    let duplicates = seen.values().filter(|n| **n > 1).count();
    let lost = acked
        .iter()
        .filter(|a| !seen.contains_key(&(a.room.clone(), a.who.to_string(), a.id.clone())))
        .count();
    let snapshots: i64 = db
        .query_one("SELECT count(*) FROM kring_snapshots", &[])
        .await?
        .get(0);
    anyhow::ensure!(
        snapshots == 0,
        "a room took a snapshot: the checks read the whole log, so keep rooms under 1,000 records"
    );
    let gaps = db
        .query(
            "SELECT l.room FROM kring_leases l LEFT JOIN kring_events e ON e.room = l.room
              GROUP BY l.room, l.head_seq
             HAVING count(e.seq) <> l.head_seq
                 OR COALESCE(min(e.seq), 1) <> 1 OR COALESCE(max(e.seq), 0) <> l.head_seq",
            &[],
        )
        .await?;
    for row in &gaps {
        let room: String = row.get(0);
        eprintln!("room {room}: its log has a gap or does not end at its lease's head");
    }
    Ok((lost, duplicates, gaps.len()))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Runs the scenario; exit code 0 when nothing was lost, duplicated or left with a gap and
/// every room finished.
pub async fn run(
    base: BaseUrl,
    clients: usize,
    rooms: usize,
    questions: u32,
    timeout: Duration,
    chaos_plan: Chaos,
    json: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let addr = base.resolve().await?;
    let api = Api::new(base.clone(), addr);
    let net = Arc::new(Net {
        addr,
        ws_url: base.ws_url(),
    });
    let (db, connection) = tokio_postgres::connect(&chaos_plan.database_url, tokio_postgres::NoTls)
        .await
        .context("cannot connect to the cluster's database (--database-url)")?;
    tokio::spawn(connection);
    let log = Arc::new(Log::default());
    let (stop_tx, stop) = watch::channel(false);
    let mut tasks = Vec::new();
    let mut codes = Vec::new();
    let spec = crate::quiz::quiz_spec(questions, LIMIT_SECS);
    for r in 0..rooms {
        let room = api.create_room(&format!("cluster {r}")).await?;
        let quiz = api
            .add_activity(&room.code.0, &room.host_key, &spec)
            .await?;
        let phones = clients / rooms + usize::from(r < clients % rooms);
        for p in 0..phones {
            tasks.push(tokio::spawn(phone(
                net.clone(),
                room.code.0.clone(),
                format!("p{r}x{p}"),
                (r * 1000 + p) as u64 + 1,
                log.clone(),
                stop.clone(),
            )));
        }
        codes.push((room.code.0.clone(), room.host_key.clone(), quiz));
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while log.joined.load(Ordering::Relaxed) < clients as u64 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    println!(
        "{} of {clients} phones joined {rooms} rooms through {}",
        log.joined.load(Ordering::Relaxed),
        base.authority()
    );
    for (code, key, quiz) in &codes {
        tasks.push(tokio::spawn(host(
            net.clone(),
            code.clone(),
            key.clone(),
            *quiz,
            questions,
            log.clone(),
            stop.clone(),
        )));
    }
    let started = Instant::now();
    let room_codes: Vec<String> = codes.iter().map(|(c, _, _)| c.clone()).collect();
    let keys: Vec<(String, String)> = codes
        .iter()
        .map(|(c, k, _)| (c.clone(), k.clone()))
        .collect();
    let (signals, paused) = chaos(&chaos_plan, &db, &room_codes, &keys, &log).await?;
    while (log.finished.load(Ordering::Relaxed) as usize) < rooms && started.elapsed() < timeout {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Answers still in flight settle.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let _ = stop_tx.send(true);
    for task in tasks {
        let _ = task.await;
    }
    let acked = std::mem::take(&mut *log.acked.lock().expect("unpoisoned"));
    let (lost, duplicates, gaps) = check(&db, &acked).await?;
    let mut recovery: Vec<f64> = signals
        .iter()
        .filter_map(|s| {
            acked
                .iter()
                .filter(|a| a.room == s.room && a.at > s.at)
                .map(|a| a.at.duration_since(s.at).as_secs_f64() * 1000.0)
                .reduce(f64::min)
        })
        .collect();
    let unrecovered = signals.len() - recovery.len();
    recovery.sort_by(f64::total_cmp);
    let fenced = paused.as_ref().map_or(0, |p| {
        refused_in_log(&chaos_plan.pid_dir, &p.node, p.log_from)
    });
    // The paused node's console action is nowhere in the log.
    let probe_stored = match &paused {
        Some(p) => {
            let id = format!("{}:probe{PROBE_ID}", "probe".len());
            db.query_one(
                "SELECT count(*) FROM kring_events WHERE room = $1 AND record::jsonb #>> '{input,Act,id}' = $2",
                &[&p.room, &id],
            )
            .await?
            .get::<_, i64>(0)
        }
        None => 0,
    };
    let probe_ok = paused.as_ref().is_none_or(|p| {
        !p.acked && p.closed == Some(kring_protocol::close::ROOM_MOVED) && probe_stored == 0
    });
    let report = ClusterReport {
        kills: chaos_plan.kills,
        stops: usize::from(chaos_plan.stop),
        lost,
        duplicates,
        gaps,
        fenced_appends_refused: fenced,
        recovery_p50_ms: percentile(&recovery, 50.0),
        recovery_p99_ms: percentile(&recovery, 99.0),
        recovery_ms: recovery,
        rooms,
        clients,
        rooms_finished: log.finished.load(Ordering::Relaxed) as usize,
        acked: acked.len(),
        refused: log.refused.load(Ordering::Relaxed),
        reconnects: log.reconnects.load(Ordering::Relaxed),
    };
    for (signal, ms) in signals.iter().zip(&report.recovery_ms) {
        println!(
            "room {}: first acknowledgement {ms:.0} ms after the signal",
            signal.room
        );
    }
    if let Some(path) = json {
        let text = serde_json::to_string_pretty(&report)? + "\n";
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    println!(
        "kills={} stops={} lost={} duplicates={} gaps={} fenced_appends_refused={} recovery p50={:.0} ms p99={:.0} ms rooms_finished={}/{} acked={} refused={} reconnects={}",
        report.kills,
        report.stops,
        report.lost,
        report.duplicates,
        report.gaps,
        report.fenced_appends_refused,
        report.recovery_p50_ms,
        report.recovery_p99_ms,
        report.rooms_finished,
        rooms,
        report.acked,
        report.refused,
        report.reconnects
    );
    println!(
        "kring-load: cluster-quiz clients={clients} rooms={rooms} sent={} acked={} lost={lost} errors={}",
        report.acked + report.refused as usize,
        report.acked,
        duplicates + gaps + unrecovered + (rooms - report.rooms_finished) + usize::from(!probe_ok)
    );
    let ok = lost == 0
        && duplicates == 0
        && gaps == 0
        && unrecovered == 0
        && report.rooms_finished == rooms
        && probe_ok
        && (!chaos_plan.stop || fenced > 0);
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
