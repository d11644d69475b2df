// Browser test of the projector with many teams: the teams board with role cards and every
// phase of the team-name brainstorm (propose, vote, reveal) must show every team, every member
// and every new name inside the screen, unclipped, without scrolling and in type no smaller than
// the readable floor (18 px on a screen 1080 px high), at 1920×1080 and 1280×800, with 1, 5, 8
// and 12 teams of 6 and 30 teams of 1. One server; a room per team count, driven over sockets
// from the projector page itself (students and the host need no page of their own).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import {
  UI_TIMEOUT, addActivityApi, byTestId, createRoom, launch, socketAct, socketPhones, startServer, waitUntil, watch,
} from './helpers.mjs';

const SIZES = [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }];
const CASES = [{ teams: 1, size: 6 }, { teams: 5, size: 6 }, { teams: 8, size: 6 }, { teams: 12, size: 6 }, { teams: 30, size: 1 }];
/** Long real names: the longest a class brings. */
const FIRST = ['Aleksandra', 'Mohammed', 'Wilhelmina', 'Fatima', 'Bartel', 'Joost', 'Esmeralda', 'Priscilla', 'Maximiliaan', 'Yasmina', 'Christiaan', 'Dewi'];
const LAST = ['van den Berg', 'El Amrani', 'Kowalczyk', 'de Vries', 'Öztürk', 'Janssen'];

/**
 * The host over a plain WebSocket from inside `page`; resolves once welcomed.
 * @param {import('playwright-core').Page} page
 * @param {string} code
 * @param {string} hostKey
 */
async function hostSocket(page, code, hostKey) {
  await page.evaluate(async ({ code, hostKey }) => {
    const ws = new WebSocket(`ws://${location.host}/ws?v=1`);
    await new Promise((resolve, reject) => {
      ws.onopen = () => ws.send(JSON.stringify({ type: 'host', room: code, hostKey }));
      ws.onerror = reject;
      ws.onmessage = (ev) => { if (JSON.parse(ev.data).type === 'welcome') resolve(null); };
    });
    /** @type {any} */ (window).kringHost = { ws, n: 0 };
  }, { code, hostKey });
}

/**
 * Sends a host act over the socket of `hostSocket`; fails unless the server acknowledges it.
 * @param {import('playwright-core').Page} page
 * @param {object} act
 */
async function hostAct(page, act) {
  const msg = await page.evaluate((act) => {
    /** @type {any} */
    const host = /** @type {any} */ (window).kringHost;
    const id = `h${host.n++}`;
    return new Promise((resolve) => {
      /** @param {MessageEvent} ev */
      const on = (ev) => {
        const msg = JSON.parse(ev.data);
        if ((msg.type === 'ack' && msg.id === id) || (msg.type === 'error' && msg.ref === id)) {
          host.ws.removeEventListener('message', on);
          resolve(msg);
        }
      };
      host.ws.addEventListener('message', on);
      host.ws.send(JSON.stringify({ type: 'act', id, act }));
    });
  }, act);
  assert.equal(/** @type {any} */ (msg).type, 'ack', `${JSON.stringify(act)}: ${JSON.stringify(msg)}`);
}

/**
 * Fails unless every element matching `tiles` lies inside the viewport, every element matching
 * `inner` lies inside its tile and the viewport with type at least the readable floor, the fitted
 * boxes do not scroll and the page does not scroll.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {number} count  tiles expected
 * @param {string} tiles
 * @param {string} inner
 */
