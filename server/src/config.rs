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

    /// Public base URL for join links and QR codes (e.g. `https://kring.school.nl` behind a
    /// proxy). Default: `http://<addr>`.
    #[arg(long, env = "KRING_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Rooms not used for this many days are deleted with everything in them.
    #[arg(long, env = "KRING_RETENTION_DAYS", default_value_t = 365)]
    pub retention_days: u32,

    /// Maximum simultaneous WebSocket connections (more get close code 4009).
    #[arg(long, env = "KRING_MAX_CONNECTIONS", default_value_t = 50_000)]
    pub max_connections: usize,

    /// Maximum participants per room.
    #[arg(long, env = "KRING_MAX_PARTICIPANTS", default_value_t = 20_000)]
    pub max_participants: usize,

    /// Actions a connection may send per second (sustained; bursts of twice this pass).
    #[arg(long, env = "KRING_ACTIONS_PER_SEC", default_value_t = 10)]
    pub actions_per_sec: u32,

    /// Time zone of the times in reports (an IANA name, e.g. `Europe/Amsterdam`).
    #[arg(long, env = "KRING_TIME_ZONE", default_value = "Europe/Amsterdam", value_parser = time_zone)]
    pub time_zone: TimeZone,

    /// When rooms snapshot their state (not a command-line option).
    #[arg(skip = SnapshotPolicy::default())]
    pub snapshots: SnapshotPolicy,
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
            public_url: None,
            retention_days: 365,
            max_connections: 50_000,
            max_participants: 20_000,
            actions_per_sec: 10,
            time_zone: time_zone("Europe/Amsterdam").expect("a known time zone"),
            snapshots: SnapshotPolicy::default(),
        }
    }

    /// How long a room may go unused before it is deleted.
    pub fn retention(&self) -> Duration {
        Duration::from_secs(u64::from(self.retention_days) * 24 * 3600)
    }
}

/// How long a new socket may take to send its opening message.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// A socket silent for this long (no message, no pong) is closed (checked at each ping).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(75);
/// How often the server pings each socket.
pub const PING_INTERVAL: Duration = Duration::from_secs(25);
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
/// with a full agenda ([`crate::room::MAX_ACTIVITIES`] quizzes at their limits, under 20 MiB;
/// a test checks it). It is a cap, not a reservation.
pub const MAX_WRITE_BUFFER_BYTES: usize = 32 * 1024 * 1024;
/// Maximum request body of the HTTP API (a quiz import).
pub const MAX_API_BODY_BYTES: usize = 512 * 1024;
