//! The quiz scenarios (`quiz-burst`, `classrooms`) and the connection scenarios (`join-storm`,
//! `idle`), whose phones are the quiz's phones ([`client::run_phone`]) with nothing to answer.
//!
//! `quiz-burst`: one room (or `--rooms M`); the host adds a quiz of `--questions` questions,
//! makes it current, pauses 300 ms and starts each question; every phone answers the moment the
//! question arrives; the question locks early when everyone answered, then after another 300 ms
//! the next one starts. `classrooms`: every room plays its quiz at classroom pace (answers spread
//! over 0.5–4 s, a leaderboard between questions). `join-storm`: phones join and the run
//! measures connect → `welcome`. `idle`: phones join and stay connected for `--hold-secs`.

use std::time::Duration;

use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, QuestionSpec, QuizInput, QuizSpec,
};

use crate::client::{self, Host, Pace, Phase, PhoneReport, PhoneSpec, ScreenReport, expect_ack};
use crate::scenario::{LoadScenario, Measure, PhoneRun, Plan, RoomCtx, ScreenRun, Setup};

/// How a host paces its quiz.
#[derive(Debug, Clone, Copy)]
pub struct QuizPace {
    /// Each question's time limit.
    pub limit: Duration,
    /// Pause after opening the quiz, after each lock and after each leaderboard.
    pub pause: Duration,
    /// Whether a leaderboard follows each question but the last.
    pub leaderboard: bool,
}

/// The quiz each room plays: `questions` four-option questions.
pub fn quiz_spec(questions: u32, time_limit_secs: u32) -> ActivitySpec {
    ActivitySpec::Quiz(QuizSpec {
        title: "kring-load quiz".to_owned(),
        no_ranking: false,
        team_mode: false,
        questions: (0..questions)
            .map(|q| QuestionSpec {
                text: format!("Load question {}", q + 1),
                options: ["A", "B", "C", "D"].map(String::from).to_vec(),
                correct: vec![q % 4],
                time_limit_secs,
                mode: kring_protocol::AnswerMode::One,
            })
            .collect(),
    })
}

/// How a host plays its quiz and its phones answer.
pub struct Play {
    /// Each question's time limit, in seconds.
    limit_secs: u32,
    /// The host's pause after opening the quiz, after each lock and after each leaderboard.
    pause: Duration,
    /// Whether a leaderboard follows each question but the last.
    leaderboard: bool,
    /// When phones answer.
    pace: Pace,
}

/// What tells this file's four scenarios apart: a quiz played one way, or none.
pub trait Style: 'static {
    /// [`LoadScenario::NAME`].
    const NAME: &'static str;
    /// [`LoadScenario::ABOUT`].
    const ABOUT: &'static str;
    /// [`LoadScenario::DEFAULT_ROOMS`].
    const DEFAULT_ROOMS: usize;
    /// [`LoadScenario::MEASURE`].
    const MEASURE: Measure;
    /// The quiz every room plays, if any.
    const PLAY: Option<Play>;
}

/// A scenario of this file: every room plays a quiz of `--questions` questions as `S` says
/// (or none), its phones are the quiz's phones ([`client::run_phone`]) and its projector
/// records every `progress`.
pub struct Quiz<S>(std::marker::PhantomData<S>);

impl<S: Style> LoadScenario for Quiz<S> {
    const NAME: &'static str = S::NAME;
    const ABOUT: &'static str = S::ABOUT;
    const DEFAULT_ROOMS: usize = S::DEFAULT_ROOMS;
    const MEASURE: Measure = S::MEASURE;
    /// The quiz's id, when the scenario plays one.
    type Room = Option<ActivityId>;

    async fn setup(room: Setup<'_>) -> anyhow::Result<Option<ActivityId>> {
        match &S::PLAY {
            Some(play) => {
                let spec = quiz_spec(room.plan.questions, play.limit_secs);
                Ok(Some(room.add(&spec).await?))
            }
            None => Ok(None),
        }
    }

    async fn drive(
        host: &mut Host,
        quiz: Option<ActivityId>,
        ctx: RoomCtx<'_>,
    ) -> anyhow::Result<()> {
        let (Some(play), Some(quiz)) = (&S::PLAY, quiz) else {
            return Ok(());
        };
        let pace = QuizPace {
            limit: Duration::from_secs(u64::from(play.limit_secs)),
            pause: play.pause,
            leaderboard: play.leaderboard,
        };
        run_quiz(host, ctx.plan.questions, quiz, pace).await
    }

