//! The class timeline slide as a pure state machine: lobby → sessions ⇄ shifts → closed.
//!
//! The slide holds no results of its own: while it is the room's current activity and has
//! started, the room builds its view with the room's timeline ([`Kind::timeline_view`],
//! computed by `room::history` from every activity's [`Kind::summary`]), so the projector and
//! the phones show what the class said in earlier sessions. Phones only look; the host steps.
//!
//! [`Kind::timeline_view`]: super::kind::Kind::timeline_view
//! [`Kind::summary`]: super::kind::Kind::summary

use kring_protocol::{
    ActivityId, Lang, Timeline, TimelineInput, TimelinePhase, TimelineSpec, TimelineView,
};
use serde::{Deserialize, Serialize};

use super::Who;
use super::error::ActError;
use super::kind::{Cx, Outcome, Roster, check_title, wrong_phase};
use crate::room::kind_export::KindExport;

mod export;

mod spec;
pub use spec::{MAX_TITLE_CHARS, validate};

/// A timeline slide's state (stored in snapshots: a field added later needs
/// `#[serde(default)]`).
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct TimelineSlide {
    id: ActivityId,
    spec: TimelineSpec,
    phase: TimelinePhase,
}

impl TimelineSlide {
    fn view(&self, timeline: Option<Timeline>) -> TimelineView {
        TimelineView {
            id: self.id,
            title: self.spec.title.clone(),
            phase: self.phase,
            timeline,
        }
    }
}

impl super::kind::Kind for TimelineSlide {
    type Spec = TimelineSpec;
    type Input = TimelineInput;
    type View = TimelineView;
    /// Phones only look: no personal view.
    type Personal = std::convert::Infallible;
    /// No host view: `Infallible`.
    type HostView = std::convert::Infallible;
    /// No small changes: `Infallible`.
    type Change = std::convert::Infallible;

    /// A new slide in the lobby, if the spec passes [`validate`].
    fn create(id: ActivityId, spec: TimelineSpec) -> Result<Self, ActError> {
        validate(&spec)?;
        Ok(TimelineSlide {
            id,
            spec,
            phase: TimelinePhase::Lobby,
        })
    }

    fn spec(&self) -> &TimelineSpec {
        &self.spec
    }

    fn started(&self) -> bool {
        self.phase != TimelinePhase::Lobby
    }

    /// Only the host sends input (`TimelineInput::senders`).
    fn apply(
        &mut self,
        _who: Who,
        input: &TimelineInput,
        _cx: &mut Cx<'_>,
    ) -> Result<Outcome<std::convert::Infallible>, ActError> {
        let next = match (input, self.phase) {
            (TimelineInput::Show, TimelinePhase::Lobby | TimelinePhase::Shifts) => {
                TimelinePhase::Sessions
            }
            (TimelineInput::Shifts, TimelinePhase::Sessions | TimelinePhase::Closed) => {
                TimelinePhase::Shifts
            }
            (TimelineInput::Close, TimelinePhase::Sessions | TimelinePhase::Shifts) => {
                TimelinePhase::Closed
            }
            (TimelineInput::Show, _) => return Err(wrong_phase("the sessions show already")),
            (TimelineInput::Shifts, _) => return Err(wrong_phase("show the sessions first")),
            (TimelineInput::Close, _) => return Err(wrong_phase("it is not showing")),
        };
        self.phase = next;
        Ok(Outcome::view())
    }

    fn shows_timeline(&self) -> bool {
        true
    }

    fn timeline_view(&self, _roster: &Roster<'_>, timeline: Timeline) -> TimelineView {
        self.view(self.started().then_some(timeline))
    }

    fn public_view(&self, _roster: &Roster<'_>) -> TimelineView {
        self.view(None)
    }

    fn personal_view(
        &self,
        _who: kring_protocol::ParticipantId,
        _roster: &Roster<'_>,
    ) -> Option<std::convert::Infallible> {
        None
    }

    fn export(&self, _id: ActivityId, _roster: &Roster<'_>, lang: Lang) -> KindExport {
        export::export(self, lang)
    }
}

#[cfg(test)]
mod tests;
