// Browser test of the open question: the host console (1366×768), the projector (1920×1080 and
// 1280×800) and phones (360×740) against the real server. Phones answer; below the privacy
// floor the projector shows nothing of the answers; then the word cloud (the server's words:
// "Leuk!" and "leuke" one word, "niet leuk" whole, a rude answer refused on the phone and never
// on screen), laid out by d3-cloud: every top word placed inside the screen, old words staying
// where they were when a new one comes; the facilitator hides and merges words with one tap
// each and switches to cards. A second test fills the cloud with 300 distinct words.
// Screenshots at phone, laptop and projector sizes with 5 and with 300 words.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launch, seeText, byTestId, screenshot, openRoom, joinPhones, waitUntil, hostKeyOf, addActivityApi,
  socketPhones, socketAct, watch,
} from './helpers.mjs';

/**
 * The cloud's words on a page as drawn: text, people, and the box of each in the viewport.
 * @param {import('playwright-core').Page} page
 */
async function cloudWords(page) {
  return byTestId(page, 'oq-cloud-word').evaluateAll((nodes) => nodes.map((n) => {
    const r = n.getBoundingClientRect();
    return {
      text: n.textContent ?? '', count: Number(n.getAttribute('data-count')), size: Number(n.getAttribute('font-size')),
      x: Number(n.getAttribute('x')), y: Number(n.getAttribute('y')),
      box: { top: r.top, left: r.left, bottom: r.bottom, right: r.right },
    };
  }));
}

/**
 * Asserts that every one of `texts` is drawn in the cloud, wholly inside the viewport.
 * @param {import('playwright-core').Page} page
 * @param {string[]} texts
 * @param {string} name
 */
async function assertPlaced(page, texts, name) {
  const size = /** @type {{ width: number, height: number }} */ (page.viewportSize());
  const words = await cloudWords(page);
  for (const text of texts) {
    const w = words.find((x) => x.text === text);
    assert.ok(w, `${name}: "${text}" is placed (placed: ${words.map((x) => x.text).join(', ')})`);
    const b = w.box;
    assert.ok(b.top >= -1 && b.left >= -1 && b.bottom <= size.height + 1 && b.right <= size.width + 1,
      `${name}: "${text}" at ${JSON.stringify(b)} is outside the ${size.width}×${size.height} viewport`);
  }
  return words;
}

