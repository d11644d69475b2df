// Comparison peer on Bun: the shared core (core.js) behind Bun.serve, whose WebSockets are
// uWebSockets. Usage: `bun bun-server.js [--port N] [--host H] [--durable FILE]` (or PORT /
// HOST); prints `bun listening on http://HOST:PORT` once it accepts connections.
//
// `--durable FILE` (measured as `kring-load --target bun-durable`): every applied action is
// written to bun:sqlite in FILE (WAL, synchronous=FULL) and acknowledged only after its commit,
// as Kring does. Commits are grouped: the actions that arrive in one turn of the event loop
// share one transaction (one fsync), committed on the next turn (`setImmediate`); while a
// commit blocks the loop, the next group gathers.
//
// Broadcasts use uWebSockets' pub/sub, the fastest fan-out Bun offers: every socket subscribes
// to its room's audiences (`CODE:all`, `CODE:watchers`, …) once it has its welcome, and a
// broadcast is one `server.publish(topic, text)` of a string serialised once. A socket with
// more than 1 MiB waiting to be written is closed (Bun's backpressure limit), like Kring closes
// a connection whose queue is full.

import { Database } from "bun:sqlite";
import { Conn, Hub, MAX_MESSAGE_BYTES, activitiesPath, listenOptions } from "./core.js";

const { host, port, durable } = listenOptions();

/** The durable journal: group commits of applied actions into SQLite (see the top). */
class SqliteJournal {
  constructor(file) {
    this.db = new Database(file, { create: true, strict: true });
    const mode = this.db.query("PRAGMA journal_mode = WAL").get();
    if (mode?.journal_mode !== "wal") throw new Error(`${file}: WAL mode refused (${JSON.stringify(mode)})`);
    this.db.exec("PRAGMA synchronous = FULL");
    this.db.exec(
      "CREATE TABLE IF NOT EXISTS actions (seq INTEGER PRIMARY KEY, room TEXT NOT NULL, " +
        "sender TEXT NOT NULL, action_id TEXT NOT NULL, act TEXT NOT NULL, at INTEGER NOT NULL)",
    );
    const insert = this.db.prepare(
      "INSERT INTO actions (room, sender, action_id, act, at) VALUES (?, ?, ?, ?, ?)",
    );
    this.commitAll = this.db.transaction((rows) => {
      for (const row of rows) insert.run(...row);
    });
    /** [record, done] waiting for the next commit. */
    this.pending = [];
    this.scheduled = false;
  }

  /** Queues a record (or null: nothing to write); `done` runs after the commit that holds it. */
  append(record, done) {
    this.pending.push([record, done]);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush() {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    try {
      this.commitAll(batch.map(([record]) => record).filter((record) => record !== null));
    } catch (error) {
      // Nothing may be acknowledged that is not on disk: stop loudly.
      console.error(`bun: cannot commit to ${durable}: ${error}`);
      process.exit(1);
    }
    for (const [, done] of batch) done();
  }

  /** Commits what is queued and closes the database. */
  close() {
    if (this.pending.length > 0) this.flush();
    this.db.close();
  }
}

const topic = (room, audience) => `${room.code}:${audience}`;

let server;
const hub = new Hub({
  baseUrl: `http://${host}:${port}`,
  fanout(room, audience, text) {
    server.publish(topic(room, audience), text);
  },
  subscribe(conn, room, audience) {
    conn.ws.subscribe(topic(room, audience));
  },
  journal: durable === null ? null : new SqliteJournal(durable),
});

/** A Bun (uWebSockets) socket as the core sees it. */
class BunConn extends Conn {
  send(text) {
    this.ws.send(text);
  }
}

const json = (status, body) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });

async function bodyJson(req) {
  try {
    return await req.json();
  } catch {
    return null;
  }
}

server = Bun.serve({
  hostname: host,
  port,
  async fetch(req, srv) {
    const url = new URL(req.url);
    const path = url.pathname;
    if (path === "/ws") {
      const versionOk = url.searchParams.get("v") === "1";
      if (srv.upgrade(req, { data: { versionOk } })) return undefined;
      return json(400, { code: "badRequest", message: "expected a WebSocket upgrade" });
    }
    if (req.method === "GET" && path === "/healthz") return new Response("ok");
    if (req.method === "POST" && path === "/api/rooms") {
      return json(...hub.createRoom((await bodyJson(req)) ?? {}));
    }
    const code = req.method === "POST" ? activitiesPath(path) : null;
    if (code) {
      const body = await bodyJson(req);
      if (body === null) return json(400, { code: "badRequest", message: "the body is not JSON" });
      return json(...hub.addActivityHttp(code, req.headers.get("authorization"), body));
    }
    return json(404, { code: "notFound", message: "no such page" });
  },
  websocket: {
    perMessageDeflate: false,
    maxPayloadLength: MAX_MESSAGE_BYTES,
    idleTimeout: 75,
    sendPings: true,
    backpressureLimit: 1 << 20,
    closeOnBackpressureLimit: true,
    open(ws) {
      ws.data.conn = new BunConn(ws);
      if (!ws.data.versionOk) {
        ws.send(
          JSON.stringify({
            type: "error",
            code: "protocolVersion",
            message: "this page speaks another protocol version than the server (1); reload it",
            ref: null,
          }),
        );
        ws.close(4000);
      }
    },
    message(ws, message) {
      if (typeof message !== "string") {
        ws.send(JSON.stringify({ type: "error", code: "badMessage", message: "send JSON text messages", ref: null }));
        return;
      }
      hub.message(ws.data.conn, message);
    },
    close(ws) {
      hub.closed(ws.data.conn);
    },
  },
});

hub.baseUrl = `http://${host}:${server.port}`;
console.log(`bun listening on http://${host}:${server.port}${durable === null ? "" : ` (durable: ${durable})`}`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.stop(true);
    hub.journal?.close();
    process.exit(0);
  });
}
