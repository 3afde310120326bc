/** Budgets sized per model (tuning.ts) and files packed whole when they fit (filepack.ts). */
import { findModel, MODELS } from "@fondation/shared/core";
import { describe, expect, it } from "vitest";
import { buildCodeMap } from "../src/codemap/index.ts";
import { estimateTokens } from "../src/llm/index.ts";
import { packFiles } from "../src/pipeline/filepack.ts";
import {
  COURSE_INPUT_USD,
  DEFAULT_TUNING,
  fullCourseInputUsd,
  tuningFor,
} from "../src/pipeline/tuning.ts";
import { fixtureTrees } from "./helpers/tree.ts";

const tree = fixtureTrees();
const BUDGETS = [
  "mapTokens",
  "overviewTokens",
  "chapterFileTokens",
  "reviewSourceTokens",
  "tutorialFileTokens",
] as const;

describe("tuningFor", () => {
  it("gives a 1M-token model a larger overview than a 200k one", () => {
    const big = tuningFor({
      contextWindow: 1_000_000,
      price: { inputPerMTok: 1, outputPerMTok: 5, cacheWritePerMTok: 1.25, cacheReadPerMTok: 0.1 },
    });
    const small = tuningFor({
      contextWindow: 200_000,
      price: { inputPerMTok: 1, outputPerMTok: 5, cacheWritePerMTok: 1.25, cacheReadPerMTok: 0.1 },
    });
    expect(big.overviewTokens).toBeGreaterThan(small.overviewTokens);
    expect(big.chapterFileTokens).toBeGreaterThan(small.chapterFileTokens);
    // The default model sees far more than the fixed defaults did.
    expect(tuningFor("claude-sonnet-5-5").overviewTokens).toBeGreaterThanOrEqual(100_000);
  });

  it("is capped by the cost ceiling: a dearer model with the same window gets less", () => {
    const price = (input: number) => ({
      inputPerMTok: input,
      outputPerMTok: input * 5,
      cacheWritePerMTok: input * 1.25,
      cacheReadPerMTok: input / 10,
    });
    const cheap = tuningFor({ contextWindow: 1_000_000, price: price(2) });
    const dear = tuningFor({ contextWindow: 1_000_000, price: price(4) });
    expect(dear.overviewTokens).toBeLessThan(cheap.overviewTokens);
    // A very cheap model is held by its context window, not by the cap.
    const free = tuningFor({ contextWindow: 1_000_000, price: price(0.01) });
    expect(free.overviewTokens).toBeLessThanOrEqual(500_000);
  });

  it("keeps every model of the table under the cap and inside half its window", () => {
    for (const model of MODELS) {
      const t = tuningFor(model.id);
      for (const key of BUDGETS) expect(t[key]).toBeGreaterThanOrEqual(DEFAULT_TUNING[key]);
      expect(fullCourseInputUsd(t, model)).toBeLessThanOrEqual(COURSE_INPUT_USD * 1.02);
      const largest = t.mapTokens + t.overviewTokens + 30_000;
      expect(largest).toBeLessThanOrEqual(model.contextWindow / 2);
    }
  });

  it("falls back to the defaults for a model the table lacks", () => {
    expect(tuningFor("some-future-model")).toEqual(DEFAULT_TUNING);
  });
});

describe("packFiles", () => {
  const bigGo = [
    "package lib",
    "",
    ...Array.from({ length: 2_000 }, (_, i) => `func F${i}(x int) int { return x + ${i} } // f`),
  ].join("\n");

  it("sends a 2,000-line central file whole when the budget allows", async () => {
    const root = tree({ "go.mod": "module example.com/lib\n", "command.go": bigGo });
    const { map, reader } = await buildCodeMap(root);
    const budget = tuningFor(findModel("claude-sonnet-5-5") ?? "").overviewTokens;
    const packed = await packFiles(map, reader, {
      paths: [{ path: "command.go", priority: 1 }],
      budgetTokens: budget,
    });
    expect(packed.truncated).toEqual([]);
    expect(packed.text).toContain('lines="1-2002" total="2002"');
    expect(packed.text).not.toContain("more lines not shown");
  });

  it("cuts it at a line, with an honest range, under the small default budget", async () => {
    const root = tree({ "go.mod": "module example.com/lib\n", "command.go": bigGo });
    const { map, reader } = await buildCodeMap(root);
    const packed = await packFiles(map, reader, {
      paths: [{ path: "command.go", priority: 1 }],
      budgetTokens: DEFAULT_TUNING.overviewTokens,
    });
    expect(packed.truncated).toEqual(["command.go"]);
    const end = Number(/lines="1-(\d+)"/.exec(packed.text)?.[1]);
    expect(end).toBeGreaterThan(400);
    expect(end).toBeLessThan(2002);
    expect(packed.text).toContain(`${end}| func F${end - 3}(`);
    expect(packed.text).not.toContain(`${end + 1}| `);
    expect(estimateTokens(packed.text)).toBeLessThanOrEqual(DEFAULT_TUNING.overviewTokens);
  });
});
