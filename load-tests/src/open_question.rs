//! The `open-question` scenario: classes answering an open question, its word cloud computed
//! by the server as the answers come.
//!
//! Per room, the host makes an open question (anonymous, a privacy floor of 3, shown as a
//! cloud) current and opens it; every phone gives one short answer within a second of the
//! opening, drawn from a class's typical answers in their Dutch spellings and inflections
//! ("leuk", "Leuke les", "gezellige groep", …: the server folds them into the cloud's words)
//! or, for every fourth phone, a phrase of its own (its number in Dutch words, so the cloud
//! also has many distinct words); the host waits until every phone answered, then closes it.
//! The stage (the report's "question") is 0.
//!
//! `answer_to_ack` is answer → `ack`; `answer_to_projector` is answer → the projector's
//! coalesced count of people who answered includes it.

use std::sync::Arc;
use std::time::Duration;

use anyhow::bail;
use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, OpenDisplay, OpenQuestionInput,
    OpenQuestionPhase, OpenQuestionSpec, ServerMsg,
};
use tokio::sync::watch;

use crate::acting::{self, Actor, Script};
use crate::client::{
    Host, Net, PhoneReport, PhoneSpec, ScreenReport, Shared, Ws, expect_ack, in_words,
};
use crate::scenario::{LoadScenario, PhoneRun, RoomCtx, ScreenRun, Setup};

/// Longest the question waits for every answer.
const STAGE_TIMEOUT: Duration = Duration::from_secs(20);
/// A phone answers within this long of the question opening.
const PACE: (Duration, Duration) = (Duration::ZERO, Duration::from_millis(1000));

/// What a class answers, as students spell it: inflections and plurals the server folds into
/// one word of the cloud.
const ANSWERS: &[&str] = &[
    "leuk",
    "Leuk!",
    "leuke les",
    "gezellig",
    "gezellige groep",
    "saai",
    "interessant",
    "moeilijk",
    "samenwerken",
    "nieuwe dingen",
    "goede uitleg",
    "boeken",
];

/// `--scenario open-question`.
pub struct OpenQuestion;

impl LoadScenario for OpenQuestion {
    const NAME: &'static str = "open-question";
    const ABOUT: &'static str = "Classes answering an open question, the server folding the answers into its word cloud (see open_question.rs)";
    /// The open question's id.
    type Room = ActivityId;

    async fn setup(room: Setup<'_>) -> anyhow::Result<ActivityId> {
        room.add(&spec()).await
    }

    async fn drive(host: &mut Host, question: ActivityId, ctx: RoomCtx<'_>) -> anyhow::Result<()> {
        drive(host, question, ctx.phones).await
    }

    async fn run_phone(run: PhoneRun) -> PhoneReport {
        run_phone(run.net, run.spec, run.shared, run.stop).await
    }

    async fn run_screen(run: ScreenRun) -> ScreenReport {
        run_screen(run.ws, run.room, run.stop).await
    }
}

/// The open question each room adds.
pub fn spec() -> ActivitySpec {
    ActivitySpec::OpenQuestion(OpenQuestionSpec {
        title: "kring-load open question".to_owned(),
        per_person: 3,
        max_chars: 80,
        anonymous: true,
        approve: false,
        display: OpenDisplay::Cloud,
        privacy_floor: 3,
    })
}

/// A host's part: the question opened, answered by every phone, closed. `phones` is how many
/// phones the room has.
pub async fn drive(host: &mut Host, activity: ActivityId, phones: usize) -> anyhow::Result<()> {
    let input = |input: OpenQuestionInput| Act::Activity {
        activity,
        input: ActivityInput::OpenQuestion(input),
    };
    expect_ack(
        host,
        Act::SetCurrent {
            activity: Some(activity),
        },
        "setCurrent",
    )
    .await?;
    expect_ack(host, input(OpenQuestionInput::Open), "open").await?;
    let all = host
        .wait_until(STAGE_TIMEOUT, |h| {
            matches!(&h.current, Some(ActivityView::OpenQuestion(v)) if v.phase == OpenQuestionPhase::Open)
                && h.responded as usize >= phones
        })
        .await?;
    if !all {
        bail!("the open question did not get every answer in time");
    }
    expect_ack(host, input(OpenQuestionInput::Close), "close").await?;
    Ok(())
}

/// Runs one phone of the `open-question` scenario until `stop`.
pub async fn run_phone(
    net: Arc<Net>,
    spec: PhoneSpec,
    shared: Arc<Shared>,
    stop: watch::Receiver<bool>,
) -> PhoneReport {
    acting::run(net, spec, shared, stop, PACE, |_, _| Phone).await
}

/// A phone of the `open-question` scenario: it answers once the question opens.
struct Phone;

impl Script for Phone {
    fn on_msg(&mut self, actor: &mut Actor, msg: ServerMsg) {
        if let ServerMsg::Activity {
            current: Some(ActivityView::OpenQuestion(view)),
            ..
        } = msg
            && view.phase == OpenQuestionPhase::Open
        {
            let text = if actor.spec.index % 4 == 3 {
                in_words(actor.spec.index as u64)
            } else {
                ANSWERS[actor.rng.below(ANSWERS.len() as u64) as usize].to_owned()
            };
            actor.plan(
                0,
                Act::Activity {
                    activity: view.id,
                    input: ActivityInput::OpenQuestion(OpenQuestionInput::Answer { text }),
                },
            );
        }
    }
}

/// Runs a connected projector of the `open-question` scenario until `stop`: records the count
/// of people who answered while it is open.
pub async fn run_screen(ws: Ws, room: usize, stop: watch::Receiver<bool>) -> ScreenReport {
    let stage_of = |view: &ActivityView| match view {
        ActivityView::OpenQuestion(view) if view.phase != OpenQuestionPhase::Lobby => Some(0),
        _ => None,
    };
    acting::watch_progress(ws, room, stop, stage_of, |_, _, _| {}).await
}
