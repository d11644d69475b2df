// The brainstorm wall on a phone: one sentence on what the teacher can and cannot see, a box to
// add an idea, the phone's own ideas (change or take back until the wall closes) and the wall
// itself, live, with a like button on other people's cards. What is being typed survives every
// update, and a reload until the idea is acknowledged (drafts.js).

import { v } from '../../view.js';
import { teamBadge } from '../../teams.js';
import { bs, wallError } from './strings.js';
import { enter, kw, perActivity, sendStatus } from '../kit.js';
import { shownOrder } from './changes.js';
import { dropDraft, keepDraft, readDraft, settleDraft } from '../../drafts.js';

export { applyChange } from './changes.js';

/** @typedef {import('../index.js').PhoneCtx<'brainstorm'>} PhoneCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/BrainstormView').BrainstormView} BrainstormView */
/** @typedef {import('../../../gen/BrainstormPersonal').BrainstormPersonal} BrainstormPersonal */
/** @typedef {import('../../../gen/CardStatus').CardStatus} CardStatus */

/** The draft field of the idea being written. */
const IDEA = 'idea';
/** The draft field of the change to an own idea: `{ card, text }`. */
const EDIT = 'edit';

/** What this phone is typing and what it last sent, per wall. */
const local = perActivity(() => ({
  draft: '',
  /** @type {string | null} the last idea sent */
  addId: null,
  /** @type {string | null} the idea whose acknowledgement empties the box (none once typing goes on) */
  draftFor: null,
  /** @type {number | null} the own card being changed */
  editing: null,
  editText: '',
  /** @type {string | null} the last change or withdrawal sent */
  editId: null,
  /** @type {Map<number, { id: string | null, like: boolean }>} likes sent, per card */
  likes: new Map(),
}));

/**
 * @param {PhoneCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  enter(local, view.id, () => {
    const kept = readDraft(ctx.room.code, view.id, IDEA, ctx.pending());
    const draft = typeof kept?.value === 'string' ? kept.value : '';
    const sent = draft ? kept?.sent ?? null : null;
    const edit = /** @type {any} */ (readDraft(ctx.room.code, view.id, EDIT, ctx.pending())?.value);
    const editing = edit && Number.isInteger(edit.card) && typeof edit.text === 'string' ? edit : null;
    return { draft, addId: sent, draftFor: sent, editing: editing?.card ?? null, editText: editing?.text ?? '' };
  });
  const personal = ctx.personal?.kind === 'brainstorm' ? ctx.personal : null;
  const phase = view.phase.phase;
  if (phase === 'lobby') {
    return v('section', { class: 'card wait', testid: 'wall-lobby' },
      v('p', { class: 'muted' }, bs('kind')), v('h1', null, view.title), v('p', { class: 'lead' }, bs('startsSoon')));
  }
  clearSentDraft(ctx);
  const needsTeam = view.byTeam && personal?.team == null;
  return v('section', { class: 'wall-phone', testid: 'wall-phone' },
    v('div', { class: 'card wall-write' },
      v('h1', { testid: 'wall-prompt' }, view.title),
      v('p', { class: 'privacy', testid: 'wall-privacy' }, view.anonymous ? bs('privacyAnonymous') : bs('privacyNamed'),
        view.mode === 'approve' ? ` ${bs('modeApprove')}` : view.mode === 'private' && !view.revealed ? ` ${bs('modePrivate')}` : ''),
      phase === 'closed' ? v('p', { class: 'lead', testid: 'wall-closed' }, bs('closedHeading'))
        : needsTeam ? v('p', { class: 'lead', testid: 'wall-no-team' }, kw('noTeam'))
          : addForm(ctx, view, personal)),
    personal && personal.mine.length ? ownIdeas(ctx, view, personal) : null,
    wall(ctx, view, personal));
}

/**
 * "Sending…", "Received ✓" or the refusal of an action this page sent.
 * @param {PhoneCtx} ctx
 * @param {string | null} id
 * @param {string} testid
 */
function status(ctx, id, testid) {
  return sendStatus(ctx.outcome, id, testid, wallError);
}

/**
 * @param {PhoneCtx} ctx
 * @param {BrainstormView} view
 * @param {BrainstormPersonal | null} personal
 */
