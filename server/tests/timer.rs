//! The timer over real sockets: beside a brainstorm its countdown reaches the phones and the
//! projector in their own slot (the wall goes on as before) and ends there by itself; as the
//! current activity too; a co-facilitator may pause and extend but not start or stop it; a
//! graceful restart keeps what remained (also beside), and after a `kill -9` it ends at the
//! same wall-clock moment as before the crash.

mod common;

use common::*;
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, BrainstormInput, BrainstormSpec,
    ClientMsg, ErrorCode, LikesMode, ServerMsg, TimerInput, TimerPhase, TimerSpec, TimerView,
    WallMode,
};

fn timer_spec(secs: u32) -> ActivitySpec {
    ActivitySpec::Timer(TimerSpec {
        title: "Bouwen".into(),
        secs,
        sound: false,
    })
}

fn wall_spec() -> ActivitySpec {
    ActivitySpec::Brainstorm(BrainstormSpec {
        title: "Ideeën voor de les".into(),
        per_person: 3,
        max_chars: 140,
        by_team: false,
        anonymous: true,
        mode: WallMode::Live,
        likes: LikesMode::Live,
    })
}

fn timer(activity: ActivityId, input: TimerInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::Timer(input),
    }
}

fn as_timer(view: &ActivityView) -> Option<&TimerView> {
    match view {
        ActivityView::Timer(v) => Some(v),
        _ => None,
    }
}

/// What `pick` takes from the next timer view beside the current activity a client gets.
async fn beside_when<T>(client: &mut Client, pick: impl Fn(&TimerView) -> Option<T>) -> T {
    client
        .until(|m| match m {
            ServerMsg::Beside {
                beside: Some(view), ..
            } => as_timer(view).and_then(&pick),
            _ => None,
        })
        .await
}

/// The timer beside the current activity in a welcome.
fn beside_of(welcome: &ServerMsg) -> Option<TimerView> {
    match welcome {
        ServerMsg::Welcome { room, .. } => room.beside.as_ref().and_then(as_timer).cloned(),
        _ => None,
    }
}

fn current_of(welcome: &ServerMsg) -> Option<TimerView> {
    match welcome {
        ServerMsg::Welcome { room, .. } => room.current.as_ref().and_then(as_timer).cloned(),
        _ => None,
    }
}

