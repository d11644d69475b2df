//! Teams, role cards, the team-name brainstorm and the quiz's team mode over real sockets, with
//! the real store: every phase and refusal, team-scoped delivery, a restart mid-vote and
//! `kill -9` mid-vote.

mod common;

use std::time::Duration;

use common::*;
use kring_protocol::{
    Act, ActivityChange, ActivityHostView, ActivityId, ActivityInput, ActivitySpec, ActivityView,
    ClientMsg, ErrorCode, Me, NameDecided, Personal, QuestionSpec, QuizInput, QuizPhase, QuizSpec,
    ServerMsg, TeamFormation, TeamNamesChange, TeamNamesInput, TeamNamesPhase, TeamNamesSpec,
};

fn names_spec(random_ties: bool) -> ActivitySpec {
    ActivitySpec::TeamNames(TeamNamesSpec {
        title: "Onze teamnaam".into(),
        per_person: 2,
        random_ties,
        propose_secs: None,
        vote_secs: None,
    })
}

fn names(activity: ActivityId, input: TeamNamesInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::TeamNames(input),
    }
}

/// The team-name view's phase in an `activity` message.
fn names_phase(msg: &ServerMsg) -> Option<TeamNamesPhase> {
    match msg {
        ServerMsg::Activity {
            current: Some(ActivityView::TeamNames(view)),
            ..
        } => Some(view.phase.clone()),
        _ => None,
    }
}

fn team_names_personal(me: &Me) -> Option<&kring_protocol::TeamNamesPersonal> {
    match &me.personal {
        Some(Personal::TeamNames(p)) => Some(p),
        _ => None,
    }
}

#[tokio::test]
async fn teams_are_formed_balanced_roles_dealt_and_late_joiners_placed() {
    let mut t = teamed(["Ada", "Bo", "Cas", "Dina"]).await;
    let split = members(&mut t).await;
    assert_eq!(split.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2]);

    // Dealing: in a team of two with three roles, two different roles.
    done(&mut t.host, Act::DealRoles).await;
    let mut roles = Vec::new();
    for phone in &mut t.phones {
        roles.push(
            me_when(&mut phone.client, |me| me.role.is_some())
                .await
                .role,
        );
    }
    for team in &split {
        assert_ne!(
            roles[team[0]], roles[team[1]],
            "each role once before repeats"
        );
    }

    // A late joiner goes to a (smallest) team and gets the role that team lacks.
    let mut eve = Client::connect(&t.addr, "Eve").await;
    let welcome = eve
        .hello(ClientMsg::Join {
            room: t.room.code.0.clone(),
            nickname: Some("Eve".into()),
            lang: Default::default(),
        })
        .await;
    let ServerMsg::Welcome { me: Some(me), .. } = welcome else {
        unreachable!()
    };
    assert!(
        me.team.is_some(),
        "the welcome of a late joiner has the team"
    );
    let view = teams_when(&mut t.host, |v| v.teams.iter().any(|t| t.size == 3)).await;
    let team = view.teams.iter().find(|x| Some(x.id) == me.team).unwrap();
    assert_eq!(team.size, 3);
    let dealt: std::collections::BTreeSet<_> = team.members.iter().filter_map(|m| m.role).collect();
    assert_eq!(dealt.len(), 3, "the late joiner got the missing role");

    // Students cannot form teams; picking is not open.
    let ada = &mut t.phones[0].client;
    let formation = TeamFormation::BySize { size: 2 };
    assert_eq!(
        refused(ada, Act::FormTeams { formation }).await,
        ErrorCode::Forbidden
    );
    let team = t.teams[0];
    assert_eq!(
        refused(ada, Act::PickTeam { team }).await,
        ErrorCode::WrongPhase
    );

    // A removed participant leaves their team.
    done(&mut t.host, Act::RemoveParticipant { participant: me.id }).await;
    teams_when(&mut t.host, |v| v.teams.iter().all(|t| t.size == 2)).await;

    // Renaming by hand; an over-long name is refused with a clear code.
    done(
        &mut t.host,
        Act::RenameTeam {
            team,
            name: "De Bazen".into(),
        },
    )
    .await;
    teams_when(&mut t.phones[1].client, |v| {
        v.teams.iter().any(|t| t.name == "De Bazen")
    })
    .await;
    let long = "x".repeat(25);
    assert_eq!(
        refused(&mut t.host, Act::RenameTeam { team, name: long }).await,
        ErrorCode::TooLong
    );
    t.server.stop().await;
}

