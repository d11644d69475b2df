// The team-name brainstorm in the host console: drive the phases, see every team's proposals
// with proposers and votes, veto one at any time, decide ties; and the editor.

import { v } from '../../view.js';
import { tn } from './strings.js';
import { badSecs, editorFooter, flowControls, parseSecs, secsField, textField } from '../fields.js';

export { applyChange } from './changes.js';

/** @typedef {import('../index.js').HostCtx} HostCtx */
/** @typedef {import('../index.js').EditorCtx} EditorCtx */
/** @typedef {import('../../../gen/ActivitySpec').ActivitySpec} ActivitySpec */
/** @typedef {import('../../../gen/ActivityView').ActivityView} ActivityView */
/** @typedef {import('../../../gen/TeamNamesView').TeamNamesView} TeamNamesView */
/** @typedef {import('../../../gen/TeamNamesSpec').TeamNamesSpec} TeamNamesSpec */

/** The kind's name. */
export function label() {
  return tn('kind');
}

/** @param {ActivitySpec} spec */
export function summary(spec) {
  return spec.kind === 'teamNames' ? tn('summary', { n: spec.perPerson }) : '';
}

/** @param {ActivityView} view */
export function phase(view) {
  const p = /** @type {TeamNamesView} */ (view).phase.phase;
  return p === 'lobby' ? tn('phaseLobby') : p === 'propose' ? tn('phasePropose') : p === 'vote' ? tn('phaseVote') : tn('phaseReveal');
}

/**
 * The presenter's steps: start proposing, start the vote, reveal the names.
 * @param {HostCtx} ctx
 * @returns {import('../../present.js').Steps}
 */
export function steps(ctx) {
  const p = /** @type {TeamNamesView} */ (ctx.view).phase.phase;
  /** @param {string} label @param {import('../../../gen/TeamNamesInput').TeamNamesInput} input */
  const step = (label, input) => ({ label, run: () => ctx.send({ kind: 'teamNames', ...input }) });
  const next = p === 'lobby' ? step(tn('startProposing'), { type: 'startProposing' })
    : p === 'propose' ? step(tn('startVoting'), { type: 'startVoting' })
      : p === 'vote' ? step(tn('reveal'), { type: 'reveal' }) : null;
  return { next, back: null };
}

/**
 * @param {HostCtx} ctx
 * @returns {import('../../view.js').VNode}
 */
export function render(ctx) {
  const view = /** @type {TeamNamesView} */ (ctx.view);
  const phase = view.phase;
  const host = ctx.host?.kind === 'teamNames' ? ctx.host : null;
  /** @type {import('../../view.js').VNode[]} */
  const controls = [];
  /** @param {string} testid @param {string} text @param {import('../../../gen/TeamNamesInput').TeamNamesInput} input */
  const button = (testid, text, input) => v('button', {
    key: testid, type: 'button', class: 'primary', testid, onclick: () => ctx.send({ kind: 'teamNames', ...input }),
  }, text);
  if (phase.phase === 'lobby') controls.push(button('names-start', tn('startProposing'), { type: 'startProposing' }));
  if (phase.phase === 'propose') controls.push(button('names-start-vote', tn('startVoting'), { type: 'startVoting' }));
  if (phase.phase === 'propose' || phase.phase === 'vote') controls.push(button('names-reveal', tn('reveal'), { type: 'reveal' }));
  const tied = phase.phase === 'reveal' ? phase.results.filter((r) => r.tied.length) : [];
  return v('div', { class: 'names-host' },
    ctx.countdown ? v('p', { class: 'progress' }, v('span', { class: 'countdown', testid: 'countdown' }, `${ctx.countdown.seconds()} s`)) : null,
    ctx.progress && phase.phase !== 'lobby' ? v('p', { class: 'progress', testid: 'host-progress' },
      phase.phase === 'propose' ? tn('proposedCount', { n: ctx.progress.responded }) : tn('votedCount', { n: ctx.progress.responded }),
      ` / ${ctx.progress.of}`) : null,
    flowControls(ctx, controls),
    tied.length && ctx.runs ? v('div', { class: 'ties', testid: 'names-ties' },
      v('h3', null, tn('tiedTeams')),
      tied.map((r) => v('div', { key: r.team, class: 'tie' },
        v('strong', null, ctx.teams.teams.find((x) => x.id === r.team)?.name ?? ''), ' ',
        r.tied.map((p) => v('button', {
          key: p.id, type: 'button', class: 'secondary small', testid: 'names-break-tie',
          onclick: () => ctx.send({ kind: 'teamNames', type: 'breakTie', team: r.team, proposal: p.id }),
        }, `${tn('chooseWinner')}: ${p.name}`))))) : null,
    v('div', { class: 'names-teams' }, ctx.teams.teams.map((team) => {
      const proposals = host ? host.proposals.filter((p) => p.team === team.id) : [];
      return v('div', { key: team.id, class: 'names-team', testid: 'host-names-team' },
        v('h3', null, team.name),
        v('ul', { class: 'proposals' }, proposals.map((p) => v('li', {
          key: p.id, class: p.vetoed ? 'vetoed' : '', testid: 'host-proposal', data: { id: String(p.id) },
        },
        v('span', { class: 'grow' }, v('span', { class: 'proposal-name' }, p.name), ' ',
          v('span', { class: 'muted small' }, tn('by', { name: p.nickname }))),
        v('span', { class: 'votes', testid: 'host-proposal-votes' }, String(p.votes)),
        p.vetoed ? v('span', { class: 'badge muted' }, tn('vetoed')) : v('button', {
          type: 'button', class: 'secondary small', testid: 'names-veto',
          onclick: () => ctx.send({ kind: 'teamNames', type: 'veto', proposal: p.id }),
        }, tn('veto'))))));
    })));
}