function addForm(ctx, view, personal) {
  const left = view.perPerson - (personal?.mine.length ?? 0);
  if (left <= 0) {
    return [v('p', { class: 'muted', key: 'none' }, bs('noneLeft')), status(ctx, local.addId, 'wall-status')];
  }
  return v('form', {
    class: 'wall-form',
    onsubmit: (ev) => {
      ev.preventDefault();
      const text = local.draft.trim();
      if (!text) return;
      local.addId = ctx.send({ kind: 'brainstorm', type: 'add', text });
      // The draft stays until the idea is acknowledged: a refused idea can be reworded.
      local.draftFor = local.addId;
      keepDraft(ctx.room.code, view.id, IDEA, local.draft, local.addId);
      ctx.rerender();
    },
  },
  v('label', { for: 'wall-input' }, bs('ideaLabel')),
  v('textarea', {
    id: 'wall-input', testid: 'wall-input', value: local.draft, maxlength: view.maxChars, rows: 3,
    oninput: (ev) => {
      local.draft = /** @type {HTMLTextAreaElement} */ (ev.target).value;
      local.draftFor = null;
      keepDraft(ctx.room.code, view.id, IDEA, local.draft);
      ctx.rerender();
    },
  }),
  v('div', { class: 'wall-form-meta' },
    v('span', { class: 'muted small', testid: 'wall-left' }, left === 1 ? bs('leftOne') : bs('left', { n: left })),
    v('span', { class: 'muted small' }, bs('chars', { n: [...local.draft].length, max: view.maxChars }))),
  v('button', { type: 'submit', class: 'primary big', testid: 'wall-add', disabled: !local.draft.trim() }, bs('add')),
  status(ctx, local.addId, 'wall-status'));
}

/**
 * The draft goes once its idea is on the server; a refused one stays, to be reworded.
 * @param {PhoneCtx} ctx
 */
function clearSentDraft(ctx) {
  const outcome = ctx.outcome(local.draftFor);
  if (!outcome) return;
  settleDraft(ctx.room.code, ctx.view.id, IDEA, local.draft, outcome);
  if ('acked' in outcome) local.draft = '';
  local.draftFor = null;
}

/** @param {CardStatus} s */
function statusText(s) {
  return s === 'shown' ? bs('statusShown') : s === 'waiting' ? bs('statusWaiting') : s === 'private' ? bs('statusPrivate')
    : s === 'hidden' ? bs('statusHidden') : bs('statusMerged');
}

/**
 * @param {PhoneCtx} ctx
 * @param {BrainstormView} view
 * @param {BrainstormPersonal} personal
 */
function ownIdeas(ctx, view, personal) {
  const open = view.phase.phase === 'open';
  return v('div', { class: 'card wall-mine', testid: 'wall-mine' },
    v('h2', null, bs('yourIdeas')),
    v('ul', { class: 'own-ideas' }, personal.mine.map((idea) => {
      const editing = local.editing === idea.id;
      const changeable = open && idea.status !== 'merged';
      return v('li', { key: idea.id, class: `own-idea ${idea.status}`, testid: 'wall-own-idea', data: { status: idea.status } },
        editing ? v('form', {
          class: 'own-edit',
          onsubmit: (ev) => {
            ev.preventDefault();
            const text = local.editText.trim();
            if (!text) return;
            local.editId = ctx.send({ kind: 'brainstorm', type: 'edit', card: idea.id, text });
            local.editing = null;
            // Sent: the change waits in the pending actions until acknowledged.
            dropDraft(ctx.room.code, view.id, EDIT);
            ctx.rerender();
          },
        },
        v('textarea', {
          testid: 'wall-edit-input', value: local.editText, maxlength: view.maxChars, rows: 3, aria: { label: bs('ideaLabel') },
          oninput: (ev) => {
            local.editText = /** @type {HTMLTextAreaElement} */ (ev.target).value;
            keepDraft(ctx.room.code, view.id, EDIT, { card: idea.id, text: local.editText });
          },
        }),
        v('div', { class: 'controls' },
          v('button', { type: 'submit', class: 'primary small', testid: 'wall-edit-save' }, kw('save')),
          v('button', {
            type: 'button', class: 'secondary small',
            onclick: () => { local.editing = null; dropDraft(ctx.room.code, view.id, EDIT); ctx.rerender(); },
          }, kw('cancel'))))
          : v('p', { class: 'own-text' }, idea.text),
        v('p', { class: 'own-status small' }, statusText(idea.status)),
        changeable && !editing ? v('div', { class: 'controls' },
          v('button', {
            type: 'button', class: 'secondary small', testid: 'wall-edit',
            onclick: () => { local.editing = idea.id; local.editText = idea.text; ctx.rerender(); },
          }, bs('edit')),
          v('button', {
            type: 'button', class: 'secondary small', testid: 'wall-withdraw',
            onclick: () => { local.editId = ctx.send({ kind: 'brainstorm', type: 'withdraw', card: idea.id }); ctx.rerender(); },
          }, kw('withdraw'))) : null);
    })),
    status(ctx, local.editId, 'wall-edit-status'));
}

