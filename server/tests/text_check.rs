//! The text check over real sockets: names that only look alike are one name (capitals from
//! another script, accents, punctuation), a veto holds for every look-alike of the vetoed
//! name, and a care class's topics pass while insults about them do not.

mod common;

use common::*;
use kring_protocol::{
    Act, ActivityHostView, ActivityId, ActivityInput, ActivitySpec, BrainstormInput,
    BrainstormSpec, ErrorCode, LikesMode, ServerMsg, TeamNamesInput, TeamNamesSpec, WallMode,
};
#[tokio::test]
async fn capitals_from_another_script_are_the_name_they_look_like() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Names").await;
    let code = room.code.as_str();
    let _tim = join(&addr, code, "Tim").await;
    let _sam = join(&addr, code, "Sam").await;
    // Cyrillic ТІМ, and ЅАМ, Greek ΤΙΜ, and Sam with an accent or a full stop.
    for same in [
        "\u{0422}\u{0406}\u{041C}",
        "\u{0405}\u{0410}\u{041C}",
        "\u{03A4}\u{0399}\u{039C}",
        "Såm",
        "Sam.",
    ] {
        assert_eq!(
            refused_join(&addr, code, same).await,
            ErrorCode::NicknameTaken,
            "{same:?}"
        );
    }
    join(&addr, code, "Tom").await;
}

fn names(activity: ActivityId, input: TeamNamesInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::TeamNames(input),
    }
}

#[tokio::test]
async fn a_veto_holds_for_every_look_alike_of_the_vetoed_name() {
    let mut t = teamed(["Ada", "Bo", "Cas", "Dina"]).await;
    let team_a: Vec<usize> = t.view.teams[0]
        .members
        .iter()
        .map(|m| t.phones.iter().position(|p| p.id == m.id).unwrap())
        .collect();
    let spec = ActivitySpec::TeamNames(TeamNamesSpec {
        title: "Onze teamnaam".into(),
        per_person: 5,
        random_ties: false,
        propose_secs: None,
        vote_secs: None,
    });
    let activity = add_activity(&t.addr, &t.room, &spec).await;
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
    let propose = |name: &str| {
        names(
            activity,
            TeamNamesInput::Propose {
                name: name.to_owned(),
            },
        )
    };
    done(&mut t.phones[team_a[0]].client, propose("De Poepjes")).await;
    let (mut host, welcome) = host_welcome(&t.addr, &t.room).await;
    let ServerMsg::Welcome {
        host_view: Some(ActivityHostView::TeamNames(all)),
        ..
    } = welcome
    else {
        panic!("the host's welcome carries the host view")
    };
    let vetoed = all.proposals[0].id;
    done(
        &mut host,
        names(activity, TeamNamesInput::Veto { proposal: vetoed }),
    )
    .await;
    // The same name with punctuation, an accent, an underscore or Cyrillic letters, by its
    // proposer or a teammate.
    for (phone, name) in [
        (team_a[0], "De Poepjes!"),
        (team_a[1], "De Poëpjes"),
        (team_a[1], "De_Poepjes"),
        (team_a[0], "De Poepjes."),
        (team_a[1], "DE \u{0420}OEPJES"),
    ] {
        assert_eq!(
            refused(&mut t.phones[phone].client, propose(name)).await,
            ErrorCode::Vetoed,
            "{name:?}"
        );
    }
    done(&mut t.phones[team_a[1]].client, propose("De Snoepjes")).await;
}

#[tokio::test]
async fn a_care_class_wall_takes_its_topics_and_refuses_the_insults_about_them() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "MZ2B").await;
    let spec = ActivitySpec::Brainstorm(BrainstormSpec {
        title: "Wat willen we leren?".into(),
        per_person: 10,
        max_chars: 140,
        by_team: false,
        anonymous: true,
        mode: WallMode::Live,
        likes: LikesMode::Live,
    });
    let activity = add_activity(&addr, &room, &spec).await;
    let mut host = host(&addr, &room).await;
    let mut phone = join(&addr, room.code.as_str(), "Noor").await;
    let wall = |input: BrainstormInput| Act::Activity {
        activity,
        input: ActivityInput::Brainstorm(input),
    };
    host_acts(
        &mut host,
        vec![
            Act::SetCurrent {
                activity: Some(activity),
            },
            wall(BrainstormInput::Open),
        ],
    )
    .await;
    let add = |text: &str| wall(BrainstormInput::Add { text: text.into() });
    for fine in [
        "Voorlichting over kanker",
        "Zorg voor mensen met kanker",
        "Borstkanker en bewegen",
        "Seksuele voorlichting",
        "Shiitake in de kantine",
    ] {
        done(&mut phone.client, add(fine)).await;
    }
    for bad in [
        "kamker school",
        "teringschool",
        "kanker leraar",
        "fak joe",
        "\u{1F595}",
    ] {
        assert_eq!(
            refused(&mut phone.client, add(bad)).await,
            ErrorCode::Inappropriate,
            "{bad:?}"
        );
    }
    assert_eq!(
        refused_join(&addr, room.code.as_str(), "1488").await,
        ErrorCode::Inappropriate
    );
}
