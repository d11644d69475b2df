//! The `empty-chair` scenario: a class runs a check-in and a wall live, the teacher leaves both
//! open for the empty chair, and the students who were absent come back and add their voice.
//!
//! Per room, the last [`late_in`] phones (10, or half a small room) are the absent ones: they
//! are connected but do nothing during the lesson. The host makes a check-in current and opens
//! it; every other phone answers (stage 0); the host closes it, opens a live wall, every other
//! phone adds an idea (stage 1), the host closes it, goes back to the lobby and leaves both open
//! until tomorrow (`leaveOpen`). Each absent phone, told by its `you` that two chairs are open,
//! closes its socket and comes back with its token (a student opening the link later), then
//! answers the check-in's chair (stage 2) and adds an idea to the wall's (stage 3). The room
//! is over when every absent phone's idea is acknowledged.
//!
//! `answer_to_ack` is action → `ack` for live and late input alike; `answer_to_projector` is a
//! live answer → the projector's coalesced count (late input reaches the projector only from 3
//! late contributors, as a whole view: it is not timed).

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, BrainstormInput, BrainstormPhase,
    BrainstormSpec, CheckInInput, CheckInPhase, CheckInSpec, LikesMode, ServerMsg, WallMode,
};

use crate::acting::{self, Actor, Script};
use crate::client::{Host, PhoneReport, ScreenReport, Shared, expect_ack};
use crate::scenario::{LoadScenario, PhoneRun, Plan, RoomCtx, ScreenRun, Setup};

/// A phone acts within this long of being able to.
const PACE: (Duration, Duration) = (Duration::from_millis(100), Duration::from_millis(1000));
/// How long the chairs stay open.
const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// The stages: live check-in, live idea, late check-in, late idea.
const LIVE_CHECK_IN: u32 = 0;
const LIVE_IDEA: u32 = 1;
const LATE_CHECK_IN: u32 = 2;
const LATE_IDEA: u32 = 3;

/// `--scenario empty-chair`.
pub struct EmptyChair;

impl LoadScenario for EmptyChair {
    const NAME: &'static str = "empty-chair";
    const ABOUT: &'static str = "A class runs a check-in and a wall live, then the absent phones come back and add their voice through the empty chair (see empty_chair.rs)";
    /// The check-in's and the wall's ids.
    type Room = (ActivityId, ActivityId);

    async fn setup(room: Setup<'_>) -> anyhow::Result<(ActivityId, ActivityId)> {
        Ok((room.add(&check_in()).await?, room.add(&wall()).await?))
    }

    async fn drive(
        host: &mut Host,
        (check_in, wall): (ActivityId, ActivityId),
        ctx: RoomCtx<'_>,
    ) -> anyhow::Result<()> {
        let late = late_in(ctx.phones) as u64;
        let live = ctx.phones as u64 - late;
        let (room, shared) = (ctx.room, ctx.shared);
        let current = |activity| Act::SetCurrent {
            activity: Some(activity),
        };
        let check_in_input = |input| Act::Activity {
            activity: check_in,
            input: ActivityInput::CheckIn(input),
        };
        let wall_input = |input| Act::Activity {
            activity: wall,
            input: ActivityInput::Brainstorm(input),
        };
        expect_ack(host, current(check_in), "setCurrent").await?;
        expect_ack(host, check_in_input(CheckInInput::Open), "open").await?;
        wait_finished(host, shared, key(room, LIVE_CHECK_IN), live).await?;
        expect_ack(host, check_in_input(CheckInInput::Close), "close").await?;
        expect_ack(host, current(wall), "setCurrent").await?;
        expect_ack(host, wall_input(BrainstormInput::Open), "open").await?;
        wait_finished(host, shared, key(room, LIVE_IDEA), live).await?;
        expect_ack(host, wall_input(BrainstormInput::Close), "close").await?;
        expect_ack(host, Act::SetCurrent { activity: None }, "lobby").await?;
        let until = tomorrow();
        for activity in [check_in, wall] {
            let leave = Act::LeaveOpen {
                activity,
                until: Some(until),
            };
            expect_ack(host, leave, "leaveOpen").await?;
        }
        wait_finished(host, shared, key(room, LATE_IDEA), late).await
    }

    async fn run_phone(run: PhoneRun) -> PhoneReport {
        let late = is_late(&run.plan, run.spec.index, run.spec.room);
        let (room, shared) = (run.spec.room, run.shared.clone());
        acting::run(
            run.net,
            run.spec,
            run.shared,
            run.stop,
            PACE,
            move |_, _| Phone {
                late,
                room,
                shared,
                check_in: None,
                wall: None,
                coming_back: false,
            },
        )
        .await
    }

    async fn run_screen(run: ScreenRun) -> ScreenReport {
        let stage_of = |view: &ActivityView| match view {
            ActivityView::CheckIn(v) if v.phase == CheckInPhase::Open => Some(LIVE_CHECK_IN),
            ActivityView::Brainstorm(v) if v.phase == BrainstormPhase::Open => Some(LIVE_IDEA),
            _ => None,
        };
        acting::watch_progress(run.ws, run.room, run.stop, stage_of, |_, _, _| {}).await
    }
}

/// The absent phones of a room of `phones`: 10, or half of a smaller room.
pub fn late_in(phones: usize) -> usize {
    10.min(phones / 2)
}

