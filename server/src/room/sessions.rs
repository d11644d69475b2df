//! A room's sessions (room-level, beside the agenda in [`super::RoomState`]): the list of
//! sessions in order, which session each activity belongs to, the minutes planned for each
//! activity and how long each has been the current one.
//!
//! The agenda itself stays one list of activities in the room's state, kept grouped by
//! session in the sessions' order, so "the next activity" is simply the next one in it; this
//! module says where an activity goes in that list ([`Sessions::position`]). Session 0 is in
//! every room without a record, and an activity not listed in [`Sessions::of`] is in it, so a
//! room stored before sessions (every activity in session 0) reads and replays unchanged.
//!
//! Times come from the records (`at`): the activity current from one record to the next that
//! changes it banks the difference ([`Sessions::switch`]). A room created before sessions has
//! no times kept (its old snapshots do not know them, and a snapshot must rebuild the same
//! state as its records) until the host changes its sessions or plan for the first time
//! ([`Sessions::keep_times`]).

use std::collections::BTreeMap;

use kring_protocol::{
    ActivityId, ErrorCode, Lang, MAX_PLANNED_MINUTES, MAX_SESSION_TITLE_CHARS, MAX_SESSIONS,
    SessionId, SessionInfo,
};
use serde::{Deserialize, Serialize};

use super::card_sort::{COLUMNS, MAX_COLUMN_CHARS};
use super::error::ActError;
use crate::names;

/// The room's sessions and what it keeps per activity about them.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Sessions {
    /// The sessions, in order (never empty).
    list: Vec<SessionInfo>,
    /// The id the next session gets (ids are never reused).
    next: u32,
    /// The session of every activity not in session 0.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    of: BTreeMap<ActivityId, SessionId>,
    /// Planned minutes per activity.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    planned: BTreeMap<ActivityId, u16>,
    /// How long each activity has been current; `None` while times are not kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    clock: Option<Clock>,
}

/// How long each activity has been the current one.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
struct Clock {
    /// Banked ms per activity (every time it was current before this one).
    #[serde(default)]
    actual: BTreeMap<ActivityId, u64>,
    /// Since when the current activity is (none while no activity is current or the server
    /// is paused).
    #[serde(default)]
    since: Option<u64>,
}

impl Default for Sessions {
    /// What a room stored before sessions reads as: session 0 only, no times kept.
    fn default() -> Self {
        Sessions::new(false)
    }
}

impl Sessions {
    /// A room's sessions at its start: session 0 with an empty title; `keep_times` for rooms
    /// created with sessions.
    pub fn new(keep_times: bool) -> Self {
        Sessions {
            list: vec![SessionInfo {
                id: SessionId(0),
                title: String::new(),
                date: None,
            }],
            next: 1,
            of: BTreeMap::new(),
            planned: BTreeMap::new(),
            clock: keep_times.then(Clock::default),
        }
    }

    /// The sessions, in order.
    pub fn list(&self) -> &[SessionInfo] {
        &self.list
    }

    /// The session whose agenda holds `activity`.
    pub fn of(&self, activity: ActivityId) -> SessionId {
        self.of.get(&activity).copied().unwrap_or_default()
    }

    /// The room's last session (where an activity added without a session goes).
    pub fn last(&self) -> SessionId {
        self.list.last().map_or(SessionId(0), |s| s.id)
    }

    /// Minutes planned for `activity`.
    pub fn planned(&self, activity: ActivityId) -> Option<u16> {
        self.planned.get(&activity).copied()
    }

    /// How long `activity` was current before (ms), not counting the time it is current now.
    pub fn actual_ms(&self, activity: ActivityId) -> u64 {
        self.clock
            .as_ref()
            .and_then(|c| c.actual.get(&activity).copied())
            .unwrap_or(0)
    }

    /// Since when the current activity is current, if times are kept.
    pub fn running_since(&self) -> Option<u64> {
        self.clock.as_ref().and_then(|c| c.since)
    }

