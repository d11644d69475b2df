//! Teams and role cards: room-level state that outlives any one activity (teams persist across
//! sessions until the host changes them). Pure: randomness comes in as a seeded generator.
//!
//! - Forming at random is balanced (sizes differ by at most one), keeps "apart" pairs in
//!   different teams whenever a balanced placement allows it (greedy first, then a bounded
//!   search), and keeps "together" pairs together where sizes allow.
//! - Dealing role cards gives every role once in a team before any role repeats, and as few
//!   people as possible the role they had last time (a maximum bipartite matching per team).

use std::collections::{BTreeMap, BTreeSet};

use kring_protocol::{
    ErrorCode, MAX_NICKNAME_CHARS, Pair, ParticipantId, RoleCard, TeamFormation, TeamId,
    TeamMember, TeamRules, TeamView, TeamsView,
};
use rand::Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use super::error::ActError;
use crate::names;

/// Most teams in a room.
pub const MAX_TEAMS: usize = 200;
/// Most role cards in a room.
pub const MAX_ROLES: usize = 8;
/// Longest role description, in characters.
pub const MAX_ROLE_DESCRIPTION_CHARS: usize = 120;
/// Most pairs in the rules for forming teams.
pub const MAX_RULE_PAIRS: usize = 200;
/// Steps the search for a placement that keeps every "apart" pair apart may take.
const SEARCH_BUDGET: usize = 200_000;

/// The default role cards of the co-creation sessions (Dutch; pages translate them by `key`).
pub fn default_roles() -> Vec<RoleCard> {
    [
        ("ontwerper", "Ontwerper", "Komt met ideeën."),
        // Its key stays "concretiseerder" (stored rooms and pages know it by that key); its
        // name is the word a student uses.
        (
            "concretiseerder",
            "Uitwerker",
            "Werkt de ideeën concreet uit.",
        ),
        ("realist", "Realist", "Checkt wat haalbaar is."),
    ]
    .into_iter()
    .map(|(key, name, description)| RoleCard {
        key: Some(key.into()),
        name: name.into(),
        description: description.into(),
    })
    .collect()
}

/// A role card's name as exports show it: a built-in card (by its key) under its name today,
/// so a room stored before a name changed ("Concretiseerder" became "Uitwerker") reads like a
/// new one; the host's own cards as typed.
pub fn role_name(role: &RoleCard) -> String {
    role.key
        .as_deref()
        .and_then(|key| {
            default_roles()
                .into_iter()
                .find(|d| d.key.as_deref() == Some(key))
        })
        .map_or_else(|| role.name.clone(), |d| d.name)
}

/// One team.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Team {
    /// Id (never reused, so old responses keep pointing at the team they were given in).
    pub id: TeamId,
    /// Name.
    pub name: String,
    /// Colour index.
    pub colour: u32,
    /// Members in the order they joined the team.
    pub members: Vec<ParticipantId>,
    /// Still one of the room's teams (false: replaced by a later formation).
    pub active: bool,
}

/// The room's teams, roles and rules.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Teams {
    /// Every team ever formed in this room; the active ones are the current teams.
    teams: Vec<Team>,
    /// Which active team each participant is in.
    of: BTreeMap<ParticipantId, TeamId>,
    /// While students pick: the most members per team.
    picking: Option<u32>,
    /// The role cards.
    roles: Vec<RoleCard>,
    /// Dealt roles (indexes into `roles`).
    role_of: BTreeMap<ParticipantId, u32>,
    /// Pairs to keep apart or together (host only).
    rules: TeamRules,
}

impl Default for Teams {
    fn default() -> Self {
        Teams {
            teams: Vec::new(),
            of: BTreeMap::new(),
            picking: None,
            roles: default_roles(),
            role_of: BTreeMap::new(),
            rules: TeamRules::default(),
        }
    }
}

fn invalid(message: impl Into<String>) -> ActError {
    ActError::invalid_spec(message)
}

fn no_such_team() -> ActError {
    ActError::new(ErrorCode::InvalidChoice, "no such team")
}

impl Teams {
    /// The team a participant is in, if any.
    pub fn team_of(&self, who: ParticipantId) -> Option<TeamId> {
        self.of.get(&who).copied()
    }

