//! One WebSocket connection's socket, shared by its socket task and its room.
//!
//! The room writes to the socket itself: a message is framed once ([`Frame`]), handed to
//! every socket in one pass over the room ([`Socket::cork`]), and at the end of the room's turn
//! each socket gets one non-blocking write of everything its turn handed it
//! ([`Socket::uncork`]). No channel, no task wake-up and no re-framing per connection
//! (docs/BENCHMARKS.md: that path, interleaved with reading the answers, put question→phone at
//! 2–3.6× Bun's). What the kernel does not take at once waits in a per-connection backlog that
//! only the socket task drains, when the socket is writable again.
//!
//! The socket task still runs tungstenite over the same socket ([`SocketIo`]) for reading,
//! pings, its own replies and the close handshake. Frames never interleave: every write, from
//! either side, is made of whole frames taken under one lock, written or appended to the
//! backlog in full, and nothing is written directly while a backlog waits.

use std::collections::VecDeque;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use kring_protocol::ServerMsg;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;
use tokio_tungstenite::tungstenite::protocol::frame::Frame as WsFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};

use crate::config::{MAX_WRITE_BUFFER_BYTES, OUTBOUND_QUEUE};

/// The upgraded HTTP connection a WebSocket runs on.
pub type UpgradedIo = hyper_util::rt::TokioIo<hyper::upgrade::Upgraded>;

/// A server message serialised and framed once, shareable by any number of sockets.
#[derive(Clone, Debug)]
pub struct Frame(Bytes);

impl Frame {
    /// Serialises `msg` to JSON and frames it as one unmasked WebSocket text frame.
    pub fn encode(msg: &ServerMsg) -> Frame {
        // Serialising these plain data types cannot fail; an empty object would be ignored.
        let json = serde_json::to_string(msg).unwrap_or_else(|_| String::from("{}"));
        Frame::text(json)
    }

    /// Frames `text` as one WebSocket text frame.
    fn text(text: String) -> Frame {
        let frame = WsFrame::message(text, OpCode::Data(Data::Text), true);
        let mut bytes = Vec::with_capacity(frame.len());
        frame
            .format(&mut bytes)
            .expect("formatting a frame into a Vec cannot fail");
        Frame(Bytes::from(bytes))
    }

    /// The frame's bytes, header included.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// How a frame the room handed over went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The kernel took all of it.
    Written,
    /// All or part of it waits in the backlog for the socket task.
    Queued,
}

/// Why the room could not hand a connection a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendError {
    /// [`OUTBOUND_QUEUE`] frames already wait: the reader is too slow (close 4008).
    Full,
    /// The connection is closing or gone; the room hears of it with a `Detach`.
    Closed,
}

/// A connection's socket, written by its room and by its socket task.
#[derive(Debug)]
pub struct Socket<Io = UpgradedIo> {
    inner: Mutex<Inner<Io>>,
    /// Wakes the socket task: a backlog is waiting or the socket failed.
    backlog_waiting: Notify,
    /// Close requested by the room (0 while none).
    close_code: AtomicU16,
    close_requested: Notify,
}

#[derive(Debug)]
struct Inner<Io> {
    io: Io,
    /// Bytes the kernel did not take yet, whole frames (or a frame's unwritten tail) in order.
    backlog: VecDeque<Bytes>,
    backlog_bytes: usize,
    /// Frames the room handed over during its current turn, written together at its end.
    corked: Vec<Bytes>,
    /// The room may not write any more (the socket task is closing the connection).
    closed_to_room: bool,
    /// A write failed: the peer is gone.
    failed: Option<io::ErrorKind>,
}

