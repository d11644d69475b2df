//! Fan-out: sending frames to the room's connections, and the coalesced flushes (teams,
//! changes, progress and counts, participant pages, the lobby) on the aggregate tick.

use super::*;

impl Room {
    /// Writes `frame` to every ready connection `to` selects. A connection too far behind is
    /// closed (it resumes for a fresh state).
    pub(super) fn broadcast(&mut self, frame: &Frame, to: impl Fn(&Conn) -> bool) -> Offered {
        let offered = self.offer(frame, to);
        for &id in &offered.full {
            self.drop_conn(id, close::SLOW_CONSUMER);
        }
        offered
    }

    /// Writes an aggregate to every ready connection `to` selects. One too far behind skips it
    /// (a newer aggregate supersedes it); returns whether any was skipped, to send again later.
    pub(super) fn broadcast_aggregate(
        &mut self,
        frame: &Frame,
        to: impl Fn(&Conn) -> bool,
    ) -> bool {
        !self.offer(frame, to).full.is_empty()
    }

    /// Hands `frame` to the socket of every ready connection `to` selects, in one pass; the
    /// room writes them at the end of its turn ([`Room::uncork`]).
    pub(super) fn offer(&mut self, frame: &Frame, to: impl Fn(&Conn) -> bool) -> Offered {
        self.offer_each(|conn| to(conn).then_some(frame))
    }

