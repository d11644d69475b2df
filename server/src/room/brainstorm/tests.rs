use super::*;
use crate::room::kind::AnyKind;
use crate::room::kind::testing::Class;
use crate::room::kind::{Change, MAX_WRITES_PER_PERSON};
use kring_protocol::{ActivityChange, ActivityHostView, ActivityInput};
use proptest::prelude::*;

const HOST: Who = Who::Host;

fn spec(mode: WallMode, likes: LikesMode, anonymous: bool) -> BrainstormSpec {
    BrainstormSpec {
        title: "Hoe maken we de les beter?".into(),
        per_person: 2,
        max_chars: 140,
        by_team: false,
        anonymous,
        mode,
        likes,
    }
}

fn p(n: u32) -> Who {
    Who::Participant(ParticipantId(n))
}

fn wall(spec: BrainstormSpec, class: &mut Class) -> Brainstorm {
    let mut wall = Brainstorm::create(ActivityId(1), spec).unwrap();
    wall.handle(HOST, &BrainstormInput::Open, &mut class.at(0))
        .unwrap();
    wall
}

fn add(wall: &mut Brainstorm, class: &mut Class, who: u32, text: &str) -> u32 {
    let outcome = wall
        .handle(
            p(who),
            &BrainstormInput::Add { text: text.into() },
            &mut class.at(10),
        )
        .unwrap();
    assert!(outcome.progress);
    *wall
        .by_author
        .get(&ParticipantId(who))
        .and_then(|m| m.last())
        .unwrap()
}

fn like(
    wall: &mut Brainstorm,
    class: &mut Class,
    who: u32,
    card: u32,
) -> Result<Outcome, ActError> {
    wall.handle(
        p(who),
        &BrainstormInput::Like { card, like: true },
        &mut class.at(20),
    )
}

fn public(wall: &Brainstorm, class: &Class) -> BrainstormView {
    wall.view(&class.people())
}

fn host(wall: &Brainstorm, class: &Class) -> BrainstormHost {
    match wall.host_view(&class.people()) {
        Some(ActivityHostView::Brainstorm(h)) => h,
        _ => unreachable!(),
    }
}

fn audiences(outcome: &Outcome) -> Vec<Audience> {
    outcome.changes.iter().map(|c| c.audience).collect()
}

#[test]
fn a_new_idea_is_one_change_for_everyone_and_one_for_the_host() {
    let mut class = Class::new(3);
    let mut wall = wall(spec(WallMode::Live, LikesMode::Live, true), &mut class);
    let outcome = wall
        .handle(
            p(0),
            &BrainstormInput::Add {
                text: "  Meer   buiten lessen ".into(),
            },
            &mut class.at(5),
        )
        .unwrap();
    assert_eq!(
        audiences(&outcome),
        vec![Audience::Everyone, Audience::Host]
    );
    assert!(!outcome.view, "never the whole wall per card");
    assert_eq!(outcome.personal, vec![Whose::One(ParticipantId(0))]);
    let view = public(&wall, &class);
    assert_eq!(view.cards.len(), 1);
    assert_eq!(view.cards[0].text, "Meer buiten lessen");
    assert_eq!(view.cards[0].author, None, "anonymous");
    assert_eq!(view.cards[0].likes, Some(0));
    let mine = wall.personal(ParticipantId(0), &class.people()).mine;
    assert_eq!(mine[0].status, CardStatus::Shown);
    assert!(
        wall.personal(ParticipantId(1), &class.people())
            .mine
            .is_empty()
    );
}

