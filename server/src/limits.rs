//! Limits per client address and per room, built on `governor`'s keyed GCRA limiters, and the
//! warnings logged when any limit of the server is hit.
//!
//! - Joins (new participants) per address and per room: generous bursts, so a class (or an
//!   event hall) behind one NAT address joins at once, while a join loop is slowed to the
//!   sustained rate.
//! - Room creation per address.
//! - Failed look-ups (unknown room code, wrong host key, resume token or organiser key) per
//!   address: past the budget, an address is refused every look-up (even of rooms that exist)
//!   until its budget refills, so room codes cannot be enumerated.
//!
//! Addresses are keyed as clients are seen: IPv4 as is, IPv6 by its /64 (one household or
//! phone gets a whole /64). Every limit hit is counted and logged as a warning, at most once
//! per [`LOG_EVERY`] per limit with the number of hits since the last line.
//! Settings and defaults: `docs/SECURITY.md`.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use dashmap::DashMap;
use governor::clock::Clock;
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use kring_protocol::RoomCode;

#[cfg(doc)]
use crate::config::HTTP_HEADROOM;
use crate::config::{Config, FD_RESERVE};

/// A limit hit is logged at most this often per limit (with the count since the last line).
pub const LOG_EVERY: Duration = Duration::from_secs(10);

/// Every limit the server enforces, for counting and logging its hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// `join`s from one address (`--join-burst-per-addr`, `--join-rate-per-addr`).
    JoinsPerAddress,
    /// `join`s into one room (`--join-burst-per-room`, `--join-rate-per-room`).
    JoinsPerRoom,
    /// Rooms created by one address (`--create-burst-per-addr`, `--create-per-hour-per-addr`).
    RoomCreations,
    /// The number of rooms (`--max-rooms`).
    Rooms,
    /// Failed look-ups from one address (`--lookup-failures-*`).
    LookupFailures,
    /// All open connections (page loads, API calls, WebSockets).
    Connections,
    /// Open WebSockets (`--max-connections`).
    WebSockets,
    /// Messages per connection (`--actions-per-sec`).
    Messages,
    /// A connection that took too long to send its request or opening.
    Timeouts,
}

impl Limit {
    const ALL: [Limit; 9] = [
        Limit::JoinsPerAddress,
        Limit::JoinsPerRoom,
        Limit::RoomCreations,
        Limit::Rooms,
        Limit::LookupFailures,
        Limit::Connections,
        Limit::WebSockets,
        Limit::Messages,
        Limit::Timeouts,
    ];

    /// The name in logs.
    pub fn name(self) -> &'static str {
        match self {
            Limit::JoinsPerAddress => "joins per address",
            Limit::JoinsPerRoom => "joins per room",
            Limit::RoomCreations => "room creations per address",
            Limit::Rooms => "rooms",
            Limit::LookupFailures => "failed look-ups per address",
            Limit::Connections => "connections",
            Limit::WebSockets => "WebSockets",
            Limit::Messages => "messages per connection",
            Limit::Timeouts => "request and opening timeouts",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A request refused by a limit, and when trying again may pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// The limit.
    pub limit: Limit,
    /// How long until the limit lets the next one through (at least one second).
    pub retry_after: Duration,
}

impl Refused {
    /// Seconds until trying again may pass, rounded up (for `Retry-After`).
    pub fn retry_after_secs(&self) -> u64 {
        self.retry_after.as_secs() + u64::from(self.retry_after.subsec_nanos() > 0)
    }
}

/// Counts one limit's hits and logs them, throttled.
struct Hits {
    total: AtomicU64,
    unlogged: AtomicU64,
    gate: DefaultDirectRateLimiter,
}

impl Hits {
    fn new() -> Self {
        let quota = Quota::with_period(LOG_EVERY).expect("LOG_EVERY is not zero");
        Hits {
            total: AtomicU64::new(0),
            unlogged: AtomicU64::new(0),
            gate: RateLimiter::direct(quota),
        }
    }
}

/// Failed look-ups per address: a keyed limiter of failures, and the addresses that spent
/// their budget, refused every look-up until it refills.
struct Failures {
    failures: DefaultKeyedRateLimiter<IpAddr>,
    blocked: DashMap<IpAddr, Instant>,
}

/// The server's limits per address and per room.
pub struct Limits {
    joins_per_addr: DefaultKeyedRateLimiter<IpAddr>,
    joins_per_room: DefaultKeyedRateLimiter<RoomCode>,
    creations: DefaultKeyedRateLimiter<IpAddr>,
    lookups: Failures,
    hits: Vec<Hits>,
}

fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN)
}

