//! Rules every activity kind keeps, over real sockets: a removed participant's dots, votes,
//! ratings and likes stop counting (and the exports say how many were voided); a moderator's
//! hide holds whatever the writer does; what one person can make an activity store is capped;
//! own-team rules use the team at the activity's start.

mod common;

use common::*;
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, BrainstormInput, BrainstormSpec, DotOption,
    DotVoteInput, DotVoteSpec, LikesMode, Me, OptionDots, Personal, PitchesInput, PitchesSpec,
    RatingInput, ServerMsg, TeamId, TeamNamesInput, TeamNamesSpec, WallMode, default_criteria,
};
use serde_json::Value;

fn input(activity: ActivityId, input: ActivityInput) -> Act {
    Act::Activity { activity, input }
}

fn wall(activity: ActivityId, i: BrainstormInput) -> Act {
    input(activity, ActivityInput::Brainstorm(i))
}

fn dots(activity: ActivityId, i: DotVoteInput) -> Act {
    input(activity, ActivityInput::DotVote(i))
}

fn pitch(activity: ActivityId, i: PitchesInput) -> Act {
    input(activity, ActivityInput::Pitches(i))
}

fn naming(activity: ActivityId, i: TeamNamesInput) -> Act {
    input(activity, ActivityInput::TeamNames(i))
}

fn wall_spec() -> ActivitySpec {
    ActivitySpec::Brainstorm(BrainstormSpec {
        title: "Hoe maken we school leuker?".into(),
        per_person: 3,
        max_chars: 140,
        by_team: false,
        anonymous: false,
        mode: WallMode::Live,
        likes: LikesMode::Live,
    })
}

fn dot_spec(options: &[&str], no_own_team: bool, teams: &[Option<TeamId>]) -> ActivitySpec {
    ActivitySpec::DotVote(DotVoteSpec {
        title: "Welk idee?".into(),
        options: options
            .iter()
            .zip(teams)
            .map(|(text, team)| DotOption {
                text: (*text).into(),
                team: *team,
                card: None,
            })
            .collect(),
        dots: 3,
        max_per_option: None,
        no_own_team,
        live_results: false,
        by_team: false,
        anonymous: false,
    })
}

fn pitch_spec() -> ActivitySpec {
    ActivitySpec::Pitches(PitchesSpec {
        title: "Pitches".into(),
        criteria: default_criteria(),
        pitch_secs: None,
        feedback_secs: None,
        require_tops_tips: false,
    })
}

fn names_spec() -> ActivitySpec {
    ActivitySpec::TeamNames(TeamNamesSpec {
        title: "Onze teamnaam".into(),
        per_person: 2,
        random_ties: false,
        propose_secs: None,
        vote_secs: None,
    })
}

fn rate(activity: ActivityId, team: TeamId, stars: u32) -> Act {
    pitch(
        activity,
        PitchesInput::Rate {
            team,
            rating: RatingInput {
                stars: vec![stars; 3],
                top: String::new(),
                tip: String::new(),
            },
        },
    )
}

/// Adds `spec` and makes it current, with `start` as its first host input.
async fn run(t: &mut Teamed, spec: &ActivitySpec, start: Vec<ActivityInput>) -> ActivityId {
    let activity = add_activity(&t.addr, &t.room, spec).await;
    let mut acts = vec![Act::SetCurrent {
        activity: Some(activity),
    }];
    acts.extend(start.into_iter().map(|i| input(activity, i)));
    host_acts(&mut t.host, acts).await;
    activity
}

/// The room's export as JSON.
async fn export(t: &Teamed) -> Value {
    let auth = format!("Bearer {}", t.room.host_key);
    let path = format!("/api/rooms/{}/export.json", t.room.code);
    get_auth(&t.addr, &path, &auth).await.json()
}

/// A phone's own wall cards, once it has `n`.
async fn own_cards(client: &mut Client, n: usize) -> Vec<u32> {
    let me = me_when(
        client,
        |me| matches!(&me.personal, Some(Personal::Brainstorm(p)) if p.mine.len() == n),
    )
    .await;
    match me.personal {
        Some(Personal::Brainstorm(p)) => p.mine.iter().map(|c| c.id).collect(),
        _ => unreachable!(),
    }
}

/// A phone's team's name proposals by name, once there are `n`.
async fn team_proposals(client: &mut Client, n: usize) -> Vec<(String, u32)> {
    let me: Me = me_when(
        client,
        |me| matches!(&me.personal, Some(Personal::TeamNames(p)) if p.proposals.len() == n),
    )
    .await;
    match me.personal {
        Some(Personal::TeamNames(p)) => p.proposals.into_iter().map(|p| (p.name, p.id)).collect(),
        _ => unreachable!(),
    }
}

