//! What the server logs about ordinary events, read from its real log output: a page that
//! closes (a tab shut, a phone navigating away, wifi gone) is no warning. A warning is for what
//! cuts a user off or needs the operator, so it must not drown in every page close.
//!
//! One test per file: the log capture is the process's global subscriber.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::{TestServer, create_room, host, join};
use futures_util::SinkExt;
use kring_protocol::ClientMsg;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

/// Log lines as the server writes them, kept for the test to read.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Sends a close frame as a browser does when its page goes away, and reads until the server
/// has answered and ended the connection.
async fn close_like_a_page(client: &mut common::Client, code: CloseCode) {
    let frame = CloseFrame {
        code,
        reason: "".into(),
    };
    client.ws.send(Message::Close(Some(frame))).await.unwrap();
    let _ = client.closed().await;
}

#[tokio::test]
async fn pages_that_close_or_drop_their_socket_log_no_warning() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Logs").await;

    // A phone and a console close their tabs (1001), another phone navigates (1000).
    let mut phone = join(&addr, &room.code.0, "Ada").await;
    close_like_a_page(&mut phone.client, CloseCode::Away).await;
    let mut console = host(&addr, &room).await;
    close_like_a_page(&mut console, CloseCode::Away).await;
    let mut other = join(&addr, &room.code.0, "Bo").await;
    close_like_a_page(&mut other.client, CloseCode::Normal).await;
    // A projector mid-conversation, then a phone whose link dies without a close frame.
    let mut screen = common::Client::connect(&addr, "screen").await;
    screen
        .hello(ClientMsg::Screen {
            room: room.code.0.clone(),
        })
        .await;
    close_like_a_page(&mut screen, CloseCode::Away).await;
    let gone = join(&addr, &room.code.0, "Cas").await;
    drop(gone);

    // A graceful stop waits for every socket task, so each has logged what it would.
    server.stop().await;
    let logs = captured.text();
    let warnings: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("WARN") && l.contains("kring_server::ws"))
        .collect();
    assert!(
        warnings.is_empty(),
        "an ordinary page close was logged as a warning:\n{}",
        warnings.join("\n")
    );
}
