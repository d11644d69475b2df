//! Golden files: rooms stored by earlier versions of Kring, restored by this one.
//!
//! Each folder under `server/tests/golden/` is one set: a room played through every activity
//! kind (two quizzes, one in team mode, answers timed apart and one question closed by its
//! deadline; teams with role cards; team names with a withdrawal, a veto and a tie settled by a
//! run-off; the brainstorm wall with an edit, likes, a hidden card, a pin and a withdrawal,
//! carried into a dot-vote with a tie settled by a run-off vote; pitches with tops and tips, a
//! facilitator's rating, a hidden tip and released cards; a participant removed; a graceful
//! restart while a question was open; from set `2026-12-05b` on also a check-in and a statement
//! scale; from set `2026-12-05c` on also an open question with approval first, a timer beside
//! the team quiz that runs through the restart, a card-sort and a timer as the current
//! activity; from set `2026-12-05e` on also the check-in left open for the empty chair, a late
//! answer through it and the date moved on; from set `2026-12-06` on, in a room that keeps
//! times, also sessions added, renamed, dated and removed, planned minutes set, changed and
//! cleared, activities reordered, moved to another session (one with results) and duplicated,
//! a template inserted into the second session and its "you said → we did" slide edited, run by
//! a co-facilitator the lead was handed over to and seen by phones, the lead handed back,
//! handed over again and taken back, and the copied check-in answered). The files are the exact strings the store wrote:
//! `meta.json` (the room's row), `records.jsonl` (record `seq` on line `seq`),
//! `snapshot-middle.json` and `snapshot-end.json` (states; their sequence numbers in
//! `snapshots.json`), and the expected outputs after the last record: `export.json` and the
//! `welcome` of the host console, the projector and one phone (`view-*.json`).
//!
//! [`stored_rooms_restore_as_they_were`] puts each set into fresh data directories and starts
//! the real server on it three ways (every record from empty, the middle snapshot and the
//! records after it, the end snapshot alone); each must give the expected outputs, and both
//! snapshots must rebuild the state every record does. A change that reads a stored room
//! differently (a renamed field, a changed meaning) fails here. The stored strings are never
//! rewritten; [`rewrite_outputs`] rewrites the expected outputs after a deliberate change of
//! an output, and [`generate`] writes a new set
//! (`KRING_GOLDEN_SET=<folder> cargo test -p kring-server --test golden -- --ignored generate`)
//! beside the old ones after a deliberate, migrated format change. Neither is ever run to make
//! a failing test pass (see "Golden files" in `docs/ARCHITECTURE.md`).

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;
use kring_protocol::{
    Act, ActivityId, ActivitySpec, ActivityView, AnswerMode, BrainstormInput, BrainstormSpec,
    CardSortInput, CardSortSpec, CarryPick, CheckInInput, CheckInSpec, ClientMsg,
    CreateRoomResponse, DotVoteInput, ErrorCode, LikesMode, OpenDisplay, OpenQuestionInput,
    OpenQuestionSpec, OptionDots, PitchesInput, PitchesSpec, QuestionSpec, QuizInput, QuizPhase,
    QuizSpec, RatingInput, RoleCard, ScaleStatement, ScaleSteps, ServerMsg, SessionId, SortCard,
    StatementScaleInput, StatementScaleSpec, TeamFormation, TeamNamesInput, TeamNamesSpec,
    Template, TemplateItem, TimerInput, TimerPhase, TimerSpec, WallMode, WeDidInput, WeDidItem,
    WeDidSource, WeDidSpec, default_criteria,
};
use kring_server::config::SnapshotPolicy;
use rusqlite::{Connection, params};
use serde_json::Value;

/// Where the golden files live.
const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");
/// The phone whose view is compared.
const PHONE: &str = "Ada";
/// What the server's own address becomes in the compared outputs.
const BASE: &str = "http://kring.test";

/// The stored room: its metadata row, every record, and the two snapshots with their
/// sequence numbers.
struct Stored {
    meta: String,
    records: Vec<String>,
    middle: (u64, String),
    end: (u64, String),
}

impl Stored {
    fn read(set: &Path) -> Stored {
        let read = |name: &str| {
            let path = set.join(name);
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        };
        let seqs: Value = serde_json::from_str(&read("snapshots.json")).unwrap();
        let seq = |which: &str| seqs[which].as_u64().expect("a sequence number");
        Stored {
            meta: read("meta.json").trim_end().to_owned(),
            records: read("records.jsonl").lines().map(str::to_owned).collect(),
            middle: (
                seq("middle"),
                read("snapshot-middle.json").trim_end().to_owned(),
            ),
            end: (seq("end"), read("snapshot-end.json").trim_end().to_owned()),
        }
    }

    fn write(&self, set: &Path) {
        std::fs::create_dir_all(set).unwrap();
        let write = |name: &str, text: String| {
            std::fs::write(set.join(name), text).unwrap();
        };
        write("meta.json", format!("{}\n", self.meta));
        write("records.jsonl", format!("{}\n", self.records.join("\n")));
        write("snapshot-middle.json", format!("{}\n", self.middle.1));
        write("snapshot-end.json", format!("{}\n", self.end.1));
        let seqs = serde_json::json!({ "middle": self.middle.0, "end": self.end.0 });
        write("snapshots.json", format!("{seqs:#}\n"));
    }

    fn meta(&self) -> Value {
        serde_json::from_str(&self.meta).unwrap()
    }

    /// The resume token of the participant who joined as `nickname`, from their `Join` record.
    fn token_of(&self, nickname: &str) -> String {
        self.records
            .iter()
            .map(|r| serde_json::from_str::<Value>(r).unwrap())
            .find_map(|r| {
                let join = &r["input"]["Join"];
                (join["nickname"] == nickname).then(|| join["token"].as_str().unwrap().to_owned())
            })
            .unwrap_or_else(|| panic!("no join of {nickname} in the records"))
    }
}

/// What a restored room gives: its JSON export and three `welcome`s, normalised.
#[derive(Debug, PartialEq)]
struct Outputs {
    files: Vec<(&'static str, String)>,
}

impl Outputs {
    fn read(set: &Path) -> Outputs {
        Outputs {
            files: OUTPUTS
                .iter()
                .map(|&name| {
                    let path = set.join(name);
                    let text = std::fs::read_to_string(&path)
                        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                    (name, text)
                })
                .collect(),
        }
    }

    fn write(&self, set: &Path) {
        for (name, text) in &self.files {
            std::fs::write(set.join(name), text).unwrap();
        }
    }

