//! The `school-day` scenario: a whole school's classrooms each running a period at once.
//!
//! Every room runs the same agenda at human pace, rooms starting staggered over `--ramp-secs`
//! (room `r` of `R` at `r/R` of it): its phones join, then the host plays a quiz of
//! [`QUESTIONS`] questions (with a leaderboard after each), lets the class pick teams and deals
//! role cards, runs a team-name round (propose, vote, reveal), a live brainstorm wall (every
//! phone adds an idea and likes a card of someone else), a dot-vote, and a pitch round in which
//! every phone rates every other team's pitch. Every phone action comes after a think time
//! drawn log-normally around `--think-secs` ([`SplitMix::think`]). One phone in
//! [`RECONNECT_EVERY`] closes its socket after the quiz and resumes with its token, as a phone
//! that locked does.
//!
//! The phone reuses the scripts of the `teams` and `pitches` scenarios, the host the drivers
//! of `teams`, `brainstorm`/`dot-vote` and `pitches`. Each part has its own range of stages (the
//! report's "question") so that latencies can be reported per action kind ([`kinds`]):
//! action → `ack`, action → the projector shows a count that includes it, and phase change
//! (the host's action that opens it) → the phone sees it.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kring_protocol::{
    Act, ActivityChange, ActivityId, ActivityInput, ActivityView, BrainstormChange,
    BrainstormInput, BrainstormPhase, DotVoteInput, DotVotePhase, ErrorCode, Personal,
    PitchesInput, PitchesPhase, QuizInput, QuizPhase, ServerMsg, TeamFormation, TeamNamesInput,
    TeamNamesPhase,
};
use tokio::sync::watch;

use crate::acting::{self, Actor, Script};
use crate::client::{
    self, Host, HostReport, Net, PhoneReport, PhoneSpec, ScreenReport, Shared, Ws,
};
use crate::metrics::KindReport;
use crate::scenario::{QuizPace, collect};
use crate::{pitches, teams, wall};

/// Questions in each room's quiz.
pub const QUESTIONS: u32 = 5;
/// Each question's time limit.
const QUESTION_SECS: u32 = 30;
/// One phone in this many reconnects after the quiz.
pub const RECONNECT_EVERY: usize = 15;
/// Longest a room waits for its phones to join.
const JOIN_TIMEOUT: Duration = Duration::from_secs(60);

/// First stage of each part (quiz questions are stages `0..QUESTIONS`).
const TEAMS: u32 = 10;
/// Team picks, proposals and votes are the `teams` scenario's stages 0, 1, 2 after [`TEAMS`].
const PICK: u32 = TEAMS;
const PROPOSE: u32 = TEAMS + 1;
const VOTE: u32 = TEAMS + 2;
const IDEA: u32 = 20;
const LIKE: u32 = 21;
const DOTS: u32 = 30;
/// Pitch ratings: stage `PITCHES + place in the order`.
const PITCHES: u32 = 40;

/// Action kinds reported separately, with their stages.
const KINDS: [(&str, std::ops::Range<u32>); 8] = [
    ("quiz answer", 0..QUESTIONS),
    ("team pick", PICK..PICK + 1),
    ("team-name proposal", PROPOSE..PROPOSE + 1),
    ("team-name vote", VOTE..VOTE + 1),
    ("idea", IDEA..IDEA + 1),
    ("like", LIKE..LIKE + 1),
    ("dot-vote", DOTS..DOTS + 1),
    ("pitch rating", PITCHES..PITCHES + 100),
];

/// The activities of one room's agenda.
#[derive(Debug, Clone, Copy)]
pub struct Agenda {
    /// The quiz.
    pub quiz: ActivityId,
    /// The team-name round.
    pub names: ActivityId,
    /// The brainstorm wall.
    pub wall: ActivityId,
    /// The dot-vote.
    pub vote: ActivityId,
    /// The pitch round.
    pub pitches: ActivityId,
}

/// The specs of the agenda, in the order [`Agenda`] holds them.
pub fn specs() -> [kring_protocol::ActivitySpec; 5] {
    [
        crate::scenario::quiz_spec(QUESTIONS, QUESTION_SECS),
        teams::names_spec(),
        wall::wall_spec(),
        wall::vote_spec(),
        pitches::spec(),
    ]
}

/// How the day is paced, shared by hosts and phones.
#[derive(Debug, Clone, Copy)]
pub struct Day {
    /// Rooms in the run.
    pub rooms: usize,
    /// Rooms start spread over this long.
    pub stagger: Duration,
    /// Median think time of a phone and of a teacher between steps.
    pub think: Duration,
}

