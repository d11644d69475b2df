//! The one shape every activity kind has ([`Kind`]) and what a kind gets from the room and gives
//! back to it.
//!
//! A kind is a pure, synchronous state machine in its own module: it validates its spec,
//! applies inputs (who, what, when, with the room's people and a seeded random generator) and
//! says what changed ([`Outcome`]); it answers what everyone, one phone and only the host see,
//! and exports its results, all in its own types. `RoomState`, the actor, the store and the
//! sockets only ever talk to the erased [`AnyKind`] (one blanket impl over every [`Kind`]),
//! through the [`Activity`](super::Activity) enum, so a new kind needs no change there.

use kring_protocol::{
    ActivityChange, ActivityHostView, ActivityId, ActivityInput, ActivitySpec, ActivityView,
    KindInput, KindPart, Lang, ParticipantId, Personal, ResultSummary, Senders, TeamId, Timeline,
};
use std::collections::{BTreeMap, BTreeSet};

use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};

use super::Who;
use super::error::ActError;
use super::state::Participant;
use super::teams::Teams;
use crate::names;
use crate::room::kind_export::KindExport;

/// The room's people as an activity may read them: participants (with nicknames), who is in
/// the room now (not removed), and the teams.
#[derive(Clone, Copy)]
pub struct Roster<'a> {
    participants: &'a [Participant],
    present: &'a [ParticipantId],
    teams: &'a Teams,
    /// For an input to a started activity: each member's team at its start (or at their first
    /// input to it), which [`Roster::team_of`] answers instead of the team now.
    at_start: Option<&'a BTreeMap<ParticipantId, TeamId>>,
}

impl<'a> Roster<'a> {
    /// A roster over the room's lists.
    pub fn new(
        participants: &'a [Participant],
        present: &'a [ParticipantId],
        teams: &'a Teams,
    ) -> Self {
        Roster {
            participants,
            present,
            teams,
            at_start: None,
        }
    }

    /// The same roster, answering [`Roster::team_of`] with these teams at an activity's start
    /// (who is not in them: the team now). So own-team rules (no rating of the own pitch, no
    /// dots on the own team's option, names proposed and voted in the own team) hold in every
    /// kind however a student picks teams meanwhile.
    pub fn with_teams_at_start(mut self, at_start: &'a BTreeMap<ParticipantId, TeamId>) -> Self {
        self.at_start = Some(at_start);
        self
    }

    /// Participants in the room (not removed), in id order.
    pub fn ids(&self) -> &'a [ParticipantId] {
        self.present
    }

    /// A participant's nickname ("" for an unknown id).
    pub fn nickname(&self, id: ParticipantId) -> &'a str {
        self.participants
            .get(id.0 as usize)
            .map_or("", |p| p.nickname.as_str())
    }

    /// Whether `id` is in the room (joined and not removed).
    pub fn is_present(&self, id: ParticipantId) -> bool {
        self.participants
            .get(id.0 as usize)
            .is_some_and(|p| !p.removed)
    }

    /// The room's teams.
    pub fn teams(&self) -> &'a Teams {
        self.teams
    }

    /// The team `id` is in, if any: for an input to a started activity the team they were in
    /// at its start (see [`Roster::with_teams_at_start`]), else the team now.
    pub fn team_of(&self, id: ParticipantId) -> Option<TeamId> {
        self.at_start
            .and_then(|m| m.get(&id).copied())
            .or_else(|| self.teams.team_of(id))
    }
}

/// What an input gets besides itself: the time, the people, a random generator seeded for this
/// record (so a replay draws the same), and who was connected when the room recorded it (only
/// for inputs whose kind asked for it with [`Kind::wants_presence`]).
pub struct Cx<'a> {
    /// Server time of the record, ms since the UNIX epoch.
    pub now: u64,
    /// The room's people.
    pub roster: Roster<'a>,
    /// Randomness for this record only.
    pub rng: &'a mut StdRng,
    /// Participants connected when the record was made, if recorded.
    pub online: Option<&'a [ParticipantId]>,
}

