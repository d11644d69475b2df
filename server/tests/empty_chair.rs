//! The empty chair over real sockets, with the real store: a class runs a check-in and a wall,
//! the facilitator leaves both open for a week and locks the room; the next day (the server's
//! clock skipped ahead) a student who took part gets no second say, new students get in past
//! the lock and add their voice (a re-sent action counts once), the host sees it at once, the
//! projector only from the third late contributor; live results never change, the exports
//! keep late input apart, a restart keeps it, and after the date a clear error.

mod common;

use std::time::Duration;

use common::*;
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, BrainstormInput, BrainstormSpec,
    ChairHostView, ChairView, CheckInInput, CheckInSpec, ClientMsg, ErrorCode, LikesMode,
    ScaleStatement, ScaleSteps, ServerMsg, StatementScaleInput, StatementScalePhase,
    StatementScaleSpec, WallMode,
};

const QUIET: Duration = Duration::from_millis(300);
const DAY: u64 = 24 * 60 * 60 * 1000;

fn check_in_spec() -> ActivitySpec {
    ActivitySpec::CheckIn(CheckInSpec {
        title: "Hoe gaat het met je?".into(),
        words: true,
        anonymous: true,
        privacy_floor: 3,
    })
}

fn wall_spec() -> ActivitySpec {
    ActivitySpec::Brainstorm(BrainstormSpec {
        title: "Wat helpt je om te komen?".into(),
        per_person: 3,
        max_chars: 140,
        by_team: false,
        anonymous: true,
        mode: WallMode::Live,
        likes: LikesMode::Live,
    })
}

fn answer(mood: u32) -> ActivityInput {
    ActivityInput::CheckIn(CheckInInput::Answer {
        mood,
        word: Some("moe".into()),
    })
}

fn late(activity: ActivityId, input: ActivityInput) -> Act {
    Act::Chair { activity, input }
}

fn idea(text: &str) -> ActivityInput {
    ActivityInput::Brainstorm(BrainstormInput::Add { text: text.into() })
}

/// The last public chairs among what a client got until it was quiet, if any came.
async fn last_chairs(client: &mut Client) -> Option<Vec<ChairView>> {
    drain(client, QUIET)
        .await
        .into_iter()
        .filter_map(|m| match m {
            ServerMsg::Chairs { chairs, .. } => Some(chairs),
            _ => None,
        })
        .next_back()
}

