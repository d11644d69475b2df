//! Nothing lost: restarts, `kill -9`, graceful stops, a corrupt data dir, deletion, retention
//! and exports, with the real SQLite store, real processes and real sockets.

mod common;

use std::collections::HashMap;

use common::*;
use kring_protocol::{ClientMsg, ClientMsgId, Personal, QuizInput, QuizPhase, ServerMsg};

async fn export_json(addr: &str, code: &str, key: &str) -> serde_json::Value {
    let auth = format!("Bearer {key}");
    let response = http(
        addr,
        "GET",
        &format!("/api/rooms/{code}/export.json"),
        &[("Authorization", &auth)],
        b"",
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()
}

/// Time left on the open question of a welcome or activity message (server clock).
fn time_left(msg: &ServerMsg) -> Option<u64> {
    let server_now = match msg {
        ServerMsg::Welcome { server_now, .. } | ServerMsg::Activity { server_now, .. } => {
            *server_now
        }
        _ => return None,
    };
    match quiz_phase(msg)? {
        QuizPhase::Question { deadline, .. } => Some(deadline.saturating_sub(server_now)),
        _ => None,
    }
}

#[tokio::test]
async fn a_graceful_restart_restores_rooms_participants_answers_and_the_time_left() {
    let Class {
        server,
        addr: _,
        room,
        quiz,
        mut host,
        mut ada,
        bo,
    } = class("Restart", quiz(2, 5), ["Ada", "Bo"]).await;
    open_first_question(&mut host, quiz).await;
    let id = ada.answer_when_open(quiz, 0, 0).await;
    let (mut bo_again, bo_token) = (bo.client, bo.token);
    bo_again.send(&ClientMsg::Sync).await;
    let left_at_stop = bo_again.until(time_left).await;

    // Stop gracefully while question 1 is open; stay down past its 5 s deadline.
    let dir = server.stop().await;
    tokio::time::sleep(std::time::Duration::from_millis(5_200)).await;
    let server = TestServer::start_in(dir).await;
    let addr = server.addr();

    let (mut again, welcome) = resume(&addr, room.code.as_str(), "Ada", &ada.token).await;
    let left = time_left(&welcome).unwrap_or_else(|| {
        panic!("the question open at a graceful stop is open after the restart: {welcome:?}")
    });
    assert!(
        left > 0 && left <= left_at_stop,
        "it keeps the time it had left ({left} of {left_at_stop} ms)"
    );
    let ServerMsg::Welcome { me: Some(me), .. } = &welcome else {
        unreachable!()
    };
    assert_eq!(me.nickname, "Ada");
    let Some(Personal::Quiz(mine)) = &me.personal else {
        panic!()
    };
    assert_eq!(
        mine.answer.as_ref().map(|a| a.choice),
        Some(0),
        "answer kept"
    );
    // Bo answers in the time that is left, and both are scored.
    let (mut bo, _) = resume(&addr, room.code.as_str(), "Bo", &bo_token).await;
    let bo_id = bo
        .act(quiz_act(
            quiz,
            QuizInput::Answer {
                question: 0,
                choice: 0,
            },
        ))
        .await;
    assert!(!bo.ack(&bo_id).await);
    let result = me_when(
        &mut again,
        |me| matches!(&me.personal, Some(Personal::Quiz(q)) if q.result.is_some()),
    )
    .await;
    let Some(Personal::Quiz(mine)) = result.personal else {
        panic!()
    };
    assert!(
        mine.result.is_some_and(|r| r.correct && r.points >= 500),
        "score kept"
    );
    // The host key still works, and the quiz goes on where it was.
    let mut host = common::host(&addr, &room).await;
    host_acts(
        &mut host,
        vec![quiz_act(quiz, QuizInput::StartQuestion { question: 1 })],
    )
    .await;
    again
        .until(|m| quiz_phase(m).filter(|p| matches!(p, QuizPhase::Question { index: 1, .. })))
        .await;
    // A re-sent old action is still recognised after the restart.
    again
        .send(&ClientMsg::Act {
            id: id.clone(),
            act: quiz_act(
                quiz,
                QuizInput::Answer {
                    question: 0,
                    choice: 0,
                },
            ),
        })
        .await;
    assert!(again.ack(&id).await);
    server.stop().await;
}

#[tokio::test]
async fn a_question_whose_deadline_passed_while_the_server_was_killed_is_locked() {
    let dir = TempDir::new("locked");
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let addr = proc.addr.clone();
    let room = create_room(&addr, "Locked").await;
    let quiz = add_activity(&addr, &room, &quiz(1, 5)).await;
    let mut host = host(&addr, &room).await;
    let mut ada = join(&addr, room.code.as_str(), "Ada").await;
    let _bo = join(&addr, room.code.as_str(), "Bo").await;
    open_first_question(&mut host, quiz).await;
    ada.answer_when_open(quiz, 0, 0).await;
    // No graceful stop records the time left: a crash that outlasts the deadline locks it.
    proc.kill9().await;
    tokio::time::sleep(std::time::Duration::from_millis(5_200)).await;
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let (_again, welcome) = resume(&proc.addr, room.code.as_str(), "Ada", &ada.token).await;
    let Some(QuizPhase::Reveal {
        counts, answered, ..
    }) = quiz_phase(&welcome)
    else {
        panic!(
            "the question whose deadline passed while the server was down is locked: {welcome:?}"
        )
    };
    assert_eq!((counts[0], answered), (1, 1));
    proc.kill9().await;
}

/// One phone of the kill -9 test: its answers by action id, and which were acknowledged.
struct Player {
    phone: Phone,
    sent: Vec<(ClientMsgId, u32)>,
    acked: Vec<ClientMsgId>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_mid_quiz_loses_no_acknowledged_answer() {
    const PHONES: usize = 24;
    let dir = TempDir::new("kill9");
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let addr = proc.addr.clone();
    let room = create_room(&addr, "Kill").await;
    let quiz = add_activity(&addr, &room, &quiz(1, 120)).await;
    let mut host = host(&addr, &room).await;
    let mut players = Vec::new();
    for i in 0..PHONES {
        let phone = join(&addr, room.code.as_str(), &format!("P{i}")).await;
        players.push(Player {
            phone,
            sent: Vec::new(),
            acked: Vec::new(),
        });
    }
    // One phone that never answers keeps the question from locking early.
    let _thinker = join(&addr, room.code.as_str(), "Thinker").await;
    open_first_question(&mut host, quiz).await;
    for p in &mut players {
        p.phone
            .client
            .until(|m| quiz_phase(m).filter(|p| matches!(p, QuizPhase::Question { .. })))
            .await;
    }
    // Everyone answers at once; the server dies while the answers are in flight.
    for (i, p) in players.iter_mut().enumerate() {
        let choice = (i % 4) as u32;
        let id = p
            .phone
            .client
            .act(quiz_act(
                quiz,
                QuizInput::Answer {
                    question: 0,
                    choice,
                },
            ))
            .await;
        p.sent.push((id, choice));
    }
    // Kill as soon as the first acknowledgement arrives: the rest are in flight.
    let first = players[0].sent[0].0.clone();
    players[0].phone.client.ack(&first).await;
    players[0].acked.push(first);
    proc.kill9().await;
    // Whatever else reached a phone before the socket died counts as acknowledged too.
    for p in players.iter_mut().skip(1) {
        while let Ok(Some(Ok(msg))) = tokio::time::timeout(
            std::time::Duration::from_millis(200),
            futures_util::StreamExt::next(&mut p.phone.client.ws),
        )
        .await
        {
            if let tokio_tungstenite::tungstenite::Message::Text(text) = msg
                && let Ok(ServerMsg::Ack { id, .. }) = serde_json::from_str::<ServerMsg>(&text)
            {
                p.acked.push(id);
            }
        }
    }
    let acked_before: HashMap<String, (ClientMsgId, u32)> = players
        .iter()
        .filter(|p| !p.acked.is_empty())
        .map(|p| (p.phone.client.name.clone(), p.sent[0].clone()))
        .collect();
    assert!(!acked_before.is_empty());

    // Restart on the same data dir; every phone resumes and re-sends what was not acknowledged.
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let addr = proc.addr.clone();
    let mut duplicates = 0;
    for p in &mut players {
        let (mut client, welcome) = resume(
            &addr,
            room.code.as_str(),
            &p.phone.client.name,
            &p.phone.token,
        )
        .await;
        assert!(
            matches!(quiz_phase(&welcome), Some(QuizPhase::Question { .. })),
            "the question is still open"
        );
        let (id, choice) = p.sent[0].clone();
        client
            .send(&ClientMsg::Act {
                id: id.clone(),
                act: quiz_act(
                    quiz,
                    QuizInput::Answer {
                        question: 0,
                        choice,
                    },
                ),
            })
            .await;
        let duplicate = client.ack(&id).await;
        if p.acked.contains(&id) {
            assert!(
                duplicate,
                "{}: an acknowledged answer survived the kill",
                client.name
            );
        }
        duplicates += usize::from(duplicate);
        p.phone.client = client;
    }
    assert!(duplicates >= acked_before.len());
    eprintln!(
        "kill -9: {} of {PHONES} answers acknowledged before the kill, {duplicates} found durable after it",
        acked_before.len()
    );
    let export = export_json(&addr, room.code.as_str(), &room.host_key).await;
    let question = &export["activities"][0]["questions"][0];
    let responses = question["responses"].as_array().unwrap();
    assert_eq!(
        responses.len(),
        PHONES,
        "every phone has exactly one answer"
    );
    for r in responses {
        let nickname = r["nickname"].as_str().unwrap();
        let player = players
            .iter()
            .find(|p| p.phone.client.name == nickname)
            .unwrap();
        assert_eq!(
            r["choice"].as_u64().unwrap() as u32,
            player.sent[0].1,
            "{nickname}: the choice it sent"
        );
        assert_eq!(r["correct"].as_bool().unwrap(), player.sent[0].1 == 0);
    }
    let counts: Vec<u64> = question["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap())
        .collect();
    assert_eq!(
        counts,
        vec![6, 6, 6, 6],
        "the same distribution as an uninterrupted run"
    );
    proc.terminate().await;
}

#[tokio::test]
async fn sigterm_closes_sockets_with_1001_and_the_phone_resumes_after_the_restart() {
    let dir = TempDir::new("term");
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let addr = proc.addr.clone();
    let room = create_room(&addr, "Term").await;
    let mut ada = join(&addr, room.code.as_str(), "Ada").await;
    let status = proc.terminate().await;
    assert!(status.success(), "a graceful stop exits 0: {status:?}");
    assert_eq!(
        ada.client.closed().await,
        1001,
        "going away: phones reconnect by themselves"
    );
    // Back on the same address: the phone resumes as itself.
    let proc = Proc::start(&dir.0, &addr).await;
    let (_again, welcome) = resume(&addr, room.code.as_str(), "Ada", &ada.token).await;
    let ServerMsg::Welcome { me: Some(me), .. } = welcome else {
        panic!()
    };
    assert_eq!((me.id, me.nickname.as_str()), (ada.id, "Ada"));
    proc.terminate().await;
}

#[test]
fn a_corrupt_or_unusable_data_dir_is_a_clear_error() {
    let dir = TempDir::new("corrupt");
    std::fs::write(
        dir.0.join("kring.db"),
        b"this is not a database, just some text that was here",
    )
    .unwrap();
    let stderr = start_fails(&dir.0);
    assert!(stderr.contains("not a readable Kring database"), "{stderr}");

    let file = dir.0.join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let stderr = start_fails(&file);
    assert!(
        stderr.contains("cannot create the data directory"),
        "{stderr}"
    );
}

#[tokio::test]
async fn deleting_a_room_leaves_nothing_and_disconnects_its_phones() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Delete me").await;
    let keep = create_room(&addr, "Keep me").await;
    add_activity(&addr, &room, &quiz(1, 10)).await;
    let mut ada = join(&addr, room.code.as_str(), "Zyxwvut Secret").await;
    let path = format!("/api/rooms/{}", room.code);
    let wrong = http(
        &addr,
        "DELETE",
        &path,
        &[("Authorization", "Bearer nope")],
        b"",
    )
    .await;
    assert_eq!(wrong.status, 401);
    let auth = format!("Bearer {}", room.host_key);
    let deleted = http(&addr, "DELETE", &path, &[("Authorization", &auth)], b"").await;
    assert_eq!(deleted.status, 204, "{}", deleted.text());
    assert_eq!(
        ada.client.closed().await,
        kring_protocol::close::ROOM_NOT_FOUND
    );
    assert_eq!(get_auth(&addr, &path, &auth).await.status, 404);
    let dir = server.stop().await;
    let db = rusqlite::Connection::open(dir.0.join("kring.db")).unwrap();
    for table in [
        "rooms WHERE code",
        "events WHERE room",
        "snapshots WHERE room",
    ] {
        let n: i64 = db
            .query_row(
                &format!("SELECT count(*) FROM {table} = ?1"),
                [room.code.as_str()],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0, "{table}");
    }
    drop(db);
    let mut bytes = std::fs::read(dir.0.join("kring.db")).unwrap();
    if let Ok(wal) = std::fs::read(dir.0.join("kring.db-wal")) {
        bytes.extend(wal);
    }
    assert!(
        !bytes.windows(14).any(|w| w == b"Zyxwvut Secret"),
        "the deleted room's nicknames are not left readable in the file"
    );
    let db = rusqlite::Connection::open(dir.0.join("kring.db")).unwrap();
    let kept: i64 = db
        .query_row(
            "SELECT count(*) FROM rooms WHERE code = ?1",
            [keep.code.as_str()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 1);
}

#[tokio::test]
async fn rooms_unused_past_the_retention_period_are_deleted() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let old = create_room(&addr, "Old").await;
    let recent = create_room(&addr, "Recent").await;
    let dir = server.stop().await;
    {
        let db = rusqlite::Connection::open(dir.0.join("kring.db")).unwrap();
        db.execute(
            "UPDATE rooms SET last_used_at = last_used_at - ?1 WHERE code = ?2",
            rusqlite::params![366_i64 * 86_400_000, old.code.as_str()],
        )
        .unwrap();
    }
    let server = TestServer::start_in(dir).await;
    let addr = server.addr();
    let mut tries = 0;
    while server.app().room(&old.code).is_some() && tries < 100 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        tries += 1;
    }
    let auth = format!("Bearer {}", old.host_key);
    assert_eq!(
        get_auth(&addr, &format!("/api/rooms/{}", old.code), &auth)
            .await
            .status,
        404
    );
    let auth = format!("Bearer {}", recent.host_key);
    assert_eq!(
        get_auth(&addr, &format!("/api/rooms/{}", recent.code), &auth)
            .await
            .status,
        200
    );
    server.stop().await;
}

#[tokio::test]
async fn exports_hold_exactly_what_the_phones_were_acknowledged() {
    let Class {
        server,
        addr,
        room,
        quiz,
        mut host,
        mut ada,
        mut bo,
    } = class("Export", quiz(2, 60), ["=Ada", "<b>Bo</b>"]).await;
    open_first_question(&mut host, quiz).await;
    for (phone, choice) in [(&mut ada, 0), (&mut bo, 3)] {
        phone.answer_when_open(quiz, 0, choice).await;
    }
    let mine = ada.client.until(|m| match m {
        ServerMsg::You { me } => me.personal.as_ref().and_then(|p| match p {
            Personal::Quiz(p) => p.result.clone(),
            _ => None,
        }),
        _ => None,
    });
    let mine = mine.await;

    let json = export_json(&addr, room.code.as_str(), &room.host_key).await;
    assert_eq!(json["room"]["code"], room.code.0.as_str());
    let nicknames: Vec<&str> = json["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["nickname"].as_str().unwrap())
        .collect();
    assert_eq!(nicknames, vec!["=Ada", "<b>Bo</b>"]);
    let q = &json["activities"][0]["questions"][0];
    assert_eq!(q["counts"], serde_json::json!([1, 0, 0, 1]));
    assert_eq!(q["responses"][0]["nickname"], "=Ada");
    assert_eq!(
        q["responses"][0]["points"].as_u64().unwrap() as u32,
        mine.points,
        "the points the phone was shown"
    );
    assert_eq!(json["activities"][0]["questions"][1]["asked"], false);
    assert_eq!(json["activities"][0]["scores"][0]["nickname"], "=Ada");

    let auth = format!("Bearer {}", room.host_key);
    let csv = get_auth(
        &addr,
        &format!("/api/rooms/{}/export.csv", room.code),
        &auth,
    )
    .await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.headers
            .to_ascii_lowercase()
            .contains("content-type: text/csv; charset=utf-8")
    );
    assert!(csv.headers.contains("attachment; filename=\"kring-"));
    let text = csv.text();
    assert!(text.starts_with('\u{feff}'), "a UTF-8 BOM for Excel");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "activity;activity_title;kind;item;item_text;participant;nickname;team;answer;answer_text;correct;value;time_ms;session;session_title;session_date;empty_chair"
    );
    assert_eq!(lines.len(), 3, "one row per response");
    let ada_row: Vec<&str> = lines[1].split(';').collect();
    assert_eq!(
        &ada_row[..11],
        [
            "1",
            "Test quiz",
            "quiz",
            "1",
            "Question 1",
            "0",
            "'=Ada",
            "",
            "A",
            "A",
            "1"
        ],
        "formulas are defused"
    );
    assert_eq!(ada_row[11], mine.points.to_string());
    let one = get_auth(
        &addr,
        &format!("/api/rooms/{}/export.csv?activity=1", room.code),
        &auth,
    )
    .await;
    assert_eq!(one.text(), text);
    let missing = get_auth(
        &addr,
        &format!("/api/rooms/{}/export.csv?activity=9", room.code),
        &auth,
    )
    .await;
    assert_eq!(missing.status, 404);
    let unauthorised = http(
        &addr,
        "GET",
        &format!("/api/rooms/{}/export.json", room.code),
        &[],
        b"",
    )
    .await;
    assert_eq!(unauthorised.status, 401);

    let md = get_auth(&addr, &format!("/api/rooms/{}/report.md", room.code), &auth)
        .await
        .text();
    assert!(md.contains("# Kring — Export"), "{md}");
    assert!(md.contains("| A A ✓ | 1 |"), "{md}");
    assert!(
        md.contains("\\<b\\>Bo\\</b\\>"),
        "student text is escaped: {md}"
    );
    let dutch = get_auth(
        &addr,
        &format!("/api/rooms/{}/report.md?lang=nl", room.code),
        &auth,
    )
    .await
    .text();
    assert!(
        dutch.contains("Vraag 1") && dutch.contains("| Plaats | Bijnaam | Score |"),
        "{dutch}"
    );
    let lower_case_scheme = format!("bearer {}", room.host_key);
    let bad_query = get_auth(
        &addr,
        &format!("/api/rooms/{}/export.csv?activity=abc", room.code),
        &lower_case_scheme,
    )
    .await;
    bad_query.assert_error(400, "badMessage");
    let wrong_method = http(&addr, "PUT", &format!("/api/rooms/{}", room.code), &[], b"").await;
    wrong_method.assert_error(405, "methodNotAllowed");
    let unknown = get_auth(
        &addr,
        &format!("/api/rooms/{}/export.xlsx", room.code),
        &auth,
    )
    .await;
    unknown.assert_error(404, "notFound");
    let state = get_auth(&addr, &format!("/api/rooms/{}", room.code), &auth)
        .await
        .json();
    assert!(state["createdAt"].as_u64().unwrap() > 0);
    let html = get_auth(
        &addr,
        &format!("/api/rooms/{}/report.html", room.code),
        &auth,
    )
    .await
    .text();
    assert!(
        html.contains("&lt;b&gt;Bo&lt;/b&gt;") && !html.contains("<b>Bo</b>"),
        "{html}"
    );
    server.stop().await;
}