    /// Refuses a session the room does not have.
    pub fn check(&self, session: SessionId) -> Result<(), ActError> {
        self.rank(session).map(|_| ()).ok_or_else(|| {
            ActError::new(ErrorCode::SessionNotFound, "no such session in this room")
        })
    }

    /// A session's place in the room's order.
    fn rank(&self, session: SessionId) -> Option<usize> {
        self.list.iter().position(|s| s.id == session)
    }

    /// Where an activity goes in the agenda (`order`: its other activities' ids, grouped by
    /// session) to be at place `index` of `session` (its end when `index` is past it).
    pub fn position(
        &self,
        order: impl IntoIterator<Item = ActivityId> + Clone,
        session: SessionId,
        index: usize,
    ) -> usize {
        let target = self.rank(session).unwrap_or(usize::MAX);
        let mut seen = 0;
        for (i, id) in order.clone().into_iter().enumerate() {
            if self.of(id) == session {
                if seen == index {
                    return i;
                }
                seen += 1;
            }
        }
        // The end of the session: after every activity of it and of the sessions before.
        order
            .into_iter()
            .filter(|id| self.rank(self.of(*id)).unwrap_or(usize::MAX) <= target)
            .count()
    }

    /// The sessions as a card-sort's columns, in order: each one's title, or its date when
    /// untitled, or "Sessie N"/"Session N" (the last 8, a card-sort's most, when there are more);
    /// `None` with fewer than 2 sessions.
    pub fn as_columns(&self, lang: Lang) -> Option<Vec<String>> {
        if self.list.len() < 2 {
            return None;
        }
        let skip = self.list.len().saturating_sub(*COLUMNS.end());
        let mut columns: Vec<String> = Vec::new();
        for (n, session) in self.list.iter().enumerate().skip(skip) {
            let title = session.title.trim();
            let mut name = if !title.is_empty() {
                title.chars().take(MAX_COLUMN_CHARS).collect()
            } else if let Some(date) = &session.date {
                date.clone()
            } else if lang == Lang::Nl {
                format!("Sessie {}", n + 1)
            } else {
                format!("Session {}", n + 1)
            };
            // Two sessions of one name stay two columns.
            if columns
                .iter()
                .any(|c| c.trim().to_lowercase() == name.trim().to_lowercase())
            {
                let suffix = format!(" ({})", n + 1);
                let keep = MAX_COLUMN_CHARS - suffix.chars().count();
                name = name.chars().take(keep).collect::<String>() + &suffix;
            }
            columns.push(name);
        }
        Some(columns)
    }

    /// How many activities of `order` are in `session`.
    pub fn count(&self, order: impl IntoIterator<Item = ActivityId>, session: SessionId) -> usize {
        order
            .into_iter()
            .filter(|id| self.of(*id) == session)
            .count()
    }

    /// Puts `activity` in `session`.
    pub fn place(&mut self, activity: ActivityId, session: SessionId) {
        if session == SessionId(0) {
            self.of.remove(&activity);
        } else {
            self.of.insert(activity, session);
        }
    }

    /// Forgets a removed activity.
    pub fn forget(&mut self, activity: ActivityId) {
        self.of.remove(&activity);
        self.planned.remove(&activity);
        if let Some(clock) = &mut self.clock {
            clock.actual.remove(&activity);
        }
    }

    /// Adds a session after the last one.
    pub fn add(&mut self, title: &str, date: Option<&str>) -> Result<SessionId, ActError> {
        if self.list.len() >= MAX_SESSIONS {
            return Err(ActError::new(
                ErrorCode::LimitReached,
                format!("a room has at most {MAX_SESSIONS} sessions"),
            ));
        }
        let (title, date) = (check_title(title)?, check_date(date)?);
        let id = SessionId(self.next);
        self.next += 1;
        self.list.push(SessionInfo { id, title, date });
        Ok(id)
    }