    /// The role card index dealt to a participant, if any.
    pub fn role_of(&self, who: ParticipantId) -> Option<u32> {
        self.role_of.get(&who).copied()
    }

    /// The current teams, in order.
    pub fn active(&self) -> impl Iterator<Item = &Team> {
        self.teams.iter().filter(|t| t.active)
    }

    /// Every team ever formed in this room, current and replaced, in order.
    pub fn all(&self) -> impl Iterator<Item = &Team> {
        self.teams.iter()
    }

    /// Any team ever formed in this room, by id.
    pub fn get(&self, id: TeamId) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }

    /// Whether the room has teams now.
    pub fn any(&self) -> bool {
        self.active().next().is_some()
    }

    /// Whether students are picking their team now.
    pub fn picking(&self) -> bool {
        self.picking.is_some()
    }

    /// The role cards.
    pub fn roles(&self) -> &[RoleCard] {
        &self.roles
    }

    /// The rules for forming teams.
    pub fn rules(&self) -> &TeamRules {
        &self.rules
    }

    fn active_mut(&mut self, id: TeamId) -> Result<&mut Team, ActError> {
        self.teams
            .iter_mut()
            .find(|t| t.id == id && t.active)
            .ok_or_else(no_such_team)
    }

    /// Retires the current teams and makes `groups` the new ones.
    fn replace(&mut self, groups: Vec<Vec<ParticipantId>>) {
        for team in &mut self.teams {
            team.active = false;
        }
        self.of.clear();
        self.role_of.clear();
        let first = self.teams.len() as u32;
        for (i, members) in groups.into_iter().enumerate() {
            let id = TeamId(first + i as u32 + 1);
            for &p in &members {
                self.of.insert(p, id);
            }
            self.teams.push(Team {
                id,
                name: format!("Team {}", i + 1),
                colour: i as u32,
                members,
                active: true,
            });
        }
    }

    /// Forms new teams from `people` (the participants to place, e.g. those connected now).
    pub fn form(
        &mut self,
        formation: &TeamFormation,
        people: &[ParticipantId],
        rng: &mut impl Rng,
    ) -> Result<(), ActError> {
        let count = match *formation {
            TeamFormation::BySize { size } => {
                if size < 2 {
                    return Err(invalid("a team has at least 2 members"));
                }
                (people.len() as u32).div_ceil(size).max(1)
            }
            TeamFormation::ByCount { count } | TeamFormation::Pick { count, .. } => count,
        } as usize;
        if count == 0 || count > MAX_TEAMS {
            return Err(invalid(format!("a room has 1 to {MAX_TEAMS} teams")));
        }
        if let TeamFormation::Pick { max_size, .. } = *formation {
            if max_size == 0 {
                return Err(invalid("a team takes at least one member"));
            }
            self.replace(vec![Vec::new(); count]);
            self.picking = Some(max_size);
            return Ok(());
        }
        let mut people = people.to_vec();
        people.shuffle(rng);
        let groups = place(&people, count, &self.rules, rng);
        self.replace(groups);
        self.picking = None;
        Ok(())
    }

    /// A student picks a team while picking is open.
    pub fn pick(&mut self, who: ParticipantId, team: TeamId) -> Result<(), ActError> {
        let Some(max) = self.picking else {
            return Err(ActError::new(
                ErrorCode::WrongPhase,
                "teams are not being picked now",
            ));
        };
        if self.team_of(who) == Some(team) {
            return Ok(());
        }
        let target = self.active_mut(team)?;
        if target.members.len() as u32 >= max {
            return Err(ActError::new(ErrorCode::TeamFull, "this team is full"));
        }
        self.move_to(who, Some(team))
    }

    /// Ends picking: who did not pick goes, one by one, to the smallest team.
    pub fn close_picking(&mut self, unplaced: &[ParticipantId]) -> Result<(), ActError> {
        if self.picking.take().is_none() {
            return Err(ActError::new(
                ErrorCode::WrongPhase,
                "teams are not being picked now",
            ));
        }
        for &p in unplaced {
            if self.team_of(p).is_none() {
                self.place_late(p);
            }
        }
        Ok(())
    }

    /// Moves a participant to a team (or out of every team); their role stays theirs.
    pub fn move_to(&mut self, who: ParticipantId, team: Option<TeamId>) -> Result<(), ActError> {
        if let Some(team) = team {
            self.active_mut(team)?;
        }
        if let Some(old) = self.of.remove(&who)
            && let Ok(old) = self.active_mut(old)
        {
            old.members.retain(|&m| m != who);
        }
        if let Some(team) = team {
            self.active_mut(team)?.members.push(who);
            self.of.insert(who, team);
        } else {
            self.role_of.remove(&who);
        }
        Ok(())
    }

    /// The active team a late joiner should go to: the smallest, avoiding "apart" partners
    /// where possible (ties: the first). `None` without teams or while students pick.
    pub fn team_for_late_joiner(&self, who: ParticipantId) -> Option<TeamId> {
        if self.picking.is_some() {
            return None;
        }
        let apart = partners(&self.rules.apart, who);
        self.active()
            .min_by_key(|t| {
                let conflict = t.members.iter().any(|m| apart.contains(m));
                (conflict, t.members.len())
            })
            .map(|t| t.id)
    }

    /// Places a late joiner in the smallest team and, when roles were dealt there, gives them
    /// the role that team has least of.
    pub fn place_late(&mut self, who: ParticipantId) -> Option<TeamId> {
        let team = self.team_for_late_joiner(who)?;
        self.move_to(who, Some(team)).ok()?;
        let members = &self.get(team)?.members;
        let dealt: Vec<u32> = members.iter().filter_map(|m| self.role_of(*m)).collect();
        if !dealt.is_empty() {
            let least = (0..self.roles.len() as u32)
                .min_by_key(|r| dealt.iter().filter(|d| *d == r).count())
                .unwrap_or(0);
            self.role_of.insert(who, least);
        }
        Some(team)
    }

    /// A participant left the room for good.
    pub fn remove(&mut self, who: ParticipantId) {
        let _ = self.move_to(who, None);
    }

    /// Renames a team; refused when another team has this name or one that only looks the
    /// same (`teamNameTaken`).
    pub fn rename(&mut self, team: TeamId, name: &str) -> Result<(), ActError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_NICKNAME_CHARS {
            return Err(ActError::new(
                ErrorCode::TooLong,
                format!("a team name has 1 to {MAX_NICKNAME_CHARS} characters"),
            ));
        }
        self.active_mut(team)?;
        if self.name_taken(team, name) {
            return Err(ActError::new(
                ErrorCode::TeamNameTaken,
                "another team already has this name",
            ));
        }
        self.active_mut(team)?.name = name.to_owned();
        Ok(())
    }

    /// Whether a current team other than `team` has `name`, or a name that only looks the
    /// same (the shared look-alike key of nicknames).
    pub fn name_taken(&self, team: TeamId, name: &str) -> bool {
        let key = names::nickname_key(name);
        self.active()
            .any(|t| t.id != team && names::nickname_key(&t.name) == key)
    }

    /// Gives teams the names an activity decided (a team-name brainstorm's winners), all at
    /// once, so that names may move between teams. Two teams never share a name: should a
    /// renamed team's name be another's by then (the activity keeps this from happening; this
    /// is the last guard), a number is added ("Nachtuilen 2").
    pub fn name_all(&mut self, names: Vec<(TeamId, String)>) {
        for (team, name) in &names {
            if let Ok(t) = self.active_mut(*team) {
                t.name.clone_from(name);
            }
        }
        for (team, name) in names {
            let mut free = name.clone();
            let mut n = 1;
            while self.name_taken(team, &free) {
                n += 1;
                free = format!("{name} {n}");
            }
            if let Ok(t) = self.active_mut(team) {
                t.name = free;
            }
        }
    }

    /// Replaces the role cards; dealt roles are taken back.
    pub fn set_roles(&mut self, roles: &[RoleCard]) -> Result<(), ActError> {
        if roles.is_empty() || roles.len() > MAX_ROLES {
            return Err(invalid(format!("a room has 1 to {MAX_ROLES} role cards")));
        }
        for (i, role) in roles.iter().enumerate() {
            let name = role.name.trim();
            if name.is_empty() || name.chars().count() > MAX_NICKNAME_CHARS {
                return Err(invalid(format!(
                    "role {}: a name has 1 to {MAX_NICKNAME_CHARS} characters",
                    i + 1
                )));
            }
            if role.description.chars().count() > MAX_ROLE_DESCRIPTION_CHARS {
                return Err(invalid(format!(
                    "role {}: a description has at most {MAX_ROLE_DESCRIPTION_CHARS} characters",
                    i + 1
                )));
            }
        }
        self.roles = roles
            .iter()
            .map(|r| RoleCard {
                key: r.key.clone(),
                name: r.name.trim().to_owned(),
                description: r.description.trim().to_owned(),
            })
            .collect();
        self.role_of.clear();
        Ok(())
    }

    /// Deals the role cards within every team.
    pub fn deal_roles(&mut self, rng: &mut impl Rng) -> Result<(), ActError> {
        if !self.any() {
            return Err(ActError::new(ErrorCode::NoTeam, "form teams first"));
        }
        let deck = self.roles.len() as u32;
        let previous = std::mem::take(&mut self.role_of);
        for team in self.teams.iter().filter(|t| t.active) {
            let mut members = team.members.clone();
            members.shuffle(rng);
            let dealt = deal(&members, deck, &previous, rng);
            self.role_of.extend(dealt);
        }
        Ok(())
    }

    /// Sets the rules for forming teams; every pair must be two different participants known
    /// to `exists`.
    pub fn set_rules(
        &mut self,
        rules: &TeamRules,
        exists: impl Fn(ParticipantId) -> bool,
    ) -> Result<(), ActError> {
        let pairs = rules.apart.iter().chain(&rules.together);
        if rules.apart.len() + rules.together.len() > MAX_RULE_PAIRS {
            return Err(invalid(format!("at most {MAX_RULE_PAIRS} pairs")));
        }
        for pair in pairs {
            if pair.a == pair.b || !exists(pair.a) || !exists(pair.b) {
                return Err(ActError::new(
                    ErrorCode::InvalidChoice,
                    "a pair needs two different participants of this room",
                ));
            }
        }
        self.rules = rules.clone();
        Ok(())
    }

    /// Removes all teams (they stay in the history for exports).
    pub fn dissolve(&mut self) {
        self.replace(Vec::new());
        self.picking = None;
    }

    /// The teams as everyone sees them; `nickname` resolves members, `list` says whether the
    /// room is small enough to list members.
    pub fn view<'a>(&self, nickname: impl Fn(ParticipantId) -> &'a str, list: bool) -> TeamsView {
        TeamsView {
            teams: self
                .active()
                .map(|t| TeamView {
                    id: t.id,
                    name: t.name.clone(),
                    colour: t.colour,
                    size: t.members.len() as u32,
                    members: if list {
                        t.members
                            .iter()
                            .map(|&id| TeamMember {
                                id,
                                nickname: nickname(id).to_owned(),
                                role: self.role_of(id),
                            })
                            .collect()
                    } else {
                        Vec::new()
                    },
                })
                .collect(),
            roles: self.roles.clone(),
            picking: self.picking,
        }
    }
}

