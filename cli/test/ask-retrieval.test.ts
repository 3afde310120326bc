import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONTEXT_LIMITS, pickContext } from "../src/ask/context.ts";
import { openCourse } from "../src/ask/open.ts";
import { SafeFolder, UnsafePathError } from "../src/ask/source.ts";
import { identifierParts, queryTerms } from "../src/ask/terms.ts";
import { ASK_REPO, writeAskCourse } from "./helpers/ask-course.ts";
import { fixtureTrees } from "./helpers/tree.ts";

const tree = fixtureTrees();

async function opened(options: { stale?: boolean } = {}) {
  const repo = tree(ASK_REPO);
  const course = tree({});
  writeAskCourse(course, options);
  return { repo, course, o: await openCourse(course, { repo }) };
}

describe("terms", () => {
  it("splits identifiers and folds the endings questions add", () => {
    expect(identifierParts("parseHTTPRequest_v2")).toEqual(["parse", "HTTP", "Request", "v2"]);
    expect(queryTerms("Where are tokens refreshed?")).toEqual(["token", "refresh"]);
    expect(queryTerms("refreshToken")).toEqual(["refreshtoken", "refresh", "token"]);
  });
});

describe("ranking", () => {
  it("puts the declaration a question is about first, across languages", async () => {
    const { o } = await opened();
    const first = o.index.search("where is the token refreshed?", 5)[0]?.passage;
    expect(first).toMatchObject({ kind: "declaration", name: "refreshToken" });
    const py = o.index.search("how does the cache evict old entries", 5)[0]?.passage;
    expect(py).toMatchObject({ kind: "declaration", name: "LruCache.evict_oldest" });
  });

  it("looks for two question words joined when a name writes them as one", async () => {
    const { o } = await opened();
    expect(o.index.search("which file name", 3)[0]?.passage).toMatchObject({ name: "filename_of" });
  });

  it("finds nothing for a question with no word of the repository", async () => {
    const { o } = await opened();
    expect(o.index.search("what is the weather in Lisbon", 5)).toEqual([]);
  });
});

describe("context", () => {
  it("quotes the ranked lines with their citation and drops a stale lesson range", async () => {
    const { o } = await opened({ stale: true });
    const ctx = await pickContext(
      "old helper session token refreshed",
      o.index,
      o.map,
      o.repository,
    );
    const refresh = ctx.excerpts.find((e) => e.name === "refreshToken");
    expect(refresh?.citation).toEqual({ path: "src/auth/session.ts", startLine: 5, endLine: 9 });
    expect(refresh?.lines[0]).toContain("export async function refreshToken");
    expect(ctx.dropped.map((d) => d.citation)).toContain("src/auth/session.ts:40-60");
    expect(ctx.excerpts.every((e) => e.citation.endLine <= 14)).toBe(true);
  });

  it("brings along what a thin wrapper calls in its file", async () => {
    const { o } = await opened();
    const ctx = await pickContext("trim", o.index, o.map, o.repository);
    expect(ctx.excerpts.slice(0, 2).map((e) => e.name)).toEqual([
      "LruCache.trim",
      "LruCache.evict_oldest",
    ]);
  });

  it("stays within its character budget, cutting the last excerpt", async () => {
    const { o } = await opened();
    const limits = { ...DEFAULT_CONTEXT_LIMITS, maxChars: 220 };
    const ctx = await pickContext(
      "session token refresh expired",
      o.index,
      o.map,
      o.repository,
      limits,
    );
    expect(ctx.chars).toBeLessThanOrEqual(220);
    expect(ctx.excerpts.length).toBeGreaterThan(0);
    for (const e of ctx.excerpts)
      expect(e.lines.length).toBe(e.citation.endLine - e.citation.startLine + 1);
  });
});

describe("SafeFolder", () => {
  it("refuses paths outside the folder, symlinks, and files over the size cap", async () => {
    const outside = mkdtempSync(join(tmpdir(), "fondation-outside-"));
    writeFileSync(join(outside, "secret.txt"), "secret");
    const root = tree({ "a.txt": "hello\n", "big.txt": "x".repeat(100) });
    symlinkSync(join(outside, "secret.txt"), join(root, "link.txt"));
    symlinkSync(outside, join(root, "dir"));
    const safe = new SafeFolder(root);
    expect(await safe.readText("a.txt")).toBe("hello\n");
    for (const bad of ["../x", "/etc/passwd", "link.txt", "dir/secret.txt"])
      await expect(safe.readText(bad), bad).rejects.toBeInstanceOf(UnsafePathError);
    await expect(safe.readText("big.txt", 50)).rejects.toThrow(/larger than 50 bytes/);
  });
});
