import type { ConvexClient } from "convex/browser";
import { ConvexError, type Value } from "convex/values";
import { afterEach, describe, expect, it } from "vitest";
import type { LocalConvex } from "../src/index.ts";
import { fn, newClient, startChat, waitFor, watch } from "./helpers.ts";

type Message = { _id: string; body: string; channel: string };

let server: LocalConvex | undefined;
const clients: ConvexClient[] = [];

function client(url: string): ConvexClient {
  const c = newClient(url);
  clients.push(c);
  return c;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server?.stop();
  server = undefined;
});

describe("ConvexClient against local-convex", () => {
  it("pushes a mutation to a subscriber, and resolves the mutation once the write is visible", async () => {
    server = await startChat();
    const writer = client(server.url);
    const reader = client(server.url);
    const seen = watch<Message[]>(reader, fn.list, { channel: "general" });
    const own = watch<Message[]>(writer, fn.list, { channel: "general" });
    await waitFor("first result", () => (seen.latest()?.length === 0 ? true : undefined));

    const id = await writer.mutation(fn.send, { channel: "general", author: "ada", body: "hello" });
    // The writer's own subscription already shows the write when the promise resolves.
    expect(own.latest()?.map((m) => m._id)).toEqual([id]);
    const pushed = await waitFor("push", () => (seen.latest()?.length ? seen.latest() : undefined));
    expect(pushed[0]).toMatchObject({ _id: id, body: "hello", channel: "general" });
    // Another channel's subscription did not change.
    expect(await writer.query(fn.list, { channel: "random" })).toEqual([]);
  });

  it("runs actions with runQuery, runMutation and runAction, and shows their writes", async () => {
    server = await startChat();
    const c = client(server.url);
    const seen = watch<Message[]>(c, fn.list, { channel: "ops" });
    const result = await c.action(fn.sendViaAction, { channel: "ops", body: "deploy" });
    expect(result).toMatchObject({ total: 1, echoed: "echo:deploy" });
    const pushed = await waitFor("action write", () =>
      seen.latest()?.length ? seen.latest() : undefined,
    );
    expect(pushed[0]?.body).toBe("deploy");
  });

  it("gives ConvexError data for failed mutations, queries and actions", async () => {
    server = await startChat();
    const c = client(server.url);
    const failure = await c.mutation(fn.reject, { reason: "full" }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConvexError);
    expect((failure as ConvexError<Value>).data).toEqual({ code: "REJECTED", reason: "full" });

    const queryFailure = await c.query(fn.rejectQuery, {}).catch((e: unknown) => e);
    expect((queryFailure as ConvexError<Value>).data).toEqual({ code: "NOPE", where: "query" });

    const actionFailure = await c.action(fn.rejectAction, {}).catch((e: unknown) => e);
    expect((actionFailure as ConvexError<Value>).data).toBe("action refused");

    const crash = await c.mutation(fn.crash, {}).catch((e: unknown) => e);
    expect(crash).not.toBeInstanceOf(ConvexError);
    expect(String(crash)).toContain("plain failure");
  });

  it("refuses internal functions to clients", async () => {
    server = await startChat();
    const c = client(server.url);
    const error = await c
      .mutation(fn.internalSend, { channel: "x", body: "sneaky" })
      .catch((e: unknown) => e);
    expect(String(error)).toContain("Could not find public function for 'messages:internalSend'");
    expect(await c.query(fn.count, {})).toBe(0);
  });

  it("reconnects after the server drops the socket and resumes its queries", async () => {
    server = await startChat();
    const reader = client(server.url);
    const writer = client(server.url);
    const seen = watch<Message[]>(reader, fn.list, { channel: "general" });
    await waitFor("first result", () => seen.latest());
    for (const connection of server.connections()) connection.drop();
    await writer.mutation(fn.send, { channel: "general", author: "bob", body: "after drop" });
    const pushed = await waitFor(
      "push after reconnect",
      () => (seen.latest()?.length ? seen.latest() : undefined),
      15_000,
    );
    expect(pushed[0]?.body).toBe("after drop");
    expect(reader.connectionState().connectionCount).toBeGreaterThan(1);
  });

  it("keeps an idle client connected with Pings (and without them it would reconnect)", async () => {
    const idleConnections = async (pingIntervalMs: number) => {
      server = await startChat({ pingIntervalMs });
      const c = client(server.url);
      // The client's 60 s inactivity threshold, shortened so the test need not wait a minute.
      (
        c.client as unknown as { webSocketManager: { serverInactivityThreshold: number } }
      ).webSocketManager.serverInactivityThreshold = 500;
      await c.query(fn.count, {});
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const count = c.connectionState().connectionCount;
      await c.close();
      await server.stop();
      server = undefined;
      return count;
    };
    expect(await idleConnections(100)).toBe(1);
    expect(await idleConnections(60_000)).toBeGreaterThan(1);
  });

  it("updates many clients from one write", async () => {
    server = await startChat();
    const url = server.url;
    const readers = Array.from({ length: 25 }, () => client(url));
    const watches = readers.map((r) => watch<Message[]>(r, fn.list, { channel: "all" }));
    await waitFor("all subscribed", () => (watches.every((w) => w.latest()) ? true : undefined));
    await readers[0]?.mutation(fn.send, { channel: "all", author: "a", body: "broadcast" });
    await waitFor("all pushed", () =>
      watches.every((w) => w.latest()?.[0]?.body === "broadcast") ? true : undefined,
    );
    // One run served every identical subscription.
    expect(server.backend.subscriptions.groupCount).toBe(1);
  });

  it("forwards a query's log lines to the client", async () => {
    server = await startChat();
    const lines: string[] = [];
    const { ConvexClient } = await import("convex/browser");
    const c = new ConvexClient(server.url, {
      logger: {
        log: (...args: unknown[]) => lines.push(args.join(" ")),
        logVerbose: () => {},
        warn: () => {},
        error: () => {},
      },
    });
    clients.push(c);
    expect(await c.query(fn.logged, { word: "hi" })).toBe("HI");
    expect(lines.some((l) => l.includes("[CONVEX Q(messages:logged)]") && l.includes("'hi'"))).toBe(
      true,
    );
  });

  it("keeps a loaded page's rows when rows are inserted above it (pagination journals)", async () => {
    server = await startChat();
    const c = client(server.url);
    await c.mutation(fn.sendMany, { channel: "p", count: 5 });
    const results: { results: Message[]; status: string }[] = [];
    c.onPaginatedUpdate_experimental(fn.page, { channel: "p" }, { initialNumItems: 2 }, (r) =>
      results.push(r as never),
    );
    // The first callbacks can be the loading state: wait for the loaded page itself.
    const first = await waitFor("first page", () =>
      results.at(-1)?.status === "CanLoadMore" ? results.at(-1) : undefined,
    );
    expect(first.results.map((m) => m.body)).toEqual(["seed 4", "seed 3"]);
    expect(first.status).toBe("CanLoadMore");

    await c.mutation(fn.send, { channel: "p", author: "z", body: "newest" });
    const grown = await waitFor("page grows", () =>
      results.at(-1)?.results[0]?.body === "newest" ? results.at(-1) : undefined,
    );
    // The page is pinned at its first end cursor: nothing falls out of it.
    expect(grown.results.map((m) => m.body)).toEqual(["newest", "seed 4", "seed 3"]);

    (grown as unknown as { loadMore(n: number): boolean }).loadMore(10);
    const all = await waitFor("rest", () =>
      results.at(-1)?.status === "Exhausted" ? results.at(-1) : undefined,
    );
    expect(all.results.map((m) => m.body)).toEqual([
      "newest",
      "seed 4",
      "seed 3",
      "seed 2",
      "seed 1",
      "seed 0",
    ]);
  });
});
