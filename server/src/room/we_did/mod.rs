//! "You said → we did" as a pure state machine: lobby → showing → closed.
//!
//! The slide holds the facilitator's pairs (what the class said, what was done with it). While
//! showing, the host reveals them one at a time (`Next`, `Back`) or all at once (`ShowAll`);
//! every view carries only the revealed pairs, so neither a phone nor the projector learns a
//! pair before the class sees it. Each phone may tap "👍 seen" once: a re-sent tap sets the same
//! state, so it never counts twice, and it costs the screens only the room's coalesced
//! `progress`, never a new view. The reactions are a count: no view, export or report says who.

use std::collections::BTreeSet;

use kring_protocol::{
    ActivityId, Lang, ParticipantId, WeDidInput, WeDidItem, WeDidPersonal, WeDidPhase, WeDidSpec,
    WeDidView,
};
use serde::{Deserialize, Serialize};

use super::Who;
use super::error::ActError;
use super::kind::{Cx, Outcome, Roster, Whose, check_title, wrong_phase};
use crate::room::kind_export::KindExport;

mod export;

mod spec;
pub use spec::{ITEMS, MAX_DID_CHARS, MAX_SAID_CHARS, MAX_TITLE_CHARS, validate};

/// A "you said → we did" slide's state (stored in snapshots: a field added later needs
/// `#[serde(default)]`, and the golden files in `server/tests/golden/` must still load).
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct WeDid {
    id: ActivityId,
    spec: WeDidSpec,
    phase: WeDidPhase,
    /// How many pairs are revealed (all of them once closed).
    revealed: u32,
    /// Who tapped "👍 seen" (kept only to count each phone once; never shown).
    seen: BTreeSet<ParticipantId>,
}

impl WeDid {
    fn total(&self) -> u32 {
        self.spec.items.len() as u32
    }

    /// The pairs every screen shows now.
    fn shown(&self) -> &[WeDidItem] {
        &self.spec.items[..self.revealed as usize]
    }
}

impl super::kind::Kind for WeDid {
    type Spec = WeDidSpec;
    type Input = WeDidInput;
    type View = WeDidView;
    type Personal = WeDidPersonal;
    type HostView = std::convert::Infallible;
    type Change = std::convert::Infallible;

    /// A new slide in the lobby, if the spec passes [`validate`].
    fn create(id: ActivityId, spec: WeDidSpec) -> Result<Self, ActError> {
        validate(&spec)?;
        Ok(WeDid {
            id,
            spec,
            phase: WeDidPhase::Lobby,
            revealed: 0,
            seen: BTreeSet::new(),
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
        let total = self.total();
        match input {
            WeDidInput::Seen => {
                let who = who.student()?;
                match self.phase {
                    WeDidPhase::Showing => {}
                    WeDidPhase::Lobby => return Err(wrong_phase("it has not started yet")),
                    WeDidPhase::Closed => return Err(wrong_phase("it has closed")),
                }
                self.seen.insert(who);
                Ok(Outcome::progress().with_personal(Whose::One(who)))
            }
            WeDidInput::Start => {
                if self.phase != WeDidPhase::Lobby {
                    return Err(wrong_phase("it has started already"));
                }
                self.phase = WeDidPhase::Showing;
                self.revealed = if self.spec.one_by_one { 1 } else { total };
                Ok(Outcome::view().with_personal(Whose::All))
            }
            WeDidInput::Next => {
                self.showing()?;
                if self.revealed >= total {
                    return Err(wrong_phase("every pair is shown already"));
                }
                self.revealed += 1;
                Ok(Outcome::view())
            }
            WeDidInput::Back => {
                self.showing()?;
                if self.revealed <= 1 {
                    return Err(wrong_phase("only the first pair is shown"));
                }
                self.revealed -= 1;
                Ok(Outcome::view())
            }
            WeDidInput::ShowAll => {
                self.showing()?;
                if self.revealed == total {
                    return Err(wrong_phase("every pair is shown already"));
                }
                self.revealed = total;
                Ok(Outcome::view())
            }
            WeDidInput::Close => {
                self.showing()?;
                self.phase = WeDidPhase::Closed;
                self.revealed = total;
                Ok(Outcome::view())
            }
        }
    }

    /// A reaction never shows the console who tapped.
    fn shows_actor(&self, input: &WeDidInput) -> bool {
        !matches!(input, WeDidInput::Seen)
    }

    /// Phones that tapped "👍 seen" ("n of N").
    fn responded(&self) -> u32 {
        self.seen.len() as u32
    }

    /// A removed participant's reaction stops counting; counts it.
    fn void(&mut self, gone: ParticipantId) -> u32 {
        u32::from(self.seen.remove(&gone))
    }

    fn public_view(&self, _roster: &Roster<'_>) -> WeDidView {
        WeDidView {
            id: self.id,
            title: self.spec.title.clone(),
            source: self.spec.source.as_ref().map(|s| s.title.clone()),
            phase: self.phase,
            total: self.total(),
            pairs: self.shown().to_vec(),
            seen: self.seen.len() as u32,
        }
    }

    fn personal_view(&self, who: ParticipantId, _roster: &Roster<'_>) -> Option<WeDidPersonal> {
        Some(WeDidPersonal {
            seen: self.seen.contains(&who),
        })
    }

    /// The pairs shown so far, "said → did".
    fn summary(&self, roster: &Roster<'_>) -> Option<kring_protocol::ResultSummary> {
        use crate::room::history;
        let view = super::kind::Kind::public_view(self, roster);
        let lines = view.pairs.into_iter().map(|p| {
            let text = if p.did.is_empty() {
                p.said
            } else {
                format!("{} → {}", p.said, p.did)
            };
            history::line(text, None, None)
        });
        history::summary(lines, Vec::new())
    }

    fn export(&self, _id: ActivityId, _roster: &Roster<'_>, lang: Lang) -> KindExport {
        export::export(self, lang)
    }
}

impl WeDid {
    /// Refuses unless it is showing.
    fn showing(&self) -> Result<(), ActError> {
        match self.phase {
            WeDidPhase::Showing => Ok(()),
            WeDidPhase::Lobby => Err(wrong_phase("it has not started yet")),
            WeDidPhase::Closed => Err(wrong_phase("it has closed")),
        }
    }
}

#[cfg(test)]
mod tests;
