//! The one registry of activity kinds: [`Activity`] holds any kind, and the three `match`es
//! below are the only places in the server that name them all. Everything else goes through
//! the [`Kind`] trait.

use kring_protocol::{ActivityId, ActivitySpec};
use serde::{Deserialize, Serialize};

use super::brainstorm::Brainstorm;
use super::dot_vote::DotVote;
use super::error::ActError;
use super::kind::Kind;
use super::pitches::Pitches;
use super::quiz::Quiz;
use super::team_names::TeamNames;

/// An activity of any kind: one variant per kind.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub enum Activity {
    /// A quiz.
    Quiz(Quiz),
    /// A team-name brainstorm.
    TeamNames(TeamNames),
    /// A brainstorm wall.
    Brainstorm(Brainstorm),
    /// A dot-vote.
    DotVote(DotVote),
    /// Pitches with rubric feedback.
    Pitches(Pitches),
}

impl Activity {
    /// A fresh activity from a spec, checked against the limits of its kind.
    pub fn new(id: ActivityId, spec: ActivitySpec) -> Result<Self, ActError> {
        Ok(match spec {
            ActivitySpec::Quiz(spec) => Activity::Quiz(Quiz::create(id, spec)?),
            ActivitySpec::TeamNames(spec) => Activity::TeamNames(TeamNames::create(id, spec)?),
            ActivitySpec::Brainstorm(spec) => Activity::Brainstorm(Brainstorm::create(id, spec)?),
            ActivitySpec::DotVote(spec) => Activity::DotVote(DotVote::create(id, spec)?),
            ActivitySpec::Pitches(spec) => Activity::Pitches(Pitches::create(id, spec)?),
        })
    }

    /// The activity as its kind.
    pub fn kind(&self) -> &dyn Kind {
        match self {
            Activity::Quiz(a) => a,
            Activity::TeamNames(a) => a,
            Activity::Brainstorm(a) => a,
            Activity::DotVote(a) => a,
            Activity::Pitches(a) => a,
        }
    }

    /// The activity as its kind, to change it.
    pub fn kind_mut(&mut self) -> &mut dyn Kind {
        match self {
            Activity::Quiz(a) => a,
            Activity::TeamNames(a) => a,
            Activity::Brainstorm(a) => a,
            Activity::DotVote(a) => a,
            Activity::Pitches(a) => a,
        }
    }
}
