//! The facilitator's control over who is in the room, over real sockets: the lock and the
//! expected size (refused joins get clear codes, those already in come back), renaming and
//! removing one or many (everyone who joined in the last minute, everyone who never acted),
//! the paged and searchable participant list at any room size, the projector's lobby of names
//! (held before they show, or approved first), nicknames that only look alike, and all of it
//! surviving a restart and `kill -9`. Phones and projectors cannot do any of it.

mod common;

use common::*;
use kring_protocol::{
    Act, ClientMsg, ErrorCode, LOBBY_HOLD_MS, ParticipantFilter, ParticipantId, ParticipantInfo,
    ParticipantQuery, ServerMsg, close,
};
/// Asks for a page of the participant list and waits for the answer to that query.
async fn list(
    host: &mut Client,
    query: ParticipantQuery,
) -> (u32, Vec<ParticipantInfo>, Option<ParticipantId>) {
    host.send(&ClientMsg::ListParticipants {
        query: query.clone(),
    })
    .await;
    page_for(host, &query, |_| true).await
}

/// Waits for a page for `query` that `ok` accepts.
async fn page_for(
    host: &mut Client,
    query: &ParticipantQuery,
    ok: impl Fn(u32) -> bool,
) -> (u32, Vec<ParticipantInfo>, Option<ParticipantId>) {
    host.until(|m| match m {
        ServerMsg::ParticipantPage {
            query: q,
            total,
            items,
            newest,
            ..
        } if q == query && ok(*total) => Some((*total, items.clone(), *newest)),
        _ => None,
    })
    .await
}

fn query(filter: ParticipantFilter, limit: u32) -> ParticipantQuery {
    ParticipantQuery {
        filter,
        offset: 0,
        limit,
    }
}

fn nicknames(items: &[ParticipantInfo]) -> Vec<&str> {
    items.iter().map(|p| p.nickname.as_str()).collect()
}

#[tokio::test]
async fn a_locked_or_complete_room_refuses_new_phones_but_not_returning_ones() {
    let Class {
        server: _server,
        addr,
        room,
        mut host,
        mut ada,
        bo,
        ..
    } = class("Door", quiz(1, 30), ["Ada", "Bo"]).await;
    let code = room.code.as_str();

    // Students cannot touch the door.
    let id = ada.client.act(Act::LockRoom { locked: true }).await;
    assert_eq!(ada.client.error_for(&id).await, ErrorCode::Forbidden);

    host_acts(&mut host, vec![Act::LockRoom { locked: true }]).await;
    let admission = host
        .until(|m| match m {
            ServerMsg::Admission { admission } if admission.locked => Some(admission.clone()),
            _ => None,
        })
        .await;
    assert_eq!(admission.refused, 0);
    assert_eq!(
        refused_join(&addr, code, "Cas").await,
        ErrorCode::RoomLocked
    );
    // The refusal is counted for the facilitator.
    host.until(|m| match m {
        ServerMsg::Admission { admission } if admission.refused == 1 => Some(()),
        _ => None,
    })
    .await;
    // Bo's phone locks and comes back: those already in are never locked out.
    drop(bo.client);
    let (_bo_again, welcome) = resume(&addr, code, "Bo", &bo.token).await;
    let ServerMsg::Welcome { room: view, .. } = welcome else {
        unreachable!()
    };
    assert!(
        view.admission.locked,
        "every screen knows the room is locked"
    );

    // Open again with an expected size of 3: the third joins, the fourth is refused.
    host_acts(
        &mut host,
        vec![
            Act::LockRoom { locked: false },
            Act::SetExpectedSize { size: Some(3) },
        ],
    )
    .await;
    let _cas = join(&addr, code, "Cas").await;
    assert_eq!(
        refused_join(&addr, code, "Dee").await,
        ErrorCode::ExpectedSizeReached
    );
    // Making room lets the next one in.
    host_acts(&mut host, vec![Act::SetExpectedSize { size: Some(4) }]).await;
    let _dee = join(&addr, code, "Dee").await;
    let id = host.act(Act::SetExpectedSize { size: Some(0) }).await;
    assert_eq!(host.error_for(&id).await, ErrorCode::InvalidChoice);
}

