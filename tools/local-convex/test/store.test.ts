/**
 * The SQLite store (src/store/): an acknowledged write survives kill -9, a damaged or
 * schema-breaking store is refused and left byte for byte as it was, an old JSON data file
 * is imported once and kept, one server per store (a second refuses, naming the first; a
 * dead server's lock is taken over), and a store of 20k documents loads.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConvexHttpClient } from "convex/browser";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type LocalConvex, startLocalConvex } from "../src/index.ts";
import { DatabaseSync } from "../src/store/sqlite.ts";
import { CHAT_FUNCTIONS, fn, newClient, startChat, storedIds } from "./helpers.ts";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "local-convex-store-"));
let server: LocalConvex | undefined;
const children: ChildProcess[] = [];

afterEach(async () => {
  await server?.stop();
  server = undefined;
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Child {
  child: ChildProcess;
  /** The printed URL, or the exit code and stderr if it stopped first. */
  started: Promise<{ url: string } | { code: number | null; stderr: string }>;
  exited: Promise<number | null>;
}

/** `node src/main.ts --data <file>` in a child process (one server per process). */
function startChild(dataFile: string): Child {
  const child = spawn(
    process.execPath,
    [MAIN, "--functions", CHAT_FUNCTIONS, "--port", "0", "--no-crons", "--data", dataFile],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const started = new Promise<{ url: string } | { code: number | null; stderr: string }>(
    (resolve) => {
      child.stdout?.on("data", (chunk) => {
        stdout += String(chunk);
        const url = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout)?.[0];
        if (url) resolve({ url });
      });
      exited.then((code) => resolve({ code, stderr }));
    },
  );
  return { child, started, exited };
}

async function urlOf(child: Child): Promise<string> {
  const started = await child.started;
  if (!("url" in started)) throw new Error(`server exited ${started.code}: ${started.stderr}`);
  return started.url;
}

/** A store with three messages, written by a server that has stopped. */
async function makeStore(name: string): Promise<{ file: string; ids: string[] }> {
  const file = join(dir, name);
  server = await startChat({ dataFile: file });
  const http = new ConvexHttpClient(server.url, { logger: false });
  const ids: string[] = [];
  for (const body of ["one", "two", "three"]) {
    ids.push(await http.mutation(fn.send, { channel: "c", author: "a", body }));
  }
  await server.stop();
  server = undefined;
  return { file, ids };
}

/** Starting on `file` fails; returns the message. */
async function refusal(file: string): Promise<string> {
  const error = await startChat({ dataFile: file }).then(
    async (started) => {
      server = started;
      throw new Error("the server started on a store it should refuse");
    },
    (e: Error) => e,
  );
  return error.message;
}

function expectHelpfulRefusal(message: string, file: string) {
  expect(message).toContain(file);
  expect(message).toContain("left the file as it is");
  expect(message).toMatch(/restore a good copy/);
  expect(message).not.toMatch(/--reset|delete/i);
}