/// A room's metadata for tests that drive the store directly.
fn stored_room(code: &str) -> kring_server::room::RoomMeta {
    kring_server::room::RoomMeta {
        code: kring_protocol::RoomCode(code.into()),
        title: format!("Room {code}"),
        host_key: "k".into(),
        seed: 7,
        created_at: 0,
        keeps_times: true,
    }
}

/// Opens a store in `dir` with the room `code` created in it, and that room's durability.
async fn store_with_room(
    dir: &TempDir,
    code: &str,
) -> (
    kring_server::store::Store,
    kring_server::store::Writer,
    kring_server::room::RoomMeta,
    std::sync::Arc<kring_server::store::Durability>,
) {
    let meta = stored_room(code);
    let (store, writer, rooms) = kring_server::store::Store::open(&dir.0).unwrap();
    assert!(rooms.is_empty(), "a new data directory holds no rooms");
    store.create(meta.clone()).await.unwrap();
    (store, writer, meta, kring_server::store::Durability::new(0))
}

/// Stops the writer, committing what it holds, as the server does when it shuts down.
async fn close_writer(writer: kring_server::store::Writer) {
    tokio::task::spawn_blocking(move || writer.close())
        .await
        .unwrap();
}

/// Closes `writer`, then opens the database in `dir` again as a restart does and returns the
/// one room in it.
async fn reopen_one_room(
    writer: kring_server::store::Writer,
    dir: &TempDir,
) -> kring_server::store::StoredRoom {
    close_writer(writer).await;
    let (_store, writer, mut rooms) = kring_server::store::Store::open(&dir.0).unwrap();
    close_writer(writer).await;
    assert_eq!(rooms.len(), 1, "the database holds the one room");
    rooms.pop().unwrap()
}

