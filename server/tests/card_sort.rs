//! The card-sort over real sockets: the heatmap stays with the host until the reveal (the
//! projector and phones get no cell, and never a name), a cell under the privacy floor never
//! carries a number anywhere (views, changes, exports, report), a phone moves and takes back
//! cards until the sort closes, unknown cards and columns and a closed sort are refused, a
//! co-facilitator cannot run it, and placements survive a `kill -9` (a re-sent action
//! recognised after it) and a graceful restart.

mod common;

use common::*;
use kring_protocol::{
    Act, ActivityChange, ActivityHostView, ActivityId, ActivityInput, ActivitySpec, ActivityView,
    CardSortChange, CardSortInput, CardSortPersonal, CardSortPhase, CardSortSpec, CardSortView,
    ClientMsg, ErrorCode, Heatmap, Me, Personal, ServerMsg, SortCard,
};

fn spec(live: bool) -> ActivitySpec {
    ActivitySpec::CardSort(CardSortSpec {
        title: "Evaluatie".into(),
        cards: vec![
            SortCard {
                text: "Mijn mening telde".into(),
                group: "Invloed en meebeslissen".into(),
                positive: true,
            },
            SortCard {
                text: "Dit voelde ongemakkelijk".into(),
                group: "Verbinding".into(),
                positive: false,
            },
        ],
        columns: vec!["Sessie 1".into(), "Sessie 2".into(), "Sessie 3".into()],
        privacy_floor: 2,
        live,
    })
}

fn sort(activity: ActivityId, input: CardSortInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::CardSort(input),
    }
}

fn place(activity: ActivityId, card: u32, column: u32) -> Act {
    sort(activity, CardSortInput::Place { card, column })
}

fn own(me: &Me) -> Option<&CardSortPersonal> {
    match &me.personal {
        Some(Personal::CardSort(p)) => Some(p),
        _ => None,
    }
}

/// What `pick` takes from the next card-sort view a client gets that it takes anything from.
async fn view_when<T>(client: &mut Client, pick: impl Fn(&CardSortView) -> Option<T>) -> T {
    client
        .until(|m| match m {
            ServerMsg::Activity {
                current: Some(ActivityView::CardSort(v)),
                ..
            } => pick(v),
            _ => None,
        })
        .await
}

/// The next heatmap change a client gets that `ok` accepts.
async fn heatmap_when(client: &mut Client, ok: impl Fn(&Heatmap) -> bool) -> Heatmap {
    client
        .until(|m| match m {
            ServerMsg::Changes { changes, .. } => changes.iter().find_map(|ch| match ch {
                ActivityChange::CardSort(CardSortChange::Heatmap { heatmap }) if ok(heatmap) => {
                    Some(heatmap.clone())
                }
                _ => None,
            }),
            _ => None,
        })
        .await
}

