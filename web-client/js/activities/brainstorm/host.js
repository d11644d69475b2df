// The brainstorm wall in the host console: open, show (a private wall), close; the approval
// queue; every card to hide, correct, pin or merge; carrying cards into a dot-vote; and the
// editor. On an anonymous wall the console shows no names either.

import { v } from '../../view.js';
import { teamBadge } from '../../teams.js';
import { bs } from './strings.js';
import { checkField as check, flowControls, scrollBox } from '../fields.js';
import { editorFooter, enter, kw, openDraft, perActivity, saveDraft } from '../kit.js';

export { applyChange } from './changes.js';

/** Late input makes sense here: the console offers to leave it open for the empty chair. */
export const lateInput = true;

/** @typedef {import('../index.js').HostCtx<'brainstorm'>} HostCtx */
/** @typedef {import('../index.js').EditorCtx} EditorCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/ActivitySpec').ActivitySpec} ActivitySpec */
/** @typedef {import('../../../gen/BrainstormView').BrainstormView} BrainstormView */
/** @typedef {import('../../../gen/BrainstormInput').BrainstormInput} BrainstormInput */
/** @typedef {import('../../../gen/HostCard').HostCard} HostCard */
/** @typedef {import('../../../gen/WallMode').WallMode} WallMode */
/** @typedef {import('../../../gen/LikesMode').LikesMode} LikesMode */

/** The kind's name. */
export function label() {
  return bs('kind');
}

/** @param {ActivitySpec} spec */
export function summary(spec) {
  if (spec.kind !== 'brainstorm') return '';
  return [bs('summary', { n: spec.perPerson }), spec.anonymous ? bs('summaryAnonymous') : null, spec.byTeam ? bs('summaryTeams') : null]
    .filter(Boolean).join(' · ');
}

/** @param {import('../index.js').ViewOf<'brainstorm'>} view */
export function phase(view) {
  const wall = view;
  const p = wall.phase.phase;
  return p === 'lobby' ? bs('phaseLobby') : p === 'closed' ? bs('phaseClosed') : wall.revealed ? bs('phaseOpen') : bs('phasePrivate');
}

/** What the console keeps between renders. */
const local = perActivity(() => ({
  /** @type {number | null} the card being merged into another */
  merging: null,
  /** @type {number | null} the card whose text is being corrected */
  editing: null,
  editText: '',
  /** @type {'all' | 'pinned' | 'top'} */
  pick: 'all',
  top: 5,
  carryTitle: '',
}));

/**
 * The presenter's steps: open the wall, show a private wall's cards, close it; back: open it
 * again.
 * @param {HostCtx} ctx
 * @returns {import('../../present.js').Steps}
 */
export function steps(ctx) {
  const view = ctx.view;
  const p = view.phase.phase;
  /** @param {string} label @param {BrainstormInput} input */
  const step = (label, input) => ({ label, run: () => ctx.send({ kind: 'brainstorm', ...input }) });
  if (p === 'lobby') return { next: step(bs('open'), { type: 'open' }), back: null };
  if (!view.revealed) return { next: step(bs('reveal'), { type: 'reveal' }), back: null };
  if (p === 'open') return { next: step(bs('close'), { type: 'close' }), back: null };
  return { next: null, back: step(bs('reopen'), { type: 'reopen' }) };
}

