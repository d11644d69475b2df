//! A we did's results: how many hands were up (JSON and the report); a named one also
//! exports each raised hand as a CSV row, an anonymous one (the default) none.

use kring_protocol::{WeDidPhase, Lang, ParticipantId};
use serde::Serialize;

use super::WeDid;
use crate::room::kind::Roster;
use crate::room::kind_export::{Block, ExportRow, KindExport, detail};

/// The JSON detail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    closed: bool,
    raised: u32,
    /// Named we dids only.
    #[serde(skip_serializing_if = "Option::is_none")]
    hands: Option<Vec<ParticipantId>>,
}

/// The we did's export, in `lang`.
pub(super) fn export(hands: &WeDid, roster: &Roster<'_>, lang: Lang) -> KindExport {
    let (heading, raised_word) = match lang {
        Lang::Nl => ("Handen", "handen omhoog"),
        Lang::En => ("Hands", "hands up"),
    };
    let spec = &hands.spec;
    let named = (!spec.anonymous).then(|| hands.raised.iter().copied().collect::<Vec<_>>());
    let rows = named
        .iter()
        .flatten()
        .map(|&p| ExportRow {
            item: "1".to_owned(),
            item_text: spec.title.clone(),
            participant: Some(p),
            nickname: Some(roster.nickname(p).to_owned()),
            answer: raised_word.to_owned(),
            ..ExportRow::default()
        })
        .collect();
    KindExport {
        anonymous: spec.anonymous,
        detail: detail(Detail {
            closed: hands.phase == WeDidPhase::Closed,
            raised: hands.raised.len() as u32,
            hands: named,
        }),
        rows,
        report: vec![
            Block::Heading(format!("{heading}: {}", spec.title)),
            Block::Para(format!("{} {raised_word}", hands.raised.len())),
        ],
    }
}
