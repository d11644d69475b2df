//! A live quiz over real sockets: a server on port 0, rooms created over HTTP, phones, a host
//! console and a projector as WebSocket clients.

mod common;

use common::*;
use kring_protocol::{
    Act, ActivitySpec, ActivityView, ClientMsg, ClientMsgId, ErrorCode, Personal, QuizInput,
    QuizPersonal, QuizPhase, QuizView, ServerMsg,
};

fn quiz_view(msg: &ServerMsg) -> Option<QuizView> {
    match msg {
        ServerMsg::Activity {
            current: Some(ActivityView::Quiz(view)),
            ..
        } => Some(view.clone()),
        _ => None,
    }
}

fn personal(msg: &ServerMsg) -> Option<QuizPersonal> {
    match msg {
        ServerMsg::You { me } => match &me.personal {
            Some(Personal::Quiz(p)) => Some(p.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Waits for a phone's own result of question `q`.
async fn result_of(phone: &mut Phone, q: u32) -> QuizPersonal {
    phone
        .client
        .until(|m| personal(m).filter(|p| p.result.as_ref().is_some_and(|r| r.question == q)))
        .await
}

#[tokio::test]
async fn three_phones_play_two_questions() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "MZ2B").await;
    let quiz = add_activity(&addr, &room, &quiz(2, 30)).await;
    let mut host = host(&addr, &room).await;
    let mut screen = Client::connect(&addr, "screen").await;
    screen
        .hello(ClientMsg::Screen {
            room: room.code.0.to_lowercase(),
        })
        .await;
    let mut phones = Vec::new();
    for name in ["Ada", "Bo", "Cas"] {
        phones.push(join(&addr, room.code.as_str(), name).await);
    }
    let count = screen
        .until(|m| matches!(m, ServerMsg::Participants { count: 3, .. }).then_some(()))
        .await;
    assert_eq!(count, ());

    let id = host
        .act(Act::SetCurrent {
            activity: Some(quiz),
        })
        .await;
    assert!(!host.ack(&id).await);
    // Question 1: correct is A (0). Ada right, Bo right, Cas wrong.
    let id = host
        .act(quiz_act(quiz, QuizInput::StartQuestion { question: 0 }))
        .await;
    host.ack(&id).await;
    for phone in &mut phones {
        let view = phone.client.until(quiz_view).await;
        let view = if matches!(view.phase, QuizPhase::Lobby) {
            phone.client.until(quiz_view).await
        } else {
            view
        };
        let QuizPhase::Question {
            index: 0,
            deadline,
            started_at,
            question,
        } = view.phase
        else {
            panic!("{view:?}")
        };
        assert_eq!(deadline - started_at, 30_000);
        assert_eq!(question.options.len(), 4);
    }
    for (phone, choice) in phones.iter_mut().zip([0, 0, 2]) {
        let id = phone
            .client
            .act(quiz_act(
                quiz,
                QuizInput::Answer {
                    question: 0,
                    choice,
                },
            ))
            .await;
        assert!(
            !phone.client.ack(&id).await,
            "first answer is not a duplicate"
        );
    }
    // Everyone answered: the question locks early and the projector shows the distribution.
    let reveal = screen
        .until(|m| quiz_view(m).filter(|v| matches!(v.phase, QuizPhase::Reveal { .. })))
        .await;
    let QuizPhase::Reveal {
        counts,
        correct,
        answered,
        ..
    } = reveal.phase
    else {
        unreachable!()
    };
    assert_eq!((counts, correct, answered), (vec![2, 0, 1, 0], vec![0], 3));
    let mut scores = Vec::new();
    for phone in &mut phones {
        let me = result_of(phone, 0).await;
        scores.push(me.score);
        let result = me.result.unwrap();
        assert_eq!(result.correct, result.points > 0);
    }
    assert!(
        (500..=1000).contains(&scores[0]) && (500..=1000).contains(&scores[1]),
        "{scores:?}"
    );
    assert_eq!(scores[2], 0);
    // A late answer gets a clear error.
    let id = phones[2]
        .client
        .act(quiz_act(
            quiz,
            QuizInput::Answer {
                question: 0,
                choice: 0,
            },
        ))
        .await;
    assert_eq!(
        phones[2].client.error_for(&id).await,
        ErrorCode::QuestionClosed
    );

    let id = host.act(quiz_act(quiz, QuizInput::ShowLeaderboard)).await;
    host.ack(&id).await;
    let board = screen
        .until(|m| quiz_view(m).filter(|v| matches!(v.phase, QuizPhase::Leaderboard { .. })))
        .await;
    let QuizPhase::Leaderboard { top, .. } = board.phase else {
        unreachable!()
    };
    assert_eq!(top.len(), 3);
    assert!(
        top.windows(2)
            .all(|w| w[0].score >= w[1].score && w[0].rank <= w[1].rank)
    );
    assert_eq!(top[2].nickname, "Cas");

    // Question 2: correct is B (1). Only Cas is right; the host closes it before Bo answers.
    let id = host
        .act(quiz_act(quiz, QuizInput::StartQuestion { question: 1 }))
        .await;
    host.ack(&id).await;
    for (i, choice) in [(0usize, 3u32), (2, 1)] {
        phones[i].answer_when_open(quiz, 1, choice).await;
    }
    let progress = host.until(|m| match m {
        ServerMsg::Progress {
            responded: 2, of, ..
        } => Some(*of),
        _ => None,
    });
    assert_eq!(progress.await, 3);
    let id = host.act(quiz_act(quiz, QuizInput::CloseQuestion)).await;
    host.ack(&id).await;
    let cas = result_of(&mut phones[2], 1).await;
    assert!(cas.result.as_ref().unwrap().correct);
    let bo = result_of(&mut phones[1], 1).await;
    assert!(!bo.result.as_ref().unwrap().answered);
    assert_eq!(bo.score, scores[1], "no answer scores nothing");
    let ada = result_of(&mut phones[0], 1).await;
    assert_eq!(ada.score, scores[0]);
    // Ranks agree with scores.
    let all = [
        (ada.score, ada.rank.unwrap()),
        (bo.score, bo.rank.unwrap()),
        (cas.score, cas.rank.unwrap()),
    ];
    for a in all {
        for b in all {
            assert_eq!(a.0 > b.0, a.1 < b.1, "{all:?}");
        }
    }

    let id = host.act(quiz_act(quiz, QuizInput::ShowPodium)).await;
    host.ack(&id).await;
    let podium = screen
        .until(|m| quiz_view(m).filter(|v| matches!(v.phase, QuizPhase::Podium { .. })))
        .await;
    let QuizPhase::Podium { top, questions, .. } = podium.phase else {
        unreachable!()
    };
    assert_eq!(top[0].rank, 1);
    assert_eq!((questions[0].correct, questions[0].answered), (2, 3));
    assert_eq!((questions[1].correct, questions[1].answered), (1, 2));
    server.stop().await;
}

#[tokio::test]
async fn a_dropped_phone_resumes_with_its_answer_and_score() {
    let Class {
        server,
        addr,
        room,
        quiz,
        mut host,
        mut ada,
        bo: _bo,
    } = class("Resume", quiz(1, 60), ["Ada", "Bo"]).await;
    open_first_question(&mut host, quiz).await;
    let answer = ada.answer_when_open(quiz, 0, 0).await;
    // The socket dies mid-question (no close handshake).
    drop(ada.client);

    let (mut again, welcome) = resume(&addr, room.code.as_str(), "Ada-again", &ada.token).await;
    let ServerMsg::Welcome {
        me: Some(me),
        room: view,
        ..
    } = welcome
    else {
        panic!()
    };
    assert_eq!((me.id, me.nickname.as_str()), (ada.id, "Ada"));
    let Some(Personal::Quiz(p)) = me.personal else {
        panic!()
    };
    assert_eq!(
        p.answer.map(|a| a.choice),
        Some(0),
        "the answer survived the reconnect"
    );
    assert!(matches!(
        view.current,
        Some(ActivityView::Quiz(QuizView {
            phase: QuizPhase::Question { .. },
            ..
        }))
    ));
    // The phone re-sends what it had not seen acknowledged: nothing counts twice.
    again
        .send(&ClientMsg::Act {
            id: answer.clone(),
            act: quiz_act(
                quiz,
                QuizInput::Answer {
                    question: 0,
                    choice: 0,
                },
            ),
        })
        .await;
    assert!(
        again.ack(&answer).await,
        "a re-sent action is acknowledged as a duplicate"
    );
    let id = host.act(quiz_act(quiz, QuizInput::CloseQuestion)).await;
    host.ack(&id).await;
    let mut ada2 = Phone {
        client: again,
        id: ada.id,
        token: ada.token,
    };
    let me = result_of(&mut ada2, 0).await;
    assert!(me.score >= 500, "score kept: {me:?}");
    assert_eq!(me.rank, Some(1));
    server.stop().await;
}

#[tokio::test]
async fn a_repeated_action_id_is_acknowledged_but_counted_once() {
    let Class {
        server,
        addr,
        room,
        quiz,
        mut host,
        mut ada,
        bo: _bo,
    } = class("Dup", quiz(1, 60), ["Ada", "Bo"]).await;
    open_first_question(&mut host, quiz).await;
    ada.client
        .until(|m| quiz_view(m).filter(|v| matches!(v.phase, QuizPhase::Question { .. })))
        .await;
    let id = ClientMsgId("same-id".into());
    let answer = ClientMsg::Act {
        id: id.clone(),
        act: quiz_act(
            quiz,
            QuizInput::Answer {
                question: 0,
                choice: 1,
            },
        ),
    };
    ada.client.send(&answer).await;
    ada.client.send(&answer).await;
    assert!(!ada.client.ack(&id).await);
    assert!(
        ada.client.ack(&id).await,
        "the repeat is acknowledged as a duplicate"
    );
    // A different id for a second answer is refused: one answer per participant.
    let other = ada
        .client
        .act(quiz_act(
            quiz,
            QuizInput::Answer {
                question: 0,
                choice: 2,
            },
        ))
        .await;
    assert_eq!(
        ada.client.error_for(&other).await,
        ErrorCode::AlreadyAnswered
    );
    // A host console that reconnects mid-question learns the count, too.
    drop(host);
    let mut host = common::host(&addr, &room).await;
    let responded = host.until(|m| match m {
        ServerMsg::Progress { responded, .. } if *responded > 0 => Some(*responded),
        _ => None,
    });
    assert_eq!(responded.await, 1);
    let code = room.code.clone();
    let answers = server
        .app()
        .room(&code)
        .unwrap()
        .read(move |state| match state.current() {
            Some(kring_server::room::Activity::Quiz(q)) => q.answers(0).unwrap().len(),
            _ => usize::MAX,
        })
        .await;
    assert_eq!(answers, Some(1));
    server.stop().await;
}

#[tokio::test]
async fn malformed_and_unknown_messages_get_clear_errors_and_the_room_stays_healthy() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Bad input").await;
    let mut ada = join(&addr, room.code.as_str(), "Ada").await;
    for (text, expected) in [
        ("{this is not json", ErrorCode::BadMessage),
        (r#"{"type":"teleport","to":"mars"}"#, ErrorCode::UnknownType),
        (r#"{"type":"act","id":"x"}"#, ErrorCode::BadMessage),
        (
            r#"{"type":"act","id":"","act":{"type":"setCurrent","activity":null}}"#,
            ErrorCode::BadMessage,
        ),
        (
            r#"{"type":"join","room":"ABCDEF","nickname":"Again"}"#,
            ErrorCode::BadMessage,
        ),
    ] {
        ada.client.send_text(text).await;
        let code = ada.client.until(|m| match m {
            ServerMsg::Error { code, .. } => Some(*code),
            _ => None,
        });
        assert_eq!(code.await, expected, "{text}");
    }
    // A participant may not drive the room.
    let id = ada.client.act(Act::SetCurrent { activity: None }).await;
    assert_eq!(ada.client.error_for(&id).await, ErrorCode::Forbidden);
    // Still healthy: ping answers, a new phone can join, the host sees both.
    ada.client.send(&ClientMsg::Ping { t: 42.0 }).await;
    ada.client
        .until(|m| matches!(m, ServerMsg::Pong { t, .. } if *t == 42.0).then_some(()))
        .await;
    let _bo = join(&addr, room.code.as_str(), "Bo").await;
    let mut host = host(&addr, &room).await;
    let id = host
        .act(Act::AddActivity {
            spec: quiz(1, 10),
            session: None,
        })
        .await;
    host.ack(&id).await;
    server.stop().await;
}

#[tokio::test]
async fn opening_errors_say_what_is_wrong() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Openings").await;
    let code = room.code.0.clone();
    let _ada = join(&addr, &code, "Ada").await;

    // A plain request to the WebSocket address says what it expected.
    let plain = http(&addr, "GET", "/ws?v=1", &[], b"").await;
    assert_eq!(plain.status, 400, "{}", plain.text());
    assert!(plain.text().contains("WebSocket"), "{}", plain.text());

    // Nickname taken (case-insensitively): the same socket may try another.
    let mut phone = Client::connect(&addr, "p").await;
    phone
        .send(&ClientMsg::Join {
            room: code.clone(),
            nickname: Some("ADA".into()),
            lang: Default::default(),
        })
        .await;
    phone.expect_error(ErrorCode::NicknameTaken).await;
    phone
        .send(&ClientMsg::Join {
            room: code.clone(),
            nickname: Some("kanker".into()),
            lang: Default::default(),
        })
        .await;
    phone.expect_error(ErrorCode::Inappropriate).await;
    let welcome = phone
        .hello(ClientMsg::Join {
            room: code.clone(),
            nickname: None,
            lang: kring_protocol::Lang::Nl,
        })
        .await;
    let ServerMsg::Welcome { me: Some(me), .. } = welcome else {
        panic!()
    };
    assert!(!me.nickname.is_empty(), "a generated nickname");

    let mut wrong_room = Client::connect(&addr, "w").await;
    wrong_room
        .send(&ClientMsg::Screen {
            room: "ZZZZZZ".into(),
        })
        .await;
    wrong_room.expect_error(ErrorCode::RoomNotFound).await;
    assert_eq!(
        wrong_room.closed().await,
        kring_protocol::close::ROOM_NOT_FOUND
    );

    let mut bad_key = Client::connect(&addr, "k").await;
    bad_key
        .send(&ClientMsg::Host {
            room: code.clone(),
            host_key: "guess".into(),
            console: None,
        })
        .await;
    bad_key.expect_error(ErrorCode::BadHostKey).await;
    assert_eq!(bad_key.closed().await, kring_protocol::close::UNAUTHORIZED);

    let mut bad_token = Client::connect(&addr, "t").await;
    bad_token
        .send(&ClientMsg::Resume {
            room: code.clone(),
            token: "expired".into(),
        })
        .await;
    bad_token.expect_error(ErrorCode::BadToken).await;
    assert_eq!(
        bad_token.closed().await,
        kring_protocol::close::UNAUTHORIZED
    );

    let mut old = Client::connect_path(&addr, "old", "/ws?v=0").await;
    old.expect_error(ErrorCode::ProtocolVersion).await;
    assert_eq!(old.closed().await, kring_protocol::close::PROTOCOL_VERSION);

    let mut early = Client::connect(&addr, "e").await;
    early.send(&ClientMsg::Sync).await;
    early.expect_error(ErrorCode::NotJoined).await;

    let mut big = Client::connect(&addr, "big").await;
    big.send_text(&format!(
        r#"{{"type":"ping","t":1,"pad":"{}"}}"#,
        "x".repeat(20_000)
    ))
    .await;
    big.expect_error(ErrorCode::TooLarge).await;
    assert_eq!(big.closed().await, 1009);
    server.stop().await;
}

#[tokio::test]
async fn the_host_removes_a_participant_and_a_second_tab_replaces_the_first() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Remove").await;
    let code = room.code.0.clone();
    let mut host = host(&addr, &room).await;
    let mut ada = join(&addr, &code, "Ada").await;
    let mut tab2 = Client::connect(&addr, "tab2").await;
    tab2.hello(ClientMsg::Resume {
        room: code.clone(),
        token: ada.token.clone(),
    })
    .await;
    assert_eq!(ada.client.closed().await, kring_protocol::close::REPLACED);

    let id = host
        .act(Act::RemoveParticipant {
            participant: ada.id,
        })
        .await;
    host.ack(&id).await;
    tab2.expect_error(ErrorCode::Removed).await;
    assert_eq!(tab2.closed().await, kring_protocol::close::REMOVED);
    let list = host.until(|m| match m {
        ServerMsg::Participants {
            list: Some(list),
            count: 0,
            ..
        } => Some(list.len()),
        _ => None,
    });
    assert_eq!(list.await, 0);
    let mut back = Client::connect(&addr, "back").await;
    back.send(&ClientMsg::Resume {
        room: code,
        token: ada.token.clone(),
    })
    .await;
    assert_eq!(back.closed().await, kring_protocol::close::UNAUTHORIZED);
    server.stop().await;
}

#[tokio::test]
async fn an_activity_broadcast_is_serialised_once_and_the_room_writes_it_to_every_socket() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Fan-out").await;
    let quiz = add_activity(&addr, &room, &quiz(1, 60)).await;
    let mut host = host(&addr, &room).await;
    // More phones than tokio's cooperative budget (128 operations per poll): a room task under
    // that budget would find the later sockets "not ready" and leave them to their own tasks.
    const PHONES: u64 = 300;
    let mut phones = Vec::new();
    for i in 0..PHONES {
        phones.push(join(&addr, room.code.as_str(), &format!("P{i}")).await);
    }
    let id = host
        .act(Act::SetCurrent {
            activity: Some(quiz),
        })
        .await;
    host.ack(&id).await;
    let handle = server.app().room(&room.code).unwrap();
    let before = handle.stats().await.unwrap();
    let id = host
        .act(quiz_act(quiz, QuizInput::StartQuestion { question: 0 }))
        .await;
    host.ack(&id).await;
    for phone in &mut phones {
        phone
            .client
            .until(|m| quiz_view(m).filter(|v| matches!(v.phase, QuizPhase::Question { .. })))
            .await;
    }
    let after = handle.stats().await.unwrap();
    assert_eq!(after.activity_encodings - before.activity_encodings, 1);
    assert_eq!(
        after.activity_deliveries - before.activity_deliveries,
        PHONES + 1,
        "every phone and the host"
    );
    assert_eq!(
        after.queued_writes - before.queued_writes,
        0,
        "the room wrote the question into every socket itself, in one pass"
    );
    server.stop().await;
}