#[tokio::test]
async fn a_long_log_is_restored_from_its_snapshot_and_the_records_after_it() {
    use kring_server::room::RoomState;
    let dir = TempDir::new("replay");
    let (store, writer, meta, durability) = store_with_room(&dir, "REPLAY").await;
    let mut state = RoomState::new(meta.clone());
    // 2,500 joins: snapshots every 1,000 records, then 500 records after the last one.
    for i in 0..2_500u64 {
        let record = join_record(i);
        state.apply(&record).unwrap();
        store.append(
            &meta.code,
            state.seq(),
            serde_json::to_string(&record).unwrap(),
            &durability,
        );
        if state.seq().is_multiple_of(1_000) {
            store.snapshot(
                &meta.code,
                state.seq(),
                serde_json::to_string(&state).unwrap(),
            );
        }
    }
    store.flush().await;
    assert_eq!(durability.durable_seq(), 2_500);
    let stored = reopen_one_room(writer, &dir).await;
    assert_eq!(
        stored.snapshot.as_ref().map(|(seq, _)| *seq),
        Some(2_000),
        "the newest snapshot"
    );
    assert_eq!(
        stored.events.len(),
        500,
        "only the records after the snapshot are kept"
    );
    let restored = kring_server::restore(stored).unwrap();
    assert_eq!(restored.seq(), 2_500);
    assert_eq!(
        serde_json::to_value(&restored).unwrap(),
        serde_json::to_value(&state).unwrap()
    );
    assert!(restored.participant_by_token(&join_token(2_499)).is_some());
}