/// A room with the sort current and open, a projector and two phones.
async fn opened(live: bool) -> (Class, Client) {
    running(spec(live), |s| sort(s, CardSortInput::Open)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_heatmap_stays_with_the_host_until_the_reveal_and_no_cell_under_the_floor_shows() {
    let (mut c, mut projector) = opened(false).await;
    let s = c.quiz;
    let mut cy = join(&c.addr, c.room.code.as_str(), "Cy").await;
    texts_until_quiet(&mut projector).await;
    texts_until_quiet(&mut c.bo.client).await;
    // A double submit (the same action id twice) counts once.
    let act = place(s, 0, 0);
    let id = c.ada.client.act(act.clone()).await;
    assert!(!c.ada.client.ack(&id).await);
    c.ada
        .client
        .send(&ClientMsg::Act {
            id: id.clone(),
            act,
        })
        .await;
    assert!(c.ada.client.ack(&id).await, "recognised as a duplicate");
    // Moving a card is one more input; the last column counts.
    done(&mut c.ada.client, place(s, 0, 1)).await;
    done(&mut c.ada.client, place(s, 1, 2)).await;
    done(
        &mut c.ada.client,
        sort(s, CardSortInput::Unplace { card: 1 }),
    )
    .await;
    let me = me_when(&mut c.ada.client, |me| {
        own(me).is_some_and(|p| p.placed == vec![Some(1), None])
    })
    .await;
    assert!(!own(&me).unwrap().skipped);
    done(&mut c.bo.client, place(s, 0, 1)).await;
    done(&mut cy.client, place(s, 1, 0)).await;
    // The host gets the heatmap once a cell reaches the floor; Cy's lone card shows no number.
    let heatmap = heatmap_when(&mut c.host, |h| h.cells[0][1] == Some(2)).await;
    assert_eq!(
        heatmap.cells,
        vec![vec![None, Some(2), None], vec![None, None, None]]
    );
    // Before the reveal neither the projector nor a phone gets any cell.
    for text in texts_until_quiet(&mut projector)
        .await
        .into_iter()
        .chain(texts_until_quiet(&mut c.bo.client).await)
    {
        assert!(
            !text.contains("cells") && !text.contains("Ada"),
            "a hidden heatmap leaked: {text}"
        );
    }
    // Unknown cards and columns: refused, nothing changes.
    for bad in [
        place(s, 2, 0),
        place(s, 0, 3),
        sort(s, CardSortInput::Unplace { card: 7 }),
    ] {
        assert_eq!(
            refused(&mut c.bo.client, bad).await,
            ErrorCode::InvalidChoice
        );
    }
    done(&mut c.host, sort(s, CardSortInput::Reveal)).await;
    let revealed = view_when(&mut projector, |v| {
        (v.phase == CardSortPhase::Revealed).then(|| v.heatmap.clone())
    })
    .await;
    assert_eq!(revealed, Some(heatmap));
    for text in texts_until_quiet(&mut projector).await {
        assert!(!text.contains("Ada") && !text.contains("\"Bo\""), "{text}");
    }
    // Once revealed the sort is closed to placements.
    assert_eq!(
        refused(&mut c.ada.client, place(s, 1, 1)).await,
        ErrorCode::VotingClosed
    );

    // The exports and the report carry the heatmap as shown: no name, no number under the floor.
    let auth = format!("Bearer {}", c.room.host_key);
    let code = c.room.code.as_str();
    let json = get_auth(&c.addr, &format!("/api/rooms/{code}/export.json"), &auth)
        .await
        .json();
    let sort_json = &json["activities"][0];
    assert_eq!(sort_json["anonymous"], true);
    assert_eq!(
        sort_json["heatmap"]["cells"],
        serde_json::json!([[null, 2, null], [null, null, null]])
    );
    assert_eq!(sort_json["sorted"], 3);
    let csv = get_auth(&c.addr, &format!("/api/rooms/{code}/export.csv"), &auth)
        .await
        .text();
    assert!(
        csv.contains("Mijn mening telde") && csv.contains("Sessie 2"),
        "{csv}"
    );
    let values: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|line| line.split(';').nth(11).unwrap_or("?"))
        .collect();
    assert_eq!(
        values,
        ["", "2", "", "", "", ""],
        "a count under the floor: {csv}"
    );
    for path in ["report.md", "report.html"] {
        let report = get_auth(&c.addr, &format!("/api/rooms/{code}/{path}"), &auth)
            .await
            .text();
        assert!(report.contains("Dit voelde ongemakkelijk") && report.contains("Sessie 3"));
        for name in ["Ada", "Bo", "Cy"] {
            assert!(
                !report.contains(&format!("{name}<")) && !report.contains(&format!("| {name}")),
                "{path} names {name}"
            );
        }
    }
    for text in [sort_json.to_string(), csv] {
        assert!(!text.contains("Ada") && !text.contains(";Bo;"), "{text}");
    }
    c.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_heatmap_reaches_the_projector_and_a_co_facilitator_cannot_run_it() {
    let (mut c, mut projector) = opened(true).await;
    let s = c.quiz;
    done(&mut c.ada.client, place(s, 1, 2)).await;
    done(&mut c.bo.client, place(s, 1, 2)).await;
    heatmap_when(&mut projector, |h| h.cells[1][2] == Some(2)).await;
    // A skip takes Bo's card back: the cell drops under the floor, for everyone at once.
    done(&mut c.bo.client, sort(s, CardSortInput::Skip)).await;
    heatmap_when(&mut projector, |h| h.cells[1][2].is_none()).await;
    let mut co = co_facilitator(&c.addr, &c.room).await;
    for input in [
        CardSortInput::Close,
        CardSortInput::Reveal,
        CardSortInput::Open,
    ] {
        assert_eq!(
            refused(&mut co, sort(s, input)).await,
            ErrorCode::NotTheLead
        );
    }
    // The host, not a phone, runs the sort; the host does not place cards.
    assert_eq!(
        refused(&mut c.ada.client, sort(s, CardSortInput::Close)).await,
        ErrorCode::Forbidden
    );
    assert_eq!(
        refused(&mut c.host, place(s, 0, 0)).await,
        ErrorCode::Forbidden
    );
    done(&mut c.host, sort(s, CardSortInput::Close)).await;
    assert_eq!(
        refused(&mut c.ada.client, place(s, 0, 0)).await,
        ErrorCode::VotingClosed
    );
    c.server.stop().await;
}

#[tokio::test]
async fn placements_survive_a_kill_9_and_a_restart_and_a_resent_action_is_recognised() {
    let dir = TempDir::new("sort-kill9");
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let addr = proc.addr.clone();
    let room = create_room(&addr, "Kill").await;
    let s = add_activity(&addr, &room, &spec(false)).await;
    let mut host = host(&addr, &room).await;
    host_acts(
        &mut host,
        vec![
            Act::SetCurrent { activity: Some(s) },
            sort(s, CardSortInput::Open),
        ],
    )
    .await;
    let mut ada = join(&addr, room.code.as_str(), "Ada").await;
    let mut bo = join(&addr, room.code.as_str(), "Bo").await;
    done(&mut bo.client, place(s, 0, 2)).await;
    let act = place(s, 0, 2);
    let id = ada.client.act(act.clone()).await;
    assert!(!ada.client.ack(&id).await, "a first action is no duplicate");
    proc.kill9().await;
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let (mut again, welcome) = resume(&proc.addr, room.code.as_str(), "Ada", &ada.token).await;
    let ServerMsg::Welcome { me: Some(me), .. } = &welcome else {
        panic!("{welcome:?}")
    };
    assert_eq!(
        own(me).unwrap().placed,
        vec![Some(2), None],
        "the card survived"
    );
    // The same action again: recognised, not counted twice.
    again
        .send(&ClientMsg::Act {
            id: id.clone(),
            act,
        })
        .await;
    assert!(again.ack(&id).await, "recognised as a duplicate");
    let (_, welcome) = host_welcome(&proc.addr, &room).await;
    let ServerMsg::Welcome {
        host_view: Some(ActivityHostView::CardSort(view)),
        ..
    } = welcome
    else {
        panic!("{welcome:?}")
    };
    assert_eq!(
        view.heatmap.cells,
        vec![vec![None, None, Some(2)], vec![None, None, None]]
    );
    // A move after the crash, then a graceful restart: the move is there too.
    done(&mut again, place(s, 1, 0)).await;
    proc.terminate().await;
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let (_, welcome) = resume(&proc.addr, room.code.as_str(), "Ada", &ada.token).await;
    let ServerMsg::Welcome { me: Some(me), .. } = &welcome else {
        panic!("{welcome:?}")
    };
    assert_eq!(own(me).unwrap().placed, vec![Some(2), Some(0)]);
    proc.kill9().await;
}
