// The timer on the projector: the title and the time left as large as the screen allows, a
// bar of what is left, and a gentle end (the face turns calm green, "Time is up"; with the
// chime on, a soft two-note chime once, which a browser that blocks sound simply leaves out).
// Beside another activity it sits in the bottom corner over that activity's screen.

import { v } from '../../view.js';
import { face } from './face.js';
import { ts } from './strings.js';

/** @typedef {import('../index.js').ScreenCtx<'timer'>} ScreenCtx */
/** @typedef {import('../index.js').BesideCtx} BesideCtx */
/** @typedef {import('../index.js').ViewOf<'timer'>} TimerView */
/** @typedef {import('../../view.js').VNode} VNode */

/** What students will do, shown before the start. */
export const comingUp = () => ts('comingUp');

/** Runs this page saw going, by activity id: only an end seen coming chimes (not a reload). */
const seenRunning = new Set();
/** Ends already chimed, as `id:endedAt`. */
const chimed = new Set();

/**
 * Chimes once at an end this page saw coming, when the timer's chime is on.
 * @param {TimerView} view
 */
function signal(view) {
  const p = view.phase;
  if (p.phase === 'running' || p.phase === 'paused') seenRunning.add(view.id);
  if (p.phase !== 'done' || p.stopped || !view.sound || !seenRunning.has(view.id)) return;
  const key = `${view.id}:${p.endedAt}`;
  if (chimed.has(key)) return;
  chimed.add(key);
  seenRunning.delete(view.id);
  chime();
}

/** A soft two-note chime; never throws (no audio, or autoplay blocked: silence). */
function chime() {
  try {
    const Ctx = window.AudioContext;
    if (!Ctx) return;
    const audio = new Ctx();
    audio.resume().catch(() => {});
    const t0 = audio.currentTime + 0.05;
    [659.25, 880].forEach((freq, i) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      const at = t0 + i * 0.45;
      osc.type = 'sine';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.25, at + 0.04);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 1.4);
      osc.connect(gain).connect(audio.destination);
      osc.start(at);
      osc.stop(at + 1.5);
    });
    setTimeout(() => { audio.close().catch(() => {}); }, 2500);
  } catch {
    // The visual end signal stays; sound is a bonus.
  }
}

/**
 * @param {ScreenCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  signal(ctx.view);
  return v('section', { class: 'screen-timer', testid: 'screen-timer' },
    v('h1', { class: 'timer-title' }, ctx.view.title),
    face(ctx.view, ctx.countdown, 'big', 'screen-timer-face'));
}

/**
 * Beside the current activity: a corner box with the title and the time.
 * @param {BesideCtx} ctx
 * @returns {VNode}
 */
export function beside(ctx) {
  if (ctx.view.kind !== 'timer') return v('span', null);
  signal(ctx.view);
  return v('div', { class: 'timer-corner' },
    v('span', { class: 'timer-corner-title' }, ctx.view.title),
    face(ctx.view, ctx.countdown, 'small', 'beside-timer'));
}