async function assertAllFit(page, name, count, tiles, inner) {
  await waitUntil(async () => (await page.locator(tiles).count()) === count).catch(async (e) => { await page.screenshot({ path: '/tmp/shots/failed.png' }); throw e; });
  // Let the fit run (it waits for the render, and at most 250 ms between fits) and any flourish end.
  await page.waitForTimeout(600);
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  await page.waitForTimeout(300);
  await mkdir('/tmp/shots', { recursive: true });
  await page.screenshot({ path: `/tmp/shots/${name}.png` });
  const found = await page.evaluate(([tileSel, innerSel]) => {
    const w = innerWidth;
    const h = innerHeight;
    const floor = (18 * h) / 1080 - 0.5;
    /** @type {string[]} */
    const bad = [];
    /** @param {DOMRect} r @param {{top: number, left: number, bottom: number, right: number}} o */
    const inside = (r, o) => r.top >= o.top - 1 && r.left >= o.left - 1 && r.bottom <= o.bottom + 1 && r.right <= o.right + 1;
    const view = { top: 0, left: 0, bottom: h, right: w };
    let members = 0;
    for (const tile of document.querySelectorAll(tileSel)) {
      const t = tile.getBoundingClientRect();
      if (!inside(t, view)) bad.push(`tile at ${Math.round(t.top)}–${Math.round(t.bottom)} outside ${w}×${h}`);
      for (const el of tile.querySelectorAll(innerSel)) {
        members++;
        const r = el.getBoundingClientRect();
        const text = el.textContent ?? '';
        if (r.height === 0) bad.push(`"${text}" not shown`);
        else if (!inside(r, t)) bad.push(`"${text}" at ${Math.round(r.top)}–${Math.round(r.bottom)} outside its tile ${Math.round(t.top)}–${Math.round(t.bottom)}`);
        else if (!inside(r, view)) bad.push(`"${text}" outside the screen`);
        if (el.scrollWidth > el.clientWidth + 1) bad.push(`"${text}" clipped sideways`);
        const px = parseFloat(getComputedStyle(el).fontSize);
        if (px < floor) bad.push(`"${text}" in ${px.toFixed(1)} px type (floor ${floor.toFixed(1)})`);
      }
    }
    for (const box of document.querySelectorAll('.screen-fit')) {
      if (box.scrollHeight > box.clientHeight + 1) bad.push(`a fitted box scrolls: ${box.scrollHeight} in ${box.clientHeight}`);
    }
    if (document.documentElement.scrollHeight > h + 1) bad.push(`the page scrolls: ${document.documentElement.scrollHeight} in ${h}`);
    return { bad: bad.slice(0, 8), members };
  }, [tiles, inner]);
  assert.ok(found.members > 0, `${name}: names on the screen`);
  assert.deepEqual(found.bad, [], `${name}: ${found.bad.join('; ')}`);
}

/**
 * Checks the current screen at each projector size.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {number} count
 * @param {string} tiles
 * @param {string} inner
 */
async function atEverySize(page, name, count, tiles, inner) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await assertAllFit(page, `${name}-${size.width}x${size.height}`, count, tiles, inner);
  }
}

test('every team, member and new name fits the projector with 1 to 12 teams of 6 and 30 of 1', { timeout: 240_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const ctx = await browser.newContext({ locale: 'nl-NL', viewport: SIZES[0] });
    const screen = await ctx.newPage();
    watch(screen, problems, 'screen');
    for (const { teams, size } of CASES) {
      const label = `${teams}x${size}`;
      const { code, hostKey } = await createRoom(base, 'MZ2B — De ideale les');
      await screen.goto(`${base}/screen?room=${code}`);
      await byTestId(screen, 'screen-code').waitFor({ timeout: UI_TIMEOUT });
      const names = Array.from({ length: teams * size }, (_, i) => `${FIRST[i % 12]} ${LAST[Math.floor(i / 12)]}`);
      await socketPhones(screen, code, names);
      await hostSocket(screen, code, hostKey);
      await hostAct(screen, { type: 'formTeams', formation: { type: 'byCount', count: teams } });
      await hostAct(screen, { type: 'dealRoles' });
      await atEverySize(screen, `teams-${label}`, teams, '[data-testid="screen-team"]', '.nick, [data-testid="screen-team-name"]');

      const activity = await addActivityApi(base, code, hostKey, { kind: 'teamNames', title: 'Onze teamnaam', perPerson: 1, randomTies: true });
      await hostAct(screen, { type: 'setCurrent', activity });
      const input = (/** @type {object} */ body) => ({ type: 'activity', activity, input: { kind: 'teamNames', ...body } });
      await hostAct(screen, input({ type: 'startProposing' }));
      for (let i = 0; i < names.length; i++) {
        const ack = await socketAct(screen, i, input({ type: 'propose', name: `Huiswerkbegeleiders ${'ABCDEFGHJKLMNPQRSTUVWXYZ'[i % 24]}${'abc'[Math.floor(i / 24)]}` }));
        assert.equal(ack.type, 'ack', JSON.stringify(ack));
      }
      await atEverySize(screen, `names-propose-${label}`, teams, '[data-testid="screen-names-team"]', '.name-tile-name, [data-testid="screen-names-members"]');
      await hostAct(screen, input({ type: 'startVoting' }));
      await atEverySize(screen, `names-vote-${label}`, teams, '[data-testid="screen-names-team"]', '.name-tile-name, [data-testid="screen-names-members"]');
      await hostAct(screen, input({ type: 'reveal' }));
      await atEverySize(screen, `names-reveal-${label}`, teams, '[data-testid="screen-name-result"]', '.name-tile-name');
      await screen.setViewportSize(SIZES[0]);
    }
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