impl Day {
    /// When room `room` starts.
    pub fn start(&self, room: usize) -> Duration {
        crate::scenario::start_delay(room, self.rooms, self.stagger)
    }

    /// Think times are clamped to this range: quick taps, and never past a question's limit.
    fn pace(&self) -> (Duration, Duration) {
        let max = self
            .think
            .mul_f64(6.0)
            .min(Duration::from_secs(u64::from(QUESTION_SECS) / 2));
        (self.think / 5, max)
    }

    /// Key of `room`'s counter `slot` in [`Shared::finished`]: 0 joined, 1 wall, 2 vote.
    fn key(&self, slot: usize, room: usize) -> usize {
        slot * self.rooms + room
    }
}

/// The stage an action of the host opens (for phase change → phone), given the current view.
fn opener(act: &Act, current: Option<&ActivityView>) -> Option<u32> {
    match act {
        Act::FormTeams {
            formation: TeamFormation::Pick { .. },
        } => Some(PICK),
        Act::Activity { input, .. } => match input {
            ActivityInput::Quiz(QuizInput::StartQuestion { question }) => Some(*question),
            ActivityInput::TeamNames(TeamNamesInput::StartProposing) => Some(PROPOSE),
            ActivityInput::TeamNames(TeamNamesInput::StartVoting) => Some(VOTE),
            ActivityInput::Brainstorm(BrainstormInput::Open) => Some(IDEA),
            ActivityInput::DotVote(DotVoteInput::Open) => Some(DOTS),
            ActivityInput::Pitches(PitchesInput::OpenFeedback) => match current {
                Some(ActivityView::Pitches(view)) => match view.phase {
                    PitchesPhase::Pitch { index, .. } => Some(PITCHES + index),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// The stage whose phase a view shows phones, if any.
fn phase_stage(view: &ActivityView) -> Option<u32> {
    match view {
        ActivityView::Quiz(quiz) => match quiz.phase {
            QuizPhase::Question { index, .. } => Some(index),
            _ => None,
        },
        ActivityView::TeamNames(names) => match names.phase {
            TeamNamesPhase::Propose { .. } => Some(PROPOSE),
            TeamNamesPhase::Vote { .. } => Some(VOTE),
            _ => None,
        },
        ActivityView::Brainstorm(wall) => (wall.phase == BrainstormPhase::Open).then_some(IDEA),
        ActivityView::DotVote(vote) => (vote.phase == DotVotePhase::Voting).then_some(DOTS),
        ActivityView::Pitches(round) => match round.phase {
            PitchesPhase::Feedback { index, .. } => Some(PITCHES + index),
            _ => None,
        },
        // Not in a school day's period (yet).
        ActivityView::CheckIn(_)
        | ActivityView::StatementScale(_)
        | ActivityView::OpenQuestion(_)
        | ActivityView::CardSort(_)
        | ActivityView::Timer(_) => None,
    }
}

/// A host's day in room `room` of `phones` phones: wait for its start and its phones, then the
/// agenda.
pub async fn drive(
    host: &mut Host,
    agenda: Agenda,
    (day, room, phones): (Day, usize, usize),
    shared: &Shared,
) -> anyhow::Result<()> {
    host.stamp = opener;
    host.idle(day.start(room)).await?;
    let joined_by = Instant::now() + JOIN_TIMEOUT;
    while shared.finished(day.key(0, room)) < phones as u64 {
        if Instant::now() > joined_by {
            anyhow::bail!("not every phone joined room {room} in time");
        }
        host.idle(Duration::from_millis(50)).await?;
    }
    let pace = QuizPace {
        limit: Duration::from_secs(u64::from(QUESTION_SECS)),
        pause: day.think,
        leaderboard: true,
    };
    crate::scenario::run_quiz(host, QUESTIONS, agenda.quiz, pace).await?;
    host.idle(day.think).await?;
    teams::drive(host, agenda.names, phones).await?;
    host.idle(day.think).await?;
    let wall = (day.key(1, room), phones);
    wall::drive(host, wall::Kind::Wall, agenda.wall, wall, shared).await?;
    host.idle(day.think).await?;
    let vote = (day.key(2, room), phones);
    wall::drive(host, wall::Kind::Vote, agenda.vote, vote, shared).await?;
    host.idle(day.think).await?;
    pitches::run_round(host, agenda.pitches, phones).await
}

/// Runs one phone of the school day until `stop`.
pub async fn run_phone(
    net: Arc<Net>,
    mut spec: PhoneSpec,
    shared: Arc<Shared>,
    day: Day,
    stop: watch::Receiver<bool>,
) -> PhoneReport {
    // Phones join their room as it starts, a few a second.
    let place = spec.index / day.rooms;
    spec.start_delay = day.start(spec.room) + Duration::from_millis(20 * place as u64);
    let reconnects = spec.index % RECONNECT_EVERY == RECONNECT_EVERY / 2;
    let finished = shared.clone();
    acting::run(net, spec, shared, stop, day.pace(), move |view, actor| {
        actor.median = Some(day.think);
        finished.finish(day.key(0, actor.spec.room));
        let mut phone = Phone {
            shared: finished,
            day,
            teams: teams::Phone::new(view.teams),
            pitches: pitches::Phone { team: None },
            seen: HashSet::new(),
            wall: None,
            others: Vec::new(),
            own: HashSet::new(),
            reconnects,
        };
        actor.base = TEAMS;
        phone.teams.plan_pick(actor);
        actor.base = 0;
        if let Some(current) = view.current {
            phone.on_msg(
                actor,
                ServerMsg::Activity {
                    seq: 0,
                    server_now: 0,
                    current: Some(current),
                },
            );
        }
        phone
    })
    .await
}

/// What a phone of the school day knows.
struct Phone {
    shared: Arc<Shared>,
    day: Day,
    /// The `teams` scenario's phone: picks a team, proposes and votes for names.
    teams: teams::Phone,
    /// The `pitches` scenario's phone: rates the other teams' pitches.
    pitches: pitches::Phone,
    /// Stages whose phase this phone has seen.
    seen: HashSet<u32>,
    /// The open wall.
    wall: Option<ActivityId>,
    /// Cards of others on the wall.
    others: Vec<u32>,
    /// Its own cards.
    own: HashSet<u32>,
    /// Whether it reconnects after the quiz (still to do).
    reconnects: bool,
}

impl Phone {
    /// Records when a phase was first seen (phase change → phone).
    fn saw(&mut self, actor: &mut Actor, stage: u32) {
        if self.seen.insert(stage) {
            actor.report.questions.push((stage, Instant::now()));
        }
    }

    /// After its idea was acknowledged, likes a card of someone else (once one is there).
    fn plan_like(&mut self, actor: &mut Actor) {
        let Some(wall) = self.wall else { return };
        if !actor.planned(IDEA) || actor.planned(LIKE) || self.others.is_empty() {
            return;
        }
        let card = self.others[actor.rng.below(self.others.len() as u64) as usize];
        actor.plan(
            LIKE,
            Act::Activity {
                activity: wall,
                input: ActivityInput::Brainstorm(BrainstormInput::Like { card, like: true }),
            },
        );
    }

    fn saw_card(&mut self, card: u32) {
        if !self.own.contains(&card) && !self.others.contains(&card) {
            self.others.push(card);
        }
    }
}

impl Script for Phone {
    fn on_msg(&mut self, actor: &mut Actor, msg: ServerMsg) {
        // The teams and pitches scripts plan in their own ranges of stages.
        match &msg {
            ServerMsg::Teams { teams, .. } if teams.picking.is_some() => self.saw(actor, PICK),
            ServerMsg::Activity {
                current: Some(view),
                ..
            } => {
                if let Some(stage) = phase_stage(view) {
                    self.saw(actor, stage);
                }
            }
            _ => {}
        }
        if matches!(
            &msg,
            ServerMsg::Teams { .. }
                | ServerMsg::You { .. }
                | ServerMsg::Activity {
                    current: Some(ActivityView::TeamNames(_)),
                    ..
                }
        ) {
            actor.base = TEAMS;
            self.teams.on_msg(actor, msg.clone());
        }
        if matches!(
            &msg,
            ServerMsg::You { .. }
                | ServerMsg::Activity {
                    current: Some(ActivityView::Pitches(_)),
                    ..
                }
        ) {
            actor.base = PITCHES;
            self.pitches.on_msg(actor, msg.clone());
        }
        actor.base = 0;
        match msg {
            ServerMsg::Activity {
                current: Some(ActivityView::Quiz(quiz)),
                ..
            } => match quiz.phase {
                QuizPhase::Question {
                    index, question, ..
                } => {
                    let choice = actor.rng.below(question.options.len().max(1) as u64) as u32;
                    let input = QuizInput::Answer {
                        question: index,
                        choice,
                    };
                    actor.plan(
                        index,
                        Act::Activity {
                            activity: quiz.id,
                            input: ActivityInput::Quiz(input),
                        },
                    );
                }
                QuizPhase::Podium { .. } if self.reconnects => {
                    self.reconnects = false;
                    actor.reconnect = true;
                }
                _ => {}
            },
            ServerMsg::Activity {
                current: Some(ActivityView::Brainstorm(view)),
                ..
            } => {
                for card in &view.cards {
                    self.saw_card(card.id);
                }
                if view.phase == BrainstormPhase::Open {
                    self.wall = Some(view.id);
                    let text = format!(
                        "Idee {} van telefoon {}",
                        client::in_words(u64::from(view.id.0)),
                        client::in_words(actor.spec.index as u64)
                    );
                    actor.plan(
                        IDEA,
                        Act::Activity {
                            activity: view.id,
                            input: ActivityInput::Brainstorm(BrainstormInput::Add { text }),
                        },
                    );
                }
            }
            ServerMsg::Activity {
                current: Some(ActivityView::DotVote(view)),
                ..
            } if view.phase == DotVotePhase::Voting => {
                let ballot = wall::ballot(&mut actor.rng);
                actor.plan(
                    DOTS,
                    Act::Activity {
                        activity: view.id,
                        input: ActivityInput::DotVote(DotVoteInput::Place { ballot }),
                    },
                );
            }
            ServerMsg::Changes { changes, .. } => {
                for change in changes {
                    if let ActivityChange::Brainstorm(BrainstormChange::Card { card, .. }) = change
                    {
                        self.saw_card(card.id);
                    }
                }
                self.plan_like(actor);
            }
            ServerMsg::You { me } => {
                if let Some(Personal::Brainstorm(mine)) = me.personal {
                    for idea in mine.mine {
                        self.own.insert(idea.id);
                        self.others.retain(|&c| c != idea.id);
                    }
                }
            }
            _ => {}
        }
    }

    fn on_refused(&mut self, actor: &mut Actor, stage: u32, code: ErrorCode) -> bool {
        if stage != PICK {
            return false;
        }
        actor.base = TEAMS;
        let expected = self.teams.on_refused(actor, stage - TEAMS, code);
        actor.base = 0;
        expected
    }

    fn on_acked(&mut self, actor: &mut Actor, stage: u32) {
        match stage {
            IDEA => self.plan_like(actor),
            LIKE => self.shared.finish(self.day.key(1, actor.spec.room)),
            DOTS => self.shared.finish(self.day.key(2, actor.spec.room)),
            _ => {}
        }
    }
}

/// Runs a connected projector of the school day until `stop`: records, per stage, every count
/// it shows (quiz and team-name `progress` and the reveal's count, members while picking,
/// cards and likes on the wall, voters, ratings per pitch).
pub async fn run_screen(ws: Ws, room: usize, stop: watch::Receiver<bool>) -> ScreenReport {
    let mut wall = wall::WallCounts::default();
    let mut stage: Option<u32> = None;
    client::watch_screen(ws, room, stop, move |msg, received, report| {
        let counts = wall.follow(&msg);
        match msg {
            ServerMsg::Activity { current, .. } => {
                stage = current.as_ref().and_then(|view| match view {
                    ActivityView::Quiz(quiz) => match quiz.phase {
                        QuizPhase::Question { index, .. } | QuizPhase::Reveal { index, .. } => {
                            Some(index)
                        }
                        _ => None,
                    },
                    ActivityView::Pitches(round) => match round.phase {
                        PitchesPhase::Feedback { index, .. }
                        | PitchesPhase::Closed { index, .. } => Some(PITCHES + index),
                        _ => None,
                    },
                    ActivityView::Brainstorm(_) => None,
                    view => phase_stage(view),
                });
                match current {
                    Some(ActivityView::Quiz(quiz)) => {
                        if let QuizPhase::Reveal {
                            index, answered, ..
                        } = quiz.phase
                        {
                            report.progress.push((index, received, answered));
                        }
                    }
                    Some(view @ ActivityView::DotVote(_)) => {
                        if let Some(voters) = wall::revealed_voters(&view) {
                            report.progress.push((DOTS, received, voters));
                        }
                    }
                    _ => {}
                }
            }
            ServerMsg::Progress { responded, .. } => {
                if let Some(stage) = stage {
                    report.progress.push((stage, received, responded));
                }
            }
            ServerMsg::Teams { teams, .. } if teams.picking.is_some() => {
                let members = teams.teams.iter().map(|t| t.size).sum();
                report.progress.push((PICK, received, members));
            }
            _ => {}
        }
        if let Some((cards, likes)) = counts {
            report.progress.push((IDEA, received, cards));
            report.progress.push((LIKE, received, likes));
        }
    })
    .await
}

/// Latencies per action kind: each kind's records alone through [`collect`].
pub fn kinds(
    phones: &[PhoneReport],
    hosts: &[HostReport],
    screens: &[ScreenReport],
) -> Vec<KindReport> {
    KINDS
        .iter()
        .map(|(name, stages)| {
            let phones: Vec<PhoneReport> = phones
                .iter()
                .map(|p| PhoneReport {
                    answers: within(&p.answers, stages, |a| a.question),
                    questions: within(&p.questions, stages, |&(q, _)| q),
                    joined: None,
                    errors: Vec::new(),
                    ..p.clone()
                })
                .collect();
            let hosts: Vec<HostReport> = hosts
                .iter()
                .map(|h| HostReport {
                    sent: 0,
                    acked: 0,
                    refused: 0,
                    errors: Vec::new(),
                    ..h.clone()
                })
                .collect();
            let screens: Vec<ScreenReport> = screens
                .iter()
                .map(|s| ScreenReport {
                    progress: within(&s.progress, stages, |&(q, _, _)| q),
                    errors: Vec::new(),
                    ..s.clone()
                })
                .collect();
            let c = collect(&phones, &hosts, &screens);
            KindReport {
                kind: (*name).to_owned(),
                actions: c.actions_sent,
                acked: c.actions_acked,
                answer_to_ack: c.answer_to_ack.summary(),
                answer_to_projector: c.answer_to_projector.summary(),
                phase_to_phone: c.question_to_phone.summary(),
            }
        })
        .collect()
}

/// The records of `items` whose stage is one of `stages`.
fn within<T: Clone>(
    items: &[T],
    stages: &std::ops::Range<u32>,
    stage: impl Fn(&T) -> u32,
) -> Vec<T> {
    items
        .iter()
        .filter(|item| stages.contains(&stage(item)))
        .cloned()
        .collect()
}

/// Reconnects done by all phones.
pub fn reconnects(phones: &[PhoneReport]) -> u64 {
    phones.iter().map(|p| u64::from(p.reconnects)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::SplitMix;

    #[test]
    fn the_agenda_is_valid_for_the_server() {
        use kring_server::room::Activity;
        for (i, spec) in specs().into_iter().enumerate() {
            Activity::new(ActivityId(i as u32 + 1), spec).expect("a valid spec");
        }
    }

    #[test]
    fn think_times_spread_around_the_median_within_bounds() {
        let day = Day {
            rooms: 1,
            stagger: Duration::ZERO,
            think: Duration::from_secs(4),
        };
        let (min, max) = day.pace();
        let mut rng = SplitMix::new(3);
        let mut times: Vec<Duration> = (0..2000).map(|_| rng.think(day.think, min, max)).collect();
        times.sort_unstable();
        assert!(times.iter().all(|t| (min..=max).contains(t)));
        assert!(max < Duration::from_secs(u64::from(QUESTION_SECS)));
        let median = times[times.len() / 2].as_secs_f64();
        assert!((3.6..4.4).contains(&median), "median {median}");
        // Not all at once: a tenth of the class is at least twice as quick as the slowest tenth.
        assert!(times[times.len() / 10] * 2 < times[times.len() * 9 / 10]);
    }

    #[test]
    fn stages_of_every_kind_are_apart() {
        let mut all: Vec<u32> = KINDS.iter().flat_map(|(_, r)| r.clone()).collect();
        let count = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), count, "a stage belongs to one kind");
        let start = Act::Activity {
            activity: ActivityId(1),
            input: ActivityInput::Quiz(QuizInput::StartQuestion { question: 4 }),
        };
        assert_eq!(opener(&start, None), Some(4));
        let open = Act::Activity {
            activity: ActivityId(3),
            input: ActivityInput::Brainstorm(BrainstormInput::Open),
        };
        assert_eq!(opener(&open, None), Some(IDEA));
    }

    #[test]
    fn rooms_start_staggered() {
        let day = Day {
            rooms: 4,
            stagger: Duration::from_secs(8),
            think: Duration::from_secs(1),
        };
        let starts: Vec<u64> = (0..4).map(|r| day.start(r).as_secs()).collect();
        assert_eq!(starts, [0, 2, 4, 6]);
        assert_ne!(day.key(1, 3), day.key(2, 0));
    }
}
