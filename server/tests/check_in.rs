//! The check-in over real sockets, with the real store: nothing of the answers shows while it
//! is open, the projector shows the merged distribution only after closing and at or above the
//! privacy floor, a co-facilitator hides words but does not run it, and answers survive
//! `kill -9` and are idempotent when re-sent.

mod common;

use std::time::Duration;

use common::*;
use kring_protocol::{
    Act, ActivityChange, ActivityId, ActivityInput, ActivitySpec, ActivityView, CheckInChange,
    CheckInInput, CheckInPersonal, CheckInPhase, CheckInSpec, CheckInView, ClientMsg,
    CreateRoomResponse, ErrorCode, Me, MoodBar, Personal, ServerMsg, WordCount,
};

const QUIET: Duration = Duration::from_millis(300);

fn spec(floor: u32) -> ActivitySpec {
    ActivitySpec::CheckIn(CheckInSpec {
        title: "Hoe gaat het met je?".into(),
        words: true,
        anonymous: true,
        privacy_floor: floor,
    })
}

fn act(activity: ActivityId, input: CheckInInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::CheckIn(input),
    }
}

fn answer(activity: ActivityId, mood: u32, word: Option<&str>) -> Act {
    act(
        activity,
        CheckInInput::Answer {
            mood,
            word: word.map(Into::into),
        },
    )
}

/// The check-in a message shows as the current activity.
fn view_of(msg: &ServerMsg) -> Option<CheckInView> {
    let current = match msg {
        ServerMsg::Activity { current, .. } => current.as_ref(),
        ServerMsg::Welcome { room, .. } => room.current.as_ref(),
        _ => None,
    };
    match current {
        Some(ActivityView::CheckIn(v)) => Some(v.clone()),
        _ => None,
    }
}

fn personal(me: &Me) -> Option<&CheckInPersonal> {
    match &me.personal {
        Some(Personal::CheckIn(p)) => Some(p),
        _ => None,
    }
}

/// The last `progress` count among what a client got until it was quiet.
async fn last_progress(client: &mut Client) -> u32 {
    drain(client, QUIET)
        .await
        .iter()
        .filter_map(|m| match m {
            ServerMsg::Progress { responded, .. } => Some(*responded),
            _ => None,
        })
        .next_back()
        .expect("a progress count")
}

/// The last check-in view among what a client got until it was quiet.
async fn last_view(client: &mut Client) -> CheckInView {
    drain(client, QUIET)
        .await
        .iter()
        .filter_map(view_of)
        .next_back()
        .expect("a check-in view")
}

/// A room with a check-in at privacy floor `floor`, current and open, and its host console.
struct Opened {
    server: TestServer,
    addr: String,
    room: CreateRoomResponse,
    a: ActivityId,
    host: Client,
    /// The host's `welcome`.
    welcome: ServerMsg,
}

