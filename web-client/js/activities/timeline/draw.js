// The class timeline drawn from the server's `Timeline` (one renderer for every kind's
// summary: lines of text with an optional number, and distributions as small bar charts).
// Used by the projector and the phones (the slide) and by the console's Timeline tab. Student
// and facilitator text is rendered as text. Sizes are in `em`, so the projector's fitted box
// (fit.js) scales the whole board; on a phone the sessions stack.

import { v } from '../../view.js';
import { getLang as lang } from '../../i18n.js';
import { tl } from './strings.js';
import { FACES } from '../checkIn/strings.js';

/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/Timeline').Timeline} Timeline */
/** @typedef {import('../../../gen/TimelineSession').TimelineSession} TimelineSession */
/** @typedef {import('../../../gen/TimelineItem').TimelineItem} TimelineItem */
/** @typedef {import('../../../gen/ResultSummary').ResultSummary} ResultSummary */
/** @typedef {import('../../../gen/SummaryLine').SummaryLine} SummaryLine */
/** @typedef {import('../../../gen/SpreadBar').SpreadBar} SpreadBar */
/** @typedef {import('../../../gen/SpreadScale').SpreadScale} SpreadScale */

/**
 * A session's heading: "Sessie 2 · Les 2 · 12-12-2026".
 * @param {number} number @param {string} title @param {string | null} date
 */
export function sessionName(number, title, date) {
  const parts = [tl('session', { n: number })];
  if (title) parts.push(title);
  if (date) parts.push(formatDate(date));
  return parts.join(' · ');
}

/** @param {string} date `YYYY-MM-DD` */
function formatDate(date) {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(lang() === 'nl' ? 'nl-NL' : 'en-GB', {
    day: 'numeric', month: 'short', timeZone: 'UTC',
  });
}

/** Kinds the timeline names (a kind added later shows its tag until it is named here). */
const NAMED = ['quiz', 'teamNames', 'brainstorm', 'dotVote', 'statementScale', 'pitches', 'checkIn', 'openQuestion', 'cardSort', 'weDid'];

/** @param {string} kind the wire tag */
function kindName(kind) {
  return NAMED.includes(kind) ? tl(/** @type {Parameters<typeof tl>[0]} */ (`k_${kind}`)) : kind;
}

/** @param {SummaryLine} line */
function value(line) {
  if (line.value === null || line.unit === null) return null;
  const n = Number.isInteger(line.value) ? String(line.value) : line.value.toFixed(1);
  const shown = lang() === 'nl' ? n.replace('.', ',') : n;
  return tl(/** @type {Parameters<typeof tl>[0]} */ (`unit_${line.unit}`), { n: shown });
}

/**
 * A bar's label under it: the faces it holds, or nothing on an agree line (its ends are
 * labelled below the chart).
 * @param {SpreadScale} scale @param {SpreadBar} bar
 */
function barLabel(scale, bar) {
  if (scale !== 'faces') return '';
  return bar.from === bar.to ? FACES[bar.from - 1] ?? '' : `${FACES[bar.from - 1] ?? ''}–${FACES[bar.to - 1] ?? ''}`;
}

/**
 * A distribution as a small bar chart: bars as high as their share, the count on top.
 * @param {SpreadScale} scale @param {SpreadBar[]} bars @param {number} skipped @param {string} testid
 */
export function bars(scale, bars, skipped, testid) {
  const top = Math.max(1, ...bars.map((b) => b.count));
  return v('div', { class: `tl-spread tl-${scale}`, testid },
    v('div', { class: 'tl-bars' },
      bars.map((b, i) => v('div', { key: i, class: 'tl-bar' },
        v('span', { class: 'tl-count' }, String(b.count)),
        v('span', { class: 'tl-fill', style: `height: ${(b.count / top) * 100}%` }),
        scale === 'faces' ? v('span', { class: 'tl-face', aria: { hidden: 'true' } }, barLabel(scale, b)) : null))),
    scale === 'agree'
      ? v('div', { class: 'tl-ends' }, v('span', null, tl('disagree')), v('span', null, tl('agree'))) : null,
    skipped > 0 ? v('div', { class: 'tl-skipped' }, tl('skipped', { n: skipped })) : null);
}

/**
 * One summary: its lines, then its distributions.
 * @param {ResultSummary} summary @param {string} testid
 */
function summaryView(summary, testid) {
  return v('div', { class: 'tl-summary', testid },
    summary.lines.length ? v('ul', { class: 'tl-lines' },
      summary.lines.map((line, i) => {
        const n = value(line);
        return v('li', { key: i },
          v('span', { class: 'tl-text' }, line.text),
          n ? v('span', { class: 'tl-value' }, n) : null);
      })) : null,
    summary.spreads.map((spread, i) => v('div', { key: `s${i}`, class: 'tl-statement' },
      spread.scale === 'agree' ? v('p', { class: 'tl-label' }, spread.label) : null,
      bars(spread.scale, spread.bars, spread.skipped, `${testid}-spread`))));
}

/**
 * One activity on the timeline.
 * @param {TimelineItem} item
 */
function itemView(item) {
  return v('li', { key: item.activity, class: 'tl-item', testid: `tl-item-${item.activity}` },
    v('p', { class: 'tl-kind' }, kindName(item.kind)),
    v('p', { class: 'tl-title' }, item.title),
    item.summary ? summaryView(item.summary, `tl-summary-${item.activity}`)
      : v('p', { class: 'tl-none' }, tl('noSummary')),
    item.late ? v('div', { class: 'tl-late', testid: `tl-late-${item.activity}` },
      v('p', { class: 'tl-late-label' }, `🪑 ${tl('fromChair')}`),
      summaryView(item.late, `tl-late-summary-${item.activity}`)) : null);
}

/**
 * Every session side by side (stacked on a phone), each with its activities in order.
 * @param {Timeline} timeline @param {string} testid
 * @returns {VNode}
 */
export function sessionsBoard(timeline, testid) {
  if (!timeline.sessions.length) return v('p', { class: 'tl-empty', testid: `${testid}-empty` }, tl('empty'));
  return v('div', { class: 'tl-board', testid, style: `--tl-columns: ${timeline.sessions.length}` },
    timeline.sessions.map((s) => v('section', { key: s.session.id, class: 'tl-session', testid: `tl-session-${s.number}` },
      v('h2', { class: 'tl-head' }, sessionName(s.number, s.session.title, s.session.date)),
      v('ol', { class: 'tl-items' }, s.items.map(itemView)),
      s.notRun > 0 ? v('p', { class: 'tl-none' }, tl('notRun', { n: s.notRun })) : null)));
}

/**
 * The shifts: each repeated statement or check-in with its spread per session side by side.
 * @param {Timeline} timeline @param {string} testid
 * @returns {VNode}
 */
export function shiftsBoard(timeline, testid) {
  if (!timeline.shifts.length) return v('p', { class: 'tl-empty', testid: `${testid}-empty` }, tl('noShifts'));
  return v('div', { class: 'tl-shifts', testid },
    timeline.shifts.map((shift, i) => v('section', { key: i, class: 'tl-shift', testid: `tl-shift-${i}` },
      v('h2', { class: 'tl-label' }, shift.label),
      v('div', { class: 'tl-shift-row' },
        shift.sessions.map((entry) => v('div', { key: entry.number, class: 'tl-shift-session', testid: `tl-shift-${i}-${entry.number}` },
          v('p', { class: 'tl-head' }, sessionName(entry.number, entry.title, entry.date)),
          bars(shift.scale, entry.bars, entry.skipped, `tl-shift-${i}-${entry.number}-bars`)))))));
}
