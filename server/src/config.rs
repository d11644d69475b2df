//! The server's configuration: command-line flags with `KRING_…` environment fallbacks.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use jiff::tz::TimeZone;

/// Everything the server can be configured with. The defaults suit one school's classrooms.
#[derive(Parser, Debug, Clone)]
#[command(
    name = "kring",
    version,
    about = "Kring: a self-hosted real-time classroom service"
)]
pub struct Config {
    /// Address to listen on (`0.0.0.0:8080` to reach it from phones on the school network).
    #[arg(long, env = "KRING_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Directory of the embedded database (created when missing).
    #[arg(long, env = "KRING_DATA_DIR", default_value = "./kring-data")]
    pub data_dir: PathBuf,

    /// Cluster mode: the PostgreSQL database all nodes share (e.g.
    /// `postgres://kring@10.0.0.5/kring`), instead of the embedded database in `--data-dir`.
    /// Run the nodes behind a proxy that routes each room to one node (README, "Running a
    /// cluster").
    #[arg(long, env = "KRING_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// This node's name in a cluster (logs, the owner of a room's lease).
    #[arg(long, env = "KRING_NODE_ID", default_value = "kring")]
    pub node_id: String,

    /// In a cluster: how long (ms) a node holds a room's lease without renewing it. The
    /// rooms of a node that died move to another node after this.
    #[arg(long, env = "KRING_LEASE_MS", default_value_t = 5000,
          value_parser = clap::value_parser!(u64).range(200..=600_000))]
    pub lease_ms: u64,

    /// Public base URL for join links and QR codes (e.g. `https://kring.school.nl` behind a
    /// proxy). Default: `http://<addr>`.
    #[arg(long, env = "KRING_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Rooms not used for this many days are deleted with everything in them.
    #[arg(long, env = "KRING_RETENTION_DAYS", default_value_t = 365)]
    pub retention_days: u32,

    /// Maximum simultaneous WebSocket connections (more get close code 4009). All connections
    /// together (page loads and API calls too) may be [`HTTP_HEADROOM`] more; both are lowered
    /// to fit the open-file limit, and the server says at start how many it can hold.
    #[arg(long, env = "KRING_MAX_CONNECTIONS", default_value_t = 50_000)]
    pub max_connections: usize,

    /// Maximum participants per room.
    #[arg(long, env = "KRING_MAX_PARTICIPANTS", default_value_t = 20_000)]
    pub max_participants: usize,

    /// Actions a connection may send per second (sustained; bursts of twice this pass).
    #[arg(long, env = "KRING_ACTIONS_PER_SEC", default_value_t = 10)]
    pub actions_per_sec: u32,

    /// Rooms the server keeps at most; creating more is refused (`tooManyRooms`) until old
    /// ones are deleted or expire.
    #[arg(long, env = "KRING_MAX_ROOMS", default_value_t = 10_000)]
    pub max_rooms: usize,

    /// When set, creating a room (`POST /api/rooms`) needs this key as
    /// `Authorization: Bearer <key>`; the host console asks for it once. Without it anyone who
    /// can reach the server may create rooms.
    #[arg(long, env = "KRING_ORGANISER_KEY", hide_env_values = true)]
    pub organiser_key: Option<String>,

    /// Rooms one address may create at once (then `--create-per-hour-per-addr`).
    #[arg(long, env = "KRING_CREATE_BURST_PER_ADDR", default_value_t = 30)]
    pub create_burst_per_addr: u32,

    /// Rooms one address may create per hour, sustained.
    #[arg(long, env = "KRING_CREATE_PER_HOUR_PER_ADDR", default_value_t = 60)]
    pub create_per_hour_per_addr: u32,

    /// New participants (`join`s, refused ones included) one address may make at once: a
    /// class or an event hall behind one NAT address joins within this.
    #[arg(long, env = "KRING_JOIN_BURST_PER_ADDR", default_value_t = 1_000)]
    pub join_burst_per_addr: u32,

    /// `join`s one address may make per second once its burst is spent.
    #[arg(long, env = "KRING_JOIN_RATE_PER_ADDR", default_value_t = 10)]
    pub join_rate_per_addr: u32,

    /// `join`s one room takes at once, from all addresses together.
    #[arg(long, env = "KRING_JOIN_BURST_PER_ROOM", default_value_t = 1_000)]
    pub join_burst_per_room: u32,

    /// `join`s one room takes per second once its burst is spent.
    #[arg(long, env = "KRING_JOIN_RATE_PER_ROOM", default_value_t = 50)]
    pub join_rate_per_room: u32,

    /// Failed look-ups (unknown room code, wrong host key, resume token or organiser key) one
    /// address may make at once; past that, every look-up from it is refused for a while.
    #[arg(long, env = "KRING_LOOKUP_FAILURES_BURST", default_value_t = 100)]
    pub lookup_failures_burst: u32,

    /// Failed look-ups one address may make per minute once its burst is spent.
    #[arg(long, env = "KRING_LOOKUP_FAILURES_PER_MIN", default_value_t = 60)]
    pub lookup_failures_per_min: u32,

    /// Behind a reverse proxy: take each client's address from the last `X-Forwarded-For`
    /// entry (the one the proxy added) for the limits per address. Only set it when every
    /// connection comes through the proxy.
    #[arg(long, env = "KRING_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// Time zone of the times in reports (an IANA name, e.g. `Europe/Amsterdam`).
    #[arg(long, env = "KRING_TIME_ZONE", default_value = "Europe/Amsterdam", value_parser = time_zone)]
    pub time_zone: TimeZone,

    /// When rooms snapshot their state (not a command-line option).
    #[arg(skip = SnapshotPolicy::default())]
    pub snapshots: SnapshotPolicy,

    /// Connections' deadlines and liveness checks (not command-line options; tests shorten
    /// them).
    #[arg(skip = Deadlines::default())]
    pub deadlines: Deadlines,

    /// Connections beyond `--max-connections` WebSockets for page loads and API calls (not a
    /// command-line option).
    #[arg(skip = HTTP_HEADROOM)]
    pub http_headroom: usize,
}

