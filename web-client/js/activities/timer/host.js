// The timer in the host console: the time left, start, pause, resume, +1 and −1 minute, stop
// and reset, the chime on or off, the time to set before the start; beside the current
// activity the same controls, compact. A co-facilitator may pause, resume and add or take off a
// minute (what a second teacher does when a group needs a moment), not start, stop or reset:
// those are in `flowControls`, which that console leaves out. The presenter steps: start,
// pause, resume; once the time is up the next activity.

import { v } from '../../view.js';
import { ts } from './strings.js';
import { t } from '../../i18n.js';
import { clock, face } from './face.js';
import { checkField, textField } from '../fields.js';
import { editorFooter, kw, openDraft, saveDraft } from '../kit.js';
import { MAX_TIMER_SECS } from '../../../gen/limits.js';

/** @typedef {import('../index.js').HostCtx<'timer'>} HostCtx */
/** @typedef {import('../index.js').BesideCtx} BesideCtx */
/** @typedef {import('../index.js').EditorCtx} EditorCtx */
/** @typedef {import('../index.js').ViewOf<'timer'>} TimerView */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/TimerInput').TimerInput} TimerInput */

/** The kind's name. */
export function label() {
  return ts('kind');
}

/** It can run beside the current activity (a timer over a brainstorm). */
export const runsBeside = true;

/** @param {import('../../../gen/ActivitySpec').ActivitySpec} spec */
export function summary(spec) {
  if (spec.kind !== 'timer') return '';
  const time = ts('summary', { time: clock(spec.secs * 1000) });
  return spec.sound ? `${time} · ${ts('summarySound')}` : time;
}

/** @param {TimerView} view */
export function phase(view) {
  const p = view.phase;
  if (p.phase === 'ready') return ts('phaseReady', { time: clock(view.secs * 1000) });
  if (p.phase === 'running') return ts('phaseRunning');
  if (p.phase === 'paused') return ts('phasePaused');
  return p.stopped ? ts('phaseStopped') : ts('phaseDone');
}

/**
 * The presenter's steps: start, pause, resume; nothing once the time is up (then the next
 * activity).
 * @param {HostCtx} ctx
 * @returns {import('../../present.js').Steps}
 */
export function steps(ctx) {
  const p = ctx.view.phase.phase;
  /** @type {[string, TimerInput] | null} */
  const step = p === 'ready' ? [ts('start'), { type: 'start' }]
    : p === 'running' ? [ts('pause'), { type: 'pause' }]
      : p === 'paused' ? [ts('resume'), { type: 'resume' }] : null;
  return {
    next: step ? { label: step[0], run: () => ctx.send({ kind: 'timer', ...step[1] }) } : null,
    back: null,
  };
}

/** The time typed before a start, per timer: minutes and seconds as typed. */
const typed = new Map();

/**
 * The controls of a timer, as `[testid, label, input, runs-only, primary]`.
 * @param {TimerView} view
 * @returns {[string, string, TimerInput, boolean, boolean][]}
 */
function buttons(view) {
  const p = view.phase.phase;
  /** @type {[string, string, TimerInput, boolean, boolean][]} */
  const out = [];
  if (p === 'ready') out.push(['timer-start', ts('start'), { type: 'start' }, true, true]);
  if (p === 'running') out.push(['timer-pause', ts('pause'), { type: 'pause' }, false, true]);
  if (p === 'paused') out.push(['timer-resume', ts('resume'), { type: 'resume' }, false, true]);
  out.push(['timer-plus', ts('plusMinute'), { type: 'adjust', secs: 60 }, false, false]);
  if (p !== 'done') out.push(['timer-minus', ts('minusMinute'), { type: 'adjust', secs: -60 }, false, false]);
  if (p === 'running' || p === 'paused') out.push(['timer-stop', ts('stop'), { type: 'stop' }, true, false]);
  if (p !== 'ready') out.push(['timer-reset', ts('reset'), { type: 'reset' }, true, false]);
  return out;
}

/**
 * The controls and the time to set, for the run panel and (`compact`: small buttons in one row,
 * none primary, so the current activity keeps its one primary button) beside it.
 * @param {TimerView} view
 * @param {(input: TimerInput) => void} send
 * @param {boolean} runs
 * @param {boolean} compact
 * @returns {(VNode | null)[]}
 */
function controls(view, send, runs, compact) {
  const mine = buttons(view).filter(([, , , runsOnly]) => runs || !runsOnly).map(([testid, text, input, runsOnly, primary]) => ({
    runsOnly,
    node: v('button', {
      key: testid, type: 'button', testid,
      class: compact ? 'secondary small' : primary ? 'primary' : 'secondary',
      onclick: () => {
        if (input.type === 'start' && !setTyped(view, send)) return;
        send(input);
      },
    }, text),
  }));
  const flow = mine.filter((b) => b.runsOnly).map((b) => b.node);
  const shared = mine.filter((b) => !b.runsOnly).map((b) => b.node);
  return [
    compact ? null : runs ? v('div', { class: 'controls', key: 'flow', testid: 'flow-controls' }, flow) : v('p', { class: 'muted small', key: 'co' }, ts('coNote')),
    v('div', { class: 'controls', key: 'shared', testid: 'timer-controls' }, compact ? [...flow, ...shared] : shared),
    runs && view.phase.phase === 'ready' ? setTime(view) : null,
    checkField('timer-sound', ts('sound'), view.sound, (on) => send({ type: 'sound', on })),
  ];
}

/**
 * Minutes and seconds to start with (before the start).
 * @param {TimerView} view
 */
