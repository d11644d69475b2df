// Browser test of the we did (the kind template's): the host console (1366×768), the
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
    await byTestId(host, 'new-weDid').click();
    await byTestId(host, 'wedid-title').fill(' ');
    await byTestId(host, 'save-activity').click();
    await byTestId(host, 'editor-errors').waitFor();
    await byTestId(host, 'wedid-title').fill('Who has finished?');
    await byTestId(host, 'save-activity').click();
    await seeText(host.locator('[data-testid="agenda-item"]').last(), 'Who has finished?');
    await host.locator('[data-testid="agenda-item"]').last().locator('[data-testid="make-current"]').click();
    await byTestId(host, 'wedid-open').click();
    for (const phone of phones) await byTestId(phone, 'wedid-phone').waitFor();
    await screenshot(phones[0], 'wedid-phone-360', ['[data-testid="wedid-toggle"]']);

    // Two hands up, one of them down again.
    for (const phone of phones.slice(0, 2)) {
      await byTestId(phone, 'wedid-toggle').click();
      await byTestId(phone, 'wedid-up').waitFor();
    }
    await byTestId(phones[1], 'wedid-toggle').click();
    await seeText(byTestId(screen, 'screen-wedid-count'), 'Hands up: 1');
    await screenshot(screen, 'wedid-screen-1920', ['[data-testid="screen-wedid-count"]']);
    await screenshot(host, 'wedid-host-1366', ['[data-testid="wedid-close"]']);

    await byTestId(host, 'wedid-close').click();
    await byTestId(phones[0], 'wedid-closed').waitFor();
    await seeText(byTestId(screen, 'screen-wedid-count'), 'Hands up: 1');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
