//! Hardening (issue 14) over real sockets: limits per address and per room, the organiser key,
//! the origin check, security headers, deadlines for HTTP requests and openings, a socket
//! that never reads, framing violations, per-console action ids, dead phones and a room that
//! panics.

mod common;

use std::time::Duration;

use common::*;
use futures_util::SinkExt;
use kring_protocol::{
    Act, ClientMsg, ClientMsgId, ErrorCode, Personal, QuizInput, QuizPhase, ServerMsg, close,
};
use kring_server::limits::Limit;
use kring_server::room::Command;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
/// Joins from the loopback address `source`.
async fn join_from(addr: &str, source: [u8; 4], code: &str, nickname: &str) -> Phone {
    Phone::join_over(
        Client::connect_from(addr, source, nickname).await,
        code,
        nickname,
    )
    .await
}

/// Waits (polling) until `done` holds, at most [`WAIT`].
async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let until = tokio::time::Instant::now() + WAIT;
    while !done() {
        assert!(tokio::time::Instant::now() < until, "never: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn joins_are_limited_per_address_and_per_room() {
    let server = TestServer::start_with(TempDir::new("joins"), |c| {
        c.join_burst_per_addr = 3;
        c.join_rate_per_addr = 1;
        c.join_burst_per_room = 5;
        c.join_rate_per_room = 1;
    })
    .await;
    let addr = server.addr();
    let room = create_room(&addr, "Joins").await;
    let code = room.code.as_str();
    // A class behind one address joins within the burst ...
    let mut class = Vec::new();
    for n in 0..3 {
        class.push(join_from(&addr, [127, 0, 0, 1], code, &format!("A{n}")).await);
    }
    // ... a loop from the same address is held back, and told so, with 4029.
    let mut looping = Client::connect_from(&addr, [127, 0, 0, 1], "loop").await;
    assert_eq!(
        join_refusal(&mut looping, code, "Loop").await,
        ErrorCode::RateLimited
    );
    assert_eq!(looping.closed().await, close::RATE_LIMITED);
    // Other addresses join until the room's own burst is spent.
    for n in 0..2 {
        class.push(join_from(&addr, [127, 0, 0, 2], code, &format!("B{n}")).await);
    }
    let mut late = Client::connect_from(&addr, [127, 0, 0, 3], "late").await;
    assert_eq!(
        join_refusal(&mut late, code, "Late").await,
        ErrorCode::RateLimited
    );
    // Another room is not held back by this one.
    let other = create_room(&addr, "Other").await;
    join_from(&addr, [127, 0, 0, 3], other.code.as_str(), "C").await;
    let limits = &server.app().limits;
    assert_eq!(limits.hits(Limit::JoinsPerAddress), 1);
    assert_eq!(limits.hits(Limit::JoinsPerRoom), 1);
}

/// `POST /api/rooms` with these headers and body.
async fn post_room(addr: &str, headers: &[(&str, &str)], body: &str) -> Response {
    http(addr, "POST", "/api/rooms", headers, body.as_bytes()).await
}

#[tokio::test]
async fn creating_rooms_needs_the_organiser_key_and_json_and_stays_within_its_limits() {
    let server = TestServer::start_with(TempDir::new("create"), |c| {
        c.organiser_key = Some("sesame".into());
        c.create_burst_per_addr = 3;
        c.create_per_hour_per_addr = 1;
        c.max_rooms = 2;
    })
    .await;
    let addr = server.addr();
    let json = ("Content-Type", "application/json");
    let key = ("Authorization", "Bearer sesame");
    let body = r#"{"title":"MZ2B"}"#;
    post_room(&addr, &[json], body)
        .await
        .assert_error(401, "badOrganiserKey");
    post_room(&addr, &[json, ("Authorization", "Bearer guess")], body)
        .await
        .assert_error(401, "badOrganiserKey");
    // A cross-site form or fetch without preflight can only send text/plain and friends.
    post_room(&addr, &[("Content-Type", "text/plain"), key], body)
        .await
        .assert_error(415, "unsupportedMediaType");
    let mut codes = Vec::new();
    for _ in 0..2 {
        let created = post_room(&addr, &[json, key], body).await;
        assert_eq!(created.status, 201, "{}", created.text());
        codes.push(created.json()["code"].as_str().unwrap().to_owned());
    }
    post_room(&addr, &[json, key], body)
        .await
        .assert_error(503, "tooManyRooms");
    // Deleting one makes room for one more (the third of the address's burst) ...
    server
        .app()
        .delete_room(&kring_protocol::RoomCode(codes[0].clone()))
        .await
        .unwrap();
    assert_eq!(post_room(&addr, &[json, key], body).await.status, 201);
    server
        .app()
        .delete_room(&kring_protocol::RoomCode(codes[1].clone()))
        .await
        .unwrap();
    // ... and then the address has spent its burst: 429 with Retry-After.
    let limited = post_room(&addr, &[json, key], body).await;
    limited.assert_error(429, "rateLimited");
    assert!(
        limited
            .headers
            .to_ascii_lowercase()
            .contains("retry-after:"),
        "{}",
        limited.headers
    );
    assert_eq!(server.app().limits.hits(Limit::Rooms), 1);
    assert_eq!(server.app().limits.hits(Limit::RoomCreations), 1);
}

/// A WebSocket upgrade request with this `Origin`; returns the status.
async fn upgrade_status(addr: &str, origin: &str) -> u16 {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET /ws?v=1 HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
         Origin: {origin}\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut head = [0u8; 12];
    tokio::time::timeout(WAIT, stream.read_exact(&mut head))
        .await
        .unwrap()
        .unwrap();
    String::from_utf8_lossy(&head[9..12]).parse().unwrap()
}

#[tokio::test]
async fn requests_and_websockets_from_pages_of_other_sites_are_refused() {
    let server = TestServer::start_with(TempDir::new("origin"), |c| {
        c.public_url = Some("https://kring.school.nl".into());
    })
    .await;
    let addr = server.addr();
    let json = ("Content-Type", "application/json");
    let body = r#"{"title":"x"}"#;
    post_room(&addr, &[json, ("Origin", "http://evil.example")], body)
        .await
        .assert_error(403, "badOrigin");
    post_room(&addr, &[json, ("Origin", "null")], body)
        .await
        .assert_error(403, "badOrigin");
    let same = format!("http://{addr}");
    assert_eq!(
        post_room(&addr, &[json, ("Origin", &same)], body)
            .await
            .status,
        201
    );
    assert_eq!(
        post_room(&addr, &[json, ("Origin", "https://kring.school.nl")], body)
            .await
            .status,
        201
    );
    let room = create_room(&addr, "Target").await;
    let auth = format!("Bearer {}", room.host_key);
    let path = format!("/api/rooms/{}", room.code);
    let evil = [
        ("Authorization", auth.as_str()),
        ("Origin", "http://evil.example"),
    ];
    http(&addr, "DELETE", &path, &evil, b"")
        .await
        .assert_error(403, "badOrigin");
    // Reading is not changing: an image or a GET from anywhere is answered.
    let qr = http(&addr, "GET", &format!("{path}/qr.svg"), &evil[1..], b"").await;
    assert_eq!(qr.status, 200);
    assert_eq!(upgrade_status(&addr, "http://evil.example").await, 403);
    assert_eq!(upgrade_status(&addr, &same).await, 101);
}

#[tokio::test]
async fn every_page_and_the_report_carry_the_security_headers() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Headers").await;
    let auth = format!("Bearer {}", room.host_key);
    let report = format!("/api/rooms/{}/report.html", room.code);
    for path in [
        "/",
        "/host",
        "/screen",
        "/assets/js/phone.js",
        "/api/rooms/XXXXXX/qr.svg",
    ] {
        let response = http(&addr, "GET", path, &[], b"").await;
        let headers = response.headers.to_ascii_lowercase();
        for expected in [
            "content-security-policy: default-src 'self'; script-src 'self';",
            "frame-ancestors 'none'",
            "x-content-type-options: nosniff",
            "referrer-policy: no-referrer",
            "permissions-policy: camera=()",
            "x-frame-options: deny",
        ] {
            assert!(headers.contains(expected), "{path}: {expected}\n{headers}");
        }
        assert!(!headers.contains("unsafe-inline"), "{path}: {headers}");
    }
    let response = get_auth(&addr, &report, &auth).await;
    assert_eq!(response.status, 200);
    let headers = response.headers.to_ascii_lowercase();
    assert!(
        headers.contains("content-security-policy: default-src 'none'; style-src 'sha256-"),
        "{headers}"
    );
    assert!(headers.contains("x-content-type-options: nosniff"));
}