/**
 * @param {HostCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  enter(local, view.id, () => ({ carryTitle: bs('carryTitleDefault', { title: view.title }).slice(0, 200) }));
  const host = ctx.host?.kind === 'brainstorm' ? ctx.host : null;
  const p = view.phase.phase;
  /** @param {BrainstormInput} input */
  const send = (input) => ctx.send({ kind: 'brainstorm', ...input });
  /** @param {string} testid @param {string} text @param {BrainstormInput} input */
  const button = (testid, text, input) => v('button', { key: testid, type: 'button', class: 'primary', testid, onclick: () => send(input) }, text);
  /** @type {VNode[]} */
  const controls = [];
  if (p === 'lobby') controls.push(button('wall-open', bs('open'), { type: 'open' }));
  if (p !== 'lobby' && !view.revealed) controls.push(button('wall-reveal', bs('reveal'), { type: 'reveal' }));
  if (p === 'open') controls.push(button('wall-close', bs('close'), { type: 'close' }));
  if (p === 'closed') controls.push(button('wall-reopen', bs('reopen'), { type: 'reopen' }));
  const cards = host?.cards ?? [];
  const waiting = cards.filter((c) => c.status === 'waiting');
  const rest = cards.filter((c) => c.status !== 'waiting');
  return v('div', { class: 'wall-host' },
    ctx.progress && p !== 'lobby' ? v('p', { class: 'progress', testid: 'host-progress' },
      bs('wroteCount', { n: ctx.progress.responded }), ` / ${ctx.progress.of} · `,
      cards.length === 1 ? bs('ideasOne') : bs('ideasCount', { n: cards.length })) : null,
    flowControls(ctx, controls),
    p !== 'lobby' && ctx.runs ? carry(ctx, view) : null,
    local.merging !== null ? v('p', { class: 'notice-kind', testid: 'wall-merge-hint' },
      bs('mergeHint', { text: cards.find((c) => c.id === local.merging)?.text ?? '' }), ' ',
      v('button', { type: 'button', class: 'secondary small', onclick: () => { local.merging = null; ctx.rerender(); } }, bs('mergeCancel'))) : null,
    // However long the wall grows, the controls above stay in view: the cards scroll here.
    scrollBox('wall-host-scroll',
      waiting.length ? v('div', { class: 'wall-queue', testid: 'wall-queue' },
        v('h3', null, bs('queue'), ' ', v('span', { class: 'count' }, String(waiting.length))),
        v('ul', { class: 'host-cards' }, waiting.map((c) => hostCard(ctx, view, c)))) : null,
      v('h3', null, bs('cards')),
      rest.length === 0 ? v('p', { class: 'muted' }, bs('noCards'))
        : v('ul', { class: 'host-cards', testid: 'wall-host-cards' }, rest.map((c) => hostCard(ctx, view, c)))));
}

/**
 * One card with its moderation buttons.
 * @param {HostCtx} ctx
 * @param {BrainstormView} view
 * @param {HostCard} c
 */
function hostCard(ctx, view, c) {
  /** @param {BrainstormInput} input */
  const send = (input) => ctx.send({ kind: 'brainstorm', ...input });
  /** @param {string} testid @param {string} text @param {() => void} onclick */
  const small = (testid, text, onclick) => v('button', { key: testid, type: 'button', class: 'secondary small', testid, onclick }, text);
  const team = c.team === null ? null : ctx.teams.teams.find((t) => t.id === c.team);
  const merged = c.status === 'merged';
  /** @type {VNode[]} */
  const buttons = [];
  if (local.merging !== null && local.merging !== c.id && !merged) {
    buttons.push(small('wall-merge-into', bs('mergeInto'), () => {
      send({ type: 'merge', card: /** @type {number} */ (local.merging), into: c.id });
      local.merging = null;
      ctx.rerender();
    }));
  } else if (!merged) {
    if (c.status === 'waiting') buttons.push(small('wall-approve', bs('approve'), () => send({ type: 'approve', card: c.id })));
    buttons.push(c.status === 'hidden'
      ? small('wall-unhide', bs('unhide'), () => send({ type: 'hide', card: c.id, hidden: false }))
      : small('wall-hide', bs('hide'), () => send({ type: 'hide', card: c.id, hidden: true })));
    if (c.status !== 'hidden') {
      buttons.push(small('wall-pin', c.pinned ? bs('unpin') : bs('pin'), () => send({ type: 'pin', card: c.id, pinned: !c.pinned })));
    }
    buttons.push(small('wall-correct', bs('edit'), () => { local.editing = c.id; local.editText = c.text; ctx.rerender(); }));
    buttons.push(small('wall-merge', bs('merge'), () => { local.merging = c.id; ctx.rerender(); }));
  }
  const badge = c.status === 'hidden' ? bs('hiddenBadge') : merged ? bs('mergedBadge') : c.status === 'waiting' ? bs('waitingBadge')
    : c.status === 'private' ? bs('privateBadge') : null;
  return v('li', { key: c.id, class: `host-card ${c.status}${c.pinned ? ' pinned' : ''}`, testid: 'wall-host-card', data: { id: String(c.id), status: c.status } },
    local.editing === c.id ? v('form', {
      class: 'own-edit',
      onsubmit: (ev) => {
        ev.preventDefault();
        const text = local.editText.trim();
        if (text) send({ type: 'edit', card: c.id, text });
        local.editing = null;
        ctx.rerender();
      },
    },
    v('input', {
      testid: 'wall-correct-input', value: local.editText, maxlength: 280, aria: { label: bs('edit') },
      oninput: (ev) => { local.editText = /** @type {HTMLInputElement} */ (ev.target).value; },
    }),
    v('button', { type: 'submit', class: 'primary small', testid: 'wall-correct-save' }, kw('save')),
    v('button', { type: 'button', class: 'secondary small', onclick: () => { local.editing = null; ctx.rerender(); } }, kw('cancel')))
      : v('p', { class: 'host-card-text' }, team ? teamBadge(team, ctx.teams) : null, team ? ' ' : null, c.text),
    v('p', { class: 'host-card-meta small' },
      c.author ? v('span', { class: 'muted' }, kw('by', { name: c.author })) : null,
      view.likes !== 'off' ? v('span', { class: 'votes', testid: 'wall-host-likes' }, `♥ ${c.likes}`) : null,
      c.merged > 0 ? v('span', { class: 'badge muted' }, `+${c.merged}`) : null,
      c.pinned ? v('span', { class: 'badge' }, bs('pinned')) : null,
      c.edited ? v('span', { class: 'badge muted' }, bs('edited')) : null,
      badge ? v('span', { class: 'badge muted' }, badge) : null),
    buttons.length ? v('div', { class: 'controls' }, buttons) : null);
}

