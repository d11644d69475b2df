//! The brainstorm wall as a pure state machine: lobby → open → closed.
//!
//! Students add ideas (short text, a limit per person, the profanity check), edit or withdraw
//! their own until the wall closes, and like other people's cards (once per card, never their
//! own). Ideas appear at once, after the facilitator approves them, or all together when the
//! facilitator reveals a private wall. The facilitator hides, corrects, merges (the merged card
//! keeps every like, each person once) and pins cards, and carries cards into a dot-vote
//! ([`RoomOp::AddActivity`]).
//!
//! Anonymity by construction: a card's author is kept only to let its author edit, withdraw and
//! not like it, and to tell that author's phone (alone) about it. In an anonymous wall no
//! view, change, export or report carries an author or a liker; card numbers are drawn at random
//! so they carry no order of writing, and anonymous exports list cards by number, without times.
//!
//! Every new card, like or moderation step is one small change per audience, coalesced on the
//! room's tick; the whole wall travels only in a welcome and at a phase change.

use std::collections::{BTreeMap, BTreeSet};

use kring_protocol::{
    ActivityId, ActivitySpec, BrainstormChange, BrainstormHost, BrainstormInput,
    BrainstormPersonal, BrainstormPhase, BrainstormSpec, BrainstormView, CardRef, CardStatus,
    CarryPick, DotOption, DotVoteSpec, ErrorCode, HostCard, IdeaCard, Lang, LikesMode, OwnIdea,
    ParticipantId, TeamId, WallMode,
};
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::Who;
use super::error::ActError;
use super::kind::{Audience, Cx, Held, Outcome, Quota, RoomOp, Roster, Whose, check_title};
use crate::names;
use crate::room::kind_export::KindExport;

mod export;

mod spec;
pub use spec::{
    HALL, HALL_VIEW_CARDS, MAX_CARDS, MAX_CHARS, MAX_TITLE_CHARS, PER_PERSON, validate,
};

/// Whether the room is a hall.
fn is_hall(roster: &Roster<'_>) -> bool {
    roster.ids().len() > HALL
}

/// Tidies and checks a student's idea with the one check for student text
/// ([`names::check_text`]: blank, too long, profanity).
fn idea_text(raw: &str, max_chars: u32) -> Result<String, ActError> {
    names::check_text(raw, max_chars as usize)
}

/// One card.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Card {
    id: u32,
    text: String,
    /// Kept for its author's own phone (edit, withdraw, no own likes) and named exports only.
    author: ParticipantId,
    /// The team column (walls by team).
    team: Option<TeamId>,
    at: u64,
    /// Let onto the wall (always, except while waiting in an approving wall).
    approved: bool,
    hidden: bool,
    pinned: bool,
    edited: bool,
    withdrawn: bool,
    merged_into: Option<u32>,
    /// Cards merged into this one.
    merged: Vec<u32>,
    likes: BTreeSet<ParticipantId>,
}

/// A brainstorm wall's state.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Brainstorm {
    id: ActivityId,
    spec: BrainstormSpec,
    phase: BrainstormPhase,
    revealed: bool,
    cards: BTreeMap<u32, Card>,
    /// Card numbers in the order written.
    order: Vec<u32>,
    /// Each author's cards not withdrawn, oldest first.
    by_author: BTreeMap<ParticipantId, Vec<u32>>,
    /// The cards each person likes.
    liked: BTreeMap<ParticipantId, BTreeSet<u32>>,
    /// Texts a moderator hid: the same text from the same writer arrives hidden.
    #[serde(default)]
    held: Held,
    /// How many cards each person wrote, withdrawn ones included.
    #[serde(default)]
    written: Quota,
}

fn no_card() -> ActError {
    ActError::new(ErrorCode::InvalidChoice, "no such card")
}

impl Brainstorm {
    fn card(&self, id: u32) -> Result<&Card, ActError> {
        self.cards
            .get(&id)
            .filter(|c| !c.withdrawn)
            .ok_or_else(no_card)
    }

    fn status(&self, card: &Card) -> CardStatus {
        if card.merged_into.is_some() {
            CardStatus::Merged
        } else if card.hidden {
            CardStatus::Hidden
        } else if !card.approved {
            CardStatus::Waiting
        } else if !self.revealed {
            CardStatus::Private
        } else {
            CardStatus::Shown
        }
    }

