//! Attaching and detaching connections: the first message's checks (join, resume, host,
//! screen), the welcome, and closing a connection.

use super::*;

impl Room {
    pub(super) fn attach(
        &mut self,
        conn: ConnId,
        hello: Hello,
        socket: Arc<Socket>,
    ) -> AttachOutcome {
        match hello {
            Hello::Join { nickname, lang } => {
                if self.state.roster().len() >= self.env.max_participants {
                    let full = ActError::new(ErrorCode::RoomFull, "this room is full");
                    self.send_unattached(&socket, &encode_error(&full, None));
                    return AttachOutcome::Retry;
                }
                let token = format!("{:032x}", rand::rng().random::<u128>());
                let record = Record::new(
                    self.env.clock.now_ms(),
                    Who::System,
                    Input::Join {
                        nickname,
                        lang,
                        token,
                    },
                );
                match self.state.apply(&record) {
                    Err(error) => {
                        if matches!(
                            error.code,
                            ErrorCode::RoomLocked | ErrorCode::ExpectedSizeReached
                        ) {
                            self.refused = self.refused.saturating_add(1);
                            self.dirty_admission = true;
                        }
                        self.send_unattached(&socket, &encode_error(&error, None));
                        AttachOutcome::Retry
                    }
                    Ok(applied) => {
                        let participant = applied.joined;
                        self.conns.insert(
                            conn,
                            Conn {
                                socket,
                                role: Role::Participant,
                                console: None,
                                co_facilitator: false,
                                participant,
                                ready: false,
                            },
                        );
                        if let Some(p) = participant {
                            self.by_participant.insert(p, conn);
                        }
                        let seq = self.append(&record);
                        self.pending.push_back((seq, Pending::Welcome { conn }));
                        self.pending
                            .push_back((seq, Pending::Effects(applied.effects)));
                        AttachOutcome::Attached
                    }
                }
            }
            Hello::Resume { token } => {
                let Some(participant) = self.state.participant_by_token(&token).map(|p| p.id)
                else {
                    let error = ActError::new(
                        ErrorCode::BadToken,
                        "this device's place in the room is unknown; join again",
                    );
                    self.send_unattached(&socket, &encode_error(&error, None));
                    socket.close(close::UNAUTHORIZED);
                    return AttachOutcome::Closed;
                };
                if let Some(old) = self.by_participant.insert(participant, conn)
                    && let Some(old) = self.conns.remove(&old)
                {
                    old.socket.close(close::REPLACED);
                }
                self.conns.insert(
                    conn,
                    Conn {
                        socket,
                        role: Role::Participant,
                        console: None,
                        co_facilitator: false,
                        participant: Some(participant),
                        ready: false,
                    },
                );
                self.send_welcome(conn);
                self.dirty_participants = true;
                self.dirty_progress = true;
                // Back without a team while the room has teams: placed like a late joiner.
                if self.state.team_for_returning(participant).is_some() {
                    self.record_system(Input::Place { participant });
                }
                AttachOutcome::Attached
            }
            Hello::Host { host_key, console } => {
                let meta = self.state.meta();
                let facilitator = constant_time_eq(meta.host_key.as_bytes(), host_key.as_bytes());
                let co_facilitator = !facilitator
                    && constant_time_eq(meta.moderator_key().as_bytes(), host_key.as_bytes());
                if !facilitator && !co_facilitator {
                    let error =
                        ActError::new(ErrorCode::BadHostKey, "wrong host key for this room");
                    self.send_unattached(&socket, &encode_error(&error, None));
                    socket.close(close::UNAUTHORIZED);
                    return AttachOutcome::Closed;
                }
                self.conns.insert(
                    conn,
                    Conn {
                        socket,
                        role: Role::Host,
                        console: console.map(Arc::from),
                        co_facilitator,
                        participant: None,
                        ready: false,
                    },
                );
                self.send_welcome(conn);
                // The welcome carries no answer count: the next aggregate brings it.
                self.dirty_progress = true;
                AttachOutcome::Attached
            }
            Hello::Screen => {
                self.conns.insert(
                    conn,
                    Conn {
                        socket,
                        role: Role::Screen,
                        console: None,
                        co_facilitator: false,
                        participant: None,
                        ready: false,
                    },
                );
                self.send_welcome(conn);
                // The welcome carries no answer count: the next aggregate brings it.
                self.dirty_progress = true;
                AttachOutcome::Attached
            }
        }
    }

    pub(super) fn detach(&mut self, conn: ConnId, dead: bool) {
        let Some(c) = self.conns.remove(&conn) else {
            return;
        };
        if let Some(p) = c.participant
            && self.by_participant.get(&p) == Some(&conn)
        {
            self.by_participant.remove(&p);
            self.dirty_participants = true;
            self.dirty_progress = true;
            // Its link died (not a reload or a network switch it came back from): what is
            // open stops waiting for it, and may close now if everyone else responded.
            if dead && let Some(expected) = &mut self.expected {
                expected.remove(&p);
                self.close_when_everyone_responded();
            }
        }
    }

    /// Closes a connection from the room's side.
    pub(super) fn drop_conn(&mut self, conn: ConnId, code: u16) {
        if let Some(c) = self.conns.remove(&conn) {
            c.socket.close(code);
            if code == close::SLOW_CONSUMER {
                self.stats.slow_consumers_closed += 1;
            }
            if let Some(p) = c.participant
                && self.by_participant.get(&p) == Some(&conn)
            {
                self.by_participant.remove(&p);
                self.dirty_participants = true;
                self.dirty_progress = true;
            }
        }
    }
}
