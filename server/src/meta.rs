//! What a room is created with ([`RoomMeta`]): the room and the store both use it, and it
//! depends on neither.

use kring_protocol::RoomCode;
use serde::{Deserialize, Serialize};

/// What a room is created with; never changes.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RoomMeta {
    /// Join code.
    pub code: RoomCode,
    /// The organiser's title.
    pub title: String,
    /// Secret that grants host rights.
    pub host_key: String,
    /// Seed for the room's random choices.
    pub seed: u64,
    /// Creation time (ms since the UNIX epoch).
    pub created_at: u64,
    /// Created with sessions: the room keeps how long each activity is current from its
    /// start. Absent (false) in rooms stored before, whose old snapshots do not know those
    /// times: they keep them from the host's first change of sessions or plan.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keeps_times: bool,
}

impl RoomMeta {
    /// The key of a co-facilitator's console (moderation only): derived from the host key
    /// (SHA-256 of a fixed label and the key, 32 hex digits), so it needs no storage, is the
    /// same after every restart and does not reveal the host key.
    pub fn moderator_key(&self) -> String {
        use sha2::{Digest, Sha256};
        let digest = Sha256::new()
            .chain_update(b"kring co-facilitator\0")
            .chain_update(self.host_key.as_bytes())
            .finalize();
        digest[..16].iter().map(|b| format!("{b:02x}")).collect()
    }
}