/// Who receives a small change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Audience {
    /// Every connection: phones, projector and host.
    Everyone,
    /// The projector and the host.
    Watchers,
    /// The host only.
    Host,
    /// The phones of one team's members.
    Team(TeamId),
}

/// One small change to what an audience sees, coalesced on the room's tick: a later change
/// with the same audience and `key` replaces an earlier one not yet sent (changes are upserts
/// or removals of whole items, so only the latest matters). A kind makes its own change type
/// (`C`); the room sees them as [`ActivityChange`].
#[derive(Debug, Clone, PartialEq)]
pub struct Change<C = ActivityChange> {
    /// Who gets it.
    pub audience: Audience,
    /// What it replaces: the item it is about (`None`: never coalesced).
    pub key: Option<u64>,
    /// The change itself.
    pub change: C,
}

/// Whose own view changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    /// One participant's.
    One(ParticipantId),
    /// Every member's of one team.
    Team(TeamId),
    /// Everyone's.
    All,
}

/// Something an activity asks the room to change in room-level state it does not own.
#[derive(Debug, Clone, PartialEq)]
pub enum RoomOp {
    /// Give a team its name (a team-name brainstorm's winner). The names of one outcome are
    /// given together (names may move between teams); two teams never share one.
    NameTeam {
        /// The team.
        team: TeamId,
        /// Its new name.
        name: String,
    },
    /// Append an activity to the agenda (a dot-vote carried from a wall, a run-off), and make
    /// it the current one when `current`. The room refuses it when the agenda is full or the
    /// spec is invalid, and then refuses the whole input: so an input that asks for this must
    /// change nothing else in its kind.
    AddActivity {
        /// The new activity.
        spec: ActivitySpec,
        /// Make it the current activity.
        current: bool,
    },
}

/// What an applied input changed, so the room knows whom to tell. A kind's small changes are
/// of its own change type (`C`); the room sees them as [`ActivityChange`].
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome<C = ActivityChange> {
    /// What everyone sees changed (a new phase, a reveal): one new view for everyone.
    pub view: bool,
    /// What the host alone sees changed as a whole (small changes travel in `changes`).
    pub host: bool,
    /// Whose own views changed.
    pub personal: Vec<Whose>,
    /// The response count changed.
    pub progress: bool,
    /// Small changes for their audiences.
    pub changes: Vec<Change<C>>,
    /// Keyed changes the room builds when it sends them ([`Kind::change_at_send`]), from the
    /// state as it is then: for a change too costly to build at every input of a burst
    /// (only the last of a tick is sent anyway).
    pub at_send: Vec<(Audience, u64)>,
    /// Changes to room-level state.
    pub room: Vec<RoomOp>,
}

impl<C> Default for Outcome<C> {
    fn default() -> Self {
        Outcome {
            view: false,
            host: false,
            personal: Vec::new(),
            progress: false,
            changes: Vec::new(),
            at_send: Vec::new(),
            room: Vec::new(),
        }
    }
}

impl<C: Into<ActivityChange>> Outcome<C> {
    /// The same outcome with its changes as the room sees them.
    pub fn erase(self) -> Outcome {
        Outcome {
            view: self.view,
            host: self.host,
            personal: self.personal,
            progress: self.progress,
            changes: self
                .changes
                .into_iter()
                .map(|c| Change {
                    audience: c.audience,
                    key: c.key,
                    change: c.change.into(),
                })
                .collect(),
            at_send: self.at_send,
            room: self.room,
        }
    }
}

impl<C> Outcome<C> {
    /// The view changed (and with it the host's).
    pub fn view() -> Self {
        Outcome {
            view: true,
            host: true,
            progress: true,
            ..Default::default()
        }
    }

    /// One response counted.
    pub fn progress() -> Self {
        Outcome {
            progress: true,
            ..Default::default()
        }
    }