    /// Whether everyone sees the card.
    fn visible(&self, card: &Card) -> bool {
        !card.withdrawn && self.status(card) == CardStatus::Shown
    }

    /// Whether like counts are shown to everyone now.
    fn likes_shown(&self) -> bool {
        match self.spec.likes {
            LikesMode::Live => true,
            LikesMode::Hidden => self.phase == BrainstormPhase::Closed,
            LikesMode::Off => false,
        }
    }

    fn author_name(&self, card: &Card, roster: &Roster<'_>) -> Option<String> {
        (!self.spec.anonymous).then(|| roster.nickname(card.author).to_owned())
    }

    fn public_card(&self, card: &Card, roster: &Roster<'_>) -> IdeaCard {
        IdeaCard {
            id: card.id,
            text: card.text.clone(),
            team: card.team,
            author: self.author_name(card, roster),
            likes: self.likes_shown().then_some(card.likes.len() as u32),
            pinned: card.pinned,
            merged: card.merged.len() as u32,
        }
    }

    fn host_card(&self, card: &Card, roster: &Roster<'_>) -> HostCard {
        HostCard {
            id: card.id,
            text: card.text.clone(),
            team: card.team,
            author: self.author_name(card, roster),
            likes: card.likes.len() as u32,
            status: self.status(card),
            merged_into: card.merged_into,
            merged: card.merged.len() as u32,
            pinned: card.pinned,
            edited: card.edited,
        }
    }

