//! We did as a pure state machine: lobby → open → closed (the kind template; see
//! `docs/ARCHITECTURE.md`, "Adding an activity kind").
//!
//! Each participant raises or lowers their hand while it is open; a re-sent input sets the same
//! state, so it never counts twice. A raise costs the screens only the room's coalesced
//! `progress` (how many hands are up), never a new view; phase changes send the view.

use std::collections::BTreeSet;

use kring_protocol::{
    ActivityId, WeDidInput, WeDidPersonal, WeDidPhase, WeDidSpec, WeDidView,
    KindInput, Lang, ParticipantId,
};
use serde::{Deserialize, Serialize};

use super::Who;
use super::error::ActError;
use super::kind::{Cx, Outcome, Roster, Whose, check_title, wrong_phase};
use crate::room::kind_export::KindExport;

mod export;

mod spec;
pub use spec::{MAX_TITLE_CHARS, validate};

/// A we did's state (stored in snapshots: a field added later needs `#[serde(default)]`,
/// and the golden files in `server/tests/golden/` must still load).
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct WeDid {
    id: ActivityId,
    spec: WeDidSpec,
    phase: WeDidPhase,
    /// Whose hand is up.
    raised: BTreeSet<ParticipantId>,
}

impl super::kind::Kind for WeDid {
    type Spec = WeDidSpec;
    type Input = WeDidInput;
    type View = WeDidView;
    type Personal = WeDidPersonal;
    /// No host view: `Infallible` (a kind with one names its type here and in `kinds!`).
    type HostView = std::convert::Infallible;
    /// No small changes: `Infallible`.
    type Change = std::convert::Infallible;

    /// A new we did in the lobby, if the spec passes [`validate`].
    fn create(id: ActivityId, spec: WeDidSpec) -> Result<Self, ActError> {
        validate(&spec)?;
        Ok(WeDid {
            id,
            spec,
            phase: WeDidPhase::Lobby,
            raised: BTreeSet::new(),
        })
    }

    fn spec(&self) -> &WeDidSpec {
        &self.spec
    }

    fn started(&self) -> bool {
        self.phase != WeDidPhase::Lobby
    }

    /// Who may send what is checked before this (`WeDidInput::senders`).
    fn apply(
        &mut self,
        who: Who,
        input: &WeDidInput,
        _cx: &mut Cx<'_>,
    ) -> Result<Outcome<std::convert::Infallible>, ActError> {
        match input {
            WeDidInput::Raise { up } => {
                let who = who.student()?;
                match self.phase {
                    WeDidPhase::Open => {}
                    WeDidPhase::Lobby => return Err(wrong_phase("it has not started yet")),
                    WeDidPhase::Closed => return Err(wrong_phase("it has closed")),
                }
                if *up {
                    self.raised.insert(who);
                } else {
                    self.raised.remove(&who);
                }
                Ok(Outcome::progress().with_personal(Whose::One(who)))
            }
            WeDidInput::Open => {
                if self.phase != WeDidPhase::Lobby {
                    return Err(wrong_phase("it has started already"));
                }
                self.phase = WeDidPhase::Open;
                Ok(Outcome::view().with_personal(Whose::All))
            }
            WeDidInput::Close => {
                if self.phase != WeDidPhase::Open {
                    return Err(wrong_phase("it is not open"));
                }
                self.phase = WeDidPhase::Closed;
                Ok(Outcome::view())
            }
        }
    }

    /// An anonymous we did never shows the console who acted.
    fn shows_actor(&self, input: &WeDidInput) -> bool {
        !self.spec.anonymous || !input.senders().participants()
    }

    /// Hands up ("n of N").
    fn responded(&self) -> u32 {
        self.raised.len() as u32
    }

    /// A removed participant's hand goes down; counts it.
    fn void(&mut self, gone: ParticipantId) -> u32 {
        u32::from(self.raised.remove(&gone))
    }

    fn public_view(&self, _roster: &Roster<'_>) -> WeDidView {
        WeDidView {
            id: self.id,
            title: self.spec.title.clone(),
            phase: self.phase,
            raised: self.raised.len() as u32,
        }
    }

    fn personal_view(
        &self,
        who: ParticipantId,
        _roster: &Roster<'_>,
    ) -> Option<WeDidPersonal> {
        Some(WeDidPersonal {
            up: self.raised.contains(&who),
        })
    }

    fn host_view(&self, _roster: &Roster<'_>) -> Option<std::convert::Infallible> {
        None
    }

    fn export(&self, _id: ActivityId, roster: &Roster<'_>, lang: Lang) -> KindExport {
        export::export(self, roster, lang)
    }
}

#[cfg(test)]
mod tests;
