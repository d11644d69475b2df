// Browser test of the empty chair: the host console (1366×768), the projector (1920×1080) and
// phones. A class of three does a check-in live; the facilitator goes back to the lobby and
// leaves it open until tomorrow with the console's date picker. A phone that was not there
// joins afterwards: it sees "De lege stoel", what the class did, and adds its face ("Ontvangen
// ✓"); a phone that took part is told its voice is in. The console shows the late voice at once
// as "from the empty chair", the projector nothing until the third late voice, then the late
// results apart. Screenshots at phone (390×844), laptop and projector sizes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launch, watch, seeText, byTestId, screenshot, openRoom, joinPhones, waitUntil, hostKeyOf,
  addActivityApi, socketPhones, socketAct,
} from './helpers.mjs';

test('an absent student adds their voice after the lesson, shown apart from the empty chair', { timeout: 120_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, code } = await openRoom(browser, base, 'MZ2B — Student voice', problems);
    const key = await hostKeyOf(host, code);
    const checkIn = await addActivityApi(base, code, key, {
      kind: 'checkIn', title: 'Hoe gaat het met je?', words: true, anonymous: true, privacyFloor: 3,
    });
    const wall = await addActivityApi(base, code, key, {
      kind: 'brainstorm', title: 'Wat helpt je om te komen?', perPerson: 3, maxChars: 140, byTeam: false,
      anonymous: true, mode: 'live', likes: 'live',
    });
    const live = await joinPhones(browser, base, code, ['Ada', 'Bo', 'Cas'], problems);

    // --- The lesson: three faces, then closed and back to the lobby.
    const item = host.locator(`[data-testid="agenda-item"][data-id="${checkIn}"]`);
    await item.locator('[data-testid="make-current"]').click();
    await byTestId(host, 'checkin-open').click();
    for (const phone of live) {
      await byTestId(phone, 'checkin-face').nth(3).click();
      await byTestId(phone, 'checkin-send').click();
      await seeText(byTestId(phone, 'checkin-status'), 'Ontvangen ✓');
    }
    await byTestId(host, 'checkin-close').click();
    await byTestId(screen, 'checkin-result').waitFor();
    // Then a wall: one idea each.
    const wallItem = host.locator(`[data-testid="agenda-item"][data-id="${wall}"]`);
    await wallItem.locator('[data-testid="make-current"]').click();
    await byTestId(host, 'wall-open').click();
    for (const [i, phone] of live.entries()) {
      await byTestId(phone, 'wall-input').fill(`Meer pauzes ${i + 1}`);
      await byTestId(phone, 'wall-add').click();
      await byTestId(phone, 'wall-own-idea').waitFor();
    }
    await byTestId(host, 'wall-close').click();
    await wallItem.locator('[data-testid="stop-current"]').click();
    await byTestId(screen, 'screen-lobby').waitFor();

    // --- The facilitator leaves it open until tomorrow (a date in the past is refused).
    await item.locator('[data-testid="leave-open"]').click();
    const day = (/** @type {number} */ offset) => {
      const d = new Date(Date.now() + offset * 86_400_000);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    await item.locator('[data-testid="chair-date"]').fill(day(-1));
    await item.locator('[data-testid="chair-confirm"]').click();
    await item.locator('[data-testid="chair-date-error"]').waitFor();
    await item.locator('[data-testid="chair-date"]').fill(day(1));
    await item.locator('[data-testid="chair-confirm"]').click();
    await seeText(item.locator('[data-testid="chair-badge"]'), '0 late');
    await byTestId(host, 'chair-panel').waitFor();
    await wallItem.locator('[data-testid="leave-open"]').click();
    await wallItem.locator('[data-testid="chair-date"]').fill(day(2));
    await wallItem.locator('[data-testid="chair-confirm"]').click();
    await seeText(wallItem.locator('[data-testid="chair-badge"]'), '0 late');

    // A phone that was there sees the chair, and that its voice is in.
    await byTestId(live[0], 'empty-chair').waitFor();
    await waitUntil(async () => (await byTestId(live[0], 'chair-took-part').count()) === 2);

    // --- An absent student opens the link afterwards (390×844, Dutch).
    const ctx = await browser.newContext({
      viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'nl-NL',
    });
    const late = await ctx.newPage();
    watch(late, problems, 'late phone');
    await late.goto(`${base}/?room=${code}`);
    await byTestId(late, 'join-nickname').fill('Dana');
    await byTestId(late, 'join-submit').click();
    await seeText(byTestId(late, 'empty-chair'), 'De lege stoel');
    await byTestId(late, 'chair-live').first().locator('[data-testid="checkin-result"]').waitFor();
    await screenshot(late, 'chair-phone-390', ['.chair-intro h1']);
    const input = byTestId(late, 'chair-input').first();
    await input.locator('[data-testid="checkin-face"]').nth(0).click();
    await input.locator('[data-testid="checkin-send"]').click();
    await seeText(input.locator('[data-testid="checkin-status"]'), 'Ontvangen ✓');
    await input.locator('[data-testid="checkin-status"]').scrollIntoViewIfNeeded();
    await screenshot(late, 'chair-phone-sent-390', ['[data-testid="checkin-status"]']);
    // And an idea on the wall's chair: the host sees it at once and can hide it.
    const wallInput = byTestId(late, 'chair-input').nth(1);
    await wallInput.locator('[data-testid="wall-input"]').fill('Lessen later laten beginnen');
    await wallInput.locator('[data-testid="wall-add"]').click();
    await wallInput.locator('[data-testid="wall-own-idea"]').waitFor();
    await wallInput.locator('[data-testid="wall-own-idea"]').scrollIntoViewIfNeeded();
    await screenshot(late, 'chair-phone-wall-390', ['[data-testid="wall-own-idea"]']);
    const lateCard = host.locator('[data-testid="chair-host-item"]').nth(1).locator('[data-testid="wall-host-card"]');
    await seeText(lateCard, 'Lessen later laten beginnen');
    await lateCard.locator('[data-testid="wall-hide"]').click();
    await lateCard.locator('[data-testid="wall-unhide"]').waitFor();

    // The console shows it at once, apart; the projector nothing of it (not even a count).
    await seeText(byTestId(host, 'chair-count').first(), '1');
    await seeText(item.locator('[data-testid="chair-badge"]'), '1 late');
    await screenshot(host, 'chair-host-1366');
    assert.equal(await byTestId(screen, 'screen-chair').count(), 0);

    // --- Two more absent students (over plain sockets): at three the projector shows it.
    await socketPhones(late, code, ['Eli', 'Fay']);
    const face = (/** @type {number} */ mood) => ({
      type: 'chair', activity: checkIn, input: { kind: 'checkIn', type: 'answer', mood, word: null },
    });
    assert.equal((await socketAct(late, 0, face(2))).type, 'ack');
    await seeText(byTestId(host, 'chair-count').first(), '2');
    assert.equal(await byTestId(screen, 'screen-chair').count(), 0, 'two late voices stay off the projector');
    assert.equal((await socketAct(late, 1, face(1))).type, 'ack');
    await seeText(byTestId(screen, 'screen-chair-count'), '3');
    assert.equal(await byTestId(screen, 'screen-chair-item').count(), 1, 'the wall has one late voice: not shown');
    await seeText(byTestId(screen, 'screen-chair'), 'From the empty chair');
    await screenshot(screen, 'chair-screen-1920', ['[data-testid="screen-chair"] h1']);
    await screen.setViewportSize({ width: 1280, height: 800 });
    await screenshot(screen, 'chair-screen-1280', ['[data-testid="screen-chair"] h1']);
    await seeText(byTestId(host, 'chair-released').first(), 'On the projector');
    await seeText(byTestId(host, 'chair-released').nth(1), 'Not on the projector yet');
    await screenshot(host, 'chair-host-released-1366');

    // A phone that was there sees both chairs, with its voice in both.
    await waitUntil(async () => (await byTestId(live[1], 'chair-took-part').count()) === 2);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
