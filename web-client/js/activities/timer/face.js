// The timer's face, shared by its phone, projector and console modules: what remains (counted
// down from the server's end time with the page's clock offset, see `Countdown`), as m:ss or
// h:mm:ss, a bar of what is left of the whole run, and the gentle end: the face turns calm
// green and says the time is up (no flashing).

import { v } from '../../view.js';
import { ts } from './strings.js';

/** @typedef {import('../index.js').ViewOf<'timer'>} TimerView */
/** @typedef {import('../../dom.js').Countdown} Countdown */
/** @typedef {import('../../view.js').VNode} VNode */

/**
 * What remains, ms.
 * @param {TimerView} view
 * @param {Countdown | null} countdown
 */
export function remainingMs(view, countdown) {
  const p = view.phase;
  if (p.phase === 'running') return countdown ? countdown.remainingMs() : 0;
  if (p.phase === 'paused') return p.remainingMs;
  if (p.phase === 'ready') return view.secs * 1000;
  return 0;
}

/**
 * `ms` as m:ss, or h:mm:ss from an hour (whole seconds, rounded up: 0:00 only at the end).
 * @param {number} ms
 */
export function clock(ms) {
  const secs = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(secs / 3600);
  const m = Math.floor(secs / 60) % 60;
  const s = String(secs % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * Whether the time is up (also in the moment between reaching 0 and the server's word).
 * @param {TimerView} view
 * @param {Countdown | null} countdown
 */
export function ended(view, countdown) {
  return view.phase.phase === 'done' || (view.phase.phase === 'running' && remainingMs(view, countdown) <= 0);
}

/**
 * The face: digits, the bar, and a word for a pause or the end.
 * @param {TimerView} view
 * @param {Countdown | null} countdown
 * @param {string} size   `big` (projector), `mid` (phone, console), `small` (beside)
 * @param {string} testid
 * @returns {VNode}
 */
export function face(view, countdown, size, testid) {
  const p = view.phase;
  const left = remainingMs(view, countdown);
  const over = ended(view, countdown);
  const total = p.phase === 'running' || p.phase === 'paused' ? p.totalMs : 0;
  const share = over ? 0 : total > 0 ? Math.min(1, left / total) : 1;
  const word = over ? (p.phase === 'done' && p.stopped ? ts('stopped') : ts('timeUp'))
    : p.phase === 'paused' ? ts('paused') : null;
  return v('div', {
    class: `timer-face timer-${size}${over ? ' timer-over' : ''}${p.phase === 'paused' ? ' timer-paused' : ''}`,
    testid, role: 'timer', aria: { label: over ? ts('timeUp') : ts('timerLabel', { time: clock(left) }) },
    data: { phase: over ? 'done' : p.phase },
  },
  v('span', { class: 'timer-digits', testid: `${testid}-digits` }, clock(left)),
  v('span', { class: 'timer-bar', aria: { hidden: 'true' } },
    v('span', { class: 'timer-fill', style: `width: ${(share * 100).toFixed(1)}%` })),
  word ? v('span', { class: 'timer-word', testid: `${testid}-word` }, word) : null);
}