#[tokio::test]
async fn the_wal_stays_small_during_a_burst_and_after_it() {
    use kring_server::store::{CHECKPOINT_AT_WAL_PAGES, CHECKPOINT_IN_PAUSE_FROM_WAL_PAGES};
    let dir = TempDir::new("checkpoint");
    let (store, writer, meta, durability) = store_with_room(&dir, "WALWAL").await;
    // One burst, queued faster than it is committed: the writer never waits for a job.
    const RECORDS: u64 = 60_000;
    append_joins(&store, &meta.code, 1..=RECORDS, &durability).await;
    // The burst wrote several times the threshold (about 4,000 pages); the WAL was
    // checkpointed on the way and holds at most the threshold plus the last batch.
    let after_burst = store.wal_pages();
    assert!(
        after_burst < 2 * CHECKPOINT_AT_WAL_PAGES,
        "the WAL stays bounded during a burst ({after_burst} pages)"
    );
    // The burst's last forced checkpoint may have left less than a pause checkpoints.
    wait_for_wal(
        &store,
        |pages| pages < CHECKPOINT_IN_PAUSE_FROM_WAL_PAGES,
        "once writing pauses the WAL is copied into the database",
    )
    .await;
    let database_bytes = std::fs::metadata(dir.0.join("kring.db")).unwrap().len();
    assert!(
        database_bytes > 8 << 20,
        "the checkpoint copied the records into the database file ({database_bytes} bytes)"
    );
    assert_eq!(
        reopen_one_room(writer, &dir).await.events.len() as u64,
        RECORDS,
        "every record is in the database"
    );
}

