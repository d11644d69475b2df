//! Kring's wire protocol: every message that crosses a WebSocket or the JSON HTTP API.
//!
//! - [`ClientMsg`] is what a browser (phone, host console, projector) sends; [`ServerMsg`] is
//!   what the server sends back. Both are JSON objects tagged by `type`.
//! - [`Act`] is an action that changes a room; it always travels inside [`ClientMsg::Act`] with a
//!   client-chosen [`ClientMsgId`], is acknowledged once applied ([`ServerMsg::Ack`]) and is
//!   ignored (but acknowledged again) when repeated.
//! - Activities plug in through three enums that grow one variant per activity kind:
//!   [`ActivitySpec`] (what the organiser prepares), [`ActivityInput`] (what people do in it) and
//!   [`ActivityView`] (what screens show), plus [`Personal`] (what one phone sees of itself).
//! - The HTTP API types ([`CreateRoomRequest`], [`CreateRoomResponse`], [`ApiError`]) live here
//!   too, so the TypeScript client shares them.
//!
//! One casing everywhere: tags, field names and enum values are `camelCase`.
//! TypeScript types are generated into `web-client/gen/` by `cargo test -p kring-protocol`.
//! Integers that cross the wire are `u32`, or `u64` mapped to `number` (milliseconds since the
//! UNIX epoch and sequence numbers stay far below 2^53).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod brainstorm;
mod card_sort;
mod chair;
mod check_in;
mod dot_vote;
mod open_question;
mod people;
mod pitches;
mod quiz;
mod statement_scale;
mod team_names;
mod teams;
mod template;
mod timeline;
mod timer;
mod we_did;
pub use brainstorm::*;
pub use card_sort::*;
pub use chair::*;
pub use check_in::*;
pub use dot_vote::*;
pub use open_question::*;
pub use people::*;
pub use pitches::*;
pub use quiz::*;
pub use statement_scale::*;
pub use team_names::*;
pub use teams::*;
pub use template::*;
pub use timeline::*;
pub use timer::*;
pub use we_did::*;

/// Version of this protocol; sent by clients as `?v=` on the WebSocket URL and checked at the
/// upgrade. A mismatch gets [`ErrorCode::ProtocolVersion`] and close code
/// [`close::PROTOCOL_VERSION`].
pub const PROTOCOL_VERSION: u32 = 1;

/// Characters a room code is made of: no look-alikes (0/O, 1/I/L).
pub const ROOM_CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Length of a room code.
pub const ROOM_CODE_LEN: usize = 6;
/// Longest nickname, in characters.
pub const MAX_NICKNAME_CHARS: usize = 24;
/// Longest client message id, in bytes.
pub const MAX_CLIENT_MSG_ID_LEN: usize = 64;
/// Largest WebSocket message the server accepts, in bytes.
pub const MAX_WS_MESSAGE_BYTES: usize = 16 * 1024;
/// Longest host console id ([`ClientMsg::Host::console`]), in bytes.
pub const MAX_CONSOLE_ID_LEN: usize = 32;
/// Longest session title, in characters (an empty title is shown as "Session N").
pub const MAX_SESSION_TITLE_CHARS: usize = 80;
/// Most sessions one room holds.
pub const MAX_SESSIONS: usize = 12;
/// Most planned minutes for one activity.
pub const MAX_PLANNED_MINUTES: u16 = 600;

/// WebSocket close codes the server uses (documented in `docs/PROTOCOL.md`).
pub mod close {
    /// The client broke the WebSocket framing rules (e.g. an unmasked or fragmented control
    /// frame, a reserved bit); reconnect.
    pub const PROTOCOL_ERROR: u16 = 1002;
    /// A text message was not valid UTF-8; reconnect.
    pub const INVALID_DATA: u16 = 1007;
    /// The room failed again and again and was stopped until the server restarts; reconnect
    /// later.
    pub const INTERNAL: u16 = 1011;
    /// The client's protocol version differs from the server's; reload the page.
    pub const PROTOCOL_VERSION: u16 = 4000;
    /// No valid first message (join, resume, host or screen) in time.
    pub const HANDSHAKE: u16 = 4001;
    /// The host removed this participant; do not reconnect.
    pub const REMOVED: u16 = 4003;
    /// The same participant connected again elsewhere (another tab or phone); this older
    /// connection is closed and should not reconnect by itself.
    pub const REPLACED: u16 = 4002;
    /// The room does not exist (any more); do not reconnect.
    pub const ROOM_NOT_FOUND: u16 = 4004;
    /// The connection fell too far behind; reconnect and resume for a fresh snapshot.
    pub const SLOW_CONSUMER: u16 = 4008;
    /// The server is at its connection limit; retry later.
    pub const SERVER_FULL: u16 = 4009;
    /// No sign of life (no message, no pong) in time: the link is taken for dead; reconnect.
    pub const IDLE: u16 = 4010;
    /// In a cluster: this node no longer holds the room (it lost its lease to another node,
    /// or handed the room over); reconnect at once, and the proxy routes to the room's owner.
    /// Actions not yet acknowledged are re-sent there.
    pub const ROOM_MOVED: u16 = 4011;
    /// Too many messages or openings (a rate limit); reconnect after a pause (back-off).
    pub const RATE_LIMITED: u16 = 4029;
    /// Wrong host key or resume token; do not reconnect with the same credentials.
    pub const UNAUTHORIZED: u16 = 4401;
}

/// A room's join code: [`ROOM_CODE_LEN`] characters from [`ROOM_CODE_ALPHABET`].
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[ts(export)]
pub struct RoomCode(pub String);

