// Browser test of a rule every kind keeps, as the facilitator sees it: removing a prankster
// takes their dots off the tally, and the console's agenda says how many responses were voided.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UI_TIMEOUT, addActivityApi, byTestId, hostKeyOf, launch, openRoom, seeText, showTab, socketAct, socketPhones,
  startServer, waitUntil,
} from './helpers.mjs';

test('removing a prankster voids their dots and the agenda says how many', { timeout: 90_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, code } = await openRoom(browser, base, 'MZ2B — periode 2', problems);
    const key = await hostKeyOf(host, code);
    await socketPhones(host, code, ['Ada', 'Grappenmaker']);
    const vote = await addActivityApi(base, code, key, {
      kind: 'dotVote', title: 'Welk idee?', options: [{ text: 'Meer pauzes' }, { text: 'Grap' }], dots: 3,
    });
    await byTestId(host, 'make-current').click();
    await byTestId(host, 'vote-open').click();
    await byTestId(host, 'vote-close').waitFor({ timeout: UI_TIMEOUT });
    const place = (/** @type {number} */ option, /** @type {number} */ dots) => ({
      type: 'activity', activity: vote, input: { kind: 'dotVote', type: 'place', ballot: [{ option, dots }] },
    });
    assert.equal((await socketAct(host, 1, place(1, 3))).type, 'ack');
    assert.equal((await socketAct(host, 0, place(0, 1))).type, 'ack');
    const dots = () => host.locator('[data-testid="vote-host-dots"]').allTextContents();
    await waitUntil(async () => (await dots()).join(',') === '3,1');

    await showTab(host, 'participants');
    const row = host.locator('[data-testid="participant"]', { hasText: 'Grappenmaker' });
    // One tap for a name the class has not seen yet, a second to confirm otherwise.
    await row.locator('[data-testid="remove-participant"]').click();
    await waitUntil(async () => {
      const button = row.locator('[data-testid="remove-participant"]');
      const cls = await button.getAttribute('class', { timeout: 200 }).catch(() => null);
      if (cls === null) return (await row.count()) === 0;
      if (cls.includes('danger')) await button.click({ timeout: 500 }).catch(() => {});
      return false;
    });
    await waitUntil(async () => (await dots()).join(',') === '1,0');
    await showTab(host, 'agenda');
    const badge = byTestId(host, 'voided');
    await seeText(badge, '3 voided');
    assert.match(/** @type {string} */ (await badge.getAttribute('title')), /removed participants/);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