#[test]
fn refused_ideas_change_nothing() {
    let mut class = Class::new(2);
    let mut wall = wall(spec(WallMode::Live, LikesMode::Live, true), &mut class);
    let before = serde_json::to_value(&wall).unwrap();
    let refuse = |wall: &mut Brainstorm, class: &mut Class, text: &str| {
        wall.handle(
            p(0),
            &BrainstormInput::Add { text: text.into() },
            &mut class.at(1),
        )
        .unwrap_err()
        .code
    };
    assert_eq!(
        refuse(&mut wall, &mut class, "fuck deze les"),
        ErrorCode::Inappropriate
    );
    assert_eq!(
        refuse(&mut wall, &mut class, &"a".repeat(141)),
        ErrorCode::TooLong
    );
    assert_eq!(refuse(&mut wall, &mut class, "   "), ErrorCode::Blank);
    assert_eq!(serde_json::to_value(&wall).unwrap(), before);
    add(&mut wall, &mut class, 0, "een");
    add(&mut wall, &mut class, 0, "twee");
    assert_eq!(
        refuse(&mut wall, &mut class, "drie"),
        ErrorCode::LimitReached
    );
}

#[test]
fn an_approving_wall_shows_a_card_only_once_approved() {
    let mut class = Class::new(2);
    let mut wall = wall(spec(WallMode::Approve, LikesMode::Live, true), &mut class);
    let outcome = wall
        .handle(
            p(0),
            &BrainstormInput::Add {
                text: "Pauze later".into(),
            },
            &mut class.at(1),
        )
        .unwrap();
    assert_eq!(audiences(&outcome), vec![Audience::Host], "the queue only");
    let card = host(&wall, &class).cards[0].id;
    assert_eq!(host(&wall, &class).cards[0].status, CardStatus::Waiting);
    assert!(public(&wall, &class).cards.is_empty());
    assert_eq!(
        like(&mut wall, &mut class, 1, card).unwrap_err().code,
        ErrorCode::InvalidChoice,
        "a waiting card cannot be liked"
    );
    let outcome = wall
        .handle(HOST, &BrainstormInput::Approve { card }, &mut class.at(2))
        .unwrap();
    assert_eq!(
        audiences(&outcome),
        vec![Audience::Everyone, Audience::Host]
    );
    assert_eq!(public(&wall, &class).cards.len(), 1);
    // Its author changes it: it waits again.
    wall.handle(
        p(0),
        &BrainstormInput::Edit {
            card,
            text: "Pauze om 10 uur".into(),
        },
        &mut class.at(3),
    )
    .unwrap();
    assert!(public(&wall, &class).cards.is_empty());
    assert_eq!(host(&wall, &class).cards[0].status, CardStatus::Waiting);
}

#[test]
fn a_private_wall_shows_every_card_at_the_reveal_in_random_order() {
    let mut class = Class::new(4);
    let mut wall = wall(spec(WallMode::Private, LikesMode::Live, true), &mut class);
    let mut written = Vec::new();
    for who in 0..4 {
        let outcome = wall
            .handle(
                p(who),
                &BrainstormInput::Add {
                    text: format!("idee {who}"),
                },
                &mut class.at(1),
            )
            .unwrap();
        assert_eq!(audiences(&outcome), vec![Audience::Host]);
        written.push(*wall.order.last().unwrap());
    }
    assert!(public(&wall, &class).cards.is_empty());
    assert_eq!(
        wall.personal(ParticipantId(2), &class.people()).mine[0].status,
        CardStatus::Private
    );
    let outcome = wall
        .handle(HOST, &BrainstormInput::Reveal, &mut class.at(2))
        .unwrap();
    assert!(outcome.view, "all cards at once, in one view");
    let shown: Vec<u32> = public(&wall, &class).cards.iter().map(|c| c.id).collect();
    let mut sorted = written.clone();
    sorted.sort_unstable();
    assert_eq!(shown, sorted, "by random number, not by writing order");
    // Later ideas appear at once.
    let outcome = wall
        .handle(
            p(0),
            &BrainstormInput::Add {
                text: "nog een".into(),
            },
            &mut class.at(3),
        )
        .unwrap();
    assert_eq!(
        audiences(&outcome),
        vec![Audience::Everyone, Audience::Host]
    );
}