impl RoomCode {
    /// Normalises user input (trim, upper case) and checks length and alphabet.
    pub fn parse(input: &str) -> Option<RoomCode> {
        let code = input.trim().to_ascii_uppercase();
        let valid =
            code.len() == ROOM_CODE_LEN && code.bytes().all(|b| ROOM_CODE_ALPHABET.contains(&b));
        valid.then_some(RoomCode(code))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for RoomCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A participant's number within its room (0, 1, 2, … in joining order).
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[ts(export)]
pub struct ParticipantId(pub u32);

/// An activity's number within its room.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[ts(export)]
pub struct ActivityId(pub u32);

/// A session's number within its room. Session 0 is in every room without a record (the
/// clients call it "Session 1" while its title is empty); the host adds more
/// ([`Act::AddSession`]).
#[derive(
    Serialize, Deserialize, TS, Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[ts(export)]
pub struct SessionId(pub u32);

/// One of a room's sessions (a lesson on a day), each with its own ordered agenda.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SessionInfo {
    /// Id.
    pub id: SessionId,
    /// Its title; empty: the clients show "Session N" (N its place in the room, from 1).
    pub title: String,
    /// Its date as `YYYY-MM-DD`, if set.
    pub date: Option<String>,
}

/// A client-chosen id for one action, unique per sender (at most [`MAX_CLIENT_MSG_ID_LEN`]
/// bytes). The server applies an action once per id and acknowledges repeats without applying.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[ts(export)]
pub struct ClientMsgId(pub String);

/// Interface language.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Lang {
    /// Dutch.
    Nl,
    /// English.
    #[default]
    En,
}

/// Messages from a browser to the server.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum ClientMsg {
    /// Join a room as a new participant (first message of a phone).
    Join {
        /// The room's code (case and surrounding spaces are forgiven).
        room: String,
        /// Chosen nickname; `null` asks the server to generate one.
        nickname: Option<String>,
        /// Language for a generated nickname.
        #[serde(default)]
        lang: Lang,
    },
    /// Come back as an existing participant (first message of a phone that joined before).
    Resume {
        /// The room's code.
        room: String,
        /// The resume token from [`Me::token`].
        token: String,
    },
    /// Attach a host console (first message); grants the facilitator's rights.
    Host {
        /// The room's code.
        room: String,
        /// The secret host key returned when the room was created, or the moderator key
        /// (a co-facilitator's console; see [`ServerMsg::Welcome`]).
        host_key: String,
        /// This console's own id (at most [`MAX_CONSOLE_ID_LEN`] bytes; the browser keeps a
        /// random one per tab): its action ids are its own, so two consoles of one room may
        /// use the same id. Without it, the room's consoles share one space of action ids.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        console: Option<String>,
    },
    /// Attach a read-only projector screen (first message).
    Screen {
        /// The room's code.
        room: String,
    },
    /// An action; answered with [`ServerMsg::Ack`] once applied or [`ServerMsg::Error`].
    Act {
        /// Client-chosen id; a repeat is acknowledged but not applied again.
        id: ClientMsgId,
        /// What to do.
        act: Act,
    },
    /// Ask for a fresh [`ServerMsg::Welcome`] snapshot.
    Sync,
    /// Host: show this page of the participant list (answered by
    /// [`ServerMsg::ParticipantPage`], then kept up to date).
    ListParticipants {
        /// Which page.
        query: ParticipantQuery,
    },
    /// Keep-alive and clock probe; answered with [`ServerMsg::Pong`].
    Ping {
        /// Client's time, echoed back.
        t: f64,
    },
}

