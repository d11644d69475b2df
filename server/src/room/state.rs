//! A room's state as a pure function of its records: participants, teams, the agenda of
//! activities.
//!
//! [`RoomState::apply`] takes one [`Record`] (an input with its time and author) and either
//! refuses it (nothing changes) or applies it and says what changed ([`Effect`]s). Replaying
//! the same records on a fresh state rebuilds the same room: randomness comes from a generator
//! seeded by the room's seed and the record's sequence number, time from the record, and who
//! was connected (where an input depends on it) from the record too. Activities are reached
//! only through the [`AnyKind`] trait.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use kring_protocol::{
    Act, ActivityChange, ActivityHostView, ActivityId, ActivityInput, ActivitySpec, ActivityView,
    AgendaItem, ChairHostView, ChairPersonal, ChairView, ClientMsgId, ErrorCode, LATE_RELEASE,
    Lang, LateResults, Lead, MAX_CHAIR_MS, MAX_SAVED_TEMPLATES, Me, ParticipantId, ParticipantInfo,
    RoomView, Senders, SessionId, SessionInfo, TeamId, TeamRules, TeamsView, Template,
};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};

use super::activity::Activity;
use super::error::ActError;
use super::kind::{AnyKind, Audience, Change, Cx, Outcome, RoomOp, Roster, Whose, check_sender};
use super::people::{self, Door, NameIndex};
use super::sessions::Sessions;
use super::teams::Teams;
use super::templates;
pub use crate::meta::RoomMeta;
use crate::names;

/// Most activities in one session's agenda (a 90-minute plan, with room to spare).
pub const MAX_SESSION_ACTIVITIES: usize = 30;
/// Most activities on one room's agenda, over all its sessions (two sessions filled to
/// [`MAX_SESSION_ACTIVITIES`], or the four template sessions with plenty added on the fly). It
/// bounds the room's memory and the host's `welcome`, which carries every activity's full spec:
/// 60 quizzes at every limit stay well under the write cap
/// ([`crate::config::MAX_WRITE_BUFFER_BYTES`]; a test checks it).
pub const MAX_ACTIVITIES: usize = 60;
/// Rooms up to this size list every team's members in the teams view; larger rooms (an event
/// hall) send team sizes only, which keeps that broadcast small.
pub const MAX_LISTED_MEMBERS: usize = 1000;

/// Who did something.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Who {
    /// The facilitator (host console or host API).
    Host,
    /// A participant's phone.
    Participant(ParticipantId),
    /// The server itself (deadlines, "everyone answered").
    System,
}

/// One applied input, as stored in the event log.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Record {
    /// Server time it was applied (ms since the UNIX epoch).
    pub at: u64,
    /// Its author.
    pub who: Who,
    /// What happened.
    pub input: Input,
    /// Who was connected, for inputs that depend on it ([`RoomState::wants_presence`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<Vec<ParticipantId>>,
}

impl Record {
    /// A record that does not depend on who is connected.
    pub fn new(at: u64, who: Who, input: Input) -> Self {
        Record {
            at,
            who,
            input,
            online: None,
        }
    }
}

/// The inputs a room applies.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub enum Input {
    /// A new participant; `token` is the resume secret chosen by the server.
    Join {
        /// Chosen nickname, or `None` for a generated one.
        nickname: Option<String>,
        /// Language of a generated nickname.
        lang: Lang,
        /// Resume token.
        token: String,
    },
    /// An action, with the client's id when it came from a client.
    Act {
        /// Client-chosen id (`None` for the host API and the server itself).
        id: Option<ClientMsgId>,
        /// The action.
        act: Act,
    },
    /// Time passed: let the current activity lock what is due.
    Tick,
    /// A participant without a team came back while the room has teams: place them like a
    /// late joiner.
    Place {
        /// Who.
        participant: ParticipantId,
    },
    /// The server is stopping gracefully: what is open keeps the time it has left.
    Pause,
    /// The server is back after a graceful stop: the current activity's clock moves on by the
    /// time it was stopped.
    Resume,
}

/// What an applied record changed, so the room can tell the right clients.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// The current activity or its phase changed: everyone gets the new view.
    Activity,
    /// The activity beside the current one changed (or another or none is beside): everyone
    /// gets its new view.
    Beside,
    /// What only the host sees of the current activity changed as a whole.
    HostView,
    /// Small changes to an activity, for their audiences (coalesced).
    Changes(ActivityId, Vec<Change>),
    /// Small changes to an activity built when they are sent ([`RoomState::change_at_send`]),
    /// by audience and key (coalesced).
    ChangesAtSend(ActivityId, Vec<(Audience, u64)>),
    /// The agenda changed: the host gets it.
    Agenda,
    /// Someone joined or was removed.
    Participants,
    /// The teams or role cards changed (coalesced).
    Teams,
    /// The rules for forming teams changed: the host gets them.
    TeamRules,
    /// One participant's own state changed.
    Personal(ParticipantId),
    /// Every participant's own state changed.
    PersonalAll,
    /// The empty chairs changed as everyone sees them: everyone gets them.
    Chairs,
    /// The empty chairs changed as the host sees them (late input, moderation).
    HostChairs,
    /// The current activity's response count changed.
    Progress,
    /// A participant was removed: disconnect them.
    Removed(ParticipantId),
    /// How people get in (lock, expected size, approval) changed.
    Admission,
    /// Another console drives now: the host consoles get it.
    Lead,
    /// The templates the room keeps changed: the host consoles get them.
    Templates,
}

/// The result of applying a record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Applied {
    /// What changed.
    pub effects: Vec<Effect>,
    /// The action's id had been applied before; nothing changed.
    pub duplicate: bool,
    /// The participant a `Join` created.
    pub joined: Option<ParticipantId>,
}

impl Applied {
    fn effects(effects: Vec<Effect>) -> Self {
        Applied {
            effects,
            ..Applied::default()
        }
    }
}

/// A participant.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Participant {
    /// Id.
    pub id: ParticipantId,
    /// Nickname (unique in the room, case-insensitively).
    pub nickname: String,
    /// Resume token.
    pub token: String,
    /// Removed by the host: cannot resume, not ranked.
    pub removed: bool,
    /// When they joined (ms since the UNIX epoch; 0 in rooms older than this field).
    #[serde(default)]
    pub joined_at: u64,
    /// The facilitator approved (or gave) their name: the projector shows it at once.
    #[serde(default)]
    pub approved: bool,
    /// The latest ids of this participant's applied actions.
    #[serde(default)]
    recent: RecentIds,
    /// Every id, as rooms stored before [`RecentIds`] kept them: read once, then folded into
    /// `recent` and `acted` by [`RoomState::reindex`].
    #[serde(default, rename = "seen", skip_serializing)]
    legacy_seen: Vec<ClientMsgId>,
    /// They did something that names them (see [`AnyKind::shows_actor`]); anonymous actions
    /// leave this alone, so the console's list never moves as one arrives.
    #[serde(default)]
    acted: bool,
}

impl Participant {
    /// A participant who just joined.
    pub fn new(id: ParticipantId, nickname: String, token: String) -> Self {
        Participant {
            id,
            nickname,
            token,
            removed: false,
            joined_at: 0,
            approved: false,
            recent: RecentIds::default(),
            legacy_seen: Vec::new(),
            acted: false,
        }
    }

    /// Whether they did anything in the room (an answer, vote, proposal, team pick).
    pub fn acted(&self) -> bool {
        self.acted
    }
}

/// How many of one sender's latest action ids a room keeps to spot a repeat. A page re-sends
/// only actions not yet acknowledged, as soon as it has reconnected, and a connection sends at
/// most a few actions a second, so a repeat is always among the sender's latest few; keeping
/// every id would grow memory (and snapshots) with every action, forever.
pub const RECENT_ACTION_IDS: usize = 256;

/// The latest action ids of one sender (host consoles share one), oldest first, each as its
/// 64-bit FNV-1a hash: 8 bytes an id, the same on every build, so a replay, a snapshot and a
/// restarted server agree. (A sender can only make its own ids collide, losing its own action.)
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(transparent)]
pub struct RecentIds(VecDeque<u64>);

impl RecentIds {
    fn hash(id: &ClientMsgId) -> u64 {
        id.0.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    }

    /// Whether `id` is among the latest [`RECENT_ACTION_IDS`].
    pub fn contains(&self, id: &ClientMsgId) -> bool {
        self.0.contains(&Self::hash(id))
    }

    /// Records `id`, forgetting the oldest beyond [`RECENT_ACTION_IDS`].
    pub fn insert(&mut self, id: &ClientMsgId) {
        if self.0.len() >= RECENT_ACTION_IDS {
            self.0.pop_front();
        }
        self.0.push_back(Self::hash(id));
    }

    /// How many ids are kept.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An activity left open after the live session (the empty chair): its late twin, which takes
/// the late input, and who added to it. The live activity itself never changes through it.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Chair {
    /// Late input is taken before this time (ms since the UNIX epoch).
    until: u64,
    /// When the chair was first left open (the twin's opening time).
    opened_at: u64,
    /// The late twin: the same kind with the same spec, opened for input.
    twin: Activity,
    /// Distinct participants whose late input was applied.
    contributors: BTreeSet<ParticipantId>,
}

impl Chair {
    /// Whether late input is taken at `now`.
    pub fn open_at(&self, now: u64) -> bool {
        now < self.until
    }

    /// The late twin.
    pub fn twin(&self) -> &Activity {
        &self.twin
    }

    /// Distinct late contributors.
    pub fn contributors(&self) -> u32 {
        self.contributors.len() as u32
    }

    /// Whether its late input shows beyond the host ([`LATE_RELEASE`] contributors or more).
    pub fn released(&self) -> bool {
        self.contributors() >= LATE_RELEASE
    }

    /// Until when it takes late input.
    pub fn until(&self) -> u64 {
        self.until
    }
}

/// A room's full state.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct RoomState {
    meta: RoomMeta,
    participants: Vec<Participant>,
    tokens: HashMap<String, ParticipantId>,
    /// Nicknames by their look-alike key (rebuilt, not stored).
    #[serde(skip)]
    names: NameIndex,
    /// Lock, expected size, approval of names.
    #[serde(default)]
    door: Door,
    /// Participants not removed, in id order.
    roster: Vec<ParticipantId>,
    /// Teams, role cards and the rules for forming teams.
    #[serde(default)]
    teams: Teams,
    /// Every activity, grouped by session in the sessions' order ([`Sessions::position`]).
    agenda: Vec<(ActivityId, Activity)>,
    /// The sessions, each activity's session, plan and time.
    #[serde(default)]
    sessions: Sessions,
    next_activity: u32,
    current: Option<ActivityId>,
    /// The activity running beside the current one (a timer over a brainstorm), if any: its
    /// view travels beside the current one's ([`Effect::Beside`]) and its clock ticks too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    beside: Option<ActivityId>,
    /// The latest ids of the host consoles' applied actions.
    #[serde(default)]
    host_recent: RecentIds,
    /// Every host id, as rooms stored before [`RecentIds`] kept them (see `legacy_seen`).
    #[serde(default, rename = "host_seen", skip_serializing)]
    legacy_host_seen: Vec<ClientMsgId>,
    seq: u64,
    /// When the server stopped gracefully ([`Input::Pause`]), until it is back.
    #[serde(default)]
    paused_at: Option<u64>,
    /// How many responses of removed participants each activity voided ([`AnyKind::void`]).
    #[serde(default)]
    voided: BTreeMap<ActivityId, u32>,
    /// Per started activity, each member's team at its start (or at their first input to it):
    /// the team its own-team rules use ([`Roster::with_teams_at_start`]).
    #[serde(default)]
    teams_at_start: BTreeMap<ActivityId, BTreeMap<ParticipantId, TeamId>>,
    /// Which host console drives now (absent in rooms where the organiser's always did).
    #[serde(default, skip_serializing_if = "Lead::is_organiser")]
    lead: Lead,
    /// The templates kept in the room ([`Act::SaveTemplate`]), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    templates: Vec<Template>,
    /// Activities left open for the empty chair, by the live activity's id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    chairs: BTreeMap<ActivityId, Chair>,
}

impl RoomState {
    /// An empty room.
    pub fn new(meta: RoomMeta) -> Self {
        let keeps_times = meta.keeps_times;
        RoomState {
            meta,
            participants: Vec::new(),
            tokens: HashMap::new(),
            names: NameIndex::default(),
            door: Door::default(),
            roster: Vec::new(),
            teams: Teams::default(),
            agenda: Vec::new(),
            sessions: Sessions::new(keeps_times),
            next_activity: 1,
            current: None,
            beside: None,
            host_recent: RecentIds::default(),
            legacy_host_seen: Vec::new(),
            seq: 0,
            paused_at: None,
            voided: BTreeMap::new(),
            teams_at_start: BTreeMap::new(),
            lead: Lead::Organiser,
            templates: Vec::new(),
            chairs: BTreeMap::new(),
        }
    }

    /// Which host console drives now.
    pub fn lead(&self) -> Lead {
        self.lead
    }

