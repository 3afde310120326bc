import { describe, expect, it } from "vitest";
import { loadApp } from "../src/app.ts";
import type { DocumentChange } from "../src/commits.ts";
import { Engine } from "../src/engine.ts";
import { CHAT_FUNCTIONS } from "./helpers.ts";

async function run(engine: Engine, kind: "query" | "mutation" | "action", path: string, args = {}) {
  const { outcome } = await engine.run(kind, path, args as never, null);
  if (!outcome.success) throw new Error(outcome.errorMessage);
  return outcome.value;
}

describe("the commit feed", () => {
  it("reports each committed document once, with its state before and after", async () => {
    const engine = await Engine.create(await loadApp(CHAT_FUNCTIONS), () => {});
    const commits: DocumentChange[][] = [];
    engine.commits.listen((changes) => commits.push(changes));
    try {
      const id = (await run(engine, "mutation", "messages:send", {
        channel: "a",
        author: "x",
        body: "one",
      })) as string;
      expect(commits).toHaveLength(1);
      expect(commits[0]).toEqual([
        { id, table: "messages", before: null, after: expect.objectContaining({ body: "one" }) },
      ]);

      await run(engine, "mutation", "messages:move", { id, channel: "b", body: "two" });
      expect(commits[1]).toEqual([
        {
          id,
          table: "messages",
          before: expect.objectContaining({ channel: "a", body: "one" }),
          after: expect.objectContaining({ channel: "b", body: "two" }),
        },
      ]);

      await run(engine, "mutation", "messages:remove", { id });
      expect(commits[2]).toEqual([
        { id, table: "messages", before: expect.objectContaining({ body: "two" }), after: null },
      ]);

      // An action's mutations commit on their own; a query or a failed mutation commits nothing.
      await run(engine, "action", "actions:sendViaAction", { channel: "c", body: "three" });
      await run(engine, "query", "messages:list", { channel: "c" });
      await engine.run("mutation", "messages:reject", { reason: "no" }, null);
      expect(
        commits
          .slice(3)
          .flat()
          .map((c) => c.table),
      ).toEqual(["messages"]);
    } finally {
      engine.close();
    }
  });
});
