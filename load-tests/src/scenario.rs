//! The scenarios: the [`LoadScenario`] trait every scenario implements, the [`Scenario`]
//! entry the command line picks from the registry (`SCENARIOS` in `main.rs`), and [`run`],
//! which takes any scenario through the same stages:
//!
//! 1. **Set up rooms** over HTTP (`POST /api/rooms`, or the room given with `--room`), and let
//!    the scenario add its activities ([`LoadScenario::setup`]).
//! 2. **Attach** a host console and a projector to every room. Each host runs in its own task
//!    from the start and keeps reading, so the coalesced participant lists never back up; each
//!    projector runs [`LoadScenario::run_screen`].
//! 3. **Join** the phones, spread evenly over `--ramp-secs`, phone `i` into room `i mod M`, each
//!    running [`LoadScenario::run_phone`].
//! 4. **Measure** ([`LoadScenario::MEASURE`]): every host drives its room
//!    ([`LoadScenario::drive`]) until every room is over, or the run holds the connections
//!    (`idle`), or lets the joins settle (`join-storm`). Server memory is sampled at the end of
//!    this stage, with every client still connected.
//! 5. **Stop** every client (close frames), collect their records and build the [`Report`].
//!
//! The whole run is bounded by `--timeout-secs`; what has not happened by then counts as lost.
//!
//! A new scenario is a type implementing [`LoadScenario`] in a file of its own (see
//! `statement_scale.rs`) and one line in `SCENARIOS`: the compiler asks for every part a
//! scenario must have, and nothing else names it.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use kring_protocol::{ActivityId, ActivitySpec};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::client::{
    self, Host, HostReport, Net, Pace, PhoneReport, PhoneSpec, ScreenReport, Shared, Ws,
};
use crate::http::{Api, BaseUrl};
use crate::metrics::{Collector, KindReport, Report, projector_latencies};
use crate::sys::Proc;

/// A load scenario: what each room gets, what its host, projector and phones do, and what the
/// run measures. Implemented by a unit type per scenario (`statement_scale::StatementScale`
/// is a small example) and listed once in `SCENARIOS` (`main.rs`).
///
/// Every method is an associated function: the run is generic over the scenario
/// ([`run`]`::<S>`), so nothing is dispatched at run time and a missing part is a compile
/// error. The futures of phones, projectors and hosts run on tokio's worker threads, so they
/// must be `Send`; an `async fn` in the impl is enough.
pub trait LoadScenario: 'static {
    /// Its name on the command line (`--scenario NAME`, kebab-case) and in reports.
    const NAME: &'static str;
    /// What it simulates, in one sentence (`kring-load --help`).
    const ABOUT: &'static str;
    /// Rooms when `--rooms` is not given.
    const DEFAULT_ROOMS: usize = 10;
    /// What the run does once every phone joined.
    const MEASURE: Measure = Measure::Drive;

    /// What a room's host needs from the setup: the ids of the activities added, say.
    type Room: Send + 'static;

    /// Stage 1: adds the room's activities over HTTP (`room.add(&spec)`).
    fn setup(room: Setup<'_>) -> impl Future<Output = anyhow::Result<Self::Room>>;

    /// Stage 4 ([`Measure::Drive`] only): drives one room from its host console, from the
    /// moment every phone joined; the room is over when this returns.
    fn drive(
        host: &mut Host,
        room: Self::Room,
        ctx: RoomCtx<'_>,
    ) -> impl Future<Output = anyhow::Result<()>> + Send;

    /// Runs one phone from its start delay until `phone.stop`: joins, acts, records.
    fn run_phone(phone: PhoneRun) -> impl Future<Output = PhoneReport> + Send + 'static;

    /// Runs one connected projector until `screen.stop`, recording the counts it shows.
    fn run_screen(screen: ScreenRun) -> impl Future<Output = ScreenReport> + Send + 'static;

    /// Questions per quiz, for the report (0 when the scenario plays no quiz).
    fn questions(_plan: &Plan) -> u32 {
        0
    }

    /// What the scenario finds wrong in the records, beyond what every run checks (a phone
    /// that missed a change, say): counted as errors. None by default.
    fn errors(
        _phones: &[PhoneReport],
        _hosts: &[HostReport],
        _screens: &[ScreenReport],
    ) -> Vec<String> {
        Vec::new()
    }

    /// Latencies per action kind, for the report's `kinds` (none by default).
    fn kinds(
        _phones: &[PhoneReport],
        _hosts: &[HostReport],
        _screens: &[ScreenReport],
    ) -> Vec<KindReport> {
        Vec::new()
    }
}

