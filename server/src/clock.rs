//! The server clock: wall-clock milliseconds that advance with tokio's clock, so paused-time
//! tests can move time forward while records still carry real epoch times.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

/// Milliseconds since the UNIX epoch, moving with [`tokio::time::Instant`].
#[derive(Clone, Debug)]
pub struct Clock {
    wall_at_start: u64,
    start: Instant,
    /// Time skipped ahead by [`Clock::skip`], shared by every clone.
    skipped: Arc<AtomicU64>,
}

impl Clock {
    /// A clock reading the system time once and tokio's monotonic clock after that.
    pub fn new() -> Self {
        let wall_at_start = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        Clock {
            wall_at_start,
            start: Instant::now(),
            skipped: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Now, in ms since the UNIX epoch.
    pub fn now_ms(&self) -> u64 {
        self.wall_at_start
            + self.skipped.load(Ordering::Relaxed)
            + self.start.elapsed().as_millis() as u64
    }

    /// Moves this clock and every clone of it `ms` ahead at once (tests of what happens the
    /// next day, over real sockets, where tokio's paused time cannot be used). Deadlines
    /// already due then fall due at the room's next turn.
    pub fn skip(&self, ms: u64) {
        self.skipped.fetch_add(ms, Ordering::Relaxed);
    }

    /// The monotonic instant at which the clock reads `at_ms` (now if that has passed).
    pub fn instant_at(&self, at_ms: u64) -> Instant {
        let now = self.now_ms();
        Instant::now() + std::time::Duration::from_millis(at_ms.saturating_sub(now))
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::new()
    }
}
