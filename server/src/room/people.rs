//! Who is in a room, as the facilitator manages it: the door ([`Door`]: locked, expected
//! size, names approved first), nickname uniqueness on confusable skeletons ([`NameIndex`]),
//! the filter shared by the console's list and bulk removal ([`matches`]), pages of that
//! list ([`page`]) and the projector's lobby of names ([`lobby`]).
//!
//! A new name reaches the projector [`LOBBY_HOLD_MS`] after joining (or once approved, when
//! the facilitator asked to approve names): the console shows it at once, highlighted, with
//! rename and remove, so a rude name can go before the class sees it. The projector gets each
//! name with the time it may show it from, so no timer in the room is needed for the hold.

use std::collections::HashMap;

use kring_protocol::{
    Admission, ErrorCode, LOBBY_HOLD_MS, LobbyName, MAX_LOBBY_NAMES, MAX_PAGE_ROWS,
    ParticipantFilter, ParticipantId, ParticipantInfo, ParticipantQuery,
};
use serde::{Deserialize, Serialize};

use super::error::ActError;
use super::state::{Participant, RoomState};
use crate::names;

/// How people get into a room: set by the host, recorded, replayed.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct Door {
    /// Nobody new can join.
    pub locked: bool,
    /// Joins beyond this many participants are refused.
    pub expected_size: Option<u32>,
    /// New names wait for the facilitator's approval before the projector shows them.
    pub approve_names: bool,
}

impl Door {
    /// Whether someone new may join a room of `in_room` participants.
    pub fn admit(&self, in_room: usize) -> Result<(), ActError> {
        if self.locked {
            return Err(ActError::new(
                ErrorCode::RoomLocked,
                "the teacher has locked this room: nobody new can join now",
            ));
        }
        if let Some(size) = self.expected_size
            && in_room >= size as usize
        {
            return Err(ActError::new(
                ErrorCode::ExpectedSizeReached,
                format!("the teacher expects {size} people and they are all in"),
            ));
        }
        Ok(())
    }

    /// The door as screens see it, with the count of refused joins.
    pub fn admission(&self, refused: u32) -> Admission {
        Admission {
            locked: self.locked,
            expected_size: self.expected_size,
            approve_names: self.approve_names,
            refused,
        }
    }

    /// From when the projector shows a participant's name; `None` while it waits for approval.
    pub fn show_at(&self, p: &Participant) -> Option<u64> {
        if p.approved {
            Some(p.joined_at)
        } else if self.approve_names {
            None
        } else {
            Some(p.joined_at + LOBBY_HOLD_MS)
        }
    }
}

/// Nicknames in the room by their key ([`names::nickname_key`]), both ways. Not stored:
/// rebuilt from the participants whenever it is out of step with them (after loading a
/// snapshot), so a change of the key's definition needs no migration.
#[derive(Clone, Debug, Default)]
pub struct NameIndex {
    by_key: HashMap<String, ParticipantId>,
    by_id: HashMap<ParticipantId, String>,
}

impl NameIndex {
    /// Rebuilds the index when it does not hold exactly the room's participants.
    pub fn sync(&mut self, participants: &[Participant], roster: &[ParticipantId]) {
        if self.by_id.len() == roster.len() {
            return;
        }
        self.by_key.clear();
        self.by_id.clear();
        for &id in roster {
            self.insert(id, &participants[id.0 as usize].nickname);
        }
    }

    /// Who has a nickname that looks like `nickname`, if anyone.
    pub fn holder(&self, nickname: &str) -> Option<ParticipantId> {
        self.by_key.get(&names::nickname_key(nickname)).copied()
    }

    /// Records a participant's nickname.
    pub fn insert(&mut self, id: ParticipantId, nickname: &str) {
        let key = names::nickname_key(nickname);
        self.by_key.insert(key.clone(), id);
        self.by_id.insert(id, key);
    }

