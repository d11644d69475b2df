// The console's empty chair: leaving an activity the class did open for those who were absent
// until a picked date (the end of that day in this browser's time zone), closing it, and what
// came in late, counted and shown apart, at once, whatever the count (the projector shows it
// only from 3 late contributors on). Late cards and words are moderated with the kind's own
// host page, without its flow controls; its inputs go to the late twin (`{ type: 'chair' }`).

import { getLang, strings } from '../i18n.js';
import { v, fragment } from '../view.js';
import { moduleFor } from '../activities/index.js';
import { ch, day, lateCount } from '../chair.js';
import { shell, state } from './state.js';

/** @typedef {import('../../gen/AgendaItem').AgendaItem} AgendaItem */
/** @typedef {import('../../gen/ChairHostView').ChairHostView} ChairHostView */

/** The console's own words for the chair, Dutch and English. */
const hc = strings({
  en: {
    leaveOpen: 'Leave open…',
    leaveOpenLabel: 'Leave open for the empty chair until',
    confirm: 'Leave open',
    cancel: 'Cancel',
    close: 'Close the chair',
    badge: 'Empty chair until {date} · {n} late',
    closedBadge: 'Empty chair closed · {n} late',
    pickDate: 'Pick a date after today.',
    released: 'On the projector (3 or more late voices)',
    notReleased: 'Not on the projector yet: fewer than 3 late voices',
    none: 'Nothing came in late yet.',
  },
  nl: {
    leaveOpen: 'Open laten…',
    leaveOpenLabel: 'Open laten voor de lege stoel tot en met',
    confirm: 'Open laten',
    cancel: 'Annuleren',
    close: 'Lege stoel sluiten',
    badge: 'Lege stoel tot {date} · {n} laat',
    closedBadge: 'Lege stoel gesloten · {n} laat',
    pickDate: 'Kies een datum na vandaag.',
    released: 'Op het scherm (3 of meer late stemmen)',
    notReleased: 'Nog niet op het scherm: minder dan 3 late stemmen',
    none: 'Er is nog niets laat binnengekomen.',
  },
});

/** The date picker's state: which activity, and what was picked (yyyy-mm-dd). */
const picker = { activity: /** @type {number | null} */ (null), date: '', error: false };

/**
 * The end of a picked day (yyyy-mm-dd) in this browser's time zone, ms since the epoch.
 * @param {string} date
 */
export function endOfDay(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d, 23, 59, 59, 999).getTime();
}

/**
 * The agenda row's empty-chair part for `item`: its badge and buttons, or null.
 * @param {AgendaItem} item
 */
export function chairControls(item) {
  const module = moduleFor(item.spec.kind, 'host');
  if (!module?.lateInput || !item.started || state.coFacilitator) return null;
  const chair = state.chairs.find((c) => c.activity === item.id);
  const open = chair && chair.until > Date.now();
  const badge = chair ? v('span', { class: 'badge chair-badge', testid: 'chair-badge' },
    open ? hc('badge', { date: day(chair.until, getLang()), n: chair.contributors }) : hc('closedBadge', { n: chair.contributors })) : null;
  if (picker.activity === item.id) {
    return fragment(badge, v('form', {
      class: 'chair-picker',
      onsubmit: (ev) => {
        ev.preventDefault();
        const until = picker.date ? endOfDay(picker.date) : 0;
        if (until <= Date.now()) {
          picker.error = true;
          shell.render();
          return;
        }
        shell.act({ type: 'leaveOpen', activity: item.id, until });
        picker.activity = null;
        shell.render();
      },
    },
    v('label', { for: `chair-date-${item.id}` }, hc('leaveOpenLabel')),
    v('input', {
      type: 'date', id: `chair-date-${item.id}`, testid: 'chair-date', value: picker.date, required: true,
      oninput: (ev) => { picker.date = /** @type {HTMLInputElement} */ (ev.target).value; picker.error = false; },
    }),
    v('button', { type: 'submit', class: 'primary small', testid: 'chair-confirm' }, hc('confirm')),
    v('button', { type: 'button', class: 'secondary small', onclick: () => { picker.activity = null; shell.render(); } }, hc('cancel')),
    picker.error ? v('p', { class: 'error', role: 'alert', testid: 'chair-date-error' }, hc('pickDate')) : null));
  }
  return fragment(badge,
    v('button', {
      type: 'button', class: 'secondary small', testid: 'leave-open',
      onclick: () => { picker.activity = item.id; picker.date = ''; picker.error = false; shell.render(); },
    }, hc('leaveOpen')),
    open ? v('button', {
      type: 'button', class: 'secondary small', testid: 'chair-close',
      onclick: () => shell.act({ type: 'leaveOpen', activity: item.id, until: null }),
    }, hc('close')) : null);
}

/**
 * The late input ("from the empty chair"), shown in the run panel between lessons, or null
 * when nothing was left open.
 */
export function chairPanel() {
  if (state.chairs.length === 0) return null;
  return v('section', { class: 'chair-panel', testid: 'chair-panel' },
    v('h2', null, ch('fromChair')),
    state.chairs.map((chair) => chairItem(chair)));
}

/** @param {ChairHostView} chair */
function chairItem(chair) {
  const module = moduleFor(chair.late.kind, 'host');
  return v('article', { key: chair.activity, class: 'chair-host-item', testid: 'chair-host-item', data: { id: String(chair.activity) } },
    v('h3', null, chair.late.title, ' ',
      v('span', { class: 'badge', testid: 'chair-count' }, lateCount(chair.contributors))),
    v('p', { class: 'muted small', testid: 'chair-released' }, chair.released ? hc('released') : hc('notReleased')),
    chair.contributors === 0 ? v('p', { class: 'muted' }, hc('none'))
      : v('div', { class: `chair-late kind-${chair.late.kind}` }, module ? module.render({
        view: chair.late,
        host: chair.host,
        spec: null,
        teams: state.teams,
        countdown: null,
        progress: null,
        online: 0,
        runs: false,
        send: (input) => shell.act({ type: 'chair', activity: chair.activity, input }),
        rerender: shell.render,
      }) : null));
}
