//! Running a class from the big screen, over real sockets: "select all that apply" questions
//! (scoring, refusals, exports, CSV import) and a progress count that stays true while phones
//! come and go (a newcomer, a restart).

mod common;

use common::*;
use kring_protocol::{
    ActivitySpec, AnswerMode, ClientMsg, ErrorCode, QuestionSpec, QuizInput, QuizPhase, QuizSpec,
    ServerMsg,
};

/// A quiz whose first question is "select all that apply" (B and D are right) and whose
/// second is one tap.
fn select_all_quiz() -> ActivitySpec {
    ActivitySpec::Quiz(QuizSpec {
        title: "Selecteer alles".into(),
        no_ranking: false,
        team_mode: false,
        questions: vec![
            QuestionSpec {
                text: "Welke getallen zijn even?".into(),
                options: vec!["3".into(), "4".into(), "7".into(), "12".into()],
                correct: vec![1, 3],
                time_limit_secs: 60,
                mode: AnswerMode::All,
            },
            QuestionSpec {
                text: "Hoofdstad?".into(),
                options: vec!["Rotterdam".into(), "Amsterdam".into()],
                correct: vec![1],
                time_limit_secs: 60,
                mode: AnswerMode::One,
            },
        ],
    })
}

#[tokio::test]
async fn select_all_that_apply_is_scored_all_or_nothing_and_exported_with_every_choice() {
    let Class {
        server,
        addr,
        room,
        quiz,
        mut host,
        mut ada,
        mut bo,
    } = class("Select all", select_all_quiz(), ["Ada", "Bo"]).await;
    open_first_question(&mut host, quiz).await;
    let question = ada
        .client
        .until(|m| quiz_phase(m).filter(|p| matches!(p, QuizPhase::Question { .. })))
        .await;
    let QuizPhase::Question { question, .. } = question else {
        unreachable!()
    };
    assert_eq!(
        question.mode,
        AnswerMode::All,
        "phones know to show tick boxes"
    );
    // One tap is refused: the question asks for every right option.
    let tap = quiz_act(
        quiz,
        QuizInput::Answer {
            question: 0,
            choice: 1,
        },
    );
    assert_eq!(
        refused(&mut ada.client, tap).await,
        ErrorCode::InvalidChoice
    );
    let all = |choices: Vec<u32>| {
        quiz_act(
            quiz,
            QuizInput::AnswerAll {
                question: 0,
                choices,
            },
        )
    };
    done(&mut ada.client, all(vec![3, 1])).await;
    done(&mut bo.client, all(vec![1])).await;
    let reveal = host
        .until(|m| quiz_phase(m).filter(|p| matches!(p, QuizPhase::Reveal { .. })))
        .await;
    let QuizPhase::Reveal {
        counts, answered, ..
    } = reveal
    else {
        unreachable!()
    };
    assert_eq!((counts, answered), (vec![0, 2, 0, 1], 2));
    let ada_me = me_when(
        &mut ada.client,
        |me| matches!(&me.personal, Some(kring_protocol::Personal::Quiz(q)) if q.result.is_some()),
    )
    .await;
    let Some(kring_protocol::Personal::Quiz(ada_quiz)) = ada_me.personal else {
        unreachable!()
    };
    assert!(ada_quiz.result.unwrap().correct);
    assert_eq!(ada_quiz.answer.unwrap().choices, vec![1, 3]);
    let bo_me = me_when(
        &mut bo.client,
        |me| matches!(&me.personal, Some(kring_protocol::Personal::Quiz(q)) if q.result.is_some()),
    )
    .await;
    let Some(kring_protocol::Personal::Quiz(bo_quiz)) = bo_me.personal else {
        unreachable!()
    };
    assert!(!bo_quiz.result.unwrap().correct, "half right is wrong");
    assert_eq!(bo_quiz.score, 0);

    // Exports carry every ticked option.
    let auth = format!("Bearer {}", room.host_key);
    let json = get_auth(
        &addr,
        &format!("/api/rooms/{}/export.json", room.code),
        &auth,
    )
    .await
    .json();
    let q0 = &json["activities"][0]["questions"][0];
    assert_eq!(q0["mode"], "all");
    let choices: Vec<_> = q0["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["nickname"].as_str().unwrap().to_owned(),
                r["choices"].clone(),
            )
        })
        .collect();
    assert!(choices.contains(&("Ada".into(), serde_json::json!([1, 3]))));
    let csv = get_auth(
        &addr,
        &format!("/api/rooms/{}/export.csv", room.code),
        &auth,
    )
    .await
    .text();
    let ada_row = csv.lines().find(|l| l.contains(";Ada;")).unwrap();
    assert!(ada_row.contains(";B|D;4 | 12;1;1000;"), "{ada_row}");
    server.stop().await;
}

#[tokio::test]
async fn a_csv_import_keeps_the_files_title_and_its_select_all_questions() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Import").await;
    let auth = format!("Bearer {}", room.host_key);
    let csv = "titel;vraag;soort;juist;optie1;optie2;optie3\nKennismaking MZ2B;Welke zijn even?;alle;1|3;2;3;4\n";
    let imported = http(
        &addr,
        "POST",
        &format!("/api/rooms/{}/activities?title=quiz", room.code),
        &[("Authorization", &auth), ("Content-Type", "text/csv")],
        csv.as_bytes(),
    )
    .await;
    assert_eq!(imported.status, 201, "{}", imported.text());
    let state = get_auth(&addr, &format!("/api/rooms/{}", room.code), &auth)
        .await
        .json();
    let spec = &state["agenda"][0]["spec"];
    assert_eq!(spec["title"], "Kennismaking MZ2B");
    assert_eq!(spec["questions"][0]["mode"], "all");
    server.stop().await;
}

