import type { Value } from "convex/values";
import { describe, expect, it } from "vitest";
import { loadApp } from "../src/app.ts";
import { Engine } from "../src/engine.ts";
import { CHAT_FUNCTIONS } from "./helpers.ts";

type Message = { _id: string; _creationTime: number; channel: string; body: string };

/** What messages:list must return, computed straight from the stored documents. */
function expectedList(engine: Engine, channel: string): Message[] {
  return Object.values(engine.db._documents as Record<string, Record<string, Value>>)
    .map((doc) => doc as unknown as Message)
    .filter((doc) => doc._id.endsWith("messages") && doc.channel === channel)
    .sort((a, b) => b._creationTime - a._creationTime)
    .slice(0, 20);
}

async function value(engine: Engine, kind: "query" | "mutation", path: string, args: object) {
  const { outcome } = await engine.run(kind, path, args as never, null);
  if (!outcome.success) throw new Error(outcome.errorMessage);
  return outcome.value;
}

describe("the index cache", () => {
  it("answers like a full scan after inserts, moves out of and into a range, and deletes", async () => {
    const engine = await Engine.create(await loadApp(CHAT_FUNCTIONS), () => {});
    try {
      await value(engine, "mutation", "messages:sendMany", { channel: "a", count: 30 });
      await value(engine, "mutation", "messages:sendMany", { channel: "b", count: 5 });
      // Seeds the cached ranges.
      expect(await value(engine, "query", "messages:list", { channel: "a" })).toEqual(
        expectedList(engine, "a"),
      );
      await value(engine, "query", "messages:list", { channel: "b" });

      const fresh = (await value(engine, "mutation", "messages:send", {
        channel: "a",
        author: "x",
        body: "fresh",
      })) as string;
      const top = expectedList(engine, "a");
      expect(top[0]?._id).toBe(fresh);
      expect(await value(engine, "query", "messages:list", { channel: "a" })).toEqual(top);

      const moved = top[3]?._id as string;
      await value(engine, "mutation", "messages:move", { id: moved, channel: "b", body: "moved" });
      await value(engine, "mutation", "messages:remove", { id: top[5]?._id as string });
      for (const channel of ["a", "b"]) {
        expect(await value(engine, "query", "messages:list", { channel })).toEqual(
          expectedList(engine, channel),
        );
      }
      const inB = (await value(engine, "query", "messages:list", { channel: "b" })) as Message[];
      expect(inB.find((m) => m._id === moved)?.body).toBe("moved");
      expect(await value(engine, "query", "messages:count", {})).toBe(35);
    } finally {
      engine.close();
    }
  });
});
