use super::*;
use crate::room::kind::AnyKind;
use crate::room::kind::testing::Class;
use kring_protocol::ActivityView;
use proptest::prelude::*;

const HOST: Who = Who::Host;

fn spec(secs: u32) -> TimerSpec {
    TimerSpec {
        title: "Bouwen".into(),
        secs,
        sound: false,
    }
}

fn timer(secs: u32) -> Timer {
    Timer::create(ActivityId(4), spec(secs)).unwrap()
}

fn input(t: &mut Timer, class: &mut Class, now: u64, input: TimerInput) -> Result<(), ActError> {
    t.handle(HOST, &input, &mut class.at(now)).map(|_| ())
}

fn phase(t: &Timer, class: &Class) -> TimerPhase {
    match t.public_view(&class.people()) {
        ActivityView::Timer(v) => v.phase,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_spec_is_checked_against_the_limits() {
    assert!(Timer::create(ActivityId(1), spec(0)).is_err());
    assert!(Timer::create(ActivityId(1), spec(MAX_TIMER_SECS + 1)).is_err());
    assert!(Timer::create(ActivityId(1), spec(MAX_TIMER_SECS)).is_ok());
    let blank = TimerSpec {
        title: "  ".into(),
        ..spec(60)
    };
    assert_eq!(
        Timer::create(ActivityId(1), blank).unwrap_err().code,
        ErrorCode::InvalidSpec
    );
}

#[test]
fn it_counts_down_pauses_resumes_and_ends_at_its_deadline() {
    let mut class = Class::new(2);
    let mut t = timer(300);
    assert!(!AnyKind::started(&t));
    input(&mut t, &mut class, 1_000, TimerInput::Start).unwrap();
    assert!(AnyKind::started(&t));
    assert_eq!(AnyKind::deadline(&t), Some(301_000));
    input(&mut t, &mut class, 61_000, TimerInput::Pause).unwrap();
    assert_eq!(
        phase(&t, &class),
        TimerPhase::Paused {
            remaining_ms: 240_000,
            total_ms: 300_000
        }
    );
    assert_eq!(AnyKind::deadline(&t), None, "a paused timer needs no tick");
    input(&mut t, &mut class, 100_000, TimerInput::Resume).unwrap();
    assert_eq!(AnyKind::deadline(&t), Some(340_000));
    input(&mut t, &mut class, 100_000, TimerInput::Adjust { secs: 60 }).unwrap();
    assert_eq!(
        phase(&t, &class),
        TimerPhase::Running {
            deadline: 400_000,
            total_ms: 360_000
        }
    );
    assert!(AnyKind::on_tick(&mut t, &mut class.at(399_999)).is_none());
    assert!(AnyKind::on_tick(&mut t, &mut class.at(400_250)).is_some());
    assert_eq!(
        phase(&t, &class),
        TimerPhase::Done {
            ended_at: 400_000,
            stopped: false
        },
        "it ended at its deadline, not at the tick"
    );
    // "One more minute" after the end runs it again.
    input(&mut t, &mut class, 410_000, TimerInput::Adjust { secs: 60 }).unwrap();
    assert_eq!(AnyKind::deadline(&t), Some(470_000));
    let export = AnyKind::export(&t, ActivityId(4), &class.people(), Lang::En);
    let run = &export.detail["runs"][0];
    assert_eq!(run["plannedSecs"], 300);
    assert_eq!(run["addedSecs"], 120);
    assert_eq!(run["pauses"], 1);
    assert_eq!(run["pausedMs"], 39_000);
}

#[test]
fn minus_a_minute_never_goes_below_zero_and_plus_never_above_three_hours() {
    let mut class = Class::new(1);
    let mut t = timer(30);
    input(&mut t, &mut class, 0, TimerInput::Adjust { secs: -60 }).unwrap();
    assert_eq!(t.secs, 1, "the set time stays at least 1 s");
    input(
        &mut t,
        &mut class,
        0,
        TimerInput::Set {
            secs: MAX_TIMER_SECS,
        },
    )
    .unwrap();
    input(&mut t, &mut class, 0, TimerInput::Adjust { secs: 60 }).unwrap();
    assert_eq!(t.secs, MAX_TIMER_SECS);
    input(&mut t, &mut class, 0, TimerInput::Start).unwrap();
    input(&mut t, &mut class, 0, TimerInput::Adjust { secs: 60 }).unwrap();
    assert_eq!(t.remaining_ms(0), u64::from(MAX_TIMER_SECS) * 1000);
    input(&mut t, &mut class, 0, TimerInput::Reset).unwrap();
    input(&mut t, &mut class, 0, TimerInput::Set { secs: 30 }).unwrap();
    input(&mut t, &mut class, 0, TimerInput::Start).unwrap();
    input(&mut t, &mut class, 10_000, TimerInput::Adjust { secs: -60 }).unwrap();
    assert_eq!(
        phase(&t, &class),
        TimerPhase::Done {
            ended_at: 10_000,
            stopped: false
        }
    );
    let err = input(&mut t, &mut class, 11_000, TimerInput::Adjust { secs: -60 }).unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPhase);
}

#[test]
fn a_graceful_restart_keeps_what_remained() {
    let mut class = Class::new(1);
    let mut t = timer(600);
    input(&mut t, &mut class, 0, TimerInput::Start).unwrap();
    // Down from 100 s to 160 s: 500 s were left, 500 s are left.
    assert!(AnyKind::resume(&mut t, 60_000));
    assert_eq!(t.remaining_ms(160_000), 500_000);
    input(&mut t, &mut class, 160_000, TimerInput::Pause).unwrap();
    assert!(
        !AnyKind::resume(&mut t, 60_000),
        "a paused timer has nothing to move"
    );
}

#[test]
fn co_facilitators_may_pause_and_extend_but_not_start_or_stop() {
    use kring_protocol::KindInput;
    use kring_protocol::Senders;
    assert_eq!(TimerInput::Pause.senders(), Senders::Moderators);
    assert_eq!(
        TimerInput::Adjust { secs: 60 }.senders(),
        Senders::Moderators
    );
    assert_eq!(TimerInput::Start.senders(), Senders::Host);
    assert_eq!(TimerInput::Reset.senders(), Senders::Host);
    let mut class = Class::new(1);
    let mut t = timer(60);
    let err = t
        .handle(
            Who::Participant(ParticipantId(0)),
            &TimerInput::Start,
            &mut class.at(0),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
}

#[test]
fn the_export_and_report_name_the_runs_in_both_languages() {
    let mut class = Class::new(1);
    let mut t = timer(120);
    assert!(
        format!(
            "{:?}",
            AnyKind::export(&t, ActivityId(4), &class.people(), Lang::Nl).report
        )
        .contains("niet gestart")
    );
    input(&mut t, &mut class, 0, TimerInput::Start).unwrap();
    input(&mut t, &mut class, 30_000, TimerInput::Stop).unwrap();
    let nl = AnyKind::export(&t, ActivityId(4), &class.people(), Lang::Nl);
    let report = format!("{:?}", nl.report);
    assert!(
        report.contains("Gepland") && report.contains("gestopt") && report.contains("2:00"),
        "{report}"
    );
    assert_eq!(nl.rows.len(), 1);
    assert_eq!(nl.rows[0].value.as_deref(), Some("30"));
    let en = format!(
        "{:?}",
        AnyKind::export(&t, ActivityId(4), &class.people(), Lang::En).report
    );
    assert!(en.contains("Planned") && en.contains("stopped"), "{en}");
    assert_eq!(export::clock(3_600_000 + 61_000), "1:01:01");
}

/// One host step: which input, how long after the previous one (ms), and by how much.
#[derive(Debug, Clone)]
enum Step {
    Input(u8, i32, u32),
    Tick,
    Restart(u32),
}

fn step() -> impl Strategy<Value = (Step, u32)> {
    (
        prop_oneof![
            6 => (0..8u8, -12_000..12_000i32, 0..12_000u32).prop_map(|(i, a, s)| Step::Input(i, a, s)),
            2 => Just(Step::Tick),
            1 => (0..600_000u32).prop_map(Step::Restart),
        ],
        0..400_000u32,
    )
}

fn to_input(i: u8, adjust: i32, set: u32) -> TimerInput {
    match i {
        0 => TimerInput::Start,
        1 => TimerInput::Pause,
        2 => TimerInput::Resume,
        3 => TimerInput::Adjust { secs: adjust },
        4 => TimerInput::Set { secs: set },
        5 => TimerInput::Stop,
        6 => TimerInput::Reset,
        _ => TimerInput::Sound { on: adjust > 0 },
    }
}

proptest! {
    /// Over any host steps, ticks and graceful restarts: what remains is never above 3 hours
    /// (nor below 0: it is counted in unsigned ms and a timer at 0 is done), a pause and a
    /// resume keep exactly what remained, +/- move what remains by the amount within 0..=3 h,
    /// a refused input changes nothing, and each run's time counting down plus standing still
    /// is its time from start to end.
    #[test]
    fn remaining_time_stays_within_bounds_and_pauses_keep_it(
        secs in 1..=MAX_TIMER_SECS,
        steps in proptest::collection::vec(step(), 0..60),
    ) {
        let mut class = Class::new(1);
        let mut t = timer(secs);
        let mut now = 1_000u64;
        for (s, dt) in steps {
            now += u64::from(dt);
            let before = serde_json::to_value(&t).unwrap();
            let left = t.remaining_ms(now);
            match s {
                Step::Tick => {
                    AnyKind::on_tick(&mut t, &mut class.at(now));
                }
                Step::Restart(down) => {
                    AnyKind::resume(&mut t, u64::from(down));
                    now += u64::from(down);
                    prop_assert_eq!(t.remaining_ms(now), left, "a restart keeps what remained");
                }
                Step::Input(i, adjust, set) => {
                    let was = t.phase;
                    let input = to_input(i, adjust, set);
                    let result = input_at(&mut t, &mut class, now, &input);
                    if result.is_err() {
                        prop_assert_eq!(serde_json::to_value(&t).unwrap(), before);
                        continue;
                    }
                    match (&input, was) {
                        (TimerInput::Pause, _) | (TimerInput::Resume, _) => {
                            prop_assert_eq!(t.remaining_ms(now), left, "pause/resume keep it");
                        }
                        (TimerInput::Adjust { secs }, Phase::Running { .. } | Phase::Paused { .. }) => {
                            let expected = (left as i64 + i64::from(*secs) * 1000).clamp(0, MAX_MS as i64) as u64;
                            prop_assert_eq!(t.remaining_ms(now), expected);
                        }
                        _ => {}
                    }
                }
            }
            prop_assert!(t.remaining_ms(now) <= MAX_MS);
            prop_assert!(t.secs >= 1 && t.secs <= MAX_TIMER_SECS);
            if let Phase::Running { deadline } = t.phase {
                prop_assert!(deadline.at() <= now + MAX_MS);
            }
            let export = AnyKind::export(&t, ActivityId(4), &class.people(), Lang::En);
            for run in export.detail["runs"].as_array().unwrap() {
                let (wall, ran, paused) = (run["wallMs"].as_u64().unwrap(), run["ranMs"].as_u64().unwrap(), run["pausedMs"].as_u64().unwrap());
                prop_assert!(ran <= wall);
                prop_assert_eq!(ran + paused.min(wall), wall);
            }
        }
    }
}

fn input_at(
    t: &mut Timer,
    class: &mut Class,
    now: u64,
    input: &TimerInput,
) -> Result<(), ActError> {
    t.handle(HOST, input, &mut class.at(now)).map(|_| ())
}
