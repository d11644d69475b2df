//! The `brainstorm`, `dot-vote` and `check-in` scenarios: classes filling a brainstorm wall,
//! voting with dots, and checking in, at the same time.
//!
//! `brainstorm`: per room the host makes a live, anonymous wall current and opens it; every
//! phone adds [`IDEAS`] ideas and then likes [`LIKES`] cards of others it has seen arrive,
//! one action after the other's acknowledgement; when every phone is done the host closes
//! the wall. `dot-vote`: the host opens a dot-vote of [`OPTIONS`] options (3 dots each,
//! results hidden); every phone places its dots and then moves them (a second whole
//! allocation); when every phone is done the host reveals. `check-in`: the host opens a
//! check-in; every phone sends one face with a word (one in ten skips); when every phone is
//! done the host closes it, and the projector gets the distribution.
//!
//! Phones act at classroom pace (each action 0.2–2 s after the previous one is acknowledged),
//! or with `--within-secs S` once each, at a random moment within S seconds of the opening
//! (one idea; one allocation): the "whole hall at once" case.
//!
//! `answer_to_ack` is action → `ack`; `answer_to_projector` is, for an idea, → the projector's
//! wall has that many cards; for a like, → its cards show that many likes in all; for a
//! ballot, → its `progress` counts that many voters, or the reveal does ([`revealed_voters`]);
//! for a check-in answer, → its `progress` counts that many. Moving dots changes no count, so it
//! is not matched to the projector.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::bail;
use futures_util::{SinkExt, StreamExt};
use kring_protocol::{
    Act, ActivityChange, ActivityId, ActivityInput, ActivitySpec, ActivityView, BrainstormChange,
    BrainstormInput, BrainstormPhase, BrainstormSpec, CheckInInput, CheckInPhase, CheckInSpec,
    ClientMsg, ClientMsgId, DotOption, DotVoteInput, DotVotePhase, DotVoteSpec, LikesMode,
    OptionDots, Personal, ServerMsg, WallMode,
};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Message;

use crate::client::{
    self, AnswerRecord, Host, Incoming, Net, Outcome, PhoneReport, PhoneSpec, ScreenReport, Shared,
    SplitMix, Ws, read, sleep_until_some, stopped,
};
use crate::scenario::{LoadScenario, PhoneRun, RoomCtx, ScreenRun, Setup};

/// Ideas each phone adds at classroom pace.
pub const IDEAS: usize = 2;
/// Cards each phone likes at classroom pace.
pub const LIKES: usize = 3;
/// Options of the dot-vote.
pub const OPTIONS: u32 = 8;
/// Dots per phone.
pub const DOTS: u32 = 3;
/// Longest a host action may wait for its acknowledgement.
const ACT_TIMEOUT: Duration = Duration::from_secs(10);
/// A phone acts after a random delay in this range (reading, thinking, typing).
const PACE: (Duration, Duration) = (Duration::from_millis(200), Duration::from_millis(2000));
/// A like waiting for a card of someone else looks again after this long …
const LIKE_RETRY: Duration = Duration::from_millis(250);
/// … at most this often, then gives the like up.
const LIKE_TRIES: u32 = 40;

/// Stages, as the "question" of an action record.
const IDEA: u32 = 0;
const LIKE: u32 = 1;
const PLACE: u32 = 2;
const MOVE: u32 = 3;
const CHECK_IN: u32 = 4;

/// Which of the three scenarios.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The brainstorm wall.
    Wall,
    /// Dot-voting.
    Vote,
    /// A check-in.
    CheckIn,
}

impl Kind {
    /// The activity each room adds.
    fn spec(self) -> ActivitySpec {
        match self {
            Kind::Wall => wall_spec(),
            Kind::Vote => vote_spec(),
            Kind::CheckIn => check_in_spec(),
        }
    }
}

/// What tells this file's three scenarios apart.
pub trait Style: 'static {
    /// [`LoadScenario::NAME`].
    const NAME: &'static str;
    /// [`LoadScenario::ABOUT`].
    const ABOUT: &'static str;
    /// The activity.
    const KIND: Kind;
}