/// What the run does once every phone joined (stage 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Every host drives its room ([`LoadScenario::drive`]); the run waits until every room is
    /// over, then (a few seconds at most) until every action sent is settled.
    Drive,
    /// The connections are held for `--hold-secs` (`idle`).
    Hold,
    /// Half a second, for the coalesced participant lists to go out (`join-storm`).
    Settle,
}

/// A room being set up: its code and host key, and the API to add activities with.
pub struct Setup<'a> {
    /// The HTTP API.
    pub api: &'a Api,
    /// The room's code.
    pub code: &'a str,
    /// The room's host key.
    pub host_key: &'a str,
    /// The run.
    pub plan: &'a Plan,
}

impl Setup<'_> {
    /// Adds an activity to the room; its id.
    pub async fn add(&self, spec: &ActivitySpec) -> anyhow::Result<ActivityId> {
        self.api.add_activity(self.code, self.host_key, spec).await
    }
}

/// What a host driving its room knows.
#[derive(Clone, Copy)]
pub struct RoomCtx<'a> {
    /// Index of the room in the run.
    pub room: usize,
    /// Phones in the room.
    pub phones: usize,
    /// The run.
    pub plan: &'a Plan,
    /// Counters the phones update (phones finished per room, …).
    pub shared: &'a Shared,
}

/// One phone about to run: its spec, the network, the run's counters and its stop signal.
pub struct PhoneRun {
    /// How to reach the server.
    pub net: Arc<Net>,
    /// Which phone (index, room, nickname, start delay, seed); `pace` is [`Pace::Never`]: a
    /// quiz scenario sets its own.
    pub spec: PhoneSpec,
    /// Counters the run waits on.
    pub shared: Arc<Shared>,
    /// The run.
    pub plan: Arc<Plan>,
    /// Turns true when the run stops.
    pub stop: watch::Receiver<bool>,
}

/// One connected projector (its `welcome` received).
pub struct ScreenRun {
    /// Its socket.
    pub ws: Ws,
    /// Index of its room in the run.
    pub room: usize,
    /// The run.
    pub plan: Arc<Plan>,
    /// Turns true when the run stops.
    pub stop: watch::Receiver<bool>,
}

/// A boxed run of one scenario against a server.
type RunFn =
    for<'a> fn(&'a Plan, BaseUrl) -> Pin<Box<dyn Future<Output = anyhow::Result<Report>> + 'a>>;

/// How a scenario runs.
#[derive(Clone, Copy)]
pub enum Runner {
    /// Against a server, through the stages of [`run`].
    Rooms(RunFn),
    /// Without a server: `replay` (`main` runs it).
    Replay,
    /// Against a cluster's proxy, killing and pausing nodes: `cluster-quiz` (`main` runs it).
    Cluster,
}

/// One entry of the registry: a scenario as the command line picks it.
#[derive(Clone, Copy)]
pub struct Scenario {
    name: &'static str,
    about: &'static str,
    default_rooms: usize,
    runner: Runner,
}

impl Scenario {
    /// The registry entry of scenario `S`.
    pub const fn of<S: LoadScenario>() -> Self {
        Scenario {
            name: S::NAME,
            about: S::ABOUT,
            default_rooms: S::DEFAULT_ROOMS,
            runner: Runner::Rooms(boxed_run::<S>),
        }
    }

    /// The entry of a scenario that needs no server.
    pub const fn offline(name: &'static str, about: &'static str) -> Self {
        Scenario {
            name,
            about,
            default_rooms: 1,
            runner: Runner::Replay,
        }
    }