    /// The wall's cards in the order everyone sees them: as they were written, or (a private
    /// wall) by their random numbers, which tells nothing about who wrote first.
    fn shown_order(&self) -> Box<dyn Iterator<Item = &Card> + '_> {
        if self.spec.mode == WallMode::Private {
            Box::new(self.cards.values())
        } else {
            Box::new(self.order.iter().map(|id| &self.cards[id]))
        }
    }

    /// Tells every audience what became of card `id`, given whether everyone saw it before.
    fn changed(
        &self,
        outcome: Outcome<BrainstormChange>,
        id: u32,
        was_visible: bool,
        cx: &Cx<'_>,
    ) -> Outcome<BrainstormChange> {
        let outcome = self.public_changed(outcome, id, was_visible, cx);
        self.host_changed(outcome, id, cx)
    }

    /// Tells everyone what became of card `id` (an upsert while shown, else a removal if it was
    /// shown before).
    fn public_changed(
        &self,
        mut outcome: Outcome<BrainstormChange>,
        id: u32,
        was_visible: bool,
        cx: &Cx<'_>,
    ) -> Outcome<BrainstormChange> {
        let card = &self.cards[&id];
        let key = Some(u64::from(id));
        // In a hall every card to every phone would be phones × cards messages: only the
        // projector and the host get them live there.
        let audience = if is_hall(&cx.roster) {
            Audience::Watchers
        } else {
            Audience::Everyone
        };
        let total = self.total();
        if self.visible(card) {
            let card = self.public_card(card, &cx.roster);
            outcome = outcome.with_change(audience, key, BrainstormChange::Card { card, total });
        } else if was_visible {
            outcome = outcome.with_change(audience, key, BrainstormChange::Gone { id, total });
        }
        outcome
    }

    /// Tells the host what became of card `id`.
    fn host_changed(
        &self,
        outcome: Outcome<BrainstormChange>,
        id: u32,
        cx: &Cx<'_>,
    ) -> Outcome<BrainstormChange> {
        let card = &self.cards[&id];
        let key = Some(u64::from(id));
        let host = if card.withdrawn {
            BrainstormChange::HostGone { id }
        } else {
            BrainstormChange::Host {
                card: self.host_card(card, &cx.roster),
            }
        };
        outcome.with_change(Audience::Host, key, host)
    }

    /// Whether `who` wrote the card or a card merged into it.
    fn is_author(&self, card: &Card, who: ParticipantId) -> bool {
        card.author == who
            || card
                .merged
                .iter()
                .any(|m| self.cards.get(m).is_some_and(|c| c.author == who))
    }

    fn open_for_students(&self) -> Result<(), ActError> {
        match self.phase {
            BrainstormPhase::Open => Ok(()),
            BrainstormPhase::Lobby => Err(ActError::new(
                ErrorCode::WrongPhase,
                "the wall has not opened yet",
            )),
            BrainstormPhase::Closed => {
                Err(ActError::new(ErrorCode::WallClosed, "the wall is closed"))
            }
        }
    }

    fn add(
        &mut self,
        who: ParticipantId,
        raw: &str,
        cx: &mut Cx<'_>,
    ) -> Result<Outcome<BrainstormChange>, ActError> {
        self.open_for_students()?;
        let team = if self.spec.by_team {
            Some(
                cx.roster
                    .team_of(who)
                    .ok_or_else(|| ActError::new(ErrorCode::NoTeam, "you are not in a team yet"))?,
            )
        } else {
            None
        };
        let text = idea_text(raw, self.spec.max_chars)?;
        let mine = self.by_author.get(&who).map_or(0, Vec::len);
        if mine >= self.spec.per_person as usize {
            return Err(ActError::new(
                ErrorCode::LimitReached,
                format!("you can add {} ideas", self.spec.per_person),
            ));
        }
        self.written.check(who)?;
        let live: usize = self.by_author.values().map(Vec::len).sum();
        if live >= MAX_CARDS {
            return Err(ActError::new(ErrorCode::LimitReached, "the wall is full"));
        }
        let hidden = self.held.holds(who, &text);
        let id = loop {
            let id = cx.rng.random_range(1..=i32::MAX as u32);
            if !self.cards.contains_key(&id) {
                break id;
            }
        };
        self.cards.insert(
            id,
            Card {
                id,
                text,
                author: who,
                team,
                at: cx.now,
                approved: self.spec.mode != WallMode::Approve,
                hidden,
                pinned: false,
                edited: false,
                withdrawn: false,
                merged_into: None,
                merged: Vec::new(),
                likes: BTreeSet::new(),
            },
        );
        self.order.push(id);
        self.by_author.entry(who).or_default().push(id);
        self.written.spend(who);
        let outcome = Outcome::progress().with_personal(Whose::One(who));
        Ok(self.changed(outcome, id, false, cx))
    }

    /// A card `who` may change: their own (a student) or any (the host).
    fn own_card(&self, who: Who, id: u32) -> Result<&Card, ActError> {
        let card = self.card(id)?;
        match who {
            Who::Participant(p) if card.author != p => Err(ActError::new(
                ErrorCode::Forbidden,
                "you can change only your own ideas",
            )),
            _ => Ok(card),
        }
    }

    fn edit(
        &mut self,
        who: Who,
        id: u32,
        raw: &str,
        cx: &Cx<'_>,
    ) -> Result<Outcome<BrainstormChange>, ActError> {
        let card = self.own_card(who, id)?;
        let was_visible = self.visible(card);
        let author = card.author;
        let text = match who {
            Who::Participant(_) => {
                self.open_for_students()?;
                if card.merged_into.is_some() {
                    return Err(ActError::new(
                        ErrorCode::WrongPhase,
                        "this idea was merged into another card",
                    ));
                }
                idea_text(raw, self.spec.max_chars)?
            }
            // The facilitator corrects typos: their own words, no profanity check.
            _ => {
                let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
                let chars = text.chars().count();
                if chars == 0 || chars > *MAX_CHARS.end() as usize {
                    return Err(ActError::new(
                        ErrorCode::TooLong,
                        format!("a card has 1 to {} characters", MAX_CHARS.end()),
                    ));
                }
                text
            }
        };
        let card = self.cards.get_mut(&id).ok_or_else(no_card)?;
        if card.text == text {
            return Ok(Outcome::default());
        }
        if matches!(who, Who::Participant(_)) && self.held.holds(author, &text) {
            card.hidden = true;
            card.pinned = false;
        }
        card.text = text;
        match who {
            // An approved idea that its author changes waits for approval again.
            Who::Participant(_) if self.spec.mode == WallMode::Approve => card.approved = false,
            Who::Participant(_) => {}
            _ => card.edited = true,
        }
        let outcome = Outcome::default().with_personal(Whose::One(author));
        Ok(self.changed(outcome, id, was_visible, cx))
    }

    fn withdraw(
        &mut self,
        who: ParticipantId,
        id: u32,
        cx: &Cx<'_>,
    ) -> Result<Outcome<BrainstormChange>, ActError> {
        let card = self.own_card(Who::Participant(who), id)?;
        self.open_for_students()?;
        if card.merged_into.is_some() {
            return Err(ActError::new(
                ErrorCode::WrongPhase,
                "this idea was merged into another card",
            ));
        }
        let was_visible = self.visible(card);
        let card = self.cards.get_mut(&id).ok_or_else(no_card)?;
        card.withdrawn = true;
        card.pinned = false;
        let likers: Vec<ParticipantId> = std::mem::take(&mut card.likes).into_iter().collect();
        let merged = card.merged.clone();
        if let Some(mine) = self.by_author.get_mut(&who) {
            mine.retain(|&c| c != id);
            if mine.is_empty() {
                self.by_author.remove(&who);
            }
        }
        // Its likes go with it; duplicates merged into it are back on their own.
        let mut outcome = Outcome::progress().with_personal(Whose::One(who));
        for p in likers {
            if let Some(set) = self.liked.get_mut(&p) {
                set.remove(&id);
            }
            outcome = outcome.with_personal(Whose::One(p));
        }
        for m in merged {
            if let Some(c) = self.cards.get_mut(&m) {
                c.merged_into = None;
                let author = c.author;
                outcome = self.changed(outcome.with_personal(Whose::One(author)), m, false, cx);
            }
        }
        if let Some(card) = self.cards.get_mut(&id) {
            card.merged.clear();
        }
        Ok(self.changed(outcome, id, was_visible, cx))
    }

    fn like(
        &mut self,
        who: ParticipantId,
        id: u32,
        like: bool,
        cx: &Cx<'_>,
    ) -> Result<Outcome<BrainstormChange>, ActError> {
        if self.spec.likes == LikesMode::Off {
            return Err(ActError::new(
                ErrorCode::LikesOff,
                "likes are switched off for this wall",
            ));
        }
        self.open_for_students()?;
        let card = self.card(id)?;
        if !self.visible(card) {
            return Err(no_card());
        }
        if like && self.is_author(card, who) {
            return Err(ActError::new(
                ErrorCode::OwnIdea,
                "you cannot like your own idea",
            ));
        }
        if card.likes.contains(&who) == like {
            return Ok(Outcome::default());
        }
        let card = self.cards.get_mut(&id).ok_or_else(no_card)?;
        let mine = self.liked.entry(who).or_default();
        if like {
            card.likes.insert(who);
            mine.insert(id);
        } else {
            card.likes.remove(&who);
            mine.remove(&id);
            if mine.is_empty() {
                self.liked.remove(&who);
            }
        }
        let outcome = Outcome::default().with_personal(Whose::One(who));
        // Hidden counts: everyone's card did not change, only the host's.
        if self.likes_shown() {
            Ok(self.changed(outcome, id, true, cx))
        } else {
            Ok(self.host_changed(outcome, id, cx))
        }
    }

    fn merge(
        &mut self,
        id: u32,
        into: u32,
        cx: &Cx<'_>,
    ) -> Result<Outcome<BrainstormChange>, ActError> {
        let card = self.card(id)?;
        let target = self.card(into)?;
        if id == into || card.merged_into.is_some() || target.merged_into.is_some() {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                "merge a card into another card that was not merged itself",
            ));
        }
        let was_visible = self.visible(card);
        let into_was_visible = self.visible(target);
        let card = self.cards.get_mut(&id).ok_or_else(no_card)?;
        card.merged_into = Some(into);
        card.pinned = false;
        let likers: Vec<ParticipantId> = card.likes.iter().copied().collect();
        let mut moved = std::mem::take(&mut card.merged);
        let author = card.author;
        // Cards merged into the duplicate before now belong to the card it went into.
        for m in &moved {
            if let Some(c) = self.cards.get_mut(m) {
                c.merged_into = Some(into);
            }
        }
        moved.insert(0, id);
        let target = self.cards.get_mut(&into).ok_or_else(no_card)?;
        target.merged.extend(moved);
        let mut outcome = Outcome::default().with_personal(Whose::One(author));
        for p in likers {
            target.likes.insert(p);
            self.liked.entry(p).or_default().insert(into);
            outcome = outcome.with_personal(Whose::One(p));
        }
        let outcome = self.changed(outcome, id, was_visible, cx);
        Ok(self.changed(outcome, into, into_was_visible, cx))
    }

    /// The cards `pick` takes into a dot-vote, in the wall's order.
    fn carried(&self, pick: CarryPick) -> Vec<&Card> {
        let shown: Vec<&Card> = self.shown_order().filter(|c| self.visible(c)).collect();
        match pick {
            CarryPick::All => shown,
            CarryPick::Pinned => shown.into_iter().filter(|c| c.pinned).collect(),
            CarryPick::Top { n } => {
                let mut ranked: Vec<(usize, &Card)> = shown.into_iter().enumerate().collect();
                // Most likes first; among equals the wall's order (stable sort).
                ranked.sort_by_key(|(_, c)| std::cmp::Reverse(c.likes.len()));
                ranked.truncate(n as usize);
                ranked.sort_by_key(|(at, _)| *at);
                ranked.into_iter().map(|(_, c)| c).collect()
            }
        }
    }

    fn carry(&self, pick: CarryPick, title: &str) -> Result<Outcome<BrainstormChange>, ActError> {
        if self.phase == BrainstormPhase::Lobby {
            return Err(ActError::new(
                ErrorCode::WrongPhase,
                "the wall has not opened yet",
            ));
        }
        let options: Vec<DotOption> = self
            .carried(pick)
            .into_iter()
            .map(|c| DotOption {
                text: c.text.clone(),
                team: c.team,
                card: Some(CardRef {
                    activity: self.id,
                    card: c.id,
                }),
            })
            .collect();
        if options.len() < 2 {
            return Err(ActError::invalid_spec(
                "a dot-vote needs at least two cards to choose from",
            ));
        }
        let spec = ActivitySpec::DotVote(DotVoteSpec {
            title: title.to_owned(),
            options,
            dots: 3,
            max_per_option: None,
            no_own_team: self.spec.by_team,
            live_results: false,
            by_team: self.spec.by_team,
            anonymous: self.spec.anonymous,
        });
        let mut outcome = Outcome::default();
        outcome.room.push(RoomOp::AddActivity {
            spec,
            current: true,
        });
        Ok(outcome)
    }

    fn moderate(
        &mut self,
        id: u32,
        cx: &Cx<'_>,
        f: impl FnOnce(&mut Card),
    ) -> Result<Outcome<BrainstormChange>, ActError> {
        let card = self.card(id)?;
        if card.merged_into.is_some() {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                "this card was merged into another one",
            ));
        }
        let was_visible = self.visible(card);
        let author = card.author;
        let card = self.cards.get_mut(&id).ok_or_else(no_card)?;
        let before = card.clone();
        f(card);
        if *card == before {
            return Ok(Outcome::default());
        }
        let outcome = Outcome::default().with_personal(Whose::One(author));
        Ok(self.changed(outcome, id, was_visible, cx))
    }

    /// Keeps (`hidden`) or lets go of a moderator's hide of card `id`'s text by its author.
    fn hold(&mut self, id: u32, hidden: bool) {
        if let Some(card) = self.cards.get(&id) {
            if hidden {
                self.held.hold(card.author, &card.text);
            } else {
                self.held.release(card.author, &card.text);
            }
        }
    }

    /// How many cards are on the wall.
    fn total(&self) -> u32 {
        self.cards.values().filter(|c| self.visible(c)).count() as u32
    }

    fn view(&self, roster: &Roster<'_>) -> BrainstormView {
        let hall = is_hall(roster);
        let mut cards: Vec<&Card> = self.shown_order().filter(|c| self.visible(c)).collect();
        if hall && cards.len() > HALL_VIEW_CARDS {
            // What a hall's phones see: the pinned, then the most liked, then the newest. While
            // likes are hidden the choice leaves them out, or it would tell which cards are liked.
            let likes = self.likes_shown();
            let mut ranked = cards.clone();
            ranked.sort_by_key(|c| {
                (
                    !c.pinned,
                    std::cmp::Reverse(if likes { c.likes.len() } else { 0 }),
                    std::cmp::Reverse(c.at),
                )
            });
            let keep: std::collections::BTreeSet<u32> =
                ranked.iter().take(HALL_VIEW_CARDS).map(|c| c.id).collect();
            cards.retain(|c| keep.contains(&c.id));
        }
        BrainstormView {
            id: self.id,
            title: self.spec.title.clone(),
            per_person: self.spec.per_person,
            max_chars: self.spec.max_chars,
            by_team: self.spec.by_team,
            anonymous: self.spec.anonymous,
            mode: self.spec.mode,
            likes: self.spec.likes,
            phase: self.phase,
            revealed: self.revealed,
            total: self.total(),
            live: !hall,
            cards: cards
                .into_iter()
                .map(|c| self.public_card(c, roster))
                .collect(),
        }
    }

    fn personal(&self, who: ParticipantId, roster: &Roster<'_>) -> BrainstormPersonal {
        BrainstormPersonal {
            team: roster.team_of(who),
            mine: self
                .by_author
                .get(&who)
                .into_iter()
                .flatten()
                .map(|id| {
                    let card = &self.cards[id];
                    OwnIdea {
                        id: *id,
                        text: card.text.clone(),
                        status: self.status(card),
                    }
                })
                .collect(),
            liked: self
                .liked
                .get(&who)
                .into_iter()
                .flatten()
                .copied()
                .collect(),
        }
    }
}

