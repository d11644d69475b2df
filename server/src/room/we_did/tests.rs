use super::*;
use crate::room::kind::AnyKind;
use crate::room::kind::testing::Class;
use kring_protocol::{ErrorCode, WeDidSource};
use proptest::prelude::*;

const HOST: Who = Who::Host;

fn item(said: &str, did: &str) -> WeDidItem {
    WeDidItem {
        said: said.into(),
        did: did.into(),
    }
}

fn spec() -> WeDidSpec {
    WeDidSpec {
        title: "Jullie zeiden → wij deden".into(),
        source: Some(WeDidSource {
            activity: ActivityId(2),
            title: "Wat maakt een les goed?".into(),
        }),
        items: vec![
            item("Meer pauzes", "Elke les van 90 minuten heeft nu een pauze"),
            item("Wifi in lokaal 2.14", ""),
            item("Uitleg op video", "De docent zet de uitleg online"),
        ],
        one_by_one: true,
    }
}

fn p(n: u32) -> Who {
    Who::Participant(ParticipantId(n))
}

fn new(spec: WeDidSpec) -> WeDid {
    <WeDid as AnyKind>::create(ActivityId(3), spec).unwrap()
}

fn view(slide: &WeDid, class: &Class) -> WeDidView {
    <WeDid as crate::room::kind::Kind>::public_view(slide, &class.people())
}

fn invalid(spec: WeDidSpec) -> String {
    let err = <WeDid as AnyKind>::create(ActivityId(1), spec).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidSpec);
    err.message
}

#[test]
fn a_spec_checks_its_texts_and_fills_its_defaults() {
    assert!(<WeDid as AnyKind>::create(ActivityId(1), spec()).is_ok());
    let blank_title = WeDidSpec {
        title: " ".into(),
        ..spec()
    };
    assert!(invalid(blank_title).contains("title"));
    let none = WeDidSpec {
        items: vec![],
        ..spec()
    };
    assert!(invalid(none).contains("1 to 8 pairs"));
    let nine = WeDidSpec {
        items: vec![item("idee", ""); 9],
        ..spec()
    };
    assert!(invalid(nine).contains("1 to 8 pairs"));
    let eight = WeDidSpec {
        items: vec![item("idee", ""); 8],
        ..spec()
    };
    assert!(<WeDid as AnyKind>::create(ActivityId(1), eight).is_ok());
    let mut blank_said = spec();
    blank_said.items[1].said = "  ".into();
    assert!(invalid(blank_said).starts_with("pair 2"));
    let mut long_said = spec();
    long_said.items[0].said = "a".repeat(MAX_SAID_CHARS + 1);
    assert!(invalid(long_said).starts_with("pair 1"));
    let mut longest = spec();
    longest.items[0].said = "é".repeat(MAX_SAID_CHARS);
    longest.items[0].did = "é".repeat(MAX_DID_CHARS);
    assert!(<WeDid as AnyKind>::create(ActivityId(1), longest).is_ok());
    let mut long_did = spec();
    long_did.items[2].did = "a".repeat(MAX_DID_CHARS + 1);
    assert!(invalid(long_did).starts_with("pair 3"));
    let untitled_source = WeDidSpec {
        source: Some(WeDidSource {
            activity: ActivityId(2),
            title: "".into(),
        }),
        ..spec()
    };
    assert!(invalid(untitled_source).contains("source"));
    // What a console leaves out: no source, no "did", one by one.
    let parsed: WeDidSpec =
        serde_json::from_str(r#"{"title":"T","items":[{"said":"Meer pauzes"}]}"#).unwrap();
    assert_eq!(
        parsed,
        WeDidSpec {
            title: "T".into(),
            source: None,
            items: vec![item("Meer pauzes", "")],
            one_by_one: true,
        }
    );
}

#[test]
fn pairs_are_revealed_one_by_one_and_no_screen_gets_one_early() {
    let mut class = Class::new(3);
    let mut slide = new(spec());
    let v = view(&slide, &class);
    assert_eq!((v.phase, v.total, v.pairs.len()), (WeDidPhase::Lobby, 3, 0));
    assert_eq!(v.source.as_deref(), Some("Wat maakt een les goed?"));
    let err = slide
        .handle(HOST, &WeDidInput::Next, &mut class.at(0))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPhase);
    let out = slide
        .handle(HOST, &WeDidInput::Start, &mut class.at(1))
        .unwrap();
    assert!(out.view);
    assert_eq!(view(&slide, &class).pairs, spec().items[..1]);
    assert!(
        slide
            .handle(HOST, &WeDidInput::Start, &mut class.at(2))
            .is_err()
    );
    // Back at the first pair: nothing to hide.
    assert!(
        slide
            .handle(HOST, &WeDidInput::Back, &mut class.at(2))
            .is_err()
    );
    slide
        .handle(HOST, &WeDidInput::Next, &mut class.at(3))
        .unwrap();
    assert_eq!(view(&slide, &class).pairs, spec().items[..2]);
    slide
        .handle(HOST, &WeDidInput::Back, &mut class.at(4))
        .unwrap();
    assert_eq!(view(&slide, &class).pairs, spec().items[..1]);
    slide
        .handle(HOST, &WeDidInput::ShowAll, &mut class.at(5))
        .unwrap();
    assert_eq!(view(&slide, &class).pairs, spec().items);
    let err = slide
        .handle(HOST, &WeDidInput::Next, &mut class.at(6))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPhase);
    slide
        .handle(HOST, &WeDidInput::Close, &mut class.at(7))
        .unwrap();
    let v = view(&slide, &class);
    assert_eq!((v.phase, v.pairs.len()), (WeDidPhase::Closed, 3));
    // Phones do not run it.
    let mut other = new(spec());
    let err = other
        .handle(p(0), &WeDidInput::Start, &mut class.at(8))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
}

