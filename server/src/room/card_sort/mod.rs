//! An evaluation card-sort as a pure state machine: lobby → open → closed → revealed.
//!
//! Each phone places statement cards on the facilitator's columns, one card at a time; a
//! placement replaces where that card lay, so moving a card is one input and a re-sent one
//! changes nothing. Taking a card back or skipping the sort is allowed until it closes. The
//! heatmap (how many placed each card in each column) is computed from the placements and
//! passes the privacy floor cell by cell ([`heatmap`]): a cell under the floor is `null`,
//! exactly like an empty one, and no view carries a total (a card's or a column's), so a
//! hidden cell cannot be worked out by subtraction. It goes to the host while hidden (the
//! projector's page needs no key, so a hidden heatmap never goes there) and to the projector
//! too when live, as one small change sent only when a shown cell changed, coalesced on the
//! room's tick (phones show the heatmap only once revealed, and get it in that view). Placements never name anyone outside the phone that made them.

use std::collections::{BTreeMap, BTreeSet};

use kring_protocol::{
    ActivityId, CardSortChange, CardSortHost, CardSortInput, CardSortPersonal, CardSortPhase,
    CardSortSpec, CardSortView, ErrorCode, Heatmap, Lang, ParticipantId,
};
use serde::{Deserialize, Serialize};

use super::Who;
use super::error::ActError;
use super::kind::{Audience, Cx, Outcome, Roster, Whose, check_title, wrong_phase};
use crate::room::kind_export::KindExport;

mod export;

mod spec;
pub use spec::{
    CARDS, COLUMNS, MAX_CARD_CHARS, MAX_COLUMN_CHARS, MAX_GROUP_CHARS, MAX_TITLE_CHARS,
    PRIVACY_FLOOR, validate,
};

/// The heatmap of `counts` (placements per card, per column) under the privacy `floor`: a cell
/// with fewer than `floor` placements is `None`, as an empty cell is, so no shown number ever
/// stands for fewer than `floor` people and an empty cell cannot be told from a hidden one.
pub fn heatmap(counts: &[Vec<u32>], floor: u32) -> Heatmap {
    Heatmap {
        cells: counts
            .iter()
            .map(|row| row.iter().map(|&n| (n >= floor).then_some(n)).collect())
            .collect(),
    }
}

/// A card-sort's state.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct CardSort {
    id: ActivityId,
    spec: CardSortSpec,
    phase: CardSortPhase,
    /// Each participant's placements: card → column (no entry: placed nothing).
    placed: BTreeMap<ParticipantId, BTreeMap<u32, u32>>,
    /// Who skipped the sort (and has no placements).
    skipped: BTreeSet<ParticipantId>,
    /// Placements per card, per column: the exact numbers (never shown as they are), kept with
    /// every placement so an input costs the cells it touches, not a pass over the class.
    counts: Vec<Vec<u32>>,
}

impl CardSort {
    /// The heatmap under the floor.
    fn shown(&self) -> Heatmap {
        heatmap(&self.counts, self.spec.privacy_floor)
    }

    /// One placement more (`up`) or less in a cell; whether what the heatmap shows of it
    /// changed.
    fn count(&mut self, card: u32, column: u32, up: bool) -> bool {
        let floor = self.spec.privacy_floor;
        let n = &mut self.counts[card as usize][column as usize];
        let before = (*n >= floor).then_some(*n);
        *n = if up { *n + 1 } else { n.saturating_sub(1) };
        before != (*n >= floor).then_some(*n)
    }

    /// Moves the counts from one person's placements `from` to `to`; whether a shown cell
    /// changed.
    fn recount(&mut self, from: &BTreeMap<u32, u32>, to: &BTreeMap<u32, u32>) -> bool {
        let mut changed = false;
        for (&card, &column) in from {
            if to.get(&card) != Some(&column) {
                changed |= self.count(card, column, false);
            }
        }
        for (&card, &column) in to {
            if from.get(&card) != Some(&column) {
                changed |= self.count(card, column, true);
            }
        }
        changed
    }