#[tokio::test]
async fn the_http_api_checks_the_host_key_and_imports_csv() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "API").await;
    let path = format!("/api/rooms/{}", room.code);
    let unauthorised = http(&addr, "GET", &path, &[], b"").await;
    unauthorised.assert_error(401, "badHostKey");
    let wrong = http(
        &addr,
        "GET",
        &path,
        &[("Authorization", "Bearer nope")],
        b"",
    )
    .await;
    assert_eq!(wrong.status, 401);
    let missing = http(
        &addr,
        "GET",
        "/api/rooms/ZZZZZZ",
        &[("Authorization", "Bearer x")],
        b"",
    )
    .await;
    missing.assert_error(404, "roomNotFound");

    let auth = format!("Bearer {}", room.host_key);
    let csv = include_str!("../../examples/quiz.csv");
    let import_path = format!("/api/rooms/{}/activities?title=Import", room.code);
    let imported = http(
        &addr,
        "POST",
        &import_path,
        &[("Authorization", &auth), ("Content-Type", "text/csv")],
        csv.as_bytes(),
    )
    .await;
    assert_eq!(imported.status, 201, "{}", imported.text());
    let json = include_str!("../../examples/quiz.json");
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let added = http(
        &addr,
        "POST",
        &format!("/api/rooms/{}/activities", room.code),
        &headers,
        json.as_bytes(),
    )
    .await;
    assert_eq!(added.status, 201, "{}", added.text());
    let invalid = http(
        &addr,
        "POST",
        &format!("/api/rooms/{}/activities", room.code),
        &headers,
        br#"{"kind":"quiz","title":"x","questions":[]}"#,
    )
    .await;
    invalid.assert_error(400, "invalidSpec");

    let state = get_auth(&addr, &path, &auth).await;
    assert_eq!(state.status, 200);
    let state = state.json();
    assert_eq!(state["room"]["code"], room.code.0.as_str());
    assert_eq!(state["agenda"].as_array().unwrap().len(), 2);
    assert_eq!(state["agenda"][0]["spec"]["title"], "Import");
    assert_eq!(
        state["agenda"][1]["spec"]["questions"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    let qr = http(
        &addr,
        "GET",
        &format!("/api/rooms/{}/qr.svg", room.code),
        &[],
        b"",
    )
    .await;
    assert_eq!(qr.status, 200);
    assert!(qr.text().contains("<svg"));
    assert_eq!(http(&addr, "GET", "/healthz", &[], b"").await.text(), "ok");
    let too_big = vec![b'x'; 600 * 1024];
    let big = http(
        &addr,
        "POST",
        &format!("/api/rooms/{}/activities", room.code),
        &headers,
        &too_big,
    )
    .await;
    big.assert_error(413, "tooLarge");
    server.stop().await;
}

#[tokio::test]
async fn a_host_console_gets_a_large_agenda_in_one_welcome() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Three long quizzes").await;
    // 100 questions at the text limits: about 110 KB of JSON per quiz, so the host's welcome
    // is over 300 KB, above the write limit that once closed the host console on welcome.
    let long = |chars: usize| "x".repeat(chars);
    let ActivitySpec::Quiz(mut spec) = quiz(100, 20) else {
        unreachable!("quiz() makes a quiz")
    };
    spec.title = long(120);
    for question in &mut spec.questions {
        question.text = long(300);
        question.options = vec![long(120); 6];
    }
    for _ in 0..3 {
        add_activity(&addr, &room, &ActivitySpec::Quiz(spec.clone())).await;
    }
    let (_host, welcome) = host_welcome(&addr, &room).await;
    let ServerMsg::Welcome {
        agenda: Some(agenda),
        ..
    } = welcome
    else {
        panic!("a host's welcome carries the agenda: {welcome:?}")
    };
    assert_eq!(agenda.len(), 3);
    assert_eq!(agenda[2].spec, ActivitySpec::Quiz(spec));
}

