// Browser test of the statement scale ("gesprek op voeten"): the teacher writes two statements
// in the console's editor (one with its own key), phones place, move and skip their dots on a
// 5-step line, the projector shows no dot until the reveal and then the spread as stacks of
// dots without a name, the console sees the spread while it is hidden, and the presenter's
// step opens the next statement; a continuous line with a live spread takes a slider's dot and
// shows it on the projector at once. Screenshots at 360×740, 1366×768 and 1920×1080.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UI_TIMEOUT, addActivityApi, byTestId, hostKeyOf, joinPhones, launch, openRoom, screenshot, seeText, startServer, waitUntil, watch,
} from './helpers.mjs';

const FIRST = 'Huiswerk helpt mij om beter te leren';
const SECOND = 'Ik werk liever samen dan alleen';

/**
 * The stacks of a spread on a page: position → dots.
 * @param {import('playwright-core').Locator} line
 */
async function stacks(line) {
  return line.locator('[data-testid="scale-stack"]').evaluateAll((nodes) => Object.fromEntries(
    nodes.map((n) => [Number(n.getAttribute('data-position')), Number(n.getAttribute('data-count'))])));
}

test('statements in a row: dots placed, moved and skipped on phones, hidden until the reveal, never with names', { timeout: 150_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, code } = await openRoom(browser, base, 'Mentoruur', problems);

    // --- The editor: two statements, the first with its own key; five steps.
    await byTestId(host, 'new-statementScale').click();
    await byTestId(host, 'scale-title').fill('Waar sta jij?');
    await byTestId(host, 'scale-statement-text').first().fill(FIRST);
    await byTestId(host, 'scale-statement-key').first().fill('huiswerk');
    await byTestId(host, 'scale-add-statement').click();
    await byTestId(host, 'scale-statement-text').nth(1).fill(SECOND);
    await byTestId(host, 'scale-steps-five').check();
    await byTestId(host, 'save-activity').click();
    await seeText(host.locator('[data-testid="agenda-item"]').last(), 'Waar sta jij?');
    await seeText(host.locator('[data-testid="agenda-item"]').last(), '2 statements, 5 steps');

    const [ada, bo, cem] = await joinPhones(browser, base, code, ['Ada', 'Bo', 'Cem'], problems);
    await host.locator('[data-testid="agenda-item"]').last().locator('[data-testid="make-current"]').click();
    await byTestId(ada, 'scale-lobby').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(host, 'scale-next').click();
    for (const phone of [ada, bo, cem]) await seeText(byTestId(phone, 'scale-statement'), FIRST);
    await seeText(byTestId(screen, 'screen-scale-statement'), FIRST);

    // --- Ada places her dot at "agree" and moves it; Bo agrees a little; Cem skips.
    const step = (/** @type {import('playwright-core').Page} */ phone, /** @type {number} */ p) => byTestId(phone, 'scale-step').nth(p);
    await step(ada, 4).click();
    await seeText(byTestId(ada, 'scale-status'), 'Ontvangen ✓');
    await step(ada, 1).click();
    await waitUntil(async () => (await step(ada, 1).getAttribute('aria-checked')) === 'true');
    assert.equal(await step(ada, 4).getAttribute('aria-checked'), 'false', 'the dot moved');
    await step(bo, 1).click();
    await byTestId(cem, 'scale-skip').click();
    await byTestId(cem, 'scale-skipped-own').waitFor({ timeout: UI_TIMEOUT });
    await seeText(byTestId(ada, 'scale-status'), 'Ontvangen ✓');

    // The console sees the spread while it is hidden; the projector shows no dot.
    await waitUntil(async () => JSON.stringify(await stacks(byTestId(host, 'scale-host-spread'))) === '{"1":2}');
    await seeText(byTestId(screen, 'screen-scale-answered'), '3 answered');
    assert.equal(await screen.locator('[data-testid="scale-stack"]').count(), 0, 'no dot on the projector before the reveal');
    await seeText(byTestId(screen, 'screen-scale'), 'The spread comes at the reveal.');
    await screenshot(ada, 'scale-phone-open-360', ['[data-testid="scale-step"]', '[data-testid="scale-skip"]']);
    await screenshot(host, 'scale-console-open-1366', ['[data-testid="flow-controls"] button']);
    await screenshot(screen, 'scale-screen-open-1920', ['[data-testid="screen-scale-statement"]', '[data-testid="screen-scale-line"]']);

    // --- The reveal: stacks of dots on the projector, the skip counted, no name anywhere.
    await byTestId(host, 'scale-reveal').click();
    await waitUntil(async () => JSON.stringify(await stacks(byTestId(screen, 'screen-scale-line'))) === '{"1":2}');
    await seeText(byTestId(screen, 'scale-skipped'), '1 skipped');
    const shown = (await byTestId(screen, 'screen-scale').textContent()) ?? '';
    for (const name of ['Ada', 'Bo', 'Cem']) assert.ok(!shown.includes(name), `the projector names nobody (${name})`);
    // The phone shows the spread with its own dot marked; the line takes no more taps.
    await byTestId(ada, 'scale-spread').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(ada, 'scale-own').waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await byTestId(ada, 'scale-step').count(), 0);
    await screenshot(ada, 'scale-phone-revealed-360', ['[data-testid="scale-spread"]']);
    await screenshot(host, 'scale-console-revealed-1366', ['[data-testid="flow-controls"] button']);
    await screenshot(screen, 'scale-screen-revealed-1920', ['[data-testid="screen-scale-line"]']);

    // --- The presenter's step opens the next statement, with fresh dots.
    const [presenter] = await Promise.all([host.context().waitForEvent('page'), byTestId(host, 'open-presenter').click()]);
    watch(presenter, problems, 'presenter');
    await presenter.setViewportSize({ width: 1920, height: 1080 });
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Open the next statement');
    await byTestId(presenter, 'presenter-next').click();
    for (const phone of [ada, bo, cem]) await seeText(byTestId(phone, 'scale-statement'), SECOND);
    assert.equal(await step(ada, 1).getAttribute('aria-checked'), 'false', 'a new statement starts without a dot');
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Show the spread');
    await seeText(byTestId(host, 'scale-next'), 'Finish the statements');

    // --- A continuous line with the spread live: a slider on the phone, the dot on the projector at once.
    const key = await hostKeyOf(host, code);
    await addActivityApi(base, code, key, {
      kind: 'statementScale', title: 'Doorlopend', steps: 'continuous', live: true, statements: [{ text: 'Toetsen zijn eerlijk' }],
    });
    await seeText(host.locator('[data-testid="agenda-item"]').last(), 'continuous');
    await host.locator('[data-testid="agenda-item"]').last().locator('[data-testid="make-current"]').click();
    await byTestId(host, 'scale-next').click();
    await seeText(byTestId(ada, 'scale-statement'), 'Toetsen zijn eerlijk');
    await byTestId(ada, 'scale-slider').fill('73');
    await seeText(byTestId(ada, 'scale-status'), 'Ontvangen ✓');
    await waitUntil(async () => JSON.stringify(await stacks(byTestId(screen, 'screen-scale-line'))) === '{"73":1}');
    await byTestId(bo, 'scale-live').waitFor({ timeout: UI_TIMEOUT });
    await screenshot(ada, 'scale-phone-continuous-360', ['[data-testid="scale-slider"]', '[data-testid="scale-skip"]']);
    await screenshot(screen, 'scale-screen-live-1920', ['[data-testid="screen-scale-line"]']);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