    /// The templates the room keeps, oldest first.
    pub fn templates(&self) -> &[Template] {
        &self.templates
    }

    /// Refuses what a host console (the organiser's, or a co-facilitator's: `seat`) may not
    /// send now: what runs the session needs the lead ([`Act::needs_lead`]), and only the
    /// organiser's console takes the lead back. Checked before an action is recorded, so a
    /// replay needs no seat; the host API is the organiser and is not checked.
    pub fn check_lead(&self, seat: Lead, act: &Act) -> Result<(), ActError> {
        if *act == Act::TakeLead && seat != Lead::Organiser {
            return Err(ActError::new(
                ErrorCode::Forbidden,
                "only the organiser's console takes the lead back",
            ));
        }
        if act.needs_lead() && seat != self.lead {
            return Err(ActError::new(
                ErrorCode::NotTheLead,
                match self.lead {
                    Lead::Organiser => {
                        "the organiser's console drives now; a co-facilitator moderates"
                    }
                    Lead::CoFacilitator => {
                        "the co-facilitator drives now; you may moderate or take the lead back"
                    }
                },
            ));
        }
        Ok(())
    }

    /// What the room was created with.
    pub fn meta(&self) -> &RoomMeta {
        &self.meta
    }

    /// How many records have been applied.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// How many responses of removed participants activity `id` voided.
    pub fn voided(&self, id: ActivityId) -> u32 {
        self.voided.get(&id).copied().unwrap_or(0)
    }

    /// Participants not removed.
    pub fn roster(&self) -> &[ParticipantId] {
        &self.roster
    }

