//! kring-load: Kring's load generator and benchmark harness.
//!
//! ```text
//! cargo run --release -p kring-load -- --url http://127.0.0.1:8080 --scenario quiz-burst --clients 200
//! ```
//!
//! Modules, in the order data flows through them:
//!
//! - `main` (this file): the command line ([`Cli`]), the open-file limit, the exit code.
//! - [`scenario`]: the [`scenario::LoadScenario`] trait every scenario implements, and the run
//!   that takes any of them through its stages: sets up rooms, attaches hosts and projectors,
//!   joins phones, lets the hosts drive their rooms and collects every client's records.
//! - [`SCENARIOS`] (this file): the registry, one line per scenario.
//! - [`quiz`]: `--scenario quiz-burst`, `classrooms`, `join-storm` and `idle` (one generic
//!   scenario over a `Style`).
//! - [`http`]: a minimal HTTP/1.1 client for the JSON API, and `--url` parsing.
//! - [`client`]: one phone, one host console, one projector, each over its own WebSocket,
//!   speaking the wire types of `kring-protocol`; they record raw timestamps.
//! - [`metrics`]: HDR histograms, counters, the JSON report and the human table.
//! - [`sys`]: `RLIMIT_NOFILE`, and a process's memory and CPU time from `/proc`.
//! - [`replay`]: `--scenario replay`, no server: how fast Kring restores a long event log.
//! - [`cluster`]: `--scenario cluster-quiz`: a quiz through a cluster's proxy while room owners
//!   are killed and paused; clients follow reconnects; the shared database is checked.
//! - [`acting`]: the phones of the activity scenarios, acting once per stage at classroom pace.
//! - [`pitches`]: `--scenario pitches`: classes rating each team's pitch in a burst.
//! - [`statement_scale`]: `--scenario statement-scale`: classes placing a dot on each statement.
//! - [`open_question`]: `--scenario open-question`: classes answering an open question (its word
//!   cloud).
//! - [`card_sort`]: `--scenario card-sort`: classes sorting evaluation cards onto sessions.
//! - [`timer`]: `--scenario timer`: classes watching a timer beside the current activity while
//!   the teacher pauses and extends it (phase change → phone, nothing lost).
//! - [`session`]: `--scenario session`: classes running a session of several activities, the lead
//!   planning it and stepping through it and back.
//! - [`teams`]: `--scenario teams`: the phones, host and projector of classes forming teams,
//!   dealing roles and naming their teams.
//! - [`school`]: `--scenario school-day`: every room of a school running a period (quiz, teams,
//!   team names, wall, dot-vote, pitches) at human pace, rooms staggered, reported per action.
//! - [`wall`]: `--scenario brainstorm`, `--scenario dot-vote` and `--scenario check-in`: classes
//!   filling a brainstorm wall (ideas, likes), dot-voting (placing and moving dots) and checking
//!   in (a face and a word, or a skip).
//!
//! The last line on stdout is always
//! `kring-load: <scenario> clients=N rooms=M sent=S acked=A lost=L errors=E`. The exit code is
//! 0 when every action was acknowledged and nothing went wrong, 1 when an action was lost or
//! refused or an error occurred (unless `--allow-loss`), 2 when the run could not be set up.

mod acting;
mod client;
mod cluster;
mod http;
mod metrics;
mod replay;
mod scenario;
mod sys;

// The scenarios, one file each (a few share one): a `mod` line here and a line in `SCENARIOS`.
mod card_sort;
mod empty_chair;
mod open_question;
mod pitches;
mod quiz;
mod school;
mod session;
mod statement_scale;
mod teams;
mod timeline;
mod timer;
mod wall;
mod we_did;

/// Every `--scenario`, in the order `--help` lists them: a new scenario is a type implementing
/// [`scenario::LoadScenario`] in a file of its own and one line here.
pub static SCENARIOS: &[Scenario] = &[
    Scenario::of::<quiz::QuizBurst>(),
    Scenario::of::<quiz::Classrooms>(),
    Scenario::of::<quiz::JoinStorm>(),
    Scenario::of::<quiz::Idle>(),
    replay::REPLAY,
    cluster::CLUSTER,
    Scenario::of::<teams::Teams>(),
    Scenario::of::<wall::Brainstorm>(),
    Scenario::of::<wall::DotVote>(),
    Scenario::of::<wall::CheckIn>(),
    Scenario::of::<pitches::Pitches>(),
    Scenario::of::<statement_scale::StatementScale>(),
    Scenario::of::<card_sort::CardSort>(),
    Scenario::of::<timer::Timer>(),
    Scenario::of::<session::Session>(),
    Scenario::of::<open_question::OpenQuestion>(),
    Scenario::of::<empty_chair::EmptyChair>(),
    Scenario::of::<school::SchoolDay>(),
    Scenario::of::<we_did::WeDid>(),
    Scenario::of::<timeline::Timeline>(),
];

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Parser;