#[test]
fn all_at_once_shows_every_pair_at_the_start() {
    let mut class = Class::new(1);
    let mut slide = new(WeDidSpec {
        one_by_one: false,
        ..spec()
    });
    slide
        .handle(HOST, &WeDidInput::Start, &mut class.at(0))
        .unwrap();
    assert_eq!(view(&slide, &class).pairs, spec().items);
    assert!(
        slide
            .handle(HOST, &WeDidInput::ShowAll, &mut class.at(1))
            .is_err()
    );
}

#[test]
fn each_phone_is_seen_once_only_while_showing_and_never_by_name() {
    let mut class = Class::new(3);
    let mut slide = new(spec());
    let err = slide
        .handle(p(0), &WeDidInput::Seen, &mut class.at(0))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPhase);
    slide
        .handle(HOST, &WeDidInput::Start, &mut class.at(1))
        .unwrap();
    assert!(
        slide
            .handle(HOST, &WeDidInput::Seen, &mut class.at(2))
            .is_err()
    );
    let out = slide
        .handle(p(0), &WeDidInput::Seen, &mut class.at(2))
        .unwrap();
    // A tap moves the count, never the view everyone gets.
    assert!(out.progress && !out.view);
    slide
        .handle(p(0), &WeDidInput::Seen, &mut class.at(3))
        .unwrap();
    slide
        .handle(p(1), &WeDidInput::Seen, &mut class.at(3))
        .unwrap();
    assert_eq!(slide.responded(), 2);
    assert!(!<WeDid as crate::room::kind::Kind>::shows_actor(
        &slide,
        &WeDidInput::Seen
    ));
    let me = <WeDid as crate::room::kind::Kind>::personal_view(
        &slide,
        ParticipantId(0),
        &class.people(),
    );
    assert_eq!(me, Some(WeDidPersonal { seen: true }));
    // A removed participant's tap stops counting.
    assert_eq!(slide.void(ParticipantId(1)), 1);
    assert_eq!(slide.void(ParticipantId(1)), 0);
    assert_eq!(slide.responded(), 1);
    slide
        .handle(HOST, &WeDidInput::Close, &mut class.at(4))
        .unwrap();
    let err = slide
        .handle(p(2), &WeDidInput::Seen, &mut class.at(5))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPhase);
    assert_eq!(view(&slide, &class).seen, 1);
    let out = slide.export(ActivityId(3), &class.people(), Lang::Nl);
    assert!(out.anonymous);
    assert!(
        out.rows
            .iter()
            .all(|r| r.participant.is_none() && r.nickname.is_none())
    );
    assert_eq!(out.detail["seen"], 1);
}

