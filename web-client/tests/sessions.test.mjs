// Browser test of sessions in the console: the teacher adds a second session with a title and
// a date, moves an activity into it, plans its minutes, opens that session and runs the
// activity (a phone answers), and sees planned against actual time per activity and for the
// session; the session not running stays collapsed; moving and stepping back keep the answer;
// removing an activity with results asks first; the report of one session. Screenshots at 390×844, 1366×768 and 1920×1080.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UI_TIMEOUT, addActivityApi, byTestId, hostKeyOf, joinPhones, launch, openRoom, screenshot, seeText, showTab, startServer, waitUntil,
} from './helpers.mjs';

/**
 * A check-in's spec.
 * @param {string} title
 */
function checkIn(title) {
  return { kind: 'checkIn', title, words: true, anonymous: true, privacyFloor: 3 };
}

test('two sessions: move an activity between them, run it, planned against actual time', { timeout: 150_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, code } = await openRoom(browser, base, 'MZ2B — periode 2', problems);
    const key = await hostKeyOf(host, code);
    await addActivityApi(base, code, key, checkIn('Hoe gaat het?'));
    await addActivityApi(base, code, key, checkIn('Hoe was de les?'));
    const sessions = host.locator('[data-testid="session"]');
    await waitUntil(async () => (await host.locator('[data-testid="agenda-item"]').count()) === 2);
    await seeText(sessions.first().locator('[data-testid="session-name"]'), 'Session 1');

    // --- A second session, with a title and a date.
    await byTestId(host, 'add-session').click();
    await byTestId(host, 'session-title').fill('Les 2');
    await byTestId(host, 'session-date').fill('2026-12-12');
    await byTestId(host, 'session-save').click();
    await waitUntil(async () => (await sessions.count()) === 2);
    const second = sessions.nth(1);
    await seeText(second.locator('[data-testid="session-name"]'), 'Les 2');
    await seeText(second, '2026-12-12');
    // Not the running session: collapsed, its count shown.
    assert.equal(await second.locator('[data-testid="agenda-item"]').count(), 0);

    // --- Move the second check-in into "Les 2", open that session, plan 5 minutes.
    const closing = sessions.first().locator('[data-testid="agenda-item"]').filter({ hasText: 'Hoe was de les?' });
    await closing.locator('[data-testid="move-to"]').selectOption({ label: 'Les 2' });
    await waitUntil(async () => (await sessions.first().locator('[data-testid="agenda-item"]').count()) === 1);
    await seeText(second, 'activities: 1');
    await second.locator('[data-testid="session-toggle"]').click();
    const moved = second.locator('[data-testid="agenda-item"]');
    await seeText(moved, 'Hoe was de les?');
    await moved.locator('[data-testid="planned-minutes"]').fill('5');
    await moved.locator('[data-testid="planned-minutes"]').press('Tab');
    await seeText(moved.locator('[data-testid="activity-time"]'), '0:00 / 5 min');

    // --- Run it: a phone answers; the time runs against the plan, per activity and session.
    const [ada] = await joinPhones(browser, base, code, ['Ada'], problems);
    await moved.locator('[data-testid="make-current"]').click();
    await byTestId(host, 'checkin-open').click();
    await byTestId(ada, 'checkin-phone').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(ada, 'checkin-face').nth(3).click();
    await byTestId(ada, 'checkin-send').click();
    await seeText(byTestId(ada, 'checkin-status'), 'Ontvangen ✓');
    await seeText(second, /running|bezig/);
    await waitUntil(async () => /0:0[2-9] \/ 5 min/.test((await moved.locator('[data-testid="activity-time"]').textContent()) ?? ''));
    await seeText(second.locator('[data-testid="session-time"]'), /Session: 0:0\d \/ 5 min/);
    const time = moved.locator('[data-testid="activity-time"]');
    assert.ok(!(await time.getAttribute('class'))?.includes('over'), 'within the plan: not amber');
    // Over its plan (12 minutes of 10, the console's own module): amber, "12:00 / 10 min".
    const over = await host.evaluate(async () => {
      const { timeBadge } = await import('/assets/js/host/sessions.js');
      const item = { actualMs: 720_000, plannedMinutes: 10, runningSince: undefined };
      const badge = /** @type {any} */ (timeBadge(/** @type {any} */ (item)));
      return { cls: badge.props.class, text: badge.props.children };
    });
    assert.match(over.cls, /\bover\b/);
    assert.equal(String(over.text), '12:00 / 10 min');
    // The sessions in view (the agenda's own box scrolls), with what runs now beside them.
    const top = () => sessions.first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await top();
    await screenshot(host, 'sessions-console-1366', ['[data-testid="back-to-lobby"]', '[data-testid="session-time"]']);
    await host.setViewportSize({ width: 1920, height: 1080 });
    await top();
    await screenshot(host, 'sessions-console-1920', ['[data-testid="back-to-lobby"]', '[data-testid="session-time"]']);
    await host.setViewportSize({ width: 390, height: 844 });
    await top();
    await screenshot(host, 'sessions-console-390', ['[data-testid="session-toggle"]']);
    await host.setViewportSize({ width: 1366, height: 768 });

    // --- Step back to the first session's check-in, then move the answered one back: its
    // answer stays (1 responded), and it is still marked as started.
    await byTestId(host, 'back-to-lobby').click();
    // In the lobby the running session is the first with an activity not started: open again.
    await waitUntil(async () => (await sessions.first().locator('[data-testid="agenda-item"]').count()) === 1);
    await sessions.first().locator('[data-testid="agenda-item"]').locator('[data-testid="make-current"]').click();
    await moved.locator('[data-testid="move-to"]').selectOption({ label: 'Session 1' });
    await waitUntil(async () => (await sessions.first().locator('[data-testid="agenda-item"]').count()) === 2);
    const back = sessions.first().locator('[data-testid="agenda-item"]').filter({ hasText: 'Hoe was de les?' });
    await back.locator('[data-testid="make-current"]').click();
    await seeText(byTestId(host, 'host-progress'), /^1 /);

    // Removing it asks first, saying that its results go too.
    await byTestId(host, 'back-to-lobby').click();
    await back.locator('[data-testid="remove-activity"]').click();
    await seeText(back.locator('[data-testid="remove-activity"]'), 'with its results');

    // --- One report per session: the first session's has its name and both check-ins.
    await showTab(host, 'room');
    const [report] = await Promise.all([
      host.context().waitForEvent('page'), byTestId(host, 'export-report-session-0').click(),
    ]);
    await seeText(report.locator('h2.session'), 'Session 1');
    await seeText(report.locator('body'), 'Hoe was de les?');
    await report.close();

    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
