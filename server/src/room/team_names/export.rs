//! A team-name brainstorm's results: every proposal with its proposer, votes and whether it
//! won (JSON), every vote and run-off vote, how each team's name was decided (by votes, a
//! run-off, lot or the teacher); one CSV row per proposal and per vote, and a report table.

use kring_protocol::{Lang, NameDecided, ParticipantId, TeamId};
use serde::Serialize;

use super::{TeamNames, Vote};
use crate::room::kind::Roster;
use crate::room::kind_export::{Block, ExportRow, KindExport, detail};

/// A proposal in the JSON export.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProposalExport {
    id: u32,
    team: TeamId,
    team_name: String,
    name: String,
    participant: ParticipantId,
    nickname: String,
    votes: u32,
    vetoed: bool,
    withdrawn: bool,
    winner: bool,
}

/// A vote in the JSON export.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VoteExport {
    participant: ParticipantId,
    nickname: String,
    team: TeamId,
    proposal: u32,
    /// The run-off round it was cast in (1, 2, …); absent for the vote itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    runoff: Option<u32>,
}

/// How one team's name was decided.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DecisionExport {
    team: TeamId,
    team_name: String,
    how: NameDecided,
    winner: Option<u32>,
    /// Proposals that had the most votes but another team had first.
    taken: Vec<u32>,
}

/// The JSON detail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    proposals: Vec<ProposalExport>,
    votes: Vec<VoteExport>,
    decisions: Vec<DecisionExport>,
}

/// The words of the CSV rows and the report.
struct Words {
    proposal: &'static str,
    vote: &'static str,
    runoff_vote: &'static str,
    vetoed: &'static str,
    heading: &'static str,
    team: &'static str,
    name: &'static str,
    votes: &'static str,
}

impl Words {
    fn of(lang: Lang) -> Self {
        match lang {
            Lang::Nl => Words {
                proposal: "voorstel",
                vote: "stem",
                runoff_vote: "stem herstemming",
                vetoed: "afgewezen",
                heading: "Teamnamen",
                team: "Team",
                name: "Naam",
                votes: "Stemmen",
            },
            Lang::En => Words {
                proposal: "proposal",
                vote: "vote",
                runoff_vote: "run-off vote",
                vetoed: "vetoed",
                heading: "Team names",
                team: "Team",
                name: "Name",
                votes: "Votes",
            },
        }
    }

    /// How a winner was decided, when not simply by the most votes.
    fn how(lang: Lang, how: NameDecided) -> &'static str {
        match (lang, how) {
            (Lang::Nl, NameDecided::Runoff) => " (herstemming)",
            (Lang::Nl, NameDecided::Lot) => " (loting)",
            (Lang::Nl, NameDecided::Teacher) => " (gekozen door de docent)",
            (Lang::En, NameDecided::Runoff) => " (run-off)",
            (Lang::En, NameDecided::Lot) => " (drawn by lot)",
            (Lang::En, NameDecided::Teacher) => " (chosen by the teacher)",
            _ => "",
        }
    }
}

/// The export of a team-name brainstorm.
pub(super) fn export(names: &TeamNames, roster: &Roster<'_>, lang: Lang) -> KindExport {
    let words = Words::of(lang);
    let team_name = |t: TeamId| {
        roster
            .teams()
            .get(t)
            .map_or_else(String::new, |t| t.name.clone())
    };
    let winners: Vec<u32> = names.decisions.values().filter_map(|d| d.winner).collect();
    let proposals: Vec<ProposalExport> = names
        .proposals
        .iter()
        .map(|p| ProposalExport {
            id: p.id,
            team: p.team,
            team_name: team_name(p.team),
            name: p.name.clone(),
            participant: p.by,
            nickname: roster.nickname(p.by).to_owned(),
            votes: names.votes_for(p.id),
            vetoed: p.vetoed,
            withdrawn: p.withdrawn,
            winner: winners.contains(&p.id),
        })
        .collect();
    let vote = |(&participant, v): (&ParticipantId, &Vote), runoff: Option<u32>| VoteExport {
        participant,
        nickname: roster.nickname(participant).to_owned(),
        team: v.team,
        proposal: v.proposal,
        runoff,
    };
    let mut votes: Vec<VoteExport> = names.votes.iter().map(|b| vote(b, None)).collect();
    for (round, runoff) in names.runoffs.iter().enumerate() {
        let round = Some(round as u32 + 1);
        votes.extend(runoff.ballots.iter().map(|b| vote(b, round)));
    }
    let decisions: Vec<DecisionExport> = names
        .decisions
        .iter()
        .map(|(&team, d)| DecisionExport {
            team,
            team_name: team_name(team),
            how: d.how(),
            winner: d.winner,
            taken: d.taken.clone(),
        })
        .collect();
    let mut rows: Vec<ExportRow> = proposals
        .iter()
        .filter(|p| !p.withdrawn)
        .map(|p| ExportRow {
            item: p.team_name.clone(),
            participant: Some(p.participant),
            nickname: Some(p.nickname.clone()),
            team: Some(p.team_name.clone()),
            answer: if p.vetoed {
                words.vetoed
            } else {
                words.proposal
            }
            .to_owned(),
            answer_text: p.name.clone(),
            correct: Some(p.winner),
            value: Some(p.votes.to_string()),
            ..ExportRow::default()
        })
        .collect();
    rows.extend(votes.iter().map(|v| {
        ExportRow {
            item: team_name(v.team),
            participant: Some(v.participant),
            nickname: Some(v.nickname.clone()),
            team: Some(team_name(v.team)),
            answer: if v.runoff.is_some() {
                words.runoff_vote
            } else {
                words.vote
            }
            .to_owned(),
            answer_text: names.proposals[v.proposal as usize].name.clone(),
            ..ExportRow::default()
        }
    }));
    let mut report = vec![Block::Heading(format!(
        "{}: {}",
        words.heading, names.spec.title
    ))];
    let table = proposals
        .iter()
        .filter(|p| !p.withdrawn)
        .map(|p| {
            let how = names
                .decisions
                .get(&p.team)
                .filter(|d| d.winner == Some(p.id))
                .map(|d| Words::how(lang, d.how()));
            let mark = match how {
                Some(how) => format!(" ✓{how}"),
                None if p.vetoed => " ✗".to_owned(),
                None => String::new(),
            };
            vec![
                p.team_name.clone(),
                format!("{}{mark}", p.name),
                p.votes.to_string(),
            ]
        })
        .collect();
    report.push(Block::table(&[words.team, words.name, words.votes], table));
    KindExport {
        anonymous: false,
        detail: detail(Detail {
            proposals,
            votes,
            decisions,
        }),
        rows,
        report,
    }
}