#[tokio::test]
async fn a_due_snapshot_waits_for_a_pause_in_the_room_but_never_past_twice_its_interval() {
    use kring_server::config::SnapshotPolicy;
    use std::time::{Duration, Instant};
    // Long enough that joining a phone never pauses the room for this long.
    const QUIET: Duration = Duration::from_secs(2);
    const EVERY: u64 = 10;
    let server = TestServer::start_with(TempDir::new("snapshots"), |config| {
        config.snapshots = SnapshotPolicy {
            min_records: EVERY,
            records_per_participant: 0,
            quiet: QUIET,
        };
    })
    .await;
    let addr = server.addr();
    let room = create_room(&addr, "Snapshots").await;
    let handle = server.app().room(&room.code).unwrap();
    let start = handle.stats().await.unwrap().snapshot_seq;
    let mut phones = Vec::new();
    let mut join_phones = async |n: usize| {
        for _ in 0..n {
            let name = format!("P{}", phones.len());
            phones.push(join(&addr, room.code.as_str(), &name).await);
        }
    };
    let snapshots_after_pause = async |count: u64| {
        let started = Instant::now();
        loop {
            let stats = handle.stats().await.unwrap();
            if stats.snapshots >= count {
                return stats;
            }
            assert!(
                started.elapsed() < QUIET * 5,
                "no snapshot after a pause: {stats:?}"
            );
            tokio::time::sleep(QUIET / 10).await;
        }
    };

    // A join is a record: 12 joins pass the interval, but the room is busy.
    join_phones(12).await;
    let busy = handle.stats().await.unwrap();
    assert_eq!(busy.snapshots, 0, "no snapshot while records keep coming");
    let paused = snapshots_after_pause(1).await;
    assert_eq!(paused.snapshots, 1);
    assert_eq!(
        paused.snapshot_seq,
        start + 12,
        "the pause's snapshot covers every record"
    );

    // Without a pause, the snapshot comes at twice the interval all the same.
    join_phones(25).await;
    let never_paused = handle.stats().await.unwrap();
    assert_eq!(never_paused.snapshots, 2);
    assert_eq!(never_paused.snapshot_seq, start + 12 + 2 * EVERY);

    // The database holds that snapshot and only the 5 records after it.
    let dir = server.stop().await;
    let db = rusqlite::Connection::open(dir.0.join("kring.db")).unwrap();
    let code = room.code.as_str();
    let snapshot: i64 = db
        .query_row("SELECT seq FROM snapshots WHERE room = ?1", [code], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(snapshot as u64, start + 32);
    let events: Vec<i64> = db
        .prepare("SELECT seq FROM events WHERE room = ?1 ORDER BY seq")
        .unwrap()
        .query_map([code], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let expected: Vec<i64> = (start + 33..=start + 37).map(|s| s as i64).collect();
    assert_eq!(events, expected);
}

/// The resume token of the phone in [`join_record`]`(n)`.
fn join_token(n: u64) -> String {
    format!("token-{n:032}")
}

/// A phone joining (a record as the room logs it), with a token unique to `n`.
fn join_record(n: u64) -> kring_server::room::Record {
    use kring_server::room::{Input, Record, Who};
    Record::new(
        n,
        Who::System,
        Input::Join {
            nickname: None,
            lang: kring_protocol::Lang::Nl,
            token: join_token(n),
        },
    )
}

/// Appends a join record for every `seq` to the room `code`, then waits until they are durable.
async fn append_joins(
    store: &kring_server::store::Store,
    code: &kring_protocol::RoomCode,
    seqs: std::ops::RangeInclusive<u64>,
    durability: &std::sync::Arc<kring_server::store::Durability>,
) {
    let last = *seqs.end();
    for seq in seqs {
        let json = serde_json::to_string(&join_record(seq)).unwrap();
        store.append(code, seq, json, durability);
    }
    store.flush().await;
    assert_eq!(durability.durable_seq(), last);
}

/// Waits until the WAL's page count satisfies `done` (the writer acts in pauses); `what` says
/// what that means when it never happens.
async fn wait_for_wal(store: &kring_server::store::Store, done: impl Fn(u64) -> bool, what: &str) {
    use kring_server::store::CHECKPOINT_WHEN_IDLE_FOR;
    let started = std::time::Instant::now();
    while !done(store.wal_pages()) {
        assert!(
            started.elapsed() < CHECKPOINT_WHEN_IDLE_FOR * 50,
            "{what} ({} pages)",
            store.wal_pages()
        );
        tokio::time::sleep(CHECKPOINT_WHEN_IDLE_FOR / 4).await;
    }
}

/// The WAL file's header: SQLite writes a new one (new salts) whenever it starts the WAL over.
fn wal_header(dir: &std::path::Path) -> Vec<u8> {
    let wal = std::fs::read(dir.join("kring.db-wal")).unwrap();
    wal[..32].to_vec()
}

#[tokio::test]
async fn the_first_commit_after_a_pause_finds_the_wal_started_and_small_wals_wait() {
    use kring_server::store::{CHECKPOINT_IN_PAUSE_FROM_WAL_PAGES, CHECKPOINT_WHEN_IDLE_FOR};
    let dir = TempDir::new("wal-start");
    let (store, writer, meta, durability) = store_with_room(&dir, "WALNEW").await;
    // Enough records for a checkpoint in the next pause.
    append_joins(&store, &meta.code, 1..=3_000, &durability).await;
    assert!(store.wal_pages() >= CHECKPOINT_IN_PAUSE_FROM_WAL_PAGES);
    wait_for_wal(
        &store,
        |pages| pages == 1,
        "in the pause the WAL is checkpointed and started over with one page",
    )
    .await;
    let started = wal_header(&dir.0);

    // The next action (a question starting, say) commits into that WAL: with
    // `synchronous=FULL`, a commit that had to start the WAL over would fsync twice.
    append_joins(&store, &meta.code, 3_001..=3_001, &durability).await;
    assert_eq!(
        wal_header(&dir.0),
        started,
        "the first commit after the pause did not have to start the WAL over"
    );

    // A few pages of WAL are not worth a checkpoint: the pause leaves them.
    let small = store.wal_pages();
    assert!(small > 1 && small < CHECKPOINT_IN_PAUSE_FROM_WAL_PAGES);
    tokio::time::sleep(CHECKPOINT_WHEN_IDLE_FOR * 3).await;
    assert_eq!(store.wal_pages(), small, "a small WAL waits for more");

    assert_eq!(
        reopen_one_room(writer, &dir).await.events.len(),
        3_001,
        "every record is in the database"
    );
}
