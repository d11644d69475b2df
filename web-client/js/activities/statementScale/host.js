// The statement scale in the host console: open the statements one by one, close, reveal; the
// open statement's spread as it grows (only the host sees it while hidden); every statement
// with its key; the presenter's steps; and the editor (statements with optional stable keys,
// the line's steps, a live spread).

import { v } from '../../view.js';
import { ss } from './strings.js';
import { spreadLine } from './line.js';
import { spreadsList } from './screen.js';
import { checkField as check, flowControls, scrollBox } from '../fields.js';
import { editorFooter, kw, openDraft, saveDraft } from '../kit.js';

export { applyChange } from './changes.js';

/** Late input makes sense: its empty chair opens every statement at once. */
export const lateInput = true;

/** @typedef {import('../index.js').HostCtx<'statementScale'>} HostCtx */
/** @typedef {import('../index.js').EditorCtx} EditorCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/ActivitySpec').ActivitySpec} ActivitySpec */
/** @typedef {import('../../../gen/ScaleSteps').ScaleSteps} ScaleSteps */
/** @typedef {import('../../../gen/StatementScaleInput').StatementScaleInput} StatementScaleInput */

/** The kind's name. */
export function label() {
  return ss('kind');
}

/** @param {ScaleSteps} steps */
const stepsName = (steps) => (steps === 'five' ? ss('stepsFive') : steps === 'seven' ? ss('stepsSeven') : ss('stepsContinuous'));

/** @param {ActivitySpec} spec */
export function summary(spec) {
  if (spec.kind !== 'statementScale') return '';
  const text = ss('summary', { n: spec.statements.length, steps: stepsName(spec.steps) });
  return spec.live ? `${text} · ${ss('summaryLive')}` : text;
}

/** @param {import('../index.js').ViewOf<'statementScale'>} view */
export function phase(view) {
  const p = view.phase;
  if (p.phase === 'lobby') return kw('waitingToStart');
  if (p.phase === 'finished') return ss('phaseFinished');
  if (p.phase === 'ownPace') return ss('phaseOwnPace');
  if (p.phase === 'spreads') return ss('phaseSpreads');
  const n = p.statement + 1;
  return p.phase === 'open' ? ss('phaseOpen', { n }) : p.phase === 'closed' ? ss('phaseClosed', { n }) : ss('phaseRevealed', { n });
}

/**
 * What the host can do next, in order: each `[testid, label, input]`. The presenter's next step
 * is the first.
 * @param {import('../index.js').ViewOf<'statementScale'>} view
 * @returns {[string, string, StatementScaleInput][]}
 */
function actions(view) {
  const p = view.phase;
  if (p.phase === 'finished') return [];
  if (p.phase === 'ownPace') return [['scale-reveal', ss('revealAll'), { type: 'reveal' }]];
  if (p.phase === 'spreads') return [['scale-next', ss('finish'), { type: 'next' }]];
  if (p.phase === 'lobby') return [['scale-next', ss('first'), { type: 'next' }]];
  const last = p.statement + 1 >= view.statements.length;
  /** @type {[string, string, StatementScaleInput]} */
  const next = ['scale-next', last ? ss('finish') : ss('next'), { type: 'next' }];
  if (p.phase === 'revealed') return [next];
  /** @type {[string, string, StatementScaleInput][]} */
  const close = p.phase === 'open' ? [['scale-close', ss('close'), { type: 'close' }]] : [];
  return [['scale-reveal', ss('reveal'), { type: 'reveal' }], ...close, next];
}

/**
 * The presenter's steps: open a statement, reveal its spread, on to the next one.
 * @param {HostCtx} ctx
 * @returns {import('../../present.js').Steps}
 */
export function steps(ctx) {
  const first = actions(ctx.view)[0];
  return {
    next: first ? { label: first[1], run: () => ctx.send({ kind: 'statementScale', ...first[2] }) } : null,
    back: null,
  };
}

