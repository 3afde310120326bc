import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { LocalConvex } from "../src/index.ts";
import { CHAT_FUNCTIONS, fn, startChat, storedIds, waitFor } from "./helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "local-convex-"));
let server: LocalConvex | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Polls a query until `accept` takes its value. */
async function waitForQuery<T>(read: () => Promise<T>, accept: (v: T) => boolean, what: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what} (last value ${JSON.stringify(value)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("scheduler, crons and the store", () => {
  it("runs scheduled functions on real timers and lets them be canceled", async () => {
    server = await startChat();
    const http = new ConvexHttpClient(server.url, { logger: false });
    const runs = await http.mutation(fn.later, { delayMs: 200, source: "soon" });
    const canceled = await http.mutation(fn.later, { delayMs: 400, source: "never" });
    await http.mutation(fn.cancel, { id: canceled });
    await waitForQuery(
      () => http.query(fn.status, { id: runs }),
      (s) => s === "success",
      "job success",
    );
    expect(await http.query(fn.ticks, { source: "soon" })).toBe(1);
    // Well past the canceled job's time, it has not run.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await http.query(fn.status, { id: canceled })).toBe("canceled");
    expect(await http.query(fn.ticks, { source: "never" })).toBe(0);
  });

  it("a write is in the store before any client hears of it (a crash loses nothing acknowledged)", async () => {
    const dataFile = join(dir, "durable.sqlite");
    server = await startChat({ dataFile });
    const sync = new ConvexClient(server.url, { logger: false });
    const http = new ConvexHttpClient(server.url, { logger: false });
    try {
      // Read the file at once, with no stop() and no timer: what a kill -9 would leave.
      const overSocket = await sync.mutation(fn.send, { channel: "d", author: "a", body: "ws" });
      expect(storedIds(dataFile)).toContain(overSocket);
      const overHttp = await http.mutation(fn.send, { channel: "d", author: "a", body: "http" });
      expect(storedIds(dataFile)).toContain(overHttp);
    } finally {
      await sync.close();
    }
  });

  it("keeps documents and still-due scheduled functions across a restart", async () => {
    const dataFile = join(dir, "restart.sqlite");
    server = await startChat({ dataFile });
    let http = new ConvexHttpClient(server.url, { logger: false });
    const id = await http.mutation(fn.send, { channel: "keep", author: "a", body: "persisted" });
    const [before] = await http.query(fn.list, { channel: "keep" });
    const job = await http.mutation(fn.later, { delayMs: 1_500, source: "after-restart" });
    await server.stop();

    server = await startChat({ dataFile });
    http = new ConvexHttpClient(server.url, { logger: false });
    expect(await http.query(fn.list, { channel: "keep" })).toEqual([before]);
    expect(before).toMatchObject({ _id: id });
    expect(await http.query(fn.status, { id: job })).toBe("pending");
    await waitForQuery(
      () => http.query(fn.status, { id: job }),
      (s) => s === "success",
      "restored job",
    );
    expect(await http.query(fn.ticks, { source: "after-restart" })).toBe(1);
    // New ids do not collide with restored ones.
    const next = await http.mutation(fn.send, { channel: "keep", author: "b", body: "new" });
    expect(next).not.toBe(id);
    expect(await http.query(fn.count, {})).toBe(2);
    await server.stop();

    server = await startChat({ dataFile, reset: true });
    http = new ConvexHttpClient(server.url, { logger: false });
    expect(await http.query(fn.count, {})).toBe(0);
    // --reset starts empty but deletes nothing: the old store is renamed aside.
    const [kept] = readdirSync(dir).filter((name) => name.startsWith("restart.sqlite.reset-"));
    expect(kept).toBeDefined();
    expect(storedIds(join(dir, kept as string))).toContain(id);
  });

  it("runs the jobs of crons.ts", async () => {
    server = await startChat({ crons: true });
    const http = new ConvexHttpClient(server.url, { logger: false });
    await waitForQuery(
      () => http.query(fn.ticks, { source: "cron" }),
      (n) => n >= 2,
      "two cron runs",
    );
  });

  it("starts from the command line and prints its URL", async () => {
    const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
    const child = spawn(
      process.execPath,
      [main, "--functions", CHAT_FUNCTIONS, "--port", "0", "--no-crons"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += String(chunk);
      });
      const url = await waitFor("URL on stdout", () => /http:\/\/127\.0\.0\.1:\d+/.exec(out)?.[0]);
      const http = new ConvexHttpClient(url, { logger: false });
      expect(await http.query(fn.count, {})).toBe(0);
    } finally {
      child.kill("SIGTERM");
    }
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
  });
});