#[test]
fn likes_once_per_person_never_the_own_and_hidden_until_the_close() {
    let mut class = Class::new(3);
    let mut wall = wall(spec(WallMode::Live, LikesMode::Hidden, true), &mut class);
    let card = add(&mut wall, &mut class, 0, "Samen lunchen");
    assert_eq!(
        like(&mut wall, &mut class, 0, card).unwrap_err().code,
        ErrorCode::OwnIdea
    );
    let outcome = like(&mut wall, &mut class, 1, card).unwrap();
    assert_eq!(
        audiences(&outcome),
        vec![Audience::Host],
        "hidden likes: nothing for everyone"
    );
    let again = like(&mut wall, &mut class, 1, card).unwrap();
    assert_eq!(again, Outcome::default(), "a second like changes nothing");
    like(&mut wall, &mut class, 2, card).unwrap();
    assert_eq!(public(&wall, &class).cards[0].likes, None);
    assert_eq!(host(&wall, &class).cards[0].likes, 2);
    assert_eq!(
        wall.personal(ParticipantId(1), &class.people()).liked,
        vec![card]
    );
    wall.handle(HOST, &BrainstormInput::Close, &mut class.at(30))
        .unwrap();
    assert_eq!(public(&wall, &class).cards[0].likes, Some(2));
    assert_eq!(
        wall.handle(
            p(1),
            &BrainstormInput::Like { card, like: false },
            &mut class.at(31)
        )
        .unwrap_err()
        .code,
        ErrorCode::WallClosed
    );
    let mut off = self::wall(spec(WallMode::Live, LikesMode::Off, true), &mut class);
    let card = add(&mut off, &mut class, 0, "Geen likes");
    assert_eq!(
        like(&mut off, &mut class, 1, card).unwrap_err().code,
        ErrorCode::LikesOff
    );
    assert_eq!(public(&off, &class).cards[0].likes, None);
}

#[test]
fn a_merged_card_keeps_every_like_once_per_person() {
    let mut class = Class::new(5);
    let mut wall = wall(spec(WallMode::Live, LikesMode::Live, true), &mut class);
    let a = add(&mut wall, &mut class, 0, "Meer uitjes");
    let b = add(&mut wall, &mut class, 1, "Vaker op excursie");
    for who in [2, 3] {
        like(&mut wall, &mut class, who, a).unwrap();
    }
    for who in [3, 4, 0] {
        like(&mut wall, &mut class, who, b).unwrap();
    }
    let outcome = wall
        .handle(
            HOST,
            &BrainstormInput::Merge { card: b, into: a },
            &mut class.at(40),
        )
        .unwrap();
    let view = public(&wall, &class);
    assert_eq!(view.cards.len(), 1);
    assert_eq!(view.cards[0].id, a);
    assert_eq!(view.cards[0].likes, Some(4), "2, 3, 4 and 0, each once");
    assert_eq!(view.cards[0].merged, 1);
    assert!(
        outcome
            .changes
            .iter()
            .any(|c| c.audience == Audience::Everyone
                && matches!(c.change, ActivityChange::Brainstorm(BrainstormChange::Gone { id, .. }) if id == b))
    );
    assert_eq!(
        wall.personal(ParticipantId(1), &class.people()).mine[0].status,
        CardStatus::Merged
    );
    assert!(
        wall.personal(ParticipantId(4), &class.people())
            .liked
            .contains(&a)
    );
    // The duplicate's author wrote part of the merged card: no like of their own.
    assert_eq!(
        like(&mut wall, &mut class, 1, a).unwrap_err().code,
        ErrorCode::OwnIdea
    );
}

