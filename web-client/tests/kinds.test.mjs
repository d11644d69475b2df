// The kind kit's rules for the pages' files, checked without a browser: every kind folder is
// in the KINDS table, and each kind's CSS (css/kinds/<kind>.css) keeps every rule under its
// root class, so no rule of one kind can style another kind's page (a pitches rule once
// leaked onto the wall's cards).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

const here = new URL('..', import.meta.url);
const read = (/** @type {string} */ path) => readFileSync(new URL(path, here), 'utf8');

/** The kinds in the KINDS table, each with whether it has its own CSS. */
function table() {
  const source = read('js/activities/index.js');
  const body = source.slice(source.indexOf('export const KINDS = {'), source.indexOf('\n};', source.indexOf('export const KINDS = {')));
  return [...body.matchAll(/^ {2}(\w+): \{[^}]*?css: (true|false),\n {2}\},/gms)].map((m) => ({ kind: m[1], css: m[2] === 'true' }));
}

/**
 * The selectors of a stylesheet's rules (comments and @keyframes left out; an @media's rules
 * included), one string per selector of a list.
 * @param {string} css
 */
function selectors(css) {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/@keyframes[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g, '');
  /** @type {string[]} */
  const out = [];
  for (const m of text.matchAll(/([^{}]+)\{[^{}]*\}/g)) {
    const head = m[1].replace(/^[\s\S]*@media[^{]*\{/, '').trim();
    if (!head || head.startsWith('@')) continue;
    out.push(...head.split(/,(?![^(]*\))/).map((s) => s.trim()));
  }
  return out;
}

test('every kind folder is in the KINDS table', () => {
  const folders = readdirSync(new URL('js/activities/', here), { withFileTypes: true })
    .filter((d) => d.isDirectory()).map((d) => d.name).sort();
  assert.deepEqual(table().map((k) => k.kind).sort(), folders);
});

test("each kind's CSS keeps every rule under the kind's root class", () => {
  const styled = table().filter((k) => k.css);
  assert.ok(styled.length >= 4, 'the kinds with their own CSS');
  const files = readdirSync(new URL('css/kinds/', here)).sort();
  assert.deepEqual(files, styled.map((k) => `${k.kind}.css`).sort(), 'one file per kind with css: true');
  for (const { kind } of styled) {
    const root = `:where(.kind-${kind})`;
    const all = selectors(read(`css/kinds/${kind}.css`));
    assert.ok(all.length > 0, `${kind}.css has rules`);
    for (const selector of all) {
      const under = selector.startsWith(`${root} `) || selector.startsWith(`main.screen${root} `)
        || selector.startsWith(`body.page-host ${root} `);
      assert.ok(under, `${kind}.css: "${selector}" is not under ${root}`);
    }
  }
});