impl super::kind::Kind for Brainstorm {
    fn late_chair() -> Option<super::kind::LateChair<BrainstormInput>> {
        Some(super::kind::LateChair {
            open: vec![BrainstormInput::Open],
            results: vec![BrainstormInput::Reveal, BrainstormInput::Close],
        })
    }

    fn took_part(&self, who: ParticipantId) -> bool {
        self.by_author.contains_key(&who) || self.liked.contains_key(&who)
    }

    type Spec = BrainstormSpec;
    type Input = BrainstormInput;
    type View = BrainstormView;
    type Personal = BrainstormPersonal;
    type HostView = BrainstormHost;
    type Change = BrainstormChange;

    /// A new wall in the lobby, if the spec passes [`validate`].
    fn create(id: ActivityId, spec: BrainstormSpec) -> Result<Self, ActError> {
        validate(&spec)?;
        Ok(Brainstorm {
            id,
            revealed: spec.mode != WallMode::Private,
            spec,
            phase: BrainstormPhase::Lobby,
            cards: BTreeMap::new(),
            order: Vec::new(),
            by_author: BTreeMap::new(),
            liked: BTreeMap::new(),
            held: Held::default(),
            written: Quota::default(),
        })
    }

    fn spec(&self) -> &BrainstormSpec {
        &self.spec
    }

