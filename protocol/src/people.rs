//! Who is in a room, as the facilitator manages it: the console's paged and searchable
//! participant list ([`ParticipantQuery`], answered by `ServerMsg::ParticipantPage`), bulk
//! removal by the same [`ParticipantFilter`], the room's door ([`Admission`]: locked, expected
//! size, names approved first) and the projector's lobby of names ([`LobbyName`]).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ParticipantId;

/// Most rows in one page of the host's participant list.
pub const MAX_PAGE_ROWS: u32 = 100;
/// Most names the projector's lobby is sent (the newest); the rest are counted.
pub const MAX_LOBBY_NAMES: usize = 300;
/// How long a new name waits before the projector shows it (unless the facilitator approved
/// or renamed it first), in milliseconds: time to rename or remove it with one tap.
pub const LOBBY_HOLD_MS: u64 = 5_000;
/// Largest expected room size a facilitator can set.
pub const MAX_EXPECTED_SIZE: u32 = 20_000;
/// Most participants one `approveNames` act names.
pub const MAX_APPROVE: usize = MAX_PAGE_ROWS as usize;

/// Which participants a host's list shows or a bulk removal removes. Every condition set
/// must hold; the default (nothing set) is everyone in the room.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ParticipantFilter {
    /// Part of the nickname, case and look-alike letters aside; empty matches everyone.
    #[serde(default)]
    pub search: String,
    /// Only those who joined at most this many seconds ago (by the server's clock when the
    /// list is made, or when the removal is applied).
    #[serde(default)]
    pub joined_within_secs: Option<u32>,
    /// Only those who never did anything in the room that names them (no answer, idea or
    /// team pick; anonymous actions, such as likes, dots, pitch ratings and ideas on an
    /// anonymous wall, never count, so the list cannot tell who made one).
    #[serde(default)]
    pub never_acted: bool,
    /// Only those the projector does not show yet (new, or waiting for approval).
    #[serde(default)]
    pub waiting: bool,
}

/// A host's request for one page of the participant list, newest first. The room answers
/// with `ServerMsg::ParticipantPage` at once and again (coalesced) whenever that page changes,
/// until the console asks for another.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ParticipantQuery {
    /// Who to list.
    #[serde(default)]
    pub filter: ParticipantFilter,
    /// How many matching participants to skip (newest first).
    #[serde(default)]
    pub offset: u32,
    /// Rows wanted, at most [`MAX_PAGE_ROWS`].
    pub limit: u32,
}

/// How people get into a room. Visible to every screen; set by the host.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Admission {
    /// Nobody new can join (`roomLocked`); those already in come back as before.
    pub locked: bool,
    /// Joins beyond this many participants are refused (`expectedSizeReached`) until the
    /// facilitator raises it or removes someone; `null`: no expected size.
    pub expected_size: Option<u32>,
    /// New names appear on the projector only once the facilitator approved them.
    pub approve_names: bool,
    /// Joins refused by the lock or the expected size since the room's server started
    /// (host and projector only; 0 for phones).
    pub refused: u32,
}

/// One name in the projector's lobby.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LobbyName {
    /// Who.
    pub id: ParticipantId,
    /// Their nickname.
    pub nickname: String,
    /// Server time (ms since the UNIX epoch) from which the projector shows it.
    #[ts(type = "number")]
    pub show_at: u64,
}
