// Shared helpers of the browser tests: the real server binary (on a free port, with its own
// data dir), Debian's chromium driven by playwright-core, and small waits and checks.
//
// KRING_BIN overrides the binary (default ../target/debug/kring), CHROMIUM the browser.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const webClient = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = process.env.KRING_BIN ?? path.resolve(webClient, '../target/debug/kring');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
/** Longest wait for anything the UI should show (the whole file must stay under 90 s). */
export const UI_TIMEOUT = 8_000;

/**
 * Starts the server (on a free port with a fresh data dir unless given); resolves once it listens.
 * @param {{ addr?: string, dataDir?: string }} [options]
 */
export async function startServer(options = {}) {
  const dataDir = options.dataDir ?? await mkdtemp(path.join(tmpdir(), 'kring-web-test-'));
  const proc = spawn(BIN, ['--addr', options.addr ?? '127.0.0.1:0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' },
  });
  let stderr = '';
  proc.stderr.on('data', (chunk) => { stderr += chunk; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 15 s\n${stderr}`)), 15_000);
    proc.on('error', (err) => { clearTimeout(timer); reject(err); });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}\n${stderr}`)); });
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const m = /kring listening on (http:\/\/\S+)/.exec(line);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    });
  });
  /** Stops the process (graceful: SIGTERM, then SIGKILL after 5 s). */
  async function kill() {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  return {
    url: /** @type {string} */ (url),
    dataDir,
    kill,
    /** Stops the process and removes the data dir. */
    async stop() {
      await kill();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Launches chromium.
 * @param {string[]} [args]  more command-line switches (a host resolver rule, say)
 */
export async function launch(args = []) {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', ...args] });
}

/**
 * Watches a page for JavaScript dialogs (an XSS would open one) and uncaught errors.
 * @param {import('playwright-core').Page} page
 * @param {string[]} problems
 * @param {string} name
 */
export function watch(page, problems, name) {
  page.on('dialog', (d) => { problems.push(`${name}: dialog ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
}

/** @param {import('playwright-core').Locator} locator @param {string | RegExp} text */
export async function seeText(locator, text) {
  await locator.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const deadline = Date.now() + UI_TIMEOUT;
  for (;;) {
    const got = (await locator.textContent()) ?? '';
    if (typeof text === 'string' ? got.includes(text) : text.test(got)) return got;
    if (Date.now() > deadline) assert.fail(`expected ${text} in "${got}"`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** @param {import('playwright-core').Page} page @param {string} testid */
export function byTestId(page, testid) {
  return page.locator(`[data-testid="${testid}"]`);
}

/**
 * Clicks and returns the file the page downloads: its suggested name and its bytes.
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').Locator} button
 */
export async function downloadFrom(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: UI_TIMEOUT }), button.click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(file) };
}

/**
 * A small RFC 4180 parser (quotes, doubled quotes, separators and newlines inside quotes).
 * @param {string} text
 * @param {string} sep
 */
export function parseCsv(text, sep) {
  /** @type {string[][]} */
  const rows = [];
  /** @type {string[]} */
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const AXE = path.join(webClient, 'node_modules', 'axe-core', 'axe.min.js');
/** @type {Promise<string> | null} */
let axeLoaded = null;
/** axe-core's source, read once. */
function axeSource() {
  axeLoaded ??= readFile(AXE, 'utf8');
  return axeLoaded;
}

/**
 * Checks the page's text contrast with axe-core (WCAG 2 AA: 4.5:1, 3:1 for large text) and
 * fails with every offending element and its colours.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function checkContrast(page, name) {
  // Evaluated, not added as a <script>: the pages' CSP refuses inline scripts, and a test
  // must not weaken it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource());
  const violations = await page.evaluate(async () => {
    // @ts-ignore: injected above
    const result = await window.axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] } });
    return result.violations.flatMap((/** @type {any} */ v) => v.nodes.map((/** @type {any} */ n) => `${n.target.join(' ')}: ${n.any.map((/** @type {any} */ a) => a.message).join('; ')}`));
  });
  assert.deepEqual(violations, [], `${name}: text below WCAG AA contrast`);
}

/**
 * Saves a screenshot under `web-client/tests/screenshots/` (not committed), checks that every
 * element matching `selectors` lies inside the viewport (nothing needed is cut off or below the
 * fold) and that all text passes WCAG AA contrast ([`checkContrast`]).
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {string[]} selectors
 */
export async function screenshot(page, name, selectors = []) {
  await mkdir(path.join(webClient, 'tests', 'screenshots'), { recursive: true });
  await page.screenshot({ path: path.join(webClient, 'tests', 'screenshots', `${name}.png`) });
  const size = page.viewportSize();
  assert.ok(size, 'a viewport');
  for (const selector of selectors) {
    const boxes = await page.locator(selector).evaluateAll((nodes) => nodes.map((n) => {
      const r = n.getBoundingClientRect();
      return { top: r.top, left: r.left, bottom: r.bottom, right: r.right };
    }));
    assert.ok(boxes.length > 0, `${name}: ${selector} is on the page`);
    for (const b of boxes) {
      assert.ok(b.top >= -1 && b.left >= -1 && b.bottom <= size.height + 1 && b.right <= size.width + 1,
        `${name}: ${selector} at ${JSON.stringify(b)} is outside the ${size.width}×${size.height} viewport`);
    }
  }
  await checkContrast(page, name);
}

/**
 * Groups the phones by the team name their team card shows.
 * @param {import('playwright-core').Page[]} phones
 * @returns {Promise<Record<string, import('playwright-core').Page[]>>}
 */
export async function teamOfPhones(phones) {
  /** @type {Record<string, import('playwright-core').Page[]>} */
  const teams = {};
  for (const phone of phones) {
    const name = ((await byTestId(phone, 'my-team-name').textContent()) ?? '').trim();
    (teams[name] ??= []).push(phone);
  }
  assert.equal(Object.keys(teams).length, 2);
  return teams;
}

/**
 * Fails when a console at a phone's width scrolls sideways or squeezes the cards matching
 * `cards` so that their text (`text` inside each) gets less than 70 % of the card's width
 * (words would break mid-word in a narrow column beside the buttons).
 * @param {import('playwright-core').Page} page
 * @param {string} [cards]
 * @param {string} [text]
 */
export async function assertConsoleFitsPhone(page, cards = 'none', text = 'none') {
  await page.setViewportSize({ width: 360, height: 740 });
  const { sw, w, squeezed, wide } = await page.evaluate(([cardSel, textSel]) => ({
    sw: document.documentElement.scrollWidth,
    w: innerWidth,
    squeezed: [...document.querySelectorAll(cardSel)].filter((card) => {
      const inner = card.querySelector(textSel);
      return inner && inner.getBoundingClientRect().width < 0.7 * card.getBoundingClientRect().width;
    }).length,
    // What sticks out, to say so.
    wide: [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > innerWidth + 1)
      .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.getAttribute('data-testid') ?? ''}`),
  }), [cards, text]);
  assert.ok(sw <= w + 1, `the console scrolls sideways at 360: ${sw} (${wide.join('; ')})`);
  assert.equal(squeezed, 0, `cards whose text is squeezed beside their buttons at 360 (${cards})`);
}

/**
 * Waits until `check` holds (polling), or fails after the UI timeout.
 * @param {() => Promise<boolean>} check
 */
export async function waitUntil(check) {
  const deadline = Date.now() + UI_TIMEOUT;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Opens the host console (1366×768, English), creates a room titled `title` and opens its
 * projector (1920×1080); resolves once the projector shows the room's code.
 * @param {import('playwright-core').Browser} browser
 * @param {string} base
 * @param {string} title
 * @param {string[]} problems
 */
export async function openRoom(browser, base, title, problems) {
  const hostCtx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 768 } });
  const host = await hostCtx.newPage();
  watch(host, problems, 'host');
  await host.goto(`${base}/host`);
  await byTestId(host, 'create-title').fill(title);
  await byTestId(host, 'create-submit').click();
  const code = (await seeText(byTestId(host, 'room-code'), /^[A-HJKMNP-Z2-9]{6}$/)).trim();
  const screenHref = await byTestId(host, 'open-screen').getAttribute('href');
  const screenCtx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1920, height: 1080 } });
  const screen = await screenCtx.newPage();
  watch(screen, problems, 'screen');
  await screen.goto(new URL(/** @type {string} */ (screenHref), base).href);
  await seeText(byTestId(screen, 'screen-code'), code);
  return { host, screen, code };
}

