// Browser test of "you said → we did": the host console (1366×768), the projector (1920×1080)
// and three phones (360×740) against the real server. A brainstorm wall runs first (ideas from
// four students over sockets, likes, one idea pinned and one hidden by the facilitator); the
// facilitator makes a "you said → we did" slide and takes its "said" items from the wall's top
// results (pinned first, then most liked; the hidden idea never offered), fills in what was done,
// and runs it: the projector and the phones get the pairs one by one, the phones tap "👍 gezien"
// once each and the projector counts them. Then a slide of eight pairs of the longest text fits
// the projector at 1920×1080 and 1366×768. Screenshots at 360, 390, 1366 and 1920 wide.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UI_TIMEOUT, addActivityApi, assertRunControlsInView, byTestId, hostKeyOf, joinPhones, launch, openRoom, screenshot,
  seeText, socketAct, socketPhones, startServer, waitUntil,
} from './helpers.mjs';

test('a slide takes a wall\'s top ideas, and projector and phones get its pairs one by one', { timeout: 150_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, code } = await openRoom(browser, base, 'MZ2B — Student voice', problems);
    const key = await hostKeyOf(host, code);
    const phones = await joinPhones(browser, base, code, ['Ada', 'Bo', 'Cas'], problems);
    const agendaItem = (/** @type {string} */ title) => host.locator('[data-testid="agenda-item"]').filter({ hasText: title });

    // A wall: four students write, like; the facilitator pins one idea and hides another.
    const wall = await addActivityApi(base, code, key, { kind: 'brainstorm', title: 'Wat maakt een les goed?' });
    await agendaItem('Wat maakt een les goed?').locator('[data-testid="make-current"]').click();
    await byTestId(host, 'wall-open').click();
    await socketPhones(screen, code, ['S1', 'S2', 'S3', 'S4']);
    const ideas = ['Meer pauzes', 'Wifi in lokaal 2.14', 'Uitleg op video', 'Een rotidee'];
    for (const [i, text] of ideas.entries()) {
      const answer = await socketAct(screen, i, { type: 'activity', activity: wall, input: { kind: 'brainstorm', type: 'add', text } });
      assert.equal(answer.type, 'ack', `${text}: ${answer.code}`);
    }
    const cardOf = async (/** @type {string} */ text) => {
      const card = host.locator('[data-testid="wall-host-card"]').filter({ hasText: text });
      await card.waitFor({ timeout: UI_TIMEOUT });
      return { card, id: Number(await card.getAttribute('data-id')) };
    };
    const wifi = await cardOf('Wifi in lokaal 2.14');
    const pauzes = await cardOf('Meer pauzes');
    for (const [phone, card] of [[0, wifi.id], [2, wifi.id], [3, wifi.id], [1, pauzes.id]]) {
      const answer = await socketAct(screen, phone, { type: 'activity', activity: wall, input: { kind: 'brainstorm', type: 'like', card, like: true } });
      assert.equal(answer.type, 'ack', `like: ${answer.code}`);
    }
    await (await cardOf('Uitleg op video')).card.locator('[data-testid="wall-pin"]').click();
    await (await cardOf('Een rotidee')).card.locator('[data-testid="wall-hide"]').click();
    await host.locator('[data-testid="wall-host-card"][data-status="hidden"]').filter({ hasText: 'Een rotidee' }).waitFor({ timeout: UI_TIMEOUT });
    await byTestId(host, 'wall-close').click();


    // The editor: a blank "said" is refused; the wall's top results are offered, best first,
    // without the hidden idea.
    await byTestId(host, 'new-weDid').click();
    assert.equal(await byTestId(host, 'wedid-title').inputValue(), 'You said → we did');
    await byTestId(host, 'save-activity').click();
    await byTestId(host, 'editor-errors').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(host, 'wedid-take-activity').selectOption(String(wall));
    await byTestId(host, 'wedid-suggestions').waitFor({ timeout: UI_TIMEOUT });
    const offered = await host.locator('.wedid-suggestion-text').allTextContents();
    assert.deepEqual(offered, ['Uitleg op video', 'Wifi in lokaal 2.14', 'Meer pauzes'], 'pinned, then most liked; never the hidden idea');
    await byTestId(host, 'wedid-take').scrollIntoViewIfNeeded();
    await screenshot(host, 'wedid-take-1366', ['[data-testid="wedid-take-activity"]']);
    const ticks = host.locator('[data-testid="wedid-suggestion"]');
    for (let i = 0; i < 3; i++) await ticks.nth(i).check();
    await byTestId(host, 'wedid-take-add').click();
    await seeText(byTestId(host, 'wedid-source'), 'Wat maakt een les goed?');
    assert.deepEqual(await host.locator('[data-testid="wedid-said"]').evaluateAll((n) => n.map((x) => /** @type {HTMLTextAreaElement} */ (x).value)),
      ['Uitleg op video', 'Wifi in lokaal 2.14', 'Meer pauzes']);
    const did = host.locator('[data-testid="wedid-did"]');
    await did.nth(0).fill('De docent zet elke uitleg online');
    await did.nth(2).fill('Elke les van 90 minuten heeft nu een pauze');
    await screenshot(host, 'wedid-editor-1366');
    await byTestId(host, 'save-activity').click();
    await seeText(agendaItem('You said → we did'), '3 pairs');

    // Running it: nothing before the start, then the pairs one by one on every screen.
    await agendaItem('You said → we did').locator('[data-testid="make-current"]').click();
    await byTestId(phones[0], 'wedid-lobby').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(host, 'wedid-start').click();
    await seeText(byTestId(screen, 'screen-wedid-pairs'), 'De docent zet elke uitleg online');
    await seeText(byTestId(screen, 'screen-wedid-from'), 'Wat maakt een les goed?');
    for (const phone of phones) {
      await seeText(byTestId(phone, 'wedid-phone-pairs'), 'Uitleg op video');
      await byTestId(phone, 'wedid-more').waitFor({ timeout: UI_TIMEOUT });
      assert.ok(!(await phone.content()).includes('Wifi in lokaal'), 'no phone has a pair before it is shown');
    }
    assert.ok(!(await screen.content()).includes('Wifi in lokaal'), 'nor the projector');
    await screenshot(phones[0], 'wedid-phone-360', ['[data-testid="wedid-seen"]']);

    // Two phones tap "👍 gezien"; the projector counts them, anonymously.
    for (const phone of phones.slice(0, 2)) {
      await byTestId(phone, 'wedid-seen').click();
      await byTestId(phone, 'wedid-seen-done').waitFor({ timeout: UI_TIMEOUT });
      assert.equal(await byTestId(phone, 'wedid-seen').count(), 0, 'one tap only');
    }
    await seeText(byTestId(screen, 'screen-wedid-seen'), '👍 2');
    await seeText(byTestId(host, 'host-wedid-seen'), '2 tapped');

    await byTestId(host, 'wedid-next').click();
    await seeText(byTestId(screen, 'screen-wedid-pairs'), 'Still working on it');
    await seeText(byTestId(phones[2], 'wedid-phone-pairs'), 'Nog mee bezig');
    await byTestId(host, 'wedid-next').click();
    await seeText(byTestId(screen, 'screen-wedid-pairs'), 'Elke les van 90 minuten heeft nu een pauze');
    for (const phone of phones) assert.equal(await phone.locator('[data-testid="wedid-phone-pairs-pair"]').count(), 3);
    assert.equal(await byTestId(host, 'wedid-next').count(), 0, 'every pair shown: no next step');
    await screenshot(screen, 'wedid-screen-1920', ['[data-testid="screen-wedid-pairs-pair"]', '[data-testid="screen-wedid-seen"]']);
    await assertRunControlsInView(host, 'wedid run panel');
    await screenshot(host, 'wedid-host-1366', ['[data-testid="wedid-close"]']);
    await screenshot(phones[2], 'wedid-phone-all-360', ['[data-testid="wedid-seen"]']);
    await phones[2].setViewportSize({ width: 390, height: 844 });
    await screenshot(phones[2], 'wedid-phone-all-390', ['[data-testid="wedid-seen"]']);

    // Back hides the last pair again; the taps stay.
    await byTestId(host, 'wedid-back').click();
    await waitUntil(async () => (await screen.locator('[data-testid="screen-wedid-pairs-pair"]').count()) === 2);
    await seeText(byTestId(screen, 'screen-wedid-seen'), '👍 2');
    await byTestId(host, 'wedid-show-all').click();
    await byTestId(host, 'wedid-close').click();
    await byTestId(phones[0], 'wedid-closed').waitFor({ timeout: UI_TIMEOUT });

    // The export has the pairs, "nog mee bezig" and the count.
    const csv = await (await fetch(`${base}/api/rooms/${code}/export.csv?lang=nl`, { headers: { Authorization: `Bearer ${key}` } })).text();
    assert.ok(csv.includes('Wifi in lokaal 2.14') && csv.includes('nog mee bezig') && csv.includes('👍 gezien'), csv);

    // The longest slide the protocol allows fits the projector; its text stays text.
    const long = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ';
    const text = (/** @type {string} */ start) => `${start} ${long.repeat(3)}`.slice(0, 280);
    const items = Array.from({ length: 8 }, (_, i) => ({ said: text(i === 0 ? '<img src=x onerror=alert(1)>' : `Idee ${i + 1}`), did: i % 3 === 1 ? '' : text(`Gedaan ${i + 1}`) }));
    await addActivityApi(base, code, key, { kind: 'weDid', title: 'Jullie zeiden → wij deden: het hele jaar', source: null, items, oneByOne: false });
    await agendaItem('het hele jaar').locator('[data-testid="make-current"]').click();
    await byTestId(host, 'wedid-start').click();
    await waitUntil(async () => (await screen.locator('[data-testid="screen-wedid-pairs-pair"]').count()) === 8);
    assert.ok((await screen.locator('[data-testid="wedid-said-text"]').first().textContent())?.startsWith('<img'), 'markup is shown as text');
    await screen.waitForTimeout(400);
    await screenshot(screen, 'wedid-screen-long-1920', ['[data-testid="screen-wedid-pairs-pair"]']);
    await screen.setViewportSize({ width: 1366, height: 768 });
    await screen.waitForTimeout(400);
    await screenshot(screen, 'wedid-screen-long-1366', ['[data-testid="screen-wedid-pairs-pair"]']);
    const px = await screen.locator('.wedid-box').evaluate((n) => parseFloat(getComputedStyle(n).fontSize));
    assert.ok(px >= 8, `the box has a size (${px} px)`);
    await phones[1].locator('[data-testid="wedid-phone-pairs-pair"]').nth(7).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(phones[1], 'wedid-phone-long-360', ['[data-testid="wedid-seen"]']);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