#[tokio::test]
async fn students_pick_their_team_up_to_its_size_and_the_rest_is_placed() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Pick").await;
    let mut host = host(&addr, &room).await;
    let mut phones = Vec::new();
    for name in ["Ada", "Bo", "Cas"] {
        phones.push(join(&addr, room.code.as_str(), name).await);
    }
    done(
        &mut host,
        Act::FormTeams {
            formation: TeamFormation::Pick {
                count: 2,
                max_size: 1,
            },
        },
    )
    .await;
    let view = teams_when(&mut phones[0].client, |v| v.picking == Some(1)).await;
    let (a, b) = (view.teams[0].id, view.teams[1].id);
    done(&mut phones[0].client, Act::PickTeam { team: a }).await;
    let me = me_when(&mut phones[0].client, |me| me.team == Some(a)).await;
    assert_eq!(me.team, Some(a));
    assert_eq!(
        refused(&mut phones[1].client, Act::PickTeam { team: a }).await,
        ErrorCode::TeamFull
    );
    done(&mut phones[1].client, Act::PickTeam { team: b }).await;
    // Changing one's pick is allowed while picking is open.
    assert_eq!(
        refused(&mut phones[0].client, Act::PickTeam { team: b }).await,
        ErrorCode::TeamFull
    );
    done(&mut host, Act::ClosePicking).await;
    let view = teams_when(&mut host, |v| {
        v.picking.is_none() && v.teams.iter().map(|t| t.size).sum::<u32>() == 3
    })
    .await;
    assert!(view.teams.iter().all(|t| t.size >= 1));
    me_when(&mut phones[2].client, |me| me.team.is_some()).await;
    server.stop().await;
}