/// An action that changes a room. Who may send which is checked by the server.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum Act {
    /// Input to one activity (answers from phones, flow control from the host).
    Activity {
        /// The activity addressed.
        activity: ActivityId,
        /// The input, tagged by activity kind.
        input: ActivityInput,
    },
    /// Host: append an activity to a session's agenda.
    AddActivity {
        /// What to add.
        spec: ActivitySpec,
        /// The session it goes at the end of; absent: the room's last session.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        session: Option<SessionId>,
    },
    /// Host: replace a not-yet-started activity's spec.
    UpdateActivity {
        /// The activity to change.
        activity: ActivityId,
        /// Its new spec (must be of the same kind).
        spec: ActivitySpec,
    },
    /// Host: remove an activity from the agenda (not the current one).
    RemoveActivity {
        /// The activity to remove.
        activity: ActivityId,
    },
    /// Host: add a session after the room's last one (at most [`MAX_SESSIONS`]).
    AddSession {
        /// Its title (at most [`MAX_SESSION_TITLE_CHARS`], checked like student text); empty
        /// for "Session N".
        title: String,
        /// Its date, `YYYY-MM-DD`, or `null`.
        #[serde(default)]
        date: Option<String>,
    },
    /// Host: rename a session or change its date.
    UpdateSession {
        /// The session.
        session: SessionId,
        /// Its new title (empty for "Session N").
        title: String,
        /// Its new date, `YYYY-MM-DD`, or `null`.
        #[serde(default)]
        date: Option<String>,
    },
    /// Host: remove a session and the activities on its agenda. Refused (`hasResults`) while
    /// it holds an activity that has been started (it may have results: move that one to
    /// another session first), the current activity or the one beside it; a room keeps at
    /// least one session.
    RemoveSession {
        /// The session.
        session: SessionId,
    },
    /// Host: move an activity to place `index` (from 0) of a session's agenda: reordering
    /// within its session or moving it to another. Its results stay as they are.
    MoveActivity {
        /// The activity.
        activity: ActivityId,
        /// The session it goes to (its own to reorder).
        session: SessionId,
        /// Its place among that session's other activities (0 = first; at most their number).
        index: u32,
    },
    /// Host: add a fresh copy of an activity's spec right after it (never its results).
    DuplicateActivity {
        /// The activity copied.
        activity: ActivityId,
    },
    /// Host: the minutes planned for an activity (1 to [`MAX_PLANNED_MINUTES`]), or `null`.
    SetPlanned {
        /// The activity.
        activity: ActivityId,
        /// Planned minutes, or `null` for none.
        minutes: Option<u16>,
    },
    /// Host: make an activity the current one (phones and projector follow), or none.
    SetCurrent {
        /// The activity to show, or `null` for the lobby.
        activity: Option<ActivityId>,
    },
    /// Host: run an activity beside the current one (a timer over a brainstorm), or none
    /// beside. Only a kind that can run beside another may (a timer); the current activity
    /// cannot also be beside it. Its view travels as [`RoomView::beside`] and
    /// [`ServerMsg::Beside`], its clock ticks with the current one's.
    SetBeside {
        /// The activity to run beside, or `null` for none.
        activity: Option<ActivityId>,
    },
    /// Host: form teams (replacing the current ones); see [`TeamFormation`].
    FormTeams {
        /// How.
        formation: TeamFormation,
    },
    /// Host: end students' picking; whoever did not pick goes to the smallest teams.
    ClosePicking,
    /// Phone: join this team while picking is open (may change until it closes).
    PickTeam {
        /// The team.
        team: TeamId,
    },
    /// Host: move a participant to a team, or out of every team (`null`).
    MoveToTeam {
        /// Who.
        participant: ParticipantId,
        /// Where to.
        team: Option<TeamId>,
    },
    /// Host: rename a team.
    RenameTeam {
        /// The team.
        team: TeamId,
        /// Its new name.
        name: String,
    },
    /// Host: replace the room's role cards (1–8); dealt roles are taken back.
    SetRoles {
        /// The new cards, in order.
        roles: Vec<RoleCard>,
    },
    /// Host: deal role cards within every team (each role once before any repeats; as few
    /// people as possible get the role they had last time).
    DealRoles,
    /// Host: the pairs to keep apart or together when forming teams at random.
    SetTeamRules {
        /// The rules (host only, never shown to students).
        rules: TeamRules,
    },
    /// Host: remove all teams (and dealt roles).
    DissolveTeams,
    /// Host: remove a participant from the room; their phone is disconnected.
    RemoveParticipant {
        /// Who to remove.
        participant: ParticipantId,
    },
    /// Host: give a participant another nickname (checked like a chosen one); their phone
    /// shows it at once, and the projector shows it without the new-name wait.
    RenameParticipant {
        /// Who.
        participant: ParticipantId,
        /// The new nickname.
        nickname: String,
    },
    /// Host: remove every participant that matches `filter` and had joined when the host
    /// looked (`upTo`: the newest id of the list the host confirmed); their phones are
    /// disconnected.
    RemoveParticipants {
        /// Who.
        filter: ParticipantFilter,
        /// Only participants up to this id (later joiners are kept).
        up_to: ParticipantId,
    },
    /// Host: lock the room to new joins, or open it again.
    LockRoom {
        /// Locked.
        locked: bool,
    },
    /// Host: the number of participants the facilitator expects; joins beyond it are
    /// refused (`expectedSizeReached`). `null` removes it.
    SetExpectedSize {
        /// Expected participants (1 to [`MAX_EXPECTED_SIZE`]), or `null`.
        size: Option<u32>,
    },
    /// Host: new names appear on the projector only after approval (`true`), or after the
    /// short wait of [`LOBBY_HOLD_MS`] (`false`, the default).
    SetApproveNames {
        /// Approval on.
        on: bool,
    },
    /// Host: let these names onto the projector now.
    ApproveNames {
        /// Who (at most [`MAX_APPROVE`]).
        participants: Vec<ParticipantId>,
    },
    /// The console that drives now passes the wheel to the other one: the organiser's console
    /// to the co-facilitator's, or the co-facilitator's back ([`Lead`]).
    HandOver,
    /// The organiser's console (host key) takes the lead back, whoever drives now.
    TakeLead,
    /// Host (the console that drives): append every item of a template to the agenda at once,
    /// or none (see [`Template`]; checked like an imported file).
    InsertTemplate {
        /// The template.
        template: Template,
        /// The session its items go to (absent: the last one), each with its planned minutes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        session: Option<SessionId>,
    },
    /// Host (the console that drives): keep a template in the room, beside the built-in ones
    /// (at most [`MAX_SAVED_TEMPLATES`]; one with the same title is replaced).
    SaveTemplate {
        /// The template.
        template: Template,
    },
    /// Host (the console that drives): forget a template the room kept.
    RemoveTemplate {
        /// Its title.
        title: String,
    },
    /// Host: leave an activity open after the live session until `until` (the empty chair:
    /// students who were absent add their voice to a late twin of it, counted and shown
    /// apart), or close its chair (`null`; what came in late is kept). Only a started
    /// activity of a kind that takes late input; `until` in the future, at most
    /// [`MAX_CHAIR_MS`] ahead. Leaving it open again later moves the date.
    LeaveOpen {
        /// The activity.
        activity: ActivityId,
        /// Open until this server time (ms since the UNIX epoch; the console sends the end of
        /// the picked day), or `null` to close.
        #[ts(type = "number | null")]
        until: Option<u64>,
    },
    /// Input to an activity's empty chair (its late twin): a phone's late answer, idea, dots or
    /// placement (only while the chair is open, the activity is not the current one, and the
    /// phone did not take part live), or a moderator's hide or approval of late input.
    Chair {
        /// The activity.
        activity: ActivityId,
        /// The input, tagged by activity kind.
        input: ActivityInput,
    },
}

impl Act {
    /// Who may send this action: the kind declares it for an activity's input
    /// ([`KindInput::senders`]); picking a team is a student's, renaming a participant and
    /// approving names are moderation, and everything else runs the session (the host's).
    pub fn senders(&self) -> Senders {
        match self {
            Act::Activity { input, .. } | Act::Chair { input, .. } => input.senders(),
            Act::PickTeam { .. } => Senders::Participants,
            Act::RenameParticipant { .. } | Act::ApproveNames { .. } => Senders::Moderators,
            _ => Senders::Host,
        }
    }

    /// Whether only the console that drives now may send this ([`Lead`]): everything a host
    /// sends but moderation and [`Act::TakeLead`] (the organiser's, at any time).
    pub fn needs_lead(&self) -> bool {
        self.senders().host() && !self.is_moderation() && *self != Act::TakeLead
    }

    /// Moderation, which a co-facilitator's console may do as well as the facilitator's
    /// (everything else is the facilitator's alone): what [`Act::senders`] lets moderators
    /// send.
    pub fn is_moderation(&self) -> bool {
        self.senders().moderators()
    }
}

/// Who may send an input or action (checked by the server before anything changes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Senders {
    /// Phones only: an answer, a vote, an idea, a rating.
    Participants,
    /// The facilitator's console and a co-facilitator's: moderation.
    Moderators,
    /// The facilitator's console alone: what runs the session.
    Host,
    /// Phones (about what is their own) and moderators (about anyone's), e.g. correcting a
    /// brainstorm card.
    ParticipantsAndModerators,
}

impl Senders {
    /// Whether a student's phone may send it.
    pub fn participants(self) -> bool {
        matches!(
            self,
            Senders::Participants | Senders::ParticipantsAndModerators
        )
    }

    /// Whether a co-facilitator's console may send it (and so the facilitator's).
    pub fn moderators(self) -> bool {
        matches!(
            self,
            Senders::Moderators | Senders::ParticipantsAndModerators
        )
    }

    /// Whether the facilitator's console may send it.
    pub fn host(self) -> bool {
        self != Senders::Participants
    }
}