/// Whether phone `index` (of room `room`) is one of its room's absent ones: the last ones of
/// the room (phone `i` is in room `i mod M`).
pub fn is_late(plan: &Plan, index: usize, room: usize) -> bool {
    let rooms = plan.rooms.max(1);
    let phones = (plan.clients + rooms - 1 - room) / rooms;
    index / rooms >= phones - late_in(phones)
}

/// A day from now, ms since the UNIX epoch: how long chairs stay open.
pub fn tomorrow() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
        + DAY_MS
}

/// Marks the answer of `stage` as one the projector never counts (late input is shown only
/// as a whole, from 3 late voices), so it is not timed there.
pub fn not_timed_on_projector(actor: &mut Actor, stage: u32) {
    let stage = actor.base + stage;
    if let Some(answer) = actor
        .report
        .answers
        .iter_mut()
        .rev()
        .find(|a| a.question == stage)
    {
        answer.shown = false;
    }
}

/// The key of a room's stage in [`Shared::finished`].
fn key(room: usize, stage: u32) -> usize {
    room * 4 + stage as usize
}

/// Reads on (so the host never backs up) until `n` phones of the stage `key` finished.
pub async fn wait_finished(
    host: &mut Host,
    shared: &Shared,
    key: usize,
    n: u64,
) -> anyhow::Result<()> {
    while shared.finished(key) < n {
        host.idle(Duration::from_millis(50)).await?;
    }
    Ok(())
}

/// The check-in each room runs: faces with a word, anonymous, a floor of 3.
fn check_in() -> ActivitySpec {
    ActivitySpec::CheckIn(CheckInSpec {
        title: "kring-load check-in".to_owned(),
        words: true,
        anonymous: true,
        privacy_floor: 3,
    })
}

/// The wall each room runs: live, anonymous, likes on.
fn wall() -> ActivitySpec {
    ActivitySpec::Brainstorm(BrainstormSpec {
        title: "kring-load wall".to_owned(),
        per_person: 3,
        max_chars: 140,
        by_team: false,
        anonymous: true,
        mode: WallMode::Live,
        likes: LikesMode::Live,
    })
}

/// A phone of the `empty-chair` scenario.
struct Phone {
    /// One of the absent: nothing live, everything through the chairs.
    late: bool,
    room: usize,
    shared: Arc<Shared>,
    check_in: Option<ActivityId>,
    wall: Option<ActivityId>,
    /// Closing its socket to come back with its token, then adding its voice.
    coming_back: bool,
}

impl Phone {
    fn idea(actor: &mut Actor) -> String {
        format!(
            "Idee {}",
            crate::client::spelled(actor.rng.below(1_000_000))
        )
    }

    fn late_check_in(&self, actor: &mut Actor) {
        if let Some(activity) = self.check_in {
            let mood = 1 + actor.rng.below(5) as u32;
            let input = ActivityInput::CheckIn(CheckInInput::Answer { mood, word: None });
            actor.plan(LATE_CHECK_IN, Act::Chair { activity, input });
        }
    }
}

impl Script for Phone {
    fn on_msg(&mut self, actor: &mut Actor, msg: ServerMsg) {
        match msg {
            ServerMsg::Activity {
                current: Some(view),
                ..
            } => match view {
                ActivityView::CheckIn(v) => {
                    self.check_in = Some(v.id);
                    if !self.late && v.phase == CheckInPhase::Open {
                        let mood = 1 + actor.rng.below(5) as u32;
                        let input = ActivityInput::CheckIn(CheckInInput::Answer {
                            mood,
                            word: Some("goed".into()),
                        });
                        actor.plan(
                            LIVE_CHECK_IN,
                            Act::Activity {
                                activity: v.id,
                                input,
                            },
                        );
                    }
                }
                ActivityView::Brainstorm(v) => {
                    self.wall = Some(v.id);
                    if !self.late && v.phase == BrainstormPhase::Open {
                        let text = Phone::idea(actor);
                        let input = ActivityInput::Brainstorm(BrainstormInput::Add { text });
                        actor.plan(
                            LIVE_IDEA,
                            Act::Activity {
                                activity: v.id,
                                input,
                            },
                        );
                    }
                }
                _ => {}
            },
            // Back with its token (the resume hands the script the lobby): add its voice.
            ServerMsg::Activity { current: None, .. } if self.coming_back => {
                self.coming_back = false;
                self.late_check_in(actor);
            }
            ServerMsg::You { me }
                if self.late
                    && me.chairs.len() == 2
                    && !actor.planned(LATE_CHECK_IN)
                    && !self.coming_back =>
            {
                self.coming_back = true;
                actor.reconnect = true;
            }
            _ => {}
        }
    }

    fn on_acked(&mut self, actor: &mut Actor, stage: u32) {
        match stage {
            LIVE_CHECK_IN | LIVE_IDEA => self.shared.finish(key(self.room, stage)),
            LATE_CHECK_IN => {
                if let Some(activity) = self.wall {
                    let text = Phone::idea(actor);
                    let input = ActivityInput::Brainstorm(BrainstormInput::Add { text });
                    actor.plan(LATE_IDEA, Act::Chair { activity, input });
                }
            }
            _ => self.shared.finish(key(self.room, LATE_IDEA)),
        }
        if stage >= LATE_CHECK_IN {
            not_timed_on_projector(actor, stage);
        }
    }
}