#[test]
fn a_hidden_card_leaves_every_screen_but_the_hosts_list() {
    let mut class = Class::new(2);
    let mut wall = wall(spec(WallMode::Live, LikesMode::Live, true), &mut class);
    let card = add(&mut wall, &mut class, 0, "iets onaardigs");
    let outcome = wall
        .handle(
            HOST,
            &BrainstormInput::Hide { card, hidden: true },
            &mut class.at(2),
        )
        .unwrap();
    assert_eq!(
        outcome.changes[0],
        Change {
            audience: Audience::Everyone,
            key: Some(u64::from(card)),
            change: ActivityChange::Brainstorm(BrainstormChange::Gone { id: card, total: 0 }),
        }
    );
    assert!(public(&wall, &class).cards.is_empty());
    assert_eq!(host(&wall, &class).cards[0].status, CardStatus::Hidden);
    assert_eq!(
        wall.personal(ParticipantId(0), &class.people()).mine[0].status,
        CardStatus::Hidden,
        "its author is told"
    );
    wall.handle(
        HOST,
        &BrainstormInput::Hide {
            card,
            hidden: false,
        },
        &mut class.at(3),
    )
    .unwrap();
    assert_eq!(public(&wall, &class).cards.len(), 1);
}

#[test]
fn only_the_author_edits_or_withdraws_and_only_while_open() {
    let mut class = Class::new(2);
    let mut wall = wall(spec(WallMode::Live, LikesMode::Live, false), &mut class);
    let card = add(&mut wall, &mut class, 0, "Eerst");
    let edit = |text: &str| BrainstormInput::Edit {
        card,
        text: text.into(),
    };
    assert_eq!(
        wall.handle(p(1), &edit("Van mij"), &mut class.at(1))
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    assert_eq!(
        wall.handle(p(1), &BrainstormInput::Withdraw { card }, &mut class.at(1))
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    wall.handle(p(0), &edit("Eerst uitslapen"), &mut class.at(2))
        .unwrap();
    assert_eq!(public(&wall, &class).cards[0].text, "Eerst uitslapen");
    assert_eq!(
        public(&wall, &class).cards[0].author.as_deref(),
        Some("p0"),
        "a named wall"
    );
    wall.handle(HOST, &edit("Eerst uitslapen!"), &mut class.at(3))
        .unwrap();
    assert!(host(&wall, &class).cards[0].edited);
    wall.handle(HOST, &BrainstormInput::Close, &mut class.at(4))
        .unwrap();
    assert_eq!(
        wall.handle(p(0), &edit("later"), &mut class.at(5))
            .unwrap_err()
            .code,
        ErrorCode::WallClosed
    );
    wall.handle(HOST, &BrainstormInput::Reopen, &mut class.at(6))
        .unwrap();
    let outcome = wall
        .handle(p(0), &BrainstormInput::Withdraw { card }, &mut class.at(7))
        .unwrap();
    assert!(
        outcome
            .changes
            .iter()
            .any(|c| c.audience == Audience::Everyone
                && matches!(c.change, ActivityChange::Brainstorm(BrainstormChange::Gone { id, .. }) if id == card))
    );
    assert!(public(&wall, &class).cards.is_empty());
    assert!(host(&wall, &class).cards.is_empty());
    assert_eq!(wall.responded(), 0);
    add(&mut wall, &mut class, 0, "Opnieuw");
    add(&mut wall, &mut class, 0, "Withdrawn ones do not count");
}

#[test]
fn carrying_cards_asks_the_room_for_a_dot_vote_linked_to_them() {
    let mut class = Class::in_teams(6, 2);
    let mut spec = spec(WallMode::Live, LikesMode::Live, true);
    spec.by_team = true;
    let mut wall = wall(spec, &mut class);
    let cards: Vec<u32> = (0..4)
        .map(|who| add(&mut wall, &mut class, who, &format!("idee {who}")))
        .collect();
    // Likes: card 2 most, then card 0; card 3 is pinned; card 1 hidden.
    for (card, likers) in [(cards[2], vec![0, 1, 3]), (cards[0], vec![1, 2])] {
        for who in likers {
            like(&mut wall, &mut class, who, card).unwrap();
        }
    }
    wall.handle(
        HOST,
        &BrainstormInput::Pin {
            card: cards[3],
            pinned: true,
        },
        &mut class.at(50),
    )
    .unwrap();
    wall.handle(
        HOST,
        &BrainstormInput::Hide {
            card: cards[1],
            hidden: true,
        },
        &mut class.at(51),
    )
    .unwrap();
    let carried = |wall: &mut Brainstorm, class: &mut Class, pick| {
        let before = serde_json::to_value(&*wall).unwrap();
        let outcome = wall
            .handle(
                HOST,
                &BrainstormInput::Carry {
                    pick,
                    title: "Kies".into(),
                },
                &mut class.at(60),
            )
            .unwrap();
        assert_eq!(serde_json::to_value(&*wall).unwrap(), before);
        match &outcome.room[..] {
            [
                RoomOp::AddActivity {
                    spec: ActivitySpec::DotVote(vote),
                    current: true,
                },
            ] => vote.clone(),
            other => panic!("{other:?}"),
        }
    };
    let all = carried(&mut wall, &mut class, CarryPick::All);
    let ids: Vec<u32> = all.options.iter().map(|o| o.card.unwrap().card).collect();
    assert_eq!(
        ids,
        vec![cards[0], cards[2], cards[3]],
        "visible cards only"
    );
    assert!(all.no_own_team && all.by_team && all.anonymous);
    let people = class.people();
    assert_eq!(
        all.options[0].team,
        people.team_of(ParticipantId(0)),
        "the option keeps its team"
    );
    assert_eq!(
        all.options[0].card,
        Some(CardRef {
            activity: ActivityId(1),
            card: cards[0]
        })
    );
    let top = carried(&mut wall, &mut class, CarryPick::Top { n: 2 });
    let ids: Vec<u32> = top.options.iter().map(|o| o.card.unwrap().card).collect();
    assert_eq!(ids, vec![cards[0], cards[2]]);
    let err = wall
        .handle(
            HOST,
            &BrainstormInput::Carry {
                pick: CarryPick::Pinned,
                title: "Kies".into(),
            },
            &mut class.at(61),
        )
        .unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::InvalidSpec,
        "one pinned card is no vote"
    );
}

#[test]
fn a_team_wall_needs_a_team() {
    let mut class = Class::new(2);
    let mut spec = spec(WallMode::Live, LikesMode::Live, true);
    spec.by_team = true;
    let mut wall = wall(spec, &mut class);
    let err = wall
        .handle(
            p(0),
            &BrainstormInput::Add { text: "x y".into() },
            &mut class.at(1),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NoTeam);
}

#[test]
fn withdrawn_cards_never_fill_the_wall_and_each_persons_churn_is_capped() {
    let mut class = Class::new(2);
    let mut wall = wall_of(&mut class);
    // One person writes and withdraws in a loop, up to the cap.
    for _ in 0..MAX_WRITES_PER_PERSON {
        let card = add(&mut wall, &mut class, 0, "Weg ermee, nog een keer");
        wall.handle(p(0), &BrainstormInput::Withdraw { card }, &mut class.at(11))
            .unwrap();
    }
    let again = BrainstormInput::Add {
        text: "En nog een keer".into(),
    };
    let err = wall.handle(p(0), &again, &mut class.at(12)).unwrap_err();
    assert_eq!(err.code, ErrorCode::LimitReached);
    // A wall whose stored cards are all withdrawn (many churners) is not full.
    let withdrawn = wall.cards.values().next().unwrap().clone();
    for id in 0..MAX_CARDS as u32 {
        let card = Card {
            id: u32::MAX - id,
            ..withdrawn.clone()
        };
        wall.order.push(card.id);
        wall.cards.insert(card.id, card);
    }
    assert!(wall.cards.len() > MAX_CARDS);
    add(&mut wall, &mut class, 1, "Een echt idee");
}

/// Every key of a JSON value, recursively, with its value.
fn entries(value: &serde_json::Value, out: &mut Vec<(String, serde_json::Value)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.push((k.clone(), v.clone()));
                entries(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| entries(v, out)),
        _ => {}
    }
}