    /// The entry of a scenario against a cluster (its own run, with chaos).
    pub const fn cluster(name: &'static str, about: &'static str) -> Self {
        Scenario {
            name,
            about,
            default_rooms: 10,
            runner: Runner::Cluster,
        }
    }

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        self.name
    }

    /// Rooms used when `--rooms` is not given.
    pub fn default_rooms(self) -> usize {
        self.default_rooms
    }

    /// How it runs.
    pub fn runner(self) -> Runner {
        self.runner
    }
}

fn boxed_run<S: LoadScenario>(
    plan: &Plan,
    base: BaseUrl,
) -> Pin<Box<dyn Future<Output = anyhow::Result<Report>> + '_>> {
    Box::pin(run::<S>(plan, base))
}

impl PartialEq for Scenario {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Scenario {}

impl std::fmt::Debug for Scenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl clap::ValueEnum for Scenario {
    fn value_variants<'a>() -> &'a [Self] {
        crate::SCENARIOS
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name).help(self.about))
    }
}

/// Everything a run needs to know, resolved from the command line.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Which scenario.
    pub scenario: Scenario,
    /// Phones.
    pub clients: usize,
    /// Rooms.
    pub rooms: usize,
    /// Questions per quiz.
    pub questions: u32,
    /// An existing room to use instead of creating one: `(code, host key)`.
    pub existing_room: Option<(String, String)>,
    /// Bound on the whole run.
    pub timeout: Duration,
    /// Phones start connecting evenly over this long.
    pub ramp: Duration,
    /// How long `idle` holds its connections.
    pub hold: Duration,
    /// Seed for answer choices and delays.
    pub seed: u64,
    /// The server's process id, to sample its memory and CPU time.
    pub server_pid: Option<u32>,
    /// Loopback source addresses to spread sockets over.
    pub sources: u8,
    /// Target name for the report.
    pub target: String,
    /// `brainstorm` and `dot-vote`: every phone acts once within this long of the opening,
    /// instead of at classroom pace.
    pub within: Option<Duration>,
    /// `school-day`: median think time of phones and teachers.
    pub think: Duration,
}

/// Longest the run waits, after the last question, for answers still unacknowledged.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(5);
/// How often server memory is sampled for the peak.
const RSS_SAMPLE_EVERY: Duration = Duration::from_millis(200);

/// Start delay of phone `index` of `clients` spread evenly over `ramp`.
pub fn start_delay(index: usize, clients: usize, ramp: Duration) -> Duration {
    if clients == 0 {
        return Duration::ZERO;
    }
    ramp.mul_f64(index as f64 / clients as f64)
}

/// A room ready for the run.
struct RoomSetup<R> {
    code: String,
    host_key: String,
    /// What the scenario's setup returned for the room.
    room: R,
}

