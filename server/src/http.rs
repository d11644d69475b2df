//! HTTP: the pages (embedded from `web-client/`), the JSON API and the WebSocket route.
//!
//! Every failing API call answers with a JSON [`ApiError`] and a fitting status. Every response
//! carries the security headers, and state-changing requests from other sites are refused
//! ([`crate::guard`]); room creation and room look-ups are limited per address
//! ([`crate::limits`]).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use kring_protocol::{
    Act, ActivitySpec, AddActivityResponse, ApiError, CreateRoomRequest, CreateRoomResponse,
    ErrorCode, Lang, RoomCode, ServerMsg,
};
use serde::{Deserialize, Serialize};

use crate::app::{App, Lookup};
use crate::config::MAX_API_BODY_BYTES;
use crate::export::{self, RoomExport};
use crate::failure::Failure;
use crate::guard::{self, ClientAddr};
use crate::limits::Limit;
use crate::room::RoomHandle;
use crate::{import, template, ws};

/// Longest room title, in characters.
const MAX_ROOM_TITLE_CHARS: usize = 120;

/// The browser client, embedded at build time (read from disk in debug builds).
#[derive(rust_embed::Embed)]
#[folder = "../web-client/"]
#[include = "*.html"]
#[include = "js/*"]
#[include = "css/*"]
#[include = "img/*"]
#[include = "gen/*.js"]
#[exclude = "node_modules/*"]
#[exclude = "tests/*"]
struct Assets;

/// All routes.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/", get(|headers: HeaderMap| page("index.html", headers)))
        .route(
            "/host",
            get(|headers: HeaderMap| page("host.html", headers)),
        )
        .route(
            "/screen",
            get(|headers: HeaderMap| page("screen.html", headers)),
        )
        .route("/assets/{*path}", get(asset))
        .route("/ws", get(ws::upgrade))
        .route("/api/templates", get(built_in_templates))
        .route("/api/templates/check", post(check_template))
        .route("/api/rooms", post(create_room))
        .route("/api/rooms/{code}", get(room_state).delete(delete_room))
        .route("/api/rooms/{code}/activities", post(add_activity))
        .route("/api/rooms/{code}/qr.svg", get(qr_code))
        .route("/api/rooms/{code}/timeline", get(timeline))
        .route("/api/rooms/{code}/{file}", get(export))
        .fallback(|| async { not_found("no such page or API path") })
        .method_not_allowed_fallback(|| async {
            Failure(
                StatusCode::METHOD_NOT_ALLOWED,
                ApiError {
                    code: "methodNotAllowed".into(),
                    message: "this path does not take that method".into(),
                },
                None,
            )
        })
        .layer(DefaultBodyLimit::max(MAX_API_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::check_origin,
        ))
        .layer(axum::middleware::map_response(guard::security_headers))
        .with_state(app)
}

/// `415 unsupportedMediaType`.
fn unsupported_media_type(expected: &str) -> Failure {
    Failure::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
        format!("send the body as {expected}"),
    )
}

/// A 404 with code `notFound`.
fn not_found(message: &str) -> Failure {
    Failure(
        StatusCode::NOT_FOUND,
        ApiError {
            code: "notFound".into(),
            message: message.into(),
        },
        None,
    )
}

fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    (status, axum::Json(body)).into_response()
}

async fn page(name: &str, headers: HeaderMap) -> Response {
    serve_asset(name, &headers)
}

async fn asset(Path(path): Path<String>, headers: HeaderMap) -> Response {
    serve_asset(&path, &headers)
}