test('an open question: floor, cloud with Dutch words merged, moderation by word, cards, stable layout', { timeout: 150_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, code } = await openRoom(browser, base, 'MZ2B — Terugblik', problems);
    const phones = await joinPhones(browser, base, code, ['Ada', 'Bo', 'Cas', 'Dewi', 'Eli'], problems);

    // --- The facilitator makes an open question (floor 3) in the editor and opens it.
    await byTestId(host, 'new-openQuestion').click();
    await byTestId(host, 'oq-floor').fill('0');
    await byTestId(host, 'save-activity').click();
    await seeText(byTestId(host, 'editor-errors'), 'privacy floor 1–10');
    await byTestId(host, 'oq-floor').fill('3');
    await byTestId(host, 'oq-title').fill('Hoe vond je de les?');
    await byTestId(host, 'save-activity').click();
    await seeText(host.locator('[data-testid="agenda-item"]').last(), 'Hoe vond je de les?');
    await host.locator('[data-testid="agenda-item"]').last().locator('[data-testid="make-current"]').click();
    await byTestId(host, 'oq-open').click();
    for (const phone of phones) await byTestId(phone, 'oq-phone').waitFor();

    /** @param {import('playwright-core').Page} phone @param {string} text */
    const answer = async (phone, text) => {
      await byTestId(phone, 'oq-input').fill(text);
      await byTestId(phone, 'oq-send').click();
    };
    // A rude answer is refused on the phone, stays in the box to reword, and never shows.
    await answer(phones[0], 'kanker');
    await byTestId(phones[0], 'oq-status-error').waitFor();
    assert.equal(await byTestId(phones[0], 'oq-input').inputValue(), 'kanker');
    await screenshot(phones[0], 'oq-phone-refused-360', ['[data-testid="oq-send"]', '[data-testid="oq-status-error"]']);
    await answer(phones[0], 'Leuk!');
    await seeText(byTestId(phones[0], 'oq-status'), 'Ontvangen ✓');
    await answer(phones[1], 'leuke');
    await seeText(byTestId(phones[1], 'oq-status'), 'Ontvangen ✓');
    // Two people answered: below the floor the projector shows nothing of it.
    await seeText(byTestId(screen, 'oq-floor'), 'at least 3');
    assert.equal(await byTestId(screen, 'oq-cloud-word').count(), 0);
    await screenshot(screen, 'oq-screen-floor-1920', ['[data-testid="oq-floor"]']);

    await answer(phones[2], 'saai');
    await answer(phones[3], 'niet leuk');
    await answer(phones[4], 'Ik vond de opdracht met de groepjes heel fijn');
    await seeText(byTestId(phones[4], 'oq-status'), 'Ontvangen ✓');
    await waitUntil(async () => (await byTestId(screen, 'oq-cloud-word').count()) === 3);
    const before = await assertPlaced(screen, ['Leuk', 'saai', 'niet leuk'], 'oq-screen-1920');
    assert.equal(before.find((w) => w.text === 'Leuk')?.count, 2, '"Leuk!" and "leuke" are one word of 2 people');
    assert.ok(/** @type {any} */ (before.find((w) => w.text === 'Leuk')).size > /** @type {any} */ (before.find((w) => w.text === 'saai')).size);
    await seeText(byTestId(screen, 'oq-not-in-cloud'), '+1 longer');
    assert.ok(!(await screen.locator('body').innerText()).includes('kanker'));
    await screenshot(screen, 'oq-screen-5-1920', ['[data-testid="oq-cloud-word"]', '[data-testid="oq-screen-question"]']);
    await screenshot(phones[3], 'oq-phone-360', ['[data-testid="oq-send"]']);

    // A new word finds a place; the words already there stay where they were.
    await answer(phones[4], 'gezellig');
    await waitUntil(async () => (await byTestId(screen, 'oq-cloud-word').count()) === 4);
    const after = await cloudWords(screen);
    for (const w of before) {
      const now = after.find((x) => x.text === w.text);
      // Its spiral starts at its old place: it stays there, or a step or two away (d3-cloud
      // keeps the cloud compact around the words placed before it), never jumps.
      assert.ok(now && Math.hypot(now.x - w.x, now.y - w.y) <= 0.02 * 1920,
        `"${w.text}" stayed near ${w.x},${w.y} (now ${now?.x},${now?.y})`);
    }

    // --- Moderation by word, one tap each: hide "saai"; merge "gezellig" into "Leuk".
    await seeText(byTestId(host, 'oq-host-words'), 'saai');
    await byTestId(host, 'oq-host-word').filter({ hasText: 'saai' }).locator('[data-testid="oq-hide-word"]').click();
    await waitUntil(async () => !(await cloudWords(screen)).some((w) => w.text === 'saai'));
    await byTestId(host, 'oq-host-word').filter({ hasText: 'gezellig' }).locator('[data-testid="oq-merge"]').click();
    await host.locator('[data-testid="oq-host-word"][data-key="leuk"] [data-testid="oq-merge-into"]').click();
    await waitUntil(async () => (await cloudWords(screen)).some((w) => w.text === 'Leuk' && w.count === 3));
    await screenshot(host, 'oq-host-1366', ['[data-testid="oq-close"]']);

    // --- Cards, switched live; then the cloud at 1280×800.
    await byTestId(host, 'oq-show-cards').click();
    await waitUntil(async () => (await byTestId(screen, 'oq-screen-card').count()) === 6);
    await screenshot(screen, 'oq-screen-cards-1920', ['[data-testid="oq-screen-card"]']);
    await byTestId(host, 'oq-show-cloud').click();
    await screen.setViewportSize({ width: 1280, height: 800 });
    await waitUntil(async () => (await cloudWords(screen)).length === 2
      && (await cloudWords(screen)).every((w) => w.box.right <= 1281));
    await assertPlaced(screen, ['Leuk', 'niet leuk'], 'oq-screen-1280');
    await screenshot(screen, 'oq-screen-5-1280', ['[data-testid="oq-cloud-word"]']);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

/** 300 distinct made-up words of two syllables, of letters no curse is spelled with. */
function madeUpWords() {
  const syllables = [];
  for (const c of 'bdglmnrvw') for (const vowel of 'aeiou') syllables.push(c + vowel);
  const words = [];
  for (const a of syllables) for (const b of syllables) if (words.length < 300) words.push(`${a}${b}ra`);
  return words;
}

test('a cloud of 300 distinct words keeps its top words placed and readable at 1920×1080 and 1280×800', { timeout: 180_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, code } = await openRoom(browser, base, 'Aula — Open dag', problems);
    const id = await addActivityApi(base, code, await hostKeyOf(host, code), {
      kind: 'openQuestion', title: 'Wat neem je mee van vandaag?', perPerson: 10, privacyFloor: 3,
    });
    await byTestId(host, 'agenda-item').first().locator('[data-testid="make-current"]').click();
    await byTestId(host, 'oq-open').click();
    const words = madeUpWords();
    assert.equal(words.length, 300);
    const names = Array.from({ length: 60 }, (_, i) => `Student ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    await socketPhones(host, code, names);
    // Phone j gives five words of its own; the first 30 also "samenwerken", 15 "gezellig",
    // 8 "leerzaam", 4 "moeilijk": counts from 30 down to 1.
    let accepted = 0;
    for (let j = 0; j < names.length; j++) {
      const own = words.slice(j * 5, j * 5 + 5);
      const shared = [[30, 'samenwerken'], [15, 'gezellig'], [8, 'leerzaam'], [4, 'moeilijk']]
        .filter(([n]) => j < /** @type {number} */ (n)).map(([, w]) => /** @type {string} */ (w));
      for (const text of [...shared, ...own]) {
        const res = await socketAct(host, j, { type: 'activity', activity: id, input: { kind: 'openQuestion', type: 'answer', text } });
        if (res.type === 'ack') accepted++;
      }
    }
    assert.ok(accepted >= 290, `${accepted} answers taken`);
    const top = ['samenwerken', 'gezellig', 'leerzaam', 'moeilijk'];
    await waitUntil(async () => (await cloudWords(screen)).length > 40);
    const placed = await assertPlaced(screen, top, 'oq-screen-300-1920');
    const sizes = top.map((t) => /** @type {any} */ (placed.find((w) => w.text === t)).size);
    assert.ok(sizes[0] > sizes[1] && sizes[1] > sizes[2] && sizes[2] > sizes[3], `sizes grow with people: ${sizes}`);
    assert.ok(sizes[0] < 3 * sizes[2], `30 people are not 4× the size of 8 (sqrt): ${sizes}`);
    assert.ok(placed.every((w) => w.size >= 1080 * 0.03 - 1), 'every word drawn is readable from the back (≥ 3 % of the height)');
    await seeText(byTestId(screen, 'oq-cloud-more'), 'more words');
    await screenshot(screen, 'oq-screen-300-1920', ['[data-testid="oq-cloud-word"]']);
    await screen.setViewportSize({ width: 1280, height: 800 });
    await waitUntil(async () => (await cloudWords(screen)).every((w) => w.box.right <= 1281 && w.box.bottom <= 801));
    await assertPlaced(screen, top, 'oq-screen-300-1280');
    await screenshot(screen, 'oq-screen-300-1280', ['[data-testid="oq-cloud-word"]']);
    // The presenter page shows the same cloud and steps on to closing.
    const [presenter] = await Promise.all([host.context().waitForEvent('page'), byTestId(host, 'open-presenter').click()]);
    watch(presenter, problems, 'presenter');
    await presenter.setViewportSize({ width: 1920, height: 1080 });
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Close the question');
    await waitUntil(async () => (await cloudWords(presenter)).length > 40);
    await assertPlaced(presenter, top, 'oq-presenter-1920');
    // From the projected picture, one tap each: hide "moeilijk"; merge "leerzaam" into "gezellig".
    /** @param {string} text */
    const word = (text) => presenter.locator('[data-testid="oq-cloud-word"]', { hasText: new RegExp(`^${text}$`) });
    await word('moeilijk').click();
    await byTestId(presenter, 'oq-present-hide').click();
    await waitUntil(async () => !(await cloudWords(screen)).some((w) => w.text === 'moeilijk'));
    await word('leerzaam').click();
    await byTestId(presenter, 'oq-present-merge').click();
    await screenshot(presenter, 'oq-presenter-merge-1920', ['[data-testid="oq-present-bar"]']);
    await word('gezellig').click();
    await waitUntil(async () => !(await cloudWords(screen)).some((w) => w.text === 'leerzaam'));
    await seeText(host.locator('[data-testid="oq-host-word"]', { hasText: 'gezellig' }), '+1');
    await presenter.keyboard.press('PageDown');
    await seeText(byTestId(host, 'run-phase'), 'Closed');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
