//! Templates over real sockets and HTTP: the built-in ones listed and valid, a file read with
//! its complaints naming the field, an older file read with its defaults, a template inserted
//! into the agenda at once (or not at all) and run with a phone, and a template kept in the
//! room, exported and imported again unchanged (also after a restart).

mod common;

use common::*;
use kring_protocol::{
    Act, ActivitySpec, ActivityView, BuiltInTemplate, ErrorCode, Lang, Lead, ServerMsg, Template,
    TemplateItem,
};

/// `POST /api/templates/check` with `body`.
async fn check(addr: &str, body: &str) -> Response {
    http(
        addr,
        "POST",
        "/api/templates/check",
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
    .await
}

/// The built-in templates from `GET /api/templates`.
async fn built_in(addr: &str) -> Vec<BuiltInTemplate> {
    let answer = http(addr, "GET", "/api/templates", &[], b"").await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    serde_json::from_slice(&answer.body).unwrap()
}

/// The agenda from the next `agenda` message with `n` items.
async fn agenda_of(host: &mut Client, n: usize) -> Vec<kring_protocol::AgendaItem> {
    host.until(|m| match m {
        ServerMsg::Agenda { items, .. } if items.len() == n => Some(items.clone()),
        _ => None,
    })
    .await
}

/// The error message answering an action.
async fn refusal(client: &mut Client, act: Act) -> (ErrorCode, String) {
    let id = client.act(act).await;
    client
        .until(|m| match m {
            ServerMsg::Error {
                reference: Some(r),
                code,
                message,
            } if *r == id => Some((*code, message.clone())),
            ServerMsg::Ack { id: got, .. } if *got == id => panic!("expected an error"),
            _ => None,
        })
        .await
}

#[tokio::test]
async fn the_built_in_templates_are_listed_in_both_languages_and_valid() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let list = built_in(&addr).await;
    assert_eq!(list.len(), 8, "four sessions, in Dutch and English");
    for lang in [Lang::Nl, Lang::En] {
        assert_eq!(list.iter().filter(|t| t.template.lang == lang).count(), 4);
    }
    for t in &list {
        let template = &t.template;
        assert!(!template.description.is_empty(), "{}", t.id);
        let minutes = template.planned_minutes();
        assert!((80..=100).contains(&minutes), "{}: {minutes} minutes", t.id);
        // Each one reads back through the same check as an imported file, unchanged.
        let text = serde_json::to_string(template).unwrap();
        let answer = check(&addr, &text).await;
        assert_eq!(answer.status, 200, "{}: {}", t.id, answer.text());
        let back: Template = serde_json::from_slice(&answer.body).unwrap();
        assert_eq!(&back, template, "{}", t.id);
    }
    let titles: Vec<&str> = list.iter().map(|t| t.template.title.as_str()).collect();
    for title in [
        "Student voice",
        "De ideale les",
        "Bouw je eigen les",
        "Vragen van VIPs",
    ] {
        assert!(titles.contains(&title), "{title} in {titles:?}");
    }
}

#[tokio::test]
async fn a_bad_file_is_refused_naming_the_field_and_an_older_one_loads() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let cases = [
        ("[1, 2]", "file:"),
        (r#"{"kring":"quiz","version":1}"#, "kring:"),
        (
            r#"{"kring":"template","version":7,"title":"x","items":[]}"#,
            "version:",
        ),
        (
            r#"{"kring":"template","version":1,"items":[]}"#,
            "missing field `title`",
        ),
        (
            r#"{"kring":"template","version":1,"title":"x","items":[{"spec":{"kind":"timer","title":"t","secs":"ten"}}]}"#,
            "items[0].spec",
        ),
        (
            r#"{"kring":"template","version":1,"title":"x","items":[{"plannedMinutes":0,"spec":{"kind":"timer","title":"t","secs":60}}]}"#,
            "items[0].plannedMinutes:",
        ),
        (
            r#"{"kring":"template","version":1,"title":"x","items":[
                {"spec":{"kind":"timer","title":"t","secs":60}},
                {"spec":{"kind":"timer","title":"t","secs":60}},
                {"spec":{"kind":"quiz","title":"q","questions":[{"text":"?","options":["only"],"correct":[0]}]}}]}"#,
            "items[2].spec: question 1: a question has 2 to 6 options",
        ),
        (
            r#"{"kring":"template","version":1,"title":"x","items":[]}"#,
            "items:",
        ),
    ];
    for (body, field) in cases {
        let answer = check(&addr, body).await;
        answer.assert_error(400, "invalidTemplate");
        let message = answer.json()["message"].as_str().unwrap().to_owned();
        assert!(
            message.starts_with(field) || message.contains(field),
            "{field}: {message}"
        );
    }

    // A file written before description, lang, note and plannedMinutes existed (and with a
    // question without its time limit) loads, each missing field with its default.
    let older = include_str!("data/template-v1-older.json");
    let answer = check(&addr, older).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    let template: Template = serde_json::from_slice(&answer.body).unwrap();
    assert_eq!(template.items.len(), 3);
    assert_eq!(template.description, "");
    assert_eq!(template.lang, Lang::En);
    assert!(template.items.iter().all(|i| i.planned_minutes.is_none()));
    let ActivitySpec::Quiz(quiz) = &template.items[0].spec else {
        panic!("{:?}", template.items[0].spec)
    };
    assert_eq!(quiz.questions[0].time_limit_secs, 20);
    let ActivitySpec::Brainstorm(wall) = &template.items[1].spec else {
        panic!()
    };
    assert!(wall.anonymous && wall.per_person > 0);
}

