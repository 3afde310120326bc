import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadCourse, splitMarkdown } from "../src/course/loadCourse.ts";
import type { JobFailure } from "../src/jobFailure.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const usage = {
  inputTokens: 1,
  outputTokens: 2,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0,
  costUsd: 0.01,
};
const lesson = (kind: "chapter" | "tutorial", slug: string, file: string) => ({
  kind,
  slug,
  title: `About ${slug}`,
  file,
  citations: [{ path: "src/a.ts", startLine: 1, endLine: 3 }],
  prev: null,
  next: null,
});

function writeCourse(files: Record<string, string>, manifest: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "course-"));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  writeFileSync(
    join(dir, "course.json"),
    JSON.stringify({
      schemaVersion: 1,
      title: "T",
      summary: "S",
      repository: { name: "r" },
      language: "en",
      model: null,
      generatedAt: "2026-01-01T00:00:00Z",
      abstractions: [],
      relationships: [],
      chapters: [lesson("chapter", "one", "chapters/one.md")],
      tutorials: [lesson("tutorial", "try", "tutorials/try.md")],
      usage,
      ...manifest,
    }),
  );
  return dir;
}

async function failure(promise: Promise<unknown>): Promise<JobFailure> {
  try {
    await promise;
  } catch (e) {
    return e as JobFailure;
  }
  throw new Error("expected failure");
}

describe("splitMarkdown", () => {
  it("keeps short text whole and empty text as one part", () => {
    expect(splitMarkdown("abc", 10)).toEqual(["abc"]);
    expect(splitMarkdown("", 10)).toEqual([""]);
  });

  it("splits at line breaks under the limit and joins back exactly", () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i} ${"x".repeat(i % 17)}`).join(
      "\n",
    );
    const parts = splitMarkdown(text, 120);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(120);
    for (const p of parts.slice(0, -1)) expect(p.endsWith("\n")).toBe(true);
    expect(parts.join("")).toBe(text);
  });

  it("cuts a long line without breaking a surrogate pair", () => {
    const text = "😀".repeat(50); // 100 UTF-16 units, no newline
    const parts = splitMarkdown(text, 7);
    expect(parts.join("")).toBe(text);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(7);
      expect(p).toBe(Array.from(p).join("")); // no lone surrogate
      expect(/[\ud800-\udbff]$/.test(p)).toBe(false);
    }
  });
});

describe("loadCourse", () => {
  it("loads chapters then tutorials, split into parts", async () => {
    const long = "para\n".repeat(100);
    const dir = writeCourse({ "chapters/one.md": long, "tutorials/try.md": "# Try\n" });
    const course = await loadCourse(dir, { maxBytes: 1_000_000, maxPartChars: 100 });
    expect(course.lessons.map((l) => [l.kind, l.slug])).toEqual([
      ["chapter", "one"],
      ["tutorial", "try"],
    ]);
    expect(course.lessons[0]?.parts.length).toBe(5);
    expect(course.lessons[0]?.parts.join("")).toBe(long);
    expect(course.lessons[1]?.parts).toEqual(["# Try\n"]);
    expect(course.manifest.usage).toEqual(usage);
    expect(course.bytes).toBeGreaterThan(500);
  });

  it("enforces the output size limit", async () => {
    const dir = writeCourse({ "chapters/one.md": "x".repeat(5_000), "tutorials/try.md": "y" });
    const e = await failure(loadCourse(dir, { maxBytes: 4_000 }));
    expect(e).toMatchObject({ code: "output_too_large", retryable: false });
  });

  it("rejects an invalid manifest with the reason", async () => {
    const dir = writeCourse(
      { "chapters/one.md": "a", "tutorials/try.md": "b" },
      { language: "klingon" },
    );
    const e = await failure(loadCourse(dir, { maxBytes: 1_000_000 }));
    expect(e).toMatchObject({ code: "analysis_failed" });
    expect(e.message).toMatch(/language/);
  });

  it("rejects a missing lesson file", async () => {
    const dir = writeCourse({ "chapters/one.md": "a" });
    const e = await failure(loadCourse(dir, { maxBytes: 1_000_000 }));
    expect(e.message).toMatch(/markdown of "try" is missing/);
  });

  it("refuses files outside the output folder", async () => {
    const dir = writeCourse(
      { "chapters/one.md": "a" },
      { tutorials: [lesson("tutorial", "try", "../../etc/passwd")] },
    );
    const e = await failure(loadCourse(dir, { maxBytes: 1_000_000 }));
    expect(e.message).toMatch(/outside the course folder/);
  });

  it("says when course.json is missing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "course-"));
    dirs.push(dir);
    const e = await failure(loadCourse(dir, { maxBytes: 1_000_000 }));
    expect(e.message).toMatch(/course manifest is missing/);
  });
});
