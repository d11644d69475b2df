//! Check-in as a pure state machine: lobby → open → closed.
//!
//! Each participant gives one face (1–5) with an optional word, or skips; a later answer or
//! skip replaces the earlier one, so a re-sent answer never counts twice. An answer costs the
//! screens only the room's coalesced `progress` (how many responded), never a new view. Nothing of the
//! answers is shown while it is open (only how many answered and skipped): a distribution that
//! grows live would tell a watcher the face of whoever just tapped. Once closed, and only when
//! at least the privacy floor gave a face, everyone sees the distribution as bars over adjacent
//! faces, merged until every bar holds at least 2 answers ([`bars`]), and the word list;
//! moderators see the words (without names) once the floor is reached, to hide one; they
//! follow as one coalesced change ([`CheckInChange::Words`]).

use std::collections::{BTreeMap, BTreeSet};

use kring_protocol::{
    ActivityId, CheckInChange, CheckInHost, CheckInInput, CheckInPersonal, CheckInPhase,
    CheckInResult, CheckInSpec, CheckInView, ErrorCode, HostWord, KindInput, Lang, MOODS, MoodBar,
    ParticipantId, WordCount,
};
use serde::{Deserialize, Serialize};

use super::Who;
use super::error::ActError;
use super::kind::{Audience, Cx, Outcome, Roster, Whose, check_title, wrong_phase};
use crate::names;
use crate::room::kind_export::KindExport;

mod export;

mod spec;
pub use spec::{MAX_TITLE_CHARS, MAX_WORD_CHARS, PRIVACY_FLOOR, validate};

/// Fewest answers in any bar shown.
pub const MIN_PER_BAR: u32 = 2;

/// One participant's answer: a face with an optional word, or a skip (`mood` `None`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Answer {
    mood: Option<u32>,
    word: Option<String>,
}

/// A check-in's state.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct CheckIn {
    id: ActivityId,
    spec: CheckInSpec,
    phase: CheckInPhase,
    answers: BTreeMap<ParticipantId, Answer>,
    /// Words a moderator left out of the list (lower case).
    hidden: BTreeSet<String>,
}

/// The distribution of `counts` (answers per face, face 1 first) as bars over adjacent faces:
/// from face 1 up, faces join a bar until it holds at least [`MIN_PER_BAR`] answers; what is
/// left at the top with fewer joins the last bar. Every bar shown holds at least
/// [`MIN_PER_BAR`] answers, so none points at one person; empty when all faces together hold
/// fewer.
pub fn bars(counts: &[u32]) -> Vec<MoodBar> {
    let mut bars: Vec<MoodBar> = Vec::new();
    let mut open: Option<MoodBar> = None;
    for (i, &n) in counts.iter().enumerate() {
        let face = i as u32 + 1;
        let bar = open.get_or_insert(MoodBar {
            from: face,
            to: face,
            count: 0,
        });
        bar.to = face;
        bar.count += n;
        if bar.count >= MIN_PER_BAR {
            bars.extend(open.take());
        }
    }
    if let (Some(rest), Some(last)) = (open, bars.last_mut()) {
        last.to = rest.to;
        last.count += rest.count;
    }
    bars
}

impl CheckIn {
    /// Answers per face, face 1 first.
    fn counts(&self) -> Vec<u32> {
        let mut counts = vec![0; MOODS as usize];
        for mood in self.answers.values().filter_map(|a| a.mood) {
            counts[mood as usize - 1] += 1;
        }
        counts
    }

    /// How many gave a face.
    fn answered(&self) -> u32 {
        self.answers.values().filter(|a| a.mood.is_some()).count() as u32
    }

    /// Whether enough gave a face for anything of the answers to be shown.
    fn above_floor(&self) -> bool {
        self.answered() >= self.spec.privacy_floor
    }

    /// Every word with how many gave it, most given first, then in word order.
    fn word_counts(&self) -> Vec<(String, u32)> {
        let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
        for word in self.answers.values().filter_map(|a| a.word.as_deref()) {
            *counts.entry(word).or_default() += 1;
        }
        let mut words: Vec<(String, u32)> =
            counts.into_iter().map(|(w, n)| (w.to_owned(), n)).collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        words
    }

