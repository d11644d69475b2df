// The console's sessions: which session runs now, each session's activities, their names
// ("Sessie 2" for one without a title), planned against actual time, and the form that adds,
// renames and dates a session.

import { t } from '../i18n.js';
import { v } from '../view.js';
import { shell, state } from './state.js';
import { MAX_SESSION_TITLE_CHARS } from '../../gen/limits.js';

/** @typedef {import('../../gen/AgendaItem').AgendaItem} AgendaItem */
/** @typedef {import('../../gen/SessionInfo').SessionInfo} SessionInfo */

/**
 * A session's name: its title, or "Session N" (its place, from 1) without one.
 * @param {SessionInfo} session
 */
export function sessionName(session) {
  if (session.title) return session.title;
  const place = state.sessions.findIndex((s) => s.id === session.id);
  return t('sessionDefault', { n: place + 1 });
}

/**
 * The activities of a session, in order.
 * @param {number} session
 * @returns {AgendaItem[]}
 */
export function itemsOf(session) {
  return state.agenda.filter((a) => a.session === session);
}

/**
 * The session being run: the current activity's, or in the lobby the first session with an
 * activity not started yet (else the last one).
 * @returns {number}
 */
export function runningSession() {
  const current = state.agenda.find((a) => a.current);
  if (current) return current.session;
  const next = state.agenda.find((a) => !a.started);
  if (next) return next.session;
  return state.sessions[state.sessions.length - 1]?.id ?? 0;
}

/**
 * Whether a session's agenda is shown: the running one, unless opened or closed by hand.
 * @param {number} session
 */
export function isOpen(session) {
  return state.sessionOpen.get(session) ?? session === runningSession();
}

/** The server's clock now (ms), from the latest message that carried it. */
function serverNow() {
  const clock = state.clock;
  return clock ? clock.serverNow + (performance.now() - clock.receivedAt) : Date.now();
}

/**
 * How long an activity has been current, in ms, the time it is current now included.
 * @param {AgendaItem} item
 */
export function actualMs(item) {
  const running = item.runningSince != null ? Math.max(0, serverNow() - item.runningSince) : 0;
  return item.actualMs + running;
}

/**
 * `m:ss` for a time in ms.
 * @param {number} ms
 */
export function clockText(ms) {
  const secs = Math.floor(ms / 1000);
  return `${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, '0')}`;
}

/** What the agenda last showed of the running time (re-render when it changes). */
let shownTime = '';

/** Whether the running activity's time shows another second (the shell re-renders then). */
export function timeTicked() {
  const running = state.agenda.find((a) => a.runningSince != null);
  const now = running ? clockText(actualMs(running)) : '';
  if (now === shownTime) return false;
  shownTime = now;
  return state.tab === 'agenda';
}

/**
 * Planned against actual time of one activity ("3:12 / 10 min"), amber when over.
 * @param {AgendaItem} item
 */
export function timeBadge(item) {
  const ms = actualMs(item);
  if (item.plannedMinutes == null && ms === 0) return null;
  const over = item.plannedMinutes != null && ms > item.plannedMinutes * 60_000;
  const text = item.plannedMinutes != null
    ? t('plannedOf', { actual: clockText(ms), planned: item.plannedMinutes })
    : clockText(ms);
  return v('span', {
    class: `badge time${over ? ' over' : ' muted'}`, testid: 'activity-time',
    title: over ? t('plannedOver') : undefined,
  }, text);
}

/**
 * A session's summed time against its summed plan.
 * @param {number} session
 */
export function sessionTime(session) {
  const items = itemsOf(session);
  const ms = items.reduce((sum, a) => sum + actualMs(a), 0);
  const planned = items.reduce((sum, a) => sum + (a.plannedMinutes ?? 0), 0);
  if (planned === 0 && ms === 0) return null;
  const over = planned > 0 && ms > planned * 60_000;
  return v('span', { class: `badge time${over ? ' over' : ' muted'}`, testid: 'session-time' },
    planned > 0
      ? t('sessionTotal', { actual: clockText(ms), planned })
      : t('sessionTotalNoPlan', { actual: clockText(ms) }));
}

/**
 * The form that adds a session or renames and dates one.
 */
export function sessionForm() {
  const form = state.sessionForm;
  if (!form) return null;
  const place = form.id === null ? state.sessions.length : state.sessions.findIndex((s) => s.id === form.id);
  return v('form', {
    class: 'session-form', testid: 'session-form',
    onsubmit: (/** @type {Event} */ ev) => {
      ev.preventDefault();
      const date = form.date || null;
      shell.act(form.id === null
        ? { type: 'addSession', title: form.title, date }
        : { type: 'updateSession', session: form.id, title: form.title, date });
      state.sessionForm = null;
      shell.render();
    },
  },
  v('label', null, t('sessionTitle'), v('input', {
    type: 'text', testid: 'session-title', value: form.title, maxlength: MAX_SESSION_TITLE_CHARS,
    placeholder: t('sessionDefault', { n: place + 1 }),
    oninput: (/** @type {Event} */ ev) => { form.title = /** @type {HTMLInputElement} */ (ev.target).value; },
  })),
  v('label', null, t('sessionDate'), v('input', {
    type: 'date', testid: 'session-date', value: form.date,
    oninput: (/** @type {Event} */ ev) => { form.date = /** @type {HTMLInputElement} */ (ev.target).value; },
  })),
  v('span', { class: 'row-actions' },
    v('button', { type: 'submit', class: 'primary small', testid: 'session-save' }, t('sessionSave')),
    v('button', {
      type: 'button', class: 'secondary small',
      onclick: () => { state.sessionForm = null; shell.render(); },
    }, t('cancel'))));
}