/// Whether a serialised output names a person: a nickname anywhere, or a non-null field
/// that points at one.
fn names_someone(value: &serde_json::Value, nicknames: &[String]) -> bool {
    let text = value.to_string();
    if nicknames.iter().any(|n| text.contains(&format!("\"{n}\""))) {
        return true;
    }
    let mut all = Vec::new();
    entries(value, &mut all);
    all.iter().any(|(k, v)| {
        matches!(
            k.as_str(),
            "author" | "participant" | "nickname" | "likedBy" | "writtenAt" | "by"
        ) && !v.is_null()
    })
}

#[derive(Debug, Clone)]
enum Step {
    Add(u32, u8),
    Edit(u32, usize),
    Withdraw(u32, usize),
    Like(u32, usize, bool),
    Approve(usize),
    Hide(usize, bool),
    Pin(usize),
    Merge(usize, usize),
    Reveal,
    Close,
    Reopen,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..6u32, 0..5u8).prop_map(|(w, n)| Step::Add(w, n)),
        1 => (0..6u32, 0..12usize).prop_map(|(w, c)| Step::Edit(w, c)),
        1 => (0..6u32, 0..12usize).prop_map(|(w, c)| Step::Withdraw(w, c)),
        3 => (0..6u32, 0..12usize, any::<bool>()).prop_map(|(w, c, l)| Step::Like(w, c, l)),
        1 => (0..12usize).prop_map(Step::Approve),
        1 => (0..12usize, any::<bool>()).prop_map(|(c, h)| Step::Hide(c, h)),
        1 => (0..12usize).prop_map(Step::Pin),
        1 => (0..12usize, 0..12usize).prop_map(|(a, b)| Step::Merge(a, b)),
        1 => Just(Step::Reveal),
        1 => Just(Step::Close),
        1 => Just(Step::Reopen),
    ]
}

