//! Unit and property tests of the team-name brainstorm: proposing and voting within a team,
//! ties settled by a run-off, by lot or by the host before anything is revealed, and never two
//! teams with the same name.

use super::*;
use crate::room::kind::AnyKind;
use crate::room::kind::testing::Class;
use kring_protocol::ActivityHostView;
use proptest::prelude::*;

fn spec() -> TeamNamesSpec {
    TeamNamesSpec {
        title: "Namen".into(),
        per_person: 2,
        random_ties: false,
        propose_secs: None,
        vote_secs: None,
    }
}

fn p(n: u32) -> ParticipantId {
    ParticipantId(n)
}

/// Applies an input as the room does: the kind's renames go to the room's teams.
fn run(
    names: &mut TeamNames,
    class: &mut Class,
    who: Who,
    input: TeamNamesInput,
    at: u64,
) -> Result<Outcome, ActError> {
    let outcome = names.handle(who, &input, &mut class.at(at))?;
    let renames: Vec<(TeamId, String)> = outcome
        .room
        .iter()
        .filter_map(|op| match op {
            RoomOp::NameTeam { team, name } => Some((*team, name.clone())),
            RoomOp::AddActivity { .. } => None,
        })
        .collect();
    if !renames.is_empty() {
        class.teams_mut().name_all(renames);
    }
    Ok(outcome)
}

/// A class of six in two teams of three, in a brainstorm that is proposing.
struct Round {
    class: Class,
    names: TeamNames,
    /// The members of team A and of team B.
    a: Vec<ParticipantId>,
    b: Vec<ParticipantId>,
    team_a: TeamId,
    team_b: TeamId,
    at: u64,
}

impl Round {
    fn new(spec: TeamNamesSpec) -> Self {
        let mut class = Class::in_teams(6, 2);
        let teams: Vec<(TeamId, Vec<ParticipantId>)> = class
            .people()
            .teams()
            .active()
            .map(|t| (t.id, t.members.clone()))
            .collect();
        let mut names = TeamNames::create(ActivityId(1), spec).unwrap();
        names
            .handle(Who::Host, &TeamNamesInput::StartProposing, &mut class.at(0))
            .unwrap();
        Round {
            a: teams[0].1.clone(),
            b: teams[1].1.clone(),
            team_a: teams[0].0,
            team_b: teams[1].0,
            class,
            names,
            at: 1,
        }
    }

    fn input(&mut self, who: Who, input: TeamNamesInput) -> Result<Outcome, ActError> {
        self.at += 1;
        run(&mut self.names, &mut self.class, who, input, self.at)
    }

    fn host(&mut self, input: TeamNamesInput) -> Outcome {
        let shown = format!("{input:?}");
        self.input(Who::Host, input)
            .unwrap_or_else(|e| panic!("{shown}: {e:?}"))
    }

    /// Proposes a name; returns its number.
    fn propose(&mut self, who: ParticipantId, name: &str) -> u32 {
        let name = name.to_owned();
        self.input(
            Who::Participant(who),
            TeamNamesInput::Propose { name: name.clone() },
        )
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        self.names.proposals.len() as u32 - 1
    }

    fn vote(&mut self, who: ParticipantId, proposal: u32) {
        let input = TeamNamesInput::Vote {
            proposal: Some(proposal),
        };
        self.input(Who::Participant(who), input).unwrap();
    }

    fn runoff_vote(&mut self, who: ParticipantId, proposal: u32) -> Result<Outcome, ActError> {
        let input = TeamNamesInput::RunoffVote {
            proposal: Some(proposal),
        };
        self.input(Who::Participant(who), input)
    }

    fn phase(&self) -> TeamNamesPhase {
        self.names.view(&self.class.people()).phase
    }

    fn team_name(&self, team: TeamId) -> String {
        self.class.people().teams().get(team).unwrap().name.clone()
    }

    fn decision(&self, team: TeamId) -> NameDecision {
        let Some(ActivityHostView::TeamNames(host)) = self.names.host_view(&self.class.people())
        else {
            unreachable!()
        };
        host.decisions.into_iter().find(|d| d.team == team).unwrap()
    }

    fn result(&self, team: TeamId) -> TeamNameResult {
        let TeamNamesPhase::Reveal { results } = self.phase() else {
            panic!("not revealed: {:?}", self.phase())
        };
        results.into_iter().find(|r| r.team == team).unwrap()
    }

