import type { ConvexClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, it } from "vitest";
import type { LocalConvex } from "../src/index.ts";
import { fn, newClient, startChat, waitFor, watch } from "./helpers.ts";

// Live queries re-run only when a committed change touches what they read (src/read-set.ts).
// A client's mutation resolves on the Transition that follows the re-runs its write caused,
// so run counts read right after `await mutation(...)` are final.

type Message = { _id: string; body: string; channel: string };

const get = makeFunctionReference<"query">("messages:get");
const latest = makeFunctionReference<"query">("messages:latest");
const move = makeFunctionReference<"mutation">("messages:move");

let server: LocalConvex | undefined;
let c: ConvexClient | undefined;

afterEach(async () => {
  await c?.close();
  await server?.stop();
  server = undefined;
  c = undefined;
});

function runs(udfPath: string): number {
  return server?.backend.subscriptions.runCounts.get(udfPath) ?? 0;
}

async function start(): Promise<ConvexClient> {
  server = await startChat();
  c = newClient(server.url);
  return c;
}

describe("read sets by index range", () => {
  it("does not re-run a query for a write outside its range", async () => {
    const client = await start();
    const a = watch<Message[]>(client, fn.list, { channel: "a" });
    const b = watch<Message[]>(client, fn.list, { channel: "b" });
    await waitFor("both lists", () => (a.latest() && b.latest() ? true : undefined));
    const before = runs("messages:list");

    await client.mutation(fn.send, { channel: "b", author: "x", body: "to b" });
    await waitFor("b sees it", () => (b.latest()?.length === 1 ? true : undefined));
    expect(runs("messages:list")).toBe(before + 1); // b's list only
    expect(a.latest()).toEqual([]);
  });

  it("re-runs the queries a document moves out of and into", async () => {
    const client = await start();
    const id = await client.mutation(fn.send, { channel: "a", author: "x", body: "hello" });
    const a = watch<Message[]>(client, fn.list, { channel: "a" });
    const b = watch<Message[]>(client, fn.list, { channel: "b" });
    const other = watch<Message[]>(client, fn.list, { channel: "other" });
    await waitFor("a holds it", () => (a.latest()?.length === 1 ? true : undefined));
    await waitFor("b, other", () => (b.latest() && other.latest() ? true : undefined));
    const before = runs("messages:list");

    await client.mutation(move, { id, channel: "b", body: "moved" });
    expect(runs("messages:list")).toBe(before + 2); // a (it left) and b (it came), not other
    await waitFor("a empty", () => (a.latest()?.length === 0 ? true : undefined));
    await waitFor("b holds it", () => (b.latest()?.[0]?.body === "moved" ? true : undefined));
    expect(other.latest()).toEqual([]);
  });

  it("re-runs a get-by-id query only for a change of that document", async () => {
    const client = await start();
    const one = await client.mutation(fn.send, { channel: "a", author: "x", body: "one" });
    const two = await client.mutation(fn.send, { channel: "a", author: "x", body: "two" });
    const w1 = watch<Message | null>(client, get, { id: one });
    const w2 = watch<Message | null>(client, get, { id: two });
    await waitFor("both docs", () => (w1.latest() && w2.latest() ? true : undefined));
    const before = runs("messages:get");

    await client.mutation(move, { id: two, channel: "a", body: "two, edited" });
    expect(runs("messages:get")).toBe(before + 1);
    await waitFor("edit seen", () => (w2.latest()?.body === "two, edited" ? true : undefined));
    await client.mutation(fn.send, { channel: "a", author: "x", body: "three" });
    expect(runs("messages:get")).toBe(before + 1);
    expect(w1.latest()?.body).toBe("one");
  });

  it("bounds a .first() read at the document it returned", async () => {
    const client = await start();
    const old = await client.mutation(fn.send, { channel: "a", author: "x", body: "old" });
    await client.mutation(fn.send, { channel: "a", author: "x", body: "new" });
    const w = watch<Message | null>(client, latest, { channel: "a" });
    await waitFor("latest", () => (w.latest()?.body === "new" ? true : undefined));
    const before = runs("messages:latest");

    // An older row changes behind the one returned: the result cannot change.
    await client.mutation(move, { id: old, channel: "a", body: "old, edited" });
    expect(runs("messages:latest")).toBe(before);
    // A newer row lands in front of it: re-run.
    await client.mutation(fn.send, { channel: "a", author: "x", body: "newest" });
    expect(runs("messages:latest")).toBe(before + 1);
    await waitFor("newest", () => (w.latest()?.body === "newest" ? true : undefined));
    // The old row moves out of the range: it was behind the bound, nothing to re-run.
    await client.mutation(move, { id: old, channel: "b", body: "gone" });
    expect(runs("messages:latest")).toBe(before + 1);
  });

  it("keeps a paginated query's pinned page, re-run only by writes in its range", async () => {
    const client = await start();
    await client.mutation(fn.sendMany, { channel: "p", count: 5 });
    const results: { results: Message[]; status: string }[] = [];
    client.onPaginatedUpdate_experimental(fn.page, { channel: "p" }, { initialNumItems: 2 }, (r) =>
      results.push(r as never),
    );
    const first = await waitFor("first page", () =>
      results.at(-1)?.status === "CanLoadMore" ? results.at(-1) : undefined,
    );
    expect(first.results.map((m) => m.body)).toEqual(["seed 4", "seed 3"]);
    const before = runs("messages:page");

    await client.mutation(fn.send, { channel: "elsewhere", author: "z", body: "not here" });
    expect(runs("messages:page")).toBe(before);

    await client.mutation(fn.send, { channel: "p", author: "z", body: "newest" });
    expect(runs("messages:page")).toBe(before + 1);
    const grown = await waitFor("page grows", () =>
      results.at(-1)?.results[0]?.body === "newest" ? results.at(-1) : undefined,
    );
    expect(grown.results.map((m) => m.body)).toEqual(["newest", "seed 4", "seed 3"]);
  });

  it("re-runs a query of _scheduled_functions when the scheduler moves a job", async () => {
    const client = await start();
    const id = await client.mutation(fn.later, { delayMs: 100, source: "s" });
    const status = watch<string | null>(client, fn.status, { id });
    await waitFor("pending", () => (status.values.includes("pending") ? true : undefined));
    // The scheduler's own state changes (not a function's writes) reach the subscriber.
    await waitFor("success", () => (status.latest() === "success" ? true : undefined));
  });
});
