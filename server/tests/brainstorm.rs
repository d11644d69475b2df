//! The brainstorm wall and dot-voting over real sockets, with the real store: a card costs
//! every screen one small coalesced change, refusals reach only the sender, anonymity holds in
//! every message and export, a wall is carried into a dot-vote, hidden tallies reach only the
//! host, ties get a run-off, and dots and ideas survive a restart and `kill -9` mid-vote.

mod common;

use std::time::Duration;

use common::*;
use futures_util::StreamExt;
use kring_protocol::{
    Act, ActivityChange, ActivityHostView, ActivityId, ActivityInput, ActivitySpec, ActivityView,
    BrainstormChange, BrainstormInput, BrainstormPersonal, BrainstormSpec, CardStatus, CarryPick,
    ClientMsg, DotVoteChange, DotVoteInput, DotVotePersonal, DotVotePhase, ErrorCode, LikesMode,
    Me, OptionDots, Personal, ServerMsg, WallMode,
};
use tokio_tungstenite::tungstenite::Message;

/// Every message a client gets until it has been quiet for `quiet`, as parsed and as sent.
async fn drain(client: &mut Client, quiet: Duration) -> Vec<(ServerMsg, String)> {
    let mut got = Vec::new();
    while let Ok(Some(Ok(msg))) = tokio::time::timeout(quiet, client.ws.next()).await {
        if let Message::Text(text) = msg {
            got.push((serde_json::from_str(&text).unwrap(), text.to_string()));
        }
    }
    got
}

const QUIET: Duration = Duration::from_millis(300);

/// Sends an action and waits for its acknowledgement.
async fn done(client: &mut Client, act: Act) -> kring_protocol::ClientMsgId {
    let id = client.act(act).await;
    client.ack(&id).await;
    id
}

/// Sends an action and returns the error it gets.
async fn refused(client: &mut Client, act: Act) -> ErrorCode {
    let id = client.act(act).await;
    client.error_for(&id).await
}

fn wall_spec(mode: WallMode, likes: LikesMode) -> ActivitySpec {
    ActivitySpec::Brainstorm(BrainstormSpec {
        title: "Hoe maken we school leuker?".into(),
        per_person: 3,
        max_chars: 140,
        by_team: false,
        anonymous: true,
        mode,
        likes,
    })
}

fn wall(activity: ActivityId, input: BrainstormInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::Brainstorm(input),
    }
}

fn vote(activity: ActivityId, input: DotVoteInput) -> Act {
    Act::Activity {
        activity,
        input: ActivityInput::DotVote(input),
    }
}

fn place(activity: ActivityId, dots: &[(u32, u32)]) -> Act {
    vote(
        activity,
        DotVoteInput::Place {
            ballot: dots
                .iter()
                .map(|&(option, dots)| OptionDots { option, dots })
                .collect(),
        },
    )
}

fn wall_personal(me: &Me) -> Option<&BrainstormPersonal> {
    match &me.personal {
        Some(Personal::Brainstorm(p)) => Some(p),
        _ => None,
    }
}

fn vote_personal(me: &Me) -> Option<&DotVotePersonal> {
    match &me.personal {
        Some(Personal::DotVote(p)) => Some(p),
        _ => None,
    }
}

/// The phone's own state from the next `you` (or `welcome`) that satisfies `ok`.
async fn me_when(client: &mut Client, ok: impl Fn(&Me) -> bool) -> Me {
    client
        .until(|m| match m {
            ServerMsg::You { me } | ServerMsg::Welcome { me: Some(me), .. } if ok(me) => {
                Some(me.clone())
            }
            _ => None,
        })
        .await
}

/// The id of the card this phone wrote most recently, from its own view.
async fn my_last_card(client: &mut Client, count: usize) -> u32 {
    let me = me_when(client, |me| {
        wall_personal(me).is_some_and(|p| p.mine.len() == count)
    })
    .await;
    wall_personal(&me).unwrap().mine[count - 1].id
}

/// What of a message is about the current activity (cards, tallies, own state), as JSON: the
/// part an author's name must never be in.
fn activity_part(msg: &ServerMsg) -> serde_json::Value {
    use serde_json::json;
    match msg {
        ServerMsg::Welcome {
            room,
            host_view,
            me,
            ..
        } => {
            json!([room.current, host_view, me.as_ref().map(|m| &m.personal)])
        }
        ServerMsg::Activity { current, .. } => json!(current),
        ServerMsg::Changes { changes, .. } => json!(changes),
        ServerMsg::HostActivity { view, .. } => json!(view),
        ServerMsg::You { me } => json!(me.personal),
        _ => serde_json::Value::Null,
    }
}