/// Runs scenario `S` against the server at `base` and reports what it measured.
pub async fn run<S: LoadScenario>(plan: &Plan, base: BaseUrl) -> anyhow::Result<Report> {
    let started = Instant::now();
    let deadline = started + plan.timeout;
    let addr = base.resolve().await?;
    let net = Arc::new(Net {
        addr,
        ws_url: base.ws_url(),
        sources: plan.sources,
    });
    let api = Api::new(base, addr);
    let server = plan.server_pid.map(Proc::Pid);
    let server_cpu_before = server.and_then(Proc::cpu_seconds);
    let server_rss_before = server.and_then(Proc::rss_bytes);
    let load_cpu_before = Proc::Own.cpu_seconds();
    let (stop_tx, stop) = watch::channel(false);
    let rss_peak = Arc::new(AtomicU64::new(0));
    let sampler =
        server.map(|server| tokio::spawn(sample_rss(server, rss_peak.clone(), stop.clone())));
    let plan = Arc::new(plan.clone());

    // 1. Rooms.
    let rooms = setup_rooms::<S>(&plan, &api).await?;

    // 2. Hosts and projectors; connection numbers after the phones'. Projectors run on a
    // thread of their own, so that an aggregate is read when it arrives, not after thousands of
    // phone tasks queued before it on the phones' thread (answer→projector measures the server).
    let projectors = SideRuntime::start("kring-load-projectors")?;
    let shared = Arc::new(Shared::default());
    let (go_tx, go) = watch::channel(false);
    let mut hosts: Vec<JoinHandle<HostReport>> = Vec::new();
    let mut screens: Vec<JoinHandle<ScreenReport>> = Vec::new();
    let room_count = rooms.len();
    let codes: Vec<String> = rooms.iter().map(|room| room.code.clone()).collect();
    for (r, room) in rooms.into_iter().enumerate() {
        let index = plan.clients + 2 * r;
        let host = Host::connect(&net, index, r, &room.code, &room.host_key)
            .await
            .with_context(|| format!("cannot attach the host of room {}", room.code))?;
        let (net, code, screen_stop, screen_plan) =
            (net.clone(), room.code.clone(), stop.clone(), plan.clone());
        let (attached_tx, attached) = tokio::sync::oneshot::channel();
        screens.push(projectors.spawn(async move {
            match client::connect_screen(&net, index + 1, &code).await {
                Ok(ws) => {
                    let _ = attached_tx.send(Ok(()));
                    S::run_screen(ScreenRun {
                        ws,
                        room: r,
                        plan: screen_plan,
                        stop: screen_stop,
                    })
                    .await
                }
                Err(error) => {
                    let _ = attached_tx.send(Err(error));
                    ScreenReport::default()
                }
            }
        }));
        attached
            .await
            .context("the projectors' runtime stopped")?
            .with_context(|| format!("cannot attach the projector of room {}", room.code))?;
        // Phone i goes to room i mod M.
        let phones_in_room = (plan.clients + room_count - 1 - r) / room_count;
        hosts.push(tokio::spawn(drive_room::<S>(
            host,
            (room.room, r, phones_in_room),
            plan.clone(),
            (go.clone(), stop.clone()),
            shared.clone(),
        )));
    }

    // 3. Phones.
    let tag = plan.seed % 10_000;
    let phones_started = Instant::now();
    let mut phones: Vec<JoinHandle<PhoneReport>> = Vec::with_capacity(plan.clients);
    for i in 0..plan.clients {
        let r = i % room_count;
        let spec = PhoneSpec {
            index: i,
            room: r,
            code: codes[r].clone(),
            nickname: format!(
                "P{tag:04}-{}",
                crate::client::spelled((i / room_count) as u64)
            ),
            start_delay: start_delay(i, plan.clients, plan.ramp),
            pace: Pace::Never,
            seed: plan.seed.wrapping_mul(0x1_0000_0001).wrapping_add(i as u64),
        };
        phones.push(tokio::spawn(S::run_phone(PhoneRun {
            net: net.clone(),
            spec,
            shared: shared.clone(),
            plan: plan.clone(),
            stop: stop.clone(),
        })));
    }
    let clients = plan.clients as u64;
    let all_joined = shared
        .wait_for(deadline, |s| {
            s.joined.load(Ordering::Relaxed) + s.join_failed.load(Ordering::Relaxed) >= clients
        })
        .await;
    let join_span = all_joined.then(|| phones_started.elapsed());
    let mut run_errors = Vec::new();
    if !all_joined {
        run_errors.push("the run timed out before every phone had joined (or failed)".to_owned());
    }

    // 4. Measure.
    match S::MEASURE {
        Measure::Drive => {
            let _ = go_tx.send(true);
            let rooms_total = room_count as u64;
            let finished = shared
                .wait_for(deadline, |s| {
                    s.rooms_done.load(Ordering::Relaxed) >= rooms_total
                })
                .await;
            if !finished {
                run_errors.push("the run timed out before every room had finished".to_owned());
            }
            let settle_by = deadline.min(Instant::now() + SETTLE_TIMEOUT);
            shared
                .wait_for(settle_by, |s| {
                    s.answers_settled.load(Ordering::Relaxed)
                        >= s.answers_sent.load(Ordering::Relaxed)
                })
                .await;
        }
        Measure::Hold => {
            let hold_until = deadline.min(Instant::now() + plan.hold);
            tokio::time::sleep_until(hold_until.into()).await;
        }
        Measure::Settle => {
            // Let the coalesced participant updates go out before measuring memory.
            tokio::time::sleep(
                Duration::from_millis(500).min(deadline.saturating_duration_since(Instant::now())),
            )
            .await;
        }
    }
    let server_rss = server.and_then(Proc::rss_bytes);
    let server_cpu = match (server_cpu_before, server.and_then(Proc::cpu_seconds)) {
        (Some(before), Some(after)) => Some(after - before),
        _ => None,
    };
    let load_cpu = match (load_cpu_before, Proc::Own.cpu_seconds()) {
        (Some(before), Some(after)) => Some(after - before),
        _ => None,
    };
    let duration = started.elapsed();

    // 5. Stop and collect.
    let _ = stop_tx.send(true);
    let mut phone_reports = Vec::with_capacity(phones.len());
    for phone in phones {
        phone_reports.push(phone.await.context("a phone task failed")?);
    }
    let mut host_reports = Vec::with_capacity(hosts.len());
    for host in hosts {
        host_reports.push(host.await.context("a host task failed")?);
    }
    let mut screen_reports = Vec::with_capacity(screens.len());
    for screen in screens {
        screen_reports.push(screen.await.context("a projector task failed")?);
    }
    if let Some(sampler) = sampler {
        let _ = sampler.await;
    }

    let mut collector = collect(&phone_reports, &host_reports, &screen_reports);
    let kinds = S::kinds(&phone_reports, &host_reports, &screen_reports);
    collector.add_errors(run_errors);
    collector.add_errors(S::errors(&phone_reports, &host_reports, &screen_reports));
    for sample in &collector.error_samples {
        eprintln!("kring-load: {sample}");
    }
    let peak = rss_peak.load(Ordering::Relaxed);
    Ok(Report {
        scenario: S::NAME.to_owned(),
        clients,
        rooms: room_count as u64,
        actions_sent: collector.actions_sent,
        actions_acked: collector.actions_acked,
        lost: collector.lost(),
        errors: collector.errors,
        question_to_phone: collector.question_to_phone.summary(),
        answer_to_ack: collector.answer_to_ack.summary(),
        answer_to_projector: collector.answer_to_projector.summary(),
        join: collector.join.summary(),
        server_rss_bytes: server_rss,
        server_rss_before_bytes: server_rss_before,
        server_rss_peak_bytes: (peak > 0).then_some(peak.max(server_rss.unwrap_or(0))),
        server_cpu_s: server_cpu.map(|s| (s * 100.0).round() / 100.0),
        load_cpu_s: load_cpu.map(|s| (s * 100.0).round() / 100.0),
        target: plan.target.clone(),
        joined: collector.joined,
        refused: collector.actions_refused,
        projector_missing: collector.projector_missing,
        questions: S::questions(&plan),
        duration_s: (duration.as_secs_f64() * 100.0).round() / 100.0,
        join_span_s: join_span.map(|d| (d.as_secs_f64() * 1000.0).round() / 1000.0),
        kinds,
        reconnects: crate::school::reconnects(&phone_reports),
    })
}