#[tokio::test]
async fn team_names_are_proposed_in_the_team_voted_vetoed_and_revealed() {
    let mut t = teamed(["Ada", "Bo", "Cas", "Dina"]).await;
    let split = members(&mut t).await;
    let activity = add_activity(&t.addr, &t.room, &names_spec(false)).await;
    done(
        &mut t.host,
        Act::SetCurrent {
            activity: Some(activity),
        },
    )
    .await;

    // Before proposing opens, proposals are refused.
    let (a0, a1, b0, b1) = (split[0][0], split[0][1], split[1][0], split[1][1]);
    let propose = |name: &str| {
        names(
            activity,
            TeamNamesInput::Propose {
                name: name.to_owned(),
            },
        )
    };
    assert_eq!(
        refused(&mut t.phones[a0].client, propose("Vroeg")).await,
        ErrorCode::WrongPhase
    );
    done(&mut t.host, names(activity, TeamNamesInput::StartProposing)).await;
    done(&mut t.phones[a0].client, propose("De Snelle Vossen")).await;
    done(&mut t.phones[b0].client, propose("De Bliksems")).await;
    done(&mut t.phones[a0].client, propose("Nachtuilen")).await;

    // Team A's phones see team A's proposals only (as small changes), never team B's, and
    // the other way round (a1 and b1 have not acted, so they have read nothing yet).
    let a_seen = changes_seen(&mut t.phones[a1].client).await;
    assert!(
        a_seen.contains(&"De Snelle Vossen".to_owned()),
        "{a_seen:?}"
    );
    assert!(a_seen.contains(&"Nachtuilen".to_owned()), "{a_seen:?}");
    assert!(!a_seen.contains(&"De Bliksems".to_owned()), "{a_seen:?}");
    let b_seen = changes_seen(&mut t.phones[b1].client).await;
    assert_eq!(b_seen, ["De Bliksems"], "team B never sees team A's ideas");

    // The limit per person, a duplicate, an over-long name, and the profanity check.
    done(&mut t.phones[a1].client, propose("Team Koffie")).await;
    assert_eq!(
        refused(&mut t.phones[a0].client, propose("Nog een")).await,
        ErrorCode::LimitReached
    );
    assert_eq!(
        refused(&mut t.phones[a1].client, propose("team koffie")).await,
        ErrorCode::Duplicate
    );
    assert_eq!(
        refused(&mut t.phones[a1].client, propose(&"x".repeat(25))).await,
        ErrorCode::TooLong
    );
    assert_eq!(
        refused(&mut t.phones[a1].client, propose("kut")).await,
        ErrorCode::Inappropriate
    );
    // A participant taken out of every team cannot propose.
    done(
        &mut t.host,
        Act::MoveToTeam {
            participant: t.phones[b1].id,
            team: None,
        },
    )
    .await;
    assert_eq!(
        refused(&mut t.phones[b1].client, propose("Zonder team")).await,
        ErrorCode::NoTeam
    );
    // The host cannot propose; phones cannot drive.
    assert_eq!(
        refused(&mut t.host, propose("Host")).await,
        ErrorCode::Forbidden
    );
    assert_eq!(
        refused(
            &mut t.phones[a0].client,
            names(activity, TeamNamesInput::StartVoting)
        )
        .await,
        ErrorCode::Forbidden
    );

    // The host sees every proposal with its proposer; vetoes one; its proposer is told.
    let (mut host, welcome) = host_welcome(&t.addr, &t.room).await;
    let ServerMsg::Welcome {
        host_view: Some(ActivityHostView::TeamNames(all)),
        ..
    } = welcome
    else {
        panic!("the host's welcome carries the host view")
    };
    assert_eq!(all.proposals.len(), 4);
    let nacht = all
        .proposals
        .iter()
        .find(|p| p.name == "Nachtuilen")
        .unwrap();
    assert_eq!(nacht.nickname, t_nick(&t, a0));
    done(
        &mut host,
        names(activity, TeamNamesInput::Veto { proposal: nacht.id }),
    )
    .await;
    let me = me_when(&mut t.phones[a0].client, |me| {
        team_names_personal(me).is_some_and(|p| !p.vetoed.is_empty())
    })
    .await;
    let mine = team_names_personal(&me).unwrap();
    assert_eq!(mine.vetoed, ["Nachtuilen"]);
    assert!(mine.proposals.iter().all(|p| p.name != "Nachtuilen"));
    t.phones[a1]
        .client
        .until(|m| match m {
            ServerMsg::Changes { changes, .. } => changes
                .iter()
                .any(|c| {
                    matches!(c, ActivityChange::TeamNames(TeamNamesChange::Gone { id }) if *id == nacht.id)
                })
                .then_some(()),
            _ => None,
        })
        .await;

    // Voting: own team only, changeable, a vetoed one refused.
    done(&mut host, names(activity, TeamNamesInput::StartVoting)).await;
    let koffie = all
        .proposals
        .iter()
        .find(|p| p.name == "Team Koffie")
        .unwrap()
        .id;
    let vossen = all
        .proposals
        .iter()
        .find(|p| p.name == "De Snelle Vossen")
        .unwrap()
        .id;
    let bliksems = all
        .proposals
        .iter()
        .find(|p| p.name == "De Bliksems")
        .unwrap()
        .id;
    let vote = |proposal| {
        names(
            activity,
            TeamNamesInput::Vote {
                proposal: Some(proposal),
            },
        )
    };
    assert_eq!(
        refused(&mut t.phones[a0].client, vote(bliksems)).await,
        ErrorCode::OtherTeam
    );
    assert_eq!(
        refused(&mut t.phones[a0].client, vote(nacht.id)).await,
        ErrorCode::Vetoed
    );
    done(&mut t.phones[a0].client, vote(vossen)).await;
    done(&mut t.phones[a0].client, vote(koffie)).await;
    done(&mut t.phones[a1].client, vote(koffie)).await;
    done(&mut t.phones[b0].client, vote(bliksems)).await;
    done(&mut host, names(activity, TeamNamesInput::Reveal)).await;
    let results = host
        .until(|m| match names_phase(m) {
            Some(TeamNamesPhase::Reveal { results }) => Some(results),
            _ => None,
        })
        .await;
    let named: Vec<&str> = results.iter().map(|r| r.name.as_str()).collect();
    assert!(
        named.contains(&"Team Koffie") && named.contains(&"De Bliksems"),
        "{named:?}"
    );
    teams_when(&mut t.phones[b0].client, |v| {
        v.teams.iter().any(|t| t.name == "Team Koffie")
    })
    .await;
    assert_eq!(
        refused(&mut t.phones[a1].client, vote(vossen)).await,
        ErrorCode::VotingClosed
    );
    // The host can still rename by hand after the reveal.
    done(
        &mut host,
        Act::RenameTeam {
            team: t.teams[0],
            name: "Handmatig".into(),
        },
    )
    .await;

    // Exports carry the teams, the proposals and the votes.
    let auth = format!("Bearer {}", t.room.host_key);
    let json = get_auth(
        &t.addr,
        &format!("/api/rooms/{}/export.json", t.room.code),
        &auth,
    )
    .await
    .json();
    assert_eq!(json["teams"].as_array().unwrap().len(), 2);
    let activity_json = &json["activities"][0];
    assert_eq!(activity_json["kind"], "teamNames");
    assert_eq!(activity_json["proposals"].as_array().unwrap().len(), 4);
    assert_eq!(activity_json["votes"].as_array().unwrap().len(), 3);
    let csv = get_auth(
        &t.addr,
        &format!("/api/rooms/{}/export.csv", t.room.code),
        &auth,
    )
    .await
    .text();
    assert!(
        csv.contains("teamNames") && csv.contains("Team Koffie"),
        "{csv}"
    );
    let report = get_auth(
        &t.addr,
        &format!("/api/rooms/{}/report.md", t.room.code),
        &auth,
    )
    .await
    .text();
    assert!(
        report.contains("Team names") && report.contains("Team Koffie ✓"),
        "{report}"
    );
    t.server.stop().await;
}

