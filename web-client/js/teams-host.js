// The host console's teams panel: form teams (at random by size or count, or students pick),
// move people (tap a name, then a team; or drag a name onto a team), rename teams, edit and
// deal role cards, and keep pairs apart or together (only the host sees those).

import { strings } from './i18n.js';
import { v } from './view.js';
import { startDrag } from './drag.js';
import { MAX_NICKNAME_CHARS } from '../gen/limits.js';
import { roleText, teamBadge, teamClass } from './teams.js';

/** @typedef {import('./view.js').VNode} VNode */
/** @typedef {import('../gen/TeamsView').TeamsView} TeamsView */
/** @typedef {import('../gen/RoleCard').RoleCard} RoleCard */
/** @typedef {import('../gen/TeamRules').TeamRules} TeamRules */
/** @typedef {import('../gen/TeamFormation').TeamFormation} TeamFormation */
/** @typedef {import('../gen/ParticipantInfo').ParticipantInfo} ParticipantInfo */
/** @typedef {import('../gen/Act').Act} Act */

export const tt = strings({
  en: {
    noMembers: 'Nobody yet',
    members: 'Members',
    teamsHeading: 'Teams',
    noTeams: 'No teams yet.',
    formHeading: 'Form teams',
    bySize: 'At random, by team size',
    byCount: 'At random, by number of teams',
    byPick: 'Students pick a team',
    teamSize: 'Team size',
    teamCount: 'Number of teams',
    maxSize: 'Most members per team',
    form: 'Form teams',
    reform: 'Form new teams',
    reformConfirm: 'This replaces the current teams (names and roles too). Really form new teams?',
    yesReform: 'Yes, form new teams',
    closePicking: 'Close picking',
    closePickingHint: 'Whoever did not pick goes to the smallest team.',
    dissolve: 'Remove all teams',
    dissolveConfirm: 'Really remove all teams?',
    moveHint: 'Tap a name, then the team to move them to; or drag the name onto the team.',
    moveHere: 'Move here',
    noTeamMember: 'Without a team',
    rename: 'Rename',
    editRoles: 'Edit role cards',
    save: 'Save',
    cancel: 'Cancel',
    teamName: 'Team name',
    rolesHeading: 'Role cards',
    roleName: 'Role',
    roleDescription: 'What this role does',
    addRole: 'Add role',
    removeRole: 'Remove role',
    saveRoles: 'Save role cards',
    dealRoles: 'Deal roles',
    redealRoles: 'Deal roles again',
    dealHint: 'Within every team each role is dealt once before any repeats; dealing again gives people a different role where possible.',
    rulesHeading: 'Keep apart / together (only you see this)',
    rulesHint: 'Used when forming teams at random.',
    apart: 'keep apart',
    together: 'keep together',
    addPair: 'Add pair',
    removePair: 'Remove',
    pairOf: '{a} and {b}',
    noRules: 'No pairs.',
    teamOf: '{team}',
  },
  nl: {
    noMembers: 'Nog niemand',
    members: 'Leden',
    teamsHeading: 'Teams',
    noTeams: 'Nog geen teams.',
    formHeading: 'Teams maken',
    bySize: 'Willekeurig, op teamgrootte',
    byCount: 'Willekeurig, op aantal teams',
    byPick: 'Studenten kiezen zelf een team',
    teamSize: 'Teamgrootte',
    teamCount: 'Aantal teams',
    maxSize: 'Maximaal aantal leden per team',
    form: 'Teams maken',
    reform: 'Nieuwe teams maken',
    reformConfirm: 'Dit vervangt de huidige teams (ook namen en rollen). Echt nieuwe teams maken?',
    yesReform: 'Ja, nieuwe teams maken',
    closePicking: 'Kiezen sluiten',
    closePickingHint: 'Wie niet koos, gaat naar het kleinste team.',
    dissolve: 'Alle teams opheffen',
    dissolveConfirm: 'Echt alle teams opheffen?',
    moveHint: 'Tik op een naam en dan op het team waar die naartoe moet, of sleep de naam naar het team.',
    moveHere: 'Hierheen',
    noTeamMember: 'Zonder team',
    rename: 'Hernoemen',
    editRoles: 'Rolkaarten aanpassen',
    save: 'Opslaan',
    cancel: 'Annuleren',
    teamName: 'Teamnaam',
    rolesHeading: 'Rolkaarten',
    roleName: 'Rol',
    roleDescription: 'Wat deze rol doet',
    addRole: 'Rol toevoegen',
    removeRole: 'Rol verwijderen',
    saveRoles: 'Rolkaarten opslaan',
    dealRoles: 'Rollen uitdelen',
    redealRoles: 'Rollen opnieuw uitdelen',
    dealHint: 'In elk team krijgt elke rol eerst één keer een eigenaar voordat een rol dubbel gaat; opnieuw uitdelen geeft waar het kan iedereen een andere rol.',
    rulesHeading: 'Uit elkaar / bij elkaar (alleen jij ziet dit)',
    rulesHint: 'Geldt bij willekeurig teams maken.',
    apart: 'uit elkaar',
    together: 'bij elkaar',
    addPair: 'Paar toevoegen',
    removePair: 'Verwijderen',
    pairOf: '{a} en {b}',
    noRules: 'Geen paren.',
    teamOf: '{team}',
  },
});

