//! The statement scale over real sockets: the spread stays with the host until the reveal
//! (projector and phones get no dots, and never a name), a phone moves and skips its dot until
//! the statement closes, a co-facilitator cannot run the statements, and placed dots survive a
//! `kill -9` with a re-sent action recognised after the restart.

mod common;

use common::*;
use kring_protocol::{
    Act, ActivityChange, ActivityHostView, ActivityId, ActivityInput, ActivitySpec, ActivityView,
    ClientMsg, ErrorCode, Me, Personal, ScaleStatement, ScaleSteps, ServerMsg,
    StatementScaleChange, StatementScaleInput, StatementScalePersonal, StatementScalePhase,
    StatementScaleSpec, StatementScaleView,
};

fn spec(live: bool) -> ActivitySpec {
    ActivitySpec::StatementScale(StatementScaleSpec {
        title: "Waar sta jij?".into(),
        statements: vec![
            ScaleStatement {
                text: "Huiswerk helpt mij".into(),
                key: Some("huiswerk".into()),
            },
            ScaleStatement {
                text: "Ik werk liever samen".into(),
                key: None,
            },
        ],
        steps: ScaleSteps::Five,
        live,
    })
}

fn scale(activity: ActivityId, input: StatementScaleInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::StatementScale(input),
    }
}

fn place(activity: ActivityId, statement: u32, position: u32) -> Act {
    scale(
        activity,
        StatementScaleInput::Place {
            statement,
            position,
        },
    )
}

fn own(me: &Me) -> Option<&StatementScalePersonal> {
    match &me.personal {
        Some(Personal::StatementScale(p)) => Some(p),
        _ => None,
    }
}

/// What `pick` takes from the next statement-scale view a client gets that it takes anything from.
async fn view_when<T>(client: &mut Client, pick: impl Fn(&StatementScaleView) -> Option<T>) -> T {
    client
        .until(|m| match m {
            ServerMsg::Activity {
                current: Some(ActivityView::StatementScale(v)),
                ..
            } => pick(v),
            _ => None,
        })
        .await
}