#[tokio::test]
async fn nicknames_that_only_look_alike_are_taken_and_refusals_say_why() {
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Names").await;
    let code = room.code.as_str();
    let _sam = join(&addr, code, "Sam").await;
    for same in ["sam", "Sam\u{200B}", "\u{0405}\u{0430}m", "Ｓａｍ"] {
        assert_eq!(
            refused_join(&addr, code, same).await,
            ErrorCode::NicknameTaken,
            "{same:?}"
        );
    }
    assert_eq!(
        refused_join(&addr, code, "kutkop").await,
        ErrorCode::Inappropriate
    );
    assert_eq!(
        refused_join(&addr, code, "\u{202E}kcuf").await,
        ErrorCode::Inappropriate
    );
    assert_eq!(
        refused_join(&addr, code, "\u{200B}\u{2060}").await,
        ErrorCode::Blank
    );
    assert_eq!(
        refused_join(&addr, code, &"Anneke".repeat(5)).await,
        ErrorCode::TooLong
    );
    for real in [
        "Dick",
        "De Cock",
        "Anouk Anker",
        "Pieter Ing",
        "Mette Ringers",
        "Scunthorpe",
        "Zak",
    ] {
        join(&addr, code, real).await;
    }
}

#[tokio::test]
async fn the_host_renames_and_removes_with_one_act_and_in_bulk() {
    let Class {
        server: _server,
        addr,
        room,
        quiz: activity,
        mut host,
        mut ada,
        mut bo,
    } = class("People", quiz(1, 60), ["Ada", "Bo"]).await;
    let code = room.code.as_str();

    // Rename: the phone sees its new name; a taken or rude one is refused; phones cannot.
    let rename = |participant, nickname: &str| Act::RenameParticipant {
        participant,
        nickname: nickname.into(),
    };
    let id = bo.client.act(rename(ada.id, "Haha")).await;
    assert_eq!(bo.client.error_for(&id).await, ErrorCode::Forbidden);
    let id = host.act(rename(ada.id, "B\u{043E}")).await;
    assert_eq!(host.error_for(&id).await, ErrorCode::NicknameTaken);
    let id = host.act(rename(ada.id, "hoer123")).await;
    assert_eq!(host.error_for(&id).await, ErrorCode::Inappropriate);
    host_acts(&mut host, vec![rename(ada.id, "Ada L.")]).await;
    ada.client
        .until(|m| match m {
            ServerMsg::You { me } if me.nickname == "Ada L." => Some(()),
            _ => None,
        })
        .await;
    // Her own old name is free again; renaming to the same look-alike key is fine.
    host_acts(&mut host, vec![rename(ada.id, "ADA L.")]).await;

    // Ada acts (answers); Cas and Dee join and never do anything.
    open_first_question(&mut host, activity).await;
    ada.answer_when_open(activity, 0, 1).await;
    let mut cas = join(&addr, code, "Cas").await;
    let mut dee = join(&addr, code, "Dee").await;
    let never = ParticipantFilter {
        never_acted: true,
        ..Default::default()
    };
    let (total, items, newest) = list(&mut host, query(never.clone(), 10)).await;
    assert_eq!(total, 3, "Bo, Cas and Dee never acted: {items:?}");
    assert_eq!(nicknames(&items), ["Dee", "Cas", "Bo"], "newest first");
    // Someone joins between the look and the confirmation: not removed.
    let mut eve = join(&addr, code, "Eve").await;
    let id = bo
        .client
        .act(Act::RemoveParticipants {
            filter: never.clone(),
            up_to: newest.unwrap(),
        })
        .await;
    assert_eq!(bo.client.error_for(&id).await, ErrorCode::Forbidden);
    host_acts(
        &mut host,
        vec![Act::RemoveParticipants {
            filter: never.clone(),
            up_to: newest.unwrap(),
        }],
    )
    .await;
    for phone in [&mut bo, &mut cas, &mut dee] {
        phone.client.expect_error(ErrorCode::Removed).await;
        assert_eq!(phone.client.closed().await, close::REMOVED);
    }
    let everyone = query(ParticipantFilter::default(), 10);
    host.send(&ClientMsg::ListParticipants {
        query: everyone.clone(),
    })
    .await;
    let (total, items, _) = page_for(&mut host, &everyone, |total| total == 2).await;
    assert_eq!((total, nicknames(&items)), (2, vec!["Eve", "ADA L."]));
    assert!(items[1].acted && !items[0].acted);

    // Everyone who joined in the last minute (Eve, and Ada's rename does not count).
    let (total, _, newest) = list(
        &mut host,
        query(
            ParticipantFilter {
                joined_within_secs: Some(60),
                search: "ev".into(),
                ..Default::default()
            },
            10,
        ),
    )
    .await;
    assert_eq!(total, 1);
    host_acts(
        &mut host,
        vec![Act::RemoveParticipants {
            filter: ParticipantFilter {
                joined_within_secs: Some(60),
                search: "ev".into(),
                ..Default::default()
            },
            up_to: newest.unwrap(),
        }],
    )
    .await;
    eve.client.expect_error(ErrorCode::Removed).await;
    // A removed name is free for a real student again.
    join(&addr, code, "Eve").await;
}