/// Creates the rooms (or takes the one given) and lets the scenario add its activities.
async fn setup_rooms<S: LoadScenario>(
    plan: &Plan,
    api: &Api,
) -> anyhow::Result<Vec<RoomSetup<S::Room>>> {
    let mut rooms = Vec::with_capacity(plan.rooms);
    for r in 0..plan.rooms {
        let (code, host_key) = match &plan.existing_room {
            Some((code, key)) => (code.clone(), key.clone()),
            None => {
                let created = api
                    .create_room(&format!("kring-load room {}", r + 1))
                    .await?;
                (created.code.0, created.host_key)
            }
        };
        let room = S::setup(Setup {
            api,
            code: &code,
            host_key: &host_key,
            plan,
        })
        .await?;
        rooms.push(RoomSetup {
            code,
            host_key,
            room,
        });
    }
    Ok(rooms)
}

/// A host's task: keeps reading until told to go, drives its room (`S::drive`), then keeps
/// reading until the run stops. `shared.rooms_done` counts rooms that are over (driven, or
/// given up because the host failed). `(state, room, phones)`: what the setup returned, the
/// room's index and how many phones it has.
async fn drive_room<S: LoadScenario>(
    mut host: Host,
    (state, room, phones): (S::Room, usize, usize),
    plan: Arc<Plan>,
    (mut go, mut stop): (watch::Receiver<bool>, watch::Receiver<bool>),
    shared: Arc<Shared>,
) -> HostReport {
    let stopped = stop.clone();
    let counted = AtomicBool::new(false);
    let room_over = || {
        if !counted.swap(true, Ordering::Relaxed) {
            shared.rooms_done.fetch_add(1, Ordering::Relaxed);
            shared.changed.notify_waiters();
        }
    };
    let result = async {
        while !*go.borrow_and_update() {
            if *stopped.borrow() {
                return Ok(());
            }
            host.idle(Duration::from_millis(50)).await?;
        }
        let ctx = RoomCtx {
            room,
            phones,
            plan: &plan,
            shared: &shared,
        };
        S::drive(&mut host, state, ctx).await?;
        room_over();
        while !*stopped.borrow() {
            host.idle(Duration::from_millis(50)).await?;
        }
        anyhow::Ok(())
    };
    let outcome = tokio::select! {
        outcome = result => outcome,
        _ = client::stopped(&mut stop) => Ok(()),
    };
    // A room whose host failed is over too: the run does not wait for it until the timeout.
    room_over();
    if let Err(error) = outcome {
        host.report.errors.push(format!("host: {error:#}"));
    }
    host.finish().await
}

