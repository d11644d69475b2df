//! The class timeline over real sockets, with the real store: two sessions each ask the same
//! statement (typed a little differently), the class answers differently, and the timeline
//! slide shows both spreads side by side on the projector and the phones; the console reads
//! the same timeline over HTTP with the host key; a restart keeps it.

mod common;

use common::*;
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, ClientMsg, ErrorCode,
    ScaleStatement, ScaleSteps, ServerMsg, SpreadScale, StatementScaleInput, StatementScaleSpec,
    Timeline, TimelineInput, TimelinePhase, TimelineSpec, TimelineView,
};

fn statement(text: &str) -> ActivitySpec {
    ActivitySpec::StatementScale(StatementScaleSpec {
        title: "Gesprek op voeten".into(),
        statements: vec![ScaleStatement {
            text: text.into(),
            key: None,
        }],
        steps: ScaleSteps::Five,
        live: false,
    })
}

fn slide(activity: ActivityId, input: TimelineInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::Timeline(input),
    }
}

/// The timeline slide a message shows as the current activity.
fn view_of(msg: &ServerMsg) -> Option<TimelineView> {
    let current = match msg {
        ServerMsg::Activity { current, .. } => current.as_ref(),
        ServerMsg::Welcome { room, .. } => room.current.as_ref(),
        _ => None,
    };
    match current {
        Some(ActivityView::Timeline(v)) => Some(v.clone()),
        _ => None,
    }
}

/// Each session's counts per position of the one shift.
fn spreads(timeline: &Timeline) -> Vec<(u32, Vec<u32>)> {
    assert_eq!(timeline.shifts.len(), 1, "{:#?}", timeline.shifts);
    let shift = &timeline.shifts[0];
    assert_eq!(shift.scale, SpreadScale::Agree);
    shift
        .sessions
        .iter()
        .map(|s| (s.number, s.bars.iter().map(|b| b.count).collect()))
        .collect()
}

/// Runs a one-statement scale with these positions from these phones, revealed.
async fn run(host: &mut Client, phones: &mut [Phone], scale: ActivityId, positions: [u32; 3]) {
    host_acts(
        host,
        vec![
            Act::SetCurrent {
                activity: Some(scale),
            },
            scale_act(scale, StatementScaleInput::Next),
        ],
    )
    .await;
    for (phone, position) in phones.iter_mut().zip(positions) {
        let place = StatementScaleInput::Place {
            statement: 0,
            position,
        };
        done(&mut phone.client, scale_act(scale, place)).await;
    }
    host_acts(
        host,
        vec![
            scale_act(scale, StatementScaleInput::Close),
            scale_act(scale, StatementScaleInput::Reveal),
            scale_act(scale, StatementScaleInput::Next),
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_statement_asked_in_two_sessions_shows_both_spreads_and_survives_a_restart() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "MZ2B").await;
    let first = add_activity(&addr, &room, &statement("Ik hoor erbij in deze klas")).await;
    let mut host = host(&addr, &room).await;
    done(
        &mut host,
        Act::AddSession {
            title: "Les 2".into(),
            date: Some("2026-12-12".into()),
        },
    )
    .await;
    // Added over HTTP to the room's last session: the second lesson.
    let again = add_activity(&addr, &room, &statement("  ik hoor erbij in deze KLAS")).await;
    let timeline = add_activity(
        &addr,
        &room,
        &ActivitySpec::Timeline(TimelineSpec {
            title: "Wat jullie eerder zeiden".into(),
        }),
    )
    .await;
    let mut phones = vec![
        join(&addr, room.code.as_str(), "Ada").await,
        join(&addr, room.code.as_str(), "Bo").await,
        join(&addr, room.code.as_str(), "Cas").await,
    ];
    run(&mut host, &mut phones, first, [0, 1, 1]).await;
    run(&mut host, &mut phones, again, [3, 4, 4]).await;

    // Only the host steps the slide.
    host_acts(
        &mut host,
        vec![Act::SetCurrent {
            activity: Some(timeline),
        }],
    )
    .await;
    assert_eq!(
        refused(&mut phones[0].client, slide(timeline, TimelineInput::Show)).await,
        ErrorCode::Forbidden
    );
    let mut projector = screen(&addr, room.code.as_str()).await;
    done(&mut host, slide(timeline, TimelineInput::Show)).await;
    let shown = projector
        .until(|m| view_of(m).filter(|v| v.phase == TimelinePhase::Sessions))
        .await;
    let on_screen = shown.timeline.expect("the projector gets the timeline");
    let expected = vec![(1, vec![1, 2, 0, 0, 0]), (2, vec![0, 0, 0, 1, 2])];
    assert_eq!(spreads(&on_screen), expected);
    assert_eq!(on_screen.sessions.len(), 2);
    assert_eq!(on_screen.sessions[1].session.title, "Les 2");
    let on_phone = phones[1]
        .client
        .until(|m| view_of(m).filter(|v| v.phase == TimelinePhase::Sessions))
        .await;
    assert_eq!(on_phone.timeline.as_ref(), Some(&on_screen));
    let text = serde_json::to_string(&on_screen).unwrap();
    for name in ["Ada", "Bo", "Cas"] {
        assert!(!text.contains(name), "no names on the timeline: {text}");
    }

    // The console's own read, with the host key only.
    let path = format!("/api/rooms/{}/timeline", room.code);
    let response = get_auth(&addr, &path, &format!("Bearer {}", room.host_key)).await;
    assert_eq!(response.status, 200, "{}", response.text());
    let read: Timeline = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(read, on_screen);
    get_auth(&addr, &path, "Bearer wrong")
        .await
        .assert_error(401, "badHostKey");
    done(&mut host, slide(timeline, TimelineInput::Shifts)).await;

    // Restart: the slide is still on the shifts, with both spreads.
    let dir = server.stop().await;
    let server = TestServer::start_in(dir).await;
    let mut projector = Client::connect(&server.addr(), "screen").await;
    let welcome = projector
        .hello(ClientMsg::Screen {
            room: room.code.0.clone(),
        })
        .await;
    let view = view_of(&welcome).expect("the timeline is current");
    assert_eq!(view.phase, TimelinePhase::Shifts);
    assert_eq!(spreads(view.timeline.as_ref().unwrap()), expected);
    server.stop().await;
}