    /// Forgets a participant's nickname.
    pub fn remove(&mut self, id: ParticipantId) {
        if let Some(key) = self.by_id.remove(&id) {
            self.by_key.remove(&key);
        }
    }

    /// A participant's nickname key ("" when unknown).
    pub fn key(&self, id: ParticipantId) -> &str {
        self.by_id.get(&id).map_or("", String::as_str)
    }
}

/// The refusal of a nickname someone else has.
pub fn taken() -> ActError {
    ActError::new(
        ErrorCode::NicknameTaken,
        "someone in this room already has that nickname",
    )
}

/// A filter made ready for matching many participants: its search as a key.
pub struct Matcher<'a> {
    filter: &'a ParticipantFilter,
    search: String,
    now: u64,
}

impl<'a> Matcher<'a> {
    /// Prepares `filter` for matching at server time `now`.
    pub fn new(filter: &'a ParticipantFilter, now: u64) -> Self {
        Matcher {
            filter,
            search: names::nickname_key(&filter.search),
            now,
        }
    }

    /// Whether a participant (with nickname key `key`) matches.
    pub fn matches(&self, p: &Participant, key: &str, door: &Door) -> bool {
        let f = self.filter;
        (self.search.is_empty() || key.contains(&self.search))
            && f.joined_within_secs
                .is_none_or(|secs| p.joined_at + u64::from(secs) * 1000 >= self.now)
            && (!f.never_acted || !p.acted())
            && (!f.waiting || door.show_at(p).is_none_or(|at| at > self.now))
    }
}

/// The participants (not removed) that match `filter` at `now`, newest first.
pub fn matching<'s>(
    state: &'s RoomState,
    filter: &ParticipantFilter,
    now: u64,
) -> impl Iterator<Item = &'s Participant> {
    let matcher = Matcher::new(filter, now);
    let door = state.door();
    state.roster().iter().rev().filter_map(move |&id| {
        let p = state.participant(id)?;
        matcher
            .matches(p, state.name_index().key(id), door)
            .then_some(p)
    })
}

/// A participant as the host sees it.
pub fn info(state: &RoomState, p: &Participant, online: bool) -> ParticipantInfo {
    ParticipantInfo {
        id: p.id,
        nickname: p.nickname.clone(),
        online,
        joined_at: p.joined_at,
        acted: p.acted(),
        show_at: state.door().show_at(p),
    }
}

/// One page of the host's list: how many match, the page (newest first) and the newest
/// participant's id.
pub fn page(
    state: &RoomState,
    query: &ParticipantQuery,
    now: u64,
    online: impl Fn(ParticipantId) -> bool,
) -> (u32, Vec<ParticipantInfo>, Option<ParticipantId>) {
    let limit = query.limit.min(MAX_PAGE_ROWS) as usize;
    let mut total = 0u32;
    let mut items = Vec::with_capacity(limit);
    for p in matching(state, &query.filter, now) {
        if total >= query.offset && items.len() < limit {
            items.push(info(state, p, online(p.id)));
        }
        total += 1;
    }
    (total, items, state.roster().last().copied())
}

/// The projector's lobby: the newest [`MAX_LOBBY_NAMES`] names it may show (now or after
/// their wait), in joining order, and how many more there are.
pub fn lobby(state: &RoomState) -> (Vec<LobbyName>, u32) {
    let door = state.door();
    let mut shown: Vec<LobbyName> = Vec::new();
    let mut more = 0u32;
    for &id in state.roster().iter().rev() {
        let Some(p) = state.participant(id) else {
            continue;
        };
        let Some(show_at) = door.show_at(p) else {
            continue;
        };
        if shown.len() < MAX_LOBBY_NAMES {
            shown.push(LobbyName {
                id,
                nickname: p.nickname.clone(),
                show_at,
            });
        } else {
            more += 1;
        }
    }
    shown.reverse();
    (shown, more)
}
