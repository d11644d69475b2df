//! Actions and time become records: applied to the state, appended to the store (with
//! snapshots now and then), and their effects turned into what each connection must hear.

use anyhow::Context;

use super::*;
use crate::store::StoredRoom;

impl Room {
    /// Applies an action (after the duplicate check) and answers its origin.
    pub(super) fn act(&mut self, who: Who, act: Act, origin: Origin) {
        // The id as the room records it (scoped to a host console).
        let id = match &origin {
            Origin::Client { key, .. } => Some(key.clone()),
            _ => None,
        };
        if let (Origin::Client { conn, id, .. }, true) = (
            &origin,
            id.as_ref()
                .is_some_and(|id| self.state.is_duplicate(who, id)),
        ) {
            let seq = self.state.seq();
            self.pending.push_back((
                seq,
                Pending::Ack {
                    conn: *conn,
                    id: id.clone(),
                    duplicate: true,
                },
            ));
            return;
        }
        let online = self
            .state
            .wants_presence(&act)
            .then(|| self.by_participant.keys().copied().collect());
        let record = Record {
            online,
            ..Record::new(self.env.clock.now_ms(), who, Input::Act { id, act })
        };
        let deadline_before = self.state.current_kind().and_then(|a| a.deadline());
        match self.state.apply(&record) {
            Err(error) => match origin {
                Origin::Client { conn, id, .. } => self.send_error(conn, &error, Some(id)),
                Origin::Api { reply } => {
                    let _ = reply.send(Err(error));
                }
                Origin::Server => {
                    tracing::warn!(room = %self.state.meta().code, %error, "server action refused")
                }
            },
            Ok(applied) => {
                let seq = self.append(&record);
                let added = match &record.input {
                    Input::Act {
                        act: Act::AddActivity { .. },
                        ..
                    } => self.state.newest_activity(),
                    _ => None,
                };
                match origin {
                    Origin::Client { conn, id, .. } => self.pending.push_back((
                        seq,
                        Pending::Ack {
                            conn,
                            id,
                            duplicate: false,
                        },
                    )),
                    Origin::Api { reply } => self.pending.push_back((
                        seq,
                        Pending::Reply {
                            reply,
                            value: added,
                        },
                    )),
                    Origin::Server => {}
                }
                self.pending
                    .push_back((seq, Pending::Effects(applied.effects)));
                self.note_opening(deadline_before);
                if matches!(who, Who::Participant(_)) {
                    self.close_when_everyone_responded();
                }
            }
        }
    }

    /// Who what is open waits for: who was connected when it opened (the whole room after a
    /// restart) and who connected since.
    pub(super) fn must_respond(&self) -> Vec<ParticipantId> {
        match &self.expected {
            Some(expected) => expected
                .iter()
                .copied()
                .filter(|p| self.state.participant(*p).is_some_and(|p| !p.removed))
                .chain(
                    self.by_participant
                        .keys()
                        .copied()
                        .filter(|p| !expected.contains(p)),
                )
                .collect(),
            None => self.state.roster().to_vec(),
        }
    }

    /// The "of N" of the progress count: while a timed phase is open, everyone it waits for (so
    /// phones still reconnecting after a restart count), else who is connected.
    pub(super) fn expected_count(&self) -> u32 {
        let timed = self
            .state
            .current_kind()
            .and_then(|k| k.deadline())
            .is_some();
        if timed {
            self.must_respond().len() as u32
        } else {
            self.online_count()
        }
    }

    /// Locks what is open early when every connected participant has responded.
    pub(super) fn close_when_everyone_responded(&mut self) {
        let (Some(id), Some(activity)) = (self.state.current_id(), self.state.current_kind())
        else {
            return;
        };
        // Cheap bound first: fewer responses than people who must respond cannot be everyone
        // (keeps a burst of N answers O(N) instead of O(N²)).
        let must = match &self.expected {
            Some(expected) => expected.len().max(self.by_participant.len()),
            None => self.state.roster().len(),
        };
        if (activity.responded() as usize) < must {
            return;
        }
        let expected = self.must_respond();
        if let Some(input) = activity.close_when_all_responded(&mut expected.into_iter()) {
            let act = Act::Activity {
                activity: id,
                input,
            };
            self.act(Who::System, act, Origin::Server);
        }
    }