    /// Also tells these phones their own state.
    pub fn with_personal(mut self, whose: Whose) -> Self {
        self.personal.push(whose);
        self
    }

    /// Also sends this change.
    pub fn with_change(mut self, audience: Audience, key: Option<u64>, change: C) -> Self {
        self.changes.push(Change {
            audience,
            key,
            change,
        });
        self
    }

    /// Also sends the change `key` for `audience`, built when the room sends it
    /// ([`Kind::change_at_send`]).
    pub fn with_change_at_send(mut self, audience: Audience, key: u64) -> Self {
        self.at_send.push((audience, key));
        self
    }
}

/// What moderators hid, by writer and look-alike key ([`names::nickname_key`]): a hide holds
/// for the same text from the same person whatever they do — edit it away and back, withdraw
/// it and post it again — until a moderator shows it. Every kind that shows student text keeps
/// one and asks it about each text a student writes.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct Held(BTreeSet<(ParticipantId, String)>);

impl Held {
    /// A moderator hid `text` by `who`.
    pub fn hold(&mut self, who: ParticipantId, text: &str) {
        if !text.is_empty() {
            self.0.insert((who, names::nickname_key(text)));
        }
    }

    /// A moderator showed `text` by `who` again.
    pub fn release(&mut self, who: ParticipantId, text: &str) {
        self.0.remove(&(who, names::nickname_key(text)));
    }

    /// Whether `text` by `who` is hidden by a moderator's hide (then it arrives hidden).
    pub fn holds(&self, who: ParticipantId, text: &str) -> bool {
        !text.is_empty() && self.0.contains(&(who, names::nickname_key(text)))
    }
}

/// Most items (wall ideas, name proposals) one person can make one activity store, withdrawn
/// ones included: what they have live is capped by each kind's own limit, this caps the churn
/// of writing and withdrawing in a loop.
pub const MAX_WRITES_PER_PERSON: u32 = 40;

/// How many items each person made an activity store ([`MAX_WRITES_PER_PERSON`]). Every kind
/// that stores what students write keeps one: [`Quota::check`] before storing (a refusal
/// changes nothing), [`Quota::spend`] once stored. Caps that block everyone (a full wall)
/// count only live items, so one person's withdrawn ones never block others.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct Quota(BTreeMap<ParticipantId, u32>);

impl Quota {
    /// Refuses when `who` made this activity store [`MAX_WRITES_PER_PERSON`] items already.
    pub fn check(&self, who: ParticipantId) -> Result<(), ActError> {
        if self.0.get(&who).copied().unwrap_or(0) >= MAX_WRITES_PER_PERSON {
            return Err(ActError::new(
                kring_protocol::ErrorCode::LimitReached,
                format!(
                    "you wrote {MAX_WRITES_PER_PERSON} items here, withdrawn ones included: \
                     that is the most"
                ),
            ));
        }
        Ok(())
    }

    /// `who` made this activity store one more item.
    pub fn spend(&mut self, who: ParticipantId) {
        *self.0.entry(who).or_default() += 1;
    }
}

/// When a kind's open phase ends on its own (a question locks, proposing ends, a feedback
/// window closes): set from a timer, due at a tick, moved on after a graceful restart (so what
/// is open keeps the time it had left). Stored as the bare server time in ms, as the kinds'
/// `deadline` fields always were.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(transparent)]
pub struct Deadline(u64);

impl Deadline {
    /// `secs` seconds after `now`.
    pub fn after(now: u64, secs: u32) -> Self {
        Deadline(now + u64::from(secs) * 1000)
    }

    /// `ms` milliseconds after `now` (a paused timer going on with what it had left).
    pub fn after_ms(now: u64, ms: u64) -> Self {
        Deadline(now + ms)
    }

    /// `secs` seconds after `now` when a timer is set, else none.
    pub fn timer(now: u64, secs: Option<u32>) -> Option<Self> {
        secs.map(|secs| Deadline::after(now, secs))
    }