async fn opened(floor: u32) -> Opened {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Mentoruur").await;
    let a = add_activity(&addr, &room, &spec(floor)).await;
    let (mut host, welcome) = host_welcome(&addr, &room).await;
    host_acts(
        &mut host,
        vec![
            Act::SetCurrent { activity: Some(a) },
            act(a, CheckInInput::Open),
        ],
    )
    .await;
    Opened {
        server,
        addr,
        room,
        a,
        host,
        welcome,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_projector_shows_the_merged_distribution_only_after_closing_at_the_floor() {
    let Opened {
        server,
        addr,
        room,
        a,
        mut host,
        ..
    } = opened(4).await;
    let mut projector = screen(&addr, room.code.as_str()).await;
    let mut phones = Vec::new();
    for name in ["Ada", "Bo", "Cas", "Dex", "Eva"] {
        phones.push(join(&addr, room.code.as_str(), name).await);
    }
    // Refusals: a face out of range, a rude word, the host answering, a phone closing.
    let p0 = &mut phones[0].client;
    assert_eq!(
        refused(p0, answer(a, 6, None)).await,
        ErrorCode::InvalidChoice
    );
    assert_eq!(
        refused(p0, answer(a, 3, Some("kut"))).await,
        ErrorCode::Inappropriate
    );
    assert_eq!(
        refused(p0, act(a, CheckInInput::Close)).await,
        ErrorCode::Forbidden
    );
    assert_eq!(
        refused(&mut host, answer(a, 3, None)).await,
        ErrorCode::Forbidden
    );

    // Faces 1, 1, 5 (three below the floor of four) and one skip.
    for (i, (mood, word)) in [(1, "Moe"), (1, "moe"), (5, "blij")]
        .into_iter()
        .enumerate()
    {
        done(&mut phones[i].client, answer(a, mood, Some(word))).await;
    }
    done(&mut phones[3].client, act(a, CheckInInput::Skip)).await;
    let me = me_when(&mut phones[3].client, |me| {
        personal(me).is_some_and(|p| p.skipped)
    })
    .await;
    assert_eq!(personal(&me).unwrap().mood, None);
    // While open the projector gets the count only: no view after the opening's, no result.
    let seen = drain(&mut projector, QUIET).await;
    assert!(
        seen.iter()
            .filter_map(view_of)
            .all(|v| v.answered == 0 && v.result.is_none()),
        "{seen:?}"
    );
    let mut responded = seen.iter().filter_map(|m| match m {
        ServerMsg::Progress { responded, .. } => Some(*responded),
        _ => None,
    });
    assert_eq!(responded.next_back(), Some(4));
    // The fourth face reaches the floor; still nothing while open. The console gets the words
    // as one coalesced change, never a host view per answer.
    drain(&mut host, QUIET).await;
    done(&mut phones[4].client, answer(a, 5, None)).await;
    assert_eq!(last_progress(&mut projector).await, 5);
    let got = drain(&mut host, QUIET).await;
    assert!(
        !got.iter()
            .any(|m| matches!(m, ServerMsg::HostActivity { .. })),
        "{got:?}"
    );
    let words = got.iter().find_map(|m| match m {
        ServerMsg::Changes { changes, .. } => changes.iter().find_map(|c| match c {
            ActivityChange::CheckIn(CheckInChange::Words { words }) => Some(words.clone()),
            _ => None,
        }),
        _ => None,
    });
    assert_eq!(
        words.map(|w| w
            .iter()
            .map(|w| (w.word.clone(), w.count))
            .collect::<Vec<_>>()),
        Some(vec![("moe".to_owned(), 2), ("blij".to_owned(), 1)])
    );
    done(&mut host, act(a, CheckInInput::Close)).await;
    let seen = last_view(&mut projector).await;
    assert_eq!(seen.phase, CheckInPhase::Closed);
    assert_eq!((seen.answered, seen.skipped), (4, 1));
    let result = seen
        .result
        .expect("closed at the floor: the distribution shows");
    assert_eq!(
        result.bars,
        vec![
            MoodBar {
                from: 1,
                to: 1,
                count: 2
            },
            MoodBar {
                from: 2,
                to: 5,
                count: 2
            },
        ]
    );
    assert_eq!(
        result.words,
        vec![
            WordCount {
                word: "moe".into(),
                count: 2
            },
            WordCount {
                word: "blij".into(),
                count: 1
            },
        ]
    );
    assert_eq!(
        refused(&mut phones[0].client, answer(a, 2, None)).await,
        ErrorCode::WrongPhase
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn below_the_floor_a_closed_check_in_shows_nothing_and_the_export_says_so() {
    let Opened {
        server,
        addr,
        room,
        a,
        mut host,
        ..
    } = opened(5).await;
    let mut projector = screen(&addr, room.code.as_str()).await;
    for (i, name) in ["Ada", "Bo", "Cas", "Dex"].into_iter().enumerate() {
        let mut phone = join(&addr, room.code.as_str(), name).await;
        done(&mut phone.client, answer(a, 1 + i as u32, Some("ok"))).await;
    }
    done(&mut host, act(a, CheckInInput::Close)).await;
    let seen = last_view(&mut projector).await;
    assert_eq!(
        (seen.phase, seen.answered, seen.result),
        (CheckInPhase::Closed, 4, None)
    );
    let auth = format!("Bearer {}", room.host_key);
    let export = get_auth(
        &addr,
        &format!("/api/rooms/{}/export.json", room.code),
        &auth,
    )
    .await;
    assert_eq!(export.status, 200, "{}", export.text());
    let json = export.json();
    let check_in = &json["activities"][0];
    assert_eq!(check_in["answered"], 4);
    assert!(check_in["bars"].is_null(), "{check_in}");
    assert_eq!(
        check_in["words"],
        serde_json::json!([]),
        "no word below the floor"
    );
    assert!(
        check_in.get("answers").is_none(),
        "anonymous: no answer on its own"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_co_facilitator_hides_a_word_and_does_not_run_the_check_in() {
    let Opened {
        server,
        addr,
        room,
        a,
        mut host,
        welcome,
    } = opened(3).await;
    let ServerMsg::Welcome {
        moderator_key: Some(key),
        ..
    } = welcome
    else {
        panic!("the facilitator's welcome has the moderator key")
    };
    for name in ["Ada", "Bo", "Cas"] {
        let mut phone = join(&addr, room.code.as_str(), name).await;
        done(&mut phone.client, answer(a, 4, Some("Zon"))).await;
    }
    let mut co = Client::connect(&addr, "co").await;
    co.hello(ClientMsg::Host {
        room: room.code.0.clone(),
        host_key: key,
        console: Some("co".into()),
    })
    .await;
    assert_eq!(
        refused(&mut co, act(a, CheckInInput::Close)).await,
        ErrorCode::NotTheLead
    );
    done(
        &mut co,
        act(a, CheckInInput::HideWord { word: "zon".into() }),
    )
    .await;
    done(&mut host, act(a, CheckInInput::Close)).await;
    let seen = last_view(&mut co).await;
    let result = seen.result.expect("three faces at a floor of three");
    assert!(result.words.is_empty(), "the hidden word stays out");
    assert_eq!(result.bars.iter().map(|b| b.count).sum::<u32>(), 3);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_mid_check_in_loses_no_acknowledged_answer_and_a_resent_one_counts_once() {
    let mut c = proc_class("kill9-check-in", &spec(3), 4).await;
    let a = c.activity;
    host_acts(
        &mut c.host,
        vec![
            Act::SetCurrent { activity: Some(a) },
            act(a, CheckInInput::Open),
        ],
    )
    .await;
    let mut ids = Vec::new();
    for (i, phone) in c.phones.iter_mut().enumerate() {
        let id = phone
            .client
            .act(answer(a, 2 + i as u32 % 3, Some("rustig")))
            .await;
        phone.client.ack(&id).await;
        ids.push(id);
    }
    c.proc.kill9().await;

    let proc = Proc::start(&c.dir.0, &c.addr).await;
    let mut again = Vec::new();
    for (i, phone) in c.phones.iter().enumerate() {
        let (mut client, welcome) = resume(
            &c.addr,
            c.room.code.as_str(),
            &format!("P{i}"),
            &phone.token,
        )
        .await;
        let ServerMsg::Welcome { me: Some(me), .. } = welcome else {
            unreachable!()
        };
        let mine = personal(&me).expect("the own answer");
        assert_eq!(
            mine.mood,
            Some(2 + i as u32 % 3),
            "P{i}'s acknowledged face"
        );
        assert_eq!(mine.word.as_deref(), Some("rustig"));
        // The same action again is a duplicate.
        client
            .send(&ClientMsg::Act {
                id: ids[i].clone(),
                act: answer(a, 2 + i as u32 % 3, Some("rustig")),
            })
            .await;
        assert!(client.ack(&ids[i]).await, "a re-sent answer is a duplicate");
        again.push(client);
    }
    let mut host = host(&c.addr, &c.room).await;
    done(&mut host, act(a, CheckInInput::Close)).await;
    let seen = last_view(&mut host).await;
    assert_eq!((seen.answered, seen.skipped), (4, 0));
    let result = seen.result.expect("four faces at a floor of three");
    assert_eq!(result.bars.iter().map(|b| b.count).sum::<u32>(), 4);
    assert_eq!(
        result.words,
        vec![WordCount {
            word: "rustig".into(),
            count: 4
        }]
    );
    proc.terminate().await;
}