/// The partners of `who` in `pairs`.
fn partners(pairs: &[Pair], who: ParticipantId) -> BTreeSet<ParticipantId> {
    pairs
        .iter()
        .filter_map(|p| {
            if p.a == who {
                Some(p.b)
            } else if p.b == who {
                Some(p.a)
            } else {
                None
            }
        })
        .collect()
}

/// Team capacities for `n` people in `count` teams: sizes differ by at most one.
fn capacities(n: usize, count: usize) -> Vec<usize> {
    (0..count)
        .map(|i| n / count + usize::from(i < n % count))
        .collect()
}

/// Places `people` (already shuffled) in `count` balanced teams following `rules`.
fn place(
    people: &[ParticipantId],
    count: usize,
    rules: &TeamRules,
    rng: &mut impl Rng,
) -> Vec<Vec<ParticipantId>> {
    let caps = capacities(people.len(), count);
    let in_room: BTreeSet<ParticipantId> = people.iter().copied().collect();
    let apart: Vec<Pair> = rules
        .apart
        .iter()
        .filter(|p| in_room.contains(&p.a) && in_room.contains(&p.b))
        .copied()
        .collect();
    let groups = together_groups(people, &rules.together, *caps.last().unwrap_or(&0));
    let mut teams = vec![Vec::new(); count];
    for group in &groups {
        let conflicts = |team: &Vec<ParticipantId>| {
            group
                .iter()
                .map(|&p| {
                    let partners = partners(&apart, p);
                    team.iter().filter(|m| partners.contains(m)).count()
                })
                .sum::<usize>()
        };
        // Teams with room for the whole group; the group is split only if none has.
        let fits: Vec<usize> = (0..count)
            .filter(|&t| caps[t] - teams[t].len() >= group.len())
            .collect();
        if let Some(&best) = fits
            .iter()
            .min_by_key(|&&t| (conflicts(&teams[t]), teams[t].len()))
        {
            teams[best].extend(group);
        } else {
            for &p in group {
                let t = (0..count)
                    .filter(|&t| teams[t].len() < caps[t])
                    .min_by_key(|&t| (conflicts(&teams[t]), teams[t].len()))
                    .expect("capacities add up to the number of people");
                teams[t].push(p);
            }
        }
    }
    if violations(&teams, &apart) > 0
        && let Some(found) = search(people, &caps, &apart, rng)
    {
        return found;
    }
    teams
}