/// How long connections may take and when they count as dead. The defaults are the constants
/// of this module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// [`HANDSHAKE_TIMEOUT`].
    pub handshake: Duration,
    /// [`HEADER_TIMEOUT`].
    pub header: Duration,
    /// [`REQUEST_TIMEOUT`].
    pub request: Duration,
    /// [`LIVENESS_TICK`].
    pub tick: Duration,
    /// [`PING_INTERVAL`].
    pub ping: Duration,
    /// [`IDLE_TIMEOUT`].
    pub idle: Duration,
    /// [`BUSY_PING_INTERVAL`].
    pub busy_ping: Duration,
    /// [`BUSY_IDLE_TIMEOUT`].
    pub busy_idle: Duration,
}

impl Default for Deadlines {
    fn default() -> Self {
        Deadlines {
            handshake: HANDSHAKE_TIMEOUT,
            header: HEADER_TIMEOUT,
            request: REQUEST_TIMEOUT,
            tick: LIVENESS_TICK,
            ping: PING_INTERVAL,
            idle: IDLE_TIMEOUT,
            busy_ping: BUSY_PING_INTERVAL,
            busy_idle: BUSY_IDLE_TIMEOUT,
        }
    }
}

/// When a room stores a snapshot of its state, which bounds how many records a restart
/// replays. A snapshot serialises the whole room (3.6 MB for 10,000 phones), so a due one waits
/// for a pause in the room's records rather than landing in the middle of a quiz burst.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnapshotPolicy {
    /// Fewest records between two snapshots.
    pub min_records: u64,
    /// Records between snapshots per participant: a snapshot's size grows with the room, so
    /// the interval does too, keeping snapshot bytes per record constant.
    pub records_per_participant: u64,
    /// A due snapshot is taken once the room has appended no record for this long, or at once
    /// when twice the interval has passed without such a pause.
    pub quiet: Duration,
}

impl Default for SnapshotPolicy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl SnapshotPolicy {
    /// The server's policy: every 1,000 records (4 per participant in large rooms), after a
    /// pause of 200 ms.
    pub const DEFAULT: SnapshotPolicy = SnapshotPolicy {
        min_records: 1000,
        records_per_participant: 4,
        quiet: Duration::from_millis(200),
    };

    /// Records between two snapshots of a room with `participants`.
    pub fn interval(&self, participants: usize) -> u64 {
        self.min_records
            .max(self.records_per_participant * participants as u64)
    }
}