#[tokio::test]
async fn a_template_goes_into_the_agenda_at_once_or_not_at_all_and_runs() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "MZ2B").await;
    let mut host = host(&addr, &room).await;
    let mut co = co_facilitator(&addr, &room).await;
    let mut ada = join(&addr, room.code.as_str(), "Ada").await;
    let list = built_in(&addr).await;
    let voice = list
        .iter()
        .find(|t| t.id == "student-voice-nl")
        .unwrap()
        .template
        .clone();
    let n = voice.items.len();

    // Only the console that drives inserts.
    let insert = Act::InsertTemplate {
        template: voice.clone(),
        session: None,
    };
    assert_eq!(
        refused(&mut co, insert.clone()).await,
        ErrorCode::NotTheLead
    );
    done(&mut host, insert.clone()).await;
    let agenda = agenda_of(&mut host, n).await;
    for (item, planned) in agenda.iter().zip(&voice.items) {
        assert_eq!(item.spec, planned.spec);
        assert!(!item.started, "editable until it starts");
        let minutes = planned.planned_minutes.map(|m| u16::try_from(m).unwrap());
        assert_eq!(item.planned_minutes, minutes, "the plan comes with it");
    }
    // Items are ordinary activities: the first one edited, then run with a phone.
    let first = agenda[0].id;
    let ActivitySpec::CheckIn(mut spec) = agenda[0].spec.clone() else {
        panic!("{:?}", agenda[0].spec)
    };
    spec.title = "Hoe gaat het, MZ2B?".into();
    done(
        &mut host,
        Act::UpdateActivity {
            activity: first,
            spec: ActivitySpec::CheckIn(spec),
        },
    )
    .await;
    done(
        &mut host,
        Act::SetCurrent {
            activity: Some(first),
        },
    )
    .await;
    let title = ada
        .client
        .until(|m| match m {
            ServerMsg::Activity {
                current: Some(ActivityView::CheckIn(view)),
                ..
            } => Some(view.title.clone()),
            _ => None,
        })
        .await;
    assert_eq!(title, "Hoe gaat het, MZ2B?");

    // A second, third and fourth copy fit (28 activities); a fifth does not: nothing of it is
    // added, and the message says why.
    for _ in 0..3 {
        done(&mut host, insert.clone()).await;
    }
    let full = agenda_of(&mut host, 4 * n).await;
    let (code, message) = refusal(&mut host, insert.clone()).await;
    assert_eq!(code, ErrorCode::InvalidTemplate);
    assert!(message.starts_with("items:"), "{message}");
    // A bad item refuses the whole template: nothing is added.
    let mut bad = voice.clone();
    bad.items.truncate(2);
    let ActivitySpec::Quiz(mut quiz) = common::quiz(1, 20) else {
        unreachable!()
    };
    quiz.questions[0].options.truncate(1);
    bad.items.push(TemplateItem {
        planned_minutes: Some(5),
        note: String::new(),
        spec: ActivitySpec::Quiz(quiz),
        session_columns: None,
    });
    assert_eq!(full.len(), 4 * n);
    // (In a fresh room, so that the agenda has room for it.)
    let room = create_room(&addr, "MZ2C").await;
    let mut host = common::host(&addr, &room).await;
    let (code, message) = refusal(
        &mut host,
        Act::InsertTemplate {
            template: bad,
            session: None,
        },
    )
    .await;
    assert_eq!(code, ErrorCode::InvalidTemplate);
    assert!(
        message.starts_with("items[2].spec: question 1"),
        "{message}"
    );
    let ServerMsg::Welcome {
        agenda: Some(after),
        ..
    } = host_welcome(&addr, &room).await.1
    else {
        panic!()
    };
    assert!(after.is_empty(), "nothing of a refused template was added");
}

#[tokio::test]
async fn a_kept_template_exports_and_imports_unchanged_and_survives_a_restart() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "MZ2B").await;
    let mut host = host(&addr, &room).await;
    let list = built_in(&addr).await;
    let mut mine = list[0].template.clone();
    mine.title = "Onze eigen sessie".into();
    mine.description = "Bewaard uit MZ2B, periode 2".into();
    mine.items.truncate(3);
    mine.items[1].planned_minutes = None;
    done(
        &mut host,
        Act::SaveTemplate {
            template: mine.clone(),
        },
    )
    .await;
    let kept = host
        .until(|m| match m {
            ServerMsg::Templates { templates } => Some(templates.clone()),
            _ => None,
        })
        .await;
    assert_eq!(kept, vec![mine.clone()]);
    // Exported (as the console downloads it) and imported again: the same template.
    let file = serde_json::to_string_pretty(&kept[0]).unwrap();
    let answer = check(&addr, &file).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    let back: Template = serde_json::from_slice(&answer.body).unwrap();
    assert_eq!(back, mine);
    // Saving under the same title replaces it; a bad one is refused naming the field.
    let mut bad = mine.clone();
    bad.title = "  ".into();
    let (code, message) = refusal(&mut host, Act::SaveTemplate { template: bad }).await;
    assert_eq!(
        (code, message.starts_with("title:")),
        (ErrorCode::InvalidTemplate, true)
    );

    drop(host);
    let dir = server.stop().await;
    let server = TestServer::start_in(dir).await;
    let addr = server.addr();
    let (mut host, welcome) = host_welcome(&addr, &room).await;
    let ServerMsg::Welcome {
        templates, lead, ..
    } = welcome
    else {
        panic!()
    };
    assert_eq!((templates, lead), (vec![mine.clone()], Lead::Organiser));
    done(
        &mut host,
        Act::RemoveTemplate {
            title: mine.title.clone(),
        },
    )
    .await;
    host.until(|m| {
        matches!(m, ServerMsg::Templates { templates } if templates.is_empty()).then_some(())
    })
    .await;
}
