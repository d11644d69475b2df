use super::*;
use crate::room::kind::AnyKind;

use crate::room::kind::testing::Class;
use proptest::prelude::*;

const HOST: Who = Who::Host;

fn spec(questions: usize) -> QuizSpec {
    QuizSpec {
        title: "Test".into(),
        no_ranking: false,
        team_mode: false,
        questions: (0..questions)
            .map(|i| QuestionSpec {
                text: format!("Q{i}"),
                options: vec!["A".into(), "B".into(), "C".into()],
                correct: vec![0],
                time_limit_secs: 10,
                mode: AnswerMode::One,
            })
            .collect(),
    }
}

fn p(n: u32) -> ParticipantId {
    ParticipantId(n)
}

fn answer(question: u32, choice: u32) -> QuizInput {
    QuizInput::Answer { question, choice }
}

#[test]
fn scoring_follows_the_formula() {
    assert_eq!(points(true, 0, 10_000), 1000);
    assert_eq!(points(true, 5_000, 10_000), 750);
    assert_eq!(points(true, 10_000, 10_000), 500);
    assert_eq!(points(true, 20_000, 10_000), 500, "t is clamped to T");
    assert_eq!(points(true, 1_234, 20_000), 969); // 1000 × (1 − 1234/40000) = 969.15
    assert_eq!(points(false, 0, 10_000), 0);
}

#[test]
fn ranks_are_competition_ranks() {
    let ranked = rank([(p(0), 500), (p(1), 900), (p(2), 500), (p(3), 100)]);
    let ranks: Vec<_> = ranked.iter().map(|&(id, _, r)| (id.0, r)).collect();
    assert_eq!(ranks, vec![(1, 1), (0, 2), (2, 2), (3, 4)]);
}

#[test]
fn a_full_quiz_round() {
    let mut roster = Class::new(3);
    let mut quiz = Quiz::new(ActivityId(1), spec(2));
    quiz.handle(
        HOST,
        &QuizInput::StartQuestion { question: 0 },
        &mut roster.at(1_000),
    )
    .unwrap();
    assert_eq!(quiz.deadline(), Some(11_000));
    assert_eq!(
        quiz.handle(Who::Participant(p(0)), &answer(0, 0), &mut roster.at(1_000)),
        Ok(Outcome::progress())
    );
    quiz.handle(Who::Participant(p(1)), &answer(0, 0), &mut roster.at(6_000))
        .unwrap();
    quiz.handle(Who::Participant(p(2)), &answer(0, 1), &mut roster.at(2_000))
        .unwrap();
    assert_eq!(quiz.responded(), 3);
    // Scores stay hidden until the reveal.
    assert_eq!(quiz.personal(p(0), &roster.people()).score, 0);
    quiz.handle(HOST, &QuizInput::CloseQuestion, &mut roster.at(7_000))
        .unwrap();
    assert_eq!(quiz.score(p(0)), 1000);
    assert_eq!(quiz.score(p(1)), 750);
    assert_eq!(quiz.score(p(2)), 0);
    let me = quiz.personal(p(1), &roster.people());
    assert_eq!(me.rank, Some(2));
    assert_eq!(
        me.result,
        Some(MyResult {
            question: 0,
            correct: true,
            answered: true,
            points: 750
        })
    );
    let QuizPhase::Reveal {
        counts, correct, ..
    } = quiz.view(&roster.people()).phase
    else {
        panic!("not revealed")
    };
    assert_eq!((counts, correct), (vec![2, 1, 0], vec![0]));
    quiz.handle(HOST, &QuizInput::ShowLeaderboard, &mut roster.at(8_000))
        .unwrap();
    let QuizPhase::Leaderboard { top, .. } = quiz.view(&roster.people()).phase else {
        panic!("no leaderboard")
    };
    assert_eq!(
        top[0],
        RankEntry {
            rank: 1,
            nickname: "p0".into(),
            score: 1000
        }
    );
    quiz.handle(
        HOST,
        &QuizInput::StartQuestion { question: 1 },
        &mut roster.at(9_000),
    )
    .unwrap();
    assert!(quiz.tick(18_999, &roster.people()).is_none());
    assert_eq!(
        quiz.tick(19_000, &roster.people()),
        Some(Outcome::view().with_personal(Whose::All))
    );
    quiz.handle(HOST, &QuizInput::ShowPodium, &mut roster.at(20_000))
        .unwrap();
    assert_eq!(quiz.phase(), Phase::Podium);
}

#[test]
fn answers_lock_at_the_deadline() {
    let mut roster = Class::new(1);
    let mut quiz = Quiz::new(ActivityId(1), spec(1));
    quiz.handle(
        HOST,
        &QuizInput::StartQuestion { question: 0 },
        &mut roster.at(0),
    )
    .unwrap();
    let err = quiz
        .handle(
            Who::Participant(p(0)),
            &answer(0, 0),
            &mut roster.at(10_000),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::QuestionClosed);
    quiz.handle(Who::Participant(p(0)), &answer(0, 0), &mut roster.at(9_999))
        .unwrap();
}