    /// The server time it falls at, ms since the UNIX epoch.
    pub fn at(self) -> u64 {
        self.0
    }

    /// Whether it has passed at `now`.
    pub fn due(self, now: u64) -> bool {
        now >= self.0
    }

    /// The server stopped gracefully for `paused_ms`: the deadline moves on by as much.
    pub fn resume(&mut self, paused_ms: u64) {
        self.0 += paused_ms;
    }
}

/// Refuses an input the activity's phase does not take (the message says why).
pub fn wrong_phase(message: &str) -> ActError {
    ActError::new(kring_protocol::ErrorCode::WrongPhase, message)
}

/// Checks a spec's title (`what`: "title", "prompt"): 1 to `max` characters, not blank.
pub fn check_title(title: &str, what: &str, max: usize) -> Result<(), ActError> {
    if title.trim().is_empty() || title.chars().count() > max {
        return Err(ActError::invalid_spec(format!(
            "the {what} must have 1 to {max} characters"
        )));
    }
    Ok(())
}

/// Checks the timers a spec sets: each unset or within `range` seconds.
pub fn check_timers(
    timers: impl IntoIterator<Item = Option<u32>>,
    range: std::ops::RangeInclusive<u32>,
) -> Result<(), ActError> {
    for secs in timers.into_iter().flatten() {
        if !range.contains(&secs) {
            return Err(ActError::invalid_spec(format!(
                "a timer runs {} to {} seconds",
                range.start(),
                range.end()
            )));
        }
    }
    Ok(())
}

/// Refuses an input of another kind than the activity's.
fn wrong_kind() -> ActError {
    ActError::new(
        kring_protocol::ErrorCode::InvalidChoice,
        "this input is for another kind of activity",
    )
}

/// Refuses `who` unless they are among `senders` (the room's rights: a co-facilitator's
/// console is refused what is not moderation before it gets here).
pub fn check_sender(senders: Senders, who: Who) -> Result<(), ActError> {
    let allowed = match who {
        Who::Participant(_) => senders.participants(),
        Who::Host | Who::System => senders.host(),
    };
    match (allowed, who) {
        (true, _) => Ok(()),
        (false, Who::Participant(_)) => Err(ActError::forbidden()),
        (false, _) => Err(ActError::new(
            kring_protocol::ErrorCode::Forbidden,
            "only students do this",
        )),
    }
}

impl Who {
    /// The participant who sent an input that only phones send ([`Senders::Participants`],
    /// checked before the kind gets it).
    pub fn student(self) -> Result<ParticipantId, ActError> {
        match self {
            Who::Participant(p) => Ok(p),
            _ => Err(check_sender(Senders::Participants, self).unwrap_err()),
        }
    }
}

/// An activity kind: one pure state machine over its own types, implemented once per kind in
/// its own folder. The room never sees these types: the blanket [`AnyKind`] implementation
/// wraps and unwraps them into the wire enums, so a kind neither wraps its returns nor
/// unwraps its input, and who may send an input is checked once, before [`Kind::apply`]
/// (the kind declares it in [`KindInput::senders`]; see [`AnyKind::handle`]). A kind's module
/// implements it by path (`impl super::kind::Kind for …`) and keeps [`AnyKind`] in scope, so
/// its code and tests call the erased methods without ambiguity.
pub trait Kind: Sized {
    /// What the organiser prepares.
    type Spec: KindPart<ActivitySpec> + Clone;
    /// What people send to it.
    type Input: KindPart<ActivityInput> + KindInput;
    /// What everyone sees.
    type View: Into<ActivityView>;
    /// What one phone sees of itself.
    type Personal: Into<Personal>;
    /// What only the host sees (`Infallible` for a kind without).
    type HostView: Into<ActivityHostView>;
    /// A small change to one of its collections (`Infallible` for a kind without).
    type Change: Into<ActivityChange>;

    /// A fresh activity from a spec, checked against the kind's limits.
    fn create(id: ActivityId, spec: Self::Spec) -> Result<Self, ActError>;