/// Serves an embedded file with an `ETag` (its SHA-256), answering `304` when the browser has
/// it, and gzipped when the browser accepts it and the file is text: a phone on bad wifi
/// downloads the pages once, at about a third of their size, and only revalidates after that.
fn serve_asset(path: &str, request: &HeaderMap) -> Response {
    let Some(file) = Assets::get(path) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let hash = file.metadata.sha256_hash();
    let etag = format!(
        "\"{}\"",
        hash[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let mime = file.metadata.mimetype();
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag));
    let wants_gzip = compressible(mime)
        && request
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accepted| accepted.split(',').any(|e| e.trim().starts_with("gzip")));
    let compressed = (wants_gzip && !fresh)
        .then(|| gzipped(path, hash, &file.data))
        .flatten();
    let gzip = compressed.is_some();
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else if let Some(body) = compressed {
        body.into_response()
    } else {
        file.data.into_owned().into_response()
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(mime) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    if gzip {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// Whether a file of this type shrinks when gzipped (text; not images such as PNG).
fn compressible(mime: &str) -> bool {
    mime.starts_with("text/")
        || mime.contains("javascript")
        || mime.contains("json")
        || mime.contains("svg")
}

/// The gzipped bytes of an embedded file, compressed once per version of it; `None` if
/// compressing failed (the file then goes out as it is).
fn gzipped(path: &str, hash: [u8; 32], data: &[u8]) -> Option<Bytes> {
    static CACHE: std::sync::OnceLock<dashmap::DashMap<(String, [u8; 32]), Bytes>> =
        std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(dashmap::DashMap::new);
    let key = (path.to_owned(), hash);
    if let Some(hit) = cache.get(&key) {
        return Some(hit.clone());
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut encoder, data).ok()?;
    let compressed = Bytes::from(encoder.finish().ok()?);
    cache.insert(key, compressed.clone());
    Some(compressed)
}

/// Finds a room by the code in the path, unless `ip` is over its budget of failed look-ups
/// (`429`); a code that finds nothing counts against that budget. In a cluster this node takes
/// the room first if another holds it; when that does not happen in time: `503`.
async fn find_room(
    app: &App,
    code: &str,
    ip: ClientAddr,
) -> Result<(RoomCode, RoomHandle), Failure> {
    app.limits.lookup(ip.0).map_err(Failure::limited)?;
    let found = match RoomCode::parse(code) {
        Some(code) => match app.lookup(&code).await {
            Lookup::Here(handle) => Some((code, handle)),
            Lookup::NotFound => None,
            Lookup::Busy => {
                return Err(Failure::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::Internal,
                    "the room is moving between servers; try again in a moment",
                ));
            }
        },
        None => None,
    };
    found.ok_or_else(|| {
        app.limits.lookup_failed(ip.0);
        Failure::new(
            StatusCode::NOT_FOUND,
            ErrorCode::RoomNotFound,
            "there is no room with this code",
        )
    })
}

/// The key of an `Authorization: Bearer <key>` header.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, key)| key.trim())
}

/// Finds a room and checks the `Authorization: Bearer <hostKey>` header against it; a wrong
/// key counts as a failed look-up of `ip`.
pub async fn authorised(
    app: &App,
    code: &str,
    headers: &HeaderMap,
    ip: ClientAddr,
) -> Result<(RoomCode, RoomHandle), Failure> {
    let (code, handle) = find_room(app, code, ip).await?;
    match bearer(headers) {
        Some(key) if handle.is_host_key(key) => Ok((code, handle)),
        Some(_) => {
            app.limits.lookup_failed(ip.0);
            Err(Failure::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::BadHostKey,
                "wrong host key for this room",
            ))
        }
        None => Err(Failure::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::BadHostKey,
            "send the host key as Authorization: Bearer <hostKey>",
        )),
    }
}

/// Whether the request may create a room: the organiser key when one is configured (a wrong
/// one counts as a failed look-up), the address's budget of new rooms, the cap on rooms.
fn may_create_room(app: &App, headers: &HeaderMap, ip: ClientAddr) -> Result<(), Failure> {
    if let Some(expected) = &app.config.organiser_key {
        app.limits.lookup(ip.0).map_err(Failure::limited)?;
        let given = bearer(headers).unwrap_or_default();
        if !crate::room::constant_time_eq(given.as_bytes(), expected.as_bytes()) {
            if !given.is_empty() {
                app.limits.lookup_failed(ip.0);
            }
            return Err(Failure::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::BadOrganiserKey,
                "creating a room needs the organiser key (Authorization: Bearer <key>)",
            ));
        }
    }
    if app.rooms.len() >= app.config.max_rooms {
        app.limits.hit(Limit::Rooms);
        return Err(Failure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::TooManyRooms,
            format!(
                "the server keeps at most {} rooms; delete old ones first",
                app.config.max_rooms
            ),
        ));
    }
    app.limits.create_room(ip.0).map_err(Failure::limited)
}

