//! The open question as a pure state machine: lobby → open → closed.
//!
//! Students give short answers (up to the facilitator's number each, the one text check for
//! student text, so a rude word is refused before it is stored and never reaches a screen)
//! and may take one back until it closes. Answers appear at once or after a moderator's
//! approval; a moderator hides an answer (the hide holds for the same text by the same writer,
//! [`Held`]), hides a word of the cloud, merges two words or splits them again.
//!
//! Nothing of the answers is public before the privacy floor: until that many people have an
//! answer on the wall the view carries no card and no word. From then on each answer is one
//! small change to the projector and the host (its card, and the cloud's words, coalesced on
//! the room's tick); phones show their own answers, so a class of phones gets nothing per
//! answer but their own. The cloud's words are computed by the server ([`normal`]): one
//! person counts once per word, and each word shows its group's most common spelling.
//!
//! Anonymity as on the wall: an answer's author is kept only for that author's phone (and a
//! named question's exports); answer numbers are drawn at random.

use std::collections::{BTreeMap, BTreeSet};

use kring_protocol::{
    ActivityId, AnswerStatus, CloudWord, ErrorCode, HostAnswer, HostCloudWord, KindInput, Lang,
    OpenAnswer, OpenDisplay, OpenQuestionChange, OpenQuestionHost, OpenQuestionInput,
    OpenQuestionPersonal, OpenQuestionPhase, OpenQuestionSpec, OpenQuestionView, OwnAnswer,
    ParticipantId,
};
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::Who;
use super::error::ActError;
use super::kind::{Audience, Cx, Held, Outcome, Quota, Roster, Whose, check_title, wrong_phase};
use crate::names;
use crate::room::kind_export::KindExport;

mod export;
pub mod normal;

mod spec;
pub use spec::{
    MAX_ANSWERS, MAX_CHARS, MAX_TITLE_CHARS, PER_PERSON, PRIVACY_FLOOR, VIEW_ITEMS, validate,
};

/// The coalescing key of the cloud's words (answer numbers stay below `i32::MAX`).
const WORDS_KEY: u64 = u64::MAX;

/// One answer.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Answer {
    id: u32,
    text: String,
    /// Kept for its author's own phone (withdraw) and a named question's exports only.
    author: ParticipantId,
    at: u64,
    /// Let onto the wall (always, except while waiting in an approving question).
    approved: bool,
    hidden: bool,
    withdrawn: bool,
    /// What it counts under in the cloud ([`normal::cloud_key`]); `None`: a card only.
    key: Option<String>,
    /// Its place in the order written.
    seq: u32,
}

/// The answers on the wall counted per cloud key, kept as answers come onto the wall and leave
/// it, so that the words cost the number of distinct keys, not of answers (a hall's thousand
/// answers of a few dozen words).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
struct Tally {
    /// Per key with answers on the wall.
    keys: BTreeMap<String, KeyTally>,
    /// Each author's answers on the wall.
    authors: BTreeMap<ParticipantId, u32>,
    /// Answers on the wall.
    total: u32,
    /// Of them, those not in the cloud.
    not_in_cloud: u32,
}

/// One key's answers on the wall.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
struct KeyTally {
    /// Each giver's answers.
    people: BTreeMap<ParticipantId, u32>,
    /// Each spelling's answers, by their place in the order written.
    spellings: BTreeMap<String, BTreeSet<u32>>,
    answers: u32,
}

/// Adds one to a count in `map`, or takes one off (the entry goes at zero).
fn bump<K: Ord>(map: &mut BTreeMap<K, u32>, key: K, on: bool) {
    if on {
        *map.entry(key).or_default() += 1;
    } else if let Some(n) = map.get_mut(&key) {
        *n -= 1;
        if *n == 0 {
            map.remove(&key);
        }
    }
}