fn t_nick(_: &Teamed, phone: usize) -> String {
    ["Ada", "Bo", "Cas", "Dina"][phone].to_owned()
}

/// The names of the proposals a phone received as changes until it was quiet for 300 ms.
async fn changes_seen(client: &mut Client) -> Vec<String> {
    drain(client, Duration::from_millis(300))
        .await
        .into_iter()
        .flat_map(|m| match m {
            ServerMsg::Changes { changes, .. } => changes,
            _ => Vec::new(),
        })
        .filter_map(|c| match c {
            ActivityChange::TeamNames(TeamNamesChange::Proposal { proposal }) => {
                Some(proposal.name)
            }
            _ => None,
        })
        .collect()
}

/// A team-name brainstorm in `t`'s room, proposing: returns the activity.
async fn naming(t: &mut Teamed, random_ties: bool) -> ActivityId {
    let activity = add_activity(&t.addr, &t.room, &names_spec(random_ties)).await;
    host_acts(
        &mut t.host,
        vec![
            Act::SetCurrent {
                activity: Some(activity),
            },
            names(activity, TeamNamesInput::StartProposing),
        ],
    )
    .await;
    activity
}

/// Phones propose names (each by index into `t.phones`).
async fn propose_all(t: &mut Teamed, activity: ActivityId, proposals: &[(usize, &str)]) {
    for &(phone, name) in proposals {
        done(
            &mut t.phones[phone].client,
            names(activity, TeamNamesInput::Propose { name: name.into() }),
        )
        .await;
    }
}

/// Once voting is open: a phone's team's proposals by name.
async fn proposal_ids(t: &mut Teamed, phone: usize, n: usize) -> Vec<(String, u32)> {
    let me = me_when(&mut t.phones[phone].client, |me| {
        team_names_personal(me).is_some_and(|p| p.proposals.len() == n)
    })
    .await;
    team_names_personal(&me)
        .unwrap()
        .proposals
        .iter()
        .map(|p| (p.name.clone(), p.id))
        .collect()
}

/// A phone's input, acknowledged.
async fn phone_input(t: &mut Teamed, phone: usize, activity: ActivityId, input: TeamNamesInput) {
    done(&mut t.phones[phone].client, names(activity, input)).await;
}

/// The next phase of the team-name brainstorm the host sees that `pick` accepts.
async fn host_phase<T>(host: &mut Client, pick: impl Fn(TeamNamesPhase) -> Option<T>) -> T {
    host.until(|m| names_phase(m).and_then(&pick)).await
}

