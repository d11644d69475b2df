// Browser test of the statement scale's empty chair: the class answers the statements one by
// one live; the facilitator leaves the scale open until tomorrow with the console's date
// picker. An absent student's phone (390×844, Dutch) gets every statement at once and goes
// through them at its own pace (a dot, on to the next, back, a skip), "2 van 2 beantwoord";
// the console shows the late spreads at once, apart; the projector nothing until the third late
// voice, then every statement's late spread. Screenshots at phone, laptop and projector sizes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launch, watch, seeText, byTestId, screenshot, openRoom, joinPhones, hostKeyOf,
  addActivityApi, socketPhones, socketAct,
} from './helpers.mjs';

test('an absent student goes through a statement scale at their own pace, shown apart', { timeout: 120_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, code } = await openRoom(browser, base, 'MZ2B — Student voice', problems);
    const key = await hostKeyOf(host, code);
    const scale = await addActivityApi(base, code, key, {
      kind: 'statementScale', title: 'Gesprek op voeten', live: false, steps: 'five',
      statements: [{ text: 'Huiswerk helpt mij om te leren', key: null }, { text: 'De les begint te vroeg', key: null }],
    });
    const [ada] = await joinPhones(browser, base, code, ['Ada'], problems);

    // --- The lesson: statement by statement, Ada places one dot.
    const item = host.locator(`[data-testid="agenda-item"][data-id="${scale}"]`);
    await item.locator('[data-testid="make-current"]').click();
    await byTestId(host, 'scale-next').click();
    await byTestId(ada, 'scale-step').nth(4).click();
    await seeText(byTestId(ada, 'scale-status'), 'Ontvangen ✓');
    await byTestId(host, 'scale-next').click();
    await byTestId(host, 'scale-next').click();
    await item.locator('[data-testid="stop-current"]').click();
    await byTestId(screen, 'screen-lobby').waitFor();

    // --- Left open until tomorrow.
    const d = new Date(Date.now() + 86_400_000);
    const tomorrow = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    await item.locator('[data-testid="leave-open"]').click();
    await item.locator('[data-testid="chair-date"]').fill(tomorrow);
    await item.locator('[data-testid="chair-confirm"]').click();
    await seeText(item.locator('[data-testid="chair-badge"]'), '0 late');
    await byTestId(ada, 'chair-took-part').waitFor();

    // --- An absent student: every statement at once, at their own pace.
    const ctx = await browser.newContext({
      viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'nl-NL',
    });
    const late = await ctx.newPage();
    watch(late, problems, 'late phone');
    await late.goto(`${base}/?room=${code}`);
    await byTestId(late, 'join-nickname').fill('Dana');
    await byTestId(late, 'join-submit').click();
    await seeText(byTestId(late, 'empty-chair'), 'De lege stoel');
    const input = byTestId(late, 'chair-input');
    await seeText(input.locator('[data-testid="scale-statement"]'), 'Huiswerk helpt mij om te leren');
    await seeText(input.locator('[data-testid="scale-answered-own"]'), '0 van 2 beantwoord');
    await input.locator('[data-testid="scale-step"]').nth(1).click();
    await seeText(input.locator('[data-testid="scale-status"]'), 'Ontvangen ✓');
    await seeText(input.locator('[data-testid="scale-answered-own"]'), '1 van 2 beantwoord');
    await input.locator('[data-testid="scale-next-own"]').click();
    await seeText(input.locator('[data-testid="scale-statement"]'), 'De les begint te vroeg');
    await input.locator('[data-testid="scale-skip"]').click();
    await seeText(input.locator('[data-testid="scale-answered-own"]'), 'Je hebt alle stellingen beantwoord');
    // Back to the first: the own dot is still there.
    await input.locator('[data-testid="scale-prev"]').click();
    await input.locator('[data-testid="scale-step"][aria-checked="true"]').waitFor();
    assert.equal(await input.locator('[data-testid="scale-step"]').nth(1).getAttribute('aria-checked'), 'true');
    await input.scrollIntoViewIfNeeded();
    await screenshot(late, 'chair-scale-phone-390', ['[data-testid="scale-prev"]', '[data-testid="scale-next-own"]']);

    // The console: at once, apart; the projector: nothing yet.
    await seeText(item.locator('[data-testid="chair-badge"]'), '1 late');
    await byTestId(host, 'chair-panel').locator('[data-testid="scale-host-spreads"]').waitFor();
    await screenshot(host, 'chair-scale-host-1366');
    assert.equal(await byTestId(screen, 'screen-chair').count(), 0);

    // --- Two more (over plain sockets): at three the projector shows every late spread.
    await socketPhones(late, code, ['Eli', 'Fay']);
    const place = (/** @type {number} */ statement, /** @type {number} */ position) => ({
      type: 'chair', activity: scale, input: { kind: 'statementScale', type: 'place', statement, position },
    });
    assert.equal((await socketAct(late, 0, place(1, 0))).type, 'ack');
    assert.equal(await byTestId(screen, 'screen-chair').count(), 0, 'two late voices stay off the projector');
    assert.equal((await socketAct(late, 1, place(0, 3))).type, 'ack');
    await seeText(byTestId(screen, 'screen-chair-count'), '3');
    const spreads = byTestId(screen, 'screen-chair').locator('[data-testid="scale-spreads-item"]');
    await seeText(spreads.first(), 'Huiswerk helpt mij om te leren');
    assert.equal(await spreads.count(), 2);
    await screenshot(screen, 'chair-scale-screen-1920', ['[data-testid="screen-chair"] h1']);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