impl Tally {
    /// Counts answer `a` onto the wall (`on`) or off it.
    fn count(&mut self, a: &Answer, on: bool) {
        bump(&mut self.authors, a.author, on);
        let step = |n: &mut u32| if on { *n += 1 } else { *n -= 1 };
        step(&mut self.total);
        let Some(key) = &a.key else {
            step(&mut self.not_in_cloud);
            return;
        };
        let k = self.keys.entry(key.clone()).or_default();
        bump(&mut k.people, a.author, on);
        step(&mut k.answers);
        let places = k.spellings.entry(spelling(&a.text).to_owned()).or_default();
        if on {
            places.insert(a.seq);
        } else {
            places.remove(&a.seq);
            if places.is_empty() {
                k.spellings.remove(spelling(&a.text));
            }
        }
        if k.answers == 0 {
            self.keys.remove(key);
        }
    }
}

/// An open question's state.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct OpenQuestion {
    id: ActivityId,
    spec: OpenQuestionSpec,
    phase: OpenQuestionPhase,
    display: OpenDisplay,
    answers: BTreeMap<u32, Answer>,
    /// Answer numbers in the order written.
    order: Vec<u32>,
    /// Each author's answers not withdrawn, oldest first.
    by_author: BTreeMap<ParticipantId, Vec<u32>>,
    /// Texts a moderator hid: the same text from the same writer arrives hidden.
    held: Held,
    /// How many answers each person wrote, withdrawn ones included.
    written: Quota,
    /// Words (group keys) a moderator left out of the cloud.
    hidden_words: BTreeSet<String>,
    /// Words a moderator merged into another: key → the key it counts under.
    merged: BTreeMap<String, String>,
    /// The answers on the wall, counted.
    tally: Tally,
}

/// One word of the cloud with what moderators and the exports need.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    /// The word as everyone sees it.
    word: CloudWord,
    /// How many answers (on the wall) are in it.
    answers: u32,
    /// The keys merged into it that have answers.
    merged: Vec<String>,
}

/// Words most people first, then by spelling and key.
fn sort_groups(groups: &mut [Group]) {
    groups.sort_by(|a, b| {
        b.word
            .count
            .cmp(&a.word.count)
            .then_with(|| a.word.text.cmp(&b.word.text))
            .then_with(|| a.word.key.cmp(&b.word.key))
    });
}

fn no_answer() -> ActError {
    ActError::new(ErrorCode::InvalidChoice, "no such answer")
}

fn no_word() -> ActError {
    ActError::new(ErrorCode::InvalidChoice, "no such word in the cloud")
}

/// An answer's text as a word of the cloud: without the punctuation around it ("Leuk!" is
/// "Leuk"), as written otherwise.
fn spelling(text: &str) -> &str {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation());
    if trimmed.is_empty() { text } else { trimmed }
}

impl OpenQuestion {
    fn answer(&self, id: u32) -> Result<&Answer, ActError> {
        self.answers
            .get(&id)
            .filter(|a| !a.withdrawn)
            .ok_or_else(no_answer)
    }

    fn status(a: &Answer) -> AnswerStatus {
        if a.hidden {
            AnswerStatus::Hidden
        } else if !a.approved {
            AnswerStatus::Waiting
        } else {
            AnswerStatus::Shown
        }
    }

    /// Whether the answer is on the wall (shown to everyone once the floor is reached).
    fn on_wall(a: &Answer) -> bool {
        !a.withdrawn && Self::status(a) == AnswerStatus::Shown
    }

    fn wall(&self) -> impl Iterator<Item = &Answer> {
        self.order
            .iter()
            .map(|id| &self.answers[id])
            .filter(|a| Self::on_wall(a))
    }

    /// How many people have an answer on the wall.
    fn people(&self) -> u32 {
        self.tally.authors.len() as u32
    }

    /// Recounts answer `id` after a change, given whether it was on the wall before.
    fn recount(&mut self, id: u32, was_on_wall: bool) {
        if let Some(a) = self.answers.get(&id)
            && Self::on_wall(a) != was_on_wall
        {
            self.tally.count(a, !was_on_wall);
        }
    }

    /// Whether the privacy floor is reached: then the answers are public.
    fn shown(&self) -> bool {
        self.people() >= self.spec.privacy_floor
    }