    /// Team A ties between "Koffie" and "Thee" (one vote each, its third member does not
    /// vote); team B clearly chooses "De Bliksems". Returns A's two proposals.
    fn tie_in_a(&mut self) -> (u32, u32) {
        let (a, b) = (self.a.clone(), self.b.clone());
        let koffie = self.propose(a[0], "Koffie");
        let thee = self.propose(a[1], "Thee");
        let bliksems = self.propose(b[0], "De Bliksems");
        self.propose(b[1], "Onweer");
        self.host(TeamNamesInput::StartVoting);
        self.vote(a[0], koffie);
        self.vote(a[1], thee);
        for &m in &b {
            self.vote(m, bliksems);
        }
        (koffie, thee)
    }
}

#[test]
fn a_tie_waits_for_the_host_and_no_name_shows_before_the_reveal() {
    let mut r = Round::new(spec());
    let (_, thee) = r.tie_in_a();
    let outcome = r.host(TeamNamesInput::Reveal);
    assert!(
        outcome.room.is_empty(),
        "nothing is renamed before the reveal"
    );
    assert_eq!(
        r.phase(),
        TeamNamesPhase::Decide {
            tied: vec![r.team_a],
            runoff: vec![],
            deadline: None
        }
    );
    assert_eq!(r.team_name(r.team_b), "Team 2", "B's new name waits too");
    let refused = r.input(Who::Host, TeamNamesInput::Reveal).unwrap_err();
    assert_eq!(refused.code, ErrorCode::TiesOpen);
    let a = r.decision(r.team_a);
    assert_eq!((a.how, a.tied.len()), (NameDecided::Tied, 2));
    assert_eq!(r.decision(r.team_b).how, NameDecided::Vote);

    r.host(TeamNamesInput::BreakTie {
        team: r.team_a,
        proposal: thee,
    });
    assert!(matches!(r.phase(), TeamNamesPhase::Decide { ref tied, .. } if tied.is_empty()));
    assert_eq!(r.team_name(r.team_a), "Team 1", "still not revealed");
    r.host(TeamNamesInput::Reveal);
    assert_eq!(r.team_name(r.team_a), "Thee");
    assert_eq!(r.team_name(r.team_b), "De Bliksems");
    assert_eq!(r.result(r.team_a).how, NameDecided::Teacher);
    assert_eq!(r.result(r.team_b).how, NameDecided::Vote);
}

#[test]
fn a_runoff_on_the_tied_teams_phones_settles_the_tie() {
    let mut r = Round::new(spec());
    let (koffie, thee) = r.tie_in_a();
    r.host(TeamNamesInput::Reveal);
    r.host(TeamNamesInput::Runoff);
    assert!(
        matches!(r.phase(), TeamNamesPhase::Decide { ref runoff, .. } if runoff == &[r.team_a])
    );
    let people = r.class.people();
    let mine = r.names.personal(r.a[2], &people);
    assert_eq!(mine.runoff, vec![koffie, thee], "A's phones vote again");
    assert!(r.names.personal(r.b[0], &people).runoff.is_empty());
    // Team B is not tied; nobody votes for another team's names.
    let other = r.runoff_vote(r.b[0], koffie).unwrap_err();
    assert_eq!(other.code, ErrorCode::WrongPhase);
    let bliksems = r.decision(r.team_b).winner.unwrap();
    let wrong = r.runoff_vote(r.a[0], bliksems).unwrap_err();
    assert_eq!(wrong.code, ErrorCode::OtherTeam);

    // A new tie stays tied, among the names still level.
    r.runoff_vote(r.a[0], koffie).unwrap();
    r.runoff_vote(r.a[1], thee).unwrap();
    assert_eq!(r.names.responded(), 2);
    assert_eq!(r.decision(r.team_a).runoff, Some(vec![1, 1]));
    r.host(TeamNamesInput::CloseRunoff);
    assert!(matches!(r.phase(), TeamNamesPhase::Decide { ref tied, .. } if tied == &[r.team_a]));

    r.host(TeamNamesInput::Runoff);
    r.runoff_vote(r.a[0], thee).unwrap();
    r.runoff_vote(r.a[2], thee).unwrap();
    r.runoff_vote(r.a[1], koffie).unwrap();
    r.host(TeamNamesInput::CloseRunoff);
    r.host(TeamNamesInput::Reveal);
    let a = r.result(r.team_a);
    assert_eq!(
        (a.name.as_str(), a.votes, a.how),
        ("Thee", 2, NameDecided::Runoff)
    );
    let late = r.runoff_vote(r.a[0], koffie).unwrap_err();
    assert_eq!(late.code, ErrorCode::VotingClosed);
}

