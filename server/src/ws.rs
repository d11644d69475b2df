//! The WebSocket endpoint: one task per socket.
//!
//! The upgrade checks the page's `Origin`; the task checks the protocol version and the
//! connection limit, waits for the opening message (join, resume, host or screen; at most
//! [`HANDSHAKE_TIMEOUT`] after the upgrade, whatever arrives meanwhile) and attaches the socket
//! to its room, within the limits per address and per room ([`crate::limits`]). After that it
//! parses each message, answers pings itself, rate-limits every message but pings and forwards
//! the rest to the room actor. The room writes to the socket itself ([`Socket`]); this task
//! drains what the kernel could not take at once. Malformed input gets an `error` and the
//! connection stays open; a broken WebSocket frame closes it with 1002 (1007 for bad UTF-8).
//!
//! The task never waits for a write: its own replies go into the socket's backlog at once
//! ([`Session::write`]), and draining that backlog is one more branch of its `select!`, so a
//! peer that stops reading cannot keep the task from seeing a close request, its idle
//! timeout, cancellation or shutdown. Past [`crate::config::OUTBOUND_QUEUE`] waiting frames the connection is
//! closed with 4008.
//!
//! Liveness: a phone in a room where something is open (a current activity) is pinged when
//! silent for [`BUSY_PING_INTERVAL`] and taken for dead after [`BUSY_IDLE_TIMEOUT`], so the
//! room stops waiting for it ("everyone answered"); otherwise after [`PING_INTERVAL`] and
//! [`IDLE_TIMEOUT`]. Both close with 4010.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use futures_util::{FutureExt, SinkExt, StreamExt};
use hyper_util::rt::TokioIo;
use kring_protocol::{
    ClientMsg, ClientMsgId, ErrorCode, MAX_CLIENT_MSG_ID_LEN, MAX_CONSOLE_ID_LEN,
    MAX_WS_MESSAGE_BYTES, PROTOCOL_VERSION, RoomCode, ServerMsg, close,
};
use serde::Deserialize;
use tokio::sync::{OwnedSemaphorePermit, oneshot};
use tokio::time::{Instant, MissedTickBehavior, sleep_until};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::Utf8Bytes;
use tokio_tungstenite::tungstenite::error::{CapacityError, Error as WsError};
use tokio_tungstenite::tungstenite::handshake::server::create_response_with_body;
use tokio_tungstenite::tungstenite::protocol::frame::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tracing::Instrument;

use crate::app::{App, Lookup};
#[cfg(doc)]
use crate::config::{
    BUSY_IDLE_TIMEOUT, BUSY_PING_INTERVAL, HANDSHAKE_TIMEOUT, IDLE_TIMEOUT, PING_INTERVAL,
};
use crate::config::{MAX_WRITE_BUFFER_BYTES, RATE_STRIKES, READ_BUFFER_BYTES};
use crate::guard::{self, ClientAddr};
use crate::limits::{Limit, Refused};
use crate::room::{AttachOutcome, Command, Hello, RoomHandle};
use crate::socket::{Socket, SocketIo, is_backlog_full};

/// Normal closure.
const CLOSE_NORMAL: u16 = 1000;
/// The server is going away (shutting down); clients reconnect.
const CLOSE_GOING_AWAY: u16 = 1001;
/// The message was too big.
const CLOSE_TOO_BIG: u16 = 1009;
/// How long closing may take: the close frame drained and the client's answer read. A peer
/// that does not read gets no longer.
const CLOSE_WAIT: Duration = Duration::from_secs(1);

/// The message `type`s a client may send, to tell "unknown type" from "malformed".
const CLIENT_TYPES: &[&str] = &["join", "resume", "host", "screen", "act", "sync", "ping"];

/// Query string of `/ws` (`?v=1&room=CODE`: the room is there for the proxy in front of a
/// cluster; the server reads it from the opening message).
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
    ip: ClientAddr,
    mut request: Request,
) -> Response {
    // A page of another site may not act in a room with its visitor's browser.
    if !guard::origin_allowed(&app, request.headers()) {
        return crate::failure::bad_origin().into_response();
    }
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
    if permit.is_none() {
        app.limits.hit(Limit::WebSockets);
    }
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
        let session = Session {
            bucket: Bucket::new(app.config.actions_per_sec),
            app,
            ws,
            socket,
            conn,
            ip: ip.0,
            room: None,
            participant: false,
            strikes: 0,
            failed: None,
            peer_closed: false,
        };
        serve_socket(session, version_ok, permit).await;
    };
    tokio::spawn(sessions.track_future(session.instrument(span)));
    response.into_response()
}

