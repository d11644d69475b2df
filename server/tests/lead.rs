//! Driving over real sockets: exactly one console leads. The organiser's console hands the
//! wheel to a co-facilitator's and takes it back; the one that does not drive is refused
//! (`notTheLead`) what runs the session but may moderate; phones and the projector follow the
//! driver; the lead survives a restart of the server; the host HTTP API stays the organiser's.

mod common;

use common::*;
use kring_protocol::{
    Act, ActivityId, ActivityView, ClientMsg, ClientMsgId, ErrorCode, Lead, ServerMsg,
};

/// Waits until `client` is told that `lead` leads now.
async fn lead_is(client: &mut Client, lead: Lead) {
    client
        .until(|m| matches!(m, ServerMsg::Lead { lead: l, .. } if *l == lead).then_some(()))
        .await
}

/// The id of a current activity (these tests run quizzes).
fn id_of(view: &ActivityView) -> ActivityId {
    match view {
        ActivityView::Quiz(quiz) => quiz.id,
        other => panic!("{other:?}"),
    }
}

/// Waits until `client` sees `activity` current (or the lobby).
async fn current_is(client: &mut Client, activity: Option<ActivityId>) {
    client
        .until(|m| match m {
            ServerMsg::Activity { current, .. } if current.as_ref().map(id_of) == activity => {
                Some(())
            }
            _ => None,
        })
        .await;
}

/// The lead a console's `welcome` reports.
fn welcome_lead(welcome: &ServerMsg) -> Lead {
    match welcome {
        ServerMsg::Welcome { lead, .. } => *lead,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn one_console_drives_and_the_lead_moves_and_survives_a_restart() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "MZ2B").await;
    let quiz = add_activity(&addr, &room, &common::quiz(1, 20)).await;
    let second = add_activity(&addr, &room, &common::quiz(1, 20)).await;
    let (mut host, welcome) = host_welcome(&addr, &room).await;
    assert_eq!(welcome_lead(&welcome), Lead::Organiser);
    let mut co = co_facilitator(&addr, &room).await;
    let mut ada = join(&addr, room.code.as_str(), "Ada").await;
    let mut projector = screen(&addr, room.code.as_str()).await;
    let set = |id: Option<ActivityId>| Act::SetCurrent { activity: id };

    // The organiser's console drives: the co-facilitator may moderate, not run the session.
    assert_eq!(
        refused(&mut co, set(Some(quiz))).await,
        ErrorCode::NotTheLead
    );
    assert_eq!(refused(&mut co, Act::HandOver).await, ErrorCode::NotTheLead);
    done(
        &mut co,
        Act::RenameParticipant {
            participant: ada.id,
            nickname: "Ada L".into(),
        },
    )
    .await;

    // The organiser hands over: both consoles are told.
    done(&mut host, Act::HandOver).await;
    lead_is(&mut host, Lead::CoFacilitator).await;
    lead_is(&mut co, Lead::CoFacilitator).await;

    // The co-facilitator drives; phone and projector follow.
    done(&mut co, set(Some(quiz))).await;
    current_is(&mut ada.client, Some(quiz)).await;
    current_is(&mut projector, Some(quiz)).await;
    // The organiser's console is refused the flow, may still moderate.
    assert_eq!(refused(&mut host, set(None)).await, ErrorCode::NotTheLead);
    assert_eq!(
        refused(&mut host, Act::LockRoom { locked: true }).await,
        ErrorCode::NotTheLead
    );
    done(
        &mut host,
        Act::RenameParticipant {
            participant: ada.id,
            nickname: "Ada".into(),
        },
    )
    .await;
    // A co-facilitator cannot take the lead (it has it; only the organiser takes it back).
    assert_eq!(refused(&mut co, Act::TakeLead).await, ErrorCode::Forbidden);
    // The host HTTP API is the organiser's and keeps working while the co-facilitator drives.
    let third = add_activity(&addr, &room, &common::quiz(1, 20)).await;
    assert_eq!(third, ActivityId(3));

    // The organiser takes the lead back, at any time.
    done(&mut host, Act::TakeLead).await;
    lead_is(&mut co, Lead::Organiser).await;
    assert_eq!(
        refused(&mut co, set(Some(second))).await,
        ErrorCode::NotTheLead
    );
    done(&mut host, set(Some(second))).await;
    current_is(&mut ada.client, Some(second)).await;

    // A co-facilitator that drives passes the wheel back by handing over.
    done(&mut host, Act::HandOver).await;
    lead_is(&mut co, Lead::CoFacilitator).await;
    done(&mut co, Act::HandOver).await;
    lead_is(&mut host, Lead::Organiser).await;
    // A repeat of an action applied before the lead moved is acknowledged as a repeat, not
    // refused: here the co-facilitator's, re-sent (after a reconnect) once the lead is back.
    done(&mut host, Act::HandOver).await;
    lead_is(&mut co, Lead::CoFacilitator).await;
    let repeat = ClientMsg::Act {
        id: ClientMsgId("co-again".into()),
        act: set(Some(quiz)),
    };
    for expected in [false, true] {
        co.send(&repeat).await;
        let duplicate = co
            .until(|m| match m {
                ServerMsg::Ack { id, duplicate } if id.0 == "co-again" => Some(*duplicate),
                ServerMsg::Error { code, .. } => panic!("refused: {code:?}"),
                _ => None,
            })
            .await;
        assert_eq!(duplicate, expected);
        if !expected {
            current_is(&mut ada.client, Some(quiz)).await;
            done(&mut co, Act::HandOver).await;
            lead_is(&mut co, Lead::Organiser).await;
        }
    }
    let id = co.act(Act::RemoveActivity { activity: third }).await;
    assert_eq!(co.error_for(&id).await, ErrorCode::NotTheLead);
    done(&mut host, Act::HandOver).await;
    lead_is(&mut co, Lead::CoFacilitator).await;

    // The co-facilitator drives through a restart of the server.
    drop((host, co, ada, projector));
    let dir = server.stop().await;
    let server = TestServer::start_in(dir).await;
    let addr = server.addr();
    let (mut host, welcome) = host_welcome(&addr, &room).await;
    assert_eq!(welcome_lead(&welcome), Lead::CoFacilitator);
    let ServerMsg::Welcome { room: view, .. } = &welcome else {
        unreachable!()
    };
    assert_eq!(view.current.as_ref().map(id_of), Some(quiz));
    assert_eq!(refused(&mut host, set(None)).await, ErrorCode::NotTheLead);
    let mut co = co_facilitator(&addr, &room).await;
    let mut ada = join(&addr, room.code.as_str(), "Bo").await;
    done(&mut co, set(None)).await;
    current_is(&mut ada.client, None).await;
    done(&mut host, Act::TakeLead).await;
    lead_is(&mut co, Lead::Organiser).await;
    assert_eq!(refused(&mut co, set(None)).await, ErrorCode::NotTheLead);
}
