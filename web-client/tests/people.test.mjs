// Browser test of who is in the room: phones join, the console shows each new name highlighted
// with rename and remove (one tap), the projector's lobby shows the names only once approved or
// after a few seconds (never a removed or renamed-away one), a locked room refuses a new phone
// with a clear message, rude and invisible names are refused with a plain reason, and the list
// works at 300 people (search, bulk removal). Screenshots of the console panel and the projector
// lobby at 1366×768, 1920×1080 and 1280×800 and the phone's join form at 360×740, with the
// longest names allowed, each checked for what must be inside the viewport.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, UI_TIMEOUT, assertConsoleFitsPhone, startServer, launch, watch, seeText, byTestId, screenshot,
  openRoom, showTab,
} from './helpers.mjs';

/** Nicknames at the 24-character limit (MAX_NICKNAME_CHARS). */
const LONG = ['Aleksandra Wilhelmina vd', 'Mohammed Abdelkader El A', 'Kwame Oppong-Asamoah Jr.'];
const SIZES = [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }, { width: 1280, height: 800 }];

/**
 * The names the projector's lobby shows now.
 * @param {import('playwright-core').Page} screen
 */
async function lobbyNames(screen) {
  return (await byTestId(screen, 'lobby-name').allTextContents()).map((s) => s.trim());
}

/**
 * A phone page that joined with `name` (English unless `locale` says otherwise).
 * @param {import('playwright-core').Browser} browser
 * @param {string} base
 * @param {string} code
 * @param {string} name
 * @param {string[]} problems
 */
async function phoneJoining(browser, base, code, name, problems) {
  const ctx = await browser.newContext({ ...PHONE, locale: 'en-GB' });
  const page = await ctx.newPage();
  watch(page, problems, `phone ${name}`);
  await page.goto(`${base}/?room=${code}`);
  await byTestId(page, 'join-nickname').fill(name);
  await byTestId(page, 'join-submit').click();
  return page;
}

/**
 * Joins `names` over WebSockets opened by `page` (as many phones would) and closes them.
 * @param {import('playwright-core').Page} page
 * @param {string} code
 * @param {string[]} names
 */