    /// The room's people as activities read them.
    pub fn people(&self) -> Roster<'_> {
        Roster::new(&self.participants, &self.roster, &self.teams)
    }

    /// How people get in.
    pub fn door(&self) -> &Door {
        &self.door
    }

    /// Rebuilds what is kept beside the records but not stored (the nickname index) after
    /// loading a snapshot.
    pub fn reindex(&mut self) {
        self.names.sync(&self.participants, &self.roster);
        for p in &mut self.participants {
            if !p.legacy_seen.is_empty() {
                p.acted = true;
            }
            for id in p.legacy_seen.drain(..) {
                p.recent.insert(&id);
            }
        }
        for id in std::mem::take(&mut self.legacy_host_seen) {
            self.host_recent.insert(&id);
        }
    }

    /// How many action ids the room keeps to spot repeats: the host's and each participant's
    /// (each at most [`RECENT_ACTION_IDS`]).
    pub fn kept_action_ids(&self) -> (usize, usize) {
        let most = self.participants.iter().map(|p| p.recent.len()).max();
        (self.host_recent.len(), most.unwrap_or(0))
    }

    /// Nicknames by their look-alike key.
    pub fn name_index(&self) -> &NameIndex {
        &self.names
    }

    /// The teams, role cards and rules.
    pub fn teams(&self) -> &Teams {
        &self.teams
    }

    /// The participant with this resume token.
    pub fn participant_by_token(&self, token: &str) -> Option<&Participant> {
        self.tokens
            .get(token)
            .map(|id| &self.participants[id.0 as usize])
    }

    /// Everyone who ever joined, removed participants included, in id order.
    pub fn participants(&self) -> &[Participant] {
        &self.participants
    }

    /// A participant by id.
    pub fn participant(&self, id: ParticipantId) -> Option<&Participant> {
        self.participants.get(id.0 as usize)
    }

    /// The current activity's id.
    pub fn current_id(&self) -> Option<ActivityId> {
        self.current
    }

    /// The current activity.
    pub fn current(&self) -> Option<&Activity> {
        let id = self.current?;
        self.activity(id)
    }

    /// The current activity as its kind.
    pub fn current_kind(&self) -> Option<&dyn AnyKind> {
        self.current().map(Activity::kind)
    }

    /// The activity running beside the current one, if any.
    pub fn beside_id(&self) -> Option<ActivityId> {
        self.beside
    }

    /// The activity beside the current one as everyone sees it.
    pub fn beside_view(&self) -> Option<ActivityView> {
        let id = self.beside?;
        self.activity(id)
            .map(|activity| activity.kind().public_view(&self.people()))
    }

    /// When the room next needs a tick: the earlier of the current activity's deadline and
    /// the one beside it.
    pub fn next_deadline(&self) -> Option<u64> {
        [self.current, self.beside]
            .into_iter()
            .flatten()
            .filter_map(|id| self.activity(id)?.kind().deadline())
            .min()
    }

    /// All activities in agenda order (session by session).
    pub fn activities(&self) -> impl Iterator<Item = (ActivityId, &Activity)> {
        self.agenda.iter().map(|(id, a)| (*id, a))
    }

    /// The newest activity (the one an `AddActivity` just added).
    pub fn newest_activity(&self) -> Option<ActivityId> {
        self.agenda.iter().map(|(id, _)| *id).max()
    }

    /// The room's sessions and each activity's session, plan and time.
    pub fn sessions(&self) -> &Sessions {
        &self.sessions
    }

    /// The room's sessions, in order, as the host sees them.
    pub fn session_list(&self) -> Vec<SessionInfo> {
        self.sessions.list().to_vec()
    }

    /// Activity `id`'s change `key` for `audience` as of now ([`Effect::ChangesAtSend`]).
    pub fn change_at_send(
        &self,
        id: ActivityId,
        audience: Audience,
        key: u64,
    ) -> Option<ActivityChange> {
        let mut people = self.people();
        if let Some(at_start) = self.teams_at_start.get(&id) {
            people = people.with_teams_at_start(at_start);
        }
        self.activity(id)?
            .kind()
            .change_at_send(audience, key, &people)
    }

    fn activity(&self, id: ActivityId) -> Option<&Activity> {
        self.agenda.iter().find(|(a, _)| *a == id).map(|(_, a)| a)
    }

    fn activity_mut(&mut self, id: ActivityId) -> Result<&mut Activity, ActError> {
        agenda_entry(&mut self.agenda, id)
    }

    /// Whether an action id from this author has been applied before.
    pub fn is_duplicate(&self, who: Who, id: &ClientMsgId) -> bool {
        match who {
            Who::Host => self.host_recent.contains(id),
            Who::Participant(p) => self.participant(p).is_some_and(|p| p.recent.contains(id)),
            Who::System => false,
        }
    }

    /// Whether a participant's `act` shows them as having acted in the console's list: all
    /// but an activity's anonymous inputs ([`AnyKind::shows_actor`]).
    fn shows_actor(&self, act: &Act) -> bool {
        match act {
            Act::Activity { activity, input } | Act::Chair { activity, input } => self
                .activity(*activity)
                .is_none_or(|a| a.kind().shows_actor(input)),
            _ => true,
        }
    }

    /// Whether the record of `act` must carry who is connected ([`Record::online`]).
    pub fn wants_presence(&self, act: &Act) -> bool {
        match act {
            Act::FormTeams { .. } | Act::ClosePicking => true,
            Act::Activity { activity, input } => self
                .activity(*activity)
                .is_some_and(|a| a.kind().wants_presence(input)),
            _ => false,
        }
    }

    /// The team a participant coming back without a team should be placed in, if any (the
    /// room records an [`Input::Place`] for it).
    pub fn team_for_returning(&self, id: ParticipantId) -> Option<TeamId> {
        let present = self.participant(id).is_some_and(|p| !p.removed);
        (present && self.teams.team_of(id).is_none())
            .then(|| self.teams.team_for_late_joiner(id))
            .flatten()
    }

    /// A generator for this record's random choices: the same on every replay.
    fn rng(&self) -> StdRng {
        StdRng::seed_from_u64(self.meta.seed ^ self.seq.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    /// Applies one record. On `Err` nothing changed.
    pub fn apply(&mut self, record: &Record) -> Result<Applied, ActError> {
        let mut applied = match &record.input {
            Input::Join {
                nickname,
                lang,
                token,
            } => self.join(nickname.as_deref(), *lang, token, record.at)?,
            Input::Act { id, act } => {
                if let Some(id) = id
                    && self.is_duplicate(record.who, id)
                {
                    return Ok(Applied {
                        duplicate: true,
                        ..Applied::default()
                    });
                }
                let shows_actor = self.shows_actor(act);
                let applied = self.act(record, act)?;
                if let Who::Participant(p) = record.who
                    && shows_actor
                {
                    self.participants[p.0 as usize].acted = true;
                }
                if let Some(id) = id {
                    match record.who {
                        Who::Host => self.host_recent.insert(id),
                        Who::Participant(p) => self.participants[p.0 as usize].recent.insert(id),
                        Who::System => {}
                    }
                }
                applied
            }
            Input::Tick => self.tick(record.at),
            Input::Place { participant } => {
                if self.team_for_returning(*participant).is_none() {
                    return Err(ActError::new(ErrorCode::NoTeam, "no team to place them in"));
                }
                self.teams.place_late(*participant);
                Applied::effects(vec![Effect::Teams, Effect::Personal(*participant)])
            }
            Input::Pause => {
                self.paused_at = Some(record.at);
                self.sessions.pause(self.current, record.at);
                Applied::default()
            }
            Input::Resume => self.resume(record.at)?,
        };
        self.seq += 1;
        applied.effects.dedup();
        Ok(applied)
    }

    fn join(
        &mut self,
        nickname: Option<&str>,
        lang: Lang,
        token: &str,
        at: u64,
    ) -> Result<Applied, ActError> {
        if let Err(refused) = self.door.admit(self.roster.len()) {
            // A locked door keeps pranksters out of a lesson; after it, an open empty chair
            // is an invitation to whoever was absent, so it lets them in while nothing runs
            // live. The expected size still holds (the absent were part of it).
            let chair_open = self.current.is_none() && self.chairs.values().any(|c| c.open_at(at));
            let only_locked = refused.code == ErrorCode::RoomLocked && {
                let mut unlocked = self.door.clone();
                unlocked.locked = false;
                unlocked.admit(self.roster.len()).is_ok()
            };
            if !(chair_open && only_locked) {
                return Err(refused);
            }
        }
        self.names.sync(&self.participants, &self.roster);
        let nickname = match nickname {
            Some(raw) => {
                let nickname = names::check_nickname(raw)?;
                if self.names.holder(&nickname).is_some() {
                    return Err(people::taken());
                }
                nickname
            }
            None => names::generate(&mut self.rng(), lang, |n| self.names.holder(n).is_some()),
        };
        let id = ParticipantId(self.participants.len() as u32);
        self.names.insert(id, &nickname);
        self.tokens.insert(token.to_owned(), id);
        self.roster.push(id);
        let mut participant = Participant::new(id, nickname, token.to_owned());
        participant.joined_at = at;
        self.participants.push(participant);
        let mut effects = vec![Effect::Participants];
        if self.teams.place_late(id).is_some() {
            effects.push(Effect::Teams);
        }
        Ok(Applied {
            effects,
            duplicate: false,
            joined: Some(id),
        })
    }

    /// The participants a team formation places: those connected when it was recorded (who
    /// is not there gets a team on coming back), or everyone in the room.
    fn people_to_place(&self, record: &Record) -> Vec<ParticipantId> {
        match &record.online {
            Some(online) => {
                let online: BTreeSet<ParticipantId> = online.iter().copied().collect();
                self.roster
                    .iter()
                    .copied()
                    .filter(|p| online.contains(p))
                    .collect()
            }
            None => self.roster.clone(),
        }
    }

    fn act(&mut self, record: &Record, act: &Act) -> Result<Applied, ActError> {
        let who = record.who;
        if let Who::Participant(p) = who
            && self.participant(p).is_none_or(|p| p.removed)
        {
            return Err(ActError::new(
                ErrorCode::Removed,
                "you were removed from this room",
            ));
        }
        // Who may send what, in one place: an activity's input is checked by its kind's
        // declaration (`AnyKind::apply`) once it is found; every other action here.
        if !matches!(act, Act::Activity { .. }) {
            check_sender(act.senders(), who)?;
        }
        // Team changes show in everyone's own view (own team, role) and in the current
        // activity (team columns, results).
        let teams_changed = vec![
            Effect::Teams,
            Effect::PersonalAll,
            Effect::Activity,
            Effect::HostView,
        ];
        // A room created before sessions keeps times from its first change of sessions or plan.
        let plans = matches!(
            act,
            Act::AddSession { .. }
                | Act::UpdateSession { .. }
                | Act::RemoveSession { .. }
                | Act::MoveActivity { .. }
                | Act::DuplicateActivity { .. }
                | Act::SetPlanned { .. }
                | Act::AddActivity {
                    session: Some(_),
                    ..
                }
        );
        let effects = match act {
            Act::Activity { activity, input } => {
                return self.activity_input(record, *activity, input);
            }
            Act::LeaveOpen { activity, until } => {
                return self.leave_open(record, *activity, *until);
            }
            Act::Chair { activity, input } => {
                return self.chair_input(record, *activity, input);
            }
            Act::AddActivity { spec, session } => {
                let session = session.unwrap_or_else(|| self.sessions.last());
                self.sessions.check(session)?;
                self.add_activity(spec.clone(), session)?;
                vec![Effect::Agenda]
            }
            Act::AddSession { title, date } => {
                self.sessions.add(title, date.as_deref())?;
                vec![Effect::Agenda]
            }
            Act::UpdateSession {
                session,
                title,
                date,
            } => {
                self.sessions.update(*session, title, date.as_deref())?;
                vec![Effect::Agenda]
            }
            Act::RemoveSession { session } => {
                self.remove_session(*session)?;
                vec![Effect::Agenda]
            }
            Act::MoveActivity {
                activity,
                session,
                index,
            } => {
                self.move_activity(*activity, *session, *index as usize)?;
                vec![Effect::Agenda]
            }
            Act::DuplicateActivity { activity } => {
                self.duplicate(*activity)?;
                vec![Effect::Agenda]
            }
            Act::SetPlanned { activity, minutes } => {
                self.activity_mut(*activity)?;
                self.sessions.set_planned(*activity, *minutes)?;
                vec![Effect::Agenda]
            }
            Act::UpdateActivity { activity, spec } => {
                let id = *activity;
                let replacement = Activity::new(id, spec.clone())?;
                let entry = self.activity_mut(id)?;
                if entry.kind().started() {
                    return Err(ActError::new(
                        ErrorCode::WrongPhase,
                        "a started activity cannot be changed",
                    ));
                }
                if std::mem::discriminant(entry) != std::mem::discriminant(&replacement) {
                    return Err(ActError::invalid_spec("an activity cannot change its kind"));
                }
                *entry = replacement;
                let mut effects = vec![Effect::Agenda];
                if self.current == Some(id) {
                    effects.extend([Effect::Activity, Effect::HostView, Effect::PersonalAll]);
                }
                if self.beside == Some(id) {
                    effects.push(Effect::Beside);
                }
                effects
            }
            Act::RemoveActivity { activity } => {
                self.activity_mut(*activity)?;
                if self.current == Some(*activity) || self.beside == Some(*activity) {
                    return Err(ActError::new(
                        ErrorCode::WrongPhase,
                        "the current activity (or the one beside it) cannot be removed",
                    ));
                }
                self.agenda.retain(|(id, _)| id != activity);
                self.sessions.forget(*activity);
                if self.chairs.remove(activity).is_some() {
                    vec![
                        Effect::Agenda,
                        Effect::Chairs,
                        Effect::HostChairs,
                        Effect::PersonalAll,
                    ]
                } else {
                    vec![Effect::Agenda]
                }
            }
            Act::SetCurrent { activity } => {
                if let Some(id) = activity {
                    self.activity_mut(*id)?;
                }
                // Going back to an earlier activity keeps its results: it only becomes current.
                self.sessions.switch(self.current, *activity, record.at);
                self.current = *activity;
                let mut effects = current_changed();
                if activity.is_some() && *activity == self.beside {
                    // The timer beside becomes the activity itself.
                    self.beside = None;
                    effects.push(Effect::Beside);
                }
                effects
            }
            Act::SetBeside { activity } => {
                if let Some(id) = activity {
                    let entry = self.activity_mut(*id)?;
                    if !entry.kind().runs_beside() {
                        return Err(ActError::new(
                            ErrorCode::InvalidChoice,
                            "only a timer runs beside another activity",
                        ));
                    }
                    if self.current == Some(*id) {
                        return Err(ActError::new(
                            ErrorCode::WrongPhase,
                            "this activity is the current one; it cannot also run beside it",
                        ));
                    }
                }
                self.beside = *activity;
                vec![Effect::Beside, Effect::Agenda]
            }
            Act::FormTeams { formation } => {
                let people = self.people_to_place(record);
                self.teams.form(formation, &people, &mut self.rng())?;
                self.teams_at_start.clear();
                teams_changed
            }
            Act::ClosePicking => {
                let people = self.people_to_place(record);
                self.teams.close_picking(&people)?;
                teams_changed
            }
            Act::PickTeam { team } => {
                let p = who.student()?;
                self.teams.pick(p, *team)?;
                vec![Effect::Teams, Effect::Personal(p)]
            }
            Act::MoveToTeam { participant, team } => {
                if self.participant(*participant).is_none_or(|p| p.removed) {
                    return Err(ActError::new(
                        ErrorCode::InvalidChoice,
                        "no such participant",
                    ));
                }
                self.teams.move_to(*participant, *team)?;
                // The host's move counts in running activities too (a student's pick does not).
                for at_start in self.teams_at_start.values_mut() {
                    match team {
                        Some(team) => at_start.insert(*participant, *team),
                        None => at_start.remove(participant),
                    };
                }
                vec![
                    Effect::Teams,
                    Effect::Personal(*participant),
                    Effect::HostView,
                ]
            }
            Act::RenameTeam { team, name } => {
                self.teams.rename(*team, name)?;
                vec![Effect::Teams, Effect::Activity]
            }
            Act::SetRoles { roles } => {
                self.teams.set_roles(roles)?;
                vec![Effect::Teams, Effect::PersonalAll]
            }
            Act::DealRoles => {
                self.teams.deal_roles(&mut self.rng())?;
                vec![Effect::Teams, Effect::PersonalAll]
            }
            Act::SetTeamRules { rules } => {
                let participants = &self.participants;
                self.teams.set_rules(rules, |p| {
                    participants.get(p.0 as usize).is_some_and(|p| !p.removed)
                })?;
                vec![Effect::TeamRules]
            }
            Act::DissolveTeams => {
                self.teams.dissolve();
                self.teams_at_start.clear();
                teams_changed
            }
            Act::RemoveParticipant { participant } => {
                self.present(*participant)?;
                self.remove(&[*participant])
            }
            Act::RenameParticipant {
                participant,
                nickname,
            } => {
                self.present(*participant)?;
                let nickname = names::check_nickname(nickname)?;
                self.names.sync(&self.participants, &self.roster);
                if self
                    .names
                    .holder(&nickname)
                    .is_some_and(|holder| holder != *participant)
                {
                    return Err(people::taken());
                }
                self.names.remove(*participant);
                self.names.insert(*participant, &nickname);
                let p = &mut self.participants[participant.0 as usize];
                p.nickname = nickname;
                p.approved = true;
                vec![
                    Effect::Participants,
                    Effect::Personal(*participant),
                    Effect::Teams,
                    Effect::Activity,
                    Effect::HostView,
                ]
            }
            Act::RemoveParticipants { filter, up_to } => {
                self.names.sync(&self.participants, &self.roster);
                let who: Vec<ParticipantId> = people::matching(self, filter, record.at)
                    .map(|p| p.id)
                    .filter(|id| id <= up_to)
                    .collect();
                self.remove(&who)
            }
            Act::LockRoom { locked } => {
                self.door.locked = *locked;
                vec![Effect::Admission]
            }
            Act::SetExpectedSize { size } => {
                if size.is_some_and(|n| n == 0 || n > kring_protocol::MAX_EXPECTED_SIZE) {
                    return Err(ActError::new(
                        ErrorCode::InvalidChoice,
                        format!(
                            "an expected size is 1 to {}",
                            kring_protocol::MAX_EXPECTED_SIZE
                        ),
                    ));
                }
                self.door.expected_size = *size;
                vec![Effect::Admission]
            }
            Act::SetApproveNames { on } => {
                if *on && !self.door.approve_names {
                    // Names the projector shows already stay there.
                    let door = self.door.clone();
                    for p in &mut self.participants {
                        if door.show_at(p).is_some_and(|at| at <= record.at) {
                            p.approved = true;
                        }
                    }
                }
                self.door.approve_names = *on;
                vec![Effect::Admission, Effect::Participants]
            }
            Act::ApproveNames { participants } => {
                if participants.len() > kring_protocol::MAX_APPROVE {
                    return Err(ActError::new(
                        ErrorCode::TooLarge,
                        format!(
                            "approve at most {} names at once",
                            kring_protocol::MAX_APPROVE
                        ),
                    ));
                }
                for id in participants {
                    self.present(*id)?;
                }
                for id in participants {
                    self.participants[id.0 as usize].approved = true;
                }
                vec![Effect::Participants]
            }
            Act::HandOver => {
                self.lead = match self.lead {
                    Lead::Organiser => Lead::CoFacilitator,
                    Lead::CoFacilitator => Lead::Organiser,
                };
                vec![Effect::Lead]
            }
            Act::TakeLead => {
                self.lead = Lead::Organiser;
                vec![Effect::Lead]
            }
            Act::InsertTemplate { template, session } => {
                templates::check(template)?;
                let session = session.unwrap_or_else(|| self.sessions.last());
                self.sessions.check(session)?;
                if let Err(full) = self.check_room_for(session, template.items.len()) {
                    return Err(ActError::new(
                        ErrorCode::InvalidTemplate,
                        format!(
                            "items: the template has {} activities, too many here: {}",
                            template.items.len(),
                            full.message
                        ),
                    ));
                }
                for item in &template.items {
                    let mut spec = item.spec.clone();
                    if item.session_columns == Some(true)
                        && let ActivitySpec::CardSort(sort) = &mut spec
                        && let Some(columns) = self.sessions.as_columns(template.lang)
                    {
                        sort.columns = columns;
                    }
                    let id = self.add_activity(spec, session)?;
                    let minutes = item
                        .planned_minutes
                        .map(|m| u16::try_from(m).unwrap_or(u16::MAX));
                    if minutes.is_some() {
                        self.sessions.set_planned(id, minutes)?;
                    }
                }
                vec![Effect::Agenda]
            }
            Act::SaveTemplate { template } => {
                templates::check(template)?;
                let same = |t: &Template| t.title.trim() == template.title.trim();
                if let Some(kept) = self.templates.iter_mut().find(|t| same(t)) {
                    *kept = template.clone();
                } else if self.templates.len() >= MAX_SAVED_TEMPLATES {
                    return Err(ActError::new(
                        ErrorCode::LimitReached,
                        format!(
                            "a room keeps at most {MAX_SAVED_TEMPLATES} templates; remove one first"
                        ),
                    ));
                } else {
                    self.templates.push(template.clone());
                }
                vec![Effect::Templates]
            }
            Act::RemoveTemplate { title } => {
                let before = self.templates.len();
                self.templates.retain(|t| t.title.trim() != title.trim());
                if self.templates.len() == before {
                    return Err(ActError::new(
                        ErrorCode::InvalidChoice,
                        "the room keeps no template with this title",
                    ));
                }
                vec![Effect::Templates]
            }
        };
        if plans {
            self.sessions.keep_times(self.current, record.at);
        }
        Ok(Applied::effects(effects))
    }

    /// Removes a session and the activities on its agenda; refused while one of them has been
    /// started (it may have results), is current or runs beside.
    fn remove_session(&mut self, session: SessionId) -> Result<(), ActError> {
        self.sessions.check(session)?;
        let held: Vec<ActivityId> = self
            .agenda
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| self.sessions.of(*id) == session)
            .collect();
        for id in &held {
            if self.current == Some(*id) || self.beside == Some(*id) {
                return Err(ActError::new(
                    ErrorCode::WrongPhase,
                    "this session holds the current activity (or the one beside it)",
                ));
            }
            if let Some(activity) = self.activity(*id)
                && activity.kind().started()
            {
                return Err(ActError::new(
                    ErrorCode::HasResults,
                    format!(
                        "this session holds \"{}\", which has been started and may have results; \
                         move it to another session first",
                        activity.kind().spec().title()
                    ),
                ));
            }
        }
        self.sessions.remove(session)?;
        self.agenda.retain(|(id, _)| !held.contains(id));
        for id in held {
            self.sessions.forget(id);
        }
        Ok(())
    }

    /// Moves an activity to place `index` of `session` (reordering within its own session or
    /// moving it to another); nothing of it changes but its place.
    fn move_activity(
        &mut self,
        activity: ActivityId,
        session: SessionId,
        index: usize,
    ) -> Result<(), ActError> {
        self.sessions.check(session)?;
        let from = self
            .agenda
            .iter()
            .position(|(id, _)| *id == activity)
            .ok_or_else(not_found)?;
        let others = self
            .agenda
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| *id != activity);
        let room = self.sessions.count(others, session);
        if session != self.sessions.of(activity) && room + 1 > MAX_SESSION_ACTIVITIES {
            return Err(ActError::invalid_spec(format!(
                "a session has at most {MAX_SESSION_ACTIVITIES} activities and that one is full"
            )));
        }
        if index > room {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                format!("that session has {room} other activities: a place is 0 to {room}"),
            ));
        }
        let entry = self.agenda.remove(from);
        let order = self.agenda.iter().map(|(id, _)| *id);
        let to = self.sessions.position(order, session, index);
        self.sessions.place(activity, session);
        self.agenda.insert(to, entry);
        Ok(())
    }

    /// Adds a fresh copy of an activity's spec right after it (no results, nothing started).
    fn duplicate(&mut self, activity: ActivityId) -> Result<ActivityId, ActError> {
        let at = self
            .agenda
            .iter()
            .position(|(id, _)| *id == activity)
            .ok_or_else(not_found)?;
        self.check_room_for(self.sessions.of(activity), 1)?;
        let id = ActivityId(self.next_activity);
        let copy = Activity::new(id, self.agenda[at].1.kind().spec())?;
        self.next_activity += 1;
        self.agenda.insert(at + 1, (id, copy));
        self.sessions.copy(activity, id);
        Ok(id)
    }

    /// Refuses when `n` more activities would not fit in `session` ([`MAX_SESSION_ACTIVITIES`])
    /// or in the room ([`MAX_ACTIVITIES`]); the message names which limit.
    fn check_room_for(&self, session: SessionId, n: usize) -> Result<(), ActError> {
        let order = self.agenda.iter().map(|(id, _)| *id);
        let in_session = self.sessions.count(order, session);
        if in_session + n > MAX_SESSION_ACTIVITIES {
            return Err(ActError::invalid_spec(format!(
                "a session has at most {MAX_SESSION_ACTIVITIES} activities and this one has \
                 {in_session}; remove one or use another session"
            )));
        }
        if self.agenda.len() + n > MAX_ACTIVITIES {
            return Err(ActError::invalid_spec(format!(
                "a room has at most {MAX_ACTIVITIES} activities over all its sessions and this \
                 one has {}; remove one first",
                self.agenda.len()
            )));
        }
        Ok(())
    }

    /// Refuses an id that is no participant in the room (never joined, or removed).
    fn present(&self, id: ParticipantId) -> Result<(), ActError> {
        match self.participant(id) {
            Some(p) if !p.removed => Ok(()),
            _ => Err(ActError::new(
                ErrorCode::InvalidChoice,
                "no such participant",
            )),
        }
    }

    /// Removes participants (all present): their tokens stop working, their names are free
    /// again, they leave their teams, every activity voids their live responses (counted per
    /// activity for its results and exports); their phones are disconnected.
    fn remove(&mut self, who: &[ParticipantId]) -> Vec<Effect> {
        let mut effects: Vec<Effect> = Vec::with_capacity(who.len() + 4);
        let gone: BTreeSet<ParticipantId> = who.iter().copied().collect();
        let mut voided_any = false;
        for &id in &gone {
            let p = &mut self.participants[id.0 as usize];
            p.removed = true;
            self.tokens.remove(&p.token);
            self.names.remove(id);
            self.teams.remove(id);
            for (activity, entry) in &mut self.agenda {
                let n = entry.kind_mut().void(id);
                if n > 0 {
                    *self.voided.entry(*activity).or_default() += n;
                    voided_any = true;
                }
            }
            for chair in self.chairs.values_mut() {
                if chair.twin.kind_mut().void(id) > 0 {
                    voided_any = true;
                }
            }
            effects.push(Effect::Removed(id));
        }
        self.roster.retain(|id| !gone.contains(id));
        effects.extend([Effect::Participants, Effect::Teams, Effect::Progress]);
        if voided_any {
            effects.extend([Effect::Activity, Effect::HostView, Effect::Agenda]);
            if !self.chairs.is_empty() {
                effects.extend([Effect::Chairs, Effect::HostChairs]);
            }
        }
        effects
    }

    /// Adds an activity at the end of a session's agenda (at most [`MAX_SESSION_ACTIVITIES`]
    /// there and [`MAX_ACTIVITIES`] in the room).
    fn add_activity(
        &mut self,
        spec: ActivitySpec,
        session: SessionId,
    ) -> Result<ActivityId, ActError> {
        self.check_room_for(session, 1)?;
        let id = ActivityId(self.next_activity);
        let activity = Activity::new(id, spec)?;
        self.next_activity += 1;
        let order = self.agenda.iter().map(|(id, _)| *id);
        let at = self.sessions.position(order, session, usize::MAX);
        self.agenda.insert(at, (id, activity));
        self.sessions.place(id, session);
        Ok(id)
    }

    fn activity_input(
        &mut self,
        record: &Record,
        id: ActivityId,
        input: &ActivityInput,
    ) -> Result<Applied, ActError> {
        if let Who::Participant(_) = record.who
            && self.current != Some(id)
        {
            return Err(ActError::new(
                ErrorCode::WrongPhase,
                "this activity is not running now",
            ));
        }
        let (outcome, started) =
            self.run_kind(id, record.at, record.online.as_deref(), |kind, cx| {
                kind.apply(record.who, input, cx)
            })?;
        let effects = self.outcome_effects(outcome?, id, started, record.at)?;
        // Someone without a team at the start keeps the team of their first input to it.
        if let Who::Participant(p) = record.who
            && let Some(team) = self.teams.team_of(p)
            && let Some(at_start) = self.teams_at_start.get_mut(&id)
        {
            at_start.entry(p).or_insert(team);
        }
        Ok(Applied::effects(effects))
    }

    /// Runs `f` on activity `id` with the context of a record at `now` (the people, a
    /// generator for this record, who was connected); also says whether that started it.
    fn run_kind<R>(
        &mut self,
        id: ActivityId,
        now: u64,
        online: Option<&[ParticipantId]>,
        f: impl FnOnce(&mut dyn AnyKind, &mut Cx<'_>) -> R,
    ) -> Result<(R, bool), ActError> {
        let mut rng = self.rng();
        // Disjoint borrows: the people are read while the activity changes (no per-input copy).
        let RoomState {
            participants,
            roster,
            teams,
            agenda,
            teams_at_start,
            ..
        } = self;
        let activity = agenda_entry(agenda, id)?;
        let was_started = activity.kind().started();
        let mut people = Roster::new(participants, roster, teams);
        if let Some(at_start) = teams_at_start.get(&id) {
            people = people.with_teams_at_start(at_start);
        }
        let mut cx = Cx {
            now,
            roster: people,
            rng: &mut rng,
            online,
        };
        let result = f(activity.kind_mut(), &mut cx);
        let started = activity.kind().started() != was_started;
        if started {
            // Own-team rules use the teams as they are now, whoever picks another team later.
            let at_start = roster
                .iter()
                .filter_map(|&p| teams.team_of(p).map(|t| (p, t)))
                .collect();
            teams_at_start.insert(id, at_start);
        }
        Ok((result, started))
    }

    /// What an activity's outcome means for the room: its room-level changes are applied and
    /// it becomes effects. An activity that is not current only changes the host's agenda.
    /// Refused (nothing applied) when an activity it adds does not fit.
    fn outcome_effects(
        &mut self,
        outcome: Outcome,
        id: ActivityId,
        started: bool,
        now: u64,
    ) -> Result<Vec<Effect>, ActError> {
        let mut effects = Vec::new();
        if started {
            effects.push(Effect::Agenda);
        }
        let adds = outcome
            .room
            .iter()
            .filter(|op| matches!(op, RoomOp::AddActivity { .. }))
            .count();
        if adds > 0 {
            self.check_room_for(self.sessions.of(id), adds)?;
        }
        let mut now_current = None;
        let mut names = Vec::new();
        for op in outcome.room {
            match op {
                RoomOp::NameTeam { team, name } => names.push((team, name)),
                RoomOp::AddActivity { spec, current } => {
                    // At the end of the session of the activity that adds it.
                    let added = self.add_activity(spec, self.sessions.of(id))?;
                    effects.push(Effect::Agenda);
                    if current {
                        now_current = Some(added);
                    }
                }
            }
        }
        if !names.is_empty() {
            self.teams.name_all(names);
            effects.push(Effect::Teams);
        }
        if let Some(added) = now_current {
            self.sessions.switch(self.current, Some(added), now);
            self.current = Some(added);
            effects.extend(current_changed());
            return Ok(effects);
        }
        if self.beside == Some(id) {
            // Beside the current activity only its public view travels.
            if outcome.view {
                effects.push(Effect::Beside);
            }
            return Ok(effects);
        }
        if self.current != Some(id) {
            return Ok(effects);
        }
        if outcome.view {
            effects.push(Effect::Activity);
        }
        if outcome.host {
            effects.push(Effect::HostView);
        }
        if outcome.progress {
            effects.push(Effect::Progress);
        }
        for whose in outcome.personal {
            match whose {
                Whose::One(p) => effects.push(Effect::Personal(p)),
                Whose::All => effects.push(Effect::PersonalAll),
                Whose::Team(team) => {
                    let members = self.teams.get(team).map(|t| t.members.clone());
                    effects.extend(members.into_iter().flatten().map(Effect::Personal));
                }
            }
        }
        if !outcome.changes.is_empty() {
            effects.push(Effect::Changes(id, outcome.changes));
        }
        if !outcome.at_send.is_empty() {
            effects.push(Effect::ChangesAtSend(id, outcome.at_send));
        }
        Ok(effects)
    }

    /// Leaves activity `id` open for the empty chair until `until`, moves its date, or closes
    /// it (`None`). The late twin is made and opened the first time; closing keeps it (and
    /// what came in late).
    fn leave_open(
        &mut self,
        record: &Record,
        id: ActivityId,
        until: Option<u64>,
    ) -> Result<Applied, ActError> {
        let live = self.activity(id).ok_or_else(|| {
            ActError::new(ErrorCode::ActivityNotFound, "no such activity in this room")
        })?;
        let (spec, started) = (live.kind().spec(), live.kind().started());
        let Some(plan) = live.kind().late_chair() else {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                "this kind of activity takes no late input (a quiz has a clock and scores, \
                 pitches a live order)",
            ));
        };
        let now = record.at;
        match until {
            None => {
                let chair = self.chairs.get_mut(&id).ok_or_else(|| {
                    ActError::new(ErrorCode::ChairClosed, "this activity was not left open")
                })?;
                chair.until = chair.until.min(now);
            }
            Some(until) => {
                if !started {
                    return Err(ActError::new(
                        ErrorCode::WrongPhase,
                        "run the activity with the class first: only what the class did can be \
                         left open",
                    ));
                }
                if until <= now || until - now > MAX_CHAIR_MS {
                    return Err(ActError::new(
                        ErrorCode::InvalidChoice,
                        "pick a date in the future, at most 92 days ahead",
                    ));
                }
                if let Some(chair) = self.chairs.get_mut(&id) {
                    chair.until = until;
                } else {
                    let mut twin = Activity::new(id, spec)?;
                    let mut rng = self.rng();
                    let mut cx = Cx {
                        now,
                        roster: self.people(),
                        rng: &mut rng,
                        online: None,
                    };
                    for input in &plan.open {
                        twin.kind_mut().apply(Who::Host, input, &mut cx)?;
                    }
                    let chair = Chair {
                        until,
                        opened_at: now,
                        twin,
                        contributors: BTreeSet::new(),
                    };
                    self.chairs.insert(id, chair);
                }
            }
        }
        Ok(Applied::effects(vec![
            Effect::Chairs,
            Effect::HostChairs,
            Effect::PersonalAll,
        ]))
    }

    /// Applies an input to activity `id`'s late twin: a phone's (while its chair is open, the
    /// activity is not current and the phone did not take part live) or moderation.
    fn chair_input(
        &mut self,
        record: &Record,
        id: ActivityId,
        input: &ActivityInput,
    ) -> Result<Applied, ActError> {
        let chair = self.chairs.get(&id).ok_or_else(|| {
            ActError::new(ErrorCode::ChairClosed, "this activity was not left open")
        })?;
        match record.who {
            Who::Participant(p) => {
                if self.current == Some(id) {
                    return Err(ActError::new(
                        ErrorCode::WrongPhase,
                        "this activity runs live now: take part there",
                    ));
                }
                if !chair.open_at(record.at) {
                    return Err(ActError::new(
                        ErrorCode::ChairClosed,
                        "the empty chair of this activity is closed",
                    ));
                }
                if self.activity(id).is_some_and(|a| a.kind().took_part(p)) {
                    return Err(ActError::new(
                        ErrorCode::AlreadyAnswered,
                        "you took part in class: your voice is in the class's results",
                    ));
                }
            }
            Who::Host | Who::System => {
                if input.senders() == Senders::Host {
                    return Err(ActError::new(
                        ErrorCode::Forbidden,
                        "an empty chair opens and closes by its date; only moderation applies",
                    ));
                }
            }
        }
        let was_released = chair.released();
        let mut rng = self.rng();
        let RoomState {
            participants,
            roster,
            teams,
            chairs,
            ..
        } = self;
        let chair = chairs
            .get_mut(&id)
            .ok_or_else(|| ActError::new(ErrorCode::ChairClosed, "not left open"))?;
        let mut cx = Cx {
            now: record.at,
            roster: Roster::new(participants, roster, teams),
            rng: &mut rng,
            online: None,
        };
        let outcome = chair.twin.kind_mut().apply(record.who, input, &mut cx)?;
        if let Who::Participant(p) = record.who {
            chair.contributors.insert(p);
        }
        let mut effects = vec![Effect::HostChairs];
        if chair.released() || was_released {
            effects.push(Effect::Chairs);
        }
        if let Who::Participant(p) = record.who {
            effects.push(Effect::Personal(p));
        }
        for whose in outcome.personal {
            match whose {
                Whose::One(p) => effects.push(Effect::Personal(p)),
                Whose::All | Whose::Team(_) => effects.push(Effect::PersonalAll),
            }
        }
        Ok(Applied::effects(effects))
    }

    /// The empty chairs, by live activity, in agenda order.
    pub fn chairs(&self) -> impl Iterator<Item = (ActivityId, &Chair)> {
        self.agenda
            .iter()
            .filter_map(|(id, _)| self.chairs.get(id).map(|c| (*id, c)))
    }

    /// The results of a chair's late input, as its kind shows results: a copy of the twin
    /// given the kind's closing inputs (the twin itself stays open).
    pub fn late_results(&self, chair: &Chair) -> ActivityView {
        self.late_copy(chair).kind().public_view(&self.people())
    }

    /// A copy of a chair's late twin given its kind's closing inputs (for views and exports;
    /// the twin itself stays open).
    pub fn late_copy(&self, chair: &Chair) -> Activity {
        let mut copy = chair.twin.clone();
        if let Some(plan) = copy.kind().late_chair() {
            let mut rng = StdRng::seed_from_u64(self.meta.seed);
            let mut cx = Cx {
                now: chair.opened_at,
                roster: self.people(),
                rng: &mut rng,
                online: None,
            };
            for input in &plan.results {
                // An input the copy's phase does not take (a reveal of a live wall) is skipped.
                let _ = copy.kind_mut().apply(Who::Host, input, &mut cx);
            }
        }
        copy
    }

    /// What a late phone's input page renders from: a fresh copy, opened, with nothing in it.
    fn input_view(&self, id: ActivityId, chair: &Chair) -> ActivityView {
        let spec = chair.twin.kind().spec();
        let Ok(mut fresh) = Activity::new(id, spec) else {
            return chair.twin.kind().public_view(&self.people());
        };
        if let Some(plan) = fresh.kind().late_chair() {
            let mut rng = StdRng::seed_from_u64(self.meta.seed);
            let mut cx = Cx {
                now: chair.opened_at,
                roster: self.people(),
                rng: &mut rng,
                online: None,
            };
            for input in &plan.open {
                let _ = fresh.kind_mut().apply(Who::Host, input, &mut cx);
            }
        }
        fresh.kind().public_view(&self.people())
    }

    /// The empty chairs as phones and the projector see them: late input only once released.
    pub fn chair_views(&self) -> Vec<ChairView> {
        let people = self.people();
        self.chairs()
            .filter_map(|(id, chair)| {
                let live = self.activity(id)?.kind().public_view(&people);
                Some(ChairView {
                    activity: id,
                    until: chair.until,
                    live,
                    input: self.input_view(id, chair),
                    late: chair.released().then(|| LateResults {
                        contributors: chair.contributors(),
                        view: self.late_results(chair),
                    }),
                })
            })
            .collect()
    }

    /// The empty chairs as the host sees them: every late input at once, with moderation.
    pub fn host_chairs(&self) -> Vec<ChairHostView> {
        let people = self.people();
        self.chairs()
            .map(|(id, chair)| ChairHostView {
                activity: id,
                until: chair.until,
                contributors: chair.contributors(),
                released: chair.released(),
                late: self.late_results(chair),
                host: chair.twin.kind().host_view(&people),
            })
            .collect()
    }

    /// One phone's own part of each empty chair.
    fn chair_personal(&self, p: ParticipantId) -> Vec<ChairPersonal> {
        let people = self.people();
        self.chairs()
            .map(|(id, chair)| ChairPersonal {
                activity: id,
                took_part: self.activity(id).is_some_and(|a| a.kind().took_part(p)),
                personal: chair.twin.kind().personal_view(p, &people),
            })
            .collect()
    }

    /// Whether the server stopped gracefully and has not recorded its return yet.
    pub fn paused(&self) -> bool {
        self.paused_at.is_some()
    }

    /// Moves the current activity's clock on by the time the server was stopped.
    fn resume(&mut self, now: u64) -> Result<Applied, ActError> {
        let Some(paused_at) = self.paused_at.take() else {
            return Err(ActError::new(
                ErrorCode::WrongPhase,
                "the room was not paused",
            ));
        };
        let by = now.saturating_sub(paused_at);
        self.sessions.resume(self.current, now);
        let mut effects = Vec::new();
        if let Some(id) = self.current
            && agenda_entry(&mut self.agenda, id)?.kind_mut().resume(by)
        {
            effects.extend(current_changed());
        }
        if let Some(id) = self.beside
            && agenda_entry(&mut self.agenda, id)?.kind_mut().resume(by)
        {
            effects.push(Effect::Beside);
        }
        Ok(Applied::effects(effects))
    }

    /// Lets the current activity and the one beside it lock what is due.
    fn tick(&mut self, now: u64) -> Applied {
        let mut effects = Vec::new();
        for id in [self.current, self.beside].into_iter().flatten() {
            if let Ok((Some(outcome), _)) =
                self.run_kind(id, now, None, |kind, cx| kind.on_tick(cx))
            {
                effects.extend(
                    self.outcome_effects(outcome, id, false, now)
                        .unwrap_or_default(),
                );
            }
        }
        Applied::effects(effects)
    }

    /// The room as phones and the projector see it.
    pub fn view(&self, join_url: String, online: u32) -> RoomView {
        RoomView {
            code: self.meta.code.clone(),
            title: self.meta.title.clone(),
            join_url,
            participant_count: self.roster.len() as u32,
            online_count: online,
            admission: self.door.admission(0),
            current: self.current_view(),
            beside: self.beside_view(),
            teams: self.teams_view(),
            chairs: self.chair_views(),
        }
    }

    /// The teams and role cards as everyone sees them.
    pub fn teams_view(&self) -> TeamsView {
        let people = self.people();
        self.teams.view(
            |p| people.nickname(p),
            self.roster.len() <= MAX_LISTED_MEMBERS,
        )
    }

    /// The rules for forming teams (host only).
    pub fn team_rules(&self) -> TeamRules {
        self.teams.rules().clone()
    }

    /// The current activity as everyone sees it.
    pub fn current_view(&self) -> Option<ActivityView> {
        self.current().map(|activity| {
            let kind = activity.kind();
            if kind.shows_timeline() && kind.started() {
                kind.timeline_view(&self.people(), self.timeline())
            } else {
                kind.public_view(&self.people())
            }
        })
    }

    /// The room's timeline: every session's activities that ran, their results as the
    /// projector may show them, and what shifted ([`super::history`]).
    pub fn timeline(&self) -> kring_protocol::Timeline {
        super::history::timeline(self)
    }

    /// What only the host sees of the current activity.
    pub fn host_view(&self) -> Option<ActivityHostView> {
        self.current()
            .and_then(|activity| activity.kind().host_view(&self.people()))
    }

    /// A phone's view of itself.
    pub fn me(&self, id: ParticipantId) -> Option<Me> {
        let p = self.participant(id)?;
        let personal = self
            .current()
            .and_then(|activity| activity.kind().personal_view(id, &self.people()));
        Some(Me {
            id,
            nickname: p.nickname.clone(),
            token: p.token.clone(),
            personal,
            team: self.teams.team_of(id),
            role: self.teams.role_of(id),
            chairs: self.chair_personal(id),
        })
    }

    /// The agenda as the host sees it.
    pub fn agenda(&self) -> Vec<AgendaItem> {
        self.agenda
            .iter()
            .map(|(id, activity)| AgendaItem {
                id: *id,
                spec: activity.kind().spec(),
                current: self.current == Some(*id),
                started: activity.kind().started(),
                voided: self.voided(*id),
                beside: self.beside == Some(*id),
                session: self.sessions.of(*id),
                planned_minutes: self.sessions.planned(*id),
                actual_ms: self.sessions.actual_ms(*id),
                running_since: if self.current == Some(*id) {
                    self.sessions.running_since()
                } else {
                    None
                },
            })
            .collect()
    }

    /// Everyone in the room, as the host sees them.
    pub fn participant_list(&self, online: impl Fn(ParticipantId) -> bool) -> Vec<ParticipantInfo> {
        self.roster
            .iter()
            .map(|&id| people::info(self, &self.participants[id.0 as usize], online(id)))
            .collect()
    }
}

