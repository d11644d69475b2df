//! "You said → we did" over real sockets, with the real store: the projector and the phones
//! get the same pairs, one by one, and never a pair before it is revealed; each phone's
//! "👍 seen" counts once (a re-sent action is a duplicate), only the host runs the slide (not a
//! phone, not a co-facilitator), the exports carry the pairs and the count, and everything
//! survives a graceful restart and `kill -9`.

mod common;

use std::time::Duration;

use common::*;
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, ClientMsg, ErrorCode, Me, Personal,
    ServerMsg, WeDidInput, WeDidItem, WeDidPersonal, WeDidPhase, WeDidSource, WeDidSpec, WeDidView,
};

const QUIET: Duration = Duration::from_millis(300);

fn item(said: &str, did: &str) -> WeDidItem {
    WeDidItem {
        said: said.into(),
        did: did.into(),
    }
}

fn spec() -> ActivitySpec {
    ActivitySpec::WeDid(WeDidSpec {
        title: "Jullie zeiden → wij deden".into(),
        source: Some(WeDidSource {
            activity: ActivityId(1),
            title: "Wat maakt een les goed?".into(),
        }),
        items: vec![
            item("Meer pauzes", "Elke les van 90 minuten heeft nu een pauze"),
            item("Wifi in lokaal 2.14", ""),
            item("Uitleg op video", "De docent zet de uitleg online"),
        ],
        one_by_one: true,
    })
}

fn act(activity: ActivityId, input: WeDidInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::WeDid(input),
    }
}

/// The slide a message shows as the current activity.
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

fn personal(me: &Me) -> Option<&WeDidPersonal> {
    match &me.personal {
        Some(Personal::WeDid(p)) => Some(p),
        _ => None,
    }
}

/// The last slide view among what a client got until it was quiet.
async fn last_view(client: &mut Client) -> WeDidView {
    drain(client, QUIET)
        .await
        .iter()
        .filter_map(view_of)
        .next_back()
        .expect("a view of the slide")
}