/// A class of named phones around one anonymous wall, with an observing host console, a
/// projector and a phone that only watches.
struct Wall {
    server: TestServer,
    addr: String,
    room: kring_protocol::CreateRoomResponse,
    activity: ActivityId,
    host: Client,
    watch_host: Client,
    screen: Client,
    lurker: Phone,
    phones: Vec<Phone>,
}

const AUTHORS: [&str; 3] = ["Zoë Zebrastreep", "Ali Aardbei", "Noor Noorderlicht"];

async fn open_wall(mode: WallMode, likes: LikesMode) -> Wall {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "MZ2B").await;
    let activity = add_activity(&addr, &room, &wall_spec(mode, likes)).await;
    let mut host = host(&addr, &room).await;
    let watch_host = self::host(&addr, &room).await;
    let screen = screen(&addr, room.code.as_str()).await;
    let mut phones = Vec::new();
    for name in AUTHORS {
        phones.push(join(&addr, room.code.as_str(), name).await);
    }
    let lurker = join(&addr, room.code.as_str(), "Lurker").await;
    host_acts(
        &mut host,
        vec![
            Act::SetCurrent {
                activity: Some(activity),
            },
            wall(activity, BrainstormInput::Open),
        ],
    )
    .await;
    Wall {
        server,
        addr,
        room,
        activity,
        host,
        watch_host,
        screen,
        lurker,
        phones,
    }
}

