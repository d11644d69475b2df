// The agree–disagree line every screen of the statement scale draws: its positions (steps or a
// continuous line) with the dots of a spread stacked at their positions, never a name, and
// optionally the own dot marked.

import { v } from '../../view.js';
import { ss } from './strings.js';

/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/Spread').Spread} Spread */
/** @typedef {import('../../../gen/ScaleSteps').ScaleSteps} ScaleSteps */

/**
 * The highest position of a line ("agree"); 0 is "disagree".
 * @param {ScaleSteps} steps
 */
export function maxOf(steps) {
  return steps === 'five' ? 4 : steps === 'seven' ? 6 : 100;
}

/**
 * Where position `p` sits on the line, in percent from the left.
 * @param {number} p
 * @param {ScaleSteps} steps
 */
export function percent(p, steps) {
  return (100 * p) / maxOf(steps);
}

/**
 * The line with a spread's dots (each position's dots in a stack) and the own dot.
 * @param {ScaleSteps} steps
 * @param {Spread | null} spread
 * @param {number | null} own      the own position, marked
 * @param {string} testid
 * @returns {VNode}
 */
export function spreadLine(steps, spread, own, testid) {
  const max = maxOf(steps);
  const counts = spread?.counts ?? [];
  const most = Math.max(1, ...counts);
  return v('div', { class: 'scale-line-box', testid, role: 'img', aria: { label: ss('spreadLabel') } },
    v('div', { class: 'scale-stacks' }, counts.map((n, p) => (n === 0 ? null : v('span', {
      key: p, class: 'scale-stack', testid: 'scale-stack', data: { position: String(p), count: String(n) },
      style: `left:${percent(p, steps)}%;height:${(100 * n) / most}%`,
    }, Array.from({ length: Math.min(n, 40) }, (_, i) => v('span', { key: i, class: 'scale-dot' })),
    v('span', { class: 'scale-count' }, String(n)))))),
    v('div', { class: 'scale-axis' },
      steps === 'continuous' ? null : Array.from({ length: max + 1 }, (_, p) => v('span', { key: p, class: 'scale-tick', style: `left:${percent(p, steps)}%` })),
      own === null ? null : v('span', { class: 'scale-own', testid: 'scale-own', style: `left:${percent(own, steps)}%`, title: ss('yourDot') })),
    v('div', { class: 'scale-ends' }, v('span', null, ss('disagree')), v('span', null, ss('agree'))),
    spread && spread.skipped ? v('p', { class: 'muted small', testid: 'scale-skipped' }, ss('skippedCount', { n: spread.skipped })) : null);
}
