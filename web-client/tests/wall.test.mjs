// Browser test of the brainstorm wall and dot-voting: the host console, the projector and four
// phones (360×740) against the real server. Phones add ideas (one rude, refused; one hidden by
// the facilitator; two merged), like them, the wall is carried into a dot-vote, phones spend
// and move dots, one reloads mid-vote and keeps its dots, the reveal ranks with a tie, and a
// run-off follows. Then a wall of 300 cards on the projector, which must fit without scrolling.
// Screenshots at phone, laptop and projector sizes with the longest texts the protocol allows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, UI_TIMEOUT, assertConsoleFitsPhone, startServer, launch, watch, seeText, byTestId, screenshot,
  createRoom,
  openRoom, showTab,
} from './helpers.mjs';

const NAMES = ['Zoë', 'Aleksandra Wilhelmina vd', 'Mohammed Abdelkader El A', 'Bo'];
/** An idea at the 280-character limit, in words that wrap. */
const LONGEST = `${'Elke vrijdagmiddag een project waarin we samen met een bedrijf uit de buurt een echt probleem oplossen '
  .repeat(3)}`.slice(0, 280).trim();

test('a wall of ideas is moderated, liked and carried into a dot-vote that ends in a tie and a run-off', { timeout: 180_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, code } = await openRoom(browser, base, 'MZ2B — Vragen van VIPs', problems);

    const phones = [];
    for (const name of NAMES) {
      const ctx = await browser.newContext({ ...PHONE, locale: 'nl-NL' });
      const page = await ctx.newPage();
      watch(page, problems, `phone ${name}`);
      await page.goto(`${base}/?room=${code}`);
      await byTestId(page, 'join-nickname').fill(name);
      await byTestId(page, 'join-submit').click();
      await byTestId(page, 'lobby').waitFor({ timeout: UI_TIMEOUT });
      phones.push(page);
    }
    const [zoe, aleks, mo, bo] = phones;

    // --- The facilitator makes an anonymous wall (ideas up to 280 characters) and opens it.
    await byTestId(host, 'new-brainstorm').click();
    await byTestId(host, 'wall-title').fill('Wat zou school beter maken?');
    await byTestId(host, 'wall-max-chars').fill('280');
    await byTestId(host, 'save-activity').click();
    await seeText(host.locator('[data-testid="agenda-item"]').last(), 'Wat zou school beter maken?');
    await host.locator('[data-testid="agenda-item"]').last().locator('[data-testid="make-current"]').click();
    await byTestId(host, 'wall-open').click();
    for (const phone of phones) await byTestId(phone, 'wall-input').waitFor({ timeout: UI_TIMEOUT });
    // The phone says in one sentence what the teacher can and cannot see.
    await seeText(byTestId(zoe, 'wall-privacy'), 'ook je docent niet');

    /** @param {import('playwright-core').Page} phone @param {string} text */
    const add = async (phone, text) => {
      await byTestId(phone, 'wall-input').fill(text);
      await byTestId(phone, 'wall-add').click();
      await seeText(byTestId(phone, 'wall-status'), 'Ontvangen ✓');
    };
    await add(zoe, 'Meer buiten lessen');
    await add(aleks, 'Vaker naar buiten');
    await add(mo, LONGEST);
    await add(bo, 'Langere pauzes');
    await add(mo, 'Iets geks');

    // A rude idea is refused with a friendly reason; nothing else happens.
    await byTestId(bo, 'wall-input').fill('wat een kut school');
    await byTestId(bo, 'wall-add').click();
    await seeText(byTestId(bo, 'wall-status-error'), 'Zeg je idee alsjeblieft anders');
    assert.equal(await byTestId(bo, 'wall-input').inputValue(), 'wat een kut school', 'the draft stays to be reworded');
    await seeText(byTestId(screen, 'screen-wall-count'), '5 ideas');
    await byTestId(bo, 'wall-input').fill('');

    // Every phone sees the wall; no card says who wrote it (anonymous), the own card says "yours".
    await seeText(byTestId(aleks, 'wall-count'), '5 ideeën');
    const zoeCard = zoe.locator('[data-testid="wall-card"]', { hasText: 'Meer buiten lessen' });
    await seeText(zoeCard, 'van jou');
    assert.equal(await zoeCard.locator('[data-testid="wall-like"]').count(), 0, 'no like button on an own card');
    for (const name of NAMES) {
      assert.ok(!((await byTestId(aleks, 'wall-cards').textContent()) ?? '').includes(name), `${name} stays anonymous`);
      assert.ok(!((await byTestId(host, 'wall-host-cards').textContent()) ?? '').includes(name), `${name} stays anonymous to the host`);
    }

    // Likes: once per person, never the own idea.
    /** @param {import('playwright-core').Page} phone @param {string} text */
    const like = async (phone, text) => {
      const card = phone.locator('[data-testid="wall-card"]', { hasText: text });
      await card.locator('[data-testid="wall-like"]').click();
      await card.locator('[data-testid="wall-like"][aria-pressed="true"]').waitFor({ timeout: UI_TIMEOUT });
    };
    await like(aleks, 'Meer buiten lessen');
    await like(mo, 'Meer buiten lessen');
    await like(bo, 'Vaker naar buiten');
    await like(mo, 'Vaker naar buiten');
    await like(zoe, 'Langere pauzes');

    // What a student is typing survives a live update.
    const typing = byTestId(bo, 'wall-input');
    await typing.fill('Half getypt idee');
    await typing.focus();
    await add(zoe, 'Samen koken');
    await seeText(byTestId(bo, 'wall-cards'), 'Samen koken');
    assert.equal(await typing.inputValue(), 'Half getypt idee', 'the draft survives');
    assert.equal(await bo.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'wall-input', 'focus stays');
    await typing.fill('');

    // A co-facilitator (a colleague with the console's link) hides one card: it leaves every
    // screen at once, and its author is told. That console moderates and does nothing else.
    await showTab(host, 'room');
    const coLink = await byTestId(host, 'co-facilitator-link').inputValue();
    assert.ok(!coLink.includes('#key='), 'the link is not the host key');
    const co = await (await browser.newContext({ locale: 'nl-NL', viewport: { width: 1366, height: 768 } })).newPage();
    watch(co, problems, 'co-facilitator');
    await co.goto(coLink);
    await seeText(byTestId(co, 'co-facilitator-banner'), 'mededocent');
    assert.equal(await byTestId(co, 'agenda-panel').count(), 0, 'no agenda to edit');
    assert.equal(await byTestId(co, 'delete-panel').count(), 0, 'no room to delete');
    // Nothing that runs the session (the server would refuse it): no flow, carry, presenter,
    // door or removal buttons; the moderation buttons are there.
    await co.locator('[data-testid="wall-host-card"]', { hasText: 'Iets geks' }).locator('[data-testid="wall-hide"]').waitFor({ timeout: UI_TIMEOUT });
    // (A search narrows the list, which is when the teacher's console offers bulk removal.)
    await byTestId(co, 'participant-search').fill('Bo');
    await waitUntil(async () => (await byTestId(co, 'participant').count()) === 1);
    for (const id of ['wall-close', 'wall-carry', 'back-to-lobby', 'open-presenter', 'lock-room', 'remove-participant', 'bulk-remove']) {
      assert.equal(await byTestId(co, id).count(), 0, `no ${id} on a co-facilitator's console`);
    }
    await byTestId(co, 'participant-search').fill('');
    assert.ok(await byTestId(host, 'wall-close').isVisible(), 'the teacher has them');
    await screenshot(co, 'wall-co-facilitator-1366', ['[data-testid="co-facilitator-banner"]']);
    // A colleague may moderate from a phone: the console fits its width (Dutch is the longest).
    await assertConsoleFitsPhone(co, '[data-testid="wall-host-card"]', '.host-card-text');
    await screenshot(co, 'wall-co-facilitator-360', ['[data-testid="co-facilitator-banner"]']);
    await co.locator('[data-testid="wall-host-card"]', { hasText: 'Iets geks' }).locator('[data-testid="wall-hide"]').click();
    await waitUntil(async () => !((await byTestId(screen, 'screen-wall').textContent()) ?? '').includes('Iets geks'));
    await waitUntil(async () => !((await byTestId(aleks, 'wall-cards').textContent()) ?? '').includes('Iets geks'));
    await seeText(mo.locator('[data-testid="wall-own-idea"][data-status="hidden"]'), 'verborgen door de docent');
    // … and merges the duplicate: the merged card keeps every like, each person once.
    await host.locator('[data-testid="wall-host-card"]', { hasText: 'Vaker naar buiten' }).locator('[data-testid="wall-merge"]').click();
    await host.locator('[data-testid="wall-host-card"]', { hasText: 'Meer buiten lessen' }).locator('[data-testid="wall-merge-into"]').click();
    await waitUntil(async () => !((await byTestId(screen, 'screen-wall').textContent()) ?? '').includes('Vaker naar buiten'));
    await seeText(screen.locator('[data-testid="screen-wall-card"]', { hasText: 'Meer buiten lessen' }), '♥ 3');
    await seeText(aleks.locator('[data-testid="wall-own-idea"][data-status="merged"]'), 'samengevoegd');
    await host.locator('[data-testid="wall-host-card"]', { hasText: 'Langere pauzes' }).locator('[data-testid="wall-pin"]').click();
    await seeText(byTestId(host, 'wall-host-cards'), 'pinned');

    // A student changes their own idea.
    await byTestId(bo, 'wall-edit').click();
    await byTestId(bo, 'wall-edit-input').fill('Langere pauzes, met muziek');
    await byTestId(bo, 'wall-edit-save').click();
    await seeText(byTestId(screen, 'screen-wall'), 'Langere pauzes, met muziek');

    await mo.evaluate(() => scrollTo(0, 0));
    await screenshot(mo, 'wall-phone', ['[data-testid="wall-input"]', '[data-testid="wall-add"]']);
    // The clicks above scrolled the console down to the cards; the teacher scrolls back up.
    await byTestId(host, 'wall-close').scrollIntoViewIfNeeded();
    await screenshot(host, 'wall-host-1366', ['[data-testid="wall-close"]']);
    for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }]) {
      await screen.setViewportSize(size);
      await screen.waitForTimeout(200);
      await screenshot(screen, `wall-screen-${size.width}`, ['[data-testid="screen-wall-card"]', '[data-testid="screen-wall-prompt"]']);
      await assertNoScroll(screen);
    }

    // --- Close the wall and carry every card on it into a dot-vote, in one action.
    await byTestId(host, 'wall-close').click();
    await byTestId(zoe, 'wall-closed').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(host, 'wall-carry-go').click();
    await byTestId(host, 'vote-open').waitFor({ timeout: UI_TIMEOUT });
    const options = await host.locator('[data-testid="vote-host-option"]').allTextContents();
    assert.equal(options.length, 4, `the visible cards: ${options}`);
    assert.ok(!options.some((o) => o.includes('Iets geks') || o.includes('Vaker naar buiten')), 'not hidden or merged ones');
    await assertConsoleFitsPhone(host);
    await host.setViewportSize({ width: 1366, height: 768 });
    await byTestId(host, 'vote-open').click();
    for (const phone of phones) await seeText(byTestId(phone, 'vote-left'), 'Nog 3 van 3 stickers');

    /** Options in the phone's order, by a text they contain. */
    /** @param {import('playwright-core').Page} phone @param {string} text @param {'more' | 'less'} which */
    const tap = async (phone, text, which) => {
      await phone.locator('[data-testid="vote-option"]', { hasText: text }).locator(`[data-testid="vote-${which}"]`).click();
    };
    /** @param {import('playwright-core').Page} phone */
    const received = (phone) => seeText(byTestId(phone, 'vote-status'), 'Ontvangen ✓');
    // A = Meer buiten lessen, B = the longest idea, C = Langere pauzes, D = Samen koken.
    const [A, B, C, D] = ['Meer buiten lessen', 'Elke vrijdagmiddag', 'Langere pauzes', 'Samen koken'];
    await tap(zoe, A, 'more'); await tap(zoe, A, 'more'); await tap(zoe, B, 'more');
    await received(zoe);
    await seeText(byTestId(zoe, 'vote-left'), 'Alle 3 stickers geplaatst');
    assert.ok(await zoe.locator('[data-testid="vote-more"]').first().isDisabled(), 'no dots left: every + is off');
    await tap(aleks, B, 'more'); await tap(aleks, B, 'more'); await tap(aleks, B, 'more');
    await received(aleks);
    await tap(mo, A, 'more'); await tap(mo, A, 'more'); await tap(mo, D, 'more');
    await received(mo);
    // Bo places, then moves a dot from C to B: the allocation is replaced, never added to.
    await tap(bo, C, 'more'); await tap(bo, C, 'more'); await tap(bo, A, 'more');
    await received(bo);
    await tap(bo, C, 'less'); await tap(bo, B, 'more');
    await received(bo);
    // Dots: A 2+2+1 = 5, B 1+3+1 = 5, C 1, D 1: A and B tie.
    await screenshot(aleks, 'vote-phone', ['[data-testid="vote-left"]']);

    // A phone that reloads mid-vote keeps its dots.
    await mo.reload();
    await seeText(byTestId(mo, 'vote-left'), 'Alle 3 stickers geplaatst');
    await seeText(mo.locator('[data-testid="vote-option"]', { hasText: A }).locator('[data-testid="vote-mine"]'), '2');

    // The projector shows how many voted, never the hidden tally.
    await seeText(byTestId(screen, 'screen-voted'), '4');
    assert.equal(await screen.locator('[data-testid="screen-vote-dots"]').count(), 0, 'hidden until the reveal');
    await seeText(host.locator('[data-testid="vote-host-option"]', { hasText: A }), '5');
    for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }]) {
      await screen.setViewportSize(size);
      await screenshot(screen, `vote-screen-${size.width}`, ['[data-testid="screen-vote-option"]']);
      await assertNoScroll(screen);
    }

    // --- The reveal ranks the options; the tie shares first place.
    await byTestId(host, 'vote-reveal').click();
    await seeText(byTestId(zoe, 'vote-results'), 'gedeeld');
    // The projector gets the reveal on its own socket: wait for it, not for the phone.
    const rankLocator = screen.locator('[data-testid="screen-vote-rank"]');
    await waitUntil(async () => (await rankLocator.count()) === 4);
    const ranks = await screen.locator('[data-testid="screen-vote-rank"]').allTextContents();
    assert.deepEqual(ranks, ['1.', '1.', '3.', '3.']);
    for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }]) {
      await screen.setViewportSize(size);
      await screenshot(screen, `vote-screen-results-${size.width}`, ['[data-testid="screen-vote-result"]']);
      await assertNoScroll(screen);
    }
    await zoe.evaluate(() => scrollTo(0, 0));
    await screenshot(zoe, 'vote-phone-results', ['[data-testid="vote-result"]:first-child']);
    // After the close no dot moves.
    assert.equal(await zoe.locator('[data-testid="vote-more"]').count(), 0);

    // A run-off among the tied options, with one click.
    await byTestId(host, 'vote-runoff').first().click();
    await waitUntil(async () => (await host.locator('[data-testid="vote-host-option"]').count()) === 2);
    const runoff = await host.locator('[data-testid="vote-host-option"]').allTextContents();
    assert.ok(runoff.some((o) => o.includes(A)) && runoff.some((o) => o.includes('Elke vrijdagmiddag')), `${runoff}`);
    await byTestId(zoe, 'vote-lobby').waitFor({ timeout: UI_TIMEOUT });
    // The run-off of a vote carried from the wall says "Run-off" once and the wall's question
    // once (the console is English here): never "Run-off: Vote: …", on the phone, projector
    // or console.
    const runoffTitle = 'Run-off: Wat zou school beter maken?';
    for (const [page, what] of [[zoe, 'phone'], [screen, 'projector'], [host, 'console']]) {
      await seeText(page.locator('body'), runoffTitle);
      const text = await page.locator('body').innerText();
      assert.ok(!/(Run-off|Herstemming):\s*(Vote|Stemmen|Run-off|Herstemming):/.test(text), `${what} says the run-off twice: ${text}`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('the projector fits a team wall of 5 and of 300 cards, in team columns, without scrolling', { timeout: 120_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const created = await createRoom(base, 'Grote zaal');
    const auth = { Authorization: `Bearer ${created.hostKey}`, 'Content-Type': 'application/json' };
    const spec = {
      kind: 'brainstorm', title: 'Wat zou school beter maken?', perPerson: 5, maxChars: 140, anonymous: false, byTeam: true,
    };
    const added = await (await fetch(`${base}/api/rooms/${created.code}/activities`, {
      method: 'POST', headers: auth, body: JSON.stringify(spec),
    })).json();
    const screen = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'nl-NL' })).newPage();
    watch(screen, problems, 'screen');
    await screen.goto(`${base}/screen?room=${created.code}`);
    await seeText(byTestId(screen, 'screen-code'), created.code);
    // Phones over plain WebSockets from the projector's page: 60 students with 5 ideas each.
    const idea = 'Een idee van honderdveertig tekens dat zo lang is als de muur toestaat, zodat de projector het langste moet tonen dat er kan';
    await screen.evaluate(async ({ code, hostKey, activity, idea }) => {
      const url = `ws://${location.host}/ws?v=1`;
      /** @param {object} hello */
      const open = (hello) => new Promise((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.onopen = () => ws.send(JSON.stringify(hello));
        ws.onerror = reject;
        ws.onmessage = (ev) => { if (JSON.parse(ev.data).type === 'welcome') resolve(ws); };
      });
      /** @param {WebSocket} ws @param {object} act @param {string} id */
      const act = (ws, act, id) => new Promise((resolve) => {
        ws.addEventListener('message', function on(ev) {
          const msg = JSON.parse(ev.data);
          if ((msg.type === 'ack' && msg.id === id) || (msg.type === 'error' && msg.ref === id)) {
            ws.removeEventListener('message', on);
            resolve(msg);
          }
        });
        ws.send(JSON.stringify({ type: 'act', id, act }));
      });
      const host = /** @type {WebSocket} */ (await open({ type: 'host', room: code, hostKey }));
      /** @type {WebSocket[]} */
      const phones = [];
      for (let i = 0; i < 60; i++) phones.push(/** @type {WebSocket} */ (await open({ type: 'join', room: code, nickname: `Student lange naam nr ${i}` })));
      await act(host, { type: 'formTeams', formation: { type: 'byCount', count: 6 } }, 'h0');
      await act(host, { type: 'setCurrent', activity }, 'h1');
      await act(host, { type: 'activity', activity, input: { kind: 'brainstorm', type: 'open' } }, 'h2');
      /** @param {number} n */
      const round = (n) => Promise.all(phones.map((ws, i) => act(ws, {
        type: 'activity', activity, input: { kind: 'brainstorm', type: 'add', text: `${i}.${n} ${idea}`.slice(0, 140) },
      }, `a${n}`)));
      // First one idea from five phones.
      await Promise.all(phones.slice(0, 5).map((ws, i) => act(ws, {
        type: 'activity', activity, input: { kind: 'brainstorm', type: 'add', text: `${i}.0 ${idea}`.slice(0, 140) },
      }, 'a0')));
      /** @type {any} */ (window).wallMore = async () => {
        await Promise.all(phones.slice(5).map((ws, i) => act(ws, {
          type: 'activity', activity, input: { kind: 'brainstorm', type: 'add', text: `${i + 5}.0 ${idea}`.slice(0, 140) },
        }, 'a0')));
        for (let n = 1; n < 5; n++) await round(n);
      };
    }, { code: created.code, hostKey: created.hostKey, activity: added.id, idea });

    for (const [count, sizes] of /** @type {const} */ ([[5, true], [300, true]])) {
      if (count === 300) await screen.evaluate(() => /** @type {any} */ (window).wallMore());
      await seeText(byTestId(screen, 'screen-wall-count'), `${count} ideeën`);
      for (const size of sizes ? [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }] : []) {
        await screen.setViewportSize(size);
        // The wall is fitted again after the resize (later on a busy machine): wait for it.
        await screen.waitForFunction((min) => {
          const box = document.querySelector('[data-testid="screen-wall-box"]');
          return box !== null && parseFloat(getComputedStyle(box).fontSize) >= min;
        }, count === 5 ? 20 : 8, { timeout: UI_TIMEOUT }).catch(() => {});
        await screen.waitForTimeout(300);
        await screenshot(screen, `wall-screen-${count}-${size.width}`, ['[data-testid="screen-wall-card"]', '[data-testid="screen-wall-prompt"]']);
        await assertNoScroll(screen);
        const px = await screen.locator('[data-testid="screen-wall-box"]').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
        // Five cards are big (at least 20 px, readable from the back of a class); three hundred get the smallest type fit.js allows (squeezed to a
        // few lines each), and all of them are on the screen.
        // (Which teams the five cards fall in is random, so the fitted size varies a little.)
        assert.ok(count === 5 ? px >= 20 : px >= 8, `${count} cards at ${size.width}: ${px}px`);
        assert.equal(await screen.locator('[data-testid="screen-wall-card"]').count(), count);
        // One column per team that has cards.
        assert.equal(await screen.locator('[data-testid="screen-wall-column"]').count(), count === 5 ? new Set(await teamsOfCards(screen)).size : 6);
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

/**
 * The team column of every card on the projector.
 * @param {import('playwright-core').Page} page
 */
async function teamsOfCards(page) {
  return page.locator('[data-testid="screen-wall-column"]').evaluateAll((columns) =>
    columns.flatMap((c, i) => Array.from(c.querySelectorAll('[data-testid="screen-wall-card"]'), () => i)));
}

/**
 * Fails when the page scrolls (anything below or beside the viewport).
 * @param {import('playwright-core').Page} page
 */
async function assertNoScroll(page) {
  const { sw, sh, w, h } = await page.evaluate(() => ({
    sw: document.documentElement.scrollWidth, sh: document.documentElement.scrollHeight, w: innerWidth, h: innerHeight,
  }));
  assert.ok(sw <= w + 1 && sh <= h + 1, `the page scrolls: ${sw}×${sh} in ${w}×${h}`);
}

/**
 * Waits until `check` holds (polling), or fails after the UI timeout.
 * @param {() => Promise<boolean>} check
 */
async function waitUntil(check) {
  const deadline = Date.now() + UI_TIMEOUT;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