/**
 * @param {HostCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const p = view.phase;
  const host = ctx.host?.kind === 'statementScale' && ctx.host.spreads.length === view.statements.length ? ctx.host : null;
  const controls = actions(view).map(([testid, text, input], i) => v('button', {
    key: testid, type: 'button', class: i === 0 ? 'primary' : 'secondary', testid,
    onclick: () => ctx.send({ kind: 'statementScale', ...input }),
  }, text));
  if (p.phase === 'ownPace' || p.phase === 'spreads') {
    // Every statement at once (the empty chair's late twin): every spread, as it grows.
    const spreads = p.phase === 'spreads' ? p.spreads : host?.spreads ?? [];
    return v('div', { class: 'scale-host' },
      flowControls(ctx, controls),
      scrollBox('scale-host-scroll', spreadsList(view, spreads, 'scale-host-spreads')));
  }
  const current = p.phase === 'lobby' || p.phase === 'finished' ? null : p.statement;
  const spread = current === null ? null : p.phase === 'revealed' ? p.spread : host?.spreads[current] ?? view.spread;
  return v('div', { class: 'scale-host' },
    ctx.progress && current !== null ? v('p', { class: 'progress', testid: 'host-progress' },
      ss('answered', { n: ctx.progress.responded }), ` / ${ctx.progress.of}`) : null,
    flowControls(ctx, controls),
    current === null ? null : v('h3', { testid: 'scale-host-statement' }, view.statements[current].text),
    current === null || !spread ? null : v('p', { class: 'muted small' }, p.phase === 'revealed' ? ss('phaseRevealed', { n: current + 1 }) : ss('hostSpread')),
    current === null || !spread ? null : spreadLine(view.steps, spread, null, 'scale-host-spread'),
    scrollBox('scale-host-scroll', v('ol', { class: 'scale-host-list' }, view.statements.map((s, i) => v('li', {
      key: s.key, class: `row${i === current ? ' current' : ''}`, testid: 'scale-host-item',
    }, v('span', { class: 'grow' }, s.text), v('span', { class: 'muted small' }, s.key))))));
}

/** The editor's draft, kept across renders. */
const draft = {
  session: -1,
  title: '',
  /** @type {{ text: string, key: string }[]} */
  statements: [],
  /** @type {ScaleSteps} */
  steps: 'five',
  live: false,
  /** @type {string[]} */
  errors: [],
};

/**
 * @param {EditorCtx} ctx
 * @returns {VNode}
 */
export function editor(ctx) {
  openDraft(draft, ctx, () => {
    const spec = ctx.spec?.kind === 'statementScale' ? ctx.spec : null;
    return {
      title: spec?.title ?? ss('titleDefault'),
      statements: spec ? spec.statements.map((s) => ({ text: s.text, key: s.key ?? '' })) : [{ text: '', key: '' }],
      steps: spec?.steps ?? 'five',
      live: spec?.live ?? false,
    };
  });
  const save = () => {
    /** @type {string[]} */
    const errors = [];
    const statements = draft.statements.map((s) => ({ text: s.text.trim(), key: s.key.trim() || null })).filter((s) => s.text);
    if (!draft.title.trim()) errors.push(kw('errTitle'));
    if (statements.length < 1 || statements.length > 30) errors.push(ss('errStatements'));
    saveDraft(draft, ctx, errors, () => ({ kind: 'statementScale', title: draft.title.trim(), statements, steps: draft.steps, live: draft.live }));
  };
  /** @type {ScaleSteps[]} */
  const kinds = ['five', 'seven', 'continuous'];
  return v('div', { class: 'scale-editor' },
    v('h2', null, ctx.editing === null ? ss('editorNew') : ss('editorEdit')),
    v('label', { for: 'scale-title' }, ss('title')),
    v('input', {
      id: 'scale-title', testid: 'scale-title', value: draft.title, maxlength: 200,
      oninput: (ev) => { draft.title = /** @type {HTMLInputElement} */ (ev.target).value; },
    }),
    v('fieldset', { class: 'choice' },
      v('legend', null, ss('statements')),
      v('ol', { class: 'scale-statement-edit' }, draft.statements.map((s, i) => v('li', { key: i },
        v('input', {
          testid: 'scale-statement-text', value: s.text, maxlength: 280, aria: { label: ss('statement', { n: i + 1 }) },
          oninput: (ev) => { s.text = /** @type {HTMLInputElement} */ (ev.target).value; },
        }),
        v('input', {
          testid: 'scale-statement-key', class: 'scale-key', value: s.key, maxlength: 64, placeholder: ss('keyPlaceholder'),
          aria: { label: ss('key', { n: i + 1 }) },
          oninput: (ev) => { s.key = /** @type {HTMLInputElement} */ (ev.target).value; },
        }),
        v('button', {
          type: 'button', class: 'secondary small', disabled: draft.statements.length <= 1,
          onclick: () => { draft.statements.splice(i, 1); ctx.rerender(); },
        }, ss('removeStatement'))))),
      v('div', { class: 'controls' },
        v('button', {
          type: 'button', class: 'secondary small', testid: 'scale-add-statement', disabled: draft.statements.length >= 30,
          onclick: () => { draft.statements.push({ text: '', key: '' }); ctx.rerender(); },
        }, ss('addStatement')))),
    v('fieldset', { class: 'choice' },
      v('legend', null, ss('stepsLabel')),
      kinds.map((k) => v('label', { key: k, class: 'check' }, v('input', {
        type: 'radio', name: 'scale-steps', testid: `scale-steps-${k}`, checked: draft.steps === k,
        onchange: () => { draft.steps = k; },
      }), ' ', stepsName(k)))),
    check('scale-live', ss('live'), draft.live, (x) => { draft.live = x; }),
    editorFooter(ctx, save, draft.errors));
}
