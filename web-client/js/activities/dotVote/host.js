// Dot-voting in the host console: start, close, reveal; the tally as it grows (only the host
// sees it while the results are hidden); a run-off among tied options with one click; and the
// editor (options typed in, one per team, or carried from a brainstorm wall, whose links to
// their cards and teams are kept).

import { v } from '../../view.js';
import { teamBadge } from '../../teams.js';
import { dv } from './strings.js';
import { bs } from '../brainstorm/strings.js';
import { ranked } from './changes.js';
import { checkField as check, flowControls, scrollBox } from '../fields.js';
import { editorFooter, kw, openDraft, saveDraft } from '../kit.js';

export { applyChange } from './changes.js';

/** Late input makes sense here: the console offers to leave it open for the empty chair. */
export const lateInput = true;

/** @typedef {import('../index.js').HostCtx<'dotVote'>} HostCtx */
/** @typedef {import('../index.js').EditorCtx} EditorCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/ActivitySpec').ActivitySpec} ActivitySpec */
/** @typedef {import('../../../gen/DotOption').DotOption} DotOption */
/** @typedef {import('../../../gen/DotVoteInput').DotVoteInput} DotVoteInput */

/**
 * A run-off's title: the vote's title said once, after one run-off prefix. What a carry from a
 * wall ("Stemmen: ") or an earlier run-off put before it, in either language, is dropped, so a
 * run-off of a carried vote is not "Herstemming: Stemmen: …".
 * @param {string} title
 */
export function runOffTitle(title) {
  const prefixes = [...dv.every('runOffTitle'), ...bs.every('carryTitleDefault')]
    .map((template) => template.split('{title}')[0])
    .filter((prefix) => prefix !== '');
  let bare = title;
  for (let found = true; found;) {
    const prefix = prefixes.find((p) => bare.startsWith(p));
    found = prefix !== undefined;
    if (prefix !== undefined) bare = bare.slice(prefix.length);
  }
  return dv('runOffTitle', { title: bare }).slice(0, 200);
}

/** The kind's name. */
export function label() {
  return dv('kind');
}

/** @param {ActivitySpec} spec */
export function summary(spec) {
  if (spec.kind !== 'dotVote') return '';
  const text = dv('summary', { n: spec.options.length, dots: spec.dots });
  return spec.liveResults ? `${text} · ${dv('summaryLive')}` : text;
}

/** @param {import('../index.js').ViewOf<'dotVote'>} view */
export function phase(view) {
  const p = view.phase.phase;
  return p === 'lobby' ? kw('waitingToStart') : p === 'voting' ? dv('phaseVoting') : p === 'closed' ? dv('phaseClosed') : dv('phaseRevealed');
}

/**
 * The presenter's steps: open the vote, close it, reveal the result.
 * @param {HostCtx} ctx
 * @returns {import('../../present.js').Steps}
 */
export function steps(ctx) {
  const p = ctx.view.phase.phase;
  /** @param {string} label @param {DotVoteInput} input */
  const step = (label, input) => ({ label, run: () => ctx.send({ kind: 'dotVote', ...input }) });
  const next = p === 'lobby' ? step(dv('open'), { type: 'open' }) : p === 'voting' ? step(dv('close'), { type: 'close' })
    : p === 'closed' ? step(dv('reveal'), { type: 'reveal' }) : null;
  return { next, back: null };
}

/**
 * @param {HostCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const phase = view.phase;
  // Between a new vote's view and its host view (a run-off), the host view is the old vote's.
  const host = ctx.host?.kind === 'dotVote' && ctx.host.tally.length === view.options.length ? ctx.host : null;
  /** @param {DotVoteInput} input */
  const send = (input) => ctx.send({ kind: 'dotVote', ...input });
  /** @param {string} testid @param {string} text @param {DotVoteInput} input */
  const button = (testid, text, input) => v('button', { key: testid, type: 'button', class: 'primary', testid, onclick: () => send(input) }, text);
  /** @type {VNode[]} */
  const controls = [];
  if (phase.phase === 'lobby') controls.push(button('vote-open', dv('open'), { type: 'open' }));
  if (phase.phase === 'voting') controls.push(button('vote-close', dv('close'), { type: 'close' }));
  if (phase.phase === 'voting' || phase.phase === 'closed') controls.push(button('vote-reveal', dv('reveal'), { type: 'reveal' }));
  const zero = view.options.map((o) => ({ option: o.id, dots: 0, teams: [] }));
  const results = phase.phase === 'revealed' ? phase.results : ranked(host?.tally ?? view.tally ?? zero);
  const ties = phase.phase === 'revealed'
    ? [...new Set(results.map((r) => r.rank))].filter((rank) => results.filter((r) => r.rank === rank).length > 1)
    : [];
  const most = Math.max(1, ...results.map((r) => r.dots));
  return v('div', { class: 'vote-host' },
    ctx.progress && phase.phase !== 'lobby' ? v('p', { class: 'progress', testid: 'host-progress' },
      kw('votedCount', { n: ctx.progress.responded }), ` / ${ctx.progress.of}`) : null,
    flowControls(ctx, controls,
      ties.map((rank) => v('button', {
        key: `runoff-${rank}`, type: 'button', class: 'secondary', testid: 'vote-runoff',
        onclick: () => send({ type: 'runOff', rank, title: runOffTitle(view.title) }),
      }, dv('runOff', { n: rank })))),
    phase.phase !== 'lobby' ? v('h3', null, phase.phase === 'revealed' ? dv('results') : dv('tally')) : null,
    scrollBox('vote-host-scroll', v('ol', { class: 'host-tally', testid: 'vote-host-tally' }, results.map((r) => {
      const o = view.options[r.option];
      const team = o.team === null ? null : ctx.teams.teams.find((t) => t.id === o.team);
      return v('li', { key: r.option, class: 'row', testid: 'vote-host-option' },
        phase.phase === 'lobby' ? null : v('span', { class: 'rank-n' }, dv('rank', { n: r.rank })),
        v('span', { class: 'grow' }, team ? teamBadge(team, ctx.teams) : null, team ? ' ' : null, o.text),
        phase.phase === 'lobby' ? null : v('span', { class: 'host-bar', style: `width:${(8 * r.dots) / most}em` }),
        phase.phase === 'lobby' ? null : v('span', { class: 'votes', testid: 'vote-host-dots' }, String(r.dots)));
    }))));
}