    fn started(&self) -> bool {
        self.phase != BrainstormPhase::Lobby
    }

    fn apply(
        &mut self,
        who: Who,
        input: &BrainstormInput,
        cx: &mut Cx<'_>,
    ) -> Result<Outcome<BrainstormChange>, ActError> {
        match input {
            BrainstormInput::Add { text } => self.add(who.student()?, text, cx),
            BrainstormInput::Edit { card, text } => self.edit(who, *card, text, cx),
            BrainstormInput::Withdraw { card } => self.withdraw(who.student()?, *card, cx),
            BrainstormInput::Like { card, like } => self.like(who.student()?, *card, *like, cx),
            BrainstormInput::Open => {
                if self.phase != BrainstormPhase::Lobby {
                    return Err(ActError::new(
                        ErrorCode::WrongPhase,
                        "the wall is open already",
                    ));
                }
                self.phase = BrainstormPhase::Open;
                Ok(Outcome::view().with_personal(Whose::All))
            }
            BrainstormInput::Reveal => {
                if self.revealed || self.phase == BrainstormPhase::Lobby {
                    return Err(ActError::new(
                        ErrorCode::WrongPhase,
                        "only an open private wall is revealed",
                    ));
                }
                self.revealed = true;
                Ok(Outcome::view().with_personal(Whose::All))
            }
            BrainstormInput::Close => {
                if self.phase != BrainstormPhase::Open {
                    return Err(ActError::new(ErrorCode::WrongPhase, "the wall is not open"));
                }
                self.phase = BrainstormPhase::Closed;
                Ok(Outcome::view())
            }
            BrainstormInput::Reopen => {
                if self.phase != BrainstormPhase::Closed {
                    return Err(ActError::new(
                        ErrorCode::WrongPhase,
                        "the wall is not closed",
                    ));
                }
                self.phase = BrainstormPhase::Open;
                Ok(Outcome::view())
            }
            BrainstormInput::Approve { card } => {
                let outcome = self.moderate(*card, cx, |c| {
                    c.approved = true;
                    c.hidden = false;
                })?;
                self.hold(*card, false);
                Ok(outcome)
            }
            BrainstormInput::Hide { card, hidden } => {
                let hidden = *hidden;
                let outcome = self.moderate(*card, cx, |c| {
                    c.hidden = hidden;
                    if hidden {
                        c.pinned = false;
                    }
                })?;
                self.hold(*card, hidden);
                Ok(outcome)
            }
            BrainstormInput::Pin { card, pinned } => {
                let pinned = *pinned;
                self.moderate(*card, cx, |c| c.pinned = pinned)
            }
            BrainstormInput::Merge { card, into } => self.merge(*card, *into, cx),
            BrainstormInput::Carry { pick, title } => self.carry(*pick, title),
        }
    }

