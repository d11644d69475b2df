//! Accepting connections: one limit on all open connections, a deadline for each request's
//! headers and for the whole request, and a graceful stop.
//!
//! axum's own `serve` sets neither a header timeout nor a connection limit, so a few thousand
//! connections that never finish their request would hold every file descriptor. Here each
//! accepted connection takes a permit of [`Capacity::connections`], kept by the socket for as
//! long as it is open (also after a WebSocket upgrade); a connection over the limit is told
//! `503 serverFull` (a single non-blocking write) and closed. hyper closes a connection whose
//! request headers do not arrive within [`HEADER_TIMEOUT`] (also between requests on a
//! kept-alive connection), and a request whose body and answer take longer than
//! [`REQUEST_TIMEOUT`] gets `408 requestTimeout` (both as configured in
//! [`crate::config::Deadlines`]).

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::ServiceExt;

use crate::app::App;
#[cfg(doc)]
use crate::config::{HEADER_TIMEOUT, REQUEST_TIMEOUT};
#[cfg(doc)]
use crate::limits::Capacity;
use crate::limits::Limit;

/// An accepted connection holding its permit until it is closed.
struct Counted {
    stream: TcpStream,
    _permit: OwnedSemaphorePermit,
}

impl AsyncRead for Counted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// The answer to a connection over the limit: written once without waiting, then closed.
const FULL_RESPONSE: &[u8] =
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n\
Retry-After: 5\r\nConnection: close\r\nContent-Length: 78\r\n\r\n\
{\"code\":\"serverFull\",\"message\":\"the server is at its connection limit; retry\"}";

/// Serves `router` on `listener` until `shutdown`; then asks every connection to finish and
/// waits for them (the caller bounds the wait).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    app: Arc<App>,
    open: Arc<Semaphore>,
    shutdown: CancellationToken,
) {
    let connections = TaskTracker::new();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.cancelled() => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of file descriptors (EMFILE, ENFILE) or memory: counted as a hit of the
                // connection limit (a throttled warning), and a short pause instead of spinning.
                tracing::debug!(%error, "cannot accept a connection");
                if matches!(error.raw_os_error(), Some(23 | 24))
                    || error.kind() == io::ErrorKind::OutOfMemory
                {
                    app.limits.hit(Limit::Connections);
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            app.limits.hit(Limit::Connections);
            // A write the kernel takes at once (the socket is fresh and non-blocking); tokio's
            // own `try_write` would not know yet that it is writable.
            if let Ok(stream) = stream.into_std() {
                let _ = std::io::Write::write(&mut &stream, FULL_RESPONSE);
            }
            continue;
        };
        // Small messages must leave at once: without TCP_NODELAY an acknowledgement that
        // follows another message waits for the phone's delayed ACK (40 ms on Linux).
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(Counted {
            stream,
            _permit: permit,
        });
        let service = hyper::service::service_fn({
            let router = router.clone();
            let app = app.clone();
            move |mut request: hyper::Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                let router = router.clone();
                let app = app.clone();
                async move { Ok::<_, Infallible>(answer(router, app, request).await) }
            }
        });
        let shutdown = shutdown.clone();
        let header_timeout = app.config.deadlines.header;
        connections.spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            let conn = builder.serve_connection(io, service).with_upgrades();
            tokio::pin!(conn);
            tokio::select! {
                result = conn.as_mut() => {
                    if let Err(error) = result {
                        tracing::debug!(%error, %peer, "connection ended with an error");
                    }
                }
                _ = shutdown.cancelled() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    connections.close();
    connections.wait().await;
}

/// Runs the request through the router within the request deadline.
async fn answer(
    router: Router,
    app: Arc<App>,
    request: hyper::Request<Incoming>,
) -> axum::response::Response {
    let request = request.map(Body::new);
    let deadline = app.config.deadlines.request;
    match tokio::time::timeout(deadline, router.oneshot(request)).await {
        Ok(Ok(response)) => response,
        Ok(Err(never)) => match never {},
        Err(_) => {
            app.limits.hit(Limit::Timeouts);
            crate::failure::request_timeout(deadline)
        }
    }
}

/// The peer address of a request served by [`serve`].
pub type Peer = ConnectInfo<SocketAddr>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_response_has_its_body() {
        assert_eq!(
            FULL_RESPONSE.len()
                - FULL_RESPONSE
                    .windows(4)
                    .position(|w| w == b"\r\n\r\n")
                    .unwrap()
                - 4,
            78
        );
    }
}