#[tokio::test]
async fn the_list_is_paged_and_searchable_at_any_room_size() {
    const PEOPLE: usize = 1_100;
    // An event hall: more joins from one address than the default burst allows.
    let server = TestServer::start_with(TempDir::new("hall"), |config| {
        config.join_burst_per_addr = 2_000;
        config.join_burst_per_room = 2_000;
    })
    .await;
    let addr = server.addr();
    let room = create_room(&addr, "Hall").await;
    let code = room.code.as_str();
    for i in 0..PEOPLE {
        // Joined, then gone: the participant stays in the room.
        let phone = join(&addr, code, &format!("Student {i}")).await;
        drop(phone);
    }
    let (mut host, welcome) = host_welcome(&addr, &room).await;
    let ServerMsg::Welcome { participants, .. } = welcome else {
        unreachable!()
    };
    assert!(
        participants.is_none(),
        "above 1,000 the welcome lists nobody"
    );

    let first = query(ParticipantFilter::default(), 50);
    host.send(&ClientMsg::ListParticipants {
        query: first.clone(),
    })
    .await;
    let (total, items, newest) = page_for(&mut host, &first, |_| true).await;
    assert_eq!(total as usize, PEOPLE);
    assert_eq!(items.len(), 50);
    assert_eq!(items[0].nickname, format!("Student {}", PEOPLE - 1));
    assert_eq!(newest, Some(items[0].id));
    let third = ParticipantQuery {
        offset: 100,
        ..first.clone()
    };
    let (_, items, _) = list(&mut host, third).await;
    assert_eq!(items[0].nickname, format!("Student {}", PEOPLE - 101));
    let search = query(
        ParticipantFilter {
            search: "student 10".into(),
            ..Default::default()
        },
        100,
    );
    let (total, items, _) = list(&mut host, search.clone()).await;
    // "Student 10", 100–109 and 1000–1099.
    assert_eq!(total, 1 + 10 + 100);
    assert_eq!(items.len(), 100);
    // The page follows the room: a new student matching the search arrives in it (one small
    // message, not the whole room).
    let _late = join(&addr, code, "Student 10x").await;
    let (_, items, _) = page_for(&mut host, &search, |total| total == 112).await;
    assert_eq!(items[0].nickname, "Student 10x");
    // Too many rows asked for: capped.
    let (_, items, _) = list(&mut host, query(ParticipantFilter::default(), 5_000)).await;
    assert_eq!(items.len(), kring_protocol::MAX_PAGE_ROWS as usize);
    // Phones and projectors cannot list anyone.
    let mut phone = join(&addr, code, "Curious").await;
    phone
        .client
        .send(&ClientMsg::ListParticipants { query: first })
        .await;
    phone.client.expect_error(ErrorCode::Forbidden).await;
}

