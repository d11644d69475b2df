//! Small changes to activities waiting for the room's next tick, coalesced: a change about the
//! same item for the same audience replaces the one not yet sent (changes are upserts or
//! removals of whole items), so a burst of likes on one card costs each screen one message.

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

/// Changes waiting to be sent.
#[derive(Default)]
pub struct PendingChanges {
    items: Vec<(ActivityId, Change)>,
    index: HashMap<(ActivityId, Audience, u64), usize>,
    seq: u64,
}

impl PendingChanges {
    /// Adds the changes of the durable record `seq`.
    pub fn push(&mut self, activity: ActivityId, seq: u64, changes: Vec<Change>) {
        self.seq = self.seq.max(seq);
        for change in changes {
            if let Some(key) = change.key {
                match self.index.entry((activity, change.audience, key)) {
                    Entry::Occupied(at) => {
                        self.items[*at.get()] = (activity, change);
                        continue;
                    }
                    Entry::Vacant(at) => {
                        at.insert(self.items.len());
                    }
                }
            }
            self.items.push((activity, change));
        }
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Takes everything waiting: the newest record's sequence number and one batch per
    /// activity and audience, in the order they first appeared.
    pub fn take(&mut self) -> (u64, Vec<Batch>) {
        self.index.clear();
        let mut batches: Vec<Batch> = Vec::new();
        for (activity, change) in self.items.drain(..) {
            match batches
                .iter_mut()
                .find(|b| b.activity == activity && b.audience == change.audience)
            {
                Some(batch) => batch.changes.push(change.change),
                None => batches.push(Batch {
                    activity,
                    audience: change.audience,
                    changes: vec![change.change],
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
        let (seq, batches) = pending.take();
        assert_eq!(seq, 7);
        assert_eq!(batches.len(), 2);
        assert_eq!(batches[0].audience, team);
        assert_eq!(batches[0].changes, vec![gone(12), gone(13), gone(14)]);
        assert_eq!(batches[1].changes, vec![gone(11)]);
        assert!(pending.is_empty());
        pending.push(a, 8, vec![change(team, Some(1), 15)]);
        assert_eq!(
            pending.take().1[0].changes,
            vec![gone(15)],
            "the index starts over"
        );
    }
}