/// The WebSocket as the socket task reads and answers it.
type Ws = WebSocketStream<SocketIo>;

/// Serves one upgraded socket until it closes.
async fn serve_socket(
    mut session: Session,
    version_ok: bool,
    permit: Option<OwnedSemaphorePermit>,
) {
    let code = if !version_ok {
        let message = format!(
            "this page speaks another protocol version than the server ({PROTOCOL_VERSION}); reload it"
        );
        session.error(ErrorCode::ProtocolVersion, message, None);
        close::PROTOCOL_VERSION
    } else if permit.is_none() {
        session.error(
            ErrorCode::ServerFull,
            "the server is at its connection limit; try again soon",
            None,
        );
        close::SERVER_FULL
    } else {
        session.run(permit).await
    };
    session.close(code).await;
}

/// A token bucket: `rate` messages per second, bursts up to twice that.
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
    /// The client's address, for the limits per address.
    ip: IpAddr,
    room: Option<RoomHandle>,
    /// Attached as a phone (liveness follows its room).
    participant: bool,
    /// Messages over the rate, allowed only in bursts.
    bucket: Bucket,
    /// Messages refused by the bucket in a row.
    strikes: u32,
    /// A write failed: the code to close with.
    failed: Option<u16>,
    /// The client started the close handshake (a page closed or navigated away): tungstenite
    /// has queued the answering close frame, and nothing, not even our own close frame, may
    /// follow it.
    peer_closed: bool,
}

impl Session {
    /// Serves the socket until it closes; returns the close code to send.
    async fn run(&mut self, _permit: Option<OwnedSemaphorePermit>) -> u16 {
        let started = Instant::now();
        let deadlines = self.app.config.deadlines;
        let mut tick = tokio::time::interval_at(started + deadlines.tick, deadlines.tick);
        tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut last_seen = started;
        // Long-lived futures are made once, not on every turn of the loop: re-creating them
        // would register and drop a timer or a cancellation waiter per message.
        let shutdown = self.app.shutdown.clone();
        let cancelled = shutdown.cancelled();
        let socket = self.socket.clone();
        let killed = socket.close_requested();
        let drained = socket.drain_backlog();
        // Absolute: nothing that arrives extends it.
        let handshake = sleep_until(started + deadlines.handshake);
        tokio::pin!(cancelled, killed, drained, handshake);
        let code = loop {
            if let Some(code) = self.failed {
                break code;
            }
            tokio::select! {
                biased;
                _ = &mut cancelled => break CLOSE_GOING_AWAY,
                code = &mut killed => break code,
                error = &mut drained => {
                    log_write_failure(&WsError::Io(error), self.conn);
                    break CLOSE_NORMAL;
                }
                _ = &mut handshake, if self.room.is_none() => {
                    self.app.limits.hit(Limit::Timeouts);
                    self.error(ErrorCode::NotJoined, "send join, resume, host or screen first", None);
                    break close::HANDSHAKE;
                }
                _ = tick.tick() => {
                    if let Some(code) = self.liveness(last_seen.elapsed()) {
                        break code;
                    }
                }
                incoming = self.ws.next() => {
                    last_seen = Instant::now();
                    let next = match incoming {
                        None => Next::Close(CLOSE_NORMAL),
                        Some(Err(error)) => Next::Close(self.read_failed(&error)),
                        Some(Ok(Message::Text(text))) => self.handle_text(&text).await,
                        Some(Ok(Message::Binary(_))) => {
                            if self.allowed() {
                                self.error(ErrorCode::BadMessage, "send JSON text messages", None);
                                Next::Continue
                            } else {
                                self.rate_limited(None)
                            }
                        }
                        Some(Ok(Message::Close(_))) => {
                            self.peer_closed = true;
                            Next::Close(CLOSE_NORMAL)
                        }
                        Some(Ok(_)) => Next::Continue,
                    };
                    if let Next::Close(code) = next {
                        break code;
                    }
                }
            }
        };
        // Nothing from the room may follow the close frame.
        self.socket.close_to_room();
        if let Some(room) = self.room.take() {
            let dead = code == close::IDLE;
            room.send(Command::Detach {
                conn: self.conn,
                dead,
            })
            .await;
        }
        code
    }