fn saids(view: &WeDidView) -> Vec<&str> {
    view.pairs.iter().map(|p| p.said.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pairs_reach_projector_and_phones_one_by_one_and_each_seen_counts_once() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "MZ2B").await;
    let a = add_activity(&addr, &room, &spec()).await;
    let mut host = host(&addr, &room).await;
    let mut projector = screen(&addr, room.code.as_str()).await;
    let mut ada = join(&addr, room.code.as_str(), "Ada").await;
    let mut bo = join(&addr, room.code.as_str(), "Bo").await;
    let mut co = co_facilitator(&addr, &room).await;

    // Current but not started: no screen has any pair.
    done(&mut host, Act::SetCurrent { activity: Some(a) }).await;
    for client in [&mut projector, &mut ada.client] {
        let seen = texts_until_quiet(client).await.join("\n");
        assert!(!seen.contains("Meer pauzes"), "{seen}");
    }
    done(&mut host, act(a, WeDidInput::Start)).await;
    // The projector and the phones get the first pair, and nothing of the second.
    let texts = texts_until_quiet(&mut projector).await.join("\n");
    assert!(
        texts.contains("Meer pauzes") && !texts.contains("Wifi"),
        "{texts}"
    );
    let texts = texts_until_quiet(&mut ada.client).await.join("\n");
    assert!(
        texts.contains("Meer pauzes") && !texts.contains("Wifi"),
        "{texts}"
    );

    // Only the host runs it.
    assert_eq!(
        refused(&mut ada.client, act(a, WeDidInput::Next)).await,
        ErrorCode::Forbidden
    );
    assert_eq!(
        refused(&mut co, act(a, WeDidInput::Next)).await,
        ErrorCode::NotTheLead
    );
    assert_eq!(
        refused(&mut host, act(a, WeDidInput::Seen)).await,
        ErrorCode::Forbidden
    );

    // Ada taps twice (the second a re-sent action with the same id), Bo once: 2.
    let id = ada.client.act(act(a, WeDidInput::Seen)).await;
    assert!(!ada.client.ack(&id).await);
    ada.client
        .send(&ClientMsg::Act {
            id: id.clone(),
            act: act(a, WeDidInput::Seen),
        })
        .await;
    assert!(ada.client.ack(&id).await, "a re-sent tap is a duplicate");
    done(&mut ada.client, act(a, WeDidInput::Seen)).await;
    done(&mut bo.client, act(a, WeDidInput::Seen)).await;
    let counts: Vec<u32> = drain(&mut projector, QUIET)
        .await
        .iter()
        .filter_map(|m| match m {
            ServerMsg::Progress { responded, .. } => Some(*responded),
            _ => None,
        })
        .collect();
    assert_eq!(counts.last(), Some(&2), "{counts:?}");

    done(&mut host, act(a, WeDidInput::Next)).await;
    let on_screen = last_view(&mut projector).await;
    assert_eq!(saids(&on_screen), ["Meer pauzes", "Wifi in lokaal 2.14"]);
    assert_eq!(on_screen.source.as_deref(), Some("Wat maakt een les goed?"));
    assert_eq!(
        last_view(&mut bo.client).await,
        on_screen,
        "phones see the same"
    );

    // Back hides the second pair again; the taps stay.
    done(&mut host, act(a, WeDidInput::Back)).await;
    let on_screen = last_view(&mut projector).await;
    assert_eq!(
        (saids(&on_screen), on_screen.seen),
        (vec!["Meer pauzes"], 2)
    );
    done(&mut host, act(a, WeDidInput::Next)).await;

    // The exports: the pairs, "still working on it" for an empty "did", the count, no names.
    let auth = format!("Bearer {}", room.host_key);
    let json = get_auth(
        &addr,
        &format!("/api/rooms/{}/export.json", room.code),
        &auth,
    )
    .await
    .json();
    let slide = &json["activities"][0];
    assert_eq!(slide["kind"], "weDid");
    assert_eq!(
        (slide["seen"].as_u64(), slide["revealed"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(slide["pairs"][1]["said"], "Wifi in lokaal 2.14");
    assert_eq!(slide["pairs"][1]["inProgress"], true);
    assert_eq!(slide["pairs"][2]["revealed"], false);
    assert_eq!(slide["source"]["title"], "Wat maakt een les goed?");
    let csv = get_auth(
        &addr,
        &format!("/api/rooms/{}/export.csv?lang=nl", room.code),
        &auth,
    )
    .await
    .text();
    assert!(
        csv.contains("Wifi in lokaal 2.14") && csv.contains("nog mee bezig"),
        "{csv}"
    );
    assert!(!csv.contains("Ada") && !csv.contains(";Bo;"), "{csv}");
    let report = get_auth(
        &addr,
        &format!("/api/rooms/{}/report.md?lang=en", room.code),
        &auth,
    )
    .await
    .text();
    assert!(report.contains("You said → we did"), "{report}");
    assert!(report.contains("still working on it"), "{report}");
    assert!(report.contains("2 tapped"), "{report}");

    // A graceful restart: the slide comes back with two pairs shown and Ada's tap.
    let dir = server.stop().await;
    let server = TestServer::start_in(dir).await;
    let (_, welcome) = resume(&server.addr(), room.code.as_str(), "Ada", &ada.token).await;
    let view = view_of(&welcome).expect("the slide is current");
    assert_eq!(
        (view.phase, view.pairs.len(), view.seen),
        (WeDidPhase::Showing, 2, 2)
    );
    let ServerMsg::Welcome { me: Some(me), .. } = welcome else {
        unreachable!()
    };
    assert_eq!(personal(&me), Some(&WeDidPersonal { seen: true }));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_spec_is_refused_with_the_pair_it_is_about() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "MZ2B").await;
    let mut bad = match spec() {
        ActivitySpec::WeDid(s) => s,
        _ => unreachable!(),
    };
    bad.items[1].said = "   ".into();
    let auth = format!("Bearer {}", room.host_key);
    let response = http(
        &addr,
        "POST",
        &format!("/api/rooms/{}/activities", room.code),
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        &serde_json::to_vec(&ActivitySpec::WeDid(bad)).unwrap(),
    )
    .await;
    response.assert_error(400, "invalidSpec");
    assert!(response.text().contains("pair 2"), "{}", response.text());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_loses_no_acknowledged_tap_and_a_resent_one_counts_once() {
    let mut c = proc_class("kill9-we-did", &spec(), 3).await;
    let a = c.activity;
    host_acts(
        &mut c.host,
        vec![
            Act::SetCurrent { activity: Some(a) },
            act(a, WeDidInput::Start),
        ],
    )
    .await;
    let mut ids = Vec::new();
    for phone in c.phones.iter_mut() {
        let id = phone.client.act(act(a, WeDidInput::Seen)).await;
        phone.client.ack(&id).await;
        ids.push(id);
    }
    c.proc.kill9().await;

    let proc = Proc::start(&c.dir.0, &c.addr).await;
    for (i, phone) in c.phones.iter().enumerate() {
        let (mut client, welcome) = resume(
            &c.addr,
            c.room.code.as_str(),
            &format!("P{i}"),
            &phone.token,
        )
        .await;
        let ServerMsg::Welcome { me: Some(me), .. } = &welcome else {
            unreachable!()
        };
        assert_eq!(personal(me), Some(&WeDidPersonal { seen: true }), "P{i}");
        client
            .send(&ClientMsg::Act {
                id: ids[i].clone(),
                act: act(a, WeDidInput::Seen),
            })
            .await;
        assert!(client.ack(&ids[i]).await, "a re-sent tap is a duplicate");
    }
    let mut host = host(&c.addr, &c.room).await;
    done(&mut host, act(a, WeDidInput::Close)).await;
    let view = last_view(&mut host).await;
    assert_eq!(
        (view.phase, view.pairs.len(), view.seen),
        (WeDidPhase::Closed, 3, 3)
    );
    proc.terminate().await;
}
