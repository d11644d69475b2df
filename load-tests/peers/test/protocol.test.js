// The peers speak today's protocol: kring-load, which parses every message into kring-protocol's
// Rust types (a missing field is an error, an error fails the run), plays a quiz against each
// peer over real sockets, and every answer must be acknowledged.
//
// Needs the debug kring-load (`cargo build -p kring-load`; or KRING_LOAD=path) and the peers'
// packages (`npm ci` in load-tests/peers, which brings Bun as the `bun` npm package; or BUN=path).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const peers = join(dirname(fileURLToPath(import.meta.url)), "..");
const kringLoad = process.env.KRING_LOAD ?? join(peers, "../../target/debug/kring-load");
const bun = process.env.BUN ?? join(peers, "node_modules/.bin/bun");

/** Starts a peer on a free port; resolves to {url, stop()} once it prints where it listens. */
function startPeer(command, args) {
  const child = spawn(command, [...args, "--port", "0"], { cwd: peers, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start: ${output}`)), 15_000);
    const seen = (chunk) => {
      output += chunk;
      const url = /listening on (http:\/\/[0-9.:]+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, stop, output: () => output });
      }
    };
    child.stdout.on("data", seen);
    child.stderr.on("data", seen);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}: ${output}`));
    });
  });
}

/** Runs kring-load; resolves to {code, stdout, stderr}. */
function runLoad(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(kringLoad, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Plays a small quiz against a peer started with `command args`; asserts nothing was lost. */
async function playQuiz(target, command, args) {
    assert.ok(existsSync(kringLoad), `no kring-load at ${kringLoad}: run cargo build -p kring-load`);
    assert.ok(existsSync(command), `no ${target} at ${command}: run npm ci in load-tests/peers`);
    const peer = await startPeer(command, args);
    try {
      const run = await runLoad([
        "--url", peer.url, "--target", target, "--scenario", "quiz-burst",
        "--clients", "12", "--rooms", "2", "--questions", "2", "--ramp-secs", "0.2",
        "--timeout-secs", "30", "--seed", "7",
      ]);
      const summary = run.stdout.trim().split("\n").at(-1);
      assert.equal(run.code, 0, `kring-load failed against ${target}:\n${run.stdout}\n${run.stderr}`);
      // 12 answers per question and 4 host actions per room (current, 2 starts, podium).
      assert.equal(summary, "kring-load: quiz-burst clients=12 rooms=2 sent=32 acked=32 lost=0 errors=0");
    } finally {
      await peer.stop();
    }
}

for (const [target, command, args] of [
  ["bun", bun, ["bun-server.js"]],
  ["node", process.execPath, ["node-server.js"]],
]) {
  test(`kring-load's quiz runs to the end against the ${target} peer`, () => playQuiz(target, command, args));
}

test("the durable Bun peer commits every acknowledged action to SQLite in WAL mode", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kring-peer-"));
  const file = join(dir, "answers.db");
  try {
    await playQuiz("bun-durable", bun, ["bun-server.js", "--durable", file]);
    // Read the file back with Bun's own SQLite (Node 20 has none).
    const script =
      'import { Database } from "bun:sqlite"; const db = new Database(process.env.DB_FILE, { readonly: true });' +
      'console.log(JSON.stringify([db.query("PRAGMA journal_mode").get().journal_mode,' +
      ' db.query("SELECT count(*) AS n FROM actions").get().n,' +
      ` db.query("SELECT count(*) AS n FROM actions WHERE act LIKE '%\\"answer\\"%'").get().n]));`;
    const [mode, actions, answers] = JSON.parse(execFileSync(bun, ["-e", script], { encoding: "utf8", env: { ...process.env, DB_FILE: file } }));
    assert.deepEqual([mode, actions, answers], ["wal", 32, 24]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
