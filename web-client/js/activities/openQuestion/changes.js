// Small changes to an open question, applied to this page's copies: the projector and the host
// get answers as they appear and leave, and the cloud's words; the host also every answer and
// word as moderators see them.

import { copiesOf, upsert } from '../kit.js';

/** @typedef {import('../index.js').Store} Store */
/** @typedef {import('../../../gen/ActivityChange').ActivityChange} ActivityChange */

/**
 * @param {Store} store
 * @param {ActivityChange} change
 */
export function applyChange(store, change) {
  if (change.kind !== 'openQuestion') return;
  const { view, host } = copiesOf(store, 'openQuestion');
  switch (change.type) {
    case 'card':
      if (view) upsert(view.cards, change.card, (c) => c.id);
      break;
    case 'gone':
      if (view) view.cards = view.cards.filter((c) => c.id !== change.id);
      break;
    case 'words':
      if (view) {
        view.words = change.words;
        view.total = change.total;
        view.notInCloud = change.notInCloud;
      }
      break;
    case 'host':
      if (host) upsert(host.answers, change.answer, (a) => a.id);
      break;
    case 'hostGone':
      if (host) host.answers = host.answers.filter((a) => a.id !== change.id);
      break;
    case 'hostWords':
      if (host) host.words = change.words;
      break;
    default:
      break;
  }
}
