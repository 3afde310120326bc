/** The line diff that moves citations, the markdown rewrite, and lesson links after a refresh. */
import { describe, expect, it } from "vitest";
import { blobSha } from "../../src/update/blob.ts";
import { relink } from "../../src/update/links.ts";
import { lineMap, moveRange, rewriteCitations, splitLines } from "../../src/update/move.ts";

describe("moving citations", () => {
  const before = "a\nb\nfunction f() {\n  return 1;\n}\nz\n";
  const after = "new\na\nb\nfunction f() {\n  return 1;\n}\nz\n";
  const c = { path: "src/f.ts", startLine: 3, endLine: 5 };

  it("follows lines the diff keeps, and refuses a range whose text changed", () => {
    const moved = moveRange(c, splitLines(before), splitLines(after), lineMap(before, after));
    expect(moved).toEqual({ path: "src/f.ts", startLine: 4, endLine: 6 });
    const edited = after.replace("return 1", "return 2");
    expect(moveRange(c, splitLines(before), splitLines(edited), lineMap(before, edited))).toBe(
      undefined,
    );
  });

  it("rewrites inline and fence citations, and follows a rename in inline code", () => {
    const md =
      "See `src/f.ts:3-5` and `src/f.ts:3`.\n\n```ts src/f.ts:3-5\ncode\n```\nAlso `src/old.ts` and `src/old.ts:2-3`; not xsrc/f.ts:3-5.";
    const moves = new Map([
      ["src/f.ts:3-5", { path: "src/f.ts", startLine: 4, endLine: 6 }],
      ["src/f.ts:3-3", { path: "src/f.ts", startLine: 4, endLine: 4 }],
      ["src/old.ts:2-3", { path: "src/new.ts", startLine: 2, endLine: 3 }],
    ]);
    expect(rewriteCitations(md, moves, new Map([["src/old.ts", "src/new.ts"]]))).toBe(
      "See `src/f.ts:4-6` and `src/f.ts:4`.\n\n```ts src/f.ts:4-6\ncode\n```\nAlso `src/new.ts` and `src/new.ts:2-3`; not xsrc/f.ts:3-5.",
    );
  });

  it("points lesson links at the new files and unlinks removed lessons", () => {
    const md = "Read [Core](../chapters/03-core.md#top) then [Gone](../chapters/04-gone.md).";
    expect(relink(md, new Map([["core", "chapters/02-core.md"]]))).toBe(
      "Read [Core](../chapters/02-core.md#top) then Gone.",
    );
  });

  it("computes git's blob id", () => {
    // `printf 'hello\\n' | git hash-object --stdin`
    expect(blobSha("hello\n")).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
  });
});
