//! The empty chair ("de lege stoel"): activities the facilitator leaves open after the live
//! session, until a date they pick, so that students who were absent add their voice later.
//!
//! Late input goes to a second instance of the activity with the same spec (its late twin),
//! never to the live one: live results never change. It is counted apart and shown apart ("from
//! the empty chair"): the host sees it at once (with moderation), everyone else only once at
//! least [`LATE_RELEASE`] distinct late contributors exist (one late voice shown apart is
//! identifiable). A participant who took part in the live activity gets no second say.
//! Only kinds where late input makes sense take it: the check-in, the brainstorm wall, the
//! dot-vote, the open question, the card-sort and the statement scale (see `docs/PROTOCOL.md`
//! for why not others).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ActivityHostView, ActivityId, ActivityView, Personal};

/// Fewest distinct late contributors before anything of an activity's late input (not even
/// their number) reaches the projector or other phones.
pub const LATE_RELEASE: u32 = 3;

/// Longest an empty chair stays open, from when the facilitator leaves it open (ms: 92 days,
/// a school term with room to spare).
pub const MAX_CHAIR_MS: u64 = 92 * 24 * 60 * 60 * 1000;

/// An activity left open for the empty chair, as phones and the projector see it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChairView {
    /// The activity (the live one; its late twin has the same id).
    pub activity: ActivityId,
    /// Late input is taken until this server time (ms since the UNIX epoch), and not while
    /// the activity is the current one.
    #[ts(type = "number")]
    pub until: u64,
    /// What the class did: the live activity's view (read-only).
    pub live: ActivityView,
    /// The view a late phone's input page renders from: a fresh copy of the activity, open,
    /// carrying nothing anyone wrote late.
    pub input: ActivityView,
    /// The late input, once at least [`LATE_RELEASE`] distinct late contributors exist;
    /// `null` before (nothing of it shows, not even the count).
    pub late: Option<LateResults>,
}

/// Late input released to everyone.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LateResults {
    /// Distinct late contributors.
    pub contributors: u32,
    /// The late twin's results, as its kind shows results (closed, revealed).
    pub view: ActivityView,
}

/// An activity left open for the empty chair, as the host sees it (at once, whatever the
/// count).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChairHostView {
    /// The activity.
    pub activity: ActivityId,
    /// Open until (server ms).
    #[ts(type = "number")]
    pub until: u64,
    /// Distinct late contributors so far.
    pub contributors: u32,
    /// Whether the late input shows on the projector and phones (at least [`LATE_RELEASE`]).
    pub released: bool,
    /// The late twin's results, as its kind shows results.
    pub late: ActivityView,
    /// The late twin's host view (late cards and words to moderate), if the kind has one.
    pub host: Option<ActivityHostView>,
}

/// A phone's own part of an empty chair.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChairPersonal {
    /// The activity.
    pub activity: ActivityId,
    /// This participant took part in the live activity: their voice is in the class's
    /// results, and the empty chair takes nothing more from them.
    pub took_part: bool,
    /// Their own state in the late twin (what they added late), if the kind has any.
    pub personal: Option<Personal>,
}
