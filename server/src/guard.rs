//! What every HTTP request passes besides its handler: the client's address (for the limits
//! per address), the `Origin` check on state-changing requests and on the WebSocket upgrade,
//! the content types the JSON API takes, and the security headers on every response.
//!
//! - `Origin`: a browser sends it with every POST, DELETE and WebSocket upgrade. It must be
//!   this server as the request addressed it (`Host`) or the configured public URL; a request
//!   without one (curl, `kring-load`, other non-browser clients) passes, since no web page can
//!   send a cross-site request without it.
//! - Content-Security-Policy: the pages load scripts and styles only from this server and run
//!   no inline script; the only inline style allowed is the HTML report's own block (by its
//!   hash), because the host console shows the report from a Blob URL, which inherits the
//!   console's policy. No page may be framed (`frame-ancestors 'none'`).

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, LazyLock};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::app::App;
use crate::export::REPORT_STYLE;

/// `'sha256-…'`: the HTML report's style block, the one inline style any policy allows.
static REPORT_STYLE_SOURCE: LazyLock<String> = LazyLock::new(|| {
    let digest = Sha256::digest(REPORT_STYLE.as_bytes());
    format!("'sha256-{}'", data_encoding::BASE64.encode(&digest))
});

/// The policy of every page (and, as a default, every other response).
pub static PAGE_CSP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self' {}; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'",
        *REPORT_STYLE_SOURCE
    )
});

/// The policy of `report.html`: its own style block, images from this server, nothing else.
pub static REPORT_CSP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "default-src 'none'; style-src {}; img-src 'self' data:; base-uri 'none'; \
         form-action 'none'; frame-ancestors 'none'",
        *REPORT_STYLE_SOURCE
    )
});

/// Headers every response gets (unless the handler set them itself).
const SECURITY_HEADERS: [(HeaderName, &str); 4] = [
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()",
    ),
];

/// Middleware: the security headers and the page policy on every response.
pub async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(value) = HeaderValue::from_str(&PAGE_CSP)
    {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// Middleware: a state-changing request (anything but GET, HEAD and OPTIONS) from a page of
/// another site is refused with `403 badOrigin`.
pub async fn check_origin(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || origin_allowed(&app, request.headers()) {
        next.run(request).await
    } else {
        crate::failure::bad_origin().into_response()
    }
}

/// Whether the request's `Origin` (if any) is this server: the `Host` it was sent to, or the
/// configured public URL.
pub fn origin_allowed(app: &App, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let Some((scheme, authority)) = split_origin(origin) else {
        return false;
    };
    if let Some((public_scheme, public_authority)) = split_origin(&app.env.base_url)
        && public_scheme == scheme
        && public_authority == authority
    {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    host.is_some_and(|host| without_default_port(&scheme, &host.to_ascii_lowercase()) == authority)
}

/// `(scheme, authority)` of an origin or URL, lower case, without the scheme's default port.
fn split_origin(url: &str) -> Option<(String, String)> {
    let url = url.trim().to_ascii_lowercase();
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() || !matches!(scheme, "http" | "https") {
        return None;
    }
    Some((scheme.to_owned(), without_default_port(scheme, authority)))
}

fn without_default_port(scheme: &str, authority: &str) -> String {
    let default = if scheme == "https" { ":443" } else { ":80" };
    authority
        .strip_suffix(default)
        .unwrap_or(authority)
        .to_owned()
}

/// The client's address: the peer, or behind a trusted proxy the last `X-Forwarded-For`
/// entry (the one the proxy itself added).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    /// From a request's extensions and headers.
    pub fn of(app: &App, parts_headers: &HeaderMap, peer: Option<SocketAddr>) -> Self {
        if app.config.trust_forwarded_for
            && let Some(ip) = forwarded_for(parts_headers)
        {
            return ClientAddr(ip);
        }
        ClientAddr(peer.map_or(IpAddr::from([0, 0, 0, 0]), |peer| peer.ip()))
    }
}

fn forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    let last = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .rfind(|v| !v.is_empty())?;
    last.parse::<IpAddr>()
        .ok()
        .or_else(|| last.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

impl FromRequestParts<Arc<App>> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<App>,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0);
        Ok(ClientAddr::of(app, &parts.headers, peer))
    }
}

/// The body's media type, lower case, without parameters (`application/json`).
pub fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_compared_by_scheme_and_authority() {
        assert_eq!(
            split_origin("HTTPS://Kring.School.nl:443/host?x"),
            Some(("https".into(), "kring.school.nl".into()))
        );
        assert_eq!(
            split_origin("http://127.0.0.1:8080"),
            Some(("http".into(), "127.0.0.1:8080".into()))
        );
        assert_eq!(split_origin("null"), None);
        assert_eq!(split_origin("file://"), None);
    }

    #[test]
    fn the_last_forwarded_address_counts() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 10.1.2.3"),
        );
        assert_eq!(forwarded_for(&headers), Some(IpAddr::from([10, 1, 2, 3])));
        headers.insert("x-forwarded-for", HeaderValue::from_static("junk"));
        assert_eq!(forwarded_for(&headers), None);
    }

    #[test]
    fn the_policies_allow_the_report_style_by_its_hash_and_no_inline_script() {
        assert!(PAGE_CSP.contains("'sha256-"));
        assert!(REPORT_CSP.contains(REPORT_STYLE_SOURCE.as_str()));
        for policy in [&*PAGE_CSP, &*REPORT_CSP] {
            assert!(!policy.contains("unsafe-inline"), "{policy}");
            assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        }
    }
}
