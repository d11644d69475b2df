// Browser test of the timeline (the kind template's): the host console (1366×768), the
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
    await byTestId(host, 'new-timeline').click();
    await byTestId(host, 'timeline-title').fill(' ');
    await byTestId(host, 'save-activity').click();
    await byTestId(host, 'editor-errors').waitFor();
    await byTestId(host, 'timeline-title').fill('Who has finished?');
    await byTestId(host, 'save-activity').click();
    await seeText(host.locator('[data-testid="agenda-item"]').last(), 'Who has finished?');
    await host.locator('[data-testid="agenda-item"]').last().locator('[data-testid="make-current"]').click();
    await byTestId(host, 'timeline-open').click();
    for (const phone of phones) await byTestId(phone, 'timeline-phone').waitFor();
    await screenshot(phones[0], 'timeline-phone-360', ['[data-testid="timeline-toggle"]']);

    // Two hands up, one of them down again.
    for (const phone of phones.slice(0, 2)) {
      await byTestId(phone, 'timeline-toggle').click();
      await byTestId(phone, 'timeline-up').waitFor();
    }
    await byTestId(phones[1], 'timeline-toggle').click();
    await seeText(byTestId(screen, 'screen-timeline-count'), 'Hands up: 1');
    await screenshot(screen, 'timeline-screen-1920', ['[data-testid="screen-timeline-count"]']);
    await screenshot(host, 'timeline-host-1366', ['[data-testid="timeline-close"]']);

    await byTestId(host, 'timeline-close').click();
    await byTestId(phones[0], 'timeline-closed').waitFor();
    await seeText(byTestId(screen, 'screen-timeline-count'), 'Hands up: 1');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