async fn create_room(
    State(app): State<Arc<App>>,
    ip: ClientAddr,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Failure> {
    if guard::media_type(&headers) != "application/json" {
        return Err(unsupported_media_type(
            "JSON (Content-Type: application/json)",
        ));
    }
    may_create_room(&app, &headers, ip)?;
    let body = body?;
    let request: CreateRoomRequest = serde_json::from_slice(&body).map_err(|e| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadMessage,
            format!("expected {{\"title\": \"...\"}}: {e}"),
        )
    })?;
    let title = request
        .title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if title.chars().count() > MAX_ROOM_TITLE_CHARS {
        let message = format!("a room title has at most {MAX_ROOM_TITLE_CHARS} characters");
        return Err(Failure::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidSpec,
            message,
        ));
    }
    let title = if title.is_empty() {
        "Kring".to_owned()
    } else {
        title
    };
    let (code, host_key) = app
        .create_room(title)
        .await
        .map_err(|e| Failure::internal(&e))?;
    let base = &app.env.base_url;
    let response = CreateRoomResponse {
        join_url: app.env.join_url(&code),
        host_url: format!("{base}/host?room={code}#key={host_key}"),
        screen_url: format!("{base}/screen?room={code}"),
        code,
        host_key,
    };
    Ok(json(StatusCode::CREATED, &response))
}

/// `GET /api/rooms/{code}`: the room as the host sees it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RoomState {
    room: kring_protocol::RoomView,
    /// When the room was created (ms since the epoch).
    created_at: u64,
    agenda: Vec<kring_protocol::AgendaItem>,
    /// The room's sessions, in order.
    sessions: Vec<kring_protocol::SessionInfo>,
    participants: Vec<kring_protocol::ParticipantInfo>,
    seq: u64,
}

async fn room_state(
    State(app): State<Arc<App>>,
    Path(code): Path<String>,
    ip: ClientAddr,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let (_, handle) = authorised(&app, &code, &headers, ip).await?;
    let gone = || {
        Failure::new(
            StatusCode::NOT_FOUND,
            ErrorCode::RoomNotFound,
            "this room has been deleted",
        )
    };
    let created_at = handle
        .read(|state| state.meta().created_at)
        .await
        .ok_or_else(gone)?;
    match handle.host_view().await.ok_or_else(gone)? {
        ServerMsg::Welcome {
            room,
            agenda,
            sessions,
            participants,
            seq,
            ..
        } => Ok(json(
            StatusCode::OK,
            &RoomState {
                room,
                created_at,
                agenda: agenda.unwrap_or_default(),
                sessions: sessions.unwrap_or_default(),
                participants: participants.unwrap_or_default(),
                seq,
            },
        )),
        _ => Err(gone()),
    }
}

async fn delete_room(
    State(app): State<Arc<App>>,
    Path(code): Path<String>,
    ip: ClientAddr,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let (code, _) = authorised(&app, &code, &headers, ip).await?;
    app.delete_room(&code)
        .await
        .map_err(|e| Failure::internal(&e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
struct ImportQuery {
    title: Option<String>,
    /// The session it goes at the end of (absent: the room's last session).
    session: Option<u32>,
}

async fn add_activity(
    State(app): State<Arc<App>>,
    Path(code): Path<String>,
    ip: ClientAddr,
    query: Result<Query<ImportQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Failure> {
    let (_, handle) = authorised(&app, &code, &headers, ip).await?;
    let Query(query) = query?;
    let media_type = guard::media_type(&headers);
    if !matches!(media_type.as_str(), "application/json" | "text/csv") {
        return Err(unsupported_media_type(
            "JSON (application/json) or a CSV quiz (text/csv)",
        ));
    }
    let body = body?;
    let spec = if media_type == "text/csv" {
        let text = std::str::from_utf8(&body).map_err(|_| {
            Failure::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidSpec,
                "save the CSV file as UTF-8",
            )
        })?;
        let title = query
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or("Quiz");
        ActivitySpec::Quiz(import::quiz_from_csv(text, title)?)
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            Failure::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidSpec,
                format!("not a valid activity: {e}"),
            )
        })?
    };
    let session = query.session.map(kring_protocol::SessionId);
    let id = handle.host_act(Act::AddActivity { spec, session }).await?;
    let id = id.ok_or_else(|| {
        Failure::internal(&anyhow::anyhow!(
            "the room did not report the new activity's id"
        ))
    })?;
    Ok(json(StatusCode::CREATED, &AddActivityResponse { id }))
}

/// `GET /api/templates`: the built-in templates (every language), with their items.
async fn built_in_templates() -> Response {
    static BODY: std::sync::OnceLock<Bytes> = std::sync::OnceLock::new();
    let body = BODY
        .get_or_init(|| Bytes::from(serde_json::to_vec(&template::built_in()).unwrap_or_default()));
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body.clone(),
    )
        .into_response()
}