/// The next progress message the client gets.
async fn progress(client: &mut Client) -> (u32, u32) {
    client
        .until(|m| match m {
            ServerMsg::Progress { responded, of, .. } => Some((*responded, *of)),
            _ => None,
        })
        .await
}

#[tokio::test]
async fn the_progress_count_includes_newcomers_and_phones_still_reconnecting_after_a_restart() {
    let Class {
        server,
        addr,
        room,
        quiz,
        mut host,
        mut ada,
        bo,
    } = class("Counts", select_all_quiz(), ["Ada", "Bo"]).await;
    open_first_question(&mut host, quiz).await;
    ada.client
        .until(|m| quiz_phase(m).filter(|p| matches!(p, QuizPhase::Question { .. })))
        .await;
    done(
        &mut ada.client,
        quiz_act(
            quiz,
            QuizInput::AnswerAll {
                question: 0,
                choices: vec![1],
            },
        ),
    )
    .await;
    // A newcomer mid-question raises the "of N" on the console and the projector at once.
    let _cas = join(&addr, room.code.as_str(), "Cas").await;
    loop {
        if progress(&mut host).await == (1, 3) {
            break;
        }
    }
    drop(bo);
    // After a graceful restart the projector counts the whole class, not only the phones that
    // are back already.
    let dir = server.stop().await;
    let server = TestServer::start_in(dir).await;
    let addr = server.addr();
    let mut screen = Client::connect(&addr, "screen").await;
    screen
        .hello(ClientMsg::Screen {
            room: room.code.0.clone(),
        })
        .await;
    let (_ada, _) = resume(&addr, room.code.as_str(), "Ada", &ada.token).await;
    loop {
        let (responded, of) = progress(&mut screen).await;
        assert_eq!(of, 3, "the class, not the phones online");
        if responded == 1 {
            break;
        }
    }
    server.stop().await;
}

#[tokio::test]
async fn the_report_has_local_times_svg_charts_and_a_table_per_student_unless_anonymous() {
    let Class {
        server,
        addr,
        room,
        quiz,
        mut host,
        mut ada,
        mut bo,
    } = class("Verslag", select_all_quiz(), ["Ada", "Bo"]).await;
    open_first_question(&mut host, quiz).await;
    for (phone, choices) in [(&mut ada, vec![1, 3]), (&mut bo, vec![0])] {
        phone
            .client
            .until(|m| quiz_phase(m).filter(|p| matches!(p, QuizPhase::Question { .. })))
            .await;
        done(
            &mut phone.client,
            quiz_act(
                quiz,
                QuizInput::AnswerAll {
                    question: 0,
                    choices,
                },
            ),
        )
        .await;
    }
    host.until(|m| quiz_phase(m).filter(|p| matches!(p, QuizPhase::Reveal { .. })))
        .await;
    let auth = format!("Bearer {}", room.host_key);
    let report = |path: &'static str| {
        let (addr, auth, code) = (addr.clone(), auth.clone(), room.code.clone());
        async move {
            get_auth(&addr, &format!("/api/rooms/{code}/{path}"), &auth)
                .await
                .text()
        }
    };
    let html = report("report.html?lang=nl").await;
    assert!(html.contains("<svg class=\"chart\""), "{html}");
    assert!(!html.contains('█'), "no text bars");
    assert!(
        html.contains(" CET") || html.contains(" CEST"),
        "times in Europe/Amsterdam: {html}"
    );
    assert!(!html.contains(" UTC"), "{html}");
    assert!(html.contains("Per student"), "{html}");
    assert!(html.contains("<td>Ada</td><td>1/1</td><td>✓ "), "{html}");
    assert!(
        html.contains("<td>Bo</td><td>0/1</td><td>✗ 0</td>"),
        "{html}"
    );
    let md = report("report.md").await;
    assert!(md.contains("| B 4 ✓ | 1 |"), "{md}");
    server.stop().await;

    // With no ranking there is no table per student (and no names at all).
    let mut anonymous = select_all_quiz();
    let ActivitySpec::Quiz(spec) = &mut anonymous else {
        unreachable!()
    };
    spec.no_ranking = true;
    let Class {
        server,
        addr,
        room,
        quiz,
        mut host,
        mut ada,
        bo: _bo,
    } = class("Anoniem", anonymous, ["Ada", "Bo"]).await;
    open_first_question(&mut host, quiz).await;
    ada.client
        .until(|m| quiz_phase(m).filter(|p| matches!(p, QuizPhase::Question { .. })))
        .await;
    done(
        &mut ada.client,
        quiz_act(
            quiz,
            QuizInput::AnswerAll {
                question: 0,
                choices: vec![1, 3],
            },
        ),
    )
    .await;
    let html = get_auth(
        &addr,
        &format!("/api/rooms/{}/report.html", room.code),
        &format!("Bearer {}", room.host_key),
    )
    .await
    .text();
    assert!(
        !html.contains("Per student") && !html.contains("Ada"),
        "{html}"
    );
    server.stop().await;
}
