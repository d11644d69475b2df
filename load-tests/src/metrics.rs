//! Measurements: HDR histograms of latencies, counters, the JSON report and the human table.
//!
//! Clients record raw timestamps while a scenario runs ([`crate::client::PhoneReport`],
//! [`crate::client::ScreenReport`], [`crate::client::HostReport`]); nothing is aggregated on the
//! hot path. When the run is over, [`Collector`] turns those records into histograms, and
//! [`Report`] is what ends up in `--json FILE` and on stdout.
//!
//! The JSON field names are a stable interface (CI and `docs/BENCHMARKS.md` read them):
//! `scenario`, `clients`, `rooms`, `actions_sent`, `actions_acked`, `lost`, `errors`,
//! `question_to_phone`, `answer_to_ack`, `answer_to_projector`, `join` (each a [`Summary`]:
//! `p50_ms`, `p99_ms`, `max_ms`, `count`), `server_rss_bytes`, `server_cpu_s`, `target`. More
//! fields may be added; none of these will be renamed.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use serde::Serialize;

/// Highest latency a histogram tracks exactly: one hour, in microseconds (higher values are
/// clamped to it).
const HIGHEST_US: u64 = 3_600_000_000;
/// Significant decimal digits kept by the histograms.
const SIGFIG: u8 = 3;

/// A latency histogram with microsecond resolution.
#[derive(Debug, Clone)]
pub struct Latency {
    histogram: Histogram<u64>,
    /// The exact largest value (the histogram only knows its bucket).
    max_us: u64,
}

impl Default for Latency {
    fn default() -> Self {
        Latency {
            histogram: Histogram::new_with_bounds(1, HIGHEST_US, SIGFIG)
                .expect("static histogram bounds are valid"),
            max_us: 0,
        }
    }
}

impl Latency {
    /// Records one duration (clamped to 1 µs … 1 h).
    pub fn record(&mut self, duration: Duration) {
        let us = u64::try_from(duration.as_micros()).unwrap_or(u64::MAX);
        let us = us.clamp(1, HIGHEST_US);
        self.histogram.saturating_record(us);
        self.max_us = self.max_us.max(us);
    }

    /// Records the time from `from` to `to`, or nothing when `to` is earlier.
    pub fn record_between(&mut self, from: Instant, to: Instant) {
        if let Some(duration) = to.checked_duration_since(from) {
            self.record(duration);
        }
    }

    /// How many values were recorded.
    #[cfg(test)]
    pub fn count(&self) -> u64 {
        self.histogram.len()
    }

    /// Percentiles in milliseconds.
    pub fn summary(&self) -> Summary {
        let count = self.histogram.len();
        let ms = |us: u64| (count > 0).then(|| round3(us as f64 / 1000.0));
        Summary {
            // Quantiles come back as their bucket's upper end; never above the exact maximum.
            p50_ms: ms(self.histogram.value_at_quantile(0.50).min(self.max_us)),
            p99_ms: ms(self.histogram.value_at_quantile(0.99).min(self.max_us)),
            max_ms: ms(self.max_us),
            count,
        }
    }
}

/// Rounds to three decimals (microseconds when the unit is milliseconds).
fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// Percentiles of one latency, in milliseconds; `null` when nothing was measured.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Median.
    pub p50_ms: Option<f64>,
    /// 99th percentile.
    pub p99_ms: Option<f64>,
    /// Largest value seen.
    pub max_ms: Option<f64>,
    /// Number of values.
    pub count: u64,
}

/// One answer's story as the projector saw it: sent at `sent`, and the projector's `progress`
/// messages for the same question as `(received, responded)`.
///
/// The projector only learns counts, not who answered, so answers are matched to counts by
/// rank: the k-th answer sent (by send time) is taken to be counted once a `progress` with
/// `responded ≥ k` arrives. When `responded ≥ k` is seen, at least k answers had been sent, so
/// the matched latency is never negative; it is exact when answers reach the server in the
/// order they were sent.
pub fn projector_latencies(
    sent: &mut [Instant],
    progress: &[(Instant, u32)],
) -> (Vec<Duration>, u64) {
    sent.sort_unstable();
    let mut progress: Vec<(Instant, u32)> = progress.to_vec();
    progress.sort_unstable_by_key(|&(at, _)| at);
    let mut latencies = Vec::with_capacity(sent.len());
    let mut missing = 0;
    let mut next = 0; // index into `progress`; only moves forward as k grows
    for (k, &sent_at) in sent.iter().enumerate() {
        let rank = k as u32 + 1;
        while next < progress.len() && progress[next].1 < rank {
            next += 1;
        }
        match progress.get(next) {
            Some(&(seen, _)) => latencies.push(seen.saturating_duration_since(sent_at)),
            None => missing += 1,
        }
    }
    (latencies, missing)
}