#[tokio::test]
async fn an_address_past_its_failed_look_ups_cannot_find_rooms_for_a_while() {
    let server = TestServer::start_with(TempDir::new("lookups"), |c| {
        c.lookup_failures_burst = 3;
        c.lookup_failures_per_min = 1;
    })
    .await;
    let addr = server.addr();
    let room = create_room(&addr, "Hidden").await;
    let qr = format!("/api/rooms/{}/qr.svg", room.code);
    assert_eq!(http(&addr, "GET", &qr, &[], b"").await.status, 200);
    // Guessing: unknown codes, and a wrong host key.
    for guess in ["AAAAAA", "BBBBBB", "CCCCCC"] {
        http(
            &addr,
            "GET",
            &format!("/api/rooms/{guess}/qr.svg"),
            &[],
            b"",
        )
        .await
        .assert_error(404, "roomNotFound");
    }
    get_auth(&addr, &format!("/api/rooms/{}", room.code), "Bearer wrong")
        .await
        .assert_error(401, "badHostKey");
    // Now even the existing room is not found from this address, over HTTP or WebSocket.
    http(&addr, "GET", &qr, &[], b"")
        .await
        .assert_error(429, "rateLimited");
    let mut guesser = Client::connect_from(&addr, [127, 0, 0, 1], "guesser").await;
    assert_eq!(
        join_refusal(&mut guesser, room.code.as_str(), "Guesser").await,
        ErrorCode::RateLimited
    );
    assert_eq!(guesser.closed().await, close::RATE_LIMITED);
    // Other addresses are not affected.
    join_from(&addr, [127, 0, 0, 2], room.code.as_str(), "Student").await;
    assert!(server.app().limits.hits(Limit::LookupFailures) >= 2);
}