#[test]
fn lots_are_drawn_from_the_record_generator_and_a_replay_draws_the_same() {
    let draw = || {
        let mut r = Round::new(spec());
        r.tie_in_a();
        r.host(TeamNamesInput::Reveal);
        r.host(TeamNamesInput::DrawLots);
        r.host(TeamNamesInput::Reveal);
        (r.result(r.team_a), r.team_name(r.team_a))
    };
    let (first, name) = draw();
    assert_eq!(first.how, NameDecided::Lot);
    assert!(["Koffie", "Thee"].contains(&name.as_str()));
    assert_eq!(draw(), (first, name), "the same records draw the same");
}

#[test]
fn random_ties_are_drawn_at_once_and_revealed() {
    let mut r = Round::new(TeamNamesSpec {
        random_ties: true,
        ..spec()
    });
    r.tie_in_a();
    r.host(TeamNamesInput::Reveal);
    assert_eq!(r.result(r.team_a).how, NameDecided::Lot);
    assert_eq!(r.team_name(r.team_b), "De Bliksems");
}

#[test]
fn two_teams_never_get_one_name_not_even_two_that_only_look_alike() {
    for b_first in [false, true] {
        let mut r = Round::new(spec());
        let (a, b) = (r.a.clone(), r.b.clone());
        // "NACHTUILEN" is "Nachtuilen" by the look-alike key of nicknames.
        assert_eq!(same_name("Nachtuilen"), same_name("NACHTUILEN"));
        let (theirs, ours) = if b_first {
            let ours = r.propose(b[0], "NACHTUILEN");
            (r.propose(a[0], "Nachtuilen"), ours)
        } else {
            let theirs = r.propose(a[0], "Nachtuilen");
            (theirs, r.propose(b[0], "NACHTUILEN"))
        };
        let bliksems = r.propose(b[1], "De Bliksems");
        r.host(TeamNamesInput::StartVoting);
        for &m in &a {
            r.vote(m, theirs);
        }
        r.vote(b[0], ours);
        r.vote(b[1], ours);
        r.vote(b[2], bliksems);
        r.host(TeamNamesInput::Reveal);
        let (name_a, name_b) = (r.team_name(r.team_a), r.team_name(r.team_b));
        assert_ne!(
            same_name(&name_a),
            same_name(&name_b),
            "{name_a} / {name_b}"
        );
        // The team that proposed it first gets it; the other its next choice.
        let (winner, loser, loser_team, taken) = if b_first {
            (name_b, name_a, r.team_a, theirs)
        } else {
            (name_a, name_b, r.team_b, ours)
        };
        assert_eq!(same_name(&winner), same_name("Nachtuilen"));
        assert_ne!(same_name(&loser), same_name("Nachtuilen"));
        assert_eq!(r.decision(loser_team).taken, vec![taken]);
        let member = if b_first { a[0] } else { b[0] };
        let people = r.class.people();
        assert_eq!(
            r.names.personal(member, &people).taken.len(),
            1,
            "its phones are told why"
        );
    }
}

#[test]
fn a_name_another_team_has_is_refused_when_proposed() {
    let mut r = Round::new(spec());
    let a0 = r.a[0];
    for name in ["Team 2", "team  2", "TEAM 2"] {
        let refused = r
            .input(
                Who::Participant(a0),
                TeamNamesInput::Propose { name: name.into() },
            )
            .unwrap_err();
        assert_eq!(refused.code, ErrorCode::TeamNameTaken, "{name}");
    }
    // Its own name is no other team's.
    r.propose(a0, "Team 1");
}

