import { ConvexHttpClient } from "convex/browser";
import { ConvexError, type Value } from "convex/values";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalConvex } from "../src/index.ts";
import { PINNED_CONVEX_VERSION } from "../src/index.ts";
import { fn, startChat } from "./helpers.ts";

let server: LocalConvex;
let http: ConvexHttpClient;

beforeAll(async () => {
  server = await startChat();
  http = new ConvexHttpClient(server.url, { logger: false });
});
afterAll(async () => {
  await server.stop();
});

describe("ConvexHttpClient against local-convex", () => {
  it("runs queries, mutations and actions", async () => {
    const id = await http.mutation(fn.send, { channel: "h", author: "ann", body: "via http" });
    const listed = await http.query(fn.list, { channel: "h" });
    expect(listed).toEqual([expect.objectContaining({ _id: id, body: "via http" })]);
    const result = await http.action(fn.sendViaAction, { channel: "h", body: "act" });
    expect(result).toMatchObject({ total: 2, echoed: "echo:act" });
  });

  it("answers HTTP 560 with the ConvexError data on failure", async () => {
    const error = await http.mutation(fn.reject, { reason: "closed" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<Value>).data).toEqual({ code: "REJECTED", reason: "closed" });

    const response = await fetch(`${server.url}/api/mutation`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        path: "messages:reject",
        format: "convex_encoded_json",
        args: [{ reason: "raw" }],
      }),
    });
    expect(response.status).toBe(560);
    expect(await response.json()).toMatchObject({
      status: "error",
      errorData: { code: "REJECTED", reason: "raw" },
      logLines: [],
    });
  });

  it("refuses internal functions and wrong function kinds", async () => {
    const internal = await http
      .mutation(fn.internalSend, { channel: "h", body: "x" })
      .catch((e: unknown) => e);
    expect(String(internal)).toContain("Could not find public function");
    const wrongKind = await http
      .query(fn.send as never, { channel: "h", author: "a", body: "b" } as never)
      .catch((e: unknown) => e);
    expect(String(wrongKind)).toContain("defined as a mutation");
  });

  it("serves /api/function and /api/query_ts", async () => {
    const response = await fetch(`${server.url}/api/function`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        path: "messages:logged",
        format: "convex_encoded_json",
        args: { word: "x" },
      }),
    });
    expect(await response.json()).toEqual({
      status: "success",
      value: "X",
      logLines: ["[LOG] 'said' 'x'"],
    });
    const ts = await fetch(`${server.url}/api/query_ts`, { method: "POST" });
    expect(BigInt(((await ts.json()) as { ts: string }).ts)).toBeGreaterThan(0n);
  });

  it("takes the arguments as an object (documented HTTP API) or wrapped in an array (JS clients)", async () => {
    for (const args of [{ word: "y" }, [{ word: "y" }]]) {
      const response = await fetch(`${server.url}/api/query`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ path: "messages:logged", format: "convex_encoded_json", args }),
      });
      expect(await response.json()).toMatchObject({ status: "success", value: "Y" });
    }
  });

  it("tells a client of another convex version what to do", async () => {
    const response = await fetch(`${server.url}/api/query`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Convex-Client": "npm-0.9.0" },
      body: JSON.stringify({ path: "messages:count", format: "convex_encoded_json", args: [{}] }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(`Install convex@${PINNED_CONVEX_VERSION}`);
  });
});
