//! Dot-voting as a pure state machine: lobby → voting → closed → revealed.
//!
//! Each participant has N dots and may stack up to M on one option; a phone sends its whole
//! allocation each time ([`DotVoteInput::Place`]), which replaces the previous one, so a
//! re-sent ballot can never add dots twice and moving dots is one input. The tally is kept
//! per option (and per option and voter team), changed by the difference between a ballot and
//! the one it replaces; each changed option is one small change, coalesced on the room's tick,
//! for the host only while results are hidden (the projector's page needs no key, so a hidden
//! tally never goes there) and for everyone when they are live. The reveal ranks the options,
//! equal dots sharing a rank; a run-off among tied options is one host input
//! ([`RoomOp::AddActivity`]).

use std::collections::BTreeMap;

use kring_protocol::{
    ActivityId, ActivitySpec, DotVoteChange, DotVoteHost, DotVoteInput, DotVotePersonal,
    DotVotePhase, DotVoteSpec, DotVoteView, ErrorCode, Lang, OptionDots, OptionResult, OptionTally,
    ParticipantId, TeamDots, TeamId, VoteOption,
};
use serde::{Deserialize, Serialize};

use super::Who;
use super::error::ActError;
use super::kind::{Audience, Cx, Outcome, RoomOp, Roster, Whose, check_title, wrong_phase};
use crate::room::kind_export::KindExport;

mod export;

mod spec;
pub use spec::{DOTS, MAX_OPTION_CHARS, MAX_TITLE_CHARS, OPTIONS, validate};

/// Where the vote is.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Lobby,
    Voting,
    Closed,
    Revealed,
}

/// One participant's allocation.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Ballot {
    /// Dots per option: options with none left out, in option order.
    dots: Vec<OptionDots>,
    /// The voter's team when they placed it.
    team: Option<TeamId>,
    at: u64,
}

/// A dot-vote's state.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct DotVote {
    id: ActivityId,
    spec: DotVoteSpec,
    phase: Phase,
    /// Non-empty ballots.
    ballots: BTreeMap<ParticipantId, Ballot>,
    /// Dots per option.
    tally: Vec<u32>,
    /// Dots per option and voter team (teams with none left out).
    team_tally: Vec<BTreeMap<TeamId, u32>>,
}

impl DotVote {
    /// Most dots on one option (M).
    fn max_per_option(&self) -> u32 {
        self.spec.max_per_option.unwrap_or(self.spec.dots)
    }