#[test]
fn a_tie_whose_name_another_team_took_settles_itself() {
    let mut r = Round::new(spec());
    let (a, b) = (r.a.clone(), r.b.clone());
    let a_koffie = r.propose(a[0], "Koffie");
    let a_thee = r.propose(a[1], "Thee");
    let b_koffie = r.propose(b[0], "koffie");
    let b_mok = r.propose(b[1], "Mok");
    r.host(TeamNamesInput::StartVoting);
    r.vote(a[0], a_koffie);
    r.vote(a[1], a_thee);
    r.vote(b[0], b_koffie);
    r.vote(b[1], b_mok);
    r.host(TeamNamesInput::Reveal);
    // Both tie; "koffie" cannot win twice. The host gives B its "koffie": A's tie is settled.
    assert!(matches!(r.phase(), TeamNamesPhase::Decide { ref tied, .. } if tied.len() == 2));
    r.host(TeamNamesInput::BreakTie {
        team: r.team_b,
        proposal: b_koffie,
    });
    let decided = r.decision(r.team_a);
    assert_eq!(
        (decided.how, decided.winner),
        (NameDecided::Vote, Some(a_thee))
    );
    assert_eq!(decided.taken, vec![a_koffie]);
    r.host(TeamNamesInput::Reveal);
    assert_eq!(r.team_name(r.team_a), "Thee");
    assert_eq!(r.team_name(r.team_b), "koffie");
}

#[test]
fn a_name_lost_to_another_team_stays_told_after_a_runoff() {
    let mut r = Round::new(spec());
    let (a, b) = (r.a.clone(), r.b.clone());
    let ours = r.propose(a[0], "Nachtuilen");
    let theirs = r.propose(b[0], "NACHTUILEN");
    let bliksems = r.propose(b[1], "Bliksems");
    let donder = r.propose(b[2], "Donder");
    r.host(TeamNamesInput::StartVoting);
    r.vote(a[0], ours);
    r.vote(b[0], theirs);
    r.vote(b[1], bliksems);
    r.vote(b[2], donder);
    r.host(TeamNamesInput::Reveal);
    assert_eq!(r.decision(r.team_b).taken, vec![theirs]);
    r.host(TeamNamesInput::Runoff);
    r.runoff_vote(b[0], donder).unwrap();
    r.host(TeamNamesInput::CloseRunoff);
    let decided = r.decision(r.team_b);
    assert_eq!(
        (decided.winner, decided.taken),
        (Some(donder), vec![theirs])
    );
}

#[test]
fn a_vetoed_winner_after_the_reveal_never_keeps_its_name() {
    let mut r = Round::new(spec());
    let (a, b) = (r.a.clone(), r.b.clone());
    let koffie = r.propose(a[0], "Koffie");
    let thee = r.propose(a[1], "Thee");
    r.propose(a[2], "Mok");
    r.propose(a[2], "Beker");
    r.propose(b[0], "Onweer");
    r.host(TeamNamesInput::StartVoting);
    r.vote(a[0], koffie);
    r.vote(a[1], koffie);
    r.vote(a[2], thee);
    r.host(TeamNamesInput::Reveal);
    assert_eq!(r.team_name(r.team_a), "Koffie");
    // Vetoed after the reveal: the next choice wins.
    r.host(TeamNamesInput::Veto { proposal: koffie });
    assert_eq!(r.team_name(r.team_a), "Thee");
    assert!(matches!(r.phase(), TeamNamesPhase::Reveal { .. }));
    // Vetoed again, and a tie is left (no votes for either): back to deciding, and the team
    // loses the vetoed name at once.
    r.host(TeamNamesInput::Veto { proposal: thee });
    assert_eq!(r.team_name(r.team_a), "Team 1");
    assert!(matches!(r.phase(), TeamNamesPhase::Decide { ref tied, .. } if tied == &[r.team_a]));
    r.host(TeamNamesInput::DrawLots);
    r.host(TeamNamesInput::Reveal);
    assert!(["Mok", "Beker"].contains(&r.team_name(r.team_a).as_str()));
}

#[test]
fn a_timed_runoff_closes_at_its_deadline_and_keeps_its_time_over_a_restart() {
    let mut r = Round::new(TeamNamesSpec {
        vote_secs: Some(30),
        ..spec()
    });
    r.tie_in_a();
    r.host(TeamNamesInput::Reveal);
    r.host(TeamNamesInput::Runoff);
    let started = r.at;
    assert_eq!(r.names.deadline(), Some(started + 30_000));
    assert!(r.names.resume(5_000));
    assert_eq!(r.names.deadline(), Some(started + 35_000));
    assert!(r.names.on_tick(&mut r.class.at(started + 34_999)).is_none());
    assert!(r.names.on_tick(&mut r.class.at(started + 35_000)).is_some());
    assert!(
        matches!(r.phase(), TeamNamesPhase::Decide { ref runoff, deadline: None, .. } if runoff.is_empty())
    );
}

