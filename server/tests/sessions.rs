//! Sessions over real sockets: the host adds, dates and renames sessions, adds to one, moves
//! an activity between sessions, duplicates and plans it; refusals come with their codes and
//! change nothing; the results of a quiz run in one session survive moving it and stepping
//! back; the exports and the per-session report group activities by session; a restart
//! brings back sessions, order, plans and times.

mod common;

use std::time::Duration;

use common::*;
use kring_protocol::{
    Act, ActivityId, AgendaItem, ClientMsg, ErrorCode, QuizInput, ServerMsg, SessionId, SessionInfo,
};

/// The next agenda the host gets that satisfies `ok`.
async fn agenda_when(
    host: &mut Client,
    ok: impl Fn(&[AgendaItem], &[SessionInfo]) -> bool,
) -> (Vec<AgendaItem>, Vec<SessionInfo>) {
    host.until(|m| match m {
        ServerMsg::Agenda {
            items, sessions, ..
        } if ok(items, sessions) => Some((items.clone(), sessions.clone())),
        _ => None,
    })
    .await
}

fn order(items: &[AgendaItem]) -> Vec<(u32, u32)> {
    items.iter().map(|a| (a.id.0, a.session.0)).collect()
}

#[tokio::test]
async fn sessions_plan_and_run_without_losing_results() {
    let Class {
        server,
        addr,
        room,
        quiz,
        mut host,
        mut ada,
        bo: _bo,
    } = class("MZ2B", common::quiz(1, 30), ["Ada", "Bo"]).await;
    // A second session with a date; a quiz added to it.
    done(
        &mut host,
        Act::AddSession {
            title: "Les 2".into(),
            date: Some("2026-12-12".into()),
        },
    )
    .await;
    done(
        &mut host,
        Act::AddActivity {
            spec: common::quiz(2, 30),
            session: Some(SessionId(1)),
        },
    )
    .await;
    let (items, sessions) = agenda_when(&mut host, |items, _| items.len() == 2).await;
    assert_eq!(order(&items), vec![(1, 0), (2, 1)]);
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[1].title, "Les 2");

    // Refusals: their codes, and nothing changes.
    let refusals = [
        (
            Act::AddActivity {
                spec: common::quiz(1, 30),
                session: Some(SessionId(7)),
            },
            ErrorCode::SessionNotFound,
        ),
        (
            Act::AddSession {
                title: "Les 3".into(),
                date: Some("12-12-2026".into()),
            },
            ErrorCode::InvalidSpec,
        ),
        (
            Act::UpdateSession {
                session: SessionId(4),
                title: "x".into(),
                date: None,
            },
            ErrorCode::SessionNotFound,
        ),
        (
            Act::MoveActivity {
                activity: quiz,
                session: SessionId(1),
                index: 5,
            },
            ErrorCode::InvalidChoice,
        ),
        (
            Act::SetPlanned {
                activity: quiz,
                minutes: Some(601),
            },
            ErrorCode::InvalidSpec,
        ),
    ];
    for (act, code) in refusals {
        assert_eq!(refused(&mut host, act.clone()).await, code, "{act:?}");
    }
    let from_phone = Act::AddSession {
        title: "x".into(),
        date: None,
    };
    assert_eq!(
        refused(&mut ada.client, from_phone).await,
        ErrorCode::Forbidden
    );

    // Run the first quiz: Ada answers.
    open_first_question(&mut host, quiz).await;
    ada.answer_when_open(quiz, 0, 0).await;
    done(&mut host, quiz_act(quiz, QuizInput::CloseQuestion)).await;
    let export_before = export_activities(&addr, &room).await;

    // Plan it, move it into session 1 at the front, duplicate it, step on and back.
    done(
        &mut host,
        Act::SetPlanned {
            activity: quiz,
            minutes: Some(10),
        },
    )
    .await;
    done(
        &mut host,
        Act::MoveActivity {
            activity: quiz,
            session: SessionId(1),
            index: 0,
        },
    )
    .await;
    done(&mut host, Act::DuplicateActivity { activity: quiz }).await;
    done(
        &mut host,
        Act::SetCurrent {
            activity: Some(ActivityId(2)),
        },
    )
    .await;
    tokio::time::sleep(Duration::from_millis(30)).await;
    done(
        &mut host,
        Act::SetCurrent {
            activity: Some(quiz),
        },
    )
    .await;
    // The agenda after the step back: quiz 2 banked its time.
    let (items, _) = agenda_when(&mut host, |items, _| {
        items.len() == 3
            && items.iter().any(|a| a.id == quiz && a.current)
            && items
                .iter()
                .any(|a| a.id == ActivityId(2) && a.actual_ms > 0)
    })
    .await;
    assert_eq!(order(&items), vec![(1, 1), (3, 1), (2, 1)]);
    assert_eq!(items[0].planned_minutes, Some(10));
    assert!(items[0].actual_ms > 0, "it was current before");
    assert!(items[0].running_since.is_some());
    assert!(
        items[0].started && !items[1].started,
        "a copy has no results"
    );
    assert_eq!(items[1].planned_minutes, Some(10));
    assert!(items[2].actual_ms >= 30);

    // Its results are the same as before; the session holding them cannot be removed.
    assert_eq!(export_activities(&addr, &room).await[0], export_before[0]);
    done(&mut host, Act::SetCurrent { activity: None }).await;
    assert_eq!(
        refused(
            &mut host,
            Act::RemoveSession {
                session: SessionId(1)
            }
        )
        .await,
        ErrorCode::HasResults
    );
    // An empty session 0 goes.
    done(
        &mut host,
        Act::RemoveSession {
            session: SessionId(0),
        },
    )
    .await;

    // Exports carry the session; the report of one session has its title and date.
    let export = get_auth(
        &addr,
        &format!("/api/rooms/{}/export.json", room.code),
        &format!("Bearer {}", room.host_key),
    )
    .await
    .json();
    assert_eq!(export["sessions"][0]["title"], "Les 2");
    assert!(
        export["activities"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["session"] == 1)
    );
    let report = get_auth(
        &addr,
        &format!("/api/rooms/{}/report.md?session=1&lang=nl", room.code),
        &format!("Bearer {}", room.host_key),
    )
    .await;
    assert_eq!(report.status, 200);
    assert!(
        report.text().contains("## Les 2 · 2026-12-12"),
        "{}",
        report.text()
    );
    let csv = get_auth(
        &addr,
        &format!("/api/rooms/{}/export.csv", room.code),
        &format!("Bearer {}", room.host_key),
    )
    .await
    .text();
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains("session;session_title;session_date")
    );
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .ends_with(";1;Les 2;2026-12-12;"),
        "{csv}"
    );
    get_auth(
        &addr,
        &format!("/api/rooms/{}/report.md?session=0", room.code),
        &format!("Bearer {}", room.host_key),
    )
    .await
    .assert_error(404, "sessionNotFound");

    // A restart brings back the sessions, the order, the plans and the times.
    let (_, before) = host_welcome(&addr, &room).await;
    let dir = server.stop().await;
    let server = TestServer::start_in(dir).await;
    let (_, after) = host_welcome(&server.addr(), &room).await;
    let pick = |m: &ServerMsg| match m {
        ServerMsg::Welcome {
            agenda, sessions, ..
        } => (agenda.clone(), sessions.clone()),
        _ => panic!("no welcome"),
    };
    assert_eq!(pick(&after), pick(&before));
    assert!(pick(&after).1.unwrap().len() == 1);
    server.stop().await;
}

