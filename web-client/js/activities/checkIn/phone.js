// The check-in on a phone: five faces, an optional word, send or skip; what was sent stays
// chosen and can be changed until the check-in closes. The phone never shows others' answers.

import { v } from '../../view.js';
import { ci, FACES } from './strings.js';
import { enter, perActivity, sendStatus } from '../kit.js';

/** @typedef {import('../index.js').PhoneCtx<'checkIn'>} PhoneCtx */
/** @typedef {import('../../view.js').VNode} VNode */

/** The phone's choice before it is sent, per check-in. */
const local = perActivity(() => ({
  /** @type {number | null} the face tapped (1–5) */
  mood: /** @type {number | null} */ (null),
  word: '',
  /** @type {string | null} the last answer or skip sent */
  sentId: /** @type {string | null} */ (null),
}));

/**
 * @param {PhoneCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const personal = ctx.personal?.kind === 'checkIn' ? ctx.personal : null;
  enter(local, view.id, () => ({ mood: personal?.mood ?? null, word: personal?.word ?? '' }));
  if (view.phase.phase === 'lobby') {
    return v('section', { class: 'card wait', testid: 'checkin-lobby' },
      v('p', { class: 'muted' }, ci('kind')), v('h1', null, view.title), v('p', { class: 'lead' }, ci('startsSoon')));
  }
  if (view.phase.phase === 'closed') {
    return v('section', { class: 'card wait', testid: 'checkin-closed' },
      v('p', { class: 'muted' }, view.title), v('h1', null, ci('closed')),
      personal?.mood ? v('p', { class: 'lead checkin-yours' }, ci('yours', { face: FACES[personal.mood - 1] })) : null);
  }
  const mood = local.mood;
  const send = () => {
    if (mood === null) return;
    const word = local.word.trim();
    local.sentId = ctx.send({ kind: 'checkIn', type: 'answer', mood, word: view.words && word ? word : null });
    ctx.rerender();
  };
  return v('section', { class: 'card checkin-phone', testid: 'checkin-phone' },
    v('h1', null, view.title),
    v('p', { class: 'muted small' }, ci('how')),
    v('div', { class: 'checkin-faces-row', role: 'group', aria: { label: view.title } }, FACES.map((face, i) => v('button', {
      key: i, type: 'button', class: `checkin-face${mood === i + 1 ? ' chosen' : ''}`, testid: 'checkin-face',
      aria: { label: ci('face', { n: i + 1 }), pressed: mood === i + 1 ? 'true' : 'false' },
      onclick: () => { local.mood = i + 1; ctx.rerender(); },
    }, face))),
    view.words ? [
      v('label', { key: 'wl', for: 'checkin-word' }, ci('wordLabel')),
      v('input', {
        key: 'wi', id: 'checkin-word', testid: 'checkin-word', maxlength: 30, value: local.word, autocomplete: 'off',
        oninput: (ev) => { local.word = /** @type {HTMLInputElement} */ (ev.target).value; },
      }),
    ] : null,
    v('div', { class: 'controls' },
      v('button', { type: 'button', class: 'primary', testid: 'checkin-send', disabled: mood === null, onclick: send }, ci('send')),
      v('button', {
        type: 'button', class: 'secondary', testid: 'checkin-skip',
        onclick: () => { local.mood = null; local.word = ''; local.sentId = ctx.send({ kind: 'checkIn', type: 'skip' }); ctx.rerender(); },
      }, ci('skip'))),
    personal?.skipped && local.mood === null ? v('p', { class: 'muted', testid: 'checkin-skipped' }, ci('skipped')) : null,
    sendStatus(ctx.outcome, local.sentId, 'checkin-status'));
}
