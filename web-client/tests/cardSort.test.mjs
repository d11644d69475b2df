// Browser test of the evaluation card-sort: the teacher opens the editor (the default cards in
// the console's language, the sessions as columns, a privacy floor of 2), phones place cards
// with a tap on a card and a tap on a column (one of them drags one), move one and take one
// back, every placement acknowledged; the console sees the heatmap while the projector shows
// none, a cell under the floor shows no number anywhere, and the presenter's step reveals the
// heatmap on the projector and the phones, without a name. Screenshots at 360×740, 1366×768,
// 1920×1080 and 1280×800.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  UI_TIMEOUT, addActivityApi, byTestId, hostKeyOf, joinPhones, launch, openRoom, screenshot, seeText, socketAct, socketPhones,
  startServer, waitUntil, watch,
} from './helpers.mjs';

const SHOTS = process.env.SHOTS_DIR ?? '';
const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * A screenshot (see `screenshot`), also copied to `$SHOTS_DIR` when set.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {string[]} selectors
 */
async function shot(page, name, selectors) {
  await screenshot(page, name, selectors);
  if (SHOTS) {
    await mkdir(SHOTS, { recursive: true });
    await copyFile(path.join(here, 'screenshots', `${name}.png`), path.join(SHOTS, `${name}.png`));
  }
}

/**
 * The heatmap's cells on a page, row by row: a number, or '·' for a cell under the floor.
 * @param {import('playwright-core').Locator} grid
 * @returns {Promise<string[][]>}
 */
async function cells(grid) {
  return grid.locator('[data-testid="sort-hm-card"]').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('[data-testid="sort-hm-cell"]')]
    .map((c) => c.textContent ?? '')));
}

/**
 * Taps card `card`, then column `column`, and waits for the acknowledgement.
 * @param {import('playwright-core').Page} phone
 * @param {number} card
 * @param {number} column
 */
async function tapPlace(phone, card, column) {
  await byTestId(phone, 'sort-card').nth(card).click();
  await waitUntil(async () => (await byTestId(phone, 'sort-card').nth(card).getAttribute('aria-pressed')) === 'true');
  await byTestId(phone, 'sort-column').nth(column).click();
  await seeText(byTestId(phone, 'sort-status'), 'Ontvangen ✓');
}

