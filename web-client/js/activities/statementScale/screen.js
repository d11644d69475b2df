// The statement scale on the projector: the open statement big, how many answered, and the line
// from disagree to agree; its dots only once revealed (or live, when the organiser chose so),
// each position's dots in a stack, never a name, so the teacher can invite both ends to talk.
// Every statement's spread at once (the empty chair's late results) is a list of small lines.

import { v } from '../../view.js';
import { ss } from './strings.js';
import { spreadLine } from './line.js';

export { applyChange } from './changes.js';

/** What students will do, shown big before the first statement opens. */
export const comingUp = () => ss('comingUp');

/** @typedef {import('../index.js').ScreenCtx<'statementScale'>} ScreenCtx */
/** @typedef {import('../../view.js').VNode} VNode */

/**
 * @param {ScreenCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const phase = view.phase;
  if (phase.phase === 'lobby' || phase.phase === 'finished') {
    return v('section', { class: 'screen-scale', testid: 'screen-scale-done' },
      v('h1', { class: 'q-text' }, view.title), v('p', { class: 'scale-call' }, phase.phase === 'finished' ? ss('phaseFinished') : ss('comingUp')));
  }
  if (phase.phase === 'ownPace') {
    return v('section', { class: 'screen-scale', testid: 'screen-scale-own-pace' },
      v('h1', { class: 'q-text' }, view.title), v('p', { class: 'scale-call' }, ss('phaseOwnPace')));
  }
  if (phase.phase === 'spreads') return spreadsList(view, phase.spreads, 'screen-scale-spreads');
  const statement = view.statements[phase.statement];
  const spread = phase.phase === 'revealed' ? phase.spread : view.spread;
  const answered = spread ? spread.counts.reduce((a, b) => a + b, 0) + spread.skipped : ctx.progress?.responded ?? 0;
  return v('section', { class: 'screen-scale', testid: 'screen-scale' },
    v('div', { class: 'scale-top' },
      v('p', { class: 'muted' }, view.title, ' · ', ss('statementOf', { n: phase.statement + 1, of: view.statements.length })),
      v('span', { class: 'answered', testid: 'screen-scale-answered' }, ss('answered', { n: answered }))),
    v('h1', { class: 'q-text scale-statement', testid: 'screen-scale-statement' }, statement?.text ?? ''),
    phase.phase === 'revealed' ? null : v('p', { class: 'scale-call' },
      phase.phase === 'closed' ? ss('screenClosed') : ss('screenCall'),
      spread ? null : v('span', { class: 'muted' }, ` · ${ss('screenHidden')}`)),
    spreadLine(view.steps, spread, null, 'screen-scale-line'));
}

/**
 * Every statement with its spread, one small line each (the empty chair's late results).
 * @param {import('../index.js').ViewOf<'statementScale'>} view
 * @param {import('../../../gen/Spread').Spread[]} spreads
 * @param {string} testid
 * @returns {VNode}
 */
export function spreadsList(view, spreads, testid) {
  return v('section', { class: 'screen-scale scale-spreads', testid },
    view.statements.map((s, i) => v('div', { key: s.key, class: 'scale-spreads-item', testid: 'scale-spreads-item' },
      v('h2', { class: 'scale-statement' }, s.text),
      spreadLine(view.steps, spreads[i] ?? null, null, 'scale-spreads-line'))));
}