/// Joins as a phone over a socket that takes little: segments of 536 bytes (so the server's
/// kernel sizes its send buffer for this socket small too) and a 4 KiB receive buffer.
async fn join_over_a_narrow_socket(addr: &str, code: &str, nickname: &str) -> Phone {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    socket2::SockRef::from(&socket).set_tcp_mss(536).unwrap();
    let stream = socket.connect(addr.parse().unwrap()).await.unwrap();
    let url = format!("ws://{addr}/ws?v=1");
    let plain = tokio_tungstenite::MaybeTlsStream::Plain(stream);
    let (ws, _) = tokio_tungstenite::client_async(url, plain).await.unwrap();
    Phone::join_over(Client::from_ws(ws, nickname), code, nickname).await
}

#[tokio::test]
async fn a_phone_that_stops_reading_is_closed_with_4008_and_resumes_while_the_room_goes_on() {
    let server = TestServer::start_with(TempDir::new("slow"), |config| {
        config.actions_per_sec = 1_000_000;
    })
    .await;
    let addr = server.addr();
    let room = create_room(&addr, "Slow phone").await;
    let quiz = add_activity(&addr, &room, &quiz(1, 60)).await;
    let mut host = host(&addr, &room).await;
    let mut reader = join(&addr, room.code.as_str(), "Reader").await;
    let mut stalled = join_over_a_narrow_socket(&addr, room.code.as_str(), "Stalled").await;
    let handle = server.app().room(&room.code).unwrap();

    // Every switch of the current activity is an `activity` broadcast to every phone; the
    // stalled phone reads none of them, the other phone reads each one.
    let mut switches = 0u32;
    while handle.stats().await.unwrap().slow_consumers_closed == 0 {
        assert!(switches < 20_000, "the stalled phone is never closed");
        let activity = switches.is_multiple_of(2).then_some(quiz);
        host_acts(&mut host, vec![Act::SetCurrent { activity }]).await;
        reader
            .client
            .until(|m| match m {
                ServerMsg::Activity { current, .. } => {
                    (current.is_some() == activity.is_some()).then_some(())
                }
                _ => None,
            })
            .await;
        switches += 1;
    }

    // What it did receive is followed by a close with 4008, never a torn frame.
    assert_eq!(
        stalled.client.closed().await,
        kring_protocol::close::SLOW_CONSUMER
    );
    // It resumes as itself and finds the room as it is now.
    let (_again, welcome) = resume(&addr, room.code.as_str(), "Stalled", &stalled.token).await;
    let ServerMsg::Welcome {
        me: Some(me), room, ..
    } = welcome
    else {
        panic!("no me in welcome")
    };
    assert_eq!(me.id, stalled.id);
    assert_eq!(
        room.current.is_some(),
        !switches.is_multiple_of(2),
        "the current activity"
    );
    // The room went on for everyone else: one more switch reaches the reading phone.
    host_acts(&mut host, vec![Act::SetCurrent { activity: None }]).await;
    reader
        .client
        .until(|m| matches!(m, ServerMsg::Activity { current: None, .. }).then_some(()))
        .await;
    assert_eq!(handle.stats().await.unwrap().slow_consumers_closed, 1);
}

