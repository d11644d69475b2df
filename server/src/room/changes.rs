//! Small changes to activities waiting for the room's next tick, coalesced: a change about the
//! same item for the same audience replaces the one not yet sent (changes are upserts or
//! removals of whole items), so a burst of likes on one card costs each screen one message.
//! A change can also wait as a slot that is built only when sent (`push_at_send`): a burst then
//! builds it once per tick instead of once per input.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use kring_protocol::{ActivityChange, ActivityId};

use super::kind::{Audience, Change};

/// The changes of one activity for one audience, oldest first.
pub struct Batch {
    /// The activity changed.
    pub activity: ActivityId,
    /// Who gets them.
    pub audience: Audience,
    /// The changes.
    pub changes: Vec<ActivityChange>,
}

/// One waiting change: built already, or built when sent.
enum Slot {
    Ready(Change),
    AtSend(Audience, u64),
}

impl Slot {
    fn audience(&self) -> Audience {
        match self {
            Slot::Ready(change) => change.audience,
            Slot::AtSend(audience, _) => *audience,
        }
    }
}

/// Changes waiting to be sent.
#[derive(Default)]
pub struct PendingChanges {
    items: Vec<(ActivityId, Slot)>,
    index: HashMap<(ActivityId, Audience, u64), usize>,
    seq: u64,
}

impl PendingChanges {
    /// Adds the changes of the durable record `seq`.
    pub fn push(&mut self, activity: ActivityId, seq: u64, changes: Vec<Change>) {
        self.seq = self.seq.max(seq);
        for change in changes {
            let key = change.key;
            self.put(activity, key, Slot::Ready(change));
        }
    }

    /// Adds the changes of the durable record `seq` that are built when sent (the latest
    /// state then; see [`PendingChanges::take`]), each by audience and key.
    pub fn push_at_send(&mut self, activity: ActivityId, seq: u64, slots: Vec<(Audience, u64)>) {
        self.seq = self.seq.max(seq);
        for (audience, key) in slots {
            self.put(activity, Some(key), Slot::AtSend(audience, key));
        }
    }

    /// Puts `slot` in place of a waiting one with the same activity, audience and key.
    fn put(&mut self, activity: ActivityId, key: Option<u64>, slot: Slot) {
        if let Some(key) = key {
            match self.index.entry((activity, slot.audience(), key)) {
                Entry::Occupied(at) => {
                    self.items[*at.get()] = (activity, slot);
                    return;
                }
                Entry::Vacant(at) => {
                    at.insert(self.items.len());
                }
            }
        }
        self.items.push((activity, slot));
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Takes everything waiting: the newest record's sequence number and one batch per
    /// activity and audience, in the order they first appeared. A change built when sent is
    /// built now by `build(activity, audience, key)` (left out when it gives `None`).
    pub fn take(
        &mut self,
        mut build: impl FnMut(ActivityId, Audience, u64) -> Option<ActivityChange>,
    ) -> (u64, Vec<Batch>) {
        self.index.clear();
        let mut batches: Vec<Batch> = Vec::new();
        for (activity, slot) in self.items.drain(..) {
            let audience = slot.audience();
            let change = match slot {
                Slot::Ready(change) => change.change,
                Slot::AtSend(_, key) => match build(activity, audience, key) {
                    Some(change) => change,
                    None => continue,
                },
            };
            match batches
                .iter_mut()
                .find(|b| b.activity == activity && b.audience == audience)
            {
                Some(batch) => batch.changes.push(change),
                None => batches.push(Batch {
                    activity,
                    audience,
                    changes: vec![change],
                }),
            }
        }
        (self.seq, batches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kring_protocol::{TeamId, TeamNamesChange};

    fn gone(id: u32) -> ActivityChange {
        ActivityChange::TeamNames(TeamNamesChange::Gone { id })
    }

    fn change(audience: Audience, key: Option<u64>, id: u32) -> Change {
        Change {
            audience,
            key,
            change: gone(id),
        }
    }

    #[test]
    fn later_changes_of_an_item_replace_earlier_ones_per_audience() {
        let mut pending = PendingChanges::default();
        let a = ActivityId(1);
        let team = Audience::Team(TeamId(2));
        pending.push(
            a,
            5,
            vec![
                change(team, Some(1), 10),
                change(Audience::Host, Some(1), 11),
            ],
        );
        pending.push(
            a,
            6,
            vec![change(team, Some(1), 12), change(team, None, 13)],
        );
        pending.push(a, 7, vec![change(team, None, 14)]);
        let (seq, batches) = pending.take(|_, _, _| None);
        assert_eq!(seq, 7);
        assert_eq!(batches.len(), 2);
        assert_eq!(batches[0].audience, team);
        assert_eq!(batches[0].changes, vec![gone(12), gone(13), gone(14)]);
        assert_eq!(batches[1].changes, vec![gone(11)]);
        assert!(pending.is_empty());
        pending.push(a, 8, vec![change(team, Some(1), 15)]);
        assert_eq!(
            pending.take(|_, _, _| None).1[0].changes,
            vec![gone(15)],
            "the index starts over"
        );
    }

    #[test]
    fn a_change_built_at_send_is_built_once_per_tick_from_the_latest_state() {
        let mut pending = PendingChanges::default();
        let a = ActivityId(1);
        pending.push(a, 5, vec![change(Audience::Host, Some(7), 1)]);
        // A burst: three inputs each ask for key 7's change, which replaces the ready one.
        for seq in 6..9 {
            pending.push_at_send(a, seq, vec![(Audience::Host, 7)]);
        }
        pending.push_at_send(a, 9, vec![(Audience::Watchers, 8)]);
        let mut built = Vec::new();
        let (seq, batches) = pending.take(|activity, audience, key| {
            built.push((activity, audience, key));
            (audience == Audience::Host).then(|| gone(99))
        });
        assert_eq!(seq, 9);
        assert_eq!(
            built,
            vec![(a, Audience::Host, 7), (a, Audience::Watchers, 8)],
            "each slot built once, when sent"
        );
        assert_eq!(batches.len(), 1, "a slot built as nothing is left out");
        assert_eq!(batches[0].changes, vec![gone(99)]);
        // A ready change after a slot replaces it in turn.
        pending.push_at_send(a, 10, vec![(Audience::Host, 7)]);
        pending.push(a, 11, vec![change(Audience::Host, Some(7), 2)]);
        let (_, batches) = pending.take(|_, _, _| panic!("no slot left to build"));
        assert_eq!(batches[0].changes, vec![gone(2)]);
    }
}
