import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { newRun, startTarget, type Target } from "./target.ts";

// HTTP actions as https://docs.convex.dev/functions/http-actions documents them: served on
// the deployment's site origin (CONVEX_SITE_URL), routed by exact path, path prefix and
// method; request and response bodies up to 20 MB ("Limits"); writes made through
// ctx.runMutation are visible to queries once the response is back.

const names = makeFunctionReference<"query", { run: string }, string[]>("typeImports:names");

describe("HTTP actions", () => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(async () => {
    await target?.stop();
  });

  const site = (path: string, init?: RequestInit) => fetch(`${target.siteUrl}${path}`, init);

  test("an exact route gets the request's method, headers and body, and answers as it says", async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const response = await site("/echo", {
      method: "POST",
      headers: { "Content-Type": "application/x-test", "X-Test": "hello" },
      body: bytes,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-echo")).toBe("hello");
    expect(response.headers.get("content-type")).toBe("application/x-test");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });

  test("the functions see CONVEX_SITE_URL: the origin they are served on", async () => {
    const response = await site("/site");
    expect((await response.text()).replace(/\/+$/, "")).toBe(target.siteUrl);
  });

  test("a prefix route takes every path under it, with its query string", async () => {
    const response = await site("/prefix/a/b?q=x%20y");
    expect(await response.json()).toEqual({ path: "/prefix/a/b", query: "x y" });
  });

  test("an unrouted path or a method with no route is 404", async () => {
    expect((await site("/nothing-here")).status).toBe(404);
    expect((await site("/echo", { method: "GET" })).status).toBe(404);
  });

  test("the API origin does not serve HTTP actions", async () => {
    if (target.siteUrl === target.url) throw new Error("the site must be its own origin");
    expect((await fetch(`${target.url}/echo`, { method: "POST", body: "x" })).status).toBe(404);
  });

  test("a write through ctx.runMutation is visible once the response is back", async () => {
    const run = newRun();
    const response = await site("/items", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ run, name: "from http" }),
    });
    expect(response.status).toBe(204);
    expect(await target.http().query(names, { run })).toEqual(["from http"]);
  });

  test("an uncaught error is a 500 that does not show the error to the caller", async () => {
    const response = await site("/throw");
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("secret detail");
  });

  test("a request body over 20 MB is refused before the handler runs", async () => {
    const response = await site("/echo", { method: "POST", body: new Uint8Array(20_000_001) });
    expect(response.status).toBe(413);
  });

  test("a streamed request body over 20 MB (no length given) is refused too", async () => {
    const chunk = new Uint8Array(1_000_000);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 20) controller.close();
        else controller.enqueue(chunk);
        sent += 1;
      },
    });
    const response = await site("/echo", {
      method: "POST",
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  test("a response body over 20 MB is not delivered", async () => {
    const response = await site("/big");
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect((await response.arrayBuffer()).byteLength).toBeLessThan(20_000_000);
  });
});