    async fn run_phone(run: PhoneRun) -> PhoneReport {
        let pace = S::PLAY.as_ref().map_or(Pace::Never, |play| play.pace);
        let spec = PhoneSpec { pace, ..run.spec };
        client::run_phone(run.net, spec, run.shared, run.stop).await
    }

    async fn run_screen(run: ScreenRun) -> ScreenReport {
        client::run_screen(run.ws, run.room, run.stop).await
    }

    fn questions(plan: &Plan) -> u32 {
        if S::PLAY.is_some() { plan.questions } else { 0 }
    }
}

/// `--scenario quiz-burst`.
pub type QuizBurst = Quiz<Burst>;
/// `--scenario classrooms`.
pub type Classrooms = Quiz<InClass>;
/// `--scenario join-storm`.
pub type JoinStorm = Quiz<Joining>;
/// `--scenario idle`.
pub type Idle = Quiz<Idling>;

/// [`QuizBurst`].
pub struct Burst;

impl Style for Burst {
    const NAME: &'static str = "quiz-burst";
    const ABOUT: &'static str = "One room; every phone answers each question the moment it arrives";
    const DEFAULT_ROOMS: usize = 1;
    const MEASURE: Measure = Measure::Drive;
    const PLAY: Option<Play> = Some(Play {
        limit_secs: 15,
        pause: Duration::from_millis(300),
        leaderboard: false,
        pace: Pace::Burst,
    });
}

/// [`Classrooms`].
pub struct InClass;

impl Style for InClass {
    const NAME: &'static str = "classrooms";
    const ABOUT: &'static str =
        "Several rooms running a quiz at once, answers spread over a few seconds";
    const DEFAULT_ROOMS: usize = 10;
    const MEASURE: Measure = Measure::Drive;
    const PLAY: Option<Play> = Some(Play {
        limit_secs: 20,
        pause: Duration::from_millis(1500),
        leaderboard: true,
        pace: Pace::Spread {
            min: Duration::from_millis(500),
            max: Duration::from_millis(4000),
        },
    });
}

/// [`JoinStorm`].
pub struct Joining;

impl Style for Joining {
    const NAME: &'static str = "join-storm";
    const ABOUT: &'static str = "Phones join within a few seconds; measures connect → welcome";
    const DEFAULT_ROOMS: usize = 1;
    const MEASURE: Measure = Measure::Settle;
    const PLAY: Option<Play> = None;
}

/// [`Idle`].
pub struct Idling;

impl Style for Idling {
    const NAME: &'static str = "idle";
    const ABOUT: &'static str =
        "Phones connect and stay idle; measures the server's memory per connection";
    const DEFAULT_ROOMS: usize = 1;
    const MEASURE: Measure = Measure::Hold;
    const PLAY: Option<Play> = None;
}

/// Plays the quiz: current, a pause, then each question: start, wait for the lock (everyone
/// answered, or the deadline), close it by hand if the server has not, pause; finally the podium.
pub async fn run_quiz(
    host: &mut Host,
    questions: u32,
    quiz: ActivityId,
    pace: QuizPace,
) -> anyhow::Result<()> {
    let input = |input: QuizInput| Act::Activity {
        activity: quiz,
        input: ActivityInput::Quiz(input),
    };
    expect_ack(
        host,
        Act::SetCurrent {
            activity: Some(quiz),
        },
        "setCurrent",
    )
    .await?;
    // A teacher opens the quiz, then starts it. The pause also lets this process read the
    // quiz broadcast on every phone first: otherwise the first question's latency would
    // measure how far kring-load itself is behind, not the server.
    host.idle(pace.pause).await?;
    let limit = pace.limit;
    for q in 0..questions {
        expect_ack(
            host,
            input(QuizInput::StartQuestion { question: q }),
            "startQuestion",
        )
        .await?;
        let locked = host
            .wait_phase(limit + Duration::from_secs(3), |p| p == Phase::Reveal(q))
            .await?;
        if !locked {
            expect_ack(host, input(QuizInput::CloseQuestion), "closeQuestion").await?;
        }
        host.idle(pace.pause).await?;
        if pace.leaderboard && q + 1 < questions {
            expect_ack(host, input(QuizInput::ShowLeaderboard), "showLeaderboard").await?;
            host.idle(pace.pause).await?;
        }
    }
    expect_ack(host, input(QuizInput::ShowPodium), "showPodium").await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quiz_is_valid() {
        let ActivitySpec::Quiz(quiz) = quiz_spec(5, 15) else {
            unreachable!()
        };
        assert_eq!(quiz.questions.len(), 5);
        for q in &quiz.questions {
            assert_eq!(q.options.len(), 4);
            assert!(q.correct.iter().all(|&c| c < 4));
        }
    }
}