#[tokio::test]
async fn a_removed_participants_dots_votes_ratings_and_likes_stop_counting_in_every_kind() {
    let mut t = teamed(["Ada", "Bo", "Cas", "Dina"]).await;
    let split = members(&mut t).await;
    let (a, b) = (split[0].clone(), split[1].clone());
    let (team_a, prank) = (t.teams[0], b[0]);

    // A wall: Ada's idea, liked by the prankster and by a team-mate.
    let wall_id = run(
        &mut t,
        &wall_spec(),
        vec![ActivityInput::Brainstorm(BrainstormInput::Open)],
    )
    .await;
    let add = BrainstormInput::Add {
        text: "Meer pauzes".into(),
    };
    done(&mut t.phones[a[0]].client, wall(wall_id, add)).await;
    let card = own_cards(&mut t.phones[a[0]].client, 1).await[0];
    for phone in [prank, a[1]] {
        let like = BrainstormInput::Like { card, like: true };
        done(&mut t.phones[phone].client, wall(wall_id, like)).await;
    }

    // A dot-vote: three dots on the joke, one on the real idea.
    let spec = dot_spec(&["Meer pauzes", "Grap"], false, &[None, None]);
    let vote_id = run(
        &mut t,
        &spec,
        vec![ActivityInput::DotVote(DotVoteInput::Open)],
    )
    .await;
    for (phone, option, n) in [(prank, 1, 3), (a[0], 0, 1)] {
        let ballot = vec![OptionDots { option, dots: n }];
        done(
            &mut t.phones[phone].client,
            dots(vote_id, DotVoteInput::Place { ballot }),
        )
        .await;
    }

    // Pitches: team a's pitch gets 5 stars from the prankster, 1 from a team-mate.
    let order = PitchesInput::SetOrder {
        teams: t.teams.clone(),
    };
    let start = [order, PitchesInput::Start, PitchesInput::OpenFeedback]
        .map(ActivityInput::Pitches)
        .to_vec();
    let pitch_id = run(&mut t, &pitch_spec(), start).await;
    for (phone, stars) in [(prank, 5), (b[1], 1)] {
        done(&mut t.phones[phone].client, rate(pitch_id, team_a, stars)).await;
    }

    // Team names: team b votes, the prankster for the own joke.
    let start = vec![ActivityInput::TeamNames(TeamNamesInput::StartProposing)];
    let names_id = run(&mut t, &names_spec(), start).await;
    for (phone, name) in [(prank, "De Grappen"), (b[1], "De Bevers")] {
        let propose = TeamNamesInput::Propose { name: name.into() };
        done(&mut t.phones[phone].client, naming(names_id, propose)).await;
    }
    done(&mut t.host, naming(names_id, TeamNamesInput::StartVoting)).await;
    let ids = team_proposals(&mut t.phones[prank].client, 2).await;
    let joke = ids.iter().find(|(n, _)| n == "De Grappen").unwrap().1;
    let vote = TeamNamesInput::Vote {
        proposal: Some(joke),
    };
    done(&mut t.phones[prank].client, naming(names_id, vote)).await;

    let before = export(&t).await;
    assert_eq!(before["activities"][1]["options"][1]["dots"], 3);

    let gone = t.phones[prank].id;
    done(&mut t.host, Act::RemoveParticipant { participant: gone }).await;

    let json = export(&t).await;
    let acts = json["activities"].as_array().unwrap();
    let [wall_x, vote_x, pitch_x, names_x] = [&acts[0], &acts[1], &acts[2], &acts[3]];
    assert_eq!(wall_x["cards"][0]["likes"], 1, "{wall_x}");
    assert_eq!(wall_x["voided"], 1);
    assert_eq!(vote_x["options"][1]["dots"], 0, "{vote_x}");
    assert_eq!(vote_x["options"][0]["dots"], 1);
    assert_eq!(vote_x["voided"], 3);
    let students = &pitch_x["results"][0]["students"];
    assert_eq!(students["count"], 1, "{pitch_x}");
    assert_eq!(students["means"][0], 1.0);
    assert_eq!(pitch_x["voided"], 1);
    let joke_x = names_x["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "De Grappen")
        .unwrap();
    assert_eq!(joke_x["votes"], 0, "{names_x}");
    assert_eq!(names_x["voided"], 1);

    // The console's agenda says it too, and so does the report.
    let (_, welcome) = host_welcome(&t.addr, &t.room).await;
    let ServerMsg::Welcome {
        agenda: Some(agenda),
        ..
    } = welcome
    else {
        panic!("no agenda");
    };
    let voided: Vec<u32> = agenda.iter().map(|item| item.voided).collect();
    assert_eq!(voided, [1, 3, 1, 1]);
    let auth = format!("Bearer {}", t.room.host_key);
    let path = format!("/api/rooms/{}/report.md?lang=en", t.room.code);
    let report = get_auth(&t.addr, &path, &auth).await.text();
    assert!(
        report.contains("3 responses of removed participants voided"),
        "{report}"
    );
}