    /// The key a group key counts under after the moderators' merges.
    fn root<'a>(&'a self, key: &'a str) -> &'a str {
        self.merged.get(key).map_or(key, String::as_str)
    }

    /// Every word of the cloud (hidden ones included), most people first, then by spelling:
    /// from the tally, in the number of distinct keys.
    pub(crate) fn groups(&self) -> Vec<Group> {
        let mut roots: BTreeMap<&str, Vec<(&str, &KeyTally)>> = BTreeMap::new();
        for (key, k) in &self.tally.keys {
            roots.entry(self.root(key)).or_default().push((key, k));
        }
        let mut out: Vec<Group> = roots
            .into_iter()
            .map(|(root, keys)| {
                let count = match keys.as_slice() {
                    [(_, one)] => one.people.len(),
                    many => many
                        .iter()
                        .flat_map(|(_, k)| k.people.keys())
                        .collect::<BTreeSet<_>>()
                        .len(),
                };
                // Spelling → (how often, first place).
                let mut spellings: BTreeMap<&str, (usize, u32)> = BTreeMap::new();
                for (_, k) in &keys {
                    for (text, places) in &k.spellings {
                        let first = places.first().copied().unwrap_or(u32::MAX);
                        let e = spellings.entry(text).or_insert((0, first));
                        e.0 += places.len();
                        e.1 = e.1.min(first);
                    }
                }
                let text = spellings
                    .iter()
                    .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
                    .map(|(s, _)| (*s).to_owned())
                    .unwrap_or_default();
                Group {
                    word: CloudWord {
                        key: root.to_owned(),
                        text,
                        count: count as u32,
                    },
                    answers: keys.iter().map(|(_, k)| k.answers).sum(),
                    merged: keys
                        .iter()
                        .map(|(key, _)| (*key).to_owned())
                        .filter(|k| k != root)
                        .collect(),
                }
            })
            .collect();
        sort_groups(&mut out);
        out
    }

    /// [`OpenQuestion::groups`] counted from every answer on the wall (what the tally must
    /// always equal).
    #[cfg(test)]
    pub(crate) fn groups_from_scratch(&self) -> Vec<Group> {
        struct Acc {
            people: BTreeSet<ParticipantId>,
            /// Spelling → (how often, first answer's place).
            spellings: BTreeMap<String, (u32, usize)>,
            answers: u32,
            keys: BTreeSet<String>,
        }
        let mut groups: BTreeMap<&str, Acc> = BTreeMap::new();
        for (place, a) in self.wall().enumerate() {
            let Some(key) = a.key.as_deref() else {
                continue;
            };
            let acc = groups.entry(self.root(key)).or_insert_with(|| Acc {
                people: BTreeSet::new(),
                spellings: BTreeMap::new(),
                answers: 0,
                keys: BTreeSet::new(),
            });
            acc.people.insert(a.author);
            acc.answers += 1;
            acc.keys.insert(key.to_owned());
            acc.spellings
                .entry(spelling(&a.text).to_owned())
                .or_insert((0, place))
                .0 += 1;
        }
        let mut out: Vec<Group> = groups
            .into_iter()
            .map(|(root, acc)| {
                let text = acc
                    .spellings
                    .iter()
                    .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
                    .map(|(s, _)| s.clone())
                    .unwrap_or_default();
                Group {
                    word: CloudWord {
                        key: root.to_owned(),
                        text,
                        count: acc.people.len() as u32,
                    },
                    answers: acc.answers,
                    merged: acc.keys.into_iter().filter(|k| k != root).collect(),
                }
            })
            .collect();
        sort_groups(&mut out);
        out
    }

    /// The cloud's public words of `groups` (hidden ones left out), at most [`VIEW_ITEMS`].
    fn public_words(&self, groups: &[Group]) -> Vec<CloudWord> {
        groups
            .iter()
            .filter(|g| !self.hidden_words.contains(&g.word.key))
            .take(VIEW_ITEMS)
            .map(|g| g.word.clone())
            .collect()
    }

