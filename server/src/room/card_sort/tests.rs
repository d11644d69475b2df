use super::*;
use crate::room::kind::AnyKind;
use crate::room::kind::testing::Class;
use kring_protocol::{ActivityChange, ActivityHostView, ActivityView, Personal, SortCard};
use proptest::prelude::*;

const HOST: Who = Who::Host;

fn spec(cards: usize, columns: usize, floor: u32, live: bool) -> CardSortSpec {
    CardSortSpec {
        title: "Waar past deze kaart?".into(),
        cards: (0..cards)
            .map(|i| SortCard {
                text: format!("Kaart {i}"),
                group: ["Gezien en gehoord", "Invloed en meebeslissen", "Verbinding"][i % 3].into(),
                positive: i % 2 == 0,
            })
            .collect(),
        columns: (0..columns).map(|i| format!("Sessie {}", i + 1)).collect(),
        privacy_floor: floor,
        live,
    }
}

fn p(n: u32) -> Who {
    Who::Participant(ParticipantId(n))
}

fn open(spec: CardSortSpec, class: &mut Class) -> CardSort {
    let mut sort = CardSort::create(ActivityId(4), spec).unwrap();
    sort.handle(HOST, &CardSortInput::Open, &mut class.at(0))
        .unwrap();
    sort
}

fn place(
    sort: &mut CardSort,
    class: &mut Class,
    who: u32,
    card: u32,
    column: u32,
) -> Result<Outcome, ActError> {
    sort.handle(
        p(who),
        &CardSortInput::Place { card, column },
        &mut class.at(3),
    )
}

fn view(sort: &CardSort, class: &Class) -> CardSortView {
    match sort.public_view(&class.people()) {
        ActivityView::CardSort(v) => v,
        other => panic!("{other:?}"),
    }
}

fn host(sort: &CardSort, class: &Class) -> Heatmap {
    match sort.host_view(&class.people()) {
        Some(ActivityHostView::CardSort(h)) => h.heatmap,
        other => panic!("{other:?}"),
    }
}

