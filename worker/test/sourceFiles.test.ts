/**
 * Reading the cited files from a clone (hostile content: links out, binaries, oversize,
 * `..` paths, `.git`) and uploading them in batches through the backend.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_SOURCE_PART_CHARS } from "@fondation/shared";
import { afterEach, describe, expect, test } from "vitest";
import { readSourceFiles, SOURCE_LIMITS, uploadSourceFiles } from "../src/course/sourceFiles.ts";
import { MemoryQueue } from "./support/memoryBackend.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A clone folder with `files` written in it, beside a secret file outside it. */
function clone(files: Record<string, string | Buffer>): { root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), "sources-"));
  dirs.push(base);
  const root = join(base, "repo");
  const outside = join(base, "secret.txt");
  writeFileSync(outside, "TOP SECRET\n");
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  mkdirSync(root, { recursive: true });
  return { root, outside };
}

describe("readSourceFiles", () => {
  test("reads cited text files with their size and lines", async () => {
    const { root } = clone({ "src/a.ts": "one\ntwo\nthree\n", "README.md": "héllo" });
    const { files, skipped } = await readSourceFiles(root, ["src/a.ts", "README.md"]);
    expect(files).toEqual([
      { path: "src/a.ts", size: 14, lines: 3, text: "one\ntwo\nthree\n" },
      { path: "README.md", size: 6, lines: 1, text: "héllo" },
    ]);
    expect(skipped).toEqual([]);
  });

  test("never reads outside the clone: symlinks out, .. paths, absolute paths, .git", async () => {
    const { root, outside } = clone({ "src/ok.ts": "ok\n", ".git/config": "[remote]\n" });
    symlinkSync(outside, join(root, "src/leak.ts"));
    symlinkSync(join(root, ".."), join(root, "up"));
    symlinkSync("ok.ts", join(root, "src/inside.ts")); // a link that stays inside is fine
    const { files, skipped } = await readSourceFiles(root, [
      "src/leak.ts",
      "up/secret.txt",
      "../secret.txt",
      outside,
      ".git/config",
      "src/inside.ts",
    ]);
    expect(files.map((f) => [f.path, f.text])).toEqual([["src/inside.ts", "ok\n"]]);
    expect(skipped).toEqual([
      { path: "src/leak.ts", reason: "outside" },
      { path: "up/secret.txt", reason: "outside" },
      { path: "../secret.txt", reason: "invalid_path" },
      { path: outside, reason: "invalid_path" },
      { path: ".git/config", reason: "invalid_path" },
    ]);
    expect(JSON.stringify(files)).not.toContain("TOP SECRET");
  });

  test("skips binaries, invalid UTF-8, oversize files, folders and missing files", async () => {
    const { root } = clone({
      "img.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
      "latin1.txt": Buffer.from([0x63, 0x61, 0x66, 0xe9]),
      "big.txt": "x".repeat(SOURCE_LIMITS.maxFileBytes + 1),
      "dir/inner.ts": "x",
      "fits.txt": "x".repeat(SOURCE_LIMITS.maxFileBytes),
    });
    const { files, skipped } = await readSourceFiles(root, [
      "img.png",
      "latin1.txt",
      "big.txt",
      "dir",
      "nope.ts",
      "fits.txt",
    ]);
    expect(files.map((f) => [f.path, f.size])).toEqual([["fits.txt", SOURCE_LIMITS.maxFileBytes]]);
    expect(skipped.map((s) => s.reason)).toEqual([
      "binary",
      "binary",
      "too_large",
      "not_file",
      "missing",
    ]);
  });

  test("stops at the course's caps on files and bytes", async () => {
    const { root } = clone({ "a.ts": "aaaa", "b.ts": "bbbb", "c.ts": "cc", "d.ts": "d" });
    const limits = { maxFileBytes: 100, maxFiles: 3, maxCourseBytes: 7 };
    const { files, skipped } = await readSourceFiles(
      root,
      ["a.ts", "b.ts", "c.ts", "d.ts"],
      limits,
    );
    expect(files.map((f) => f.path)).toEqual(["a.ts", "c.ts", "d.ts"]);
    expect(skipped).toEqual([{ path: "b.ts", reason: "course_full" }]);
    const capped = await readSourceFiles(root, ["d.ts", "c.ts", "a.ts", "b.ts"], {
      ...limits,
      maxCourseBytes: 100,
      maxFiles: 2,
    });
    expect(capped.files.map((f) => f.path)).toEqual(["d.ts", "c.ts"]);
    expect(capped.skipped.map((s) => s.reason)).toEqual(["course_full", "course_full"]);
  });
});