    /// The spec it was made from.
    fn spec(&self) -> &Self::Spec;

    /// Whether it has been started (its spec can no longer change).
    fn started(&self) -> bool;

    /// Applies one input from someone its senders include ([`KindInput::senders`]); on `Err`
    /// nothing changed.
    fn apply(
        &mut self,
        who: Who,
        input: &Self::Input,
        cx: &mut Cx<'_>,
    ) -> Result<Outcome<Self::Change>, ActError>;

    /// When it next needs [`Kind::on_tick`] (server clock, ms).
    fn deadline(&self) -> Option<u64> {
        None
    }

    /// Time passed: locks what is due; `None` when nothing changed.
    fn on_tick(&mut self, _cx: &mut Cx<'_>) -> Option<Outcome<Self::Change>> {
        None
    }

    /// The server stopped gracefully for `paused_ms` while this activity was current: move its
    /// clock on by as much, so what is open keeps the time it had left. Whether anything
    /// changed (then everyone gets the new view).
    fn resume(&mut self, _paused_ms: u64) -> bool {
        false
    }

    /// How many responded to what is open now (for "n of N").
    fn responded(&self) -> u32 {
        0
    }

    /// Whether it can run beside the current activity (`Act::SetBeside`: a timer over a
    /// brainstorm). Such a kind has no phone input, no personal and no host view and no small
    /// changes: only its public view travels beside the current one, and its clock ticks.
    fn runs_beside(&self) -> bool {
        false
    }

    /// The input that closes what is open early, when everyone `expected` (at least one) has
    /// responded; `None` when it should stay open.
    fn close_when_all_responded(
        &self,
        _expected: &mut dyn Iterator<Item = ParticipantId>,
    ) -> Option<Self::Input> {
        None
    }

    /// Voids the live responses of `gone`, who the host just removed from the room (dots,
    /// votes, ratings, likes), so they stop counting in tallies, means and results; returns how
    /// many responses were voided. Called by the room for every activity of the agenda, so a
    /// removed participant's responses stop counting in every kind. What is settled already
    /// (a team's name given, a quiz's ranking, which leaves removed people out) stays.
    fn void(&mut self, _gone: ParticipantId) -> u32 {
        0
    }

    /// Whether a participant's `input` shows them as having acted in the console's list (its
    /// "did nothing yet" filter). `false` for an anonymous action: the list changing as it
    /// arrives would tell a (co-)facilitator who wrote it.
    fn shows_actor(&self, _input: &Self::Input) -> bool {
        true
    }

    /// Whether the record of `input` must carry who is connected (see [`Cx::online`]).
    fn wants_presence(&self, _input: &Self::Input) -> bool {
        false
    }

    /// The empty chair: the host's inputs that open a fresh copy of this activity for late
    /// input, and those that turn a copy into its results (closed, revealed; one the copy's
    /// phase does not take is skipped). `None` (the default) for a kind where late input makes
    /// no sense (a quiz has a clock and scores, pitches a live order).
    fn late_chair() -> Option<LateChair<Self::Input>> {
        None
    }

    /// Whether `who` gave any response to it (an answer, an idea, a like, dots, a placement,
    /// a skip): such a participant gets no second say in its empty chair.
    fn took_part(&self, _who: ParticipantId) -> bool {
        false
    }