fn mode() -> impl Strategy<Value = (WallMode, LikesMode)> {
    (
        prop_oneof![
            Just(WallMode::Live),
            Just(WallMode::Approve),
            Just(WallMode::Private)
        ],
        prop_oneof![
            Just(LikesMode::Live),
            Just(LikesMode::Hidden),
            Just(LikesMode::Off)
        ],
    )
}

proptest! {
    /// Over any inputs: a refusal changes nothing; a hidden (or waiting, private, merged,
    /// withdrawn) card is in no public view and reaches everyone only as a removal, while the
    /// host's list keeps it; likes count each person once, never the card's own author; and
    /// in an anonymous wall no view, change, personal view of another, export or report
    /// names anyone.
    #[test]
    fn the_wall_keeps_its_promises(
        (mode, likes) in mode(),
        by_team in any::<bool>(),
        steps in proptest::collection::vec(step(), 0..80),
    ) {
        let mut class = Class::in_teams(6, 2);
        let spec = BrainstormSpec { by_team, ..spec(mode, likes, true) };
        let mut wall = wall(spec, &mut class);
        let nicknames: Vec<String> = (0..6).map(|i| format!("p{i}")).collect();
        for (at, s) in steps.into_iter().enumerate() {
            let card = |i: usize| wall.order.get(i % wall.order.len().max(1)).copied().unwrap_or(0);
            let (who, input) = match s {
                Step::Add(w, n) => (p(w), BrainstormInput::Add { text: format!("idee nummer {n}") }),
                Step::Edit(w, c) => (p(w), BrainstormInput::Edit { card: card(c), text: format!("anders {at}") }),
                Step::Withdraw(w, c) => (p(w), BrainstormInput::Withdraw { card: card(c) }),
                Step::Like(w, c, like) => (p(w), BrainstormInput::Like { card: card(c), like }),
                Step::Approve(c) => (HOST, BrainstormInput::Approve { card: card(c) }),
                Step::Hide(c, hidden) => (HOST, BrainstormInput::Hide { card: card(c), hidden }),
                Step::Pin(c) => (HOST, BrainstormInput::Pin { card: card(c), pinned: true }),
                Step::Merge(a, b) => (HOST, BrainstormInput::Merge { card: card(a), into: card(b) }),
                Step::Reveal => (HOST, BrainstormInput::Reveal),
                Step::Close => (HOST, BrainstormInput::Close),
                Step::Reopen => (HOST, BrainstormInput::Reopen),
            };
            let before = serde_json::to_value(&wall).unwrap();
            let result = wall.handle(who, &input, &mut class.at(at as u64));
            match result {
                Err(_) => prop_assert_eq!(serde_json::to_value(&wall).unwrap(), before, "a refusal changed the state"),
                Ok(outcome) => {
                    for change in &outcome.changes {
                        let json = serde_json::to_value(&change.change).unwrap();
                        prop_assert!(!names_someone(&json, &nicknames), "a change names someone: {}", json);
                        if let ActivityChange::Brainstorm(BrainstormChange::Card { card, .. }) = &change.change {
                            prop_assert!(wall.visible(&wall.cards[&card.id]), "an upsert for everyone of a card not shown");
                        }
                    }
                }
            }
            let people = class.people();
            let view = wall.view(&people);
            for shown in &view.cards {
                prop_assert!(wall.visible(&wall.cards[&shown.id]));
            }
            let host = host(&wall, &class);
            for c in wall.cards.values() {
                prop_assert_eq!(host.cards.iter().any(|h| h.id == c.id), !c.withdrawn);
                prop_assert!(!c.likes.contains(&c.author) || c.merged_into.is_some() || !c.merged.is_empty(),
                    "an author likes their own card");
                let liked = c.likes.iter().all(|p| wall.liked.get(p).is_some_and(|s| s.contains(&c.id)));
                prop_assert!(liked, "the likes index disagrees");
            }
            let shown_ids: Vec<u32> = view.cards.iter().map(|c| c.id).collect();
            for c in wall.cards.values().filter(|c| !wall.visible(c)) {
                prop_assert!(!shown_ids.contains(&c.id), "a hidden card is shown");
            }
            let outputs = [
                serde_json::to_value(&view).unwrap(),
                serde_json::to_value(&host).unwrap(),
                serde_json::to_value(wall.export(ActivityId(1), &people, Lang::Nl).detail).unwrap(),
            ];
            for out in &outputs {
                prop_assert!(!names_someone(out, &nicknames), "names someone: {}", out);
            }
            let export = wall.export(ActivityId(1), &people, Lang::En);
            prop_assert!(export.anonymous);
            for row in &export.rows {
                prop_assert!(row.participant.is_none() && row.nickname.is_none());
            }
            let report = format!("{:?}", export.report);
            for n in &nicknames {
                prop_assert!(!report.contains(&format!("\"{n}\"")), "the report names {}", n);
            }
        }
    }
}