/// Team A (phones `a`) ties between "Een" and "Twee"; team B (phones `b`) clearly picks
/// "Drie". Returns the ids of "Een" and "Twee".
async fn tie_in_team_a(
    t: &mut Teamed,
    activity: ActivityId,
    a: &[usize],
    b: &[usize],
) -> (u32, u32) {
    propose_all(
        t,
        activity,
        &[(a[0], "Een"), (a[1], "Twee"), (b[0], "Drie")],
    )
    .await;
    done(&mut t.host, names(activity, TeamNamesInput::StartVoting)).await;
    let ids = proposal_ids(t, a[0], 2).await;
    let (een, twee) = (ids[0].1, ids[1].1);
    let drie = proposal_ids(t, b[0], 1).await[0].1;
    for (phone, proposal) in [(a[0], een), (a[1], twee), (b[0], drie), (b[1], drie)] {
        let vote = TeamNamesInput::Vote {
            proposal: Some(proposal),
        };
        phone_input(t, phone, activity, vote).await;
    }
    (een, twee)
}

#[tokio::test]
async fn a_tie_waits_for_the_host_and_a_runoff_on_the_teams_phones_settles_it_across_a_restart() {
    let mut t = teamed(["Ada", "Bo", "Cas", "Dina"]).await;
    let split = members(&mut t).await;
    let (a, b) = (split[0].clone(), split[1].clone());
    let (team_a, team_b) = (t.teams[0], t.teams[1]);
    let activity = naming(&mut t, false).await;
    let (een, twee) = tie_in_team_a(&mut t, activity, &a, &b).await;

    // Closing the vote reveals nothing while team A ties: no names, no renames.
    done(&mut t.host, names(activity, TeamNamesInput::Reveal)).await;
    let tied = host_phase(&mut t.host, |p| match p {
        TeamNamesPhase::Decide { tied, .. } => Some(tied),
        _ => None,
    })
    .await;
    assert_eq!(tied, [team_a]);
    let refused = refused(&mut t.host, names(activity, TeamNamesInput::Reveal)).await;
    assert_eq!(refused, ErrorCode::TiesOpen);

    // A run-off: only team A's phones vote again, among its tied names.
    done(&mut t.host, names(activity, TeamNamesInput::Runoff)).await;
    let me = me_when(&mut t.phones[a[0]].client, |me| {
        team_names_personal(me).is_some_and(|p| !p.runoff.is_empty())
    })
    .await;
    assert_eq!(team_names_personal(&me).unwrap().runoff, [een, twee]);
    let other = t.phones[b[0]]
        .client
        .act(names(
            activity,
            TeamNamesInput::RunoffVote {
                proposal: Some(een),
            },
        ))
        .await;
    assert_eq!(
        t.phones[b[0]].client.error_for(&other).await,
        ErrorCode::WrongPhase
    );
    let vote = TeamNamesInput::RunoffVote {
        proposal: Some(twee),
    };
    phone_input(&mut t, a[0], activity, vote.clone()).await;

    // A graceful restart mid-run-off keeps the run-off and its votes.
    let dir = t.server.stop().await;
    t.server = TestServer::start_in(dir).await;
    t.addr = t.server.addr();
    let (host, welcome) = host_welcome(&t.addr, &t.room).await;
    t.host = host;
    let ServerMsg::Welcome { room, .. } = welcome else {
        unreachable!()
    };
    let names_now: Vec<&str> = room.teams.teams.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(
        names_now,
        ["Team 1", "Team 2"],
        "nothing named before the reveal"
    );
    for phone in [a[0], a[1]] {
        let (client, welcome) = resume(
            &t.addr,
            t.room.code.as_str(),
            &t.phones[phone].client.name.clone(),
            &t.phones[phone].token,
        )
        .await;
        t.phones[phone].client = client;
        let ServerMsg::Welcome { me: Some(me), .. } = welcome else {
            unreachable!()
        };
        let mine = team_names_personal(&me).unwrap();
        assert_eq!(mine.runoff, [een, twee]);
        assert_eq!(mine.runoff_vote, (phone == a[0]).then_some(twee));
    }
    phone_input(&mut t, a[1], activity, vote).await;
    done(&mut t.host, names(activity, TeamNamesInput::CloseRunoff)).await;
    done(&mut t.host, names(activity, TeamNamesInput::Reveal)).await;
    let results = host_phase(&mut t.host, |p| match p {
        TeamNamesPhase::Reveal { results } => Some(results),
        _ => None,
    })
    .await;
    let of = |team| results.iter().find(|r| r.team == team).unwrap();
    assert_eq!(
        (of(team_a).name.as_str(), of(team_a).votes, of(team_a).how),
        ("Twee", 2, NameDecided::Runoff)
    );
    assert_eq!(
        (of(team_b).name.as_str(), of(team_b).how),
        ("Drie", NameDecided::Vote)
    );
    let (_, welcome) = host_welcome(&t.addr, &t.room).await;
    let ServerMsg::Welcome { room, .. } = welcome else {
        unreachable!()
    };
    let names_now: Vec<&str> = room.teams.teams.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names_now, ["Twee", "Drie"]);
    t.server.stop().await;
}