#[test]
fn a_room_stored_before_runoffs_still_loads() {
    let mut r = Round::new(spec());
    r.tie_in_a();
    r.host(TeamNamesInput::Reveal);
    let mut stored = serde_json::to_value(&r.names).unwrap();
    let object = stored.as_object_mut().unwrap();
    object.remove("before");
    object.remove("runoffs");
    object.insert("phase".into(), serde_json::json!("Reveal"));
    for decision in object["decisions"].as_object_mut().unwrap().values_mut() {
        let decision = decision.as_object_mut().unwrap();
        for field in ["picked", "runoff", "taken"] {
            decision.remove(field);
        }
    }
    let old: TeamNames = serde_json::from_value(stored).unwrap();
    // An old reveal with a tie left for the host: still settled by the host.
    let TeamNamesPhase::Reveal { results } = old.view(&r.class.people()).phase else {
        panic!()
    };
    assert!(results.iter().any(|x| x.how == NameDecided::Tied));
    let mut old = old;
    let outcome = old
        .handle(Who::Host, &TeamNamesInput::DrawLots, &mut r.class.at(99))
        .unwrap();
    assert_eq!(outcome.room.len(), 1, "the drawn name is given at once");
}

#[derive(Debug, Clone)]
enum Step {
    Propose(u32, u8),
    Withdraw(u32, u32),
    Vote(u32, Option<u32>),
    RunoffVote(u32, Option<u32>),
    Veto(u32),
    StartVoting,
    Reveal,
    Runoff,
    CloseRunoff,
    DrawLots,
    BreakTie(u8, u32),
    Rename(u8, u8),
}