    /// At each tick: closes a socket silent for too long (`Some(4010)`), pings a quiet one.
    fn liveness(&mut self, silent: Duration) -> Option<u16> {
        let busy = self.participant && self.room.as_ref().is_some_and(RoomHandle::is_busy);
        let deadlines = &self.app.config.deadlines;
        let (idle, ping_after) = if busy {
            (deadlines.busy_idle, deadlines.busy_ping)
        } else {
            (deadlines.idle, deadlines.ping)
        };
        if silent >= idle {
            tracing::debug!(?silent, busy, "no sign of life; closing");
            return Some(close::IDLE);
        }
        if silent >= ping_after {
            self.write(Message::Ping(Default::default()));
        }
        None
    }

    /// The close code for a socket that could not be read: a broken frame is the client's
    /// fault (1002, 1007 for bad UTF-8, 1009 for too big); anything else means it is gone.
    fn read_failed(&mut self, error: &WsError) -> u16 {
        match error {
            WsError::Capacity(CapacityError::MessageTooLong { .. }) => {
                let message = format!("messages are limited to {MAX_WS_MESSAGE_BYTES} bytes");
                self.error(ErrorCode::TooLarge, message, None);
                CLOSE_TOO_BIG
            }
            WsError::Capacity(_) => CLOSE_TOO_BIG,
            WsError::Protocol(_) => close::PROTOCOL_ERROR,
            WsError::Utf8(_) => close::INVALID_DATA,
            WsError::Io(io) if is_backlog_full(io) => close::SLOW_CONSUMER,
            _ => CLOSE_NORMAL,
        }
    }

    /// Takes a token for a message; `false` when over the rate.
    fn allowed(&mut self) -> bool {
        if self.bucket.take() {
            self.strikes = 0;
            true
        } else {
            false
        }
    }

    /// A message over the rate was dropped: tell the client (every refused action, once per
    /// streak otherwise); a client that keeps going is closed with 4029.
    fn rate_limited(&mut self, reference: Option<ClientMsgId>) -> Next {
        self.strikes += 1;
        if self.strikes >= RATE_STRIKES {
            self.app.limits.hit(Limit::Messages);
            self.error(
                ErrorCode::RateLimited,
                "far too many messages; reconnect in a moment",
                None,
            );
            return Next::Close(close::RATE_LIMITED);
        }
        if reference.is_some() || self.strikes == 1 {
            self.error(
                ErrorCode::RateLimited,
                "too many messages; wait a moment and try again",
                reference,
            );
        }
        Next::Continue
    }

