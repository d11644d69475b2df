// Teams and role cards on phones and the projector: the phone's own team and role card (or the
// teams to pick from) and the projector's board of all teams; the colours, badges and role
// texts the host console shares (its panel is in teams-host.js). Teams are room-level: this
// module never names an activity kind.

import { strings } from './i18n.js';
import { columnsFor, fitRef } from './fit.js';
import { v } from './view.js';

/** @typedef {import('./view.js').VNode} VNode */
/** @typedef {import('../gen/TeamsView').TeamsView} TeamsView */
/** @typedef {import('../gen/TeamView').TeamView} TeamView */
/** @typedef {import('../gen/RoleCard').RoleCard} RoleCard */
/** @typedef {import('../gen/TeamRules').TeamRules} TeamRules */
/** @typedef {import('../gen/TeamFormation').TeamFormation} TeamFormation */
/** @typedef {import('../gen/ParticipantInfo').ParticipantInfo} ParticipantInfo */
/** @typedef {import('../gen/Act').Act} Act */
/** @typedef {import('../gen/Me').Me} Me */

export const tt = strings({
  en: {
    team: 'Team',
    yourTeam: 'Your team',
    yourRole: 'Your role',
    pickTeam: 'Pick your team',
    pickHint: 'Tap a team to join it. You can change until the teacher closes the picking.',
    pick: 'Join',
    full: 'full',
    size: '{n}/{max}',
    picked: 'You are in {team}.',
    roleOntwerper: 'Designer',
    roleOntwerperText: 'Comes up with ideas.',
    roleConcretiseerder: 'Maker',
    roleConcretiseerderText: 'Turns the ideas into something real.',
    roleRealist: 'Realist',
    roleRealistText: 'Checks what is feasible.',
  },
  nl: {
    team: 'Team',
    yourTeam: 'Jouw team',
    yourRole: 'Jouw rol',
    pickTeam: 'Kies je team',
    pickHint: 'Tik op een team om erbij te gaan. Je kunt wisselen tot de docent het kiezen sluit.',
    pick: 'Kies',
    full: 'vol',
    size: '{n}/{max}',
    picked: 'Je zit in {team}.',
    roleOntwerper: 'Ontwerper',
    roleOntwerperText: 'Komt met ideeën.',
    roleConcretiseerder: 'Uitwerker',
    roleConcretiseerderText: 'Werkt de ideeën concreet uit.',
    roleRealist: 'Realist',
    roleRealistText: 'Checkt wat haalbaar is.',
  },
});

/** Built-in roles by key: their translated name and description. */
const BUILTIN = /** @type {const} */ ({
  ontwerper: ['roleOntwerper', 'roleOntwerperText'],
  concretiseerder: ['roleConcretiseerder', 'roleConcretiseerderText'],
  realist: ['roleRealist', 'roleRealistText'],
});

/**
 * A role card's name and description in the reader's language (the host's own words as typed).
 * @param {RoleCard} role
 */
export function roleText(role) {
  const builtin = role.key && role.key in BUILTIN ? BUILTIN[/** @type {keyof typeof BUILTIN} */ (role.key)] : null;
  return builtin ? { name: tt(builtin[0]), description: tt(builtin[1]) } : { name: role.name, description: role.description };
}

/**
 * The colour class of a team (a colour-blind-safe palette of eight, each with a number badge).
 * @param {TeamView} team
 */
export function teamClass(team) {
  return `team-c${team.colour % 8}`;
}

/**
 * A team's coloured badge with its number, for people who cannot tell the colours apart.
 * @param {TeamView} team
 * @param {TeamsView} teams
 */
export function teamBadge(team, teams) {
  const n = teams.teams.findIndex((x) => x.id === team.id) + 1;
  return v('span', { class: `team-badge ${teamClass(team)}`, aria: { hidden: 'true' } }, String(n));
}

/**
 * The role card of one member, if dealt.
 * @param {TeamsView} teams
 * @param {number | null} role
 */
function roleCardOf(teams, role) {
  return role === null ? null : teams.roles[role] ?? null;
}

// ------------------------------------------------------------------------------- phone

/**
 * The phone's team card: its team, members and role card, or the teams to pick from.
 * @param {Me} me
 * @param {TeamsView} teams
 * @param {(team: number) => void} pick
 * @returns {VNode | null}
 */
