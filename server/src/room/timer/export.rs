//! A timer's results: every run with its planned time beside the actual one (JSON), one CSV
//! row per run, and a report section with a table of the runs (planned, added, counted down,
//! start to end, pauses, how it ended). A timer has no responses and names nobody.

use kring_protocol::Lang;
use serde::Serialize;

use super::{Run, Timer};
use crate::room::kind_export::{Block, ExportRow, KindExport, detail};

/// One run in the JSON detail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunExport {
    /// When it started, server ms since the UNIX epoch.
    started_at: u64,
    /// The set time it started with, s.
    planned_secs: u32,
    /// Added (positive) or taken off (negative) by the host, s (rounded).
    added_secs: i64,
    /// When it ended (absent while it runs).
    ended_at: Option<u64>,
    /// From start to end (or to the export, while it runs), ms.
    wall_ms: u64,
    /// Of that, counting down (not paused, server not stopped), ms.
    ran_ms: u64,
    /// How often it was paused.
    pauses: u32,
    /// How long it stood still, ms.
    paused_ms: u64,
    /// The host stopped it before its end.
    stopped: bool,
}

/// The JSON detail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    secs: u32,
    sound: bool,
    runs: Vec<RunExport>,
}

impl Run {
    /// The run as exported; a run still going is measured up to `now`.
    fn export(&self, now: u64) -> RunExport {
        let end = self.ended_at.unwrap_or(now.max(self.started_at));
        let paused_ms = self.paused_ms + self.paused_since.map_or(0, |s| end.saturating_sub(s));
        let wall_ms = end.saturating_sub(self.started_at);
        RunExport {
            started_at: self.started_at,
            planned_secs: self.planned_secs,
            added_secs: (self.added_ms as f64 / 1000.0).round() as i64,
            ended_at: self.ended_at,
            wall_ms,
            ran_ms: wall_ms.saturating_sub(paused_ms),
            pauses: self.pauses,
            paused_ms,
            stopped: self.stopped,
        }
    }
}

/// `ms` as m:ss (h:mm:ss from an hour).
pub fn clock(ms: u64) -> String {
    let secs = ms.div_ceil(1000);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// The timer's export, in `lang`. A run still going is measured up to its last event (the
/// export is a pure function of the state: the same state gives the same export).
pub(super) fn export(timer: &Timer, lang: Lang) -> KindExport {
    let nl = lang == Lang::Nl;
    let now = timer
        .runs
        .last()
        .map_or(0, |r| r.ended_at.or(r.paused_since).unwrap_or(r.started_at));
    let runs: Vec<RunExport> = timer.runs.iter().map(|r| r.export(now)).collect();
    let words = if nl {
        [
            "Timer",
            "Ronde",
            "Gepland",
            "Erbij/eraf",
            "Afgeteld",
            "Begin tot eind",
            "Pauzes",
            "Stilgestaan",
            "Einde",
            "afgelopen",
            "gestopt",
            "loopt nog",
            "De timer is niet gestart.",
        ]
    } else {
        [
            "Timer",
            "Run",
            "Planned",
            "Added/taken off",
            "Counted down",
            "Start to end",
            "Pauses",
            "Stood still",
            "End",
            "time up",
            "stopped",
            "still running",
            "The timer was not started.",
        ]
    };
    let ending = |r: &RunExport| match (r.ended_at, r.stopped) {
        (None, _) => words[11],
        (Some(_), true) => words[10],
        (Some(_), false) => words[9],
    };
    let signed = |secs: i64| match secs {
        0 => String::new(),
        s if s > 0 => format!("+{}", clock(s as u64 * 1000)),
        s => format!("−{}", clock(s.unsigned_abs() * 1000)),
    };
    let rows = runs
        .iter()
        .enumerate()
        .map(|(i, r)| ExportRow {
            item: (i + 1).to_string(),
            item_text: timer.spec.title.clone(),
            answer: ending(r).to_owned(),
            answer_text: format!(
                "{} {}, {} {}",
                words[2],
                clock(u64::from(r.planned_secs) * 1000),
                words[4],
                clock(r.ran_ms)
            ),
            value: Some((r.ran_ms / 1000).to_string()),
            time_ms: Some(r.wall_ms),
            ..ExportRow::default()
        })
        .collect();
    let mut report = vec![Block::Heading(format!(
        "{}: {}",
        words[0], timer.spec.title
    ))];
    if runs.is_empty() {
        report.push(Block::Para(words[12].to_owned()));
    } else {
        let table = runs
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    (i + 1).to_string(),
                    clock(u64::from(r.planned_secs) * 1000),
                    signed(r.added_secs),
                    clock(r.ran_ms),
                    clock(r.wall_ms),
                    r.pauses.to_string(),
                    clock(r.paused_ms),
                    ending(r).to_owned(),
                ]
            })
            .collect();
        report.push(Block::table(&words[1..9], table));
    }
    KindExport {
        anonymous: true,
        detail: detail(Detail {
            secs: timer.secs,
            sound: timer.sound,
            runs,
        }),
        rows,
        report,
    }
}
