//! Pitches with rubric feedback over real sockets with the real store: the round's phases and
//! refusals (own team, closed window), changeable and idempotent ratings, facilitators' ratings
//! apart, a tip hidden by the host never reaching its team, each team's phones getting their
//! own cards, anonymous results and exports, a restart and `kill -9` mid-feedback.

mod common;

use std::time::Duration;

use common::*;
use futures_util::StreamExt;
use kring_protocol::{
    Act, ActivityChange, ActivityHostView, ActivityId, ActivityInput, ActivitySpec, ActivityView,
    CardKind, ClientMsg, ErrorCode, FeedbackCard, Me, Personal, PitchResult, PitchesChange,
    PitchesInput, PitchesPersonal, PitchesPhase, PitchesSpec, RatingInput, ServerMsg, TeamId,
    default_criteria,
};
use tokio_tungstenite::tungstenite::Message;

/// A tip no team may ever see.
const MEAN_TIP: &str = "Jullie pitch was echt waardeloos";

fn spec(pitch_secs: Option<u32>) -> ActivitySpec {
    ActivitySpec::Pitches(PitchesSpec {
        title: "Pitches De ideale les".into(),
        criteria: default_criteria(),
        pitch_secs,
        feedback_secs: None,
        require_tops_tips: false,
    })
}

fn pitches(activity: ActivityId, input: PitchesInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::Pitches(input),
    }
}

fn personal(me: &Me) -> Option<&PitchesPersonal> {
    match &me.personal {
        Some(Personal::Pitches(p)) => Some(p),
        _ => None,
    }
}

/// The pitch phase an `activity` message shows.
fn phase(msg: &ServerMsg) -> Option<PitchesPhase> {
    match msg {
        ServerMsg::Activity {
            current: Some(ActivityView::Pitches(view)),
            ..
        } => Some(view.phase.clone()),
        _ => None,
    }
}

/// The feedback cards among changes a client received.
fn cards_in(messages: &[ServerMsg]) -> Vec<FeedbackCard> {
    messages
        .iter()
        .flat_map(|m| match m {
            ServerMsg::Changes { changes, .. } => changes.clone(),
            _ => Vec::new(),
        })
        .filter_map(|c| match c {
            ActivityChange::Pitches(PitchesChange::Card { card }) => Some(card),
            _ => None,
        })
        .collect()
}