    /// Renames a session or changes its date.
    pub fn update(
        &mut self,
        session: SessionId,
        title: &str,
        date: Option<&str>,
    ) -> Result<(), ActError> {
        self.check(session)?;
        let (title, date) = (check_title(title)?, check_date(date)?);
        let entry = self.list.iter_mut().find(|s| s.id == session);
        if let Some(entry) = entry {
            entry.title = title;
            entry.date = date;
        }
        Ok(())
    }

    /// Removes a session from the list (the room removed its activities); a room keeps one.
    pub fn remove(&mut self, session: SessionId) -> Result<(), ActError> {
        self.check(session)?;
        if self.list.len() == 1 {
            return Err(ActError::new(
                ErrorCode::WrongPhase,
                "a room keeps at least one session",
            ));
        }
        self.list.retain(|s| s.id != session);
        Ok(())
    }

    /// Sets (or clears) the minutes planned for `activity`.
    pub fn set_planned(
        &mut self,
        activity: ActivityId,
        minutes: Option<u16>,
    ) -> Result<(), ActError> {
        match minutes {
            None => {
                self.planned.remove(&activity);
            }
            Some(m) if (1..=MAX_PLANNED_MINUTES).contains(&m) => {
                self.planned.insert(activity, m);
            }
            Some(_) => {
                return Err(ActError::invalid_spec(format!(
                    "planned minutes are 1 to {MAX_PLANNED_MINUTES}"
                )));
            }
        }
        Ok(())
    }

    /// The current activity changes from `from` to `to` at `at`: `from` banks its time.
    pub fn switch(&mut self, from: Option<ActivityId>, to: Option<ActivityId>, at: u64) {
        let Some(clock) = &mut self.clock else {
            return;
        };
        if let (Some(from), Some(since)) = (from, clock.since) {
            *clock.actual.entry(from).or_default() += at.saturating_sub(since);
        }
        clock.since = to.map(|_| at);
    }

    /// The server stops gracefully at `at`: the current activity banks its time (the time
    /// the server is down does not count).
    pub fn pause(&mut self, current: Option<ActivityId>, at: u64) {
        self.switch(current, None, at);
    }

    /// The server is back at `at`: the current activity's time runs again.
    pub fn resume(&mut self, current: Option<ActivityId>, at: u64) {
        if let Some(clock) = &mut self.clock {
            clock.since = current.map(|_| at);
        }
    }

    /// Starts keeping times (from `at`) in a room created before sessions; nothing when they
    /// are kept already.
    pub fn keep_times(&mut self, current: Option<ActivityId>, at: u64) {
        if self.clock.is_none() {
            self.clock = Some(Clock {
                actual: BTreeMap::new(),
                since: current.map(|_| at),
            });
        }
    }

    /// A copy of `from` (its plan, not its time) is `to`, in the same session.
    pub fn copy(&mut self, from: ActivityId, to: ActivityId) {
        self.place(to, self.of(from));
        if let Some(m) = self.planned(from) {
            self.planned.insert(to, m);
        }
    }
}

/// A session's title: empty (the clients show "Session N"), or checked like student text.
fn check_title(title: &str) -> Result<String, ActError> {
    if title.trim().is_empty() {
        return Ok(String::new());
    }
    names::check_text(title, MAX_SESSION_TITLE_CHARS)
}

/// A session's date: `YYYY-MM-DD`, a real day.
fn check_date(date: Option<&str>) -> Result<Option<String>, ActError> {
    let Some(date) = date.map(str::trim).filter(|d| !d.is_empty()) else {
        return Ok(None);
    };
    let shaped = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped || date.parse::<jiff::civil::Date>().is_err() {
        return Err(ActError::invalid_spec(format!(
            "a session's date is a day written YYYY-MM-DD (e.g. 2026-12-05), not \"{}\"",
            date.chars().take(20).collect::<String>()
        )));
    }
    Ok(Some(date.to_owned()))
}

#[cfg(test)]
mod tests;
