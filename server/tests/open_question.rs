//! The open question over real sockets, with the real store: nothing of the answers is public
//! below the privacy floor, then the projector gets the whole view once and after that one
//! coalesced change per tick with the cloud's words (Dutch plurals and inflections merged, one
//! person counted once); a rude answer is refused; a co-facilitator hides and merges words but
//! does not run it; the exports and the report carry the numbers behind the cloud; answers
//! survive `kill -9` and a re-sent one counts once.

mod common;

use std::time::Duration;

use common::*;
use kring_protocol::{
    Act, ActivityChange, ActivityId, ActivityInput, ActivitySpec, ActivityView, ClientMsg,
    CloudWord, CreateRoomResponse, ErrorCode, OpenDisplay, OpenQuestionChange, OpenQuestionInput,
    OpenQuestionSpec, OpenQuestionView, Personal, ServerMsg,
};

const QUIET: Duration = Duration::from_millis(300);

fn spec(floor: u32) -> ActivitySpec {
    ActivitySpec::OpenQuestion(OpenQuestionSpec {
        title: "Hoe vond je de les?".into(),
        per_person: 3,
        max_chars: 80,
        anonymous: true,
        approve: false,
        display: OpenDisplay::Cloud,
        privacy_floor: floor,
    })
}

fn act(activity: ActivityId, input: OpenQuestionInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::OpenQuestion(input),
    }
}

fn answer(activity: ActivityId, text: &str) -> Act {
    act(activity, OpenQuestionInput::Answer { text: text.into() })
}

/// The open question a message shows as the current activity.
fn view_of(msg: &ServerMsg) -> Option<OpenQuestionView> {
    let current = match msg {
        ServerMsg::Activity { current, .. } => current.as_ref(),
        ServerMsg::Welcome { room, .. } => room.current.as_ref(),
        _ => None,
    };
    match current {
        Some(ActivityView::OpenQuestion(v)) => Some(v.clone()),
        _ => None,
    }
}

/// The cloud's words of the last `words` change among `msgs`.
fn last_words(msgs: &[ServerMsg]) -> Option<Vec<CloudWord>> {
    msgs.iter()
        .filter_map(|m| match m {
            ServerMsg::Changes { changes, .. } => changes.iter().rev().find_map(|c| match c {
                ActivityChange::OpenQuestion(OpenQuestionChange::Words { words, .. }) => {
                    Some(words.clone())
                }
                _ => None,
            }),
            _ => None,
        })
        .next_back()
}

fn texts(words: &[CloudWord]) -> Vec<(&str, u32)> {
    words.iter().map(|w| (w.text.as_str(), w.count)).collect()
}

struct Opened {
    server: TestServer,
    addr: String,
    room: CreateRoomResponse,
    a: ActivityId,
    host: Client,
}

