//! The scenarios: who connects where, when phones answer, and how the host drives each room.
//!
//! Every scenario goes through the same stages ([`run`]):
//!
//! 1. **Set up rooms** over HTTP (`POST /api/rooms`, or the room given with `--room`), and for
//!    quiz scenarios add a quiz (`POST /api/rooms/{code}/activities`).
//! 2. **Attach** a host console and a projector to every room. Each host runs in its own task
//!    from the start and keeps reading, so the coalesced participant lists never back up.
//! 3. **Join** the phones, spread evenly over `--ramp-secs`, phone `i` into room `i mod M`.
//! 4. **Measure**: quiz scenarios let every host run its quiz (set current, then per question
//!    start → wait for the lock → next); `idle` holds the connections; `join-storm` just lets
//!    the joins settle. Server memory is sampled at the end of this stage, with every client
//!    still connected.
//! 5. **Stop** every client (close frames), collect their records and build the [`Report`].
//!
//! The whole run is bounded by `--timeout-secs`; what has not happened by then counts as lost.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, QuestionSpec, QuizInput, QuizSpec,
};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::client::{
    self, Host, HostReport, Net, Pace, Phase, PhoneReport, PhoneSpec, ScreenReport, Shared,
    expect_ack,
};
use crate::http::{Api, BaseUrl};
use crate::metrics::{Collector, Report, projector_latencies};
use crate::sys::Proc;
use crate::{card_sort, open_question, pitches, school, statement_scale, teams, timer, wall};

/// Which scenario to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scenario {
    /// One room; every phone answers each question the moment it arrives.
    QuizBurst,
    /// Several rooms running a quiz at once, answers spread over a few seconds.
    Classrooms,
    /// Phones join within a few seconds; measures connect → welcome.
    JoinStorm,
    /// Phones connect and stay idle; measures the server's memory per connection.
    Idle,
    /// No server: writes a room's event log of `--clients` records through Kring's store and
    /// times restoring it (see `replay.rs`).
    Replay,
    /// Classes forming teams (students pick), dealing role cards and naming their teams at
    /// once (see `teams.rs`).
    Teams,
    /// Classes filling a brainstorm wall: ideas and likes (see `wall.rs`).
    Brainstorm,
    /// Classes dot-voting: every phone places its dots and moves them (see `wall.rs`).
    DotVote,
    /// Classes checking in: a face and a word each, or a skip (see `wall.rs`).
    CheckIn,
    /// Classes rating each team's pitch in a burst: stars, a top and a tip (see `pitches.rs`).
    Pitches,
    /// Classes placing a dot on each statement of a statement scale (see `statement_scale.rs`).
    StatementScale,
    /// Classes answering an open question, the server folding the answers into its word
    /// cloud (see `open_question.rs`).
    OpenQuestion,
    /// Classes sorting evaluation cards onto the sessions (see `card_sort.rs`).
    CardSort,
    /// Classes watching a timer beside the current activity while the teacher pauses and
    /// extends it (see `timer.rs`).
    Timer,
    /// A whole school: every room runs a period (quiz, teams, team names, wall, dot-vote,
    /// pitches) at human pace, rooms starting staggered (see `school.rs`).
    SchoolDay,
}

