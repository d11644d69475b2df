//! The one registry of activity kinds in the server: one line per kind in the `kinds!` list
//! below, which generates [`Activity`] (any kind, as the room stores it) and its dispatch.
//! Everything else goes through the [`AnyKind`] trait.

use kring_protocol::{ActivityId, ActivitySpec};
use serde::{Deserialize, Serialize};

use super::brainstorm::Brainstorm;
use super::card_sort::CardSort;
use super::check_in::CheckIn;
use super::dot_vote::DotVote;
use super::error::ActError;
use super::kind::{AnyKind, Kind};
use super::open_question::OpenQuestion;
use super::pitches::Pitches;
use super::quiz::Quiz;
use super::statement_scale::StatementScale;
use super::team_names::TeamNames;
use super::timer::Timer;

/// Generates [`Activity`] with one variant per kind (named as the kind's [`ActivitySpec`]
/// variant, which is also its name in stored snapshots) and its dispatch.
macro_rules! kinds {
    ($($(#[doc = $doc:literal])* $Kind:ident($Type:ty),)*) => {
        /// An activity of any kind: one variant per kind.
        #[derive(Serialize, Deserialize, Clone, Debug)]
        pub enum Activity {
            $($(#[doc = $doc])* $Kind($Type),)*
        }

        impl Activity {
            /// A fresh activity from a spec, checked against the limits of its kind.
            pub fn new(id: ActivityId, spec: ActivitySpec) -> Result<Self, ActError> {
                Ok(match spec {
                    $(ActivitySpec::$Kind(spec) => Activity::$Kind(<$Type as Kind>::create(id, spec)?),)*
                })
            }

            /// The activity as its kind.
            pub fn kind(&self) -> &dyn AnyKind {
                match self {
                    $(Activity::$Kind(a) => a,)*
                }
            }

            /// The activity as its kind, to change it.
            pub fn kind_mut(&mut self) -> &mut dyn AnyKind {
                match self {
                    $(Activity::$Kind(a) => a,)*
                }
            }
        }
    };
}

kinds! {
    /// A quiz.
    Quiz(Quiz),
    /// A team-name brainstorm.
    TeamNames(TeamNames),
    /// A brainstorm wall.
    Brainstorm(Brainstorm),
    /// A dot-vote.
    DotVote(DotVote),
    /// A statement scale.
    StatementScale(StatementScale),
    /// Pitches with rubric feedback.
    Pitches(Pitches),
    /// A check-in.
    CheckIn(CheckIn),
    /// An open question.
    OpenQuestion(OpenQuestion),
    /// An evaluation card-sort.
    CardSort(CardSort),
    /// A timer.
    Timer(Timer),
    /// "You said → we did": what was done with the class's ideas.
    WeDid(super::we_did::WeDid),
    /// The class timeline slide.
    Timeline(super::timeline::TimelineSlide),
}