    /// Remembers who is connected when something new opens (a new deadline).
    pub(super) fn note_opening(&mut self, deadline_before: Option<u64>) {
        let deadline = self.state.current_kind().and_then(|a| a.deadline());
        if deadline.is_some() && deadline != deadline_before {
            self.expected = Some(self.by_participant.keys().copied().collect());
        }
    }

    /// Lets the current activity (and the one beside it) lock what is due.
    pub(super) fn tick(&mut self) {
        let due = !self.state.paused()
            && self
                .state
                .next_deadline()
                .is_some_and(|d| d <= self.env.clock.now_ms());
        if due {
            self.record_system(Input::Tick);
        }
    }

    /// Applies and records an input of the server's own (a deadline, placing a returning
    /// participant in a team); refused ones change nothing and are not recorded.
    pub(super) fn record_system(&mut self, input: Input) {
        let record = Record::new(self.env.clock.now_ms(), Who::System, input);
        if let Ok(applied) = self.state.apply(&record) {
            let seq = self.append(&record);
            self.pending
                .push_back((seq, Pending::Effects(applied.effects)));
        }
    }

    /// Appends an applied record to the event log; returns its sequence number.
    pub(super) fn append(&mut self, record: &Record) -> u64 {
        let seq = self.state.seq();
        let code = &self.state.meta().code;
        match serde_json::to_string(record) {
            Ok(json) => self.env.store.append(code, seq, json, &self.durability),
            Err(error) => tracing::error!(room = %code, seq, %error, "cannot serialise a record"),
        }
        self.last_record_at = Instant::now();
        if self.records_since_snapshot() >= 2 * self.snapshot_interval() {
            // No pause for twice the interval: replay at start must stay bounded.
            self.snapshot();
        }
        seq
    }

    /// Records appended since the newest snapshot.
    pub(super) fn records_since_snapshot(&self) -> u64 {
        self.state.seq() - self.stats.snapshot_seq
    }

    /// Records between two snapshots of this room, at its current size.
    pub(super) fn snapshot_interval(&self) -> u64 {
        self.env.snapshots.interval(self.state.roster().len())
    }

    /// Stores a snapshot of the room's state after its latest record.
    pub(super) fn snapshot(&mut self) {
        let code = &self.state.meta().code;
        let seq = self.state.seq();
        match serde_json::to_string(&self.state) {
            Ok(json) => {
                self.env.store.snapshot(code, seq, json);
                self.stats.snapshots += 1;
            }
            Err(error) => {
                tracing::error!(room = %code, seq, %error, "cannot serialise a snapshot")
            }
        }
        // Also after a failure: the same state would fail again, so the next try waits for
        // another interval instead of repeating at every turn (replay stays correct, only longer).
        self.stats.snapshot_seq = seq;
    }