/// The key of a client address: IPv4 (also when mapped into IPv6) as is, IPv6 by its /64.
pub fn addr_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::from(segments)
            }
        },
    }
}

impl Limits {
    /// The limits as configured.
    pub fn new(config: &Config) -> Self {
        let joins_addr = Quota::per_second(nonzero(config.join_rate_per_addr))
            .allow_burst(nonzero(config.join_burst_per_addr));
        let joins_room = Quota::per_second(nonzero(config.join_rate_per_room))
            .allow_burst(nonzero(config.join_burst_per_room));
        let creations = Quota::per_hour(nonzero(config.create_per_hour_per_addr))
            .allow_burst(nonzero(config.create_burst_per_addr));
        let lookups = Quota::per_minute(nonzero(config.lookup_failures_per_min))
            .allow_burst(nonzero(config.lookup_failures_burst));
        Limits {
            joins_per_addr: RateLimiter::keyed(joins_addr),
            joins_per_room: RateLimiter::keyed(joins_room),
            creations: RateLimiter::keyed(creations),
            lookups: Failures {
                failures: RateLimiter::keyed(lookups),
                blocked: DashMap::new(),
            },
            hits: Limit::ALL.iter().map(|_| Hits::new()).collect(),
        }
    }

    /// A `join` from `ip` into `room`: within both the address's and the room's budget?
    pub fn join(&self, ip: IpAddr, room: &RoomCode) -> Result<(), Refused> {
        self.take(&self.joins_per_addr, &addr_key(ip), Limit::JoinsPerAddress)?;
        self.take(&self.joins_per_room, room, Limit::JoinsPerRoom)
    }

    /// A new room from `ip`: within the address's budget?
    pub fn create_room(&self, ip: IpAddr) -> Result<(), Refused> {
        self.take(&self.creations, &addr_key(ip), Limit::RoomCreations)
    }

    /// Whether `ip` may look a room up (by code, host key or token) now: refused while it is
    /// over its budget of failed look-ups.
    pub fn lookup(&self, ip: IpAddr) -> Result<(), Refused> {
        let key = addr_key(ip);
        let now = Instant::now();
        self.lookups
            .blocked
            .remove_if(&key, |_, until| *until <= now);
        let until = self.lookups.blocked.get(&key).map(|until| *until);
        match until {
            Some(until) => {
                let refused = Refused {
                    limit: Limit::LookupFailures,
                    retry_after: (until - now).max(Duration::from_secs(1)),
                };
                self.hit(Limit::LookupFailures);
                Err(refused)
            }
            None => Ok(()),
        }
    }

    /// A look-up from `ip` failed (no such room, wrong key or token); past the budget the
    /// address is refused every look-up for a while.
    pub fn lookup_failed(&self, ip: IpAddr) {
        let key = addr_key(ip);
        let limiter = &self.lookups.failures;
        if let Err(not_until) = limiter.check_key(&key) {
            let wait = not_until.wait_time_from(limiter.clock().now());
            let until = Instant::now() + wait.max(Duration::from_secs(1));
            self.lookups.blocked.insert(key, until);
            self.hit(Limit::LookupFailures);
        }
    }

    fn take<K: std::hash::Hash + Eq + Clone>(
        &self,
        limiter: &DefaultKeyedRateLimiter<K>,
        key: &K,
        limit: Limit,
    ) -> Result<(), Refused> {
        limiter.check_key(key).map_err(|not_until| {
            self.hit(limit);
            Refused {
                limit,
                retry_after: not_until
                    .wait_time_from(limiter.clock().now())
                    .max(Duration::from_secs(1)),
            }
        })
    }

    /// Counts a hit of `limit` and logs it as a warning, at most once per [`LOG_EVERY`] per
    /// limit (with the hits since the last line).
    pub fn hit(&self, limit: Limit) {
        let hits = &self.hits[limit.index()];
        hits.total.fetch_add(1, Ordering::Relaxed);
        hits.unlogged.fetch_add(1, Ordering::Relaxed);
        if hits.gate.check().is_ok() {
            let n = hits.unlogged.swap(0, Ordering::Relaxed);
            tracing::warn!(limit = limit.name(), hits = n, "limit reached");
        }
    }

    /// How often `limit` was hit since the server started (tests, monitoring).
    pub fn hits(&self, limit: Limit) -> u64 {
        self.hits[limit.index()].total.load(Ordering::Relaxed)
    }