export function phoneTeam(me, teams, pick) {
  const mine = teams.teams.find((x) => x.id === me.team) ?? null;
  const role = roleCardOf(teams, me.role);
  const picking = teams.picking;
  /** @type {(VNode | null)[]} */
  const parts = [];
  if (picking !== null) {
    parts.push(v('section', { class: 'card team-pick', testid: 'team-pick', key: 'pick' },
      v('h2', null, tt('pickTeam')),
      v('p', { class: 'muted small' }, tt('pickHint')),
      v('div', { class: 'pick-list' }, teams.teams.map((team) => {
        const full = team.size >= picking && team.id !== me.team;
        const chosen = team.id === me.team;
        return v('button', {
          key: team.id, type: 'button', class: `pick ${teamClass(team)}${chosen ? ' chosen' : ''}`,
          testid: `pick-team-${team.id}`, disabled: full, aria: { pressed: String(chosen) },
          onclick: () => pick(team.id),
        }, teamBadge(team, teams), v('span', { class: 'grow' }, team.name),
        v('span', { class: 'pick-size' }, full ? tt('full') : tt('size', { n: team.size, max: picking })));
      }))));
  }
  if (role) {
    const text = roleText(role);
    parts.push(v('section', { class: 'card role-card', testid: 'my-role', key: 'role' },
      v('p', { class: 'team-label' }, tt('yourRole')),
      v('p', { class: 'role-name', testid: 'my-role-name' }, text.name),
      text.description ? v('p', { class: 'role-description' }, text.description) : null));
  }
  if (mine) {
    parts.push(v('section', { class: `card team-card ${teamClass(mine)}`, testid: 'my-team', key: 'team' },
      v('p', { class: 'team-label' }, tt('yourTeam')),
      v('h2', { class: 'team-name', testid: 'my-team-name' }, teamBadge(mine, teams), ' ', mine.name),
      mine.members.length ? v('ul', { class: 'team-members', testid: 'my-team-members' },
        mine.members.map((m) => v('li', { key: m.id, class: m.id === me.id ? 'me' : '' }, m.nickname))) : null));
  }
  return parts.length ? v('div', { class: 'team-area' }, parts) : null;
}

/**
 * The phone's role card while an activity runs: collapsed, one line with the role's name; a tap
 * opens the whole card (its description). Null while no role is dealt to `me`.
 * @param {Me} me
 * @param {TeamsView} teams
 * @param {boolean} open  whether it is shown opened
 * @param {(open: boolean) => void} toggled  told when the person opens or closes it
 * @returns {VNode | null}
 */
export function phoneRoleStrip(me, teams, open, toggled) {
  const role = roleCardOf(teams, me.role);
  if (!role) return null;
  const text = roleText(role);
  return v('details', {
    class: 'role-strip', testid: 'role-strip', open,
    ontoggle: (ev) => toggled(/** @type {HTMLDetailsElement} */ (ev.currentTarget).open),
  },
  v('summary', { testid: 'role-strip-toggle' },
    v('span', { class: 'team-label' }, tt('yourRole')), ' ',
    v('span', { class: 'role-strip-name', testid: 'role-strip-name' }, text.name)),
  v('div', { class: 'role-strip-card', testid: 'role-strip-card' },
    v('p', { class: 'role-description' }, text.description || text.name)));
}

// ------------------------------------------------------------------------------- projector

/**
 * Every team with its members and their roles, in the largest type at which all of them fit the
 * screen (columns come as the type shrinks; names never below the readable floor).
 * @param {TeamsView} teams
 * @returns {VNode}
 */
export function teamsBoard(teams) {
  return v('section', { class: 'screen-fit teams-fit', testid: 'screen-teams', ref: fitRef(48, null) },
    v('div', { class: 'teams-board', style: columnsFor(teams.teams.map((team) => team.name), 1.25) }, teams.teams.map((team) => v('div', { key: team.id, class: `team-tile ${teamClass(team)}`, testid: 'screen-team' },
      v('p', { class: 'team-tile-name fit-item' }, teamBadge(team, teams), ' ', v('span', { testid: 'screen-team-name' }, team.name)),
      teams.picking !== null ? v('p', { class: 'team-tile-size' }, tt('size', { n: team.size, max: teams.picking })) : null,
      v('ul', { class: 'team-tile-members' }, team.members.map((m) => {
        const role = roleCardOf(teams, m.role);
        return v('li', { key: m.id, class: 'fit-item', testid: 'screen-team-member' }, v('span', { class: 'nick' }, m.nickname),
          role ? v('span', { class: 'role-chip' }, roleText(role).name) : null);
      }))))));
}
