//! Operating-system helpers (Linux): the open-file limit, and a process's memory and CPU time
//! from `/proc`.
//!
//! Thousands of sockets need more file descriptors than the usual soft limit of 1024, so
//! [`raise_nofile_limit`] (the server's, `kring_server::sys`) lifts the soft limit to the hard
//! one.

use std::path::Path;

/// Raises this process's soft `RLIMIT_NOFILE` to its hard limit (the server's own helper);
/// returns the new soft limit.
pub use kring_server::sys::raise_nofile_limit;

/// Clock ticks per second in `/proc/*/stat` (`sysconf(_SC_CLK_TCK)`).
#[cfg(target_os = "linux")]
fn clock_ticks() -> f64 {
    use std::ffi::{c_int, c_long};
    /// `_SC_CLK_TCK` in glibc and musl.
    const SC_CLK_TCK: c_int = 2;
    unsafe extern "C" {
        fn sysconf(name: c_int) -> c_long;
    }
    // SAFETY: `sysconf` only reads its integer argument.
    let ticks = unsafe { sysconf(SC_CLK_TCK) };
    if ticks > 0 { ticks as f64 } else { 100.0 }
}

#[cfg(not(target_os = "linux"))]
fn clock_ticks() -> f64 {
    100.0
}

/// A process to watch: `self` or a pid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proc {
    /// This load generator.
    Own,
    /// Another process, e.g. the server.
    Pid(u32),
}

impl Proc {
    fn dir(self) -> String {
        match self {
            Proc::Own => "/proc/self".to_owned(),
            Proc::Pid(pid) => format!("/proc/{pid}"),
        }
    }

    /// Resident memory in bytes (`VmRSS`), if readable.
    pub fn rss_bytes(self) -> Option<u64> {
        let status = std::fs::read_to_string(Path::new(&self.dir()).join("status")).ok()?;
        parse_vm_rss(&status)
    }

    /// User plus system CPU time in seconds, if readable.
    pub fn cpu_seconds(self) -> Option<f64> {
        let stat = std::fs::read_to_string(Path::new(&self.dir()).join("stat")).ok()?;
        parse_cpu_ticks(&stat).map(|ticks| ticks as f64 / clock_ticks())
    }
}

/// `VmRSS:   1234 kB` from `/proc/PID/status`, in bytes.
pub fn parse_vm_rss(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let mut fields = line["VmRSS:".len()..].split_whitespace();
    let value: u64 = fields.next()?.parse().ok()?;
    match fields.next() {
        Some("kB") | None => Some(value * 1024),
        Some(_) => None,
    }
}

/// `utime + stime` (fields 14 and 15, in clock ticks) from `/proc/PID/stat`. The command name
/// (field 2) may hold spaces and parentheses, so fields are counted after its last `)`.
pub fn parse_cpu_ticks(stat: &str) -> Option<u64> {
    let after = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    // `after` starts at field 3 (state): field n is at index n - 3.
    let utime: u64 = fields.get(14 - 3)?.parse().ok()?;
    let stime: u64 = fields.get(15 - 3)?.parse().ok()?;
    Some(utime + stime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vm_rss_is_read_in_bytes() {
        let status = "Name:\tkring\nVmPeak:\t  9000 kB\nVmRSS:\t    2048 kB\nThreads:\t3\n";
        assert_eq!(parse_vm_rss(status), Some(2048 * 1024));
        assert_eq!(parse_vm_rss("Name:\tkthreadd\n"), None);
    }

    #[test]
    fn cpu_ticks_survive_odd_command_names() {
        let stat = "4242 (kr ing) (x)) S 1 4242 4242 0 -1 4194560 500 0 0 0 123 45 0 0 20 0 3 0 100 1000 50";
        assert_eq!(parse_cpu_ticks(stat), Some(168));
        assert_eq!(parse_cpu_ticks("garbage"), None);
    }

    #[test]
    fn own_process_is_readable() {
        if cfg!(target_os = "linux") {
            assert!(Proc::Own.rss_bytes().unwrap() > 0);
            assert!(Proc::Own.cpu_seconds().is_some());
        }
    }
}