/// Checks that nothing a watcher received about the activity names an author.
fn assert_anonymous(messages: &[(ServerMsg, String)], who: &str) {
    for (msg, _) in messages {
        let part = activity_part(msg).to_string();
        for name in AUTHORS {
            assert!(
                !part.contains(name),
                "{who} learnt that {name} wrote something: {part}"
            );
        }
        assert!(
            !part.contains("\"author\":\"") && !part.contains("\"participant\""),
            "{who} got an author: {part}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wall_takes_ideas_likes_and_moderation_as_small_changes_and_names_nobody() {
    let mut w = open_wall(WallMode::Live, LikesMode::Live).await;
    let a = w.activity;
    drain(&mut w.screen, QUIET).await;
    drain(&mut w.lurker.client, QUIET).await;

    // One idea: every screen gets one `changes` with one card, not the wall.
    let add = |text: &str| wall(a, BrainstormInput::Add { text: text.into() });
    done(&mut w.phones[0].client, add("Meer buiten lessen")).await;
    let zoe = my_last_card(&mut w.phones[0].client, 1).await;
    let got = drain(&mut w.screen, QUIET).await;
    let changes: Vec<&ServerMsg> = got
        .iter()
        .map(|(m, _)| m)
        .filter(|m| matches!(m, ServerMsg::Changes { .. }))
        .collect();
    assert_eq!(changes.len(), 1, "{got:?}");
    let ServerMsg::Changes { changes, .. } = changes[0] else {
        unreachable!()
    };
    assert!(matches!(
        &changes[..],
        [ActivityChange::Brainstorm(BrainstormChange::Card { card, .. })] if card.id == zoe && card.author.is_none()
    ));
    assert!(
        !got.iter()
            .any(|(m, _)| matches!(m, ServerMsg::Activity { .. }))
    );

    // A rude idea is refused for its sender alone; nothing reaches anyone else.
    let code = refused(&mut w.phones[1].client, add("wat een kanker school")).await;
    assert_eq!(code, ErrorCode::Inappropriate);
    let after_refusal = drain(&mut w.screen, QUIET).await;
    assert!(
        !after_refusal
            .iter()
            .any(|(m, _)| matches!(m, ServerMsg::Changes { .. })),
        "{after_refusal:?}"
    );

    done(&mut w.phones[1].client, add("Vaker naar buiten")).await;
    let ali = my_last_card(&mut w.phones[1].client, 1).await;
    done(&mut w.phones[2].client, add("Langere pauze")).await;
    let noor = my_last_card(&mut w.phones[2].client, 1).await;

    // Likes: never the own idea; once per person.
    let like = |card: u32| wall(a, BrainstormInput::Like { card, like: true });
    assert_eq!(
        refused(&mut w.phones[0].client, like(zoe)).await,
        ErrorCode::OwnIdea
    );
    done(&mut w.phones[1].client, like(zoe)).await;
    done(&mut w.phones[1].client, like(zoe)).await;
    done(&mut w.phones[2].client, like(ali)).await;
    done(&mut w.lurker.client, like(ali)).await;
    done(&mut w.lurker.client, like(zoe)).await;

    // The host merges Ali's duplicate into Zoë's card, hides Noor's and pins Zoë's.
    host_acts(
        &mut w.host,
        vec![
            wall(
                a,
                BrainstormInput::Merge {
                    card: ali,
                    into: zoe,
                },
            ),
            wall(
                a,
                BrainstormInput::Hide {
                    card: noor,
                    hidden: true,
                },
            ),
            wall(
                a,
                BrainstormInput::Pin {
                    card: zoe,
                    pinned: true,
                },
            ),
        ],
    )
    .await;
    let noor_me = me_when(&mut w.phones[2].client, |me| {
        wall_personal(me).is_some_and(|p| p.mine[0].status == CardStatus::Hidden)
    })
    .await;
    assert_eq!(
        wall_personal(&noor_me).unwrap().mine[0].id,
        noor,
        "Noor is told"
    );

    let seen = drain(&mut w.lurker.client, QUIET).await;
    let mut gone = Vec::new();
    for (m, _) in &seen {
        if let ServerMsg::Changes { changes, .. } = m {
            for c in changes {
                if let ActivityChange::Brainstorm(BrainstormChange::Gone { id, .. }) = c {
                    gone.push(*id);
                }
            }
        }
    }
    gone.sort_unstable();
    let mut expected = vec![ali, noor];
    expected.sort_unstable();
    assert_eq!(gone, expected, "merged and hidden cards leave every phone");
    assert_anonymous(&seen, "a phone");

    // A fresh phone's welcome shows the wall as it is: one card with every like once.
    let (_, welcome) = resume(&w.addr, w.room.code.as_str(), "Zoë", &w.phones[0].token).await;
    let ServerMsg::Welcome { room, .. } = &welcome else {
        unreachable!()
    };
    let Some(ActivityView::Brainstorm(view)) = &room.current else {
        panic!()
    };
    assert_eq!(view.cards.len(), 1);
    assert_eq!(view.cards[0].id, zoe);
    assert_eq!(
        view.cards[0].likes,
        Some(3),
        "Ali, Noor and the lurker, each once"
    );
    assert!(view.cards[0].pinned);

    // The host's moderation list keeps the hidden and merged cards, without names.
    let (_, welcome) = host_welcome(&w.addr, &w.room).await;
    let ServerMsg::Welcome {
        host_view: Some(ActivityHostView::Brainstorm(host)),
        ..
    } = &welcome
    else {
        panic!()
    };
    let status = |id: u32| host.cards.iter().find(|c| c.id == id).unwrap().status;
    assert_eq!(
        (status(zoe), status(ali), status(noor)),
        (CardStatus::Shown, CardStatus::Merged, CardStatus::Hidden)
    );
    assert_anonymous(&[(welcome.clone(), String::new())], "the host's welcome");
    assert_anonymous(&drain(&mut w.watch_host, QUIET).await, "the host console");
    assert_anonymous(&drain(&mut w.screen, QUIET).await, "the projector");

    // No export or report names an author or a liker.
    let auth = format!("Bearer {}", w.room.host_key);
    let code = w.room.code.as_str();
    let json = get_auth(
        &w.addr,
        &format!("/api/rooms/{code}/export.json?activity={}", a.0),
        &auth,
    )
    .await
    .json();
    let wall_json = json["activities"][0].to_string();
    for name in AUTHORS {
        assert!(!wall_json.contains(name), "{wall_json}");
    }
    assert!(!wall_json.contains("participant") && !wall_json.contains("likedBy"));
    assert_eq!(json["activities"][0]["anonymous"], true);
    let csv = get_auth(&w.addr, &format!("/api/rooms/{code}/export.csv"), &auth)
        .await
        .text();
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(';').collect();
        assert!(
            cells[5].is_empty() && cells[6].is_empty(),
            "a CSV row names someone: {line}"
        );
    }
    assert!(csv.contains("Meer buiten lessen"));
    for path in ["report.md", "report.html"] {
        let report = get_auth(&w.addr, &format!("/api/rooms/{code}/{path}"), &auth)
            .await
            .text();
        assert!(report.contains("Meer buiten lessen"));
        for name in AUTHORS {
            assert!(!report.contains(name), "{path} names {name}");
        }
    }
    w.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_card_costs_the_same_small_message_on_a_full_wall() {
    let mut w = open_wall(WallMode::Live, LikesMode::Live).await;
    let a = w.activity;
    let mut sizes = Vec::new();
    for round in 0..12 {
        for phone in &mut w.phones {
            let text = format!("idee {round} van {}", phone.client.name);
            let _ = phone
                .client
                .act(wall(a, BrainstormInput::Add { text }))
                .await;
        }
        if round % 3 == 2 {
            // Let everything land, then measure one card on a wall of 3·(round+1) cards.
            drain(&mut w.screen, QUIET).await;
            let extra = Client::connect(&w.addr, "extra").await;
            let mut extra =
                Phone::join_over(extra, w.room.code.as_str(), &format!("Extra {round}")).await;
            drain(&mut w.screen, QUIET).await;
            done(
                &mut extra.client,
                wall(
                    a,
                    BrainstormInput::Add {
                        text: "nog één".into(),
                    },
                ),
            )
            .await;
            let got = drain(&mut w.screen, QUIET).await;
            let changes: Vec<&String> = got
                .iter()
                .filter(|(m, _)| matches!(m, ServerMsg::Changes { .. }))
                .map(|(_, raw)| raw)
                .collect();
            assert_eq!(changes.len(), 1, "one message per card: {got:?}");
            sizes.push(changes[0].len());
        }
    }
    // The wall has grown from 9 to 36 cards; the message for one card has not.
    assert!(
        sizes.windows(2).all(|w| w[0].abs_diff(w[1]) < 16),
        "{sizes:?}"
    );
    assert!(sizes[0] < 300, "{sizes:?}");
    w.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approving_and_private_walls_show_cards_only_when_the_host_says_so() {
    let mut w = open_wall(WallMode::Approve, LikesMode::Hidden).await;
    let a = w.activity;
    drain(&mut w.lurker.client, QUIET).await;
    done(
        &mut w.phones[0].client,
        wall(
            a,
            BrainstormInput::Add {
                text: "Wachtend idee".into(),
            },
        ),
    )
    .await;
    let card = my_last_card(&mut w.phones[0].client, 1).await;
    let card_change = |got: &[(ServerMsg, String)]| {
        got.iter().any(|(m, _)| {
            matches!(m, ServerMsg::Changes { changes, .. }
                if changes.iter().any(|c| matches!(c, ActivityChange::Brainstorm(BrainstormChange::Card { .. }))))
        })
    };
    assert!(
        !card_change(&drain(&mut w.lurker.client, QUIET).await),
        "waiting: not on phones"
    );
    let queued = w
        .watch_host
        .until(|m| match m {
            ServerMsg::Changes { changes, .. } => changes.iter().find_map(|c| match c {
                ActivityChange::Brainstorm(BrainstormChange::Host { card }) => Some(card.clone()),
                _ => None,
            }),
            _ => None,
        })
        .await;
    assert_eq!((queued.id, queued.status), (card, CardStatus::Waiting));
    done(&mut w.host, wall(a, BrainstormInput::Approve { card })).await;
    assert!(
        card_change(&drain(&mut w.lurker.client, QUIET).await),
        "approved: on every phone"
    );
    drain(&mut w.phones[1].client, QUIET).await;
    // Hidden likes: a like reaches the host, not the phones.
    done(
        &mut w.lurker.client,
        wall(a, BrainstormInput::Like { card, like: true }),
    )
    .await;
    assert!(!card_change(&drain(&mut w.phones[1].client, QUIET).await));
    w.server.stop().await;

    let mut w = open_wall(WallMode::Private, LikesMode::Live).await;
    let a = w.activity;
    for (i, phone) in w.phones.iter_mut().enumerate() {
        done(
            &mut phone.client,
            wall(
                a,
                BrainstormInput::Add {
                    text: format!("stil idee {i}"),
                },
            ),
        )
        .await;
    }
    let got = drain(&mut w.screen, QUIET).await;
    assert!(!card_change(&got), "private: nothing on the projector yet");
    done(&mut w.host, wall(a, BrainstormInput::Reveal)).await;
    let view = w
        .screen
        .until(|m| match m {
            ServerMsg::Activity {
                current: Some(ActivityView::Brainstorm(v)),
                ..
            } if v.revealed => Some(v.clone()),
            _ => None,
        })
        .await;
    assert_eq!(view.cards.len(), 3, "every card at once");
    w.server.stop().await;
}

/// A room with a closed wall of four ideas carried into a dot-vote, which is open.
struct Voting {
    w: Wall,
    vote: ActivityId,
}

async fn carried_vote() -> Voting {
    let mut w = open_wall(WallMode::Live, LikesMode::Live).await;
    let a = w.activity;
    for (i, phone) in w.phones.iter_mut().enumerate() {
        done(
            &mut phone.client,
            wall(
                a,
                BrainstormInput::Add {
                    text: format!("Plan {i}"),
                },
            ),
        )
        .await;
    }
    done(
        &mut w.lurker.client,
        wall(
            a,
            BrainstormInput::Add {
                text: "Plan L".into(),
            },
        ),
    )
    .await;
    done(&mut w.host, wall(a, BrainstormInput::Close)).await;
    done(
        &mut w.host,
        wall(
            a,
            BrainstormInput::Carry {
                pick: CarryPick::All,
                title: "Kies een plan".into(),
            },
        ),
    )
    .await;
    // The dot-vote is on the agenda and current, in its lobby.
    let (vote_id, options) = w
        .lurker
        .client
        .until(|m| match m {
            ServerMsg::Activity {
                current: Some(ActivityView::DotVote(v)),
                ..
            } => Some((v.id, v.options.len())),
            _ => None,
        })
        .await;
    assert_eq!(options, 4);
    done(&mut w.host, vote(vote_id, DotVoteInput::Open)).await;
    Voting { w, vote: vote_id }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_carried_dot_vote_keeps_hidden_tallies_from_phones_and_breaks_a_tie_by_run_off() {
    let Voting { mut w, vote: v } = carried_vote().await;
    drain(&mut w.screen, QUIET).await;
    drain(&mut w.lurker.client, QUIET).await;
    drain(&mut w.watch_host, QUIET).await;

    // Too many dots, too many on one: refused. A ballot is the whole allocation.
    assert_eq!(
        refused(&mut w.phones[0].client, place(v, &[(0, 2), (1, 2)])).await,
        ErrorCode::TooManyDots
    );
    assert_eq!(
        refused(&mut w.phones[0].client, place(v, &[(9, 1)])).await,
        ErrorCode::InvalidChoice
    );
    let id = done(&mut w.phones[0].client, place(v, &[(0, 2), (1, 1)])).await;
    // The same ballot re-sent with the same id is a duplicate; moved dots replace it.
    w.phones[0]
        .client
        .send(&ClientMsg::Act {
            id: id.clone(),
            act: place(v, &[(0, 2), (1, 1)]),
        })
        .await;
    assert!(w.phones[0].client.ack(&id).await);
    done(&mut w.phones[0].client, place(v, &[(0, 1), (1, 2)])).await;
    done(&mut w.phones[1].client, place(v, &[(0, 2), (2, 1)])).await;
    done(&mut w.phones[2].client, place(v, &[(3, 3)])).await;
    // Dots: 0 → 3, 1 → 2, 2 → 1, 3 → 3: options 0 and 3 tie for first.

    let tally_msgs = |got: &[(ServerMsg, String)]| {
        got.iter()
            .filter(|(m, _)| matches!(m, ServerMsg::Changes { changes, .. }
                if changes.iter().any(|c| matches!(c, ActivityChange::DotVote(DotVoteChange::Tally { .. })))))
            .count()
    };
    assert_eq!(
        tally_msgs(&drain(&mut w.screen, QUIET).await),
        0,
        "hidden: not on the projector"
    );
    assert_eq!(
        tally_msgs(&drain(&mut w.lurker.client, QUIET).await),
        0,
        "hidden: not on phones"
    );
    let host_got = drain(&mut w.watch_host, QUIET).await;
    let n = tally_msgs(&host_got);
    assert!(
        (1..=6).contains(&n),
        "the host gets the tally, coalesced: {n}"
    );
    let (_, welcome) = host_welcome(&w.addr, &w.room).await;
    let ServerMsg::Welcome {
        host_view: Some(ActivityHostView::DotVote(host)),
        ..
    } = welcome
    else {
        panic!()
    };
    let dots: Vec<u32> = host.tally.iter().map(|t| t.dots).collect();
    assert_eq!(
        dots,
        vec![3, 2, 1, 3],
        "the tally is the sum of the ballots"
    );

    done(&mut w.host, vote(v, DotVoteInput::Reveal)).await;
    assert_eq!(
        refused(&mut w.phones[1].client, place(v, &[(1, 1)])).await,
        ErrorCode::VotingClosed
    );
    let results = w
        .screen
        .until(|m| match m {
            ServerMsg::Activity {
                current: Some(ActivityView::DotVote(view)),
                ..
            } => match &view.phase {
                DotVotePhase::Revealed { results, .. } => Some(results.clone()),
                _ => None,
            },
            _ => None,
        })
        .await;
    let ranks: Vec<(u32, u32, u32)> = results.iter().map(|r| (r.option, r.dots, r.rank)).collect();
    assert_eq!(ranks, vec![(0, 3, 1), (3, 3, 1), (1, 2, 3), (2, 1, 4)]);

    done(
        &mut w.host,
        vote(
            v,
            DotVoteInput::RunOff {
                rank: 1,
                title: "Beslissing".into(),
            },
        ),
    )
    .await;
    let runoff = w
        .lurker
        .client
        .until(|m| match m {
            ServerMsg::Activity {
                current: Some(ActivityView::DotVote(view)),
                ..
            } if view.id != v => Some(view.clone()),
            _ => None,
        })
        .await;
    let texts: Vec<&str> = runoff.options.iter().map(|o| o.text.as_str()).collect();
    assert_eq!(texts, vec!["Plan 0", "Plan L"]);

    // The export carries every ballot and the result.
    let auth = format!("Bearer {}", w.room.host_key);
    let json = get_auth(
        &w.addr,
        &format!(
            "/api/rooms/{}/export.json?activity={}",
            w.room.code.as_str(),
            v.0
        ),
        &auth,
    )
    .await
    .json();
    let detail = &json["activities"][0];
    assert_eq!(detail["ballots"].as_array().unwrap().len(), 3);
    assert_eq!(detail["options"][0]["rank"], 1);
    assert_eq!(detail["options"][0]["card"]["activity"], w.activity.0);
    w.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_mid_vote_gives_phones_their_ideas_likes_and_dots_back() {
    let Voting { mut w, vote: v } = carried_vote().await;
    let id = done(&mut w.phones[0].client, place(v, &[(1, 2), (2, 1)])).await;
    let phone = &w.phones[0];
    let (token, name) = (phone.token.clone(), phone.client.name.clone());
    let dir = w.server.stop().await;
    let server = TestServer::start_in(dir).await;
    let (mut again, welcome) = resume(&server.addr(), w.room.code.as_str(), &name, &token).await;
    let ServerMsg::Welcome { me: Some(me), .. } = welcome else {
        unreachable!()
    };
    assert_eq!(
        vote_personal(&me).unwrap().ballot,
        vec![
            OptionDots { option: 1, dots: 2 },
            OptionDots { option: 2, dots: 1 }
        ]
    );
    again
        .send(&ClientMsg::Act {
            id: id.clone(),
            act: place(v, &[(1, 2), (2, 1)]),
        })
        .await;
    assert!(again.ack(&id).await, "a re-sent ballot is a duplicate");
    // Back on the wall: the phone's idea is still its own.
    let mut host = host(&server.addr(), &w.room).await;
    done(
        &mut host,
        Act::SetCurrent {
            activity: Some(w.activity),
        },
    )
    .await;
    let me = me_when(&mut again, |me| wall_personal(me).is_some()).await;
    assert_eq!(wall_personal(&me).unwrap().mine[0].text, "Plan 0");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_mid_vote_loses_no_acknowledged_idea_like_or_dot() {
    let dir = TempDir::new("kill9-wall");
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let addr = proc.addr.clone();
    let room = create_room(&addr, "Kill").await;
    let a = add_activity(&addr, &room, &wall_spec(WallMode::Live, LikesMode::Live)).await;
    let mut host = host(&addr, &room).await;
    let mut phones = Vec::new();
    for i in 0..4 {
        phones.push(join(&addr, room.code.as_str(), &format!("P{i}")).await);
    }
    host_acts(
        &mut host,
        vec![
            Act::SetCurrent { activity: Some(a) },
            wall(a, BrainstormInput::Open),
        ],
    )
    .await;
    let mut cards = Vec::new();
    for (i, phone) in phones.iter_mut().enumerate() {
        done(
            &mut phone.client,
            wall(
                a,
                BrainstormInput::Add {
                    text: format!("Idee {i}"),
                },
            ),
        )
        .await;
        cards.push(my_last_card(&mut phone.client, 1).await);
    }
    done(
        &mut phones[1].client,
        wall(
            a,
            BrainstormInput::Like {
                card: cards[0],
                like: true,
            },
        ),
    )
    .await;
    done(
        &mut host,
        wall(
            a,
            BrainstormInput::Carry {
                pick: CarryPick::All,
                title: "Stem".into(),
            },
        ),
    )
    .await;
    let v = ActivityId(a.0 + 1);
    done(&mut host, vote(v, DotVoteInput::Open)).await;
    for (i, phone) in phones.iter_mut().enumerate() {
        done(
            &mut phone.client,
            place(v, &[(i as u32, 2), (((i + 1) % 4) as u32, 1)]),
        )
        .await;
    }
    proc.kill9().await;

    let proc = Proc::start(&dir.0, &addr).await;
    for (i, phone) in phones.iter().enumerate() {
        let (_, welcome) = resume(&addr, room.code.as_str(), &format!("P{i}"), &phone.token).await;
        let ServerMsg::Welcome { me: Some(me), .. } = welcome else {
            unreachable!()
        };
        let ballot = &vote_personal(&me).unwrap().ballot;
        assert_eq!(
            ballot.iter().map(|d| d.dots).sum::<u32>(),
            3,
            "P{i}'s acknowledged dots"
        );
    }
    let mut host = self::host(&addr, &room).await;
    done(&mut host, Act::SetCurrent { activity: Some(a) }).await;
    let (_, welcome) = host_welcome(&addr, &room).await;
    let ServerMsg::Welcome {
        host_view: Some(ActivityHostView::Brainstorm(wall)),
        ..
    } = welcome
    else {
        panic!()
    };
    assert_eq!(wall.cards.len(), 4, "every acknowledged idea");
    assert_eq!(
        wall.cards.iter().find(|c| c.id == cards[0]).unwrap().likes,
        1
    );
    proc.terminate().await;
}

/// A console opened with `key` (the host key or the moderator key) and its `welcome`.
async fn console_with(w: &Wall, key: &str) -> (Client, ServerMsg) {
    let mut client = Client::connect(&w.addr, "co-facilitator").await;
    let welcome = client
        .hello(ClientMsg::Host {
            room: w.room.code.0.clone(),
            host_key: key.to_owned(),
            console: Some("co".into()),
        })
        .await;
    (client, welcome)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_co_facilitator_moderates_the_wall_and_nothing_else() {
    let mut w = open_wall(WallMode::Approve, LikesMode::Live).await;
    // Only the facilitator's own console gets the moderator key.
    let (_, welcome) = host_welcome(&w.addr, &w.room).await;
    let ServerMsg::Welcome {
        moderator_key: Some(key),
        co_facilitator: false,
        ..
    } = welcome
    else {
        panic!("the facilitator's welcome has the moderator key: {welcome:?}")
    };
    assert_ne!(key, w.room.host_key);
    let mut projector = screen(&w.addr, w.room.code.as_str()).await;
    let seen = drain(&mut projector, QUIET).await;
    assert!(
        seen.iter().all(|(_, text)| !text.contains(&key)),
        "the projector never sees the moderator key"
    );
    let phone = &mut w.phones[0].client;
    done(
        phone,
        wall(
            w.activity,
            BrainstormInput::Add {
                text: "Meer buiten lessen".into(),
            },
        ),
    )
    .await;
    let card = my_last_card(phone, 1).await;

    // The co-facilitator's console: moderation works ...
    let (mut co, welcome) = console_with(&w, &key).await;
    let ServerMsg::Welcome {
        moderator_key: None,
        co_facilitator: true,
        ..
    } = welcome
    else {
        panic!("a co-facilitator's welcome says so and has no key: {welcome:?}")
    };
    for input in [
        BrainstormInput::Approve { card },
        BrainstormInput::Pin { card, pinned: true },
        BrainstormInput::Edit {
            card,
            text: "Meer buitenlessen".into(),
        },
        BrainstormInput::Hide { card, hidden: true },
    ] {
        done(&mut co, wall(w.activity, input)).await;
    }
    // ... running the session does not.
    let id = w.phones[1].id;
    for act in [
        wall(w.activity, BrainstormInput::Close),
        Act::SetCurrent { activity: None },
        Act::RemoveParticipant { participant: id },
        Act::LockRoom { locked: true },
    ] {
        assert_eq!(refused(&mut co, act).await, ErrorCode::NotTheLead);
    }
    // The HTTP API (exports, deleting the room) stays the facilitator's.
    let path = format!("/api/rooms/{}", w.room.code.as_str());
    let answer = get_auth(&w.addr, &path, &format!("Bearer {key}")).await;
    assert_eq!(answer.status, 401);
    // A wrong key (the moderator key with its last digit changed) opens nothing.
    let last = if key.ends_with('0') { '1' } else { '0' };
    let mut stranger = Client::connect(&w.addr, "stranger").await;
    stranger
        .send(&ClientMsg::Host {
            room: w.room.code.0.clone(),
            host_key: format!("{}{last}", &key[..key.len() - 1]),
            console: None,
        })
        .await;
    stranger.expect_error(ErrorCode::BadHostKey).await;
    w.server.stop().await;
}

/// The wall a `welcome` carries.
fn welcome_wall(msg: &ServerMsg) -> &kring_protocol::BrainstormView {
    match msg {
        ServerMsg::Welcome { room, .. } => match &room.current {
            Some(ActivityView::Brainstorm(view)) => view,
            other => panic!("no wall: {other:?}"),
        },
        other => panic!("not a welcome: {other:?}"),
    }
}

/// In a hall with more cards than its view carries, the cards phones and the projector get are
/// not chosen by likes while likes are hidden (that would tell which cards are liked), and are
/// once they show.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_halls_wall_is_not_chosen_by_hidden_likes() {
    const AUTHORS: usize = 16;
    const PER_PERSON: usize = 20;
    let server = TestServer::start_with(TempDir::new("hall-wall"), |config| {
        config.join_burst_per_addr = 2_000;
        config.join_burst_per_room = 2_000;
        config.actions_per_sec = 1_000;
    })
    .await;
    let addr = server.addr();
    let room = create_room(&addr, "Aula").await;
    let code = room.code.as_str();
    let spec = ActivitySpec::Brainstorm(BrainstormSpec {
        per_person: PER_PERSON as u32,
        ..match wall_spec(WallMode::Live, LikesMode::Hidden) {
            ActivitySpec::Brainstorm(spec) => spec,
            _ => unreachable!(),
        }
    });
    let activity = add_activity(&addr, &room, &spec).await;
    let mut host = host(&addr, &room).await;
    host_acts(
        &mut host,
        vec![
            Act::SetCurrent {
                activity: Some(activity),
            },
            wall(activity, BrainstormInput::Open),
        ],
    )
    .await;
    drop(host);
    // The room is a hall: phones get the wall at phase changes only.
    for i in 0..=kring_server::room::brainstorm::HALL {
        drop(join(&addr, code, &format!("Student {i}")).await);
    }
    let mut authors = Vec::new();
    for i in 0..AUTHORS {
        authors.push(join(&addr, code, &format!("Schrijver {i}")).await);
    }
    // 320 ideas, oldest first: author 0's first idea is the oldest card on the wall.
    for (i, author) in authors.iter_mut().enumerate() {
        for n in 0..PER_PERSON {
            let text = format!("Idee {} van schrijver {i}", n + 1);
            done(
                &mut author.client,
                wall(activity, BrainstormInput::Add { text }),
            )
            .await;
        }
    }
    let me = me_when(&mut authors[0].client, |me| {
        wall_personal(me).is_some_and(|p| p.mine.len() == PER_PERSON)
    })
    .await;
    let oldest = wall_personal(&me).unwrap().mine[0].id;
    // Everyone else likes the oldest card.
    for author in &mut authors[1..] {
        let like = wall(
            activity,
            BrainstormInput::Like {
                card: oldest,
                like: true,
            },
        );
        done(&mut author.client, like).await;
    }
    let (_, welcome) = resume(&addr, code, "Schrijver 1", &authors[1].token).await;
    let view = welcome_wall(&welcome);
    assert!(!view.live, "a hall");
    assert_eq!(view.total as usize, AUTHORS * PER_PERSON);
    assert_eq!(
        view.cards.len(),
        kring_server::room::brainstorm::HALL_VIEW_CARDS
    );
    assert!(
        view.cards.iter().all(|c| c.likes.is_none()),
        "likes are hidden"
    );
    assert!(
        !view.cards.iter().any(|c| c.id == oldest),
        "the oldest card is on a hall's wall only because it is liked"
    );
    let mut projector = Client::connect(&addr, "screen").await;
    let welcome = projector
        .hello(ClientMsg::Screen { room: code.into() })
        .await;
    assert!(!welcome_wall(&welcome).cards.iter().any(|c| c.id == oldest));

    // Once the wall closes the likes show, and the most liked card is among the cards.
    let mut host = self::host(&addr, &room).await;
    done(&mut host, wall(activity, BrainstormInput::Close)).await;
    let (_, welcome) = resume(&addr, code, "Schrijver 1", &authors[1].token).await;
    let view = welcome_wall(&welcome);
    let card = view.cards.iter().find(|c| c.id == oldest).expect("shown");
    assert_eq!(card.likes, Some(AUTHORS as u32 - 1));
}