    /// Checks an allocation; returns it tidied (no empty entries, in option order).
    fn check(
        &self,
        ballot: &[OptionDots],
        team: Option<TeamId>,
    ) -> Result<Vec<OptionDots>, ActError> {
        let mut dots: Vec<OptionDots> = ballot.iter().copied().filter(|d| d.dots > 0).collect();
        dots.sort_by_key(|d| d.option);
        if dots
            .iter()
            .any(|d| d.option as usize >= self.spec.options.len())
        {
            return Err(ActError::new(ErrorCode::InvalidChoice, "no such option"));
        }
        if dots.windows(2).any(|w| w[0].option == w[1].option) {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                "each option at most once in a ballot",
            ));
        }
        let most = self.max_per_option();
        if dots.iter().any(|d| d.dots > most) {
            return Err(ActError::new(
                ErrorCode::TooManyOnOption,
                format!("at most {most} dots on one option"),
            ));
        }
        let total: u64 = dots.iter().map(|d| u64::from(d.dots)).sum();
        if total > u64::from(self.spec.dots) {
            return Err(ActError::new(
                ErrorCode::TooManyDots,
                format!("you have {} dots", self.spec.dots),
            ));
        }
        if self.spec.no_own_team
            && team.is_some()
            && dots
                .iter()
                .any(|d| self.spec.options[d.option as usize].team == team)
        {
            return Err(ActError::new(
                ErrorCode::OwnTeam,
                "no dots on your own team's option",
            ));
        }
        Ok(dots)
    }

    /// Adds a ballot's dots to the tallies (`add`), or takes them away.
    fn count(&mut self, ballot: &Ballot, add: bool) {
        for d in &ballot.dots {
            let at = d.option as usize;
            if add {
                self.tally[at] += d.dots;
            } else {
                self.tally[at] -= d.dots;
            }
            if let Some(team) = ballot.team {
                let teams = &mut self.team_tally[at];
                let entry = teams.entry(team).or_default();
                if add {
                    *entry += d.dots;
                } else {
                    *entry -= d.dots;
                }
                if *entry == 0 {
                    teams.remove(&team);
                }
            }
        }
    }

    fn option_tally(&self, option: u32) -> OptionTally {
        OptionTally {
            option,
            dots: self.tally[option as usize],
            teams: if self.spec.by_team {
                self.team_tally[option as usize]
                    .iter()
                    .map(|(&team, &dots)| TeamDots { team, dots })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    fn tallies(&self) -> Vec<OptionTally> {
        (0..self.spec.options.len() as u32)
            .map(|o| self.option_tally(o))
            .collect()
    }

    /// Every option ranked: most dots first; equal dots share a rank (1, 2, 2, 4), in option
    /// order among themselves.
    fn results(&self) -> Vec<OptionResult> {
        let mut results: Vec<OptionResult> = self
            .tallies()
            .into_iter()
            .map(|t| OptionResult {
                option: t.option,
                dots: t.dots,
                rank: 1 + self.tally.iter().filter(|&&d| d > t.dots).count() as u32,
                teams: t.teams,
            })
            .collect();
        results.sort_by_key(|r| (r.rank, r.option));
        results
    }

    fn place(
        &mut self,
        who: ParticipantId,
        ballot: &[OptionDots],
        cx: &Cx<'_>,
    ) -> Result<Outcome<DotVoteChange>, ActError> {
        match self.phase {
            Phase::Voting => {}
            Phase::Lobby => {
                return Err(ActError::new(
                    ErrorCode::WrongPhase,
                    "voting has not started yet",
                ));
            }
            Phase::Closed | Phase::Revealed => {
                return Err(ActError::new(ErrorCode::VotingClosed, "voting has closed"));
            }
        }
        let team = cx.roster.team_of(who);
        let dots = self.check(ballot, team)?;
        let old = self.ballots.remove(&who);
        if let Some(old) = &old {
            self.count(old, false);
        }
        let new = Ballot {
            dots,
            team,
            at: cx.now,
        };
        self.count(&new, true);
        let mut touched: Vec<u32> = old
            .iter()
            .chain(std::iter::once(&new))
            .flat_map(|b| b.dots.iter().map(|d| d.option))
            .collect();
        touched.sort_unstable();
        touched.dedup();
        if !new.dots.is_empty() {
            self.ballots.insert(who, new);
        }
        let audience = if self.spec.live_results {
            Audience::Everyone
        } else {
            Audience::Host
        };
        let mut outcome = Outcome::progress().with_personal(Whose::One(who));
        for option in touched {
            outcome = outcome.with_change(
                audience,
                Some(u64::from(option)),
                DotVoteChange::Tally {
                    tally: self.option_tally(option),
                },
            );
        }
        Ok(outcome)
    }

    fn run_off(&self, rank: u32, title: &str) -> Result<Outcome<DotVoteChange>, ActError> {
        if self.phase != Phase::Revealed {
            return Err(ActError::new(
                ErrorCode::WrongPhase,
                "a run-off comes after the reveal",
            ));
        }
        let tied: Vec<u32> = self
            .results()
            .into_iter()
            .filter(|r| r.rank == rank)
            .map(|r| r.option)
            .collect();
        if tied.len() < 2 {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                "no options share that rank",
            ));
        }
        let spec = DotVoteSpec {
            title: title.to_owned(),
            options: tied
                .iter()
                .map(|&o| self.spec.options[o as usize].clone())
                .collect(),
            max_per_option: self.spec.max_per_option,
            ..self.spec.clone()
        };
        let mut outcome = Outcome::default();
        outcome.room.push(RoomOp::AddActivity {
            spec: ActivitySpec::DotVote(spec),
            current: true,
        });
        Ok(outcome)
    }

    fn view(&self) -> DotVoteView {
        DotVoteView {
            id: self.id,
            title: self.spec.title.clone(),
            options: self
                .spec
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| VoteOption {
                    id: i as u32,
                    text: o.text.clone(),
                    team: o.team,
                })
                .collect(),
            dots: self.spec.dots,
            max_per_option: self.max_per_option(),
            no_own_team: self.spec.no_own_team,
            live_results: self.spec.live_results,
            by_team: self.spec.by_team,
            phase: match self.phase {
                Phase::Lobby => DotVotePhase::Lobby,
                Phase::Voting => DotVotePhase::Voting,
                Phase::Closed => DotVotePhase::Closed,
                Phase::Revealed => DotVotePhase::Revealed {
                    results: self.results(),
                    voters: self.ballots.len() as u32,
                },
            },
            tally: self.spec.live_results.then(|| self.tallies()),
        }
    }
}