    /// What everyone sees (phones, projector, host).
    fn public_view(&self, roster: &Roster<'_>) -> Self::View;

    /// A compact summary of its result for the room's timeline, holding only what the
    /// projector may show (nothing hidden before a reveal, nothing under a privacy floor, no
    /// names where it is anonymous); `None` (the default) when it has nothing worth showing
    /// or nothing may be shown yet. Best derived from [`Kind::public_view`], which already
    /// keeps those rules.
    fn summary(&self, _roster: &Roster<'_>) -> Option<ResultSummary> {
        None
    }

    /// Whether this activity shows the room's timeline while current (the timeline slide):
    /// then the room builds its public view with [`Kind::timeline_view`].
    fn shows_timeline(&self) -> bool {
        false
    }

    /// Its public view carrying the room's `timeline` (only asked when
    /// [`Kind::shows_timeline`]).
    fn timeline_view(&self, roster: &Roster<'_>, _timeline: Timeline) -> Self::View {
        self.public_view(roster)
    }

    /// What one phone sees of itself, if anything.
    fn personal_view(&self, who: ParticipantId, roster: &Roster<'_>) -> Option<Self::Personal>;

    /// What only the host sees (moderation, every team's proposals, hidden tallies).
    fn host_view(&self, _roster: &Roster<'_>) -> Option<Self::HostView> {
        None
    }

    /// The change `key` for `audience` as of now, for an outcome that asked for it with
    /// [`Outcome::with_change_at_send`] (`None`: nothing to send).
    fn change_at_send(
        &self,
        _audience: Audience,
        _key: u64,
        _roster: &Roster<'_>,
    ) -> Option<Self::Change> {
        None
    }

    /// Its results for the exports and the report, in `lang`.
    fn export(&self, id: ActivityId, roster: &Roster<'_>, lang: Lang) -> KindExport;
}

/// How a kind's empty chair runs ([`Kind::late_chair`]): host inputs applied to its late twin.
#[derive(Debug, Clone, PartialEq)]
pub struct LateChair<I> {
    /// Opens a fresh copy for late input (e.g. `Open`).
    pub open: Vec<I>,
    /// Turns a copy into its results (e.g. `Close`, `Reveal`).
    pub results: Vec<I>,
}

/// An activity of any kind as the room, the actor and the exports use it: [`Kind`] with its
/// types erased into the wire enums. Implemented once, for every [`Kind`]; see [`Kind`] for
/// what each method means.
pub trait AnyKind {
    /// A fresh activity of kind `Self` from its spec ([`Kind::create`]), for code that sees
    /// only this trait (unit tests of a kind).
    fn create(id: ActivityId, spec: <Self as Kind>::Spec) -> Result<Self, ActError>
    where
        Self: Kind + Sized,
    {
        <Self as Kind>::create(id, spec)
    }

    /// Checks who sent `input` against its senders ([`KindInput::senders`]), then applies it
    /// ([`Kind::apply`]) and erases its changes; on `Err` nothing changed.
    fn handle(
        &mut self,
        who: Who,
        input: &<Self as Kind>::Input,
        cx: &mut Cx<'_>,
    ) -> Result<Outcome, ActError>
    where
        Self: Kind + Sized,
    {
        check_sender(input.senders(), who)?;
        Kind::apply(self, who, input, cx).map(Outcome::erase)
    }

    /// The spec it was made from.
    fn spec(&self) -> ActivitySpec;
    /// Whether it has been started.
    fn started(&self) -> bool;
    /// Applies one input (refused when it is of another kind or from someone not among its
    /// senders); on `Err` nothing changed.
    fn apply(
        &mut self,
        who: Who,
        input: &ActivityInput,
        cx: &mut Cx<'_>,
    ) -> Result<Outcome, ActError>;
    /// When it next needs [`AnyKind::on_tick`].
    fn deadline(&self) -> Option<u64>;
    /// Time passed; `None` when nothing changed.
    fn on_tick(&mut self, cx: &mut Cx<'_>) -> Option<Outcome>;
    /// The server stopped gracefully for `paused_ms`; whether anything changed.
    fn resume(&mut self, paused_ms: u64) -> bool;
    /// How many responded to what is open now.
    fn responded(&self) -> u32;
    /// Whether it can run beside the current activity.
    fn runs_beside(&self) -> bool;
    /// The input that closes what is open once everyone `expected` responded.
    fn close_when_all_responded(
        &self,
        expected: &mut dyn Iterator<Item = ParticipantId>,
    ) -> Option<ActivityInput>;
    /// Voids the live responses of `gone`; how many.
    fn void(&mut self, gone: ParticipantId) -> u32;
    /// Whether a participant's `input` shows them as having acted.
    fn shows_actor(&self, input: &ActivityInput) -> bool;
    /// Whether the record of `input` must carry who is connected.
    fn wants_presence(&self, input: &ActivityInput) -> bool;
    /// What everyone sees.
    fn public_view(&self, roster: &Roster<'_>) -> ActivityView;
    /// Its result for the room's timeline, if anything may be shown ([`Kind::summary`]).
    fn summary(&self, roster: &Roster<'_>) -> Option<ResultSummary>;
    /// Whether it shows the room's timeline while current ([`Kind::shows_timeline`]).
    fn shows_timeline(&self) -> bool;
    /// What everyone sees, with the room's timeline ([`Kind::timeline_view`]).
    fn timeline_view(&self, roster: &Roster<'_>, timeline: Timeline) -> ActivityView;
    /// What one phone sees of itself, if anything.
    fn personal_view(&self, who: ParticipantId, roster: &Roster<'_>) -> Option<Personal>;
    /// What only the host sees, if anything.
    fn host_view(&self, roster: &Roster<'_>) -> Option<ActivityHostView>;
    /// A change built when the room sends it ([`Kind::change_at_send`]).
    fn change_at_send(
        &self,
        audience: Audience,
        key: u64,
        roster: &Roster<'_>,
    ) -> Option<ActivityChange>;
    /// Its results for the exports and the report.
    fn export(&self, id: ActivityId, roster: &Roster<'_>, lang: Lang) -> KindExport;
    /// How its empty chair runs, if its kind takes late input ([`Kind::late_chair`]).
    fn late_chair(&self) -> Option<LateChair<ActivityInput>>;
    /// Whether `who` gave any response to it ([`Kind::took_part`]).
    fn took_part(&self, who: ParticipantId) -> bool;
}

impl<K: Kind> AnyKind for K {
    fn late_chair(&self) -> Option<LateChair<ActivityInput>> {
        K::late_chair().map(|chair| LateChair {
            open: chair.open.into_iter().map(Into::into).collect(),
            results: chair.results.into_iter().map(Into::into).collect(),
        })
    }

    fn took_part(&self, who: ParticipantId) -> bool {
        Kind::took_part(self, who)
    }

    fn spec(&self) -> ActivitySpec {
        Kind::spec(self).clone().into()
    }

    fn started(&self) -> bool {
        Kind::started(self)
    }

    fn apply(
        &mut self,
        who: Who,
        input: &ActivityInput,
        cx: &mut Cx<'_>,
    ) -> Result<Outcome, ActError> {
        let input = K::Input::of(input).ok_or_else(wrong_kind)?;
        self.handle(who, input, cx)
    }

    fn deadline(&self) -> Option<u64> {
        Kind::deadline(self)
    }

    fn on_tick(&mut self, cx: &mut Cx<'_>) -> Option<Outcome> {
        Kind::on_tick(self, cx).map(Outcome::erase)
    }

    fn resume(&mut self, paused_ms: u64) -> bool {
        Kind::resume(self, paused_ms)
    }

    fn responded(&self) -> u32 {
        Kind::responded(self)
    }

    fn runs_beside(&self) -> bool {
        Kind::runs_beside(self)
    }

    fn close_when_all_responded(
        &self,
        expected: &mut dyn Iterator<Item = ParticipantId>,
    ) -> Option<ActivityInput> {
        Kind::close_when_all_responded(self, expected).map(Into::into)
    }

    fn void(&mut self, gone: ParticipantId) -> u32 {
        Kind::void(self, gone)
    }

    fn shows_actor(&self, input: &ActivityInput) -> bool {
        K::Input::of(input).is_none_or(|input| Kind::shows_actor(self, input))
    }

    fn wants_presence(&self, input: &ActivityInput) -> bool {
        K::Input::of(input).is_some_and(|input| Kind::wants_presence(self, input))
    }

    fn public_view(&self, roster: &Roster<'_>) -> ActivityView {
        Kind::public_view(self, roster).into()
    }

    fn summary(&self, roster: &Roster<'_>) -> Option<ResultSummary> {
        Kind::summary(self, roster)
    }

    fn shows_timeline(&self) -> bool {
        Kind::shows_timeline(self)
    }

    fn timeline_view(&self, roster: &Roster<'_>, timeline: Timeline) -> ActivityView {
        Kind::timeline_view(self, roster, timeline).into()
    }

    fn personal_view(&self, who: ParticipantId, roster: &Roster<'_>) -> Option<Personal> {
        Kind::personal_view(self, who, roster).map(Into::into)
    }

    fn host_view(&self, roster: &Roster<'_>) -> Option<ActivityHostView> {
        Kind::host_view(self, roster).map(Into::into)
    }

    fn change_at_send(
        &self,
        audience: Audience,
        key: u64,
        roster: &Roster<'_>,
    ) -> Option<ActivityChange> {
        Kind::change_at_send(self, audience, key, roster).map(Into::into)
    }

    fn export(&self, id: ActivityId, roster: &Roster<'_>, lang: Lang) -> KindExport {
        Kind::export(self, id, roster, lang)
    }
}

/// A class for unit tests of kinds: participants `p0`, `p1`, … and their teams.
#[cfg(test)]
pub mod testing {
    use kring_protocol::{ParticipantId, TeamFormation};
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::{Cx, Roster};
    use crate::room::state::Participant;
    use crate::room::teams::Teams;

    /// Participants and teams to hand to a kind.
    pub struct Class {
        participants: Vec<Participant>,
        ids: Vec<ParticipantId>,
        teams: Teams,
        rng: StdRng,
    }

    impl Class {
        /// `n` participants named `p0`… without teams.
        pub fn new(n: u32) -> Self {
            Class {
                participants: (0..n)
                    .map(|i| Participant::new(ParticipantId(i), format!("p{i}"), format!("t{i}")))
                    .collect(),
                ids: (0..n).map(ParticipantId).collect(),
                teams: Teams::default(),
                rng: StdRng::seed_from_u64(7),
            }
        }

        /// `n` participants in `teams` teams formed at random.
        pub fn in_teams(n: u32, teams: u32) -> Self {
            let mut class = Class::new(n);
            let ids = class.ids.clone();
            class
                .teams
                .form(
                    &TeamFormation::ByCount { count: teams },
                    &ids,
                    &mut class.rng,
                )
                .unwrap();
            class
        }

        /// The participants in the room.
        pub fn ids(&self) -> &[ParticipantId] {
            &self.ids
        }

        /// The people as a kind reads them.
        pub fn people(&self) -> Roster<'_> {
            Roster::new(&self.participants, &self.ids, &self.teams)
        }

        /// The context of an input at `now`.
        pub fn at(&mut self, now: u64) -> Cx<'_> {
            Cx {
                now,
                roster: Roster::new(&self.participants, &self.ids, &self.teams),
                rng: &mut self.rng,
                online: None,
            }
        }

        /// The teams, to change them.
        pub fn teams_mut(&mut self) -> &mut Teams {
            &mut self.teams
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Deadline;

    #[test]
    fn a_deadline_is_stored_as_the_bare_time_and_moves_on_after_a_restart() {
        let mut deadline = Deadline::after(1_000, 30);
        assert_eq!(serde_json::to_string(&deadline).unwrap(), "31000");
        assert_eq!(
            serde_json::from_str::<Option<Deadline>>("31000").unwrap(),
            Some(deadline)
        );
        assert_eq!(Deadline::timer(1_000, None), None);
        assert!(!deadline.due(30_999));
        assert!(deadline.due(31_000));
        deadline.resume(5_000);
        assert_eq!(deadline.at(), 36_000);
        assert!(!deadline.due(31_000));
    }
}