/// Samples the server's resident memory until the run stops, keeping the largest value.
async fn sample_rss(server: Proc, peak: Arc<AtomicU64>, mut stop: watch::Receiver<bool>) {
    loop {
        if let Some(rss) = server.rss_bytes() {
            peak.fetch_max(rss, Ordering::Relaxed);
        }
        tokio::select! {
            _ = tokio::time::sleep(RSS_SAMPLE_EVERY) => {}
            _ = client::stopped(&mut stop) => return,
        }
    }
}

/// Turns the clients' raw records into histograms and counters.
pub fn collect(
    phones: &[PhoneReport],
    hosts: &[HostReport],
    screens: &[ScreenReport],
) -> Collector {
    let mut c = Collector::default();
    let started = |room: usize, question: u32| {
        hosts
            .iter()
            .filter(|h| h.room == room)
            .flat_map(|h| h.started.iter())
            .find(|(q, _)| *q == question)
            .map(|(_, at)| *at)
    };
    for phone in phones {
        if let Some(join) = phone.joined {
            c.join.record(join);
            c.joined += 1;
        }
        for &(question, received) in &phone.questions {
            if let Some(sent) = started(phone.room, question) {
                c.question_to_phone.record_between(sent, received);
            }
        }
        for answer in &phone.answers {
            c.actions_sent += 1;
            if let Some(acked) = answer.acked {
                c.actions_acked += 1;
                c.answer_to_ack.record_between(answer.sent, acked);
            }
            if answer.refused {
                c.actions_refused += 1;
            }
        }
        c.add_errors(phone.errors.iter().cloned());
    }
    for host in hosts {
        c.actions_sent += host.sent;
        c.actions_acked += host.acked;
        c.actions_refused += host.refused;
        c.add_errors(host.errors.iter().cloned());
    }
    for screen in screens {
        c.add_errors(screen.errors.iter().cloned());
        let mut questions: Vec<u32> = screen.progress.iter().map(|&(q, _, _)| q).collect();
        questions.sort_unstable();
        questions.dedup();
        for question in questions {
            let mut sent: Vec<Instant> = phones
                .iter()
                .filter(|p| p.room == screen.room)
                .flat_map(|p| p.answers.iter())
                .filter(|a| a.question == question && !a.refused && a.shown)
                .map(|a| a.sent)
                .collect();
            let progress: Vec<(Instant, u32)> = screen
                .progress
                .iter()
                .filter(|&&(q, _, _)| q == question)
                .map(|&(_, at, responded)| (at, responded))
                .collect();
            let (latencies, missing) = projector_latencies(&mut sent, &progress);
            for latency in latencies {
                c.answer_to_projector.record(latency);
            }
            c.projector_missing += missing;
        }
    }
    // Answers in rooms whose projector saw no progress at all for that question.
    for screen in screens {
        let seen = |q: u32| screen.progress.iter().any(|&(p, _, _)| p == q);
        c.projector_missing += phones
            .iter()
            .filter(|p| p.room == screen.room)
            .flat_map(|p| p.answers.iter())
            .filter(|a| !a.refused && a.shown && !seen(a.question))
            .count() as u64;
    }
    c
}