    /// The distribution and the visible words, when closed and above the floor.
    fn result(&self) -> Option<CheckInResult> {
        (self.phase == CheckInPhase::Closed && self.above_floor()).then(|| CheckInResult {
            bars: bars(&self.counts()),
            words: self
                .word_counts()
                .into_iter()
                .filter(|(w, _)| !self.hidden.contains(w))
                .map(|(word, count)| WordCount { word, count })
                .collect(),
        })
    }

    /// Every word given with its count and whether it is hidden, most given first (empty below
    /// the floor: nothing of the answers shows before it).
    fn host_words(&self) -> Vec<HostWord> {
        if !self.above_floor() {
            return Vec::new();
        }
        self.word_counts()
            .into_iter()
            .map(|(word, count)| HostWord {
                hidden: self.hidden.contains(&word),
                word,
                count,
            })
            .collect()
    }

    /// Checks a face and a word; returns the word tidied and in lower case.
    fn check(&self, mood: u32, word: Option<&str>) -> Result<Option<String>, ActError> {
        if !(1..=MOODS).contains(&mood) {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                format!("a face is 1 to {MOODS}"),
            ));
        }
        let Some(word) = word.filter(|w| !w.trim().is_empty()) else {
            return Ok(None);
        };
        if !self.spec.words {
            return Err(ActError::new(
                ErrorCode::InvalidChoice,
                "this check-in asks for no word",
            ));
        }
        Ok(Some(
            names::check_text(word, MAX_WORD_CHARS)?.to_lowercase(),
        ))
    }

    /// Stores `who`'s answer (or skip) while open.
    fn answer(
        &mut self,
        who: ParticipantId,
        answer: Answer,
    ) -> Result<Outcome<CheckInChange>, ActError> {
        match self.phase {
            CheckInPhase::Open => {}
            CheckInPhase::Lobby => return Err(wrong_phase("the check-in has not started yet")),
            CheckInPhase::Closed => return Err(wrong_phase("the check-in has closed")),
        }
        self.answers.insert(who, answer);
        // The count travels in the coalesced `progress` (one answer never sends the whole view
        // to every screen); the host's words, once the floor is reached, in one coalesced
        // change (a hall answering at once costs the console one message per tick).
        let outcome = Outcome::progress().with_personal(Whose::One(who));
        Ok(if self.above_floor() {
            outcome.with_change(
                Audience::Host,
                Some(0),
                CheckInChange::Words {
                    words: self.host_words(),
                },
            )
        } else {
            outcome
        })
    }
}

impl super::kind::Kind for CheckIn {
    fn late_chair() -> Option<super::kind::LateChair<CheckInInput>> {
        Some(super::kind::LateChair {
            open: vec![CheckInInput::Open],
            results: vec![CheckInInput::Close],
        })
    }

    fn took_part(&self, who: ParticipantId) -> bool {
        self.answers.contains_key(&who)
    }

    type Spec = CheckInSpec;
    type Input = CheckInInput;
    type View = CheckInView;
    type Personal = CheckInPersonal;
    type HostView = CheckInHost;
    type Change = CheckInChange;

    /// A new check-in in the lobby, if the spec passes [`validate`].
    fn create(id: ActivityId, spec: CheckInSpec) -> Result<Self, ActError> {
        validate(&spec)?;
        Ok(CheckIn {
            id,
            spec,
            phase: CheckInPhase::Lobby,
            answers: BTreeMap::new(),
            hidden: BTreeSet::new(),
        })
    }

    fn spec(&self) -> &CheckInSpec {
        &self.spec
    }

    fn started(&self) -> bool {
        self.phase != CheckInPhase::Lobby
    }

