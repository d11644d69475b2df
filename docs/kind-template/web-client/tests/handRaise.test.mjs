// Browser test of the hand raise (the kind template's): the host console (1366×768), the
// projector (1920×1080) and three phones (360×740) against the real server. The facilitator
// makes it and opens it; two phones raise their hands and one lowers it again; the projector
// counts the hands; the facilitator closes it. Screenshots at the three sizes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, seeText, byTestId, screenshot, openRoom, joinPhones } from './helpers.mjs';

test('phones raise and lower their hands and the projector counts them', { timeout: 120_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, code } = await openRoom(browser, base, 'MZ2B — Mentoruur', problems);
    const phones = await joinPhones(browser, base, code, ['Ada', 'Bo', 'Cas'], problems);

    // The facilitator makes one (a blank title is refused), makes it current and opens it.
    await byTestId(host, 'new-handRaise').click();
    await byTestId(host, 'handraise-title').fill(' ');
    await byTestId(host, 'save-activity').click();
    await byTestId(host, 'editor-errors').waitFor();
    await byTestId(host, 'handraise-title').fill('Who has finished?');
    await byTestId(host, 'save-activity').click();
    await seeText(host.locator('[data-testid="agenda-item"]').last(), 'Who has finished?');
    await host.locator('[data-testid="agenda-item"]').last().locator('[data-testid="make-current"]').click();
    await byTestId(host, 'handraise-open').click();
    for (const phone of phones) await byTestId(phone, 'handraise-phone').waitFor();
    await screenshot(phones[0], 'handraise-phone-360', ['[data-testid="handraise-toggle"]']);

    // Two hands up, one of them down again.
    for (const phone of phones.slice(0, 2)) {
      await byTestId(phone, 'handraise-toggle').click();
      await byTestId(phone, 'handraise-up').waitFor();
    }
    await byTestId(phones[1], 'handraise-toggle').click();
    await seeText(byTestId(screen, 'screen-handraise-count'), 'Hands up: 1');
    await screenshot(screen, 'handraise-screen-1920', ['[data-testid="screen-handraise-count"]']);
    await screenshot(host, 'handraise-host-1366', ['[data-testid="handraise-close"]']);

    await byTestId(host, 'handraise-close').click();
    await byTestId(phones[0], 'handraise-closed').waitFor();
    await seeText(byTestId(screen, 'screen-handraise-count'), 'Hands up: 1');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