/// A runtime with one worker thread of its own, beside the main one; dropped (also on an early
/// return inside the main runtime, where a blocking drop would panic) without waiting.
struct SideRuntime(Option<tokio::runtime::Runtime>);

impl SideRuntime {
    fn start(name: &str) -> anyhow::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name(name)
            .enable_all()
            .build()
            .with_context(|| format!("cannot start the {name} runtime"))?;
        Ok(SideRuntime(Some(runtime)))
    }

    fn spawn<F>(&self, task: F) -> JoinHandle<F::Output>
    where
        F: std::future::Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.0.as_ref().expect("running until dropped").spawn(task)
    }
}

impl Drop for SideRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::AnswerRecord;

    #[test]
    fn joins_are_spread_over_the_ramp() {
        let ramp = Duration::from_secs(2);
        assert_eq!(start_delay(0, 4, ramp), Duration::ZERO);
        assert_eq!(start_delay(2, 4, ramp), Duration::from_secs(1));
        assert!(start_delay(3, 4, ramp) < ramp);
        assert_eq!(start_delay(0, 0, ramp), Duration::ZERO);
    }

    #[test]
    fn records_become_counters_and_histograms() {
        let t0 = Instant::now();
        let at = |ms| t0 + Duration::from_millis(ms);
        let answer = |sent, acked: Option<u64>, refused| AnswerRecord {
            question: 0,
            sent: at(sent),
            acked: acked.map(at),
            refused,
            shown: true,
        };
        let phones = vec![
            PhoneReport {
                room: 0,
                joined: Some(Duration::from_millis(5)),
                questions: vec![(0, at(12))],
                answers: vec![answer(12, Some(20), false)],
                reconnects: 0,
                errors: vec![],
            },
            PhoneReport {
                room: 0,
                joined: Some(Duration::from_millis(7)),
                questions: vec![(0, at(14))],
                answers: vec![answer(14, None, false)],
                reconnects: 0,
                errors: vec![],
            },
            PhoneReport {
                room: 0,
                joined: None,
                errors: vec!["phone 2: refused".into()],
                ..PhoneReport::default()
            },
        ];
        let hosts = vec![HostReport {
            room: 0,
            started: vec![(0, at(10))],
            sent: 3,
            acked: 3,
            ..HostReport::default()
        }];
        let screens = vec![ScreenReport {
            room: 0,
            progress: vec![(0, at(40), 1)],
            errors: vec![],
        }];
        let c = collect(&phones, &hosts, &screens);
        assert_eq!((c.actions_sent, c.actions_acked, c.lost()), (5, 4, 1));
        assert_eq!((c.errors, c.joined), (1, 2));
        assert_eq!(c.join.count(), 2);
        assert_eq!(c.question_to_phone.summary().max_ms, Some(4.0));
        assert_eq!(c.answer_to_ack.summary().max_ms, Some(8.0));
        // First answer (sent at 12) is counted by the progress at 40; the second never is.
        assert_eq!(c.answer_to_projector.summary().max_ms, Some(28.0));
        assert_eq!(c.projector_missing, 1);
    }
}
