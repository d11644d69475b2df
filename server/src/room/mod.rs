//! Rooms: the pure state ([`state`]), the one shape of every activity kind ([`kind`]) with the
//! registry of kinds ([`activity`]) and one module per kind ([`quiz`], [`team_names`],
//! [`brainstorm`], [`dot_vote`], [`pitches`]), the room-level teams and role cards ([`teams`])
//! and sessions (each activity's session, plan and time: [`sessions`]),
//! the check of a template's plan ([`templates`]),
//! and the actor task that owns one room's state and its connections (`actor`).

pub mod activity;
mod actor;
pub mod brainstorm;
pub mod card_sort;
mod changes;
pub mod check_in;
pub mod dot_vote;
pub use crate::act_error as error;
pub mod history;
pub mod kind;
pub mod kind_export;
pub mod open_question;
pub mod people;
pub mod pitches;
pub mod quiz;
pub mod sessions;
pub mod state;
pub mod statement_scale;
pub mod team_names;
pub mod teams;
pub mod templates;
pub mod timeline;
pub mod timer;
pub mod we_did;

pub use activity::Activity;
pub use actor::{
    AttachOutcome, Command, ConnId, Hello, RoomEnv, RoomHandle, RoomStats, constant_time_eq,
    restore, spawn,
};
pub use error::ActError;
pub use kind::{AnyKind, Kind};
pub use state::{
    Applied, Effect, Input, MAX_ACTIVITIES, MAX_SESSION_ACTIVITIES, Participant, Record, RoomMeta,
    RoomState, Who,
};