async fn opened(floor: u32) -> Opened {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Terugblik").await;
    let a = add_activity(&addr, &room, &spec(floor)).await;
    let mut host = host(&addr, &room).await;
    host_acts(
        &mut host,
        vec![
            Act::SetCurrent { activity: Some(a) },
            act(a, OpenQuestionInput::Open),
        ],
    )
    .await;
    Opened {
        server,
        addr,
        room,
        a,
        host,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cloud_appears_at_the_floor_with_dutch_words_merged_and_its_numbers_in_the_exports() {
    let Opened {
        server,
        addr,
        room,
        a,
        mut host,
    } = opened(3).await;
    let mut projector = screen(&addr, room.code.as_str()).await;
    let mut phones = Vec::new();
    for name in ["Ada", "Bo", "Cas", "Dex"] {
        phones.push(join(&addr, room.code.as_str(), name).await);
    }
    let p0 = &mut phones[0].client;
    assert_eq!(
        refused(p0, answer(a, "kanker")).await,
        ErrorCode::Inappropriate
    );
    assert_eq!(
        refused(p0, act(a, OpenQuestionInput::Close)).await,
        ErrorCode::Forbidden
    );
    assert_eq!(
        refused(&mut host, answer(a, "leuk")).await,
        ErrorCode::Forbidden
    );
    // Two people: below the floor the projector hears nothing but the count.
    done(&mut phones[0].client, answer(a, "Leuk!")).await;
    done(&mut phones[0].client, answer(a, "leuk")).await;
    done(&mut phones[1].client, answer(a, "leuke")).await;
    let seen = drain(&mut projector, QUIET).await;
    assert!(last_words(&seen).is_none(), "{seen:?}");
    assert!(
        seen.iter()
            .filter_map(view_of)
            .all(|v| !v.shown && v.words.is_empty())
    );
    // The third reaches the floor: one whole view, "Leuk" of two people (not three answers).
    done(&mut phones[2].client, answer(a, "saaie les")).await;
    let seen = drain(&mut projector, QUIET).await;
    let view = seen.iter().filter_map(view_of).next_back().expect("a view");
    assert!(view.shown);
    assert_eq!(texts(&view.words), vec![("Leuk", 2), ("saaie les", 1)]);
    // From then on a coalesced change with the words.
    done(&mut phones[3].client, answer(a, "saai les")).await;
    done(
        &mut phones[3].client,
        answer(a, "Ik vond het best wel leuk vandaag"),
    )
    .await;
    let seen = drain(&mut projector, QUIET).await;
    assert!(
        seen.iter().filter_map(view_of).next().is_none(),
        "no whole view per answer"
    );
    let words = last_words(&seen).expect("the words");
    assert_eq!(texts(&words), vec![("Leuk", 2), ("saaie les", 2)]);
    let les = words[1].key.clone();

    // A co-facilitator hides the word; cannot close.
    let mut co = co_facilitator(&addr, &room).await;
    assert_eq!(
        refused(&mut co, act(a, OpenQuestionInput::Close)).await,
        ErrorCode::NotTheLead
    );
    done(
        &mut co,
        act(
            a,
            OpenQuestionInput::HideWord {
                word: les.clone(),
                hidden: true,
            },
        ),
    )
    .await;
    let words = last_words(&drain(&mut projector, QUIET).await).expect("the words");
    assert_eq!(texts(&words), vec![("Leuk", 2)]);
    done(&mut host, act(a, OpenQuestionInput::Close)).await;

    // The exports: every word with its people and answers, the hidden one marked.
    let auth = format!("Bearer {}", room.host_key);
    let export = get_auth(
        &addr,
        &format!("/api/rooms/{}/export.json", room.code),
        &auth,
    )
    .await;
    assert_eq!(export.status, 200, "{}", export.text());
    let json = export.json();
    let q = &json["activities"][0];
    assert_eq!(q["people"], 4);
    let words = q["words"].as_array().expect("words");
    assert_eq!(
        words[0]["text"], "Leuk",
        "three spellings once each: the earliest"
    );
    assert_eq!(
        (words[0]["people"].as_u64(), words[0]["answers"].as_u64()),
        (Some(2), Some(3))
    );
    assert!(
        words
            .iter()
            .any(|w| w["key"] == les.as_str() && w["hidden"] == true)
    );
    assert!(
        q["answers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a.get("nickname").is_none())
    );
    let report = get_auth(&addr, &format!("/api/rooms/{}/report.md", room.code), &auth).await;
    let md = report.text();
    assert!(md.contains("Open question: Hoe vond je de les?"), "{md}");
    assert!(md.contains("| Leuk | 2 | 3 |"), "{md}");
    let csv = get_auth(
        &addr,
        &format!("/api/rooms/{}/export.csv", room.code),
        &auth,
    )
    .await;
    assert!(csv.text().contains("Ik vond het best wel leuk vandaag"));
    assert!(!csv.text().contains("kanker"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_loses_no_acknowledged_answer_and_a_resent_one_counts_once() {
    let mut c = proc_class("kill9-open-question", &spec(1), 3).await;
    let a = c.activity;
    host_acts(
        &mut c.host,
        vec![
            Act::SetCurrent { activity: Some(a) },
            act(a, OpenQuestionInput::Open),
        ],
    )
    .await;
    let mut ids = Vec::new();
    for phone in c.phones.iter_mut() {
        let id = phone.client.act(answer(a, "gezellige groep")).await;
        assert!(!phone.client.ack(&id).await, "a first answer is new");
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
        let ServerMsg::Welcome { me: Some(me), .. } = welcome else {
            unreachable!()
        };
        let Some(Personal::OpenQuestion(mine)) = &me.personal else {
            panic!("the own answers")
        };
        assert_eq!(mine.mine.len(), 1, "P{i}'s acknowledged answer");
        client
            .send(&ClientMsg::Act {
                id: ids[i].clone(),
                act: answer(a, "gezellige groep"),
            })
            .await;
        assert!(client.ack(&ids[i]).await, "a re-sent answer is a duplicate");
    }
    let (mut host, welcome) = host_welcome(&c.addr, &c.room).await;
    let view = view_of(&welcome).expect("the question");
    assert_eq!(
        (texts(&view.words), view.total),
        (vec![("gezellige groep", 3)], 3),
        "three people, three answers: none counted twice"
    );
    done(&mut host, act(a, OpenQuestionInput::Close)).await;
    proc.terminate().await;
}
