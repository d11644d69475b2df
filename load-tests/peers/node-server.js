// Comparison peer on Node with the `ws` package: the shared core (core.js) behind node:http
// and a `ws` WebSocketServer. Usage: `node node-server.js [--port N] [--host H]` (or PORT /
// HOST); prints `node-ws listening on http://HOST:PORT` once it accepts connections.
//
// A broadcast is serialised once into one Buffer and that Buffer is handed to every socket
// (ws frames it per socket). A socket with more than MAX_BUFFERED bytes not yet written is
// closed with 4008, like Kring closes a connection whose queue is full.

import http from "node:http";
import { WebSocketServer } from "ws";
import {
  Audience,
  CLOSE_SLOW_CONSUMER,
  Conn,
  Hub,
  MAX_MESSAGE_BYTES,
  activitiesPath,
  listenOptions,
} from "./core.js";

/** Bytes a socket may have waiting to be written before it counts as too slow. */
const MAX_BUFFERED = 1 << 20;
/** Largest HTTP API body accepted. */
const MAX_BODY = 512 * 1024;
/** How often every socket is pinged (Kring: 25 s). */
const PING_INTERVAL_MS = 25_000;

const { host, port, durable } = listenOptions();
if (durable !== null) throw new Error("the Node peer keeps everything in memory: --durable is Bun's (bun-server.js)");
const hub = new Hub({
  baseUrl: `http://${host}:${port}`,
  fanout(room, audience, text) {
    const bytes = Buffer.from(text);
    const send = (conn) => conn.sendBytes(bytes);
    switch (audience) {
      case Audience.ALL:
        room.phones.forEach(send);
        room.hosts.forEach(send);
        room.screens.forEach(send);
        break;
      case Audience.WATCHERS:
        room.hosts.forEach(send);
        room.screens.forEach(send);
        break;
      case Audience.HOSTS:
        room.hosts.forEach(send);
        break;
      case Audience.SCREENS:
        room.screens.forEach(send);
        break;
    }
  },
});

/** A `ws` socket as the core sees it; a consumer too slow to drain its buffer is closed. */
class WsConn extends Conn {
  send(text) {
    this.sendBytes(text);
  }

  sendBytes(data) {
    const ws = this.ws;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED) {
      this.close(CLOSE_SLOW_CONSUMER);
      return;
    }
    ws.send(data, { binary: false });
  }
}

function json(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

function readJson(req, done) {
  const chunks = [];
  let size = 0;
  req.on("data", (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) {
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on("end", () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      done(null);
      return;
    }
    done(body);
  });
}

const server = http.createServer({ noDelay: true }, (req, res) => {
  const path = req.url.split("?")[0];
  if (req.method === "GET" && path === "/healthz") {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok");
    return;
  }
  if (req.method === "POST" && path === "/api/rooms") {
    readJson(req, (body) => json(res, ...hub.createRoom(body ?? {})));
    return;
  }
  const code = req.method === "POST" ? activitiesPath(path) : null;
  if (code) {
    readJson(req, (body) => {
      if (body === null) json(res, 400, { code: "badRequest", message: "the body is not JSON" });
      else json(res, ...hub.addActivityHttp(code, req.headers.authorization, body));
    });
    return;
  }
  json(res, 404, { code: "notFound", message: "no such page" });
});

const wss = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false,
  maxPayload: MAX_MESSAGE_BYTES,
  clientTracking: true,
});

server.on("upgrade", (req, socket, head) => {
  const url = new URL(req.url, "http://peer");
  if (url.pathname !== "/ws") {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    const conn = new WsConn(ws);
    if (url.searchParams.get("v") !== "1") {
      conn.send(
        JSON.stringify({
          type: "error",
          code: "protocolVersion",
          message: "this page speaks another protocol version than the server (1); reload it",
          ref: null,
        }),
      );
      ws.close(4000);
      return;
    }
    ws.isAlive = true;
    ws.on("pong", () => {
      ws.isAlive = true;
    });
    ws.on("message", (data, isBinary) => {
      ws.isAlive = true;
      if (isBinary) {
        conn.send(JSON.stringify({ type: "error", code: "badMessage", message: "send JSON text messages", ref: null }));
        return;
      }
      hub.message(conn, data.toString("utf8"));
    });
    ws.on("close", () => hub.closed(conn));
    ws.on("error", () => {});
  });
});

// Ping every socket; one that answered nothing since the last round is dropped.
const pinger = setInterval(() => {
  for (const ws of wss.clients) {
    if (!ws.isAlive) {
      ws.terminate();
      continue;
    }
    ws.isAlive = false;
    ws.ping();
  }
}, PING_INTERVAL_MS);

server.listen({ host, port, backlog: 4096 }, () => {
  const address = server.address();
  hub.baseUrl = `http://${host}:${address.port}`;
  console.log(`node-ws listening on http://${host}:${address.port}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    clearInterval(pinger);
    for (const ws of wss.clients) ws.terminate();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
