// Browser test of the check-in: the host console (1366×768), the projector (1920×1080) and five
// phones (360×740) against the real server. Phones pick a face, some add a word, one skips; the
// projector shows only the counts while it is open, and after closing the server's bars (none
// below 2 answers, adjacent faces merged) and the words, a word the facilitator hid left out.
// Screenshots at the three sizes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launch, watch, seeText, byTestId, screenshot, openRoom, joinPhones, waitUntil, hostKeyOf, addActivityApi,
} from './helpers.mjs';

const NAMES = ['Ada', 'Bo', 'Cas', 'Aleksandra Wilhelmina vd', 'Mohammed Abdelkader El A'];

test('a check-in shows nothing while open and the merged distribution and words after closing', { timeout: 120_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, code } = await openRoom(browser, base, 'MZ2B — Mentoruur', problems);
    const phones = await joinPhones(browser, base, code, NAMES, problems);

    // --- The facilitator makes a check-in with a privacy floor of 4 and opens it.
    await byTestId(host, 'new-checkIn').click();
    await byTestId(host, 'checkin-floor').fill('11');
    await byTestId(host, 'save-activity').click();
    await seeText(byTestId(host, 'editor-errors'), '3 to 10');
    await byTestId(host, 'checkin-floor').fill('4');
    await byTestId(host, 'save-activity').click();
    await seeText(host.locator('[data-testid="agenda-item"]').last(), 'How are you?');
    await host.locator('[data-testid="agenda-item"]').last().locator('[data-testid="make-current"]').click();
    await byTestId(host, 'checkin-open').click();
    for (const phone of phones) await byTestId(phone, 'checkin-phone').waitFor();

    // --- Faces 1, 1, 5, 4 (two with "moe", one with "blij") and one skip.
    /** @type {[number, string][]} */
    const answers = [[1, 'Moe'], [1, 'moe'], [5, 'blij'], [4, '']];
    for (const [i, [face, word]] of answers.entries()) {
      const phone = phones[i];
      await byTestId(phone, 'checkin-face').nth(face - 1).click();
      if (word) await byTestId(phone, 'checkin-word').fill(word);
      if (i === 0) await screenshot(phone, 'checkin-phone-360', ['[data-testid="checkin-send"]', '[data-testid="checkin-skip"]']);
      await byTestId(phone, 'checkin-send').click();
      await seeText(byTestId(phone, 'checkin-status'), 'Ontvangen ✓');
    }
    await byTestId(phones[4], 'checkin-skip').click();
    await byTestId(phones[4], 'checkin-skipped').waitFor();

    // While open: the counts only, no bar and no word on the projector.
    await seeText(byTestId(screen, 'screen-checkin-counts'), '5 responded');
    await seeText(byTestId(screen, 'checkin-no-result'), 'at least 4');
    assert.equal(await byTestId(screen, 'checkin-bar').count(), 0);
    assert.ok(!(await screen.locator('body').innerText()).includes('moe'), 'no word while open');
    await screenshot(screen, 'checkin-screen-open-1920', ['[data-testid="screen-checkin-counts"]']);

    // The facilitator sees the words (the floor is reached) and hides one.
    await seeText(byTestId(host, 'checkin-host-words'), 'blij');
    await byTestId(host, 'checkin-host-word').filter({ hasText: 'blij' }).locator('[data-testid="checkin-hide"]').click();
    await seeText(byTestId(host, 'checkin-host-word').filter({ hasText: 'blij' }), 'hidden');
    await screenshot(host, 'checkin-host-1366', ['[data-testid="checkin-close"]']);
    await byTestId(host, 'checkin-close').click();

    // --- Closed: bars of at least 2 answers (face 1: 2; faces 2–5: 2), the words without "blij".
    await byTestId(screen, 'checkin-result').waitFor();
    await seeText(byTestId(screen, 'screen-checkin-counts'), '4 answered · 1 skipped');
    const bars = await byTestId(screen, 'checkin-bar').evaluateAll((rows) =>
      rows.map((r) => r.querySelector('.checkin-count')?.textContent ?? ''));
    assert.deepEqual(bars, ['2', '2']);
    await seeText(byTestId(screen, 'checkin-bar').nth(1), '😟–😄');
    await seeText(byTestId(screen, 'checkin-words'), 'moe');
    assert.ok(!(await byTestId(screen, 'checkin-words').innerText()).includes('blij'), 'the hidden word stays out');
    await screenshot(screen, 'checkin-screen-closed-1920', ['[data-testid="checkin-bars"]', '[data-testid="checkin-words"]']);
    await byTestId(phones[0], 'checkin-closed').waitFor();
    await seeText(phones[0].locator('.checkin-yours'), '😞');
    await screenshot(phones[0], 'checkin-phone-closed-360');
    await waitUntil(async () => (await byTestId(host, 'checkin-bar').count()) === 2);
    await screenshot(host, 'checkin-host-closed-1366');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('the presenter opens and closes a check-in from the projected screen', { timeout: 90_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, code } = await openRoom(browser, base, 'MZ2B — Mentoruur', problems);
    await addActivityApi(base, code, await hostKeyOf(host, code), { kind: 'checkIn', title: 'Hoe gaat het met je?', privacyFloor: 3 });
    await byTestId(host, 'agenda-item').first().waitFor();
    const [presenter] = await Promise.all([host.context().waitForEvent('page'), byTestId(host, 'open-presenter').click()]);
    watch(presenter, problems, 'presenter');
    await presenter.setViewportSize({ width: 1920, height: 1080 });
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Hoe gaat het met je?');
    await presenter.keyboard.press('PageDown');
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Open the check-in');
    await presenter.keyboard.press('PageDown');
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Close the check-in');
    await seeText(byTestId(presenter, 'screen-checkin-counts'), '0 responded');
    await presenter.keyboard.press('PageDown');
    await seeText(byTestId(presenter, 'checkin-no-result'), 'Fewer than 3');
    await seeText(byTestId(host, 'run-phase'), 'Closed');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