/// A time zone by its IANA name (from the bundled time zone database).
fn time_zone(name: &str) -> Result<TimeZone, String> {
    TimeZone::get(name).map_err(|_| {
        format!("unknown time zone \"{name}\": use an IANA name such as Europe/Amsterdam")
    })
}

impl Config {
    /// A configuration for tests: port 0 on loopback, data in `data_dir`.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir,
            database_url: None,
            node_id: "test".into(),
            lease_ms: 5000,
            public_url: None,
            retention_days: 365,
            max_connections: 50_000,
            max_participants: 20_000,
            actions_per_sec: 10,
            max_rooms: 10_000,
            organiser_key: None,
            create_burst_per_addr: 30,
            create_per_hour_per_addr: 60,
            join_burst_per_addr: 1_000,
            join_rate_per_addr: 10,
            join_burst_per_room: 1_000,
            join_rate_per_room: 50,
            lookup_failures_burst: 100,
            lookup_failures_per_min: 60,
            trust_forwarded_for: false,
            time_zone: time_zone("Europe/Amsterdam").expect("a known time zone"),
            snapshots: SnapshotPolicy::default(),
            deadlines: Deadlines::default(),
            http_headroom: HTTP_HEADROOM,
        }
    }

    /// How long a room may go unused before it is deleted.
    pub fn retention(&self) -> Duration {
        Duration::from_secs(u64::from(self.retention_days) * 24 * 3600)
    }
}

/// How long a new socket may take to send its opening message, counted from the upgrade
/// (absolute: messages do not extend it).
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// A socket silent for this long (no message, no pong) is closed (close 4010).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(75);
/// How often the server pings a socket that has been silent.
pub const PING_INTERVAL: Duration = Duration::from_secs(25);
/// While something is open in its room (a current activity), a phone silent for this long is
/// taken for dead (close 4010), so "everyone answered" does not wait for it.
pub const BUSY_IDLE_TIMEOUT: Duration = Duration::from_secs(12);
/// While something is open, a phone silent for this long is pinged.
pub const BUSY_PING_INTERVAL: Duration = Duration::from_secs(4);
/// How often a phone's socket task checks its socket's liveness (pings and idle timeouts);
/// hosts and projectors check every [`PING_INTERVAL`].
pub const LIVENESS_TICK: Duration = Duration::from_secs(4);
/// How long a connection may take to send a request's headers; a connection idle between
/// requests for this long is closed too.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one HTTP request may take once its headers arrived (its body, the answer): a quiz
/// upload at [`MAX_API_BODY_BYTES`] over a slow school link fits.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Connections beyond `--max-connections` WebSockets for page loads and API calls.
pub const HTTP_HEADROOM: usize = 1024;
/// Open files the server keeps for itself (database, listener, logs) below its limit.
pub const FD_RESERVE: usize = 64;
/// Messages past the per-connection rate that are dropped in a row before the connection is
/// closed (4029): a client that keeps sending far over its rate is not a page.
pub const RATE_STRIKES: u32 = 50;
/// Frames that may wait in a socket's backlog (not yet taken by the kernel) before the
/// connection counts as too slow (close 4008).
pub const OUTBOUND_QUEUE: usize = 64;
/// Commands queued per room.
pub const ROOM_QUEUE: usize = 4096;
/// How often coalesced aggregates (progress, participant counts) go out, at most.
pub const AGGREGATE_INTERVAL: Duration = Duration::from_millis(50);
/// WebSocket read buffer per socket (tungstenite reserves 128 KiB by default). Client messages
/// are small; larger ones (up to 16 KiB) still arrive, the buffer grows for them. 4 KiB instead of
/// 8 KiB keeps an idle connection at about 9 KiB of server memory (docs/BENCHMARKS.md).
pub const READ_BUFFER_BYTES: usize = 4 * 1024;
/// Maximum bytes waiting for one socket when its socket task writes (replies, pings, the close
/// frame; tungstenite also refuses a single message above it). The room's frames are bounded
/// by [`OUTBOUND_QUEUE`] instead; it stays above the largest of them anyway, a host's `welcome`
/// with a full agenda ([`crate::room::MAX_ACTIVITIES`] quizzes at their limits, about 37 MB;
/// a test checks it). It is a cap, not a reservation.
pub const MAX_WRITE_BUFFER_BYTES: usize = 64 * 1024 * 1024;
/// Maximum request body of the HTTP API (a quiz import).
pub const MAX_API_BODY_BYTES: usize = 512 * 1024;