/**
 * Whether this phone likes `card` now: what it last sent while that waits, else the server's word.
 * @param {PhoneCtx} ctx
 * @param {BrainstormPersonal | null} personal
 * @param {number} card
 */
function likes(ctx, personal, card) {
  const sent = local.likes.get(card);
  const outcome = sent ? ctx.outcome(sent.id) : undefined;
  if (sent && outcome === undefined) return sent.like;
  return personal?.liked.includes(card) ?? false;
}

/**
 * @param {PhoneCtx} ctx
 * @param {BrainstormView} view
 * @param {BrainstormPersonal | null} personal
 */
function wall(ctx, view, personal) {
  const mine = new Set(personal?.mine.map((m) => m.id) ?? []);
  const canLike = view.likes !== 'off' && view.phase.phase === 'open';
  const refused = [...local.likes.values()].map((l) => ctx.outcome(l.id)).find((o) => o && 'error' in o);
  return v('div', { class: 'card wall-cards' },
    v('h2', null, bs('wall'), ' ', v('span', { class: 'muted small', testid: 'wall-count' },
      view.total === 1 ? bs('ideasOne') : bs('ideasCount', { n: view.total }))),
    // A hall's phones do not get every card as it comes: they refresh when they want.
    view.live ? null : v('p', { class: 'muted small', testid: 'wall-hall' }, bs('hallNote'), ' ',
      v('button', { type: 'button', class: 'secondary small', testid: 'wall-refresh', onclick: ctx.refresh }, bs('refresh'))),
    view.likes === 'hidden' && view.phase.phase === 'open' ? v('p', { class: 'muted small' }, bs('likesHidden')) : null,
    refused && 'error' in refused ? v('p', { class: 'status error', role: 'alert', testid: 'wall-like-error' }, wallError(refused.error)) : null,
    view.cards.length === 0 ? v('p', { class: 'muted' }, bs('wallEmpty')) : v('ul', { class: 'idea-list', testid: 'wall-cards' },
      shownOrder(view.cards).map((card) => {
        const own = mine.has(card.id);
        const liked = likes(ctx, personal, card.id);
        const team = card.team === null ? null : ctx.teams.teams.find((x) => x.id === card.team);
        return v('li', { key: card.id, class: `idea${card.pinned ? ' pinned' : ''}${own ? ' own' : ''}`, testid: 'wall-card', data: { id: String(card.id) } },
          v('p', { class: 'idea-text' }, team ? teamBadge(team, ctx.teams) : null, team ? ' ' : null, card.text),
          v('p', { class: 'idea-meta small' },
            card.author ? v('span', { class: 'muted' }, kw('by', { name: card.author })) : null,
            own ? v('span', { class: 'badge' }, bs('yours')) : null,
            card.pinned ? v('span', { class: 'badge muted' }, bs('pinned')) : null,
            v('span', { class: 'grow' }),
            canLike && !own ? v('button', {
              type: 'button', class: `like${liked ? ' on' : ''}`, testid: 'wall-like', aria: { pressed: String(liked), label: liked ? bs('liked') : bs('like') },
              onclick: () => {
                const id = ctx.send({ kind: 'brainstorm', type: 'like', card: card.id, like: !liked });
                local.likes.set(card.id, { id, like: !liked });
                ctx.rerender();
              },
            }, liked ? '♥' : '♡', card.likes !== null ? v('span', { class: 'like-count', testid: 'wall-like-count' }, String(card.likes)) : null)
              : card.likes !== null ? v('span', { class: 'like-count', testid: 'wall-like-count' }, `♥ ${card.likes}`) : null));
      })));
}