#[test]
fn the_export_carries_the_pairs_with_still_working_on_it_in_both_languages() {
    let mut class = Class::new(1);
    let mut slide = new(spec());
    slide
        .handle(HOST, &WeDidInput::Start, &mut class.at(0))
        .unwrap();
    let nl = slide.export(ActivityId(3), &class.people(), Lang::Nl);
    assert_eq!(nl.rows.len(), 4);
    assert_eq!(nl.rows[1].item_text, "Wifi in lokaal 2.14");
    assert_eq!(nl.rows[1].answer_text, "nog mee bezig");
    assert_eq!(nl.rows[3].value.as_deref(), Some("0"));
    assert_eq!(nl.detail["revealed"], 1);
    assert_eq!(nl.detail["pairs"][1]["inProgress"], true);
    assert_eq!(nl.detail["pairs"][1]["revealed"], false);
    assert_eq!(nl.detail["source"]["activity"], 2);
    let en = slide.export(ActivityId(3), &class.people(), Lang::En);
    assert_eq!(en.rows[1].answer_text, "still working on it");
    let text = format!("{:?}", en.report);
    assert!(text.contains("You said → we did"), "{text}");
    assert!(text.contains("1 of 3 pairs were shown"), "{text}");
}

/// One step of a random run.
#[derive(Debug, Clone)]
enum Step {
    Host(u8),
    Seen(u32),
    Remove(u32),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0u8..5).prop_map(Step::Host),
        (0u32..6).prop_map(Step::Seen),
        (0u32..6).prop_map(Step::Remove),
    ]
}

proptest! {
    /// Whatever the order of steps, taps and removals: every view shows a prefix of the pairs
    /// that matches its phase (none in the lobby, at least one while showing, all once closed),
    /// a refused input changes nothing, and the count is the phones that tapped and were not
    /// removed, each once.
    #[test]
    fn views_show_a_prefix_and_the_count_is_each_phone_once(
        n in 1usize..=8,
        one_by_one in any::<bool>(),
        steps in proptest::collection::vec(step(), 0..60),
    ) {
        let mut class = Class::new(6);
        let items: Vec<WeDidItem> = (0..n).map(|i| item(&format!("idee {i}"), "")).collect();
        let mut slide = new(WeDidSpec { items: items.clone(), one_by_one, ..spec() });
        let mut seen = BTreeSet::new();
        for (i, s) in steps.into_iter().enumerate() {
            let before = view(&slide, &class);
            let now = i as u64;
            let result = match s {
                Step::Host(h) => {
                    let input = [WeDidInput::Start, WeDidInput::Next, WeDidInput::Back,
                        WeDidInput::ShowAll, WeDidInput::Close][h as usize].clone();
                    slide.handle(HOST, &input, &mut class.at(now)).map(|_| ())
                }
                Step::Seen(who) => {
                    let r = slide.handle(p(who), &WeDidInput::Seen, &mut class.at(now)).map(|_| ());
                    if r.is_ok() { seen.insert(who); }
                    r
                }
                Step::Remove(who) => {
                    slide.void(ParticipantId(who));
                    seen.remove(&who);
                    Ok(())
                }
            };
            let after = view(&slide, &class);
            if result.is_err() {
                prop_assert_eq!(&before, &after);
            }
            prop_assert_eq!(&after.pairs[..], &items[..after.pairs.len()]);
            match after.phase {
                WeDidPhase::Lobby => prop_assert!(after.pairs.is_empty()),
                WeDidPhase::Showing => prop_assert!(!after.pairs.is_empty()),
                WeDidPhase::Closed => prop_assert_eq!(after.pairs.len(), n),
            }
            prop_assert_eq!(after.seen, seen.len() as u32);
            prop_assert_eq!(slide.responded(), seen.len() as u32);
        }
    }
}
