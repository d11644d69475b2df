// The statement scale on a phone: the open statement, a line to tap (one button per step, or a
// slider on a continuous line) and a skip; the own dot shows at once (what was sent last, until
// the server's copy agrees) and moves with every tap until the statement closes. After the
// reveal the spread shows with the own dot marked, never anyone's name. With every statement open
// at once (the empty chair: an absent student has no class to keep pace with) the phone steps
// through them at its own pace, back and forth, with how many it answered.

import { v } from '../../view.js';
import { ss } from './strings.js';
import { maxOf, spreadLine } from './line.js';
import { enter, perActivity, sendStatus } from '../kit.js';

export { applyChange } from './changes.js';

/** @typedef {import('../index.js').PhoneCtx<'statementScale'>} PhoneCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/StatementScaleInput').StatementScaleInput} StatementScaleInput */

/** The last answer this phone sent, per activity. */
const local = perActivity(() => ({
  /** @type {string | null} */
  sentId: null,
  /** The statement shown, with every statement open at once. */
  at: 0,
}));

/**
 * The own answer to `statement` as this phone shows it: its newest answer not acknowledged yet
 * (also after a reload), else the server's.
 * @param {PhoneCtx} ctx
 * @param {number} statement
 * @returns {{ position: number | null, skipped: boolean }}
 */
function ownAnswer(ctx, statement) {
  const waiting = ctx.pending().flatMap((p) => ((p.act.type === 'activity' || p.act.type === 'chair') && p.act.activity === ctx.view.id
    && p.act.input.kind === 'statementScale' && (p.act.input.type === 'place' || p.act.input.type === 'skip')
    && p.act.input.statement === statement ? [p.act.input] : []));
  const last = waiting[waiting.length - 1];
  if (last) return last.type === 'place' ? { position: last.position, skipped: false } : { position: null, skipped: true };
  const personal = ctx.personal?.kind === 'statementScale' ? ctx.personal : null;
  const all = personal?.answers?.[statement];
  if (all) return { position: all.position, skipped: all.skipped };
  const own = personal?.statement === statement ? personal : null;
  return { position: own?.position ?? null, skipped: own?.skipped ?? false };
}

/**
 * @param {PhoneCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  enter(local, view.id);
  const phase = view.phase;
  if (phase.phase === 'lobby' || phase.phase === 'finished') {
    return v('section', { class: 'card wait', testid: phase.phase === 'lobby' ? 'scale-lobby' : 'scale-finished' },
      v('p', { class: 'muted' }, ss('kind')), v('h1', null, view.title),
      v('p', { class: 'lead' }, phase.phase === 'lobby' ? ss('startsSoon') : ss('finished')));
  }
  if (phase.phase === 'ownPace') return ownPace(ctx);
  if (phase.phase === 'spreads') {
    return v('section', { class: 'scale-phone', testid: 'scale-phone' },
      view.statements.map((s, i) => v('div', { key: s.key, class: 'card' },
        v('p', { class: 'muted small' }, ss('statementOf', { n: i + 1, of: view.statements.length })),
        v('h2', null, s.text),
        spreadLine(view.steps, phase.spreads[i] ?? null, ownAnswer(ctx, i).position, 'scale-spread'))));
  }
  const statement = phase.statement;
  const text = view.statements[statement]?.text ?? '';
  const { position, skipped } = ownAnswer(ctx, statement);
  const open = phase.phase === 'open';
  /** @param {StatementScaleInput} input */
  const send = (input) => {
    local.sentId = ctx.send({ kind: 'statementScale', ...input });
    ctx.rerender();
  };
  const head = v('div', { class: 'card scale-head' },
    v('p', { class: 'muted small' }, view.title, ' · ', ss('statementOf', { n: statement + 1, of: view.statements.length })),
    v('h1', { class: 'scale-statement', testid: 'scale-statement' }, text),
    open ? null : v('p', { class: 'lead', testid: 'scale-closed' }, phase.phase === 'closed' ? ss('closed') : null),
    open ? sendStatus(ctx.outcome, local.sentId, 'scale-status') : null);
  if (phase.phase === 'revealed') {
    return v('section', { class: 'scale-phone', testid: 'scale-phone' }, head,
      v('div', { class: 'card' }, spreadLine(view.steps, phase.spread, position, 'scale-spread')));
  }
  return v('section', { class: 'scale-phone', testid: 'scale-phone' }, head,
    answerCard(view.steps, statement, position, skipped, open, send, true),
    view.spread ? v('div', { class: 'card' }, spreadLine(view.steps, view.spread, position, 'scale-live')) : null);
}