#[test]
fn one_answer_per_participant_and_none_after_lock() {
    let mut roster = Class::new(1);
    let mut quiz = Quiz::new(ActivityId(1), spec(1));
    quiz.handle(
        HOST,
        &QuizInput::StartQuestion { question: 0 },
        &mut roster.at(0),
    )
    .unwrap();
    quiz.handle(Who::Participant(p(0)), &answer(0, 1), &mut roster.at(100))
        .unwrap();
    let again = quiz
        .handle(Who::Participant(p(0)), &answer(0, 0), &mut roster.at(200))
        .unwrap_err();
    assert_eq!(again.code, ErrorCode::AlreadyAnswered);
    quiz.handle(HOST, &QuizInput::CloseQuestion, &mut roster.at(300))
        .unwrap();
    let late = quiz
        .handle(Who::Participant(p(0)), &answer(0, 0), &mut roster.at(400))
        .unwrap_err();
    assert_eq!(late.code, ErrorCode::QuestionClosed);
    assert_eq!(quiz.answers(0).unwrap()[&p(0)].choices, vec![1]);
}

#[test]
fn roles_are_enforced() {
    let mut roster = Class::new(1);
    let mut quiz = Quiz::new(ActivityId(1), spec(1));
    let err = quiz.handle(
        Who::Participant(p(0)),
        &QuizInput::StartQuestion { question: 0 },
        &mut roster.at(0),
    );
    assert_eq!(err.unwrap_err().code, ErrorCode::Forbidden);
    let err = quiz.handle(HOST, &answer(0, 0), &mut roster.at(0));
    assert_eq!(err.unwrap_err().code, ErrorCode::Forbidden);
}

#[test]
fn no_ranking_hides_names_and_ranks() {
    let mut roster = Class::new(1);
    let mut s = spec(1);
    s.no_ranking = true;
    let mut quiz = Quiz::new(ActivityId(1), s);
    quiz.handle(
        HOST,
        &QuizInput::StartQuestion { question: 0 },
        &mut roster.at(0),
    )
    .unwrap();
    quiz.handle(Who::Participant(p(0)), &answer(0, 0), &mut roster.at(100))
        .unwrap();
    quiz.handle(HOST, &QuizInput::CloseQuestion, &mut roster.at(200))
        .unwrap();
    quiz.handle(HOST, &QuizInput::ShowPodium, &mut roster.at(300))
        .unwrap();
    let QuizPhase::Podium { top, questions, .. } = quiz.view(&roster.people()).phase else {
        panic!("no podium")
    };
    assert!(top.is_empty());
    assert_eq!(
        questions[0],
        QuestionTally {
            correct: 1,
            answered: 1,
            text: "Q0".into(),
            option_count: 3,
            counts: vec![1, 0, 0],
            right: vec![0],
            asked: true,
        }
    );
    assert_eq!(quiz.personal(p(0), &roster.people()).rank, None);
}

fn select_all(question: u32, choices: &[u32]) -> QuizInput {
    QuizInput::AnswerAll {
        question,
        choices: choices.to_vec(),
    }
}

#[test]
fn select_all_that_apply_counts_only_exactly_the_correct_options() {
    let mut roster = Class::new(5);
    let mut s = spec(1);
    s.questions[0].mode = AnswerMode::All;
    s.questions[0].correct = vec![2, 0];
    let mut quiz = Quiz::new(ActivityId(1), s);
    quiz.handle(
        HOST,
        &QuizInput::StartQuestion { question: 0 },
        &mut roster.at(0),
    )
    .unwrap();
    let who = |n| Who::Participant(p(n));
    // The type is explicit: one tap on a "select all" question is refused, and so are
    // an empty, repeated or unknown choice.
    for bad in [
        answer(0, 0),
        select_all(0, &[]),
        select_all(0, &[0, 0]),
        select_all(0, &[0, 3]),
    ] {
        let err = quiz.handle(who(0), &bad, &mut roster.at(10)).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidChoice, "{bad:?}");
    }
    quiz.handle(who(0), &select_all(0, &[2, 0]), &mut roster.at(0))
        .unwrap();
    quiz.handle(who(1), &select_all(0, &[0]), &mut roster.at(0))
        .unwrap();
    quiz.handle(who(2), &select_all(0, &[0, 1, 2]), &mut roster.at(0))
        .unwrap();
    quiz.handle(who(3), &select_all(0, &[1]), &mut roster.at(0))
        .unwrap();
    assert_eq!(
        quiz.handle(who(0), &select_all(0, &[0, 2]), &mut roster.at(1))
            .unwrap_err()
            .code,
        ErrorCode::AlreadyAnswered
    );
    quiz.handle(HOST, &QuizInput::CloseQuestion, &mut roster.at(100))
        .unwrap();
    let scores: Vec<u32> = (0..4).map(|n| quiz.score(p(n))).collect();
    assert_eq!(scores, vec![1000, 0, 0, 0], "all or nothing");
    let QuizPhase::Reveal {
        counts, answered, ..
    } = quiz.view(&roster.people()).phase
    else {
        panic!("not revealed")
    };
    assert_eq!((counts, answered), (vec![3, 2, 2], 4));
    let mine = quiz.personal(p(0), &roster.people());
    assert_eq!(mine.answer.unwrap().choices, vec![0, 2]);
    assert!(mine.result.unwrap().correct);
}

