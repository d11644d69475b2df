//! The WebSocket endpoint: one task per socket.
//!
//! The task checks the protocol version and the connection limit, waits for the opening
//! message (join, resume, host or screen) and attaches the socket to its room. After that it
//! parses each message, answers pings itself, rate-limits actions and forwards the rest to the
//! room actor; in the other direction it writes what the room queued for it, batching writes
//! into one flush. Malformed input gets an `error` and the connection stays open.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::Response;
use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use kring_protocol::{
    ClientMsg, ClientMsgId, ErrorCode, MAX_CLIENT_MSG_ID_LEN, MAX_WS_MESSAGE_BYTES,
    PROTOCOL_VERSION, RoomCode, ServerMsg, close,
};
use serde::Deserialize;
use tokio::sync::{OwnedSemaphorePermit, mpsc, oneshot};
use tokio::time::{Instant, sleep_until};
use tracing::Instrument;

use crate::App;
use crate::config::{
    HANDSHAKE_TIMEOUT, IDLE_TIMEOUT, MAX_WRITE_BUFFER_BYTES, OUTBOUND_QUEUE, PING_INTERVAL,
    READ_BUFFER_BYTES, WRITE_BUFFER_BYTES,
};
use crate::room::{AttachOutcome, Command, Hello, Kill, Outbound, RoomHandle};

/// Normal closure.
const CLOSE_NORMAL: u16 = 1000;
/// The server is going away (shutting down); clients reconnect.
const CLOSE_GOING_AWAY: u16 = 1001;
/// The message was too big.
const CLOSE_TOO_BIG: u16 = 1009;

/// The message `type`s a client may send, to tell "unknown type" from "malformed".
const CLIENT_TYPES: &[&str] = &["join", "resume", "host", "screen", "act", "sync", "ping"];

/// Query string of `/ws`.
#[derive(Deserialize)]
pub struct WsQuery {
    v: Option<String>,
}

/// `GET /ws?v=1`: upgrades to a WebSocket with small, bounded buffers.
pub async fn upgrade(
    State(app): State<Arc<App>>,
    Query(query): Query<WsQuery>,
    ws: WebSocketUpgrade,
) -> Response {
    let version_ok =
        query.v.as_deref().and_then(|v| v.parse::<u32>().ok()) == Some(PROTOCOL_VERSION);
    let permit = app.connections.clone().try_acquire_owned().ok();
    let sessions = app.sessions.clone();
    ws.read_buffer_size(READ_BUFFER_BYTES)
        .write_buffer_size(WRITE_BUFFER_BYTES)
        .max_write_buffer_size(MAX_WRITE_BUFFER_BYTES)
        .max_message_size(MAX_WS_MESSAGE_BYTES)
        .max_frame_size(MAX_WS_MESSAGE_BYTES)
        .on_upgrade(move |socket| {
            let conn = app.next_conn_id();
            let span = tracing::info_span!("conn", conn);
            sessions
                .track_future(serve_socket(app, socket, conn, version_ok, permit).instrument(span))
        })
}

/// Serves one upgraded socket until it closes.
async fn serve_socket(
    app: Arc<App>,
    socket: WebSocket,
    conn: u64,
    version_ok: bool,
    permit: Option<OwnedSemaphorePermit>,
) {
    let mut session = Session::new(app, socket, conn);
    let code = if !version_ok {
        let message = format!(
            "this page speaks another protocol version than the server ({PROTOCOL_VERSION}); reload it"
        );
        session
            .error(ErrorCode::ProtocolVersion, message, None)
            .await;
        close::PROTOCOL_VERSION
    } else if permit.is_none() {
        session
            .error(
                ErrorCode::ServerFull,
                "the server is at its connection limit; try again soon",
                None,
            )
            .await;
        close::SERVER_FULL
    } else {
        session.run(permit).await
    };
    session.close(code).await;
}

/// A token bucket: `rate` actions per second, bursts up to twice that.
struct Bucket {
    tokens: f64,
    rate: f64,
    last: Instant,
}

impl Bucket {
    fn new(rate: u32) -> Self {
        let rate = f64::from(rate.max(1));
        Bucket {
            tokens: 2.0 * rate,
            rate,
            last: Instant::now(),
        }
    }