/** The host panel's own state (what is being typed or chosen, never sent until asked). */
const panel = {
  /** @type {'bySize' | 'byCount' | 'pick'} */
  method: 'bySize',
  size: 4,
  count: 4,
  maxSize: 5,
  confirmReform: false,
  confirmDissolve: false,
  /** @type {number | null} participant picked up to move */
  moving: null,
  /** @type {number | null} */
  renaming: null,
  renameText: '',
  /** @type {{ original: RoleCard | null, name: string, description: string }[] | null} roles being edited */
  roles: null,
  pairA: '',
  pairB: '',
  /** @type {'apart' | 'together'} */
  pairKind: 'apart',
};

/**
 * @typedef {object} TeamsPanelCtx
 * @property {TeamsView} teams
 * @property {TeamRules} rules
 * @property {ParticipantInfo[]} participants
 * @property {(act: Act) => void} act
 * @property {() => void} rerender
 */

/**
 * The host's teams panel.
 * @param {TeamsPanelCtx} ctx
 * @returns {VNode}
 */
export function teamsPanel(ctx) {
  const { teams, act, rerender } = ctx;
  const has = teams.teams.length > 0;
  const nickname = (/** @type {number} */ id) => ctx.participants.find((p) => p.id === id)?.nickname ?? `#${id}`;
  /** @returns {TeamFormation} */
  const formation = () => panel.method === 'bySize' ? { type: 'bySize', size: panel.size }
    : panel.method === 'byCount' ? { type: 'byCount', count: panel.count }
      : { type: 'pick', count: panel.count, maxSize: panel.maxSize };
  const number = (/** @type {string} */ id, /** @type {number} */ value, /** @type {(n: number) => void} */ set, min = 1) =>
    v('input', {
      id, type: 'number', class: 'num', min, max: 200, value: String(value), testid: id,
      oninput: (ev) => { set(Number(/** @type {HTMLInputElement} */ (ev.target).value)); },
    });
  const methods = /** @type {const} */ (['bySize', 'byCount', 'pick']);
  const form = v('fieldset', { class: 'team-form', key: 'form' },
    v('legend', null, tt('formHeading')),
    methods.map((m) => v('label', { class: 'check', key: m },
      v('input', {
        type: 'radio', name: 'team-method', checked: panel.method === m, testid: `team-method-${m}`,
        onchange: () => { panel.method = m; rerender(); },
      }), ' ', tt(m === 'pick' ? 'byPick' : m))),
    v('div', { class: 'controls' },
      panel.method === 'bySize' ? [v('label', { for: 'team-size', class: 'inline' }, tt('teamSize')),
        number('team-size', panel.size, (n) => { panel.size = n; }, 2)] : null,
      panel.method !== 'bySize' ? [v('label', { for: 'team-count', class: 'inline' }, tt('teamCount')),
        number('team-count', panel.count, (n) => { panel.count = n; })] : null,
      panel.method === 'pick' ? [v('label', { for: 'team-max', class: 'inline' }, tt('maxSize')),
        number('team-max', panel.maxSize, (n) => { panel.maxSize = n; })] : null),
    panel.confirmReform
      ? v('div', { class: 'confirm', role: 'alert' }, v('p', null, tt('reformConfirm')),
        v('div', { class: 'controls' },
          v('button', {
            type: 'button', class: 'danger', testid: 'form-teams-confirm',
            onclick: () => { panel.confirmReform = false; act({ type: 'formTeams', formation: formation() }); rerender(); },
          }, tt('yesReform')),
          v('button', { type: 'button', class: 'secondary', onclick: () => { panel.confirmReform = false; rerender(); } }, tt('cancel'))))
      : v('button', {
        type: 'button', class: 'primary', testid: 'form-teams',
        onclick: () => {
          // Re-forming replaces teams that people already know: ask first.
          if (has) panel.confirmReform = true;
          else act({ type: 'formTeams', formation: formation() });
          rerender();
        },
      }, has ? tt('reform') : tt('form')));
  const withTeam = new Set(teams.teams.flatMap((x) => x.members.map((m) => m.id)));
  const loose = ctx.participants.filter((p) => !withTeam.has(p.id));
  /** @param {number} id @param {string} name @param {number | null} role */
  const member = (id, name, role) => v('li', { key: id },
    v('button', {
      type: 'button', class: `member${panel.moving === id ? ' moving' : ''}`, testid: 'team-member',
      aria: { pressed: String(panel.moving === id) }, data: { id: String(id) },
      onclick: () => { panel.moving = panel.moving === id ? null : id; rerender(); },
      onpointerdown: (ev) => startDrag(ev, (zone) => {
        const team = zone === 'none' ? null : Number(zone);
        panel.moving = null;
        rerender();
        act({ type: 'moveToTeam', participant: id, team });
      }),
    }, name, role !== null && teams.roles[role] ? v('span', { class: 'role-chip' }, roleText(teams.roles[role]).name) : null));
  const list = has ? v('div', { class: 'team-list', key: 'list' },
    v('p', { class: 'muted small' }, tt('moveHint')),
    teams.teams.map((team) => v('div', { key: team.id, class: `team-box ${teamClass(team)}`, testid: 'host-team', data: { id: String(team.id), drop: String(team.id) } },
      v('div', { class: 'team-box-head' },
        teamBadge(team, teams),
        panel.renaming === team.id
          ? v('form', {
            class: 'rename', onsubmit: (ev) => {
              ev.preventDefault();
              act({ type: 'renameTeam', team: team.id, name: panel.renameText.trim() });
              panel.renaming = null;
              rerender();
            },
          }, v('input', {
            value: panel.renameText, maxlength: MAX_NICKNAME_CHARS, testid: 'rename-team-input', aria: { label: tt('teamName') },
            oninput: (ev) => { panel.renameText = /** @type {HTMLInputElement} */ (ev.target).value; },
          }), v('button', { type: 'submit', class: 'primary small', testid: 'rename-team-save' }, tt('save')),
          v('button', { type: 'button', class: 'secondary small', onclick: () => { panel.renaming = null; rerender(); } }, tt('cancel')))
          : [v('strong', { class: 'grow', testid: 'host-team-name' }, team.name),
            v('button', {
              type: 'button', class: 'secondary small', testid: 'rename-team',
              onclick: () => { panel.renaming = team.id; panel.renameText = team.name; rerender(); },
            }, tt('rename'))],
        panel.moving !== null && !team.members.some((m) => m.id === panel.moving)
          ? v('button', {
            type: 'button', class: 'primary small', testid: 'move-here',
            onclick: () => {
              act({ type: 'moveToTeam', participant: /** @type {number} */ (panel.moving), team: team.id });
              panel.moving = null;
              rerender();
            },
          }, tt('moveHere')) : null),
      v('ul', { class: 'team-box-members' }, team.members.length === 0 ? v('li', { class: 'muted' }, tt('noMembers'))
        : team.members.map((m) => member(m.id, m.nickname, m.role))))),
    loose.length ? v('div', { class: 'team-box loose', testid: 'host-loose', data: { drop: 'none' } },
      v('div', { class: 'team-box-head' }, v('strong', { class: 'grow' }, tt('noTeamMember')),
        panel.moving !== null && withTeam.has(panel.moving) ? v('button', {
          type: 'button', class: 'secondary small',
          onclick: () => { act({ type: 'moveToTeam', participant: /** @type {number} */ (panel.moving), team: null }); panel.moving = null; rerender(); },
        }, tt('moveHere')) : null),
      v('ul', { class: 'team-box-members' }, loose.map((p) => member(p.id, p.nickname, null)))) : null) : null;
  const picking = teams.picking !== null ? v('div', { class: 'controls', key: 'picking' },
    v('button', { type: 'button', class: 'primary', testid: 'close-picking', onclick: () => act({ type: 'closePicking' }) }, tt('closePicking')),
    v('span', { class: 'muted small' }, tt('closePickingHint'))) : null;
  const dealt = teams.teams.some((x) => x.members.some((m) => m.role !== null));
  const roles = rolesEditor(ctx);
  const deal = has ? v('div', { class: 'controls', key: 'deal' },
    v('button', { type: 'button', class: 'primary', testid: 'deal-roles', onclick: () => act({ type: 'dealRoles' }) },
      dealt ? tt('redealRoles') : tt('dealRoles')),
    v('span', { class: 'muted small' }, tt('dealHint'))) : null;
  const dissolve = has ? v('div', { class: 'controls', key: 'dissolve' }, panel.confirmDissolve
    ? [v('button', {
      type: 'button', class: 'danger small', testid: 'dissolve-confirm',
      onclick: () => { panel.confirmDissolve = false; act({ type: 'dissolveTeams' }); rerender(); },
    }, tt('dissolveConfirm')), v('button', { type: 'button', class: 'secondary small', onclick: () => { panel.confirmDissolve = false; rerender(); } }, tt('cancel'))]
    : v('button', { type: 'button', class: 'secondary small', testid: 'dissolve-teams', onclick: () => { panel.confirmDissolve = true; rerender(); } }, tt('dissolve'))) : null;
  const rules = v('details', { class: 'team-rules', key: 'rules' },
    v('summary', null, tt('rulesHeading')),
    v('p', { class: 'muted small' }, tt('rulesHint')),
    ctx.rules.apart.length + ctx.rules.together.length === 0 ? v('p', { class: 'muted' }, tt('noRules'))
      : v('ul', { class: 'pairs' }, [
        ...ctx.rules.apart.map((p, i) => ({ p, i, kind: /** @type {const} */ ('apart') })),
        ...ctx.rules.together.map((p, i) => ({ p, i, kind: /** @type {const} */ ('together') })),
      ].map(({ p, i, kind }) => v('li', { key: `${kind}-${i}`, testid: 'rule-pair' },
        tt('pairOf', { a: nickname(p.a), b: nickname(p.b) }), ' — ', tt(kind), ' ',
        v('button', {
          type: 'button', class: 'secondary small',
          onclick: () => {
            const next = { apart: [...ctx.rules.apart], together: [...ctx.rules.together] };
            next[kind].splice(i, 1);
            act({ type: 'setTeamRules', rules: next });
          },
        }, tt('removePair'))))),
    v('div', { class: 'controls' },
      pairSelect('pair-a', panel.pairA, ctx.participants, (x) => { panel.pairA = x; }),
      pairSelect('pair-b', panel.pairB, ctx.participants, (x) => { panel.pairB = x; }),
      v('select', {
        testid: 'pair-kind', value: panel.pairKind, aria: { label: tt('rulesHeading') },
        onchange: (ev) => { panel.pairKind = /** @type {'apart' | 'together'} */ (/** @type {HTMLSelectElement} */ (ev.target).value); },
      }, v('option', { value: 'apart' }, tt('apart')), v('option', { value: 'together' }, tt('together'))),
      v('button', {
        type: 'button', class: 'secondary small', testid: 'add-pair',
        onclick: () => {
          const a = Number(panel.pairA);
          const b = Number(panel.pairB);
          if (panel.pairA === '' || panel.pairB === '' || a === b) return;
          const next = { apart: [...ctx.rules.apart], together: [...ctx.rules.together] };
          next[panel.pairKind].push({ a, b });
          act({ type: 'setTeamRules', rules: next });
          panel.pairA = '';
          panel.pairB = '';
          rerender();
        },
      }, tt('addPair'))));
  return v('div', { class: 'teams-panel' }, form, picking, list, deal, roles, rules, dissolve);
}

