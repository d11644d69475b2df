use super::*;
use crate::room::kind::AnyKind;
use crate::room::kind::testing::Class;
use kring_protocol::ErrorCode;
use proptest::prelude::*;

const HOST: Who = Who::Host;

fn spec() -> WeDidSpec {
    WeDidSpec {
        title: "Who has finished?".into(),
        anonymous: true,
    }
}

fn p(n: u32) -> Who {
    Who::Participant(ParticipantId(n))
}

fn open(class: &mut Class) -> WeDid {
    let mut hands = <WeDid as AnyKind>::create(ActivityId(3), spec()).unwrap();
    hands
        .handle(HOST, &WeDidInput::Open, &mut class.at(0))
        .unwrap();
    hands
}

fn view(hands: &WeDid, class: &Class) -> WeDidView {
    <WeDid as crate::room::kind::Kind>::public_view(hands, &class.people())
}

#[test]
fn a_spec_checks_its_title_and_fills_its_defaults() {
    assert!(<WeDid as AnyKind>::create(ActivityId(1), spec()).is_ok());
    let blank = WeDidSpec {
        title: " ".into(),
        ..spec()
    };
    let err = <WeDid as AnyKind>::create(ActivityId(1), blank).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidSpec);
    let parsed: WeDidSpec = serde_json::from_str(r#"{"title":"Who has finished?"}"#).unwrap();
    assert_eq!(parsed, spec());
}

#[test]
fn hands_go_up_and_down_only_while_open_and_only_from_phones() {
    let mut class = Class::new(3);
    let mut hands = <WeDid as AnyKind>::create(ActivityId(3), spec()).unwrap();
    let up = WeDidInput::Raise { up: true };
    let err = hands.handle(p(0), &up, &mut class.at(1)).unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPhase);
    let mut hands = open(&mut class);
    hands.handle(p(0), &up, &mut class.at(1)).unwrap();
    // A re-sent raise counts once.
    hands.handle(p(0), &up, &mut class.at(2)).unwrap();
    hands.handle(p(1), &up, &mut class.at(2)).unwrap();
    assert_eq!(view(&hands, &class).raised, 2);
    assert!(hands.handle(HOST, &up, &mut class.at(3)).is_err());
    assert!(hands.handle(p(2), &WeDidInput::Close, &mut class.at(3)).is_err());
    hands
        .handle(p(1), &WeDidInput::Raise { up: false }, &mut class.at(3))
        .unwrap();
    hands
        .handle(HOST, &WeDidInput::Close, &mut class.at(4))
        .unwrap();
    let err = hands.handle(p(2), &up, &mut class.at(5)).unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPhase);
    assert_eq!(view(&hands, &class).raised, 1);
}

proptest! {
    /// The count is the hands that are up, whatever the order of the inputs.
    #[test]
    fn the_count_equals_the_hands_up(inputs in proptest::collection::vec((0u32..6, any::<bool>()), 0..40)) {
        let mut class = Class::new(6);
        let mut hands = open(&mut class);
        let mut up = BTreeSet::new();
        for (i, (who, raise)) in inputs.into_iter().enumerate() {
            hands.handle(p(who), &WeDidInput::Raise { up: raise }, &mut class.at(i as u64)).unwrap();
            if raise { up.insert(who); } else { up.remove(&who); }
            prop_assert_eq!(view(&hands, &class).raised, up.len() as u32);
        }
    }
}
