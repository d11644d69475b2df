//! The `card-sort` scenario: classes sorting evaluation cards onto the sessions of the room.
//!
//! Per room, the host makes a card-sort of [`CARDS`] statement cards on [`COLUMNS`] columns
//! current and opens it; every phone places each card once, one after the other at a
//! student's tapping pace (a tap on a card, a tap on a column), each on a random column, and
//! then moves its first card to the next column. Once every phone of the room has had its last
//! placement acknowledged, the host reveals the heatmap. Stage `k` (the report's "question") is
//! card `k`'s placement; stage [`CARDS`] is the move.
//!
//! `answer_to_ack` is placement → `ack`; `answer_to_projector` is a phone's first placement →
//! the projector's coalesced count of phones sorting includes it (later placements do not
//! change that count, so only the first is timed to the projector).

use std::sync::Arc;
use std::time::Duration;

use kring_protocol::{
    Act, ActivityId, ActivityInput, ActivitySpec, ActivityView, CardSortInput, CardSortPhase,
    CardSortSpec, ServerMsg, SortCard,
};
use tokio::sync::watch;

use crate::acting::{self, Actor, Script};
use crate::client::{Host, Net, PhoneReport, PhoneSpec, ScreenReport, Shared, Ws, expect_ack};

/// Cards per sort (the default set of the pages).
pub const CARDS: u32 = 10;
/// Columns per sort (the four sessions).
pub const COLUMNS: u32 = 4;
/// A phone places its next card within this long of the last one's acknowledgement.
const PACE: (Duration, Duration) = (Duration::from_millis(200), Duration::from_millis(1200));

/// The card-sort each room adds: [`CARDS`] cards in three effect groups, [`COLUMNS`] sessions,
/// the default privacy floor, the heatmap hidden until the reveal.
pub fn spec() -> ActivitySpec {
    let groups = ["Gezien en gehoord", "Invloed en meebeslissen", "Verbinding"];
    ActivitySpec::CardSort(CardSortSpec {
        title: "kring-load kaarten".to_owned(),
        cards: (0..CARDS as usize)
            .map(|i| SortCard {
                text: format!("Kaart {}", crate::client::spelled(i as u64)),
                group: groups[i * groups.len() / CARDS as usize].to_owned(),
                positive: i % 3 != 2,
            })
            .collect(),
        columns: (1..=COLUMNS).map(|n| format!("Sessie {n}")).collect(),
        privacy_floor: 3,
        live: false,
    })
}

/// A host's part: the sort made current and opened; once every phone of the room has placed
/// all its cards and moved one, the heatmap revealed.
pub async fn drive(
    host: &mut Host,
    activity: ActivityId,
    (room, phones): (usize, usize),
    shared: &Shared,
) -> anyhow::Result<()> {
    let input = |input: CardSortInput| Act::Activity {
        activity,
        input: ActivityInput::CardSort(input),
    };
    let current = Act::SetCurrent {
        activity: Some(activity),
    };
    expect_ack(host, current, "setCurrent").await?;
    expect_ack(host, input(CardSortInput::Open), "open").await?;
    while shared.finished(room) < phones as u64 {
        host.idle(Duration::from_millis(50)).await?;
    }
    expect_ack(host, input(CardSortInput::Reveal), "reveal").await
}

/// Runs one phone of the `card-sort` scenario until `stop`.
pub async fn run_phone(
    net: Arc<Net>,
    spec: PhoneSpec,
    shared: Arc<Shared>,
    stop: watch::Receiver<bool>,
) -> PhoneReport {
    let room = spec.room;
    let done = shared.clone();
    acting::run(net, spec, shared, stop, PACE, move |_, _| Phone {
        activity: None,
        first: 0,
        shared: done,
        room,
    })
    .await
}

/// A phone of the `card-sort` scenario: places card after card once the sort is open.
struct Phone {
    /// The open sort.
    activity: Option<ActivityId>,
    /// The column its first card went to.
    first: u32,
    shared: Arc<Shared>,
    room: usize,
}

impl Phone {
    fn place(&self, actor: &mut Actor, stage: u32, card: u32, column: u32) {
        if let Some(activity) = self.activity {
            actor.plan(
                stage,
                Act::Activity {
                    activity,
                    input: ActivityInput::CardSort(CardSortInput::Place { card, column }),
                },
            );
        }
    }
}

impl Script for Phone {
    fn on_msg(&mut self, actor: &mut Actor, msg: ServerMsg) {
        if let ServerMsg::Activity {
            current: Some(ActivityView::CardSort(view)),
            ..
        } = msg
            && view.phase == CardSortPhase::Open
            && !actor.planned(0)
        {
            self.activity = Some(view.id);
            self.first = actor.rng.below(u64::from(COLUMNS)) as u32;
            self.place(actor, 0, 0, self.first);
        }
    }

    fn on_acked(&mut self, actor: &mut Actor, stage: u32) {
        if stage > 0 {
            // Only a phone's first placement changes the projector's count.
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
        let next = stage + 1;
        if next < CARDS {
            let column = actor.rng.below(u64::from(COLUMNS)) as u32;
            self.place(actor, next, next, column);
        } else if next == CARDS {
            self.place(actor, next, 0, (self.first + 1) % COLUMNS);
        } else {
            self.shared.finish(self.room);
        }
    }
}

/// Runs a connected projector of the `card-sort` scenario until `stop`: records the count of
/// phones sorting it shows (all under stage 0, a phone's first placement).
pub async fn run_screen(ws: Ws, room: usize, stop: watch::Receiver<bool>) -> ScreenReport {
    let stage_of = |view: &ActivityView| match view {
        ActivityView::CardSort(view) if view.phase != CardSortPhase::Lobby => Some(0),
        _ => None,
    };
    acting::watch_progress(ws, room, stop, stage_of, |_, _, _| {}).await
}
