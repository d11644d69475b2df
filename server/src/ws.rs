//! The WebSocket endpoint: one task per socket.
//!
//! The task checks the protocol version and the connection limit, waits for the opening
//! message (join, resume, host or screen) and attaches the socket to its room. After that it
//! parses each message, answers pings itself, rate-limits actions and forwards the rest to the
//! room actor. The room writes to the socket itself ([`Socket`]); this task drains what the
//! kernel could not take at once. Malformed input gets an `error` and the connection stays open.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use hyper_util::rt::TokioIo;
use kring_protocol::{
    ClientMsg, ClientMsgId, ErrorCode, MAX_CLIENT_MSG_ID_LEN, MAX_WS_MESSAGE_BYTES,
    PROTOCOL_VERSION, RoomCode, ServerMsg, close,
};
use serde::Deserialize;
use tokio::sync::{OwnedSemaphorePermit, oneshot};
use tokio::time::{Instant, sleep_until};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::Utf8Bytes;
use tokio_tungstenite::tungstenite::error::{CapacityError, Error as WsError};
use tokio_tungstenite::tungstenite::handshake::server::create_response_with_body;
use tokio_tungstenite::tungstenite::protocol::frame::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tracing::Instrument;

use crate::App;
use crate::config::{
    HANDSHAKE_TIMEOUT, IDLE_TIMEOUT, MAX_WRITE_BUFFER_BYTES, PING_INTERVAL, READ_BUFFER_BYTES,
};
use crate::room::{AttachOutcome, Command, Hello, RoomHandle};
use crate::socket::{Socket, SocketIo};

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
///
/// The upgrade is done here rather than by axum's WebSocket extractor because the room writes
/// into the socket directly (see [`crate::socket`]), which needs the upgraded connection itself.
pub async fn upgrade(
    State(app): State<Arc<App>>,
    Query(query): Query<WsQuery>,
    mut request: Request,
) -> Response {
    // tungstenite checks the method, the version and the upgrade headers and derives the key.
    let response = match create_response_with_body(&request, Body::empty) {
        Ok(response) => response,
        Err(error) => {
            let message = format!("this address takes WebSocket connections only: {error}");
            return (StatusCode::BAD_REQUEST, message).into_response();
        }
    };
    let version_ok =
        query.v.as_deref().and_then(|v| v.parse::<u32>().ok()) == Some(PROTOCOL_VERSION);
    let permit = app.connections.clone().try_acquire_owned().ok();
    let sessions = app.sessions.clone();
    let upgrading = hyper::upgrade::on(&mut request);
    let conn = app.next_conn_id();
    let span = tracing::info_span!("conn", conn);
    let session = async move {
        let upgraded = match upgrading.await {
            Ok(upgraded) => upgraded,
            Err(error) => {
                tracing::debug!(%error, "the WebSocket upgrade failed");
                return;
            }
        };
        let socket = Arc::new(Socket::new(TokioIo::new(upgraded)));
        let config = WebSocketConfig::default()
            .read_buffer_size(READ_BUFFER_BYTES)
            // Frames go to the socket as they are made; the socket keeps what waits.
            .write_buffer_size(0)
            .max_write_buffer_size(MAX_WRITE_BUFFER_BYTES)
            .max_message_size(Some(MAX_WS_MESSAGE_BYTES))
            .max_frame_size(Some(MAX_WS_MESSAGE_BYTES));
        let ws =
            WebSocketStream::from_raw_socket(SocketIo(socket.clone()), Role::Server, Some(config))
                .await;
        serve_socket(app, ws, socket, conn, version_ok, permit).await;
    };
    tokio::spawn(sessions.track_future(session.instrument(span)));
    response.into_response()
}

/// The WebSocket as the socket task reads and answers it.
type Ws = WebSocketStream<SocketIo>;

/// Serves one upgraded socket until it closes.
async fn serve_socket(
    app: Arc<App>,
    ws: Ws,
    socket: Arc<Socket>,
    conn: u64,
    version_ok: bool,
    permit: Option<OwnedSemaphorePermit>,
) {
    let mut session = Session {
        app,
        ws,
        socket,
        conn,
        room: None,
    };
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
    ws: Ws,
    socket: Arc<Socket>,
    conn: u64,
    room: Option<RoomHandle>,
}