    /// Whether everyone sees the heatmap now.
    fn public_heatmap(&self) -> bool {
        match self.phase {
            CardSortPhase::Revealed => true,
            CardSortPhase::Open | CardSortPhase::Closed => self.spec.live,
            CardSortPhase::Lobby => false,
        }
    }

    /// Refuses a phone's input unless the sort is open.
    fn check_open(&self) -> Result<(), ActError> {
        match self.phase {
            CardSortPhase::Open => Ok(()),
            CardSortPhase::Lobby => Err(wrong_phase("the card-sort has not started yet")),
            CardSortPhase::Closed | CardSortPhase::Revealed => Err(ActError::new(
                ErrorCode::VotingClosed,
                "the card-sort has closed",
            )),
        }
    }

    /// Refuses a card or column number the sort does not have.
    fn check_card(&self, card: u32, column: Option<u32>) -> Result<(), ActError> {
        if card as usize >= self.spec.cards.len() {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                format!("there are {} cards", self.spec.cards.len()),
            ));
        }
        if column.is_some_and(|c| c as usize >= self.spec.columns.len()) {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                format!("there are {} columns", self.spec.columns.len()),
            ));
        }
        Ok(())
    }

    /// Applies a phone's change to its own placements (checked already) and says what changed:
    /// its own view, the count, and the heatmap if a shown cell changed.
    fn sort(
        &mut self,
        who: ParticipantId,
        change: impl FnOnce(&mut BTreeMap<u32, u32>, &mut bool),
    ) -> Outcome<CardSortChange> {
        let before = self.placed.remove(&who).unwrap_or_default();
        let mut own = before.clone();
        let mut skipped = self.skipped.remove(&who);
        change(&mut own, &mut skipped);
        let changed = self.recount(&before, &own);
        if skipped {
            self.skipped.insert(who);
        } else if !own.is_empty() {
            self.placed.insert(who, own);
        }
        let outcome = Outcome::progress().with_personal(Whose::One(who));
        if !changed {
            return outcome;
        }
        let after = self.shown();
        // A live heatmap goes to the projector and the consoles: phones show it only once
        // revealed, when placements have closed, so a hall's phones are not sent every tick.
        let audience = if self.public_heatmap() {
            Audience::Watchers
        } else {
            Audience::Host
        };
        outcome.with_change(
            audience,
            Some(0),
            CardSortChange::Heatmap { heatmap: after },
        )
    }
}

impl super::kind::Kind for CardSort {
    fn late_chair() -> Option<super::kind::LateChair<CardSortInput>> {
        Some(super::kind::LateChair {
            open: vec![CardSortInput::Open],
            results: vec![CardSortInput::Reveal],
        })
    }

    fn took_part(&self, who: ParticipantId) -> bool {
        self.placed.contains_key(&who) || self.skipped.contains(&who)
    }

    type Spec = CardSortSpec;
    type Input = CardSortInput;
    type View = CardSortView;
    type Personal = CardSortPersonal;
    type HostView = CardSortHost;
    type Change = CardSortChange;

    /// A new card-sort in the lobby, if the spec passes [`validate`].
    fn create(id: ActivityId, spec: CardSortSpec) -> Result<Self, ActError> {
        validate(&spec)?;
        Ok(CardSort {
            id,
            counts: vec![vec![0; spec.columns.len()]; spec.cards.len()],
            spec,
            phase: CardSortPhase::Lobby,
            placed: BTreeMap::new(),
            skipped: BTreeSet::new(),
        })
    }

    fn spec(&self) -> &CardSortSpec {
        &self.spec
    }

    fn started(&self) -> bool {
        self.phase != CardSortPhase::Lobby
    }