fn own(sort: &CardSort, class: &Class, who: u32) -> CardSortPersonal {
    match sort.personal_view(ParticipantId(who), &class.people()) {
        Some(Personal::CardSort(p)) => p,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_spec_checks_cards_columns_and_the_floor() {
    assert!(CardSort::create(ActivityId(1), spec(10, 4, 3, false)).is_ok());
    for bad in [
        spec(0, 4, 3, false),
        spec(31, 4, 3, false),
        spec(3, 1, 3, false),
        spec(3, 9, 3, false),
        spec(3, 4, 1, false),
        spec(3, 4, 11, false),
    ] {
        assert_eq!(
            CardSort::create(ActivityId(1), bad).unwrap_err().code,
            ErrorCode::InvalidSpec
        );
    }
    let mut same = spec(3, 2, 3, false);
    same.columns[1] = " sessie 1 ".into();
    assert!(
        CardSort::create(ActivityId(1), same).is_err(),
        "two columns with one name"
    );
    let mut blank = spec(3, 2, 3, false);
    blank.cards[2].group = "  ".into();
    assert!(CardSort::create(ActivityId(1), blank).is_err());
    let mut long = spec(3, 2, 3, false);
    long.cards[0].text = "x".repeat(MAX_CARD_CHARS + 1);
    assert!(CardSort::create(ActivityId(1), long).is_err());
}

#[test]
fn a_placement_moves_the_card_and_a_resent_one_changes_nothing() {
    let mut class = Class::new(4);
    let mut sort = open(spec(3, 4, 2, false), &mut class);
    place(&mut sort, &mut class, 0, 1, 2).unwrap();
    place(&mut sort, &mut class, 0, 1, 2).unwrap();
    assert_eq!(sort.counts[1], vec![0, 0, 1, 0]);
    place(&mut sort, &mut class, 0, 1, 3).unwrap();
    assert_eq!(sort.counts[1], vec![0, 0, 0, 1], "moved, not copied");
    assert_eq!(own(&sort, &class, 0).placed, vec![None, Some(3), None]);
    assert_eq!(sort.responded(), 1);
    sort.handle(p(0), &CardSortInput::Unplace { card: 1 }, &mut class.at(4))
        .unwrap();
    assert_eq!(own(&sort, &class, 0).placed, vec![None, None, None]);
    assert_eq!(sort.responded(), 0, "nothing placed is no response");
    place(&mut sort, &mut class, 0, 0, 0).unwrap();
    sort.handle(p(0), &CardSortInput::Skip, &mut class.at(5))
        .unwrap();
    let mine = own(&sort, &class, 0);
    assert!(mine.skipped);
    assert_eq!(
        mine.placed,
        vec![None, None, None],
        "a skip takes the cards back"
    );
    assert_eq!(sort.responded(), 1);
    place(&mut sort, &mut class, 0, 2, 1).unwrap();
    assert!(
        !own(&sort, &class, 0).skipped,
        "a placement undoes the skip"
    );
}

#[test]
fn unknown_cards_and_columns_the_wrong_phase_and_the_wrong_sender_are_refused() {
    let mut class = Class::new(3);
    let mut sort = CardSort::create(ActivityId(1), spec(3, 2, 2, false)).unwrap();
    assert_eq!(
        place(&mut sort, &mut class, 0, 0, 0).unwrap_err().code,
        ErrorCode::WrongPhase
    );
    sort.handle(HOST, &CardSortInput::Open, &mut class.at(0))
        .unwrap();
    assert_eq!(
        place(&mut sort, &mut class, 0, 3, 0).unwrap_err().code,
        ErrorCode::InvalidChoice
    );
    assert_eq!(
        place(&mut sort, &mut class, 0, 0, 2).unwrap_err().code,
        ErrorCode::InvalidChoice
    );
    assert_eq!(
        sort.handle(p(0), &CardSortInput::Unplace { card: 9 }, &mut class.at(1))
            .unwrap_err()
            .code,
        ErrorCode::InvalidChoice
    );
    assert_eq!(sort.responded(), 0, "a refusal changes nothing");
    assert_eq!(
        sort.handle(p(0), &CardSortInput::Close, &mut class.at(1))
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    assert!(
        sort.handle(
            HOST,
            &CardSortInput::Place { card: 0, column: 0 },
            &mut class.at(1)
        )
        .is_err()
    );
    sort.handle(HOST, &CardSortInput::Close, &mut class.at(2))
        .unwrap();
    assert_eq!(
        place(&mut sort, &mut class, 0, 0, 0).unwrap_err().code,
        ErrorCode::VotingClosed
    );
    sort.handle(HOST, &CardSortInput::Reveal, &mut class.at(3))
        .unwrap();
    assert!(
        sort.handle(HOST, &CardSortInput::Reveal, &mut class.at(3))
            .is_err()
    );
    assert!(
        sort.handle(HOST, &CardSortInput::Open, &mut class.at(3))
            .is_err()
    );
}

#[test]
fn the_heatmap_is_hidden_until_the_reveal_and_cells_under_the_floor_never_show() {
    let mut class = Class::new(6);
    let mut sort = open(spec(2, 3, 3, false), &mut class);
    for who in 0..3 {
        let out = place(&mut sort, &mut class, who, 0, 1).unwrap();
        // Only the third placement lifts a cell over the floor: then the host alone hears.
        assert_eq!(out.changes.len(), usize::from(who == 2));
        assert!(out.changes.iter().all(|c| c.audience == Audience::Host));
    }
    place(&mut sort, &mut class, 3, 0, 2).unwrap();
    place(&mut sort, &mut class, 4, 1, 2).unwrap();
    assert_eq!(view(&sort, &class).heatmap, None, "hidden until the reveal");
    let shown = Heatmap {
        cells: vec![vec![None, Some(3), None], vec![None, None, None]],
    };
    assert_eq!(
        host(&sort, &class),
        shown,
        "the host's heatmap keeps the floor too"
    );
    sort.handle(HOST, &CardSortInput::Reveal, &mut class.at(9))
        .unwrap();
    assert_eq!(view(&sort, &class).heatmap, Some(shown));
}

#[test]
fn a_live_heatmap_goes_to_the_projector_and_a_removed_participant_stops_counting() {
    let mut class = Class::new(4);
    let mut sort = open(spec(1, 2, 2, true), &mut class);
    place(&mut sort, &mut class, 0, 0, 0).unwrap();
    assert_eq!(
        view(&sort, &class).heatmap,
        Some(Heatmap {
            cells: vec![vec![None, None]]
        })
    );
    let out = place(&mut sort, &mut class, 1, 0, 0).unwrap();
    assert!(matches!(
        &out.changes[..],
        [c] if c.audience == Audience::Watchers
            && c.change == ActivityChange::CardSort(CardSortChange::Heatmap {
                heatmap: Heatmap { cells: vec![vec![Some(2), None]] }
            })
    ));
    assert_eq!(sort.void(ParticipantId(1)), 1);
    assert_eq!(
        view(&sort, &class).heatmap,
        Some(Heatmap {
            cells: vec![vec![None, None]]
        })
    );
}

#[test]
fn the_export_says_no_more_than_the_projector() {
    let mut class = Class::new(5);
    let mut sort = open(spec(2, 2, 3, false), &mut class);
    for who in 0..4 {
        place(&mut sort, &mut class, who, 0, 0).unwrap();
    }
    place(&mut sort, &mut class, 4, 1, 1).unwrap();
    let export = sort.export(ActivityId(4), &class.people(), Lang::En);
    assert!(export.anonymous);
    assert_eq!(export.rows.len(), 4);
    let values: Vec<Option<&str>> = export.rows.iter().map(|r| r.value.as_deref()).collect();
    assert_eq!(values, vec![Some("4"), None, None, None]);
    assert!(
        export
            .rows
            .iter()
            .all(|r| r.participant.is_none() && r.nickname.is_none())
    );
    assert_eq!(
        export.detail["heatmap"]["cells"],
        serde_json::json!([[4, null], [null, null]])
    );
    let nl = sort.export(ActivityId(4), &class.people(), Lang::Nl);
    assert!(matches!(&nl.report[0], Block::Heading(h) if h.starts_with("Kaartsortering")));
    let Block::Table { rows, .. } = &nl.report[2] else {
        panic!("{:?}", nl.report);
    };
    assert_eq!(rows[0][3..], ["4".to_owned(), "–".to_owned()]);
}

use crate::room::kind_export::Block;

/// One phone's step: who, and place (card, column), take back a card, or skip; cards and
/// columns run one past the end, so some steps are refused.
fn step() -> impl Strategy<Value = (u32, u8, u32, u32)> {
    (0..10u32, 0..6u8, 0..5u32, 0..4u32)
}

proptest! {
    /// Whatever the phones send, in any order, with a close, a reveal and a removal anywhere:
    /// the heatmap's counts equal the placements (each phone's last place per card), a cell is
    /// shown exactly when it holds at least the floor, and no view, change or export ever shows
    /// a number under the floor or a heatmap the projector should not have.
    #[test]
    fn heatmap_counts_equal_placements_and_the_floor_holds_in_every_view(
        floor in 2..=5u32,
        live in any::<bool>(),
        steps in proptest::collection::vec(step(), 0..80),
        close_at in 0..90usize,
        reveal_at in 0..90usize,
        remove in proptest::option::of((0..90usize, 0..10u32)),
    ) {
        let mut class = Class::new(10);
        let mut sort = open(spec(4, 3, floor, live), &mut class);
        let mut model: BTreeMap<u32, BTreeMap<u32, u32>> = BTreeMap::new();
        for (i, (who, action, card, column)) in steps.into_iter().enumerate() {
            if i == close_at {
                let _ = sort.handle(HOST, &CardSortInput::Close, &mut class.at(2));
            }
            if i == reveal_at {
                let _ = sort.handle(HOST, &CardSortInput::Reveal, &mut class.at(2));
            }
            if let Some((at, gone)) = remove && at == i {
                sort.void(ParticipantId(gone));
                model.remove(&gone);
            }
            let input = match action {
                0..=3 => CardSortInput::Place { card, column },
                4 => CardSortInput::Unplace { card },
                _ => CardSortInput::Skip,
            };
            let before = sort.shown();
            let out = sort.handle(p(who), &input, &mut class.at(1));
            if let Ok(out) = &out {
                // A change goes out exactly when what the heatmap shows changed.
                prop_assert_eq!(!out.changes.is_empty(), sort.shown() != before);
                let mine = model.entry(who).or_default();
                match input {
                    CardSortInput::Place { card, column } => { mine.insert(card, column); }
                    CardSortInput::Unplace { card } => { mine.remove(&card); }
                    _ => mine.clear(),
                }
                for change in &out.changes {
                    let ActivityChange::CardSort(CardSortChange::Heatmap { heatmap }) = &change.change else {
                        panic!("{change:?}");
                    };
                    prop_assert_eq!(heatmap, &sort.shown());
                    prop_assert_eq!(change.audience == Audience::Watchers, live);
                }
            } else {
                prop_assert!(sort.phase != CardSortPhase::Open
                    || card >= 4 || (action <= 3 && column >= 3));
            }
            let mut expected = vec![vec![0u32; 3]; 4];
            for (&c, &k) in model.values().flatten() {
                expected[c as usize][k as usize] += 1;
            }
            prop_assert_eq!(sort.counts.clone(), expected.clone());
            let v = view(&sort, &class);
            let public = sort.phase == CardSortPhase::Revealed || (live && sort.phase != CardSortPhase::Lobby);
            prop_assert_eq!(v.heatmap.is_some(), public);
            let host = host(&sort, &class);
            for heatmap in v.heatmap.iter().chain([&host]) {
                for (row, counts) in heatmap.cells.iter().zip(&expected) {
                    for (cell, &n) in row.iter().zip(counts) {
                        prop_assert_eq!(*cell, (n >= floor).then_some(n));
                    }
                }
            }
            let export = sort.export(ActivityId(4), &class.people(), Lang::Nl);
            for row in &export.rows {
                prop_assert!(row.value.as_deref().is_none_or(|n| n.parse::<u32>().unwrap() >= floor));
            }
            let responded = model.values().filter(|m| !m.is_empty()).count() + sort.skipped.len();
            prop_assert_eq!(sort.responded() as usize, responded);
        }
    }
}
