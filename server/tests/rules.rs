//! Rules every activity kind keeps, over real sockets: a removed participant's dots, votes,
//! ratings and likes stop counting (and the exports say how many were voided); a moderator's
//! hide holds whatever the writer does; what one person can make an activity store is capped;
//! own-team rules use the team at the activity's start.

mod common;

use std::time::Duration;

use common::*;
use common::{names_act as naming, pitches_act as pitch, vote_act as dots, wall_act as wall};
use kring_protocol::{
    Act, ActivityChange, ActivityId, ActivityInput, ActivitySpec, BrainstormInput, BrainstormSpec,
    CreateRoomResponse, DotOption, DotVoteInput, DotVoteSpec, ErrorCode, LikesMode, Me, OptionDots,
    Personal, PitchesChange, PitchesInput, PitchesSpec, RatingInput, ServerMsg, TeamFormation,
    TeamId, TeamNamesInput, TeamNamesSpec, WallMode, default_criteria,
};
use kring_server::room::kind::MAX_WRITES_PER_PERSON;
use serde_json::Value;

fn input(activity: ActivityId, input: ActivityInput) -> Act {
    Act::Activity { activity, input }
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

/// Adds `spec` to `room` and makes it current, with `start` as its first host inputs.
async fn run_in(
    host: &mut Client,
    addr: &str,
    room: &CreateRoomResponse,
    spec: &ActivitySpec,
    start: Vec<ActivityInput>,
) -> ActivityId {
    let activity = add_activity(addr, room, spec).await;
    let mut acts = vec![Act::SetCurrent {
        activity: Some(activity),
    }];
    acts.extend(start.into_iter().map(|i| input(activity, i)));
    host_acts(host, acts).await;
    activity
}

/// [`run_in`] the room of `t`.
async fn run(t: &mut Teamed, spec: &ActivitySpec, start: Vec<ActivityInput>) -> ActivityId {
    run_in(&mut t.host, &t.addr, &t.room, spec, start).await
}

/// A room's export as JSON.
async fn export_of(addr: &str, room: &CreateRoomResponse) -> Value {
    let auth = format!("Bearer {}", room.host_key);
    let path = format!("/api/rooms/{}/export.json", room.code);
    get_auth(addr, &path, &auth).await.json()
}

/// The export of `t`'s room.
async fn export(t: &Teamed) -> Value {
    export_of(&t.addr, &t.room).await
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

/// A tip no team may see once a moderator hid it.
const MEAN_TIP: &str = "Jullie pitch was echt waardeloos";

fn rate_with_tip(activity: ActivityId, team: TeamId, tip: &str) -> Act {
    pitch(
        activity,
        PitchesInput::Rate {
            team,
            rating: RatingInput {
                stars: vec![3; 3],
                top: String::new(),
                tip: tip.into(),
            },
        },
    )
}

/// The id of the feedback card with `text`, from what the host is sent.
async fn host_card_id(host: &mut Client, text: &str) -> u32 {
    host.until(|m| match m {
        ServerMsg::Changes { changes, .. } => changes.iter().find_map(|c| match c {
            ActivityChange::Pitches(PitchesChange::HostCard { card }) if card.text == text => {
                Some(card.id)
            }
            _ => None,
        }),
        _ => None,
    })
    .await
}

#[tokio::test]
async fn a_hidden_tip_stays_hidden_whatever_its_writer_changes_until_a_moderator_shows_it() {
    let mut t = teamed(["Ada", "Bo", "Cas", "Dina"]).await;
    let split = members(&mut t).await;
    let (a, b) = (split[0].clone(), split[1].clone());
    let team_a = t.teams[0];
    let order = PitchesInput::SetOrder {
        teams: t.teams.clone(),
    };
    let start = [order, PitchesInput::Start, PitchesInput::OpenFeedback]
        .map(ActivityInput::Pitches)
        .to_vec();
    let id = run(&mut t, &pitch_spec(), start).await;
    done(
        &mut t.phones[b[0]].client,
        rate_with_tip(id, team_a, MEAN_TIP),
    )
    .await;
    let card = host_card_id(&mut t.host, MEAN_TIP).await;
    let hide = PitchesInput::Hide { card, hidden: true };
    done(&mut t.host, pitch(id, hide)).await;

    // Its writer changes it and changes it back, empties it and writes it again (with
    // capitals), all while the team waits for its cards.
    for tip in [
        "Goed gedaan",
        MEAN_TIP,
        "",
        "JULLIE PITCH WAS ECHT WAARDELOOS",
    ] {
        done(&mut t.phones[b[0]].client, rate_with_tip(id, team_a, tip)).await;
    }
    drain(&mut t.phones[a[0]].client, Duration::from_millis(100)).await;
    let release = PitchesInput::Release { team: team_a };
    done(&mut t.host, pitch(id, release)).await;
    let got = drain(&mut t.phones[a[0]].client, Duration::from_millis(300)).await;
    let text = serde_json::to_string(&got).unwrap().to_lowercase();
    assert!(
        !text.contains(&MEAN_TIP.to_lowercase()),
        "the hidden tip reached the team: {text}"
    );
    let json = export(&t).await;
    let cards = json["activities"][0]["cards"].as_array().unwrap().clone();
    assert!(
        cards.iter().all(|c| c["hidden"] == true),
        "the tip is still hidden: {cards:?}"
    );
}

#[tokio::test]
async fn a_hidden_idea_withdrawn_and_posted_again_by_its_writer_arrives_hidden() {
    let mut t = teamed(["Ada", "Bo", "Cas", "Dina"]).await;
    let id = run(
        &mut t,
        &wall_spec(),
        vec![ActivityInput::Brainstorm(BrainstormInput::Open)],
    )
    .await;
    let add = |text: &str| wall(id, BrainstormInput::Add { text: text.into() });
    done(&mut t.phones[0].client, add("Deze les is saai")).await;
    let card = own_cards(&mut t.phones[0].client, 1).await[0];
    let hide = BrainstormInput::Hide { card, hidden: true };
    done(&mut t.host, wall(id, hide)).await;
    done(
        &mut t.phones[0].client,
        wall(id, BrainstormInput::Withdraw { card }),
    )
    .await;
    own_cards(&mut t.phones[0].client, 0).await;
    // The same text again (other capitals), and the same text by someone else.
    done(&mut t.phones[0].client, add("deze les is SAAI")).await;
    let again = own_cards(&mut t.phones[0].client, 1).await[0];
    done(&mut t.phones[1].client, add("Deze les is saai")).await;
    let other = own_cards(&mut t.phones[1].client, 1).await[0];
    // Another idea edited into the hidden text is hidden too.
    done(&mut t.phones[0].client, add("Meer pauzes")).await;
    let edited = own_cards(&mut t.phones[0].client, 2).await[1];
    let edit = BrainstormInput::Edit {
        card: edited,
        text: "Deze les is saai!".into(),
    };
    done(&mut t.phones[0].client, wall(id, edit)).await;

    let json = export(&t).await;
    let cards = json["activities"][0]["cards"].as_array().unwrap().clone();
    let status = |card: u32| {
        cards
            .iter()
            .find(|c| c["id"] == card)
            .map(|c| c["status"].clone())
            .unwrap()
    };
    assert_eq!(status(again), "hidden", "{cards:?}");
    assert_eq!(status(other), "shown", "{cards:?}");
    // Punctuation aside it is the same text, if the look-alike key says so.
    let same = kring_server::names::nickname_key("Deze les is saai!")
        == kring_server::names::nickname_key("Deze les is saai");
    assert_eq!(status(edited), if same { "hidden" } else { "shown" });

    // A moderator who shows it again lets it go.
    let show = BrainstormInput::Hide {
        card: again,
        hidden: false,
    };
    done(&mut t.host, wall(id, show)).await;
    done(
        &mut t.phones[0].client,
        wall(id, BrainstormInput::Withdraw { card: again }),
    )
    .await;
    done(&mut t.phones[0].client, add("Deze les is saai")).await;
    let last = own_cards(&mut t.phones[0].client, 2).await[1];
    let json = export(&t).await;
    let card = json["activities"][0]["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == last)
        .unwrap()
        .clone();
    assert_eq!(card["status"], "shown", "{card}");
}

#[tokio::test]
async fn what_one_person_can_make_an_activity_store_is_capped_withdrawn_items_included() {
    let server = TestServer::start_with(TempDir::new("rules-cap"), |c| {
        c.actions_per_sec = 1_000;
    })
    .await;
    let addr = server.addr();
    let room = create_room(&addr, "Caps").await;
    let mut host = host(&addr, &room).await;
    let mut phones = Vec::new();
    for name in ["Ada", "Bo"] {
        phones.push(join(&addr, room.code.as_str(), name).await);
    }
    let form = Act::FormTeams {
        formation: TeamFormation::ByCount { count: 1 },
    };
    done(&mut host, form).await;

    // Team names: propose and withdraw in a loop.
    let start = vec![ActivityInput::TeamNames(TeamNamesInput::StartProposing)];
    let names_id = run_in(&mut host, &addr, &room, &names_spec(), start).await;
    let propose = |n: u32| {
        naming(
            names_id,
            TeamNamesInput::Propose {
                name: format!("De Bevers {n}"),
            },
        )
    };
    for n in 0..MAX_WRITES_PER_PERSON {
        done(&mut phones[0].client, propose(n)).await;
        // Proposals are numbered in order, and Ada is the only one proposing.
        let withdraw = TeamNamesInput::Withdraw { proposal: n };
        done(&mut phones[0].client, naming(names_id, withdraw)).await;
    }
    let code = refused(&mut phones[0].client, propose(1_000)).await;
    assert_eq!(code, ErrorCode::LimitReached);
    done(&mut phones[1].client, propose(2_000)).await;

    // A wall: write and withdraw in a loop.
    let start = vec![ActivityInput::Brainstorm(BrainstormInput::Open)];
    let wall_id = run_in(&mut host, &addr, &room, &wall_spec(), start).await;
    let add = |n: u32| {
        wall(
            wall_id,
            BrainstormInput::Add {
                text: format!("Idee nummer {n}"),
            },
        )
    };
    for n in 0..MAX_WRITES_PER_PERSON {
        done(&mut phones[0].client, add(n)).await;
        let card = own_cards(&mut phones[0].client, 1).await[0];
        let withdraw = BrainstormInput::Withdraw { card };
        done(&mut phones[0].client, wall(wall_id, withdraw)).await;
        own_cards(&mut phones[0].client, 0).await;
    }
    let code = refused(&mut phones[0].client, add(1_000)).await;
    assert_eq!(code, ErrorCode::LimitReached);
    done(&mut phones[1].client, add(2_000)).await;

    // The export holds no more than the cap from one person.
    let json = export_of(&addr, &room).await;
    let proposals = json["activities"][0]["proposals"].as_array().unwrap();
    let by_ada = proposals
        .iter()
        .filter(|p| p["participant"] == phones[0].id.0)
        .count();
    assert_eq!(by_ada, MAX_WRITES_PER_PERSON as usize);
}

#[tokio::test]
async fn picking_another_team_mid_activity_does_not_dodge_the_own_team_rules() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Picking").await;
    let mut host = host(&addr, &room).await;
    let mut phones = Vec::new();
    for name in ["Ada", "Bo", "Cas", "Dina"] {
        phones.push(join(&addr, room.code.as_str(), name).await);
    }
    let form = Act::FormTeams {
        formation: TeamFormation::Pick {
            count: 2,
            max_size: 4,
        },
    };
    done(&mut host, form).await;
    let view = teams_when(&mut host, |t| t.teams.len() == 2).await;
    let (one, two) = (view.teams[0].id, view.teams[1].id);
    for (phone, team) in [(0, one), (1, one), (2, two), (3, two)] {
        done(&mut phones[phone].client, Act::PickTeam { team }).await;
    }
    // Picking stays open while the activities run. Ada (team one) picks team two mid-activity.
    let to_two = Act::PickTeam { team: two };
    let back = Act::PickTeam { team: one };

    // Pitches: team one's pitch is rated.
    let order = PitchesInput::SetOrder {
        teams: vec![one, two],
    };
    let start = [order, PitchesInput::Start, PitchesInput::OpenFeedback]
        .map(ActivityInput::Pitches)
        .to_vec();
    let pitch_id = run_in(&mut host, &addr, &room, &pitch_spec(), start).await;
    done(&mut phones[0].client, to_two.clone()).await;
    let code = refused(&mut phones[0].client, rate(pitch_id, one, 5)).await;
    assert_eq!(code, ErrorCode::OwnPitch);
    done(&mut phones[0].client, back.clone()).await;

    // A dot-vote with no dots on the own team's option.
    let spec = dot_spec(
        &["Idee van een", "Idee van twee"],
        true,
        &[Some(one), Some(two)],
    );
    let start = vec![ActivityInput::DotVote(DotVoteInput::Open)];
    let vote_id = run_in(&mut host, &addr, &room, &spec, start).await;
    done(&mut phones[0].client, to_two.clone()).await;
    let ballot = vec![OptionDots { option: 0, dots: 3 }];
    let place = dots(vote_id, DotVoteInput::Place { ballot });
    let code = refused(&mut phones[0].client, place).await;
    assert_eq!(code, ErrorCode::OwnTeam);
    done(&mut phones[0].client, back.clone()).await;

    // Team names: Ada cannot vote for team two's name, nor team two's members for hers.
    let start = vec![ActivityInput::TeamNames(TeamNamesInput::StartProposing)];
    let names_id = run_in(&mut host, &addr, &room, &names_spec(), start).await;
    let propose = |name: &str| naming(names_id, TeamNamesInput::Propose { name: name.into() });
    done(&mut phones[2].client, propose("De Bevers")).await;
    done(&mut phones[0].client, to_two.clone()).await;
    // Her proposal goes to the team she started in.
    done(&mut phones[0].client, propose("De Vossen")).await;
    done(&mut host, naming(names_id, TeamNamesInput::StartVoting)).await;
    let two_names = team_proposals(&mut phones[2].client, 1).await;
    assert_eq!(two_names[0].0, "De Bevers", "{two_names:?}");
    let vote = TeamNamesInput::Vote {
        proposal: Some(two_names[0].1),
    };
    let code = refused(&mut phones[0].client, naming(names_id, vote)).await;
    assert_eq!(code, ErrorCode::OtherTeam);

    // The host's move counts: moved to team two, Ada votes there.
    let ada = phones[0].id;
    let moved = Act::MoveToTeam {
        participant: ada,
        team: Some(two),
    };
    done(&mut host, moved).await;
    let vote = TeamNamesInput::Vote {
        proposal: Some(two_names[0].1),
    };
    done(&mut phones[0].client, naming(names_id, vote)).await;

    let json = export_of(&addr, &room).await;
    let proposals = json["activities"][2]["proposals"].as_array().unwrap();
    let hers = proposals.iter().find(|p| p["name"] == "De Vossen").unwrap();
    assert_eq!(hers["team"], one.0, "{hers}");
}