async function joinMany(page, code, names) {
  await page.evaluate(async ({ code, names }) => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?v=1`;
    const one = (/** @type {string} */ nickname) => new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => ws.send(JSON.stringify({ type: 'join', room: code, nickname, lang: 'en' }));
      ws.onmessage = (ev) => {
        const msg = JSON.parse(String(ev.data));
        if (msg.type === 'welcome') { ws.close(); resolve(null); }
        if (msg.type === 'error') { ws.close(); reject(new Error(`${nickname}: ${msg.code}`)); }
      };
      ws.onerror = () => reject(new Error(`${nickname}: socket error`));
    });
    for (const name of names) await one(name);
  }, { code, names });
}

test('the console moderates names before the projector shows them; lock, search and bulk removal', { timeout: 150_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, code } = await openRoom(browser, base, 'MZ2B — periode 2', problems);
    await showTab(host, 'participants');

    // --- "Approve names first": every new name waits in the console, highlighted.
    await byTestId(host, 'approve-names').click();
    await host.locator('[data-testid="approve-names"]:checked').waitFor({ timeout: UI_TIMEOUT });
    const ada = await phoneJoining(browser, base, code, 'Ada', problems);
    const bo = await phoneJoining(browser, base, code, 'Bo', problems);
    const sam = await phoneJoining(browser, base, code, 'Sam de Vries', problems);
    for (const page of [ada, bo, sam]) await byTestId(page, 'lobby').waitFor({ timeout: UI_TIMEOUT });
    await seeText(byTestId(host, 'participant-count'), '3');
    const rowOf = (/** @type {string} */ name) => host.locator('[data-testid="participant"]', { hasText: name });
    for (const name of ['Ada', 'Bo', 'Sam de Vries']) {
      await seeText(rowOf(name).locator('[data-testid="fresh-badge"]'), 'waits for you');
    }
    assert.deepEqual(await lobbyNames(screen), [], 'nothing on the projector before approval');

    // Rename with one tap (and a few letters): the phone shows its new name at once.
    await rowOf('Sam de Vries').locator('[data-testid="rename-participant"]').click();
    await byTestId(host, 'rename-input').fill('kutkop');
    await byTestId(host, 'rename-save').click();
    await seeText(byTestId(host, 'rename-error'), 'not allowed');
    await byTestId(host, 'rename-input').fill('Sam');
    await byTestId(host, 'rename-save').click();
    await byTestId(host, 'rename-form').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await seeText(byTestId(sam, 'me-nickname'), 'Sam');
    assert.equal((await byTestId(sam, 'me-nickname').textContent())?.trim(), 'Sam');
    // Remove with one tap: the name never reached the projector, so no second question.
    await rowOf('Bo').locator('[data-testid="remove-participant"]').click();
    await byTestId(bo, 'halt-removed').waitFor({ timeout: UI_TIMEOUT });
    await seeText(byTestId(host, 'participant-count'), '2');
    // Approve Ada: the projector shows Ada and the renamed Sam, never Bo or the old name.
    await rowOf('Ada').locator('[data-testid="approve-participant"]').click();
    await seeText(byTestId(screen, 'lobby-names'), 'Ada');
    await seeText(byTestId(screen, 'lobby-names'), 'Sam');
    assert.deepEqual((await lobbyNames(screen)).sort(), ['Ada', 'Sam']);

    // --- Without approval a new name shows after the short wait (highlighted until then).
    await byTestId(host, 'approve-names').click();
    await host.locator('[data-testid="approve-names"]:not(:checked)').waitFor({ timeout: UI_TIMEOUT });
    const longPhones = [];
    for (const name of LONG) longPhones.push(await phoneJoining(browser, base, code, name, problems));
    for (const page of longPhones) await byTestId(page, 'lobby').waitFor({ timeout: UI_TIMEOUT });
    await seeText(rowOf(LONG[2]).locator('[data-testid="fresh-badge"]'), 'on the projector in');
    for (const name of LONG) await seeText(byTestId(screen, 'lobby-names'), name);
    // No longer highlighted once the projector shows it.
    await host.locator('[data-testid="participant"][data-fresh="false"]', { hasText: LONG[2] }).waitFor({ timeout: UI_TIMEOUT });

    // --- Refused names say why, on the phone, in plain words.
    const rude = await phoneJoining(browser, base, code, 'kutkop', problems);
    await seeText(byTestId(rude, 'join-error'), 'That nickname is not allowed here');
    await byTestId(rude, 'join-nickname').fill('\u200B\u200B');
    await byTestId(rude, 'join-submit').click();
    await seeText(byTestId(rude, 'join-error'), 'letters you can see');
    await byTestId(rude, 'join-nickname').fill('\u0405\u0430m');
    await byTestId(rude, 'join-submit').click();
    await seeText(byTestId(rude, 'join-error'), 'already has that nickname');
    // The join form with the longest name and an error, on a small phone.
    await byTestId(rude, 'join-nickname').fill(LONG[1]);
    await screenshot(rude, 'people-phone-join-360', [
      '[data-testid="join-code"]', '[data-testid="join-nickname"]', '[data-testid="join-error"]', '[data-testid="join-submit"]',
    ]);

    // --- Lock: a new phone is refused with a clear message; the console counts it.
    await byTestId(host, 'lock-room').click();
    await byTestId(host, 'locked-badge').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(screen, 'lobby-locked').waitFor({ timeout: UI_TIMEOUT });
    const late = await phoneJoining(browser, base, code, 'Dee', problems);
    await seeText(byTestId(late, 'join-error'), 'The teacher has locked this room');
    await seeText(byTestId(host, 'refused-count'), '1 could not join');
    await screenshot(late, 'people-phone-locked-360', ['[data-testid="join-error"]', '[data-testid="join-submit"]']);
    await byTestId(host, 'lock-room').click();
    await byTestId(host, 'locked-badge').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await byTestId(late, 'join-submit').click();
    await byTestId(late, 'lobby').waitFor({ timeout: UI_TIMEOUT });

    // --- Five names: console panel and projector lobby at laptop and projector sizes.
    await seeText(byTestId(screen, 'lobby-names'), 'Dee');
    for (const size of SIZES) {
      await host.setViewportSize(size);
      await byTestId(host, 'participants-panel').scrollIntoViewIfNeeded();
      await screenshot(host, `people-host-${size.width}`, [
        '[data-testid="participant-search"]', '[data-testid="lock-room"]',
        '[data-testid="participant"]:first-child [data-testid="rename-participant"]',
        '[data-testid="participant"]:first-child [data-testid="remove-participant"]',
      ]);
      await screen.setViewportSize(size);
      await screenshot(screen, `people-screen-6-${size.width}`, [
        '[data-testid="screen-code"]', '[data-testid="screen-qr"]', '[data-testid="lobby-name"]',
      ]);
    }
    await assertConsoleFitsPhone(host);
    await host.setViewportSize(SIZES[0]);

    // --- 300 more with long names: the lobby shrinks and never scrolls, "+N" beyond what fits;
    // the console pages and searches.
    const filler = Array.from({ length: 300 }, (_, i) => `${['Wilhelmina van Dijk', 'Mustafa Yılmaz', 'Fatima El Amrani', 'Rishi Ramdin'][i % 4]} ${i}`);
    // Chromium opens one WebSocket at a time per browser context: ten contexts join in parallel.
    await Promise.all(Array.from({ length: 10 }, async (_, k) => {
      const crowd = await (await browser.newContext()).newPage();
      await crowd.goto(`${base}/api/rooms/${code}/qr.svg`);
      await joinMany(crowd, code, filler.filter((_, i) => i % 10 === k));
      await crowd.context().close();
    }));
    await seeText(byTestId(host, 'participant-count'), '306');
    await seeText(byTestId(host, 'page-range'), '1–25 of 306');
    await seeText(byTestId(screen, 'lobby-names'), 'Rishi Ramdin 299');
    for (const size of SIZES) {
      await screen.setViewportSize(size);
      await screen.waitForTimeout(400);
      await screenshot(screen, `people-screen-300-${size.width}`, [
        '[data-testid="screen-code"]', '[data-testid="screen-qr"]', '[data-testid="lobby-name"]', '[data-testid="lobby-more"]',
      ]);
      const overflow = await byTestId(screen, 'lobby-names').evaluate((box) => box.scrollHeight - box.clientHeight);
      assert.ok(overflow <= 1, `the lobby never scrolls at ${size.width}: ${overflow}px`);
      const px = await byTestId(screen, 'lobby-names').evaluate((box) => Number.parseFloat(getComputedStyle(box).fontSize));
      assert.ok(px >= 14, `names stay readable at ${size.width}: ${px}px`);
    }
    await host.setViewportSize({ width: 1366, height: 768 });
    await byTestId(host, 'page-older').click();
    await seeText(byTestId(host, 'page-range'), '26–50 of 306');
    await byTestId(host, 'participant-search').fill('yilmaz');
    await seeText(byTestId(host, 'page-range'), '1–25 of 75');
    // Bulk removal of what the search shows, after a confirmation that says how many.
    await byTestId(host, 'bulk-remove').click();
    await seeText(byTestId(host, 'bulk-confirm'), 'Remove 75 students');
    await byTestId(host, 'bulk-yes').click();
    await seeText(byTestId(host, 'participant-count'), '231');
    await seeText(byTestId(host, 'participant-empty'), 'Nobody matches');
    await byTestId(host, 'participant-search').fill('');
    await byTestId(host, 'participant-filter-idle').click();
    await seeText(byTestId(host, 'page-range'), 'of 231');
    // Removed names leave the projector (with its next redraw of the names).
    await screen.waitForFunction(() => ![...document.querySelectorAll('[data-testid="lobby-name"]')]
      .some((n) => (n.textContent ?? '').startsWith('Mustafa')), null, { timeout: UI_TIMEOUT });
    const shown = await lobbyNames(screen);
    assert.ok(!shown.includes('Bo') && !shown.includes('Sam de Vries'));

    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