/** The editor's draft, kept across renders. */
const draft = {
  /** Which editor the draft belongs to. */
  session: -1,
  title: '',
  perPerson: 3,
  randomTies: false,
  proposeSecs: '',
  voteSecs: '',
  /** @type {string[]} */
  errors: [],
};

/**
 * @param {EditorCtx} ctx
 * @returns {import('../../view.js').VNode}
 */
export function editor(ctx) {
  if (draft.session !== ctx.session) {
    const spec = ctx.spec?.kind === 'teamNames' ? ctx.spec : null;
    Object.assign(draft, {
      session: ctx.session,
      title: spec?.title ?? tn('titleDefault'),
      perPerson: spec?.perPerson ?? 3,
      randomTies: spec?.randomTies ?? false,
      proposeSecs: spec?.proposeSecs ? String(spec.proposeSecs) : '',
      voteSecs: spec?.voteSecs ? String(spec.voteSecs) : '',
      errors: [],
    });
  }
  const save = () => {
    /** @type {string[]} */
    const errors = [];
    if (!draft.title.trim()) errors.push(tn('errTitle'));
    if (badSecs([draft.proposeSecs, draft.voteSecs])) errors.push(tn('errTimer'));
    draft.errors = errors;
    if (errors.length) {
      ctx.rerender();
      return;
    }
    /** @type {TeamNamesSpec} */
    const spec = {
      title: draft.title.trim(), perPerson: draft.perPerson, randomTies: draft.randomTies,
      proposeSecs: parseSecs(draft.proposeSecs), voteSecs: parseSecs(draft.voteSecs),
    };
    ctx.save({ kind: 'teamNames', ...spec });
  };
  return v('div', { class: 'names-editor' },
    v('h2', null, ctx.editing === null ? tn('editorNew') : tn('editorEdit')),
    textField('names-title', tn('title'), draft.title, (x) => { draft.title = x; }, { maxlength: 120 }),
    v('label', { for: 'names-per-person' }, tn('perPerson')),
    v('input', {
      id: 'names-per-person', testid: 'names-per-person', type: 'number', min: 1, max: 10, class: 'num',
      value: String(draft.perPerson),
      oninput: (ev) => { draft.perPerson = Number(/** @type {HTMLInputElement} */ (ev.target).value) || 1; },
    }),
    v('label', { class: 'check' }, v('input', {
      type: 'checkbox', testid: 'names-random-ties', checked: draft.randomTies,
      onchange: (ev) => { draft.randomTies = /** @type {HTMLInputElement} */ (ev.target).checked; },
    }), ' ', tn('randomTies')),
    secsField('names-propose-secs', tn('proposeSecs'), draft.proposeSecs, (x) => { draft.proposeSecs = x; }),
    secsField('names-vote-secs', tn('voteSecs'), draft.voteSecs, (x) => { draft.voteSecs = x; }),
    editorFooter(ctx, { save: tn('save'), saveChanges: tn('saveChanges'), cancel: tn('cancel') }, save, draft.errors));
}