/// Everything measured in one run, ready to be summarised.
#[derive(Debug, Default)]
pub struct Collector {
    /// Host's `startQuestion` send → phone receives the question.
    pub question_to_phone: Latency,
    /// Phone sends an answer → its `ack`.
    pub answer_to_ack: Latency,
    /// Phone sends an answer → projector's `progress` counts it.
    pub answer_to_projector: Latency,
    /// Phone starts connecting → `welcome`.
    pub join: Latency,
    /// Actions sent by all clients (phones and hosts).
    pub actions_sent: u64,
    /// Actions acknowledged.
    pub actions_acked: u64,
    /// Actions refused with an `error` naming them.
    pub actions_refused: u64,
    /// Errors: `error` messages, failed connections, unexpected closes.
    pub errors: u64,
    /// Answers whose count never showed up on the projector.
    pub projector_missing: u64,
    /// Phones that joined.
    pub joined: u64,
    /// A few error descriptions, to print.
    pub error_samples: Vec<String>,
}

/// At most this many error descriptions are kept for printing.
const MAX_ERROR_SAMPLES: usize = 10;

impl Collector {
    /// Counts errors and keeps the first few descriptions.
    pub fn add_errors(&mut self, errors: impl IntoIterator<Item = String>) {
        for error in errors {
            self.errors += 1;
            if self.error_samples.len() < MAX_ERROR_SAMPLES {
                self.error_samples.push(error);
            }
        }
    }

    /// Actions sent that got neither an `ack` nor an `error` by the end.
    pub fn lost(&self) -> u64 {
        self.actions_sent
            .saturating_sub(self.actions_acked + self.actions_refused)
    }
}

/// Latencies of one kind of action (`school-day`).
#[derive(Debug, Clone, Serialize)]
pub struct KindReport {
    /// What the action is (`quiz answer`, `idea`, …).
    pub kind: String,
    /// Actions of this kind sent.
    pub actions: u64,
    /// Of which acknowledged.
    pub acked: u64,
    /// Action sent → `ack`.
    pub answer_to_ack: Summary,
    /// Action sent → the projector shows a count that includes it.
    pub answer_to_projector: Summary,
    /// The host's action that opens the phase → the phone sees it.
    pub phase_to_phone: Summary,
}

/// The report written as JSON (`--json FILE`) and printed as a table.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Scenario name (`quiz-burst`, `classrooms`, `join-storm`, `idle`).
    pub scenario: String,
    /// Phones asked for.
    pub clients: u64,
    /// Rooms used.
    pub rooms: u64,
    /// Actions sent by phones and hosts.
    pub actions_sent: u64,
    /// Actions acknowledged by the server.
    pub actions_acked: u64,
    /// Actions that got neither an `ack` nor an `error`.
    pub lost: u64,
    /// Error messages received, failed connections and unexpected closes.
    pub errors: u64,
    /// Host's `startQuestion` send → each phone receives the question.
    pub question_to_phone: Summary,
    /// Answer sent → `ack` received.
    pub answer_to_ack: Summary,
    /// Answer sent → a projector `progress` that includes it.
    pub answer_to_projector: Summary,
    /// Connection start → `welcome`.
    pub join: Summary,
    /// Server resident memory at the end of the measured phase (clients still connected).
    pub server_rss_bytes: Option<u64>,
    /// Server resident memory when the run started (before any client connected).
    pub server_rss_before_bytes: Option<u64>,
    /// Largest server resident memory sampled during the run.
    pub server_rss_peak_bytes: Option<u64>,
    /// Server CPU time (user + system) spent during the run, in seconds.
    pub server_cpu_s: Option<f64>,
    /// CPU time of this load generator during the run, in seconds.
    pub load_cpu_s: Option<f64>,
    /// Server kind measured (`kring`, `bun`, `node`).
    pub target: String,
    /// Phones that joined.
    pub joined: u64,
    /// Actions refused with an `error`.
    pub refused: u64,
    /// Answers never seen counted on the projector.
    pub projector_missing: u64,
    /// Questions per quiz.
    pub questions: u32,
    /// Wall-clock duration of the run, in seconds.
    pub duration_s: f64,
    /// From the moment the first phone starts connecting until every phone has its `welcome`
    /// (or has failed), in seconds; `null` when the run timed out first.
    pub join_span_s: Option<f64>,
    /// `school-day`: latencies per kind of action (empty, and left out, otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<KindReport>,
    /// Phones that closed their socket and resumed during the run.
    pub reconnects: u64,
}

