//! Shared helpers for the server's integration tests: a real server on port 0 (in-process or
//! as a child process), a minimal HTTP client and a WebSocket client speaking the protocol.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, BrainstormInput, CardSortInput,
    CheckInInput, ClientMsg, ClientMsgId, CreateRoomResponse, DotVoteInput, ErrorCode, Me,
    OpenQuestionInput, PitchesInput, QuestionSpec, QuizInput, QuizPhase, QuizSpec, RatingInput,
    ServerMsg, StatementScaleInput, TeamFormation, TeamId, TeamNamesInput, TeamsView, TimerInput,
};
use kring_server::config::Config;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use tokio_util::sync::CancellationToken;

/// How long a test waits for any one expected message.
pub const WAIT: Duration = Duration::from_secs(10);

/// A fresh, empty directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// Creates it.
    pub fn new(name: &str) -> Self {
        static N: AtomicU32 = AtomicU32::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("kring-test-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A connection string for a fresh schema of the PostgreSQL test server
/// (`KRING_TEST_DATABASE_URL`, see `scripts/with-postgres.sh`), or `None` without one; the
/// schema's name starts with `name`.
pub async fn pg_schema(name: &str) -> Option<String> {
    let url = std::env::var("KRING_TEST_DATABASE_URL").ok()?;
    let schema = format!("{name}_{:08x}", rand::random::<u32>());
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .expect("KRING_TEST_DATABASE_URL reachable");
    tokio::spawn(connection);
    client
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .await
        .unwrap();
    Some(if url.contains("://") {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}options=-c%20search_path%3D{schema}")
    } else {
        format!("{url} options='-c search_path={schema}'")
    })
}

/// A server running in this process on 127.0.0.1:0.
pub struct TestServer {
    pub base: String,
    pub server: Option<kring_server::Server>,
    pub shutdown: CancellationToken,
    pub dir: TempDir,
}

impl TestServer {
    /// Starts one with a fresh data dir.
    pub async fn start() -> Self {
        Self::start_in(TempDir::new("srv")).await
    }

    /// Starts one on an existing data dir.
    pub async fn start_in(dir: TempDir) -> Self {
        Self::start_with(dir, |_| {}).await
    }

    /// Starts one on an existing data dir, with the test configuration changed by `configure`.
    pub async fn start_with(dir: TempDir, configure: impl FnOnce(&mut Config)) -> Self {
        let shutdown = CancellationToken::new();
        let mut config = Config::for_tests(dir.0.clone());
        configure(&mut config);
        let server = kring_server::start(config, shutdown.clone()).await.unwrap();
        TestServer {
            base: format!("http://{}", server.addr),
            server: Some(server),
            shutdown,
            dir,
        }
    }

    /// The server's address as `host:port`.
    pub fn addr(&self) -> String {
        self.base.trim_start_matches("http://").to_owned()
    }

    /// Stops gracefully and returns the data dir.
    pub async fn stop(mut self) -> TempDir {
        self.shutdown.cancel();
        if let Some(server) = self.server.take() {
            server.wait().await.unwrap();
        }
        let dir = TempDir(self.dir.0.clone());
        std::mem::forget(self.dir);
        dir
    }

    /// The in-process app.
    pub fn app(&self) -> &std::sync::Arc<kring_server::App> {
        &self.server.as_ref().unwrap().app
    }
}

/// An HTTP response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: String,
    pub body: Vec<u8>,
}

impl Response {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Asserts an API error: this status and a JSON body with this `code`.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(
            (self.status, self.json()["code"].as_str()),
            (status, Some(code)),
            "{}",
            self.text()
        );
    }
}

/// One HTTP/1.1 request over a fresh connection (`Connection: close`).
pub async fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(WAIT, stream.read_to_end(&mut raw))
        .await
        .unwrap()
        .unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Response {
        status,
        headers: head,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..line_end]).unwrap().trim(), 16)
                .unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[line_end + 2..line_end + 2 + size]);
        data = &data[line_end + 4 + size..];
    }
}

/// A GET with `auth` as the Authorization header.
pub async fn get_auth(addr: &str, path: &str, auth: &str) -> Response {
    http(addr, "GET", path, &[("Authorization", auth)], b"").await
}

