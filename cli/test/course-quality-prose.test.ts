/**
 * The course-quality harness's prose detector (bench/course-quality/prose.ts): rules (e)
 * and (f) read prose only, so code in fences at any indentation and in indented blocks
 * must be masked, and prose — including list items and their continuation lines — kept.
 */
import { describe, expect, it } from "vitest";
import { maskCodeBlocks } from "../../bench/course-quality/prose.ts";

const kept = (md: string) =>
  maskCodeBlocks(md)
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => l.trim());

describe("course-quality prose detector", () => {
  it("masks a fence indented under a numbered step", () => {
    const md = [
      "1. Read the entry point:",
      "",
      "   ```rust",
      "   //! [reference](index.html)",
      "   // Copyright 2020 Someone",
      "   ```",
      "",
      "2. Then run it.",
    ].join("\n");
    expect(kept(md)).toEqual(["1. Read the entry point:", "2. Then run it."]);
    expect(maskCodeBlocks(md).split("\n")).toHaveLength(8);
  });

  it("masks tilde fences, longer fences and a fence holding a shorter one", () => {
    const md = ["~~~", "<div>", "~~~", "````md", "```", "[x](y.md)", "```", "````", "after"].join(
      "\n",
    );
    expect(kept(md)).toEqual(["after"]);
  });

  it("masks an indented code block after a blank line, at the top and inside a list", () => {
    const top = ["Text.", "", "    [a](docs/a.md)", "", "More."].join("\n");
    expect(kept(top)).toEqual(["Text.", "More."]);
    const inList = ["- item", "", "      <b>code</b>", "", "  still the item"].join("\n");
    expect(kept(inList)).toEqual(["- item", "still the item"]);
  });

  it("keeps list continuation lines and lazy paragraph lines as prose", () => {
    const md = ["- item", "  continued [a](b.md)", "Para", "    lazy continuation"].join("\n");
    expect(kept(md)).toEqual(["- item", "continued [a](b.md)", "Para", "lazy continuation"]);
    // Text under a list item, at its content column after a blank line, is prose too.
    const nested = ["1. step", "", "   explained <b>here</b>"].join("\n");
    expect(kept(nested)).toEqual(["1. step", "explained <b>here</b>"]);
  });

  it("does not take an inline code span that opens a line for a fence", () => {
    expect(kept("```a``` is inline, [x](y.md)")).toEqual(["```a``` is inline, [x](y.md)"]);
  });
});
