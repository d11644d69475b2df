// Drafts on a phone: what a person typed (an idea, a team name, a rating with its top and tip)
// and the server has not acknowledged yet, kept in the page's localStorage per room, activity and
// field, so a reload or a browser that drops the tab gives it back. A draft that was sent keeps
// the id of its action: once that action is acknowledged the draft goes; until then a reload
// restores both the text and its "sending…". (The action itself waits in conn.js's pending
// store and is re-sent after a reconnect, so nothing is lost and nothing counts twice.)

const PREFIX = 'kring.draft.';

/**
 * A kept draft: its value and the id of the action that sent it, if it was sent.
 * @template T
 * @typedef {{ value: T, sent: string | null }} Draft
 */

/**
 * @param {string} room
 * @param {number} activity
 * @param {string} field
 */
function key(room, activity, field) {
  return `${PREFIX}${room}.${activity}.${field}`;
}

/**
 * The draft kept for `field` of `activity` in `room`, or null. A draft whose sending is no
 * longer among the `pending` actions was acknowledged before the page went (a refused one is
 * kept as unsent, see `settleDraft`): it is dropped.
 * @param {string} room
 * @param {number} activity
 * @param {string} field
 * @param {{ id: string }[]} pending  the page's unacknowledged actions
 * @returns {Draft<unknown> | null}
 */
export function readDraft(room, activity, field, pending) {
  /** @type {Draft<unknown> | null} */
  let draft = null;
  try {
    const raw = localStorage.getItem(key(room, activity, field));
    const kept = raw === null ? null : JSON.parse(raw);
    if (kept && typeof kept === 'object' && 'value' in kept) draft = { value: kept.value, sent: typeof kept.sent === 'string' ? kept.sent : null };
  } catch {
    return null; // no storage (a private window) or a damaged entry: no draft
  }
  if (draft?.sent && !pending.some((p) => p.id === draft?.sent)) {
    dropDraft(room, activity, field);
    return null;
  }
  return draft;
}

/**
 * Settles the draft of `field` that the action with `outcome` sent: acknowledged, it goes;
 * refused, it stays as unsent (to be reworded); still waiting, nothing changes.
 * @param {string} room
 * @param {number} activity
 * @param {string} field
 * @param {unknown} value  the draft as it is now
 * @param {{ acked: true } | { error: string } | undefined} outcome
 */
export function settleDraft(room, activity, field, value, outcome) {
  if (!outcome) return;
  if ('acked' in outcome) dropDraft(room, activity, field);
  else keepDraft(room, activity, field, value);
}

/**
 * Keeps `value` as the draft of `field` (sent by the action `sent`, if it was); an empty
 * string or null drops it.
 * @param {string} room
 * @param {number} activity
 * @param {string} field
 * @param {unknown} value
 * @param {string | null} [sent]
 */
export function keepDraft(room, activity, field, value, sent = null) {
  if (value === null || value === '') {
    dropDraft(room, activity, field);
    return;
  }
  try {
    localStorage.setItem(key(room, activity, field), JSON.stringify({ value, sent }));
  } catch {
    // Storage full or off: the draft lives on in the page only.
  }
}

/**
 * Drops the draft of `field`.
 * @param {string} room
 * @param {number} activity
 * @param {string} field
 */
export function dropDraft(room, activity, field) {
  try {
    localStorage.removeItem(key(room, activity, field));
  } catch {
    // No storage: nothing kept.
  }
}

/**
 * Drops every draft of `room` (the phone left it for good).
 * @param {string} room
 */
export function dropRoomDrafts(room) {
  try {
    for (const k of Object.keys(localStorage)) if (k.startsWith(`${PREFIX}${room}.`)) localStorage.removeItem(k);
  } catch {
    // No storage: nothing kept.
  }
}
