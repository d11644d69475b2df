//! The room's timeline ("visuele tijdlijn", [`Timeline`]): every session in order with its
//! activities that ran and each one's summary ([`Kind::summary`](super::kind::Kind::summary),
//! only what the projector may show), an empty chair's late input apart and only once
//! released, and the shifts: a statement or check-in (same key) shown in two or more
//! sessions, its spread per session side by side.
//!
//! Pure: computed from the room's state when asked (the timeline slide's view, the console's
//! `GET /api/rooms/CODE/timeline`), never stored, so it needs no records and no migration.
//! It never names a kind: what ran is [`AnyKind::started`](super::kind::AnyKind::started),
//! what is left out is what runs beside (a timer) or shows the timeline itself, and a kind's
//! tag is its spec's `kind` on the wire.

use std::collections::BTreeMap;

use kring_protocol::{
    ActivitySpec, Shift, ShiftEntry, SpreadScale, Timeline, TimelineItem, TimelineSession,
};

use super::state::RoomState;

/// A spec's kind as the wire tags it (`checkIn`, `quiz`, …).
pub fn kind_tag(spec: &ActivitySpec) -> String {
    serde_json::to_value(spec)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_owned))
        .unwrap_or_default()
}

/// The room's timeline now.
pub fn timeline(room: &RoomState) -> Timeline {
    let people = room.people();
    let list = room.sessions().list();
    let mut sessions: Vec<TimelineSession> = list
        .iter()
        .enumerate()
        .map(|(i, info)| TimelineSession {
            session: info.clone(),
            number: i as u32 + 1,
            items: Vec::new(),
            not_run: 0,
        })
        .collect();
    let index: BTreeMap<_, _> = list.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let chairs: BTreeMap<_, _> = room.chairs().collect();

    for (id, activity) in room.activities() {
        let kind = activity.kind();
        if kind.shows_timeline() || kind.runs_beside() {
            continue;
        }
        let Some(&at) = index.get(&room.sessions().of(id)) else {
            continue;
        };
        let session = &mut sessions[at];
        if !kind.started() {
            session.not_run += 1;
            continue;
        }
        let spec = kind.spec();
        let late = chairs
            .get(&id)
            .filter(|chair| chair.released())
            .and_then(|chair| room.late_copy(chair).kind().summary(&people));
        session.items.push(TimelineItem {
            activity: id,
            kind: kind_tag(&spec),
            title: spec.title().to_owned(),
            summary: kind.summary(&people),
            late,
        });
    }
    let shifts = shifts(&sessions);
    sessions.retain(|s| !s.items.is_empty());
    Timeline { sessions, shifts }
}

/// Statements and check-ins (by their spreads' keys) shown in two or more sessions: the last
/// spread of each session, in session order; shifts in order of first showing.
pub fn shifts(sessions: &[TimelineSession]) -> Vec<Shift> {
    let mut order: Vec<(SpreadScale, String)> = Vec::new();
    let mut found: BTreeMap<(u8, String), Shift> = BTreeMap::new();
    for session in sessions {
        for item in &session.items {
            let Some(summary) = &item.summary else {
                continue;
            };
            for spread in &summary.spreads {
                if spread.key.is_empty() {
                    continue;
                }
                let scale_no = match spread.scale {
                    SpreadScale::Faces => 0,
                    SpreadScale::Agree => 1,
                };
                let key = (scale_no, spread.key.clone());
                let shift = found.entry(key).or_insert_with(|| {
                    order.push((spread.scale, spread.key.clone()));
                    Shift {
                        label: spread.label.clone(),
                        key: spread.key.clone(),
                        scale: spread.scale,
                        sessions: Vec::new(),
                    }
                });
                let entry = ShiftEntry {
                    number: session.number,
                    title: session.session.title.clone(),
                    date: session.session.date.clone(),
                    bars: spread.bars.clone(),
                    skipped: spread.skipped,
                };
                // The same question twice in one session: its last showing counts.
                match shift.sessions.last_mut() {
                    Some(last) if last.number == session.number => *last = entry,
                    _ => shift.sessions.push(entry),
                }
            }
        }
    }
    order
        .into_iter()
        .filter_map(|(scale, key)| {
            let scale_no = match scale {
                SpreadScale::Faces => 0,
                SpreadScale::Agree => 1,
            };
            found.remove(&(scale_no, key))
        })
        .filter(|shift| shift.sessions.len() >= 2)
        .collect()
}

/// A check-in's or statement's key from its text: trimmed, white space as one space, lower
/// case (so "Hoe gaat het?" and " hoe  gaat het? " match).
pub fn fold_key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
#[path = "history/tests.rs"]
mod tests;

/// A summary line.
pub fn line(
    text: impl Into<String>,
    value: Option<f64>,
    unit: Option<kring_protocol::SummaryUnit>,
) -> kring_protocol::SummaryLine {
    kring_protocol::SummaryLine {
        text: text.into(),
        value,
        unit,
    }
}

/// A summary of these lines (at most [`kring_protocol::SUMMARY_LINES`]) and spreads; `None`
/// when both are empty.
pub fn summary(
    lines: impl IntoIterator<Item = kring_protocol::SummaryLine>,
    spreads: Vec<kring_protocol::SummarySpread>,
) -> Option<kring_protocol::ResultSummary> {
    let lines: Vec<_> = lines
        .into_iter()
        .take(kring_protocol::SUMMARY_LINES)
        .collect();
    (!lines.is_empty() || !spreads.is_empty())
        .then_some(kring_protocol::ResultSummary { lines, spreads })
}