impl Scenario {
    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::QuizBurst => "quiz-burst",
            Scenario::Classrooms => "classrooms",
            Scenario::JoinStorm => "join-storm",
            Scenario::Idle => "idle",
            Scenario::Replay => "replay",
            Scenario::Teams => "teams",
            Scenario::Brainstorm => "brainstorm",
            Scenario::DotVote => "dot-vote",
            Scenario::CheckIn => "check-in",
            Scenario::Pitches => "pitches",
            Scenario::StatementScale => "statement-scale",
            Scenario::OpenQuestion => "open-question",
            Scenario::CardSort => "card-sort",
            Scenario::Timer => "timer",
            Scenario::SchoolDay => "school-day",
        }
    }

    /// Which activity of `wall.rs` this scenario runs, if any.
    fn wall_kind(self) -> Option<wall::Kind> {
        match self {
            Scenario::Brainstorm => Some(wall::Kind::Wall),
            Scenario::DotVote => Some(wall::Kind::Vote),
            Scenario::CheckIn => Some(wall::Kind::CheckIn),
            _ => None,
        }
    }

    /// Rooms used when `--rooms` is not given.
    pub fn default_rooms(self) -> usize {
        match self {
            Scenario::Classrooms
            | Scenario::Teams
            | Scenario::Brainstorm
            | Scenario::DotVote
            | Scenario::CheckIn
            | Scenario::Pitches
            | Scenario::StatementScale
            | Scenario::OpenQuestion
            | Scenario::CardSort
            | Scenario::Timer
            | Scenario::SchoolDay => 10,
            _ => 1,
        }
    }

    fn runs_quiz(self) -> bool {
        matches!(self, Scenario::QuizBurst | Scenario::Classrooms)
    }

    fn pace(self) -> Pace {
        match self {
            Scenario::QuizBurst => Pace::Burst,
            Scenario::Classrooms => Pace::Spread {
                min: Duration::from_millis(500),
                max: Duration::from_millis(4000),
            },
            Scenario::JoinStorm
            | Scenario::Idle
            | Scenario::Replay
            | Scenario::Teams
            | Scenario::Brainstorm
            | Scenario::DotVote
            | Scenario::CheckIn
            | Scenario::Pitches
            | Scenario::StatementScale
            | Scenario::OpenQuestion
            | Scenario::CardSort
            | Scenario::Timer
            | Scenario::SchoolDay => Pace::Never,
        }
    }

    /// Time limit of each quiz question.
    fn time_limit_secs(self) -> u32 {
        match self {
            Scenario::Classrooms => 20,
            _ => 15,
        }
    }

    /// Pause between a question's lock and the next question.
    fn between_questions(self) -> Duration {
        match self {
            Scenario::Classrooms => Duration::from_millis(1500),
            _ => Duration::from_millis(300),
        }
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

/// How a host paces its quiz.
#[derive(Debug, Clone, Copy)]
pub struct QuizPace {
    /// Each question's time limit.
    pub limit: Duration,
    /// Pause after opening the quiz, after each lock and after each leaderboard.
    pub pause: Duration,
    /// Whether a leaderboard follows each question but the last.
    pub leaderboard: bool,
}

/// A room ready for the run.
#[derive(Debug, Clone)]
struct RoomSetup {
    code: String,
    host_key: String,
    /// The activity the room runs (its quiz, team-name brainstorm or pitch round).
    activity: Option<ActivityId>,
    /// `school-day`: the room's whole agenda.
    agenda: Option<school::Agenda>,
}

/// The quiz each room plays: `questions` four-option questions.
pub fn quiz_spec(questions: u32, time_limit_secs: u32) -> ActivitySpec {
    ActivitySpec::Quiz(QuizSpec {
        title: "kring-load quiz".to_owned(),
        no_ranking: false,
        team_mode: false,
        questions: (0..questions)
            .map(|q| QuestionSpec {
                text: format!("Load question {}", q + 1),
                options: ["A", "B", "C", "D"].map(String::from).to_vec(),
                correct: vec![q % 4],
                time_limit_secs,
                mode: kring_protocol::AnswerMode::One,
            })
            .collect(),
    })
}

/// Start delay of phone `index` of `clients` spread evenly over `ramp`.
pub fn start_delay(index: usize, clients: usize, ramp: Duration) -> Duration {
    if clients == 0 {
        return Duration::ZERO;
    }
    ramp.mul_f64(index as f64 / clients as f64)
}

/// Runs a scenario against the server at `base` and reports what it measured.
pub async fn run(plan: &Plan, base: BaseUrl) -> anyhow::Result<Report> {
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

    // 1. Rooms.
    let rooms = setup_rooms(plan, &api).await?;

    // 2. Hosts and projectors; connection numbers after the phones'. Projectors run on a
    // thread of their own, so that an aggregate is read when it arrives, not after thousands of
    // phone tasks queued before it on the phones' thread (answer→projector measures the server).
    let projectors = SideRuntime::start("kring-load-projectors")?;
    let day = school::Day {
        rooms: rooms.len(),
        stagger: plan.ramp,
        think: plan.think,
    };
    let shared = Arc::new(Shared::default());
    let (go_tx, go) = watch::channel(false);
    let mut hosts: Vec<JoinHandle<HostReport>> = Vec::new();
    let mut screens: Vec<JoinHandle<ScreenReport>> = Vec::new();
    for (r, room) in rooms.iter().enumerate() {
        let index = plan.clients + 2 * r;
        let host = Host::connect(&net, index, r, &room.code, &room.host_key)
            .await
            .with_context(|| format!("cannot attach the host of room {}", room.code))?;
        let (net, code, screen_stop) = (net.clone(), room.code.clone(), stop.clone());
        let scenario = plan.scenario;
        let (attached_tx, attached) = tokio::sync::oneshot::channel();
        screens.push(projectors.spawn(async move {
            match client::connect_screen(&net, index + 1, &code).await {
                Ok(screen) => {
                    let _ = attached_tx.send(Ok(()));
                    match (scenario, scenario.wall_kind()) {
                        (Scenario::Teams, _) => teams::run_screen(screen, r, screen_stop).await,
                        (Scenario::Pitches, _) => pitches::run_screen(screen, r, screen_stop).await,
                        (Scenario::StatementScale, _) => {
                            statement_scale::run_screen(screen, r, screen_stop).await
                        }
                        (Scenario::OpenQuestion, _) => {
                            open_question::run_screen(screen, r, screen_stop).await
                        }
                        (Scenario::CardSort, _) => {
                            card_sort::run_screen(screen, r, screen_stop).await
                        }
                        (Scenario::SchoolDay, _) => {
                            school::run_screen(screen, r, screen_stop).await
                        }
                        (_, Some(kind)) => wall::run_screen(screen, r, kind, screen_stop).await,
                        _ => client::run_screen(screen, r, screen_stop).await,
                    }
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
        let phones_in_room = (plan.clients + rooms.len() - 1 - r) / rooms.len();
        hosts.push(tokio::spawn(drive_room(
            host,
            plan.scenario,
            plan.questions,
            (
                room.activity,
                r,
                phones_in_room,
                room.agenda.map(|a| (a, day)),
            ),
            go.clone(),
            stop.clone(),
            shared.clone(),
        )));
    }

    // 3. Phones.
    let tag = plan.seed % 10_000;
    let phones_started = Instant::now();
    let mut phones: Vec<JoinHandle<PhoneReport>> = Vec::with_capacity(plan.clients);
    for i in 0..plan.clients {
        let r = i % rooms.len();
        let spec = PhoneSpec {
            index: i,
            room: r,
            code: rooms[r].code.clone(),
            nickname: format!(
                "P{tag:04}-{}",
                crate::client::spelled((i / rooms.len()) as u64)
            ),
            start_delay: start_delay(i, plan.clients, plan.ramp),
            pace: plan.scenario.pace(),
            seed: plan.seed.wrapping_mul(0x1_0000_0001).wrapping_add(i as u64),
        };
        let (net, shared, stop) = (net.clone(), shared.clone(), stop.clone());
        phones.push(match (plan.scenario, plan.scenario.wall_kind()) {
            (Scenario::Teams, _) => tokio::spawn(teams::run_phone(net, spec, shared, stop)),
            (Scenario::Pitches, _) => tokio::spawn(pitches::run_phone(net, spec, shared, stop)),
            (Scenario::StatementScale, _) => {
                tokio::spawn(statement_scale::run_phone(net, spec, shared, stop))
            }
            (Scenario::OpenQuestion, _) => {
                tokio::spawn(open_question::run_phone(net, spec, shared, stop))
            }
            (Scenario::CardSort, _) => tokio::spawn(card_sort::run_phone(net, spec, shared, stop)),
            (Scenario::Timer, _) => tokio::spawn(timer::run_phone(net, spec, shared, stop)),
            (Scenario::SchoolDay, _) => {
                tokio::spawn(school::run_phone(net, spec, shared, day, stop))
            }
            (_, Some(kind)) => tokio::spawn(wall::run_phone(
                net,
                spec,
                shared,
                (kind, plan.within),
                stop,
            )),
            _ => tokio::spawn(client::run_phone(net, spec, shared, stop)),
        });
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
    match plan.scenario {
        Scenario::QuizBurst
        | Scenario::Classrooms
        | Scenario::Teams
        | Scenario::Brainstorm
        | Scenario::DotVote
        | Scenario::CheckIn
        | Scenario::Pitches
        | Scenario::StatementScale
        | Scenario::OpenQuestion
        | Scenario::CardSort
        | Scenario::Timer
        | Scenario::SchoolDay => {
            let _ = go_tx.send(true);
            let rooms_total = rooms.len() as u64;
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
        Scenario::Idle => {
            let hold_until = deadline.min(Instant::now() + plan.hold);
            tokio::time::sleep_until(hold_until.into()).await;
        }
        // `main` runs `replay` itself, before any connection is made.
        Scenario::Replay => {}
        Scenario::JoinStorm => {
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
    let kinds = if plan.scenario == Scenario::SchoolDay {
        school::kinds(&phone_reports, &host_reports, &screen_reports)
    } else {
        Vec::new()
    };
    collector.add_errors(run_errors);
    if plan.scenario == Scenario::Timer {
        collector.add_errors(timer::missed(&phone_reports, &host_reports));
    }
    for sample in &collector.error_samples {
        eprintln!("kring-load: {sample}");
    }
    let peak = rss_peak.load(Ordering::Relaxed);
    Ok(Report {
        scenario: plan.scenario.name().to_owned(),
        clients,
        rooms: rooms.len() as u64,
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
        questions: if plan.scenario.runs_quiz() {
            plan.questions
        } else {
            0
        },
        duration_s: (duration.as_secs_f64() * 100.0).round() / 100.0,
        join_span_s: join_span.map(|d| (d.as_secs_f64() * 1000.0).round() / 1000.0),
        kinds,
        reconnects: school::reconnects(&phone_reports),
    })
}

/// Creates the rooms (or takes the one given) and adds the quiz to each.
async fn setup_rooms(plan: &Plan, api: &Api) -> anyhow::Result<Vec<RoomSetup>> {
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
        let activity = if plan.scenario.runs_quiz() {
            let spec = quiz_spec(plan.questions, plan.scenario.time_limit_secs());
            Some(api.add_activity(&code, &host_key, &spec).await?)
        } else if plan.scenario == Scenario::Teams {
            Some(
                api.add_activity(&code, &host_key, &teams::names_spec())
                    .await?,
            )
        } else if let Some(kind) = plan.scenario.wall_kind() {
            let spec = match kind {
                wall::Kind::Wall => wall::wall_spec(),
                wall::Kind::Vote => wall::vote_spec(),
                wall::Kind::CheckIn => wall::check_in_spec(),
            };
            Some(api.add_activity(&code, &host_key, &spec).await?)
        } else if plan.scenario == Scenario::Pitches {
            Some(api.add_activity(&code, &host_key, &pitches::spec()).await?)
        } else if plan.scenario == Scenario::Timer {
            Some(api.add_activity(&code, &host_key, &timer::spec()).await?)
        } else if plan.scenario == Scenario::StatementScale {
            Some(
                api.add_activity(&code, &host_key, &statement_scale::spec())
                    .await?,
            )
        } else if plan.scenario == Scenario::OpenQuestion {
            Some(
                api.add_activity(&code, &host_key, &open_question::spec())
                    .await?,
            )
        } else if plan.scenario == Scenario::CardSort {
            Some(
                api.add_activity(&code, &host_key, &card_sort::spec())
                    .await?,
            )
        } else {
            None
        };
        let agenda = if plan.scenario == Scenario::SchoolDay {
            let mut ids = Vec::new();
            for spec in school::specs() {
                ids.push(api.add_activity(&code, &host_key, &spec).await?);
            }
            Some(school::Agenda {
                quiz: ids[0],
                names: ids[1],
                wall: ids[2],
                vote: ids[3],
                pitches: ids[4],
            })
        } else {
            None
        };
        rooms.push(RoomSetup {
            code,
            host_key,
            activity,
            agenda,
        });
    }
    Ok(rooms)
}

/// What a room's host runs: its activity, its index, how many phones it has, and for
/// `school-day` its agenda and the day's pace.
type RoomPlan = (
    Option<ActivityId>,
    usize,
    usize,
    Option<(school::Agenda, school::Day)>,
);

/// A host's task: keeps reading until told to go, runs the quiz (if any), then keeps reading
/// until the run stops. `shared.rooms_done` counts rooms whose quiz is over (played, or given
/// up because the host failed).
async fn drive_room(
    mut host: Host,
    scenario: Scenario,
    questions: u32,
    (activity, room, phones, day): RoomPlan,
    mut go: watch::Receiver<bool>,
    mut stop: watch::Receiver<bool>,
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
        match (activity, scenario.wall_kind()) {
            _ if let Some((agenda, day)) = day => {
                school::drive(&mut host, agenda, (day, room, phones), &shared).await?;
            }
            (Some(names), _) if scenario == Scenario::Teams => {
                teams::drive(&mut host, names, phones).await?;
            }
            (Some(round), _) if scenario == Scenario::Pitches => {
                pitches::drive(&mut host, round, phones).await?;
            }
            (Some(scale), _) if scenario == Scenario::StatementScale => {
                statement_scale::drive(&mut host, scale, phones).await?;
            }
            (Some(question), _) if scenario == Scenario::OpenQuestion => {
                open_question::drive(&mut host, question, phones).await?;
            }
            (Some(sort), _) if scenario == Scenario::CardSort => {
                card_sort::drive(&mut host, sort, (room, phones), &shared).await?;
            }
            (Some(t), _) if scenario == Scenario::Timer => timer::drive(&mut host, t).await?,
            (Some(activity), Some(kind)) => {
                wall::drive(&mut host, kind, activity, (room, phones), &shared).await?;
            }
            (Some(quiz), None) => {
                let pace = QuizPace {
                    limit: Duration::from_secs(u64::from(scenario.time_limit_secs())),
                    pause: scenario.between_questions(),
                    leaderboard: scenario == Scenario::Classrooms,
                };
                run_quiz(&mut host, questions, quiz, pace).await?;
            }
            (None, _) => {}
        }
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

/// Plays the quiz: current, a pause, then each question: start, wait for the lock (everyone
/// answered, or the deadline), close it by hand if the server has not, pause; finally the podium.
pub async fn run_quiz(
    host: &mut Host,
    questions: u32,
    quiz: ActivityId,
    pace: QuizPace,
) -> anyhow::Result<()> {
    let input = |input: QuizInput| Act::Activity {
        activity: quiz,
        input: ActivityInput::Quiz(input),
    };
    expect_ack(
        host,
        Act::SetCurrent {
            activity: Some(quiz),
        },
        "setCurrent",
    )
    .await?;
    // A teacher opens the quiz, then starts it. The pause also lets this process read the
    // quiz broadcast on every phone first: otherwise the first question's latency would
    // measure how far kring-load itself is behind, not the server.
    host.idle(pace.pause).await?;
    let limit = pace.limit;
    for q in 0..questions {
        expect_ack(
            host,
            input(QuizInput::StartQuestion { question: q }),
            "startQuestion",
        )
        .await?;
        let locked = host
            .wait_phase(limit + Duration::from_secs(3), |p| p == Phase::Reveal(q))
            .await?;
        if !locked {
            expect_ack(host, input(QuizInput::CloseQuestion), "closeQuestion").await?;
        }
        host.idle(pace.pause).await?;
        if pace.leaderboard && q + 1 < questions {
            expect_ack(host, input(QuizInput::ShowLeaderboard), "showLeaderboard").await?;
            host.idle(pace.pause).await?;
        }
    }
    expect_ack(host, input(QuizInput::ShowPodium), "showPodium").await
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
    fn the_quiz_is_valid() {
        let ActivitySpec::Quiz(quiz) = quiz_spec(5, 15) else {
            unreachable!()
        };
        assert_eq!(quiz.questions.len(), 5);
        for q in &quiz.questions {
            assert_eq!(q.options.len(), 4);
            assert!(q.correct.iter().all(|&c| c < 4));
        }
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