    fn apply(
        &mut self,
        who: Who,
        input: &CheckInInput,
        _cx: &mut Cx<'_>,
    ) -> Result<Outcome<CheckInChange>, ActError> {
        match input {
            CheckInInput::Answer { mood, word } => {
                let who = who.student()?;
                let word = self.check(*mood, word.as_deref())?;
                self.answer(
                    who,
                    Answer {
                        mood: Some(*mood),
                        word,
                    },
                )
            }
            CheckInInput::Skip => self.answer(
                who.student()?,
                Answer {
                    mood: None,
                    word: None,
                },
            ),
            CheckInInput::Open => {
                if self.phase != CheckInPhase::Lobby {
                    return Err(wrong_phase("the check-in has started already"));
                }
                self.phase = CheckInPhase::Open;
                Ok(Outcome::view().with_personal(Whose::All))
            }
            CheckInInput::Close => {
                if self.phase != CheckInPhase::Open {
                    return Err(wrong_phase("the check-in is not open"));
                }
                self.phase = CheckInPhase::Closed;
                Ok(Outcome::view())
            }
            CheckInInput::HideWord { word } => {
                let word = word.to_lowercase();
                if !self
                    .answers
                    .values()
                    .any(|a| a.word.as_deref() == Some(word.as_str()))
                {
                    return Err(ActError::new(ErrorCode::InvalidChoice, "no such word"));
                }
                self.hidden.insert(word);
                Ok(Outcome::view())
            }
        }
    }

    /// An anonymous check-in's answers never show who sent them.
    fn shows_actor(&self, input: &CheckInInput) -> bool {
        !self.spec.anonymous || !input.senders().participants()
    }

    /// How many answered or skipped.
    fn responded(&self) -> u32 {
        self.answers.len() as u32
    }

    /// Takes a removed participant's answer out; counts it.
    fn void(&mut self, gone: ParticipantId) -> u32 {
        u32::from(self.answers.remove(&gone).is_some())
    }

    fn public_view(&self, _roster: &Roster<'_>) -> CheckInView {
        let answered = self.answered();
        CheckInView {
            id: self.id,
            title: self.spec.title.clone(),
            words: self.spec.words,
            privacy_floor: self.spec.privacy_floor,
            phase: self.phase,
            answered,
            skipped: self.answers.len() as u32 - answered,
            result: self.result(),
        }
    }

    fn personal_view(&self, who: ParticipantId, _roster: &Roster<'_>) -> Option<CheckInPersonal> {
        let answer = self.answers.get(&who);
        Some(CheckInPersonal {
            mood: answer.and_then(|a| a.mood),
            word: answer.and_then(|a| a.word.clone()),
            skipped: answer.is_some_and(|a| a.mood.is_none()),
        })
    }

    /// The words so far, for moderation, once the floor is reached (never who gave them).
    fn host_view(&self, _roster: &Roster<'_>) -> Option<CheckInHost> {
        Some(CheckInHost {
            words: self.host_words(),
        })
    }

    /// The faces (merged bars, as the projector shows them) and the top words, once closed
    /// and at the privacy floor; keyed by the folded title, so a check-in asked again in
    /// another session shows as a shift.
    fn summary(&self, roster: &Roster<'_>) -> Option<kring_protocol::ResultSummary> {
        use crate::room::history;
        let result = super::kind::Kind::public_view(self, roster).result?;
        let spread = kring_protocol::SummarySpread {
            label: self.spec.title.clone(),
            key: history::fold_key(&self.spec.title),
            scale: kring_protocol::SpreadScale::Faces,
            bars: result
                .bars
                .iter()
                .map(|b| kring_protocol::SpreadBar {
                    from: b.from,
                    to: b.to,
                    max: MOODS,
                    count: b.count,
                })
                .collect(),
            skipped: self.answers.len() as u32 - self.answered(),
        };
        let words = result.words.into_iter().take(3).map(|w| {
            history::line(
                w.word,
                Some(f64::from(w.count)),
                Some(kring_protocol::SummaryUnit::People),
            )
        });
        history::summary(words, vec![spread])
    }

    fn export(&self, _id: ActivityId, roster: &Roster<'_>, lang: Lang) -> KindExport {
        export::export(self, roster, lang)
    }
}

#[cfg(test)]
mod tests;