/// People grouped by "together" pairs (connected groups), each at most `max` large; singles
/// for everyone else. Larger groups first, so they find room.
fn together_groups(
    people: &[ParticipantId],
    together: &[Pair],
    max: usize,
) -> Vec<Vec<ParticipantId>> {
    let index: BTreeMap<ParticipantId, usize> =
        people.iter().enumerate().map(|(i, &p)| (p, i)).collect();
    let mut parent: Vec<usize> = (0..people.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for pair in together {
        if let (Some(&a), Some(&b)) = (index.get(&pair.a), index.get(&pair.b)) {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            parent[ra] = rb;
        }
    }
    let mut by_root: BTreeMap<usize, Vec<ParticipantId>> = BTreeMap::new();
    for (i, &p) in people.iter().enumerate() {
        let r = root(&mut parent, i);
        by_root.entry(r).or_default().push(p);
    }
    let mut groups: Vec<Vec<ParticipantId>> = Vec::new();
    for group in by_root.into_values() {
        for chunk in group.chunks(max.max(1)) {
            groups.push(chunk.to_vec());
        }
    }
    // Stable: equal sizes keep the shuffled order of their first member.
    groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
    groups
}

/// How many "apart" pairs share a team.
fn violations(teams: &[Vec<ParticipantId>], apart: &[Pair]) -> usize {
    let team_of: BTreeMap<ParticipantId, usize> = teams
        .iter()
        .enumerate()
        .flat_map(|(t, m)| m.iter().map(move |&p| (p, t)))
        .collect();
    apart
        .iter()
        .filter(|p| team_of.get(&p.a) == team_of.get(&p.b))
        .count()
}

/// A balanced placement with no "apart" pair together, found by a bounded depth-first search
/// (most constrained people first); `None` when there is none or the budget runs out.
fn search(
    people: &[ParticipantId],
    caps: &[usize],
    apart: &[Pair],
    rng: &mut impl Rng,
) -> Option<Vec<Vec<ParticipantId>>> {
    let mut order = people.to_vec();
    order.shuffle(rng);
    order.sort_by_key(|&p| std::cmp::Reverse(partners(apart, p).len()));
    let partners: Vec<BTreeSet<ParticipantId>> =
        order.iter().map(|&p| partners(apart, p)).collect();
    let mut teams: Vec<Vec<ParticipantId>> = vec![Vec::new(); caps.len()];
    let mut budget = SEARCH_BUDGET;
    fn go(
        i: usize,
        order: &[ParticipantId],
        partners: &[BTreeSet<ParticipantId>],
        caps: &[usize],
        teams: &mut Vec<Vec<ParticipantId>>,
        budget: &mut usize,
    ) -> bool {
        if i == order.len() {
            return true;
        }
        let mut tried_empty = BTreeSet::new();
        for t in 0..teams.len() {
            if *budget == 0 {
                return false;
            }
            *budget -= 1;
            if teams[t].len() >= caps[t] || teams[t].iter().any(|m| partners[i].contains(m)) {
                continue;
            }
            // Empty teams of the same capacity are interchangeable: try one of them.
            if teams[t].is_empty() && !tried_empty.insert(caps[t]) {
                continue;
            }
            teams[t].push(order[i]);
            if go(i + 1, order, partners, caps, teams, budget) {
                return true;
            }
            teams[t].pop();
        }
        false
    }
    go(0, &order, &partners, caps, &mut teams, &mut budget).then_some(teams)
}

/// Deals `deck` roles to `members` (shuffled): each role once before any repeats (every role
/// `n / deck` times, `n % deck` of them once more), choosing which roles get the extra copy and
/// who gets which by maximum matching, so that as few members as possible get their
/// `previous` role.
fn deal(
    members: &[ParticipantId],
    deck: u32,
    previous: &BTreeMap<ParticipantId, u32>,
    rng: &mut impl Rng,
) -> Vec<(ParticipantId, u32)> {
    if deck == 0 || members.is_empty() {
        return Vec::new();
    }
    let mut order: Vec<u32> = (0..deck).collect();
    order.shuffle(rng);
    let (each, extra) = (members.len() / deck as usize, members.len() % deck as usize);
    let mut best: Option<(usize, Vec<u32>, Vec<Option<usize>>)> = None;
    // Every choice of the roles that get one copy more (at most C(8, 4) = 70).
    for extras in combinations(&order, extra) {
        let slots: Vec<u32> = order
            .iter()
            .flat_map(|&r| std::iter::repeat_n(r, each + usize::from(extras.contains(&r))))
            .collect();
        let member_of = max_matching(members.len(), slots.len(), |m, s| {
            previous.get(&members[m]) != Some(&slots[s])
        });
        let matched = member_of.iter().flatten().count();
        if best.as_ref().is_none_or(|(b, _, _)| matched > *b) {
            best = Some((matched, slots, member_of));
        }
    }
    let (_, slots, member_of) = best.expect("at least one choice of extras");
    let mut slot_of: Vec<Option<usize>> = vec![None; members.len()];
    for (s, m) in member_of.iter().enumerate() {
        if let Some(m) = m {
            slot_of[*m] = Some(s);
        }
    }
    let mut free: Vec<usize> = (0..slots.len())
        .filter(|s| member_of[*s].is_none())
        .collect();
    members
        .iter()
        .enumerate()
        .map(|(m, &p)| {
            let s = slot_of[m].unwrap_or_else(|| free.pop().expect("as many slots as members"));
            (p, slots[s])
        })
        .collect()
}

/// Every way to choose `k` of `items`, in order.
fn combinations(items: &[u32], k: usize) -> Vec<Vec<u32>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for (i, &first) in items.iter().enumerate() {
        for mut rest in combinations(&items[i + 1..], k - 1) {
            rest.insert(0, first);
            out.push(rest);
        }
    }
    out
}

