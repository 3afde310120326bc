import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { newRun, startTarget, type Target } from "./target.ts";

// Text search as https://docs.convex.dev/search/text-search describes it: terms split at
// punctuation and whitespace, case-insensitive, the last term a prefix, relevance order
// (BM25; newest first among equals), 16 terms per query, terms under 32 bytes.

const add = makeFunctionReference<"mutation">("articles:add");
const search = makeFunctionReference<"query">("articles:search");
const searchPage = makeFunctionReference<"query">("articles:searchPage");

describe("text search", () => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(async () => {
    await target?.stop();
  });

  /** A fresh run with these articles (title → body), inserted in order. */
  const seed = async (articles: Record<string, string>) => {
    const run = newRun();
    const client = target.client();
    for (const [title, body] of Object.entries(articles)) {
      await client.mutation(add, { run, title, body });
    }
    const find = async (text: string) => (await client.query(search, { run, text })) as string[];
    return find;
  };

  test("splits at punctuation and ignores case", async () => {
    const find = await seed({
      code: "Call foo.bar(baz) then QUUX-corge;",
      prose: "Hello, World! Nothing else here.",
    });
    expect(await find("bar")).toEqual(["code"]);
    expect(await find("BAZ")).toEqual(["code"]);
    expect(await find("corge")).toEqual(["code"]);
    expect(await find("world")).toEqual(["prose"]);
    expect(await find("hello,")).toEqual(["prose"]);
  });

  test("only the last term matches as a prefix", async () => {
    const find = await seed({ rabbit: "the rabbit sleeps", hole: "a deep hole" });
    expect(await find("rab")).toEqual(["rabbit"]);
    expect(await find("rab hole")).toEqual(["hole"]);
    expect((await find("hole rab")).sort()).toEqual(["hole", "rabbit"]);
    expect(await find("abbit")).toEqual([]);
  });

  test("ranks by relevance, newest first among equal scores", async () => {
    const find = await seed({
      both: "quartz zebra",
      once: "a long text about many things where a zebra appears once among other words",
      twice: "zebra zebra",
      sameA: "gearbox",
      sameB: "gearbox",
    });
    const zebra = await find("quartz zebra");
    expect(zebra[0]).toBe("both");
    expect(zebra.indexOf("twice")).toBeLessThan(zebra.indexOf("once"));
    expect(await find("gearbox")).toEqual(["sameB", "sameA"]);
  });

  test("a query keeps its first 16 terms; terms of 32 bytes or more are not indexed", async () => {
    const long = "a".repeat(40);
    const find = await seed({ target: `needle ${long}` });
    const filler = Array.from({ length: 16 }, (_, i) => `filler${i}`).join(" ");
    expect(await find(`${filler} needle`)).toEqual([]);
    expect(await find(`needle ${filler}`)).toEqual(["target"]);
    expect(await find(long)).toEqual([]);
  });

  test("pages of a search follow the relevance order, each result once", async () => {
    const run = newRun();
    const client = target.client();
    const bodies = ["gear", "gear gear gear", "gear box", "gear gear", "a gear in a long sentence"];
    for (const [i, body] of bodies.entries()) {
      await client.mutation(add, { run, title: `t${i}`, body });
    }
    const all = (await client.query(search, { run, text: "gear" })) as string[];
    expect(all).toHaveLength(5);
    const paged: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 5; pages++) {
      const result = (await client.query(searchPage, {
        run,
        text: "gear",
        paginationOpts: { numItems: 2, cursor },
      })) as { page: string[]; isDone: boolean; continueCursor: string };
      paged.push(...result.page);
      if (result.isDone) break;
      cursor = result.continueCursor;
    }
    expect(paged).toEqual(all);
  });

  test("live queries see new matching documents", async () => {
    const run = newRun();
    const client = target.client();
    const seen: string[][] = [];
    const stop = client.onUpdate(search, { run, text: "gearbox" }, (titles) =>
      seen.push(titles as string[]),
    );
    await client.mutation(add, { run, title: "first", body: "the gearbox" });
    await expect.poll(() => seen.at(-1), { timeout: 10_000 }).toEqual(["first"]);
    stop();
  });
});