/// Which host console drives the room now: sends what runs the session ([`Act::needs_lead`]).
/// Exactly one does; the other may moderate (and the organiser may always take the lead back).
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Lead {
    /// The organiser's console (opened with the host key); the default.
    #[default]
    Organiser,
    /// A co-facilitator's console (opened with the moderator key), after [`Act::HandOver`].
    CoFacilitator,
}

impl Lead {
    /// Whether the organiser's console drives (the default, left out of messages).
    pub fn is_organiser(&self) -> bool {
        *self == Lead::Organiser
    }
}

/// An activity kind's input: it declares who may send each of its inputs, in one place.
pub trait KindInput {
    /// Who may send this input.
    fn senders(&self) -> Senders;
}

/// One kind's part of a wire enum that has one variant per kind (its spec in
/// [`ActivitySpec`], its input in [`ActivityInput`], …): generated by `kinds!`, so the server
/// wraps and unwraps a kind's types in one place.
pub trait KindPart<Whole>: Into<Whole> + Sized {
    /// This kind's part of `whole`, if `whole` is of this kind.
    fn of(whole: &Whole) -> Option<&Self>;
    /// This kind's part of `whole`, or `whole` back when it is of another kind.
    fn take(whole: Whole) -> Result<Self, Whole>;
}

/// The one registry of activity kinds in the protocol: one line per kind, with its spec,
/// input, view, personal view and (if it has them) host view and change. It generates the
/// per-kind enums ([`ActivitySpec`], [`ActivityInput`], [`ActivityView`], [`Personal`],
/// [`ActivityHostView`], [`ActivityChange`]), [`ActivitySpec::title`],
/// [`ActivityInput::senders`] and the [`KindPart`] conversions.
macro_rules! kinds {
    ($(
        $Kind:ident {
            spec: $Spec:ident = $spec_doc:literal,
            input: $Input:ident = $input_doc:literal,
            view: $View:ident = $view_doc:literal,
            $(personal: $Personal:ident = $personal_doc:literal,)?
            $(host: $Host:ident = $host_doc:literal,)?
            $(change: $Change:ident = $change_doc:literal,)?
        }
    )*) => {
        /// What an organiser prepares: one variant per activity kind.
        #[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
        #[serde(tag = "kind", rename_all = "camelCase")]
        #[ts(export)]
        pub enum ActivitySpec {
            $(#[doc = $spec_doc] $Kind($Spec),)*
        }

        impl ActivitySpec {
            /// The activity's title as the organiser typed it.
            pub fn title(&self) -> &str {
                match self {
                    $(ActivitySpec::$Kind(spec) => &spec.title,)*
                }
            }
        }

        /// Input to an activity: one variant per activity kind.
        #[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
        #[serde(tag = "kind", rename_all = "camelCase")]
        #[ts(export)]
        pub enum ActivityInput {
            $(#[doc = $input_doc] $Kind($Input),)*
        }

        impl ActivityInput {
            /// Who may send this input, as its kind declares ([`KindInput::senders`]).
            pub fn senders(&self) -> Senders {
                match self {
                    $(ActivityInput::$Kind(input) => input.senders(),)*
                }
            }
        }

        /// One phone's own state in the current activity: one variant per activity kind that
        /// has any.
        #[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
        #[serde(tag = "kind", rename_all = "camelCase")]
        #[ts(export)]
        pub enum Personal {
            $($(#[doc = $personal_doc] $Kind($Personal),)?)*
        }

        /// What screens show of the current activity: one variant per activity kind.
        #[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
        #[serde(tag = "kind", rename_all = "camelCase")]
        #[ts(export)]
        pub enum ActivityView {
            $(#[doc = $view_doc] $Kind($View),)*
        }

        /// What only the host sees of the current activity: one variant per kind that has anything
        /// to hide from the projector and phones.
        #[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
        #[serde(tag = "kind", rename_all = "camelCase")]
        #[ts(export)]
        pub enum ActivityHostView {
            $($(#[doc = $host_doc] $Kind($Host),)?)*
        }

        /// A small change to the current activity: one variant per kind with collections.
        #[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
        #[serde(tag = "kind", rename_all = "camelCase")]
        #[ts(export)]
        pub enum ActivityChange {
            $($(#[doc = $change_doc] $Kind($Change),)?)*
        }

        $(
            kinds!(@part ActivitySpec $Kind $Spec);
            kinds!(@part ActivityInput $Kind $Input);
            kinds!(@part ActivityView $Kind $View);
            $(kinds!(@part Personal $Kind $Personal);)?
            $(kinds!(@part ActivityHostView $Kind $Host);)?
            $(kinds!(@part ActivityChange $Kind $Change);)?
        )*
    };
    (@part $Whole:ident $Kind:ident $Part:ident) => {
        impl From<$Part> for $Whole {
            fn from(part: $Part) -> Self {
                $Whole::$Kind(part)
            }
        }

        impl KindPart<$Whole> for $Part {
            #[allow(unreachable_patterns)]
            fn of(whole: &$Whole) -> Option<&Self> {
                match whole {
                    $Whole::$Kind(part) => Some(part),
                    _ => None,
                }
            }

            #[allow(unreachable_patterns)]
            fn take(whole: $Whole) -> Result<Self, $Whole> {
                match whole {
                    $Whole::$Kind(part) => Ok(part),
                    other => Err(other),
                }
            }
        }
    };
}

kinds! {
    Quiz {
        spec: QuizSpec = "A multiple-choice quiz.",
        input: QuizInput = "Input to a quiz.",
        view: QuizView = "A quiz.",
        personal: QuizPersonal = "Own quiz state.",
    }
    TeamNames {
        spec: TeamNamesSpec = "A team-name brainstorm.",
        input: TeamNamesInput = "Input to a team-name brainstorm.",
        view: TeamNamesView = "A team-name brainstorm.",
        personal: TeamNamesPersonal = "Own state in a team-name brainstorm.",
        host: TeamNamesHost = "Every team's proposals, proposers and votes.",
        change: TeamNamesChange = "A change in a team-name brainstorm.",
    }
    Brainstorm {
        spec: BrainstormSpec = "A brainstorm wall.",
        input: BrainstormInput = "Input to a brainstorm wall.",
        view: BrainstormView = "A brainstorm wall.",
        personal: BrainstormPersonal = "Own ideas and likes on a brainstorm wall.",
        host: BrainstormHost = "Every card of a brainstorm wall, for moderation.",
        change: BrainstormChange = "A change on a brainstorm wall.",
    }
    DotVote {
        spec: DotVoteSpec = "A dot-vote.",
        input: DotVoteInput = "Input to a dot-vote.",
        view: DotVoteView = "A dot-vote.",
        personal: DotVotePersonal = "Own dots in a dot-vote.",
        host: DotVoteHost = "A dot-vote's tally, also while hidden.",
        change: DotVoteChange = "A change in a dot-vote's tally.",
    }
    StatementScale {
        spec: StatementScaleSpec = "A statement scale.",
        input: StatementScaleInput = "Input to a statement scale.",
        view: StatementScaleView = "A statement scale.",
        personal: StatementScalePersonal = "Own dot in a statement scale.",
        host: StatementScaleHost = "A statement scale's spreads, also while hidden.",
        change: StatementScaleChange = "A change in a statement scale's spread.",
    }
    Pitches {
        spec: PitchesSpec = "Pitches with rubric feedback, tops and tips.",
        input: PitchesInput = "Input to a pitch round.",
        view: PitchesView = "A pitch round.",
        personal: PitchesPersonal = "Own ratings and the own team's feedback cards in a pitch round.",
        host: PitchesHost = "Every feedback card for moderation and every team's results so far.",
        change: PitchesChange = "A change in a pitch round.",
    }
    CheckIn {
        spec: CheckInSpec = "A check-in: a face from 1 to 5 and an optional word.",
        input: CheckInInput = "Input to a check-in.",
        view: CheckInView = "A check-in.",
        personal: CheckInPersonal = "Own face and word in a check-in.",
        host: CheckInHost = "A check-in's words, for moderation.",
        change: CheckInChange = "A change in a check-in's words.",
    }
    OpenQuestion {
        spec: OpenQuestionSpec = "An open question: short free-text answers, shown as cards or a word cloud.",
        input: OpenQuestionInput = "Input to an open question.",
        view: OpenQuestionView = "An open question.",
        personal: OpenQuestionPersonal = "Own answers to an open question.",
        host: OpenQuestionHost = "An open question's answers and words, for moderation.",
        change: OpenQuestionChange = "A change in an open question's answers or cloud.",
    }
    CardSort {
        spec: CardSortSpec = "An evaluation card-sort: statement cards placed on columns.",
        input: CardSortInput = "Input to a card-sort.",
        view: CardSortView = "A card-sort.",
        personal: CardSortPersonal = "Own placements in a card-sort.",
        host: CardSortHost = "A card-sort's heatmap, also while hidden.",
        change: CardSortChange = "A change in a card-sort's heatmap.",
    }
    Timer {
        spec: TimerSpec = "A timer: a countdown for a work phase.",
        input: TimerInput = "Input to a timer.",
        view: TimerView = "A timer.",
    }
    WeDid {
        spec: WeDidSpec = "\"You said → we did\": what was done with the class's ideas, as pairs.",
        input: WeDidInput = "Input to a \"you said → we did\" slide.",
        view: WeDidView = "A \"you said → we did\" slide.",
        personal: WeDidPersonal = "Own \"seen\" reaction to a \"you said → we did\" slide.",
    }
    Timeline {
        spec: TimelineSpec = "The class timeline: every session's activities and results, and what shifted.",
        input: TimelineInput = "Input to a timeline slide.",
        view: TimelineView = "A timeline slide, with the room's timeline once shown.",
    }
}

/// A kind without a personal view, a host view or small changes uses this for them: it has no
/// value.
impl From<std::convert::Infallible> for Personal {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}

impl From<std::convert::Infallible> for ActivityHostView {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}

impl From<std::convert::Infallible> for ActivityChange {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}

/// Server messages.
// Messages are built, serialised and dropped one at a time, never stored in bulk, so the
// size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum ServerMsg {
    /// Answer to the first message (and to [`ClientMsg::Sync`]): the full state for this client.
    Welcome {
        /// Which kind of client this connection is.
        role: Role,
        /// The participant this phone is (phones only).
        me: Option<Me>,
        /// The room as this client may see it.
        room: RoomView,
        /// Host only: the agenda with full specs, session by session.
        agenda: Option<Vec<AgendaItem>>,
        /// Host only: the room's sessions, in order.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        sessions: Option<Vec<SessionInfo>>,
        /// Host only: everyone in the room.
        participants: Option<Vec<ParticipantInfo>>,
        /// Host only: what only the host sees of the current activity.
        host_view: Option<ActivityHostView>,
        /// Host only: the rules for forming teams.
        team_rules: Option<TeamRules>,
        /// The facilitator's own console only: the key that opens a co-facilitator's console
        /// (`host` with this key), which may moderate ([`Act::is_moderation`]) and nothing else.
        moderator_key: Option<String>,
        /// Host only: this console is a co-facilitator's (opened with the moderator key).
        #[serde(default)]
        co_facilitator: bool,
        /// Host only: which console drives now; absent while the organiser's does.
        #[serde(default, skip_serializing_if = "Lead::is_organiser")]
        lead: Lead,
        /// Host only: the templates the room kept ([`Act::SaveTemplate`]); absent when none.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        templates: Vec<Template>,
        /// Projector only: the names its lobby shows (see [`ServerMsg::Lobby`]).
        lobby: Option<Vec<LobbyName>>,
        /// Host only: the empty chairs with their late input (see [`ServerMsg::HostChairs`]);
        /// absent when none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        host_chairs: Option<Vec<ChairHostView>>,
        /// Server clock, milliseconds since the UNIX epoch.
        #[ts(type = "number")]
        server_now: u64,
        /// The room's version; later messages with a lower `seq` are stale.
        #[ts(type = "number")]
        seq: u64,
    },
    /// The current activity changed (a new one, or a new phase of it).
    Activity {
        /// The room's version after the change.
        #[ts(type = "number")]
        seq: u64,
        /// Server clock, for countdowns.
        #[ts(type = "number")]
        server_now: u64,
        /// The current activity, or `null` for the lobby.
        current: Option<ActivityView>,
    },
    /// The activity beside the current one changed (started, paused, ended, or another or none
    /// beside): to everyone. The current activity's own messages are unchanged.
    Beside {
        /// The room's version after the change.
        #[ts(type = "number")]
        seq: u64,
        /// Server clock, for its countdown.
        #[ts(type = "number")]
        server_now: u64,
        /// The activity beside, or `null` for none.
        beside: Option<ActivityView>,
    },
    /// The empty chairs changed as everyone sees them (left open, closed, a date moved, late
    /// input released or grown past [`LATE_RELEASE`] contributors): to everyone.
    Chairs {
        /// The room's version after the change.
        #[ts(type = "number")]
        seq: u64,
        /// Every chair, in agenda order.
        chairs: Vec<ChairView>,
    },
    /// Host only: the empty chairs with their late input, as a whole (sent at each late input).
    HostChairs {
        /// The room's version after the change.
        #[ts(type = "number")]
        seq: u64,
        /// Every chair, in agenda order.
        chairs: Vec<ChairHostView>,
    },
    /// Live "n of N responded" for the current activity (coalesced; projector and host only).
    Progress {
        /// The activity counted.
        activity: ActivityId,
        /// How many responded so far.
        responded: u32,
        /// How many participants are connected.
        of: u32,
    },
    /// Who is in the room (coalesced; projector gets counts, host also the list).
    Participants {
        /// Participants in the room (not removed).
        count: u32,
        /// Of those, connected now.
        online: u32,
        /// Host only: everyone.
        list: Option<Vec<ParticipantInfo>>,
    },
    /// Host only: one page of the participant list, for the console's last
    /// [`ClientMsg::ListParticipants`]; sent again (coalesced) when it changes.
    ParticipantPage {
        /// The query answered.
        query: ParticipantQuery,
        /// How many participants match it.
        total: u32,
        /// The page, newest first.
        items: Vec<ParticipantInfo>,
        /// The newest participant in the room (the `upTo` of a bulk removal), if any.
        newest: Option<ParticipantId>,
        /// Server clock, to compare `showAt` with.
        #[ts(type = "number")]
        server_now: u64,
    },
    /// Projector only: the names its lobby shows, in joining order (coalesced; the newest
    /// [`MAX_LOBBY_NAMES`], each from its `showAt`).
    Lobby {
        /// The names.
        names: Vec<LobbyName>,
        /// How many more participants there are than names sent.
        more: u32,
        /// Server clock, to compare `showAt` with.
        #[ts(type = "number")]
        server_now: u64,
    },
    /// Host and projector: how people get into the room changed.
    Admission {
        /// The new settings.
        admission: Admission,
    },
    /// Small changes to the current activity's collections (cards, proposals, tallies) since
    /// the last update, coalesced per tick; each is an upsert or a removal of one item.
    Changes {
        /// The activity changed.
        activity: ActivityId,
        /// The room's version of the newest change; a client whose snapshot is at least this
        /// new already has them.
        #[ts(type = "number")]
        seq: u64,
        /// The changes, oldest first.
        changes: Vec<ActivityChange>,
    },
    /// Host only: what only the host sees of the current activity, as a whole.
    HostActivity {
        /// The room's version.
        #[ts(type = "number")]
        seq: u64,
        /// The host's view, or `null` when the current activity has none.
        view: Option<ActivityHostView>,
    },
    /// The teams changed (coalesced).
    Teams {
        /// The room's version.
        #[ts(type = "number")]
        seq: u64,
        /// All teams and role cards.
        teams: TeamsView,
    },
    /// Host only: the rules for forming teams changed.
    TeamRules {
        /// The rules.
        rules: TeamRules,
    },
    /// Host only: another console drives now ([`Act::HandOver`], [`Act::TakeLead`]).
    Lead {
        /// The room's version after the change.
        #[ts(type = "number")]
        seq: u64,
        /// Which console drives now.
        lead: Lead,
    },
    /// Host only: the templates the room kept changed.
    Templates {
        /// Every kept template, oldest first.
        templates: Vec<Template>,
    },
    /// Host only: the agenda (or its sessions) changed.
    Agenda {
        /// The room's version after the change.
        #[ts(type = "number")]
        seq: u64,
        /// All activities with their specs, session by session in the sessions' order.
        items: Vec<AgendaItem>,
        /// The room's sessions, in order.
        #[serde(default)]
        sessions: Vec<SessionInfo>,
    },
    /// This phone's own state changed (score, rank, answer, result).
    You {
        /// The new state.
        me: Me,
    },
    /// The action with this id was applied (or had been applied before: `duplicate`).
    Ack {
        /// The action's id.
        id: ClientMsgId,
        /// True when the id had been seen and applied before; nothing changed now.
        duplicate: bool,
    },
    /// Something the client can act on went wrong.
    Error {
        /// Stable machine-readable code.
        code: ErrorCode,
        /// Human-readable explanation (English).
        message: String,
        /// The action this answers, if any.
        #[serde(rename = "ref")]
        #[ts(rename = "ref")]
        reference: Option<ClientMsgId>,
    },
    /// Answer to [`ClientMsg::Ping`].
    Pong {
        /// The client's time, echoed.
        t: f64,
        /// Server clock.
        #[ts(type = "number")]
        server_now: u64,
    },
}

/// Kinds of client connection.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Role {
    /// A student's phone.
    Participant,
    /// The facilitator's console.
    Host,
    /// The read-only projector.
    Screen,
}

/// Stable error codes (see `docs/PROTOCOL.md`).
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ErrorCode {
    /// The message was not valid JSON or missed required fields.
    BadMessage,
    /// The message's `type` is not one this server knows.
    UnknownType,
    /// The client speaks another protocol version.
    ProtocolVersion,
    /// The first message must be join, resume, host or screen.
    NotJoined,
    /// No room with that code.
    RoomNotFound,
    /// Wrong host key.
    BadHostKey,
    /// Unknown or revoked resume token.
    BadToken,
    /// The host removed this participant.
    Removed,
    /// The room has reached its participant limit.
    RoomFull,
    /// The server has reached its connection limit.
    ServerFull,
    /// Someone in the room already has this nickname.
    NicknameTaken,
    /// The nickname is not valid (older servers: empty or too long; see [`ErrorCode::Blank`]
    /// and [`ErrorCode::TooLong`]).
    NicknameInvalid,
    /// The nickname or text was refused by the profanity filter.
    Inappropriate,
    /// The nickname or text has nothing visible: it is empty or made only of blank or
    /// invisible characters.
    Blank,
    /// The facilitator locked the room: nobody new can join (those already in come back).
    RoomLocked,
    /// The room has as many participants as the facilitator expects; nobody new can join
    /// until the facilitator makes room (raises the size or removes someone).
    ExpectedSizeReached,
    /// Only the host may do this.
    Forbidden,
    /// Only the console that drives now may do this: the other one moderates (and the
    /// organiser's console may take the lead back).
    NotTheLead,
    /// The template (file) is not valid; the message names the field.
    InvalidTemplate,
    /// Too many messages, joins, rooms or failed look-ups from this connection or address;
    /// slow down (the action or opening was dropped).
    RateLimited,
    /// The server holds as many rooms as it may (`--max-rooms`); delete old rooms first.
    TooManyRooms,
    /// Creating a room needs the organiser key (`--organiser-key`), and it was missing or wrong.
    BadOrganiserKey,
    /// The request came from a page of another site (its `Origin`), and was refused.
    BadOrigin,
    /// The body's `Content-Type` is not one this endpoint takes (JSON, or CSV for imports).
    UnsupportedMediaType,
    /// The request (its body) took too long to arrive.
    RequestTimeout,
    /// The message is too large.
    TooLarge,
    /// No such activity in this room.
    ActivityNotFound,
    /// The activity is not the current one, or not in a phase that takes this input.
    WrongPhase,
    /// The question is locked; answers can no longer change.
    QuestionClosed,
    /// This participant already answered this question.
    AlreadyAnswered,
    /// The chosen option, question or participant does not exist.
    InvalidChoice,
    /// The activity spec is invalid (see the message).
    InvalidSpec,
    /// This needs a team, and the participant is in none.
    NoTeam,
    /// That belongs to another team.
    OtherTeam,
    /// The team is full.
    TeamFull,
    /// The limit per person is reached (e.g. proposals).
    LimitReached,
    /// The text is longer than allowed.
    TooLong,
    /// The same text is there already.
    Duplicate,
    /// The host refused this item.
    Vetoed,
    /// Voting has closed; nothing can change any more.
    VotingClosed,
    /// The brainstorm wall is closed; ideas and likes can no longer change.
    WallClosed,
    /// Likes are switched off for this wall.
    LikesOff,
    /// That is the participant's own idea (nobody likes their own card).
    OwnIdea,
    /// That option belongs to the participant's own team (no dots on it).
    OwnTeam,
    /// More dots than the participant has.
    TooManyDots,
    /// More dots on one option than allowed.
    TooManyOnOption,
    /// A team cannot rate its own pitch.
    OwnPitch,
    /// This pitch's feedback window is closed; its ratings can no longer change.
    FeedbackClosed,
    /// A top and a tip are both required.
    TopTipRequired,
    /// Another team already has this name (or one that only looks the same).
    TeamNameTaken,
    /// No such session in this room.
    SessionNotFound,
    /// That would lose results (a session holding a started activity cannot be removed).
    HasResults,
    /// Some teams still tie: settle each tie (a run-off, a draw or a choice) before the
    /// reveal.
    TiesOpen,
    /// This activity's empty chair is closed (its date passed, or the facilitator closed
    /// it), or the activity was never left open.
    ChairClosed,
    /// Something went wrong inside the server; nothing was applied.
    Internal,
}

/// The room as a client may see it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RoomView {
    /// Join code.
    pub code: RoomCode,
    /// The organiser's title, e.g. "MZ2B — periode 2".
    pub title: String,
    /// URL a phone opens to join (what the QR code encodes).
    pub join_url: String,
    /// Participants in the room (not removed).
    pub participant_count: u32,
    /// Of those, connected now.
    pub online_count: u32,
    /// How people get in: locked, expected size, names approved first.
    pub admission: Admission,
    /// The current activity, or `null` for the lobby.
    pub current: Option<ActivityView>,
    /// The activity running beside the current one (a timer), if any; absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub beside: Option<ActivityView>,
    /// The room's teams and role cards.
    pub teams: TeamsView,
    /// Activities left open for the empty chair ([`Act::LeaveOpen`]), in agenda order; absent
    /// when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<ChairView>>", optional)]
    pub chairs: Vec<ChairView>,
}

/// A phone's view of itself.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Me {
    /// Participant id.
    pub id: ParticipantId,
    /// Nickname.
    pub nickname: String,
    /// Secret to resume as this participant after a reload or reconnect.
    pub token: String,
    /// Own state in the current activity, if it has any.
    pub personal: Option<Personal>,
    /// Own team, if in one.
    pub team: Option<TeamId>,
    /// Own role card (an index into the room's role cards), once dealt.
    pub role: Option<u32>,
    /// Own part of each empty chair, in the order of [`RoomView::chairs`]; absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<ChairPersonal>>", optional)]
    pub chairs: Vec<ChairPersonal>,
}

/// A participant as the host sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ParticipantInfo {
    /// Id.
    pub id: ParticipantId,
    /// Nickname.
    pub nickname: String,
    /// Connected now.
    pub online: bool,
    /// When they joined (server ms since the UNIX epoch).
    #[ts(type = "number")]
    pub joined_at: u64,
    /// Did anything in the room that names them (answered, proposed, picked a team); never
    /// set by an anonymous action (a like, dots, a pitch rating, an idea on an anonymous wall,
    /// an answer without ranking).
    pub acted: bool,
    /// From when the projector shows the name (server ms); `null` while it waits for the
    /// facilitator's approval.
    #[ts(type = "number | null")]
    pub show_at: Option<u64>,
}

/// One activity on the agenda, as the host sees it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgendaItem {
    /// Id.
    pub id: ActivityId,
    /// The spec, with correct answers.
    pub spec: ActivitySpec,
    /// Whether it is the current activity.
    pub current: bool,
    /// Whether it has been started (its spec can no longer change).
    pub started: bool,
    /// How many responses (dots, votes, ratings, likes) of participants the host removed it
    /// voided: they no longer count in its results.
    #[serde(default)]
    pub voided: u32,
    /// Whether it runs beside the current activity ([`Act::SetBeside`]); absent when not.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(type = "boolean | undefined")]
    pub beside: bool,
    /// The session whose agenda holds it.
    #[serde(default)]
    pub session: SessionId,
    /// The minutes planned for it, if any ([`Act::SetPlanned`]).
    #[serde(default)]
    pub planned_minutes: Option<u16>,
    /// How long it has been the current activity, in ms, summed over every time it was
    /// (not counting the time it is current now: see `runningSince`).
    #[serde(default)]
    #[ts(type = "number")]
    pub actual_ms: u64,
    /// When it became the current activity this time (server ms), while it is: its time so
    /// far is `actualMs + (serverNow - runningSince)`. Absent when it is not current (or in a
    /// room older than sessions, whose times are not kept until a session is changed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(type = "number | undefined")]
    pub running_since: Option<u64>,
}

/// `POST /api/rooms` body.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CreateRoomRequest {
    /// The room's title, e.g. the class and period.
    pub title: String,
}

/// `POST /api/rooms` answer (201).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CreateRoomResponse {
    /// Join code.
    pub code: RoomCode,
    /// Secret granting host rights; keep it out of sight of students.
    pub host_key: String,
    /// URL phones open.
    pub join_url: String,
    /// URL of the host console for this room (the key travels in the fragment).
    pub host_url: String,
    /// URL of the projector view.
    pub screen_url: String,
}

/// `POST /api/rooms/{code}/activities` answer (201).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AddActivityResponse {
    /// The new activity's id.
    pub id: ActivityId,
}

