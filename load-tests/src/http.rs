//! A minimal HTTP/1.1 client over a tokio `TcpStream`, just enough for Kring's JSON API
//! (`POST /api/rooms`, `POST /api/rooms/{code}/activities`), and the parsing of `--url`.
//!
//! One request per connection (`Connection: close`); the response body is read to the end and
//! may be `Content-Length`-delimited, chunked or closed-delimited. Plain `http://` only: the
//! load generator talks to a server on the same network, usually loopback.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, bail};
use kring_protocol::{
    ActivityId, ActivitySpec, AddActivityResponse, CreateRoomRequest, CreateRoomResponse,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Longest response accepted, in bytes.
const MAX_RESPONSE_BYTES: usize = 4 << 20;
/// How long one API call may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// Where the server is: parsed from `--url http://host:port[/prefix]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Host name or address as written (used for the `Host` header and the WebSocket URL).
    pub host: String,
    /// TCP port (80 when not given).
    pub port: u16,
    /// Path prefix without a trailing slash (empty for the root).
    pub prefix: String,
}

impl BaseUrl {
    /// Parses `http://host[:port][/prefix]`; `ws://` is accepted as a synonym.
    pub fn parse(url: &str) -> anyhow::Result<BaseUrl> {
        let url = url.trim();
        let rest = if let Some(rest) = url.strip_prefix("http://") {
            rest
        } else if let Some(rest) = url.strip_prefix("ws://") {
            rest
        } else if url.starts_with("https://") || url.starts_with("wss://") {
            bail!("TLS is not supported: point --url at the server's plain http:// address");
        } else {
            bail!("--url must start with http://, e.g. http://127.0.0.1:8080 (got {url:?})");
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if authority.is_empty() {
            bail!("--url has no host: {url:?}");
        }
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (host, after) = v6
                .split_once(']')
                .with_context(|| format!("unclosed '[' in {url:?}"))?;
            let port = match after.strip_prefix(':') {
                Some(port) => port
                    .parse()
                    .with_context(|| format!("bad port in {url:?}"))?,
                None if after.is_empty() => 80,
                None => bail!("unexpected {after:?} after the address in {url:?}"),
            };
            (format!("[{host}]"), port)
        } else {
            match authority.rsplit_once(':') {
                Some((host, port)) => (
                    host.to_owned(),
                    port.parse()
                        .with_context(|| format!("bad port in {url:?}"))?,
                ),
                None => (authority.to_owned(), 80),
            }
        };
        let path = path.split(['?', '#']).next().unwrap_or_default();
        Ok(BaseUrl {
            host,
            port,
            prefix: path.trim_end_matches('/').to_owned(),
        })
    }

    /// The `Host` header value.
    pub fn authority(&self) -> String {
        if self.port == 80 {
            self.host.clone()
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The WebSocket URL, `ws://host:port/prefix/ws?v=1`.
    pub fn ws_url(&self) -> String {
        format!(
            "ws://{}{}/ws?v={}",
            self.authority(),
            self.prefix,
            kring_protocol::PROTOCOL_VERSION
        )
    }

    /// Resolves the host to a socket address (the first one given).
    pub async fn resolve(&self) -> anyhow::Result<SocketAddr> {
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        tokio::net::lookup_host((host, self.port))
            .await
            .with_context(|| format!("cannot resolve {}", self.host))?
            .next()
            .with_context(|| format!("{} has no address", self.host))
    }
}

/// A parsed HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Body, de-chunked.
    pub body: Vec<u8>,
}

/// Kring's JSON API on one server.
#[derive(Debug, Clone)]
pub struct Api {
    base: BaseUrl,
    addr: SocketAddr,
}

impl Api {
    /// An API client for `base`, which resolved to `addr`.
    pub fn new(base: BaseUrl, addr: SocketAddr) -> Self {
        Api { base, addr }
    }

    /// `POST /api/rooms`: creates a room.
    pub async fn create_room(&self, title: &str) -> anyhow::Result<CreateRoomResponse> {
        let body = CreateRoomRequest {
            title: title.to_owned(),
        };
        self.post_json("/api/rooms", None, &body)
            .await
            .context("cannot create a room")
    }

    /// `POST /api/rooms/{code}/activities`: adds an activity; returns its id.
    pub async fn add_activity(
        &self,
        code: &str,
        host_key: &str,
        spec: &ActivitySpec,
    ) -> anyhow::Result<ActivityId> {
        let path = format!("/api/rooms/{code}/activities");
        let response: AddActivityResponse = self
            .post_json(&path, Some(host_key), spec)
            .await
            .with_context(|| format!("cannot add an activity to room {code}"))?;
        Ok(response.id)
    }

    async fn post_json<B: Serialize, R: DeserializeOwned>(
        &self,
        path: &str,
        bearer: Option<&str>,
        body: &B,
    ) -> anyhow::Result<R> {
        let body = serde_json::to_vec(body)?;
        let path = format!("{}{}", self.base.prefix, path);
        let request = build_request("POST", &path, &self.base.authority(), bearer, &body);
        let response = tokio::time::timeout(REQUEST_TIMEOUT, self.round_trip(&request))
            .await
            .with_context(|| format!("POST {path} timed out"))??;
        if !(200..300).contains(&response.status) {
            bail!(
                "POST {path} answered {}: {}",
                response.status,
                String::from_utf8_lossy(&response.body)
            );
        }
        serde_json::from_slice(&response.body).with_context(|| {
            format!(
                "POST {path}: unexpected body {}",
                String::from_utf8_lossy(&response.body)
            )
        })
    }