#[tokio::test]
async fn the_projector_gets_names_after_the_hold_or_once_approved() {
    let Class {
        server: _server,
        addr,
        room,
        mut host,
        ada,
        bo,
        ..
    } = class("Lobby", quiz(1, 30), ["Ada", "Bo"]).await;
    let code = room.code.as_str();
    let mut screen = Client::connect(&addr, "screen").await;
    let welcome = screen.hello(ClientMsg::Screen { room: code.into() }).await;
    let ServerMsg::Welcome {
        lobby: Some(names), ..
    } = welcome
    else {
        panic!("the projector's welcome carries its lobby")
    };
    assert_eq!(nicknames_of(&names), ["Ada", "Bo"]);
    assert_eq!(names[0].show_at, {
        let (_, items, _) = list(&mut host, query(ParticipantFilter::default(), 10)).await;
        items[1].joined_at + LOBBY_HOLD_MS
    });

    // A rename shows at once (the facilitator chose it).
    host_acts(
        &mut host,
        vec![Act::RenameParticipant {
            participant: ada.id,
            nickname: "Ada L.".into(),
        }],
    )
    .await;
    let names = screen
        .until(|m| match m {
            ServerMsg::Lobby { names, .. } if names[0].nickname == "Ada L." => Some(names.clone()),
            _ => None,
        })
        .await;
    let (_, items, _) = list(&mut host, query(ParticipantFilter::default(), 10)).await;
    assert_eq!(names[0].show_at, items[1].joined_at);

    // With approval on, a new name reaches the projector only once approved; the ones shown
    // already stay (Ada's), the ones still in their hold wait too (Bo's).
    host_acts(&mut host, vec![Act::SetApproveNames { on: true }]).await;
    let cas = join(&addr, code, "Cas").await;
    let waiting = query(
        ParticipantFilter {
            waiting: true,
            ..Default::default()
        },
        10,
    );
    host.send(&ClientMsg::ListParticipants {
        query: waiting.clone(),
    })
    .await;
    let (_, items, _) = page_for(&mut host, &waiting, |total| total == 2).await;
    assert_eq!(nicknames(&items), ["Cas", "Bo"]);
    assert_eq!(items[0].show_at, None);
    let names = screen
        .until(|m| match m {
            ServerMsg::Lobby { names, .. } => Some(names.clone()),
            _ => None,
        })
        .await;
    assert_eq!(nicknames_of(&names), ["Ada L."], "Bo and Cas wait");
    host_acts(
        &mut host,
        vec![Act::ApproveNames {
            participants: vec![cas.id, bo.id],
        }],
    )
    .await;
    screen
        .until(|m| match m {
            ServerMsg::Lobby { names, .. } if names.len() == 3 => Some(()),
            _ => None,
        })
        .await;
    let id = host
        .act(Act::ApproveNames {
            participants: vec![ParticipantId(99)],
        })
        .await;
    assert_eq!(host.error_for(&id).await, ErrorCode::InvalidChoice);
}

