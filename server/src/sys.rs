//! The open-file limit (Linux): every connection is a file descriptor, and the usual soft
//! limit of 1,024 would lock everyone out after a thousand connections.
//!
//! [`raise_nofile_limit`] lifts the soft limit to the hard one through `getrlimit`/`setrlimit`,
//! declared here directly (the C library is linked by `std` anyway) rather than through another
//! crate; the server calls it at start and fits its connection limits below the result
//! ([`crate::limits::Capacity`]). On other systems it does nothing. `kring-load` uses it too.

/// `struct rlimit` with glibc's and musl's 64-bit `rlim_t` (`unsigned long`).
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
#[repr(C)]
struct RLimit {
    cur: std::ffi::c_ulong,
    max: std::ffi::c_ulong,
}

/// `RLIMIT_NOFILE` on Linux (x86, ARM, RISC-V and most others; not MIPS or SPARC).
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
const RLIMIT_NOFILE: std::ffi::c_int = 7;

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
unsafe extern "C" {
    fn getrlimit(resource: std::ffi::c_int, rlim: *mut RLimit) -> std::ffi::c_int;
    fn setrlimit(resource: std::ffi::c_int, rlim: *const RLimit) -> std::ffi::c_int;
}

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn get() -> std::io::Result<RLimit> {
    let mut limit = RLimit { cur: 0, max: 0 };
    // SAFETY: `limit` is a valid, writable `struct rlimit` for the duration of the call.
    if unsafe { getrlimit(RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(limit)
}

/// This process's soft `RLIMIT_NOFILE`: how many files (sockets included) it may hold open.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
pub fn nofile_limit() -> std::io::Result<u64> {
    get().map(|limit| limit.cur)
}

/// Raises this process's soft `RLIMIT_NOFILE` to its hard limit; returns the new soft limit.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
pub fn raise_nofile_limit() -> std::io::Result<u64> {
    let mut limit = get()?;
    if limit.cur < limit.max {
        let raised = RLimit {
            cur: limit.max,
            max: limit.max,
        };
        // SAFETY: `raised` is a valid `struct rlimit` for the duration of the call.
        if unsafe { setrlimit(RLIMIT_NOFILE, &raised) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        limit.cur = limit.max;
    }
    Ok(limit.cur)
}

/// Not known here: `u64::MAX` (no limit is assumed).
#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
pub fn nofile_limit() -> std::io::Result<u64> {
    Ok(u64::MAX)
}

/// Does nothing where the limit is not known to need raising; returns `u64::MAX`.
#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
pub fn raise_nofile_limit() -> std::io::Result<u64> {
    Ok(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_limit_can_be_raised_and_read() {
        let raised = raise_nofile_limit().unwrap();
        assert!(raised > 0);
        assert_eq!(nofile_limit().unwrap(), raised);
    }
}