    /// Forgets addresses and rooms whose budget is full again, so the limiters' memory follows
    /// the current traffic (called every minute).
    pub fn sweep(&self) {
        for limiter in [
            &self.joins_per_addr,
            &self.creations,
            &self.lookups.failures,
        ] {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        self.joins_per_room.retain_recent();
        self.joins_per_room.shrink_to_fit();
        let now = Instant::now();
        self.lookups.blocked.retain(|_, until| *until > now);
        self.lookups.blocked.shrink_to_fit();
    }
}

/// How many connections the server holds: all together, and WebSockets among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capacity {
    /// Open connections of any kind.
    pub connections: usize,
    /// Open WebSockets (the rest stay free for page loads and API calls).
    pub websockets: usize,
}

impl Capacity {
    /// `max_websockets` WebSockets plus `headroom` other connections ([`HTTP_HEADROOM`] by
    /// default), both lowered to fit `open_files` (the open-file limit) less [`FD_RESERVE`].
    pub fn fit(max_websockets: usize, headroom: usize, open_files: u64) -> Self {
        let files = usize::try_from(open_files)
            .unwrap_or(usize::MAX)
            .saturating_sub(FD_RESERVE)
            .max(2);
        let connections = max_websockets.saturating_add(headroom).min(files);
        // Keep some room for pages and the API when WebSockets fill the rest.
        let spare = headroom.min(connections / 8).max(1);
        Capacity {
            connections,
            websockets: max_websockets.min(connections - spare).max(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv6Addr;

    use super::*;
    use crate::config::HTTP_HEADROOM;

    #[test]
    fn capacity_fits_the_open_file_limit() {
        let roomy = Capacity::fit(50_000, HTTP_HEADROOM, 1 << 20);
        assert_eq!(roomy.connections, 50_000 + HTTP_HEADROOM);
        assert_eq!(roomy.websockets, 50_000);
        let tight = Capacity::fit(50_000, HTTP_HEADROOM, 1024);
        assert_eq!(tight.connections, 1024 - FD_RESERVE);
        assert!(tight.websockets < tight.connections);
        assert!(tight.websockets >= tight.connections * 7 / 8);
    }

    fn config(configure: impl FnOnce(&mut Config)) -> Config {
        let mut config = Config::for_tests(std::env::temp_dir());
        configure(&mut config);
        config
    }

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([10, 0, 0, last])
    }

    #[test]
    fn a_class_behind_one_address_joins_at_once_and_a_loop_is_slowed() {
        let limits = Limits::new(&config(|c| {
            c.join_burst_per_addr = 30;
            c.join_rate_per_addr = 1;
        }));
        let room = RoomCode("ABCDEF".into());
        assert!((0..30).all(|_| limits.join(ip(1), &room).is_ok()));
        let refused = limits.join(ip(1), &room).unwrap_err();
        assert_eq!(refused.limit, Limit::JoinsPerAddress);
        assert!(refused.retry_after_secs() >= 1);
        // Another address is not held back by the first.
        assert!(limits.join(ip(2), &room).is_ok());
        assert_eq!(limits.hits(Limit::JoinsPerAddress), 1);
    }

    #[test]
    fn a_room_takes_its_burst_from_all_addresses_together() {
        let limits = Limits::new(&config(|c| {
            c.join_burst_per_room = 5;
            c.join_rate_per_room = 1;
        }));
        let room = RoomCode("ABCDEF".into());
        for n in 0..5 {
            limits.join(ip(n), &room).unwrap();
        }
        assert_eq!(
            limits.join(ip(9), &room).unwrap_err().limit,
            Limit::JoinsPerRoom
        );
        assert!(limits.join(ip(9), &RoomCode("GHJKMN".into())).is_ok());
    }

    #[test]
    fn an_address_past_its_failed_look_ups_is_refused_every_look_up() {
        let limits = Limits::new(&config(|c| {
            c.lookup_failures_burst = 3;
            c.lookup_failures_per_min = 1;
        }));
        for _ in 0..3 {
            limits.lookup(ip(1)).unwrap();
            limits.lookup_failed(ip(1));
        }
        assert!(limits.lookup(ip(1)).is_ok(), "the budget is just spent");
        limits.lookup_failed(ip(1));
        let refused = limits.lookup(ip(1)).unwrap_err();
        assert_eq!(refused.limit, Limit::LookupFailures);
        assert!(refused.retry_after >= Duration::from_secs(1));
        assert!(limits.lookup(ip(2)).is_ok(), "only that address");
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64_prefix() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(addr_key(a), addr_key(b));
        assert_ne!(addr_key(a), addr_key(c));
        let mapped = IpAddr::V6(Ipv6Addr::from([0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001]));
        assert_eq!(addr_key(mapped), ip(1));
    }
}