impl Session {
    /// Serves the socket until it closes; returns the close code to send.
    async fn run(&mut self, _permit: Option<OwnedSemaphorePermit>) -> u16 {
        let mut bucket = Bucket::new(self.app.config.actions_per_sec);
        let mut handshake_until = Instant::now() + HANDSHAKE_TIMEOUT;
        let mut ping = tokio::time::interval_at(Instant::now() + PING_INTERVAL, PING_INTERVAL);
        let mut last_seen = Instant::now();
        // Long-lived futures are made once, not on every turn of the loop: re-creating them
        // would register and drop a timer or a cancellation waiter per message.
        let shutdown = self.app.shutdown.clone();
        let cancelled = shutdown.cancelled();
        let socket = self.socket.clone();
        let killed = socket.close_requested();
        let drained = socket.drain_backlog();
        let handshake = sleep_until(handshake_until);
        tokio::pin!(cancelled, killed, drained, handshake);
        let code = loop {
            tokio::select! {
                biased;
                _ = &mut cancelled => break CLOSE_GOING_AWAY,
                code = &mut killed => break code,
                error = &mut drained => {
                    log_write_failure(&WsError::Io(error), self.conn);
                    break CLOSE_NORMAL;
                }
                _ = &mut handshake, if self.room.is_none() => {
                    self.error(ErrorCode::NotJoined, "send join, resume, host or screen first", None).await;
                    break close::HANDSHAKE;
                }
                _ = ping.tick() => {
                    if last_seen.elapsed() >= IDLE_TIMEOUT {
                        break CLOSE_NORMAL;
                    }
                    if let Err(error) = self.ws.send(Message::Ping(Default::default())).await {
                        log_write_failure(&error, self.conn);
                        break CLOSE_NORMAL;
                    }
                }
                incoming = self.ws.next() => {
                    last_seen = Instant::now();
                    let next = match incoming {
                        None => break CLOSE_NORMAL,
                        Some(Err(WsError::Capacity(CapacityError::MessageTooLong { .. }))) => {
                            let message = format!("messages are limited to {MAX_WS_MESSAGE_BYTES} bytes");
                            self.error(ErrorCode::TooLarge, message, None).await;
                            break CLOSE_TOO_BIG;
                        }
                        Some(Err(_)) => break CLOSE_NORMAL,
                        Some(Ok(Message::Text(text))) => self.handle_text(&text, &mut bucket).await,
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
        // Nothing from the room may follow the close frame.
        self.socket.close_to_room();
        if let Some(room) = self.room.take() {
            room.send(Command::Detach { conn: self.conn }).await;
        }
        code
    }

    async fn handle_text(&mut self, text: &str, bucket: &mut Bucket) -> Next {
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
            ClientMsg::ListParticipants { query } => {
                let Some(room) = self.room.clone() else {
                    self.error(ErrorCode::NotJoined, "join a room first", None)
                        .await;
                    return Next::Continue;
                };
                if !bucket.take() {
                    let message = "too many requests; wait a moment and try again";
                    self.error(ErrorCode::RateLimited, message, None).await;
                    return Next::Continue;
                }
                let list = Command::ListParticipants {
                    conn: self.conn,
                    query,
                };
                return self.forward(&room, list).await;
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
        self.attach(hello.0, hello.1).await
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

    async fn attach(&mut self, room: String, hello: Hello) -> Next {
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
            socket: self.socket.clone(),
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
        if let Ok(text) = serde_json::to_string(msg)
            && let Err(error) = self.ws.send(Message::Text(text.into())).await
        {
            log_write_failure(&error, self.conn);
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
            code: CloseCode::from(code),
            reason: Utf8Bytes::from_static(""),
        };
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            let _ = self.ws.send(Message::Close(Some(frame))).await;
            // Give the client a moment to answer the close before the socket is dropped.
            let _ = tokio::time::timeout(Duration::from_millis(500), async {
                while let Some(Ok(msg)) = self.ws.next().await {
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

/// Logs a failed write: a peer gone away is routine; anything else (a message over the write
/// cap, say) cuts a user off and must be visible.
fn log_write_failure(error: &WsError, conn: u64) {
    if is_disconnect(error) {
        tracing::debug!(%error, "writing to the socket failed");
    } else {
        tracing::warn!(%error, conn, "writing to the socket failed; closing it");
    }
}

/// Whether a failed write only means the peer is gone (reset, closed), not a server problem.
fn is_disconnect(error: &WsError) -> bool {
    use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset, NotConnected};
    match error {
        WsError::ConnectionClosed | WsError::AlreadyClosed => true,
        WsError::Io(io) => matches!(
            io.kind(),
            BrokenPipe | ConnectionAborted | ConnectionReset | NotConnected
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_gone_peer_counts_as_a_disconnect() {
        use tokio_tungstenite::tungstenite::error::CapacityError;
        let gone = |e: WsError| is_disconnect(&e);
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