    fn take(&mut self) -> bool {
        let now = Instant::now();
        let refill = now.duration_since(self.last).as_secs_f64() * self.rate;
        self.tokens = (self.tokens + refill).min(2.0 * self.rate);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// How a session's read loop goes on after one message.
enum Next {
    Continue,
    Close(u16),
}

struct Session {
    app: Arc<App>,
    sink: SplitSink<WebSocket, Message>,
    stream: futures_util::stream::SplitStream<WebSocket>,
    conn: u64,
    room: Option<RoomHandle>,
}

impl Session {
    fn new(app: Arc<App>, socket: WebSocket, conn: u64) -> Self {
        let (sink, stream) = socket.split();
        Session {
            app,
            sink,
            stream,
            conn,
            room: None,
        }
    }

    /// Serves the socket until it closes; returns the close code to send.
    async fn run(&mut self, _permit: Option<OwnedSemaphorePermit>) -> u16 {
        let (tx, mut rx) = mpsc::channel::<Utf8Bytes>(OUTBOUND_QUEUE);
        let kill = Arc::new(Kill::default());
        let out = Outbound {
            tx,
            kill: kill.clone(),
        };
        let mut bucket = Bucket::new(self.app.config.actions_per_sec);
        let mut handshake_until = Instant::now() + HANDSHAKE_TIMEOUT;
        let mut ping = tokio::time::interval_at(Instant::now() + PING_INTERVAL, PING_INTERVAL);
        let mut last_seen = Instant::now();
        // Long-lived futures are made once, not on every turn of the loop: re-creating them
        // would register and drop a timer or a cancellation waiter per message.
        let shutdown = self.app.shutdown.clone();
        let cancelled = shutdown.cancelled();
        let killed = kill.wait();
        let handshake = sleep_until(handshake_until);
        tokio::pin!(cancelled, killed, handshake);
        let code = loop {
            tokio::select! {
                biased;
                _ = &mut cancelled => break CLOSE_GOING_AWAY,
                Some(first) = rx.recv() => {
                    if let Err(error) = self.write_queued(first, &mut rx).await {
                        // A peer gone away is routine; anything else (a message over the write
                        // cap, say) cuts a user off and must be visible.
                        if is_disconnect(&error) {
                            tracing::debug!(%error, "writing to the socket failed");
                        } else {
                            tracing::warn!(%error, conn = self.conn, "writing to the socket failed; closing it");
                        }
                        break CLOSE_NORMAL;
                    }
                }
                code = &mut killed => {
                    while let Ok(bytes) = rx.try_recv() {
                        let _ = self.sink.feed(Message::Text(bytes)).await;
                    }
                    break code;
                }
                _ = &mut handshake, if self.room.is_none() => {
                    self.error(ErrorCode::NotJoined, "send join, resume, host or screen first", None).await;
                    break close::HANDSHAKE;
                }
                _ = ping.tick() => {
                    if last_seen.elapsed() >= IDLE_TIMEOUT {
                        break CLOSE_NORMAL;
                    }
                    if self.sink.send(Message::Ping(Default::default())).await.is_err() {
                        break CLOSE_NORMAL;
                    }
                }
                incoming = self.stream.next() => {
                    last_seen = Instant::now();
                    let next = match incoming {
                        None => break CLOSE_NORMAL,
                        Some(Err(error)) => {
                            // tungstenite reports an oversized message as a capacity error.
                            if error.to_string().contains("too long") {
                                let message = format!("messages are limited to {MAX_WS_MESSAGE_BYTES} bytes");
                                self.error(ErrorCode::TooLarge, message, None).await;
                                break CLOSE_TOO_BIG;
                            }
                            break CLOSE_NORMAL;
                        }
                        Some(Ok(Message::Text(text))) => self.handle_text(&text, &out, &mut bucket).await,
                        Some(Ok(Message::Binary(_))) => {
                            self.error(ErrorCode::BadMessage, "send JSON text messages", None).await;
                            Next::Continue
                        }
                        Some(Ok(Message::Close(_))) => break CLOSE_NORMAL,
                        Some(Ok(_)) => Next::Continue,
                    };
                    match next {
                        Next::Continue => {}
                        Next::Close(code) => break code,
                    }
                    if self.room.is_none() {
                        // A refused opening (e.g. nickname taken) gets a fresh time to retry.
                        handshake_until = handshake_until.max(Instant::now() + Duration::from_secs(1));
                        handshake.as_mut().reset(handshake_until);
                    }
                }
            }
        };
        if let Some(room) = self.room.take() {
            room.send(Command::Detach { conn: self.conn }).await;
        }
        code
    }

    /// Writes a queued message and everything else queued behind it, then flushes once.
    async fn write_queued(
        &mut self,
        first: Utf8Bytes,
        rx: &mut mpsc::Receiver<Utf8Bytes>,
    ) -> Result<(), axum::Error> {
        self.sink.feed(Message::Text(first)).await?;
        while let Ok(bytes) = rx.try_recv() {
            self.sink.feed(Message::Text(bytes)).await?;
        }
        self.sink.flush().await
    }

    async fn handle_text(&mut self, text: &str, out: &Outbound, bucket: &mut Bucket) -> Next {
        let msg = match serde_json::from_str::<ClientMsg>(text) {
            Ok(msg) => msg,
            Err(error) => {
                let (code, message) = classify(text, &error);
                self.error(code, message, None).await;
                return Next::Continue;
            }
        };
        let hello = match msg {
            ClientMsg::Ping { t } => {
                let pong = ServerMsg::Pong {
                    t,
                    server_now: self.app.env.clock.now_ms(),
                };
                self.send(&pong).await;
                return Next::Continue;
            }
            ClientMsg::Join {
                room,
                nickname,
                lang,
            } => (room, Hello::Join { nickname, lang }),
            ClientMsg::Resume { room, token } => (room, Hello::Resume { token }),
            ClientMsg::Host { room, host_key } => (room, Hello::Host { host_key }),
            ClientMsg::Screen { room } => (room, Hello::Screen),
            ClientMsg::Act { id, act } => {
                let Some(room) = self.room.clone() else {
                    self.error(ErrorCode::NotJoined, "join a room first", Some(id))
                        .await;
                    return Next::Continue;
                };
                if id.0.is_empty() || id.0.len() > MAX_CLIENT_MSG_ID_LEN {
                    let message = format!("an action id has 1 to {MAX_CLIENT_MSG_ID_LEN} bytes");
                    self.error(ErrorCode::BadMessage, message, None).await;
                    return Next::Continue;
                }
                if !bucket.take() {
                    self.error(
                        ErrorCode::RateLimited,
                        "too many actions; wait a moment and try again",
                        Some(id),
                    )
                    .await;
                    return Next::Continue;
                }
                return self
                    .forward(
                        &room,
                        Command::Act {
                            conn: self.conn,
                            id,
                            act,
                        },
                    )
                    .await;
            }
            ClientMsg::Sync => {
                let Some(room) = self.room.clone() else {
                    self.error(ErrorCode::NotJoined, "join a room first", None)
                        .await;
                    return Next::Continue;
                };
                return self.forward(&room, Command::Sync { conn: self.conn }).await;
            }
        };
        if self.room.is_some() {
            self.error(
                ErrorCode::BadMessage,
                "this connection has already joined a room",
                None,
            )
            .await;
            return Next::Continue;
        }
        self.attach(hello.0, hello.1, out).await
    }

    async fn forward(&mut self, room: &RoomHandle, command: Command) -> Next {
        if room.send(command).await {
            Next::Continue
        } else {
            self.error(ErrorCode::RoomNotFound, "this room has been deleted", None)
                .await;
            Next::Close(close::ROOM_NOT_FOUND)
        }
    }

    async fn attach(&mut self, room: String, hello: Hello, out: &Outbound) -> Next {
        let handle = RoomCode::parse(&room).and_then(|code| self.app.room(&code));
        let Some(handle) = handle else {
            self.error(
                ErrorCode::RoomNotFound,
                "there is no room with this code",
                None,
            )
            .await;
            return Next::Close(close::ROOM_NOT_FOUND);
        };
        let (reply, outcome) = oneshot::channel();
        let command = Command::Attach {
            conn: self.conn,
            hello,
            out: out.clone(),
            reply,
        };
        if !handle.send(command).await {
            self.error(ErrorCode::RoomNotFound, "this room has been deleted", None)
                .await;
            return Next::Close(close::ROOM_NOT_FOUND);
        }
        if outcome.await == Ok(AttachOutcome::Attached) {
            self.room = Some(handle);
        }
        Next::Continue
    }

    async fn send(&mut self, msg: &ServerMsg) {
        if let Ok(text) = serde_json::to_string(msg) {
            let _ = self.sink.send(Message::Text(text.into())).await;
        }
    }

    async fn error(
        &mut self,
        code: ErrorCode,
        message: impl Into<String>,
        reference: Option<ClientMsgId>,
    ) {
        self.send(&ServerMsg::Error {
            code,
            message: message.into(),
            reference,
        })
        .await;
    }

    async fn close(&mut self, code: u16) {
        let frame = CloseFrame {
            code,
            reason: Utf8Bytes::from_static(""),
        };
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            let _ = self.sink.send(Message::Close(Some(frame))).await;
            // Give the client a moment to answer the close before the socket is dropped.
            let _ = tokio::time::timeout(Duration::from_millis(500), async {
                while let Some(Ok(msg)) = self.stream.next().await {
                    if matches!(msg, Message::Close(_)) {
                        break;
                    }
                }
            })
            .await;
        })
        .await;
    }
}