    /// Likes never name who gave them; ideas on an anonymous wall do not either.
    fn shows_actor(&self, input: &BrainstormInput) -> bool {
        match input {
            BrainstormInput::Like { .. } => false,
            _ => !self.spec.anonymous,
        }
    }

    /// How many have at least one idea on the wall (not withdrawn).
    /// Takes a removed participant's likes off the cards; counts them. (Their own cards stay
    /// for the facilitator to hide: a card is an idea, not a vote.)
    fn void(&mut self, gone: ParticipantId) -> u32 {
        let Some(mine) = self.liked.remove(&gone) else {
            return 0;
        };
        for id in &mine {
            if let Some(card) = self.cards.get_mut(id) {
                card.likes.remove(&gone);
            }
        }
        mine.len() as u32
    }

    fn responded(&self) -> u32 {
        self.by_author.len() as u32
    }

    fn public_view(&self, roster: &Roster<'_>) -> BrainstormView {
        self.view(roster)
    }

    fn personal_view(&self, who: ParticipantId, roster: &Roster<'_>) -> Option<BrainstormPersonal> {
        Some(self.personal(who, roster))
    }

    fn host_view(&self, roster: &Roster<'_>) -> Option<BrainstormHost> {
        Some(BrainstormHost {
            cards: self
                .order
                .iter()
                .map(|id| &self.cards[id])
                .filter(|c| !c.withdrawn)
                .map(|c| self.host_card(c, roster))
                .collect(),
        })
    }

    /// The top cards as the projector shows them (pinned first, then most liked; never an
    /// author): nothing of a private wall before its reveal.
    fn summary(&self, roster: &Roster<'_>) -> Option<kring_protocol::ResultSummary> {
        use crate::room::history;
        let view = super::kind::Kind::public_view(self, roster);
        if !view.revealed {
            return None;
        }
        let mut cards = view.cards;
        cards.sort_by(|a, b| {
            b.pinned
                .cmp(&a.pinned)
                .then(b.likes.unwrap_or(0).cmp(&a.likes.unwrap_or(0)))
        });
        let lines = cards.into_iter().map(|c| {
            let likes = c.likes.filter(|&n| n > 0);
            history::line(
                c.text,
                likes.map(f64::from),
                likes.map(|_| kring_protocol::SummaryUnit::Likes),
            )
        });
        history::summary(lines, Vec::new())
    }

    fn export(&self, _id: ActivityId, roster: &Roster<'_>, lang: Lang) -> KindExport {
        export::export(self, roster, lang)
    }
}

#[cfg(test)]
mod tests;