#[tokio::test]
async fn pages_are_gzipped_for_browsers_that_take_it_and_revalidated_by_etag() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let plain = http(&addr, "GET", "/assets/js/phone.js", &[], b"").await;
    assert_eq!(plain.status, 200);
    assert!(
        !plain
            .headers
            .to_ascii_lowercase()
            .contains("content-encoding")
    );
    let zipped = http(
        &addr,
        "GET",
        "/assets/js/phone.js",
        &[("Accept-Encoding", "gzip, deflate, br")],
        b"",
    )
    .await;
    assert_eq!(zipped.status, 200);
    assert!(
        zipped
            .headers
            .to_ascii_lowercase()
            .contains("content-encoding: gzip"),
        "{}",
        zipped.headers
    );
    assert!(
        zipped.body.len() * 2 < plain.body.len(),
        "gzip shrinks the page"
    );
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(zipped.body.as_slice()),
        &mut unzipped,
    )
    .unwrap();
    assert_eq!(unzipped, plain.body, "the same file");
    let etag = plain
        .headers
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .starts_with("etag:")
                .then(|| l[5..].trim().to_owned())
        })
        .expect("an ETag");
    let again = http(
        &addr,
        "GET",
        "/assets/js/phone.js",
        &[("If-None-Match", &etag)],
        b"",
    )
    .await;
    assert_eq!(again.status, 304, "the browser's copy is still good");
    assert!(again.body.is_empty());
    let page = http(&addr, "GET", "/", &[("Accept-Encoding", "gzip")], b"").await;
    assert!(
        page.headers
            .to_ascii_lowercase()
            .contains("content-encoding: gzip")
    );
    server.stop().await;
}
