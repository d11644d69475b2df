// The team-name brainstorm in the host console: drive the phases, see every team's proposals
// with proposers and votes, veto one at any time; after the vote, settle each tie before the
// reveal (a run-off on the tied teams' phones, lots, or the teacher's pick) while the class
// sees no names yet; and the editor.

import { v } from '../../view.js';
import { tn } from './strings.js';
import { badSecs, flowControls, parseSecs, scrollBox, secsField, textField } from '../fields.js';
import { editorFooter, kw, openDraft, saveDraft } from '../kit.js';

export { applyChange } from './changes.js';

/** @typedef {import('../index.js').HostCtx<'teamNames'>} HostCtx */
/** @typedef {import('../index.js').EditorCtx} EditorCtx */
/** @typedef {import('../../../gen/ActivitySpec').ActivitySpec} ActivitySpec */
/** @typedef {import('../../../gen/TeamNamesInput').TeamNamesInput} TeamNamesInput */

/** The kind's name. */
export function label() {
  return tn('kind');
}

/** @param {ActivitySpec} spec */
export function summary(spec) {
  return spec.kind === 'teamNames' ? tn('summary', { n: spec.perPerson }) : '';
}

/** @param {import('../index.js').ViewOf<'teamNames'>} view */
export function phase(view) {
  const p = view.phase.phase;
  return p === 'lobby' ? kw('waitingToStart') : p === 'propose' ? tn('phasePropose') : p === 'vote' ? tn('phaseVote')
    : p === 'decide' ? tn('phaseDecide') : tn('phaseReveal');
}

/**
 * The presenter's steps: start proposing, start the vote, reveal the names; while teams tie,
 * a run-off on their phones, and closing it (the console also offers lots and the host's own
 * pick).
 * @param {HostCtx} ctx
 * @returns {import('../../present.js').Steps}
 */
export function steps(ctx) {
  const phase = ctx.view.phase;
  /** @param {string} label @param {TeamNamesInput} input */
  const step = (label, input) => ({ label, run: () => ctx.send({ kind: 'teamNames', ...input }) });
  switch (phase.phase) {
    case 'lobby': return { next: step(tn('startProposing'), { type: 'startProposing' }), back: null };
    case 'propose': return { next: step(tn('startVoting'), { type: 'startVoting' }), back: null };
    case 'vote': return { next: step(tn('reveal'), { type: 'reveal' }), back: null };
    case 'decide':
      return {
        next: phase.runoff.length ? step(tn('closeRunoff'), { type: 'closeRunoff' })
          : phase.tied.length ? step(tn('runoff'), { type: 'runoff' }) : step(tn('reveal'), { type: 'reveal' }),
        back: null,
      };
    default: return { next: null, back: null };
  }
}

/**
 * A team's name by id.
 * @param {HostCtx} ctx
 * @param {number} team
 */
function teamName(ctx, team) {
  return ctx.teams.teams.find((x) => x.id === team)?.name ?? '';
}