/// A maximum bipartite matching of `left` to `right` over the edges `allowed` (Kuhn's
/// augmenting paths); returns the left partner of every right node.
fn max_matching(
    left: usize,
    right: usize,
    allowed: impl Fn(usize, usize) -> bool,
) -> Vec<Option<usize>> {
    fn augment(
        l: usize,
        seen: &mut [bool],
        partner: &mut [Option<usize>],
        allowed: &dyn Fn(usize, usize) -> bool,
    ) -> bool {
        for r in 0..partner.len() {
            if seen[r] || !allowed(l, r) {
                continue;
            }
            seen[r] = true;
            if partner[r].is_none_or(|other| augment(other, seen, partner, allowed)) {
                partner[r] = Some(l);
                return true;
            }
        }
        false
    }
    let mut partner = vec![None; right];
    for l in 0..left {
        let mut seen = vec![false; right];
        augment(l, &mut seen, &mut partner, &allowed);
    }
    partner
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn ids(n: u32) -> Vec<ParticipantId> {
        (0..n).map(ParticipantId).collect()
    }

    #[test]
    fn a_built_in_role_stored_under_its_old_name_exports_under_its_name_today() {
        let stored = RoleCard {
            key: Some("concretiseerder".into()),
            name: "Concretiseerder".into(),
            description: "Maakt de ideeën concreet.".into(),
        };
        assert_eq!(role_name(&stored), "Uitwerker");
        let own = RoleCard {
            key: None,
            name: "Notulist".into(),
            description: String::new(),
        };
        assert_eq!(role_name(&own), "Notulist");
        // Students' words, not jargon.
        let names: Vec<String> = default_roles().iter().map(role_name).collect();
        assert_eq!(names, ["Ontwerper", "Uitwerker", "Realist"]);
    }

    fn sizes(teams: &Teams) -> Vec<usize> {
        teams.active().map(|t| t.members.len()).collect()
    }

    #[test]
    fn forming_by_size_and_by_count_is_balanced() {
        let mut rng = StdRng::seed_from_u64(1);
        let mut teams = Teams::default();
        teams
            .form(&TeamFormation::BySize { size: 4 }, &ids(30), &mut rng)
            .unwrap();
        assert_eq!(sizes(&teams).len(), 8);
        assert!(sizes(&teams).iter().all(|&s| s == 3 || s == 4));
        teams
            .form(&TeamFormation::ByCount { count: 4 }, &ids(30), &mut rng)
            .unwrap();
        let mut s = sizes(&teams);
        s.sort();
        assert_eq!(s, vec![7, 7, 8, 8]);
        let names: Vec<_> = teams.active().map(|t| t.name.clone()).collect();
        assert_eq!(names, ["Team 1", "Team 2", "Team 3", "Team 4"]);
        assert_eq!(
            teams.teams.len(),
            12,
            "old teams stay in the history for exports"
        );
    }

    #[test]
    fn picking_respects_the_maximum_and_closing_places_the_rest() {
        let mut rng = StdRng::seed_from_u64(2);
        let mut teams = Teams::default();
        teams
            .form(
                &TeamFormation::Pick {
                    count: 2,
                    max_size: 2,
                },
                &ids(5),
                &mut rng,
            )
            .unwrap();
        let [a, b]: [TeamId; 2] = teams
            .active()
            .map(|t| t.id)
            .collect::<Vec<_>>()
            .try_into()
            .unwrap();
        teams.pick(ParticipantId(0), a).unwrap();
        teams.pick(ParticipantId(1), a).unwrap();
        let full = teams.pick(ParticipantId(2), a).unwrap_err();
        assert_eq!(full.code, ErrorCode::TeamFull);
        teams.pick(ParticipantId(1), b).unwrap();
        assert_eq!(teams.team_of(ParticipantId(1)), Some(b));
        teams.close_picking(&ids(5)).unwrap();
        assert_eq!(teams.of.len(), 5);
        let mut s = sizes(&teams);
        s.sort();
        assert_eq!(s, vec![2, 3]);
        assert_eq!(
            teams.pick(ParticipantId(0), b).unwrap_err().code,
            ErrorCode::WrongPhase
        );
    }

    #[test]
    fn late_joiners_go_to_the_smallest_team_and_get_a_missing_role() {
        let mut rng = StdRng::seed_from_u64(3);
        let mut teams = Teams::default();
        teams
            .form(&TeamFormation::ByCount { count: 2 }, &ids(5), &mut rng)
            .unwrap();
        teams.deal_roles(&mut rng).unwrap();
        let small = teams.active().min_by_key(|t| t.members.len()).unwrap().id;
        let placed = teams.place_late(ParticipantId(9)).unwrap();
        assert_eq!(placed, small);
        // The small team had two members with two different roles: the third role is missing.
        let roles: BTreeSet<u32> = teams
            .get(small)
            .unwrap()
            .members
            .iter()
            .filter_map(|m| teams.role_of(*m))
            .collect();
        assert_eq!(roles.len(), 3);
        teams.remove(ParticipantId(9));
        assert_eq!(teams.team_of(ParticipantId(9)), None);
        assert_eq!(teams.role_of(ParticipantId(9)), None);
    }

    /// Whether a balanced placement with no "apart" pair together exists (brute force).
    fn placement_exists(n: usize, count: usize, apart: &[Pair]) -> bool {
        let caps = capacities(n, count);
        let total = count.pow(n as u32);
        (0..total).any(|mut code| {
            let mut team = vec![0; n];
            let mut size = vec![0; count];
            for slot in team.iter_mut() {
                *slot = code % count;
                size[*slot] += 1;
                code /= count;
            }
            let mut s = size.clone();
            s.sort();
            let mut c = caps.clone();
            c.sort();
            s == c
                && apart
                    .iter()
                    .all(|p| team[p.a.0 as usize] != team[p.b.0 as usize])
        })
    }

    fn pair_strategy(n: u32) -> impl Strategy<Value = Vec<Pair>> {
        proptest::collection::vec((0..n, 0..n), 0..8).prop_map(|v| {
            v.into_iter()
                .filter(|(a, b)| a != b)
                .map(|(a, b)| Pair {
                    a: ParticipantId(a),
                    b: ParticipantId(b),
                })
                .collect()
        })
    }

    proptest! {
        /// Formation keeps every participant in exactly one team with sizes within one, and
        /// keeps every "apart" pair apart whenever a balanced placement allows it.
        #[test]
        fn formation_invariants(
            n in 1u32..9,
            count in 1usize..4,
            apart in pair_strategy(9),
            together in pair_strategy(9),
            seed in any::<u64>(),
        ) {
            let apart: Vec<Pair> = apart.into_iter().filter(|p| p.a.0 < n && p.b.0 < n).collect();
            let mut teams = Teams::default();
            teams.set_rules(&TeamRules { apart: apart.clone(), together }, |_| true).unwrap();
            let mut rng = StdRng::seed_from_u64(seed);
            teams.form(&TeamFormation::ByCount { count: count as u32 }, &ids(n), &mut rng).unwrap();
            let mut seen = BTreeSet::new();
            for t in teams.active() {
                for m in &t.members {
                    prop_assert!(seen.insert(*m), "{m:?} is in two teams");
                    prop_assert_eq!(teams.team_of(*m), Some(t.id));
                }
            }
            prop_assert_eq!(seen.len(), n as usize);
            let s = sizes(&teams);
            prop_assert!(s.iter().max().unwrap() - s.iter().min().unwrap() <= 1);
            if placement_exists(n as usize, count, &apart) {
                for p in &apart {
                    prop_assert_ne!(teams.team_of(p.a), teams.team_of(p.b), "{:?} placed together", p);
                }
            }
        }

        /// Dealing gives every role once in a team before any repeats, and as many members as
        /// possible a different role than last time.
        #[test]
        fn dealing_is_fair(size in 1u32..9, deck in 1usize..5, seed in any::<u64>()) {
            let mut rng = StdRng::seed_from_u64(seed);
            let mut teams = Teams::default();
            let roles: Vec<RoleCard> = (0..deck).map(|i| RoleCard { key: None, name: format!("R{i}"), description: String::new() }).collect();
            teams.set_roles(&roles).unwrap();
            teams.form(&TeamFormation::ByCount { count: 1 }, &ids(size), &mut rng).unwrap();
            teams.deal_roles(&mut rng).unwrap();
            let first = teams.role_of.clone();
            for round in [&first, &teams.role_of.clone()] {
                let mut counts = vec![0usize; deck];
                for r in round.values() { counts[*r as usize] += 1; }
                let (lo, hi) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
                prop_assert!(hi - lo <= 1, "uneven: {counts:?}");
                prop_assert_eq!(counts.iter().sum::<usize>(), size as usize);
            }
            teams.deal_roles(&mut rng).unwrap();
            let repeats = first.iter().filter(|(p, r)| teams.role_of.get(p) == Some(r)).count();
            // With two or more roles in a team that kept its members, everyone can rotate.
            if deck >= 2 {
                prop_assert_eq!(repeats, 0, "a rotation exists but {} repeated", repeats);
            } else {
                prop_assert_eq!(repeats, size as usize);
            }
        }
    }
}