    /// Fails with the first line that differs in each file that differs.
    #[track_caller]
    fn assert_same(&self, expected: &Outputs, how: &str) {
        let mut wrong = Vec::new();
        for ((name, got), (_, want)) in self.files.iter().zip(&expected.files) {
            if got != want {
                let line = got
                    .lines()
                    .zip(want.lines())
                    .position(|(g, w)| g != w)
                    .unwrap_or(got.lines().count().min(want.lines().count()));
                wrong.push(format!(
                    "{name}, line {}: expected {:?}, got {:?}",
                    line + 1,
                    want.lines().nth(line).unwrap_or("(end)"),
                    got.lines().nth(line).unwrap_or("(end)"),
                ));
            }
        }
        assert!(
            wrong.is_empty(),
            "the golden room {how} reads differently than the version that stored it (see \
             \"Golden files\" in docs/ARCHITECTURE.md):\n{}",
            wrong.join("\n")
        );
    }
}

/// The compared outputs, in the order [`outputs`] makes them.
const OUTPUTS: [&str; 4] = [
    "export.json",
    "view-host.json",
    "view-projector.json",
    "view-phone.json",
];

/// Pretty JSON with the server's address replaced and the server clock (`serverNow`, an
/// export's `exportedAt`) left out.
fn normalise(mut value: Value, base: &str) -> String {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.remove("serverNow");
                map.remove("exportedAt");
                map.values_mut().for_each(strip);
            }
            Value::Array(list) => list.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut value);
    format!("{value:#}\n").replace(base, BASE)
}

/// The restored room's export and the `welcome` of its host console, projector and the phone
/// [`PHONE`], in that order, each on a fresh connection.
async fn outputs(server: &TestServer, stored: &Stored) -> Outputs {
    let addr = server.addr();
    let meta = stored.meta();
    let code = meta["code"].as_str().unwrap();
    let host_key = meta["host_key"].as_str().unwrap();
    let export = get_auth(
        &addr,
        &format!("/api/rooms/{code}/export.json"),
        &format!("Bearer {host_key}"),
    )
    .await;
    assert_eq!(export.status, 200, "{}", export.text());
    let mut host = Client::connect(&addr, "host").await;
    let host_view = host
        .hello(ClientMsg::Host {
            room: code.into(),
            host_key: host_key.into(),
            console: None,
        })
        .await;
    let mut projector = Client::connect(&addr, "projector").await;
    let projector_view = projector
        .hello(ClientMsg::Screen { room: code.into() })
        .await;
    let (_phone, phone_view) = resume(&addr, code, PHONE, &stored.token_of(PHONE)).await;
    let views = [host_view, projector_view, phone_view]
        .map(|msg: ServerMsg| serde_json::to_value(msg).unwrap());
    let mut files = vec![("export.json", normalise(export.json(), &server.base))];
    for (name, view) in OUTPUTS[1..].iter().zip(views) {
        files.push((name, normalise(view, &server.base)));
    }
    Outputs { files }
}

/// A fresh data directory holding the stored room: the records after `snapshot` (all of them
/// without one) and that snapshot, written into the store's own tables.
fn data_dir(stored: &Stored, snapshot: Option<&(u64, String)>, name: &str) -> TempDir {
    let dir = TempDir::new(name);
    // The store creates its tables as this version lays them out.
    let (_, writer, rooms) = kring_server::store::Store::open(&dir.0).unwrap();
    assert!(rooms.is_empty());
    writer.close();
    let conn = Connection::open(dir.0.join("kring.db")).unwrap();
    let meta = stored.meta();
    let code = meta["code"].as_str().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    // Used now, so the retention sweep never takes the golden room.
    conn.execute(
        "INSERT INTO rooms (code, meta, created_at, last_used_at) VALUES (?1, ?2, ?3, ?4)",
        params![code, stored.meta, meta["created_at"].as_i64().unwrap(), now],
    )
    .unwrap();
    let after = snapshot.map_or(0, |(seq, _)| *seq);
    for (i, record) in stored.records.iter().enumerate() {
        let seq = i as u64 + 1;
        if seq > after {
            conn.execute(
                "INSERT INTO events (room, seq, record) VALUES (?1, ?2, ?3)",
                params![code, seq as i64, record],
            )
            .unwrap();
        }
    }
    if let Some((seq, state)) = snapshot {
        conn.execute(
            "INSERT INTO snapshots (room, seq, state) VALUES (?1, ?2, ?3)",
            params![code, *seq as i64, state],
        )
        .unwrap();
    }
    dir
}

/// Starts the real server on the stored room read one way and returns what it gives.
async fn restored(stored: &Stored, snapshot: Option<&(u64, String)>, name: &str) -> Outputs {
    let server = TestServer::start_in(data_dir(stored, snapshot, name)).await;
    let got = outputs(&server, stored).await;
    server.stop().await;
    got
}

/// The room's state rebuilt by [`kring_server::restore`] from the snapshot (or from empty) and
/// the records after it, serialised as this version does.
fn state(stored: &Stored, snapshot: Option<&(u64, String)>) -> Value {
    let after = snapshot.map_or(0, |(seq, _)| *seq);
    let room = kring_server::store::StoredRoom {
        meta: serde_json::from_str(&stored.meta).unwrap(),
        snapshot: snapshot.cloned(),
        events: (after + 1..)
            .zip(stored.records.iter().skip(after as usize).cloned())
            .collect(),
    };
    serde_json::to_value(kring_server::restore(room).unwrap()).unwrap()
}

/// Where two JSON values first differ, as a path with both values.
fn difference(got: &Value, want: &Value, path: &str) -> String {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            let keys: std::collections::BTreeSet<&String> = g.keys().chain(w.keys()).collect();
            keys.into_iter()
                .find(|k| g.get(*k) != w.get(*k))
                .map_or_else(String::new, |k| match (g.get(k), w.get(k)) {
                    (Some(g), Some(w)) => difference(g, w, &format!("{path}.{k}")),
                    (g, w) => format!("{path}.{k}: {g:?} against {w:?}"),
                })
        }
        (Value::Array(g), Value::Array(w)) if g.len() == w.len() => g
            .iter()
            .zip(w)
            .position(|(g, w)| g != w)
            .map_or_else(String::new, |i| {
                difference(&g[i], &w[i], &format!("{path}[{i}]"))
            }),
        _ => format!("{path}: {got} against {want}"),
    }
}