    pub(super) fn apply_effects(&mut self, seq: u64, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Activity => {
                    self.flush_before_snapshot();
                    let msg = ServerMsg::Activity {
                        seq: self.state.seq(),
                        server_now: self.env.clock.now_ms(),
                        current: self.state.current_view(),
                    };
                    let bytes = Frame::encode(&msg);
                    self.stats.activity_encodings += 1;
                    let offered = self.broadcast(&bytes, |_| true);
                    self.stats.activity_deliveries += offered.delivered;
                }
                Effect::Beside => {
                    let msg = ServerMsg::Beside {
                        seq: self.state.seq(),
                        server_now: self.env.clock.now_ms(),
                        beside: self.state.beside_view(),
                    };
                    self.broadcast(&Frame::encode(&msg), |_| true);
                }
                Effect::Chairs => {
                    let msg = ServerMsg::Chairs {
                        seq: self.state.seq(),
                        chairs: self.state.chair_views(),
                    };
                    self.broadcast(&Frame::encode(&msg), |_| true);
                }
                Effect::HostChairs => {
                    let msg = ServerMsg::HostChairs {
                        seq: self.state.seq(),
                        chairs: self.state.host_chairs(),
                    };
                    self.broadcast(&Frame::encode(&msg), |c| c.role == Role::Host);
                }
                Effect::HostView => {
                    self.flush_before_snapshot();
                    let msg = ServerMsg::HostActivity {
                        seq: self.state.seq(),
                        view: self.state.host_view(),
                    };
                    self.broadcast(&Frame::encode(&msg), |c| c.role == Role::Host);
                }
                Effect::Changes(activity, changes) => {
                    self.changes.push(activity, seq, changes);
                }
                Effect::ChangesAtSend(activity, slots) => {
                    self.changes.push_at_send(activity, seq, slots);
                }
                Effect::Teams => self.dirty_teams = true,
                Effect::TeamRules => {
                    let msg = ServerMsg::TeamRules {
                        rules: self.state.team_rules(),
                    };
                    self.broadcast(&Frame::encode(&msg), |c| c.role == Role::Host);
                }
                Effect::Agenda => {
                    let msg = ServerMsg::Agenda {
                        seq: self.state.seq(),
                        items: self.state.agenda(),
                        sessions: self.state.session_list(),
                    };
                    self.broadcast(&Frame::encode(&msg), |c| c.role == Role::Host);
                }
                Effect::Participants => {
                    // A newcomer changes the "of N" of the progress count too.
                    self.dirty_participants = true;
                    self.dirty_progress = true;
                }
                Effect::Admission => self.dirty_admission = true,
                Effect::Lead => {
                    let msg = ServerMsg::Lead {
                        seq: self.state.seq(),
                        lead: self.state.lead(),
                    };
                    self.broadcast(&Frame::encode(&msg), |c| c.role == Role::Host);
                }
                Effect::Templates => {
                    let msg = ServerMsg::Templates {
                        templates: self.state.templates().to_vec(),
                    };
                    self.broadcast(&Frame::encode(&msg), |c| c.role == Role::Host);
                }
                Effect::Progress => self.dirty_progress = true,
                // Not flushed first: one phone's own state is frequent (every proposal, vote,
                // pick), and flushing for it would undo the coalescing. Older changes that
                // follow it carry nothing newer than it; the next flush brings the latest.
                Effect::Personal(p) => self.send_you(p),
                Effect::PersonalAll => {
                    self.flush_before_snapshot();
                    let everyone: Vec<ParticipantId> =
                        self.by_participant.keys().copied().collect();
                    for p in everyone {
                        self.send_you(p);
                    }
                }
                Effect::Removed(p) => {
                    if let Some(expected) = &mut self.expected {
                        expected.remove(&p);
                    }
                    if let Some(conn) = self.by_participant.get(&p).copied() {
                        let removed = ActError::new(
                            ErrorCode::Removed,
                            "the host removed you from this room",
                        );
                        self.send_error(conn, &removed, None);
                        self.drop_conn(conn, close::REMOVED);
                    }
                }
            }
        }
    }
}

/// Rebuilds a room's state from its snapshot and the records after it.
pub fn restore(room: StoredRoom) -> anyhow::Result<RoomState> {
    let mut state = match room.snapshot {
        Some((seq, json)) => {
            serde_json::from_str(&json).with_context(|| format!("unreadable snapshot at {seq}"))?
        }
        None => RoomState::new(room.meta),
    };
    for (seq, json) in room.events {
        let record: Record =
            serde_json::from_str(&json).with_context(|| format!("unreadable record {seq}"))?;
        state
            .apply(&record)
            .map_err(|error| anyhow::anyhow!("record {seq} does not apply on replay: {error}"))?;
        anyhow::ensure!(
            state.seq() == seq,
            "record {seq} replayed as {}: the log has a gap",
            state.seq()
        );
    }
    state.reindex();
    Ok(state)
}