mod in_a_room {
    use super::*;
    use crate::room::state::{Effect, Input, Record, RoomMeta, RoomState};
    use kring_protocol::{Act, ClientMsgId, RoomCode};

    fn act(room: &mut RoomState, who: Who, id: &str, act: Act) -> Result<Vec<Effect>, ActError> {
        let record = Record::new(
            room.seq() + 1,
            who,
            Input::Act {
                id: Some(ClientMsgId(id.into())),
                act,
            },
        );
        room.apply(&record).map(|a| a.effects)
    }

    fn wall_input(input: BrainstormInput) -> Act {
        Act::Activity {
            activity: ActivityId(1),
            input: ActivityInput::Brainstorm(input),
        }
    }

    #[test]
    fn carrying_appends_a_current_dot_vote_unless_the_agenda_is_full() {
        let mut room = RoomState::new(RoomMeta {
            code: RoomCode("ABCDEF".into()),
            title: "MZ2B".into(),
            host_key: "k".into(),
            seed: 1,
            created_at: 0,
            keeps_times: true,
        });
        for (i, name) in ["Sam", "Ali", "Noor"].iter().enumerate() {
            let join = Input::Join {
                nickname: Some((*name).into()),
                lang: Lang::Nl,
                token: format!("t{i}"),
            };
            room.apply(&Record::new(1, Who::System, join)).unwrap();
        }
        let wall = || ActivitySpec::Brainstorm(spec(WallMode::Live, LikesMode::Live, true));
        act(
            &mut room,
            HOST,
            "h1",
            Act::AddActivity {
                spec: wall(),
                session: None,
            },
        )
        .unwrap();
        let current = Act::SetCurrent {
            activity: Some(ActivityId(1)),
        };
        act(&mut room, HOST, "h2", current).unwrap();
        act(&mut room, HOST, "h3", wall_input(BrainstormInput::Open)).unwrap();
        for who in 0..3 {
            let add = BrainstormInput::Add {
                text: format!("idee {who}"),
            };
            act(&mut room, p(who), "a", wall_input(add)).unwrap();
        }
        let carry = || {
            wall_input(BrainstormInput::Carry {
                pick: CarryPick::All,
                title: "Kies er één".into(),
            })
        };
        // A full agenda refuses the carry, and nothing changes.
        for n in 0..(crate::room::MAX_SESSION_ACTIVITIES - 1) {
            act(
                &mut room,
                HOST,
                &format!("fill{n}"),
                Act::AddActivity {
                    spec: wall(),
                    session: None,
                },
            )
            .unwrap();
        }
        let before = serde_json::to_value(&room).unwrap();
        let err = act(&mut room, HOST, "carry", carry()).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidSpec);
        assert_eq!(serde_json::to_value(&room).unwrap(), before);
        let last = room.activities().last().map(|(id, _)| id).unwrap();
        act(
            &mut room,
            HOST,
            "rm",
            Act::RemoveActivity { activity: last },
        )
        .unwrap();
        let effects = act(&mut room, HOST, "carry", carry()).unwrap();
        assert!(effects.contains(&Effect::Activity) && effects.contains(&Effect::PersonalAll));
        let (id, added) = room.activities().last().unwrap();
        assert_eq!(room.current_id(), Some(id), "the dot-vote is current");
        let ActivitySpec::DotVote(vote) = added.kind().spec() else {
            panic!("not a dot-vote")
        };
        assert_eq!(vote.title, "Kies er één");
        assert_eq!(vote.options.len(), 3);
        assert!(
            !added.kind().started(),
            "in its lobby: its settings can change"
        );
    }
}