/// A room created over HTTP.
pub async fn create_room(addr: &str, title: &str) -> CreateRoomResponse {
    let body = serde_json::json!({ "title": title }).to_string();
    let response = http(
        addr,
        "POST",
        "/api/rooms",
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
    .await;
    assert_eq!(response.status, 201, "{}", response.text());
    serde_json::from_slice(&response.body).unwrap()
}

/// A quiz of `n` questions: question i has options A–D, correct is option i % 4.
pub fn quiz(n: usize, secs: u32) -> ActivitySpec {
    ActivitySpec::Quiz(QuizSpec {
        title: "Test quiz".into(),
        no_ranking: false,
        team_mode: false,
        questions: (0..n)
            .map(|i| QuestionSpec {
                text: format!("Question {}", i + 1),
                options: vec!["A".into(), "B".into(), "C".into(), "D".into()],
                correct: vec![(i % 4) as u32],
                time_limit_secs: secs,
                mode: kring_protocol::AnswerMode::One,
            })
            .collect(),
    })
}

/// Adds an activity over HTTP; returns its id.
pub async fn add_activity(
    addr: &str,
    room: &CreateRoomResponse,
    spec: &ActivitySpec,
) -> ActivityId {
    let auth = format!("Bearer {}", room.host_key);
    let path = format!("/api/rooms/{}/activities", room.code);
    let body = serde_json::to_vec(spec).unwrap();
    let response = http(
        addr,
        "POST",
        &path,
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        &body,
    )
    .await;
    assert_eq!(response.status, 201, "{}", response.text());
    ActivityId(response.json()["id"].as_u64().unwrap() as u32)
}

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A WebSocket client speaking the protocol.
pub struct Client {
    pub ws: Ws,
    next_id: u32,
    pub name: String,
}

impl Client {
    /// Connects to `/ws?v=1`.
    pub async fn connect(addr: &str, name: &str) -> Self {
        Self::connect_path(addr, name, "/ws?v=1").await
    }

    /// Connects to any path.
    pub async fn connect_path(addr: &str, name: &str, path: &str) -> Self {
        let (ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}{path}"))
            .await
            .unwrap();
        Self::from_ws(ws, name)
    }

    /// Connects to `/ws?v=1` from the loopback address `source` (127.0.0.x): another client
    /// address, for the limits per address.
    pub async fn connect_from(addr: &str, source: [u8; 4], name: &str) -> Self {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket
            .bind(std::net::SocketAddr::from((source, 0)))
            .unwrap();
        let stream = socket.connect(addr.parse().unwrap()).await.unwrap();
        let url = format!("ws://{addr}/ws?v=1");
        let (ws, _) = tokio_tungstenite::client_async(url, MaybeTlsStream::Plain(stream))
            .await
            .unwrap();
        Self::from_ws(ws, name)
    }

    /// A client over a WebSocket connected some other way.
    pub fn from_ws(ws: Ws, name: &str) -> Self {
        Client {
            ws,
            next_id: 0,
            name: name.to_owned(),
        }
    }

    /// Sends a protocol message.
    pub async fn send(&mut self, msg: &ClientMsg) {
        self.send_text(&serde_json::to_string(msg).unwrap()).await;
    }

    /// Sends raw text.
    pub async fn send_text(&mut self, text: &str) {
        self.ws.send(Message::Text(text.into())).await.unwrap();
    }

    /// Sends an action with a fresh id; returns the id.
    pub async fn act(&mut self, act: Act) -> ClientMsgId {
        // Unique across clients and restarts, like the browser's random ids.
        static NEXT: AtomicU32 = AtomicU32::new(0);
        self.next_id = NEXT.fetch_add(1, Ordering::Relaxed);
        let id = ClientMsgId(format!("{}-{}", self.name, self.next_id));
        self.send(&ClientMsg::Act {
            id: id.clone(),
            act,
        })
        .await;
        id
    }

    /// The next server message (panics after [`WAIT`] or on close).
    pub async fn recv(&mut self) -> ServerMsg {
        loop {
            let msg = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .unwrap_or_else(|_| panic!("{}: no message within {WAIT:?}", self.name))
                .unwrap_or_else(|| panic!("{}: socket ended", self.name))
                .unwrap_or_else(|e| panic!("{}: socket error {e}", self.name));
            match msg {
                Message::Text(text) => {
                    return serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
                }
                Message::Close(frame) => panic!("{}: closed {frame:?}", self.name),
                _ => {}
            }
        }
    }

    /// Skips messages until `pick` returns something.
    pub async fn until<T>(&mut self, mut pick: impl FnMut(&ServerMsg) -> Option<T>) -> T {
        loop {
            let msg = self.recv().await;
            if let Some(found) = pick(&msg) {
                return found;
            }
        }
    }

    /// Waits for the acknowledgement of `id`; returns its `duplicate` flag. Panics on an error for it.
    pub async fn ack(&mut self, id: &ClientMsgId) -> bool {
        let name = self.name.clone();
        self.until(|m| match m {
            ServerMsg::Ack { id: got, duplicate } if got == id => Some(*duplicate),
            ServerMsg::Error {
                reference: Some(r),
                code,
                message,
            } if r == id => panic!("{name}: {code:?} {message}"),
            _ => None,
        })
        .await
    }

    /// Waits for the error answering `id`.
    pub async fn error_for(&mut self, id: &ClientMsgId) -> kring_protocol::ErrorCode {
        self.until(|m| match m {
            ServerMsg::Error {
                reference: Some(r),
                code,
                ..
            } if r == id => Some(*code),
            ServerMsg::Ack { id: got, .. } if got == id => panic!("expected an error, got an ack"),
            _ => None,
        })
        .await
    }

    /// Waits for an error with this code (from any message).
    pub async fn expect_error(&mut self, expected: kring_protocol::ErrorCode) {
        let name = self.name.clone();
        self.until(|m| match m {
            ServerMsg::Error { code, .. } if *code == expected => Some(()),
            ServerMsg::Error { code, message, .. } => {
                panic!("{name}: expected {expected:?}, got {code:?} {message}")
            }
            _ => None,
        })
        .await
    }

    /// Waits for the socket to close; returns the close code.
    pub async fn closed(&mut self) -> u16 {
        loop {
            match tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("a close within the wait")
            {
                Some(Ok(Message::Close(frame))) => return frame.map_or(1005, |f| f.code.into()),
                Some(Ok(_)) => {}
                Some(Err(_)) | None => return 1006,
            }
        }
    }

    /// Sends the opening message and waits for `welcome`.
    pub async fn hello(&mut self, msg: ClientMsg) -> ServerMsg {
        self.send(&msg).await;
        self.until(|m| match m {
            ServerMsg::Welcome { .. } => Some(m.clone()),
            ServerMsg::Error { code, message, .. } => panic!("opening refused: {code:?} {message}"),
            _ => None,
        })
        .await
    }
}

/// A phone that joined: its client, participant id and resume token.
pub struct Phone {
    pub client: Client,
    pub id: kring_protocol::ParticipantId,
    pub token: String,
}

impl Phone {
    /// Joins with a nickname over an open client.
    pub async fn join_over(mut client: Client, code: &str, nickname: &str) -> Phone {
        let welcome = client
            .hello(ClientMsg::Join {
                room: code.into(),
                nickname: Some(nickname.into()),
                lang: Default::default(),
            })
            .await;
        let ServerMsg::Welcome { me: Some(me), .. } = welcome else {
            panic!("no me in welcome")
        };
        Phone {
            client,
            id: me.id,
            token: me.token,
        }
    }
}

/// Joins a phone with a nickname.
pub async fn join(addr: &str, code: &str, nickname: &str) -> Phone {
    Phone::join_over(Client::connect(addr, nickname).await, code, nickname).await
}

/// Connects as `name` and resumes the participant with `token`; returns the client and its
/// `welcome`.
pub async fn resume(addr: &str, code: &str, name: &str, token: &str) -> (Client, ServerMsg) {
    let mut client = Client::connect(addr, name).await;
    let welcome = client
        .hello(ClientMsg::Resume {
            room: code.into(),
            token: token.into(),
        })
        .await;
    (client, welcome)
}

/// Attaches the host console.
pub async fn host(addr: &str, room: &CreateRoomResponse) -> Client {
    host_welcome(addr, room).await.0
}

/// Attaches the host console; also returns its `welcome`.
pub async fn host_welcome(addr: &str, room: &CreateRoomResponse) -> (Client, ServerMsg) {
    let mut client = Client::connect(addr, "host").await;
    let welcome = client
        .hello(ClientMsg::Host {
            room: room.code.0.clone(),
            host_key: room.host_key.clone(),
            console: None,
        })
        .await;
    (client, welcome)
}

impl Phone {
    /// Waits until question `question` is open, answers it and waits for the acknowledgement.
    pub async fn answer_when_open(
        &mut self,
        quiz: ActivityId,
        question: u32,
        choice: u32,
    ) -> ClientMsgId {
        self.client
            .until(|m| {
                quiz_phase(m).filter(
                    |p| matches!(p, QuizPhase::Question { index, .. } if *index == question),
                )
            })
            .await;
        let id = self
            .client
            .act(quiz_act(quiz, QuizInput::Answer { question, choice }))
            .await;
        self.client.ack(&id).await;
        id
    }
}

/// The quiz phase an `activity` or `welcome` message shows.
pub fn quiz_phase(msg: &ServerMsg) -> Option<QuizPhase> {
    let current = match msg {
        ServerMsg::Activity { current, .. } => current.as_ref(),
        ServerMsg::Welcome { room, .. } => room.current.as_ref(),
        _ => None,
    };
    current.and_then(|view| match view {
        ActivityView::Quiz(view) => Some(view.phase.clone()),
        _ => None,
    })
}

/// A quiz input as an action.
pub fn quiz_act(activity: ActivityId, input: QuizInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::Quiz(input),
    }
}