impl<Io: AsyncRead + AsyncWrite + Unpin> Socket<Io> {
    /// Wraps an upgraded connection.
    pub fn new(io: Io) -> Self {
        Socket {
            inner: Mutex::new(Inner {
                io,
                backlog: VecDeque::new(),
                backlog_bytes: 0,
                corked: Vec::new(),
                closed_to_room: false,
                failed: None,
            }),
            backlog_waiting: Notify::new(),
            close_code: AtomicU16::new(0),
            close_requested: Notify::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner<Io>> {
        // A panic while holding the lock leaves consistent data (every change is one step).
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The room's send during one of its turns: keeps `frame` to be written with the turn's
    /// other frames for this socket in one write ([`Socket::uncork`]): at a reveal, say, the
    /// shared result and the phone's own score leave as one TCP segment instead of two.
    /// Returns whether it is the first frame kept (the room then remembers to uncork).
    pub fn cork(&self, frame: &Frame) -> Result<bool, SendError> {
        let mut inner = self.lock();
        Self::admit(&inner)?;
        inner.corked.push(frame.0.clone());
        Ok(inner.corked.len() == 1)
    }

    /// Writes what [`Socket::cork`] kept, as one write; `None` when there was nothing to write
    /// (or the connection is closing).
    pub fn uncork(&self) -> Option<Delivery> {
        let mut inner = self.lock();
        let mut corked = std::mem::take(&mut inner.corked);
        if corked.is_empty() || inner.closed_to_room || inner.failed.is_some() {
            return None;
        }
        let bytes = if corked.len() == 1 {
            corked.swap_remove(0)
        } else {
            let mut joined = Vec::with_capacity(corked.iter().map(Bytes::len).sum());
            for frame in &corked {
                joined.extend_from_slice(frame);
            }
            Bytes::from(joined)
        };
        Some(self.write_frame(&mut inner, bytes))
    }

    /// Whether the room may hand this socket another frame.
    fn admit(inner: &Inner<Io>) -> Result<(), SendError> {
        if inner.closed_to_room || inner.failed.is_some() {
            Err(SendError::Closed)
        } else if inner.backlog.len() + inner.corked.len() >= OUTBOUND_QUEUE {
            Err(SendError::Full)
        } else {
            Ok(())
        }
    }

    /// Writes whole frames for the room, without waiting; the kernel's leftovers wait in the
    /// backlog.
    fn write_frame(&self, inner: &mut Inner<Io>, bytes: Bytes) -> Delivery {
        // A waker that does nothing: when the socket is full the tail goes to the backlog and
        // the socket task, told so, registers its own waker by draining it.
        let mut cx = Context::from_waker(Waker::noop());
        let written = self.write_now(inner, &mut cx, &bytes);
        self.queue_tail(inner, || bytes.slice(written..));
        if written == bytes.len() {
            Delivery::Written
        } else {
            Delivery::Queued
        }
    }

    /// Asks the socket task to close the connection with `code`, after what was sent (kept
    /// frames included).
    pub fn close(&self, code: u16) {
        self.uncork();
        self.close_code.store(code, Ordering::Release);
        self.close_requested.notify_one();
    }

    /// Waits until the room calls [`Socket::close`]; returns the close code.
    pub async fn close_requested(&self) -> u16 {
        self.close_requested.notified().await;
        self.close_code.load(Ordering::Acquire)
    }

    /// From now on the room's [`Socket::cork`] fails with [`SendError::Closed`]: the socket task
    /// is about to send its close frame, and nothing may follow that.
    pub fn close_to_room(&self) {
        let mut inner = self.lock();
        inner.closed_to_room = true;
        inner.corked = Vec::new();
    }

    /// Writes the backlog whenever there is one; returns only when the socket failed.
    pub async fn drain_backlog(&self) -> io::Error {
        loop {
            self.backlog_waiting.notified().await;
            if let Err(error) = std::future::poll_fn(|cx| self.poll_drain(cx)).await {
                return error;
            }
        }
    }

    /// Frames waiting for the socket.
    #[cfg(test)]
    fn backlog_len(&self) -> usize {
        self.lock().backlog.len()
    }

    /// Writes `bytes` directly when nothing waits, as far as the kernel takes them; returns how
    /// many it took. The caller queues the rest with [`Socket::queue_tail`].
    fn write_now(&self, inner: &mut Inner<Io>, cx: &mut Context<'_>, bytes: &[u8]) -> usize {
        let mut written = 0;
        if !inner.backlog.is_empty() || inner.failed.is_some() {
            return 0;
        }
        while written < bytes.len() {
            match Self::poll_write_once(&mut inner.io, &mut inner.failed, cx, &bytes[written..]) {
                Poll::Ready(Ok(n)) => written += n,
                Poll::Ready(Err(_)) | Poll::Pending => break,
            }
        }
        written
    }

    /// One write into the socket; a failure (the peer is gone) is remembered in `failed` for
    /// good.
    fn poll_write_once(
        io: &mut Io,
        failed: &mut Option<io::ErrorKind>,
        cx: &mut Context<'_>,
        bytes: &[u8],
    ) -> Poll<io::Result<usize>> {
        loop {
            let error = match Pin::new(&mut *io).poll_write(cx, bytes) {
                Poll::Ready(Ok(0)) => io::ErrorKind::WriteZero.into(),
                Poll::Ready(Err(error)) if error.kind() == io::ErrorKind::Interrupted => continue,
                Poll::Ready(Err(error)) => error,
                other => return other,
            };
            *failed = Some(error.kind());
            return Poll::Ready(Err(error));
        }
    }

    /// Appends what [`Socket::write_now`] did not write to the backlog and tells the socket
    /// task (also when the socket failed, so that it closes the connection).
    fn queue_tail(&self, inner: &mut Inner<Io>, tail: impl FnOnce() -> Bytes) {
        if inner.failed.is_none() {
            let tail = tail();
            if tail.is_empty() {
                return;
            }
            inner.backlog_bytes += tail.len();
            inner.backlog.push_back(tail);
        }
        self.backlog_waiting.notify_one();
    }

    /// Writes the backlog until it is empty (ready) or the socket is full (pending, with
    /// `cx` woken when it is writable again).
    fn poll_drain(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut guard = self.lock();
        let inner = &mut *guard;
        if let Some(kind) = inner.failed {
            return Poll::Ready(Err(kind.into()));
        }
        let Inner {
            io,
            backlog,
            backlog_bytes,
            failed,
            ..
        } = inner;
        while let Some(front) = backlog.front_mut() {
            let n = std::task::ready!(Self::poll_write_once(io, failed, cx, front))?;
            *backlog_bytes -= n;
            if n == front.len() {
                backlog.pop_front();
            } else {
                let _ = front.split_to(n);
            }
        }
        Poll::Ready(Ok(()))
    }
}

/// The error of a write refused because the peer does not read: too much waits for it already.
fn backlog_full() -> io::Error {
    io::Error::new(
        io::ErrorKind::StorageFull,
        "the peer does not read: too much is waiting to be written",
    )
}

/// Whether a write failed because the peer does not read ([`OUTBOUND_QUEUE`] frames or
/// [`MAX_WRITE_BUFFER_BYTES`] wait for it): the connection is closed with 4008.
pub fn is_backlog_full(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::StorageFull
}

/// The socket as tungstenite's stream, for the socket task: reads go to the connection,
/// writes share the room's path (whole frames, in order with the room's).
pub struct SocketIo<Io = UpgradedIo>(pub std::sync::Arc<Socket<Io>>);

impl<Io: AsyncRead + AsyncWrite + Unpin> AsyncRead for SocketIo<Io> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0.lock().io).poll_read(cx, buf)
    }
}

