import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { LocalConvex } from "../src/index.ts";
import { PINNED_CONVEX_VERSION } from "../src/index.ts";
import { decodeTs, encodeTs } from "../src/timestamps.ts";
import { startChat, waitFor } from "./helpers.ts";

let server: LocalConvex | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function open(url: string): Promise<{ socket: WebSocket; messages: Record<string, unknown>[] }> {
  const socket = new WebSocket(url);
  const messages: Record<string, unknown>[] = [];
  socket.onmessage = (event) => messages.push(JSON.parse(String(event.data)));
  return new Promise((resolve, reject) => {
    socket.onopen = () => resolve({ socket, messages });
    socket.onerror = () => reject(new Error(`could not open ${url}`));
  });
}

describe("sync protocol details", () => {
  it("encodes timestamps as u64 little-endian base64", () => {
    expect(encodeTs(1n)).toBe("AQAAAAAAAAA=");
    expect(encodeTs(1n)).toHaveLength(12);
    expect(decodeTs(encodeTs(1_795_000_000_000_000_000n))).toBe(1_795_000_000_000_000_000n);
  });

  it("tells a client of another convex version why it cannot connect", async () => {
    server = await startChat();
    const { messages } = await open(`${server.url.replace("http", "ws")}/api/1.0.0/sync`);
    const fatal = await waitFor("FatalError", () => messages[0]);
    expect(fatal.type).toBe("FatalError");
    expect(String(fatal.error)).toContain(`convex ${PINNED_CONVEX_VERSION}`);
    expect(String(fatal.error)).toContain("1.0.0");
  });

  it("chains versions from zero and pings idle clients", async () => {
    server = await startChat({ pingIntervalMs: 50 });
    const wsUrl = `${server.url.replace("http", "ws")}/api/${PINNED_CONVEX_VERSION}/sync`;
    const { socket, messages } = await open(wsUrl);
    socket.send(
      JSON.stringify({
        type: "Connect",
        sessionId: "s",
        connectionCount: 0,
        lastCloseReason: null,
        clientTs: 0,
      }),
    );
    socket.send(
      JSON.stringify({
        type: "ModifyQuerySet",
        baseVersion: 0,
        newVersion: 1,
        modifications: [{ type: "Add", queryId: 7, udfPath: "messages:count", args: [{}] }],
      }),
    );
    const transition = await waitFor("Transition", () =>
      messages.find((m) => m.type === "Transition"),
    );
    expect(transition.startVersion).toEqual({ querySet: 0, identity: 0, ts: encodeTs(0n) });
    expect(transition).toMatchObject({
      endVersion: { querySet: 1, identity: 0 },
      modifications: [{ type: "QueryUpdated", queryId: 7, value: 0, journal: null }],
    });
    await waitFor("Ping", () => messages.find((m) => m.type === "Ping"));
    socket.close();
  });

  it("serves a 404 for other paths", async () => {
    server = await startChat();
    const response = await fetch(`${server.url}/nothing-here`, { method: "POST" });
    expect(response.status).toBe(404);
  });

  it("runs a mutation re-sent after a reconnect or a restart once, answering with its result", async () => {
    const dir = mkdtempSync(join(tmpdir(), "local-convex-resend-"));
    const dataFile = join(dir, "data.sqlite");
    try {
      server = await startChat({ dataFile });
      const send = {
        type: "Mutation",
        requestId: 1,
        udfPath: "messages:send",
        args: [{ channel: "resend", author: "a", body: "once" }],
      };
      // The same client session on three sockets: first send, then the copy a client
      // re-sends after reconnecting, then again after the server restarted from its file.
      const answers: unknown[] = [];
      for (const restart of [false, false, true]) {
        if (restart) {
          const port = Number(new URL(server.url).port);
          await server.stop();
          server = await startChat({ dataFile, port });
        }
        const wsUrl = `${server.url.replace("http", "ws")}/api/${PINNED_CONVEX_VERSION}/sync`;
        const { socket, messages } = await open(wsUrl);
        socket.send(
          JSON.stringify({
            type: "Connect",
            sessionId: "resend-session",
            connectionCount: 0,
            lastCloseReason: null,
            clientTs: 0,
          }),
        );
        socket.send(JSON.stringify(send));
        const response = await waitFor("MutationResponse", () =>
          messages.find((m) => m.type === "MutationResponse"),
        );
        expect(response).toMatchObject({ requestId: 1, success: true });
        answers.push(response.result);
        socket.close();
      }
      expect(new Set(answers).size).toBe(1);
      const count = await fetch(`${server.url}/api/query`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ path: "messages:count", format: "convex_encoded_json", args: {} }),
      });
      expect(await count.json()).toMatchObject({ status: "success", value: 1 });
    } finally {
      await server?.stop();
      server = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