/// A team-name input as an action.
pub fn names_act(activity: ActivityId, input: TeamNamesInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::TeamNames(input),
    }
}

/// A brainstorm-wall input as an action.
pub fn wall_act(activity: ActivityId, input: BrainstormInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::Brainstorm(input),
    }
}

/// A dot-vote input as an action.
pub fn vote_act(activity: ActivityId, input: DotVoteInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::DotVote(input),
    }
}

/// A pitch-round input as an action.
pub fn pitches_act(activity: ActivityId, input: PitchesInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::Pitches(input),
    }
}

/// A check-in input as an action.
pub fn check_in_act(activity: ActivityId, input: CheckInInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::CheckIn(input),
    }
}

/// A statement-scale input as an action.
pub fn scale_act(activity: ActivityId, input: StatementScaleInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::StatementScale(input),
    }
}

/// An open-question input as an action.
pub fn open_act(activity: ActivityId, input: OpenQuestionInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::OpenQuestion(input),
    }
}

/// A card-sort input as an action.
pub fn sort_act(activity: ActivityId, input: CardSortInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::CardSort(input),
    }
}

/// A timer input as an action.
pub fn timer_act(activity: ActivityId, input: TimerInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::Timer(input),
    }
}

/// A rating of `team`'s pitch with these stars, top and tip, as an action.
pub fn rate(activity: ActivityId, team: TeamId, stars: [u32; 3], top: &str, tip: &str) -> Act {
    let rating = RatingInput {
        stars: stars.to_vec(),
        top: top.into(),
        tip: tip.into(),
    };
    pitches_act(activity, PitchesInput::Rate { team, rating })
}

