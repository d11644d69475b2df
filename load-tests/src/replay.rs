//! `--scenario replay`: how long a server takes to restore rooms from their event logs.
//!
//! Writes a realistic log through the server's own store (classes of 30 playing 100-question
//! quizzes: start, 30 answers, close), once with the snapshots the server takes every 1,000
//! records and once without any (the worst case), then times opening the database and
//! replaying each room, as `kring` does at start.

use std::time::Instant;

use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ClientMsgId, Lang, ParticipantId, QuestionSpec,
    QuizInput, QuizSpec, RoomCode,
};
use kring_server::room::{Input, Record, RoomMeta, RoomState, Who};
use kring_server::store::{Durability, Store};

/// The registry entry of `--scenario replay`.
pub const REPLAY: crate::scenario::Scenario = crate::scenario::Scenario::offline(
    "replay",
    "No server: writes a room's event log of --clients records through Kring's store and times restoring it (see replay.rs)",
);

/// Records between snapshots, as the room actor takes them in a class-sized room.
const SNAPSHOT_EVERY: u64 = kring_server::config::SnapshotPolicy::DEFAULT.min_records;
/// Participants per room.
const CLASS: u32 = 30;
/// Questions per quiz.
const QUESTIONS: u32 = 100;

/// What a replay run measured.
#[derive(Debug, serde::Serialize)]
pub struct ReplayReport {
    /// Records per room.
    pub events: u64,
    /// Opening the database and reading both rooms' rows, in ms.
    pub open_ms: f64,
    /// Replaying the room that has snapshots (from its newest snapshot), in ms.
    pub replay_with_snapshots_ms: f64,
    /// Replaying the room without snapshots (every record), in ms.
    pub replay_full_ms: f64,
    /// Records per second of the full replay.
    pub full_replay_events_per_s: f64,
}

/// Builds two rooms of `events` records each in a fresh directory and times their restore.
pub async fn run(events: u64) -> anyhow::Result<ReplayReport> {
    let dir = std::env::temp_dir().join(format!("kring-replay-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let result = measure(&dir, events).await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn measure(dir: &std::path::Path, events: u64) -> anyhow::Result<ReplayReport> {
    let (store, writer, _) = Store::open(dir)?;
    for (code, snapshots) in [("SNAPSH", true), ("NOSNAP", false)] {
        write_room(&store, code, events, snapshots).await?;
    }
    store.flush().await;
    tokio::task::spawn_blocking(move || writer.close()).await?;

    let started = Instant::now();
    let (_store, writer, rooms) = Store::open(dir)?;
    let open_ms = ms(started);
    let mut replay = [0.0; 2];
    for room in rooms {
        let slot = usize::from(room.snapshot.is_none());
        let started = Instant::now();
        let state = kring_server::restore(room)?;
        replay[slot] = ms(started);
        anyhow::ensure!(
            state.seq() == events,
            "restored {} of {events} records",
            state.seq()
        );
    }
    tokio::task::spawn_blocking(move || writer.close()).await?;
    Ok(ReplayReport {
        events,
        open_ms,
        replay_with_snapshots_ms: replay[0],
        replay_full_ms: replay[1],
        full_replay_events_per_s: events as f64 / (replay[1] / 1000.0).max(1e-9),
    })
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

/// Appends `events` records of a class playing quizzes to a new room.
async fn write_room(store: &Store, code: &str, events: u64, snapshots: bool) -> anyhow::Result<()> {
    let meta = RoomMeta {
        code: RoomCode(code.into()),
        title: "Replay".into(),
        host_key: "key".into(),
        seed: 1,
        created_at: 0,
        keeps_times: true,
    };
    store.create(meta.clone()).await?;
    let durability = Durability::new(0);
    let mut state = RoomState::new(meta.clone());
    let mut at = 0;
    let mut next_id = 0u64;
    for (who, input) in class_session() {
        if state.seq() == events {
            break;
        }
        at += 50;
        let input = match input {
            Input::Act { act, .. } => {
                next_id += 1;
                Input::Act {
                    id: Some(ClientMsgId(format!("a{next_id}"))),
                    act,
                }
            }
            other => other,
        };
        let record = Record::new(at, who, input);
        state
            .apply(&record)
            .map_err(|e| anyhow::anyhow!("record {}: {e}", state.seq() + 1))?;
        store.append(
            &meta.code,
            state.seq(),
            serde_json::to_string(&record)?,
            &durability,
        );
        if snapshots && state.seq().is_multiple_of(SNAPSHOT_EVERY) {
            store.snapshot(&meta.code, state.seq(), serde_json::to_string(&state)?);
        }
    }
    anyhow::ensure!(
        state.seq() == events,
        "the generated session ended at {} records",
        state.seq()
    );
    Ok(())
}

/// An endless class session: 30 joins, then quiz after quiz.
fn class_session() -> impl Iterator<Item = (Who, Input)> {
    let joins = (0..CLASS).map(|i| {
        let input = Input::Join {
            nickname: Some(format!("Student {i}")),
            lang: Lang::Nl,
            token: format!("token-{i}"),
        };
        (Who::System, input)
    });
    let quizzes = (1u32..).flat_map(|quiz| {
        let id = ActivityId(quiz);
        let host = |act| (Who::Host, Input::Act { id: None, act });
        let quiz_input = move |input| Act::Activity {
            activity: id,
            input: ActivityInput::Quiz(input),
        };
        let setup = [
            host(Act::AddActivity {
                spec: spec(),
                session: None,
            }),
            host(Act::SetCurrent { activity: Some(id) }),
        ];
        let rounds = (0..QUESTIONS).flat_map(move |question| {
            let start = host(quiz_input(QuizInput::StartQuestion { question }));
            let answers = (0..CLASS).map(move |p| {
                let act = quiz_input(QuizInput::Answer {
                    question,
                    choice: (p + question) % 4,
                });
                (
                    Who::Participant(ParticipantId(p)),
                    Input::Act { id: None, act },
                )
            });
            let close = host(quiz_input(QuizInput::CloseQuestion));
            std::iter::once(start)
                .chain(answers)
                .chain(std::iter::once(close))
        });
        setup.into_iter().chain(rounds)
    });
    joins.chain(quizzes)
}

fn spec() -> ActivitySpec {
    ActivitySpec::Quiz(QuizSpec {
        title: "Herhaling".into(),
        no_ranking: false,
        team_mode: false,
        questions: (0..QUESTIONS)
            .map(|i| QuestionSpec {
                text: format!("Vraag {}", i + 1),
                options: vec!["A".into(), "B".into(), "C".into(), "D".into()],
                correct: vec![i % 4],
                time_limit_secs: 600,
                mode: kring_protocol::AnswerMode::One,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_small_log_replays_completely() {
        let report = run(2_500).await.unwrap();
        assert_eq!(report.events, 2_500);
        assert!(report.replay_full_ms > 0.0);
    }
}