describe("uploadSourceFiles", () => {
  async function publishing() {
    const queue = new MemoryQueue();
    queue.add({ url: "file:///repo" });
    const backend = queue.backend("w1");
    const job = [...queue.jobs.values()][0];
    if (!job) throw new Error("no job");
    const claimed = await backend.claim(job.jobId, 60_000);
    if (!claimed || "notDue" in claimed) throw new Error("not claimed");
    const fence = { jobId: claimed.jobId, attempt: claimed.attempt };
    const begun = await backend.beginPublish(fence, {
      course: {
        title: "t",
        summary: "",
        language: "en",
        model: null,
        abstractions: [],
        relationships: [],
      },
      lessons: [
        {
          kind: "chapter",
          slug: "a",
          title: "A",
          citations: [],
          prev: null,
          next: null,
          partCount: 1,
        },
      ],
    });
    if (!begun.ok) throw new Error("not begun");
    return { queue, backend, fence, courseId: begun.courseId, job };
  }

  test("splits large files into parts and sends them in bounded batches", async () => {
    const { queue, backend, fence, courseId } = await publishing();
    const big = `${"a".repeat(MAX_SOURCE_PART_CHARS)}${"b".repeat(MAX_SOURCE_PART_CHARS)}c`;
    const files = [
      { path: "big.ts", size: big.length, lines: 1, text: big },
      ...Array.from({ length: 5 }, (_, i) => ({
        path: `f${i}.ts`,
        size: 2,
        lines: 1,
        text: "x\n",
      })),
      { path: "big2.ts", size: big.length, lines: 1, text: big },
      { path: "big3.ts", size: big.length, lines: 1, text: big },
      { path: "empty.ts", size: 0, lines: 0, text: "" },
    ];
    const sent: number[] = [];
    const counting = {
      ...backend,
      addSourceParts: (f: typeof fence, args: Parameters<typeof backend.addSourceParts>[1]) => {
        sent.push(args.parts.reduce((n, p) => n + p.text.length, 0));
        return backend.addSourceParts(f, args);
      },
    };
    const { calls } = await uploadSourceFiles(counting, fence, courseId, files);
    const stored = queue.courses.get(courseId)?.files;
    expect(stored?.get("big.ts")?.parts.join("")).toBe(big);
    expect(stored?.get("big.ts")?.parts).toHaveLength(3);
    expect(stored?.get("big2.ts")?.parts.join("")).toBe(big);
    expect(stored?.get("empty.ts")?.parts).toEqual([""]);
    expect(stored?.get("big3.ts")?.parts.join("")).toBe(big);
    expect(stored?.size).toBe(9);
    // 1.2 million characters cannot go in one call of at most 1,000,000.
    expect(calls).toBe(2);
    expect(sent).toHaveLength(2);
    for (const chars of sent) expect(chars).toBeLessThanOrEqual(1_000_000);
    for (const call of queue.calls.filter((c) => c.fn === "addSourceParts")) {
      expect(call.refused).toBeFalsy();
    }
  });

  test("a lost lease stops the upload with LeaseLostError", async () => {
    const { backend, fence, courseId, job } = await publishing();
    job.attempt += 1; // another attempt took the job
    await expect(
      uploadSourceFiles(backend, fence, courseId, [{ path: "a.ts", size: 1, lines: 1, text: "a" }]),
    ).rejects.toMatchObject({ name: "LeaseLostError" });
  });
});