/// Tells a malformed message (`badMessage`) from a well-formed one of an unknown type
/// (`unknownType`), with a message that says what is wrong.
fn classify(text: &str, error: &serde_json::Error) -> (ErrorCode, String) {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(_) => return (ErrorCode::BadMessage, format!("not valid JSON: {error}")),
    };
    match value.get("type").and_then(|t| t.as_str()) {
        Some(kind) if !CLIENT_TYPES.contains(&kind) => (
            ErrorCode::UnknownType,
            format!("unknown message type {kind:?}"),
        ),
        Some(_) => (ErrorCode::BadMessage, format!("malformed message: {error}")),
        None => (
            ErrorCode::BadMessage,
            "a message is a JSON object with a \"type\"".to_owned(),
        ),
    }
}

/// Whether a failed write only means the peer is gone (reset, closed), not a server problem.
fn is_disconnect(error: &axum::Error) -> bool {
    use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset, NotConnected};
    use tokio_tungstenite::tungstenite::Error as WsError;
    let source = std::error::Error::source(error);
    match source.and_then(|inner| inner.downcast_ref::<WsError>()) {
        Some(WsError::ConnectionClosed | WsError::AlreadyClosed) => true,
        Some(WsError::Io(io)) => matches!(
            io.kind(),
            BrokenPipe | ConnectionAborted | ConnectionReset | NotConnected
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_gone_peer_counts_as_a_disconnect() {
        use tokio_tungstenite::tungstenite::Error as WsError;
        use tokio_tungstenite::tungstenite::error::CapacityError;
        let gone = |e: WsError| super::is_disconnect(&axum::Error::new(e));
        assert!(gone(WsError::ConnectionClosed));
        assert!(gone(WsError::Io(std::io::ErrorKind::BrokenPipe.into())));
        // A message over the write cap cuts a user off: it must be logged loudly.
        let too_big =
            WsError::WriteBufferFull(Box::new(tokio_tungstenite::tungstenite::Message::text("x")));
        assert!(!gone(too_big));
        assert!(!gone(WsError::Capacity(CapacityError::MessageTooLong {
            size: 2,
            max_size: 1
        })));
    }

    use super::*;

    #[test]
    fn malformed_and_unknown_messages_are_told_apart() {
        let err = |t: &str| serde_json::from_str::<ClientMsg>(t).unwrap_err();
        for (text, code) in [
            ("{not json", ErrorCode::BadMessage),
            (r#"{"type":"fly"}"#, ErrorCode::UnknownType),
            (r#"{"type":"join"}"#, ErrorCode::BadMessage),
            ("[1,2]", ErrorCode::BadMessage),
        ] {
            assert_eq!(classify(text, &err(text)).0, code, "{text}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_bucket_allows_bursts_then_the_rate() {
        let mut bucket = Bucket::new(10);
        assert_eq!((0..25).filter(|_| bucket.take()).count(), 20);
        tokio::time::advance(Duration::from_millis(500)).await;
        assert_eq!((0..25).filter(|_| bucket.take()).count(), 5);
    }
}