/// Every set of golden files (a folder under [`GOLDEN`]), oldest name first.
fn sets() -> Vec<PathBuf> {
    let mut sets: Vec<PathBuf> = std::fs::read_dir(GOLDEN)
        .unwrap_or_else(|e| panic!("cannot read {GOLDEN}: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    sets.sort();
    assert!(!sets.is_empty(), "no golden files in {GOLDEN}");
    sets
}

#[tokio::test]
async fn stored_rooms_restore_as_they_were() {
    for set in sets() {
        restores_as_it_was(&set).await;
    }
}

/// Checks one set of golden files.
async fn restores_as_it_was(set: &Path) {
    let name = set.file_name().unwrap().to_string_lossy();
    let stored = Stored::read(set);
    let expected = Outputs::read(set);
    // A snapshot field this version no longer reads (renamed, say, with a default) would lose
    // its value only on the ways through a snapshot.
    let replayed = state(&stored, None);
    for (snapshot, which) in [(&stored.middle, "middle"), (&stored.end, "end")] {
        let got = state(&stored, Some(snapshot));
        assert!(
            got == replayed,
            "{name}: the {which} snapshot and the records after it rebuild another state than \
             every record: {}",
            difference(&got, &replayed, "state")
        );
    }
    restored(&stored, None, "golden-replay")
        .await
        .assert_same(&expected, &format!("{name} restored from every record"));
    restored(&stored, Some(&stored.middle), "golden-middle")
        .await
        .assert_same(
            &expected,
            &format!("{name} restored from the middle snapshot and the records after it"),
        );
    restored(&stored, Some(&stored.end), "golden-end")
        .await
        .assert_same(&expected, &format!("{name} restored from the end snapshot"));
}

/// Rewrites every set's expected outputs from its records, after a deliberate change of an
/// output (never of how a stored room reads); the stored strings stay as they are.
#[tokio::test]
#[ignore = "rewrites the expected outputs in server/tests/golden/; only for a deliberate change"]
async fn rewrite_outputs() {
    for set in sets() {
        let stored = Stored::read(&set);
        restored(&stored, None, "golden-rewrite").await.write(&set);
        println!("rewrote the outputs of {}", set.display());
    }
}

// ----- The generator -----

/// A snapshot after every pause of 50 ms in a room's records, so there are many to pick from;
/// no rate limit on the scripted consoles and phones.
fn generating(config: &mut kring_server::config::Config) {
    config.actions_per_sec = 1000;
    config.snapshots = SnapshotPolicy {
        min_records: 1,
        records_per_participant: 0,
        quiet: Duration::from_millis(50),
    };
}

/// Keeps every record and every snapshot the server writes: the store drops the records a
/// snapshot covers and keeps only the newest snapshot.
const KEEP_EVERYTHING: &str = "
    CREATE TABLE golden_snapshots (room TEXT NOT NULL, seq INTEGER NOT NULL, state TEXT NOT NULL);
    CREATE TRIGGER golden_keep_events BEFORE DELETE ON events BEGIN SELECT RAISE(IGNORE); END;
    CREATE TRIGGER golden_log_snapshots AFTER INSERT ON snapshots BEGIN
        INSERT INTO golden_snapshots VALUES (NEW.room, NEW.seq, NEW.state);
    END;";

fn place(a: ActivityId, dots: &[(u32, u32)]) -> Act {
    let ballot = dots
        .iter()
        .map(|&(option, dots)| OptionDots { option, dots })
        .collect();
    vote_act(a, DotVoteInput::Place { ballot })
}

fn question(text: &str, options: &[&str], correct: &[u32], secs: u32) -> QuestionSpec {
    QuestionSpec {
        text: text.into(),
        options: options.iter().map(|&o| o.into()).collect(),
        correct: correct.to_vec(),
        time_limit_secs: secs,
        mode: AnswerMode::One,
    }
}

/// Input to a "you said → we did" slide.
fn we_did_act(activity: ActivityId, input: WeDidInput) -> Act {
    Act::Activity {
        activity,
        input: kring_protocol::ActivityInput::WeDid(input),
    }
}

/// Phones (by index) send their answers one after another, `GAP` apart, so that the points
/// (which fall with the time taken) differ.
async fn answer_apart(phones: &mut [Phone], quiz: ActivityId, answers: Vec<(usize, QuizInput)>) {
    for (i, answer) in answers {
        tokio::time::sleep(GAP).await;
        done(&mut phones[i].client, quiz_act(quiz, answer)).await;
    }
}

/// Time between two answers in the generated quizzes.
const GAP: Duration = Duration::from_millis(400);

/// The host's `welcome` on a fresh console, as JSON.
async fn host_json(addr: &str, room: &CreateRoomResponse) -> Value {
    let (_, welcome) = host_welcome(addr, room).await;
    serde_json::to_value(welcome).unwrap()
}

/// The `id` of the item in `list` whose `field` is `text`.
fn id_by(list: &Value, field: &str, text: &str) -> u32 {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .find(|item| item[field] == text)
        .unwrap_or_else(|| panic!("no {field} {text:?} in {list:#}"))["id"]
        .as_u64()
        .unwrap() as u32
}

/// The room's teams from the host's view: each team's id and its members by phone index.
fn teams_of(host: &Value, phones: &[Phone]) -> Vec<(kring_protocol::TeamId, Vec<usize>)> {
    host["room"]["teams"]["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|team| {
            let id = serde_json::from_value(team["id"].clone()).unwrap();
            let members = team["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| {
                    let id: kring_protocol::ParticipantId =
                        serde_json::from_value(m["id"].clone()).unwrap();
                    phones.iter().position(|p| p.id == id).unwrap()
                })
                .collect();
            (id, members)
        })
        .collect()
}