/// A room with the scale current and its first statement open, a projector and two phones.
async fn opened(live: bool) -> (Class, Client) {
    running(spec(live), |s| scale(s, StatementScaleInput::Next)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_spread_stays_with_the_host_until_the_reveal_and_never_names_anyone() {
    let (mut c, mut projector) = opened(false).await;
    let s = c.quiz;
    texts_until_quiet(&mut projector).await;
    texts_until_quiet(&mut c.bo.client).await;
    done(&mut c.ada.client, place(s, 0, 4)).await;
    // Moving the dot is one more input; the last position counts.
    done(&mut c.ada.client, place(s, 0, 1)).await;
    done(
        &mut c.bo.client,
        scale(s, StatementScaleInput::Skip { statement: 0 }),
    )
    .await;
    let me = me_when(&mut c.ada.client, |me| {
        own(me).is_some_and(|p| p.position == Some(1))
    })
    .await;
    assert!(!own(&me).unwrap().skipped);
    // The host gets the spread as a change.
    let spread = c
        .host
        .until(|m| match m {
            ServerMsg::Changes { changes, .. } => changes.iter().find_map(|ch| match ch {
                ActivityChange::StatementScale(StatementScaleChange::Spread { spread, .. })
                    if spread.skipped == 1 && spread.counts.iter().sum::<u32>() == 1 =>
                {
                    Some(spread.clone())
                }
                _ => None,
            }),
            _ => None,
        })
        .await;
    assert_eq!(spread.counts, vec![0, 1, 0, 0, 0]);
    // Before the reveal neither the projector nor a phone gets any spread.
    for text in texts_until_quiet(&mut projector)
        .await
        .into_iter()
        .chain(texts_until_quiet(&mut c.bo.client).await)
    {
        assert!(
            !text.contains("counts") && !text.contains("Ada"),
            "a hidden spread leaked: {text}"
        );
    }
    // A position beyond the line, or a statement not open: refused.
    assert_eq!(
        refused(&mut c.bo.client, place(s, 0, 5)).await,
        ErrorCode::InvalidChoice
    );
    assert_eq!(
        refused(&mut c.bo.client, place(s, 1, 2)).await,
        ErrorCode::WrongPhase
    );
    done(&mut c.host, scale(s, StatementScaleInput::Reveal)).await;
    let revealed = view_when(&mut projector, |v| match &v.phase {
        StatementScalePhase::Revealed { spread, .. } => Some(spread.clone()),
        _ => None,
    })
    .await;
    assert_eq!(
        (revealed.counts, revealed.skipped),
        (vec![0, 1, 0, 0, 0], 1)
    );
    for text in texts_until_quiet(&mut projector).await {
        assert!(!text.contains("Ada") && !text.contains("\"Bo\""), "{text}");
    }
    // After the reveal the statement is closed to dots.
    assert_eq!(
        refused(&mut c.ada.client, place(s, 0, 3)).await,
        ErrorCode::VotingClosed
    );
    // The next statement opens with fresh answers and its key made from its text.
    done(&mut c.host, scale(s, StatementScaleInput::Next)).await;
    let view = view_when(&mut projector, |v| {
        (v.phase == StatementScalePhase::Open { statement: 1 }).then(|| v.clone())
    })
    .await;
    assert_eq!(view.statements[0].key, "huiswerk");
    assert_eq!(view.statements[1].key, "ik werk liever samen");
    done(&mut c.ada.client, place(s, 1, 2)).await;

    // The exports and the report carry each statement's key and spread, and no name.
    let auth = format!("Bearer {}", c.room.host_key);
    let code = c.room.code.as_str();
    let json = get_auth(&c.addr, &format!("/api/rooms/{code}/export.json"), &auth)
        .await
        .json();
    let scale_json = &json["activities"][0];
    assert_eq!(scale_json["anonymous"], true);
    assert_eq!(scale_json["statements"][0]["key"], "huiswerk");
    assert_eq!(
        scale_json["statements"][0]["counts"],
        serde_json::json!([0, 1, 0, 0, 0])
    );
    assert_eq!(scale_json["statements"][0]["skipped"], 1);
    assert_eq!(scale_json["statements"][1]["key"], "ik werk liever samen");
    let csv = get_auth(&c.addr, &format!("/api/rooms/{code}/export.csv"), &auth)
        .await
        .text();
    assert!(csv.contains("Huiswerk helpt mij"), "{csv}");
    for path in ["report.md", "report.html"] {
        let report = get_auth(&c.addr, &format!("/api/rooms/{code}/{path}"), &auth)
            .await
            .text();
        assert!(report.contains("Huiswerk helpt mij") && report.contains("huiswerk"));
        for name in ["Ada", "Bo"] {
            assert!(
                !report.contains(&format!("{name}<")) && !report.contains(&format!("| {name}")),
                "{path} names {name}"
            );
        }
    }
    for text in [scale_json.to_string(), csv] {
        assert!(!text.contains("Ada") && !text.contains(";Bo;"), "{text}");
    }
    c.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_spread_reaches_the_projector_and_a_co_facilitator_cannot_run_it() {
    let (mut c, mut projector) = opened(true).await;
    let s = c.quiz;
    done(&mut c.ada.client, place(s, 0, 3)).await;
    projector
        .until(|m| match m {
            ServerMsg::Changes { changes, .. } => changes
                .iter()
                .any(|ch| {
                    matches!(ch, ActivityChange::StatementScale(StatementScaleChange::Spread { spread, .. })
                        if spread.counts[3] == 1)
                })
                .then_some(()),
            _ => None,
        })
        .await;
    let mut co = co_facilitator(&c.addr, &c.room).await;
    for input in [
        StatementScaleInput::Next,
        StatementScaleInput::Close,
        StatementScaleInput::Reveal,
    ] {
        assert_eq!(
            refused(&mut co, scale(s, input)).await,
            ErrorCode::NotTheLead
        );
    }
    // The host, not a phone, runs the statements.
    assert_eq!(
        refused(&mut c.ada.client, scale(s, StatementScaleInput::Next)).await,
        ErrorCode::Forbidden
    );
    c.server.stop().await;
}

#[tokio::test]
async fn dots_survive_a_kill_9_and_a_resent_action_is_recognised() {
    let dir = TempDir::new("scale-kill9");
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let addr = proc.addr.clone();
    let room = create_room(&addr, "Kill").await;
    let s = add_activity(&addr, &room, &spec(false)).await;
    let mut host = host(&addr, &room).await;
    host_acts(
        &mut host,
        vec![
            Act::SetCurrent { activity: Some(s) },
            scale(s, StatementScaleInput::Next),
        ],
    )
    .await;
    let mut ada = join(&addr, room.code.as_str(), "Ada").await;
    let act = place(s, 0, 2);
    let id = ada.client.act(act.clone()).await;
    assert!(!ada.client.ack(&id).await, "a first action is no duplicate");
    proc.kill9().await;
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let (mut again, welcome) = resume(&proc.addr, room.code.as_str(), "Ada", &ada.token).await;
    let ServerMsg::Welcome { me: Some(me), .. } = &welcome else {
        panic!("{welcome:?}")
    };
    assert_eq!(own(me).unwrap().position, Some(2), "the dot survived");
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
        host_view: Some(ActivityHostView::StatementScale(view)),
        ..
    } = welcome
    else {
        panic!("{welcome:?}")
    };
    assert_eq!(view.spreads[0].counts, vec![0, 0, 1, 0, 0]);
    proc.kill9().await;
}