    /// Hands every ready connection the frame `pick` chooses for it, if any, in one pass.
    pub(super) fn offer_each<'f>(&mut self, pick: impl Fn(&Conn) -> Option<&'f Frame>) -> Offered {
        let mut offered = Offered::default();
        let Room { conns, corked, .. } = self;
        for (id, conn) in conns.iter() {
            if !conn.ready {
                continue;
            }
            if let Some(frame) = pick(conn) {
                match hand_over(corked, &conn.socket, frame) {
                    Ok(()) => offered.delivered += 1,
                    Err(SendError::Full) => offered.full.push(*id),
                    // Closing: its socket task detaches it.
                    Err(SendError::Closed) => {}
                }
            }
        }
        offered
    }

    /// Hands `frame` to one connection; one too far behind is closed (it resumes).
    pub(super) fn send_to(&mut self, conn: ConnId, frame: Frame) {
        let Some(c) = self.conns.get(&conn) else {
            return;
        };
        // Borrows the socket where it is: this is every acknowledgement's path.
        if hand_over(&mut self.corked, &c.socket, &frame) == Err(SendError::Full) {
            self.drop_conn(conn, close::SLOW_CONSUMER);
        }
    }

    /// Hands `frame` to a socket the room has not taken in (a refused opening).
    pub(super) fn send_unattached(&mut self, socket: &Arc<Socket>, frame: &Frame) {
        // Refused: the socket is closing or its opening is answered again anyway.
        let _ = hand_over(&mut self.corked, socket, frame);
    }

    /// Writes what this turn handed to each socket straight into it, one write per socket and
    /// one pass over them.
    pub(super) fn uncork(&mut self) {
        for socket in self.corked.drain(..) {
            if socket.uncork() == Some(Delivery::Queued) {
                self.stats.queued_writes += 1;
            }
        }
    }

    pub(super) fn send_error(
        &mut self,
        conn: ConnId,
        error: &ActError,
        reference: Option<ClientMsgId>,
    ) {
        self.send_to(conn, encode_error(error, reference));
    }

    pub(super) fn send_you(&mut self, participant: ParticipantId) {
        let Some(&conn) = self.by_participant.get(&participant) else {
            return;
        };
        if !self.conns.get(&conn).is_some_and(|c| c.ready) {
            return;
        }
        if let Some(me) = self.state.me(participant) {
            self.send_to(conn, Frame::encode(&ServerMsg::You { me }));
        }
    }

    /// The welcome for a `role` (and the phone's `participant`); `co_facilitator` for a
    /// co-facilitator's console, which does not get the moderator key.
    pub(super) fn welcome(
        &self,
        role: Role,
        participant: Option<ParticipantId>,
        co_facilitator: bool,
    ) -> ServerMsg {
        let is_host = role == Role::Host;
        let mut room = self.state.view(self.join_url.clone(), self.online_count());
        if role != Role::Participant {
            room.admission.refused = self.refused;
        }
        ServerMsg::Welcome {
            role,
            me: participant.and_then(|p| self.state.me(p)),
            room,
            agenda: is_host.then(|| self.state.agenda()),
            sessions: is_host.then(|| self.state.session_list()),
            participants: if is_host { self.host_list() } else { None },
            host_view: if is_host {
                self.state.host_view()
            } else {
                None
            },
            team_rules: is_host.then(|| self.state.team_rules()),
            moderator_key: (is_host && !co_facilitator).then(|| self.state.meta().moderator_key()),
            co_facilitator: is_host && co_facilitator,
            lead: if is_host {
                self.state.lead()
            } else {
                Lead::Organiser
            },
            templates: if is_host {
                self.state.templates().to_vec()
            } else {
                Vec::new()
            },
            lobby: (role == Role::Screen).then(|| people::lobby(&self.state).0),
            host_chairs: is_host
                .then(|| self.state.host_chairs())
                .filter(|chairs| !chairs.is_empty()),
            server_now: self.env.clock.now_ms(),
            seq: self.state.seq(),
        }
    }

    pub(super) fn send_welcome(&mut self, conn: ConnId) {
        let Some(c) = self.conns.get_mut(&conn) else {
            return;
        };
        c.ready = true;
        let (role, participant, co) = (c.role, c.participant, c.co_facilitator);
        let msg = Frame::encode(&self.welcome(role, participant, co));
        self.send_to(conn, msg);
    }

    /// The participant list for the host, when the room is small enough to list.
    pub(super) fn host_list(&self) -> Option<Vec<kring_protocol::ParticipantInfo>> {
        (self.state.roster().len() <= MAX_LISTED).then(|| {
            self.state
                .participant_list(|p| self.by_participant.contains_key(&p))
        })
    }

    pub(super) fn online_count(&self) -> u32 {
        self.by_participant.len() as u32
    }

    /// Sends what was waiting for records that are durable now.
    pub(super) fn deliver_durable(&mut self) {
        let durable = self.durability.durable_seq();
        while self.pending.front().is_some_and(|(seq, _)| *seq <= durable) {
            let Some((seq, pending)) = self.pending.pop_front() else {
                break;
            };
            match pending {
                Pending::Ack {
                    conn,
                    id,
                    duplicate,
                } => self.send_to(conn, Frame::encode(&ServerMsg::Ack { id, duplicate })),
                Pending::Welcome { conn } => self.send_welcome(conn),
                Pending::Reply { reply, value } => {
                    let _ = reply.send(Ok(value));
                }
                Pending::Effects(effects) => self.apply_effects(seq, effects),
            }
        }
    }

    /// Whether anything waits for the next tick.
    pub(super) fn dirty(&self) -> bool {
        self.dirty_progress
            || self.dirty_admission
            || self.dirty_lobby
            || self.dirty_participants
            || self.dirty_teams
            || !self.changes.is_empty()
    }

    /// Sends what a snapshot about to go out may build on (the teams, and changes older than
    /// it), so that nothing older arrives after it.
    pub(super) fn flush_before_snapshot(&mut self) {
        self.flush_teams();
        self.flush_changes();
    }

    /// Sends the teams, once per change of them, to everyone.
    pub(super) fn flush_teams(&mut self) {
        if !std::mem::take(&mut self.dirty_teams) {
            return;
        }
        let msg = ServerMsg::Teams {
            seq: self.state.seq(),
            teams: self.state.teams_view(),
        };
        self.broadcast(&Frame::encode(&msg), |_| true);
    }

    /// Sends the waiting activity changes: one encoding per activity and audience; a team's
    /// changes go only to its members' phones.
    pub(super) fn flush_changes(&mut self) {
        if self.changes.is_empty() {
            return;
        }
        let state = &self.state;
        let (seq, batches) = self
            .changes
            .take(|activity, audience, key| state.change_at_send(activity, audience, key));
        let mut per_team: HashMap<kring_protocol::TeamId, Frame> = HashMap::new();
        for batch in batches {
            let frame = Frame::encode(&ServerMsg::Changes {
                activity: batch.activity,
                seq,
                changes: batch.changes,
            });
            match batch.audience {
                Audience::Everyone => {
                    self.broadcast(&frame, |_| true);
                }
                Audience::Watchers => {
                    self.broadcast(&frame, |c| matches!(c.role, Role::Host | Role::Screen));
                }
                Audience::Host => {
                    self.broadcast(&frame, |c| c.role == Role::Host);
                }
                Audience::Team(team) => {
                    per_team.insert(team, frame);
                }
            }
        }
        if per_team.is_empty() {
            return;
        }
        let teams = self.state.teams();
        let offered = {
            let Room { conns, corked, .. } = self;
            let mut offered = Offered::default();
            for (id, conn) in conns.iter() {
                let frame = conn
                    .participant
                    .filter(|_| conn.ready)
                    .and_then(|p| teams.team_of(p))
                    .and_then(|t| per_team.get(&t));
                if let Some(frame) = frame {
                    match hand_over(corked, &conn.socket, frame) {
                        Ok(()) => offered.delivered += 1,
                        Err(SendError::Full) => offered.full.push(*id),
                        Err(SendError::Closed) => {}
                    }
                }
            }
            offered
        };
        for id in offered.full {
            self.drop_conn(id, close::SLOW_CONSUMER);
        }
    }

    /// Sends the coalesced "n of N responded", participant counts, teams and activity changes.
    pub(super) fn flush_aggregates(&mut self) {
        if !self.dirty() {
            return;
        }
        self.last_flush = Instant::now();
        self.flush_before_snapshot();
        let watchers = |c: &Conn| matches!(c.role, Role::Host | Role::Screen);
        if std::mem::take(&mut self.dirty_progress)
            && let (Some(activity), Some(current)) = (self.state.current_id(), self.state.current())
        {
            let responded = current.kind().responded();
            let msg = ServerMsg::Progress {
                activity,
                responded,
                of: self.expected_count().max(responded),
            };
            self.dirty_progress = self.broadcast_aggregate(&Frame::encode(&msg), watchers);
        }
        if std::mem::take(&mut self.dirty_participants) {
            let count = self.state.roster().len() as u32;
            let online = self.online_count();
            let counts = ServerMsg::Participants {
                count,
                online,
                list: None,
            };
            let mut skipped =
                self.broadcast_aggregate(&Frame::encode(&counts), |c| c.role == Role::Screen);
            let list = self.host_list();
            let full = ServerMsg::Participants {
                count,
                online,
                list,
            };
            skipped |= self.broadcast_aggregate(&Frame::encode(&full), |c| c.role == Role::Host);
            self.dirty_participants = skipped;
            self.dirty_lobby = true;
            self.flush_lists();
        }
        if self.dirty_lobby && self.last_lobby.elapsed() >= LOBBY_INTERVAL {
            self.last_lobby = Instant::now();
            self.dirty_lobby = self.flush_lobby();
        }
        if std::mem::take(&mut self.dirty_admission) {
            let msg = ServerMsg::Admission {
                admission: self.state.door().admission(self.refused),
            };
            self.dirty_admission = self.broadcast_aggregate(&Frame::encode(&msg), watchers);
        }
    }

    /// A host console asks for a page of the participant list: answered now, and kept up
    /// to date by [`Room::flush_lists`].
    pub(super) fn list_participants(&mut self, conn: ConnId, query: ParticipantQuery) {
        if !self.conns.get(&conn).is_some_and(|c| c.role == Role::Host) {
            self.send_error(conn, &ActError::forbidden(), None);
            return;
        }
        self.lists.insert(conn, (query, None));
        self.flush_lists();
    }

    /// Sends each host console its page of the participant list when it changed.
    pub(super) fn flush_lists(&mut self) {
        self.lists.retain(|conn, _| self.conns.contains_key(conn));
        let now = self.env.clock.now_ms();
        let mut out = Vec::new();
        for (conn, (query, sent)) in &mut self.lists {
            let page = people::page(&self.state, query, now, |p| {
                self.by_participant.contains_key(&p)
            });
            if sent.as_ref() == Some(&page) {
                continue;
            }
            let (total, items, newest) = page.clone();
            *sent = Some(page);
            let msg = ServerMsg::ParticipantPage {
                query: query.clone(),
                total,
                items,
                newest,
                server_now: now,
            };
            out.push((*conn, Frame::encode(&msg)));
        }
        for (conn, frame) in out {
            self.send_to(conn, frame);
        }
    }

    /// Sends the projectors the names their lobby shows (one encoding for all); returns
    /// whether one too far behind skipped it (a later one brings the names).
    pub(super) fn flush_lobby(&mut self) -> bool {
        if !self.conns.values().any(|c| c.role == Role::Screen) {
            return false;
        }
        let (names, more) = people::lobby(&self.state);
        let msg = ServerMsg::Lobby {
            names,
            more,
            server_now: self.env.clock.now_ms(),
        };
        self.broadcast_aggregate(&Frame::encode(&msg), |c| c.role == Role::Screen)
    }
}

/// Hands `frame` to `socket` for the end of the room's turn, remembering a socket not yet in
/// `corked` so that [`Room::uncork`] writes it.
fn hand_over(
    corked: &mut Vec<Arc<Socket>>,
    socket: &Arc<Socket>,
    frame: &Frame,
) -> Result<(), SendError> {
    if socket.cork(frame)? {
        corked.push(socket.clone());
    }
    Ok(())
}

pub(super) fn encode_error(error: &ActError, reference: Option<ClientMsgId>) -> Frame {
    Frame::encode(&ServerMsg::Error {
        code: error.code,
        message: error.message.clone(),
        reference,
    })
}