/// Error body of every failing HTTP API call.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ApiError {
    /// Stable machine-readable code, e.g. `roomNotFound`.
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_codes_are_normalised_and_checked() {
        assert_eq!(RoomCode::parse(" abc234 ").unwrap().as_str(), "ABC234");
        assert!(RoomCode::parse("ABC23").is_none(), "too short");
        assert!(RoomCode::parse("ABC2O4").is_none(), "O is a look-alike");
        assert!(RoomCode::parse("ABCI34").is_none(), "I is a look-alike");
    }

    #[test]
    fn nested_tags_round_trip() {
        let msg = ClientMsg::Act {
            id: ClientMsgId("a1".into()),
            act: Act::Activity {
                activity: ActivityId(3),
                input: ActivityInput::Quiz(QuizInput::Answer {
                    question: 0,
                    choice: 2,
                }),
            },
        };
        let json = serde_json::to_string(&msg).unwrap();
        assert_eq!(
            json,
            r#"{"type":"act","id":"a1","act":{"type":"activity","activity":3,"input":{"kind":"quiz","type":"answer","question":0,"choice":2}}}"#
        );
        assert_eq!(serde_json::from_str::<ClientMsg>(&json).unwrap(), msg);
    }

    #[test]
    fn an_old_add_activity_reads_into_the_last_session() {
        let old =
            r#"{"type":"addActivity","spec":{"kind":"timer","title":"T","secs":60,"sound":false}}"#;
        let act: Act = serde_json::from_str(old).unwrap();
        assert!(matches!(act, Act::AddActivity { session: None, .. }));
        // Written back as before: no `session` key when there is none.
        assert_eq!(serde_json::to_string(&act).unwrap(), old);
        let item: AgendaItem = serde_json::from_str(
            r#"{"id":1,"spec":{"kind":"timer","title":"T","secs":60,"sound":false},"current":false,"started":false}"#,
        )
        .unwrap();
        assert_eq!(
            (item.session, item.planned_minutes, item.actual_ms),
            (SessionId(0), None, 0)
        );
    }

    #[test]
    fn error_uses_ref_on_the_wire() {
        let msg = ServerMsg::Error {
            code: ErrorCode::QuestionClosed,
            message: "closed".into(),
            reference: Some(ClientMsgId("x".into())),
        };
        let json = serde_json::to_string(&msg).unwrap();
        assert!(json.contains(r#""code":"questionClosed""#), "{json}");
        assert!(json.contains(r#""ref":"x""#), "{json}");
    }
    #[test]
    fn senders_are_declared_per_input() {
        let input = |input: ActivityInput| Act::Activity {
            activity: ActivityId(0),
            input,
        };
        let card = 1;
        // Moderation: what a co-facilitator's console may send.
        for act in [
            input(ActivityInput::Brainstorm(BrainstormInput::Edit {
                card,
                text: "x".into(),
            })),
            input(ActivityInput::Brainstorm(BrainstormInput::Hide {
                card,
                hidden: true,
            })),
            input(ActivityInput::TeamNames(TeamNamesInput::Veto {
                proposal: 0,
            })),
            input(ActivityInput::Pitches(PitchesInput::Hide {
                card,
                hidden: true,
            })),
            Act::RenameParticipant {
                participant: ParticipantId(0),
                nickname: "x".into(),
            },
            Act::ApproveNames {
                participants: vec![],
            },
            input(ActivityInput::Timer(TimerInput::Pause)),
            input(ActivityInput::Timer(TimerInput::Adjust { secs: 60 })),
        ] {
            assert!(act.is_moderation(), "{act:?}");
            assert!(act.senders().host(), "{act:?}");
        }
        // The facilitator's alone, or a phone's alone.
        for (act, senders) in [
            (
                input(ActivityInput::Quiz(QuizInput::CloseQuestion)),
                Senders::Host,
            ),
            (
                input(ActivityInput::Quiz(QuizInput::Answer {
                    question: 0,
                    choice: 0,
                })),
                Senders::Participants,
            ),
            (
                input(ActivityInput::DotVote(DotVoteInput::Open)),
                Senders::Host,
            ),
            (
                input(ActivityInput::Brainstorm(BrainstormInput::Like {
                    card,
                    like: true,
                })),
                Senders::Participants,
            ),
            (Act::PickTeam { team: TeamId(0) }, Senders::Participants),
            (
                input(ActivityInput::Timer(TimerInput::Start)),
                Senders::Host,
            ),
            (
                Act::SetBeside {
                    activity: Some(ActivityId(1)),
                },
                Senders::Host,
            ),
            (Act::LockRoom { locked: true }, Senders::Host),
            (
                Act::AddSession {
                    title: "Les 2".into(),
                    date: None,
                },
                Senders::Host,
            ),
            (
                Act::MoveActivity {
                    activity: ActivityId(1),
                    session: SessionId(1),
                    index: 0,
                },
                Senders::Host,
            ),
        ] {
            assert!(!act.is_moderation(), "{act:?}");
            assert_eq!(act.senders(), senders, "{act:?}");
        }
        assert!(!Senders::Participants.host());
        assert!(Senders::ParticipantsAndModerators.participants());
    }
}