impl<Io: AsyncRead + AsyncWrite + Unpin> AsyncWrite for SocketIo<Io> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let socket = &self.0;
        let mut inner = socket.lock();
        if let Some(kind) = inner.failed {
            return Poll::Ready(Err(kind.into()));
        }
        // The socket task's own frames (replies, pings) may not pile up for a peer that does
        // not read either: the task is told at once, never made to wait. Once the room may no
        // longer write, only the close frame follows: it may still be queued.
        if (inner.backlog.len() >= OUTBOUND_QUEUE && !inner.closed_to_room)
            || inner.backlog_bytes + buf.len() > MAX_WRITE_BUFFER_BYTES
        {
            return Poll::Ready(Err(backlog_full()));
        }
        // tungstenite hands over whole frames; taking all of `buf` keeps them whole.
        let written = socket.write_now(&mut inner, cx, buf);
        socket.queue_tail(&mut inner, || Bytes::copy_from_slice(&buf[written..]));
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.0.poll_drain(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        std::task::ready!(self.0.poll_drain(cx))?;
        Pin::new(&mut self.0.lock().io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use futures_util::{SinkExt, StreamExt};
    use tokio::io::DuplexStream;
    use tokio_tungstenite::WebSocketStream;
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};

    use super::*;

    fn pong(n: usize) -> ServerMsg {
        ServerMsg::Pong {
            t: n as f64,
            server_now: 0,
        }
    }

    /// A server socket over an in-memory pipe that holds only `capacity` bytes, and the
    /// phone's end of it.
    async fn pair(
        capacity: usize,
    ) -> (
        Arc<Socket<DuplexStream>>,
        WebSocketStream<SocketIo<DuplexStream>>,
        WebSocketStream<DuplexStream>,
    ) {
        let (server, phone) = tokio::io::duplex(capacity);
        let socket = Arc::new(Socket::new(server));
        let config = WebSocketConfig::default().write_buffer_size(0);
        let ws =
            WebSocketStream::from_raw_socket(SocketIo(socket.clone()), Role::Server, Some(config))
                .await;
        let phone = WebSocketStream::from_raw_socket(phone, Role::Client, None).await;
        (socket, ws, phone)
    }

    /// A room turn that hands the socket one frame.
    fn send(
        socket: &Socket<impl AsyncRead + AsyncWrite + Unpin>,
        frame: &Frame,
    ) -> Result<Option<Delivery>, SendError> {
        socket.cork(frame)?;
        Ok(socket.uncork())
    }

    async fn next_text(phone: &mut WebSocketStream<DuplexStream>) -> String {
        match phone.next().await {
            Some(Ok(Message::Text(text))) => text.to_string(),
            other => panic!("expected a text message, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn frames_from_room_and_socket_task_arrive_whole_and_in_order_through_a_full_socket() {
        // The pipe holds less than one frame: nearly everything goes through the backlog.
        let (socket, mut ws, mut phone) = pair(16).await;
        let mut expected = Vec::new();
        for n in 0..40 {
            let msg = pong(n);
            expected.push(serde_json::to_string(&msg).unwrap());
            if n % 3 == 0 {
                // The socket task's own reply, through tungstenite; flushing waits for the pipe,
                // so it runs beside the reader.
                let text = serde_json::to_string(&msg).unwrap();
                ws.feed(Message::Text(text.into())).await.unwrap();
            } else {
                send(&socket, &Frame::encode(&msg)).unwrap();
            }
        }
        assert!(socket.backlog_len() > 0, "the small pipe must have filled");
        let reader = tokio::spawn(async move {
            let mut got = Vec::new();
            for _ in 0..40 {
                got.push(next_text(&mut phone).await);
            }
            got
        });
        // Flushing drains the backlog (in the server the socket task does it: one waker).
        ws.flush().await.unwrap();
        assert_eq!(reader.await.unwrap(), expected);
        assert_eq!(socket.backlog_len(), 0);
    }

    #[tokio::test]
    async fn a_phone_that_does_not_read_is_refused_after_the_outbound_queue() {
        // The pipe takes one frame; then the backlog fills up to its limit.
        let frame_len = Frame::encode(&pong(1)).as_bytes().len();
        let (socket, _ws, _phone) = pair(frame_len).await;
        let frame = Frame::encode(&pong(1));
        assert_eq!(send(&socket, &frame), Ok(Some(Delivery::Written)));
        for _ in 0..OUTBOUND_QUEUE {
            assert_eq!(send(&socket, &frame), Ok(Some(Delivery::Queued)));
        }
        assert_eq!(socket.backlog_len(), OUTBOUND_QUEUE);
        assert_eq!(send(&socket, &frame), Err(SendError::Full));
    }

    #[tokio::test]
    async fn the_room_cannot_write_after_the_socket_task_closed_it() {
        let (socket, _ws, _phone) = pair(1024).await;
        let frame = Frame::encode(&pong(1));
        send(&socket, &frame).unwrap();
        socket.close_to_room();
        assert_eq!(send(&socket, &frame), Err(SendError::Closed));
    }

    #[tokio::test]
    async fn a_gone_phone_ends_the_drain_and_refuses_further_frames() {
        let (socket, _ws, phone) = pair(1024).await;
        drop(phone);
        let frame = Frame::encode(&pong(1));
        // The write that finds the pipe broken still counts as handed over ...
        send(&socket, &frame).unwrap();
        // ... and tells the socket task, which closes the connection.
        let error = tokio::time::timeout(std::time::Duration::from_secs(5), socket.drain_backlog())
            .await
            .expect("the drain reports the broken socket");
        assert_eq!(error.kind(), io::ErrorKind::BrokenPipe);
        assert_eq!(send(&socket, &frame), Err(SendError::Closed));
    }

    #[tokio::test]
    async fn a_close_request_reaches_the_socket_task_with_its_code() {
        let (socket, _ws, _phone) = pair(64).await;
        socket.close(4003);
        assert_eq!(socket.close_requested().await, 4003);
    }

    /// A pipe end that counts the writes made to it.
    struct Counting {
        pipe: DuplexStream,
        writes: Arc<std::sync::atomic::AtomicUsize>,
    }

    impl AsyncRead for Counting {
        fn poll_read(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &mut ReadBuf<'_>,
        ) -> Poll<io::Result<()>> {
            Pin::new(&mut self.pipe).poll_read(cx, buf)
        }
    }

    impl AsyncWrite for Counting {
        fn poll_write(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &[u8],
        ) -> Poll<io::Result<usize>> {
            self.writes.fetch_add(1, Ordering::Relaxed);
            Pin::new(&mut self.pipe).poll_write(cx, buf)
        }

        fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            Pin::new(&mut self.pipe).poll_flush(cx)
        }

        fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            Pin::new(&mut self.pipe).poll_shutdown(cx)
        }
    }

    #[tokio::test]
    async fn frames_kept_during_a_turn_leave_in_one_write_in_order() {
        let (server, phone) = tokio::io::duplex(64 * 1024);
        let writes = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let socket = Socket::new(Counting {
            pipe: server,
            writes: writes.clone(),
        });
        let mut phone = WebSocketStream::from_raw_socket(phone, Role::Client, None).await;
        assert_eq!(socket.cork(&Frame::encode(&pong(1))), Ok(true));
        assert_eq!(socket.cork(&Frame::encode(&pong(2))), Ok(false));
        assert_eq!(
            writes.load(Ordering::Relaxed),
            0,
            "nothing leaves before the turn ends"
        );
        assert_eq!(socket.uncork(), Some(Delivery::Written));
        assert_eq!(writes.load(Ordering::Relaxed), 1, "one write for the turn");
        for n in 1..=2 {
            assert_eq!(
                next_text(&mut phone).await,
                serde_json::to_string(&pong(n)).unwrap()
            );
        }
        assert_eq!(socket.uncork(), None, "nothing left");
    }

    #[tokio::test]
    async fn kept_frames_count_towards_the_limit_and_leave_before_a_close() {
        let (socket, _ws, mut phone) = pair(64 * 1024).await;
        for _ in 0..OUTBOUND_QUEUE {
            socket.cork(&Frame::encode(&pong(1))).unwrap();
        }
        assert_eq!(socket.cork(&Frame::encode(&pong(1))), Err(SendError::Full));
        socket.close(4008);
        for _ in 0..OUTBOUND_QUEUE {
            next_text(&mut phone).await;
        }
        assert_eq!(socket.close_requested().await, 4008);
    }
}