/// `POST /api/templates/check`: reads a template file as an import does and answers it as
/// this server understands it (an older version's missing fields filled in), or `400
/// invalidTemplate` with the field named in the message. Stores nothing, so it needs no key:
/// the console checks a file before it sends it to the room.
async fn check_template(
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Failure> {
    if guard::media_type(&headers) != "application/json" {
        return Err(unsupported_media_type("JSON (application/json)"));
    }
    let body = body?;
    let text = std::str::from_utf8(&body).map_err(|_| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidTemplate,
            "file: save the template as UTF-8",
        )
    })?;
    let parsed = template::parse(text.trim_start_matches('\u{feff}'))?;
    Ok(json(StatusCode::OK, &parsed))
}

async fn qr_code(
    State(app): State<Arc<App>>,
    Path(code): Path<String>,
    ip: ClientAddr,
) -> Result<Response, Failure> {
    let (code, _) = find_room(&app, &code, ip).await?;
    let url = app.env.join_url(&code);
    let qr = qrcode::QrCode::new(url.as_bytes())
        .map_err(|e| Failure::internal(&anyhow::anyhow!("QR code for {url}: {e}")))?;
    let svg = qr
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(320, 320)
        .quiet_zone(true)
        .build();
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        svg,
    )
        .into_response())
}

/// `GET /api/rooms/{code}/timeline`: the room's timeline (`kring_protocol::Timeline`) for the
/// console, with the host key; the same the timeline slide shows on the projector.
async fn timeline(
    State(app): State<Arc<App>>,
    Path(code): Path<String>,
    ip: ClientAddr,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let (_, handle) = authorised(&app, &code, &headers, ip).await?;
    let timeline = handle.read(|state| state.timeline()).await.ok_or_else(|| {
        Failure::new(
            StatusCode::NOT_FOUND,
            ErrorCode::RoomNotFound,
            "this room has been deleted",
        )
    })?;
    let mut response = axum::Json(timeline).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[derive(Deserialize)]
struct ExportQuery {
    activity: Option<u32>,
    /// One session only (its report, its rows).
    session: Option<u32>,
    /// Language of a report: `nl` or `en` (default).
    lang: Option<String>,
}

/// `GET /api/rooms/{code}/export.json|export.csv|report.md|report.html[?activity=<id>]
/// [?session=<id>]`.
async fn export(
    State(app): State<Arc<App>>,
    Path((code, file)): Path<(String, String)>,
    ip: ClientAddr,
    query: Result<Query<ExportQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let Query(query) = query?;
    let unknown =
        || not_found("no such export: use export.json, export.csv, report.md or report.html");
    let (name, ext) = file.rsplit_once('.').ok_or_else(unknown)?;
    if !matches!(
        (name, ext),
        ("export", "json" | "csv") | ("report", "md" | "html")
    ) {
        return Err(unknown());
    }
    let (code, handle) = authorised(&app, &code, &headers, ip).await?;
    let now = app.env.clock.now_ms();
    let gone = || {
        Failure::new(
            StatusCode::NOT_FOUND,
            ErrorCode::RoomNotFound,
            "this room has been deleted",
        )
    };
    let lang = if query.lang.as_deref() == Some("nl") {
        Lang::Nl
    } else {
        Lang::En
    };
    let zone = app.config.time_zone.clone();
    let mut data = handle
        .read(move |state| RoomExport::from_state(state, now, lang, zone))
        .await
        .ok_or_else(gone)?;
    let mut filename = format!("kring-{code}");
    if let Some(activity) = query.activity {
        data = data.only(kring_protocol::ActivityId(activity))?;
        filename.push_str(&format!("-activity-{activity}"));
    }
    if let Some(session) = query.session {
        data = data.only_session(kring_protocol::SessionId(session))?;
        filename.push_str(&format!("-session-{}", session + 1));
    }
    let (content_type, body) = match ext {
        "json" => (
            "application/json",
            serde_json::to_string_pretty(&data).map_err(|e| Failure::internal(&e.into()))?,
        ),
        "csv" => (
            "text/csv; charset=utf-8",
            export::csv(&data).map_err(|e| Failure::internal(&e))?,
        ),
        "md" => ("text/markdown; charset=utf-8", export::markdown(&data)),
        _ => ("text/html; charset=utf-8", export::html(&data)),
    };
    let suffix = if name == "report" { "-report" } else { "" };
    let disposition = format!("attachment; filename=\"{filename}{suffix}.{ext}\"");
    let disposition =
        HeaderValue::from_str(&disposition).map_err(|e| Failure::internal(&e.into()))?;
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if ext == "html" {
        // Its own style block and nothing else (the report is shown, not only downloaded).
        if let Ok(policy) = HeaderValue::from_str(&guard::REPORT_CSP) {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
    } else {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