/**
 * The line to tap (or slide) for one statement, with the own dot, and a skip.
 * @param {import('../../../gen/ScaleSteps').ScaleSteps} steps
 * @param {number} statement
 * @param {number | null} position
 * @param {boolean} skipped
 * @param {boolean} open
 * @param {(input: StatementScaleInput) => void} send
 * @param {boolean} hint     the how-to line (live: "until the statement closes")
 * @returns {VNode}
 */
function answerCard(steps, statement, position, skipped, open, send, hint) {
  const max = maxOf(steps);
  const line = steps === 'continuous'
    // Without a dot yet the slider's thumb waits in the middle, faded.
    ? v('div', { class: `scale-slider${position === null ? ' unset' : ''}` },
      v('input', {
        type: 'range', min: 0, max: 100, testid: 'scale-slider', disabled: !open,
        value: String(position ?? 50), aria: { label: ss('slider') },
        onchange: (ev) => send({ type: 'place', statement, position: Number(/** @type {HTMLInputElement} */ (ev.target).value) }),
      }))
    : v('div', { class: 'scale-steps', role: 'radiogroup', aria: { label: ss('spreadLabel') } },
      Array.from({ length: max + 1 }, (_, p) => v('button', {
        key: p, type: 'button', role: 'radio', class: `scale-step${p === position ? ' mine' : ''}`, testid: 'scale-step',
        disabled: !open, aria: { checked: p === position ? 'true' : 'false', label: ss('position', { n: p + 1, of: max + 1 }) },
        onclick: () => send({ type: 'place', statement, position: p }),
      }, v('span', { class: 'scale-step-dot' }))));
  return v('div', { key: statement, class: 'card scale-answer' },
      open && hint ? v('p', { class: 'muted small' }, ss('howTo')) : null,
      line,
      v('div', { class: 'scale-ends' }, v('span', null, ss('disagree')), v('span', null, ss('agree'))),
      skipped ? v('p', { class: 'muted', testid: 'scale-skipped-own' }, ss('skipped')) : null,
      open ? v('div', { class: 'controls' }, v('button', {
        type: 'button', class: 'secondary', testid: 'scale-skip', disabled: skipped,
        onclick: () => send({ type: 'skip', statement }),
      }, ss('skip'))) : null);
}

/**
 * Every statement open at once: one at a time, stepped through at the phone's own pace.
 * @param {PhoneCtx} ctx
 * @returns {VNode}
 */
function ownPace(ctx) {
  const view = ctx.view;
  const n = view.statements.length;
  local.at = Math.min(Math.max(0, local.at), n - 1);
  const statement = local.at;
  const { position, skipped } = ownAnswer(ctx, statement);
  const answered = view.statements.filter((_, i) => {
    const own = ownAnswer(ctx, i);
    return own.position !== null || own.skipped;
  }).length;
  /** @param {StatementScaleInput} input */
  const send = (input) => {
    local.sentId = ctx.send({ kind: 'statementScale', ...input });
    ctx.rerender();
  };
  /** @param {number} to */
  const go = (to) => { local.at = to; local.sentId = null; ctx.rerender(); };
  return v('section', { class: 'scale-phone', testid: 'scale-phone' },
    v('div', { class: 'card scale-head' },
      v('p', { class: 'muted small' }, view.title, ' · ', ss('statementOf', { n: statement + 1, of: n })),
      // h2: the chair's box hides the kinds' h1 titles (the chair names the activity).
      v('h2', { class: 'scale-statement', testid: 'scale-statement' }, view.statements[statement]?.text ?? ''),
      v('p', { class: 'muted small' }, ss('ownPace')),
      sendStatus(ctx.outcome, local.sentId, 'scale-status')),
    answerCard(view.steps, statement, position, skipped, true, send, false),
    v('div', { class: 'card' },
      v('p', { class: 'lead', testid: 'scale-answered-own' }, answered === n ? ss('allAnswered') : ss('answeredOf', { n: answered, of: n })),
      v('div', { class: 'controls' },
        v('button', {
          type: 'button', class: 'secondary big', testid: 'scale-prev', disabled: statement === 0,
          onclick: () => go(statement - 1),
        }, ss('prevStatement')),
        v('button', {
          type: 'button', class: 'primary big', testid: 'scale-next-own', disabled: statement + 1 >= n,
          onclick: () => go(statement + 1),
        }, ss('nextStatement')))));
}
