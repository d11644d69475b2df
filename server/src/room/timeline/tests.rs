use super::*;
use crate::room::kind::AnyKind;
use crate::room::kind::Kind;
use crate::room::kind::testing::Class;
use kring_protocol::ErrorCode;

const HOST: Who = Who::Host;

fn spec() -> TimelineSpec {
    TimelineSpec {
        title: "Wat jullie eerder zeiden".into(),
    }
}

#[test]
fn a_spec_checks_its_title() {
    assert!(<TimelineSlide as AnyKind>::create(ActivityId(1), spec()).is_ok());
    let err = <TimelineSlide as AnyKind>::create(ActivityId(1), TimelineSpec { title: " ".into() })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidSpec);
}

#[test]
fn the_host_steps_between_sessions_and_shifts_and_phones_cannot() {
    let mut class = Class::new(2);
    let mut slide = <TimelineSlide as AnyKind>::create(ActivityId(3), spec()).unwrap();
    assert!(!Kind::started(&slide));
    let err = slide
        .handle(
            Who::Participant(kring_protocol::ParticipantId(0)),
            &TimelineInput::Show,
            &mut class.at(0),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    let err = slide
        .handle(HOST, &TimelineInput::Shifts, &mut class.at(0))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPhase);
    slide
        .handle(HOST, &TimelineInput::Show, &mut class.at(1))
        .unwrap();
    assert!(Kind::started(&slide));
    slide
        .handle(HOST, &TimelineInput::Shifts, &mut class.at(2))
        .unwrap();
    slide
        .handle(HOST, &TimelineInput::Show, &mut class.at(3))
        .unwrap();
    slide
        .handle(HOST, &TimelineInput::Close, &mut class.at(4))
        .unwrap();
    assert_eq!(slide.phase, TimelinePhase::Closed);
}

#[test]
fn its_own_view_carries_a_timeline_only_once_shown() {
    let mut class = Class::new(1);
    let mut slide = <TimelineSlide as AnyKind>::create(ActivityId(3), spec()).unwrap();
    let people = class.people();
    assert_eq!(
        Kind::timeline_view(&slide, &people, Timeline::default()).timeline,
        None
    );
    slide
        .handle(HOST, &TimelineInput::Show, &mut class.at(1))
        .unwrap();
    let people = class.people();
    assert_eq!(
        Kind::timeline_view(&slide, &people, Timeline::default()).timeline,
        Some(Timeline::default())
    );
    assert_eq!(Kind::public_view(&slide, &people).timeline, None);
    let export = Kind::export(&slide, ActivityId(3), &people, Lang::En);
    assert!(export.rows.is_empty());
}
