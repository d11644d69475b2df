//! Rooms: the pure state ([`state`], one module per activity kind such as [`quiz`]) and the
//! actor task that owns one room's state and its connections (`actor`).

mod actor;
pub mod error;
pub mod quiz;
pub mod state;

pub use actor::{AttachOutcome, Command, ConnId, Hello, RoomEnv, RoomHandle, RoomStats, spawn};
pub use error::ActError;
pub use state::{
    Activity, Applied, Effect, Input, MAX_ACTIVITIES, Participant, Record, RoomMeta, RoomState, Who,
};