impl Report {
    /// The one-line summary CI greps for.
    pub fn summary_line(&self) -> String {
        format!(
            "kring-load: {} clients={} rooms={} sent={} acked={} lost={} errors={}",
            self.scenario,
            self.clients,
            self.rooms,
            self.actions_sent,
            self.actions_acked,
            self.lost,
            self.errors
        )
    }

    /// A table for humans, ending with [`Report::summary_line`].
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<20} {:>8} {:>10} {:>10} {:>10}",
            "latency", "count", "p50 ms", "p99 ms", "max ms"
        );
        let ms = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
        for (name, s) in [
            ("join", &self.join),
            ("question_to_phone", &self.question_to_phone),
            ("answer_to_ack", &self.answer_to_ack),
            ("answer_to_projector", &self.answer_to_projector),
        ] {
            let _ = writeln!(
                out,
                "{:<20} {:>8} {:>10} {:>10} {:>10}",
                name,
                s.count,
                ms(s.p50_ms),
                ms(s.p99_ms),
                ms(s.max_ms)
            );
        }
        if !self.kinds.is_empty() {
            let _ = writeln!(
                out,
                "{:<20} {:>8} {:>16} {:>16} {:>16}",
                "action (p50/p99 ms)", "count", "→ ack", "→ projector", "phase → phone"
            );
            let pair = |s: &Summary| format!("{}/{}", ms(s.p50_ms), ms(s.p99_ms));
            for k in &self.kinds {
                let _ = writeln!(
                    out,
                    "{:<20} {:>8} {:>16} {:>16} {:>16}",
                    k.kind,
                    k.actions,
                    pair(&k.answer_to_ack),
                    pair(&k.answer_to_projector),
                    pair(&k.phase_to_phone)
                );
            }
        }
        let mib = |b: Option<u64>| {
            b.map_or_else(
                || "-".to_owned(),
                |b| format!("{:.1} MiB", b as f64 / 1048576.0),
            )
        };
        let secs = |s: Option<f64>| s.map_or_else(|| "-".to_owned(), |s| format!("{s:.2} s"));
        let _ = writeln!(
            out,
            "server: rss {} (at start {}, peak {}), cpu {}; load generator cpu {}; run {:.1} s",
            mib(self.server_rss_bytes),
            mib(self.server_rss_before_bytes),
            mib(self.server_rss_peak_bytes),
            secs(self.server_cpu_s),
            secs(self.load_cpu_s),
            self.duration_s
        );
        let _ = writeln!(
            out,
            "target={} joined={} (all within {}) refused={} projector_missing={} reconnects={}",
            self.target,
            self.joined,
            secs(self.join_span_s),
            self.refused,
            self.projector_missing,
            self.reconnects
        );
        out.push_str(&self.summary_line());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_in_milliseconds() {
        let mut latency = Latency::default();
        for ms in 1..=100 {
            latency.record(Duration::from_millis(ms));
        }
        let s = latency.summary();
        assert_eq!(s.count, 100);
        let close = |a: Option<f64>, b: f64| (a.unwrap() - b).abs() <= b * 0.002;
        assert!(close(s.p50_ms, 50.0), "{s:?}");
        assert!(close(s.p99_ms, 99.0), "{s:?}");
        assert!(close(s.max_ms, 100.0), "{s:?}");
    }

    #[test]
    fn an_empty_histogram_has_no_percentiles() {
        let s = Latency::default().summary();
        assert_eq!(
            s,
            Summary {
                p50_ms: None,
                p99_ms: None,
                max_ms: None,
                count: 0
            }
        );
    }

    #[test]
    fn earlier_end_is_not_recorded() {
        let mut latency = Latency::default();
        let now = Instant::now();
        latency.record_between(now + Duration::from_millis(5), now);
        assert_eq!(latency.count(), 0);
        latency.record_between(now, now + Duration::from_millis(5));
        assert_eq!(latency.count(), 1);
    }

    fn report() -> Report {
        let mut latency = Latency::default();
        latency.record(Duration::from_micros(1500));
        Report {
            scenario: "quiz-burst".into(),
            clients: 200,
            rooms: 1,
            actions_sent: 603,
            actions_acked: 603,
            lost: 0,
            errors: 0,
            question_to_phone: latency.summary(),
            answer_to_ack: latency.summary(),
            answer_to_projector: latency.summary(),
            join: Latency::default().summary(),
            server_rss_bytes: Some(1 << 20),
            server_rss_before_bytes: None,
            server_rss_peak_bytes: None,
            server_cpu_s: None,
            load_cpu_s: Some(0.5),
            target: "kring".into(),
            joined: 200,
            refused: 0,
            projector_missing: 0,
            questions: 3,
            duration_s: 4.0,
            join_span_s: Some(2.1),
            kinds: Vec::new(),
            reconnects: 0,
        }
    }

    #[test]
    fn json_field_names_are_stable() {
        let json = serde_json::to_value(report()).unwrap();
        for field in [
            "scenario",
            "clients",
            "rooms",
            "actions_sent",
            "actions_acked",
            "lost",
            "errors",
            "question_to_phone",
            "answer_to_ack",
            "answer_to_projector",
            "join",
            "server_rss_bytes",
            "server_cpu_s",
            "target",
        ] {
            assert!(json.get(field).is_some(), "missing {field}: {json}");
        }
        for latency in [
            "question_to_phone",
            "answer_to_ack",
            "answer_to_projector",
            "join",
        ] {
            for field in ["p50_ms", "p99_ms", "max_ms", "count"] {
                assert!(json[latency].get(field).is_some(), "{latency}.{field}");
            }
        }
        assert_eq!(json["server_cpu_s"], serde_json::Value::Null);
        assert_eq!(json["join"]["p50_ms"], serde_json::Value::Null);
        assert_eq!(json["answer_to_ack"]["count"], 1);
        assert_eq!(json["answer_to_ack"]["p50_ms"], 1.5);
    }

    #[test]
    fn the_summary_line_is_last_and_exact() {
        let report = report();
        assert_eq!(
            report.summary_line(),
            "kring-load: quiz-burst clients=200 rooms=1 sent=603 acked=603 lost=0 errors=0"
        );
        assert!(report.table().ends_with(&report.summary_line()));
    }

    #[test]
    fn lost_excludes_acked_and_refused() {
        let collector = Collector {
            actions_sent: 10,
            actions_acked: 7,
            actions_refused: 2,
            ..Collector::default()
        };
        assert_eq!(collector.lost(), 1);
    }

    #[test]
    fn answers_are_matched_to_progress_by_rank() {
        let t0 = Instant::now();
        let at = |ms| t0 + Duration::from_millis(ms);
        // Three answers sent at 0, 10 and 20 ms (given out of order).
        let mut sent = vec![at(20), at(0), at(10)];
        // Progress: 1 at 30 ms, 3 at 80 ms (the 2 was coalesced away).
        let progress = [(at(80), 3), (at(30), 1)];
        let (latencies, missing) = projector_latencies(&mut sent, &progress);
        assert_eq!(missing, 0);
        let ms: Vec<u128> = latencies.iter().map(Duration::as_millis).collect();
        assert_eq!(ms, vec![30, 70, 60]);
    }

    #[test]
    fn answers_never_counted_are_missing() {
        let t0 = Instant::now();
        let mut sent = vec![t0, t0, t0];
        let (latencies, missing) = projector_latencies(&mut sent, &[(t0, 1)]);
        assert_eq!((latencies.len(), missing), (1, 2));
    }
}