/// The activities of the room's JSON export.
async fn export_activities(
    addr: &str,
    room: &kring_protocol::CreateRoomResponse,
) -> Vec<serde_json::Value> {
    let export = get_auth(
        addr,
        &format!("/api/rooms/{}/export.json", room.code),
        &format!("Bearer {}", room.host_key),
    )
    .await
    .json();
    export["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let mut a = a.clone();
            // Only where it is changes.
            a.as_object_mut().unwrap().remove("session");
            a
        })
        .collect()
}

#[tokio::test]
async fn a_console_welcome_lists_the_sessions() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "MZ2B").await;
    let mut client = Client::connect(&addr, "host").await;
    let welcome = client
        .hello(ClientMsg::Host {
            room: room.code.0.clone(),
            host_key: room.host_key.clone(),
            console: None,
        })
        .await;
    let ServerMsg::Welcome { sessions, .. } = welcome else {
        panic!("no welcome")
    };
    let sessions = sessions.expect("the host gets the sessions");
    assert_eq!(sessions.len(), 1);
    assert_eq!(
        (sessions[0].id, sessions[0].title.as_str()),
        (SessionId(0), "")
    );
    // An import goes at the end of the session asked for, which must exist.
    let body = serde_json::to_vec(&common::quiz(1, 20)).unwrap();
    let auth = format!("Bearer {}", room.host_key);
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let path = format!("/api/rooms/{}/activities?session=5", room.code);
    http(&addr, "POST", &path, &headers, &body)
        .await
        .assert_error(404, "sessionNotFound");
    let path = format!("/api/rooms/{}/activities?session=0", room.code);
    assert_eq!(
        http(&addr, "POST", &path, &headers, &body).await.status,
        201
    );
    // A projector does not.
    let mut screen = Client::connect(&addr, "screen").await;
    let welcome = screen
        .hello(ClientMsg::Screen {
            room: room.code.0.clone(),
        })
        .await;
    assert!(matches!(welcome, ServerMsg::Welcome { sessions: None, .. }));
    server.stop().await;
}