test('card-sort: tap a card, tap a column; a heatmap hidden until the reveal, no cell under the floor, never a name', { timeout: 150_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, code } = await openRoom(browser, base, 'Evaluatie', problems);

    // --- The editor starts with the default cards and the sessions; the floor goes to 2.
    await byTestId(host, 'new-cardSort').click();
    assert.equal(await byTestId(host, 'sort-card-text').count(), 10);
    assert.equal(await byTestId(host, 'sort-card-text').first().inputValue(), 'I was seen and heard');
    assert.equal(await byTestId(host, 'sort-card-group').nth(3).inputValue(), 'Influence and a say');
    assert.deepEqual(await byTestId(host, 'sort-column-name').evaluateAll((n) => n.map((i) => /** @type {HTMLInputElement} */ (i).value)),
      ['Session 1', 'Session 2', 'Session 3', 'Session 4']);
    await byTestId(host, 'sort-preset-fits').click();
    assert.equal(await byTestId(host, 'sort-column-name').count(), 2);
    await byTestId(host, 'sort-preset-sessions').click();
    await byTestId(host, 'sort-floor').fill('2');
    await byTestId(host, 'sort-preset-sessions').evaluate((n) => n.scrollIntoView({ block: 'start' }));
    await shot(host, 'sort-editor-1366', ['[data-testid="sort-preset-sessions"]']);
    await byTestId(host, 'sort-default-cards').evaluate((n) => n.scrollIntoView({ block: 'start' }));
    await shot(host, 'sort-editor-cards-1366', ['[data-testid="sort-default-cards"]']);
    await byTestId(host, 'save-activity').click();
    await seeText(host.locator('[data-testid="agenda-item"]').last(), '10 cards on 4 columns, floor 2');

    const [ada, bo, cem] = await joinPhones(browser, base, code, ['Ada', 'Bo', 'Cem'], problems);
    await host.locator('[data-testid="agenda-item"]').last().locator('[data-testid="make-current"]').click();
    await byTestId(ada, 'sort-lobby').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(host, 'sort-open').click();
    for (const phone of [ada, bo, cem]) await byTestId(phone, 'sort-tray').waitFor({ timeout: UI_TIMEOUT });
    await seeText(byTestId(ada, 'sort-tray-what'), 'Tik eerst een kaart');

    // --- Tap, tap: each placement acknowledged, the next card picked by itself.
    await tapPlace(ada, 0, 1);
    await seeText(byTestId(ada, 'sort-card-column').first(), 'Session 2');
    assert.equal(await byTestId(ada, 'sort-card').nth(1).getAttribute('aria-pressed'), 'true', 'on to the next card');
    await byTestId(ada, 'sort-column').nth(0).click();
    await seeText(byTestId(ada, 'sort-status'), 'Ontvangen ✓');
    await tapPlace(ada, 8, 3);
    await tapPlace(bo, 0, 1);
    await tapPlace(bo, 1, 0);
    await tapPlace(bo, 8, 3);
    await tapPlace(cem, 0, 1);
    // Cem drags a card by its grip onto a column with a finger instead (touch events, as a phone
    // sends them: the grip takes no scrolling, so the drag is not cancelled).
    await byTestId(cem, 'sort-card').nth(5).evaluate((n) => n.scrollIntoView({ block: 'start' }));
    const grip = await byTestId(cem, 'sort-card').nth(5).locator('.sort-grip').boundingBox();
    const column = await byTestId(cem, 'sort-column').nth(2).boundingBox();
    assert.ok(grip && column);
    const touch = await cem.context().newCDPSession(cem);
    /** @param {string} type @param {number} x @param {number} y */
    const finger = (type, x, y) => touch.send('Input.dispatchTouchEvent', {
      type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }],
    });
    const [x0, y0] = [grip.x + grip.width / 2, grip.y + grip.height / 2];
    const [x1, y1] = [column.x + column.width / 2, column.y + column.height / 2];
    await finger('touchStart', x0, y0);
    for (let i = 1; i <= 10; i++) await finger('touchMove', x0 + ((x1 - x0) * i) / 10, y0 + ((y1 - y0) * i) / 10);
    await finger('touchEnd', x1, y1);
    await seeText(byTestId(cem, 'sort-card-column').nth(5), 'Session 3');
    await seeText(byTestId(cem, 'sort-status'), 'Ontvangen ✓');
    await seeText(byTestId(ada, 'sort-count'), '3 van 10 kaarten gelegd');

    // The console sees the heatmap; cells of one show no number. The projector shows none.
    const hostGrid = byTestId(host, 'sort-host-heatmap');
    await waitUntil(async () => JSON.stringify((await cells(hostGrid)).slice(0, 2)) === JSON.stringify([['·', '3', '·', '·'], ['2', '·', '·', '·']]));
    assert.deepEqual((await cells(hostGrid))[5], ['·', '·', '·', '·'], "Cem's lone card shows no number");
    assert.deepEqual((await cells(hostGrid))[8], ['·', '·', '·', '2']);
    assert.equal(await screen.locator('[data-testid="sort-hm-cell"]').count(), 0, 'no heatmap on the projector before the reveal');
    await seeText(byTestId(screen, 'screen-sort'), 'The heatmap comes at the reveal.');
    await seeText(byTestId(screen, 'screen-sort-count'), '3 sorting');

    // --- Ada moves card 1 and takes card 8 back: the cells drop under the floor.
    await tapPlace(ada, 1, 3);
    await byTestId(ada, 'sort-card').nth(8).click();
    await byTestId(ada, 'sort-take-back').click();
    await seeText(byTestId(ada, 'sort-card-column').nth(8), 'niet gelegd');
    await waitUntil(async () => {
      const now = await cells(hostGrid);
      return now[1].join() === '·,·,·,·' && now[8].join() === '·,·,·,·';
    });
    await byTestId(ada, 'sort-card').nth(2).click();
    await shot(ada, 'sort-phone-open-360', ['[data-testid="sort-tray"]', '[data-testid="sort-column"]']);
    await shot(host, 'sort-console-open-1366', ['[data-testid="flow-controls"] button']);
    await shot(screen, 'sort-screen-open-1920', ['[data-testid="screen-sort-columns"]']);

    // --- The presenter's step reveals the heatmap on the projector and the phones.
    const [presenter] = await Promise.all([host.context().waitForEvent('page'), byTestId(host, 'open-presenter').click()]);
    watch(presenter, problems, 'presenter');
    await presenter.setViewportSize({ width: 1920, height: 1080 });
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Show the heatmap');
    await byTestId(presenter, 'presenter-next').click();
    const screenGrid = byTestId(screen, 'screen-sort-heatmap');
    await screenGrid.waitFor({ timeout: UI_TIMEOUT });
    assert.deepEqual((await cells(screenGrid))[0], ['·', '3', '·', '·']);
    assert.ok((await cells(screenGrid)).flat().every((c) => c === '·' || Number(c) >= 2), 'no number under the floor');
    const shown = (await byTestId(screen, 'screen-sort').textContent()) ?? '';
    for (const name of ['Ada', 'Bo', 'Cem']) assert.ok(!shown.includes(name), `the projector names nobody (${name})`);
    const fits = ['[data-testid="sort-hm-cell"]', '[data-testid="sort-hm-col"]', '.sort-hm-note'];
    await shot(screen, 'sort-screen-revealed-1920', fits);
    await screen.setViewportSize({ width: 1280, height: 800 });
    await shot(screen, 'sort-screen-revealed-1280', fits);
    await byTestId(ada, 'sort-phone-heatmap').waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await byTestId(ada, 'sort-tray').count(), 0, 'no more placing once revealed');
    await shot(ada, 'sort-phone-revealed-360', ['[data-testid="sort-hm-col"]']);
    for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }]) {
      await presenter.setViewportSize(size);
      await presenter.mouse.move(size.width / 2, size.height / 2);
      await shot(presenter, `sort-presenter-revealed-${size.width}`, ['[data-testid="sort-hm-cell"]', '[data-testid="presenter-bar"]']);
      const bar = await byTestId(presenter, 'presenter-bar').boundingBox();
      const last = await presenter.locator('[data-testid="sort-hm-cell"]').last().boundingBox();
      assert.ok(bar && last && last.y + last.height <= bar.y, `${size.width}: the presenter's bar covers no cell`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

const NAMES = ['Ada', 'Bo', 'Cem', 'Daan', 'Eva', 'Fleur', 'Guus', 'Hanna', 'Ilse', 'Jens', 'Kim', 'Lars', 'Mila', 'Noah',
  'Olga', 'Pim', 'Roos', 'Sem', 'Tess', 'Umut', 'Vera', 'Wout', 'Yara', 'Zoe', 'Anouk', 'Bram', 'Chloe', 'Dirk'];

test('card-sort: a class of 28 with the heatmap live; the projector fits it with every count, none under the floor', { timeout: 150_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, code } = await openRoom(browser, base, 'Evaluatie', problems);
    const key = await hostKeyOf(host, code);
    const cards = [
      ['Ik werd gezien en gehoord', 'Gezien en gehoord', true], ['Er werd echt naar mij geluisterd', 'Gezien en gehoord', true],
      ['Ik voelde me niet gehoord', 'Gezien en gehoord', false], ['Mijn mening telde', 'Invloed en meebeslissen', true],
      ['Ik mocht meebeslissen', 'Invloed en meebeslissen', true], ['Er werd over mij beslist, niet met mij', 'Invloed en meebeslissen', false],
      ['Ik voelde me verbonden met de groep', 'Verbinding', true], ['Ik zag de docent van een andere kant', 'Verbinding', true],
      ['Dit voelde ongemakkelijk', 'Verbinding', false], ['Ik haakte af', 'Verbinding', false],
    ].map(([text, group, positive]) => ({ text, group, positive }));
    const activity = await addActivityApi(base, code, key, {
      kind: 'cardSort', title: 'Wat paste bij welke sessie?', cards, columns: ['Sessie 1', 'Sessie 2', 'Sessie 3', 'Sessie 4'],
      privacyFloor: 3, live: true,
    });
    await host.locator('[data-testid="agenda-item"]').last().locator('[data-testid="make-current"]').click();
    await byTestId(host, 'sort-open').click();
    await byTestId(screen, 'screen-sort-heatmap').waitFor({ timeout: UI_TIMEOUT });
    await socketPhones(screen, code, NAMES);
    // Positive cards drift to the later sessions, negative ones to the first: a class's pattern.
    /** @type {number[][]} */
    const counts = cards.map(() => [0, 0, 0, 0]);
    for (let p = 0; p < NAMES.length; p++) {
      for (let c = 0; c < cards.length; c++) {
        if ((p * 7 + c * 3) % 11 === 0) continue; // not every student places every card
        const column = cards[c].positive ? (p * 5 + c) % 13 < 4 ? 1 : 2 + ((p + c) % 2) : (p + c * 2) % 9 < 6 ? 0 : 1 + ((p * c) % 3);
        const answer = await socketAct(screen, p, { type: 'activity', activity, input: { kind: 'cardSort', type: 'place', card: c, column } });
        assert.equal(answer.type, 'ack', JSON.stringify(answer));
        counts[c][column] += 1;
      }
    }
    const expected = counts.map((row) => row.map((n) => (n >= 3 ? String(n) : '·')));
    assert.ok(counts.flat().some((n) => n > 0 && n < 3), 'some cells are under the floor');
    assert.ok(counts.flat().some((n) => n >= 10), 'some cells have two digits');
    const grid = byTestId(screen, 'screen-sort-heatmap');
    await waitUntil(async () => JSON.stringify(await cells(grid)) === JSON.stringify(expected));
    await seeText(byTestId(screen, 'screen-sort-count'), `${NAMES.length} sorting`);
    const fits = ['[data-testid="sort-hm-cell"]', '[data-testid="sort-hm-col"]', '.sort-hm-note'];
    await shot(screen, 'sort-screen-live-class-1920', fits);
    await screen.setViewportSize({ width: 1280, height: 800 });
    await shot(screen, 'sort-screen-live-class-1280', fits);
    await waitUntil(async () => JSON.stringify(await cells(byTestId(host, 'sort-host-heatmap'))) === JSON.stringify(expected));
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
