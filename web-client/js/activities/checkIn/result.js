// The check-in's result as the projector and the console show it: the server's bars (each of
// at least 2 answers, adjacent faces merged) and the word list, or why nothing shows.

import { v } from '../../view.js';
import { ci, FACES } from './strings.js';

/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/CheckInView').CheckInView} CheckInView */
/** @typedef {import('../../../gen/MoodBar').MoodBar} MoodBar */

/**
 * A bar's faces: one face, or the first and last of a merged bar.
 * @param {MoodBar} bar
 */
export function facesOf(bar) {
  return bar.from === bar.to ? FACES[bar.from - 1] : `${FACES[bar.from - 1]}–${FACES[bar.to - 1]}`;
}

/**
 * The bars and the words, or the waiting or "too few" line.
 * @param {CheckInView} view
 * @returns {VNode}
 */
export function result(view) {
  if (!view.result) {
    return v('p', { class: 'checkin-note', testid: 'checkin-no-result' },
      view.phase.phase === 'closed' ? ci('tooFew', { n: view.privacyFloor }) : ci('waitResult', { n: view.privacyFloor }));
  }
  const most = Math.max(1, ...view.result.bars.map((b) => b.count));
  return v('div', { class: 'checkin-result', testid: 'checkin-result' },
    v('ol', { class: 'checkin-bars', testid: 'checkin-bars' }, view.result.bars.map((b) => v('li', {
      key: b.from, class: 'checkin-bar-row', testid: 'checkin-bar',
      aria: { label: ci('bar', { faces: b.from === b.to ? String(b.from) : `${b.from}–${b.to}`, n: b.count }) },
    },
    v('span', { class: 'checkin-faces', aria: { hidden: 'true' } }, facesOf(b)),
    v('span', { class: 'checkin-bar' }, v('span', { class: 'checkin-fill', style: `width:${(100 * b.count) / most}%` })),
    v('span', { class: 'checkin-count' }, String(b.count))))),
    view.result.words.length ? v('div', { class: 'checkin-words' },
      v('h2', null, ci('words')),
      v('ul', { class: 'checkin-word-list', testid: 'checkin-words' }, view.result.words.map((w) => v('li', {
        key: w.word, class: 'checkin-word', style: `font-size:${Math.min(2, 1 + 0.25 * (w.count - 1))}em`,
      }, w.word, w.count > 1 ? v('span', { class: 'checkin-word-n' }, ` ${w.count}`) : null)))) : null);
}
