import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { newRun, startTarget, type Target } from "./target.ts";

// Pagination cursors belong to their query (https://docs.convex.dev/database/pagination):
// another query's cursor fails with InvalidCursor (which usePaginatedQuery recognises and
// restarts from), and a string that is not a cursor fails to parse.

const add = makeFunctionReference<"mutation">("typeImports:add");
const items = makeFunctionReference<"query">("pages:items");
const articles = makeFunctionReference<"query">("pages:articles");
const addArticle = makeFunctionReference<"mutation">("articles:add");

interface Page {
  page: { name: string }[];
  isDone: boolean;
  continueCursor: string;
}

describe("pagination cursors", () => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(async () => {
    await target?.stop();
  });

  const seed = async (run: string, count: number) => {
    const client = target.client();
    for (let i = 0; i < count; i++) await client.mutation(add, { run, name: `item ${i}` });
  };

  test("walks a query's pages with its own cursors", async () => {
    const run = newRun();
    await seed(run, 3);
    const client = target.client();
    const first = (await client.query(items, {
      run,
      paginationOpts: { numItems: 2, cursor: null },
    })) as Page;
    expect(first.page.map((item) => item.name)).toEqual(["item 0", "item 1"]);
    expect(first.isDone).toBe(false);
    const second = (await client.query(items, {
      run,
      paginationOpts: { numItems: 2, cursor: first.continueCursor },
    })) as Page;
    expect(second.page.map((item) => item.name)).toEqual(["item 2"]);
    expect(second.isDone).toBe(true);
  });

  test("a cursor of the same function with other arguments is InvalidCursor", async () => {
    const run = newRun();
    await seed(run, 3);
    const client = target.client();
    const first = (await client.query(items, {
      run,
      paginationOpts: { numItems: 1, cursor: null },
    })) as Page;
    const error = await client
      .query(items, {
        run: newRun(),
        paginationOpts: { numItems: 1, cursor: first.continueCursor },
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<{ paginationError: string }>).data.paginationError).toBe(
      "InvalidCursor",
    );
    expect((error as Error).message).toContain(
      "InvalidCursor: Tried to run a query starting from a cursor, but it looks like this cursor is from a different query.",
    );
  });

  test("a cursor of another table's query is InvalidCursor", async () => {
    const run = newRun();
    const client = target.client();
    await client.mutation(addArticle, { run, title: "a", body: "one" });
    await client.mutation(addArticle, { run, title: "b", body: "two" });
    const page = (await client.query(articles, {
      paginationOpts: { numItems: 1, cursor: null },
    })) as Page;
    const error = await client
      .query(items, { run, paginationOpts: { numItems: 1, cursor: page.continueCursor } })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect((error as ConvexError<{ paginationError: string }>).data?.paginationError).toBe(
      "InvalidCursor",
    );
  });

  test("a string that is not a cursor fails to parse", async () => {
    await expect(
      target
        .client()
        .query(items, { run: newRun(), paginationOpts: { numItems: 1, cursor: "not a cursor" } }),
    ).rejects.toThrow(/Failed to parse cursor/);
  });
});
