// Browser test of the timer: the teacher sets one up in the console's editor, starts, pauses
// (the phones and the projector show it paused, the presenter's step says "Resume"), adds a
// minute, resets to a few seconds and lets it run out (a calm "Time is up" everywhere); then a
// timer with its chime on runs beside a brainstorm: a corner box on the projector, a thin line
// on the phones above the wall, compact controls in the console, and the projector page throws
// nothing when the browser blocks its sound. Screenshots at 360×740, 1366×768, 1920×1080 and
// 1280×800.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UI_TIMEOUT, addActivityApi, byTestId, hostKeyOf, joinPhones, launch, openRoom, screenshot, seeText, startServer, waitUntil, watch,
} from './helpers.mjs';

/**
 * The seconds a face shows (m:ss or h:mm:ss).
 * @param {import('playwright-core').Locator} digits
 */
async function secondsOf(digits) {
  const text = ((await digits.textContent()) ?? '').trim();
  return text.split(':').map(Number).reduce((a, b) => a * 60 + b, 0);
}

test('a timer alone and beside a brainstorm: start, pause, +1 minute, a gentle end on every screen', { timeout: 150_000 }, async () => {
  const server = await startServer();
  const browser = await launch(['--autoplay-policy=document-user-activation-required']);
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, code } = await openRoom(browser, base, 'Bouw je eigen les', problems);

    // --- The editor: 10 minutes.
    await byTestId(host, 'new-timer').click();
    await byTestId(host, 'timer-title').fill('Bouwen aan je les');
    await byTestId(host, 'timer-minutes').fill('10');
    await byTestId(host, 'timer-seconds').fill('0');
    await byTestId(host, 'save-activity').click();
    await seeText(host.locator('[data-testid="agenda-item"]').last(), '10:00');
    // A time beyond 3 hours is refused by the editor.
    await byTestId(host, 'new-timer').click();
    await byTestId(host, 'timer-minutes').fill('181');
    await byTestId(host, 'save-activity').click();
    await seeText(byTestId(host, 'editor-errors'), '1 second to 3 hours');
    await host.getByRole('button', { name: 'Cancel' }).click();

    const [ada, bo] = await joinPhones(browser, base, code, ['Ada', 'Bo'], problems);
    await host.locator('[data-testid="agenda-item"]').last().locator('[data-testid="make-current"]').click();
    await seeText(byTestId(screen, 'screen-timer-face-digits'), '10:00');
    await seeText(byTestId(ada, 'timer-digits'), '10:00');

    // --- Start, then pause: every screen shows the same paused time.
    await byTestId(host, 'timer-start').click();
    await waitUntil(async () => (await secondsOf(byTestId(ada, 'timer-digits'))) < 600);
    await byTestId(host, 'timer-pause').click();
    await seeText(byTestId(ada, 'timer-word'), 'Pauze');
    await seeText(byTestId(screen, 'screen-timer-face-word'), 'Paused');
    const paused = await secondsOf(byTestId(host, 'host-timer-digits'));
    assert.equal(await secondsOf(byTestId(screen, 'screen-timer-face-digits')), paused);
    assert.equal(await secondsOf(byTestId(ada, 'timer-digits')), paused);
    await screenshot(ada, 'timer-phone-paused-360', ['[data-testid="timer"]']);
    await screenshot(host, 'timer-console-paused-1366', ['[data-testid="timer-controls"] button', '[data-testid="flow-controls"] button']);
    await screenshot(screen, 'timer-screen-paused-1920', ['[data-testid="screen-timer-face"]']);
    await screen.setViewportSize({ width: 1280, height: 800 });
    await screenshot(screen, 'timer-screen-paused-1280', ['[data-testid="screen-timer-face"]']);
    await screen.setViewportSize({ width: 1920, height: 1080 });

    // +1 minute while paused: exactly 60 s more, still paused.
    await byTestId(host, 'timer-plus').click();
    await waitUntil(async () => (await secondsOf(byTestId(bo, 'timer-digits'))) === paused + 60);

    // --- The presenter's step resumes it.
    const [presenter] = await Promise.all([host.context().waitForEvent('page'), byTestId(host, 'open-presenter').click()]);
    watch(presenter, problems, 'presenter');
    await presenter.setViewportSize({ width: 1920, height: 1080 });
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Resume');
    await byTestId(presenter, 'presenter-next').click();
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Pause');
    await waitUntil(async () => (await secondsOf(byTestId(ada, 'timer-digits'))) < paused + 60);
    await presenter.close();

    // --- Reset to 3 seconds and let it run out: a calm end everywhere.
    await byTestId(host, 'timer-reset').click();
    const id = await host.locator('[data-testid="agenda-item"]').last().getAttribute('data-id');
    // A time no timer runs (0 seconds) does not start it with the old time: the field says why.
    await byTestId(host, `timer-min-${id}`).fill('0');
    await byTestId(host, `timer-sec-${id}`).fill('0');
    await byTestId(host, 'timer-start').click();
    await waitUntil(async () => (await byTestId(host, `timer-min-${id}`).getAttribute('aria-invalid')) === 'true');
    assert.match(await byTestId(host, `timer-min-${id}`).evaluate((el) => /** @type {HTMLInputElement} */ (el).validationMessage), /1 second to 3 hours/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await seeText(byTestId(host, 'run-phase'), 'Ready');
    await byTestId(host, `timer-sec-${id}`).fill('3');
    assert.equal(await byTestId(host, `timer-min-${id}`).getAttribute('aria-invalid'), 'false');
    await byTestId(host, 'timer-start').click();
    await seeText(byTestId(screen, 'screen-timer-face-word'), 'Time is up');
    await seeText(byTestId(ada, 'timer-word'), 'De tijd is om');
    await seeText(byTestId(host, 'run-phase'), 'Time is up');
    await screenshot(ada, 'timer-phone-done-360', ['[data-testid="timer"]']);
    await screenshot(screen, 'timer-screen-done-1920', ['[data-testid="screen-timer-face"]']);

    // --- Beside a brainstorm, with the chime on.
    const key = await hostKeyOf(host, code);
    await addActivityApi(base, code, key, {
      kind: 'brainstorm', title: 'Wat maakt een les goed?', perPerson: 3, maxChars: 140, byTeam: false, anonymous: true, mode: 'live', likes: 'live',
    });
    await addActivityApi(base, code, key, { kind: 'timer', title: 'Bedenktijd', secs: 4, sound: true });
    const items = host.locator('[data-testid="agenda-item"]');
    await seeText(items.last(), 'with a chime');
    await items.nth(1).locator('[data-testid="make-current"]').click();
    await byTestId(host, 'wall-open').click();
    await byTestId(ada, 'wall-input').waitFor({ timeout: UI_TIMEOUT });
    await items.last().locator('[data-testid="run-beside"]').click();
    await byTestId(items.last(), 'beside-badge').waitFor({ timeout: UI_TIMEOUT });
    const besideBox = byTestId(host, 'beside');
    await besideBox.locator('[data-testid="timer-min-' + (await items.last().getAttribute('data-id')) + '"]').fill('2');
    await besideBox.locator('[data-testid="timer-start"]').click();
    await waitUntil(async () => (await secondsOf(byTestId(ada, 'beside-timer-digits'))) > 100);
    // The wall goes on under it.
    await byTestId(ada, 'wall-input').fill('Meer pauzes');
    await byTestId(ada, 'wall-add').click();
    await seeText(byTestId(screen, 'screen-wall'), 'Meer pauzes');
    await byTestId(screen, 'beside-timer').waitFor({ timeout: UI_TIMEOUT });
    await screenshot(ada, 'timer-beside-phone-360', ['[data-testid="beside-timer"]', '[data-testid="wall-add"]']);
    await screenshot(host, 'timer-beside-console-1366', ['[data-testid="beside"] [data-testid="timer-controls"] button']);
    await screenshot(screen, 'timer-beside-screen-1920', ['[data-testid="beside-timer"]']);
    await screen.setViewportSize({ width: 1280, height: 800 });
    await screenshot(screen, 'timer-beside-screen-1280', ['[data-testid="beside-timer"]']);
    await screen.setViewportSize({ width: 1920, height: 1080 });
    // −1 minute twice (from about 2:04): down to 0 and ended, with the chime the browser may refuse, and no error.
    await besideBox.locator('[data-testid="timer-minus"]').click();
    await besideBox.locator('[data-testid="timer-minus"]').click();
    await seeText(byTestId(screen, 'beside-timer-word'), 'Time is up');
    await seeText(byTestId(bo, 'beside-timer-word'), 'De tijd is om');
    await screenshot(screen, 'timer-beside-done-1920', ['[data-testid="beside-timer"]']);
    // Stopped beside: the corner leaves the projector.
    await byTestId(host, 'beside-stop').click();
    await waitUntil(async () => (await byTestId(screen, 'beside').count()) === 0);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
