//! Phones of the activity scenarios (`teams`, `pitches`): each acts once per stage of its
//! activity, at classroom pace, and records every action as an "answer" of that stage
//! (`question` in the report's terms) with its acknowledgement.
//!
//! [`run`] connects and joins the phone, then loops over the stop signal, the planned action's
//! moment and the socket; a scenario's [`Script`] reads the messages and plans the actions.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use futures_util::{SinkExt, StreamExt};
use kring_protocol::{Act, ActivityView, ClientMsg, ClientMsgId, ErrorCode, RoomView, ServerMsg};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Message;

use crate::client::{
    self, AnswerRecord, Incoming, Net, PhoneReport, PhoneSpec, ScreenReport, Shared, SplitMix, Ws,
    read, sleep_until_some, stopped,
};

/// What a scenario's phone does with the messages it reads.
pub trait Script {
    /// A server message arrived (acknowledgements and errors of this phone's actions are
    /// settled before).
    fn on_msg(&mut self, actor: &mut Actor, msg: ServerMsg);

    /// The server refused the action of `stage` with `code`; `true` when that is part of the
    /// scenario (it is not counted as an error).
    fn on_refused(&mut self, _actor: &mut Actor, _stage: u32, _code: ErrorCode) -> bool {
        false
    }

    /// The action of `stage` was acknowledged.
    fn on_acked(&mut self, _actor: &mut Actor, _stage: u32) {}
}

/// An action waiting for its moment.
struct Pending {
    due: tokio::time::Instant,
    stage: u32,
    act: Act,
}

/// One phone's plan, what it sent and its report.
pub struct Actor {
    /// What this phone is.
    pub spec: PhoneSpec,
    /// Its random choices.
    pub rng: SplitMix,
    /// What it measured.
    pub report: PhoneReport,
    /// A phone acts after a random delay in this range (reading, thinking, typing) …
    pace: (Duration, Duration),
    /// … uniformly, or drawn log-normally around this median ([`SplitMix::think`]).
    pub median: Option<Duration>,
    /// Added to every stage planned: a script made of several scenarios' scripts gives each
    /// its own range of stages.
    pub base: u32,
    /// The phone's token (from its `welcome` or a `you`), to resume with after a reconnect.
    pub token: Option<String>,
    /// Set by a script: close the socket and resume, once nothing is pending or in flight.
    pub reconnect: bool,
    pending: Option<Pending>,
    /// Stages this phone has acted in (each once).
    done: Vec<u32>,
    /// Ids of the actions sent, with the index of their record.
    sent: Vec<(ClientMsgId, usize)>,
}

impl Actor {
    /// Plans the action of `stage` (once per stage) after a random delay at the phone's pace.
    pub fn plan(&mut self, stage: u32, act: Act) {
        let stage = self.base + stage;
        if self.done.contains(&stage) || self.pending.is_some() {
            return;
        }
        self.done.push(stage);
        let (min, max) = self.pace;
        let delay = match self.median {
            Some(median) => self.rng.think(median, min, max),
            None => self.rng.between(min, max),
        };
        self.pending = Some(Pending {
            due: tokio::time::Instant::now() + delay,
            stage,
            act,
        });
    }

    /// Whether `stage` (without [`Actor::base`]) was planned already.
    pub fn planned(&self, stage: u32) -> bool {
        self.done.contains(&(self.base + stage))
    }

    /// Forgets the last action sent (of `stage`, refused), so the stage can be planned again.
    pub fn retry(&mut self, stage: u32) {
        if let Some((_, index)) = self.sent.pop() {
            self.report.answers.truncate(index);
        }
        let stage = self.base + stage;
        self.done.retain(|s| *s != stage);
    }

    /// Whether nothing is planned and every action sent was settled.
    fn idle(&self) -> bool {
        self.pending.is_none()
            && self.sent.iter().all(|&(_, index)| {
                self.report
                    .answers
                    .get(index)
                    .is_none_or(|a| a.acked.is_some() || a.refused)
            })
    }

    fn error(&mut self, what: impl std::fmt::Display) {
        self.report
            .errors
            .push(format!("phone {}: {what}", self.spec.index));
    }

    async fn send_pending(&mut self, ws: &mut Ws, shared: &Shared) -> anyhow::Result<()> {
        let Some(pending) = self.pending.take() else {
            return Ok(());
        };
        let id = ClientMsgId(format!("t{}", self.sent.len()));
        self.sent.push((id.clone(), self.report.answers.len()));
        let msg = ClientMsg::Act {
            id,
            act: pending.act,
        };
        let text = serde_json::to_string(&msg)?;
        let sent = Instant::now();
        ws.send(Message::text(text)).await?;
        self.report.answers.push(AnswerRecord {
            question: pending.stage,
            sent,
            acked: None,
            refused: false,
            shown: true,
        });
        shared.bump(&shared.answers_sent);
        Ok(())
    }

    fn record(&mut self, id: &ClientMsgId) -> Option<&mut AnswerRecord> {
        let &(_, index) = self.sent.iter().find(|(sent, _)| sent == id)?;
        self.report.answers.get_mut(index)
    }