function setTime(view) {
  const t = typed.get(view.id) ?? { min: String(Math.floor(view.secs / 60)), sec: String(view.secs % 60), from: view.secs };
  if (t.from !== view.secs) Object.assign(t, { min: String(Math.floor(view.secs / 60)), sec: String(view.secs % 60), from: view.secs });
  typed.set(view.id, t);
  return v('div', { class: 'timer-set', key: 'set' },
    textField(`timer-min-${view.id}`, ts('minutes'), t.min, (x) => { t.min = x; valid(view.id); }, { inputmode: 'numeric', class: 'num', maxlength: 3 }),
    textField(`timer-sec-${view.id}`, ts('seconds'), t.sec, (x) => { t.sec = x; valid(view.id); }, { inputmode: 'numeric', class: 'num', maxlength: 2 }));
}

/**
 * Marks the typed minutes of timer `id` as wrong (`problem`) or clears the mark; a wrong time
 * is said on the field itself (the browser's own message box), since the start did not happen.
 * @param {number} id
 * @param {string} [problem]
 */
function valid(id, problem = '') {
  const field = /** @type {HTMLInputElement | null} */ (document.getElementById(`timer-min-${id}`));
  if (!field) return;
  field.setCustomValidity(problem);
  field.setAttribute('aria-invalid', problem ? 'true' : 'false');
  if (problem) field.reportValidity();
}

/**
 * Sends the typed time (when it differs) before a start; false, and the field says why, when
 * the typed time is not one a timer runs (then the timer must not start with the old time).
 * @param {TimerView} view
 * @param {(input: TimerInput) => void} send
 * @returns {boolean}
 */
function setTyped(view, send) {
  const t = typed.get(view.id);
  if (!t) return true;
  const secs = toSecs(t.min, t.sec);
  if (secs === null) {
    valid(view.id, ts('errTime'));
    return false;
  }
  if (secs !== view.secs) send({ type: 'set', secs });
  return true;
}

/**
 * Minutes and seconds as typed → seconds, or null when not a time a timer runs.
 * @param {string} min
 * @param {string} sec
 */
function toSecs(min, sec) {
  const m = min.trim() === '' ? 0 : Number(min);
  const s = sec.trim() === '' ? 0 : Number(sec);
  if (!Number.isInteger(m) || !Number.isInteger(s) || m < 0 || s < 0 || s > 59) return null;
  const secs = m * 60 + s;
  return secs >= 1 && secs <= MAX_TIMER_SECS ? secs : null;
}

/**
 * @param {HostCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const send = (/** @type {TimerInput} */ input) => { ctx.send({ kind: 'timer', ...input }); };
  return v('div', { class: 'timer-host' },
    face(ctx.view, ctx.countdown, 'mid', 'host-timer'),
    controls(ctx.view, send, ctx.runs, false));
}

/**
 * Beside the current activity: the time and the same controls, compact.
 * @param {BesideCtx} ctx
 * @returns {VNode}
 */
export function beside(ctx) {
  const view = ctx.view;
  if (view.kind !== 'timer') return v('span', null);
  const send = (/** @type {TimerInput} */ input) => { ctx.send({ kind: 'timer', ...input }); };
  return v('div', { class: 'timer-host timer-host-beside' },
    v('div', { class: 'timer-beside-head' },
      v('strong', null, view.title), ' ', v('span', { class: 'badge' }, t('besideBadge')),
      face(view, ctx.countdown, 'small', 'host-beside-timer'),
      ctx.remove ? v('button', { type: 'button', class: 'secondary small', testid: 'beside-stop', onclick: ctx.remove }, t('besideStop')) : null),
    controls(view, send, ctx.runs, true));
}

/** The editor's draft, kept across renders. */
const draft = {
  session: -1,
  title: '',
  min: '10',
  sec: '0',
  sound: false,
  /** @type {string[]} */
  errors: [],
};

/**
 * @param {EditorCtx} ctx
 * @returns {VNode}
 */
export function editor(ctx) {
  openDraft(draft, ctx, () => {
    const spec = ctx.spec?.kind === 'timer' ? ctx.spec : null;
    const secs = spec?.secs ?? 600;
    return { title: spec?.title ?? ts('titleDefault'), min: String(Math.floor(secs / 60)), sec: String(secs % 60), sound: spec?.sound ?? false };
  });
  const save = () => {
    /** @type {string[]} */
    const errors = [];
    const secs = toSecs(draft.min, draft.sec);
    if (!draft.title.trim()) errors.push(kw('errTitle'));
    if (secs === null) errors.push(ts('errTime'));
    saveDraft(draft, ctx, errors, () => ({ kind: 'timer', title: draft.title.trim(), secs: secs ?? 0, sound: draft.sound }));
  };
  return v('div', { class: 'timer-editor' },
    v('h2', null, ctx.editing === null ? ts('editorNew') : ts('editorEdit')),
    textField('timer-title', ts('title'), draft.title, (x) => { draft.title = x; }, { maxlength: 200 }),
    v('div', { class: 'timer-set' },
      textField('timer-minutes', ts('minutes'), draft.min, (x) => { draft.min = x; }, { inputmode: 'numeric', class: 'num', maxlength: 3 }),
      textField('timer-seconds', ts('seconds'), draft.sec, (x) => { draft.sec = x; }, { inputmode: 'numeric', class: 'num', maxlength: 2 })),
    checkField('timer-sound-default', ts('sound'), draft.sound, (x) => { draft.sound = x; }),
    editorFooter(ctx, save, draft.errors));
}