#[tokio::test]
async fn a_tie_is_picked_by_the_host_or_drawn_by_a_recorded_lot() {
    for random in [false, true] {
        let mut t = teamed(["Ada", "Bo", "Cas", "Dina"]).await;
        let split = members(&mut t).await;
        let (a, b) = (split[0].clone(), split[1].clone());
        let team_a = t.teams[0];
        let activity = naming(&mut t, random).await;
        let (_, twee) = tie_in_team_a(&mut t, activity, &a, &b).await;
        if !random {
            done(&mut t.host, names(activity, TeamNamesInput::Reveal)).await;
            host_phase(&mut t.host, |p| {
                matches!(p, TeamNamesPhase::Decide { .. }).then_some(())
            })
            .await;
            let pick = TeamNamesInput::BreakTie {
                team: team_a,
                proposal: twee,
            };
            done(&mut t.host, names(activity, pick)).await;
        }
        done(&mut t.host, names(activity, TeamNamesInput::Reveal)).await;
        let results = host_phase(&mut t.host, |p| match p {
            TeamNamesPhase::Reveal { results } => Some(results),
            _ => None,
        })
        .await;
        let result = results.iter().find(|r| r.team == team_a).unwrap();
        if random {
            assert_eq!(result.how, NameDecided::Lot, "{results:?}");
            // The draw is recorded: after a restart the same name is there.
            let name = result.name.clone();
            let dir = t.server.stop().await;
            let server = TestServer::start_in(dir).await;
            let (_, welcome) = host_welcome(&server.addr(), &t.room).await;
            let ServerMsg::Welcome { room, .. } = welcome else {
                unreachable!()
            };
            assert!(room.teams.teams.iter().any(|x| x.name == name));
            server.stop().await;
        } else {
            assert_eq!(
                (result.name.as_str(), result.how),
                ("Twee", NameDecided::Teacher)
            );
            t.server.stop().await;
        }
    }
}

#[tokio::test]
async fn two_teams_never_end_up_with_the_same_name() {
    let mut t = teamed(["Ada", "Bo", "Cas", "Dina"]).await;
    let split = members(&mut t).await;
    let (a, b) = (split[0].clone(), split[1].clone());
    let (team_a, team_b) = (t.teams[0], t.teams[1]);
    let activity = naming(&mut t, false).await;
    // Another team's name now is refused at once, also written differently.
    let taken = t.phones[a[0]]
        .client
        .act(names(
            activity,
            TeamNamesInput::Propose {
                name: "TEAM  2".into(),
            },
        ))
        .await;
    assert_eq!(
        t.phones[a[0]].client.error_for(&taken).await,
        ErrorCode::TeamNameTaken
    );
    // Both teams want "Nachtuilen" (B writes it in capitals); A proposed it first.
    propose_all(
        &mut t,
        activity,
        &[
            (a[0], "Nachtuilen"),
            (b[0], "NACHTUILEN"),
            (b[1], "Bliksems"),
        ],
    )
    .await;
    done(&mut t.host, names(activity, TeamNamesInput::StartVoting)).await;
    let ours = proposal_ids(&mut t, a[0], 1).await[0].1;
    let theirs = proposal_ids(&mut t, b[0], 2).await;
    for (phone, proposal) in [
        (a[0], ours),
        (a[1], ours),
        (b[0], theirs[0].1),
        (b[1], theirs[0].1),
    ] {
        let vote = TeamNamesInput::Vote {
            proposal: Some(proposal),
        };
        phone_input(&mut t, phone, activity, vote).await;
    }
    done(&mut t.host, names(activity, TeamNamesInput::Reveal)).await;
    let view = teams_when(&mut t.host, |v| v.teams.iter().all(|x| x.name != "Team 1")).await;
    let name = |team| {
        view.teams
            .iter()
            .find(|x| x.id == team)
            .unwrap()
            .name
            .clone()
    };
    assert_eq!(
        (name(team_a), name(team_b)),
        ("Nachtuilen".into(), "Bliksems".into())
    );
    // B's phones learn why.
    let me = me_when(&mut t.phones[b[0]].client, |me| {
        team_names_personal(me).is_some_and(|p| !p.taken.is_empty())
    })
    .await;
    assert_eq!(team_names_personal(&me).unwrap().taken, ["NACHTUILEN"]);
    // A team renamed by hand cannot take another team's name either.
    let rename = Act::RenameTeam {
        team: team_b,
        name: "nachtuilen".into(),
    };
    assert_eq!(refused(&mut t.host, rename).await, ErrorCode::TeamNameTaken);
    t.server.stop().await;
}