impl super::kind::Kind for DotVote {
    fn late_chair() -> Option<super::kind::LateChair<DotVoteInput>> {
        Some(super::kind::LateChair {
            open: vec![DotVoteInput::Open],
            results: vec![DotVoteInput::Reveal],
        })
    }

    fn took_part(&self, who: ParticipantId) -> bool {
        self.ballots.contains_key(&who)
    }

    type Spec = DotVoteSpec;
    type Input = DotVoteInput;
    type View = DotVoteView;
    type Personal = DotVotePersonal;
    type HostView = DotVoteHost;
    type Change = DotVoteChange;

    /// A new dot-vote in the lobby, if the spec passes [`validate`].
    fn create(id: ActivityId, spec: DotVoteSpec) -> Result<Self, ActError> {
        validate(&spec)?;
        Ok(DotVote {
            id,
            tally: vec![0; spec.options.len()],
            team_tally: vec![BTreeMap::new(); spec.options.len()],
            spec,
            phase: Phase::Lobby,
            ballots: BTreeMap::new(),
        })
    }

    fn spec(&self) -> &DotVoteSpec {
        &self.spec
    }

    fn started(&self) -> bool {
        self.phase != Phase::Lobby
    }

    fn apply(
        &mut self,
        who: Who,
        input: &DotVoteInput,
        cx: &mut Cx<'_>,
    ) -> Result<Outcome<DotVoteChange>, ActError> {
        match input {
            DotVoteInput::Place { ballot } => self.place(who.student()?, ballot, cx),
            DotVoteInput::Open => {
                if self.phase != Phase::Lobby {
                    return Err(wrong_phase("voting has started already"));
                }
                self.phase = Phase::Voting;
                Ok(Outcome::view().with_personal(Whose::All))
            }
            DotVoteInput::Close => {
                if self.phase != Phase::Voting {
                    return Err(wrong_phase("voting is not open"));
                }
                self.phase = Phase::Closed;
                Ok(Outcome::view())
            }
            DotVoteInput::Reveal => {
                if !matches!(self.phase, Phase::Voting | Phase::Closed) {
                    return Err(wrong_phase("the results are revealed after voting"));
                }
                self.phase = Phase::Revealed;
                Ok(Outcome::view())
            }
            DotVoteInput::RunOff { rank, title } => self.run_off(*rank, title),
        }
    }

    /// Dots never name who placed them.
    fn shows_actor(&self, _input: &DotVoteInput) -> bool {
        false
    }

    /// How many placed at least one dot.
    fn responded(&self) -> u32 {
        self.ballots.len() as u32
    }

    /// Takes a removed voter's dots off the tallies, also after the reveal; counts the dots.
    fn void(&mut self, gone: ParticipantId) -> u32 {
        let Some(ballot) = self.ballots.remove(&gone) else {
            return 0;
        };
        self.count(&ballot, false);
        ballot.dots.iter().map(|d| d.dots).sum()
    }

    fn public_view(&self, _roster: &Roster<'_>) -> DotVoteView {
        self.view()
    }

    fn personal_view(&self, who: ParticipantId, roster: &Roster<'_>) -> Option<DotVotePersonal> {
        Some(DotVotePersonal {
            ballot: self
                .ballots
                .get(&who)
                .map(|b| b.dots.clone())
                .unwrap_or_default(),
            team: roster.team_of(who),
        })
    }

    fn host_view(&self, _roster: &Roster<'_>) -> Option<DotVoteHost> {
        Some(DotVoteHost {
            tally: self.tallies(),
        })
    }

    /// The top options with their dots, once revealed (a hidden tally never shows).
    fn summary(&self, roster: &Roster<'_>) -> Option<kring_protocol::ResultSummary> {
        use crate::room::history;
        let view = super::kind::Kind::public_view(self, roster);
        let kring_protocol::DotVotePhase::Revealed { results, .. } = view.phase else {
            return None;
        };
        let lines = results.into_iter().filter_map(|r| {
            let option = view.options.iter().find(|o| o.id == r.option)?;
            Some(history::line(
                option.text.clone(),
                Some(f64::from(r.dots)),
                Some(kring_protocol::SummaryUnit::Dots),
            ))
        });
        history::summary(lines, Vec::new())
    }

    fn export(&self, _id: ActivityId, roster: &Roster<'_>, lang: Lang) -> KindExport {
        export::export(self, roster, lang)
    }
}

#[cfg(test)]
mod tests;