/// Names with look-alikes across teams, and other teams' names.
const NAMES: [&str; 8] = [
    "Nachtuilen",
    "NACHTUILEN",
    "nacht uilen",
    "Koffie",
    "koffie ",
    "Thee",
    "Team 2",
    "Team 3",
];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..9u32, 0..8u8).prop_map(|(w, n)| Step::Propose(w, n)),
        1 => (0..9u32, 0..12u32).prop_map(|(w, id)| Step::Withdraw(w, id)),
        4 => (0..9u32, proptest::option::of(0..12u32)).prop_map(|(w, id)| Step::Vote(w, id)),
        3 => (0..9u32, proptest::option::of(0..12u32)).prop_map(|(w, id)| Step::RunoffVote(w, id)),
        1 => (0..12u32).prop_map(Step::Veto),
        1 => Just(Step::StartVoting),
        2 => Just(Step::Reveal),
        2 => Just(Step::Runoff),
        2 => Just(Step::CloseRunoff),
        1 => Just(Step::DrawLots),
        2 => (0..3u8, 0..12u32).prop_map(|(t, id)| Step::BreakTie(t, id)),
        1 => (0..3u8, 0..8u8).prop_map(|(t, n)| Step::Rename(t, n)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Over any inputs (with look-alike names across teams and renames by hand): no two teams
    /// ever have the same name; a revealed result is never tied, and while deciding no name is
    /// given; a winner is a live proposal of its own team and names it; the host's vote counts
    /// equal the ballots, nobody votes outside their team or for a vetoed name, nobody has
    /// more live proposals than allowed; and a refused input changes nothing.
    #[test]
    fn no_two_teams_share_a_name_and_no_tie_is_revealed(steps in proptest::collection::vec(step(), 0..80)) {
        let mut class = Class::in_teams(9, 3);
        let mut names = TeamNames::create(ActivityId(1), spec()).unwrap();
        names.handle(Who::Host, &TeamNamesInput::StartProposing, &mut class.at(0)).unwrap();
        let team_ids: Vec<TeamId> = class.people().teams().active().map(|t| t.id).collect();
        let mut renamed_by_hand = false;
        for (at, s) in steps.into_iter().enumerate() {
            let at = at as u64 + 1;
            let before = serde_json::to_value(&names).unwrap();
            let teams_before = class.people().teams().clone();
            let input = match s {
                Step::Rename(t, n) => {
                    let team = team_ids[t as usize];
                    if class.teams_mut().rename(team, NAMES[n as usize]).is_ok() {
                        renamed_by_hand = true;
                    } else {
                        prop_assert_eq!(class.people().teams(), &teams_before, "a refused rename changed the teams");
                    }
                    None
                }
                Step::Propose(w, n) => Some((Who::Participant(p(w)), TeamNamesInput::Propose { name: NAMES[n as usize].into() })),
                Step::Withdraw(w, id) => Some((Who::Participant(p(w)), TeamNamesInput::Withdraw { proposal: id })),
                Step::Vote(w, id) => Some((Who::Participant(p(w)), TeamNamesInput::Vote { proposal: id })),
                Step::RunoffVote(w, id) => Some((Who::Participant(p(w)), TeamNamesInput::RunoffVote { proposal: id })),
                Step::Veto(id) => Some((Who::Host, TeamNamesInput::Veto { proposal: id })),
                Step::StartVoting => Some((Who::Host, TeamNamesInput::StartVoting)),
                Step::Reveal => Some((Who::Host, TeamNamesInput::Reveal)),
                Step::Runoff => Some((Who::Host, TeamNamesInput::Runoff)),
                Step::CloseRunoff => Some((Who::Host, TeamNamesInput::CloseRunoff)),
                Step::DrawLots => Some((Who::Host, TeamNamesInput::DrawLots)),
                Step::BreakTie(t, id) => Some((Who::Host, TeamNamesInput::BreakTie { team: team_ids[t as usize], proposal: id })),
            };
            if let Some((who, input)) = input {
                let deciding = matches!(names.phase, Phase::Decide);
                match run(&mut names, &mut class, who, input, at) {
                    Err(_) => {
                        prop_assert_eq!(serde_json::to_value(&names).unwrap(), before, "a refusal changed the state");
                        prop_assert_eq!(class.people().teams(), &teams_before, "a refusal renamed a team");
                    }
                    Ok(outcome) => {
                        if deciding && matches!(names.phase, Phase::Decide) {
                            // Only a name that must go (a vetoed winner's) changes before the
                            // reveal: to the team's name from before the vote.
                            for op in &outcome.room {
                                let RoomOp::NameTeam { team, name } = op else { continue };
                                prop_assert_eq!(Some(name), names.before.get(team));
                            }
                        }
                    }
                }
            }
            let people = class.people();
            let keys: Vec<String> = people.teams().active().map(|t| same_name(&t.name)).collect();
            let unique: BTreeSet<&String> = keys.iter().collect();
            prop_assert_eq!(unique.len(), keys.len(), "two teams share a name: {:?}", people.teams().active().map(|t| &t.name).collect::<Vec<_>>());
            match names.view(&people).phase {
                TeamNamesPhase::Reveal { results } => {
                    for r in &results {
                        prop_assert_ne!(r.how, NameDecided::Tied, "a tie was revealed");
                        let d = &names.decisions[&r.team];
                        if let Some(w) = d.winner {
                            let winner = &names.proposals[w as usize];
                            prop_assert!(winner.live() && winner.team == r.team);
                            if !renamed_by_hand {
                                prop_assert_eq!(&r.name, &winner.name);
                            }
                        }
                    }
                }
                TeamNamesPhase::Decide { tied, runoff, .. } => {
                    prop_assert!(!tied.is_empty() || runoff.is_empty());
                    prop_assert!(runoff.iter().all(|t| tied.contains(t)));
                }
                _ => {}
            }
            let Some(ActivityHostView::TeamNames(host)) = names.host_view(&people) else { unreachable!() };
            let counted: u32 = host.proposals.iter().map(|p| p.votes).sum();
            prop_assert_eq!(counted as usize, names.votes.len());
            for (voter, vote) in &names.votes {
                let proposal = &names.proposals[vote.proposal as usize];
                prop_assert!(proposal.live(), "a vote for a vetoed or withdrawn name");
                prop_assert_eq!(Some(proposal.team), people.team_of(*voter));
            }
            if let Some(runoff) = names.open_runoff() {
                for vote in runoff.ballots.values().filter(|v| runoff.teams.contains(&v.team)) {
                    let tied = &names.decisions[&vote.team].tied;
                    prop_assert!(tied.contains(&vote.proposal), "a run-off vote for a name not tied");
                }
            }
            for w in 0..9 {
                let live = names.proposals.iter().filter(|x| x.by == p(w) && x.live()).count();
                prop_assert!(live <= 2);
            }
        }
    }
}