/**
 * @param {HostCtx} ctx
 * @returns {import('../../view.js').VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const phase = view.phase;
  const host = ctx.host?.kind === 'teamNames' ? ctx.host : null;
  /** @type {import('../../view.js').VNode[]} */
  const controls = [];
  /** @param {string} testid @param {string} text @param {TeamNamesInput} input @param {string} [cls] */
  const button = (testid, text, input, cls = 'primary') => v('button', {
    key: testid, type: 'button', class: cls, testid, onclick: () => ctx.send({ kind: 'teamNames', ...input }),
  }, text);
  if (phase.phase === 'lobby') controls.push(button('names-start', tn('startProposing'), { type: 'startProposing' }));
  if (phase.phase === 'propose') controls.push(button('names-start-vote', tn('startVoting'), { type: 'startVoting' }));
  if (phase.phase === 'propose' || phase.phase === 'vote') {
    controls.push(button('names-reveal', tn('reveal'), { type: 'reveal' }, phase.phase === 'vote' ? 'primary' : 'secondary'));
  }
  if (phase.phase === 'decide') {
    if (phase.runoff.length) controls.push(button('names-close-runoff', tn('closeRunoff'), { type: 'closeRunoff' }));
    else if (phase.tied.length) controls.push(button('names-runoff', tn('runoff'), { type: 'runoff' }));
    if (phase.tied.length) controls.push(button('names-draw-lots', tn('drawLots'), { type: 'drawLots' }, 'secondary'));
    else controls.push(button('names-reveal', tn('reveal'), { type: 'reveal' }));
  }
  const decisions = host?.decisions ?? [];
  const tied = decisions.filter((d) => d.how === 'tied');
  const name = (/** @type {number} */ id) => host?.proposals.find((p) => p.id === id)?.name ?? '';
  return v('div', { class: 'names-host' },
    ctx.countdown ? v('p', { class: 'progress' }, v('span', { class: 'countdown', testid: 'countdown' }, `${ctx.countdown.seconds()} s`)) : null,
    ctx.progress && (phase.phase === 'propose' || phase.phase === 'vote') ? v('p', { class: 'progress', testid: 'host-progress' },
      phase.phase === 'propose' ? tn('proposedCount', { n: ctx.progress.responded }) : kw('votedCount', { n: ctx.progress.responded }),
      ` / ${ctx.progress.of}`) : null,
    flowControls(ctx, controls),
    phase.phase === 'decide' && ctx.runs ? v('div', { class: 'ties', testid: 'names-ties' },
      tied.length ? v('div', null,
        v('p', { class: 'muted small' }, tn('tiedHint')),
        tied.map((d) => {
          const voters = ctx.teams.teams.find((x) => x.id === d.team)?.size ?? 0;
          const runoff = d.runoff;
          return v('div', { key: d.team, class: 'tie', testid: 'names-tie', data: { team: String(d.team) } },
            v('strong', null, teamName(ctx, d.team)),
            runoff ? v('span', { class: 'muted small', testid: 'names-runoff-voted' },
              tn('runoffVoted', { n: runoff.reduce((a, b) => a + b, 0), of: voters })) : null,
            d.tied.map((id, i) => v('button', {
              key: id, type: 'button', class: 'secondary small', testid: 'names-break-tie',
              onclick: () => ctx.send({ kind: 'teamNames', type: 'breakTie', team: d.team, proposal: id }),
            }, tn('chooseWinner', { name: name(id) }), runoff ? v('span', { class: 'votes' }, ` ${runoff[i]}`) : null)));
        })) : v('p', { class: 'ok', testid: 'names-ties-settled' }, tn('decidedReady'))) : null,
    scrollBox('names-host-teams', v('div', { class: 'names-teams' }, ctx.teams.teams.map((team) => {
      const proposals = host ? host.proposals.filter((p) => p.team === team.id) : [];
      const decided = phase.phase === 'decide' ? decisions.find((d) => d.team === team.id) : null;
      return v('div', { key: team.id, class: 'names-team', testid: 'host-names-team' },
        v('h3', null, team.name),
        decided && decided.how !== 'tied' ? v('p', { class: 'small', testid: 'names-decided' },
          tn('decidedAs', { name: decided.winner === null ? team.name : name(decided.winner) })) : null,
        decided ? decided.taken.map((id) => v('p', { key: `taken-${id}`, class: 'muted small' }, tn('takenBy', { name: name(id) }))) : null,
        v('ul', { class: 'proposals' }, proposals.map((p) => v('li', {
          key: p.id, class: p.vetoed ? 'vetoed' : '', testid: 'host-proposal', data: { id: String(p.id) },
        },
        v('span', { class: 'grow' }, v('span', { class: 'proposal-name' }, p.name), ' ',
          v('span', { class: 'muted small' }, kw('by', { name: p.nickname }))),
        v('span', { class: 'votes', testid: 'host-proposal-votes' }, String(p.votes)),
        p.vetoed ? v('span', { class: 'badge muted' }, tn('vetoed')) : v('button', {
          type: 'button', class: 'secondary small', testid: 'names-veto',
          onclick: () => ctx.send({ kind: 'teamNames', type: 'veto', proposal: p.id }),
        }, tn('veto'))))));
    }))));
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
  openDraft(draft, ctx, () => {
    const spec = ctx.spec?.kind === 'teamNames' ? ctx.spec : null;
    return {
      title: spec?.title ?? tn('titleDefault'),
      perPerson: spec?.perPerson ?? 3,
      randomTies: spec?.randomTies ?? false,
      proposeSecs: spec?.proposeSecs ? String(spec.proposeSecs) : '',
      voteSecs: spec?.voteSecs ? String(spec.voteSecs) : '',
    };
  });
  const save = () => {
    /** @type {string[]} */
    const errors = [];
    if (!draft.title.trim()) errors.push(kw('errTitle'));
    if (badSecs([draft.proposeSecs, draft.voteSecs])) errors.push(kw('errTimer'));
    saveDraft(draft, ctx, errors, () => ({
      kind: 'teamNames', title: draft.title.trim(), perPerson: draft.perPerson, randomTies: draft.randomTies,
      proposeSecs: parseSecs(draft.proposeSecs), voteSecs: parseSecs(draft.voteSecs),
    }));
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
    editorFooter(ctx, save, draft.errors));
}