/// A scenario of this file: every room gets the activity of `S::KIND`, its host opens it and
/// closes (or reveals) it once every phone is done.
pub struct Activity<S>(std::marker::PhantomData<S>);

impl<S: Style> LoadScenario for Activity<S> {
    const NAME: &'static str = S::NAME;
    const ABOUT: &'static str = S::ABOUT;
    /// The activity's id.
    type Room = ActivityId;

    async fn setup(room: Setup<'_>) -> anyhow::Result<ActivityId> {
        room.add(&S::KIND.spec()).await
    }

    async fn drive(host: &mut Host, id: ActivityId, ctx: RoomCtx<'_>) -> anyhow::Result<()> {
        drive(host, S::KIND, id, (ctx.room, ctx.phones), ctx.shared).await
    }

    async fn run_phone(run: PhoneRun) -> PhoneReport {
        let how = (S::KIND, run.plan.within);
        run_phone(run.net, run.spec, run.shared, how, run.stop).await
    }

    async fn run_screen(run: ScreenRun) -> ScreenReport {
        run_screen(run.ws, run.room, S::KIND, run.stop).await
    }
}

/// `--scenario brainstorm`.
pub type Brainstorm = Activity<OnWall>;
/// `--scenario dot-vote`.
pub type DotVote = Activity<Voting>;
/// `--scenario check-in`.
pub type CheckIn = Activity<CheckingIn>;

/// [`Brainstorm`].
pub struct OnWall;

impl Style for OnWall {
    const NAME: &'static str = "brainstorm";
    const ABOUT: &'static str = "Classes filling a brainstorm wall: ideas and likes (see wall.rs)";
    const KIND: Kind = Kind::Wall;
}

/// [`DotVote`].
pub struct Voting;

impl Style for Voting {
    const NAME: &'static str = "dot-vote";
    const ABOUT: &'static str =
        "Classes dot-voting: every phone places its dots and moves them (see wall.rs)";
    const KIND: Kind = Kind::Vote;
}

/// [`CheckIn`].
pub struct CheckingIn;

impl Style for CheckingIn {
    const NAME: &'static str = "check-in";
    const ABOUT: &'static str =
        "Classes checking in: a face and a word each, or a skip (see wall.rs)";
    const KIND: Kind = Kind::CheckIn;
}

/// The wall each room adds: live, anonymous, likes shown live.
pub fn wall_spec() -> ActivitySpec {
    ActivitySpec::Brainstorm(BrainstormSpec {
        title: "kring-load: what would make school better?".to_owned(),
        per_person: 5,
        max_chars: 140,
        by_team: false,
        anonymous: true,
        mode: WallMode::Live,
        likes: LikesMode::Live,
    })
}

/// The dot-vote each room adds: [`OPTIONS`] options, [`DOTS`] dots, results hidden.
pub fn vote_spec() -> ActivitySpec {
    ActivitySpec::DotVote(DotVoteSpec {
        title: "kring-load: which one?".to_owned(),
        options: (1..=OPTIONS)
            .map(|i| DotOption {
                text: format!("Option {i}"),
                team: None,
                card: None,
            })
            .collect(),
        dots: DOTS,
        max_per_option: None,
        no_own_team: false,
        live_results: false,
        by_team: false,
        anonymous: true,
    })
}

/// The check-in each room adds: faces with a word, anonymous, the default privacy floor.
pub fn check_in_spec() -> ActivitySpec {
    ActivitySpec::CheckIn(CheckInSpec {
        title: "kring-load: how are you?".to_owned(),
        words: true,
        anonymous: true,
        privacy_floor: 5,
    })
}