#[test]
fn in_a_hall_phones_get_a_bounded_wall_at_phase_changes_and_watchers_every_card() {
    let mut class = Class::new(HALL as u32 + 1);
    let mut s = spec(WallMode::Live, LikesMode::Live, true);
    s.per_person = 1;
    let mut wall = wall(s, &mut class);
    for who in 0..(HALL_VIEW_CARDS as u32 + 20) {
        let outcome = wall
            .handle(
                p(who),
                &BrainstormInput::Add {
                    text: format!("Idee {who}"),
                },
                &mut class.at(10 + u64::from(who)),
            )
            .unwrap();
        // Every card goes to the projector and the host, none to 1,001 phones.
        assert_eq!(audiences(&outcome), [Audience::Watchers, Audience::Host]);
    }
    // A liked older card stays in the phones' bounded view; the newest cards fill the rest.
    let first = *wall.by_author[&ParticipantId(0)].last().unwrap();
    like(&mut wall, &mut class, 5, first).unwrap();
    let view = public(&wall, &class);
    assert!(!view.live);
    assert_eq!(view.total, HALL_VIEW_CARDS as u32 + 20);
    assert_eq!(view.cards.len(), HALL_VIEW_CARDS);
    assert!(
        view.cards.iter().any(|c| c.id == first),
        "the liked card is kept"
    );
    // A class gets every card live, and its view is whole.
    let mut small = Class::new(3);
    let mut wall = wall_of(&mut small);
    let outcome = wall
        .handle(
            p(0),
            &BrainstormInput::Add { text: "Hoi".into() },
            &mut small.at(5),
        )
        .unwrap();
    assert_eq!(audiences(&outcome), [Audience::Everyone, Audience::Host]);
    assert!(public(&wall, &small).live);
}

fn wall_of(class: &mut Class) -> Brainstorm {
    wall(spec(WallMode::Live, LikesMode::Live, true), class)
}