describe("the SQLite store", () => {
  it("keeps every acknowledged write through a kill -9, then takes over the dead server's lock", async () => {
    const file = join(dir, "killed.sqlite");
    const first = startChild(file);
    const url = await urlOf(first);
    const sync = newClient(url);
    const http = new ConvexHttpClient(url, { logger: false });
    const overSocket = await sync.mutation(fn.send, { channel: "k", author: "a", body: "ws" });
    const overHttp = await http.mutation(fn.send, { channel: "k", author: "a", body: "http" });
    first.child.kill("SIGKILL"); // right after the answers: no stop(), no final save
    await first.exited;
    await sync.close();
    expect(JSON.parse(readFileSync(`${file}.lock`, "utf8"))).toMatchObject({
      pid: first.child.pid,
      url,
    });

    server = await startChat({ dataFile: file });
    const after = new ConvexHttpClient(server.url, { logger: false });
    const bodies = (await after.query(fn.list, { channel: "k" })) as { _id: string }[];
    expect(bodies.map((m) => m._id).sort()).toEqual([overSocket, overHttp].sort());
    expect(JSON.parse(readFileSync(`${file}.lock`, "utf8"))).toMatchObject({
      pid: process.pid,
      url: server.url,
    });
    await server.stop();
    server = undefined;
    expect(existsSync(`${file}.lock`)).toBe(false); // released on stop
  });

  it("refuses a second server on the same store, naming the running one", async () => {
    const file = join(dir, "shared.sqlite");
    const first = startChild(file);
    const url = await urlOf(first);
    const second = startChild(file);
    const result = await second.started;
    expect(result).toMatchObject({ code: 1 });
    const { stderr } = result as { stderr: string };
    expect(stderr).toContain(`${file} is used by local-convex pid ${first.child.pid} at ${url}`);
    expect(stderr).toMatch(/started \d{4}-\d\d-\d\dT/);
    expect(stderr).toContain("stop it first");
    // The first one is untouched and still serves.
    const http = new ConvexHttpClient(url, { logger: false });
    expect(await http.mutation(fn.send, { channel: "s", author: "a", body: "b" })).toBeTruthy();
    // In this process too, while a server holds the store.
    server = await startChat({ dataFile: join(dir, "inprocess.sqlite") });
    await expect(startChat({ dataFile: join(dir, "inprocess.sqlite") })).rejects.toThrow(
      `is used by local-convex pid ${process.pid}`,
    );
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it("takes over a lock whose process is gone", async () => {
    const file = join(dir, "stale.sqlite");
    const dead = spawnSync(process.execPath, ["-e", ""]).pid as number;
    writeFileSync(
      `${file}.lock`,
      JSON.stringify({ pid: dead, url: "http://127.0.0.1:1", startedAt: "x", processStart: "1" }),
    );
    server = await startChat({ dataFile: file });
    expect(JSON.parse(readFileSync(`${file}.lock`, "utf8")).pid).toBe(process.pid);
  });

  it("refuses a damaged store with a clear message and leaves it byte for byte", async () => {
    const { file } = await makeStore("damaged.sqlite");
    const good = readFileSync(file);
    const cases: [string, Buffer][] = [
      ["truncated", good.subarray(0, Math.floor(good.length / 2))],
      [
        "a page overwritten",
        Buffer.concat([good.subarray(0, 4096), Buffer.alloc(4096, 7), good.subarray(8192)]),
      ],
      ["not SQLite", Buffer.from("this is not a database\n".repeat(20))],
      ["empty", Buffer.alloc(0)],
    ];
    for (const [what, bytes] of cases) {
      writeFileSync(file, bytes);
      const message = await refusal(file);
      expectHelpfulRefusal(message, file);
      expect(readFileSync(file).equals(bytes), `${what}: left as it was`).toBe(true);
      expect(existsSync(`${file}.lock`), `${what}: lock released`).toBe(false);
    }
    expect(await refusal(file)).toContain("is empty");
  });

  it("refuses content that breaks the schema, naming the table, id and field", async () => {
    const cases: [string, (sql: DatabaseSync, id: string) => void, RegExp][] = [
      [
        "a missing field",
        (sql, id) =>
          sql
            .prepare("UPDATE documents SET json = json_remove(json, '$.body') WHERE id = ?")
            .run(id),
        /table "messages", id "(\w+)": .*Missing required field `body`/,
      ],
      [
        "a field of the wrong type",
        (sql, id) =>
          sql
            .prepare("UPDATE documents SET json = json_set(json, '$.body', 3) WHERE id = ?")
            .run(id),
        /table "messages", id "(\w+)": .*Expected `string`, got `3`/,
      ],
      [
        "an unknown table",
        (sql) =>
          sql
            .prepare("INSERT INTO documents (id, tbl, json) VALUES (?, 'rooms', ?)")
            .run("99rooms", JSON.stringify({ _id: "99rooms", _creationTime: 1 })),
        /table "rooms", id "99rooms": unknown table/,
      ],
      [
        "a bad _id",
        (sql) =>
          sql.prepare("INSERT INTO documents (id, tbl, json) VALUES ('123', 'messages', ?)").run(
            JSON.stringify({
              _id: "123",
              _creationTime: 1,
              channel: "c",
              author: "a",
              body: "b",
            }),
          ),
        /id "123": bad _id/,
      ],
    ];
    for (const [what, breakIt, expected] of cases) {
      const { file, ids } = await makeStore(
        `schema-${cases.findIndex((c) => c[0] === what)}.sqlite`,
      );
      const sql = new DatabaseSync(file);
      breakIt(sql, ids[1] as string);
      sql.close();
      const before = readFileSync(file);
      const message = await refusal(file);
      expect(message, what).toMatch(expected);
      const named = expected.exec(message)?.[1];
      if (named && named !== "99rooms") expect(named).toBe(ids[1]);
      expect(message).toContain("breaks the schema");
      expect(message).not.toMatch(/--reset|delete/i);
      expect(readFileSync(file).equals(before), what).toBe(true);
    }
  });

  it("checks every document again when the schema changed since the store was last closed", async () => {
    const { file, ids } = await makeStore("schema-changed.sqlite");
    expect(existsSync(`${file}.checked`)).toBe(true); // a clean stop stamps the store
    // The same app with messages.body now a number (inside the repository, for its packages).
    const functionsDir = join(CHAT_FUNCTIONS, "..", `.schema-changed-${process.pid}`);
    cpSync(CHAT_FUNCTIONS, functionsDir, { recursive: true });
    try {
      const schema = join(functionsDir, "schema.ts");
      writeFileSync(
        schema,
        readFileSync(schema, "utf8").replace("body: v.string()", "body: v.number()"),
      );
      const error = await startLocalConvex({ functionsDir, crons: false, dataFile: file }).then(
        async (started) => {
          server = started;
          throw new Error("served documents the new schema refuses");
        },
        (e: Error) => e,
      );
      expect(error.message).toMatch(
        new RegExp(`table "messages", id "(${ids.join("|")})": .*Expected \`number\``),
      );
    } finally {
      rmSync(functionsDir, { recursive: true, force: true });
    }
    // Under the schema it was written with, it still loads.
    server = await startChat({ dataFile: file });
    expect(storedIds(file).sort()).toEqual([...ids].sort());
  });

  it("imports an old JSON data file once and keeps it under another name", async () => {
    const file = join(dir, "old.sqlite");
    const legacy = join(dir, "old.json");
    const doc = (n: number, body: string) => ({
      _id: `${String(n).padStart(16, "0")}messages`,
      _creationTime: 1_700_000_000_000 + n,
      channel: "old",
      author: "a",
      body,
    });
    writeFileSync(
      legacy,
      JSON.stringify({
        format: "local-convex-data/1",
        convexVersion: "1.49.0",
        savedAt: "2026-01-01T00:00:00.000Z",
        nextDocId: 10_003,
        lastCreationTime: 1_700_000_000_002,
        documents: [doc(10_001, 'first "quoted" {brace} [x]'), doc(10_002, "second, é")],
        mutationResults: [["old-session:7", { value: "done", logLines: [] }]],
      }),
    );
    server = await startChat({ dataFile: file });
    const http = new ConvexHttpClient(server.url, { logger: false });
    const bodies = ((await http.query(fn.list, { channel: "old" })) as { body: string }[]).map(
      (m) => m.body,
    );
    expect(bodies.sort()).toEqual(['first "quoted" {brace} [x]', "second, é"]);
    expect(server.backend.mutationResults.get("old-session:7")).toEqual({
      value: "done",
      logLines: [],
    });
    const fresh = await http.mutation(fn.send, { channel: "old", author: "a", body: "new" });
    expect(fresh).toMatch(/^0*10003messages$/);
    await server.stop();
    server = undefined;

    expect(existsSync(legacy)).toBe(false);
    const kept = readdirSync(dir).filter((name) => name.startsWith("old.json.imported-"));
    expect(kept).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, kept[0] as string), "utf8")).documents).toHaveLength(
      2,
    );
    expect(storedIds(file).sort()).toEqual(
      [doc(10_001, "")._id, doc(10_002, "")._id, fresh].sort(),
    );
  });

  it("refuses an old data file with duplicate ids, and makes no store from it", async () => {
    const file = join(dir, "dup.sqlite");
    const legacy = join(dir, "dup.json");
    const message = {
      _id: "0000000000000001messages",
      _creationTime: 1,
      channel: "c",
      author: "a",
      body: "b",
    };
    const text = JSON.stringify({
      format: "local-convex-data/1",
      nextDocId: 2,
      lastCreationTime: 1,
      documents: [message, message],
    });
    writeFileSync(legacy, text);
    const error = await refusal(file);
    expect(error).toContain(legacy);
    expect(error).toMatch(/id "0000000000000001messages": duplicate id/);
    expect(readFileSync(legacy, "utf8")).toBe(text);
    expect(existsSync(file)).toBe(false);
    // Cut short, it is refused as well.
    writeFileSync(legacy, text.slice(0, text.length - 20));
    expect(await refusal(file)).toMatch(/dup\.json is not valid JSON/);
    expect(existsSync(file)).toBe(false);
  });

  it("refuses a journal whose store is missing, and leaves it", async () => {
    const file = join(dir, "orphan.sqlite");
    writeFileSync(`${file}-wal`, "journal bytes");
    const message = await refusal(file);
    expect(message).toContain(`${file}-wal is the journal of a store that is missing`);
    expect(readFileSync(`${file}-wal`, "utf8")).toBe("journal bytes");
    expect(existsSync(file)).toBe(false);
  });

  it("tells a --data path ending in .json to name the .sqlite store instead", async () => {
    const message = await refusal(join(dir, "dev-data.json"));
    expect(message).toContain(`pass --data ${join(dir, "dev-data.sqlite")}`);
  });

  it("loads a store of 20,000 documents", async () => {
    const file = join(dir, "big.sqlite");
    server = await startChat({ dataFile: file });
    const http = new ConvexHttpClient(server.url, { logger: false });
    for (let i = 0; i < 20; i++) await http.mutation(fn.sendMany, { channel: "big", count: 1_000 });
    await server.stop();
    server = await startChat({ dataFile: file });
    const after = new ConvexHttpClient(server.url, { logger: false });
    expect(await after.query(fn.count, {})).toBe(20_000);
  });
});