/// Plays the room over real sockets on a real server, then writes the set
/// `server/tests/golden/$KRING_GOLDEN_SET/`.
#[tokio::test]
#[ignore = "writes server/tests/golden/; run it only for a deliberate, migrated format change"]
async fn generate() {
    let set = Path::new(GOLDEN).join(std::env::var("KRING_GOLDEN_SET").expect(
        "KRING_GOLDEN_SET names the set to write (a folder under server/tests/golden/); \
         see \"Golden files\" in docs/ARCHITECTURE.md",
    ));
    let dir = TempDir::new("golden-generate");
    let (_, writer, _) = kring_server::store::Store::open(&dir.0).unwrap();
    writer.close();
    Connection::open(dir.0.join("kring.db"))
        .unwrap()
        .execute_batch(KEEP_EVERYTHING)
        .unwrap();
    let mut server = TestServer::start_with(dir, generating).await;
    let mut addr = server.addr();
    let room = create_room(&addr, "Golden 2B — alle werkvormen").await;
    let code = room.code.as_str().to_owned();
    let mut host = host(&addr, &room).await;
    let nicknames = ["Ada", "Bo", "Cas", "Dina", "Eli", "Fay"];
    let mut phones = Vec::new();
    for name in nicknames {
        phones.push(join(&addr, &code, name).await);
    }

    // A quiz: one answer per question, closed by its deadline (the server's own `Tick`), then
    // a question with every correct option to pick, closed by the host.
    let spec = ActivitySpec::Quiz(QuizSpec {
        title: "Hoofdsteden".into(),
        no_ranking: false,
        team_mode: false,
        questions: vec![
            question(
                "Hoofdstad van Frankrijk?",
                &["Parijs", "Lyon", "Nice"],
                &[0],
                5,
            ),
            QuestionSpec {
                mode: AnswerMode::All,
                ..question(
                    "Welke liggen aan zee?",
                    &["Nice", "Madrid", "Lissabon", "Bern"],
                    &[0, 2],
                    60,
                )
            },
        ],
    });
    let q = add_activity(&addr, &room, &spec).await;
    done(&mut host, Act::SetCurrent { activity: Some(q) }).await;
    done(
        &mut host,
        quiz_act(q, QuizInput::StartQuestion { question: 0 }),
    )
    .await;
    let answers = [0, 0, 1, 0, 2].into_iter().enumerate();
    let answers = answers.map(|(i, choice)| {
        (
            i,
            QuizInput::Answer {
                question: 0,
                choice,
            },
        )
    });
    answer_apart(&mut phones, q, answers.collect()).await;
    host.until(|m| {
        quiz_phase(m).and_then(|p| matches!(p, QuizPhase::Reveal { index: 0, .. }).then_some(()))
    })
    .await;
    done(
        &mut host,
        quiz_act(q, QuizInput::StartQuestion { question: 1 }),
    )
    .await;
    let all: [&[u32]; 5] = [&[0, 2], &[0], &[1, 3], &[0, 2], &[2]];
    let answers = all.into_iter().enumerate().map(|(i, choices)| {
        let choices = choices.to_vec();
        (
            i,
            QuizInput::AnswerAll {
                question: 1,
                choices,
            },
        )
    });
    answer_apart(&mut phones, q, answers.collect()).await;
    done(&mut host, quiz_act(q, QuizInput::CloseQuestion)).await;
    done(&mut host, quiz_act(q, QuizInput::ShowLeaderboard)).await;
    done(&mut host, quiz_act(q, QuizInput::ShowPodium)).await;

    // Teams of three with role cards.
    let roles = vec![
        RoleCard {
            key: Some("ontwerper".into()),
            name: "Ontwerper".into(),
            description: "Bedenkt het plan".into(),
        },
        RoleCard {
            key: None,
            name: "Tijdbewaker".into(),
            description: "Let op de klok".into(),
        },
        RoleCard {
            key: None,
            name: "Notulist".into(),
            description: "Schrijft mee".into(),
        },
    ];
    done(&mut host, Act::SetRoles { roles }).await;
    let formation = TeamFormation::ByCount { count: 2 };
    done(&mut host, Act::FormTeams { formation }).await;
    for phone in &mut phones {
        me_when(&mut phone.client, |me| me.team.is_some()).await;
    }
    done(&mut host, Act::DealRoles).await;
    let teams = teams_of(&host_json(&addr, &room).await, &phones);
    let ((team_a, a), (team_b, b)) = (teams[0].clone(), teams[1].clone());

    // A team quiz, with a graceful restart while its question is open (a pause and a resume
    // on record).
    let spec = ActivitySpec::Quiz(QuizSpec {
        title: "Teamronde".into(),
        no_ranking: false,
        team_mode: true,
        questions: vec![question(
            "Grootste planeet?",
            &["Mars", "Jupiter", "Venus"],
            &[1],
            60,
        )],
    });
    let tq = add_activity(&addr, &room, &spec).await;
    done(&mut host, Act::SetCurrent { activity: Some(tq) }).await;
    done(
        &mut host,
        quiz_act(tq, QuizInput::StartQuestion { question: 0 }),
    )
    .await;
    let answer = |(i, choice)| {
        (
            i,
            QuizInput::Answer {
                question: 0,
                choice,
            },
        )
    };
    answer_apart(&mut phones, tq, [(a[0], 1), (b[0], 0)].map(answer).to_vec()).await;
    // A timer beside the team quiz, still running at the restart: the room's `Pause` and
    // `Resume` move its end on.
    let spec = ActivitySpec::Timer(TimerSpec {
        title: "Overleggen".into(),
        secs: 600,
        sound: false,
    });
    let tb = add_activity(&addr, &room, &spec).await;
    done(&mut host, Act::SetBeside { activity: Some(tb) }).await;
    done(&mut host, timer_act(tb, TimerInput::Start)).await;
    let dir = server.stop().await;
    server = TestServer::start_with(dir, generating).await;
    addr = server.addr();
    host = common::host(&addr, &room).await;
    for (phone, name) in phones.iter_mut().zip(nicknames) {
        phone.client = resume(&addr, &code, name, &phone.token).await.0;
    }
    answer_apart(&mut phones, tq, [(a[1], 1), (b[1], 1)].map(answer).to_vec()).await;
    // The timer beside: paused, a minute more, resumed, a minute more and one less, the chime
    // on, ended by the host, then nothing beside.
    for input in [
        TimerInput::Pause,
        TimerInput::Adjust { secs: 60 },
        TimerInput::Resume,
        TimerInput::Adjust { secs: 60 },
        TimerInput::Adjust { secs: -60 },
        TimerInput::Sound { on: true },
    ] {
        done(&mut host, timer_act(tb, input)).await;
    }
    done(&mut host, quiz_act(tq, QuizInput::CloseQuestion)).await;
    done(&mut host, quiz_act(tq, QuizInput::ShowPodium)).await;
    done(&mut host, timer_act(tb, TimerInput::Stop)).await;
    done(&mut host, Act::SetBeside { activity: None }).await;

    // Team names: proposals in each team, one withdrawn, one vetoed, a tie in team A settled
    // by a run-off.
    let spec = ActivitySpec::TeamNames(TeamNamesSpec {
        title: "Onze teamnaam".into(),
        per_person: 2,
        random_ties: false,
        propose_secs: None,
        vote_secs: None,
    });
    let tn = add_activity(&addr, &room, &spec).await;
    done(&mut host, Act::SetCurrent { activity: Some(tn) }).await;
    done(&mut host, names_act(tn, TeamNamesInput::StartProposing)).await;
    for (i, name) in [
        (a[0], "Een"),
        (a[1], "Twee"),
        (a[2], "Weg ermee"),
        (b[0], "Drie"),
        (b[1], "Vier"),
        (b[2], "Nachtuilen"),
    ] {
        let propose = TeamNamesInput::Propose { name: name.into() };
        done(&mut phones[i].client, names_act(tn, propose)).await;
    }
    let view = host_json(&addr, &room).await;
    let proposals = &view["hostView"]["proposals"];
    let withdrawn = id_by(proposals, "name", "Weg ermee");
    let vetoed = id_by(proposals, "name", "Nachtuilen");
    let (een, twee, drie) = (
        id_by(proposals, "name", "Een"),
        id_by(proposals, "name", "Twee"),
        id_by(proposals, "name", "Drie"),
    );
    let withdraw = TeamNamesInput::Withdraw {
        proposal: withdrawn,
    };
    done(&mut phones[a[2]].client, names_act(tn, withdraw)).await;
    let veto = TeamNamesInput::Veto { proposal: vetoed };
    done(&mut host, names_act(tn, veto)).await;
    done(&mut host, names_act(tn, TeamNamesInput::StartVoting)).await;
    for (i, proposal) in [
        (a[0], een),
        (a[1], twee),
        (b[0], drie),
        (b[1], drie),
        (b[2], drie),
    ] {
        let ballot = TeamNamesInput::Vote {
            proposal: Some(proposal),
        };
        done(&mut phones[i].client, names_act(tn, ballot)).await;
    }
    done(&mut host, names_act(tn, TeamNamesInput::Reveal)).await;
    done(&mut host, names_act(tn, TeamNamesInput::Runoff)).await;
    for (i, proposal) in [(a[0], twee), (a[1], twee), (a[2], een)] {
        let ballot = TeamNamesInput::RunoffVote {
            proposal: Some(proposal),
        };
        done(&mut phones[i].client, names_act(tn, ballot)).await;
    }
    done(&mut host, names_act(tn, TeamNamesInput::CloseRunoff)).await;
    done(&mut host, names_act(tn, TeamNamesInput::Reveal)).await;

    // The brainstorm wall: ideas, an edit, a withdrawal, likes, a hidden and a pinned card,
    // carried into a dot-vote.
    let spec = ActivitySpec::Brainstorm(BrainstormSpec {
        title: "Hoe maken we school leuker?".into(),
        per_person: 3,
        max_chars: 140,
        by_team: false,
        anonymous: true,
        mode: WallMode::Live,
        likes: LikesMode::Live,
    });
    let bs = add_activity(&addr, &room, &spec).await;
    done(&mut host, Act::SetCurrent { activity: Some(bs) }).await;
    done(&mut host, wall_act(bs, BrainstormInput::Open)).await;
    for (i, text) in [
        (0, "Meer buitenlessen"),
        (1, "Een schooltuin"),
        (2, "Langere pauzes"),
        (3, "Muziek in de kantine"),
        (4, "Een fietsenstalling"),
        (5, "Dit trek ik in"),
    ] {
        let add = BrainstormInput::Add { text: text.into() };
        done(&mut phones[i].client, wall_act(bs, add)).await;
    }
    let view = host_json(&addr, &room).await;
    let cards = &view["hostView"]["cards"];
    let card = |text| id_by(cards, "text", text);
    let edit = BrainstormInput::Edit {
        card: card("Meer buitenlessen"),
        text: "Meer lessen buiten".into(),
    };
    done(&mut phones[0].client, wall_act(bs, edit)).await;
    let withdraw = BrainstormInput::Withdraw {
        card: card("Dit trek ik in"),
    };
    done(&mut phones[5].client, wall_act(bs, withdraw)).await;
    for (i, text) in [
        (1, "Meer buitenlessen"),
        (2, "Meer buitenlessen"),
        (3, "Een schooltuin"),
        (0, "Langere pauzes"),
        (5, "Langere pauzes"),
    ] {
        let like = BrainstormInput::Like {
            card: card(text),
            like: true,
        };
        done(&mut phones[i].client, wall_act(bs, like)).await;
    }
    let unlike = BrainstormInput::Like {
        card: card("Langere pauzes"),
        like: false,
    };
    done(&mut phones[5].client, wall_act(bs, unlike)).await;
    let hide = BrainstormInput::Hide {
        card: card("Een fietsenstalling"),
        hidden: true,
    };
    done(&mut host, wall_act(bs, hide)).await;
    let pin = BrainstormInput::Pin {
        card: card("Een schooltuin"),
        pinned: true,
    };
    done(&mut host, wall_act(bs, pin)).await;
    done(&mut host, wall_act(bs, BrainstormInput::Close)).await;
    let carry = BrainstormInput::Carry {
        pick: CarryPick::All,
        title: "Kies een plan".into(),
    };
    done(&mut host, wall_act(bs, carry)).await;

    // The dot-vote: a changed ballot, a tie for first, a run-off vote; a participant removed
    // after voting in it.
    let dv = ActivityId(
        host_json(&addr, &room).await["room"]["current"]["id"]
            .as_u64()
            .unwrap() as u32,
    );
    done(&mut host, vote_act(dv, DotVoteInput::Open)).await;
    let ballots: [&[(u32, u32)]; 7] = [
        &[(2, 3)],
        &[(0, 3)],
        &[(1, 3)],
        &[(2, 2), (3, 1)],
        &[(0, 1), (1, 1), (2, 1)],
        &[(3, 3)],
        &[(0, 1), (1, 1)],
    ];
    for (i, dots) in [0, 0, 1, 2, 3, 4, 5].into_iter().zip(ballots) {
        done(&mut phones[i].client, place(dv, dots)).await;
    }
    done(&mut host, vote_act(dv, DotVoteInput::Reveal)).await;
    let runoff = DotVoteInput::RunOff {
        rank: 1,
        title: "Beslissing".into(),
    };
    done(&mut host, vote_act(dv, runoff)).await;
    let ro = ActivityId(
        host_json(&addr, &room).await["room"]["current"]["id"]
            .as_u64()
            .unwrap() as u32,
    );
    assert_ne!(ro, dv, "the run-off is a dot-vote of its own");
    done(&mut host, vote_act(ro, DotVoteInput::Open)).await;
    for (i, option) in [(0, 0), (1, 1), (2, 0), (3, 1), (4, 0), (5, 1)] {
        done(&mut phones[i].client, place(ro, &[(option, 3)])).await;
    }
    let fay = phones[5].id;
    done(&mut host, Act::RemoveParticipant { participant: fay }).await;
    done(&mut host, vote_act(ro, DotVoteInput::Reveal)).await;

    // Pitches: ratings with tops and tips, a facilitator's rating, a hidden tip, released cards.
    let spec = ActivitySpec::Pitches(PitchesSpec {
        title: "Pitches De ideale les".into(),
        criteria: default_criteria(),
        pitch_secs: None,
        feedback_secs: None,
        require_tops_tips: false,
    });
    let pt = add_activity(&addr, &room, &spec).await;
    let teams = teams_of(&host_json(&addr, &room).await, &phones);
    let (a, b) = (teams[0].1.clone(), teams[1].1.clone());
    assert_eq!((teams[0].0, teams[1].0), (team_a, team_b));
    done(&mut host, Act::SetCurrent { activity: Some(pt) }).await;
    let order = PitchesInput::SetOrder {
        teams: vec![team_a, team_b],
    };
    done(&mut host, pitches_act(pt, order)).await;
    done(&mut host, pitches_act(pt, PitchesInput::Start)).await;
    done(&mut host, pitches_act(pt, PitchesInput::OpenFeedback)).await;
    let tips = [
        "Praat wat langzamer",
        "Wat een saaie pitch",
        "Meer voorbeelden",
    ];
    for (n, &i) in b.iter().enumerate() {
        let stars = [[4, 3, 5], [2, 2, 1], [5, 5, 4]][n];
        let top = ["Sterk verhaal", "Mooie dia's", "Goed plan"][n];
        done(&mut phones[i].client, rate(pt, team_a, stars, top, tips[n])).await;
    }
    let teacher = PitchesInput::TeacherRate {
        team: team_a,
        teacher: "Mevr. Jansen".into(),
        rating: RatingInput {
            stars: vec![4, 4, 4],
            top: "Helder doel".into(),
            tip: String::new(),
        },
    };
    done(&mut host, pitches_act(pt, teacher)).await;
    let view = host_json(&addr, &room).await;
    let hide = PitchesInput::Hide {
        card: id_by(&view["hostView"]["cards"], "text", tips[1]),
        hidden: true,
    };
    done(&mut host, pitches_act(pt, hide)).await;
    done(&mut host, pitches_act(pt, PitchesInput::CloseFeedback)).await;
    done(&mut host, pitches_act(pt, PitchesInput::Next)).await;
    done(&mut host, pitches_act(pt, PitchesInput::OpenFeedback)).await;
    for (n, &i) in a.iter().enumerate() {
        let stars = [[3, 4, 4], [5, 4, 3], [2, 3, 4]][n % 3];
        done(
            &mut phones[i].client,
            rate(pt, team_b, stars, "Origineel", ""),
        )
        .await;
    }
    done(&mut host, pitches_act(pt, PitchesInput::CloseFeedback)).await;
    for team in [team_a, team_b] {
        done(&mut host, pitches_act(pt, PitchesInput::Release { team })).await;
    }

    // A check-in: faces with words (one word hidden), a skip, an answer replaced by a skip;
    // closed with exactly as many faces as its privacy floor. Fay was removed: five phones.
    let spec = ActivitySpec::CheckIn(CheckInSpec {
        title: "Hoe gaat het met je?".into(),
        words: true,
        anonymous: true,
        privacy_floor: 3,
    });
    let ci = add_activity(&addr, &room, &spec).await;
    done(&mut host, Act::SetCurrent { activity: Some(ci) }).await;
    done(&mut host, check_in_act(ci, CheckInInput::Open)).await;
    for (i, mood, word) in [
        (0, 4, Some("Zon")),
        (1, 2, Some("Moe")),
        (2, 5, None),
        (4, 3, Some("Zon")),
    ] {
        let answer = CheckInInput::Answer {
            mood,
            word: word.map(Into::into),
        };
        done(&mut phones[i].client, check_in_act(ci, answer)).await;
    }
    for i in [3, 4] {
        done(&mut phones[i].client, check_in_act(ci, CheckInInput::Skip)).await;
    }
    let hide = CheckInInput::HideWord { word: "moe".into() };
    done(&mut host, check_in_act(ci, hide)).await;
    done(&mut host, check_in_act(ci, CheckInInput::Close)).await;

    // A statement scale: dots placed and one moved, a skip, each statement revealed, then on
    // to the next and past the last.
    let spec = ActivitySpec::StatementScale(StatementScaleSpec {
        title: "Waar sta je?".into(),
        statements: vec![
            ScaleStatement {
                text: "Huiswerk helpt me".into(),
                key: Some("huiswerk".into()),
            },
            ScaleStatement {
                text: "Ik werk graag in een team".into(),
                key: None,
            },
        ],
        steps: ScaleSteps::Five,
        live: false,
    });
    let ss = add_activity(&addr, &room, &spec).await;
    done(&mut host, Act::SetCurrent { activity: Some(ss) }).await;
    for (statement, dots) in [
        (
            0,
            [
                (0, Some(4)),
                (1, Some(1)),
                (2, None),
                (3, Some(3)),
                (0, Some(2)),
            ],
        ),
        (
            1,
            [
                (4, Some(0)),
                (3, None),
                (2, Some(4)),
                (1, Some(4)),
                (3, Some(2)),
            ],
        ),
    ] {
        done(&mut host, scale_act(ss, StatementScaleInput::Next)).await;
        for (i, position) in dots {
            let input = match position {
                Some(position) => StatementScaleInput::Place {
                    statement,
                    position,
                },
                None => StatementScaleInput::Skip { statement },
            };
            done(&mut phones[i].client, scale_act(ss, input)).await;
        }
        done(&mut host, scale_act(ss, StatementScaleInput::Reveal)).await;
    }
    done(&mut host, scale_act(ss, StatementScaleInput::Next)).await;

    // An open question whose answers wait for approval: a rude answer refused (not stored),
    // one withdrawn, one hidden, one left waiting; a word merged into another and a merge
    // split again; closed with more people on the wall than its privacy floor.
    let spec = ActivitySpec::OpenQuestion(OpenQuestionSpec {
        title: "Wat vond je van vandaag?".into(),
        per_person: 3,
        max_chars: 80,
        anonymous: true,
        approve: true,
        display: OpenDisplay::Cloud,
        privacy_floor: 3,
    });
    let oq = add_activity(&addr, &room, &spec).await;
    done(&mut host, Act::SetCurrent { activity: Some(oq) }).await;
    done(&mut host, open_act(oq, OpenQuestionInput::Open)).await;
    let rude = OpenQuestionInput::Answer {
        text: "kanker".into(),
    };
    assert_eq!(
        refused(&mut phones[2].client, open_act(oq, rude)).await,
        ErrorCode::Inappropriate
    );
    for (i, text) in [
        (0, "Leuk!"),
        (0, "Gezellig"),
        (1, "leuke"),
        (1, "saai"),
        (2, "Gezellig"),
        (2, "Dit trek ik terug"),
        (3, "Te lang"),
        (3, "Dit is onzin"),
        (4, "fijn"),
        (4, "Meer pauze"),
    ] {
        let answer = OpenQuestionInput::Answer { text: text.into() };
        done(&mut phones[i].client, open_act(oq, answer)).await;
    }
    let view = host_json(&addr, &room).await;
    let withdraw = OpenQuestionInput::Withdraw {
        answer: id_by(&view["hostView"]["answers"], "text", "Dit trek ik terug"),
    };
    done(&mut phones[2].client, open_act(oq, withdraw)).await;
    let view = host_json(&addr, &room).await;
    let answers = &view["hostView"]["answers"];
    for answer in answers.as_array().unwrap() {
        if answer["text"] != "Meer pauze" {
            let approve = OpenQuestionInput::Approve {
                answer: answer["id"].as_u64().unwrap() as u32,
            };
            done(&mut host, open_act(oq, approve)).await;
        }
    }
    let hide = OpenQuestionInput::Hide {
        answer: id_by(answers, "text", "Dit is onzin"),
        hidden: true,
    };
    done(&mut host, open_act(oq, hide)).await;
    let view = host_json(&addr, &room).await;
    let word = |text: &str| -> String {
        view["hostView"]["answers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["text"] == text)
            .and_then(|a| a["word"].as_str())
            .unwrap_or_else(|| panic!("{text:?} is no word of the cloud: {view:#}"))
            .to_owned()
    };
    let merge = OpenQuestionInput::MergeWords {
        word: word("fijn"),
        into: word("Leuk!"),
    };
    done(&mut host, open_act(oq, merge)).await;
    let merge = OpenQuestionInput::MergeWords {
        word: word("Te lang"),
        into: word("saai"),
    };
    done(&mut host, open_act(oq, merge)).await;
    let split = OpenQuestionInput::SplitWord { word: word("saai") };
    done(&mut host, open_act(oq, split)).await;
    done(&mut host, open_act(oq, OpenQuestionInput::Close)).await;

    // A card-sort: placements, a card moved, one taken back, a skip after placing; closed,
    // then revealed with cells under the privacy floor.
    let card = |text: &str, group: &str, positive| SortCard {
        text: text.into(),
        group: group.into(),
        positive,
    };
    let spec = ActivitySpec::CardSort(CardSortSpec {
        title: "Wat heeft het gedaan?".into(),
        cards: vec![
            card("Mijn mening telde", "Invloed en meebeslissen", true),
            card("Ik leerde iets nieuws", "Leren", true),
            card("Dit voelde ongemakkelijk", "Verbinding", false),
        ],
        columns: vec!["Sessie 1".into(), "Sessie 2".into(), "Sessie 3".into()],
        privacy_floor: 2,
        live: false,
    });
    let cs = add_activity(&addr, &room, &spec).await;
    done(&mut host, Act::SetCurrent { activity: Some(cs) }).await;
    done(&mut host, sort_act(cs, CardSortInput::Open)).await;
    for (i, card, column) in [
        (0, 0, 0),
        (0, 1, 1),
        (0, 2, 2),
        (1, 0, 0),
        (1, 1, 1),
        (2, 0, 0),
        (2, 1, 2),
        (2, 2, 2),
        (3, 0, 1),
        (4, 1, 0),
        (1, 1, 2),
    ] {
        let input = CardSortInput::Place { card, column };
        done(&mut phones[i].client, sort_act(cs, input)).await;
    }
    let unplace = CardSortInput::Unplace { card: 2 };
    done(&mut phones[0].client, sort_act(cs, unplace)).await;
    done(&mut phones[4].client, sort_act(cs, CardSortInput::Skip)).await;
    done(&mut host, sort_act(cs, CardSortInput::Close)).await;
    done(&mut host, sort_act(cs, CardSortInput::Reveal)).await;

    // The empty chair (from set 2026-12-05e on): back in the lobby, the check-in left open for
    // a week; a student who was not there joins and answers through its chair (counted apart
    // from the live results); the facilitator moves the date on by a week.
    done(&mut host, Act::SetCurrent { activity: None }).await;
    let week = 7 * 24 * 60 * 60 * 1000;
    let until = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
        + week;
    let leave_open = |until| Act::LeaveOpen {
        activity: ci,
        until: Some(until),
    };
    done(&mut host, leave_open(until)).await;
    let mut late = join(&addr, &code, "Gus").await;
    let answer = CheckInInput::Answer {
        mood: 2,
        word: Some("Ziek".into()),
    };
    let late_answer = Act::Chair {
        activity: ci,
        input: kring_protocol::ActivityInput::CheckIn(answer),
    };
    done(&mut late.client, late_answer).await;
    done(&mut host, leave_open(until + week)).await;

    // Sessions, the plan, the lead and a template (from set 2026-12-06 on): the first session
    // renamed and dated; a second added, renamed and dated, a third added and removed again;
    // planned minutes set, changed and cleared; the card-sort moved to the top of its session
    // and the statement scale (with its results) moved to the second; the check-in duplicated
    // and its fresh copy moved to the second session; a template inserted there and its
    // "you said → we did" slide filled in from the dot-vote; the lead handed over to a
    // co-facilitator who runs that slide with the phones, handed back, handed over again and
    // taken back; and the copied check-in answered in the second session.
    let first = SessionId(0);
    let update = Act::UpdateSession {
        session: first,
        title: "Sessie 1 — alle werkvormen".into(),
        date: Some("2026-12-06".into()),
    };
    done(&mut host, update).await;
    let add = Act::AddSession {
        title: "Terugblik".into(),
        date: None,
    };
    done(&mut host, add).await;
    let second = SessionId(1);
    let update = Act::UpdateSession {
        session: second,
        title: "Sessie 2 — terugblik".into(),
        date: Some("2026-12-13".into()),
    };
    done(&mut host, update).await;
    let add = Act::AddSession {
        title: String::new(),
        date: Some("2026-12-20".into()),
    };
    done(&mut host, add).await;
    let remove = Act::RemoveSession {
        session: SessionId(2),
    };
    done(&mut host, remove).await;
    for (activity, minutes) in [
        (q, Some(10)),
        (bs, Some(15)),
        (bs, Some(20)),
        (ci, Some(5)),
        (oq, Some(10)),
        (oq, None),
    ] {
        done(&mut host, Act::SetPlanned { activity, minutes }).await;
    }
    let to_top = Act::MoveActivity {
        activity: cs,
        session: first,
        index: 0,
    };
    done(&mut host, to_top).await;
    let to_second = Act::MoveActivity {
        activity: ss,
        session: second,
        index: 0,
    };
    done(&mut host, to_second).await;
    done(&mut host, Act::DuplicateActivity { activity: ci }).await;
    let agenda = host_json(&addr, &room).await["agenda"].clone();
    let copy = agenda
        .as_array()
        .unwrap()
        .iter()
        .map(|item| ActivityId(item["id"].as_u64().unwrap() as u32))
        .max()
        .unwrap();
    assert_ne!(copy, ci, "the copy is an activity of its own");
    let copy_to_second = Act::MoveActivity {
        activity: copy,
        session: second,
        index: 1,
    };
    done(&mut host, copy_to_second).await;
    let template = Template {
        kring: "template".into(),
        version: 1,
        title: "Terugblik".into(),
        lang: kring_protocol::Lang::Nl,
        description: "Wat deden we met jullie ideeën?".into(),
        items: vec![
            TemplateItem {
                planned_minutes: Some(5),
                session_columns: None,
                note: "Vul in wat er gedaan is".into(),
                spec: ActivitySpec::WeDid(WeDidSpec {
                    title: "Jullie zeiden → wij deden".into(),
                    source: None,
                    items: vec![WeDidItem {
                        said: "…".into(),
                        did: String::new(),
                    }],
                    one_by_one: true,
                }),
            },
            TemplateItem {
                planned_minutes: Some(10),
                session_columns: None,
                note: String::new(),
                spec: ActivitySpec::OpenQuestion(OpenQuestionSpec {
                    title: "Wat moet er nog beter?".into(),
                    per_person: 2,
                    max_chars: 80,
                    anonymous: true,
                    approve: false,
                    display: OpenDisplay::Cards,
                    privacy_floor: 3,
                }),
            },
        ],
    };
    let insert = Act::InsertTemplate {
        template,
        session: Some(second),
    };
    done(&mut host, insert).await;
    let agenda = host_json(&addr, &room).await["agenda"].clone();
    let wd = agenda
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["spec"]["kind"] == "weDid")
        .map(|item| ActivityId(item["id"].as_u64().unwrap() as u32))
        .unwrap_or_else(|| panic!("no template's slide on the agenda: {agenda:#}"));
    let spec = ActivitySpec::WeDid(WeDidSpec {
        title: "Jullie zeiden → wij deden".into(),
        source: Some(WeDidSource {
            activity: dv,
            title: "Kies een plan".into(),
        }),
        items: vec![
            WeDidItem {
                said: "Een schooltuin".into(),
                did: "De moestuin achter de kantine is van jullie".into(),
            },
            WeDidItem {
                said: "Langere pauzes".into(),
                did: String::new(),
            },
        ],
        one_by_one: true,
    });
    let update = Act::UpdateActivity { activity: wd, spec };
    done(&mut host, update).await;
    let mut co = co_facilitator(&addr, &room).await;
    done(&mut host, Act::HandOver).await;
    done(&mut co, Act::SetCurrent { activity: Some(wd) }).await;
    done(&mut co, we_did_act(wd, WeDidInput::Start)).await;
    for i in [0, 2] {
        done(&mut phones[i].client, we_did_act(wd, WeDidInput::Seen)).await;
    }
    done(&mut co, we_did_act(wd, WeDidInput::Next)).await;
    done(&mut co, we_did_act(wd, WeDidInput::Back)).await;
    done(&mut co, we_did_act(wd, WeDidInput::ShowAll)).await;
    done(&mut phones[3].client, we_did_act(wd, WeDidInput::Seen)).await;
    done(&mut co, we_did_act(wd, WeDidInput::Close)).await;
    done(&mut co, Act::HandOver).await;
    done(
        &mut host,
        Act::SetCurrent {
            activity: Some(copy),
        },
    )
    .await;
    done(&mut host, check_in_act(copy, CheckInInput::Open)).await;
    for (i, mood) in [(0, 5), (1, 4), (2, 4), (4, 3)] {
        let answer = CheckInInput::Answer { mood, word: None };
        done(&mut phones[i].client, check_in_act(copy, answer)).await;
    }
    done(&mut host, Act::HandOver).await;
    done(&mut co, check_in_act(copy, CheckInInput::Close)).await;
    done(&mut host, Act::TakeLead).await;
    done(&mut host, Act::SetCurrent { activity: None }).await;

    // A timer as the current activity: its time set before the start, run to its end by the
    // server's own `Tick`.
    let spec = ActivitySpec::Timer(TimerSpec {
        title: "Opruimen".into(),
        secs: 120,
        sound: false,
    });
    let tc = add_activity(&addr, &room, &spec).await;
    done(&mut host, Act::SetCurrent { activity: Some(tc) }).await;
    done(&mut host, timer_act(tc, TimerInput::Set { secs: 1 })).await;
    done(&mut host, timer_act(tc, TimerInput::Start)).await;
    host.until(|m| match m {
        ServerMsg::Activity {
            current: Some(ActivityView::Timer(view)),
            ..
        } => matches!(view.phase, TimerPhase::Done { .. }).then_some(()),
        _ => None,
    })
    .await;

    // The end: the room snapshots after its pause; the live export is what the replay must give.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let auth = format!("Bearer {}", room.host_key);
    let live = get_auth(&addr, &format!("/api/rooms/{code}/export.json"), &auth).await;
    assert_eq!(live.status, 200, "{}", live.text());
    let live = normalise(live.json(), &server.base);
    let dir = server.stop().await;
    let stored = dump(&dir.0, &code);
    drop(dir);

    let replayed = restored(&stored, None, "golden-check").await;
    let live = Outputs {
        files: vec![("export.json", live)],
    };
    live.assert_same(
        &replayed,
        "restored from every record, against the live room's export,",
    );
    stored.write(&set);
    replayed.write(&set);
    println!(
        "wrote {} records, snapshots at {} and {} to {}",
        stored.records.len(),
        stored.middle.0,
        stored.end.0,
        set.display()
    );
}

