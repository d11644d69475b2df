//! Cluster mode over real sockets: two in-process nodes on one PostgreSQL database (a schema
//! of their own on the server `KRING_TEST_DATABASE_URL` names; skipped without one, see
//! `scripts/with-postgres.sh`).

mod common;

use common::*;
use futures_util::StreamExt;
use kring_protocol::{ClientMsg, QuizInput, QuizPhase, ServerMsg, close};
use kring_server::config::Config;
use kring_server::store::Store;
use tokio_tungstenite::tungstenite::Message;

/// A node of the cluster on `url`, named `id`, with a short lease.
fn node(url: &str, id: &str) -> impl FnOnce(&mut Config) {
    let (url, id) = (url.to_owned(), id.to_owned());
    move |config: &mut Config| {
        config.database_url = Some(url);
        config.node_id = id;
        config.lease_ms = 800;
    }
}

/// A node is paused past its lease (it stops renewing) while another takes its room: the
/// first node's next append is refused, its phone gets no acknowledgement and is closed with
/// `ROOM_MOVED`, and re-sent to the new owner the same action counts once. The room was
/// created on one node and used on the other; everything the first node acknowledged is on
/// the second.
#[tokio::test]
async fn a_node_that_lost_its_lease_acknowledges_nothing_and_its_phones_move() {
    let Some(url) = pg_schema("cluster").await else {
        eprintln!("KRING_TEST_DATABASE_URL not set: cluster mode is not tested");
        return;
    };
    let a = TestServer::start_with(TempDir::new("node-a"), node(&url, "a")).await;
    let b = TestServer::start_with(TempDir::new("node-b"), node(&url, "b")).await;
    let (on_a, on_b) = (a.addr(), b.addr());
    // Created on B, taken by A on first use (the API call).
    let room = create_room(&on_b, "Cluster").await;
    let code = room.code.0.clone();
    let quiz = add_activity(&on_a, &room, &quiz(2, 60)).await;
    let mut host_a = host(&on_a, &room).await;
    let mut ada = join(&on_a, &code, "Ada").await;
    let mut bo = join(&on_a, &code, "Bo").await;
    open_first_question(&mut host_a, quiz).await;
    ada.answer_when_open(quiz, 0, 1).await;
    bo.client
        .until(|m| quiz_phase(m).filter(|p| matches!(p, QuizPhase::Question { .. })))
        .await;

    // A is paused (it stops renewing its lease); a phone opening on B waits for the lease to
    // expire, and B takes the room with everything A committed.
    let Store::Postgres(store_a) = &a.app().env.store else {
        panic!("node A runs on PostgreSQL")
    };
    store_a.stop_renewing();
    let cy = join(&on_b, &code, "Cy").await;

    // Bo, still on A, answers there: refused by the database, never acknowledged, and the
    // socket closes with ROOM_MOVED.
    let answer = quiz_act(
        quiz,
        QuizInput::Answer {
            question: 0,
            choice: 2,
        },
    );
    let id = bo.client.act(answer.clone()).await;
    let code_closed = loop {
        match tokio::time::timeout(WAIT, bo.client.ws.next())
            .await
            .expect("A closes Bo's socket")
        {
            Some(Ok(Message::Text(text))) => {
                let msg: ServerMsg = serde_json::from_str(&text).unwrap();
                assert!(
                    !matches!(&msg, ServerMsg::Ack { id: got, .. } if *got == id),
                    "a node that lost its lease acknowledged an action"
                );
            }
            Some(Ok(Message::Close(frame))) => break frame.map_or(1005, |f| u16::from(f.code)),
            Some(Ok(_)) => {}
            Some(Err(_)) | None => break 1006,
        }
    };
    assert_eq!(code_closed, close::ROOM_MOVED);
    assert_eq!(
        host_a.closed().await,
        close::ROOM_MOVED,
        "every socket of the room moves"
    );

    // Bo comes back (on B, where the proxy would route it) and re-sends the same action: new
    // there, so it counts, once.
    let (mut bo_b, _) = resume(&on_b, &code, "bo-b", &bo.token).await;
    bo_b.send(&ClientMsg::Act {
        id: id.clone(),
        act: answer.clone(),
    })
    .await;
    assert!(!bo_b.ack(&id).await, "A never committed it");
    bo_b.send(&ClientMsg::Act {
        id: id.clone(),
        act: answer,
    })
    .await;
    assert!(
        bo_b.ack(&id).await,
        "sent again: a duplicate, not a second answer"
    );

    // The host, now on B, closes the question: Ada's answer (acknowledged by A) and Bo's.
    let mut host_b = host(&on_b, &room).await;
    let close_id = host_b.act(quiz_act(quiz, QuizInput::CloseQuestion)).await;
    host_b.ack(&close_id).await;
    let answered = host_b
        .until(|m| match quiz_phase(m) {
            Some(QuizPhase::Reveal { answered, .. }) => Some(answered),
            _ => None,
        })
        .await;
    assert_eq!(
        answered, 2,
        "Ada's answer from A and Bo's from B, each once"
    );
    drop(cy);
}