fn deadline_of(view: &TimerView) -> Option<u64> {
    match view.phase {
        TimerPhase::Running { deadline, .. } => Some(deadline),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timer_beside_a_brainstorm_counts_down_on_every_screen_and_ends_by_itself() {
    let mut c = class("Bouw je eigen les", wall_spec(), ["Ada", "Bo"]).await;
    let wall = c.quiz;
    let t = add_activity(&c.addr, &c.room, &timer_spec(1)).await;
    let mut projector = Client::connect(&c.addr, "screen").await;
    projector
        .hello(ClientMsg::Screen {
            room: c.room.code.0.clone(),
        })
        .await;
    host_acts(
        &mut c.host,
        vec![
            Act::SetCurrent {
                activity: Some(wall),
            },
            wall_act(wall, BrainstormInput::Open),
        ],
    )
    .await;
    // Only a timer runs beside, and not beside itself.
    assert_eq!(
        refused(
            &mut c.host,
            Act::SetBeside {
                activity: Some(wall)
            }
        )
        .await,
        ErrorCode::InvalidChoice
    );
    // Students cannot put one there.
    assert_eq!(
        refused(&mut c.ada.client, Act::SetBeside { activity: Some(t) }).await,
        ErrorCode::Forbidden
    );
    host_acts(
        &mut c.host,
        vec![
            Act::SetBeside { activity: Some(t) },
            timer(t, TimerInput::Set { secs: 4 }),
            timer(t, TimerInput::Start),
        ],
    )
    .await;
    let deadline = beside_when(&mut c.ada.client, deadline_of).await;
    assert_eq!(beside_when(&mut projector, deadline_of).await, deadline);
    // The wall goes on beside it: an idea is taken as before.
    done(
        &mut c.bo.client,
        wall_act(
            wall,
            BrainstormInput::Add {
                text: "Meer pauzes".into(),
            },
        ),
    )
    .await;
    // A late joiner gets both in the welcome.
    let late = Client::connect(&c.addr, "late").await;
    let mut late = Phone::join_over(late, c.room.code.as_str(), "Cas").await;
    let welcome = late.client.hello(ClientMsg::Sync).await;
    assert!(matches!(
        &welcome,
        ServerMsg::Welcome { room, .. } if matches!(room.current, Some(ActivityView::Brainstorm(_)))
    ));
    assert_eq!(
        beside_of(&welcome).and_then(|v| deadline_of(&v)),
        Some(deadline)
    );
    // It ends by itself at its deadline, on every screen.
    let ended = |v: &TimerView| match v.phase {
        TimerPhase::Done { ended_at, stopped } => Some((ended_at, stopped)),
        _ => None,
    };
    assert_eq!(
        beside_when(&mut c.ada.client, ended).await,
        (deadline, false)
    );
    assert_eq!(beside_when(&mut projector, ended).await, (deadline, false));
    assert_eq!(
        beside_when(&mut late.client, ended).await,
        (deadline, false)
    );
    // It cannot be removed while beside; made current, it leaves the slot beside.
    assert_eq!(
        refused(&mut c.host, Act::RemoveActivity { activity: t }).await,
        ErrorCode::WrongPhase
    );
    host_acts(&mut c.host, vec![Act::SetCurrent { activity: Some(t) }]).await;
    c.ada
        .client
        .until(|m| matches!(m, ServerMsg::Beside { beside: None, .. }).then_some(()))
        .await;
    assert_eq!(
        refused(&mut c.host, Act::SetBeside { activity: Some(t) }).await,
        ErrorCode::WrongPhase,
        "the current activity cannot also run beside itself"
    );
    // As the current activity: the report has its run.
    let auth = format!("Bearer {}", c.room.host_key);
    let md = get_auth(
        &c.addr,
        &format!("/api/rooms/{}/report.md", c.room.code),
        &auth,
    )
    .await
    .text();
    assert!(md.contains("Bouwen") && md.contains("0:04"), "{md}");
    c.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_co_facilitator_may_pause_and_extend_but_not_start_or_stop() {
    let mut c = class("Interviews", timer_spec(600), ["Ada", "Bo"]).await;
    let t = c.quiz;
    host_acts(
        &mut c.host,
        vec![
            Act::SetCurrent { activity: Some(t) },
            timer(t, TimerInput::Start),
        ],
    )
    .await;
    let mut co = co_facilitator(&c.addr, &c.room).await;
    done(&mut co, timer(t, TimerInput::Pause)).await;
    done(&mut co, timer(t, TimerInput::Adjust { secs: 60 })).await;
    done(&mut co, timer(t, TimerInput::Resume)).await;
    for input in [
        TimerInput::Stop,
        TimerInput::Reset,
        TimerInput::Set { secs: 5 },
    ] {
        assert_eq!(
            refused(&mut co, timer(t, input)).await,
            ErrorCode::NotTheLead
        );
    }
    assert_eq!(
        refused(&mut co, Act::SetBeside { activity: None }).await,
        ErrorCode::NotTheLead
    );
    // A phone can do nothing to it.
    assert_eq!(
        refused(&mut c.ada.client, timer(t, TimerInput::Pause)).await,
        ErrorCode::Forbidden
    );
    // Bad input is refused clearly and changes nothing.
    assert_eq!(
        refused(&mut c.host, timer(t, TimerInput::Adjust { secs: 20_000 })).await,
        ErrorCode::InvalidChoice
    );
    let (_, welcome) = host_welcome(&c.addr, &c.room).await;
    let view = current_of(&welcome).unwrap();
    assert!(
        matches!(
            view.phase,
            TimerPhase::Running {
                total_ms: 660_000,
                ..
            }
        ),
        "{view:?}"
    );
    c.server.stop().await;
}

#[tokio::test]
async fn a_restart_keeps_what_remained_and_after_a_kill_9_it_ends_at_the_same_moment() {
    let dir = TempDir::new("timer-restart");
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let addr = proc.addr.clone();
    let room = create_room(&addr, "Restart").await;
    let wall = add_activity(&addr, &room, &wall_spec()).await;
    let t = add_activity(&addr, &room, &timer_spec(3_600)).await;
    let mut host = host(&addr, &room).await;
    host_acts(
        &mut host,
        vec![
            Act::SetCurrent {
                activity: Some(wall),
            },
            Act::SetBeside { activity: Some(t) },
            timer(t, TimerInput::Start),
        ],
    )
    .await;
    let (_, welcome) = host_welcome(&addr, &room).await;
    let before = deadline_of(&beside_of(&welcome).unwrap()).unwrap();
    // A graceful stop of at least a second: the deadline moves on by the time down.
    let down = std::time::Instant::now();
    proc.terminate().await;
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let (_, welcome) = host_welcome(&proc.addr, &room).await;
    let after = deadline_of(&beside_of(&welcome).expect("still beside")).unwrap();
    assert!(
        after >= before + 1_000 && after <= before + down.elapsed().as_millis() as u64,
        "what remained is kept: {before} → {after}"
    );
    // A crash records nothing: the end stays the same wall-clock moment.
    proc.kill9().await;
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let (mut host, welcome) = host_welcome(&proc.addr, &room).await;
    assert_eq!(
        deadline_of(&beside_of(&welcome).unwrap()),
        Some(after),
        "the same end after a kill -9"
    );
    // A re-sent pause is applied once.
    let pause = timer(t, TimerInput::Pause);
    let id = host.act(pause.clone()).await;
    assert!(!host.ack(&id).await);
    proc.kill9().await;
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let (mut host, welcome) = host_welcome(&proc.addr, &room).await;
    let paused = beside_of(&welcome).unwrap();
    assert!(
        matches!(paused.phase, TimerPhase::Paused { .. }),
        "{paused:?}"
    );
    host.send(&ClientMsg::Act {
        id: id.clone(),
        act: pause,
    })
    .await;
    assert!(host.ack(&id).await, "recognised as a duplicate");
    proc.kill9().await;
}