/** The editor's draft, kept across renders. */
const draft = {
  session: -1,
  title: '',
  /** @type {DotOption[]} */
  options: [],
  dots: 3,
  max: '',
  noOwnTeam: false,
  liveResults: false,
  byTeam: false,
  anonymous: false,
  /** @type {string[]} */
  errors: [],
};

/**
 * @param {EditorCtx} ctx
 * @returns {VNode}
 */
export function editor(ctx) {
  openDraft(draft, ctx, () => {
    const spec = ctx.spec?.kind === 'dotVote' ? ctx.spec : null;
    return {
      title: spec?.title ?? dv('titleDefault'),
      options: spec ? spec.options.map((o) => ({ ...o })) : [{ text: '', team: null, card: null }, { text: '', team: null, card: null }],
      dots: spec?.dots ?? 3,
      max: spec?.maxPerOption ? String(spec.maxPerOption) : '',
      noOwnTeam: spec?.noOwnTeam ?? false,
      liveResults: spec?.liveResults ?? false,
      byTeam: spec?.byTeam ?? false,
      anonymous: spec?.anonymous ?? false,
    };
  });
  const save = () => {
    /** @type {string[]} */
    const errors = [];
    const options = draft.options.map((o) => ({ ...o, text: o.text.trim() })).filter((o) => o.text);
    const max = draft.max.trim() === '' ? null : Number(draft.max);
    if (!draft.title.trim()) errors.push(kw('errTitle'));
    if (options.length < 2 || options.length > 100) errors.push(dv('errOptions'));
    if (!Number.isInteger(draft.dots) || draft.dots < 1 || draft.dots > 20
      || (max !== null && (!Number.isInteger(max) || max < 1 || max > draft.dots))) errors.push(dv('errDots'));
    saveDraft(draft, ctx, errors, () => ({
      kind: 'dotVote', title: draft.title.trim(), options, dots: draft.dots, maxPerOption: max, noOwnTeam: draft.noOwnTeam,
      liveResults: draft.liveResults, byTeam: draft.byTeam, anonymous: draft.anonymous,
    }));
  };
  return v('div', { class: 'vote-editor' },
    v('h2', null, ctx.editing === null ? dv('editorNew') : dv('editorEdit')),
    v('label', { for: 'vote-title' }, dv('title')),
    v('input', {
      id: 'vote-title', testid: 'vote-title', value: draft.title, maxlength: 200,
      oninput: (ev) => { draft.title = /** @type {HTMLInputElement} */ (ev.target).value; },
    }),
    v('fieldset', { class: 'choice' },
      v('legend', null, dv('options')),
      v('ol', { class: 'vote-option-edit' }, draft.options.map((o, i) => v('li', { key: i },
        v('input', {
          testid: 'vote-option-text', value: o.text, maxlength: 280, aria: { label: dv('option', { n: i + 1 }) },
          // A changed text is the host's own option: its link to a card no longer holds.
          oninput: (ev) => { o.text = /** @type {HTMLInputElement} */ (ev.target).value; o.card = null; },
        }),
        v('button', {
          type: 'button', class: 'secondary small', disabled: draft.options.length <= 2,
          onclick: () => { draft.options.splice(i, 1); ctx.rerender(); },
        }, dv('removeOption'))))),
      v('div', { class: 'controls' },
        v('button', {
          type: 'button', class: 'secondary small', testid: 'vote-add-option', disabled: draft.options.length >= 100,
          onclick: () => { draft.options.push({ text: '', team: null, card: null }); ctx.rerender(); },
        }, dv('addOption')),
        v('button', {
          type: 'button', class: 'secondary small', testid: 'vote-from-teams',
          onclick: () => {
            draft.options = ctx.teams.teams.map((t) => ({ text: dv('teamOption', { team: t.name }), team: t.id, card: null }));
            ctx.rerender();
          },
        }, dv('fromTeams')))),
    v('label', { for: 'vote-dots' }, dv('dotsLabel')),
    v('input', {
      id: 'vote-dots', testid: 'vote-dots', type: 'number', min: 1, max: 20, class: 'num', value: String(draft.dots),
      oninput: (ev) => { draft.dots = Number(/** @type {HTMLInputElement} */ (ev.target).value); },
    }),
    v('label', { for: 'vote-max' }, dv('maxLabel')),
    v('input', {
      id: 'vote-max', testid: 'vote-max', inputmode: 'numeric', class: 'num', value: draft.max,
      oninput: (ev) => { draft.max = /** @type {HTMLInputElement} */ (ev.target).value; },
    }),
    check('vote-no-own-team', dv('noOwnTeam'), draft.noOwnTeam, (x) => { draft.noOwnTeam = x; }),
    check('vote-live', dv('liveResults'), draft.liveResults, (x) => { draft.liveResults = x; }),
    check('vote-by-team', dv('byTeam'), draft.byTeam, (x) => { draft.byTeam = x; }),
    check('vote-anonymous', dv('anonymous'), draft.anonymous, (x) => { draft.anonymous = x; }),
    editorFooter(ctx, save, draft.errors));
}
