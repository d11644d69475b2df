//! The server clock: wall-clock milliseconds that advance with tokio's clock, so paused-time
//! tests can move time forward while records still carry real epoch times.

use std::time::{SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

/// Milliseconds since the UNIX epoch, moving with [`tokio::time::Instant`].
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    wall_at_start: u64,
    start: Instant,
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
        }
    }

    /// Now, in ms since the UNIX epoch.
    pub fn now_ms(&self) -> u64 {
        self.wall_at_start + self.start.elapsed().as_millis() as u64
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
