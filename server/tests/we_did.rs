//! The we did over real sockets, with the real store (the kind template's socket test):
//! phones raise and lower their hands while it is open, the projector counts them, only the
//! host runs it, and the hands survive a restart.

mod common;

use std::time::Duration;

use common::*;
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, ClientMsg, ErrorCode,
    WeDidInput, WeDidPhase, WeDidSpec, WeDidView, ServerMsg,
};

const QUIET: Duration = Duration::from_millis(300);

fn spec() -> ActivitySpec {
    ActivitySpec::WeDid(WeDidSpec {
        title: "Who has finished?".into(),
        anonymous: true,
    })
}

fn act(activity: ActivityId, input: WeDidInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::WeDid(input),
    }
}

/// The we did a message shows as the current activity.
fn view_of(msg: &ServerMsg) -> Option<WeDidView> {
    let current = match msg {
        ServerMsg::Activity { current, .. } => current.as_ref(),
        ServerMsg::Welcome { room, .. } => room.current.as_ref(),
        _ => None,
    };
    match current {
        Some(ActivityView::WeDid(v)) => Some(v.clone()),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hands_are_counted_only_the_host_runs_it_and_they_survive_a_restart() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Template").await;
    let a = add_activity(&addr, &room, &spec()).await;
    let mut host = host(&addr, &room).await;
    host_acts(
        &mut host,
        vec![
            Act::SetCurrent { activity: Some(a) },
            act(a, WeDidInput::Open),
        ],
    )
    .await;
    let mut projector = Client::connect(&addr, "screen").await;
    projector
        .hello(ClientMsg::Screen {
            room: room.code.0.clone(),
        })
        .await;
    let mut ada = join(&addr, room.code.as_str(), "Ada").await;
    let mut bo = join(&addr, room.code.as_str(), "Bo").await;
    let up = WeDidInput::Raise { up: true };
    assert_eq!(
        refused(&mut ada.client, act(a, WeDidInput::Close)).await,
        ErrorCode::Forbidden
    );
    assert_eq!(refused(&mut host, act(a, up.clone())).await, ErrorCode::Forbidden);
    done(&mut ada.client, act(a, up.clone())).await;
    done(&mut bo.client, act(a, up.clone())).await;
    done(&mut bo.client, act(a, WeDidInput::Raise { up: false })).await;
    let counts: Vec<u32> = drain(&mut projector, QUIET)
        .await
        .iter()
        .filter_map(|m| match m {
            ServerMsg::Progress { responded, .. } => Some(*responded),
            _ => None,
        })
        .collect();
    assert_eq!(counts.last(), Some(&1), "{counts:?}");
    done(&mut host, act(a, WeDidInput::Close)).await;

    // Restart: the closed we did comes back with its one hand up.
    let dir = server.stop().await;
    let server = TestServer::start_in(dir).await;
    let mut projector = Client::connect(&server.addr(), "screen").await;
    let welcome = projector
        .hello(ClientMsg::Screen {
            room: room.code.0.clone(),
        })
        .await;
    let view = view_of(&welcome).expect("the we did is current");
    assert_eq!((view.phase, view.raised), (WeDidPhase::Closed, 1));
    server.stop().await;
}