/**
 * The host key of the room the console has open.
 * @param {import('playwright-core').Page} host
 * @param {string} code
 * @returns {Promise<string>}
 */
export async function hostKeyOf(host, code) {
  return host.evaluate((c) => JSON.parse(localStorage.getItem('kring.hostRooms') ?? '[]').find((/** @type {any} */ r) => r.code === c).hostKey, code);
}

/**
 * Creates a room over the HTTP API (no console page).
 * @param {string} base
 * @param {string} title
 * @returns {Promise<{ code: string, hostKey: string }>}
 */
export async function createRoom(base, title) {
  const res = await fetch(`${base}/api/rooms`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title }),
  });
  assert.equal(res.status, 201, `the room is created (${res.status})`);
  return res.json();
}

/**
 * Joins a phone (360×740, Dutch unless `locale` says otherwise) per nickname; resolves once
 * every phone shows the lobby.
 * @param {import('playwright-core').Browser} browser
 * @param {string} base
 * @param {string} code
 * @param {string[]} names
 * @param {string[]} problems
 * @param {string} [locale]
 */
export async function joinPhones(browser, base, code, names, problems, locale = 'nl-NL') {
  const phones = [];
  for (const name of names) {
    const ctx = await browser.newContext({ ...PHONE, locale });
    const page = await ctx.newPage();
    watch(page, problems, `phone ${name}`);
    await page.goto(`${base}/?room=${code}`);
    await byTestId(page, 'join-nickname').fill(name);
    await byTestId(page, 'join-submit').click();
    await byTestId(page, 'lobby').waitFor({ timeout: UI_TIMEOUT });
    phones.push(page);
  }
  return phones;
}