/// Every message as JSON text, to look for text that must not be there.
fn as_text(messages: &[ServerMsg]) -> String {
    messages
        .iter()
        .map(|m| serde_json::to_string(m).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A room of four phones in two teams with a pitch round current and started (team `a` first):
/// the phones of team a, of team b, and the two teams.
struct Round {
    t: Teamed,
    activity: ActivityId,
    a: [usize; 2],
    b: [usize; 2],
    teams: [TeamId; 2],
}

async fn round(names: [&str; 4], pitch_secs: Option<u32>) -> Round {
    let mut t = teamed(names).await;
    let split = members(&mut t).await;
    let (a, b) = ([split[0][0], split[0][1]], [split[1][0], split[1][1]]);
    let teams = [t.view.teams[0].id, t.view.teams[1].id];
    let activity = add_activity(&t.addr, &t.room, &spec(pitch_secs)).await;
    host_acts(
        &mut t.host,
        vec![
            Act::SetCurrent {
                activity: Some(activity),
            },
            pitches(
                activity,
                PitchesInput::SetOrder {
                    teams: teams.to_vec(),
                },
            ),
            pitches(activity, PitchesInput::Start),
        ],
    )
    .await;
    Round {
        t,
        activity,
        a,
        b,
        teams,
    }
}

#[tokio::test]
async fn teams_rate_each_others_pitches_and_each_team_gets_only_its_released_cards() {
    let Round {
        mut t,
        activity,
        a: [a0, a1],
        b: [b0, b1],
        teams: [team_a, team_b],
    } = round(["Ada", "Bo", "Cas", "Dina"], None).await;
    let mut projector = screen(&t.addr, t.room.code.as_str()).await;

    // During the pitch the form is closed; then a forged rating of the own team is refused.
    assert_eq!(
        refused(
            &mut t.phones[b0].client,
            rate(activity, team_a, [3, 3, 3], "", "")
        )
        .await,
        ErrorCode::WrongPhase
    );
    done(&mut t.host, pitches(activity, PitchesInput::OpenFeedback)).await;
    assert_eq!(
        refused(
            &mut t.phones[a0].client,
            rate(activity, team_a, [5, 5, 5], "Wij zijn top", "")
        )
        .await,
        ErrorCode::OwnPitch
    );
    assert_eq!(
        refused(
            &mut t.phones[b0].client,
            rate(activity, team_b, [5, 5, 5], "", "")
        )
        .await,
        ErrorCode::FeedbackClosed,
        "only the current pitch takes ratings"
    );
    assert_eq!(
        refused(
            &mut t.phones[b0].client,
            rate(activity, team_a, [6, 1, 1], "", "")
        )
        .await,
        ErrorCode::InvalidChoice
    );
    assert_eq!(
        refused(
            &mut t.phones[b0].client,
            rate(activity, team_a, [3, 3, 3], "", "wat een kut pitch")
        )
        .await,
        ErrorCode::Inappropriate
    );

    done(
        &mut t.phones[b0].client,
        rate(activity, team_a, [4, 2, 3], "Sterk verhaal", MEAN_TIP),
    )
    .await;
    done(
        &mut t.phones[b1].client,
        rate(
            activity,
            team_a,
            [1, 1, 1],
            "Goede dia's",
            "Praat wat langzamer",
        ),
    )
    .await;
    // A rater changes their mind while the window is open; the same action again is a
    // duplicate and changes nothing.
    let change = rate(
        activity,
        team_a,
        [5, 4, 3],
        "Goede dia's",
        "Praat wat langzamer",
    );
    let id = t.phones[b1].client.act(change.clone()).await;
    assert!(!t.phones[b1].client.ack(&id).await);
    let me = me_when(&mut t.phones[b1].client, |me| {
        personal(me).is_some_and(|p| p.ratings.iter().any(|x| x.rating.stars == [5, 4, 3]))
    })
    .await;
    assert_eq!(personal(&me).unwrap().ratings.len(), 1);
    t.phones[b1]
        .client
        .send(&ClientMsg::Act {
            id: id.clone(),
            act: change,
        })
        .await;
    assert!(t.phones[b1].client.ack(&id).await, "a duplicate");

    // A facilitator rates too, counted apart.
    let teacher = |stars: [u32; 3]| {
        pitches(
            activity,
            PitchesInput::TeacherRate {
                team: team_a,
                teacher: "Mevr. Jansen".into(),
                rating: RatingInput {
                    stars: stars.to_vec(),
                    top: "Helder doel".into(),
                    tip: String::new(),
                },
            },
        )
    };
    done(&mut t.host, teacher([2, 2, 2])).await;
    assert_eq!(
        refused(&mut t.phones[a1].client, teacher([2, 2, 2])).await,
        ErrorCode::Forbidden
    );

    // The projector counts the ratings received.
    projector
        .until(|m| match m {
            ServerMsg::Progress { responded: 3, .. } => Some(()),
            _ => None,
        })
        .await;

    // The host sees every card without names, hides the mean tip, and releases the rest.
    let (mut host, welcome) = host_welcome(&t.addr, &t.room).await;
    let ServerMsg::Welcome {
        host_view: Some(ActivityHostView::Pitches(view)),
        ..
    } = welcome
    else {
        panic!("the host's welcome carries the cards")
    };
    assert_eq!(view.cards.len(), 5, "{:?}", view.cards);
    assert!(view.cards.iter().all(|c| !c.released));
    let mean = view.cards.iter().find(|c| c.text == MEAN_TIP).unwrap();
    assert_eq!((mean.kind, mean.team), (CardKind::Tip, team_a));
    done(
        &mut host,
        pitches(
            activity,
            PitchesInput::Hide {
                card: mean.id,
                hidden: true,
            },
        ),
    )
    .await;
    done(&mut host, pitches(activity, PitchesInput::CloseFeedback)).await;
    assert_eq!(
        refused(
            &mut t.phones[b0].client,
            rate(activity, team_a, [1, 1, 1], "", "")
        )
        .await,
        ErrorCode::FeedbackClosed
    );
    done(
        &mut host,
        pitches(activity, PitchesInput::Release { team: team_a }),
    )
    .await;

    // Team a's phones get its four released cards and never the hidden tip; team b's none.
    let a_got = drain(&mut t.phones[a1].client, Duration::from_millis(400)).await;
    let mut texts: Vec<String> = cards_in(&a_got).into_iter().map(|c| c.text).collect();
    texts.sort();
    assert_eq!(
        texts,
        [
            "Goede dia's",
            "Helder doel",
            "Praat wat langzamer",
            "Sterk verhaal"
        ]
    );
    assert!(!as_text(&a_got).contains(MEAN_TIP));
    let b_got = drain(&mut t.phones[b0].client, Duration::from_millis(200)).await;
    assert!(cards_in(&b_got).is_empty(), "{b_got:?}");
    let (_, welcome) = resume(&t.addr, t.room.code.as_str(), "a0", &t.phones[a0].token).await;
    let ServerMsg::Welcome { me: Some(me), .. } = &welcome else {
        unreachable!()
    };
    let mine = personal(me).unwrap();
    assert_eq!(mine.feedback.len(), 4);
    assert!(mine.feedback.iter().any(|c| c.teacher));
    assert!(!as_text(std::slice::from_ref(&welcome)).contains(MEAN_TIP));

    // Team b pitches; team a rates it.
    done(&mut host, pitches(activity, PitchesInput::Next)).await;
    done(&mut host, pitches(activity, PitchesInput::OpenFeedback)).await;
    let (mut a0_again, _) = resume(&t.addr, t.room.code.as_str(), "a0", &t.phones[a0].token).await;
    done(
        &mut a0_again,
        rate(activity, team_b, [3, 4, 5], "Mooi prototype", "Meer uitleg"),
    )
    .await;
    assert_eq!(
        refused(
            &mut t.phones[b1].client,
            rate(activity, team_b, [5, 5, 5], "", "")
        )
        .await,
        ErrorCode::OwnPitch
    );
    done(&mut host, pitches(activity, PitchesInput::Next)).await;
    let shown = projector
        .until(|m| matches!(phase(m), Some(PitchesPhase::Results { .. })).then(|| m.clone()))
        .await;
    let Some(PitchesPhase::Results { results }) = phase(&shown) else {
        unreachable!()
    };
    let by_team = |team| {
        results
            .iter()
            .find(|x: &&PitchResult| x.team == team)
            .unwrap()
    };
    let a = by_team(team_a);
    assert_eq!(a.students.count, 2);
    assert_eq!(
        a.students.means,
        [4.5, 3.0, 3.0],
        "(4+5)/2, (2+4)/2, (3+3)/2"
    );
    assert_eq!(a.teachers.count, 1);
    assert_eq!(a.teachers.means, [2.0, 2.0, 2.0]);
    assert_eq!(by_team(team_b).students.means, [3.0, 4.0, 5.0]);
    // What the projector got of the activity (the teams view names members; that is not a
    // rating).
    let mut screen_saw = vec![shown.clone()];
    screen_saw.extend(
        drain(&mut projector, Duration::from_millis(200))
            .await
            .into_iter()
            .filter(|m| matches!(m, ServerMsg::Activity { .. } | ServerMsg::Changes { .. })),
    );
    assert!(!as_text(&screen_saw).contains(MEAN_TIP));

    // Exports: means and counts per team, the cards with no names, the rubric table.
    let auth = format!("Bearer {}", t.room.host_key);
    let path = |what: &str| format!("/api/rooms/{}/{what}?activity={}", t.room.code, activity.0);
    let json = get_auth(&t.addr, &path("export.json"), &auth).await.json();
    let exported = &json["activities"][0];
    assert_eq!(exported["kind"], "pitches");
    assert_eq!(exported["anonymous"], true);
    assert_eq!(exported["results"][0]["students"]["count"], 2);
    assert_eq!(exported["results"][0]["students"]["means"][0], 4.5);
    assert_eq!(exported["results"][0]["teachers"]["count"], 1);
    let cards = exported["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 7);
    assert!(
        cards
            .iter()
            .any(|c| c["text"] == MEAN_TIP && c["hidden"] == true)
    );
    let csv = get_auth(&t.addr, &format!("{}&lang=nl", path("export.csv")), &auth)
        .await
        .text();
    assert!(
        csv.contains("gemiddelde studenten") && csv.contains("4,50"),
        "{csv}"
    );
    let report = get_auth(&t.addr, &path("report.md"), &auth).await.text();
    assert!(
        report.contains("Pitches: Pitches De ideale les")
            && report.contains("| Creative | 4.50 | 2.00 |")
            && report.contains("students (n = 2)"),
        "{report}"
    );
    assert!(
        !report.contains(MEAN_TIP),
        "a hidden tip stays out of the report"
    );
    // Anonymity: no rater's nickname anywhere in the activity's exports or what the screens saw.
    let activity_json = exported.to_string();
    // The room's own part of the report lists the teams' members; the activity's section follows.
    let section = &report[report.find("## Pitches").unwrap()..];
    for name in ["Ada", "Bo", "Cas", "Dina"] {
        for (what, text) in [
            ("json", activity_json.as_str()),
            ("csv", csv.as_str()),
            ("report", section),
            ("projector", &as_text(&screen_saw)),
        ] {
            assert!(!text.contains(name), "{name} in the {what}: {text}");
        }
    }
    t.server.stop().await;
}

#[tokio::test]
async fn the_pitch_timer_opens_the_feedback_and_back_reopens_the_previous_team() {
    let Round {
        mut t,
        activity,
        b,
        teams: [team_a, team_b],
        ..
    } = round(["Ada", "Bo", "Cas", "Dina"], Some(10)).await;
    let deadline = t
        .host
        .until(|m| match phase(m) {
            Some(PitchesPhase::Pitch { deadline, .. }) => deadline,
            _ => None,
        })
        .await;
    assert!(deadline > 0);
    // Moving on skips the rest of team a's pitch; back reopens team a's feedback.
    done(&mut t.host, pitches(activity, PitchesInput::Next)).await;
    done(&mut t.host, pitches(activity, PitchesInput::Back)).await;
    let open = t
        .host
        .until(|m| match phase(m) {
            Some(PitchesPhase::Feedback { team, .. }) => Some(team),
            _ => None,
        })
        .await;
    assert_eq!(open, team_a);
    done(
        &mut t.phones[b[0]].client,
        rate(activity, team_a, [2, 3, 4], "", ""),
    )
    .await;
    assert_eq!(
        refused(&mut t.host, pitches(activity, PitchesInput::Back)).await,
        ErrorCode::WrongPhase,
        "no team before the first"
    );
    done(&mut t.host, pitches(activity, PitchesInput::Next)).await;
    // Team b's 10-second pitch ends by itself and its feedback opens.
    let until = tokio::time::Instant::now() + Duration::from_secs(20);
    let team = loop {
        let frame = tokio::time::timeout_at(until, t.host.ws.next())
            .await
            .expect("the pitch timer opens the feedback");
        if let Some(Ok(Message::Text(text))) = frame
            && let Some(PitchesPhase::Feedback { team, .. }) =
                phase(&serde_json::from_str(&text).unwrap())
        {
            break team;
        }
    };
    assert_eq!(team, team_b);
    t.server.stop().await;
}

#[tokio::test]
async fn a_restart_mid_feedback_gives_phones_their_rating_and_team_cards_back() {
    let Round {
        mut t,
        activity,
        a,
        b: [b0, b1],
        teams: [team_a, _],
    } = round(["Ada", "Bo", "Cas", "Dina"], None).await;
    done(&mut t.host, pitches(activity, PitchesInput::OpenFeedback)).await;
    done(
        &mut t.phones[b0].client,
        rate(activity, team_a, [4, 4, 4], "Origineel", MEAN_TIP),
    )
    .await;
    let act = rate(
        activity,
        team_a,
        [2, 3, 5],
        "Goed onderzocht",
        "Kortere dia's",
    );
    let id = t.phones[b1].client.act(act.clone()).await;
    t.phones[b1].client.ack(&id).await;
    let (mut host, welcome) = host_welcome(&t.addr, &t.room).await;
    let ServerMsg::Welcome {
        host_view: Some(ActivityHostView::Pitches(view)),
        ..
    } = welcome
    else {
        unreachable!()
    };
    let mean = view.cards.iter().find(|c| c.text == MEAN_TIP).unwrap().id;
    host_acts(
        &mut host,
        vec![
            pitches(
                activity,
                PitchesInput::Hide {
                    card: mean,
                    hidden: true,
                },
            ),
            pitches(activity, PitchesInput::Release { team: team_a }),
        ],
    )
    .await;

    let dir = t.server.stop().await;
    let server = TestServer::start_in(dir).await;
    let addr = server.addr();
    let code = t.room.code.as_str();
    let (mut again, welcome) = resume(&addr, code, "b1", &t.phones[b1].token).await;
    let ServerMsg::Welcome { me: Some(me), .. } = welcome else {
        unreachable!()
    };
    let mine = personal(&me).unwrap();
    assert_eq!(mine.ratings.len(), 1);
    assert_eq!(mine.ratings[0].rating.stars, [2, 3, 5]);
    assert_eq!(mine.ratings[0].rating.tip, "Kortere dia's");
    // The re-sent rating is a duplicate; the window is still open, so a change is accepted.
    again
        .send(&ClientMsg::Act {
            id: id.clone(),
            act,
        })
        .await;
    assert!(again.ack(&id).await, "a duplicate");
    done(
        &mut again,
        rate(
            activity,
            team_a,
            [3, 3, 5],
            "Goed onderzocht",
            "Kortere dia's",
        ),
    )
    .await;
    // Team a's phone gets its released cards back, still without the hidden one.
    let (_, welcome) = resume(&addr, code, "a0", &t.phones[a[0]].token).await;
    let ServerMsg::Welcome { me: Some(me), .. } = welcome else {
        unreachable!()
    };
    let mut cards: Vec<String> = personal(&me)
        .unwrap()
        .feedback
        .iter()
        .map(|c| c.text.clone())
        .collect();
    cards.sort();
    assert_eq!(cards, ["Goed onderzocht", "Kortere dia's", "Origineel"]);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_mid_feedback_loses_no_acknowledged_rating() {
    let ProcClass {
        dir,
        proc,
        addr,
        room,
        activity,
        mut host,
        mut phones,
    } = proc_class("kill9-pitches", &spec(None), 6).await;
    host_acts(
        &mut host,
        vec![Act::FormTeams {
            formation: kring_protocol::TeamFormation::ByCount { count: 2 },
        }],
    )
    .await;
    let mut team_of = Vec::new();
    for phone in &mut phones {
        team_of.push(
            me_when(&mut phone.client, |me| me.team.is_some())
                .await
                .team,
        );
    }
    host_acts(
        &mut host,
        vec![
            Act::SetCurrent {
                activity: Some(activity),
            },
            pitches(activity, PitchesInput::Start),
            pitches(activity, PitchesInput::OpenFeedback),
        ],
    )
    .await;
    let pitching = host
        .until(|m| match phase(m) {
            Some(PitchesPhase::Feedback { team, .. }) => Some(team),
            _ => None,
        })
        .await;
    let mut rated = Vec::new();
    for (i, phone) in phones.iter_mut().enumerate() {
        if team_of[i] == Some(pitching) {
            continue;
        }
        let stars = [1 + i as u32 % 5, 2, 3];
        done(
            &mut phone.client,
            rate(activity, pitching, stars, &format!("Top {i}"), ""),
        )
        .await;
        rated.push((i, phone.token.clone(), stars));
    }
    assert_eq!(rated.len(), 3);
    proc.kill9().await;

    let proc = Proc::start(&dir.0, &addr).await;
    for (i, token, stars) in &rated {
        let (_, welcome) = resume(&addr, room.code.as_str(), &format!("P{i}"), token).await;
        let ServerMsg::Welcome { me: Some(me), .. } = welcome else {
            unreachable!()
        };
        let mine = personal(&me).unwrap();
        assert_eq!(mine.ratings.len(), 1, "P{i}'s acknowledged rating");
        assert_eq!(mine.ratings[0].rating.stars, stars.to_vec());
    }
    let (_, welcome) = host_welcome(&addr, &room).await;
    let ServerMsg::Welcome {
        host_view: Some(ActivityHostView::Pitches(view)),
        ..
    } = welcome
    else {
        unreachable!()
    };
    let result = view.results.iter().find(|x| x.team == pitching).unwrap();
    assert_eq!(result.students.count, 3);
    proc.terminate().await;
}

/// Released cards carry no order and no pairing: the ids a team gets neither tell which top
/// and tip one rater wrote (once `2 × n` and `2 × n + 1`) nor the order the raters rated in,
/// and the cards arrive in an order that tells neither.
#[tokio::test]
async fn released_card_ids_pair_no_top_with_its_tip_and_tell_no_order_of_raters() {
    let Round {
        mut t,
        activity,
        a: [_, a1],
        b: [b0, b1],
        teams: [team_a, _],
    } = round(["Ada", "Bo", "Cas", "Dina"], None).await;
    done(&mut t.host, pitches(activity, PitchesInput::OpenFeedback)).await;
    // Ten raters in turn: two students, then eight facilitators; rater n writes "Top n"/"Tip n".
    let mut n = 0;
    for phone in [b0, b1] {
        n += 1;
        let (top, tip) = (format!("Top {n}"), format!("Tip {n}"));
        done(
            &mut t.phones[phone].client,
            rate(activity, team_a, [3, 3, 3], &top, &tip),
        )
        .await;
    }
    while n < 10 {
        n += 1;
        let act = pitches(
            activity,
            PitchesInput::TeacherRate {
                team: team_a,
                teacher: format!("Docent {n}"),
                rating: RatingInput {
                    stars: vec![4, 4, 4],
                    top: format!("Top {n}"),
                    tip: format!("Tip {n}"),
                },
            },
        );
        done(&mut t.host, act).await;
    }
    done(&mut t.host, pitches(activity, PitchesInput::CloseFeedback)).await;
    drain(&mut t.phones[a1].client, Duration::from_millis(200)).await;
    done(
        &mut t.host,
        pitches(activity, PitchesInput::Release { team: team_a }),
    )
    .await;
    let got = cards_in(&drain(&mut t.phones[a1].client, Duration::from_millis(400)).await);
    assert_eq!(got.len(), 20, "{got:?}");
    let rater = |c: &FeedbackCard| -> u32 { c.text[4..].parse().unwrap() };
    let id_of = |kind: CardKind, n: u32| {
        got.iter()
            .find(|c| c.kind == kind && rater(c) == n)
            .unwrap()
            .id
    };
    for n in 1..=10 {
        let (top, tip) = (id_of(CardKind::Top, n), id_of(CardKind::Tip, n));
        assert_ne!(top / 2, tip / 2, "rater {n}'s top and tip pair by id");
        assert_ne!(top.abs_diff(tip), 1, "rater {n}'s top and tip pair by id");
    }
    // Sorted by id, the raters' order is shuffled (a chance of 1 in 10! to stay in order).
    let mut tops: Vec<(u32, u32)> = (1..=10).map(|n| (id_of(CardKind::Top, n), n)).collect();
    tops.sort();
    let by_id: Vec<u32> = tops.iter().map(|(_, n)| *n).collect();
    assert_ne!(
        by_id,
        (1..=10).collect::<Vec<_>>(),
        "ids in the raters' order"
    );
    // The delivery order is the ids' order, not the raters': top and tip are not neighbours
    // rater by rater.
    let order: Vec<(CardKind, u32)> = got.iter().map(|c| (c.kind, rater(c))).collect();
    let paired = order
        .chunks(2)
        .filter(|w| w[0].1 == w[1].1 && w[0].0 != w[1].0)
        .count();
    assert!(paired < 5, "the cards arrive rater by rater: {order:?}");
    let ids: Vec<u32> = got.iter().map(|c| c.id).collect();
    assert!(
        ids.is_sorted(),
        "the cards arrive in the order of their ids"
    );
    // A phone that comes back gets the same cards in the same (id) order.
    let (_, welcome) = resume(&t.addr, t.room.code.as_str(), "a1", &t.phones[a1].token).await;
    let ServerMsg::Welcome { me: Some(me), .. } = &welcome else {
        unreachable!()
    };
    let again: Vec<u32> = personal(me)
        .unwrap()
        .feedback
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(again, ids);
}