fn nicknames_of(names: &[kring_protocol::LobbyName]) -> Vec<&str> {
    names.iter().map(|n| n.nickname.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_door_renames_and_removals_survive_a_restart_and_kill_9() {
    let dir = TempDir::new("people-kill9");
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let addr = proc.addr.clone();
    let room = create_room(&addr, "Durable").await;
    let code = room.code.as_str().to_owned();
    let mut host = host(&addr, &room).await;
    let ada = join(&addr, &code, "Ada").await;
    let _bo = join(&addr, &code, "Bo").await;
    let _cas = join(&addr, &code, "Cas").await;
    host_acts(
        &mut host,
        vec![
            Act::RenameParticipant {
                participant: ada.id,
                nickname: "Ada L.".into(),
            },
            Act::RemoveParticipants {
                filter: ParticipantFilter {
                    search: "cas".into(),
                    ..Default::default()
                },
                up_to: ParticipantId(2),
            },
            Act::SetApproveNames { on: true },
            Act::SetExpectedSize { size: Some(5) },
            Act::LockRoom { locked: true },
        ],
    )
    .await;
    proc.kill9().await;

    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let addr = proc.addr.clone();
    assert_eq!(
        refused_join(&addr, &code, "Dee").await,
        ErrorCode::RoomLocked
    );
    let (mut host, welcome) = host_welcome(&addr, &room).await;
    let ServerMsg::Welcome {
        room: view,
        participants: Some(people),
        ..
    } = welcome
    else {
        panic!()
    };
    assert!(view.admission.locked && view.admission.approve_names);
    assert_eq!(view.admission.expected_size, Some(5));
    assert_eq!(nicknames(&people), ["Ada L.", "Bo"]);
    // The list finds people by name at once after the restart (the look-alike index is
    // rebuilt, not stored).
    let (total, items, _) = list(
        &mut host,
        query(
            ParticipantFilter {
                search: "ada".into(),
                ..Default::default()
            },
            10,
        ),
    )
    .await;
    assert_eq!((total, nicknames(&items)), (1, vec!["Ada L."]));
    let (_, welcome) = resume(&addr, &code, "Ada", &ada.token).await;
    let ServerMsg::Welcome { me: Some(me), .. } = welcome else {
        panic!()
    };
    assert_eq!(me.nickname, "Ada L.");
    // Graceful restart too; then the look-alike key of the renamed name still holds.
    host_acts(&mut host, vec![Act::LockRoom { locked: false }]).await;
    let status = proc.terminate().await;
    assert!(status.success());
    let proc = Proc::start(&dir.0, "127.0.0.1:0").await;
    let addr = proc.addr.clone();
    assert_eq!(
        refused_join(&addr, &code, "ada l.").await,
        ErrorCode::NicknameTaken
    );
    assert_eq!(
        refused_join(&addr, &code, "Bo").await,
        ErrorCode::NicknameTaken
    );
    join(&addr, &code, "Cas").await;
}

fn wall_spec(anonymous: bool) -> kring_protocol::ActivitySpec {
    kring_protocol::ActivitySpec::Brainstorm(kring_protocol::BrainstormSpec {
        title: "Wat maakt een les goed?".into(),
        per_person: 3,
        max_chars: 140,
        by_team: false,
        anonymous,
        mode: kring_protocol::WallMode::Live,
        likes: kring_protocol::LikesMode::Live,
    })
}

fn wall(activity: kring_protocol::ActivityId, input: kring_protocol::BrainstormInput) -> Act {
    Act::Activity {
        activity,
        input: kring_protocol::ActivityInput::Brainstorm(input),
    }
}

/// An anonymous idea or a like moves nothing a console sees of its author: the "did nothing
/// yet" list stays as it was (it would otherwise tell a co-facilitator who wrote what); an idea
/// on a named wall does take its author off that list.
#[tokio::test]
async fn anonymous_actions_do_not_move_the_consoles_list_of_people() {
    use kring_protocol::BrainstormInput;
    let server = TestServer::start().await;
    let addr = server.addr();
    let room = create_room(&addr, "Anoniem").await;
    let code = room.code.as_str();
    let anonymous = add_activity(&addr, &room, &wall_spec(true)).await;
    let named = add_activity(&addr, &room, &wall_spec(false)).await;
    let mut host = host(&addr, &room).await;
    let mut ada = join(&addr, code, "Ada").await;
    let mut bo = join(&addr, code, "Bo").await;
    host_acts(
        &mut host,
        vec![
            Act::SetCurrent {
                activity: Some(anonymous),
            },
            wall(anonymous, BrainstormInput::Open),
        ],
    )
    .await;
    let never = query(
        ParticipantFilter {
            never_acted: true,
            ..Default::default()
        },
        10,
    );
    let everyone = query(ParticipantFilter::default(), 10);
    let before_never = list(&mut host, never.clone()).await;
    let before_all = list(&mut host, everyone.clone()).await;
    assert_eq!(nicknames(&before_never.1), ["Bo", "Ada"]);

    // Ada writes an anonymous idea, Bo likes it.
    let add = |text: &str| BrainstormInput::Add { text: text.into() };
    done(&mut ada.client, wall(anonymous, add("Meer pauzes"))).await;
    let me = me_when(&mut ada.client, |me| {
        matches!(&me.personal, Some(kring_protocol::Personal::Brainstorm(p)) if p.mine.len() == 1)
    })
    .await;
    let Some(kring_protocol::Personal::Brainstorm(mine)) = &me.personal else {
        unreachable!()
    };
    let card = mine.mine[0].id;
    done(
        &mut bo.client,
        wall(anonymous, BrainstormInput::Like { card, like: true }),
    )
    .await;
    // Whatever pages the console got meanwhile, and the pages it asks for now, are unchanged.
    let got = drain(&mut host, std::time::Duration::from_millis(300)).await;
    for msg in &got {
        if let ServerMsg::ParticipantPage { query, items, .. } = msg {
            let before = if *query == never {
                &before_never.1
            } else {
                &before_all.1
            };
            assert_eq!(items, before, "the console's list moved");
        }
    }
    assert_eq!(list(&mut host, never.clone()).await, before_never);
    assert_eq!(list(&mut host, everyone.clone()).await, before_all);

    // On a named wall an idea names its author: Ada did something.
    host_acts(
        &mut host,
        vec![
            Act::SetCurrent {
                activity: Some(named),
            },
            wall(named, BrainstormInput::Open),
        ],
    )
    .await;
    done(&mut ada.client, wall(named, add("Uitleg met voorbeelden"))).await;
    let (total, items, _) = list(&mut host, never).await;
    assert_eq!((total, nicknames(&items)), (1, vec!["Bo"]));
}