/**
 * A room (`openRoom`) with a phone per nickname (`joinPhones`) that the host forms into two
 * teams at random (in the console's Teams tab, left open); resolves once the console shows
 * both teams.
 * @param {import('playwright-core').Browser} browser
 * @param {string} base
 * @param {string[]} names
 * @param {string[]} problems
 */
export async function twoTeams(browser, base, names, problems) {
  const { host, screen, code } = await openRoom(browser, base, 'MZ2B — De ideale les', problems);
  const phones = await joinPhones(browser, base, code, names, problems);
  await seeText(byTestId(host, 'participant-count'), String(names.length));
  await showTab(host, 'teams');
  await byTestId(host, 'team-method-byCount').check();
  await byTestId(host, 'team-count').fill('2');
  await byTestId(host, 'form-teams').click();
  await host.locator('[data-testid="host-team"]').nth(1).waitFor({ timeout: UI_TIMEOUT });
  return { host, screen, code, phones };
}

/**
 * Students over plain WebSockets from inside `page` (no page per phone): joins one socket per
 * nickname to room `code` and keeps them on the page, so that `socketAct` can send their
 * actions. Resolves with their participant ids, in order.
 * @param {import('playwright-core').Page} page  any page of the server's origin
 * @param {string} code
 * @param {string[]} names
 * @returns {Promise<number[]>}
 */