    async fn handle_text(&mut self, text: &str) -> Next {
        let msg = serde_json::from_str::<ClientMsg>(text);
        // Pings are cheap and keep the link alive; everything else costs a token.
        if !matches!(msg, Ok(ClientMsg::Ping { .. })) {
            let reference = match &msg {
                Ok(ClientMsg::Act { id, .. }) => Some(id.clone()),
                _ => None,
            };
            if !self.allowed() {
                return self.rate_limited(reference);
            }
        }
        let msg = match msg {
            Ok(msg) => msg,
            Err(error) => {
                let (code, message) = classify(text, &error);
                self.error(code, message, None);
                return Next::Continue;
            }
        };
        let hello = match msg {
            ClientMsg::Ping { t } => {
                let pong = ServerMsg::Pong {
                    t,
                    server_now: self.app.env.clock.now_ms(),
                };
                self.send(&pong);
                return Next::Continue;
            }
            ClientMsg::Join {
                room,
                nickname,
                lang,
            } => (room, Hello::Join { nickname, lang }),
            ClientMsg::Resume { room, token } => (room, Hello::Resume { token }),
            ClientMsg::Host {
                room,
                host_key,
                console,
            } => {
                if console
                    .as_ref()
                    .is_some_and(|c| c.is_empty() || c.len() > MAX_CONSOLE_ID_LEN)
                {
                    let message = format!("a console id has 1 to {MAX_CONSOLE_ID_LEN} bytes");
                    self.error(ErrorCode::BadMessage, message, None);
                    return Next::Continue;
                }
                (room, Hello::Host { host_key, console })
            }
            ClientMsg::Screen { room } => (room, Hello::Screen),
            ClientMsg::Act { id, act } => {
                let Some(room) = self.room.clone() else {
                    self.error(ErrorCode::NotJoined, "join a room first", Some(id));
                    return Next::Continue;
                };
                if id.0.is_empty() || id.0.len() > MAX_CLIENT_MSG_ID_LEN {
                    let message = format!("an action id has 1 to {MAX_CLIENT_MSG_ID_LEN} bytes");
                    self.error(ErrorCode::BadMessage, message, None);
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
                    self.error(ErrorCode::NotJoined, "join a room first", None);
                    return Next::Continue;
                };
                let list = Command::ListParticipants {
                    conn: self.conn,
                    query,
                };
                return self.forward(&room, list).await;
            }
            ClientMsg::Sync => {
                let Some(room) = self.room.clone() else {
                    self.error(ErrorCode::NotJoined, "join a room first", None);
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
            );
            return Next::Continue;
        }
        self.attach(hello.0, hello.1).await
    }

    async fn forward(&mut self, room: &RoomHandle, command: Command) -> Next {
        if room.send(command).await {
            Next::Continue
        } else {
            self.room_gone()
        }
    }

    /// The room's actor has ended: deleted (4004), or in a cluster moved to another node
    /// (`ROOM_MOVED`: the page reconnects and finds it there, or learns it is gone).
    fn room_gone(&mut self) -> Next {
        if self.app.env.store.is_shared() {
            self.error(
                ErrorCode::Internal,
                "the room moved to another server; reconnecting",
                None,
            );
            Next::Close(close::ROOM_MOVED)
        } else {
            self.error(ErrorCode::RoomNotFound, "this room has been deleted", None);
            Next::Close(close::ROOM_NOT_FOUND)
        }
    }

    /// A limit refused the opening: say so and close with 4029 (the page retries later).
    fn refuse(&mut self, refused: Refused) -> Next {
        let message = match refused.limit {
            Limit::LookupFailures => format!(
                "too many unknown room codes or wrong keys from this address; try again in {} s",
                refused.retry_after_secs()
            ),
            _ => format!(
                "too many people are joining at once; trying again in {} s",
                refused.retry_after_secs()
            ),
        };
        self.error(ErrorCode::RateLimited, message, None);
        Next::Close(close::RATE_LIMITED)
    }

    async fn attach(&mut self, room: String, hello: Hello) -> Next {
        let limits = &self.app.limits;
        if let Err(refused) = limits.lookup(self.ip) {
            return self.refuse(refused);
        }
        let found = match RoomCode::parse(&room) {
            Some(code) => match self.app.lookup(&code).await {
                Lookup::Here(handle) => Some((code, handle)),
                Lookup::NotFound => None,
                Lookup::Busy => {
                    self.error(
                        ErrorCode::Internal,
                        "the room is moving between servers; reconnecting",
                        None,
                    );
                    return Next::Close(close::ROOM_MOVED);
                }
            },
            None => None,
        };
        let Some((code, handle)) = found else {
            self.app.limits.lookup_failed(self.ip);
            self.error(
                ErrorCode::RoomNotFound,
                "there is no room with this code",
                None,
            );
            return Next::Close(close::ROOM_NOT_FOUND);
        };
        let limits = &self.app.limits;
        if matches!(hello, Hello::Join { .. })
            && let Err(refused) = limits.join(self.ip, &code)
        {
            return self.refuse(refused);
        }
        let participant = matches!(hello, Hello::Join { .. } | Hello::Resume { .. });
        let (reply, outcome) = oneshot::channel();
        let command = Command::Attach {
            conn: self.conn,
            hello,
            socket: self.socket.clone(),
            reply,
        };
        if !handle.send(command).await {
            return self.room_gone();
        }
        match outcome.await {
            Ok(AttachOutcome::Attached) => {
                self.room = Some(handle);
                self.participant = participant;
            }
            // A wrong host key or resume token (the room closes the socket).
            Ok(AttachOutcome::Closed) => self.app.limits.lookup_failed(self.ip),
            Ok(AttachOutcome::Retry) => {}
            // In a cluster the room left this node while the opening waited.
            Err(_) if self.app.env.store.is_shared() => return self.room_gone(),
            Err(_) => {}
        }
        Next::Continue
    }

    /// Writes a frame of the task's own without waiting: the socket takes it at once, and
    /// what the kernel does not take waits in its backlog, drained by [`Session::run`]'s
    /// `select!`. A failed write ends the session with [`Session::failed`]'s code.
    fn write(&mut self, message: Message) {
        if self.failed.is_some() {
            return;
        }
        // `feed` is `poll_ready` + `start_send`, no flush. The socket's writes never return
        // "not ready", so this completes in its first poll.
        match self.ws.feed(message).now_or_never() {
            Some(Ok(())) => {}
            Some(Err(error)) => {
                log_write_failure(&error, self.conn);
                self.failed = Some(match &error {
                    WsError::Io(io) if is_backlog_full(io) => close::SLOW_CONSUMER,
                    _ => CLOSE_NORMAL,
                });
            }
            None => self.failed = Some(close::SLOW_CONSUMER),
        }
    }

    fn send(&mut self, msg: &ServerMsg) {
        if let Ok(text) = serde_json::to_string(msg) {
            self.write(Message::Text(text.into()));
        }
    }

    fn error(
        &mut self,
        code: ErrorCode,
        message: impl Into<String>,
        reference: Option<ClientMsgId>,
    ) {
        self.send(&ServerMsg::Error {
            code,
            message: message.into(),
            reference,
        });
    }

    /// Sends the close frame after what waits, and gives the client [`CLOSE_WAIT`] to take it
    /// and answer; a peer that does not read is dropped after that. When the client closed
    /// first, only tungstenite's answer to its close frame goes out: a second close frame
    /// would be refused ("Sending after closing is not allowed"), and an ordinary page close
    /// is no failure worth a warning.
    async fn close(&mut self, code: u16) {
        if code == close::SLOW_CONSUMER && self.failed == Some(code) {
            // Its backlog is full: the close frame cannot follow; drop it.
            return;
        }
        if self.peer_closed {
            let _ = tokio::time::timeout(CLOSE_WAIT, self.ws.flush()).await;
            return;
        }
        self.failed = None;
        let frame = CloseFrame {
            code: CloseCode::from(code),
            reason: Utf8Bytes::from_static(""),
        };
        self.write(Message::Close(Some(frame)));
        let _ = tokio::time::timeout(CLOSE_WAIT, async {
            if self.ws.flush().await.is_err() {
                return;
            }
            while let Some(Ok(msg)) = self.ws.next().await {
                if matches!(msg, Message::Close(_)) {
                    break;
                }
            }
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

    #[test]
    fn a_socket_that_cannot_take_more_is_a_slow_consumer_not_a_gone_peer() {
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert!(is_backlog_full(&full));
        assert!(!is_disconnect(&WsError::Io(full)));
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 512, ..Default::default() })]

        /// Whatever bytes arrive as a text message: parsing never panics, and what does not
        /// parse gets a code and a message.
        #[test]
        fn any_text_is_parsed_or_classified(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let text = String::from_utf8_lossy(&bytes);
            if let Err(error) = serde_json::from_str::<ClientMsg>(&text) {
                let (code, message) = classify(&text, &error);
                proptest::prop_assert!(matches!(code, ErrorCode::BadMessage | ErrorCode::UnknownType));
                proptest::prop_assert!(!message.is_empty());
            }
        }

        /// JSON-shaped input (the likelier attack): the same.
        #[test]
        fn json_shaped_text_is_parsed_or_classified(
            kind in "(join|resume|host|screen|act|sync|ping|[a-z]{0,6})",
            body in r#"(,"[a-zA-Z]{1,8}":("[^"]{0,10}"|-?[0-9]{1,20}|null|true|\[\]|\{\}|\{"type":"[a-zA-Z]{0,12}"\})){0,6}"#,
        ) {
            let text = format!(r#"{{"type":"{kind}"{body}}}"#);
            if let Err(error) = serde_json::from_str::<ClientMsg>(&text) {
                let (code, _) = classify(&text, &error);
                let json = serde_json::from_str::<serde_json::Value>(&text).is_ok();
                let unknown = json && !CLIENT_TYPES.contains(&kind.as_str());
                proptest::prop_assert_eq!(code == ErrorCode::UnknownType, unknown, "{}", text);
            }
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