/**
 * Carrying cards into a dot-vote: which cards, its title, one button.
 * @param {HostCtx} ctx
 * @param {BrainstormView} view
 */
function carry(ctx, view) {
  /** @param {'all' | 'pinned' | 'top'} value @param {string} text */
  const radio = (value, text) => v('label', { class: 'check', key: value },
    v('input', {
      type: 'radio', name: 'wall-carry-pick', value, testid: `wall-carry-${value}`, checked: local.pick === value,
      onchange: () => { local.pick = value; ctx.rerender(); },
    }), ' ', text);
  // Folded while the wall is open (one tap away), open once it is closed: the next step.
  return v('details', { class: 'wall-carry', testid: 'wall-carry', open: view.phase.phase === 'closed' },
    v('summary', { testid: 'wall-carry-open' }, bs('carryHeading')),
    v('div', { class: 'carry-picks' },
      radio('all', bs('carryAll')),
      radio('pinned', bs('carryPinned')),
      v('div', { class: 'carry-top' }, radio('top', bs('carryTop')),
      v('input', {
        type: 'number', min: 2, max: 100, class: 'num', testid: 'wall-carry-n', value: String(local.top), aria: { label: bs('carryTop') },
        oninput: (ev) => { local.top = Math.max(2, Number(/** @type {HTMLInputElement} */ (ev.target).value) || 2); local.pick = 'top'; },
      }))),
    v('div', { class: 'carry-go' },
      v('label', { for: 'wall-carry-title' }, bs('carryTitle')),
      v('input', {
        id: 'wall-carry-title', testid: 'wall-carry-title', value: local.carryTitle, maxlength: 200,
        oninput: (ev) => { local.carryTitle = /** @type {HTMLInputElement} */ (ev.target).value; },
      }),
      v('button', {
      type: 'button', class: 'primary', testid: 'wall-carry-go',
      onclick: () => {
        const pick = local.pick === 'top' ? { type: /** @type {const} */ ('top'), n: local.top } : { type: local.pick };
        const title = local.carryTitle.trim() || bs('carryTitleDefault', { title: view.title }).slice(0, 200);
        ctx.send({ kind: 'brainstorm', type: 'carry', pick: /** @type {import('../../../gen/CarryPick').CarryPick} */ (pick), title });
      },
    }, bs('carry'))));
}