    fn apply(
        &mut self,
        who: Who,
        input: &CardSortInput,
        _cx: &mut Cx<'_>,
    ) -> Result<Outcome<CardSortChange>, ActError> {
        match *input {
            CardSortInput::Place { card, column } => {
                let who = who.student()?;
                self.check_open()?;
                self.check_card(card, Some(column))?;
                Ok(self.sort(who, |own, skipped| {
                    own.insert(card, column);
                    *skipped = false;
                }))
            }
            CardSortInput::Unplace { card } => {
                let who = who.student()?;
                self.check_open()?;
                self.check_card(card, None)?;
                Ok(self.sort(who, |own, _| {
                    own.remove(&card);
                }))
            }
            CardSortInput::Skip => {
                let who = who.student()?;
                self.check_open()?;
                Ok(self.sort(who, |own, skipped| {
                    own.clear();
                    *skipped = true;
                }))
            }
            CardSortInput::Open => {
                if self.phase != CardSortPhase::Lobby {
                    return Err(wrong_phase("the card-sort has started already"));
                }
                self.phase = CardSortPhase::Open;
                Ok(Outcome::view().with_personal(Whose::All))
            }
            CardSortInput::Close => {
                if self.phase != CardSortPhase::Open {
                    return Err(wrong_phase("the card-sort is not open"));
                }
                self.phase = CardSortPhase::Closed;
                Ok(Outcome::view())
            }
            CardSortInput::Reveal => {
                if !matches!(self.phase, CardSortPhase::Open | CardSortPhase::Closed) {
                    return Err(wrong_phase("the heatmap is revealed once the sort has run"));
                }
                self.phase = CardSortPhase::Revealed;
                Ok(Outcome::view())
            }
        }
    }

    /// Placements never show who made them.
    fn shows_actor(&self, _input: &CardSortInput) -> bool {
        false
    }

    /// How many placed a card or skipped.
    fn responded(&self) -> u32 {
        (self.placed.len() + self.skipped.len()) as u32
    }

    /// Takes a removed participant's placements (and skip) off, also after the reveal; counts
    /// the placements.
    fn void(&mut self, gone: ParticipantId) -> u32 {
        self.skipped.remove(&gone);
        let own = self.placed.remove(&gone).unwrap_or_default();
        self.recount(&own, &BTreeMap::new());
        own.len() as u32
    }

    fn public_view(&self, _roster: &Roster<'_>) -> CardSortView {
        CardSortView {
            id: self.id,
            title: self.spec.title.clone(),
            cards: self.spec.cards.clone(),
            columns: self.spec.columns.clone(),
            privacy_floor: self.spec.privacy_floor,
            live: self.spec.live,
            phase: self.phase,
            heatmap: self.public_heatmap().then(|| self.shown()),
        }
    }

    fn personal_view(&self, who: ParticipantId, _roster: &Roster<'_>) -> Option<CardSortPersonal> {
        let own = self.placed.get(&who);
        Some(CardSortPersonal {
            placed: (0..self.spec.cards.len() as u32)
                .map(|card| own.and_then(|o| o.get(&card).copied()))
                .collect(),
            skipped: self.skipped.contains(&who),
        })
    }

    /// The heatmap under the floor, also while it is hidden.
    fn host_view(&self, _roster: &Roster<'_>) -> Option<CardSortHost> {
        Some(CardSortHost {
            heatmap: self.shown(),
        })
    }

    /// For each card, the column most placed it in, with how many, from the heatmap as the
    /// projector shows it (cells under the privacy floor never count).
    fn summary(&self, roster: &Roster<'_>) -> Option<kring_protocol::ResultSummary> {
        use crate::room::history;
        let view = super::kind::Kind::public_view(self, roster);
        let heatmap = view.heatmap?;
        let mut best: Vec<(u32, String)> = view
            .cards
            .iter()
            .zip(&heatmap.cells)
            .filter_map(|(card, row)| {
                let (column, count) = row
                    .iter()
                    .enumerate()
                    .filter_map(|(c, n)| n.map(|n| (c, n)))
                    .max_by_key(|&(c, n)| (n, std::cmp::Reverse(c)))?;
                Some((count, format!("{} → {}", card.text, view.columns[column])))
            })
            .collect();
        best.sort_by_key(|b| std::cmp::Reverse(b.0));
        let lines = best.into_iter().map(|(n, text)| {
            history::line(
                text,
                Some(f64::from(n)),
                Some(kring_protocol::SummaryUnit::People),
            )
        });
        history::summary(lines, Vec::new())
    }

    fn export(&self, _id: ActivityId, _roster: &Roster<'_>, lang: Lang) -> KindExport {
        export::export(self, lang)
    }
}

#[cfg(test)]
mod tests;