    /// Settles an acknowledgement or a refusal of this phone's actions; hands everything else
    /// (and refusals) to the script.
    fn on_msg(&mut self, msg: ServerMsg, shared: &Shared, script: &mut impl Script) {
        match msg {
            ServerMsg::Ack { id, .. } => {
                let stage = self
                    .record(&id)
                    .and_then(|answer| answer.settle(true, shared).then_some(answer.question));
                match stage {
                    Some(stage) => script.on_acked(self, stage.saturating_sub(self.base)),
                    None => self.error(format_args!("unexpected ack for {:?}", id.0)),
                }
            }
            ServerMsg::Error {
                code,
                message,
                reference,
            } => {
                let refused = reference
                    .as_ref()
                    .and_then(|id| self.record(id))
                    .and_then(|answer| answer.settle(false, shared).then_some(answer.question));
                let base = self.base;
                if refused
                    .is_some_and(|stage| script.on_refused(self, stage.saturating_sub(base), code))
                {
                    return;
                }
                self.error(format_args!("error {code:?}: {message}"));
            }
            msg => {
                if let ServerMsg::You { me } = &msg {
                    self.token = Some(me.token.clone());
                }
                script.on_msg(self, msg);
            }
        }
    }

    /// Closes the socket and comes back with `resume` (as a phone that locked or lost its
    /// wifi does); the new `welcome`'s teams and current activity go to the script as if
    /// broadcast, since the broadcasts in between were missed.
    async fn resume(
        &mut self,
        ws: &mut Ws,
        net: &Net,
        script: &mut impl Script,
    ) -> anyhow::Result<()> {
        let token = self.token.clone().context("no token to resume with")?;
        client::close(ws).await;
        let (fresh, view) = client::resume_phone(net, &self.spec, token).await?;
        *ws = fresh;
        self.report.reconnects += 1;
        script.on_msg(
            self,
            ServerMsg::Teams {
                seq: 0,
                teams: view.teams,
            },
        );
        script.on_msg(
            self,
            ServerMsg::Activity {
                seq: 0,
                server_now: 0,
                current: view.current,
            },
        );
        Ok(())
    }
}

/// Runs one phone until `stop`: joins, lets `make` build its script from the room as the
/// `welcome` showed it, then sends what the script plans, each at the phone's `pace`.
pub async fn run<S: Script>(
    net: Arc<Net>,
    spec: PhoneSpec,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
    pace: (Duration, Duration),
    make: impl FnOnce(RoomView, &mut Actor) -> S,
) -> PhoneReport {
    let (mut ws, view, report) = match client::start_phone(&net, &spec, &shared, &mut stop).await {
        Ok(started) => started,
        Err(report) => return report,
    };
    let mut actor = Actor {
        rng: SplitMix::new(spec.seed),
        spec,
        report,
        pace,
        median: None,
        base: 0,
        token: None,
        reconnect: false,
        pending: None,
        done: Vec::new(),
        sent: Vec::new(),
    };
    let mut script = make(view, &mut actor);
    loop {
        let due = actor.pending.as_ref().map(|p| p.due);
        tokio::select! {
            _ = stopped(&mut stop) => break,
            _ = sleep_until_some(due) => {
                if let Err(error) = actor.send_pending(&mut ws, &shared).await {
                    actor.error(format_args!("{error:#}"));
                    return actor.report;
                }
            }
            incoming = ws.next() => match read(incoming) {
                Incoming::Msg(msg) => {
                    actor.on_msg(msg, &shared, &mut script);
                    if actor.reconnect && actor.idle() {
                        actor.reconnect = false;
                        if let Err(error) = actor.resume(&mut ws, &net, &mut script).await {
                            actor.error(format_args!("resume: {error:#}"));
                            return actor.report;
                        }
                    }
                }
                Incoming::Skip => {}
                Incoming::Bad(error) => actor.error(error),
                Incoming::Gone(why) => {
                    actor.error(why);
                    return actor.report;
                }
            }
        }
    }
    client::close(&mut ws).await;
    actor.report
}

/// Runs a connected projector until `stop`: records every `progress` under the stage the last
/// `activity` message showed (`stage_of` the current activity; `None` outside a counted stage),
/// and hands every other message to `other`.
pub async fn watch_progress(
    ws: Ws,
    room: usize,
    stop: watch::Receiver<bool>,
    stage_of: impl Fn(&ActivityView) -> Option<u32>,
    mut other: impl FnMut(ServerMsg, Instant, &mut ScreenReport),
) -> ScreenReport {
    let mut stage: Option<u32> = None;
    client::watch_screen(ws, room, stop, move |msg, received, report| match msg {
        ServerMsg::Activity { current, .. } => stage = current.as_ref().and_then(&stage_of),
        ServerMsg::Progress { responded, .. } => {
            if let Some(stage) = stage {
                report.progress.push((stage, received, responded));
            }
        }
        msg => other(msg, received, report),
    })
    .await
}
