//! A brainstorm wall's results: every idea (withdrawn ones left out, as their authors took them
//! back) with its likes and moderation (JSON), one CSV row per idea and, on a named wall, one
//! per like, and a report section with the ideas by likes.
//!
//! An anonymous wall's export carries no author, no liker and no time of writing, and lists
//! its cards by their random numbers, so neither the order nor a timestamp points to a person.

use kring_protocol::{CardStatus, Lang, LikesMode, ParticipantId, TeamId, WallMode};
use serde::Serialize;

use super::{Brainstorm, Card};
use crate::room::kind::Roster;
use crate::room::kind_export::{Block, ExportRow, KindExport, detail};

/// One idea.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CardExport {
    id: u32,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<TeamId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    team_name: Option<String>,
    status: CardStatus,
    likes: u32,
    pinned: bool,
    /// The facilitator corrected its text.
    edited: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    merged_into: Option<u32>,
    /// Cards merged into it.
    merged: Vec<u32>,
    /// Its author (named walls only).
    #[serde(skip_serializing_if = "Option::is_none")]
    participant: Option<ParticipantId>,
    /// Its author's nickname (named walls only).
    #[serde(skip_serializing_if = "Option::is_none")]
    nickname: Option<String>,
    /// Who liked it (named walls only).
    #[serde(skip_serializing_if = "Option::is_none")]
    liked_by: Option<Vec<ParticipantId>>,
    /// When it was written, ms since the epoch (named walls only).
    #[serde(skip_serializing_if = "Option::is_none")]
    written_at: Option<u64>,
}

/// The JSON detail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    per_person: u32,
    max_chars: u32,
    by_team: bool,
    mode: WallMode,
    likes_mode: LikesMode,
    cards: Vec<CardExport>,
}

struct Words {
    heading: &'static str,
    idea: &'static str,
    team: &'static str,
    author: &'static str,
    likes: &'static str,
    like: &'static str,
    pinned: &'static str,
    summary: fn(usize, usize, usize, usize) -> String,
    status: fn(CardStatus) -> &'static str,
}

const EN: Words = Words {
    heading: "Brainstorm",
    idea: "Idea",
    team: "Team",
    author: "Written by",
    likes: "Likes",
    like: "like",
    pinned: "pinned",
    summary: |ideas, people, hidden, merged| {
        format!("{ideas} ideas from {people} people; {hidden} hidden, {merged} merged.")
    },
    status: |s| match s {
        CardStatus::Shown => "idea",
        CardStatus::Waiting => "waiting",
        CardStatus::Private => "private",
        CardStatus::Hidden => "hidden",
        CardStatus::Merged => "merged",
    },
};

const NL: Words = Words {
    heading: "Brainstorm",
    idea: "Idee",
    team: "Team",
    author: "Geschreven door",
    likes: "Likes",
    like: "like",
    pinned: "vastgezet",
    summary: |ideas, people, hidden, merged| {
        format!(
            "{ideas} ideeën van {people} deelnemers; {hidden} verborgen, {merged} samengevoegd."
        )
    },
    status: |s| match s {
        CardStatus::Shown => "idee",
        CardStatus::Waiting => "wacht",
        CardStatus::Private => "privé",
        CardStatus::Hidden => "verborgen",
        CardStatus::Merged => "samengevoegd",
    },
};

/// The wall's export, in `lang`.
pub(super) fn export(wall: &Brainstorm, roster: &Roster<'_>, lang: Lang) -> KindExport {
    let w = match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    };
    let named = !wall.spec.anonymous;
    let team_name = |t: TeamId| {
        roster
            .teams()
            .get(t)
            .map_or_else(String::new, |t| t.name.clone())
    };
    // Named: in the order written; anonymous: by random number, which says nothing.
    let cards: Vec<&Card> = if named {
        wall.order.iter().map(|id| &wall.cards[id]).collect()
    } else {
        wall.cards.values().collect()
    };
    let cards: Vec<&Card> = cards.into_iter().filter(|c| !c.withdrawn).collect();
    let exported: Vec<CardExport> = cards
        .iter()
        .map(|c| CardExport {
            id: c.id,
            text: c.text.clone(),
            team: c.team,
            team_name: c.team.map(team_name),
            status: wall.status(c),
            likes: c.likes.len() as u32,
            pinned: c.pinned,
            edited: c.edited,
            merged_into: c.merged_into,
            merged: c.merged.clone(),
            participant: named.then_some(c.author),
            nickname: named.then(|| roster.nickname(c.author).to_owned()),
            liked_by: named.then(|| c.likes.iter().copied().collect()),
            written_at: named.then_some(c.at),
        })
        .collect();
    let mut rows = Vec::new();
    for c in &exported {
        rows.push(ExportRow {
            item: c.id.to_string(),
            participant: c.participant,
            nickname: c.nickname.clone(),
            team: c.team_name.clone(),
            answer: (w.status)(c.status).to_owned(),
            answer_text: c.text.clone(),
            value: Some(c.likes.to_string()),
            ..ExportRow::default()
        });
    }
    if named {
        for c in &exported {
            for &liker in c.liked_by.iter().flatten() {
                rows.push(ExportRow {
                    item: c.id.to_string(),
                    item_text: c.text.clone(),
                    participant: Some(liker),
                    nickname: Some(roster.nickname(liker).to_owned()),
                    team: roster.team_of(liker).map(team_name),
                    answer: w.like.to_owned(),
                    ..ExportRow::default()
                });
            }
        }
    }
    let count = |s: CardStatus| exported.iter().filter(|c| c.status == s).count();
    let mut report = vec![
        Block::Heading(format!("{}: {}", w.heading, wall.spec.title)),
        Block::Para((w.summary)(
            exported.len(),
            wall.by_author.len(),
            count(CardStatus::Hidden),
            count(CardStatus::Merged),
        )),
    ];
    let mut shown: Vec<&CardExport> = exported
        .iter()
        .filter(|c| c.status == CardStatus::Shown)
        .collect();
    shown.sort_by_key(|c| (!c.pinned, std::cmp::Reverse(c.likes)));
    let mut head = vec![w.idea];
    if wall.spec.by_team {
        head.push(w.team);
    }
    if named {
        head.push(w.author);
    }
    if wall.spec.likes != LikesMode::Off {
        head.push(w.likes);
    }
    let table = shown
        .iter()
        .map(|c| {
            let mut row = vec![if c.pinned {
                format!("{} ({})", c.text, w.pinned)
            } else {
                c.text.clone()
            }];
            if wall.spec.by_team {
                row.push(c.team_name.clone().unwrap_or_default());
            }
            if named {
                row.push(c.nickname.clone().unwrap_or_default());
            }
            if wall.spec.likes != LikesMode::Off {
                row.push(c.likes.to_string());
            }
            row
        })
        .collect();
    report.push(Block::table(&head, table));
    KindExport {
        anonymous: wall.spec.anonymous,
        detail: detail(Detail {
            per_person: wall.spec.per_person,
            max_chars: wall.spec.max_chars,
            by_team: wall.spec.by_team,
            mode: wall.spec.mode,
            likes_mode: wall.spec.likes,
            cards: exported,
        }),
        rows,
        report,
    }
}