/** The editor's draft, kept across renders. */
const draft = {
  session: -1,
  title: '',
  perPerson: 5,
  maxChars: 140,
  byTeam: false,
  anonymous: true,
  /** @type {WallMode} */
  mode: 'live',
  /** @type {LikesMode} */
  likes: 'live',
  /** @type {string[]} */
  errors: [],
};

/**
 * @param {EditorCtx} ctx
 * @returns {VNode}
 */
export function editor(ctx) {
  openDraft(draft, ctx, () => {
    const spec = ctx.spec?.kind === 'brainstorm' ? ctx.spec : null;
    return {
      title: spec?.title ?? bs('titleDefault'),
      perPerson: spec?.perPerson ?? 5,
      maxChars: spec?.maxChars ?? 140,
      byTeam: spec?.byTeam ?? false,
      anonymous: spec?.anonymous ?? true,
      mode: spec?.mode ?? 'live',
      likes: spec?.likes ?? 'live',
    };
  });
  const save = () => {
    /** @type {string[]} */
    const errors = [];
    if (!draft.title.trim()) errors.push(bs('errTitle'));
    const whole = (/** @type {number} */ n, /** @type {number} */ lo, /** @type {number} */ hi) => Number.isInteger(n) && n >= lo && n <= hi;
    if (!whole(draft.perPerson, 1, 20) || !whole(draft.maxChars, 20, 280)) errors.push(bs('errNumbers'));
    saveDraft(draft, ctx, errors, () => ({
      kind: 'brainstorm', title: draft.title.trim(), perPerson: draft.perPerson, maxChars: draft.maxChars, byTeam: draft.byTeam,
      anonymous: draft.anonymous, mode: draft.mode, likes: draft.likes,
    }));
  };
  /**
   * @template {string} T
   * @param {string} name @param {string} legend @param {[T, string][]} options @param {T} value @param {(x: T) => void} set
   */
  const choice = (name, legend, options, value, set) => v('fieldset', { class: 'choice' },
    v('legend', null, legend),
    options.map(([key, text]) => v('label', { class: 'check', key },
      v('input', {
        type: 'radio', name, value: key, testid: `${name}-${key}`, checked: value === key,
        onchange: () => { set(key); ctx.rerender(); },
      }), ' ', text)));
  /** @param {string} id @param {string} text @param {number} value @param {(x: number) => void} set */
  const number = (id, text, value, set) => [
    v('label', { for: id }, text),
    v('input', {
      id, testid: id, type: 'number', class: 'num', value: String(value),
      oninput: (ev) => set(Number(/** @type {HTMLInputElement} */ (ev.target).value)),
    }),
  ];
  return v('div', { class: 'wall-editor' },
    v('h2', null, ctx.editing === null ? bs('editorNew') : bs('editorEdit')),
    v('label', { for: 'wall-title' }, bs('title')),
    v('input', {
      id: 'wall-title', testid: 'wall-title', value: draft.title, maxlength: 200,
      oninput: (ev) => { draft.title = /** @type {HTMLInputElement} */ (ev.target).value; },
    }),
    number('wall-per-person', bs('perPerson'), draft.perPerson, (x) => { draft.perPerson = x; }),
    number('wall-max-chars', bs('maxChars'), draft.maxChars, (x) => { draft.maxChars = x; }),
    check('wall-anonymous', bs('anonymous'), draft.anonymous, (x) => { draft.anonymous = x; }),
    check('wall-by-team', bs('byTeam'), draft.byTeam, (x) => { draft.byTeam = x; }),
    choice('wall-mode', bs('mode'), [['live', bs('modeLiveOption')], ['approve', bs('modeApproveOption')], ['private', bs('modePrivateOption')]],
      draft.mode, (x) => { draft.mode = x; }),
    choice('wall-likes', bs('likesMode'), [['live', bs('likesLiveOption')], ['hidden', bs('likesHiddenOption')], ['off', bs('likesOffOption')]],
      draft.likes, (x) => { draft.likes = x; }),
    editorFooter(ctx, save, draft.errors));
}