export async function socketPhones(page, code, names) {
  return page.evaluate(async ({ code, names }) => {
    const url = `ws://${location.host}/ws?v=1`;
    /** @type {any} */
    const w = window;
    w.kringPhones ??= [];
    /** @type {number[]} */
    const ids = [];
    for (const nickname of names) {
      const ws = new WebSocket(url);
      const id = await new Promise((resolve, reject) => {
        ws.onopen = () => ws.send(JSON.stringify({ type: 'join', room: code, nickname }));
        ws.onerror = reject;
        ws.onmessage = (ev) => {
          const msg = JSON.parse(ev.data);
          if (msg.type === 'welcome') resolve(msg.me.id);
          if (msg.type === 'error') reject(new Error(`${nickname}: ${msg.code}`));
        };
      });
      w.kringPhones.push({ ws, id, n: 0 });
      ids.push(id);
    }
    return ids;
  }, { code, names });
}

/**
 * Sends an action from the socket phone `index` (see `socketPhones`); resolves with the
 * server's answer (`ack` or `error`).
 * @param {import('playwright-core').Page} page
 * @param {number} index
 * @param {object} act
 * @returns {Promise<{ type: string, code?: string }>}
 */
export async function socketAct(page, index, act) {
  return page.evaluate(({ index, act }) => {
    /** @type {any} */
    const phone = /** @type {any} */ (window).kringPhones[index];
    const id = `p${index}-${phone.n++}`;
    return new Promise((resolve) => {
      /** @param {MessageEvent} ev */
      const on = (ev) => {
        const msg = JSON.parse(ev.data);
        if ((msg.type === 'ack' && msg.id === id) || (msg.type === 'error' && msg.ref === id)) {
          phone.ws.removeEventListener('message', on);
          resolve(msg);
        }
      };
      phone.ws.addEventListener('message', on);
      phone.ws.send(JSON.stringify({ type: 'act', id, act }));
    });
  }, { index, act });
}

/**
 * Adds an activity over the HTTP API; resolves with its id.
 * @param {string} base
 * @param {string} code
 * @param {string} hostKey
 * @param {object} spec
 * @returns {Promise<number>}
 */
export async function addActivityApi(base, code, hostKey, spec) {
  const res = await fetch(`${base}/api/rooms/${code}/activities`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${hostKey}` }, body: JSON.stringify(spec),
  });
  const body = await res.text();
  assert.equal(res.status, 201, body);
  return JSON.parse(body).id;
}

/**
 * Opens one of the console's tabs (agenda, participants, teams, room) and waits for its panel.
 * @param {import('playwright-core').Page} host
 * @param {'agenda' | 'participants' | 'teams' | 'room'} tab
 */
export async function showTab(host, tab) {
  await byTestId(host, `tab-${tab}`).click();
  await byTestId(host, `tab-panel-${tab}`).waitFor({ timeout: UI_TIMEOUT });
}

/**
 * Fails unless every control of what runs now (the run panel's flow controls and its "back to
 * the lobby") lies inside the viewport, and the page itself does not scroll.
 * @param {import('playwright-core').Page} host
 * @param {string} name  what is checked, for the message
 */
export async function assertRunControlsInView(host, name) {
  const { boxes, scroll, w, h } = await host.evaluate(() => ({
    boxes: [...document.querySelectorAll('[data-testid="flow-controls"] button, [data-testid="back-to-lobby"], [data-testid="wall-carry"] :is(summary, input, button)')]
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { text: el.textContent?.trim() ?? '', top: r.top, left: r.left, bottom: r.bottom, right: r.right };
      }),
    scroll: { x: scrollX, y: scrollY, height: document.documentElement.scrollHeight },
    w: innerWidth,
    h: innerHeight,
  }));
  assert.ok(boxes.length > 0, `${name}: controls on the page`);
  assert.ok(scroll.y === 0 && scroll.x === 0, `${name}: the page was scrolled`);
  assert.ok(scroll.height <= h + 1, `${name}: the page scrolls (${scroll.height} px in ${h})`);
  for (const b of boxes) {
    assert.ok(b.top >= 0 && b.left >= 0 && b.bottom <= h + 1 && b.right <= w + 1,
      `${name}: "${b.text}" at ${Math.round(b.top)}–${Math.round(b.bottom)} px is outside the ${w}×${h} viewport`);
  }
}