/// The real `kring` binary as a child process.
pub struct Proc {
    pub child: tokio::process::Child,
    pub addr: String,
}

impl Proc {
    /// Starts the binary on `addr` (e.g. `127.0.0.1:0`) with `dir` as data dir; waits until it listens.
    pub async fn start(dir: &std::path::Path, addr: &str) -> Self {
        use tokio::io::AsyncBufReadExt;
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_kring"))
            .args(["--addr", addr, "--data-dir"])
            .arg(dir)
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let addr = tokio::time::timeout(WAIT, async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(url) = line.strip_prefix("kring listening on http://") {
                    return url.trim().to_owned();
                }
            }
            panic!("the server exited before listening")
        })
        .await
        .expect("the server listens within the wait");
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Proc { child, addr }
    }

    /// `kill -9`.
    pub async fn kill9(mut self) {
        self.child.kill().await.unwrap();
    }

    /// SIGTERM; returns the exit status.
    pub async fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().unwrap().to_string();
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        tokio::time::timeout(WAIT, self.child.wait())
            .await
            .unwrap()
            .unwrap()
    }
}

/// Runs the binary on `dir` expecting it to fail at start; returns its stderr.
pub fn start_fails(dir: &std::path::Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kring"))
        .args(["--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(!out.status.success(), "the server must refuse to start");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Sends each action as the host and waits for its acknowledgement.
pub async fn host_acts(host: &mut Client, acts: Vec<Act>) {
    for act in acts {
        let id = host.act(act).await;
        host.ack(&id).await;
    }
}

/// Makes the quiz current and opens its first question.
pub async fn open_first_question(host: &mut Client, quiz: ActivityId) {
    let start = quiz_act(quiz, QuizInput::StartQuestion { question: 0 });
    host_acts(
        host,
        vec![
            Act::SetCurrent {
                activity: Some(quiz),
            },
            start,
        ],
    )
    .await;
}

/// A room with one quiz on its agenda, its host console and two phones.
pub struct Class {
    pub server: TestServer,
    pub addr: String,
    pub room: CreateRoomResponse,
    pub quiz: ActivityId,
    pub host: Client,
    pub ada: Phone,
    pub bo: Phone,
}

/// Starts a server with a room titled `title`, adds `spec`, attaches the host and joins two
/// phones with these nicknames.
pub async fn class(title: &str, spec: ActivitySpec, names: [&str; 2]) -> Class {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, title).await;
    let quiz = add_activity(&addr, &room, &spec).await;
    let host = host(&addr, &room).await;
    let ada = join(&addr, room.code.as_str(), names[0]).await;
    let bo = join(&addr, room.code.as_str(), names[1]).await;
    Class {
        server,
        addr,
        room,
        quiz,
        host,
        ada,
        bo,
    }
}

/// Every message a client gets until it has been quiet for `quiet`.
pub async fn drain(client: &mut Client, quiet: Duration) -> Vec<ServerMsg> {
    let mut got = Vec::new();
    while let Ok(Some(Ok(msg))) = tokio::time::timeout(quiet, client.ws.next()).await {
        if let Message::Text(text) = msg {
            got.push(serde_json::from_str(&text).unwrap());
        }
    }
    got
}

/// Sends an action and waits for its acknowledgement.
pub async fn done(client: &mut Client, act: Act) {
    let id = client.act(act).await;
    client.ack(&id).await;
}

/// Sends an action and returns the error it gets.
pub async fn refused(client: &mut Client, act: Act) -> ErrorCode {
    let id = client.act(act).await;
    client.error_for(&id).await
}

/// The phone's own state from the next `you` (or `welcome`) that satisfies `ok`.
pub async fn me_when(client: &mut Client, ok: impl Fn(&Me) -> bool) -> Me {
    client
        .until(|m| match m {
            ServerMsg::You { me } | ServerMsg::Welcome { me: Some(me), .. } if ok(me) => {
                Some(me.clone())
            }
            _ => None,
        })
        .await
}

/// The next teams view that satisfies `ok`.
pub async fn teams_when(client: &mut Client, ok: impl Fn(&TeamsView) -> bool) -> TeamsView {
    client
        .until(|m| match m {
            ServerMsg::Teams { teams, .. } if ok(teams) => Some(teams.clone()),
            ServerMsg::Welcome { room, .. } if ok(&room.teams) => Some(room.teams.clone()),
            _ => None,
        })
        .await
}

/// A room with a host and phones formed into two teams (forming waits for each phone to learn
/// its team).
pub struct Teamed {
    pub server: TestServer,
    pub addr: String,
    pub room: kring_protocol::CreateRoomResponse,
    pub host: Client,
    pub phones: Vec<Phone>,
    pub teams: Vec<TeamId>,
    pub view: TeamsView,
}

/// Starts a server with a room, its host and phones with these nicknames, formed into two teams.
pub async fn teamed<const N: usize>(names: [&str; N]) -> Teamed {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Teams").await;
    let mut host = host(&addr, &room).await;
    let mut phones = Vec::new();
    for name in names {
        phones.push(join(&addr, room.code.as_str(), name).await);
    }
    done(
        &mut host,
        Act::FormTeams {
            formation: TeamFormation::ByCount { count: 2 },
        },
    )
    .await;
    for phone in &mut phones {
        me_when(&mut phone.client, |me| me.team.is_some()).await;
    }
    let view = teams_when(&mut host, |t| t.teams.len() == 2).await;
    let teams = view.teams.iter().map(|t| t.id).collect();
    Teamed {
        server,
        addr,
        room,
        host,
        phones,
        teams,
        view,
    }
}

/// Which phones are in which team, by index into `phones`.
pub async fn members(t: &mut Teamed) -> Vec<Vec<usize>> {
    t.view
        .teams
        .iter()
        .map(|team| {
            team.members
                .iter()
                .map(|m| t.phones.iter().position(|p| p.id == m.id).unwrap())
                .collect()
        })
        .collect()
}

/// The real binary with a room holding one activity, its host console and phones `P0`, `P1`,
/// … (for the `kill -9` tests).
pub struct ProcClass {
    pub dir: TempDir,
    pub proc: Proc,
    pub addr: String,
    pub room: CreateRoomResponse,
    pub activity: ActivityId,
    pub host: Client,
    pub phones: Vec<Phone>,
}

/// Starts the binary on a fresh data dir named after `name`, adds `spec` and joins `phones`.
pub async fn proc_class(name: &str, spec: &ActivitySpec, phones: usize) -> ProcClass {
    let dir = TempDir::new(name);
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let addr = proc.addr.clone();
    let room = create_room(&addr, "Kill").await;
    let activity = add_activity(&addr, &room, spec).await;
    let host = host(&addr, &room).await;
    let mut joined = Vec::new();
    for i in 0..phones {
        joined.push(join(&addr, room.code.as_str(), &format!("P{i}")).await);
    }
    ProcClass {
        dir,
        proc,
        addr,
        room,
        activity,
        host,
        phones: joined,
    }
}

/// Sends a `join` with `nickname` on `client` and returns the error that refuses it (panics
/// when the room lets it in).
pub async fn join_refusal(client: &mut Client, code: &str, nickname: &str) -> ErrorCode {
    client
        .send(&ClientMsg::Join {
            room: code.into(),
            nickname: Some(nickname.into()),
            lang: Default::default(),
        })
        .await;
    client
        .until(|m| match m {
            ServerMsg::Error { code, .. } => Some(*code),
            ServerMsg::Welcome { .. } => panic!("{nickname:?} was let in; expected a refusal"),
            _ => None,
        })
        .await
}

/// Joins from a fresh connection with `nickname` and returns the error that refuses it.
pub async fn refused_join(addr: &str, code: &str, nickname: &str) -> ErrorCode {
    let mut phone = Client::connect(addr, nickname).await;
    join_refusal(&mut phone, code, nickname).await
}

/// Connects a projector to room `code`.
pub async fn screen(addr: &str, code: &str) -> Client {
    let mut client = Client::connect(addr, "screen").await;
    client.hello(ClientMsg::Screen { room: code.into() }).await;
    client
}

/// Every message text a client gets until it has been quiet for 300 ms, but the projector's
/// lobby of names (which shows who joined, not what anyone answered).
pub async fn texts_until_quiet(client: &mut Client) -> Vec<String> {
    let mut got = Vec::new();
    while let Ok(Some(Ok(msg))) =
        tokio::time::timeout(Duration::from_millis(300), client.ws.next()).await
    {
        if let Message::Text(text) = msg
            && !text.starts_with(r#"{"type":"lobby""#)
        {
            got.push(text.to_string());
        }
    }
    got
}

/// A class ("Mentoruur", phones Ada and Bo) with the activity of `spec` current and started by
/// the host's `start` (given the activity), and a projector.
pub async fn running(spec: ActivitySpec, start: impl Fn(ActivityId) -> Act) -> (Class, Client) {
    let mut c = class("Mentoruur", spec, ["Ada", "Bo"]).await;
    let projector = screen(&c.addr, c.room.code.as_str()).await;
    let first = start(c.quiz);
    host_acts(
        &mut c.host,
        vec![
            Act::SetCurrent {
                activity: Some(c.quiz),
            },
            first,
        ],
    )
    .await;
    (c, projector)
}

/// A co-facilitator's console on `room`, opened with the moderator key from the host's
/// `welcome`.
pub async fn co_facilitator(addr: &str, room: &CreateRoomResponse) -> Client {
    let (_, welcome) = host_welcome(addr, room).await;
    let ServerMsg::Welcome {
        moderator_key: Some(key),
        ..
    } = welcome
    else {
        panic!("{welcome:?}")
    };
    let mut co = Client::connect(addr, "co").await;
    co.hello(ClientMsg::Host {
        room: room.code.0.clone(),
        host_key: key,
        console: Some("co".into()),
    })
    .await;
    co
}
