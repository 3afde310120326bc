/** Which cited paths a course may publish, and how a file is split into stored parts. */
import { describe, expect, test } from "vitest";
import {
  citedSourcePaths,
  countLines,
  isPlainRepoPath,
  MAX_SOURCE_FILES,
  splitSourceText,
} from "../src/sources.ts";

describe("isPlainRepoPath", () => {
  test("accepts repository-relative paths", () => {
    expect(isPlainRepoPath("src/a.ts")).toBe(true);
    expect(isPlainRepoPath("README.md")).toBe(true);
    expect(isPlainRepoPath("a/.github/x.yml")).toBe(true);
  });
  test.each([
    "",
    "/etc/passwd",
    "../secret",
    "src/../../x",
    "./src/a.ts",
    "src//a.ts",
    "src/a.ts/",
    "https://example.com/a.ts",
    "file:a",
    "C:/x",
    "a\\b",
    "a\nb",
    "x".repeat(501),
  ])("refuses %j", (path) => {
    expect(isPlainRepoPath(path)).toBe(false);
  });
});

test("citedSourcePaths: distinct plain paths in order, bad ones dropped, capped", () => {
  const lessons = [
    {
      citations: [
        { path: "src/b.ts", startLine: 1, endLine: 2 },
        { path: "../x", startLine: 1, endLine: 1 },
      ],
    },
    {
      citations: [
        { path: "src/a.ts", startLine: 1, endLine: 1 },
        { path: "src/b.ts", startLine: 4, endLine: 9 },
      ],
    },
  ];
  expect(citedSourcePaths(lessons)).toEqual(["src/b.ts", "src/a.ts"]);
  const many = [
    {
      citations: Array.from({ length: MAX_SOURCE_FILES + 5 }, (_, i) => ({ path: `f${i}.ts` })),
    },
  ];
  expect(citedSourcePaths(many)).toHaveLength(MAX_SOURCE_FILES);
});

test("splitSourceText: parts rejoin to the text and never split a surrogate pair", () => {
  expect(splitSourceText("")).toEqual([""]);
  expect(splitSourceText("abcdefg", 3)).toEqual(["abc", "def", "g"]);
  const text = "ab😀cd😀";
  const parts = splitSourceText(text, 3);
  expect(parts.join("")).toBe(text);
  for (const p of parts) expect(p.length).toBeLessThanOrEqual(3);
  expect(parts.some((p) => /[\ud800-\udbff]$/.test(p))).toBe(false);
});

test("countLines: a final newline ends the last line", () => {
  expect(countLines("")).toBe(0);
  expect(countLines("a")).toBe(1);
  expect(countLines("a\n")).toBe(1);
  expect(countLines("a\nb")).toBe(2);
  expect(countLines("a\n\n")).toBe(2);
});