    /// `groups` as moderators see them.
    fn host_words(&self, groups: Vec<Group>) -> Vec<HostCloudWord> {
        groups
            .into_iter()
            .map(|g| HostCloudWord {
                hidden: self.hidden_words.contains(&g.word.key),
                word: g.word,
                merged: g.merged,
            })
            .collect()
    }

    /// Answers on the wall that are not in the cloud.
    fn not_in_cloud(&self) -> u32 {
        self.tally.not_in_cloud
    }

    fn public_answer(&self, a: &Answer, roster: &Roster<'_>) -> OpenAnswer {
        OpenAnswer {
            id: a.id,
            text: a.text.clone(),
            author: (!self.spec.anonymous).then(|| roster.nickname(a.author).to_owned()),
        }
    }

    fn host_answer(&self, a: &Answer, roster: &Roster<'_>) -> HostAnswer {
        HostAnswer {
            id: a.id,
            text: a.text.clone(),
            author: (!self.spec.anonymous).then(|| roster.nickname(a.author).to_owned()),
            status: Self::status(a),
            word: a.key.as_deref().map(|k| self.root(k).to_owned()),
        }
    }

    fn view(&self, roster: &Roster<'_>) -> OpenQuestionView {
        let shown = self.shown();
        let wall: Vec<&Answer> = self.wall().collect();
        let total = wall.len() as u32;
        let cards = if shown {
            let skip = wall.len().saturating_sub(VIEW_ITEMS);
            wall[skip..]
                .iter()
                .map(|a| self.public_answer(a, roster))
                .collect()
        } else {
            Vec::new()
        };
        OpenQuestionView {
            id: self.id,
            title: self.spec.title.clone(),
            per_person: self.spec.per_person,
            max_chars: self.spec.max_chars,
            anonymous: self.spec.anonymous,
            approve: self.spec.approve,
            privacy_floor: self.spec.privacy_floor,
            display: self.display,
            phase: self.phase,
            shown,
            total: if shown { total } else { 0 },
            not_in_cloud: if shown { self.not_in_cloud() } else { 0 },
            cards,
            words: if shown {
                self.public_words(&self.groups())
            } else {
                Vec::new()
            },
        }
    }

    /// Tells every audience what an input changed: the whole view when it crossed the privacy
    /// floor (`was_shown`), else the answer `id`'s card and the words to the projector and
    /// the host, and the host its own copies.
    fn changed(
        &self,
        mut outcome: Outcome<OpenQuestionChange>,
        id: Option<u32>,
        was_shown: bool,
        cx: &Cx<'_>,
    ) -> Outcome<OpenQuestionChange> {
        let shown = self.shown();
        if shown != was_shown {
            outcome.view = true;
            outcome.host = true;
        } else if shown {
            if let Some(a) = id.and_then(|id| self.answers.get(&id)) {
                let change = if Self::on_wall(a) {
                    OpenQuestionChange::Card {
                        card: self.public_answer(a, &cx.roster),
                    }
                } else {
                    OpenQuestionChange::Gone { id: a.id }
                };
                outcome = outcome.with_change(Audience::Watchers, Some(u64::from(a.id)), change);
            }
            // The words are built once per tick, not per input (a burst of a thousand
            // distinct words would sort them all at every answer).
            outcome = outcome.with_change_at_send(Audience::Watchers, WORDS_KEY);
        }
        if let Some(a) = id.and_then(|id| self.answers.get(&id)) {
            let change = if a.withdrawn {
                OpenQuestionChange::HostGone { id: a.id }
            } else {
                OpenQuestionChange::Host {
                    answer: self.host_answer(a, &cx.roster),
                }
            };
            outcome = outcome.with_change(Audience::Host, Some(u64::from(a.id)), change);
        }
        outcome.with_change_at_send(Audience::Host, WORDS_KEY)
    }

    /// The words as the projector (`Watchers`) or the host sees them now.
    fn words_change(&self, audience: Audience) -> Option<OpenQuestionChange> {
        match audience {
            Audience::Watchers if self.shown() => Some(OpenQuestionChange::Words {
                words: self.public_words(&self.groups()),
                total: self.tally.total,
                not_in_cloud: self.not_in_cloud(),
            }),
            Audience::Host => Some(OpenQuestionChange::HostWords {
                words: self.host_words(self.groups()),
            }),
            _ => None,
        }
    }

