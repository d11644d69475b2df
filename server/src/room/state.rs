//! A room's state as a pure function of its records: participants, agenda, activities.
//!
//! [`RoomState::apply`] takes one [`Record`] (an input with its time and author) and either
//! refuses it (nothing changes) or applies it and says what changed ([`Effect`]s). Replaying
//! the same records on a fresh state rebuilds the same room: randomness comes from a generator
//! seeded by the room's seed and the record's sequence number, time from the record.

use std::collections::{BTreeSet, HashMap};

use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, AgendaItem, ClientMsgId, ErrorCode,
    Lang, Me, ParticipantId, ParticipantInfo, Personal, RoomCode, RoomView,
};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};

use super::error::ActError;
use super::quiz::{self, Quiz};
use crate::names;

/// Most activities on one room's agenda (a session's plan, with room to spare). It bounds the
/// host's `welcome`, which carries every activity's full spec.
pub const MAX_ACTIVITIES: usize = 30;

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

/// What a room is created with; never changes.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RoomMeta {
    /// Join code.
    pub code: RoomCode,
    /// The organiser's title.
    pub title: String,
    /// Secret that grants host rights.
    pub host_key: String,
    /// Seed for the room's random choices.
    pub seed: u64,
    /// Creation time (ms since the UNIX epoch).
    pub created_at: u64,
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
}

/// What an applied record changed, so the room can tell the right clients.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// The current activity or its phase changed: everyone gets the new view.
    Activity,
    /// The agenda changed: the host gets it.
    Agenda,
    /// Someone joined or was removed.
    Participants,
    /// One participant's own state changed.
    Personal(ParticipantId),
    /// Every participant's own state changed.
    PersonalAll,
    /// The current activity's response count changed.
    Progress,
    /// A participant was removed: disconnect them.
    Removed(ParticipantId),
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
    /// Ids of this participant's applied actions.
    seen: BTreeSet<ClientMsgId>,
}

/// An activity of any kind: one variant per kind.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub enum Activity {
    /// A quiz.
    Quiz(Quiz),
}

impl Activity {
    /// A fresh activity from a (validated) spec.
    fn new(id: ActivityId, spec: ActivitySpec) -> Self {
        match spec {
            ActivitySpec::Quiz(spec) => Activity::Quiz(Quiz::new(id, spec)),
        }
    }

    /// Checks a spec against the limits of its kind.
    pub fn validate(spec: &ActivitySpec) -> Result<(), ActError> {
        match spec {
            ActivitySpec::Quiz(spec) => quiz::validate(spec),
        }
    }

    /// The spec it was made from.
    pub fn spec(&self) -> ActivitySpec {
        match self {
            Activity::Quiz(q) => ActivitySpec::Quiz(q.spec().clone()),
        }
    }

    /// Whether it has been started.
    pub fn started(&self) -> bool {
        match self {
            Activity::Quiz(q) => q.started(),
        }
    }

    /// When it next needs a [`Input::Tick`].
    pub fn deadline(&self) -> Option<u64> {
        match self {
            Activity::Quiz(q) => q.deadline(),
        }
    }

    /// How many responded to what is open now.
    pub fn responded(&self) -> u32 {
        match self {
            Activity::Quiz(q) => q.responded(),
        }
    }

    /// Whether everyone in `online` responded to what is open now (it may then close early).
    pub fn everyone_responded(&self, online: impl IntoIterator<Item = ParticipantId>) -> bool {
        match self {
            Activity::Quiz(q) => q.everyone_answered(online),
        }
    }

    /// The input that closes what is open now early, by the server.
    pub fn close_input(&self) -> ActivityInput {
        match self {
            Activity::Quiz(_) => ActivityInput::Quiz(kring_protocol::QuizInput::CloseQuestion),
        }
    }
}

/// A room's full state.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct RoomState {
    meta: RoomMeta,
    participants: Vec<Participant>,
    tokens: HashMap<String, ParticipantId>,
    nicknames: BTreeSet<String>,
    /// Participants not removed, in id order.
    roster: Vec<ParticipantId>,
    agenda: Vec<(ActivityId, Activity)>,
    next_activity: u32,
    current: Option<ActivityId>,
    host_seen: BTreeSet<ClientMsgId>,
    seq: u64,
}