/**
 * A participant picker for a pair rule.
 * @param {string} testid
 * @param {string} value
 * @param {ParticipantInfo[]} participants
 * @param {(value: string) => void} set
 */
function pairSelect(testid, value, participants, set) {
  return v('select', {
    testid, value, aria: { label: tt('members') },
    onchange: (ev) => set(/** @type {HTMLSelectElement} */ (ev.target).value),
  }, v('option', { value: '' }, '—'), participants.map((p) => v('option', { key: p.id, value: String(p.id) }, p.nickname)));
}

/**
 * The role cards: shown, or edited (names and one-line descriptions, 1–8 cards).
 * @param {TeamsPanelCtx} ctx
 */
function rolesEditor(ctx) {
  const { teams, act, rerender } = ctx;
  if (panel.roles === null) {
    return v('div', { class: 'roles', key: 'roles' },
      v('h3', null, tt('rolesHeading')),
      v('ul', { class: 'role-list', testid: 'role-list' }, teams.roles.map((r, i) => {
        const text = roleText(r);
        return v('li', { key: i }, v('strong', null, text.name), text.description ? ` — ${text.description}` : '');
      })),
      v('button', {
        type: 'button', class: 'secondary small', testid: 'edit-roles',
        onclick: () => { panel.roles = teams.roles.map((r) => ({ original: r, ...roleText(r) })); rerender(); },
      }, tt('editRoles')));
  }
  const roles = panel.roles;
  return v('div', { class: 'roles', key: 'roles' },
    v('h3', null, tt('rolesHeading')),
    roles.map((r, i) => v('div', { class: 'role-edit', key: i },
      v('input', {
        value: r.name, maxlength: MAX_NICKNAME_CHARS, testid: `role-name-${i}`, aria: { label: tt('roleName') },
        oninput: (ev) => { r.name = /** @type {HTMLInputElement} */ (ev.target).value; },
      }),
      v('input', {
        value: r.description, maxlength: 120, testid: `role-description-${i}`, aria: { label: tt('roleDescription') },
        oninput: (ev) => { r.description = /** @type {HTMLInputElement} */ (ev.target).value; },
      }),
      roles.length > 1 ? v('button', {
        type: 'button', class: 'link', aria: { label: tt('removeRole') }, title: tt('removeRole'),
        onclick: () => { roles.splice(i, 1); rerender(); },
      }, '×') : null)),
    v('div', { class: 'controls' },
      roles.length < 8 ? v('button', {
        type: 'button', class: 'secondary small', testid: 'add-role',
        onclick: () => { roles.push({ original: null, name: '', description: '' }); rerender(); },
      }, tt('addRole')) : null,
      v('button', {
        type: 'button', class: 'primary small', testid: 'save-roles',
        onclick: () => {
          // A built-in role left as it was stays built in (shown in each reader's language).
          const cleaned = roles.filter((r) => r.name.trim()).map((r) => {
            const shown = r.original ? roleText(r.original) : null;
            return r.original && shown && shown.name === r.name && shown.description === r.description
              ? r.original : { key: null, name: r.name.trim(), description: r.description.trim() };
          });
          if (cleaned.length === 0) return;
          act({ type: 'setRoles', roles: cleaned });
          panel.roles = null;
          rerender();
        },
      }, tt('saveRoles')),
      v('button', { type: 'button', class: 'secondary small', onclick: () => { panel.roles = null; rerender(); } }, tt('cancel'))));
}
