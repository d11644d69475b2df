// The card-sort on a phone: the cards in their effect groups, each showing the column it lies
// on; tap a card, then one of the big column buttons in the tray at the bottom (in thumb's
// reach, one-handed on a 360 px screen), or drag a card by its grip onto a column. Every placement shows
// sending/received; the own placements show at once (what was sent last, until the server's
// copy agrees) and can change until the sort closes. After the reveal the heatmap shows with
// the own cells ringed, never anyone's name.

import { v } from '../../view.js';
import { startDrag } from '../../drag.js';
import { cs } from './strings.js';
import { byGroup, heatmapGrid, tone } from './heatmap.js';
import { enter, perActivity, sendStatus } from '../kit.js';

export { applyChange } from './changes.js';

/** @typedef {import('../index.js').PhoneCtx<'cardSort'>} PhoneCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/CardSortInput').CardSortInput} CardSortInput */

/** The card picked and the last input sent, per activity. */
const local = perActivity(() => ({
  /** @type {number | null} */
  picked: /** @type {number | null} */ (null),
  /** @type {string | null} */
  sentId: /** @type {string | null} */ (null),
}));

/**
 * The own placements as this phone shows them: the server's, with the inputs not acknowledged
 * yet (also after a reload) applied in order.
 * @param {PhoneCtx} ctx
 * @returns {{ placed: (number | null)[], skipped: boolean }}
 */
function ownPlacements(ctx) {
  const own = ctx.personal?.kind === 'cardSort' ? ctx.personal : null;
  const placed = ctx.view.cards.map((_, i) => own?.placed[i] ?? null);
  let skipped = own?.skipped ?? false;
  for (const p of ctx.pending()) {
    if (p.act.type !== 'activity' || p.act.activity !== ctx.view.id || p.act.input.kind !== 'cardSort') continue;
    const input = p.act.input;
    if (input.type === 'place' && input.card < placed.length) {
      placed[input.card] = input.column;
      skipped = false;
    } else if (input.type === 'unplace' && input.card < placed.length) placed[input.card] = null;
    else if (input.type === 'skip') {
      placed.fill(null);
      skipped = true;
    }
  }
  return { placed, skipped };
}

/**
 * @param {PhoneCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  enter(local, view.id);
  const phase = view.phase.phase;
  if (phase === 'lobby') {
    return v('section', { class: 'card wait', testid: 'sort-lobby' },
      v('p', { class: 'muted' }, cs('kind')), v('h1', null, view.title), v('p', { class: 'lead' }, cs('startsSoon')));
  }
  const { placed, skipped } = ownPlacements(ctx);
  const open = phase === 'open';
  /** @param {CardSortInput} input */
  const send = (input) => {
    local.sentId = ctx.send({ kind: 'cardSort', ...input });
  };
  /** @param {number} card @param {number} column */
  const place = (card, column) => {
    send({ type: 'place', card, column });
    placed[card] = column;
    // On to the next card not placed yet, so sorting is tap, tap, tap, tap.
    const next = placed.findIndex((c, i) => c === null && i > card);
    const first = placed.findIndex((c) => c === null);
    local.picked = next >= 0 ? next : first >= 0 ? first : null;
    ctx.rerender();
  };
  const count = placed.filter((c) => c !== null).length;
  const head = v('div', { class: 'card sort-head' },
    v('p', { class: 'muted small' }, cs('kind')),
    v('h1', { class: 'sort-title' }, view.title),
    open ? v('p', { class: 'small' }, cs('howTo')) : v('p', { class: 'lead', testid: 'sort-closed' }, cs('closed')),
    v('p', { class: 'sort-count', testid: 'sort-count' }, cs('placedOf', { n: count, of: view.cards.length })),
    skipped ? v('p', { class: 'muted', testid: 'sort-skipped' }, cs('skipped')) : null,
    open ? sendStatus(ctx.outcome, local.sentId, 'sort-status') : null);
  if (phase === 'revealed' && view.heatmap) {
    return v('section', { class: 'sort-phone', testid: 'sort-phone' }, head,
      v('div', { class: 'card sort-phone-heatmap' }, heatmapGrid(view, view.heatmap, placed, 'sort-phone-heatmap')));
  }
  const picked = open && local.picked !== null && local.picked < view.cards.length ? local.picked : null;
  const list = byGroup(view.cards).map(([group, cards]) => v('div', { key: group, class: 'sort-group' },
    v('h2', { class: 'sort-group-name' }, group),
    cards.map(([card, i]) => {
      const at = placed[i];
      return v('button', {
        key: i, type: 'button', testid: 'sort-card', disabled: !open,
        class: `sort-card${picked === i ? ' picked' : ''}${at === null ? '' : ' placed'}`,
        aria: { pressed: picked === i ? 'true' : 'false' },
        // A tap always picks (never un-picks): the next card is picked by itself after a
        // placement, and a student who taps it anyway means it.
        onclick: () => { local.picked = i; ctx.rerender(); },
        onpointerdown: open ? (/** @type {PointerEvent} */ ev) => startDrag(ev, (zone) => place(i, Number(zone))) : undefined,
      },
      tone(card),
      v('span', { class: 'sort-card-text' }, card.text),
      // A finger on the grip drags the card (the grip takes no scrolling); anywhere else on
      // the card it scrolls the list or, tapped, picks the card. A mouse drags from anywhere.
      open ? v('span', { class: 'sort-grip', aria: { hidden: 'true' } }, '⠿') : null,
      v('span', { class: `sort-chip${at === null ? ' none' : ''}`, testid: 'sort-card-column' },
        at === null ? cs('notPlaced') : view.columns[at] ?? ''));
    })));
  const tray = open ? v('div', { class: 'sort-tray', testid: 'sort-tray' },
    v('p', { class: 'sort-tray-what', testid: 'sort-tray-what' },
      picked === null ? cs('pickCard') : v('span', null, v('span', { class: 'muted' }, cs('whereFits'), ' '), v('b', null, view.cards[picked].text))),
    v('div', { class: 'sort-columns', role: 'group', aria: { label: cs('whereFits') } },
      view.columns.map((column, k) => v('button', {
        key: k, type: 'button', testid: 'sort-column', data: { drop: String(k) },
        class: `sort-column${picked !== null && placed[picked] === k ? ' current' : ''}`,
        aria: { disabled: picked === null ? 'true' : 'false' },
        onclick: () => { if (picked !== null) place(picked, k); },
      }, v('span', { class: 'sort-column-name' }, column), v('span', { class: 'sort-column-n' }, String(placed.filter((c) => c === k).length))))),
    picked !== null && placed[picked] !== null ? v('button', {
      type: 'button', class: 'secondary small sort-take-back', testid: 'sort-take-back',
      onclick: () => { send({ type: 'unplace', card: picked }); ctx.rerender(); },
    }, cs('takeBack')) : null) : null;
  return v('section', { class: 'sort-phone', testid: 'sort-phone' }, head,
    v('div', { class: 'sort-list' }, list),
    open ? v('div', { class: 'controls' }, v('button', {
      type: 'button', class: 'secondary', testid: 'sort-skip', disabled: skipped,
      onclick: () => { local.picked = null; send({ type: 'skip' }); ctx.rerender(); },
    }, cs('skip'))) : null,
    tray);
}