/// Reads until the server closes the connection; returns what arrived.
async fn read_until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut got = Vec::new();
    tokio::time::timeout(WAIT, stream.read_to_end(&mut got))
        .await
        .expect("the server closes the connection")
        .ok();
    got
}

#[tokio::test]
async fn slow_requests_are_cut_off_and_all_connections_are_limited() {
    let server = TestServer::start_with(TempDir::new("conns"), |c| {
        c.deadlines.header = Duration::from_millis(500);
        c.max_connections = 2;
        c.http_headroom = 2;
    })
    .await;
    let addr = server.addr();
    assert_eq!(server.app().capacity.connections, 4);
    // Four connections that never send a request hold every place ...
    let mut silent = Vec::new();
    for _ in 0..4 {
        silent.push(TcpStream::connect(&addr).await.unwrap());
    }
    // (accepting is asynchronous: let the server take them in)
    eventually("the four are accepted", || {
        server.app().limits.hits(Limit::Connections) == 0
    })
    .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    // ... so a fifth is told so at once.
    let mut fifth = TcpStream::connect(&addr).await.unwrap();
    let answer = read_until_closed(&mut fifth).await;
    assert!(
        answer.starts_with(b"HTTP/1.1 503"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    assert_eq!(server.app().limits.hits(Limit::Connections), 1);
    // The silent ones are closed once the header deadline passes.
    for stream in &mut silent {
        read_until_closed(stream).await;
    }
    // A request dribbled a byte at a time does not buy more time.
    let mut dribbling = TcpStream::connect(&addr).await.unwrap();
    let request = format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nX-Slow: ");
    let mut closed = false;
    for byte in request.bytes().chain(std::iter::repeat(b'a')).take(100) {
        if dribbling.write_all(&[byte]).await.is_err() {
            closed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        let mut probe = [0u8; 64];
        if let Ok(Ok(n)) =
            tokio::time::timeout(Duration::from_millis(1), dribbling.read(&mut probe)).await
        {
            assert!(
                !String::from_utf8_lossy(&probe[..n]).contains("200 OK"),
                "answered"
            );
            closed = true;
            break;
        }
    }
    assert!(closed, "a dribbled request is cut off");
    // And the server still answers a real request.
    assert_eq!(http(&addr, "GET", "/healthz", &[], b"").await.status, 200);
}

/// Connects over a socket that takes little (536-byte segments, a 4 KiB receive buffer), so
/// that what the server writes backs up quickly when nothing is read.
async fn connect_narrow(addr: &str, name: &str) -> Client {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    socket2::SockRef::from(&socket).set_tcp_mss(536).unwrap();
    let stream = socket.connect(addr.parse().unwrap()).await.unwrap();
    let url = format!("ws://{addr}/ws?v=1");
    let plain = tokio_tungstenite::MaybeTlsStream::Plain(stream);
    let (ws, _) = tokio_tungstenite::client_async(url, plain).await.unwrap();
    Client::from_ws(ws, name)
}

#[tokio::test]
async fn a_socket_that_never_reads_cannot_wedge_its_task() {
    let server = TestServer::start_with(TempDir::new("wedge"), |c| {
        // Not stopped by the rate limit: this is about writes that cannot leave.
        c.actions_per_sec = 1_000_000;
    })
    .await;
    let addr = server.addr();
    let room = create_room(&addr, "Wedge").await;
    let phone = Phone::join_over(
        connect_narrow(&addr, "stuck").await,
        room.code.as_str(),
        "Stuck",
    )
    .await;
    let mut ws = phone.client.ws;
    // A stream of invalid messages, each answered with an error nobody reads.
    for _ in 0..20_000 {
        let sent = tokio::time::timeout(
            Duration::from_secs(1),
            ws.send(Message::Text("{not json".into())),
        )
        .await;
        if !matches!(sent, Ok(Ok(()))) {
            break;
        }
    }
    // The socket's task sees that the peer does not read and ends, without being stuck in a
    // write.
    eventually("the socket task ends", || server.app().sessions.is_empty()).await;
    // And the room goes on for others.
    join(&addr, room.code.as_str(), "Other").await;
    drop(ws);
}

#[tokio::test]
async fn the_opening_deadline_is_absolute() {
    let server = TestServer::start_with(TempDir::new("deadline"), |c| {
        c.deadlines.handshake = Duration::from_secs(1);
    })
    .await;
    let mut client = Client::connect(&server.addr(), "junk").await;
    // Junk now and then used to push the deadline on for ever.
    let code = tokio::time::timeout(WAIT, async {
        loop {
            tokio::select! {
                msg = futures_util::StreamExt::next(&mut client.ws) => match msg {
                    Some(Ok(Message::Close(frame))) => {
                        return frame.map_or(1005, |f| u16::from(f.code));
                    }
                    Some(Ok(_)) => {}
                    _ => return 1006,
                },
                _ = tokio::time::sleep(Duration::from_millis(200)) => {
                    let _ = client.ws.send(Message::Text("junk".into())).await;
                }
            }
        }
    })
    .await
    .expect("the opening deadline passes");
    assert_eq!(code, close::HANDSHAKE);
    assert_eq!(server.app().limits.hits(Limit::Timeouts), 1);
}

#[tokio::test]
async fn framing_violations_close_with_1002_and_bad_utf8_with_1007() {
    let server = TestServer::start().await;
    let addr = server.addr();
    // A client frame must be masked.
    let mut unmasked = Client::connect(&addr, "unmasked").await;
    let raw = unmasked.ws.get_mut();
    let tokio_tungstenite::MaybeTlsStream::Plain(stream) = raw else {
        panic!("plain TCP")
    };
    stream.write_all(&[0x81, 0x02, b'h', b'i']).await.unwrap();
    assert_eq!(unmasked.closed().await, close::PROTOCOL_ERROR);
    // A text frame must be UTF-8.
    let mut garbled = Client::connect(&addr, "garbled").await;
    let tokio_tungstenite::MaybeTlsStream::Plain(stream) = garbled.ws.get_mut() else {
        panic!("plain TCP")
    };
    let mask = [1u8, 2, 3, 4];
    let payload = [0xffu8, 0xfe, 0xfd];
    let mut frame = vec![0x81, 0x80 | payload.len() as u8];
    frame.extend_from_slice(&mask);
    frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    stream.write_all(&frame).await.unwrap();
    assert_eq!(garbled.closed().await, close::INVALID_DATA);
}

#[tokio::test]
async fn sync_and_refused_joins_are_rate_limited() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Flood").await;
    let code = room.code.as_str();
    let mut phone = join(&addr, code, "Sam").await;
    // Every sync costs the room a whole welcome.
    for _ in 0..100 {
        phone.client.send(&ClientMsg::Sync).await;
    }
    phone.client.expect_error(ErrorCode::RateLimited).await;
    assert_eq!(phone.client.closed().await, close::RATE_LIMITED);
    assert_eq!(server.app().limits.hits(Limit::Messages), 1);
    // Refused openings on one socket are messages too.
    let mut guesser = Client::connect(&addr, "guesser").await;
    let mut codes = Vec::new();
    for _ in 0..30 {
        guesser
            .send(&ClientMsg::Join {
                room: code.into(),
                nickname: Some("Sam".into()),
                lang: Default::default(),
            })
            .await;
    }
    while codes.len() < 21 {
        if let ServerMsg::Error { code, .. } = guesser.recv().await {
            codes.push(code);
        }
    }
    assert!(codes.contains(&ErrorCode::NicknameTaken), "{codes:?}");
    assert!(codes.contains(&ErrorCode::RateLimited), "{codes:?}");
}

/// A host console with its own console id.
async fn console(addr: &str, room: &kring_protocol::CreateRoomResponse, id: &str) -> Client {
    let mut client = Client::connect(addr, id).await;
    client
        .hello(ClientMsg::Host {
            room: room.code.0.clone(),
            host_key: room.host_key.clone(),
            console: Some(id.into()),
        })
        .await;
    client
}

/// Sends an action with this exact id; returns its `duplicate` flag.
async fn act_with_id(client: &mut Client, id: &str, act: Act) -> bool {
    let id = ClientMsgId(id.into());
    client
        .send(&ClientMsg::Act {
            id: id.clone(),
            act,
        })
        .await;
    client.ack(&id).await
}

#[tokio::test]
async fn each_host_console_has_its_own_action_ids() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Two consoles").await;
    let mut laptop = console(&addr, &room, "laptop").await;
    let mut tablet = console(&addr, &room, "tablet").await;
    let add = || Act::AddActivity {
        spec: quiz(1, 20),
        session: None,
    };
    assert!(!act_with_id(&mut laptop, "1", add()).await);
    // The same id from another console is another action ...
    assert!(!act_with_id(&mut tablet, "1", add()).await);
    // ... and a console's own repeat is still one action.
    assert!(act_with_id(&mut laptop, "1", add()).await);
    let agenda = server
        .app()
        .room(&room.code)
        .unwrap()
        .read(|state| state.activities().count())
        .await
        .unwrap();
    assert_eq!(agenda, 2);
}

#[tokio::test]
async fn a_dead_phone_does_not_hold_an_open_question() {
    let server = TestServer::start_with(TempDir::new("dead"), |c| {
        c.deadlines.tick = Duration::from_millis(100);
        c.deadlines.busy_ping = Duration::from_millis(200);
        c.deadlines.busy_idle = Duration::from_millis(1500);
    })
    .await;
    let addr = server.addr();
    let room = create_room(&addr, "Dead link").await;
    // One long question: only closing early can reveal it within the test's wait.
    let quiz_id = add_activity(&addr, &room, &quiz(1, 300)).await;
    let mut host = host(&addr, &room).await;
    let mut alive = join(&addr, room.code.as_str(), "Alive").await;
    // Its link dies silently: nothing is read (no pong) and nothing sent.
    let mut dead = join(&addr, room.code.as_str(), "Dead").await;
    open_first_question(&mut host, quiz_id).await;
    alive.answer_when_open(quiz_id, 0, 0).await;
    alive
        .client
        .until(|m| quiz_phase(m).filter(|p| matches!(p, QuizPhase::Reveal { .. })))
        .await;
    assert_eq!(dead.client.closed().await, close::IDLE);
}

#[tokio::test]
async fn a_room_that_panics_is_restored_from_its_log_and_other_rooms_go_on() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let broken = create_room(&addr, "Broken").await;
    let quiz_id = add_activity(&addr, &broken, &quiz(2, 300)).await;
    let mut host_a = host(&addr, &broken).await;
    let mut sam = join(&addr, broken.code.as_str(), "Sam").await;
    open_first_question(&mut host_a, quiz_id).await;
    sam.answer_when_open(quiz_id, 0, 1).await;
    let other = create_room(&addr, "Fine").await;
    let other_quiz = add_activity(&addr, &other, &quiz(1, 300)).await;
    let mut host_b = host(&addr, &other).await;
    let mut kim = join(&addr, other.code.as_str(), "Kim").await;

    let handle = server.app().room(&broken.code).unwrap();
    assert!(
        handle
            .send(Command::Read(Box::new(|_| panic!("a bug in the room"))))
            .await
    );
    // Everyone in the room gets a fresh welcome from the restored state: the answer is there.
    let welcome = sam
        .client
        .until(|m| matches!(m, ServerMsg::Welcome { .. }).then(|| m.clone()))
        .await;
    let ServerMsg::Welcome { me: Some(me), .. } = &welcome else {
        panic!("{welcome:?}")
    };
    let Some(Personal::Quiz(personal)) = &me.personal else {
        panic!("{me:?}")
    };
    assert_eq!(personal.answer.as_ref().map(|a| a.choice), Some(1));
    assert_eq!(handle.stats().await.unwrap().restarts, 1);
    // The room goes on ...
    host_acts(
        &mut host_a,
        vec![quiz_act(quiz_id, QuizInput::StartQuestion { question: 1 })],
    )
    .await;
    // ... and so does the other room.
    open_first_question(&mut host_b, other_quiz).await;
    kim.answer_when_open(other_quiz, 0, 0).await;
}
