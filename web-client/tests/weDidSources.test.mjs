// The "said" items "you said → we did" offers from a past activity (js/activities/weDid/
// sources.js), checked without a browser against the real export of the newest golden room
// (server/tests/golden/): a wall's shown ideas, pinned first, then most liked, never a hidden
// one; a dot-vote's options by rank; the pitches' teams by the students' mean, each with a
// released, unhidden top and tip (never a hidden one); an open question's words by people, and
// nothing below its privacy floor.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

// sources.js speaks through i18n.js, which reads the page's language at load.
Object.assign(globalThis, {
  localStorage: { getItem: () => 'en', setItem: () => {} },
  document: { documentElement: {} },
});
const { topResults } = await import('../js/activities/weDid/sources.js');

const golden = JSON.parse(readFileSync(new URL('../../server/tests/golden/2026-12-05c/export.json', import.meta.url), 'utf8'));
/** @param {number} id */
const entry = (id) => golden.activities.find((/** @type {any} */ a) => a.id === id);
/** @param {any} e */
const texts = (e) => topResults(e).suggestions.map((s) => s.text);

test('a wall offers its shown ideas, pinned first, then most liked, never a hidden one', () => {
  assert.deepEqual(texts(entry(5)), ['Een schooltuin', 'Meer lessen buiten', 'Langere pauzes', 'Muziek in de kantine']);
});

test('a dot-vote offers its options by rank', () => {
  assert.deepEqual(texts(entry(6)), ['Meer lessen buiten', 'Een schooltuin', 'Muziek in de kantine', 'Langere pauzes']);
  assert.deepEqual(texts(entry(7)), ['Meer lessen buiten', 'Een schooltuin']);
});

test('pitches offer the best teams with a released top and tip, never a hidden card', () => {
  assert.deepEqual(texts(entry(8)), [
    'Drie: 3.8 out of 5', 'Drie, top: Origineel',
    'Twee: 3.4 out of 5', 'Twee, top: Goed plan', 'Twee, tip: Meer voorbeelden',
  ]);
});

test('an open question offers its words by people, and nothing below its floor', () => {
  assert.deepEqual(texts(entry(11)), ['Leuk', 'Gezellig', 'Te lang', 'saai']);
  const hidden = { ...entry(11), words: entry(11).words.map((/** @type {any} */ w) => ({ ...w, hidden: w.text === 'Leuk' })) };
  assert.deepEqual(texts(hidden), ['Gezellig', 'Te lang', 'saai']);
  const below = topResults({ ...entry(11), shown: false });
  assert.deepEqual(below.suggestions, []);
  assert.match(below.note ?? '', /Fewer than 3 people/);
});

test('long text is cut to the server\'s limit and an unknown kind offers nothing', () => {
  const long = { kind: 'dotVote', options: [{ text: 'x'.repeat(400), rank: 1, dots: 1 }] };
  assert.equal([...texts(long)[0]].length, 280);
  assert.deepEqual(texts({ kind: 'quiz' }), []);
});