    fn open_for_students(&self) -> Result<(), ActError> {
        match self.phase {
            OpenQuestionPhase::Open => Ok(()),
            OpenQuestionPhase::Lobby => Err(wrong_phase("the question has not opened yet")),
            OpenQuestionPhase::Closed => Err(wrong_phase("the question has closed")),
        }
    }

    fn add(
        &mut self,
        who: ParticipantId,
        raw: &str,
        cx: &mut Cx<'_>,
    ) -> Result<Outcome<OpenQuestionChange>, ActError> {
        self.open_for_students()?;
        let text = names::check_text(raw, self.spec.max_chars as usize)?;
        let mine = self.by_author.get(&who).map_or(0, Vec::len);
        if mine >= self.spec.per_person as usize {
            return Err(ActError::new(
                ErrorCode::LimitReached,
                format!("you can give {} answers", self.spec.per_person),
            ));
        }
        self.written.check(who)?;
        let live: usize = self.by_author.values().map(Vec::len).sum();
        if live >= MAX_ANSWERS {
            return Err(ActError::new(
                ErrorCode::LimitReached,
                "this question has as many answers as it takes",
            ));
        }
        let was_shown = self.shown();
        let hidden = self.held.holds(who, &text);
        let id = loop {
            let id = cx.rng.random_range(1..=i32::MAX as u32);
            if !self.answers.contains_key(&id) {
                break id;
            }
        };
        let key = normal::cloud_key(&text);
        self.answers.insert(
            id,
            Answer {
                id,
                text,
                author: who,
                at: cx.now,
                approved: !self.spec.approve,
                hidden,
                withdrawn: false,
                key,
                seq: self.order.len() as u32,
            },
        );
        self.order.push(id);
        self.recount(id, false);
        self.by_author.entry(who).or_default().push(id);
        self.written.spend(who);
        let outcome = Outcome::progress().with_personal(Whose::One(who));
        Ok(self.changed(outcome, Some(id), was_shown, cx))
    }

    fn withdraw(
        &mut self,
        who: ParticipantId,
        id: u32,
        cx: &Cx<'_>,
    ) -> Result<Outcome<OpenQuestionChange>, ActError> {
        let answer = self.answer(id)?;
        if answer.author != who {
            return Err(ActError::new(
                ErrorCode::Forbidden,
                "you can take back only your own answers",
            ));
        }
        self.open_for_students()?;
        let was_shown = self.shown();
        let was_on_wall = self.answers.get(&id).is_some_and(Self::on_wall);
        if let Some(a) = self.answers.get_mut(&id) {
            a.withdrawn = true;
        }
        self.recount(id, was_on_wall);
        if let Some(mine) = self.by_author.get_mut(&who) {
            mine.retain(|&a| a != id);
            if mine.is_empty() {
                self.by_author.remove(&who);
            }
        }
        let outcome = Outcome::progress().with_personal(Whose::One(who));
        Ok(self.changed(outcome, Some(id), was_shown, cx))
    }

    /// A moderator's change to answer `id` (approve, hide): `f` changes it; nothing is sent
    /// when nothing changed.
    fn moderate(
        &mut self,
        id: u32,
        cx: &Cx<'_>,
        f: impl FnOnce(&mut Answer),
    ) -> Result<Outcome<OpenQuestionChange>, ActError> {
        self.answer(id)?;
        let was_shown = self.shown();
        let a = self.answers.get_mut(&id).ok_or_else(no_answer)?;
        let before = a.clone();
        f(a);
        let (author, text, hidden) = (a.author, a.text.clone(), a.hidden);
        if *a == before {
            return Ok(Outcome::default());
        }
        self.recount(id, Self::on_wall(&before));
        if hidden {
            self.held.hold(author, &text);
        } else {
            self.held.release(author, &text);
        }
        let outcome = Outcome::default().with_personal(Whose::One(author));
        Ok(self.changed(outcome, Some(id), was_shown, cx))
    }

