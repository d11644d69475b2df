//! A dot-vote's results: the options with their dots, rank and team breakdown, and every
//! ballot (JSON); one CSV row per option a ballot put dots on; a report section with the
//! ranking.
//!
//! An anonymous vote's ballots carry no participant, and are listed in an order of their
//! contents (not of joining or voting), so a ballot cannot be matched to the participants list.

use kring_protocol::{CardRef, Lang, OptionDots, ParticipantId, TeamDots, TeamId};
use serde::Serialize;

use super::DotVote;
use crate::room::kind::Roster;
use crate::room::kind_export::{Block, ExportRow, KindExport, detail};

/// One option with its result.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OptionExport {
    id: u32,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<TeamId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    card: Option<CardRef>,
    dots: u32,
    rank: u32,
    teams: Vec<TeamDots>,
}

/// One ballot.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BallotExport {
    #[serde(skip_serializing_if = "Option::is_none")]
    participant: Option<ParticipantId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nickname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<TeamId>,
    dots: Vec<OptionDots>,
}

/// The JSON detail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    dots_per_participant: u32,
    max_per_option: u32,
    no_own_team: bool,
    live_results: bool,
    by_team: bool,
    revealed: bool,
    voters: u32,
    options: Vec<OptionExport>,
    ballots: Vec<BallotExport>,
}

/// The vote's export, in `lang`.
pub(super) fn export(vote: &DotVote, roster: &Roster<'_>, lang: Lang) -> KindExport {
    let (heading, rank_word, option_word, dots_word, teams_word, answer_word, para) = match lang {
        Lang::Nl => (
            "Stemmen met stickers",
            "Plaats",
            "Optie",
            "Stickers",
            "Per team",
            "stickers",
            "stemmers",
        ),
        Lang::En => (
            "Dot-voting",
            "Rank",
            "Option",
            "Dots",
            "Per team",
            "dots",
            "voters",
        ),
    };
    let anonymous = vote.spec.anonymous;
    let team_name = |t: TeamId| {
        roster
            .teams()
            .get(t)
            .map_or_else(String::new, |t| t.name.clone())
    };
    let results = vote.results();
    let mut options: Vec<OptionExport> = results
        .iter()
        .map(|r| {
            let o = &vote.spec.options[r.option as usize];
            OptionExport {
                id: r.option,
                text: o.text.clone(),
                team: o.team,
                card: o.card,
                dots: r.dots,
                rank: r.rank,
                teams: r.teams.clone(),
            }
        })
        .collect();
    options.sort_by_key(|o| o.id);
    let mut ballots: Vec<BallotExport> = vote
        .ballots
        .iter()
        .map(|(&p, b)| BallotExport {
            participant: (!anonymous).then_some(p),
            nickname: (!anonymous).then(|| roster.nickname(p).to_owned()),
            team: b.team,
            dots: b.dots.clone(),
        })
        .collect();
    if anonymous {
        ballots.sort_by(|a, b| {
            let key = |x: &BallotExport| {
                (
                    x.team,
                    x.dots
                        .iter()
                        .map(|d| (d.option, d.dots))
                        .collect::<Vec<_>>(),
                )
            };
            key(a).cmp(&key(b))
        });
    }
    let mut rows = Vec::new();
    for b in &ballots {
        for d in &b.dots {
            rows.push(ExportRow {
                item: (d.option + 1).to_string(),
                item_text: vote.spec.options[d.option as usize].text.clone(),
                participant: b.participant,
                nickname: b.nickname.clone(),
                team: b.team.map(team_name),
                answer: answer_word.to_owned(),
                value: Some(d.dots.to_string()),
                ..ExportRow::default()
            });
        }
    }
    let voters = vote.ballots.len() as u32;
    let mut report = vec![
        Block::Heading(format!("{heading}: {}", vote.spec.title)),
        Block::Para(format!("{voters} {para}")),
    ];
    let mut head = vec![rank_word, option_word, dots_word];
    if vote.spec.by_team {
        head.push(teams_word);
    }
    let table = results
        .iter()
        .map(|r| {
            let mut row = vec![
                r.rank.to_string(),
                vote.spec.options[r.option as usize].text.clone(),
                r.dots.to_string(),
            ];
            if vote.spec.by_team {
                let per_team: Vec<String> = r
                    .teams
                    .iter()
                    .map(|t| format!("{} {}", team_name(t.team), t.dots))
                    .collect();
                row.push(per_team.join(", "));
            }
            row
        })
        .collect();
    report.push(Block::table(&head, table));
    KindExport {
        anonymous,
        detail: detail(Detail {
            dots_per_participant: vote.spec.dots,
            max_per_option: vote.max_per_option(),
            no_own_team: vote.spec.no_own_team,
            live_results: vote.spec.live_results,
            by_team: vote.spec.by_team,
            revealed: vote.phase == super::Phase::Revealed,
            voters,
            options,
            ballots,
        }),
        rows,
        report,
    }
}
