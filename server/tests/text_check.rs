//! The text check over real sockets: names that only look alike are one name (capitals from
//! another script, accents, punctuation), a veto holds for every look-alike of the vetoed
//! name, and a care class's topics pass while insults about them do not.

mod common;

use common::*;
use kring_protocol::{
    Act, ActivityHostView, ActivityId, ActivityInput, ActivitySpec, ClientMsg, ErrorCode,
    ServerMsg, TeamNamesInput, TeamNamesSpec,
};

/// Tries to join with `nickname` and returns the error the room answers.
async fn refused_join(addr: &str, code: &str, nickname: &str) -> ErrorCode {
    let mut phone = Client::connect(addr, nickname).await;
    phone
        .send(&ClientMsg::Join {
            room: code.into(),
            nickname: Some(nickname.into()),
            lang: Default::default(),
        })
        .await;
    phone
        .until(|m| match m {
            ServerMsg::Error { code, .. } => Some(*code),
            ServerMsg::Welcome { .. } => panic!("{nickname:?} was let in"),
            _ => None,
        })
        .await
}

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