use crate::http::BaseUrl;
use crate::scenario::{Plan, Runner, Scenario};

/// Which server implementation is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    /// Kring itself (the full protocol).
    Kring,
    /// The Bun comparison peer (`load-tests/peers/bun-server.js`, uWebSockets).
    Bun,
    /// The Bun peer started with `--durable FILE`: every action committed to `bun:sqlite`
    /// (WAL, `synchronous=FULL`) before its ack, as Kring does.
    BunDurable,
    /// The Node comparison peer (`load-tests/peers/node-server.js`, the `ws` package).
    Node,
}

impl Target {
    fn name(self) -> &'static str {
        match self {
            Target::Kring => "kring",
            Target::Bun => "bun",
            Target::BunDurable => "bun-durable",
            Target::Node => "node",
        }
    }
}

/// Load generator for Kring: simulated phones, hosts and projectors over real WebSockets.
#[derive(Parser, Debug, Clone)]
#[command(name = "kring-load", version)]
pub struct Cli {
    /// The server's base URL.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,

    /// What to simulate.
    #[arg(long, value_enum)]
    pub scenario: Scenario,

    /// Number of phones.
    #[arg(long, default_value_t = 100)]
    pub clients: usize,

    /// Number of rooms (default: 1 for quiz-burst, join-storm, idle and replay, 10 otherwise);
    /// phones are dealt round-robin.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub rooms: Option<u32>,

    /// Also write the report as JSON to this file.
    #[arg(long)]
    pub json: Option<PathBuf>,

    /// Use this existing room instead of creating one (needs --host-key; one room only).
    #[arg(long, requires = "host_key")]
    pub room: Option<String>,

    /// Host key of --room.
    #[arg(long, requires = "room")]
    pub host_key: Option<String>,

    /// The server's process id: report its memory (VmRSS) and CPU time from /proc.
    #[arg(long)]
    pub server_pid: Option<u32>,

    /// Upper bound on the whole run, in seconds.
    #[arg(long, default_value_t = 60)]
    pub timeout_secs: u64,

    /// Questions per quiz (quiz-burst, classrooms).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub questions: u32,

    /// Which server is measured.
    #[arg(long, value_enum, default_value_t = Target::Kring)]
    pub target: Target,

    /// Exit 0 even when actions were lost or errors occurred.
    #[arg(long)]
    pub allow_loss: bool,

    /// Phones start connecting evenly spread over this many seconds.
    #[arg(long, default_value_t = 2.0)]
    pub ramp_secs: f64,

    /// How long `idle` holds its connections before sampling memory, in seconds.
    #[arg(long, default_value_t = 5.0)]
    pub hold_secs: f64,

    /// Spread sockets over source addresses 127.0.0.1 ..= 127.0.0.N (loopback servers only;
    /// 0 lets the kernel choose).
    #[arg(long, default_value_t = 16)]
    pub source_addrs: u8,

    /// Seed for answer choices, delays and nicknames (default: from the clock).
    #[arg(long)]
    pub seed: Option<u64>,

    /// brainstorm, dot-vote, check-in: every phone acts once (one idea; one allocation of its
    /// dots; one face) at a random moment within this many seconds of the opening, instead of
    /// at classroom pace.
    #[arg(long)]
    pub within_secs: Option<f64>,

    /// school-day: median think time of phones and teachers, in seconds (log-normal around
    /// it). Rooms start spread over --ramp-secs.
    #[arg(long, default_value_t = 4.0)]
    pub think_secs: f64,

    /// cluster-quiz: the cluster's PostgreSQL database (room owners, and the checks).
    #[arg(long)]
    pub database_url: Option<String>,

    /// cluster-quiz: the folder with each node's `<node-id>.pid` and `<node-id>.log`.
    #[arg(long)]
    pub pid_dir: Option<PathBuf>,

    /// cluster-quiz: how many room owners to kill (`kill -9`), one after the other.
    #[arg(long, default_value_t = 3)]
    pub kills: usize,

    /// cluster-quiz: then pause a room's owner past its lease (`kill -STOP`) and resume it
    /// (`kill -CONT`); its appends must be refused.
    #[arg(long)]
    pub stop_owner: bool,