#[test]
fn a_one_tap_question_refuses_a_list_and_any_correct_option_counts() {
    let mut roster = Class::new(2);
    let mut s = spec(1);
    s.questions[0].correct = vec![0, 1];
    let mut quiz = Quiz::new(ActivityId(1), s);
    quiz.handle(
        HOST,
        &QuizInput::StartQuestion { question: 0 },
        &mut roster.at(0),
    )
    .unwrap();
    let err = quiz
        .handle(
            Who::Participant(p(0)),
            &select_all(0, &[0]),
            &mut roster.at(1),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidChoice);
    quiz.handle(Who::Participant(p(0)), &answer(0, 1), &mut roster.at(0))
        .unwrap();
    quiz.handle(HOST, &QuizInput::CloseQuestion, &mut roster.at(1))
        .unwrap();
    assert_eq!(quiz.score(p(0)), 1000);
}

#[test]
fn answers_in_older_snapshots_still_read() {
    let old: Answer =
        serde_json::from_str(r#"{"choice":2,"at":5,"points":900,"team":null}"#).unwrap();
    assert_eq!(old.choices, vec![2]);
    let spec: QuestionSpec = serde_json::from_str(
        r#"{"text":"Q","options":["a","b"],"correct":[1],"timeLimitSecs":10}"#,
    )
    .unwrap();
    assert_eq!(spec.mode, AnswerMode::One);
}

#[test]
fn validation_names_the_problem() {
    let mut s = spec(1);
    s.questions[0].options = vec!["only".into()];
    assert!(validate(&s).unwrap_err().message.contains("question 1"));
    let mut s = spec(1);
    s.questions[0].correct = vec![7];
    assert!(validate(&s).is_err());
    assert!(validate(&spec(3)).is_ok());
}

#[derive(Debug, Clone)]
enum Step {
    Start(u32),
    Answer(u32, u32, u32),
    Close,
    Leaderboard,
    Advance(u64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..4u32).prop_map(Step::Start),
        (0..6u32, 0..4u32, 0..4u32).prop_map(|(p, q, c)| Step::Answer(p, q, c)),
        Just(Step::Close),
        Just(Step::Leaderboard),
        (0..15_000u64).prop_map(Step::Advance),
    ]
}

proptest! {
    /// Over any sequence of inputs: scores equal the sum of the locked answers' points,
    /// nobody answers a question twice, every answer is within the formula's range, and
    /// ranks agree with scores.
    #[test]
    fn invariants_hold(steps in proptest::collection::vec(step(), 0..80)) {
        let mut roster = Class::new(6);
        let mut s = spec(3);
        s.questions[1].mode = AnswerMode::All;
        s.questions[1].correct = vec![0, 2];
        let mut quiz = Quiz::new(ActivityId(1), s);
        let mut now = 0;
        let mut locked = [false; 3];
        for s in steps {
            let before = quiz.phase();
            match s {
                Step::Start(q) => { let _ = quiz.handle(HOST, &QuizInput::StartQuestion { question: q }, &mut roster.at(now)); }
                Step::Answer(who, q, c) => {
                    let first = quiz.answers(q as usize).is_some_and(|a| !a.contains_key(&p(who)));
                    // Question 1 is "select all that apply": tick `c` and the next one.
                    let input = if q == 1 { select_all(q, &[c, (c + 1) % 3]) } else { answer(q, c) };
                    let result = quiz.handle(Who::Participant(p(who)), &input, &mut roster.at(now));
                    if result.is_ok() { prop_assert!(first, "a second answer was accepted"); }
                }
                Step::Close => { let _ = quiz.handle(HOST, &QuizInput::CloseQuestion, &mut roster.at(now)); }
                Step::Leaderboard => { let _ = quiz.handle(HOST, &QuizInput::ShowLeaderboard, &mut roster.at(now)); }
                Step::Advance(ms) => { now += ms; quiz.tick(now, &roster.people()); }
            }
            if let (Phase::Question { index, .. }, Phase::Reveal { .. }) = (before, quiz.phase()) {
                locked[index as usize] = true;
            }
        }
        for who in roster.ids().to_vec().iter() {
            let expected: u32 = (0..3)
                .filter(|&q| locked[q])
                .filter_map(|q| quiz.answers(q).unwrap().get(who))
                .map(|a| a.points)
                .sum();
            prop_assert_eq!(quiz.score(*who), expected);
        }
        for q in 0..3 {
            for a in quiz.answers(q).unwrap().values() {
                prop_assert!(a.points == 0 || (500..=1000).contains(&a.points));
            }
        }
        let ranked = rank(roster.ids().iter().map(|&w| (w, quiz.score(w))));
        for pair in ranked.windows(2) {
            prop_assert!(pair[0].1 >= pair[1].1);
            prop_assert_eq!(pair[0].1 == pair[1].1, pair[0].2 == pair[1].2);
        }
    }
}