/// The next host chairs with `contributors` on the check-in.
async fn host_chairs(host: &mut Client, contributors: u32) -> Vec<ChairHostView> {
    host.until(|m| match m {
        ServerMsg::HostChairs { chairs, .. } if chairs[0].contributors == contributors => {
            Some(chairs.clone())
        }
        _ => None,
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_absent_student_adds_their_voice_the_next_day() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "MZ2B").await;
    let code = room.code.as_str().to_owned();
    let check_in = add_activity(&addr, &room, &check_in_spec()).await;
    let wall = add_activity(&addr, &room, &wall_spec()).await;
    let (mut host, welcome) = host_welcome(&addr, &room).await;
    let ServerMsg::Welcome { server_now, .. } = welcome else {
        unreachable!()
    };
    // The lesson: three answer the check-in, one writes on the wall.
    let mut class = Vec::new();
    for name in ["Ada", "Bo", "Cas"] {
        class.push(join(&addr, &code, name).await);
    }
    host_acts(
        &mut host,
        vec![
            Act::SetCurrent {
                activity: Some(check_in),
            },
            check_in_act(check_in, CheckInInput::Open),
        ],
    )
    .await;
    for phone in &mut class {
        done(
            &mut phone.client,
            Act::Activity {
                activity: check_in,
                input: answer(4),
            },
        )
        .await;
    }
    host_acts(
        &mut host,
        vec![
            check_in_act(check_in, CheckInInput::Close),
            Act::SetCurrent {
                activity: Some(wall),
            },
            wall_act(wall, BrainstormInput::Open),
        ],
    )
    .await;
    done(
        &mut class[0].client,
        Act::Activity {
            activity: wall,
            input: idea("Meer pauzes"),
        },
    )
    .await;
    // Not yet left open: a late input is refused.
    assert_eq!(
        refused(&mut class[1].client, late(check_in, answer(2))).await,
        ErrorCode::ChairClosed
    );
    let until = server_now + 7 * DAY;
    host_acts(
        &mut host,
        vec![
            wall_act(wall, BrainstormInput::Close),
            Act::SetCurrent { activity: None },
            Act::LockRoom { locked: true },
            Act::LeaveOpen {
                activity: check_in,
                until: Some(until),
            },
            Act::LeaveOpen {
                activity: wall,
                until: Some(until),
            },
        ],
    )
    .await;
    let live_export = export_json(&addr, &room).await;
    let ada_token = class[0].token.clone();
    drop(class);

    // The next day.
    server.app().env.clock.skip(DAY);
    let mut projector = screen(&addr, &code).await;
    drain(&mut projector, QUIET).await;
    drain(&mut host, QUIET).await;

    // Ada was there: her phone shows the chairs, but they take nothing more from her.
    let (mut ada, welcome) = resume(&addr, &code, "Ada", &ada_token).await;
    let ServerMsg::Welcome {
        me: Some(me),
        room: view,
        ..
    } = welcome
    else {
        panic!("a welcome")
    };
    assert_eq!(view.chairs.len(), 2);
    assert!(view.chairs.iter().all(|c| c.late.is_none()));
    assert!(me.chairs[0].took_part && me.chairs[1].took_part);
    assert_eq!(
        refused(&mut ada, late(check_in, answer(1))).await,
        ErrorCode::AlreadyAnswered
    );

    // New students come in past the lock while the chair is open and nothing runs.
    let mut dana = join(&addr, &code, "Dana").await;
    let id = dana.client.act(late(check_in, answer(2))).await;
    assert!(!dana.client.ack(&id).await);
    // The same action re-sent (a reconnect) counts once.
    dana.client
        .send(&ClientMsg::Act {
            id: id.clone(),
            act: late(check_in, answer(2)),
        })
        .await;
    assert!(dana.client.ack(&id).await, "a duplicate");
    let chairs = host_chairs(&mut host, 1).await;
    assert!(!chairs[0].released);
    let mut eli = join(&addr, &code, "Eli").await;
    done(&mut eli.client, late(check_in, answer(1))).await;
    done(&mut eli.client, late(wall, idea("Lessen later beginnen"))).await;
    host_chairs(&mut host, 2).await;
    assert_eq!(
        last_chairs(&mut projector).await,
        None,
        "below three the projector gets nothing of it"
    );
    let mut fay = join(&addr, &code, "Fay").await;
    done(&mut fay.client, late(check_in, answer(2))).await;
    let chairs = host_chairs(&mut host, 3).await;
    assert!(chairs[0].released);
    let public = last_chairs(&mut projector)
        .await
        .expect("released at three");
    let released = public[0].late.as_ref().expect("late results");
    assert_eq!(released.contributors, 3);
    let ActivityView::CheckIn(late_view) = &released.view else {
        panic!("a check-in")
    };
    assert_eq!(late_view.answered, 3);
    assert!(public[1].late.is_none(), "the wall has one late voice");

    // Live results unchanged; late input apart in the exports.
    let export = export_json(&addr, &room).await;
    assert_eq!(
        export["activities"][0]["answered"],
        live_export["activities"][0]["answered"]
    );
    assert_eq!(export["activities"][0]["answered"], 3);
    let chair = &export["activities"][0]["emptyChair"];
    assert_eq!(chair["contributors"], 3, "{chair}");
    assert_eq!(chair["answered"], 3, "{chair}");
    let auth = format!("Bearer {}", room.host_key);
    let csv = get_auth(
        &addr,
        &format!("/api/rooms/{}/export.csv", room.code),
        &auth,
    )
    .await
    .text();
    assert!(csv.lines().any(|l| l.ends_with(";1")), "{csv}");
    let report = get_auth(
        &addr,
        &format!("/api/rooms/{}/report.md?lang=nl", room.code),
        &auth,
    )
    .await
    .text();
    assert!(report.contains("Uit de lege stoel"), "{report}");

    // After the date: a clear error, and the locked door holds again.
    server.app().env.clock.skip(7 * DAY);
    assert_eq!(
        refused(&mut eli.client, late(wall, idea("Nog één"))).await,
        ErrorCode::ChairClosed
    );
    assert_eq!(
        refused_join(&addr, &code, "Gus").await,
        ErrorCode::RoomLocked
    );

    // A restart rebuilds the chairs from the records.
    drop((dana, eli, fay, ada, projector, host));
    let dir = server.stop().await;
    let server = TestServer::start_in(dir).await;
    let addr = server.addr();
    let (_host, welcome) = host_welcome(&addr, &room).await;
    let ServerMsg::Welcome {
        host_chairs: Some(chairs),
        ..
    } = welcome
    else {
        panic!("the host's welcome carries the chairs")
    };
    assert_eq!(chairs[0].contributors, 3);
    assert_eq!(chairs[1].contributors, 1);
}

fn scale(input: StatementScaleInput) -> ActivityInput {
    ActivityInput::StatementScale(input)
}

/// The statement scale's empty chair over real sockets: the class answers the statements one
/// by one; left open, late phones get every statement at once and go through them at their
/// own pace; the projector sees every statement's late spread only from the third late
/// voice; live results and the live export never change; a restart keeps the late dots.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn absent_students_go_through_a_statement_scale_at_their_own_pace() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "MZ2B").await;
    let code = room.code.as_str().to_owned();
    let spec = ActivitySpec::StatementScale(StatementScaleSpec {
        title: "Gesprek op voeten".into(),
        statements: ["Huiswerk helpt", "De les begint te vroeg"]
            .iter()
            .map(|t| ScaleStatement {
                text: (*t).into(),
                key: None,
            })
            .collect(),
        steps: ScaleSteps::Five,
        live: false,
    });
    let id = add_activity(&addr, &room, &spec).await;
    let (mut host, welcome) = host_welcome(&addr, &room).await;
    let ServerMsg::Welcome { server_now, .. } = welcome else {
        unreachable!()
    };
    let on = |input| Act::Activity {
        activity: id,
        input: scale(input),
    };
    let mut ada = join(&addr, &code, "Ada").await;
    host_acts(
        &mut host,
        vec![
            Act::SetCurrent { activity: Some(id) },
            on(StatementScaleInput::Next),
        ],
    )
    .await;
    done(
        &mut ada.client,
        on(StatementScaleInput::Place {
            statement: 0,
            position: 4,
        }),
    )
    .await;
    host_acts(
        &mut host,
        vec![
            on(StatementScaleInput::Reveal),
            on(StatementScaleInput::Next),
            on(StatementScaleInput::Next),
            Act::SetCurrent { activity: None },
            Act::LeaveOpen {
                activity: id,
                until: Some(server_now + 7 * DAY),
            },
        ],
    )
    .await;
    let live_export = export_json(&addr, &room).await;
    assert_eq!(
        live_export["activities"][0]["statements"][0]["counts"],
        serde_json::json!([0, 0, 0, 0, 1])
    );
    server.app().env.clock.skip(DAY);
    let mut projector = screen(&addr, &code).await;
    drain(&mut projector, QUIET).await;
    assert_eq!(
        refused(
            &mut ada.client,
            late(id, scale(StatementScaleInput::Skip { statement: 1 }))
        )
        .await,
        ErrorCode::AlreadyAnswered,
        "who placed a dot live has no second say"
    );
    // Three absent students, each at their own pace: the second statement first, or a skip.
    let mut late_phones = Vec::new();
    for (name, first, second) in [("Bo", 1, 0), ("Cas", 3, 1), ("Dana", 1, 4)] {
        let mut phone = join(&addr, &code, name).await;
        done(
            &mut phone.client,
            late(
                id,
                scale(StatementScaleInput::Place {
                    statement: 1,
                    position: second,
                }),
            ),
        )
        .await;
        done(
            &mut phone.client,
            late(
                id,
                scale(StatementScaleInput::Place {
                    statement: 0,
                    position: first,
                }),
            ),
        )
        .await;
        if name != "Dana" {
            assert_eq!(
                last_chairs(&mut projector).await,
                None,
                "below three the projector gets nothing of it"
            );
        }
        late_phones.push(phone);
    }
    let public = last_chairs(&mut projector)
        .await
        .expect("released at three");
    assert!(matches!(
        &public[0].input,
        ActivityView::StatementScale(v) if v.phase == StatementScalePhase::OwnPace
    ));
    let released = public[0].late.as_ref().expect("late results");
    assert_eq!(released.contributors, 3);
    let ActivityView::StatementScale(late_view) = &released.view else {
        panic!("a statement scale")
    };
    let StatementScalePhase::Spreads { spreads } = &late_view.phase else {
        panic!("every spread at once: {:?}", late_view.phase)
    };
    assert_eq!(spreads[0].counts, vec![0, 2, 0, 1, 0]);
    assert_eq!(spreads[1].counts, vec![1, 1, 0, 0, 1]);
    // Live results unchanged; the late dots apart in the export.
    let export = export_json(&addr, &room).await;
    assert_eq!(
        export["activities"][0]["statements"],
        live_export["activities"][0]["statements"]
    );
    let chair = &export["activities"][0]["emptyChair"];
    assert_eq!(chair["contributors"], 3, "{chair}");
    assert_eq!(
        chair["statements"][1]["counts"],
        serde_json::json!([1, 1, 0, 0, 1]),
        "{chair}"
    );
    // A restart rebuilds the late twin from the records.
    drop((late_phones, ada, projector, host));
    let dir = server.stop().await;
    let server = TestServer::start_in(dir).await;
    let (_host, welcome) = host_welcome(&server.addr(), &room).await;
    let ServerMsg::Welcome {
        host_chairs: Some(chairs),
        ..
    } = welcome
    else {
        panic!("the host's welcome carries the chairs")
    };
    assert_eq!(chairs[0].contributors, 3);
}

async fn export_json(addr: &str, room: &kring_protocol::CreateRoomResponse) -> serde_json::Value {
    let auth = format!("Bearer {}", room.host_key);
    let export = get_auth(
        addr,
        &format!("/api/rooms/{}/export.json", room.code),
        &auth,
    )
    .await;
    assert_eq!(export.status, 200, "{}", export.text());
    export.json()
}