    /// cluster-quiz: the nodes' lease time (their `--lease-ms`).
    #[arg(long, default_value_t = 5000)]
    pub lease_ms: u64,
}

impl Cli {
    /// Checks the combination of flags and resolves defaults into a [`Plan`].
    pub fn plan(&self, seed: u64) -> anyhow::Result<Plan> {
        let rooms = self
            .rooms
            .map_or_else(|| self.scenario.default_rooms(), |r| r as usize);
        if self.room.is_some() && rooms != 1 {
            bail!("--room uses one existing room; drop --rooms or set --rooms 1");
        }
        if self.clients == 0 {
            bail!("--clients must be at least 1");
        }
        if rooms > self.clients {
            bail!(
                "--rooms ({rooms}) cannot exceed --clients ({})",
                self.clients
            );
        }
        let secs = |name: &str, value: f64| {
            if value.is_finite() && (0.0..=3600.0).contains(&value) {
                Ok(Duration::from_secs_f64(value))
            } else {
                Err(anyhow::anyhow!("{name} must be between 0 and 3600 seconds"))
            }
        };
        Ok(Plan {
            scenario: self.scenario,
            clients: self.clients,
            rooms,
            questions: self.questions,
            existing_room: self.room.clone().zip(self.host_key.clone()),
            timeout: Duration::from_secs(self.timeout_secs.max(1)),
            ramp: secs("--ramp-secs", self.ramp_secs)?,
            hold: secs("--hold-secs", self.hold_secs)?,
            seed,
            server_pid: self.server_pid,
            sources: self.source_addrs,
            target: self.target.name().to_owned(),
            within: self
                .within_secs
                .map(|s| secs("--within-secs", s))
                .transpose()?,
            think: secs("--think-secs", self.think_secs)?,
        })
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("kring-load: error: cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(&cli)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("kring-load: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// One thread when this process may use one core (as `bench.sh` pins it): every phone task,
/// its wake-ups and the socket driver stay on that thread, with no cross-thread hand-offs
/// (futex wake-ups and context switches were a fifth of a pinned run's CPU). More cores get a
/// worker per core.
fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if cores == 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
    }
}

async fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    if let Runner::Cluster = cli.scenario.runner() {
        let plan = cli.plan(1)?;
        let chaos = cluster::Chaos {
            database_url: cli
                .database_url
                .clone()
                .context("--scenario cluster-quiz needs --database-url")?,
            pid_dir: cli
                .pid_dir
                .clone()
                .context("--scenario cluster-quiz needs --pid-dir")?,
            kills: cli.kills,
            stop: cli.stop_owner,
            lease: Duration::from_millis(cli.lease_ms),
        };
        return cluster::run(
            BaseUrl::parse(&cli.url)?,
            plan.clients,
            plan.rooms,
            plan.questions,
            plan.timeout,
            chaos,
            cli.json.as_deref(),
        )
        .await;
    }
    let Runner::Rooms(run_scenario) = cli.scenario.runner() else {
        let events = cli.clients as u64;
        let report = replay::run(events).await?;
        if let Some(path) = &cli.json {
            let json = serde_json::to_string_pretty(&report)? + "\n";
            std::fs::write(path, json)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        println!(
            "open {:.1} ms, replay from snapshot {:.1} ms, full replay {:.1} ms ({:.0} records/s)",
            report.open_ms,
            report.replay_with_snapshots_ms,
            report.replay_full_ms,
            report.full_replay_events_per_s
        );
        println!("kring-load: replay clients={events} rooms=2 sent=0 acked=0 lost=0 errors=0");
        return Ok(ExitCode::SUCCESS);
    };
    let seed = cli.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1)
    });
    let plan = cli.plan(seed)?;
    let base = BaseUrl::parse(&cli.url)?;
    let files = sys::raise_nofile_limit().context("cannot raise the open-file limit")?;
    let needed = plan.clients as u64 + 2 * plan.rooms as u64 + 64;
    if files < needed {
        eprintln!(
            "kring-load: warning: the open-file limit is {files}, {needed} are needed; raise the hard limit (ulimit -Hn)"
        );
    }
    eprintln!(
        "kring-load: {} against {} with {} phones in {} room(s), seed {seed}",
        plan.scenario.name(),
        cli.url,
        plan.clients,
        plan.rooms
    );
    let report = run_scenario(&plan, base).await?;
    if let Some(path) = &cli.json {
        let json = serde_json::to_string_pretty(&report)? + "\n";
        std::fs::write(path, json).with_context(|| format!("cannot write {}", path.display()))?;
    }
    println!("{}", report.table());
    let failed =
        report.lost > 0 || report.actions_acked != report.actions_sent || report.errors > 0;
    Ok(if failed && !cli.allow_loss {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &str) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("kring-load").chain(args.split_whitespace()))
    }

    #[test]
    fn defaults() {
        let cli = parse("--scenario quiz-burst").unwrap();
        assert_eq!(cli.url, "http://127.0.0.1:8080");
        assert_eq!((cli.clients, cli.questions, cli.timeout_secs), (100, 3, 60));
        assert_eq!(cli.target, Target::Kring);
        let plan = cli.plan(7).unwrap();
        assert_eq!(
            (plan.rooms, plan.seed, plan.target.as_str()),
            (1, 7, "kring")
        );
        let plan = parse("--scenario classrooms --clients 300")
            .unwrap()
            .plan(1)
            .unwrap();
        assert_eq!(plan.rooms, 10);
    }

    #[test]
    fn all_flags() {
        let cli = parse(
            "--url http://10.0.0.2:9000 --scenario join-storm --clients 1000 --rooms 4 \
             --json out.json --server-pid 42 --timeout-secs 30 --questions 5 --allow-loss \
             --ramp-secs 1.5 --source-addrs 8 --seed 3",
        )
        .unwrap();
        assert_eq!(cli.scenario.name(), "join-storm");
        assert_eq!(cli.json, Some(PathBuf::from("out.json")));
        assert_eq!(cli.server_pid, Some(42));
        let plan = cli.plan(3).unwrap();
        assert_eq!((plan.clients, plan.rooms, plan.questions), (1000, 4, 5));
        assert_eq!(plan.timeout, Duration::from_secs(30));
        assert_eq!(plan.ramp, Duration::from_millis(1500));
        assert_eq!(plan.sources, 8);
    }

    #[test]
    fn existing_room_needs_a_key_and_one_room() {
        assert!(parse("--scenario idle --room ABC234").is_err());
        let cli = parse("--scenario idle --room ABC234 --host-key k").unwrap();
        let plan = cli.plan(1).unwrap();
        assert_eq!(plan.existing_room, Some(("ABC234".into(), "k".into())));
        let cli = parse("--scenario idle --room ABC234 --host-key k --rooms 2").unwrap();
        assert!(cli.plan(1).is_err());
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(parse("--scenario nope").is_err());
        assert!(parse("--scenario idle --rooms 0").is_err());
        assert!(parse("--scenario idle --questions 0").is_err());
        assert!(
            parse("--scenario idle --clients 2 --rooms 3")
                .unwrap()
                .plan(1)
                .is_err()
        );
        let negative = parse("--scenario idle --ramp-secs=-1");
        assert!(negative.map_or(true, |cli| cli.plan(1).is_err()));
    }

    #[test]
    fn every_scenario_of_the_registry_is_named_once_and_parsed_by_its_name() {
        let mut names: Vec<&str> = SCENARIOS.iter().map(|s| s.name()).collect();
        for name in &names {
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name} is not kebab-case"
            );
            let cli = parse(&format!("--scenario {name} --clients 20")).unwrap();
            assert_eq!(cli.scenario.name(), *name);
            let plan = cli.plan(1).unwrap();
            assert_eq!(plan.rooms, cli.scenario.default_rooms());
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), SCENARIOS.len(), "two scenarios share a name");
        // The rooms by default, as before the registry.
        let rooms = |name: &str| {
            parse(&format!("--scenario {name}"))
                .unwrap()
                .scenario
                .default_rooms()
        };
        for one in ["quiz-burst", "join-storm", "idle", "replay"] {
            assert_eq!(rooms(one), 1, "{one}");
        }
        for ten in [
            "classrooms",
            "teams",
            "brainstorm",
            "dot-vote",
            "check-in",
            "pitches",
            "statement-scale",
            "card-sort",
            "timer",
            "open-question",
            "school-day",
        ] {
            assert_eq!(rooms(ten), 10, "{ten}");
        }
    }

    #[test]
    fn every_target_is_planned() {
        for target in ["kring", "bun", "bun-durable", "node"] {
            let cli = parse(&format!("--scenario quiz-burst --target {target}")).unwrap();
            assert_eq!(cli.plan(1).unwrap().target, target);
        }
        assert!(parse("--scenario quiz-burst --target deno").is_err());
    }
}