    /// Whether `key` is a word of the cloud now (a group of answers on the wall).
    fn is_word(&self, key: &str) -> bool {
        self.groups().iter().any(|g| g.word.key == key)
    }

    fn hide_word(
        &mut self,
        word: &str,
        hidden: bool,
        cx: &Cx<'_>,
    ) -> Result<Outcome<OpenQuestionChange>, ActError> {
        if hidden {
            if !self.is_word(word) {
                return Err(no_word());
            }
            if !self.hidden_words.insert(word.to_owned()) {
                return Ok(Outcome::default());
            }
        } else if !self.hidden_words.remove(word) {
            return Ok(Outcome::default());
        }
        let was_shown = self.shown();
        Ok(self.changed(Outcome::default(), None, was_shown, cx))
    }

    fn merge_words(
        &mut self,
        word: &str,
        into: &str,
        cx: &Cx<'_>,
    ) -> Result<Outcome<OpenQuestionChange>, ActError> {
        if word == into || !self.is_word(word) || !self.is_word(into) {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                "merge a word of the cloud into another word of the cloud",
            ));
        }
        for root in self.merged.values_mut() {
            if root == word {
                *root = into.to_owned();
            }
        }
        self.merged.insert(word.to_owned(), into.to_owned());
        // A hidden word merged away leaves its hide behind: what it went into decides.
        self.hidden_words.remove(word);
        let was_shown = self.shown();
        Ok(self.changed(Outcome::default(), None, was_shown, cx))
    }

    fn split_word(
        &mut self,
        word: &str,
        cx: &Cx<'_>,
    ) -> Result<Outcome<OpenQuestionChange>, ActError> {
        let before = self.merged.len();
        self.merged.retain(|_, root| root != word);
        if self.merged.len() == before {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                "no word was merged into this one",
            ));
        }
        let was_shown = self.shown();
        Ok(self.changed(Outcome::default(), None, was_shown, cx))
    }

    fn personal(&self, who: ParticipantId) -> OpenQuestionPersonal {
        OpenQuestionPersonal {
            mine: self
                .by_author
                .get(&who)
                .into_iter()
                .flatten()
                .map(|id| {
                    let a = &self.answers[id];
                    OwnAnswer {
                        id: *id,
                        text: a.text.clone(),
                        status: Self::status(a),
                    }
                })
                .collect(),
        }
    }
}

impl super::kind::Kind for OpenQuestion {
    fn late_chair() -> Option<super::kind::LateChair<OpenQuestionInput>> {
        Some(super::kind::LateChair {
            open: vec![OpenQuestionInput::Open],
            results: vec![OpenQuestionInput::Close],
        })
    }

    fn took_part(&self, who: ParticipantId) -> bool {
        self.by_author.contains_key(&who)
    }

    type Spec = OpenQuestionSpec;
    type Input = OpenQuestionInput;
    type View = OpenQuestionView;
    type Personal = OpenQuestionPersonal;
    type HostView = OpenQuestionHost;
    type Change = OpenQuestionChange;

    /// A new open question in the lobby, if the spec passes [`validate`].
    fn create(id: ActivityId, spec: OpenQuestionSpec) -> Result<Self, ActError> {
        validate(&spec)?;
        Ok(OpenQuestion {
            id,
            display: spec.display,
            spec,
            phase: OpenQuestionPhase::Lobby,
            answers: BTreeMap::new(),
            order: Vec::new(),
            by_author: BTreeMap::new(),
            held: Held::default(),
            written: Quota::default(),
            hidden_words: BTreeSet::new(),
            merged: BTreeMap::new(),
            tally: Tally::default(),
        })
    }

    fn spec(&self) -> &OpenQuestionSpec {
        &self.spec
    }

    fn started(&self) -> bool {
        self.phase != OpenQuestionPhase::Lobby
    }