/// A host's part: make the activity current, open it, wait until every phone of the room is
/// done (the run's timeout bounds this), then close the wall or reveal the vote.
pub async fn drive(
    host: &mut Host,
    kind: Kind,
    activity: ActivityId,
    (room, phones): (usize, usize),
    shared: &Shared,
) -> anyhow::Result<()> {
    let act = |input: ActivityInput| Act::Activity { activity, input };
    let (open, close) = match kind {
        Kind::Wall => (
            act(ActivityInput::Brainstorm(BrainstormInput::Open)),
            act(ActivityInput::Brainstorm(BrainstormInput::Close)),
        ),
        Kind::Vote => (
            act(ActivityInput::DotVote(DotVoteInput::Open)),
            act(ActivityInput::DotVote(DotVoteInput::Reveal)),
        ),
        Kind::CheckIn => (
            act(ActivityInput::CheckIn(CheckInInput::Open)),
            act(ActivityInput::CheckIn(CheckInInput::Close)),
        ),
    };
    let current = Act::SetCurrent {
        activity: Some(activity),
    };
    expect_ack(host, current, "setCurrent").await?;
    expect_ack(host, open, "open").await?;
    while shared.finished(room) < phones as u64 {
        host.idle(Duration::from_millis(50)).await?;
    }
    expect_ack(host, close, "close").await
}

async fn expect_ack(host: &mut Host, act: Act, what: &str) -> anyhow::Result<()> {
    match host.act(act, ACT_TIMEOUT).await? {
        Outcome::Acked => Ok(()),
        Outcome::Refused => bail!("{what} was refused"),
        Outcome::TimedOut => bail!("{what} was not acknowledged within {ACT_TIMEOUT:?}"),
    }
}

/// Runs one phone of either scenario until `stop`.
pub async fn run_phone(
    net: Arc<Net>,
    spec: PhoneSpec,
    shared: Arc<Shared>,
    (kind, within): (Kind, Option<Duration>),
    mut stop: watch::Receiver<bool>,
) -> PhoneReport {
    let (mut ws, view, report) = match client::start_phone(&net, &spec, &shared, &mut stop).await {
        Ok(started) => started,
        Err(report) => return report,
    };
    let mut phone = Phone {
        rng: SplitMix::new(spec.seed),
        spec,
        report,
        kind,
        within,
        script: VecDeque::new(),
        started: false,
        pending: None,
        in_flight: None,
        like_tries: 0,
        activity: None,
        others: Vec::new(),
        own: HashSet::new(),
        liked: HashSet::new(),
        sent: 0,
    };
    phone.on_current(view.current.as_ref(), &shared);
    loop {
        let due = phone.pending.as_ref().map(|p| p.0);
        tokio::select! {
            _ = stopped(&mut stop) => break,
            _ = sleep_until_some(due) => {
                if let Err(error) = phone.send_pending(&mut ws, &shared).await {
                    phone.report.errors.push(format!("phone {}: {error:#}", phone.spec.index));
                    return phone.report;
                }
            }
            incoming = ws.next() => match phone.read(incoming) {
                Incoming::Msg(msg) => phone.on_msg(msg, &shared),
                Incoming::Skip => {}
                Incoming::Bad(error) => phone.report.errors.push(format!("phone {}: {error}", phone.spec.index)),
                Incoming::Gone(why) => {
                    phone.report.errors.push(format!("phone {}: {why}", phone.spec.index));
                    return phone.report;
                }
            }
        }
    }
    client::close(&mut ws).await;
    phone.report
}

struct Phone {
    spec: PhoneSpec,
    rng: SplitMix,
    report: PhoneReport,
    kind: Kind,
    within: Option<Duration>,
    /// Stages still to do, in order.
    script: VecDeque<u32>,
    /// Whether the script was planned (once, when the activity opened).
    started: bool,
    /// The next action's stage and when it is due.
    pending: Option<(tokio::time::Instant, u32)>,
    /// The action waiting for its acknowledgement, and the index of its record.
    in_flight: Option<(ClientMsgId, usize)>,
    like_tries: u32,
    activity: Option<ActivityId>,
    /// Cards of others on the wall, as seen.
    others: Vec<u32>,
    own: HashSet<u32>,
    liked: HashSet<u32>,
    sent: u32,
}