#[tokio::test]
async fn a_restart_mid_vote_gives_every_phone_its_team_role_proposals_and_vote_back() {
    let mut t = teamed(["Ada", "Bo", "Cas", "Dina"]).await;
    let split = members(&mut t).await;
    done(&mut t.host, Act::DealRoles).await;
    let activity = naming(&mut t, false).await;
    let a0 = split[0][0];
    done(
        &mut t.phones[a0].client,
        names(
            activity,
            TeamNamesInput::Propose {
                name: "Herstart".into(),
            },
        ),
    )
    .await;
    done(&mut t.host, names(activity, TeamNamesInput::StartVoting)).await;
    let me = me_when(&mut t.phones[a0].client, |me| {
        team_names_personal(me).is_some_and(|p| p.proposals.len() == 1)
    })
    .await;
    let proposal = team_names_personal(&me).unwrap().proposals[0].id;
    let vote = names(
        activity,
        TeamNamesInput::Vote {
            proposal: Some(proposal),
        },
    );
    let id = t.phones[a0].client.act(vote.clone()).await;
    t.phones[a0].client.ack(&id).await;
    let before = me_when(&mut t.phones[a0].client, |me| {
        team_names_personal(me).is_some_and(|p| p.vote.is_some())
    })
    .await;

    let dir = t.server.stop().await;
    let server = TestServer::start_in(dir).await;
    let (mut again, welcome) = resume(
        &server.addr(),
        t.room.code.as_str(),
        "Ada",
        &t.phones[a0].token,
    )
    .await;
    let ServerMsg::Welcome { me: Some(me), .. } = welcome else {
        unreachable!()
    };
    assert_eq!((me.team, me.role), (before.team, before.role));
    let mine = team_names_personal(&me).unwrap();
    assert_eq!(mine.vote, Some(proposal));
    assert_eq!(mine.mine, [proposal]);
    // The same action re-sent after the restart does not count twice.
    again
        .send(&ClientMsg::Act {
            id: id.clone(),
            act: vote,
        })
        .await;
    assert!(again.ack(&id).await, "a duplicate");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_mid_vote_loses_no_acknowledged_proposal_or_vote() {
    let ProcClass {
        dir,
        proc,
        addr,
        room,
        activity,
        mut host,
        mut phones,
    } = proc_class("kill9-teams", &names_spec(false), 6).await;
    host_acts(
        &mut host,
        vec![
            Act::FormTeams {
                formation: TeamFormation::ByCount { count: 2 },
            },
            Act::SetCurrent {
                activity: Some(activity),
            },
            names(activity, TeamNamesInput::StartProposing),
        ],
    )
    .await;
    for (i, phone) in phones.iter_mut().enumerate() {
        done(
            &mut phone.client,
            names(
                activity,
                TeamNamesInput::Propose {
                    name: format!("Naam {i}"),
                },
            ),
        )
        .await;
    }
    done(&mut host, names(activity, TeamNamesInput::StartVoting)).await;
    let mut voted = Vec::new();
    for phone in &mut phones {
        let me = me_when(&mut phone.client, |me| {
            team_names_personal(me).is_some_and(|p| p.proposals.len() == 3)
        })
        .await;
        let pick = team_names_personal(&me).unwrap().proposals[0].id;
        done(
            &mut phone.client,
            names(
                activity,
                TeamNamesInput::Vote {
                    proposal: Some(pick),
                },
            ),
        )
        .await;
        voted.push((phone.token.clone(), pick));
    }
    proc.kill9().await;

    let proc = Proc::start(&dir.0, &addr).await;
    for (i, (token, pick)) in voted.iter().enumerate() {
        let (_, welcome) = resume(&addr, room.code.as_str(), &format!("P{i}"), token).await;
        let ServerMsg::Welcome { me: Some(me), .. } = welcome else {
            unreachable!()
        };
        let mine = team_names_personal(&me).unwrap();
        assert_eq!(mine.vote, Some(*pick), "P{i}'s acknowledged vote");
        assert_eq!(mine.mine.len(), 1, "P{i}'s acknowledged proposal");
        assert!(me.team.is_some());
    }
    proc.terminate().await;
}

fn team_quiz() -> ActivitySpec {
    ActivitySpec::Quiz(QuizSpec {
        title: "Teamquiz".into(),
        no_ranking: false,
        team_mode: true,
        questions: vec![QuestionSpec {
            text: "2+2?".into(),
            options: vec!["4".into(), "5".into()],
            correct: vec![0],
            time_limit_secs: 60,
            mode: kring_protocol::AnswerMode::One,
        }],
    })
}

#[tokio::test]
async fn team_mode_scores_teams_by_the_mean_of_members_present_at_the_opening() {
    let mut t = teamed(["Ada", "Bo", "Cas", "Dina"]).await;
    let split = members(&mut t).await;
    let quiz = add_activity(&t.addr, &t.room, &team_quiz()).await;
    // One member of team B leaves before the question opens: absent members do not count.
    let gone = split[1][1];
    let phone = t.phones.remove(gone);
    drop(phone);
    let shift = |i: usize| if i > gone { i - 1 } else { i };
    tokio::time::sleep(Duration::from_millis(200)).await;
    open_first_question(&mut t.host, quiz).await;
    let answer = |choice| QuizInput::Answer {
        question: 0,
        choice,
    };
    // Team A: one right, one wrong (mean about 500); team B: its one present member right.
    for (phone, choice) in [(split[0][0], 0), (split[0][1], 1), (split[1][0], 0)] {
        let phone = &mut t.phones[shift(phone)];
        phone
            .client
            .until(|m| quiz_phase(m).filter(|p| matches!(p, QuizPhase::Question { .. })))
            .await;
        done(&mut phone.client, quiz_act(quiz, answer(choice))).await;
    }
    // Everyone present answered: the question locks by itself.
    t.host
        .until(|m| quiz_phase(m).filter(|p| matches!(p, QuizPhase::Reveal { .. })))
        .await;
    done(&mut t.host, quiz_act(quiz, QuizInput::ShowLeaderboard)).await;
    let teams = t
        .host
        .until(|m| match quiz_phase(m) {
            Some(QuizPhase::Leaderboard { teams, .. }) => Some(teams),
            _ => None,
        })
        .await;
    assert_eq!(teams.len(), 2);
    let b = t
        .teams
        .iter()
        .copied()
        .find(|id| *id != teams[1].team)
        .unwrap();
    assert_eq!(
        teams[0].team, b,
        "team B (one present member, right) leads: {teams:?}"
    );
    assert!(teams[0].score >= 900 && teams[1].score <= 550, "{teams:?}");
    let me = me_when(
        &mut t.phones[shift(split[1][0])].client,
        |me| matches!(&me.personal, Some(Personal::Quiz(q)) if q.team_rank.is_some()),
    )
    .await;
    let Some(Personal::Quiz(q)) = me.personal else {
        unreachable!()
    };
    assert_eq!(q.team_rank, Some(1));
    let podium = quiz_act(quiz, QuizInput::ShowPodium);
    done(&mut t.host, podium).await;
    let (teams, _) = t
        .host
        .until(|m| match quiz_phase(m) {
            Some(QuizPhase::Podium { teams, top, .. }) => Some((teams, top)),
            _ => None,
        })
        .await;
    assert_eq!(teams[0].team, b, "the team podium");
    t.server.stop().await;
}