    fn apply(
        &mut self,
        who: Who,
        input: &OpenQuestionInput,
        cx: &mut Cx<'_>,
    ) -> Result<Outcome<OpenQuestionChange>, ActError> {
        match input {
            OpenQuestionInput::Answer { text } => self.add(who.student()?, text, cx),
            OpenQuestionInput::Withdraw { answer } => self.withdraw(who.student()?, *answer, cx),
            OpenQuestionInput::Open => {
                if self.phase != OpenQuestionPhase::Lobby {
                    return Err(wrong_phase("the question is open already"));
                }
                self.phase = OpenQuestionPhase::Open;
                Ok(Outcome::view().with_personal(Whose::All))
            }
            OpenQuestionInput::Close => {
                if self.phase != OpenQuestionPhase::Open {
                    return Err(wrong_phase("the question is not open"));
                }
                self.phase = OpenQuestionPhase::Closed;
                Ok(Outcome::view())
            }
            OpenQuestionInput::Reopen => {
                if self.phase != OpenQuestionPhase::Closed {
                    return Err(wrong_phase("the question is not closed"));
                }
                self.phase = OpenQuestionPhase::Open;
                Ok(Outcome::view())
            }
            OpenQuestionInput::Show { display } => {
                if self.display == *display {
                    return Ok(Outcome::default());
                }
                self.display = *display;
                Ok(Outcome::view())
            }
            OpenQuestionInput::Approve { answer } => self.moderate(*answer, cx, |a| {
                a.approved = true;
                a.hidden = false;
            }),
            OpenQuestionInput::Hide { answer, hidden } => {
                let hidden = *hidden;
                self.moderate(*answer, cx, |a| a.hidden = hidden)
            }
            OpenQuestionInput::HideWord { word, hidden } => self.hide_word(word, *hidden, cx),
            OpenQuestionInput::MergeWords { word, into } => self.merge_words(word, into, cx),
            OpenQuestionInput::SplitWord { word } => self.split_word(word, cx),
        }
    }

    /// Answers to an anonymous question never show who gave them.
    fn shows_actor(&self, input: &OpenQuestionInput) -> bool {
        !self.spec.anonymous || !input.senders().participants()
    }

    /// How many have at least one answer (not withdrawn).
    fn responded(&self) -> u32 {
        self.by_author.len() as u32
    }

    fn public_view(&self, roster: &Roster<'_>) -> OpenQuestionView {
        self.view(roster)
    }

    fn personal_view(
        &self,
        who: ParticipantId,
        _roster: &Roster<'_>,
    ) -> Option<OpenQuestionPersonal> {
        Some(self.personal(who))
    }

    fn change_at_send(
        &self,
        audience: Audience,
        key: u64,
        _roster: &Roster<'_>,
    ) -> Option<OpenQuestionChange> {
        (key == WORDS_KEY).then(|| self.words_change(audience))?
    }

    fn host_view(&self, roster: &Roster<'_>) -> Option<OpenQuestionHost> {
        Some(OpenQuestionHost {
            answers: self
                .order
                .iter()
                .map(|id| &self.answers[id])
                .filter(|a| !a.withdrawn)
                .map(|a| self.host_answer(a, roster))
                .collect(),
            words: self.host_words(self.groups()),
        })
    }

    /// The top words (by people), or the answers when none made the cloud, only from the
    /// privacy floor on and never with an author.
    fn summary(&self, roster: &Roster<'_>) -> Option<kring_protocol::ResultSummary> {
        use crate::room::history;
        let view = super::kind::Kind::public_view(self, roster);
        if !view.shown {
            return None;
        }
        let lines: Vec<_> = if view.words.is_empty() {
            view.cards
                .into_iter()
                .map(|c| history::line(c.text, None, None))
                .collect()
        } else {
            view.words
                .into_iter()
                .map(|w| {
                    history::line(
                        w.text,
                        Some(f64::from(w.count)),
                        Some(kring_protocol::SummaryUnit::People),
                    )
                })
                .collect()
        };
        history::summary(lines, Vec::new())
    }

    fn export(&self, _id: ActivityId, roster: &Roster<'_>, lang: Lang) -> KindExport {
        export::export(self, roster, lang)
    }
}

#[cfg(test)]
mod tests;