    async fn round_trip(&self, request: &[u8]) -> anyhow::Result<Response> {
        let mut stream = TcpStream::connect(self.addr)
            .await
            .with_context(|| format!("cannot connect to {}", self.addr))?;
        stream.write_all(request).await?;
        let mut raw = Vec::new();
        let mut limited = (&mut stream).take(MAX_RESPONSE_BYTES as u64 + 1);
        limited.read_to_end(&mut raw).await?;
        if raw.len() > MAX_RESPONSE_BYTES {
            bail!("response larger than {MAX_RESPONSE_BYTES} bytes");
        }
        parse_response(&raw)
    }
}

/// Builds a request with a JSON body and `Connection: close`.
pub fn build_request(
    method: &str,
    path: &str,
    authority: &str,
    bearer: Option<&str>,
    body: &[u8],
) -> Vec<u8> {
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nUser-Agent: kring-load\r\n\
         Accept: application/json\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(key) = bearer {
        head.push_str(&format!("Authorization: Bearer {key}\r\n"));
    }
    head.push_str("\r\n");
    let mut request = head.into_bytes();
    request.extend_from_slice(body);
    request
}

/// Parses a complete HTTP/1.1 response (status line, headers, body).
pub fn parse_response(raw: &[u8]) -> anyhow::Result<Response> {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .context("incomplete HTTP response (no end of headers)")?;
    let head = std::str::from_utf8(&raw[..end]).context("HTTP headers are not UTF-8")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.split_whitespace();
    match parts.next() {
        Some(version) if version.starts_with("HTTP/1.") => {}
        _ => bail!("not an HTTP/1.x response: {status_line:?}"),
    }
    let status: u16 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("bad status line {status_line:?}"))?;
    let mut content_length = None;
    let mut chunked = false;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            content_length = Some(
                value
                    .parse::<usize>()
                    .with_context(|| format!("bad Content-Length {value:?}"))?,
            );
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value.to_ascii_lowercase().contains("chunked");
        }
    }
    let rest = &raw[end + 4..];
    let body = if chunked {
        dechunk(rest)?
    } else if let Some(length) = content_length {
        if rest.len() < length {
            bail!("HTTP body cut short: {} of {length} bytes", rest.len());
        }
        rest[..length].to_vec()
    } else {
        rest.to_vec()
    };
    Ok(Response { status, body })
}

/// Decodes a chunked body.
fn dechunk(mut rest: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .context("chunked body: missing chunk size")?;
        let size_text = std::str::from_utf8(&rest[..line_end])?;
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .with_context(|| format!("chunked body: bad size {size_text:?}"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        if rest.len() < size + 2 {
            bail!("chunked body cut short");
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_parsed() {
        let url = BaseUrl::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            url,
            BaseUrl {
                host: "127.0.0.1".into(),
                port: 8080,
                prefix: String::new()
            }
        );
        assert_eq!(url.ws_url(), "ws://127.0.0.1:8080/ws?v=1");
        assert_eq!(url.authority(), "127.0.0.1:8080");

        let url = BaseUrl::parse("http://kring.school.nl/kring/").unwrap();
        assert_eq!((url.host.as_str(), url.port), ("kring.school.nl", 80));
        assert_eq!(url.prefix, "/kring");
        assert_eq!(url.ws_url(), "ws://kring.school.nl/kring/ws?v=1");

        let url = BaseUrl::parse("http://[::1]:9000/?x=1").unwrap();
        assert_eq!((url.host.as_str(), url.port), ("[::1]", 9000));
        assert_eq!(url.prefix, "");

        assert!(BaseUrl::parse("https://example.org").is_err());
        assert!(BaseUrl::parse("127.0.0.1:8080").is_err());
        assert!(BaseUrl::parse("http://host:notaport").is_err());
        assert!(BaseUrl::parse("http:///path").is_err());
    }

    #[test]
    fn requests_carry_length_and_bearer() {
        let request = build_request("POST", "/api/rooms", "h:1", Some("k3y"), b"{}");
        let text = String::from_utf8(request).unwrap();
        assert!(text.starts_with("POST /api/rooms HTTP/1.1\r\nHost: h:1\r\n"));
        assert!(text.contains("Content-Length: 2\r\n"));
        assert!(text.contains("Authorization: Bearer k3y\r\n"));
        assert!(text.ends_with("\r\n\r\n{}"));
    }

    #[test]
    fn responses_are_parsed() {
        let raw = b"HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 8\r\n\r\n{\"id\":3}";
        let response = parse_response(raw).unwrap();
        assert_eq!(response.status, 201);
        assert_eq!(response.body, b"{\"id\":3}");

        let raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\n\r\n";
        assert_eq!(parse_response(raw).unwrap().body, b"Wikipedia");

        let raw = b"HTTP/1.1 404 Not Found\r\n\r\nnope";
        let response = parse_response(raw).unwrap();
        assert_eq!(
            (response.status, response.body.as_slice()),
            (404, &b"nope"[..])
        );

        assert!(parse_response(b"HTTP/1.1 200 OK\r\n").is_err());
        assert!(parse_response(b"SSH-2.0\r\n\r\n").is_err());
        assert!(parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort").is_err());
    }
}
