// Browser test: a new card-sort's columns default to the room's sessions once it has at least
// 2 (title, else date, else "Session N"), in order; in a room of one session, the four sessions
// of the co-creation timeline. Screenshot of the editor at laptop size.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, byTestId, screenshot, openRoom, waitUntil } from './helpers.mjs';

test("a new card-sort's columns are the room's sessions", { timeout: 90_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const { host } = await openRoom(browser, server.url, 'Evaluatie', problems);
    const columns = () => byTestId(host, 'sort-column-name').evaluateAll((n) => n.map((i) => /** @type {HTMLInputElement} */ (i).value));
    await byTestId(host, 'new-cardSort').click();
    assert.deepEqual(await columns(), ['Session 1', 'Session 2', 'Session 3', 'Session 4']);

    const sessions = host.locator('[data-testid="session"]');
    for (const [title, date] of [['Les 2', ''], ['', '2026-12-19']]) {
      const n = await sessions.count();
      await byTestId(host, 'add-session').click();
      await byTestId(host, 'session-title').fill(title);
      if (date) await byTestId(host, 'session-date').fill(date);
      await byTestId(host, 'session-save').click();
      await waitUntil(async () => (await sessions.count()) === n + 1);
    }
    await byTestId(host, 'new-cardSort').click();
    await waitUntil(async () => (await columns()).length === 3);
    assert.deepEqual(await columns(), ['Session 1', 'Les 2', '2026-12-19']);
    await byTestId(host, 'sort-preset-fits').click();
    await byTestId(host, 'sort-preset-sessions').click();
    assert.deepEqual(await columns(), ['Session 1', 'Les 2', '2026-12-19']);
    await byTestId(host, 'sort-preset-sessions').evaluate((n) => n.scrollIntoView({ block: 'start' }));
    await screenshot(host, 'sort-editor-sessions-1366', ['[data-testid="sort-preset-sessions"]']);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