/// Reads the room `code` from a stopped server's data directory kept by [`KEEP_EVERYTHING`].
fn dump(dir: &Path, code: &str) -> Stored {
    let path: PathBuf = dir.join("kring.db");
    let conn = Connection::open(&path).unwrap();
    let meta: String = conn
        .query_row("SELECT meta FROM rooms WHERE code = ?1", [code], |r| {
            r.get(0)
        })
        .unwrap();
    let records: Vec<(i64, String)> = conn
        .prepare("SELECT seq, record FROM events WHERE room = ?1 ORDER BY seq")
        .unwrap()
        .query_map([code], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (i, (seq, _)) in records.iter().enumerate() {
        assert_eq!(*seq, i as i64 + 1, "every record is kept");
    }
    let last = records.len() as u64;
    let snapshots: Vec<(u64, String)> = conn
        .prepare("SELECT seq, state FROM golden_snapshots WHERE room = ?1 ORDER BY seq")
        .unwrap()
        .query_map([code], |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let end = snapshots
        .iter()
        .rfind(|(seq, _)| *seq == last)
        .expect("a snapshot after the last record")
        .clone();
    let middle = snapshots
        .iter()
        .min_by_key(|(seq, _)| seq.abs_diff(last / 2))
        .expect("a snapshot in the middle")
        .clone();
    Stored {
        meta,
        records: records.into_iter().map(|(_, r)| r).collect(),
        middle,
        end,
    }
}