impl Phone {
    /// Reads one item of the socket; the wall's `changes` are not even parsed by a phone that
    /// will like nothing (one phone process plays thousands: parsing every card on every phone
    /// would make kring-load, not the server, the bottleneck of a 5,000-card wall).
    fn read(
        &self,
        item: Option<Result<Message, tokio_tungstenite::tungstenite::Error>>,
    ) -> Incoming {
        let needs_cards = self.kind == Kind::Wall && self.script.contains(&LIKE)
            || self.pending.is_some_and(|(_, stage)| stage == LIKE);
        match item {
            Some(Ok(Message::Text(text)))
                if !needs_cards && text.as_str().starts_with(r#"{"type":"changes""#) =>
            {
                Incoming::Skip
            }
            item => read(item),
        }
    }

    /// Starts the script once the activity is open.
    fn on_current(&mut self, current: Option<&ActivityView>, shared: &Shared) {
        let (open, id, cards) = match current {
            Some(ActivityView::Brainstorm(wall)) if self.kind == Kind::Wall => (
                wall.phase == BrainstormPhase::Open,
                wall.id,
                wall.cards.iter().map(|c| c.id).collect(),
            ),
            Some(ActivityView::DotVote(vote)) if self.kind == Kind::Vote => {
                (vote.phase == DotVotePhase::Voting, vote.id, Vec::new())
            }
            Some(ActivityView::CheckIn(check_in)) if self.kind == Kind::CheckIn => (
                check_in.phase == CheckInPhase::Open,
                check_in.id,
                Vec::new(),
            ),
            _ => return,
        };
        for card in cards {
            self.saw_card(card);
        }
        if !open || self.started {
            return;
        }
        self.started = true;
        self.activity = Some(id);
        self.script = match (self.kind, self.within) {
            (Kind::Wall, Some(_)) => VecDeque::from([IDEA]),
            (Kind::Wall, None) => std::iter::repeat_n(IDEA, IDEAS)
                .chain(std::iter::repeat_n(LIKE, LIKES))
                .collect(),
            (Kind::Vote, Some(_)) => VecDeque::from([PLACE]),
            (Kind::Vote, None) => VecDeque::from([PLACE, MOVE]),
            (Kind::CheckIn, _) => VecDeque::from([CHECK_IN]),
        };
        let first = match self.within {
            Some(within) => self.rng.between(Duration::ZERO, within),
            None => self.rng.between(PACE.0, PACE.1),
        };
        self.plan_next(first, shared);
    }

    /// Plans the next stage of the script after `delay`, or counts the phone as finished.
    fn plan_next(&mut self, delay: Duration, shared: &Shared) {
        match self.script.pop_front() {
            Some(stage) => {
                self.like_tries = 0;
                self.pending = Some((tokio::time::Instant::now() + delay, stage));
            }
            None => shared.finish(self.spec.room),
        }
    }

    fn saw_card(&mut self, card: u32) {
        if !self.own.contains(&card) && !self.others.contains(&card) {
            self.others.push(card);
        }
    }

    fn on_msg(&mut self, msg: ServerMsg, shared: &Shared) {
        match msg {
            ServerMsg::Activity { current, .. } => self.on_current(current.as_ref(), shared),
            ServerMsg::Changes { changes, .. } => {
                for change in changes {
                    match change {
                        ActivityChange::Brainstorm(BrainstormChange::Card { card, .. }) => {
                            self.saw_card(card.id);
                        }
                        ActivityChange::Brainstorm(BrainstormChange::Gone { id, .. }) => {
                            self.others.retain(|&c| c != id);
                        }
                        _ => {}
                    }
                }
            }
            ServerMsg::You { me } => {
                if let Some(Personal::Brainstorm(mine)) = me.personal {
                    for idea in mine.mine {
                        self.own.insert(idea.id);
                        self.others.retain(|&c| c != idea.id);
                    }
                }
            }
            ServerMsg::Ack { id, .. } => self.settle(&id, true, shared),
            ServerMsg::Error {
                code,
                message,
                reference,
            } => {
                if let Some(id) = &reference {
                    self.settle(id, false, shared);
                }
                self.report.errors.push(format!(
                    "phone {}: error {code:?}: {message}",
                    self.spec.index
                ));
            }
            _ => {}
        }
    }

    /// The action in flight was acknowledged (or refused): the next one follows.
    fn settle(&mut self, id: &ClientMsgId, acked: bool, shared: &Shared) {
        let Some((waiting, index)) = self.in_flight.take_if(|(w, _)| w == id) else {
            self.report.errors.push(format!(
                "phone {}: unexpected answer for {:?}",
                self.spec.index, id.0
            ));
            return;
        };
        debug_assert_eq!(&waiting, id);
        if let Some(record) = self.report.answers.get_mut(index) {
            record.settle(acked, shared);
        }
        let delay = self.rng.between(PACE.0, PACE.1);
        self.plan_next(delay, shared);
    }

    /// The action for `stage`, or `None` when it has to wait (a like with no card to like yet).
    fn act_for(&mut self, stage: u32, activity: ActivityId) -> Option<Act> {
        let input = match stage {
            IDEA => ActivityInput::Brainstorm(BrainstormInput::Add {
                text: format!(
                    "Idea {} of phone {}",
                    client::in_words(self.sent as u64),
                    client::in_words(self.spec.index as u64)
                ),
            }),
            LIKE => {
                let open: Vec<u32> = self
                    .others
                    .iter()
                    .copied()
                    .filter(|c| !self.liked.contains(c))
                    .collect();
                if open.is_empty() {
                    return None;
                }
                let card = open[self.rng.below(open.len() as u64) as usize];
                self.liked.insert(card);
                ActivityInput::Brainstorm(BrainstormInput::Like { card, like: true })
            }
            CHECK_IN if self.rng.below(10) == 0 => ActivityInput::CheckIn(CheckInInput::Skip),
            CHECK_IN => ActivityInput::CheckIn(CheckInInput::Answer {
                mood: 1 + self.rng.below(5) as u32,
                word: Some(["moe", "blij", "ok", "rustig"][self.rng.below(4) as usize].to_owned()),
            }),
            _ => ActivityInput::DotVote(DotVoteInput::Place {
                ballot: ballot(&mut self.rng),
            }),
        };
        Some(Act::Activity { activity, input })
    }

    async fn send_pending(&mut self, ws: &mut Ws, shared: &Shared) -> anyhow::Result<()> {
        let (Some((_, stage)), Some(activity)) = (self.pending.take(), self.activity) else {
            return Ok(());
        };
        let Some(act) = self.act_for(stage, activity) else {
            self.like_tries += 1;
            if self.like_tries < LIKE_TRIES {
                self.pending = Some((tokio::time::Instant::now() + LIKE_RETRY, stage));
            } else {
                // Nobody else wrote anything: the like is given up, not lost.
                self.plan_next(Duration::ZERO, shared);
            }
            return Ok(());
        };
        let id = ClientMsgId(format!("w{}", self.sent));
        self.sent += 1;
        let text = serde_json::to_string(&ClientMsg::Act {
            id: id.clone(),
            act,
        })?;
        let sent = Instant::now();
        ws.send(Message::text(text)).await?;
        self.in_flight = Some((id, self.report.answers.len()));
        self.report.answers.push(AnswerRecord {
            question: stage,
            sent,
            acked: None,
            refused: false,
            shown: stage != MOVE,
        });
        shared.bump(&shared.answers_sent);
        Ok(())
    }
}

/// A random allocation of every dot over the [`OPTIONS`] options.
pub fn ballot(rng: &mut SplitMix) -> Vec<OptionDots> {
    let mut dots: HashMap<u32, u32> = HashMap::new();
    for _ in 0..DOTS {
        *dots
            .entry(rng.below(u64::from(OPTIONS)) as u32)
            .or_default() += 1;
    }
    dots.into_iter()
        .map(|(option, dots)| OptionDots { option, dots })
        .collect()
}

/// Runs a connected projector until `stop`: records the cards on the wall and the likes they
/// show in all (brainstorm), or who `progress` counts (dot-vote, check-in).
pub async fn run_screen(
    ws: Ws,
    room: usize,
    kind: Kind,
    stop: watch::Receiver<bool>,
) -> ScreenReport {
    let mut wall = WallCounts::default();
    client::watch_screen(ws, room, stop, move |msg, received, report| {
        let counts = wall.follow(&msg);
        match msg {
            ServerMsg::Progress { responded, .. } if kind != Kind::Wall => {
                let stage = if kind == Kind::Vote { PLACE } else { CHECK_IN };
                report.progress.push((stage, received, responded));
            }
            ServerMsg::Activity {
                current: Some(view),
                ..
            } if kind == Kind::Vote => {
                if let Some(voters) = revealed_voters(&view) {
                    report.progress.push((PLACE, received, voters));
                }
            }
            _ => {}
        }
        if let Some((cards, likes)) = counts.filter(|_| kind == Kind::Wall) {
            report.progress.push((IDEA, received, cards));
            report.progress.push((LIKE, received, likes));
        }
    })
    .await
}

/// The cards a projector's wall shows and the likes on each, followed through the wall's view
/// and its changes.
#[derive(Debug, Default)]
pub struct WallCounts(HashMap<u32, u32>);

impl WallCounts {
    /// Follows `msg`; returns the cards and the likes in all once it changed either.
    pub fn follow(&mut self, msg: &ServerMsg) -> Option<(u32, u32)> {
        let before = self.totals();
        match msg {
            ServerMsg::Activity {
                current: Some(ActivityView::Brainstorm(wall)),
                ..
            } => {
                self.0 = wall
                    .cards
                    .iter()
                    .map(|c| (c.id, c.likes.unwrap_or(0)))
                    .collect();
            }
            ServerMsg::Changes { changes, .. } => {
                for change in changes {
                    match change {
                        ActivityChange::Brainstorm(BrainstormChange::Card { card, .. }) => {
                            self.0.insert(card.id, card.likes.unwrap_or(0));
                        }
                        ActivityChange::Brainstorm(BrainstormChange::Gone { id, .. }) => {
                            self.0.remove(id);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        let after = self.totals();
        (after != before).then_some(after)
    }

    fn totals(&self) -> (u32, u32) {
        (self.0.len() as u32, self.0.values().sum())
    }
}

/// The voters a revealed dot-vote shows the projector. The host reveals as soon as the last
/// ballot is acknowledged, so the reveal can supersede the coalesced `progress` that would have
/// counted it: the reveal's count is then the first the projector shows with that ballot.
pub fn revealed_voters(view: &ActivityView) -> Option<u32> {
    match view {
        ActivityView::DotVote(vote) => match vote.phase {
            DotVotePhase::Revealed { voters, .. } => Some(voters),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_revealed_vote_shows_its_voters_to_the_projector() {
        let view = |phase| {
            ActivityView::DotVote(kring_protocol::DotVoteView {
                id: ActivityId(1),
                title: String::new(),
                options: Vec::new(),
                dots: DOTS,
                max_per_option: DOTS,
                no_own_team: false,
                live_results: false,
                by_team: false,
                phase,
                tally: None,
            })
        };
        let revealed = DotVotePhase::Revealed {
            results: Vec::new(),
            voters: 30,
        };
        assert_eq!(revealed_voters(&view(revealed)), Some(30));
        assert_eq!(revealed_voters(&view(DotVotePhase::Voting)), None);
        assert_eq!(revealed_voters(&view(DotVotePhase::Closed)), None);
    }

    #[test]
    fn the_specs_are_valid_for_the_server() {
        use kring_server::room::Activity;
        for spec in [wall_spec(), vote_spec(), check_in_spec()] {
            let activity = Activity::new(ActivityId(1), spec).expect("a valid spec");
            assert!(!activity.kind().started());
        }
    }
}