/// What a new current activity changes: everyone's view and own view, the host's view, the
/// agenda and the response count.
fn current_changed() -> Vec<Effect> {
    vec![
        Effect::Activity,
        Effect::HostView,
        Effect::Agenda,
        Effect::PersonalAll,
        Effect::Progress,
    ]
}

/// The refusal of an activity id the room does not have.
fn not_found() -> ActError {
    ActError::new(ErrorCode::ActivityNotFound, "no such activity in this room")
}

/// The activity with this id on an agenda.
fn agenda_entry(
    agenda: &mut [(ActivityId, Activity)],
    id: ActivityId,
) -> Result<&mut Activity, ActError> {
    agenda
        .iter_mut()
        .find(|(a, _)| *a == id)
        .map(|(_, a)| a)
        .ok_or_else(|| ActError::new(ErrorCode::ActivityNotFound, "no such activity in this room"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::room::quiz;
    use kring_protocol::RoomCode;
    use kring_protocol::{ActivitySpec, Personal, QuestionSpec, QuizInput, QuizSpec};

    fn meta() -> RoomMeta {
        RoomMeta {
            code: RoomCode("ABCDEF".into()),
            title: "MZ2B".into(),
            host_key: "k".into(),
            seed: 42,
            created_at: 0,
            keeps_times: true,
        }
    }

    fn rec(at: u64, who: Who, input: Input) -> Record {
        Record::new(at, who, input)
    }

    fn join(at: u64, nickname: Option<&str>, token: &str) -> Record {
        rec(
            at,
            Who::System,
            Input::Join {
                nickname: nickname.map(Into::into),
                lang: Lang::Nl,
                token: token.into(),
            },
        )
    }

    fn act(at: u64, who: Who, id: &str, act: Act) -> Record {
        rec(
            at,
            who,
            Input::Act {
                id: Some(ClientMsgId(id.into())),
                act,
            },
        )
    }

    fn quiz_spec() -> ActivitySpec {
        ActivitySpec::Quiz(QuizSpec {
            title: "Quiz".into(),
            no_ranking: false,
            team_mode: false,
            questions: vec![QuestionSpec {
                text: "2+2?".into(),
                options: vec!["3".into(), "4".into()],
                correct: vec![1],
                time_limit_secs: 10,
                mode: kring_protocol::AnswerMode::One,
            }],
        })
    }

    fn quiz_input(activity: u32, input: QuizInput) -> Act {
        Act::Activity {
            activity: ActivityId(activity),
            input: ActivityInput::Quiz(input),
        }
    }

    fn session() -> Vec<Record> {
        vec![
            join(1, Some("Sam"), "t0"),
            join(2, None, "t1"),
            act(
                3,
                Who::Host,
                "h1",
                Act::AddActivity {
                    spec: quiz_spec(),
                    session: None,
                },
            ),
            act(
                4,
                Who::Host,
                "h2",
                Act::SetCurrent {
                    activity: Some(ActivityId(1)),
                },
            ),
            act(
                5,
                Who::Host,
                "h3",
                quiz_input(1, QuizInput::StartQuestion { question: 0 }),
            ),
            act(
                1_005,
                Who::Participant(ParticipantId(0)),
                "a",
                quiz_input(
                    1,
                    QuizInput::Answer {
                        question: 0,
                        choice: 1,
                    },
                ),
            ),
            act(
                2_005,
                Who::Participant(ParticipantId(1)),
                "a",
                quiz_input(
                    1,
                    QuizInput::Answer {
                        question: 0,
                        choice: 0,
                    },
                ),
            ),
            rec(10_005, Who::System, Input::Tick),
        ]
    }

    #[test]
    fn a_graceful_pause_moves_the_open_questions_deadline_on_by_the_time_down() {
        let mut room = RoomState::new(meta());
        // The session up to the open question (before any answer).
        for r in session().into_iter().take(5) {
            room.apply(&r).unwrap();
        }
        assert_eq!(room_deadline(&room), Some(10_005));
        room.apply(&rec(3_000, Who::System, Input::Pause)).unwrap();
        assert!(room.paused());
        let applied = room
            .apply(&rec(60_000, Who::System, Input::Resume))
            .unwrap();
        assert!(
            applied.effects.contains(&Effect::Activity),
            "everyone gets the new deadline"
        );
        assert!(!room.paused());
        assert_eq!(
            room_deadline(&room),
            Some(10_005 + 57_000),
            "7 s were left, 7 s are left"
        );
        // Resume without a pause is refused (and so never recorded).
        assert!(
            room.apply(&rec(61_000, Who::System, Input::Resume))
                .is_err()
        );
    }

    /// A timer beside an open question: the room ticks both, a graceful restart moves both on,
    /// only a timer may run beside, and a room without one stores no `beside` field (so rooms
    /// stored before it read and write the same).
    #[test]
    fn a_timer_beside_the_current_activity_ticks_and_resumes_with_it() {
        use kring_protocol::{TimerInput, TimerPhase, TimerSpec};
        let mut room = RoomState::new(meta());
        for r in session().into_iter().take(5) {
            room.apply(&r).unwrap();
        }
        assert!(serde_json::to_value(&room).unwrap().get("beside").is_none());
        let timer = ActivitySpec::Timer(TimerSpec {
            title: "Bouwen".into(),
            secs: 20,
            sound: false,
        });
        let t = ActivityId(2);
        let timer_input = |input| Act::Activity {
            activity: t,
            input: ActivityInput::Timer(input),
        };
        room.apply(&act(
            6,
            Who::Host,
            "t1",
            Act::AddActivity {
                spec: timer,
                session: None,
            },
        ))
        .unwrap();
        let only_timers = room.apply(&act(
            7,
            Who::Host,
            "t2",
            Act::SetBeside {
                activity: Some(ActivityId(1)),
            },
        ));
        assert_eq!(only_timers.unwrap_err().code, ErrorCode::InvalidChoice);
        room.apply(&act(
            8,
            Who::Host,
            "t3",
            Act::SetBeside { activity: Some(t) },
        ))
        .unwrap();
        let started = room
            .apply(&act(100, Who::Host, "t4", timer_input(TimerInput::Start)))
            .unwrap();
        assert_eq!(started.effects, vec![Effect::Agenda, Effect::Beside]);
        assert_eq!(
            room.next_deadline(),
            Some(10_005),
            "the question's comes first"
        );
        room.apply(&rec(10_005, Who::System, Input::Tick)).unwrap();
        assert_eq!(room.next_deadline(), Some(20_100), "then the timer's");
        room.apply(&rec(11_000, Who::System, Input::Pause)).unwrap();
        let resumed = room
            .apply(&rec(21_000, Who::System, Input::Resume))
            .unwrap();
        assert!(resumed.effects.contains(&Effect::Beside));
        assert_eq!(room.next_deadline(), Some(30_100), "10 s down, 10 s later");
        let ended = room.apply(&rec(30_100, Who::System, Input::Tick)).unwrap();
        assert_eq!(ended.effects, vec![Effect::Beside]);
        let Some(ActivityView::Timer(view)) = room.beside_view() else {
            panic!("a timer beside")
        };
        assert_eq!(
            view.phase,
            TimerPhase::Done {
                ended_at: 30_100,
                stopped: false
            }
        );
        // Made current, it leaves the slot beside.
        let current = room
            .apply(&act(
                31_000,
                Who::Host,
                "t5",
                Act::SetCurrent { activity: Some(t) },
            ))
            .unwrap();
        assert!(current.effects.contains(&Effect::Beside));
        assert_eq!(room.beside_id(), None);
    }

    fn room_deadline(room: &RoomState) -> Option<u64> {
        room.current_kind().and_then(|k| k.deadline())
    }

    #[test]
    fn replaying_records_rebuilds_the_same_room() {
        let mut a = RoomState::new(meta());
        for r in session() {
            a.apply(&r).unwrap();
        }
        let stored = serde_json::to_string(&session()).unwrap();
        let mut b = RoomState::new(meta());
        for r in serde_json::from_str::<Vec<Record>>(&stored).unwrap() {
            b.apply(&r).unwrap();
        }
        assert_eq!(a.seq(), b.seq());
        assert_eq!(
            a.me(ParticipantId(1)),
            b.me(ParticipantId(1)),
            "generated nickname is replayed"
        );
        assert_eq!(a.current_view(), b.current_view());
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::to_value(&b).unwrap()
        );
        let Some(Personal::Quiz(me)) = a.me(ParticipantId(0)).unwrap().personal else {
            panic!()
        };
        assert_eq!(me.score, 950);
    }

    #[test]
    fn a_snapshot_round_trips_through_json() {
        let mut room = RoomState::new(meta());
        for r in session() {
            room.apply(&r).unwrap();
        }
        let json = serde_json::to_string(&room).unwrap();
        let back: RoomState = serde_json::from_str(&json).unwrap();
        assert_eq!(
            serde_json::to_value(&back).unwrap(),
            serde_json::to_value(&room).unwrap()
        );
        assert_eq!(back.me(ParticipantId(0)), room.me(ParticipantId(0)));
        assert!(back.participant_by_token("t1").is_some());
    }

    #[test]
    fn a_repeated_client_id_changes_nothing() {
        let mut room = RoomState::new(meta());
        for r in session().into_iter().take(5) {
            room.apply(&r).unwrap();
        }
        let answer = act(
            100,
            Who::Participant(ParticipantId(0)),
            "x",
            quiz_input(
                1,
                QuizInput::Answer {
                    question: 0,
                    choice: 1,
                },
            ),
        );
        assert!(!room.apply(&answer).unwrap().duplicate);
        let seq = room.seq();
        let before = serde_json::to_value(&room).unwrap();
        assert!(room.apply(&answer).unwrap().duplicate);
        assert_eq!(room.seq(), seq);
        assert_eq!(serde_json::to_value(&room).unwrap(), before);
    }

    #[test]
    fn nicknames_are_unique_and_removed_people_cannot_act() {
        let mut room = RoomState::new(meta());
        room.apply(&join(1, Some("Sam"), "t0")).unwrap();
        let err = room.apply(&join(2, Some("  sam "), "t1")).unwrap_err();
        assert_eq!(err.code, ErrorCode::NicknameTaken);
        room.apply(&act(
            3,
            Who::Host,
            "h",
            Act::RemoveParticipant {
                participant: ParticipantId(0),
            },
        ))
        .unwrap();
        assert!(room.participant_by_token("t0").is_none());
        assert!(room.roster().is_empty());
        let err = room.apply(&act(
            4,
            Who::Participant(ParticipantId(0)),
            "a",
            Act::SetCurrent { activity: None },
        ));
        assert_eq!(err.unwrap_err().code, ErrorCode::Removed);
        room.apply(&join(5, Some("Sam"), "t2"))
            .expect("the nickname is free again");
    }

    #[test]
    fn participants_cannot_drive_the_room() {
        let mut room = RoomState::new(meta());
        room.apply(&join(1, Some("Sam"), "t0")).unwrap();
        let err = room.apply(&act(
            2,
            Who::Participant(ParticipantId(0)),
            "a",
            Act::AddActivity {
                spec: quiz_spec(),
                session: None,
            },
        ));
        assert_eq!(err.unwrap_err().code, ErrorCode::Forbidden);
    }

    /// A quiz at every limit, in the characters JSON escapes longest (`\u0001`, six bytes).
    fn largest_quiz_spec() -> ActivitySpec {
        let text = |chars: usize| "\u{1}".repeat(chars);
        ActivitySpec::Quiz(QuizSpec {
            title: text(quiz::MAX_TITLE_CHARS),
            no_ranking: false,
            team_mode: false,
            questions: (0..quiz::MAX_QUESTIONS)
                .map(|_| QuestionSpec {
                    text: text(quiz::MAX_QUESTION_CHARS),
                    options: vec![text(quiz::MAX_OPTION_CHARS); 6],
                    correct: (0..6).collect(),
                    time_limit_secs: *quiz::TIME_LIMIT_SECS.end(),
                    mode: kring_protocol::AnswerMode::One,
                })
                .collect(),
        })
    }

    /// The VIPs evaluation card-sort (`sessionColumns`) takes the room's sessions as its
    /// columns when it goes into a room with at least 2 (title, else date, else "Sessie N", the
    /// last 8); in a room of one session it keeps the template's own columns.
    #[test]
    fn a_template_card_sort_takes_the_rooms_sessions_as_columns() {
        // Read here, not through `crate::template` (which depends on the room, not back).
        let vips: Template = serde_json::from_str(include_str!("../../templates/vips.nl.json"))
            .expect("the VIPs template");
        let columns_after_insert = |room: &mut RoomState, at: u64| {
            room.apply(&act(
                at,
                Who::Host,
                &format!("t{at}"),
                Act::InsertTemplate {
                    template: vips.clone(),
                    session: None,
                },
            ))
            .unwrap();
            room.agenda()
                .iter()
                .rev()
                .find_map(|item| match &item.spec {
                    ActivitySpec::CardSort(sort) => Some(sort.columns.clone()),
                    _ => None,
                })
                .expect("a card-sort")
        };
        let template_columns = vips
            .items
            .iter()
            .find_map(|i| match &i.spec {
                ActivitySpec::CardSort(sort) => Some(sort.columns.clone()),
                _ => None,
            })
            .unwrap();
        let mut one = RoomState::new(meta());
        assert_eq!(columns_after_insert(&mut one, 1), template_columns);

        let mut room = RoomState::new(meta());
        let session = |title: &str, date: Option<&str>| Act::AddSession {
            title: title.into(),
            date: date.map(Into::into),
        };
        room.apply(&act(1, Who::Host, "s1", session("", Some("2026-12-01"))))
            .unwrap();
        room.apply(&act(2, Who::Host, "s2", session("", None)))
            .unwrap();
        let first = room.sessions.list()[0].id;
        room.apply(&act(
            3,
            Who::Host,
            "s3",
            Act::UpdateSession {
                session: first,
                title: "Student voice".into(),
                date: None,
            },
        ))
        .unwrap();
        assert_eq!(
            columns_after_insert(&mut room, 4),
            vec!["Student voice", "2026-12-01", "Sessie 3"]
        );
        // Twelve sessions: the last eight.
        for n in 4..=12 {
            room.apply(&act(
                10 + n,
                Who::Host,
                &format!("s{n}"),
                session(&format!("Les {n}"), None),
            ))
            .unwrap();
        }
        let columns = columns_after_insert(&mut room, 30);
        assert_eq!(columns.len(), 8);
        assert_eq!(columns[0], "Les 5");
        assert_eq!(columns[7], "Les 12");
    }

    /// 30 activities per session and 60 in the room, each refusal naming its limit; moving
    /// into a full session is refused; the largest welcome (60 quizzes at every limit) can be
    /// sent.
    #[test]
    fn the_agenda_is_bounded_per_session_and_per_room_and_its_largest_welcome_can_be_sent() {
        let mut room = RoomState::new(meta());
        let mut at = 0u64;
        let mut host = |room: &mut RoomState, a: Act| {
            at += 1;
            room.apply(&act(at, Who::Host, &format!("h{at}"), a))
        };
        let add = |session: Option<SessionId>| Act::AddActivity {
            spec: largest_quiz_spec(),
            session,
        };
        for _ in 0..MAX_SESSION_ACTIVITIES {
            host(&mut room, add(None)).expect("the session has room");
        }
        let err = host(&mut room, add(None)).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidSpec);
        assert!(
            err.message.contains("a session has at most 30"),
            "{}",
            err.message
        );
        let err = host(
            &mut room,
            Act::DuplicateActivity {
                activity: ActivityId(1),
            },
        )
        .unwrap_err();
        assert!(
            err.message.contains("a session has at most 30"),
            "{}",
            err.message
        );
        // A second session takes 30 more: the room is full at 60.
        for title in ["Les 2", "Les 3"] {
            host(
                &mut room,
                Act::AddSession {
                    title: title.into(),
                    date: None,
                },
            )
            .unwrap();
        }
        let sessions: Vec<SessionId> = room.sessions.list().iter().map(|s| s.id).collect();
        for _ in 0..MAX_SESSION_ACTIVITIES {
            host(&mut room, add(Some(sessions[1]))).expect("the second session has room");
        }
        let err = host(&mut room, add(Some(sessions[2]))).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidSpec);
        assert!(
            err.message.contains("a room has at most 60"),
            "{}",
            err.message
        );
        assert_eq!(room.agenda().len(), MAX_ACTIVITIES);
        // Moving into a full session is refused; within it, fine.
        let err = host(
            &mut room,
            Act::MoveActivity {
                activity: ActivityId(1),
                session: sessions[1],
                index: 0,
            },
        )
        .unwrap_err();
        assert!(err.message.contains("that one is full"), "{}", err.message);
        host(
            &mut room,
            Act::MoveActivity {
                activity: ActivityId(1),
                session: sessions[0],
                index: 3,
            },
        )
        .unwrap();
        // The host's welcome carries this agenda; tungstenite refuses (and the socket closes on)
        // any single message above the write cap, so the largest agenda must stay well below it.
        let bytes = serde_json::to_vec(&room.agenda()).unwrap().len();
        assert!(
            bytes * 3 / 2 < crate::config::MAX_WRITE_BUFFER_BYTES,
            "largest agenda: {bytes} bytes"
        );
    }

    /// A long session of like toggles (50,000 actions from one phone) keeps a bounded number
    /// of action ids: the room's memory and its snapshots stay flat; a repeat of a recent id
    /// still counts once.
    #[test]
    fn a_long_session_keeps_a_bounded_window_of_action_ids() {
        use kring_protocol::{BrainstormInput, BrainstormSpec, LikesMode, WallMode};
        let wall = |input: BrainstormInput| Act::Activity {
            activity: ActivityId(1),
            input: ActivityInput::Brainstorm(input),
        };
        let spec = ActivitySpec::Brainstorm(BrainstormSpec {
            title: "Ideeën".into(),
            per_person: 3,
            max_chars: 140,
            by_team: false,
            anonymous: true,
            mode: WallMode::Live,
            likes: LikesMode::Live,
        });
        let mut room = RoomState::new(meta());
        let (ada, bo) = (ParticipantId(0), ParticipantId(1));
        for record in [
            join(1, Some("Ada"), "t0"),
            join(2, Some("Bo"), "t1"),
            act(
                3,
                Who::Host,
                "h1",
                Act::AddActivity {
                    spec,
                    session: None,
                },
            ),
            act(
                4,
                Who::Host,
                "h2",
                Act::SetCurrent {
                    activity: Some(ActivityId(1)),
                },
            ),
            act(5, Who::Host, "h3", wall(BrainstormInput::Open)),
            act(
                6,
                Who::Participant(ada),
                "idea",
                wall(BrainstormInput::Add {
                    text: "Meer pauzes".into(),
                }),
            ),
        ] {
            room.apply(&record).unwrap();
        }
        let Some(Personal::Brainstorm(mine)) = room
            .current()
            .unwrap()
            .kind()
            .personal_view(ada, &room.people())
        else {
            panic!("Ada's own ideas")
        };
        let card = mine.mine[0].id;
        let toggle = |n: u64| {
            act(
                10 + n,
                Who::Participant(bo),
                &format!("like-{n}"),
                wall(BrainstormInput::Like {
                    card,
                    like: n.is_multiple_of(2),
                }),
            )
        };
        let likes = |room: &RoomState| {
            let view = room.current().unwrap().kind().public_view(&room.people());
            let kring_protocol::ActivityView::Brainstorm(view) = view else {
                unreachable!()
            };
            view.cards[0].likes
        };
        let mut size_at_1000 = 0;
        for n in 0..50_000u64 {
            assert!(!room.apply(&toggle(n)).unwrap().duplicate);
            if n == 999 {
                size_at_1000 = serde_json::to_string(&room).unwrap().len();
            }
        }
        let (host, most) = room.kept_action_ids();
        assert_eq!(host, 3);
        assert_eq!(most, RECENT_ACTION_IDS, "bounded, not 50,000");
        // (Only the digits of numbers differ: the ids' hashes, the sequence number.)
        let size = serde_json::to_string(&room).unwrap().len();
        assert!(
            size < size_at_1000 + size_at_1000 / 50,
            "the snapshot grew with the actions: {size_at_1000} → {size} bytes"
        );
        // The latest action, and one well inside the window, re-sent: duplicates.
        assert_eq!(likes(&room), Some(0));
        for n in [49_999, 49_999 - RECENT_ACTION_IDS as u64 + 1, 49_900] {
            assert!(room.apply(&toggle(n)).unwrap().duplicate, "like-{n}");
        }
        assert_eq!(likes(&room), Some(0), "a repeat counted");
        // And after a snapshot and a reload as well.
        let mut reloaded: RoomState =
            serde_json::from_str(&serde_json::to_string(&room).unwrap()).unwrap();
        reloaded.reindex();
        assert!(reloaded.apply(&toggle(49_998)).unwrap().duplicate);
        assert!(
            reloaded
                .apply(&act(7, Who::Host, "h3", wall(BrainstormInput::Open)))
                .unwrap()
                .duplicate
        );
    }

    /// A room stored when every id was kept (`seen`, `host_seen`) loads with those ids as its
    /// window and its participants still marked as having acted.
    #[test]
    fn a_room_stored_with_every_id_loads_them_into_the_window() {
        let mut room = RoomState::new(meta());
        for record in session() {
            room.apply(&record).unwrap();
        }
        let mut json: serde_json::Value = serde_json::to_value(&room).unwrap();
        json["host_recent"] = serde_json::json!([]);
        json["host_seen"] = serde_json::json!(["h1", "h2"]);
        for p in json["participants"].as_array_mut().unwrap() {
            p["recent"] = serde_json::json!([]);
            p["acted"] = serde_json::json!(false);
            p["seen"] = serde_json::json!(["a"]);
        }
        let mut old: RoomState = serde_json::from_value(json).unwrap();
        old.reindex();
        assert!(old.is_duplicate(Who::Host, &ClientMsgId("h2".into())));
        assert!(old.is_duplicate(Who::Participant(ParticipantId(1)), &ClientMsgId("a".into())));
        assert!(old.participant(ParticipantId(0)).unwrap().acted());
        assert!(!serde_json::to_string(&old).unwrap().contains("\"seen\""));
    }

    /// Exactly one console leads: the other is refused what runs the session, may moderate,
    /// and only the organiser's console takes the lead back; the lead is recorded, so a replay
    /// (and a snapshot) has it, and a room that never moved it stores nothing of it.
    #[test]
    fn one_console_leads_and_the_lead_is_replayed() {
        let (org, co) = (Lead::Organiser, Lead::CoFacilitator);
        let mut room = RoomState::new(meta());
        for record in session() {
            room.apply(&record).unwrap();
        }
        assert!(!serde_json::to_string(&room).unwrap().contains("\"lead\""));
        let flow = Act::SetCurrent { activity: None };
        let moderation = Act::RenameParticipant {
            participant: ParticipantId(0),
            nickname: "Sem".into(),
        };
        let code =
            |room: &RoomState, seat, act: &Act| room.check_lead(seat, act).err().map(|e| e.code);
        assert_eq!(code(&room, org, &flow), None);
        assert_eq!(code(&room, co, &flow), Some(ErrorCode::NotTheLead));
        assert_eq!(code(&room, co, &Act::HandOver), Some(ErrorCode::NotTheLead));
        assert_eq!(code(&room, co, &moderation), None);
        assert_eq!(code(&room, co, &Act::TakeLead), Some(ErrorCode::Forbidden));

        let mut records = vec![act(10, Who::Host, "lead1", Act::HandOver)];
        room.apply(&records[0]).unwrap();
        assert_eq!(room.lead(), co);
        assert_eq!(code(&room, co, &flow), None);
        assert_eq!(code(&room, org, &flow), Some(ErrorCode::NotTheLead));
        assert_eq!(code(&room, org, &moderation), None);
        assert_eq!(code(&room, org, &Act::TakeLead), None);
        assert_eq!(
            code(&room, org, &Act::HandOver),
            Some(ErrorCode::NotTheLead)
        );

        records.push(act(11, Who::Host, "lead2", Act::TakeLead));
        records.push(act(12, Who::Host, "lead3", Act::HandOver));
        for record in &records[1..] {
            room.apply(record).unwrap();
        }
        assert_eq!(room.lead(), co);
        let mut replayed = RoomState::new(meta());
        for record in session().iter().chain(&records) {
            replayed.apply(record).unwrap();
        }
        assert_eq!(replayed.lead(), co);
        let snapshot: RoomState =
            serde_json::from_str(&serde_json::to_string(&room).unwrap()).unwrap();
        assert_eq!(snapshot.lead(), co);
    }

    /// The empty chair: a check-in and a wall run live, then left open for those absent.
    mod empty_chair {
        use super::*;
        use kring_protocol::{BrainstormInput, BrainstormSpec, CheckInInput, CheckInSpec};
        use proptest::prelude::*;

        const DAY: u64 = 24 * 60 * 60 * 1000;
        const CHECK_IN: ActivityId = ActivityId(1);
        const WALL: ActivityId = ActivityId(2);

        fn check_in(input: CheckInInput) -> ActivityInput {
            ActivityInput::CheckIn(input)
        }

        fn wall(input: BrainstormInput) -> ActivityInput {
            ActivityInput::Brainstorm(input)
        }

        fn live(activity: ActivityId, input: ActivityInput) -> Act {
            Act::Activity { activity, input }
        }

        fn late(activity: ActivityId, input: ActivityInput) -> Act {
            Act::Chair { activity, input }
        }

        fn answer(mood: u32) -> ActivityInput {
            check_in(CheckInInput::Answer { mood, word: None })
        }

        fn student(n: u32) -> Who {
            Who::Participant(ParticipantId(n))
        }

        /// Six students join; 0–2 answer the check-in and write on the wall live; both close;
        /// the check-in is left open for a week.
        fn lesson() -> (RoomState, Vec<Record>) {
            let mut records = Vec::new();
            for n in 0..6u64 {
                records.push(join(n, Some(&format!("S{n}")), &format!("t{n}")));
            }
            let check_in_spec = ActivitySpec::CheckIn(CheckInSpec {
                title: "Hoe gaat het?".into(),
                words: true,
                anonymous: true,
                privacy_floor: 3,
            });
            let wall_spec = ActivitySpec::Brainstorm(BrainstormSpec {
                title: "Ideeën".into(),
                per_person: 3,
                max_chars: 140,
                by_team: false,
                anonymous: true,
                mode: kring_protocol::WallMode::Live,
                likes: kring_protocol::LikesMode::Live,
            });
            let host = |at, id: &str, a| act(at, Who::Host, id, a);
            records.extend([
                host(
                    10,
                    "h1",
                    Act::AddActivity {
                        spec: check_in_spec,
                        session: None,
                    },
                ),
                host(
                    11,
                    "h2",
                    Act::AddActivity {
                        spec: wall_spec,
                        session: None,
                    },
                ),
                host(
                    12,
                    "h3",
                    Act::SetCurrent {
                        activity: Some(CHECK_IN),
                    },
                ),
                host(13, "h4", live(CHECK_IN, check_in(CheckInInput::Open))),
            ]);
            for n in 0..3u32 {
                records.push(act(
                    20 + u64::from(n),
                    student(n),
                    "a",
                    live(CHECK_IN, answer(4)),
                ));
            }
            records.extend([
                host(30, "h5", live(CHECK_IN, check_in(CheckInInput::Close))),
                host(
                    31,
                    "h6",
                    Act::SetCurrent {
                        activity: Some(WALL),
                    },
                ),
                host(32, "h7", live(WALL, wall(BrainstormInput::Open))),
            ]);
            for n in 0..3u32 {
                let add = wall(BrainstormInput::Add {
                    text: format!("Idee {n}"),
                });
                records.push(act(40 + u64::from(n), student(n), "w", live(WALL, add)));
            }
            records.extend([
                host(50, "h8", live(WALL, wall(BrainstormInput::Close))),
                host(51, "h9", Act::SetCurrent { activity: None }),
                host(
                    52,
                    "h10",
                    Act::LeaveOpen {
                        activity: CHECK_IN,
                        until: Some(7 * DAY),
                    },
                ),
                host(
                    53,
                    "h11",
                    Act::LeaveOpen {
                        activity: WALL,
                        until: Some(7 * DAY),
                    },
                ),
            ]);
            let mut room = RoomState::new(meta());
            for r in &records {
                room.apply(r).unwrap();
            }
            (room, records)
        }

        fn live_view(room: &RoomState, id: ActivityId) -> ActivityView {
            room.activity(id)
                .unwrap()
                .kind()
                .public_view(&room.people())
        }

        #[test]
        fn late_input_is_counted_apart_and_released_only_at_three() {
            let (mut room, _) = lesson();
            let before = live_view(&room, CHECK_IN);
            let view = room.view(String::new(), 0);
            assert_eq!(view.chairs.len(), 2);
            assert!(view.chairs.iter().all(|c| c.late.is_none()));
            for (n, at) in [(3u32, DAY), (4, DAY + 1)] {
                let applied = room
                    .apply(&act(at, student(n), "l", late(CHECK_IN, answer(1))))
                    .unwrap();
                assert!(applied.effects.contains(&Effect::HostChairs));
                assert!(
                    !applied.effects.contains(&Effect::Chairs),
                    "below three nothing public changes (not even a message)"
                );
                assert!(room.chair_views()[0].late.is_none());
            }
            let host = room.host_chairs();
            assert_eq!(host[0].contributors, 2, "the host sees late input at once");
            assert!(!host[0].released);
            // The same phone again (a changed answer): still two contributors.
            room.apply(&act(DAY + 2, student(4), "l2", late(CHECK_IN, answer(2))))
                .unwrap();
            assert_eq!(room.host_chairs()[0].contributors, 2);
            let applied = room
                .apply(&act(DAY + 3, student(5), "l", late(CHECK_IN, answer(1))))
                .unwrap();
            assert!(
                applied.effects.contains(&Effect::Chairs),
                "released at three"
            );
            let chair = &room.chair_views()[0];
            let released = chair.late.as_ref().expect("released");
            assert_eq!(released.contributors, 3);
            let ActivityView::CheckIn(late_view) = &released.view else {
                panic!("a check-in")
            };
            assert_eq!(late_view.answered, 3);
            assert!(late_view.result.is_some(), "closed at its floor of three");
            assert_eq!(
                live_view(&room, CHECK_IN),
                before,
                "live results never change"
            );
            let me = room.me(ParticipantId(5)).unwrap();
            assert_eq!(me.chairs.len(), 2);
            assert!(!me.chairs[0].took_part);
            assert!(me.chairs[0].personal.is_some());
        }

        /// The statement scale's empty chair: every statement open at once, each late phone at
        /// its own pace; late dots counted apart, released from three late voices, shown as
        /// every statement's spread; whoever placed a dot live gets no second say.
        #[test]
        fn a_statement_scale_is_left_open_with_every_statement_at_once() {
            use kring_protocol::{
                ScaleStatement, ScaleSteps, StatementScaleInput as S, StatementScalePhase,
                StatementScaleSpec,
            };
            const SCALE: ActivityId = ActivityId(3);
            let (mut room, _) = lesson();
            let scale = |input| ActivityInput::StatementScale(input);
            let spec = ActivitySpec::StatementScale(StatementScaleSpec {
                title: "Stellingen".into(),
                statements: (0..3)
                    .map(|i| ScaleStatement {
                        text: format!("Stelling {i}"),
                        key: None,
                    })
                    .collect(),
                steps: ScaleSteps::Five,
                live: false,
            });
            let host = |at, id: &str, a| act(at, Who::Host, id, a);
            for r in [
                host(
                    60,
                    "s1",
                    Act::AddActivity {
                        spec,
                        session: None,
                    },
                ),
                host(
                    61,
                    "s2",
                    Act::SetCurrent {
                        activity: Some(SCALE),
                    },
                ),
                host(62, "s3", live(SCALE, scale(S::Next))),
                act(
                    63,
                    student(0),
                    "d",
                    live(
                        SCALE,
                        scale(S::Place {
                            statement: 0,
                            position: 4,
                        }),
                    ),
                ),
                host(64, "s4", live(SCALE, scale(S::Next))),
                host(65, "s5", live(SCALE, scale(S::Next))),
                host(66, "s6", live(SCALE, scale(S::Next))),
                host(67, "s7", Act::SetCurrent { activity: None }),
                host(
                    68,
                    "s8",
                    Act::LeaveOpen {
                        activity: SCALE,
                        until: Some(7 * DAY),
                    },
                ),
            ] {
                room.apply(&r).unwrap();
            }
            let before = live_view(&room, SCALE);
            let chair = room
                .chair_views()
                .into_iter()
                .find(|c| c.activity == SCALE)
                .unwrap();
            let ActivityView::StatementScale(input) = &chair.input else {
                panic!("a scale")
            };
            assert_eq!(
                input.phase,
                StatementScalePhase::OwnPace,
                "every statement open"
            );
            assert!(chair.late.is_none());
            // Student 0 placed a dot live: no second say.
            let err = room
                .apply(&act(
                    DAY,
                    student(0),
                    "l",
                    late(
                        SCALE,
                        scale(S::Place {
                            statement: 2,
                            position: 0,
                        }),
                    ),
                ))
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::AlreadyAnswered);
            // Students 3 and 4 go through the statements in their own order; 4 skips one.
            for (at, n, input) in [
                (
                    DAY,
                    3,
                    S::Place {
                        statement: 2,
                        position: 0,
                    },
                ),
                (
                    DAY + 1,
                    3,
                    S::Place {
                        statement: 0,
                        position: 1,
                    },
                ),
                (DAY + 2, 4, S::Skip { statement: 1 }),
                (
                    DAY + 3,
                    4,
                    S::Place {
                        statement: 0,
                        position: 1,
                    },
                ),
                (
                    DAY + 4,
                    3,
                    S::Place {
                        statement: 0,
                        position: 3,
                    },
                ),
            ] {
                let applied = room
                    .apply(&act(
                        at,
                        student(n),
                        &format!("l{at}"),
                        late(SCALE, scale(input)),
                    ))
                    .unwrap();
                assert!(
                    !applied.effects.contains(&Effect::Chairs),
                    "nothing public below three"
                );
            }
            let err = room
                .apply(&act(
                    DAY + 5,
                    student(4),
                    "bad",
                    late(
                        SCALE,
                        scale(S::Place {
                            statement: 3,
                            position: 0,
                        }),
                    ),
                ))
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidChoice, "no fourth statement");
            let ActivityView::StatementScale(host_late) = &room
                .host_chairs()
                .into_iter()
                .find(|c| c.activity == SCALE)
                .unwrap()
                .late
            else {
                panic!("a scale")
            };
            let StatementScalePhase::Spreads { spreads } = &host_late.phase else {
                panic!("every spread at once, got {:?}", host_late.phase)
            };
            assert_eq!(
                spreads[0].counts,
                vec![0, 1, 0, 1, 0],
                "a moved dot counts once"
            );
            assert_eq!(spreads[1].skipped, 1);
            assert_eq!(spreads[2].counts, vec![1, 0, 0, 0, 0]);
            let me = room.me(ParticipantId(3)).unwrap();
            let own = me.chairs.iter().find(|c| c.activity == SCALE).unwrap();
            let Some(Personal::StatementScale(personal)) = &own.personal else {
                panic!("own dots")
            };
            let answers = personal
                .answers
                .as_ref()
                .expect("every statement's own dot");
            assert_eq!(answers[0].position, Some(3));
            assert_eq!(answers[1].position, None);
            assert_eq!(answers[2].position, Some(0));
            let applied = room
                .apply(&act(
                    DAY + 6,
                    student(5),
                    "l",
                    late(SCALE, scale(S::Skip { statement: 0 })),
                ))
                .unwrap();
            assert!(
                applied.effects.contains(&Effect::Chairs),
                "released at three"
            );
            let chair = room
                .chair_views()
                .into_iter()
                .find(|c| c.activity == SCALE)
                .unwrap();
            assert_eq!(chair.late.as_ref().unwrap().contributors, 3);
            assert_eq!(live_view(&room, SCALE), before, "live results never change");
        }

        #[test]
        fn who_took_part_live_gets_no_second_say_and_the_chair_closes_at_its_date() {
            let (mut room, _) = lesson();
            let err = room
                .apply(&act(DAY, student(0), "l", late(CHECK_IN, answer(1))))
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::AlreadyAnswered);
            assert!(room.me(ParticipantId(0)).unwrap().chairs[0].took_part);
            let err = room
                .apply(&act(7 * DAY, student(3), "l", late(CHECK_IN, answer(1))))
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::ChairClosed, "closed at its date");
            // While the activity is current again, it takes no late input.
            room.apply(&act(
                DAY,
                Who::Host,
                "c",
                Act::SetCurrent {
                    activity: Some(WALL),
                },
            ))
            .unwrap();
            let idea = wall(BrainstormInput::Add {
                text: "Later".into(),
            });
            let err = room
                .apply(&act(DAY, student(3), "w", late(WALL, idea.clone())))
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::WrongPhase);
            room.apply(&act(
                DAY,
                Who::Host,
                "c2",
                Act::SetCurrent { activity: None },
            ))
            .unwrap();
            room.apply(&act(DAY, student(3), "w", late(WALL, idea)))
                .unwrap();
            // The host closes it early; what came in stays.
            room.apply(&act(
                2 * DAY,
                Who::Host,
                "x",
                Act::LeaveOpen {
                    activity: WALL,
                    until: None,
                },
            ))
            .unwrap();
            let err = room
                .apply(&act(
                    2 * DAY,
                    student(4),
                    "w",
                    late(
                        WALL,
                        wall(BrainstormInput::Add {
                            text: "Te laat".into(),
                        }),
                    ),
                ))
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::ChairClosed);
            assert_eq!(room.host_chairs()[1].contributors, 1);
            // Only moderation reaches a twin from the host, and kinds without late input refuse.
            let err = room
                .apply(&act(
                    2 * DAY,
                    Who::Host,
                    "y",
                    late(WALL, wall(BrainstormInput::Open)),
                ))
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::Forbidden);
            room.apply(&act(
                2 * DAY,
                Who::Host,
                "q",
                Act::AddActivity {
                    spec: quiz_spec(),
                    session: None,
                },
            ))
            .unwrap();
            let err = room
                .apply(&act(
                    2 * DAY,
                    Who::Host,
                    "z",
                    Act::LeaveOpen {
                        activity: ActivityId(3),
                        until: Some(3 * DAY),
                    },
                ))
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidChoice);
        }

        #[test]
        fn a_locked_room_lets_the_absent_in_while_a_chair_is_open_and_nothing_runs() {
            let (mut room, _) = lesson();
            room.apply(&act(60, Who::Host, "lock", Act::LockRoom { locked: true }))
                .unwrap();
            room.apply(&join(DAY, Some("Afwezig"), "new"))
                .expect("let in by the chair");
            room.apply(&act(
                DAY,
                Who::Host,
                "c",
                Act::SetCurrent {
                    activity: Some(WALL),
                },
            ))
            .unwrap();
            let err = room
                .apply(&join(DAY, Some("Grapjas"), "prank"))
                .unwrap_err();
            assert_eq!(
                err.code,
                ErrorCode::RoomLocked,
                "locked while a lesson runs"
            );
            room.apply(&act(
                DAY,
                Who::Host,
                "c2",
                Act::SetCurrent { activity: None },
            ))
            .unwrap();
            let err = room
                .apply(&join(8 * DAY, Some("Laat"), "late"))
                .unwrap_err();
            assert_eq!(
                err.code,
                ErrorCode::RoomLocked,
                "locked once every chair closed"
            );
        }

        /// The facilitator hides a late idea like any other: it leaves the late results, the
        /// live wall is untouched, and the kind's flow inputs stay refused.
        #[test]
        fn a_moderator_hides_a_late_idea() {
            let (mut room, _) = lesson();
            let idea = |text: &str| {
                late(
                    WALL,
                    wall(BrainstormInput::Add {
                        text: text.to_owned(),
                    }),
                )
            };
            room.apply(&act(DAY, student(3), "w", idea("Later beginnen")))
                .unwrap();
            room.apply(&act(DAY, student(4), "w", idea("Minder toetsen")))
                .unwrap();
            let Some(ActivityHostView::Brainstorm(host)) = room.host_chairs()[1].host.clone()
            else {
                panic!("the wall's host view")
            };
            assert_eq!(host.cards.len(), 2, "the host sees late cards at once");
            let card = host.cards[0].id;
            let before = live_view(&room, WALL);
            let hide = late(WALL, wall(BrainstormInput::Hide { card, hidden: true }));
            let applied = room.apply(&act(DAY, Who::Host, "hide", hide)).unwrap();
            assert!(applied.effects.contains(&Effect::HostChairs));
            let ActivityView::Brainstorm(results) = &room.host_chairs()[1].late else {
                panic!("a wall")
            };
            assert_eq!(
                results.cards.len(),
                1,
                "a hidden late card leaves the late results"
            );
            assert!(
                kring_protocol::Act::Chair {
                    activity: WALL,
                    input: wall(BrainstormInput::Hide {
                        card,
                        hidden: false
                    }),
                }
                .is_moderation(),
                "a co-facilitator may moderate late input too"
            );
            assert_eq!(live_view(&room, WALL), before);
        }

        proptest! {
            /// Random late input (any student, any time, any answer or skip) never changes the
            /// live results; the contributors are the distinct students whose input applied;
            /// nothing is public below three; a replay and a snapshot give the same room.
            #[test]
            fn late_input_never_changes_live_results(
                steps in proptest::collection::vec((0..6u32, 0..9u64, 0..7u32), 0..30)
            ) {
                let (mut room, mut records) = lesson();
                let live_before = (live_view(&room, CHECK_IN), live_view(&room, WALL));
                let mut accepted = BTreeSet::new();
                for (i, (n, day, what)) in steps.into_iter().enumerate() {
                    let input = match what {
                        0 => late(CHECK_IN, check_in(CheckInInput::Skip)),
                        1..=5 => late(CHECK_IN, answer(what)),
                        _ => late(WALL, wall(BrainstormInput::Add { text: format!("Laat {i}") })),
                    };
                    let record = act(day * DAY + 100, student(n), &format!("p{i}"), input);
                    if room.apply(&record).is_ok() {
                        records.push(record);
                        prop_assert!(n >= 3, "only who was absent adds");
                        prop_assert!(day < 7, "only before the date");
                        if what < 6 {
                            accepted.insert(n);
                        }
                    }
                    prop_assert_eq!(
                        &(live_view(&room, CHECK_IN), live_view(&room, WALL)),
                        &live_before
                    );
                    let host = &room.host_chairs()[0];
                    prop_assert_eq!(host.contributors as usize, accepted.len());
                    let public = &room.chair_views()[0];
                    prop_assert_eq!(public.late.is_some(), accepted.len() >= 3);
                }
                let mut replayed = RoomState::new(meta());
                for r in &records {
                    replayed.apply(r).unwrap();
                }
                prop_assert_eq!(
                    serde_json::to_value(&replayed).unwrap(),
                    serde_json::to_value(&room).unwrap()
                );
                let snapshot: RoomState =
                    serde_json::from_str(&serde_json::to_string(&room).unwrap()).unwrap();
                prop_assert_eq!(snapshot.chair_views(), room.chair_views());
                prop_assert_eq!(snapshot.host_chairs(), room.host_chairs());
            }
        }
    }
}
