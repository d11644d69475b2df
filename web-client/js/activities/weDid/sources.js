// The "said" items a facilitator can take from a past activity: its top results, read from that
// activity's JSON export (`export.json?activity=<id>`, fetched by the console with the host key,
// so the projector and the phones never get them). Pure functions over the export's entry:
// - a brainstorm wall: the ideas on the wall (never hidden, waiting, private or merged ones),
//   pinned first, then the most liked;
// - a dot-vote: its options by rank;
// - pitches: the teams by the students' mean score, each with its score, a top and a tip that
//   the facilitator released to the team and did not hide;
// - an open question: the most common words, and nothing at all below its privacy floor.

import { getLang } from '../../i18n.js';
import { wd } from './strings.js';

/** The kinds whose results can be taken. */
export const SOURCE_KINDS = ['brainstorm', 'dotVote', 'pitches', 'openQuestion'];

/** Most suggestions offered at once. */
export const MAX_SUGGESTIONS = 12;

/** Longest "said", in characters (the server's limit). */
export const MAX_SAID = 280;

/**
 * One "said" the console offers: its text, and why it is offered (likes, rank, people).
 * @typedef {object} Suggestion
 * @property {string} text
 * @property {string} hint
 */

/**
 * What an activity offers: suggestions, or a note why there are none (its privacy floor).
 * @typedef {object} Offer
 * @property {Suggestion[]} suggestions
 * @property {string | null} note
 */

/**
 * Text cut to the server's limit.
 * @param {string} text
 */
function clip(text) {
  const chars = [...text.trim()];
  return chars.length > MAX_SAID ? `${chars.slice(0, MAX_SAID - 1).join('')}…` : chars.join('');
}

/** @param {number} x */
function decimal(x) {
  return x.toLocaleString(getLang() === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/**
 * The top results of one activity's JSON export entry (`activities[0]` of
 * `export.json?activity=<id>`); an unknown kind offers nothing.
 * @param {any} entry
 * @returns {Offer}
 */
export function topResults(entry) {
  /** @type {Suggestion[]} */
  let suggestions = [];
  switch (entry?.kind) {
    case 'brainstorm': {
      /** @type {{ text: string, status: string, likes: number, pinned: boolean }[]} */
      const cards = (entry.cards ?? []).filter((/** @type {any} */ c) => c.status === 'shown');
      // Stable: among equals, the export's order (by random number on an anonymous wall).
      cards.sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.likes - a.likes);
      suggestions = cards.map((c) => ({
        text: c.text, hint: [c.pinned ? `📌 ${wd('pinned')}` : '', wd('likes', { n: c.likes })].filter(Boolean).join(' · '),
      }));
      break;
    }
    case 'dotVote': {
      /** @type {{ text: string, dots: number, rank: number }[]} */
      const options = [...(entry.options ?? [])];
      options.sort((a, b) => a.rank - b.rank);
      suggestions = options.map((o) => ({ text: o.text, hint: `${wd('rank', { n: o.rank })} · ${wd('dots', { n: o.dots })}` }));
      break;
    }
    case 'pitches': {
      /** @type {{ team: number, teamName: string, students: { count: number, means: number[] } }[]} */
      const results = (entry.results ?? []).filter((/** @type {any} */ r) => r.students?.count > 0 && r.students.means.length);
      const mean = (/** @type {{ means: number[] }} */ s) => s.means.reduce((a, b) => a + b, 0) / s.means.length;
      results.sort((a, b) => mean(b.students) - mean(a.students));
      /** @type {{ team: number, kind: string, text: string, hidden: boolean, released: boolean }[]} */
      const cards = (entry.cards ?? []).filter((/** @type {any} */ c) => c.released && !c.hidden);
      for (const r of results) {
        const team = r.teamName;
        suggestions.push({ text: wd('mean', { team, mean: decimal(mean(r.students)) }), hint: wd('ratings', { n: r.students.count }) });
        for (const kind of ['top', 'tip']) {
          const card = cards.find((c) => c.team === r.team && c.kind === kind);
          if (card) suggestions.push({ text: wd(kind === 'top' ? 'top' : 'tip', { team, text: card.text }), hint: team });
        }
      }
      break;
    }
    case 'openQuestion': {
      if (!entry.shown) return { suggestions: [], note: wd('belowFloor', { n: entry.privacyFloor ?? 3 }) };
      /** @type {{ text: string, people: number, hidden: boolean }[]} */
      const words = (entry.words ?? []).filter((/** @type {any} */ w) => !w.hidden && w.people > 0);
      words.sort((a, b) => b.people - a.people);
      suggestions = words.map((w) => ({ text: w.text, hint: wd('people', { n: w.people }) }));
      break;
    }
    default:
      break;
  }
  const seen = new Set();
  const unique = suggestions
    .map((s) => ({ ...s, text: clip(s.text) }))
    .filter((s) => s.text && !seen.has(s.text) && seen.add(s.text));
  return { suggestions: unique.slice(0, MAX_SUGGESTIONS), note: null };
}