impl RoomState {
    /// An empty room.
    pub fn new(meta: RoomMeta) -> Self {
        RoomState {
            meta,
            participants: Vec::new(),
            tokens: HashMap::new(),
            nicknames: BTreeSet::new(),
            roster: Vec::new(),
            agenda: Vec::new(),
            next_activity: 1,
            current: None,
            host_seen: BTreeSet::new(),
            seq: 0,
        }
    }

    /// What the room was created with.
    pub fn meta(&self) -> &RoomMeta {
        &self.meta
    }

    /// How many records have been applied.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// Participants not removed.
    pub fn roster(&self) -> &[ParticipantId] {
        &self.roster
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

    /// All activities in agenda order.
    pub fn activities(&self) -> impl Iterator<Item = (ActivityId, &Activity)> {
        self.agenda.iter().map(|(id, a)| (*id, a))
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
            Who::Host => self.host_seen.contains(id),
            Who::Participant(p) => self.participant(p).is_some_and(|p| p.seen.contains(id)),
            Who::System => false,
        }
    }

    /// Applies one record. On `Err` nothing changed.
    pub fn apply(&mut self, record: &Record) -> Result<Applied, ActError> {
        let mut applied = match &record.input {
            Input::Join {
                nickname,
                lang,
                token,
            } => self.join(nickname.as_deref(), *lang, token)?,
            Input::Act { id, act } => {
                if let Some(id) = id
                    && self.is_duplicate(record.who, id)
                {
                    return Ok(Applied {
                        duplicate: true,
                        ..Applied::default()
                    });
                }
                let applied = self.act(record.who, act, record.at)?;
                if let Some(id) = id {
                    match record.who {
                        Who::Host => {
                            self.host_seen.insert(id.clone());
                        }
                        Who::Participant(p) => {
                            self.participants[p.0 as usize].seen.insert(id.clone());
                        }
                        Who::System => {}
                    }
                }
                applied
            }
            Input::Tick => self.tick(record.at),
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
    ) -> Result<Applied, ActError> {
        let nickname = match nickname {
            Some(raw) => {
                let nickname = names::check_nickname(raw)?;
                if self.nicknames.contains(&names::nickname_key(&nickname)) {
                    return Err(ActError::new(
                        ErrorCode::NicknameTaken,
                        "someone in this room already has that nickname",
                    ));
                }
                nickname
            }
            None => {
                let mut rng = StdRng::seed_from_u64(
                    self.meta.seed ^ self.seq.wrapping_mul(0x9E37_79B9_7F4A_7C15),
                );
                names::generate(&mut rng, lang, |n| {
                    self.nicknames.contains(&names::nickname_key(n))
                })
            }
        };
        let id = ParticipantId(self.participants.len() as u32);
        self.nicknames.insert(names::nickname_key(&nickname));
        self.tokens.insert(token.to_owned(), id);
        self.roster.push(id);
        self.participants.push(Participant {
            id,
            nickname,
            token: token.to_owned(),
            removed: false,
            seen: BTreeSet::new(),
        });
        Ok(Applied {
            effects: vec![Effect::Participants],
            duplicate: false,
            joined: Some(id),
        })
    }

    fn act(&mut self, who: Who, act: &Act, now: u64) -> Result<Applied, ActError> {
        if let Who::Participant(p) = who
            && self.participant(p).is_none_or(|p| p.removed)
        {
            return Err(ActError::new(
                ErrorCode::Removed,
                "you were removed from this room",
            ));
        }
        let is_host = matches!(who, Who::Host | Who::System);
        let host_only = || {
            if is_host {
                Ok(())
            } else {
                Err(ActError::forbidden())
            }
        };
        let effects = match act {
            Act::Activity { activity, input } => {
                return self.activity_input(who, *activity, input, now);
            }
            Act::AddActivity { spec } => {
                host_only()?;
                if self.agenda.len() >= MAX_ACTIVITIES {
                    return Err(ActError::invalid_spec(format!(
                        "an agenda has at most {MAX_ACTIVITIES} activities; remove one first"
                    )));
                }
                Activity::validate(spec)?;
                let id = ActivityId(self.next_activity);
                self.next_activity += 1;
                self.agenda.push((id, Activity::new(id, spec.clone())));
                vec![Effect::Agenda]
            }
            Act::UpdateActivity { activity, spec } => {
                host_only()?;
                Activity::validate(spec)?;
                let id = *activity;
                let entry = self.activity_mut(id)?;
                if entry.started() {
                    return Err(ActError::new(
                        ErrorCode::WrongPhase,
                        "a started activity cannot be changed",
                    ));
                }
                if std::mem::discriminant(&entry.spec()) != std::mem::discriminant(spec) {
                    return Err(ActError::invalid_spec("an activity cannot change its kind"));
                }
                *entry = Activity::new(id, spec.clone());
                let mut effects = vec![Effect::Agenda];
                if self.current == Some(id) {
                    effects.push(Effect::Activity);
                }
                effects
            }
            Act::RemoveActivity { activity } => {
                host_only()?;
                self.activity_mut(*activity)?;
                if self.current == Some(*activity) {
                    return Err(ActError::new(
                        ErrorCode::WrongPhase,
                        "the current activity cannot be removed",
                    ));
                }
                self.agenda.retain(|(id, _)| id != activity);
                vec![Effect::Agenda]
            }
            Act::SetCurrent { activity } => {
                host_only()?;
                if let Some(id) = activity {
                    self.activity_mut(*id)?;
                }
                self.current = *activity;
                vec![
                    Effect::Activity,
                    Effect::Agenda,
                    Effect::PersonalAll,
                    Effect::Progress,
                ]
            }
            Act::RemoveParticipant { participant } => {
                host_only()?;
                let p = self
                    .participants
                    .get_mut(participant.0 as usize)
                    .filter(|p| !p.removed)
                    .ok_or_else(|| {
                        ActError::new(ErrorCode::InvalidChoice, "no such participant")
                    })?;
                p.removed = true;
                let (token, key) = (p.token.clone(), names::nickname_key(&p.nickname));
                self.tokens.remove(&token);
                self.nicknames.remove(&key);
                self.roster.retain(|id| id != participant);
                vec![
                    Effect::Removed(*participant),
                    Effect::Participants,
                    Effect::Progress,
                ]
            }
        };
        Ok(Applied {
            effects,
            ..Applied::default()
        })
    }

    fn activity_input(
        &mut self,
        who: Who,
        id: ActivityId,
        input: &ActivityInput,
        now: u64,
    ) -> Result<Applied, ActError> {
        if let Who::Participant(_) = who
            && self.current != Some(id)
        {
            return Err(ActError::new(
                ErrorCode::WrongPhase,
                "this activity is not running now",
            ));
        }
        let is_current = self.current == Some(id);
        // Disjoint borrows: the roster is read while the activity changes (no per-input copy).
        let roster = &self.roster;
        let activity = agenda_entry(&mut self.agenda, id)?;
        let outcome = match (activity, input) {
            (Activity::Quiz(quiz), ActivityInput::Quiz(input)) => {
                quiz.handle(who, input, now, roster)?
            }
        };
        let mut effects = match outcome {
            quiz::Outcome::Phase { personal } => {
                let mut e = vec![Effect::Activity, Effect::Agenda, Effect::Progress];
                if personal {
                    e.push(Effect::PersonalAll);
                }
                e
            }
            // The `ack` confirms the answer to its phone; no further message per answer.
            quiz::Outcome::Answered(_) => vec![Effect::Progress],
        };
        if !is_current {
            effects.retain(|e| *e == Effect::Agenda);
        }
        Ok(Applied {
            effects,
            ..Applied::default()
        })
    }

    fn tick(&mut self, now: u64) -> Applied {
        let Some(id) = self.current else {
            return Applied::default();
        };
        let roster = &self.roster;
        let changed = match agenda_entry(&mut self.agenda, id) {
            Ok(Activity::Quiz(quiz)) => quiz.tick(now, roster).is_some(),
            Err(_) => false,
        };
        let effects = if changed {
            vec![Effect::Activity, Effect::PersonalAll, Effect::Progress]
        } else {
            Vec::new()
        };
        Applied {
            effects,
            ..Applied::default()
        }
    }

    /// The room as phones and the projector see it.
    pub fn view(&self, join_url: String, online: u32) -> RoomView {
        RoomView {
            code: self.meta.code.clone(),
            title: self.meta.title.clone(),
            join_url,
            participant_count: self.roster.len() as u32,
            online_count: online,
            current: self.current_view(),
        }
    }

    /// The current activity as everyone sees it.
    pub fn current_view(&self) -> Option<ActivityView> {
        let nickname = |p: ParticipantId| self.participants[p.0 as usize].nickname.clone();
        self.current().map(|activity| match activity {
            Activity::Quiz(q) => ActivityView::Quiz(q.view(nickname)),
        })
    }

    /// A phone's view of itself.
    pub fn me(&self, id: ParticipantId) -> Option<Me> {
        let p = self.participant(id)?;
        let personal = self.current().map(|activity| match activity {
            Activity::Quiz(q) => Personal::Quiz(q.personal(id)),
        });
        Some(Me {
            id,
            nickname: p.nickname.clone(),
            token: p.token.clone(),
            personal,
        })
    }

    /// The agenda as the host sees it.
    pub fn agenda(&self) -> Vec<AgendaItem> {
        self.agenda
            .iter()
            .map(|(id, activity)| AgendaItem {
                id: *id,
                spec: activity.spec(),
                current: self.current == Some(*id),
                started: activity.started(),
            })
            .collect()
    }

    /// Everyone in the room, as the host sees them.
    pub fn participant_list(&self, online: impl Fn(ParticipantId) -> bool) -> Vec<ParticipantInfo> {
        self.roster
            .iter()
            .map(|&id| ParticipantInfo {
                id,
                nickname: self.participants[id.0 as usize].nickname.clone(),
                online: online(id),
            })
            .collect()
    }
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
    use kring_protocol::{QuestionSpec, QuizInput, QuizSpec};

    fn meta() -> RoomMeta {
        RoomMeta {
            code: RoomCode("ABCDEF".into()),
            title: "MZ2B".into(),
            host_key: "k".into(),
            seed: 42,
            created_at: 0,
        }
    }

    fn rec(at: u64, who: Who, input: Input) -> Record {
        Record { at, who, input }
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
            questions: vec![QuestionSpec {
                text: "2+2?".into(),
                options: vec!["3".into(), "4".into()],
                correct: vec![1],
                time_limit_secs: 10,
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
            act(3, Who::Host, "h1", Act::AddActivity { spec: quiz_spec() }),
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
            Act::AddActivity { spec: quiz_spec() },
        ));
        assert_eq!(err.unwrap_err().code, ErrorCode::Forbidden);
    }

    /// A quiz at every limit, in the characters JSON escapes longest (`\u0001`, six bytes).
    fn largest_quiz_spec() -> ActivitySpec {
        let text = |chars: usize| "\u{1}".repeat(chars);
        ActivitySpec::Quiz(QuizSpec {
            title: text(quiz::MAX_TITLE_CHARS),
            no_ranking: false,
            questions: (0..quiz::MAX_QUESTIONS)
                .map(|_| QuestionSpec {
                    text: text(quiz::MAX_QUESTION_CHARS),
                    options: vec![text(quiz::MAX_OPTION_CHARS); 6],
                    correct: (0..6).collect(),
                    time_limit_secs: *quiz::TIME_LIMIT_SECS.end(),
                })
                .collect(),
        })
    }

    #[test]
    fn the_agenda_is_bounded_and_its_largest_welcome_can_be_sent() {
        let mut room = RoomState::new(meta());
        for n in 0..MAX_ACTIVITIES {
            let add = Act::AddActivity {
                spec: largest_quiz_spec(),
            };
            room.apply(&act(n as u64, Who::Host, &format!("h{n}"), add))
                .expect("the agenda has room");
        }
        let add = Act::AddActivity { spec: quiz_spec() };
        let err = room
            .apply(&act(99, Who::Host, "one-more", add))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidSpec);
        assert_eq!(room.agenda().len(), MAX_ACTIVITIES);
        // The host's welcome carries this agenda; tungstenite refuses (and the socket closes on)
        // any single message above the write cap, so the largest agenda must stay well below it.
        let bytes = serde_json::to_vec(&room.agenda()).unwrap().len();
        assert!(
            bytes * 3 / 2 < crate::config::MAX_WRITE_BUFFER_BYTES,
            "largest agenda: {bytes} bytes"
        );
    }
}
